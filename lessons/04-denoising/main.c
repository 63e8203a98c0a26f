/* Lesson 04 — denoising autoencoders.
 *
 * A denoising autoencoder (DAE; Vincent et al. 2008) sees a corrupted input x~ and
 * is trained to give back the clean x: L = BCE(g(f(x~)), x). Three corruptions
 * from lib/data: additive Gaussian noise (sigma), masking noise (a fraction nu of
 * the pixels set to 0; exercise 4.1) and salt-and-pepper. For each a DAE 784-256-784
 * is trained at one noise level, and a plain AE on clean digits; both are then
 * tested on clean targets at increasing noise levels. Then the geometry: a small DAE
 * on points near a spiral in the plane, whose g(f(x)) - x on a grid points back to
 * the curve, next to the field of the best possible denoiser (exercise 4.2). Last,
 * infilling: a DAE trained with a hidden square block fills the block in.
 * BOOK.md chapter 4.
 *
 * Run:    make lesson04                  (about 9 s)
 *         make lesson04 ARGS="--quick"   (a few seconds: 2,000 digits, 3 epochs, 128 code units, step 8e-3)
 *         make lesson04 ARGS="--epochs 20 --data fashion"   (longer, sharper)
 * Writes: out/04-denoising/curves.dat      test MSE per pixel vs noise level, AE and DAE, per corruption
 *         out/04-denoising/denoise_gaussian.dat, denoise_mask.dat, denoise_saltpepper.dat
 *                                          rows: noisy, AE, DAE, clean at two noise levels
 *         out/04-denoising/curve.dat       the 2-D training points near a spiral
 *         out/04-denoising/field.dat       g(f(x)) - x of the 2-D DAE on a grid
 *         out/04-denoising/bayes.dat       E[x | x~] - x~ of the best denoiser on the same grid
 *         out/04-denoising/infill.dat      rows: masked, AE, DAE, original
 *         out/04-denoising/infill_err.dat  squared error inside the hidden block, AE and DAE
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "net.h"
#include "optim.h"
#include "out.h"
#include "progress.h"
#include "rng.h"

enum { HIDDEN = 256, QUICK_HIDDEN = 128, EVAL = 1000, QUICK_EVAL = 300, SHOW = 8, LEVELS = 9, QUICK_TRAIN = 2000 };
enum { CURVE_N = 1000, FIELD_HIDDEN = 64, GRID = 25, FIELD_EPOCHS = 300, FIELD_BATCH = 100 };
#define FIELD_EXTENT 1.2   /* the grid covers [-1.2, 1.2]^2; the spiral has radius <= 1 */
#define FIELD_SIGMA 0.15   /* the 2-D DAE's training noise */

/* The corruptions of the curves: each with its largest test level. */
typedef enum { K_GAUSS, K_MASK, K_SP, NKINDS } kind;
static const ae_noise NOISE[NKINDS] = {AE_NOISE_GAUSSIAN, AE_NOISE_MASK, AE_NOISE_SALT_PEPPER};
static const double MAX_LEVEL[NKINDS] = {0.8, 0.8, 0.4};

typedef struct {
    double level[NKINDS];   /* --sigma --nu --sp: the training levels */
    size_t block;           /* --block: side of the hidden square */
} settings;

/* What a model is trained on: clean (the plain AE), one noise kind, or a hidden block. */
typedef enum { T_CLEAN, T_NOISE, T_BLOCK } training;

/* Buffers of up to EVAL rows, shared by the models (one trains or is evaluated at a time). */
typedef struct {
    gsl_matrix *X, *Xc, *dA;   /* clean batch, its corrupted copy, dL/dlogits */
} buffers;

typedef struct {
    ae_net *net;            /* 784 -> 256 relu -> 784 identity (logits), batches of up to --batch */
    ae_optim *opt;
    buffers *buf;
} dae;

static dae dae_alloc(size_t D, size_t hidden, size_t batch, double lr, buffers *buf, gsl_rng *init)
{
    const size_t sizes[] = {D, hidden, D};
    const ae_act f[] = {AE_RELU, AE_IDENTITY};
    dae m = {ae_net_alloc(2, sizes, f, batch), ae_optim_alloc(AE_ADAM, lr), buf};
    ae_net_init(m.net, init, 1.0);
    ae_net_add_params(m.net, m.opt);
    return m;
}

static void dae_free(dae *m)
{
    ae_net_free(m->net);
    ae_optim_free(m->opt);
}

/* Corrupt X into Xc as the model's training says (level: sigma or nu). */
static void corrupt(gsl_matrix *Xc, const gsl_matrix *X, training t, kind k, double level,
                    const settings *s, size_t side, gsl_rng *r)
{
    if (t == T_CLEAN)
        gsl_matrix_memcpy(Xc, X);
    else if (t == T_BLOCK)
        ae_corrupt_block(Xc, X, side, side, s->block, r);
    else if (k == K_MASK)
        ex04_mask_noise(Xc, X, level, r);                    /* exercise 4.1 */
    else
        ae_corrupt(Xc, X, NOISE[k], level, r);
}

/* BOOK: dae_step */
/* One step on L = BCE(g(f(x~)), x): the corrupted x~ goes in, the clean x is the target. */
static double dae_step(dae *m, const gsl_matrix *X, const gsl_matrix *Xc, gsl_matrix *dA)
{
    ae_optim_zero_grad(m->opt);
    const gsl_matrix *logits = ae_net_forward(m->net, Xc);   /* x_hat = sigmoid(g(f(x~))) */
    double loss = ae_loss_bce_logits(dA, logits, X);         /* against the clean x */
    ae_net_backward(m->net, dA, AE_SKIP_DX);
    ae_optim_step(m->opt);
    return loss;
}
/* END BOOK */

static void train(dae *m, const ae_dataset *ds, training t, kind k, const settings *s, const ae_cli *c,
                  const char *label)
{
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE), *noise = ae_rng_alloc(c->seed, AE_RNG_NOISE);
    ae_batcher *batches = ae_batcher_alloc(ds->n, c->batch);
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t b = 0; (rows = ae_batcher_next(batches, &idx)) > 0; b++) {
            gsl_matrix_view X = gsl_matrix_submatrix(m->buf->X, 0, 0, rows, ds->dim);
            gsl_matrix_view Xc = gsl_matrix_submatrix(m->buf->Xc, 0, 0, rows, ds->dim);
            gsl_matrix_view dA = gsl_matrix_submatrix(m->buf->dA, 0, 0, rows, ds->dim);
            ae_batch_fill(&X.matrix, NULL, ds, idx, rows);
            corrupt(&Xc.matrix, &X.matrix, t, k, s->level[k], s, ds->rows, noise);   /* new noise every time */
            double loss = dae_step(m, &X.matrix, &Xc.matrix, &dA.matrix);
            ae_check_loss(c, loss, epoch, b + 1);
            sum += loss * (double)rows;
        }
        ae_progress(c, "%s epoch %d/%d: BCE %.2f", label, epoch, c->epochs, sum / (double)ds->n);
    }
    ae_batcher_free(batches);
    gsl_rng_free(noise);
    gsl_rng_free(shuffle);
}

/* x_hat = sigmoid(logits) of the model for the rows of Xc, into Out (in batches). */
static void reconstruct(gsl_matrix *Out, dae *m, const gsl_matrix *Xc)
{
    for (size_t first = 0; first < Xc->size1; first += m->net->max_batch) {
        size_t rows = GSL_MIN(m->net->max_batch, Xc->size1 - first);
        gsl_matrix_const_view in = gsl_matrix_const_submatrix(Xc, first, 0, rows, Xc->size2);
        gsl_matrix_view out = gsl_matrix_submatrix(Out, first, 0, rows, Out->size2);
        ae_act_forward(AE_SIGMOID, &out.matrix, ae_net_forward(m->net, &in.matrix));
    }
}

/* Test MSE per pixel against the clean images, inputs corrupted by kind k at level
 * (the same noise for every model: the generator restarts from the seed). */
static double noisy_mse(dae *m, const ae_dataset *test, kind k, double level, const settings *s,
                        unsigned long seed)
{
    gsl_rng *r = ae_rng_alloc(seed + 1000, AE_RNG_NOISE);
    gsl_matrix_view X = gsl_matrix_submatrix(m->buf->X, 0, 0, test->n, test->dim);
    gsl_matrix_view Xc = gsl_matrix_submatrix(m->buf->Xc, 0, 0, test->n, test->dim);
    gsl_matrix_view Out = gsl_matrix_submatrix(m->buf->dA, 0, 0, test->n, test->dim);
    ae_batch_range(&X.matrix, NULL, test, 0, test->n);
    corrupt(&Xc.matrix, &X.matrix, T_NOISE, k, level, s, test->rows, r);
    reconstruct(&Out.matrix, m, &Xc.matrix);
    gsl_rng_free(r);
    return ae_loss_mse(NULL, &Out.matrix, &X.matrix) / (double)test->dim;
}

/* ---- the 2-D picture: a DAE on points near a spiral ---- */

/* n points near a spiral of 1.5 turns: r = 0.2 + 0.8 t, theta = 3 pi t, plus N(0, 0.01^2). */
static gsl_matrix *spiral(size_t n, gsl_rng *r)
{
    gsl_matrix *P = gsl_matrix_alloc(n, 2);
    for (size_t i = 0; i < n; i++) {
        double t = gsl_rng_uniform(r), rad = 0.2 + 0.8 * t, th = 3.0 * M_PI * t;
        gsl_matrix_set(P, i, 0, rad * cos(th) + ae_rng_gaussian(r, 0.01));
        gsl_matrix_set(P, i, 1, rad * sin(th) + ae_rng_gaussian(r, 0.01));
    }
    return P;
}

/* 2 -> 64 tanh -> 64 tanh -> 2, trained on (x + N(0, sigma^2 I), x) with squared error. */
static ae_net *train_field(const gsl_matrix *P, const ae_cli *c)
{
    const size_t sizes[] = {2, FIELD_HIDDEN, FIELD_HIDDEN, 2};
    const ae_act f[] = {AE_TANH, AE_TANH, AE_IDENTITY};
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT), *noise = ae_rng_alloc(c->seed + 1, AE_RNG_NOISE);
    gsl_rng *shuffle = ae_rng_alloc(c->seed + 1, AE_RNG_SHUFFLE);
    ae_net *net = ae_net_alloc(3, sizes, f, FIELD_BATCH);
    ae_net_init(net, init, 1.0);
    ae_optim *opt = ae_optim_alloc(AE_ADAM, 3e-3);
    ae_net_add_params(net, opt);
    gsl_matrix *X = gsl_matrix_alloc(FIELD_BATCH, 2), *Xc = gsl_matrix_alloc(FIELD_BATCH, 2);
    gsl_matrix *dY = gsl_matrix_alloc(FIELD_BATCH, 2);
    ae_dataset ds = {.n = P->size1, .dim = 2, .rows = 2, .cols = 1, .xr = P->data};
    ae_batcher *batches = ae_batcher_alloc(P->size1, FIELD_BATCH);
    int epochs = c->quick ? FIELD_EPOCHS / 6 : FIELD_EPOCHS;
    for (int epoch = 1; epoch <= epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        for (size_t b = 0; (rows = ae_batcher_next(batches, &idx)) == FIELD_BATCH; b++) {
            ae_batch_fill(X, NULL, &ds, idx, rows);
            for (size_t i = 0; i < 2 * rows; i++)             /* x~ = x + N(0, sigma^2 I) */
                Xc->data[i] = X->data[i] + ae_rng_gaussian(noise, FIELD_SIGMA);
            ae_optim_zero_grad(opt);
            double loss = ae_loss_mse(dY, ae_net_forward(net, Xc), X);
            ae_check_loss(c, loss, epoch, b + 1);
            ae_net_backward(net, dY, AE_SKIP_DX);
            ae_optim_step(opt);
        }
    }
    ae_batcher_free(batches);
    gsl_matrix_free(X);
    gsl_matrix_free(Xc);
    gsl_matrix_free(dY);
    ae_optim_free(opt);
    gsl_rng_free(init);
    gsl_rng_free(noise);
    gsl_rng_free(shuffle);
    return net;
}

/* The grid points, one row each (GRID^2 x 2). */
static gsl_matrix *grid_points(void)
{
    gsl_matrix *G = gsl_matrix_alloc(GRID * GRID, 2);
    const double step = 2.0 * FIELD_EXTENT / (GRID - 1);
    for (size_t k = 0; k < GRID * GRID; k++) {
        gsl_matrix_set(G, k, 0, -FIELD_EXTENT + (double)(k % GRID) * step);
        gsl_matrix_set(G, k, 1, -FIELD_EXTENT + (double)(k / GRID) * step);
    }
    return G;
}

/* Rows x y dx dy with (dx, dy) = R - G: the arrows of a field. */
static int write_field(const ae_cli *c, const char *name, const char *what, const gsl_matrix *G,
                       const gsl_matrix *R)
{
    double *rows = malloc(G->size1 * 4 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t k = 0; k < G->size1; k++) {
        double x = gsl_matrix_get(G, k, 0), y = gsl_matrix_get(G, k, 1);
        double v[4] = {x, y, gsl_matrix_get(R, k, 0) - x, gsl_matrix_get(R, k, 1) - y};
        memcpy(rows + 4 * k, v, sizeof v);
    }
    int status = ae_write_table(c->out, name, what, "x y dx dy", rows, G->size1, 4);
    free(rows);
    return status;
}

/* BOOK: vector_field */
/* g(f(x)) - x of the 2-D DAE, and E[x | x~] - x~ of the best denoiser (exercise 4.2). */
static int vector_fields(const ae_cli *c, double *mean_cos)
{
    gsl_rng *r = ae_rng_alloc(c->seed, AE_RNG_DATA);
    gsl_matrix *P = spiral(CURVE_N, r), *G = grid_points(), *R = gsl_matrix_alloc(GRID * GRID, 2);
    ae_net *net = train_field(P, c);
    gsl_matrix *Rd = gsl_matrix_alloc(GRID * GRID, 2);
    for (size_t first = 0; first < GRID * GRID; first += FIELD_BATCH) {   /* the DAE, a batch at a time */
        size_t rows = GRID * GRID - first < FIELD_BATCH ? GRID * GRID - first : FIELD_BATCH;
        gsl_matrix_view Gb = gsl_matrix_submatrix(G, first, 0, rows, 2), Rb = gsl_matrix_submatrix(Rd, first, 0, rows, 2);
        gsl_matrix_memcpy(&Rb.matrix, ae_net_forward(net, &Gb.matrix));
    }
    ex04_bayes_denoiser(R, G, P, FIELD_SIGMA);                               /* (4.5) */
    double cos_sum = 0.0;   /* agreement of the two fields' directions */
    for (size_t k = 0; k < GRID * GRID; k++) {
        double ax = gsl_matrix_get(Rd, k, 0) - gsl_matrix_get(G, k, 0), ay = gsl_matrix_get(Rd, k, 1) - gsl_matrix_get(G, k, 1);
        double bx = gsl_matrix_get(R, k, 0) - gsl_matrix_get(G, k, 0), by = gsl_matrix_get(R, k, 1) - gsl_matrix_get(G, k, 1);
        cos_sum += (ax * bx + ay * by) / (hypot(ax, ay) * hypot(bx, by) + 1e-300);
    }
    *mean_cos = cos_sum / (GRID * GRID);
    int status = ae_write_table(c->out, "curve.dat", "the 2-D training points near a spiral", "x y", P->data,
                                CURVE_N, 2);
    if (!status)
        status = write_field(c, "field.dat", "g(f(x)) - x of the 2-D DAE on a grid", G, Rd);
    if (!status)
        status = write_field(c, "bayes.dat", "E[x | x~] - x~ of the best denoiser (exercise 4.2)", G, R);
    ae_net_free(net);
    gsl_matrix_free(P);
    gsl_matrix_free(G);
    gsl_matrix_free(R);
    gsl_matrix_free(Rd);
    gsl_rng_free(r);
    return status;
}
/* END BOOK */

/* ---- image outputs ---- */

/* Rows: noisy, AE, DAE, clean, at the two levels (half the training level, then the training level). */
static int write_examples(const ae_cli *c, dae *ae, dae *m, const ae_dataset *test, kind k, const settings *s)
{
    const size_t D = test->dim;
    double *img = malloc(8 * SHOW * D * sizeof *img);
    AE_ASSERT(img);
    gsl_rng *r = ae_rng_alloc(c->seed + 2000, AE_RNG_NOISE);
    for (size_t lv = 0; lv < 2; lv++) {
        double level = s->level[k] * (lv ? 1.0 : 0.5);
        gsl_matrix_view rows = gsl_matrix_view_array(img + lv * 4 * SHOW * D, 4 * SHOW, D);
        gsl_matrix_view noisy = gsl_matrix_submatrix(&rows.matrix, 0, 0, SHOW, D);
        gsl_matrix_view out_ae = gsl_matrix_submatrix(&rows.matrix, SHOW, 0, SHOW, D);
        gsl_matrix_view out_dae = gsl_matrix_submatrix(&rows.matrix, 2 * SHOW, 0, SHOW, D);
        gsl_matrix_view clean = gsl_matrix_submatrix(&rows.matrix, 3 * SHOW, 0, SHOW, D);
        ae_batch_range(&clean.matrix, NULL, test, 0, SHOW);
        corrupt(&noisy.matrix, &clean.matrix, T_NOISE, k, level, s, test->rows, r);
        reconstruct(&out_ae.matrix, ae, &noisy.matrix);
        reconstruct(&out_dae.matrix, m, &noisy.matrix);
    }
    char name[64], what[160];
    snprintf(name, sizeof name, "denoise_%s.dat", ae_noise_name(NOISE[k]));
    snprintf(what, sizeof what, "%s noise at %g and %g: rows noisy, AE, DAE, clean (twice)",
             ae_noise_name(NOISE[k]), 0.5 * s->level[k], s->level[k]);
    int status = ae_write_mosaic(c->out, name, what, img, 8 * SHOW, test->rows, test->cols, SHOW, 1.0);
    gsl_rng_free(r);
    free(img);
    return status;
}

/* Infilling: block-masked test digits, the AE's and the block DAE's outputs, the originals;
 * err[0], err[1]: squared error per hidden pixel of the AE and the DAE on the test set. */
static int write_infill(const ae_cli *c, dae *ae, dae *m, const ae_dataset *test, const settings *s, double err[2])
{
    const size_t D = test->dim, N = test->n;
    gsl_matrix *X = gsl_matrix_alloc(N, D), *Mask = gsl_matrix_alloc(N, D), *Xc = gsl_matrix_alloc(N, D);
    gsl_matrix *Out = gsl_matrix_alloc(N, D);
    gsl_rng *r = ae_rng_alloc(c->seed + 3000, AE_RNG_NOISE);
    ae_batch_range(X, NULL, test, 0, N);
    gsl_matrix_set_all(Mask, 1.0);
    ae_corrupt_block(Mask, Mask, test->rows, test->cols, s->block, r);   /* 0 inside the block */
    gsl_matrix_memcpy(Xc, X);
    gsl_matrix_mul_elements(Xc, Mask);
    double *img = malloc(4 * SHOW * D * sizeof *img);
    AE_ASSERT(img);
    memcpy(img, Xc->data, SHOW * D * sizeof *img);
    memcpy(img + 3 * SHOW * D, X->data, SHOW * D * sizeof *img);
    dae *models[2] = {ae, m};
    for (size_t k = 0; k < 2; k++) {
        reconstruct(Out, models[k], Xc);
        memcpy(img + (1 + k) * SHOW * D, Out->data, SHOW * D * sizeof *img);
        double sum = 0.0, hidden = 0.0;
        for (size_t i = 0; i < N * D; i++)
            if (Mask->data[i] == 0.0) {
                double e = Out->data[i] - X->data[i];
                sum += e * e;
                hidden += 1.0;
            }
        err[k] = sum / hidden;
    }
    int status = ae_write_mosaic(c->out, "infill.dat", "rows: a block hidden; AE output; block-DAE output; original",
                                 img, 4 * SHOW, test->rows, test->cols, SHOW, 1.0);
    double row[3] = {(double)s->block, err[0], err[1]};
    if (!status)
        status = ae_write_table(c->out, "infill_err.dat", "squared error per hidden pixel on the test digits",
                                "block ae dae", row, 1, 3);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Mask);
    gsl_matrix_free(Xc);
    gsl_matrix_free(Out);
    gsl_rng_free(r);
    return status;
}

/* Columns step, then per kind: level, AE MSE, DAE MSE. */
static int write_curves(const ae_cli *c, dae *ae, dae *m, const ae_dataset *test, const settings *s,
                        double at_train[NKINDS][2])
{
    double rows[LEVELS * (1 + 3 * NKINDS)];
    for (size_t t = 0; t < LEVELS; t++) {
        double *row = rows + t * (1 + 3 * NKINDS);
        row[0] = (double)t;
        for (size_t k = 0; k < NKINDS; k++) {
            double level = MAX_LEVEL[k] * (double)t / (LEVELS - 1);
            row[1 + 3 * k] = level;
            row[2 + 3 * k] = noisy_mse(ae, test, k, level, s, c->seed);
            row[3 + 3 * k] = noisy_mse(&m[k], test, k, level, s, c->seed);
        }
    }
    for (size_t k = 0; k < NKINDS; k++) {
        at_train[k][0] = noisy_mse(ae, test, k, s->level[k], s, c->seed);
        at_train[k][1] = noisy_mse(&m[k], test, k, s->level[k], s, c->seed);
    }
    return ae_write_table(c->out, "curves.dat", "test MSE per pixel against the clean digits vs noise level",
                          "step sigma ae_gauss dae_gauss nu ae_mask dae_mask sp ae_sp dae_sp", rows, LEVELS,
                          1 + 3 * NKINDS);
}

int main(int argc, char **argv)
{
    settings s = {.level = {0.5, 0.5, 0.25}, .block = 12};
    ae_cli_extra extra[] = {
        {.name = "sigma", .kind = AE_X_REAL, .value = &s.level[K_GAUSS], .lo = 0, .hi = 2,
         .help = "training sigma of the Gaussian DAE"},
        {.name = "nu", .kind = AE_X_REAL, .value = &s.level[K_MASK], .lo = 0, .hi = 1,
         .help = "training fraction nu of the masking DAE"},
        {.name = "sp", .kind = AE_X_REAL, .value = &s.level[K_SP], .lo = 0, .hi = 1,
         .help = "training fraction of the salt-and-pepper DAE"},
        {.name = "block", .kind = AE_X_SIZE, .value = &s.block, .lo = 1, .hi = 28,
         .help = "side of the square hidden for infilling"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson04",
        .title = "denoising: Gaussian, masking and salt-and-pepper DAEs, the vector field, infilling",
        .about = "Trains a plain AE and DAEs (784-256-784, ReLU code, BCE) with each corruption at the\n"
                 "levels given, tests them on noisy inputs against clean targets, trains a 2-D DAE\n"
                 "near a spiral for the vector field, and a DAE with a hidden block for infilling.\n"
                 "--quick: 2,000 training digits, 3 epochs, 128 code units, --lr 8e-3. Longer: --epochs 20. BOOK.md chapter 4.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "mnist,fashion",
        .extra = extra,
        .epochs = 4, .batch = 100, .lr = 3e-3, .seed = 42, .data = "mnist", .data_dir = AE_DATA_DIR,
        .out = "out/04-denoising",
    };
    ae_cli_parse(&c, argc, argv);
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = 3;
    if (c.quick && !ae_cli_given(&c, AE_FLAG_LR))
        c.lr = 8e-3;   /* few steps: larger ones */

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (s.block > train_set.rows)
        ae_die(c.prog, "--block: %zu is larger than the %zu-pixel image", s.block, train_set.rows);
    if (c.quick && train_set.n > QUICK_TRAIN)
        ae_dataset_truncate(&train_set, QUICK_TRAIN);
    size_t n_eval = c.quick ? QUICK_EVAL : EVAL;
    ae_dataset_truncate(&test, test.n < n_eval ? test.n : n_eval);

    const size_t rows = c.batch > EVAL ? c.batch : EVAL, D = train_set.dim;
    buffers buf = {gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, D)};
    dae ae, m[NKINDS], block;
    dae *all[NKINDS + 2] = {&ae, &m[K_GAUSS], &m[K_MASK], &m[K_SP], &block};
    const char *labels[NKINDS + 2] = {"AE", "DAE gaussian", "DAE mask", "DAE salt-and-pepper", "DAE block"};
    for (size_t i = 0; i < NKINDS + 2; i++) {
        gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);   /* every model from the same start */
        *all[i] = dae_alloc(D, c.quick ? QUICK_HIDDEN : HIDDEN, c.batch, c.lr, &buf, init);
        gsl_rng_free(init);
        training t = i == 0 ? T_CLEAN : i <= NKINDS ? T_NOISE : T_BLOCK;
        train(all[i], &train_set, t, i >= 1 && i <= NKINDS ? (kind)(i - 1) : K_GAUSS, &s, &c, labels[i]);
        ae_optim_free(all[i]->opt);   /* trained: Adam's m and v are no longer needed (peak memory) */
        all[i]->opt = NULL;
    }

    double at_train[NKINDS][2], infill_err[2], mean_cos;
    ae_check(c.prog, write_curves(&c, &ae, m, &test, &s, at_train));
    for (size_t k = 0; k < NKINDS; k++)
        ae_check(c.prog, write_examples(&c, &ae, &m[k], &test, (kind)k, &s));
    ae_check(c.prog, write_infill(&c, &ae, &block, &test, &s, infill_err));
    ae_check(c.prog, vector_fields(&c, &mean_cos));

    printf("lesson04 denoising: data %s gauss%.2f ae %.4f dae %.4f mask%.2f ae %.4f dae %.4f sp%.2f ae %.4f dae %.4f "
           "infill ae %.4f dae %.4f field_cos %.3f epochs %d time %.1fs\n",
           c.data, s.level[K_GAUSS], at_train[K_GAUSS][0], at_train[K_GAUSS][1], s.level[K_MASK], at_train[K_MASK][0],
           at_train[K_MASK][1], s.level[K_SP], at_train[K_SP][0], at_train[K_SP][1], infill_err[0], infill_err[1],
           mean_cos, c.epochs, ae_seconds() - c.t0);

    for (size_t i = 0; i < NKINDS + 2; i++)
        dae_free(all[i]);
    gsl_matrix_free(buf.X);
    gsl_matrix_free(buf.Xc);
    gsl_matrix_free(buf.dA);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
