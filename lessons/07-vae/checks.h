/* Lesson 07's gradient checks (BOOK.md 7.5), run before anything trains. */
#ifndef L07_CHECKS_H
#define L07_CHECKS_H

#include <gsl/gsl_rng.h>

#include "data.h"

/* Relative errors against central differences, eps held fixed: exercise 7.1 (the KL),
 * exercise 7.2 (the reparameterisation), a whole small VAE, a whole conditional VAE (7.4). */
void gradient_check(double err[4], const ae_dataset *ds, gsl_rng *r);

/* Exercise 7.3 against the library's KL: |sum_j kl_j - B KL| / (B KL) on a random batch. */
double kl_coords_error(gsl_rng *r);

#endif
