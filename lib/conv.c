/* conv — convolution by im2col + GEMM, its transpose, max-pooling, upsampling. See conv.h. */
#include "conv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>

#include "err.h"
#include "rng.h"
#include "vecmath.h"

/* Images per GEMM: enough for GEMM_COLUMNS columns, so that the GEMM is not all overhead
 * (one image when it has that many pixels: then no copies, see patch_block), and at most
 * CHUNK_DOUBLES numbers of im2col (1 MB, well inside L2). */
#define GEMM_COLUMNS 128
#define CHUNK_DOUBLES (1u << 17)

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

/* Row (ci, di, dj) of im2col for stride 1 and 'same' padding (ow == w): the whole
 * channel shifted by (di - p) w + (dj - p) in one copy, then the entries that wrapped
 * around a row edge (padding) set to 0. */
static void im2col_row_same(double *row, const double *xc, size_t di, size_t dj, size_t ylo,
                            size_t yhi, size_t xlo, size_t xhi, const ae_conv_geom *g)
{
    const size_t w = g->w, P = g->oh * g->ow;
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

/* BOOK: im2col */
void ae_im2col(gsl_matrix *col, const double *x, const ae_conv_geom *g)
{
    const size_t k = g->k, s = g->stride;
    AE_ASSERT(col->size1 == g->c * k * k && col->size2 == g->oh * g->ow);
    for (size_t ci = 0; ci < g->c; ci++)
        for (size_t di = 0; di < k; di++)
            for (size_t dj = 0; dj < k; dj++) {
                /* row (ci, di, dj) of col: x[ci][oy s - p + di][ox s - p + dj] for every (oy, ox) */
                double *row = col->data + ((ci * k + di) * k + dj) * col->tda;
                size_t ylo, yhi, xlo, xhi;
                valid_range(&ylo, &yhi, di, g, g->h, g->oh);
                valid_range(&xlo, &xhi, dj, g, g->w, g->ow);
                if (xlo == xhi)
                    ylo = yhi = 0;
                if (s == 1 && g->ow == g->w && ylo < yhi) {
                    im2col_row_same(row, x + ci * g->h * g->w, di, dj, ylo, yhi, xlo, xhi, g);
                    continue;
                }
                memset(row, 0, ylo * g->ow * sizeof *row);       /* rows in the padding */
                for (size_t oy = ylo; oy < yhi; oy++) {
                    const double *xr = x + ((ci * g->h + oy * s + di - g->pad) * g->w
                                            + (xlo * s + dj - g->pad));
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
}
/* END BOOK */

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

/* ---- conv2d and its transpose ---- */

static ae_conv *conv_alloc(ae_conv_geom g, int transposed, size_t max_batch)
{
    AE_ASSERT(max_batch > 0);
    ae_conv *L = calloc(1, sizeof *L);
    AE_ASSERT(L != NULL);
    size_t rows = g.c * g.k * g.k, P = g.oh * g.ow;
    L->g = g;
    L->transposed = transposed;
    L->in = transposed ? g.oc * P : g.c * g.h * g.w;
    L->out = transposed ? g.c * g.h * g.w : g.oc * P;
    L->W = gsl_matrix_calloc(g.oc, rows);
    L->dW = gsl_matrix_calloc(g.oc, rows);
    L->b = gsl_vector_calloc(transposed ? g.c : g.oc);
    L->db = gsl_vector_calloc(transposed ? g.c : g.oc);
    L->max_batch = max_batch;
    L->chunk = (GEMM_COLUMNS + P - 1) / P;
    L->chunk = L->chunk * rows * P > CHUNK_DOUBLES ? CHUNK_DOUBLES / (rows * P) : L->chunk;
    L->chunk = L->chunk < 1 ? 1 : L->chunk > max_batch ? max_batch : L->chunk;
    L->col = gsl_matrix_alloc(rows, L->chunk * P);
    L->mat = gsl_matrix_alloc(g.oc, L->chunk * P);
    AE_ASSERT(L->W && L->dW && L->b && L->db && L->col && L->mat);
    return L;
}

ae_conv *ae_conv_alloc(size_t c, size_t h, size_t w, size_t oc, size_t k, size_t stride,
                       size_t pad, size_t max_batch)
{
    ae_conv *L = conv_alloc(ae_conv_geom_make(c, h, w, oc, k, stride, pad), 0, max_batch);
    /* (3.10) with stride 1, dX is a convolution of dY with pad k - 1 - p: its im2col has
     * oc k k rows where col2im's has c k k, so it is the cheaper way when oc < c */
    if (stride == 1 && pad < k && oc < c)
        L->back = conv_alloc(ae_conv_geom_make(oc, L->g.oh, L->g.ow, c, k, 1, k - 1 - pad), 0,
                             max_batch);
    return L;
}

ae_conv *ae_convt_alloc(size_t c, size_t h, size_t w, size_t oc, size_t oh, size_t ow,
                        size_t k, size_t stride, size_t pad, size_t max_batch)
{
    ae_conv_geom g = ae_conv_geom_make(oc, oh, ow, c, k, stride, pad);   /* oc x oh x ow -> c x h x w */
    AE_ASSERT(g.oh == h && g.ow == w);
    return conv_alloc(g, 1, max_batch);
}

ae_conv *ae_conv_alloc_replica(const ae_conv *L, size_t max_batch)
{
    ae_conv *R = conv_alloc(L->g, L->transposed, max_batch);
    if (L->back)
        R->back = conv_alloc(L->back->g, 0, max_batch);
    gsl_matrix_free(R->W);
    gsl_vector_free(R->b);
    R->W = L->W;
    R->b = L->b;
    R->shared = 1;
    return R;
}

void ae_conv_free(ae_conv *L)
{
    if (!L)
        return;
    ae_conv_free(L->back);
    if (!L->shared) {
        gsl_matrix_free(L->W);
        gsl_vector_free(L->b);
    }
    gsl_matrix_free(L->dW);
    gsl_vector_free(L->db);
    gsl_matrix_free(L->col);
    gsl_matrix_free(L->mat);
    free(L);
}

void ae_conv_init(ae_conv *L, gsl_rng *r, double scale)
{
    const ae_conv_geom *g = &L->g;
    double fan_in = (double)(g->c * g->k * g->k);
    if (L->transposed)
        fan_in /= (double)(g->stride * g->stride);
    double sd = scale / sqrt(fan_in);
    for (size_t i = 0; i < L->W->size1 * L->W->size2; i++)
        L->W->data[i] = ae_rng_gaussian(r, sd);
    gsl_vector_set_zero(L->b);
}

size_t ae_conv_macs(const ae_conv *L)
{
    return L->W->size1 * L->W->size2 * L->g.oh * L->g.ow;
}

/* Images n0 .. n0 + nb - 1 of A on the patch side (g.oc channels of P = g.oh g.ow pixels)
 * as one g.oc x (nb P) matrix, the images side by side in every row: for one image its row
 * of A itself, else the workspace mat, which gather and scatter copy from and to A. */
static gsl_matrix_view patch_block(ae_conv *L, const gsl_matrix *A, size_t n0, size_t nb)
{
    const size_t P = L->g.oh * L->g.ow;
    if (nb == 1)
        return gsl_matrix_view_array(A->data + n0 * A->tda, L->g.oc, P);
    return gsl_matrix_submatrix(L->mat, 0, 0, L->g.oc, nb * P);
}

/* mat[ch][n P + p] = A[n0 + n][ch P + p] for n < nb (nothing to do when mat is A's row). */
static void gather(gsl_matrix *mat, const gsl_matrix *A, size_t n0, size_t nb, size_t P)
{
    if (mat->data == A->data + n0 * A->tda)
        return;
    for (size_t n = 0; n < nb; n++)
        for (size_t ch = 0; ch < mat->size1; ch++)
            memcpy(mat->data + ch * mat->tda + n * P, A->data + (n0 + n) * A->tda + ch * P,
                   P * sizeof(double));
}

/* A[n0 + n][ch P + p] = mat[ch][n P + p] (+ b[ch] when b is not NULL): gather's inverse
 * (in place when mat is A's row). */
AE_VECTORISE static void scatter(gsl_matrix *A, size_t n0, const gsl_matrix *mat, size_t nb,
                                 size_t P, const gsl_vector *b)
{
    if (!b && mat->data == A->data + n0 * A->tda)
        return;
    for (size_t n = 0; n < nb; n++)
        for (size_t ch = 0; ch < mat->size1; ch++) {
            double *a = A->data + (n0 + n) * A->tda + ch * P;
            const double *m = mat->data + ch * mat->tda + n * P;
            double bias = b ? b->data[ch * b->stride] : 0.0;
#pragma omp simd
            for (size_t p = 0; p < P; p++)
                a[p] = m[p] + bias;
        }
}

/* db[ch] += sum over the rows of dY and the P pixels of channel ch. */
AE_VECTORISE static void add_channel_sums(gsl_vector *db, const gsl_matrix *dY, size_t P)
{
    for (size_t n = 0; n < dY->size1; n++)
        for (size_t ch = 0; ch < db->size; ch++) {
            const double *dy = dY->data + n * dY->tda + ch * P;
            double s = 0.0;
#pragma omp simd reduction(+ : s)
            for (size_t p = 0; p < P; p++)
                s += dy[p];
            db->data[ch * db->stride] += s;
        }
}

/* C = op(A) op(B) + beta C. OpenBLAS 0.3.21 packs both operands even when C has one
 * row or the inner dimension is 1 (a one-channel layer); those are a matrix-vector
 * product and an outer product. */
static void gemm(CBLAS_TRANSPOSE_t tA, CBLAS_TRANSPOSE_t tB, const gsl_matrix *A,
                 const gsl_matrix *B, double beta, gsl_matrix *C)
{
    size_t inner = tA == CblasNoTrans ? A->size2 : A->size1;
    if (C->size1 == 1) {          /* c = op(B)^T a, a the one row of op(A) */
        gsl_vector_const_view a = tA == CblasNoTrans ? gsl_matrix_const_row(A, 0) : gsl_matrix_const_column(A, 0);
        gsl_vector_view c = gsl_matrix_row(C, 0);
        gsl_blas_dgemv(tB == CblasNoTrans ? CblasTrans : CblasNoTrans, 1.0, B, &a.vector, beta, &c.vector);
    } else if (inner == 1) {      /* C = beta C + a b^T */
        gsl_vector_const_view a = tA == CblasNoTrans ? gsl_matrix_const_column(A, 0) : gsl_matrix_const_row(A, 0);
        gsl_vector_const_view b = tB == CblasNoTrans ? gsl_matrix_const_row(B, 0) : gsl_matrix_const_column(B, 0);
        if (beta == 0.0)
            gsl_matrix_set_zero(C);
        else
            gsl_matrix_scale(C, beta);
        gsl_blas_dger(1.0, &a.vector, &b.vector, C);
    } else {
        gsl_blas_dgemm(tA, tB, 1.0, A, B, beta, C);
    }
}

/* Image n of a chunk: its (c k k) x P block of columns in the workspace. */
static gsl_matrix_view col_of(const ae_conv *L, size_t n)
{
    size_t P = L->g.oh * L->g.ow;
    return gsl_matrix_submatrix(L->col, 0, n * P, L->col->size1, P);
}

/* BOOK: flip */
/* (3.10) Wf[ci][co, di, dj] (+)= W[co][ci, k-1-di, k-1-dj]: channels swapped, kernel turned by
 * 180 degrees. The same map takes dWf back to dW. */
static void flip_kernel(gsl_matrix *Wf, const gsl_matrix *W, size_t k, int add)
{
    const size_t c = Wf->size1, oc = W->size1, kk = k * k;
    for (size_t ci = 0; ci < c; ci++)
        for (size_t co = 0; co < oc; co++)
            for (size_t d = 0; d < kk; d++) {
                double *wf = gsl_matrix_ptr(Wf, ci, co * kk + d);
                *wf = (add ? *wf : 0.0) + gsl_matrix_get(W, co, ci * kk + kk - 1 - d);
            }
}
/* END BOOK */

static void convt_forward(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L, const gsl_vector *b);
static void convt_backward(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X,
                           gsl_vector *db);

/* BOOK: conv_forward */
/* (3.3) Y_img = W col + b 1^T, for nb images at a time (their columns side by side). */
static void conv_forward(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L)
{
    const size_t P = L->g.oh * L->g.ow;
    if (L->back) {                       /* (3.10) the transpose of its flipped twin; see below */
        flip_kernel(L->back->W, L->W, L->g.k, 0);
        convt_forward(Y, X, L->back, L->b);
        return;
    }
    for (size_t n0 = 0; n0 < X->size1; n0 += L->chunk) {
        size_t nb = X->size1 - n0 < L->chunk ? X->size1 - n0 : L->chunk;
        gsl_matrix_view col = gsl_matrix_submatrix(L->col, 0, 0, L->col->size1, nb * P);
        gsl_matrix_view mat = patch_block(L, Y, n0, nb);
        for (size_t n = 0; n < nb; n++) {
            gsl_matrix_view col_n = col_of(L, n);
            ae_im2col(&col_n.matrix, X->data + (n0 + n) * X->tda, &L->g);     /* (3.2) col = P x */
        }
        gemm(CblasNoTrans, CblasNoTrans, L->W, &col.matrix, 0.0, &mat.matrix);
        scatter(Y, n0, &mat.matrix, nb, P, L->b);                             /* + b 1^T */
    }
}
/* END BOOK */

/* BOOK: conv_backward */
/* (3.5) dW += dY_img col^T, db += dY_img 1, and (3.4) dX_img = col2im(W^T dY_img). */
static void conv_backward(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X)
{
    const size_t P = L->g.oh * L->g.ow;
    if (L->back) {                       /* the twin's backward, its dW flipped back (3.10) */
        gsl_matrix_set_zero(L->back->dW);
        convt_backward(dX, L->back, dY, X, L->db);
        flip_kernel(L->dW, L->back->dW, L->g.k, 1);
        return;
    }
    add_channel_sums(L->db, dY, P);
    for (size_t n0 = 0; n0 < X->size1; n0 += L->chunk) {
        size_t nb = X->size1 - n0 < L->chunk ? X->size1 - n0 : L->chunk;
        gsl_matrix_view col = gsl_matrix_submatrix(L->col, 0, 0, L->col->size1, nb * P);
        gsl_matrix_view dmat = patch_block(L, dY, n0, nb);
        gather(&dmat.matrix, dY, n0, nb, P);
        for (size_t n = 0; n < nb; n++) {                   /* col again, not kept from forward */
            gsl_matrix_view col_n = col_of(L, n);
            ae_im2col(&col_n.matrix, X->data + (n0 + n) * X->tda, &L->g);
        }
        gemm(CblasNoTrans, CblasTrans, &dmat.matrix, &col.matrix, 1.0, L->dW);
        if (!dX)
            continue;
        gemm(CblasTrans, CblasNoTrans, L->W, &dmat.matrix, 0.0, &col.matrix);
        for (size_t n = 0; n < nb; n++) {                   /* dcol = W^T dY, then col2im */
            double *dx = dX->data + (n0 + n) * dX->tda;
            gsl_matrix_view dcol_n = col_of(L, n);
            memset(dx, 0, L->in * sizeof *dx);
            ae_col2im(dx, &dcol_n.matrix, &L->g);
        }
    }
}
/* END BOOK */

/* BOOK: convt_forward */
/* (3.6) Y_img = col2im(W^T X_img) + b 1^T: the convolution's backward pass for dX, plus a bias. */
static void convt_forward(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L, const gsl_vector *b)
{
    const size_t P = L->g.oh * L->g.ow, HW = L->g.h * L->g.w;
    for (size_t n0 = 0; n0 < X->size1; n0 += L->chunk) {
        size_t nb = X->size1 - n0 < L->chunk ? X->size1 - n0 : L->chunk;
        gsl_matrix_view col = gsl_matrix_submatrix(L->col, 0, 0, L->col->size1, nb * P);
        gsl_matrix_view mat = patch_block(L, X, n0, nb);
        gather(&mat.matrix, X, n0, nb, P);
        gemm(CblasTrans, CblasNoTrans, L->W, &mat.matrix, 0.0, &col.matrix);
        for (size_t n = 0; n < nb; n++) {
            double *y = Y->data + (n0 + n) * Y->tda;
            for (size_t ch = 0; ch < L->g.c; ch++)          /* start from b, then add col2im */
                for (size_t p = 0; p < HW; p++)
                    y[ch * HW + p] = b->data[ch * b->stride];
            gsl_matrix_view col_n = col_of(L, n);
            ae_col2im(y, &col_n.matrix, &L->g);
        }
    }
}
/* END BOOK */

/* The transposed convolution's backward pass is the convolution's forward pass:
 * dX_img = W im2col(dY_img), dW += X_img im2col(dY_img)^T, db += dY_img 1. */
static void convt_backward(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X,
                           gsl_vector *db)
{
    const size_t P = L->g.oh * L->g.ow;
    add_channel_sums(db, dY, L->g.h * L->g.w);
    for (size_t n0 = 0; n0 < X->size1; n0 += L->chunk) {
        size_t nb = X->size1 - n0 < L->chunk ? X->size1 - n0 : L->chunk;
        gsl_matrix_view col = gsl_matrix_submatrix(L->col, 0, 0, L->col->size1, nb * P);
        for (size_t n = 0; n < nb; n++) {
            gsl_matrix_view col_n = col_of(L, n);
            ae_im2col(&col_n.matrix, dY->data + (n0 + n) * dY->tda, &L->g);
        }
        gsl_matrix_view mat = patch_block(L, X, n0, nb);
        gather(&mat.matrix, X, n0, nb, P);
        gemm(CblasNoTrans, CblasTrans, &mat.matrix, &col.matrix, 1.0, L->dW);
        if (!dX)
            continue;
        mat = patch_block(L, dX, n0, nb);
        gemm(CblasNoTrans, CblasNoTrans, L->W, &col.matrix, 0.0, &mat.matrix);
        scatter(dX, n0, &mat.matrix, nb, P, NULL);
    }
}

void ae_conv_forward(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L)
{
    AE_ASSERT(X->size1 >= 1 && X->size1 <= L->max_batch && Y->size1 == X->size1);
    AE_ASSERT(X->size2 == L->in && Y->size2 == L->out);
    if (L->transposed)
        convt_forward(Y, X, L, L->b);
    else
        conv_forward(Y, X, L);
}

void ae_conv_backward(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X)
{
    AE_ASSERT(X->size1 >= 1 && X->size1 <= L->max_batch && dY->size1 == X->size1);
    AE_ASSERT(X->size2 == L->in && dY->size2 == L->out);
    AE_ASSERT(dX == NULL || (dX->size1 == X->size1 && dX->size2 == L->in));
    if (L->transposed)
        convt_backward(dX, L, dY, X, L->db);
    else
        conv_backward(dX, L, dY, X);
}

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
void ae_maxpool_forward(gsl_matrix *Y, ae_maxpool *P, const gsl_matrix *X)
{
    AE_ASSERT(X->size1 <= P->max_batch && Y->size1 == X->size1);
    AE_ASSERT(X->size2 == P->in && Y->size2 == P->out);
    const size_t s = P->size;
    for (size_t n = 0; n < X->size1; n++) {
        const double *x = X->data + n * X->tda;
        double *y = Y->data + n * Y->tda;
        uint32_t *arg = P->argmax + n * P->out;
        if (s == 2) {
            maxpool2_image(y, arg, x, P);
            continue;
        }
        for (size_t ch = 0, o = 0; ch < P->c; ch++)
            for (size_t oy = 0; oy < P->oh; oy++)
                for (size_t ox = 0; ox < P->ow; ox++, o++) {
                    /* (3.7) y = max over the window (cut short at the edges); keep where */
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
}
/* END BOOK */

void ae_maxpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY)
{
    AE_ASSERT(dY->size1 <= P->max_batch && dX->size1 == dY->size1);
    AE_ASSERT(dX->size2 == P->in && dY->size2 == P->out);
    for (size_t n = 0; n < dY->size1; n++) {
        const double *dy = dY->data + n * dY->tda;
        double *dx = dX->data + n * dX->tda;
        const uint32_t *arg = P->argmax + n * P->out;
        memset(dx, 0, P->in * sizeof *dx);
        for (size_t o = 0; o < P->out; o++)   /* (3.8) the gradient goes where the maximum was */
            dx[arg[o]] += dy[o];
    }
}

/* ---- nearest-neighbour upsampling ---- */

/* BOOK: upsample */
/* Row r = ch h + i of every channel of x becomes rows f r ... f r + f - 1 of y (H = f h). */
AE_VECTORISE void ae_upsample_forward(gsl_matrix *Y, const gsl_matrix *X, size_t c, size_t h,
                                      size_t w, size_t f)
{
    const size_t Wd = f * w;
    AE_ASSERT(Y->size1 == X->size1 && X->size2 == c * h * w && Y->size2 == c * h * w * f * f);
    for (size_t n = 0; n < X->size1; n++)
        for (size_t r = 0; r < c * h; r++) {
            /* (3.9) y[ch][f i + a][f j + b] = x[ch][i][j]: one row widened, then copied f times */
            const double *x = X->data + n * X->tda + r * w;
            double *y = Y->data + n * Y->tda + f * r * Wd;
#pragma omp simd
            for (size_t j = 0; j < w; j++)
                for (size_t b = 0; b < f; b++)
                    y[f * j + b] = x[j];
            for (size_t a = 1; a < f; a++)
                memcpy(y + a * Wd, y, Wd * sizeof *y);
        }
}

AE_VECTORISE void ae_upsample_backward(gsl_matrix *dX, const gsl_matrix *dY, size_t c, size_t h,
                                       size_t w, size_t f)
{
    const size_t Wd = f * w;
    AE_ASSERT(dY->size1 == dX->size1 && dX->size2 == c * h * w && dY->size2 == c * h * w * f * f);
    for (size_t n = 0; n < dY->size1; n++)
        for (size_t r = 0; r < c * h; r++) {
            /* the transpose of the copy: each f x f block of gradients summed, row a by row a */
            double *dx = dX->data + n * dX->tda + r * w;
            const double *dy = dY->data + n * dY->tda + f * r * Wd;
            for (size_t j = 0; j < w; j++)
                dx[j] = 0.0;
            for (size_t a = 0; a < f; a++, dy += Wd)
#pragma omp simd
                for (size_t j = 0; j < w; j++)
                    for (size_t b = 0; b < f; b++)
                        dx[j] += dy[f * j + b];
        }
}
/* END BOOK */
