/* Lesson 09 — what the code space of an autoencoder looks like.
 *
 * Two dense autoencoders 784-128-k-128-784 (ReLU hidden layers, linear code, sigmoid
 * output, BCE; lesson 02's deep models) with codes of k = 2 and k = 10, and then
 * (BOOK.md chapter 9; Harvard CS109B, "Exploring autoencoders", "Blending"):
 *  - a histogram of every code dimension;
 *  - uniform noise of amplitude 10 and 100 added to the codes of test images before
 *    decoding: the decoder was only trained near the codes of real images;
 *  - the 2-D codes of the test set coloured by class, and the PCA of the 10-D codes;
 *  - blending: decode((1-t) z_a + t z_b) next to the pixel blend (1-t) x_a + t x_b;
 *  - latent arithmetic on class means, decode(z - mu_A + mu_B), and how well the
 *    nearest class mean classifies in the code space and in pixel space.
 * The models are trained here, or read from lesson 02's files with --models DIR.
 *
 * Run:    make lesson09                  (about 13 s: trains both models, 5 epochs)
 *         make lesson09 ARGS="--quick"   (a few seconds: 5,000 images, 2 epochs)
 *         make lesson09 ARGS="--models out/02-deep"   (lesson 02's models: make lesson02 first)
 * Writes: out/09-latent/hist2.dat, hist10.dat   density of each code dimension
 *         out/09-latent/noise.dat        test MSE after noise of each amplitude in z
 *         out/09-latent/noise_recon.dat  test images; decoded with noise 0, 10, 100; noise alone
 *         out/09-latent/map2.dat         the 2-D codes of the test set with their labels
 *         out/09-latent/pca10.dat        the 10-D codes projected on their first two principal axes
 *         out/09-latent/classes.dat      per class: its name and mean position in both maps
 *         out/09-latent/blend.dat        pixel blend and latent blend of pairs of test images
 *         out/09-latent/blend_error.dat  how far each blend is from what the AE reproduces
 *         out/09-latent/arithmetic.dat   decode(z - mu_A + mu_B) for every class B
 *         out/09-latent/means.dat        pixel class means and decoded code class means
 *         out/09-latent/classify.dat     nearest-class-mean accuracy: pixels, k = 2, k = 10
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_blas.h>

#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "optim.h"
#include "out.h"
#include "pca.h"
#include "progress.h"
#include "rng.h"

enum { NMODELS = 2, HIDDEN = 128, K = 10, SHOW = 10, BINS = 60, STEPS = 9, NPAIRS = 4, SOURCES = 5 };
static const size_t CODE[NMODELS] = {2, 10};
static const double AMPLITUDE[] = {0, 1, 3, 10, 30, 100};
enum { NAMP = sizeof AMPLITUDE / sizeof *AMPLITUDE };
static const uint8_t PAIRS[NPAIRS][2] = {{0, 1}, {5, 9}, {2, 8}, {3, 7}};   /* classes to blend */
#define QUICK_TRAIN 5000
#define QUICK_TEST 2000
#define NOISE_TEST 2000   /* test images decoded with noise at every amplitude */

/* ---- the models: trained here, or read from lesson 02 ---- */

static ae_autoenc *model_alloc(size_t D, size_t k, size_t batch)
{
    size_t sizes[3] = {D, HIDDEN, k};
    return ae_autoenc_alloc(2, sizes, AE_RELU, AE_IDENTITY, batch);
}

/* BOOK: fit */
/* Train m with BCE and Adam: the loop of lesson 02, with the library's loss and backward. */
static void fit(ae_autoenc *m, const ae_cli *c, const ae_dataset *ds, gsl_rng *init)
{
    ae_optim *opt = ae_optim_alloc(AE_ADAM, c->lr);
    ae_batcher *batches = ae_batcher_alloc(ds->n, c->batch);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    gsl_matrix *X = gsl_matrix_alloc(c->batch, ds->dim), *dA = gsl_matrix_alloc(c->batch, ds->dim);
    ae_autoenc_init(m, init, 1.0);
    ae_autoenc_add_params(m, opt);
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        const size_t *idx;
        double sum = 0.0;
        ae_batcher_epoch(batches, shuffle);
        for (size_t rows, k = 1; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
            gsl_matrix_view da = gsl_matrix_submatrix(dA, 0, 0, rows, ds->dim);
            ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
            ae_optim_zero_grad(opt);
            double loss = ae_loss_bce_logits(&da.matrix, ae_autoenc_forward(m, &x.matrix), &x.matrix);
            ae_autoenc_backward(m, &da.matrix);
            ae_optim_step(opt);
            ae_check_loss(c, loss, epoch, k);
            sum += loss * (double)rows;
        }
        ae_progress(c, "k=%zu epoch %d/%d: train BCE %.4f per pixel", m->k, epoch, c->epochs,
                    sum / (double)(ds->n * ds->dim));
    }
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
    gsl_rng_free(shuffle);
    ae_batcher_free(batches);
    ae_optim_free(opt);
}
/* END BOOK */

/* ---- histograms of the code dimensions ---- */

static int write_histograms(const ae_cli *c, const gsl_matrix *Z, const char *name)
{
    const size_t N = Z->size1, k = Z->size2;
    double lo, hi;
    gsl_matrix_minmax(Z, &lo, &hi);
    double width = (hi - lo) / BINS, *rows = calloc(BINS * (k + 1), sizeof *rows);
    AE_ASSERT(rows && width > 0);
    for (size_t b = 0; b < BINS; b++)
        rows[b * (k + 1)] = lo + (b + 0.5) * width;
    for (size_t n = 0; n < N; n++)
        for (size_t j = 0; j < k; j++) {
            size_t b = (size_t)((gsl_matrix_get(Z, n, j) - lo) / width);
            rows[(b < BINS ? b : BINS - 1) * (k + 1) + 1 + j] += 1.0 / ((double)N * width);   /* density */
        }
    char columns[256] = "center", what[128];
    for (size_t j = 0; j < k; j++)
        snprintf(columns + strlen(columns), sizeof columns - strlen(columns), " z%zu", j + 1);
    snprintf(what, sizeof what, "density of each code dimension over the test set, k = %zu", k);
    int status = ae_write_table(c->out, name, what, columns, rows, BINS, k + 1);
    free(rows);
    return status;
}

/* ---- noise in the code ---- */

/* BOOK: noise */
/* Zn = Z + U(-a, a) entrywise; decode; return the MSE per pixel against X. */
static double decode_noisy(ae_autoenc *m, gsl_matrix *Xhat, gsl_matrix *Zn, const gsl_matrix *Z,
                           const gsl_matrix *X, double a, gsl_rng *noise)
{
    gsl_matrix_memcpy(Zn, Z);
    for (size_t n = 0; n < Zn->size1; n++)
        for (size_t j = 0; j < Zn->size2; j++)
            *gsl_matrix_ptr(Zn, n, j) += ae_rng_uniform(noise, -a, a);   /* (9.1) z + u */
    ae_autoenc_decode(m, Xhat, Zn);
    return ae_loss_mse(NULL, Xhat, X) / (double)X->size2;
}
/* END BOOK */

/* Rows copied into a mosaic: SHOW images from row `row` on. */
static void put_images(double *img, size_t row, const gsl_matrix *X)
{
    memcpy(img + row * SHOW * X->size2, X->data, SHOW * X->size2 * sizeof *img);
}

static int write_noise(const ae_cli *c, ae_autoenc **m, gsl_matrix **Z, const ae_dataset *test)
{
    const size_t D = test->dim, N = test->n < NOISE_TEST ? test->n : NOISE_TEST;
    gsl_rng *noise = ae_rng_alloc(c->seed, AE_RNG_NOISE);
    gsl_matrix *X = gsl_matrix_alloc(N, D), *Xhat = gsl_matrix_alloc(N, D);
    ae_batch_range(X, NULL, test, 0, N);
    double rows[NAMP * (1 + NMODELS)];
    for (size_t i = 0; i < NAMP; i++) {
        rows[i * (1 + NMODELS)] = AMPLITUDE[i];
        for (size_t s = 0; s < NMODELS; s++) {
            gsl_matrix *Zn = gsl_matrix_alloc(N, CODE[s]);
            gsl_matrix_const_view z = gsl_matrix_const_submatrix(Z[s], 0, 0, N, CODE[s]);
            rows[i * (1 + NMODELS) + 1 + s] = decode_noisy(m[s], Xhat, Zn, &z.matrix, X, AMPLITUDE[i], noise);
            gsl_matrix_free(Zn);
        }
    }
    int status = ae_write_table(c->out, "noise.dat", "MSE per pixel of 2000 test images after adding U(-a, a) to every code entry",
                                "amplitude mse_k2 mse_k10", rows, NAMP, 1 + NMODELS);
    gsl_matrix_free(Xhat);
    /* mosaic: test images; then per model decoded with a = 0, 10, 100, and U(-10, 10) alone */
    double *img = malloc((1 + 4 * NMODELS) * SHOW * D * sizeof *img);
    gsl_matrix *Xs = gsl_matrix_alloc(SHOW, D), *Xh = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(img);
    gsl_matrix_view top = gsl_matrix_submatrix(X, 0, 0, SHOW, D);
    gsl_matrix_memcpy(Xs, &top.matrix);
    put_images(img, 0, Xs);
    const double amp[3] = {0, 10, 100};
    for (size_t s = 0; s < NMODELS && !status; s++) {
        gsl_matrix *Zn = gsl_matrix_alloc(SHOW, CODE[s]), *Z0 = gsl_matrix_calloc(SHOW, CODE[s]);
        gsl_matrix_const_view zs = gsl_matrix_const_submatrix(Z[s], 0, 0, SHOW, CODE[s]);
        for (size_t i = 0; i < 3; i++) {
            decode_noisy(m[s], Xh, Zn, &zs.matrix, Xs, amp[i], noise);
            put_images(img, 1 + 4 * s + i, Xh);
        }
        decode_noisy(m[s], Xh, Zn, Z0, Xs, 10.0, noise);   /* "just noise": z = u */
        put_images(img, 4 + 4 * s, Xh);
        gsl_matrix_free(Zn);
        gsl_matrix_free(Z0);
    }
    if (!status)
        status = ae_write_mosaic(c->out, "noise_recon.dat",
                                 "rows: test images; k = 2 decoded with noise 0, 10, 100 and noise alone; the same for k = 10",
                                 img, (1 + 4 * NMODELS) * SHOW, 28, 28, SHOW, 1.0);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Xs);
    gsl_matrix_free(Xh);
    gsl_rng_free(noise);
    return status;
}

/* ---- maps of the code space ---- */

/* Rows (a_n, b_n, label_n) of two columns of A. */
static int write_map(const ae_cli *c, const char *name, const char *what, const char *columns,
                     const gsl_matrix *A, const uint8_t *y)
{
    double *rows = malloc(A->size1 * 3 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t n = 0; n < A->size1; n++) {
        rows[3 * n] = gsl_matrix_get(A, n, 0);
        rows[3 * n + 1] = gsl_matrix_get(A, n, 1);
        rows[3 * n + 2] = y[n];
    }
    int status = ae_write_table(c->out, name, what, columns, rows, A->size1, 3);
    free(rows);
    return status;
}

/* Per class: label, name and the class mean in the 2-D code map and in the PCA map. */
static int write_classes(const ae_cli *c, const ae_dataset *test, const gsl_matrix *M2,
                         const gsl_matrix *Mp)
{
    ae_out w;
    int status = ae_out_open(&w, c->out, "classes.dat", "per class: name, mean of the 2-D codes, mean in the PCA map");
    if (status)
        return status;
    ae_out_columns(&w, "label name z1 z2 pc1 pc2");
    for (size_t k = 0; k < test->classes; k++)
        ae_out_printf(&w, "%zu \"%s\" %.6g %.6g %.6g %.6g\n", k, ae_class_name(test, k),
                      gsl_matrix_get(M2, k, 0), gsl_matrix_get(M2, k, 1), gsl_matrix_get(Mp, k, 0),
                      gsl_matrix_get(Mp, k, 1));
    return ae_out_close(&w);
}

/* The first two principal axes of the codes Z: P (N x 2). */
static void pca_2d(gsl_matrix *P, const gsl_matrix *Z)
{
    ae_pca *p = ae_pca_alloc(Z->size2);
    ae_pca_add(p, Z);
    AE_ASSERT(ae_pca_solve(p) == AE_OK);   /* N >= 2 codes */
    ae_pca_project(P, p, Z);
    ae_pca_free(p);
}

/* ---- blending: pixels against codes ---- */

/* The first test example of class k. */
static size_t first_of(const ae_dataset *ds, uint8_t k)
{
    for (size_t n = 0; n < ds->n; n++)
        if (ds->y[n] == k)
            return n;
    return 0;
}

/* ||x - g(f(x))||^2 per pixel for each row of X: how far x is from what the AE reproduces. */
static void distance_to_ae(ae_autoenc *m, double *d, const gsl_matrix *X)
{
    gsl_matrix *Z = gsl_matrix_alloc(X->size1, m->k), *Xhat = gsl_matrix_alloc(X->size1, X->size2);
    ae_autoenc_encode(m, Z, X);
    ae_autoenc_decode(m, Xhat, Z);
    for (size_t n = 0; n < X->size1; n++) {
        gsl_matrix_const_view x = gsl_matrix_const_submatrix(X, n, 0, 1, X->size2);
        gsl_matrix_view xh = gsl_matrix_submatrix(Xhat, n, 0, 1, X->size2);
        d[n] = ae_loss_mse(NULL, &xh.matrix, &x.matrix) / (double)X->size2;
    }
    gsl_matrix_free(Z);
    gsl_matrix_free(Xhat);
}

/* BOOK: blend_pair */
/* Row pair p of the mosaic: pixel blend, then latent blend, of test examples ia and ib. */
static void blend_pair(ae_autoenc *m, const ae_dataset *test, size_t ia, size_t ib, const gsl_vector *t,
                       gsl_matrix *pixel, gsl_matrix *latent)
{
    gsl_matrix *X = gsl_matrix_alloc(2, test->dim), *Z = gsl_matrix_alloc(2, m->k);
    gsl_matrix *Zt = gsl_matrix_alloc(t->size, m->k);
    size_t idx[2] = {ia, ib};
    ae_batch_fill(X, NULL, test, idx, 2);
    gsl_vector_view xa = gsl_matrix_row(X, 0), xb = gsl_matrix_row(X, 1);
    ex09_blend(pixel, &xa.vector, &xb.vector, t);             /* (1 - t) x_a + t x_b        */
    ae_autoenc_encode(m, Z, X);
    gsl_vector_view za = gsl_matrix_row(Z, 0), zb = gsl_matrix_row(Z, 1);
    ex09_blend(Zt, &za.vector, &zb.vector, t);                /* (1 - t) z_a + t z_b        */
    ae_autoenc_decode(m, latent, Zt);                         /* x_t = g((1 - t) z_a + t z_b) */
    gsl_matrix_free(X);
    gsl_matrix_free(Z);
    gsl_matrix_free(Zt);
}
/* END BOOK */

static int write_blends(const ae_cli *c, ae_autoenc *m, const ae_dataset *test)
{
    const size_t D = test->dim;
    gsl_vector *t = gsl_vector_alloc(STEPS);
    for (size_t j = 0; j < STEPS; j++)
        gsl_vector_set(t, j, (double)j / (STEPS - 1));
    double *img = malloc(2 * NPAIRS * STEPS * D * sizeof *img), err[STEPS * 3] = {0};
    gsl_matrix *pixel = gsl_matrix_alloc(STEPS, D), *latent = gsl_matrix_alloc(STEPS, D);
    double dp[STEPS], dl[STEPS];
    AE_ASSERT(img);
    for (size_t p = 0; p < NPAIRS; p++) {
        blend_pair(m, test, first_of(test, PAIRS[p][0]), first_of(test, PAIRS[p][1]), t, pixel, latent);
        memcpy(img + 2 * p * STEPS * D, pixel->data, STEPS * D * sizeof *img);
        memcpy(img + (2 * p + 1) * STEPS * D, latent->data, STEPS * D * sizeof *img);
        distance_to_ae(m, dp, pixel);
        distance_to_ae(m, dl, latent);
        for (size_t j = 0; j < STEPS; j++) {
            err[3 * j] = gsl_vector_get(t, j);
            err[3 * j + 1] += dp[j] / NPAIRS;
            err[3 * j + 2] += dl[j] / NPAIRS;
        }
    }
    char what[160];
    snprintf(what, sizeof what, "per pair (classes 0-1, 5-9, 2-8, 3-7): pixel blend row, latent blend row (k = %zu), t = 0 ... 1",
             m->k);
    int status = ae_write_mosaic(c->out, "blend.dat", what, img, 2 * NPAIRS * STEPS, 28, 28, STEPS, 1.0);
    if (!status)
        status = ae_write_table(c->out, "blend_error.dat",
                                "mean over the pairs of ||x_t - g(f(x_t))||^2 per pixel: pixel and latent blends",
                                "t pixel latent", err, STEPS, 3);
    free(img);
    gsl_matrix_free(pixel);
    gsl_matrix_free(latent);
    gsl_vector_free(t);
    return status;
}

/* ---- class means: arithmetic and the nearest-mean classifier ---- */

/* Pixel class means of a whole set, a chunk at a time with exercise 9.1: M (K x D). */
static void pixel_means(gsl_matrix *M, const ae_dataset *ds)
{
    enum { ROWS = 1000 };
    gsl_matrix *X = gsl_matrix_alloc(ROWS, ds->dim), *Mc = gsl_matrix_alloc(M->size1, ds->dim);
    size_t counts[256] = {0}, total[256] = {0};
    uint8_t y[ROWS];
    gsl_matrix_set_zero(M);
    for (size_t first = 0; first < ds->n; first += ROWS) {
        size_t rows = ds->n - first < ROWS ? ds->n - first : ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        ae_batch_range(&x.matrix, y, ds, first, rows);
        ex09_class_means(Mc, counts, &x.matrix, y);
        for (size_t k = 0; k < M->size1; k++) {          /* sums: mean times count */
            gsl_vector_view m = gsl_matrix_row(M, k), mc = gsl_matrix_row(Mc, k);
            gsl_blas_daxpy((double)counts[k], &mc.vector, &m.vector);
            total[k] += counts[k];
        }
    }
    for (size_t k = 0; k < M->size1; k++) {
        gsl_vector_view m = gsl_matrix_row(M, k);
        gsl_vector_scale(&m.vector, total[k] ? 1.0 / (double)total[k] : 0.0);
    }
    gsl_matrix_free(X);
    gsl_matrix_free(Mc);
}

/* Fraction of the rows of Z whose nearest class mean (rows of M) is their label. */
static double nearest_mean_accuracy(const gsl_matrix *Z, const gsl_matrix *M, const uint8_t *y)
{
    uint8_t *pred = malloc(Z->size1);
    AE_ASSERT(pred);
    ex09_nearest_mean(pred, Z, M);
    size_t right = 0;
    for (size_t n = 0; n < Z->size1; n++)
        right += pred[n] == y[n];
    free(pred);
    return (double)right / (double)Z->size1;
}

/* The same for the pixels of a whole set, a chunk at a time. */
static double pixel_accuracy(const ae_dataset *ds, const gsl_matrix *M)
{
    enum { ROWS = 1000 };
    gsl_matrix *X = gsl_matrix_alloc(ROWS, ds->dim);
    uint8_t y[ROWS];
    double right = 0.0;
    for (size_t first = 0; first < ds->n; first += ROWS) {
        size_t rows = ds->n - first < ROWS ? ds->n - first : ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        ae_batch_range(&x.matrix, y, ds, first, rows);
        right += nearest_mean_accuracy(&x.matrix, M, y) * (double)rows;
    }
    gsl_matrix_free(X);
    return right / (double)ds->n;
}

/* BOOK: arithmetic */
/* Row r: test example src[r], its reconstruction, then decode(z - mu_A + mu_B) for each class B. */
static int write_arithmetic(const ae_cli *c, ae_autoenc *m, const ae_dataset *test, const gsl_matrix *Ztest,
                            const gsl_matrix *Mz)
{
    const size_t D = test->dim, cols = 2 + K;
    double *img = malloc(SOURCES * cols * D * sizeof *img);
    gsl_matrix *Zs = gsl_matrix_alloc(cols, m->k), *Xs = gsl_matrix_alloc(cols, D);
    AE_ASSERT(img);
    for (size_t r = 0; r < SOURCES; r++) {
        size_t n = first_of(test, (uint8_t)(2 * r));       /* classes 0, 2, 4, 6, 8 */
        uint8_t from = test->y[n];
        gsl_vector_const_view z = gsl_matrix_const_row(Ztest, n);
        for (size_t j = 1; j < cols; j++) {
            gsl_vector_view row = gsl_matrix_row(Zs, j);
            gsl_vector_memcpy(&row.vector, &z.vector);       /* z ...                 */
            if (j >= 2) {
                gsl_vector_const_view mu_a = gsl_matrix_const_row(Mz, from), mu_b = gsl_matrix_const_row(Mz, j - 2);
                gsl_vector_sub(&row.vector, &mu_a.vector);   /* (9.5) ... - mu_A + mu_B */
                gsl_vector_add(&row.vector, &mu_b.vector);
            }
        }
        gsl_vector_view z0 = gsl_matrix_row(Zs, 0);
        gsl_vector_memcpy(&z0.vector, &z.vector);
        ae_autoenc_decode(m, Xs, Zs);
        gsl_matrix_view x0 = gsl_matrix_submatrix(Xs, 0, 0, 1, D);
        ae_batch_range(&x0.matrix, NULL, test, n, 1);        /* column 0: the original */
        memcpy(img + r * cols * D, Xs->data, cols * D * sizeof *img);
    }
    int status = ae_write_mosaic(c->out, "arithmetic.dat",
                                 "rows: a test image of class 0 2 4 6 8, its reconstruction, then decode(z - mu_own + mu_B) for B = 0 ... 9",
                                 img, SOURCES * cols, 28, 28, cols, 1.0);
    free(img);
    gsl_matrix_free(Zs);
    gsl_matrix_free(Xs);
    return status;
}
/* END BOOK */

static int write_means(const ae_cli *c, ae_autoenc *m, const gsl_matrix *Mx, const gsl_matrix *Mz)
{
    const size_t D = Mx->size2;
    double *img = malloc(2 * K * D * sizeof *img);
    gsl_matrix_view decoded = gsl_matrix_view_array(img + K * D, K, D);
    AE_ASSERT(img);
    memcpy(img, Mx->data, K * D * sizeof *img);
    ae_autoenc_decode(m, &decoded.matrix, Mz);
    int status = ae_write_mosaic(c->out, "means.dat", "rows: pixel mean of each class; decoded mean code of each class",
                                 img, 2 * K, 28, 28, K, 1.0);
    free(img);
    return status;
}

static int write_classify(const ae_cli *c, const double *acc)
{
    double rows[] = {784, acc[0], 2, acc[1], 10, acc[2]};
    return ae_write_table(c->out, "classify.dat",
                          "nearest-class-mean accuracy on the test set (means of the training set): pixels, k = 2, k = 10",
                          "dims accuracy", rows, 3, 2);
}

/* ---- main ---- */

int main(int argc, char **argv)
{
    const char *models = NULL;
    ae_cli_extra extra[] = {
        {.name = "models", .kind = AE_X_STRING, .value = &models,
         .help = "read lesson 02's deep2_DATA and deep10_DATA from this directory instead of training"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson09",
        .title = "latent: what the code space of an autoencoder looks like",
        .about = "Trains the dense autoencoders 784-128-k-128-784 for k = 2 and 10 on every training\n"
                 "image of --data (or reads lesson 02's: --models out/02-deep, after `make lesson02`),\n"
                 "then: histograms of the code, noise added to the code, maps of the code by class,\n"
                 "pixel vs latent blends, latent arithmetic on class means.\n"
                 "--quick: 5,000 training images, 2 epochs. BOOK.md chapter 9.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 5, .batch = 256, .lr = 1e-3, .seed = 42, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/09-latent", .extra = extra,
    };
    ae_cli_parse(&c, argc, argv);
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = 2;

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    ae_autoenc *m[NMODELS];
    for (size_t s = 0; s < NMODELS; s++) {
        m[s] = model_alloc(train_set.dim, CODE[s], c.batch);
        char name[64];
        snprintf(name, sizeof name, "deep%zu_%s", CODE[s], c.data);
        if (models && ae_autoenc_load_into(m[s], models, name))
            ae_die(c.prog, "%s; run `make lesson02` first, or leave out --models to train here", ae_errmsg());
    }
    if (c.quick)
        ae_dataset_truncate(&test, QUICK_TEST);
    if (!models) {
        if (c.quick && train_set.n > QUICK_TRAIN)
            ae_dataset_truncate(&train_set, QUICK_TRAIN);
        gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
        for (size_t s = 0; s < NMODELS; s++)
            fit(m[s], &c, &train_set, init);
        gsl_rng_free(init);
    }
    double bce[NMODELS], mse[NMODELS];
    gsl_matrix *Z[NMODELS], *Ztrain[NMODELS];
    for (size_t s = 0; s < NMODELS; s++) {
        ae_autoenc_evaluate(m[s], &test, &bce[s], &mse[s]);
        Z[s] = gsl_matrix_alloc(test.n, CODE[s]);
        Ztrain[s] = gsl_matrix_alloc(train_set.n, CODE[s]);
        ae_autoenc_encode_set(m[s], Z[s], &test);
        ae_autoenc_encode_set(m[s], Ztrain[s], &train_set);
        char what[128];
        ae_progress(&c, "%s: test BCE %.4f, MSE %.5f per pixel", ae_autoenc_describe(m[s], what, sizeof what),
                    bce[s], mse[s]);
    }

    ae_check(c.prog, write_histograms(&c, Z[0], "hist2.dat"));
    ae_check(c.prog, write_histograms(&c, Z[1], "hist10.dat"));
    ae_check(c.prog, write_noise(&c, m, Z, &test));

    /* class means of the training codes and pixels; the maps */
    gsl_matrix *Mz[NMODELS], *Mx = gsl_matrix_alloc(K, test.dim), *P = gsl_matrix_alloc(test.n, 2);
    gsl_matrix *Mp = gsl_matrix_alloc(K, 2);
    size_t counts[K];
    double acc[1 + NMODELS];
    pixel_means(Mx, &train_set);
    acc[0] = pixel_accuracy(&test, Mx);
    for (size_t s = 0; s < NMODELS; s++) {
        Mz[s] = gsl_matrix_alloc(K, CODE[s]);
        ex09_class_means(Mz[s], counts, Ztrain[s], train_set.y);
        acc[1 + s] = nearest_mean_accuracy(Z[s], Mz[s], test.y);
    }
    pca_2d(P, Z[1]);
    ex09_class_means(Mp, counts, P, test.y);
    ae_check(c.prog, write_map(&c, "map2.dat", "the 2-D codes of the test set", "z1 z2 label", Z[0], test.y));
    ae_check(c.prog, write_map(&c, "pca10.dat", "the 10-D codes of the test set on their first two principal axes",
                               "pc1 pc2 label", P, test.y));
    ae_check(c.prog, write_classes(&c, &test, Mz[0], Mp));
    ae_check(c.prog, write_blends(&c, m[1], &test));
    ae_check(c.prog, write_arithmetic(&c, m[1], &test, Z[1], Mz[1]));
    ae_check(c.prog, write_means(&c, m[1], Mx, Mz[1]));
    ae_check(c.prog, write_classify(&c, acc));

    printf("lesson09 latent: data %s models %s mse_k2 %.5f mse_k10 %.5f nearest_mean pixels %.3f k2 %.3f k10 %.3f "
           "time %.1fs\n", c.data, models ? models : "trained", mse[0], mse[1], acc[0], acc[1], acc[2],
           ae_seconds() - c.t0);

    for (size_t s = 0; s < NMODELS; s++) {
        ae_autoenc_free(m[s]);
        gsl_matrix_free(Z[s]);
        gsl_matrix_free(Ztrain[s]);
        gsl_matrix_free(Mz[s]);
    }
    gsl_matrix_free(Mx);
    gsl_matrix_free(Mp);
    gsl_matrix_free(P);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
