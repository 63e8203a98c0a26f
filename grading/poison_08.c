/* Lesson 08's probe: the library functions that are its exercises' answers refuse
 * (linked ahead of libae; see serve.h). ae_gan_g_loss is 8.2 on an m x 1 matrix. The
 * library's discriminator step computes E (8.1) as two calls of ae_loss_bce_logits, on
 * the real logits against 1 and the fake ones against 0: with m rows each their sum is E
 * and their gradients are da_real and da_fake, so that is 8.1's answer (it is 2.1's too).
 * The scalar ae_sigmoid and ae_softplus are the building blocks the exercises ask for
 * and stay allowed. */
#include "gan.h"
#include "loss.h"
#include "serve.h"

double ae_loss_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X)
{
    (void)dA, (void)A, (void)X;
    serve_refuse("ae_loss_bce_logits", "8.1");
}

double ae_gan_g_loss(gsl_matrix *dA, const gsl_matrix *A, ae_gan_loss kind)
{
    (void)dA, (void)A, (void)kind;
    serve_refuse("ae_gan_g_loss", "8.2");
}
