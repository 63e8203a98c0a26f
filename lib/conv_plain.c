/* conv_plain — the convolution, its backward pass and its transpose as BOOK.md chapter 3
 * derives them, (3.2)-(3.6), one image and one GEMM at a time. What the lessons run is
 * lib/conv.c's ae_conv_forward and ae_conv_backward: the same numbers (to rounding),
 * arranged for speed (the book's appendix on performance). These are for the book and
 * for tests/check_conv.c, which checks that the two agree. See conv.h.
 */
#include "conv.h"

#include <string.h>

#include <gsl/gsl_blas.h>

#include "err.h"
#include "student.h"

/* BOOK: conv_forward */
/* (3.3) Y_img = W col + b 1^T, one image at a time. */
void ae_conv_forward_plain(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L)
{
    const size_t P = L->g.oh * L->g.ow;
    AE_ASSERT(!L->transposed && X->size1 <= L->max_batch && Y->size1 == X->size1);
    AE_ASSERT(X->size2 == L->in && Y->size2 == L->out);
    gsl_matrix_view col = gsl_matrix_submatrix(L->col, 0, 0, L->col->size1, P);     /* (C k k) x P */
    for (size_t n = 0; n < X->size1; n++) {
        gsl_matrix_view y = gsl_matrix_view_array(Y->data + n * Y->tda, L->g.oc, P);   /* Y_img */
        ae_im2col(&col.matrix, X->data + n * X->tda, &L->g);                          /* (3.2) col = P x */
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, L->W, &col.matrix, 0.0, &y.matrix);
        for (size_t ch = 0; ch < L->g.oc; ch++)                                        /* + b 1^T */
            for (size_t p = 0; p < P; p++)
                y.matrix.data[ch * P + p] += gsl_vector_get(L->b, ch);
    }
}
/* END BOOK */

/* BOOK: conv_backward_plain */
/* (3.5) dW += dY_img col^T, db += dY_img 1, and (3.4) dX_img = col2im(W^T dY_img), one image
 * at a time; col is computed again from X (the forward pass keeps no columns). */
void ae_conv_backward_plain(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X)
{
    const size_t P = L->g.oh * L->g.ow;
    AE_ASSERT(!L->transposed && X->size1 <= L->max_batch && dY->size1 == X->size1);
    AE_ASSERT(X->size2 == L->in && dY->size2 == L->out);
    AE_ASSERT(dX == NULL || (dX->size1 == X->size1 && dX->size2 == L->in));
    gsl_matrix_view col = gsl_matrix_submatrix(L->col, 0, 0, L->col->size1, P);     /* (C k k) x P */
    for (size_t n = 0; n < X->size1; n++) {
        gsl_matrix_const_view dy_img = gsl_matrix_const_view_array(dY->data + n * dY->tda, L->g.oc, P);
        ae_im2col(&col.matrix, X->data + n * X->tda, &L->g);                          /* (3.2) col = P x */
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dy_img.matrix, &col.matrix, 1.0, L->dW);   /* (3.5) */
        for (size_t ch = 0; ch < L->g.oc; ch++)                                        /* db += dY_img 1 */
            for (size_t p = 0; p < P; p++)
                *gsl_vector_ptr(L->db, ch) += dy_img.matrix.data[ch * P + p];
#ifdef SOLUTION
        if (!dX)
            continue;
        double *dx_img = dX->data + n * dX->tda;
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, L->W, &dy_img.matrix, 0.0, &col.matrix);   /* dcol = W^T dY_img */
        memset(dx_img, 0, L->in * sizeof *dx_img);
        ae_col2im(dx_img, &col.matrix, &L->g);                                         /* (3.4) P^T dcol */
#endif
    }
#ifndef SOLUTION
    if (dX)   /* exercise 3.1, with one image's columns as its scratch */
        student_conv_backward_input(dX, &col.matrix, dY, L->W, &L->g);
#endif
}
/* END BOOK */

/* BOOK: convt_forward_plain */
/* (3.6) Y_img = col2im(W^T X_img) + b 1^T, one image at a time: the convolution's backward
 * pass for dX, plus a bias. */
void ae_convt_forward_plain(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L)
{
    const size_t P = L->g.oh * L->g.ow, HW = L->g.h * L->g.w;
    AE_ASSERT(L->transposed && X->size1 <= L->max_batch && Y->size1 == X->size1);
    AE_ASSERT(X->size2 == L->in && Y->size2 == L->out);
    gsl_matrix_view col = gsl_matrix_submatrix(L->col, 0, 0, L->col->size1, P);     /* (C k k) x P */
    for (size_t n = 0; n < X->size1; n++) {
        gsl_matrix_const_view x_img = gsl_matrix_const_view_array(X->data + n * X->tda, L->g.oc, P);
        double *y_img = Y->data + n * Y->tda;
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, L->W, &x_img.matrix, 0.0, &col.matrix);   /* W^T X_img */
        for (size_t ch = 0; ch < L->g.c; ch++)                                         /* b 1^T ... */
            for (size_t p = 0; p < HW; p++)
                y_img[ch * HW + p] = gsl_vector_get(L->b, ch);
        ae_col2im(y_img, &col.matrix, &L->g);                                          /* ... + col2im */
    }
}
/* END BOOK */
