/* Lesson 01's model: the linear autoencoder x_hat = W2 (W1 x + b1) + b2, trained by Adam
 * on centred images (x - mu, mu the training mean), and what it is measured by: its test
 * error, PCA-k's test error (exercise 1.1), the largest principal angle between the two
 * subspaces (exercise 1.2). Batches are views of buffers allocated once for the largest.
 */
#ifndef L01_MODEL_H
#define L01_MODEL_H

#include <gsl/gsl_math.h>   /* M_PI */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "data.h"
#include "dense.h"
#include "optim.h"
#include "pca.h"

enum { EVAL_ROWS = 1000 };   /* rows per batch of a whole-set pass */
#define DEG (180.0 / M_PI)

/* The linear autoencoder  x_hat = W2 (W1 x + b1) + b2; tied: W2 = W1^T, x_hat = W1^T z + c. */
typedef struct {
    ae_dense *enc, *dec;   /* W1: k x D, W2: D x k (slides' orientation); dec NULL when tied */
    ae_optim *opt;
    gsl_vector *c, *dc;    /* tied only: the decoder's bias and its gradient (D) */
} linear_ae;

/* Per-batch activations, allocated once for the largest batch. */
typedef struct {
    gsl_matrix *X, *Z, *Xhat, *dXhat, *dZ;   /* B x D, B x k, B x D, B x D, B x k */
} buffers;

typedef struct {
    gsl_matrix_view X, Z, Xhat, dXhat, dZ;
} batch;

buffers buffers_alloc(size_t rows, size_t D, size_t k);
void buffers_free(buffers *v);
batch rows_of(buffers *v, size_t rows);

/* D -> k -> D with small initial weights, Adam at lr with weight decay wd on W1 and W2. */
linear_ae linear_ae_alloc(size_t D, size_t k, double lr, double wd, gsl_rng *init);
void linear_ae_free(linear_ae *ae);

/* The tied linear autoencoder, W2 = W1^T: one weight matrix, two biases; Adam at lr. */
linear_ae tied_ae_alloc(size_t D, size_t k, double lr, gsl_rng *init);

/* max |(W W^T - I)_ij| for W: k x D: 0 when the rows of W are orthonormal. */
double ortho_gap(const gsl_matrix *W);

/* The decoder's weights as a D x k matrix: W2, or W1^T when tied (a copy; the caller frees it). */
gsl_matrix *decoder_weights(const linear_ae *ae);

/* Subtract the training mean from every row of X (B x D). */
void centre(gsl_matrix *X, const gsl_vector *mean);

/* Code and reconstruction of the rows of a->X; returns L = 1/B sum ||x_hat - x||^2 and
 * writes dL/dx_hat. */
double linear_ae_forward(const linear_ae *ae, batch *a);

/* Gradients of L, added into the parameters' gradients (mirror order of the forward). */
void linear_ae_backward(linear_ae *ae, batch *a);

/* One step of gradient descent on the batch; returns the loss before the step. */
double linear_ae_step(linear_ae *ae, batch *a);

/* linear_ae_backward against central differences on every parameter, for the first rows
 * of the (centred) X; returns the largest relative error. */
double linear_ae_gradient_check(linear_ae *ae, buffers *v, const ae_dataset *ds, const gsl_vector *mean);

/* Mean squared error per pixel of the AE on a whole set (centred with mean). */
double linear_ae_mse(const linear_ae *ae, buffers *v, const ae_dataset *ds, const gsl_vector *mean);

/* Mean squared error per pixel of PCA-k on a whole set (exercise 1.1 does the work). */
double pca_mse(const ae_pca *p, size_t k, buffers *v, const ae_dataset *ds);

/* The largest principal angle (degrees) between the decoder's columns and the PCA-k
 * subspace; theta (k) gets every angle, in radians. */
double largest_angle(const linear_ae *ae, const ae_pca *p, gsl_vector *theta);

#endif
