/* convnet — a sequential stack of convolutional layers and activations (see convnet.h). */
#include "convnet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "vecmath.h"

static const char *const kind_names[] = {"conv", "convt", "maxpool", "up", "unpool"};

/* The output shape of layer spec s on a c x h x w input. */
static void out_shape(const ae_convnet_layer *s, size_t *c, size_t *h, size_t *w)
{
    switch (s->kind) {
    case AE_CONV: {
        ae_conv_geom g = ae_conv_geom_make(*c, *h, *w, s->c, s->k, s->stride, s->pad);
        *c = g.oc, *h = g.oh, *w = g.ow;
        return;
    }
    case AE_CONVT:
        *c = s->c, *h = s->h, *w = s->w;
        return;
    case AE_MAXPOOL:
        *h = (*h + s->k - 1) / s->k, *w = (*w + s->k - 1) / s->k;
        return;
    case AE_UPSAMPLE:
        *h *= s->k, *w *= s->k;
        return;
    case AE_UNPOOL:
        AE_ASSERT((s->h + s->k - 1) / s->k == *h && (s->w + s->k - 1) / s->k == *w);
        *h = s->h, *w = s->w;
        return;
    }
    AE_ASSERT(!"unknown layer kind");
}

/* The stack; its convolutions share W and b with like's when like is not NULL. */
static ae_convnet *convnet_alloc(size_t c, size_t h, size_t w, size_t nlayers,
                                 const ae_convnet_layer *spec, size_t max_batch, const ae_convnet *like)
{
    AE_ASSERT(nlayers >= 1 && nlayers <= AE_CONVNET_MAX_LAYERS && max_batch >= 1);
    ae_convnet *net = calloc(1, sizeof *net);
    AE_ASSERT(net != NULL);
    net->nlayers = nlayers;
    net->max_batch = max_batch;
    net->c[0] = c, net->h[0] = h, net->w[0] = w, net->size[0] = c * h * w;
    net->dX = gsl_matrix_alloc(max_batch, net->size[0]);
    for (size_t i = 0; i < nlayers; i++) {
        const ae_convnet_layer *s = &spec[i];
        AE_ASSERT(s->f == AE_IDENTITY || s->f == AE_RELU || s->f == AE_SIGMOID || s->f == AE_TANH);
        net->spec[i] = *s;
        size_t oc = c, oh = h, ow = w;
        out_shape(s, &oc, &oh, &ow);
        if (like && like->conv[i])
            net->conv[i] = ae_conv_alloc_replica(like->conv[i], max_batch);
        else if (s->kind == AE_CONV)
            net->conv[i] = ae_conv_alloc(c, h, w, s->c, s->k, s->stride, s->pad, max_batch);
        else if (s->kind == AE_CONVT)
            net->conv[i] = ae_convt_alloc(c, h, w, oc, oh, ow, s->k, s->stride, s->pad, max_batch);
        else if (s->kind == AE_MAXPOOL)
            net->pool[i] = ae_maxpool_alloc(c, h, w, s->k, max_batch);
        c = oc, h = oh, w = ow;
        net->c[i + 1] = c, net->h[i + 1] = h, net->w[i + 1] = w, net->size[i + 1] = c * h * w;
        net->H[i] = gsl_matrix_alloc(max_batch, net->size[i + 1]);
        net->dH[i] = gsl_matrix_alloc(max_batch, net->size[i + 1]);
    }
    return net;
}

ae_convnet *ae_convnet_alloc(size_t c, size_t h, size_t w, size_t nlayers,
                             const ae_convnet_layer *spec, size_t max_batch)
{
    return convnet_alloc(c, h, w, nlayers, spec, max_batch, NULL);
}

ae_convnet *ae_convnet_alloc_replica(const ae_convnet *net, size_t max_batch)
{
    return convnet_alloc(net->c[0], net->h[0], net->w[0], net->nlayers, net->spec, max_batch, net);
}

ae_convnet *ae_convnet_alloc_shared(const ae_convnet *net)
{
    ae_convnet *s = calloc(1, sizeof *s);
    AE_ASSERT(s != NULL);
    *s = (ae_convnet){.nlayers = net->nlayers, .max_batch = net->max_batch, .dX = net->dX, .owner = net};
    for (size_t i = 0; i <= net->nlayers; i++)
        s->c[i] = net->c[i], s->h[i] = net->h[i], s->w[i] = net->w[i], s->size[i] = net->size[i];
    for (size_t i = 0; i < net->nlayers; i++) {
        s->spec[i] = net->spec[i];
        s->conv[i] = net->conv[i];
        if (net->pool[i])   /* where the maxima were is this stack's own */
            s->pool[i] = ae_maxpool_alloc(net->c[i], net->h[i], net->w[i], net->spec[i].k, net->max_batch);
        s->H[i] = gsl_matrix_alloc(net->max_batch, net->size[i + 1]);
        s->dH[i] = net->dH[i];
    }
    return s;
}

void ae_convnet_use_switches(ae_convnet *dec, const ae_convnet *enc)
{
    size_t j = enc->nlayers;
    for (size_t i = 0; i < dec->nlayers; i++) {
        if (dec->spec[i].kind != AE_UNPOOL)
            continue;
        while (j > 0 && enc->spec[j - 1].kind != AE_MAXPOOL)
            j--;
        AE_ASSERT(j > 0 && "fewer max-pools in the encoder than unpools in the decoder");
        const ae_maxpool *P = enc->pool[--j];
        AE_ASSERT(P->c == dec->c[i] && P->oh == dec->h[i] && P->ow == dec->w[i] && P->h == dec->h[i + 1] &&
                  P->w == dec->w[i + 1] && P->size == dec->spec[i].k && P->max_batch >= dec->max_batch);
        dec->switches[i] = P;
    }
}

void ae_convnet_zero_grad(ae_convnet *net)
{
    for (size_t i = 0; i < net->nlayers; i++)
        if (net->conv[i]) {
            gsl_matrix_set_zero(net->conv[i]->dW);
            gsl_vector_set_zero(net->conv[i]->db);
        }
}

void ae_convnet_add_grad(ae_convnet *net, const ae_convnet *replica)
{
    for (size_t i = 0; i < net->nlayers; i++)
        if (net->conv[i]) {
            gsl_matrix_add(net->conv[i]->dW, replica->conv[i]->dW);
            gsl_vector_add(net->conv[i]->db, replica->conv[i]->db);
        }
}

void ae_convnet_free(ae_convnet *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->nlayers; i++) {
        ae_maxpool_free(net->pool[i]);
        gsl_matrix_free(net->H[i]);
        if (!net->owner) {
            ae_conv_free(net->conv[i]);
            gsl_matrix_free(net->dH[i]);
        }
    }
    if (!net->owner)
        gsl_matrix_free(net->dX);
    free(net);
}

void ae_convnet_init(ae_convnet *net, gsl_rng *r, double gain)
{
    for (size_t i = 0; i < net->nlayers; i++)
        if (net->conv[i])
            ae_conv_init(net->conv[i], r, gain * (net->spec[i].f == AE_RELU ? sqrt(2.0) : 1.0));
}

void ae_convnet_add_params(ae_convnet *net, ae_optim *o)
{
    for (size_t i = 0; i < net->nlayers; i++)
        if (net->conv[i]) {
            ae_optim_add_matrix(o, net->conv[i]->W, net->conv[i]->dW, 1);
            ae_optim_add_vector(o, net->conv[i]->b, net->conv[i]->db, 0);
        }
}

size_t ae_convnet_nparams(const ae_convnet *net)
{
    size_t n = 0;
    for (size_t i = 0; i < net->nlayers; i++)
        if (net->conv[i])
            n += net->conv[i]->W->size1 * net->conv[i]->W->size2 + net->conv[i]->b->size;
    return n;
}

double ae_convnet_macs_forward(const ae_convnet *net)
{
    double sum = 0.0;
    for (size_t i = 0; i < net->nlayers; i++)
        if (net->conv[i])
            sum += (double)ae_conv_macs(net->conv[i]);
    return sum;
}

double ae_convnet_macs_train(const ae_convnet *net, ae_dx want_dX)
{
    double sum = 3.0 * ae_convnet_macs_forward(net);   /* forward; dW and dX the same again each */
    for (size_t i = 0; i < net->nlayers && want_dX == AE_SKIP_DX; i++)
        if (net->conv[i])   /* the first convolution's dX is not computed */
            return sum - (double)ae_conv_macs(net->conv[i]);
    return sum;
}

/* Views of the first B rows of every buffer. */
static void set_batch(ae_convnet *net, size_t B)
{
    net->batch = B;
    for (size_t i = 0; i < net->nlayers; i++) {
        net->hv[i] = gsl_matrix_submatrix(net->H[i], 0, 0, B, net->size[i + 1]);
        net->dhv[i] = gsl_matrix_submatrix(net->dH[i], 0, 0, B, net->size[i + 1]);
    }
    net->dxv = gsl_matrix_submatrix(net->dX, 0, 0, B, net->size[0]);
}

/* h = max(a, 0) in place, and da = dh 1(h > 0): loops gcc vectorises (lib/vecmath.h). */
AE_VECTORISE static void relu(gsl_matrix *A)
{
    for (size_t n = 0; n < A->size1; n++) {
        double *a = A->data + n * A->tda;
#pragma omp simd
        for (size_t i = 0; i < A->size2; i++)
            a[i] = a[i] > 0.0 ? a[i] : 0.0;
    }
}

AE_VECTORISE static void relu_backward(gsl_matrix *dA, const gsl_matrix *H, const gsl_matrix *dH)
{
    for (size_t n = 0; n < H->size1; n++) {
        const double *h = H->data + n * H->tda, *dh = dH->data + n * dH->tda;
        double *da = dA->data + n * dA->tda;   /* may be dh itself */
#pragma omp simd
        for (size_t i = 0; i < H->size2; i++)
            da[i] = h[i] > 0.0 ? dh[i] : 0.0;
    }
}

/* h = f(a) in place. The relu, on most layers, is a loop of its own: ae_act_forward
 * decides which activation once per entry. */
static void activate(ae_act f, gsl_matrix *A)
{
    if (f == AE_RELU)
        relu(A);
    else
        ae_act_forward(f, A, A);
}

/* dA = dH * f'(.) from the output H (relu: 1(h > 0)). */
static void activate_backward(ae_act f, gsl_matrix *dA, const gsl_matrix *H, const gsl_matrix *dH)
{
    if (f == AE_RELU)
        relu_backward(dA, H, dH);
    else
        ae_act_backward(f, dA, H, NULL, dH);
}

/* BOOK: convnet_forward */
const gsl_matrix *ae_convnet_forward(ae_convnet *net, const gsl_matrix *X)
{
    AE_ASSERT(X->size1 >= 1 && X->size1 <= net->max_batch && X->size2 == net->size[0]);
    if (X->size1 != net->batch)
        set_batch(net, X->size1);
    net->X = X;
    const gsl_matrix *in = X;
    for (size_t i = 0; i < net->nlayers; i++) {
        gsl_matrix *a = &net->hv[i].matrix;
        switch (net->spec[i].kind) {
        case AE_CONV:
        case AE_CONVT: ae_conv_forward(a, in, net->conv[i]); break;
        case AE_MAXPOOL: ae_maxpool_forward(a, net->pool[i], in); break;
        case AE_UPSAMPLE:
            ae_upsample_forward(a, in, net->c[i], net->h[i], net->w[i], net->spec[i].k);
            break;
        case AE_UNPOOL:
            AE_ASSERT(net->switches[i] != NULL && "ae_convnet_use_switches first");
            ae_maxunpool_forward(a, net->switches[i], in);
            break;
        }
        if (net->spec[i].f != AE_IDENTITY)
            activate(net->spec[i].f, a);   /* h = f(a), in place */
        in = a;
    }
    return in;
}
/* END BOOK */

/* BOOK: convnet_backward */
const gsl_matrix *ae_convnet_backward(ae_convnet *net, const gsl_matrix *dY, ae_dx want_dX)
{
    size_t L = net->nlayers;
    AE_ASSERT(net->X != NULL && dY->size1 == net->batch && dY->size2 == net->size[L]);
    const gsl_matrix *d = dY;   /* dL/dh_l */
    for (size_t i = L; i-- > 0;) {
        if (net->spec[i].f != AE_IDENTITY) {   /* da = dh * f'(a), from h */
            activate_backward(net->spec[i].f, &net->dhv[i].matrix, &net->hv[i].matrix, d);
            d = &net->dhv[i].matrix;
        }
        const gsl_matrix *in = i ? &net->hv[i - 1].matrix : net->X;
        gsl_matrix *din = i ? &net->dhv[i - 1].matrix : (want_dX == AE_WANT_DX ? &net->dxv.matrix : NULL);
        switch (net->spec[i].kind) {
        case AE_CONV:
        case AE_CONVT: ae_conv_backward(din, net->conv[i], d, in); break;
        case AE_MAXPOOL:
            if (din)
                ae_maxpool_backward(din, net->pool[i], d);
            break;
        case AE_UPSAMPLE:
            if (din)
                ae_upsample_backward(din, d, net->c[i], net->h[i], net->w[i], net->spec[i].k);
            break;
        case AE_UNPOOL:
            if (din)
                ae_maxunpool_backward(din, net->switches[i], d);
            break;
        }
        d = din;
    }
    return want_dX == AE_WANT_DX ? &net->dxv.matrix : NULL;
}
/* END BOOK */

const gsl_matrix *ae_convnet_hidden(const ae_convnet *net, size_t layer)
{
    AE_ASSERT(layer >= 1 && layer <= net->nlayers && net->batch > 0);
    return &net->hv[layer - 1].matrix;
}

const char *ae_convnet_describe(const ae_convnet *net, char *buf, size_t cap)
{
    size_t n = (size_t)snprintf(buf, cap, "%zux%zux%zu", net->c[0], net->h[0], net->w[0]);
    for (size_t i = 0; i < net->nlayers && n < cap; i++) {
        const ae_convnet_layer *s = &net->spec[i];
        n += (size_t)snprintf(buf + n, cap - n, i ? ", %s" : " %s", kind_names[s->kind]);
        if (n < cap && (s->kind == AE_CONV || s->kind == AE_CONVT))
            n += (size_t)snprintf(buf + n, cap - n, "%zu k%zu s%zu p%zu", s->c, s->k, s->stride, s->pad);
        else if (n < cap)
            n += (size_t)snprintf(buf + n, cap - n, "%zu", s->k);
        if (n < cap && s->f != AE_IDENTITY)
            n += (size_t)snprintf(buf + n, cap - n, " %s", ae_act_name(s->f));
        if (n < cap)
            n += (size_t)snprintf(buf + n, cap - n, " -> %zux%zux%zu", net->c[i + 1], net->h[i + 1],
                                  net->w[i + 1]);
    }
    return buf;
}
