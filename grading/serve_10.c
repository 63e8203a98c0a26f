/* Lesson 10's exercises in the probe (the shims' other side: shim_10.c). */
#include "../lessons/10-compression/exercises.h"
#include "serve.h"

static void tanh_backward(wire *in, wire *out)
{
    gsl_matrix *dH = wire_get_mat(in), *H = wire_get_mat(in);
    if (in->failed)
        return;
    ex10_tanh_backward(dH, H);
    wire_put_mat(out, dH);
}

static void quantise(wire *in, wire *out)
{
    int same = wire_get_u64(in) != 0;
    gsl_matrix *Zq = wire_get_mat(in);
    gsl_matrix *Z = same ? Zq : wire_get_mat(in);   /* in place: one matrix, as in the caller */
    gsl_vector *lo = wire_get_vec(in), *hi = wire_get_vec(in);
    unsigned bits = (unsigned)wire_get_u64(in);
    if (in->failed)
        return;
    ex10_quantise(Zq, Z, lo, hi, bits);
    wire_put_mat(out, Zq);
}

static void dct_matrix(wire *in, wire *out)
{
    gsl_matrix *C = wire_get_mat(in);
    if (in->failed)
        return;
    ex10_dct_matrix(C);
    wire_put_mat(out, C);
}

const serve_entry SERVE[] = {
    {"ex10_tanh_backward", tanh_backward},
    {"ex10_quantise", quantise},
    {"ex10_dct_matrix", dct_matrix},
    {NULL, NULL},
};
