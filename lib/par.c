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

/* The pieces not yet handed out: each thread takes the next one when it is free. */
typedef struct {
    void (*fn)(void *ctx, size_t i);
    void *ctx;
    size_t next, n;
    pthread_mutex_t lock;
} par_queue;

static void *run_queue(void *p)
{
    par_queue *q = p;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t i = q->next < q->n ? q->next++ : q->n;
        pthread_mutex_unlock(&q->lock);
        if (i == q->n)
            return NULL;
        q->fn(q->ctx, i);
    }
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
    par_queue q = {fn, ctx, 0, n, PTHREAD_MUTEX_INITIALIZER};
    pthread_t tid[AE_PAR_MAX_THREADS];
    int started[AE_PAR_MAX_THREADS] = {0};
    for (size_t t = 1; t < threads; t++)   /* the caller's thread is the first worker */
        started[t] = pthread_create(&tid[t], NULL, run_queue, &q) == 0;
    run_queue(&q);   /* with no thread to be had, the caller does every piece */
    for (size_t t = 1; t < threads; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
    if (openblas_set_num_threads)
        openblas_set_num_threads(blas_threads);
}
