/* Lesson 04 — denoising autoencoders.
 *
 * A denoising autoencoder (DAE; Vincent et al. 2008) sees a corrupted input x~ and
 * is trained to give back the clean x: L = BCE(g(f(x~)), x). Three corruptions
 * from lib/data: additive Gaussian noise (sigma), masking noise (a fraction nu of
 * the pixels set to 0; exercise 4.1) and salt-and-pepper. For each a DAE 784-256-784
 * is trained at one noise level, and a plain AE on clean digits; both are then
 * tested on clean targets at increasing noise levels. Then the geometry: a small DAE
 * on points near a spiral in the plane, whose g(f(x)) - x on a grid points back to
 * the curve, next to the field of the best possible denoiser (exercise 4.2). Last,
 * infilling: a DAE trained with a hidden square block fills the block in. And whether
 * denoising gave a better code: the clean test digits classified from each model's code
 * (a linear probe and the nearest class mean). BOOK.md chapter 4.
 *
 * The model and its corruptions are in model.c, what writes each figure's data in
 * figures.c. `make lesson04 ARGS=--help` gives the options, the run time and the files
 * it writes.
 */
#include <stdio.h>

#include <gsl/gsl_matrix.h>

#include "batch.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "figures.h"
#include "loss.h"
#include "memorise.h"
#include "model.h"
#include "net.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

enum { HIDDEN = 256, QUICK_HIDDEN = 128, EVAL = 1000, QUICK_EVAL = 300, QUICK_TRAIN = 2000 };
enum { FIELD_EPOCHS = 300, QUICK_FIELD_EPOCHS = FIELD_EPOCHS / 6 };
enum { ROW_BYTES = 120000 };   /* memory per row of --batch (measured 118 KB): five DAEs and three buffers */

/* BOOK: dae_step */
/* One step on L = BCE(g(f(x~)), x): the corrupted x~ goes in, the clean x is the target. */
static double dae_step(dae *m, const gsl_matrix *X, const gsl_matrix *Xc, gsl_matrix *dA)
{
    ae_optim_zero_grad(m->opt);
    const gsl_matrix *logits = ae_net_forward(m->net, Xc);   /* x_hat = sigmoid(g(f(x~))) */
    double loss = ae_loss_bce_logits(dA, logits, X);         /* against the clean x */
    ae_net_backward(m->net, dA, AE_SKIP_DX);
    ae_optim_step(m->opt);
    return loss;
}
/* END BOOK */

static void train(dae *m, const ae_dataset *ds, training t, kind k, const settings *s, const ae_cli *c,
                  const char *label)
{
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE), *noise = ae_rng_alloc(c->seed, AE_RNG_NOISE);
    ae_batcher *batches = ae_batcher_alloc(ds->n, c->batch);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t b = 0; (rows = ae_batcher_next(batches, &idx)) > 0; b++) {
            gsl_matrix_view X = gsl_matrix_submatrix(m->buf->X, 0, 0, rows, ds->dim);
            gsl_matrix_view Xc = gsl_matrix_submatrix(m->buf->Xc, 0, 0, rows, ds->dim);
            gsl_matrix_view dA = gsl_matrix_submatrix(m->buf->dA, 0, 0, rows, ds->dim);
            ae_batch_fill(&X.matrix, NULL, ds, idx, rows);
            corrupt(&Xc.matrix, &X.matrix, t, k, s->level[k], s, ds->rows, noise);   /* new noise every time */
            double loss = dae_step(m, &X.matrix, &Xc.matrix, &dA.matrix);
            ae_check_loss(c, &watch, loss, epoch, b + 1);
            sum += loss * (double)rows;
        }
        ae_progress(c, "%s epoch %d/%d: BCE %.2f", label, epoch, c->epochs, sum / (double)ds->n);
    }
    ae_batcher_free(batches);
    gsl_rng_free(noise);
    gsl_rng_free(shuffle);
}

int main(int argc, char **argv)
{
    settings s = {.level = {0.5, 0.5, 0.25}, .block = 12};
    size_t memo_epochs = 40;
    ae_cli_extra extra[] = {
        {.name = "sigma", .kind = AE_X_REAL, .value = &s.level[K_GAUSS], .lo = 0, .hi = 2,
         .help = "training sigma of the Gaussian DAE"},
        {.name = "nu", .kind = AE_X_REAL, .value = &s.level[K_MASK], .lo = 0, .hi = 1,
         .help = "training fraction nu of the masking DAE"},
        {.name = "sp", .kind = AE_X_REAL, .value = &s.level[K_SP], .lo = 0, .hi = 1,
         .help = "training fraction of the salt-and-pepper DAE"},
        {.name = "block", .kind = AE_X_SIZE, .value = &s.block, .lo = 1, .hi = 28,
         .help = "side of the square hidden for infilling"},
        {.name = "memo-epochs", .kind = AE_X_SIZE, .value = &memo_epochs, .lo = 2, .hi = 10000, .quick = 4,
         .help = "epochs of the overcomplete AEs 784-1000-784 on 500 digits"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson04",
        .title = "denoising: Gaussian, masking and salt-and-pepper DAEs, the vector field, infilling",
        .about = "Trains a plain AE and DAEs (784-256-784, ReLU code, BCE) with each corruption at the\n"
                 "levels given, tests them on noisy inputs against clean targets, trains a 2-D DAE\n"
                 "near a spiral for the vector field, and a DAE with a hidden block for infilling;\n"
                 "classifies the clean test digits by the nearest class mean of each model's code; trains\n"
                 "an overcomplete AE 784-1000-784 on 500 digits, plain, with masking noise and with dropout.\n"
                 "--quick also: 2,000 training digits, 128 code units. Longer: --epochs 20. BOOK.md chapter 4.\n"
                 "Default run: about 36 s with its figures.\n"
                 "Writes: curves.dat, denoise_gaussian.dat, denoise_mask.dat, denoise_saltpepper.dat, "
                 "infill.dat, infill_err.dat, curve.dat, field.dat, bayes.dat, probe.dat, memorise.dat,\n"
                 "memorise_recon.dat.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "mnist,fashion",
        .extra = extra,
        .epochs = 4, .batch = 100, .lr = 3e-3, .seed = 42, .data = "mnist", .data_dir = AE_DATA_DIR,
        .out = "out/04-denoising",
        .quick_epochs = 3, .quick_lr = 8e-3,   /* few steps: larger ones */
    };
    ae_cli_parse(&c, argc, argv);

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (s.block > train_set.rows)
        ae_die(c.prog, "--block: %zu is larger than the %zu-pixel image", s.block, train_set.rows);
    if (c.quick && train_set.n > QUICK_TRAIN)
        ae_dataset_truncate(&train_set, QUICK_TRAIN);
    ae_check_batch(&c, train_set.n, "training images", ROW_BYTES);
    size_t n_eval = c.quick ? QUICK_EVAL : EVAL;
    ae_dataset_truncate(&test, test.n < n_eval ? test.n : n_eval);

    /* the plain AE, a DAE per corruption, the block DAE: each from the same start */
    const size_t rows = c.batch > EVAL ? c.batch : EVAL, D = train_set.dim;
    buffers buf = {gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, D)};
    dae ae, m[NKINDS], block;
    dae *all[NKINDS + 2] = {&ae, &m[K_GAUSS], &m[K_MASK], &m[K_SP], &block};
    const char *labels[NKINDS + 2] = {"AE", "DAE gaussian", "DAE mask", "DAE salt-and-pepper", "DAE block"};
    for (size_t i = 0; i < NKINDS + 2; i++) {
        gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
        *all[i] = dae_alloc(D, c.quick ? QUICK_HIDDEN : HIDDEN, c.batch, c.lr, &buf, init);
        gsl_rng_free(init);
        training t = i == 0 ? T_CLEAN : i <= NKINDS ? T_NOISE : T_BLOCK;
        train(all[i], &train_set, t, i >= 1 && i <= NKINDS ? (kind)(i - 1) : K_GAUSS, &s, &c, labels[i]);
        ae_optim_free(all[i]->opt);   /* trained: Adam's m and v are no longer needed (peak memory) */
        all[i]->opt = NULL;
    }

    double at_train[NKINDS][2], infill_err[2];
    ae_check(c.prog, write_curves(&c, &ae, m, &test, &s));
    double clean[2] = {noisy_mse(&ae, &test, K_GAUSS, 0.0, &s, c.seed),   /* sigma 0: the clean digits */
                       noisy_mse(&m[K_GAUSS], &test, K_GAUSS, 0.0, &s, c.seed)};
    for (size_t k = 0; k < NKINDS; k++) {
        at_train[k][0] = noisy_mse(&ae, &test, k, s.level[k], &s, c.seed);
        at_train[k][1] = noisy_mse(&m[k], &test, k, s.level[k], &s, c.seed);
    }
    for (size_t k = 0; k < NKINDS; k++)
        ae_check(c.prog, write_denoise(&c, &ae, &m[k], &test, (kind)k, &s));
    code_score sc[2 + NKINDS];   /* does denoising give a better code? classify the digits from h */
    for (size_t i = 0; i < 2 + NKINDS; i++)
        sc[i] = code_scores(i == 0 ? NULL : i == 1 ? &ae : &m[i - 2], &train_set, &test);
    ae_progress(&c, "linear probe on the codes of clean test digits: pixels %.3f, AE %.3f, DAEs %.3f (gaussian) "
                "%.3f (mask) %.3f (salt and pepper)", sc[0].probe, sc[1].probe, sc[2].probe, sc[3].probe, sc[4].probe);
    ae_check(c.prog, write_probe(&c, sc, &s));
    ae_check(c.prog, write_infill(&c, &ae, &block, &test, &s, infill_err));
    ae_check(c.prog, write_infill_err(&c, s.block, infill_err));
    memo_settings ms = {.n_train = 500, .epochs = (int)memo_epochs, .every = memo_epochs >= 20 ? (int)memo_epochs / 10 : 1,
                        .p_input = 0.5, .p_code = 0.5, .lr = 1e-3};
    memo_result memo[MEMO_MODELS];   /* the overcomplete AE on 500 digits: memorisation and its cures */
    ae_check(c.prog, memorise(&c, &train_set, &test, &ms, memo));
    fields f;   /* the 2-D DAE near a spiral */
    vector_fields(&f, &c, c.quick ? QUICK_FIELD_EPOCHS : FIELD_EPOCHS);
    ae_check(c.prog, write_curve(&c, &f));
    ae_check(c.prog, write_field(&c, &f));
    ae_check(c.prog, write_bayes(&c, &f));

    printf("lesson04 denoising: data %s gauss%.2f ae %.4f dae %.4f mask%.2f ae %.4f dae %.4f sp%.2f ae %.4f dae %.4f "
           "clean ae %.4f dae_gauss %.4f probe pixels %.3f ae %.3f dae_gauss %.3f dae_mask %.3f dae_sp %.3f "
           "nearest_mean pixels %.3f ae %.3f dae_gauss %.3f dae_mask %.3f dae_sp %.3f "
           "infill ae %.4f dae %.4f field_cos %.3f memo_mse plain %.5f %.5f masking %.5f %.5f dropout %.5f %.5f "
           "memo_noise plain %.3f masking %.3f dropout %.3f epochs %d time %.1fs\n",
           c.data, s.level[K_GAUSS], at_train[K_GAUSS][0], at_train[K_GAUSS][1], s.level[K_MASK], at_train[K_MASK][0],
           at_train[K_MASK][1], s.level[K_SP], at_train[K_SP][0], at_train[K_SP][1], clean[0], clean[1], sc[0].probe,
           sc[1].probe, sc[2].probe, sc[3].probe, sc[4].probe, sc[0].nearest, sc[1].nearest, sc[2].nearest,
           sc[3].nearest, sc[4].nearest, infill_err[0], infill_err[1], f.mean_cos, memo[MEMO_PLAIN].train,
           memo[MEMO_PLAIN].test, memo[MEMO_MASKING].train, memo[MEMO_MASKING].test, memo[MEMO_DROPOUT].train,
           memo[MEMO_DROPOUT].test, memo[MEMO_PLAIN].noise, memo[MEMO_MASKING].noise, memo[MEMO_DROPOUT].noise,
           c.epochs, ae_seconds() - c.t0);

    fields_free(&f);
    for (size_t i = 0; i < NKINDS + 2; i++)
        dae_free(all[i]);
    gsl_matrix_free(buf.X);
    gsl_matrix_free(buf.Xc);
    gsl_matrix_free(buf.dA);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
