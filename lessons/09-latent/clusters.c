/* Lesson 09's clusters: K-means on the codes against on the pixels, and the pixels' own
 * 2-D PCA map beside the k = 2 code map (Hinton & Salakhutdinov 2006, Fig. 3). */
#include "clusters.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>

#include "batch.h"
#include "err.h"
#include "out.h"
#include "pca.h"
#include "progress.h"
#include "rng.h"

enum { KM_ITER = 50, PCA_ROWS = 10000 };   /* Lloyd steps at most; images the pixels' PCA is fitted to */

/* BOOK: kmeans */
/* Assign each row of X (n x d) to its nearest centre of C (K x d): argmin_c ||x||^2 - 2 x.c + ||c||^2,
 * the ||x||^2 dropped, the rest from one product G = X C^T (G: n x K). Returns the sum of squared
 * distances (the inertia), with xx[n] = ||x_n||^2; d2[n] (unless NULL): each row's. */
static double assign_rows(size_t *a, double *d2, gsl_matrix *G, const gsl_matrix *X, const gsl_matrix *C,
                          const double *xx)
{
    double cc[KM_K], inertia = 0.0;
    for (size_t c = 0; c < C->size1; c++) {
        gsl_vector_const_view row = gsl_matrix_const_row(C, c);
        cc[c] = gsl_blas_dnrm2(&row.vector) * gsl_blas_dnrm2(&row.vector);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, X, C, 0.0, G);
    for (size_t n = 0; n < X->size1; n++) {
        double best = INFINITY;
        for (size_t c = 0; c < C->size1; c++) {
            double d = cc[c] - 2.0 * gsl_matrix_get(G, n, c);
            if (d < best) {
                best = d;
                a[n] = c;
            }
        }
        inertia += fmax(best + xx[n], 0.0);
        if (d2)
            d2[n] = fmax(best + xx[n], 0.0);
    }
    return inertia;
}

/* Lloyd's algorithm from centres seeded by k-means++ (each next seed a row drawn with probability
 * proportional to its squared distance to the nearest seed so far): assign, move every centre to
 * the mean of its rows, until no row changes cluster. */
static double lloyd(size_t *a, gsl_matrix *C, gsl_matrix *G, const gsl_matrix *X, const double *xx, gsl_rng *r)
{
    const size_t n = X->size1, K = C->size1;
    double *d2 = malloc(n * sizeof *d2), total;
    size_t *prev = malloc(n * sizeof *prev), count[KM_K];
    AE_ASSERT(d2 && prev);
    gsl_vector_const_view first = gsl_matrix_const_row(X, (size_t)(gsl_rng_uniform(r) * (double)n));
    gsl_matrix_set_row(C, 0, &first.vector);
    for (size_t k = 1; k < K; k++) {                            /* k-means++ seeds */
        gsl_matrix_view Ck = gsl_matrix_submatrix(C, 0, 0, k, X->size2);
        gsl_matrix_view Gk = gsl_matrix_submatrix(G, 0, 0, n, k);
        total = assign_rows(prev, d2, &Gk.matrix, X, &Ck.matrix, xx);
        double u = gsl_rng_uniform(r) * total;
        size_t pick = 0;
        for (double run = d2[0]; run < u && pick + 1 < n; run += d2[++pick])
            ;
        gsl_vector_const_view seed = gsl_matrix_const_row(X, pick);
        gsl_matrix_set_row(C, k, &seed.vector);
    }
    double inertia = assign_rows(a, NULL, G, X, C, xx);
    for (int it = 0; it < KM_ITER; it++) {                      /* Lloyd: means, then assignments */
        gsl_matrix_set_zero(C);
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++) {
            gsl_vector_const_view x = gsl_matrix_const_row(X, i);
            gsl_vector_view c = gsl_matrix_row(C, a[i]);
            gsl_vector_add(&c.vector, &x.vector);
            count[a[i]]++;
        }
        for (size_t k = 0; k < K; k++) {
            gsl_vector_view c = gsl_matrix_row(C, k);
            if (count[k] > 0)
                gsl_vector_scale(&c.vector, 1.0 / (double)count[k]);
            else {                                              /* an empty cluster: reseed it */
                gsl_vector_const_view x = gsl_matrix_const_row(X, (size_t)(gsl_rng_uniform(r) * (double)n));
                gsl_matrix_set_row(C, k, &x.vector);
            }
        }
        memcpy(prev, a, n * sizeof *a);
        inertia = assign_rows(a, NULL, G, X, C, xx);
        if (!memcmp(prev, a, n * sizeof *a))
            break;
    }
    free(d2);
    free(prev);
    return inertia;
}
/* END BOOK */

/* BOOK: cluster_scores */
/* How well clusters a[n] match labels y[n]: purity, each cluster counted as its commonest class,
 * and the normalised mutual information 2 I(A; Y) / (H(A) + H(Y)) (1: the same partition, 0: none). */
static void cluster_scores(km_score *s, const size_t *a, const uint8_t *y, size_t n)
{
    double joint[KM_K][CLASSES] = {{0}}, pa[KM_K] = {0}, py[CLASSES] = {0}, I = 0.0, Ha = 0.0, Hy = 0.0;
    for (size_t i = 0; i < n; i++) {
        joint[a[i]][y[i]] += 1.0 / (double)n;
        pa[a[i]] += 1.0 / (double)n;
        py[y[i]] += 1.0 / (double)n;
    }
    s->purity = 0.0;
    for (size_t k = 0; k < KM_K; k++) {
        double top = 0.0;
        for (size_t c = 0; c < CLASSES; c++) {
            top = fmax(top, joint[k][c]);
            if (joint[k][c] > 0)
                I += joint[k][c] * log(joint[k][c] / (pa[k] * py[c]));
        }
        s->purity += top;
        if (pa[k] > 0)
            Ha -= pa[k] * log(pa[k]);
    }
    for (size_t c = 0; c < CLASSES; c++)
        if (py[c] > 0)
            Hy -= py[c] * log(py[c]);
    s->nmi = 2.0 * I / (Ha + Hy);
}
/* END BOOK */

static void kmeans_score(km_score *s, const gsl_matrix *X, const uint8_t *y, unsigned long seed)
{
    const size_t n = X->size1;
    size_t *a = malloc(n * sizeof *a);
    double *xx = malloc(n * sizeof *xx);
    gsl_matrix *C = gsl_matrix_alloc(KM_K, X->size2), *G = gsl_matrix_alloc(n, KM_K);
    AE_ASSERT(a && xx);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_const_view x = gsl_matrix_const_row(X, i);
        xx[i] = gsl_blas_dnrm2(&x.vector) * gsl_blas_dnrm2(&x.vector);
    }
    gsl_rng *r = ae_rng_alloc(seed, AE_RNG_DATA);
    lloyd(a, C, G, X, xx, r);
    cluster_scores(s, a, y, n);
    gsl_rng_free(r);
    gsl_matrix_free(C);
    gsl_matrix_free(G);
    free(a);
    free(xx);
}

void pixel_pca_2d(gsl_matrix *P, const ae_dataset *train, const ae_dataset *test)
{
    enum { ROWS = 1000 };
    ae_pca *p = ae_pca_alloc(train->dim);
    ae_pca_add_rows(p, train, NULL, train->n < PCA_ROWS ? train->n : PCA_ROWS);
    AE_ASSERT(ae_pca_solve(p) == AE_OK);   /* N >= 2 images */
    gsl_matrix *X = gsl_matrix_alloc(ROWS, test->dim);
    for (size_t first = 0; first < test->n; first += ROWS) {
        size_t rows = test->n - first < ROWS ? test->n - first : ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, test->dim);
        gsl_matrix_view z = gsl_matrix_submatrix(P, first, 0, rows, 2);
        ae_batch_range(&x.matrix, NULL, test, first, rows);
        ae_pca_project(&z.matrix, p, &x.matrix);   /* z = V_2^T (x - mu) */
    }
    gsl_matrix_free(X);
    ae_pca_free(p);
}

int write_kmeans(const ae_cli *c, const ae_dataset *test, const gsl_matrix *const codes[KM_SPACES - 1],
                 km_score s[KM_SPACES])
{
    gsl_matrix *X = gsl_matrix_alloc(test->n, test->dim);
    ae_batch_range(X, NULL, test, 0, test->n);
    double rows[KM_SPACES * 3];
    for (size_t i = 0; i < KM_SPACES; i++) {
        kmeans_score(&s[i], i == KM_PIXELS ? X : codes[i - 1], test->y, c->seed);
        rows[3 * i] = (double)i;
        rows[3 * i + 1] = s[i].purity;
        rows[3 * i + 2] = s[i].nmi;
    }
    gsl_matrix_free(X);
    ae_progress(c, "K-means, NMI with the classes: pixels %.3f, PCA-2 %.3f, AE k = 2 %.3f, k = 10 %.3f, VAE %.3f",
                s[KM_PIXELS].nmi, s[KM_PCA2].nmi, s[KM_AE2].nmi, s[KM_AE10].nmi, s[KM_VAE].nmi);
    return ae_write_table(c->out, "kmeans.dat", "K-means (K = 10) on the test set against its labels, in "
                          "0 pixels, 1 PCA-2 of pixels, 2 AE k = 2, 3 AE k = 10, 4 VAE mu (k = 10)",
                          "space purity nmi", rows, KM_SPACES, 3);
}
