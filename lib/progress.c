/* progress — what a lesson prints while it runs, and its stops. See progress.h. */
#define _GNU_SOURCE  /* dladdr, RTLD_DEFAULT */
#include "progress.h"

#include <dlfcn.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "err.h"

/* The header line, printed with the first progress line (so that an input
 * error before it is the only line on stderr): "lesson01 linear-pca: seed 42, BLAS ..." */
static void cli_banner(const ae_cli *c)
{
    static int printed;
    if (printed++)
        return;
    const char *t = c->title ? c->title : "";
    int len = (int)strcspn(t, ": \t");
    const char *blas = ae_blas_name();
    fprintf(stderr, "%s%s%.*s: seed %lu, BLAS %s%s\n", c->prog, len ? " " : "", len, t, c->seed,
            blas, strstr(blas, " Prescott ") ? " -- slow generic kernels: set OPENBLAS_CORETYPE=SkylakeX (AVX-512) or Haswell (AVX2), as make does" : "");
}

const char *ae_blas_name(void)
{
    static char name[512];
    Dl_info info;
    void *p = dlsym(RTLD_DEFAULT, "cblas_dgemm");  /* the one libgsl will call */
    const char *so = (p && dladdr(p, &info) && info.dli_fname) ? info.dli_fname : "?";
    const char *(*config)(void) = (const char *(*)(void))dlsym(RTLD_DEFAULT,
                                                              "openblas_get_config");
    if (config)
        snprintf(name, sizeof name, "%s (%s)", so, config());
    else
        snprintf(name, sizeof name, "%s", so);
    return name;
}

double ae_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void ae_progress(const ae_cli *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_banner(c);
    fprintf(stderr, "%s: %s (%.1f s)\n", c->prog, msg, ae_seconds() - c->t0);
}

void ae_check_batch(const ae_cli *c, size_t n, const char *set, size_t row_bytes)
{
    const char *how = ae_cli_given(c, AE_FLAG_BATCH) ? ""
                      : c->quick && c->quick_batch ? " (--quick's, as --batch was not given)"
                                                   : " (the default, as --batch was not given)";
    if (c->batch > n)
        ae_die(c->prog, "--batch: %zu%s is larger than the %zu %s; give --batch %zu or less", c->batch, how, n,
               set, n);
    const double budget = AE_MEM_BUDGET_GB * 1e9;
    if (row_bytes && (double)c->batch * (double)row_bytes > budget)
        ae_die(c->prog, "--batch: %zu%s rows need about %.1f GB of buffers, more than the budget of %g GB "
               "(AE_MEM_BUDGET_GB); give --batch %zu or less", c->batch, how,
               (double)c->batch * (double)row_bytes / 1e9, AE_MEM_BUDGET_GB, (size_t)(budget / (double)row_bytes));
}

void ae_check_loss(const ae_cli *c, ae_loss_watch *w, double loss, int epoch, size_t batch)
{
    if (isfinite(loss) && !w->seen) {
        w->seen = loss != 0.0;   /* 0 is no scale: the next value is */
        w->first = loss;
        return;
    }
    if (isfinite(loss) && fabs(loss) <= AE_LOSS_GROWTH * fabs(w->first))
        return;
    char what[32], grown[96] = "";
    if (isfinite(loss)) {
        snprintf(what, sizeof what, "%.3g", loss);
        snprintf(grown, sizeof grown, ", more than %g times its first value %.3g", AE_LOSS_GROWTH, w->first);
    } else {
        snprintf(what, sizeof what, "%s", isnan(loss) ? "nan" : loss > 0 ? "inf" : "-inf");
    }
    if (c->uses & AE_FLAG_LR)
        ae_die(c->prog, "loss is %s at epoch %d, batch %zu%s: training diverged; try a smaller --lr (now %g)",
               what, epoch, batch, grown, c->lr);
    ae_die(c->prog, "loss is %s at epoch %d, batch %zu%s: training diverged; check the data and the model",
           what, epoch, batch, grown);
}

int ae_gradcheck_gate(const ae_cli *c, const char *what, double err, double tol, const char *exercises,
                      const char *file)
{
    ae_progress(c, "gradient check of %s: max relative error %.2g (tolerance %.0e)", what, err, tol);
    if (err <= tol)   /* false for NaN too */
        return 0;
    fprintf(stderr, "%s: the backward pass of %s disagrees with finite differences: finish %s in %s "
                    "(make grade)\n", c->prog, what, exercises, file);
    return 1;
}
