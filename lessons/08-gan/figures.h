/* Lesson 08's figures: the scores of the samples (classifier, nearest training digit,
 * Parzen window) and one writer per .dat file that plots/08-gan.gp reads. */
#ifndef L08_FIGURES_H
#define L08_FIGURES_H

#include "cli.h"
#include "data.h"
#include "model.h"

enum { REAL, VAE, GAN, NSETS };   /* rows of the comparison: real digits, VAE samples, GAN samples */
enum { NSIGMA = 9, NN_SHOW = 10, SHOW = 64 };   /* sigmas; samples shown with their nearest digit; tiles of samples.png */

/* The digits as rows of doubles (x D, pixels in [0, 1]): training (the real set's Parzen
 * kernels and everyone's nearest neighbours), validation (Parzen's sigma), test (in an
 * order shuffled by seed, so that the real digits shown are not in the package's 0, 1, 2, ... order). */
typedef struct {
    double *train, *valid, *test;
    size_t n_train, n_valid, n_test, D, rows, cols;   /* D = rows x cols */
} digit_rows;

void digit_rows_alloc(digit_rows *d, const ae_dataset *train_set, const ae_dataset *valid, const ae_dataset *test,
                      unsigned long seed);
void digit_rows_free(digit_rows *d);

/* What the scoring found for one set. */
typedef struct {
    double confident, entropy, maxp, stray, nn_dist, parzen, parzen_se, sigma;   /* stray: bright pixels alone, per image */
    double hist[CLASSES];
    double valid_ll[NSIGMA];     /* mean Parzen log-likelihood of the validation digits per sigma */
    size_t nearest[NN_SHOW];     /* the training digit nearest to each of the first samples */
    size_t shown_class[SHOW];    /* the classifier's class and its probability for each sample shown */
    double shown_p[SHOW];
} scores;

/* Every score of one set: the classifier's and the nearest training digits' on the n rows
 * of S; the Parzen window with kernels on the nk rows of Kern, its sigma chosen on the
 * validation digits, then the test digits' log-likelihood (8.9). */
void score_set(scores *s, ae_net *cls, const double *S, size_t n, const double *Kern, size_t nk,
               const digit_rows *d);

/* curve.dat: per generator step of R, D(x), D(G(z)), E, G's loss, each with its running
 * mean over the last AVG_STEPS steps, and ||dL/dtheta_G||. */
int write_curve(const ae_cli *c, const run *R);

/* epochs.dat: per epoch on the test digits, the discriminator and the VAE's -ELBO. */
int write_epochs(const ae_cli *c, const epoch_row *ep, int epochs);

/* saturation.dat: the steps of the two saturation runs, one per generator loss, from one start. */
int write_saturation(const ae_cli *c, const run *R, const run *other);

/* gloss.dat: both generator losses and their gradients against D(G(z)), through exercise 8.2. */
int write_gloss(const ae_cli *c);

/* samples_real.dat, samples_vae.dat, samples_gan.dat: the first SHOW rows of S of the set. */
int write_samples(const ae_cli *c, size_t set, const double *S, const digit_rows *d);

/* verdicts.dat: the classifier's class and probability for each tile of the three sample grids. */
int write_verdicts(const ae_cli *c, const scores *sc);

/* nearest.dat: GAN and VAE samples above their nearest training digits. */
int write_nearest(const ae_cli *c, double *const S[NSETS], const scores *sc, const digit_rows *d);

/* classes.dat, parzen.dat, comparison.dat: the class histograms, the validation
 * log-likelihood against sigma, and the table of every score; sc has NSETS entries. */
int write_classes(const ae_cli *c, const scores *sc);
int write_parzen(const ae_cli *c, const scores *sc);
int write_comparison(const ae_cli *c, const scores *sc);

/* classifier.dat: the classifier's training curve (epochs x 3, train_classifier's). */
int write_classifier(const ae_cli *c, const double *curve, int epochs);

#endif
