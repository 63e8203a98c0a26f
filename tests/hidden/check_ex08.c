/* Graded exercises of lesson 08 (one TCase per exercise; grading/points.txt).
 *
 * The stubs return 0 with zero gradients; every check below has a part they fail.
 */
#include <math.h>

#include <gsl/gsl_vector.h>

#include "../../lessons/08-gan/exercises.h"
#include "gan.h"
#include "rng.h"
#include "../test.h"

enum { M = 5 };

static void assert_near(double got, double want, double tol, const char *what)
{
    ck_assert_msg(fabs(got - want) <= tol * (1.0 + fabs(want)), "%s: expected %.15g, got %.15g", what,
                  want, got);
}

/* ---- 8.1 the discriminator's loss ---- */

START_TEST(d_loss_hand)
{
    /* a_real = (0, ln 3): D = (1/2, 3/4); a_fake = (0, -ln 3): D = (1/2, 1/4).
     * E = -1/2 [log 1/2 + log 1/2 + log 3/4 + log 3/4] = log 2 + log 4/3 = log 8/3.
     * dE/da_real = (D - 1)/2 = (-1/4, -1/8), dE/da_fake = D/2 = (1/4, 1/8). */
    double ar[] = {0, log(3.0)}, af[] = {0, -log(3.0)};
    gsl_vector_view r = gsl_vector_view_array(ar, 2), f = gsl_vector_view_array(af, 2);
    gsl_vector *dr = gsl_vector_alloc(2), *df = gsl_vector_alloc(2);
    assert_near(ex08_d_loss(dr, df, &r.vector, &f.vector), log(8.0 / 3.0), TOL_EXACT, "E");
    assert_near(gsl_vector_get(dr, 0), -0.25, TOL_EXACT, "da_real[0]");
    assert_near(gsl_vector_get(dr, 1), -0.125, TOL_EXACT, "da_real[1]");
    assert_near(gsl_vector_get(df, 0), 0.25, TOL_EXACT, "da_fake[0]");
    assert_near(gsl_vector_get(df, 1), 0.125, TOL_EXACT, "da_fake[1]");
    gsl_vector_free(dr);
    gsl_vector_free(df);
}
END_TEST

START_TEST(d_loss_extreme)
{
    /* logits of +-800 (a naive log(sigmoid) gives -inf): a sure and right discriminator
     * costs 0, a sure and wrong one 800 per example; gradients stay in [-1/m, 1/m] */
    double ar[] = {800, -800}, af[] = {-800, 800};
    gsl_vector_view r = gsl_vector_view_array(ar, 2), f = gsl_vector_view_array(af, 2);
    gsl_vector *dr = gsl_vector_alloc(2), *df = gsl_vector_alloc(2);
    double E = ex08_d_loss(dr, df, &r.vector, &f.vector);
    assert_near(E, (0 + 800 + 0 + 800) / 2.0, TOL_EXACT, "E at logits +-800");
    assert_near(gsl_vector_get(dr, 1), -0.5, TOL_EXACT, "da_real for a sure, wrong D");
    assert_near(gsl_vector_get(df, 1), 0.5, TOL_EXACT, "da_fake for a sure, wrong D");
    assert_near(gsl_vector_get(dr, 0), 0.0, TOL_EXACT, "da_real for a sure, right D");
    gsl_vector_free(dr);
    gsl_vector_free(df);
}
END_TEST

typedef struct {
    gsl_vector_view a, b;   /* views into theta */
    gsl_vector *da, *db;
    int nonsat;
} ctx;

static double d_fn(void *p)
{
    ctx *c = p;
    return ex08_d_loss(c->da, c->db, &c->a.vector, &c->b.vector);
}

START_TEST(d_loss_gradient)
{
    gsl_rng *r = ae_rng_alloc(81, AE_RNG_DATA);
    double theta[2 * M], grad[2 * M];
    for (size_t i = 0; i < 2 * M; i++)
        theta[i] = ae_rng_uniform(r, -4, 4);
    ctx c = {gsl_vector_view_array(theta, M), gsl_vector_view_array(theta + M, M),
             gsl_vector_alloc(M), gsl_vector_alloc(M), 0};
    double E = ex08_d_loss(c.da, c.db, &c.a.vector, &c.b.vector);
    ck_assert_msg(E > 0, "E: expected > 0, got %g", E);
    for (size_t i = 0; i < M; i++) {
        grad[i] = gsl_vector_get(c.da, i);
        grad[M + i] = gsl_vector_get(c.db, i);
    }
    ae_gc_result g = ae_gradcheck(d_fn, &c, theta, grad, 2 * M, AE_GC_STEP);
    ck_assert_gradcheck(g, TOL_OP, "dE/d(a_real, a_fake)");
    gsl_vector_free(c.da);
    gsl_vector_free(c.db);
    gsl_rng_free(r);
}
END_TEST

/* ---- 8.2 the generator's losses ---- */

START_TEST(g_loss_hand)
{
    /* a = (0, -ln 3): D = (1/2, 1/4).
     * minimax: 1/2 [log 1/2 + log 3/4] = 1/2 log 3/8; da = -D/2 = (-1/4, -1/8)
     * non-saturating: -1/2 [log 1/2 + log 1/4] = 1/2 log 8; da = (D - 1)/2 = (-1/4, -3/8) */
    double a[] = {0, -log(3.0)};
    gsl_vector_view v = gsl_vector_view_array(a, 2);
    gsl_vector *da = gsl_vector_alloc(2);
    assert_near(ex08_g_loss(da, &v.vector, 0), 0.5 * log(3.0 / 8.0), TOL_EXACT, "minimax loss");
    assert_near(gsl_vector_get(da, 0), -0.25, TOL_EXACT, "minimax da[0]");
    assert_near(gsl_vector_get(da, 1), -0.125, TOL_EXACT, "minimax da[1]");
    assert_near(ex08_g_loss(da, &v.vector, 1), 0.5 * log(8.0), TOL_EXACT, "non-saturating loss");
    assert_near(gsl_vector_get(da, 0), -0.25, TOL_EXACT, "non-saturating da[0]");
    assert_near(gsl_vector_get(da, 1), -0.375, TOL_EXACT, "non-saturating da[1]");
    gsl_vector_free(da);
}
END_TEST

START_TEST(g_loss_saturation)
{
    /* D rejects a fake with certainty (a = -30): the minimax gradient is e^-30 / m, almost
     * nothing; the non-saturating one is almost -1/m. At a = +30 it is the other way round. */
    double a[] = {-30, 30};
    gsl_vector_view v = gsl_vector_view_array(a, 1), w = gsl_vector_view_array(a + 1, 1);
    gsl_vector *da = gsl_vector_alloc(1);
    double loss = ex08_g_loss(da, &v.vector, 0);
    assert_near(loss, -log1p(exp(-30.0)), TOL_EXACT, "minimax loss at a = -30");
    ck_assert_msg(fabs(gsl_vector_get(da, 0) + exp(-30.0)) < 1e-20,
                  "minimax da at a = -30: expected %g, got %g", -exp(-30.0), gsl_vector_get(da, 0));
    assert_near(ex08_g_loss(da, &v.vector, 1), 30.0, 1e-12, "non-saturating loss at a = -30");
    assert_near(gsl_vector_get(da, 0), -1.0, 1e-12, "non-saturating da at a = -30");
    ex08_g_loss(da, &w.vector, 0);
    assert_near(gsl_vector_get(da, 0), -1.0, 1e-12, "minimax da at a = +30");
    gsl_vector_free(da);
}
END_TEST

static double g_fn(void *p)
{
    ctx *c = p;
    return ex08_g_loss(c->da, &c->a.vector, c->nonsat);
}

START_TEST(g_loss_gradient)
{
    /* both losses against central differences, and against the library's ae_gan_g_loss */
    gsl_rng *r = ae_rng_alloc(82, AE_RNG_DATA);
    double theta[M], grad[M];
    for (size_t i = 0; i < M; i++)
        theta[i] = ae_rng_uniform(r, -4, 4);
    ctx c = {gsl_vector_view_array(theta, M), gsl_vector_view_array(theta, M), gsl_vector_alloc(M), NULL, 0};
    gsl_matrix *A = gsl_matrix_alloc(M, 1), *dA = gsl_matrix_alloc(M, 1);
    for (c.nonsat = 0; c.nonsat <= 1; c.nonsat++) {
        double loss = ex08_g_loss(c.da, &c.a.vector, c.nonsat);
        for (size_t i = 0; i < M; i++) {
            grad[i] = gsl_vector_get(c.da, i);
            gsl_matrix_set(A, i, 0, theta[i]);
        }
        double want = ae_gan_g_loss(dA, A, c.nonsat ? AE_GAN_NONSAT : AE_GAN_MINIMAX);
        assert_near(loss, want, 1e-12, c.nonsat ? "non-saturating vs ae_gan_g_loss" : "minimax vs ae_gan_g_loss");
        ae_gc_result g = ae_gradcheck(g_fn, &c, theta, grad, M, AE_GC_STEP);
        ck_assert_gradcheck(g, TOL_OP, c.nonsat ? "non-saturating dloss/da" : "minimax dloss/da");
    }
    gsl_matrix_free(A);
    gsl_matrix_free(dA);
    gsl_vector_free(c.da);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex08");
    TCase *tc = tcase_create("ex08_d_loss");
    tcase_add_test(tc, d_loss_hand);
    tcase_add_test(tc, d_loss_extreme);
    tcase_add_test(tc, d_loss_gradient);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex08_g_loss");
    tcase_add_test(tc, g_loss_hand);
    tcase_add_test(tc, g_loss_saturation);
    tcase_add_test(tc, g_loss_gradient);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
