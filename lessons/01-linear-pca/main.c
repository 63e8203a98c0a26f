/* Lesson 01 — a linear autoencoder spans the PCA subspace.
 *
 * A linear autoencoder 784 -> k -> 784 trained with squared error ends up
 * spanning the same subspace as the first k principal directions (Baldi &
 * Hornik 1989); with an L2 penalty on both weight matrices its decoder's left
 * singular vectors are the principal directions themselves (Kunin et al.
 * 2019; UPenn CIS 522, "What is a linear autoencoder?"). The lesson trains the
 * autoencoder (model.c) for k = 2 ... 64 against PCA-k on the same training
 * images, and measures the principal angles between the two subspaces epoch by
 * epoch. Then eigenfaces: PCA of 80 LFW face crops, and how well it rebuilds the
 * other 20.  BOOK.md chapter 1.
 *
 * `make lesson01 ARGS=--help` gives the options, the run time and the files it writes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_statistics_double.h>

#include "batch.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "gradcheck.h"
#include "figures.h"
#include "model.h"
#include "par.h"
#include "pca.h"
#include "progress.h"
#include "rng.h"

static const size_t CODES[] = {2, 4, 8, 16, 32, 64}, QUICK_CODES[] = {2, 8, 32};
enum { MAX_CODES = 6, QUICK_TRAIN = 10000 };
enum { FACES_FIT = 80 };   /* eigenfaces from the first 80 faces; the other 20 are held out */
enum { ROW_BYTES = 20000 };   /* memory per row of --batch (measured 19 KB): X, X_hat, dX_hat and two codes */
#define L2_WD 0.5       /* weight decay of the L2 run: (wd/2)(||W1||^2 + ||W2||^2) */

/* A result for code size k, with room for its per-epoch curves. */
static result result_for(size_t k, int epochs, double pca_mse_k, double explained)
{
    result r = {.k = k, .pca_mse = pca_mse_k, .explained = explained,
                .curve_mse = malloc((size_t)epochs * sizeof(double)),
                .curve_angle = malloc((size_t)epochs * sizeof(double)),
                .curve_mean = malloc((size_t)epochs * sizeof(double))};
    AE_ASSERT(r.curve_mse && r.curve_angle && r.curve_mean);
    return r;
}

static void result_free(result *r)
{
    free(r->curve_mse);
    free(r->curve_angle);
    free(r->curve_mean);
}

/* Whether k is one of ks[0..n-1]. */
static int contains(const size_t *ks, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++)
        if (ks[i] == k)
            return 1;
    return 0;
}

/* The PCA of a dataset. */
static ae_pca *pca_fit(const ae_cli *c, const ae_dataset *ds)
{
    ae_pca *p = ae_pca_alloc(ds->dim);
    ae_pca_add_dataset(p, ds);
    ae_check(c->prog, ae_pca_solve(p));
    return p;
}

/* BOOK: train_loop */
static void train(linear_ae *ae, const ae_cli *c, const ae_dataset *train_set, const ae_dataset *test,
                  const ae_pca *p, result *res)
{
    buffers v = buffers_alloc(c->batch > EVAL_ROWS ? c->batch : EVAL_ROWS, train_set->dim, res->k);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    gsl_vector *theta = gsl_vector_alloc(res->k);
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae->opt->lr = c->lr * 0.5 * (1.0 + cos(M_PI * (epoch - 1) / c->epochs));   /* cosine decay */
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            batch a = rows_of(&v, rows);
            ae_batch_fill(&a.X.matrix, NULL, train_set, idx, rows);
            centre(&a.X.matrix, p->mean);
            double loss = linear_ae_step(ae, &a);
            ae_check_loss(c, &watch, loss, epoch, k + 1);
            sum += loss * (double)rows;
        }
        res->curve_mse[epoch - 1] = linear_ae_mse(ae, &v, test, p->mean);
        res->curve_angle[epoch - 1] = largest_angle(ae, p, theta);
        res->curve_mean[epoch - 1] = gsl_stats_mean(theta->data, 1, res->k) * DEG;
        ae_progress(c, "k=%zu epoch %d/%d: train MSE %.5f, test MSE %.5f (PCA %.5f), angles: largest %.2f, "
                    "mean %.2f deg", res->k, epoch, c->epochs, sum / (double)(train_set->n * train_set->dim),
                    res->curve_mse[epoch - 1], res->pca_mse, res->curve_angle[epoch - 1],
                    res->curve_mean[epoch - 1]);
    }
    res->ae_mse = res->curve_mse[c->epochs - 1];
    res->angle_max = res->curve_angle[c->epochs - 1];
    res->angle_mean = res->curve_mean[c->epochs - 1];
    ae_batcher_free(batches);
    gsl_vector_free(theta);
    gsl_rng_free(shuffle);
    buffers_free(&v);
}
/* END BOOK */

/* The models to train, the largest code first: ae_par_run hands them out in this order, one a
 * core (each trains from its own start and shuffles with its own stream: the numbers do not
 * depend on the order or the core). */
typedef struct {
    const ae_cli *c;
    const ae_dataset *train_set, *test;
    const ae_pca *p;
    size_t n;
    linear_ae *ae[MAX_CODES + 3];
    result *res[MAX_CODES + 3];
} trainings;

static void add_training(trainings *t, linear_ae *ae, result *res)
{
    size_t i = t->n++;
    for (; i > 0 && t->res[i - 1]->k < res->k; i--) {   /* insertion: decreasing k, ties in the order added */
        t->ae[i] = t->ae[i - 1];
        t->res[i] = t->res[i - 1];
    }
    t->ae[i] = ae;
    t->res[i] = res;
}

static void train_one(void *ctx, size_t i)
{
    const trainings *t = ctx;
    train(t->ae[i], t->c, t->train_set, t->test, t->p, t->res[i]);
}

int main(int argc, char **argv)
{
    ae_cli c = {
        .prog = "lesson01",
        .title = "linear-pca: a linear autoencoder spans the PCA subspace",
        .about = "Trains linear autoencoders 784-k-784 (k = 2 4 8 16 32 64) with squared error and\n"
                 "compares them with PCA-k: test error, principal angles, and with an L2 penalty\n"
                 "(k = --latent) the individual principal directions, and with tied weights W2 = W1^T.\n"
                 "Then eigenfaces (LFW): PCA of\n"
                 "80 faces, tested on 20 it has not seen.\n"
                 "--quick: 10,000 training images, 2 epochs, k = 2 8 32. BOOK.md chapter 1.\n"
                 "Default run: about 21 s with its figures.\n"
                 "Writes: mse.dat, curves.dat, align.dat, align_plain.dat, align_l2.dat, directions.dat,\n"
                 "recon.dat, spectrum.dat, faces_spectrum.dat, eigenfaces.dat, faces_recon.dat, tied.dat.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_LATENT | AE_FLAG_DATA |
                AE_FLAG_DATA_DIR | AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 8, .batch = 128, .lr = 3e-3, .seed = 42, .latent = 16, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/01-linear-pca",
        .quick_epochs = 2, .quick_latent = 8,
    };
    ae_cli_parse(&c, argc, argv);
    const size_t *codes = c.quick ? QUICK_CODES : CODES;
    size_t ncodes = c.quick ? sizeof QUICK_CODES / sizeof *QUICK_CODES : sizeof CODES / sizeof *CODES;
    if (c.latent > 64)
        ae_die(c.prog, "--latent: %zu is more than 64, the largest code of the lesson", c.latent);

    ae_dataset train_set, test, faces;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    ae_check(c.prog, ae_faces_load(&faces, c.data_dir, 1));
    if (c.quick && train_set.n > QUICK_TRAIN)
        ae_dataset_truncate(&train_set, QUICK_TRAIN);
    ae_check_batch(&c, train_set.n, "training images", ROW_BYTES);

    ae_dataset fit = ae_dataset_view(&faces, 0, FACES_FIT), held = ae_dataset_view(&faces, FACES_FIT, faces.n);
    ae_pca *p = pca_fit(&c, &train_set), *pf = pca_fit(&c, &fit);
    ae_progress(&c, "PCA of %zu %s training images: the first 32 directions hold %.1f%% of the variance",
                train_set.n, c.data, 100 * ae_pca_explained(p, 32));

    gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
    size_t ks[MAX_CODES + 1], n = 0;   /* the sweep's code sizes, then --latent if it is not one */
    for (size_t i = 0; i < ncodes; i++)
        ks[n++] = codes[i];
    if (!contains(ks, n, c.latent))
        ks[n++] = c.latent;

    result res[MAX_CODES + 1];
    linear_ae sweep[MAX_CODES + 1];
    size_t shown = 0;
    trainings todo = {&c, &train_set, &test, p, 0, {0}, {0}};
    buffers v = buffers_alloc(EVAL_ROWS, train_set.dim, 64);
    for (size_t i = 0; i < n; i++) {
        res[i] = result_for(ks[i], c.epochs, pca_mse(p, ks[i], &v, &test), ae_pca_explained(p, ks[i]));
        sweep[i] = linear_ae_alloc(train_set.dim, ks[i], c.lr, 0.0, init);
        add_training(&todo, &sweep[i], &res[i]);
        if (ks[i] == c.latent)
            shown = i;
    }
    const linear_ae *plain = &sweep[shown];

    /* the same code size once more, with the L2 penalty */
    result r_l2 = result_for(c.latent, c.epochs, res[shown].pca_mse, res[shown].explained);
    linear_ae l2 = linear_ae_alloc(train_set.dim, c.latent, c.lr, L2_WD, init);
    add_training(&todo, &l2, &r_l2);

    /* BOOK: tied */
    /* and with tied weights, W2 = W1^T: its backward pass checked on a copy with weights of
     * four times LeCun's scale (the loss is quartic in each tied weight: at the training's tiny initial
     * weights the difference quotient's own error, ~ (h/w)^2, would swamp the check) */
    linear_ae probe = tied_ae_alloc(train_set.dim, c.latent, c.lr, init);
    ae_dense_init(probe.enc, init, 4.0);
    buffers vc = buffers_alloc(8, train_set.dim, c.latent);
    double gc_tied = linear_ae_gradient_check(&probe, &vc, &train_set, p->mean);
    buffers_free(&vc);
    linear_ae_free(&probe);
    result r_tied = result_for(c.latent, c.epochs, res[shown].pca_mse, res[shown].explained);
    linear_ae tied = tied_ae_alloc(train_set.dim, c.latent, c.lr, init);
    if (ae_gradcheck_gate(&c, "the tied linear AE", gc_tied, AE_GC_TOL_MODEL, "exercise 0.1",
                          "lessons/00-backprop/exercises.c"))
        return 1;
    add_training(&todo, &tied, &r_tied);   /* trained below, beside the others; then max |W1 W1^T - I| */
    /* END BOOK */

    ae_par_run(todo.n, train_one, &todo);   /* the sweep, the L2 model and the tied one, one a core */
    aligned al = compare_directions(plain, &l2, p, c.latent);
    double orth = ortho_gap(tied.enc->W);   /* max |W1 W1^T - I|: the tied encoder's rows orthonormal? */

    ae_check(c.prog, write_mse(&c, res, n));
    ae_check(c.prog, write_curves(&c, res, n));
    ae_check(c.prog, write_align(&c, &al, p, c.latent, L2_WD));
    ae_check(c.prog, write_align_plain(&c, &al, c.latent));
    ae_check(c.prog, write_align_l2(&c, &al, c.latent));
    ae_check(c.prog, write_directions(&c, &al, p, c.latent, &test));
    ae_check(c.prog, write_recon(&c, &test, p, plain, &l2, c.latent));
    ae_check(c.prog, write_spectrum(&c, p, &test));
    double faces_heldout;   /* the held-out faces' variance that all FACES_FIT - 1 eigenfaces rebuild */
    ae_check(c.prog, write_faces_spectrum(&c, pf, &held, &faces_heldout));
    ae_check(c.prog, write_eigenfaces(&c, &fit, pf));
    ae_check(c.prog, write_faces_recon(&c, &fit, &held, pf));
    ae_check(c.prog, write_tied(&c, &res[shown], &r_tied));

    const result *r32 = NULL, *r16 = NULL;
    for (size_t i = 0; i < n; i++) {
        if (res[i].k == 32)
            r32 = &res[i];
        if (res[i].k == 16)
            r16 = &res[i];
    }
    printf("lesson01 linear-pca: data %s", c.data);
    if (r32)
        printf(" pca32 %.5f ae32 %.5f ratio32 %.4f", r32->pca_mse, r32->ae_mse, r32->ae_mse / r32->pca_mse);
    if (r16)
        printf(" angle16 %.2fdeg", r16->angle_max);
    const result *last = &res[ncodes - 1];   /* the sweep's largest k: mse.png's claim at its hardest */
    printf(" gap%zu %.2f%% angle_mean%zu %.2fdeg angle_max%zu %.1fdeg", last->k, 100 * (last->ae_mse / last->pca_mse - 1),
           last->k, last->angle_mean, last->k, last->angle_max);
    printf(" k %zu align_plain %.3f align_l2 %.4f tied_ratio %.4f tied_angle %.2fdeg tied_orth %.3f "
           "tied_gradcheck %.1e faces_heldout%d %.3f epochs %d time %.1fs\n", c.latent,
           worst_alignment(al.M_plain), worst_alignment(al.M_l2), r_tied.ae_mse / r_tied.pca_mse, r_tied.angle_max,
           orth, gc_tied, FACES_FIT - 1, faces_heldout, c.epochs, ae_seconds() - c.t0);

    aligned_free(&al);
    for (size_t i = 0; i < n; i++)
        linear_ae_free(&sweep[i]);
    linear_ae_free(&l2);
    linear_ae_free(&tied);
    result_free(&r_tied);
    for (size_t i = 0; i < n; i++)
        result_free(&res[i]);
    result_free(&r_l2);
    buffers_free(&v);
    gsl_rng_free(init);
    ae_pca_free(p);
    ae_pca_free(pf);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    ae_dataset_free(&faces);
    return 0;
}
