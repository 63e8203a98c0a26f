/* Lesson 04's memorisation (memorise.c; BOOK.md chapter 4; S&DS, "will overfit and memorize";
 * CS109B, "denoising autoencoders and dropout"): an overcomplete AE 784-1000-784 (ReLU code,
 * BCE) trained on 500 digits for many epochs: its train/test gap and how well it
 * "reconstructs" pure noise; then the same with masking noise on the input (dropout without
 * rescaling) and with dropout on the code (lib/dropout). */
#ifndef L04_MEMORISE_H
#define L04_MEMORISE_H

#include "cli.h"
#include "data.h"

typedef enum { MEMO_PLAIN, MEMO_MASKING, MEMO_DROPOUT, MEMO_MODELS } memo_model;

typedef struct {
    size_t n_train;    /* training digits */
    int epochs, every; /* epochs, and the curve's step */
    double p_input;    /* masking: the share of input pixels zeroed */
    double p_code;     /* dropout: the share of code units zeroed */
    double lr;
} memo_settings;

typedef struct {
    double train, test, noise;   /* MSE per pixel: the training digits, test digits, pure noise */
} memo_result;

/* Train the three models, write memorise.dat (MSE against epochs) and memorise_recon.dat
 * (test digits and pure noise, reconstructed by each), res[model] the final errors. */
int memorise(const ae_cli *c, const ae_dataset *train, const ae_dataset *test, const memo_settings *s,
             memo_result res[MEMO_MODELS]);

#endif
