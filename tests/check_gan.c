/* check_gan — the generator's two losses (values by hand, gradients, saturation), the
 * discriminator's and the generator's steps against finite differences through the
 * whole nets (z held fixed), and that discriminator steps learn to separate. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "act.h"
#include "gan.h"
#include "loss.h"
#include "test.h"

enum { M = 4, D = 784, CHECKED = 40 };   /* the first 40 entries of every block: the nets are large */

START_TEST(t_g_loss_values)
{
    /* a = (0, -ln 3): D = (1/2, 1/4). minimax: 1/2 log(3/8), dA = -D/2;
     * non-saturating: 1/2 log 8, dA = (D - 1)/2 */
    const double a[] = {0, -log(3.0)};
    gsl_matrix_const_view A = gsl_matrix_const_view_array(a, 2, 1);
    gsl_matrix *dA = gsl_matrix_alloc(2, 1);
    ck_assert_double_eq_tol(ae_gan_g_loss(dA, &A.matrix, AE_GAN_MINIMAX), 0.5 * log(3.0 / 8.0), TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(dA, 0, 0), -0.25, TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(dA, 1, 0), -0.125, TOL_EXACT);
    ck_assert_double_eq_tol(ae_gan_g_loss(dA, &A.matrix, AE_GAN_NONSAT), 0.5 * log(8.0), TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(dA, 0, 0), -0.25, TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(dA, 1, 0), -0.375, TOL_EXACT);
    /* saturation: a = -40, D rejects with certainty: minimax gradient e^-40, the other -1 */
    const double far[] = {-40};
    gsl_matrix_const_view F = gsl_matrix_const_view_array(far, 1, 1);
    gsl_matrix_view dF = gsl_matrix_submatrix(dA, 0, 0, 1, 1);
    ae_gan_g_loss(&dF.matrix, &F.matrix, AE_GAN_MINIMAX);
    ck_assert_msg(fabs(gsl_matrix_get(dA, 0, 0)) < 1e-17, "minimax dA at a = -40: %g", gsl_matrix_get(dA, 0, 0));
    ck_assert_double_eq_tol(ae_gan_g_loss(&dF.matrix, &F.matrix, AE_GAN_NONSAT), 40.0, 1e-12);
    ck_assert_double_eq_tol(gsl_matrix_get(dA, 0, 0), -1.0, 1e-12);
    gsl_matrix_free(dA);
}
END_TEST

typedef struct {
    gsl_matrix *A, *dA;
    ae_gan_loss kind;
} gl_ctx;

static double g_loss_value(void *ctx)
{
    gl_ctx *c = ctx;
    return ae_gan_g_loss(c->dA, c->A, c->kind);
}

START_TEST(t_g_loss_gradient)
{
    gsl_rng *r = ae_rng_alloc(21, AE_RNG_DATA);
    gl_ctx c = {gsl_matrix_alloc(6, 1), gsl_matrix_alloc(6, 1), _i ? AE_GAN_NONSAT : AE_GAN_MINIMAX};
    fill_uniform(c.A, r, -5, 5);
    double grad[6];
    ae_gan_g_loss(c.dA, c.A, c.kind);
    memcpy(grad, c.dA->data, sizeof grad);
    ae_gc_result g = ae_gradcheck(g_loss_value, &c, c.A->data, grad, 6, AE_GC_STEP);
    ck_assert_gradcheck(g, TOL_OP, _i ? "non-saturating dloss/da" : "minimax dloss/da");
    gsl_matrix_free(c.A);
    gsl_matrix_free(c.dA);
    gsl_rng_free(r);
}
END_TEST

/* ---- the two steps through the whole nets, z held fixed ---- */

typedef struct {
    ae_gan *g;
    gsl_matrix *X;    /* M real images in [-1, 1] */
    ae_gan_loss kind;
} step_ctx;

/* E (8.1) on X and G(z) for the z of the last draw: the forward half of ae_gan_d_step. */
static double d_value(void *ctx)
{
    step_ctx *c = ctx;
    const gsl_matrix *fake = ae_net_forward(c->g->G, &c->g->zn.matrix);
    double E = 0.0;
    const gsl_matrix *in[2] = {c->X, fake};
    for (size_t h = 0; h < 2; h++) {
        const gsl_matrix *A = ae_net_forward(c->g->Dnet, in[h]);
        gsl_matrix *T = gsl_matrix_alloc(M, 1);
        gsl_matrix_set_all(T, h == 0 ? 1.0 : 0.0);
        E += ae_loss_bce_logits(NULL, A, T);
        gsl_matrix_free(T);
    }
    return E;
}

/* The generator's loss for the z of the last draw. */
static double g_value(void *ctx)
{
    step_ctx *c = ctx;
    const gsl_matrix *A = ae_net_forward(c->g->Dnet, ae_net_forward(c->g->G, &c->g->zn.matrix));
    gsl_matrix *dA = gsl_matrix_alloc(M, 1);
    double loss = ae_gan_g_loss(dA, A, c->kind);
    gsl_matrix_free(dA);
    return loss;
}

static step_ctx step_setup(gsl_rng *r)
{
    step_ctx c = {ae_gan_alloc(D, M, 0.0), gsl_matrix_alloc(M, D), AE_GAN_NONSAT};   /* lr 0: weights stay */
    ae_gan_init(c.g, r);
    fill_uniform(c.X, r, -1, 1);
    return c;
}

/* Check the first CHECKED entries (or all, if fewer) of every block of o. */
static void check_blocks(ae_optim *o, ae_gc_fn f, step_ctx *c, const char *who)
{
    char name[64];
    for (size_t k = 0; k < o->nblocks; k++) {
        size_t n = o->blocks[k].n < CHECKED ? o->blocks[k].n : CHECKED;
        double *grad = malloc(n * sizeof *grad);
        memcpy(grad, o->blocks[k].grad, n * sizeof *grad);
        snprintf(name, sizeof name, "%s %s of layer %zu", who, k % 2 ? "b" : "W", k / 2 + 1);
        ae_gc_result g = ae_gradcheck(f, c, o->blocks[k].theta, grad, n, AE_GC_STEP);
        ck_assert_gradcheck(g, TOL_MODEL, name);
        free(grad);
    }
}

START_TEST(t_d_step_gradient)
{
    gsl_rng *r = ae_rng_alloc(22, AE_RNG_DATA);
    step_ctx c = step_setup(r);
    double E = ae_gan_d_step(c.g, c.X, r);
    ck_assert_double_eq_tol(E, d_value(&c), 1e-12);
    ck_assert_msg(c.g->d_real > 0 && c.g->d_real < 1 && c.g->d_fake > 0 && c.g->d_fake < 1,
                  "D(x) %g, D(G(z)) %g, want both in (0, 1)", c.g->d_real, c.g->d_fake);
    check_blocks(c.g->optD, d_value, &c, "discriminator");
    ae_gan_free(c.g);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_g_step_gradient)
{
    gsl_rng *r = ae_rng_alloc(23, AE_RNG_DATA);
    step_ctx c = step_setup(r);
    c.kind = _i ? AE_GAN_NONSAT : AE_GAN_MINIMAX;
    ae_optim_zero_grad(c.g->optD);
    double loss = ae_gan_g_step(c.g, c.kind, r);
    ck_assert_double_eq_tol(loss, g_value(&c), 1e-12);
    ck_assert_msg(c.g->g_norm > 0, "generator gradient norm %g", c.g->g_norm);
    double sq = 0.0;   /* the norm is that of G's gradient */
    for (size_t k = 0; k < c.g->optG->nblocks; k++)
        for (size_t i = 0; i < c.g->optG->blocks[k].n; i++)
            sq += c.g->optG->blocks[k].grad[i] * c.g->optG->blocks[k].grad[i];
    ck_assert_double_eq_tol(c.g->g_norm, sqrt(sq), 1e-12 * sqrt(sq));
    for (size_t k = 0; k < c.g->optD->nblocks; k++)   /* W_D does not move: its gradient is not computed */
        for (size_t i = 0; i < c.g->optD->blocks[k].n; i++)
            ck_assert_msg(c.g->optD->blocks[k].grad[i] == 0.0, "the G step wrote D's gradient (block %zu)", k);
    check_blocks(c.g->optG, g_value, &c, _i ? "generator (non-saturating)" : "generator (minimax)");
    ae_gan_free(c.g);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

/* With G fixed, 30 discriminator steps at lr 1e-3 separate real images from fakes. */
START_TEST(t_d_learns)
{
    gsl_rng *r = ae_rng_alloc(24, AE_RNG_DATA);
    ae_gan *g = ae_gan_alloc(D, 16, 1e-3);
    ae_gan_init(g, r);
    gsl_matrix *X = gsl_matrix_alloc(16, D);
    for (size_t i = 0; i < 16; i++)   /* "real" images: a bright left half */
        for (size_t j = 0; j < D; j++)
            gsl_matrix_set(X, i, j, (j % 28) < 14 ? 0.8 : -0.8);
    double first = ae_gan_d_step(g, X, r);
    for (int s = 0; s < 30; s++)
        ae_gan_d_step(g, X, r);
    ck_assert_msg(g->d_loss < 0.2 * first, "E %.4f after 30 steps, first %.4f: want < 1/5 of it", g->d_loss, first);
    ck_assert_msg(g->d_real > 0.9 && g->d_fake < 0.1, "D(x) %.3f, D(G(z)) %.3f: not separated", g->d_real,
                  g->d_fake);
    ae_gan_free(g);
    gsl_matrix_free(X);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("gan");
    TCase *tc = tcase_create("losses");
    tcase_add_test(tc, t_g_loss_values);
    tcase_add_loop_test(tc, t_g_loss_gradient, 0, 2);
    suite_add_tcase(s, tc);
    tc = tcase_create("steps");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_d_step_gradient);
    tcase_add_loop_test(tc, t_g_step_gradient, 0, 2);
    tcase_add_test(tc, t_d_learns);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
