/* Lesson 00 exercises: the three pieces of the backward pass (BOOK.md chapter 0).
 * `make grade` checks them; `make lesson00` uses them. */
#ifndef EX00_H
#define EX00_H

#include <stdint.h>
#include <gsl/gsl_matrix.h>

#include "dense.h"

/* Exercise 0.1 (eq. 0.3, 0.4): backward of f = W x + b for a batch of rows:
 * dW += dF^T X,  db += column sums of dF,  dX = dF W  (skip dX when NULL).
 * dX: B x D, dF: B x H, X: B x D; L->W: H x D */
void ex00_dense_backward(gsl_matrix *dX, ae_dense *L, const gsl_matrix *dF,
                         const gsl_matrix *X);

/* Exercise 0.2 (eq. 0.5): dU = 1(h > 0) * dH, the ReLU's backward pass, in place
 * (dH on entry, dU on return). dH, H: B x M, H the ReLU's output. */
void ex00_relu_backward(gsl_matrix *dH, const gsl_matrix *H);

/* Exercise 0.3 (eq. 0.6): dF = (P - onehot(y)) / B, the softmax cross-entropy
 * gradient w.r.t. the scores, averaged over the batch.
 * dF, P: B x K; y: B labels in 0..K-1 */
void ex00_softmax_ce_grad(gsl_matrix *dF, const gsl_matrix *P, const uint8_t *y);

#endif
