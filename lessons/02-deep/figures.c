/* Lesson 02's figures. See figures.h. */
#include "batch.h"
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "out.h"

/* Images in rows of a mosaic: SHOW images of X into img row `row`. */
static void put_images(double *img, size_t row, const gsl_matrix *X)
{
    memcpy(img + row * SHOW * X->size2, X->data, SHOW * X->size2 * sizeof *img);
}

static void reconstruct(ae_autoenc *m, gsl_matrix *Xhat, const gsl_matrix *X)
{
    gsl_matrix *Z = gsl_matrix_alloc(X->size1, m->k);
    ae_autoenc_encode(m, Z, X);
    ae_autoenc_decode(m, Xhat, Z);
    gsl_matrix_free(Z);
}

static void pca_reconstruct(const ae_pca *p, size_t k, gsl_matrix *Xhat, const gsl_matrix *X)
{
    gsl_matrix *Z = gsl_matrix_alloc(X->size1, k);
    ae_pca_project(Z, p, X);
    ae_pca_reconstruct(Xhat, p, Z);
    gsl_matrix_free(Z);
}

void reconstruct_shown(double *img, ae_autoenc *m, const ae_dataset *test)
{
    gsl_matrix *X = gsl_matrix_alloc(SHOW, test->dim);
    gsl_matrix_view xhat = gsl_matrix_view_array(img, SHOW, test->dim);
    ae_batch_range(X, NULL, test, 0, SHOW);
    reconstruct(m, &xhat.matrix, X);
    gsl_matrix_free(X);
}

/* ---- part 1 ---- */

int write_keras(const ae_cli *c, const run *fashion, const run *mnist)
{
    int epochs = fashion->epochs;
    double *rows = malloc((size_t)epochs * 5 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < epochs; e++) {
        double r[5] = {e + 1, fashion->train_bce[e], fashion->test_bce[e], mnist->train_bce[e],
                       mnist->test_bce[e]};
        memcpy(rows + 5 * e, r, sizeof r);
    }
    int status = ae_write_table(c->out, "keras.dat",
                                "Keras-style AE 784-128-32-128-784: BCE per pixel, per epoch",
                                "epoch fashion_train fashion_test mnist_train mnist_test", rows,
                                (size_t)epochs, 5);
    free(rows);
    return status;
}

int write_keras_recon(const ae_cli *c, run *fashion, run *mnist, const ae_dataset *test_f,
                      const ae_dataset *test_m)
{
    const size_t D = test_f->dim;
    double *img = malloc(4 * SHOW * D * sizeof *img);
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D), *Xhat = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(img);
    const ae_dataset *sets[2] = {test_f, test_m};
    run *runs[2] = {fashion, mnist};
    for (size_t s = 0; s < 2; s++) {
        ae_batch_range(X, NULL, sets[s], 0, SHOW);
        reconstruct(runs[s]->m, Xhat, X);
        put_images(img, 2 * s, X);
        put_images(img, 2 * s + 1, Xhat);
    }
    int status = ae_write_mosaic(c->out, "keras_recon.dat",
                                 "rows: Fashion-MNIST test images, reconstructions; MNIST test images, reconstructions",
                                 img, 4 * SHOW, test_f->rows, test_f->cols, SHOW, 1.0);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    return status;
}

/* ---- part 2 ---- */

int write_sweep(const ae_cli *c, const sweep_result *res, size_t n)
{
    double *rows = malloc(n * 6 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t i = 0; i < n; i++) {
        double r[6] = {res[i].k, res[i].pca_mse, res[i].shallow_mse, res[i].deep_mse,
                       res[i].shallow_bce, res[i].deep_bce};
        memcpy(rows + 6 * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "sweep.dat",
                                "per code size k: test MSE per pixel of PCA-k, shallow AE-k, deep AE-k; test BCE",
                                "k pca_mse shallow_mse deep_mse shallow_bce deep_bce", rows, n, 6);
    free(rows);
    return status;
}

int write_sweep_recon(const ae_cli *c, const sweep_result *res, run *shallow, run *deep, size_t n,
                      const ae_pca *p, const ae_dataset *test)
{
    const size_t D = test->dim;
    double *img = malloc((1 + 3 * n) * SHOW * D * sizeof *img);
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D), *Xhat = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(img);
    ae_batch_range(X, NULL, test, 0, SHOW);
    put_images(img, 0, X);
    for (size_t i = 0; i < n; i++) {
        pca_reconstruct(p, res[i].k, Xhat, X);
        put_images(img, 1 + 3 * i, Xhat);
        reconstruct(shallow[i].m, Xhat, X);
        put_images(img, 2 + 3 * i, Xhat);
        reconstruct(deep[i].m, Xhat, X);
        put_images(img, 3 + 3 * i, Xhat);
    }
    int status = ae_write_mosaic(c->out, "sweep_recon.dat",
                                 "rows: test images; then for k = 2 10 20 32: PCA-k, shallow AE-k, deep AE-k",
                                 img, (1 + 3 * n) * SHOW, test->rows, test->cols, SHOW, 1.0);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    return status;
}

/* ---- part 3 ---- */

int write_hinton(const ae_cli *c, const run *v, const char *const *names, size_t n, double pca_mse)
{
    size_t points = 0;
    for (size_t i = 0; i < n; i++)
        points += (size_t)v[i].epochs;
    double *rows = malloc(points * 5 * sizeof *rows), *r = rows;
    AE_ASSERT(rows);
    char what[256] = "784-1000-500-250-30 AE at its checkpoints: train BCE, test MSE per pixel; PCA-30's; variant";
    for (size_t i = 0; i < n; i++)
        snprintf(what + strlen(what), sizeof what - strlen(what), " %zu %s", i, names[i]);
    for (size_t i = 0; i < n; i++)
        for (int e = 0; e < v[i].epochs; e++, r += 5) {
            double row[5] = {(double)i, v[i].step[e], v[i].train_bce[e], v[i].test_mse[e], pca_mse};
            memcpy(r, row, sizeof row);
        }
    int status = ae_write_table(c->out, "hinton.dat", what, "variant step train_bce test_mse pca_mse", rows,
                                points, 5);
    free(rows);
    return status;
}

int write_hinton_recon(const ae_cli *c, const double *recon, size_t n, const ae_pca *p, size_t k,
                       const ae_dataset *test)
{
    const size_t D = test->dim;
    double *img = malloc((2 + n) * SHOW * D * sizeof *img);
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D), *Xhat = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(img);
    ae_batch_range(X, NULL, test, 0, SHOW);
    put_images(img, 0, X);
    for (size_t i = 0; i < n; i++)   /* pretrained first */
        memcpy(img + (1 + i) * SHOW * D, recon + (n - 1 - i) * SHOW * D, SHOW * D * sizeof *img);
    pca_reconstruct(p, k, Xhat, X);
    put_images(img, 1 + n, Xhat);
    int status = ae_write_mosaic(c->out, "hinton_recon.dat",
                                 "rows: test images; deep AE-30 pretrained, Adam with 4x weights, Adam, SGD; PCA-30",
                                 img, (2 + n) * SHOW, test->rows, test->cols, SHOW, 1.0);
    if (status == 0)
        status = write_hinton_residual(c, recon, n, p, k, test);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    return status;
}

/* BOOK: residual */
int write_hinton_residual(const ae_cli *c, const double *recon, size_t n, const ae_pca *p, size_t k,
                          const ae_dataset *test)
{
    const size_t D = test->dim;
    double *img = malloc(3 * SHOW * D * sizeof *img);
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D), *Xhat = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(img);
    ae_batch_range(X, NULL, test, 0, SHOW);
    put_images(img, 0, X);
    pca_reconstruct(p, k, Xhat, X);
    const double *deep = recon + (n - 1) * SHOW * D;   /* the pretrained deep AE's x_hat */
    double sum[2] = {0.0, 0.0}, rms[2];
    for (size_t b = 0; b < SHOW; b++)
        for (size_t j = 0; j < D; j++) {
            double x = gsl_matrix_get(X, b, j);
            double r[2] = {x - deep[b * D + j], x - gsl_matrix_get(Xhat, b, j)};   /* x - x_hat */
            img[(SHOW + b) * D + j] = r[0];
            img[(2 * SHOW + b) * D + j] = r[1];
            sum[0] += r[0] * r[0];
            sum[1] += r[1] * r[1];
        }
    for (size_t i = 0; i < 2; i++)
        rms[i] = sqrt(sum[i] / (double)(SHOW * D));
    char what[160];
    snprintf(what, sizeof what, "rows: test images; x - x_hat of the pretrained deep AE-%zu (RMS %.4f) and of "
             "PCA-%zu (RMS %.4f)", k, rms[0], k, rms[1]);
    int status = ae_write_mosaic(c->out, "hinton_residual.dat", what, img, 3 * SHOW, test->rows, test->cols,
                                 SHOW, 0.0);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    return status;
}
/* END BOOK */
