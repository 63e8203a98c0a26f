/* Lesson 00 exercises: the backward pass of a two-layer network, piece by piece.
 * Each stub compiles and runs; `make grade` tells you which are still wrong. */
#include "exercises.h"

#include <gsl/gsl_blas.h>

/* BOOK: dense_backward */
void ex00_dense_backward(gsl_matrix *dX, ae_dense *L, const gsl_matrix *dF,
                         const gsl_matrix *X)
{
#ifdef SOLUTION
    /* (0.3) dL/dW = dL/df x^T, summed over the batch: dW += dF^T X */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, dF, X, 1.0, L->dW);
    /* (0.3) dL/db = dL/df, summed over the batch */
    for (size_t b = 0; b < dF->size1; b++)
        for (size_t j = 0; j < dF->size2; j++)
            *gsl_vector_ptr(L->db, j) += gsl_matrix_get(dF, b, j);
    /* (0.4) dL/dx = W^T dL/df, one row per example: dX = dF W */
    if (dX)
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dF, L->W, 0.0, dX);
#else
    /* EXERCISE 0.1 (BOOK.md eq. 0.3, 0.4): dW += dF^T X, db += column sums of dF,
     * and, when dX is not NULL, dX = dF W. (gsl_blas_dgemm does the products.) */
    (void)L;
    (void)dF;
    (void)X;
    if (dX)
        gsl_matrix_set_zero(dX);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: relu_backward */
void ex00_relu_backward(gsl_matrix *dH, const gsl_matrix *H)
{
#ifdef SOLUTION
    for (size_t b = 0; b < H->size1; b++)
        for (size_t j = 0; j < H->size2; j++)
            if (gsl_matrix_get(H, b, j) <= 0.0)          /* (0.5) 1(h > 0) */
                gsl_matrix_set(dH, b, j, 0.0);
#else
    /* EXERCISE 0.2 (BOOK.md eq. 0.5): zero dH wherever the ReLU was off (H <= 0). */
    (void)dH;
    (void)H;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: softmax_ce_grad */
void ex00_softmax_ce_grad(gsl_matrix *dF, const gsl_matrix *P, const uint8_t *y)
{
#ifdef SOLUTION
    const double inv_B = 1.0 / (double)P->size1;
    for (size_t b = 0; b < P->size1; b++)
        for (size_t k = 0; k < P->size2; k++) {
            double onehot = (k == y[b]) ? 1.0 : 0.0;
            gsl_matrix_set(dF, b, k, (gsl_matrix_get(P, b, k) - onehot) * inv_B); /* (0.6) */
        }
#else
    /* EXERCISE 0.3 (BOOK.md eq. 0.6): dF[b][k] = (P[b][k] - 1(y[b] == k)) / B. */
    (void)P;
    (void)y;
    gsl_matrix_set_zero(dF);
#endif /* SOLUTION */
}
/* END BOOK */
