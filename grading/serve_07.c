/* Lesson 07's exercises in the probe (the shims' other side: shim_07.c). */
#include "../lessons/07-vae/exercises.h"
#include "serve.h"

static void gauss_kl(wire *in, wire *out)
{
    gsl_vector *dmu = wire_get_vec(in), *dlogvar = wire_get_vec(in);
    gsl_vector *mu = wire_get_vec(in), *logvar = wire_get_vec(in);
    if (in->failed)
        return;
    double kl = ex07_gauss_kl(dmu, dlogvar, mu, logvar);
    wire_put_f64(out, kl);
    wire_put_vec(out, dmu);
    wire_put_vec(out, dlogvar);
}

static void reparam_backward(wire *in, wire *out)
{
    gsl_vector *dmu = wire_get_vec(in), *dlogvar = wire_get_vec(in);
    gsl_vector *dz = wire_get_vec(in), *logvar = wire_get_vec(in), *eps = wire_get_vec(in);
    if (in->failed)
        return;
    ex07_reparam_backward(dmu, dlogvar, dz, logvar, eps);
    wire_put_vec(out, dmu);
    wire_put_vec(out, dlogvar);
}

static void kl_per_coord(wire *in, wire *out)
{
    gsl_vector *kl = wire_get_vec(in);
    gsl_matrix *mu = wire_get_mat(in), *logvar = wire_get_mat(in);
    if (in->failed)
        return;
    ex07_kl_per_coord(kl, mu, logvar);
    wire_put_vec(out, kl);
}

static void cond_split(wire *in, wire *out)
{
    gsl_vector *dz = wire_get_vec(in), *dzy = wire_get_vec(in);
    if (in->failed)
        return;
    ex07_cond_split(dz, dzy);
    wire_put_vec(out, dz);
}

const serve_entry SERVE[] = {
    {"ex07_gauss_kl", gauss_kl},
    {"ex07_reparam_backward", reparam_backward},
    {"ex07_kl_per_coord", kl_per_coord},
    {"ex07_cond_split", cond_split},
    {NULL, NULL},
};
