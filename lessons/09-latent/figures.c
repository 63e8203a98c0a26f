/* Lesson 09's figures: what plots/09-latent.gp reads, and the analyses behind it. */
#include "batch.h"
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>

#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "out.h"
#include "pca.h"
#include "rng.h"

enum { SHOW = 10, BINS = 60 };
static const double AMPLITUDE[] = {0, 1, 3, 10, 30, 100};
enum { NAMP = sizeof AMPLITUDE / sizeof *AMPLITUDE };
#define NOISE_TEST 2000   /* test images decoded with noise at every amplitude */

/* ---- histograms of the code dimensions ---- */

int write_hist(const ae_cli *c, const gsl_matrix *Z)
{
    const size_t N = Z->size1, k = Z->size2;
    double lo, hi;
    gsl_matrix_minmax(Z, &lo, &hi);
    double width = (hi - lo) / BINS, *rows = calloc(BINS * (k + 1), sizeof *rows);
    AE_ASSERT(rows && width > 0);
    for (size_t b = 0; b < BINS; b++)
        rows[b * (k + 1)] = lo + (b + 0.5) * width;
    for (size_t n = 0; n < N; n++)
        for (size_t j = 0; j < k; j++) {
            size_t b = (size_t)((gsl_matrix_get(Z, n, j) - lo) / width);
            rows[(b < BINS ? b : BINS - 1) * (k + 1) + 1 + j] += 1.0 / ((double)N * width);   /* density */
        }
    char columns[256] = "center", what[128], name[32];
    for (size_t j = 0; j < k; j++)
        snprintf(columns + strlen(columns), sizeof columns - strlen(columns), " z%zu", j + 1);
    snprintf(what, sizeof what, "density of each code dimension over the test set, k = %zu", k);
    snprintf(name, sizeof name, "hist%zu.dat", k);
    int status = ae_write_table(c->out, name, what, columns, rows, BINS, k + 1);
    free(rows);
    return status;
}

/* ---- noise in the code ---- */

/* BOOK: noise */
/* Zn = Z + U(-a, a) entrywise; decode; return the MSE per pixel against X. */
static double decode_noisy(const coder *m, gsl_matrix *Xhat, gsl_matrix *Zn, const gsl_matrix *Z,
                           const gsl_matrix *X, double a, gsl_rng *noise)
{
    gsl_matrix_memcpy(Zn, Z);
    for (size_t n = 0; n < Zn->size1; n++)
        for (size_t j = 0; j < Zn->size2; j++)
            *gsl_matrix_ptr(Zn, n, j) += ae_rng_uniform(noise, -a, a);   /* (9.1) z + u */
    coder_decode(m, Xhat, Zn);
    return ae_loss_mse(NULL, Xhat, X) / (double)X->size2;
}
/* END BOOK */

/* Rows copied into a mosaic: SHOW images from row `row` on. */
static void put_images(double *img, size_t row, const gsl_matrix *X)
{
    memcpy(img + row * SHOW * X->size2, X->data, SHOW * X->size2 * sizeof *img);
}

int write_noise(const ae_cli *c, ae_autoenc **m, gsl_matrix **Z, const coder *vae, const gsl_matrix *Zvae,
                const ae_dataset *test, gsl_rng *r)
{
    enum { COLS = 2 + NMODELS };   /* amplitude, the AEs, the VAE */
    const size_t D = test->dim, N = test->n < NOISE_TEST ? test->n : NOISE_TEST;
    gsl_matrix *X = gsl_matrix_alloc(N, D), *Xhat = gsl_matrix_alloc(N, D);
    ae_batch_range(X, NULL, test, 0, N);
    double rows[NAMP * COLS];
    for (size_t i = 0; i < NAMP; i++) {
        rows[i * COLS] = AMPLITUDE[i];
        for (size_t s = 0; s < NMODELS; s++) {
            coder ae = {.ae = m[s]};
            gsl_matrix *Zn = gsl_matrix_alloc(N, CODE[s]);
            gsl_matrix_const_view z = gsl_matrix_const_submatrix(Z[s], 0, 0, N, CODE[s]);
            rows[i * COLS + 1 + s] = decode_noisy(&ae, Xhat, Zn, &z.matrix, X, AMPLITUDE[i], r);
            gsl_matrix_free(Zn);
        }
    }
    gsl_rng *rv = ae_rng_alloc(c->seed + 1, AE_RNG_NOISE);   /* the VAE's own draws: the AEs' stay as they were */
    gsl_matrix *Zn = gsl_matrix_alloc(N, Zvae->size2);
    gsl_matrix_const_view z = gsl_matrix_const_submatrix(Zvae, 0, 0, N, Zvae->size2);
    for (size_t i = 0; i < NAMP; i++)
        rows[i * COLS + 1 + NMODELS] = decode_noisy(vae, Xhat, Zn, &z.matrix, X, AMPLITUDE[i], rv);
    gsl_matrix_free(Zn);
    gsl_rng_free(rv);
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    return ae_write_table(c->out, "noise.dat", "MSE per pixel of 2000 test images after adding U(-a, a) to every code entry "
                          "(the VAE's code: mu)", "amplitude mse_k2 mse_k10 mse_vae", rows, NAMP, COLS);
}

int write_noise_recon(const ae_cli *c, ae_autoenc **m, gsl_matrix **Z, const ae_dataset *test, gsl_rng *r)
{
    const size_t D = test->dim;
    double *img = malloc((1 + 4 * NMODELS) * SHOW * D * sizeof *img);
    gsl_matrix *Xs = gsl_matrix_alloc(SHOW, D), *Xh = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(img);
    ae_batch_range(Xs, NULL, test, 0, SHOW);
    put_images(img, 0, Xs);
    const double amp[3] = {0, 10, 100};
    for (size_t s = 0; s < NMODELS; s++) {
        coder ae = {.ae = m[s]};
        gsl_matrix *Zn = gsl_matrix_alloc(SHOW, CODE[s]), *Z0 = gsl_matrix_calloc(SHOW, CODE[s]);
        gsl_matrix_const_view zs = gsl_matrix_const_submatrix(Z[s], 0, 0, SHOW, CODE[s]);
        for (size_t i = 0; i < 3; i++) {
            decode_noisy(&ae, Xh, Zn, &zs.matrix, Xs, amp[i], r);
            put_images(img, 1 + 4 * s + i, Xh);
        }
        decode_noisy(&ae, Xh, Zn, Z0, Xs, 10.0, r);   /* "just noise": z = u */
        put_images(img, 4 + 4 * s, Xh);
        gsl_matrix_free(Zn);
        gsl_matrix_free(Z0);
    }
    int status = ae_write_mosaic(c->out, "noise_recon.dat",
                                 "rows: test images; k = 2 decoded with noise 0, 10, 100 and noise alone; the same for k = 10",
                                 img, (1 + 4 * NMODELS) * SHOW, test->rows, test->cols, SHOW, 1.0);
    free(img);
    gsl_matrix_free(Xs);
    gsl_matrix_free(Xh);
    return status;
}

/* ---- maps of the code space ---- */

/* Rows (a_n, b_n, label_n) of two columns of A. */
static int write_map(const ae_cli *c, const char *name, const char *what, const char *columns,
                     const gsl_matrix *A, const uint8_t *y)
{
    double *rows = malloc(A->size1 * 3 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t n = 0; n < A->size1; n++) {
        rows[3 * n] = gsl_matrix_get(A, n, 0);
        rows[3 * n + 1] = gsl_matrix_get(A, n, 1);
        rows[3 * n + 2] = y[n];
    }
    int status = ae_write_table(c->out, name, what, columns, rows, A->size1, 3);
    free(rows);
    return status;
}

int write_map2(const ae_cli *c, const gsl_matrix *Z, const uint8_t *y)
{
    return write_map(c, "map2.dat", "the 2-D codes of the test set", "z1 z2 label", Z, y);
}

int write_pca10(const ae_cli *c, const gsl_matrix *P, const uint8_t *y)
{
    return write_map(c, "pca10.dat", "the 10-D codes of the test set on their first two principal axes",
                     "pc1 pc2 label", P, y);
}

int write_pca_pixels(const ae_cli *c, const gsl_matrix *P, const uint8_t *y)
{
    return write_map(c, "pca_pixels.dat", "the test images on the first two principal axes of the training pixels",
                     "px1 px2 label", P, y);
}

/* Where the class names of a map go (L: CLASSES x 2): each at the first free point on rings
 * around its class mean M (the first ring one line away, so the mean stays visible), so that
 * no two names overlap.
 * Boxes are measured in data units for a square panel of PANEL_PX pixels spanning the codes
 * P (the plot's aspect ratio is 1), CHAR_PX per character, LINE_PX high. */
enum { PANEL_PX = 430, CHAR_PX = 7, LINE_PX = 18, RINGS = 16, ANGLES = 24 };
static void place_labels(gsl_matrix *L, const gsl_matrix *M, const gsl_matrix *P, const ae_dataset *test)
{
    double span = 0.0, w[CLASSES];
    for (size_t j = 0; j < 2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(P, j);
        double lo, hi;
        gsl_vector_minmax(&col.vector, &lo, &hi);
        span = fmax(span, hi - lo);
    }
    const double unit = span / PANEL_PX, h = LINE_PX * unit;
    for (size_t k = 0; k < CLASSES; k++) {
        w[k] = (CHAR_PX * (double)strlen(ae_class_name(test, k)) + 8) * unit;
        double mx = gsl_matrix_get(M, k, 0), my = gsl_matrix_get(M, k, 1), x = mx, y = my;
        for (size_t ring = 1, found = 0; ring < RINGS && !found; ring++)
            for (size_t a = 0; a < ANGLES && !found; a++) {
                x = mx + ring * h * cos(2 * M_PI * a / ANGLES);
                y = my + ring * h * sin(2 * M_PI * a / ANGLES);
                found = 1;
                for (size_t j = 0; j < k && found; j++)   /* the boxes placed so far */
                    found = fabs(x - gsl_matrix_get(L, j, 0)) > (w[k] + w[j]) / 2 ||
                            fabs(y - gsl_matrix_get(L, j, 1)) > h;
            }
        gsl_matrix_set(L, k, 0, x);
        gsl_matrix_set(L, k, 1, y);
    }
}

/* Per class: label, name, the class mean in the 2-D code map and where its name goes, the
 * same in the PCA map (M2, Mp: means; Z2, P: the maps' points). */
int write_classes(const ae_cli *c, const ae_dataset *test, const gsl_matrix *const M[MAPS],
                  const gsl_matrix *const P[MAPS])
{
    static const char *const col[MAPS][2] = {{"z1", "z2"}, {"pc1", "pc2"}, {"px1", "px2"}};
    gsl_matrix *L[MAPS];
    for (size_t m = 0; m < MAPS; m++) {
        L[m] = gsl_matrix_alloc(CLASSES, 2);
        place_labels(L[m], M[m], P[m], test);
    }
    ae_out w;
    int status = ae_out_open(&w, c->out, "classes.dat", "per class: name, mean of the 2-D codes and where its name "
                             "goes, the same in the PCA map of the 10-D codes and in that of the pixels");
    if (!status) {
        char columns[256] = "label name";
        for (size_t m = 0; m < MAPS; m++)
            snprintf(columns + strlen(columns), sizeof columns - strlen(columns), " %s %s name_%s name_%s",
                     col[m][0], col[m][1], col[m][0], col[m][1]);
        ae_out_columns(&w, columns);
        for (size_t k = 0; k < CLASSES; k++) {
            ae_out_printf(&w, "%zu \"%s\"", k, ae_class_name(test, k));
            for (size_t m = 0; m < MAPS; m++)
                ae_out_printf(&w, " %.6g %.6g %.6g %.6g", gsl_matrix_get(M[m], k, 0), gsl_matrix_get(M[m], k, 1),
                              gsl_matrix_get(L[m], k, 0), gsl_matrix_get(L[m], k, 1));
            ae_out_printf(&w, "\n");
        }
        status = ae_out_close(&w);
    }
    for (size_t m = 0; m < MAPS; m++)
        gsl_matrix_free(L[m]);
    return status;
}

void pca_2d(gsl_matrix *P, const gsl_matrix *Z)
{
    ae_pca *p = ae_pca_alloc(Z->size2);
    ae_pca_add(p, Z);
    AE_ASSERT(ae_pca_solve(p) == AE_OK);   /* N >= 2 codes */
    ae_pca_project(P, p, Z);
    ae_pca_free(p);
}

/* ---- class means and the nearest-mean classifier ---- */

void pixel_means(gsl_matrix *M, const ae_dataset *ds)
{
    enum { ROWS = 1000 };
    gsl_matrix *X = gsl_matrix_alloc(ROWS, ds->dim), *Mc = gsl_matrix_alloc(M->size1, ds->dim);
    size_t counts[256] = {0}, total[256] = {0};
    uint8_t y[ROWS];
    gsl_matrix_set_zero(M);
    for (size_t first = 0; first < ds->n; first += ROWS) {
        size_t rows = ds->n - first < ROWS ? ds->n - first : ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        ae_batch_range(&x.matrix, y, ds, first, rows);
        ex09_class_means(Mc, counts, &x.matrix, y);
        for (size_t k = 0; k < M->size1; k++) {          /* sums: mean times count */
            gsl_vector_view m = gsl_matrix_row(M, k), mc = gsl_matrix_row(Mc, k);
            gsl_blas_daxpy((double)counts[k], &mc.vector, &m.vector);
            total[k] += counts[k];
        }
    }
    for (size_t k = 0; k < M->size1; k++) {
        gsl_vector_view m = gsl_matrix_row(M, k);
        gsl_vector_scale(&m.vector, total[k] ? 1.0 / (double)total[k] : 0.0);
    }
    gsl_matrix_free(X);
    gsl_matrix_free(Mc);
}

double nearest_mean_accuracy(const gsl_matrix *Z, const gsl_matrix *M, const uint8_t *y)
{
    uint8_t *pred = malloc(Z->size1);
    AE_ASSERT(pred);
    ex09_nearest_mean(pred, Z, M);
    size_t right = 0;
    for (size_t n = 0; n < Z->size1; n++)
        right += pred[n] == y[n];
    free(pred);
    return (double)right / (double)Z->size1;
}

double pixel_accuracy(const ae_dataset *ds, const gsl_matrix *M)
{
    enum { ROWS = 1000 };
    gsl_matrix *X = gsl_matrix_alloc(ROWS, ds->dim);
    uint8_t y[ROWS];
    double right = 0.0;
    for (size_t first = 0; first < ds->n; first += ROWS) {
        size_t rows = ds->n - first < ROWS ? ds->n - first : ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        ae_batch_range(&x.matrix, y, ds, first, rows);
        right += nearest_mean_accuracy(&x.matrix, M, y) * (double)rows;
    }
    gsl_matrix_free(X);
    return right / (double)ds->n;
}

int write_means(const ae_cli *c, const coder m[2], const ae_dataset *test, const gsl_matrix *Mx,
                gsl_matrix *const Mz[2])
{
    const size_t D = Mx->size2;
    double *img = malloc(3 * CLASSES * D * sizeof *img);
    AE_ASSERT(img);
    memcpy(img, Mx->data, CLASSES * D * sizeof *img);
    for (size_t s = 0; s < 2; s++) {
        gsl_matrix_view decoded = gsl_matrix_view_array(img + (1 + s) * CLASSES * D, CLASSES, D);
        coder_decode(&m[s], &decoded.matrix, Mz[s]);
    }
    int status = ae_write_mosaic(c->out, "means.dat",
                                 "rows: pixel mean of each class; decoded mean code of each class, plain AE; the same, VAE",
                                 img, 3 * CLASSES, test->rows, test->cols, CLASSES, 1.0);
    free(img);
    return status;
}

int write_classify(const ae_cli *c, const ae_dataset *test, const double acc[1 + NMODELS])
{
    double rows[] = {test->dim, acc[0], CODE[0], acc[1], CODE[1], acc[2]};
    return ae_write_table(c->out, "classify.dat",
                          "nearest-class-mean accuracy on the test set (means of the training set): pixels, k = 2, k = 10",
                          "dims accuracy", rows, 3, 2);
}

