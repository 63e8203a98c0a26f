/* Lesson 03 — convolutional autoencoders, and the checkerboard of transposed convolution.
 *
 * The Keras-blog convolutional autoencoder (3 x [conv3x3 + relu + max-pool 2] down to
 * a code of 8 x 4 x 4 = 128 numbers, 3 x [upsample 2 + conv3x3] back up, sigmoid
 * output, BCE) against a dense autoencoder 784-256-128-256-784 with the same code
 * size, on Fashion-MNIST: test BCE and reconstructions side by side, and on test images
 * moved a few pixels, where the conv AE's shared filters win. Then the same
 * decoder built with stride-2 transposed convolutions instead of upsampling + conv
 * (Odena, Dumoulin & Olah 2016): its output for a constant code, at initialisation
 * and after training, and its 2-D power spectrum show the checkerboard artefact that
 * resize-convolution does not make. The first layer's filters and feature maps.
 * BOOK.md chapter 3.
 *
 * Run:    make lesson03                  (10,000 training images, 4 epochs; about 17 s on two
 *                                         threads with the figures)
 *         make lesson03 ARGS="--quick"   (a few seconds: 1,024 images, 1 epoch of batch 64)
 *         make lesson03 ARGS="--train 60000 --epochs 10"   (the full experiment)
 * Writes: out/03-conv/curves.dat     per epoch: train and test BCE per pixel of the three models
 *         out/03-conv/results.dat    per model: parameters, code size, test BCE per pixel
 *         out/03-conv/recon.dat      test images; conv AE; transposed-conv AE; dense AE
 *         out/03-conv/checker.dat    checkerboard measure (3.12) of both decoders
 *         out/03-conv/constant.dat   decoder outputs for a constant code, init and trained
 *         out/03-conv/profile.dat    the middle row of those outputs
 *         out/03-conv/spectrum.dat   2-D power spectra (log scale)
 *         out/03-conv/filters.dat    the first layer's 16 filters
 *         out/03-conv/features.dat   test images and their 16 first-layer feature maps
 *         out/03-conv/shift.dat      test MSE per pixel of the three models on images moved 0..6 pixels
 *         out/03-conv/recon_shift.dat  test images moved 4 pixels, and their reconstructions
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "cli.h"
#include "convae.h"
#include "convnet.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "net.h"
#include "optim.h"
#include "out.h"
#include "progress.h"
#include "rng.h"

enum { SIDE = 28, D = SIDE * SIDE, CODE = 128, SHOW = 8, FEATURE_IMAGES = 4, FILTERS = 16,
       SPECTRUM_IMAGES = 500, EVAL_N = 1000, QUICK_TRAIN = 1024, QUICK_BATCH = 64,
       QUICK_TEST = 1000, QUICK_EVAL = 500, MAX_SHIFT = 6, SHOW_SHIFT = 4 };
enum { RESIZE, TRANSPOSED, DENSE, NMODELS };
#define STRETCH_Q 0.02   /* the constant-code images span their 2 % to 98 % quantiles */
static const char *const MODEL_NAMES[NMODELS] = {"conv AE (upsample + conv)", "conv AE (transposed conv)",
                                                  "dense AE 784-256-128-256-784"};

/* ---- the three models ---- */

typedef struct {
    ae_convae *conv;         /* RESIZE, TRANSPOSED */
    ae_net *dense;           /* DENSE: one stack, the code is its second hidden layer */
    ae_optim *opt;           /* Adam over its W and b */
    gsl_matrix *dA;          /* batch x 784 */
    double *train_bce, *test_bce;   /* per epoch, per pixel */
} model;

static model model_alloc(int kind, const ae_cli *c, gsl_rng *init)
{
    model m = {.train_bce = calloc((size_t)c->epochs, sizeof(double)),
               .test_bce = calloc((size_t)c->epochs, sizeof(double))};
    AE_ASSERT(m.train_bce && m.test_bce);
    m.opt = ae_optim_alloc(AE_ADAM, c->lr);
    m.dA = gsl_matrix_alloc(c->batch, D);
    if (kind != DENSE) {
        m.conv = ae_convae_alloc(kind == TRANSPOSED ? AE_CONVAE_TRANSPOSED : AE_CONVAE_RESIZE, c->batch);
        ae_convae_init(m.conv, init);
        ae_convae_add_params(m.conv, m.opt);
        return m;
    }
    const size_t sizes[] = {D, 256, CODE, 256, D};
    const ae_act f[] = {AE_RELU, AE_RELU, AE_RELU, AE_IDENTITY};
    m.dense = ae_net_alloc(4, sizes, f, GSL_MAX(c->batch, SHOW));   /* write_recon: SHOW images */
    ae_net_init(m.dense, init, 1.0);
    ae_net_add_params(m.dense, m.opt);
    return m;
}

static void model_free(model *m)
{
    ae_net_free(m->dense);
    ae_convae_free(m->conv);
    ae_optim_free(m->opt);
    gsl_matrix_free(m->dA);
    free(m->train_bce);
    free(m->test_bce);
}

static ae_optim *model_optim(model *m)
{
    return m->opt;
}

static size_t model_nparams(const model *m)
{
    return m->dense ? ae_net_nparams(m->dense)
                    : ae_convae_nparams(m->conv);
}

/* The logits of the reconstructions of X (B x 784). */
static const gsl_matrix *model_logits(model *m, const gsl_matrix *X)
{
    if (m->dense)
        return ae_net_forward(m->dense, X);
    return ae_convae_forward(m->conv, X);
}

/* One Adam step; the mean BCE per image of the batch. */
static double model_step(model *m, const gsl_matrix *X)
{
    gsl_matrix_view dA = gsl_matrix_submatrix(m->dA, 0, 0, X->size1, D);
    ae_optim_zero_grad(m->opt);
    if (m->conv)
        ae_convae_zero_grad(m->conv);
    double loss = ae_loss_bce_logits(&dA.matrix, model_logits(m, X), X);
    if (m->conv)
        ae_convae_backward(m->conv, &dA.matrix);
    else
        ae_net_backward(m->dense, &dA.matrix, AE_SKIP_DX);
    ae_optim_step(m->opt);
    return loss;
}

/* Images first ... first + rows - 1 of ds in the first rows of X, rows = min(X's, n - first). */
static gsl_matrix_view next_rows(gsl_matrix *X, const ae_dataset *ds, size_t first, size_t n)
{
    size_t rows = n - first < X->size1 ? n - first : X->size1;
    gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D);
    ae_batch_range(&Xb.matrix, NULL, ds, first, rows);
    return Xb;
}

/* BCE per pixel of the reconstructions of the first n images of ds. */
static double model_bce(model *m, const ae_dataset *ds, size_t n, gsl_matrix *X)
{
    double sum = 0.0;
    for (size_t first = 0; first < n; first += X->size1) {
        gsl_matrix_view Xb = next_rows(X, ds, first, n);
        sum += ae_loss_bce_logits(NULL, model_logits(m, &Xb.matrix), &Xb.matrix) * (double)Xb.matrix.size1;
    }
    return sum / (double)(n * D);
}

/* BOOK: shift */
/* Each image of X (28 x 28 rows) moved s pixels right and s pixels down; zeros come in. */
static void shift_images(gsl_matrix *X, size_t s)
{
    for (size_t b = 0; b < X->size1; b++) {
        double *x = gsl_matrix_ptr(X, b, 0);
        for (size_t i = SIDE; i-- > 0;)   /* from the bottom right: each source is read before it is overwritten */
            for (size_t j = SIDE; j-- > 0;)
                x[i * SIDE + j] = i >= s && j >= s ? x[(i - s) * SIDE + (j - s)] : 0.0;
    }
}

/* MSE per pixel between the first n images of ds, each moved by s, and their reconstructions:
 * the dense AE learned its weights for garments in the middle, the conv AE its filters for any place. */
static double model_mse_shifted(model *m, const ae_dataset *ds, size_t n, gsl_matrix *X, size_t s)
{
    double sum = 0.0;
    for (size_t first = 0; first < n; first += X->size1) {
        gsl_matrix_view Xb = next_rows(X, ds, first, n);
        shift_images(&Xb.matrix, s);
        const gsl_matrix *A = model_logits(m, &Xb.matrix);
        for (size_t b = 0; b < Xb.matrix.size1; b++)
            for (size_t i = 0; i < D; i++) {
                double e = ae_sigmoid(gsl_matrix_get(A, b, i)) - gsl_matrix_get(&Xb.matrix, b, i);
                sum += e * e;
            }
    }
    return sum / (double)(n * D);
}
/* END BOOK */

/* BOOK: train */
static void train(model *m, int kind, const ae_cli *c, const ae_dataset *train_set,
                  const ae_dataset *test, size_t eval_n)
{
    gsl_matrix *X = gsl_matrix_alloc(c->batch, D);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    ae_optim *opt = model_optim(m);
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        double t0 = ae_seconds(), sum = 0.0;
        opt->lr = c->lr * 0.5 * (1.0 + cos(M_PI * (epoch - 1) / c->epochs));   /* cosine decay */
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D);
            ae_batch_fill(&Xb.matrix, NULL, train_set, idx, rows);
            double loss = model_step(m, &Xb.matrix);   /* zero grad, forward, backward, Adam */
            ae_check_loss(c, loss, epoch, k + 1);
            sum += loss * (double)rows;
        }
        m->train_bce[epoch - 1] = sum / (double)(train_set->n * D);
        m->test_bce[epoch - 1] = model_bce(m, test, eval_n, X);
        ae_progress(c, "%s epoch %d/%d: train BCE %.4f, test BCE %.4f per pixel (%.1f s/epoch)",
                    MODEL_NAMES[kind], epoch, c->epochs, m->train_bce[epoch - 1],
                    m->test_bce[epoch - 1], ae_seconds() - t0);
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

/* ---- the checkerboard ---- */

/* The decoder's image (sigmoid of the logits) for the code with every entry equal to z. */
static void decode_constant(double *img, model *m, double z)
{
    gsl_matrix *Z = gsl_matrix_alloc(1, CODE);
    gsl_matrix_set_all(Z, z);
    const gsl_matrix *A = ae_convnet_forward(m->conv->dec, Z);
    for (size_t i = 0; i < D; i++)
        img[i] = ae_sigmoid(A->data[i]);
    gsl_matrix_free(Z);
}

/* The mean code entry of the first n images of ds (the constant code after training). */
static double mean_code(model *m, const ae_dataset *ds, size_t n, gsl_matrix *X)
{
    double sum = 0.0;
    gsl_matrix_view Xm = gsl_matrix_submatrix(X, 0, 0, GSL_MIN(X->size1, AE_CONVAE_MICRO), D);
    for (size_t first = 0; first < n; first += Xm.matrix.size1) {   /* the encoder takes a micro-batch */
        gsl_matrix_view Xb = next_rows(&Xm.matrix, ds, first, n);
        const gsl_matrix *Z = ae_convnet_forward(m->conv->enc, &Xb.matrix);
        for (size_t b = 0; b < Z->size1; b++)
            for (size_t j = 0; j < CODE; j++)
                sum += gsl_matrix_get(Z, b, j);
    }
    return sum / (double)(n * CODE);
}

/* cs[u n + j] = cos(2 pi u j / n), sn likewise, for n = SIDE */
static void dft_tables(double *cs, double *sn)
{
    for (size_t u = 0; u < SIDE; u++)
        for (size_t j = 0; j < SIDE; j++) {
            cs[u * SIDE + j] = cos(2 * M_PI * (double)(u * j) / SIDE);
            sn[u * SIDE + j] = sin(2 * M_PI * (double)(u * j) / SIDE);
        }
}

/* P[u][v] += |F(u, v)|^2, the 2-D DFT of the n x n image x with its mean removed
 * (rows, then columns; cos and sin tables of n x n). */
static void add_power(double *P, const double *x, size_t n, const double *cs, const double *sn)
{
    double mean = 0.0, re[SIDE * SIDE], im[SIDE * SIDE];
    AE_ASSERT(n <= SIDE);
    for (size_t i = 0; i < n * n; i++)
        mean += x[i] / (double)(n * n);
    for (size_t i = 0; i < n; i++)   /* along each row: R[i][v] = sum_j x_ij e^(-2 pi i v j / n) */
        for (size_t v = 0; v < n; v++) {
            double a = 0.0, b = 0.0;
            for (size_t j = 0; j < n; j++) {
                a += (x[i * n + j] - mean) * cs[v * n + j];
                b -= (x[i * n + j] - mean) * sn[v * n + j];
            }
            re[i * n + v] = a, im[i * n + v] = b;
        }
    for (size_t u = 0; u < n; u++)   /* down each column */
        for (size_t v = 0; v < n; v++) {
            double a = 0.0, b = 0.0;
            for (size_t i = 0; i < n; i++) {
                a += re[i * n + v] * cs[u * n + i] + im[i * n + v] * sn[u * n + i];
                b += im[i * n + v] * cs[u * n + i] - re[i * n + v] * sn[u * n + i];
            }
            P[u * n + v] += a * a + b * b;
        }
}

/* A power spectrum as an image in [0, 1]: zero frequency in the middle, log10 of the
 * power over its largest value, from 10^-6 (0) to 1 (1). */
static void spectrum_image(double *img, const double *P, size_t n)
{
    double top = 0.0;
    for (size_t i = 1; i < n * n; i++)
        top = fmax(top, P[i]);
    for (size_t u = 0; u < n; u++)
        for (size_t v = 0; v < n; v++) {
            double p = top > 0.0 ? P[u * n + v] / top : 0.0;
            double l = p > 1e-6 ? 1.0 + log10(p) / 6.0 : 0.0;
            img[((u + n / 2) % n) * n + (v + n / 2) % n] = fmin(l, 1.0);
        }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Scale an image so that its values from the q-quantile to the (1 - q)-quantile span
 * [0, 1], clipping the rest (a constant image becomes 0.5): patterns of any contrast
 * show, and with q > 0 a few extreme pixels cannot wash them out. */
static void stretch(double *img, size_t n, double q)
{
    double sorted[D];
    AE_ASSERT(n <= D);
    memcpy(sorted, img, n * sizeof *img);
    qsort(sorted, n, sizeof *sorted, by_value);
    double lo = sorted[(size_t)(q * (double)(n - 1))], hi = sorted[(size_t)((1.0 - q) * (double)(n - 1))];
    for (size_t i = 0; i < n; i++)
        img[i] = hi > lo ? fmin(1.0, fmax(0.0, (img[i] - lo) / (hi - lo))) : 0.5;
}

typedef struct {
    double constant[2][2][D];   /* [decoder][0 init, 1 trained]: sigmoid outputs */
    double share_const[2][2];   /* (3.12) of those */
    double share_recon[2];      /* mean (3.12) over test reconstructions */
    double share_data;          /* ... and over the test images themselves */
    double power[3][D];         /* mean power spectra: data, resize, transposed reconstructions */
} checker;

/* Reconstructions of the first n test images by both conv models: their mean checkerboard
 * measure and power spectra, and the images' own. */
static void checker_recon(checker *ck, model *conv[2], const ae_dataset *test, size_t n)
{
    double cs[D], sn[D], x[D];
    dft_tables(cs, sn);
    gsl_matrix *X = gsl_matrix_alloc(1, D);
    for (size_t i = 0; i < n; i++) {
        ae_batch_range(X, NULL, test, i, 1);
        add_power(ck->power[0], X->data, SIDE, cs, sn);
        ck->share_data += ex03_nyquist_share(X->data, SIDE) / (double)n;
        for (size_t d = 0; d < 2; d++) {
            const gsl_matrix *A = model_logits(conv[d], X);
            for (size_t p = 0; p < D; p++)
                x[p] = ae_sigmoid(A->data[p]);
            add_power(ck->power[1 + d], x, SIDE, cs, sn);
            ck->share_recon[d] += ex03_nyquist_share(x, SIDE) / (double)n;
        }
    }
    gsl_matrix_free(X);
}

/* ---- outputs ---- */

static int write_results(const ae_cli *c, model *m, const double bce[NMODELS])
{
    double rows[NMODELS * 4];
    for (size_t k = 0; k < NMODELS; k++) {
        double r[4] = {k, model_nparams(&m[k]), CODE, bce[k]};
        memcpy(rows + 4 * k, r, sizeof r);
    }
    int status = ae_write_table(c->out, "results.dat",
                                "model 0: conv AE (upsample + conv), 1: conv AE (transposed conv), "
                                "2: dense AE 784-256-128-256-784; test BCE per pixel",
                                "model params code test_bce", rows, NMODELS, 4);
    if (status)
        return status;
    size_t width = 1 + 2 * NMODELS;
    double *curves = malloc((size_t)c->epochs * width * sizeof *curves);
    AE_ASSERT(curves);
    for (int e = 0; e < c->epochs; e++) {
        double *r = curves + (size_t)e * width;
        r[0] = e + 1;
        for (size_t k = 0; k < NMODELS; k++)
            r[1 + 2 * k] = m[k].train_bce[e], r[2 + 2 * k] = m[k].test_bce[e];
    }
    status = ae_write_table(c->out, "curves.dat", "per epoch: BCE per pixel, training and test subset",
                            "epoch conv_train conv_test convt_train convt_test dense_train dense_test",
                            curves, (size_t)c->epochs, width);
    free(curves);
    return status;
}

/* Test images moved by s pixels and their reconstructions by the three models, one row each. */
static int write_recon(const ae_cli *c, model *m, const ae_dataset *test, size_t s, const char *name)
{
    double img[(1 + NMODELS) * SHOW * D];
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D);
    ae_batch_range(X, NULL, test, 0, SHOW);
    shift_images(X, s);
    memcpy(img, X->data, SHOW * D * sizeof *img);
    for (size_t k = 0; k < NMODELS; k++) {
        const gsl_matrix *A = model_logits(&m[k], X);
        for (size_t i = 0; i < SHOW * D; i++)
            img[(1 + k) * SHOW * D + i] = ae_sigmoid(A->data[i]);
    }
    gsl_matrix_free(X);
    char moved[48] = "", what[160];
    if (s)
        snprintf(moved, sizeof moved, " moved %zu pixels right and down", s);
    snprintf(what, sizeof what, "rows: test images%s; conv AE (upsample + conv); conv AE (transposed conv); "
             "dense AE", moved);
    return ae_write_mosaic(c->out, name, what, img, (1 + NMODELS) * SHOW, SIDE, SIDE, SHOW, 1.0);
}

/* shift.dat: per shift s, the MSE per pixel of each model on the moved test images. */
static int write_shift(const ae_cli *c, double mse[NMODELS][MAX_SHIFT + 1])
{
    double rows[(MAX_SHIFT + 1) * (1 + NMODELS)];
    for (size_t s = 0; s <= MAX_SHIFT; s++) {
        rows[s * (1 + NMODELS)] = (double)s;
        for (size_t k = 0; k < NMODELS; k++)
            rows[s * (1 + NMODELS) + 1 + k] = mse[k][s];
    }
    return ae_write_table(c->out, "shift.dat",
                          "test images moved s pixels right and s down (zeros come in): MSE per pixel "
                          "of the reconstructions",
                          "shift conv convt dense", rows, MAX_SHIFT + 1, 1 + NMODELS);
}

static int write_checker(const ae_cli *c, checker *ck)
{
    double rows[2 * 5];
    for (size_t d = 0; d < 2; d++) {
        double r[5] = {d, ck->share_const[d][0], ck->share_const[d][1], ck->share_recon[d], ck->share_data};
        memcpy(rows + 5 * d, r, sizeof r);
    }
    int status = ae_write_table(c->out, "checker.dat",
                                "share of the power at the Nyquist frequencies (3.12); decoder 0: upsample + "
                                "conv, 1: transposed conv; constant code at init and trained, test "
                                "reconstructions, the test images themselves",
                                "decoder const_init const_trained recon data", rows, 2, 5);
    /* the constant-code images (stretched), their middle rows, the spectra */
    double img[4 * D], prof[SIDE * 5], spec[5 * D];
    for (size_t d = 0; d < 2; d++)
        for (size_t t = 0; t < 2; t++) {
            memcpy(img + (2 * t + d) * D, ck->constant[d][t], D * sizeof *img);
            stretch(img + (2 * t + d) * D, D, STRETCH_Q);
        }
    for (size_t j = 0; j < SIDE; j++) {
        prof[5 * j] = (double)j;
        for (size_t i = 0; i < 4; i++)
            prof[5 * j + 1 + i] = img[i * D + (SIDE / 2) * SIDE + j];
    }
    double cs[D], sn[D], P[D];
    dft_tables(cs, sn);
    for (size_t k = 0; k < 3; k++)
        spectrum_image(spec + k * D, ck->power[k], SIDE);
    for (size_t d = 0; d < 2; d++) {
        memset(P, 0, sizeof P);
        add_power(P, ck->constant[d][0], SIDE, cs, sn);
        spectrum_image(spec + (3 + d) * D, P, SIDE);
    }
    if (!status)
        status = ae_write_mosaic(c->out, "constant.dat",
                                 "decoder output for a constant code, each stretched (2 % to 98 % quantile to [0, 1]): upsample + conv "
                                 "and transposed conv at initialisation, then after training",
                                 img, 4, SIDE, SIDE, 2, 1.0);
    if (!status)
        status = ae_write_table(c->out, "profile.dat",
                                "the middle row (14) of the stretched constant-code outputs",
                                "x resize_init transposed_init resize_trained transposed_trained", prof, SIDE, 5);
    if (!status)
        status = ae_write_mosaic(c->out, "spectrum.dat",
                                 "log10 power spectra, zero frequency in the middle (0: 10^-6 of the largest, "
                                 "1: the largest): test images; reconstructions by upsample + conv; by "
                                 "transposed conv; constant code at init, upsample + conv; transposed conv",
                                 spec, 5, SIDE, SIDE, 5, 0.0);
    return status;
}

/* The first layer's 16 filters (3 x 3, each over its largest |w|) and, for a few test
 * images, the image followed by its 16 feature maps (after the relu, each stretched). */
static int write_filters(const ae_cli *c, model *m, const ae_dataset *test)
{
    const gsl_matrix *W = m->conv->enc->conv[0]->W;   /* 16 x 9 */
    double filt[FILTERS * 9];
    for (size_t f = 0; f < FILTERS; f++) {
        double big = 0.0;
        for (size_t i = 0; i < 9; i++)
            big = fmax(big, fabs(gsl_matrix_get(W, f, i)));
        for (size_t i = 0; i < 9; i++)
            filt[f * 9 + i] = gsl_matrix_get(W, f, i) / big;
    }
    int status = ae_write_mosaic(c->out, "filters.dat", "first-layer filters, each over its largest |w|",
                                 filt, FILTERS, 3, 3, 8, 0.0);
    if (status)
        return status;
    double *maps = malloc(FEATURE_IMAGES * (1 + FILTERS) * D * sizeof *maps);
    AE_ASSERT(maps);
    gsl_matrix *X = gsl_matrix_alloc(FEATURE_IMAGES, D);
    ae_batch_range(X, NULL, test, SHOW, FEATURE_IMAGES);
    ae_convnet_forward(m->conv->enc, X);
    const gsl_matrix *H = ae_convnet_hidden(m->conv->enc, 1);   /* 16 x 28 x 28 per image */
    for (size_t n = 0; n < FEATURE_IMAGES; n++) {
        double *row = maps + n * (1 + FILTERS) * D;
        memcpy(row, X->data + n * D, D * sizeof *row);
        for (size_t f = 0; f < FILTERS; f++) {
            memcpy(row + (1 + f) * D, H->data + n * H->tda + f * D, D * sizeof *row);
            stretch(row + (1 + f) * D, D, 0.0);
        }
    }
    status = ae_write_mosaic(c->out, "features.dat",
                             "each row: a test image, then its 16 first-layer feature maps (relu, stretched)",
                             maps, FEATURE_IMAGES * (1 + FILTERS), SIDE, SIDE, 1 + FILTERS, 1.0);
    gsl_matrix_free(X);
    free(maps);
    return status;
}

int main(int argc, char **argv)
{
    size_t train_n = 10000, test_n = 10000;
    ae_cli_extra extra[] = {
        {.name = "train", .kind = AE_X_SIZE, .value = &train_n, .lo = 256, .hi = 60000,
         .help = "training images (the first N of the set)"},
        {.name = "test", .kind = AE_X_SIZE, .value = &test_n, .lo = 100, .hi = 10000,
         .help = "test images for the final BCE"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson03",
        .title = "conv: a convolutional autoencoder, and the checkerboard of transposed convolution",
        .about = "Trains the Keras-blog conv AE (code 8x4x4 = 128), the same with a transposed-conv\n"
                 "decoder, and a dense AE 784-256-128-256-784, with Adam and BCE, on --train images;\n"
                 "compares test BCE, reconstructions, the decoders' output for a constant code and\n"
                 "its power spectrum (checkerboard), and shows the first layer's filters; then moves\n"
                 "the test images 0-6 pixels (MSE of the three models: the conv AE barely minds).\n"
                 "The full experiment: --train 60000 --epochs 10 (about 2 minutes on two threads).\n"
                 "--quick: 1,024 training images, 1 epoch of batch 64, 1,000 test images. BOOK.md chapter 3.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 4, .batch = 128, .lr = 2e-3, .seed = 42, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/03-conv", .extra = extra,
    };
    ae_cli_parse(&c, argc, argv);
    size_t eval_n = EVAL_N;
    if (c.quick) {
        if (!extra[0].given)
            train_n = QUICK_TRAIN;
        if (!extra[1].given)
            test_n = QUICK_TEST;
        if (!ae_cli_given(&c, AE_FLAG_EPOCHS))
            c.epochs = 1;
        if (!ae_cli_given(&c, AE_FLAG_BATCH))
            c.batch = QUICK_BATCH;
        eval_n = QUICK_EVAL;
    }

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (train_n > train_set.n)
        ae_die(c.prog, "--train: %zu is more than the %zu training images of %s", train_n, train_set.n, c.data);
    if (test_n > test.n)
        ae_die(c.prog, "--test: %zu is more than the %zu test images of %s", test_n, test.n, c.data);
    if (c.batch > train_n)
        ae_die(c.prog, "--batch: %zu is more than the %zu training images (--train)", c.batch, train_n);
    ae_dataset_truncate(&train_set, train_n);
    eval_n = eval_n < test_n ? eval_n : test_n;

    double err = check_exercises(c.seed);
    ae_progress(&c, "exercises 3.1, 3.2 against finite differences: max relative error %.2g (tolerance %.0e)",
                err, AE_GC_TOL_OP);
    if (!(err <= AE_GC_TOL_OP)) {
        fprintf(stderr, "%s: a backward pass disagrees with finite differences: finish exercises 3.1 and 3.2 "
                        "in lessons/03-conv/exercises.c (make grade)\n", c.prog);
        return 1;
    }

    gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
    model m[NMODELS];
    for (int k = 0; k < NMODELS; k++)
        m[k] = model_alloc(k, &c, init);
    checker ck = {0};
    model *conv[2] = {&m[RESIZE], &m[TRANSPOSED]};
    for (size_t d = 0; d < 2; d++) {   /* before any training: a constant code of ones */
        decode_constant(ck.constant[d][0], conv[d], 1.0);
        ck.share_const[d][0] = ex03_nyquist_share(ck.constant[d][0], SIDE);
    }
    ae_progress(&c, "at initialisation, constant code: checkerboard measure %.4f (upsample + conv), "
                "%.4f (transposed conv)", ck.share_const[0][0], ck.share_const[1][0]);

    double bce[NMODELS], secs[NMODELS], mse[NMODELS][MAX_SHIFT + 1];
    gsl_matrix *X = gsl_matrix_alloc(c.batch, D);
    for (int k = 0; k < NMODELS; k++) {
        double t0 = ae_seconds();
        train(&m[k], k, &c, &train_set, &test, eval_n);
        secs[k] = (ae_seconds() - t0) / c.epochs;
        bce[k] = model_bce(&m[k], &test, test_n, X);
        ae_progress(&c, "%s: %zu parameters, test BCE %.4f per pixel on %zu images", MODEL_NAMES[k],
                    model_nparams(&m[k]), bce[k], test_n);
        for (size_t s = 0; s <= MAX_SHIFT; s++)
            mse[k][s] = model_mse_shifted(&m[k], &test, test_n, X, s);
        ae_progress(&c, "%s: test MSE per pixel %.4f, and %.4f on images moved %d pixels", MODEL_NAMES[k],
                    mse[k][0], mse[k][SHOW_SHIFT], SHOW_SHIFT);
    }
    for (size_t d = 0; d < 2; d++) {   /* after training: the mean code entry, everywhere */
        decode_constant(ck.constant[d][1], conv[d], mean_code(conv[d], &test, eval_n, X));
        ck.share_const[d][1] = ex03_nyquist_share(ck.constant[d][1], SIDE);
    }
    checker_recon(&ck, conv, &test, SPECTRUM_IMAGES < test_n ? SPECTRUM_IMAGES : test_n);

    ae_check(c.prog, write_results(&c, m, bce));
    ae_check(c.prog, write_recon(&c, m, &test, 0, "recon.dat"));
    ae_check(c.prog, write_recon(&c, m, &test, SHOW_SHIFT, "recon_shift.dat"));
    ae_check(c.prog, write_shift(&c, mse));
    ae_check(c.prog, write_checker(&c, &ck));
    ae_check(c.prog, write_filters(&c, &m[RESIZE], &test));

    printf("lesson03 conv: data %s conv_bce %.4f dense_bce %.4f convt_bce %.4f "
           "checker_init resize %.4f transposed %.4f checker_trained resize %.4f transposed %.4f "
           "recon resize %.4f transposed %.4f shift%d_mse conv %.4f dense %.4f train %zu epochs %d "
           "s_per_epoch conv %.1f convt %.1f dense %.1f time %.1fs\n",
           c.data, bce[RESIZE], bce[DENSE], bce[TRANSPOSED], ck.share_const[0][0], ck.share_const[1][0],
           ck.share_const[0][1], ck.share_const[1][1], ck.share_recon[0], ck.share_recon[1], SHOW_SHIFT, mse[RESIZE][SHOW_SHIFT], mse[DENSE][SHOW_SHIFT],
           train_n, c.epochs,
           secs[RESIZE], secs[TRANSPOSED], secs[DENSE], ae_seconds() - c.t0);

    gsl_matrix_free(X);
    for (int k = 0; k < NMODELS; k++)
        model_free(&m[k]);
    gsl_rng_free(init);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
