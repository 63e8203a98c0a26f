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
 */
#ifndef LESSON03_CONVAE_H
#define LESSON03_CONVAE_H

#include "convnet.h"
#include "loss.h"
#include "optim.h"

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

typedef struct {
    ae_convnet *enc, *dec;
    ae_optim *opt;         /* Adam over both */
    gsl_matrix *dA;        /* max_batch x 784: dL/d(logits) */
} convae;

/* Encoder and decoder (resize or transposed) for up to max_batch images, He-initialised. */
static inline convae convae_alloc(int transposed, size_t max_batch, double lr, gsl_rng *init)
{
    convae m = {ae_convnet_alloc(1, 28, 28, CONVAE_NENC, CONVAE_ENCODER, max_batch), NULL,
                ae_optim_alloc(AE_ADAM, lr), gsl_matrix_alloc(max_batch, 28 * 28)};
    m.dec = ae_convnet_alloc(8, 4, 4, CONVAE_NDEC(transposed), CONVAE_DECODER(transposed), max_batch);
    ae_convnet_init(m.enc, init, 1.0);
    ae_convnet_init(m.dec, init, 1.0);
    ae_convnet_add_params(m.enc, m.opt);
    ae_convnet_add_params(m.dec, m.opt);
    return m;
}

static inline void convae_free(convae *m)
{
    ae_convnet_free(m->enc);
    ae_convnet_free(m->dec);
    ae_optim_free(m->opt);
    gsl_matrix_free(m->dA);
}

/* BOOK: convae_step */
/* One Adam step on the batch X (B x 784, pixels in [0, 1]); returns the mean BCE per image. */
static inline double convae_step(convae *m, const gsl_matrix *X)
{
    gsl_matrix_view dA = gsl_matrix_submatrix(m->dA, 0, 0, X->size1, X->size2);
    ae_optim_zero_grad(m->opt);
    const gsl_matrix *Z = ae_convnet_forward(m->enc, X);                 /* z = encoder(x): 8x4x4 */
    const gsl_matrix *A = ae_convnet_forward(m->dec, Z);                 /* logits a = decoder(z) */
    double loss = ae_loss_bce_logits(&dA.matrix, A, X);                  /* x_hat = sigmoid(a), BCE */
    const gsl_matrix *dZ = ae_convnet_backward(m->dec, &dA.matrix, 1);   /* mirror order */
    ae_convnet_backward(m->enc, dZ, 0);                                  /* no dX for the data */
    ae_optim_step(m->opt);
    return loss;
}
/* END BOOK */

#endif
