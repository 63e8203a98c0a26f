/* check_gradcheck — the finite-difference checker, on functions with known gradients. */
#include <math.h>
#include <string.h>

#include "dense.h"
#include "rng.h"
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

/* ---- ae_gradcheck_dense: a layer's dW and db under L = sum G .* (X W^T + 1 b^T) ---- */

typedef struct {
    ae_dense *L;
    gsl_matrix *X, *Y, *G;
} dense_ctx;

static double dense_loss(void *ctx)
{
    dense_ctx *c = ctx;
    ae_dense_forward(c->Y, c->X, c->L);
    double s = 0.0;
    for (size_t i = 0; i < c->Y->size1 * c->Y->size2; i++)
        s += c->G->data[i] * c->Y->data[i];
    return s;
}

START_TEST(t_dense_layer)
{
    /* right gradients pass; a wrong dW entry fails when it is among the max_w checked,
     * and is not looked at when it is beyond them; a wrong db entry always fails */
    gsl_rng *r = ae_rng_alloc(3, AE_RNG_INIT);
    dense_ctx c = {ae_dense_alloc(4, 3), gsl_matrix_alloc(5, 4), gsl_matrix_alloc(5, 3), gsl_matrix_alloc(5, 3)};
    ae_dense_init(c.L, r, 1.0);
    fill_gaussian(c.X, r);
    fill_gaussian(c.G, r);
    ae_dense_zero_grad(c.L);
    ae_dense_backward(NULL, c.L, c.G, c.X);   /* dL/dY = G */
    double W0 = gsl_matrix_get(c.L->W, 0, 0);
    ck_assert_msg(ae_gradcheck_dense(dense_loss, &c, c.L, 0) <= TOL_OP, "right dW, db rejected");
    ck_assert_msg(gsl_matrix_get(c.L->W, 0, 0) == W0, "W not restored");
    *gsl_matrix_ptr(c.L->dW, 2, 3) += 0.5;     /* entry 11 of 12 */
    ck_assert_msg(!(ae_gradcheck_dense(dense_loss, &c, c.L, 0) <= TOL_OP), "a wrong dW entry passed");
    ck_assert_msg(ae_gradcheck_dense(dense_loss, &c, c.L, 8) <= TOL_OP, "an entry beyond max_w was checked");
    *gsl_matrix_ptr(c.L->dW, 2, 3) -= 0.5;
    *gsl_vector_ptr(c.L->db, 1) += 0.5;
    ck_assert_msg(!(ae_gradcheck_dense(dense_loss, &c, c.L, 8) <= TOL_OP), "a wrong db entry passed");
    ae_dense_free(c.L);
    gsl_matrix_free(c.X);
    gsl_matrix_free(c.Y);
    gsl_matrix_free(c.G);
    gsl_rng_free(r);
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
    tcase_add_test(tc, t_dense_layer);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
