/* pool — max-pooling, max-unpooling with the pool's switches and nearest-neighbour
 * upsampling, each with its backward pass (BOOK.md chapter 3, (3.7)-(3.9), (3.13), (3.14)).
 *
 * Images are channels-first rows as in lib/im2col.h: a batch of c x h x w images is a
 * B x (c h w) gsl_matrix. Backward overwrites dX.
 */
#ifndef AE_POOL_H
#define AE_POOL_H

#include <stdint.h>
#include <gsl/gsl_matrix.h>

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

/* ---- max-unpooling with the switches ---- */

/* The inverse shape of P, c x oh x ow -> c x h x w: each value goes back to the place its
 * window's maximum came from in P's last forward pass (the "switches", P->argmax), 0 elsewhere
 * (3.13) -- the transpose of the pool's selection, the same scatter as its backward pass.
 * Row n of X must be the code of row n of the pool's last input.  Y: B x in, X: B x out. */
void ae_maxunpool_forward(gsl_matrix *Y, const ae_maxpool *P, const gsl_matrix *X);

/* dX = dY read at the switches (3.14), the pool's selection itself.  dX: B x out, dY: B x in. */
void ae_maxunpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY);

/* ---- nearest-neighbour upsampling ---- */

/* c x h x w -> c x (f h) x (f w): every pixel copied into an f x f block (3.9).
 * Y: B x (c f h f w), X: B x (c h w). */
void ae_upsample_forward(gsl_matrix *Y, const gsl_matrix *X, size_t c, size_t h, size_t w,
                         size_t f);

/* dX = the sum of dY over each f x f block (the transpose of the copy). */
void ae_upsample_backward(gsl_matrix *dX, const gsl_matrix *dY, size_t c, size_t h, size_t w,
                          size_t f);

#endif
