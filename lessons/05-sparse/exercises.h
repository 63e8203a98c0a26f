/* Lesson 05 exercises (BOOK.md chapter 5). `make grade` checks them; `make lesson05` uses them. */
#ifndef EX05_H
#define EX05_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Exercise 5.1 (eq. 5.2, 5.3): the KL sparsity penalty of sigmoid units and its gradient.
 *   rho_hat_j = 1/B sum_b h_bj                      (written to rho_hat, K)
 *   returns   beta sum_j KL(rho || rho_hat_j)
 *   adds      dH_bj += beta (-rho/rho_hat_j + (1 - rho)/(1 - rho_hat_j)) / B
 * H, dH: B x K, entries of H in (0, 1); 0 < rho < 1. */
double ex05_kl_sparsity(gsl_matrix *dH, gsl_vector *rho_hat, const gsl_matrix *H, double rho,
                        double beta);

/* Exercise 5.2 (eq. 5.5): UFLDL's normalisation of image patches, in place on the rows
 * of X (N x D, one patch a row): subtract each patch's own mean; with s = 3 times the
 * standard deviation (divide by N D - 1) of all the centred values, clip every value
 * to [-s, s] and map [-s, s] onto [0.1, 0.9]. */
void ex05_normalise_patches(gsl_matrix *X);

#endif
