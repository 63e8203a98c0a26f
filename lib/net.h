/* net — a sequential stack of dense layers, each followed by an activation.
 *
 *   h_0 = x,   a_l = h_{l-1} W_l^T + 1 b_l^T  (N.1),   h_l = f_l(a_l)      l = 1..L
 *
 * Backward runs the layers in mirror order (backprop slides; BOOK.md §2.3), l = L..1:
 *   da_l = dh_l * f_l'(.)                                                      (2.4)
 *   dW_l += da_l^T h_{l-1},   db_l += 1^T da_l,   dh_{l-1} = da_l W_l          (2.5)
 *
 * Two levels of API: the layers (dense, act) write into matrices the caller owns,
 * ae_dense_forward(Y, X, L); a stack (net, vae, convnet) owns its buffers, returns
 * pointers into them, and remembers the input of its last forward for the backward.
 *
 * Lessons that teach a derivation spell their backward pass out with dense and
 * act; the others use a net for each stack (an encoder, a decoder, ...). The net
 * owns its layers and its activation buffers, allocated once for up to max_batch
 * rows; forward and backward on a batch of B <= max_batch rows use the first B.
 * Where f_l's derivative needs only its output (identity, relu, sigmoid, tanh),
 * h_l overwrites a_l in place.
 *
 * Parameter files (ae_net_save/load/load_into, implemented in netfile.c): the magic
 * "aelabnet", a version, the layer sizes and activations, then W_l and b_l as
 * little-endian doubles.
 */
#ifndef AE_NET_H
#define AE_NET_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "act.h"
#include "dense.h"
#include "optim.h"

#define AE_NET_MAGIC "aelabnet"
#define AE_NET_VERSION 1u
#define AE_NET_MAX_LAYERS 64
#define AE_NET_MAX_WIDTH 100000

typedef struct {
    size_t nlayers, max_batch, batch;   /* L; rows allocated; rows of the last forward */
    size_t sizes[AE_NET_MAX_LAYERS + 1];/* sizes[0] = input D, sizes[L] = output */
    ae_act f[AE_NET_MAX_LAYERS];        /* f_l */
    ae_dense *layer[AE_NET_MAX_LAYERS]; /* W_l: sizes[l] x sizes[l-1] */
    gsl_matrix *A[AE_NET_MAX_LAYERS];   /* a_l: max_batch x sizes[l] (== H[l] when in place) */
    gsl_matrix *H[AE_NET_MAX_LAYERS];   /* h_l */
    gsl_matrix *dH[AE_NET_MAX_LAYERS];  /* dh_l, then da_l in place */
    gsl_matrix *dX;                     /* dh_0: max_batch x sizes[0] */
    gsl_matrix_view a[AE_NET_MAX_LAYERS], h[AE_NET_MAX_LAYERS], dh[AE_NET_MAX_LAYERS], dx;
    const gsl_matrix *X;                /* the last forward's input (not owned) */
} ae_net;

/* L layers: sizes has L + 1 entries (input first), f has L activations. */
ae_net *ae_net_alloc(size_t nlayers, const size_t *sizes, const ae_act *f, size_t max_batch);
void ae_net_free(ae_net *net);

/* W_l ~ N(0, s^2 / fan_in), b_l = 0, s = sqrt(2) (He) before relu and leaky relu,
 * 1 (LeCun) otherwise, times gain. */
void ae_net_init(ae_net *net, gsl_rng *r, double gain);

/* Register every W_l (with weight decay) and b_l (without) with the optimiser. */
void ae_net_add_params(ae_net *net, ae_optim *o);

/* Every dW_l, db_l = 0 (what an optimiser's zero_grad does, without one). */
void ae_net_zero_grad(ae_net *net);

/* Number of parameters. */
size_t ae_net_nparams(const ae_net *net);

/* h_L for X (B x sizes[0], B <= max_batch); returns the B x sizes[L] output.
 * X must stay unchanged until the backward. */
const gsl_matrix *ae_net_forward(ae_net *net, const gsl_matrix *X);

/* h_depth for X through the first depth layers only (1 <= depth <= L); no backward may follow. */
const gsl_matrix *ae_net_forward_to(ae_net *net, const gsl_matrix *X, size_t depth);

/* Whether a backward also returns dL/dX (AE_SKIP_DX saves the first layer's GEMM). */
typedef enum { AE_SKIP_DX, AE_WANT_DX } ae_dx;

/* (2.4), (2.5) from dY = dL/dh_L (B x sizes[L], the last forward's B): add every dW_l, db_l;
 * returns dL/dX (B x sizes[0]) for AE_WANT_DX, else NULL. dY may be the net's own
 * output buffer only when f_L is the identity (relu, sigmoid and tanh keep h_L in
 * place of a_L and take f_L' from it); asserted. */
const gsl_matrix *ae_net_backward(ae_net *net, const gsl_matrix *dY, ae_dx want_dX);

/* dL/dX alone for dY = dL/dh_L (the products dh_{l-1} = da_l W_l of the backward,
 * without dW_l and db_l): for a net whose weights do not move in this step, as the
 * discriminator in a GAN's generator step. Leaves every dW_l, db_l as it was. */
const gsl_matrix *ae_net_backward_input(ae_net *net, const gsl_matrix *dY);

/* Copy src's weights and biases into dst, a net of the same sizes and activations. */
void ae_net_copy(ae_net *dst, const ae_net *src);

/* The last forward's h_layer (layer = 1..L) as a B x sizes[layer] matrix. */
const gsl_matrix *ae_net_hidden(const ae_net *net, size_t layer);

/* "784-128-32 relu-identity": sizes and activations, for headers and messages. */
const char *ae_net_describe(const ae_net *net, char *buf, size_t cap);

/* ---- parameter files (netfile.c) ---- */

/* Write the parameters to dir/name atomically; AE_EINPUT naming the file on failure. */
int ae_net_save(const ae_net *net, const char *dir, const char *name);

/* Read a parameter file into a new net (max_batch rows); AE_EINPUT naming the file
 * and what is wrong (magic, version, sizes, truncation, trailing bytes). */
int ae_net_load(ae_net **net, const char *path, size_t max_batch);

/* Read a parameter file into net, whose architecture it must match exactly. */
int ae_net_load_into(ae_net *net, const char *path);

#endif
