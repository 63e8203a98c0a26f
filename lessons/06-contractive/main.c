/* Lesson 06 — the contractive autoencoder: a penalty on the encoder's Jacobian.
 *
 * A sigmoid encoder h = sigmoid(W x + b) has the Jacobian J = diag(h (1 - h)) W, so
 * ||J_f(x)||_F^2 = sum_j (h_j (1 - h_j))^2 ||W_j||^2 in closed form (Rifai et al.
 * 2011). The contractive autoencoder (CAE) adds lambda times it to the
 * reconstruction loss; its gradient with respect to W and b is exercise 6.2, checked
 * by finite differences before training. Three autoencoders with the same
 * architecture are trained on the same digits: a plain AE, a denoising AE (Gaussian
 * noise) and the CAE. On test points the lesson measures the average Frobenius
 * norm of the encoder's Jacobian and the singular values of J_f at a few points:
 * the CAE contracts strongly in most directions and keeps a few, which follow the
 * digits' local variations.  BOOK.md chapter 6.
 *
 * Run:    make lesson06                  (about 11 s)
 *         make lesson06 ARGS="--quick"   (a few seconds: 1,500 digits, 3 epochs)
 *         make lesson06 ARGS="--data fashion --epochs 10"   (60,000 images, a few minutes)
 * Writes: out/06-contractive/jacobian.dat   per model: test BCE, mean ||J||_F, directions for 90%
 *         out/06-contractive/singular.dat   singular values of J_f at 5 test points, per model
 *         out/06-contractive/frobenius.dat  histograms of ||J_f(x)||_F over the test set
 *         out/06-contractive/tangents.dat   a test digit and the leading input directions of J_f
 *         out/06-contractive/recon.dat      test digits and the three reconstructions
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "dense.h"
#include "err.h"
#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "net.h"
#include "optim.h"
#include "out.h"
#include "progress.h"
#include "rng.h"

enum { NPOINTS = 5, NTANGENT = 7, SHOW = 10, EVAL_ROWS = 500, QUICK_TRAIN = 1500, HIST_BINS = 40 };

typedef enum { M_AE, M_DAE, M_CAE, NMODELS } model_kind;
static const char *MODEL_NAME[NMODELS] = {"ae", "dae", "cae"};

typedef struct {
    double lambda, sigma;   /* --lambda (CAE), --sigma (DAE) */
} settings;

/* h = sigmoid(W x + b) by hand (the Jacobian is taught); x_hat = sigmoid(W2 h + b2) by a net. */
typedef struct {
    model_kind kind;
    ae_dense *enc;          /* W: K x D */
    ae_net *dec;            /* K -> D, identity: logits; BCE from logits */
    ae_optim *opt;
    gsl_matrix *X, *Xin, *H, *dH, *dA, *dLogits;   /* B x D, B x D, B x K (3), B x D */
} model;

static model model_alloc(model_kind kind, size_t D, size_t K, size_t rows, double lr, gsl_rng *init)
{
    const size_t sizes[] = {K, D};
    const ae_act f[] = {AE_IDENTITY};
    model m = {kind, ae_dense_alloc(D, K), ae_net_alloc(1, sizes, f, rows), ae_optim_alloc(AE_ADAM, lr),
               gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, K),
               gsl_matrix_alloc(rows, K), gsl_matrix_alloc(rows, K), gsl_matrix_alloc(rows, D)};
    ae_dense_init(m.enc, init, 1.0);
    ae_net_init(m.dec, init, 1.0);
    ae_dense_add_params(m.enc, m.opt);
    ae_net_add_params(m.dec, m.opt);
    return m;
}

static void model_free(model *m)
{
    ae_dense_free(m->enc);
    ae_net_free(m->dec);
    ae_optim_free(m->opt);
    gsl_matrix *mats[] = {m->X, m->Xin, m->H, m->dH, m->dA, m->dLogits};
    for (size_t i = 0; i < sizeof mats / sizeof *mats; i++)
        gsl_matrix_free(mats[i]);
}

typedef struct {
    gsl_matrix_view X, Xin, H, dH, dA, dLogits;
} batch;

static batch rows_of(model *m, size_t rows)
{
    size_t D = m->X->size2, K = m->H->size2;
    return (batch){gsl_matrix_submatrix(m->X, 0, 0, rows, D), gsl_matrix_submatrix(m->Xin, 0, 0, rows, D),
                   gsl_matrix_submatrix(m->H, 0, 0, rows, K), gsl_matrix_submatrix(m->dH, 0, 0, rows, K),
                   gsl_matrix_submatrix(m->dA, 0, 0, rows, K), gsl_matrix_submatrix(m->dLogits, 0, 0, rows, D)};
}

/* h = sigmoid(W x + b) for the rows of X */
static void encode(model *m, gsl_matrix *H, const gsl_matrix *X)
{
    ae_dense_forward(H, X, m->enc);
    ae_act_forward(AE_SIGMOID, H, H);
}

/* BOOK: cae_loss */
/* Loss of the batch a (a.Xin is the input: X, or X corrupted for the DAE; the target is
 * always the clean a.X) and every gradient: BCE(x_hat, x) [+ lambda ||J_f(x)||_F^2]. */
static double model_loss(model *m, batch *a, const settings *s)
{
    encode(m, &a->H.matrix, &a->Xin.matrix);                                  /* h = sigmoid(W x + b) */
    const gsl_matrix *logits = ae_net_forward(m->dec, &a->H.matrix);         /* x_hat = sigmoid(logits) */
    double loss = ae_loss_bce_logits(&a->dLogits.matrix, logits, &a->X.matrix);
    const gsl_matrix *dH = ae_net_backward(m->dec, &a->dLogits.matrix, AE_WANT_DX);   /* dL/dh */
    ae_act_backward(AE_SIGMOID, &a->dA.matrix, &a->H.matrix, NULL, dH);      /* dL/da = dL/dh h (1 - h) */
    ae_dense_backward(NULL, m->enc, &a->dA.matrix, &a->Xin.matrix);          /* dW += dA^T X, db += 1^T dA */
    if (m->kind == M_CAE)                                                    /* (6.2)-(6.5): exercise 6.2 */
        loss += ex06_contractive(m->enc->dW, m->enc->db, &a->dA.matrix, &a->H.matrix, &a->Xin.matrix,
                                 m->enc->W, s->lambda);
    return loss;
}
/* END BOOK */

/* ---- the gradient check of the CAE (exercise 6.2 inside the whole model) ---- */

typedef struct {
    model *m;
    batch a;
    const settings *s;
} check_ctx;

static double check_loss(void *p)
{
    check_ctx *c = p;
    ae_optim_zero_grad(c->m->opt);
    return model_loss(c->m, &c->a, c->s);
}

/* Largest relative error over the encoder's b and the first CHECKED rows of W (the part
 * written by hand; the decoder is a net, checked in tests/check_net.c) of a fresh small
 * CAE on 5 digits. */
static double gradient_check(const ae_dataset *ds, const settings *s, unsigned long seed)
{
    enum { ROWS = 5, K = 4, CHECKED = 2 };
    gsl_rng *init = ae_rng_alloc(seed, AE_RNG_INIT);
    model m = model_alloc(M_CAE, ds->dim, K, ROWS, 1e-3, init);
    check_ctx c = {&m, rows_of(&m, ROWS), s};
    ae_batch_range(&c.a.X.matrix, NULL, ds, 0, ROWS);
    gsl_matrix_memcpy(&c.a.Xin.matrix, &c.a.X.matrix);
    const size_t nw = K * ds->dim;
    double *g = malloc((nw + K) * sizeof *g);
    AE_ASSERT(g);
    check_loss(&c);
    memcpy(g, m.enc->dW->data, nw * sizeof *g);
    memcpy(g + nw, m.enc->db->data, K * sizeof *g);
    ae_gc_result rw = ae_gradcheck(check_loss, &c, m.enc->W->data, g, CHECKED * ds->dim, AE_GC_STEP);
    ae_gc_result rb = ae_gradcheck(check_loss, &c, m.enc->b->data, g + nw, K, AE_GC_STEP);
    free(g);
    model_free(&m);
    gsl_rng_free(init);
    return fmax(rw.rel_err, rb.rel_err);
}

/* ---- training ---- */

/* BOOK: cae_train */
static void train(model *m, const ae_dataset *train_set, const settings *s, const ae_cli *c)
{
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE), *noise = ae_rng_alloc(c->seed, AE_RNG_NOISE);
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            batch a = rows_of(m, rows);
            ae_batch_fill(&a.X.matrix, NULL, train_set, idx, rows);
            if (m->kind == M_DAE)                                 /* x~ = clip(x + N(0, sigma^2)) */
                ae_corrupt_gaussian(&a.Xin.matrix, &a.X.matrix, s->sigma, noise);
            else
                gsl_matrix_memcpy(&a.Xin.matrix, &a.X.matrix);
            ae_optim_zero_grad(m->opt);
            double loss = model_loss(m, &a, s);
            ae_check_loss(c, loss, epoch, k + 1);
            ae_optim_step(m->opt);
            sum += loss * (double)rows;
        }
        ae_progress(c, "%s epoch %d/%d: training loss %.3f", MODEL_NAME[m->kind], epoch, c->epochs,
                    sum / (double)train_set->n);
    }
    ae_batcher_free(batches);
    gsl_rng_free(noise);
    gsl_rng_free(shuffle);
}
/* END BOOK */

/* ---- evaluation ---- */

typedef struct {
    double bce;             /* test BCE per image (clean inputs) */
    double frob;            /* mean ||J_f(x)||_F over the test set */
    double dims90;          /* mean number of singular values holding 90% of ||J||_F^2 (NPOINTS points) */
    double sv[NPOINTS][784];   /* singular values at the first NPOINTS test points */
    double *frobs;          /* ||J_f(x)||_F per test point */
} result;

/* BOOK: frobenius */
/* ||J_f(x)||_F for every row of H: sqrt(sum_j (h_j (1 - h_j))^2 ||W_j||^2)  (6.2) */
static void frobenius_rows(double *out, const gsl_matrix *H, const gsl_vector *w2)
{
    for (size_t b = 0; b < H->size1; b++) {
        double sum = 0.0;
        for (size_t j = 0; j < H->size2; j++) {
            double h = gsl_matrix_get(H, b, j), g = h * (1.0 - h);
            sum += g * g * gsl_vector_get(w2, j);
        }
        out[b] = sqrt(sum);
    }
}
/* END BOOK */

/* Test BCE and ||J||_F on every test point. */
static void evaluate(model *m, const ae_dataset *test, result *r)
{
    const size_t K = m->enc->out, rows_max = m->X->size1;
    gsl_vector *w2 = gsl_vector_alloc(K);
    for (size_t j = 0; j < K; j++) {
        gsl_vector_const_view Wj = gsl_matrix_const_row(m->enc->W, j);
        double n = gsl_blas_dnrm2(&Wj.vector);
        gsl_vector_set(w2, j, n * n);
    }
    double bce = 0.0, frob = 0.0;
    for (size_t first = 0; first < test->n; first += rows_max) {
        size_t rows = test->n - first < rows_max ? test->n - first : rows_max;
        batch a = rows_of(m, rows);
        ae_batch_range(&a.X.matrix, NULL, test, first, rows);
        encode(m, &a.H.matrix, &a.X.matrix);
        bce += ae_loss_bce_logits(NULL, ae_net_forward(m->dec, &a.H.matrix), &a.X.matrix) * (double)rows;
        frobenius_rows(r->frobs + first, &a.H.matrix, w2);
    }
    for (size_t i = 0; i < test->n; i++)
        frob += r->frobs[i];
    r->bce = bce / (double)test->n;
    r->frob = frob / (double)test->n;
    gsl_vector_free(w2);
}

/* Singular values of J_f at test point p (exercise 6.1 gives J); the input directions
 * (right singular vectors of J, as columns of Jt) are left in Jt (D x K). */
static void jacobian_svd(const model *m, const ae_dataset *test, size_t p, gsl_matrix *Jt, gsl_vector *S)
{
    const size_t D = m->enc->in, K = m->enc->out;
    gsl_matrix *J = gsl_matrix_alloc(K, D), *V = gsl_matrix_alloc(K, K), *x1 = gsl_matrix_alloc(1, D);
    gsl_vector *work = gsl_vector_alloc(K);
    ae_batch_range(x1, NULL, test, p, 1);
    gsl_vector_view x = gsl_matrix_row(x1, 0);
    ex06_encoder_jacobian(J, &x.vector, m->enc->W, m->enc->b);          /* (6.3) */
    gsl_matrix_transpose_memcpy(Jt, J);
    gsl_linalg_SV_decomp(Jt, V, S, work);                                /* J^T = U S V^T: U in Jt */
    gsl_matrix_free(J);
    gsl_matrix_free(V);
    gsl_matrix_free(x1);
    gsl_vector_free(work);
}

/* How many of the decreasing singular values hold 90% of sum sigma^2. */
static size_t dims_for_90(const gsl_vector *S)
{
    double total = 0.0, run = 0.0;
    for (size_t i = 0; i < S->size; i++)
        total += gsl_vector_get(S, i) * gsl_vector_get(S, i);
    size_t k = 0;
    while (k < S->size && run < 0.9 * total) {
        run += gsl_vector_get(S, k) * gsl_vector_get(S, k);
        k++;
    }
    return k;
}

/* Spectra at the first NPOINTS test points; the tangent images of point 0 into tangents (NTANGENT x D). */
static void spectra(const model *m, const ae_dataset *test, result *r, double *tangents)
{
    const size_t D = m->enc->in, K = m->enc->out;
    gsl_matrix *Jt = gsl_matrix_alloc(D, K);
    gsl_vector *S = gsl_vector_alloc(K);
    double dims = 0.0;
    for (size_t p = 0; p < NPOINTS; p++) {
        jacobian_svd(m, test, p, Jt, S);
        for (size_t i = 0; i < K; i++)
            r->sv[p][i] = gsl_vector_get(S, i);
        dims += (double)dims_for_90(S);
        for (size_t t = 0; p == 0 && t < NTANGENT; t++) {
            double big = 0.0;   /* each direction scaled to [-1, 1] */
            for (size_t i = 0; i < D; i++)
                big = fmax(big, fabs(gsl_matrix_get(Jt, i, t)));
            for (size_t i = 0; i < D; i++)
                tangents[t * D + i] = gsl_matrix_get(Jt, i, t) / big;
        }
    }
    r->dims90 = dims / NPOINTS;
    gsl_matrix_free(Jt);
    gsl_vector_free(S);
}

/* ---- outputs ---- */

static int write_results(const ae_cli *c, const result *r, size_t K, size_t n_test)
{
    double rows[NMODELS * 5];
    for (size_t k = 0; k < NMODELS; k++) {
        double v[5] = {k, r[k].bce, r[k].frob, r[k].dims90, r[k].sv[0][0]};
        memcpy(rows + 5 * k, v, sizeof v);
    }
    int status = ae_write_table(c->out, "jacobian.dat",
                                "per model (0 AE, 1 DAE, 2 CAE): test BCE per image, mean ||J_f(x)||_F, "
                                "singular values holding 90% of ||J||_F^2, largest singular value at point 0",
                                "model test_bce frob dims90 sv1", rows, NMODELS, 5);
    char columns[512] = "i";
    for (size_t k = 0; k < NMODELS; k++)
        for (size_t p = 0; p < NPOINTS; p++)
            snprintf(columns + strlen(columns), sizeof columns - strlen(columns), " %s_p%zu", MODEL_NAME[k], p);
    const size_t width = 1 + NMODELS * NPOINTS;
    double *sv = malloc(K * width * sizeof *sv);
    AE_ASSERT(sv);
    for (size_t i = 0; i < K; i++) {
        sv[i * width] = i + 1;
        for (size_t k = 0; k < NMODELS; k++)
            for (size_t p = 0; p < NPOINTS; p++)
                sv[i * width + 1 + k * NPOINTS + p] = r[k].sv[p][i];
    }
    if (!status)
        status = ae_write_table(c->out, "singular.dat", "singular values of J_f at the first test points, decreasing",
                                columns, sv, K, width);
    free(sv);
    const char *names[NMODELS] = {"frobenius_ae.dat", "frobenius_dae.dat", "frobenius_cae.dat"};
    double hi = fmax(1.6 * fmax(r[0].frob, fmax(r[1].frob, r[2].frob)), 1e-6);   /* > 0 even if all are 0 */
    for (size_t k = 0; k < NMODELS && !status; k++)
        status = ae_write_histogram(c->out, names[k], "||J_f(x)||_F over the test set", r[k].frobs, n_test,
                                    HIST_BINS, 0.0, hi);
    return status;
}

/* Test digits and their reconstructions by the three models. */
static int write_recon(const ae_cli *c, model *models, const ae_dataset *test)
{
    const size_t D = test->dim;
    double *img = malloc((NMODELS + 1) * SHOW * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t k = 0; k < NMODELS; k++) {
        batch a = rows_of(&models[k], SHOW);
        ae_batch_range(&a.X.matrix, NULL, test, 0, SHOW);
        if (k == 0)
            memcpy(img, a.X.matrix.data, SHOW * D * sizeof *img);   /* rows of X are contiguous */
        encode(&models[k], &a.H.matrix, &a.X.matrix);
        const gsl_matrix *logits = ae_net_forward(models[k].dec, &a.H.matrix);
        for (size_t b = 0; b < SHOW; b++)
            for (size_t i = 0; i < D; i++)
                img[((k + 1) * SHOW + b) * D + i] = ae_sigmoid(gsl_matrix_get(logits, b, i));
    }
    int status = ae_write_mosaic(c->out, "recon.dat", "rows: test images; AE; DAE; CAE reconstructions", img,
                                 (NMODELS + 1) * SHOW, test->rows, test->cols, SHOW, 1.0);
    free(img);
    return status;
}

int main(int argc, char **argv)
{
    settings s = {.lambda = 1.0, .sigma = 0.3};
    ae_cli_extra extra[] = {
        {.name = "lambda", .kind = AE_X_REAL, .value = &s.lambda, .lo = 0, .hi = 1e3,
         .help = "weight lambda of the contractive penalty"},
        {.name = "sigma", .kind = AE_X_REAL, .value = &s.sigma, .lo = 0, .hi = 2,
         .help = "noise sigma of the denoising AE"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson06",
        .title = "contractive: the Jacobian penalty ||J_f(x)||_F^2 against a plain and a denoising AE",
        .about = "Trains a plain AE, a denoising AE (Gaussian --sigma) and a contractive AE (--lambda),\n"
                 "784-K-784 with a sigmoid code of K = --latent units, after a gradient check of the\n"
                 "CAE; compares ||J_f(x)||_F on test points and the singular values of J_f.\n"
                 "--quick: 1,500 training images and 3 epochs. More: --epochs 50, or --data fashion.\n"
                 "BOOK.md chapter 6.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_LATENT | AE_FLAG_DATA |
                AE_FLAG_DATA_DIR | AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "mnist,fashion",
        .extra = extra,
        .epochs = 15, .batch = 100, .lr = 2e-3, .seed = 42, .latent = 128, .data = "mnist",
        .data_dir = AE_DATA_DIR, .out = "out/06-contractive",
    };
    ae_cli_parse(&c, argc, argv);
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = 3;
    if (c.latent > 784)
        ae_die(c.prog, "--latent: %zu is more than 784, the number of pixels", c.latent);
    const size_t K = c.latent;

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (c.quick && train_set.n > QUICK_TRAIN)
        ae_dataset_truncate(&train_set, QUICK_TRAIN);
    if (test.n > 2000)   /* the evaluation needs no more */
        ae_dataset_truncate(&test, 2000);

    double worst = gradient_check(&train_set, &s, c.seed);
    ae_progress(&c, "gradient check of the CAE (exercise 6.2): max relative error %.1e (tolerance %.0e)", worst,
                AE_GC_TOL_MODEL);
    if (!(worst <= AE_GC_TOL_MODEL))
        ae_die(c.prog, "the gradient check failed: is exercise 6.2 (ex06_contractive) right?");

    model models[NMODELS];
    result res[NMODELS];
    double *tangents = malloc((NMODELS * (NTANGENT + 1)) * train_set.dim * sizeof *tangents);
    AE_ASSERT(tangents);
    for (size_t k = 0; k < NMODELS; k++) {
        gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);   /* the same start for all three */
        models[k] = model_alloc((model_kind)k, train_set.dim, K, c.batch > EVAL_ROWS ? c.batch : EVAL_ROWS,
                                c.lr, init);
        gsl_rng_free(init);
        train(&models[k], &train_set, &s, &c);
        res[k].frobs = malloc(test.n * sizeof *res[k].frobs);
        AE_ASSERT(res[k].frobs);
        evaluate(&models[k], &test, &res[k]);
        double *row = tangents + k * (NTANGENT + 1) * train_set.dim;
        gsl_matrix_view digit = gsl_matrix_view_array(row, 1, train_set.dim);
        ae_batch_range(&digit.matrix, NULL, &test, 0, 1);
        spectra(&models[k], &test, &res[k], row + train_set.dim);
        ae_progress(&c, "%s: test BCE %.2f, mean ||J_f||_F %.3f, %.1f directions hold 90%% of ||J||_F^2",
                    MODEL_NAME[k], res[k].bce, res[k].frob, res[k].dims90);
    }

    ae_check(c.prog, write_results(&c, res, K, test.n));
    ae_check(c.prog, write_recon(&c, models, &test));
    ae_check(c.prog, ae_write_mosaic(c.out, "tangents.dat",
                                     "per model (AE, DAE, CAE): test digit 0, then the leading input directions "
                                     "of J_f (right singular vectors), scaled to [-1, 1]",
                                     tangents, NMODELS * (NTANGENT + 1), test.rows, test.cols, NTANGENT + 1, 0.0));

    printf("lesson06 contractive: data %s K %zu gradcheck %.1e frob_ae %.3f frob_dae %.3f frob_cae %.3f "
           "bce_ae %.2f bce_dae %.2f bce_cae %.2f dims90_ae %.1f dims90_dae %.1f dims90_cae %.1f epochs %d "
           "time %.1fs\n",
           c.data, K, worst, res[0].frob, res[1].frob, res[2].frob, res[0].bce, res[1].bce, res[2].bce,
           res[0].dims90, res[1].dims90, res[2].dims90, c.epochs, ae_seconds() - c.t0);

    for (size_t k = 0; k < NMODELS; k++) {
        model_free(&models[k]);
        free(res[k].frobs);
    }
    free(tangents);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
