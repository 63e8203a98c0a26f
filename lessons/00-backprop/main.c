/* Lesson 00 — backprop by hand.
 *
 * A two-layer ReLU network, 2 -> 100 -> 3, classifies three interleaved
 * spirals with a softmax cross-entropy loss. The backward pass is written out
 * below one equation per line, as on the "Backprop calcs" slides (Yale S&DS
 * 265); its three pieces are exercises 0.1-0.3 in exercises.c. A gradient
 * check of the whole model runs first. Then the same network is trained twice
 * from the same start: full-batch gradient descent (one step per epoch) and
 * minibatch SGD (N/B steps per epoch).  BOOK.md chapter 0.
 *
 * Run:    make lesson00                  (about 1 s)
 *         make lesson00 ARGS="--quick"   (well under a second)
 * Writes: out/00-backprop/loss.dat        epoch, loss and accuracy of GD and SGD
 *         out/00-backprop/points.dat      the spirals (x y class)
 *         out/00-backprop/regions_gd.dat, regions_sgd.dat   the predicted class on a grid
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "dense.h"
#include "err.h"
#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "optim.h"
#include "out.h"
#include "progress.h"
#include "rng.h"

enum { INPUTS = 2, HIDDEN = 100, CLASSES = 3, PER_CLASS = 100, GRID = 200 };
#define SPIRAL_NOISE 0.2
#define WEIGHT_DECAY 1e-3
#define GRID_EXTENT 1.2   /* the grid covers [-1.2, 1.2]^2; the spirals have radius 1 */

/* The network f = W2 relu(W1 x + b1) + b2. */
typedef struct {
    ae_dense *L1, *L2;    /* 2 -> 100, 100 -> 3 */
} net;

/* Activations and their gradients for up to `cap` rows; views select the batch. */
typedef struct {
    size_t cap;
    gsl_matrix *X, *H, *F, *P, *dF, *dH;   /* B x 2, B x 100, B x 3 (F, P, dF), B x 100 */
    uint8_t *y;
} buffers;

typedef struct {   /* the first `rows` rows of each buffer */
    gsl_matrix_view X, H, F, P, dF, dH;
} batch;

static buffers *buffers_alloc(size_t cap)
{
    buffers *v = malloc(sizeof *v);
    AE_ASSERT(v);
    v->cap = cap;
    v->X = gsl_matrix_alloc(cap, INPUTS);
    v->H = gsl_matrix_alloc(cap, HIDDEN);
    v->F = gsl_matrix_alloc(cap, CLASSES);
    v->P = gsl_matrix_alloc(cap, CLASSES);
    v->dF = gsl_matrix_alloc(cap, CLASSES);
    v->dH = gsl_matrix_alloc(cap, HIDDEN);
    v->y = malloc(cap);
    AE_ASSERT(v->y);
    return v;
}

static void buffers_free(buffers *v)
{
    gsl_matrix *m[] = {v->X, v->H, v->F, v->P, v->dF, v->dH};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        gsl_matrix_free(m[i]);
    free(v->y);
    free(v);
}

static batch rows_of(buffers *v, size_t rows)
{
    AE_ASSERT(rows <= v->cap);
    return (batch){
        gsl_matrix_submatrix(v->X, 0, 0, rows, INPUTS), gsl_matrix_submatrix(v->H, 0, 0, rows, HIDDEN),
        gsl_matrix_submatrix(v->F, 0, 0, rows, CLASSES), gsl_matrix_submatrix(v->P, 0, 0, rows, CLASSES),
        gsl_matrix_submatrix(v->dF, 0, 0, rows, CLASSES), gsl_matrix_submatrix(v->dH, 0, 0, rows, HIDDEN)};
}

/* BOOK: forward */
/* Scores F and probabilities P for the rows of X; returns the mean cross-entropy. */
static double forward(const net *m, batch *a, const uint8_t *y)
{
    ae_dense_forward(&a->H.matrix, &a->X.matrix, m->L1);            /* u = W1 x + b1 */
    ae_act_forward(AE_RELU, &a->H.matrix, &a->H.matrix);            /* h = relu(u)   */
    ae_dense_forward(&a->F.matrix, &a->H.matrix, m->L2);            /* f = W2 h + b2 */
    return ae_loss_softmax_ce(NULL, &a->P.matrix, &a->F.matrix, y); /* p = softmax(f), L = -log p_y */
}
/* END BOOK */

/* BOOK: backward */
/* Gradients of the mean cross-entropy, added into dW1, db1, dW2, db2. */
static void backward(net *m, batch *a, const uint8_t *y)
{
    ex00_softmax_ce_grad(&a->dF.matrix, &a->P.matrix, y);              /* (0.6) dL/df = p - 1(y=k)  */
    ex00_dense_backward(&a->dH.matrix, m->L2, &a->dF.matrix, &a->H.matrix); /* (0.3) dL/dW2 = dL/df h^T,
                                                                          (0.4) dL/dh = W2^T dL/df  */
    ex00_relu_backward(&a->dH.matrix, &a->H.matrix);                   /* (0.5) dL/du = 1(h>0) dL/dh */
    ex00_dense_backward(NULL, m->L1, &a->dH.matrix, &a->X.matrix);     /* (0.3) dL/dW1 = dL/du x^T   */
}
/* END BOOK */

static void net_zero_grad(net *m)
{
    ae_dense_zero_grad(m->L1);
    ae_dense_zero_grad(m->L2);
}

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

    gsl_matrix *theta[] = {m->L1->W, m->L2->W}, *grad[] = {m->L1->dW, m->L2->dW};
    gsl_vector *beta[] = {m->L1->b, m->L2->b}, *dbeta[] = {m->L1->db, m->L2->db};
    double worst = 0.0;
    for (size_t i = 0; i < 2; i++) {
        size_t nw = theta[i]->size1 * theta[i]->size2;
        double *gw = malloc(nw * sizeof *gw), *gb = malloc(beta[i]->size * sizeof *gb);
        AE_ASSERT(gw && gb);
        memcpy(gw, grad[i]->data, nw * sizeof *gw);
        memcpy(gb, dbeta[i]->data, beta[i]->size * sizeof *gb);
        ae_gc_result rw = ae_gradcheck(check_loss, &c, theta[i]->data, gw, nw, AE_GC_STEP);
        ae_gc_result rb = ae_gradcheck(check_loss, &c, beta[i]->data, gb, beta[i]->size, AE_GC_STEP);
        worst = fmax(worst, fmax(rw.rel_err, rb.rel_err));
        free(gw);
        free(gb);
    }
    return worst;
}

/* ---- training ---- */

typedef struct {
    double loss, acc;   /* mean cross-entropy + (wd/2)||W||^2, and accuracy, on all points */
} score;

/* Loss and accuracy of the network on the whole set (in one batch). */
static score evaluate(const net *m, buffers *v, const ae_dataset *ds, const ae_optim *opt)
{
    batch a = rows_of(v, ds->n);
    ae_batch_range(&a.X.matrix, v->y, ds, 0, ds->n);
    double loss = forward(m, &a, v->y) + ae_optim_decay_penalty(opt);
    return (score){loss, (double)ae_count_correct(&a.P.matrix, v->y) / (double)ds->n};
}

/* BOOK: train */
/* `epochs` passes over the data in batches of `batch_size`; curve[e] gets the score after epoch e. */
static void train(net *m, ae_optim *opt, buffers *v, const ae_dataset *ds, size_t batch_size,
                  const ae_cli *c, gsl_rng *shuffle, score *curve)
{
    ae_batcher *batches = ae_batcher_alloc(ds->n, batch_size);
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae_batcher_epoch(batches, batch_size < ds->n ? shuffle : NULL);
        const size_t *idx;
        size_t rows;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            batch a = rows_of(v, rows);
            ae_batch_fill(&a.X.matrix, v->y, ds, idx, rows);
            ae_optim_zero_grad(opt);
            ae_check_loss(c, forward(m, &a, v->y), epoch, k + 1);
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

static net net_alloc(gsl_rng *init)
{
    net m = {ae_dense_alloc(INPUTS, HIDDEN), ae_dense_alloc(HIDDEN, CLASSES)};
    ae_dense_init(m.L1, init, sqrt(2.0));   /* He initialisation for the ReLU layer */
    ae_dense_init(m.L2, init, 1.0);
    return m;
}

static void net_copy(net *dst, const net *src)
{
    gsl_matrix_memcpy(dst->L1->W, src->L1->W);
    gsl_vector_memcpy(dst->L1->b, src->L1->b);
    gsl_matrix_memcpy(dst->L2->W, src->L2->W);
    gsl_vector_memcpy(dst->L2->b, src->L2->b);
}

/* ---- outputs ---- */

/* The predicted class at each point of a GRID x GRID lattice over the square. */
static int write_regions(const ae_cli *c, const char *name, const net *m, buffers *v)
{
    double *cls = malloc(GRID * GRID * sizeof *cls);
    AE_ASSERT(cls);
    const double step = 2.0 * GRID_EXTENT / (GRID - 1);
    for (size_t start = 0; start < GRID * GRID; start += v->cap) {
        size_t rows = GRID * GRID - start < v->cap ? GRID * GRID - start : v->cap;
        batch a = rows_of(v, rows);
        for (size_t r = 0; r < rows; r++) {
            size_t i = (start + r) / GRID, j = (start + r) % GRID;   /* row i is y, column j is x */
            gsl_matrix_set(&a.X.matrix, r, 0, -GRID_EXTENT + j * step);
            gsl_matrix_set(&a.X.matrix, r, 1, -GRID_EXTENT + i * step);
            v->y[r] = 0;
        }
        forward(m, &a, v->y);
        for (size_t r = 0; r < rows; r++) {
            gsl_vector_const_view p = gsl_matrix_const_row(&a.P.matrix, r);
            cls[start + r] = (double)gsl_vector_max_index(&p.vector);
        }
    }
    char what[192];
    snprintf(what, sizeof what, "predicted class on a %dx%d grid (matrix): row i is y = %g + i*%g, "
             "column j is x = %g + j*%g", GRID, GRID, -GRID_EXTENT, step, -GRID_EXTENT, step);
    int status = ae_write_table(c->out, name, what, NULL, cls, GRID, GRID);
    free(cls);
    return status;
}

static int write_outputs(const ae_cli *c, const ae_dataset *ds, const score *gd, const score *sgd,
                         const net *m_gd, const net *m_sgd, buffers *v)
{
    double *rows = malloc((size_t)c->epochs * 5 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < c->epochs; e++) {
        double r[5] = {e + 1, gd[e].loss, gd[e].acc, sgd[e].loss, sgd[e].acc};
        memcpy(rows + 5 * e, r, sizeof r);
    }
    int status = ae_write_table(c->out, "loss.dat", "training loss and accuracy per epoch, GD vs SGD",
                                "epoch gd_loss gd_acc sgd_loss sgd_acc", rows, c->epochs, 5);
    free(rows);
    double *pts = malloc(ds->n * 3 * sizeof *pts);
    AE_ASSERT(pts);
    for (size_t i = 0; i < ds->n; i++) {
        pts[3 * i] = ds->xr[2 * i];
        pts[3 * i + 1] = ds->xr[2 * i + 1];
        pts[3 * i + 2] = ds->y[i];
    }
    if (!status)
        status = ae_write_table(c->out, "points.dat", "the three spirals", "x y class", pts, ds->n, 3);
    free(pts);
    if (!status)
        status = write_regions(c, "regions_gd.dat", m_gd, v);
    if (!status)
        status = write_regions(c, "regions_sgd.dat", m_sgd, v);
    return status;
}

int main(int argc, char **argv)
{
    ae_cli c = {
        .prog = "lesson00",
        .title = "backprop: a two-layer ReLU network on three spirals, backward pass by hand",
        .about = "Trains the same network by full-batch gradient descent (one step per epoch)\n"
                 "and by minibatch SGD (--batch points per step), after a gradient check.\n"
                 "Writes loss.dat, points.dat, regions_gd.dat, regions_sgd.dat. BOOK.md chapter 0.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_OUT | AE_FLAG_QUICK,
        .epochs = 2000, .batch = 30, .lr = 1.0, .seed = 42, .out = "out/00-backprop",
    };
    ae_cli_parse(&c, argc, argv);
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = 300;

    gsl_rng *data_rng = ae_rng_alloc(c.seed, AE_RNG_DATA), *init = ae_rng_alloc(c.seed, AE_RNG_INIT),
            *shuffle = ae_rng_alloc(c.seed, AE_RNG_SHUFFLE);
    ae_dataset ds;
    ae_spirals(&ds, PER_CLASS, CLASSES, SPIRAL_NOISE, data_rng);
    if (c.batch > ds.n)
        ae_die(c.prog, "--batch: %zu is larger than the %zu training points", c.batch, ds.n);

    buffers *v = buffers_alloc(ds.n);
    net m_gd = net_alloc(init), m_sgd = net_alloc(init);
    net_copy(&m_sgd, &m_gd);   /* both runs start from the same weights */

    double err = gradient_check(&m_gd, v, &ds);
    ae_progress(&c, "gradient check of the whole model: max relative error %.2g (tolerance %.0e)",
                err, AE_GC_TOL_MODEL);
    if (!(err <= AE_GC_TOL_MODEL)) {
        fprintf(stderr, "%s: the backward pass disagrees with finite differences: "
                        "finish exercises 0.1-0.3 in lessons/00-backprop/exercises.c (make grade)\n", c.prog);
        return 1;
    }

    score *gd = malloc((size_t)c.epochs * sizeof *gd), *sgd = malloc((size_t)c.epochs * sizeof *sgd);
    AE_ASSERT(gd && sgd);
    ae_optim *opt_gd = optim_for(&m_gd, c.lr), *opt_sgd = optim_for(&m_sgd, c.lr);
    train(&m_gd, opt_gd, v, &ds, ds.n, &c, shuffle, gd);
    ae_progress(&c, "full-batch GD: %d epochs (steps), loss %.4f, accuracy %.1f%%", c.epochs,
                gd[c.epochs - 1].loss, 100 * gd[c.epochs - 1].acc);
    train(&m_sgd, opt_sgd, v, &ds, c.batch, &c, shuffle, sgd);
    ae_progress(&c, "minibatch SGD (batch %zu): %d epochs, loss %.4f, accuracy %.1f%%", c.batch,
                c.epochs, sgd[c.epochs - 1].loss, 100 * sgd[c.epochs - 1].acc);

    ae_check(c.prog, write_outputs(&c, &ds, gd, sgd, &m_gd, &m_sgd, v));
    printf("lesson00 backprop: gd_acc %.1f%% sgd_acc %.1f%% gd_loss %.4f sgd_loss %.4f "
           "gradcheck %.1e epochs %d time %.1fs\n",
           100 * gd[c.epochs - 1].acc, 100 * sgd[c.epochs - 1].acc, gd[c.epochs - 1].loss,
           sgd[c.epochs - 1].loss, err, c.epochs, ae_seconds() - c.t0);

    free(gd);
    free(sgd);
    ae_optim_free(opt_gd);
    ae_optim_free(opt_sgd);
    ae_dense_free(m_gd.L1);
    ae_dense_free(m_gd.L2);
    ae_dense_free(m_sgd.L1);
    ae_dense_free(m_sgd.L2);
    buffers_free(v);
    ae_dataset_free(&ds);
    gsl_rng_free(data_rng);
    gsl_rng_free(init);
    gsl_rng_free(shuffle);
    return 0;
}
