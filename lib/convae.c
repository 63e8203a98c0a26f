/* convae — the Keras-blog convolutional autoencoder, in lanes and micro-batches. See convae.h. */
#include "convae.h"

#include <stdlib.h>

#include "err.h"
#include "par.h"

/* BOOK: convae_layers */
static const ae_convnet_layer CONVAE_ENCODER[] = {
    /* kind      c   k  s  p         activation     output */
    {AE_CONV,    16, 3, 1, 1, 0, 0,  AE_RELU},      /* 16x28x28 */
    {AE_MAXPOOL, 0,  2, 0, 0, 0, 0,  AE_IDENTITY},  /* 16x14x14 */
    {AE_CONV,    8,  3, 1, 1, 0, 0,  AE_RELU},      /* 8x14x14 */
    {AE_MAXPOOL, 0,  2, 0, 0, 0, 0,  AE_IDENTITY},  /* 8x7x7 */
    {AE_CONV,    8,  3, 1, 1, 0, 0,  AE_RELU},      /* 8x7x7 */
    {AE_MAXPOOL, 0,  2, 0, 0, 0, 0,  AE_IDENTITY},  /* 8x4x4: the code */
};
static const ae_convnet_layer CONVAE_DECODER_RESIZE[] = {
    {AE_CONV,     8, 3, 1, 1, 0, 0,  AE_RELU},      /* 8x4x4 */
    {AE_UPSAMPLE, 0, 2, 0, 0, 0, 0,  AE_IDENTITY},  /* 8x8x8 */
    {AE_CONV,     8, 3, 1, 1, 0, 0,  AE_RELU},      /* 8x8x8 */
    {AE_UPSAMPLE, 0, 2, 0, 0, 0, 0,  AE_IDENTITY},  /* 8x16x16 */
    {AE_CONV,     16, 3, 1, 0, 0, 0, AE_RELU},      /* 16x14x14 ('valid') */
    {AE_UPSAMPLE, 0, 2, 0, 0, 0, 0,  AE_IDENTITY},  /* 16x28x28 */
    {AE_CONV,     1, 3, 1, 1, 0, 0,  AE_IDENTITY},  /* 1x28x28 logits */
};
static const ae_convnet_layer CONVAE_DECODER_TRANSPOSED[] = {
    /* kind      c   k  s  p  output h, w */
    {AE_CONV,    8,  3, 1, 1, 0,  0,  AE_RELU},     /* 8x4x4 */
    {AE_CONVT,   8,  3, 2, 1, 8,  8,  AE_RELU},     /* 8x8x8 */
    {AE_CONVT,   16, 3, 2, 2, 14, 14, AE_RELU},     /* 16x14x14 */
    {AE_CONVT,   1,  3, 2, 1, 28, 28, AE_IDENTITY}, /* 1x28x28 logits */
};
/* END BOOK */
/* BOOK: convae_decoders_more */
static const ae_convnet_layer CONVAE_DECODER_UNPOOL[] = {
    /* kind      c   k  s  p  output h, w */
    {AE_CONV,    8,  3, 1, 1, 0,  0,  AE_RELU},     /* 8x4x4 */
    {AE_UNPOOL,  0,  2, 0, 0, 7,  7,  AE_IDENTITY}, /* 8x7x7: the third pool's switches */
    {AE_CONV,    8,  3, 1, 1, 0,  0,  AE_RELU},     /* 8x7x7 */
    {AE_UNPOOL,  0,  2, 0, 0, 14, 14, AE_IDENTITY}, /* 8x14x14: the second pool's */
    {AE_CONV,    16, 3, 1, 1, 0,  0,  AE_RELU},     /* 16x14x14 */
    {AE_UNPOOL,  0,  2, 0, 0, 28, 28, AE_IDENTITY}, /* 16x28x28: the first pool's */
    {AE_CONV,    1,  3, 1, 1, 0,  0,  AE_IDENTITY}, /* 1x28x28 logits */
};
static const ae_convnet_layer CONVAE_DECODER_LAST_TRANSPOSED[] = {
    {AE_CONV,     8, 3, 1, 1, 0, 0,  AE_RELU},      /* 8x4x4 */
    {AE_UPSAMPLE, 0, 2, 0, 0, 0, 0,  AE_IDENTITY},  /* 8x8x8 */
    {AE_CONV,     8, 3, 1, 1, 0, 0,  AE_RELU},      /* 8x8x8 */
    {AE_UPSAMPLE, 0, 2, 0, 0, 0, 0,  AE_IDENTITY},  /* 8x16x16 */
    {AE_CONV,     16, 3, 1, 0, 0, 0, AE_RELU},      /* 16x14x14 ('valid') */
    {AE_CONVT,    1, 3, 2, 1, 28, 28, AE_IDENTITY}, /* 1x28x28 logits: transposed, the last only */
};
/* END BOOK */

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const struct {
    const ae_convnet_layer *spec;
    size_t n;
} decoders[] = {
    [AE_CONVAE_RESIZE] = {CONVAE_DECODER_RESIZE, COUNT(CONVAE_DECODER_RESIZE)},
    [AE_CONVAE_TRANSPOSED] = {CONVAE_DECODER_TRANSPOSED, COUNT(CONVAE_DECODER_TRANSPOSED)},
    [AE_CONVAE_UNPOOL] = {CONVAE_DECODER_UNPOOL, COUNT(CONVAE_DECODER_UNPOOL)},
    [AE_CONVAE_LAST_TRANSPOSED] = {CONVAE_DECODER_LAST_TRANSPOSED, COUNT(CONVAE_DECODER_LAST_TRANSPOSED)},
};

/* Lane i's stacks, one pair per micro-batch: slot 0 owns the layers (lane 0's are the model,
 * lane 1's replicas of them), the other slots run the same layers with activations of their own. */
static void lane_alloc(ae_convae *m, size_t i, ae_convae_decoder decoder, size_t nslots)
{
    ae_convae_lane *ln = &m->lane[i];
    ln->nslots = nslots;
    ln->enc = calloc(nslots, sizeof *ln->enc);
    ln->dec = calloc(nslots, sizeof *ln->dec);
    ln->X = calloc(nslots, sizeof *ln->X);
    AE_ASSERT(ln->enc && ln->dec && ln->X);
    if (i > 0) {
        ln->enc[0] = ae_convnet_alloc_replica(m->lane[0].enc[0], AE_CONVAE_MICRO);
        ln->dec[0] = ae_convnet_alloc_replica(m->lane[0].dec[0], AE_CONVAE_MICRO);
    } else {
        ln->enc[0] = ae_convnet_alloc(1, AE_CONVAE_SIDE, AE_CONVAE_SIDE, COUNT(CONVAE_ENCODER), CONVAE_ENCODER,
                                      AE_CONVAE_MICRO);
        ln->dec[0] = ae_convnet_alloc(8, 4, 4, decoders[decoder].n, decoders[decoder].spec, AE_CONVAE_MICRO);
    }
    for (size_t j = 1; j < nslots; j++) {
        ln->enc[j] = ae_convnet_alloc_shared(ln->enc[0]);
        ln->dec[j] = ae_convnet_alloc_shared(ln->dec[0]);
    }
    if (decoder == AE_CONVAE_UNPOOL)   /* each micro-batch's decoder, its own encoder's switches */
        for (size_t j = 0; j < nslots; j++)
            ae_convnet_use_switches(ln->dec[j], ln->enc[j]);
}

ae_convae *ae_convae_alloc(ae_convae_decoder decoder, size_t max_batch)
{
    ae_convae *m = calloc(1, sizeof *m);
    AE_ASSERT(m != NULL);
    m->max_batch = max_batch > AE_CONVAE_LANES * AE_CONVAE_MICRO ? max_batch : AE_CONVAE_LANES * AE_CONVAE_MICRO;
    m->logits = gsl_matrix_alloc(m->max_batch, AE_CONVAE_D);
    /* a lane gets at most half the batch, rounded up (see ae_convae_forward) */
    size_t nslots = ((m->max_batch + 1) / 2 + AE_CONVAE_MICRO - 1) / AE_CONVAE_MICRO;
    for (size_t i = 0; i < AE_CONVAE_LANES; i++)
        lane_alloc(m, i, decoder, nslots);
    m->enc = m->lane[0].enc[0], m->dec = m->lane[0].dec[0];
    return m;
}

void ae_convae_free(ae_convae *m)
{
    if (!m)
        return;
    for (size_t i = AE_CONVAE_LANES; i-- > 0;) {   /* the replicas before what they share */
        ae_convae_lane *ln = &m->lane[i];
        for (size_t j = ln->nslots; j-- > 0;) {   /* slot 0 last: the others run its layers */
            ae_convnet_free(ln->enc[j]);
            ae_convnet_free(ln->dec[j]);
        }
        free(ln->enc);
        free(ln->dec);
        free(ln->X);
    }
    gsl_matrix_free(m->logits);
    free(m);
}

void ae_convae_init(ae_convae *m, gsl_rng *r)
{
    ae_convnet_init(m->enc, r, 1.0);
    ae_convnet_init(m->dec, r, 1.0);
}

void ae_convae_add_params(ae_convae *m, ae_optim *o)
{
    ae_convnet_add_params(m->enc, o);
    ae_convnet_add_params(m->dec, o);
}

size_t ae_convae_nparams(const ae_convae *m)
{
    return ae_convnet_nparams(m->enc) + ae_convnet_nparams(m->dec);
}

void ae_convae_zero_grad(ae_convae *m)
{
    ae_convnet_zero_grad(m->enc);
    ae_convnet_zero_grad(m->dec);
}

/* Micro-batch j of lane ln: its first row of the batch and its rows. */
static size_t micro_rows(const ae_convae_lane *ln, size_t j, size_t *first)
{
    *first = ln->first + j * AE_CONVAE_MICRO;
    size_t end = ln->first + ln->rows;
    return end - *first < AE_CONVAE_MICRO ? end - *first : AE_CONVAE_MICRO;
}

/* BOOK: convae_lane */
/* Lane i's rows of the batch, AE_CONVAE_MICRO images at a time, each micro-batch j in its
 * own stacks, which keep its activations for the backward: the logits. */
static void lane_forward(void *model, size_t i)
{
    ae_convae *m = model;
    ae_convae_lane *ln = &m->lane[i];
    for (size_t j = 0; j * AE_CONVAE_MICRO < ln->rows; j++) {
        size_t r, b = micro_rows(ln, j, &r);
        ln->X[j] = gsl_matrix_const_submatrix(m->X, r, 0, b, AE_CONVAE_D).matrix;
        const gsl_matrix *Z = ae_convnet_forward(ln->enc[j], &ln->X[j]);   /* z = encoder(x): 8x4x4 */
        const gsl_matrix *A = ae_convnet_forward(ln->dec[j], Z);           /* logits a = decoder(z) */
        gsl_matrix_view out = gsl_matrix_submatrix(m->logits, r, 0, b, AE_CONVAE_D);
        gsl_matrix_memcpy(&out.matrix, A);
    }
}

/* Its backward pass from dA, micro-batch by micro-batch in the same order: adds into the
 * lane's dW and db. */
static void lane_backward(void *model, size_t i)
{
    ae_convae *m = model;
    ae_convae_lane *ln = &m->lane[i];
    for (size_t j = 0; j * AE_CONVAE_MICRO < ln->rows; j++) {
        size_t r, b = micro_rows(ln, j, &r);
        gsl_matrix_const_view dA = gsl_matrix_const_submatrix(m->dA, r, 0, b, AE_CONVAE_D);
        const gsl_matrix *dZ = ae_convnet_backward(ln->dec[j], &dA.matrix, AE_WANT_DX);   /* mirror order */
        ae_convnet_backward(ln->enc[j], dZ, AE_SKIP_DX);                                 /* no dX for the data */
    }
}
/* END BOOK */

const gsl_matrix *ae_convae_forward(ae_convae *m, const gsl_matrix *X)
{
    AE_ASSERT(X->size2 == AE_CONVAE_D && X->size1 >= 1 && X->size1 <= m->max_batch && AE_CONVAE_LANES == 2);
    /* lane 0 takes the first half (in whole micro-batches), lane 1 the rest */
    size_t half = (X->size1 / 2 + AE_CONVAE_MICRO - 1) / AE_CONVAE_MICRO * AE_CONVAE_MICRO;
    half = half < X->size1 ? half : X->size1;
    m->lane[0].first = 0, m->lane[0].rows = half;
    m->lane[1].first = half, m->lane[1].rows = X->size1 - half;
    m->X = X;
    ae_par_run(AE_CONVAE_LANES, lane_forward, m);
    m->out = gsl_matrix_submatrix(m->logits, 0, 0, X->size1, AE_CONVAE_D);
    return &m->out.matrix;
}

void ae_convae_backward(ae_convae *m, const gsl_matrix *dA)
{
    AE_ASSERT(m->X != NULL && dA->size1 == m->X->size1 && dA->size2 == AE_CONVAE_D);
    m->dA = dA;
    for (size_t i = 1; i < AE_CONVAE_LANES; i++) {   /* the other lanes' gradients start from 0 */
        ae_convnet_zero_grad(m->lane[i].enc[0]);
        ae_convnet_zero_grad(m->lane[i].dec[0]);
    }
    ae_par_run(AE_CONVAE_LANES, lane_backward, m);
    for (size_t i = 1; i < AE_CONVAE_LANES; i++) {   /* the other lanes' gradients, in order */
        ae_convnet_add_grad(m->enc, m->lane[i].enc[0]);
        ae_convnet_add_grad(m->dec, m->lane[i].dec[0]);
    }
}
