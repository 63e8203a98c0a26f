/* student — exercise 4.3, the dropout layer, in the student tree (lib/student.h says why):
 * ae_dropout_forward and ae_dropout_backward run the student's own. The instructor tree
 * compiles none of this. */
#ifndef SOLUTION
#include "student.h"
#include "student_case.h"

#include <math.h>

#include "../lessons/04-denoising/exercises.h"

/* ---- 4.3: the dropout layer ---- */

static exercise ex_dropout = { "ae_dropout_forward, ae_dropout_backward", "4.3", "lessons/04-denoising/exercises.c", 0 };

/* The mask of a 40 x 50 forward with p = 0.4: every entry 0 or 1/(1 - p), Y = M * X, about 40 %
 * dropped; the backward M * dY. Either wrong counts 1. */
static void check_dropout(void)
{
    gsl_rng *r = student_case_rng();
    gsl_matrix *X = student_random(40, 50, 0.5, 1.5, r), *Y = gsl_matrix_alloc(40, 50), *M = gsl_matrix_alloc(40, 50);
    gsl_matrix *dY = student_random(40, 50, -1, 1, r), *dX = gsl_matrix_alloc(40, 50);
    ex04_dropout_forward(Y, M, X, 0.4, 1, r);
    ex04_dropout_backward(dX, M, dY);
    double wrong = 0.0, dropped = 0.0;
    for (size_t i = 0; i < 2000; i++) {
        double m = M->data[i];
        dropped += (m == 0.0) / 2000.0;
        wrong = student_worse(wrong, (m != 0.0 && fabs(m - 1.0 / 0.6) > 1e-12) || Y->data[i] != m * X->data[i] ||
                                         dX->data[i] != m * dY->data[i]);
    }
    student_verdict(&ex_dropout, student_worse(wrong, fabs(dropped - 0.4) > 0.06));
    gsl_matrix_free(X), gsl_matrix_free(Y), gsl_matrix_free(M), gsl_matrix_free(dY), gsl_matrix_free(dX);
    gsl_rng_free(r);
}

void student_dropout_forward(gsl_matrix *Y, gsl_matrix *M, const gsl_matrix *X, double p, int rescale, gsl_rng *r)
{
    if (student_unchecked(&ex_dropout))
        check_dropout();
    ex04_dropout_forward(Y, M, X, p, rescale, r);
}

void student_dropout_backward(gsl_matrix *dX, const gsl_matrix *M, const gsl_matrix *dY)
{
    if (student_unchecked(&ex_dropout))
        check_dropout();
    ex04_dropout_backward(dX, M, dY);
}

#endif /* !SOLUTION */
