/* corrupt — corruption noise (lesson 04, denoising; Vincent et al. 2008).
 *
 * Each function writes a corrupted copy Xc of a batch X (B x D, rows are
 * examples; Xc == X corrupts in place), drawing from r (use the AE_RNG_NOISE
 * stream). Masking and salt-and-pepper pick exactly round(nu D) components of
 * every row, uniformly at random (selection sampling, no scratch memory).
 */
#ifndef AE_CORRUPT_H
#define AE_CORRUPT_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

typedef enum { AE_NOISE_GAUSSIAN, AE_NOISE_MASK, AE_NOISE_SALT_PEPPER } ae_noise;

/* "gaussian", "mask", "saltpepper" */
const char *ae_noise_name(ae_noise kind);

/* (4.2) x~ = clip(x + N(0, sigma^2), 0, 1): additive Gaussian noise, clipped so an
 * image stays an image. */
void ae_corrupt_gaussian(gsl_matrix *Xc, const gsl_matrix *X, double sigma, gsl_rng *r);

/* (4.3) Masking noise: round(nu D) components of each row, chosen at random, set to 0. */
void ae_corrupt_mask(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r);

/* Salt and pepper: round(nu D) components of each row set to 0 or 1 by a fair coin. */
void ae_corrupt_salt_pepper(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r);

/* One of the three above; level is sigma or nu. */
void ae_corrupt(gsl_matrix *Xc, const gsl_matrix *X, ae_noise kind, double level, gsl_rng *r);

/* Block masking for infilling: each row is a rows x cols image; a side x side
 * square at a uniformly random position inside it is set to 0. */
void ae_corrupt_block(gsl_matrix *Xc, const gsl_matrix *X, size_t rows, size_t cols,
                      size_t side, gsl_rng *r);

#endif
