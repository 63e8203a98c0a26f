/* Graded exercises of lesson 10 (one TCase per exercise; grading/points.txt).
 *
 * Every check below also fails for the stubs (dA = 0, Zq = 0, C = 0), so a stub scores
 * nothing: each test compares against values a zero cannot match.
 */
#include <math.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "../../lessons/10-compression/exercises.h"
#include "rng.h"
#include "../test.h"

/* ---- 10.1 tanh backward ---- */

START_TEST(tanh_backward_values)
{
    /* dA = dH (1 - h^2): h = 0 passes dH on, |h| -> 1 blocks it */
    double h[] = {0.0, 0.5, -0.5, 0.9, -0.99, 0.1};
    double d[] = {1.0, 2.0, 3.0, -1.0, 4.0, -2.0};
    double want[] = {1.0, 1.5, 2.25, -0.19, 4.0 * (1.0 - 0.9801), -2.0 * 0.99};
    gsl_matrix_view H = gsl_matrix_view_array(h, 2, 3), dH = gsl_matrix_view_array(d, 2, 3);
    ex10_tanh_backward(&dH.matrix, &H.matrix);
    for (size_t i = 0; i < 6; i++)
        ck_assert_msg(fabs(d[i] - want[i]) < TOL_EXACT, "dA[%zu][%zu] = %.15g, expected %.15g", i / 3,
                      i % 3, d[i], want[i]);
}
END_TEST

typedef struct {
    gsl_matrix *A, *G;   /* loss = sum G .* tanh(A) */
} tanh_ctx;

static double tanh_value(void *ctx)
{
    tanh_ctx *c = ctx;
    double s = 0.0;
    for (size_t i = 0; i < c->A->size1 * c->A->size2; i++)
        s += c->G->data[i] * tanh(c->A->data[i]);
    return s;
}

START_TEST(tanh_backward_fd)
{
    enum { B = 5, K = 7 };
    gsl_rng *r = ae_rng_alloc(10, AE_RNG_INIT);
    tanh_ctx c = {gsl_matrix_alloc(B, K), gsl_matrix_alloc(B, K)};
    gsl_matrix *H = gsl_matrix_alloc(B, K), *dA = gsl_matrix_alloc(B, K);
    fill_uniform(c.A, r, -2.5, 2.5);   /* into the saturated ends, where 1 - h^2 is small */
    fill_gaussian(c.G, r);
    for (size_t i = 0; i < B * K; i++)
        H->data[i] = tanh(c.A->data[i]);
    gsl_matrix_memcpy(dA, c.G);        /* dL/dh = G */
    ex10_tanh_backward(dA, H);
    ae_gc_result res = ae_gradcheck(tanh_value, &c, c.A->data, dA->data, B * K, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "dL/dA through tanh");
    gsl_matrix_free(c.A);
    gsl_matrix_free(c.G);
    gsl_matrix_free(H);
    gsl_matrix_free(dA);
    gsl_rng_free(r);
}
END_TEST

START_TEST(tanh_backward_views)
{
    /* submatrix views (tda > size2): every entry of the view right, the padding untouched */
    enum { B = 3, K = 4, PAD = 2 };
    const double sentinel = 777.0;
    gsl_matrix *Hb = gsl_matrix_alloc(B, K + PAD), *dHb = gsl_matrix_alloc(B, K + PAD);
    gsl_matrix_set_all(dHb, sentinel);
    for (size_t i = 0; i < B; i++)
        for (size_t j = 0; j < K + PAD; j++)
            gsl_matrix_set(Hb, i, j, tanh(0.3 * (double)i - 0.4 * (double)j + 0.2));
    gsl_matrix_view H = gsl_matrix_submatrix(Hb, 0, 1, B, K), dH = gsl_matrix_submatrix(dHb, 0, PAD, B, K);
    for (size_t i = 0; i < B; i++)
        for (size_t j = 0; j < K; j++)
            gsl_matrix_set(&dH.matrix, i, j, 1.0 + (double)(i * K + j));
    ex10_tanh_backward(&dH.matrix, &H.matrix);
    for (size_t i = 0; i < B; i++) {
        for (size_t j = 0; j < K; j++) {
            double h = gsl_matrix_get(&H.matrix, i, j), want = (1.0 + (double)(i * K + j)) * (1.0 - h * h);
            ck_assert_msg(fabs(gsl_matrix_get(&dH.matrix, i, j) - want) < TOL_EXACT,
                          "view dA[%zu][%zu] = %.15g, expected %.15g", i, j, gsl_matrix_get(&dH.matrix, i, j),
                          want);
        }
        for (size_t j = 0; j < PAD; j++)
            ck_assert_msg(gsl_matrix_get(dHb, i, j) == sentinel, "padding [%zu][%zu] changed to %g", i, j,
                          gsl_matrix_get(dHb, i, j));
    }
    gsl_matrix_free(Hb);
    gsl_matrix_free(dHb);
}
END_TEST

/* ---- 10.2 uniform quantisation ---- */

/* The b-bit quantiser of one number, written differently: the nearest of the 2^b cell
 * centres lo + (q + 1/2) delta (a tie goes up, as floor does). */
static double nearest_centre(double z, double lo, double hi, unsigned bits)
{
    size_t L = (size_t)1 << bits;
    double delta = (hi - lo) / (double)L, best = lo + 0.5 * delta;
    for (size_t q = 1; q < L; q++) {
        double centre = lo + ((double)q + 0.5) * delta;
        if (fabs(z - centre) <= fabs(z - best))
            best = centre;
    }
    return best;
}

START_TEST(quantise_values)
{
    /* 2 bits over [-1, 1]: cells of width 0.5, centres -0.75 -0.25 0.25 0.75; the
     * lower edge of a cell belongs to it, values outside go to the end cells */
    double z[] = {-1.0, -0.6, -0.5, 0.0, 0.49, 0.99, 1.0, 3.0, -7.0, 0.5, 0.26, -0.01};
    double want[] = {-0.75, -0.75, -0.25, 0.25, 0.25, 0.75, 0.75, 0.75, -0.75, 0.75, 0.25, -0.25};
    gsl_matrix_view Z = gsl_matrix_view_array(z, 12, 1);
    gsl_vector *lo = gsl_vector_alloc(1), *hi = gsl_vector_alloc(1);
    gsl_vector_set(lo, 0, -1.0);
    gsl_vector_set(hi, 0, 1.0);
    gsl_matrix *Zq = gsl_matrix_alloc(12, 1);
    ex10_quantise(Zq, &Z.matrix, lo, hi, 2);
    for (size_t i = 0; i < 12; i++)
        ck_assert_msg(fabs(Zq->data[i] - want[i]) < TOL_EXACT, "z = %g: quantised to %g, expected %g", z[i],
                      Zq->data[i], want[i]);
    gsl_matrix_free(Zq);
    gsl_vector_free(lo);
    gsl_vector_free(hi);
}
END_TEST

START_TEST(quantise_columns)
{
    /* each column has its own range: column 0 over [0, 10] with 1 bit (centres 2.5, 7.5),
     * column 1 over [-3, -1] with 1 bit (centres -2.5, -1.5) */
    double z[] = {1.0, -2.9, 6.0, -1.2, 5.0, -2.0};
    double want[] = {2.5, -2.5, 7.5, -1.5, 7.5, -1.5};
    double l[] = {0.0, -3.0}, h[] = {10.0, -1.0};
    gsl_matrix_view Z = gsl_matrix_view_array(z, 3, 2);
    gsl_vector_view lo = gsl_vector_view_array(l, 2), hi = gsl_vector_view_array(h, 2);
    gsl_matrix *Zq = gsl_matrix_alloc(3, 2);
    ex10_quantise(Zq, &Z.matrix, &lo.vector, &hi.vector, 1);
    for (size_t i = 0; i < 6; i++)
        ck_assert_msg(fabs(Zq->data[i] - want[i]) < TOL_EXACT, "Zq[%zu][%zu] = %g, expected %g", i / 2, i % 2,
                      Zq->data[i], want[i]);
    gsl_matrix_free(Zq);
}
END_TEST

START_TEST(quantise_levels)
{
    /* a fine sweep past both ends of [lo, hi]: exactly 2^b distinct outputs, in order,
     * each the nearest cell centre; inside the range the error is at most delta/2 */
    enum { N = 4001 };
    const double lo = -0.7, hi = 1.3;
    gsl_matrix *Z = gsl_matrix_alloc(N, 1), *Zq = gsl_matrix_alloc(N, 1);
    gsl_vector *vlo = gsl_vector_alloc(1), *vhi = gsl_vector_alloc(1);
    gsl_vector_set(vlo, 0, lo);
    gsl_vector_set(vhi, 0, hi);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(Z, i, 0, lo - 0.5 + 3.0 * (double)i / (N - 1));
    for (unsigned bits = 1; bits <= 8; bits++) {
        double delta = (hi - lo) / (double)(1u << bits);
        ex10_quantise(Zq, Z, vlo, vhi, bits);
        size_t levels = 1;
        for (size_t i = 0; i < N; i++) {
            double z = Z->data[i], zq = Zq->data[i];
            if (i > 0) {
                ck_assert_msg(zq >= Zq->data[i - 1], "b=%u: not monotone at z = %g", bits, z);
                levels += zq > Zq->data[i - 1];
            }
            double t = (z - lo) / delta;   /* on a cell edge rounding may pick either side */
            if (fabs(t - round(t)) > 1e-6)
                ck_assert_msg(fabs(zq - nearest_centre(z, lo, hi, bits)) < 1e-9,
                              "b=%u: z = %.10g quantised to %.10g, expected %.10g", bits, z, zq,
                              nearest_centre(z, lo, hi, bits));
            if (z >= lo && z <= hi)
                ck_assert_msg(fabs(z - zq) <= 0.5 * delta + 1e-12, "b=%u: |z - zq| = %g > delta/2 = %g", bits,
                              fabs(z - zq), 0.5 * delta);
        }
        ck_assert_msg(levels == (1u << bits), "b=%u: %zu distinct outputs, expected %u", bits, levels, 1u << bits);
    }
    gsl_matrix_free(Z);
    gsl_matrix_free(Zq);
    gsl_vector_free(vlo);
    gsl_vector_free(vhi);
}
END_TEST

START_TEST(quantise_in_place)
{
    /* Zq == Z is allowed; the result equals the out-of-place one, and quantising a
     * quantised code changes nothing */
    enum { B = 6, K = 4 };
    gsl_rng *r = ae_rng_alloc(12, AE_RNG_DATA);
    gsl_matrix *Z = gsl_matrix_alloc(B, K), *Zq = gsl_matrix_alloc(B, K);
    gsl_vector *lo = gsl_vector_alloc(K), *hi = gsl_vector_alloc(K);
    fill_uniform(Z, r, -1.2, 1.2);
    for (size_t j = 0; j < K; j++) {
        gsl_vector_set(lo, j, -1.0 + 0.1 * (double)j);
        gsl_vector_set(hi, j, 1.0 - 0.05 * (double)j);
    }
    ex10_quantise(Zq, Z, lo, hi, 3);
    for (size_t i = 0; i < B; i++)
        for (size_t j = 0; j < K; j++) {
            double want = nearest_centre(gsl_matrix_get(Z, i, j), gsl_vector_get(lo, j), gsl_vector_get(hi, j), 3);
            ck_assert_msg(fabs(gsl_matrix_get(Zq, i, j) - want) < 1e-12, "Zq[%zu][%zu] = %g, expected %g", i, j,
                          gsl_matrix_get(Zq, i, j), want);
        }
    ex10_quantise(Z, Z, lo, hi, 3);
    for (size_t i = 0; i < B * K; i++)
        ck_assert_msg(Z->data[i] == Zq->data[i], "in place: entry %zu is %g, out of place %g", i, Z->data[i],
                      Zq->data[i]);
    ex10_quantise(Z, Z, lo, hi, 3);
    for (size_t i = 0; i < B * K; i++)
        ck_assert_msg(fabs(Z->data[i] - Zq->data[i]) < 1e-12, "twice: entry %zu moved from %g to %g", i,
                      Zq->data[i], Z->data[i]);
    gsl_matrix_free(Z);
    gsl_matrix_free(Zq);
    gsl_vector_free(lo);
    gsl_vector_free(hi);
    gsl_rng_free(r);
}
END_TEST

/* ---- 10.3 the DCT-II matrix ---- */

START_TEST(dct_values)
{
    /* n = 8: row 0 is constant 1/sqrt(8); row 1 starts at cos(pi/16)/2 and is odd about
     * the middle; row 4 is (1, -1, -1, 1, ...) cos(pi/4)/2 */
    gsl_matrix *C = gsl_matrix_alloc(8, 8);
    ex10_dct_matrix(C);
    for (size_t i = 0; i < 8; i++) {
        ck_assert_msg(fabs(gsl_matrix_get(C, 0, i) - 1.0 / sqrt(8.0)) < TOL_EXACT, "C[0][%zu] = %.15g, expected %.15g",
                      i, gsl_matrix_get(C, 0, i), 1.0 / sqrt(8.0));
        ck_assert_msg(fabs(gsl_matrix_get(C, 1, i) + gsl_matrix_get(C, 1, 7 - i)) < TOL_EXACT,
                      "C[1][%zu] = %.15g is not minus C[1][%zu] = %.15g", i, gsl_matrix_get(C, 1, i), 7 - i,
                      gsl_matrix_get(C, 1, 7 - i));
        double want4 = ((i + 1) / 2 % 2 ? -1.0 : 1.0) * 0.5 * sqrt(0.5);
        ck_assert_msg(fabs(gsl_matrix_get(C, 4, i) - want4) < TOL_EXACT, "C[4][%zu] = %.15g, expected %.15g", i,
                      gsl_matrix_get(C, 4, i), want4);
    }
    ck_assert_msg(fabs(gsl_matrix_get(C, 1, 0) - 0.5 * cos(M_PI / 16.0)) < TOL_EXACT, "C[1][0] = %.15g, expected %.15g",
                  gsl_matrix_get(C, 1, 0), 0.5 * cos(M_PI / 16.0));
    gsl_matrix_free(C);
}
END_TEST

START_TEST(dct_orthonormal)
{
    /* C^T C = I for several n, and C maps the u-th cosine sampled at the pixel centres to
     * a multiple of e_u (each row is one frequency, in order) */
    const size_t sizes[] = {1, 2, 3, 5, 8, 16};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        const size_t n = sizes[s];
        gsl_matrix *C = gsl_matrix_alloc(n, n), *G = gsl_matrix_alloc(n, n);
        ex10_dct_matrix(C);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, C, C, 0.0, G);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                ck_assert_msg(fabs(gsl_matrix_get(G, i, j) - (i == j)) < 1e-12, "n = %zu: (C^T C)[%zu][%zu] = %.15g",
                              n, i, j, gsl_matrix_get(G, i, j));
        gsl_vector *x = gsl_vector_alloc(n), *y = gsl_vector_alloc(n);
        for (size_t u = 0; u < n; u++) {
            for (size_t i = 0; i < n; i++)
                gsl_vector_set(x, i, cos(M_PI * ((double)i + 0.5) * (double)u / (double)n));
            gsl_blas_dgemv(CblasNoTrans, 1.0, C, x, 0.0, y);
            for (size_t v = 0; v < n; v++)
                ck_assert_msg(v == u ? gsl_vector_get(y, v) > 0.1 : fabs(gsl_vector_get(y, v)) < 1e-12,
                              "n = %zu: C times the cosine of frequency %zu has %.15g at %zu", n, u,
                              gsl_vector_get(y, v), v);
        }
        gsl_vector_free(x);
        gsl_vector_free(y);
        gsl_matrix_free(C);
        gsl_matrix_free(G);
    }
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex10");
    TCase *tc = tcase_create("ex10_tanh_backward");
    tcase_add_test(tc, tanh_backward_values);
    tcase_add_test(tc, tanh_backward_fd);
    tcase_add_test(tc, tanh_backward_views);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex10_quantise");
    tcase_add_test(tc, quantise_values);
    tcase_add_test(tc, quantise_columns);
    tcase_add_test(tc, quantise_levels);
    tcase_add_test(tc, quantise_in_place);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex10_dct_matrix");
    tcase_add_test(tc, dct_values);
    tcase_add_test(tc, dct_orthonormal);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
