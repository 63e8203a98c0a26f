/* Lesson 11, part 1: anomaly detection by reconstruction error. See anomaly.h. */
#include <stdlib.h>

#include <gsl/gsl_math.h>

#include "act.h"
#include "batch.h"
#include "err.h"
#include "progress.h"

#include "anomaly.h"
#include "exercises.h"

/* BOOK: scores */
/* (11.1) s(x) = ||x - x_hat||^2 for every test image, x_hat from the AE and from PCA-k. */
void anomaly_scores(double *s_ae, double *s_pca, ae_autoenc *m, const ae_pca *p, const ae_dataset *test,
                    size_t k)
{
    const size_t D = test->dim;
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, D), *Xhat = gsl_matrix_alloc(EVAL_ROWS, D),
               *Z = gsl_matrix_alloc(EVAL_ROWS, k);
    for (size_t first = 0; first < test->n; first += EVAL_ROWS) {
        size_t rows = GSL_MIN(EVAL_ROWS, test->n - first);
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D), Hb = gsl_matrix_submatrix(Xhat, 0, 0, rows, D),
                        Zb = gsl_matrix_submatrix(Z, 0, 0, rows, k);
        ae_batch_range(&Xb.matrix, NULL, test, first, rows);
        const gsl_matrix *A = ae_autoenc_forward(m, &Xb.matrix);   /* x_hat = sigmoid(a) */
        ae_pca_project(&Zb.matrix, p, &Xb.matrix);         /* z = V_k (x - mu) */
        ae_pca_reconstruct(&Hb.matrix, p, &Zb.matrix);     /* x_hat = mu + V_k^T z */
        for (size_t b = 0; b < rows; b++) {
            double e_ae = 0.0, e_pca = 0.0;
            for (size_t i = 0; i < D; i++) {
                double x = gsl_matrix_get(&Xb.matrix, b, i);
                double d_ae = ae_sigmoid(gsl_matrix_get(A, b, i)) - x, d_pca = gsl_matrix_get(&Hb.matrix, b, i) - x;
                e_ae += d_ae * d_ae;
                e_pca += d_pca * d_pca;
            }
            s_ae[first + b] = e_ae;
            s_pca[first + b] = e_pca;
        }
    }
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    gsl_matrix_free(Z);
}
/* END BOOK */

anomaly anomaly_detect(const ae_cli *c, ae_autoenc *det, const subset *normal, const ae_dataset *test,
                       size_t holdout)
{
    anomaly a = {.pca = ae_pca_alloc(test->dim), .auc = {(double)holdout}};
    ae_pca_add_rows(a.pca, normal->ds, normal->idx, normal->n);
    ae_check(c->prog, ae_pca_solve(a.pca));
    a.s_ae = malloc(test->n * sizeof *a.s_ae);
    a.s_pca = malloc(test->n * sizeof *a.s_pca);
    a.positive = malloc(test->n);
    AE_ASSERT(a.s_ae && a.s_pca && a.positive);
    size_t npos = 0;
    for (size_t i = 0; i < test->n; i++)
        npos += a.positive[i] = test->y[i] == holdout;
    if (npos == 0 || npos == test->n)
        ae_die(c->prog, "--holdout: class %zu has %zu of the %zu test images; ROC needs both kinds", holdout, npos,
               test->n);
    anomaly_scores(a.s_ae, a.s_pca, det, a.pca, test, det->k);
    a.auc[1] = ex11_auc(a.s_ae, a.positive, test->n);   /* (11.3) */
    a.auc[2] = ex11_auc(a.s_pca, a.positive, test->n);
    ae_progress(c, "held-out class %zu (%s): AUC %.4f by the AE's reconstruction error, %.4f by PCA-%zu's",
                holdout, ae_class_name(test, holdout), a.auc[1], a.auc[2], det->k);
    return a;
}

void anomaly_free(anomaly *a)
{
    ae_pca_free(a->pca);
    free(a->s_ae);
    free(a->s_pca);
    free(a->positive);
}
