/* Lesson 09's coder: a plain AE or a VAE behind one encode and one decode. */
#include "model.h"

#include <string.h>

#include "batch.h"
#include "err.h"

size_t coder_k(const coder *m)
{
    return m->ae ? m->ae->k : m->vae->K;
}

void coder_encode(const coder *m, gsl_matrix *Z, const gsl_matrix *X)
{
    if (m->ae) {
        ae_autoenc_encode(m->ae, Z, X);
        return;
    }
    ae_vae *v = m->vae;
    AE_ASSERT(Z->size1 == X->size1 && Z->size2 == v->K);
    for (size_t first = 0; first < X->size1; first += v->max_batch) {   /* max_batch rows at a time */
        size_t rows = X->size1 - first < v->max_batch ? X->size1 - first : v->max_batch;
        gsl_matrix_const_view x = gsl_matrix_const_submatrix(X, first, 0, rows, X->size2);
        gsl_matrix_view z = gsl_matrix_submatrix(Z, first, 0, rows, v->K);
        ae_vae_encode(v, &x.matrix);
        gsl_matrix_memcpy(&z.matrix, &v->mu);                            /* the code: mu, no sample */
    }
}

void coder_decode(const coder *m, gsl_matrix *Xhat, const gsl_matrix *Z)
{
    if (m->ae)
        ae_autoenc_decode(m->ae, Xhat, Z);
    else
        ae_vae_decode(m->vae, Xhat, Z);
}

void coder_encode_set(const coder *m, gsl_matrix *Z, const ae_dataset *ds)
{
    if (m->ae) {
        ae_autoenc_encode_set(m->ae, Z, ds);
        return;
    }
    enum { ROWS = 1000 };
    gsl_matrix *X = gsl_matrix_alloc(ROWS, ds->dim);
    for (size_t first = 0; first < ds->n; first += ROWS) {
        size_t rows = ds->n - first < ROWS ? ds->n - first : ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        gsl_matrix_view z = gsl_matrix_submatrix(Z, first, 0, rows, Z->size2);
        ae_batch_range(&x.matrix, NULL, ds, first, rows);
        coder_encode(m, &z.matrix, &x.matrix);
    }
    gsl_matrix_free(X);
}
