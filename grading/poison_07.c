/* Lesson 07's probe: the library functions that are its exercises' answers refuse
 * (linked ahead of libae; see serve.h). On 1 x L matrices ae_loss_kl_gauss is the KL of
 * one example and its gradients (7.1), and ae_vae_reparam_backward adds dmu and dlogvar
 * exactly as 7.2 asks, and ae_vae_cond_split on 1-row matrices is 7.4. No exercise needs a
 * library function. */
#include "loss.h"
#include "serve.h"
#include "vae.h"

double ae_loss_kl_gauss(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *Mu, const gsl_matrix *Logvar)
{
    (void)dMu, (void)dLogvar, (void)Mu, (void)Logvar;
    serve_refuse("ae_loss_kl_gauss", "7.1");
}

void ae_vae_reparam_backward(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *dZ, const gsl_matrix *Logvar,
                             const gsl_matrix *Eps)
{
    (void)dMu, (void)dLogvar, (void)dZ, (void)Logvar, (void)Eps;
    serve_refuse("ae_vae_reparam_backward", "7.2");
}

void ae_vae_cond_split(gsl_matrix *dZ, const gsl_matrix *dZY)
{
    (void)dZ, (void)dZY;
    serve_refuse("ae_vae_cond_split", "7.4");
}
