/* Lesson 00's representation experiment. See features.h. */
#include "features.h"

#include <math.h>
#include <stdlib.h>

#include "batch.h"
#include "err.h"
#include "loss.h"
#include "optim.h"

#include <gsl/gsl_math.h>

/* BOOK: features */
void features(gsl_matrix *Phi, const gsl_matrix *X, feature_map f)
{
    AE_ASSERT(X->size1 == Phi->size1 && X->size2 == 2 && Phi->size2 == 2);
    for (size_t i = 0; i < X->size1; i++) {
        double x1 = gsl_matrix_get(X, i, 0), x2 = gsl_matrix_get(X, i, 1);
        double r = hypot(x1, x2), theta = atan2(x2, x1);
        double psi = remainder(theta + AE_SPIRAL_WINDING * r, 2 * M_PI);   /* unwound, in [-pi, pi] */
        gsl_matrix_set(Phi, i, 0, f == PHI_XY ? x1 : r);
        gsl_matrix_set(Phi, i, 1, f == PHI_XY ? x2 : (f == PHI_POLAR ? theta : psi) / M_PI);
    }
}
/* END BOOK */

/* BOOK: linear_fit */
double linear_fit(ae_dense *L, feature_map f, const ae_dataset *ds, int steps, double lr)
{
    gsl_matrix *X = gsl_matrix_alloc(ds->n, 2), *Phi = gsl_matrix_alloc(ds->n, 2),
               *F = gsl_matrix_alloc(ds->n, L->W->size1), *P = gsl_matrix_alloc(ds->n, L->W->size1);
    uint8_t *y = malloc(ds->n);
    AE_ASSERT(y);
    ae_batch_range(X, y, ds, 0, ds->n);
    features(Phi, X, f);                           /* phi(x), once: it has no parameters */
    ae_optim *opt = ae_optim_alloc(AE_SGD, lr);
    ae_dense_add_params(L, opt);
    for (int s = 0; s < steps; s++) {
        ae_optim_zero_grad(opt);
        ae_dense_forward(F, Phi, L);               /* f = W phi + b */
        ae_loss_softmax_ce(P, P, F, y);            /* p = softmax(f); dL/df = (p - 1(y=k)) / B over p */
        ae_dense_backward(NULL, L, P, Phi);        /* dL/dW = dL/df phi^T, dL/db = dL/df */
        ae_optim_step(opt);
    }
    ae_dense_forward(F, Phi, L);
    ae_loss_softmax_ce(NULL, P, F, y);
    double acc = (double)ae_count_correct(P, y) / (double)ds->n;
    ae_optim_free(opt);
    gsl_matrix_free(X);
    gsl_matrix_free(Phi);
    gsl_matrix_free(F);
    gsl_matrix_free(P);
    free(y);
    return acc;
}
/* END BOOK */

void linear_classes(double *cls, const ae_dense *L, const gsl_matrix *Phi)
{
    gsl_matrix *F = gsl_matrix_alloc(Phi->size1, L->W->size1);
    ae_dense_forward(F, Phi, L);
    for (size_t i = 0; i < Phi->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(F, i);
        cls[i] = (double)gsl_vector_max_index(&row.vector);
    }
    gsl_matrix_free(F);
}
