/* Lesson 06's model, one architecture for the plain AE, the DAE and the CAE:
 *
 *   h = sigmoid(W x + b)         the encoder, by hand (its Jacobian is the lesson)
 *   x_hat = sigmoid(W2 h + b2)   the decoder, a one-layer net giving logits
 *   L = BCE(x_hat, x)  [+ lambda ||J_f(x)||_F^2 for the CAE, (6.3)]
 *
 * A step is zero grad, model_forward, the BCE from logits, model_backward, for the CAE
 * model_contractive, Adam's step.
 */
#ifndef L06_MODEL_H
#define L06_MODEL_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "data.h"
#include "dense.h"
#include "net.h"
#include "optim.h"

typedef enum { M_AE, M_DAE, M_CAE, NMODELS } model_kind;
extern const char *const MODEL_NAME[NMODELS];   /* "ae", "dae", "cae" */

typedef struct {
    model_kind kind;
    ae_dense *enc;          /* W: K x D */
    ae_net *dec;            /* K -> D, identity: logits; BCE from logits */
    ae_optim *opt;
    gsl_matrix *X, *Xin, *H, *dA, *dLogits;   /* B x D, B x D, B x K (2), B x D */
} model;

model model_alloc(model_kind kind, size_t D, size_t K, size_t rows, double lr, gsl_rng *init);
void model_free(model *m);

/* Views of the first rows of the model's buffers: one batch. */
typedef struct {
    gsl_matrix_view X, Xin, H, dA, dLogits;   /* X the clean input and target, Xin the input */
} batch;

batch rows_of(model *m, size_t rows);

/* h = sigmoid(W x + b) for the rows of X, into H */
void encode(const model *m, gsl_matrix *H, const gsl_matrix *X);

/* h of a.Xin (X, or X corrupted for the DAE) into a.H; returns the logits of x_hat. */
const gsl_matrix *model_forward(model *m, batch *a);

/* After the loss wrote dL/dlogits into a.dLogits: ADDS dL/dW, dL/db of both layers. */
void model_backward(model *m, batch *a);

/* After model_backward: the CAE's penalty lambda ||J_f(x)||_F^2 on the batch, returned;
 * ADDS its gradient to the encoder's (exercise 6.2; overwrites a.dA). */
double model_contractive(model *m, batch *a, double lambda);

/* Largest relative error of finite differences against the CAE's gradient over the
 * encoder's b and the first two rows of W (the part written by hand; the decoder is a
 * net, checked in tests/check_net.c), a fresh small CAE on the first 5 images of ds. */
double model_gradcheck(const ae_dataset *ds, double lambda, unsigned long seed);

#endif
