/* Lesson 10 exercises: the tanh unit's backward pass, and rounding the code to b bits. */
#include "exercises.h"

#include <math.h>

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
