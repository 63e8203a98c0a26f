/* Lesson 06's figures. See figures.h. */
#include "batch.h"
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>

#include "act.h"
#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "out.h"

enum { SHOW = 10, HIST_BINS = 40 };

/* ---- the measurements ---- */

/* BOOK: frobenius */
/* ||J_f(x)||_F for every row of H: sqrt(sum_j (h_j (1 - h_j))^2 ||W_j||^2)  (6.3) */
static void frobenius_rows(double *out, const gsl_matrix *H, const gsl_vector *w2)
{
    for (size_t b = 0; b < H->size1; b++) {
        double sum = 0.0;
        for (size_t j = 0; j < H->size2; j++) {
            double h = gsl_matrix_get(H, b, j), g = h * (1.0 - h);
            sum += g * g * gsl_vector_get(w2, j);
        }
        out[b] = sqrt(sum);
    }
}
/* END BOOK */

void evaluate(result *r, model *m, const ae_dataset *test)
{
    const size_t K = m->enc->out, rows_max = m->X->size1;
    gsl_vector *w2 = gsl_vector_alloc(K);
    for (size_t j = 0; j < K; j++) {
        gsl_vector_const_view Wj = gsl_matrix_const_row(m->enc->W, j);
        double n = gsl_blas_dnrm2(&Wj.vector);
        gsl_vector_set(w2, j, n * n);
    }
    double bce = 0.0, frob = 0.0;
    for (size_t first = 0; first < test->n; first += rows_max) {
        size_t rows = test->n - first < rows_max ? test->n - first : rows_max;
        batch a = rows_of(m, rows);
        ae_batch_range(&a.X.matrix, NULL, test, first, rows);
        encode(m, &a.H.matrix, &a.X.matrix);
        bce += ae_loss_bce_logits(NULL, ae_net_forward(m->dec, &a.H.matrix), &a.X.matrix) * (double)rows;
        frobenius_rows(r->frobs + first, &a.H.matrix, w2);
    }
    for (size_t i = 0; i < test->n; i++)
        frob += r->frobs[i];
    r->bce = bce / (double)test->n;
    r->frob = frob / (double)test->n;
    gsl_vector_free(w2);
}

/* Singular values of J_f at test point p (exercise 6.1 gives J), decreasing, from the
 * eigenvalues of the K x K matrix J J^T = U S^2 U^T (far cheaper than an SVD of the D x K
 * matrix J^T); the input directions, the right singular vectors v_t = J^T u_t / s_t, are
 * left as the columns of Jt (D x K), each of unit length with its largest entry positive
 * (a singular vector's sign is arbitrary). */
static void jacobian_svd(const model *m, const ae_dataset *test, size_t p, gsl_matrix *Jt, gsl_vector *S)
{
    const size_t D = m->enc->in, K = m->enc->out;
    gsl_matrix *J = gsl_matrix_alloc(K, D), *G = gsl_matrix_alloc(K, K), *U = gsl_matrix_alloc(K, K),
               *x1 = gsl_matrix_alloc(1, D);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(K);
    ae_batch_range(x1, NULL, test, p, 1);
    gsl_vector_view x = gsl_matrix_row(x1, 0);
    ex06_encoder_jacobian(J, &x.vector, m->enc->W, m->enc->b);          /* (6.2) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, J, J, 0.0, G);        /* J J^T */
    gsl_eigen_symmv(G, S, U, ws);
    gsl_eigen_symmv_sort(S, U, GSL_EIGEN_SORT_VAL_DESC);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, J, U, 0.0, Jt);       /* J^T u_t = s_t v_t */
    for (size_t t = 0; t < K; t++) {
        gsl_vector_view v = gsl_matrix_column(Jt, t);
        gsl_vector_set(S, t, sqrt(fmax(gsl_vector_get(S, t), 0.0)));
        double norm = gsl_blas_dnrm2(&v.vector);
        size_t big = gsl_blas_idamax(&v.vector);
        if (norm > 0.0)
            gsl_vector_scale(&v.vector, gsl_vector_get(&v.vector, big) < 0.0 ? -1.0 / norm : 1.0 / norm);
    }
    gsl_matrix_free(J);
    gsl_matrix_free(G);
    gsl_matrix_free(U);
    gsl_matrix_free(x1);
    gsl_eigen_symmv_free(ws);
}

/* How many of the decreasing singular values hold 90% of sum sigma^2. */
static size_t dims_for_90(const gsl_vector *S)
{
    double total = 0.0, run = 0.0;
    for (size_t i = 0; i < S->size; i++)
        total += gsl_vector_get(S, i) * gsl_vector_get(S, i);
    size_t k = 0;
    while (k < S->size && run < 0.9 * total) {
        run += gsl_vector_get(S, k) * gsl_vector_get(S, k);
        k++;
    }
    return k;
}

void spectra(result *r, double *tangents, const model *m, const ae_dataset *test)
{
    const size_t D = m->enc->in, K = m->enc->out;
    gsl_matrix_view digit = gsl_matrix_view_array(tangents, 1, D);
    ae_batch_range(&digit.matrix, NULL, test, 0, 1);
    gsl_matrix *Jt = gsl_matrix_alloc(D, K);
    gsl_vector *S = gsl_vector_alloc(K);
    double dims = 0.0;
    for (size_t p = 0; p < NPOINTS; p++) {
        jacobian_svd(m, test, p, Jt, S);
        for (size_t i = 0; i < K; i++)
            r->sv[p][i] = gsl_vector_get(S, i);
        dims += (double)dims_for_90(S);
        for (size_t t = 0; p == 0 && t < NTANGENT; t++) {
            double big = 0.0;   /* each direction scaled to [-1, 1]; a code of K < NTANGENT has K, then 0 */
            for (size_t i = 0; t < K && i < D; i++)
                big = fmax(big, fabs(gsl_matrix_get(Jt, i, t)));
            for (size_t i = 0; i < D; i++)
                tangents[(1 + t) * D + i] = t < K && big > 0.0 ? gsl_matrix_get(Jt, i, t) / big : 0.0;
        }
    }
    r->dims90 = dims / NPOINTS;
    r->sv1 = 0.0;
    for (size_t p = 0; p < NPOINTS; p++)
        r->sv1 += r->sv[p][0] / NPOINTS;
    gsl_matrix_free(Jt);
    gsl_vector_free(S);
}

/* Whether pixel i of a rows x cols digit x lies within NEAR pixels of its stroke (x > 0.1). */
static int near_stroke(const gsl_matrix *x, size_t i, size_t rows, size_t cols)
{
    enum { NEAR = 2 };
    long r = (long)(i / cols), c = (long)(i % cols);
    for (long dr = -NEAR; dr <= NEAR; dr++)
        for (long dc = -NEAR; dc <= NEAR; dc++) {
            long rr = r + dr, cc = c + dc;
            if (rr >= 0 && cc >= 0 && rr < (long)rows && cc < (long)cols &&
                gsl_matrix_get(x, 0, (size_t)(rr * (long)cols + cc)) > 0.1)
                return 1;
        }
    return 0;
}

/* BOOK: deformations */
/* Test digit 0 moved along the input directions v_t of J_f's largest singular values:
 * x - eps v_t and x + eps v_t (clipped to pixel range), then what the model makes of them,
 * g(f(x -+ eps v_t)). img: 4 rows of (1 + NDEFORM) images; each row starts with x (or g(f(x))).
 * Returns the mean share of ||v_t||^2 (= 1) on the pixels near the digit's stroke. */
double deformations(double *img, model *m, const ae_dataset *test, double eps)
{
    const size_t D = m->enc->in, K = m->enc->out, W = 1 + NDEFORM;
    gsl_matrix *Jt = gsl_matrix_alloc(D, K);
    gsl_vector *S = gsl_vector_alloc(K);
    jacobian_svd(m, test, 0, Jt, S);                        /* v_t: column t of Jt, unit length */
    batch a = rows_of(m, 2 * W);                            /* rows: x - eps v_t, then x + eps v_t */
    ae_batch_range(&a.X.matrix, NULL, test, 0, 1);
    const size_t T = NDEFORM < K ? NDEFORM : K;
    double near = 0.0;                                      /* mean over t of sum_{i near} v_ti^2 */
    for (size_t i = 0; i < D; i++)
        if (near_stroke(&a.X.matrix, i, test->rows, test->cols))
            for (size_t t = 0; t < T; t++)
                near += gsl_matrix_get(Jt, i, t) * gsl_matrix_get(Jt, i, t) / (double)T;
    for (size_t r = 0; r < 2 * W; r++) {
        size_t t = r % W;                                   /* t = 0: x itself */
        double sign = r < W ? -1.0 : 1.0;
        for (size_t i = 0; i < D; i++) {
            double x = gsl_matrix_get(&a.X.matrix, 0, i);
            double dx = t > 0 && t - 1 < K ? sign * eps * gsl_matrix_get(Jt, i, t - 1) : 0.0;
            gsl_matrix_set(&a.Xin.matrix, r, i, fmin(1.0, fmax(0.0, x + dx)));
        }
    }
    memcpy(img, a.Xin.matrix.data, 2 * W * D * sizeof *img);   /* rows of Xin are contiguous */
    const gsl_matrix *logits = model_forward(m, &a);        /* g(f(x~)) */
    for (size_t r = 0; r < 2 * W; r++)
        for (size_t i = 0; i < D; i++)
            img[(2 * W + r) * D + i] = ae_sigmoid(gsl_matrix_get(logits, r, i));
    gsl_matrix_free(Jt);
    gsl_vector_free(S);
    return near;
}
/* END BOOK */

/* ---- the files ---- */

int write_jacobian(const ae_cli *c, const result *r)
{
    double rows[NMODELS * 7];
    for (size_t k = 0; k < NMODELS; k++) {
        double v[7] = {k, r[k].bce, r[k].frob, r[k].dims90, r[k].sv[0][0], r[k].sv1, r[k].near};
        memcpy(rows + 7 * k, v, sizeof v);
    }
    return ae_write_table(c->out, "jacobian.dat",
                          "per model (0 AE, 1 DAE, 2 CAE): test BCE per image, mean ||J_f(x)||_F, "
                          "singular values holding 90% of ||J||_F^2, largest singular value at point 0 and "
                          "its mean over the points of singular.dat, share of the leading input directions "
                          "near digit 0's stroke (deform_*.dat)",
                          "model test_bce frob dims90 sv1 sv1_mean near", rows, NMODELS, 7);
}

int write_singular(const ae_cli *c, const result *r, size_t K)
{
    char columns[512] = "i";
    for (size_t k = 0; k < NMODELS; k++)
        for (size_t p = 0; p < NPOINTS; p++)
            snprintf(columns + strlen(columns), sizeof columns - strlen(columns), " %s_p%zu", MODEL_NAME[k], p);
    const size_t width = 1 + NMODELS * NPOINTS;
    double *sv = malloc(K * width * sizeof *sv);
    AE_ASSERT(sv);
    for (size_t i = 0; i < K; i++) {
        sv[i * width] = i + 1;
        for (size_t k = 0; k < NMODELS; k++)
            for (size_t p = 0; p < NPOINTS; p++)
                sv[i * width + 1 + k * NPOINTS + p] = r[k].sv[p][i];
    }
    int status = ae_write_table(c->out, "singular.dat", "singular values of J_f at the first test points, decreasing",
                                columns, sv, K, width);
    free(sv);
    return status;
}

int write_frobenius(const ae_cli *c, const result *r, size_t n_test)
{
    const char *names[NMODELS] = {"frobenius_ae.dat", "frobenius_dae.dat", "frobenius_cae.dat"};
    double hi = fmax(1.6 * fmax(r[0].frob, fmax(r[1].frob, r[2].frob)), 1e-6);   /* > 0 even if all are 0 */
    int status = 0;
    for (size_t k = 0; k < NMODELS && !status; k++)
        status = ae_write_histogram(c->out, names[k], "||J_f(x)||_F over the test set", r[k].frobs, n_test,
                                    HIST_BINS, 0.0, hi);
    return status;
}

int write_tangents(const ae_cli *c, const double *tangents, const ae_dataset *test)
{
    return ae_write_mosaic(c->out, "tangents.dat",
                           "per model (AE, DAE, CAE): test digit 0, then the leading input directions "
                           "of J_f (right singular vectors), scaled to [-1, 1]",
                           tangents, NMODELS * (NTANGENT + 1), test->rows, test->cols, NTANGENT + 1, 0.0);
}

int write_deform(const ae_cli *c, const double *img, const ae_dataset *test, double eps)
{
    const char *names[NMODELS] = {"deform_ae.dat", "deform_dae.dat", "deform_cae.dat"};
    const size_t per_model = 4 * (NDEFORM + 1) * test->dim;
    char what[256];
    snprintf(what, sizeof what, "rows: x - eps v_t; x + eps v_t; g(f(x - eps v_t)); g(f(x + eps v_t)), eps = %g, "
             "v_t the t-th right singular vector of J_f at test digit 0; column t = 0 .. %d", eps, NDEFORM);
    int status = 0;
    for (size_t k = 0; k < NMODELS && !status; k++)
        status = ae_write_mosaic(c->out, names[k], what, img + k * per_model, 4 * (NDEFORM + 1), test->rows,
                                 test->cols, NDEFORM + 1, 1.0);
    return status;
}

int write_recon(const ae_cli *c, model *models, const ae_dataset *test)
{
    const size_t D = test->dim;
    double *img = malloc((NMODELS + 1) * SHOW * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t k = 0; k < NMODELS; k++) {
        batch a = rows_of(&models[k], SHOW);
        ae_batch_range(&a.X.matrix, NULL, test, 0, SHOW);
        if (k == 0)
            memcpy(img, a.X.matrix.data, SHOW * D * sizeof *img);   /* rows of X are contiguous */
        encode(&models[k], &a.H.matrix, &a.X.matrix);
        const gsl_matrix *logits = ae_net_forward(models[k].dec, &a.H.matrix);
        for (size_t b = 0; b < SHOW; b++)
            for (size_t i = 0; i < D; i++)
                img[((k + 1) * SHOW + b) * D + i] = ae_sigmoid(gsl_matrix_get(logits, b, i));
    }
    int status = ae_write_mosaic(c->out, "recon.dat", "rows: test images; AE; DAE; CAE reconstructions", img,
                                 (NMODELS + 1) * SHOW, test->rows, test->cols, SHOW, 1.0);
    free(img);
    return status;
}
