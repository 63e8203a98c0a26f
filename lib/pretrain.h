/* pretrain — greedy layer-wise pretraining of a deep stack (lessons 02, 11; BOOK.md (2.6)).
 *
 * Layer i of an encoder s_0-s_1-...-s_n is trained alone, as the encoder of a shallow
 * autoencoder s_{i-1}-s_i-s_{i-1} (the layer's own activation on the code, logits out, BCE
 * against its own input) on the codes h_{i-1} that the layers below, already pretrained, give
 * for the images. Then it is unrolled (2.6): encoder layer i takes the shallow encoder's W, b,
 * and the mirrored decoder layer n-1-i (where there is a decoder) the shallow decoder's.
 * Shallow autoencoders are Bengio et al.'s (2007) variant of Hinton & Salakhutdinov (2006),
 * who pretrained with restricted Boltzmann machines.
 */
#ifndef AE_PRETRAIN_H
#define AE_PRETRAIN_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "net.h"
#include "optim.h"

/* One step on a batch H (B x s_{i-1}) of the shallow autoencoder m, its target H itself:
 * zero grad, forward, BCE from the logits (dA: B x s_{i-1}), backward, opt's step; returns the BCE. */
typedef double (*ae_pretrain_step)(ae_autoenc *m, ae_optim *opt, const gsl_matrix *H, gsl_matrix *dA);

/* The library's step: ae_loss_bce_logits (2.2, 2.3), then ae_autoenc_backward (2.4, 2.5). */
double ae_pretrain_bce_step(ae_autoenc *m, ae_optim *opt, const gsl_matrix *H, gsl_matrix *dA);

typedef struct {
    int epochs;             /* passes over the images, for each layer */
    size_t batch;           /* rows a step */
    double lr;              /* Adam's step */
    ae_pretrain_step step;  /* e.g. ae_pretrain_bce_step, or a lesson's own step */
} ae_pretrain_plan;

/* (2.6) Pretrain every layer of enc in turn on the images of ds (shuffled by c->seed's
 * shuffling stream), each shallow autoencoder's initial weights drawn from init, and unroll
 * it into enc and, unless dec is NULL, into dec, enc's mirror image (s_n-...-s_0).
 * bce, unless NULL: n values, layer i's BCE per unit over its last epoch.
 * A progress line per layer and epoch; a diverged loss stops the program (ae_check_loss). */
void ae_pretrain(ae_net *enc, ae_net *dec, const ae_cli *c, const ae_dataset *ds, const ae_pretrain_plan *p,
                 gsl_rng *init, double *bce);

#endif
