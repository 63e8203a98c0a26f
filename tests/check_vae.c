/* check_vae — the Gaussian KL (values by hand, gradient), the reparameterisation
 * (forward by hand, backward adds, gradient), the whole VAE's gradient with eps held
 * fixed, the conditional VAE's ([x | y], [z | y], the split of d[z | y]), the Gaussian
 * decoder's (and its var = 1 as "MSE + 2 KL" times 1/2), evaluation,
 * decoding, and that Adam steps lower the -ELBO. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "act.h"
#include "batch.h"
#include "loss.h"
#include "optim.h"
#include "vae.h"
#include "test.h"

enum { B = 3, L = 4, PAD = 2 };

/* ---- the KL ---- */

START_TEST(t_kl_values)
{
    /* row 1: mu = (1, 2), logvar = (0, ln 4): KL = -1/2 [(1 + 0 - 1 - 1) + (1 + ln 4 - 4 - 4)]
     *        = 4 - ln 2; dmu = mu, dlogvar = (e^lv - 1)/2 = (0, 3/2)
     * row 2: mu = 0, logvar = 0 (q = p): KL = 0, gradients 0. Mean over 2 rows, grads / 2. */
    const double mu[] = {1, 2, 0, 0}, lv[] = {0, log(4.0), 0, 0};
    gsl_matrix_const_view Mu = gsl_matrix_const_view_array(mu, 2, 2);
    gsl_matrix_const_view Lv = gsl_matrix_const_view_array(lv, 2, 2);
    gsl_matrix *dMu = gsl_matrix_alloc(2, 2), *dLv = gsl_matrix_alloc(2, 2);
    gsl_matrix_set_all(dMu, 99.0);   /* written, not added */
    gsl_matrix_set_all(dLv, 99.0);
    double kl = ae_loss_kl_gauss(dMu, dLv, &Mu.matrix, &Lv.matrix);
    ck_assert_double_eq_tol(kl, (4.0 - log(2.0)) / 2.0, TOL_EXACT);
    ck_assert_double_eq_tol(ae_loss_kl_gauss(NULL, NULL, &Mu.matrix, &Lv.matrix), kl, TOL_EXACT);
    const double want_mu[] = {0.5, 1.0, 0, 0}, want_lv[] = {0, 0.75, 0, 0};
    for (size_t k = 0; k < 4; k++) {
        ck_assert_double_eq_tol(dMu->data[k], want_mu[k], TOL_EXACT);
        ck_assert_double_eq_tol(dLv->data[k], want_lv[k], TOL_EXACT);
    }
    gsl_matrix_free(dMu);
    gsl_matrix_free(dLv);
}
END_TEST

START_TEST(t_kl_nonnegative)
{
    /* KL >= 0, = 0 only at q = p; logvar = +-30 stays finite */
    gsl_rng *r = ae_rng_alloc(11, AE_RNG_DATA);
    gsl_matrix *Mu = gsl_matrix_alloc(50, L), *Lv = gsl_matrix_alloc(50, L);
    fill_uniform(Mu, r, -3, 3);
    fill_uniform(Lv, r, -30, 30);
    double kl = ae_loss_kl_gauss(NULL, NULL, Mu, Lv);
    ck_assert_msg(kl > 0 && isfinite(kl), "KL of random Gaussians: expected > 0 and finite, got %g", kl);
    gsl_matrix_free(Mu);
    gsl_matrix_free(Lv);
    gsl_rng_free(r);
}
END_TEST

typedef struct {
    gsl_matrix_view Mu, Lv, Eps, C;   /* views with padding (tda > size2) */
    gsl_matrix *Z;
} kl_ctx;

static double kl_value(void *ctx)
{
    kl_ctx *k = ctx;
    return ae_loss_kl_gauss(NULL, NULL, &k->Mu.matrix, &k->Lv.matrix);
}

/* L = sum C * Z with Z = Mu + exp(Lv/2) Eps, so dL/dZ = C */
static double reparam_value(void *ctx)
{
    kl_ctx *k = ctx;
    ae_vae_reparam_forward(k->Z, &k->Mu.matrix, &k->Lv.matrix, &k->Eps.matrix);
    double s = 0.0;
    for (size_t b = 0; b < B; b++)
        for (size_t j = 0; j < L; j++)
            s += gsl_matrix_get(&k->C.matrix, b, j) * gsl_matrix_get(k->Z, b, j);
    return s;
}

/* theta: one B x (2L + PAD) matrix holding [Mu | Lv | pad]; the checks perturb it whole */
static kl_ctx kl_setup(gsl_matrix *theta, gsl_matrix *fixed, gsl_rng *r)
{
    fill_uniform(theta, r, -1.5, 1.5);
    fill_gaussian(fixed, r);
    return (kl_ctx){gsl_matrix_submatrix(theta, 0, 0, B, L), gsl_matrix_submatrix(theta, 0, L, B, L),
                    gsl_matrix_submatrix(fixed, 0, 0, B, L), gsl_matrix_submatrix(fixed, 0, L, B, L),
                    gsl_matrix_alloc(B, L)};
}

/* ---- the reparameterisation ---- */

START_TEST(t_reparam_values)
{
    /* mu = 1, logvar = ln 4 (sigma = 2), eps = 0.5: z = 2. Backward with dz = 3 adds
     * dmu += 3 and dlogvar += 3 * 0.5 * 2 / 2 = 1.5 to what was there (10). */
    const double mu[] = {1, -1}, lv[] = {log(4.0), 0}, eps[] = {0.5, -2}, dz[] = {3, 1};
    gsl_matrix_const_view Mu = gsl_matrix_const_view_array(mu, 1, 2), Lv = gsl_matrix_const_view_array(lv, 1, 2);
    gsl_matrix_const_view Eps = gsl_matrix_const_view_array(eps, 1, 2), dZ = gsl_matrix_const_view_array(dz, 1, 2);
    gsl_matrix *Z = gsl_matrix_alloc(1, 2), *dMu = gsl_matrix_alloc(1, 2), *dLv = gsl_matrix_alloc(1, 2);
    ae_vae_reparam_forward(Z, &Mu.matrix, &Lv.matrix, &Eps.matrix);
    ck_assert_double_eq_tol(gsl_matrix_get(Z, 0, 0), 2.0, TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(Z, 0, 1), -3.0, TOL_EXACT);
    gsl_matrix_set_all(dMu, 10.0);
    gsl_matrix_set_all(dLv, 10.0);
    ae_vae_reparam_backward(dMu, dLv, &dZ.matrix, &Lv.matrix, &Eps.matrix);
    ck_assert_double_eq_tol(gsl_matrix_get(dMu, 0, 0), 13.0, TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(dLv, 0, 0), 11.5, TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(dMu, 0, 1), 11.0, TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(dLv, 0, 1), 9.0, TOL_EXACT);   /* 1 * -2 * 1/2 */
    gsl_matrix_free(Z);
    gsl_matrix_free(dMu);
    gsl_matrix_free(dLv);
}
END_TEST

/* The KL (_i = 0) and the reparameterisation (_i = 1) against central differences in
 * mu and logvar, all views with padding (the padding's gradient is 0). */
START_TEST(t_part_gradient)
{
    gsl_rng *r = ae_rng_alloc(12 + _i, AE_RNG_DATA);
    gsl_matrix *theta = gsl_matrix_alloc(B, 2 * L + PAD), *fixed = gsl_matrix_alloc(B, 2 * L);
    gsl_matrix *grad = gsl_matrix_calloc(B, 2 * L + PAD);
    kl_ctx k = kl_setup(theta, fixed, r);
    gsl_matrix_view dMu = gsl_matrix_submatrix(grad, 0, 0, B, L), dLv = gsl_matrix_submatrix(grad, 0, L, B, L);
    if (_i == 0)
        ae_loss_kl_gauss(&dMu.matrix, &dLv.matrix, &k.Mu.matrix, &k.Lv.matrix);
    else
        ae_vae_reparam_backward(&dMu.matrix, &dLv.matrix, &k.C.matrix, &k.Lv.matrix, &k.Eps.matrix);
    ae_gc_result g = ae_gradcheck(_i == 0 ? kl_value : reparam_value, &k, theta->data, grad->data,
                                  B * (2 * L + PAD), AE_GC_STEP);
    ck_assert_gradcheck(g, TOL_OP, _i == 0 ? "KL w.r.t. mu and logvar" : "z = mu + exp(logvar/2) eps w.r.t. mu and logvar");
    gsl_matrix_free(theta);
    gsl_matrix_free(fixed);
    gsl_matrix_free(grad);
    gsl_matrix_free(k.Z);
    gsl_rng_free(r);
}
END_TEST

/* ---- the whole VAE ---- */

enum { VD = 12, VH = 5, VL = 3, VB = 4, VMAX = 6 };

typedef struct {
    ae_vae *v;
    gsl_matrix *X;
} vae_ctx;

static double vae_value(void *ctx)
{
    vae_ctx *c = ctx;
    return ae_vae_loss(c->v, c->X);
}

static vae_ctx vae_setup(gsl_rng *r, size_t rows)
{
    vae_ctx c = {ae_vae_alloc(VD, VH, VL, VMAX), gsl_matrix_alloc(rows, VD)};
    ae_vae_init(c.v, r);
    ae_net *nets[2] = {c.v->enc, c.v->dec};
    for (size_t k = 0; k < 2; k++)   /* biases away from 0 */
        for (size_t i = 0; i < nets[k]->nlayers; i++)
            for (size_t j = 0; j < nets[k]->layer[i]->b->size; j++)
                gsl_vector_set(nets[k]->layer[i]->b, j, ae_rng_uniform(r, -0.3, 0.3));
    fill_uniform(c.X, r, 0, 1);   /* pixels in [0, 1] */
    return c;
}

/* Every parameter block of the encoder and the decoder, eps held fixed. */
START_TEST(t_vae_gradient)
{
    gsl_rng *r = ae_rng_alloc(14, AE_RNG_DATA);
    vae_ctx c = vae_setup(r, VB);
    ae_optim *o = ae_optim_alloc(AE_ADAM, 1e-3);
    ae_vae_add_params(c.v, o);
    ae_vae_draw_eps(c.v, VB, r);
    ae_optim_zero_grad(o);
    double loss = ae_vae_loss_grad(c.v, c.X);
    ck_assert_double_eq_tol(loss, VB * (c.v->rec + c.v->kl), TOL_EXACT);   /* the batch's sum */
    ae_vae_backward(c.v);
    ck_assert_uint_eq(o->nblocks, 8);
    char name[64];
    for (size_t k = 0; k < o->nblocks; k++) {
        snprintf(name, sizeof name, "%s %s of layer %zu", k < 4 ? "encoder" : "decoder",
                 k % 2 ? "b" : "W", (k % 4) / 2 + 1);
        ae_gc_result g = ae_gradcheck(vae_value, &c, o->blocks[k].theta, o->blocks[k].grad,
                                      o->blocks[k].n, AE_GC_STEP);
        ck_assert_gradcheck(g, TOL_MODEL, name);
    }
    ae_optim_free(o);
    ae_vae_free(c.v);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

/* The trained loss rec + beta KL (_i = 0: beta = 4, 1: beta = 0, the reconstruction alone),
 * and "KL only" (_i = 2, beta = 3: the encoder's gradient is beta KL's, the decoder's rec's),
 * every block against central differences, eps held fixed. */
static double vae_kl_value(void *ctx)
{
    vae_ctx *c = ctx;
    ae_vae_loss(c->v, c->X);
    return (double)c->X->size1 * c->v->beta * c->v->kl;
}

START_TEST(t_vae_beta_gradient)
{
    const double betas[] = {4.0, 0.0, 3.0};
    gsl_rng *r = ae_rng_alloc(24 + _i, AE_RNG_DATA);
    vae_ctx c = vae_setup(r, VB);
    c.v->beta = betas[_i];
    c.v->kl_only = _i == 2;
    ae_optim *o = ae_optim_alloc(AE_ADAM, 1e-3);
    ae_vae_add_params(c.v, o);
    ae_vae_draw_eps(c.v, VB, r);
    ae_optim_zero_grad(o);
    double loss = ae_vae_loss_grad(c.v, c.X);
    ck_assert_double_eq_tol(loss, VB * (c.v->rec + betas[_i] * c.v->kl), TOL_EXACT);
    ae_vae_backward(c.v);
    char name[80];
    for (size_t k = 0; k < o->nblocks; k++) {
        int encoder = k < 4;
        snprintf(name, sizeof name, "beta %g%s: %s %s of layer %zu", betas[_i], c.v->kl_only ? " KL only" : "",
                 encoder ? "encoder" : "decoder", k % 2 ? "b" : "W", (k % 4) / 2 + 1);
        ae_gc_result g = ae_gradcheck(encoder && c.v->kl_only ? vae_kl_value : vae_value, &c, o->blocks[k].theta,
                                      o->blocks[k].grad, o->blocks[k].n, AE_GC_STEP);
        ck_assert_gradcheck(g, TOL_MODEL, name);
    }
    ae_optim_free(o);
    ae_vae_free(c.v);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

/* The conditional VAE (C = 3 classes): every block against central differences, eps and
 * the labels held fixed; the encoder's first layer reads [x | y], the decoder's [z | y]. */
enum { VC = 3 };

START_TEST(t_cvae_gradient)
{
    gsl_rng *r = ae_rng_alloc(34, AE_RNG_DATA);
    const uint8_t labels[VB] = {2, 0, 1, 2};
    vae_ctx c = {ae_cvae_alloc(VD, VH, VL, VC, VMAX), gsl_matrix_alloc(VB, VD)};
    ae_vae_init(c.v, r);
    fill_uniform(c.X, r, 0, 1);
    ck_assert_uint_eq(c.v->enc->sizes[0], VD + VC);
    ck_assert_uint_eq(c.v->dec->sizes[0], VL + VC);
    ae_vae_condition(c.v, labels);
    ae_optim *o = ae_optim_alloc(AE_ADAM, 1e-3);
    ae_vae_add_params(c.v, o);
    ae_vae_draw_eps(c.v, VB, r);
    ae_optim_zero_grad(o);
    double loss = ae_vae_loss_grad(c.v, c.X);
    ck_assert_double_eq_tol(loss, VB * (c.v->rec + c.v->kl), TOL_EXACT);
    for (size_t b = 0; b < VB; b++)                  /* y = onehot(label) after z */
        for (size_t k = 0; k < VC; k++)
            ck_assert_double_eq(gsl_matrix_get(&c.v->zy.matrix, b, VL + k), labels[b] == k);
    ae_vae_backward(c.v);
    char name[64];
    for (size_t k = 0; k < o->nblocks; k++) {
        snprintf(name, sizeof name, "conditional: %s %s of layer %zu", k < 4 ? "encoder" : "decoder",
                 k % 2 ? "b" : "W", (k % 4) / 2 + 1);
        ae_gc_result g = ae_gradcheck(vae_value, &c, o->blocks[k].theta, o->blocks[k].grad,
                                      o->blocks[k].n, AE_GC_STEP);
        ck_assert_gradcheck(g, TOL_MODEL, name);
    }
    /* the label changes the decoding of the same z */
    gsl_matrix *Z = gsl_matrix_alloc(2, VL), *P = gsl_matrix_alloc(2, VD);
    fill_uniform(Z, r, -1, 1);
    for (size_t j = 0; j < VL; j++)
        gsl_matrix_set(Z, 1, j, gsl_matrix_get(Z, 0, j));
    const uint8_t two[2] = {0, 1};
    ae_vae_condition(c.v, two);
    ae_vae_decode(c.v, P, Z);
    ck_assert(fabs(gsl_matrix_get(P, 0, 0) - gsl_matrix_get(P, 1, 0)) > 1e-6);
    gsl_matrix_free(Z), gsl_matrix_free(P);
    ae_optim_free(o);
    ae_vae_free(c.v);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

/* The Gaussian decoder (var = 0.3) with beta = 1.5: every block against central differences,
 * eps held fixed; with eps = 0 its rec is ||x - decode(mu)||^2 / (2 var). */
START_TEST(t_vae_gauss_gradient)
{
    gsl_rng *r = ae_rng_alloc(35, AE_RNG_DATA);
    vae_ctx c = vae_setup(r, VB);
    ae_vae_gaussian(c.v, 0.3);
    c.v->beta = 1.5;
    ae_optim *o = ae_optim_alloc(AE_ADAM, 1e-3);
    ae_vae_add_params(c.v, o);
    ae_vae_draw_eps(c.v, VB, NULL);
    ae_vae_loss(c.v, c.X);
    gsl_matrix *Mu = gsl_matrix_alloc(VB, VL), *P = gsl_matrix_alloc(VB, VD);
    gsl_matrix_memcpy(Mu, &c.v->mu);
    ae_vae_decode(c.v, P, Mu);
    double sse = 0.0;
    for (size_t i = 0; i < VB * VD; i++)
        sse += (P->data[i] - c.X->data[i]) * (P->data[i] - c.X->data[i]);
    ck_assert_double_eq_tol(c.v->rec, sse / VB / (2 * 0.3), 1e-12);
    ae_vae_draw_eps(c.v, VB, r);
    ae_optim_zero_grad(o);
    double loss = ae_vae_loss_grad(c.v, c.X);
    ck_assert_double_eq_tol(loss, VB * (c.v->rec + 1.5 * c.v->kl), TOL_EXACT);
    ae_vae_backward(c.v);
    char name[64];
    for (size_t k = 0; k < o->nblocks; k++) {
        snprintf(name, sizeof name, "Gaussian decoder: %s %s of layer %zu", k < 4 ? "encoder" : "decoder",
                 k % 2 ? "b" : "W", (k % 4) / 2 + 1);
        ae_gc_result g = ae_gradcheck(vae_value, &c, o->blocks[k].theta, o->blocks[k].grad,
                                      o->blocks[k].n, AE_GC_STEP);
        ck_assert_gradcheck(g, TOL_MODEL, name);
    }
    gsl_matrix_free(Mu), gsl_matrix_free(P);
    ae_optim_free(o);
    ae_vae_free(c.v);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

/* The Gaussian decoder's var = 1 with beta = 1 and "MSE + 2 KL" (var = 1/2, beta = 2) are one
 * objective times 2: every gradient exactly twice (the factor is a power of 2, so exactly). */
START_TEST(t_vae_gauss_is_beta)
{
    ae_optim *o[2];
    ae_vae *v[2];
    gsl_matrix *X = gsl_matrix_alloc(VB, VD);
    for (size_t m = 0; m < 2; m++) {
        gsl_rng *r = ae_rng_alloc(36, AE_RNG_DATA);  /* the same weights, data and eps */
        vae_ctx c = vae_setup(r, VB);
        v[m] = c.v;
        gsl_matrix_memcpy(X, c.X);
        gsl_matrix_free(c.X);
        ae_vae_gaussian(v[m], m ? 0.5 : 1.0);
        v[m]->beta = m ? 2.0 : 1.0;
        o[m] = ae_optim_alloc(AE_ADAM, 1e-3);
        ae_vae_add_params(v[m], o[m]);
        ae_vae_draw_eps(v[m], VB, r);
        ae_optim_zero_grad(o[m]);
        ae_vae_loss_grad(v[m], X);
        ae_vae_backward(v[m]);
        gsl_rng_free(r);
    }
    for (size_t k = 0; k < o[0]->nblocks; k++)
        for (size_t i = 0; i < o[0]->blocks[k].n; i++)
            ck_assert_double_eq(o[1]->blocks[k].grad[i], 2.0 * o[0]->blocks[k].grad[i]);
    for (size_t m = 0; m < 2; m++) {
        ae_optim_free(o[m]);
        ae_vae_free(v[m]);
    }
    gsl_matrix_free(X);
}
END_TEST

/* The split of d[z | y]: the first K columns, written; the label's columns dropped. */
START_TEST(t_cond_split)
{
    const double dzy[] = {1, 2, 30, 40, 3, 4, 50, 60};
    gsl_matrix_const_view dZY = gsl_matrix_const_view_array(dzy, 2, 4);
    gsl_matrix *dZ = gsl_matrix_alloc(2, 2);
    gsl_matrix_set_all(dZ, 9.0);
    ae_vae_cond_split(dZ, &dZY.matrix);
    const double want[] = {1, 2, 3, 4};
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq(dZ->data[k], want[k]);
    gsl_matrix_free(dZ);
}
END_TEST

/* With eps = 0 the loss is the BCE of decode(mu) plus the KL of the encoder's output. */
/* ae_vae_decode takes any number of rows, max_batch (VMAX) at a time: each row as alone */
START_TEST(t_vae_decode_many)
{
    gsl_rng *r = ae_rng_alloc(16, AE_RNG_DATA);
    vae_ctx c = vae_setup(r, VB);
    enum { N = 2 * VMAX + 1 };
    gsl_matrix *Z = gsl_matrix_alloc(N, VL), *P = gsl_matrix_alloc(N, VD), *p1 = gsl_matrix_alloc(1, VD);
    fill_uniform(Z, r, -2, 2);
    ae_vae_decode(c.v, P, Z);
    for (size_t i = 0; i < N; i++) {
        gsl_matrix_const_view z = gsl_matrix_const_submatrix(Z, i, 0, 1, VL);
        ae_vae_decode(c.v, p1, &z.matrix);
        for (size_t j = 0; j < VD; j++)
            ck_assert_double_eq_tol(gsl_matrix_get(P, i, j), gsl_matrix_get(p1, 0, j), 1e-12);
    }
    gsl_matrix_free(Z);
    gsl_matrix_free(P);
    gsl_matrix_free(p1);
    ae_vae_free(c.v);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

/* ae_vae_zero_grad zeroes every dW and db of both nets that a backward filled */
START_TEST(t_vae_zero_grad)
{
    gsl_rng *r = ae_rng_alloc(15, AE_RNG_DATA);
    vae_ctx c = vae_setup(r, VB);
    ae_vae_draw_eps(c.v, VB, r);
    ae_vae_zero_grad(c.v);
    ae_vae_loss_grad(c.v, c.X);
    ae_vae_backward(c.v);
    ae_net *nets[2] = {c.v->enc, c.v->dec};
    ck_assert(!gsl_matrix_isnull(nets[0]->layer[0]->dW) && !gsl_vector_isnull(nets[1]->layer[1]->db));
    ae_vae_zero_grad(c.v);
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < nets[k]->nlayers; i++)
            ck_assert(gsl_matrix_isnull(nets[k]->layer[i]->dW) && gsl_vector_isnull(nets[k]->layer[i]->db));
    ae_vae_free(c.v);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_vae_terms)
{
    gsl_rng *r = ae_rng_alloc(15, AE_RNG_DATA);
    vae_ctx c = vae_setup(r, VB);
    ae_vae_draw_eps(c.v, VB, NULL);
    double loss = ae_vae_loss(c.v, c.X);
    gsl_matrix *Mu = gsl_matrix_alloc(VB, VL), *Lv = gsl_matrix_alloc(VB, VL);
    gsl_matrix *P = gsl_matrix_alloc(VB, VD);
    gsl_matrix_memcpy(Mu, &c.v->mu);
    gsl_matrix_memcpy(Lv, &c.v->logvar);
    double kl = ae_loss_kl_gauss(NULL, NULL, Mu, Lv);
    ae_vae_decode(c.v, P, Mu);
    for (size_t i = 0; i < VB * VD; i++)
        ck_assert_msg(P->data[i] > 0 && P->data[i] < 1, "decode: probability %g not in (0, 1)", P->data[i]);
    double rec = ae_loss_bce(NULL, P, c.X);
    ck_assert_double_eq_tol(c.v->kl, kl, TOL_EXACT);
    ck_assert_double_eq_tol(c.v->rec, rec, 1e-9);
    ck_assert_double_eq_tol(loss, VB * (rec + kl), 1e-9);
    gsl_matrix_free(Mu);
    gsl_matrix_free(Lv);
    gsl_matrix_free(P);
    ae_vae_free(c.v);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
}
END_TEST

/* ae_vae_evaluate over a set of 10 (two slices of 6 and 4 rows) equals the mean of
 * forwards with the same eps draws. */
START_TEST(t_vae_evaluate)
{
    enum { N = 10 };
    gsl_rng *r = ae_rng_alloc(16, AE_RNG_DATA);
    vae_ctx c = vae_setup(r, VMAX);
    uint8_t pixels[N * VD], labels[N] = {0};
    for (size_t i = 0; i < N * VD; i++)
        pixels[i] = (uint8_t)gsl_rng_uniform_int(r, 256);
    ae_dataset ds = {.name = "test", .n = N, .dim = VD, .rows = VD, .cols = 1, .classes = 1,
                     .x = pixels, .y = labels};
    double rec, kl;
    gsl_rng *e1 = ae_rng_alloc(5, AE_RNG_NOISE), *e2 = ae_rng_alloc(5, AE_RNG_NOISE);
    ae_vae_evaluate(c.v, &ds, e1, &rec, &kl);
    double want_rec = 0.0, want_kl = 0.0;
    for (size_t first = 0; first < N; first += VMAX) {
        size_t rows = N - first < VMAX ? N - first : VMAX;
        gsl_matrix_view Xb = gsl_matrix_submatrix(c.X, 0, 0, rows, VD);
        ae_batch_range(&Xb.matrix, NULL, &ds, first, rows);
        ae_vae_draw_eps(c.v, rows, e2);
        ae_vae_loss(c.v, &Xb.matrix);
        want_rec += c.v->rec * (double)rows / N;
        want_kl += c.v->kl * (double)rows / N;
    }
    ck_assert_double_eq_tol(rec, want_rec, 1e-9);
    ck_assert_double_eq_tol(kl, want_kl, 1e-9);
    ae_vae_free(c.v);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
    gsl_rng_free(e1);
    gsl_rng_free(e2);
}
END_TEST

/* 600 Adam steps on 6 fixed vectors lower the -ELBO by at least a fifth (from about 12 log 2 at the start). */
START_TEST(t_vae_learns)
{
    gsl_rng *r = ae_rng_alloc(17, AE_RNG_DATA);
    vae_ctx c = vae_setup(r, VMAX);
    for (size_t i = 0; i < VMAX * VD; i++)   /* binary-ish targets: the BCE can fall a lot */
        c.X->data[i] = c.X->data[i] > 0.5 ? 0.95 : 0.05;
    ae_optim *o = ae_optim_alloc(AE_ADAM, 1e-2);
    ae_vae_add_params(c.v, o);
    gsl_rng *noise = ae_rng_alloc(17, AE_RNG_NOISE);
    double first = 0.0, last = 0.0;
    for (int step = 0; step < 600; step++) {
        ae_vae_draw_eps(c.v, VMAX, noise);
        ae_optim_zero_grad(o);
        last = ae_vae_loss_grad(c.v, c.X);
        if (step == 0)
            first = last;
        ae_vae_backward(c.v);
        ae_optim_step(o);
    }
    ck_assert_msg(last < first * 0.8, "-ELBO after 600 steps %.4f, first %.4f: want < 4/5 of it",
                  last, first);
    ae_optim_free(o);
    ae_vae_free(c.v);
    gsl_matrix_free(c.X);
    gsl_rng_free(r);
    gsl_rng_free(noise);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("vae");
    TCase *tc = tcase_create("kl");
    tcase_add_test(tc, t_kl_values);
    tcase_add_test(tc, t_kl_nonnegative);
    suite_add_tcase(s, tc);
    tc = tcase_create("reparam");
    tcase_add_test(tc, t_reparam_values);
    tcase_add_loop_test(tc, t_part_gradient, 0, 2);
    suite_add_tcase(s, tc);
    tc = tcase_create("model");
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, t_vae_gradient);
    tcase_add_loop_test(tc, t_vae_beta_gradient, 0, 3);
    tcase_add_test(tc, t_cvae_gradient);
    tcase_add_test(tc, t_cond_split);
    tcase_add_test(tc, t_vae_gauss_gradient);
    tcase_add_test(tc, t_vae_gauss_is_beta);
    tcase_add_test(tc, t_vae_terms);
    tcase_add_test(tc, t_vae_zero_grad);
    tcase_add_test(tc, t_vae_decode_many);
    tcase_add_test(tc, t_vae_evaluate);
    tcase_add_test(tc, t_vae_learns);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
