/* bench conv — the Keras-blog convolutional autoencoder of lesson 03 (resize-conv
 * decoder), one epoch of Adam over the 60,000 training images in batches of 128. */
#include <stdlib.h>

#include "batch.h"
#include "bench.h"
#include "err.h"
#include "convae.h"
#include "loss.h"
#include "optim.h"

enum { BATCH = 128, TRAIN = 60000 };

/* Multiply-adds of one image's forward GEMMs, layer by layer: c' x (c k k) x (h' w'). */
#define MACS_FORWARD (16.0 * 1 * 9 * 28 * 28 + 8.0 * 16 * 9 * 14 * 14 + 8.0 * 8 * 9 * 7 * 7 \
                      + 8.0 * 8 * 9 * 4 * 4 + 8.0 * 8 * 9 * 8 * 8 + 16.0 * 8 * 9 * 14 * 14 \
                      + 1.0 * 16 * 9 * 28 * 28)
#define MACS_FIRST (16.0 * 1 * 9 * 28 * 28)   /* the first layer needs no dX */
/* forward + dW + dX, 2 flop per multiply-add, 60,000 images */
#define GFLOP_EPOCH (2.0 * 60000 * (3 * MACS_FORWARD - MACS_FIRST) / 1e9)

typedef struct {
    ae_convae *m;
    ae_optim *opt;
    gsl_matrix *X, *dA;
    ae_batcher *batches;
} bench_state;

static void *conv_alloc(gsl_rng *r)
{
    bench_state *s = malloc(sizeof *s);
    AE_ASSERT(s != NULL);
    s->m = ae_convae_alloc(AE_CONVAE_RESIZE, BATCH);
    s->opt = ae_optim_alloc(AE_ADAM, 1e-3);
    ae_convae_init(s->m, r);
    ae_convae_add_params(s->m, s->opt);
    /* the figure above is the model's own count */
    AE_ASSERT(ae_convnet_macs_train(s->m->enc, AE_SKIP_DX) + ae_convnet_macs_train(s->m->dec, AE_WANT_DX) ==
              3 * MACS_FORWARD - MACS_FIRST);
    s->X = gsl_matrix_alloc(BATCH, AE_CONVAE_D);
    s->dA = gsl_matrix_alloc(BATCH, AE_CONVAE_D);
    s->batches = ae_batcher_alloc(TRAIN, BATCH);
    return s;
}

static void conv_epoch(void *model, const ae_dataset *train, gsl_rng *r)
{
    bench_state *s = model;
    AE_ASSERT(train->n == TRAIN);
    ae_batcher_epoch(s->batches, r);
    const size_t *idx;
    size_t rows;
    while ((rows = ae_batcher_next(s->batches, &idx)) > 0) {
        gsl_matrix_view X = gsl_matrix_submatrix(s->X, 0, 0, rows, AE_CONVAE_D);
        gsl_matrix_view dA = gsl_matrix_submatrix(s->dA, 0, 0, rows, AE_CONVAE_D);
        ae_batch_fill(&X.matrix, NULL, train, idx, rows);
        ae_convae_zero_grad(s->m);
        ae_loss_bce_logits(&dA.matrix, ae_convae_forward(s->m, &X.matrix), &X.matrix);
        ae_convae_backward(s->m, &dA.matrix);
        ae_optim_step(s->opt);
    }
}

static void conv_free(void *model)
{
    bench_state *s = model;
    ae_convae_free(s->m);
    ae_optim_free(s->opt);
    gsl_matrix_free(s->X);
    gsl_matrix_free(s->dA);
    ae_batcher_free(s->batches);
    free(s);
}

const bench_model bench_conv = {
    .name = "conv",
    .what = "Keras-blog conv AE 3x(conv3 16/8/8 relu + maxpool2), 3x(up2 + conv3), BCE, Adam, batch 128",
    .torch_s = 9.9,
    .torch_prec = "f32",
    .gflop = GFLOP_EPOCH,
    .alloc = conv_alloc,
    .epoch = conv_epoch,
    .free = conv_free,
};
