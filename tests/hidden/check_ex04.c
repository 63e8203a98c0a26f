/* Graded exercises of lesson 04 (one TCase per exercise; grading/points.txt).
 * Every check fails for the stubs (no pixel masked; R = the noisy input; no unit dropped,
 * dX = 0). */
#include <math.h>

#include <gsl/gsl_matrix.h>

#include "../../lessons/04-denoising/exercises.h"
#include "data.h"
#include "dropout.h"
#include "rng.h"
#include "../test.h"

/* ---- 4.1 masking noise ---- */

static size_t zeros_in_row(const gsl_matrix *X, size_t b)
{
    size_t n = 0;
    for (size_t j = 0; j < X->size2; j++)
        n += gsl_matrix_get(X, b, j) == 0.0;
    return n;
}

START_TEST(mask_exact_count)
{
    /* rows of values in [0.2, 1]: exactly round(nu D) zeros per row, others unchanged,
     * the input untouched; in place gives the same count */
    enum { N = 50, D = 30 };
    const double nus[] = {0.1, 0.5, 0.9};
    gsl_rng *data = ae_rng_alloc(401, AE_RNG_DATA), *r = ae_rng_alloc(401, AE_RNG_NOISE);
    gsl_matrix *X = gsl_matrix_alloc(N, D), *Xc = gsl_matrix_alloc(N, D), *X0 = gsl_matrix_alloc(N, D);
    fill_uniform(X, data, 0.2, 1.0);
    gsl_matrix_memcpy(X0, X);
    for (size_t t = 0; t < 3; t++) {
        size_t want = (size_t)lround(nus[t] * D);
        ex04_mask_noise(Xc, X, nus[t], r);
        ck_assert_msg(gsl_matrix_equal(X, X0), "nu %g: the input X was changed", nus[t]);
        for (size_t b = 0; b < N; b++) {
            ck_assert_msg(zeros_in_row(Xc, b) == want, "nu %g row %zu: %zu zeros, want %zu", nus[t], b,
                          zeros_in_row(Xc, b), want);
            for (size_t j = 0; j < D; j++)
                if (gsl_matrix_get(Xc, b, j) != 0.0)
                    ck_assert_msg(gsl_matrix_get(Xc, b, j) == gsl_matrix_get(X, b, j),
                                  "nu %g: [%zu][%zu] changed but not masked", nus[t], b, j);
        }
    }
    gsl_matrix_memcpy(Xc, X);
    ex04_mask_noise(Xc, Xc, 0.5, r);
    for (size_t b = 0; b < N; b++)
        ck_assert_msg(zeros_in_row(Xc, b) == 15, "in place, row %zu: %zu zeros, want 15", b, zeros_in_row(Xc, b));
    gsl_matrix_free(X);
    gsl_matrix_free(Xc);
    gsl_matrix_free(X0);
    gsl_rng_free(data);
    gsl_rng_free(r);
}
END_TEST

START_TEST(mask_uniform)
{
    /* 2000 rows of 10 with nu = 0.3: each position masked 600 times on average
     * (sd 20.5); and the masks differ from row to row */
    enum { N = 2000, D = 10 };
    gsl_rng *r = ae_rng_alloc(402, AE_RNG_NOISE);
    gsl_matrix *X = gsl_matrix_alloc(N, D);
    gsl_matrix_set_all(X, 1.0);
    ex04_mask_noise(X, X, 0.3, r);
    size_t total = 0;
    for (size_t j = 0; j < D; j++) {
        size_t hits = 0;
        for (size_t b = 0; b < N; b++)
            hits += gsl_matrix_get(X, b, j) == 0.0;
        total += hits;
        ck_assert_msg(fabs((double)hits - 600.0) < 6 * 20.5, "position %zu masked %zu times, want ~600", j, hits);
    }
    ck_assert_msg(total == 3 * N, "%zu masked in all, want %d", total, 3 * N);
    size_t same = 0;
    for (size_t b = 1; b < N; b++) {
        gsl_vector_view a = gsl_matrix_row(X, b), c = gsl_matrix_row(X, b - 1);
        same += gsl_vector_equal(&a.vector, &c.vector);
    }
    ck_assert_msg(same < N / 20, "%zu of %d neighbouring rows have the same mask", same, N);
    gsl_matrix_free(X);
    gsl_rng_free(r);
}
END_TEST

/* ---- 4.2 the best denoiser ---- */

START_TEST(bayes_hand)
{
    /* one data point: r = that point anywhere. Two points (-1, 0), (1, 0): at (0, y) the
     * average (0, 0); at (0.5, 0) with sigma = 1 the weights are e^{-1.125}, e^{-0.125}:
     * r_x = (e^{-0.125} - e^{-1.125}) / (e^{-0.125} + e^{-1.125}) = tanh(1/2) */
    const double one[] = {0.3, -0.7}, two[] = {-1, 0, 1, 0}, xt[] = {5, 5, 0, 2, 0.5, 0};
    gsl_matrix_const_view P1 = gsl_matrix_const_view_array(one, 1, 2), P2 = gsl_matrix_const_view_array(two, 2, 2);
    gsl_matrix_const_view Xt = gsl_matrix_const_view_array(xt, 3, 2);
    gsl_matrix *R = gsl_matrix_alloc(3, 2);
    ex04_bayes_denoiser(R, &Xt.matrix, &P1.matrix, 0.5);
    for (size_t b = 0; b < 3; b++)
        ck_assert_msg(fabs(gsl_matrix_get(R, b, 0) - 0.3) < TOL_EXACT && fabs(gsl_matrix_get(R, b, 1) + 0.7) < TOL_EXACT,
                      "one data point: row %zu gives (%g, %g), want (0.3, -0.7)", b, gsl_matrix_get(R, b, 0),
                      gsl_matrix_get(R, b, 1));
    ex04_bayes_denoiser(R, &Xt.matrix, &P2.matrix, 1.0);
    ck_assert_msg(fabs(gsl_matrix_get(R, 1, 0)) < TOL_EXACT && fabs(gsl_matrix_get(R, 1, 1)) < TOL_EXACT,
                  "(0, 2) between two points: got (%g, %g), want (0, 0)", gsl_matrix_get(R, 1, 0), gsl_matrix_get(R, 1, 1));
    ck_assert_msg(fabs(gsl_matrix_get(R, 2, 0) - tanh(0.5)) < TOL_EXACT, "(0.5, 0): r_x %.15g, want tanh(1/2) = %.15g",
                  gsl_matrix_get(R, 2, 0), tanh(0.5));
    gsl_matrix_free(R);
}
END_TEST

typedef struct {
    gsl_matrix *P;
    double x[2], sigma;
} density_ctx;

/* log p_sigma(x) up to a constant: log sum_n exp(-||x - x_n||^2 / 2 sigma^2) */
static double log_density(void *p)
{
    density_ctx *c = p;
    double best = -INFINITY, e[64];
    for (size_t n = 0; n < c->P->size1; n++) {
        double dx = c->x[0] - gsl_matrix_get(c->P, n, 0), dy = c->x[1] - gsl_matrix_get(c->P, n, 1);
        e[n] = -(dx * dx + dy * dy) / (2 * c->sigma * c->sigma);
        best = fmax(best, e[n]);
    }
    double s = 0.0;
    for (size_t n = 0; n < c->P->size1; n++)
        s += exp(e[n] - best);
    return best + log(s);
}

START_TEST(bayes_is_score)
{
    /* Tweedie / Alain & Bengio: r(x~) - x~ = sigma^2 grad log p_sigma(x~); the gradient by
     * central differences at a few points near 20 random data points */
    gsl_rng *r = ae_rng_alloc(403, AE_RNG_DATA);
    density_ctx c = {gsl_matrix_alloc(20, 2), {0, 0}, 0.3};
    fill_uniform(c.P, r, -1, 1);
    gsl_matrix *Xt = gsl_matrix_alloc(1, 2), *R = gsl_matrix_alloc(1, 2);
    for (size_t t = 0; t < 5; t++) {
        c.x[0] = ae_rng_uniform(r, -1.2, 1.2);
        c.x[1] = ae_rng_uniform(r, -1.2, 1.2);
        gsl_matrix_set(Xt, 0, 0, c.x[0]);
        gsl_matrix_set(Xt, 0, 1, c.x[1]);
        ex04_bayes_denoiser(R, Xt, c.P, c.sigma);
        double want[2] = {(gsl_matrix_get(R, 0, 0) - c.x[0]) / (c.sigma * c.sigma),
                          (gsl_matrix_get(R, 0, 1) - c.x[1]) / (c.sigma * c.sigma)};
        ae_gc_result res = ae_gradcheck(log_density, &c, c.x, want, 2, AE_GC_STEP);
        ck_assert_gradcheck(res, 1e-6, "(r(x~) - x~) / sigma^2 vs grad log p");
        ck_assert_msg(hypot(want[0], want[1]) > 1e-3, "point %zu: r(x~) = x~; the field is zero", t);
    }
    gsl_matrix_free(c.P);
    gsl_matrix_free(Xt);
    gsl_matrix_free(R);
    gsl_rng_free(r);
}
END_TEST

START_TEST(bayes_small_sigma)
{
    /* sigma = 0.001 and a query far from everything: exp(-d^2/2 sigma^2) underflows unless
     * the largest weight is factored out; the answer is the nearest data point */
    const double pts[] = {0, 0, 3, 0, 0, 4}, xt[] = {10, 1};
    gsl_matrix_const_view P = gsl_matrix_const_view_array(pts, 3, 2), Xt = gsl_matrix_const_view_array(xt, 1, 2);
    gsl_matrix *R = gsl_matrix_alloc(1, 2);
    ex04_bayes_denoiser(R, &Xt.matrix, &P.matrix, 0.001);
    ck_assert_msg(isfinite(gsl_matrix_get(R, 0, 0)) && isfinite(gsl_matrix_get(R, 0, 1)), "not finite: (%g, %g)",
                  gsl_matrix_get(R, 0, 0), gsl_matrix_get(R, 0, 1));
    ck_assert_msg(fabs(gsl_matrix_get(R, 0, 0) - 3) < TOL_EXACT && fabs(gsl_matrix_get(R, 0, 1)) < TOL_EXACT,
                  "got (%g, %g), want the nearest point (3, 0)", gsl_matrix_get(R, 0, 0), gsl_matrix_get(R, 0, 1));
    gsl_matrix_free(R);
}
END_TEST

/* ---- 4.3 dropout ---- */

START_TEST(dropout_forward_mask)
{
    /* the library's draws from the same generator state: the same mask, entry for entry (one
     * gsl_rng_uniform per entry, row by row); Y = M * X; in place gives the same */
    enum { B = 30, H = 40 };
    const double ps[] = {0.2, 0.5};
    gsl_rng *data = ae_rng_alloc(431, AE_RNG_DATA), *r = ae_rng_alloc(431, AE_RNG_NOISE);
    gsl_rng *ref = ae_rng_alloc(431, AE_RNG_NOISE);
    gsl_matrix *X = gsl_matrix_alloc(B, H), *Y = gsl_matrix_alloc(B, H), *M = gsl_matrix_alloc(B, H);
    gsl_matrix *Yr = gsl_matrix_alloc(B, H), *Mr = gsl_matrix_alloc(B, H);
    fill_uniform(X, data, 0.5, 1.5);
    for (size_t t = 0; t < 2; t++)
        for (int rescale = 0; rescale <= 1; rescale++) {
            ex04_dropout_forward(Y, M, X, ps[t], rescale, r);
            ae_dropout_forward(Yr, Mr, X, ps[t], rescale, ref);
            for (size_t i = 0; i < B; i++)
                for (size_t j = 0; j < H; j++) {
                    ck_assert_msg(gsl_matrix_get(M, i, j) == gsl_matrix_get(Mr, i, j),
                                  "p %g rescale %d: M[%zu][%zu] = %g, want %g", ps[t], rescale, i, j,
                                  gsl_matrix_get(M, i, j), gsl_matrix_get(Mr, i, j));
                    ck_assert_msg(fabs(gsl_matrix_get(Y, i, j) - gsl_matrix_get(Yr, i, j)) < TOL_EXACT,
                                  "p %g rescale %d: Y[%zu][%zu] = %g, want %g", ps[t], rescale, i, j,
                                  gsl_matrix_get(Y, i, j), gsl_matrix_get(Yr, i, j));
                }
        }
    gsl_matrix_memcpy(Y, X);
    ex04_dropout_forward(Y, M, Y, 0.5, 1, r);
    ae_dropout_forward(Yr, Mr, X, 0.5, 1, ref);
    ck_assert_msg(gsl_matrix_equal(M, Mr) && gsl_matrix_equal(Y, Yr), "in place (Y = X): a different result");
    gsl_matrix_free(X), gsl_matrix_free(Y), gsl_matrix_free(M), gsl_matrix_free(Yr), gsl_matrix_free(Mr);
    gsl_rng_free(data), gsl_rng_free(r), gsl_rng_free(ref);
}
END_TEST

typedef struct {
    gsl_matrix *X, *Y, *M, *C;
} drop_ctx;

/* L = sum_ij C_ij Y_ij^2 with Y = M * X, the mask held fixed (computed here, not by the exercise) */
static double drop_loss(void *p)
{
    drop_ctx *c = p;
    double L = 0.0;
    for (size_t i = 0; i < c->X->size1 * c->X->size2; i++) {
        double y = c->M->data[i] * c->X->data[i];
        L += c->C->data[i] * y * y;
    }
    return L;
}

START_TEST(dropout_backward_gradcheck)
{
    /* dL/dX = M * dY against central differences, a mask of zeros and 1/(1 - p); in place too */
    enum { B = 5, H = 7 };
    gsl_rng *data = ae_rng_alloc(432, AE_RNG_DATA), *r = ae_rng_alloc(432, AE_RNG_NOISE);
    drop_ctx c = {gsl_matrix_alloc(B, H), gsl_matrix_alloc(B, H), gsl_matrix_alloc(B, H), gsl_matrix_alloc(B, H)};
    gsl_matrix *dY = gsl_matrix_alloc(B, H), *dX = gsl_matrix_alloc(B, H);
    fill_uniform(c.X, data, -2, 2);
    fill_uniform(c.C, data, 0.5, 1.5);
    ae_dropout_forward(c.Y, c.M, c.X, 0.4, 1, r);
    for (size_t i = 0; i < B * H; i++)
        dY->data[i] = 2 * c.C->data[i] * c.Y->data[i];
    ex04_dropout_backward(dX, c.M, dY);
    ae_gc_result res = ae_gradcheck(drop_loss, &c, c.X->data, dX->data, B * H, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "dropout backward");
    ex04_dropout_backward(dY, c.M, dY);
    ck_assert_msg(gsl_matrix_equal(dY, dX), "in place (dX = dY): a different result");
    gsl_matrix_free(c.X), gsl_matrix_free(c.Y), gsl_matrix_free(c.M), gsl_matrix_free(c.C);
    gsl_matrix_free(dY), gsl_matrix_free(dX);
    gsl_rng_free(data), gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex04");
    TCase *tc = tcase_create("ex04_mask_noise");
    tcase_add_test(tc, mask_exact_count);
    tcase_add_test(tc, mask_uniform);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex04_bayes_denoiser");
    tcase_add_test(tc, bayes_hand);
    tcase_add_test(tc, bayes_is_score);
    tcase_add_test(tc, bayes_small_sigma);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex04_dropout");
    tcase_add_test(tc, dropout_forward_mask);
    tcase_add_test(tc, dropout_backward_gradcheck);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
