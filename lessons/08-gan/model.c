/* Lesson 08's models: the runs (GAN and VAE side by side), held-out evaluation,
 * sampling, and the classifier that scores the samples. See model.h. */
#include "batch.h"
#include "model.h"

#include <math.h>
#include <stdlib.h>

#include "act.h"
#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

enum { HIDDEN = 400, LATENT = 20, CLS_HIDDEN = 256, CLS_BATCH = 16 };   /* the VAE (lesson 07's), the classifier */
#define VAE_LR 1e-3        /* lesson 07's rate */
#define OUT_CLIP 0.98      /* G's output bias: atanh of at most +-0.98 (+-2.3) */
#define CLS_LR 1e-3

void to_tanh_range(gsl_matrix *X)
{
    gsl_matrix_scale(X, 2.0);
    gsl_matrix_add_constant(X, -1.0);
}

/* BOOK: final_layer */
/* G's output pixel j is tanh(a_j), a_j = w_j . h + b_j. Start from b_j = atanh(2 xbar_j - 1),
 * xbar the training digits' mean image (clipped to +-OUT_CLIP), so that a fresh G draws
 * the mean digit on a dark ground rather than grey noise. */
static void start_at_mean(ae_gan *g, const ae_dataset *train_set)
{
    ae_dense *out = g->G->layer[g->G->nlayers - 1];
    for (size_t j = 0; j < train_set->dim; j++) {
        double xbar = 0.0;
        for (size_t i = 0; i < train_set->n; i++)
            xbar += train_set->x[i * train_set->dim + j] / 255.0 / (double)train_set->n;
        gsl_vector_set(out->b, j, atanh(fmin(OUT_CLIP, fmax(-OUT_CLIP, 2.0 * xbar - 1.0))));
    }
}
/* END BOOK */

run run_alloc(const ae_cli *c, const ae_dataset *train_set, size_t k, ae_gan_loss kind, int with_vae,
              int at_mean, size_t max_steps)
{
    const size_t D = train_set->dim;
    run R = {.g = ae_gan_alloc(D, c->batch, c->lr), .kind = kind, .k = k, .smooth = 1.0, .lr = c->lr,
             .max_steps = max_steps, .log = malloc(max_steps * sizeof(gan_row))};
    AE_ASSERT(R.log);
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);   /* both GAN runs start alike */
    ae_gan_init(R.g, init);
    if (at_mean)
        start_at_mean(R.g, train_set);
    if (with_vae) {
        R.v = ae_vae_alloc(D, HIDDEN, LATENT, c->batch > EVAL_ROWS ? c->batch : EVAL_ROWS);
        ae_vae_init(R.v, init);
        R.vae_opt = ae_optim_alloc(AE_ADAM, VAE_LR);
        ae_vae_add_params(R.v, R.vae_opt);
    }
    gsl_rng_free(init);
    return R;
}

/* BOOK: against_speckle */
/* (8.10): only W_1's block (registered first, lib/dense.c) keeps decay = 1. */
void decay_d_first_layer(run *R, double lambda)
{
    ae_optim *o = R->g->optD;
    o->wd = lambda;
    for (size_t i = 1; i < o->nblocks; i++)
        o->blocks[i].decay = 0;
}

/* (8.11): eta_s = eta min(1, (S - s) / (f S)) at generator step s of S */
double g_rate(const run *R)
{
    double left = (double)(R->max_steps - R->steps) / (double)R->max_steps;
    return left < R->g_fall ? R->lr * left / R->g_fall : R->lr;
}
/* END BOOK */

void run_free_models(run *R)
{
    ae_gan_free(R->g);
    ae_vae_free(R->v);
    ae_optim_free(R->vae_opt);
    R->g = NULL;
    R->v = NULL;
    R->vae_opt = NULL;
}

void run_free(run *R)
{
    run_free_models(R);
    free(R->log);
}

void evaluate_d(epoch_row *e, ae_gan *g, const ae_dataset *test, gsl_matrix *Xg, gsl_rng *noise)
{
    size_t n = test->n - test->n % g->m, count = 0;   /* whole minibatches */
    gsl_vector *a_real = gsl_vector_alloc(g->m), *a_fake = gsl_vector_alloc(g->m);
    gsl_vector *d_real = gsl_vector_alloc(g->m), *d_fake = gsl_vector_alloc(g->m);
    e->d_real = e->d_fake = e->E = 0.0;
    for (size_t first = 0; first < n; first += g->m, count++) {
        gsl_matrix_view Xr = gsl_matrix_submatrix(Xg, 0, 0, g->m, test->dim);
        ae_batch_range(&Xr.matrix, NULL, test, first, g->m);
        to_tanh_range(&Xr.matrix);
        gsl_vector_const_view ar = gsl_matrix_const_column(ae_net_forward(g->Dnet, &Xr.matrix), 0);
        gsl_vector_memcpy(a_real, &ar.vector);
        gsl_vector_const_view af = gsl_matrix_const_column(ae_net_forward(g->Dnet, ae_gan_generate(g, noise)), 0);
        gsl_vector_memcpy(a_fake, &af.vector);
        e->E += ex08_d_loss(d_real, d_fake, a_real, a_fake);
        for (size_t i = 0; i < g->m; i++) {
            e->d_real += ae_sigmoid(gsl_vector_get(a_real, i)) / (double)n;
            e->d_fake += ae_sigmoid(gsl_vector_get(a_fake, i)) / (double)n;
        }
    }
    e->E /= (double)count;
    gsl_vector_free(a_real);
    gsl_vector_free(a_fake);
    gsl_vector_free(d_real);
    gsl_vector_free(d_fake);
}

/* (G(z) + 1)/2: from tanh's range [-1, 1] back to pixels */
void sample_gan(double *S, size_t n, ae_gan *g, gsl_rng *r)
{
    for (size_t first = 0; first < n; first += g->m) {
        const gsl_matrix *F = ae_gan_generate(g, r);
        size_t rows = n - first < g->m ? n - first : g->m;
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < g->D; j++)
                S[(first + i) * g->D + j] = 0.5 * (gsl_matrix_get(F, i, j) + 1.0);
    }
}

/* sigmoid(a(z)), z ~ N(0, I) */
void sample_vae(double *S, size_t n, ae_vae *v, gsl_rng *r)
{
    gsl_matrix *Z = gsl_matrix_alloc(n, v->K);
    for (size_t i = 0; i < n * v->K; i++)
        Z->data[i] = ae_rng_gaussian(r, 1.0);   /* z ~ N(0, I), row by row */
    gsl_matrix_view Sm = gsl_matrix_view_array(S, n, v->D);
    ae_vae_decode(v, &Sm.matrix, Z);
    gsl_matrix_free(Z);
}

const ae_classifier_plan classifier_plan = {.hidden = CLS_HIDDEN, .classes = CLASSES, .batch = CLS_BATCH,
                                          .epochs = CLS_EPOCHS, .lr = CLS_LR};
