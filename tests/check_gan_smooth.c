/* check_gan_smooth — the discriminator step with one-sided label smoothing
 * (ae_gan_d_step_smooth, lesson 08): its loss is the BCE with real targets t and fake
 * targets 0, t = 1 gives ae_gan_d_step's E (8.1), and its gradient matches finite
 * differences through the whole discriminator (z held fixed). */
#include <math.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "gan.h"
#include "loss.h"
#include "test.h"

enum { M = 4, D = 784, CHECKED = 40 };   /* the first 40 entries of every block: the net is large */
#define T_SMOOTH 0.9

typedef struct {
    ae_gan *g;
    gsl_matrix *X;   /* M real images in [-1, 1] */
    double t;        /* the real rows' target */
} ctx;

/* E_t on X and G(z) for the z of the last draw: -mean[t log D(x) + (1-t) log(1-D(x))] - mean log(1-D(G(z))) */
static double d_value(void *p)
{
    ctx *c = p;
    const gsl_matrix *fake = ae_net_forward(c->g->G, &c->g->zn.matrix);
    double E = 0.0;
    const gsl_matrix *in[2] = {c->X, fake};
    for (size_t h = 0; h < 2; h++) {
        const gsl_matrix *A = ae_net_forward(c->g->Dnet, in[h]);
        gsl_matrix *T = gsl_matrix_alloc(M, 1);
        gsl_matrix_set_all(T, h == 0 ? c->t : 0.0);
        E += ae_loss_bce_logits(NULL, A, T);
        gsl_matrix_free(T);
    }
    return E;
}

START_TEST(t_smooth_gradient)
{
    gsl_rng *r = ae_rng_alloc(25, AE_RNG_DATA);
    ctx c = {ae_gan_alloc(D, M, 0.0), gsl_matrix_alloc(M, D), T_SMOOTH};   /* lr 0: weights stay */
    ae_gan_init(c.g, r);
    fill_uniform(c.X, r, -1, 1);
    double E = ae_gan_d_step_smooth(c.g, c.X, c.t, r);
    ck_assert_double_eq_tol(E, d_value(&c), 1e-12);
    char name[64];
    for (size_t k = 0; k < c.g->optD->nblocks; k++) {
        size_t n = c.g->optD->blocks[k].n < CHECKED ? c.g->optD->blocks[k].n : CHECKED;
        double *grad = malloc(n * sizeof *grad);
        memcpy(grad, c.g->optD->blocks[k].grad, n * sizeof *grad);
        snprintf(name, sizeof name, "smoothed discriminator %s of layer %zu", k % 2 ? "b" : "W", k / 2 + 1);
        ae_gc_result g = ae_gradcheck(d_value, &c, c.g->optD->blocks[k].theta, grad, n, AE_GC_STEP);
        ck_assert_gradcheck(g, TOL_MODEL, name);
        free(grad);
    }
    ae_gan_free(c.g);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

/* t = 1 is the plain step: the same loss, the same gradients, from the same start and noise. */
START_TEST(t_smooth_one_is_plain)
{
    gsl_rng *r1 = ae_rng_alloc(26, AE_RNG_DATA), *r2 = ae_rng_alloc(26, AE_RNG_DATA);
    ae_gan *a = ae_gan_alloc(D, M, 0.0), *b = ae_gan_alloc(D, M, 0.0);
    ae_gan_init(a, r1);
    ae_gan_init(b, r2);
    gsl_matrix *X = gsl_matrix_alloc(M, D);
    fill_uniform(X, r1, -1, 1);
    fill_uniform(X, r2, -1, 1);
    double Ea = ae_gan_d_step(a, X, r1), Eb = ae_gan_d_step_smooth(b, X, 1.0, r2);
    ck_assert_double_eq_tol(Ea, Eb, TOL_EXACT * fabs(Ea));
    for (size_t k = 0; k < a->optD->nblocks; k++)
        for (size_t i = 0; i < a->optD->blocks[k].n; i++)
            ck_assert_msg(fabs(a->optD->blocks[k].grad[i] - b->optD->blocks[k].grad[i]) <=
                              TOL_EXACT * (1.0 + fabs(a->optD->blocks[k].grad[i])),
                          "block %zu entry %zu: %g plain, %g with t = 1", k, i, a->optD->blocks[k].grad[i],
                          b->optD->blocks[k].grad[i]);
    ae_gan_free(a);
    ae_gan_free(b);
    gsl_matrix_free(X);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("gan_smooth");
    TCase *tc = tcase_create("smooth");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_smooth_gradient);
    tcase_add_test(tc, t_smooth_one_is_plain);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
