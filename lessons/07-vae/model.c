/* Lesson 07's models: a VAE D-HIDDEN-K with its Adam, its training loop, and the 2-D models
 * of section 7.9 (see model.h). */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>

#include "batch.h"
#include "err.h"
#include "par.h"
#include "progress.h"
#include "rng.h"

/* BOOK: vae_train */
/* `epochs` passes over train_set; curve[e] gets both terms on the training batches
 * and on the test set (one z per test image) after epoch e. */
void train(ae_vae *v, ae_optim *opt, const ae_cli *c, int epochs, const ae_dataset *train_set,
           const ae_dataset *test, const char *name, epoch_score *curve)
{
    gsl_matrix *X = gsl_matrix_alloc(c->batch, train_set->dim);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE), *noise = ae_rng_alloc(c->seed, AE_RNG_NOISE);
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    uint8_t *labels = malloc(c->batch);                             /* the conditional VAE's y */
    AE_ASSERT(labels);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        double rec = 0.0, kl = 0.0;
        const size_t *idx;
        size_t rows;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, train_set->dim);
            ae_batch_fill(&Xb.matrix, labels, train_set, idx, rows);
            if (v->C)
                ae_vae_condition(v, labels);                        /* y of these rows */
            ae_vae_draw_eps(v, rows, noise);                        /* eps ~ N(0, I) */
            ae_optim_zero_grad(opt);
            ae_check_loss(c, &watch, ae_vae_loss_grad(v, &Xb.matrix), epoch, k + 1);   /* -ELBO (7.3) */
            ae_vae_backward(v);
            ae_optim_step(opt);
            rec += v->rec * (double)rows;
            kl += v->kl * (double)rows;
        }
        epoch_score *s = &curve[epoch - 1];
        s->train_rec = rec / (double)train_set->n;
        s->train_kl = kl / (double)train_set->n;
        gsl_rng *eval = ae_rng_alloc(c->seed, AE_RNG_DATA);         /* the same eps every epoch */
        ae_vae_evaluate(v, test, eval, &s->test_rec, &s->test_kl);
        gsl_rng_free(eval);
        ae_progress(c, "%s epoch %d/%d: train %.2f (rec %.2f + KL %.2f), test -ELBO %.2f "
                    "(rec %.2f + KL %.2f) nats", name, epoch, epochs, s->train_rec + s->train_kl,
                    s->train_rec, s->train_kl, s->test_rec + s->test_kl, s->test_rec, s->test_kl);
    }
    ae_batcher_free(batches);
    free(labels);
    gsl_rng_free(shuffle);
    gsl_rng_free(noise);
    gsl_matrix_free(X);
}
/* END BOOK */

/* A VAE D-HIDDEN-K trained on rec + beta KL, initialised, with its Adam. */
ae_vae *vae_for(size_t D, size_t K, double beta, const ae_cli *c, ae_optim **opt)
{
    return cvae_for(D, K, 0, beta, c, opt);
}

/* The same with a condition of C classes (C = 0: vae_for). */
ae_vae *cvae_for(size_t D, size_t K, size_t C, double beta, const ae_cli *c, ae_optim **opt)
{
    ae_vae *v = ae_cvae_alloc(D, HIDDEN, K, C, c->batch > EVAL_ROWS ? c->batch : EVAL_ROWS);
    v->beta = beta;
    gsl_rng *init = ae_rng_alloc(c->seed + K, AE_RNG_INIT);
    ae_vae_init(v, init);
    gsl_rng_free(init);
    *opt = ae_optim_alloc(AE_ADAM, c->lr);
    ae_vae_add_params(v, *opt);
    return v;
}

/* BOOK: beta_models */
/* The 2-D models of codes_beta.png beside the one trained with --beta (BETA_MAIN), and the
 * further points of rd.png under --sweep: rec + beta KL, and "KL only" (the encoder sees
 * beta KL alone, the decoder fits the reconstruction of the codes it gets). */
const rd_point BETA_MODELS[N_BETA_MODELS] = {
    {.beta = 0, .label = "reconstruction only, β = 0"}, {.beta = 1, .label = "β = 1, the ELBO"},
    {.beta = 4, .label = "β = 4"}, {.beta = 1, .kl_only = 1, .label = "KL only"},
    /* --sweep */
    {.beta = 0.125, .label = "β = 1/8"}, {.beta = 0.25, .label = "β = 1/4"}, {.beta = 0.5, .label = "β = 1/2"},
    {.beta = 2, .label = "β = 2"}, {.beta = 8, .label = "β = 8"}, {.beta = 16, .label = "β = 16"},
};
/* END BOOK */

/* BOOK: gauss_models */
/* The Gaussian decoders N(x_hat, sigma^2 I) of section 7.12: 1/(2 sigma^2) = 32 and 1/2, and
 * the second's twin, the same objective times 2 sigma^2 = 2: MSE + 2 KL (MSE = 2 var = 1). */
const rd_point GAUSS_MODELS[N_GAUSS] = {
    {.beta = 1, .var = 1.0 / 64, .label = "Gaussian σ = 1/8"}, {.beta = 1, .var = 1, .label = "Gaussian σ = 1"},
    {.beta = 2, .var = 0.5, .label = "MSE + 2 KL"},
};
/* END BOOK */

/* A 2-D VAE on the digits trained as p says; p gets its test KL and reconstruction. */
ae_vae *train_2d(rd_point *p, const ae_cli *c, size_t epochs, const ae_dataset *digits,
                        const ae_dataset *digits_test, epoch_score *curve)
{
    ae_optim *opt;
    ae_vae *v = cvae_for(digits->dim, 2, p->classes, p->beta, c, &opt);
    if (p->var > 0)
        ae_vae_gaussian(v, p->var);
    v->kl_only = p->kl_only;
    char name[64];
    snprintf(name, sizeof name, "2-D mnist %s", p->label);
    train(v, opt, c, (int)epochs, digits, digits_test, name, curve);
    p->kl = curve[epochs - 1].test_kl;
    p->rec = curve[epochs - 1].test_rec;
    ae_optim_free(opt);
    return v;
}

/* A beta model's codes and prior samples for codes_beta.png (train_side_models calls it). */
void keep_beta(side_model *m, side_models *s)
{
    beta_runs_keep(s->kept, m->index, m->v, s->c, s->digits_test);
}

void keep_gauss(side_model *m, side_models *s)
{
    beta_runs_keep(s->kept_gauss, m->index, m->v, s->c, s->digits_test);
}

/* BOOK: side_models */
/* The 2-D models after the lesson's own, two at a time on two cores (lib/par.h): piece i
 * trains side->model[i]; each has its own generators and buffers, so the numbers are the
 * same on one thread or two. */
static void train_piece(void *ctx, size_t i)
{
    side_models *s = ctx;
    side_model *m = &s->model[i];
    epoch_score *curve = malloc(m->epochs * sizeof *curve);
    AE_ASSERT(curve);
    m->v = train_2d(m->p, s->c, m->epochs, s->digits, s->digits_test, curve);
    free(curve);
    if (m->keep)
        m->keep(m, s);                                /* its figures' data, while it lives */
    if (!m->hold) {
        ae_vae_free(m->v);
        m->v = NULL;
    }
}

void train_side_models(side_models *s)
{
    ae_par_run(s->n, train_piece, s);
}
/* END BOOK */
