/* Lesson 07 exercises: the Gaussian KL and the reparameterisation, for one example; the KL
 * per coordinate over a batch; the conditional VAE's split of d[z | y].
 * Each stub compiles and runs; `make grade` tells you which are still wrong. */
#include "exercises.h"

#include <math.h>

/* BOOK: ex_gauss_kl */
double ex07_gauss_kl(gsl_vector *dmu, gsl_vector *dlogvar, const gsl_vector *mu,
                     const gsl_vector *logvar)
{
#ifdef SOLUTION
    double kl = 0.0;
    for (size_t j = 0; j < mu->size; j++) {
        double m = gsl_vector_get(mu, j), lv = gsl_vector_get(logvar, j);
        kl += -0.5 * (1.0 + lv - m * m - exp(lv));           /* (7.4) */
        gsl_vector_set(dmu, j, m);                           /* (7.5) dKL/dmu_j = mu_j */
        gsl_vector_set(dlogvar, j, 0.5 * (exp(lv) - 1.0));   /* (7.5) dKL/dlogvar_j = (sigma_j^2 - 1)/2 */
    }
    return kl;
#else
    /* EXERCISE 7.1 (BOOK.md eq. 7.4, 7.5): sum the KL over the k coordinates and write
     * dmu_j = dKL/dmu_j and dlogvar_j = dKL/dlogvar_j (sigma_j^2 = exp(logvar_j)). */
    (void)mu;
    (void)logvar;
    gsl_vector_set_zero(dmu);
    gsl_vector_set_zero(dlogvar);
    return 0.0;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: ex_reparam_backward */
void ex07_reparam_backward(gsl_vector *dmu, gsl_vector *dlogvar, const gsl_vector *dz,
                           const gsl_vector *logvar, const gsl_vector *eps)
{
#ifdef SOLUTION
    for (size_t j = 0; j < dz->size; j++) {
        double sigma = exp(0.5 * gsl_vector_get(logvar, j));
        /* (7.7) dz/dmu = 1,  dz/dlogvar = eps sigma / 2 */
        *gsl_vector_ptr(dmu, j) += gsl_vector_get(dz, j);
        *gsl_vector_ptr(dlogvar, j) += gsl_vector_get(dz, j) * gsl_vector_get(eps, j) * 0.5 * sigma;
    }
#else
    /* EXERCISE 7.2 (BOOK.md eq. 7.7): z_j = mu_j + exp(logvar_j / 2) eps_j. Add
     * dz_j dz_j/dmu_j to dmu_j and dz_j dz_j/dlogvar_j to dlogvar_j (do not overwrite). */
    (void)dmu;
    (void)dlogvar;
    (void)dz;
    (void)logvar;
    (void)eps;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: ex_kl_per_coord */
void ex07_kl_per_coord(gsl_vector *kl, const gsl_matrix *Mu, const gsl_matrix *Logvar)
{
#ifdef SOLUTION
    for (size_t j = 0; j < Mu->size2; j++) {
        double sum = 0.0;
        for (size_t b = 0; b < Mu->size1; b++) {
            double m = gsl_matrix_get(Mu, b, j), lv = gsl_matrix_get(Logvar, b, j);
            sum -= 0.5 * (1.0 + lv - m * m - exp(lv));          /* (7.9): coordinate j's term of (7.4) */
        }
        gsl_vector_set(kl, j, sum);
    }
#else
    /* EXERCISE 7.3 (BOOK.md eq. 7.9): kl_j = the sum over the B rows of coordinate j's term of
     * the KL (7.4), -1/2 (1 + logvar_bj - mu_bj^2 - exp(logvar_bj)). Write kl (do not add). */
    (void)Mu;
    (void)Logvar;
    gsl_vector_set_zero(kl);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: ex_cond_split */
void ex07_cond_split(gsl_vector *dz, const gsl_vector *dzy)
{
#ifdef SOLUTION
    for (size_t j = 0; j < dz->size; j++)
        gsl_vector_set(dz, j, gsl_vector_get(dzy, j));       /* (7.12) dL/dz: the first K entries */
    /* entries K .. K + C - 1, dL/dy, are dropped: y is a label, not a parameter */
#else
    /* EXERCISE 7.4 (BOOK.md eq. 7.12): dzy = dL/d[z | y] has dz->size entries of z, then the
     * label's. Write dz = dL/dz (do not add); the label's part has nowhere to go. */
    (void)dzy;
    gsl_vector_set_zero(dz);
#endif /* SOLUTION */
}
/* END BOOK */
