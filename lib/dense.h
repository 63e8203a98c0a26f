/* dense — the fully connected layer  y = W x + b  (all slides).
 *
 * A batch is stored as rows: X is B x D, W is H x D (the slides' orientation),
 * so Y = X W^T + 1 b^T (BOOK.md (N.1); its backward is (0.3) and (0.4)). The
 * layer owns W, b and their gradients dW, db; the caller owns X and Y. Backward
 * *adds* into dW and db (zero them once per step with ae_dense_zero_grad) and
 * overwrites dX.
 */
#ifndef AE_DENSE_H
#define AE_DENSE_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "optim.h"

typedef struct {
    size_t in, out;       /* D, H */
    gsl_matrix *W, *dW;   /* H x D */
    gsl_vector *b, *db;   /* H */
} ae_dense;

ae_dense *ae_dense_alloc(size_t in, size_t out);
void ae_dense_free(ae_dense *L);

/* W_ij ~ N(0, scale^2 / D), b = 0. scale = 1 is LeCun, sqrt(2) is He. */
void ae_dense_init(ae_dense *L, gsl_rng *r, double scale);

void ae_dense_zero_grad(ae_dense *L);

/* Register W (with weight decay) and b (without) with the optimiser. */
void ae_dense_add_params(ae_dense *L, ae_optim *o);

/* (N.1) Y = X W^T + 1 b^T          Y: B x H, X: B x D */
void ae_dense_forward(gsl_matrix *Y, const gsl_matrix *X, const ae_dense *L);

/* (0.3) dW += dY^T X,  db += column sums of dY;  (0.4) dX = dY W  (dX may be NULL)
 * dX: B x D, dY: B x H, X: B x D (the forward input) */
void ae_dense_backward(gsl_matrix *dX, ae_dense *L, const gsl_matrix *dY,
                       const gsl_matrix *X);

/* Tied weights (lesson 01): L's W (H x D) used again, transposed, as a decoder H -> D with
 * its own bias c (D):   Y = X W + 1 c^T    (slides: x_hat = W^T z + c)
 * Y: B x D, X: B x H */
void ae_dense_forward_tied(gsl_matrix *Y, const gsl_matrix *X, const ae_dense *L, const gsl_vector *c);

/* Its backward pass, adding into the shared dW:
 *   dW += X^T dY  (the decoder's gradient dW_dec = dY^T X, transposed: dW = dW_enc + dW_dec^T),
 *   dc += column sums of dY,   dX = dY W^T  (dX may be NULL)
 * dX: B x H, dc: D, dY: B x D, X: B x H (the forward input) */
void ae_dense_backward_tied(gsl_matrix *dX, ae_dense *L, gsl_vector *dc, const gsl_matrix *dY,
                            const gsl_matrix *X);

#endif
