/* Lesson 03's figures and the checkerboard's measurements. See figures.h. */
#include "batch.h"
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "act.h"
#include "convnet.h"
#include "err.h"
#include "exercises.h"
#include "out.h"
#include "spectrum.h"

#define FILTER_GAP (-2.0)   /* filters.dat: below every weight, drawn dark */
enum { FEATURE_IMAGES = 4, FILTERS = 16, CROP = 8, CROP_AT = 10 };   /* crop.dat: rows and columns 10-17 */
enum { SWITCH_N = 100 };   /* unpooling decoder, constant code: (3.12) averaged over this many images' switches */

const char *const CONV_KEYS[NCONV] = {"resize", "transposed", "unpool", "last_transposed"};

/* ---- the checkerboard ---- */

/* Scale an image so that its values span [0, 1] (a constant image becomes 0.5). */
static void stretch(double *img, size_t n)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        lo = fmin(lo, img[i]), hi = fmax(hi, img[i]);
    for (size_t i = 0; i < n; i++)
        img[i] = hi > lo ? (img[i] - lo) / (hi - lo) : 0.5;
}

/* The decoder's image (sigmoid of the logits) and its logits for the code with every entry z;
 * an unpooling decoder unpools at the switches of the image x (1 x 784), the encoder's. */
static void decode_constant(double *img, double *logits, model *m, double z, const gsl_matrix *x)
{
    gsl_matrix *Z = gsl_matrix_alloc(1, CODE);
    gsl_matrix_set_all(Z, z);
    if (m->kind == UNPOOL)
        ae_convnet_forward(m->conv->enc, x);   /* where the maxima of x are: the switches */
    const gsl_matrix *A = ae_convnet_forward(m->conv->dec, Z);
    for (size_t i = 0; i < D; i++)
        img[i] = ae_sigmoid(A->data[i]), logits[i] = A->data[i];
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

void checker_constant(checker *ck, size_t t, model *conv[NCONV], const ae_dataset *val, size_t n, gsl_matrix *X)
{
    gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, 1, D);
    for (size_t d = 0; d < NCONV; d++) {
        double z = t == 0 ? 1.0 : mean_code(conv[d], val, n, X), img[D], logits[D];
        size_t images = conv[d]->kind == UNPOOL ? GSL_MIN(SWITCH_N, n) : 1;
        ck->share_const[d][t] = 0.0;
        for (size_t i = images; i-- > 0;) {   /* the first image last: the one shown */
            ae_batch_range(&x.matrix, NULL, val, i, 1);
            decode_constant(img, logits, conv[d], z, &x.matrix);
            ck->share_const[d][t] += ex03_nyquist_share(img, SIDE) / (double)images;
        }
        memcpy(ck->constant[d][t], img, sizeof img);
        memcpy(ck->logits[d][t], logits, sizeof logits);
        ck->epochs[d] = conv[d]->epochs;
    }
}

void checker_recon(checker *ck, model *conv[NCONV], const ae_dataset *test, size_t n)
{
    double cs[D], sn[D], x[D];
    dft_tables(cs, sn);
    gsl_matrix *X = gsl_matrix_alloc(1, D);
    for (size_t i = 0; i < n; i++) {
        ae_batch_range(X, NULL, test, i, 1);
        add_power(ck->power[0], X->data, SIDE, cs, sn);
        ck->share_data += ex03_nyquist_share(X->data, SIDE) / (double)n;
        for (size_t d = 0; d < NCONV; d++) {
            const gsl_matrix *A = model_forward(conv[d], X);
            for (size_t p = 0; p < D; p++)
                x[p] = ae_sigmoid(A->data[p]);
            add_power(ck->power[1 + d], x, SIDE, cs, sn);
            ck->share_recon[d] += ex03_nyquist_share(x, SIDE) / (double)n;
        }
    }
    gsl_matrix_free(X);
    double prof[1 + NCONV][SIDE / 2 + 1];
    for (size_t k = 0; k < 1 + NCONV; k++)
        axis_profile(prof[k], ck->power[k], SIDE);
    for (size_t d = 0; d < NCONV; d++)   /* the spike at the Nyquist frequency of spectrum1d.dat */
        ck->nyquist_ratio[d] = prof[1 + d][SIDE / 2] / prof[0][SIDE / 2];
}

/* ---- the files ---- */

int write_results(const ae_cli *c, model m[NMODELS], const double bce[NMODELS])
{
    double rows[NMODELS * 5];
    for (size_t k = 0; k < NMODELS; k++) {
        double r[5] = {k, model_nparams(&m[k]), CODE, bce[k], m[k].epochs};
        memcpy(rows + 5 * k, r, sizeof r);
    }
    return ae_write_table(c->out, "results.dat",
                          "model 0: conv AE (upsample + conv), 1: conv AE (transposed conv), "
                          "2: dense AE 784-256-128-256-784; test BCE per pixel; epochs trained",
                          "model params code test_bce epochs", rows, NMODELS, 5);
}

/* One row per (model, epoch), the models one after the other: each trains its own number of epochs. */
int write_curves(const ae_cli *c, model m[NMODELS])
{
    size_t rows = 0;
    for (size_t k = 0; k < NMODELS; k++)
        rows += (size_t)m[k].epochs;
    double *curves = malloc(rows * 4 * sizeof *curves), *r = curves;
    AE_ASSERT(curves);
    for (size_t k = 0; k < NMODELS; k++)
        for (int e = 0; e < m[k].epochs; e++, r += 4) {
            r[0] = (double)k, r[1] = e + 1;
            r[2] = m[k].train_bce[e], r[3] = m[k].val_bce[e];
        }
    int status = ae_write_table(c->out, "curves.dat",
                                "per model (0: conv AE, upsample + conv; 1: transposed conv; 2: dense AE) and "
                                "epoch: BCE per pixel on the training set and on the validation set (the "
                                "training set's last images); each model stops when the validation BCE stalls",
                                "model epoch train val", curves, rows, 4);
    free(curves);
    return status;
}

/* Test images moved by s pixels and their reconstructions by the three models, one row each. */
static int recon_mosaic(const ae_cli *c, model m[NMODELS], const ae_dataset *test, size_t s, const char *name)
{
    double img[(1 + NMODELS) * SHOW * D];
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D);
    ae_batch_range(X, NULL, test, 0, SHOW);
    shift_images(X, s);
    memcpy(img, X->data, SHOW * D * sizeof *img);
    for (size_t k = 0; k < NMODELS; k++) {
        const gsl_matrix *A = model_forward(&m[k], X);
        for (size_t i = 0; i < SHOW * D; i++)
            img[(1 + k) * SHOW * D + i] = ae_sigmoid(A->data[i]);
    }
    gsl_matrix_free(X);
    char moved[64] = "", what[160];
    if (s)
        snprintf(moved, sizeof moved, " moved %zu pixels right and down", s);
    snprintf(what, sizeof what, "rows: test images%s; conv AE (upsample + conv); conv AE (transposed conv); "
             "dense AE", moved);
    return ae_write_mosaic(c->out, name, what, img, (1 + NMODELS) * SHOW, test->rows, test->cols, SHOW, 1.0);
}

int write_recon(const ae_cli *c, model m[NMODELS], const ae_dataset *test)
{
    return recon_mosaic(c, m, test, 0, "recon.dat");
}

int write_recon_shift(const ae_cli *c, model m[NMODELS], const ae_dataset *test)
{
    return recon_mosaic(c, m, test, SHOW_SHIFT, "recon_shift.dat");
}

/* per shift s, the error of each model on the moved test images: relative, and per pixel */
int write_shift(const ae_cli *c, double rel[NMODELS][MAX_SHIFT + 1], double mse[NMODELS][MAX_SHIFT + 1])
{
    enum { W = 1 + 2 * NMODELS };
    double rows[(MAX_SHIFT + 1) * W];
    for (size_t s = 0; s <= MAX_SHIFT; s++) {
        rows[s * W] = (double)s;
        for (size_t k = 0; k < NMODELS; k++)
            rows[s * W + 1 + k] = rel[k][s], rows[s * W + 1 + NMODELS + k] = mse[k][s];
    }
    return ae_write_table(c->out, "shift.dat",
                          "test images moved s pixels right and s down (zeros come in): error of the "
                          "reconstructions relative to the images' energy, sum ||x_hat - x||^2 / sum ||x||^2, "
                          "and the MSE per pixel",
                          "shift conv convt dense conv_mse convt_mse dense_mse", rows, MAX_SHIFT + 1, W);
}

/* The range [lo, hi] of decoder d's constant-code logits at stage t (0 init, 1 trained). */
static void logit_range(const checker *ck, size_t d, size_t t, double *lo, double *hi)
{
    *lo = INFINITY, *hi = -INFINITY;
    for (size_t i = 0; i < D; i++)
        *lo = fmin(*lo, ck->logits[d][t][i]), *hi = fmax(*hi, ck->logits[d][t][i]);
}

int write_checker(const ae_cli *c, const checker *ck)
{
    enum { W = 10 };
    double rows[NCONV * W], lo[2], hi[2];
    for (size_t d = 0; d < NCONV; d++) {
        for (size_t t = 0; t < 2; t++)
            logit_range(ck, d, t, &lo[t], &hi[t]);
        double r[W] = {d, ck->share_const[d][0], ck->share_const[d][1], ck->share_recon[d], ck->share_data,
                       lo[0], hi[0], lo[1], hi[1], ck->epochs[d]};
        memcpy(rows + W * d, r, sizeof r);
    }
    return ae_write_table(c->out, "checker.dat",
                          "share of the power at the Nyquist frequencies (3.12); decoder 0: upsample + "
                          "conv, 1: transposed conv, 2: unpooling with the encoder's switches + conv "
                          "(constant code: mean over 100 validation images' switches), 3: upsample + conv, "
                          "transposed conv in the last layer only; constant code at init and trained, test "
                          "reconstructions, the test images themselves; then the range of the decoder's "
                          "constant-code logits at init and trained (what constant.dat stretches to [0, 1]), "
                          "and the epochs it trained",
                          "decoder const_init const_trained recon data lo_init hi_init lo_trained hi_trained epochs",
                          rows, NCONV, W);
}

/* The constant-code logits, each image stretched from its range [lo, hi] to [0, 1]: the
 * decoders' outputs differ in size a hundredfold at initialisation (profile.dat has the values). */
static void constant_images(double img[2 * NCONV * D], const checker *ck)
{
    for (size_t t = 0; t < 2; t++)
        for (size_t d = 0; d < NCONV; d++) {
            memcpy(img + (NCONV * t + d) * D, ck->logits[d][t], D * sizeof *img);
            stretch(img + (NCONV * t + d) * D, D);
        }
}

int write_constant(const ae_cli *c, const checker *ck)
{
    double img[2 * NCONV * D];
    constant_images(img, ck);
    return ae_write_mosaic(c->out, "constant.dat",
                           "decoder logits for a constant code: upsample + conv, transposed conv, unpooling "
                           "(at the first validation image's switches), transposed in the last layer only; at "
                           "initialisation, then after training; each stretched from its range (checker.dat "
                           "lo, hi) to [0, 1]",
                           img, 2 * NCONV, SIDE, SIDE, NCONV, 1.0);
}

/* The CROP x CROP pixels in the middle of each constant-code image, on the same scales. */
int write_crop(const ae_cli *c, const checker *ck)
{
    double img[2 * NCONV * D], crop[2 * NCONV * CROP * CROP];
    constant_images(img, ck);
    for (size_t k = 0; k < 2 * NCONV; k++)
        for (size_t i = 0; i < CROP; i++)
            for (size_t j = 0; j < CROP; j++)
                crop[(k * CROP + i) * CROP + j] = img[k * D + (CROP_AT + i) * SIDE + CROP_AT + j];
    return ae_write_mosaic(c->out, "crop.dat",
                           "the middle 8 x 8 pixels of constant.dat's images, on the same scales",
                           crop, 2 * NCONV, CROP, CROP, NCONV, 1.0);
}

/* Row 14 of the constant-code logits, unscaled. */
int write_profile(const ae_cli *c, const checker *ck)
{
    enum { W = 1 + 2 * NCONV };
    double prof[SIDE * W];
    char cols[256] = "x";
    for (size_t t = 0; t < 2; t++)
        for (size_t d = 0; d < NCONV; d++)
            snprintf(cols + strlen(cols), sizeof cols - strlen(cols), " %s_%s", CONV_KEYS[d], t ? "trained" : "init");
    for (size_t j = 0; j < SIDE; j++) {
        prof[W * j] = (double)j;
        for (size_t t = 0; t < 2; t++)
            for (size_t d = 0; d < NCONV; d++)
                prof[W * j + 1 + NCONV * t + d] = ck->logits[d][t][(SIDE / 2) * SIDE + j];
    }
    return ae_write_table(c->out, "profile.dat", "the middle row (14) of the constant-code logits", cols, prof,
                          SIDE, W);
}

/* The power spectrum of decoder d's output for the constant code at initialisation. */
static void constant_power(double *P, const checker *ck, size_t d, const double *cs, const double *sn)
{
    memset(P, 0, D * sizeof *P);
    add_power(P, ck->constant[d][0], SIDE, cs, sn);
}

/* Two rows of 1 + NCONV: the test images, then each decoder's reconstructions; then a blank
 * (the gap value, which the script covers) and each decoder's constant code at init. */
int write_spectrum(const ae_cli *c, const checker *ck)
{
    double spec[2 * (1 + NCONV) * D], cs[D], sn[D], P[D];
    dft_tables(cs, sn);
    for (size_t k = 0; k < 1 + NCONV; k++)
        spectrum_image(spec + k * D, ck->power[k], SIDE);
    for (size_t i = 0; i < D; i++)
        spec[(1 + NCONV) * D + i] = 0.0;
    for (size_t d = 0; d < NCONV; d++) {
        constant_power(P, ck, d, cs, sn);
        spectrum_image(spec + (2 + NCONV + d) * D, P, SIDE);
    }
    return ae_write_mosaic(c->out, "spectrum.dat",
                           "log10 power spectra, zero frequency in the middle (0: 10^-6 of the largest, "
                           "1: the largest); top row: test images, reconstructions by upsample + conv, "
                           "transposed conv, unpooling, transposed in the last layer only; bottom row: a "
                           "blank, then the same decoders' output for a constant code at init",
                           spec, 2 * (1 + NCONV), SIDE, SIDE, 1 + NCONV, 0.0);
}

int write_spectrum1d(const ae_cli *c, const checker *ck)
{
    enum { F = SIDE / 2 + 1, W = 2 + 2 * NCONV };
    double prof[1 + NCONV][F], cprof[NCONV][F], rows[F * W], cs[D], sn[D], P[D];
    char cols[256] = "freq data";
    dft_tables(cs, sn);
    for (size_t k = 0; k < 1 + NCONV; k++)
        axis_profile(prof[k], ck->power[k], SIDE);
    for (size_t d = 0; d < NCONV; d++) {
        constant_power(P, ck, d, cs, sn);
        axis_profile(cprof[d], P, SIDE);
        snprintf(cols + strlen(cols), sizeof cols - strlen(cols), " %s", CONV_KEYS[d]);
    }
    for (size_t d = 0; d < NCONV; d++)
        snprintf(cols + strlen(cols), sizeof cols - strlen(cols), " const_%s", CONV_KEYS[d]);
    for (size_t f = 0; f < F; f++) {
        rows[W * f] = (double)f / SIDE;
        for (size_t k = 0; k < 1 + NCONV; k++)
            rows[W * f + 1 + k] = prof[k][f];
        for (size_t d = 0; d < NCONV; d++)
            rows[W * f + 2 + NCONV + d] = cprof[d][f];
    }
    return ae_write_table(c->out, "spectrum1d.dat",
                          "share of the power (mean removed) at each frequency along an axis, in cycles per "
                          "pixel (0.5: the Nyquist frequency), summed over the other axis and averaged over "
                          "the two: test images, reconstructions by each conv decoder (mean of 500), and the "
                          "decoders' output for a constant code at initialisation",
                          cols, rows, F, W);
}

/* The first layer's 16 filters (3 x 3), each over its largest |w|. */
int write_filters(const ae_cli *c, const model *conv)
{
    const gsl_matrix *W = conv->conv->enc->conv[0]->W;   /* 16 x 9 */
    double filt[FILTERS * 9];
    for (size_t f = 0; f < FILTERS; f++) {
        double big = 0.0;
        for (size_t i = 0; i < 9; i++)
            big = fmax(big, fabs(gsl_matrix_get(W, f, i)));
        for (size_t i = 0; i < 9; i++)
            filt[f * 9 + i] = gsl_matrix_get(W, f, i) / big;
    }
    return ae_write_mosaic(c->out, "filters.dat",
                           "first-layer filters, each over its largest |w|; the gaps are -2 (drawn dark)",
                           filt, FILTERS, 3, 3, 8, FILTER_GAP);
}

/* For a few test images, the image followed by its 16 feature maps (after the relu, each stretched). */
int write_features(const ae_cli *c, const model *conv, const ae_dataset *test)
{
    double *maps = malloc(FEATURE_IMAGES * (1 + FILTERS) * D * sizeof *maps);
    AE_ASSERT(maps);
    gsl_matrix *X = gsl_matrix_alloc(FEATURE_IMAGES, D);
    ae_batch_range(X, NULL, test, SHOW, FEATURE_IMAGES);
    ae_convnet_forward(conv->conv->enc, X);
    const gsl_matrix *H = ae_convnet_hidden(conv->conv->enc, 1);   /* 16 x 28 x 28 per image */
    for (size_t n = 0; n < FEATURE_IMAGES; n++) {
        double *row = maps + n * (1 + FILTERS) * D;
        memcpy(row, X->data + n * D, D * sizeof *row);
        for (size_t f = 0; f < FILTERS; f++) {
            memcpy(row + (1 + f) * D, H->data + n * H->tda + f * D, D * sizeof *row);
            stretch(row + (1 + f) * D, D);
        }
    }
    int status = ae_write_mosaic(c->out, "features.dat",
                                 "each row: a test image, then its 16 first-layer feature maps (relu, stretched)",
                                 maps, FEATURE_IMAGES * (1 + FILTERS), test->rows, test->cols, 1 + FILTERS, 1.0);
    gsl_matrix_free(X);
    free(maps);
    return status;
}
