/* Lesson 02 — deep autoencoders: shallow vs deep, and a deep autoencoder against PCA.
 *
 * Three experiments (BOOK.md chapter 2):
 *  1. The Keras-style autoencoder 784-128-32-128-784 (ReLU hidden layers and code,
 *     sigmoid output, BCE, Adam 1e-3, batch 256; Yale S&DS 265, "Implementation
 *     using Keras") on Fashion-MNIST and on the MNIST digits: learning curves.
 *  2. Shallow (784-k-784) against deep (784-128-k-128-784) at the same code size
 *     k = 2, 10, 20, 32, and PCA-k: test error against k (Harvard CS109B, "Deeper").
 *  3. Hinton & Salakhutdinov (2006): 784-1000-500-250-30 with sigmoid hidden layers
 *     and a linear code, mirrored, against PCA-30; trained from random weights by
 *     plain SGD, by Adam, by Adam from 4x larger weights, and after greedy
 *     layer-wise pretraining.
 * The deep models of k = 2 and 10 are saved for lesson 09 (parameter files).
 *
 * Run:    make lesson02                  (under a minute: parts 2 and 3 on subsets)
 *         make lesson02 ARGS="--quick"   (a few seconds)
 *         make lesson02 ARGS="--full"    (every training image in parts 2 and 3, 16 epochs
 *                                         of part 3: about 25 minutes on 2 cores)
 * Writes: out/02-deep/keras.dat          per epoch: train and test BCE, Fashion-MNIST and MNIST
 *         out/02-deep/keras_recon.dat    test images and their reconstructions, both datasets
 *         out/02-deep/sweep.dat          per code size: test MSE of PCA, shallow and deep AE
 *         out/02-deep/sweep_recon.dat    test images; per code size PCA, shallow, deep
 *         out/02-deep/hinton.dat         per epoch: train BCE and test MSE of the four trainings
 *         out/02-deep/hinton_recon.dat   test images; deep AE (each training); PCA-30
 *         out/02-deep/deep2_DATA.{enc,dec}, deep10_DATA.{enc,dec}   parameter files (lesson 09)
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "optim.h"
#include "out.h"
#include "pca.h"
#include "progress.h"
#include "rng.h"

static const size_t CODES[] = {2, 10, 20, 32};
static const size_t KERAS[] = {784, 128, 32}, HINTON[] = {784, 1000, 500, 250, 30};
enum { NCODES = sizeof CODES / sizeof *CODES, SHOW = 10, HINTON_K = 30 };
#define FULL_EPOCHS 16    /* --full: epochs of each training in part 3 */
#define QUICK_TRAIN 2000  /* --quick: training images of part 1 ... */
#define QUICK_TEST 1000   /* ... and test images */
#define QUICK_BATCH 64    /* --quick: more steps in the same time */
#define SWEEP_BATCH 64    /* part 2: small batches and a larger step, so that even ...       */
#define SWEEP_LR 3e-3     /* ... the shallow models converge in 5 epochs of 10,000 images */
#define HINTON_BATCH 64   /* part 3: four times the steps per epoch of batch 256 */

/* BOOK: variants */
/* Four ways to train the 784-1000-500-250-30 autoencoder of part 3. */
typedef struct {
    const char *name;
    ae_optim_kind kind;
    double lr;          /* 0: --lr */
    double gain;        /* initial weights N(0, gain^2 / fan_in) */
    int pretrain;       /* greedy layer-wise pretraining first */
} variant;
static const variant VARIANTS[] = {
    {"sgd", AE_SGD, 0.1, 1.0, 0},        /* plain SGD from random weights: stuck */
    {"adam", AE_ADAM, 0, 1.0, 0},        /* Adam: per-weight steps */
    {"scaled", AE_ADAM, 0, 4.0, 0},      /* Adam, initial weights 4x larger (Glorot's sigmoid scale) */
    {"pretrain", AE_ADAM, 0, 1.0, 1},    /* layer-wise pretraining, then Adam (Hinton & Salakhutdinov) */
};
/* END BOOK */
enum { NVARIANTS = sizeof VARIANTS / sizeof *VARIANTS };

/* ---- one training run: model, optimiser, per-batch buffers, curves ---- */

typedef struct {
    ae_autoenc *m;
    ae_optim *opt;
    gsl_matrix *X, *dA;            /* batch x D */
    double *train_bce, *test_bce, *test_mse;   /* per epoch, per pixel */
    int epochs;
} run;

static run run_alloc(size_t n, const size_t *sizes, ae_act g, ae_act g_code, ae_optim_kind kind,
                     double lr, double gain, size_t batch, int epochs, gsl_rng *init)
{
    run r = {ae_autoenc_alloc(n, sizes, g, g_code, batch), ae_optim_alloc(kind, lr),
             gsl_matrix_alloc(batch, sizes[0]), gsl_matrix_alloc(batch, sizes[0]),
             calloc((size_t)epochs, sizeof(double)), calloc((size_t)epochs, sizeof(double)),
             calloc((size_t)epochs, sizeof(double)), epochs};
    AE_ASSERT(r.train_bce && r.test_bce && r.test_mse);
    ae_autoenc_init(r.m, init, gain);   /* the optimiser's state comes with train() */
    return r;
}

/* Free the model and its buffers, keep the curves. */
static void run_drop_model(run *r)
{
    ae_autoenc_free(r->m);
    ae_optim_free(r->opt);
    gsl_matrix_free(r->X);
    gsl_matrix_free(r->dA);
    r->m = NULL;
    r->opt = NULL;
    r->X = r->dA = NULL;
}

static void run_free(run *r)
{
    run_drop_model(r);
    free(r->train_bce);
    free(r->test_bce);
    free(r->test_mse);
}

/* BOOK: train_step */
/* One step on a batch X (B x D): forward, BCE from the logits, backward in mirror order. */
static double train_step(ae_autoenc *m, ae_optim *opt, const gsl_matrix *X, gsl_matrix *dA)
{
    ae_optim_zero_grad(opt);
    const gsl_matrix *Z = ae_net_forward(m->enc, X);           /* (2.1) z = f(x)            */
    const gsl_matrix *A = ae_net_forward(m->dec, Z);           /*       a = g(z), logits    */
    double loss = ex02_bce_logits(dA, A, X);                   /* (2.2); dL/da = (x_hat - x)/B */
    const gsl_matrix *dZ = ex02_net_backward(m->dec, dA, AE_WANT_DX);   /* (2.4, 2.5) decoder, top first */
    ex02_net_backward(m->enc, dZ, AE_SKIP_DX);                          /*            then the encoder   */
    ae_optim_step(opt);
    return loss;
}
/* END BOOK */

/* A view of the first n examples of ds (shares its arrays: never freed). */
static ae_dataset first_n(const ae_dataset *ds, size_t n)
{
    ae_dataset view = *ds;
    view.n = n < ds->n ? n : ds->n;
    return view;
}

/* One epoch over ds in shuffled batches; returns the mean training BCE per pixel. */
static double train_epoch(run *r, const ae_cli *c, const ae_dataset *ds, ae_batcher *batches,
                          gsl_rng *shuffle, int epoch)
{
    const size_t *idx;
    size_t rows;
    double sum = 0.0;
    ae_batcher_epoch(batches, shuffle);
    for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
        gsl_matrix_view x = gsl_matrix_submatrix(r->X, 0, 0, rows, ds->dim);
        gsl_matrix_view da = gsl_matrix_submatrix(r->dA, 0, 0, rows, ds->dim);
        ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
        double loss = train_step(r->m, r->opt, &x.matrix, &da.matrix);
        ae_check_loss(c, loss, epoch, k + 1);
        sum += loss * (double)rows;
    }
    return sum / (double)(ds->n * ds->dim);
}

/* Train for r->epochs epochs, evaluating on test after each; name labels the progress lines. */
static void train(run *r, const ae_cli *c, const ae_dataset *ds, const ae_dataset *test,
                  const char *name)
{
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(ds->n, r->X->size1);
    ae_autoenc_add_params(r->m, r->opt);   /* Adam's m and v: only now, after any pretraining */
    for (int e = 0; e < r->epochs; e++) {
        r->train_bce[e] = train_epoch(r, c, ds, batches, shuffle, e + 1);
        ae_autoenc_evaluate(r->m, test, &r->test_bce[e], &r->test_mse[e]);
        ae_progress(c, "%s epoch %d/%d: train BCE %.4f, test BCE %.4f, test MSE %.5f per pixel", name,
                    e + 1, r->epochs, r->train_bce[e], r->test_bce[e], r->test_mse[e]);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
}

/* ---- greedy layer-wise pretraining ---- */

/* BOOK: pretrain */
/* Unroll (2.6): encoder layer l of deep and the mirrored decoder layer take the
 * weights of the shallow autoencoder trained for layer l. */
static void unroll(ae_autoenc *deep, size_t l, const ae_autoenc *shallow)
{
    ae_dense *enc = deep->enc->layer[l], *dec = deep->dec->layer[deep->enc->nlayers - 1 - l];
    gsl_matrix_memcpy(enc->W, shallow->enc->layer[0]->W);
    gsl_vector_memcpy(enc->b, shallow->enc->layer[0]->b);
    gsl_matrix_memcpy(dec->W, shallow->dec->layer[0]->W);
    gsl_vector_memcpy(dec->b, shallow->dec->layer[0]->b);
}

/* Pretrain each layer l of deep's encoder as the encoder of a shallow autoencoder
 * s_{l-1} - s_l - s_{l-1} on the codes h_{l-1} of the layers below, then unroll it. */
static void pretrain(ae_autoenc *deep, const ae_cli *c, const ae_dataset *ds, int epochs, double lr,
                     gsl_rng *init)
{
    const size_t n = deep->enc->nlayers, batch = deep->max_batch;
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(ds->n, batch);
    size_t widest = 0;   /* the widest input of a layer: dA of every shallow AE fits */
    for (size_t l = 0; l < n; l++)
        widest = deep->enc->sizes[l] > widest ? deep->enc->sizes[l] : widest;
    gsl_matrix *X = gsl_matrix_alloc(batch, ds->dim), *dA = gsl_matrix_alloc(batch, widest);
    for (size_t l = 0; l < n; l++) {
        size_t sizes[2] = {deep->enc->sizes[l], deep->enc->sizes[l + 1]};
        ae_autoenc *layer = ae_autoenc_alloc(1, sizes, AE_SIGMOID, deep->enc->f[l], batch);
        ae_autoenc_init(layer, init, 1.0);
        ae_optim *opt = ae_optim_alloc(AE_ADAM, lr);
        ae_autoenc_add_params(layer, opt);
        for (int e = 1; e <= epochs; e++) {
            const size_t *idx;
            size_t rows;
            double sum = 0.0;
            ae_batcher_epoch(batches, shuffle);
            for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
                gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
                ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
                /* h_{l-1}: the layers below, already pretrained and unrolled */
                const gsl_matrix *H = l ? ae_net_forward_to(deep->enc, &x.matrix, l) : &x.matrix;
                gsl_matrix_view da = gsl_matrix_submatrix(dA, 0, 0, rows, sizes[0]);
                double loss = train_step(layer, opt, H, &da.matrix);   /* target: h_{l-1} itself */
                ae_check_loss(c, loss, e, k + 1);
                sum += loss * (double)rows;
            }
            ae_progress(c, "pretrain layer %zu (%zu-%zu-%zu) epoch %d/%d: BCE %.4f per unit", l + 1,
                        sizes[0], sizes[1], sizes[0], e, epochs, sum / (double)(ds->n * sizes[0]));
        }
        ae_optim_free(opt);
        unroll(deep, l, layer);
        ae_autoenc_free(layer);
    }
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
}
/* END BOOK */

/* ---- outputs ---- */

/* Test images first..first+SHOW-1 in rows of a mosaic: img row `row` (SHOW images each). */
static void put_images(double *img, size_t row, const gsl_matrix *X)
{
    memcpy(img + row * SHOW * X->size2, X->data, SHOW * X->size2 * sizeof *img);
}

static void reconstruct(ae_autoenc *m, gsl_matrix *Xhat, const gsl_matrix *X)
{
    gsl_matrix *Z = gsl_matrix_alloc(X->size1, m->k);
    ae_autoenc_encode(m, Z, X);
    ae_autoenc_decode(m, Xhat, Z);
    gsl_matrix_free(Z);
}

static void pca_reconstruct(const ae_pca *p, size_t k, gsl_matrix *Xhat, const gsl_matrix *X)
{
    gsl_matrix *Z = gsl_matrix_alloc(X->size1, k);
    ae_pca_project(Z, p, X);
    ae_pca_reconstruct(Xhat, p, Z);
    gsl_matrix_free(Z);
}

/* The first SHOW test images of each dataset and their reconstructions. */
static int write_keras(const ae_cli *c, run *fashion, run *mnist, const ae_dataset *test_f,
                       const ae_dataset *test_m)
{
    int epochs = fashion->epochs;
    double *rows = malloc((size_t)epochs * 5 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < epochs; e++) {
        double r[5] = {e + 1, fashion->train_bce[e], fashion->test_bce[e], mnist->train_bce[e],
                       mnist->test_bce[e]};
        memcpy(rows + 5 * e, r, sizeof r);
    }
    int status = ae_write_table(c->out, "keras.dat",
                                "Keras-style AE 784-128-32-128-784: BCE per pixel, per epoch",
                                "epoch fashion_train fashion_test mnist_train mnist_test", rows,
                                (size_t)epochs, 5);
    free(rows);
    if (status)
        return status;
    const size_t D = test_f->dim;
    double *img = malloc(4 * SHOW * D * sizeof *img);
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D), *Xhat = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(img);
    const ae_dataset *sets[2] = {test_f, test_m};
    run *runs[2] = {fashion, mnist};
    for (size_t s = 0; s < 2; s++) {
        ae_batch_range(X, NULL, sets[s], 0, SHOW);
        reconstruct(runs[s]->m, Xhat, X);
        put_images(img, 2 * s, X);
        put_images(img, 2 * s + 1, Xhat);
    }
    status = ae_write_mosaic(c->out, "keras_recon.dat",
                             "rows: Fashion-MNIST test images, reconstructions; MNIST test images, reconstructions",
                             img, 4 * SHOW, 28, 28, SHOW, 1.0);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    return status;
}

typedef struct {
    size_t k;
    double pca_mse, shallow_mse, deep_mse, shallow_bce, deep_bce;
} sweep_result;

static int write_sweep(const ae_cli *c, const sweep_result *res, run *shallow, run *deep,
                       const ae_pca *p, const ae_dataset *test)
{
    double rows[NCODES * 6];
    for (size_t i = 0; i < NCODES; i++) {
        double r[6] = {res[i].k, res[i].pca_mse, res[i].shallow_mse, res[i].deep_mse,
                       res[i].shallow_bce, res[i].deep_bce};
        memcpy(rows + 6 * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "sweep.dat",
                                "per code size k: test MSE per pixel of PCA-k, shallow AE-k, deep AE-k; test BCE",
                                "k pca_mse shallow_mse deep_mse shallow_bce deep_bce", rows, NCODES, 6);
    if (status)
        return status;
    const size_t D = test->dim;
    double *img = malloc((1 + 3 * NCODES) * SHOW * D * sizeof *img);
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D), *Xhat = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(img);
    ae_batch_range(X, NULL, test, 0, SHOW);
    put_images(img, 0, X);
    for (size_t i = 0; i < NCODES; i++) {
        pca_reconstruct(p, CODES[i], Xhat, X);
        put_images(img, 1 + 3 * i, Xhat);
        reconstruct(shallow[i].m, Xhat, X);
        put_images(img, 2 + 3 * i, Xhat);
        reconstruct(deep[i].m, Xhat, X);
        put_images(img, 3 + 3 * i, Xhat);
    }
    status = ae_write_mosaic(c->out, "sweep_recon.dat",
                             "rows: test images; then for k = 2 10 20 32: PCA-k, shallow AE-k, deep AE-k",
                             img, (1 + 3 * NCODES) * SHOW, 28, 28, SHOW, 1.0);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    return status;
}

/* recon: the SHOW first test images rebuilt by each variant (NVARIANTS x SHOW x D). */
static int write_hinton(const ae_cli *c, const run *v, const double *recon, double pca_mse,
                        const ae_pca *p, const ae_dataset *test)
{
    int epochs = v[0].epochs;
    const size_t width = 2 + 2 * NVARIANTS;
    double *rows = malloc((size_t)epochs * width * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < epochs; e++) {
        double *r = rows + (size_t)e * width;
        r[0] = e + 1;
        for (size_t i = 0; i < NVARIANTS; i++) {
            r[1 + 2 * i] = v[i].train_bce[e];
            r[2 + 2 * i] = v[i].test_mse[e];
        }
        r[width - 1] = pca_mse;
    }
    char columns[512] = "epoch";
    for (size_t i = 0; i < NVARIANTS; i++)
        snprintf(columns + strlen(columns), sizeof columns - strlen(columns), " %s_train_bce %s_test_mse",
                 VARIANTS[i].name, VARIANTS[i].name);
    strcat(columns, " pca_mse");
    int status = ae_write_table(c->out, "hinton.dat",
                                "784-1000-500-250-30 AE: train BCE and test MSE per pixel, per epoch; PCA-30",
                                columns, rows, (size_t)epochs, width);
    free(rows);
    if (status)
        return status;
    const size_t D = test->dim;
    double *img = malloc((2 + NVARIANTS) * SHOW * D * sizeof *img);
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D), *Xhat = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(img);
    ae_batch_range(X, NULL, test, 0, SHOW);
    put_images(img, 0, X);
    for (size_t i = 0; i < NVARIANTS; i++)   /* pretrained first */
        memcpy(img + (1 + i) * SHOW * D, recon + (NVARIANTS - 1 - i) * SHOW * D, SHOW * D * sizeof *img);
    pca_reconstruct(p, HINTON_K, Xhat, X);
    put_images(img, 1 + NVARIANTS, Xhat);
    status = ae_write_mosaic(c->out, "hinton_recon.dat",
                             "rows: test images; deep AE-30 pretrained, Adam with 4x weights, Adam, SGD; PCA-30",
                             img, (2 + NVARIANTS) * SHOW, 28, 28, SHOW, 1.0);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    return status;
}

/* ---- the three parts ---- */

static ae_pca *pca_fit(const ae_cli *c, const ae_dataset *ds)
{
    ae_pca *p = ae_pca_alloc(ds->dim);
    ae_pca_add_dataset(p, ds);
    ae_check(c->prog, ae_pca_solve(p));
    return p;
}

/* Part 1: the Keras-style AE on Fashion-MNIST and MNIST (tr, te: the two sets each). */
static void part_keras(const ae_cli *c, const ae_dataset *tr, const ae_dataset *te, double *test_bce)
{
    run r[2];
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);
    for (size_t s = 0; s < 2; s++) {
        r[s] = run_alloc(2, KERAS, AE_RELU, AE_RELU, AE_ADAM, c->lr, 1.0, c->batch, c->epochs, init);
        char name[64];
        snprintf(name, sizeof name, "keras %.16s", tr[s].name);
        train(&r[s], c, &tr[s], &te[s], name);
        test_bce[s] = r[s].test_bce[c->epochs - 1];
    }
    ae_check(c->prog, write_keras(c, &r[0], &r[1], &te[0], &te[1]));
    for (size_t s = 0; s < 2; s++)
        run_free(&r[s]);
    gsl_rng_free(init);
}

/* Part 2: shallow vs deep at k = 2 10 20 32, and PCA-k; saves the deep k = 2 and 10 models. */
static void part_sweep(const ae_cli *c, const ae_dataset *train_set, const ae_dataset *test,
                       const ae_pca *p, sweep_result *res)
{
    run shallow[NCODES], deep[NCODES];
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);
    for (size_t i = 0; i < NCODES; i++) {
        size_t k = CODES[i], s1[2] = {train_set->dim, k}, s2[3] = {train_set->dim, 128, k};
        char name[64];
        shallow[i] = run_alloc(1, s1, AE_RELU, AE_IDENTITY, AE_ADAM, SWEEP_LR, 1.0, SWEEP_BATCH, c->epochs, init);
        ae_autoenc_start_at(shallow[i].m, p->mean);   /* both start from the mean image */
        snprintf(name, sizeof name, "shallow k=%zu", k);
        train(&shallow[i], c, train_set, test, name);
        deep[i] = run_alloc(2, s2, AE_RELU, AE_IDENTITY, AE_ADAM, SWEEP_LR, 1.0, SWEEP_BATCH, c->epochs, init);
        ae_autoenc_start_at(deep[i].m, p->mean);
        snprintf(name, sizeof name, "deep k=%zu", k);
        train(&deep[i], c, train_set, test, name);
        int last = c->epochs - 1;
        res[i] = (sweep_result){k, ae_pca_mse_dataset(p, k, test), shallow[i].test_mse[last],
                                deep[i].test_mse[last], shallow[i].test_bce[last], deep[i].test_bce[last]};
        if (k == 2 || k == 10) {
            snprintf(name, sizeof name, "deep%zu_%s", k, c->data);
            ae_check(c->prog, ae_autoenc_save(deep[i].m, c->out, name));
        }
    }
    ae_check(c->prog, write_sweep(c, res, shallow, deep, p, test));
    for (size_t i = 0; i < NCODES; i++) {
        run_free(&shallow[i]);
        run_free(&deep[i]);
    }
    gsl_rng_free(init);
}

typedef struct {
    double pca_mse, mse[NVARIANTS];
} hinton_result;

/* Part 3: 784-1000-500-250-30 by SGD, by Adam, and pretrained + Adam; against PCA-30. */
static hinton_result part_hinton(const ae_cli *c, const ae_dataset *train_set, const ae_dataset *test,
                                 const ae_pca *p, int epochs, int pretrain_epochs)
{
    hinton_result h = {.pca_mse = ae_pca_mse_dataset(p, HINTON_K, test)};
    ae_progress(c, "hinton: PCA-30 test MSE %.5f per pixel", h.pca_mse);
    run v[NVARIANTS];
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);
    const size_t n = sizeof HINTON / sizeof *HINTON - 1, D = test->dim;
    double *recon = malloc(NVARIANTS * SHOW * D * sizeof *recon);
    gsl_matrix *X = gsl_matrix_alloc(SHOW, D);
    AE_ASSERT(recon);
    ae_batch_range(X, NULL, test, 0, SHOW);
    for (size_t i = NVARIANTS; i-- > 0;) {   /* the last (the fixes) first */
        const variant *va = &VARIANTS[i];
        v[i] = run_alloc(n, HINTON, AE_SIGMOID, AE_IDENTITY, va->kind, va->lr > 0 ? va->lr : c->lr, va->gain,
                         HINTON_BATCH, epochs, init);
        if (va->pretrain)
            pretrain(v[i].m, c, train_set, pretrain_epochs, c->lr, init);
        char name[32];
        snprintf(name, sizeof name, "hinton %s", va->name);
        train(&v[i], c, train_set, test, name);
        h.mse[i] = v[i].test_mse[epochs - 1];
        gsl_matrix_view xhat = gsl_matrix_view_array(recon + i * SHOW * D, SHOW, D);
        reconstruct(v[i].m, &xhat.matrix, X);
        run_drop_model(&v[i]);   /* 2.8 million weights, their gradients and Adam's moments */
    }
    ae_check(c->prog, write_hinton(c, v, recon, h.pca_mse, p, test));
    for (size_t i = 0; i < NVARIANTS; i++)
        run_free(&v[i]);
    gsl_matrix_free(X);
    free(recon);
    gsl_rng_free(init);
    return h;
}

int main(int argc, char **argv)
{
    size_t sweep_n = 10000, hinton_n = 3000, hinton_test = 2000, hinton_epochs = 3, pretrain_epochs = 1;
    int full = 0;
    const char *part = "all";
    ae_cli_extra extra[] = {
        {.name = "sweep-n", .kind = AE_X_SIZE, .value = &sweep_n, .lo = 100, .hi = 60000,
         .help = "training images of part 2 (shallow vs deep)"},
        {.name = "hinton-n", .kind = AE_X_SIZE, .value = &hinton_n, .lo = 100, .hi = 60000,
         .help = "training images of part 3 (784-1000-500-250-30)"},
        {.name = "hinton-test", .kind = AE_X_SIZE, .value = &hinton_test, .lo = 100, .hi = 10000,
         .help = "test images of part 3"},
        {.name = "hinton-epochs", .kind = AE_X_SIZE, .value = &hinton_epochs, .lo = 1, .hi = 1000,
         .help = "epochs of each training in part 3"},
        {.name = "pretrain-epochs", .kind = AE_X_SIZE, .value = &pretrain_epochs, .lo = 1, .hi = 1000,
         .help = "epochs per layer of pretraining"},
        {.name = "full", .kind = AE_X_FLAG, .value = &full,
         .help = "the full experiment: every image; 16 epochs in part 3"},
        {.name = "part", .kind = AE_X_CHOICE, .value = &part, .choices = "all,keras,sweep,hinton",
         .help = "run only this part (its files only)"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson02",
        .title = "deep: shallow vs deep autoencoders, and a deep autoencoder against PCA",
        .about = "Part 1: the Keras-style AE 784-128-32-128-784 on Fashion-MNIST and on MNIST\n"
                 "(--epochs, --batch, --lr; every training image). Part 2: shallow 784-k-784 vs deep\n"
                 "784-128-k-128-784 for k = 2 10 20 32 against PCA-k, on --sweep-n images of --data\n"
                 "(--epochs; Adam 3e-3, batch 64).\n"
                 "Part 3: Hinton & Salakhutdinov's 784-1000-500-250-30 AE against PCA-30, trained by\n"
                 "SGD, by Adam, by Adam from 4x larger weights, and after layer-wise pretraining, on\n"
                 "--hinton-n images of --data (--lr, batch 64).\n"
                 "The full experiment: --full (every image in parts 2 and 3, 16 epochs of each training\n"
                 "in part 3; about 25 minutes on 2 cores, peak memory 180 MB).\n"
                 "--quick: at most 2000 images, 1 epoch, batch 64. BOOK.md chapter 2.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 5, .batch = 256, .lr = 1e-3, .seed = 42, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/02-deep", .extra = extra,
    };
    ae_cli_parse(&c, argc, argv);
    size_t keras_n = 60000, test_n = 10000;   /* parts 1 and 2 */
    if (full) {
        size_t *v[] = {&sweep_n, &hinton_n, &hinton_test, &hinton_epochs, &pretrain_epochs};
        const size_t full_v[] = {60000, 60000, 10000, FULL_EPOCHS, 1};
        for (size_t i = 0; i < 5; i++)
            if (!extra[i].given)
                *v[i] = full_v[i];
    }
    if (c.quick) {
        size_t *v[] = {&sweep_n, &hinton_n, &hinton_test, &hinton_epochs, &pretrain_epochs, &keras_n, &test_n};
        const size_t quick_v[] = {1000, 300, 300, 1, 1, QUICK_TRAIN, QUICK_TEST};
        for (size_t i = 0; i < 7; i++)
            if (i >= 5 || !extra[i].given)
                *v[i] = quick_v[i];
        if (!ae_cli_given(&c, AE_FLAG_EPOCHS))
            c.epochs = 1;
        if (!ae_cli_given(&c, AE_FLAG_BATCH))
            c.batch = QUICK_BATCH;
    }

    /* every dataset first: a bad file stops the run before anything is written */
    ae_dataset tr[2], te[2];   /* fashion, mnist */
    const char *names[2] = {"fashion", "mnist"};
    for (size_t s = 0; s < 2; s++) {
        ae_check(c.prog, ae_dataset_load(&tr[s], names[s], "train", c.data_dir));
        ae_check(c.prog, ae_dataset_load(&te[s], names[s], "test", c.data_dir));
    }
    const size_t d = strcmp(c.data, "mnist") == 0;
    ae_dataset keras_tr[2], keras_te[2];
    for (size_t s = 0; s < 2; s++) {
        keras_tr[s] = first_n(&tr[s], keras_n);
        keras_te[s] = first_n(&te[s], test_n);
    }
    int all = strcmp(part, "all") == 0, keras = all || strcmp(part, "keras") == 0,
        sweep = all || strcmp(part, "sweep") == 0, hinton = all || strcmp(part, "hinton") == 0;
    char line[512] = "lesson02 deep:";   /* the summary, printed once at the end */
    size_t len = strlen(line);
    if (keras) {
        double bce[2];
        part_keras(&c, keras_tr, keras_te, bce);
        len += (size_t)snprintf(line + len, sizeof line - len, " keras fashion_bce %.4f mnist_bce %.4f epochs %d;",
                                bce[0], bce[1], c.epochs);
    }
    /* parts 2 and 3 (and their PCA, fitted on part 2's images) need the first images of one
     * set only: give the rest back (peak memory) */
    size_t needed = sweep_n > hinton_n ? sweep_n : hinton_n;
    ae_dataset_shrink(&tr[d], needed < tr[d].n ? needed : tr[d].n);
    ae_dataset_free(&tr[1 - d]);
    ae_dataset_free(&te[1 - d]);
    ae_dataset sweep_set = first_n(&tr[d], sweep_n), sweep_test = first_n(&te[d], test_n);
    ae_pca *p = sweep || hinton ? pca_fit(&c, &sweep_set) : NULL;   /* PCA of part 2's images, parts 2, 3 */
    if (sweep) {
        sweep_result res[NCODES];
        part_sweep(&c, &sweep_set, &sweep_test, p, res);
        const sweep_result *r32 = &res[NCODES - 1];
        len += (size_t)snprintf(line + len, sizeof line - len, " data %s sweep_n %zu k32 pca %.5f shallow %.5f deep %.5f;",
                                c.data, sweep_set.n, r32->pca_mse, r32->shallow_mse, r32->deep_mse);
    }
    if (hinton) {
        ae_dataset hinton_set = first_n(&tr[d], hinton_n), hinton_test_set = first_n(&te[d], hinton_test);
        hinton_result h = part_hinton(&c, &hinton_set, &hinton_test_set, p, (int)hinton_epochs,
                                      (int)pretrain_epochs);
        len += (size_t)snprintf(line + len, sizeof line - len,
                                " hinton n %zu epochs %zu pca30 %.5f sgd %.5f adam %.5f scaled %.5f pretrain %.5f;",
                                hinton_set.n, hinton_epochs, h.pca_mse, h.mse[0], h.mse[1], h.mse[2], h.mse[3]);
        size_t best = 0;
        for (size_t i = 1; i < NVARIANTS; i++)
            best = h.mse[i] < h.mse[best] ? i : best;
        len += (size_t)snprintf(line + len, sizeof line - len, " best %s ratio %.3f;", VARIANTS[best].name,
                                h.mse[best] / h.pca_mse);
    }
    printf("%s time %.1fs\n", line, ae_seconds() - c.t0);

    ae_pca_free(p);
    for (size_t s = 0; s < 2; s++) {
        ae_dataset_free(&tr[s]);
        ae_dataset_free(&te[s]);
    }
    return 0;
}
