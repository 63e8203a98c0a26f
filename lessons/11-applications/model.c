/* Lesson 11's models. See model.h. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_math.h>

#include "act.h"
#include "batch.h"
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

classifier classifier_alloc(ae_net *enc, size_t classes, int frozen)
{
    size_t k = enc->sizes[enc->nlayers];
    return (classifier){enc, ae_dense_alloc(k, classes), frozen, gsl_matrix_alloc(EVAL_ROWS, classes),
                        gsl_matrix_alloc(EVAL_ROWS, classes), gsl_matrix_alloc(EVAL_ROWS, k)};
}

void classifier_free(classifier *m)
{
    ae_dense_free(m->head);
    gsl_matrix_free(m->A);
    gsl_matrix_free(m->P);
    gsl_matrix_free(m->dZ);
}

typedef struct {
    gsl_matrix_view A, P, dZ;
} clf_batch;

static clf_batch clf_rows(classifier *m, size_t rows)
{
    return (clf_batch){gsl_matrix_submatrix(m->A, 0, 0, rows, m->A->size2),
                       gsl_matrix_submatrix(m->P, 0, 0, rows, m->P->size2),
                       gsl_matrix_submatrix(m->dZ, 0, 0, rows, m->dZ->size2)};
}

/* BOOK: classifier_step */
/* (11.4) p = softmax(W enc(x) + b); returns L = -1/B sum log p_y. */
double classifier_forward(classifier *m, const gsl_matrix *X, const uint8_t *y)
{
    clf_batch a = clf_rows(m, X->size1);
    const gsl_matrix *Z = ae_net_forward(m->enc, X);                          /* z = enc(x) */
    ae_dense_forward(&a.A.matrix, Z, m->head);                                /* a = W z + b */
    return ae_loss_softmax_ce(NULL, &a.P.matrix, &a.A.matrix, y);             /* p = softmax(a) */
}

/* Adds every gradient of the last forward's L (the encoder's only when it is fine-tuned). */
void classifier_backward(classifier *m, const uint8_t *y)
{
    clf_batch a = clf_rows(m, m->enc->batch);
    const gsl_matrix *Z = ae_net_hidden(m->enc, m->enc->nlayers);             /* the forward's z */
    ex11_head_backward(m->frozen ? NULL : &a.dZ.matrix, m->head, &a.P.matrix, y, Z);   /* (11.5), (11.6) */
    if (!m->frozen)
        ae_net_backward(m->enc, &a.dZ.matrix, AE_SKIP_DX);                         /* into the encoder */
}
/* END BOOK */

double classifier_accuracy(classifier *m, const ae_dataset *test)
{
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, test->dim);
    uint8_t y[EVAL_ROWS];
    size_t right = 0;
    for (size_t first = 0; first < test->n; first += EVAL_ROWS) {
        size_t rows = GSL_MIN(EVAL_ROWS, test->n - first);
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, test->dim);
        ae_batch_range(&Xb.matrix, y, test, first, rows);
        classifier_forward(m, &Xb.matrix, y);
        gsl_matrix_view P = gsl_matrix_submatrix(m->P, 0, 0, rows, m->P->size2);
        right += ae_count_correct(&P.matrix, y);
    }
    gsl_matrix_free(X);
    return (double)right / (double)test->n;
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
