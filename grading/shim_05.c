/* Lesson 05's exercises, called in the probe (see probe.h and serve_05.c). */
#include "../lessons/05-sparse/exercises.h"
#include "probe.h"

double ex05_kl_sparsity(gsl_matrix *dH, gsl_vector *rho_hat, const gsl_matrix *H, double rho, double beta)
{
    wire *q = probe_begin("ex05_kl_sparsity");
    wire_put_mat(q, dH);
    wire_put_vec(q, rho_hat);
    wire_put_mat(q, H);
    wire_put_f64(q, rho);
    wire_put_f64(q, beta);
    wire *r = probe_reply();
    double penalty = wire_get_f64(r);
    if (dH)
        wire_get_mat_into(r, dH);
    wire_get_vec_into(r, rho_hat);
    probe_end(r);
    return penalty;
}

void ex05_normalise_patches(gsl_matrix *X)
{
    wire *q = probe_begin("ex05_normalise_patches");
    wire_put_mat(q, X);
    wire *r = probe_reply();
    wire_get_mat_into(r, X);
    probe_end(r);
}
