/* Lesson 07's conditional VAE (BOOK.md 7.11): what its decodings show, and its figures' files. */
#include "cvae.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "batch.h"
#include "err.h"
#include "out.h"

/* The slant of a digit: how far its ink moves right per row up, -cov(col, row) / var(row)
 * over the ink's distribution (rows grow downward); 0 for an upright digit. */
static double slant(const double *img, size_t rows, size_t cols)
{
    double m = 0.0, mr = 0.0, mc = 0.0;
    for (size_t r = 0; r < rows; r++)
        for (size_t k = 0; k < cols; k++) {
            double p = img[r * cols + k];
            m += p, mr += p * (double)r, mc += p * (double)k;
        }
    mr /= m, mc /= m;
    double crc = 0.0, crr = 0.0;
    for (size_t r = 0; r < rows; r++)
        for (size_t k = 0; k < cols; k++) {
            double p = img[r * cols + k], dr = (double)r - mr;
            crc += p * dr * ((double)k - mc);
            crr += p * dr * dr;
        }
    return -crc / crr;
}

/* The class (0 ... 9) whose mean image is nearest to img; means: 10 x D. */
static uint8_t nearest_mean(const double *img, const double *means, size_t D)
{
    uint8_t best = 0;
    double best_d = INFINITY;
    for (uint8_t k = 0; k < 10; k++) {
        double d = 0.0;
        for (size_t i = 0; i < D; i++)
            d += (img[i] - means[k * D + i]) * (img[i] - means[k * D + i]);
        if (d < best_d)
            best_d = d, best = k;
    }
    return best;
}

static double correlation(const double *a, const double *b, size_t n)
{
    double ma = 0.0, mb = 0.0, sab = 0.0, saa = 0.0, sbb = 0.0;
    for (size_t i = 0; i < n; i++)
        ma += a[i] / (double)n, mb += b[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / sqrt(saa * sbb);
}

/* BOOK: cvae_score */
/* The codes mu(x, y) of the first n test digits, each decoded with y' = 0 ... 9 into
 * img (n x 10 rows of D: digit i's ten decodings together), and the score of section 7.11. */
static void cvae_decode_all(ae_vae *v, const ae_dataset *digits, const ae_dataset *test, size_t n, double *img,
                            cvae_score *score)
{
    const size_t D = v->D, K = v->K;
    gsl_matrix *X = gsl_matrix_alloc(n, D);
    gsl_matrix *Z = gsl_matrix_alloc(10 * n, K);
    uint8_t *y = malloc(n), *y10 = malloc(10 * n);
    double *means = calloc(10 * D, sizeof *means), count[10] = {0};
    double *s_x = malloc(10 * n * sizeof *s_x), *s_dec = malloc(10 * n * sizeof *s_dec);
    AE_ASSERT(y && y10 && means && s_x && s_dec && n <= v->max_batch);
    for (size_t i = 0; i < digits->n; i++) {                 /* the class means of the training digits */
        count[digits->y[i]] += 1.0;
        for (size_t p = 0; p < D; p++)
            means[digits->y[i] * D + p] += digits->x[i * D + p] / 255.0;
    }
    for (size_t k = 0; k < 10; k++)
        for (size_t p = 0; p < D; p++)
            means[k * D + p] /= count[k];
    ae_batch_range(X, y, test, 0, n);
    ae_vae_condition(v, y);
    ae_vae_encode(v, X);                                     /* mu(x, y): x's style */
    size_t as_y = 0, real = 0;
    for (size_t i = 0; i < n; i++) {
        real += nearest_mean(X->data + i * D, means, D) == y[i];
        for (size_t k = 0; k < 10; k++) {
            for (size_t j = 0; j < K; j++)
                gsl_matrix_set(Z, 10 * i + k, j, gsl_matrix_get(&v->mu, i, j));
            y10[10 * i + k] = (uint8_t)k;                    /* with every label */
        }
    }
    gsl_matrix_view Img = gsl_matrix_view_array(img, 10 * n, D);
    ae_vae_condition(v, y10);
    ae_vae_decode(v, &Img.matrix, Z);
    for (size_t i = 0; i < 10 * n; i++) {
        as_y += nearest_mean(img + i * D, means, D) == y10[i];
        s_x[i] = slant(X->data + (i / 10) * D, test->rows, test->cols);
        s_dec[i] = slant(img + i * D, test->rows, test->cols);
    }
    score->as_y = (double)as_y / (10.0 * (double)n);
    score->real = (double)real / (double)n;
    score->slant_r = correlation(s_x, s_dec, 10 * n);
    gsl_matrix_free(X), gsl_matrix_free(Z);
    free(y), free(y10), free(means), free(s_x), free(s_dec);
}
/* END BOOK */

static int write_cvae_rows(const ae_cli *c, const ae_dataset *test)
{
    ae_out w;
    int status = ae_out_open(&w, c->out, "cvae_rows.dat",
                             "per row of cvae_styles.dat: the test digit's class; one_y: the label of cvae_one_y.dat");
    if (status)
        return status;
    ae_out_columns(&w, "row class one_y");
    for (size_t r = 0; r < CV_ROWS; r++)
        ae_out_printf(&w, "%zu %u %d\n", r, test->y[r], CV_Y_SHOWN);
    return ae_out_close(&w);
}

int write_cvae(const ae_cli *c, ae_vae *v, const ae_dataset *digits, const ae_dataset *test, cvae_score *score)
{
    const size_t D = v->D, W = 11, n = test->n < CV_READ ? test->n : CV_READ;
    AE_ASSERT(v->C == 10 && v->K == 2 && n >= CV_ROWS);
    double *all = malloc(10 * n * D * sizeof *all), *img = malloc(CV_ROWS * W * D * sizeof *img);
    AE_ASSERT(all && img);
    cvae_decode_all(v, digits, test, n, all, score);
    for (size_t r = 0; r < CV_ROWS; r++) {                   /* the test digit, then its ten decodings */
        gsl_matrix_view x = gsl_matrix_view_array(img + r * W * D, 1, D);
        ae_batch_range(&x.matrix, NULL, test, r, 1);
        memcpy(img + (r * W + 1) * D, all + 10 * r * D, 10 * D * sizeof *img);
    }
    int status = ae_write_mosaic(c->out, "cvae_styles.dat",
                                 "each row: a test digit x, then its code mu(x, y) decoded with y = 0 ... 9",
                                 img, CV_ROWS * W, test->rows, test->cols, W, 1.0);
    free(img);
    /* one label, many z: a grid of Gaussian quantiles as in manifold.dat */
    double *z = malloc(CV_GRID * CV_GRID * 2 * sizeof *z);
    uint8_t y[CV_GRID * CV_GRID];
    AE_ASSERT(z);
    for (size_t i = 0; i < CV_GRID; i++)
        for (size_t j = 0; j < CV_GRID; j++) {
            z[2 * (i * CV_GRID + j)] = gsl_cdf_ugaussian_Pinv((j + 0.5) / CV_GRID);
            z[2 * (i * CV_GRID + j) + 1] = gsl_cdf_ugaussian_Pinv(1.0 - (i + 0.5) / CV_GRID);
            y[i * CV_GRID + j] = CV_Y_SHOWN;
        }
    ae_vae_condition(v, y);
    gsl_matrix_view Z = gsl_matrix_view_array(z, CV_GRID * CV_GRID, 2);
    gsl_matrix_view Grid = gsl_matrix_view_array(all, CV_GRID * CV_GRID, D);
    ae_vae_decode(v, &Grid.matrix, &Z.matrix);
    char what[96];
    snprintf(what, sizeof what, "y = %d decoded with z on a %d x %d grid of Gaussian quantiles", CV_Y_SHOWN,
             CV_GRID, CV_GRID);
    if (!status)
        status = ae_write_mosaic(c->out, "cvae_one_y.dat", what, all, CV_GRID * CV_GRID, test->rows, test->cols,
                                 CV_GRID, 1.0);
    free(z);
    free(all);
    double row[3] = {score->as_y, score->real, score->slant_r};
    if (!status)
        status = ae_write_table(c->out, "cvae.dat",
                                "decodings of test codes with every label: share read as that label by the nearest "
                                "class mean, its accuracy on the test digits, slant correlation",
                                "as_y real slant_r", row, 1, 3);
    return status ? status : write_cvae_rows(c, test);
}
