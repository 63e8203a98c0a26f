/* Lesson 08 exercises: the discriminator's and the generator's losses from logits.
 * Each stub compiles and runs; `make grade` tells you which are still wrong. */
#include "exercises.h"

#include <math.h>

#include "act.h"

/* BOOK: ex_d_loss */
double ex08_d_loss(gsl_vector *da_real, gsl_vector *da_fake, const gsl_vector *a_real,
                   const gsl_vector *a_fake)
{
#ifdef SOLUTION
    const double m = (double)a_real->size;
    double E = 0.0;
    for (size_t i = 0; i < a_real->size; i++) {
        double ar = gsl_vector_get(a_real, i), af = gsl_vector_get(a_fake, i);
        E += ae_softplus(-ar) + ae_softplus(af);   /* (8.4) -log sigma(a) = softplus(-a), -log(1 - sigma(a)) = softplus(a) */
        gsl_vector_set(da_real, i, (ae_sigmoid(ar) - 1.0) / m);   /* (8.4) D(x) - 1 */
        gsl_vector_set(da_fake, i, ae_sigmoid(af) / m);           /* (8.4) D(G(z)) */
    }
    return E / m;
#else
    /* EXERCISE 8.1 (BOOK.md eq. 8.1, 8.4): write -log sigma(a) and -log(1 - sigma(a)) with
     * ae_softplus so that no logit overflows, average over the m pairs, and write the
     * gradients dE/da of both halves (each divided by m). */
    (void)a_real;
    (void)a_fake;
    gsl_vector_set_zero(da_real);
    gsl_vector_set_zero(da_fake);
    return 0.0;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: ex_g_loss */
double ex08_g_loss(gsl_vector *da, const gsl_vector *a, int nonsat)
{
#ifdef SOLUTION
    const double m = (double)a->size;
    double loss = 0.0;
    for (size_t i = 0; i < a->size; i++) {
        double ai = gsl_vector_get(a, i), d = ae_sigmoid(ai);
        if (nonsat) {
            loss += ae_softplus(-ai);                     /* (8.7) -log D */
            gsl_vector_set(da, i, (d - 1.0) / m);         /* (8.8) D - 1 */
        } else {
            loss -= ae_softplus(ai);                      /* (8.6) log(1 - D) */
            gsl_vector_set(da, i, -d / m);                /* (8.8) -D */
        }
    }
    return loss / m;
#else
    /* EXERCISE 8.2 (BOOK.md eq. 8.6, 8.7, 8.8): the mean of log(1 - D) (minimax) or of
     * -log D (non-saturating) over the m logits, stably, and da_i = dloss/da_i. */
    (void)a;
    (void)nonsat;
    gsl_vector_set_zero(da);
    return 0.0;
#endif /* SOLUTION */
}
/* END BOOK */
