/* Lesson 08's figures: the scores of the samples and what plots/08-gan.gp reads. */
#include "batch.h"
#include "figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "out.h"
#include "rng.h"

enum { NN_ROWS = 100, NN_SAMPLES = 1000, GLOSS_POINTS = 199, AVG_STEPS = 25 };
static const double SIGMAS[] = {0.05, 0.07, 0.1, 0.12, 0.15, 0.18, 0.22, 0.27, 0.35};
_Static_assert(sizeof SIGMAS / sizeof *SIGMAS == NSIGMA, "NSIGMA (figures.h) counts SIGMAS");

/* ---- the digits as rows ---- */

/* The first n examples of ds as rows of a new array, in a shuffled order if r != NULL. */
static double *rows_of(const ae_dataset *ds, size_t n, gsl_rng *r)
{
    double *S = malloc(n * ds->dim * sizeof *S);
    size_t *idx = malloc(n * sizeof *idx);
    AE_ASSERT(S && idx);
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    if (r)
        gsl_ran_shuffle(r, idx, n, sizeof *idx);
    gsl_matrix_view Sv = gsl_matrix_view_array(S, n, ds->dim);
    ae_batch_fill(&Sv.matrix, NULL, ds, idx, n);
    free(idx);
    return S;
}

void digit_rows_alloc(digit_rows *d, const ae_dataset *train_set, const ae_dataset *valid, const ae_dataset *test,
                      unsigned long seed)
{
    gsl_rng *r = ae_rng_alloc(seed, AE_RNG_SHUFFLE);
    *d = (digit_rows){.train = rows_of(train_set, train_set->n, NULL), .valid = rows_of(valid, valid->n, NULL),
                      .test = rows_of(test, test->n, r), .n_train = train_set->n, .n_valid = valid->n,
                      .n_test = test->n, .D = train_set->dim, .rows = train_set->rows, .cols = train_set->cols};
    gsl_rng_free(r);
}

void digit_rows_free(digit_rows *d)
{
    free(d->train);
    free(d->valid);
    free(d->test);
}

/* ---- the scores ---- */

/* The classifier's verdicts (lib/classifier.c, BOOK.md 8.4) on the n rows of S. */
static void classify(scores *s, ae_net *cls, const double *S, size_t n, size_t D)
{
    gsl_matrix_const_view X = gsl_matrix_const_view_array(S, n, D);
    ae_verdicts v;
    ae_classifier_judge(&v, cls, &X.matrix, SHOW, s->shown_class, s->shown_p);
    s->confident = v.confident;
    s->entropy = v.entropy;
    s->maxp = v.maxp;
    memcpy(s->hist, v.hist, sizeof s->hist);
}

/* Squared distances C_ij = ||a_i||^2 + ||b_j||^2 - 2 a_i . b_j (A: n x D, B: m x D, C: n x m). */
static void sq_dist(gsl_matrix *C, const gsl_matrix *A, const gsl_matrix *B, const double *a2, const double *b2)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, -2.0, A, B, 0.0, C);
    for (size_t i = 0; i < C->size1; i++)
        for (size_t j = 0; j < C->size2; j++)
            *gsl_matrix_ptr(C, i, j) += a2[i] + b2[j];
}

static double *sq_norms(const double *S, size_t n, size_t D)
{
    double *s2 = malloc(n * sizeof *s2);
    AE_ASSERT(s2);
    for (size_t i = 0; i < n; i++) {
        s2[i] = 0.0;
        for (size_t j = 0; j < D; j++)
            s2[i] += S[i * D + j] * S[i * D + j];
    }
    return s2;
}

/* Mean Euclidean distance of the first n samples to their nearest training digit (T: t x D),
 * NN_ROWS samples at a time (their distances to every training digit: NN_ROWS x t). */
static void nearest(scores *s, const double *S, size_t n, const double *T, size_t t, size_t D)
{
    double *s2 = sq_norms(S, n, D), *t2 = sq_norms(T, t, D);
    gsl_matrix *C = gsl_matrix_alloc(NN_ROWS, t);
    gsl_matrix_const_view Tv = gsl_matrix_const_view_array(T, t, D);
    s->nn_dist = 0.0;
    for (size_t first = 0; first < n; first += NN_ROWS) {
        size_t rows = n - first < NN_ROWS ? n - first : NN_ROWS;
        gsl_matrix_const_view A = gsl_matrix_const_view_array(S + first * D, rows, D);
        gsl_matrix_view Cb = gsl_matrix_submatrix(C, 0, 0, rows, t);
        sq_dist(&Cb.matrix, &A.matrix, &Tv.matrix, s2 + first, t2);
        for (size_t i = 0; i < rows; i++) {
            gsl_vector_view row = gsl_matrix_row(&Cb.matrix, i);
            size_t j = gsl_vector_min_index(&row.vector);
            s->nn_dist += sqrt(fmax(0.0, gsl_vector_get(&row.vector, j))) / (double)n;
            if (first + i < NN_SHOW)
                s->nearest[first + i] = j;
        }
    }
    gsl_matrix_free(C);
    free(s2);
    free(t2);
}

/* BOOK: parzen */
/* Parzen-window log-likelihood of each row of E (e x d; d pixels, D being the discriminator)
 * under n Gaussian kernels of width sigma centred on the samples S (8.9):
 *   log p(x) = logsumexp_i(-||x - s_i||^2 / 2 sigma^2) - log n - (d/2) log(2 pi sigma^2).
 * For every sigma of the list: the mean into ll[k] and, with se, its standard error. */
static void parzen(double *ll, double *se, const double *sigmas, size_t nsigma, const double *E, size_t e,
                   const double *S, size_t n, size_t d)
{
    double *e2 = sq_norms(E, e, d), *s2 = sq_norms(S, n, d), *sum2 = calloc(nsigma, sizeof *sum2);
    gsl_matrix *C = gsl_matrix_alloc(EVAL_ROWS, n);
    gsl_matrix_const_view Sv = gsl_matrix_const_view_array(S, n, d);
    AE_ASSERT(sum2);
    for (size_t k = 0; k < nsigma; k++)
        ll[k] = 0.0;
    for (size_t first = 0; first < e; first += EVAL_ROWS) {
        size_t rows = e - first < EVAL_ROWS ? e - first : EVAL_ROWS;
        gsl_matrix_const_view A = gsl_matrix_const_view_array(E + first * d, rows, d);
        gsl_matrix_view Cb = gsl_matrix_submatrix(C, 0, 0, rows, n);
        sq_dist(&Cb.matrix, &A.matrix, &Sv.matrix, e2 + first, s2);
        for (size_t i = 0; i < rows; i++) {
            const double *d2 = Cb.matrix.data + i * Cb.matrix.tda;
            double dmin = d2[0];
            for (size_t j = 1; j < n; j++)
                dmin = fmin(dmin, d2[j]);
            for (size_t k = 0; k < nsigma; k++) {
                double h = 2.0 * sigmas[k] * sigmas[k], sum = 0.0;
                for (size_t j = 0; j < n; j++)
                    sum += exp(-(d2[j] - dmin) / h);              /* logsumexp, shifted by the max */
                double lp = -dmin / h + log(sum) - log((double)n) - 0.5 * (double)d * log(M_PI * h);
                ll[k] += lp / (double)e;
                sum2[k] += lp * lp / (double)e;
            }
        }
    }
    for (size_t k = 0; se && k < nsigma; k++)
        se[k] = sqrt(fmax(0.0, sum2[k] - ll[k] * ll[k]) / (double)e);
    gsl_matrix_free(C);
    free(e2);
    free(s2);
    free(sum2);
}
/* END BOOK */

/* Speckle: the mean count per image of stray pixels, bright (>= 1/2) with no bright pixel
 * among their eight neighbours. A pen stroke is two or three pixels wide, so a real digit
 * has almost none. */
static double stray_pixels(const double *S, size_t n, size_t rows, size_t cols)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const double *x = S + i * rows * cols;
        for (size_t r = 0; r < rows; r++)
            for (size_t c = 0; c < cols; c++) {
                if (x[r * cols + c] < 0.5)
                    continue;
                int alone = 1;
                for (size_t rr = r ? r - 1 : r; rr <= r + 1 && rr < rows; rr++)
                    for (size_t cc = c ? c - 1 : c; cc <= c + 1 && cc < cols; cc++)
                        if ((rr != r || cc != c) && x[rr * cols + cc] >= 0.5)
                            alone = 0;
                count += alone;
            }
    }
    return (double)count / (double)n;
}

void score_set(scores *s, ae_net *cls, const double *S, size_t n, const double *Kern, size_t nk,
               const digit_rows *d)
{
    classify(s, cls, S, n, d->D);
    s->stray = stray_pixels(S, n, d->rows, d->cols);
    nearest(s, S, n < NN_SAMPLES ? n : NN_SAMPLES, d->train, d->n_train, d->D);
    parzen(s->valid_ll, NULL, SIGMAS, NSIGMA, d->valid, d->n_valid, Kern, nk, d->D);   /* sigma on validation */
    size_t best = 0;
    for (size_t k = 1; k < NSIGMA; k++)
        if (s->valid_ll[k] > s->valid_ll[best])
            best = k;
    s->sigma = SIGMAS[best];
    parzen(&s->parzen, &s->parzen_se, &s->sigma, 1, d->test, d->n_test, Kern, nk, d->D);   /* then once on test */
}

/* ---- outputs ---- */

/* BOOK: gloss_table */
/* Both generator losses and their gradients dloss/da against D(G(z)) = sigmoid(a),
 * through exercise 8.2. */
int write_gloss(const ae_cli *c)
{
    double rows[GLOSS_POINTS * 5];
    gsl_vector *a = gsl_vector_alloc(1), *da = gsl_vector_alloc(1);
    for (size_t i = 0; i < GLOSS_POINTS; i++) {
        double d = (i + 1.0) / (GLOSS_POINTS + 1.0);
        gsl_vector_set(a, 0, log(d / (1.0 - d)));            /* a = logit(D) */
        double *r = rows + 5 * i;
        r[0] = d;
        r[1] = ex08_g_loss(da, a, 0);                        /* log(1 - D) */
        r[2] = gsl_vector_get(da, 0);                        /* -D */
        r[3] = ex08_g_loss(da, a, 1);                        /* -log D */
        r[4] = gsl_vector_get(da, 0);                        /* D - 1 */
    }
    gsl_vector_free(a);
    gsl_vector_free(da);
    return ae_write_table(c->out, "gloss.dat", "generator losses and dloss/da against D(G(z)) (exercise 8.2)",
                          "d minimax dminimax nonsat dnonsat", rows, GLOSS_POINTS, 5);
}
/* END BOOK */


/* The mean of field f (0 D(x), 1 D(G(z)), 2 E, 3 G's loss) of log[i - AVG_STEPS + 1 .. i],
 * fewer at the start. */
static double running_mean(const gan_row *log, size_t i, size_t f)
{
    size_t first = i + 1 > AVG_STEPS ? i + 1 - AVG_STEPS : 0;
    double sum = 0.0;
    for (size_t t = first; t <= i; t++) {
        const double v[4] = {log[t].d_real, log[t].d_fake, log[t].d_loss, log[t].g_loss};
        sum += v[f];
    }
    return sum / (double)(i + 1 - first);
}

int write_curve(const ae_cli *c, const run *R)
{
    enum { COLS = 10 };
    double *rows = malloc(R->steps * COLS * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t i = 0; i < R->steps; i++) {
        const gan_row *g = &R->log[i];
        double r[COLS] = {i + 1, g->d_real, g->d_fake, g->d_loss, g->g_loss, running_mean(R->log, i, 0),
                          running_mean(R->log, i, 1), running_mean(R->log, i, 2), running_mean(R->log, i, 3),
                          g->g_norm};
        memcpy(rows + COLS * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "curve.dat", "per generator step: mean D(x), D(G(z)) of the "
                                "discriminator's batch, E (8.1), G's loss, each also as its mean over the last "
                                "25 steps, and ||dL/dtheta_G||",
                                "step d_real d_fake d_loss g_loss d_real_avg d_fake_avg d_loss_avg g_loss_avg g_norm",
                                rows, R->steps, COLS);
    free(rows);
    return status;
}

int write_epochs(const ae_cli *c, const epoch_row *ep, int epochs)
{
    double *e = malloc((size_t)epochs * 7 * sizeof *e);
    AE_ASSERT(e);
    for (int i = 0; i < epochs; i++) {
        double r[7] = {i + 1, ep[i].d_real, ep[i].d_fake, ep[i].E, ep[i].vae_rec, ep[i].vae_kl,
                       ep[i].vae_rec + ep[i].vae_kl};
        memcpy(e + 7 * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "epochs.dat", "per epoch on the test digits: the GAN's discriminator "
                                "and the VAE's -ELBO (nats)", "epoch d_real d_fake E vae_rec vae_kl vae_loss",
                                e, (size_t)epochs, 7);
    free(e);
    return status;
}

int write_saturation(const ae_cli *c, const run *R, const run *other)
{
    const run *mm = R->kind == AE_GAN_MINIMAX ? R : other, *ns = R->kind == AE_GAN_MINIMAX ? other : R;
    size_t n = other->steps;
    double *s = malloc(n * 5 * sizeof *s);
    AE_ASSERT(s);
    for (size_t i = 0; i < n; i++) {
        double r[5] = {i + 1, mm->log[i].g_norm, mm->log[i].d_fake, ns->log[i].g_norm, ns->log[i].d_fake};
        memcpy(s + 5 * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "saturation.dat", "the first generator steps from one start: "
                                "||dL/dtheta_G|| and mean D(G(z)) with each loss",
                                "step norm_minimax dfake_minimax norm_nonsat dfake_nonsat", s, n, 5);
    free(s);
    return status;
}

int write_samples(const ae_cli *c, size_t set, const double *S, const digit_rows *d)
{
    static const char *names[NSETS] = {"samples_real.dat", "samples_vae.dat", "samples_gan.dat"};
    static const char *what[NSETS] = {"64 test digits (in a shuffled order)", "64 VAE samples: sigmoid(decoder(z)), z ~ N(0, I)",
                                      "64 GAN samples: (G(z) + 1)/2, z ~ N(0, I)"};
    return ae_write_mosaic(c->out, names[set], what[set], S, SHOW, d->rows, d->cols, 8, 1.0);
}

int write_verdicts(const ae_cli *c, const scores *sc)
{
    double rows[NSETS * SHOW * 4];
    for (size_t s = 0; s < NSETS; s++)
        for (size_t i = 0; i < SHOW; i++) {
            double r[4] = {s, i, sc[s].shown_class[i], sc[s].shown_p[i]};
            memcpy(rows + 4 * (s * SHOW + i), r, sizeof r);
        }
    return ae_write_table(c->out, "verdicts.dat", "the classifier's class and its probability p for each tile "
                          "of samples_*.dat (set 0 real, 1 VAE, 2 GAN; tile i at row i / 8, column i % 8)",
                          "set tile class p", rows, NSETS * SHOW, 4);
}

int write_nearest(const ae_cli *c, double *const S[NSETS], const scores *sc, const digit_rows *d)
{
    const size_t D = d->D;
    double *img = malloc(4 * NN_SHOW * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t r = 0; r < 2; r++) {   /* rows: GAN samples, their nearest; VAE samples, their nearest */
        size_t set = r == 0 ? GAN : VAE;
        for (size_t i = 0; i < NN_SHOW; i++) {
            memcpy(img + ((2 * r) * NN_SHOW + i) * D, S[set] + i * D, D * sizeof *img);
            memcpy(img + ((2 * r + 1) * NN_SHOW + i) * D, d->train + sc[set].nearest[i] * D, D * sizeof *img);
        }
    }
    int status = ae_write_mosaic(c->out, "nearest.dat", "rows: GAN samples; their nearest training digits; "
                                 "VAE samples; their nearest training digits", img, 4 * NN_SHOW, d->rows, d->cols,
                                 NN_SHOW, 1.0);
    free(img);
    return status;
}

int write_classes(const ae_cli *c, const scores *sc)
{
    double hist[CLASSES * 4];
    for (size_t k = 0; k < CLASSES; k++) {
        double r[4] = {k, sc[REAL].hist[k], sc[VAE].hist[k], sc[GAN].hist[k]};
        memcpy(hist + 4 * k, r, sizeof r);
    }
    return ae_write_table(c->out, "classes.dat", "share of each set the classifier puts in each class",
                          "class real vae gan", hist, CLASSES, 4);
}

int write_parzen(const ae_cli *c, const scores *sc)
{
    double par[NSIGMA * 4];
    for (size_t k = 0; k < NSIGMA; k++) {
        double r[4] = {SIGMAS[k], sc[REAL].valid_ll[k], sc[VAE].valid_ll[k], sc[GAN].valid_ll[k]};
        memcpy(par + 4 * k, r, sizeof r);
    }
    return ae_write_table(c->out, "parzen.dat", "mean Parzen log-likelihood of the validation digits "
                          "(nats) against sigma; kernels on training digits, VAE and GAN samples",
                          "sigma real vae gan", par, NSIGMA, 4);
}

int write_comparison(const ae_cli *c, const scores *sc)
{
    double table[NSETS * 9];
    for (size_t s = 0; s < NSETS; s++) {
        double r[9] = {s, sc[s].confident, sc[s].entropy, sc[s].maxp, sc[s].stray, sc[s].nn_dist, sc[s].parzen,
                       sc[s].parzen_se, sc[s].sigma};
        memcpy(table + 9 * s, r, sizeof r);
    }
    return ae_write_table(c->out, "comparison.dat", "set 0: real digits (test digits scored; training "
                          "digits as Parzen kernels), 1: VAE samples, 2: GAN samples",
                          "set confident entropy maxp stray nn_dist parzen parzen_se sigma", table, NSETS, 9);
}

int write_classifier(const ae_cli *c, const double *curve, int epochs)
{
    return ae_write_table(c->out, "classifier.dat", "the classifier 784-256-10 on the real digits",
                          "epoch train_loss test_acc", curve, (size_t)epochs, 3);
}
