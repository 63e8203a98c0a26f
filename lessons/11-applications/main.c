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
 *     gives an encoder; a softmax head learns from n = 10 ... 10000 labelled images
 *     (balanced over the classes, 10 seeded draws for n <= 100) on its standardised
 *     code, frozen or fine-tuned, against the same network from a random start and
 *     logistic regression on the pixels. Every head trains until its accuracy on a
 *     labelled validation split stops rising. The head's backward pass is exercise
 *     11.3, checked by finite differences before anything is trained.
 *  2b. A pretext task (Kyrkou, "Self-Supervised Learning": "predict the rotation degree"):
 *     the same encoder with a 4-way softmax head learns by how many quarter turns an
 *     unlabelled image was turned (the index maps are exercise 11.4); its code then goes
 *     through part 2's protocol, frozen and fine-tuned, on the same labelled draws.
 *  3. Where pretraining mattered: lesson 02's deep sigmoid network, narrowed to
 *     784-200-100-50-30, with a softmax head, from a random start or pretrained greedily layer by layer
 *     (2.6, lib/pretrain.c), with 100 to 1000 labels.  BOOK.md chapter 11.
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
#include "pretrain.h"
#include "progress.h"
#include "rng.h"

#include "anomaly.h"
#include "fewlabels.h"
#include "figures.h"
#include "model.h"
#include "pretext.h"

enum { QUICK_TRAIN = 6000, QUICK_TEST = 2000, QUICK_DRAWS = 2 };
static const size_t NLABELS[] = {10, 100, 1000};   /* part 2: labelled training images */
static const size_t DEEP_NLABELS[] = {100, 300, 1000};     /* part 3 */
static const size_t DEEP_SIZES[] = {784, 200, 100, 50, 30};   /* lesson 02's 784-1000-500-250-30, narrower */   /* lesson 02's encoder */
enum { NN = sizeof NLABELS / sizeof *NLABELS, QUICK_NN = 2, DEEP_NN = sizeof DEEP_NLABELS / sizeof *DEEP_NLABELS,
       QUICK_DEEP_NN = 2, DEEP_LAYERS = sizeof DEEP_SIZES / sizeof *DEEP_SIZES - 1 };
enum { VAL_PER_CLASS = 50 };   /* the labelled validation split: 500 images */
enum { PRETEXT_ROUNDS = 4, PRETEXT_TEST = 2000 };   /* part 2b: passes at most, held-out images turned */
enum { ROW_BYTES = 80000 };   /* memory per row of --batch (measured 74 KB): two AEs, two encoders, buffers */
/* how the heads train (early stopping on the validation split): part 2, part 3 */
static const schedule LINEAR = {AE_ADAM, .lr = 1e-2, .batch = 50, .round_images = 500, .patience = 4, .max_rounds = 100};
static const schedule HEAD = {AE_ADAM, .lr = 2e-3, .batch = 50, .round_images = 500, .patience = 4, .max_rounds = 100};
static const schedule DEEP = {AE_MOMENTUM, .lr = 0.1, .batch = 50, .round_images = 1000, .patience = 4, .max_rounds = 100};
static const char *const NAMES[] = {"pixels", "frozen", "fine-tuned", "random", "rotation frozen", "rotation fine-tuned"};
static const char *const DEEP_NAMES[] = {"deep random", "deep pretrained"};
static const char *const KEYS[] = {"pixels", "frozen", "finetune", "random", "rot_frozen", "rot_finetune"},
                         *const DEEP_KEYS[] = {"random", "pretrained"};

/* draws for n labels: all of --draws up to 100, fewer above */
static size_t draws_for(size_t n, size_t ndraws)
{
    return n <= 100 ? ndraws : GSL_MAX(ndraws / 4, 1);
}

/* the row of res with n labels (the lesson always has n = 100) */
static const fewlabels_row *row_of(const fewlabels_row *res, size_t nn, size_t n)
{
    for (size_t i = 0; i < nn; i++)
        if (res[i].n == n)
            return &res[i];
    AE_ASSERT(0);
    return NULL;
}

int main(int argc, char **argv)
{
    size_t holdout = 8, ndraws = 10, pretext_images = 10000, deep_images = 10000, deep_epochs = 3, deep_test = 5000;
    ae_cli_extra extra[] = {
        {.name = "holdout", .kind = AE_X_SIZE, .value = &holdout, .lo = 0, .hi = 9,
         .help = "the class the anomaly detector never sees"},
        {.name = "draws", .kind = AE_X_SIZE, .value = &ndraws, .lo = 1, .hi = MAX_DRAWS, .quick = QUICK_DRAWS,
         .help = "labelled subsets drawn for each n up to 100 (half as many for 300 and 1000, a fifth for 10000)"},
        {.name = "pretext-images", .kind = AE_X_SIZE, .value = &pretext_images, .lo = 100, .hi = 59000, .quick = 3000,
         .help = "unlabelled images (each in four turns) for the rotation pretext task"},
        {.name = "deep-images", .kind = AE_X_SIZE, .value = &deep_images, .lo = 100, .hi = 60000, .quick = 6000,
         .help = "unlabelled images for the deep network's layer-wise pretraining"},
        {.name = "deep-epochs", .kind = AE_X_SIZE, .value = &deep_epochs, .lo = 1, .hi = 100,
         .help = "epochs per layer of that pretraining"},
        {.name = "deep-test", .kind = AE_X_SIZE, .value = &deep_test, .lo = 100, .hi = 10000, .quick = 1000,
         .help = "test images that score the deep network"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson11",
        .title = "applications: anomaly detection by reconstruction error, pretraining with few labels",
        .about = "1. Trains an AE 784-128-k-128-784 without the --holdout class and scores the test\n"
                 "   images by reconstruction error: ROC and AUC, against PCA-k.\n"
                 "2. Trains an AE on all training images (no labels), then a softmax head with\n"
                 "   n = 10 100 1000 10000 labelled images: on the pixels, on the encoder's standardised\n"
                 "   code (frozen or fine-tuned), and on the same network from a random start; each\n"
                 "   until its accuracy on 1,000 labelled validation images stops rising.\n"
                 "2b. A self-supervised pretext task: the same encoder with a 4-way head learns by how\n"
                 "   many quarter turns an unlabelled image was rotated; its code goes through part 2's\n"
                 "   few-label protocol (frozen, fine-tuned) on the same draws, on the second core.\n"
                 "3. The deep sigmoid network 784-1000-500-250-30 with a softmax head, random start\n"
                 "   against layer-wise pretraining, with n = 100 300 1000 labels.\n"
                 "--quick also: 6,000 training and 2,000 test images, n = 10 and 100 (deep: 100, 300), 2 draws,\n"
                 "the pretext task on 3,000 images.\n"
                 "BOOK.md chapter 11.\n"
                 "Default run: about 39 s with its figures.\n"
                 "Writes: auc.dat, roc_ae.dat, roc_pca.dat, classes.dat, class_error.dat, hist_normal.dat, "
                 "hist_heldout.dat, extremes_most.dat, extremes_least.dat, extremes_labels.dat, fewlabels.dat, "
                 "fewlabels_draws.dat, pretext.dat, turned.dat, deep.dat, deep_draws.dat, loss.dat.",
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
    deep_images = GSL_MIN(deep_images, train_set.n);
    deep_test = GSL_MIN(deep_test, test.n);
    const size_t D = train_set.dim, K = train_set.classes;
    gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT), *draw = ae_rng_alloc(c.seed, AE_RNG_DATA);
    double *curve = calloc(2 * (size_t)c.epochs + DEEP_LAYERS, sizeof *curve);   /* the AEs' training BCE */
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

    /* -- part 2: pretraining, then few labels -- */
    subset all = subset_all(&train_set);
    ae_autoenc *pre = autoenc_alloc(D, k, max_rows, init);
    train_autoencoder(pre, &c, &all, "AE on all training images (no labels)", curve + c.epochs);
    gsl_vector *mu = gsl_vector_alloc(k), *inv_sd = gsl_vector_alloc(k);
    code_moments(mu, inv_sd, pre->enc, &all);   /* (11.7) over the unlabelled images */

    ae_net *tuned = encoder_alloc(D, k, max_rows), *scratch = encoder_alloc(D, k, max_rows);
    classifier clf[6] = {[PIXELS] = classifier_alloc(NULL, D, K, 1), [FROZEN] = classifier_alloc(pre->enc, D, K, 1),
                         [FINETUNED] = classifier_alloc(tuned, D, K, 0), [RANDOM] = classifier_alloc(scratch, D, K, 0)};
    for (size_t v = FROZEN; v <= FINETUNED; v++) {
        clf[v].mu = mu;
        clf[v].inv_sd = inv_sd;
    }
    ae_net_copy(tuned, pre->enc);   /* checked with the standardised code, on the pretrained weights */
    ae_dense_init(clf[FINETUNED].head, init, 1.0);
    double err = classifier_gradient_check(&clf[FINETUNED], &train_set);
    if (ae_gradcheck_gate(&c, "the classifier (head, standardised code and encoder)", err, AE_GC_TOL_MODEL,
                          "exercise 11.3", "lessons/11-applications/exercises.c"))
        return 1;

    /* -- part 2b: a pretext task, the turn of unlabelled images (exercise 11.4) -- */
    if (rotation_gate(&c, train_set.rows))
        return 1;
    gsl_rng *rot_init = ae_rng_alloc(c.seed + 1, AE_RNG_INIT);   /* its own: part 2's numbers stay as they were */
    ae_net *rot = encoder_alloc(D, k, max_rows), *rot_tuned = encoder_alloc(D, k, max_rows);
    pretext_job pt = {rot, &c, &train_set, &test, pretext_images, PRETEXT_ROUNDS, GSL_MIN(test.n, PRETEXT_TEST),
                      rot_init, &all, gsl_vector_alloc(k), gsl_vector_alloc(k), .result = {.acc = 0}};   /* run beside part 2 */
    clf[ROT_FROZEN] = classifier_alloc(rot, D, K, 1);
    clf[ROT_FINETUNED] = classifier_alloc(rot_tuned, D, K, 0);
    for (size_t v = ROT_FROZEN; v <= ROT_FINETUNED; v++) {
        clf[v].mu = pt.mu;
        clf[v].inv_sd = pt.inv_sd;
    }
    /* -- few labels: part 2's four classifiers, and on the other core part 2b's pretext network and its two -- */
    label_pool pool = label_pool_alloc(&train_set, VAL_PER_CLASS, draw);   /* the validation split */
    gsl_rng *rot_draw = gsl_rng_clone(draw);   /* the same labelled draws for both: paired */
    fewlabels_row res[NN], rot_res[NN], deep_res[DEEP_NN];
    size_t nn = 0, deep_nn = 0;   /* the n that fit the training set (--quick: the first few) */
    for (size_t i = 0; i < (c.quick ? QUICK_NN : NN) && NLABELS[i] / K <= pool.count[0]; i++, nn++)
        res[nn] = rot_res[nn] = (fewlabels_row){.n = NLABELS[i], .draws = draws_for(NLABELS[i], ndraws)};
    const variant var[4] = {{&clf[PIXELS], NULL, &LINEAR}, {&clf[FROZEN], NULL, &LINEAR},
                            {&clf[FINETUNED], pre->enc, &HEAD}, {&clf[RANDOM], NULL, &HEAD}},
                  rot_var[2] = {{&clf[ROT_FROZEN], NULL, &LINEAR}, {&clf[ROT_FINETUNED], rot, &HEAD}};
    const fewlabels_job jobs[2] = {{res, nn, var, 4, init, draw, NAMES, NULL, NULL},
                                   {rot_res, nn, rot_var, 2, rot_init, rot_draw, NAMES + ROT_FROZEN, pretext_run, &pt}};
    few_labels_par(jobs, 2, &c, &pool, &test, test.n);
    fewlabels_join(res, rot_res, nn, ROT_FROZEN, 2);
    ae_check(c.prog, write_fewlabels(&c, "fewlabels", res, nn, KEYS, 6, FINETUNED, RANDOM));
    ae_check(c.prog, write_pretext(&c, &pt.result, test.classes));
    ae_check(c.prog, write_turned(&c, &test));

    /* -- part 3: the deep sigmoid network, random start against layer-wise pretraining -- */
    ae_net *deep_pre = deep_encoder_alloc(DEEP_LAYERS, DEEP_SIZES, max_rows),
           *deep = deep_encoder_alloc(DEEP_LAYERS, DEEP_SIZES, max_rows);
    ae_net_init(deep_pre, init, 1.0);
    /* BOOK: deep_pretrain */
    ae_dataset unlabelled = ae_dataset_view(&train_set, 0, deep_images);
    ae_pretrain_plan plan = {(int)deep_epochs, c.batch, c.lr, ae_pretrain_bce_step};
    ae_pretrain(deep_pre, NULL, &c, &unlabelled, &plan, init, curve + 2 * c.epochs);   /* (2.6), the encoder only */
    /* END BOOK */
    classifier deep_clf = classifier_alloc(deep, D, K, 0);
    for (size_t i = 0; i < (c.quick ? QUICK_DEEP_NN : DEEP_NN) && DEEP_NLABELS[i] / K <= pool.count[0]; i++)
        deep_res[deep_nn++] = (fewlabels_row){.n = DEEP_NLABELS[i], .draws = draws_for(DEEP_NLABELS[i], ndraws)};
    const variant deep_var[2] = {{&deep_clf, NULL, &DEEP}, {&deep_clf, deep_pre, &DEEP}};
    few_labels(deep_res, deep_nn, deep_var, 2, &c, &pool, &test, deep_test, init, draw, DEEP_NAMES);

    /* -- part 3's files (each part's are written as soon as it is done) -- */
    ae_check(c.prog, write_fewlabels(&c, "deep", deep_res, deep_nn, DEEP_KEYS, 2, DEEP_PRETRAINED, DEEP_RANDOM));
    ae_check(c.prog, write_loss(&c, curve));

    double gap, gap_err, deep_gap, deep_gap_err, rot_gap, rot_gap_err;   /* at n = 100, paired */
    const fewlabels_row *r100 = row_of(res, nn, 100), *d100 = row_of(deep_res, deep_nn, 100);
    gap_se(&gap, &gap_err, r100->acc[FINETUNED], r100->acc[RANDOM], r100->draws);   /* pretrained minus random */
    gap_se(&rot_gap, &rot_gap_err, r100->acc[ROT_FINETUNED], r100->acc[FINETUNED], r100->draws);   /* rotation minus AE */
    gap_se(&deep_gap, &deep_gap_err, d100->acc[DEEP_PRETRAINED], d100->acc[DEEP_RANDOM], d100->draws);
    printf("lesson11 applications: data %s holdout %zu auc_ae %.4f auc_pca %.4f", c.data, holdout, a.auc[1],
           a.auc[2]);
    for (size_t i = 0; i < nn; i++)
        printf(" n%zu %.3f/%.3f/%.3f/%.3f", res[i].n, gsl_stats_mean(res[i].acc[0], 1, res[i].draws),
               gsl_stats_mean(res[i].acc[1], 1, res[i].draws), gsl_stats_mean(res[i].acc[2], 1, res[i].draws),
               gsl_stats_mean(res[i].acc[3], 1, res[i].draws));
    printf(" (pixels/frozen/fine-tuned/random) rotation pretext_acc %.3f", pt.result.acc);
    for (size_t i = 0; i < nn; i++)
        printf(" n%zu %.3f/%.3f", res[i].n, gsl_stats_mean(res[i].acc[ROT_FROZEN], 1, res[i].draws),
               gsl_stats_mean(res[i].acc[ROT_FINETUNED], 1, res[i].draws));
    printf(" (frozen/fine-tuned) rot_gap100 %+.1f+-%.1f deep", 100 * rot_gap, 100 * rot_gap_err);
    for (size_t i = 0; i < deep_nn; i++)
        printf(" n%zu %.3f/%.3f", deep_res[i].n, gsl_stats_mean(deep_res[i].acc[0], 1, deep_res[i].draws),
               gsl_stats_mean(deep_res[i].acc[1], 1, deep_res[i].draws));
    printf(" (random/pretrained) gap100 %+.1f+-%.1f deep_gap100 %+.1f+-%.1f points gradcheck %.1e epochs %d time %.1fs\n",
           100 * gap, 100 * gap_err, 100 * deep_gap, 100 * deep_gap_err, err, c.epochs, ae_seconds() - c.t0);

    for (size_t v = 0; v < 6; v++)
        classifier_free(&clf[v]);
    ae_net_free(rot);
    ae_net_free(rot_tuned);
    gsl_vector_free(pt.mu);
    gsl_vector_free(pt.inv_sd);
    gsl_rng_free(rot_init);
    gsl_rng_free(rot_draw);
    classifier_free(&deep_clf);
    ae_net_free(tuned);
    ae_net_free(scratch);
    ae_net_free(deep);
    ae_net_free(deep_pre);
    ae_autoenc_free(det);
    ae_autoenc_free(pre);
    anomaly_free(&a);
    extremes_free(&e);
    label_pool_free(&pool);
    subset_free(&normal);
    subset_free(&all);
    gsl_vector_free(mu);
    gsl_vector_free(inv_sd);
    free(curve);
    gsl_rng_free(init);
    gsl_rng_free(draw);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
