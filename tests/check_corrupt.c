/* check_corrupt — the corruption noise of lib/data (lesson 04): the statistics of
 * each kind (how many components are hit, the noise variance, clipping), that the
 * hit components are uniformly spread, that views and in-place use work, and that
 * the same seed gives the same corruption. */
#include <math.h>

#include <gsl/gsl_matrix.h>

#include "corrupt.h"
#include "rng.h"
#include "test.h"

enum { ROWS = 400, D = 100, PAD = 3 };

/* A ROWS x D view (tda > size2) of a matrix filled with value, padding with -7. */
typedef struct {
    gsl_matrix *parent;
    gsl_matrix_view X;
} padded;

static padded padded_alloc(double value)
{
    padded p = {gsl_matrix_alloc(ROWS, D + PAD), {{0}}};
    gsl_matrix_set_all(p.parent, -7.0);
    p.X = gsl_matrix_submatrix(p.parent, 0, 1, ROWS, D);
    gsl_matrix_set_all(&p.X.matrix, value);
    return p;
}

static void assert_padding_untouched(const padded *p)
{
    for (size_t b = 0; b < ROWS; b++)
        for (size_t j = 0; j < D + PAD; j++)
            if (j < 1 || j > D)
                ck_assert_msg(gsl_matrix_get(p->parent, b, j) == -7.0,
                              "padding [%zu][%zu] changed to %g", b, j,
                              gsl_matrix_get(p->parent, b, j));
}

/* Entries of row b equal to v. */
static size_t count_row(const gsl_matrix *X, size_t b, double v)
{
    size_t n = 0;
    for (size_t j = 0; j < X->size2; j++)
        n += gsl_matrix_get(X, b, j) == v;
    return n;
}

START_TEST(t_mask_exact_fraction)
{
    /* every row of 0.5s: exactly round(nu D) zeros per row, the rest untouched */
    const double nus[] = {0.0, 0.1, 0.25, 0.5, 0.77, 1.0};
    gsl_rng *r = ae_rng_alloc(1, AE_RNG_NOISE);
    for (size_t t = 0; t < sizeof nus / sizeof *nus; t++) {
        padded p = padded_alloc(0.5);
        ae_corrupt_mask(&p.X.matrix, &p.X.matrix, nus[t], r);
        size_t want = (size_t)lround(nus[t] * D);
        for (size_t b = 0; b < ROWS; b++) {
            ck_assert_msg(count_row(&p.X.matrix, b, 0.0) == want,
                          "nu %g row %zu: %zu zeros, want %zu", nus[t], b,
                          count_row(&p.X.matrix, b, 0.0), want);
            ck_assert_uint_eq(count_row(&p.X.matrix, b, 0.5), D - want);
        }
        assert_padding_untouched(&p);
        gsl_matrix_free(p.parent);
    }
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_mask_uniform_positions)
{
    /* over ROWS rows with nu = 0.3 each position is hit ROWS * 0.3 = 120 times on
     * average (binomial sd 9.2): no position may be far off (6 sd), and the first and
     * last ten positions together must hit ~30% (selection sampling has no edge bias) */
    gsl_rng *r = ae_rng_alloc(2, AE_RNG_NOISE);
    padded p = padded_alloc(1.0);
    ae_corrupt_mask(&p.X.matrix, &p.X.matrix, 0.3, r);
    double first = 0, last = 0;
    for (size_t j = 0; j < D; j++) {
        size_t hits = 0;
        for (size_t b = 0; b < ROWS; b++)
            hits += gsl_matrix_get(&p.X.matrix, b, j) == 0.0;
        ck_assert_msg(fabs((double)hits - 120.0) < 6 * 9.2, "position %zu hit %zu times, want ~120", j,
                      hits);
        if (j < 10)
            first += (double)hits;
        if (j >= D - 10)
            last += (double)hits;
    }
    ck_assert_msg(fabs(first / (10.0 * ROWS) - 0.3) < 0.03 && fabs(last / (10.0 * ROWS) - 0.3) < 0.03,
                  "first/last ten positions hit %.3f / %.3f of the time, want 0.3",
                  first / (10.0 * ROWS), last / (10.0 * ROWS));
    /* two rows almost never get the same mask */
    size_t same = 0;
    for (size_t b = 1; b < ROWS; b++) {
        size_t j = 0;
        while (j < D && (gsl_matrix_get(&p.X.matrix, b, j) == 0.0) == (gsl_matrix_get(&p.X.matrix, 0, j) == 0.0))
            j++;
        same += j == D;
    }
    ck_assert_uint_eq(same, 0);
    gsl_matrix_free(p.parent);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_salt_pepper)
{
    /* rows of 0.4: exactly round(nu D) entries become 0 or 1, about half each; the others stay */
    gsl_rng *r = ae_rng_alloc(3, AE_RNG_NOISE);
    padded p = padded_alloc(0.4);
    gsl_matrix *Xc = gsl_matrix_alloc(ROWS, D);
    ae_corrupt_salt_pepper(Xc, &p.X.matrix, 0.2, r);
    size_t salt = 0, pepper = 0;
    for (size_t b = 0; b < ROWS; b++) {
        size_t s = count_row(Xc, b, 1.0), z = count_row(Xc, b, 0.0);
        ck_assert_msg(s + z == 20, "row %zu: %zu salt + %zu pepper, want 20", b, s, z);
        ck_assert_uint_eq(count_row(Xc, b, 0.4), D - 20);
        salt += s;
        pepper += z;
    }
    /* 8000 fair coins: sd 44.7 */
    ck_assert_msg(fabs((double)salt - 4000.0) < 6 * 44.7, "%zu salt, %zu pepper: not a fair coin", salt,
                  pepper);
    /* the input was not touched */
    for (size_t b = 0; b < ROWS; b++)
        ck_assert_uint_eq(count_row(&p.X.matrix, b, 0.4), D);
    assert_padding_untouched(&p);
    gsl_matrix_free(Xc);
    gsl_matrix_free(p.parent);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_gaussian_variance)
{
    /* at x = 0.5 with sigma = 0.1 clipping is a 5-sigma event: the noise has mean 0 and
     * variance sigma^2 (40,000 draws: the sample variance is within 2% at 4 sd) */
    gsl_rng *r = ae_rng_alloc(4, AE_RNG_NOISE);
    padded p = padded_alloc(0.5);
    ae_corrupt_gaussian(&p.X.matrix, &p.X.matrix, 0.1, r);
    double sum = 0, sum2 = 0;
    const double n = (double)ROWS * D;
    for (size_t b = 0; b < ROWS; b++)
        for (size_t j = 0; j < D; j++) {
            double e = gsl_matrix_get(&p.X.matrix, b, j) - 0.5;
            sum += e;
            sum2 += e * e;
        }
    double mean = sum / n, var = sum2 / n - mean * mean;
    ck_assert_msg(fabs(mean) < 4 * 0.1 / sqrt(n), "noise mean %g, want 0", mean);
    ck_assert_msg(fabs(var / 0.01 - 1.0) < 4 * sqrt(2.0 / n), "noise variance %g, want 0.01", var);
    assert_padding_untouched(&p);
    gsl_matrix_free(p.parent);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_gaussian_clipped)
{
    /* at x = 0 half the draws are negative and clipped to 0; at x = 1 half are clipped to 1;
     * with sigma = 2 everything stays in [0, 1] */
    gsl_rng *r = ae_rng_alloc(5, AE_RNG_NOISE);
    const double xs[] = {0.0, 1.0};
    for (size_t t = 0; t < 2; t++) {
        padded p = padded_alloc(xs[t]);
        ae_corrupt_gaussian(&p.X.matrix, &p.X.matrix, 2.0, r);
        size_t at_edge = 0;
        for (size_t b = 0; b < ROWS; b++) {
            for (size_t j = 0; j < D; j++) {
                double v = gsl_matrix_get(&p.X.matrix, b, j);
                ck_assert_msg(v >= 0.0 && v <= 1.0, "x %g: value %g outside [0, 1]", xs[t], v);
            }
            at_edge += count_row(&p.X.matrix, b, xs[t]);
        }
        /* P(stay at the edge) = 1/2 exactly; 40,000 draws: sd 100 */
        ck_assert_msg(fabs((double)at_edge - 20000.0) < 600, "x %g: %zu clipped back, want ~20000", xs[t],
                      at_edge);
        gsl_matrix_free(p.parent);
    }
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_dispatch_and_seed)
{
    /* ae_corrupt equals the named function; the same seed gives the same bits */
    const ae_noise kinds[] = {AE_NOISE_GAUSSIAN, AE_NOISE_MASK, AE_NOISE_SALT_PEPPER};
    const char *names[] = {"gaussian", "mask", "saltpepper"};
    for (size_t k = 0; k < 3; k++) {
        gsl_rng *r1 = ae_rng_alloc(6, AE_RNG_NOISE), *r2 = ae_rng_alloc(6, AE_RNG_NOISE);
        gsl_rng *data = ae_rng_alloc(6, AE_RNG_DATA);
        gsl_matrix *X = gsl_matrix_alloc(20, D), *A = gsl_matrix_alloc(20, D), *C = gsl_matrix_alloc(20, D);
        fill_uniform(X, data, 0.0, 1.0);
        ae_corrupt(A, X, kinds[k], 0.3, r1);
        switch (kinds[k]) {
        case AE_NOISE_GAUSSIAN: ae_corrupt_gaussian(C, X, 0.3, r2); break;
        case AE_NOISE_MASK: ae_corrupt_mask(C, X, 0.3, r2); break;
        case AE_NOISE_SALT_PEPPER: ae_corrupt_salt_pepper(C, X, 0.3, r2); break;
        }
        ck_assert_msg(gsl_matrix_equal(A, C), "%s: ae_corrupt differs from its function", names[k]);
        ck_assert_msg(!gsl_matrix_equal(A, X), "%s: nothing changed", names[k]);
        ck_assert_str_eq(ae_noise_name(kinds[k]), names[k]);
        gsl_matrix_free(X);
        gsl_matrix_free(A);
        gsl_matrix_free(C);
        gsl_rng_free(r1);
        gsl_rng_free(r2);
        gsl_rng_free(data);
    }
}
END_TEST

START_TEST(t_block)
{
    /* 7 x 9 images of ones with a 3 x 3 block: exactly 9 zeros per row, forming a
     * square; over many rows the block reaches every corner */
    enum { R = 7, C = 9, S = 3, N = 500 };
    gsl_rng *r = ae_rng_alloc(7, AE_RNG_NOISE);
    gsl_matrix *X = gsl_matrix_alloc(N, R * C);
    gsl_matrix_set_all(X, 1.0);
    ae_corrupt_block(X, X, R, C, S, r);
    int corner[4] = {0};
    for (size_t b = 0; b < N; b++) {
        ck_assert_uint_eq(count_row(X, b, 0.0), S * S);
        size_t top = R, left = C, bottom = 0, right = 0;
        for (size_t i = 0; i < R; i++)
            for (size_t j = 0; j < C; j++)
                if (gsl_matrix_get(X, b, i * C + j) == 0.0) {
                    top = i < top ? i : top;
                    left = j < left ? j : left;
                    bottom = i > bottom ? i : bottom;
                    right = j > right ? j : right;
                }
        ck_assert_msg(bottom - top == S - 1 && right - left == S - 1,
                      "row %zu: the zeros span rows %zu-%zu, columns %zu-%zu: not a %d x %d square", b,
                      top, bottom, left, right, S, S);
        corner[0] |= top == 0 && left == 0;
        corner[1] |= top == 0 && right == C - 1;
        corner[2] |= bottom == R - 1 && left == 0;
        corner[3] |= bottom == R - 1 && right == C - 1;
    }
    ck_assert_msg(corner[0] && corner[1] && corner[2] && corner[3], "the block never reached a corner");
    gsl_matrix_free(X);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("corrupt");
    TCase *tc = tcase_create("noise");
    tcase_add_test(tc, t_mask_exact_fraction);
    tcase_add_test(tc, t_mask_uniform_positions);
    tcase_add_test(tc, t_salt_pepper);
    tcase_add_test(tc, t_gaussian_variance);
    tcase_add_test(tc, t_gaussian_clipped);
    tcase_add_test(tc, t_dispatch_and_seed);
    tcase_add_test(tc, t_block);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
