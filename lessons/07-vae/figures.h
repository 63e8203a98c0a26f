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

/* gradcheck.dat: the relative errors of the KL, the reparameterisation, the whole VAE and the
 * whole conditional VAE. */
int write_gradcheck(const ae_cli *c, const double err[4]);

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

/* The 2-D models of different beta (BOOK.md 7.9): their test codes and prior samples, kept
 * one model at a time so that only one lives at once. */
enum { MAX_BETA_MODELS = 16 };
typedef struct {
    size_t models, n, D;
    double *codes;     /* models x n rows of "model z1 z2 class" */
    double *samples;   /* models x 10 decoded images of D pixels */
} beta_runs;

beta_runs *beta_runs_alloc(const ae_dataset *test, size_t models);
void beta_runs_free(beta_runs *b);
void beta_runs_keep(beta_runs *b, size_t m, ae_vae *v, const ae_cli *c, const ae_dataset *test);

/* codes_beta.dat: every model's codes; beta_samples.dat: a row of prior samples per model. */
int write_beta(const ae_cli *c, const beta_runs *b, const ae_dataset *test);

/* The same for the Gaussian decoders: codes_gauss.dat, gauss_samples.dat. */
int write_gauss(const ae_cli *c, const beta_runs *b, const ae_dataset *test);

/* The largest distance between model a's and model b's codes of the same test digit. */
double beta_runs_max_gap(const beta_runs *b, size_t a, size_t m);

/* One point of the rate-distortion curve: a 2-D model's test KL and reconstruction. */
typedef struct {
    double beta;
    int kl_only;
    double kl, rec;
    const char *label;
    size_t classes;    /* > 0: the conditional VAE, y = onehot(label) of this many classes */
    double var;        /* > 0: a Gaussian decoder of this variance sigma^2 (BOOK.md 7.12) */
} rd_point;

/* rd.dat: "model beta kl_only kl rec", one row per model. */
int write_rd(const ae_cli *c, const rd_point *p, size_t n);

/* gauss.dat: "model var beta kl rec sse", one row per Gaussian decoder (sse = 2 var rec). */
int write_gauss_table(const ae_cli *c, const rd_point *p, size_t n);

/* A coordinate of the code is active when its test-set KL exceeds ACTIVE_KL nats (BOOK.md 7.10). */
#define ACTIVE_KL 0.1
enum { T_ROWS = 8, T_STEPS = 13 };   /* traverse.dat: test images, values of t */
#define T_MAX 3.0

/* kl_coords.dat: the test-set KL per coordinate (exercise 7.3) into kl, and whether it is active. */
int write_kl_coords(const ae_cli *c, ae_vae *v, const ae_dataset *test, gsl_vector *kl);

/* traverse.dat: T_ROWS test images, each with the decodings of mu + t e_j, t in [-T_MAX, T_MAX]. */
int write_traverse(const ae_cli *c, ae_vae *v, const ae_dataset *test, size_t j);

#endif
