/* par — independent pieces of work on pthreads (see par.h). */
#include "par.h"

#include <pthread.h>
#include <unistd.h>

/* OpenBLAS's thread controls, when the program is linked with OpenBLAS (else NULL). */
extern int openblas_get_num_threads(void) __attribute__((weak));
extern void openblas_set_num_threads(int n) __attribute__((weak));

size_t ae_par_threads(void)
{
    long n = openblas_get_num_threads ? openblas_get_num_threads() : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > AE_PAR_MAX_THREADS ? AE_PAR_MAX_THREADS : (size_t)n;
}

typedef struct {
    void (*fn)(void *ctx, size_t i);
    void *ctx;
    size_t first, n, step;   /* pieces first, first + step, ... below n */
} par_share;

static void *run_share(void *p)
{
    const par_share *s = p;
    for (size_t i = s->first; i < s->n; i += s->step)
        s->fn(s->ctx, i);
    return NULL;
}

void ae_par_run(size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
    size_t threads = ae_par_threads();
    threads = threads < n ? threads : n;
    if (threads <= 1) {
        for (size_t i = 0; i < n; i++)
            fn(ctx, i);
        return;
    }
    int blas_threads = openblas_get_num_threads ? openblas_get_num_threads() : 1;
    if (openblas_set_num_threads)
        openblas_set_num_threads(1);
    par_share share[AE_PAR_MAX_THREADS];
    pthread_t tid[AE_PAR_MAX_THREADS];
    int started[AE_PAR_MAX_THREADS] = {0};
    for (size_t t = 0; t < threads; t++)
        share[t] = (par_share){fn, ctx, t, n, threads};
    for (size_t t = 1; t < threads; t++)   /* the caller's thread takes share 0 */
        started[t] = pthread_create(&tid[t], NULL, run_share, &share[t]) == 0;
    run_share(&share[0]);
    for (size_t t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            run_share(&share[t]);   /* no thread to be had: do its share here */
    }
    if (openblas_set_num_threads)
        openblas_set_num_threads(blas_threads);
}
