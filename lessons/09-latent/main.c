/* Lesson 09 — what the code space of an autoencoder looks like.
 *
 * Two dense autoencoders 784-128-k-128-784 (ReLU hidden layers, linear code, sigmoid
 * output, BCE; lesson 02's deep models) with codes of k = 2 and k = 10, and then
 * (BOOK.md chapter 9; Harvard CS109B, "Exploring autoencoders", "Blending"; figures.c):
 *  - a histogram of every code dimension;
 *  - uniform noise of amplitude 10 and 100 added to the codes of test images before
 *    decoding: the decoder was only trained near the codes of real images;
 *  - the 2-D codes of the test set coloured by class, and the PCA of the 10-D codes;
 *  - blending: decode((1-t) z_a + t z_b) next to the pixel blend (1-t) x_a + t x_b;
 *  - latent arithmetic on class means, decode(z - mu_A + mu_B), and how well the
 *    nearest class mean classifies in the code space and in pixel space.
 * The models are trained here, or read from lesson 02's files with --models DIR.
 *
 * `make lesson09 ARGS=--help` gives the options, the run time and the files it writes.
 */
#include <stdio.h>

#include "autoenc.h"
#include "batch.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "figures.h"
#include "loss.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

enum { HIDDEN = 128, QUICK_TRAIN = 5000, QUICK_TEST = 2000 };
enum { ROW_BYTES = 70000 };   /* memory per row of --batch (measured 68 KB): two AEs and their buffers */

/* ---- the models: trained here, or read from lesson 02 ---- */

/* The dense AE D-HIDDEN-k-HIDDEN-D: ReLU hidden layers, a linear code. */
static ae_autoenc *model_alloc(size_t D, size_t k, size_t batch)
{
    size_t sizes[3] = {D, HIDDEN, k};
    return ae_autoenc_alloc(2, sizes, AE_RELU, AE_IDENTITY, batch);
}

/* BOOK: fit */
/* Train m with BCE and Adam: the loop of lesson 02, with the library's loss and backward. */
static void fit(ae_autoenc *m, const ae_cli *c, const ae_dataset *ds, gsl_rng *init)
{
    ae_optim *opt = ae_optim_alloc(AE_ADAM, c->lr);
    ae_batcher *batches = ae_batcher_alloc(ds->n, c->batch);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    gsl_matrix *X = gsl_matrix_alloc(c->batch, ds->dim), *dA = gsl_matrix_alloc(c->batch, ds->dim);
    ae_autoenc_init(m, init, 1.0);
    ae_autoenc_add_params(m, opt);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        const size_t *idx;
        double sum = 0.0;
        ae_batcher_epoch(batches, shuffle);
        for (size_t rows, k = 1; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
            gsl_matrix_view da = gsl_matrix_submatrix(dA, 0, 0, rows, ds->dim);
            ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
            ae_optim_zero_grad(opt);
            double loss = ae_loss_bce_logits(&da.matrix, ae_autoenc_forward(m, &x.matrix), &x.matrix);
            ae_autoenc_backward(m, &da.matrix);
            ae_optim_step(opt);
            ae_check_loss(c, &watch, loss, epoch, k);
            sum += loss * (double)rows;
        }
        ae_progress(c, "k=%zu epoch %d/%d: train BCE %.4f per pixel", m->k, epoch, c->epochs,
                    sum / (double)(ds->n * ds->dim));
    }
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
    gsl_rng_free(shuffle);
    ae_batcher_free(batches);
    ae_optim_free(opt);
}
/* END BOOK */

int main(int argc, char **argv)
{
    const char *models = NULL;
    ae_cli_extra extra[] = {
        {.name = "models", .kind = AE_X_STRING, .value = &models,
         .help = "read lesson 02's deep2_DATA and deep10_DATA from this directory instead of training"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson09",
        .title = "latent: what the code space of an autoencoder looks like",
        .about = "Trains the dense autoencoders 784-128-k-128-784 for k = 2 and 10 on every training\n"
                 "image of --data (or reads lesson 02's: --models out/02-deep, after `make lesson02`),\n"
                 "then: histograms of the code, noise added to the code, maps of the code by class,\n"
                 "pixel vs latent blends, latent arithmetic on class means.\n"
                 "Default run: about 13 s with its figures.\n"
                 "--quick also keeps 5,000 training and 2,000 test images.\n"
                 "Writes: hist2.dat, hist10.dat, noise.dat, noise_recon.dat, map2.dat, pca10.dat, classes.dat, "
                 "blend.dat, blend_error.dat, arithmetic.dat, means.dat, classify.dat.\n"
                 "BOOK.md chapter 9.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 5, .batch = 256, .lr = 1e-3, .seed = 42, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/09-latent", .extra = extra, .quick_epochs = 2,
    };
    ae_cli_parse(&c, argc, argv);

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (c.quick)
        ae_dataset_truncate(&test, QUICK_TEST);
    if (!models && c.quick && train_set.n > QUICK_TRAIN)
        ae_dataset_truncate(&train_set, QUICK_TRAIN);
    ae_check_batch(&c, train_set.n, "training images", ROW_BYTES);
    ae_autoenc *m[NMODELS];
    for (size_t s = 0; s < NMODELS; s++) {
        m[s] = model_alloc(train_set.dim, CODE[s], c.batch);
        char name[64];
        snprintf(name, sizeof name, "deep%zu_%s", CODE[s], c.data);
        if (models && ae_autoenc_load_into(m[s], models, name))
            ae_die(c.prog, "%s; run `make lesson02` first, or leave out --models to train here", ae_errmsg());
    }
    if (!models) {
        gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
        for (size_t s = 0; s < NMODELS; s++)
            fit(m[s], &c, &train_set, init);
        gsl_rng_free(init);
    }
    double bce[NMODELS], mse[NMODELS];
    gsl_matrix *Z[NMODELS], *Ztrain[NMODELS];
    for (size_t s = 0; s < NMODELS; s++) {
        ae_autoenc_evaluate(m[s], &test, &bce[s], &mse[s]);
        Z[s] = gsl_matrix_alloc(test.n, CODE[s]);
        Ztrain[s] = gsl_matrix_alloc(train_set.n, CODE[s]);
        ae_autoenc_encode_set(m[s], Z[s], &test);
        ae_autoenc_encode_set(m[s], Ztrain[s], &train_set);
        char what[128];
        ae_progress(&c, "%s: test BCE %.4f, MSE %.5f per pixel", ae_autoenc_describe(m[s], what, sizeof what),
                    bce[s], mse[s]);
    }

    ae_check(c.prog, write_hist(&c, Z[0]));
    ae_check(c.prog, write_hist(&c, Z[1]));
    gsl_rng *noise = ae_rng_alloc(c.seed, AE_RNG_NOISE);
    ae_check(c.prog, write_noise(&c, m, Z, &test, noise));
    ae_check(c.prog, write_noise_recon(&c, m, Z, &test, noise));
    gsl_rng_free(noise);

    /* class means of the training codes and pixels (exercise 9.1), the nearest mean (9.3); the maps */
    gsl_matrix *Mz[NMODELS], *Mx = gsl_matrix_alloc(CLASSES, test.dim), *P = gsl_matrix_alloc(test.n, 2);
    gsl_matrix *Mp = gsl_matrix_alloc(CLASSES, 2);
    size_t counts[CLASSES];
    double acc[1 + NMODELS];
    pixel_means(Mx, &train_set);
    acc[0] = pixel_accuracy(&test, Mx);
    for (size_t s = 0; s < NMODELS; s++) {
        Mz[s] = gsl_matrix_alloc(CLASSES, CODE[s]);
        ex09_class_means(Mz[s], counts, Ztrain[s], train_set.y);
        acc[1 + s] = nearest_mean_accuracy(Z[s], Mz[s], test.y);
    }
    pca_2d(P, Z[1]);
    ex09_class_means(Mp, counts, P, test.y);
    ae_check(c.prog, write_map2(&c, Z[0], test.y));
    ae_check(c.prog, write_pca10(&c, P, test.y));
    ae_check(c.prog, write_classes(&c, &test, Mz[0], Mp));
    blends b;
    blends_compute(&b, m[1], &test);
    ae_check(c.prog, write_blend(&c, &b, &test));
    ae_check(c.prog, write_blend_error(&c, &b));
    blends_free(&b);
    ae_check(c.prog, write_arithmetic(&c, m[1], &test, Z[1], Mz[1]));
    ae_check(c.prog, write_means(&c, m[1], &test, Mx, Mz[1]));
    ae_check(c.prog, write_classify(&c, &test, acc));

    printf("lesson09 latent: data %s models %s mse_k2 %.5f mse_k10 %.5f nearest_mean pixels %.3f k2 %.3f k10 %.3f "
           "time %.1fs\n", c.data, models ? models : "trained", mse[0], mse[1], acc[0], acc[1], acc[2],
           ae_seconds() - c.t0);

    for (size_t s = 0; s < NMODELS; s++) {
        ae_autoenc_free(m[s]);
        gsl_matrix_free(Z[s]);
        gsl_matrix_free(Ztrain[s]);
        gsl_matrix_free(Mz[s]);
    }
    gsl_matrix_free(Mx);
    gsl_matrix_free(Mp);
    gsl_matrix_free(P);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
