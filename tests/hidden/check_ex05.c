/* Graded exercises of lesson 05 (one TCase per exercise; grading/points.txt).
 * Every check fails for the stubs (value 0, rho_hat 0, dH untouched; X set to 0). */
#include <math.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "../../lessons/05-sparse/exercises.h"
#include "loss.h"
#include "rng.h"
#include "../test.h"

/* ---- 5.1 the KL sparsity penalty and its gradient ---- */

START_TEST(kl_hand)
{
    /* one unit, h = 0.2 and 0.4: rho_hat = 0.3; rho = 0.1, beta = 2; dH starts at 5 */
    const double h[] = {0.2, 0.4};
    gsl_matrix_const_view H = gsl_matrix_const_view_array(h, 2, 1);
    gsl_vector *rho_hat = gsl_vector_alloc(1);
    gsl_matrix *dH = gsl_matrix_alloc(2, 1);
    gsl_matrix_set_all(dH, 5.0);
    double P = ex05_kl_sparsity(dH, rho_hat, &H.matrix, 0.1, 2.0);
    double want_P = 2.0 * (0.1 * log(0.1 / 0.3) + 0.9 * log(0.9 / 0.7));
    double want_g = 5.0 + 2.0 * (-0.1 / 0.3 + 0.9 / 0.7) / 2.0;
    ck_assert_msg(fabs(gsl_vector_get(rho_hat, 0) - 0.3) < TOL_EXACT, "rho_hat: expected 0.3, got %.15g",
                  gsl_vector_get(rho_hat, 0));
    ck_assert_msg(fabs(P - want_P) < TOL_EXACT, "value: expected %.15g, got %.15g", want_P, P);
    for (size_t b = 0; b < 2; b++)
        ck_assert_msg(fabs(gsl_matrix_get(dH, b, 0) - want_g) < TOL_EXACT,
                      "dH[%zu]: expected 5 + gradient = %.15g, got %.15g (add, do not overwrite)", b, want_g,
                      gsl_matrix_get(dH, b, 0));
    gsl_vector_free(rho_hat);
    gsl_matrix_free(dH);
}
END_TEST

START_TEST(kl_matches_library)
{
    /* on views with tda > size2, the same value, rho_hat and added gradient as lib/loss */
    enum { B = 6, K = 4, PAD = 3 };
    gsl_rng *r = ae_rng_alloc(501, AE_RNG_DATA);
    gsl_matrix *Hp = gsl_matrix_alloc(B, K + PAD), *dHp = gsl_matrix_alloc(B, K + PAD);
    gsl_matrix *dHlib = gsl_matrix_alloc(B, K);
    gsl_vector *rh = gsl_vector_alloc(K), *rh_lib = gsl_vector_alloc(K);
    fill_uniform(Hp, r, 0.01, 0.6);
    gsl_matrix_view H = gsl_matrix_submatrix(Hp, 0, 2, B, K), dH = gsl_matrix_submatrix(dHp, 0, 1, B, K);
    gsl_matrix_set_all(dHp, 0.25);
    gsl_matrix_set_all(dHlib, 0.25);
    double P = ex05_kl_sparsity(&dH.matrix, rh, &H.matrix, 0.05, 3.0);
    double Plib = ae_penalty_kl_sparsity(dHlib, rh_lib, &H.matrix, 0.05, 3.0);
    ck_assert_msg(fabs(P - Plib) < 1e-12 * fabs(Plib), "value: expected %.15g, got %.15g", Plib, P);
    for (size_t j = 0; j < K; j++)
        ck_assert_msg(fabs(gsl_vector_get(rh, j) - gsl_vector_get(rh_lib, j)) < TOL_EXACT,
                      "rho_hat[%zu]: expected %.15g, got %.15g", j, gsl_vector_get(rh_lib, j),
                      gsl_vector_get(rh, j));
    for (size_t b = 0; b < B; b++)
        for (size_t j = 0; j < K + PAD; j++) {
            double got = gsl_matrix_get(dHp, b, j);
            double want = (j >= 1 && j <= K) ? gsl_matrix_get(dHlib, b, j - 1) : 0.25;
            ck_assert_msg(fabs(got - want) < 1e-12 * (1 + fabs(want)), "dH parent [%zu][%zu]: expected %.15g, got %.15g",
                          b, j, want, got);
        }
    gsl_matrix_free(Hp);
    gsl_matrix_free(dHp);
    gsl_matrix_free(dHlib);
    gsl_vector_free(rh);
    gsl_vector_free(rh_lib);
    gsl_rng_free(r);
}
END_TEST

typedef struct {
    gsl_matrix *H;
    gsl_vector *rho_hat;
} kl_ctx;

static double kl_value(void *p)
{
    kl_ctx *c = p;
    gsl_matrix *dH = gsl_matrix_calloc(c->H->size1, c->H->size2);
    double v = ex05_kl_sparsity(dH, c->rho_hat, c->H, 0.1, 3.0);
    gsl_matrix_free(dH);
    return v;
}

START_TEST(kl_finite_differences)
{
    enum { B = 5, K = 3 };
    gsl_rng *r = ae_rng_alloc(502, AE_RNG_DATA);
    kl_ctx c = {gsl_matrix_alloc(B, K), gsl_vector_alloc(K)};
    gsl_matrix *dH = gsl_matrix_calloc(B, K);
    fill_uniform(c.H, r, 0.05, 0.9);
    ex05_kl_sparsity(dH, c.rho_hat, c.H, 0.1, 3.0);
    ae_gc_result res = ae_gradcheck(kl_value, &c, c.H->data, dH->data, B * K, AE_GC_STEP);
    ck_assert_msg(kl_value(&c) > 0.1, "the penalty of this batch is %g; want > 0.1", kl_value(&c));
    ck_assert_gradcheck(res, TOL_OP, "KL sparsity w.r.t. H");
    gsl_matrix_free(c.H);
    gsl_matrix_free(dH);
    gsl_vector_free(c.rho_hat);
    gsl_rng_free(r);
}
END_TEST

/* ---- 5.2 UFLDL patch normalisation ---- */

START_TEST(normalise_hand)
{
    /* two patches of two pixels: (1, 3) and (10, 10). Centred: (-1, 1), (0, 0);
     * std over the 4 values with N D - 1 = 3: sqrt(2/3); s = 3 sqrt(2/3) = 2.449.
     * -1/s = -0.40825 -> 0.4 (1 - 0.40825) + 0.1 = 0.33670; +1 -> 0.66330; 0 -> 0.5 */
    double x[] = {1, 3, 10, 10};
    gsl_matrix_view X = gsl_matrix_view_array(x, 2, 2);
    ex05_normalise_patches(&X.matrix);
    const double s = 3.0 * sqrt(2.0 / 3.0);
    const double want[] = {0.4 * (1 - 1 / s) + 0.1, 0.4 * (1 + 1 / s) + 0.1, 0.5, 0.5};
    for (size_t k = 0; k < 4; k++)
        ck_assert_msg(fabs(x[k] - want[k]) < TOL_EXACT, "X[%zu][%zu]: expected %.15g, got %.15g", k / 2, k % 2,
                      want[k], x[k]);
}
END_TEST

START_TEST(normalise_statistics)
{
    /* Gaussian patches with random offsets, no value beyond 3 std: the result has mean 0.5
     * and standard deviation 0.4/3 over all values, and every row has mean 0.5 */
    enum { N = 200, D = 16 };
    gsl_rng *r = ae_rng_alloc(503, AE_RNG_DATA);
    gsl_matrix *X = gsl_matrix_alloc(N, D);
    for (size_t n = 0; n < N; n++) {
        double offset = ae_rng_uniform(r, -5, 5);
        for (size_t i = 0; i < D; i++)
            gsl_matrix_set(X, n, i, offset + fmax(-2.0, fmin(2.0, ae_rng_gaussian(r, 1.0))));
    }
    ex05_normalise_patches(X);
    double sum = 0, sum2 = 0;
    for (size_t n = 0; n < N; n++) {
        double row = 0;
        for (size_t i = 0; i < D; i++) {
            double v = gsl_matrix_get(X, n, i);
            ck_assert_msg(v >= 0.1 - TOL_EXACT && v <= 0.9 + TOL_EXACT, "X[%zu][%zu] = %g outside [0.1, 0.9]", n, i, v);
            row += v;
            sum += v;
            sum2 += (v - 0.5) * (v - 0.5);
        }
        ck_assert_msg(fabs(row / D - 0.5) < 1e-12, "row %zu has mean %.15g, want 0.5", n, row / D);
    }
    double sd = sqrt(sum2 / (N * D - 1));
    ck_assert_msg(fabs(sum / (N * D) - 0.5) < 1e-12, "mean %.15g, want 0.5", sum / (N * D));
    ck_assert_msg(fabs(sd - 0.4 / 3) < 1e-12, "standard deviation %.15g, want 0.4/3", sd);
    gsl_matrix_free(X);
    gsl_rng_free(r);
}
END_TEST

START_TEST(normalise_clips)
{
    /* one huge outlier among small values: it is clipped to exactly 0.9, and the other
     * values of its row, centred on the outlier's large mean, fall well below 0.5 */
    enum { N = 50, D = 8 };
    gsl_rng *r = ae_rng_alloc(504, AE_RNG_DATA);
    gsl_matrix *X = gsl_matrix_alloc(N, D);
    fill_uniform(X, r, 0.0, 0.1);
    gsl_matrix_set(X, 7, 3, 100.0);
    ex05_normalise_patches(X);
    ck_assert_msg(fabs(gsl_matrix_get(X, 7, 3) - 0.9) < TOL_EXACT, "the outlier: expected 0.9, got %.15g",
                  gsl_matrix_get(X, 7, 3));
    size_t low = 0;
    for (size_t i = 0; i < D; i++)
        low += fabs(gsl_matrix_get(X, 7, i) - 0.5) < 0.1;
    ck_assert_msg(low == 0, "row 7: %zu values near 0.5; the outlier's mean should push them down", low);
    gsl_matrix_free(X);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex05");
    TCase *tc = tcase_create("ex05_kl_sparsity");
    tcase_add_test(tc, kl_hand);
    tcase_add_test(tc, kl_matches_library);
    tcase_add_test(tc, kl_finite_differences);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex05_normalise");
    tcase_add_test(tc, normalise_hand);
    tcase_add_test(tc, normalise_statistics);
    tcase_add_test(tc, normalise_clips);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
