/* Lesson 05's probe: the library function that is exercise 5.1's answer refuses
 * (linked ahead of libae; see serve.h). */
#include "loss.h"
#include "serve.h"

double ae_penalty_kl_sparsity(gsl_matrix *dH, gsl_vector *rho_hat, const gsl_matrix *H, double rho,
                              double beta)
{
    (void)dH, (void)rho_hat, (void)H, (void)rho, (void)beta;
    serve_refuse("ae_penalty_kl_sparsity", "5.1");
}
