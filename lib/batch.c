/* batch — minibatches: a shuffled order of the examples, and rows filled from it. See batch.h. */
#include "batch.h"
#include "err.h"
#include "vecmath.h"

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

ae_batcher *ae_batcher_alloc(size_t n, size_t batch)
{
    AE_ASSERT(batch >= 1);
    ae_batcher *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    b->order = malloc((n ? n : 1) * sizeof *b->order);
    if (!b->order) {
        free(b);
        return NULL;
    }
    b->n = n;
    b->batch = batch;
    ae_batcher_epoch(b, NULL);
    return b;
}

void ae_batcher_free(ae_batcher *b)
{
    if (!b)
        return;
    free(b->order);
    free(b);
}

/* From 0..n-1 each epoch, so an epoch's order depends only on the state of r. */
void ae_batcher_epoch(ae_batcher *b, gsl_rng *r)
{
    for (size_t i = 0; i < b->n; i++)
        b->order[i] = i;
    if (r && b->n > 1)
        gsl_ran_shuffle(r, b->order, b->n, sizeof *b->order);
    b->next = 0;
}

size_t ae_batcher_next(ae_batcher *b, const size_t **idx)
{
    size_t count = b->n - b->next < b->batch ? b->n - b->next : b->batch;
    *idx = b->order + b->next;
    b->next += count;
    return count;
}

/* row = pixels / 255 */
AE_VECTORISE
static void scale_pixels(double *restrict row, const uint8_t *restrict src, size_t n)
{
    for (size_t j = 0; j < n; j++)
        row[j] = src[j] / 255.0;
}

/* Row i of X = example k scaled to [0, 1] (or its real values). */
static void fill_row(gsl_matrix *X, size_t i, const ae_dataset *ds, size_t k)
{
    double *row = X->data + i * X->tda;
    if (ds->x) {
        scale_pixels(row, ds->x + k * ds->dim, ds->dim);
    } else {
        memcpy(row, ds->xr + k * ds->dim, ds->dim * sizeof *row);
    }
}

void ae_batch_fill(gsl_matrix *X, uint8_t *y, const ae_dataset *ds, const size_t *idx,
                   size_t count)
{
    AE_ASSERT(X->size1 >= count && X->size2 == ds->dim);
    AE_ASSERT(ds->x || ds->xr);
    for (size_t i = 0; i < count; i++) {
        AE_ASSERT(idx[i] < ds->n);
        fill_row(X, i, ds, idx[i]);
        if (y && ds->y)
            y[i] = ds->y[idx[i]];
    }
}

void ae_batch_range(gsl_matrix *X, uint8_t *y, const ae_dataset *ds, size_t first,
                    size_t count)
{
    AE_ASSERT(X->size1 >= count && X->size2 == ds->dim);
    AE_ASSERT(ds->x || ds->xr);
    AE_ASSERT(first <= ds->n && count <= ds->n - first);
    for (size_t i = 0; i < count; i++) {
        fill_row(X, i, ds, first + i);
        if (y && ds->y)
            y[i] = ds->y[first + i];
    }
}
