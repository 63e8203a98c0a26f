/* Lesson 06's model. See model.h. */
#include "batch.h"
#include "model.h"

#include "act.h"
#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "rng.h"

const char *const MODEL_NAME[NMODELS] = {"ae", "dae", "cae"};

model model_alloc(model_kind kind, size_t D, size_t K, size_t rows, double lr, gsl_rng *init)
{
    const size_t sizes[] = {K, D};
    const ae_act f[] = {AE_IDENTITY};
    model m = {kind, ae_dense_alloc(D, K), ae_net_alloc(1, sizes, f, rows), ae_optim_alloc(AE_ADAM, lr),
               gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, D), gsl_matrix_alloc(rows, K),
               gsl_matrix_alloc(rows, K), gsl_matrix_alloc(rows, D)};
    ae_dense_init(m.enc, init, 1.0);
    ae_net_init(m.dec, init, 1.0);
    ae_dense_add_params(m.enc, m.opt);
    ae_net_add_params(m.dec, m.opt);
    return m;
}

void model_free(model *m)
{
    ae_dense_free(m->enc);
    ae_net_free(m->dec);
    ae_optim_free(m->opt);
    gsl_matrix *mats[] = {m->X, m->Xin, m->H, m->dA, m->dLogits};
    for (size_t i = 0; i < sizeof mats / sizeof *mats; i++)
        gsl_matrix_free(mats[i]);
}

batch rows_of(model *m, size_t rows)
{
    size_t D = m->X->size2, K = m->H->size2;
    return (batch){gsl_matrix_submatrix(m->X, 0, 0, rows, D), gsl_matrix_submatrix(m->Xin, 0, 0, rows, D),
                   gsl_matrix_submatrix(m->H, 0, 0, rows, K), gsl_matrix_submatrix(m->dA, 0, 0, rows, K),
                   gsl_matrix_submatrix(m->dLogits, 0, 0, rows, D)};
}

void encode(const model *m, gsl_matrix *H, const gsl_matrix *X)
{
    ae_dense_forward(H, X, m->enc);
    ae_act_forward(AE_SIGMOID, H, H);
}

/* BOOK: cae_loss */
/* h of the input a.Xin (X, or X corrupted for the DAE); the logits of x_hat */
const gsl_matrix *model_forward(model *m, batch *a)
{
    encode(m, &a->H.matrix, &a->Xin.matrix);                                  /* h = sigmoid(W x + b) */
    return ae_net_forward(m->dec, &a->H.matrix);                              /* x_hat = sigmoid(logits) */
}

/* the reconstruction's gradients, from dL/dlogits (the target is always the clean a.X) */
void model_backward(model *m, batch *a)
{
    const gsl_matrix *dH = ae_net_backward(m->dec, &a->dLogits.matrix, AE_WANT_DX);   /* dL/dh */
    ae_act_backward(AE_SIGMOID, &a->dA.matrix, &a->H.matrix, NULL, dH);      /* dL/da = dL/dh h (1 - h) */
    ae_dense_backward(NULL, m->enc, &a->dA.matrix, &a->Xin.matrix);          /* dW += dA^T X, db += 1^T dA */
}

/* the CAE's lambda ||J_f(x)||_F^2, added to the encoder's gradients: (6.2)-(6.5), exercise 6.2 */
double model_contractive(model *m, batch *a, double lambda)
{
    return ex06_contractive(m->enc->dW, m->enc->db, &a->dA.matrix, &a->H.matrix, &a->Xin.matrix, m->enc->W,
                            lambda);
}
/* END BOOK */

typedef struct {
    model *m;
    batch a;
    double lambda;
} check_ctx;

static double check_loss(void *p)
{
    check_ctx *c = p;
    ae_optim_zero_grad(c->m->opt);
    double loss = ae_loss_bce_logits(&c->a.dLogits.matrix, model_forward(c->m, &c->a), &c->a.X.matrix);
    model_backward(c->m, &c->a);
    return loss + model_contractive(c->m, &c->a, c->lambda);
}

double model_gradcheck(const ae_dataset *ds, double lambda, unsigned long seed)
{
    enum { ROWS = 5, K = 4, CHECKED = 2 };
    gsl_rng *init = ae_rng_alloc(seed, AE_RNG_INIT);
    model m = model_alloc(M_CAE, ds->dim, K, ROWS, 1e-3, init);
    check_ctx c = {&m, rows_of(&m, ROWS), lambda};
    ae_batch_range(&c.a.X.matrix, NULL, ds, 0, ROWS);
    gsl_matrix_memcpy(&c.a.Xin.matrix, &c.a.X.matrix);
    check_loss(&c);   /* the analytic gradient */
    double worst = ae_gradcheck_dense(check_loss, &c, m.enc, CHECKED * ds->dim);
    model_free(&m);
    gsl_rng_free(init);
    return worst;
}
