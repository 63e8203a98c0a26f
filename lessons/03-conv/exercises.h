/* Lesson 03 exercises (BOOK.md chapter 3). `make grade` checks them; `make lesson03`
 * checks the first two against finite differences before it trains, and measures the
 * checkerboard with the third. */
#ifndef EX03_H
#define EX03_H

#include <gsl/gsl_matrix.h>

#include "conv.h"
#include "pool.h"

/* Exercise 3.1 (eq. 3.4): the convolution's backward pass for its input,
 *   dX_img = col2im(W^T dY_img)          for every image (row) of the batch,
 * where dY_img is the row of dY seen as a g->oc x (g->oh g->ow) matrix.
 * dX: B x (c h w) (overwritten), dY: B x (oc oh ow), W: oc x (c k k);
 * dcol: (c k k) x (oh ow) scratch. */
void ex03_conv_backward_input(gsl_matrix *dX, gsl_matrix *dcol, const gsl_matrix *dY,
                              const gsl_matrix *W, const ae_conv_geom *g);

/* Exercise 3.2 (eq. 3.8): max-pooling's backward pass: each output's gradient goes to
 * the input that was the maximum of its window (P->argmax, kept by the forward pass),
 * every other input gets 0. dX: B x P->in (overwritten), dY: B x P->out. */
void ex03_maxpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY);

/* Exercise 3.3 (eq. 3.12): the checkerboard measure of an n x n image x (n even,
 * row-major): the share of its power, mean removed, that sits at the three highest
 * frequencies of the 2-D DFT,
 *   (|F(n/2, 0)|^2 + |F(0, n/2)|^2 + |F(n/2, n/2)|^2) / (n^2 sum_ij (x_ij - mean)^2),
 * with F(n/2, 0) = sum_ij (-1)^i x_ij and so on. 0 for a constant image. */
double ex03_nyquist_share(const double *x, size_t n);

#endif
