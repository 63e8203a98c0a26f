/* convae — the Keras-blog convolutional autoencoder (Chollet 2016, "Building Autoencoders
 * in Keras"; Harvard CS109B L12 and UPenn CIS 522 L5R, "Convolutional Autoencoders"), with
 * its decoder built two ways (BOOK.md chapter 3). Lesson 03 trains it; bench/conv.c times it.
 *
 *   encoder  1x28x28 -> 3 x [conv3x3 (16, 8, 8) relu, max-pool 2] -> 8x4x4 = 128 numbers
 *   decoder  conv3x3 8 relu, 3 x [upsample 2, conv3x3 (8, 16, 1)] -> 1x28x28 logits
 *
 * The third pool cuts its windows short (7 -> 4, Keras's padding 'same') and the
 * decoder's third convolution has no padding (16 -> 14, 'valid'), so the last
 * upsampling lands on 28. The transposed decoder replaces each [upsample 2, conv3x3]
 * by one stride-2 transposed conv3x3 with the same channels and output size; the
 * last-layer-only one replaces only the last; the unpooling decoder mirrors the encoder,
 * 3 x [conv3x3 (8, 8, 16) relu, max-unpool 2 with the switches of the encoder's pool on that
 * image] then conv3x3 1 (CIS 522 L5R, "What works best to increase resolution?" and
 * "Resize Convolutions"). All four have the same 4,385 parameters.
 *
 * A step is the caller's: ae_convae_zero_grad, ae_convae_forward (the logits),
 * dA from the loss, ae_convae_backward(dA), then the optimiser's step over the
 * parameters ae_convae_add_params registered.
 *
 * Inside, for speed only (the numbers are those of one pass over the batch, on one
 * thread or two): the batch is split between AE_CONVAE_LANES lanes, each with its own
 * dW and db (lane 1's layers share lane 0's W and b), which run on two threads when
 * there are two cores (lib/par.h); each lane pushes its rows through the model
 * AE_CONVAE_MICRO images at a time, so that a layer's activations stay in the cache
 * between the passes over them; each micro-batch keeps its activations (about 300 kB an
 * image) in stacks of its own (ae_convnet_alloc_shared) from the forward pass to the
 * backward. Backward adds the lanes' gradients into lane 0's in a fixed order.
 */
#ifndef AE_CONVAE_H
#define AE_CONVAE_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "convnet.h"
#include "optim.h"

typedef enum { AE_CONVAE_RESIZE, AE_CONVAE_TRANSPOSED, AE_CONVAE_UNPOOL, AE_CONVAE_LAST_TRANSPOSED } ae_convae_decoder;

enum { AE_CONVAE_SIDE = 28, AE_CONVAE_D = 28 * 28, AE_CONVAE_CODE = 8 * 4 * 4,
       AE_CONVAE_LANES = 2, AE_CONVAE_MICRO = 4 };

/* One lane: its rows of the batch, and a pair of stacks per micro-batch ("slot"). */
typedef struct {
    size_t first, rows, nslots;
    ae_convnet **enc, **dec;          /* [0] owns the layers: lane 0's are the model's, the other
                                         lanes' share their W, b; [j > 0] run [0]'s layers */
    gsl_matrix *X;                    /* views of the last forward's micro-batches */
} ae_convae_lane;

typedef struct {
    ae_convnet *enc, *dec;            /* the model: lane 0's stacks (W, b, dW, db; up to
                                         AE_CONVAE_MICRO images a forward when used alone;
                                         AE_CONVAE_UNPOOL: dec unpools with enc's switches) */
    ae_convae_lane lane[AE_CONVAE_LANES];
    size_t max_batch;
    const gsl_matrix *X, *dA;         /* the batch being worked on, and its dL/d(logits) */
    gsl_matrix *logits;               /* max_batch x 784 */
    gsl_matrix_view out;              /* its first rows: the last forward's */
} ae_convae;

/* The encoder and a decoder for batches of up to max_batch images (at least 8 are allowed). */
ae_convae *ae_convae_alloc(ae_convae_decoder decoder, size_t max_batch);
void ae_convae_free(ae_convae *m);

/* He initialisation of every convolution (ae_convnet_init with gain 1), encoder first. */
void ae_convae_init(ae_convae *m, gsl_rng *r);

/* Register the encoder's, then the decoder's W and b with the optimiser. */
void ae_convae_add_params(ae_convae *m, ae_optim *o);
size_t ae_convae_nparams(const ae_convae *m);

/* Every dW, db = 0: the same as ae_optim_zero_grad on an optimiser that has them all. */
void ae_convae_zero_grad(ae_convae *m);

/* The logits a = decoder(encoder(x)) of X (B x 784, pixels in [0, 1], B <= max_batch);
 * returns them as B x 784. X must stay unchanged until the backward. */
const gsl_matrix *ae_convae_forward(ae_convae *m, const gsl_matrix *X);

/* From dA = dL/da (B x 784, the last forward's B): adds every dW, db (the lanes' own
 * gradients, which it sums into them, are its business). */
void ae_convae_backward(ae_convae *m, const gsl_matrix *dA);

#endif
