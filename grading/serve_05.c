/* Lesson 05's exercises in the probe (the shims' other side: shim_05.c). */
#include "../lessons/05-sparse/exercises.h"
#include "serve.h"

static void kl_sparsity(wire *in, wire *out)
{
    gsl_matrix *dH = wire_get_mat(in);
    gsl_vector *rho_hat = wire_get_vec(in);
    gsl_matrix *H = wire_get_mat(in);
    double rho = wire_get_f64(in), beta = wire_get_f64(in);
    double penalty = ex05_kl_sparsity(dH, rho_hat, H, rho, beta);
    wire_put_f64(out, penalty);
    if (dH)
        wire_put_mat(out, dH);
    wire_put_vec(out, rho_hat);
}

static void normalise_patches(wire *in, wire *out)
{
    gsl_matrix *X = wire_get_mat(in);
    ex05_normalise_patches(X);
    wire_put_mat(out, X);
}

const serve_entry SERVE[] = {
    {"ex05_kl_sparsity", kl_sparsity},
    {"ex05_normalise_patches", normalise_patches},
    {NULL, NULL},
};
