/* gradcheck — central finite differences against an analytic gradient.
 *
 *   g_num_i = (f(theta + h e_i) - f(theta - h e_i)) / 2h
 *
 * The error reported is normwise, ||g - g_num||_2 / max(||g||_2, ||g_num||_2),
 * with the worst single entry kept for the failure message.
 */
#ifndef AE_GRADCHECK_H
#define AE_GRADCHECK_H

#include <stddef.h>

#include "dense.h"

#define AE_GC_STEP 1e-5     /* h */
#define AE_GC_TOL_OP 1e-7   /* one layer or loss */
#define AE_GC_TOL_MODEL 1e-6 /* a whole model */

typedef struct {
    double rel_err;     /* normwise relative error */
    size_t worst;       /* index of the largest |g_i - g_num_i| */
    double analytic;    /* g[worst] */
    double numeric;     /* g_num[worst] */
} ae_gc_result;

/* The loss as a function of whatever theta points into. */
typedef double (*ae_gc_fn)(void *ctx);

/* Perturb theta[0..n-1] in place (restoring each entry) and compare the
 * numeric gradient with grad[0..n-1] (computed by the caller beforehand). */
ae_gc_result ae_gradcheck(ae_gc_fn f, void *ctx, double *theta, const double *grad,
                          size_t n, double h);

/* A dense layer's dW and db, as the caller's backward pass left them for the loss f(ctx)
 * (forward, backward, then this): the first max_w entries of W (all when 0 or more than
 * there are) and every entry of b; returns the larger relative error of the two. */
double ae_gradcheck_dense(ae_gc_fn f, void *ctx, ae_dense *L, size_t max_w);

#endif
