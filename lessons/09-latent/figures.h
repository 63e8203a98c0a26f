/* Lesson 09's figures: one writer per .dat file that plots/09-latent.gp reads, and the
 * analyses behind them: noise in the code, maps and class means (figures.c); blends,
 * latent arithmetic and the distance to the nearest training image (blend.c). */
#ifndef L09_FIGURES_H
#define L09_FIGURES_H

#include <gsl/gsl_rng.h>

#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "model.h"

enum { NMODELS = 2, CLASSES = 10 };   /* two models; the classes of --data */
static const size_t CODE[NMODELS] = {2, 10};   /* their code sizes k */

/* hist2.dat, hist10.dat (k = Z->size2): the density of each code dimension over the test set. */
int write_hist(const ae_cli *c, const gsl_matrix *Z);

/* noise.dat: the test MSE after uniform noise of each amplitude added to the codes Z[s]
 * of the test images (m[s], s < NMODELS), noise drawn from r; and to the VAE's mean codes Zvae. */
int write_noise(const ae_cli *c, ae_autoenc **m, gsl_matrix **Z, const coder *vae, const gsl_matrix *Zvae,
                const ae_dataset *test, gsl_rng *r);

/* noise_recon.dat: test images, then per model decoded with noise 0, 10, 100 and noise alone;
 * noise drawn from r (after write_noise's draws). */
int write_noise_recon(const ae_cli *c, ae_autoenc **m, gsl_matrix **Z, const ae_dataset *test, gsl_rng *r);

/* map2.dat: the 2-D codes Z of the test set with their labels y. */
int write_map2(const ae_cli *c, const gsl_matrix *Z, const uint8_t *y);

/* pca10.dat: the 10-D codes of the test set on their first two principal axes (P), labels y. */
int write_pca10(const ae_cli *c, const gsl_matrix *P, const uint8_t *y);

/* The first two principal axes of the codes Z: P (N x 2). */
void pca_2d(gsl_matrix *P, const gsl_matrix *Z);

/* pca_pixels.dat: the test images on the first two principal axes of the pixels (P), labels y. */
int write_pca_pixels(const ae_cli *c, const gsl_matrix *P, const uint8_t *y);

/* classes.dat: per class, its name, its mean in each map (M[m]: the 2-D code map, the PCA map of
 * the 10-D codes, the PCA map of the pixels) and where its name goes so that no two names overlap
 * (P[m]: the map's points). */
enum { MAPS = 3 };
int write_classes(const ae_cli *c, const ae_dataset *test, const gsl_matrix *const M[MAPS],
                  const gsl_matrix *const P[MAPS]);

/* For each row q of Q (n x D): dist[i] = min over the training images x of ||q - x||^2 per
 * pixel, label[i] = the class of that nearest image. */
void nearest_train(double *dist, uint8_t *label, const gsl_matrix *Q, const ae_dataset *train);

/* Pixel and latent blends of pairs of test images, the latent ones by both models m[0] (the
 * plain AE) and m[1] (the VAE), and how far every blend is from the nearest training image. */
enum { BLEND_KINDS = 3, BLEND_COLS = 1 + 2 * BLEND_KINDS };   /* pixel, AE, VAE; columns of dist */
typedef struct {
    double *img;    /* per shown pair: pixel blend row, plain AE's, VAE's */
    double *dist;   /* per t (BLEND_COLS each): t; mean distance to the nearest training image: pixel, AE, VAE blends;
                     * then each one's excess over its endpoints' chord (9.5) */
    size_t steps, pairs;   /* t values, pairs averaged (the shown ones and random ones drawn from r) */
} blends;

void blends_compute(blends *b, const coder m[2], const ae_dataset *test, const ae_dataset *train, gsl_rng *r);
void blends_free(blends *b);

/* blend.dat, blend_nearest.dat: the shown blends as a mosaic; their distances to the nearest
 * training image and the excesses (9.5). */
int write_blend(const ae_cli *c, const blends *b, const ae_dataset *test);
int write_blend_nearest(const ae_cli *c, const blends *b);

/* How latent arithmetic fared for one model (blend.c's arith_scores). */
typedef struct {
    double moves;   /* how many moves z - mu_A + mu_B with B != A were judged */
    double hit;     /* share of moves to a class B whose result's nearest training image is of class B */
    double dist;    /* their mean distance to that image, per pixel */
    double recon;   /* the same distance for the reconstructions g(z) */
} arith_score;

/* Pixel class means of a whole set (exercise 9.1, a chunk at a time): M (CLASSES x D). */
void pixel_means(gsl_matrix *M, const ae_dataset *ds);

/* The share of the rows of Z whose nearest class mean (rows of M; exercise 9.2) is their label. */
double nearest_mean_accuracy(const gsl_matrix *Z, const gsl_matrix *M, const uint8_t *y);

/* The same for the pixels of a whole set, a chunk at a time. */
double pixel_accuracy(const ae_dataset *ds, const gsl_matrix *M);

/* arithmetic.dat: for m[0] (plain AE) then m[1] (VAE), test images of classes 0 2 4 6 8, their
 * reconstructions, decode(z - mu_A + mu_B) for every class B (Ztest[s]: the test codes, Mz[s]: the
 * class means of the training codes); arithmetic_scores.dat and score[s]: more such moves, judged by
 * the nearest training image. */
int write_arithmetic(const ae_cli *c, const coder m[2], const ae_dataset *test, gsl_matrix *const Ztest[2],
                     gsl_matrix *const Mz[2], const ae_dataset *train, arith_score score[2]);

/* means.dat: the pixel class means Mx and the decoded class means of the codes Mz[s] of m[s]. */
int write_means(const ae_cli *c, const coder m[2], const ae_dataset *test, const gsl_matrix *Mx,
                gsl_matrix *const Mz[2]);

/* classify.dat: nearest-class-mean accuracy on the test set: pixels (D dims), k = 2, k = 10. */
int write_classify(const ae_cli *c, const ae_dataset *test, const double acc[1 + NMODELS]);

#endif
