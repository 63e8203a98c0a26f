/* Lesson 03's exercises, called in the probe (see probe.h and serve_03.c). */
#include "../lessons/03-conv/exercises.h"
#include "probe.h"

static void put_geom(wire *q, const ae_conv_geom *g)
{
    const size_t v[] = {g->c, g->h, g->w, g->k, g->stride, g->pad, g->oc, g->oh, g->ow};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        wire_put_u64(q, v[i]);
}

void ex03_conv_backward_input(gsl_matrix *dX, gsl_matrix *dcol, const gsl_matrix *dY, const gsl_matrix *W,
                              const ae_conv_geom *g)
{
    wire *q = probe_begin("ex03_conv_backward_input");
    wire_put_mat(q, dX);
    wire_put_mat(q, dcol);
    wire_put_mat(q, dY);
    wire_put_mat(q, W);
    put_geom(q, g);
    wire *r = probe_reply();
    wire_get_mat_into(r, dX);
    wire_get_mat_into(r, dcol);
    probe_end(r);
}

/* the pool's sizes and the argmax of dY's rows */
void ex03_maxpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY)
{
    wire *q = probe_begin("ex03_maxpool_backward");
    wire_put_mat(q, dX);
    const size_t v[] = {P->c, P->h, P->w, P->size};
    for (size_t i = 0; i < 4; i++)
        wire_put_u64(q, v[i]);
    wire_put_bytes(q, P->argmax, dY->size1 * P->out * sizeof *P->argmax);
    wire_put_mat(q, dY);
    wire *r = probe_reply();
    wire_get_mat_into(r, dX);
    probe_end(r);
}

double ex03_nyquist_share(const double *x, size_t n)
{
    wire *q = probe_begin("ex03_nyquist_share");
    wire_put_u64(q, n);
    wire_put_f64s(q, x, n * n);
    wire *r = probe_reply();
    double share = wire_get_f64(r);
    probe_end(r);
    return share;
}
