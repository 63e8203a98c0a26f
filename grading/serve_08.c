/* Lesson 08's exercises in the probe (the shims' other side: shim_08.c). */
#include "../lessons/08-gan/exercises.h"
#include "serve.h"

static void d_loss(wire *in, wire *out)
{
    gsl_vector *da_real = wire_get_vec(in), *da_fake = wire_get_vec(in);
    gsl_vector *a_real = wire_get_vec(in), *a_fake = wire_get_vec(in);
    if (in->failed)
        return;
    double E = ex08_d_loss(da_real, da_fake, a_real, a_fake);
    wire_put_f64(out, E);
    wire_put_vec(out, da_real);
    wire_put_vec(out, da_fake);
}

static void g_loss(wire *in, wire *out)
{
    gsl_vector *da = wire_get_vec(in), *a = wire_get_vec(in);
    int nonsat = (int)(int64_t)wire_get_u64(in);
    if (in->failed)
        return;
    double loss = ex08_g_loss(da, a, nonsat);
    wire_put_f64(out, loss);
    wire_put_vec(out, da);
}

const serve_entry SERVE[] = {
    {"ex08_d_loss", d_loss},
    {"ex08_g_loss", g_loss},
    {NULL, NULL},
};
