/* loss — losses and their gradients.
 *
 * One convention for every loss: the value is the mean over the batch (rows)
 * of the per-example loss, which is a sum over the example's components.
 * Divide by D for "per pixel" figures. Each function returns the value and,
 * when the gradient argument is not NULL, *writes* (overwrites) the gradient
 * with respect to its first input, already divided by the batch size B.
 */
#ifndef AE_LOSS_H
#define AE_LOSS_H

#include <stdint.h>
#include <gsl/gsl_matrix.h>

/* MSE:  L = 1/B sum_b sum_i (xhat_bi - x_bi)^2,   dXhat = 2 (Xhat - X) / B
 * dXhat, Xhat, X: B x D */
double ae_loss_mse(gsl_matrix *dXhat, const gsl_matrix *Xhat, const gsl_matrix *X);

/* BCE from logits A (xhat = sigmoid(a)), stable for any a:
 * l = max(a,0) - x a + log(1 + e^-|a|),    dA = (sigmoid(A) - X) / B
 * dA, A, X: B x D; targets X in [0, 1] */
double ae_loss_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X);

/* BCE from probabilities P, clamped to [AE_BCE_EPS, 1 - AE_BCE_EPS]:
 * l = -(x log p + (1-x) log(1-p)),    dP = (p - x) / (p (1 - p)) / B
 * dP, P, X: B x D */
#define AE_BCE_EPS 1e-12
double ae_loss_bce(gsl_matrix *dP, const gsl_matrix *P, const gsl_matrix *X);

/* Softmax cross-entropy on logits A with integer labels y (0..K-1):
 * p = softmax(a) (written to P), l = -log p_y,    dA = (P - onehot(y)) / B
 * dA: B x K (may be NULL, may alias P), P: B x K, A: B x K, y: B labels */
double ae_loss_softmax_ce(gsl_matrix *dA, gsl_matrix *P, const gsl_matrix *A,
                          const uint8_t *y);

/* Number of rows whose largest entry is at the label's column. */
size_t ae_count_correct(const gsl_matrix *P, const uint8_t *y);

/* ---- penalties on the code: L1 activity, KL sparsity, contractive (lessons 05, 06) ---- */

/* ---- the Gaussian KL of the VAE (lesson 07) ---- */

#endif
