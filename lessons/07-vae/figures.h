/* Lesson 07's figures: one writer per .dat file that plots/07-vae.gp reads. */
#ifndef L07_FIGURES_H
#define L07_FIGURES_H

#include "cli.h"
#include "data.h"
#include "vae.h"

enum { EVAL_ROWS = 500 };   /* rows per pass over a test set; every VAE here takes at least this many */

/* One epoch's two terms of -ELBO, nats per image: on the training batches and on the test set. */
typedef struct {
    double train_rec, train_kl, test_rec, test_kl;
} epoch_score;

/* gradcheck.dat: the relative errors of the KL, the reparameterisation and the whole VAE. */
int write_gradcheck(const ae_cli *c, const double err[3]);

/* elbo.dat, elbo2d.dat: per epoch, reconstruction, KL and -ELBO on train and test. */
int write_elbo(const ae_cli *c, const epoch_score *curve, int epochs);
int write_elbo2d(const ae_cli *c, const epoch_score *curve, int epochs);

/* samples.dat: decoded z ~ N(0, I); images of ds's size. */
int write_samples(const ae_cli *c, ae_vae *v, const ae_dataset *ds);

/* recon.dat: test images, decoded mu, decoded z ~ q(z|x). */
int write_recon(const ae_cli *c, ae_vae *v, const ae_dataset *test);

/* interp.dat: decodings along straight lines between the codes of two test images;
 * interp_pairs.dat: the two images' class names per row. */
int write_interp(const ae_cli *c, ae_vae *v, const ae_dataset *test);

/* manifold.dat: the 2-D model's decodings on a grid of Gaussian quantiles; images of ds's size. */
int write_manifold(const ae_cli *c, ae_vae *v, const ae_dataset *ds);

/* codes2d.dat: the 2-D codes mu of every test image, with its class; *inside gets the share
 * of them in manifold.dat's window, |z1|, |z2| <= Phi^-1(1 - 1/(2 GRID)) = 1.96. */
int write_codes2d(const ae_cli *c, ae_vae *v, const ae_dataset *test, double *inside);

#endif
