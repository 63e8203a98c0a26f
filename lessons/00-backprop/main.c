/* Lesson 00 — backprop by hand.
 *
 * A two-layer ReLU network, 2 -> 100 -> 3 (model.c), classifies three interleaved
 * spirals with a softmax cross-entropy loss. The backward pass is written out one
 * equation per line, as on the "Backprop calcs" slides (Yale S&DS 265); its three
 * pieces are exercises 0.1-0.3 in exercises.c. A gradient check of the whole model
 * runs first. Then the same network is trained twice from the same start: full-batch
 * gradient descent (one step per epoch) and minibatch SGD (N/B steps per epoch).
 * Last, representation matters (features.c): a linear softmax, no hidden layer, on the
 * points' coordinates (x1, x2), on their polar coordinates (r, theta), and on r with the
 * angle unwound by the spirals' winding (r, psi = theta + 4r).
 * BOOK.md chapter 0.
 *
 * `make lesson00 ARGS=--help` gives the options, the run time and the files it writes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_matrix.h>

#include "batch.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "features.h"
#include "figures.h"
#include "gradcheck.h"
#include "model.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

enum { PER_CLASS = 100 };
#define SPIRAL_NOISE 0.2
#define WEIGHT_DECAY 1e-3

/* ---- the whole-model gradient check ---- */

typedef struct {
    net *m;
    batch a;
    const uint8_t *y;
} check_ctx;

static double check_loss(void *ctx)
{
    check_ctx *c = ctx;
    return forward(c->m, &c->a, c->y);
}

/* Compare backward() with central differences on every parameter, for the
 * first few training points; returns the largest relative error. */
static double gradient_check(net *m, buffers *v, const ae_dataset *ds)
{
    enum { ROWS = 8 };   /* not points 0, 100, 200: they sit at the origin, on the ReLU's kink */
    const size_t idx[ROWS] = {10, 50, 90, 130, 170, 210, 250, 290};
    check_ctx c = {m, rows_of(v, ROWS), v->y};
    ae_batch_fill(&c.a.X.matrix, v->y, ds, idx, ROWS);
    net_zero_grad(m);
    forward(m, &c.a, v->y);
    backward(m, &c.a, v->y);
    double err1 = ae_gradcheck_dense(check_loss, &c, m->L1, 0);   /* every entry of W1, b1 */
    double err2 = ae_gradcheck_dense(check_loss, &c, m->L2, 0);   /* and of W2, b2 */
    return fmax(err1, err2);
}

/* ---- training ---- */

/* BOOK: train */
/* `epochs` passes over the data in batches of `batch_size`; curve[e] gets the score after epoch e. */
static void train(net *m, ae_optim *opt, buffers *v, const ae_dataset *ds, size_t batch_size,
                  const ae_cli *c, gsl_rng *shuffle, score *curve)
{
    ae_batcher *batches = ae_batcher_alloc(ds->n, batch_size);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae_batcher_epoch(batches, batch_size < ds->n ? shuffle : NULL);
        const size_t *idx;
        size_t rows;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            batch a = rows_of(v, rows);
            ae_batch_fill(&a.X.matrix, v->y, ds, idx, rows);
            ae_optim_zero_grad(opt);
            ae_check_loss(c, &watch, forward(m, &a, v->y), epoch, k + 1);
            backward(m, &a, v->y);
            ae_optim_step(opt);   /* W -= lr (dL/dW + wd W) */
        }
        curve[epoch - 1] = evaluate(m, v, ds, opt);
    }
    ae_batcher_free(batches);
}
/* END BOOK */

static ae_optim *optim_for(net *m, double lr)
{
    ae_optim *opt = ae_optim_alloc(AE_SGD, lr);
    opt->wd = WEIGHT_DECAY;
    ae_dense_add_params(m->L1, opt);   /* W with weight decay, b without */
    ae_dense_add_params(m->L2, opt);
    return opt;
}

int main(int argc, char **argv)
{
    ae_cli c = {
        .prog = "lesson00",
        .title = "backprop: a two-layer ReLU network on three spirals, backward pass by hand",
        .about = "Trains the same network by full-batch gradient descent (one step per epoch)\n"
                 "and by minibatch SGD (--batch points per step), after a gradient check.\n"
                 "BOOK.md chapter 0.\n"
                 "Default run: about 2 s with its figures.\n"
                 "Then a linear softmax on (x1, x2), on the polar (r, theta) and on the\n"
                 "unwound (r, theta + 4r).\n"
                 "Writes: loss.dat, points.dat, regions_gd.dat, regions_sgd.dat, linear.dat,\n"
                 "regions_linear_xy.dat, regions_linear_polar.dat, regions_linear_unwound.dat,\n"
                 "regions_linear_unwound_xy.dat.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_OUT | AE_FLAG_QUICK,
        .epochs = 2000, .batch = 30, .lr = 1.0, .seed = 42, .out = "out/00-backprop",
        .quick_epochs = 300,
    };
    ae_cli_parse(&c, argc, argv);

    gsl_rng *data_rng = ae_rng_alloc(c.seed, AE_RNG_DATA), *init = ae_rng_alloc(c.seed, AE_RNG_INIT),
            *shuffle = ae_rng_alloc(c.seed, AE_RNG_SHUFFLE);
    ae_dataset ds;
    ae_spirals(&ds, PER_CLASS, CLASSES, SPIRAL_NOISE, data_rng);
    ae_check_batch(&c, ds.n, "training points", 0);   /* the buffers hold all of them anyway */

    buffers *v = buffers_alloc(ds.n);
    net m_gd = net_alloc(init), m_sgd = net_alloc(init);
    net_copy(&m_sgd, &m_gd);   /* both runs start from the same weights */

    double err = gradient_check(&m_gd, v, &ds);
    if (ae_gradcheck_gate(&c, "the whole model", err, AE_GC_TOL_MODEL, "exercises 0.1-0.3",
                          "lessons/00-backprop/exercises.c"))
        return 1;

    score *gd = malloc((size_t)c.epochs * sizeof *gd), *sgd = malloc((size_t)c.epochs * sizeof *sgd);
    AE_ASSERT(gd && sgd);
    ae_optim *opt_gd = optim_for(&m_gd, c.lr), *opt_sgd = optim_for(&m_sgd, c.lr);
    train(&m_gd, opt_gd, v, &ds, ds.n, &c, shuffle, gd);
    ae_progress(&c, "full-batch GD: %d epochs (steps), loss %.4f, accuracy %.1f%%", c.epochs,
                gd[c.epochs - 1].loss, 100 * gd[c.epochs - 1].acc);
    train(&m_sgd, opt_sgd, v, &ds, c.batch, &c, shuffle, sgd);
    ae_progress(&c, "minibatch SGD (batch %zu): %d epochs, loss %.4f, accuracy %.1f%%", c.batch,
                c.epochs, sgd[c.epochs - 1].loss, 100 * sgd[c.epochs - 1].acc);

    /* BOOK: representation */
    /* the same linear softmax, f = W phi(x) + b, on three representations of the points */
    ae_dense *lin_xy = ae_dense_alloc(INPUTS, CLASSES), *lin_polar = ae_dense_alloc(INPUTS, CLASSES),
             *lin_unwound = ae_dense_alloc(INPUTS, CLASSES);
    double acc_xy = linear_fit(lin_xy, PHI_XY, &ds, c.epochs, c.lr);
    double acc_polar = linear_fit(lin_polar, PHI_POLAR, &ds, c.epochs, c.lr);
    double acc_unwound = linear_fit(lin_unwound, PHI_UNWOUND, &ds, c.epochs, c.lr);
    ae_progress(&c, "linear softmax, %d steps: accuracy on (x1, x2) %.1f%%, on (r, theta) %.1f%%, "
                "on (r, theta + 4r) %.1f%%", c.epochs, 100 * acc_xy, 100 * acc_polar, 100 * acc_unwound);
    /* END BOOK */

    ae_check(c.prog, write_loss(&c, gd, sgd));
    ae_check(c.prog, write_points(&c, &ds));
    ae_check(c.prog, write_regions(&c, "regions_gd.dat", &m_gd, v));
    ae_check(c.prog, write_regions(&c, "regions_sgd.dat", &m_sgd, v));
    ae_check(c.prog, write_linear_acc(&c, (double[3]){acc_xy, acc_polar, acc_unwound}));
    ae_check(c.prog, write_linear_regions(&c, "regions_linear_xy.dat", lin_xy, PHI_XY, 0));
    ae_check(c.prog, write_linear_regions(&c, "regions_linear_polar.dat", lin_polar, PHI_POLAR, 1));
    ae_check(c.prog, write_linear_regions(&c, "regions_linear_unwound.dat", lin_unwound, PHI_UNWOUND, 1));
    ae_check(c.prog, write_linear_regions(&c, "regions_linear_unwound_xy.dat", lin_unwound, PHI_UNWOUND, 0));
    int e10 = c.epochs < 10 ? c.epochs : 10;   /* loss.png's claim: per epoch, SGD learns faster */
    printf("lesson00 backprop: gd_acc %.1f%% sgd_acc %.1f%% gd_loss %.4f sgd_loss %.4f "
           "gd_acc%d %.1f%% sgd_acc%d %.1f%% linear_xy_acc %.1f%% linear_polar_acc %.1f%% linear_unwound_acc %.1f%% gradcheck %.1e "
           "epochs %d time %.1fs\n",
           100 * gd[c.epochs - 1].acc, 100 * sgd[c.epochs - 1].acc, gd[c.epochs - 1].loss,
           sgd[c.epochs - 1].loss, e10, 100 * gd[e10 - 1].acc, e10, 100 * sgd[e10 - 1].acc, 100 * acc_xy,
           100 * acc_polar, 100 * acc_unwound, err, c.epochs,
           ae_seconds() - c.t0);

    free(gd);
    free(sgd);
    ae_dense_free(lin_xy);
    ae_dense_free(lin_polar);
    ae_dense_free(lin_unwound);
    ae_optim_free(opt_gd);
    ae_optim_free(opt_sgd);
    net_free(&m_gd);
    net_free(&m_sgd);
    buffers_free(v);
    ae_dataset_free(&ds);
    gsl_rng_free(data_rng);
    gsl_rng_free(init);
    gsl_rng_free(shuffle);
    return 0;
}
