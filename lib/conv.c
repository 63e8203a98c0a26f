/* conv — convolution by im2col + GEMM (3.2, 3.3), its backward pass (3.4, 3.5) and its
 * transpose (3.6). See conv.h.
 *
 * lib/conv_plain.c has these as the book derives them, one image at a time; what runs
 * here is the same computation arranged for speed (the "fast path" below; the book's
 * appendix on performance): the columns of several images in one GEMM, gathered and
 * scattered to and from the rows of the batch; a GEMM wrapper around OpenBLAS's packing of
 * thin products; and, for a layer with fewer output than input channels, its flipped
 * twin (A.1).
 */
#include "conv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>

#include "err.h"
#include "student.h"
#include "rng.h"
#include "vecmath.h"

/* Images per GEMM: enough for GEMM_COLUMNS columns, so that the GEMM is not all overhead
 * (one image when it has that many pixels: then no copies, see patch_block), and at most
 * CHUNK_DOUBLES numbers of im2col (1 MB, well inside L2). */
#define GEMM_COLUMNS 128
#define CHUNK_DOUBLES (1u << 17)

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
    /* (A.1) with stride 1, dX is a convolution of dY with pad k - 1 - p: its im2col has
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

/* ---- the fast path: several images per GEMM ---- */

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

/* ae_conv_forward_plain for nb images at a time, their columns side by side in one GEMM. */
static void conv_forward(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L)
{
    const size_t P = L->g.oh * L->g.ow;
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

/* BOOK: conv_backward */
/* (3.5) dW += dY_img col^T, db += dY_img 1, and (3.4) dX_img = col2im(W^T dY_img). */
static void conv_backward(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X)
{
    const size_t P = L->g.oh * L->g.ow;
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
#ifdef SOLUTION
        if (!dX)
            continue;
        gemm(CblasTrans, CblasNoTrans, L->W, &dmat.matrix, 0.0, &col.matrix);
        for (size_t n = 0; n < nb; n++) {                   /* dcol = W^T dY, then col2im */
            double *dx = dX->data + (n0 + n) * dX->tda;
            gsl_matrix_view dcol_n = col_of(L, n);
            memset(dx, 0, L->in * sizeof *dx);
            ae_col2im(dx, &dcol_n.matrix, &L->g);
        }
#endif
    }
#ifndef SOLUTION
    if (dX) {   /* exercise 3.1, with one image's columns of L->col as its scratch */
        gsl_matrix_view dcol = gsl_matrix_submatrix(L->col, 0, 0, L->col->size1, P);
        student_conv_backward_input(dX, &dcol.matrix, dY, L->W, &L->g);
    }
#endif
}
/* END BOOK */

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

/* BOOK: flip */
/* (A.1) Wf[ci][co, di, dj] (+)= W[co][ci, k-1-di, k-1-dj]: channels swapped, kernel turned by
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

/* (A.1) A convolution with fewer output than input channels runs as the transpose of its
 * flipped twin L->back: forward col2im(Wf^T X_img) + b, backward Wf im2col(dY_img) for dX and
 * X_img im2col(dY_img)^T for dWf, which the flip takes back to dW. */
static void twin_forward(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L)
{
    flip_kernel(L->back->W, L->W, L->g.k, 0);
    convt_forward(Y, X, L->back, L->b);
}

static void twin_backward(gsl_matrix *dX, ae_conv *L, const gsl_matrix *dY, const gsl_matrix *X)
{
    gsl_matrix_set_zero(L->back->dW);
    convt_backward(dX, L->back, dY, X, L->db);
    flip_kernel(L->dW, L->back->dW, L->g.k, 1);
}

void ae_conv_forward(gsl_matrix *Y, const gsl_matrix *X, ae_conv *L)
{
    AE_ASSERT(X->size1 >= 1 && X->size1 <= L->max_batch && Y->size1 == X->size1);
    AE_ASSERT(X->size2 == L->in && Y->size2 == L->out);
    if (L->transposed)
        convt_forward(Y, X, L, L->b);
    else if (L->back)
        twin_forward(Y, X, L);
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
    else if (L->back)
        twin_backward(dX, L, dY, X);
    else
        conv_backward(dX, L, dY, X);
}
