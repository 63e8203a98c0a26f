/* Lesson 05's figures. See figures.h. */
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "err.h"
#include "out.h"

enum { SHOW = 40, SHOW_ACROSS = 10, HIST_BINS = 50 };

double patch_variance(const ae_dataset *ds)
{
    double var = 0.0;
    for (size_t i = 0; i < ds->dim; i++) {
        double mean = 0.0, sq = 0.0;
        for (size_t k = 0; k < ds->n; k++)
            mean += ds->xr[k * ds->dim + i] / (double)ds->n;
        for (size_t k = 0; k < ds->n; k++)
            sq += (ds->xr[k * ds->dim + i] - mean) * (ds->xr[k * ds->dim + i] - mean);
        var += sq / (double)(ds->n * ds->dim);
    }
    return var;
}

int write_runs(const ae_cli *c, const run *runs, size_t n, double var)
{
    enum { COLS = 10 };
    double *rows = malloc(n * COLS * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t i = 0; i < n; i++) {
        const sparse_eval *e = &runs[i].e;
        double v[COLS] = {i, strcmp(runs[i].source, "mnist") == 0, runs[i].K, runs[i].pen, e->err, e->mean_rho,
                          e->active, e->mean_h, runs[i].pen == PEN_KL ? runs[i].rho : 0.0, var};
        memcpy(rows + COLS * i, v, sizeof v);
    }
    int status = ae_write_table(c->out, "runs.dat",
                                "per run: source (0 camera, 1 mnist), hidden units, penalty (0 none, 1 KL, "
                                "2 L1), held-out error/pixel, mean rho_hat, units with h > 0.1 per patch, "
                                "sum of h per patch, the KL target rho; var: the held-out camera patches' "
                                "variance per pixel (the error of the mean patch)",
                                "run mnist units penalty err mean_rho active sum_h rho var", rows, n, COLS);
    free(rows);
    return status;
}

int write_sweep(const ae_cli *c, const run *runs, size_t n, double var)
{
    enum { COLS = 7 };
    double *rows = malloc(n * COLS * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t i = 0; i < n; i++) {
        const sparse_eval *e = &runs[i].e;
        double v[COLS] = {runs[i].rho, e->err, e->active, e->firing, e->mean_rho, 1.0 - e->err / var, var};
        memcpy(rows + COLS * i, v, sizeof v);
    }
    int status = ae_write_table(c->out, "sweep.dat",
                                "KL sparsity at several targets rho (camera patches, 25 units): held-out "
                                "error/pixel, units with h > 0.1 and with h > 0.5 per patch, mean rho_hat, the "
                                "share of the patches' variance explained, the variance per pixel",
                                "rho err active firing mean_rho explained var", rows, n, COLS);
    free(rows);
    return status;
}

int write_rho_hat(const ae_cli *c, const double *rho, const double *on, size_t K, double target)
{
    enum { COLS = 8 };
    double *rows = malloc(K * COLS * sizeof *rows);
    size_t *order = malloc(K * sizeof *order);
    AE_ASSERT(rows && order);
    for (size_t k = 0; k < 3; k++) {
        gsl_sort_index(order, rho + k * K, 1, K);   /* increasing rho_hat */
        for (size_t j = 0; j < K; j++) {
            rows[j * COLS + 1 + k] = rho[k * K + order[K - 1 - j]];
            rows[j * COLS + 5 + k] = on[k * K + order[K - 1 - j]];
        }
    }
    for (size_t j = 0; j < K; j++) {
        rows[j * COLS] = j + 1;
        rows[j * COLS + 4] = target;
    }
    int status = ae_write_table(c->out, "rho_hat.dat",
                                "mean activation rho_hat_j of each hidden unit on held-out patches, sorted, "
                                "and the share of the patches it is on for (h > 0.1; 0: a dead unit)",
                                "unit none kl l1 rho none_on kl_on l1_on", rows, K, COLS);
    free(rows);
    free(order);
    return status;
}

int write_act(const ae_cli *c, const char *name, const char *pen_text, const double *h, size_t n, size_t K)
{
    char what[128];
    snprintf(what, sizeof what, "activations h of the %zu units, %s", K, pen_text);
    return ae_write_histogram(c->out, name, what, h, n * K, HIST_BINS, 0.0, 1.0);
}

/* Tiles across the square grid on which the filters of K units are laid out (write_filters, write_dead). */
static size_t filter_grid(size_t K)
{
    return (size_t)ceil(sqrt((double)K));
}

int write_filters(const ae_cli *c, const char *name, const char *what, const sparse_ae *m, const ae_dataset *ds)
{
    const gsl_matrix *W2 = m->dec->layer[0]->W;   /* D x K */
    const size_t D = W2->size1, K = W2->size2, grid = filter_grid(K);
    double *img = malloc(K * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t j = 0; j < K; j++) {
        double big = 0.0;
        for (size_t i = 0; i < D; i++)
            big = fmax(big, fabs(gsl_matrix_get(W2, i, j)));
        for (size_t i = 0; i < D; i++)
            img[j * D + i] = big > 0 ? gsl_matrix_get(W2, i, j) / big : 0.0;
    }
    int status = ae_write_mosaic(c->out, name, what, img, K, ds->rows, ds->cols, grid, 0.0);
    free(img);
    return status;
}

int write_dead(const ae_cli *c, const char *name, const char *label, const double *on, size_t K, size_t h, size_t w)
{
    const size_t grid = filter_grid(K);
    double *rows = malloc(4 * K * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t j = 0; j < K; j++) {   /* the tile's centre in the mosaic's pixels (ae_write_mosaic: 1-pixel gaps) */
        double r[4] = {(double)j + 1, (double)(j % grid * (w + 1)) + (w - 1) / 2.0,
                       (double)(j / grid * (h + 1)) + (h - 1) / 2.0, on[j] == 0.0};
        memcpy(rows + 4 * j, r, sizeof r);
    }
    char what[192];
    snprintf(what, sizeof what, "the units of %s: unit, its tile's centre in the filter mosaic (x column, "
             "y row), dead (1: on for none of the held-out patches)", label);
    int status = ae_write_table(c->out, name, what, "unit x y dead", rows, K, 4);
    free(rows);
    return status;
}

int write_patches(const ae_cli *c, const ae_dataset *ds)
{
    return ae_write_mosaic(c->out, "patches.dat", "normalised training patches (exercise 5.2)", ds->xr, SHOW,
                           ds->rows, ds->cols, SHOW_ACROSS, 1.0);
}
