/* check_pretrain — greedy layer-wise pretraining (ae_pretrain, (2.6); lessons 02, 11) on a toy
 * set of 4x4 images: pretraining one layer lowers its reconstruction loss; the unrolled
 * network's first layer is the shallow autoencoder that pretraining trained, weight for weight,
 * in the encoder and (mirrored) in the decoder; the unrolled deep autoencoder reconstructs
 * better than its random start; the decoder is optional; the step given is the step taken. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "autoenc.h"
#include "batch.h"
#include "pretrain.h"
#include "progress.h"
#include "test.h"

enum { N = 240, SIDE = 4, D = SIDE * SIDE, BATCH = 16, EPOCHS = 20 };
#define SEED 19
#define LR 1e-2

static const size_t DEEP[] = {D, 8, 4};   /* a 16-8-4-8-16 stack: two layers each way */

/* Three blurred bars (a row, a column, a diagonal) with random brightness and noise. */
static ae_dataset toy_images(void)
{
    ae_dataset ds = {.name = "toy", .n = N, .dim = D, .rows = SIDE, .cols = SIDE, .classes = 3};
    ds.x = malloc(N * D);
    ds.y = malloc(N);
    ck_assert(ds.x && ds.y);
    gsl_rng *r = ae_rng_alloc(SEED, AE_RNG_DATA);
    for (size_t n = 0; n < N; n++) {
        size_t k = n % 3, at = (size_t)gsl_rng_uniform_int(r, SIDE);
        double bright = ae_rng_uniform(r, 0.5, 1.0);
        ds.y[n] = (uint8_t)k;
        for (size_t i = 0; i < SIDE; i++)
            for (size_t j = 0; j < SIDE; j++) {
                size_t dist = k == 0 ? (i > at ? i - at : at - i) : k == 1 ? (j > at ? j - at : at - j)
                                                                           : (i > j ? i - j : j - i);
                double v = bright * (dist == 0 ? 1.0 : dist == 1 ? 0.4 : 0.0) + ae_rng_uniform(r, 0.0, 0.1);
                ds.x[n * D + i * SIDE + j] = (uint8_t)lround(255.0 * fmin(v, 1.0));
            }
    }
    gsl_rng_free(r);
    return ds;
}

/* What every test starts from: the images, a command line, the stream of initial weights. */
typedef struct {
    ae_dataset ds;
    ae_cli c;
    gsl_rng *init;
} toy;

static toy toy_alloc(void)
{
    return (toy){toy_images(), {.prog = "check_pretrain", .title = "pretrain: a test", .seed = SEED, .t0 = ae_seconds()},
                 ae_rng_alloc(SEED, AE_RNG_INIT)};
}

static void toy_free(toy *t)
{
    ae_dataset_free(&t->ds);
    gsl_rng_free(t->init);
}

static const ae_pretrain_plan PLAN = {EPOCHS, BATCH, LR, ae_pretrain_bce_step};

static int same_dense(const ae_dense *a, const ae_dense *b)
{
    return gsl_matrix_equal(a->W, b->W) && gsl_vector_equal(a->b, b->b);
}

/* Pretrain every layer of m from a random start (t->init); its BCE per pixel on the images
 * before and after, and each layer's last epoch's BCE per unit. */
static void pretrain_autoenc(ae_autoenc *m, toy *t, double *before, double *after, double *bce)
{
    double mse;
    ae_autoenc_init(m, t->init, 1.0);
    ae_autoenc_evaluate(m, &t->ds, before, &mse);
    ae_pretrain(m->enc, m->dec, &t->c, &t->ds, &PLAN, t->init, bce);
    ae_autoenc_evaluate(m, &t->ds, after, &mse);
}

START_TEST(t_one_layer_lowers_its_loss)
{
    toy t = toy_alloc();
    const size_t sizes[] = {D, 6};
    ae_autoenc *m = ae_autoenc_alloc(1, sizes, AE_SIGMOID, AE_SIGMOID, N);   /* one layer: the shallow AE itself */
    double before, after, bce[1];
    pretrain_autoenc(m, &t, &before, &after, bce);
    ck_assert_msg(after < 0.8 * before, "BCE per pixel %.4f after pretraining, %.4f before", after, before);
    ck_assert_msg(isfinite(bce[0]) && fabs(bce[0] - after) < 0.1 * after,
                  "last epoch's BCE per unit %.4f, far from the trained model's %.4f", bce[0], after);
    ae_autoenc_free(m);
    toy_free(&t);
}
END_TEST
/* The shallow autoencoder D-8-D of the first layer, trained as ae_pretrain trains it: the
 * same initial draws, shuffling stream, batches and step. */
static ae_autoenc *shallow_first_layer(const ae_dataset *ds, ae_act f)
{
    const size_t sizes[] = {D, DEEP[1]};
    gsl_rng *init = ae_rng_alloc(SEED, AE_RNG_INIT), *shuffle = ae_rng_alloc(SEED, AE_RNG_SHUFFLE);
    ae_autoenc *m = ae_autoenc_alloc(1, sizes, AE_SIGMOID, f, BATCH);
    ae_autoenc_init(m, init, 1.0);
    ae_optim *opt = ae_optim_alloc(AE_ADAM, LR);
    ae_autoenc_add_params(m, opt);
    ae_batcher *batches = ae_batcher_alloc(ds->n, BATCH);
    gsl_matrix *X = gsl_matrix_alloc(BATCH, D), *dA = gsl_matrix_alloc(BATCH, D);
    for (int e = 0; e < EPOCHS; e++) {
        const size_t *idx;
        size_t rows;
        ae_batcher_epoch(batches, shuffle);
        while ((rows = ae_batcher_next(batches, &idx)) > 0) {
            gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, D), da = gsl_matrix_submatrix(dA, 0, 0, rows, D);
            ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
            ae_pretrain_bce_step(m, opt, &x.matrix, &da.matrix);
        }
    }
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
    ae_batcher_free(batches);
    ae_optim_free(opt);
    gsl_rng_free(init);
    gsl_rng_free(shuffle);
    return m;
}

START_TEST(t_unrolled_first_layer_is_the_shallow_encoder)
{
    toy t = toy_alloc();
    gsl_rng *other = ae_rng_alloc(SEED + 1, AE_RNG_INIT);   /* the deep net's own random start */
    ae_autoenc *deep = ae_autoenc_alloc(2, DEEP, AE_SIGMOID, AE_IDENTITY, N);
    ae_autoenc_init(deep, other, 1.0);
    gsl_matrix *W2 = gsl_matrix_alloc(DEEP[2], DEEP[1]);
    gsl_matrix_memcpy(W2, deep->enc->layer[1]->W);
    ae_pretrain(deep->enc, deep->dec, &t.c, &t.ds, &PLAN, t.init, NULL);
    ae_autoenc *shallow = shallow_first_layer(&t.ds, deep->enc->f[0]);
    ck_assert_msg(same_dense(deep->enc->layer[0], shallow->enc->layer[0]),
                  "encoder layer 1 differs from the pretrained shallow encoder");
    ck_assert_msg(same_dense(deep->dec->layer[1], shallow->dec->layer[0]),
                  "decoder layer 2 (the mirror of layer 1) differs from the pretrained shallow decoder");
    ck_assert_msg(!gsl_matrix_equal(W2, deep->enc->layer[1]->W), "encoder layer 2 was not pretrained");
    gsl_matrix_free(W2);
    gsl_rng_free(other);
    ae_autoenc_free(shallow);
    ae_autoenc_free(deep);
    toy_free(&t);
}
END_TEST

START_TEST(t_unrolled_beats_random_start)
{
    toy t = toy_alloc();
    ae_autoenc *deep = ae_autoenc_alloc(2, DEEP, AE_SIGMOID, AE_IDENTITY, N);
    double random, unrolled, bce[2];
    pretrain_autoenc(deep, &t, &random, &unrolled, bce);
    ck_assert_msg(unrolled < 0.8 * random, "unrolled BCE per pixel %.4f, random start %.4f", unrolled, random);
    ck_assert(isfinite(bce[0]) && isfinite(bce[1]));
    ae_autoenc_free(deep);
    toy_free(&t);
}
END_TEST

static const ae_act DEEP_F[] = {AE_SIGMOID, AE_IDENTITY};

START_TEST(t_decoder_is_optional)
{
    toy t = toy_alloc(), t2 = toy_alloc();
    ae_autoenc *deep = ae_autoenc_alloc(2, DEEP, AE_SIGMOID, AE_IDENTITY, N);
    ae_net *enc = ae_net_alloc(2, DEEP, DEEP_F, N);
    ae_pretrain(deep->enc, deep->dec, &t.c, &t.ds, &PLAN, t.init, NULL);
    ae_pretrain(enc, NULL, &t2.c, &t2.ds, &PLAN, t2.init, NULL);
    for (size_t i = 0; i < 2; i++)
        ck_assert_msg(same_dense(enc->layer[i], deep->enc->layer[i]), "layer %zu: the encoder depends on the decoder", i + 1);
    ae_net_free(enc);
    ae_autoenc_free(deep);
    toy_free(&t);
    toy_free(&t2);
}
END_TEST

static size_t steps_taken;

static double counting_step(ae_autoenc *m, ae_optim *opt, const gsl_matrix *H, gsl_matrix *dA)
{
    steps_taken++;
    return ae_pretrain_bce_step(m, opt, H, dA);
}

START_TEST(t_the_plans_step_is_taken)
{
    toy t = toy_alloc();
    ae_net *enc = ae_net_alloc(2, DEEP, DEEP_F, N);
    ae_pretrain_plan plan = {2, BATCH, LR, counting_step};
    steps_taken = 0;
    ae_pretrain(enc, NULL, &t.c, &t.ds, &plan, t.init, NULL);
    ck_assert_uint_eq(steps_taken, 2 * 2 * ((N + BATCH - 1) / BATCH));   /* layers x epochs x batches */
    ae_net_free(enc);
    toy_free(&t);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("pretrain");
    TCase *tc = tcase_create("pretrain");
    tcase_add_test(tc, t_one_layer_lowers_its_loss);
    tcase_add_test(tc, t_unrolled_first_layer_is_the_shallow_encoder);
    tcase_add_test(tc, t_unrolled_beats_random_start);
    tcase_add_test(tc, t_decoder_is_optional);
    tcase_add_test(tc, t_the_plans_step_is_taken);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
