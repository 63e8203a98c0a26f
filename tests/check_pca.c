/* check_pca — PCA on synthetic data whose covariance is known exactly.
 *
 * X = 1 mu^T + Z diag(s) U^T with Z^T Z = (N-1) I and 1^T Z = 0, so the sample
 * covariance is exactly U diag(s^2) U^T: directions U's columns, eigenvalues s^2.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "data.h"
#include "err.h"
#include "pca.h"
#include "test.h"

#define N 200
#define D 5
#define TOL_PCA 1e-10

static const double lambda_true[D] = { 9.0, 4.0, 2.0, 1.0, 0.25 };
static const double mu_true[D] = { 0.5, -1.0, 2.0, 0.0, 1.5 };

/* Q: the first cols columns of the orthogonal factor of a random rows x cols matrix,
 * after centring its columns when centre is set. */
static gsl_matrix *orthonormal_columns(gsl_rng *r, size_t rows, size_t cols, int centre)
{
    gsl_matrix *A = gsl_matrix_alloc(rows, cols);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            gsl_matrix_set(A, i, j, gsl_ran_gaussian(r, 1.0));
    for (size_t j = 0; centre && j < cols; j++) {
        gsl_vector_view a = gsl_matrix_column(A, j);
        double m = 0.0;
        for (size_t i = 0; i < rows; i++)
            m += gsl_vector_get(&a.vector, i);
        gsl_vector_add_constant(&a.vector, -m / (double)rows);
    }
    gsl_vector *tau = gsl_vector_alloc(cols);
    gsl_matrix *Q = gsl_matrix_alloc(rows, rows), *R = gsl_matrix_alloc(rows, cols);
    gsl_linalg_QR_decomp(A, tau);
    gsl_linalg_QR_unpack(A, tau, Q, R);
    gsl_matrix *out = gsl_matrix_alloc(rows, cols);
    gsl_matrix_view Q1 = gsl_matrix_submatrix(Q, 0, 0, rows, cols);
    gsl_matrix_memcpy(out, &Q1.matrix);
    gsl_matrix_free(A);
    gsl_matrix_free(Q);
    gsl_matrix_free(R);
    gsl_vector_free(tau);
    return out;
}

typedef struct {
    gsl_matrix *X;  /* N x D */
    gsl_matrix *U;  /* D x D, column j = direction j */
} synth;

static synth synth_make(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    synth s;
    s.U = orthonormal_columns(r, D, D, 0);
    gsl_matrix *Z = orthonormal_columns(r, N, D, 1);  /* centred, Z^T Z = I */
    gsl_matrix_scale(Z, sqrt(N - 1.0));
    for (size_t j = 0; j < D; j++) {
        gsl_vector_view z = gsl_matrix_column(Z, j);
        gsl_vector_scale(&z.vector, sqrt(lambda_true[j]));
    }
    s.X = gsl_matrix_alloc(N, D);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, Z, s.U, 0.0, s.X);  /* X = Z diag(s) U^T */
    for (size_t n = 0; n < N; n++)
        for (size_t j = 0; j < D; j++)
            gsl_matrix_set(s.X, n, j, gsl_matrix_get(s.X, n, j) + mu_true[j]);
    gsl_matrix_free(Z);
    gsl_rng_free(r);
    return s;
}

static void synth_free(synth *s)
{
    gsl_matrix_free(s->X);
    gsl_matrix_free(s->U);
}

static ae_pca *pca_of(const gsl_matrix *X)
{
    ae_pca *p = ae_pca_alloc(X->size2);
    ae_pca_add(p, X);
    ck_assert_int_eq(ae_pca_solve(p), AE_OK);
    return p;
}

START_TEST(test_recovers_directions_and_eigenvalues)
{
    synth s = synth_make();
    ae_pca *p = pca_of(s.X);
    ck_assert_uint_eq(p->count, N);
    for (size_t j = 0; j < D; j++) {
        ck_assert_double_eq_tol(gsl_vector_get(p->mean, j), mu_true[j], TOL_PCA);
        ck_assert_msg(fabs(gsl_vector_get(p->lambda, j) - lambda_true[j]) < TOL_PCA * lambda_true[0],
                      "lambda[%zu] = %.15g, expected %g", j, gsl_vector_get(p->lambda, j),
                      lambda_true[j]);
        gsl_vector_const_view v = gsl_matrix_const_row(p->V, j);
        gsl_vector_const_view u = gsl_matrix_const_column(s.U, j);
        double cosine;
        gsl_blas_ddot(&v.vector, &u.vector, &cosine);
        ck_assert_msg(fabs(cosine) > 1.0 - TOL_PCA, "direction %zu: |cos| = %.15g", j,
                      fabs(cosine));
    }
    ae_pca_free(p);
    synth_free(&s);
}
END_TEST

START_TEST(test_orthonormal_rows)
{
    synth s = synth_make();
    ae_pca *p = pca_of(s.X);
    gsl_matrix *G = gsl_matrix_alloc(D, D);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, p->V, p->V, 0.0, G);  /* V V^T */
    for (size_t i = 0; i < D; i++)
        for (size_t j = 0; j < D; j++)
            ck_assert_msg(fabs(gsl_matrix_get(G, i, j) - (i == j)) < TOL_EXACT,
                          "(V V^T)[%zu][%zu] = %.17g", i, j, gsl_matrix_get(G, i, j));
    gsl_matrix_free(G);
    ae_pca_free(p);
    synth_free(&s);
}
END_TEST

START_TEST(test_sign_rule)
{
    synth s = synth_make();
    ae_pca *p = pca_of(s.X);
    for (size_t j = 0; j < D; j++) {
        double big = 0.0;
        for (size_t i = 0; i < D; i++)
            if (fabs(gsl_matrix_get(p->V, j, i)) > fabs(big))
                big = gsl_matrix_get(p->V, j, i);
        ck_assert_msg(big > 0.0, "direction %zu: largest entry %g is negative", j, big);
    }
    ae_pca_free(p);
    synth_free(&s);
}
END_TEST

START_TEST(test_full_rank_round_trip)
{
    synth s = synth_make();
    ae_pca *p = pca_of(s.X);
    gsl_matrix *Z = gsl_matrix_alloc(N, D), *Xhat = gsl_matrix_alloc(N, D);
    ae_pca_project(Z, p, s.X);
    ae_pca_reconstruct(Xhat, p, Z);
    for (size_t n = 0; n < N; n++)
        for (size_t j = 0; j < D; j++)
            ck_assert_double_eq_tol(gsl_matrix_get(Xhat, n, j), gsl_matrix_get(s.X, n, j),
                                    TOL_PCA);
    ck_assert_double_eq_tol(ae_pca_explained(p, D), 1.0, TOL_EXACT);
    ck_assert_double_eq_tol(ae_pca_explained(p, 1), 9.0 / 16.25, TOL_PCA);
    ck_assert_double_eq_tol(ae_pca_explained(p, 0), 0.0, TOL_EXACT);
    gsl_matrix_free(Z);
    gsl_matrix_free(Xhat);
    ae_pca_free(p);
    synth_free(&s);
}
END_TEST

/* The codes' variances are the eigenvalues, and the codes are uncorrelated. */
START_TEST(test_code_covariance)
{
    synth s = synth_make();
    ae_pca *p = pca_of(s.X);
    gsl_matrix *Z = gsl_matrix_alloc(N, 3), *C = gsl_matrix_alloc(3, 3);
    ae_pca_project(Z, p, s.X);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0 / (N - 1.0), Z, Z, 0.0, C);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            ck_assert_double_eq_tol(gsl_matrix_get(C, i, j), i == j ? lambda_true[i] : 0.0,
                                    TOL_PCA);
    gsl_matrix_free(Z);
    gsl_matrix_free(C);
    ae_pca_free(p);
    synth_free(&s);
}
END_TEST

START_TEST(test_batches_equal_one_shot)
{
    synth s = synth_make();
    ae_pca *one = pca_of(s.X);
    ae_pca *many = ae_pca_alloc(D);
    for (size_t n0 = 0; n0 < N; n0 += 7) {  /* uneven batches, the last one short */
        size_t b = n0 + 7 <= N ? 7 : N - n0;
        gsl_matrix_const_view Xb = gsl_matrix_const_submatrix(s.X, n0, 0, b, D);
        ae_pca_add(many, &Xb.matrix);
    }
    ck_assert_int_eq(ae_pca_solve(many), AE_OK);
    ck_assert_uint_eq(many->count, N);
    for (size_t i = 0; i < D; i++) {
        ck_assert_double_eq_tol(gsl_vector_get(many->sum, i), gsl_vector_get(one->sum, i), 1e-9);
        ck_assert_double_eq_tol(gsl_vector_get(many->lambda, i), gsl_vector_get(one->lambda, i),
                                TOL_PCA);
        for (size_t j = 0; j < D; j++)
            ck_assert_double_eq_tol(gsl_matrix_get(many->V, i, j), gsl_matrix_get(one->V, i, j),
                                    TOL_PCA);
    }
    ae_pca_free(one);
    ae_pca_free(many);
    synth_free(&s);
}
END_TEST

/* ae_pca_add_rows adds exactly the examples of its index list (here every third, in
 * batches of AE_PCA_ROWS), and with no list the first n, as ae_pca_add_dataset does */
START_TEST(test_add_rows)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    ae_dataset ds;
    ae_spirals(&ds, 1500, 3, 0.2, r);            /* 4500 points in 2-D */
    size_t n = ds.n / 3, *idx = malloc(n * sizeof *idx);
    gsl_matrix *X = gsl_matrix_alloc(n, ds.dim);
    for (size_t i = 0; i < n; i++) {
        idx[i] = 3 * (n - 1 - i);                 /* every third, backwards */
        for (size_t j = 0; j < ds.dim; j++)
            gsl_matrix_set(X, i, j, ds.xr[idx[i] * ds.dim + j]);
    }
    ae_pca *listed = ae_pca_alloc(ds.dim), *direct = ae_pca_alloc(ds.dim);
    ae_pca_add_rows(listed, &ds, idx, n);
    ae_pca_add(direct, X);
    ck_assert_uint_eq(listed->count, n);
    for (size_t j = 0; j < ds.dim; j++)
        ck_assert_double_eq_tol(gsl_vector_get(listed->sum, j), gsl_vector_get(direct->sum, j), 1e-9);
    ae_pca *head = ae_pca_alloc(ds.dim), *whole = ae_pca_alloc(ds.dim);
    ae_pca_add_rows(head, &ds, NULL, ds.n);
    ae_pca_add_dataset(whole, &ds);
    ck_assert_uint_eq(head->count, ds.n);
    for (size_t j = 0; j < ds.dim; j++)
        ck_assert_double_eq(gsl_vector_get(head->sum, j), gsl_vector_get(whole->sum, j));
    ae_pca_free(listed);
    ae_pca_free(direct);
    ae_pca_free(head);
    ae_pca_free(whole);
    gsl_matrix_free(X);
    free(idx);
    ae_dataset_free(&ds);
    gsl_rng_free(r);
}
END_TEST

START_TEST(test_too_few_examples)
{
    ae_pca *p = ae_pca_alloc(3);
    ck_assert_int_eq(ae_pca_solve(p), AE_EINPUT);
    gsl_matrix *x = gsl_matrix_calloc(1, 3);
    ae_pca_add(p, x);
    ck_assert_int_eq(ae_pca_solve(p), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "2 examples"));
    ae_pca_add(p, x);
    ck_assert_int_eq(ae_pca_solve(p), AE_OK);  /* two equal points: no variance at all */
    ck_assert_double_eq_tol(ae_pca_explained(p, 1), 1.0, TOL_EXACT);
    gsl_matrix_free(x);
    ae_pca_free(p);
}
END_TEST

/* mean ||x - xhat||^2 over the training set = (N-1)/N sum_{j>=k} lambda_j */
START_TEST(test_reconstruction_error_identity)
{
    synth s = synth_make();
    ae_pca *p = pca_of(s.X);
    for (size_t k = 1; k <= D; k++) {
        gsl_matrix *Z = gsl_matrix_alloc(N, k), *Xhat = gsl_matrix_alloc(N, D);
        ae_pca_project(Z, p, s.X);
        ae_pca_reconstruct(Xhat, p, Z);
        gsl_matrix_sub(Xhat, s.X);
        double err = 0.0, discarded = 0.0;
        for (size_t n = 0; n < N; n++) {
            gsl_vector_view e = gsl_matrix_row(Xhat, n);
            double norm = gsl_blas_dnrm2(&e.vector);
            err += norm * norm / N;
        }
        for (size_t j = k; j < D; j++)
            discarded += gsl_vector_get(p->lambda, j);
        ck_assert_msg(fabs(err - discarded * (N - 1.0) / N) < TOL_PCA,
                      "k = %zu: error %.15g, expected %.15g", k, err, discarded * (N - 1.0) / N);
        gsl_matrix_free(Z);
        gsl_matrix_free(Xhat);
    }
    ae_pca_free(p);
    synth_free(&s);
}
END_TEST

/* Views with a row stride larger than their width give the same numbers. */
START_TEST(test_views)
{
    synth s = synth_make();
    ae_pca *p = pca_of(s.X);
    const size_t B = 10, k = 2;
    gsl_matrix *bigX = gsl_matrix_calloc(B + 3, D + 4), *bigZ = gsl_matrix_calloc(B + 2, k + 5);
    gsl_matrix *bigXhat = gsl_matrix_calloc(B + 1, D + 2);
    gsl_matrix_view Xv = gsl_matrix_submatrix(bigX, 2, 3, B, D);
    gsl_matrix_view Zv = gsl_matrix_submatrix(bigZ, 1, 4, B, k);
    gsl_matrix_view Xhatv = gsl_matrix_submatrix(bigXhat, 1, 1, B, D);
    gsl_matrix_const_view X0 = gsl_matrix_const_submatrix(s.X, 0, 0, B, D);
    gsl_matrix_memcpy(&Xv.matrix, &X0.matrix);
    gsl_matrix *Z = gsl_matrix_alloc(B, k), *Xhat = gsl_matrix_alloc(B, D);
    ae_pca_project(Z, p, &X0.matrix);
    ae_pca_reconstruct(Xhat, p, Z);
    ae_pca_project(&Zv.matrix, p, &Xv.matrix);
    ae_pca_reconstruct(&Xhatv.matrix, p, &Zv.matrix);
    ck_assert(gsl_matrix_equal(Z, &Zv.matrix));
    ck_assert(gsl_matrix_equal(Xhat, &Xhatv.matrix));
    ck_assert_double_eq(gsl_matrix_get(bigZ, 0, 0), 0.0);  /* nothing outside the views */
    ck_assert_double_eq(gsl_matrix_get(bigXhat, 0, 0), 0.0);
    ck_assert_double_eq(gsl_matrix_get(bigXhat, B, D + 1), 0.0);
    gsl_matrix_const_view Vk = ae_pca_directions(p, k);
    ck_assert_uint_eq(Vk.matrix.size1, k);
    ck_assert_uint_eq(Vk.matrix.size2, D);
    ck_assert_double_eq(gsl_matrix_get(&Vk.matrix, 1, 2), gsl_matrix_get(p->V, 1, 2));
    gsl_matrix_free(Z);
    gsl_matrix_free(Xhat);
    gsl_matrix_free(bigX);
    gsl_matrix_free(bigZ);
    gsl_matrix_free(bigXhat);
    ae_pca_free(p);
    synth_free(&s);
}
END_TEST

/* Points on a plane in 4-D: two zero eigenvalues, never negative. */
START_TEST(test_rank_deficient)
{
    gsl_matrix *X = gsl_matrix_alloc(50, 4);
    for (size_t n = 0; n < 50; n++) {
        double a = sin(0.7 * (double)n), b = cos(1.3 * (double)n);
        double row[4] = { a + b, a - b, 2.0 * a, 0.1 * (a + b) };
        for (size_t j = 0; j < 4; j++)
            gsl_matrix_set(X, n, j, row[j] + 0.3);
    }
    ae_pca *p = pca_of(X);
    for (size_t j = 0; j < 4; j++)
        ck_assert(gsl_vector_get(p->lambda, j) >= 0.0);
    ck_assert(gsl_vector_get(p->lambda, 1) > 0.1);
    ck_assert_double_eq_tol(gsl_vector_get(p->lambda, 2), 0.0, 1e-12);
    ck_assert_double_eq_tol(ae_pca_explained(p, 2), 1.0, 1e-12);
    gsl_matrix_free(X);
    ae_pca_free(p);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("pca");
    TCase *tc = tcase_create("pca");
    tcase_add_test(tc, test_recovers_directions_and_eigenvalues);
    tcase_add_test(tc, test_orthonormal_rows);
    tcase_add_test(tc, test_sign_rule);
    tcase_add_test(tc, test_full_rank_round_trip);
    tcase_add_test(tc, test_code_covariance);
    tcase_add_test(tc, test_batches_equal_one_shot);
    tcase_add_test(tc, test_add_rows);
    tcase_add_test(tc, test_too_few_examples);
    tcase_add_test(tc, test_reconstruction_error_identity);
    tcase_add_test(tc, test_views);
    tcase_add_test(tc, test_rank_deficient);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
