/* gemm_clock — how much of an epoch goes to the matrix products (bench.h).
 *
 * The bench program defines cblas_dgemm itself. The dynamic linker binds GSL's calls
 * (gsl_blas_dgemm) to the program's definition first, so every product of libae
 * comes through here: it is timed, its 2 M N K flops are counted, and it is handed on
 * to the BLAS the program is linked with (the next cblas_dgemm, found by dlsym).
 *
 * A product on T of the BLAS's threads keeps T cores busy; one made inside an
 * ae_par_run piece (the conv AE's lanes) runs on one. So each call adds its wall-clock
 * time times the BLAS threads at the call, and gemm_clock_read divides the sum by the
 * threads of the whole machine: the seconds the products would take by themselves on
 * every core, whether they ran one after the other or side by side.
 */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <gsl/gsl_cblas.h>

#include "bench.h"

extern int openblas_get_num_threads(void) __attribute__((weak));

typedef void dgemm_fn(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, int, int, int, double,
                      const double *, int, const double *, int, double, double *, int);

static _Atomic unsigned long long core_ns;   /* sum of wall-clock ns x BLAS threads */
static _Atomic unsigned long long flop;
static int machine_threads = 1;

static unsigned long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

int bench_blas_threads(void)
{
    return openblas_get_num_threads ? openblas_get_num_threads() : 1;
}

static dgemm_fn *next_dgemm(void)
{
    static dgemm_fn *_Atomic next;
    dgemm_fn *f = next;
    if (!f) {
        f = (dgemm_fn *)dlsym(RTLD_NEXT, "cblas_dgemm");
        if (!f) {
            fprintf(stderr, "bench: no cblas_dgemm in the BLAS this program is linked with\n");
            exit(2);
        }
        next = f;
    }
    return f;
}

void cblas_dgemm(const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE ta, const enum CBLAS_TRANSPOSE tb,
                 const int M, const int N, const int K, const double alpha, const double *A, const int lda,
                 const double *B, const int ldb, const double beta, double *C, const int ldc)
{
    dgemm_fn *f = next_dgemm();
    int threads = bench_blas_threads();
    unsigned long long t0 = now_ns();
    f(order, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    core_ns += (now_ns() - t0) * (unsigned long long)threads;
    flop += 2ull * (unsigned long long)M * (unsigned long long)N * (unsigned long long)K;
}

const char *gemm_clock_blas(void)
{
    Dl_info info;
    return dladdr((void *)next_dgemm(), &info) && info.dli_fname ? info.dli_fname : "?";
}

void gemm_clock_reset(void)
{
    machine_threads = bench_blas_threads();
    core_ns = 0;
    flop = 0;
}

void gemm_clock_read(double *seconds, double *gflop)
{
    *seconds = (double)core_ns / 1e9 / (double)machine_threads;
    *gflop = (double)flop / 1e9;
}
