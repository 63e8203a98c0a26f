/* Lesson 10's colouriser: the photographs in YCbCr, the network, its training. See colour.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "batch.h"
#include "err.h"
#include "loss.h"
#include "par.h"
#include "progress.h"
#include "rng.h"

#include "colour.h"

const char *const COLOUR_PHOTOS[NCOLOUR] = {"motorcycle_left", "coffee", "astronaut"};

/* BOOK: ycbcr */
/* (10.9) JPEG's YCbCr (ITU-R BT.601, full range), chroma centred on 0 */
void ycbcr_from_rgb(double *Y, double *Cb, double *Cr, double R, double G, double B)
{
    *Y = 0.299 * R + 0.587 * G + 0.114 * B;
    *Cb = (B - *Y) / 1.772;
    *Cr = (R - *Y) / 1.402;
}

/* (10.10) the inverse: R and B from their differences, G from the definition of Y */
void rgb_from_ycbcr(double *R, double *G, double *B, double Y, double Cb, double Cr)
{
    *R = Y + 1.402 * Cr;
    *B = Y + 1.772 * Cb;
    *G = (Y - 0.299 * *R - 0.114 * *B) / 0.587;
}
/* END BOOK */

int colour_photo_load(colour_photo *p, const char *name, const char *data_dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.ppm", data_dir, name);
    *p = (colour_photo){.name = name};
    ae_image rgb[3];
    int st = ae_image_load_rgb(rgb, path);
    if (st)
        return st;
    if (rgb[0].rows < COLOUR_SHRINK * PATCH || rgb[0].cols < COLOUR_SHRINK * PATCH) {
        st = ae_fail("%s: %zu x %zu pixels, need at least %d x %d", path, rgb[0].rows, rgb[0].cols,
                     COLOUR_SHRINK * PATCH, COLOUR_SHRINK * PATCH);
    } else {
        for (size_t ch = 0; ch < 3; ch++)
            ae_image_downsample(&rgb[ch], COLOUR_SHRINK);
        p->rows = rgb[0].rows;
        p->cols = rgb[0].cols;
        size_t n = p->rows * p->cols;
        p->Y = malloc(n * sizeof *p->Y);
        p->Cb = malloc(n * sizeof *p->Cb);
        p->Cr = malloc(n * sizeof *p->Cr);
        AE_ASSERT(p->Y && p->Cb && p->Cr);
        for (size_t k = 0; k < n; k++)
            ycbcr_from_rgb(&p->Y[k], &p->Cb[k], &p->Cr[k], rgb[0].v[k], rgb[1].v[k], rgb[2].v[k]);
    }
    for (size_t ch = 0; ch < 3; ch++)
        ae_image_free(&rgb[ch]);
    return st;
}

void colour_photo_free(colour_photo *p)
{
    free(p->Y);
    free(p->Cb);
    free(p->Cr);
    p->Y = p->Cb = p->Cr = NULL;
}

/* Row b of X: the patch x patch grey patch centred on pixel (i, j) of photograph p, as 2Y - 1 (the edge
 * pixels repeated beyond the border); row b of T (when not NULL): the chroma at (i, j). */
static void fill_patch(gsl_matrix *X, gsl_matrix *T, size_t b, size_t patch, const colour_photo *p, size_t i,
                       size_t j)
{
    const long h = (long)patch / 2;
    double *x = gsl_matrix_ptr(X, b, 0);
    for (long a = -h; a <= h; a++) {
        long r = GSL_MIN(GSL_MAX((long)i + a, 0L), (long)p->rows - 1);
        for (long d = -h; d <= h; d++) {
            long col = GSL_MIN(GSL_MAX((long)j + d, 0L), (long)p->cols - 1);
            x[(a + h) * (long)patch + d + h] = 2.0 * p->Y[(size_t)r * p->cols + (size_t)col] - 1.0;
        }
    }
    if (T) {
        gsl_matrix_set(T, b, 0, p->Cb[i * p->cols + j]);
        gsl_matrix_set(T, b, 1, p->Cr[i * p->cols + j]);
    }
}

colouriser colouriser_alloc(size_t patch, size_t hidden, size_t rows, double lr, gsl_rng *init)
{
    AE_ASSERT(patch % 2 == 1);
    const size_t sizes[] = {patch * patch, hidden, hidden, CHROMA};
    const ae_act f[] = {AE_RELU, AE_RELU, AE_IDENTITY};
    colouriser m = {patch, ae_net_alloc(3, sizes, f, rows), ae_optim_alloc(AE_ADAM, lr),
                    gsl_matrix_alloc(rows, patch * patch), gsl_matrix_alloc(rows, CHROMA), gsl_matrix_alloc(rows, CHROMA)};
    ae_net_init(m.net, init, 1.0);
    ae_net_add_params(m.net, m.opt);
    return m;
}

void colouriser_free(colouriser *m)
{
    ae_net_free(m->net);
    ae_optim_free(m->opt);
    gsl_matrix_free(m->X);
    gsl_matrix_free(m->T);
    gsl_matrix_free(m->dY);
}

/* BOOK: colour_train */
double colour_train(colouriser *m, const ae_cli *c, const colour_photo *train, size_t ntrain, size_t npatches,
                    int epochs)
{
    gsl_rng *r = ae_rng_alloc(c->seed, AE_RNG_DATA);
    const size_t D2 = m->patch * m->patch;
    size_t (*at)[3] = malloc(npatches * sizeof *at);   /* (photograph, row, column) of each patch */
    AE_ASSERT(at);
    for (size_t k = 0; k < npatches; k++) {
        at[k][0] = k % ntrain;                         /* as many from each photograph */
        at[k][1] = gsl_rng_uniform_int(r, train[at[k][0]].rows);
        at[k][2] = gsl_rng_uniform_int(r, train[at[k][0]].cols);
    }
    ae_batcher *batches = ae_batcher_alloc(npatches, COLOUR_BATCH);
    ae_loss_watch watch = {0};
    double lr = m->opt->lr, mse = 0.0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
        m->opt->lr = lr * 0.5 * (1.0 + cos(M_PI * (epoch - 1) / epochs));
        ae_batcher_epoch(batches, r);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            gsl_matrix_view X = gsl_matrix_submatrix(m->X, 0, 0, rows, D2),
                            T = gsl_matrix_submatrix(m->T, 0, 0, rows, CHROMA),
                            dY = gsl_matrix_submatrix(m->dY, 0, 0, rows, CHROMA);
            for (size_t b = 0; b < rows; b++)
                fill_patch(&X.matrix, &T.matrix, b, m->patch, &train[at[idx[b]][0]], at[idx[b]][1], at[idx[b]][2]);
            ae_optim_zero_grad(m->opt);
            const gsl_matrix *Y = ae_net_forward(m->net, &X.matrix);
            double loss = ae_loss_mse(&dY.matrix, Y, &T.matrix);   /* sum over Cb, Cr; mean over the batch */
            ae_check_loss(c, &watch, loss, epoch, k + 1);
            ae_net_backward(m->net, &dY.matrix, AE_SKIP_DX);
            ae_optim_step(m->opt);
            sum += loss * (double)rows;
        }
        mse = sum / (double)(npatches * CHROMA);
        ae_progress(c, "colouriser %zux%zu, epoch %d/%d: chroma MSE %.5f on the training patches", m->patch,
                    m->patch, epoch, epochs, mse);
    }
    ae_batcher_free(batches);
    free(at);
    gsl_rng_free(r);
    return mse;
}
/* END BOOK */

typedef struct {
    colouriser *m;
    const ae_cli *c;
    const colour_photo *train;
    size_t ntrain, npatches;
    int epochs;
} colour_jobs;

static void colour_job(void *ctx, size_t i)
{
    colour_jobs *j = ctx;
    colour_train(&j->m[i], j->c, j->train, j->ntrain, j->npatches, j->epochs);
}

void colour_train_all(colouriser *m, size_t n, const ae_cli *c, const colour_photo *train, size_t ntrain,
                      size_t npatches, int epochs)
{
    colour_jobs j = {m, c, train, ntrain, npatches, epochs};
    ae_par_run(n, colour_job, &j);
}

void colourise(double *Cb_hat, double *Cr_hat, colouriser *m, const colour_photo *p)
{
    size_t n = p->rows * p->cols, cap = m->X->size1;
    for (size_t first = 0; first < n; first += cap) {
        size_t rows = GSL_MIN(cap, n - first);
        gsl_matrix_view X = gsl_matrix_submatrix(m->X, 0, 0, rows, m->patch * m->patch);
        for (size_t b = 0; b < rows; b++)
            fill_patch(&X.matrix, NULL, b, m->patch, p, (first + b) / p->cols, (first + b) % p->cols);
        const gsl_matrix *Y = ae_net_forward(m->net, &X.matrix);
        for (size_t b = 0; b < rows; b++) {
            Cb_hat[first + b] = gsl_matrix_get(Y, b, 0);
            Cr_hat[first + b] = gsl_matrix_get(Y, b, 1);
        }
    }
}

void mean_chroma(double *cb, double *cr, const colour_photo *p, size_t n)
{
    double sb = 0.0, sr = 0.0;
    size_t N = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < p[i].rows * p[i].cols; k++, N++) {
            sb += p[i].Cb[k];
            sr += p[i].Cr[k];
        }
    *cb = sb / (double)N;
    *cr = sr / (double)N;
}

double *chroma_alloc(const colour_photo *p)
{
    double *hat = malloc(CHROMA * p->rows * p->cols * sizeof *hat);
    AE_ASSERT(hat);
    return hat;
}

void colour_errors(double mse[4], double *hat, colouriser m[2], const colour_photo *p, size_t n, double cb, double cr)
{
    double sum[4] = {0};
    size_t N = 0;
    for (size_t i = 0; i < n; i++) {
        size_t np = p[i].rows * p[i].cols;
        double *a = chroma_alloc(&p[i]), *b = a + np;
        for (size_t j = 0; j < 2; j++) {
            colourise(a, b, &m[j], &p[i]);
            for (size_t k = 0; k < np; k++)
                sum[j] += gsl_pow_2(a[k] - p[i].Cb[k]) + gsl_pow_2(b[k] - p[i].Cr[k]);
            if (i == 0 && j == 0)
                memcpy(hat, a, CHROMA * np * sizeof *a);
        }
        for (size_t k = 0; k < np; k++) {
            sum[2] += gsl_pow_2(p[i].Cb[k]) + gsl_pow_2(p[i].Cr[k]);
            sum[3] += gsl_pow_2(cb - p[i].Cb[k]) + gsl_pow_2(cr - p[i].Cr[k]);
        }
        N += np;
        free(a);
    }
    for (size_t j = 0; j < 4; j++)
        mse[j] = sum[j] / (double)(CHROMA * N);
}
