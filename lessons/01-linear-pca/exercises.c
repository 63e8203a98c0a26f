/* Lesson 01 exercises: PCA as an encoder/decoder pair, and how to compare two subspaces. */
#include "exercises.h"

#include <math.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>

#include "err.h"

/* BOOK: pca_reconstruct */
void ex01_pca_reconstruct(gsl_matrix *Xhat, gsl_matrix *Z, const gsl_matrix *X,
                          const gsl_vector *mean, const gsl_matrix *Vk)
{
#ifdef SOLUTION
    gsl_matrix_memcpy(Xhat, X);
    for (size_t b = 0; b < X->size1; b++) {               /* x - mu */
        gsl_vector_view row = gsl_matrix_row(Xhat, b);
        gsl_vector_sub(&row.vector, mean);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, Xhat, Vk, 0.0, Z);   /* (1.2) z = V_k (x - mu) */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, Z, Vk, 0.0, Xhat); /* (1.3) V_k^T z ...      */
    for (size_t b = 0; b < X->size1; b++) {               /* ... + mu */
        gsl_vector_view row = gsl_matrix_row(Xhat, b);
        gsl_vector_add(&row.vector, mean);
    }
#else
    /* EXERCISE 1.1 (BOOK.md eq. 1.2, 1.3): each row of Z is the code z = V_k (x - mu)
     * of the same row of X; each row of Xhat is mu + V_k^T z. Two gsl_blas_dgemm calls. */
    (void)Z;
    (void)X;
    (void)mean;
    (void)Vk;
    gsl_matrix_set_zero(Xhat);
#endif /* SOLUTION */
}
/* END BOOK */

/* Orthonormal columns Q spanning the columns of A (modified Gram-Schmidt). */
static void orthonormalise(gsl_matrix *Q, const gsl_matrix *A)
{
    gsl_matrix_memcpy(Q, A);
    for (size_t j = 0; j < Q->size2; j++) {
        gsl_vector_view qj = gsl_matrix_column(Q, j);
        for (size_t i = 0; i < j; i++) {
            gsl_vector_view qi = gsl_matrix_column(Q, i);
            double r;
            gsl_blas_ddot(&qi.vector, &qj.vector, &r);
            gsl_blas_daxpy(-r, &qi.vector, &qj.vector);    /* q_j -= (q_i . q_j) q_i */
        }
        double norm = gsl_blas_dnrm2(&qj.vector);
        AE_ASSERT(norm > 0.0);                             /* full column rank */
        gsl_vector_scale(&qj.vector, 1.0 / norm);
    }
}

/* BOOK: principal_angles */
void ex01_principal_angles(gsl_vector *theta, const gsl_matrix *A, const gsl_matrix *B)
{
#ifdef SOLUTION
    const size_t D = A->size1, k = A->size2;
    gsl_matrix *QA = gsl_matrix_alloc(D, k), *QB = gsl_matrix_alloc(D, k);
    gsl_matrix *M = gsl_matrix_alloc(k, k), *V = gsl_matrix_alloc(k, k);
    gsl_vector *cosines = gsl_vector_alloc(k), *work = gsl_vector_alloc(k);
    orthonormalise(QA, A);
    orthonormalise(QB, B);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, QA, QB, 0.0, M);  /* M = Q_A^T Q_B */
    gsl_linalg_SV_decomp(M, V, cosines, work);                      /* (1.5) cos theta_i = sigma_i */
    for (size_t i = 0; i < k; i++)     /* sigma_1 >= ... so theta_1 <= ...; clamp rounding above 1 */
        gsl_vector_set(theta, i, acos(fmin(1.0, gsl_vector_get(cosines, i))));
    gsl_matrix_free(QA);
    gsl_matrix_free(QB);
    gsl_matrix_free(M);
    gsl_matrix_free(V);
    gsl_vector_free(cosines);
    gsl_vector_free(work);
#else
    /* EXERCISE 1.2 (BOOK.md eq. 1.5): orthonormalise A and B (orthonormalise() above),
     * take the singular values sigma_i of Q_A^T Q_B (gsl_linalg_SV_decomp), and set
     * theta_i = acos(sigma_i), clamping sigma_i to at most 1. */
    (void)A;
    (void)B;
    (void)orthonormalise;
    gsl_vector_set_zero(theta);
#endif /* SOLUTION */
}
/* END BOOK */
