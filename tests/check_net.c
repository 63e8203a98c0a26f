/* check_net — the sequential stack: a whole model's gradient (W, b of every layer
 * and the input) against finite differences, with every activation; smaller
 * batches than allocated; parameter files round-trip and refuse damage. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "loss.h"
#include "net.h"
#include "test.h"

enum { B = 4, MAXB = 6 };

/* A net over every activation: 5-4-3-4-3-5 leaky, sigmoid, tanh, softplus, relu... */
static const size_t SIZES[] = {5, 4, 3, 4, 3, 5, 5};
static const ae_act ACTS[] = {AE_LEAKY_RELU, AE_SIGMOID, AE_TANH, AE_SOFTPLUS, AE_RELU, AE_IDENTITY};
enum { NL = 6 };

typedef struct {
    ae_net *net;
    gsl_matrix *X, *T, *dY;   /* input, MSE target, dL/dY */
} model;

static double model_loss(void *ctx)
{
    model *m = ctx;
    const gsl_matrix *Y = ae_net_forward(m->net, m->X);
    return ae_loss_mse(m->dY, Y, m->T);
}

static model model_alloc(size_t batch, gsl_rng *r)
{
    model m = {ae_net_alloc(NL, SIZES, ACTS, MAXB), gsl_matrix_alloc(batch, SIZES[0]),
               gsl_matrix_alloc(batch, SIZES[NL]), gsl_matrix_alloc(batch, SIZES[NL])};
    ae_net_init(m.net, r, 1.5);
    for (size_t i = 0; i < NL; i++)   /* biases away from 0: relu kinks are measure-zero anyway */
        for (size_t j = 0; j < m.net->layer[i]->b->size; j++)
            gsl_vector_set(m.net->layer[i]->b, j, ae_rng_uniform(r, -0.5, 0.5));
    fill_uniform(m.X, r, -1, 1);
    fill_uniform(m.T, r, -1, 1);
    return m;
}

static void model_free(model *m)
{
    ae_net_free(m->net);
    gsl_matrix_free(m->X);
    gsl_matrix_free(m->T);
    gsl_matrix_free(m->dY);
}

/* Gradients of every parameter block and of X, each checked by finite differences. */
START_TEST(t_gradients)
{
    gsl_rng *r = ae_rng_alloc(3, AE_RNG_DATA);
    model m = model_alloc(_i ? MAXB : B, r);   /* B < max_batch, then B == max_batch */
    ae_optim *o = ae_optim_alloc(AE_SGD, 0.1);
    ae_net_add_params(m.net, o);
    ae_optim_zero_grad(o);
    model_loss(&m);
    const gsl_matrix *dX = ae_net_backward(m.net, m.dY, AE_WANT_DX);
    ck_assert_ptr_nonnull(dX);
    ck_assert_uint_eq(dX->size1, m.X->size1);

    char name[64];
    for (size_t k = 0; k < o->nblocks; k++) {
        snprintf(name, sizeof name, "%s of layer %zu", k % 2 ? "b" : "W", k / 2 + 1);
        ae_gc_result g = ae_gradcheck(model_loss, &m, o->blocks[k].theta, o->blocks[k].grad,
                                      o->blocks[k].n, AE_GC_STEP);
        ck_assert_gradcheck(g, TOL_MODEL, name);
    }
    gsl_matrix *dXc = gsl_matrix_alloc(dX->size1, dX->size2);
    gsl_matrix_memcpy(dXc, dX);
    ae_gc_result g = ae_gradcheck(model_loss, &m, m.X->data, dXc->data, dXc->size1 * dXc->size2,
                                  AE_GC_STEP);
    ck_assert_gradcheck(g, TOL_MODEL, "dX");
    ck_assert_ptr_null(ae_net_backward(m.net, m.dY, AE_SKIP_DX));
    gsl_matrix_free(dXc);
    ae_optim_free(o);
    model_free(&m);
    gsl_rng_free(r);
}
END_TEST

/* The first B rows of a larger batch give the same outputs as a batch of B. */
START_TEST(t_batch_rows)
{
    gsl_rng *r = ae_rng_alloc(4, AE_RNG_DATA);
    model m = model_alloc(MAXB, r);
    gsl_matrix *Yfull = gsl_matrix_alloc(MAXB, SIZES[NL]);
    gsl_matrix_memcpy(Yfull, ae_net_forward(m.net, m.X));
    gsl_matrix_const_view X2 = gsl_matrix_const_submatrix(m.X, 0, 0, 2, SIZES[0]);
    const gsl_matrix *Y2 = ae_net_forward(m.net, &X2.matrix);
    ck_assert_uint_eq(Y2->size1, 2);
    for (size_t n = 0; n < 2; n++)
        for (size_t j = 0; j < SIZES[NL]; j++)
            ck_assert_double_eq_tol(gsl_matrix_get(Y2, n, j), gsl_matrix_get(Yfull, n, j), TOL_EXACT);
    ck_assert_uint_eq(ae_net_hidden(m.net, 2)->size2, SIZES[2]);
    ck_assert_uint_eq(ae_net_nparams(m.net), 24 + 15 + 16 + 15 + 20 + 30);
    char d[128];
    ck_assert_str_eq(ae_net_describe(m.net, d, sizeof d),
                     "5-4-3-4-3-5-5 leaky_relu-sigmoid-tanh-softplus-relu-identity");
    gsl_matrix_free(Yfull);
    model_free(&m);
    gsl_rng_free(r);
}
END_TEST

/* The input-only backward gives the full backward's dX (checked by finite differences
 * above) and leaves every dW, db as it was. */
START_TEST(t_backward_input)
{
    gsl_rng *r = ae_rng_alloc(5, AE_RNG_DATA);
    model m = model_alloc(B, r);
    ae_optim *o = ae_optim_alloc(AE_SGD, 0.1);
    ae_net_add_params(m.net, o);
    ae_optim_zero_grad(o);
    model_loss(&m);
    gsl_matrix *dX = gsl_matrix_alloc(B, SIZES[0]);
    gsl_matrix_memcpy(dX, ae_net_backward(m.net, m.dY, AE_WANT_DX));
    ae_optim_zero_grad(o);
    model_loss(&m);
    const gsl_matrix *dXi = ae_net_backward_input(m.net, m.dY);
    for (size_t n = 0; n < B; n++)
        for (size_t j = 0; j < SIZES[0]; j++)
            ck_assert_double_eq_tol(gsl_matrix_get(dXi, n, j), gsl_matrix_get(dX, n, j), TOL_EXACT);
    for (size_t k = 0; k < o->nblocks; k++)
        for (size_t i = 0; i < o->blocks[k].n; i++)
            ck_assert_double_eq(o->blocks[k].grad[i], 0.0);
    gsl_matrix_free(dX);
    ae_optim_free(o);
    model_free(&m);
    gsl_rng_free(r);
}
END_TEST

/* Forward through the first l layers gives the full forward's h_l. */
START_TEST(t_forward_to)
{
    gsl_rng *r = ae_rng_alloc(6, AE_RNG_DATA);
    model m = model_alloc(B, r);
    ae_net_forward(m.net, m.X);
    gsl_matrix *H3 = gsl_matrix_alloc(B, SIZES[3]);
    gsl_matrix_memcpy(H3, ae_net_hidden(m.net, 3));
    const gsl_matrix *h = ae_net_forward_to(m.net, m.X, 3);
    ck_assert_uint_eq(h->size2, SIZES[3]);
    ck_assert(gsl_matrix_equal(h, H3));
    gsl_matrix_free(H3);
    model_free(&m);
    gsl_rng_free(r);
}
END_TEST

/* ---- parameter files ---- */

static char dir[64], path[128];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/aelab-check-net.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ae.net", dir);
}

static void remove_dir(void)
{
    unlink(path);
    rmdir(dir);
}

static long file_size(const char *p)
{
    FILE *f = fopen(p, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

START_TEST(t_save_load)
{
    gsl_rng *r = ae_rng_alloc(5, AE_RNG_DATA);
    model m = model_alloc(B, r);
    ck_assert_int_eq(ae_net_save(m.net, dir, "ae.net"), AE_OK);
    ck_assert_int_eq(file_size(path), 8 + 4 * (2 + NL + 1 + NL) + 8 * (long)ae_net_nparams(m.net));
    ae_net *got;
    ck_assert_int_eq(ae_net_load(&got, path, B), AE_OK);
    for (size_t i = 0; i < NL; i++) {
        ck_assert_int_eq(got->f[i], ACTS[i]);
        ck_assert(gsl_matrix_equal(got->layer[i]->W, m.net->layer[i]->W));
        ck_assert(gsl_vector_equal(got->layer[i]->b, m.net->layer[i]->b));
    }
    ae_net_init(got, r, 1.0);
    ck_assert_int_eq(ae_net_load_into(got, path), AE_OK);
    ck_assert(gsl_matrix_equal(got->layer[0]->W, m.net->layer[0]->W));
    ae_net_free(got);

    const size_t other[] = {5, 3, 5};   /* a different architecture: refused by name */
    const ae_act acts[] = {AE_RELU, AE_IDENTITY};
    ae_net *small = ae_net_alloc(2, other, acts, B);
    ck_assert_int_eq(ae_net_load_into(small, path), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "5-3-5"));
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), path));
    ae_net_free(small);
    model_free(&m);
    gsl_rng_free(r);
}
END_TEST

/* Damage one saved file in several ways: each is refused with a message naming the file. */
static void write_bytes(const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(b, 1, n, f), n);
    fclose(f);
}

START_TEST(t_damaged)
{
    gsl_rng *r = ae_rng_alloc(6, AE_RNG_DATA);
    model m = model_alloc(B, r);
    ck_assert_int_eq(ae_net_save(m.net, dir, "ae.net"), AE_OK);
    size_t n = (size_t)file_size(path);
    unsigned char *good = malloc(n + 8), *b = malloc(n + 8);
    FILE *f = fopen(path, "rb");
    ck_assert_uint_eq(fread(good, 1, n, f), n);
    fclose(f);

    struct { const char *need; size_t len; size_t at; unsigned char byte; } cases[] = {
        {"magic", n, 0, 'X'},            /* bad magic */
        {"version", n, 8, 9},            /* version 9 */
        {"layers", n, 12, 0},            /* 0 layers */
        {"width", n, 16, 0},             /* input width 0 */
        {"activation", n, 16 + 4 * (NL + 1), 77},
        {"truncated", n - 1, 0, 'a'},    /* one byte short ('a' rewrites the magic's own byte) */
        {"truncated", 10, 0, 'a'},       /* in the header */
        {"after the parameters", n + 8, 0, 'a'},
        {"NaN", n, n - 1, 0x7f},         /* the last double's top byte: 0x7f.. with ff.. = NaN */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        memcpy(b, good, n);
        memset(b + n, 0, 8);
        b[cases[k].at] = cases[k].byte;
        if (strcmp(cases[k].need, "NaN") == 0)
            memset(b + n - 8, 0xff, 7);
        write_bytes(b, cases[k].len);
        ae_net *got = NULL;
        ck_assert_msg(ae_net_load(&got, path, B) == AE_EINPUT, "case %s: loaded", cases[k].need);
        ck_assert_ptr_null(got);
        ck_assert_msg(strstr(ae_errmsg(), path) && strstr(ae_errmsg(), cases[k].need),
                      "case %s: message '%s'", cases[k].need, ae_errmsg());
    }
    unlink(path);
    ck_assert_int_eq(ae_net_load(&(ae_net *){NULL}, path, B), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "cannot open"));
    free(good);
    free(b);
    model_free(&m);
    gsl_rng_free(r);
}
END_TEST

/* One sigmoid unit, y = sigmoid(w x + b) with w = 1, b = 0, at x = 0: dy/dx = 1/4. */
static ae_net *one_sigmoid(void)
{
    const size_t sizes[] = {1, 1};
    const ae_act f[] = {AE_SIGMOID};
    ae_net *net = ae_net_alloc(1, sizes, f, 1);
    gsl_matrix_set(net->layer[0]->W, 0, 0, 1.0);
    gsl_vector_set(net->layer[0]->b, 0, 0.0);
    return net;
}

/* dY in a buffer of its own: dL/dx = dY * sigma'(0) * w = 1/4 for dY = 1 */
START_TEST(t_backward_own_dY)
{
    ae_net *net = one_sigmoid();
    gsl_matrix *X = gsl_matrix_calloc(1, 1), *dY = gsl_matrix_alloc(1, 1);
    ae_net_forward(net, X);
    gsl_matrix_set(dY, 0, 0, 1.0);
    const gsl_matrix *dX = ae_net_backward(net, dY, AE_WANT_DX);
    ck_assert_double_eq_tol(gsl_matrix_get(dX, 0, 0), 0.25, 1e-15);
    gsl_matrix_free(X);
    gsl_matrix_free(dY);
    ae_net_free(net);
}
END_TEST

/* dY written over the net's own output, which sigmoid' needs: refused (it would give 0) */
START_TEST(t_backward_aliased_dY)
{
    ae_net *net = one_sigmoid();
    gsl_matrix *X = gsl_matrix_calloc(1, 1);
    gsl_matrix *Y = (gsl_matrix *)ae_net_forward(net, X);
    gsl_matrix_set(Y, 0, 0, 1.0);
    ae_net_backward(net, Y, AE_WANT_DX);   /* aborts */
}
END_TEST

/* ae_net_copy: the copy computes what the original does */
START_TEST(t_copy)
{
    const size_t sizes[] = {5, 4, 3};
    const ae_act f[] = {AE_TANH, AE_SIGMOID};
    ae_net *a = ae_net_alloc(2, sizes, f, 2), *b = ae_net_alloc(2, sizes, f, 2);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    ae_net_init(a, r, 1.0);
    gsl_matrix *X = gsl_matrix_alloc(2, 5), *Ya = gsl_matrix_alloc(2, 3);
    for (size_t i = 0; i < X->size1 * X->size2; i++)
        X->data[i] = gsl_rng_uniform(r) - 0.5;
    gsl_matrix_memcpy(Ya, ae_net_forward(a, X));
    ae_net_copy(b, a);
    const gsl_matrix *Yb = ae_net_forward(b, X);
    for (size_t i = 0; i < 6; i++)
        ck_assert_double_eq(Yb->data[i], Ya->data[i]);
    ae_net_free(a);
    ae_net_free(b);
    gsl_matrix_free(X);
    gsl_matrix_free(Ya);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("net");
    TCase *tc = tcase_create("gradients");
    tcase_add_loop_test(tc, t_gradients, 0, 2);
    tcase_add_test(tc, t_batch_rows);
    tcase_add_test(tc, t_backward_input);
    tcase_add_test(tc, t_forward_to);
    tcase_add_test(tc, t_backward_own_dY);
    tcase_add_test(tc, t_copy);
    tcase_add_test_raise_signal(tc, t_backward_aliased_dY, SIGABRT);
    suite_add_tcase(s, tc);
    tc = tcase_create("parameter files");
    tcase_add_checked_fixture(tc, make_dir, remove_dir);
    tcase_add_test(tc, t_save_load);
    tcase_add_test(tc, t_damaged);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
