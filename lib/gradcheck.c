/* gradcheck — central differences against an analytic gradient. See gradcheck.h. */
#include "gradcheck.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

ae_gc_result ae_gradcheck(ae_gc_fn f, void *ctx, double *theta, const double *grad,
                          size_t n, double h)
{
    ae_gc_result res = {0.0, 0, 0.0, 0.0};
    double diff2 = 0.0, g2 = 0.0, num2 = 0.0, worst = -1.0;
    for (size_t i = 0; i < n; i++) {
        double saved = theta[i];
        theta[i] = saved + h;
        double fp = f(ctx);
        theta[i] = saved - h;
        double fm = f(ctx);
        theta[i] = saved;
        double num = (fp - fm) / (2.0 * h); /* g_num_i = (f(theta + h e_i) - f(theta - h e_i)) / 2h */
        double d = grad[i] - num;
        diff2 += d * d;
        g2 += grad[i] * grad[i];
        num2 += num * num;
        if (fabs(d) > worst || (isnan(d) && worst < INFINITY)) {
            worst = isnan(d) ? INFINITY : fabs(d);
            res.worst = i;
            res.analytic = grad[i];
            res.numeric = num;
        }
    }
    /* ||g - g_num|| / max(||g||, ||g_num||); both zero counts as agreement */
    double denom = sqrt(fmax(g2, num2));
    if (!(diff2 < INFINITY))    /* NaN or Inf somewhere: fail loudly */
        res.rel_err = INFINITY;
    else if (denom > 0.0)
        res.rel_err = sqrt(diff2) / denom;
    else
        res.rel_err = 0.0;
    return res;
}

double ae_gradcheck_dense(ae_gc_fn f, void *ctx, ae_dense *L, size_t max_w)
{
    size_t nw = L->W->size1 * L->W->size2, nb = L->b->size;   /* W, b contiguous (ae_dense_alloc) */
    if (max_w > 0 && max_w < nw)
        nw = max_w;
    double *g = malloc((nw + nb) * sizeof *g);   /* the analytic gradient, before f overwrites it */
    AE_ASSERT(g != NULL);
    memcpy(g, L->dW->data, nw * sizeof *g);
    memcpy(g + nw, L->db->data, nb * sizeof *g);
    ae_gc_result rw = ae_gradcheck(f, ctx, L->W->data, g, nw, AE_GC_STEP);
    ae_gc_result rb = ae_gradcheck(f, ctx, L->b->data, g + nw, nb, AE_GC_STEP);
    free(g);
    return fmax(rw.rel_err, rb.rel_err);
}
