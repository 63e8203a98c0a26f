/* Lesson 11, part 3 (BOOK.md section 11.5): the regime in which pretraining mattered, the
 * deep sigmoid network of 2006 (lesson 02's encoder 784-1000-500-250-30, narrowed to
 * 784-200-100-50-30 to fit the default run), pretrained greedily layer by layer as in
 * (2.6), or not at all. */
#ifndef L11_DEEP_H
#define L11_DEEP_H

#include <gsl/gsl_rng.h>

#include "cli.h"
#include "net.h"

#include "model.h"

/* sizes[0..nlayers]: sigmoid hidden layers, a linear code; max_batch rows */
ae_net *deep_encoder_alloc(size_t nlayers, const size_t *sizes, size_t rows);

/* (2.6) Greedy layer-wise pretraining: layer i of enc becomes the encoder of a shallow
 * autoencoder s_{i-1}-s_i-s_{i-1} (sigmoid output, BCE, Adam at lr, `epochs` passes in
 * batches of `batch`) trained on the codes h_{i-1} that the layers below give for the
 * images sub; curve[i]: its last epoch's BCE per unit. */
void pretrain_layers(ae_net *enc, const ae_cli *c, const subset *sub, int epochs, size_t batch, double lr,
                     gsl_rng *init, double *curve);

#endif
