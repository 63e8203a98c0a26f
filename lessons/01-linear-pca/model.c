/* Lesson 01's model: the linear autoencoder and its measures. See model.h. */
#include "batch.h"
#include "model.h"

#include <math.h>

#include <gsl/gsl_blas.h>

#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"

#define INIT_SCALE 0.01 /* small initial weights: directions are learnt one by one (Saxe et al. 2014) */

buffers buffers_alloc(size_t rows, size_t D, size_t k)
{
    return (buffers){gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, k), gsl_matrix_alloc(rows, D),
                     gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, k)};
}

void buffers_free(buffers *v)
{
    gsl_matrix_free(v->X);
    gsl_matrix_free(v->Z);
    gsl_matrix_free(v->Xhat);
    gsl_matrix_free(v->dXhat);
    gsl_matrix_free(v->dZ);
}

batch rows_of(buffers *v, size_t rows)
{
    size_t D = v->X->size2, k = v->Z->size2;
    return (batch){gsl_matrix_submatrix(v->X, 0, 0, rows, D), gsl_matrix_submatrix(v->Z, 0, 0, rows, k),
                   gsl_matrix_submatrix(v->Xhat, 0, 0, rows, D),
                   gsl_matrix_submatrix(v->dXhat, 0, 0, rows, D), gsl_matrix_submatrix(v->dZ, 0, 0, rows, k)};
}

linear_ae linear_ae_alloc(size_t D, size_t k, double lr, double wd, gsl_rng *init)
{
    linear_ae ae = {ae_dense_alloc(D, k), ae_dense_alloc(k, D), ae_optim_alloc(AE_ADAM, lr), NULL, NULL};
    ae_dense_init(ae.enc, init, INIT_SCALE);
    ae_dense_init(ae.dec, init, INIT_SCALE);
    ae.opt->wd = wd;
    ae_dense_add_params(ae.enc, ae.opt);
    ae_dense_add_params(ae.dec, ae.opt);
    return ae;
}

void linear_ae_free(linear_ae *ae)
{
    ae_dense_free(ae->enc);
    ae_dense_free(ae->dec);
    ae_optim_free(ae->opt);
    if (ae->c) {
        gsl_vector_free(ae->c);
        gsl_vector_free(ae->dc);
    }
}

linear_ae tied_ae_alloc(size_t D, size_t k, double lr, gsl_rng *init)
{
    linear_ae ae = {ae_dense_alloc(D, k), NULL, ae_optim_alloc(AE_ADAM, lr), gsl_vector_calloc(D),
                    gsl_vector_calloc(D)};
    ae_dense_init(ae.enc, init, INIT_SCALE);
    ae_dense_add_params(ae.enc, ae.opt);         /* W1 (also the decoder's) and b1 */
    ae_optim_add_vector(ae.opt, ae.c, ae.dc, 0);  /* c */
    return ae;
}

double ortho_gap(const gsl_matrix *W)
{
    const size_t k = W->size1;
    gsl_matrix *G = gsl_matrix_alloc(k, k);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, W, W, 0.0, G);   /* G = W W^T */
    double gap = 0.0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            gap = fmax(gap, fabs(gsl_matrix_get(G, i, j) - (i == j ? 1.0 : 0.0)));
    gsl_matrix_free(G);
    return gap;
}

gsl_matrix *decoder_weights(const linear_ae *ae)
{
    gsl_matrix *W2 = gsl_matrix_alloc(ae->enc->in, ae->enc->out);
    if (ae->dec)
        gsl_matrix_memcpy(W2, ae->dec->W);
    else
        gsl_matrix_transpose_memcpy(W2, ae->enc->W);
    return W2;
}

/* Subtract the training mean from every row, as PCA does: the AE then models x - mu. */
void centre(gsl_matrix *X, const gsl_vector *mean)
{
    for (size_t b = 0; b < X->size1; b++) {
        gsl_vector_view row = gsl_matrix_row(X, b);
        gsl_vector_sub(&row.vector, mean);
    }
}

/* BOOK: linear_ae_step */
/* L = 1/B sum ||x_hat - x||^2 for the rows of X; writes dL/dx_hat. */
double linear_ae_forward(const linear_ae *ae, batch *a)
{
    ae_dense_forward(&a->Z.matrix, &a->X.matrix, ae->enc);                         /* z = W1 x + b1     */
    if (ae->dec)
        ae_dense_forward(&a->Xhat.matrix, &a->Z.matrix, ae->dec);                  /* x_hat = W2 z + b2 */
    else
        ae_dense_forward_tied(&a->Xhat.matrix, &a->Z.matrix, ae->enc, ae->c);      /* x_hat = W1^T z + c */
    return ae_loss_mse(&a->dXhat.matrix, &a->Xhat.matrix, &a->X.matrix);           /* dL/dx_hat = 2(x_hat - x)/B */
}

/* Gradients of L, added: the tied W1 gets both uses, dW1 = dW_enc + dW_dec^T (1.8). */
void linear_ae_backward(linear_ae *ae, batch *a)
{
    if (ae->dec)
        ae_dense_backward(&a->dZ.matrix, ae->dec, &a->dXhat.matrix, &a->Z.matrix); /* dW2 = dx_hat z^T, dz = W2^T dx_hat */
    else
        ae_dense_backward_tied(&a->dZ.matrix, ae->enc, ae->dc, &a->dXhat.matrix,
                               &a->Z.matrix);                                      /* dW1 += z dx_hat^T, dz = W1 dx_hat */
    ae_dense_backward(NULL, ae->enc, &a->dZ.matrix, &a->X.matrix);                 /* dW1 += dz x^T     */
}

/* One step of gradient descent on L (+ the L2 penalty in the optimiser). */
double linear_ae_step(linear_ae *ae, batch *a)
{
    ae_optim_zero_grad(ae->opt);
    double loss = linear_ae_forward(ae, a);
    linear_ae_backward(ae, a);
    ae_optim_step(ae->opt);
    return loss;
}
/* END BOOK */

typedef struct {
    const linear_ae *ae;
    batch a;
} check_ctx;

static double check_loss(void *ctx)
{
    check_ctx *c = ctx;
    return linear_ae_forward(c->ae, &c->a);
}

double linear_ae_gradient_check(linear_ae *ae, buffers *v, const ae_dataset *ds, const gsl_vector *mean)
{
    enum { ROWS = 8, MAX_W = 2000 };   /* 8 images; at most 2000 entries of each weight matrix */
    check_ctx c = {ae, rows_of(v, ROWS)};
    ae_batch_range(&c.a.X.matrix, NULL, ds, 0, ROWS);
    centre(&c.a.X.matrix, mean);
    ae_optim_zero_grad(ae->opt);
    linear_ae_forward(ae, &c.a);
    linear_ae_backward(ae, &c.a);
    double err = ae_gradcheck_dense(check_loss, &c, ae->enc, MAX_W);
    if (ae->dec)
        err = fmax(err, ae_gradcheck_dense(check_loss, &c, ae->dec, MAX_W));
    else
        err = fmax(err, ae_gradcheck(check_loss, &c, ae->c->data, ae->dc->data, ae->c->size, AE_GC_STEP).rel_err);
    return err;
}

double linear_ae_mse(const linear_ae *ae, buffers *v, const ae_dataset *ds, const gsl_vector *mean)
{
    double sum = 0.0;
    for (size_t first = 0; first < ds->n; first += EVAL_ROWS) {
        size_t rows = ds->n - first < EVAL_ROWS ? ds->n - first : EVAL_ROWS;
        batch a = rows_of(v, rows);
        ae_batch_range(&a.X.matrix, NULL, ds, first, rows);
        centre(&a.X.matrix, mean);
        sum += linear_ae_forward(ae, &a) * (double)rows;
    }
    return sum / (double)(ds->n * ds->dim);
}

double pca_mse(const ae_pca *p, size_t k, buffers *v, const ae_dataset *ds)
{
    gsl_matrix_const_view Vk = ae_pca_directions(p, k);
    double sum = 0.0;
    for (size_t first = 0; first < ds->n; first += EVAL_ROWS) {
        size_t rows = ds->n - first < EVAL_ROWS ? ds->n - first : EVAL_ROWS;
        batch a = rows_of(v, rows);
        gsl_matrix_view Z = gsl_matrix_submatrix(&a.Z.matrix, 0, 0, rows, k);
        ae_batch_range(&a.X.matrix, NULL, ds, first, rows);
        ex01_pca_reconstruct(&a.Xhat.matrix, &Z.matrix, &a.X.matrix, p->mean, &Vk.matrix);
        sum += ae_loss_mse(NULL, &a.Xhat.matrix, &a.X.matrix) * (double)rows;
    }
    return sum / (double)(ds->n * ds->dim);
}

double largest_angle(const linear_ae *ae, const ae_pca *p, gsl_vector *theta)
{
    size_t k = ae->enc->out;
    gsl_matrix_const_view Vk = ae_pca_directions(p, k);
    gsl_matrix *V = gsl_matrix_alloc(p->dim, k), *W2 = decoder_weights(ae);
    gsl_matrix_transpose_memcpy(V, &Vk.matrix);    /* the directions as columns */
    ex01_principal_angles(theta, W2, V);
    gsl_matrix_free(V);
    gsl_matrix_free(W2);
    return gsl_vector_get(theta, k - 1) * DEG;
}
