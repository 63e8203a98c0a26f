/* Lesson 10's colouriser: a grey patch in, the colour of its centre pixel out (BOOK.md section 10.7).
 *
 *   Y = 0.299 R + 0.587 G + 0.114 B,   Cb = (B - Y) / 1.772,   Cr = (R - Y) / 1.402   (10.9)
 *   [Cb_hat, Cr_hat] = net(2 Y_patch - 1),   L = 1/B sum_b ||[Cb_hat, Cr_hat]_b - [Cb, Cr]_b||^2
 *
 * JPEG's colour transform (10.9) splits a colour photograph into its grey photograph Y and two
 * chroma channels; the network sees only Y around a pixel and guesses (Cb, Cr) there; Y is
 * kept, so the coloured photograph differs from the original in its chroma only.
 */
#ifndef L10_COLOUR_H
#define L10_COLOUR_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "cli.h"
#include "data.h"
#include "net.h"
#include "optim.h"

enum { PATCH = 9, CHROMA = 2, COLOUR_SHRINK = 2 };   /* PATCH: the side of the grey patch (odd) */
enum { NCOLOUR = 3, NTRAIN_COLOUR = 2 };   /* colour photographs: the first two train, the last is held out */
enum { COLOUR_HIDDEN = 64, COLOUR_BATCH = 64, COLOUR_ROWS = 1024 };   /* COLOUR_ROWS: patches per forward when colouring */
#define COLOUR_LR 3e-3
extern const char *const COLOUR_PHOTOS[NCOLOUR];

/* A colour photograph downsampled by COLOUR_SHRINK, as Y, Cb, Cr planes (10.9). */
typedef struct {
    const char *name;
    size_t rows, cols;
    double *Y, *Cb, *Cr;   /* rows x cols each, row-major; Y in [0, 1], Cb and Cr in [-1/2, 1/2] */
} colour_photo;

/* DATA_DIR/NAME.ppm, downsampled, in YCbCr; AE_EINPUT naming the file. */
int colour_photo_load(colour_photo *p, const char *name, const char *data_dir);
void colour_photo_free(colour_photo *p);

/* (10.9) and its inverse, for one pixel. */
void ycbcr_from_rgb(double *Y, double *Cb, double *Cr, double R, double G, double B);
void rgb_from_ycbcr(double *R, double *G, double *B, double Y, double Cb, double Cr);

/* The network, its optimiser, and a batch of grey patches X (B x p^2) and their chroma T (B x 2). */
typedef struct {
    size_t patch;        /* p, odd: the patch is p x p, centred on the pixel coloured */
    ae_net *net;         /* p^2-H-H-2, relu hidden, linear output */
    ae_optim *opt;
    gsl_matrix *X, *T, *dY;
} colouriser;

/* For batches of up to rows patches; Adam at lr; weights drawn from init. */
colouriser colouriser_alloc(size_t patch, size_t hidden, size_t rows, double lr, gsl_rng *init);
void colouriser_free(colouriser *m);

/* Adam on L over npatches grey patches drawn at random from the training photographs (the
 * same ones for every network of a seed), cosine-decayed step, for epochs; returns the last
 * epoch's training loss per chroma value. */
double colour_train(colouriser *m, const ae_cli *c, const colour_photo *train, size_t ntrain, size_t npatches,
                    int epochs);

/* colour_train for each of the n networks m[i], one a core (ae_par_run). */
void colour_train_all(colouriser *m, size_t n, const ae_cli *c, const colour_photo *train, size_t ntrain,
                      size_t npatches, int epochs);

/* The network's chroma for every pixel of p (Cb_hat, Cr_hat: rows x cols each). */
void colourise(double *Cb_hat, double *Cr_hat, colouriser *m, const colour_photo *p);

/* The mean chroma (cb, cr) of the pixels of p[0 .. n-1]. */
void mean_chroma(double *cb, double *cr, const colour_photo *p, size_t n);

/* Room for a chroma guess of p: Cb_hat (rows x cols), then Cr_hat (rows x cols). */
double *chroma_alloc(const colour_photo *p);

/* The mean squared chroma error per value, 1/(2N) sum (Cb_hat - Cb)^2 + (Cr_hat - Cr)^2, over
 * the N pixels of p[0 .. n-1] together, of: mse[0] network m[0], mse[1] network m[1], mse[2]
 * the grey photograph (Cb_hat = Cr_hat = 0), mse[3] the constant chroma (cb, cr). hat
 * (chroma_alloc(&p[0])) gets m[0]'s chroma of p[0]. */
void colour_errors(double mse[4], double *hat, colouriser m[2], const colour_photo *p, size_t n, double cb, double cr);

#endif
