/* check_dense — the dense layer: values, init, and gradients w.r.t. X, W, b;
 * plus a whole tiny model (dense -> tanh -> dense -> MSE) checked end to end. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "act.h"
#include "dense.h"
#include "loss.h"
#include "rng.h"
#include "test.h"

enum { B = 3, D = 5, H = 4, PAD = 3 };

/* sum_ij C_ij Y_ij: a scalar loss with dL/dY = C */
static double dot(const gsl_matrix *C, const gsl_matrix *Y)
{
    double s = 0.0;
    for (size_t i = 0; i < Y->size1; i++)
        for (size_t j = 0; j < Y->size2; j++)
            s += gsl_matrix_get(C, i, j) * gsl_matrix_get(Y, i, j);
    return s;
}

START_TEST(t_forward_values)
{
    ae_dense *L = ae_dense_alloc(3, 2);
    const double w[] = {1, 2, 3, 4, 5, 6}, x[] = {1, 0, -1, 2, 1, 0};
    memcpy(L->W->data, w, sizeof w);
    gsl_vector_set(L->b, 0, 0.5);
    gsl_vector_set(L->b, 1, -1.0);
    gsl_matrix_const_view X = gsl_matrix_const_view_array(x, 2, 3);
    gsl_matrix *Y = gsl_matrix_alloc(2, 2);
    ae_dense_forward(Y, &X.matrix, L);
    /* Y = X W^T + 1 b^T, by hand */
    const double want[] = {-1.5, -3.0, 4.5, 12.0};
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq_tol(Y->data[k], want[k], TOL_EXACT);
    gsl_matrix_free(Y);
    ae_dense_free(L);
}
END_TEST

/* Views whose tda exceeds their width: the layer must honour tda. */
START_TEST(t_forward_views)
{
    gsl_rng *r = ae_rng_alloc(11, AE_RNG_DATA);
    ae_dense *L = ae_dense_alloc(D, H);
    ae_dense_init(L, r, 1.0);
    for (size_t i = 0; i < H; i++)
        gsl_vector_set(L->b, i, ae_rng_uniform(r, -1, 1));
    gsl_matrix *Xp = gsl_matrix_alloc(B, D + PAD), *Yp = gsl_matrix_alloc(B, H + PAD);
    fill_uniform(Xp, r, -1, 1);
    gsl_matrix_set_all(Yp, 7.0);
    gsl_matrix_view X = gsl_matrix_submatrix(Xp, 0, 1, B, D);
    gsl_matrix_view Y = gsl_matrix_submatrix(Yp, 0, 2, B, H);
    ae_dense_forward(&Y.matrix, &X.matrix, L);
    for (size_t n = 0; n < B; n++) {
        for (size_t i = 0; i < H; i++) {
            double y = gsl_vector_get(L->b, i);
            for (size_t j = 0; j < D; j++)
                y += gsl_matrix_get(L->W, i, j) * gsl_matrix_get(&X.matrix, n, j);
            ck_assert_double_eq_tol(gsl_matrix_get(&Y.matrix, n, i), y, TOL_EXACT);
        }
        /* the padding around the view is untouched */
        ck_assert_double_eq(gsl_matrix_get(Yp, n, 0), 7.0);
        ck_assert_double_eq(gsl_matrix_get(Yp, n, 1), 7.0);
        ck_assert_double_eq(gsl_matrix_get(Yp, n, H + 2), 7.0);
    }
    gsl_matrix_free(Xp);
    gsl_matrix_free(Yp);
    ae_dense_free(L);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_init)
{
    const size_t in = 100, out = 200;
    const double scale = sqrt(2.0);
    gsl_rng *r = ae_rng_alloc(1, AE_RNG_INIT), *r2 = ae_rng_alloc(1, AE_RNG_INIT);
    ae_dense *L = ae_dense_alloc(in, out), *L2 = ae_dense_alloc(in, out);
    gsl_vector_set_all(L->b, 1.0);
    ae_dense_init(L, r, scale);
    ae_dense_init(L2, r2, scale);
    ck_assert(gsl_vector_isnull(L->b));
    ck_assert(gsl_matrix_equal(L->W, L2->W)); /* same seed, same weights */
    double sum = 0.0, sum2 = 0.0, n = (double)(in * out);
    for (size_t k = 0; k < in * out; k++) {
        sum += L->W->data[k];
        sum2 += L->W->data[k] * L->W->data[k];
    }
    /* W_ij ~ N(0, scale^2 / D): variance 0.02; 5 standard errors */
    double var = scale * scale / in, mean = sum / n;
    ck_assert_msg(fabs(mean) < 5 * sqrt(var / n), "mean %g", mean);
    ck_assert_msg(fabs(sum2 / n - var) < 5 * var * sqrt(2.0 / n), "var %g, want %g", sum2 / n,
                  var);
    ae_dense_free(L);
    ae_dense_free(L2);
    gsl_rng_free(r);
    gsl_rng_free(r2);
}
END_TEST

START_TEST(t_zero_grad)
{
    ae_dense *L = ae_dense_alloc(D, H);
    gsl_matrix_set_all(L->dW, 3.0);
    gsl_vector_set_all(L->db, -2.0);
    ae_dense_zero_grad(L);
    ck_assert(gsl_matrix_isnull(L->dW));
    ck_assert(gsl_vector_isnull(L->db));
    ae_dense_free(L);
}
END_TEST

/* ---- gradient checks of one layer: L = sum C o Y(X, W, b) ---- */

typedef struct {
    ae_dense *L;
    gsl_matrix *Xp, *Yp;         /* padded parents */
    gsl_matrix_view X, Y;        /* B x D, B x H views with tda > size2 */
    gsl_matrix *C;               /* B x H */
} dense_ctx;

static double dense_loss(void *p)
{
    dense_ctx *c = p;
    ae_dense_forward(&c->Y.matrix, &c->X.matrix, c->L);
    return dot(c->C, &c->Y.matrix);
}

static void dense_ctx_init(dense_ctx *c, gsl_rng *r)
{
    c->L = ae_dense_alloc(D, H);
    ae_dense_init(c->L, r, 1.0);
    for (size_t i = 0; i < H; i++)
        gsl_vector_set(c->L->b, i, ae_rng_uniform(r, -1, 1));
    c->Xp = gsl_matrix_alloc(B, D + PAD);
    c->Yp = gsl_matrix_calloc(B, H + PAD);
    fill_uniform(c->Xp, r, -2, 2);
    c->X = gsl_matrix_submatrix(c->Xp, 0, 1, B, D);
    c->Y = gsl_matrix_submatrix(c->Yp, 0, 2, B, H);
    c->C = gsl_matrix_alloc(B, H);
    fill_uniform(c->C, r, -1, 1);
}

static void dense_ctx_free(dense_ctx *c)
{
    ae_dense_free(c->L);
    gsl_matrix_free(c->Xp);
    gsl_matrix_free(c->Yp);
    gsl_matrix_free(c->C);
}

START_TEST(t_backward_gradcheck)
{
    gsl_rng *r = ae_rng_alloc(2, AE_RNG_INIT);
    dense_ctx c;
    dense_ctx_init(&c, r);

    /* dW and db start from known values: backward must add into them */
    gsl_matrix *dW0 = gsl_matrix_alloc(H, D);
    gsl_vector *db0 = gsl_vector_alloc(H);
    for (size_t i = 0; i < H; i++) {
        gsl_vector_set(db0, i, ae_rng_uniform(r, -5, 5));
        for (size_t j = 0; j < D; j++)
            gsl_matrix_set(dW0, i, j, ae_rng_uniform(r, -5, 5));
    }
    gsl_matrix_memcpy(c.L->dW, dW0);
    gsl_vector_memcpy(c.L->db, db0);

    /* dX over the padded parent: zero off the view; the view starts as junk */
    gsl_matrix *dXp = gsl_matrix_calloc(B, D + PAD);
    gsl_matrix_view dX = gsl_matrix_submatrix(dXp, 0, 1, B, D);
    gsl_matrix_set_all(&dX.matrix, 99.0);

    dense_loss(&c);
    ae_dense_backward(&dX.matrix, c.L, c.C, &c.X.matrix);

    gsl_matrix_sub(c.L->dW, dW0); /* what backward added */
    gsl_vector_sub(c.L->db, db0);
    ae_gc_result res;
    res = ae_gradcheck(dense_loss, &c, c.Xp->data, dXp->data, B * (D + PAD), AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "dense dX");
    res = ae_gradcheck(dense_loss, &c, c.L->W->data, c.L->dW->data, H * D, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "dense dW (added)");
    res = ae_gradcheck(dense_loss, &c, c.L->b->data, c.L->db->data, H, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "dense db (added)");

    gsl_matrix_free(dW0);
    gsl_vector_free(db0);
    gsl_matrix_free(dXp);
    dense_ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST

/* dX = NULL skips the input gradient and leaves dW, db as with dX. */
START_TEST(t_backward_null_dx)
{
    gsl_rng *r = ae_rng_alloc(4, AE_RNG_INIT);
    dense_ctx c;
    dense_ctx_init(&c, r);
    gsl_matrix *dX = gsl_matrix_alloc(B, D), *dW = gsl_matrix_alloc(H, D);
    gsl_vector *db = gsl_vector_alloc(H);
    ae_dense_backward(dX, c.L, c.C, &c.X.matrix);
    gsl_matrix_memcpy(dW, c.L->dW);
    gsl_vector_memcpy(db, c.L->db);
    ae_dense_zero_grad(c.L);
    ae_dense_backward(NULL, c.L, c.C, &c.X.matrix);
    ck_assert(gsl_matrix_equal(dW, c.L->dW));
    ck_assert(gsl_vector_equal(db, c.L->db));
    ck_assert(!gsl_matrix_isnull(dW));
    gsl_matrix_free(dX);
    gsl_matrix_free(dW);
    gsl_vector_free(db);
    dense_ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST

/* ---- a whole model: x -> dense -> tanh -> dense -> MSE against t ---- */

typedef struct {
    ae_dense *L1, *L2;
    gsl_matrix *Xp;              /* padded parent of X */
    gsl_matrix_view X;           /* B x D */
    gsl_matrix *Z1, *H1, *Xhat, *T;
    gsl_matrix *dXhat, *dH1, *dZ1, *dXp;
    gsl_matrix_view dX;
} model_ctx;

static double model_loss(void *p)
{
    model_ctx *m = p;
    ae_dense_forward(m->Z1, &m->X.matrix, m->L1);
    ae_act_forward(AE_TANH, m->H1, m->Z1);
    ae_dense_forward(m->Xhat, m->H1, m->L2);
    return ae_loss_mse(NULL, m->Xhat, m->T);
}

static void model_backward(model_ctx *m)
{
    ae_dense_zero_grad(m->L1);
    ae_dense_zero_grad(m->L2);
    model_loss(m);
    ae_loss_mse(m->dXhat, m->Xhat, m->T);
    ae_dense_backward(m->dH1, m->L2, m->dXhat, m->H1);
    ae_act_backward(AE_TANH, m->dZ1, m->H1, m->Z1, m->dH1);
    ae_dense_backward(&m->dX.matrix, m->L1, m->dZ1, &m->X.matrix);
}

START_TEST(t_model_gradcheck)
{
    gsl_rng *r = ae_rng_alloc(9, AE_RNG_INIT);
    model_ctx m;
    m.L1 = ae_dense_alloc(D, H);
    m.L2 = ae_dense_alloc(H, D);
    ae_dense_init(m.L1, r, 1.0);
    ae_dense_init(m.L2, r, 1.0);
    for (size_t i = 0; i < H; i++)
        gsl_vector_set(m.L1->b, i, ae_rng_uniform(r, -0.5, 0.5));
    for (size_t i = 0; i < D; i++)
        gsl_vector_set(m.L2->b, i, ae_rng_uniform(r, -0.5, 0.5));
    m.Xp = gsl_matrix_alloc(B, D + PAD);
    fill_uniform(m.Xp, r, -1, 1);
    m.X = gsl_matrix_submatrix(m.Xp, 0, 2, B, D);
    m.Z1 = gsl_matrix_alloc(B, H);
    m.H1 = gsl_matrix_alloc(B, H);
    m.Xhat = gsl_matrix_alloc(B, D);
    m.T = gsl_matrix_alloc(B, D);
    fill_uniform(m.T, r, -1, 1);
    m.dXhat = gsl_matrix_alloc(B, D);
    m.dH1 = gsl_matrix_alloc(B, H);
    m.dZ1 = gsl_matrix_alloc(B, H);
    m.dXp = gsl_matrix_calloc(B, D + PAD);
    m.dX = gsl_matrix_submatrix(m.dXp, 0, 2, B, D);

    model_backward(&m);
    struct { const char *name; double *theta, *grad; size_t n; } p[] = {
        {"model dW1", m.L1->W->data, m.L1->dW->data, H * D},
        {"model db1", m.L1->b->data, m.L1->db->data, H},
        {"model dW2", m.L2->W->data, m.L2->dW->data, D * H},
        {"model db2", m.L2->b->data, m.L2->db->data, D},
        {"model dX", m.Xp->data, m.dXp->data, B * (D + PAD)},
    };
    for (size_t k = 0; k < sizeof p / sizeof p[0]; k++) {
        ae_gc_result res = ae_gradcheck(model_loss, &m, p[k].theta, p[k].grad, p[k].n,
                                        AE_GC_STEP);
        ck_assert_gradcheck(res, TOL_MODEL, p[k].name);
    }

    ae_dense_free(m.L1);
    ae_dense_free(m.L2);
    gsl_matrix *mats[] = {m.Xp, m.Z1, m.H1, m.Xhat, m.T, m.dXhat, m.dH1, m.dZ1, m.dXp};
    for (size_t k = 0; k < sizeof mats / sizeof mats[0]; k++)
        gsl_matrix_free(mats[k]);
    gsl_rng_free(r);
}
END_TEST

/* ---- tied weights: the decoder Y = Z W + 1 c^T, alone and in a tied linear AE ---- */

typedef struct {
    ae_dense *L;                 /* W: H x D, shared */
    gsl_vector *c, *dc;          /* the decoder's bias: D */
    gsl_matrix *X, *Z, *Y, *C;   /* B x D, B x H, B x D, B x D */
    int whole;                   /* 0: L = sum C o Y(Z); 1: L = sum C o Y(W X^T + b) (the tied AE) */
} tied_ctx;

static double tied_loss(void *p)
{
    tied_ctx *t = p;
    if (t->whole)
        ae_dense_forward(t->Z, t->X, t->L);             /* z = W x + b */
    ae_dense_forward_tied(t->Y, t->Z, t->L, t->c);      /* x_hat = W^T z + c */
    return dot(t->C, t->Y);
}

static void tied_check(int whole)
{
    gsl_rng *r = ae_rng_alloc(whole ? 4 : 3, AE_RNG_INIT);
    tied_ctx t = {ae_dense_alloc(D, H), gsl_vector_alloc(D), gsl_vector_alloc(D), gsl_matrix_alloc(B, D),
                  gsl_matrix_alloc(B, H), gsl_matrix_alloc(B, D), gsl_matrix_alloc(B, D), whole};
    ae_dense_init(t.L, r, 1.0);
    for (size_t i = 0; i < H; i++)
        gsl_vector_set(t.L->b, i, ae_rng_uniform(r, -1, 1));
    for (size_t i = 0; i < D; i++)
        gsl_vector_set(t.c, i, ae_rng_uniform(r, -1, 1));
    fill_uniform(t.X, r, -2, 2);
    fill_uniform(t.Z, r, -2, 2);
    fill_uniform(t.C, r, -1, 1);
    ae_dense_zero_grad(t.L);
    gsl_vector_set_all(t.dc, 3.0);   /* backward adds into dc */
    gsl_matrix *dZ = gsl_matrix_alloc(B, H);
    tied_loss(&t);
    ae_dense_backward_tied(dZ, t.L, t.dc, t.C, t.Z);              /* dW = dW_dec^T, dZ */
    if (whole)
        ae_dense_backward(NULL, t.L, dZ, t.X);                    /* dW += dW_enc, db */
    gsl_vector_add_constant(t.dc, -3.0);
    ae_gc_result res;
    res = ae_gradcheck(tied_loss, &t, t.L->W->data, t.L->dW->data, H * D, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, whole ? "tied AE dW = dW_enc + dW_dec^T" : "tied decoder dW");
    res = ae_gradcheck(tied_loss, &t, t.c->data, t.dc->data, D, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "tied decoder dc (added)");
    if (whole) {
        res = ae_gradcheck(tied_loss, &t, t.L->b->data, t.L->db->data, H, AE_GC_STEP);
        ck_assert_gradcheck(res, TOL_OP, "tied AE db");
    } else {
        res = ae_gradcheck(tied_loss, &t, t.Z->data, dZ->data, B * H, AE_GC_STEP);
        ck_assert_gradcheck(res, TOL_OP, "tied decoder dZ");
    }
    gsl_matrix_free(dZ);
    ae_dense_free(t.L);
    gsl_vector_free(t.c);
    gsl_vector_free(t.dc);
    gsl_matrix_free(t.X);
    gsl_matrix_free(t.Z);
    gsl_matrix_free(t.Y);
    gsl_matrix_free(t.C);
    gsl_rng_free(r);
}

START_TEST(t_tied_gradcheck)
{
    tied_check(0);
}
END_TEST

START_TEST(t_tied_ae_gradcheck)
{
    tied_check(1);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("dense");
    TCase *tc = tcase_create("forward");
    tcase_add_test(tc, t_forward_values);
    tcase_add_test(tc, t_forward_views);
    tcase_add_test(tc, t_init);
    tcase_add_test(tc, t_zero_grad);
    suite_add_tcase(s, tc);
    tc = tcase_create("backward");
    tcase_add_test(tc, t_backward_gradcheck);
    tcase_add_test(tc, t_backward_null_dx);
    tcase_add_test(tc, t_tied_gradcheck);
    tcase_add_test(tc, t_tied_ae_gradcheck);
    suite_add_tcase(s, tc);
    tc = tcase_create("model");
    tcase_add_test(tc, t_model_gradcheck);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
