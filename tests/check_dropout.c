/* check_dropout — the dropout layer: the mask's values and rate, E[Y] = X when rescaled,
 * in-place use, and the backward against central differences of a loss through it. */
#include <math.h>

#include <gsl/gsl_matrix.h>

#include "dropout.h"
#include "rng.h"
#include "test.h"

START_TEST(t_mask_values_and_rate)
{
    /* 200 x 50 entries: every mask entry 0 or s, the share dropped p within 5 sd, Y = M * X */
    enum { B = 200, H = 50 };
    const double ps[] = {0.1, 0.5, 0.8};
    gsl_rng *data = ae_rng_alloc(7, AE_RNG_DATA), *r = ae_rng_alloc(7, AE_RNG_NOISE);
    gsl_matrix *X = gsl_matrix_alloc(B, H), *Y = gsl_matrix_alloc(B, H), *M = gsl_matrix_alloc(B, H);
    fill_uniform(X, data, 0.5, 1.5);
    for (size_t t = 0; t < 3; t++)
        for (int rescale = 0; rescale <= 1; rescale++) {
            const double p = ps[t], s = rescale ? 1.0 / (1.0 - p) : 1.0, n = (double)(B * H);
            ae_dropout_forward(Y, M, X, p, rescale, r);
            double dropped = 0.0;
            for (size_t i = 0; i < B; i++)
                for (size_t j = 0; j < H; j++) {
                    double m = gsl_matrix_get(M, i, j);
                    ck_assert_msg(m == 0.0 || m == s, "p %g rescale %d: M[%zu][%zu] = %g, want 0 or %g", p, rescale, i,
                                  j, m, s);
                    ck_assert_msg(gsl_matrix_get(Y, i, j) == m * gsl_matrix_get(X, i, j), "p %g: Y != M * X", p);
                    dropped += m == 0.0;
                }
            ck_assert_msg(fabs(dropped / n - p) < 5 * sqrt(p * (1 - p) / n), "p %g: %.4f of the entries dropped", p,
                          dropped / n);
        }
    gsl_matrix_free(X);
    gsl_matrix_free(Y);
    gsl_matrix_free(M);
    gsl_rng_free(data);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_rescaled_mean)
{
    /* inverted dropout keeps the mean: 20,000 draws of a row of ones average to 1 within 5 sd */
    enum { B = 20000, H = 4 };
    const double p = 0.3;
    gsl_rng *r = ae_rng_alloc(8, AE_RNG_NOISE);
    gsl_matrix *X = gsl_matrix_alloc(B, H), *M = gsl_matrix_alloc(B, H);
    gsl_matrix_set_all(X, 1.0);
    ae_dropout_forward(X, M, X, p, 1, r);   /* in place */
    for (size_t j = 0; j < H; j++) {
        double mean = 0.0;
        for (size_t i = 0; i < B; i++)
            mean += gsl_matrix_get(X, i, j) / B;
        double sd = sqrt(p / (1 - p) / B);
        ck_assert_msg(fabs(mean - 1.0) < 5 * sd, "column %zu: mean %.4f, want 1 (sd %.4f)", j, mean, sd);
    }
    gsl_matrix_free(X);
    gsl_matrix_free(M);
    gsl_rng_free(r);
}
END_TEST

typedef struct {
    gsl_matrix *X, *Y, *M, *C;
} drop_ctx;

/* L = sum_ij C_ij Y_ij^2, Y = M * X with the mask M held fixed */
static double drop_loss(void *p)
{
    drop_ctx *c = p;
    ae_dropout_backward(c->Y, c->M, c->X);   /* Y = M * X: the same entrywise product */
    double L = 0.0;
    for (size_t i = 0; i < c->Y->size1; i++)
        for (size_t j = 0; j < c->Y->size2; j++)
            L += gsl_matrix_get(c->C, i, j) * gsl_matrix_get(c->Y, i, j) * gsl_matrix_get(c->Y, i, j);
    return L;
}

START_TEST(t_backward_gradcheck)
{
    /* dL/dX from the backward (dY = 2 C * Y) against central differences, both scalings */
    enum { B = 4, H = 6 };
    gsl_rng *data = ae_rng_alloc(9, AE_RNG_DATA), *r = ae_rng_alloc(9, AE_RNG_NOISE);
    drop_ctx c = {gsl_matrix_alloc(B, H), gsl_matrix_alloc(B, H), gsl_matrix_alloc(B, H), gsl_matrix_alloc(B, H)};
    gsl_matrix *dY = gsl_matrix_alloc(B, H), *dX = gsl_matrix_alloc(B, H);
    fill_uniform(c.X, data, -2, 2);
    fill_uniform(c.C, data, 0.5, 1.5);
    for (int rescale = 0; rescale <= 1; rescale++) {
        ae_dropout_forward(c.Y, c.M, c.X, 0.4, rescale, r);
        for (size_t i = 0; i < B; i++)
            for (size_t j = 0; j < H; j++)
                gsl_matrix_set(dY, i, j, 2 * gsl_matrix_get(c.C, i, j) * gsl_matrix_get(c.Y, i, j));
        ae_dropout_backward(dX, c.M, dY);
        ae_gc_result res = ae_gradcheck(drop_loss, &c, c.X->data, dX->data, B * H, AE_GC_STEP);
        ck_assert_gradcheck(res, TOL_OP, rescale ? "dropout backward, rescaled" : "dropout backward, s = 1");
        ae_dropout_backward(dY, c.M, dY);   /* in place gives the same */
        ck_assert_msg(gsl_matrix_equal(dY, dX), "in-place backward differs");
    }
    gsl_matrix_free(c.X);
    gsl_matrix_free(c.Y);
    gsl_matrix_free(c.M);
    gsl_matrix_free(c.C);
    gsl_matrix_free(dY);
    gsl_matrix_free(dX);
    gsl_rng_free(data);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("dropout");
    TCase *tc = tcase_create("dropout");
    tcase_add_test(tc, t_mask_values_and_rate);
    tcase_add_test(tc, t_rescaled_mean);
    tcase_add_test(tc, t_backward_gradcheck);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
