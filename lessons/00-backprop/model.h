/* Lesson 00's model: the network f = W2 relu(W1 x + b1) + b2, 2 -> 100 -> 3, with its
 * forward pass and its backward pass written out (the backward pass is exercises 0.1-0.3).
 * A batch is a view of the first rows of buffers allocated once for the largest batch.
 */
#ifndef L00_MODEL_H
#define L00_MODEL_H

#include <stdint.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "data.h"
#include "dense.h"
#include "optim.h"

enum { INPUTS = 2, HIDDEN = 100, CLASSES = 3 };

/* The network f = W2 relu(W1 x + b1) + b2. */
typedef struct {
    ae_dense *L1, *L2;    /* 2 -> 100, 100 -> 3 */
} net;

/* Activations and their gradients for up to `cap` rows; views select the batch. */
typedef struct {
    size_t cap;
    gsl_matrix *X, *H, *F, *P, *dF, *dH;   /* B x 2, B x 100, B x 3 (F, P, dF), B x 100 */
    uint8_t *y;
} buffers;

typedef struct {   /* the first `rows` rows of each buffer */
    gsl_matrix_view X, H, F, P, dF, dH;
} batch;

typedef struct {
    double loss, acc;   /* mean cross-entropy + (wd/2)||W||^2, and accuracy, on all points */
} score;

/* He initialisation for the ReLU layer, unit gain for the scores. */
net net_alloc(gsl_rng *init);
void net_free(net *m);
void net_copy(net *dst, const net *src);
void net_zero_grad(net *m);

buffers *buffers_alloc(size_t cap);
void buffers_free(buffers *v);
batch rows_of(buffers *v, size_t rows);

/* Scores F and probabilities P for the rows of X; returns the mean cross-entropy. */
double forward(const net *m, batch *a, const uint8_t *y);

/* Gradients of the mean cross-entropy, added into dW1, db1, dW2, db2. */
void backward(net *m, batch *a, const uint8_t *y);

/* Loss (with opt's weight decay penalty) and accuracy on the whole set, in one batch. */
score evaluate(const net *m, buffers *v, const ae_dataset *ds, const ae_optim *opt);

#endif
