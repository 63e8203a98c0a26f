/* Lesson 02's model: a training run of a dense autoencoder (lib/autoenc.h) — the model,
 * its optimiser, the batch buffers and the curves — and what trains it: the step with
 * the exercises' BCE (2.2, 2.3) and backward pass (2.4, 2.5), the loop over batches and
 * epochs, greedy layer-wise pretraining (2.6), and the gradient check of the step.
 */
#ifndef L02_MODEL_H
#define L02_MODEL_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "optim.h"

/* One training run: model, optimiser, per-batch buffers, curves. */
typedef struct {
    ae_autoenc *m;
    ae_optim *opt;
    gsl_matrix *X, *dA;            /* batch x D */
    double *train_bce, *test_bce, *test_mse;   /* per epoch, per pixel */
    int epochs;
} run;

/* n layers each way, sizes[0..n] = D ... k (g hidden, g_code the code's activation), initial
 * weights N(0, gain^2 / fan_in) from init; the optimiser's parameters come with train(). */
run run_alloc(size_t n, const size_t *sizes, ae_act g, ae_act g_code, ae_optim_kind kind,
              double lr, double gain, size_t batch, int epochs, gsl_rng *init);

/* Free the model and its buffers, keep the curves. */
void run_drop_model(run *r);
void run_free(run *r);

/* One step on a batch X (B x D); dA (B x D) is scratch; returns the BCE before the step. */
double train_step(ae_autoenc *m, ae_optim *opt, const gsl_matrix *X, gsl_matrix *dA);

/* Train r for r->epochs epochs on ds (shuffled batches, train_step), evaluating on test
 * after each (a progress line each, labelled name). */
void train(run *r, const ae_cli *c, const ae_dataset *ds, const ae_dataset *test, const char *name);

/* Greedy layer-wise pretraining of deep's layers on ds (epochs per layer, Adam at lr),
 * the shallow autoencoders' initial weights from init. */
void pretrain(ae_autoenc *deep, const ae_cli *c, const ae_dataset *ds, int epochs, double lr,
              gsl_rng *init);

/* train_step's gradients against central differences on a small autoencoder; returns
 * the largest relative error. */
double gradient_check(unsigned long seed);

#endif
