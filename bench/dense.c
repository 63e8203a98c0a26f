/* bench keras, hinton — lesson 02's dense autoencoders (lib/autoenc.c), one epoch = every
 * batch of 256 of the 60,000 training images: forward, BCE from logits, backward in
 * mirror order, an Adam step.
 *   keras:  784-128-32-128-784, ReLU hidden layers and code, sigmoid output
 *   hinton: 784-1000-500-250-30 sigmoid hidden layers, linear code, and its mirror
 * GEMM work per example: 2 in out flop per layer for the forward product, as much for
 * dW and for dX, but the first layer's dX is never formed (ae_autoenc_backward). */
#include <math.h>
#include <stdlib.h>

#include "autoenc.h"
#include "batch.h"
#include "bench.h"
#include "err.h"
#include "loss.h"

enum { BATCH = 256, TRAIN = 60000 };

typedef struct {
    ae_autoenc *m;
    ae_optim *opt;
    gsl_matrix *X, *dA;   /* BATCH x 784 */
    ae_batcher *batches;
} dense_state;

/* GFLOP per epoch: 6 N sum(in out) over both stacks, less the first layer's dX (2 N D s_1). */
static double gflop(const size_t *sizes, size_t n)
{
    double sum = 0.0;
    for (size_t l = 0; l < n; l++)
        sum += 2.0 * (double)sizes[l] * (double)sizes[l + 1];   /* encoder layer and its mirror */
    return (6.0 * sum - 2.0 * (double)sizes[0] * (double)sizes[1]) * TRAIN / 1e9;
}

static void *dense_alloc(size_t n, const size_t *sizes, ae_act g, ae_act g_code, gsl_rng *r)
{
    dense_state *s = malloc(sizeof *s);
    AE_ASSERT(s != NULL);
    s->m = ae_autoenc_alloc(n, sizes, g, g_code, BATCH);
    s->opt = ae_optim_alloc(AE_ADAM, 1e-3);
    ae_autoenc_init(s->m, r, 1.0);
    ae_autoenc_add_params(s->m, s->opt);
    s->X = gsl_matrix_alloc(BATCH, sizes[0]);
    s->dA = gsl_matrix_alloc(BATCH, sizes[0]);
    s->batches = ae_batcher_alloc(TRAIN, BATCH);
    return s;
}

static void dense_epoch(void *model, const ae_dataset *train, gsl_rng *r)
{
    dense_state *s = model;
    AE_ASSERT(train->n == TRAIN);
    ae_batcher_epoch(s->batches, r);
    const size_t *idx;
    size_t rows;
    while ((rows = ae_batcher_next(s->batches, &idx)) > 0) {
        gsl_matrix_view X = gsl_matrix_submatrix(s->X, 0, 0, rows, train->dim);
        gsl_matrix_view dA = gsl_matrix_submatrix(s->dA, 0, 0, rows, train->dim);
        ae_batch_fill(&X.matrix, NULL, train, idx, rows);
        ae_optim_zero_grad(s->opt);
        ae_loss_bce_logits(&dA.matrix, ae_autoenc_forward(s->m, &X.matrix), &X.matrix);
        ae_autoenc_backward(s->m, &dA.matrix);
        ae_optim_step(s->opt);
    }
}

static void dense_free(void *model)
{
    dense_state *s = model;
    ae_autoenc_free(s->m);
    ae_optim_free(s->opt);
    gsl_matrix_free(s->X);
    gsl_matrix_free(s->dA);
    ae_batcher_free(s->batches);
    free(s);
}

/* ---- the two models ---- */

static const size_t KERAS[] = {784, 128, 32}, HINTON[] = {784, 1000, 500, 250, 30};
#define KERAS_GFLOP (6.0 * 2 * (784.0 * 128 + 128.0 * 32) * TRAIN / 1e9 - 2.0 * 784 * 128 * TRAIN / 1e9)
#define HINTON_GFLOP                                                                      \
    (6.0 * 2 * (784.0 * 1000 + 1000.0 * 500 + 500.0 * 250 + 250.0 * 30) * TRAIN / 1e9 - \
     2.0 * 784 * 1000 * TRAIN / 1e9)

static void *keras_alloc(gsl_rng *r)
{
    AE_ASSERT(fabs(gflop(KERAS, 2) - KERAS_GFLOP) < 1e-9);   /* the table's figure is the model's own count */
    return dense_alloc(2, KERAS, AE_RELU, AE_RELU, r);
}

static void *hinton_alloc(gsl_rng *r)
{
    AE_ASSERT(fabs(gflop(HINTON, 4) - HINTON_GFLOP) < 1e-9);
    return dense_alloc(4, HINTON, AE_SIGMOID, AE_IDENTITY, r);
}

const bench_model bench_keras = {
    .name = "keras",
    .what = "784-128-32-128-784 relu, sigmoid out, BCE, Adam 1e-3, batch 256",
    .torch_s = 1.96,
    .torch_prec = "f64",
    .gflop = KERAS_GFLOP,
    .alloc = keras_alloc,
    .epoch = dense_epoch,
    .free = dense_free,
};

const bench_model bench_hinton = {
    .name = "hinton",
    .what = "784-1000-500-250-30 sigmoid, linear code, mirror, BCE, Adam, batch 256",
    .torch_s = 16.6,
    .torch_prec = "f64",
    .gflop = HINTON_GFLOP,
    .alloc = hinton_alloc,
    .epoch = dense_epoch,
    .free = dense_free,
};
