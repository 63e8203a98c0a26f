/* Lesson 02's model: a training run of a dense autoencoder (lib/autoenc.h) — the model,
 * its optimiser, the batch buffers and the curves — and what trains it: the step with
 * the exercises' BCE (2.2, 2.3) and backward pass (2.4, 2.5), the loop over batches and
 * epochs, and the gradient check of the step. Greedy layer-wise pretraining (2.6) is
 * lib/pretrain.h's ae_pretrain, which takes train_step as its step.
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
    double *train_bce, *test_bce, *test_mse;   /* per point (epoch or checkpoint), per pixel */
    double *step;                  /* the step of each point (train_steps) */
    int epochs;                    /* points: epochs (train) or checkpoints (train_steps) */
} run;

/* The model evaluates test sets in batches of at least this many rows (fast products). */
#define EVAL_BATCH 256

/* n layers each way, sizes[0..n] = D ... k (g hidden, g_code the code's activation), initial
 * weights N(0, gain^2 / fan_in) from init; room for `epochs` points of the curves; the
 * optimiser's parameters come with train() or train_steps(). */
run run_alloc(size_t n, const size_t *sizes, ae_act g, ae_act g_code, ae_optim_kind kind,
              double lr, double gain, size_t batch, int epochs, gsl_rng *init);

/* Free the model and its buffers, keep the curves. */
void run_drop_model(run *r);
void run_free(run *r);

/* One step on a batch X (B x D); dA (B x D) is scratch; returns the BCE before the step. */
double train_step(ae_autoenc *m, ae_optim *opt, const gsl_matrix *X, gsl_matrix *dA);

/* Train r for r->epochs epochs on ds (shuffled batches, train_step), a progress line each
 * (labelled name); evaluate on test after every epoch (each_epoch) or after the last only
 * (the other epochs' test values then stay 0: part 2 reads only the last). */
void train(run *r, const ae_cli *c, const ae_dataset *ds, const ae_dataset *test, const char *name,
           int each_epoch);

/* The checkpoints of `steps` steps: 25, 50, 100, ... (doubling) below steps, then steps. */
int checkpoints(size_t steps);

/* Train r for `steps` steps of shuffled batches from ds (reshuffled after each pass),
 * evaluating on test at the checkpoints(steps) (r->epochs must be that many): the curves
 * hold the step, the mean training BCE since the last checkpoint and the test errors. */
void train_steps(run *r, const ae_cli *c, const ae_dataset *ds, const ae_dataset *test, size_t steps,
                 const char *name);

/* One training: its run, its steps (train_steps; 0: r->epochs epochs of train, evaluated after
 * the last), progress label, and the thread it goes to. */
typedef struct {
    run *r;
    size_t steps;
    const char *name;
    size_t side;   /* 0 or 1 */
} training;

/* The n trainings t on ds (evaluated on test), on two threads where there are two (ae_par_run):
 * those of side 0 one after another on one, those of side 1 on the other. Each run's results
 * do not depend on the threads: every run has its own shuffling stream. */
void train_sides(training *t, size_t n, const ae_cli *c, const ae_dataset *ds, const ae_dataset *test);

/* train_step's gradients against central differences on a small autoencoder; returns
 * the largest relative error. */
double gradient_check(unsigned long seed);

#endif
