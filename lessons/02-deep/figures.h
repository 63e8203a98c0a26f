/* Lesson 02's figures: one writer per .dat file that plots/02-deep.gp reads. */
#ifndef L02_FIGURES_H
#define L02_FIGURES_H

#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "model.h"
#include "pca.h"

enum { SHOW = 10 };   /* test images per row of the mosaics */

/* Part 2's result for one code size k: test MSE per pixel, test BCE. */
typedef struct {
    size_t k;
    double pca_mse, shallow_mse, deep_mse, shallow_bce, deep_bce;
} sweep_result;

/* img (SHOW x D): the first SHOW images of test rebuilt by m. */
void reconstruct_shown(double *img, ae_autoenc *m, const ae_dataset *test);

/* keras.dat: per epoch, train and test BCE of the Keras-style AE on both datasets. */
int write_keras(const ae_cli *c, const run *fashion, const run *mnist);

/* keras_recon.dat: test images of each dataset and their reconstructions. */
int write_keras_recon(const ae_cli *c, run *fashion, run *mnist, const ae_dataset *test_f,
                      const ae_dataset *test_m);

/* sweep.dat: per code size, test MSE of PCA, shallow and deep AE, and their test BCE. */
int write_sweep(const ae_cli *c, const sweep_result *res, size_t n);

/* sweep_recon.dat: test images; per code size res[i].k PCA, shallow, deep reconstructions. */
int write_sweep_recon(const ae_cli *c, const sweep_result *res, run *shallow, run *deep, size_t n,
                      const ae_pca *p, const ae_dataset *test);

/* hinton.dat: a row per checkpoint of each of the n trainings v (variant i, named names[i]):
 * step, train BCE and test MSE; PCA's test MSE. */
int write_hinton(const ae_cli *c, const run *v, const char *const *names, size_t n, double pca_mse);

/* hinton_recon.dat: test images; the n trainings' reconstructions recon (n x SHOW x D, by
 * reconstruct_shown), the last first; PCA-k's. Then hinton_residual.dat from the same
 * images (write_hinton_residual). */
int write_hinton_recon(const ae_cli *c, const double *recon, size_t n, const ae_pca *p, size_t k,
                       const ae_dataset *test);

/* hinton_residual.dat: the test images; the residuals x - x_hat of the pretrained deep AE
 * (recon's last training) and of PCA-k, in [-1, 1]; its header gives the two residuals' RMS
 * per pixel over the shown images. */
int write_hinton_residual(const ae_cli *c, const double *recon, size_t n, const ae_pca *p, size_t k,
                          const ae_dataset *test);

#endif
