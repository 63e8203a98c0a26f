/* Lesson 03 — convolutional autoencoders, and the checkerboard of transposed convolution.
 *
 * The Keras-blog convolutional autoencoder (3 x [conv3x3 + relu + max-pool 2] down to
 * a code of 8 x 4 x 4 = 128 numbers, 3 x [upsample 2 + conv3x3] back up, sigmoid
 * output, BCE; lib/convae.h) against a dense autoencoder 784-256-128-256-784 with the
 * same code size, on Fashion-MNIST, each trained until its validation BCE stalls (or for
 * --epochs): test BCE and reconstructions side by side, and on test images moved a few
 * pixels, where the conv AE's shared filters win. Then the same decoder built with
 * stride-2 transposed convolutions instead of upsampling + conv (Odena, Dumoulin & Olah
 * 2016): its output for a constant code, at initialisation and after training, and its
 * power spectra (2-D, and along an axis, where the checkerboard is a spike at the Nyquist
 * frequency) show the artefact that resize-convolution does not make (figures.c,
 * spectrum.c); so do, briefly trained, a decoder that unpools with the encoder's switches and
 * one transposed in its last layer only. First-layer filters and feature maps. BOOK.md ch. 3.
 *
 * `make lesson03 ARGS=--help` gives the options, the run time and the files it writes.
 */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "batch.h"
#include "cli.h"
#include "conv.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "figures.h"
#include "gradcheck.h"
#include "loss.h"
#include "model.h"
#include "optim.h"
#include "pool.h"
#include "progress.h"
#include "rng.h"

enum { SPECTRUM_IMAGES = 500, VAL_N = 1000, SHIFT_N = 2000, QUICK_TRAIN = 1024, QUICK_BATCH = 64,
       QUICK_TEST = 500, QUICK_VAL = 500 };
#define STALL 1e-3   /* an epoch must lower the best validation BCE by 0.1 % to count as progress */
enum { ROW_BYTES = 600000 };   /* memory per row of --batch (measured 593 KB): the models' feature maps */

/* BOOK: train */
/* Adam on BCE until the validation BCE stalls: an epoch that does not lower the best
 * validation BCE by STALL halves the step, and `patience` such epochs in a row stop the
 * model (or --epochs does). */
static void train(model *m, int kind, const ae_cli *c, const ae_dataset *train_set,
                  const ae_dataset *val, int patience)
{
    gsl_matrix *X = gsl_matrix_alloc(c->batch, D);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    ae_loss_watch watch = {0};
    double best = INFINITY;
    int stalled = 0;
    m->opt->lr = c->lr;
    for (int epoch = 1; epoch <= c->epochs && stalled < patience; epoch++) {
        double t0 = ae_seconds(), sum = 0.0;
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D);
            gsl_matrix_view dA = gsl_matrix_submatrix(m->dA, 0, 0, rows, D);
            ae_batch_fill(&Xb.matrix, NULL, train_set, idx, rows);
            ae_optim_zero_grad(m->opt);
            const gsl_matrix *A = model_forward(m, &Xb.matrix);            /* logits */
            double loss = ae_loss_bce_logits(&dA.matrix, A, &Xb.matrix);    /* BCE per image, and dA */
            ae_check_loss(c, &watch, loss, epoch, k + 1);
            model_backward(m, &dA.matrix);
            ae_optim_step(m->opt);                                         /* Adam */
            sum += loss * (double)rows;
        }
        m->epochs = epoch;
        m->train_bce[epoch - 1] = sum / (double)(train_set->n * D);
        double v = m->val_bce[epoch - 1] = model_bce(m, val, val->n, X);
        stalled = v < best * (1.0 - STALL) ? 0 : stalled + 1;
        best = fmin(best, v);
        if (stalled)
            m->opt->lr /= 2.0;
        ae_progress(c, "%s epoch %d/%d: train BCE %.4f, validation BCE %.4f per pixel%s (%.1f s/epoch)",
                    MODEL_NAMES[kind], epoch, c->epochs, m->train_bce[epoch - 1], v,
                    stalled ? ", no better: step halved" : "", ae_seconds() - t0);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
    gsl_matrix_free(X);
}
/* END BOOK */

/* ---- the exercises against finite differences ---- */

typedef struct {
    ae_conv *L;
    ae_maxpool *P;
    gsl_matrix *X, *Y, *C;
} check_ctx;

static double check_loss(void *p)
{
    check_ctx *k = p;
    if (k->L)
        ae_conv_forward(k->Y, k->X, k->L);
    else
        ae_maxpool_forward(k->Y, k->P, k->X);
    double s = 0.0;   /* L = sum C o Y */
    for (size_t i = 0; i < k->Y->size1 * k->Y->size2; i++)
        s += k->C->data[i] * k->Y->data[i];
    return s;
}

/* dL/dX of exercise 3.1 (a stride-2 convolution with padding) and 3.2 (a 2 x 2 max-pool
 * with windows cut short) against central differences; the larger relative error. */
static double check_exercises(unsigned long seed)
{
    gsl_rng *r = ae_rng_alloc(seed, AE_RNG_DATA);
    double worst = 0.0;
    for (int which = 0; which < 2; which++) {
        check_ctx k = {0};
        if (which == 0) {
            k.L = ae_conv_alloc(2, 7, 6, 3, 3, 2, 1, 2);
            ae_conv_init(k.L, r, 1.0);
        } else {
            k.P = ae_maxpool_alloc(2, 7, 5, 2, 2);
        }
        size_t in = k.L ? k.L->in : k.P->in, out = k.L ? k.L->out : k.P->out;
        k.X = gsl_matrix_alloc(2, in);
        k.Y = gsl_matrix_alloc(2, out);
        k.C = gsl_matrix_alloc(2, out);
        gsl_matrix *dX = gsl_matrix_alloc(2, in);
        for (size_t i = 0; i < 2 * in; i++)   /* distinct values: no ties in a window */
            k.X->data[i] = 0.01 * (double)i;
        gsl_ran_shuffle(r, k.X->data, 2 * in, sizeof(double));
        for (size_t i = 0; i < 2 * out; i++)
            k.C->data[i] = ae_rng_uniform(r, -1.0, 1.0);
        check_loss(&k);
        if (k.L) {
            gsl_matrix *dcol = gsl_matrix_alloc(k.L->W->size2, k.L->g.oh * k.L->g.ow);
            ex03_conv_backward_input(dX, dcol, k.C, k.L->W, &k.L->g);
            gsl_matrix_free(dcol);
        } else {
            ex03_maxpool_backward(dX, k.P, k.C);
        }
        ae_gc_result res = ae_gradcheck(check_loss, &k, k.X->data, dX->data, 2 * in, AE_GC_STEP);
        worst = fmax(worst, isnan(res.rel_err) ? INFINITY : res.rel_err);
        ae_conv_free(k.L);
        ae_maxpool_free(k.P);
        gsl_matrix_free(k.X);
        gsl_matrix_free(k.Y);
        gsl_matrix_free(k.C);
        gsl_matrix_free(dX);
    }
    gsl_rng_free(r);
    return worst;
}

/* The relative fall of the validation BCE over the model's last epoch: ~0 once it has stalled. */
static double last_drop(const model *m)
{
    return m->epochs < 2 ? NAN : 1.0 - m->val_bce[m->epochs - 1] / m->val_bce[m->epochs - 2];
}

int main(int argc, char **argv)
{
    size_t train_n = 10000, test_n = 10000, patience = 2, decoder_epochs = 2;
    ae_cli_extra extra[] = {
        {.name = "train", .kind = AE_X_SIZE, .value = &train_n, .lo = 256, .hi = 59000, .quick = QUICK_TRAIN,
         .help = "training images (the first N of the set; its last 1,000 are the validation set)"},
        {.name = "test", .kind = AE_X_SIZE, .value = &test_n, .lo = 100, .hi = 10000, .quick = QUICK_TEST,
         .help = "test images for the final BCE"},
        {.name = "patience", .kind = AE_X_SIZE, .value = &patience, .lo = 1, .hi = 100,
         .help = "stop a model after this many epochs in a row without a better validation BCE"},
        {.name = "decoder-epochs", .kind = AE_X_SIZE, .value = &decoder_epochs, .lo = 1, .hi = 100, .quick = 1,
         .help = "epochs of the unpooling and the last-layer-transposed decoders (checkerboard only)"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson03",
        .title = "conv: a convolutional autoencoder, and the checkerboard of transposed convolution",
        .about = "Trains the Keras-blog conv AE (code 8x4x4 = 128), the same with a transposed-conv\n"
                 "decoder, and a dense AE 784-256-128-256-784, with Adam and BCE, on --train images,\n"
                 "each until its validation BCE stops falling (--patience) or for --epochs; compares\n"
                 "test BCE, reconstructions, the decoders' output for a constant code and its power\n"
                 "spectrum (checkerboard), and shows the first layer's filters; then moves the test\n"
                 "images 0-6 pixels (error relative to the image's energy: the conv AE barely minds).\n"
                 "On the checkerboard too, for --decoder-epochs: unpooling, and a transposed last layer.\n"
                 "Default run: about 44 s with its figures; at its 10 epochs the conv AE is still learning.\n"
                 "Until every model stalls: --epochs 30 (19 to 22 epochs each, about a minute on two\n"
                 "threads); on all the data: --train 59000 --epochs 30.\n"
                 "--quick also: a validation set of 500 images (else 1,000).\n"
                 "Writes: curves.dat, results.dat, recon.dat, recon_shift.dat, shift.dat, checker.dat, "
                 "constant.dat, crop.dat, profile.dat, spectrum.dat, spectrum1d.dat, filters.dat, features.dat.\n"
                 "BOOK.md chapter 3.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 10, .batch = 128, .lr = 2e-3, .seed = 42, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/03-conv", .extra = extra,
        .quick_epochs = 1, .quick_batch = QUICK_BATCH,
    };
    ae_cli_parse(&c, argc, argv);
    size_t val_n = c.quick ? QUICK_VAL : VAL_N;

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (train_n + val_n > train_set.n)
        ae_die(c.prog, "--train: %zu and the %zu validation images are more than the %zu training images of %s",
               train_n, val_n, train_set.n, c.data);
    if (test_n > test.n)
        ae_die(c.prog, "--test: %zu is more than the %zu test images of %s", test_n, test.n, c.data);
    ae_check_batch(&c, train_n, "training images of --train", ROW_BYTES);
    ae_dataset val = ae_dataset_view(&train_set, train_set.n - val_n, val_n);   /* the training set's tail */
    ae_dataset_truncate(&train_set, train_n);
    size_t shift_n = GSL_MIN(SHIFT_N, test_n);

    if (ae_gradcheck_gate(&c, "exercises 3.1 and 3.2 (conv and max-pool backward)", check_exercises(c.seed),
                          AE_GC_TOL_OP, "exercises 3.1 and 3.2", "lessons/03-conv/exercises.c"))
        return 1;

    gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
    ae_cli c_more = c;   /* UNPOOL and LAST_T, on the checkerboard only: --decoder-epochs */
    c_more.epochs = (int)decoder_epochs;
    model m[NKINDS];
    for (int k = 0; k < NKINDS; k++)
        m[k] = model_alloc(k, k < NMODELS ? &c : &c_more, init);
    gsl_matrix *X = gsl_matrix_alloc(c.batch, D);
    checker ck = {0};
    model *conv[NCONV] = {&m[RESIZE], &m[TRANSPOSED], &m[UNPOOL], &m[LAST_T]};
    checker_constant(&ck, 0, conv, &val, val_n, X);   /* before any training */
    ae_progress(&c, "at initialisation, constant code: checkerboard measure %.4f (upsample + conv), %.4f (transposed "
                "conv), %.4f (unpooling), %.4f (transposed last layer)", ck.share_const[0][0], ck.share_const[1][0],
                ck.share_const[2][0], ck.share_const[3][0]);

    double bce[NMODELS], secs[NMODELS], rel[NMODELS][MAX_SHIFT + 1], mse[NMODELS][MAX_SHIFT + 1];
    for (int k = 0; k < NMODELS; k++) {
        double t0 = ae_seconds();
        train(&m[k], k, &c, &train_set, &val, (int)patience);
        secs[k] = (ae_seconds() - t0) / m[k].epochs;
        bce[k] = model_bce(&m[k], &test, test_n, X);
        ae_progress(&c, "%s: %zu parameters, %d epochs, test BCE %.4f per pixel on %zu images", MODEL_NAMES[k],
                    model_nparams(&m[k]), m[k].epochs, bce[k], test_n);
        for (size_t s = 0; s <= MAX_SHIFT; s++)
            rel[k][s] = model_shift_error(&m[k], &test, shift_n, X, s, &mse[k][s]);
        ae_progress(&c, "%s: relative test error %.4f, and %.4f on images moved %d pixels", MODEL_NAMES[k],
                    rel[k][0], rel[k][SHOW_SHIFT], SHOW_SHIFT);
    }
    double more_t0 = ae_seconds(), more_cpu = (double)clock() / CLOCKS_PER_SEC;
    for (int k = NMODELS; k < NKINDS; k++)   /* the two more decoders, briefly */
        train(&m[k], k, &c_more, &train_set, &val, (int)patience);
    ae_progress(&c, "unpooling and last-layer-transposed decoders: %zu epochs each, %.1f s (%.1f s of CPU)",
                decoder_epochs, ae_seconds() - more_t0, (double)clock() / CLOCKS_PER_SEC - more_cpu);
    checker_constant(&ck, 1, conv, &val, val_n, X);   /* after training: the mean code entry */
    checker_recon(&ck, conv, &test, GSL_MIN(SPECTRUM_IMAGES, test_n));

    ae_check(c.prog, write_results(&c, m, bce));
    ae_check(c.prog, write_curves(&c, m));
    ae_check(c.prog, write_recon(&c, m, &test));
    ae_check(c.prog, write_recon_shift(&c, m, &test));
    ae_check(c.prog, write_shift(&c, rel, mse));
    ae_check(c.prog, write_checker(&c, &ck));
    ae_check(c.prog, write_constant(&c, &ck));
    ae_check(c.prog, write_crop(&c, &ck));
    ae_check(c.prog, write_profile(&c, &ck));
    ae_check(c.prog, write_spectrum(&c, &ck));
    ae_check(c.prog, write_spectrum1d(&c, &ck));
    ae_check(c.prog, write_filters(&c, &m[RESIZE]));
    ae_check(c.prog, write_features(&c, &m[RESIZE], &test));

    int at = m[UNPOOL].epochs;   /* the conv decoders' validation BCE after UNPOOL's epochs (NaN: stopped) */
    double val_at[NCONV];
    for (size_t d = 0; d < NCONV; d++)
        val_at[d] = conv[d]->epochs >= at ? conv[d]->val_bce[at - 1] : NAN;
    printf("lesson03 conv: data %s conv_bce %.4f dense_bce %.4f convt_bce %.4f epochs conv %d convt %d dense %d "
           "last_val_drop conv %.4f dense %.4f "
           "checker_init resize %.4f transposed %.4f unpool %.4f last_transposed %.4f "
           "checker_trained resize %.4f transposed %.4f unpool %.4f last_transposed %.4f "
           "recon resize %.4f transposed %.4f unpool %.4f last_transposed %.4f "
           "nyquist_over_data resize %.2f transposed %.2f unpool %.2f last_transposed %.2f "
           "val_bce_epoch%d resize %.4f transposed %.4f unpool %.4f last_transposed %.4f "
           "shift%d_rel conv %.4f dense %.4f train %zu "
           "s_per_epoch conv %.1f convt %.1f dense %.1f time %.1fs\n",
           c.data, bce[RESIZE], bce[DENSE], bce[TRANSPOSED], m[RESIZE].epochs, m[TRANSPOSED].epochs, m[DENSE].epochs,
           last_drop(&m[RESIZE]), last_drop(&m[DENSE]), ck.share_const[0][0], ck.share_const[1][0],
           ck.share_const[2][0], ck.share_const[3][0], ck.share_const[0][1], ck.share_const[1][1],
           ck.share_const[2][1], ck.share_const[3][1], ck.share_recon[0], ck.share_recon[1], ck.share_recon[2],
           ck.share_recon[3], ck.nyquist_ratio[0], ck.nyquist_ratio[1], ck.nyquist_ratio[2], ck.nyquist_ratio[3],
           at, val_at[0], val_at[1], val_at[2], val_at[3], SHOW_SHIFT, rel[RESIZE][SHOW_SHIFT], rel[DENSE][SHOW_SHIFT],
           train_n, secs[RESIZE], secs[TRANSPOSED], secs[DENSE], ae_seconds() - c.t0);

    gsl_matrix_free(X);
    for (int k = 0; k < NKINDS; k++)
        model_free(&m[k]);
    gsl_rng_free(init);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
