/* Lesson 06 exercises: the encoder's Jacobian, and the gradient of its squared norm. */
#include "exercises.h"

#include <math.h>

#include <gsl/gsl_blas.h>

#include "act.h"

/* BOOK: ex_encoder_jacobian */
void ex06_encoder_jacobian(gsl_matrix *J, const gsl_vector *x, const gsl_matrix *W,
                           const gsl_vector *b)
{
#ifdef SOLUTION
    for (size_t j = 0; j < W->size1; j++) {
        gsl_vector_const_view Wj = gsl_matrix_const_row(W, j);
        double a;
        gsl_blas_ddot(&Wj.vector, x, &a);                       /* a_j = W_j . x + b_j */
        double h = ae_sigmoid(a + gsl_vector_get(b, j));
        gsl_vector_view Jj = gsl_matrix_row(J, j);
        gsl_vector_memcpy(&Jj.vector, &Wj.vector);
        gsl_vector_scale(&Jj.vector, h * (1.0 - h));           /* (6.2) J_j = h_j (1 - h_j) W_j */
    }
#else
    /* EXERCISE 6.1 (BOOK.md eq. 6.2): row j of J is h_j (1 - h_j) times row j of W,
     * with h_j = sigmoid(W_j . x + b_j) (ae_sigmoid in act.h). */
    (void)x;
    (void)W;
    (void)b;
    gsl_matrix_set_zero(J);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: ex_contractive */
double ex06_contractive(gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA, const gsl_matrix *H,
                        const gsl_matrix *X, const gsl_matrix *W, double lambda)
{
#ifdef SOLUTION
    const size_t B = H->size1, K = H->size2;
    const double c = lambda / (double)B;
    double P = 0.0;
    for (size_t j = 0; j < K; j++) {
        gsl_vector_const_view Wj = gsl_matrix_const_row(W, j);
        double s = gsl_blas_dnrm2(&Wj.vector);
        s *= s;                                                 /* s_j = ||W_j||^2 */
        double g2sum = 0.0;
        for (size_t b = 0; b < B; b++) {
            double h = gsl_matrix_get(H, b, j), g = h * (1.0 - h);
            g2sum += g * g;
            gsl_matrix_set(dA, b, j, 2.0 * c * g * g * (1.0 - 2.0 * h) * s);   /* (6.4) dP/da */
        }
        P += c * g2sum * s;                                     /* (6.3) */
        gsl_vector_view dWj = gsl_matrix_row(dW, j);
        gsl_blas_daxpy(2.0 * c * g2sum, &Wj.vector, &dWj.vector);   /* (6.5) directly via s_j */
    }
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, dA, X, 1.0, dW);  /* (6.4) through a: dA^T X */
    for (size_t b = 0; b < B; b++) {                            /* db += column sums of dA */
        gsl_vector_const_view row = gsl_matrix_const_row(dA, b);
        gsl_vector_add(db, &row.vector);
    }
    return P;
#else
    /* EXERCISE 6.2 (BOOK.md eq. 6.3, 6.4, 6.5): with g = h (1 - h) and s_j = ||W_j||^2,
     * return lambda/B sum g^2 s_j; set dA = dP/da = 2 lambda/B g^2 (1 - 2h) s_j, then add
     * dA^T X to dW, the column sums of dA to db, and 2 lambda/B (sum_b g_bj^2) W_j to row j of dW. */
    (void)dW;
    (void)db;
    (void)H;
    (void)X;
    (void)W;
    (void)lambda;
    gsl_matrix_set_zero(dA);
    return 0.0;
#endif /* SOLUTION */
}
/* END BOOK */
