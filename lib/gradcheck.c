/* gradcheck — central differences against an analytic gradient. See gradcheck.h. */
#include "gradcheck.h"

#include <math.h>

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
