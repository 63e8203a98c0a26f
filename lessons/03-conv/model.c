/* Lesson 03's three models: the two conv AEs of lib/convae and a dense AE. See model.h. */
#include "batch.h"
#include "model.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_math.h>

#include "act.h"
#include "err.h"
#include "loss.h"

const char *const MODEL_NAMES[NKINDS] = {"conv AE (upsample + conv)", "conv AE (transposed conv)",
                                         "dense AE 784-256-128-256-784", "conv AE (unpooling + conv)",
                                         "conv AE (transposed conv in the last layer only)"};
static const ae_convae_decoder DECODER[NKINDS] = {
    [RESIZE] = AE_CONVAE_RESIZE, [TRANSPOSED] = AE_CONVAE_TRANSPOSED, [UNPOOL] = AE_CONVAE_UNPOOL,
    [LAST_T] = AE_CONVAE_LAST_TRANSPOSED};

model model_alloc(int kind, const ae_cli *c, gsl_rng *init)
{
    model m = {.kind = kind, .train_bce = malloc((size_t)c->epochs * sizeof(double)),
               .val_bce = malloc((size_t)c->epochs * sizeof(double)),
               .opt = ae_optim_alloc(AE_ADAM, c->lr), .dA = gsl_matrix_alloc(c->batch, D)};
    AE_ASSERT(m.train_bce && m.val_bce);
    for (int e = 0; e < c->epochs; e++)
        m.train_bce[e] = m.val_bce[e] = NAN;
    if (kind != DENSE) {
        m.conv = ae_convae_alloc(DECODER[kind], c->batch);
        ae_convae_init(m.conv, init);
        ae_convae_add_params(m.conv, m.opt);
        return m;
    }
    const size_t sizes[] = {D, 256, CODE, 256, D};
    const ae_act f[] = {AE_RELU, AE_RELU, AE_RELU, AE_IDENTITY};
    m.dense = ae_net_alloc(4, sizes, f, GSL_MAX(c->batch, SHOW));   /* write_recon: SHOW images */
    ae_net_init(m.dense, init, 1.0);
    ae_net_add_params(m.dense, m.opt);
    return m;
}

void model_free(model *m)
{
    ae_convae_free(m->conv);
    ae_net_free(m->dense);
    ae_optim_free(m->opt);
    gsl_matrix_free(m->dA);
    free(m->train_bce);
    free(m->val_bce);
}

size_t model_nparams(const model *m)
{
    return m->conv ? ae_convae_nparams(m->conv) : ae_net_nparams(m->dense);
}

const gsl_matrix *model_forward(model *m, const gsl_matrix *X)
{
    return m->conv ? ae_convae_forward(m->conv, X) : ae_net_forward(m->dense, X);
}

void model_backward(model *m, const gsl_matrix *dA)
{
    if (m->conv)
        ae_convae_backward(m->conv, dA);
    else
        ae_net_backward(m->dense, dA, AE_SKIP_DX);   /* no dX for the data */
}

gsl_matrix_view next_rows(gsl_matrix *X, const ae_dataset *ds, size_t first, size_t n)
{
    size_t rows = n - first < X->size1 ? n - first : X->size1;
    gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D);
    ae_batch_range(&Xb.matrix, NULL, ds, first, rows);
    return Xb;
}

double model_bce(model *m, const ae_dataset *ds, size_t n, gsl_matrix *X)
{
    double sum = 0.0;
    for (size_t first = 0; first < n; first += X->size1) {
        gsl_matrix_view Xb = next_rows(X, ds, first, n);
        sum += ae_loss_bce_logits(NULL, model_forward(m, &Xb.matrix), &Xb.matrix) * (double)Xb.matrix.size1;
    }
    return sum / (double)(n * D);
}

/* BOOK: shift */
/* Each image of X (28 x 28 rows) moved s pixels right and s pixels down; zeros come in. */
void shift_images(gsl_matrix *X, size_t s)
{
    for (size_t b = 0; b < X->size1; b++) {
        double *x = gsl_matrix_ptr(X, b, 0);
        for (size_t i = SIDE; i-- > 0;)   /* from the bottom right: each source is read before it is overwritten */
            for (size_t j = SIDE; j-- > 0;)
                x[i * SIDE + j] = i >= s && j >= s ? x[(i - s) * SIDE + (j - s)] : 0.0;
    }
}

/* The error of the reconstructions of the first n images of ds, each moved by s, relative to
 * the images' energy, sum ||x_hat - x||^2 / sum ||x||^2 (a garment partly out of the frame has
 * less to get wrong; this does not reward that); *mse: the MSE per pixel. The dense AE learned
 * its weights for garments in the middle, the conv AE its filters for any place. */
double model_shift_error(model *m, const ae_dataset *ds, size_t n, gsl_matrix *X, size_t s, double *mse)
{
    double sum = 0.0, energy = 0.0;
    for (size_t first = 0; first < n; first += X->size1) {
        gsl_matrix_view Xb = next_rows(X, ds, first, n);
        shift_images(&Xb.matrix, s);
        const gsl_matrix *A = model_forward(m, &Xb.matrix);
        for (size_t b = 0; b < Xb.matrix.size1; b++)
            for (size_t i = 0; i < D; i++) {
                double x = gsl_matrix_get(&Xb.matrix, b, i), e = ae_sigmoid(gsl_matrix_get(A, b, i)) - x;
                sum += e * e;
                energy += x * x;
            }
    }
    *mse = sum / (double)(n * D);
    return sum / energy;
}
/* END BOOK */
