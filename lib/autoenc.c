/* autoenc — a dense autoencoder: an encoder stack and its mirror image (see autoenc.h). */
#include "autoenc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "err.h"
#include "loss.h"

ae_autoenc *ae_autoenc_alloc(size_t n, const size_t *sizes, ae_act g, ae_act g_code,
                             size_t max_batch)
{
    AE_ASSERT(n >= 1 && n <= AE_NET_MAX_LAYERS);
    size_t rsizes[AE_NET_MAX_LAYERS + 1];
    ae_act fenc[AE_NET_MAX_LAYERS], fdec[AE_NET_MAX_LAYERS];
    for (size_t i = 0; i <= n; i++)
        rsizes[i] = sizes[n - i];
    for (size_t i = 0; i < n; i++) {
        fenc[i] = i + 1 < n ? g : g_code;
        fdec[i] = i + 1 < n ? g : AE_IDENTITY;   /* the decoder ends in logits */
    }
    ae_autoenc *m = calloc(1, sizeof *m);
    AE_ASSERT(m != NULL);
    m->enc = ae_net_alloc(n, sizes, fenc, max_batch);
    m->dec = ae_net_alloc(n, rsizes, fdec, max_batch);
    m->D = sizes[0];
    m->k = sizes[n];
    m->max_batch = max_batch;
    m->X = gsl_matrix_alloc(max_batch, m->D);
    return m;
}

void ae_autoenc_free(ae_autoenc *m)
{
    if (!m)
        return;
    ae_net_free(m->enc);
    ae_net_free(m->dec);
    gsl_matrix_free(m->X);
    free(m);
}

void ae_autoenc_init(ae_autoenc *m, gsl_rng *r, double gain)
{
    ae_net_init(m->enc, r, gain);
    ae_net_init(m->dec, r, gain);
}

void ae_autoenc_start_at(ae_autoenc *m, const gsl_vector *mu)
{
    gsl_vector *b = m->dec->layer[m->dec->nlayers - 1]->b;
    AE_ASSERT(mu->size == b->size);
    for (size_t i = 0; i < b->size; i++) {
        double p = fmin(fmax(gsl_vector_get(mu, i), 0.001), 0.999);
        gsl_vector_set(b, i, log(p / (1.0 - p)));   /* sigma(b) = mu */
    }
}

void ae_autoenc_add_params(ae_autoenc *m, ae_optim *o)
{
    ae_net_add_params(m->enc, o);
    ae_net_add_params(m->dec, o);
}

size_t ae_autoenc_nparams(const ae_autoenc *m)
{
    return ae_net_nparams(m->enc) + ae_net_nparams(m->dec);
}

const char *ae_autoenc_describe(const ae_autoenc *m, char *buf, size_t cap)
{
    size_t n = 0, L = m->enc->nlayers;
    buf[0] = '\0';
    for (size_t i = 0; i <= L && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, i ? "-%zu" : "%zu", m->enc->sizes[i]);
    for (size_t i = 1; i <= L && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "-%zu", m->dec->sizes[i]);
    if (n < cap)
        snprintf(buf + n, cap - n, " %s, code %s", L > 1 ? ae_act_name(m->enc->f[0]) : "-",
                 ae_act_name(m->enc->f[L - 1]));
    return buf;
}

const gsl_matrix *ae_autoenc_forward(ae_autoenc *m, const gsl_matrix *X)
{
    const gsl_matrix *Z = ae_net_forward(m->enc, X);   /* z = f(x) */
    return ae_net_forward(m->dec, Z);                 /* a = g(z): logits */
}

const gsl_matrix *ae_autoenc_code(const ae_autoenc *m)
{
    return ae_net_hidden(m->enc, m->enc->nlayers);
}

void ae_autoenc_backward(ae_autoenc *m, const gsl_matrix *dA)
{
    const gsl_matrix *dZ = ae_net_backward(m->dec, dA, AE_WANT_DX);   /* decoder first, then dL/dz ... */
    ae_net_backward(m->enc, dZ, AE_SKIP_DX);                          /* ... into the encoder */
}

/* Rows first..first+rows-1 of M. */
static gsl_matrix_view rows_of(gsl_matrix *M, size_t first, size_t rows)
{
    return gsl_matrix_submatrix(M, first, 0, rows, M->size2);
}

static size_t chunk(const ae_autoenc *m, size_t n, size_t first)
{
    return n - first < m->max_batch ? n - first : m->max_batch;
}

void ae_autoenc_encode(ae_autoenc *m, gsl_matrix *Z, const gsl_matrix *X)
{
    AE_ASSERT(Z->size1 == X->size1 && Z->size2 == m->k && X->size2 == m->D);
    for (size_t first = 0; first < X->size1; first += m->max_batch) {
        size_t rows = chunk(m, X->size1, first);
        gsl_matrix_const_view x = gsl_matrix_const_submatrix(X, first, 0, rows, m->D);
        gsl_matrix_view z = rows_of(Z, first, rows);
        gsl_matrix_memcpy(&z.matrix, ae_net_forward(m->enc, &x.matrix));
    }
}

void ae_autoenc_decode(ae_autoenc *m, gsl_matrix *Xhat, const gsl_matrix *Z)
{
    AE_ASSERT(Xhat->size1 == Z->size1 && Xhat->size2 == m->D && Z->size2 == m->k);
    for (size_t first = 0; first < Z->size1; first += m->max_batch) {
        size_t rows = chunk(m, Z->size1, first);
        gsl_matrix_const_view z = gsl_matrix_const_submatrix(Z, first, 0, rows, m->k);
        gsl_matrix_view xhat = rows_of(Xhat, first, rows);
        ae_act_forward(AE_SIGMOID, &xhat.matrix, ae_net_forward(m->dec, &z.matrix));  /* x_hat = sigma(a) */
    }
}

void ae_autoenc_encode_set(ae_autoenc *m, gsl_matrix *Z, const ae_dataset *ds)
{
    AE_ASSERT(Z->size1 == ds->n && Z->size2 == m->k && ds->dim == m->D);
    for (size_t first = 0; first < ds->n; first += m->max_batch) {
        size_t rows = chunk(m, ds->n, first);
        gsl_matrix_view x = rows_of(m->X, 0, rows), z = rows_of(Z, first, rows);
        ae_batch_range(&x.matrix, NULL, ds, first, rows);
        gsl_matrix_memcpy(&z.matrix, ae_net_forward(m->enc, &x.matrix));
    }
}

/* sum_b sum_i (sigma(a_bi) - x_bi)^2 */
static double squared_error(const gsl_matrix *A, const gsl_matrix *X)
{
    double sum = 0.0;
    for (size_t b = 0; b < X->size1; b++) {
        const double *a = A->data + b * A->tda, *x = X->data + b * X->tda;
        for (size_t i = 0; i < X->size2; i++) {
            double e = ae_sigmoid(a[i]) - x[i];
            sum += e * e;
        }
    }
    return sum;
}

void ae_autoenc_evaluate(ae_autoenc *m, const ae_dataset *ds, double *bce, double *mse)
{
    AE_ASSERT(ds->dim == m->D && ds->n > 0);
    double sum_bce = 0.0, sum_se = 0.0;
    for (size_t first = 0; first < ds->n; first += m->max_batch) {
        size_t rows = chunk(m, ds->n, first);
        gsl_matrix_view x = rows_of(m->X, 0, rows);
        ae_batch_range(&x.matrix, NULL, ds, first, rows);
        const gsl_matrix *A = ae_autoenc_forward(m, &x.matrix);
        sum_bce += ae_loss_bce_logits(NULL, A, &x.matrix) * (double)rows;
        sum_se += squared_error(A, &x.matrix);
    }
    *bce = sum_bce / (double)(ds->n * m->D);
    *mse = sum_se / (double)(ds->n * m->D);
}

/* "NAME.enc" or "NAME.dec" */
static void part_name(char *buf, size_t cap, const char *name, const char *part)
{
    int len = snprintf(buf, cap, "%s.%s", name, part);
    AE_ASSERT(len > 0 && (size_t)len < cap);
}

int ae_autoenc_save(const ae_autoenc *m, const char *dir, const char *name)
{
    char file[512];
    part_name(file, sizeof file, name, "enc");
    int status = ae_net_save(m->enc, dir, file);
    if (!status) {
        part_name(file, sizeof file, name, "dec");
        status = ae_net_save(m->dec, dir, file);
    }
    return status;
}

int ae_autoenc_load_into(ae_autoenc *m, const char *dir, const char *name)
{
    char file[512], path[4096];
    part_name(file, sizeof file, name, "enc");
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int status = ae_net_load_into(m->enc, path);
    if (!status) {
        part_name(file, sizeof file, name, "dec");
        snprintf(path, sizeof path, "%s/%s", dir, file);
        status = ae_net_load_into(m->dec, path);
    }
    return status;
}
