/* conv — 2-D convolution, transposed convolution, max-pooling and nearest-neighbour
 * upsampling, each with its backward pass (BOOK.md chapter 3; UPenn CIS 522 L5R,
 * "Convolutional Autoencoders", "Transposed Convolution").
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

#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

/* The geometry of one convolution: a c x h x w image, k x k kernels, a stride and
 * zero padding on every side (the bottom and right rows the last window does not
 * reach are simply not read); oc x oh x ow comes out. */
typedef struct {
    size_t c, h, w;          /* image side: channels, height, width */
    size_t k, stride, pad;
    size_t oc, oh, ow;       /* patch side: oh = (h + 2 pad - k) / stride + 1 */
} ae_conv_geom;

/* The geometry, checked: k <= h + 2 pad and likewise for w. */
ae_conv_geom ae_conv_geom_make(size_t c, size_t h, size_t w, size_t oc, size_t k,
                               size_t stride, size_t pad);

/* col = im2col(x) (3.2): row (ci k + di) k + dj, column oy ow + ox holds
 * x[ci][oy s - p + di][ox s - p + dj], or 0 in the padding.
 * col: (c k k) x (oh ow) (a view; tda may be larger), x: one image (c h w). */
void ae_im2col(gsl_matrix *col, const double *x, const ae_conv_geom *g);

/* x += col2im(col) = P^T col (3.4): every entry of col added back to the pixel it
 * was copied from (the padding's entries are dropped). Shapes as ae_im2col. */
void ae_col2im(double *x, const gsl_matrix *col, const ae_conv_geom *g);

/* ---- conv2d and its transpose ---- */

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
                                twin (3.10), a convolution oc x oh x ow -> c x h x w whose
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

/* Adds dW and db, writes dX (when not NULL) from dY and the forward input X.
 * dX: B x in, dY: B x out, X: B x in. */
void ae_conv_backward(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X);

/* Multiply-adds of one image's forward pass (the GEMM work; backward is twice this). */
size_t ae_conv_macs(const ae_conv *L);

/* ---- max-pooling ---- */

/* size x size windows, stride size: c x h x w -> c x ceil(h/size) x ceil(w/size);
 * windows at the bottom and right edges are cut short (Keras's padding 'same').
 * The forward pass keeps where each maximum was (the first, on ties) for the backward. */
typedef struct {
    size_t c, h, w, size, oh, ow;
    size_t in, out, max_batch;
    uint32_t *argmax;        /* max_batch x out: index in the input row of each maximum */
} ae_maxpool;

ae_maxpool *ae_maxpool_alloc(size_t c, size_t h, size_t w, size_t size, size_t max_batch);
void ae_maxpool_free(ae_maxpool *P);

/* y = max over the window (3.7).  Y: B x out, X: B x in. */
void ae_maxpool_forward(gsl_matrix *Y, ae_maxpool *P, const gsl_matrix *X);

/* dX = dY routed to the argmax of each window, 0 elsewhere (3.8).  dX: B x in, dY: B x out. */
void ae_maxpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY);

/* ---- nearest-neighbour upsampling ---- */

/* c x h x w -> c x (f h) x (f w): every pixel copied into an f x f block (3.9).
 * Y: B x (c f h f w), X: B x (c h w). */
void ae_upsample_forward(gsl_matrix *Y, const gsl_matrix *X, size_t c, size_t h, size_t w,
                         size_t f);

/* dX = the sum of dY over each f x f block (the transpose of the copy). */
void ae_upsample_backward(gsl_matrix *dX, const gsl_matrix *dY, size_t c, size_t h, size_t w,
                          size_t f);

#endif
