/* Lesson 08's exercises, called in the probe (see probe.h and serve_08.c). */
#include "../lessons/08-gan/exercises.h"
#include "probe.h"

double ex08_d_loss(gsl_vector *da_real, gsl_vector *da_fake, const gsl_vector *a_real, const gsl_vector *a_fake)
{
    wire *q = probe_begin("ex08_d_loss");
    wire_put_vec(q, da_real);
    wire_put_vec(q, da_fake);
    wire_put_vec(q, a_real);
    wire_put_vec(q, a_fake);
    wire *r = probe_reply();
    double E = wire_get_f64(r);
    wire_get_vec_into(r, da_real);
    wire_get_vec_into(r, da_fake);
    probe_end(r);
    return E;
}

double ex08_g_loss(gsl_vector *da, const gsl_vector *a, int nonsat)
{
    wire *q = probe_begin("ex08_g_loss");
    wire_put_vec(q, da);
    wire_put_vec(q, a);
    wire_put_u64(q, (uint64_t)(int64_t)nonsat);
    wire *r = probe_reply();
    double loss = wire_get_f64(r);
    wire_get_vec_into(r, da);
    probe_end(r);
    return loss;
}
