/* Lesson 04's probe: the library function that is exercise 4.1's answer refuses
 * (linked ahead of libae; see serve.h). */
#include "corrupt.h"
#include "serve.h"

void ae_corrupt_mask(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r)
{
    (void)Xc, (void)X, (void)nu, (void)r;
    serve_refuse("ae_corrupt_mask", "4.1");
}
