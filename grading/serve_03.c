/* Lesson 03's exercises in the probe (the shims' other side: shim_03.c). */
#include <stdlib.h>
#include <string.h>

#include "../lessons/03-conv/exercises.h"
#include "serve.h"

static void conv_backward_input(wire *in, wire *out)
{
    gsl_matrix *dX = wire_get_mat(in), *dcol = wire_get_mat(in), *dY = wire_get_mat(in), *W = wire_get_mat(in);
    ae_conv_geom g;
    size_t *v[] = {&g.c, &g.h, &g.w, &g.k, &g.stride, &g.pad, &g.oc, &g.oh, &g.ow};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        *v[i] = wire_get_u64(in);
    ex03_conv_backward_input(dX, dcol, dY, W, &g);
    wire_put_mat(out, dX);
    wire_put_mat(out, dcol);
}

static void maxpool_backward(wire *in, wire *out)
{
    gsl_matrix *dX = wire_get_mat(in);
    size_t c = wire_get_u64(in), h = wire_get_u64(in), w = wire_get_u64(in), size = wire_get_u64(in);
    size_t n;
    uint8_t *argmax = wire_get_bytes_new(in, &n);
    gsl_matrix *dY = wire_get_mat(in);
    ae_maxpool *P = ae_maxpool_alloc(c, h, w, size, dY->size1);
    if (n == dY->size1 * P->out * sizeof *P->argmax)
        memcpy(P->argmax, argmax, n);
    ex03_maxpool_backward(dX, P, dY);
    wire_put_mat(out, dX);
}

static void nyquist_share(wire *in, wire *out)
{
    size_t n = wire_get_u64(in);
    double *x = malloc((n > 0 ? n * n : 1) * sizeof *x);
    wire_get_f64s(in, x, n * n);
    wire_put_f64(out, ex03_nyquist_share(x, n));
}

const serve_entry SERVE[] = {
    {"ex03_conv_backward_input", conv_backward_input},
    {"ex03_maxpool_backward", maxpool_backward},
    {"ex03_nyquist_share", nyquist_share},
    {NULL, NULL},
};
