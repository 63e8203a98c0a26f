/* Graded exercises of lesson 02 (one TCase per exercise; grading/points.txt).
 *
 * Every check also fails for the stubs (loss 0 and dA = 0; no gradients and dX = 0):
 * each one compares with a nonzero reference or asserts a nonzero value first.
 */
#include <math.h>

#include <gsl/gsl_matrix.h>

#include "../../lessons/02-deep/exercises.h"
#include "act.h"
#include "loss.h"
#include "net.h"
#include "rng.h"
#include "../test.h"

/* ---- 2.1 BCE from logits ---- */

START_TEST(bce_values)
{
    /* row 0: a = 0, x = 0.5 -> log 2;          a = 2, x = 1 -> log(1 + e^-2)
     * row 1: a = -3, x = 0 -> log(1 + e^-3);   a = 1, x = 0.25 -> log(1 + e) - 0.25
     * L = (sum of the four) / 2;  dA = (sigmoid(a) - x) / 2 */
    double a[] = {0.0, 2.0, -3.0, 1.0}, x[] = {0.5, 1.0, 0.0, 0.25};
    double l[] = {log(2.0), log1p(exp(-2.0)), log1p(exp(-3.0)), log1p(exp(1.0)) - 0.25};
    gsl_matrix_view A = gsl_matrix_view_array(a, 2, 2), X = gsl_matrix_view_array(x, 2, 2);
    gsl_matrix *dA = gsl_matrix_alloc(2, 2);
    double want = (l[0] + l[1] + l[2] + l[3]) / 2.0;
    double got = ex02_bce_logits(dA, &A.matrix, &X.matrix);
    ck_assert_msg(fabs(got - want) < TOL_EXACT, "loss: expected %.15g, got %.15g", want, got);
    for (size_t i = 0; i < 4; i++) {
        double g = (1.0 / (1.0 + exp(-a[i])) - x[i]) / 2.0;
        ck_assert_msg(fabs(dA->data[i] - g) < TOL_EXACT, "dA[%zu]: expected %.15g, got %.15g", i, g,
                      dA->data[i]);
    }
    double again = ex02_bce_logits(NULL, &A.matrix, &X.matrix);   /* dA may be NULL */
    ck_assert_msg(fabs(again - want) < TOL_EXACT, "loss with dA = NULL: expected %.15g, got %.15g",
                  want, again);
    gsl_matrix_free(dA);
}
END_TEST

START_TEST(bce_matches_lib)
{
    /* random logits and targets in [0, 1]: the library's stable BCE, value and gradient */
    gsl_rng *r = ae_rng_alloc(21, AE_RNG_DATA);
    gsl_matrix *A = gsl_matrix_alloc(6, 9), *X = gsl_matrix_alloc(6, 9);
    gsl_matrix *dA = gsl_matrix_alloc(6, 9), *dRef = gsl_matrix_alloc(6, 9);
    fill_gaussian(A, r);
    gsl_matrix_scale(A, 4.0);
    fill_uniform(X, r, 0.0, 1.0);
    double want = ae_loss_bce_logits(dRef, A, X), got = ex02_bce_logits(dA, A, X);
    ck_assert_msg(fabs(got - want) < TOL_EXACT * (1.0 + want), "loss: expected %.15g, got %.15g", want,
                  got);
    for (size_t i = 0; i < 54; i++)
        ck_assert_msg(fabs(dA->data[i] - dRef->data[i]) < TOL_EXACT, "dA[%zu]: expected %.15g, got %.15g",
                      i, dRef->data[i], dA->data[i]);
    gsl_matrix_free(A);
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
    gsl_matrix_free(dRef);
    gsl_rng_free(r);
}
END_TEST

START_TEST(bce_stable)
{
    /* |a| = 800: e^800 overflows, so log(sigmoid(a)) must not be formed.
     * l(800, 0) = 800, l(-800, 1) = 800, l(800, 1) = 0, l(-800, 0) = 0  -> L = 1600 (one row) */
    double a[] = {800.0, -800.0, 800.0, -800.0}, x[] = {0.0, 1.0, 1.0, 0.0};
    double want_d[] = {1.0, -1.0, 0.0, 0.0};
    gsl_matrix_view A = gsl_matrix_view_array(a, 1, 4), X = gsl_matrix_view_array(x, 1, 4);
    gsl_matrix *dA = gsl_matrix_alloc(1, 4);
    double got = ex02_bce_logits(dA, &A.matrix, &X.matrix);
    ck_assert_msg(isfinite(got) && fabs(got - 1600.0) < 1e-9, "loss at |a| = 800: expected 1600, got %g", got);
    for (size_t i = 0; i < 4; i++)
        ck_assert_msg(isfinite(dA->data[i]) && fabs(dA->data[i] - want_d[i]) < TOL_EXACT,
                      "dA[%zu] at |a| = 800: expected %g, got %g", i, want_d[i], dA->data[i]);
    gsl_matrix_free(dA);
}
END_TEST

typedef struct {
    gsl_matrix *A, *X;
} bce_ctx;

static double bce_value(void *ctx)
{
    bce_ctx *c = ctx;
    return ex02_bce_logits(NULL, c->A, c->X);
}

START_TEST(bce_fd)
{
    gsl_rng *r = ae_rng_alloc(22, AE_RNG_DATA);
    bce_ctx c = {gsl_matrix_alloc(4, 5), gsl_matrix_alloc(4, 5)};
    gsl_matrix *dA = gsl_matrix_alloc(4, 5);
    fill_gaussian(c.A, r);
    fill_uniform(c.X, r, 0.0, 1.0);
    double loss = ex02_bce_logits(dA, c.A, c.X);
    ck_assert_msg(loss > 1.0, "loss of 4 rows of 5 random logits: expected > 1, got %g", loss);
    ae_gc_result res = ae_gradcheck(bce_value, &c, c.A->data, dA->data, 20, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "dL/dA");
    gsl_matrix_free(c.A);
    gsl_matrix_free(c.X);
    gsl_matrix_free(dA);
    gsl_rng_free(r);
}
END_TEST

/* ---- 2.2 backward through a stack in mirror order ---- */

enum { NB = 3, NL = 4 };
static const size_t SIZES[NL + 1] = {5, 7, 6, 4, 3};
static const ae_act ACTS[NL] = {AE_TANH, AE_LEAKY_RELU, AE_SIGMOID, AE_IDENTITY};

typedef struct {
    ae_net *net;
    gsl_matrix *X, *G;   /* loss = sum G .* net(X) */
} net_ctx;

static net_ctx net_setup(unsigned long seed)
{
    gsl_rng *r = ae_rng_alloc(seed, AE_RNG_INIT);
    net_ctx c = {ae_net_alloc(NL, SIZES, ACTS, NB), gsl_matrix_alloc(NB, SIZES[0]),
                 gsl_matrix_alloc(NB, SIZES[NL])};
    ae_net_init(c.net, r, 1.0);
    for (size_t l = 0; l < NL; l++)   /* nonzero biases, so that db is tested */
        gsl_vector_set_all(c.net->layer[l]->b, 0.1 * (double)(l + 1));
    fill_gaussian(c.X, r);
    fill_gaussian(c.G, r);
    gsl_rng_free(r);
    return c;
}

static void net_teardown(net_ctx *c)
{
    ae_net_free(c->net);
    gsl_matrix_free(c->X);
    gsl_matrix_free(c->G);
}

static void zero_grads(ae_net *net)
{
    for (size_t l = 0; l < net->nlayers; l++)
        ae_dense_zero_grad(net->layer[l]);
}

static double net_value(void *ctx)
{
    net_ctx *c = ctx;
    const gsl_matrix *Y = ae_net_forward(c->net, c->X);
    double s = 0.0;
    for (size_t i = 0; i < Y->size1; i++)
        for (size_t j = 0; j < Y->size2; j++)
            s += gsl_matrix_get(c->G, i, j) * gsl_matrix_get(Y, i, j);
    return s;
}

/* Every dW_l, db_l of a and b agree, and neither is all zero. */
static void assert_same_grads(const ae_net *a, const ae_net *b)
{
    for (size_t l = 0; l < a->nlayers; l++) {
        const ae_dense *la = a->layer[l], *lb = b->layer[l];
        double biggest = 0.0;
        for (size_t i = 0; i < la->dW->size1 * la->dW->size2; i++) {
            ck_assert_msg(fabs(la->dW->data[i] - lb->dW->data[i]) < TOL_EXACT,
                          "layer %zu: dW[%zu] expected %.15g, got %.15g", l + 1, i, lb->dW->data[i],
                          la->dW->data[i]);
            biggest = fmax(biggest, fabs(lb->dW->data[i]));
        }
        for (size_t i = 0; i < la->db->size; i++)
            ck_assert_msg(fabs(la->db->data[i] - lb->db->data[i]) < TOL_EXACT,
                          "layer %zu: db[%zu] expected %.15g, got %.15g", l + 1, i, lb->db->data[i],
                          la->db->data[i]);
        ck_assert_msg(biggest > 0.0, "layer %zu: the reference dW is zero", l + 1);
    }
}

START_TEST(net_backward_matches_lib)
{
    /* the same net twice (same seed): ae_net_backward on one, the exercise on the other */
    net_ctx ref = net_setup(31), ex = net_setup(31);
    for (int want_dX = 1; want_dX >= 0; want_dX--) {
        zero_grads(ref.net);
        zero_grads(ex.net);
        net_value(&ref);
        net_value(&ex);
        const gsl_matrix *dref = ae_net_backward(ref.net, ref.G, want_dX);
        const gsl_matrix *dex = ex02_net_backward(ex.net, ex.G, want_dX);
        assert_same_grads(ex.net, ref.net);
        if (want_dX) {
            ck_assert_msg(dex != NULL, "want_dX = 1: returned NULL");
            for (size_t i = 0; i < NB * SIZES[0]; i++)
                ck_assert_msg(fabs(gsl_matrix_get(dex, i / SIZES[0], i % SIZES[0]) -
                                   gsl_matrix_get(dref, i / SIZES[0], i % SIZES[0])) < TOL_EXACT,
                              "dX[%zu]: expected %.15g, got %.15g", i,
                              gsl_matrix_get(dref, i / SIZES[0], i % SIZES[0]),
                              gsl_matrix_get(dex, i / SIZES[0], i % SIZES[0]));
        } else {
            ck_assert_msg(dex == NULL, "want_dX = 0: expected NULL");
        }
    }
    net_teardown(&ref);
    net_teardown(&ex);
}
END_TEST

START_TEST(net_backward_fd)
{
    /* every parameter of every layer, and the input, against central differences */
    net_ctx c = net_setup(32);
    zero_grads(c.net);
    ck_assert_msg(fabs(net_value(&c)) > 1e-3, "the test loss is zero");
    const gsl_matrix *dX = ex02_net_backward(c.net, c.G, AE_WANT_DX);
    ck_assert_msg(dX != NULL, "want_dX = 1: returned NULL");
    gsl_matrix *dXc = gsl_matrix_alloc(NB, SIZES[0]);
    gsl_matrix_memcpy(dXc, dX);
    for (size_t l = 0; l < NL; l++) {
        ae_dense *L = c.net->layer[l];
        char name[32];
        snprintf(name, sizeof name, "layer %zu dW", l + 1);
        ae_gc_result rw = ae_gradcheck(net_value, &c, L->W->data, L->dW->data, L->W->size1 * L->W->size2,
                                       AE_GC_STEP);
        ck_assert_gradcheck(rw, TOL_MODEL, name);
        snprintf(name, sizeof name, "layer %zu db", l + 1);
        ae_gc_result rb = ae_gradcheck(net_value, &c, L->b->data, L->db->data, L->b->size, AE_GC_STEP);
        ck_assert_gradcheck(rb, TOL_MODEL, name);
    }
    ae_gc_result rx = ae_gradcheck(net_value, &c, c.X->data, dXc->data, NB * SIZES[0], AE_GC_STEP);
    ck_assert_gradcheck(rx, TOL_MODEL, "dX");
    gsl_matrix_free(dXc);
    net_teardown(&c);
}
END_TEST

START_TEST(net_backward_adds)
{
    /* gradients add up: a second backward doubles every dW and db */
    net_ctx ref = net_setup(33), ex = net_setup(33);
    zero_grads(ref.net);
    zero_grads(ex.net);
    net_value(&ref);
    net_value(&ex);
    ae_net_backward(ref.net, ref.G, AE_SKIP_DX);
    ae_net_backward(ref.net, ref.G, AE_SKIP_DX);
    ex02_net_backward(ex.net, ex.G, AE_SKIP_DX);
    ex02_net_backward(ex.net, ex.G, AE_SKIP_DX);
    assert_same_grads(ex.net, ref.net);
    net_teardown(&ref);
    net_teardown(&ex);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex02");
    TCase *tc = tcase_create("ex02_bce_logits");
    tcase_add_test(tc, bce_values);
    tcase_add_test(tc, bce_matches_lib);
    tcase_add_test(tc, bce_stable);
    tcase_add_test(tc, bce_fd);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex02_net_backward");
    tcase_add_test(tc, net_backward_matches_lib);
    tcase_add_test(tc, net_backward_fd);
    tcase_add_test(tc, net_backward_adds);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
