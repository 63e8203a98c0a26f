/* bench gan — lesson 08's GAN (lib/gan.c): G 100-256-512-784 leaky relu, tanh; D
 * 784-512-256-1 leaky relu; Adam 2e-4, beta1 0.5; one epoch = one discriminator step on
 * every batch of 128 of the 60,000 training images, each followed by a generator step
 * (non-saturating loss). */
#include <stdlib.h>

#include "batch.h"
#include "bench.h"
#include "err.h"
#include "gan.h"

enum { BATCH = 128, TRAIN = 60000, D = 784 };

/* Multiply-adds per real image: G forward; D forward, dW and dX (but the first layer's)
 * on the real and the fake copy; then the generator step: G and D forward, D's dX (not
 * its dW: W_D does not move), G's dW and dX (but the first layer's). */
#define MACS_G (100.0 * 256 + 256.0 * 512 + 512.0 * D)
#define MACS_G_FIRST (100.0 * 256)
#define MACS_D (1.0 * D * 512 + 512.0 * 256 + 256.0 * 1)
#define MACS_D_FIRST (1.0 * D * 512)
#define MACS_D_STEP (MACS_G + 2 * (3 * MACS_D - MACS_D_FIRST))
#define MACS_G_STEP (3 * MACS_G - MACS_G_FIRST + 2 * MACS_D)
#define GFLOP_EPOCH (2.0 * TRAIN * (MACS_D_STEP + MACS_G_STEP) / 1e9)

typedef struct {
    ae_gan *g;
    gsl_matrix *X;
    ae_batcher *batches;
} bench_state;

static void *gan_alloc(gsl_rng *r)
{
    bench_state *s = malloc(sizeof *s);
    AE_ASSERT(s != NULL);
    s->g = ae_gan_alloc(D, BATCH, 2e-4);
    ae_gan_init(s->g, r);
    s->X = gsl_matrix_alloc(BATCH, D);
    s->batches = ae_batcher_alloc(TRAIN, BATCH);
    return s;
}

static void gan_epoch(void *model, const ae_dataset *train, gsl_rng *r)
{
    bench_state *s = model;
    AE_ASSERT(train->n == TRAIN && train->dim == D);
    ae_batcher_epoch(s->batches, r);
    const size_t *idx;
    size_t rows;
    while ((rows = ae_batcher_next(s->batches, &idx)) > 0) {
        gsl_matrix_view X = gsl_matrix_submatrix(s->X, 0, 0, rows, D);
        ae_batch_fill(&X.matrix, NULL, train, idx, rows);
        gsl_matrix_scale(&X.matrix, 2.0);            /* pixels to tanh's [-1, 1] */
        gsl_matrix_add_constant(&X.matrix, -1.0);
        ae_gan_d_step(s->g, &X.matrix, r);
        ae_gan_g_step(s->g, AE_GAN_NONSAT, r);
    }
}

static void gan_free(void *model)
{
    bench_state *s = model;
    ae_gan_free(s->g);
    gsl_matrix_free(s->X);
    ae_batcher_free(s->batches);
    free(s);
}

const bench_model bench_gan = {
    .name = "gan",
    .what = "GAN G 100-256-512-784 leaky/tanh, D 784-512-256-1 leaky, Adam 2e-4 b1 0.5, batch 128",
    .torch_s = 7.0,
    .torch_prec = "f32",
    .gflop = GFLOP_EPOCH,
    .alloc = gan_alloc,
    .epoch = gan_epoch,
    .free = gan_free,
};
