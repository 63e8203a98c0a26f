/* Lesson 03 exercises: two backward passes of a convolutional network, and the measure
 * of the checkerboard artefact. */
#include "exercises.h"

#include <string.h>

#include <gsl/gsl_blas.h>

#include "err.h"

/* BOOK: conv_backward_input */
void ex03_conv_backward_input(gsl_matrix *dX, gsl_matrix *dcol, const gsl_matrix *dY,
                              const gsl_matrix *W, const ae_conv_geom *g)
{
    const size_t P = g->oh * g->ow;
    AE_ASSERT(dY->size2 == g->oc * P && dX->size2 == g->c * g->h * g->w && dX->size1 == dY->size1);
#ifdef SOLUTION
    for (size_t n = 0; n < dY->size1; n++) {
        gsl_matrix_const_view dy = gsl_matrix_const_view_array(dY->data + n * dY->tda, g->oc, P);
        double *dx = dX->data + n * dX->tda;
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, W, &dy.matrix, 0.0, dcol); /* W^T dY_img */
        memset(dx, 0, dX->size2 * sizeof *dx);
        ae_col2im(dx, dcol, g);                                                  /* (3.4) P^T */
    }
#else
    /* EXERCISE 3.1 (BOOK.md eq. 3.4): for each row n, view it as a g->oc x P matrix
     * (gsl_matrix_const_view_array), dcol = W^T dY_img (gsl_blas_dgemm), then zero
     * row n of dX and add col2im(dcol) into it (ae_col2im). */
    (void)dcol;
    (void)W;
    gsl_matrix_set_zero(dX);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: maxpool_backward */
void ex03_maxpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY)
{
    AE_ASSERT(dX->size2 == P->in && dY->size2 == P->out && dX->size1 == dY->size1);
#ifdef SOLUTION
    for (size_t n = 0; n < dY->size1; n++) {
        const uint32_t *arg = P->argmax + n * P->out;
        for (size_t i = 0; i < P->in; i++)
            gsl_matrix_set(dX, n, i, 0.0);
        for (size_t o = 0; o < P->out; o++)   /* (3.8) to the window's maximum */
            *gsl_matrix_ptr(dX, n, arg[o]) += gsl_matrix_get(dY, n, o);
    }
#else
    /* EXERCISE 3.2 (BOOK.md eq. 3.8): zero dX; then for every image n and output o,
     * add dY[n][o] to dX[n][P->argmax[n * P->out + o]]. */
    (void)P;
    gsl_matrix_set_zero(dX);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: nyquist_share */
double ex03_nyquist_share(const double *x, size_t n)
{
    AE_ASSERT(n >= 2 && n % 2 == 0);
#ifdef SOLUTION
    double sum = 0.0, f10 = 0.0, f01 = 0.0, f11 = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = x[i * n + j], si = i % 2 ? -1.0 : 1.0, sj = j % 2 ? -1.0 : 1.0;
            sum += v;
            f10 += si * v;          /* F(n/2, 0) = sum (-1)^i x_ij */
            f01 += sj * v;          /* F(0, n/2) */
            f11 += si * sj * v;     /* F(n/2, n/2) */
        }
    double mean = sum / (double)(n * n), var = 0.0;
    for (size_t i = 0; i < n * n; i++)
        var += (x[i] - mean) * (x[i] - mean);
    if (var == 0.0)
        return 0.0;
    /* (3.12) Parseval: sum over (u, v) != (0, 0) of |F(u, v)|^2 = n^2 sum (x - mean)^2 */
    return (f10 * f10 + f01 * f01 + f11 * f11) / ((double)(n * n) * var);
#else
    /* EXERCISE 3.3 (BOOK.md eq. 3.12): the three sums F(n/2, 0), F(0, n/2), F(n/2, n/2)
     * (signs (-1)^i, (-1)^j, (-1)^(i+j)), and sum (x - mean)^2; return 0 when that is 0. */
    (void)x;
    return 0.0;
#endif /* SOLUTION */
}
/* END BOOK */
