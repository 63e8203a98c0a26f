/* Lesson 05 — sparse autoencoders: L1 activity and KL(rho || rho_hat) sparsity.
 *
 * The UFLDL sparse autoencoder (Ng's CS294A notes): 8x8 patches of a photograph
 * (the cameraman) go through 64 -> 25 -> 64 sigmoid units, trained on half the
 * squared error plus weight decay 1e-4 and the KL sparsity penalty
 * beta sum_j KL(rho || rho_hat_j), rho = 0.01, beta = 3. With the penalty each
 * hidden unit is on for about 1% of the patches and its decoder filter becomes
 * a small localised edge; without it the filters are not localised. The same with
 * the L1 activity penalty lambda sum |h| (S&DS 265 and Kyrkou's slides), then
 * patches of MNIST digits, then an overcomplete code (100 > 64 units) with and
 * without sparsity: reconstruction error and how many units are on per patch.
 * The KL gradient is exercise 5.1 and is checked by finite differences first;
 * the patches are normalised by exercise 5.2.  BOOK.md chapter 5.
 *
 * Run:    make lesson05                  (about 8 s)
 *         make lesson05 ARGS="--quick"   (a few seconds: 2,000 patches, 20 epochs)
 *         make lesson05 ARGS="--epochs 400"   (closer to UFLDL's 400 L-BFGS iterations)
 * Writes: out/05-sparse/runs.dat           per run: units, penalty, error, mean rho_hat, active units
 *         out/05-sparse/rho_hat.dat        per hidden unit of the 25-unit runs: rho_hat_j, sorted
 *         out/05-sparse/act_plain.dat, act_kl.dat   histograms of the activations h on held-out patches
 *         out/05-sparse/filters_plain.dat, filters_kl.dat, filters_l1.dat   decoder filters (5 x 5 grids)
 *         out/05-sparse/filters_mnist.dat  decoder filters on MNIST patches (KL)
 *         out/05-sparse/filters_over.dat   decoder filters of the overcomplete KL code (10 x 10)
 *         out/05-sparse/patches.dat        some normalised training patches
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_sort.h>

#include "cli.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "net.h"
#include "optim.h"
#include "out.h"
#include "progress.h"
#include "rng.h"

enum { SIDE = 8, D = SIDE * SIDE, UNDER = 25, OVER = 100, QUICK_PATCHES = 2000, QUICK_EPOCHS = 20, SHOW = 40 };
#define ACTIVE 0.1   /* a unit counts as on for a patch when h > 0.1 (ten times rho) */

typedef enum { PEN_NONE, PEN_KL, PEN_L1 } penalty;
static const char *PEN_NAME[] = {"none", "kl", "l1"};

typedef struct {
    double rho, beta, l1, wd;   /* --rho --beta --l1 --wd */
    size_t over, patches;       /* --over --patches */
} settings;

/* The model: encoder x -> h = sigmoid(W1 x + b1), decoder h -> x_hat = sigmoid(W2 h + b2). */
typedef struct {
    ae_net *enc, *dec;
    ae_optim *opt;
    gsl_matrix *X, *dXhat, *dH;  /* batch buffers: B x D, B x D, B x K */
    gsl_vector *rho_hat;         /* K */
    penalty pen;
} sparse_ae;

static sparse_ae sparse_ae_alloc(size_t K, penalty pen, size_t max_batch, double lr, double wd,
                                 gsl_rng *init)
{
    const size_t se[] = {D, K}, sd[] = {K, D};
    const ae_act f[] = {AE_SIGMOID};
    sparse_ae m = {ae_net_alloc(1, se, f, max_batch), ae_net_alloc(1, sd, f, max_batch),
                   ae_optim_alloc(AE_ADAM, lr), gsl_matrix_alloc(max_batch, D),
                   gsl_matrix_alloc(max_batch, D), gsl_matrix_alloc(max_batch, K), gsl_vector_alloc(K),
                   pen};
    ae_net_init(m.enc, init, 1.0);
    ae_net_init(m.dec, init, 1.0);
    m.opt->wd = wd;   /* (wd/2) (||W1||^2 + ||W2||^2), UFLDL's lambda */
    ae_net_add_params(m.enc, m.opt);
    ae_net_add_params(m.dec, m.opt);
    return m;
}

static void sparse_ae_free(sparse_ae *m)
{
    ae_net_free(m->enc);
    ae_net_free(m->dec);
    ae_optim_free(m->opt);
    gsl_matrix_free(m->X);
    gsl_matrix_free(m->dXhat);
    gsl_matrix_free(m->dH);
    gsl_vector_free(m->rho_hat);
}

/* BOOK: sparse_loss */
/* L = 1/2B sum ||x_hat - x||^2 + penalty(h); backward into every dW, db. Returns L
 * (without the weight decay, which the optimiser adds). X: B x D. */
static double sparse_ae_loss(sparse_ae *m, const gsl_matrix *X, const settings *s)
{
    const gsl_matrix *H = ae_net_forward(m->enc, X);                  /* h = sigmoid(W1 x + b1) */
    const gsl_matrix *Xhat = ae_net_forward(m->dec, H);               /* x_hat = sigmoid(W2 h + b2) */
    gsl_matrix_view dXhat = gsl_matrix_submatrix(m->dXhat, 0, 0, X->size1, D);
    double loss = 0.5 * ae_loss_mse(&dXhat.matrix, Xhat, X);         /* UFLDL's 1/2 ||x_hat - x||^2 */
    gsl_matrix_scale(&dXhat.matrix, 0.5);
    const gsl_matrix *dHrec = ae_net_backward(m->dec, &dXhat.matrix, AE_WANT_DX);   /* dL/dh from the decoder */
    gsl_matrix_view dH = gsl_matrix_submatrix(m->dH, 0, 0, X->size1, H->size2);
    gsl_matrix_memcpy(&dH.matrix, dHrec);
    if (m->pen == PEN_KL)                                              /* (5.2), (5.3): exercise 5.1 */
        loss += ex05_kl_sparsity(&dH.matrix, m->rho_hat, H, s->rho, s->beta);
    else if (m->pen == PEN_L1)                                         /* (5.1) */
        loss += ae_penalty_l1(&dH.matrix, H, s->l1);
    ae_net_backward(m->enc, &dH.matrix, AE_SKIP_DX);                           /* dW1, db1 */
    return loss;
}
/* END BOOK */

/* ---- the gradient check of the KL run (exercise 5.1 inside the whole model) ---- */

typedef struct {
    sparse_ae *m;
    const gsl_matrix *X;
    const settings *s;
} check_ctx;

static double check_loss(void *p)
{
    check_ctx *c = p;
    ae_optim_zero_grad(c->m->opt);
    return sparse_ae_loss(c->m, c->X, c->s);
}

/* Largest relative error over W1, b1, W2, b2 of a fresh KL model on 20 patches. */
static double gradient_check(const ae_dataset *ds, const settings *s, unsigned long seed)
{
    enum { ROWS = 20 };
    gsl_rng *init = ae_rng_alloc(seed, AE_RNG_INIT);
    sparse_ae m = sparse_ae_alloc(UNDER, PEN_KL, ROWS, 1e-3, 0.0, init);
    gsl_matrix *X = gsl_matrix_alloc(ROWS, D);
    ae_batch_range(X, NULL, ds, 0, ROWS);
    check_ctx c = {&m, X, s};
    double worst = 0.0;
    ae_dense *layers[] = {m.enc->layer[0], m.dec->layer[0]};
    for (size_t l = 0; l < 2; l++) {
        size_t nw = layers[l]->W->size1 * layers[l]->W->size2, nb = layers[l]->b->size;
        double *g = malloc((nw + nb) * sizeof *g);
        AE_ASSERT(g);
        check_loss(&c);
        memcpy(g, layers[l]->dW->data, nw * sizeof *g);
        memcpy(g + nw, layers[l]->db->data, nb * sizeof *g);
        ae_gc_result rw = ae_gradcheck(check_loss, &c, layers[l]->W->data, g, nw, AE_GC_STEP);
        ae_gc_result rb = ae_gradcheck(check_loss, &c, layers[l]->b->data, g + nw, nb, AE_GC_STEP);
        worst = fmax(worst, fmax(rw.rel_err, rb.rel_err));
        free(g);
    }
    gsl_matrix_free(X);
    sparse_ae_free(&m);
    gsl_rng_free(init);
    return worst;
}

/* ---- data: patches of the photograph and of digits ---- */

/* n + n_test random 8x8 patches of the photograph, normalised together (exercise 5.2). */
static int camera_patches(ae_dataset *ds, const char *data_dir, size_t n, gsl_rng *r)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/camera.pgm", data_dir);
    ae_image im;
    int status = ae_image_load(&im, path);
    if (status)
        return status;
    ae_patches(ds, &im, SIDE, n, r);
    ae_image_free(&im);
    gsl_matrix_view X = gsl_matrix_view_array(ds->xr, ds->n, D);
    ex05_normalise_patches(&X.matrix);
    return AE_OK;
}

/* n random 8x8 patches of MNIST training digits, each with some ink in it. */
static int digit_patches(ae_dataset *ds, const char *data_dir, size_t n, gsl_rng *r)
{
    ae_dataset digits;
    int status = ae_dataset_load(&digits, "mnist", "train", data_dir);
    if (status)
        return status;
    *ds = (ae_dataset){.n = n, .dim = D, .rows = SIDE, .cols = SIDE, .classes = 1};
    snprintf(ds->name, sizeof ds->name, "patches");
    ds->xr = malloc(n * D * sizeof *ds->xr);
    ds->y = calloc(n, 1);
    AE_ASSERT(ds->xr && ds->y);
    for (size_t k = 0; k < n;) {
        const uint8_t *img = digits.x + gsl_rng_uniform_int(r, digits.n) * digits.dim;
        size_t top = gsl_rng_uniform_int(r, digits.rows - SIDE + 1);
        size_t left = gsl_rng_uniform_int(r, digits.cols - SIDE + 1);
        double ink = 0.0, *x = ds->xr + k * D;
        for (size_t a = 0; a < SIDE; a++)
            for (size_t b = 0; b < SIDE; b++) {
                x[a * SIDE + b] = img[(top + a) * digits.cols + left + b] / 255.0;
                ink += x[a * SIDE + b];
            }
        k += ink >= 2.0;   /* at least two pixels' worth of ink: not blank background */
    }
    ae_dataset_free(&digits);
    gsl_matrix_view X = gsl_matrix_view_array(ds->xr, ds->n, D);
    ex05_normalise_patches(&X.matrix);
    return AE_OK;
}

/* ---- one run ---- */

typedef struct {
    const char *source;   /* "camera" or "mnist" */
    size_t K;
    penalty pen;
    double err;           /* held-out squared error per pixel */
    double mean_rho, active, mean_h;   /* mean rho_hat; units on (h > 0.1) and sum of h per patch */
} run;

/* BOOK: sparse_train */
static void train(sparse_ae *m, const ae_dataset *train_set, const settings *s, const ae_cli *c,
                  const char *label)
{
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            gsl_matrix_view X = gsl_matrix_submatrix(m->X, 0, 0, rows, D);
            ae_batch_fill(&X.matrix, NULL, train_set, idx, rows);
            ae_optim_zero_grad(m->opt);
            double loss = sparse_ae_loss(m, &X.matrix, s);
            ae_check_loss(c, loss, epoch, k + 1);
            ae_optim_step(m->opt);
            sum += loss * (double)rows;
        }
        if (epoch == c->epochs || epoch % 50 == 0)
            ae_progress(c, "%s epoch %d/%d: loss %.5f", label, epoch, c->epochs,
                        sum / (double)train_set->n);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
}
/* END BOOK */

/* Held-out error per pixel, mean rho_hat, units on per patch; rho_hat per unit into rho (K). */
static void evaluate(sparse_ae *m, const ae_dataset *test, run *r, double *rho, double *h_all)
{
    const size_t K = m->enc->sizes[1], rows_max = m->enc->max_batch;
    double err = 0.0, on = 0.0, hsum = 0.0;
    for (size_t j = 0; j < K; j++)
        rho[j] = 0.0;
    for (size_t first = 0; first < test->n; first += rows_max) {
        size_t rows = test->n - first < rows_max ? test->n - first : rows_max;
        gsl_matrix_view X = gsl_matrix_submatrix(m->X, 0, 0, rows, D);
        ae_batch_range(&X.matrix, NULL, test, first, rows);
        const gsl_matrix *H = ae_net_forward(m->enc, &X.matrix);
        err += ae_loss_mse(NULL, ae_net_forward(m->dec, H), &X.matrix) * (double)rows;
        for (size_t b = 0; b < rows; b++)
            for (size_t j = 0; j < K; j++) {
                double h = gsl_matrix_get(H, b, j);
                rho[j] += h;
                hsum += h;
                on += h > ACTIVE;
                if (h_all)
                    h_all[(first + b) * K + j] = h;
            }
    }
    r->err = err / (double)(test->n * D);
    r->active = on / (double)test->n;
    r->mean_h = hsum / (double)test->n;
    r->mean_rho = hsum / (double)(test->n * K);
    for (size_t j = 0; j < K; j++)
        rho[j] /= (double)test->n;
}

/* Decoder filters: column j of W2 (64 numbers) as an 8x8 image scaled to [-1, 1]. */
static int write_filters(const ae_cli *c, const char *name, const sparse_ae *m, const char *what)
{
    const gsl_matrix *W2 = m->dec->layer[0]->W;   /* D x K */
    const size_t K = W2->size2, grid = (size_t)ceil(sqrt((double)K));
    double *img = malloc(K * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t j = 0; j < K; j++) {
        double big = 0.0;
        for (size_t i = 0; i < D; i++)
            big = fmax(big, fabs(gsl_matrix_get(W2, i, j)));
        for (size_t i = 0; i < D; i++)
            img[j * D + i] = big > 0 ? gsl_matrix_get(W2, i, j) / big : 0.0;
    }
    int status = ae_write_mosaic(c->out, name, what, img, K, SIDE, SIDE, grid, 0.0);
    free(img);
    return status;
}

/* Train one model, evaluate it, write its filters (name may be NULL); keep rho_hat and h. */
static void do_run(run *r, const ae_dataset *train_set, const ae_dataset *test, const settings *s,
                   const ae_cli *c, const char *filters, double *rho, double *h_all)
{
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);
    sparse_ae m = sparse_ae_alloc(r->K, r->pen, c->batch > test->n ? c->batch : test->n, c->lr,
                                  s->wd, init);
    char label[64], what[160];
    snprintf(label, sizeof label, "%s %zu units, %s", r->source, r->K, PEN_NAME[r->pen]);
    train(&m, train_set, s, c, label);
    evaluate(&m, test, r, rho, h_all);
    ae_progress(c, "%s: held-out error/pixel %.5f, mean rho_hat %.4f, units on per patch %.2f",
                label, r->err, r->mean_rho, r->active);
    snprintf(what, sizeof what, "decoder filters (columns of W2 / max|.|), %s", label);
    if (filters)
        ae_check(c->prog, write_filters(c, filters, &m, what));
    sparse_ae_free(&m);
    gsl_rng_free(init);
}

/* ---- outputs ---- */

static int write_runs(const ae_cli *c, const run *runs, size_t n)
{
    enum { COLS = 8 };
    double *rows = malloc(n * COLS * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t i = 0; i < n; i++) {
        double v[COLS] = {i, strcmp(runs[i].source, "mnist") == 0, runs[i].K, runs[i].pen, runs[i].err,
                          runs[i].mean_rho, runs[i].active, runs[i].mean_h};
        memcpy(rows + COLS * i, v, sizeof v);
    }
    int status = ae_write_table(c->out, "runs.dat",
                                "per run: source (0 camera, 1 mnist), hidden units, penalty (0 none, 1 KL, "
                                "2 L1), held-out error/pixel, mean rho_hat, units with h > 0.1 per patch, "
                                "sum of h per patch",
                                "run mnist units penalty err mean_rho active sum_h", rows, n, COLS);
    free(rows);
    return status;
}

/* rho_hat_j of the three 25-unit runs, each sorted decreasing. */
static int write_rho(const ae_cli *c, double rho[3][UNDER], double target)
{
    double rows[UNDER * 5];
    for (size_t k = 0; k < 3; k++) {
        gsl_sort(rho[k], 1, UNDER);
        for (size_t j = 0; j < UNDER; j++)
            rows[j * 5 + 1 + k] = rho[k][UNDER - 1 - j];
    }
    for (size_t j = 0; j < UNDER; j++) {
        rows[j * 5] = j + 1;
        rows[j * 5 + 4] = target;
    }
    return ae_write_table(c->out, "rho_hat.dat",
                          "mean activation rho_hat_j of each hidden unit on held-out patches, sorted",
                          "unit none kl l1 rho", rows, UNDER, 5);
}

static int write_patches(const ae_cli *c, const ae_dataset *ds)
{
    return ae_write_mosaic(c->out, "patches.dat", "normalised training patches (exercise 5.2)",
                           ds->xr, SHOW, SIDE, SIDE, 10, 1.0);
}

int main(int argc, char **argv)
{
    settings s = {.rho = 0.01, .beta = 3.0, .l1 = 3e-3, .wd = 1e-4, .over = OVER, .patches = 10000};
    ae_cli_extra extra[] = {
        {.name = "rho", .kind = AE_X_REAL, .value = &s.rho, .lo = 1e-4, .hi = 0.5,
         .help = "target mean activation rho of the KL penalty"},
        {.name = "beta", .kind = AE_X_REAL, .value = &s.beta, .lo = 0, .hi = 1e3,
         .help = "weight beta of the KL penalty"},
        {.name = "l1", .kind = AE_X_REAL, .value = &s.l1, .lo = 0, .hi = 10,
         .help = "weight lambda of the L1 activity penalty"},
        {.name = "wd", .kind = AE_X_REAL, .value = &s.wd, .lo = 0, .hi = 1,
         .help = "weight decay (wd/2)||W||^2"},
        {.name = "over", .kind = AE_X_SIZE, .value = &s.over, .lo = 65, .hi = 1024,
         .help = "hidden units of the overcomplete code"},
        {.name = "patches", .kind = AE_X_SIZE, .value = &s.patches, .lo = 100, .hi = 1000000,
         .help = "training patches per source"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson05",
        .title = "sparse: L1 activity and KL(rho||rho_hat) sparsity on 8x8 patches",
        .about = "The UFLDL sparse autoencoder 64-25-64 (sigmoid) on 8x8 patches of the cameraman:\n"
                 "no penalty, KL sparsity (rho, beta), L1 activity; the same with KL on MNIST\n"
                 "patches; an overcomplete code (--over units) with and without sparsity.\n"
                 "UFLDL trains 400 iterations of L-BFGS on all patches; here Adam on minibatches:\n"
                 "--epochs 400 (a few minutes) gives cleaner edge filters than the default.\n"
                 "--quick: 2,000 patches and 20 epochs. BOOK.md chapter 5.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA_DIR | AE_FLAG_OUT |
                AE_FLAG_QUICK,
        .extra = extra,
        .epochs = 100, .batch = 100, .lr = 1e-2, .seed = 42, .data_dir = AE_DATA_DIR, .out = "out/05-sparse",
    };
    ae_cli_parse(&c, argc, argv);
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = QUICK_EPOCHS;
    if (c.quick && !extra[5].given)
        s.patches = QUICK_PATCHES;

    /* data: patches of the photograph and of digits; the last fifth held out */
    gsl_rng *data = ae_rng_alloc(c.seed, AE_RNG_DATA);
    ae_dataset cam, cam_test, dig, dig_test;
    size_t n_test = s.patches / 5 > 2000 ? 2000 : s.patches / 5;
    ae_check(c.prog, camera_patches(&cam, c.data_dir, s.patches + n_test, data));
    ae_check(c.prog, digit_patches(&dig, c.data_dir, s.patches + n_test, data));
    cam_test = cam;   /* a view of the last n_test patches */
    cam_test.xr = cam.xr + s.patches * D;
    cam_test.n = n_test;
    dig_test = dig;
    dig_test.xr = dig.xr + s.patches * D;
    dig_test.n = n_test;
    ae_dataset_truncate(&cam, s.patches);
    ae_dataset_truncate(&dig, s.patches);

    double worst = gradient_check(&cam, &s, c.seed);
    ae_progress(&c, "gradient check of the KL model (exercise 5.1): max relative error %.1e (tolerance %.0e)",
                worst, AE_GC_TOL_MODEL);
    if (!(worst <= AE_GC_TOL_MODEL))
        ae_die(c.prog, "the gradient check failed: is exercise 5.1 (ex05_kl_sparsity) right?");

    run runs[] = {
        {.source = "camera", .K = UNDER, .pen = PEN_NONE}, {.source = "camera", .K = UNDER, .pen = PEN_KL},
        {.source = "camera", .K = UNDER, .pen = PEN_L1},   {.source = "mnist", .K = UNDER, .pen = PEN_KL},
        {.source = "camera", .K = s.over, .pen = PEN_NONE}, {.source = "camera", .K = s.over, .pen = PEN_KL},
    };
    enum { NRUNS = sizeof runs / sizeof *runs };
    const char *filters[NRUNS] = {"filters_plain.dat", "filters_kl.dat", "filters_l1.dat",
                                  "filters_mnist.dat", NULL, "filters_over.dat"};
    double rho[3][UNDER], *rho_other = malloc(s.over * sizeof *rho_other);
    double *h_plain = malloc(n_test * UNDER * sizeof *h_plain), *h_kl = malloc(n_test * UNDER * sizeof *h_kl);
    AE_ASSERT(rho_other && h_plain && h_kl);
    for (size_t i = 0; i < NRUNS; i++) {
        int mnist = strcmp(runs[i].source, "mnist") == 0;
        double *rho_i = i < 3 ? rho[i] : rho_other, *h_i = i == 0 ? h_plain : i == 1 ? h_kl : NULL;
        do_run(&runs[i], mnist ? &dig : &cam, mnist ? &dig_test : &cam_test, &s, &c, filters[i], rho_i, h_i);
    }

    ae_check(c.prog, write_runs(&c, runs, NRUNS));
    ae_check(c.prog, write_rho(&c, rho, s.rho));
    ae_check(c.prog, write_patches(&c, &cam));
    ae_check(c.prog, ae_write_histogram(c.out, "act_plain.dat", "activations h of the 25 units, no penalty",
                                        h_plain, n_test * UNDER, 50, 0.0, 1.0));
    ae_check(c.prog, ae_write_histogram(c.out, "act_kl.dat", "activations h of the 25 units, KL penalty",
                                        h_kl, n_test * UNDER, 50, 0.0, 1.0));

    printf("lesson05 sparse: gradcheck %.1e err_plain %.5f err_kl %.5f err_l1 %.5f mean_rho_kl %.4f "
           "active_plain %.2f active_kl %.2f active_l1 %.2f over%zu_err_plain %.5f over%zu_err_kl %.5f "
           "over_active_plain %.2f over_active_kl %.2f epochs %d time %.1fs\n",
           worst, runs[0].err, runs[1].err, runs[2].err, runs[1].mean_rho, runs[0].active, runs[1].active,
           runs[2].active, s.over, runs[4].err, s.over, runs[5].err, runs[4].active, runs[5].active, c.epochs,
           ae_seconds() - c.t0);

    free(rho_other);
    free(h_plain);
    free(h_kl);
    cam.n = dig.n = s.patches + n_test;
    ae_dataset_free(&cam);
    ae_dataset_free(&dig);
    gsl_rng_free(data);
    return 0;
}
