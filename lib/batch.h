/* batch — minibatches of a dataset, converted to double one batch at a time.
 *
 * A batcher holds a permutation of 0..n-1, reshuffled each epoch, and hands out
 * its next `batch` indices; ae_batch_fill turns them into the rows of a matrix
 * (pixels / 255, or the real values), ae_batch_range does the same for examples
 * in order (evaluation). Nothing here allocates but ae_batcher_alloc.
 */
#ifndef AE_BATCH_H
#define AE_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "data.h"

typedef struct {
    size_t n, batch;       /* examples, batch size */
    size_t *order;         /* current permutation of 0..n-1 */
    size_t next;           /* position of the next batch in order */
} ae_batcher;

ae_batcher *ae_batcher_alloc(size_t n, size_t batch);
void ae_batcher_free(ae_batcher *b);

/* Start an epoch: shuffle the order with r (or restore 0..n-1 when r is NULL). */
void ae_batcher_epoch(ae_batcher *b, gsl_rng *r);

/* The next batch's indices (count returned, 0 at the end of the epoch).
 * The last batch of an epoch may be smaller. */
size_t ae_batcher_next(ae_batcher *b, const size_t **idx);

/* Rows X[i] = x[idx[i]] / 255 (or the real values) for i < count; y likewise (y may be NULL).
 * X must have at least count rows and exactly ds->dim columns. */
void ae_batch_fill(gsl_matrix *X, uint8_t *y, const ae_dataset *ds, const size_t *idx,
                   size_t count);

/* Rows X[i] = example (first + i), i < count: for evaluation in order. */
void ae_batch_range(gsl_matrix *X, uint8_t *y, const ae_dataset *ds, size_t first,
                    size_t count);

#endif
