/* Lesson 04's exercises in the probe (the shims' other side: shim_04.c). */
#include "../lessons/04-denoising/exercises.h"
#include "serve.h"

static void mask_noise(wire *in, wire *out)
{
    gsl_matrix *Xc = wire_get_mat(in), *X = wire_get_mat(in);
    double nu = wire_get_f64(in);
    gsl_rng *r = wire_get_rng_new(in);
    if (!r)
        return;   /* a malformed request: no answer, the runner fails the check */
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

static void dropout_forward(wire *in, wire *out)
{
    gsl_matrix *Y = wire_get_mat(in), *M = wire_get_mat(in), *X = wire_get_mat(in);
    double p = wire_get_f64(in);
    int rescale = (int)wire_get_u64(in);
    gsl_rng *r = wire_get_rng_new(in);
    if (!r)
        return;   /* a malformed request: no answer, the runner fails the check */
    ex04_dropout_forward(Y, M, X, p, rescale, r);
    wire_put_mat(out, Y);
    wire_put_mat(out, M);
    wire_put_rng(out, r);
}

static void dropout_backward(wire *in, wire *out)
{
    gsl_matrix *dX = wire_get_mat(in), *M = wire_get_mat(in), *dY = wire_get_mat(in);
    ex04_dropout_backward(dX, M, dY);
    wire_put_mat(out, dX);
}

const serve_entry SERVE[] = {
    {"ex04_mask_noise", mask_noise},
    {"ex04_bayes_denoiser", bayes_denoiser},
    {"ex04_dropout_forward", dropout_forward},
    {"ex04_dropout_backward", dropout_backward},
    {NULL, NULL},
};
