/* bench — time per epoch and peak memory of the course's models (`make bench`).
 *
 *   build/sol1/bench/bench [--model NAME|all] [--epochs N] [--out DIR]
 *
 * Prints a table (seconds per epoch, median of N after one warm-up epoch; the
 * PyTorch figure and the ratio; achieved GEMM GFLOP/s and its share of the dgemm
 * rate measured in this run; peak RSS) and writes DIR/bench.dat.
 */
#define _DEFAULT_SOURCE   /* wait4 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>

#include "bench.h"
#include "cli.h"
#include "err.h"
#include "out.h"
#include "rng.h"

/* ---- the models: one line per bench/NAME.c ---- */
extern const bench_model bench_conv;
extern const bench_model bench_vae, bench_gan;
extern const bench_model bench_keras, bench_hinton;
static const bench_model *const MODELS[] = {
    &bench_keras,
    &bench_hinton,
    &bench_conv,
    &bench_vae,
    &bench_gan,
    NULL,
};


#define DGEMM_N 1024
#define DGEMM_REPS 5
#define MAX_EPOCHS 50

static double median(double *v, size_t n)
{
    gsl_sort(v, 1, n);
    return gsl_stats_median_from_sorted_data(v, 1, n);
}

/* GFLOP/s of a DGEMM_N^3 dgemm (the rate the epochs are measured against). */
static double dgemm_rate(void)
{
    gsl_matrix *A = gsl_matrix_alloc(DGEMM_N, DGEMM_N), *Bm = gsl_matrix_alloc(DGEMM_N, DGEMM_N),
               *C = gsl_matrix_alloc(DGEMM_N, DGEMM_N);
    gsl_matrix_set_all(A, 0.5);
    gsl_matrix_set_all(Bm, 0.25);
    double t[DGEMM_REPS];
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, Bm, 0.0, C);   /* warm-up */
    for (size_t k = 0; k < DGEMM_REPS; k++) {
        double t0 = ae_seconds();
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, Bm, 0.0, C);
        t[k] = ae_seconds() - t0;
    }
    gsl_matrix_free(A);
    gsl_matrix_free(Bm);
    gsl_matrix_free(C);
    return 2.0 * DGEMM_N * DGEMM_N * DGEMM_N / median(t, DGEMM_REPS) / 1e9;
}

static int blas_threads(void)
{
    int (*get)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "openblas_get_num_threads");
    return get ? get() : 1;
}

/* In a child: load the data, run the epochs, send the median through fd. */
static void run_child(const bench_model *m, const ae_cli *c, int fd)
{
    ae_dataset train;
    ae_check("bench", ae_dataset_load(&train, "fashion", "train", c->data_dir));
    gsl_rng *r = ae_rng_alloc(c->seed, AE_RNG_INIT);
    void *model = m->alloc(r);
    double t[MAX_EPOCHS];
    m->epoch(model, &train, r);   /* warm-up: caches, page faults, OpenBLAS threads */
    for (int e = 0; e < c->epochs; e++) {
        double t0 = ae_seconds();
        m->epoch(model, &train, r);
        t[e] = ae_seconds() - t0;
        fprintf(stderr, "bench %s: epoch %d %.3f s\n", m->name, e + 1, t[e]);
    }
    double med = median(t, (size_t)c->epochs);
    ssize_t ok = write(fd, &med, sizeof med);
    m->free(model);
    gsl_rng_free(r);
    ae_dataset_free(&train);
    _exit(ok == sizeof med ? 0 : 1);
}

/* Fork, run, collect the median and the child's peak RSS (MB); 1 on failure. */
static int run_model(const bench_model *m, const ae_cli *c, double *sec, double *rss_mb)
{
    int p[2];
    if (pipe(p) != 0)
        return 1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        run_child(m, c, p[1]);
    }
    close(p[1]);
    ssize_t got = pid > 0 ? read(p[0], sec, sizeof *sec) : -1;
    close(p[0]);
    int status = 1;
    struct rusage ru;
    if (pid > 0 && wait4(pid, &status, 0, &ru) == pid)
        *rss_mb = (double)ru.ru_maxrss / 1024.0;
    return !(got == sizeof *sec && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(int argc, char **argv)
{
    char choices[512] = "all";
    for (size_t i = 0; MODELS[i]; i++)
        strcat(strcat(choices, ","), MODELS[i]->name);
    const char *which = "all";
    ae_cli_extra extra[] = {
        {"model", AE_X_CHOICE, &which, 0, 0, choices, "which model to time", 0},
        {NULL, 0, NULL, 0, 0, NULL, NULL, 0},
    };
    ae_cli c = {.prog = "bench", .title = "timing: seconds per epoch of the course's models",
                .about = "Each model runs in its own process on the 60,000 Fashion-MNIST training\n"
                         "images: one warm-up epoch, then --epochs timed ones (the median is shown).",
                .uses = AE_OPT_EPOCHS | AE_OPT_DATA_DIR, .epochs = 3, .seed = 1,
                .data_dir = AE_DATA_DIR, .out = "out/bench", .extra = extra};
    ae_cli_parse(&c, argc, argv);
    if (c.epochs > MAX_EPOCHS)
        ae_die(c.prog, "--epochs: at most %d for the benchmark (see --help)", MAX_EPOCHS);

    double rate = dgemm_rate();
    printf("bench: BLAS %s, %d thread(s); dgemm %dx%dx%d: %.1f GFLOP/s\n", ae_blas_name(),
           blas_threads(), DGEMM_N, DGEMM_N, DGEMM_N, rate);
    printf("%-8s %9s %12s %7s %8s %7s %8s  %s\n", "model", "s/epoch", "PyTorch s", "ratio",
           "GFLOP/s", "dgemm%", "peak MB", "what");
    ae_out w;
    ae_check(c.prog, ae_out_open(&w, c.out, "bench.dat", "seconds per epoch of each model"));
    ae_out_printf(&w, "# dgemm_gflops: %.2f\n# blas_threads: %d\n", rate, blas_threads());
    ae_out_columns(&w, "model seconds torch_seconds ratio gflops dgemm_share peak_mb");
    int failed = 0;
    for (size_t i = 0; MODELS[i]; i++) {
        const bench_model *m = MODELS[i];
        if (strcmp(which, "all") != 0 && strcmp(which, m->name) != 0)
            continue;
        double sec = 0, rss = 0;
        if (run_model(m, &c, &sec, &rss)) {
            fprintf(stderr, "bench: %s failed\n", m->name);
            failed = 1;
            continue;
        }
        double ratio = m->torch_s > 0 ? sec / m->torch_s : 0, gf = m->gflop / sec;
        printf("%-8s %9.3f %8.2f %3s %7.2f %8.1f %6.0f%% %8.0f  %s\n", m->name, sec, m->torch_s,
               m->torch_prec, ratio, gf, 100 * gf / rate, rss, m->what);
        ae_out_printf(&w, "%s %.4f %.4f %.4f %.3f %.4f %.1f\n", m->name, sec, m->torch_s, ratio, gf,
                      gf / rate, rss);
    }
    ae_check(c.prog, ae_out_close(&w));
    return failed;
}
