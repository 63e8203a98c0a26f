/* dropout — see dropout.h. Exercise 4.3 is these two functions: in the student tree they run
 * the student's own (lib/student.h). */
#include "dropout.h"

#include "err.h"
#include "student.h"

void ae_dropout_forward(gsl_matrix *Y, gsl_matrix *M, const gsl_matrix *X, double p, int rescale, gsl_rng *r)
{
    AE_ASSERT(Y->size1 == X->size1 && Y->size2 == X->size2 && M->size1 == X->size1 && M->size2 == X->size2);
    AE_ASSERT(p >= 0.0 && p < 1.0);
#ifdef SOLUTION
    const double s = rescale ? 1.0 / (1.0 - p) : 1.0;
    for (size_t i = 0; i < X->size1; i++)
        for (size_t j = 0; j < X->size2; j++) {
            double m = gsl_rng_uniform(r) >= p ? s : 0.0;                 /* (4.7) M_ij = s 1(u >= p) */
            gsl_matrix_set(M, i, j, m);
            gsl_matrix_set(Y, i, j, m * gsl_matrix_get(X, i, j));         /* Y = M * X */
        }
#else
    student_dropout_forward(Y, M, X, p, rescale, r);   /* exercise 4.3 */
#endif
}

void ae_dropout_backward(gsl_matrix *dX, const gsl_matrix *M, const gsl_matrix *dY)
{
    AE_ASSERT(dX->size1 == dY->size1 && dX->size2 == dY->size2 && M->size1 == dY->size1 && M->size2 == dY->size2);
#ifdef SOLUTION
    for (size_t i = 0; i < dY->size1; i++)
        for (size_t j = 0; j < dY->size2; j++)
            gsl_matrix_set(dX, i, j, gsl_matrix_get(M, i, j) * gsl_matrix_get(dY, i, j));   /* (4.8) */
#else
    student_dropout_backward(dX, M, dY);   /* exercise 4.3 */
#endif
}
