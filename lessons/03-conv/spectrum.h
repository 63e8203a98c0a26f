/* Lesson 03's power spectra (figures.c): the mean-removed 2-D DFT power of 28 x 28 images,
 * its profile along one axis, and its image for spectrum.dat. */
#ifndef L03_SPECTRUM_H
#define L03_SPECTRUM_H

#include <stddef.h>

/* cs[u n + j] = cos(2 pi u j / n), sn likewise, for n = SIDE (SIDE x SIDE each) */
void dft_tables(double *cs, double *sn);

/* P[u][v] += |F(u, v)|^2, the 2-D DFT of the n x n image x (n <= SIDE) with its mean removed. */
void add_power(double *P, const double *x, size_t n, const double *cs, const double *sn);

/* share[f], f = 0 .. n/2: the share of P's power (zero frequency left out) at frequency f
 * along one axis, summed over the other, f and n - f together, the two axes averaged. */
void axis_profile(double *share, const double *P, size_t n);

/* P as an image in [0, 1]: zero frequency in the middle, log10 of the power over its
 * largest value, from 10^-6 (0) to 1 (1). */
void spectrum_image(double *img, const double *P, size_t n);

#endif
