/* Lesson 10 exercises (BOOK.md chapter 10). `make grade` checks them; `make lesson10` uses them. */
#ifndef EX10_H
#define EX10_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Exercise 10.1 (eq. 10.2): the backward pass of h = tanh(a), in place:
 *   dA = dH * (1 - h^2)
 * (dH on entry, dA on return). dH, H: B x k, H the tanh's output. */
void ex10_tanh_backward(gsl_matrix *dH, const gsl_matrix *H);

/* Exercise 10.2 (eq. 10.4): b-bit uniform quantisation of every code component
 * z_j over [lo_j, hi_j]: L = 2^b cells of width delta_j = (hi_j - lo_j) / L,
 *   q = floor((z - lo_j) / delta_j) clamped to 0 .. L-1,   z_q = lo_j + (q + 1/2) delta_j.
 * Zq, Z: B x k (Zq may be Z); lo, hi: k with lo_j < hi_j; 1 <= bits <= 16. */
void ex10_quantise(gsl_matrix *Zq, const gsl_matrix *Z, const gsl_vector *lo,
                   const gsl_vector *hi, unsigned bits);

/* Exercise 10.3 (eq. 10.7): the orthonormal DCT-II matrix, n x n (n = C->size1 = C->size2):
 *   C[u][i] = alpha_u cos(pi (2i + 1) u / (2n)),   alpha_0 = sqrt(1/n), alpha_u = sqrt(2/n),
 * row u the u-th cosine sampled at the n pixels; then C^T C = C C^T = I. */
void ex10_dct_matrix(gsl_matrix *C);

#endif
