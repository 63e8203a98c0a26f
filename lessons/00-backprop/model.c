/* Lesson 00's model: the two-layer ReLU network, forward and backward. See model.h. */
#include "batch.h"
#include "model.h"

#include <math.h>
#include <stdlib.h>

#include "act.h"
#include "err.h"
#include "exercises.h"
#include "loss.h"

net net_alloc(gsl_rng *init)
{
    net m = {ae_dense_alloc(INPUTS, HIDDEN), ae_dense_alloc(HIDDEN, CLASSES)};
    ae_dense_init(m.L1, init, sqrt(2.0));   /* He initialisation for the ReLU layer */
    ae_dense_init(m.L2, init, 1.0);
    return m;
}

void net_free(net *m)
{
    ae_dense_free(m->L1);
    ae_dense_free(m->L2);
}

void net_copy(net *dst, const net *src)
{
    gsl_matrix_memcpy(dst->L1->W, src->L1->W);
    gsl_vector_memcpy(dst->L1->b, src->L1->b);
    gsl_matrix_memcpy(dst->L2->W, src->L2->W);
    gsl_vector_memcpy(dst->L2->b, src->L2->b);
}

void net_zero_grad(net *m)
{
    ae_dense_zero_grad(m->L1);
    ae_dense_zero_grad(m->L2);
}

buffers *buffers_alloc(size_t cap)
{
    buffers *v = malloc(sizeof *v);
    AE_ASSERT(v);
    v->cap = cap;
    v->X = gsl_matrix_alloc(cap, INPUTS);
    v->H = gsl_matrix_alloc(cap, HIDDEN);
    v->F = gsl_matrix_alloc(cap, CLASSES);
    v->P = gsl_matrix_alloc(cap, CLASSES);
    v->dF = gsl_matrix_alloc(cap, CLASSES);
    v->dH = gsl_matrix_alloc(cap, HIDDEN);
    v->y = malloc(cap);
    AE_ASSERT(v->y);
    return v;
}

void buffers_free(buffers *v)
{
    gsl_matrix *m[] = {v->X, v->H, v->F, v->P, v->dF, v->dH};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        gsl_matrix_free(m[i]);
    free(v->y);
    free(v);
}

batch rows_of(buffers *v, size_t rows)
{
    AE_ASSERT(rows <= v->cap);
    return (batch){
        gsl_matrix_submatrix(v->X, 0, 0, rows, INPUTS), gsl_matrix_submatrix(v->H, 0, 0, rows, HIDDEN),
        gsl_matrix_submatrix(v->F, 0, 0, rows, CLASSES), gsl_matrix_submatrix(v->P, 0, 0, rows, CLASSES),
        gsl_matrix_submatrix(v->dF, 0, 0, rows, CLASSES), gsl_matrix_submatrix(v->dH, 0, 0, rows, HIDDEN)};
}

/* BOOK: forward */
/* Scores F and probabilities P for the rows of X; returns the mean cross-entropy. */
double forward(const net *m, batch *a, const uint8_t *y)
{
    ae_dense_forward(&a->H.matrix, &a->X.matrix, m->L1);            /* u = W1 x + b1 */
    ae_act_forward(AE_RELU, &a->H.matrix, &a->H.matrix);            /* h = relu(u)   */
    ae_dense_forward(&a->F.matrix, &a->H.matrix, m->L2);            /* f = W2 h + b2 */
    return ae_loss_softmax_ce(NULL, &a->P.matrix, &a->F.matrix, y); /* p = softmax(f), L = -log p_y */
}
/* END BOOK */

/* BOOK: backward */
/* Gradients of the mean cross-entropy, added into dW1, db1, dW2, db2. */
void backward(net *m, batch *a, const uint8_t *y)
{
    ex00_softmax_ce_grad(&a->dF.matrix, &a->P.matrix, y);              /* (0.6) dL/df = p - 1(y=k)  */
    ex00_dense_backward(&a->dH.matrix, m->L2, &a->dF.matrix, &a->H.matrix); /* (0.3) dL/dW2 = dL/df h^T,
                                                                          (0.4) dL/dh = W2^T dL/df  */
    ex00_relu_backward(&a->dH.matrix, &a->H.matrix);                   /* (0.5) dL/du = 1(h>0) dL/dh */
    ex00_dense_backward(NULL, m->L1, &a->dH.matrix, &a->X.matrix);     /* (0.3) dL/dW1 = dL/du x^T   */
}
/* END BOOK */

score evaluate(const net *m, buffers *v, const ae_dataset *ds, const ae_optim *opt)
{
    batch a = rows_of(v, ds->n);
    ae_batch_range(&a.X.matrix, v->y, ds, 0, ds->n);
    double loss = forward(m, &a, v->y) + ae_optim_decay_penalty(opt);
    return (score){loss, (double)ae_count_correct(&a.P.matrix, v->y) / (double)ds->n};
}
