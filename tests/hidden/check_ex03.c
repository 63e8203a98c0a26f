/* Graded exercises of lesson 03 (one TCase per exercise; grading/points.txt).
 * Every check fails for the stubs (dX = 0, share = 0). */
#include <math.h>
#include <string.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "../../lessons/03-conv/exercises.h"
#include "conv.h"
#include "pool.h"
#include "rng.h"
#include "../test.h"

enum { NB = 3 };

/* sum_ij C_ij Y_ij: a scalar loss with dL/dY = C */
static double dot(const gsl_matrix *C, const gsl_matrix *Y)
{
    double s = 0.0;
    for (size_t i = 0; i < Y->size1; i++)
        for (size_t j = 0; j < Y->size2; j++)
            s += gsl_matrix_get(C, i, j) * gsl_matrix_get(Y, i, j);
    return s;
}

static void assert_near(const double *got, const double *want, size_t n, double tol, const char *what)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(got[i] - want[i]) <= tol * (1.0 + fabs(want[i])),
                      "%s[%zu]: expected %.15g, got %.15g", what, i, want[i], got[i]);
}

/* ---- 3.1 conv2d backward for the input ---- */

START_TEST(conv_input_hand)
{
    /* one 3 x 3 image, W = [[1, 2], [3, 4]], stride 1, no padding: y_ij = sum w_ab x_{i+a, j+b}.
     * dY = [[1, 0], [0, 0]] sends W to the top-left 2 x 2 of dX;
     * dY = [[0, 0], [0, 1]] to the bottom-right; all ones adds the four copies up. */
    const double w[4] = {1, 2, 3, 4};
    const double dy[3][4] = {{1, 0, 0, 0}, {0, 0, 0, 1}, {1, 1, 1, 1}};
    const double want[3][9] = {{1, 2, 0, 3, 4, 0, 0, 0, 0},
                               {0, 0, 0, 0, 1, 2, 0, 3, 4},
                               {1, 3, 2, 4, 10, 6, 3, 7, 4}};
    ae_conv_geom g = ae_conv_geom_make(1, 3, 3, 1, 2, 1, 0);
    gsl_matrix_const_view W = gsl_matrix_const_view_array(w, 1, 4);
    gsl_matrix_const_view dY = gsl_matrix_const_view_array(&dy[0][0], 3, 4);
    gsl_matrix *dX = gsl_matrix_alloc(3, 9), *dcol = gsl_matrix_alloc(4, 4);
    gsl_matrix_set_all(dX, 99.0);
    ex03_conv_backward_input(dX, dcol, &dY.matrix, &W.matrix, &g);
    assert_near(dX->data, &want[0][0], 27, TOL_EXACT, "dX");
    gsl_matrix_free(dX);
    gsl_matrix_free(dcol);
}
END_TEST

typedef struct {
    ae_conv *L;
    gsl_matrix *X, *Y, *C;
} conv_ctx;

static double conv_loss(void *p)
{
    conv_ctx *c = p;
    ae_conv_forward(c->Y, c->X, c->L);
    return dot(c->C, c->Y);
}

/* c, h, w, oc, k, stride, pad: same padding, stride 2, odd sides, pad > k/2 */
static const size_t GEOMS[][7] = {
    {2, 5, 6, 3, 3, 1, 1}, {3, 7, 5, 2, 3, 2, 1}, {1, 8, 8, 4, 3, 2, 1}, {2, 5, 7, 3, 3, 2, 2},
};

START_TEST(conv_input_fd)
{
    const size_t *t = GEOMS[_i];
    gsl_rng *r = ae_rng_alloc(30 + (size_t)_i, AE_RNG_INIT);
    conv_ctx c = {ae_conv_alloc(t[0], t[1], t[2], t[3], t[4], t[5], t[6], NB), NULL, NULL, NULL};
    ae_conv_init(c.L, r, 1.0);
    c.X = gsl_matrix_alloc(NB, c.L->in);
    c.Y = gsl_matrix_alloc(NB, c.L->out);
    c.C = gsl_matrix_alloc(NB, c.L->out);
    fill_uniform(c.X, r, -1, 1);
    fill_uniform(c.C, r, -1, 1);
    gsl_matrix *dX = gsl_matrix_alloc(NB, c.L->in);
    gsl_matrix *dcol = gsl_matrix_alloc(c.L->W->size2, c.L->g.oh * c.L->g.ow);
    gsl_matrix_set_all(dX, 99.0);
    ex03_conv_backward_input(dX, dcol, c.C, c.L->W, &c.L->g);
    ae_gc_result res = ae_gradcheck(conv_loss, &c, c.X->data, dX->data, NB * c.L->in, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "dL/dX");
    /* and the library's backward pass agrees */
    gsl_matrix *dXlib = gsl_matrix_alloc(NB, c.L->in);
    ae_conv_backward(dXlib, c.L, c.C, c.X);
    assert_near(dX->data, dXlib->data, NB * c.L->in, 1e-12, "dX vs ae_conv_backward");
    ae_conv_free(c.L);
    gsl_matrix *m[] = {c.X, c.Y, c.C, dX, dcol, dXlib};
    for (size_t k = 0; k < 6; k++)
        gsl_matrix_free(m[k]);
    gsl_rng_free(r);
}
END_TEST

/* ---- 3.2 max-pool backward ---- */

START_TEST(maxpool_hand)
{
    /* 4 x 4 image, 2 x 2 windows: maxima 6 (index 5), 8 (7), 14 (13), 16 (15) in
     * an image whose values rise to the right and down; the second image is reversed */
    double x[2][16], dy[2][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}};
    for (size_t i = 0; i < 16; i++) {
        x[0][i] = (double)(i + 1);
        x[1][i] = (double)(16 - i);
    }
    double want[2][16] = {{0}};
    want[0][5] = 1, want[0][7] = 2, want[0][13] = 3, want[0][15] = 4;
    want[1][0] = 5, want[1][2] = 6, want[1][8] = 7, want[1][10] = 8;
    ae_maxpool *P = ae_maxpool_alloc(1, 4, 4, 2, 2);
    gsl_matrix_view X = gsl_matrix_view_array(&x[0][0], 2, 16);
    gsl_matrix_view dY = gsl_matrix_view_array(&dy[0][0], 2, 4);
    gsl_matrix *Y = gsl_matrix_alloc(2, 4), *dX = gsl_matrix_alloc(2, 16);
    ae_maxpool_forward(Y, P, &X.matrix);
    gsl_matrix_set_all(dX, 99.0);
    ex03_maxpool_backward(dX, P, &dY.matrix);
    assert_near(dX->data, &want[0][0], 32, TOL_EXACT, "dX");
    ae_maxpool_free(P);
    gsl_matrix_free(Y);
    gsl_matrix_free(dX);
}
END_TEST

typedef struct {
    ae_maxpool *P;
    gsl_matrix *X, *Y, *C;
} pool_ctx;

static double pool_loss(void *p)
{
    pool_ctx *c = p;
    ae_maxpool_forward(c->Y, c->P, c->X);
    return dot(c->C, c->Y);
}

START_TEST(maxpool_fd)
{
    /* distinct inputs 0.01 apart (no ties), odd sides: windows cut short at the edges */
    static const size_t shapes[][4] = {{2, 6, 6, 2}, {3, 7, 5, 2}, {1, 7, 7, 3}};
    const size_t *s = shapes[_i];
    gsl_rng *r = ae_rng_alloc(40 + (size_t)_i, AE_RNG_DATA);
    pool_ctx c = {ae_maxpool_alloc(s[0], s[1], s[2], s[3], NB), NULL, NULL, NULL};
    c.X = gsl_matrix_alloc(NB, c.P->in);
    c.Y = gsl_matrix_alloc(NB, c.P->out);
    c.C = gsl_matrix_alloc(NB, c.P->out);
    size_t n = NB * c.P->in;
    for (size_t i = 0; i < n; i++)
        c.X->data[i] = 0.01 * (double)i;
    gsl_ran_shuffle(r, c.X->data, n, sizeof(double));
    fill_uniform(c.C, r, -1, 1);
    gsl_matrix *dX = gsl_matrix_alloc(NB, c.P->in);
    pool_loss(&c);
    gsl_matrix_set_all(dX, 99.0);
    ex03_maxpool_backward(dX, c.P, c.C);
    ae_gc_result res = ae_gradcheck(pool_loss, &c, c.X->data, dX->data, n, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "max-pool dL/dX");
    ae_maxpool_free(c.P);
    gsl_matrix *m[] = {c.X, c.Y, c.C, dX};
    for (size_t k = 0; k < 4; k++)
        gsl_matrix_free(m[k]);
    gsl_rng_free(r);
}
END_TEST

/* ---- 3.3 the checkerboard measure ---- */

START_TEST(nyquist_patterns)
{
    /* a checkerboard (-1)^(i+j), stripes (-1)^i and their sum are all Nyquist power: 1;
     * a constant image has no power at all: 0 */
    enum { N = 8 };
    double x[N * N];
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            x[i * N + j] = 3.0 + (((i + j) % 2) ? -1.0 : 1.0);
    ck_assert_double_eq_tol(ex03_nyquist_share(x, N), 1.0, TOL_EXACT);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            x[i * N + j] = (i % 2 ? -2.0 : 2.0) + (j % 2 ? 0.5 : -0.5);
    ck_assert_double_eq_tol(ex03_nyquist_share(x, N), 1.0, TOL_EXACT);
    for (size_t i = 0; i < N * N; i++)
        x[i] = 0.25;
    ck_assert_double_eq_tol(ex03_nyquist_share(x, N), 0.0, TOL_EXACT);
    /* and a checkerboard pattern is reported also when it is not the image's origin parity */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            x[i * N + j] = ((i + j) % 2) ? 1.0 : 0.0;
    ck_assert_double_eq_tol(ex03_nyquist_share(x, N), 1.0, TOL_EXACT);
}
END_TEST

START_TEST(nyquist_mixture)
{
    /* x = a (-1)^i + b cos(2 pi j / n): the DFT puts n^2 a on F(n/2, 0) and n^2 b / 2 on
     * F(0, 1) and F(0, n - 1); the total power is n^4 (a^2 + b^2 / 2), so the share is
     * a^2 / (a^2 + b^2 / 2). A ramp has a little Nyquist power and no more. */
    enum { N = 12 };
    const double a = 0.3, b = 1.2;
    double x[N * N];
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            x[i * N + j] = a * (i % 2 ? -1.0 : 1.0) + b * cos(2.0 * M_PI * (double)j / N);
    double want = a * a / (a * a + b * b / 2.0);
    ck_assert_msg(fabs(ex03_nyquist_share(x, N) - want) < 1e-12, "mixture: expected %.15g, got %.15g",
                  want, ex03_nyquist_share(x, N));
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            x[i * N + j] = (double)(i + j);
    double ramp = ex03_nyquist_share(x, N);
    ck_assert_msg(ramp > 0.0 && ramp < 0.05, "ramp: share %.6g, want in (0, 0.05)", ramp);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex03");
    TCase *tc = tcase_create("ex03_conv_backward_input");
    tcase_add_test(tc, conv_input_hand);
    tcase_add_loop_test(tc, conv_input_fd, 0, 4);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex03_maxpool_backward");
    tcase_add_test(tc, maxpool_hand);
    tcase_add_loop_test(tc, maxpool_fd, 0, 3);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex03_nyquist_share");
    tcase_add_test(tc, nyquist_patterns);
    tcase_add_test(tc, nyquist_mixture);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
