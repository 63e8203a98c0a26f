/* student_models — in the student tree, the library's parts of the lessons' models that
 * are graded exercises (1.1, 3.1, 3.2, 4.1, 8.2; the VAE's in student_vae.c) run the
 * student's own code, each checked once first (lib/student.h, lib/student.c). The
 * instructor tree compiles none of it.
 */
#ifndef SOLUTION
#include "student.h"
#include "student_case.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "act.h"
#include "../lessons/01-linear-pca/exercises.h"
#include "../lessons/03-conv/exercises.h"
#include "../lessons/04-denoising/exercises.h"
#include "../lessons/08-gan/exercises.h"

/* ---- 1.1: PCA's projection and reconstruction ---- */

static exercise ex_pca = { "ae_pca_project and ae_pca_reconstruct", "1.1",
                           "lessons/01-linear-pca/exercises.c", 0 };

static void pca_project(gsl_matrix *Z, const gsl_matrix *X, const gsl_vector *mean, const gsl_matrix *Vk)
{
    gsl_matrix *Xhat = gsl_matrix_alloc(X->size1, X->size2);
    ex01_pca_reconstruct(Xhat, Z, X, mean, Vk);
    gsl_matrix_free(Xhat);
}

/* xhat = mu + V_k^T z is exercise 1.1's projection z' = V' (x' - mu') with x' = z, mu' = 0
 * and V' = V_k^T (D rows of k), then mu added. */
static void pca_reconstruct(gsl_matrix *Xhat, const gsl_matrix *Z, const gsl_vector *mean, const gsl_matrix *Vk)
{
    gsl_matrix *VkT = gsl_matrix_alloc(Vk->size2, Vk->size1), *scratch = gsl_matrix_alloc(Z->size1, Z->size2);
    gsl_vector *zero = gsl_vector_calloc(Z->size2);
    gsl_matrix_transpose_memcpy(VkT, Vk);
    ex01_pca_reconstruct(scratch, Xhat, Z, zero, VkT);
    for (size_t n = 0; n < Xhat->size1; n++) {
        gsl_vector_view row = gsl_matrix_row(Xhat, n);
        gsl_vector_add(&row.vector, mean);
    }
    gsl_matrix_free(VkT), gsl_matrix_free(scratch), gsl_vector_free(zero);
}

/* With the directions e_3 and -e_1 the answers are a choice of coordinates: z = (x_3 - mu_3,
 * mu_1 - x_1), and xhat is mu with coordinates 1 and 3 of x. */
static void check_pca(void)
{
    gsl_rng *r = student_case_rng();
    gsl_matrix *X = student_random(3, 4, -1, 1, r), *Vk = gsl_matrix_calloc(2, 4);
    gsl_matrix *Z = gsl_matrix_alloc(3, 2), *Xhat = gsl_matrix_alloc(3, 4);
    gsl_vector *mean = gsl_vector_alloc(4);
    for (size_t i = 0; i < 4; i++)
        gsl_vector_set(mean, i, 0.1 * (double)(i + 1));
    gsl_matrix_set(Vk, 0, 2, 1.0);
    gsl_matrix_set(Vk, 1, 0, -1.0);
    pca_project(Z, X, mean, Vk);
    pca_reconstruct(Xhat, Z, mean, Vk);
    double err = 0.0;
    for (size_t b = 0; b < 3; b++) {
        double x0 = gsl_matrix_get(X, b, 0), x2 = gsl_matrix_get(X, b, 2);
        err = student_worse(err, fabs(gsl_matrix_get(Z, b, 0) - (x2 - 0.3)));
        err = student_worse(err, fabs(gsl_matrix_get(Z, b, 1) - (0.1 - x0)));
        for (size_t i = 0; i < 4; i++) {
            double want = (i == 0) ? x0 : (i == 2) ? x2 : gsl_vector_get(mean, i);
            err = student_worse(err, fabs(gsl_matrix_get(Xhat, b, i) - want));
        }
    }
    student_verdict(&ex_pca, err);
    gsl_matrix_free(X), gsl_matrix_free(Vk), gsl_matrix_free(Z), gsl_matrix_free(Xhat);
    gsl_vector_free(mean);
    gsl_rng_free(r);
}

void student_pca_project(gsl_matrix *Z, const gsl_matrix *X, const gsl_vector *mean, const gsl_matrix *Vk)
{
    if (student_unchecked(&ex_pca))
        check_pca();
    pca_project(Z, X, mean, Vk);
}

void student_pca_reconstruct(gsl_matrix *Xhat, const gsl_matrix *Z, const gsl_vector *mean,
                             const gsl_matrix *Vk)
{
    if (student_unchecked(&ex_pca))
        check_pca();
    pca_reconstruct(Xhat, Z, mean, Vk);
}

/* ---- 3.1: the convolution's backward pass for its input ---- */

static exercise ex_conv = { "ae_conv_backward", "3.1", "lessons/03-conv/exercises.c", 0 };

typedef struct {
    ae_conv *L;
    gsl_matrix *X, *Y, *G;
} conv_case;

static double conv_loss(void *ctx)   /* sum G * conv(X) */
{
    conv_case *c = ctx;
    ae_conv_forward(c->Y, c->X, c->L);
    return student_dot(c->G, c->Y);
}

/* 2 x 5 x 5 -> 3 x 3 x 3: kernel 3, stride 2, pad 1 */
static void check_conv(void)
{
    gsl_rng *r = student_case_rng();
    ae_conv *L = ae_conv_alloc(2, 5, 5, 3, 3, 2, 1, 2);
    ae_conv_init(L, r, 1.0);
    conv_case c = { L, student_random(2, L->in, -1, 1, r), gsl_matrix_alloc(2, L->out),
                    student_random(2, L->out, -1, 1, r) };
    gsl_matrix *dX = gsl_matrix_alloc(2, L->in);
    gsl_matrix *dcol = gsl_matrix_alloc(L->g.c * L->g.k * L->g.k, L->g.oh * L->g.ow);
    ex03_conv_backward_input(dX, dcol, c.G, L->W, &L->g);
    student_verdict(&ex_conv, student_fd_error(conv_loss, &c, c.X, dX));
    ae_conv_free(L);
    gsl_matrix_free(c.X), gsl_matrix_free(c.Y), gsl_matrix_free(c.G), gsl_matrix_free(dX), gsl_matrix_free(dcol);
    gsl_rng_free(r);
}

void student_conv_backward_input(gsl_matrix *dX, gsl_matrix *dcol, const gsl_matrix *dY,
                                 const gsl_matrix *W, const ae_conv_geom *g)
{
    if (student_unchecked(&ex_conv))
        check_conv();
    ex03_conv_backward_input(dX, dcol, dY, W, g);
}

/* ---- 3.2: max-pooling's backward pass ---- */

static exercise ex_pool = { "ae_maxpool_backward", "3.2", "lessons/03-conv/exercises.c", 0 };

typedef struct {
    ae_maxpool *P;
    gsl_matrix *X, *Y, *G;
} pool_case;

static double pool_loss(void *ctx)   /* sum G * maxpool(X) */
{
    pool_case *c = ctx;
    ae_maxpool_forward(c->Y, c->P, c->X);
    return student_dot(c->G, c->Y);
}

/* 2 x 4 x 4 -> 2 x 2 x 2; the inputs are a shuffle of distinct values 0.1 apart, so a
 * step of 1e-5 moves no maximum */
static void check_pool(void)
{
    gsl_rng *r = student_case_rng();
    ae_maxpool *P = ae_maxpool_alloc(2, 4, 4, 2, 2);
    pool_case c = { P, gsl_matrix_alloc(2, 32), gsl_matrix_alloc(2, 8), student_random(2, 8, -1, 1, r) };
    for (size_t i = 0; i < 64; i++)
        c.X->data[i] = 0.1 * (double)i;
    gsl_ran_shuffle(r, c.X->data, 64, sizeof(double));
    gsl_matrix *dX = gsl_matrix_alloc(2, 32);
    pool_loss(&c);
    ex03_maxpool_backward(dX, P, c.G);
    student_verdict(&ex_pool, student_fd_error(pool_loss, &c, c.X, dX));
    ae_maxpool_free(P);
    gsl_matrix_free(c.X), gsl_matrix_free(c.Y), gsl_matrix_free(c.G), gsl_matrix_free(dX);
    gsl_rng_free(r);
}

void student_maxpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY)
{
    if (student_unchecked(&ex_pool))
        check_pool();
    ex03_maxpool_backward(dX, P, dY);
}

/* ---- 4.1: masking noise ---- */

static exercise ex_mask = { "ae_corrupt_mask", "4.1", "lessons/04-denoising/exercises.c", 0 };

/* 3 rows of 20 non-zero values, nu = 0.3: each row must come back with exactly 6 zeros and
 * its other 14 values unchanged. The error is the share of rows that do not. */
static void check_mask(void)
{
    gsl_rng *r = student_case_rng();
    gsl_matrix *X = gsl_matrix_alloc(3, 20), *Xc = gsl_matrix_alloc(3, 20);
    for (size_t i = 0; i < 60; i++)
        X->data[i] = 1.0 + (double)i;
    ex04_mask_noise(Xc, X, 0.3, r);
    double wrong = 0.0;
    for (size_t b = 0; b < 3; b++) {
        size_t zeros = 0, kept = 0;
        for (size_t i = 0; i < 20; i++) {
            double v = gsl_matrix_get(Xc, b, i);
            zeros += (v == 0.0);
            kept += (v == gsl_matrix_get(X, b, i));
        }
        wrong += (zeros != 6 || kept != 14) / 3.0;
    }
    student_verdict(&ex_mask, wrong);
    gsl_matrix_free(X), gsl_matrix_free(Xc);
    gsl_rng_free(r);
}

void student_mask_noise(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r)
{
    if (student_unchecked(&ex_mask))
        check_mask();
    ex04_mask_noise(Xc, X, nu, r);
}

void student_salt_pepper(gsl_matrix *Xc, double nu, gsl_rng *r)
{
    gsl_matrix *chosen = gsl_matrix_alloc(Xc->size1, Xc->size2);
    gsl_matrix_set_all(chosen, 1.0);
    student_mask_noise(chosen, chosen, nu, r);
    for (size_t b = 0; b < Xc->size1; b++)
        for (size_t i = 0; i < Xc->size2; i++)
            if (gsl_matrix_get(chosen, b, i) == 0.0)
                gsl_matrix_set(Xc, b, i, (double)gsl_rng_uniform_int(r, 2));
    gsl_matrix_free(chosen);
}

/* ---- 8.2: the generator's loss ---- */

static exercise ex_gloss = { "ae_gan_g_loss", "8.2", "lessons/08-gan/exercises.c", 0 };

typedef struct {
    gsl_matrix *a;   /* 1 x m logits */
    int nonsat;
} gloss_case;

/* the book's (8.6) 1/m sum log(1 - D) = -1/m sum softplus(a); (8.7) -1/m sum log D = 1/m sum softplus(-a) */
static double gloss_value(void *ctx)
{
    gloss_case *c = ctx;
    double s = 0.0;
    for (size_t i = 0; i < c->a->size2; i++)
        s += c->nonsat ? ae_softplus(-c->a->data[i]) : -ae_softplus(c->a->data[i]);
    return s / (double)c->a->size2;
}

static void check_gloss(void)
{
    gsl_rng *r = student_case_rng();
    double err = 0.0;
    for (int nonsat = 0; nonsat <= 1; nonsat++) {
        gloss_case c = { student_random(1, 6, -4, 4, r), nonsat };
        gsl_matrix *da = gsl_matrix_alloc(1, 6);
        gsl_vector_view va = gsl_matrix_row(c.a, 0), vda = gsl_matrix_row(da, 0);
        double loss = ex08_g_loss(&vda.vector, &va.vector, nonsat), want = gloss_value(&c);
        err = student_worse(err, fabs(loss - want) / fabs(want));
        err = student_worse(err, student_fd_error(gloss_value, &c, c.a, da));
        gsl_matrix_free(c.a), gsl_matrix_free(da);
    }
    student_verdict(&ex_gloss, err);
    gsl_rng_free(r);
}

double student_gan_g_loss(gsl_matrix *dA, const gsl_matrix *A, int nonsat)
{
    if (student_unchecked(&ex_gloss))
        check_gloss();
    gsl_vector_view da = gsl_matrix_column(dA, 0);
    gsl_vector_const_view a = gsl_matrix_const_column(A, 0);
    return ex08_g_loss(&da.vector, &a.vector, nonsat);
}

#endif /* !SOLUTION */
