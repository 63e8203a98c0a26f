/* par — a few independent pieces of work on the machine's cores (pthreads).
 *
 * ae_par_run(n, fn, ctx) calls fn(ctx, i) once for every i = 0 .. n-1 and returns when
 * all have returned: on ae_par_threads() threads, the pieces handed out in the order
 * 0, 1, ..., each to the next thread that is free (so give the longest pieces the
 * smallest numbers), or one after the other on the caller's thread when there is one
 * thread. The pieces must not write
 * to the same memory; what each computes must not depend on the thread it runs on, so
 * a program gives the same numbers on one thread or two (give every piece its own
 * accumulators and add them up afterwards in a fixed order).
 *
 * While the pieces run, OpenBLAS is told to use one thread: each piece's products are
 * small, and two pieces asking OpenBLAS's thread pool for both cores would wait on
 * each other.
 */
#ifndef AE_PAR_H
#define AE_PAR_H

#include <stddef.h>

#define AE_PAR_MAX_THREADS 8

/* The threads ae_par_run uses: OpenBLAS's thread count (OPENBLAS_NUM_THREADS, else the
 * cores), or the online cores without OpenBLAS; between 1 and AE_PAR_MAX_THREADS. */
size_t ae_par_threads(void);

void ae_par_run(size_t n, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
