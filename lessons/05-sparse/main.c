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
 * without sparsity: reconstruction error and how many units are on per patch. Last the
 * trade-off: KL sparsity at rho = 0.01 ... 0.2, error against units on per patch.
 * The KL gradient is exercise 5.1 and is checked by finite differences first;
 * the patches are normalised by exercise 5.2.  BOOK.md chapter 5.
 *
 * The model is in model.c, what writes each figure's data in figures.c.
 * `make lesson05 ARGS=--help` gives the options, the run time and the files it writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "batch.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "figures.h"
#include "gradcheck.h"
#include "model.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

enum { SIDE = 8, UNDER = 25, OVER = 100, QUICK_PATCHES = 2000, QUICK_EPOCHS = 20, MAX_TEST = 2000 };
/* The gate checks exercise 5.1 at this beta (the default), whatever --beta says: the
 * derivation does not depend on beta, but the finite differences' error grows with it
 * (1.4e-6 at beta 300 with the right code), and at beta 0 there is no KL term to check. */
#define GATE_BETA 3.0
static const double SWEEP_RHO[] = {0.01, 0.02, 0.05, 0.1, 0.2};   /* the KL targets of sweep.dat */
enum { NSWEEP = sizeof SWEEP_RHO / sizeof *SWEEP_RHO };


typedef struct {
    weights w;                  /* --rho --beta --l1 --wd */
    size_t over, patches;       /* --over --patches */
} settings;

/* ---- data: patches of the photograph and of digits ---- */

/* n random 8x8 patches of the photograph, normalised together (exercise 5.2). */
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
    gsl_matrix_view X = gsl_matrix_view_array(ds->xr, ds->n, ds->dim);
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
    const size_t D = SIDE * SIDE;
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

/* ---- training ---- */

/* BOOK: sparse_train */
static void train(sparse_ae *m, const ae_dataset *train_set, const ae_cli *c, const char *label)
{
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            gsl_matrix_view X = gsl_matrix_submatrix(m->X, 0, 0, rows, train_set->dim);
            ae_batch_fill(&X.matrix, NULL, train_set, idx, rows);
            ae_optim_zero_grad(m->opt);
            const gsl_matrix *Xhat = sparse_ae_forward(m, &X.matrix);   /* h, x_hat */
            double loss = sparse_ae_loss(m, Xhat, &X.matrix);           /* (5.4) */
            ae_check_loss(c, &watch, loss, epoch, k + 1);
            sparse_ae_backward(m);
            ae_optim_step(m->opt);                                      /* Adam, with the weight decay */
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

/* Train run r's model, measure it on test into r->e (rho: its rho_hat per unit; on: the share
 * of patches each unit is on for, or NULL; h_all: its activations, or NULL) and write its
 * filters (name may be NULL). */
static void do_run(run *r, const ae_dataset *train_set, const ae_dataset *test, const settings *s,
                   const ae_cli *c, const char *filters, double *rho, double *on, double *h_all)
{
    weights w = s->w;
    if (r->pen == PEN_KL && r->rho > 0.0)
        w.rho = r->rho;
    r->rho = w.rho;
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);
    sparse_ae m = sparse_ae_alloc(train_set->dim, r->K, r->pen, &w, c->batch > test->n ? c->batch : test->n,
                                  c->lr, init);
    char label[64], what[160];
    snprintf(label, sizeof label, "%s %zu units, %s", r->source, r->K, PEN_NAME[r->pen]);
    if (r->pen == PEN_KL)
        snprintf(label + strlen(label), sizeof label - strlen(label), " rho %g", w.rho);
    train(&m, train_set, c, label);
    sparse_ae_evaluate(&r->e, rho, on, h_all, &m, test);
    ae_progress(c, "%s: held-out error/pixel %.5f, mean rho_hat %.4f, units on per patch %.2f",
                label, r->e.err, r->e.mean_rho, r->e.active);
    snprintf(what, sizeof what, "decoder filters (columns of W2 / max|.|), %s", label);
    if (filters)
        ae_check(c->prog, write_filters(c, filters, what, &m, train_set));
    sparse_ae_free(&m);
    gsl_rng_free(init);
}

int main(int argc, char **argv)
{
    settings s = {.w = {.rho = 0.01, .beta = 3.0, .l1 = 3e-3, .wd = 1e-4}, .over = OVER, .patches = 10000};
    ae_cli_extra extra[] = {
        {.name = "rho", .kind = AE_X_REAL, .value = &s.w.rho, .lo = 1e-4, .hi = 0.5,
         .help = "target mean activation rho of the KL penalty"},
        {.name = "beta", .kind = AE_X_REAL, .value = &s.w.beta, .lo = 0, .hi = 1e3,
         .help = "weight beta of the KL penalty"},
        {.name = "l1", .kind = AE_X_REAL, .value = &s.w.l1, .lo = 0, .hi = 10,
         .help = "weight lambda of the L1 activity penalty"},
        {.name = "wd", .kind = AE_X_REAL, .value = &s.w.wd, .lo = 0, .hi = 1,
         .help = "weight decay (wd/2)||W||^2"},
        {.name = "over", .kind = AE_X_SIZE, .value = &s.over, .lo = 65, .hi = 1024,
         .help = "hidden units of the overcomplete code"},
        {.name = "patches", .kind = AE_X_SIZE, .value = &s.patches, .lo = 100, .hi = 1000000,
         .quick = QUICK_PATCHES, .help = "training patches per source"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson05",
        .title = "sparse: L1 activity and KL(rho||rho_hat) sparsity on 8x8 patches",
        .about = "The UFLDL sparse autoencoder 64-25-64 (sigmoid) on 8x8 patches of the cameraman:\n"
                 "no penalty, KL sparsity (rho, beta), L1 activity; the same with KL on MNIST\n"
                 "patches; an overcomplete code (--over units) with and without sparsity; then KL\n"
                 "at rho = 0.01, 0.02, 0.05, 0.1, 0.2: error against units on per patch.\n"
                 "UFLDL trains 400 iterations of L-BFGS on all patches; here Adam on minibatches:\n"
                 "--epochs 400 (a few minutes) gives cleaner edge filters than the default. BOOK.md chapter 5.\n"
                 "Default run: about 18 s with its figures.\n"
                 "Writes: runs.dat, rho_hat.dat, act_plain.dat, act_kl.dat, filters_plain.dat, filters_kl.dat, "
                 "filters_l1.dat, dead_l1.dat, filters_mnist.dat, filters_over.dat, patches.dat, sweep.dat.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA_DIR | AE_FLAG_OUT |
                AE_FLAG_QUICK,
        .extra = extra,
        .epochs = 100, .batch = 100, .lr = 1e-2, .seed = 42, .data_dir = AE_DATA_DIR, .out = "out/05-sparse",
        .quick_epochs = QUICK_EPOCHS,
    };
    ae_cli_parse(&c, argc, argv);
    ae_check_batch(&c, s.patches, "training patches of --patches",   /* the largest model's buffers */
                   4 * (SIDE * SIDE + s.over) * sizeof(double));

    /* data: patches of the photograph and of digits; the last n_test of each held out */
    gsl_rng *data = ae_rng_alloc(c.seed, AE_RNG_DATA);
    ae_dataset cam, dig;
    size_t n_test = s.patches / 5 > MAX_TEST ? MAX_TEST : s.patches / 5;
    ae_check(c.prog, camera_patches(&cam, c.data_dir, s.patches + n_test, data));
    ae_check(c.prog, digit_patches(&dig, c.data_dir, s.patches + n_test, data));
    ae_dataset cam_test = ae_dataset_view(&cam, s.patches, n_test);
    ae_dataset dig_test = ae_dataset_view(&dig, s.patches, n_test);
    ae_dataset_truncate(&cam, s.patches);
    ae_dataset_truncate(&dig, s.patches);

    weights at_gate = s.w;
    at_gate.beta = GATE_BETA;
    double worst = sparse_ae_gradcheck(&cam, UNDER, &at_gate, c.seed);
    if (ae_gradcheck_gate(&c, "the KL model", worst, AE_GC_TOL_MODEL, "exercise 5.1 (ex05_kl_sparsity)",
                          "lessons/05-sparse/exercises.c"))
        return 1;

    run runs[] = {
        {.source = "camera", .K = UNDER, .pen = PEN_NONE}, {.source = "camera", .K = UNDER, .pen = PEN_KL},
        {.source = "camera", .K = UNDER, .pen = PEN_L1},   {.source = "mnist", .K = UNDER, .pen = PEN_KL},
        {.source = "camera", .K = s.over, .pen = PEN_NONE}, {.source = "camera", .K = s.over, .pen = PEN_KL},
    };
    enum { NRUNS = sizeof runs / sizeof *runs };
    const char *filters[NRUNS] = {"filters_plain.dat", "filters_kl.dat", "filters_l1.dat",
                                  "filters_mnist.dat", NULL, "filters_over.dat"};
    double rho[3 * UNDER], on[3 * UNDER];   /* runs 0-2: rho_hat and the share of patches on, per unit */
    double *rho_other = malloc(s.over * sizeof *rho_other);   /* the other runs' rho_hat */
    double *h_plain = malloc(n_test * UNDER * sizeof *h_plain), *h_kl = malloc(n_test * UNDER * sizeof *h_kl);
    AE_ASSERT(rho_other && h_plain && h_kl);
    for (size_t i = 0; i < NRUNS; i++) {
        int mnist = strcmp(runs[i].source, "mnist") == 0;
        double *rho_i = i < 3 ? rho + i * UNDER : rho_other, *h_i = i == 0 ? h_plain : i == 1 ? h_kl : NULL;
        do_run(&runs[i], mnist ? &dig : &cam, mnist ? &dig_test : &cam_test, &s, &c, filters[i], rho_i,
               i < 3 ? on + i * UNDER : NULL, h_i);
    }

    /* the trade-off: KL sparsity at several targets rho, camera patches, 25 units */
    run sweep[NSWEEP];
    double rho_sweep[OVER > UNDER ? OVER : UNDER];
    for (size_t i = 0; i < NSWEEP; i++) {
        sweep[i] = (run){.source = "camera", .K = UNDER, .pen = PEN_KL, .rho = SWEEP_RHO[i]};
        if (SWEEP_RHO[i] == runs[1].rho)
            sweep[i] = runs[1];   /* trained above */
        else
            do_run(&sweep[i], &cam, &cam_test, &s, &c, NULL, rho_sweep, NULL, NULL);
    }
    double var = patch_variance(&cam_test);

    ae_check(c.prog, write_runs(&c, runs, NRUNS, var));
    ae_check(c.prog, write_sweep(&c, sweep, NSWEEP, var));
    ae_check(c.prog, write_rho_hat(&c, rho, on, UNDER, s.w.rho));
    ae_check(c.prog, write_dead(&c, "dead_l1.dat", "camera 25 units, l1", on + 2 * UNDER, UNDER, cam.rows, cam.cols));
    ae_check(c.prog, write_patches(&c, &cam));
    ae_check(c.prog, write_act(&c, "act_plain.dat", "no penalty", h_plain, n_test, UNDER));
    ae_check(c.prog, write_act(&c, "act_kl.dat", "KL penalty", h_kl, n_test, UNDER));

    const sparse_eval *plain = &runs[0].e, *kl = &runs[1].e, *l1 = &runs[2].e;
    const sparse_eval *over = &runs[4].e, *over_kl = &runs[5].e;
    printf("lesson05 sparse: gradcheck %.1e err_plain %.5f err_kl %.5f err_l1 %.5f mean_rho_kl %.4f "
           "active_plain %.2f active_kl %.2f active_l1 %.2f over%zu_err_plain %.5f over%zu_err_kl %.5f "
           "over_active_plain %.2f over_active_kl %.2f patch_var %.5f explained_plain %.2f",
           worst, plain->err, kl->err, l1->err, kl->mean_rho, plain->active, kl->active, l1->active, s.over, over->err,
           s.over, over_kl->err, over->active, over_kl->active, var, 1.0 - plain->err / var);
    for (size_t i = 0; i < NSWEEP; i++)   /* rho: error, units on, share of the variance explained */
        printf(" rho%g err %.5f active %.2f firing %.2f explained %.2f", sweep[i].rho, sweep[i].e.err,
               sweep[i].e.active, sweep[i].e.firing, 1.0 - sweep[i].e.err / var);
    printf(" epochs %d time %.1fs\n", c.epochs, ae_seconds() - c.t0);

    free(rho_other);
    free(h_plain);
    free(h_kl);
    cam.n = dig.n = s.patches + n_test;   /* the held-out views share the memory */
    ae_dataset_free(&cam);
    ae_dataset_free(&dig);
    gsl_rng_free(data);
    return 0;
}
