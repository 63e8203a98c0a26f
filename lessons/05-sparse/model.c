/* Lesson 05's model: the sparse autoencoder. See model.h. */
#include "batch.h"
#include "model.h"

#include <math.h>

#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "rng.h"

#define ACTIVE 0.1   /* a unit counts as on for a patch when h > 0.1 (ten times rho) */
#define HALF 0.5     /* ... and as firing when h > 0.5, past the sigmoid's midpoint */

const char *const PEN_NAME[] = {"none", "kl", "l1"};

sparse_ae sparse_ae_alloc(size_t D, size_t K, penalty pen, const weights *w, size_t max_batch, double lr,
                          gsl_rng *init)
{
    const size_t se[] = {D, K}, sd[] = {K, D};
    const ae_act f[] = {AE_SIGMOID};
    sparse_ae m = {ae_net_alloc(1, se, f, max_batch), ae_net_alloc(1, sd, f, max_batch),
                   ae_optim_alloc(AE_ADAM, lr), pen, *w, gsl_matrix_alloc(max_batch, D),
                   gsl_matrix_alloc(max_batch, D), gsl_matrix_alloc(max_batch, K), gsl_matrix_alloc(max_batch, K),
                   gsl_vector_alloc(K), NULL};
    ae_net_init(m.enc, init, 1.0);
    ae_net_init(m.dec, init, 1.0);
    m.opt->wd = w->wd;
    ae_net_add_params(m.enc, m.opt);
    ae_net_add_params(m.dec, m.opt);
    return m;
}

void sparse_ae_free(sparse_ae *m)
{
    ae_net_free(m->enc);
    ae_net_free(m->dec);
    ae_optim_free(m->opt);
    gsl_matrix_free(m->X);
    gsl_matrix_free(m->dXhat);
    gsl_matrix_free(m->dP);
    gsl_matrix_free(m->dH);
    gsl_vector_free(m->rho_hat);
}

/* BOOK: sparse_loss */
/* x_hat of the batch X; h kept for the loss */
const gsl_matrix *sparse_ae_forward(sparse_ae *m, const gsl_matrix *X)
{
    m->H = ae_net_forward(m->enc, X);                                  /* h = sigmoid(W1 x + b1) */
    return ae_net_forward(m->dec, m->H);                               /* x_hat = sigmoid(W2 h + b2) */
}

/* L = 1/2B sum ||x_hat - x||^2 + penalty(h)  (5.4), without the weight decay */
double sparse_ae_loss(sparse_ae *m, const gsl_matrix *Xhat, const gsl_matrix *X)
{
    gsl_matrix_view dXhat = gsl_matrix_submatrix(m->dXhat, 0, 0, X->size1, X->size2);
    double loss = 0.5 * ae_loss_mse(&dXhat.matrix, Xhat, X);         /* UFLDL's 1/2 ||x_hat - x||^2 */
    gsl_matrix_scale(&dXhat.matrix, 0.5);
    gsl_matrix_view dP = gsl_matrix_submatrix(m->dP, 0, 0, X->size1, m->H->size2);
    gsl_matrix_set_zero(&dP.matrix);
    if (m->pen == PEN_KL)                                              /* (5.2), (5.3): exercise 5.1 */
        loss += ex05_kl_sparsity(&dP.matrix, m->rho_hat, m->H, m->w.rho, m->w.beta);
    else if (m->pen == PEN_L1)                                         /* (5.1) */
        loss += ae_penalty_l1(&dP.matrix, m->H, m->w.l1);
    return loss;
}

/* Back through the decoder, dP/dh added to dL/dh, back through the encoder */
void sparse_ae_backward(sparse_ae *m)
{
    const size_t B = m->H->size1, K = m->H->size2;
    gsl_matrix_view dXhat = gsl_matrix_submatrix(m->dXhat, 0, 0, B, m->dXhat->size2);
    const gsl_matrix *dHrec = ae_net_backward(m->dec, &dXhat.matrix, AE_WANT_DX);   /* dL/dh from the decoder */
    gsl_matrix_view dH = gsl_matrix_submatrix(m->dH, 0, 0, B, K), dP = gsl_matrix_submatrix(m->dP, 0, 0, B, K);
    gsl_matrix_memcpy(&dH.matrix, dHrec);
    if (m->pen != PEN_NONE)
        gsl_matrix_add(&dH.matrix, &dP.matrix);                        /* + dP/dh */
    ae_net_backward(m->enc, &dH.matrix, AE_SKIP_DX);                   /* dW1, db1 */
}
/* END BOOK */

typedef struct {
    sparse_ae *m;
    const gsl_matrix *X;
} check_ctx;

static double check_loss(void *p)
{
    check_ctx *c = p;
    ae_optim_zero_grad(c->m->opt);
    double loss = sparse_ae_loss(c->m, sparse_ae_forward(c->m, c->X), c->X);
    sparse_ae_backward(c->m);
    return loss;
}

double sparse_ae_gradcheck(const ae_dataset *ds, size_t K, const weights *w, unsigned long seed)
{
    enum { ROWS = 20 };
    gsl_rng *init = ae_rng_alloc(seed, AE_RNG_INIT);
    sparse_ae m = sparse_ae_alloc(ds->dim, K, PEN_KL, w, ROWS, 1e-3, init);
    gsl_matrix *X = gsl_matrix_alloc(ROWS, ds->dim);
    ae_batch_range(X, NULL, ds, 0, ROWS);
    check_ctx c = {&m, X};
    ae_dense *layers[] = {m.enc->layer[0], m.dec->layer[0]};
    double worst = 0.0;
    for (size_t i = 0; i < 2; i++) {
        check_loss(&c);   /* the analytic gradient */
        worst = fmax(worst, ae_gradcheck_dense(check_loss, &c, layers[i], 0));
    }
    gsl_matrix_free(X);
    sparse_ae_free(&m);
    gsl_rng_free(init);
    return worst;
}

void sparse_ae_evaluate(sparse_eval *e, double *rho, double *on_unit, double *h_all, sparse_ae *m,
                        const ae_dataset *test)
{
    const size_t K = m->enc->sizes[1], rows_max = m->enc->max_batch;
    double err = 0.0, on = 0.0, firing = 0.0, hsum = 0.0;
    for (size_t j = 0; j < K; j++) {
        rho[j] = 0.0;
        if (on_unit)
            on_unit[j] = 0.0;
    }
    for (size_t first = 0; first < test->n; first += rows_max) {
        size_t rows = test->n - first < rows_max ? test->n - first : rows_max;
        gsl_matrix_view X = gsl_matrix_submatrix(m->X, 0, 0, rows, test->dim);
        ae_batch_range(&X.matrix, NULL, test, first, rows);
        err += ae_loss_mse(NULL, sparse_ae_forward(m, &X.matrix), &X.matrix) * (double)rows;
        for (size_t b = 0; b < rows; b++)
            for (size_t j = 0; j < K; j++) {
                double h = gsl_matrix_get(m->H, b, j);
                rho[j] += h;
                hsum += h;
                on += h > ACTIVE;
                if (on_unit)
                    on_unit[j] += h > ACTIVE;
                firing += h > HALF;
                if (h_all)
                    h_all[(first + b) * K + j] = h;
            }
    }
    e->err = err / (double)(test->n * test->dim);
    e->active = on / (double)test->n;
    e->firing = firing / (double)test->n;
    e->mean_h = hsum / (double)test->n;
    e->mean_rho = hsum / (double)(test->n * K);
    for (size_t j = 0; j < K; j++) {
        rho[j] /= (double)test->n;
        if (on_unit)
            on_unit[j] /= (double)test->n;
    }
}
