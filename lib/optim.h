/* optim — SGD, momentum and Adam over a list of (parameter, gradient) pairs.
 *
 * Register each parameter block once with its gradient buffer; ae_optim_step
 * then updates every block with one loop (on two threads for large models). Weight decay is the L2 penalty
 * (wd/2)||theta||^2 added to the loss, i.e. grad += wd * theta, applied only
 * to blocks registered with decay = 1 (weights, not biases).
 *
 *   SGD:       theta -= lr g                                          (0.7)
 *   momentum:  v = mu v + g;                 theta -= lr v
 *   Adam:      m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
 *              theta -= lr mhat / (sqrt(vhat) + eps),  mhat = m/(1-b1^t), vhat = v/(1-b2^t)
 */
#ifndef AE_OPTIM_H
#define AE_OPTIM_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

typedef enum { AE_SGD, AE_MOMENTUM, AE_ADAM } ae_optim_kind;

typedef struct {
    ae_optim_kind kind;
    double lr, wd;                 /* learning rate, weight decay */
    double mu;                     /* momentum (default 0.9) */
    double beta1, beta2, eps;      /* Adam (0.9, 0.999, 1e-8) */
    unsigned long t;               /* steps taken */
    size_t nblocks, cap;
    size_t nparams;                /* elements in all blocks */
    struct ae_optim_block {
        double *theta, *grad;      /* contiguous parameter and gradient */
        double *m, *v;             /* state, allocated at registration: Adam m, v; momentum v */
        size_t n;
        int decay;
    } *blocks;
} ae_optim;

/* Defaults for the kind: mu 0.9, beta1 0.9, beta2 0.999, eps 1e-8, wd 0. */
ae_optim *ae_optim_alloc(ae_optim_kind kind, double lr);
void ae_optim_free(ae_optim *o);

/* Register a parameter block (must be contiguous: tda == size2). */
void ae_optim_add_matrix(ae_optim *o, gsl_matrix *theta, gsl_matrix *grad, int decay);
void ae_optim_add_vector(ae_optim *o, gsl_vector *theta, gsl_vector *grad, int decay);

/* Set every registered gradient to zero. */
void ae_optim_zero_grad(ae_optim *o);

/* One update of every block from its current gradient. */
void ae_optim_step(ae_optim *o);

/* The penalty (wd/2) sum ||theta||^2 over decayed blocks (to report the full loss). */
double ae_optim_decay_penalty(const ae_optim *o);

#endif
