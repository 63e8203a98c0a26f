/* Lesson 02's exercises in the probe (the shims' other side: shim_02.c). */
#include "../lessons/02-deep/exercises.h"
#include "serve.h"

static void bce_logits(wire *in, wire *out)
{
    gsl_matrix *dA = wire_get_mat(in), *A = wire_get_mat(in), *X = wire_get_mat(in);
    double loss = ex02_bce_logits(dA, A, X);
    wire_put_f64(out, loss);
    if (dA)
        wire_put_mat(out, dA);
}

static void net_backward(wire *in, wire *out)
{
    size_t n = wire_get_u64(in), sizes[AE_NET_MAX_LAYERS + 1];
    ae_act f[AE_NET_MAX_LAYERS];
    ae_dense *layer[AE_NET_MAX_LAYERS];
    if (n < 1 || n > AE_NET_MAX_LAYERS)
        return;
    for (size_t i = 0; i <= n; i++)
        sizes[i] = wire_get_u64(in);
    for (size_t i = 0; i < n; i++) {
        f[i] = (ae_act)wire_get_u64(in);
        layer[i] = wire_get_dense(in);
    }
    gsl_matrix *X = wire_get_mat(in), *dY = wire_get_mat(in);
    ae_dx want = (ae_dx)wire_get_u64(in);
    ae_net *net = ae_net_alloc(n, sizes, f, X->size1);
    for (size_t i = 0; i < n; i++) {
        gsl_matrix_memcpy(net->layer[i]->W, layer[i]->W);
        gsl_vector_memcpy(net->layer[i]->b, layer[i]->b);
        gsl_matrix_memcpy(net->layer[i]->dW, layer[i]->dW);
        gsl_vector_memcpy(net->layer[i]->db, layer[i]->db);
    }
    ae_net_forward(net, X);   /* the h and a the backward reads */
    const gsl_matrix *dX = ex02_net_backward(net, dY, want);
    for (size_t i = 0; i < n; i++)
        wire_put_dense_grads(out, net->layer[i]);
    wire_put_mat(out, dX);
}

const serve_entry SERVE[] = {
    {"ex02_bce_logits", bce_logits},
    {"ex02_net_backward", net_backward},
    {NULL, NULL},
};
