/* rng — seeded mt19937 streams. See rng.h. */
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

gsl_rng *ae_rng_alloc(unsigned long seed, enum ae_stream stream)
{
    /* one gsl seed per (seed, stream); 7919 is prime, so streams 1..4 of
     * neighbouring seeds never collide */
    unsigned long s = seed * 7919UL + (unsigned long)stream;
    if (s == 0) /* mt19937 maps seed 0 to its default 4357: avoid the clash */
        s = 7919UL;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r == NULL) {
        fprintf(stderr, "ae_rng_alloc: out of memory\n");
        abort();
    }
    gsl_rng_set(r, s);
    return r;
}

double ae_rng_gaussian(gsl_rng *r, double sigma)
{
    return gsl_ran_gaussian_ziggurat(r, sigma);
}

double ae_rng_uniform(gsl_rng *r, double a, double b)
{
    return a + (b - a) * gsl_rng_uniform(r); /* gsl_rng_uniform is on [0, 1) */
}
