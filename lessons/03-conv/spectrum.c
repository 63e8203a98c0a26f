/* Lesson 03's power spectra: the 2-D DFT of a small image and what the figures draw of it. See spectrum.h. */
#include "spectrum.h"

#include <math.h>

#include <gsl/gsl_math.h>

#include "err.h"
#include "model.h"

/* cs[u n + j] = cos(2 pi u j / n), sn likewise, for n = SIDE */
void dft_tables(double *cs, double *sn)
{
    for (size_t u = 0; u < SIDE; u++)
        for (size_t j = 0; j < SIDE; j++) {
            cs[u * SIDE + j] = cos(2 * M_PI * (double)(u * j) / SIDE);
            sn[u * SIDE + j] = sin(2 * M_PI * (double)(u * j) / SIDE);
        }
}

/* P[u][v] += |F(u, v)|^2, the 2-D DFT of the n x n image x with its mean removed
 * (rows, then columns; cos and sin tables of n x n). */
void add_power(double *P, const double *x, size_t n, const double *cs, const double *sn)
{
    double mean = 0.0, re[SIDE * SIDE], im[SIDE * SIDE];
    AE_ASSERT(n <= SIDE);
    for (size_t i = 0; i < n * n; i++)
        mean += x[i] / (double)(n * n);
    for (size_t i = 0; i < n; i++)   /* along each row: R[i][v] = sum_j x_ij e^(-2 pi i v j / n) */
        for (size_t v = 0; v < n; v++) {
            double a = 0.0, b = 0.0;
            for (size_t j = 0; j < n; j++) {
                a += (x[i * n + j] - mean) * cs[v * n + j];
                b -= (x[i * n + j] - mean) * sn[v * n + j];
            }
            re[i * n + v] = a, im[i * n + v] = b;
        }
    for (size_t u = 0; u < n; u++)   /* down each column */
        for (size_t v = 0; v < n; v++) {
            double a = 0.0, b = 0.0;
            for (size_t i = 0; i < n; i++) {
                a += re[i * n + v] * cs[u * n + i] + im[i * n + v] * sn[u * n + i];
                b += im[i * n + v] * cs[u * n + i] - re[i * n + v] * sn[u * n + i];
            }
            P[u * n + v] += a * a + b * b;
        }
}

/* Share of a spectrum's power (zero frequency left out) at each frequency f = 0 .. n/2
 * along one axis, summed over the other axis, f and n - f together, the two axes averaged. */
void axis_profile(double *share, const double *P, size_t n)
{
    double total = 0.0;
    for (size_t i = 1; i < n * n; i++)
        total += P[i];
    for (size_t f = 0; f <= n / 2; f++) {
        double sum = 0.0;
        for (size_t o = 0; o < n; o++) {
            sum += P[o * n + f] + P[f * n + o];                       /* column f, row f */
            if (f != 0 && f != n - f)
                sum += P[o * n + (n - f)] + P[(n - f) * n + o];   /* and the mirror frequency */
        }
        share[f] = total > 0.0 ? sum / (2.0 * total) : 0.0;
    }
}

/* A power spectrum as an image in [0, 1]: zero frequency in the middle, log10 of the
 * power over its largest value, from 10^-6 (0) to 1 (1). */
void spectrum_image(double *img, const double *P, size_t n)
{
    double top = 0.0;
    for (size_t i = 1; i < n * n; i++)
        top = fmax(top, P[i]);
    for (size_t u = 0; u < n; u++)
        for (size_t v = 0; v < n; v++) {
            double p = top > 0.0 ? P[u * n + v] / top : 0.0;
            double level = p > 1e-6 ? 1.0 + log10(p) / 6.0 : 0.0;
            img[((u + n / 2) % n) * n + (v + n / 2) % n] = fmin(level, 1.0);
        }
}
