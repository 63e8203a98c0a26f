/* Lesson 08 exercises (BOOK.md chapter 8): the two losses of the GAN game, on the
 * discriminator's logits a (D = sigmoid(a)). `make grade` checks them; `make lesson08`
 * uses them for the held-out discriminator loss and the saturation table. */
#ifndef EX08_H
#define EX08_H

#include <gsl/gsl_vector.h>

/* Exercise 8.1 (eq. 8.1, 8.4): the discriminator's loss on m real and m fake examples,
 *   E = -1/m sum_i [log D(x_i) + log(1 - D(G(z_i)))],   D = sigmoid(a),
 * computed stably for any logits, and its gradients da_real = dE/da_real,
 * da_fake = dE/da_fake (written). All vectors have m entries. */
double ex08_d_loss(gsl_vector *da_real, gsl_vector *da_fake, const gsl_vector *a_real,
                   const gsl_vector *a_fake);

/* Exercise 8.2 (eq. 8.6, 8.7, 8.8): the generator's loss on the logits a_i = a(G(z_i)),
 *   minimax (nonsat == 0):   1/m sum_i log(1 - D(G(z_i)))
 *   non-saturating (1):     -1/m sum_i log D(G(z_i))
 * computed stably, and its gradient da = dloss/da (written). */
double ex08_g_loss(gsl_vector *da, const gsl_vector *a, int nonsat);

#endif
