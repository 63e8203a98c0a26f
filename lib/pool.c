/* pool — max-pooling (3.7, 3.8), max-unpooling (3.13, 3.14) and nearest-neighbour upsampling
 * (3.9). See pool.h. */
#include "pool.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "student.h"
#include "vecmath.h"

/* ---- max-pooling ---- */

ae_maxpool *ae_maxpool_alloc(size_t c, size_t h, size_t w, size_t size, size_t max_batch)
{
    AE_ASSERT(c > 0 && h > 0 && w > 0 && size > 0 && max_batch > 0);
    ae_maxpool *P = calloc(1, sizeof *P);
    AE_ASSERT(P != NULL);
    *P = (ae_maxpool){.c = c, .h = h, .w = w, .size = size, .oh = (h + size - 1) / size,
                      .ow = (w + size - 1) / size, .max_batch = max_batch};
    P->in = c * h * w;
    P->out = c * P->oh * P->ow;
    AE_ASSERT(P->in <= UINT32_MAX);
    P->argmax = malloc(max_batch * P->out * sizeof *P->argmax);
    AE_ASSERT(P->argmax != NULL);
    return P;
}

void ae_maxpool_free(ae_maxpool *P)
{
    if (!P)
        return;
    free(P->argmax);
    free(P);
}

/* The largest of a 2 x 2 window (rows x0, x1, columns j0, j1; the first on ties, in the
 * order of the general loop below) into *y, its index in the image (x0 is at r0, x1 at r1)
 * into *arg. */
static inline void max2x2(double *y, uint32_t *arg, const double *x0, const double *x1, size_t r0,
                          size_t r1, size_t j0, size_t j1)
{
    double m = x0[j0];
    size_t at = r0 + j0;
    at = x0[j1] > m ? r0 + j1 : at, m = x0[j1] > m ? x0[j1] : m;
    at = x1[j0] > m ? r1 + j0 : at, m = x1[j0] > m ? x1[j0] : m;
    at = x1[j1] > m ? r1 + j1 : at, m = x1[j1] > m ? x1[j1] : m;
    *y = m;
    *arg = (uint32_t)at;
}

/* 2 x 2 windows, the common case, one output row at a time: the whole windows in a loop
 * gcc vectorises, then the one cut short at an odd right edge (the same result as below). */
AE_VECTORISE static void maxpool2_image(double *y, uint32_t *arg, const double *x, const ae_maxpool *P)
{
    const size_t h = P->h, w = P->w, whole = w / 2;
    for (size_t ch = 0; ch < P->c; ch++)
        for (size_t oy = 0; oy < P->oh; oy++, y += P->ow, arg += P->ow) {
            size_t r0 = (ch * h + 2 * oy) * w, r1 = 2 * oy + 1 < h ? r0 + w : r0;
            const double *x0 = x + r0, *x1 = x + r1;
#pragma omp simd
            for (size_t ox = 0; ox < whole; ox++)
                max2x2(&y[ox], &arg[ox], x0, x1, r0, r1, 2 * ox, 2 * ox + 1);
            if (whole < P->ow)
                max2x2(&y[whole], &arg[whole], x0, x1, r0, r1, 2 * whole, 2 * whole);
        }
}

/* BOOK: maxpool_forward */
/* One image: (3.7) y = max over each window (cut short at the edges), and where it was. */
static void maxpool_image(double *y, uint32_t *arg, const double *x, const ae_maxpool *P)
{
    const size_t s = P->size;
    for (size_t ch = 0, o = 0; ch < P->c; ch++)
        for (size_t oy = 0; oy < P->oh; oy++)
            for (size_t ox = 0; ox < P->ow; ox++, o++) {
                size_t i1 = oy * s + s < P->h ? oy * s + s : P->h;
                size_t j1 = ox * s + s < P->w ? ox * s + s : P->w;
                size_t best = (ch * P->h + oy * s) * P->w + ox * s;
                for (size_t i = oy * s; i < i1; i++)
                    for (size_t j = ox * s; j < j1; j++) {
                        size_t at = (ch * P->h + i) * P->w + j;
                        best = x[at] > x[best] ? at : best;
                    }
                y[o] = x[best];
                arg[o] = (uint32_t)best;
            }
}
/* END BOOK */

/* Image by image; 2 x 2 windows, the common case, by maxpool2_image (the same numbers, faster). */
void ae_maxpool_forward(gsl_matrix *Y, ae_maxpool *P, const gsl_matrix *X)
{
    AE_ASSERT(X->size1 <= P->max_batch && Y->size1 == X->size1);
    AE_ASSERT(X->size2 == P->in && Y->size2 == P->out);
    for (size_t n = 0; n < X->size1; n++) {
        const double *x = X->data + n * X->tda;
        double *y = Y->data + n * Y->tda;
        uint32_t *arg = P->argmax + n * P->out;
        if (P->size == 2)
            maxpool2_image(y, arg, x, P);
        else
            maxpool_image(y, arg, x, P);
    }
}

void ae_maxpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY)
{
    AE_ASSERT(dY->size1 <= P->max_batch && dX->size1 == dY->size1);
    AE_ASSERT(dX->size2 == P->in && dY->size2 == P->out);
#ifdef SOLUTION
    for (size_t n = 0; n < dY->size1; n++) {
        const double *dy = dY->data + n * dY->tda;
        double *dx = dX->data + n * dX->tda;
        const uint32_t *arg = P->argmax + n * P->out;
        memset(dx, 0, P->in * sizeof *dx);
        for (size_t o = 0; o < P->out; o++)   /* (3.8) the gradient goes where the maximum was */
            dx[arg[o]] += dy[o];
    }
#else
    student_maxpool_backward(dX, P, dY);   /* exercise 3.2 */
#endif
}

/* ---- max-unpooling with the switches ---- */

/* BOOK: maxunpool */
/* (3.13) y = U x, U = S^T: the pool's backward pass (3.8) applied to values instead of
 * gradients, each x[o] to the switch arg[o], zeros elsewhere. */
void ae_maxunpool_forward(gsl_matrix *Y, const ae_maxpool *P, const gsl_matrix *X)
{
    ae_maxpool_backward(Y, P, X);
}

/* (3.14) dx = U^T dy = S dy: each code entry's gradient is read at its switch. */
void ae_maxunpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY)
{
    AE_ASSERT(dY->size1 <= P->max_batch && dX->size1 == dY->size1);
    AE_ASSERT(dY->size2 == P->in && dX->size2 == P->out);
    for (size_t n = 0; n < dY->size1; n++) {
        const double *dy = dY->data + n * dY->tda;
        double *dx = dX->data + n * dX->tda;
        const uint32_t *arg = P->argmax + n * P->out;
        for (size_t o = 0; o < P->out; o++)
            dx[o] = dy[arg[o]];
    }
}
/* END BOOK */

/* ---- nearest-neighbour upsampling ---- */

/* BOOK: upsample */
/* Row r = ch h + i of every channel of x becomes rows f r ... f r + f - 1 of y (f h by f w). */
AE_VECTORISE void ae_upsample_forward(gsl_matrix *Y, const gsl_matrix *X, size_t c, size_t h,
                                      size_t w, size_t f)
{
    const size_t fw = f * w;
    AE_ASSERT(Y->size1 == X->size1 && X->size2 == c * h * w && Y->size2 == c * h * w * f * f);
    for (size_t n = 0; n < X->size1; n++)
        for (size_t r = 0; r < c * h; r++) {
            /* (3.9) y[ch][f i + u][f j + v] = x[ch][i][j]: one row widened, then copied f times */
            const double *x = X->data + n * X->tda + r * w;
            double *y = Y->data + n * Y->tda + f * r * fw;
#pragma omp simd
            for (size_t j = 0; j < w; j++)
                for (size_t v = 0; v < f; v++)
                    y[f * j + v] = x[j];
            for (size_t u = 1; u < f; u++)
                memcpy(y + u * fw, y, fw * sizeof *y);
        }
}

AE_VECTORISE void ae_upsample_backward(gsl_matrix *dX, const gsl_matrix *dY, size_t c, size_t h,
                                       size_t w, size_t f)
{
    const size_t fw = f * w;
    AE_ASSERT(dY->size1 == dX->size1 && dX->size2 == c * h * w && dY->size2 == c * h * w * f * f);
    for (size_t n = 0; n < dY->size1; n++)
        for (size_t r = 0; r < c * h; r++) {
            /* the transpose of the copy: each f x f block of gradients summed, row u by row u */
            double *dx = dX->data + n * dX->tda + r * w;
            const double *dy = dY->data + n * dY->tda + f * r * fw;
            for (size_t j = 0; j < w; j++)
                dx[j] = 0.0;
            for (size_t u = 0; u < f; u++, dy += fw)
#pragma omp simd
                for (size_t j = 0; j < w; j++)
                    for (size_t v = 0; v < f; v++)
                        dx[j] += dy[f * j + v];
        }
}
/* END BOOK */
