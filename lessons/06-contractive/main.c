/* Lesson 06 — the contractive autoencoder: a penalty on the encoder's Jacobian.
 *
 * A sigmoid encoder h = sigmoid(W x + b) has the Jacobian J = diag(h (1 - h)) W, so
 * ||J_f(x)||_F^2 = sum_j (h_j (1 - h_j))^2 ||W_j||^2 in closed form (Rifai et al.
 * 2011). The contractive autoencoder (CAE) adds lambda times it to the
 * reconstruction loss; its gradient with respect to W and b is exercise 6.2, checked
 * by finite differences before training. Three autoencoders with the same
 * architecture are trained on the same digits: a plain AE, a denoising AE (Gaussian
 * noise) and the CAE. On test points the lesson measures the average Frobenius
 * norm of the encoder's Jacobian and the singular values of J_f at a few points:
 * the CAE contracts strongly in most directions and keeps a few, which follow the
 * digits' local variations: a test digit moved along them, x -+ eps v_i, shows how.
 * BOOK.md chapter 6.
 *
 * The model is in model.c; the Jacobian's measurements and what writes each figure's
 * data in figures.c. `make lesson06 ARGS=--help` gives the options, the run time and the
 * files it writes.
 */
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_matrix.h>

#include "batch.h"
#include "cli.h"
#include "corrupt.h"
#include "data.h"
#include "err.h"
#include "figures.h"
#include "gradcheck.h"
#include "loss.h"
#include "model.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

enum { EVAL_ROWS = 500, QUICK_TRAIN = 1500, MAX_TEST = 2000, QUICK_TEST = 500 };

typedef struct {
    double lambda, sigma, eps;   /* --lambda (CAE), --sigma (DAE), --eps (deform_*.dat's step) */
} settings;

/* BOOK: cae_train */
static void train(model *m, const ae_dataset *train_set, const settings *s, const ae_cli *c)
{
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE), *noise = ae_rng_alloc(c->seed, AE_RNG_NOISE);
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            batch a = rows_of(m, rows);
            ae_batch_fill(&a.X.matrix, NULL, train_set, idx, rows);
            if (m->kind == M_DAE)                                 /* x~ = clip(x + N(0, sigma^2)) */
                ae_corrupt_gaussian(&a.Xin.matrix, &a.X.matrix, s->sigma, noise);
            else
                gsl_matrix_memcpy(&a.Xin.matrix, &a.X.matrix);
            ae_optim_zero_grad(m->opt);
            const gsl_matrix *logits = model_forward(m, &a);                          /* h, logits of x_hat */
            double loss = ae_loss_bce_logits(&a.dLogits.matrix, logits, &a.X.matrix);   /* the clean x */
            model_backward(m, &a);
            if (m->kind == M_CAE)
                loss += model_contractive(m, &a, s->lambda);      /* + lambda ||J_f(x)||_F^2 */
            ae_check_loss(c, &watch, loss, epoch, k + 1);
            ae_optim_step(m->opt);
            sum += loss * (double)rows;
        }
        ae_progress(c, "%s epoch %d/%d: training loss %.3f", MODEL_NAME[m->kind], epoch, c->epochs,
                    sum / (double)train_set->n);
    }
    ae_batcher_free(batches);
    gsl_rng_free(noise);
    gsl_rng_free(shuffle);
}
/* END BOOK */

int main(int argc, char **argv)
{
    settings s = {.lambda = 1.0, .sigma = 0.3, .eps = 4.0};
    ae_cli_extra extra[] = {
        {.name = "lambda", .kind = AE_X_REAL, .value = &s.lambda, .lo = 0, .hi = 1e3,
         .help = "weight lambda of the contractive penalty"},
        {.name = "sigma", .kind = AE_X_REAL, .value = &s.sigma, .lo = 0, .hi = 2,
         .help = "noise sigma of the denoising AE"},
        {.name = "eps", .kind = AE_X_REAL, .value = &s.eps, .lo = 0, .hi = 28,
         .help = "step eps of the deformations x -+ eps v_i (v_i unit length; a digit's length is about 9)"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson06",
        .title = "contractive: the Jacobian penalty ||J_f(x)||_F^2 against a plain and a denoising AE",
        .about = "Trains a plain AE, a denoising AE (Gaussian --sigma) and a contractive AE (--lambda),\n"
                 "784-K-784 with a sigmoid code of K = --latent units, after a gradient check of the\n"
                 "CAE; compares ||J_f(x)||_F on test points and the singular values of J_f.\n"
                 "--quick also: 1,500 training and 500 test images. More: --epochs 50, or --data fashion. BOOK.md chapter 6.\n"
                 "Default run: about 12 s with its figures.\n"
                 "Writes: jacobian.dat, singular.dat, frobenius_ae.dat, frobenius_dae.dat, frobenius_cae.dat, "
                 "recon.dat, tangents.dat, deform_ae.dat, deform_dae.dat, deform_cae.dat.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_LATENT | AE_FLAG_DATA |
                AE_FLAG_DATA_DIR | AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "mnist,fashion",
        .extra = extra,
        .epochs = 15, .batch = 100, .lr = 2e-3, .seed = 42, .latent = 128, .data = "mnist",
        .data_dir = AE_DATA_DIR, .out = "out/06-contractive",
        .quick_epochs = 3,
    };
    ae_cli_parse(&c, argc, argv);
    if (c.latent > MAX_K)
        ae_die(c.prog, "--latent: %zu is more than %d, the number of pixels", c.latent, MAX_K);
    const size_t K = c.latent;

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (c.quick && train_set.n > QUICK_TRAIN)
        ae_dataset_truncate(&train_set, QUICK_TRAIN);
    ae_check_batch(&c, train_set.n, "training images",   /* the three models' buffers (measured 92 KB at K = 128) */
                   (15 * train_set.dim + 9 * K) * sizeof(double));
    if (test.n > (c.quick ? QUICK_TEST : MAX_TEST))   /* the evaluation needs no more */
        ae_dataset_truncate(&test, c.quick ? QUICK_TEST : MAX_TEST);

    double worst = model_gradcheck(&train_set, s.lambda, c.seed);
    if (ae_gradcheck_gate(&c, "the CAE", worst, AE_GC_TOL_MODEL, "exercise 6.2 (ex06_contractive)",
                          "lessons/06-contractive/exercises.c"))
        return 1;

    /* the three models from the same start, each trained, then measured */
    model models[NMODELS];
    result res[NMODELS];
    const size_t D = train_set.dim;
    double *tangents = malloc(NMODELS * (NTANGENT + 1) * D * sizeof *tangents),
           *deform = malloc(NMODELS * 4 * (NDEFORM + 1) * D * sizeof *deform);
    AE_ASSERT(tangents && deform);
    for (size_t k = 0; k < NMODELS; k++) {
        gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
        models[k] = model_alloc((model_kind)k, D, K, c.batch > EVAL_ROWS ? c.batch : EVAL_ROWS, c.lr, init);
        gsl_rng_free(init);
        train(&models[k], &train_set, &s, &c);
        res[k].frobs = malloc(test.n * sizeof *res[k].frobs);
        AE_ASSERT(res[k].frobs);
        evaluate(&res[k], &models[k], &test);
        spectra(&res[k], tangents + k * (NTANGENT + 1) * D, &models[k], &test);
        res[k].near = deformations(deform + k * 4 * (NDEFORM + 1) * D, &models[k], &test, s.eps);
        ae_progress(&c, "%s: test BCE %.2f, mean ||J_f||_F %.3f, %.1f directions hold 90%% of ||J||_F^2",
                    MODEL_NAME[k], res[k].bce, res[k].frob, res[k].dims90);
    }

    ae_check(c.prog, write_jacobian(&c, res));
    ae_check(c.prog, write_singular(&c, res, K));
    ae_check(c.prog, write_frobenius(&c, res, test.n));
    ae_check(c.prog, write_recon(&c, models, &test));
    ae_check(c.prog, write_tangents(&c, tangents, &test));
    ae_check(c.prog, write_deform(&c, deform, &test, s.eps));

    printf("lesson06 contractive: data %s K %zu gradcheck %.1e frob_ae %.3f frob_dae %.3f frob_cae %.3f "
           "bce_ae %.2f bce_dae %.2f bce_cae %.2f dims90_ae %.1f dims90_dae %.1f dims90_cae %.1f "
           "sv1_ae %.2f sv1_dae %.2f sv1_cae %.2f near_ae %.2f near_dae %.2f near_cae %.2f epochs %d time %.1fs\n",
           c.data, K, worst, res[0].frob, res[1].frob, res[2].frob, res[0].bce, res[1].bce, res[2].bce,
           res[0].dims90, res[1].dims90, res[2].dims90, res[0].sv1, res[1].sv1, res[2].sv1, res[0].near,
           res[1].near, res[2].near, c.epochs, ae_seconds() - c.t0);

    for (size_t k = 0; k < NMODELS; k++) {
        model_free(&models[k]);
        free(res[k].frobs);
    }
    free(tangents);
    free(deform);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
