/* check_rng — seeded streams: reproducible, independent, right distribution. */
#include <math.h>
#include <string.h>

#include "rng.h"
#include "test.h"

START_TEST(t_is_mt19937)
{
    gsl_rng *r = ae_rng_alloc(42, AE_RNG_INIT);
    ck_assert_str_eq(gsl_rng_name(r), "mt19937");
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_same_seed_same_bits)
{
    gsl_rng *a = ae_rng_alloc(7, AE_RNG_NOISE), *b = ae_rng_alloc(7, AE_RNG_NOISE);
    for (size_t i = 0; i < 1000; i++) {
        ck_assert_uint_eq(gsl_rng_get(a), gsl_rng_get(b));
        double ga = ae_rng_gaussian(a, 1.5), gb = ae_rng_gaussian(b, 1.5);
        ck_assert_msg(ga == gb, "draw %zu: %.17g != %.17g", i, ga, gb);
        double ua = ae_rng_uniform(a, -1, 3), ub = ae_rng_uniform(b, -1, 3);
        ck_assert_msg(ua == ub, "draw %zu: %.17g != %.17g", i, ua, ub);
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}
END_TEST

/* The first 8 outputs of every (seed, stream) for seeds 0..5 differ pairwise,
 * and none is the sequence of mt19937's default seed. */
START_TEST(t_streams_differ)
{
    enum { NS = 6, NST = 4, K = 8 };
    unsigned long first[NS * NST][K];
    for (size_t s = 0; s < NS; s++)
        for (size_t st = 0; st < NST; st++) {
            gsl_rng *r = ae_rng_alloc(s, (enum ae_stream)(AE_RNG_INIT + st));
            for (size_t k = 0; k < K; k++)
                first[s * NST + st][k] = gsl_rng_get(r);
            gsl_rng_free(r);
        }
    for (size_t i = 0; i < NS * NST; i++) {
        ck_assert_msg(first[i][0] != 4293858116UL, "stream %zu uses the default seed", i);
        for (size_t j = i + 1; j < NS * NST; j++) {
            size_t same = 0;
            for (size_t k = 0; k < K; k++)
                same += first[i][k] == first[j][k];
            ck_assert_msg(same == 0, "streams %zu and %zu share %zu of %d outputs", i, j,
                          same, K);
        }
    }
}
END_TEST

START_TEST(t_gaussian_moments)
{
    const size_t n = 100000;
    const double sigma = 2.0;
    gsl_rng *r = ae_rng_alloc(3, AE_RNG_INIT);
    double sum = 0.0, sum2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double z = ae_rng_gaussian(r, sigma);
        sum += z;
        sum2 += z * z;
    }
    gsl_rng_free(r);
    double mean = sum / n, var = sum2 / n - mean * mean;
    /* 5 standard errors: sigma/sqrt(n) = 0.0063 for the mean,
     * sigma^2 sqrt(2/n) = 0.018 for the variance */
    ck_assert_msg(fabs(mean) < 5 * sigma / sqrt((double)n), "mean %.5f", mean);
    ck_assert_msg(fabs(var - sigma * sigma) < 5 * sigma * sigma * sqrt(2.0 / n), "var %.5f",
                  var);
}
END_TEST

START_TEST(t_uniform_range)
{
    const size_t n = 100000;
    gsl_rng *r = ae_rng_alloc(5, AE_RNG_DATA);
    double sum = 0.0, lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double u = ae_rng_uniform(r, -1.0, 3.0);
        lo = fmin(lo, u);
        hi = fmax(hi, u);
        sum += u;
    }
    gsl_rng_free(r);
    ck_assert_msg(lo >= -1.0 && hi < 3.0, "range [%g, %g]", lo, hi);
    ck_assert_msg(lo < -0.99 && hi > 2.99, "range [%g, %g] too narrow", lo, hi);
    /* mean 1, standard error 4/sqrt(12 n) = 0.0037 */
    ck_assert_double_eq_tol(sum / n, 1.0, 5 * 4.0 / sqrt(12.0 * n));
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("rng");
    TCase *tc = tcase_create("rng");
    tcase_add_test(tc, t_is_mt19937);
    tcase_add_test(tc, t_same_seed_same_bits);
    tcase_add_test(tc, t_streams_differ);
    tcase_add_test(tc, t_gaussian_moments);
    tcase_add_test(tc, t_uniform_range);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
