/* Lesson 03's models on 28 x 28 images, each giving the logits of x_hat:
 *
 *   RESIZE      the Keras-blog conv AE, decoder upsample + conv (lib/convae.h)
 *   TRANSPOSED  the same encoder, decoder of stride-2 transposed convolutions
 *   DENSE       a dense AE 784-256-128-256-784 (lib/net.h) with the same code size
 *   UNPOOL      the same encoder, decoder of conv + max-unpooling with the encoder's switches
 *   LAST_T      the same encoder, decoder upsample + conv but for a transposed last layer
 *
 * The first three are compared on BCE and moved images; the four conv decoders on the
 * checkerboard (figures.h). A step is the same for all: zero grad, model_forward, the BCE from the logits
 * (dA), model_backward(dA), Adam's step.
 */
#ifndef L03_MODEL_H
#define L03_MODEL_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "cli.h"
#include "convae.h"
#include "data.h"
#include "net.h"
#include "optim.h"

enum { SIDE = AE_CONVAE_SIDE, D = AE_CONVAE_D, CODE = AE_CONVAE_CODE, SHOW = 8 };
enum { RESIZE, TRANSPOSED, DENSE, NMODELS, UNPOOL = NMODELS, LAST_T, NKINDS };
extern const char *const MODEL_NAMES[NKINDS];

typedef struct {
    int kind;                       /* RESIZE ... LAST_T */
    ae_convae *conv;                /* RESIZE, TRANSPOSED */
    ae_net *dense;                  /* DENSE: one stack, the code is its second hidden layer */
    ae_optim *opt;                  /* Adam over its W and b */
    gsl_matrix *dA;                 /* batch x 784: dL/d(logits) */
    double *train_bce, *val_bce;    /* per epoch, per pixel (NaN after the model stopped) */
    int epochs;                     /* epochs trained: to the validation BCE's stall, or --epochs */
} model;

/* Model kind, He-initialised from init, for batches of c->batch images (and SHOW). */
model model_alloc(int kind, const ae_cli *c, gsl_rng *init);
void model_free(model *m);
size_t model_nparams(const model *m);

/* The logits of the reconstructions of X (B x 784). */
const gsl_matrix *model_forward(model *m, const gsl_matrix *X);

/* From dA = dL/d(logits) of the last forward: adds every dW, db. */
void model_backward(model *m, const gsl_matrix *dA);

/* Images first ... first + rows - 1 of ds in the first rows of X, rows = min(X's, n - first). */
gsl_matrix_view next_rows(gsl_matrix *X, const ae_dataset *ds, size_t first, size_t n);

/* BCE per pixel of the reconstructions of the first n images of ds (X: scratch rows). */
double model_bce(model *m, const ae_dataset *ds, size_t n, gsl_matrix *X);

/* Each image of X (28 x 28 rows) moved s pixels right and s pixels down; zeros come in. */
void shift_images(gsl_matrix *X, size_t s);

/* sum ||x_hat - x||^2 / sum ||x||^2 over the first n images of ds, each moved by s, and
 * *mse, the MSE per pixel. */
double model_shift_error(model *m, const ae_dataset *ds, size_t n, gsl_matrix *X, size_t s, double *mse);

#endif
