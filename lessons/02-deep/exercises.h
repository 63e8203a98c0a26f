/* Lesson 02 exercises (BOOK.md chapter 2). `make grade` checks them; `make lesson02` uses them. */
#ifndef EX02_H
#define EX02_H

#include <gsl/gsl_matrix.h>

#include "net.h"

/* Exercise 2.1 (eq. 2.2, 2.3): binary cross-entropy of x_hat = sigmoid(a) from the logits,
 *   l = softplus(a) - x a   (= -x log x_hat - (1 - x) log(1 - x_hat)),
 * returned as the mean over the B rows of the sum over each row; the gradient
 *   dA = (sigmoid(A) - X) / B   (x_hat - x, eq. 2.3)
 * is written into dA unless dA is NULL. Stable for any a (|a| = 800 gives no Inf).
 * dA, A, X: B x D; X in [0, 1]. */
double ex02_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X);

/* Exercise 2.2 (eq. 2.4, 2.5): the backward pass of a stack of dense layers in mirror
 * order, after ae_net_forward(net, X). From dY = dL/dh_L (B x sizes[L]):
 *   for l = L ... 1:  da_l = dh_l * f_l'(.),  dW_l += da_l^T h_{l-1},  db_l += 1^T da_l,
 *                     dh_{l-1} = da_l W_l        (h_0 = X)
 * using the net's cached h_l, a_l (net->h[l-1], net->a[l-1]) and its dh buffers
 * (net->dh[l-1]); returns dL/dX (net->dx, B x sizes[0]) when want_dX, else NULL.
 * The result must equal ae_net_backward's. */
const gsl_matrix *ex02_net_backward(ae_net *net, const gsl_matrix *dY, ae_dx want_dX);

#endif
