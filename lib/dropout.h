/* dropout — each unit zeroed with probability p while training (Srivastava et al. 2014;
 * CS109B, "denoising autoencoders and dropout").
 *
 *   forward:   Y = M * X (entrywise),  M_ij = s 1(u_ij >= p),  u_ij ~ U(0, 1)
 *   backward:  dX = M * dY             (for a fixed mask the layer is linear in X)
 *
 * s = 1/(1 - p), "inverted" dropout: E[Y] = X, so at test time the layer is left out and
 * nothing is rescaled. s = 1 is masking noise (lesson 04, Vincent et al. 2008) drawn
 * independently per entry: input dropout without the rescaling, so E[Y] = (1 - p) X.
 */
#ifndef AE_DROPOUT_H
#define AE_DROPOUT_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

/* (4.7) Draw M (B x H) from r with drop probability p (0 <= p < 1), s = 1/(1 - p) if rescale
 * else 1, and Y = M * X. Y, X: B x H (Y may be X). */
void ae_dropout_forward(gsl_matrix *Y, gsl_matrix *M, const gsl_matrix *X, double p, int rescale, gsl_rng *r);

/* (4.8) dX = M * dY: the forward's mask. dX, dY: B x H (dX may be dY). */
void ae_dropout_backward(gsl_matrix *dX, const gsl_matrix *M, const gsl_matrix *dY);

#endif
