/* Lesson 10's figures. See figures.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "batch.h"
#include "err.h"
#include "out.h"

#include "figures.h"

enum { ZOOM = 64, HIST_BINS = 50 };

/* top, left of the 64 x 64 crop of each photograph */
static const struct {
    const char *photo;
    size_t top, left;
} ZOOM_AT[] = {{"camera", 40, 88}, {"moon", 96, 96}};

/* ---- the analyses ---- */

void code_range(codec *q, const ae_dataset *frames, buffers *v)
{
    gsl_vector_set_all(q->lo, INFINITY);
    gsl_vector_set_all(q->hi, -INFINITY);
    size_t cap = v->X->size1;
    for (size_t first = 0; first < frames->n; first += cap) {
        size_t rows = frames->n - first < cap ? frames->n - first : cap;
        batch a = rows_of(v, rows);
        ae_batch_range(&a.X.matrix, NULL, frames, first, rows);
        encode(&a.Z.matrix, q, &a.X.matrix);
        for (size_t b = 0; b < rows; b++)
            for (size_t j = 0; j < q->lo->size; j++) {
                double z = gsl_matrix_get(&a.Z.matrix, b, j);
                gsl_vector_set(q->lo, j, fmin(gsl_vector_get(q->lo, j), z));
                gsl_vector_set(q->hi, j, fmax(gsl_vector_get(q->hi, j), z));
            }
    }
}

/* BOOK: rate_distortion */
/* PSNR of every codec on both photos for b = 2..8 bits (rate) and for the float code (flt). */
void rate_distortion(double rate[NBITS][RATE_COLS], double flt[2][FLOAT_COLS], const codec *q,
                     const photo *const *ph, size_t k, buffers *v)
{
    double *img = malloc(ph[0]->tiles.n * D * sizeof *img);
    AE_ASSERT(img);
    for (unsigned b = BITS_MIN; b <= BITS_MAX; b++) {
        double *r = rate[b - BITS_MIN];
        r[0] = b;
        r[1] = (double)(k * b) / D;   /* (10.3) bits per pixel: k components of b bits per 64 pixels */
        for (size_t i = 0; i < 2; i++)
            for (size_t j = 0; j < NCODECS; j++)
                r[2 + NCODECS * i + j] = code_image(img, &q[j], b, ph[i], v);
    }
    for (size_t i = 0; i < 2; i++) {
        flt[i][0] = i;
        for (size_t j = 0; j < NCODECS; j++)
            flt[i][1 + j] = code_image(img, &q[j], 0, ph[i], v);
    }
    free(img);
}
/* END BOOK */

/* ---- the writers ---- */

int write_rate(const ae_cli *c, double rate[NBITS][RATE_COLS], const photo *seen, const photo *unseen,
               size_t noise_bits)
{
    char what[256];
    snprintf(what, sizeof what, "PSNR (dB) with the code rounded to b bits; trained on %s, unseen %s; "
             "aen: AE trained with %zu-bit rounding noise; dct: the 8x8 DCT's lowest coefficients", seen->name,
             unseen->name, noise_bits);
    return ae_write_table(c->out, "rate.dat", what,
                          "bits bpp ae_train aen_train pca_train dct_train ae_unseen aen_unseen pca_unseen dct_unseen",
                          &rate[0][0], NBITS, RATE_COLS);
}

int write_float(const ae_cli *c, double flt[2][FLOAT_COLS], const photo *seen, const photo *unseen)
{
    char what[256];
    snprintf(what, sizeof what, "PSNR (dB) with the float code; image 0 = %s (train), 1 = %s (unseen)",
             seen->name, unseen->name);
    return ae_write_table(c->out, "float.dat", what, "image ae aen pca dct", &flt[0][0], 2, FLOAT_COLS);
}

int write_loss(const ae_cli *c, double (*curve)[3], double (*curve_n)[3])
{
    double *rows = malloc((size_t)c->epochs * 7 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < c->epochs; e++) {
        double r[7] = {e + 1, curve[e][0], curve[e][1], curve[e][2], curve_n[e][0], curve_n[e][1], curve_n[e][2]};
        memcpy(rows + 7 * e, r, sizeof r);
    }
    int status = ae_write_table(c->out, "loss.dat",
                                "per epoch, historical AE then AE with rounding noise: training MSE per "
                                "pixel, PSNR (dB) of the training and the unseen photo with the float code",
                                "epoch ae_mse ae_psnr_train ae_psnr_unseen aen_mse aen_psnr_train aen_psnr_unseen",
                                rows, (size_t)c->epochs, 7);
    free(rows);
    return status;
}

/* The 8 images of recon_WHICH.dat (2 codecs x original, float, 6-bit, 4-bit), each the size of ph. */
static double *recon_images(const codec *q, const photo *ph, buffers *v)
{
    const size_t n = ph->tiles.n * D;
    const unsigned bits[3] = {0, SHOW_HI, SHOW_LO};
    double *img = malloc(8 * n * sizeof *img);
    AE_ASSERT(img);
    for (size_t m = 0; m < 2; m++) {
        memcpy(img + 4 * m * n, ph->im.v, n * sizeof *img);
        for (size_t i = 0; i < 3; i++)
            code_image(img + (4 * m + i + 1) * n, &q[m], bits[i], ph, v);
    }
    return img;
}

int write_recon(const ae_cli *c, const char *which, const codec *q, const photo *ph, buffers *v)
{
    double *img = recon_images(q, ph, v);
    char name[64], what[256];
    snprintf(name, sizeof name, "recon_%s.dat", which);
    snprintf(what, sizeof what, "%s: original, float code, %d-bit code, %d-bit code; rows: historical AE, "
             "AE trained with rounding noise", ph->name, SHOW_HI, SHOW_LO);
    int status = ae_write_mosaic(c->out, name, what, img, 8, ph->im.rows, ph->im.cols, 4, 1.0);
    free(img);
    return status;
}

int write_zoom(const ae_cli *c, const char *which, const codec *q, const photo *ph, buffers *v)
{
    size_t i = strcmp(ph->name, ZOOM_AT[0].photo) == 0 ? 0 : 1, top = ZOOM_AT[i].top, left = ZOOM_AT[i].left;
    const size_t n = ph->tiles.n * D, side = ph->im.rows;
    double *img = recon_images(q, ph, v), *crop = malloc(8 * ZOOM * ZOOM * sizeof *crop);
    AE_ASSERT(crop);
    for (size_t j = 0; j < 8; j++)
        for (size_t r = 0; r < ZOOM; r++)
            memcpy(crop + (j * ZOOM + r) * ZOOM, img + j * n + (top + r) * side + left, ZOOM * sizeof *crop);
    char name[64], what[256];
    snprintf(name, sizeof name, "zoom_%s.dat", which);
    snprintf(what, sizeof what, "the same, rows %zu-%zu and columns %zu-%zu only", top, top + ZOOM - 1, left,
             left + ZOOM - 1);
    int status = ae_write_mosaic(c->out, name, what, crop, 8, ZOOM, ZOOM, 4, 1.0);
    free(img);
    free(crop);
    return status;
}

/* Column j of W (64 x k, stride tda) or row j of V (stride 1) as an 8 x 8 image scaled to [-1, 1]. */
static void filter_image(double *img, const double *w, size_t stride)
{
    double big = 0.0;
    for (size_t i = 0; i < D; i++)
        big = fmax(big, fabs(w[i * stride]));
    for (size_t i = 0; i < D; i++)
        img[i] = big > 0.0 ? w[i * stride] / big : 0.0;
}

int write_filters(const ae_cli *c, const coder *m, const coder *mn, const ae_pca *p)
{
    size_t k = m->dec->W->size2;
    double *img = malloc(3 * k * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t j = 0; j < k; j++) {
        filter_image(img + j * D, m->dec->W->data + j, m->dec->W->tda);          /* column j of W2 */
        filter_image(img + (k + j) * D, mn->dec->W->data + j, mn->dec->W->tda);
        filter_image(img + (2 * k + j) * D, p->V->data + j * p->V->tda, 1);      /* v_j */
    }
    int status = ae_write_mosaic(c->out, "filters.dat",
                                 "rows: decoder filters (columns of W2) of the historical AE, of the AE "
                                 "trained with rounding noise; PCA directions (each scaled to max |w| = 1)",
                                 img, 3 * k, FRAME, FRAME, k, 0.0);
    free(img);
    return status;
}

int write_codes(const ae_cli *c, const char *which, const codec *q, const photo *ph, buffers *v, double *z99)
{
    batch a = rows_of(v, ph->tiles.n);
    ae_batch_range(&a.X.matrix, NULL, &ph->tiles, 0, ph->tiles.n);
    encode(&a.Z.matrix, q, &a.X.matrix);
    size_t k = a.Z.matrix.size2, n = ph->tiles.n * k;
    double *z = malloc(n * sizeof *z);
    AE_ASSERT(z);
    for (size_t b = 0; b < ph->tiles.n; b++)
        for (size_t j = 0; j < k; j++)
            z[b * k + j] = gsl_matrix_get(&a.Z.matrix, b, j);
    char name[64], what[128];
    snprintf(name, sizeof name, "codes_%s.dat", which);
    snprintf(what, sizeof what, "the code values z_j of %s on the training photo", q->ae->name);
    int status = ae_write_histogram(c->out, name, what, z, n, HIST_BINS, -1.0, 1.0);
    for (size_t i = 0; i < n; i++)
        z[i] = fabs(z[i]);
    gsl_sort(z, 1, n);
    *z99 = gsl_stats_quantile_from_sorted_data(z, 1, n, 0.99);
    free(z);
    return status;
}

/* ---- colourisation ---- */

/* A pixel in [0, 1]^3, clipped and rounded to 8 bits. */
static void rgb8(long v[3], double R, double G, double B)
{
    const double x[3] = {R, G, B};
    for (size_t ch = 0; ch < 3; ch++)
        v[ch] = lround(255.0 * fmin(1.0, fmax(0.0, x[ch])));
}

int write_colour(const ae_cli *c, const colour_photo *const ph[2], double *const hat[2])
{
    ae_out out;
    char what[256];
    snprintf(what, sizeof what, "colourisation: %s (held out), %s (trained on); grey input, coloured by the network, "
             "original", ph[0]->name, ph[1]->name);
    int status = ae_out_open(&out, c->out, "colour.dat", what);
    if (status)
        return status;
    ae_out_printf(&out, "# two tables (index 0: %s, index 1: %s), each a pixel a row on a grid of rows x (3 cols "
                  "+ 2): the grey photograph Y, the network's colours (Y, Cb_hat, Cr_hat), the original, with a "
                  "white column between; r g b in 0..255: plot with `using 1:2:3:4:5 with rgbimage`\n",
                  ph[0]->name, ph[1]->name);
    ae_out_printf(&out, "# sizes (rows, cols of each photograph): %zu %zu %zu %zu\n", ph[0]->rows, ph[0]->cols,
                  ph[1]->rows, ph[1]->cols);
    for (size_t i = 0; i < 2; i++) {
        const colour_photo *p = ph[i];
        const double *Cb_hat = hat[i], *Cr_hat = hat[i] + p->rows * p->cols;
        ae_out_printf(&out, "%sx y r g b\n", i ? "\n\n" : "");
        for (size_t r = 0; r < p->rows; r++)
            for (size_t x = 0; x < 3 * p->cols + 2; x++) {
                size_t panel = x / (p->cols + 1), col = x % (p->cols + 1), k = r * p->cols + col;
                long v[3] = {255, 255, 255};   /* the white column between panels */
                if (col < p->cols) {           /* panel 0: no chroma; 1: the network's; 2: the original's */
                    double R, G, B, cb = panel == 0 ? 0.0 : panel == 1 ? Cb_hat[k] : p->Cb[k],
                                    cr = panel == 0 ? 0.0 : panel == 1 ? Cr_hat[k] : p->Cr[k];
                    rgb_from_ycbcr(&R, &G, &B, p->Y[k], cb, cr);
                    rgb8(v, R, G, B);
                }
                ae_out_printf(&out, "%zu %zu %ld %ld %ld\n", x, r, v[0], v[1], v[2]);
            }
    }
    return ae_out_close(&out);
}
