/* dense — y = W x + b over a batch of rows. See dense.h. */
#include "dense.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>

#include "err.h"
#include "student.h"
#include "rng.h"

ae_dense *ae_dense_alloc(size_t in, size_t out)
{
    AE_ASSERT(in > 0 && out > 0);
    ae_dense *L = calloc(1, sizeof *L);
    AE_ASSERT(L != NULL);
    L->in = in;
    L->out = out;
    L->W = gsl_matrix_calloc(out, in);
    L->dW = gsl_matrix_calloc(out, in);
    L->b = gsl_vector_calloc(out);
    L->db = gsl_vector_calloc(out);
    AE_ASSERT(L->W && L->dW && L->b && L->db);
    return L;
}

void ae_dense_free(ae_dense *L)
{
    if (L == NULL)
        return;
    gsl_matrix_free(L->W);
    gsl_matrix_free(L->dW);
    gsl_vector_free(L->b);
    gsl_vector_free(L->db);
    free(L);
}

void ae_dense_init(ae_dense *L, gsl_rng *r, double scale)
{
    /* W_ij ~ N(0, scale^2 / D), b = 0 */
    double sigma = scale / sqrt((double)L->in);
    for (size_t i = 0; i < L->out; i++)
        for (size_t j = 0; j < L->in; j++)
            gsl_matrix_set(L->W, i, j, ae_rng_gaussian(r, sigma));
    gsl_vector_set_zero(L->b);
}

void ae_dense_zero_grad(ae_dense *L)
{
    gsl_matrix_set_zero(L->dW);
    gsl_vector_set_zero(L->db);
}

void ae_dense_add_params(ae_dense *L, ae_optim *o)
{
    ae_optim_add_matrix(o, L->W, L->dW, 1);
    ae_optim_add_vector(o, L->b, L->db, 0);
}

/* BOOK: dense_forward */
void ae_dense_forward(gsl_matrix *Y, const gsl_matrix *X, const ae_dense *L)
{
    AE_ASSERT(X->size2 == L->in && Y->size2 == L->out && Y->size1 == X->size1);
    /* (N.1) Y = X W^T + 1 b^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, X, L->W, 0.0, Y);
    const double *b = L->b->data;   /* stride 1: ae_dense_alloc made it */
    for (size_t n = 0; n < Y->size1; n++) {
        double *y = Y->data + n * Y->tda;
        for (size_t i = 0; i < Y->size2; i++)
            y[i] += b[i];
    }
}
/* END BOOK */

void ae_dense_backward(gsl_matrix *dX, ae_dense *L, const gsl_matrix *dY,
                       const gsl_matrix *X)
{
    AE_ASSERT(X->size2 == L->in && dY->size2 == L->out && dY->size1 == X->size1);
    AE_ASSERT(dX == NULL || (dX->size1 == X->size1 && dX->size2 == L->in));
#ifdef SOLUTION
    /* (0.3) dL/dW += dY^T X  (dL/dW = dL/df x^T, summed over the batch) */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, dY, X, 1.0, L->dW);
    /* (0.3) dL/db += sum over rows of dY  (dL/db = dL/df, summed over the batch) */
    double *db = L->db->data;
    for (size_t n = 0; n < dY->size1; n++) {
        const double *dy = dY->data + n * dY->tda;
        for (size_t i = 0; i < dY->size2; i++)
            db[i] += dy[i];
    }
    /* (0.4) dL/dX = dY W  (dL/dx = W^T dL/df, one row per example) */
    if (dX != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dY, L->W, 0.0, dX);
#else
    student_dense_backward(dX, L, dY, X);   /* exercise 0.1 */
#endif
}

/* BOOK: dense_tied */
void ae_dense_forward_tied(gsl_matrix *Y, const gsl_matrix *X, const ae_dense *L, const gsl_vector *c)
{
    AE_ASSERT(X->size2 == L->out && Y->size2 == L->in && Y->size1 == X->size1 && c->size == L->in);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, L->W, 0.0, Y);   /* Y = X W */
    for (size_t n = 0; n < Y->size1; n++) {
        gsl_vector_view y = gsl_matrix_row(Y, n);
        gsl_vector_add(&y.vector, c);                                  /* + 1 c^T */
    }
}

void ae_dense_backward_tied(gsl_matrix *dX, ae_dense *L, gsl_vector *dc, const gsl_matrix *dY,
                            const gsl_matrix *X)
{
    AE_ASSERT(X->size2 == L->out && dY->size2 == L->in && dY->size1 == X->size1 && dc->size == L->in);
    AE_ASSERT(dX == NULL || (dX->size1 == X->size1 && dX->size2 == L->out));
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dY, 1.0, L->dW);   /* dW += (dY^T X)^T = X^T dY */
    for (size_t n = 0; n < dY->size1; n++) {
        gsl_vector_const_view g = gsl_matrix_const_row(dY, n);
        gsl_vector_add(dc, &g.vector);                                  /* dc += sum over rows of dY */
    }
    if (dX != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dY, L->W, 0.0, dX);   /* dX = dY W^T */
}
/* END BOOK */
