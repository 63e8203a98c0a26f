/* Lesson 02's model: a training run, its training loop, the gradient check. See model.h.
 * Layer-wise pretraining (2.6) is lib/pretrain.c's, on this file's train_step. */
#include "batch.h"
#include "model.h"

#include <math.h>
#include <stdlib.h>

#include "err.h"
#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "par.h"
#include "progress.h"
#include "rng.h"

run run_alloc(size_t n, const size_t *sizes, ae_act g, ae_act g_code, ae_optim_kind kind,
              double lr, double gain, size_t batch, int epochs, gsl_rng *init)
{
    size_t rows = batch > EVAL_BATCH ? batch : EVAL_BATCH;   /* the model's, for evaluation */
    run r = {ae_autoenc_alloc(n, sizes, g, g_code, rows), ae_optim_alloc(kind, lr),
             gsl_matrix_alloc(batch, sizes[0]), gsl_matrix_alloc(batch, sizes[0]),
             calloc((size_t)epochs, sizeof(double)), calloc((size_t)epochs, sizeof(double)),
             calloc((size_t)epochs, sizeof(double)), calloc((size_t)epochs, sizeof(double)), epochs};
    AE_ASSERT(r.train_bce && r.test_bce && r.test_mse && r.step);
    ae_autoenc_init(r.m, init, gain);   /* the optimiser's state comes with train() */
    return r;
}

void run_drop_model(run *r)
{
    ae_autoenc_free(r->m);
    ae_optim_free(r->opt);
    gsl_matrix_free(r->X);
    gsl_matrix_free(r->dA);
    r->m = NULL;
    r->opt = NULL;
    r->X = r->dA = NULL;
}

void run_free(run *r)
{
    run_drop_model(r);
    free(r->train_bce);
    free(r->test_bce);
    free(r->test_mse);
    free(r->step);
}

/* ---- training: a step, an epoch, the epochs ---- */

/* BOOK: train_step */
/* One step on a batch X (B x D): forward, BCE from the logits, backward in mirror order. */
double train_step(ae_autoenc *m, ae_optim *opt, const gsl_matrix *X, gsl_matrix *dA)
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

/* One epoch over ds in shuffled batches; returns the mean training BCE per pixel. */
static double train_epoch(run *r, const ae_cli *c, const ae_dataset *ds, ae_batcher *batches,
                          gsl_rng *shuffle, ae_loss_watch *watch, int epoch)
{
    const size_t *idx;
    size_t rows;
    double sum = 0.0;
    ae_batcher_epoch(batches, shuffle);
    for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
        gsl_matrix_view x = gsl_matrix_submatrix(r->X, 0, 0, rows, ds->dim);
        gsl_matrix_view da = gsl_matrix_submatrix(r->dA, 0, 0, rows, ds->dim);
        ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
        double loss = train_step(r->m, r->opt, &x.matrix, &da.matrix);   /* zero grad ... step */
        ae_check_loss(c, watch, loss, epoch, k + 1);
        sum += loss * (double)rows;
    }
    return sum / (double)(ds->n * ds->dim);
}

/* Train for r->epochs epochs, evaluating on test after each (each_epoch) or the last only. */
void train(run *r, const ae_cli *c, const ae_dataset *ds, const ae_dataset *test, const char *name,
           int each_epoch)
{
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(ds->n, r->X->size1);
    ae_autoenc_add_params(r->m, r->opt);   /* Adam's m and v: only now, after any pretraining */
    ae_loss_watch watch = {0};
    for (int e = 0; e < r->epochs; e++) {
        r->train_bce[e] = train_epoch(r, c, ds, batches, shuffle, &watch, e + 1);
        r->step[e] = e + 1;
        if (!each_epoch && e + 1 < r->epochs) {
            ae_progress(c, "%s epoch %d/%d: train BCE %.4f", name, e + 1, r->epochs, r->train_bce[e]);
            continue;
        }
        ae_autoenc_evaluate(r->m, test, &r->test_bce[e], &r->test_mse[e]);
        ae_progress(c, "%s epoch %d/%d: train BCE %.4f, test BCE %.4f, test MSE %.5f per pixel", name,
                    e + 1, r->epochs, r->train_bce[e], r->test_bce[e], r->test_mse[e]);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
}

enum { FIRST_CHECKPOINT = 25 };

int checkpoints(size_t steps)
{
    int n = 1;
    for (size_t s = FIRST_CHECKPOINT; s < steps; s *= 2)
        n++;
    return n;
}

void train_steps(run *r, const ae_cli *c, const ae_dataset *ds, const ae_dataset *test, size_t steps,
                 const char *name)
{
    AE_ASSERT(r->epochs == checkpoints(steps));
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(ds->n, r->X->size1);
    ae_autoenc_add_params(r->m, r->opt);   /* Adam's m and v: only now, after any pretraining */
    ae_loss_watch watch = {0};
    ae_batcher_epoch(batches, shuffle);
    double sum = 0.0;
    size_t since = 0, next = steps < FIRST_CHECKPOINT ? steps : FIRST_CHECKPOINT;
    for (size_t s = 1, point = 0; s <= steps; s++) {
        const size_t *idx;
        size_t rows = ae_batcher_next(batches, &idx);
        if (rows == 0) {   /* a pass over ds is done: a new order */
            ae_batcher_epoch(batches, shuffle);
            rows = ae_batcher_next(batches, &idx);
        }
        gsl_matrix_view x = gsl_matrix_submatrix(r->X, 0, 0, rows, ds->dim);
        gsl_matrix_view da = gsl_matrix_submatrix(r->dA, 0, 0, rows, ds->dim);
        ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
        double loss = train_step(r->m, r->opt, &x.matrix, &da.matrix);   /* zero grad ... step */
        ae_check_loss(c, &watch, loss, (int)point + 1, s);
        sum += loss / (double)ds->dim;
        since++;
        if (s == next) {
            r->step[point] = (double)s;
            r->train_bce[point] = sum / (double)since;
            ae_autoenc_evaluate(r->m, test, &r->test_bce[point], &r->test_mse[point]);
            ae_progress(c, "%s step %zu/%zu: train BCE %.4f, test BCE %.4f, test MSE %.5f per pixel", name, s,
                        steps, r->train_bce[point], r->test_bce[point], r->test_mse[point]);
            point++;
            sum = 0.0;
            since = 0;
            next = 2 * next < steps ? 2 * next : steps;
        }
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
}

typedef struct {
    training *t;
    size_t n;
    const ae_cli *c;
    const ae_dataset *ds, *test;
} sides;

static void train_side(void *ctx, size_t side)
{
    const sides *s = ctx;
    for (size_t i = 0; i < s->n; i++)
        if (s->t[i].side == side && s->t[i].steps)
            train_steps(s->t[i].r, s->c, s->ds, s->test, s->t[i].steps, s->t[i].name);
        else if (s->t[i].side == side)
            train(s->t[i].r, s->c, s->ds, s->test, s->t[i].name, 0);
}

void train_sides(training *t, size_t n, const ae_cli *c, const ae_dataset *ds, const ae_dataset *test)
{
    sides s = {t, n, c, ds, test};
    ae_par_run(2, train_side, &s);
}

/* ---- the gradient check ---- */

typedef struct {
    ae_autoenc *m;
    const gsl_matrix *X;
} check_ctx;

/* The loss by the library's BCE: stub exercises cannot agree with it by returning zeros. */
static double check_loss(void *ctx)
{
    check_ctx *k = ctx;
    return ae_loss_bce_logits(NULL, ae_autoenc_forward(k->m, k->X), k->X);
}

/* Every weight and bias of a 12-8-4-8-12 autoencoder (sigmoid hidden layers, linear code,
 * as in part 3) on 5 random images, the gradients by train_step's forward and backward. */
double gradient_check(unsigned long seed)
{
    enum { ROWS = 5 };
    static const size_t sizes[] = {12, 8, 4};
    gsl_rng *r = ae_rng_alloc(seed, AE_RNG_DATA);   /* a stream the lesson draws nothing else from */
    ae_autoenc *m = ae_autoenc_alloc(2, sizes, AE_SIGMOID, AE_IDENTITY, ROWS);   /* gradients zero */
    ae_autoenc_init(m, r, 1.0);
    gsl_matrix *X = gsl_matrix_alloc(ROWS, sizes[0]), *dA = gsl_matrix_alloc(ROWS, sizes[0]);
    for (size_t i = 0; i < ROWS * sizes[0]; i++)
        X->data[i] = ae_rng_uniform(r, 0.0, 1.0);
    ex02_bce_logits(dA, ae_autoenc_forward(m, X), X);                                   /* (2.3) */
    ex02_net_backward(m->enc, ex02_net_backward(m->dec, dA, AE_WANT_DX), AE_SKIP_DX);   /* (2.4, 2.5) */
    check_ctx ctx = {m, X};
    double worst = 0.0;
    for (size_t i = 0; i < 2; i++) {
        worst = fmax(worst, ae_gradcheck_dense(check_loss, &ctx, m->enc->layer[i], 0));
        worst = fmax(worst, ae_gradcheck_dense(check_loss, &ctx, m->dec->layer[i], 0));
    }
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
    ae_autoenc_free(m);
    gsl_rng_free(r);
    return worst;
}
