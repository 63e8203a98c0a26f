/* vae — the variational autoencoder (see vae.h; BOOK.md chapter 7). */
#include "vae.h"

#include <math.h>

#include "act.h"
#include "batch.h"
#include "err.h"
#include "loss.h"
#include "rng.h"
#include "student.h"

ae_vae *ae_cvae_alloc(size_t D, size_t H, size_t K, size_t C, size_t max_batch)
{
    ae_vae *v = malloc(sizeof *v);
    AE_ASSERT(v != NULL);
    const size_t enc_sizes[] = {D + C, H, 2 * K}, dec_sizes[] = {K + C, H, D};
    const ae_act f[] = {AE_RELU, AE_IDENTITY};
    *v = (ae_vae){.D = D, .H = H, .K = K, .C = C, .max_batch = max_batch,
                  .enc = ae_net_alloc(2, enc_sizes, f, max_batch),
                  .dec = ae_net_alloc(2, dec_sizes, f, max_batch),
                  .Eps = gsl_matrix_calloc(max_batch, K), .Z = gsl_matrix_calloc(max_batch, K + C),
                  .dEnc = gsl_matrix_alloc(max_batch, 2 * K), .dA = gsl_matrix_alloc(max_batch, D),
                  .XY = C ? gsl_matrix_calloc(max_batch, D + C) : NULL,
                  .dZ = C ? gsl_matrix_alloc(max_batch, K) : NULL, .beta = 1.0};
    return v;
}

ae_vae *ae_vae_alloc(size_t D, size_t H, size_t K, size_t max_batch)
{
    return ae_cvae_alloc(D, H, K, 0, max_batch);
}

void ae_vae_free(ae_vae *v)
{
    if (!v)
        return;
    ae_net_free(v->enc);
    ae_net_free(v->dec);
    gsl_matrix_free(v->Eps);
    gsl_matrix_free(v->Z);
    gsl_matrix_free(v->dEnc);
    gsl_matrix_free(v->dA);
    if (v->C) {
        gsl_matrix_free(v->XY);
        gsl_matrix_free(v->dZ);
    }
    if (v->P)
        gsl_matrix_free(v->P);
    free(v);
}

void ae_vae_init(ae_vae *v, gsl_rng *r)
{
    ae_net *nets[2] = {v->enc, v->dec};
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < nets[k]->nlayers; i++) {
            ae_dense *L = nets[k]->layer[i];
            double a = 1.0 / sqrt((double)L->in);            /* W, b ~ U(-1/sqrt(D), 1/sqrt(D)) */
            for (size_t j = 0; j < L->out * L->in; j++)
                L->W->data[j] = ae_rng_uniform(r, -a, a);
            for (size_t j = 0; j < L->out; j++)
                gsl_vector_set(L->b, j, ae_rng_uniform(r, -a, a));
        }
}

void ae_vae_zero_grad(ae_vae *v)
{
    ae_net_zero_grad(v->enc);
    ae_net_zero_grad(v->dec);
}

void ae_vae_add_params(ae_vae *v, ae_optim *o)
{
    ae_net_add_params(v->enc, o);
    ae_net_add_params(v->dec, o);
}

/* Views of the first B rows of every buffer. */
static void set_batch(ae_vae *v, size_t B)
{
    AE_ASSERT(B >= 1 && B <= v->max_batch);
    v->batch = B;
    v->eps = gsl_matrix_submatrix(v->Eps, 0, 0, B, v->K);
    v->z = gsl_matrix_submatrix(v->Z, 0, 0, B, v->K);
    v->zy = gsl_matrix_submatrix(v->Z, 0, 0, B, v->K + v->C);
    if (v->C) {
        v->xy = gsl_matrix_submatrix(v->XY, 0, 0, B, v->D + v->C);
        v->dz = gsl_matrix_submatrix(v->dZ, 0, 0, B, v->K);
    }
    v->denc = gsl_matrix_submatrix(v->dEnc, 0, 0, B, 2 * v->K);
    v->dmu = gsl_matrix_submatrix(v->dEnc, 0, 0, B, v->K);
    v->dlogvar = gsl_matrix_submatrix(v->dEnc, 0, v->K, B, v->K);
    v->da = gsl_matrix_submatrix(v->dA, 0, 0, B, v->D);
}

void ae_vae_gaussian(ae_vae *v, double var)
{
    AE_ASSERT(var > 0 && v->P == NULL);
    v->var = var;
    v->P = gsl_matrix_alloc(v->max_batch, v->D);
}

void ae_vae_condition(ae_vae *v, const uint8_t *labels)
{
    AE_ASSERT(v->C > 0);
    v->labels = labels;
}

/* BOOK: cond_concat */
/* Columns `from` .. from + C - 1 of M's rows = onehot(labels[b]): the y of [x | y], [z | y]. */
static void put_onehot(gsl_matrix *M, size_t from, const uint8_t *labels, size_t C)
{
    AE_ASSERT(labels != NULL && from + C == M->size2);
    for (size_t b = 0; b < M->size1; b++) {
        AE_ASSERT(labels[b] < C);
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(M, b, from + c, labels[b] == c);
    }
}

void ae_vae_cond_split(gsl_matrix *dZ, const gsl_matrix *dZY)
{
    AE_ASSERT(dZ->size1 == dZY->size1 && dZ->size2 <= dZY->size2);
#ifdef SOLUTION
    /* d[z | y] = [dz | dy]: dz flows on, dy is dropped (y is data) */
    gsl_matrix_const_view dz = gsl_matrix_const_submatrix(dZY, 0, 0, dZ->size1, dZ->size2);
    gsl_matrix_memcpy(dZ, &dz.matrix);
#else
    student_cond_split(dZ, dZY);   /* exercise 7.4 */
#endif
}
/* END BOOK */

void ae_vae_draw_eps(ae_vae *v, size_t B, gsl_rng *r)
{
    AE_ASSERT(B >= 1 && B <= v->max_batch);
    for (size_t b = 0; b < B; b++)
        for (size_t j = 0; j < v->K; j++)
            gsl_matrix_set(v->Eps, b, j, r ? ae_rng_gaussian(r, 1.0) : 0.0);
}

/* BOOK: reparam */
void ae_vae_reparam_forward(gsl_matrix *Z, const gsl_matrix *Mu, const gsl_matrix *Logvar,
                            const gsl_matrix *Eps)
{
    AE_ASSERT(Z->size1 == Mu->size1 && Z->size2 == Mu->size2);
    for (size_t b = 0; b < Z->size1; b++)
        for (size_t j = 0; j < Z->size2; j++) {
            double sigma = exp(0.5 * gsl_matrix_get(Logvar, b, j));
            /* (7.6) z = mu + sigma * eps */
            gsl_matrix_set(Z, b, j, gsl_matrix_get(Mu, b, j) + sigma * gsl_matrix_get(Eps, b, j));
        }
}

void ae_vae_reparam_backward(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *dZ,
                             const gsl_matrix *Logvar, const gsl_matrix *Eps)
{
    AE_ASSERT(dMu->size1 == dZ->size1 && dMu->size2 == dZ->size2);
#ifdef SOLUTION
    for (size_t b = 0; b < dZ->size1; b++)
        for (size_t j = 0; j < dZ->size2; j++) {
            double dz = gsl_matrix_get(dZ, b, j);
            double sigma = exp(0.5 * gsl_matrix_get(Logvar, b, j));
            *gsl_matrix_ptr(dMu, b, j) += dz;                   /* (7.7) dz/dmu = 1 */
            /* (7.7) dz/dlogvar = eps sigma / 2 */
            *gsl_matrix_ptr(dLogvar, b, j) += dz * gsl_matrix_get(Eps, b, j) * 0.5 * sigma;
        }
#else
    student_reparam_backward(dMu, dLogvar, dZ, Logvar, Eps);   /* exercise 7.2 */
#endif
}
/* END BOOK */

void ae_vae_encode(ae_vae *v, const gsl_matrix *X)
{
    AE_ASSERT(X->size2 == v->D);
    size_t B = X->size1;
    if (B != v->batch)
        set_batch(v, B);
    const gsl_matrix *in = X;
    if (v->C) {                                                     /* [x | y] */
        gsl_matrix_view x = gsl_matrix_submatrix(v->XY, 0, 0, B, v->D);
        gsl_matrix_memcpy(&x.matrix, X);
        put_onehot(&v->xy.matrix, v->D, v->labels, v->C);
        in = &v->xy.matrix;
    }
    const gsl_matrix *out = ae_net_forward(v->enc, in);              /* (7.1) */
    v->mu = gsl_matrix_const_submatrix(out, 0, 0, B, v->K).matrix;
    v->logvar = gsl_matrix_const_submatrix(out, 0, v->K, B, v->K).matrix;
}

void ae_vae_decode(ae_vae *v, gsl_matrix *Xhat, const gsl_matrix *Z)
{
    AE_ASSERT(Z->size2 == v->K && Xhat->size1 == Z->size1 && Xhat->size2 == v->D);
    for (size_t first = 0; first < Z->size1; first += v->max_batch) {   /* max_batch rows at a time */
        size_t rows = Z->size1 - first < v->max_batch ? Z->size1 - first : v->max_batch;
        gsl_matrix_const_view z = gsl_matrix_const_submatrix(Z, first, 0, rows, v->K);
        gsl_matrix_view xhat = gsl_matrix_submatrix(Xhat, first, 0, rows, v->D);
        gsl_matrix_view zy = gsl_matrix_submatrix(v->Z, 0, 0, rows, v->K + v->C);
        const gsl_matrix *in = &z.matrix;
        if (v->C) {                                                 /* [z | y] */
            gsl_matrix_view zpart = gsl_matrix_submatrix(v->Z, 0, 0, rows, v->K);
            gsl_matrix_memcpy(&zpart.matrix, &z.matrix);
            put_onehot(&zy.matrix, v->K, v->labels + first, v->C);
            in = &zy.matrix;
        }
        const gsl_matrix *A = ae_net_forward(v->dec, in);           /* (7.2) */
        ae_act_forward(AE_SIGMOID, &xhat.matrix, A);
    }
}

/* BOOK: gauss_rec */
/* The Gaussian decoder's rec = ||x - x_hat||^2 / (2 var), x_hat = sigmoid(a), mean over the
 * rows, and (dA not NULL) its gradient with respect to the logits A, of the mean as every
 * loss's: the MSE's 2 (x_hat - x) / B, divided by 2 var, times sigmoid's x_hat (1 - x_hat). */
static double gauss_rec(ae_vae *v, gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X)
{
    gsl_matrix_view P = gsl_matrix_submatrix(v->P, 0, 0, X->size1, v->D);
    ae_act_forward(AE_SIGMOID, &P.matrix, A);                        /* the mean x_hat */
    double rec = ae_loss_mse(dA, &P.matrix, X) / (2.0 * v->var);     /* (7.13) without its constant */
    if (dA) {
        gsl_matrix_scale(dA, 1.0 / (2.0 * v->var));
        ae_act_backward(AE_SIGMOID, dA, &P.matrix, A, dA);
    }
    return rec;
}
/* END BOOK */

/* BOOK: vae_forward_backward */
/* rec + beta KL of X summed over its B rows (beta = 1: -ELBO); the losses' gradients go
 * to dA, dMu, dLogvar unless they are NULL (they are of the losses' means: made the sum's
 * by the caller) */
static double neg_elbo(ae_vae *v, const gsl_matrix *X, gsl_matrix *dA, gsl_matrix *dMu, gsl_matrix *dLogvar)
{
    ae_vae_encode(v, X);                                             /* (7.1) mu, logvar */
    ae_vae_reparam_forward(&v->z.matrix, &v->mu, &v->logvar, &v->eps.matrix);
    if (v->C)
        put_onehot(&v->zy.matrix, v->K, v->labels, v->C);           /* [z | y] */
    const gsl_matrix *A = ae_net_forward(v->dec, &v->zy.matrix);     /* (7.2) logits */
    if (v->var > 0)
        v->rec = gauss_rec(v, dA, A, X);                             /* (7.13) */
    else
        v->rec = ae_loss_bce_logits(dA, A, X);                       /* (7.3) */
    v->kl = ae_loss_kl_gauss(dMu, dLogvar, &v->mu, &v->logvar);      /* (7.4), (7.5) */
    return (double)X->size1 * (v->rec + v->beta * v->kl);
}

double ae_vae_loss(ae_vae *v, const gsl_matrix *X)
{
    return neg_elbo(v, X, NULL, NULL, NULL);
}

double ae_vae_loss_grad(ae_vae *v, const gsl_matrix *X)
{
    double B = (double)X->size1;
    set_batch(v, X->size1);                                          /* the B-row gradient views */
    double loss = neg_elbo(v, X, &v->da.matrix, &v->dmu.matrix, &v->dlogvar.matrix);
    gsl_matrix_scale(&v->da.matrix, B);                              /* d(sum) = B d(mean) */
    gsl_matrix_scale(&v->denc.matrix, B * v->beta);                  /* beta scales the KL alone */
    return loss;
}

void ae_vae_backward(ae_vae *v)
{
    const gsl_matrix *dZ = ae_net_backward(v->dec, &v->da.matrix, AE_WANT_DX);   /* dL/dz, or dL/d[z | y] */
    if (v->C) {
        ae_vae_cond_split(&v->dz.matrix, dZ);                        /* dL/dz alone */
        dZ = &v->dz.matrix;
    }
    if (!v->kl_only)                                                 /* "KL only": rec stops at z */
        ae_vae_reparam_backward(&v->dmu.matrix, &v->dlogvar.matrix, dZ, &v->logvar,
                                &v->eps.matrix);                     /* (7.7), added to (7.5) */
    ae_net_backward(v->enc, &v->denc.matrix, AE_SKIP_DX);
}
/* END BOOK */

void ae_vae_evaluate(ae_vae *v, const ae_dataset *ds, gsl_rng *r, double *rec, double *kl)
{
    gsl_matrix *X = gsl_matrix_alloc(v->max_batch, v->D);
    double sum_rec = 0.0, sum_kl = 0.0;
    for (size_t first = 0; first < ds->n; first += v->max_batch) {
        size_t rows = ds->n - first < v->max_batch ? ds->n - first : v->max_batch;
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, v->D);
        ae_batch_range(&Xb.matrix, NULL, ds, first, rows);
        if (v->C)
            ae_vae_condition(v, ds->y + first);
        ae_vae_draw_eps(v, rows, r);
        ae_vae_loss(v, &Xb.matrix);
        sum_rec += v->rec * (double)rows;
        sum_kl += v->kl * (double)rows;
    }
    *rec = sum_rec / (double)ds->n;
    *kl = sum_kl / (double)ds->n;
    gsl_matrix_free(X);
}
