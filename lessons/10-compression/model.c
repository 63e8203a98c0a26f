/* Lesson 10's model: the photographs, the coder, the codecs. See model.h. */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_blas.h>

#include "act.h"
#include "batch.h"
#include "err.h"
#include "gradcheck.h"
#include "loss.h"
#include "rng.h"

#include "exercises.h"
#include "model.h"

/* ---- the photographs ---- */

/* x' = 2x - 1: pixels in [0, 1] to the coder's [-1, 1] (the slides' normalisation). */
void to_signed(ae_dataset *ds)
{
    for (size_t i = 0; i < ds->n * ds->dim; i++)
        ds->xr[i] = 2.0 * ds->xr[i] - 1.0;
}

int photo_load(photo *ph, const char *name, const char *data_dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.pgm", data_dir, name);
    ph->name = name;
    int status = ae_image_load(&ph->im, path);
    if (status)
        return status;
    if (ph->im.rows < SHRINK * FRAME || ph->im.cols < SHRINK * FRAME)
        return ae_fail("%s: %zu x %zu pixels, need at least %d x %d", path, ph->im.rows, ph->im.cols,
                       SHRINK * FRAME, SHRINK * FRAME);
    ae_image_downsample(&ph->im, SHRINK);
    ae_patches(&ph->tiles, &ph->im, FRAME, 0, NULL);
    to_signed(&ph->tiles);
    return AE_OK;
}

void photo_free(photo *ph)
{
    ae_image_free(&ph->im);
    ae_dataset_free(&ph->tiles);
}

/* Reassemble decoded frames Xhat (tiles x 64, in [-1, 1]) into pixels img in [0, 1]
 * (clipped, as any decoder of 8-bit pixels would). Returns the MSE against the photograph. */
static double assemble(double *img, const gsl_matrix *Xhat, const photo *ph)
{
    size_t across = ph->im.cols / FRAME, cols = across * FRAME;
    double sum = 0.0;
    for (size_t k = 0; k < Xhat->size1; k++)
        for (size_t a = 0; a < FRAME; a++)
            for (size_t b = 0; b < FRAME; b++) {
                size_t r = (k / across) * FRAME + a, col = (k % across) * FRAME + b;
                double v = fmin(1.0, fmax(0.0, 0.5 * (gsl_matrix_get(Xhat, k, a * FRAME + b) + 1.0)));
                double e = v - ph->im.v[r * ph->im.cols + col];
                img[r * cols + col] = v;
                sum += e * e;
            }
    return sum / (double)(Xhat->size1 * D);
}

/* (10.5) PSNR = 10 log10(1 / MSE) for pixels in [0, 1] */
static double psnr(double mse)
{
    return 10.0 * log10(1.0 / mse);
}

/* ---- the coder ---- */

buffers buffers_alloc(size_t rows, size_t k)
{
    return (buffers){gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, k), gsl_matrix_alloc(rows, k),
                     gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, k)};
}

void buffers_free(buffers *v)
{
    gsl_matrix *m[] = {v->X, v->Z, v->Zn, v->Xhat, v->dXhat, v->dZ};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        gsl_matrix_free(m[i]);
}

batch rows_of(buffers *v, size_t rows)
{
    AE_ASSERT(rows <= v->X->size1);
    size_t k = v->Z->size2;
    return (batch){gsl_matrix_submatrix(v->X, 0, 0, rows, D), gsl_matrix_submatrix(v->Z, 0, 0, rows, k),
                   gsl_matrix_submatrix(v->Zn, 0, 0, rows, k), gsl_matrix_submatrix(v->Xhat, 0, 0, rows, D),
                   gsl_matrix_submatrix(v->dXhat, 0, 0, rows, D), gsl_matrix_submatrix(v->dZ, 0, 0, rows, k)};
}

coder coder_alloc(const char *name, size_t k, double lr, double noise, gsl_rng *init, unsigned long seed)
{
    coder m = {ae_dense_alloc(D, k), ae_dense_alloc(k, D), ae_optim_alloc(AE_ADAM, lr), name, noise,
               ae_rng_alloc(seed, AE_RNG_NOISE)};
    ae_dense_init(m.enc, init, 1.0);   /* LeCun: tanh starts in its linear range */
    ae_dense_init(m.dec, init, 1.0);
    ae_dense_add_params(m.enc, m.opt);
    ae_dense_add_params(m.dec, m.opt);
    return m;
}

void coder_free(coder *m)
{
    ae_dense_free(m->enc);
    ae_dense_free(m->dec);
    ae_optim_free(m->opt);
    gsl_rng_free(m->r);
}

/* What the decoder reads: z, or (10.6) z + u for the coder trained with rounding noise. */
static gsl_matrix *decoder_input(const coder *m, batch *a)
{
    return m->noise > 0.0 ? &a->Zn.matrix : &a->Z.matrix;
}

/* BOOK: coder_forward */
/* Code and reconstruction of the rows of X; returns L = 1/B sum ||x_hat - x||^2. */
double coder_forward(const coder *m, batch *a)
{
    ae_dense_forward(&a->Z.matrix, &a->X.matrix, m->enc);              /* a = W1 x + b1     */
    ae_act_forward(AE_TANH, &a->Z.matrix, &a->Z.matrix);               /* (10.1) z = tanh(a) */
    if (m->noise > 0.0)                                                /* (10.6) z~ = z + u  */
        for (size_t b = 0; b < a->Z.matrix.size1; b++)
            for (size_t j = 0; j < a->Z.matrix.size2; j++)
                gsl_matrix_set(&a->Zn.matrix, b, j, gsl_matrix_get(&a->Z.matrix, b, j) +
                                                        ae_rng_uniform(m->r, -0.5, 0.5) * m->noise);
    ae_dense_forward(&a->Xhat.matrix, decoder_input(m, a), m->dec);    /* x_hat = W2 z + b2 */
    return ae_loss_mse(&a->dXhat.matrix, &a->Xhat.matrix, &a->X.matrix);   /* dL/dx_hat = 2(x_hat - x)/B */
}

/* Gradients of L, added into dW1, db1, dW2, db2 (mirror order of the forward). */
void coder_backward(coder *m, batch *a)
{
    ae_dense_backward(&a->dZ.matrix, m->dec, &a->dXhat.matrix, decoder_input(m, a));   /* dW2 = dx_hat z^T, dz = W2^T dx_hat */
    ex10_tanh_backward(&a->dZ.matrix, &a->Z.matrix);                                  /* (10.2) da = dz (1 - z^2) */
    ae_dense_backward(NULL, m->enc, &a->dZ.matrix, &a->X.matrix);                      /* dW1 = da x^T      */
}
/* END BOOK */

/* ---- the whole-model gradient check ---- */

typedef struct {
    const coder *m;
    batch a;
} check_ctx;

static double check_loss(void *ctx)
{
    check_ctx *c = ctx;
    return coder_forward(c->m, &c->a);
}

double coder_gradient_check(coder *m, buffers *v, const ae_dataset *frames)
{
    enum { ROWS = 8 };
    check_ctx c = {m, rows_of(v, ROWS)};
    ae_batch_range(&c.a.X.matrix, NULL, frames, 0, ROWS);
    ae_optim_zero_grad(m->opt);
    coder_forward(m, &c.a);
    coder_backward(m, &c.a);
    return fmax(ae_gradcheck_dense(check_loss, &c, m->enc, 0), ae_gradcheck_dense(check_loss, &c, m->dec, 0));
}

/* ---- the JPEG-style baseline ---- */

double ortho_error(const gsl_matrix *C)
{
    const size_t n = C->size2;
    gsl_matrix *G = gsl_matrix_alloc(n, n);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, C, C, 0.0, G);   /* G = C^T C */
    double err = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            err = fmax(err, fabs(gsl_matrix_get(G, i, j) - (i == j ? 1.0 : 0.0)));
    gsl_matrix_free(G);
    return isnan(err) ? INFINITY : err;
}

/* BOOK: dct_basis */
gsl_matrix *dct_basis_alloc(size_t k)
{
    AE_ASSERT(k >= 1 && k <= D);
    gsl_matrix *C8 = gsl_matrix_alloc(FRAME, FRAME), *C = gsl_matrix_alloc(k, D);
    ex10_dct_matrix(C8);                                  /* (10.7) the 1-D DCT-II, 8 x 8 */
    size_t row = 0;
    for (size_t s = 0; s <= 2 * (FRAME - 1) && row < k; s++)   /* zig-zag: diagonals u + v = s, */
        for (size_t t = 0; t <= s && row < k; t++) {            /* down on odd s, up on even */
            size_t u = s % 2 ? t : s - t, v = s - u;
            if (u >= FRAME || v >= FRAME)
                continue;
            for (size_t i = 0; i < FRAME; i++)            /* (10.8) the basis image (u, v) */
                for (size_t j = 0; j < FRAME; j++)
                    gsl_matrix_set(C, row, i * FRAME + j, gsl_matrix_get(C8, u, i) * gsl_matrix_get(C8, v, j));
            row++;
        }
    gsl_matrix_free(C8);
    return C;
}
/* END BOOK */

/* ---- the codecs ---- */

void encode(gsl_matrix *Z, const codec *q, const gsl_matrix *X)
{
    if (q->ae) {
        ae_dense_forward(Z, X, q->ae->enc);
        ae_act_forward(AE_TANH, Z, Z);
    } else if (q->C) {
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, X, q->C, 0.0, Z);   /* z = C x */
    } else {
        ae_pca_project(Z, q->pca, X);          /* z = V_k (x - mu) */
    }
}

void decode(gsl_matrix *Xhat, const codec *q, const gsl_matrix *Z)
{
    if (q->ae)
        ae_dense_forward(Xhat, Z, q->ae->dec);
    else if (q->C)
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, Z, q->C, 0.0, Xhat);   /* x_hat = C^T z */
    else
        ae_pca_reconstruct(Xhat, q->pca, Z);   /* x_hat = mu + V_k^T z */
}

/* BOOK: code_image */
/* Code every frame of ph with b-bit components (bits = 0: the float code), decode,
 * and reassemble into img (256 x 256 in [0, 1]); returns the PSNR in dB. */
double code_image(double *img, const codec *q, unsigned bits, const photo *ph, buffers *v)
{
    batch a = rows_of(v, ph->tiles.n);
    ae_batch_range(&a.X.matrix, NULL, &ph->tiles, 0, ph->tiles.n);
    encode(&a.Z.matrix, q, &a.X.matrix);
    if (bits > 0)
        ex10_quantise(&a.Z.matrix, &a.Z.matrix, q->lo, q->hi, bits);   /* (10.4) */
    decode(&a.Xhat.matrix, q, &a.Z.matrix);
    return psnr(assemble(img, &a.Xhat.matrix, ph));
}
/* END BOOK */
