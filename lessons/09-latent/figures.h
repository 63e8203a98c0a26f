/* Lesson 09's figures: one writer per .dat file that plots/09-latent.gp reads, and the
 * analyses behind them (noise in the code, blends, class means, maps). */
#ifndef L09_FIGURES_H
#define L09_FIGURES_H

#include <gsl/gsl_rng.h>

#include "autoenc.h"
#include "cli.h"
#include "data.h"

enum { NMODELS = 2, CLASSES = 10 };   /* two models; the classes of --data */
static const size_t CODE[NMODELS] = {2, 10};   /* their code sizes k */

/* hist2.dat, hist10.dat (k = Z->size2): the density of each code dimension over the test set. */
int write_hist(const ae_cli *c, const gsl_matrix *Z);

/* noise.dat: the test MSE after uniform noise of each amplitude added to the codes Z[s]
 * of the test images (m[s], s < NMODELS), noise drawn from r. */
int write_noise(const ae_cli *c, ae_autoenc **m, gsl_matrix **Z, const ae_dataset *test, gsl_rng *r);

/* noise_recon.dat: test images, then per model decoded with noise 0, 10, 100 and noise alone;
 * noise drawn from r (after write_noise's draws). */
int write_noise_recon(const ae_cli *c, ae_autoenc **m, gsl_matrix **Z, const ae_dataset *test, gsl_rng *r);

/* map2.dat: the 2-D codes Z of the test set with their labels y. */
int write_map2(const ae_cli *c, const gsl_matrix *Z, const uint8_t *y);

/* pca10.dat: the 10-D codes of the test set on their first two principal axes (P), labels y. */
int write_pca10(const ae_cli *c, const gsl_matrix *P, const uint8_t *y);

/* The first two principal axes of the codes Z: P (N x 2). */
void pca_2d(gsl_matrix *P, const gsl_matrix *Z);

/* classes.dat: per class, its name and its mean in the 2-D code map (M2) and in the PCA map (Mp). */
int write_classes(const ae_cli *c, const ae_dataset *test, const gsl_matrix *M2, const gsl_matrix *Mp);

/* Pixel and latent blends of pairs of test images (m: the k = 10 model). */
typedef struct {
    double *img;        /* per pair: pixel blend row, latent blend row */
    double *err;        /* per t: t, mean distance to the AE of the pixel and of the latent blends */
    size_t k;           /* the model's code size */
} blends;

void blends_compute(blends *b, ae_autoenc *m, const ae_dataset *test);
void blends_free(blends *b);

/* blend.dat, blend_error.dat: the blends as a mosaic; their distance to what the AE reproduces. */
int write_blend(const ae_cli *c, const blends *b, const ae_dataset *test);
int write_blend_error(const ae_cli *c, const blends *b);

/* Pixel class means of a whole set (exercise 9.1, a chunk at a time): M (CLASSES x D). */
void pixel_means(gsl_matrix *M, const ae_dataset *ds);

/* The share of the rows of Z whose nearest class mean (rows of M; exercise 9.3) is their label. */
double nearest_mean_accuracy(const gsl_matrix *Z, const gsl_matrix *M, const uint8_t *y);

/* The same for the pixels of a whole set, a chunk at a time. */
double pixel_accuracy(const ae_dataset *ds, const gsl_matrix *M);

/* arithmetic.dat: test images of classes 0 2 4 6 8, their reconstructions, decode(z - mu_A + mu_B)
 * for every class B (Ztest: the test codes, Mz: the class means of the training codes). */
int write_arithmetic(const ae_cli *c, ae_autoenc *m, const ae_dataset *test, const gsl_matrix *Ztest,
                     const gsl_matrix *Mz);

/* means.dat: the pixel class means Mx and the decoded class means of the codes Mz. */
int write_means(const ae_cli *c, ae_autoenc *m, const ae_dataset *test, const gsl_matrix *Mx,
                const gsl_matrix *Mz);

/* classify.dat: nearest-class-mean accuracy on the test set: pixels (D dims), k = 2, k = 10. */
int write_classify(const ae_cli *c, const ae_dataset *test, const double acc[1 + NMODELS]);

#endif
