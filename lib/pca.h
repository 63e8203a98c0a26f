/* pca — principal component analysis by the covariance eigenproblem.
 *
 *   mu = 1/N sum_n x_n,   C = 1/(N-1) sum_n (x_n - mu)(x_n - mu)^T = V diag(lambda) V^T
 *
 * The data are added a batch at a time (the datasets stay uint8; only a batch
 * is ever converted), then ae_pca_solve finds every eigenpair with
 * gsl_eigen_symmv, sorted by decreasing eigenvalue. Each direction's sign is
 * fixed (largest |entry| positive) so figures are reproducible.
 *   project:      z = V_k^T (x - mu)
 *   reconstruct:  xhat = mu + V_k z
 */
#ifndef AE_PCA_H
#define AE_PCA_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "data.h"

typedef struct {
    size_t dim;          /* D */
    size_t count;        /* N, examples added so far */
    gsl_vector *mean;    /* D, valid after solve */
    gsl_matrix *V;       /* D x D: row j is the j-th principal direction (after solve) */
    gsl_vector *lambda;  /* D eigenvalues, decreasing */
    gsl_vector *sum;     /* D, running sum of x */
    gsl_matrix *scatter; /* D x D, running sum of x x^T */
} ae_pca;

ae_pca *ae_pca_alloc(size_t dim);
void ae_pca_free(ae_pca *p);

/* Accumulate a batch X: B x D. */
void ae_pca_add(ae_pca *p, const gsl_matrix *X);

/* Mean, covariance, eigenpairs. Needs at least 2 examples; returns AE_EINPUT otherwise. */
int ae_pca_solve(ae_pca *p);

/* Z = (X - 1 mu^T) V_k^T       Z: B x k, X: B x D */
void ae_pca_project(gsl_matrix *Z, const ae_pca *p, const gsl_matrix *X);

/* Xhat = 1 mu^T + Z V_k        Xhat: B x D, Z: B x k */
void ae_pca_reconstruct(gsl_matrix *Xhat, const ae_pca *p, const gsl_matrix *Z);

/* Fraction of the total variance in the first k directions. */
double ae_pca_explained(const ae_pca *p, size_t k);

/* The first k directions as a k x D view into V (returned as GSL does, as
 * _gsl_matrix_const_view: assign it to a gsl_matrix_const_view). */
_gsl_matrix_const_view ae_pca_directions(const ae_pca *p, size_t k);

/* ---- whole datasets (lessons 02, 09), in batches of AE_PCA_ROWS rows ---- */

#define AE_PCA_ROWS 1000

/* ae_pca_add every example of ds, AE_PCA_ROWS at a time. */
void ae_pca_add_dataset(ae_pca *p, const ae_dataset *ds);

/* The same for the examples idx[0..n) of ds (idx NULL: the first n). */
void ae_pca_add_rows(ae_pca *p, const ae_dataset *ds, const size_t *idx, size_t n);

/* Squared error per pixel of the PCA-k reconstructions (project, reconstruct) of ds. */
double ae_pca_mse_dataset(const ae_pca *p, size_t k, const ae_dataset *ds);

#endif
