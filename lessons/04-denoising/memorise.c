/* Lesson 04's memorisation: an overcomplete AE 784-1000-784 on 500 digits for many epochs,
 * plain, with masking noise on the input and with dropout on the code (see memorise.h). */
#include "memorise.h"

#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "batch.h"
#include "dense.h"
#include "dropout.h"
#include "err.h"
#include "loss.h"
#include "optim.h"
#include "out.h"
#include "par.h"
#include "progress.h"
#include "rng.h"

enum { WIDE = 1000, MEMO_BATCH = 25, MEMO_TEST = 500, SHOW = 8 };
static const char *const MEMO_NAME[MEMO_MODELS] = {"plain", "masking", "dropout"};

typedef struct {
    ae_dense *L1, *L2;              /* x -> h = relu(W1 x + b1) -> a = W2 h~ + b2 (logits) */
    gsl_matrix *Xin, *M, *A1, *H, *Hd, *A, *dA, *dHd, *dH;   /* rows of the largest batch */
    ae_optim *opt;
    memo_model kind;
} wide_ae;

static wide_ae wide_alloc(size_t D, size_t rows, memo_model kind, double lr, gsl_rng *init)
{
    wide_ae m = {ae_dense_alloc(D, WIDE), ae_dense_alloc(WIDE, D), gsl_matrix_alloc(rows, D),
                 gsl_matrix_alloc(rows, D > WIDE ? D : WIDE), gsl_matrix_alloc(rows, WIDE), gsl_matrix_alloc(rows, WIDE),
                 gsl_matrix_alloc(rows, WIDE), gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, D),
                 gsl_matrix_alloc(rows, WIDE), gsl_matrix_alloc(rows, WIDE), ae_optim_alloc(AE_ADAM, lr), kind};
    ae_dense_init(m.L1, init, 1.0);
    ae_dense_init(m.L2, init, 1.0);
    ae_dense_add_params(m.L1, m.opt);
    ae_dense_add_params(m.L2, m.opt);
    return m;
}

static void wide_free(wide_ae *m)
{
    gsl_matrix *all[] = {m->Xin, m->M, m->A1, m->H, m->Hd, m->A, m->dA, m->dHd, m->dH};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        gsl_matrix_free(all[i]);
    ae_dense_free(m->L1);
    ae_dense_free(m->L2);
    ae_optim_free(m->opt);
}

/* Views of the first n rows of a buffer. */
#define ROWS(A, n) gsl_matrix_submatrix((A), 0, 0, (n), (A)->size2).matrix

/* BOOK: memo_step */
/* Logits of the rows of X; while training (r not NULL) with the model's dropout: on the input,
 * without rescaling (masking noise, s = 1), or on the code, rescaled (s = 1/(1 - p)). */
static const gsl_matrix *wide_forward(wide_ae *m, const gsl_matrix *X, const memo_settings *s, gsl_rng *r)
{
    const size_t n = X->size1;
    gsl_matrix Xin = ROWS(m->Xin, n), A1 = ROWS(m->A1, n), H = ROWS(m->H, n), Hd = ROWS(m->Hd, n), A = ROWS(m->A, n);
    gsl_matrix Mx = gsl_matrix_submatrix(m->M, 0, 0, n, X->size2).matrix, Mh = gsl_matrix_submatrix(m->M, 0, 0, n, WIDE).matrix;
    gsl_matrix_memcpy(&Xin, X);
    if (r && m->kind == MEMO_MASKING)
        ae_dropout_forward(&Xin, &Mx, X, s->p_input, 0, r);     /* x~ = m * x, no rescaling */
    ae_dense_forward(&A1, &Xin, m->L1);
    ae_act_forward(AE_RELU, &H, &A1);                           /* h = relu(W1 x~ + b1) */
    gsl_matrix_memcpy(&Hd, &H);
    if (r && m->kind == MEMO_DROPOUT)
        ae_dropout_forward(&Hd, &Mh, &H, s->p_code, 1, r);      /* h~ = m * h / (1 - p) */
    ae_dense_forward(&A, &Hd, m->L2);                           /* a = W2 h~ + b2 */
    return m->A;
}

/* One Adam step on BCE(sigmoid(a), x): the clean x is the target; backward in reverse order. */
static double wide_step(wide_ae *m, const gsl_matrix *X, const memo_settings *s, gsl_rng *r)
{
    const size_t n = X->size1;
    gsl_matrix Xin = ROWS(m->Xin, n), A1 = ROWS(m->A1, n), H = ROWS(m->H, n), Hd = ROWS(m->Hd, n), A = ROWS(m->A, n);
    gsl_matrix dA = ROWS(m->dA, n), dHd = ROWS(m->dHd, n), dH = ROWS(m->dH, n);
    gsl_matrix Mh = gsl_matrix_submatrix(m->M, 0, 0, n, WIDE).matrix;
    ae_optim_zero_grad(m->opt);
    wide_forward(m, X, s, r);
    double loss = ae_loss_bce_logits(&dA, &A, X);
    ae_dense_backward(&dHd, m->L2, &dA, &Hd);                   /* dW2 += dA^T h~, dh~ = dA W2 */
    if (m->kind == MEMO_DROPOUT)
        ae_dropout_backward(&dH, &Mh, &dHd);                    /* (4.8) dh = m * dh~ */
    else
        gsl_matrix_memcpy(&dH, &dHd);
    ae_act_backward(AE_RELU, &dH, &H, &A1, &dH);                /* through the relu */
    ae_dense_backward(NULL, m->L1, &dH, &Xin);                  /* dW1 += dh^T x~ */
    ae_optim_step(m->opt);
    return loss;
}
/* END BOOK */

/* Mean squared error per pixel of the reconstructions of the rows of X (no dropout: test time). */
static double wide_mse(wide_ae *m, const gsl_matrix *X, gsl_matrix *Xhat)
{
    double sum = 0.0;
    for (size_t first = 0; first < X->size1; first += m->Xin->size1) {
        size_t n = X->size1 - first < m->Xin->size1 ? X->size1 - first : m->Xin->size1;
        gsl_matrix_const_view x = gsl_matrix_const_submatrix(X, first, 0, n, X->size2);
        gsl_matrix_view xh = gsl_matrix_submatrix(Xhat, first, 0, n, X->size2);
        const gsl_matrix *A = wide_forward(m, &x.matrix, NULL, NULL);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < X->size2; j++) {
                double p = ae_sigmoid(gsl_matrix_get(A, i, j)), e = p - gsl_matrix_get(&x.matrix, i, j);
                gsl_matrix_set(&xh.matrix, i, j, p);
                sum += e * e;
            }
    }
    return sum / (double)(X->size1 * X->size2);
}

/* What the three trainings share; each writes only its own columns of curve, rows of img and res[k]. */
typedef struct {
    const ae_cli *c;
    const ae_dataset *train;
    const memo_settings *s;
    const gsl_matrix *Xtr, *Xte, *Xn;   /* the training digits, test digits, pure noise */
    double *curve, *img;
    memo_result *res;
} memo_job;

/* Train model k (its own random streams, from the seed) and measure it. */
static void train_model(void *ctx, size_t k)
{
    const memo_job *j = ctx;
    const memo_settings *s = j->s;
    const size_t D = j->Xtr->size2, ntrain = j->Xtr->size1, ntest = j->Xte->size1;
    gsl_rng *init = ae_rng_alloc(j->c->seed, AE_RNG_INIT), *shuffle = ae_rng_alloc(j->c->seed, AE_RNG_SHUFFLE);
    gsl_rng *noise = ae_rng_alloc(j->c->seed, AE_RNG_NOISE);
    wide_ae m = wide_alloc(D, MEMO_BATCH > MEMO_TEST ? MEMO_BATCH : MEMO_TEST, (memo_model)k, s->lr, init);
    ae_batcher *batches = ae_batcher_alloc(ntrain, MEMO_BATCH);
    gsl_matrix *X = gsl_matrix_alloc(MEMO_BATCH, D), *Xhat = gsl_matrix_alloc(ntest > ntrain ? ntest : ntrain, D);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= s->epochs; epoch++) {
        const size_t *idx;
        ae_batcher_epoch(batches, shuffle);
        for (size_t rows, b = 1; (rows = ae_batcher_next(batches, &idx)) > 0; b++) {
            gsl_matrix x = ROWS(X, rows);
            ae_batch_fill(&x, NULL, j->train, idx, rows);
            ae_check_loss(j->c, &watch, wide_step(&m, &x, s, noise), epoch, b);
        }
        if (epoch % s->every == 0) {
            double *row = j->curve + ((size_t)epoch / s->every - 1) * (1 + 2 * MEMO_MODELS);
            gsl_matrix xh = ROWS(Xhat, ntrain);
            row[1 + 2 * k] = wide_mse(&m, j->Xtr, &xh);
            xh = ROWS(Xhat, ntest);
            row[2 + 2 * k] = wide_mse(&m, j->Xte, &xh);
        }
    }
    memo_result *r = &j->res[k];
    gsl_matrix xh = ROWS(Xhat, ntrain);
    r->train = wide_mse(&m, j->Xtr, &xh);
    xh = ROWS(Xhat, ntest);
    r->test = wide_mse(&m, j->Xte, &xh);
    memcpy(j->img + (1 + k) * SHOW * D, Xhat->data, SHOW * D * sizeof *j->img);
    r->noise = wide_mse(&m, j->Xn, &xh);                        /* how well it "reconstructs" noise */
    memcpy(j->img + (2 + MEMO_MODELS + k) * SHOW * D, Xhat->data, SHOW * D * sizeof *j->img);
    ae_progress(j->c, "784-%d-784 %s on %zu digits, %d epochs: MSE train %.5f test %.5f noise %.4f", WIDE,
                MEMO_NAME[k], ntrain, s->epochs, r->train, r->test, r->noise);
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    ae_batcher_free(batches);
    wide_free(&m);
    gsl_rng_free(init);
    gsl_rng_free(shuffle);
    gsl_rng_free(noise);
}

int memorise(const ae_cli *c, const ae_dataset *train, const ae_dataset *test, const memo_settings *s,
             memo_result res[MEMO_MODELS])
{
    const size_t D = train->dim, ntrain = train->n < s->n_train ? train->n : s->n_train;
    const size_t ntest = test->n < MEMO_TEST ? test->n : MEMO_TEST, checks = (size_t)s->epochs / s->every;
    gsl_matrix *Xtr = gsl_matrix_alloc(ntrain, D), *Xte = gsl_matrix_alloc(ntest, D), *Xn = gsl_matrix_alloc(ntest, D);
    double *curve = calloc(checks * (1 + 2 * MEMO_MODELS), sizeof *curve);
    double *img = calloc(2 * (1 + MEMO_MODELS) * SHOW * D, sizeof *img);
    AE_ASSERT(curve && img && checks >= 1 && ntrain >= SHOW && ntest >= SHOW);
    ae_batch_range(Xtr, NULL, train, 0, ntrain);
    ae_batch_range(Xte, NULL, test, 0, ntest);
    gsl_rng *pix = ae_rng_alloc(c->seed + 3, AE_RNG_DATA);
    for (size_t i = 0; i < ntest * D; i++)
        Xn->data[i] = gsl_rng_uniform(pix);                     /* pure noise: every pixel U(0, 1) */
    gsl_rng_free(pix);
    memcpy(img, Xte->data, SHOW * D * sizeof *img);
    memcpy(img + (1 + MEMO_MODELS) * SHOW * D, Xn->data, SHOW * D * sizeof *img);
    for (size_t row = 0; row < checks; row++)
        curve[row * (1 + 2 * MEMO_MODELS)] = (double)((row + 1) * (size_t)s->every);   /* the epoch */
    memo_job job = {c, train, s, Xtr, Xte, Xn, curve, img, res};
    ae_par_run(MEMO_MODELS, train_model, &job);   /* the three models are independent: one a core */
    int status = ae_write_table(c->out, "memorise.dat", "MSE per pixel of the 784-1000-784 AEs on their 500 training "
                                "digits and on 500 test digits, during training",
                                "epoch plain_train plain_test masking_train masking_test dropout_train dropout_test",
                                curve, checks, 1 + 2 * MEMO_MODELS);
    if (!status)
        status = ae_write_mosaic(c->out, "memorise_recon.dat", "rows: test digits, their reconstructions by the plain, "
                                 "masking and dropout AEs; pure noise, the same", img, 2 * (1 + MEMO_MODELS) * SHOW,
                                 train->rows, train->cols, SHOW, 1.0);
    free(curve);
    free(img);
    gsl_matrix_free(Xtr);
    gsl_matrix_free(Xte);
    gsl_matrix_free(Xn);
    return status;
}
