/* Lesson 01 exercises (BOOK.md chapter 1). `make grade` checks them; `make lesson01` uses them. */
#ifndef EX01_H
#define EX01_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Exercise 1.1 (eq. 1.2, 1.3): project onto the first k principal directions and back,
 *   z = V_k (x - mu),   xhat = mu + V_k^T z,
 * for every row of X. Xhat, X: B x D; mean: D; Vk: k x D with orthonormal rows;
 * Z: B x k (scratch, holds the codes on return). */
void ex01_pca_reconstruct(gsl_matrix *Xhat, gsl_matrix *Z, const gsl_matrix *X,
                          const gsl_vector *mean, const gsl_matrix *Vk);

/* Exercise 1.2 (eq. 1.5): the principal angles theta_1 <= ... <= theta_k (radians)
 * between span(A) and span(B), the column spaces of two D x k matrices of full
 * column rank: orthonormalise each (Gram-Schmidt), then cos theta_i are the
 * singular values of Q_A^T Q_B. theta: k. */
void ex01_principal_angles(gsl_vector *theta, const gsl_matrix *A, const gsl_matrix *B);

#endif
