/* Lesson 06 exercises (BOOK.md chapter 6). `make grade` checks them; `make lesson06` uses them. */
#ifndef EX06_H
#define EX06_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Exercise 6.1 (eq. 6.1, 6.2): the Jacobian of the sigmoid encoder h = sigmoid(W x + b)
 * at one point x:  J_ji = dh_j/dx_i = h_j (1 - h_j) W_ji.
 * J: K x D, x: D, W: K x D, b: K. */
void ex06_encoder_jacobian(gsl_matrix *J, const gsl_vector *x, const gsl_matrix *W,
                           const gsl_vector *b);

/* Exercise 6.2 (eq. 6.3, 6.4, 6.5): the contractive penalty of a batch and its gradient.
 *   P = lambda/B sum_b sum_j (h_bj (1 - h_bj))^2 ||W_j||^2          (returned)
 * where H = sigmoid(X W^T + 1 b^T) is given. Adds dP/dW (both ways W enters P: through
 * h, i.e. through a = W x + b, and directly through ||W_j||^2) into dW, and dP/db into db.
 * dA (B x K) is scratch for dP/da. H, dA: B x K; X: B x D; W, dW: K x D; db: K. */
double ex06_contractive(gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA, const gsl_matrix *H,
                        const gsl_matrix *X, const gsl_matrix *W, double lambda);

#endif
