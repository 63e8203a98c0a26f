/* convnet — a sequential stack of convolutional layers (lib/conv), each followed by
 * an activation: the convolutional counterpart of lib/net.
 *
 *   h_0 = x,   a_l = layer_l(h_{l-1}),   h_l = f_l(a_l)      l = 1..L
 *
 * where layer_l is a convolution, a transposed convolution, a max-pool, a max-unpool (with
 * the switches of another stack's max-pool, ae_convnet_use_switches) or a
 * nearest-neighbour upsampling (BOOK.md chapter 3). Backward runs the layers in
 * mirror order: da_l = dh_l * f_l'(.), then layer_l's backward pass gives dh_{l-1}
 * (adding into dW_l, db_l). The stack owns its layers and its activation buffers,
 * allocated once for up to max_batch images; h_l overwrites a_l in place, so only
 * activations whose derivative needs just the output are allowed (identity, relu,
 * sigmoid, tanh).
 */
#ifndef AE_CONVNET_H
#define AE_CONVNET_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "act.h"
#include "conv.h"
#include "pool.h"
#include "net.h"   /* ae_dx */
#include "optim.h"

#define AE_CONVNET_MAX_LAYERS 32

typedef enum { AE_CONV, AE_CONVT, AE_MAXPOOL, AE_UPSAMPLE, AE_UNPOOL } ae_layer_kind;

/* One layer: what it is, then the activation after it. */
typedef struct {
    ae_layer_kind kind;
    size_t c;                /* AE_CONV, AE_CONVT: output channels */
    size_t k;                /* kernel size; AE_MAXPOOL, AE_UNPOOL: window; AE_UPSAMPLE: factor */
    size_t stride, pad;      /* AE_CONV, AE_CONVT */
    size_t h, w;             /* AE_CONVT: output size (the convolution back must give the input's);
                                AE_UNPOOL: the size of its max-pool's input */
    ae_act f;
} ae_convnet_layer;

typedef struct ae_convnet {
    size_t nlayers, max_batch, batch;        /* L; images allocated; images of the last forward */
    size_t c[AE_CONVNET_MAX_LAYERS + 1];     /* shape of h_l: c x h x w (h_0 is the input) */
    size_t h[AE_CONVNET_MAX_LAYERS + 1], w[AE_CONVNET_MAX_LAYERS + 1];
    size_t size[AE_CONVNET_MAX_LAYERS + 1];  /* c h w */
    ae_convnet_layer spec[AE_CONVNET_MAX_LAYERS];
    ae_conv *conv[AE_CONVNET_MAX_LAYERS];    /* AE_CONV and AE_CONVT layers, else NULL */
    ae_maxpool *pool[AE_CONVNET_MAX_LAYERS]; /* AE_MAXPOOL layers, else NULL */
    const ae_maxpool *switches[AE_CONVNET_MAX_LAYERS];  /* AE_UNPOOL layers: another stack's
                                                           max-pool (not owned), else NULL */
    gsl_matrix *H[AE_CONVNET_MAX_LAYERS];    /* h_l (and a_l before it): max_batch x size[l] */
    gsl_matrix *dH[AE_CONVNET_MAX_LAYERS];   /* dh_l, then da_l in place */
    gsl_matrix *dX;                          /* dh_0: max_batch x size[0] */
    gsl_matrix_view hv[AE_CONVNET_MAX_LAYERS], dhv[AE_CONVNET_MAX_LAYERS], dxv;
    const gsl_matrix *X;                     /* the last forward's input (not owned) */
    const struct ae_convnet *owner;          /* ae_convnet_alloc_shared: whose layers, dH and dX
                                                these are (not freed with it); else NULL */
} ae_convnet;

/* L layers on c x h x w input images. */
ae_convnet *ae_convnet_alloc(size_t c, size_t h, size_t w, size_t nlayers,
                             const ae_convnet_layer *spec, size_t max_batch);
void ae_convnet_free(ae_convnet *net);

/* A stack like net, for up to max_batch images, whose convolutions use net's W and b
 * (ae_conv_alloc_replica) but add into their own dW and db: a second thread trains it on
 * other images, then ae_convnet_add_grad(net, replica) adds its gradients into net's. */
ae_convnet *ae_convnet_alloc_replica(const ae_convnet *net, size_t max_batch);

/* A stack that runs net's own layers (the same W, b, dW, db and workspace; net's dH and dX)
 * with activations of its own, for up to net->max_batch images: the forward passes of
 * several micro-batches, one stack each, can be followed by their backward passes, on the
 * thread that runs net. Free it before net. */
ae_convnet *ae_convnet_alloc_shared(const ae_convnet *net);

/* The AE_UNPOOL layers of dec, first to last, unpool with the switches of enc's AE_MAXPOOL
 * layers, last to first (the mirror of the encoder: shapes must match). Each forward of dec
 * then uses where the maxima were in enc's last forward, row by row: run enc on the same
 * images first. A replica or shared stack of dec needs its own call, with its own enc. */
void ae_convnet_use_switches(ae_convnet *dec, const ae_convnet *enc);

void ae_convnet_zero_grad(ae_convnet *net);                                /* every dW, db = 0 */
void ae_convnet_add_grad(ae_convnet *net, const ae_convnet *replica);     /* net's dW, db += replica's */

/* Every convolution: W ~ N(0, s^2 / fan_in), b = 0, s = sqrt(2) (He) when a relu
 * follows, 1 (LeCun) otherwise, times gain (see ae_conv_init). */
void ae_convnet_init(ae_convnet *net, gsl_rng *r, double gain);

/* Register every W (with weight decay) and b (without) with the optimiser. */
void ae_convnet_add_params(ae_convnet *net, ae_optim *o);

size_t ae_convnet_nparams(const ae_convnet *net);

/* Multiply-adds of the GEMMs of one image's forward pass. */
double ae_convnet_macs_forward(const ae_convnet *net);

/* ... of its forward and backward passes: backward is twice forward (dW and dX), less
 * the first layer's dX for AE_SKIP_DX. */
double ae_convnet_macs_train(const ae_convnet *net, ae_dx want_dX);

/* h_L for X (B x size[0], B <= max_batch); returns the B x size[L] output.
 * X must stay unchanged until the backward. */
const gsl_matrix *ae_convnet_forward(ae_convnet *net, const gsl_matrix *X);

/* From dY = dL/dh_L (B x size[L], the last forward's B): add every dW_l, db_l;
 * returns dL/dX (B x size[0]) for AE_WANT_DX, else NULL. */
const gsl_matrix *ae_convnet_backward(ae_convnet *net, const gsl_matrix *dY, ae_dx want_dX);

/* The last forward's h_layer (layer = 1..L) as a B x size[layer] matrix. */
const gsl_matrix *ae_convnet_hidden(const ae_convnet *net, size_t layer);

/* "1x28x28 conv16k3 relu, maxpool2, ..." for headers and messages. */
const char *ae_convnet_describe(const ae_convnet *net, char *buf, size_t cap);

#endif
