/* Lesson 11's models (BOOK.md chapter 11): the autoencoder 784-128-k-128-784, part 3's deep
 * sigmoid encoder, and a classifier p = softmax(W enc(x) + b) (11.4) on an encoder; the
 * subsets of the training set they learn from. */
#ifndef L11_MODEL_H
#define L11_MODEL_H

#include <stdint.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "dense.h"
#include "net.h"

enum { HIDDEN = 128, EVAL_ROWS = 1000, MAX_CLASSES = 10 };

/* ---- the autoencoder: enc 784-128-k (relu, identity), dec k-128-784 (relu, logits) ---- */

/* rows: the largest batch (training or evaluation) */
ae_net *encoder_alloc(size_t D, size_t k, size_t rows);
ae_autoenc *autoenc_alloc(size_t D, size_t k, size_t rows, gsl_rng *init);

/* ---- part 3 (BOOK.md section 11.5): the regime in which pretraining mattered, the deep
 * sigmoid network of 2006 (lesson 02's encoder 784-1000-500-250-30, narrowed to
 * 784-200-100-50-30 to fit the default run), pretrained greedily layer by layer (2.6) by
 * lib/pretrain.h's ae_pretrain, or not at all ---- */

/* sizes[0..nlayers]: sigmoid hidden layers, a linear code; max_batch rows */
ae_net *deep_encoder_alloc(size_t nlayers, const size_t *sizes, size_t rows);

/* ---- the training images a batcher walks over: the dataset's examples idx[0..n-1] ---- */

typedef struct {
    const ae_dataset *ds;
    size_t *idx, n;
} subset;

subset subset_alloc(const ae_dataset *ds, size_t cap);   /* room for cap indices, none yet */
subset subset_all(const ae_dataset *ds);
subset subset_except(const ae_dataset *ds, size_t label);   /* every example of another class */
void subset_free(subset *sub);

/* Rows X[i] (labels y[i] unless NULL) = example sub->idx[pos[i]]; map: scratch of at least count indices. */
void subset_fill(gsl_matrix *X, uint8_t *y, const subset *sub, const size_t *pos, size_t count, size_t *map);

/* `epochs` passes of Adam over sub on the BCE of x_hat = sigmoid(dec(enc(x))), cosine-decayed
 * step (c->lr, c->batch, c->epochs); curve[e] = mean training BCE per pixel in epoch e. */
void train_autoencoder(ae_autoenc *m, const ae_cli *c, const subset *sub, const char *what, double *curve);

/* ---- a classifier on an encoder ---- */

typedef struct {
    ae_net *enc;          /* 784-...-k, or NULL: the head reads the pixels (logistic regression) */
    ae_dense *head;       /* k -> 10 (784 -> 10 on the pixels) */
    int frozen;           /* the encoder is not trained */
    const gsl_vector *mu, *inv_sd;   /* NULL, or (11.7) the code is standardised: z' = (z - mu) / sd */
    const gsl_matrix *Z;             /* the features of the last forward: x, z or z' */
    gsl_matrix *A, *P, *Zs, *dZ;     /* EVAL_ROWS x 10, EVAL_ROWS x 10, EVAL_ROWS x k (z'), EVAL_ROWS x k */
} classifier;

classifier classifier_alloc(ae_net *enc, size_t D, size_t classes, int frozen);
void classifier_free(classifier *m);

/* (11.4) p = softmax(W f(x) + b) for the rows of X, f(x) = x, enc(x) or (11.7);
 * returns L = -1/B sum log p_y. */
double classifier_forward(classifier *m, const gsl_matrix *X, const uint8_t *y);

/* Adds the gradients of the last forward's L into the head's dW, db, and into the
 * encoder's when it is fine-tuned. */
void classifier_backward(classifier *m, const uint8_t *y);

/* Fraction of the examples idx[0..n-1] of ds (all of ds in order when idx is NULL) classified right. */
double classifier_accuracy(classifier *m, const ae_dataset *ds, const size_t *idx, size_t n);

/* Largest relative error of the analytic gradients on a few images of ds: every bias and
 * head weight, and the first weights of each encoder layer. */
double classifier_gradient_check(classifier *m, const ae_dataset *ds);

/* (11.7) mu and 1/sd of each code unit of enc over the images sub (inv_sd: 1 where sd is 0). */
void code_moments(gsl_vector *mu, gsl_vector *inv_sd, ae_net *enc, const subset *sub);

#endif
