/* The Keras-blog convolutional autoencoder (Chollet 2016, "Building Autoencoders in
 * Keras"; Harvard CS109B L12 and UPenn CIS 522 L5R, "Convolutional Autoencoders"),
 * with its decoder built two ways (BOOK.md chapter 3). Lesson 03 trains it;
 * bench/conv.c times it.
 *
 *   encoder  1x28x28 -> 3 x [conv3x3 (16, 8, 8) relu, max-pool 2] -> 8x4x4 = 128 numbers
 *   decoder  conv3x3 8 relu, 3 x [upsample 2, conv3x3 (8, 16, 1)] -> 1x28x28 logits
 *
 * The third pool cuts its windows short (7 -> 4, Keras's padding 'same') and the
 * decoder's third convolution has no padding (16 -> 14, 'valid'), so the last
 * upsampling lands on 28. The transposed decoder replaces each [upsample 2, conv3x3]
 * by one stride-2 transposed conv3x3 with the same channels and output size.
 *
 * A batch is split between two lanes, each with its own copy of the activations and
 * gradients (lane 1's layers share lane 0's W and b), which run on two threads when
 * there are two cores, and each lane pushes its rows through the model CONVAE_MICRO
 * images at a time, so that a layer's activations stay in the cache between the
 * passes over them. The lanes' gradients are added in a fixed order, so the numbers
 * are the same on one thread or two.
 */
#ifndef LESSON03_CONVAE_H
#define LESSON03_CONVAE_H

#include "convnet.h"
#include "loss.h"
#include "optim.h"
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

enum { CONVAE_NENC = sizeof CONVAE_ENCODER / sizeof *CONVAE_ENCODER };
#define CONVAE_DECODER(transposed) ((transposed) ? CONVAE_DECODER_TRANSPOSED : CONVAE_DECODER_RESIZE)
#define CONVAE_NDEC(transposed) ((transposed) ? sizeof CONVAE_DECODER_TRANSPOSED / sizeof *CONVAE_DECODER_TRANSPOSED \
                                              : sizeof CONVAE_DECODER_RESIZE / sizeof *CONVAE_DECODER_RESIZE)

enum { CONVAE_LANES = 2, CONVAE_MICRO = 4 };

/* One lane: the model's layers with buffers for CONVAE_MICRO images, and its rows. */
typedef struct {
    ae_convnet *enc, *dec;   /* lane 0's own the parameters; the others' share them */
    gsl_matrix *dA;          /* CONVAE_MICRO x 784: dL/d(logits) */
    size_t first, rows;      /* its rows of the batch */
    double loss;             /* the sum over its rows of the BCE per image */
} convae_lane;

typedef struct {
    ae_convnet *enc, *dec;   /* the model: lane 0's stacks */
    ae_optim *opt;           /* Adam over their W and b */
    convae_lane lane[CONVAE_LANES];
    const gsl_matrix *X;     /* the batch being worked on */
    int train;               /* the lanes train (1) or only compute logits (0) */
    gsl_matrix *logits;      /* max_batch x 784, written when train is 0 */
    gsl_matrix_view out;     /* its first rows: the last convae_logits */
} convae;

/* Encoder and decoder (resize or transposed), He-initialised, for batches of up to
 * max_batch images (convae_logits: also up to 8). */
static inline convae convae_alloc(int transposed, size_t max_batch, double lr, gsl_rng *init)
{
    size_t most = max_batch > CONVAE_LANES * CONVAE_MICRO ? max_batch : CONVAE_LANES * CONVAE_MICRO;
    convae m = {.opt = ae_optim_alloc(AE_ADAM, lr), .logits = gsl_matrix_alloc(most, 28 * 28)};
    for (size_t i = 0; i < CONVAE_LANES; i++) {
        convae_lane *l = &m.lane[i];
        if (i == 0) {
            l->enc = ae_convnet_alloc(1, 28, 28, CONVAE_NENC, CONVAE_ENCODER, CONVAE_MICRO);
            l->dec = ae_convnet_alloc(8, 4, 4, CONVAE_NDEC(transposed), CONVAE_DECODER(transposed),
                                      CONVAE_MICRO);
        } else {
            l->enc = ae_convnet_alloc_replica(m.lane[0].enc, CONVAE_MICRO);
            l->dec = ae_convnet_alloc_replica(m.lane[0].dec, CONVAE_MICRO);
        }
        l->dA = gsl_matrix_alloc(CONVAE_MICRO, 28 * 28);
    }
    m.enc = m.lane[0].enc, m.dec = m.lane[0].dec;
    ae_convnet_init(m.enc, init, 1.0);
    ae_convnet_init(m.dec, init, 1.0);
    ae_convnet_add_params(m.enc, m.opt);
    ae_convnet_add_params(m.dec, m.opt);
    return m;
}

static inline void convae_free(convae *m)
{
    for (size_t i = CONVAE_LANES; i-- > 0;) {   /* the replicas before what they share */
        ae_convnet_free(m->lane[i].enc);
        ae_convnet_free(m->lane[i].dec);
        gsl_matrix_free(m->lane[i].dA);
    }
    ae_optim_free(m->opt);
    gsl_matrix_free(m->logits);
}

/* BOOK: convae_lane */
/* Lane i's rows of the batch, CONVAE_MICRO images at a time: the logits and, when
 * training, the BCE and the backward pass, which adds into the lane's dW and db. */
static inline void convae_lane_run(void *model, size_t i)
{
    convae *m = model;
    convae_lane *l = &m->lane[i];
    const size_t B = m->X->size1;
    l->loss = 0.0;
    for (size_t r = l->first; r < l->first + l->rows; r += CONVAE_MICRO) {
        size_t b = l->first + l->rows - r < CONVAE_MICRO ? l->first + l->rows - r : CONVAE_MICRO;
        gsl_matrix_const_view X = gsl_matrix_const_submatrix(m->X, r, 0, b, 28 * 28);
        const gsl_matrix *Z = ae_convnet_forward(l->enc, &X.matrix);   /* z = encoder(x): 8x4x4 */
        const gsl_matrix *A = ae_convnet_forward(l->dec, Z);           /* logits a = decoder(z) */
        if (!m->train) {
            gsl_matrix_view out = gsl_matrix_submatrix(m->logits, r, 0, b, 28 * 28);
            gsl_matrix_memcpy(&out.matrix, A);
            continue;
        }
        gsl_matrix_view dA = gsl_matrix_submatrix(l->dA, 0, 0, b, 28 * 28);
        l->loss += (double)b * ae_loss_bce_logits(&dA.matrix, A, &X.matrix);   /* BCE; dA / b */
        gsl_matrix_scale(&dA.matrix, (double)b / (double)B);                  /* the batch's mean: / B */
        const gsl_matrix *dZ = ae_convnet_backward(l->dec, &dA.matrix, 1);    /* mirror order */
        ae_convnet_backward(l->enc, dZ, 0);                                   /* no dX for the data */
    }
}
/* END BOOK */

/* Run the lanes on X: lane 0 takes the first half (in whole micro-batches), lane 1 the rest. */
static inline void convae_run(convae *m, const gsl_matrix *X, int train)
{
    AE_ASSERT(X->size2 == 28 * 28 && X->size1 <= m->logits->size1 && CONVAE_LANES == 2);
    size_t half = (X->size1 / 2 + CONVAE_MICRO - 1) / CONVAE_MICRO * CONVAE_MICRO;
    half = half < X->size1 ? half : X->size1;
    m->lane[0].first = 0, m->lane[0].rows = half;
    m->lane[1].first = half, m->lane[1].rows = X->size1 - half;
    m->X = X, m->train = train;
    ae_par_run(CONVAE_LANES, convae_lane_run, m);
}

/* The logits of the reconstructions of X (B x 784, B <= max(max_batch, 32)). */
static inline const gsl_matrix *convae_logits(convae *m, const gsl_matrix *X)
{
    convae_run(m, X, 0);
    m->out = gsl_matrix_submatrix(m->logits, 0, 0, X->size1, 28 * 28);
    return &m->out.matrix;
}

/* BOOK: convae_step */
/* One Adam step on the batch X (B x 784, pixels in [0, 1]); returns the mean BCE per image. */
static inline double convae_step(convae *m, const gsl_matrix *X)
{
    ae_optim_zero_grad(m->opt);                       /* lane 0's dW and db are the model's */
    for (size_t i = 1; i < CONVAE_LANES; i++) {
        ae_convnet_zero_grad(m->lane[i].enc);
        ae_convnet_zero_grad(m->lane[i].dec);
    }
    convae_run(m, X, 1);                              /* forward, BCE, backward in each lane */
    double loss = m->lane[0].loss;
    for (size_t i = 1; i < CONVAE_LANES; i++) {       /* the other lanes' gradients, in order */
        ae_convnet_add_grad(m->enc, m->lane[i].enc);
        ae_convnet_add_grad(m->dec, m->lane[i].dec);
        loss += m->lane[i].loss;
    }
    ae_optim_step(m->opt);
    return loss / (double)X->size1;
}
/* END BOOK */

#endif
