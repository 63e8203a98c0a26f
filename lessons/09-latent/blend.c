/* Lesson 09's blends and latent arithmetic, and the measure both are judged by: how far
 * an image is from the nearest training image. That distance favours no model: a
 * decoder's output is no closer to the training images for being its own. */
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>

#include "batch.h"
#include "err.h"
#include "exercises.h"
#include "out.h"

enum { STEPS = 9, NPAIRS = 4, NSTAT = 40, KINDS = BLEND_KINDS, SOURCES = 5, PER_CLASS = 4 };
static const uint8_t PAIRS[NPAIRS][2] = {{0, 1}, {5, 9}, {2, 8}, {3, 7}};   /* classes to blend */

/* BOOK: nearest_train */
/* For each row q of Q (n x D): dist = min over the training images x of ||q - x||^2 / D,
 * label = that image's class. ||q - x||^2 = ||q||^2 + ||x||^2 - 2 q.x, a chunk of x at a time. */
void nearest_train(double *dist, uint8_t *label, const gsl_matrix *Q, const ae_dataset *train)
{
    enum { ROWS = 1000 };
    const size_t n = Q->size1, D = Q->size2;
    gsl_matrix *X = gsl_matrix_alloc(ROWS, D), *G = gsl_matrix_alloc(n, ROWS);
    double *qq = malloc(n * sizeof *qq), xx[ROWS];
    uint8_t y[ROWS];
    AE_ASSERT(qq && D == train->dim);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_const_view q = gsl_matrix_const_row(Q, i);
        gsl_blas_ddot(&q.vector, &q.vector, &qq[i]);
        dist[i] = INFINITY;
    }
    for (size_t first = 0; first < train->n; first += ROWS) {
        size_t rows = train->n - first < ROWS ? train->n - first : ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, D), g = gsl_matrix_submatrix(G, 0, 0, n, rows);
        ae_batch_range(&x.matrix, y, train, first, rows);
        for (size_t b = 0; b < rows; b++) {
            gsl_vector_view xb = gsl_matrix_row(&x.matrix, b);
            gsl_blas_ddot(&xb.vector, &xb.vector, &xx[b]);
        }
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, Q, &x.matrix, 0.0, &g.matrix);   /* q.x */
        for (size_t i = 0; i < n; i++)
            for (size_t b = 0; b < rows; b++) {
                double d = (qq[i] + xx[b] - 2.0 * gsl_matrix_get(&g.matrix, i, b)) / (double)D;
                if (d < dist[i]) {
                    dist[i] = d;
                    label[i] = y[b];
                }
            }
    }
    free(qq);
    gsl_matrix_free(X);
    gsl_matrix_free(G);
}
/* END BOOK */

/* ---- blending: pixels against codes ---- */

/* BOOK: blend_pair */
/* The blends of test examples ia and ib: in pixels, and decoded from the codes of each model. */
static void blend_pair(gsl_matrix *out[KINDS], const coder m[2], const ae_dataset *test, size_t ia, size_t ib,
                       const gsl_vector *t)
{
    gsl_matrix *X = gsl_matrix_alloc(2, test->dim);
    size_t idx[2] = {ia, ib};
    ae_batch_fill(X, NULL, test, idx, 2);
    gsl_vector_view xa = gsl_matrix_row(X, 0), xb = gsl_matrix_row(X, 1);
    ex09_blend(out[0], &xa.vector, &xb.vector, t);            /* (1 - t) x_a + t x_b          */
    for (size_t s = 0; s < 2; s++) {                          /* the plain AE, then the VAE   */
        size_t k = coder_k(&m[s]);
        gsl_matrix *Z = gsl_matrix_alloc(2, k), *Zt = gsl_matrix_alloc(t->size, k);
        coder_encode(&m[s], Z, X);
        gsl_vector_view za = gsl_matrix_row(Z, 0), zb = gsl_matrix_row(Z, 1);
        ex09_blend(Zt, &za.vector, &zb.vector, t);            /* (1 - t) z_a + t z_b          */
        coder_decode(&m[s], out[1 + s], Zt);                  /* x_t = g((1 - t) z_a + t z_b) */
        gsl_matrix_free(Z);
        gsl_matrix_free(Zt);
    }
    gsl_matrix_free(X);
}
/* END BOOK */

void blends_compute(blends *b, const coder m[2], const ae_dataset *test, const ae_dataset *train, gsl_rng *r)
{
    const size_t D = test->dim, n = NSTAT * KINDS * STEPS;
    gsl_vector *t = gsl_vector_alloc(STEPS);
    for (size_t j = 0; j < STEPS; j++)
        gsl_vector_set(t, j, (double)j / (STEPS - 1));
    *b = (blends){.img = malloc(KINDS * NPAIRS * STEPS * D * sizeof *b->img),
                  .dist = calloc(STEPS * BLEND_COLS, sizeof *b->dist), .steps = STEPS, .pairs = NSTAT};
    gsl_matrix *Q = gsl_matrix_alloc(n, D);                   /* every blend of the NSTAT pairs */
    double *d = malloc(n * sizeof *d);
    uint8_t *lab = malloc(n);
    AE_ASSERT(b->img && b->dist && d && lab);
    for (size_t p = 0; p < NSTAT; p++) {                      /* the shown pairs, then random ones */
        size_t ia, ib;
        if (p < NPAIRS) {
            ia = ae_dataset_first_of(test, PAIRS[p][0]);
            ib = ae_dataset_first_of(test, PAIRS[p][1]);
            AE_ASSERT(ia < test->n && ib < test->n);
        } else
            do {
                ia = gsl_rng_uniform_int(r, test->n);
                ib = gsl_rng_uniform_int(r, test->n);
            } while (test->y[ia] == test->y[ib]);
        gsl_matrix_view out[KINDS];
        gsl_matrix *views[KINDS];
        for (size_t k = 0; k < KINDS; k++) {
            out[k] = gsl_matrix_submatrix(Q, (p * KINDS + k) * STEPS, 0, STEPS, D);
            views[k] = &out[k].matrix;
        }
        blend_pair(views, m, test, ia, ib, t);
        if (p < NPAIRS)
            memcpy(b->img + p * KINDS * STEPS * D, views[0]->data, KINDS * STEPS * D * sizeof *b->img);
    }
    nearest_train(d, lab, Q, train);
    for (size_t j = 0; j < STEPS; j++) {
        double tj = gsl_vector_get(t, j), *row = b->dist + j * BLEND_COLS;
        row[0] = tj;
        for (size_t p = 0; p < NSTAT; p++)
            for (size_t k = 0; k < KINDS; k++) {
                const double *e = d + (p * KINDS + k) * STEPS;
                row[1 + k] += e[j] / NSTAT;
                row[1 + KINDS + k] += (e[j] - ((1.0 - tj) * e[0] + tj * e[STEPS - 1])) / NSTAT;   /* (9.5) */
            }
    }
    free(d);
    free(lab);
    gsl_matrix_free(Q);
    gsl_vector_free(t);
}

void blends_free(blends *b)
{
    free(b->img);
    free(b->dist);
}

int write_blend(const ae_cli *c, const blends *b, const ae_dataset *test)
{
    return ae_write_mosaic(c->out, "blend.dat",
                           "per pair (classes 0-1, 5-9, 2-8, 3-7): pixel blend, plain AE latent blend, VAE latent blend; t = 0 ... 1",
                           b->img, KINDS * NPAIRS * STEPS, test->rows, test->cols, STEPS, 1.0);
}

int write_blend_nearest(const ae_cli *c, const blends *b)
{
    char what[200];
    snprintf(what, sizeof what, "mean over %zu pairs of test images of the distance per pixel from the blend x_t to the "
             "nearest training image, and its excess over the endpoints' chord (9.5)", b->pairs);
    return ae_write_table(c->out, "blend_nearest.dat", what,
                          "t pixel ae vae pixel_excess ae_excess vae_excess", b->dist, b->steps, BLEND_COLS);
}

/* ---- arithmetic on class means ---- */

/* BOOK: arithmetic */
/* Xout (CLASSES x D), row B: g(z - mu_A + mu_B), z a code of class A, Mz the class means of the codes. */
static void shift_decode(const coder *m, gsl_matrix *Xout, const gsl_vector *z, const gsl_matrix *Mz, uint8_t A)
{
    gsl_matrix *Zs = gsl_matrix_alloc(CLASSES, z->size);
    gsl_vector_const_view mu_a = gsl_matrix_const_row(Mz, A);
    for (size_t B = 0; B < CLASSES; B++) {
        gsl_vector_view row = gsl_matrix_row(Zs, B);
        gsl_vector_const_view mu_b = gsl_matrix_const_row(Mz, B);
        gsl_vector_memcpy(&row.vector, z);               /* z ...                    */
        gsl_vector_sub(&row.vector, &mu_a.vector);       /* (9.6) ... - mu_A + mu_B  */
        gsl_vector_add(&row.vector, &mu_b.vector);
    }
    coder_decode(m, Xout, Zs);
    gsl_matrix_free(Zs);
}
/* END BOOK */

/* The scores of model m: PER_CLASS test examples of each class A moved to every class B.
 * hit: the share of the moves to B != A whose nearest training image is of class B;
 * dist: their mean distance to it; recon: the same distance for B = A (reconstructions). */
static arith_score arith_scores(const coder *m, const ae_dataset *test, const gsl_matrix *Ztest, const gsl_matrix *Mz,
                                const ae_dataset *train)
{
    const size_t D = test->dim, nq = CLASSES * PER_CLASS * CLASSES;
    gsl_matrix *Q = gsl_matrix_alloc(nq, D);
    double *d = malloc(nq * sizeof *d);
    uint8_t *lab = malloc(nq), from[CLASSES * PER_CLASS];
    AE_ASSERT(d && lab);
    size_t q = 0;                                          /* blocks of CLASSES rows filled */
    for (uint8_t A = 0; A < CLASSES; A++)
        for (size_t n = 0, seen = 0; n < test->n && seen < PER_CLASS; n++)
            if (test->y[n] == A) {
                gsl_vector_const_view z = gsl_matrix_const_row(Ztest, n);
                gsl_matrix_view out = gsl_matrix_submatrix(Q, q * CLASSES, 0, CLASSES, D);
                shift_decode(m, &out.matrix, &z.vector, Mz, A);
                from[q++] = A;
                seen++;
            }
    gsl_matrix_view filled = gsl_matrix_submatrix(Q, 0, 0, q * CLASSES, D);
    nearest_train(d, lab, &filled.matrix, train);
    arith_score s = {0};
    size_t moves = 0;
    for (size_t i = 0; i < q; i++)
        for (size_t B = 0; B < CLASSES; B++) {
            size_t row = i * CLASSES + B;
            if (B == from[i]) {
                s.recon += d[row] / (double)q;
                continue;
            }
            s.hit += lab[row] == B;
            s.dist += d[row];
            moves++;
        }
    s.moves = (double)moves;
    s.hit /= (double)moves;
    s.dist /= (double)moves;
    free(d);
    free(lab);
    gsl_matrix_free(Q);
    return s;
}

int write_arithmetic(const ae_cli *c, const coder m[2], const ae_dataset *test, gsl_matrix *const Ztest[2],
                     gsl_matrix *const Mz[2], const ae_dataset *train, arith_score score[2])
{
    const size_t D = test->dim, cols = 2 + CLASSES;
    double *img = malloc(2 * SOURCES * cols * D * sizeof *img);
    gsl_matrix *Xs = gsl_matrix_alloc(CLASSES, D);
    AE_ASSERT(img);
    for (size_t s = 0; s < 2; s++) {                       /* the plain AE's rows, then the VAE's */
        for (size_t r = 0; r < SOURCES; r++) {
            size_t n = ae_dataset_first_of(test, (uint8_t)(2 * r));   /* classes 0, 2, 4, 6, 8 */
            AE_ASSERT(n < test->n);
            double *row = img + (s * SOURCES + r) * cols * D;
            gsl_vector_const_view z = gsl_matrix_const_row(Ztest[s], n);
            shift_decode(&m[s], Xs, &z.vector, Mz[s], test->y[n]);
            gsl_matrix_view x0 = gsl_matrix_view_array(row, 1, D);
            ae_batch_range(&x0.matrix, NULL, test, n, 1);                 /* column 0: the original */
            memcpy(row + D, Xs->data + test->y[n] * D, D * sizeof *row);  /* column 1: B = A, g(z) */
            memcpy(row + 2 * D, Xs->data, CLASSES * D * sizeof *row);
        }
        score[s] = arith_scores(&m[s], test, Ztest[s], Mz[s], train);
    }
    int status = ae_write_mosaic(c->out, "arithmetic.dat",
                                 "rows: plain AE, then VAE; a test image of class 0 2 4 6 8, its reconstruction, "
                                 "then decode(z - mu_own + mu_B) for B = 0 ... 9",
                                 img, 2 * SOURCES * cols, test->rows, test->cols, cols, 1.0);
    free(img);
    gsl_matrix_free(Xs);
    if (status)
        return status;
    double rows[2 * 5];
    for (size_t s = 0; s < 2; s++) {
        double r[5] = {s, score[s].moves, score[s].hit, score[s].dist, score[s].recon};
        memcpy(rows + 5 * s, r, sizeof r);
    }
    char what[256];
    snprintf(what, sizeof what, "model 0 plain AE, 1 VAE; %d test images per class moved to every other class: "
             "how many, the share whose nearest training image is of the new class, the mean distance to it; "
             "the same distance of g(z)", PER_CLASS);
    return ae_write_table(c->out, "arithmetic_scores.dat", what, "model moves hit nearest recon_nearest", rows, 2, 5);
}
