/* check_gradcheck — the finite-difference checker, on functions with known gradients. */
#include <math.h>
#include <string.h>

#include "test.h"

#define N 7

/* f(x) = sum_i sin(x_i) x_i^2,   df/dx_i = cos(x_i) x_i^2 + 2 x_i sin(x_i) */
static double f_sinsq(void *ctx)
{
    const double *x = ctx;
    double s = 0.0;
    for (size_t i = 0; i < N; i++)
        s += sin(x[i]) * x[i] * x[i];
    return s;
}

static void grad_sinsq(double *g, const double *x)
{
    for (size_t i = 0; i < N; i++)
        g[i] = cos(x[i]) * x[i] * x[i] + 2.0 * x[i] * sin(x[i]);
}

static const double x0[N] = {0.3, -1.2, 2.5, -0.7, 1.9, 0.05, -2.8};

START_TEST(t_known_gradient)
{
    double x[N], g[N];
    memcpy(x, x0, sizeof x);
    grad_sinsq(g, x);
    ae_gc_result res = ae_gradcheck(f_sinsq, x, x, g, N, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "sum sin(x) x^2");
    /* central differences are O(h^2): far better than the tolerance here */
    ck_assert_msg(res.rel_err < 1e-9, "rel_err %.3g", res.rel_err);
}
END_TEST

START_TEST(t_theta_restored)
{
    double x[N], g[N];
    memcpy(x, x0, sizeof x);
    grad_sinsq(g, x);
    ae_gradcheck(f_sinsq, x, x, g, N, AE_GC_STEP);
    for (size_t i = 0; i < N; i++)
        ck_assert_msg(x[i] == x0[i], "theta[%zu] = %.17g, was %.17g", i, x[i], x0[i]);
}
END_TEST

START_TEST(t_wrong_gradient_fails)
{
    double x[N], g[N];
    memcpy(x, x0, sizeof x);
    /* forget the product rule's second term */
    for (size_t i = 0; i < N; i++)
        g[i] = cos(x[i]) * x[i] * x[i];
    ae_gc_result res = ae_gradcheck(f_sinsq, x, x, g, N, AE_GC_STEP);
    ck_assert_msg(res.rel_err > 0.1, "a wrong gradient passed: rel_err %.3g", res.rel_err);
}
END_TEST

START_TEST(t_one_wrong_entry)
{
    double x[N], g[N];
    memcpy(x, x0, sizeof x);
    grad_sinsq(g, x);
    double right = g[4];
    g[4] += 1e-3;   /* a small error in one entry is found, and located */
    ae_gc_result res = ae_gradcheck(f_sinsq, x, x, g, N, AE_GC_STEP);
    ck_assert_msg(res.rel_err > 1e-5, "rel_err %.3g", res.rel_err);
    ck_assert_uint_eq(res.worst, 4);
    ck_assert_double_eq_tol(res.analytic, right + 1e-3, TOL_EXACT);
    ck_assert_double_eq_tol(res.numeric, right, 1e-8);
}
END_TEST

static double f_const(void *ctx)
{
    (void)ctx;
    return 3.0;
}

START_TEST(t_zero_over_zero)
{
    double x[N], g[N] = {0};
    memcpy(x, x0, sizeof x);
    ae_gc_result res = ae_gradcheck(f_const, x, x, g, N, AE_GC_STEP);
    ck_assert_double_eq(res.rel_err, 0.0);
    g[2] = 1.0;  /* a non-zero gradient of a constant is wrong */
    res = ae_gradcheck(f_const, x, x, g, N, AE_GC_STEP);
    ck_assert_double_eq_tol(res.rel_err, 1.0, TOL_EXACT);
    ck_assert_uint_eq(res.worst, 2);
}
END_TEST

START_TEST(t_nan_fails)
{
    double x[N], g[N];
    memcpy(x, x0, sizeof x);
    grad_sinsq(g, x);
    g[1] = NAN;
    ae_gc_result res = ae_gradcheck(f_sinsq, x, x, g, N, AE_GC_STEP);
    ck_assert_msg(!(res.rel_err <= TOL_OP), "NaN gradient passed");
    ck_assert_uint_eq(res.worst, 1);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("gradcheck");
    TCase *tc = tcase_create("checker");
    tcase_add_test(tc, t_known_gradient);
    tcase_add_test(tc, t_theta_restored);
    tcase_add_test(tc, t_wrong_gradient_fails);
    tcase_add_test(tc, t_one_wrong_entry);
    tcase_add_test(tc, t_zero_over_zero);
    tcase_add_test(tc, t_nan_fails);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
