/* net — a sequential stack of dense layers and activations (see net.h). */
#include "net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>

#include "err.h"
#include "student.h"

/* f' from the output alone: h_l may overwrite a_l. */
static int output_only(ae_act f)
{
    return f == AE_IDENTITY || f == AE_RELU || f == AE_SIGMOID || f == AE_TANH;
}

ae_net *ae_net_alloc(size_t nlayers, const size_t *sizes, const ae_act *f, size_t max_batch)
{
    AE_ASSERT(nlayers >= 1 && nlayers <= AE_NET_MAX_LAYERS && max_batch >= 1);
    ae_net *net = calloc(1, sizeof *net);
    AE_ASSERT(net != NULL);
    net->nlayers = nlayers;
    net->max_batch = max_batch;
    net->sizes[0] = sizes[0];
    net->dX = gsl_matrix_alloc(max_batch, sizes[0]);
    for (size_t i = 0; i < nlayers; i++) {
        net->sizes[i + 1] = sizes[i + 1];
        net->f[i] = f[i];
        net->layer[i] = ae_dense_alloc(sizes[i], sizes[i + 1]);
        net->A[i] = gsl_matrix_alloc(max_batch, sizes[i + 1]);
        net->H[i] = output_only(f[i]) ? net->A[i] : gsl_matrix_alloc(max_batch, sizes[i + 1]);
        net->dH[i] = gsl_matrix_alloc(max_batch, sizes[i + 1]);
    }
    return net;
}

void ae_net_free(ae_net *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->nlayers; i++) {
        if (net->H[i] != net->A[i])
            gsl_matrix_free(net->H[i]);
        gsl_matrix_free(net->A[i]);
        gsl_matrix_free(net->dH[i]);
        ae_dense_free(net->layer[i]);
    }
    gsl_matrix_free(net->dX);
    free(net);
}

void ae_net_init(ae_net *net, gsl_rng *r, double gain)
{
    for (size_t i = 0; i < net->nlayers; i++) {
        double s = (net->f[i] == AE_RELU || net->f[i] == AE_LEAKY_RELU) ? sqrt(2.0) : 1.0;
        ae_dense_init(net->layer[i], r, gain * s);
    }
}

void ae_net_add_params(ae_net *net, ae_optim *o)
{
    for (size_t i = 0; i < net->nlayers; i++) {
        ae_dense_add_params(net->layer[i], o);
    }
}

size_t ae_net_nparams(const ae_net *net)
{
    size_t n = 0;
    for (size_t i = 0; i < net->nlayers; i++)
        n += net->sizes[i + 1] * (net->sizes[i] + 1);
    return n;
}

/* Views of the first B rows of every buffer. */
static void set_batch(ae_net *net, size_t B)
{
    net->batch = B;
    for (size_t i = 0; i < net->nlayers; i++) {
        net->a[i] = gsl_matrix_submatrix(net->A[i], 0, 0, B, net->sizes[i + 1]);
        net->h[i] = gsl_matrix_submatrix(net->H[i], 0, 0, B, net->sizes[i + 1]);
        net->dh[i] = gsl_matrix_submatrix(net->dH[i], 0, 0, B, net->sizes[i + 1]);
    }
    net->dx = gsl_matrix_submatrix(net->dX, 0, 0, B, net->sizes[0]);
}

const gsl_matrix *ae_net_forward(ae_net *net, const gsl_matrix *X)
{
    return ae_net_forward_to(net, X, net->nlayers);
}

const gsl_matrix *ae_net_forward_to(ae_net *net, const gsl_matrix *X, size_t depth)
{
    AE_ASSERT(X->size1 >= 1 && X->size1 <= net->max_batch && X->size2 == net->sizes[0]);
    AE_ASSERT(depth >= 1 && depth <= net->nlayers);
    if (X->size1 != net->batch)
        set_batch(net, X->size1);
    net->X = depth == net->nlayers ? X : NULL;   /* a backward needs the whole forward */
    const gsl_matrix *in = X;
    for (size_t i = 0; i < depth; i++) {
        ae_dense_forward(&net->a[i].matrix, in, net->layer[i]);      /* a = h W^T + 1 b^T */
        ae_act_forward(net->f[i], &net->h[i].matrix, &net->a[i].matrix);   /* h = f(a) */
        in = &net->h[i].matrix;
    }
    return in;
}

const gsl_matrix *ae_net_backward(ae_net *net, const gsl_matrix *dY, ae_dx want_dX)
{
    size_t L = net->nlayers;
    AE_ASSERT(net->X != NULL && dY->size1 == net->batch && dY->size2 == net->sizes[L]);
    /* f_L' is taken from h_L where h_L overwrote a_L: dY must not have overwritten it */
    AE_ASSERT(dY->data != net->h[L - 1].matrix.data || net->f[L - 1] == AE_IDENTITY ||
              net->A[L - 1] != net->H[L - 1]);
#ifdef SOLUTION
    /* (2.4) da_L = dh_L * f_L'(.) */
    ae_act_backward(net->f[L - 1], &net->dh[L - 1].matrix, &net->h[L - 1].matrix,
                    &net->a[L - 1].matrix, dY);
    for (size_t i = L; i-- > 0;) {
        const gsl_matrix *in = i ? &net->h[i - 1].matrix : net->X;
        gsl_matrix *din = i ? &net->dh[i - 1].matrix : (want_dX == AE_WANT_DX ? &net->dx.matrix : NULL);
        /* (2.5) dW += da^T h_prev, db += 1^T da, dh_prev = da W */
        ae_dense_backward(din, net->layer[i], &net->dh[i].matrix, in);
        if (i)   /* (2.4) da_prev = dh_prev * f_prev'(.), in place */
            ae_act_backward(net->f[i - 1], din, &net->h[i - 1].matrix, &net->a[i - 1].matrix, din);
    }
    return want_dX == AE_WANT_DX ? &net->dx.matrix : NULL;
#else
    return student_net_backward(net, dY, want_dX);   /* exercise 2.2 */
#endif
}

const gsl_matrix *ae_net_backward_input(ae_net *net, const gsl_matrix *dY)
{
    size_t L = net->nlayers;
    AE_ASSERT(net->X != NULL && dY->size1 == net->batch && dY->size2 == net->sizes[L]);
#ifdef SOLUTION
    ae_act_backward(net->f[L - 1], &net->dh[L - 1].matrix, &net->h[L - 1].matrix,
                    &net->a[L - 1].matrix, dY);                      /* da_L = dh_L * f'(.) */
    for (size_t i = L; i-- > 0;) {
        gsl_matrix *din = i ? &net->dh[i - 1].matrix : &net->dx.matrix;
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &net->dh[i].matrix, net->layer[i]->W, 0.0, din);
        if (i)   /* da_{l-1} = dh_{l-1} * f'(.), in place */
            ae_act_backward(net->f[i - 1], din, &net->h[i - 1].matrix, &net->a[i - 1].matrix, din);
    }
    return &net->dx.matrix;
#else
    return student_net_backward_input(net, dY);   /* exercise 2.2, the weights' gradients kept */
#endif
}

void ae_net_zero_grad(ae_net *net)
{
    for (size_t i = 0; i < net->nlayers; i++)
        ae_dense_zero_grad(net->layer[i]);
}

void ae_net_copy(ae_net *dst, const ae_net *src)
{
    AE_ASSERT(dst->nlayers == src->nlayers);
    for (size_t i = 0; i < src->nlayers; i++) {
        AE_ASSERT(dst->sizes[i + 1] == src->sizes[i + 1] && dst->f[i] == src->f[i]);
        gsl_matrix_memcpy(dst->layer[i]->W, src->layer[i]->W);
        gsl_vector_memcpy(dst->layer[i]->b, src->layer[i]->b);
    }
}

const gsl_matrix *ae_net_hidden(const ae_net *net, size_t layer)
{
    AE_ASSERT(layer >= 1 && layer <= net->nlayers && net->batch > 0);
    return &net->h[layer - 1].matrix;
}

const char *ae_net_describe(const ae_net *net, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i <= net->nlayers && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, i ? "-%zu" : "%zu", net->sizes[i]);
    for (size_t i = 0; i < net->nlayers && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, i ? "-%s" : " %s", ae_act_name(net->f[i]));
    return buf;
}
