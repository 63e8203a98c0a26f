/* Lesson 11's models. See model.h. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_math.h>

#include "act.h"
#include "batch.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"
#include "err.h"
#include "gradcheck.h"
#include "loss.h"

#include "exercises.h"
#include "model.h"

#define GC_ENTRIES 300   /* weights per layer in the gradient check */

/* ---- the autoencoder ---- */

ae_net *encoder_alloc(size_t D, size_t k, size_t rows)
{
    size_t sizes[] = {D, HIDDEN, k};
    ae_act f[] = {AE_RELU, AE_IDENTITY};
    return ae_net_alloc(2, sizes, f, rows);
}

ae_autoenc *autoenc_alloc(size_t D, size_t k, size_t rows, gsl_rng *init)
{
    const size_t sizes[] = {D, HIDDEN, k};
    ae_autoenc *m = ae_autoenc_alloc(2, sizes, AE_RELU, AE_IDENTITY, rows);   /* x_hat = sigmoid(logits) */
    ae_autoenc_init(m, init, 1.0);
    return m;
}

/* BOOK: autoenc_train */
/* `epochs` passes of Adam over sub on the BCE of x_hat = sigmoid(dec(enc(x))), cosine-decayed
 * step; curve[e] = mean training BCE per pixel in epoch e. */
void train_autoencoder(ae_autoenc *m, const ae_cli *c, const subset *sub, const char *what, double *curve)
{
    ae_optim *opt = ae_optim_alloc(AE_ADAM, c->lr);
    ae_autoenc_add_params(m, opt);
    const size_t D = sub->ds->dim;
    gsl_matrix *X = gsl_matrix_alloc(c->batch, D), *dA = gsl_matrix_alloc(c->batch, D);
    size_t *map = malloc(c->batch * sizeof *map);
    AE_ASSERT(map);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(sub->n, c->batch);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        opt->lr = c->lr * 0.5 * (1.0 + cos(M_PI * (epoch - 1) / c->epochs));   /* cosine decay */
        ae_batcher_epoch(batches, shuffle);
        const size_t *pos;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &pos)) > 0; k++) {
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D), dAb = gsl_matrix_submatrix(dA, 0, 0, rows, D);
            subset_fill(&Xb.matrix, NULL, sub, pos, rows, map);
            ae_optim_zero_grad(opt);
            const gsl_matrix *A = ae_autoenc_forward(m, &Xb.matrix);        /* logits a = dec(enc(x)) */
            double loss = ae_loss_bce_logits(&dAb.matrix, A, &Xb.matrix);   /* dL/da = (sigmoid(a) - x) / B */
            ae_check_loss(c, &watch, loss, epoch, k + 1);
            ae_autoenc_backward(m, &dAb.matrix);                            /* decoder, then encoder: mirror order */
            ae_optim_step(opt);
            sum += loss * (double)rows;
        }
        curve[epoch - 1] = sum / (double)(sub->n * D);
        ae_progress(c, "%s, epoch %d/%d: training BCE per pixel %.4f", what, epoch, c->epochs, curve[epoch - 1]);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
    ae_optim_free(opt);
    free(map);
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
}
/* END BOOK */

/* ---- part 3's deep sigmoid encoder ---- */

ae_net *deep_encoder_alloc(size_t nlayers, const size_t *sizes, size_t rows)
{
    ae_act f[AE_NET_MAX_LAYERS];
    for (size_t i = 0; i < nlayers; i++)
        f[i] = i + 1 < nlayers ? AE_SIGMOID : AE_IDENTITY;
    return ae_net_alloc(nlayers, sizes, f, rows);
}

/* ---- subsets ---- */

subset subset_alloc(const ae_dataset *ds, size_t cap)
{
    subset sub = {ds, malloc(cap * sizeof(size_t)), 0};
    AE_ASSERT(sub.idx);
    return sub;
}

subset subset_all(const ae_dataset *ds)
{
    subset sub = subset_alloc(ds, ds->n);
    for (size_t i = 0; i < ds->n; i++)
        sub.idx[sub.n++] = i;
    return sub;
}

subset subset_except(const ae_dataset *ds, size_t label)
{
    subset sub = subset_alloc(ds, ds->n);
    for (size_t i = 0; i < ds->n; i++)
        if (ds->y[i] != label)
            sub.idx[sub.n++] = i;
    return sub;
}

void subset_free(subset *sub)
{
    free(sub->idx);
}

void subset_fill(gsl_matrix *X, uint8_t *y, const subset *sub, const size_t *pos, size_t count, size_t *map)
{
    for (size_t i = 0; i < count; i++)
        map[i] = sub->idx[pos[i]];
    ae_batch_fill(X, y, sub->ds, map, count);
}

/* ---- a classifier on an encoder ---- */

classifier classifier_alloc(ae_net *enc, size_t D, size_t classes, int frozen)
{
    size_t k = enc ? enc->sizes[enc->nlayers] : D;
    classifier m = {.enc = enc, .head = ae_dense_alloc(k, classes), .frozen = frozen || !enc,
                    .A = gsl_matrix_alloc(EVAL_ROWS, classes), .P = gsl_matrix_alloc(EVAL_ROWS, classes)};
    if (enc) {
        m.Zs = gsl_matrix_alloc(EVAL_ROWS, k);
        m.dZ = gsl_matrix_alloc(EVAL_ROWS, k);
    }
    return m;
}

void classifier_free(classifier *m)
{
    ae_dense_free(m->head);
    gsl_matrix_free(m->A);
    gsl_matrix_free(m->P);
    if (m->Zs)
        gsl_matrix_free(m->Zs);
    if (m->dZ)
        gsl_matrix_free(m->dZ);
}

/* BOOK: classifier_step */
/* (11.4) p = softmax(W f(x) + b), f(x) = x, enc(x) or (11.7); returns L = -1/B sum log p_y. */
double classifier_forward(classifier *m, const gsl_matrix *X, const uint8_t *y)
{
    const size_t B = X->size1;
    m->Z = m->enc ? ae_net_forward(m->enc, X) : X;                            /* z = enc(x), or x */
    if (m->mu) {                                                              /* (11.7) z' = (z - mu) / sd */
        gsl_matrix_view Zs = gsl_matrix_submatrix(m->Zs, 0, 0, B, m->Zs->size2);
        for (size_t b = 0; b < B; b++)
            for (size_t j = 0; j < Zs.matrix.size2; j++)
                gsl_matrix_set(&Zs.matrix, b, j,
                               (gsl_matrix_get(m->Z, b, j) - gsl_vector_get(m->mu, j)) * gsl_vector_get(m->inv_sd, j));
        m->Z = m->Zs;
    }
    gsl_matrix_const_view Z = gsl_matrix_const_submatrix(m->Z, 0, 0, B, m->head->in);
    gsl_matrix_view A = gsl_matrix_submatrix(m->A, 0, 0, B, m->A->size2), P = gsl_matrix_submatrix(m->P, 0, 0, B, m->P->size2);
    ae_dense_forward(&A.matrix, &Z.matrix, m->head);                          /* a = W z + b */
    return ae_loss_softmax_ce(NULL, &P.matrix, &A.matrix, y);                 /* p = softmax(a) */
}

/* Adds every gradient of the last forward's L (the encoder's only when it is fine-tuned). */
void classifier_backward(classifier *m, const uint8_t *y)
{
    const size_t B = m->enc ? m->enc->batch : m->Z->size1;
    gsl_matrix_const_view Z = gsl_matrix_const_submatrix(m->Z, 0, 0, B, m->head->in);
    gsl_matrix_view P = gsl_matrix_submatrix(m->P, 0, 0, B, m->P->size2);
    gsl_matrix_view dZ = m->frozen ? (gsl_matrix_view){{0}} : gsl_matrix_submatrix(m->dZ, 0, 0, B, m->dZ->size2);
    ex11_head_backward(m->frozen ? NULL : &dZ.matrix, m->head, &P.matrix, y, &Z.matrix);   /* (11.5), (11.6) */
    if (m->frozen)
        return;
    if (m->mu)                                                                /* dL/dz = dL/dz' / sd */
        for (size_t b = 0; b < B; b++) {
            gsl_vector_view row = gsl_matrix_row(&dZ.matrix, b);
            gsl_vector_mul(&row.vector, m->inv_sd);
        }
    ae_net_backward(m->enc, &dZ.matrix, AE_SKIP_DX);                          /* into the encoder */
}
/* END BOOK */

double classifier_accuracy(classifier *m, const ae_dataset *ds, const size_t *idx, size_t n)
{
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, ds->dim);
    uint8_t y[EVAL_ROWS];
    size_t right = 0;
    for (size_t first = 0; first < n; first += EVAL_ROWS) {
        size_t rows = GSL_MIN(EVAL_ROWS, n - first);
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        if (idx)
            ae_batch_fill(&Xb.matrix, y, ds, idx + first, rows);
        else
            ae_batch_range(&Xb.matrix, y, ds, first, rows);
        classifier_forward(m, &Xb.matrix, y);
        gsl_matrix_view P = gsl_matrix_submatrix(m->P, 0, 0, rows, m->P->size2);
        right += ae_count_correct(&P.matrix, y);
    }
    gsl_matrix_free(X);
    return (double)right / (double)n;
}

void code_moments(gsl_vector *mu, gsl_vector *inv_sd, ae_net *enc, const subset *sub)
{
    const size_t k = mu->size, D = sub->ds->dim;
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, D);
    gsl_vector *sq = gsl_vector_calloc(k);
    size_t map[EVAL_ROWS], pos[EVAL_ROWS];
    gsl_vector_set_zero(mu);
    for (size_t first = 0; first < sub->n; first += EVAL_ROWS) {
        size_t rows = GSL_MIN(EVAL_ROWS, sub->n - first);
        for (size_t i = 0; i < rows; i++)
            pos[i] = first + i;
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D);
        subset_fill(&Xb.matrix, NULL, sub, pos, rows, map);
        const gsl_matrix *Z = ae_net_forward(enc, &Xb.matrix);
        for (size_t b = 0; b < rows; b++)
            for (size_t j = 0; j < k; j++) {
                double z = gsl_matrix_get(Z, b, j);
                *gsl_vector_ptr(mu, j) += z;
                *gsl_vector_ptr(sq, j) += z * z;
            }
    }
    for (size_t j = 0; j < k; j++) {
        double m = gsl_vector_get(mu, j) / (double)sub->n, var = gsl_vector_get(sq, j) / (double)sub->n - m * m;
        gsl_vector_set(mu, j, m);
        gsl_vector_set(inv_sd, j, var > 0 ? 1.0 / sqrt(var) : 1.0);
    }
    gsl_vector_free(sq);
    gsl_matrix_free(X);
}

/* ---- the gradient check of the classifier (head and fine-tuned encoder) ---- */

typedef struct {
    classifier *m;
    const gsl_matrix *X;
    const uint8_t *y;
} check_ctx;

static double check_loss(void *ctx)
{
    check_ctx *c = ctx;
    return classifier_forward(c->m, c->X, c->y);
}

/* The first GC_ENTRIES weights of each encoder layer only: all 100,000 would take minutes. */
double classifier_gradient_check(classifier *m, const ae_dataset *ds)
{
    enum { ROWS = 6 };
    gsl_matrix *X = gsl_matrix_alloc(ROWS, ds->dim);
    uint8_t y[ROWS];
    ae_batch_range(X, y, ds, 0, ROWS);
    check_ctx c = {m, X, y};
    ae_net_zero_grad(m->enc);
    ae_dense_zero_grad(m->head);
    classifier_forward(m, X, y);
    classifier_backward(m, y);
    double worst = ae_gradcheck_dense(check_loss, &c, m->head, 0);
    for (size_t i = 0; i < m->enc->nlayers; i++)
        worst = fmax(worst, ae_gradcheck_dense(check_loss, &c, m->enc->layer[i], GC_ENTRIES));
    gsl_matrix_free(X);
    return worst;
}
