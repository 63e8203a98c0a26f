/* check_conv — lib/conv and lib/convnet: hand-computed values, im2col/col2im as a
 * matrix and its transpose, finite-difference checks of every backward pass w.r.t.
 * input, weights and biases (odd sizes, padding, stride 2, one or several images per
 * GEMM), the adjoint identity <conv(x), y> = <x, conv^T(y)>, the book's one-image passes
 * (lib/conv_plain.c) against the fast ones, max-unpooling with a pool's switches, whole
 * convolutional autoencoders checked end to end (one that unpools; lib/convae's decoders),
 * and the replicas and lib/par that let two threads share a batch. */
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>

#include "conv.h"
#include "pool.h"
#include "convae.h"
#include "convnet.h"
#include "loss.h"
#include "par.h"
#include "rng.h"
#include "test.h"

enum { PAD = 3 };   /* extra columns around every view: tda > size2 */

/* sum_ij C_ij Y_ij: a scalar loss with dL/dY = C */
static double dot(const gsl_matrix *C, const gsl_matrix *Y)
{
    double s = 0.0;
    for (size_t i = 0; i < Y->size1; i++)
        for (size_t j = 0; j < Y->size2; j++)
            s += gsl_matrix_get(C, i, j) * gsl_matrix_get(Y, i, j);
    return s;
}

static void assert_values(const double *got, const double *want, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(got[i] - want[i]) <= TOL_EXACT * (1.0 + fabs(want[i])),
                      "%s[%zu]: expected %.15g, got %.15g", what, i, want[i], got[i]);
}

/* ---- hand-computed values ---- */

static const double X3[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};   /* one 3 x 3 image */

START_TEST(t_im2col_values)
{
    /* 3 x 3 image, k 2, stride 2, pad 1: 2 x 2 outputs; the windows start at -1 and 1 */
    ae_conv_geom g = ae_conv_geom_make(1, 3, 3, 1, 2, 2, 1);
    ck_assert_uint_eq(g.oh, 2);
    ck_assert_uint_eq(g.ow, 2);
    gsl_matrix *col = gsl_matrix_alloc(4, 4);
    ae_im2col(col, X3, &g);
    /* row (di, dj), column (oy, ox): x[2 oy - 1 + di][2 ox - 1 + dj] */
    const double want[16] = {0, 0, 0, 5,    /* di 0, dj 0 */
                             0, 0, 4, 6,    /* di 0, dj 1 */
                             0, 2, 0, 8,    /* di 1, dj 0 */
                             1, 3, 7, 9};   /* di 1, dj 1 */
    assert_values(col->data, want, 16, "im2col");
    /* col2im adds every entry back to its pixel: pixel (i, j) appears once here or not at all */
    double x[9] = {0};
    ae_col2im(x, col, &g);
    const double back[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    assert_values(x, back, 9, "col2im(im2col(x))");
    gsl_matrix_free(col);
}
END_TEST

START_TEST(t_conv_values)
{
    /* W = [[1, 2], [3, 4]], b = 0.5 on the 3 x 3 image 1..9.
     * stride 1, pad 0: y = (37, 47, 67, 77) + 0.5 (e.g. 1*1 + 2*2 + 3*4 + 4*5 = 37)
     * stride 2, pad 1: y00 = 4*1, y01 = 3*2 + 4*3, y10 = 2*4 + 4*7, y11 = 1*5 + 2*6 + 3*8 + 4*9 */
    const double w[4] = {1, 2, 3, 4};
    const size_t strides[2] = {1, 2}, pads[2] = {0, 1};
    const double want[2][4] = {{37.5, 47.5, 67.5, 77.5}, {4.5, 18.5, 36.5, 77.5}};
    gsl_matrix_const_view X = gsl_matrix_const_view_array(X3, 1, 9);
    gsl_matrix *Y = gsl_matrix_alloc(1, 4);
    for (size_t t = 0; t < 2; t++) {
        ae_conv *L = ae_conv_alloc(1, 3, 3, 1, 2, strides[t], pads[t], 1);
        memcpy(L->W->data, w, sizeof w);
        gsl_vector_set(L->b, 0, 0.5);
        ae_conv_forward(Y, &X.matrix, L);
        assert_values(Y->data, want[t], 4, strides[t] == 1 ? "conv s1 p0" : "conv s2 p1");
        ae_conv_free(L);
    }
    gsl_matrix_free(Y);
}
END_TEST

START_TEST(t_conv_channels_values)
{
    /* two input channels, two output channels, 1 x 1 kernels: a per-pixel matrix product.
     * y_0 = 2 x_0 - x_1 + 1,  y_1 = x_0 + 3 x_1 */
    const double x[8] = {1, 2, 3, 4, 10, 20, 30, 40}, w[4] = {2, -1, 1, 3};
    const double want[8] = {-7, -15, -23, -31, 31, 62, 93, 124};
    gsl_matrix_const_view X = gsl_matrix_const_view_array(x, 1, 8);
    gsl_matrix *Y = gsl_matrix_alloc(1, 8);
    ae_conv *L = ae_conv_alloc(2, 2, 2, 2, 1, 1, 0, 1);
    memcpy(L->W->data, w, sizeof w);
    gsl_vector_set(L->b, 0, 1.0);
    ae_conv_forward(Y, &X.matrix, L);
    assert_values(Y->data, want, 8, "1x1 conv");
    ae_conv_free(L);
    gsl_matrix_free(Y);
}
END_TEST

START_TEST(t_convt_values)
{
    /* 2 x 2 -> 3 x 3, k 3, stride 2, pad 1, all-ones kernel, b = 0: input pixel (i, j)
     * lands on rows 2i-1 .. 2i+1; the middle row and column get two of them (uneven overlap):
     * y = [[1, 1+2, 2], [1+3, 1+2+3+4, 2+4], [3, 3+4, 4]] */
    const double x[4] = {1, 2, 3, 4}, want[9] = {1, 3, 2, 4, 10, 6, 3, 7, 4};
    gsl_matrix_const_view X = gsl_matrix_const_view_array(x, 1, 4);
    gsl_matrix *Y = gsl_matrix_alloc(1, 9);
    ae_conv *L = ae_convt_alloc(1, 2, 2, 1, 3, 3, 3, 2, 1, 1);
    gsl_matrix_set_all(L->W, 1.0);
    ae_conv_forward(Y, &X.matrix, L);
    assert_values(Y->data, want, 9, "convT");
    /* a constant input: 1, 2 or 4 taps per pixel, the checkerboard of chapter 3 */
    gsl_matrix *Y4 = gsl_matrix_alloc(1, 16);
    ae_conv *L4 = ae_convt_alloc(1, 2, 2, 1, 4, 4, 3, 2, 1, 1);   /* 2 x 2 -> 4 x 4 */
    gsl_matrix_set_all(L4->W, 1.0);
    const double ones[4] = {1, 1, 1, 1};
    gsl_matrix_const_view X1 = gsl_matrix_const_view_array(ones, 1, 4);
    ae_conv_forward(Y4, &X1.matrix, L4);
    /* rows get 1, 2, 1, 1 taps (the last row's second one would come from input row 2) */
    const double want4[16] = {1, 2, 1, 1, 2, 4, 2, 2, 1, 2, 1, 1, 1, 2, 1, 1};
    assert_values(Y4->data, want4, 16, "convT of ones, 2 x 2 -> 4 x 4");
    ae_conv_free(L);
    ae_conv_free(L4);
    gsl_matrix_free(Y);
    gsl_matrix_free(Y4);
}
END_TEST

START_TEST(t_pool_up_values)
{
    /* 3 x 3 image, 2 x 2 windows cut short at the edges: max of {1,2,4,5}, {3,6}, {7,8}, {9} */
    const double x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, want[4] = {5, 6, 8, 9};
    const uint32_t want_arg[4] = {4, 5, 7, 8};
    gsl_matrix_const_view X = gsl_matrix_const_view_array(x, 1, 9);
    gsl_matrix *Y = gsl_matrix_alloc(1, 4), *dX = gsl_matrix_alloc(1, 9);
    ae_maxpool *P = ae_maxpool_alloc(1, 3, 3, 2, 1);
    ck_assert_uint_eq(P->oh, 2);
    ae_maxpool_forward(Y, P, &X.matrix);
    assert_values(Y->data, want, 4, "maxpool");
    for (size_t i = 0; i < 4; i++)
        ck_assert_uint_eq(P->argmax[i], want_arg[i]);
    const double dy[4] = {10, 20, 30, 40}, want_dx[9] = {0, 0, 0, 0, 10, 20, 0, 30, 40};
    gsl_matrix_const_view dY = gsl_matrix_const_view_array(dy, 1, 4);
    gsl_matrix_set_all(dX, 99.0);
    ae_maxpool_backward(dX, P, &dY.matrix);
    assert_values(dX->data, want_dx, 9, "maxpool backward");
    /* unpooling 2 x 2 -> 3 x 3 at those switches, and back: read at the switches */
    const double want_un[9] = {0, 0, 0, 0, 10, 20, 0, 30, 40}, dun[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const double want_dun[4] = {5, 6, 8, 9};
    gsl_matrix_const_view dUn = gsl_matrix_const_view_array(dun, 1, 9);
    gsl_matrix_set_all(dX, 99.0);
    ae_maxunpool_forward(dX, P, &dY.matrix);
    assert_values(dX->data, want_un, 9, "maxunpool");
    gsl_matrix_set_all(Y, 99.0);
    ae_maxunpool_backward(Y, P, &dUn.matrix);
    assert_values(Y->data, want_dun, 4, "maxunpool backward");
    /* upsampling 2 x 1 -> 4 x 2 and back: each gradient block summed */
    const double u[2] = {1, 2}, want_up[8] = {1, 1, 1, 1, 2, 2, 2, 2};
    const double du[8] = {1, 2, 3, 4, 5, 6, 7, 8}, want_du[2] = {10, 26};
    gsl_matrix_const_view U = gsl_matrix_const_view_array(u, 1, 2);
    gsl_matrix_const_view dU = gsl_matrix_const_view_array(du, 1, 8);
    gsl_matrix *Yu = gsl_matrix_alloc(1, 8), *dXu = gsl_matrix_alloc(1, 2);
    ae_upsample_forward(Yu, &U.matrix, 1, 2, 1, 2);
    assert_values(Yu->data, want_up, 8, "upsample");
    ae_upsample_backward(dXu, &dU.matrix, 1, 2, 1, 2);
    assert_values(dXu->data, want_du, 2, "upsample backward");
    ae_maxpool_free(P);
    gsl_matrix_free(Y);
    gsl_matrix_free(dX);
    gsl_matrix_free(Yu);
    gsl_matrix_free(dXu);
}
END_TEST

/* ---- geometries for the gradient and adjoint checks ---- */

typedef struct {
    size_t c, h, w, oc, k, stride, pad;
} geom;

static const geom GEOMS[] = {
    {2, 5, 6, 3, 3, 1, 1},    /* 'same' padding, odd and even sides */
    {3, 7, 5, 2, 3, 2, 1},    /* stride 2, odd sides */
    {1, 6, 6, 2, 2, 2, 0},    /* non-overlapping windows */
    {2, 5, 7, 3, 3, 2, 2},    /* pad > k/2 */
    {2, 4, 4, 1, 3, 1, 0},    /* 'valid', one output channel */
    {1, 9, 8, 4, 5, 3, 2},    /* k 5, stride 3 */
    {3, 3, 3, 2, 1, 1, 0},    /* 1 x 1 kernels */
    {4, 6, 5, 2, 3, 1, 1},    /* fewer output channels: dX by the flipped convolution */
    {16, 5, 5, 1, 3, 1, 1},   /* one output channel, like the decoder's last layer */
};
enum { NGEOMS = sizeof GEOMS / sizeof *GEOMS, BATCH = 5 };

/* The layer for geometry t: a convolution, or its transpose (which maps the conv's output shape back). */
static ae_conv *layer_for(const geom *t, int transposed, size_t max_batch)
{
    if (!transposed)
        return ae_conv_alloc(t->c, t->h, t->w, t->oc, t->k, t->stride, t->pad, max_batch);
    ae_conv_geom g = ae_conv_geom_make(t->c, t->h, t->w, t->oc, t->k, t->stride, t->pad);
    return ae_convt_alloc(g.oc, g.oh, g.ow, g.c, g.h, g.w, t->k, t->stride, t->pad, max_batch);
}

/* ---- gradient checks of one layer: L = sum C o Y ---- */

typedef struct {
    ae_conv *L;
    gsl_matrix *Xp, *Yp, *C;   /* padded parents; C: B x out */
    gsl_matrix_view X, Y;
} conv_ctx;

static double conv_loss(void *p)
{
    conv_ctx *c = p;
    ae_conv_forward(&c->Y.matrix, &c->X.matrix, c->L);
    return dot(c->C, &c->Y.matrix);
}

static conv_ctx conv_ctx_make(ae_conv *L, size_t B, gsl_rng *r)
{
    conv_ctx c = {.L = L};
    ae_conv_init(L, r, 1.0);
    for (size_t i = 0; i < L->b->size; i++)
        gsl_vector_set(L->b, i, ae_rng_uniform(r, -1, 1));
    c.Xp = gsl_matrix_alloc(B, L->in + PAD);
    c.Yp = gsl_matrix_calloc(B, L->out + PAD);
    c.C = gsl_matrix_alloc(B, L->out);
    fill_uniform(c.Xp, r, -1, 1);
    fill_uniform(c.C, r, -1, 1);
    c.X = gsl_matrix_submatrix(c.Xp, 0, 1, B, L->in);
    c.Y = gsl_matrix_submatrix(c.Yp, 0, 2, B, L->out);
    return c;
}

static void conv_ctx_free(conv_ctx *c)
{
    ae_conv_free(c->L);
    gsl_matrix_free(c->Xp);
    gsl_matrix_free(c->Yp);
    gsl_matrix_free(c->C);
}

/* dX, dW, db of layer L against finite differences; dW, db must be added to what was there. */
static void check_layer_grads(conv_ctx *c, gsl_rng *r, const char *name)
{
    ae_conv *L = c->L;
    gsl_matrix *dW0 = gsl_matrix_alloc(L->dW->size1, L->dW->size2);
    gsl_vector *db0 = gsl_vector_alloc(L->db->size);
    for (size_t i = 0; i < dW0->size1 * dW0->size2; i++)
        dW0->data[i] = ae_rng_uniform(r, -5, 5);
    for (size_t i = 0; i < db0->size; i++)
        db0->data[i] = ae_rng_uniform(r, -5, 5);
    gsl_matrix_memcpy(L->dW, dW0);
    gsl_vector_memcpy(L->db, db0);
    gsl_matrix *dXp = gsl_matrix_calloc(c->Xp->size1, c->Xp->size2);
    gsl_matrix_view dX = gsl_matrix_submatrix(dXp, 0, 1, c->X.matrix.size1, L->in);
    gsl_matrix_set_all(&dX.matrix, 99.0);   /* overwritten, not added to */

    conv_loss(c);
    ae_conv_backward(&dX.matrix, L, c->C, &c->X.matrix);
    gsl_matrix_sub(L->dW, dW0);
    gsl_vector_sub(L->db, db0);

    char what[128];
    ae_gc_result res = ae_gradcheck(conv_loss, c, c->Xp->data, dXp->data,
                                    c->Xp->size1 * c->Xp->size2, AE_GC_STEP);
    snprintf(what, sizeof what, "%s dX", name);
    ck_assert_gradcheck(res, TOL_OP, what);
    res = ae_gradcheck(conv_loss, c, L->W->data, L->dW->data, L->W->size1 * L->W->size2, AE_GC_STEP);
    snprintf(what, sizeof what, "%s dW (added)", name);
    ck_assert_gradcheck(res, TOL_OP, what);
    res = ae_gradcheck(conv_loss, c, L->b->data, L->db->data, L->b->size, AE_GC_STEP);
    snprintf(what, sizeof what, "%s db (added)", name);
    ck_assert_gradcheck(res, TOL_OP, what);

    /* dX = NULL leaves dW and db as they were with dX */
    gsl_matrix *dW1 = gsl_matrix_alloc(L->dW->size1, L->dW->size2);
    gsl_matrix_memcpy(dW1, L->dW);
    gsl_matrix_set_zero(L->dW);
    ae_conv_backward(NULL, L, c->C, &c->X.matrix);
    for (size_t i = 0; i < dW1->size1 * dW1->size2; i++)
        ck_assert_msg(fabs(L->dW->data[i] - dW1->data[i]) <= TOL_EXACT * (1 + fabs(dW1->data[i])),
                      "%s: dW with dX = NULL differs at %zu", name, i);

    gsl_matrix_free(dW0);
    gsl_matrix_free(dW1);
    gsl_vector_free(db0);
    gsl_matrix_free(dXp);
}

static void gradcheck_geometry(size_t t, int transposed, size_t chunk)
{
    gsl_rng *r = ae_rng_alloc(100 + t, AE_RNG_INIT);
    ae_conv *L = layer_for(&GEOMS[t], transposed, BATCH);
    if (chunk && chunk < L->chunk)
        L->chunk = chunk;   /* several GEMMs per batch, the last one short */
    if (L->back && chunk && chunk < L->back->chunk)
        L->back->chunk = chunk;   /* the flipped twin does the work */
    conv_ctx c = conv_ctx_make(L, BATCH, r);
    char name[96];
    snprintf(name, sizeof name, "%s %zux%zux%zu k%zu s%zu p%zu chunk %zu",
             transposed ? "convT" : "conv", GEOMS[t].c, GEOMS[t].h, GEOMS[t].w, GEOMS[t].k,
             GEOMS[t].stride, GEOMS[t].pad, L->chunk);
    check_layer_grads(&c, r, name);
    conv_ctx_free(&c);
    gsl_rng_free(r);
}

START_TEST(t_conv_gradcheck)
{
    gradcheck_geometry((size_t)_i, 0, 0);
    gradcheck_geometry((size_t)_i, 0, 2);
    gradcheck_geometry((size_t)_i, 0, 1);   /* one image: GEMMs on the rows themselves */
}
END_TEST

START_TEST(t_convt_gradcheck)
{
    gradcheck_geometry((size_t)_i, 1, 0);
    gradcheck_geometry((size_t)_i, 1, 2);
    gradcheck_geometry((size_t)_i, 1, 1);
}
END_TEST

/* ---- the adjoint: <conv(x), y> = <x, conv^T(y)> with the same W and no bias ---- */

START_TEST(t_adjoint)
{
    const geom *t = &GEOMS[_i];
    gsl_rng *r = ae_rng_alloc(200 + (size_t)_i, AE_RNG_INIT);
    ae_conv *K = layer_for(t, 0, BATCH), *KT = layer_for(t, 1, BATCH);
    ae_conv_init(K, r, 1.0);
    gsl_matrix_memcpy(KT->W, K->W);
    ck_assert_uint_eq(K->in, KT->out);
    ck_assert_uint_eq(K->out, KT->in);
    gsl_matrix *x = gsl_matrix_alloc(BATCH, K->in), *y = gsl_matrix_alloc(BATCH, K->out);
    gsl_matrix *Kx = gsl_matrix_alloc(BATCH, K->out), *KTy = gsl_matrix_alloc(BATCH, K->in);
    fill_uniform(x, r, -1, 1);
    fill_uniform(y, r, -1, 1);
    ae_conv_forward(Kx, x, K);
    ae_conv_forward(KTy, y, KT);
    double lhs = dot(y, Kx), rhs = dot(x, KTy);
    ck_assert_msg(fabs(lhs - rhs) <= TOL_EXACT * fmax(1.0, fabs(lhs)),
                  "<conv(x), y> = %.17g but <x, convT(y)> = %.17g", lhs, rhs);
    /* and the transposed layer's backward for dX is the convolution itself */
    gsl_matrix *dx = gsl_matrix_alloc(BATCH, KT->in);
    ae_conv_backward(dx, KT, x, y);
    for (size_t i = 0; i < BATCH * K->out; i++)
        ck_assert_msg(fabs(dx->data[i] - Kx->data[i]) <= TOL_EXACT * (1 + fabs(Kx->data[i])),
                      "convT backward dX vs conv forward at %zu: %.15g vs %.15g", i, dx->data[i],
                      Kx->data[i]);
    ae_conv_free(K);
    ae_conv_free(KT);
    gsl_matrix_free(x);
    gsl_matrix_free(y);
    gsl_matrix_free(Kx);
    gsl_matrix_free(KTy);
    gsl_matrix_free(dx);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_im2col_adjoint)
{
    /* col2im is the transpose of im2col: <im2col(x), C> = <x, col2im(C)> */
    const geom *t = &GEOMS[_i];
    gsl_rng *r = ae_rng_alloc(300 + (size_t)_i, AE_RNG_DATA);
    ae_conv_geom g = ae_conv_geom_make(t->c, t->h, t->w, t->oc, t->k, t->stride, t->pad);
    size_t n = g.c * g.h * g.w;
    gsl_matrix *x = gsl_matrix_alloc(1, n), *back = gsl_matrix_calloc(1, n);
    gsl_matrix *col = gsl_matrix_alloc(g.c * g.k * g.k, g.oh * g.ow);
    gsl_matrix *C = gsl_matrix_alloc(col->size1, col->size2);
    fill_uniform(x, r, -1, 1);
    fill_uniform(C, r, -1, 1);
    ae_im2col(col, x->data, &g);
    ae_col2im(back->data, C, &g);
    double lhs = dot(C, col), rhs = dot(x, back);
    ck_assert_msg(fabs(lhs - rhs) <= TOL_EXACT * fmax(1.0, fabs(lhs)),
                  "<im2col(x), C> = %.17g but <x, col2im(C)> = %.17g", lhs, rhs);
    gsl_matrix_free(x);
    gsl_matrix_free(back);
    gsl_matrix_free(col);
    gsl_matrix_free(C);
    gsl_rng_free(r);
}
END_TEST

/* ---- max-pooling and upsampling ---- */

typedef struct {
    ae_maxpool *P;
    size_t c, h, w, f;     /* upsampling when P is NULL */
    gsl_matrix *X, *Y, *C;
} pool_ctx;

static double pool_loss(void *p)
{
    pool_ctx *c = p;
    if (c->P)
        ae_maxpool_forward(c->Y, c->P, c->X);
    else
        ae_upsample_forward(c->Y, c->X, c->c, c->h, c->w, c->f);
    return dot(c->C, c->Y);
}

/* Distinct inputs, at least 0.01 apart, in random order: no ties, no switch under +-h. */
static void fill_distinct(gsl_matrix *X, gsl_rng *r)
{
    size_t n = X->size1 * X->size2;
    for (size_t i = 0; i < n; i++)
        X->data[i] = 0.01 * (double)i - 0.005 * (double)n;
    gsl_ran_shuffle(r, X->data, n, sizeof(double));
}

START_TEST(t_maxpool_gradcheck)
{
    static const size_t shapes[][4] = {{2, 6, 6, 2}, {3, 7, 5, 2}, {1, 7, 7, 3}, {2, 4, 5, 4}};
    const size_t *s = shapes[_i];
    gsl_rng *r = ae_rng_alloc(400 + (size_t)_i, AE_RNG_DATA);
    pool_ctx c = {.P = ae_maxpool_alloc(s[0], s[1], s[2], s[3], BATCH)};
    c.X = gsl_matrix_alloc(BATCH, c.P->in);
    c.Y = gsl_matrix_alloc(BATCH, c.P->out);
    c.C = gsl_matrix_alloc(BATCH, c.P->out);
    gsl_matrix *dX = gsl_matrix_alloc(BATCH, c.P->in);
    fill_distinct(c.X, r);
    fill_uniform(c.C, r, -1, 1);
    pool_loss(&c);
    gsl_matrix_set_all(dX, 99.0);
    ae_maxpool_backward(dX, c.P, c.C);
    ae_gc_result res = ae_gradcheck(pool_loss, &c, c.X->data, dX->data, BATCH * c.P->in, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "maxpool dX");
    /* every output is the input its argmax names */
    pool_loss(&c);
    for (size_t n = 0; n < BATCH; n++)
        for (size_t o = 0; o < c.P->out; o++)
            ck_assert_double_eq(gsl_matrix_get(c.Y, n, o), gsl_matrix_get(c.X, n, c.P->argmax[n * c.P->out + o]));
    ae_maxpool_free(c.P);
    gsl_matrix_free(c.X);
    gsl_matrix_free(c.Y);
    gsl_matrix_free(c.C);
    gsl_matrix_free(dX);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_upsample_gradcheck)
{
    static const size_t shapes[][4] = {{2, 3, 4, 2}, {1, 5, 3, 3}, {3, 2, 2, 1}};
    const size_t *s = shapes[_i];
    gsl_rng *r = ae_rng_alloc(500 + (size_t)_i, AE_RNG_DATA);
    size_t in = s[0] * s[1] * s[2], out = in * s[3] * s[3];
    pool_ctx c = {.c = s[0], .h = s[1], .w = s[2], .f = s[3]};
    c.X = gsl_matrix_alloc(BATCH, in);
    c.Y = gsl_matrix_alloc(BATCH, out);
    c.C = gsl_matrix_alloc(BATCH, out);
    gsl_matrix *dX = gsl_matrix_alloc(BATCH, in);
    fill_uniform(c.X, r, -1, 1);
    fill_uniform(c.C, r, -1, 1);
    gsl_matrix_set_all(dX, 99.0);
    ae_upsample_backward(dX, c.C, c.c, c.h, c.w, c.f);
    ae_gc_result res = ae_gradcheck(pool_loss, &c, c.X->data, dX->data, BATCH * in, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "upsample dX");
    /* the adjoint: <up(x), C> = <x, up^T(C)> */
    pool_loss(&c);
    double lhs = dot(c.C, c.Y), rhs = dot(c.X, dX);
    ck_assert_msg(fabs(lhs - rhs) <= TOL_EXACT * fmax(1.0, fabs(lhs)), "<up(x), y> = %.17g, <x, up^T(y)> = %.17g",
                  lhs, rhs);
    gsl_matrix_free(c.X);
    gsl_matrix_free(c.Y);
    gsl_matrix_free(c.C);
    gsl_matrix_free(dX);
    gsl_rng_free(r);
}
END_TEST

/* Max-unpooling with the switches of a pool's forward pass on distinct inputs: dL/dZ of
 * L = sum C o unpool(Z) against central differences, the adjoint <unpool(z), y> =
 * <z, unpool^T(y)>, and unpool(pool(x)) keeps each window's maximum in place, 0 elsewhere. */
typedef struct {
    ae_maxpool *P;
    gsl_matrix *Z, *Y, *C;
} unpool_ctx;

static double unpool_loss(void *p)
{
    unpool_ctx *c = p;
    ae_maxunpool_forward(c->Y, c->P, c->Z);
    return dot(c->C, c->Y);
}

START_TEST(t_maxunpool_gradcheck)
{
    static const size_t shapes[][4] = {{2, 6, 6, 2}, {3, 7, 5, 2}, {1, 7, 7, 3}, {2, 4, 5, 4}};
    const size_t *s = shapes[_i];
    gsl_rng *r = ae_rng_alloc(450 + (size_t)_i, AE_RNG_DATA);
    unpool_ctx c = {.P = ae_maxpool_alloc(s[0], s[1], s[2], s[3], BATCH)};
    gsl_matrix *X = gsl_matrix_alloc(BATCH, c.P->in), *pooled = gsl_matrix_alloc(BATCH, c.P->out);
    c.Z = gsl_matrix_alloc(BATCH, c.P->out);
    c.Y = gsl_matrix_alloc(BATCH, c.P->in);
    c.C = gsl_matrix_alloc(BATCH, c.P->in);
    gsl_matrix *dZ = gsl_matrix_alloc(BATCH, c.P->out);
    fill_distinct(X, r);
    ae_maxpool_forward(pooled, c.P, X);   /* the switches */
    fill_uniform(c.Z, r, -1, 1);
    fill_uniform(c.C, r, -1, 1);
    gsl_matrix_set_all(dZ, 99.0);
    ae_maxunpool_backward(dZ, c.P, c.C);
    ae_gc_result res = ae_gradcheck(unpool_loss, &c, c.Z->data, dZ->data, BATCH * c.P->out, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_OP, "maxunpool dZ");
    unpool_loss(&c);
    double lhs = dot(c.C, c.Y), rhs = dot(c.Z, dZ);
    ck_assert_msg(fabs(lhs - rhs) <= TOL_EXACT * fmax(1.0, fabs(lhs)),
                  "<unpool(z), y> = %.17g, <z, unpool^T(y)> = %.17g", lhs, rhs);
    ae_maxunpool_forward(c.Y, c.P, pooled);
    gsl_matrix *want = gsl_matrix_calloc(BATCH, c.P->in);
    for (size_t n = 0; n < BATCH; n++)
        for (size_t o = 0; o < c.P->out; o++) {
            size_t at = c.P->argmax[n * c.P->out + o];
            gsl_matrix_set(want, n, at, gsl_matrix_get(X, n, at));
        }
    ck_assert(gsl_matrix_equal(want, c.Y));
    gsl_matrix_free(want);
    ae_maxpool_free(c.P);
    gsl_matrix_free(X);
    gsl_matrix_free(pooled);
    gsl_matrix_free(c.Z);
    gsl_matrix_free(c.Y);
    gsl_matrix_free(c.C);
    gsl_matrix_free(dZ);
    gsl_rng_free(r);
}
END_TEST

/* ---- views and chunks: the same numbers whatever the layout ---- */

START_TEST(t_chunks_agree)
{
    /* one image per GEMM and all of them in one GEMM give the same Y, dX, dW, db */
    const geom *t = &GEOMS[1];
    gsl_rng *r = ae_rng_alloc(600, AE_RNG_INIT);
    for (int transposed = 0; transposed < 2; transposed++) {
        ae_conv *A = layer_for(t, transposed, BATCH), *B1 = layer_for(t, transposed, BATCH);
        ck_assert_uint_eq(A->chunk, BATCH);
        B1->chunk = 1;
        ae_conv_init(A, r, 1.0);
        gsl_matrix_memcpy(B1->W, A->W);
        gsl_matrix *X = gsl_matrix_alloc(BATCH, A->in), *dY = gsl_matrix_alloc(BATCH, A->out);
        gsl_matrix *Ya = gsl_matrix_alloc(BATCH, A->out), *Yb = gsl_matrix_alloc(BATCH, A->out);
        gsl_matrix *dXa = gsl_matrix_alloc(BATCH, A->in), *dXb = gsl_matrix_alloc(BATCH, A->in);
        fill_uniform(X, r, -1, 1);
        fill_uniform(dY, r, -1, 1);
        ae_conv_forward(Ya, X, A);
        ae_conv_forward(Yb, X, B1);
        ae_conv_backward(dXa, A, dY, X);
        ae_conv_backward(dXb, B1, dY, X);
        const double *pa[] = {Ya->data, dXa->data, A->dW->data, A->db->data};
        const double *pb[] = {Yb->data, dXb->data, B1->dW->data, B1->db->data};
        size_t n[] = {BATCH * A->out, BATCH * A->in, A->dW->size1 * A->dW->size2, A->db->size};
        for (size_t k = 0; k < 4; k++)
            for (size_t i = 0; i < n[k]; i++)
                ck_assert_msg(fabs(pa[k][i] - pb[k][i]) <= TOL_EXACT * (1 + fabs(pa[k][i])),
                              "%s: quantity %zu entry %zu: %.15g (one GEMM) vs %.15g (one per image)",
                              transposed ? "convT" : "conv", k, i, pa[k][i], pb[k][i]);
        ae_conv_free(A);
        ae_conv_free(B1);
        gsl_matrix *m[] = {X, dY, Ya, Yb, dXa, dXb};
        for (size_t k = 0; k < 6; k++)
            gsl_matrix_free(m[k]);
    }
    gsl_rng_free(r);
}
END_TEST

/* a and b agree to rounding (n entries), else a message naming the geometry and the entry */
static void assert_close(const double *a, const double *b, size_t n, int t, const char *what)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(a[i] - b[i]) <= TOL_EXACT * (1 + fabs(b[i])),
                      "geometry %d, %s[%zu]: %.17g (fast) vs %.17g (plain)", t, what, i, a[i], b[i]);
}

START_TEST(t_plain_agrees)
{
    /* lib/conv.c (chunks of images per GEMM, the flipped twin when oc < c) against
     * lib/conv_plain.c ((3.2)-(3.6), one image per GEMM), on inputs in views: the
     * convolution's forward and backward passes, and the transposed convolution's forward */
    const geom *t = &GEOMS[_i];
    gsl_rng *r = ae_rng_alloc(650 + (size_t)_i, AE_RNG_INIT);
    ae_conv *L = layer_for(t, 0, BATCH);
    ck_assert(_i != 7 || L->back != NULL);   /* geometries 7 and 8 take the twin */
    conv_ctx c = conv_ctx_make(L, BATCH, r);
    gsl_matrix *Yp = gsl_matrix_alloc(BATCH, L->out), *dX = gsl_matrix_alloc(BATCH, L->in);
    gsl_matrix *dXp = gsl_matrix_alloc(BATCH, L->in), *dW = gsl_matrix_alloc(L->dW->size1, L->dW->size2);
    gsl_vector *db = gsl_vector_alloc(L->db->size);
    ae_conv_forward(&c.Y.matrix, &c.X.matrix, L);
    ae_conv_forward_plain(Yp, &c.X.matrix, L);
    for (size_t n = 0; n < BATCH; n++) {
        gsl_vector_view fast = gsl_matrix_row(&c.Y.matrix, n), plain = gsl_matrix_row(Yp, n);
        assert_close(fast.vector.data, plain.vector.data, L->out, _i, "forward");
    }
    gsl_matrix_set_zero(L->dW);
    gsl_vector_set_zero(L->db);
    ae_conv_backward(dX, L, c.C, &c.X.matrix);
    gsl_matrix_memcpy(dW, L->dW);
    gsl_vector_memcpy(db, L->db);
    gsl_matrix_set_zero(L->dW);
    gsl_vector_set_zero(L->db);
    ae_conv_backward_plain(dXp, L, c.C, &c.X.matrix);
    assert_close(dX->data, dXp->data, BATCH * L->in, _i, "backward dX");
    assert_close(dW->data, L->dW->data, dW->size1 * dW->size2, _i, "backward dW");
    assert_close(db->data, L->db->data, db->size, _i, "backward db");
    gsl_matrix_free(Yp);
    gsl_matrix_free(dX);
    gsl_matrix_free(dXp);
    gsl_matrix_free(dW);
    gsl_vector_free(db);
    conv_ctx_free(&c);

    ae_conv *T = layer_for(t, 1, BATCH);   /* the transpose of geometry t */
    c = conv_ctx_make(T, BATCH, r);
    Yp = gsl_matrix_alloc(BATCH, T->out);
    ae_conv_forward(&c.Y.matrix, &c.X.matrix, T);
    ae_convt_forward_plain(Yp, &c.X.matrix, T);
    for (size_t n = 0; n < BATCH; n++) {
        gsl_vector_view fast = gsl_matrix_row(&c.Y.matrix, n), plain = gsl_matrix_row(Yp, n);
        assert_close(fast.vector.data, plain.vector.data, T->out, _i, "transposed forward");
    }
    gsl_matrix_free(Yp);
    conv_ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_views_untouched)
{
    /* forward into a view leaves the parent's other columns alone */
    gsl_rng *r = ae_rng_alloc(700, AE_RNG_INIT);
    ae_conv *L = layer_for(&GEOMS[0], 0, BATCH);
    conv_ctx c = conv_ctx_make(L, BATCH, r);
    gsl_matrix_set_all(c.Yp, -7.0);
    conv_loss(&c);
    for (size_t n = 0; n < BATCH; n++)
        for (size_t j = 0; j < c.Yp->size2; j++)
            if (j < 2 || j >= 2 + L->out)
                ck_assert_double_eq(gsl_matrix_get(c.Yp, n, j), -7.0);
    conv_ctx_free(&c);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_init)
{
    /* W ~ N(0, scale^2 / fan_in), fan_in = c k k (conv) or c k k / s^2 (transposed) */
    gsl_rng *r = ae_rng_alloc(8, AE_RNG_INIT);
    ae_conv *L[2] = {ae_conv_alloc(16, 10, 10, 32, 3, 1, 1, 1), ae_convt_alloc(16, 5, 5, 32, 10, 10, 3, 2, 1, 1)};
    /* conv: W is 32 x (16 k k); transposed: W is 16 x (32 k k), 9/4 taps per output on average */
    const double fan_in[2] = {16 * 9, 32 * 9 / 4.0};
    for (size_t t = 0; t < 2; t++) {
        gsl_vector_set_all(L[t]->b, 1.0);
        ae_conv_init(L[t], r, sqrt(2.0));
        ck_assert(gsl_vector_isnull(L[t]->b));
        size_t n = L[t]->W->size1 * L[t]->W->size2;
        double s2 = 0.0;
        for (size_t i = 0; i < n; i++)
            s2 += L[t]->W->data[i] * L[t]->W->data[i];
        double want = 2.0 / fan_in[t];
        ck_assert_msg(fabs(s2 / (double)n - want) < 5 * want * sqrt(2.0 / (double)n),
                      "layer %zu: variance %g, want %g", t, s2 / (double)n, want);
        ae_conv_free(L[t]);
    }
    gsl_rng_free(r);
}
END_TEST

/* ---- a whole convolutional autoencoder, end to end ---- */

typedef struct {
    ae_convnet *enc, *dec;
    gsl_matrix *X, *T;   /* input and target (equal to begin with; X is perturbed alone) */
} model_ctx;

static double model_loss(void *p)
{
    model_ctx *m = p;
    const gsl_matrix *Z = ae_convnet_forward(m->enc, m->X);
    const gsl_matrix *A = ae_convnet_forward(m->dec, Z);
    return ae_loss_bce_logits(NULL, A, m->T);
}

START_TEST(t_model_gradcheck)
{
    /* a small conv AE with every kind of layer:
     * 1x9x9 -> conv4 relu -> pool2 (5x5, cut short) -> conv2 s2 tanh (3x3)
     *       -> convT4 s2 relu (5x5) -> up2 (10x10) -> conv1 k2 valid (9x9) -> BCE */
    static const ae_convnet_layer enc[] = {
        {AE_CONV, 4, 3, 1, 1, 0, 0, AE_RELU},
        {AE_MAXPOOL, 0, 2, 0, 0, 0, 0, AE_IDENTITY},
        {AE_CONV, 2, 3, 2, 1, 0, 0, AE_TANH},
    };
    static const ae_convnet_layer dec[] = {
        {AE_CONVT, 4, 3, 2, 1, 5, 5, AE_RELU},
        {AE_UPSAMPLE, 0, 2, 0, 0, 0, 0, AE_IDENTITY},
        {AE_CONV, 1, 2, 1, 0, 0, 0, AE_IDENTITY},
    };
    enum { NB = 3 };
    gsl_rng *r = ae_rng_alloc(10, AE_RNG_INIT);
    model_ctx m = {ae_convnet_alloc(1, 9, 9, 3, enc, NB), ae_convnet_alloc(2, 3, 3, 3, dec, NB),
                   gsl_matrix_alloc(NB, 81), gsl_matrix_alloc(NB, 81)};
    ck_assert_uint_eq(m.enc->size[3], 2 * 3 * 3);
    ck_assert_uint_eq(m.dec->size[3], 81);
    ck_assert_uint_eq(ae_convnet_nparams(m.enc), 4 * 9 + 4 + 2 * 36 + 2);
    ae_convnet *nets[2] = {m.enc, m.dec};
    for (size_t k = 0; k < 2; k++) {
        ae_convnet_init(nets[k], r, 1.0);
        for (size_t i = 0; i < 3; i++)   /* biases away from 0: no relu input sits on its kink */
            for (size_t j = 0; nets[k]->conv[i] && j < nets[k]->conv[i]->b->size; j++)
                gsl_vector_set(nets[k]->conv[i]->b, j, ae_rng_uniform(r, 0.05, 0.2));
    }
    fill_uniform(m.X, r, 0, 1);
    gsl_matrix_memcpy(m.T, m.X);

    gsl_matrix *dA = gsl_matrix_alloc(NB, 81), *dX = gsl_matrix_alloc(NB, 81);
    const gsl_matrix *A = ae_convnet_forward(m.dec, ae_convnet_forward(m.enc, m.X));
    ae_loss_bce_logits(dA, A, m.T);
    const gsl_matrix *dZ = ae_convnet_backward(m.dec, dA, AE_WANT_DX);
    gsl_matrix_memcpy(dX, ae_convnet_backward(m.enc, dZ, AE_WANT_DX));
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < 3; i++) {
            ae_conv *L = nets[k]->conv[i];
            if (!L)
                continue;
            char what[64];
            snprintf(what, sizeof what, "%s layer %zu dW", k ? "decoder" : "encoder", i + 1);
            ae_gc_result res = ae_gradcheck(model_loss, &m, L->W->data, L->dW->data,
                                            L->W->size1 * L->W->size2, AE_GC_STEP);
            ck_assert_gradcheck(res, TOL_MODEL, what);
            snprintf(what, sizeof what, "%s layer %zu db", k ? "decoder" : "encoder", i + 1);
            res = ae_gradcheck(model_loss, &m, L->b->data, L->db->data, L->b->size, AE_GC_STEP);
            ck_assert_gradcheck(res, TOL_MODEL, what);
        }
    ae_gc_result res = ae_gradcheck(model_loss, &m, m.X->data, dX->data, NB * 81, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_MODEL, "model dX");
    /* without dX, the encoder gives NULL */
    ck_assert_ptr_null(ae_convnet_backward(m.enc, dZ, AE_SKIP_DX));

    ae_convnet_free(m.enc);
    ae_convnet_free(m.dec);
    gsl_matrix_free(m.X);
    gsl_matrix_free(m.T);
    gsl_matrix_free(dA);
    gsl_matrix_free(dX);
    gsl_rng_free(r);
}
END_TEST

/* Biases away from 0 (no relu input on its kink), inputs in [0, 1], target = input. */
static void model_setup(ae_convnet *const nets[2], gsl_matrix *X, gsl_matrix *T, gsl_rng *r)
{
    for (size_t k = 0; k < 2; k++) {
        ae_convnet_init(nets[k], r, 1.0);
        for (size_t i = 0; i < nets[k]->nlayers; i++)
            for (size_t j = 0; nets[k]->conv[i] && j < nets[k]->conv[i]->b->size; j++)
                gsl_vector_set(nets[k]->conv[i]->b, j, ae_rng_uniform(r, 0.05, 0.2));
    }
    fill_uniform(X, r, 0, 1);
    gsl_matrix_memcpy(T, X);
}

START_TEST(t_model_unpool_gradcheck)
{
    /* a small conv AE whose decoder unpools with the encoder's switches (SegNet's decoder):
     * 1x9x9 -> conv3 relu -> pool2 (3x5x5, cut short) -> conv2 tanh
     *       -> conv3 relu -> unpool2 with the pool's switches (3x9x9) -> conv1 -> BCE.
     * Every W, b and dX by central differences: inputs spread enough that no switch moves under +-h. */
    static const ae_convnet_layer enc[] = {
        {AE_CONV, 3, 3, 1, 1, 0, 0, AE_RELU},
        {AE_MAXPOOL, 0, 2, 0, 0, 0, 0, AE_IDENTITY},
        {AE_CONV, 2, 3, 1, 1, 0, 0, AE_TANH},
    };
    static const ae_convnet_layer dec[] = {
        {AE_CONV, 3, 3, 1, 1, 0, 0, AE_RELU},
        {AE_UNPOOL, 0, 2, 0, 0, 9, 9, AE_IDENTITY},
        {AE_CONV, 1, 3, 1, 1, 0, 0, AE_IDENTITY},
    };
    enum { NB = 3 };
    gsl_rng *r = ae_rng_alloc(11, AE_RNG_INIT);
    model_ctx m = {ae_convnet_alloc(1, 9, 9, 3, enc, NB), ae_convnet_alloc(2, 5, 5, 3, dec, NB),
                   gsl_matrix_alloc(NB, 81), gsl_matrix_alloc(NB, 81)};
    ae_convnet_use_switches(m.dec, m.enc);
    ck_assert_ptr_eq(m.dec->switches[1], m.enc->pool[1]);
    ck_assert_uint_eq(m.dec->size[2], 3 * 81);
    ae_convnet *nets[2] = {m.enc, m.dec};
    model_setup(nets, m.X, m.T, r);
    gsl_matrix *dA = gsl_matrix_alloc(NB, 81), *dX = gsl_matrix_alloc(NB, 81);
    ae_loss_bce_logits(dA, ae_convnet_forward(m.dec, ae_convnet_forward(m.enc, m.X)), m.T);
    gsl_matrix_memcpy(dX, ae_convnet_backward(m.enc, ae_convnet_backward(m.dec, dA, AE_WANT_DX), AE_WANT_DX));
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < 3; i++) {
            ae_conv *L = nets[k]->conv[i];
            if (!L)
                continue;
            char what[64];
            snprintf(what, sizeof what, "unpool model: %s layer %zu dW", k ? "decoder" : "encoder", i + 1);
            ae_gc_result res = ae_gradcheck(model_loss, &m, L->W->data, L->dW->data,
                                            L->W->size1 * L->W->size2, AE_GC_STEP);
            ck_assert_gradcheck(res, TOL_MODEL, what);
            snprintf(what, sizeof what, "unpool model: %s layer %zu db", k ? "decoder" : "encoder", i + 1);
            res = ae_gradcheck(model_loss, &m, L->b->data, L->db->data, L->b->size, AE_GC_STEP);
            ck_assert_gradcheck(res, TOL_MODEL, what);
        }
    ae_gc_result res = ae_gradcheck(model_loss, &m, m.X->data, dX->data, NB * 81, AE_GC_STEP);
    ck_assert_gradcheck(res, TOL_MODEL, "unpool model dX");
    ae_convnet_free(m.enc);
    ae_convnet_free(m.dec);
    gsl_matrix_free(m.X);
    gsl_matrix_free(m.T);
    gsl_matrix_free(dA);
    gsl_matrix_free(dX);
    gsl_rng_free(r);
}
END_TEST

/* lib/convae's two decoders of lesson 03's comparison: unpooling with the encoder's switches,
 * and transposed convolution in the last layer only, end to end through the lanes and
 * micro-batches, by central differences: every bias, and the first CONVAE_GC_W weights of
 * every decoder layer (the whole model is too slow here). Encoder weights would move the
 * switches (a jump in the unpooled output), biases never reorder a window's values. */
enum { CONVAE_GC_W = 24, CONVAE_GC_B = 2 };

typedef struct {
    ae_convae *m;
    gsl_matrix *X, *T;
} convae_ctx;

static double convae_loss(void *p)
{
    convae_ctx *c = p;
    return ae_loss_bce_logits(NULL, ae_convae_forward(c->m, c->X), c->T);
}

START_TEST(t_convae_gradcheck)
{
    const ae_convae_decoder kind[2] = {AE_CONVAE_UNPOOL, AE_CONVAE_LAST_TRANSPOSED};
    gsl_rng *r = ae_rng_alloc(960 + (size_t)_i, AE_RNG_INIT);
    convae_ctx c = {ae_convae_alloc(kind[_i], 8), gsl_matrix_alloc(CONVAE_GC_B, AE_CONVAE_D),
                    gsl_matrix_alloc(CONVAE_GC_B, AE_CONVAE_D)};
    ae_convnet *nets[2] = {c.m->enc, c.m->dec};
    model_setup(nets, c.X, c.T, r);
    gsl_matrix *dA = gsl_matrix_alloc(CONVAE_GC_B, AE_CONVAE_D);
    ae_convae_zero_grad(c.m);
    ae_loss_bce_logits(dA, ae_convae_forward(c.m, c.X), c.T);
    ae_convae_backward(c.m, dA);
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < nets[k]->nlayers; i++) {
            ae_conv *L = nets[k]->conv[i];
            if (!L)
                continue;
            char what[80];
            snprintf(what, sizeof what, "%s: %s layer %zu db", _i ? "last layer transposed" : "unpool",
                     k ? "decoder" : "encoder", i + 1);
            ae_gc_result res = ae_gradcheck(convae_loss, &c, L->b->data, L->db->data, L->b->size, AE_GC_STEP);
            ck_assert_gradcheck(res, TOL_MODEL, what);
            if (k == 0)
                continue;
            snprintf(what, sizeof what, "%s: decoder layer %zu dW", _i ? "last layer transposed" : "unpool", i + 1);
            res = ae_gradcheck(convae_loss, &c, L->W->data, L->dW->data, CONVAE_GC_W, AE_GC_STEP);
            ck_assert_gradcheck(res, TOL_MODEL, what);
        }
    ae_convae_free(c.m);
    gsl_matrix_free(c.X);
    gsl_matrix_free(c.T);
    gsl_matrix_free(dA);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_macs)
{
    /* conv 1 -> 4, k 3, 9 x 9: 4 x 9 weights at 81 pixels; conv 4 -> 2, k 3, s 2, 5 x 5 -> 3 x 3:
     * 2 x 36 at 9; backward twice forward, less the first layer's dX when it is skipped */
    static const ae_convnet_layer spec[] = {
        {AE_CONV, 4, 3, 1, 1, 0, 0, AE_RELU},
        {AE_MAXPOOL, 0, 2, 0, 0, 0, 0, AE_IDENTITY},
        {AE_CONV, 2, 3, 2, 1, 0, 0, AE_TANH},
    };
    ae_convnet *net = ae_convnet_alloc(1, 9, 9, 3, spec, 1);
    const double first = 4 * 9 * 81, second = 2 * 36 * 9;
    ck_assert_double_eq(ae_convnet_macs_forward(net), first + second);
    ck_assert_double_eq(ae_convnet_macs_train(net, AE_WANT_DX), 3 * (first + second));
    ck_assert_double_eq(ae_convnet_macs_train(net, AE_SKIP_DX), 3 * (first + second) - first);
    ae_convnet_free(net);
}
END_TEST

/* ---- two threads on one batch: replicas and lib/par ---- */

START_TEST(t_replica)
{
    /* a batch split between a layer (images 0, 1) and its replica (2 .. 4) gives the whole
     * batch's Y and dX and, with the replica's gradients added, its dW and db; for a
     * stride-2 convolution, the flipped twin (geometries 7, 8) and their transposes */
    static const size_t which[] = {1, 7, 8};
    gsl_rng *r = ae_rng_alloc(800, AE_RNG_INIT);
    for (size_t t = 0; t < 6; t++) {
        const geom *gm = &GEOMS[which[t % 3]];
        ae_conv *full = layer_for(gm, t >= 3, BATCH), *A = layer_for(gm, t >= 3, 2);
        ae_conv *R = ae_conv_alloc_replica(A, BATCH - 2);
        ck_assert_ptr_eq(R->W, A->W);
        ck_assert_ptr_eq(R->b, A->b);
        ae_conv_init(full, r, 1.0);
        fill_uniform(full->W, r, -1, 1);
        for (size_t i = 0; i < full->b->size; i++)
            gsl_vector_set(full->b, i, ae_rng_uniform(r, -1, 1));
        gsl_matrix_memcpy(A->W, full->W);
        gsl_vector_memcpy(A->b, full->b);
        gsl_matrix *X = gsl_matrix_alloc(BATCH, full->in), *dY = gsl_matrix_alloc(BATCH, full->out);
        gsl_matrix *Y = gsl_matrix_alloc(BATCH, full->out), *dX = gsl_matrix_alloc(BATCH, full->in);
        gsl_matrix *Ys = gsl_matrix_alloc(BATCH, full->out), *dXs = gsl_matrix_alloc(BATCH, full->in);
        fill_uniform(X, r, -1, 1);
        fill_uniform(dY, r, -1, 1);
        ae_conv_forward(Y, X, full);
        ae_conv_backward(dX, full, dY, X);
        ae_conv *part[2] = {A, R};
        for (size_t k = 0; k < 2; k++) {
            size_t first = k ? 2 : 0, rows = k ? BATCH - 2 : 2;
            gsl_matrix_view x = gsl_matrix_submatrix(X, first, 0, rows, full->in);
            gsl_matrix_view y = gsl_matrix_submatrix(Ys, first, 0, rows, full->out);
            gsl_matrix_view dy = gsl_matrix_submatrix(dY, first, 0, rows, full->out);
            gsl_matrix_view dx = gsl_matrix_submatrix(dXs, first, 0, rows, full->in);
            ae_conv_forward(&y.matrix, &x.matrix, part[k]);
            ae_conv_backward(&dx.matrix, part[k], &dy.matrix, &x.matrix);
        }
        gsl_matrix_add(A->dW, R->dW);
        gsl_vector_add(A->db, R->db);
        assert_values(Ys->data, Y->data, BATCH * full->out, "Y");
        assert_values(dXs->data, dX->data, BATCH * full->in, "dX");
        assert_values(A->dW->data, full->dW->data, full->dW->size1 * full->dW->size2, "dW");
        assert_values(A->db->data, full->db->data, full->db->size, "db");
        ae_conv_free(R);   /* leaves A's W and b alone */
        ck_assert_double_eq(gsl_matrix_get(A->W, 0, 0), gsl_matrix_get(full->W, 0, 0));
        ae_conv_free(A);
        ae_conv_free(full);
        gsl_matrix *m[] = {X, dY, Y, dX, Ys, dXs};
        for (size_t k = 0; k < 6; k++)
            gsl_matrix_free(m[k]);
    }
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_convnet_replica)
{
    /* a stack and its replica on 2 + 2 images: the 4-image gradients, once added */
    static const ae_convnet_layer spec[] = {
        {AE_CONV, 4, 3, 1, 1, 0, 0, AE_RELU},
        {AE_MAXPOOL, 0, 2, 0, 0, 0, 0, AE_IDENTITY},
        {AE_CONV, 2, 3, 1, 1, 0, 0, AE_TANH},
        {AE_UPSAMPLE, 0, 2, 0, 0, 0, 0, AE_IDENTITY},
    };
    gsl_rng *r = ae_rng_alloc(900, AE_RNG_INIT);
    ae_convnet *full = ae_convnet_alloc(1, 6, 6, 4, spec, 4), *net = ae_convnet_alloc(1, 6, 6, 4, spec, 2);
    ae_convnet *rep = ae_convnet_alloc_replica(net, 2);
    ae_convnet_init(full, r, 1.0);
    for (size_t i = 0; i < 4; i++)
        if (full->conv[i]) {
            gsl_matrix_memcpy(net->conv[i]->W, full->conv[i]->W);
            gsl_vector_set_all(rep->conv[i]->b, 0.1);   /* rep writes net's b: they are one */
        }
    ck_assert_double_eq(gsl_vector_get(net->conv[2]->b, 1), 0.1);
    for (size_t i = 0; i < 4; i++)
        if (full->conv[i])
            gsl_vector_set_all(full->conv[i]->b, 0.1);
    gsl_matrix *X = gsl_matrix_alloc(4, 36), *dY = gsl_matrix_alloc(4, full->size[4]);
    fill_uniform(X, r, -1, 1);
    fill_uniform(dY, r, -1, 1);
    ae_convnet_forward(full, X);
    ae_convnet_backward(full, dY, AE_SKIP_DX);
    ae_convnet *part[2] = {net, rep};
    for (size_t k = 0; k < 2; k++) {
        gsl_matrix_view x = gsl_matrix_submatrix(X, 2 * k, 0, 2, 36);
        gsl_matrix_view dy = gsl_matrix_submatrix(dY, 2 * k, 0, 2, full->size[4]);
        ae_convnet_zero_grad(part[k]);
        ae_convnet_forward(part[k], &x.matrix);
        ae_convnet_backward(part[k], &dy.matrix, AE_SKIP_DX);
    }
    ae_convnet_add_grad(net, rep);
    for (size_t i = 0; i < 4; i++)
        if (full->conv[i]) {
            const ae_conv *a = net->conv[i], *b = full->conv[i];
            assert_values(a->dW->data, b->dW->data, b->dW->size1 * b->dW->size2, "stack dW");
            assert_values(a->db->data, b->db->data, b->db->size, "stack db");
        }
    ae_convnet_free(rep);
    ae_convnet_free(net);
    ae_convnet_free(full);
    gsl_matrix_free(X);
    gsl_matrix_free(dY);
    gsl_rng_free(r);
}
END_TEST

START_TEST(t_convae)
{
    /* lib/convae's lanes and micro-batches give the logits and gradients of one pass of
     * its stacks over the whole batch (10 images: lanes of 8 and 2, a short micro-batch) */
    enum { NB = 10 };
    gsl_rng *r = ae_rng_alloc(950, AE_RNG_INIT);
    for (int d = AE_CONVAE_RESIZE; d <= AE_CONVAE_LAST_TRANSPOSED; d++) {
        ae_convae *m = ae_convae_alloc((ae_convae_decoder)d, NB);
        ae_convae_init(m, r);
        ae_convnet *whole[2] = {ae_convnet_alloc(1, 28, 28, m->enc->nlayers, m->enc->spec, NB),
                                ae_convnet_alloc(8, 4, 4, m->dec->nlayers, m->dec->spec, NB)};
        if (d == AE_CONVAE_UNPOOL)
            ae_convnet_use_switches(whole[1], whole[0]);
        const ae_convnet *part[2] = {m->enc, m->dec};
        for (size_t k = 0; k < 2; k++)
            for (size_t i = 0; i < part[k]->nlayers; i++)
                if (part[k]->conv[i]) {
                    gsl_matrix_memcpy(whole[k]->conv[i]->W, part[k]->conv[i]->W);
                    gsl_vector_set_all(part[k]->conv[i]->b, 0.01 * (double)i);
                    gsl_vector_memcpy(whole[k]->conv[i]->b, part[k]->conv[i]->b);
                }
        ck_assert_uint_eq(ae_convae_nparams(m), 4385);
        gsl_matrix *X = gsl_matrix_alloc(NB, AE_CONVAE_D), *dA = gsl_matrix_alloc(NB, AE_CONVAE_D);
        fill_uniform(X, r, 0, 1);
        fill_uniform(dA, r, -1, 1);
        ae_convae_zero_grad(m);
        const gsl_matrix *A = ae_convae_forward(m, X);
        ae_convae_backward(m, dA);
        const gsl_matrix *Aw = ae_convnet_forward(whole[1], ae_convnet_forward(whole[0], X));
        assert_values(A->data, Aw->data, NB * AE_CONVAE_D, "logits");
        ae_convnet_backward(whole[0], ae_convnet_backward(whole[1], dA, AE_WANT_DX), AE_SKIP_DX);
        for (size_t k = 0; k < 2; k++)
            for (size_t i = 0; i < part[k]->nlayers; i++)
                if (part[k]->conv[i]) {
                    const ae_conv *a = part[k]->conv[i], *b = whole[k]->conv[i];
                    assert_values(a->dW->data, b->dW->data, b->dW->size1 * b->dW->size2, "convae dW");
                    assert_values(a->db->data, b->db->data, b->db->size, "convae db");
                }
        ae_convnet_free(whole[0]);
        ae_convnet_free(whole[1]);
        ae_convae_free(m);
        gsl_matrix_free(X);
        gsl_matrix_free(dA);
    }
    gsl_rng_free(r);
}
END_TEST

static void count_piece(void *ctx, size_t i)
{
    ((int *)ctx)[i]++;
}

extern int openblas_get_num_threads(void) __attribute__((weak));
extern void openblas_set_num_threads(int n) __attribute__((weak));

/* A piece that records the thread it ran on; piece 0 takes a while, so the other thread
 * (which takes the next piece when it is free) does most of the others. */
typedef struct {
    int hits[40];
    pthread_t who[40];
} par_record;

static void record_piece(void *ctx, size_t i)
{
    par_record *r = ctx;
    if (i == 0)
        nanosleep(&(struct timespec){0, 20000000}, NULL);   /* 20 ms */
    r->hits[i]++;
    r->who[i] = pthread_self();
}

START_TEST(t_par_run)
{
    /* every piece runs exactly once, whatever the threads */
    int hits[7] = {0};
    ae_par_run(7, count_piece, hits);
    for (size_t i = 0; i < 7; i++)
        ck_assert_int_eq(hits[i], 1);
    ae_par_run(0, count_piece, hits);
    ck_assert_int_eq(hits[0], 1);
    ck_assert_uint_ge(ae_par_threads(), 1);
    ck_assert_uint_le(ae_par_threads(), AE_PAR_MAX_THREADS);
    if (!openblas_set_num_threads)
        return;
    /* on two threads: each piece once, on one of two threads; OpenBLAS's threads restored */
    int before = openblas_get_num_threads();
    openblas_set_num_threads(2);
    par_record r = {0};
    ae_par_run(40, record_piece, &r);
    size_t other = 0;
    for (size_t i = 0; i < 40; i++) {
        ck_assert_int_eq(r.hits[i], 1);
        other += !pthread_equal(r.who[i], r.who[0]);
    }
    ck_assert_uint_ge(other, 1);   /* the second thread worked */
    ck_assert_int_eq(openblas_get_num_threads(), 2);
    openblas_set_num_threads(before);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("conv");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, t_im2col_values);
    tcase_add_test(tc, t_conv_values);
    tcase_add_test(tc, t_conv_channels_values);
    tcase_add_test(tc, t_convt_values);
    tcase_add_test(tc, t_pool_up_values);
    tcase_add_test(tc, t_init);
    tcase_add_test(tc, t_views_untouched);
    tcase_add_test(tc, t_chunks_agree);
    tcase_add_loop_test(tc, t_plain_agrees, 0, NGEOMS);
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_loop_test(tc, t_conv_gradcheck, 0, NGEOMS);
    tcase_add_loop_test(tc, t_convt_gradcheck, 0, NGEOMS);
    tcase_add_loop_test(tc, t_maxpool_gradcheck, 0, 4);
    tcase_add_loop_test(tc, t_upsample_gradcheck, 0, 3);
    tcase_add_loop_test(tc, t_maxunpool_gradcheck, 0, 4);
    suite_add_tcase(s, tc);
    tc = tcase_create("adjoint");
    tcase_add_loop_test(tc, t_adjoint, 0, NGEOMS);
    tcase_add_loop_test(tc, t_im2col_adjoint, 0, NGEOMS);
    suite_add_tcase(s, tc);
    tc = tcase_create("model");
    tcase_add_test(tc, t_model_gradcheck);
    tcase_add_test(tc, t_model_unpool_gradcheck);
    tcase_add_loop_test(tc, t_convae_gradcheck, 0, 2);
    tcase_add_test(tc, t_macs);
    suite_add_tcase(s, tc);
    tc = tcase_create("threads");
    tcase_add_test(tc, t_replica);
    tcase_add_test(tc, t_convnet_replica);
    tcase_add_test(tc, t_convae);
    tcase_add_test(tc, t_par_run);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
