/* student_case — what lib/student.c and lib/student_models.c share: an exercise's
 * once-only check and the small random cases it runs on (private to those two files). */
#ifndef AE_STUDENT_CASE_H
#define AE_STUDENT_CASE_H
#ifndef SOLUTION

#include <stdatomic.h>
#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "gradcheck.h"

#define CHECK_TOL 1e-6   /* a finished exercise is off by about 1e-9 on these small cases */

typedef struct {
    const char *function;   /* the libae function that runs the exercise */
    const char *exercise;   /* "0.3" */
    const char *file;       /* where the student writes it */
    atomic_int passed;
} exercise;

/* Return 1 until student_verdict has passed e. */
int student_unchecked(exercise *e);
/* Pass e if err (a relative error) is at most CHECK_TOL; otherwise (NaN too) stop the
 * program with exit status 1 and a line naming the exercise and its file. */
void student_verdict(exercise *e, double err);

gsl_rng *student_case_rng(void);   /* the same seed for every check */
gsl_matrix *student_random(size_t rows, size_t cols, double lo, double hi, gsl_rng *r);
double student_dot(const gsl_matrix *A, const gsl_matrix *B);   /* sum_ij A_ij B_ij */
double student_worse(double a, double b);                       /* the larger; NaN wins */
/* grad (the shape of theta) against central differences of f(ctx) in theta's entries */
double student_fd_error(ae_gc_fn f, void *ctx, gsl_matrix *theta, const gsl_matrix *grad);

#endif /* !SOLUTION */
#endif
