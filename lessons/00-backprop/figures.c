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
    double *pts = malloc(ds->n * 3 * sizeof *pts);
    AE_ASSERT(pts);
    for (size_t i = 0; i < ds->n; i++) {
        pts[3 * i] = ds->xr[2 * i];
        pts[3 * i + 1] = ds->xr[2 * i + 1];
        pts[3 * i + 2] = ds->y[i];
    }
    int status = ae_write_table(c->out, "points.dat", "the three spirals", "x y class", pts, ds->n, 3);
    free(pts);
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
