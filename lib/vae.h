/* vae — the variational autoencoder of Kingma & Welling (lessons 07, 08).
 *
 *   encoder  [mu | logvar] = W_e2 relu(W_e1 x + b_e1) + b_e2          D-H-2K  (7.1)
 *   sample   z = mu + exp(logvar / 2) * eps,   eps ~ N(0, I)          (7.6)
 *   decoder  a = W_d2 relu(W_d1 z + b_d1) + b_d2,   x_hat = sigmoid(a)  K-H-D  (7.2)
 *   loss     -ELBO = sum_i BCE(x_i, x_hat_i) + KL(q(z|x) || N(0, I))      (7.3), (7.4)
 *   trained  rec + beta KL  (beta = 1: the ELBO; BOOK.md 7.9)
 *
 * The Gaussian decoder (ae_vae_gaussian, BOOK.md 7.12): p(x|z) = N(x_hat, var I) with a fixed
 * variance var = sigma^2 and the same mean x_hat = sigmoid(a); rec = ||x - x_hat||^2 / (2 var),
 * the negative log-likelihood but for its constant D/2 log(2 pi var). rec + beta KL with
 * var = 1/2 is "MSE + beta KL".
 *
 * The conditional VAE (C > 0, BOOK.md 7.11): a label's one-hot y of C entries joins the
 * encoder's input, [x | y] (D + C), and the decoder's, [z | y] (K + C); the gradient that
 * arrives at [z | y] is split (ae_vae_cond_split): its z part flows on into the
 * reparameterisation and the encoder, its y part is dropped (y is data, not a parameter).
 *
 * The encoder and the decoder are two nets (lib/net); the encoder's last layer
 * has 2K outputs (K the latent size), the first K are mu and the last K are
 * logvar = log sigma^2.
 * The noise eps is drawn by ae_vae_draw_eps and kept until the next draw, so a
 * gradient check can hold it fixed. Buffers are allocated once for max_batch rows.
 */
#ifndef AE_VAE_H
#define AE_VAE_H

#include <stdint.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "data.h"
#include "net.h"
#include "optim.h"

typedef struct {
    size_t D, H, K, max_batch, batch;   /* input, hidden, latent sizes; rows of the last forward */
    size_t C;                           /* classes of the condition y (0: the plain VAE) */
    ae_net *enc;                        /* D(+C)-H relu, H-2K identity: [mu | logvar] */
    ae_net *dec;                        /* K(+C)-H relu, H-D identity: logits a */
    gsl_matrix *Eps, *Z, *dEnc, *dA;    /* max_batch x K, K + C ([z | y]), 2K, D */
    gsl_matrix *XY, *dZ;                /* C > 0: max_batch x D + C ([x | y]), K (dL/dz); else NULL */
    gsl_matrix *P;                      /* var > 0: max_batch x D, x_hat; else NULL */
    double var;                         /* 0: the Bernoulli decoder (BCE); > 0: the Gaussian's sigma^2 */
    const uint8_t *labels;              /* C > 0: the labels of the rows of the next forward */
    gsl_matrix mu, logvar;              /* B x K views of the encoder's output (read only) */
    gsl_matrix_view eps, z, zy, xy, dz, dmu, dlogvar, denc, da;   /* B rows of the buffers */
    double rec, kl;                     /* the last forward's terms, mean per example */
    double beta;                        /* the KL's weight in the trained loss (1 after alloc) */
    int kl_only;                        /* 1: the encoder's loss is beta KL alone, the reconstruction's
                                         * gradient stops at z; the decoder still fits rec */
} ae_vae;

ae_vae *ae_vae_alloc(size_t D, size_t H, size_t K, size_t max_batch);

/* The conditional VAE: the same with a condition of C classes (C = 0: ae_vae_alloc). */
ae_vae *ae_cvae_alloc(size_t D, size_t H, size_t K, size_t C, size_t max_batch);

/* C > 0: the labels (0 .. C-1, not owned) of the rows of the following encodes, decodes,
 * losses (row b has labels[b]); ae_vae_evaluate sets its set's own. */
void ae_vae_condition(ae_vae *v, const uint8_t *labels);

/* Make the decoder Gaussian, N(x_hat, var I) with var > 0 fixed: rec = ||x - x_hat||^2 / (2 var). */
void ae_vae_gaussian(ae_vae *v, double var);

/* The backward pass of the concatenation [z | y]: dZ (B x K) = the first K columns of
 * dZY (B x (K + C)); the last C, y's, are dropped (exercise 7.4). */
void ae_vae_cond_split(gsl_matrix *dZ, const gsl_matrix *dZY);
void ae_vae_free(ae_vae *v);

/* Every W and b ~ U(-1/sqrt(D), 1/sqrt(D)), D the layer's fan-in: the initialisation of
 * the PyTorch reference run (torch.nn.Linear's default), which reaches a lower -ELBO after
 * 5 epochs than He/LeCun Gaussians (BOOK.md section 7.8). */
void ae_vae_init(ae_vae *v, gsl_rng *r);

/* Every dW, db of both nets = 0 (what an optimiser's zero_grad does, without one). */
void ae_vae_zero_grad(ae_vae *v);

/* Register both nets' parameters with the optimiser. */
void ae_vae_add_params(ae_vae *v, ae_optim *o);

/* eps ~ N(0, I) for the first B rows (r == NULL: eps = 0, i.e. z = mu). */
void ae_vae_draw_eps(ae_vae *v, size_t B, gsl_rng *r);

/* (7.6) Z = Mu + exp(Logvar / 2) * Eps             all B x K */
void ae_vae_reparam_forward(gsl_matrix *Z, const gsl_matrix *Mu, const gsl_matrix *Logvar,
                            const gsl_matrix *Eps);

/* (7.7) dMu += dZ,  dLogvar += dZ * Eps * exp(Logvar / 2) / 2     all B x K */
void ae_vae_reparam_backward(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *dZ,
                             const gsl_matrix *Logvar, const gsl_matrix *Eps);

/* mu and logvar of X (B x D, B <= max_batch) into v->mu, v->logvar. */
void ae_vae_encode(ae_vae *v, const gsl_matrix *X);

/* Xhat = sigmoid(decoder(Z)): probabilities, n x D for Z of n x K (any n: max_batch rows
 * at a time; C > 0: [Z | onehot(labels)], and v->z is overwritten). */
void ae_vae_decode(ae_vae *v, gsl_matrix *Xhat, const gsl_matrix *Z);

/* The negative ELBO of X (B x D, values in [0, 1]) with the eps last drawn for B rows
 * (var > 0: rec the Gaussian's, without its constant),
 * summed over the B rows: returns B (rec + beta kl) and keeps rec and kl (means per example,
 * nats, kl not weighted) in v. The sum, not the mean, is what Kingma & Welling and the PyTorch
 * reference minimise: Adam ignores a constant factor on the loss except through its
 * eps, which a mean (128 times smaller gradients) turns into a 128 times larger one. */
double ae_vae_loss(ae_vae *v, const gsl_matrix *X);

/* The same, and the gradients of that sum with respect to the logits, mu and logvar
 * (dA, dmu, dlogvar: the KL's times beta) for ae_vae_backward. */
double ae_vae_loss_grad(ae_vae *v, const gsl_matrix *X);

/* After ae_vae_loss_grad: add every parameter gradient (decoder, then through z
 * (7.7) and the KL (7.5) into the encoder; with kl_only the KL's alone). */
void ae_vae_backward(ae_vae *v);

/* Mean reconstruction and KL terms over a whole set, one z sample per example
 * (eps from r), in batches of up to max_batch rows. */
void ae_vae_evaluate(ae_vae *v, const ae_dataset *ds, gsl_rng *r, double *rec, double *kl);

#endif
