/* Lesson 04's model: the DAE, its corruptions and its reconstructions. See model.h. */
#include "batch.h"
#include "corrupt.h"
#include "model.h"

#include <gsl/gsl_math.h>

#include "act.h"
#include "exercises.h"
#include "loss.h"
#include "rng.h"

const ae_noise NOISE[NKINDS] = {AE_NOISE_GAUSSIAN, AE_NOISE_MASK, AE_NOISE_SALT_PEPPER};

dae dae_alloc(size_t D, size_t hidden, size_t batch, double lr, buffers *buf, gsl_rng *init)
{
    const size_t sizes[] = {D, hidden, D};
    const ae_act f[] = {AE_RELU, AE_IDENTITY};
    dae m = {ae_net_alloc(2, sizes, f, batch), ae_optim_alloc(AE_ADAM, lr), buf};
    ae_net_init(m.net, init, 1.0);
    ae_net_add_params(m.net, m.opt);
    return m;
}

void dae_free(dae *m)
{
    ae_net_free(m->net);
    ae_optim_free(m->opt);
}

void corrupt(gsl_matrix *Xc, const gsl_matrix *X, training t, kind k, double level, const settings *s,
             size_t side, gsl_rng *r)
{
    if (t == T_CLEAN)
        gsl_matrix_memcpy(Xc, X);
    else if (t == T_BLOCK)
        ae_corrupt_block(Xc, X, side, side, s->block, r);
    else if (k == K_MASK)
        ex04_mask_noise(Xc, X, level, r);                    /* exercise 4.1 */
    else
        ae_corrupt(Xc, X, NOISE[k], level, r);
}

void reconstruct(gsl_matrix *Out, dae *m, const gsl_matrix *Xc)
{
    for (size_t first = 0; first < Xc->size1; first += m->net->max_batch) {
        size_t rows = GSL_MIN(m->net->max_batch, Xc->size1 - first);
        gsl_matrix_const_view in = gsl_matrix_const_submatrix(Xc, first, 0, rows, Xc->size2);
        gsl_matrix_view out = gsl_matrix_submatrix(Out, first, 0, rows, Out->size2);
        ae_act_forward(AE_SIGMOID, &out.matrix, ae_net_forward(m->net, &in.matrix));
    }
}

double noisy_mse(dae *m, const ae_dataset *test, kind k, double level, const settings *s, unsigned long seed)
{
    gsl_rng *r = ae_rng_alloc(seed + 1000, AE_RNG_NOISE);
    gsl_matrix_view X = gsl_matrix_submatrix(m->buf->X, 0, 0, test->n, test->dim);
    gsl_matrix_view Xc = gsl_matrix_submatrix(m->buf->Xc, 0, 0, test->n, test->dim);
    gsl_matrix_view Out = gsl_matrix_submatrix(m->buf->dA, 0, 0, test->n, test->dim);
    ae_batch_range(&X.matrix, NULL, test, 0, test->n);
    corrupt(&Xc.matrix, &X.matrix, T_NOISE, k, level, s, test->rows, r);
    reconstruct(&Out.matrix, m, &Xc.matrix);
    gsl_rng_free(r);
    return ae_loss_mse(NULL, &Out.matrix, &X.matrix) / (double)test->dim;
}
