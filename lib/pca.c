/* pca — principal component analysis by the covariance eigenproblem. See pca.h. */
#include "pca.h"

#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>

#include "batch.h"
#include "err.h"
#include "student.h"

ae_pca *ae_pca_alloc(size_t dim)
{
    AE_ASSERT(dim > 0);
    ae_pca *p = calloc(1, sizeof *p);
    AE_ASSERT(p != NULL);
    p->dim = dim;
    p->mean = gsl_vector_calloc(dim);
    p->V = gsl_matrix_calloc(dim, dim);
    p->lambda = gsl_vector_calloc(dim);
    p->sum = gsl_vector_calloc(dim);
    p->scatter = gsl_matrix_calloc(dim, dim);
    return p;
}

void ae_pca_free(ae_pca *p)
{
    if (!p)
        return;
    gsl_vector_free(p->mean);
    gsl_matrix_free(p->V);
    gsl_vector_free(p->lambda);
    gsl_vector_free(p->sum);
    gsl_matrix_free(p->scatter);
    free(p);
}

/* BOOK: pca_add */
void ae_pca_add(ae_pca *p, const gsl_matrix *X)
{
    AE_ASSERT(X->size2 == p->dim);
    /* sum += X^T 1 */
    for (size_t n = 0; n < X->size1; n++) {
        gsl_vector_const_view x = gsl_matrix_const_row(X, n);
        gsl_vector_add(p->sum, &x.vector);
    }
    /* S += X^T X  (upper triangle only; solve mirrors it) */
    gsl_blas_dsyrk(CblasUpper, CblasTrans, 1.0, X, 1.0, p->scatter);
    p->count += X->size1;
}
/* END BOOK */

/* C = (S - N mu mu^T) / (N - 1), from the upper triangle of S, made full. */
static void pca_covariance(gsl_matrix *C, const ae_pca *p)
{
    const double N = (double)p->count;
    for (size_t i = 0; i < p->dim; i++) {
        double mu_i = gsl_vector_get(p->mean, i);
        for (size_t j = i; j < p->dim; j++) {
            double c = (gsl_matrix_get(p->scatter, i, j) - N * mu_i * gsl_vector_get(p->mean, j))
                       / (N - 1.0);
            gsl_matrix_set(C, i, j, c);
            gsl_matrix_set(C, j, i, c);
        }
    }
}

/* Make the largest-|entry| of row j of V positive, so figures are reproducible. */
static void pca_fix_signs(gsl_matrix *V)
{
    for (size_t j = 0; j < V->size1; j++) {
        gsl_vector_view v = gsl_matrix_row(V, j);
        size_t imax = 0;
        for (size_t i = 1; i < v.vector.size; i++)
            if (fabs(gsl_vector_get(&v.vector, i)) > fabs(gsl_vector_get(&v.vector, imax)))
                imax = i;
        if (gsl_vector_get(&v.vector, imax) < 0.0)
            gsl_vector_scale(&v.vector, -1.0);
    }
}

/* BOOK: pca_solve */
int ae_pca_solve(ae_pca *p)
{
    if (p->count < 2)
        return ae_fail("PCA needs at least 2 examples, got %zu", p->count);
    const size_t D = p->dim;
    /* mu = 1/N sum_n x_n */
    gsl_vector_memcpy(p->mean, p->sum);
    gsl_vector_scale(p->mean, 1.0 / (double)p->count);

    gsl_matrix *C = gsl_matrix_alloc(D, D);  /* overwritten by the eigensolver */
    gsl_matrix *evec = gsl_matrix_alloc(D, D);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(D);
    pca_covariance(C, p);
    /* C = V diag(lambda) V^T, lambda decreasing */
    gsl_eigen_symmv(C, p->lambda, evec, ws);
    gsl_eigen_symmv_sort(p->lambda, evec, GSL_EIGEN_SORT_VAL_DESC);
    gsl_matrix_transpose_memcpy(p->V, evec);  /* eigenvector columns -> rows of V */
    pca_fix_signs(p->V);
    for (size_t j = 0; j < D; j++)  /* rounding can make a zero eigenvalue slightly negative */
        if (gsl_vector_get(p->lambda, j) < 0.0)
            gsl_vector_set(p->lambda, j, 0.0);

    gsl_eigen_symmv_free(ws);
    gsl_matrix_free(evec);
    gsl_matrix_free(C);
    return AE_OK;
}
/* END BOOK */

_gsl_matrix_const_view ae_pca_directions(const ae_pca *p, size_t k)
{
    AE_ASSERT(k >= 1 && k <= p->dim);
    return gsl_matrix_const_submatrix(p->V, 0, 0, k, p->dim);
}

void ae_pca_project(gsl_matrix *Z, const ae_pca *p, const gsl_matrix *X)
{
    AE_ASSERT(X->size2 == p->dim && Z->size1 == X->size1);
    const size_t k = Z->size2;
    gsl_matrix_const_view Vk = ae_pca_directions(p, k);
#ifdef SOLUTION
    /* Z = (X - 1 mu^T) V_k^T = X V_k^T - 1 (V_k mu)^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, X, &Vk.matrix, 0.0, Z);
    for (size_t j = 0; j < k; j++) {
        gsl_vector_const_view v = gsl_matrix_const_row(p->V, j);
        double vmu;
        gsl_blas_ddot(&v.vector, p->mean, &vmu);
        gsl_vector_view zj = gsl_matrix_column(Z, j);
        gsl_vector_add_constant(&zj.vector, -vmu);
    }
#else
    student_pca_project(Z, X, p->mean, &Vk.matrix);   /* exercise 1.1 */
#endif
}

void ae_pca_reconstruct(gsl_matrix *Xhat, const ae_pca *p, const gsl_matrix *Z)
{
    AE_ASSERT(Xhat->size2 == p->dim && Xhat->size1 == Z->size1);
    gsl_matrix_const_view Vk = ae_pca_directions(p, Z->size2);
#ifdef SOLUTION
    /* Xhat = 1 mu^T + Z V_k */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, Z, &Vk.matrix, 0.0, Xhat);
    for (size_t n = 0; n < Xhat->size1; n++) {
        gsl_vector_view xhat = gsl_matrix_row(Xhat, n);
        gsl_vector_add(&xhat.vector, p->mean);
    }
#else
    student_pca_reconstruct(Xhat, Z, p->mean, &Vk.matrix);   /* exercise 1.1 */
#endif
}

/* sum_{j<k} lambda_j / sum_j lambda_j  (1 when the data have no variance at all) */
double ae_pca_explained(const ae_pca *p, size_t k)
{
    AE_ASSERT(k <= p->dim);
    double part = 0.0, total = 0.0;
    for (size_t j = 0; j < p->dim; j++) {
        double lambda_j = gsl_vector_get(p->lambda, j);
        total += lambda_j;
        if (j < k)
            part += lambda_j;
    }
    return total > 0.0 ? part / total : 1.0;
}

/* ---- whole datasets ---- */

void ae_pca_add_rows(ae_pca *p, const ae_dataset *ds, const size_t *idx, size_t n)
{
    AE_ASSERT(ds->dim == p->dim && (idx != NULL || n <= ds->n));
    gsl_matrix *X = gsl_matrix_alloc(AE_PCA_ROWS, ds->dim);
    for (size_t first = 0; first < n; first += AE_PCA_ROWS) {
        size_t rows = n - first < AE_PCA_ROWS ? n - first : AE_PCA_ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        if (idx)
            ae_batch_fill(&x.matrix, NULL, ds, idx + first, rows);
        else
            ae_batch_range(&x.matrix, NULL, ds, first, rows);
        ae_pca_add(p, &x.matrix);
    }
    gsl_matrix_free(X);
}

void ae_pca_add_dataset(ae_pca *p, const ae_dataset *ds)
{
    ae_pca_add_rows(p, ds, NULL, ds->n);
}

double ae_pca_mse_dataset(const ae_pca *p, size_t k, const ae_dataset *ds)
{
    AE_ASSERT(ds->dim == p->dim && k >= 1 && k <= p->dim && ds->n > 0);
    gsl_matrix *X = gsl_matrix_alloc(AE_PCA_ROWS, ds->dim), *Xhat = gsl_matrix_alloc(AE_PCA_ROWS, ds->dim);
    gsl_matrix *Z = gsl_matrix_alloc(AE_PCA_ROWS, k);
    double sum = 0.0;
    for (size_t first = 0; first < ds->n; first += AE_PCA_ROWS) {
        size_t rows = ds->n - first < AE_PCA_ROWS ? ds->n - first : AE_PCA_ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        gsl_matrix_view xhat = gsl_matrix_submatrix(Xhat, 0, 0, rows, ds->dim);
        gsl_matrix_view z = gsl_matrix_submatrix(Z, 0, 0, rows, k);
        ae_batch_range(&x.matrix, NULL, ds, first, rows);
        ae_pca_project(&z.matrix, p, &x.matrix);           /* z = V_k (x - mu) */
        ae_pca_reconstruct(&xhat.matrix, p, &z.matrix);    /* x_hat = mu + V_k^T z */
        gsl_matrix_sub(&xhat.matrix, &x.matrix);
        for (size_t b = 0; b < rows; b++) {
            gsl_vector_view e = gsl_matrix_row(&xhat.matrix, b);
            double norm = gsl_blas_dnrm2(&e.vector);
            sum += norm * norm;
        }
    }
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    gsl_matrix_free(Z);
    return sum / (double)(ds->n * ds->dim);
}
