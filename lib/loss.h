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
/* A penalty joins a reconstruction loss, so its gradient is *added* (+=) into dH,
 * which already holds the reconstruction's gradient w.r.t. the code. */

/* L1 activity (BOOK 5.1):  P = lambda/B sum_b sum_j |h_bj|,   dH += lambda sign(H) / B
 * dH, H: B x K (dH may be NULL) */
double ae_penalty_l1(gsl_matrix *dH, const gsl_matrix *H, double lambda);

#ifdef SOLUTION   /* exercises 5.1 and 6.2: not in the student tree's libae */
/* KL sparsity (BOOK 5.2, 5.3) for units in (0, 1): rho_hat_j = 1/B sum_b h_bj,
 *   P = beta sum_j [rho log(rho/rho_hat_j) + (1-rho) log((1-rho)/(1-rho_hat_j))]
 *   dH_bj += beta (-rho/rho_hat_j + (1-rho)/(1-rho_hat_j)) / B
 * P is a statistic of the whole batch, added once (it is not a per-example mean).
 * rho_hat: K (written; clamped to [AE_KL_EPS, 1 - AE_KL_EPS]); dH, H: B x K (dH may be NULL) */
#define AE_KL_EPS 1e-12
double ae_penalty_kl_sparsity(gsl_matrix *dH, gsl_vector *rho_hat, const gsl_matrix *H,
                              double rho, double beta);

/* Contractive (BOOK 6.3, 6.4, 6.5) for a sigmoid encoder h = sigmoid(W x + b):
 *   P = lambda/B sum_b ||J_f(x_b)||_F^2 = lambda/B sum_b sum_j (h_bj (1 - h_bj))^2 ||W_j||^2
 * P depends on W in two ways, so two gradients:
 *   through h:  dH_bj += 2 lambda/B h_bj (1 - h_bj) (1 - 2 h_bj) ||W_j||^2
 *   directly:   dW_j  += 2 lambda/B (sum_b (h_bj (1 - h_bj))^2) W_j
 * The encoder's own backward (sigmoid, then dense) carries dH on into dW and db.
 * dH, H: B x K; dW, W: K x D (rows W_j); dH and dW may be NULL */
double ae_penalty_contractive(gsl_matrix *dH, gsl_matrix *dW, const gsl_matrix *H,
                              const gsl_matrix *W, double lambda);
#endif

/* ---- the Gaussian KL of the VAE (lesson 07) ---- */

/* KL(N(mu, diag exp(logvar)) || N(0, I)) per example, mean over the batch (BOOK eq. 7.4):
 *   KL = -1/2 sum_j (1 + logvar_j - mu_j^2 - exp(logvar_j))
 * with its gradients (7.5), written (not added) when not NULL:
 *   dMu = mu / B,   dLogvar = (exp(logvar) - 1) / 2B
 * dMu, dLogvar, Mu, Logvar: B x L */
double ae_loss_kl_gauss(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *Mu,
                        const gsl_matrix *Logvar);

#endif
