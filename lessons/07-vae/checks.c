/* Lesson 07's gradient checks (BOOK.md 7.5): exercises 7.1 and 7.2, a whole VAE and a whole
 * conditional VAE against central differences with eps held fixed; exercise 7.3 against the KL. */
#include "checks.h"

#include <math.h>
#include <string.h>

#include "batch.h"
#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "model.h"
#include "rng.h"
#include "vae.h"

/* ---- the gradient check: every part, eps held fixed ---- */

/* the parts: GC_K entries of mu and logvar; the whole VAE: GC_PIXELS-GC_HIDDEN-GC_LATENT on GC_ROWS images */
enum { GC_K = 5, GC_ROWS = 4, GC_PIXELS = 100, GC_HIDDEN = 6, GC_LATENT = 3 };

typedef struct {
    gsl_vector_view mu, logvar, eps, c;   /* theta = [mu | logvar]; eps and c fixed */
    gsl_vector *dmu, *dlogvar;   /* scratch for the exercise's gradient */
} part_ctx;

/* (7.4) through exercise 7.1 */
static double kl_value(void *ctx)
{
    part_ctx *p = ctx;
    return ex07_gauss_kl(p->dmu, p->dlogvar, &p->mu.vector, &p->logvar.vector);
}

/* L = c . z with z = mu + exp(logvar / 2) eps (7.6), so dL/dz = c */
static double reparam_value(void *ctx)
{
    part_ctx *p = ctx;
    double loss = 0.0;
    for (size_t j = 0; j < GC_K; j++) {
        double z = gsl_vector_get(&p->mu.vector, j) +
                   exp(0.5 * gsl_vector_get(&p->logvar.vector, j)) * gsl_vector_get(&p->eps.vector, j);
        loss += gsl_vector_get(&p->c.vector, j) * z;
    }
    return loss;
}

typedef struct {
    ae_vae *v;
    const gsl_matrix *X;
} model_ctx;

static double model_value(void *ctx)
{
    model_ctx *m = ctx;
    return ae_vae_loss(m->v, m->X);   /* eps stays as drawn */
}

/* BOOK: vae_gradcheck */
/* Relative errors: exercise 7.1 (KL), exercise 7.2 (reparameterisation), a whole VAE, a whole
 * conditional VAE (exercise 7.4). */
void gradient_check(double err[4], const ae_dataset *ds, gsl_rng *r)
{
    double theta[2 * GC_K], fixed[2 * GC_K], grad[2 * GC_K];
    part_ctx p = {gsl_vector_view_array(theta, GC_K), gsl_vector_view_array(theta + GC_K, GC_K),
                  gsl_vector_view_array(fixed, GC_K), gsl_vector_view_array(fixed + GC_K, GC_K),
                  gsl_vector_alloc(GC_K), gsl_vector_alloc(GC_K)};
    for (size_t j = 0; j < 2 * GC_K; j++) {
        theta[j] = ae_rng_uniform(r, -1.5, 1.5);     /* mu, logvar */
        fixed[j] = ae_rng_gaussian(r, 1.0);          /* eps, c */
    }
    gsl_vector_view dmu = gsl_vector_view_array(grad, GC_K), dlv = gsl_vector_view_array(grad + GC_K, GC_K);
    ex07_gauss_kl(&dmu.vector, &dlv.vector, &p.mu.vector, &p.logvar.vector);   /* (7.5) */
    err[0] = ae_gradcheck(kl_value, &p, theta, grad, 2 * GC_K, AE_GC_STEP).rel_err;
    memset(grad, 0, sizeof grad);
    ex07_reparam_backward(&dmu.vector, &dlv.vector, &p.c.vector, &p.logvar.vector, &p.eps.vector);
    err[1] = ae_gradcheck(reparam_value, &p, theta, grad, 2 * GC_K, AE_GC_STEP).rel_err;   /* (7.7) */

    /* a small VAE on GC_PIXELS pixels from the middle of real images; then a conditional one,
     * their labels its y (7.11): the split of d[z | y] (exercise 7.4) between decoder and encoder */
    gsl_matrix *images = gsl_matrix_alloc(GC_ROWS, ds->dim);
    uint8_t labels[GC_ROWS];
    ae_batch_range(images, labels, ds, 0, GC_ROWS);
    gsl_matrix_view Xv = gsl_matrix_submatrix(images, 0, ds->dim / 2 - GC_PIXELS / 2, GC_ROWS, GC_PIXELS);
    const gsl_matrix *X = &Xv.matrix;
    for (size_t conditional = 0; conditional < 2; conditional++) {
        ae_vae *v = ae_cvae_alloc(GC_PIXELS, GC_HIDDEN, GC_LATENT, conditional ? CVAE_CLASSES : 0, GC_ROWS);
        ae_vae_init(v, r);
        if (conditional)
            ae_vae_condition(v, labels);
        ae_vae_draw_eps(v, GC_ROWS, r);              /* eps held fixed from here on */
        ae_vae_zero_grad(v);
        ae_vae_loss_grad(v, X);
        ae_vae_backward(v);
        model_ctx m = {v, X};
        ae_net *nets[2] = {v->dec, v->enc};
        err[2 + conditional] = 0.0;
        for (size_t k = 0; k < 2; k++)               /* every W and b of both nets */
            for (size_t i = 0; i < nets[k]->nlayers; i++)
                err[2 + conditional] = fmax(err[2 + conditional], ae_gradcheck_dense(model_value, &m, nets[k]->layer[i], 0));
        ae_vae_free(v);
    }
    gsl_matrix_free(images);
    gsl_vector_free(p.dmu);
    gsl_vector_free(p.dlogvar);
}
/* END BOOK */

/* Exercise 7.3 against the library's KL: |sum_j kl_j - B KL| / (B KL) on a random batch of
 * GC_ROWS x GC_K means and log-variances (7.9). */
double kl_coords_error(gsl_rng *r)
{
    gsl_matrix *Mu = gsl_matrix_alloc(GC_ROWS, GC_K), *Lv = gsl_matrix_alloc(GC_ROWS, GC_K);
    gsl_vector *kl = gsl_vector_alloc(GC_K);
    for (size_t i = 0; i < GC_ROWS * GC_K; i++) {
        Mu->data[i] = ae_rng_uniform(r, -1.5, 1.5);
        Lv->data[i] = ae_rng_uniform(r, -1.5, 1.5);
    }
    ex07_kl_per_coord(kl, Mu, Lv);
    double want = GC_ROWS * ae_loss_kl_gauss(NULL, NULL, Mu, Lv), got = 0.0;
    for (size_t j = 0; j < GC_K; j++)
        got += gsl_vector_get(kl, j);
    gsl_matrix_free(Mu), gsl_matrix_free(Lv), gsl_vector_free(kl);
    return fabs(got - want) / want;
}
