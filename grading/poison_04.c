/* Lesson 04's probe: the library functions that are exercises 4.1's and 4.3's answers refuse
 * (linked ahead of libae; see serve.h). */
#include "corrupt.h"
#include "dropout.h"
#include "serve.h"

void ae_corrupt_mask(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r)
{
    (void)Xc, (void)X, (void)nu, (void)r;
    serve_refuse("ae_corrupt_mask", "4.1");
}

void ae_dropout_forward(gsl_matrix *Y, gsl_matrix *M, const gsl_matrix *X, double p, int rescale, gsl_rng *r)
{
    (void)Y, (void)M, (void)X, (void)p, (void)rescale, (void)r;
    serve_refuse("ae_dropout_forward", "4.3");
}

void ae_dropout_backward(gsl_matrix *dX, const gsl_matrix *M, const gsl_matrix *dY)
{
    (void)dX, (void)M, (void)dY;
    serve_refuse("ae_dropout_backward", "4.3");
}
