/* Lesson 10's model: the photographs, the 64-k-64 tanh coder and the codecs (BOOK.md chapter 10).
 *
 *   z = tanh(W1 x + b1)  (10.1),   x_hat = W2 z + b2,   L = 1/B sum ||x_hat - x||^2
 *
 * A codec codes a frame as z, rounds each z_j to b bits over [lo_j, hi_j] (10.4) and
 * decodes it; the coder's codec, PCA-k's and the DCT's differ only in encode and decode.
 */
#ifndef L10_MODEL_H
#define L10_MODEL_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "data.h"
#include "dense.h"
#include "optim.h"
#include "pca.h"

enum { FRAME = 8, D = FRAME * FRAME, SHRINK = 2, BITS_MIN = 2, BITS_MAX = 8, NBITS = BITS_MAX - BITS_MIN + 1 };
enum { SHOW_HI = 6, SHOW_LO = 4, NCODECS = 4 };   /* AE, AE with rounding noise, PCA, DCT */
enum { RATE_COLS = 2 + 2 * NCODECS, FLOAT_COLS = 1 + NCODECS };   /* rate.dat's and float.dat's */

/* ---- the photographs ---- */

/* A photograph, 256 x 256, and its 1024 non-overlapping frames scaled to [-1, 1]. */
typedef struct {
    const char *name;
    ae_image im;
    ae_dataset tiles;    /* 1024 x 64, in [-1, 1], left to right, top to bottom */
} photo;

/* x' = 2x - 1: pixels in [0, 1] to the coder's [-1, 1] (the slides' normalisation). */
void to_signed(ae_dataset *ds);

/* DATA_DIR/NAME.pgm, downsampled by SHRINK, and its tiles; AE_EINPUT naming the file. */
int photo_load(photo *ph, const char *name, const char *data_dir);
void photo_free(photo *ph);

/* ---- the coder:  z = tanh(W1 x + b1),  x_hat = W2 z + b2 ---- */

typedef struct {
    ae_dense *enc, *dec;   /* W1: k x 64, W2: 64 x k */
    ae_optim *opt;
    const char *name;      /* for progress lines */
    double noise;          /* training only: z + u, u ~ U(-noise/2, noise/2) (0: the historical coder) */
    gsl_rng *r;            /* draws u */
} coder;

/* Activations for up to `cap` rows (a whole image of frames at once). */
typedef struct {
    gsl_matrix *X, *Z, *Zn, *Xhat, *dXhat, *dZ;   /* B x 64, B x k, B x k, B x 64, B x 64, B x k */
} buffers;

/* The first rows of each buffer. */
typedef struct {
    gsl_matrix_view X, Z, Zn, Xhat, dXhat, dZ;
} batch;

buffers buffers_alloc(size_t rows, size_t k);
void buffers_free(buffers *v);
batch rows_of(buffers *v, size_t rows);

/* Adam at lr; W1, W2 drawn from init; noise: the width of the rounding noise added to
 * the code in training (0: none), drawn from its own generator seeded by seed. */
coder coder_alloc(const char *name, size_t k, double lr, double noise, gsl_rng *init, unsigned long seed);
void coder_free(coder *m);

/* Code and reconstruction of the rows of a->X; returns L and writes dL/dx_hat. */
double coder_forward(const coder *m, batch *a);

/* Gradients of L, added into dW1, db1, dW2, db2 (mirror order of the forward). */
void coder_backward(coder *m, batch *a);

/* coder_backward against central differences on every parameter, for a few frames;
 * returns the largest relative error. */
double coder_gradient_check(coder *m, buffers *v, const ae_dataset *frames);

/* ---- a codec: encode, round each component to b bits over [lo_j, hi_j], decode ---- */

typedef struct {
    const coder *ae;       /* one of the three */
    const ae_pca *pca;
    gsl_vector *lo, *hi;   /* the quantiser's range per code component */
    const gsl_matrix *C;   /* the DCT's: k x 64, z = C x, x_hat = C^T z (dct_basis_alloc) */
} codec;

/* ---- the JPEG-style baseline: a fixed linear autoencoder ---- */

/* max |(C^T C - I)_ij| for a square C: 0 for an orthonormal C (exercise 10.3's check). */
double ortho_error(const gsl_matrix *C);

/* The k lowest of the 64 basis images of the 8 x 8 DCT-II, in JPEG's zig-zag order, as the
 * rows of a k x 64 matrix (10.8): row (u, v) is pixel (i, j) -> C8[u][i] C8[v][j], C8 the
 * 8 x 8 DCT-II matrix of exercise 10.3. */
gsl_matrix *dct_basis_alloc(size_t k);

/* Z: B x k, X: B x 64 */
void encode(gsl_matrix *Z, const codec *q, const gsl_matrix *X);
void decode(gsl_matrix *Xhat, const codec *q, const gsl_matrix *Z);

/* Code every frame of ph with b-bit components (bits = 0: the float code), decode,
 * and reassemble into img (256 x 256 in [0, 1]); returns the PSNR in dB. */
double code_image(double *img, const codec *q, unsigned bits, const photo *ph, buffers *v);


#endif
