/* Lesson 09's figures: what plots/09-latent.gp reads, and the analyses behind it. */
#include "batch.h"
#include "figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>

#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "out.h"
#include "pca.h"
#include "rng.h"

enum { SHOW = 10, BINS = 60, STEPS = 9, NPAIRS = 4, SOURCES = 5 };
static const double AMPLITUDE[] = {0, 1, 3, 10, 30, 100};
enum { NAMP = sizeof AMPLITUDE / sizeof *AMPLITUDE };
static const uint8_t PAIRS[NPAIRS][2] = {{0, 1}, {5, 9}, {2, 8}, {3, 7}};   /* classes to blend */
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
static double decode_noisy(ae_autoenc *m, gsl_matrix *Xhat, gsl_matrix *Zn, const gsl_matrix *Z,
                           const gsl_matrix *X, double a, gsl_rng *noise)
{
    gsl_matrix_memcpy(Zn, Z);
    for (size_t n = 0; n < Zn->size1; n++)
        for (size_t j = 0; j < Zn->size2; j++)
            *gsl_matrix_ptr(Zn, n, j) += ae_rng_uniform(noise, -a, a);   /* (9.1) z + u */
    ae_autoenc_decode(m, Xhat, Zn);
    return ae_loss_mse(NULL, Xhat, X) / (double)X->size2;
}
/* END BOOK */

/* Rows copied into a mosaic: SHOW images from row `row` on. */
static void put_images(double *img, size_t row, const gsl_matrix *X)
{
    memcpy(img + row * SHOW * X->size2, X->data, SHOW * X->size2 * sizeof *img);
}

int write_noise(const ae_cli *c, ae_autoenc **m, gsl_matrix **Z, const ae_dataset *test, gsl_rng *r)
{
    const size_t D = test->dim, N = test->n < NOISE_TEST ? test->n : NOISE_TEST;
    gsl_matrix *X = gsl_matrix_alloc(N, D), *Xhat = gsl_matrix_alloc(N, D);
    ae_batch_range(X, NULL, test, 0, N);
    double rows[NAMP * (1 + NMODELS)];
    for (size_t i = 0; i < NAMP; i++) {
        rows[i * (1 + NMODELS)] = AMPLITUDE[i];
        for (size_t s = 0; s < NMODELS; s++) {
            gsl_matrix *Zn = gsl_matrix_alloc(N, CODE[s]);
            gsl_matrix_const_view z = gsl_matrix_const_submatrix(Z[s], 0, 0, N, CODE[s]);
            rows[i * (1 + NMODELS) + 1 + s] = decode_noisy(m[s], Xhat, Zn, &z.matrix, X, AMPLITUDE[i], r);
            gsl_matrix_free(Zn);
        }
    }
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    return ae_write_table(c->out, "noise.dat", "MSE per pixel of 2000 test images after adding U(-a, a) to every code entry",
                          "amplitude mse_k2 mse_k10", rows, NAMP, 1 + NMODELS);
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
        gsl_matrix *Zn = gsl_matrix_alloc(SHOW, CODE[s]), *Z0 = gsl_matrix_calloc(SHOW, CODE[s]);
        gsl_matrix_const_view zs = gsl_matrix_const_submatrix(Z[s], 0, 0, SHOW, CODE[s]);
        for (size_t i = 0; i < 3; i++) {
            decode_noisy(m[s], Xh, Zn, &zs.matrix, Xs, amp[i], r);
            put_images(img, 1 + 4 * s + i, Xh);
        }
        decode_noisy(m[s], Xh, Zn, Z0, Xs, 10.0, r);   /* "just noise": z = u */
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

/* Per class: label, name and the class mean in the 2-D code map and in the PCA map. */
int write_classes(const ae_cli *c, const ae_dataset *test, const gsl_matrix *M2, const gsl_matrix *Mp)
{
    ae_out w;
    int status = ae_out_open(&w, c->out, "classes.dat", "per class: name, mean of the 2-D codes, mean in the PCA map");
    if (status)
        return status;
    ae_out_columns(&w, "label name z1 z2 pc1 pc2");
    for (size_t k = 0; k < test->classes; k++)
        ae_out_printf(&w, "%zu \"%s\" %.6g %.6g %.6g %.6g\n", k, ae_class_name(test, k),
                      gsl_matrix_get(M2, k, 0), gsl_matrix_get(M2, k, 1), gsl_matrix_get(Mp, k, 0),
                      gsl_matrix_get(Mp, k, 1));
    return ae_out_close(&w);
}

void pca_2d(gsl_matrix *P, const gsl_matrix *Z)
{
    ae_pca *p = ae_pca_alloc(Z->size2);
    ae_pca_add(p, Z);
    AE_ASSERT(ae_pca_solve(p) == AE_OK);   /* N >= 2 codes */
    ae_pca_project(P, p, Z);
    ae_pca_free(p);
}

/* ---- blending: pixels against codes ---- */

/* ||x - g(f(x))||^2 per pixel for each row of X: how far x is from what the AE reproduces. */
static void distance_to_ae(ae_autoenc *m, double *d, const gsl_matrix *X)
{
    gsl_matrix *Z = gsl_matrix_alloc(X->size1, m->k), *Xhat = gsl_matrix_alloc(X->size1, X->size2);
    ae_autoenc_encode(m, Z, X);
    ae_autoenc_decode(m, Xhat, Z);
    for (size_t n = 0; n < X->size1; n++) {
        gsl_matrix_const_view x = gsl_matrix_const_submatrix(X, n, 0, 1, X->size2);
        gsl_matrix_view xh = gsl_matrix_submatrix(Xhat, n, 0, 1, X->size2);
        d[n] = ae_loss_mse(NULL, &xh.matrix, &x.matrix) / (double)X->size2;
    }
    gsl_matrix_free(Z);
    gsl_matrix_free(Xhat);
}

/* BOOK: blend_pair */
/* Row pair p of the mosaic: pixel blend, then latent blend, of test examples ia and ib. */
static void blend_pair(ae_autoenc *m, const ae_dataset *test, size_t ia, size_t ib, const gsl_vector *t,
                       gsl_matrix *pixel, gsl_matrix *latent)
{
    gsl_matrix *X = gsl_matrix_alloc(2, test->dim), *Z = gsl_matrix_alloc(2, m->k);
    gsl_matrix *Zt = gsl_matrix_alloc(t->size, m->k);
    size_t idx[2] = {ia, ib};
    ae_batch_fill(X, NULL, test, idx, 2);
    gsl_vector_view xa = gsl_matrix_row(X, 0), xb = gsl_matrix_row(X, 1);
    ex09_blend(pixel, &xa.vector, &xb.vector, t);             /* (1 - t) x_a + t x_b        */
    ae_autoenc_encode(m, Z, X);
    gsl_vector_view za = gsl_matrix_row(Z, 0), zb = gsl_matrix_row(Z, 1);
    ex09_blend(Zt, &za.vector, &zb.vector, t);                /* (1 - t) z_a + t z_b        */
    ae_autoenc_decode(m, latent, Zt);                         /* x_t = g((1 - t) z_a + t z_b) */
    gsl_matrix_free(X);
    gsl_matrix_free(Z);
    gsl_matrix_free(Zt);
}
/* END BOOK */

void blends_compute(blends *b, ae_autoenc *m, const ae_dataset *test)
{
    const size_t D = test->dim;
    gsl_vector *t = gsl_vector_alloc(STEPS);
    for (size_t j = 0; j < STEPS; j++)
        gsl_vector_set(t, j, (double)j / (STEPS - 1));
    *b = (blends){.img = malloc(2 * NPAIRS * STEPS * D * sizeof *b->img), .err = calloc(STEPS * 3, sizeof *b->err),
                  .k = m->k};
    gsl_matrix *pixel = gsl_matrix_alloc(STEPS, D), *latent = gsl_matrix_alloc(STEPS, D);
    double dp[STEPS], dl[STEPS];
    AE_ASSERT(b->img && b->err);
    for (size_t p = 0; p < NPAIRS; p++) {
        size_t ia = ae_dataset_first_of(test, PAIRS[p][0]), ib = ae_dataset_first_of(test, PAIRS[p][1]);
        AE_ASSERT(ia < test->n && ib < test->n);
        blend_pair(m, test, ia, ib, t, pixel, latent);
        memcpy(b->img + 2 * p * STEPS * D, pixel->data, STEPS * D * sizeof *b->img);
        memcpy(b->img + (2 * p + 1) * STEPS * D, latent->data, STEPS * D * sizeof *b->img);
        distance_to_ae(m, dp, pixel);
        distance_to_ae(m, dl, latent);
        for (size_t j = 0; j < STEPS; j++) {
            b->err[3 * j] = gsl_vector_get(t, j);
            b->err[3 * j + 1] += dp[j] / NPAIRS;
            b->err[3 * j + 2] += dl[j] / NPAIRS;
        }
    }
    gsl_matrix_free(pixel);
    gsl_matrix_free(latent);
    gsl_vector_free(t);
}

void blends_free(blends *b)
{
    free(b->img);
    free(b->err);
}

int write_blend(const ae_cli *c, const blends *b, const ae_dataset *test)
{
    char what[160];
    snprintf(what, sizeof what, "per pair (classes 0-1, 5-9, 2-8, 3-7): pixel blend row, latent blend row (k = %zu), t = 0 ... 1",
             b->k);
    return ae_write_mosaic(c->out, "blend.dat", what, b->img, 2 * NPAIRS * STEPS, test->rows, test->cols, STEPS, 1.0);
}

int write_blend_error(const ae_cli *c, const blends *b)
{
    return ae_write_table(c->out, "blend_error.dat",
                          "mean over the pairs of ||x_t - g(f(x_t))||^2 per pixel: pixel and latent blends",
                          "t pixel latent", b->err, STEPS, 3);
}

/* ---- class means: arithmetic and the nearest-mean classifier ---- */

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

/* BOOK: arithmetic */
/* Row r: test example src[r], its reconstruction, then decode(z - mu_A + mu_B) for each class B. */
int write_arithmetic(const ae_cli *c, ae_autoenc *m, const ae_dataset *test, const gsl_matrix *Ztest,
                     const gsl_matrix *Mz)
{
    const size_t D = test->dim, cols = 2 + CLASSES;
    double *img = malloc(SOURCES * cols * D * sizeof *img);
    gsl_matrix *Zs = gsl_matrix_alloc(cols, m->k), *Xs = gsl_matrix_alloc(cols, D);
    AE_ASSERT(img);
    for (size_t r = 0; r < SOURCES; r++) {
        size_t n = ae_dataset_first_of(test, (uint8_t)(2 * r));   /* classes 0, 2, 4, 6, 8 */
        AE_ASSERT(n < test->n);
        uint8_t from = test->y[n];
        gsl_vector_const_view z = gsl_matrix_const_row(Ztest, n);
        for (size_t j = 1; j < cols; j++) {
            gsl_vector_view row = gsl_matrix_row(Zs, j);
            gsl_vector_memcpy(&row.vector, &z.vector);       /* z ...                 */
            if (j >= 2) {
                gsl_vector_const_view mu_a = gsl_matrix_const_row(Mz, from), mu_b = gsl_matrix_const_row(Mz, j - 2);
                gsl_vector_sub(&row.vector, &mu_a.vector);   /* (9.5) ... - mu_A + mu_B */
                gsl_vector_add(&row.vector, &mu_b.vector);
            }
        }
        gsl_vector_view z0 = gsl_matrix_row(Zs, 0);
        gsl_vector_memcpy(&z0.vector, &z.vector);
        ae_autoenc_decode(m, Xs, Zs);
        gsl_matrix_view x0 = gsl_matrix_submatrix(Xs, 0, 0, 1, D);
        ae_batch_range(&x0.matrix, NULL, test, n, 1);        /* column 0: the original */
        memcpy(img + r * cols * D, Xs->data, cols * D * sizeof *img);
    }
    int status = ae_write_mosaic(c->out, "arithmetic.dat",
                                 "rows: a test image of class 0 2 4 6 8, its reconstruction, then decode(z - mu_own + mu_B) for B = 0 ... 9",
                                 img, SOURCES * cols, test->rows, test->cols, cols, 1.0);
    free(img);
    gsl_matrix_free(Zs);
    gsl_matrix_free(Xs);
    return status;
}
/* END BOOK */

int write_means(const ae_cli *c, ae_autoenc *m, const ae_dataset *test, const gsl_matrix *Mx,
                const gsl_matrix *Mz)
{
    const size_t D = Mx->size2;
    double *img = malloc(2 * CLASSES * D * sizeof *img);
    gsl_matrix_view decoded = gsl_matrix_view_array(img + CLASSES * D, CLASSES, D);
    AE_ASSERT(img);
    memcpy(img, Mx->data, CLASSES * D * sizeof *img);
    ae_autoenc_decode(m, &decoded.matrix, Mz);
    int status = ae_write_mosaic(c->out, "means.dat", "rows: pixel mean of each class; decoded mean code of each class",
                                 img, 2 * CLASSES, test->rows, test->cols, CLASSES, 1.0);
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

