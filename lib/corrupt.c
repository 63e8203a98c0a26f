/* corrupt — corruption noise for denoising (lesson 04; Vincent et al. 2008). See corrupt.h. */
#include "corrupt.h"
#include "err.h"
#include "student.h"

#include <math.h>
#include <gsl/gsl_randist.h>

const char *ae_noise_name(ae_noise kind)
{
    switch (kind) {
    case AE_NOISE_GAUSSIAN: return "gaussian";
    case AE_NOISE_MASK: return "mask";
    case AE_NOISE_SALT_PEPPER: return "saltpepper";
    }
    return "?";
}

static void copy_if_needed(gsl_matrix *Xc, const gsl_matrix *X)
{
    AE_ASSERT(Xc->size1 == X->size1 && Xc->size2 == X->size2);
    if (Xc != X)
        gsl_matrix_memcpy(Xc, X);
}

void ae_corrupt_gaussian(gsl_matrix *Xc, const gsl_matrix *X, double sigma, gsl_rng *r)
{
    copy_if_needed(Xc, X);
    for (size_t b = 0; b < Xc->size1; b++) {
        double *x = Xc->data + b * Xc->tda;
        for (size_t i = 0; i < Xc->size2; i++) {
            double v = x[i] + gsl_ran_gaussian_ziggurat(r, sigma);   /* x + N(0, sigma^2) */
            x[i] = v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;                 /* clipped to [0, 1] */
        }
    }
}

#ifdef SOLUTION   /* exercise 4.1 */
/* Selection sampling (Knuth, TAOCP 3.4.2, algorithm S): visit the D components in
 * order and take each with probability (still needed) / (still left), so exactly
 * m of them are taken and every m-subset is equally likely. salt < 0: set to 0;
 * otherwise a fair coin picks 0 or 1. */
static void corrupt_chosen(gsl_matrix *Xc, double nu, int salt, gsl_rng *r)
{
    AE_ASSERT(nu >= 0.0 && nu <= 1.0);
    const size_t D = Xc->size2, m = (size_t)lround(nu * (double)D);
    for (size_t b = 0; b < Xc->size1; b++) {
        double *x = Xc->data + b * Xc->tda;
        size_t need = m;
        for (size_t i = 0; i < D && need > 0; i++)
            if ((double)(D - i) * gsl_rng_uniform(r) < (double)need) {
                x[i] = salt ? (double)gsl_rng_uniform_int(r, 2) : 0.0;
                need--;
            }
    }
}
#endif

void ae_corrupt_mask(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r)
{
#ifdef SOLUTION
    copy_if_needed(Xc, X);
    corrupt_chosen(Xc, nu, 0, r);
#else
    student_mask_noise(Xc, X, nu, r);   /* exercise 4.1 */
#endif
}

void ae_corrupt_salt_pepper(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r)
{
    copy_if_needed(Xc, X);
#ifdef SOLUTION
    corrupt_chosen(Xc, nu, 1, r);
#else
    student_salt_pepper(Xc, nu, r);   /* the places chosen by exercise 4.1's masking */
#endif
}

void ae_corrupt(gsl_matrix *Xc, const gsl_matrix *X, ae_noise kind, double level, gsl_rng *r)
{
    switch (kind) {
    case AE_NOISE_GAUSSIAN: ae_corrupt_gaussian(Xc, X, level, r); return;
    case AE_NOISE_MASK: ae_corrupt_mask(Xc, X, level, r); return;
    case AE_NOISE_SALT_PEPPER: ae_corrupt_salt_pepper(Xc, X, level, r); return;
    }
    AE_ASSERT(!"unknown noise kind");
}

void ae_corrupt_block(gsl_matrix *Xc, const gsl_matrix *X, size_t rows, size_t cols,
                      size_t side, gsl_rng *r)
{
    AE_ASSERT(rows * cols == X->size2 && side >= 1 && side <= rows && side <= cols);
    copy_if_needed(Xc, X);
    for (size_t b = 0; b < Xc->size1; b++) {
        double *x = Xc->data + b * Xc->tda;
        size_t top = gsl_rng_uniform_int(r, rows - side + 1);
        size_t left = gsl_rng_uniform_int(r, cols - side + 1);
        for (size_t a = 0; a < side; a++)
            for (size_t c = 0; c < side; c++)
                x[(top + a) * cols + left + c] = 0.0;
    }
}
