/* Lesson 10 exercises: the tanh unit's backward pass, rounding the code to b bits, and the
 * DCT's matrix. */
#include "exercises.h"

#include <math.h>

#include <gsl/gsl_math.h>

#include "err.h"

/* BOOK: tanh_backward */
void ex10_tanh_backward(gsl_matrix *dH, const gsl_matrix *H)
{
#ifdef SOLUTION
    AE_ASSERT(dH->size1 == H->size1 && dH->size2 == H->size2);
    for (size_t b = 0; b < H->size1; b++)
        for (size_t j = 0; j < H->size2; j++) {
            double h = gsl_matrix_get(H, b, j);
            *gsl_matrix_ptr(dH, b, j) *= 1.0 - h * h;   /* (10.2) dL/da = dL/dh (1 - h^2) */
        }
#else
    /* EXERCISE 10.1 (BOOK.md eq. 10.2): multiply every dL/dh by tanh'(a) = 1 - h^2,
     * written from the tanh's output h (H), in place in dH. */
    (void)H;
    gsl_matrix_set_zero(dH);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: quantise */
void ex10_quantise(gsl_matrix *Zq, const gsl_matrix *Z, const gsl_vector *lo,
                   const gsl_vector *hi, unsigned bits)
{
#ifdef SOLUTION
    AE_ASSERT(Zq->size1 == Z->size1 && Zq->size2 == Z->size2);
    AE_ASSERT(lo->size == Z->size2 && hi->size == Z->size2 && bits >= 1 && bits <= 16);
    const double L = ldexp(1.0, (int)bits);                /* 2^b cells */
    for (size_t j = 0; j < Z->size2; j++) {
        double a = gsl_vector_get(lo, j), delta = (gsl_vector_get(hi, j) - a) / L;
        AE_ASSERT(delta > 0.0);
        for (size_t b = 0; b < Z->size1; b++) {
            double q = floor((gsl_matrix_get(Z, b, j) - a) / delta);   /* (10.4) the cell ... */
            q = fmin(L - 1.0, fmax(0.0, q));                          /* ... clamped to the range */
            gsl_matrix_set(Zq, b, j, a + (q + 0.5) * delta);          /* its centre */
        }
    }
#else
    /* EXERCISE 10.2 (BOOK.md eq. 10.4): for each column j, cut [lo_j, hi_j] into 2^bits
     * cells of equal width, find the cell of each z (clamp to the first and last cell
     * outside the range) and write the cell's centre into Zq. */
    (void)Z;
    (void)lo;
    (void)hi;
    (void)bits;
    gsl_matrix_set_zero(Zq);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: dct_matrix */
void ex10_dct_matrix(gsl_matrix *C)
{
#ifdef SOLUTION
    AE_ASSERT(C->size1 == C->size2 && C->size1 > 0);
    const size_t n = C->size1;
    for (size_t u = 0; u < n; u++) {
        double alpha = sqrt((u == 0 ? 1.0 : 2.0) / (double)n);   /* (10.7) each row of unit length */
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(C, u, i, alpha * cos(M_PI * (double)((2 * i + 1) * u) / (double)(2 * n)));
    }
#else
    /* EXERCISE 10.3 (BOOK.md eq. 10.7): row u of C is the cosine of frequency u/2 cycles
     * per pixel sampled at the pixel centres i + 1/2, scaled to unit length:
     * C[u][i] = alpha_u cos(pi (2i + 1) u / (2n)), alpha_0 = sqrt(1/n), alpha_u = sqrt(2/n). */
    gsl_matrix_set_zero(C);
#endif /* SOLUTION */
}
/* END BOOK */
