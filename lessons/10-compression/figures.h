/* Lesson 10's figures: one writer per .dat file that plots/10-compression.gp reads,
 * and the analyses that only feed them (BOOK.md chapter 10). */
#ifndef L10_FIGURES_H
#define L10_FIGURES_H

#include "cli.h"
#include "pca.h"

#include "colour.h"
#include "model.h"

/* lo_j, hi_j: the smallest and largest j-th code component over the training frames (for
 * PCA's and the DCT's codecs, whose codes have no fixed range). */
void code_range(codec *q, const ae_dataset *frames, buffers *v);

/* PSNR of every codec on both photos (ph[0] trained on, ph[1] unseen) for b = 2..8 bits:
 * rate[b - 2] = (b, bits per pixel, NCODECS codecs on ph[0], NCODECS on ph[1]); and for the
 * float code: flt[i] = (i, NCODECS codecs on ph[i]). k: the code size. */
void rate_distortion(double rate[NBITS][RATE_COLS], double flt[2][FLOAT_COLS], const codec *q,
                     const photo *const *ph, size_t k, buffers *v);

/* rate.dat: rate_distortion's rate; noise_bits: the second AE's rounding noise. */
int write_rate(const ae_cli *c, double rate[NBITS][RATE_COLS], const photo *seen, const photo *unseen,
               size_t noise_bits);

/* float.dat: rate_distortion's flt. */
int write_float(const ae_cli *c, double flt[2][FLOAT_COLS], const photo *seen, const photo *unseen);

/* loss.dat: per epoch (training MSE, PSNR of the training and the unseen photo) of the
 * historical AE (curve) and of the AE trained with rounding noise (curve_n). */
int write_loss(const ae_cli *c, double (*curve)[3], double (*curve_n)[3]);

/* recon_WHICH.dat: for each of the two AE codecs q[0], q[1] a row: the photograph ph, its
 * float code, 6-bit and 4-bit codes (256 x 256 each). */
int write_recon(const ae_cli *c, const char *which, const codec *q, const photo *ph, buffers *v);

/* zoom_WHICH.dat: the same, a 64 x 64 crop. */
int write_zoom(const ae_cli *c, const char *which, const codec *q, const photo *ph, buffers *v);

/* filters.dat: the decoder filters (columns of W2) of m and mn, and p's first directions. */
int write_filters(const ae_cli *c, const coder *m, const coder *mn, const ae_pca *p);

/* codes_WHICH.dat: the histogram of q's code values on the frames of ph; *z99 gets the
 * 99th percentile of |z_j|, how much of tanh's range [-1, 1] the code uses. */
int write_codes(const ae_cli *c, const char *which, const codec *q, const photo *ph, buffers *v, double *z99);

/* colour.dat: for ph[0] (held out) and ph[1] (trained on), the grey photograph, its colours by
 * the network (Y with hat[i]'s chroma, laid out as chroma_alloc's) and the original, as 8-bit
 * RGB (10.10). */
int write_colour(const ae_cli *c, const colour_photo *const ph[2], double *const hat[2]);

#endif
