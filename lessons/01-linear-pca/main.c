/* Lesson 01 — a linear autoencoder spans the PCA subspace.
 *
 * A linear autoencoder 784 -> k -> 784 trained with squared error ends up
 * spanning the same subspace as the first k principal directions (Baldi &
 * Hornik 1989); with an L2 penalty on both weight matrices its decoder's left
 * singular vectors are the principal directions themselves (Kunin et al.
 * 2019; UPenn CIS 522, "What is a linear autoencoder?"). The lesson trains the
 * autoencoder for k = 2 ... 64 against PCA-k on the same training images, and
 * measures the principal angles between the two subspaces epoch by epoch.
 * Then eigenfaces: PCA of 100 LFW face crops.  BOOK.md chapter 1.
 *
 * Run:    make lesson01                  (about 26 s)
 *         make lesson01 ARGS="--quick"   (a few seconds: 10,000 images, 2 epochs, k = 2, 8, 32)
 *         make lesson01 ARGS="--data mnist"
 * Writes: out/01-linear-pca/mse.dat        per k: PCA and AE test MSE, ratio, angles
 *         out/01-linear-pca/curves.dat     per epoch: AE test MSE and largest angle for each k
 *         out/01-linear-pca/align.dat      per direction: alignment without and with L2, singular values
 *         out/01-linear-pca/align_plain.dat, align_l2.dat   |u_i . v_j| matrices
 *         out/01-linear-pca/directions.dat PCA directions, AE decoder directions (plain, L2)
 *         out/01-linear-pca/recon.dat      test images, PCA-k and AE-k reconstructions
 *         out/01-linear-pca/spectrum.dat   explained variance vs k
 *         out/01-linear-pca/eigenfaces.dat, faces_recon.dat   eigenfaces
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_statistics_double.h>

#include "cli.h"
#include "data.h"
#include "dense.h"
#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "optim.h"
#include "out.h"
#include "pca.h"
#include "progress.h"
#include "rng.h"

static const size_t CODES[] = {2, 4, 8, 16, 32, 64}, QUICK_CODES[] = {2, 8, 32};
enum { MAX_CODES = 6, EVAL_ROWS = 1000, SHOW = 8, QUICK_TRAIN = 10000 };
#define L2_WD 0.5       /* weight decay of the L2 run: (wd/2)(||W1||^2 + ||W2||^2) */
#define INIT_SCALE 0.01 /* small initial weights: directions are learnt one by one (Saxe et al. 2014) */
#define DEG (180.0 / M_PI)

/* The linear autoencoder  x_hat = W2 (W1 x + b1) + b2. */
typedef struct {
    ae_dense *enc, *dec;   /* W1: k x D, W2: D x k (slides' orientation) */
    ae_optim *opt;
} linear_ae;

/* Per-batch activations, allocated once for the largest batch. */
typedef struct {
    gsl_matrix *X, *Z, *Xhat, *dXhat, *dZ;   /* B x D, B x k, B x D, B x D, B x k */
} buffers;

typedef struct {
    gsl_matrix_view X, Z, Xhat, dXhat, dZ;
} batch;

static buffers buffers_alloc(size_t rows, size_t D, size_t k)
{
    return (buffers){gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, k), gsl_matrix_alloc(rows, D),
                     gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, k)};
}

static void buffers_free(buffers *v)
{
    gsl_matrix_free(v->X);
    gsl_matrix_free(v->Z);
    gsl_matrix_free(v->Xhat);
    gsl_matrix_free(v->dXhat);
    gsl_matrix_free(v->dZ);
}

static batch rows_of(buffers *v, size_t rows)
{
    size_t D = v->X->size2, k = v->Z->size2;
    return (batch){gsl_matrix_submatrix(v->X, 0, 0, rows, D), gsl_matrix_submatrix(v->Z, 0, 0, rows, k),
                   gsl_matrix_submatrix(v->Xhat, 0, 0, rows, D),
                   gsl_matrix_submatrix(v->dXhat, 0, 0, rows, D), gsl_matrix_submatrix(v->dZ, 0, 0, rows, k)};
}

static linear_ae linear_ae_alloc(size_t D, size_t k, double lr, double wd, gsl_rng *init)
{
    linear_ae ae = {ae_dense_alloc(D, k), ae_dense_alloc(k, D), ae_optim_alloc(AE_ADAM, lr)};
    ae_dense_init(ae.enc, init, INIT_SCALE);
    ae_dense_init(ae.dec, init, INIT_SCALE);
    ae.opt->wd = wd;
    ae_dense_add_params(ae.enc, ae.opt);
    ae_dense_add_params(ae.dec, ae.opt);
    return ae;
}

static void linear_ae_free(linear_ae *ae)
{
    ae_dense_free(ae->enc);
    ae_dense_free(ae->dec);
    ae_optim_free(ae->opt);
}

/* Subtract the training mean from every row, as PCA does: the AE then models x - mu. */
static void centre(gsl_matrix *X, const gsl_vector *mean)
{
    for (size_t b = 0; b < X->size1; b++) {
        gsl_vector_view row = gsl_matrix_row(X, b);
        gsl_vector_sub(&row.vector, mean);
    }
}

/* BOOK: linear_ae_step */
/* One step of gradient descent on L = 1/B sum ||x_hat - x||^2 (+ the L2 penalty in the optimiser). */
static double linear_ae_step(linear_ae *ae, batch *a)
{
    ae_optim_zero_grad(ae->opt);
    ae_dense_forward(&a->Z.matrix, &a->X.matrix, ae->enc);                        /* z = W1 x + b1     */
    ae_dense_forward(&a->Xhat.matrix, &a->Z.matrix, ae->dec);                     /* x_hat = W2 z + b2 */
    double loss = ae_loss_mse(&a->dXhat.matrix, &a->Xhat.matrix, &a->X.matrix);   /* dL/dx_hat = 2(x_hat - x)/B */
    ae_dense_backward(&a->dZ.matrix, ae->dec, &a->dXhat.matrix, &a->Z.matrix);    /* dW2 = dx_hat z^T, dz = W2^T dx_hat */
    ae_dense_backward(NULL, ae->enc, &a->dZ.matrix, &a->X.matrix);                /* dW1 = dz x^T      */
    ae_optim_step(ae->opt);
    return loss;
}
/* END BOOK */

/* Mean squared error per pixel of the AE on a whole set (centred with mean). */
static double linear_ae_mse(const linear_ae *ae, buffers *v, const ae_dataset *ds, const gsl_vector *mean)
{
    double sum = 0.0;
    for (size_t first = 0; first < ds->n; first += EVAL_ROWS) {
        size_t rows = ds->n - first < EVAL_ROWS ? ds->n - first : EVAL_ROWS;
        batch a = rows_of(v, rows);
        ae_batch_range(&a.X.matrix, NULL, ds, first, rows);
        centre(&a.X.matrix, mean);
        ae_dense_forward(&a.Z.matrix, &a.X.matrix, ae->enc);
        ae_dense_forward(&a.Xhat.matrix, &a.Z.matrix, ae->dec);
        sum += ae_loss_mse(NULL, &a.Xhat.matrix, &a.X.matrix) * (double)rows;
    }
    return sum / (double)(ds->n * ds->dim);
}

/* Mean squared error per pixel of PCA-k on a whole set (exercise 1.1 does the work). */
static double pca_mse(const ae_pca *p, size_t k, buffers *v, const ae_dataset *ds)
{
    gsl_matrix_const_view Vk = ae_pca_directions(p, k);
    double sum = 0.0;
    for (size_t first = 0; first < ds->n; first += EVAL_ROWS) {
        size_t rows = ds->n - first < EVAL_ROWS ? ds->n - first : EVAL_ROWS;
        batch a = rows_of(v, rows);
        gsl_matrix_view Z = gsl_matrix_submatrix(&a.Z.matrix, 0, 0, rows, k);
        ae_batch_range(&a.X.matrix, NULL, ds, first, rows);
        ex01_pca_reconstruct(&a.Xhat.matrix, &Z.matrix, &a.X.matrix, p->mean, &Vk.matrix);
        sum += ae_loss_mse(NULL, &a.Xhat.matrix, &a.X.matrix) * (double)rows;
    }
    return sum / (double)(ds->n * ds->dim);
}

/* The largest principal angle (degrees) between the decoder's columns and the PCA-k subspace. */
static double largest_angle(const linear_ae *ae, const ae_pca *p, gsl_vector *theta)
{
    size_t k = ae->dec->W->size2;
    gsl_matrix_const_view Vk = ae_pca_directions(p, k);
    gsl_matrix *V = gsl_matrix_alloc(p->dim, k);
    gsl_matrix_transpose_memcpy(V, &Vk.matrix);    /* the directions as columns */
    ex01_principal_angles(theta, ae->dec->W, V);
    gsl_matrix_free(V);
    return gsl_vector_get(theta, k - 1) * DEG;
}

/* ---- the PCA of a dataset ---- */

static ae_pca *pca_fit(const ae_dataset *ds)
{
    ae_pca *p = ae_pca_alloc(ds->dim);
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, ds->dim);
    for (size_t first = 0; first < ds->n; first += EVAL_ROWS) {
        size_t rows = ds->n - first < EVAL_ROWS ? ds->n - first : EVAL_ROWS;
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        ae_batch_range(&Xb.matrix, NULL, ds, first, rows);
        ae_pca_add(p, &Xb.matrix);
    }
    gsl_matrix_free(X);
    return p;
}

/* ---- one code size: train the AE, compare with PCA ---- */

typedef struct {
    size_t k;
    double pca_mse, ae_mse, explained, angle_max, angle_mean;
    double *curve_mse, *curve_angle;   /* per epoch */
} result;

/* A result for code size k, with room for its per-epoch curves. */
static result result_for(size_t k, int epochs, double pca_mse_k, double explained)
{
    result r = {.k = k, .pca_mse = pca_mse_k, .explained = explained,
                .curve_mse = malloc((size_t)epochs * sizeof(double)),
                .curve_angle = malloc((size_t)epochs * sizeof(double))};
    AE_ASSERT(r.curve_mse && r.curve_angle);
    return r;
}

/* Whether k is one of ks[0..n-1]. */
static int contains(const size_t *ks, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++)
        if (ks[i] == k)
            return 1;
    return 0;
}

/* BOOK: train_loop */
static void train(linear_ae *ae, const ae_cli *c, const ae_dataset *train_set, const ae_dataset *test,
                  const ae_pca *p, result *res)
{
    buffers v = buffers_alloc(c->batch > EVAL_ROWS ? c->batch : EVAL_ROWS, train_set->dim, res->k);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    gsl_vector *theta = gsl_vector_alloc(res->k);
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae->opt->lr = c->lr * 0.5 * (1.0 + cos(M_PI * (epoch - 1) / c->epochs));   /* cosine decay */
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            batch a = rows_of(&v, rows);
            ae_batch_fill(&a.X.matrix, NULL, train_set, idx, rows);
            centre(&a.X.matrix, p->mean);
            double loss = linear_ae_step(ae, &a);
            ae_check_loss(c, loss, epoch, k + 1);
            sum += loss * (double)rows;
        }
        res->curve_mse[epoch - 1] = linear_ae_mse(ae, &v, test, p->mean);
        res->curve_angle[epoch - 1] = largest_angle(ae, p, theta);
        ae_progress(c, "k=%zu epoch %d/%d: train MSE %.5f, test MSE %.5f (PCA %.5f), largest angle %.2f deg",
                    res->k, epoch, c->epochs, sum / (double)(train_set->n * train_set->dim),
                    res->curve_mse[epoch - 1], res->pca_mse, res->curve_angle[epoch - 1]);
    }
    res->ae_mse = res->curve_mse[c->epochs - 1];
    res->angle_max = res->curve_angle[c->epochs - 1];
    res->angle_mean = gsl_stats_mean(theta->data, 1, res->k) * DEG;
    ae_batcher_free(batches);
    gsl_vector_free(theta);
    gsl_rng_free(shuffle);
    buffers_free(&v);
}
/* END BOOK */

/* ---- with and without L2: which directions does the decoder find? ---- */

/* Left singular vectors U (D x k, columns) and singular values S of the decoder W2. */
static void decoder_svd(gsl_matrix *U, gsl_vector *S, const linear_ae *ae)
{
    size_t k = U->size2;
    gsl_matrix *V = gsl_matrix_alloc(k, k);
    gsl_vector *work = gsl_vector_alloc(k);
    gsl_matrix_memcpy(U, ae->dec->W);
    gsl_linalg_SV_decomp(U, V, S, work);   /* W2 = U S V^T, S decreasing */
    gsl_matrix_free(V);
    gsl_vector_free(work);
}

/* M_ij = |u_i . v_j|: 1 on the diagonal and 0 elsewhere when u_i is the i-th principal direction. */
static void alignment(gsl_matrix *M, const gsl_matrix *U, const ae_pca *p)
{
    gsl_matrix_const_view Vk = ae_pca_directions(p, U->size2);
    gsl_blas_dgemm(CblasTrans, CblasTrans, 1.0, U, &Vk.matrix, 0.0, M);
    for (size_t i = 0; i < M->size1 * M->size2; i++)
        M->data[i] = fabs(M->data[i]);
}

/* Copy a direction into an image scaled to [-1, 1], largest |entry| positive (PCA's sign rule). */
static void direction_image(double *img, const double *u, size_t stride, size_t D)
{
    size_t big = 0;
    for (size_t i = 0; i < D; i++)
        if (fabs(u[i * stride]) > fabs(u[big * stride]))
            big = i;
    double scale = 1.0 / u[big * stride];
    for (size_t i = 0; i < D; i++)
        img[i] = u[i * stride] * scale;
}

typedef struct {
    gsl_matrix *U_plain, *U_l2, *M_plain, *M_l2;   /* D x k, D x k, k x k, k x k */
    gsl_vector *S_plain, *S_l2;
} aligned;

static aligned compare_directions(const linear_ae *plain, const linear_ae *l2, const ae_pca *p, size_t k)
{
    aligned al = {gsl_matrix_alloc(p->dim, k), gsl_matrix_alloc(p->dim, k), gsl_matrix_alloc(k, k),
                  gsl_matrix_alloc(k, k), gsl_vector_alloc(k), gsl_vector_alloc(k)};
    decoder_svd(al.U_plain, al.S_plain, plain);
    decoder_svd(al.U_l2, al.S_l2, l2);
    alignment(al.M_plain, al.U_plain, p);
    alignment(al.M_l2, al.U_l2, p);
    return al;
}

static void aligned_free(aligned *al)
{
    gsl_matrix_free(al->U_plain);
    gsl_matrix_free(al->U_l2);
    gsl_matrix_free(al->M_plain);
    gsl_matrix_free(al->M_l2);
    gsl_vector_free(al->S_plain);
    gsl_vector_free(al->S_l2);
}

/* The smallest diagonal entry of an alignment matrix. */
static double worst_alignment(const gsl_matrix *M)
{
    double worst = 1.0;
    for (size_t i = 0; i < M->size1; i++)
        worst = fmin(worst, gsl_matrix_get(M, i, i));
    return worst;
}

/* ---- outputs ---- */

static int write_sweep(const ae_cli *c, const result *res, size_t n)
{
    double *rows = malloc(n * 7 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t i = 0; i < n; i++) {
        double r[7] = {res[i].k, res[i].pca_mse, res[i].ae_mse, res[i].ae_mse / res[i].pca_mse,
                       res[i].explained, res[i].angle_max, res[i].angle_mean};
        memcpy(rows + 7 * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "mse.dat", "test MSE per pixel of PCA-k and the linear AE-k",
                                "k pca_mse ae_mse ratio explained angle_max_deg angle_mean_deg", rows, n, 7);
    free(rows);
    if (status)
        return status;
    /* curves: one column of test MSE and one of the largest angle per k */
    char columns[512] = "epoch";
    for (size_t i = 0; i < n; i++)
        snprintf(columns + strlen(columns), sizeof columns - strlen(columns), " mse_k%zu", res[i].k);
    for (size_t i = 0; i < n; i++)
        snprintf(columns + strlen(columns), sizeof columns - strlen(columns), " angle_k%zu", res[i].k);
    size_t width = 1 + 2 * n;
    double *curves = malloc((size_t)c->epochs * width * sizeof *curves);
    AE_ASSERT(curves);
    for (int e = 0; e < c->epochs; e++) {
        double *r = curves + (size_t)e * width;
        r[0] = e + 1;
        for (size_t i = 0; i < n; i++) {
            r[1 + i] = res[i].curve_mse[e];
            r[1 + n + i] = res[i].curve_angle[e];
        }
    }
    status = ae_write_table(c->out, "curves.dat", "per epoch: AE test MSE and largest principal angle (deg)",
                            columns, curves, c->epochs, width);
    free(curves);
    return status;
}

static int write_alignment(const ae_cli *c, const aligned *al, const ae_pca *p, size_t k)
{
    double *rows = malloc(k * 6 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t i = 0; i < k; i++) {
        double lambda = gsl_vector_get(p->lambda, i);
        double r[6] = {i + 1, lambda, gsl_matrix_get(al->M_plain, i, i), gsl_matrix_get(al->M_l2, i, i),
                       gsl_vector_get(al->S_l2, i), sqrt(fmax(0.0, 1.0 - 0.5 * L2_WD / lambda))};   /* (1.8) */
        memcpy(rows + 6 * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "align.dat",
                                "i-th decoder left singular vector vs i-th principal direction; L2 singular values",
                                "i lambda cos_plain cos_l2 sv_l2 sv_theory", rows, k, 6);
    free(rows);
    if (!status)
        status = ae_write_table(c->out, "align_plain.dat", "|u_i . v_j| without L2 (matrix, row i)", NULL,
                                al->M_plain->data, k, k);
    if (!status)
        status = ae_write_table(c->out, "align_l2.dat", "|u_i . v_j| with L2 (matrix, row i)", NULL,
                                al->M_l2->data, k, k);
    if (status)
        return status;
    /* directions as images: PCA, plain decoder, L2 decoder, one row of k each */
    size_t D = p->dim;
    double *img = malloc(3 * k * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t i = 0; i < k; i++) {
        direction_image(img + i * D, p->V->data + i * p->V->tda, 1, D);
        direction_image(img + (k + i) * D, al->U_plain->data + i, al->U_plain->tda, D);
        direction_image(img + (2 * k + i) * D, al->U_l2->data + i, al->U_l2->tda, D);
    }
    status = ae_write_mosaic(c->out, "directions.dat",
                             "rows: PCA directions; AE decoder left singular vectors, plain; with L2",
                             img, 3 * k, 28, 28, k, 0.0);
    free(img);
    return status;
}

/* Originals, PCA-k, AE-k and L2 AE-k reconstructions of the first SHOW test images. */
static int write_reconstructions(const ae_cli *c, const ae_dataset *test, const ae_pca *p,
                                 const linear_ae *plain, const linear_ae *l2, size_t k)
{
    size_t D = test->dim;
    buffers v = buffers_alloc(SHOW, D, k);
    double *img = malloc(4 * SHOW * D * sizeof *img);
    AE_ASSERT(img);
    ae_batch_range(v.X, NULL, test, 0, SHOW);
    gsl_matrix_view out = gsl_matrix_view_array(img, 4 * SHOW, D);
    gsl_matrix_view row0 = gsl_matrix_submatrix(&out.matrix, 0, 0, SHOW, D);
    gsl_matrix_memcpy(&row0.matrix, v.X);
    gsl_matrix_const_view Vk = ae_pca_directions(p, k);
    gsl_matrix_view row1 = gsl_matrix_submatrix(&out.matrix, SHOW, 0, SHOW, D);
    ex01_pca_reconstruct(&row1.matrix, v.Z, v.X, p->mean, &Vk.matrix);
    const linear_ae *models[2] = {plain, l2};
    centre(v.X, p->mean);
    for (size_t m = 0; m < 2; m++) {
        gsl_matrix_view rowm = gsl_matrix_submatrix(&out.matrix, (2 + m) * SHOW, 0, SHOW, D);
        ae_dense_forward(v.Z, v.X, models[m]->enc);
        ae_dense_forward(&rowm.matrix, v.Z, models[m]->dec);
        for (size_t b = 0; b < SHOW; b++) {           /* back to pixels: + mu */
            gsl_vector_view row = gsl_matrix_row(&rowm.matrix, b);
            gsl_vector_add(&row.vector, p->mean);
        }
    }
    char what[128];
    snprintf(what, sizeof what, "rows: test images; PCA-%zu; linear AE-%zu; linear AE-%zu with L2", k, k, k);
    int status = ae_write_mosaic(c->out, "recon.dat", what, img, 4 * SHOW, 28, 28, SHOW, 1.0);
    free(img);
    buffers_free(&v);
    return status;
}

static int write_spectrum(const ae_cli *c, const ae_pca *p, const ae_pca *faces)
{
    enum { KMAX = 99 };
    double rows[KMAX * 3];
    for (size_t k = 1; k <= KMAX; k++) {
        rows[3 * (k - 1)] = k;
        rows[3 * (k - 1) + 1] = ae_pca_explained(p, k);
        rows[3 * (k - 1) + 2] = ae_pca_explained(faces, k);
    }
    return ae_write_table(c->out, "spectrum.dat", "fraction of the variance in the first k directions",
                          "k explained faces_explained", rows, KMAX, 3);
}

/* BOOK: eigenfaces */
/* Eigenfaces: the mean face and the top directions, then faces rebuilt from k = 1 ... 99 of them. */
static int write_eigenfaces(const ae_cli *c, const ae_dataset *faces, const ae_pca *p)
{
    static const size_t ks[] = {1, 5, 10, 25, 50, 99};
    enum { TOP = 15, FACES = 6, NK = sizeof ks / sizeof *ks };
    const size_t D = faces->dim;
    double img[(TOP + 1) * 625];
    AE_ASSERT(D == 625);
    memcpy(img, p->mean->data, D * sizeof *img);
    for (size_t j = 0; j < TOP; j++) {
        double *eigenface = img + (j + 1) * D;
        direction_image(eigenface, p->V->data + j * p->V->tda, 1, D);
        for (size_t i = 0; i < D; i++)
            eigenface[i] = 0.5 + 0.5 * eigenface[i];    /* [-1, 1] -> [0, 1]: grey is 0 */
    }
    int status = ae_write_mosaic(c->out, "eigenfaces.dat", "the mean face, then the first 15 eigenfaces (0.5 + v/2max|v|)",
                                 img, TOP + 1, 25, 25, 8, 0.0);
    if (status)
        return status;
    gsl_matrix *X = gsl_matrix_alloc(FACES, D), *Z = gsl_matrix_alloc(FACES, 99);
    gsl_matrix *grid = gsl_matrix_alloc(FACES * (NK + 1), D);   /* row f*(NK+1)+j: face f with ks[j] */
    ae_batch_range(X, NULL, faces, 0, FACES);
    for (size_t j = 0; j < NK; j++) {
        gsl_matrix_const_view Vk = ae_pca_directions(p, ks[j]);
        gsl_matrix_view Zk = gsl_matrix_submatrix(Z, 0, 0, FACES, ks[j]);
        gsl_matrix *Xhat = gsl_matrix_alloc(FACES, D);
        ex01_pca_reconstruct(Xhat, &Zk.matrix, X, p->mean, &Vk.matrix);
        for (size_t f = 0; f < FACES; f++) {
            gsl_vector_view dst = gsl_matrix_row(grid, f * (NK + 1) + j), src = gsl_matrix_row(Xhat, f);
            gsl_vector_memcpy(&dst.vector, &src.vector);
        }
        gsl_matrix_free(Xhat);
    }
    for (size_t f = 0; f < FACES; f++) {
        gsl_vector_view dst = gsl_matrix_row(grid, f * (NK + 1) + NK), src = gsl_matrix_row(X, f);
        gsl_vector_memcpy(&dst.vector, &src.vector);
    }
    status = ae_write_mosaic(c->out, "faces_recon.dat",
                             "each row: one face rebuilt from k = 1 5 10 25 50 99 eigenfaces, then the original",
                             grid->data, FACES * (NK + 1), 25, 25, NK + 1, 1.0);
    gsl_matrix_free(X);
    gsl_matrix_free(Z);
    gsl_matrix_free(grid);
    return status;
}
/* END BOOK */

int main(int argc, char **argv)
{
    ae_cli c = {
        .prog = "lesson01",
        .title = "linear-pca: a linear autoencoder spans the PCA subspace",
        .about = "Trains linear autoencoders 784-k-784 (k = 2 4 8 16 32 64) with squared error and\n"
                 "compares them with PCA-k: test error, principal angles, and with an L2 penalty\n"
                 "(k = --latent) the individual principal directions. Then eigenfaces (LFW).\n"
                 "--quick: 10,000 training images, 2 epochs, k = 2 8 32. BOOK.md chapter 1.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_LATENT | AE_FLAG_DATA |
                AE_FLAG_DATA_DIR | AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 8, .batch = 128, .lr = 3e-3, .seed = 42, .latent = 16, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/01-linear-pca",
    };
    ae_cli_parse(&c, argc, argv);
    const size_t *codes = c.quick ? QUICK_CODES : CODES;
    size_t ncodes = c.quick ? sizeof QUICK_CODES / sizeof *QUICK_CODES : sizeof CODES / sizeof *CODES;
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = 2;
    if (c.quick && !ae_cli_given(&c, AE_FLAG_LATENT))
        c.latent = 8;
    if (c.latent > 64)
        ae_die(c.prog, "--latent: %zu is more than 64, the largest code of the lesson", c.latent);

    ae_dataset train_set, test, faces;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    ae_check(c.prog, ae_faces_load(&faces, c.data_dir, 1));
    if (c.quick && train_set.n > QUICK_TRAIN)
        ae_dataset_truncate(&train_set, QUICK_TRAIN);

    ae_pca *p = pca_fit(&train_set), *pf = pca_fit(&faces);
    ae_check(c.prog, ae_pca_solve(p));
    ae_check(c.prog, ae_pca_solve(pf));
    ae_progress(&c, "PCA of %zu %s training images: the first 32 directions hold %.1f%% of the variance",
                train_set.n, c.data, 100 * ae_pca_explained(p, 32));

    gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
    size_t ks[MAX_CODES + 1], n = 0;   /* the sweep's code sizes, then --latent if it is not one */
    for (size_t i = 0; i < ncodes; i++)
        ks[n++] = codes[i];
    if (!contains(ks, n, c.latent))
        ks[n++] = c.latent;

    result res[MAX_CODES + 1];
    size_t shown = 0;
    linear_ae plain = {0};
    buffers v = buffers_alloc(EVAL_ROWS, train_set.dim, 64);
    for (size_t i = 0; i < n; i++) {
        res[i] = result_for(ks[i], c.epochs, pca_mse(p, ks[i], &v, &test), ae_pca_explained(p, ks[i]));
        linear_ae ae = linear_ae_alloc(train_set.dim, ks[i], c.lr, 0.0, init);
        train(&ae, &c, &train_set, &test, p, &res[i]);
        if (ks[i] == c.latent) {
            plain = ae;
            shown = i;
        } else {
            linear_ae_free(&ae);
        }
    }

    /* the same code size once more, with the L2 penalty */
    result r_l2 = result_for(c.latent, c.epochs, res[shown].pca_mse, res[shown].explained);
    linear_ae l2 = linear_ae_alloc(train_set.dim, c.latent, c.lr, L2_WD, init);
    train(&l2, &c, &train_set, &test, p, &r_l2);
    aligned al = compare_directions(&plain, &l2, p, c.latent);

    ae_check(c.prog, write_sweep(&c, res, n));
    ae_check(c.prog, write_alignment(&c, &al, p, c.latent));
    ae_check(c.prog, write_reconstructions(&c, &test, p, &plain, &l2, c.latent));
    ae_check(c.prog, write_spectrum(&c, p, pf));
    ae_check(c.prog, write_eigenfaces(&c, &faces, pf));

    const result *r32 = NULL, *r16 = NULL;
    for (size_t i = 0; i < n; i++) {
        if (res[i].k == 32)
            r32 = &res[i];
        if (res[i].k == 16)
            r16 = &res[i];
    }
    printf("lesson01 linear-pca: data %s", c.data);
    if (r32)
        printf(" pca32 %.5f ae32 %.5f ratio32 %.4f", r32->pca_mse, r32->ae_mse, r32->ae_mse / r32->pca_mse);
    if (r16)
        printf(" angle16 %.2fdeg", r16->angle_max);
    printf(" k %zu align_plain %.3f align_l2 %.4f epochs %d time %.1fs\n", c.latent,
           worst_alignment(al.M_plain), worst_alignment(al.M_l2), c.epochs, ae_seconds() - c.t0);

    aligned_free(&al);
    linear_ae_free(&plain);
    linear_ae_free(&l2);
    for (size_t i = 0; i < n; i++) {
        free(res[i].curve_mse);
        free(res[i].curve_angle);
    }
    free(r_l2.curve_mse);
    free(r_l2.curve_angle);
    buffers_free(&v);
    gsl_rng_free(init);
    ae_pca_free(p);
    ae_pca_free(pf);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    ae_dataset_free(&faces);
    return 0;
}
