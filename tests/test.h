/* test.h — what every Check suite shares: tolerances and the main(). */
#ifndef AE_TEST_H
#define AE_TEST_H

#include <check.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>

#include <gsl/gsl_matrix.h>

#include "gradcheck.h"
#include "rng.h"

#define TOL_EXACT 1e-12     /* identities that hold up to rounding */
#define TOL_OP AE_GC_TOL_OP /* finite-difference check of one op */
#define TOL_MODEL AE_GC_TOL_MODEL

/* Assert a gradient check passed, printing name, index, expected, got. */
#define ck_assert_gradcheck(res, tol, name)                                          \
    ck_assert_msg((res).rel_err <= (tol),                                            \
                  "%s: relative error %.3g > %.1g (worst index %zu: analytic %.12g, " \
                  "numeric %.12g)", (name), (res).rel_err, (tol), (res).worst,       \
                  (res).analytic, (res).numeric)

/* Fill every entry with a uniform draw on [lo, hi), or a standard normal one. */
static inline void fill_uniform(gsl_matrix *A, gsl_rng *r, double lo, double hi)
{
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            gsl_matrix_set(A, i, j, ae_rng_uniform(r, lo, hi));
}

static inline void fill_gaussian(gsl_matrix *A, gsl_rng *r)
{
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            gsl_matrix_set(A, i, j, ae_rng_gaussian(r, 1.0));
}

/* main(): run the suite built by make_suite; exit status says pass or fail. */
#define AE_TEST_MAIN(make_suite)                                   \
    int main(void)                                                 \
    {                                                              \
        SRunner *sr = srunner_create(make_suite());                \
        srunner_run_all(sr, CK_ENV);                               \
        int failed = srunner_ntests_failed(sr);                    \
        srunner_free(sr);                                          \
        return failed ? EXIT_FAILURE : EXIT_SUCCESS;               \
    }

#endif
