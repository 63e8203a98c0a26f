/* im2col — the patches under a convolution's kernels as the columns of one matrix, and
 * its transpose col2im (BOOK.md chapter 3, (3.2) and (3.4)).
 *
 * Images are channels-first rows: pixel (c, i, j) of a C x H x W image is number
 * c H W + i W + j. A convolution with k x k kernels, stride s and zero padding p maps
 * C x H x W to C' x H' x W', H' = (H + 2p - k)/s + 1 (rounded down); im2col lays the
 * k x k x C patch under each output pixel out as one column, col = P x, so that the
 * convolution is one matrix product (lib/conv.h).
 */
#ifndef AE_IM2COL_H
#define AE_IM2COL_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>

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

#endif
