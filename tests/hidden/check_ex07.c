/* Graded exercises of lesson 07 (one TCase per exercise; grading/points.txt).
 *
 * Every check below also fails for the stubs (KL = 0 with zero gradients; a
 * reparameterisation backward that adds nothing; a split that writes zeros): a case a stub would pass by luck
 * (mu = 0, logvar = 0 has KL 0) shares its check with one it cannot pass.
 */
#include <math.h>

#include <gsl/gsl_vector.h>

#include "../../lessons/07-vae/exercises.h"
#include "loss.h"
#include "rng.h"
#include "../test.h"

enum { L = 6 };

static void assert_vector_near(const gsl_vector *got, const double *want, double tol, const char *what)
{
    for (size_t j = 0; j < got->size; j++)
        ck_assert_msg(fabs(gsl_vector_get(got, j) - want[j]) <= tol * (1.0 + fabs(want[j])),
                      "%s[%zu]: expected %.15g, got %.15g", what, j, want[j], gsl_vector_get(got, j));
}

/* ---- 7.1 the Gaussian KL and its gradient ---- */

START_TEST(kl_hand)
{
    /* mu = (1, 2), logvar = (0, ln 4): KL = -1/2 [(1 - 1 - 1) + (1 + ln 4 - 4 - 4)] = 4 - ln 2,
     * dKL/dmu = mu = (1, 2), dKL/dlogvar = (sigma^2 - 1)/2 = (0, 3/2).
     * mu = 0, logvar = 0 (q is the prior): KL = 0 and both gradients 0. */
    double mu[] = {1, 2}, lv[] = {0, log(4.0)};
    gsl_vector_view m = gsl_vector_view_array(mu, 2), v = gsl_vector_view_array(lv, 2);
    gsl_vector *dmu = gsl_vector_alloc(2), *dlv = gsl_vector_alloc(2);
    double kl = ex07_gauss_kl(dmu, dlv, &m.vector, &v.vector);
    ck_assert_msg(fabs(kl - (4.0 - log(2.0))) < TOL_EXACT, "KL: expected 4 - ln 2 = %.15g, got %.15g",
                  4.0 - log(2.0), kl);
    const double want_mu[] = {1, 2}, want_lv[] = {0, 1.5}, zeros[] = {0, 0};
    assert_vector_near(dmu, want_mu, TOL_EXACT, "dmu");
    assert_vector_near(dlv, want_lv, TOL_EXACT, "dlogvar");
    gsl_vector_set_all(dmu, 7.0);   /* written, not added */
    gsl_vector_set_all(dlv, 7.0);
    gsl_vector_set_zero(&m.vector);
    gsl_vector_set_zero(&v.vector);
    kl = ex07_gauss_kl(dmu, dlv, &m.vector, &v.vector);
    ck_assert_msg(fabs(kl) < TOL_EXACT, "KL of the prior itself: expected 0, got %g", kl);
    assert_vector_near(dmu, zeros, TOL_EXACT, "dmu at the prior");
    assert_vector_near(dlv, zeros, TOL_EXACT, "dlogvar at the prior");
    gsl_vector_free(dmu);
    gsl_vector_free(dlv);
}
END_TEST

START_TEST(kl_matches_lib)
{
    /* one row of ae_loss_kl_gauss (B = 1) is the same KL and the same gradient */
    gsl_rng *r = ae_rng_alloc(71, AE_RNG_DATA);
    gsl_matrix *Mu = gsl_matrix_alloc(1, L), *Lv = gsl_matrix_alloc(1, L);
    gsl_matrix *dMu = gsl_matrix_alloc(1, L), *dLv = gsl_matrix_alloc(1, L);
    fill_uniform(Mu, r, -2, 2);
    fill_uniform(Lv, r, -3, 2);
    double want = ae_loss_kl_gauss(dMu, dLv, Mu, Lv);
    gsl_vector_view m = gsl_matrix_row(Mu, 0), v = gsl_matrix_row(Lv, 0);
    gsl_vector *dmu = gsl_vector_alloc(L), *dlv = gsl_vector_alloc(L);
    double kl = ex07_gauss_kl(dmu, dlv, &m.vector, &v.vector);
    ck_assert_msg(fabs(kl - want) < 1e-12 * (1 + want), "KL: expected %.15g (ae_loss_kl_gauss), got %.15g",
                  want, kl);
    assert_vector_near(dmu, dMu->data, 1e-12, "dmu vs ae_loss_kl_gauss");
    assert_vector_near(dlv, dLv->data, 1e-12, "dlogvar vs ae_loss_kl_gauss");
    gsl_matrix_free(Mu);
    gsl_matrix_free(Lv);
    gsl_matrix_free(dMu);
    gsl_matrix_free(dLv);
    gsl_vector_free(dmu);
    gsl_vector_free(dlv);
    gsl_rng_free(r);
}
END_TEST

typedef struct {
    gsl_vector_view mu, logvar, eps, dz;   /* mu, logvar: strided views into theta */
    gsl_vector *dmu, *dlv;
} ex_ctx;

static double kl_fn(void *ctx)
{
    ex_ctx *c = ctx;
    return ex07_gauss_kl(c->dmu, c->dlv, &c->mu.vector, &c->logvar.vector);
}

START_TEST(kl_gradient)
{
    /* theta interleaves mu and logvar (stride 2 views); central differences on all of it */
    gsl_rng *r = ae_rng_alloc(72, AE_RNG_DATA);
    double theta[2 * L], grad[2 * L];
    for (size_t j = 0; j < 2 * L; j++)
        theta[j] = ae_rng_uniform(r, -2.0, 1.5);
    ex_ctx c = {gsl_vector_view_array_with_stride(theta, 2, L),
                gsl_vector_view_array_with_stride(theta + 1, 2, L), .dmu = gsl_vector_alloc(L),
                .dlv = gsl_vector_alloc(L)};
    double kl = ex07_gauss_kl(c.dmu, c.dlv, &c.mu.vector, &c.logvar.vector);
    ck_assert_msg(kl > 0, "KL of a Gaussian other than the prior: expected > 0, got %g", kl);
    for (size_t j = 0; j < L; j++) {
        grad[2 * j] = gsl_vector_get(c.dmu, j);
        grad[2 * j + 1] = gsl_vector_get(c.dlv, j);
    }
    ae_gc_result g = ae_gradcheck(kl_fn, &c, theta, grad, 2 * L, AE_GC_STEP);
    ck_assert_gradcheck(g, TOL_OP, "dKL/d(mu, logvar)");
    gsl_vector_free(c.dmu);
    gsl_vector_free(c.dlv);
    gsl_rng_free(r);
}
END_TEST

/* ---- 7.2 the reparameterisation's backward pass ---- */

START_TEST(reparam_hand)
{
    /* z = mu + exp(logvar/2) eps with logvar = (ln 4, 0, ln 9), eps = (0.5, -2, 1), dz = (3, 1, -2):
     * dmu += dz, dlogvar += dz eps sigma / 2 = (3 * 0.5 * 2 / 2, 1 * -2 * 1 / 2, -2 * 1 * 3 / 2)
     *                                         = (1.5, -1, -3), added to 10 */
    double lv[] = {log(4.0), 0, log(9.0)}, eps[] = {0.5, -2, 1}, dz[] = {3, 1, -2};
    gsl_vector_view v = gsl_vector_view_array(lv, 3), e = gsl_vector_view_array(eps, 3);
    gsl_vector_view d = gsl_vector_view_array(dz, 3);
    gsl_vector *dmu = gsl_vector_alloc(3), *dlv = gsl_vector_alloc(3);
    gsl_vector_set_all(dmu, 10.0);
    gsl_vector_set_all(dlv, 10.0);
    ex07_reparam_backward(dmu, dlv, &d.vector, &v.vector, &e.vector);
    const double want_mu[] = {13, 11, 8}, want_lv[] = {11.5, 9, 7};
    assert_vector_near(dmu, want_mu, TOL_EXACT, "dmu (10 + dz)");
    assert_vector_near(dlv, want_lv, TOL_EXACT, "dlogvar (10 + dz eps sigma / 2)");
    gsl_vector_free(dmu);
    gsl_vector_free(dlv);
}
END_TEST

/* L = dz . z(mu, logvar) with eps and dz fixed: dL/dz = dz */
static double reparam_fn(void *ctx)
{
    ex_ctx *c = ctx;
    double s = 0.0;
    for (size_t j = 0; j < L; j++)
        s += gsl_vector_get(&c->dz.vector, j) *
             (gsl_vector_get(&c->mu.vector, j) +
              exp(0.5 * gsl_vector_get(&c->logvar.vector, j)) * gsl_vector_get(&c->eps.vector, j));
    return s;
}

START_TEST(reparam_gradient)
{
    gsl_rng *r = ae_rng_alloc(73, AE_RNG_DATA);
    double theta[2 * L], fixed[2 * L], grad[2 * L] = {0};
    for (size_t j = 0; j < 2 * L; j++) {
        theta[j] = ae_rng_uniform(r, -2.0, 1.5);
        fixed[j] = ae_rng_gaussian(r, 1.0);
    }
    ex_ctx c = {gsl_vector_view_array(theta, L), gsl_vector_view_array(theta + L, L),
                gsl_vector_view_array(fixed, L), gsl_vector_view_array(fixed + L, L), NULL, NULL};
    gsl_vector_view dmu = gsl_vector_view_array(grad, L), dlv = gsl_vector_view_array(grad + L, L);
    ex07_reparam_backward(&dmu.vector, &dlv.vector, &c.dz.vector, &c.logvar.vector, &c.eps.vector);
    ae_gc_result g = ae_gradcheck(reparam_fn, &c, theta, grad, 2 * L, AE_GC_STEP);
    ck_assert_gradcheck(g, TOL_OP, "d(dz . z)/d(mu, logvar)");
    gsl_rng_free(r);
}
END_TEST

/* ---- 7.3 the KL per coordinate ---- */

START_TEST(kl_coords_hand)
{
    /* rows (mu, logvar) = ((1, 0), (0, ln 4)) and ((0, 0), (2, 0)): coordinate 0 has
     * 1/2 + 0 = 1/2, coordinate 1 has -1/2 (1 + ln 4 - 4) + 2 = 7/2 - ln 2; written, not added */
    const double mu[] = {1, 0, 0, 2}, lv[] = {0, log(4.0), 0, 0};
    gsl_matrix_const_view Mu = gsl_matrix_const_view_array(mu, 2, 2), Lv = gsl_matrix_const_view_array(lv, 2, 2);
    gsl_vector *kl = gsl_vector_alloc(2);
    gsl_vector_set_all(kl, 5.0);
    ex07_kl_per_coord(kl, &Mu.matrix, &Lv.matrix);
    const double want[] = {0.5, 3.5 - log(2.0)};
    assert_vector_near(kl, want, TOL_EXACT, "kl");
    gsl_vector_free(kl);
}
END_TEST

START_TEST(kl_coords_matches_lib)
{
    /* coordinate j alone (a B x 1 slice) through ae_loss_kl_gauss, times B, is kl_j */
    enum { ROWS = 7 };
    gsl_rng *r = ae_rng_alloc(74, AE_RNG_DATA);
    gsl_matrix *Mu = gsl_matrix_alloc(ROWS, L), *Lv = gsl_matrix_alloc(ROWS, L);
    fill_uniform(Mu, r, -2, 2);
    fill_uniform(Lv, r, -3, 2);
    double want[L];
    for (size_t j = 0; j < L; j++) {
        gsl_matrix_const_view m = gsl_matrix_const_submatrix(Mu, 0, j, ROWS, 1);
        gsl_matrix_const_view v = gsl_matrix_const_submatrix(Lv, 0, j, ROWS, 1);
        want[j] = ROWS * ae_loss_kl_gauss(NULL, NULL, &m.matrix, &v.matrix);
    }
    gsl_vector *kl = gsl_vector_alloc(L);
    ex07_kl_per_coord(kl, Mu, Lv);
    assert_vector_near(kl, want, 1e-12, "kl vs ae_loss_kl_gauss per column");
    gsl_vector_free(kl);
    gsl_matrix_free(Mu);
    gsl_matrix_free(Lv);
    gsl_rng_free(r);
}
END_TEST

/* ---- 7.4 the conditional VAE's split of d[z | y] ---- */

START_TEST(split_hand)
{
    /* dzy = (1, -2, 3 | 40, 50): dz = (1, -2, 3), written over 7s; the label's 40 and 50 go nowhere */
    const double dzy[] = {1, -2, 3, 40, 50}, want[] = {1, -2, 3};
    gsl_vector_const_view d = gsl_vector_const_view_array(dzy, 5);
    gsl_vector *dz = gsl_vector_alloc(3);
    gsl_vector_set_all(dz, 7.0);
    ex07_cond_split(dz, &d.vector);
    assert_vector_near(dz, want, TOL_EXACT, "dz");
    gsl_vector_free(dz);
}
END_TEST

/* L(z) = g . [z | y] + sum_j z_j^3 with g and y fixed: the exercise's dz from
 * dzy = dL/d[z | y] against central differences in z (the y part of g must not leak in) */
typedef struct {
    double z[L], g[L + 4];
} split_ctx;

static double split_fn(void *ctx)
{
    split_ctx *c = ctx;
    double s = 0.0;
    for (size_t j = 0; j < L; j++)
        s += c->g[j] * c->z[j] + c->z[j] * c->z[j] * c->z[j];
    for (size_t j = L; j < L + 4; j++)
        s += c->g[j] * (j == L + 2);              /* y = onehot(2): no z in it */
    return s;
}

START_TEST(split_gradient)
{
    gsl_rng *r = ae_rng_alloc(75, AE_RNG_DATA);
    split_ctx c;
    double dzy[L + 4], grad[L];
    for (size_t j = 0; j < L; j++)
        c.z[j] = ae_rng_uniform(r, -1.5, 1.5);
    for (size_t j = 0; j < L + 4; j++)
        c.g[j] = ae_rng_gaussian(r, 1.0) + (j >= L ? 5.0 : 0.0);
    for (size_t j = 0; j < L + 4; j++)            /* dL/d[z | y] */
        dzy[j] = c.g[j] + (j < L ? 3.0 * c.z[j] * c.z[j] : 0.0);
    gsl_vector_view d = gsl_vector_view_array(dzy, L + 4), dz = gsl_vector_view_array(grad, L);
    ex07_cond_split(&dz.vector, &d.vector);
    ae_gc_result g = ae_gradcheck(split_fn, &c, c.z, grad, L, AE_GC_STEP);
    ck_assert_gradcheck(g, TOL_OP, "dL/dz from dL/d[z | y]");
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex07");
    TCase *tc = tcase_create("ex07_gauss_kl");
    tcase_add_test(tc, kl_hand);
    tcase_add_test(tc, kl_matches_lib);
    tcase_add_test(tc, kl_gradient);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex07_reparam_backward");
    tcase_add_test(tc, reparam_hand);
    tcase_add_test(tc, reparam_gradient);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex07_kl_per_coord");
    tcase_add_test(tc, kl_coords_hand);
    tcase_add_test(tc, kl_coords_matches_lib);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex07_cond_split");
    tcase_add_test(tc, split_hand);
    tcase_add_test(tc, split_gradient);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
