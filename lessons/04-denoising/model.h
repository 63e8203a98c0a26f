/* Lesson 04's model: a DAE 784-H-784 (ReLU code, logits out) with its Adam, the
 * corruptions it trains on, and what it gives back for a noisy input. */
#ifndef L04_MODEL_H
#define L04_MODEL_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "corrupt.h"
#include "data.h"
#include "net.h"
#include "optim.h"

/* The corruptions of the curves. */
typedef enum { K_GAUSS, K_MASK, K_SP, NKINDS } kind;
extern const ae_noise NOISE[NKINDS];

typedef struct {
    double level[NKINDS];   /* --sigma --nu --sp: the training levels */
    size_t block;           /* --block: side of the hidden square */
} settings;

/* What a model is trained on: clean (the plain AE), one noise kind, or a hidden block. */
typedef enum { T_CLEAN, T_NOISE, T_BLOCK } training;

/* Buffers of up to max(--batch, the test rows) rows, shared by the models (one trains or
 * is evaluated at a time). */
typedef struct {
    gsl_matrix *X, *Xc, *dA;   /* clean batch, its corrupted copy, dL/dlogits */
} buffers;

typedef struct {
    ae_net *net;            /* D -> hidden relu -> D identity (logits), batches of up to --batch */
    ae_optim *opt;          /* Adam; NULL once trained */
    buffers *buf;
} dae;

dae dae_alloc(size_t D, size_t hidden, size_t batch, double lr, buffers *buf, gsl_rng *init);
void dae_free(dae *m);

/* Corrupt X into Xc as the model's training says (level: sigma, nu or the salt-and-pepper
 * fraction; side: the image's side, for the block). */
void corrupt(gsl_matrix *Xc, const gsl_matrix *X, training t, kind k, double level, const settings *s,
             size_t side, gsl_rng *r);

/* x_hat = sigmoid(logits) of the model for the rows of Xc, into Out (in batches). */
void reconstruct(gsl_matrix *Out, dae *m, const gsl_matrix *Xc);

/* Test MSE per pixel against the clean images, inputs corrupted by kind k at level
 * (the same noise for every model: the generator restarts from the seed). */
double noisy_mse(dae *m, const ae_dataset *test, kind k, double level, const settings *s, unsigned long seed);

#endif
