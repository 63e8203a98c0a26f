/* Lesson 04 exercises (BOOK.md chapter 4). `make grade` checks them; `make lesson04` uses them. */
#ifndef EX04_H
#define EX04_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

/* Exercise 4.1 (eq. 4.3): masking noise (Vincent et al. 2008). Xc = X, except that in
 * every row exactly m = round(nu D) components, chosen uniformly at random (every
 * m-subset equally likely), are set to 0. Xc, X: B x D (Xc may be X); 0 <= nu <= 1. */
void ex04_mask_noise(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r);

/* Exercise 4.2 (eq. 4.5): the best possible denoiser for Gaussian noise of standard
 * deviation sigma when the clean data are the N points of Data (N x D, equally likely):
 *   r(x~) = E[x | x~] = sum_n w_n x_n,   w = softmax_n(-||x~ - x_n||^2 / 2 sigma^2),
 * for every row x~ of Xt. R, Xt: B x D. Stable for small sigma (no NaN, no Inf). */
void ex04_bayes_denoiser(gsl_matrix *R, const gsl_matrix *Xt, const gsl_matrix *Data, double sigma);

/* Exercise 4.3 (eqs. 4.7, 4.8): a dropout layer (lib/dropout.h). Forward: draw the mask
 * M (B x H), M_ij = s if gsl_rng_uniform(r) >= p else 0, one draw per entry row by row,
 * s = 1/(1 - p) if rescale else 1; Y = M * X entrywise (Y may be X). 0 <= p < 1. */
void ex04_dropout_forward(gsl_matrix *Y, gsl_matrix *M, const gsl_matrix *X, double p, int rescale, gsl_rng *r);

/* Backward: dX = M * dY entrywise, M the forward's mask (dX may be dY). */
void ex04_dropout_backward(gsl_matrix *dX, const gsl_matrix *M, const gsl_matrix *dY);

#endif
