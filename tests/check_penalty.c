/* check_penalty — the penalties on the code (lib/loss, lessons 05 and 06): values
 * by hand, that gradients are added (not written), and finite-difference checks of
 * L1 activity and KL sparsity w.r.t. H and of the contractive penalty w.r.t. the
 * encoder's W and b, through h and directly. */
#include <math.h>

#include <gsl/gsl_matrix.h>

#include "act.h"
#include "dense.h"
#include "loss.h"
#include "rng.h"
#include "test.h"

enum { B = 4, K = 3, D = 5 };

/* ---- values by hand ---- */

START_TEST(t_l1_value)
{
    const double h[] = {0.5, -2.0, 0.0, 1.5};   /* B = 2 rows of 2: sum |h| = 4 */
    gsl_matrix_const_view H = gsl_matrix_const_view_array(h, 2, 2);
    gsl_matrix *dH = gsl_matrix_alloc(2, 2);
    gsl_matrix_set_all(dH, 1.0);
    double P = ae_penalty_l1(dH, &H.matrix, 0.3);
    ck_assert_double_eq_tol(P, 0.3 * 4.0 / 2.0, TOL_EXACT);
    const double want[] = {1.15, 0.85, 1.0, 1.15};   /* 1 + 0.3 sign(h) / 2 */
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq_tol(dH->data[k], want[k], TOL_EXACT);
    ck_assert_double_eq_tol(ae_penalty_l1(NULL, &H.matrix, 0.3), P, TOL_EXACT);
    gsl_matrix_free(dH);
}
END_TEST

/* KL sparsity (5.1) and the contractive penalty (6.2) are exercises: the student tree's
 * libae has neither. */
#ifdef SOLUTION
START_TEST(t_kl_value)
{
    /* one unit, h = 0.2 and 0.4: rho_hat = 0.3; rho = 0.1, beta = 2 */
    const double h[] = {0.2, 0.4};
    gsl_matrix_const_view H = gsl_matrix_const_view_array(h, 2, 1);
    gsl_vector *rho_hat = gsl_vector_alloc(1);
    gsl_matrix *dH = gsl_matrix_calloc(2, 1);
    double P = ae_penalty_kl_sparsity(dH, rho_hat, &H.matrix, 0.1, 2.0);
    ck_assert_double_eq_tol(gsl_vector_get(rho_hat, 0), 0.3, TOL_EXACT);
    ck_assert_double_eq_tol(P, 2.0 * (0.1 * log(0.1 / 0.3) + 0.9 * log(0.9 / 0.7)), TOL_EXACT);
    double g = 2.0 * (-0.1 / 0.3 + 0.9 / 0.7) / 2.0;   /* beta (-rho/rho_hat + (1-rho)/(1-rho_hat)) / B */
    ck_assert_double_eq_tol(gsl_matrix_get(dH, 0, 0), g, TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(dH, 1, 0), g, TOL_EXACT);
    /* at rho_hat = rho the penalty and its gradient vanish */
    const double h2[] = {0.05, 0.15};
    gsl_matrix_const_view H2 = gsl_matrix_const_view_array(h2, 2, 1);
    gsl_matrix_set_zero(dH);
    ck_assert_double_eq_tol(ae_penalty_kl_sparsity(dH, rho_hat, &H2.matrix, 0.1, 3.0), 0.0, TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(dH, 0, 0), 0.0, TOL_EXACT);
    /* a dead unit (all h = 0) is clamped: finite value and gradient */
    const double h3[] = {0.0, 0.0};
    gsl_matrix_const_view H3 = gsl_matrix_const_view_array(h3, 2, 1);
    ck_assert(isfinite(ae_penalty_kl_sparsity(dH, rho_hat, &H3.matrix, 0.1, 3.0)));
    ck_assert(isfinite(gsl_matrix_get(dH, 0, 0)));
    gsl_vector_free(rho_hat);
    gsl_matrix_free(dH);
}
END_TEST

/* sigmoid(X W^T + b) */
static void encode(gsl_matrix *H, const gsl_matrix *X, const ae_dense *L)
{
    ae_dense_forward(H, X, L);
    ae_act_forward(AE_SIGMOID, H, H);
}

START_TEST(t_contractive_is_jacobian_norm)
{
    /* the closed form equals ||J||_F^2 of the encoder, J by central differences in x */
    gsl_rng *r = ae_rng_alloc(41, AE_RNG_DATA);
    ae_dense *L = ae_dense_alloc(D, K);
    fill_gaussian(L->W, r);
    for (size_t j = 0; j < K; j++)
        gsl_vector_set(L->b, j, ae_rng_uniform(r, -1, 1));
    gsl_matrix *X = gsl_matrix_alloc(B, D), *H = gsl_matrix_alloc(B, K);
    gsl_matrix *x = gsl_matrix_alloc(1, D), *hp = gsl_matrix_alloc(1, K), *hm = gsl_matrix_alloc(1, K);
    fill_uniform(X, r, -1, 1);
    encode(H, X, L);
    double lambda = 0.7, P = ae_penalty_contractive(NULL, NULL, H, L->W, lambda), frob = 0.0;
    const double eps = 1e-6;
    for (size_t b = 0; b < B; b++)
        for (size_t i = 0; i < D; i++) {
            gsl_vector_const_view row = gsl_matrix_const_row(X, b);
            gsl_matrix_set_row(x, 0, &row.vector);
            *gsl_matrix_ptr(x, 0, i) += eps;
            encode(hp, x, L);
            *gsl_matrix_ptr(x, 0, i) -= 2 * eps;
            encode(hm, x, L);
            for (size_t j = 0; j < K; j++) {
                double Jji = (gsl_matrix_get(hp, 0, j) - gsl_matrix_get(hm, 0, j)) / (2 * eps);
                frob += Jji * Jji;
            }
        }
    ck_assert_double_eq_tol(P, lambda * frob / B, 1e-8 * P);
    gsl_matrix *mats[] = {X, H, x, hp, hm};
    for (size_t k = 0; k < 5; k++)
        gsl_matrix_free(mats[k]);
    ae_dense_free(L);
    gsl_rng_free(r);
}
END_TEST
#endif

/* ---- gradient checks ---- */

typedef enum { P_L1, P_KL, P_CAE } penalty;

typedef struct {
    penalty kind;
    gsl_matrix *H, *X, *dH;   /* H: the code (L1, KL) or scratch (CAE) */
    gsl_vector *rho_hat;
    ae_dense *L;              /* CAE: the encoder */
} pen_ctx;

static const double LAMBDA = 0.37;
#ifdef SOLUTION
static const double RHO = 0.2, BETA = 3.0;
#endif

static double pen_value(void *p)
{
    pen_ctx *c = p;
    switch (c->kind) {
    case P_L1: return ae_penalty_l1(NULL, c->H, LAMBDA);
#ifdef SOLUTION
    case P_KL: return ae_penalty_kl_sparsity(NULL, c->rho_hat, c->H, RHO, BETA);
    case P_CAE:
        encode(c->H, c->X, c->L);
        return ae_penalty_contractive(NULL, NULL, c->H, c->L->W, LAMBDA);
#endif
    default: break;
    }
    return NAN;
}

static pen_ctx ctx_alloc(penalty kind, gsl_rng *r)
{
    pen_ctx c = {kind, gsl_matrix_alloc(B, K), gsl_matrix_alloc(B, D), gsl_matrix_alloc(B, K),
                 gsl_vector_alloc(K), ae_dense_alloc(D, K)};
    if (kind == P_L1) {   /* |h| in [0.1, 1] with random signs: away from the kink at 0 */
        for (size_t k = 0; k < B * K; k++)
            c.H->data[k] = ae_rng_uniform(r, 0.1, 1.0) * (gsl_rng_uniform(r) < 0.5 ? -1 : 1);
    } else {
        fill_uniform(c.H, r, 0.05, 0.95);
    }
    fill_uniform(c.X, r, -1, 1);
    fill_gaussian(c.L->W, r);
    for (size_t j = 0; j < K; j++)
        gsl_vector_set(c.L->b, j, ae_rng_uniform(r, -1, 1));
    return c;
}

static void ctx_free(pen_ctx *c)
{
    gsl_matrix_free(c->H);
    gsl_matrix_free(c->X);
    gsl_matrix_free(c->dH);
    gsl_vector_free(c->rho_hat);
    ae_dense_free(c->L);
}

/* L1 and KL w.r.t. H; dH starts at 1 to check the gradient is added. */
static void check_code_grad(penalty kind, unsigned long seed, const char *name)
{
    gsl_rng *r = ae_rng_alloc(seed, AE_RNG_DATA);
    pen_ctx c = ctx_alloc(kind, r);
    gsl_matrix_set_all(c.dH, 1.0);
    if (kind == P_L1)
        ae_penalty_l1(c.dH, c.H, LAMBDA);
#ifdef SOLUTION
    else
        ae_penalty_kl_sparsity(c.dH, c.rho_hat, c.H, RHO, BETA);
#endif
    gsl_matrix_add_constant(c.dH, -1.0);
    ae_gc_result res = ae_gradcheck(pen_value, &c, c.H->data, c.dH->data, B * K, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, name);
    ctx_free(&c);
    gsl_rng_free(r);
}

START_TEST(t_l1_grad)
{
    check_code_grad(P_L1, 51, "L1 activity w.r.t. H");
}
END_TEST

#ifdef SOLUTION
START_TEST(t_kl_grad)
{
    check_code_grad(P_KL, 52, "KL sparsity w.r.t. H");
}
END_TEST

START_TEST(t_contractive_grad)
{
    /* the whole path: P(sigmoid(X W^T + b), W). The penalty adds dH and the direct
     * dW; the encoder's backward carries dH into dW and db. */
    gsl_rng *r = ae_rng_alloc(53, AE_RNG_DATA);
    pen_ctx c = ctx_alloc(P_CAE, r);
    ae_dense_zero_grad(c.L);
    encode(c.H, c.X, c.L);
    gsl_matrix_set_zero(c.dH);
    ae_penalty_contractive(c.dH, c.L->dW, c.H, c.L->W, LAMBDA);
    ae_act_backward(AE_SIGMOID, c.dH, c.H, NULL, c.dH);   /* dA = dH h (1 - h) */
    ae_dense_backward(NULL, c.L, c.dH, c.X);              /* dW += dA^T X, db += 1^T dA */
    ae_gc_result rw = ae_gradcheck(pen_value, &c, c.L->W->data, c.L->dW->data, K * D, AE_GC_STEP);
    ck_assert_gradcheck(rw, TOL_OP, "contractive w.r.t. W");
    ae_gc_result rb = ae_gradcheck(pen_value, &c, c.L->b->data, c.L->db->data, K, AE_GC_STEP);
    ck_assert_gradcheck(rb, TOL_OP, "contractive w.r.t. b");
    ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST

/* P with H held fixed: W enters only through ||W_j||^2. */
static double fixed_h_value(void *p)
{
    pen_ctx *c = p;
    return ae_penalty_contractive(NULL, NULL, c->H, c->L->W, LAMBDA);
}

START_TEST(t_contractive_direct_part)
{
    /* the direct part of dW alone, added to what dW held */
    gsl_rng *r = ae_rng_alloc(54, AE_RNG_DATA);
    pen_ctx c = ctx_alloc(P_CAE, r);
    fill_uniform(c.H, r, 0.05, 0.95);
    gsl_matrix_set_all(c.L->dW, 2.0);
    ae_penalty_contractive(NULL, c.L->dW, c.H, c.L->W, LAMBDA);
    gsl_matrix_add_constant(c.L->dW, -2.0);
    ae_gc_result res = ae_gradcheck(fixed_h_value, &c, c.L->W->data, c.L->dW->data, K * D, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "contractive w.r.t. W, H fixed");
    ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST
#endif

static Suite *make_suite(void)
{
    Suite *s = suite_create("penalty");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, t_l1_value);
#ifdef SOLUTION
    tcase_add_test(tc, t_kl_value);
    tcase_add_test(tc, t_contractive_is_jacobian_norm);
#endif
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_test(tc, t_l1_grad);
#ifdef SOLUTION
    tcase_add_test(tc, t_kl_grad);
    tcase_add_test(tc, t_contractive_grad);
    tcase_add_test(tc, t_contractive_direct_part);
#endif
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
