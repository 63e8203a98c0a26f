/* Lesson 10 — compression: the historical 64-16-64 tanh coder.
 *
 * The experiment of the MLP course's "Autoencoder – compression – historical
 * implementation" slides: a 256 x 256 photograph (the cameraman, 512 x 512
 * downsampled by 2), 8 x 8 frames drawn at random from it and scaled to
 * [-1, 1], an MLP 64-16-64 with tanh hidden units (and a linear output)
 * trained to reproduce them. The image is then coded frame by frame without
 * overlap: 16 numbers per 64 pixels, each rounded to b bits, decoded. The
 * backward pass is written out (the tanh's is exercise 10.1) and checked by
 * finite differences; the rounding is exercise 10.2. PCA-16 with the same
 * rounding is the baseline, and so is JPEG's transform: the 8 x 8 DCT-II keeping the k
 * lowest coefficients in zig-zag order, a fixed linear autoencoder (its matrix is exercise
 * 10.3). A second photograph (the moon), never seen in training, tests whether the coder
 * generalises. Last, Kyrkou's other application of a photograph network, colourisation: a
 * small network guesses the chroma of each pixel (JPEG's Cb, Cr) from the grey patch around
 * it, learnt on two colour photographs and tried on a third.  BOOK.md chapter 10.
 *
 * `make lesson10 ARGS=--help` gives the options, the run time and the files it writes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>

#include "batch.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "gradcheck.h"
#include "optim.h"
#include "pca.h"
#include "progress.h"
#include "rng.h"

#include "colour.h"
#include "exercises.h"
#include "figures.h"
#include "model.h"

enum { QUICK_FRAMES = 10000 };
#define ORTHO_TOL 1e-12   /* C^T C = I to rounding error */
enum { ROW_BYTES = 3200 };   /* memory per row of --batch: the coder's buffers, 6 x 64 doubles at most */
static const char *const PHOTOS[2] = {"camera", "moon"};

/* BOOK: train */
/* Adam on L over the random frames, cosine-decayed step; curve[e] gets (training MSE per
 * pixel in [0, 1] units, PSNR of the training photo, PSNR of the unseen photo). */
static void train(coder *m, const ae_cli *c, const ae_dataset *frames, const photo *seen,
                  const photo *unseen, double (*curve)[3])
{
    buffers v = buffers_alloc(c->batch > seen->tiles.n ? c->batch : seen->tiles.n, m->enc->out);
    double *img = malloc(seen->tiles.n * D * sizeof *img);
    AE_ASSERT(img);
    codec q = {m, NULL, NULL, NULL, NULL};
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(frames->n, c->batch);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        m->opt->lr = c->lr * 0.5 * (1.0 + cos(M_PI * (epoch - 1) / c->epochs));
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            batch a = rows_of(&v, rows);
            ae_batch_fill(&a.X.matrix, NULL, frames, idx, rows);
            ae_optim_zero_grad(m->opt);
            double loss = coder_forward(m, &a);
            ae_check_loss(c, &watch, loss, epoch, k + 1);
            coder_backward(m, &a);
            ae_optim_step(m->opt);
            sum += loss * (double)rows;
        }
        /* per pixel, and (x' - x_hat')^2 = 4 (x - x_hat)^2 back in [0, 1] units */
        curve[epoch - 1][0] = sum / (double)(frames->n * D) / 4.0;
        curve[epoch - 1][1] = code_image(img, &q, 0, seen, &v);
        curve[epoch - 1][2] = code_image(img, &q, 0, unseen, &v);
        ae_progress(c, "%s, epoch %d/%d: training MSE %.5f, PSNR %s %.2f dB, %s (unseen) %.2f dB", m->name,
                    epoch, c->epochs, curve[epoch - 1][0], seen->name, curve[epoch - 1][1], unseen->name,
                    curve[epoch - 1][2]);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
    free(img);
    buffers_free(&v);
}
/* END BOOK */

int main(int argc, char **argv)
{
    const char *train_name = "camera";
    size_t nframes = 40000, noise_bits = SHOW_LO, colour_patches = 60000, colour_epochs = 10;
    ae_cli_extra extra[] = {
        {.name = "train", .kind = AE_X_CHOICE, .value = &train_name, .choices = "camera,moon",
         .help = "the photograph to train on (the other is unseen)"},
        {.name = "frames", .kind = AE_X_SIZE, .value = &nframes, .lo = 1000, .hi = 1000000, .quick = QUICK_FRAMES,
         .help = "random 8x8 training frames"},
        {.name = "noise-bits", .kind = AE_X_SIZE, .value = &noise_bits, .lo = BITS_MIN, .hi = BITS_MAX,
         .help = "the second AE trains with the rounding noise of this many bits"},
        {.name = "colour-patches", .kind = AE_X_SIZE, .value = &colour_patches, .lo = 1000, .hi = 1000000,
         .quick = 10000, .help = "random grey patches the colourisers train on"},
        {.name = "colour-epochs", .kind = AE_X_SIZE, .value = &colour_epochs, .lo = 1, .hi = 1000, .quick = 4,
         .help = "epochs of the colourisers"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson10",
        .title = "compression: the historical 64-16-64 tanh coder, codes rounded to b bits",
        .about = "Trains an MLP 64-k-64 (tanh hidden, linear output) on random 8x8 frames of a\n"
                 "256x256 photograph scaled to [-1,1], codes every frame of it and of an unseen\n"
                 "photograph with the code rounded to b = 2..8 bits, and compares with PCA-k and\n"
                 "with the 8x8 DCT's k lowest coefficients in zig-zag order (JPEG's transform). A\n"
                 "second AE is trained with the rounding noise of --noise-bits bits on its code.\n"
                 "Then colourisation: networks that guess a pixel's chroma (Cb, Cr) from the 9x9 grey\n"
                 "patch around it (or from the pixel alone), learnt on two colour photographs, colour a\n"
                 "third, against the grey photograph and the mean colour.\n"
                 "BOOK.md chapter 10.\n"
                 "Default run: about 5 s with its figures.\n"
                 "Writes: rate.dat, float.dat, loss.dat, recon_train.dat, recon_unseen.dat, zoom_train.dat, "
                 "zoom_unseen.dat, filters.dat, codes_ae.dat, codes_aen.dat, colour.dat.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_LATENT | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .epochs = 30, .quick_epochs = 12, .batch = 64, .lr = 3e-3, .seed = 42, .latent = 16,
        .data_dir = AE_DATA_DIR, .out = "out/10-compression", .extra = extra,
    };
    ae_cli_parse(&c, argc, argv);
    if (c.latent > D)
        ae_die(c.prog, "--latent: %zu is more than the %d pixels of a frame", c.latent, D);
    const size_t k = c.latent;

    int t = strcmp(train_name, PHOTOS[0]) == 0 ? 0 : 1;   /* index of the training photo */
    photo seen, unseen;
    ae_check(c.prog, photo_load(&seen, PHOTOS[t], c.data_dir));
    ae_check(c.prog, photo_load(&unseen, PHOTOS[1 - t], c.data_dir));
    colour_photo cp[NCOLOUR];   /* colourisation (BOOK.md section 10.7): the first NTRAIN_COLOUR to learn from, the last held out */
    for (size_t i = 0; i < NCOLOUR; i++)
        ae_check(c.prog, colour_photo_load(&cp[i], COLOUR_PHOTOS[i], c.data_dir));
    gsl_rng *data_rng = ae_rng_alloc(c.seed, AE_RNG_DATA), *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
    ae_check_batch(&c, nframes, "training frames of --frames", ROW_BYTES);
    ae_dataset frames;
    ae_patches(&frames, &seen.im, FRAME, nframes, data_rng);   /* the slides: frames at random places */
    to_signed(&frames);
    ae_progress(&c, "%s: %zu random %dx%d frames of the %zux%zu image for training; %zu tiles per image",
                seen.name, frames.n, FRAME, FRAME, seen.im.rows, seen.im.cols, seen.tiles.n);

    /* the historical coder, and one trained with the noise of a b-bit rounding (step 2/2^b) */
    coder m = coder_alloc("historical AE", k, c.lr, 0.0, init, c.seed);
    coder mn = coder_alloc("AE with rounding noise", k, c.lr, 2.0 / (double)(1u << noise_bits), init, c.seed);
    buffers v = buffers_alloc(seen.tiles.n, k);
    double err = coder_gradient_check(&m, &v, &frames);
    if (ae_gradcheck_gate(&c, "the whole coder", err, AE_GC_TOL_MODEL, "exercise 10.1",
                          "lessons/10-compression/exercises.c"))
        return 1;
    /* BOOK: dct_check */
    gsl_matrix *C8 = gsl_matrix_alloc(FRAME, FRAME);
    ex10_dct_matrix(C8);
    double ortho = ortho_error(C8);   /* (10.7) C^T C = I */
    gsl_matrix_free(C8);
    ae_progress(&c, "the 8x8 DCT-II matrix: max |C^T C - I| = %.1e (tolerance %.0e)", ortho, ORTHO_TOL);
    if (!(ortho <= ORTHO_TOL)) {
        fprintf(stderr, "%s: the DCT matrix is not orthonormal (max |C^T C - I| = %.2g): finish exercise 10.3 "
                        "in lessons/10-compression/exercises.c (make grade)\n", c.prog, ortho);
        return 1;
    }
    /* END BOOK */

    double (*curve)[3] = malloc((size_t)c.epochs * sizeof *curve),
           (*curve_n)[3] = malloc((size_t)c.epochs * sizeof *curve_n);
    AE_ASSERT(curve && curve_n);
    train(&m, &c, &frames, &seen, &unseen, curve);
    train(&mn, &c, &frames, &seen, &unseen, curve_n);

    /* the codecs: the AEs round over tanh's range [-1, 1], PCA over its coefficients' range */
    ae_pca *p = ae_pca_alloc(frames.dim);
    ae_pca_add_dataset(p, &frames);
    ae_check(c.prog, ae_pca_solve(p));
    codec q[NCODECS] = {{&m, NULL, gsl_vector_alloc(k), gsl_vector_alloc(k), NULL},
                        {&mn, NULL, gsl_vector_alloc(k), gsl_vector_alloc(k), NULL},
                        {NULL, p, gsl_vector_alloc(k), gsl_vector_alloc(k), NULL},
                        {NULL, NULL, gsl_vector_alloc(k), gsl_vector_alloc(k), dct_basis_alloc(k)}};
    for (size_t j = 0; j < 2; j++) {
        gsl_vector_set_all(q[j].lo, -1.0);
        gsl_vector_set_all(q[j].hi, 1.0);
    }
    code_range(&q[2], &frames, &v);
    code_range(&q[3], &frames, &v);   /* the DCT's coefficients rounded like PCA's */

    const photo *ph[2] = {&seen, &unseen};
    double rate[NBITS][RATE_COLS], flt[2][FLOAT_COLS];
    rate_distortion(rate, flt, q, ph, k, &v);

    ae_check(c.prog, write_rate(&c, rate, &seen, &unseen, noise_bits));
    ae_check(c.prog, write_float(&c, flt, &seen, &unseen));
    ae_check(c.prog, write_loss(&c, curve, curve_n));
    ae_check(c.prog, write_recon(&c, "train", q, &seen, &v));
    ae_check(c.prog, write_zoom(&c, "train", q, &seen, &v));
    ae_check(c.prog, write_recon(&c, "unseen", q, &unseen, &v));
    ae_check(c.prog, write_zoom(&c, "unseen", q, &unseen, &v));
    ae_check(c.prog, write_filters(&c, &m, &mn, p));
    double z99[2];   /* how far into tanh's range [-1, 1] each AE's codes reach */
    ae_check(c.prog, write_codes(&c, "ae", &q[0], &seen, &v, &z99[0]));
    ae_check(c.prog, write_codes(&c, "aen", &q[1], &seen, &v, &z99[1]));

    /* BOOK: colour_main */
    /* colourisation: a network that sees the 9x9 grey patch around a pixel, and one that sees
     * the pixel alone, trained on the same patches, one a core; then every pixel of the held-out
     * photograph and of the training ones coloured by both, against two guesses that need no
     * network: no colour at all (the grey photograph) and the training photographs' mean colour */
    colouriser cm[2] = {colouriser_alloc(PATCH, COLOUR_HIDDEN, COLOUR_ROWS, COLOUR_LR, init),
                        colouriser_alloc(1, COLOUR_HIDDEN, COLOUR_ROWS, COLOUR_LR, init)};
    double cb0, cr0, held[4], trained[4];   /* [4]: network, pixel alone, grey, mean colour */
    colour_train_all(cm, 2, &c, cp, NTRAIN_COLOUR, colour_patches, (int)colour_epochs);
    mean_chroma(&cb0, &cr0, cp, NTRAIN_COLOUR);
    const colour_photo *shown[2] = {&cp[NTRAIN_COLOUR], &cp[0]};   /* held out, and a training photograph */
    double *hat[2] = {chroma_alloc(shown[0]), chroma_alloc(shown[1])};   /* the network's chroma of each */
    colour_errors(held, hat[0], cm, &cp[NTRAIN_COLOUR], 1, cb0, cr0);
    colour_errors(trained, hat[1], cm, cp, NTRAIN_COLOUR, cb0, cr0);
    ae_check(c.prog, write_colour(&c, shown, hat));
    /* END BOOK */

    const double *r4 = rate[SHOW_LO - BITS_MIN];
    printf("lesson10 compression: k %zu train %s float %.2f 6bit %.2f 4bit %.2f (noise-trained %.2f, pca %.2f, "
           "dct %.2f) unseen %s float %.2f 4bit %.2f (noise-trained %.2f, pca %.2f, dct %.2f) dct_float %.2f %.2f "
           "z99 %.2f (noise-trained %.2f) colour %s chroma_mse %.5f (pixel %.5f, grey %.5f, mean %.5f) train %.5f "
           "(pixel %.5f, grey %.5f, mean %.5f) gradcheck %.1e epochs %d time %.1fs\n",
           k, seen.name, flt[0][1], rate[SHOW_HI - BITS_MIN][2], r4[2], r4[3], r4[4], r4[5], unseen.name, flt[1][1],
           r4[6], r4[7], r4[8], r4[9], flt[0][4], flt[1][4], z99[0], z99[1], cp[NTRAIN_COLOUR].name, held[0], held[1],
           held[2], held[3], trained[0], trained[1], trained[2], trained[3], err, c.epochs, ae_seconds() - c.t0);

    for (size_t i = 0; i < 2; i++) {
        free(hat[i]);
        colouriser_free(&cm[i]);
    }
    for (size_t i = 0; i < NCOLOUR; i++)
        colour_photo_free(&cp[i]);
    free(curve);
    free(curve_n);
    for (size_t j = 0; j < NCODECS; j++) {
        gsl_vector_free(q[j].lo);
        gsl_vector_free(q[j].hi);
    }
    gsl_matrix_free((gsl_matrix *)q[3].C);
    ae_pca_free(p);
    buffers_free(&v);
    coder_free(&m);
    coder_free(&mn);
    gsl_rng_free(data_rng);
    gsl_rng_free(init);
    ae_dataset_free(&frames);
    photo_free(&seen);
    photo_free(&unseen);
    return 0;
}
