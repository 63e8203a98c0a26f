/* Lesson 09 exercises: class means, the nearest class mean and blends in the code space. */
#include "exercises.h"

#include <math.h>

#include <gsl/gsl_blas.h>

/* BOOK: class_means */
void ex09_class_means(gsl_matrix *M, size_t *counts, const gsl_matrix *Z, const uint8_t *y)
{
#ifdef SOLUTION
    const size_t K = M->size1;
    gsl_matrix_set_zero(M);
    for (size_t c = 0; c < K; c++)
        counts[c] = 0;
    for (size_t b = 0; b < Z->size1; b++) {            /* sums per class */
        gsl_vector_const_view z = gsl_matrix_const_row(Z, b);
        gsl_vector_view m = gsl_matrix_row(M, y[b]);
        gsl_vector_add(&m.vector, &z.vector);
        counts[y[b]]++;
    }
    for (size_t c = 0; c < K; c++)                     /* (9.2) mu_c = sum / n_c */
        if (counts[c] > 0) {
            gsl_vector_view m = gsl_matrix_row(M, c);
            gsl_vector_scale(&m.vector, 1.0 / (double)counts[c]);
        }
#else
    /* EXERCISE 9.1 (BOOK.md eq. 9.2): row c of M is the mean of the rows b of Z with
     * y[b] == c, counts[c] how many there are (an empty class: a zero row). */
    (void)Z;
    (void)y;
    gsl_matrix_set_zero(M);
    for (size_t c = 0; c < M->size1; c++)
        counts[c] = 0;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: nearest_mean */
void ex09_nearest_mean(uint8_t *pred, const gsl_matrix *Z, const gsl_matrix *M)
{
#ifdef SOLUTION
    for (size_t b = 0; b < Z->size1; b++) {
        double best = INFINITY;
        for (size_t c = 0; c < M->size1; c++) {
            double d2 = 0.0;                            /* (9.3) ||z_b - mu_c||^2 */
            for (size_t j = 0; j < Z->size2; j++) {
                double e = gsl_matrix_get(Z, b, j) - gsl_matrix_get(M, c, j);
                d2 += e * e;
            }
            if (d2 < best) {                            /* strict: the smallest c wins a tie */
                best = d2;
                pred[b] = (uint8_t)c;
            }
        }
    }
#else
    /* EXERCISE 9.2 (BOOK.md eq. 9.3): pred[b] is the c whose row of M is closest to
     * row b of Z in squared Euclidean distance (the smallest such c on a tie). */
    (void)M;
    for (size_t b = 0; b < Z->size1; b++)
        pred[b] = 0;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: blend */
void ex09_blend(gsl_matrix *Out, const gsl_vector *a, const gsl_vector *b, const gsl_vector *t)
{
#ifdef SOLUTION
    for (size_t j = 0; j < t->size; j++) {
        double tj = gsl_vector_get(t, j);
        gsl_vector_view row = gsl_matrix_row(Out, j);
        gsl_vector_memcpy(&row.vector, a);
        gsl_vector_scale(&row.vector, 1.0 - tj);        /* (9.4) (1 - t) a ... */
        gsl_blas_daxpy(tj, b, &row.vector);             /*       ... + t b    */
    }
#else
    /* EXERCISE 9.3 (BOOK.md eq. 9.4): row j of Out is (1 - t_j) a + t_j b. */
    (void)a;
    (void)b;
    (void)t;
    gsl_matrix_set_zero(Out);
#endif /* SOLUTION */
}
/* END BOOK */
