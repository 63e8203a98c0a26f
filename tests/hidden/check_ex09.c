/* Graded exercises of lesson 09 (one TCase per exercise; grading/points.txt).
 *
 * Every check also fails for the stubs (zero means and counts, a zero blend, every
 * prediction 0): the expected values are nonzero, and no case has class 0 everywhere.
 */
#include <math.h>
#include <stdint.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "../../lessons/09-latent/exercises.h"
#include "rng.h"
#include "../test.h"

/* ---- 9.1 class means ---- */

START_TEST(class_means_hand)
{
    /* classes 0, 1, 2 of 2-D codes; class 3 has no example:
     * mu_0 = mean{(1,2), (3,4)} = (2,3), mu_1 = (-1,5), mu_2 = mean{(0,0), (6,-3), (3,0)} = (3,-1) */
    double z[] = {1, 2, -1, 5, 0, 0, 3, 4, 6, -3, 3, 0};
    uint8_t y[] = {0, 1, 2, 0, 2, 2};
    double want[] = {2, 3, -1, 5, 3, -1, 0, 0};
    size_t want_n[] = {2, 1, 3, 0}, counts[4] = {9, 9, 9, 9};
    gsl_matrix_view Z = gsl_matrix_view_array(z, 6, 2);
    gsl_matrix *M = gsl_matrix_alloc(4, 2);
    gsl_matrix_set_all(M, -99.0);
    ex09_class_means(M, counts, &Z.matrix, y);
    for (size_t i = 0; i < 8; i++)
        ck_assert_msg(fabs(M->data[i] - want[i]) < TOL_EXACT, "M[%zu][%zu]: expected %g, got %g", i / 2,
                      i % 2, want[i], M->data[i]);
    for (size_t c = 0; c < 4; c++)
        ck_assert_msg(counts[c] == want_n[c], "counts[%zu]: expected %zu, got %zu", c, want_n[c], counts[c]);
    gsl_matrix_free(M);
}
END_TEST

START_TEST(class_means_random)
{
    /* N = 200 random codes with random labels: each mean against a plain loop; the
     * count-weighted means add up to the mean of all codes */
    enum { N = 200, KC = 5, D = 3 };
    gsl_rng *r = ae_rng_alloc(91, AE_RNG_DATA);
    gsl_matrix *Z = gsl_matrix_alloc(N, D), *M = gsl_matrix_alloc(KC, D);
    uint8_t y[N];
    size_t counts[KC];
    fill_gaussian(Z, r);
    for (size_t n = 0; n < N; n++) {
        y[n] = (uint8_t)gsl_rng_uniform_int(r, KC);
        *gsl_matrix_ptr(Z, n, 0) += 2.0 * y[n];     /* class-dependent means */
    }
    ex09_class_means(M, counts, Z, y);
    for (size_t c = 0; c < KC; c++)
        for (size_t j = 0; j < D; j++) {
            double s = 0.0;
            size_t n_c = 0;
            for (size_t n = 0; n < N; n++)
                if (y[n] == c) {
                    s += gsl_matrix_get(Z, n, j);
                    n_c++;
                }
            ck_assert_msg(counts[c] == n_c, "counts[%zu]: expected %zu, got %zu", c, n_c, counts[c]);
            ck_assert_msg(fabs(gsl_matrix_get(M, c, j) - s / (double)n_c) < 1e-12,
                          "M[%zu][%zu]: expected %.15g, got %.15g", c, j, s / (double)n_c,
                          gsl_matrix_get(M, c, j));
        }
    gsl_matrix_free(Z);
    gsl_matrix_free(M);
    gsl_rng_free(r);
}
END_TEST

/* ---- 9.2 nearest class mean ---- */

START_TEST(nearest_hand)
{
    /* means (0,0), (10,0), (0,10), (10,10); codes near each, and one exactly halfway
     * between means 1 and 3 (a tie: the smaller class, 1) */
    double m[] = {0, 0, 10, 0, 0, 10, 10, 10};
    double z[] = {9, 1, 1, 8, 11, 12, -1, -2, 10, 5, 6, 9.5};
    uint8_t want[] = {1, 2, 3, 0, 1, 3};
    uint8_t pred[6] = {0};
    gsl_matrix_view M = gsl_matrix_view_array(m, 4, 2), Z = gsl_matrix_view_array(z, 6, 2);
    ex09_nearest_mean(pred, &Z.matrix, &M.matrix);
    for (size_t b = 0; b < 6; b++)
        ck_assert_msg(pred[b] == want[b], "pred[%zu] for z = (%g, %g): expected %u, got %u", b, z[2 * b],
                      z[2 * b + 1], want[b], pred[b]);
}
END_TEST

START_TEST(nearest_random)
{
    /* 5 well separated means in 6-D; each code = its mean + small noise (class not 0 for
     * most); the prediction recovers the class of every code */
    enum { N = 100, KC = 5, D = 6 };
    gsl_rng *r = ae_rng_alloc(93, AE_RNG_DATA);
    gsl_matrix *M = gsl_matrix_alloc(KC, D), *Z = gsl_matrix_alloc(N, D);
    uint8_t y[N], pred[N];
    fill_gaussian(M, r);
    gsl_matrix_scale(M, 10.0);
    for (size_t n = 0; n < N; n++) {
        y[n] = (uint8_t)(1 + n % (KC - 1));        /* classes 1 .. 4 */
        for (size_t j = 0; j < D; j++)
            gsl_matrix_set(Z, n, j, gsl_matrix_get(M, y[n], j) + ae_rng_gaussian(r, 0.1));
    }
    ex09_nearest_mean(pred, Z, M);
    for (size_t n = 0; n < N; n++)
        ck_assert_msg(pred[n] == y[n], "pred[%zu]: expected %u, got %u", n, y[n], pred[n]);
    gsl_matrix_free(M);
    gsl_matrix_free(Z);
    gsl_rng_free(r);
}
END_TEST

/* ---- 9.3 blend ---- */

START_TEST(blend_hand)
{
    /* a = (1, 0, 2), b = (3, 4, -2); t = 0, 0.25, 1 */
    double av[] = {1, 0, 2}, bv[] = {3, 4, -2}, tv[] = {0.0, 0.25, 1.0};
    double want[] = {1, 0, 2, 1.5, 1, 1, 3, 4, -2};
    gsl_vector_view a = gsl_vector_view_array(av, 3), b = gsl_vector_view_array(bv, 3),
                    t = gsl_vector_view_array(tv, 3);
    gsl_matrix *Out = gsl_matrix_alloc(3, 3);
    ex09_blend(Out, &a.vector, &b.vector, &t.vector);
    for (size_t i = 0; i < 9; i++)
        ck_assert_msg(fabs(Out->data[i] - want[i]) < TOL_EXACT, "Out[%zu][%zu]: expected %g, got %g", i / 3,
                      i % 3, want[i], Out->data[i]);
    ck_assert_msg(av[0] == 1 && bv[0] == 3, "a or b changed");
    gsl_matrix_free(Out);
}
END_TEST

START_TEST(blend_views)
{
    /* a and b strided rows of one matrix (a view), Out a submatrix with padding:
     * row j = a + t_j (b - a), padding untouched; t outside [0, 1] extrapolates */
    enum { D = 4, T = 3, PAD = 2 };
    const double sentinel = 777.0;
    gsl_rng *r = ae_rng_alloc(92, AE_RNG_DATA);
    gsl_matrix *AB = gsl_matrix_alloc(D, 2), *Big = gsl_matrix_alloc(T, D + PAD);
    fill_gaussian(AB, r);
    gsl_matrix_set_all(Big, sentinel);
    gsl_vector_view a = gsl_matrix_column(AB, 0), b = gsl_matrix_column(AB, 1);
    double tv[T] = {-0.5, 0.3, 1.5};
    gsl_vector_view t = gsl_vector_view_array(tv, T);
    gsl_matrix_view Out = gsl_matrix_submatrix(Big, 0, 1, T, D);
    ex09_blend(&Out.matrix, &a.vector, &b.vector, &t.vector);
    for (size_t j = 0; j < T; j++) {
        for (size_t i = 0; i < D; i++) {
            double ai = gsl_matrix_get(AB, i, 0), bi = gsl_matrix_get(AB, i, 1);
            double want = ai + tv[j] * (bi - ai);
            ck_assert_msg(fabs(gsl_matrix_get(&Out.matrix, j, i) - want) < TOL_EXACT,
                          "Out[%zu][%zu]: expected %.15g, got %.15g", j, i, want,
                          gsl_matrix_get(&Out.matrix, j, i));
        }
        ck_assert_msg(gsl_matrix_get(Big, j, 0) == sentinel && gsl_matrix_get(Big, j, D + 1) == sentinel,
                      "row %zu: padding changed", j);
    }
    gsl_matrix_free(AB);
    gsl_matrix_free(Big);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex09");
    TCase *tc = tcase_create("ex09_class_means");
    tcase_add_test(tc, class_means_hand);
    tcase_add_test(tc, class_means_random);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex09_nearest_mean");
    tcase_add_test(tc, nearest_hand);
    tcase_add_test(tc, nearest_random);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex09_blend");
    tcase_add_test(tc, blend_hand);
    tcase_add_test(tc, blend_views);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
