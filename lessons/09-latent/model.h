/* Lesson 09's two kinds of code: a plain autoencoder's z = f(x), and a VAE's mean code
 * mu(x) (lib/vae.h, chapter 7). The analyses of figures.c and blend.c take either. */
#ifndef L09_MODEL_H
#define L09_MODEL_H

#include "autoenc.h"
#include "data.h"
#include "vae.h"

/* One of the two: ae set and vae NULL, or the other way round. */
typedef struct {
    ae_autoenc *ae;
    ae_vae *vae;
} coder;

/* The code size k. */
size_t coder_k(const coder *m);

/* Codes of any number of rows: Z (n x k) = f(X) for an AE, mu(X) for a VAE (X: n x D). */
void coder_encode(const coder *m, gsl_matrix *Z, const gsl_matrix *X);

/* Images from codes: Xhat = sigmoid(decoder(Z)), Xhat: n x D, Z: n x k. */
void coder_decode(const coder *m, gsl_matrix *Xhat, const gsl_matrix *Z);

/* Codes of a whole dataset: Z is ds->n x k. */
void coder_encode_set(const coder *m, gsl_matrix *Z, const ae_dataset *ds);

#endif
