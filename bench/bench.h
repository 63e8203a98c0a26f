/* bench.h — one model to time in `make bench`.
 *
 * Each bench/NAME.c defines a `const bench_model bench_NAME` and adds one line to
 * the table in bench/main.c. The harness runs every model in its own child
 * process (so its peak RSS is its own): alloc, one warm-up epoch, then --epochs
 * timed epochs over the 60,000 Fashion-MNIST training images; it prints the
 * median seconds per epoch next to the PyTorch time measured on this machine kind
 * (each model's torch_s below), the GEMM rate against a dgemm measured in the same run, and
 * the share of the epoch spent inside the matrix products (gemm_clock.c).
 */
#ifndef AE_BENCH_H
#define AE_BENCH_H

#include <gsl/gsl_rng.h>

#include "data.h"

typedef struct {
    const char *name;          /* "keras": what --model selects */
    const char *what;          /* one line: architecture, loss, optimiser, batch */
    double torch_s;            /* PyTorch seconds per epoch on this machine, 0 if unknown */
    const char *torch_prec;    /* "f64" or "f32": the precision of that figure */
    double gflop;              /* GEMM work per epoch (forward + backward), 1e9 flop, counted
                                  from the shapes; the harness checks it against the calls */
    void *(*alloc)(gsl_rng *r);                                 /* the model, initialised */
    void (*epoch)(void *model, const ae_dataset *train, gsl_rng *r);   /* one epoch, with updates */
    void (*free)(void *model);
} bench_model;

/* bench/gemm_clock.c: the matrix products since the last reset, in seconds of the whole
 * machine (wall-clock time x the BLAS threads / the machine's threads) and in 1e9 flop. */
void gemm_clock_reset(void);
void gemm_clock_read(double *seconds, double *gflop);
const char *gemm_clock_blas(void);   /* the file of the BLAS's own cblas_dgemm */
int bench_blas_threads(void);        /* OpenBLAS's thread count now (1 for another BLAS) */

#endif
