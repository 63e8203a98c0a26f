/* autoenc — a dense autoencoder: an encoder stack and its mirror image (lessons 02, 09).
 *
 *   encoder  h_1 = g(W_1 x + b_1), ..., z = g_c(W_n h_{n-1} + b_n)   sizes D = s_0, ..., s_n = k
 *   decoder  the sizes in reverse, g on every hidden layer, linear last:  a = logits
 *   x_hat = sigmoid(a)
 *
 * Two nets (lib/net): enc (s_0-...-s_n) and dec (s_n-...-s_0). The decoder ends in
 * logits, so the reconstruction loss is BCE from logits (ae_loss_bce_logits), stable
 * for any a, and x_hat = sigmoid(a) is taken only where images are wanted.
 * Whole-set passes (encode, decode, evaluate) take any number of rows and run in
 * batches of max_batch. A model is saved as two parameter files, NAME.enc and
 * NAME.dec (ae_net_save: magic, version, sizes), read back with a check that the
 * architecture matches.
 */
#ifndef AE_AUTOENC_H
#define AE_AUTOENC_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "act.h"
#include "data.h"
#include "net.h"
#include "optim.h"

typedef struct {
    ae_net *enc, *dec;     /* D-...-k and k-...-D */
    size_t D, k, max_batch;
    gsl_matrix *X;         /* max_batch x D: a batch of a dataset (whole-set passes) */
} ae_autoenc;

/* n layers each way; sizes[0..n] = D ... k; g = hidden activation, g_code = the code's. */
ae_autoenc *ae_autoenc_alloc(size_t n, const size_t *sizes, ae_act g, ae_act g_code,
                             size_t max_batch);
void ae_autoenc_free(ae_autoenc *m);

/* ae_net_init on both nets (He before relu, LeCun otherwise, times gain). */
void ae_autoenc_init(ae_autoenc *m, gsl_rng *r, double gain);

/* Start the decoder at the image mu (D values in [0, 1], e.g. the training mean):
 * its last bias b = logit(mu), mu clamped to [0.001, 0.999], so that x_hat = mu
 * while the weights are still small. */
void ae_autoenc_start_at(ae_autoenc *m, const gsl_vector *mu);

/* Register both nets' parameters with the optimiser. */
void ae_autoenc_add_params(ae_autoenc *m, ae_optim *o);

size_t ae_autoenc_nparams(const ae_autoenc *m);

/* "784-128-32-128-784 relu, code relu" */
const char *ae_autoenc_describe(const ae_autoenc *m, char *buf, size_t cap);

/* Logits A = dec(enc(X)): B x D for X of B x D, B <= max_batch. */
const gsl_matrix *ae_autoenc_forward(ae_autoenc *m, const gsl_matrix *X);

/* The last forward's code z: B x k. */
const gsl_matrix *ae_autoenc_code(const ae_autoenc *m);

/* From dA = dL/da (B x D): every parameter gradient, the decoder first (mirror order). */
void ae_autoenc_backward(ae_autoenc *m, const gsl_matrix *dA);

/* Codes of any number of rows: Z (n x k) = enc(X) (n x D). */
void ae_autoenc_encode(ae_autoenc *m, gsl_matrix *Z, const gsl_matrix *X);

/* Images from codes: Xhat = sigmoid(dec(Z)), Xhat: n x D, Z: n x k. */
void ae_autoenc_decode(ae_autoenc *m, gsl_matrix *Xhat, const gsl_matrix *Z);

/* Codes of a whole dataset: Z is ds->n x k. */
void ae_autoenc_encode_set(ae_autoenc *m, gsl_matrix *Z, const ae_dataset *ds);

/* BCE and squared error per pixel (the losses' convention divided by D) over a whole set. */
void ae_autoenc_evaluate(ae_autoenc *m, const ae_dataset *ds, double *bce, double *mse);

/* dir/NAME.enc and dir/NAME.dec, atomically; AE_EINPUT naming the file on failure. */
int ae_autoenc_save(const ae_autoenc *m, const char *dir, const char *name);

/* Read dir/NAME.enc and dir/NAME.dec into m, whose architecture they must match. */
int ae_autoenc_load_into(ae_autoenc *m, const char *dir, const char *name);

#endif
