/* Graded exercises of lesson 06 (one TCase per exercise; grading/points.txt).
 * Every check fails for the stubs (J = 0; value 0 and nothing added). */
#include <math.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "../../lessons/06-contractive/exercises.h"
#include "act.h"
#include "dense.h"
#include "loss.h"
#include "rng.h"
#include "../test.h"

enum { B = 4, K = 3, D = 5 };

/* A random encoder and batch; H = sigmoid(X W^T + b). */
typedef struct {
    ae_dense *L;
    gsl_matrix *X, *H, *dA;
} enc_ctx;

static enc_ctx ctx_alloc(unsigned long seed)
{
    gsl_rng *r = ae_rng_alloc(seed, AE_RNG_DATA);
    enc_ctx c = {ae_dense_alloc(D, K), gsl_matrix_alloc(B, D), gsl_matrix_alloc(B, K), gsl_matrix_alloc(B, K)};
    fill_gaussian(c.L->W, r);
    for (size_t j = 0; j < K; j++)
        gsl_vector_set(c.L->b, j, ae_rng_uniform(r, -1, 1));
    fill_uniform(c.X, r, 0, 1);
    gsl_rng_free(r);
    return c;
}

static void ctx_free(enc_ctx *c)
{
    ae_dense_free(c->L);
    gsl_matrix_free(c->X);
    gsl_matrix_free(c->H);
    gsl_matrix_free(c->dA);
}

static void encode(enc_ctx *c)
{
    ae_dense_forward(c->H, c->X, c->L);
    ae_act_forward(AE_SIGMOID, c->H, c->H);
}

/* ---- 6.1 the encoder's Jacobian ---- */

START_TEST(jacobian_hand)
{
    /* W = [[1, 2], [0, -1]], b = (0, ln 3), x = (0, 0): h = (1/2, 3/4),
     * h (1 - h) = (1/4, 3/16): J = [[1/4, 1/2], [0, -3/16]] */
    const double w[] = {1, 2, 0, -1}, bb[] = {0, log(3.0)}, xx[] = {0, 0};
    gsl_matrix_const_view W = gsl_matrix_const_view_array(w, 2, 2);
    gsl_vector_const_view b = gsl_vector_const_view_array(bb, 2), x = gsl_vector_const_view_array(xx, 2);
    gsl_matrix *J = gsl_matrix_alloc(2, 2);
    ex06_encoder_jacobian(J, &x.vector, &W.matrix, &b.vector);
    const double want[] = {0.25, 0.5, 0.0, -3.0 / 16};
    for (size_t k = 0; k < 4; k++)
        ck_assert_msg(fabs(J->data[k] - want[k]) < TOL_EXACT, "J[%zu][%zu]: expected %.15g, got %.15g", k / 2,
                      k % 2, want[k], J->data[k]);
    gsl_matrix_free(J);
}
END_TEST

START_TEST(jacobian_finite_differences)
{
    /* J_ji against central differences of h_j in x_i, at every row of a random batch */
    enc_ctx c = ctx_alloc(601);
    gsl_matrix *J = gsl_matrix_alloc(K, D);
    const double eps = 1e-6;
    for (size_t b = 0; b < B; b++) {
        gsl_vector_view x = gsl_matrix_row(c.X, b);
        ex06_encoder_jacobian(J, &x.vector, c.L->W, c.L->b);
        for (size_t i = 0; i < D; i++) {
            double xi = gsl_vector_get(&x.vector, i), hp[K], hm[K];
            for (int s = 0; s < 2; s++) {
                gsl_vector_set(&x.vector, i, xi + (s ? -eps : eps));
                encode(&c);
                for (size_t j = 0; j < K; j++)
                    (s ? hm : hp)[j] = gsl_matrix_get(c.H, b, j);
            }
            gsl_vector_set(&x.vector, i, xi);
            for (size_t j = 0; j < K; j++) {
                double num = (hp[j] - hm[j]) / (2 * eps), got = gsl_matrix_get(J, j, i);
                ck_assert_msg(fabs(got - num) < 1e-8 * (1 + fabs(num)),
                              "point %zu: J[%zu][%zu] expected %.12g (finite differences), got %.12g", b, j, i, num, got);
            }
        }
    }
    gsl_matrix_free(J);
    ctx_free(&c);
}
END_TEST

START_TEST(jacobian_norm_is_penalty)
{
    /* sum over the batch of ||J||_F^2 equals B/lambda times the library's closed form */
    enc_ctx c = ctx_alloc(602);
    encode(&c);
    gsl_matrix *J = gsl_matrix_alloc(K, D);
    double frob2 = 0.0;
    for (size_t b = 0; b < B; b++) {
        gsl_vector_view x = gsl_matrix_row(c.X, b);
        ex06_encoder_jacobian(J, &x.vector, c.L->W, c.L->b);
        for (size_t k = 0; k < K * D; k++)
            frob2 += J->data[k] * J->data[k];
    }
    double want = ae_penalty_contractive(NULL, NULL, c.H, c.L->W, 1.0) * B;
    ck_assert_msg(fabs(frob2 - want) < 1e-12 * want, "sum ||J||_F^2: expected %.15g, got %.15g", want, frob2);
    gsl_matrix_free(J);
    ctx_free(&c);
}
END_TEST

/* ---- 6.2 the contractive penalty and its gradient ---- */

static const double LAMBDA = 0.8;

static double cae_value(void *p)
{
    enc_ctx *c = p;
    encode(c);
    gsl_matrix *dW = gsl_matrix_calloc(K, D);
    gsl_vector *db = gsl_vector_calloc(K);
    double v = ex06_contractive(dW, db, c->dA, c->H, c->X, c->L->W, LAMBDA);
    gsl_matrix_free(dW);
    gsl_vector_free(db);
    return v;
}

START_TEST(contractive_value)
{
    enc_ctx c = ctx_alloc(603);
    encode(&c);
    ae_dense_zero_grad(c.L);
    double P = ex06_contractive(c.L->dW, c.L->db, c.dA, c.H, c.X, c.L->W, LAMBDA);
    double want = ae_penalty_contractive(NULL, NULL, c.H, c.L->W, LAMBDA);
    ck_assert_msg(want > 0.01, "test set-up: the penalty is %g", want);
    ck_assert_msg(fabs(P - want) < 1e-12 * want, "value: expected %.15g, got %.15g", want, P);
    ctx_free(&c);
}
END_TEST

START_TEST(contractive_finite_differences)
{
    /* dW and db against central differences of P(sigmoid(X W^T + b), W); both start at 1
     * (the gradient must be added) */
    enc_ctx c = ctx_alloc(604);
    encode(&c);
    gsl_matrix_set_all(c.L->dW, 1.0);
    gsl_vector_set_all(c.L->db, 1.0);
    ex06_contractive(c.L->dW, c.L->db, c.dA, c.H, c.X, c.L->W, LAMBDA);
    gsl_matrix_add_constant(c.L->dW, -1.0);
    gsl_vector_add_constant(c.L->db, -1.0);
    ck_assert_msg(gsl_matrix_max(c.L->dW) - gsl_matrix_min(c.L->dW) > 1e-3, "dW is (nearly) constant: nothing added");
    ae_gc_result rw = ae_gradcheck(cae_value, &c, c.L->W->data, c.L->dW->data, K * D, AE_GC_STEP);
    ck_assert_gradcheck(rw, TOL_OP, "contractive penalty w.r.t. W");
    ae_gc_result rb = ae_gradcheck(cae_value, &c, c.L->b->data, c.L->db->data, K, AE_GC_STEP);
    ck_assert_gradcheck(rb, TOL_OP, "contractive penalty w.r.t. b");
    ctx_free(&c);
}
END_TEST

START_TEST(contractive_matches_library)
{
    /* the library splits the gradient into dH (then sigmoid and dense backward) and the
     * direct dW; the exercise's total must be the same */
    enc_ctx c = ctx_alloc(605);
    encode(&c);
    ae_dense *ref = ae_dense_alloc(D, K);
    gsl_matrix_memcpy(ref->W, c.L->W);
    gsl_vector_memcpy(ref->b, c.L->b);
    ae_dense_zero_grad(ref);
    gsl_matrix *dH = gsl_matrix_calloc(B, K);
    ae_penalty_contractive(dH, ref->dW, c.H, ref->W, LAMBDA);
    ae_act_backward(AE_SIGMOID, dH, c.H, NULL, dH);
    ae_dense_backward(NULL, ref, dH, c.X);
    ae_dense_zero_grad(c.L);
    ex06_contractive(c.L->dW, c.L->db, c.dA, c.H, c.X, c.L->W, LAMBDA);
    for (size_t k = 0; k < K * D; k++)
        ck_assert_msg(fabs(c.L->dW->data[k] - ref->dW->data[k]) < 1e-12 * (1 + fabs(ref->dW->data[k])),
                      "dW[%zu][%zu]: expected %.15g, got %.15g", k / D, k % D, ref->dW->data[k], c.L->dW->data[k]);
    for (size_t j = 0; j < K; j++)
        ck_assert_msg(fabs(gsl_vector_get(c.L->db, j) - gsl_vector_get(ref->db, j)) < 1e-12,
                      "db[%zu]: expected %.15g, got %.15g", j, gsl_vector_get(ref->db, j), gsl_vector_get(c.L->db, j));
    gsl_matrix_free(dH);
    ae_dense_free(ref);
    ctx_free(&c);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex06");
    TCase *tc = tcase_create("ex06_jacobian");
    tcase_add_test(tc, jacobian_hand);
    tcase_add_test(tc, jacobian_finite_differences);
    tcase_add_test(tc, jacobian_norm_is_penalty);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex06_contractive");
    tcase_add_test(tc, contractive_value);
    tcase_add_test(tc, contractive_finite_differences);
    tcase_add_test(tc, contractive_matches_library);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
