/* Lesson 09's gaps in the code: images decoded from random codes, the plain AE's and the
 * VAE's, judged by a classifier trained here on the real images (lesson 08's way). */
#include "gaps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics.h>

#include "batch.h"
#include "err.h"
#include "loss.h"
#include "optim.h"
#include "out.h"
#include "progress.h"
#include "rng.h"

enum { CLS_HIDDEN = 128, CLS_BATCH = 64, CLS_EPOCHS = 2, CLS_ROWS = 500 };
#define CLS_LR 1e-3
#define CONFIDENT 0.9   /* a "confident" verdict: largest class probability >= 0.9 */

/* The share of the rows of a set the classifier gets right. */
static double accuracy(ae_net *net, const ae_dataset *ds, gsl_matrix *X, gsl_matrix *P)
{
    uint8_t y[CLS_ROWS];
    size_t correct = 0;
    for (size_t first = 0; first < ds->n; first += CLS_ROWS) {
        size_t n = ds->n - first < CLS_ROWS ? ds->n - first : CLS_ROWS;
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, n, ds->dim);
        gsl_matrix_view Pb = gsl_matrix_submatrix(P, 0, 0, n, CLASSES);
        ae_batch_range(&Xb.matrix, y, ds, first, n);
        ae_loss_softmax_ce(NULL, &Pb.matrix, ae_net_forward(net, &Xb.matrix), y);
        correct += ae_count_correct(&Pb.matrix, y);
    }
    return (double)correct / (double)ds->n;
}

ae_net *train_classifier(const ae_cli *c, const ae_dataset *train, const ae_dataset *test, double *acc)
{
    const size_t sizes[] = {train->dim, CLS_HIDDEN, CLASSES};
    const ae_act f[] = {AE_RELU, AE_IDENTITY};
    ae_net *net = ae_net_alloc(2, sizes, f, CLS_ROWS);
    gsl_rng *init = ae_rng_alloc(c->seed + 1, AE_RNG_INIT), *shuffle = ae_rng_alloc(c->seed + 1, AE_RNG_SHUFFLE);
    ae_net_init(net, init, 1.0);
    ae_optim *opt = ae_optim_alloc(AE_ADAM, CLS_LR);
    ae_net_add_params(net, opt);
    gsl_matrix *X = gsl_matrix_alloc(CLS_ROWS, train->dim), *P = gsl_matrix_alloc(CLS_ROWS, CLASSES);
    gsl_matrix *dA = gsl_matrix_alloc(CLS_ROWS, CLASSES);
    uint8_t y[CLS_BATCH];
    ae_batcher *batches = ae_batcher_alloc(train->n, CLS_BATCH);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= CLS_EPOCHS; epoch++) {   /* zero grad, forward, softmax CE, backward, step */
        const size_t *idx;
        ae_batcher_epoch(batches, shuffle);
        for (size_t rows, b = 1; (rows = ae_batcher_next(batches, &idx)) > 0; b++) {
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, train->dim);
            gsl_matrix_view Pb = gsl_matrix_submatrix(P, 0, 0, rows, CLASSES);
            gsl_matrix_view dAb = gsl_matrix_submatrix(dA, 0, 0, rows, CLASSES);
            ae_batch_fill(&Xb.matrix, y, train, idx, rows);
            ae_optim_zero_grad(opt);
            ae_check_loss(c, &watch, ae_loss_softmax_ce(&dAb.matrix, &Pb.matrix, ae_net_forward(net, &Xb.matrix), y),
                          epoch, b);
            ae_net_backward(net, &dAb.matrix, AE_SKIP_DX);
            ae_optim_step(opt);
        }
    }
    *acc = accuracy(net, test, X, P);
    ae_progress(c, "classifier %zu-%d-%d, %d epochs: test accuracy %.2f%%", train->dim, CLS_HIDDEN, CLASSES,
                CLS_EPOCHS, 100 * *acc);
    ae_batcher_free(batches);
    ae_optim_free(opt);
    gsl_matrix_free(X);
    gsl_matrix_free(P);
    gsl_matrix_free(dA);
    gsl_rng_free(init);
    gsl_rng_free(shuffle);
    return net;
}

/* BOOK: gap_samples */
/* Decoded random codes (S: n x D) of the three kinds of GAP_SETS, from r: the plain AE from the prior
 * N(0, I) and from N(m, diag s^2), m and s each code coordinate's mean and spread over the training
 * codes Ztrain (the nearest Gaussian to where its codes are); the VAE from its prior N(0, I). */
static void sample_codes(gsl_matrix *S, size_t set, const coder pair[2], const gsl_matrix *Ztrain, gsl_rng *r)
{
    const coder *m = set == GAP_VAE ? &pair[1] : &pair[0];
    const size_t k = coder_k(m);
    gsl_matrix *Z = gsl_matrix_alloc(S->size1, k);
    for (size_t j = 0; j < k; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(Ztrain, j);
        double mean = 0.0, sd = 1.0;
        if (set == GAP_AE_FIT) {
            mean = gsl_stats_mean(col.vector.data, col.vector.stride, col.vector.size);
            sd = gsl_stats_sd_m(col.vector.data, col.vector.stride, col.vector.size, mean);
        }
        for (size_t n = 0; n < S->size1; n++)
            gsl_matrix_set(Z, n, j, mean + ae_rng_gaussian(r, sd));   /* z_j ~ N(m_j, s_j^2) */
    }
    coder_decode(m, S, Z);
    gsl_matrix_free(Z);
}
/* END BOOK */

/* BOOK: gap_scores */
/* The classifier's verdicts on the rows of S: the share with largest class probability >= CONFIDENT,
 * the mean largest probability, the entropy of the class histogram (log 10 = 2.303 nats when every
 * class is equally common). */
static void judge(gap_score *g, ae_net *cls, const gsl_matrix *S)
{
    const size_t n = S->size1;
    gsl_matrix *P = gsl_matrix_alloc(CLS_ROWS, CLASSES);
    uint8_t y[CLS_ROWS] = {0};
    double count[CLASSES] = {0};
    *g = (gap_score){0};
    for (size_t first = 0; first < n; first += CLS_ROWS) {
        size_t rows = n - first < CLS_ROWS ? n - first : CLS_ROWS;
        gsl_matrix_const_view X = gsl_matrix_const_submatrix(S, first, 0, rows, S->size2);
        gsl_matrix_view Pb = gsl_matrix_submatrix(P, 0, 0, rows, CLASSES);
        ae_loss_softmax_ce(NULL, &Pb.matrix, ae_net_forward(cls, &X.matrix), y);   /* p = softmax */
        for (size_t i = 0; i < rows; i++) {
            gsl_vector_view p = gsl_matrix_row(&Pb.matrix, i);
            size_t k = gsl_vector_max_index(&p.vector);
            double pk = gsl_vector_get(&p.vector, k);
            count[k] += 1.0;
            g->maxp += pk / (double)n;
            g->confident += (pk >= CONFIDENT) / (double)n;
        }
    }
    for (size_t k = 0; k < CLASSES; k++)
        if (count[k] > 0)
            g->entropy -= count[k] / (double)n * log(count[k] / (double)n);   /* H = -sum_k q_k log q_k */
    gsl_matrix_free(P);
}
/* END BOOK */

int write_gaps(const ae_cli *c, const coder pair[2], const gsl_matrix *Ztrain, const ae_dataset *test, ae_net *cls,
               gap_score score[GAP_SETS])
{
    const size_t D = test->dim, n = test->n < GAP_SAMPLES ? test->n : GAP_SAMPLES;
    gsl_matrix *S = gsl_matrix_alloc(n, D);
    double *img = malloc(GAP_SETS * GAP_SHOW * D * sizeof *img), rows[GAP_SETS * 4];
    AE_ASSERT(img && n >= GAP_SHOW);
    gsl_rng *r = ae_rng_alloc(c->seed + 2, AE_RNG_NOISE);
    for (size_t set = 0; set < GAP_SETS; set++) {
        if (set == GAP_REAL)
            ae_batch_range(S, NULL, test, 0, n);
        else
            sample_codes(S, set, pair, Ztrain, r);
        judge(&score[set], cls, S);
        memcpy(img + set * GAP_SHOW * D, S->data, GAP_SHOW * D * sizeof *img);
        double row[4] = {(double)set, score[set].confident, score[set].maxp, score[set].entropy};
        memcpy(rows + 4 * set, row, sizeof row);
    }
    gsl_rng_free(r);
    gsl_matrix_free(S);
    int status = ae_write_mosaic(c->out, "gaps.dat", "rows: test images; plain AE g(z), z ~ N(0, I); plain AE g(z), "
                                 "z ~ N(m, diag s^2) of its training codes; VAE g(z), z ~ N(0, I)",
                                 img, GAP_SETS * GAP_SHOW, test->rows, test->cols, GAP_SHOW, 1.0);
    free(img);
    if (status)
        return status;
    return ae_write_table(c->out, "gap_scores.dat", "the classifier's verdicts on 2000 images of each set "
                          "(0 test images, 1 AE prior, 2 AE fitted Gaussian, 3 VAE prior)",
                          "set confident maxp entropy", rows, GAP_SETS, 4);
}
