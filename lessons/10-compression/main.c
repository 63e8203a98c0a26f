/* Lesson 10 — compression: the historical 64-16-64 tanh coder.
 *
 * The experiment of the MLP course's "Autoencoder – compression – historical
 * implementation" slides: a 256 x 256 photograph (the cameraman, 512 x 512
 * downsampled by 2), 8 x 8 frames drawn at random from it and scaled to
 * [-1, 1], an MLP 64-16-64 with tanh hidden units (and a linear output)
 * trained to reproduce them. The image is then coded frame by frame without
 * overlap: 16 numbers per 64 pixels, each rounded to b bits, decoded. The
 * backward pass is written out (the tanh's is exercise 10.1) and checked by
 * finite differences; the rounding is exercise 10.2. PCA-16 with the same
 * rounding is the baseline, and a second photograph (the moon), never seen in
 * training, tests whether the coder generalises.  BOOK.md chapter 10.
 *
 * Run:    make lesson10                   (about 2 s)
 *         make lesson10 ARGS="--quick"    (about 2 s: 10,000 frames, 12 epochs)
 *         make lesson10 ARGS="--train moon"   (train on the moon, test on the cameraman)
 * Writes: out/10-compression/rate.dat         per b = 2..8: bits/pixel, PSNR of AE and PCA, both images
 *         out/10-compression/float.dat        PSNR with unrounded codes
 *         out/10-compression/loss.dat         per epoch: training MSE, PSNR of both images
 *         out/10-compression/recon_train.dat, recon_unseen.dat   original | float | 6-bit | 4-bit
 *         out/10-compression/zoom_train.dat, zoom_unseen.dat     the same, a 64 x 64 crop
 *         out/10-compression/filters.dat      the 16 decoder filters, then the 16 PCA directions
 *         out/10-compression/codes.dat        histogram of the AE's code values on the training image
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "dense.h"
#include "err.h"
#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "optim.h"
#include "out.h"
#include "pca.h"
#include "progress.h"
#include "rng.h"

enum { FRAME = 8, D = FRAME * FRAME, SHRINK = 2, BITS_MIN = 2, BITS_MAX = 8, NBITS = BITS_MAX - BITS_MIN + 1 };
enum { SHOW_HI = 6, SHOW_LO = 4, ZOOM = 64, HIST_BINS = 50, QUICK_FRAMES = 10000, NCODECS = 3 };
static const size_t ZOOM_AT[2][2] = {{40, 88}, {96, 96}};   /* top, left of the crop: camera, moon */
static const char *const PHOTOS[2] = {"camera", "moon"};

/* ---- the photographs ---- */

/* A photograph, 256 x 256, and its 1024 non-overlapping frames scaled to [-1, 1]. */
typedef struct {
    const char *name;
    ae_image im;
    ae_dataset tiles;    /* 1024 x 64, in [-1, 1], left to right, top to bottom */
} photo;

/* x' = 2x - 1: pixels in [0, 1] to the coder's [-1, 1] (the slides' normalisation). */
static void to_signed(ae_dataset *ds)
{
    for (size_t i = 0; i < ds->n * ds->dim; i++)
        ds->xr[i] = 2.0 * ds->xr[i] - 1.0;
}

static int photo_load(photo *ph, const char *name, const char *data_dir)
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

static void photo_free(photo *ph)
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

typedef struct {
    gsl_matrix_view X, Z, Zn, Xhat, dXhat, dZ;
} batch;

static buffers buffers_alloc(size_t rows, size_t k)
{
    return (buffers){gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, k), gsl_matrix_alloc(rows, k),
                     gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, k)};
}

static void buffers_free(buffers *v)
{
    gsl_matrix *m[] = {v->X, v->Z, v->Zn, v->Xhat, v->dXhat, v->dZ};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        gsl_matrix_free(m[i]);
}

static batch rows_of(buffers *v, size_t rows)
{
    AE_ASSERT(rows <= v->X->size1);
    size_t k = v->Z->size2;
    return (batch){gsl_matrix_submatrix(v->X, 0, 0, rows, D), gsl_matrix_submatrix(v->Z, 0, 0, rows, k),
                   gsl_matrix_submatrix(v->Zn, 0, 0, rows, k), gsl_matrix_submatrix(v->Xhat, 0, 0, rows, D),
                   gsl_matrix_submatrix(v->dXhat, 0, 0, rows, D), gsl_matrix_submatrix(v->dZ, 0, 0, rows, k)};
}

/* noise: the width of the rounding noise added to the code in training (0: none). */
static coder coder_alloc(const char *name, size_t k, double lr, double noise, gsl_rng *init,
                         unsigned long seed)
{
    coder m = {ae_dense_alloc(D, k), ae_dense_alloc(k, D), ae_optim_alloc(AE_ADAM, lr), name, noise,
               ae_rng_alloc(seed, AE_RNG_NOISE)};
    ae_dense_init(m.enc, init, 1.0);   /* LeCun: tanh starts in its linear range */
    ae_dense_init(m.dec, init, 1.0);
    ae_dense_add_params(m.enc, m.opt);
    ae_dense_add_params(m.dec, m.opt);
    return m;
}

static void coder_free(coder *m)
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
static double coder_forward(const coder *m, batch *a)
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
static void coder_backward(coder *m, batch *a)
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

/* coder_backward against central differences on every parameter, for a few frames;
 * returns the largest relative error. */
static double gradient_check(coder *m, buffers *v, const ae_dataset *frames)
{
    enum { ROWS = 8 };
    check_ctx c = {m, rows_of(v, ROWS)};
    ae_batch_range(&c.a.X.matrix, NULL, frames, 0, ROWS);
    ae_optim_zero_grad(m->opt);
    coder_forward(m, &c.a);
    coder_backward(m, &c.a);
    return fmax(ae_gradcheck_dense(check_loss, &c, m->enc, 0), ae_gradcheck_dense(check_loss, &c, m->dec, 0));
}

/* ---- a codec: encode, round each component to b bits over [lo_j, hi_j], decode ---- */

typedef struct {
    const coder *ae;       /* one of the two */
    const ae_pca *pca;
    gsl_vector *lo, *hi;   /* the quantiser's range per code component */
} codec;

static void encode(gsl_matrix *Z, const codec *q, const gsl_matrix *X)
{
    if (q->ae) {
        ae_dense_forward(Z, X, q->ae->enc);
        ae_act_forward(AE_TANH, Z, Z);
    } else {
        ae_pca_project(Z, q->pca, X);          /* z = V_k (x - mu) */
    }
}

static void decode(gsl_matrix *Xhat, const codec *q, const gsl_matrix *Z)
{
    if (q->ae)
        ae_dense_forward(Xhat, Z, q->ae->dec);
    else
        ae_pca_reconstruct(Xhat, q->pca, Z);   /* x_hat = mu + V_k^T z */
}

/* BOOK: code_image */
/* Code every frame of ph with b-bit components (bits = 0: the float code), decode,
 * and reassemble into img (256 x 256 in [0, 1]); returns the PSNR in dB. */
static double code_image(double *img, const codec *q, unsigned bits, const photo *ph, buffers *v)
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

/* ---- training ---- */

/* BOOK: train */
/* Adam on L over the random frames, cosine-decayed step; loss[e] gets (training MSE per
 * pixel in [0, 1] units, PSNR of the training photo, PSNR of the unseen photo). */
static void train(coder *m, const ae_cli *c, const ae_dataset *frames, const photo *seen,
                  const photo *unseen, double (*loss)[3])
{
    buffers v = buffers_alloc(c->batch > seen->tiles.n ? c->batch : seen->tiles.n, m->enc->out);
    double *img = malloc(seen->tiles.n * D * sizeof *img);
    AE_ASSERT(img);
    codec q = {m, NULL, NULL, NULL};
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(frames->n, c->batch);
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        m->opt->lr = c->lr * 0.5 * (1.0 + cos(M_PI * (epoch - 1) / c->epochs));
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            batch a = rows_of(&v, rows);
            ae_batch_fill(&a.X.matrix, NULL, frames, idx, rows);
            ae_optim_zero_grad(m->opt);
            double l = coder_forward(m, &a);
            ae_check_loss(c, l, epoch, k + 1);
            coder_backward(m, &a);
            ae_optim_step(m->opt);
            sum += l * (double)rows;
        }
        /* per pixel, and (x' - x_hat')^2 = 4 (x - x_hat)^2 back in [0, 1] units */
        loss[epoch - 1][0] = sum / (double)(frames->n * D) / 4.0;
        loss[epoch - 1][1] = code_image(img, &q, 0, seen, &v);
        loss[epoch - 1][2] = code_image(img, &q, 0, unseen, &v);
        ae_progress(c, "%s, epoch %d/%d: training MSE %.5f, PSNR %s %.2f dB, %s (unseen) %.2f dB", m->name,
                    epoch, c->epochs, loss[epoch - 1][0], seen->name, loss[epoch - 1][1], unseen->name,
                    loss[epoch - 1][2]);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
    free(img);
    buffers_free(&v);
}
/* END BOOK */

/* ---- PCA-k of the frames, and its quantiser range ---- */

static ae_pca *pca_fit(const ae_dataset *frames, buffers *v)
{
    ae_pca *p = ae_pca_alloc(D);
    size_t cap = v->X->size1;
    for (size_t first = 0; first < frames->n; first += cap) {
        size_t rows = frames->n - first < cap ? frames->n - first : cap;
        batch a = rows_of(v, rows);
        ae_batch_range(&a.X.matrix, NULL, frames, first, rows);
        ae_pca_add(p, &a.X.matrix);
    }
    return p;
}

/* lo_j, hi_j: the smallest and largest j-th PCA coefficient over the training frames. */
static void pca_range(codec *q, const ae_dataset *frames, buffers *v)
{
    gsl_vector_set_all(q->lo, INFINITY);
    gsl_vector_set_all(q->hi, -INFINITY);
    size_t cap = v->X->size1;
    for (size_t first = 0; first < frames->n; first += cap) {
        size_t rows = frames->n - first < cap ? frames->n - first : cap;
        batch a = rows_of(v, rows);
        ae_batch_range(&a.X.matrix, NULL, frames, first, rows);
        encode(&a.Z.matrix, q, &a.X.matrix);
        for (size_t b = 0; b < rows; b++)
            for (size_t j = 0; j < q->lo->size; j++) {
                double z = gsl_matrix_get(&a.Z.matrix, b, j);
                gsl_vector_set(q->lo, j, fmin(gsl_vector_get(q->lo, j), z));
                gsl_vector_set(q->hi, j, fmax(gsl_vector_get(q->hi, j), z));
            }
    }
}

/* ---- outputs ---- */

/* Per photograph, for each coder a row: original, float code, 6-bit, 4-bit (256 x 256
 * each); then the same for a 64 x 64 crop. */
static int write_reconstructions(const ae_cli *c, const char *which, const codec *ae, size_t ncodecs,
                                 const photo *ph, const size_t *zoom_at, buffers *v)
{
    const size_t n = ph->tiles.n * D, side = ph->im.rows, cells = 4 * ncodecs;
    const unsigned bits[3] = {0, SHOW_HI, SHOW_LO};
    double *img = malloc(cells * n * sizeof *img), *crop = malloc(cells * ZOOM * ZOOM * sizeof *crop);
    AE_ASSERT(img && crop);
    for (size_t m = 0; m < ncodecs; m++) {
        memcpy(img + 4 * m * n, ph->im.v, n * sizeof *img);
        for (size_t i = 0; i < 3; i++)
            code_image(img + (4 * m + i + 1) * n, &ae[m], bits[i], ph, v);
    }
    for (size_t i = 0; i < cells; i++)
        for (size_t r = 0; r < ZOOM; r++)
            memcpy(crop + (i * ZOOM + r) * ZOOM, img + i * n + (zoom_at[0] + r) * side + zoom_at[1],
                   ZOOM * sizeof *crop);
    char name[64], what[256];
    snprintf(name, sizeof name, "recon_%s.dat", which);
    snprintf(what, sizeof what, "%s: original, float code, %d-bit code, %d-bit code; rows: historical AE, "
             "AE trained with rounding noise", ph->name, SHOW_HI, SHOW_LO);
    int status = ae_write_mosaic(c->out, name, what, img, cells, side, side, 4, 1.0);
    snprintf(name, sizeof name, "zoom_%s.dat", which);
    snprintf(what, sizeof what, "the same, rows %zu-%zu and columns %zu-%zu only", zoom_at[0],
             zoom_at[0] + ZOOM - 1, zoom_at[1], zoom_at[1] + ZOOM - 1);
    if (!status)
        status = ae_write_mosaic(c->out, name, what, crop, cells, ZOOM, ZOOM, 4, 1.0);
    free(img);
    free(crop);
    return status;
}

/* Column j of W (64 x k, stride tda) or row j of V (stride 1) as an 8 x 8 image scaled to [-1, 1]. */
static void filter_image(double *img, const double *w, size_t stride)
{
    double big = 0.0;
    for (size_t i = 0; i < D; i++)
        big = fmax(big, fabs(w[i * stride]));
    for (size_t i = 0; i < D; i++)
        img[i] = big > 0.0 ? w[i * stride] / big : 0.0;
}

static int write_filters(const ae_cli *c, const coder *m, const coder *mn, const ae_pca *p)
{
    size_t k = m->dec->W->size2;
    double *img = malloc(3 * k * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t j = 0; j < k; j++) {
        filter_image(img + j * D, m->dec->W->data + j, m->dec->W->tda);          /* column j of W2 */
        filter_image(img + (k + j) * D, mn->dec->W->data + j, mn->dec->W->tda);
        filter_image(img + (2 * k + j) * D, p->V->data + j * p->V->tda, 1);      /* v_j */
    }
    int status = ae_write_mosaic(c->out, "filters.dat",
                                 "rows: decoder filters (columns of W2) of the historical AE, of the AE "
                                 "trained with rounding noise; PCA directions (each scaled to max |w| = 1)",
                                 img, 3 * k, FRAME, FRAME, k, 0.0);
    free(img);
    return status;
}

/* Histogram of every code value of the training photo's frames. */
static int write_codes(const ae_cli *c, const char *name, const codec *ae, const photo *ph, buffers *v)
{
    batch a = rows_of(v, ph->tiles.n);
    ae_batch_range(&a.X.matrix, NULL, &ph->tiles, 0, ph->tiles.n);
    encode(&a.Z.matrix, ae, &a.X.matrix);
    size_t k = a.Z.matrix.size2, n = ph->tiles.n * k;
    double *z = malloc(n * sizeof *z);
    AE_ASSERT(z);
    for (size_t b = 0; b < ph->tiles.n; b++)
        for (size_t j = 0; j < k; j++)
            z[b * k + j] = gsl_matrix_get(&a.Z.matrix, b, j);
    char what[128];
    snprintf(what, sizeof what, "the code values z_j of %s on the training photo", ae->ae->name);
    int status = ae_write_histogram(c->out, name, what, z, n, HIST_BINS, -1.0, 1.0);
    free(z);
    return status;
}

static int write_curves(const ae_cli *c, double (*loss)[3], double (*loss_n)[3])
{
    double *rows = malloc((size_t)c->epochs * 7 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < c->epochs; e++) {
        double r[7] = {e + 1, loss[e][0], loss[e][1], loss[e][2], loss_n[e][0], loss_n[e][1], loss_n[e][2]};
        memcpy(rows + 7 * e, r, sizeof r);
    }
    int status = ae_write_table(c->out, "loss.dat",
                                "per epoch, historical AE then AE with rounding noise: training MSE per "
                                "pixel, PSNR (dB) of the training and the unseen photo with the float code",
                                "epoch ae_mse ae_psnr_train ae_psnr_unseen aen_mse aen_psnr_train aen_psnr_unseen",
                                rows, (size_t)c->epochs, 7);
    free(rows);
    return status;
}

/* BOOK: rate_distortion */
/* PSNR of every codec on both photos for b = 2..8 bits (rate) and for the float code (flt). */
static void rate_distortion(double rate[NBITS][8], double flt[2][4], const codec *q, const photo *const *ph,
                            size_t k, buffers *v)
{
    double *img = malloc(ph[0]->tiles.n * D * sizeof *img);
    AE_ASSERT(img);
    for (unsigned b = BITS_MIN; b <= BITS_MAX; b++) {
        double *r = rate[b - BITS_MIN];
        r[0] = b;
        r[1] = (double)(k * b) / D;   /* (10.3) bits per pixel: k components of b bits per 64 pixels */
        for (size_t i = 0; i < 2; i++)
            for (size_t j = 0; j < NCODECS; j++)
                r[2 + NCODECS * i + j] = code_image(img, &q[j], b, ph[i], v);
    }
    for (size_t i = 0; i < 2; i++) {
        flt[i][0] = i;
        for (size_t j = 0; j < NCODECS; j++)
            flt[i][1 + j] = code_image(img, &q[j], 0, ph[i], v);
    }
    free(img);
}
/* END BOOK */

int main(int argc, char **argv)
{
    const char *train_name = "camera";
    size_t nframes = 40000, noise_bits = SHOW_LO;
    ae_cli_extra extra[] = {
        {.name = "train", .kind = AE_X_CHOICE, .value = &train_name, .choices = "camera,moon",
         .help = "the photograph to train on (the other is unseen)"},
        {.name = "frames", .kind = AE_X_SIZE, .value = &nframes, .lo = 1000, .hi = 1000000,
         .help = "random 8x8 training frames"},
        {.name = "noise-bits", .kind = AE_X_SIZE, .value = &noise_bits, .lo = BITS_MIN, .hi = BITS_MAX,
         .help = "the second AE trains with the rounding noise of this many bits"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson10",
        .title = "compression: the historical 64-16-64 tanh coder, codes rounded to b bits",
        .about = "Trains an MLP 64-k-64 (tanh hidden, linear output) on random 8x8 frames of a\n"
                 "256x256 photograph scaled to [-1,1], codes every frame of it and of an unseen\n"
                 "photograph with the code rounded to b = 2..8 bits, and compares with PCA-k. A\n"
                 "second AE is trained with the rounding noise of --noise-bits bits on its code.\n"
                 "--quick: 10,000 frames, 12 epochs. About 4 s by default. BOOK.md chapter 10.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_LATENT | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .epochs = 30, .batch = 64, .lr = 3e-3, .seed = 42, .latent = 16, .data_dir = AE_DATA_DIR,
        .out = "out/10-compression", .extra = extra,
    };
    ae_cli_parse(&c, argc, argv);
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = 12;
    if (c.quick && !extra[1].given)
        nframes = QUICK_FRAMES;
    if (c.latent > D)
        ae_die(c.prog, "--latent: %zu is more than the %d pixels of a frame", c.latent, D);
    const size_t k = c.latent;

    int t = strcmp(train_name, PHOTOS[0]) == 0 ? 0 : 1;   /* index of the training photo */
    photo seen, unseen;
    ae_check(c.prog, photo_load(&seen, PHOTOS[t], c.data_dir));
    ae_check(c.prog, photo_load(&unseen, PHOTOS[1 - t], c.data_dir));
    gsl_rng *data_rng = ae_rng_alloc(c.seed, AE_RNG_DATA), *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
    ae_dataset frames;
    ae_patches(&frames, &seen.im, FRAME, nframes, data_rng);   /* the slides: frames at random places */
    to_signed(&frames);
    ae_progress(&c, "%s: %zu random %dx%d frames of the %zux%zu image for training; %zu tiles per image",
                seen.name, frames.n, FRAME, FRAME, seen.im.rows, seen.im.cols, seen.tiles.n);

    /* the historical coder, and one trained with the noise of a b-bit rounding (step 2/2^b) */
    coder m = coder_alloc("historical AE", k, c.lr, 0.0, init, c.seed);
    coder mn = coder_alloc("AE with rounding noise", k, c.lr, 2.0 / (double)(1u << noise_bits), init, c.seed);
    buffers v = buffers_alloc(seen.tiles.n, k);
    double err = gradient_check(&m, &v, &frames);
    ae_progress(&c, "gradient check of the whole coder: max relative error %.2g (tolerance %.0e)", err,
                AE_GC_TOL_MODEL);
    if (!(err <= AE_GC_TOL_MODEL)) {
        fprintf(stderr, "%s: the backward pass disagrees with finite differences: "
                        "finish exercise 10.1 in lessons/10-compression/exercises.c (make grade)\n", c.prog);
        return 1;
    }

    double (*loss)[3] = malloc((size_t)c.epochs * sizeof *loss), (*loss_n)[3] = malloc((size_t)c.epochs * sizeof *loss_n);
    AE_ASSERT(loss && loss_n);
    train(&m, &c, &frames, &seen, &unseen, loss);
    train(&mn, &c, &frames, &seen, &unseen, loss_n);

    /* the codecs: the AEs round over tanh's range [-1, 1], PCA over its coefficients' range */
    ae_pca *p = pca_fit(&frames, &v);
    ae_check(c.prog, ae_pca_solve(p));
    codec q[NCODECS] = {{&m, NULL, gsl_vector_alloc(k), gsl_vector_alloc(k)},
                        {&mn, NULL, gsl_vector_alloc(k), gsl_vector_alloc(k)},
                        {NULL, p, gsl_vector_alloc(k), gsl_vector_alloc(k)}};
    for (size_t j = 0; j < 2; j++) {
        gsl_vector_set_all(q[j].lo, -1.0);
        gsl_vector_set_all(q[j].hi, 1.0);
    }
    pca_range(&q[2], &frames, &v);

    const photo *ph[2] = {&seen, &unseen};
    double rate[NBITS][8], flt[2][4];
    rate_distortion(rate, flt, q, ph, k, &v);

    char what[256];
    snprintf(what, sizeof what, "PSNR (dB) with the code rounded to b bits; trained on %s, unseen %s; "
             "aen: AE trained with %zu-bit rounding noise", seen.name, unseen.name, noise_bits);
    ae_check(c.prog, ae_write_table(c.out, "rate.dat", what,
                                    "bits bpp ae_train aen_train pca_train ae_unseen aen_unseen pca_unseen",
                                    &rate[0][0], NBITS, 8));
    snprintf(what, sizeof what, "PSNR (dB) with the float code; image 0 = %s (train), 1 = %s (unseen)",
             seen.name, unseen.name);
    ae_check(c.prog, ae_write_table(c.out, "float.dat", what, "image ae aen pca", &flt[0][0], 2, 4));
    ae_check(c.prog, write_curves(&c, loss, loss_n));
    ae_check(c.prog, write_reconstructions(&c, "train", q, 2, &seen, ZOOM_AT[t], &v));
    ae_check(c.prog, write_reconstructions(&c, "unseen", q, 2, &unseen, ZOOM_AT[1 - t], &v));
    ae_check(c.prog, write_filters(&c, &m, &mn, p));
    ae_check(c.prog, write_codes(&c, "codes_ae.dat", &q[0], &seen, &v));
    ae_check(c.prog, write_codes(&c, "codes_aen.dat", &q[1], &seen, &v));

    const double *r4 = rate[SHOW_LO - BITS_MIN];
    printf("lesson10 compression: k %zu train %s float %.2f 6bit %.2f 4bit %.2f (noise-trained %.2f, pca %.2f) "
           "unseen %s float %.2f 4bit %.2f (noise-trained %.2f, pca %.2f) gradcheck %.1e epochs %d time %.1fs\n",
           k, seen.name, flt[0][1], rate[SHOW_HI - BITS_MIN][2], r4[2], r4[3], r4[4], unseen.name, flt[1][1],
           r4[5], r4[6], r4[7], err, c.epochs, ae_seconds() - c.t0);

    free(loss);
    free(loss_n);
    for (size_t j = 0; j < NCODECS; j++) {
        gsl_vector_free(q[j].lo);
        gsl_vector_free(q[j].hi);
    }
    ae_pca_free(p);
    buffers_free(&v);
    coder_free(&m);
    coder_free(&mn);
    gsl_rng_free(data_rng);
    gsl_rng_free(init);
    ae_dataset_free(&frames);
    photo_free(&seen);
    photo_free(&unseen);
    return 0;
}
