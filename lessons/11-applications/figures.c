/* Lesson 11's figures. See figures.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "act.h"
#include "batch.h"
#include "err.h"
#include "out.h"

#include "exercises.h"
#include "figures.h"

enum { HIST_BINS = 60 };
#define HIST_QUANTILE 0.99   /* the score histograms end at this quantile of all scores */

/* ---- the analyses ---- */

extremes extremes_find(ae_autoenc *m, const double *s_ae, const ae_dataset *test)
{
    const size_t D = test->dim;
    extremes e;
    size_t *idx = malloc(test->n * sizeof *idx);
    AE_ASSERT(idx);
    gsl_sort_index(idx, s_ae, 1, test->n);
    for (size_t i = 0; i < SHOW; i++) {
        e.pick[i] = idx[test->n - 1 - i];   /* most anomalous first */
        e.pick[SHOW + i] = idx[i];          /* least anomalous */
    }
    free(idx);
    gsl_matrix *X = gsl_matrix_alloc(2 * SHOW, D);
    ae_batch_fill(X, e.y, test, e.pick, 2 * SHOW);
    const gsl_matrix *A = ae_autoenc_forward(m, X);
    e.img = malloc(4 * SHOW * D * sizeof *e.img);
    AE_ASSERT(e.img);
    for (size_t half = 0; half < 2; half++)
        for (size_t i = 0; i < SHOW; i++) {
            size_t b = half * SHOW + i;
            double *orig = e.img + ((2 * half) * SHOW + i) * D, *rec = e.img + ((2 * half + 1) * SHOW + i) * D;
            for (size_t j = 0; j < D; j++) {
                orig[j] = gsl_matrix_get(X, b, j);
                rec[j] = ae_sigmoid(gsl_matrix_get(A, b, j));
            }
        }
    gsl_matrix_free(X);
    return e;
}

void extremes_free(extremes *e)
{
    free(e->img);
}

double hist_top(const double *s_ae, size_t n)
{
    double *sorted = malloc(n * sizeof *sorted);
    AE_ASSERT(sorted);
    memcpy(sorted, s_ae, n * sizeof *sorted);
    gsl_sort(sorted, 1, n);
    double top = gsl_stats_quantile_from_sorted_data(sorted, 1, n, HIST_QUANTILE);
    free(sorted);
    return top;
}

/* ---- part 1: anomaly detection ---- */

int write_auc(const ae_cli *c, const double auc[3])
{
    return ae_write_table(c->out, "auc.dat", "area under the ROC curve: held-out class vs the rest",
                          "holdout ae pca", auc, 1, 3);
}

int write_roc(const ae_cli *c, const char *which, const char *what, const double *score,
              const uint8_t *positive, size_t n)
{
    double *fpr = malloc((n + 1) * sizeof *fpr), *tpr = malloc((n + 1) * sizeof *tpr),
           *rows = malloc(2 * (n + 1) * sizeof *rows);
    AE_ASSERT(fpr && tpr && rows);
    size_t m = ex11_roc(fpr, tpr, score, positive, n);
    for (size_t i = 0; i < m; i++) {
        rows[2 * i] = fpr[i];
        rows[2 * i + 1] = tpr[i];
    }
    char name[64];
    snprintf(name, sizeof name, "roc_%s.dat", which);
    int status = ae_write_table(c->out, name, what, "fpr tpr", rows, m, 2);
    free(fpr);
    free(tpr);
    free(rows);
    return status;
}

int write_classes(const ae_cli *c, const ae_dataset *ds)
{
    ae_out w;
    int status = ae_out_open(&w, c->out, "classes.dat", "the classes of the dataset");
    if (status)
        return status;
    ae_out_columns(&w, "class name");
    for (size_t k = 0; k < ds->classes; k++)
        ae_out_printf(&w, "%zu \"%s\"\n", k, ae_class_name(ds, k));
    return ae_out_close(&w);
}

int write_class_error(const ae_cli *c, const double *s_ae, const double *s_pca, const ae_dataset *test)
{
    double rows[MAX_CLASSES * 4] = {0};
    for (size_t i = 0; i < test->n; i++) {
        double *r = rows + 4 * test->y[i];
        r[1] += s_ae[i];
        r[2] += s_pca[i];
        r[3] += 1.0;
    }
    for (size_t k = 0; k < test->classes; k++) {
        rows[4 * k] = k;
        rows[4 * k + 1] /= rows[4 * k + 3];
        rows[4 * k + 2] /= rows[4 * k + 3];
    }
    return ae_write_table(c->out, "class_error.dat", "per test class: mean ||x - x_hat||^2 of the AE and of PCA",
                          "class ae pca count", rows, test->classes, 4);
}

int write_hist(const ae_cli *c, score_kind kind, const double *s_ae, const uint8_t *positive, size_t n,
               double top)
{
    double *v = malloc(n * sizeof *v);
    AE_ASSERT(v);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (positive[i] == kind)
            v[m++] = s_ae[i];
    int status = ae_write_histogram(c->out, kind == HELDOUT ? "hist_heldout.dat" : "hist_normal.dat",
                                    kind == HELDOUT ? "AE score ||x - x_hat||^2 of the held-out class (test)"
                                                    : "AE score ||x - x_hat||^2 of the other classes (test)",
                                    v, m, HIST_BINS, 0.0, top);
    free(v);
    return status;
}

int write_extremes(const ae_cli *c, extreme_kind kind, const extremes *e, const ae_dataset *test)
{
    if (kind == MOST)
        return ae_write_mosaic(c->out, "extremes_most.dat",
                               "rows: the most anomalous test images (highest score first), their AE reconstructions",
                               e->img, 2 * SHOW, test->rows, test->cols, SHOW, 1.0);
    return ae_write_mosaic(c->out, "extremes_least.dat",
                           "rows: the least anomalous test images (lowest score first), their AE reconstructions",
                           e->img + 2 * SHOW * test->dim, 2 * SHOW, test->rows, test->cols, SHOW, 1.0);
}

int write_extremes_labels(const ae_cli *c, const extremes *e, const double *s_ae, const ae_dataset *test)
{
    ae_out w;
    int status = ae_out_open(&w, c->out, "extremes_labels.dat",
                             "the images of extremes_most.dat (least 0) and extremes_least.dat (least 1): column, "
                             "label, score, class name");
    if (status)
        return status;
    ae_out_columns(&w, "least col label score name");
    for (size_t b = 0; b < 2 * SHOW; b++)
        ae_out_printf(&w, "%zu %zu %d %.6g \"%s\"\n", b / SHOW, b % SHOW, (int)e->y[b], s_ae[e->pick[b]],
                      ae_class_name(test, e->y[b]));
    return ae_out_close(&w);
}

/* ---- part 2: pretraining with few labels ---- */

int write_fewlabels(const ae_cli *c, const char *name, const fewlabels_row *res, size_t nn,
                    const char *const *keys, size_t nv, size_t a, size_t b)
{
    const size_t w = 2 + 2 * nv + 2, wd = 2 + 2 * nv;   /* columns of NAME.dat, NAME_draws.dat */
    char cols[256], cols_d[256], file[64], file_d[64];
    size_t len = (size_t)snprintf(cols, sizeof cols, "n draws"), len_d = (size_t)snprintf(cols_d, sizeof cols_d, "n draw");
    for (size_t v = 0; v < nv; v++) {
        len += (size_t)snprintf(cols + len, sizeof cols - len, " %s %s_se", keys[v], keys[v]);
        len_d += (size_t)snprintf(cols_d + len_d, sizeof cols_d - len_d, " %s", keys[v]);
    }
    for (size_t v = 0; v < nv; v++)
        len_d += (size_t)snprintf(cols_d + len_d, sizeof cols_d - len_d, " %s_epoch", keys[v]);
    snprintf(cols + len, sizeof cols - len, " gap gap_se");
    double *rows = malloc(nn * w * sizeof *rows), *draws = malloc(nn * MAX_DRAWS * wd * sizeof *draws);
    AE_ASSERT(rows && draws);
    size_t nd = 0;
    for (size_t i = 0; i < nn; i++) {
        double *r = rows + w * i;
        r[0] = (double)res[i].n;
        r[1] = (double)res[i].draws;
        for (size_t v = 0; v < nv; v++)
            mean_se(r + 2 + 2 * v, r + 3 + 2 * v, res[i].acc[v], res[i].draws);
        gap_se(r + w - 2, r + w - 1, res[i].acc[a], res[i].acc[b], res[i].draws);
        for (size_t d = 0; d < res[i].draws; d++, nd++) {
            double *q = draws + wd * nd;
            q[0] = (double)res[i].n;
            q[1] = (double)d;
            for (size_t v = 0; v < nv; v++) {
                q[2 + v] = res[i].acc[v][d];
                q[2 + nv + v] = res[i].epochs[v][d];
            }
        }
    }
    snprintf(file, sizeof file, "%s.dat", name);
    snprintf(file_d, sizeof file_d, "%s_draws.dat", name);
    char what[160];
    snprintf(what, sizeof what, "test accuracy with n labelled training images: mean and standard error over the "
             "draws; gap: %s minus %s, paired", keys[a], keys[b]);
    int status = ae_write_table(c->out, file, what, cols, rows, nn, w);
    if (!status)
        status = ae_write_table(c->out, file_d, "test accuracy of every draw; the epoch of its best validation "
                                "accuracy (early stopping)", cols_d, draws, nd, wd);
    free(rows);
    free(draws);
    return status;
}

int write_loss(const ae_cli *c, const double *curve)
{
    double *rows = malloc((size_t)c->epochs * 3 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < c->epochs; e++) {
        double r[3] = {e + 1, curve[e], curve[c->epochs + e]};
        memcpy(rows + 3 * e, r, sizeof r);
    }
    int status = ae_write_table(c->out, "loss.dat", "per epoch: training BCE per pixel of the two AEs",
                                "epoch detector pretrain", rows, (size_t)c->epochs, 3);
    free(rows);
    return status;
}

int write_pretext(const ae_cli *c, const pretext_result *pt, size_t classes)
{
    double rows[MAX_CLASSES * 3];
    for (size_t k = 0; k < classes; k++) {
        double r[3] = {(double)k, pt->class_acc[k], pt->acc};
        memcpy(rows + 3 * k, r, sizeof r);
    }
    return ae_write_table(c->out, "pretext.dat", "the rotation pretext task: accuracy on held-out test images turned "
                          "0/90/180/270 degrees, by the class of the image (classes.dat names them), and over all "
                          "of them", "class acc all", rows, classes, 3);
}

int write_turned(const ae_cli *c, const ae_dataset *test)
{
    const size_t D = test->dim, K = test->classes;
    double *img = malloc(TURNS * K * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t k = 0; k < K; k++) {
        ae_dataset one = rotated_set(test, ae_dataset_first_of(test, (uint8_t)k), 1);   /* its four turns */
        for (size_t t = 0; t < TURNS; t++)
            for (size_t p = 0; p < D; p++)
                img[(t * K + k) * D + p] = one.x[t * D + p] / 255.0;
        ae_dataset_free(&one);
    }
    int status = ae_write_mosaic(c->out, "turned.dat", "rows: the first test image of each class turned 0, 90, 180 "
                                 "and 270 degrees (the pretext task's four labels)", img, TURNS * K, test->rows,
                                 test->cols, K, 1.0);
    free(img);
    return status;
}
