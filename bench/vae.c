/* bench vae — lesson 07's VAE 784-400-(20, 20)/20-400-784 (lib/vae.c), BCE summed over
 * the pixels + KL, one epoch of Adam 1e-3 over the 60,000 training images in batches of 128. */
#include <stdlib.h>

#include "batch.h"
#include "bench.h"
#include "err.h"
#include "vae.h"

enum { BATCH = 128, TRAIN = 60000, D = 784, H = 400, L = 20 };

/* Multiply-adds of one image: the four layers forward, their dW, and dX for all but the first. */
#define MACS_FORWARD (1.0 * D * H + 2.0 * L * H + 1.0 * L * H + 1.0 * H * D)
#define MACS_FIRST (1.0 * D * H)
#define GFLOP_EPOCH (2.0 * TRAIN * (3 * MACS_FORWARD - MACS_FIRST) / 1e9)

typedef struct {
    ae_vae *v;
    ae_optim *opt;
    gsl_matrix *X;
    ae_batcher *batches;
} bench_state;

static void *vae_alloc(gsl_rng *r)
{
    bench_state *s = malloc(sizeof *s);
    AE_ASSERT(s != NULL);
    s->v = ae_vae_alloc(D, H, L, BATCH);
    ae_vae_init(s->v, r);
    s->opt = ae_optim_alloc(AE_ADAM, 1e-3);
    ae_vae_add_params(s->v, s->opt);
    s->X = gsl_matrix_alloc(BATCH, D);
    s->batches = ae_batcher_alloc(TRAIN, BATCH);
    return s;
}

static void vae_epoch(void *model, const ae_dataset *train, gsl_rng *r)
{
    bench_state *s = model;
    AE_ASSERT(train->n == TRAIN && train->dim == D);
    ae_batcher_epoch(s->batches, r);
    const size_t *idx;
    size_t rows;
    while ((rows = ae_batcher_next(s->batches, &idx)) > 0) {
        gsl_matrix_view X = gsl_matrix_submatrix(s->X, 0, 0, rows, D);
        ae_batch_fill(&X.matrix, NULL, train, idx, rows);
        ae_vae_draw_eps(s->v, rows, r);
        ae_optim_zero_grad(s->opt);
        ae_vae_loss_grad(s->v, &X.matrix);
        ae_vae_backward(s->v);
        ae_optim_step(s->opt);
    }
}

static void vae_free(void *model)
{
    bench_state *s = model;
    ae_vae_free(s->v);
    ae_optim_free(s->opt);
    gsl_matrix_free(s->X);
    ae_batcher_free(s->batches);
    free(s);
}

const bench_model bench_vae = {
    .name = "vae",
    .what = "VAE 784-400-(20,20)/20-400-784 relu, sigmoid out, BCE-sum + KL, Adam 1e-3, batch 128",
    .torch_s = 5.59,
    .torch_prec = "f64",
    .gflop = GFLOP_EPOCH,
    .alloc = vae_alloc,
    .epoch = vae_epoch,
    .free = vae_free,
};
