/* Lesson 08's models: a run (the GAN, and lesson 07's VAE beside it on the same
 * batches) with its log, and the classifier that scores the samples. */
#ifndef L08_MODEL_H
#define L08_MODEL_H

#include "classifier.h"
#include "cli.h"
#include "data.h"
#include "gan.h"
#include "net.h"
#include "progress.h"
#include "vae.h"

enum { CLASSES = 10, EVAL_ROWS = 500 };   /* digit classes; rows per pass of the VAE and the classifier */

/* What one generator step measured (lib/gan.h). */
typedef struct {
    double d_real, d_fake, d_loss, g_loss, g_norm;
} gan_row;

/* After an epoch, on the test digits: the GAN's discriminator (E through exercise 8.1), the VAE's -ELBO. */
typedef struct {
    double d_real, d_fake, E, vae_rec, vae_kl;
} epoch_row;

typedef struct {
    ae_gan *g;
    ae_vae *v;               /* NULL: the GAN alone (the saturation run) */
    ae_optim *vae_opt;
    ae_gan_loss kind;
    size_t k;                /* discriminator steps per generator step */
    double smooth;           /* the discriminator's target for real rows (8.5) */
    double lr, g_fall;       /* G's rate falls to 0 over the last g_fall of max_steps (8.11) */
    gan_row *log;            /* one row per generator step */
    size_t steps, max_steps;
    double gan_seconds, vae_seconds;
    ae_loss_watch vae_loss, d_loss, g_loss;   /* each loss's first value, for ae_check_loss */
} run;

/* A GAN for the digits of train_set (--batch, --lr; the start depends on the seed only)
 * with room for max_steps generator steps; with at_mean G's output bias set so that it
 * starts at the digits' mean image (BOOK.md section 8.5), else at 0 (grey noise, the
 * textbook start); with with_vae a VAE D-400-20 with Adam at lesson 07's rate. */
run run_alloc(const ae_cli *c, const ae_dataset *train_set, size_t k, ae_gan_loss kind, int with_vae,
              int at_mean, size_t max_steps);

/* Weight decay lambda on the discriminator's first layer only (8.10): E_t + (lambda/2) ||W_1||^2. */
void decay_d_first_layer(run *R, double lambda);

/* G's Adam rate for its next step (8.11): R->lr, falling linearly to 0 over the last
 * R->g_fall of R->max_steps generator steps. */
double g_rate(const run *R);

/* Free the models, keep the log (the memory goes to the scoring that follows). */
void run_free_models(run *R);
void run_free(run *R);

/* Pixels in [0, 1] to the generator's range [-1, 1]. */
void to_tanh_range(gsl_matrix *X);

/* Held-out discriminator: D(x) on the test digits, D(G(z)) on as many fakes (whole
 * minibatches; Xg is scratch of m rows), and E (8.1) through exercise 8.1. */
void evaluate_d(epoch_row *e, ae_gan *g, const ae_dataset *test, gsl_matrix *Xg, gsl_rng *noise);

/* n samples as rows of S (n x D), pixels in [0, 1]: the GAN's (G(z) + 1)/2, the VAE's
 * decoder mean sigmoid(a(z)), z ~ N(0, I) from r. */
void sample_gan(double *S, size_t n, ae_gan *g, gsl_rng *r);
void sample_vae(double *S, size_t n, ae_vae *v, gsl_rng *r);

/* The classifier D-256-10 (lib/classifier.h) that scores the samples: Adam for CLS_EPOCHS
 * in batches of 16, whatever --batch is (the yardstick stays put). */
enum { CLS_EPOCHS = 10 };
extern const ae_classifier_plan classifier_plan;

#endif
