/* rng — seeded random numbers (GSL's mt19937).
 *
 * One program seed, several independent streams (weight init, shuffling,
 * corruption noise, synthetic data), so that changing how often one is used
 * does not shift the others. The same seed gives the same bits.
 */
#ifndef AE_RNG_H
#define AE_RNG_H

#include <gsl/gsl_rng.h>

enum ae_stream { AE_RNG_INIT = 1, AE_RNG_SHUFFLE = 2, AE_RNG_NOISE = 3, AE_RNG_DATA = 4 };

/* A mt19937 generator for (seed, stream); free with gsl_rng_free. */
gsl_rng *ae_rng_alloc(unsigned long seed, enum ae_stream stream);

/* N(0, sigma^2) by the ziggurat method. */
double ae_rng_gaussian(gsl_rng *r, double sigma);

/* Uniform on [a, b). */
double ae_rng_uniform(gsl_rng *r, double a, double b);

#endif
