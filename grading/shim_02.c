/* Lesson 02's exercises, called in the probe (see probe.h and serve_02.c). */
#include "../lessons/02-deep/exercises.h"
#include "probe.h"

double ex02_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X)
{
    wire *q = probe_begin("ex02_bce_logits");
    wire_put_mat(q, dA);
    wire_put_mat(q, A);
    wire_put_mat(q, X);
    wire *r = probe_reply();
    double loss = wire_get_f64(r);
    if (dA)
        wire_get_mat_into(r, dA);
    probe_end(r);
    return loss;
}

/* The net as the last forward left it: its sizes, activations, parameters, gradients and
 * input (the probe runs the same forward again to get the same h and a). */
const gsl_matrix *ex02_net_backward(ae_net *net, const gsl_matrix *dY, ae_dx want_dX)
{
    wire *q = probe_begin("ex02_net_backward");
    wire_put_u64(q, net->nlayers);
    for (size_t i = 0; i <= net->nlayers; i++)
        wire_put_u64(q, net->sizes[i]);
    for (size_t i = 0; i < net->nlayers; i++) {
        wire_put_u64(q, (uint64_t)net->f[i]);
        wire_put_dense(q, net->layer[i]);
    }
    wire_put_mat(q, net->X);
    wire_put_mat(q, dY);
    wire_put_u64(q, (uint64_t)want_dX);
    wire *r = probe_reply();
    for (size_t i = 0; i < net->nlayers; i++)
        wire_get_dense_grads(r, net->layer[i]);
    const gsl_matrix *dX = wire_get_mat_opt_into(r, &net->dx.matrix) ? &net->dx.matrix : NULL;
    probe_end(r);
    return dX;
}
