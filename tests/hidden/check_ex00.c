/* Graded exercises of lesson 00 (one TCase per exercise; grading/points.txt). */
#include <math.h>

#include <gsl/gsl_matrix.h>

#include "../../lessons/00-backprop/exercises.h"
#include "dense.h"
#include "loss.h"
#include "rng.h"
#include "../test.h"

/* ---- 0.1 dense backward ---- */

typedef struct {
    ae_dense *L;
    gsl_matrix *X, *Y, *G;   /* loss = sum G .* (X W^T + 1 b^T) */
} dense_ctx;

static double dense_value(void *ctx)
{
    dense_ctx *c = ctx;
    ae_dense_forward(c->Y, c->X, c->L);
    double s = 0.0;
    for (size_t i = 0; i < c->Y->size1 * c->Y->size2; i++)
        s += c->G->data[i] * c->Y->data[i];
    return s;
}

static dense_ctx dense_setup(gsl_rng *r)
{
    dense_ctx c = {ae_dense_alloc(5, 4), gsl_matrix_alloc(3, 5), gsl_matrix_alloc(3, 4),
                   gsl_matrix_alloc(3, 4)};
    ae_dense_init(c.L, r, 1.0);
    for (size_t j = 0; j < 4; j++)
        gsl_vector_set(c.L->b, j, 0.1 * (double)j - 0.2);
    fill_gaussian(c.X, r);
    fill_gaussian(c.G, r);
    return c;
}

static void dense_teardown(dense_ctx *c)
{
    ae_dense_free(c->L);
    gsl_matrix_free(c->X);
    gsl_matrix_free(c->Y);
    gsl_matrix_free(c->G);
}

START_TEST(dense_backward_fd)
{
    gsl_rng *r = ae_rng_alloc(13, AE_RNG_INIT);
    dense_ctx c = dense_setup(r);
    gsl_matrix *dX = gsl_matrix_alloc(3, 5);
    ae_dense_zero_grad(c.L);
    ex00_dense_backward(dX, c.L, c.G, c.X);
    ae_gc_result rw = ae_gradcheck(dense_value, &c, c.L->W->data, c.L->dW->data, 20, AE_GC_STEP);
    ck_assert_gradcheck(rw, TOL_OP, "dL/dW");
    ae_gc_result rb = ae_gradcheck(dense_value, &c, c.L->b->data, c.L->db->data, 4, AE_GC_STEP);
    ck_assert_gradcheck(rb, TOL_OP, "dL/db");
    ae_gc_result rx = ae_gradcheck(dense_value, &c, c.X->data, dX->data, 15, AE_GC_STEP);
    ck_assert_gradcheck(rx, TOL_OP, "dL/dX");
    gsl_matrix_free(dX);
    dense_teardown(&c);
    gsl_rng_free(r);
}
END_TEST

START_TEST(dense_backward_adds)
{
    /* a second call adds the same gradient again: dW and db double; dX may be NULL */
    gsl_rng *r = ae_rng_alloc(17, AE_RNG_INIT);
    dense_ctx c = dense_setup(r);
    ae_dense_zero_grad(c.L);
    ex00_dense_backward(NULL, c.L, c.G, c.X);
    gsl_matrix *once = gsl_matrix_alloc(4, 5);
    gsl_matrix_memcpy(once, c.L->dW);
    double b0 = gsl_vector_get(c.L->db, 0);
    ck_assert_msg(gsl_matrix_max(once) - gsl_matrix_min(once) > 0.1, "dW stayed zero");
    ex00_dense_backward(NULL, c.L, c.G, c.X);
    for (size_t i = 0; i < 20; i++)
        ck_assert_double_eq_tol(c.L->dW->data[i], 2.0 * once->data[i], TOL_EXACT);
    ck_assert_double_eq_tol(gsl_vector_get(c.L->db, 0), 2.0 * b0, TOL_EXACT);
    gsl_matrix_free(once);
    dense_teardown(&c);
    gsl_rng_free(r);
}
END_TEST

/* ---- 0.2 ReLU backward ---- */

START_TEST(relu_backward_values)
{
    double h[] = {0.0, 1.5, 0.0, 2.0}, d[] = {3.0, -4.0, 5.0, 6.0}, want[] = {0.0, -4.0, 0.0, 6.0};
    gsl_matrix_view H = gsl_matrix_view_array(h, 2, 2), dH = gsl_matrix_view_array(d, 2, 2);
    ex00_relu_backward(&dH.matrix, &H.matrix);
    for (size_t i = 0; i < 4; i++)
        ck_assert_msg(d[i] == want[i], "dU[%zu] = %g, expected %g", i, d[i], want[i]);
}
END_TEST

typedef struct {
    gsl_matrix *U, *H, *G;   /* loss = sum G .* relu(U) */
} relu_ctx;

static double relu_value(void *ctx)
{
    relu_ctx *c = ctx;
    double s = 0.0;
    for (size_t i = 0; i < c->U->size1 * c->U->size2; i++)
        s += c->G->data[i] * fmax(c->U->data[i], 0.0);
    return s;
}

START_TEST(relu_backward_fd)
{
    gsl_rng *r = ae_rng_alloc(11, AE_RNG_INIT);
    relu_ctx c = {gsl_matrix_alloc(4, 6), gsl_matrix_alloc(4, 6), gsl_matrix_alloc(4, 6)};
    fill_gaussian(c.U, r);
    fill_gaussian(c.G, r);
    for (size_t i = 0; i < 24; i++) {   /* keep away from the kink at 0 */
        if (fabs(c.U->data[i]) < 0.1)
            c.U->data[i] = 0.5;
        c.H->data[i] = fmax(c.U->data[i], 0.0);
    }
    gsl_matrix *dU = gsl_matrix_alloc(4, 6);
    gsl_matrix_memcpy(dU, c.G);
    ex00_relu_backward(dU, c.H);
    ae_gc_result res = ae_gradcheck(relu_value, &c, c.U->data, dU->data, 24, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "dL/dU");
    gsl_matrix_free(c.U);
    gsl_matrix_free(c.H);
    gsl_matrix_free(c.G);
    gsl_matrix_free(dU);
    gsl_rng_free(r);
}
END_TEST

/* ---- 0.3 softmax cross-entropy gradient ---- */

START_TEST(softmax_grad_values)
{
    /* two rows, three classes: dF = (P - onehot) / 2 */
    double p[] = {0.2, 0.5, 0.3, 0.7, 0.1, 0.2}, want[] = {0.1, -0.25, 0.15, -0.15, 0.05, 0.1};
    uint8_t y[] = {1, 0};
    gsl_matrix_view P = gsl_matrix_view_array(p, 2, 3);
    gsl_matrix *dF = gsl_matrix_alloc(2, 3);
    ex00_softmax_ce_grad(dF, &P.matrix, y);
    for (size_t i = 0; i < 6; i++)
        ck_assert_msg(fabs(dF->data[i] - want[i]) < TOL_EXACT, "dF[%zu] = %g, expected %g", i,
                      dF->data[i], want[i]);
    gsl_matrix_free(dF);
}
END_TEST

typedef struct {
    gsl_matrix *F, *P;
    const uint8_t *y;
} ce_ctx;

static double ce_value(void *ctx)
{
    ce_ctx *c = ctx;
    return ae_loss_softmax_ce(NULL, c->P, c->F, c->y);
}

START_TEST(softmax_grad_fd)
{
    gsl_rng *r = ae_rng_alloc(7, AE_RNG_INIT);
    uint8_t y[] = {2, 0, 1, 3, 2};
    ce_ctx c = {gsl_matrix_alloc(5, 4), gsl_matrix_alloc(5, 4), y};
    gsl_matrix *dF = gsl_matrix_alloc(5, 4);
    fill_gaussian(c.F, r);
    ce_value(&c);                          /* P = softmax(F) */
    ex00_softmax_ce_grad(dF, c.P, y);
    ae_gc_result res = ae_gradcheck(ce_value, &c, c.F->data, dF->data, 20, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "dL/dF");
    gsl_matrix_free(c.F);
    gsl_matrix_free(c.P);
    gsl_matrix_free(dF);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex00");
    TCase *tc = tcase_create("ex00_dense_backward");
    tcase_add_test(tc, dense_backward_fd);
    tcase_add_test(tc, dense_backward_adds);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex00_relu_backward");
    tcase_add_test(tc, relu_backward_values);
    tcase_add_test(tc, relu_backward_fd);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex00_softmax_grad");
    tcase_add_test(tc, softmax_grad_values);
    tcase_add_test(tc, softmax_grad_fd);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
