/* Lesson 04 exercises: masking noise, and the denoiser a DAE is trained to become. */
#include "exercises.h"

#include <math.h>

/* BOOK: ex_mask_noise */
void ex04_mask_noise(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r)
{
#ifdef SOLUTION
    const size_t D = X->size2, m = (size_t)lround(nu * (double)D);
    if (Xc != X)
        gsl_matrix_memcpy(Xc, X);
    for (size_t b = 0; b < X->size1; b++) {
        size_t left = m;                        /* components still to mask in this row */
        for (size_t i = 0; i < D && left > 0; i++)
            if (gsl_rng_uniform_int(r, D - i) < left) {   /* P = left / (components not yet seen) */
                gsl_matrix_set(Xc, b, i, 0.0);
                left--;
            }
    }
#else
    /* EXERCISE 4.1 (BOOK.md eq. 4.3): copy X into Xc, then in each row set exactly
     * round(nu D) components to 0, every subset of that size equally likely. Hint:
     * walk along the row and mask component i with probability (still to mask) /
     * (components left), drawn with gsl_rng_uniform_int. */
    (void)nu;
    (void)r;
    if (Xc != X)
        gsl_matrix_memcpy(Xc, X);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: ex_bayes_denoiser */
void ex04_bayes_denoiser(gsl_matrix *R, const gsl_matrix *Xt, const gsl_matrix *Data, double sigma)
{
#ifdef SOLUTION
    const size_t N = Data->size1, D = Data->size2;
    for (size_t b = 0; b < Xt->size1; b++) {
        double best = INFINITY;                 /* the largest log-weight, for a stable softmax */
        for (size_t n = 0; n < N; n++) {
            double d2 = 0.0;
            for (size_t i = 0; i < D; i++) {
                double e = gsl_matrix_get(Xt, b, i) - gsl_matrix_get(Data, n, i);
                d2 += e * e;
            }
            best = fmin(best, d2);
        }
        double z = 0.0;
        for (size_t i = 0; i < D; i++)
            gsl_matrix_set(R, b, i, 0.0);
        for (size_t n = 0; n < N; n++) {
            double d2 = 0.0;
            for (size_t i = 0; i < D; i++) {
                double e = gsl_matrix_get(Xt, b, i) - gsl_matrix_get(Data, n, i);
                d2 += e * e;
            }
            double w = exp(-(d2 - best) / (2.0 * sigma * sigma));   /* (4.5) unnormalised w_n */
            z += w;
            for (size_t i = 0; i < D; i++)
                *gsl_matrix_ptr(R, b, i) += w * gsl_matrix_get(Data, n, i);
        }
        for (size_t i = 0; i < D; i++)
            *gsl_matrix_ptr(R, b, i) /= z;                          /* sum_n w_n x_n / sum_n w_n */
    }
#else
    /* EXERCISE 4.2 (BOOK.md eq. 4.5): for each row x~ of Xt, weight every data point by
     * exp(-||x~ - x_n||^2 / 2 sigma^2), normalise the weights to sum to 1 and average the
     * points. Subtract the smallest squared distance in the exponent first, or small sigma
     * underflows every weight to 0. */
    (void)Data;
    (void)sigma;
    gsl_matrix_memcpy(R, Xt);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: ex_dropout */
void ex04_dropout_forward(gsl_matrix *Y, gsl_matrix *M, const gsl_matrix *X, double p, int rescale, gsl_rng *r)
{
#ifdef SOLUTION
    const double s = rescale ? 1.0 / (1.0 - p) : 1.0;
    for (size_t i = 0; i < X->size1; i++)
        for (size_t j = 0; j < X->size2; j++) {
            double m = gsl_rng_uniform(r) >= p ? s : 0.0;                 /* (4.7) M_ij = s 1(u >= p) */
            gsl_matrix_set(M, i, j, m);
            gsl_matrix_set(Y, i, j, m * gsl_matrix_get(X, i, j));         /* Y = M * X */
        }
#else
    /* EXERCISE 4.3 (BOOK.md eq. 4.7): for every entry, row by row, draw u = gsl_rng_uniform(r);
     * M_ij = s if u >= p, else 0, with s = 1/(1 - p) when rescale, else 1; then Y_ij = M_ij X_ij. */
    (void)p;
    (void)rescale;
    (void)r;
    gsl_matrix_set_all(M, 1.0);
    if (Y != X)
        gsl_matrix_memcpy(Y, X);
#endif /* SOLUTION */
}

void ex04_dropout_backward(gsl_matrix *dX, const gsl_matrix *M, const gsl_matrix *dY)
{
#ifdef SOLUTION
    for (size_t i = 0; i < dY->size1; i++)
        for (size_t j = 0; j < dY->size2; j++)
            gsl_matrix_set(dX, i, j, gsl_matrix_get(M, i, j) * gsl_matrix_get(dY, i, j));   /* (4.8) */
#else
    /* EXERCISE 4.3 (BOOK.md eq. 4.8): dX = M * dY, entry by entry, with the forward's mask M. */
    (void)M;
    gsl_matrix_set_zero(dX);
    (void)dY;
#endif /* SOLUTION */
}
/* END BOOK */
