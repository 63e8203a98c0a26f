/* check_loss — loss values by hand, stability, agreement, and gradients. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "act.h"
#include "loss.h"
#include "rng.h"
#include "test.h"

enum { B = 3, D = 5, K = 4, PAD = 2 };

/* ---- values by hand ---- */

START_TEST(t_mse_value)
{
    const double xh[] = {1, 2, 3, 4}, x[] = {0, 2, 1, 1};
    gsl_matrix_const_view Xhat = gsl_matrix_const_view_array(xh, 2, 2);
    gsl_matrix_const_view X = gsl_matrix_const_view_array(x, 2, 2);
    gsl_matrix *dXhat = gsl_matrix_alloc(2, 2);
    /* rows: 1 + 0 = 1 and 4 + 9 = 13; mean over the batch = 7 */
    double v = ae_loss_mse(dXhat, &Xhat.matrix, &X.matrix);
    ck_assert_double_eq_tol(v, 7.0, TOL_EXACT);
    ck_assert_double_eq_tol(ae_loss_mse(NULL, &Xhat.matrix, &X.matrix), 7.0, TOL_EXACT);
    /* dXhat = 2 (Xhat - X) / 2 */
    const double want[] = {1, 0, 2, 3};
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq_tol(dXhat->data[k], want[k], TOL_EXACT);
    gsl_matrix_free(dXhat);
}
END_TEST

START_TEST(t_bce_values)
{
    /* logits (0, ln 3) are probabilities (1/2, 3/4); one row, targets (1, 1):
     * l = -log(1/2) - log(3/4) = log(8/3) */
    const double a[] = {0, log(3.0)}, p[] = {0.5, 0.75}, x[] = {1, 1};
    gsl_matrix_const_view A = gsl_matrix_const_view_array(a, 1, 2);
    gsl_matrix_const_view P = gsl_matrix_const_view_array(p, 1, 2);
    gsl_matrix_const_view X = gsl_matrix_const_view_array(x, 1, 2);
    ck_assert_double_eq_tol(ae_loss_bce_logits(NULL, &A.matrix, &X.matrix), log(8.0 / 3.0),
                            TOL_EXACT);
    ck_assert_double_eq_tol(ae_loss_bce(NULL, &P.matrix, &X.matrix), log(8.0 / 3.0), TOL_EXACT);
    /* targets (1, 0): -log(1/2) - log(1/4) = log 8; two rows average */
    const double p2[] = {0.5, 0.75, 0.5, 0.75}, x2[] = {1, 0, 1, 1};
    gsl_matrix_const_view P2 = gsl_matrix_const_view_array(p2, 2, 2);
    gsl_matrix_const_view X2 = gsl_matrix_const_view_array(x2, 2, 2);
    ck_assert_double_eq_tol(ae_loss_bce(NULL, &P2.matrix, &X2.matrix),
                            (log(8.0) + log(8.0 / 3.0)) / 2, TOL_EXACT);
    /* a soft target x = 1/2 at a = 0: log 2 */
    const double a3[] = {0}, x3[] = {0.5};
    gsl_matrix_const_view A3 = gsl_matrix_const_view_array(a3, 1, 1);
    gsl_matrix_const_view X3 = gsl_matrix_const_view_array(x3, 1, 1);
    ck_assert_double_eq_tol(ae_loss_bce_logits(NULL, &A3.matrix, &X3.matrix), log(2.0),
                            TOL_EXACT);
}
END_TEST

START_TEST(t_bce_logits_extreme)
{
    /* a = +-800: exp overflows in a naive formula; here l = 800 or 0 exactly */
    const double a[] = {800, -800, 800, -800}, x[] = {0, 1, 1, 0};
    gsl_matrix_const_view A = gsl_matrix_const_view_array(a, 4, 1);
    gsl_matrix_const_view X = gsl_matrix_const_view_array(x, 4, 1);
    gsl_matrix *dA = gsl_matrix_alloc(4, 1);
    double v = ae_loss_bce_logits(dA, &A.matrix, &X.matrix);
    ck_assert_double_eq_tol(v, (800.0 + 800.0 + 0 + 0) / 4, TOL_EXACT);
    const double want[] = {0.25, -0.25, 0, 0}; /* (sigma(a) - x) / B */
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq_tol(dA->data[k], want[k], TOL_EXACT);
    gsl_matrix_free(dA);
}
END_TEST

START_TEST(t_bce_clamped)
{
    /* p = 0 with x = 1 costs -log(eps), finite; p = 1 with x = 1 costs ~0 */
    const double p[] = {0, 1, 1, 0}, x[] = {1, 1, 0, 0};
    gsl_matrix_const_view P = gsl_matrix_const_view_array(p, 1, 4);
    gsl_matrix_const_view X = gsl_matrix_const_view_array(x, 1, 4);
    gsl_matrix *dP = gsl_matrix_alloc(1, 4);
    double v = ae_loss_bce(dP, &P.matrix, &X.matrix);
    /* 1 - (1 - eps) is eps only to ~1e-4 relative in double, hence the tolerance */
    ck_assert_double_eq_tol(v, -2 * log(AE_BCE_EPS), 1e-3);
    for (size_t k = 0; k < 4; k++)
        ck_assert(isfinite(dP->data[k]));
    gsl_matrix_free(dP);
}
END_TEST

/* Where both apply, BCE from logits equals BCE from p = sigmoid(a), and the
 * gradients are related by the chain rule: dA = dP p (1 - p). */
START_TEST(t_bce_logits_equals_probs)
{
    gsl_rng *r = ae_rng_alloc(21, AE_RNG_DATA);
    gsl_matrix *A = gsl_matrix_alloc(B, D), *P = gsl_matrix_alloc(B, D);
    gsl_matrix *X = gsl_matrix_alloc(B, D), *dA = gsl_matrix_alloc(B, D);
    gsl_matrix *dP = gsl_matrix_alloc(B, D);
    fill_uniform(A, r, -5, 5);
    fill_uniform(X, r, 0, 1);
    ae_act_forward(AE_SIGMOID, P, A);
    double va = ae_loss_bce_logits(dA, A, X), vp = ae_loss_bce(dP, P, X);
    ck_assert_double_eq_tol(va, vp, 1e-12 * fabs(va));
    for (size_t k = 0; k < B * D; k++) {
        double p = P->data[k];
        ck_assert_double_eq_tol(dA->data[k], dP->data[k] * p * (1 - p), 1e-12);
    }
    gsl_matrix *mats[] = {A, P, X, dA, dP};
    for (size_t k = 0; k < 5; k++)
        gsl_matrix_free(mats[k]);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_softmax_values)
{
    const double a[] = {0, 0, 0, 1, 2, 3, 1000, 0, -1000};
    const uint8_t y[] = {1, 2, 1};
    gsl_matrix_const_view A = gsl_matrix_const_view_array(a, 3, 3);
    gsl_matrix *P = gsl_matrix_alloc(3, 3), *dA = gsl_matrix_alloc(3, 3);
    double v = ae_loss_softmax_ce(dA, P, &A.matrix, y);
    /* rows: log 3;  log(e^1 + e^2 + e^3) - 3 = log(1 + e^-1 + e^-2);  1000 - 0 */
    double want = (log(3.0) + log(1 + exp(-1.0) + exp(-2.0)) + 1000.0) / 3;
    ck_assert_double_eq_tol(v, want, TOL_EXACT * want);
    for (size_t n = 0; n < 3; n++) {
        double s = 0;
        for (size_t k = 0; k < 3; k++) {
            double p = gsl_matrix_get(P, n, k);
            ck_assert(isfinite(p) && p >= 0);
            s += p;
            /* dA = (P - onehot(y)) / B */
            ck_assert_double_eq_tol(gsl_matrix_get(dA, n, k), (p - (k == y[n])) / 3, TOL_EXACT);
        }
        ck_assert_double_eq_tol(s, 1.0, TOL_EXACT);
    }
    ck_assert_double_eq_tol(gsl_matrix_get(P, 0, 0), 1.0 / 3, TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(P, 1, 2), 1 / (1 + exp(-1.0) + exp(-2.0)), TOL_EXACT);
    ck_assert_double_eq_tol(gsl_matrix_get(P, 2, 0), 1.0, TOL_EXACT);
    /* without a gradient, the same value */
    ck_assert_double_eq_tol(ae_loss_softmax_ce(NULL, P, &A.matrix, y), v, TOL_EXACT * v);
    gsl_matrix_free(P);
    gsl_matrix_free(dA);
}
END_TEST

/* dA may alias P. */
START_TEST(t_softmax_alias)
{
    gsl_rng *r = ae_rng_alloc(22, AE_RNG_DATA);
    const uint8_t y[B] = {3, 0, 2};
    gsl_matrix *A = gsl_matrix_alloc(B, K), *P = gsl_matrix_alloc(B, K);
    gsl_matrix *dA = gsl_matrix_alloc(B, K), *PdA = gsl_matrix_alloc(B, K);
    fill_uniform(A, r, -3, 3);
    double v1 = ae_loss_softmax_ce(dA, P, A, y);
    double v2 = ae_loss_softmax_ce(PdA, PdA, A, y);
    ck_assert_double_eq(v1, v2);
    ck_assert(gsl_matrix_equal(dA, PdA));
    gsl_matrix *mats[] = {A, P, dA, PdA};
    for (size_t k = 0; k < 4; k++)
        gsl_matrix_free(mats[k]);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_count_correct)
{
    const double p[] = {0.1, 0.7, 0.2,   /* argmax 1 */
                        0.5, 0.3, 0.2,   /* argmax 0 */
                        0.2, 0.2, 0.6,   /* argmax 2 */
                        0.3, 0.3, 0.4};  /* argmax 2 */
    const uint8_t y[] = {1, 2, 2, 0};
    gsl_matrix_const_view P = gsl_matrix_const_view_array(p, 4, 3);
    ck_assert_uint_eq(ae_count_correct(&P.matrix, y), 2);
    const uint8_t all[] = {1, 0, 2, 2};
    ck_assert_uint_eq(ae_count_correct(&P.matrix, all), 4);
    /* a view with tda > size2: the first two columns only */
    gsl_matrix_const_view P2 = gsl_matrix_const_submatrix(&P.matrix, 0, 0, 4, 2);
    const uint8_t y2[] = {1, 0, 0, 0};
    ck_assert_uint_eq(ae_count_correct(&P2.matrix, y2), 4);
}
END_TEST

/* ---- gradient checks w.r.t. the first input, on views with tda > size2 ---- */

typedef enum { L_MSE, L_BCE_LOGITS, L_BCE, L_SOFTMAX } loss_kind;

typedef struct {
    loss_kind kind;
    gsl_matrix *Ap;          /* padded parent of the first input */
    gsl_matrix_view A;       /* B x D (B x K for softmax) */
    gsl_matrix *X, *P;       /* target; softmax probabilities */
    uint8_t y[B];
} loss_ctx;

static double eval(loss_ctx *c, gsl_matrix *dA)
{
    switch (c->kind) {
    case L_MSE: return ae_loss_mse(dA, &c->A.matrix, c->X);
    case L_BCE_LOGITS: return ae_loss_bce_logits(dA, &c->A.matrix, c->X);
    case L_BCE: return ae_loss_bce(dA, &c->A.matrix, c->X);
    case L_SOFTMAX: return ae_loss_softmax_ce(dA, c->P, &c->A.matrix, c->y);
    }
    return NAN;
}

static double loss_fn(void *p)
{
    return eval(p, NULL);
}

static void check_loss_grad(loss_ctx *c, const char *name)
{
    size_t w = c->A.matrix.size2;
    gsl_matrix *dAp = gsl_matrix_calloc(B, w + PAD);
    gsl_matrix_view dA = gsl_matrix_submatrix(dAp, 0, 1, B, w);
    gsl_matrix_set_all(&dA.matrix, 99.0); /* overwritten, not added to */
    eval(c, &dA.matrix);
    ae_gc_result res = ae_gradcheck(loss_fn, c, c->Ap->data, dAp->data, B * (w + PAD),
                                    AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, name);
    gsl_matrix_free(dAp);
}

static void ctx_init(loss_ctx *c, loss_kind kind, size_t w, gsl_rng *r, double lo, double hi)
{
    c->kind = kind;
    c->Ap = gsl_matrix_alloc(B, w + PAD);
    fill_uniform(c->Ap, r, lo, hi);
    c->A = gsl_matrix_submatrix(c->Ap, 0, 1, B, w);
    c->X = gsl_matrix_alloc(B, w);
    fill_uniform(c->X, r, 0, 1);
    c->P = gsl_matrix_alloc(B, w);
    for (size_t n = 0; n < B; n++)
        c->y[n] = (uint8_t)((2 * n + 1) % w);
}

static void ctx_free(loss_ctx *c)
{
    gsl_matrix_free(c->Ap);
    gsl_matrix_free(c->X);
    gsl_matrix_free(c->P);
}

START_TEST(t_mse_grad)
{
    gsl_rng *r = ae_rng_alloc(31, AE_RNG_DATA);
    loss_ctx c;
    ctx_init(&c, L_MSE, D, r, -2, 2);
    check_loss_grad(&c, "mse");
    ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_bce_logits_grad)
{
    gsl_rng *r = ae_rng_alloc(32, AE_RNG_DATA);
    loss_ctx c;
    ctx_init(&c, L_BCE_LOGITS, D, r, -4, 4);
    check_loss_grad(&c, "bce_logits");
    /* saturated logits +-30 with hard and soft targets */
    const double big[] = {30, -30, 30, -30, 30};
    for (size_t n = 0; n < B; n++)
        for (size_t i = 0; i < D; i++) {
            gsl_matrix_set(&c.A.matrix, n, i, big[(n + i) % D]);
            gsl_matrix_set(c.X, n, i, (n + i) % 3 == 0 ? 0.0 : (n + i) % 3 == 1 ? 1.0 : 0.3);
        }
    check_loss_grad(&c, "bce_logits at +-30");
    ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_bce_grad)
{
    gsl_rng *r = ae_rng_alloc(33, AE_RNG_DATA);
    loss_ctx c;
    ctx_init(&c, L_BCE, D, r, 0.05, 0.95);
    check_loss_grad(&c, "bce");
    ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_softmax_grad)
{
    gsl_rng *r = ae_rng_alloc(34, AE_RNG_DATA);
    loss_ctx c;
    ctx_init(&c, L_SOFTMAX, K, r, -3, 3);
    check_loss_grad(&c, "softmax_ce");
    ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("loss");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, t_mse_value);
    tcase_add_test(tc, t_bce_values);
    tcase_add_test(tc, t_bce_logits_extreme);
    tcase_add_test(tc, t_bce_clamped);
    tcase_add_test(tc, t_bce_logits_equals_probs);
    tcase_add_test(tc, t_softmax_values);
    tcase_add_test(tc, t_softmax_alias);
    tcase_add_test(tc, t_count_correct);
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_test(tc, t_mse_grad);
    tcase_add_test(tc, t_bce_logits_grad);
    tcase_add_test(tc, t_bce_grad);
    tcase_add_test(tc, t_softmax_grad);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
