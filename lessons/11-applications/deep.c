/* Lesson 11, part 3: the deep sigmoid network and its layer-wise pretraining. See deep.h. */
#include <stdlib.h>

#include <gsl/gsl_math.h>

#include "autoenc.h"
#include "batch.h"
#include "err.h"
#include "loss.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

#include "deep.h"

ae_net *deep_encoder_alloc(size_t nlayers, const size_t *sizes, size_t rows)
{
    ae_act f[AE_NET_MAX_LAYERS];
    for (size_t i = 0; i < nlayers; i++)
        f[i] = i + 1 < nlayers ? AE_SIGMOID : AE_IDENTITY;
    return ae_net_alloc(nlayers, sizes, f, rows);
}

/* BOOK: pretrain_layers */
void pretrain_layers(ae_net *enc, const ae_cli *c, const subset *sub, int epochs, size_t batch, double lr,
                     gsl_rng *init, double *curve)
{
    const size_t D = sub->ds->dim;
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(sub->n, batch);
    size_t widest = 0;   /* the widest input of a layer: dA of every shallow AE fits */
    for (size_t i = 0; i < enc->nlayers; i++)
        widest = GSL_MAX(widest, enc->sizes[i]);
    gsl_matrix *X = gsl_matrix_alloc(batch, D), *dA = gsl_matrix_alloc(batch, widest);
    size_t *map = malloc(batch * sizeof *map);
    AE_ASSERT(map);
    for (size_t i = 0; i < enc->nlayers; i++) {
        size_t sizes[2] = {enc->sizes[i], enc->sizes[i + 1]};
        ae_autoenc *shallow = ae_autoenc_alloc(1, sizes, AE_SIGMOID, enc->f[i], batch);   /* s_{i-1}-s_i-s_{i-1} */
        ae_autoenc_init(shallow, init, 1.0);
        ae_optim *opt = ae_optim_alloc(AE_ADAM, lr);
        ae_autoenc_add_params(shallow, opt);
        ae_loss_watch watch = {0};
        for (int e = 1; e <= epochs; e++) {
            const size_t *pos;
            size_t rows;
            double sum = 0.0;
            ae_batcher_epoch(batches, shuffle);
            for (size_t k = 0; (rows = ae_batcher_next(batches, &pos)) > 0; k++) {
                gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, D);
                subset_fill(&x.matrix, NULL, sub, pos, rows, map);
                /* h_{i-1}: the layers below, already pretrained */
                const gsl_matrix *H = i ? ae_net_forward_to(enc, &x.matrix, i) : &x.matrix;
                gsl_matrix_view da = gsl_matrix_submatrix(dA, 0, 0, rows, sizes[0]);
                ae_optim_zero_grad(opt);
                double loss = ae_loss_bce_logits(&da.matrix, ae_autoenc_forward(shallow, H), H);   /* target h_{i-1} */
                ae_check_loss(c, &watch, loss, e, k + 1);
                ae_autoenc_backward(shallow, &da.matrix);
                ae_optim_step(opt);
                sum += loss * (double)rows;
            }
            curve[i] = sum / (double)(sub->n * sizes[0]);
            ae_progress(c, "pretrain layer %zu (%zu-%zu-%zu) epoch %d/%d: BCE %.4f per unit", i + 1, sizes[0],
                        sizes[1], sizes[0], e, epochs, curve[i]);
        }
        ae_dense *to = enc->layer[i], *from = shallow->enc->layer[0];   /* keep the shallow AE's encoder */
        gsl_matrix_memcpy(to->W, from->W);
        gsl_vector_memcpy(to->b, from->b);
        ae_optim_free(opt);
        ae_autoenc_free(shallow);
    }
    free(map);
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
}
/* END BOOK */
