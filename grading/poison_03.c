/* Lesson 03's probe: the library functions that are its exercises' answers refuse
 * (linked ahead of libae; see serve.h). Exercise 3.1 builds on ae_col2im, which is (3.4). */
#include "conv.h"
#include "pool.h"
#include "serve.h"

void ae_conv_backward(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X)
{
    (void)dX, (void)L, (void)dY, (void)X;
    serve_refuse("ae_conv_backward", "3.1");
}

void ae_maxpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY)
{
    (void)dX, (void)P, (void)dY;
    serve_refuse("ae_maxpool_backward", "3.2");
}
