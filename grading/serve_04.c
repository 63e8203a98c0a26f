/* Lesson 04's exercises in the probe (the shims' other side: shim_04.c). */
#include <string.h>

#include "../lessons/04-denoising/exercises.h"
#include "serve.h"

/* a generator of the type the runner's is (its name comes first on the wire) */
static gsl_rng *rng_like(wire *in)
{
    char name[64];
    wire_get_str(in, name, sizeof name);
    for (const gsl_rng_type **t = gsl_rng_types_setup(); *t; t++)
        if (strcmp((*t)->name, name) == 0) {
            gsl_rng *r = gsl_rng_alloc(*t);
            wire_get_bytes(in, gsl_rng_state(r), gsl_rng_size(r));
            return r;
        }
    in->failed = 1;
    return gsl_rng_alloc(gsl_rng_mt19937);
}

static void mask_noise(wire *in, wire *out)
{
    gsl_matrix *Xc = wire_get_mat(in), *X = wire_get_mat(in);
    double nu = wire_get_f64(in);
    gsl_rng *r = rng_like(in);
    ex04_mask_noise(Xc, X, nu, r);
    wire_put_mat(out, Xc);
    wire_put_rng(out, r);
}

static void bayes_denoiser(wire *in, wire *out)
{
    gsl_matrix *R = wire_get_mat(in), *Xt = wire_get_mat(in), *Data = wire_get_mat(in);
    double sigma = wire_get_f64(in);
    ex04_bayes_denoiser(R, Xt, Data, sigma);
    wire_put_mat(out, R);
}

const serve_entry SERVE[] = {
    {"ex04_mask_noise", mask_noise},
    {"ex04_bayes_denoiser", bayes_denoiser},
    {NULL, NULL},
};
