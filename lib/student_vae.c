/* student — exercises 7.1, 7.2 and 7.4, the VAE's KL, the reparameterisation's backward pass
 * and the conditional VAE's split of d[z | y], in the student tree (lib/student.h says why):
 * ae_loss_kl_gauss, ae_vae_reparam_backward and ae_vae_cond_split run the student's own.
 * The instructor tree compiles none of this. */
#ifndef SOLUTION
#include "student.h"
#include "student_case.h"

#include <math.h>

#include "../lessons/07-vae/exercises.h"

/* ---- 7.1 and 7.2: the VAE's KL term and the reparameterisation's backward pass ---- */

static exercise ex_kl = { "ae_loss_kl_gauss", "7.1", "lessons/07-vae/exercises.c", 0 };
static exercise ex_reparam = { "ae_vae_reparam_backward", "7.2", "lessons/07-vae/exercises.c", 0 };

typedef struct {
    gsl_matrix *mu, *logvar, *eps, *G;   /* one row each */
} vae_case;

static double kl_value(void *ctx)   /* the book's (7.4): 1/2 sum_j mu_j^2 + sigma_j^2 - 1 - log sigma_j^2 */
{
    vae_case *c = ctx;
    double s = 0.0;
    for (size_t j = 0; j < c->mu->size2; j++) {
        double m = c->mu->data[j], lv = c->logvar->data[j];
        s += 0.5 * (m * m + exp(lv) - 1.0 - lv);
    }
    return s;
}

static double reparam_value(void *ctx)   /* sum G * (mu + exp(logvar / 2) eps), the book's (7.6) */
{
    vae_case *c = ctx;
    double s = 0.0;
    for (size_t j = 0; j < c->mu->size2; j++)
        s += c->G->data[j] * (c->mu->data[j] + exp(0.5 * c->logvar->data[j]) * c->eps->data[j]);
    return s;
}

static vae_case vae_case_new(gsl_rng *r)
{
    return (vae_case){ student_random(1, 5, -1, 1, r), student_random(1, 5, -2, 1, r),
                       student_random(1, 5, -1, 1, r), student_random(1, 5, -1, 1, r) };
}

static void vae_case_free(vae_case *c)
{
    gsl_matrix_free(c->mu), gsl_matrix_free(c->logvar), gsl_matrix_free(c->eps), gsl_matrix_free(c->G);
}

static void check_kl(void)
{
    gsl_rng *r = student_case_rng();
    vae_case c = vae_case_new(r);
    gsl_matrix *dmu = gsl_matrix_alloc(1, 5), *dlv = gsl_matrix_alloc(1, 5);
    gsl_vector_view mu = gsl_matrix_row(c.mu, 0), lv = gsl_matrix_row(c.logvar, 0);
    gsl_vector_view vdmu = gsl_matrix_row(dmu, 0), vdlv = gsl_matrix_row(dlv, 0);
    double kl = ex07_gauss_kl(&vdmu.vector, &vdlv.vector, &mu.vector, &lv.vector), want = kl_value(&c);
    double err = student_worse(fabs(kl - want) / want, student_fd_error(kl_value, &c, c.mu, dmu));
    student_verdict(&ex_kl, student_worse(err, student_fd_error(kl_value, &c, c.logvar, dlv)));
    vae_case_free(&c);
    gsl_matrix_free(dmu), gsl_matrix_free(dlv);
    gsl_rng_free(r);
}

/* The exercise adds into dmu and dlogvar: they start at 1, and 1 is taken off after. */
static void check_reparam(void)
{
    gsl_rng *r = student_case_rng();
    vae_case c = vae_case_new(r);
    gsl_matrix *dmu = gsl_matrix_alloc(1, 5), *dlv = gsl_matrix_alloc(1, 5);
    gsl_matrix_set_all(dmu, 1.0);
    gsl_matrix_set_all(dlv, 1.0);
    gsl_vector_view dz = gsl_matrix_row(c.G, 0), lv = gsl_matrix_row(c.logvar, 0), eps = gsl_matrix_row(c.eps, 0);
    gsl_vector_view vdmu = gsl_matrix_row(dmu, 0), vdlv = gsl_matrix_row(dlv, 0);
    ex07_reparam_backward(&vdmu.vector, &vdlv.vector, &dz.vector, &lv.vector, &eps.vector);
    gsl_matrix_add_constant(dmu, -1.0);
    gsl_matrix_add_constant(dlv, -1.0);
    double err = student_fd_error(reparam_value, &c, c.mu, dmu);
    student_verdict(&ex_reparam, student_worse(err, student_fd_error(reparam_value, &c, c.logvar, dlv)));
    vae_case_free(&c);
    gsl_matrix_free(dmu), gsl_matrix_free(dlv);
    gsl_rng_free(r);
}

/* The batch's mean KL: the exercise's per-example gradients, divided by B. */
double student_gauss_kl(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *Mu,
                        const gsl_matrix *Logvar)
{
    if (student_unchecked(&ex_kl))
        check_kl();
    const size_t B = Mu->size1, L = Mu->size2;
    gsl_vector *gmu = gsl_vector_alloc(L), *glv = gsl_vector_alloc(L);
    double sum = 0.0;
    for (size_t n = 0; n < B; n++) {
        gsl_vector_const_view mu = gsl_matrix_const_row(Mu, n), lv = gsl_matrix_const_row(Logvar, n);
        sum += ex07_gauss_kl(gmu, glv, &mu.vector, &lv.vector);
        gsl_vector_scale(gmu, 1.0 / (double)B);
        gsl_vector_scale(glv, 1.0 / (double)B);
        if (dMu)
            gsl_matrix_set_row(dMu, n, gmu);
        if (dLogvar)
            gsl_matrix_set_row(dLogvar, n, glv);
    }
    gsl_vector_free(gmu), gsl_vector_free(glv);
    return sum / (double)B;
}

void student_reparam_backward(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *dZ,
                              const gsl_matrix *Logvar, const gsl_matrix *Eps)
{
    if (student_unchecked(&ex_reparam))
        check_reparam();
    for (size_t n = 0; n < dZ->size1; n++) {
        gsl_vector_view dmu = gsl_matrix_row(dMu, n), dlv = gsl_matrix_row(dLogvar, n);
        gsl_vector_const_view dz = gsl_matrix_const_row(dZ, n), lv = gsl_matrix_const_row(Logvar, n),
                              eps = gsl_matrix_const_row(Eps, n);
        ex07_reparam_backward(&dmu.vector, &dlv.vector, &dz.vector, &lv.vector, &eps.vector);
    }
}

/* ---- 7.4: the backward pass of the conditional VAE's [z | y] ---- */

static exercise ex_split = { "ae_vae_cond_split", "7.4", "lessons/07-vae/exercises.c", 0 };

/* dL/d[z | y] of 5 + 3 entries: dz must be its first 5 (written over what was there), and
 * nothing of the last 3 may reach it. */
static void check_split(void)
{
    gsl_rng *r = student_case_rng();
    gsl_matrix *dzy = student_random(1, 8, -1, 1, r), *dz = gsl_matrix_alloc(1, 5);
    gsl_matrix_set_all(dz, 1.0);
    gsl_vector_view vdz = gsl_matrix_row(dz, 0), vdzy = gsl_matrix_row(dzy, 0);
    ex07_cond_split(&vdz.vector, &vdzy.vector);
    double err = 0.0;
    for (size_t j = 0; j < 5; j++)
        err = student_worse(err, fabs(gsl_matrix_get(dz, 0, j) - gsl_matrix_get(dzy, 0, j)));
    student_verdict(&ex_split, err);
    gsl_matrix_free(dzy), gsl_matrix_free(dz);
    gsl_rng_free(r);
}

void student_cond_split(gsl_matrix *dZ, const gsl_matrix *dZY)
{
    if (student_unchecked(&ex_split))
        check_split();
    for (size_t n = 0; n < dZ->size1; n++) {
        gsl_vector_view dz = gsl_matrix_row(dZ, n);
        gsl_vector_const_view dzy = gsl_matrix_const_row(dZY, n);
        ex07_cond_split(&dz.vector, &dzy.vector);
    }
}

#endif /* !SOLUTION */
