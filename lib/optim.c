/* optim — SGD, momentum and Adam over registered (theta, grad) blocks. See optim.h. */
#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

ae_optim *ae_optim_alloc(ae_optim_kind kind, double lr)
{
    ae_optim *o = calloc(1, sizeof *o);
    AE_ASSERT(o != NULL);
    o->kind = kind;
    o->lr = lr;
    o->wd = 0.0;
    o->mu = 0.9;
    o->beta1 = 0.9;
    o->beta2 = 0.999;
    o->eps = 1e-8;
    return o;
}

void ae_optim_free(ae_optim *o)
{
    if (o == NULL)
        return;
    for (size_t k = 0; k < o->nblocks; k++) {
        free(o->blocks[k].m);
        free(o->blocks[k].v);
    }
    free(o->blocks);
    free(o);
}

static void add_block(ae_optim *o, double *theta, double *grad, size_t n, int decay)
{
    if (o->nblocks == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 8;
        struct ae_optim_block *blocks = realloc(o->blocks, cap * sizeof *blocks);
        AE_ASSERT(blocks != NULL);
        o->blocks = blocks;
        o->cap = cap;
    }
    struct ae_optim_block *blk = &o->blocks[o->nblocks++];
    blk->theta = theta;
    blk->grad = grad;
    blk->n = n;
    blk->decay = decay;
    blk->m = calloc(n ? n : 1, sizeof *blk->m);
    blk->v = calloc(n ? n : 1, sizeof *blk->v);
    AE_ASSERT(blk->m != NULL && blk->v != NULL);
}

void ae_optim_add_matrix(ae_optim *o, gsl_matrix *theta, gsl_matrix *grad, int decay)
{
    AE_ASSERT(theta->size1 == grad->size1 && theta->size2 == grad->size2);
    AE_ASSERT(theta->tda == theta->size2 && grad->tda == grad->size2);
    add_block(o, theta->data, grad->data, theta->size1 * theta->size2, decay);
}

void ae_optim_add_vector(ae_optim *o, gsl_vector *theta, gsl_vector *grad, int decay)
{
    AE_ASSERT(theta->size == grad->size);
    AE_ASSERT(theta->stride == 1 && grad->stride == 1);
    add_block(o, theta->data, grad->data, theta->size, decay);
}

void ae_optim_zero_grad(ae_optim *o)
{
    for (size_t k = 0; k < o->nblocks; k++)
        memset(o->blocks[k].grad, 0, o->blocks[k].n * sizeof(double));
}

/* BOOK: optim_step */
void ae_optim_step(ae_optim *o)
{
    o->t++;
    /* Adam's bias corrections 1 - beta^t */
    double c1 = 1.0 - pow(o->beta1, (double)o->t);
    double c2 = 1.0 - pow(o->beta2, (double)o->t);
    for (size_t k = 0; k < o->nblocks; k++) {
        struct ae_optim_block *blk = &o->blocks[k];
        double wd = blk->decay ? o->wd : 0.0;
        for (size_t i = 0; i < blk->n; i++) {
            double g = blk->grad[i] + wd * blk->theta[i]; /* grad of L + (wd/2)||theta||^2 */
            switch (o->kind) {
            case AE_SGD:
                blk->theta[i] -= o->lr * g;
                break;
            case AE_MOMENTUM:
                blk->v[i] = o->mu * blk->v[i] + g;       /* v = mu v + g */
                blk->theta[i] -= o->lr * blk->v[i];
                break;
            case AE_ADAM:
                blk->m[i] = o->beta1 * blk->m[i] + (1.0 - o->beta1) * g;
                blk->v[i] = o->beta2 * blk->v[i] + (1.0 - o->beta2) * g * g;
                /* theta -= lr mhat / (sqrt(vhat) + eps) */
                blk->theta[i] -= o->lr * (blk->m[i] / c1) / (sqrt(blk->v[i] / c2) + o->eps);
                break;
            }
        }
    }
}
/* END BOOK */

double ae_optim_decay_penalty(const ae_optim *o)
{
    double sum = 0.0;
    for (size_t k = 0; k < o->nblocks; k++) {
        const struct ae_optim_block *blk = &o->blocks[k];
        if (!blk->decay)
            continue;
        for (size_t i = 0; i < blk->n; i++)
            sum += blk->theta[i] * blk->theta[i];
    }
    return 0.5 * o->wd * sum; /* (wd/2) sum ||theta||^2 */
}
