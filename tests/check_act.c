/* check_act — activations: names, stable scalars, values, gradients, in-place use. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "act.h"
#include "rng.h"
#include "test.h"

enum { B = 3, D = 5, PAD = 2, NACT = 6 };

/* Inputs in [-3, 3] away from the kink at 0: |x| >= 0.05. */
static void fill_away_from_kink(gsl_matrix *A, gsl_rng *r)
{
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++) {
            double x;
            do
                x = ae_rng_uniform(r, -3, 3);
            while (fabs(x) < 0.05);
            gsl_matrix_set(A, i, j, x);
        }
}

START_TEST(t_names)
{
    const char *names[NACT] = {"identity", "relu", "leaky_relu", "sigmoid", "tanh", "softplus"};
    const ae_act acts[NACT] = {AE_IDENTITY, AE_RELU, AE_LEAKY_RELU, AE_SIGMOID, AE_TANH,
                               AE_SOFTPLUS};
    for (size_t k = 0; k < NACT; k++) {
        ck_assert_str_eq(ae_act_name(acts[k]), names[k]);
        ck_assert_int_eq(ae_act_parse(names[k]), (int)acts[k]);
    }
    ck_assert_int_eq(ae_act_parse("ReLU"), -1);
    ck_assert_int_eq(ae_act_parse(""), -1);
    ck_assert_int_eq(ae_act_parse("sigmoidx"), -1);
}
END_TEST

START_TEST(t_scalars_stable)
{
    ck_assert_double_eq_tol(ae_sigmoid(0.0), 0.5, TOL_EXACT);
    ck_assert_double_eq_tol(ae_softplus(0.0), log(2.0), TOL_EXACT);
    /* +-800: exp(800) overflows, so a naive formula gives NaN or Inf */
    ck_assert_double_eq(ae_sigmoid(800.0), 1.0);
    ck_assert(isfinite(ae_sigmoid(-800.0)) && ae_sigmoid(-800.0) >= 0.0 &&
              ae_sigmoid(-800.0) < 1e-300);
    ck_assert_double_eq(ae_softplus(800.0), 800.0);
    ck_assert(isfinite(ae_softplus(-800.0)) && ae_softplus(-800.0) >= 0.0 &&
              ae_softplus(-800.0) < 1e-300);
    /* the small tails keep full relative accuracy: sigma(-30) = e^-30/(1+e^-30),
     * softplus(-30) = log1p(e^-30) */
    double e = exp(-30.0);
    ck_assert_double_eq_tol(ae_sigmoid(-30.0) / (e / (1.0 + e)), 1.0, TOL_EXACT);
    ck_assert_double_eq_tol(ae_softplus(-30.0) / log1p(e), 1.0, TOL_EXACT);
    ck_assert_double_eq_tol(ae_softplus(30.0), 30.0 + log1p(e), TOL_EXACT);
    /* sigma(x) + sigma(-x) = 1, softplus(x) - softplus(-x) = x */
    for (double x = -20.0; x <= 20.0; x += 0.37) {
        ck_assert_double_eq_tol(ae_sigmoid(x) + ae_sigmoid(-x), 1.0, TOL_EXACT);
        ck_assert_double_eq_tol(ae_softplus(x) - ae_softplus(-x), x, TOL_EXACT);
    }
}
END_TEST

static double reference(ae_act f, double x)
{
    switch (f) {
    case AE_IDENTITY: return x;
    case AE_RELU: return x > 0 ? x : 0;
    case AE_LEAKY_RELU: return x > 0 ? x : 0.2 * x;
    case AE_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case AE_TANH: return tanh(x);
    case AE_SOFTPLUS: return log(1.0 + exp(x));
    }
    return NAN;
}

/* Forward on views with tda > size2, against the textbook formulas. */
START_TEST(t_forward_values)
{
    ae_act f = (ae_act)_i;
    gsl_rng *r = ae_rng_alloc(100 + _i, AE_RNG_DATA);
    gsl_matrix *Xp = gsl_matrix_alloc(B, D + PAD), *Yp = gsl_matrix_alloc(B, D + PAD);
    fill_away_from_kink(Xp, r);
    gsl_matrix_set_all(Yp, 7.0);
    gsl_matrix_view X = gsl_matrix_submatrix(Xp, 0, 1, B, D);
    gsl_matrix_view Y = gsl_matrix_submatrix(Yp, 0, 1, B, D);
    ae_act_forward(f, &Y.matrix, &X.matrix);
    for (size_t n = 0; n < B; n++) {
        for (size_t i = 0; i < D; i++)
            ck_assert_double_eq_tol(gsl_matrix_get(&Y.matrix, n, i),
                                    reference(f, gsl_matrix_get(&X.matrix, n, i)), TOL_EXACT);
        ck_assert_double_eq(gsl_matrix_get(Yp, n, 0), 7.0);
        ck_assert_double_eq(gsl_matrix_get(Yp, n, D + 1), 7.0);
    }
    gsl_matrix_free(Xp);
    gsl_matrix_free(Yp);
    gsl_rng_free(r);
}
END_TEST

/* L = sum C o f(X), dL/dX = C o f'(X) */
typedef struct {
    ae_act f;
    gsl_matrix *Xp;
    gsl_matrix_view X;
    gsl_matrix *Y, *C;
} act_ctx;

static double act_loss(void *p)
{
    act_ctx *c = p;
    ae_act_forward(c->f, c->Y, &c->X.matrix);
    double s = 0.0;
    for (size_t i = 0; i < B; i++)
        for (size_t j = 0; j < D; j++)
            s += gsl_matrix_get(c->C, i, j) * gsl_matrix_get(c->Y, i, j);
    return s;
}

START_TEST(t_backward_gradcheck)
{
    act_ctx c = {.f = (ae_act)_i};
    gsl_rng *r = ae_rng_alloc(200 + _i, AE_RNG_DATA);
    c.Xp = gsl_matrix_alloc(B, D + PAD);
    fill_away_from_kink(c.Xp, r);
    c.X = gsl_matrix_submatrix(c.Xp, 0, 1, B, D);
    c.Y = gsl_matrix_alloc(B, D);
    c.C = gsl_matrix_alloc(B, D);
    fill_away_from_kink(c.C, r);
    gsl_matrix *dXp = gsl_matrix_calloc(B, D + PAD);
    gsl_matrix_view dX = gsl_matrix_submatrix(dXp, 0, 1, B, D);

    act_loss(&c);
    ae_act_backward(c.f, &dX.matrix, c.Y, &c.X.matrix, c.C);
    ae_gc_result res = ae_gradcheck(act_loss, &c, c.Xp->data, dXp->data, B * (D + PAD),
                                    AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, ae_act_name(c.f));

    gsl_matrix_free(c.Xp);
    gsl_matrix_free(c.Y);
    gsl_matrix_free(c.C);
    gsl_matrix_free(dXp);
    gsl_rng_free(r);
}
END_TEST

/* Y == X and dX == dY give the same numbers as separate buffers.
 * (In-place forward overwrites X, so for leaky relu and softplus, whose
 * backward reads X, the backward here gets a saved copy of X.) */
START_TEST(t_in_place)
{
    ae_act f = (ae_act)_i;
    gsl_rng *r = ae_rng_alloc(300 + _i, AE_RNG_DATA);
    gsl_matrix *X = gsl_matrix_alloc(B, D), *Y = gsl_matrix_alloc(B, D);
    gsl_matrix *dY = gsl_matrix_alloc(B, D), *dX = gsl_matrix_alloc(B, D);
    gsl_matrix *Z = gsl_matrix_alloc(B, D), *dZ = gsl_matrix_alloc(B, D);
    fill_away_from_kink(X, r);
    fill_away_from_kink(dY, r);
    ae_act_forward(f, Y, X);
    ae_act_backward(f, dX, Y, X, dY);
    gsl_matrix_memcpy(Z, X);
    ae_act_forward(f, Z, Z);
    ck_assert(gsl_matrix_equal(Z, Y));
    gsl_matrix_memcpy(dZ, dY);
    ae_act_backward(f, dZ, Y, X, dZ);
    ck_assert(gsl_matrix_equal(dZ, dX));
    gsl_matrix *mats[] = {X, Y, dY, dX, Z, dZ};
    for (size_t k = 0; k < 6; k++)
        gsl_matrix_free(mats[k]);
    gsl_rng_free(r);
}
END_TEST

/* Saturated inputs: no NaN or Inf in forward or backward. */
START_TEST(t_extreme_inputs)
{
    ae_act f = (ae_act)_i;
    const double x[] = {-800, -30, 30, 800};
    gsl_matrix_const_view X = gsl_matrix_const_view_array(x, 1, 4);
    gsl_matrix *Y = gsl_matrix_alloc(1, 4), *dX = gsl_matrix_alloc(1, 4);
    gsl_matrix *dY = gsl_matrix_alloc(1, 4);
    gsl_matrix_set_all(dY, 1.0);
    ae_act_forward(f, Y, &X.matrix);
    ae_act_backward(f, dX, Y, &X.matrix, dY);
    for (size_t k = 0; k < 4; k++) {
        ck_assert_msg(isfinite(Y->data[k]), "%s(%g) = %g", ae_act_name(f), x[k], Y->data[k]);
        ck_assert_msg(isfinite(dX->data[k]) && dX->data[k] >= 0 && dX->data[k] <= 1,
                      "%s'(%g) = %g", ae_act_name(f), x[k], dX->data[k]);
    }
    gsl_matrix_free(Y);
    gsl_matrix_free(dX);
    gsl_matrix_free(dY);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("act");
    TCase *tc = tcase_create("scalar");
    tcase_add_test(tc, t_names);
    tcase_add_test(tc, t_scalars_stable);
    suite_add_tcase(s, tc);
    tc = tcase_create("matrix"); /* one iteration per activation */
    tcase_add_loop_test(tc, t_forward_values, 0, NACT);
    tcase_add_loop_test(tc, t_backward_gradcheck, 0, NACT);
    tcase_add_loop_test(tc, t_in_place, 0, NACT);
    tcase_add_loop_test(tc, t_extreme_inputs, 0, NACT);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
