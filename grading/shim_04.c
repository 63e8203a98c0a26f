/* Lesson 04's exercises, called in the probe (see probe.h and serve_04.c). */
#include "../lessons/04-denoising/exercises.h"
#include "probe.h"

/* r's state goes there and comes back advanced by the draws the probe made */
void ex04_mask_noise(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r)
{
    wire *q = probe_begin("ex04_mask_noise");
    wire_put_mat(q, Xc);
    wire_put_mat(q, X);
    wire_put_f64(q, nu);
    wire_put_rng(q, r);
    wire *rep = probe_reply();
    wire_get_mat_into(rep, Xc);
    wire_get_rng_into(rep, r);
    probe_end(rep);
}

void ex04_bayes_denoiser(gsl_matrix *R, const gsl_matrix *Xt, const gsl_matrix *Data, double sigma)
{
    wire *q = probe_begin("ex04_bayes_denoiser");
    wire_put_mat(q, R);
    wire_put_mat(q, Xt);
    wire_put_mat(q, Data);
    wire_put_f64(q, sigma);
    wire *rep = probe_reply();
    wire_get_mat_into(rep, R);
    probe_end(rep);
}

/* Y and M come back; r's state comes back advanced by the draws the probe made */
void ex04_dropout_forward(gsl_matrix *Y, gsl_matrix *M, const gsl_matrix *X, double p, int rescale, gsl_rng *r)
{
    wire *q = probe_begin("ex04_dropout_forward");
    wire_put_mat(q, Y);
    wire_put_mat(q, M);
    wire_put_mat(q, X);
    wire_put_f64(q, p);
    wire_put_u64(q, (uint64_t)rescale);
    wire_put_rng(q, r);
    wire *rep = probe_reply();
    wire_get_mat_into(rep, Y);
    wire_get_mat_into(rep, M);
    wire_get_rng_into(rep, r);
    probe_end(rep);
}

void ex04_dropout_backward(gsl_matrix *dX, const gsl_matrix *M, const gsl_matrix *dY)
{
    wire *q = probe_begin("ex04_dropout_backward");
    wire_put_mat(q, dX);
    wire_put_mat(q, M);
    wire_put_mat(q, dY);
    wire *rep = probe_reply();
    wire_get_mat_into(rep, dX);
    probe_end(rep);
}
