/* Lesson 07 exercises (BOOK.md chapter 7): the gradients a VAE adds to backprop.
 * `make grade` checks them; `make lesson07` checks them against finite differences
 * before it trains. */
#ifndef EX07_H
#define EX07_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Exercise 7.1 (eq. 7.4, 7.5): for one example with q(z|x) = N(mu, diag exp(logvar)),
 * return KL(q || N(0, I)) = -1/2 sum_j (1 + logvar_j - mu_j^2 - exp(logvar_j)) and
 * write its gradients dmu = dKL/dmu and dlogvar = dKL/dlogvar. All vectors have L entries. */
double ex07_gauss_kl(gsl_vector *dmu, gsl_vector *dlogvar, const gsl_vector *mu,
                     const gsl_vector *logvar);

/* Exercise 7.2 (eq. 7.7): the backward pass of z = mu + exp(logvar / 2) * eps with eps
 * held fixed: given dz = dL/dz, ADD dL/dmu to dmu and dL/dlogvar to dlogvar. */
void ex07_reparam_backward(gsl_vector *dmu, gsl_vector *dlogvar, const gsl_vector *dz,
                           const gsl_vector *logvar, const gsl_vector *eps);

/* Exercise 7.3 (eq. 7.9): the KL of q(z|x) = N(mu, diag exp(logvar)) from N(0, I), coordinate
 * by coordinate, summed over the B rows of Mu and Logvar (B x K): WRITE into kl (K entries)
 * kl_j = sum_b -1/2 (1 + logvar_bj - mu_bj^2 - exp(logvar_bj)). sum_j kl_j is B times the
 * mean KL of (7.4). */
void ex07_kl_per_coord(gsl_vector *kl, const gsl_matrix *Mu, const gsl_matrix *Logvar);

/* Exercise 7.4 (eq. 7.12): the conditional VAE's decoder reads [z | y], K entries of z then
 * the C of the label's one-hot y. Given dzy = dL/d[z | y] (K + C entries) for one example,
 * WRITE into dz (K entries) dL/dz, the part that flows on into the reparameterisation and
 * the encoder; y is data, so its part goes nowhere. */
void ex07_cond_split(gsl_vector *dz, const gsl_vector *dzy);

#endif
