/* Lesson 09 exercises (BOOK.md chapter 9). `make grade` checks them; `make lesson09` uses them. */
#ifndef EX09_H
#define EX09_H

#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Exercise 9.1 (eq. 9.2): the class means of the codes,
 *   mu_c = 1/n_c sum_{b : y_b = c} z_b,
 * for c = 0 .. K-1 (K = M->size1), with n_c written to counts[c]. A class with no
 * example gets mu_c = 0. M: K x k; Z: N x k (row b is z_b); y: N labels < K. */
void ex09_class_means(gsl_matrix *M, size_t *counts, const gsl_matrix *Z, const uint8_t *y);

/* Exercise 9.2 (eq. 9.3): the nearest class mean of each code,
 *   pred_b = argmin_c ||z_b - mu_c||^2   (the smallest c on a tie).
 * pred: N; Z: N x k; M: K x k. */
void ex09_nearest_mean(uint8_t *pred, const gsl_matrix *Z, const gsl_matrix *M);

/* Exercise 9.3 (eq. 9.4): rows on the segment from a to b,
 *   Out_j = (1 - t_j) a + t_j b,   j = 0 .. T-1.
 * Out: T x d; a, b: d; t: T. The same function blends pixels and codes. */
void ex09_blend(gsl_matrix *Out, const gsl_vector *a, const gsl_vector *b, const gsl_vector *t);

#endif
