/* Lesson 05's model: the UFLDL sparse autoencoder.
 *
 *   h = sigmoid(W1 x + b1),  x_hat = sigmoid(W2 h + b2),
 *   L = 1/2B sum_b ||x_hat_b - x_b||^2 + penalty(h)   (+ (wd/2)(||W1||^2 + ||W2||^2), by Adam)
 *
 * with the KL sparsity penalty (5.2), the L1 activity penalty (5.1), or none. A step is
 * zero grad, sparse_ae_forward, sparse_ae_loss, sparse_ae_backward, Adam's step.
 */
#ifndef L05_MODEL_H
#define L05_MODEL_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "data.h"
#include "net.h"
#include "optim.h"

typedef enum { PEN_NONE, PEN_KL, PEN_L1 } penalty;
extern const char *const PEN_NAME[];   /* "none", "kl", "l1" */

typedef struct {
    double rho, beta;   /* KL: target mean activation rho, weight beta (5.2) */
    double l1;          /* L1: weight lambda (5.1) */
    double wd;          /* weight decay (wd/2)(||W1||^2 + ||W2||^2), UFLDL's lambda */
} weights;

typedef struct {
    ae_net *enc, *dec;         /* D -> K sigmoid, K -> D sigmoid */
    ae_optim *opt;             /* Adam with weight decay w.wd */
    penalty pen;
    weights w;
    gsl_matrix *X, *dXhat;     /* batch buffers: B x D, B x D */
    gsl_matrix *dP, *dH;       /* B x K: the penalty's dP/dh, and dL/dh */
    gsl_vector *rho_hat;       /* K: mean activation of each unit on the batch (KL) */
    const gsl_matrix *H;       /* the code of the last forward (the encoder's buffer) */
} sparse_ae;

sparse_ae sparse_ae_alloc(size_t D, size_t K, penalty pen, const weights *w, size_t max_batch, double lr,
                          gsl_rng *init);
void sparse_ae_free(sparse_ae *m);

/* x_hat for the rows of X (B x D, B <= max_batch); keeps h for the loss. */
const gsl_matrix *sparse_ae_forward(sparse_ae *m, const gsl_matrix *X);

/* After sparse_ae_forward(m, X): returns L (without the weight decay, which Adam adds);
 * keeps dL/dx_hat and the penalty's dP/dh for the backward. */
double sparse_ae_loss(sparse_ae *m, const gsl_matrix *Xhat, const gsl_matrix *X);

/* After sparse_ae_loss: ADDS dL/dW and dL/db of both layers into their gradients. */
void sparse_ae_backward(sparse_ae *m);

/* Largest relative error of finite differences against sparse_ae_backward over W1, b1, W2,
 * b2 of a fresh K-unit KL model on the first 20 patches of ds (exercise 5.1 inside the model). */
double sparse_ae_gradcheck(const ae_dataset *ds, size_t K, const weights *w, unsigned long seed);

/* What a trained model does on held-out patches. */
typedef struct {
    double err;        /* squared error per pixel */
    double mean_rho;   /* mean activation over units and patches */
    double active;     /* units on (h > 0.1, ten times rho) per patch */
    double firing;     /* units firing (h > 0.5) per patch */
    double mean_h;     /* sum of h per patch */
} sparse_eval;

/* e for the patches of test; rho[j] (K): unit j's mean activation; on (K, or NULL): the share
 * of the patches unit j is on for (h > 0.1; 0: a dead unit); h_all (n x K, or NULL): every
 * activation. */
void sparse_ae_evaluate(sparse_eval *e, double *rho, double *on, double *h_all, sparse_ae *m,
                        const ae_dataset *test);

#endif
