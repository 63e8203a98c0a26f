/* Graded exercises of lesson 01 (one TCase per exercise; grading/points.txt).
 *
 * Grading gives each check of a TCase an equal share of its points, so every check
 * below also fails for the stubs (Xhat = 0, theta = 0): a case the stub would pass by
 * luck (equal subspaces have zero angles) shares its check with one it cannot pass.
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "../../lessons/01-linear-pca/exercises.h"
#include "pca.h"
#include "rng.h"
#include "../test.h"

/* Gram-Schmidt, an SVD and several dgemm orders: agreement up to accumulated rounding. */
#define TOL_LINALG 1e-10
/* A zero angle comes from acos(sigma) with sigma within rounding of 1; acos has slope
 * -1/sqrt(1 - sigma^2) there, so an error eps in sigma becomes sqrt(2 eps) ~ 2e-8. */
#define TOL_ZERO_ANGLE 1e-7

/* |got - want| <= tol (1 + |want|) entrywise, naming the first entry that is not. */
static void assert_matrix_near(const gsl_matrix *got, const gsl_matrix *want, double tol,
                               const char *what)
{
    ck_assert_msg(got->size1 == want->size1 && got->size2 == want->size2,
                  "%s: expected %zu x %zu, got %zu x %zu", what, want->size1, want->size2,
                  got->size1, got->size2);
    for (size_t i = 0; i < want->size1; i++)
        for (size_t j = 0; j < want->size2; j++) {
            double g = gsl_matrix_get(got, i, j), w = gsl_matrix_get(want, i, j);
            ck_assert_msg(fabs(g - w) <= tol * (1.0 + fabs(w)),
                          "%s[%zu][%zu]: expected %.15g, got %.15g (tolerance %.0e)", what, i,
                          j, w, g, tol);
        }
}

/* ---- 1.1 PCA projection and reconstruction ---- */

/* Reference by plain loops: Z = (X - 1 mu^T) Vk^T, Xhat = 1 mu^T + Z Vk. */
static void pca_reference(gsl_matrix *Xhat, gsl_matrix *Z, const gsl_matrix *X,
                          const gsl_vector *mean, const gsl_matrix *Vk)
{
    const size_t B = X->size1, D = X->size2, k = Vk->size1;
    for (size_t b = 0; b < B; b++) {
        for (size_t j = 0; j < k; j++) {
            double s = 0.0;
            for (size_t d = 0; d < D; d++)
                s += gsl_matrix_get(Vk, j, d) *
                     (gsl_matrix_get(X, b, d) - gsl_vector_get(mean, d));
            gsl_matrix_set(Z, b, j, s);
        }
        for (size_t d = 0; d < D; d++) {
            double s = gsl_vector_get(mean, d);
            for (size_t j = 0; j < k; j++)
                s += gsl_matrix_get(Z, b, j) * gsl_matrix_get(Vk, j, d);
            gsl_matrix_set(Xhat, b, d, s);
        }
    }
}

START_TEST(pca_reconstruct_hand)
{
    /* D = 3, mu = (1, 2, 3), v1 = (1, 1, 0)/sqrt 2, v2 = e3.
     * x1 = (3, 2, 5): x - mu = (2, 0, 2), z = (sqrt 2, 2);   k=1: xhat = (2, 3, 3)
     * x2 = (0, 4, 3): x - mu = (-1, 2, 0), z = (1/sqrt 2, 0); k=1: xhat = (1.5, 2.5, 3)
     * k = 2 adds the e3 part: xhat1 = (2, 3, 5), xhat2 = (1.5, 2.5, 3). */
    const double r2 = sqrt(0.5);
    double x[] = {3, 2, 5, 0, 4, 3}, mu[] = {1, 2, 3}, v[] = {r2, r2, 0, 0, 0, 1};
    double want_z[] = {sqrt(2.0), 2.0, r2, 0.0};
    double want_x1[] = {2, 3, 3, 1.5, 2.5, 3}, want_x2[] = {2, 3, 5, 1.5, 2.5, 3};
    gsl_matrix_view X = gsl_matrix_view_array(x, 2, 3);
    gsl_vector_view m = gsl_vector_view_array(mu, 3);
    gsl_matrix *Xhat = gsl_matrix_alloc(2, 3), *Z2 = gsl_matrix_alloc(2, 2);
    gsl_matrix *Z1 = gsl_matrix_alloc(2, 1);

    for (size_t k = 1; k <= 2; k++) {
        gsl_matrix_view Vk = gsl_matrix_view_array(v, k, 3);
        gsl_matrix *Z = k == 1 ? Z1 : Z2;
        const double *want_x = k == 1 ? want_x1 : want_x2;
        gsl_matrix_set_all(Xhat, -99.0);
        gsl_matrix_set_all(Z, -99.0);
        ex01_pca_reconstruct(Xhat, Z, &X.matrix, &m.vector, &Vk.matrix);
        for (size_t i = 0; i < 6; i++)
            ck_assert_msg(fabs(Xhat->data[i] - want_x[i]) < TOL_EXACT,
                          "k=%zu: Xhat[%zu][%zu] expected %g, got %g", k, i / 3, i % 3,
                          want_x[i], Xhat->data[i]);
        for (size_t b = 0; b < 2; b++)
            for (size_t j = 0; j < k; j++)
                ck_assert_msg(fabs(gsl_matrix_get(Z, b, j) - want_z[2 * b + j]) < TOL_EXACT,
                              "k=%zu: Z[%zu][%zu] expected %.15g, got %.15g", k, b, j,
                              want_z[2 * b + j], gsl_matrix_get(Z, b, j));
    }
    gsl_matrix_free(Xhat);
    gsl_matrix_free(Z1);
    gsl_matrix_free(Z2);
}
END_TEST

START_TEST(pca_reconstruct_matches_lib)
{
    /* fit ae_pca on correlated data with a nonzero mean; the exercise with Vk = the first
     * k rows of V must agree with ae_pca_project (codes) and ae_pca_reconstruct (Xhat) */
    enum { N = 60, D = 6, K = 3 };
    gsl_rng *r = ae_rng_alloc(101, AE_RNG_DATA);
    gsl_matrix *G = gsl_matrix_alloc(N, D), *A = gsl_matrix_alloc(D, D);
    gsl_matrix *X = gsl_matrix_alloc(N, D);
    fill_gaussian(G, r);
    fill_gaussian(A, r);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, G, A, 0.0, X);   /* correlated */
    for (size_t n = 0; n < N; n++)
        for (size_t d = 0; d < D; d++)
            *gsl_matrix_ptr(X, n, d) += 0.5 * (double)d - 1.0;         /* nonzero mean */
    ae_pca *p = ae_pca_alloc(D);
    ae_pca_add(p, X);
    ck_assert_msg(ae_pca_solve(p) == 0, "ae_pca_solve: expected 0, got an error");
    gsl_matrix_const_view Vk = ae_pca_directions(p, K);

    gsl_matrix *Z = gsl_matrix_alloc(N, K), *Xhat = gsl_matrix_alloc(N, D);
    gsl_matrix *Zlib = gsl_matrix_alloc(N, K), *Xlib = gsl_matrix_alloc(N, D);
    ae_pca_project(Zlib, p, X);
    ae_pca_reconstruct(Xlib, p, Zlib);
    ex01_pca_reconstruct(Xhat, Z, X, p->mean, &Vk.matrix);
    assert_matrix_near(Xhat, Xlib, TOL_LINALG, "Xhat vs ae_pca_reconstruct");
    assert_matrix_near(Z, Zlib, TOL_LINALG, "Z vs ae_pca_project");

    gsl_matrix_free(G);
    gsl_matrix_free(A);
    gsl_matrix_free(X);
    gsl_matrix_free(Z);
    gsl_matrix_free(Xhat);
    gsl_matrix_free(Zlib);
    gsl_matrix_free(Xlib);
    ae_pca_free(p);
    gsl_rng_free(r);
}
END_TEST

/* An orthonormal k x D matrix (rows) from the QR factorisation of a random D x k one. */
static gsl_matrix *orthonormal_rows(gsl_rng *r, size_t k, size_t D)
{
    gsl_matrix *A = gsl_matrix_alloc(D, k), *Q = gsl_matrix_alloc(D, D);
    gsl_matrix *R = gsl_matrix_alloc(D, k), *V = gsl_matrix_alloc(k, D);
    gsl_vector *tau = gsl_vector_alloc(k);
    fill_gaussian(A, r);
    gsl_linalg_QR_decomp(A, tau);
    gsl_linalg_QR_unpack(A, tau, Q, R);
    gsl_matrix_view Q1 = gsl_matrix_submatrix(Q, 0, 0, D, k);
    gsl_matrix_transpose_memcpy(V, &Q1.matrix);
    gsl_matrix_free(A);
    gsl_matrix_free(Q);
    gsl_matrix_free(R);
    gsl_vector_free(tau);
    return V;
}

START_TEST(pca_reconstruct_full_and_idempotent)
{
    /* k = D: an orthonormal basis loses nothing, Xhat = X.
     * k < D: Xhat already lies in mu + span(Vk), so reconstructing it changes nothing,
     * and its codes are the codes of X. */
    enum { N = 8, D = 5, K = 2 };
    gsl_rng *r = ae_rng_alloc(202, AE_RNG_DATA);
    gsl_matrix *X = gsl_matrix_alloc(N, D), *Xhat = gsl_matrix_alloc(N, D);
    gsl_matrix *Xhat2 = gsl_matrix_alloc(N, D), *Zfull = gsl_matrix_alloc(N, D);
    gsl_matrix *Z = gsl_matrix_alloc(N, K), *Z2 = gsl_matrix_alloc(N, K);
    gsl_vector *mu = gsl_vector_alloc(D);
    fill_gaussian(X, r);
    for (size_t d = 0; d < D; d++)
        gsl_vector_set(mu, d, ae_rng_uniform(r, -2.0, 2.0));
    gsl_matrix *V = orthonormal_rows(r, D, D);

    ex01_pca_reconstruct(Xhat, Zfull, X, mu, V);
    assert_matrix_near(Xhat, X, TOL_EXACT, "k = D: Xhat vs X");

    gsl_matrix_view Vk = gsl_matrix_submatrix(V, 0, 0, K, D);
    ex01_pca_reconstruct(Xhat, Z, X, mu, &Vk.matrix);
    ex01_pca_reconstruct(Xhat2, Z2, Xhat, mu, &Vk.matrix);
    assert_matrix_near(Xhat2, Xhat, TOL_EXACT, "reconstruction of a reconstruction");
    assert_matrix_near(Z2, Z, TOL_EXACT, "codes of a reconstruction");

    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    gsl_matrix_free(Xhat2);
    gsl_matrix_free(Zfull);
    gsl_matrix_free(Z);
    gsl_matrix_free(Z2);
    gsl_matrix_free(V);
    gsl_vector_free(mu);
    gsl_rng_free(r);
}
END_TEST

START_TEST(pca_reconstruct_views)
{
    /* every matrix a submatrix view with tda > size2 (and mu a strided vector):
     * the result must match the loop reference, and the padding must stay untouched */
    enum { N = 5, D = 4, K = 2, PAD = 3 };
    const double sentinel = 12345.0;
    gsl_rng *r = ae_rng_alloc(303, AE_RNG_DATA);
    gsl_matrix *Xb = gsl_matrix_alloc(N + 1, D + PAD), *Xhb = gsl_matrix_alloc(N + 1, D + PAD);
    gsl_matrix *Zb = gsl_matrix_alloc(N + 1, K + PAD), *Vb = gsl_matrix_alloc(K + 1, D + PAD);
    gsl_vector *mub = gsl_vector_alloc(2 * D);
    fill_gaussian(Xb, r);
    for (size_t i = 0; i < 2 * D; i++)
        gsl_vector_set(mub, i, ae_rng_uniform(r, -3.0, 3.0));
    gsl_matrix *V = orthonormal_rows(r, K, D);
    gsl_matrix_set_all(Vb, sentinel);
    gsl_matrix_view Vv = gsl_matrix_submatrix(Vb, 1, 2, K, D);
    gsl_matrix_memcpy(&Vv.matrix, V);
    gsl_matrix_set_all(Xhb, sentinel);
    gsl_matrix_set_all(Zb, sentinel);

    gsl_matrix_view Xv = gsl_matrix_submatrix(Xb, 1, 1, N, D);
    gsl_matrix_view Xhv = gsl_matrix_submatrix(Xhb, 1, 2, N, D);
    gsl_matrix_view Zv = gsl_matrix_submatrix(Zb, 0, 1, N, K);
    gsl_vector_view muv = gsl_vector_subvector_with_stride(mub, 1, 2, D);
    ex01_pca_reconstruct(&Xhv.matrix, &Zv.matrix, &Xv.matrix, &muv.vector, &Vv.matrix);

    gsl_matrix *Xwant = gsl_matrix_alloc(N, D), *Zwant = gsl_matrix_alloc(N, K);
    pca_reference(Xwant, Zwant, &Xv.matrix, &muv.vector, &Vv.matrix);
    assert_matrix_near(&Xhv.matrix, Xwant, TOL_LINALG, "Xhat (view)");
    assert_matrix_near(&Zv.matrix, Zwant, TOL_LINALG, "Z (view)");
    for (size_t i = 0; i < N + 1; i++)
        for (size_t j = 0; j < D + PAD; j++)
            if (i < 1 || j < 2 || j >= 2 + D)
                ck_assert_msg(gsl_matrix_get(Xhb, i, j) == sentinel,
                              "Xhat padding [%zu][%zu]: expected %g (untouched), got %g", i, j,
                              sentinel, gsl_matrix_get(Xhb, i, j));

    gsl_matrix_free(Xb);
    gsl_matrix_free(Xhb);
    gsl_matrix_free(Zb);
    gsl_matrix_free(Vb);
    gsl_matrix_free(V);
    gsl_matrix_free(Xwant);
    gsl_matrix_free(Zwant);
    gsl_vector_free(mub);
    gsl_rng_free(r);
}
END_TEST

/* ---- 1.2 principal angles ---- */

/* theta[i] within tol of want[i]; an expected zero angle gets TOL_ZERO_ANGLE instead. */
static void assert_angles(const gsl_vector *theta, const double *want, double tol,
                          const char *what)
{
    for (size_t i = 0; i < theta->size; i++) {
        double t = want[i] == 0.0 ? TOL_ZERO_ANGLE : tol;
        ck_assert_msg(fabs(gsl_vector_get(theta, i) - want[i]) <= t,
                      "%s: theta[%zu] expected %.15g, got %.15g (tolerance %.0e)", what, i,
                      want[i], gsl_vector_get(theta, i), t);
    }
}

START_TEST(angles_same_subspace)
{
    /* span(A) vs itself and vs span(A R), R invertible: all zero. Then replace the last
     * column by a vector orthogonal to span(A): angles {0, 0, pi/2}. */
    enum { D = 6, K = 3 };
    gsl_rng *r = ae_rng_alloc(404, AE_RNG_DATA);
    gsl_matrix *A = gsl_matrix_alloc(D, K), *B = gsl_matrix_alloc(D, K);
    gsl_matrix *R = gsl_matrix_alloc(K, K);
    gsl_vector *theta = gsl_vector_alloc(K);
    fill_gaussian(A, r);
    fill_gaussian(R, r);
    for (size_t i = 0; i < K; i++)
        *gsl_matrix_ptr(R, i, i) += 3.0;           /* diagonally dominant: invertible */
    const double zeros[K] = {0.0, 0.0, 0.0}, last_perp[K] = {0.0, 0.0, M_PI_2};

    ex01_principal_angles(theta, A, A);
    assert_angles(theta, zeros, TOL_LINALG, "span(A) vs span(A)");
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, R, 0.0, B);
    ex01_principal_angles(theta, A, B);
    assert_angles(theta, zeros, TOL_LINALG, "span(A) vs span(A R)");

    /* n: a random vector minus its projection on span(A) (QR gives an orthonormal basis) */
    gsl_matrix *QR = gsl_matrix_alloc(D, K), *Q = gsl_matrix_alloc(D, D);
    gsl_matrix *Rf = gsl_matrix_alloc(D, K);
    gsl_vector *tau = gsl_vector_alloc(K), *n = gsl_vector_alloc(D), *c = gsl_vector_alloc(K);
    gsl_matrix_memcpy(QR, A);
    gsl_linalg_QR_decomp(QR, tau);
    gsl_linalg_QR_unpack(QR, tau, Q, Rf);
    gsl_matrix_view QA = gsl_matrix_submatrix(Q, 0, 0, D, K);
    for (size_t i = 0; i < D; i++)
        gsl_vector_set(n, i, ae_rng_gaussian(r, 1.0));
    for (int pass = 0; pass < 2; pass++) {         /* twice: orthogonal to rounding */
        gsl_blas_dgemv(CblasTrans, 1.0, &QA.matrix, n, 0.0, c);
        gsl_blas_dgemv(CblasNoTrans, -1.0, &QA.matrix, c, 1.0, n);
    }
    gsl_matrix_memcpy(B, A);
    gsl_matrix_set_col(B, K - 1, n);
    ex01_principal_angles(theta, A, B);
    assert_angles(theta, last_perp, TOL_LINALG, "span(a1, a2, a3) vs span(a1, a2, n), n _|_ A");

    gsl_matrix_free(A);
    gsl_matrix_free(B);
    gsl_matrix_free(R);
    gsl_matrix_free(QR);
    gsl_matrix_free(Q);
    gsl_matrix_free(Rf);
    gsl_vector_free(tau);
    gsl_vector_free(n);
    gsl_vector_free(c);
    gsl_vector_free(theta);
    gsl_rng_free(r);
}
END_TEST

START_TEST(angles_tilted_planes)
{
    /* R^4, A = span(e1, e2).
     * B = span(e1, cos(alpha) e2 + sin(alpha) e3) shares e1 and is tilted by alpha: {0, alpha}.
     * C = span(cos(a) e1 + sin(a) e3, cos(b) e2 + sin(b) e4), a = 1.1 > b = 0.4: {b, a},
     * i.e. ascending whatever order the columns come in. */
    gsl_matrix *A = gsl_matrix_calloc(4, 2), *B = gsl_matrix_calloc(4, 2);
    gsl_vector *theta = gsl_vector_alloc(2);
    gsl_matrix_set(A, 0, 0, 1.0);
    gsl_matrix_set(A, 1, 1, 1.0);
    const double alphas[] = {0.3, 1.0, 1.45};
    for (size_t t = 0; t < 3; t++) {
        const double al = alphas[t], want[2] = {0.0, al};
        gsl_matrix_set_zero(B);
        gsl_matrix_set(B, 0, 0, 1.0);
        gsl_matrix_set(B, 1, 1, cos(al));
        gsl_matrix_set(B, 2, 1, sin(al));
        ex01_principal_angles(theta, A, B);
        char what[64];
        snprintf(what, sizeof what, "planes sharing e1, tilted by %g", al);
        assert_angles(theta, want, TOL_LINALG, what);
    }
    const double a = 1.1, b = 0.4, want[2] = {b, a};
    gsl_matrix_set_zero(B);
    gsl_matrix_set(B, 0, 0, cos(a));
    gsl_matrix_set(B, 2, 0, sin(a));
    gsl_matrix_set(B, 1, 1, cos(b));
    gsl_matrix_set(B, 3, 1, sin(b));
    ex01_principal_angles(theta, A, B);
    assert_angles(theta, want, TOL_LINALG, "planes tilted by 1.1 and 0.4");
    ex01_principal_angles(theta, B, A);
    assert_angles(theta, want, TOL_LINALG, "the same, arguments swapped");
    gsl_matrix_free(A);
    gsl_matrix_free(B);
    gsl_vector_free(theta);
}
END_TEST

START_TEST(angles_orthogonal)
{
    /* span(e1, e2) vs span(e3 + e4, e3 - 2 e4) in R^5, then random A in R^7 vs random B
     * projected onto the orthogonal complement of span(A): all pi/2 */
    gsl_matrix *A = gsl_matrix_calloc(5, 2), *B = gsl_matrix_calloc(5, 2);
    gsl_vector *theta = gsl_vector_alloc(2);
    gsl_matrix_set(A, 0, 0, 1.0);
    gsl_matrix_set(A, 1, 1, 1.0);
    gsl_matrix_set(B, 2, 0, 1.0);
    gsl_matrix_set(B, 3, 0, 1.0);
    gsl_matrix_set(B, 2, 1, 1.0);
    gsl_matrix_set(B, 3, 1, -2.0);
    const double right2[2] = {M_PI_2, M_PI_2};
    ex01_principal_angles(theta, A, B);
    assert_angles(theta, right2, TOL_LINALG, "span(e1, e2) vs a plane in span(e3, e4)");

    enum { D = 7, K = 3 };
    gsl_rng *r = ae_rng_alloc(505, AE_RNG_DATA);
    gsl_matrix *A3 = gsl_matrix_alloc(D, K), *B3 = gsl_matrix_alloc(D, K);
    gsl_matrix *P = gsl_matrix_alloc(D, D), *Qf = gsl_matrix_alloc(D, D);
    gsl_matrix *Rf = gsl_matrix_alloc(D, K), *QR = gsl_matrix_alloc(D, K);
    gsl_matrix *T = gsl_matrix_alloc(D, K);
    gsl_vector *tau = gsl_vector_alloc(K), *theta3 = gsl_vector_alloc(K);
    fill_gaussian(A3, r);
    fill_gaussian(B3, r);
    gsl_matrix_memcpy(QR, A3);
    gsl_linalg_QR_decomp(QR, tau);
    gsl_linalg_QR_unpack(QR, tau, Qf, Rf);
    gsl_matrix_view QA = gsl_matrix_submatrix(Qf, 0, 0, D, K);
    gsl_matrix_set_identity(P);                                          /* P = I - QA QA^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, -1.0, &QA.matrix, &QA.matrix, 1.0, P);
    for (int pass = 0; pass < 2; pass++) {                               /* twice: rounding */
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, P, B3, 0.0, T);
        gsl_matrix_memcpy(B3, T);
    }
    const double right3[K] = {M_PI_2, M_PI_2, M_PI_2};
    ex01_principal_angles(theta3, A3, B3);
    assert_angles(theta3, right3, TOL_LINALG, "random A vs B projected off span(A)");

    gsl_matrix_free(A);
    gsl_matrix_free(B);
    gsl_matrix_free(A3);
    gsl_matrix_free(B3);
    gsl_matrix_free(P);
    gsl_matrix_free(Qf);
    gsl_matrix_free(Rf);
    gsl_matrix_free(QR);
    gsl_matrix_free(T);
    gsl_vector_free(tau);
    gsl_vector_free(theta);
    gsl_vector_free(theta3);
    gsl_rng_free(r);
}
END_TEST

/* Orthonormal basis (D x k) of span(A) by Householder QR, independent of the exercise. */
static gsl_matrix *qr_basis(const gsl_matrix *A)
{
    const size_t D = A->size1, k = A->size2;
    gsl_matrix *QR = gsl_matrix_alloc(D, k), *Q = gsl_matrix_alloc(D, D);
    gsl_matrix *R = gsl_matrix_alloc(D, k), *out = gsl_matrix_alloc(D, k);
    gsl_vector *tau = gsl_vector_alloc(k);
    gsl_matrix_memcpy(QR, A);
    gsl_linalg_QR_decomp(QR, tau);
    gsl_linalg_QR_unpack(QR, tau, Q, R);
    gsl_matrix_view Q1 = gsl_matrix_submatrix(Q, 0, 0, D, k);
    gsl_matrix_memcpy(out, &Q1.matrix);
    gsl_matrix_free(QR);
    gsl_matrix_free(Q);
    gsl_matrix_free(R);
    gsl_vector_free(tau);
    return out;
}

START_TEST(angles_generic_invariants)
{
    /* random subspaces of R^7: angles ascending in [0, pi/2]; sum cos^2 theta_i =
     * ||QA^T QB||_F^2 and prod cos theta_i = |det QA^T QB| (QR bases, no SVD);
     * unchanged when the columns of A and B are rescaled */
    enum { D = 7, K = 3 };
    gsl_rng *r = ae_rng_alloc(606, AE_RNG_DATA);
    gsl_matrix *A = gsl_matrix_alloc(D, K), *B = gsl_matrix_alloc(D, K);
    gsl_vector *theta = gsl_vector_alloc(K), *theta_s = gsl_vector_alloc(K);
    fill_gaussian(A, r);
    fill_gaussian(B, r);
    ex01_principal_angles(theta, A, B);

    for (size_t i = 0; i < K; i++) {
        double t = gsl_vector_get(theta, i);
        ck_assert_msg(t >= 0.0 && t <= M_PI_2 + TOL_EXACT,
                      "theta[%zu]: expected in [0, pi/2], got %.15g", i, t);
        if (i > 0)
            ck_assert_msg(gsl_vector_get(theta, i - 1) <= t,
                          "ascending: expected theta[%zu] = %.15g <= theta[%zu], got %.15g",
                          i - 1, gsl_vector_get(theta, i - 1), i, t);
    }

    gsl_matrix *QA = qr_basis(A), *QB = qr_basis(B), *M = gsl_matrix_alloc(K, K);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, QA, QB, 0.0, M);
    double frob2 = 0.0;
    for (size_t i = 0; i < K * K; i++)
        frob2 += M->data[i] * M->data[i];
    gsl_permutation *perm = gsl_permutation_alloc(K);
    int signum;
    gsl_linalg_LU_decomp(M, perm, &signum);
    double det = fabs(gsl_linalg_LU_det(M, signum));
    double sum_c2 = 0.0, prod_c = 1.0;
    for (size_t i = 0; i < K; i++) {
        double c = cos(gsl_vector_get(theta, i));
        sum_c2 += c * c;
        prod_c *= c;
    }
    ck_assert_msg(fabs(sum_c2 - frob2) < TOL_LINALG,
                  "sum cos^2 theta: expected ||QA^T QB||_F^2 = %.15g, got %.15g", frob2, sum_c2);
    ck_assert_msg(fabs(prod_c - det) < TOL_LINALG,
                  "prod cos theta: expected |det QA^T QB| = %.15g, got %.15g", det, prod_c);

    const double scale[K] = {1e3, 1e-2, -5.0};
    for (size_t j = 0; j < K; j++) {
        gsl_vector_view a = gsl_matrix_column(A, j), b = gsl_matrix_column(B, K - 1 - j);
        gsl_vector_scale(&a.vector, scale[j]);
        gsl_vector_scale(&b.vector, scale[j]);
    }
    ex01_principal_angles(theta_s, A, B);
    assert_angles(theta_s, theta->data, TOL_LINALG, "columns rescaled vs unscaled");

    gsl_matrix_free(A);
    gsl_matrix_free(B);
    gsl_matrix_free(QA);
    gsl_matrix_free(QB);
    gsl_matrix_free(M);
    gsl_permutation_free(perm);
    gsl_vector_free(theta);
    gsl_vector_free(theta_s);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex01");
    TCase *tc = tcase_create("ex01_pca_reconstruct");
    tcase_add_test(tc, pca_reconstruct_hand);
    tcase_add_test(tc, pca_reconstruct_matches_lib);
    tcase_add_test(tc, pca_reconstruct_full_and_idempotent);
    tcase_add_test(tc, pca_reconstruct_views);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex01_principal_angles");
    tcase_add_test(tc, angles_same_subspace);
    tcase_add_test(tc, angles_tilted_planes);
    tcase_add_test(tc, angles_orthogonal);
    tcase_add_test(tc, angles_generic_invariants);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
