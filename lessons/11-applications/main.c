/* Lesson 11 — applications: anomaly detection, and pretraining with few labels.
 *
 * Two uses of an autoencoder that is not asked to compress (Kyrkou, ML Lecture 10,
 * "Autoencoder Tasks"; the MLP course, "Autoencoders – Pretraining"):
 *  1. Anomaly detection. An AE 784-128-k-128-784 is trained on Fashion-MNIST
 *     without one class (--holdout); every test image is scored by its
 *     reconstruction error ||x - x_hat||^2, and the ROC curve and its area say
 *     how well that score picks out the class the AE never saw. PCA-k's
 *     reconstruction error is the baseline. ROC and AUC are exercises 11.1, 11.2.
 *  2. Pretraining. An AE trained on all training images without their labels
 *     gives an encoder; a softmax head on it is trained with n = 10, 100, 1000,
 *     10000 labelled images (balanced over the classes, several seeded draws),
 *     with the encoder frozen or fine-tuned, against the same network from a
 *     random start. The head's backward pass is exercise 11.3, checked by finite
 *     differences before anything is trained.  BOOK.md chapter 11.
 *
 * `make lesson11 ARGS=--help` gives the options, the run time and the files it writes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_statistics_double.h>

#include "autoenc.h"
#include "batch.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "gradcheck.h"
#include "loss.h"
#include "net.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

#include "anomaly.h"
#include "fewlabels.h"
#include "figures.h"
#include "model.h"

enum { QUICK_TRAIN = 10000, QUICK_TEST = 2000, QUICK_DRAWS = 1 };
static const size_t NLABELS[] = {10, 100, 1000, 10000};   /* labelled training images */
enum { NN = sizeof NLABELS / sizeof *NLABELS, QUICK_NN = 2 };
enum { CLF_STEPS = 300, QUICK_CLF_STEPS = 150 };   /* Adam steps per classifier, whatever n */
enum { ROW_BYTES = 80000 };   /* memory per row of --batch (measured 74 KB): two AEs, two encoders, buffers */

/* BOOK: autoenc_train */
/* `epochs` passes of Adam over sub on the BCE of x_hat = sigmoid(dec(enc(x))), cosine-decayed
 * step; curve[e] = mean training BCE per pixel in epoch e. */
static void train_autoencoder(ae_autoenc *m, const ae_cli *c, const subset *sub, const char *what, double *curve)
{
    ae_optim *opt = ae_optim_alloc(AE_ADAM, c->lr);
    ae_autoenc_add_params(m, opt);
    const size_t D = sub->ds->dim;
    gsl_matrix *X = gsl_matrix_alloc(c->batch, D), *dA = gsl_matrix_alloc(c->batch, D);
    size_t *map = malloc(c->batch * sizeof *map);
    AE_ASSERT(map);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(sub->n, c->batch);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        opt->lr = c->lr * 0.5 * (1.0 + cos(M_PI * (epoch - 1) / c->epochs));   /* cosine decay */
        ae_batcher_epoch(batches, shuffle);
        const size_t *pos;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &pos)) > 0; k++) {
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D), dAb = gsl_matrix_submatrix(dA, 0, 0, rows, D);
            subset_fill(&Xb.matrix, NULL, sub, pos, rows, map);
            ae_optim_zero_grad(opt);
            const gsl_matrix *A = ae_autoenc_forward(m, &Xb.matrix);        /* logits a = dec(enc(x)) */
            double loss = ae_loss_bce_logits(&dAb.matrix, A, &Xb.matrix);   /* dL/da = (sigmoid(a) - x) / B */
            ae_check_loss(c, &watch, loss, epoch, k + 1);
            ae_autoenc_backward(m, &dAb.matrix);                            /* decoder, then encoder: mirror order */
            ae_optim_step(opt);
            sum += loss * (double)rows;
        }
        curve[epoch - 1] = sum / (double)(sub->n * D);
        ae_progress(c, "%s, epoch %d/%d: training BCE per pixel %.4f", what, epoch, c->epochs, curve[epoch - 1]);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
    ae_optim_free(opt);
    free(map);
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
}
/* END BOOK */

int main(int argc, char **argv)
{
    size_t holdout = 8, ndraws = 3;
    ae_cli_extra extra[] = {
        {.name = "holdout", .kind = AE_X_SIZE, .value = &holdout, .lo = 0, .hi = 9,
         .help = "the class the anomaly detector never sees"},
        {.name = "draws", .kind = AE_X_SIZE, .value = &ndraws, .lo = 1, .hi = MAX_DRAWS, .quick = QUICK_DRAWS,
         .help = "labelled subsets drawn for each n below 10000"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson11",
        .title = "applications: anomaly detection by reconstruction error, pretraining with few labels",
        .about = "1. Trains an AE 784-128-k-128-784 without the --holdout class and scores the test\n"
                 "   images by reconstruction error: ROC and AUC, against PCA-k.\n"
                 "2. Trains an AE on all training images (no labels), then a softmax head on its\n"
                 "   encoder with n = 10 100 1000 10000 labelled images (frozen or fine-tuned),\n"
                 "   against the same network from a random start.\n"
                 "--quick also: 10,000 training and 2,000 test images, n = 10 and 100, 150 steps.\n"
                 "BOOK.md chapter 11.\n"
                 "Default run: about 15 s with its figures.\n"
                 "Writes: auc.dat, roc_ae.dat, roc_pca.dat, classes.dat, class_error.dat, hist_normal.dat, "
                 "hist_heldout.dat, extremes_most.dat, extremes_least.dat, extremes_labels.dat, fewlabels.dat, "
                 "fewlabels_draws.dat, loss.dat.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_LATENT | AE_FLAG_DATA |
                AE_FLAG_DATA_DIR | AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 3, .quick_epochs = 1, .batch = 128, .lr = 2e-3, .seed = 42, .latent = 32, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/11-applications", .extra = extra,
    };
    ae_cli_parse(&c, argc, argv);
    if (c.latent > HIDDEN)
        ae_die(c.prog, "--latent: %zu is more than the %d hidden units before the code", c.latent, HIDDEN);
    const size_t k = c.latent;

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (c.quick && train_set.n > QUICK_TRAIN)
        ae_dataset_truncate(&train_set, QUICK_TRAIN);
    if (c.quick && test.n > QUICK_TEST)
        ae_dataset_truncate(&test, QUICK_TEST);
    AE_ASSERT(train_set.classes <= MAX_CLASSES);
    const size_t D = train_set.dim;
    gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
    double *curve = calloc(2 * (size_t)c.epochs, sizeof *curve);   /* both AEs' training BCE per epoch */
    AE_ASSERT(curve);
    const size_t max_rows = GSL_MAX(c.batch, EVAL_ROWS);

    /* -- part 1: anomaly detection, the held-out class against the rest -- */
    subset normal = subset_except(&train_set, holdout);
    ae_check_batch(&c, normal.n, "training images outside the --holdout class", ROW_BYTES);
    ae_progress(&c, "anomaly detection: %zu training images without class %zu (%s)", normal.n, holdout,
                ae_class_name(&train_set, holdout));
    ae_autoenc *det = autoenc_alloc(D, k, max_rows, init);
    train_autoencoder(det, &c, &normal, "AE without the held-out class", curve);
    anomaly a = anomaly_detect(&c, det, &normal, &test, holdout);   /* scores (11.1) of AE and PCA-k, AUCs */

    /* -- part 2: pretraining, then few labels -- */
    subset all = subset_all(&train_set);
    ae_autoenc *pre = autoenc_alloc(D, k, max_rows, init);
    train_autoencoder(pre, &c, &all, "AE on all training images (no labels)", curve + c.epochs);

    ae_net *tuned = encoder_alloc(D, k, max_rows), *scratch = encoder_alloc(D, k, max_rows);
    classifier clf[3] = {[FROZEN] = classifier_alloc(pre->enc, train_set.classes, 1),
                         [FINETUNED] = classifier_alloc(tuned, train_set.classes, 0),
                         [RANDOM] = classifier_alloc(scratch, train_set.classes, 0)};
    ae_net_init(scratch, init, 1.0);   /* checked from a random start, whatever --lr did to the AE */
    ae_dense_init(clf[RANDOM].head, init, 1.0);
    double err = classifier_gradient_check(&clf[RANDOM], &train_set);
    if (ae_gradcheck_gate(&c, "the classifier (head and encoder)", err, AE_GC_TOL_MODEL, "exercise 11.3",
                          "lessons/11-applications/exercises.c"))
        return 1;

    fewlabels_row res[NN];
    size_t nn = 0;   /* the n up to the training set's size (--quick: the first QUICK_NN) */
    for (size_t i = 0; i < (c.quick ? QUICK_NN : NN) && NLABELS[i] <= train_set.n; i++)
        res[nn++] = (fewlabels_row){.n = NLABELS[i], .draws = NLABELS[i] >= 10000 ? 1 : ndraws};
    few_labels(res, nn, clf, pre->enc, c.quick ? QUICK_CLF_STEPS : CLF_STEPS, &c, &train_set, &test, init);

    /* -- outputs -- */
    ae_check(c.prog, write_auc(&c, a.auc));
    ae_check(c.prog, write_roc(&c, "ae", "ROC of the AE's reconstruction error", a.s_ae, a.positive, test.n));
    ae_check(c.prog, write_roc(&c, "pca", "ROC of PCA's reconstruction error", a.s_pca, a.positive, test.n));
    ae_check(c.prog, write_classes(&c, &test));
    ae_check(c.prog, write_class_error(&c, a.s_ae, a.s_pca, &test));
    double top = hist_top(a.s_ae, test.n);
    ae_check(c.prog, write_hist(&c, NORMAL, a.s_ae, a.positive, test.n, top));
    ae_check(c.prog, write_hist(&c, HELDOUT, a.s_ae, a.positive, test.n, top));
    extremes e = extremes_find(det, a.s_ae, &test);
    ae_check(c.prog, write_extremes(&c, MOST, &e, &test));
    ae_check(c.prog, write_extremes(&c, LEAST, &e, &test));
    ae_check(c.prog, write_extremes_labels(&c, &e, a.s_ae, &test));
    ae_check(c.prog, write_fewlabels(&c, res, nn));
    ae_check(c.prog, write_fewlabels_draws(&c, res, nn));
    ae_check(c.prog, write_loss(&c, curve));

    printf("lesson11 applications: data %s holdout %zu auc_ae %.4f auc_pca %.4f", c.data, holdout, a.auc[1],
           a.auc[2]);
    for (size_t i = 0; i < nn; i++)
        printf(" n%zu %.3f/%.3f/%.3f", res[i].n, gsl_stats_mean(res[i].acc[0], 1, res[i].draws),
               gsl_stats_mean(res[i].acc[1], 1, res[i].draws), gsl_stats_mean(res[i].acc[2], 1, res[i].draws));
    printf(" (frozen/fine-tuned/random) gradcheck %.1e epochs %d time %.1fs\n", err, c.epochs, ae_seconds() - c.t0);

    for (size_t v = 0; v < 3; v++)
        classifier_free(&clf[v]);
    ae_net_free(tuned);
    ae_net_free(scratch);
    ae_autoenc_free(det);
    ae_autoenc_free(pre);
    anomaly_free(&a);
    extremes_free(&e);
    subset_free(&normal);
    subset_free(&all);
    free(curve);
    gsl_rng_free(init);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
