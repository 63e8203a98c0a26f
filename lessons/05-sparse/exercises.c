/* Lesson 05 exercises: the KL sparsity gradient, and patches made ready for sigmoid units. */
#include "exercises.h"

#include <math.h>

/* BOOK: ex_kl_sparsity */
double ex05_kl_sparsity(gsl_matrix *dH, gsl_vector *rho_hat, const gsl_matrix *H, double rho,
                        double beta)
{
#ifdef SOLUTION
    const size_t B = H->size1;
    double kl = 0.0;
    for (size_t j = 0; j < H->size2; j++) {
        gsl_vector_const_view hj = gsl_matrix_const_column(H, j);
        double r = 0.0;
        for (size_t b = 0; b < B; b++)
            r += gsl_vector_get(&hj.vector, b);
        r /= (double)B;                                                 /* rho_hat_j */
        gsl_vector_set(rho_hat, j, r);
        kl += rho * log(rho / r) + (1.0 - rho) * log((1.0 - rho) / (1.0 - r));   /* (5.2) */
        double g = beta * (-rho / r + (1.0 - rho) / (1.0 - r)) / (double)B;    /* (5.3) */
        gsl_vector_view dhj = gsl_matrix_column(dH, j);
        gsl_vector_add_constant(&dhj.vector, g);   /* every example moves rho_hat_j by 1/B */
    }
    return beta * kl;
#else
    /* EXERCISE 5.1 (BOOK.md eq. 5.2, 5.3): for each unit j, rho_hat_j is the mean of
     * column j of H; add beta (-rho/rho_hat_j + (1-rho)/(1-rho_hat_j)) / B to every entry
     * of column j of dH; return beta times the sum over j of KL(rho || rho_hat_j). */
    (void)dH;
    (void)H;
    (void)rho;
    (void)beta;
    gsl_vector_set_zero(rho_hat);
    return 0.0;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: ex_normalise_patches */
void ex05_normalise_patches(gsl_matrix *X)
{
#ifdef SOLUTION
    const size_t N = X->size1, D = X->size2;
    double sum2 = 0.0;
    for (size_t n = 0; n < N; n++) {
        gsl_vector_view x = gsl_matrix_row(X, n);
        double mean = 0.0;
        for (size_t i = 0; i < D; i++)
            mean += gsl_vector_get(&x.vector, i);
        gsl_vector_add_constant(&x.vector, -mean / (double)D);         /* remove the patch's mean */
        for (size_t i = 0; i < D; i++)
            sum2 += gsl_vector_get(&x.vector, i) * gsl_vector_get(&x.vector, i);
    }
    const double s = 3.0 * sqrt(sum2 / (double)(N * D - 1));          /* 3 standard deviations */
    for (size_t n = 0; n < N; n++)
        for (size_t i = 0; i < D; i++) {
            double v = fmin(fmax(gsl_matrix_get(X, n, i), -s), s) / s;  /* clip, then [-1, 1] */
            gsl_matrix_set(X, n, i, 0.4 * (v + 1.0) + 0.1);             /* (5.5) onto [0.1, 0.9] */
        }
#else
    /* EXERCISE 5.2 (BOOK.md eq. 5.5): centre each row, find s = 3 std of all the centred
     * values (N D - 1 in the denominator), clip to [-s, s], map onto [0.1, 0.9]. */
    gsl_matrix_set_zero(X);
#endif /* SOLUTION */
}
/* END BOOK */
