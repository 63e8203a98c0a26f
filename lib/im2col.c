/* im2col — the patches of an image as columns (3.2), and col2im, their transpose (3.4).
 * See im2col.h. */
#include "im2col.h"

#include <string.h>

#include "err.h"
#include "vecmath.h"

ae_conv_geom ae_conv_geom_make(size_t c, size_t h, size_t w, size_t oc, size_t k,
                               size_t stride, size_t pad)
{
    AE_ASSERT(c > 0 && h > 0 && w > 0 && oc > 0 && k > 0 && stride > 0);
    AE_ASSERT(k <= h + 2 * pad && k <= w + 2 * pad);
    return (ae_conv_geom){c, h, w, k, stride, pad, oc, (h + 2 * pad - k) / stride + 1,
                          (w + 2 * pad - k) / stride + 1};
}

/* The outputs o in [*lo, *hi) whose tap d lands inside the image: 0 <= o s - p + d < n. */
static void valid_range(size_t *lo, size_t *hi, size_t d, const ae_conv_geom *g, size_t n,
                        size_t nout)
{
    long s = (long)g->stride, off = (long)d - (long)g->pad;   /* i = o s + off */
    long first = off >= 0 ? 0 : (-off + s - 1) / s;
    long last = (long)n - 1 - off < 0 ? -1 : ((long)n - 1 - off) / s;
    if (last > (long)nout - 1)
        last = (long)nout - 1;
    *lo = first > last ? 0 : (size_t)first;
    *hi = first > last ? 0 : (size_t)last + 1;
}

/* The output rows [*ylo, *yhi) and columns [*xlo, *xhi) whose tap (di, dj) lands inside
 * the image (both ranges empty when either is). */
static void valid_window(size_t *ylo, size_t *yhi, size_t *xlo, size_t *xhi, size_t di, size_t dj,
                         const ae_conv_geom *g)
{
    valid_range(ylo, yhi, di, g, g->h, g->oh);
    valid_range(xlo, xhi, dj, g, g->w, g->ow);
    if (*xlo == *xhi)
        *ylo = *yhi = 0;
}

/* BOOK: im2col */
/* Row (ci, di, dj) of col (3.2), from xc, channel ci of the image: x[ci][oy s - p + di][ox s - p + dj]
 * for every output pixel (oy, ox), and 0 where that falls in the padding. */
static void im2col_row(double *row, const double *xc, size_t di, size_t dj, const ae_conv_geom *g)
{
    const size_t s = g->stride;
    size_t ylo, yhi, xlo, xhi;
    valid_window(&ylo, &yhi, &xlo, &xhi, di, dj, g);
    memset(row, 0, ylo * g->ow * sizeof *row);       /* rows in the padding */
    for (size_t oy = ylo; oy < yhi; oy++) {
        const double *xr = xc + ((oy * s + di - g->pad) * g->w + (xlo * s + dj - g->pad));
        double *cr = row + oy * g->ow;
        for (size_t t = 0; t < xlo; t++)             /* columns in the padding */
            cr[t] = 0.0;
        if (s == 1)
            memcpy(cr + xlo, xr, (xhi - xlo) * sizeof *cr);
        else
            for (size_t t = xlo; t < xhi; t++)
                cr[t] = xr[(t - xlo) * s];
        for (size_t t = xhi; t < g->ow; t++)
            cr[t] = 0.0;
    }
    memset(row + yhi * g->ow, 0, (g->oh - yhi) * g->ow * sizeof *row);
}
/* END BOOK */

/* im2col_row for stride 1 and 'same' padding (ow == w), faster: the whole channel shifted
 * by (di - p) w + (dj - p) in one copy, then the entries that wrapped around a row edge
 * (padding) set to 0. */
static void im2col_row_same(double *row, const double *xc, size_t di, size_t dj, const ae_conv_geom *g)
{
    const size_t w = g->w, P = g->oh * g->ow;
    size_t ylo, yhi, xlo, xhi;
    valid_window(&ylo, &yhi, &xlo, &xhi, di, dj, g);
    if (ylo == yhi) {
        im2col_row(row, xc, di, dj, g);
        return;
    }
    size_t q0 = ylo * w + xlo, q1 = (yhi - 1) * w + xhi;   /* first and one past the last inside */
    memset(row, 0, q0 * sizeof *row);
    memcpy(row + q0, xc + ((ylo + di - g->pad) * w + (xlo + dj - g->pad)), (q1 - q0) * sizeof *row);
    memset(row + q1, 0, (P - q1) * sizeof *row);
    for (size_t oy = ylo; oy < yhi; oy++) {
        for (size_t t = 0; t < xlo; t++)
            row[oy * w + t] = 0.0;
        for (size_t t = xhi; t < w; t++)
            row[oy * w + t] = 0.0;
    }
}

void ae_im2col(gsl_matrix *col, const double *x, const ae_conv_geom *g)
{
    const size_t k = g->k;
    const int same = g->stride == 1 && g->ow == g->w;
    AE_ASSERT(col->size1 == g->c * k * k && col->size2 == g->oh * g->ow);
    for (size_t ci = 0; ci < g->c; ci++)
        for (size_t di = 0; di < k; di++)
            for (size_t dj = 0; dj < k; dj++) {
                double *row = col->data + ((ci * k + di) * k + dj) * col->tda;
                const double *xc = x + ci * g->h * g->w;
                if (same)
                    im2col_row_same(row, xc, di, dj, g);
                else
                    im2col_row(row, xc, di, dj, g);
            }
}

/* BOOK: col2im */
AE_VECTORISE void ae_col2im(double *x, const gsl_matrix *col, const ae_conv_geom *g)
{
    const size_t k = g->k, s = g->stride;
    AE_ASSERT(col->size1 == g->c * k * k && col->size2 == g->oh * g->ow);
    for (size_t ci = 0; ci < g->c; ci++)
        for (size_t di = 0; di < k; di++)
            for (size_t dj = 0; dj < k; dj++) {
                /* (3.4) each entry goes back to the pixel im2col copied it from */
                const double *row = col->data + ((ci * k + di) * k + dj) * col->tda;
                size_t ylo, yhi, xlo, xhi;
                valid_range(&ylo, &yhi, di, g, g->h, g->oh);
                valid_range(&xlo, &xhi, dj, g, g->w, g->ow);
                if (xlo == xhi)
                    continue;
                for (size_t oy = ylo; oy < yhi; oy++) {
                    double *xr = x + ((ci * g->h + oy * s + di - g->pad) * g->w
                                      + (xlo * s + dj - g->pad));
                    const double *cr = row + oy * g->ow + xlo;
                    if (s == 1)
#pragma omp simd
                        for (size_t t = 0; t < xhi - xlo; t++)
                            xr[t] += cr[t];
                    else
#pragma omp simd
                        for (size_t t = 0; t < xhi - xlo; t++)
                            xr[t * s] += cr[t];
                }
            }
}
/* END BOOK */
