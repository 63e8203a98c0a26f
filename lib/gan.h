/* gan — the generative adversarial net of Goodfellow et al. 2014 (lesson 08).
 *
 *   generator      G: z (nz) -> 256 -> 512 -> D, leaky relu, leaky relu, tanh
 *   discriminator  a(x): D -> 512 -> 256 -> 1, leaky relu, leaky relu; D(x) = sigmoid(a)
 *   D's loss  (8.1)   E = -1/m sum_i [log D(x_i) + log(1 - D(G(z_i)))]
 *   G's loss  (8.6)   minimax:         1/m sum_i log(1 - D(G(z_i)))
 *             (8.7)   non-saturating: -1/m sum_i log D(G(z_i))
 * Both nets train with Adam, beta1 = 0.5, at the caller's rate (2e-4 in `make bench`,
 * 1e-3 in lesson 08's default run). Real images are scaled to [-1, 1], the range of
 * tanh. Buffers are allocated once for m rows (the discriminator's for 2m).
 */
#ifndef AE_GAN_H
#define AE_GAN_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "net.h"
#include "optim.h"

#define AE_GAN_NZ 100        /* noise dimension */
#define AE_GAN_BETA1 0.5     /* Adam's beta1 for both nets (Radford et al. 2016) */

typedef enum { AE_GAN_MINIMAX, AE_GAN_NONSAT } ae_gan_loss;

typedef struct {
    size_t nz, D, m;          /* noise size, image size, minibatch */
    ae_net *G, *Dnet;         /* generator, discriminator (logit output) */
    ae_optim *optG, *optD;
    gsl_matrix *Zn;           /* m x nz noise */
    gsl_matrix_view zn;       /* its rows of the last draw (G's input until its backward) */
    gsl_matrix *Xd;           /* 2m x D: the discriminator's batch, real rows then fake rows */
    gsl_matrix *dA, *T;       /* 2m x 1: dE/da and the targets (1 real, 0 fake) */
    /* what the last steps measured */
    double d_loss, d_real, d_fake;   /* E (8.1), mean D(x), mean D(G(z)) of the last D step */
    double g_loss, g_fake, g_norm;   /* G's loss, mean D(G(z)), ||dL/dtheta_G|| of the last G step */
} ae_gan;

/* The two nets for images of D pixels, minibatch m, Adam with lr and AE_GAN_BETA1. */
ae_gan *ae_gan_alloc(size_t D, size_t m, double lr);
void ae_gan_free(ae_gan *g);

void ae_gan_init(ae_gan *g, gsl_rng *r);

/* The generator's loss from the discriminator's logits A = a(G(z)) (m x 1), mean
 * over the rows, and dA (written): minimax (8.6) dA = -sigmoid(a)/m,
 * non-saturating (8.7) dA = (sigmoid(a) - 1)/m. */
double ae_gan_g_loss(gsl_matrix *dA, const gsl_matrix *A, ae_gan_loss kind);

/* G(z) for m noise rows drawn from r into g->Zn; returns the m x D fakes (G's buffer). */
const gsl_matrix *ae_gan_generate(ae_gan *g, gsl_rng *r);

/* One discriminator step (8.2) on m real images X (m x D, in [-1, 1]) and m fakes;
 * returns E (8.1). It is ae_gan_d_step_smooth with t = 1. */
double ae_gan_d_step(ae_gan *g, const gsl_matrix *X, gsl_rng *r);

/* One generator step (8.3) with the chosen loss on m fresh fakes; returns the loss.
 * The pass through D computes only dL/dx, not D's own gradients (W_D does not move). */
double ae_gan_g_step(ae_gan *g, ae_gan_loss kind, gsl_rng *r);

/* One discriminator step (8.2) with one-sided label smoothing (Salimans et al. 2016):
 * the real rows' target is t (0.5 < t <= 1; 0.9 in lesson 08) instead of 1, the fakes'
 * stays 0, so D is never pushed to certainty on real images. Returns the smoothed loss
 * E_t (8.5); t = 1 is ae_gan_d_step, E (8.1). */
double ae_gan_d_step_smooth(ae_gan *g, const gsl_matrix *X, double t, gsl_rng *r);

#endif
