/* Lesson 00's exercises in the probe (the shims' other side: shim_00.c). */
#include "../lessons/00-backprop/exercises.h"
#include "serve.h"

static void softmax_ce_grad(wire *in, wire *out)
{
    gsl_matrix *dF = wire_get_mat(in), *P = wire_get_mat(in);
    size_t n;
    uint8_t *y = wire_get_bytes_new(in, &n);
    ex00_softmax_ce_grad(dF, P, y);
    wire_put_mat(out, dF);
}

static void relu_backward(wire *in, wire *out)
{
    gsl_matrix *dH = wire_get_mat(in), *H = wire_get_mat(in);
    ex00_relu_backward(dH, H);
    wire_put_mat(out, dH);
}

static void dense_backward(wire *in, wire *out)
{
    gsl_matrix *dX = wire_get_mat(in);
    ae_dense *L = wire_get_dense(in);
    gsl_matrix *dF = wire_get_mat(in), *X = wire_get_mat(in);
    ex00_dense_backward(dX, L, dF, X);
    if (dX)
        wire_put_mat(out, dX);
    wire_put_dense_grads(out, L);
}

const serve_entry SERVE[] = {
    {"ex00_softmax_ce_grad", softmax_ce_grad},
    {"ex00_relu_backward", relu_backward},
    {"ex00_dense_backward", dense_backward},
    {NULL, NULL},
};
