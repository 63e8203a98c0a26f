/* pretrain — greedy layer-wise pretraining (2.6). See pretrain.h. */
#include "pretrain.h"

#include "batch.h"
#include "err.h"
#include "loss.h"
#include "progress.h"
#include "rng.h"

double ae_pretrain_bce_step(ae_autoenc *m, ae_optim *opt, const gsl_matrix *H, gsl_matrix *dA)
{
    ae_optim_zero_grad(opt);
    double loss = ae_loss_bce_logits(dA, ae_autoenc_forward(m, H), H);   /* (2.2, 2.3) target h_{i-1} */
    ae_autoenc_backward(m, dA);                                         /* (2.4, 2.5) */
    ae_optim_step(opt);
    return loss;
}

/* BOOK: pretrain */
/* Unroll (2.6): encoder layer i and the mirrored decoder layer n-1-i (if dec) take the
 * weights of the shallow autoencoder trained for layer i. */
static void unroll(ae_net *enc, ae_net *dec, size_t i, const ae_autoenc *shallow)
{
    gsl_matrix_memcpy(enc->layer[i]->W, shallow->enc->layer[0]->W);
    gsl_vector_memcpy(enc->layer[i]->b, shallow->enc->layer[0]->b);
    if (dec) {
        ae_dense *mirror = dec->layer[enc->nlayers - 1 - i];
        gsl_matrix_memcpy(mirror->W, shallow->dec->layer[0]->W);
        gsl_vector_memcpy(mirror->b, shallow->dec->layer[0]->b);
    }
}

/* Pretrain each layer i of enc as the encoder of a shallow autoencoder
 * s_{i-1} - s_i - s_{i-1} on the codes h_{i-1} of the layers below, then unroll it. */
void ae_pretrain(ae_net *enc, ae_net *dec, const ae_cli *c, const ae_dataset *ds, const ae_pretrain_plan *p,
                 gsl_rng *init, double *bce)
{
    const size_t n = enc->nlayers;
    AE_ASSERT(enc->sizes[0] == ds->dim && (!dec || dec->nlayers == n));
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(ds->n, p->batch);
    size_t widest = 0;   /* the widest input of a layer: dA of every shallow AE fits */
    for (size_t i = 0; i < n; i++)
        widest = enc->sizes[i] > widest ? enc->sizes[i] : widest;
    gsl_matrix *X = gsl_matrix_alloc(p->batch, ds->dim), *dA = gsl_matrix_alloc(p->batch, widest);
    for (size_t i = 0; i < n; i++) {
        size_t sizes[2] = {enc->sizes[i], enc->sizes[i + 1]};
        AE_ASSERT(!dec || (dec->sizes[n - 1 - i] == sizes[1] && dec->sizes[n - i] == sizes[0]));
        ae_autoenc *shallow = ae_autoenc_alloc(1, sizes, AE_SIGMOID, enc->f[i], p->batch);
        ae_autoenc_init(shallow, init, 1.0);
        ae_optim *opt = ae_optim_alloc(AE_ADAM, p->lr);
        ae_autoenc_add_params(shallow, opt);
        ae_loss_watch watch = {0};
        for (int e = 1; e <= p->epochs; e++) {
            const size_t *idx;
            size_t rows;
            double sum = 0.0;
            ae_batcher_epoch(batches, shuffle);
            for (size_t k = 0; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
                gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
                ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
                /* h_{i-1}: the layers below, already pretrained and unrolled */
                const gsl_matrix *H = i ? ae_net_forward_to(enc, &x.matrix, i) : &x.matrix;
                gsl_matrix_view da = gsl_matrix_submatrix(dA, 0, 0, rows, sizes[0]);
                double loss = p->step(shallow, opt, H, &da.matrix);   /* target: h_{i-1} itself */
                ae_check_loss(c, &watch, loss, e, k + 1);
                sum += loss * (double)rows;
            }
            double per_unit = sum / (double)(ds->n * sizes[0]);
            if (bce)
                bce[i] = per_unit;
            ae_progress(c, "pretrain layer %zu (%zu-%zu-%zu) epoch %d/%d: BCE %.4f per unit", i + 1,
                        sizes[0], sizes[1], sizes[0], e, p->epochs, per_unit);
        }
        ae_optim_free(opt);
        unroll(enc, dec, i, shallow);
        ae_autoenc_free(shallow);
    }
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
}
/* END BOOK */
