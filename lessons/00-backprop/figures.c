/* Lesson 00's figures. See figures.h. */
#include "figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "out.h"

enum { GRID = 200 };
#define GRID_EXTENT 1.2   /* the grid covers [-1.2, 1.2]^2; the spirals have radius 1 */

int write_loss(const ae_cli *c, const score *gd, const score *sgd)
{
    double *rows = malloc((size_t)c->epochs * 5 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < c->epochs; e++) {
        double r[5] = {e + 1, gd[e].loss, gd[e].acc, sgd[e].loss, sgd[e].acc};
        memcpy(rows + 5 * e, r, sizeof r);
    }
    int status = ae_write_table(c->out, "loss.dat", "training loss and accuracy per epoch, GD vs SGD",
                                "epoch gd_loss gd_acc sgd_loss sgd_acc", rows, c->epochs, 5);
    free(rows);
    return status;
}

int write_points(const ae_cli *c, const ae_dataset *ds)
{
    gsl_matrix *X = gsl_matrix_alloc(ds->n, 2), *Phi = gsl_matrix_alloc(ds->n, 2);
    double *pts = malloc(ds->n * 6 * sizeof *pts);
    AE_ASSERT(pts);
    for (size_t i = 0; i < ds->n; i++) {
        gsl_matrix_set(X, i, 0, ds->xr[2 * i]);
        gsl_matrix_set(X, i, 1, ds->xr[2 * i + 1]);
    }
    features(Phi, X, PHI_POLAR);
    for (size_t i = 0; i < ds->n; i++) {
        double r[6] = {ds->xr[2 * i], ds->xr[2 * i + 1], ds->y[i], gsl_matrix_get(Phi, i, 0),
                       gsl_matrix_get(Phi, i, 1), 0};
        memcpy(pts + 6 * i, r, sizeof r);
    }
    features(Phi, X, PHI_UNWOUND);
    for (size_t i = 0; i < ds->n; i++)
        pts[6 * i + 5] = gsl_matrix_get(Phi, i, 1);
    int status = ae_write_table(c->out, "points.dat", "the three spirals, and their polar and unwound angles",
                                "x y class r theta_over_pi psi_over_pi", pts, ds->n, 6);
    free(pts);
    gsl_matrix_free(X);
    gsl_matrix_free(Phi);
    return status;
}

/* The predicted class at each point of a GRID x GRID lattice over the square. */
int write_regions(const ae_cli *c, const char *name, const net *m, buffers *v)
{
    double *cls = malloc(GRID * GRID * sizeof *cls);
    AE_ASSERT(cls);
    const double step = 2.0 * GRID_EXTENT / (GRID - 1);
    for (size_t start = 0; start < GRID * GRID; start += v->cap) {
        size_t rows = GRID * GRID - start < v->cap ? GRID * GRID - start : v->cap;
        batch a = rows_of(v, rows);
        for (size_t r = 0; r < rows; r++) {
            size_t i = (start + r) / GRID, j = (start + r) % GRID;   /* row i is y, column j is x */
            gsl_matrix_set(&a.X.matrix, r, 0, -GRID_EXTENT + j * step);
            gsl_matrix_set(&a.X.matrix, r, 1, -GRID_EXTENT + i * step);
            v->y[r] = 0;
        }
        forward(m, &a, v->y);
        for (size_t r = 0; r < rows; r++) {
            gsl_vector_const_view p = gsl_matrix_const_row(&a.P.matrix, r);
            cls[start + r] = (double)gsl_vector_max_index(&p.vector);
        }
    }
    char what[192];
    snprintf(what, sizeof what, "predicted class on a %dx%d grid (matrix): row i is y = %g + i*%g, "
             "column j is x = %g + j*%g", GRID, GRID, -GRID_EXTENT, step, -GRID_EXTENT, step);
    int status = ae_write_table(c->out, name, what, NULL, cls, GRID, GRID);
    free(cls);
    return status;
}

/* The class the linear softmax L on features f predicts at each point of the GRID x GRID
 * lattice over the square of the x-plane, or, with `polar_plane`, over the rectangle
 * r in [0, GRID_EXTENT], angle/pi in [-1, 1] of the feature plane (f: PHI_POLAR, PHI_UNWOUND). */
int write_linear_regions(const ae_cli *c, const char *name, const ae_dense *L, feature_map f,
                         int polar_plane)
{
    gsl_matrix *X = gsl_matrix_alloc(GRID * GRID, 2), *Phi = gsl_matrix_alloc(GRID * GRID, 2);
    double *cls = malloc(GRID * GRID * sizeof *cls);
    AE_ASSERT(cls);
    const double step = 2.0 * GRID_EXTENT / (GRID - 1), r_step = GRID_EXTENT / (GRID - 1),
                 t_step = 2.0 / (GRID - 1);
    for (size_t i = 0; i < GRID; i++)   /* row i is x2 (or theta/pi), column j is x1 (or r) */
        for (size_t j = 0; j < GRID; j++) {
            gsl_matrix_set(X, i * GRID + j, 0, polar_plane ? j * r_step : -GRID_EXTENT + j * step);
            gsl_matrix_set(X, i * GRID + j, 1, polar_plane ? -1.0 + i * t_step : -GRID_EXTENT + i * step);
        }
    if (polar_plane)
        gsl_matrix_memcpy(Phi, X);   /* the lattice is already in feature space */
    else
        features(Phi, X, f);
    linear_classes(cls, L, Phi);
    const char *phi = f == PHI_XY ? "(x1, x2)" : f == PHI_POLAR ? "(r, theta/pi)" : "(r, psi/pi)";
    char what[224];
    if (polar_plane)
        snprintf(what, sizeof what, "linear softmax on %s, predicted class on a %dx%d grid (matrix): "
                 "row i is angle/pi = -1 + i*%g, column j is r = j*%g", phi, GRID, GRID, t_step, r_step);
    else
        snprintf(what, sizeof what, "linear softmax on %s, predicted class on a %dx%d grid (matrix): row i is "
                 "y = %g + i*%g, column j is x = %g + j*%g", phi, GRID, GRID, -GRID_EXTENT, step,
                 -GRID_EXTENT, step);
    int status = ae_write_table(c->out, name, what, NULL, cls, GRID, GRID);
    free(cls);
    gsl_matrix_free(X);
    gsl_matrix_free(Phi);
    return status;
}

int write_linear_acc(const ae_cli *c, const double acc[3])
{
    double rows[6] = {PHI_XY, acc[0], PHI_POLAR, acc[1], PHI_UNWOUND, acc[2]};
    return ae_write_table(c->out, "linear.dat", "linear softmax, training accuracy per feature map "
                          "(phi 0: (x1, x2), 1: (r, theta), 2: (r, theta + 4r))", "phi accuracy", rows, 3, 2);
}
