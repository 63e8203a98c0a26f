/* gan — generator, discriminator and their alternating steps (see gan.h; BOOK.md chapter 8). */
#include "gan.h"

#include <math.h>

#include <gsl/gsl_blas.h>

#include "act.h"
#include "err.h"
#include "loss.h"
#include "rng.h"
#include "student.h"

ae_gan *ae_gan_alloc(size_t D, size_t m, double lr)
{
    ae_gan *g = calloc(1, sizeof *g);
    AE_ASSERT(g != NULL);
    const size_t g_sizes[] = {AE_GAN_NZ, 256, 512, D}, d_sizes[] = {D, 512, 256, 1};
    const ae_act g_f[] = {AE_LEAKY_RELU, AE_LEAKY_RELU, AE_TANH};
    const ae_act d_f[] = {AE_LEAKY_RELU, AE_LEAKY_RELU, AE_IDENTITY};
    *g = (ae_gan){.nz = AE_GAN_NZ, .D = D, .m = m,
                  .G = ae_net_alloc(3, g_sizes, g_f, m), .Dnet = ae_net_alloc(3, d_sizes, d_f, 2 * m),
                  .optG = ae_optim_alloc(AE_ADAM, lr), .optD = ae_optim_alloc(AE_ADAM, lr),
                  .Zn = gsl_matrix_alloc(m, AE_GAN_NZ), .Xd = gsl_matrix_alloc(2 * m, D),
                  .dA = gsl_matrix_alloc(2 * m, 1), .T = gsl_matrix_alloc(2 * m, 1)};
    g->optG->beta1 = g->optD->beta1 = AE_GAN_BETA1;
    ae_net_add_params(g->G, g->optG);
    ae_net_add_params(g->Dnet, g->optD);
    return g;
}

void ae_gan_free(ae_gan *g)
{
    if (!g)
        return;
    ae_net_free(g->G);
    ae_net_free(g->Dnet);
    ae_optim_free(g->optG);
    ae_optim_free(g->optD);
    gsl_matrix_free(g->Zn);
    gsl_matrix_free(g->Xd);
    gsl_matrix_free(g->dA);
    gsl_matrix_free(g->T);
    free(g);
}

void ae_gan_init(ae_gan *g, gsl_rng *r)
{
    ae_net_init(g->G, r, 1.0);
    ae_net_init(g->Dnet, r, 1.0);
}

/* BOOK: gan_g_loss */
double ae_gan_g_loss(gsl_matrix *dA, const gsl_matrix *A, ae_gan_loss kind)
{
    AE_ASSERT(A->size2 == 1 && dA->size1 == A->size1 && dA->size2 == 1);
#ifdef SOLUTION
    size_t m = A->size1;
    double sum = 0.0;
    for (size_t i = 0; i < m; i++) {
        double a = gsl_matrix_get(A, i, 0), d = ae_sigmoid(a);   /* D(G(z)) = sigmoid(a) */
        if (kind == AE_GAN_MINIMAX) {
            sum -= ae_softplus(a);                               /* (8.6) log(1 - D) = -softplus(a) */
            gsl_matrix_set(dA, i, 0, -d / (double)m);            /* d/da = -D: vanishes as D -> 0 */
        } else {
            sum += ae_softplus(-a);                              /* (8.7) -log D = softplus(-a) */
            gsl_matrix_set(dA, i, 0, (d - 1.0) / (double)m);     /* d/da = D - 1: -1 as D -> 0 */
        }
    }
    return sum / (double)m;
#else
    return student_gan_g_loss(dA, A, kind == AE_GAN_NONSAT);   /* exercise 8.2 */
#endif
}
/* END BOOK */

/* Mean of sigmoid over an m x 1 matrix of logits. */
static double mean_sigmoid(const gsl_matrix *A)
{
    double s = 0.0;
    for (size_t i = 0; i < A->size1; i++)
        s += ae_sigmoid(gsl_matrix_get(A, i, 0));
    return s / (double)A->size1;
}

static const gsl_matrix *generate_rows(ae_gan *g, size_t B, gsl_rng *r)
{
    AE_ASSERT(B >= 1 && B <= g->m);
    g->zn = gsl_matrix_submatrix(g->Zn, 0, 0, B, g->nz);
    for (size_t i = 0; i < B; i++)
        for (size_t j = 0; j < g->nz; j++)
            gsl_matrix_set(&g->zn.matrix, i, j, ae_rng_gaussian(r, 1.0));   /* z ~ N(0, I) */
    return ae_net_forward(g->G, &g->zn.matrix);
}

const gsl_matrix *ae_gan_generate(ae_gan *g, gsl_rng *r)
{
    return generate_rows(g, g->m, r);
}

/* ||g||^2 over every block of an optimiser's gradients. */
static double grad_sq_norm(const ae_optim *o)
{
    double sq = 0.0;
    for (size_t k = 0; k < o->nblocks; k++)
        sq += cblas_ddot((int)o->blocks[k].n, o->blocks[k].grad, 1, o->blocks[k].grad, 1);
    return sq;
}

/* BOOK: gan_steps */
/* (8.2) on E_t: the real rows' target t, 1 in (8.1), below 1 with label smoothing (8.5). */
double ae_gan_d_step_smooth(ae_gan *g, const gsl_matrix *X, double t, gsl_rng *r)
{
    size_t B = X->size1;
    AE_ASSERT(X->size2 == g->D && t > 0.5 && t <= 1.0);
    ae_optim_zero_grad(g->optD);
    const gsl_matrix *fake = generate_rows(g, B, r);                 /* G(z_i) */
    gsl_matrix_view real_rows = gsl_matrix_submatrix(g->Xd, 0, 0, B, g->D);
    gsl_matrix_view fake_rows = gsl_matrix_submatrix(g->Xd, B, 0, B, g->D);
    gsl_matrix_memcpy(&real_rows.matrix, X);
    gsl_matrix_memcpy(&fake_rows.matrix, fake);
    gsl_matrix_view both = gsl_matrix_submatrix(g->Xd, 0, 0, 2 * B, g->D);
    const gsl_matrix *A = ae_net_forward(g->Dnet, &both.matrix);     /* a(x), a(G(z)) in one batch */
    gsl_matrix_const_view a_real = gsl_matrix_const_submatrix(A, 0, 0, B, 1);
    gsl_matrix_const_view a_fake = gsl_matrix_const_submatrix(A, B, 0, B, 1);
    gsl_matrix_view t_real = gsl_matrix_submatrix(g->T, 0, 0, B, 1);
    gsl_matrix_view t_fake = gsl_matrix_submatrix(g->T, B, 0, B, 1);
    gsl_matrix_view da_real = gsl_matrix_submatrix(g->dA, 0, 0, B, 1);
    gsl_matrix_view da_fake = gsl_matrix_submatrix(g->dA, B, 0, B, 1);
    gsl_matrix_view da = gsl_matrix_submatrix(g->dA, 0, 0, 2 * B, 1);
    gsl_matrix_set_all(&t_real.matrix, t);
    gsl_matrix_set_all(&t_fake.matrix, 0.0);
    /* (8.1) E = mean -log D(x) + mean -log(1 - D(G(z))): BCE on logits, targets 1 (or t) and 0 */
    g->d_loss = ae_loss_bce_logits(&da_real.matrix, &a_real.matrix, &t_real.matrix) +
                ae_loss_bce_logits(&da_fake.matrix, &a_fake.matrix, &t_fake.matrix);
    g->d_real = mean_sigmoid(&a_real.matrix);
    g->d_fake = mean_sigmoid(&a_fake.matrix);
    ae_net_backward(g->Dnet, &da.matrix, AE_SKIP_DX);
    ae_optim_step(g->optD);                                          /* (8.2) W_D -= lr dE/dW_D */
    return g->d_loss;
}

double ae_gan_d_step(ae_gan *g, const gsl_matrix *X, gsl_rng *r)
{
    return ae_gan_d_step_smooth(g, X, 1.0, r);                       /* (8.1): target 1 */
}

double ae_gan_g_step(ae_gan *g, ae_gan_loss kind, gsl_rng *r)
{
    ae_optim_zero_grad(g->optG);
    const gsl_matrix *fake = generate_rows(g, g->m, r);
    const gsl_matrix *A = ae_net_forward(g->Dnet, fake);             /* a(G(z)) */
    gsl_matrix_view da = gsl_matrix_submatrix(g->dA, 0, 0, g->m, 1);
    g->g_loss = ae_gan_g_loss(&da.matrix, A, kind);                  /* (8.6) or (8.7) */
    g->g_fake = mean_sigmoid(A);
    const gsl_matrix *dfake = ae_net_backward_input(g->Dnet, &da.matrix); /* through D (not W_D), */
    ae_net_backward(g->G, dfake, AE_SKIP_DX);                                 /* into G's weights */
    g->g_norm = sqrt(grad_sq_norm(g->optG));
    ae_optim_step(g->optG);                                          /* (8.3) only W_G moves */
    return g->g_loss;
}
/* END BOOK */
