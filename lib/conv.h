/* conv — 2-D convolution and transposed convolution, each with its backward pass
 * (BOOK.md chapter 3; UPenn CIS 522 L5R, "Convolutional Autoencoders", "Transposed
 * Convolution"). Max-pooling and upsampling are in lib/pool.h, im2col and col2im in
 * lib/im2col.h.
 *
 * Images are channels-first and a batch is rows: an image of C channels of H x W
 * pixels is one row of C H W numbers (pixel (c, i, j) at c H W + i W + j), so a
 * batch is a B x (C H W) gsl_matrix like every other batch in libae.
 *
 * A convolution with k x k kernels, stride s and zero padding p maps C x H x W to
 * C' x H' x W', H' = (H + 2p - k)/s + 1 (rounded down). im2col (3.2) lays the k x k x C
 * patch under each output pixel out as one column, col = P x: (C k k) x (H' W'),
 * and the convolution is one product (3.3):
 *     Y_img = W col + b 1^T          W: C' x (C k k), Y_img: C' x (H' W')
 * Its backward pass is two more products and col2im = P^T (3.4, 3.5):
 *     dW += dY_img col^T,   db += dY_img 1,   dX_img = col2im(W^T dY_img).
 * The transposed convolution is the same matrix transposed (3.6): with the
 * geometry of the convolution it undoes,  Y_img = col2im(W^T X_img) + b 1^T.
 *
 * Layers own their parameters, gradients and workspace (allocated once for up to
 * max_batch images; forward and backward allocate nothing); the caller owns the
 * activations. Backward adds into dW and db and overwrites dX (which may be NULL).
 * Several images share one GEMM: their columns sit side by side in the workspace.
 */
#ifndef AE_CONV_H
#define AE_CONV_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "im2col.h"

typedef struct ae_conv {
    ae_conv_geom g;          /* the convolution (for a transposed one: the one it transposes) */
    int transposed;
    size_t in, out;          /* numbers per image: c h w and oc oh ow (swapped when transposed) */
    gsl_matrix *W, *dW;      /* g.oc x (g.c k k) */
    gsl_vector *b, *db;      /* one per output channel: g.oc, or g.c when transposed */
    size_t max_batch, chunk; /* images per GEMM */
    gsl_matrix *col;         /* workspace: (g.c k k) x (chunk g.oh g.ow) */
    gsl_matrix *mat;         /* workspace: g.oc x (chunk g.oh g.ow), the patch side channel-major */
    int shared;              /* W and b are another layer's (ae_conv_alloc_replica) */
    struct ae_conv *back;    /* stride 1 with fewer output than input channels: the flipped
                                twin (A.1), a convolution oc x oh x ow -> c x h x w whose
                                transpose this layer is; it runs forward and backward (its
                                im2col has oc k k rows instead of c k k); else NULL */
} ae_conv;

/* conv2d: c x h x w -> oc x oh x ow (3.3). */
ae_conv *ae_conv_alloc(size_t c, size_t h, size_t w, size_t oc, size_t k, size_t stride,
                       size_t pad, size_t max_batch);

/* Transposed conv2d: c x h x w -> oc x oh x ow, the transpose of the convolution
 * oc x oh x ow -> c x h x w with kernel k, stride and pad, which must give h x w (3.6).
 * E.g. k 3, stride 2, pad 1 doubles 4 x 4 to 8 x 8. */
ae_conv *ae_convt_alloc(size_t c, size_t h, size_t w, size_t oc, size_t oh, size_t ow,
                        size_t k, size_t stride, size_t pad, size_t max_batch);
void ae_conv_free(ae_conv *L);

/* A layer like L that uses L's W and b (and never frees them) but has its own dW, db and
 * workspace, for up to max_batch images: another thread can run it on other images
 * while L runs (see lib/par.h). */
ae_conv *ae_conv_alloc_replica(const ae_conv *L, size_t max_batch);

/* W ~ N(0, scale^2 / fan_in), b = 0; fan_in = c k k for a convolution and
 * c k k / stride^2 (the taps each output pixel gets on average) for a transposed one.
 * scale = 1 is LeCun, sqrt(2) is He. */
void ae_conv_init(ae_conv *L, gsl_rng *r, double scale);

/* conv: Y_img = W im2col(X_img) + b 1^T;  transposed: Y_img = col2im(W^T X_img) + b 1^T.
 * Y: B x out, X: B x in, B <= max_batch. */
void ae_conv_forward(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L);

/* lib/conv_plain.c: the passes as (3.2)-(3.6) say them, one image and one GEMM at a time.
 * ae_conv_forward and ae_conv_backward give the same numbers (to rounding) faster, with
 * several images per GEMM and, when oc < c, by the flipped twin (A.1). For the book and
 * the tests; shapes as ae_conv_forward and ae_conv_backward.
 *   ae_conv_forward_plain:  a convolution's forward pass (3.3);
 *   ae_conv_backward_plain: its backward pass (3.4), (3.5): adds dW and db, writes dX
 *                           (when not NULL);
 *   ae_convt_forward_plain: a transposed convolution's forward pass (3.6). */
void ae_conv_forward_plain(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L);
void ae_conv_backward_plain(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X);
void ae_convt_forward_plain(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L);

/* Adds dW and db, writes dX (when not NULL) from dY and the forward input X.
 * dX: B x in, dY: B x out, X: B x in. */
void ae_conv_backward(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X);

/* Multiply-adds of one image's forward pass (the GEMM work; backward is twice this). */
size_t ae_conv_macs(const ae_conv *L);

#endif
