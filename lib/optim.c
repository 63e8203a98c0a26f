/* optim — SGD, momentum and Adam over registered (theta, grad) blocks. See optim.h. */
#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "par.h"
#include "vecmath.h"

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
    o->nparams += n;
    /* the state the method keeps: Adam m and v, momentum v, SGD none */
    blk->m = o->kind == AE_ADAM ? calloc(n ? n : 1, sizeof *blk->m) : NULL;
    blk->v = o->kind != AE_SGD ? calloc(n ? n : 1, sizeof *blk->v) : NULL;
    AE_ASSERT((blk->m != NULL) == (o->kind == AE_ADAM) && (blk->v != NULL) == (o->kind != AE_SGD));
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

/* BOOK: optim_step */
/* Elements [from, to) of one block: theta -= the method's step for g = dL/dtheta + wd theta,
 * the gradient of L + (wd/2)||theta||^2. c1, c2 are Adam's bias corrections 1 - beta^t. */
AE_VECTORISE
static void step_block(const ae_optim *o, struct ae_optim_block *blk, size_t from, size_t to,
                       double c1, double c2)
{
    double *restrict theta = blk->theta, *restrict m = blk->m, *restrict v = blk->v;
    const double *restrict grad = blk->grad;
    const double lr = o->lr, wd = blk->decay ? o->wd : 0.0;
    const double mu = o->mu, b1 = o->beta1, b2 = o->beta2, eps = o->eps;
    switch (o->kind) {
    case AE_SGD:
        for (size_t i = from; i < to; i++)
            theta[i] -= lr * (grad[i] + wd * theta[i]);
        return;
    case AE_MOMENTUM:
        for (size_t i = from; i < to; i++) {
            v[i] = mu * v[i] + (grad[i] + wd * theta[i]);   /* v = mu v + g */
            theta[i] -= lr * v[i];
        }
        return;
    case AE_ADAM:
        for (size_t i = from; i < to; i++) {
            double g = grad[i] + wd * theta[i];
            m[i] = b1 * m[i] + (1.0 - b1) * g;              /* m = b1 m + (1 - b1) g */
            v[i] = b2 * v[i] + (1.0 - b2) * g * g;          /* v = b2 v + (1 - b2) g^2 */
            /* theta -= lr mhat / (sqrt(vhat) + eps) */
            theta[i] -= lr * (m[i] / c1) / (sqrt(v[i] / c2) + eps);
        }
        return;
    }
    AE_ASSERT(!"unknown optimiser");
}
/* END BOOK */

/* ---- large models: the updates run on all threads (they are memory-bound) ---- */

#define SPLIT_MIN 100000   /* parameters below which one thread is faster */

typedef struct {
    ae_optim *o;
    size_t parts;         /* piece i does elements [n i/parts, n (i+1)/parts) of each block */
    int zero;             /* 1: zero the gradients; 0: take a step */
    double c1, c2;
} job;

static void run_part(void *ctx, size_t i)
{
    const job *j = ctx;
    for (size_t k = 0; k < j->o->nblocks; k++) {
        struct ae_optim_block *blk = &j->o->blocks[k];
        size_t from = blk->n * i / j->parts, to = blk->n * (i + 1) / j->parts;
        if (j->zero)
            memset(blk->grad + from, 0, (to - from) * sizeof(double));
        else
            step_block(j->o, blk, from, to, j->c1, j->c2);
    }
}

/* Each element is updated by one piece: the result does not depend on the split. */
static void run_jobs(ae_optim *o, int zero, double c1, double c2)
{
    job j = {o, o->nparams < SPLIT_MIN ? 1 : ae_par_threads(), zero, c1, c2};
    ae_par_run(j.parts, run_part, &j);
}

void ae_optim_zero_grad(ae_optim *o)
{
    run_jobs(o, 1, 0.0, 0.0);
}

void ae_optim_step(ae_optim *o)
{
    o->t++;
    run_jobs(o, 0, 1.0 - pow(o->beta1, (double)o->t), 1.0 - pow(o->beta2, (double)o->t));
}

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
