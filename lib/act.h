/* act — elementwise activations, forward and backward (all slides).
 *
 * Forward: Y = f(X). Backward: dX = dY * f'(.), taking what the derivative is
 * cheapest from: the output Y for relu, sigmoid and tanh (sigma' = y(1-y),
 * tanh' = 1-y^2), the input X for leaky relu and softplus. In-place use
 * (Y == X, dX == dY) is allowed. All matrices have the same shape.
 */
#ifndef AE_ACT_H
#define AE_ACT_H

#include <gsl/gsl_matrix.h>

typedef enum { AE_IDENTITY, AE_RELU, AE_LEAKY_RELU, AE_SIGMOID, AE_TANH, AE_SOFTPLUS } ae_act;

#define AE_LEAKY_SLOPE 0.2   /* leaky relu: f(x) = x for x > 0, 0.2 x otherwise */

/* Name for headers and messages ("relu", ...); parse one back (-1 if unknown). */
const char *ae_act_name(ae_act f);
int ae_act_parse(const char *name);

/* Scalar versions (numerically stable: sigmoid and softplus never overflow). */
double ae_sigmoid(double x);
double ae_softplus(double x);   /* log(1 + e^x) */

/* Y = f(X) */
void ae_act_forward(ae_act f, gsl_matrix *Y, const gsl_matrix *X);

/* (2.4) dX = dY * f'(X), with f' written from Y or X as above (X and Y are the forward's);
 * relu's is the mask (0.5) dX = 1(y > 0) * dY. */
void ae_act_backward(ae_act f, gsl_matrix *dX, const gsl_matrix *Y, const gsl_matrix *X,
                     const gsl_matrix *dY);

#endif
