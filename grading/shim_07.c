/* Lesson 07's exercises, called in the probe (see probe.h and serve_07.c). */
#include "../lessons/07-vae/exercises.h"
#include "probe.h"

double ex07_gauss_kl(gsl_vector *dmu, gsl_vector *dlogvar, const gsl_vector *mu, const gsl_vector *logvar)
{
    wire *q = probe_begin("ex07_gauss_kl");
    wire_put_vec(q, dmu);
    wire_put_vec(q, dlogvar);
    wire_put_vec(q, mu);
    wire_put_vec(q, logvar);
    wire *r = probe_reply();
    double kl = wire_get_f64(r);
    wire_get_vec_into(r, dmu);
    wire_get_vec_into(r, dlogvar);
    probe_end(r);
    return kl;
}

void ex07_reparam_backward(gsl_vector *dmu, gsl_vector *dlogvar, const gsl_vector *dz,
                           const gsl_vector *logvar, const gsl_vector *eps)
{
    wire *q = probe_begin("ex07_reparam_backward");
    wire_put_vec(q, dmu);
    wire_put_vec(q, dlogvar);
    wire_put_vec(q, dz);
    wire_put_vec(q, logvar);
    wire_put_vec(q, eps);
    wire *r = probe_reply();
    wire_get_vec_into(r, dmu);       /* added into */
    wire_get_vec_into(r, dlogvar);   /* added into */
    probe_end(r);
}

void ex07_kl_per_coord(gsl_vector *kl, const gsl_matrix *Mu, const gsl_matrix *Logvar)
{
    wire *q = probe_begin("ex07_kl_per_coord");
    wire_put_vec(q, kl);
    wire_put_mat(q, Mu);
    wire_put_mat(q, Logvar);
    wire *r = probe_reply();
    wire_get_vec_into(r, kl);        /* written */
    probe_end(r);
}

void ex07_cond_split(gsl_vector *dz, const gsl_vector *dzy)
{
    wire *q = probe_begin("ex07_cond_split");
    wire_put_vec(q, dz);
    wire_put_vec(q, dzy);
    wire *r = probe_reply();
    wire_get_vec_into(r, dz);        /* written */
    probe_end(r);
}
