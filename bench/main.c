/* bench — time per epoch and peak memory of the course's models (`make bench`).
 *
 *   build/sol1/bench/bench [--model NAME|all] [--epochs N] [--out DIR] [--torch CMD]
 *
 * Prints a table (seconds per epoch, median of N after one warm-up epoch; the
 * PyTorch figure quoted in each model's bench_model (torch_s) and the ratio; achieved GEMM GFLOP/s and its
 * share of a dgemm rate measured just before the model; the share of the epoch spent
 * inside the matrix products and their rate there, the model's own GEMM limit
 * (gemm_clock.c); peak RSS) and writes DIR/bench.dat.
 * With --torch CMD (`make bench-torch`: CMD = python3 bench/torch_bench.py) each model
 * is also run in PyTorch right after ours, in double and in single precision, and the
 * table gives the measured ratio (at the quoted figure's precision) next to the quoted one.
 */
#define _DEFAULT_SOURCE   /* wait4 */
#include <math.h>
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
#include "progress.h"
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

/* What a child sends back: the median epoch, and the matrix products of the timed epochs. */
typedef struct {
    double sec;                  /* seconds per epoch, median */
    double gemm_sec, gemm_gflop; /* per epoch, mean over the timed epochs (gemm_clock.c) */
} child_result;

/* In a child: load the data, run the epochs, send the result through fd. */
static void run_child(const bench_model *m, const ae_cli *c, int fd)
{
    ae_dataset train;
    ae_check("bench", ae_dataset_load(&train, "fashion", "train", c->data_dir));
    gsl_rng *r = ae_rng_alloc(c->seed, AE_RNG_INIT);
    void *model = m->alloc(r);
    double t[MAX_EPOCHS];
    child_result res = {0};
    if (!c->quick)
        m->epoch(model, &train, r);   /* warm-up: caches, page faults, OpenBLAS threads */
    for (int e = 0; e < c->epochs; e++) {
        double gs, gf;
        gemm_clock_reset();
        double t0 = ae_seconds();
        m->epoch(model, &train, r);
        t[e] = ae_seconds() - t0;
        gemm_clock_read(&gs, &gf);
        res.gemm_sec += gs / c->epochs;
        res.gemm_gflop += gf / c->epochs;
        fprintf(stderr, "bench %s: epoch %d %.3f s, %.3f s of it in %.0f GFLOP of matrix products\n", m->name,
                e + 1, t[e], gs, gf);
    }
    res.sec = median(t, (size_t)c->epochs);
    ssize_t ok = write(fd, &res, sizeof res);
    m->free(model);
    gsl_rng_free(r);
    ae_dataset_free(&train);
    _exit(ok == sizeof res ? 0 : 1);
}

/* Fork, run, collect the child's result and its peak RSS (MB); 1 on failure. */
static int run_model(const bench_model *m, const ae_cli *c, child_result *res, double *rss_mb)
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
    ssize_t got = pid > 0 ? read(p[0], res, sizeof *res) : -1;
    close(p[0]);
    int status = 1;
    struct rusage ru;
    if (pid > 0 && wait4(pid, &status, 0, &ru) == pid)
        *rss_mb = (double)ru.ru_maxrss / 1024.0;
    return !(got == sizeof *res && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- PyTorch, run in the same invocation (--torch CMD) ---- */

/* Seconds per epoch of model m in PyTorch at precision prec ("f64", "f32"): runs
 * `CMD --model NAME --precision PREC --epochs N --threads T` (bench/torch_bench.py) and
 * reads its line "torch NAME PREC SECONDS ..." (echoed to stderr); 0 if the run failed.
 * *scaled: the line says the time was measured on part of an epoch and scaled. */
static double torch_seconds(const char *cmd, const bench_model *m, const char *prec,
                            const ae_cli *c, int threads, int *scaled)
{
    char command[4096], line[512], name[32], p[8];
    snprintf(command, sizeof command, "%s --model %s --precision %s --epochs %d --threads %d",
             cmd, m->name, prec, c->epochs, threads);
    fflush(NULL);
    FILE *f = popen(command, "r");
    if (!f)
        return 0;
    double sec = 0, s;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "torch %31s %7s %lf", name, p, &s) == 3 && strcmp(name, m->name) == 0 &&
            strcmp(p, prec) == 0) {
            sec = s;
            *scaled = strstr(line, "scaled to an epoch") != NULL;
            fputs(line, stderr);   /* with PyTorch's peak memory and BLAS kernel */
        }
    int status = pclose(f);
    if (status != 0 || !(sec > 0)) {
        fprintf(stderr, "bench: %s: PyTorch %s run failed (%s)\n", m->name, prec, command);
        return 0;
    }
    return sec;
}

/* ---- the table ---- */

typedef struct {
    child_result ours;           /* median seconds per epoch, time and work in the products */
    double rss_mb;               /* ours: peak RSS */
    double rate;                 /* dgemm GFLOP/s measured just before (the load may drift) */
    double torch_f64, torch_f32; /* PyTorch measured in this run, 0 if not */
    int scaled_f64, scaled_f32;  /* ... on part of an epoch, scaled (torch_bench.py --budget) */
} bench_result;

/* The PyTorch time measured in this run at the quoted figure's precision (0 if none). */
static double torch_measured(const bench_model *m, const bench_result *r)
{
    return strcmp(m->torch_prec, "f64") == 0 ? r->torch_f64 : r->torch_f32;
}

/* v printed with fmt, or "-" when v is 0 (not measured); a * when it was scaled. */
static const char *cell(char *buf, double v, const char *fmt, int scaled)
{
    if (v > 0)
        snprintf(buf, 16, fmt, v);
    else
        strcpy(buf, "-");
    if (scaled)
        strcat(buf, "*");
    return buf;
}

static void print_header(double rate, const char *torch_cmd)
{
    const char *config = strchr(ae_blas_name(), ' ');   /* " (OpenBLAS's configuration)" */
    printf("bench: BLAS %s%s, %d thread(s); dgemm %dx%dx%d: %.1f GFLOP/s (again before each model)\n",
           gemm_clock_blas(), config ? config : "", bench_blas_threads(), DGEMM_N, DGEMM_N, DGEMM_N, rate);
    printf("bench: PyTorch %s\n", torch_cmd ? torch_cmd
                                            : "quoted, measured on this machine kind (make bench-torch measures it)");
    printf("%-7s %8s  %-19s %-26s %-15s %-14s\n", "", "ours", "  PyTorch, quoted", "    PyTorch, measured here",
           "  whole epoch", "  in the GEMMs");
    printf("%-7s %8s %7s %4s %6s %8s %8s %8s %8s %6s %7s %6s %8s  %s\n", "model", "s/epoch", "s/epoch", "prec",
           "ratio", "f64 s", "f32 s", "ratio", "GFLOP/s", "dgemm%", "GFLOP/s", "share", "peak MB", "what");
}

static void print_row(const bench_model *m, const bench_result *r)
{
    char f64[16], f32[16], ratio[16];
    const child_result *o = &r->ours;
    double gf = m->gflop / o->sec, here = torch_measured(m, r);
    printf("%-7s %8.3f %7.2f %4s %6.2f %8s %8s %8s %8.1f %5.0f%% %7.1f %5.0f%% %8.0f  %s\n", m->name, o->sec,
           m->torch_s, m->torch_prec, o->sec / m->torch_s, cell(f64, r->torch_f64, "%.3f", r->scaled_f64),
           cell(f32, r->torch_f32, "%.3f", r->scaled_f32), cell(ratio, here > 0 ? o->sec / here : 0, "%.2f", 0), gf,
           100 * gf / r->rate, o->gemm_gflop / o->gemm_sec, 100 * o->gemm_sec / o->sec, r->rss_mb, m->what);
}

/* bench.dat: one row per model; torch_f64, torch_f32, torch_ratio are 0 when not measured. */
static void write_row(ae_out *w, const bench_model *m, const bench_result *r)
{
    const child_result *o = &r->ours;
    double gf = m->gflop / o->sec, here = torch_measured(m, r);
    ae_out_printf(w, "%s %.4f %.4f %s %.4f %.3f %.4f %.1f %.4f %.4f %.4f %.2f %.4f %.3f %.4f\n", m->name, o->sec,
                  m->torch_s, m->torch_prec, o->sec / m->torch_s, gf, gf / r->rate, r->rss_mb, r->torch_f64,
                  r->torch_f32, here > 0 ? o->sec / here : 0, r->rate, o->gemm_sec,
                  o->gemm_gflop / o->gemm_sec, o->gemm_sec / o->sec);
}

/* The model's flop count from its shapes (bench_model.gflop) against the products it made. */
static int check_gflop(const bench_model *m, const child_result *o)
{
    if (fabs(o->gemm_gflop - m->gflop) <= 0.01 * m->gflop)
        return 0;
    fprintf(stderr, "bench: %s: its products did %.1f GFLOP an epoch, its shapes say %.1f\n", m->name,
            o->gemm_gflop, m->gflop);
    return 1;
}

/* Ours, then PyTorch (if torch_cmd) in double precision, ours, and in single precision
 * (the ratio is taken at the quoted figure's precision); 1 if any of these runs failed. */
static int run_all(const bench_model *m, const ae_cli *c, const char *torch_cmd, bench_result *r)
{
    *r = (bench_result){.rate = dgemm_rate()};
    if (run_model(m, c, &r->ours, &r->rss_mb)) {
        fprintf(stderr, "bench: %s failed\n", m->name);
        return 1;
    }
    if (check_gflop(m, &r->ours))
        return 1;
    if (!torch_cmd)
        return 0;
    r->torch_f64 = torch_seconds(torch_cmd, m, "f64", c, bench_blas_threads(), &r->scaled_f64);
    r->torch_f32 = torch_seconds(torch_cmd, m, "f32", c, bench_blas_threads(), &r->scaled_f32);
    return r->torch_f64 == 0 || r->torch_f32 == 0;
}

int main(int argc, char **argv)
{
    char choices[512] = "all";
    for (size_t i = 0; MODELS[i]; i++)
        strcat(strcat(choices, ","), MODELS[i]->name);
    const char *which = "all", *torch_cmd = NULL;
    ae_cli_extra extra[] = {
        {.name = "model", .kind = AE_X_CHOICE, .value = &which, .choices = choices,
         .help = "which model to time"},
        {.name = "torch", .kind = AE_X_STRING, .value = &torch_cmd,
         .help = "also time each model in PyTorch: /usr/bin/python3 bench/torch_bench.py"},
        {.name = NULL},
    };
    ae_cli c = {.prog = "bench", .title = "timing: seconds per epoch of the course's models",
                .about = "Each model runs in its own process on the 60,000 Fashion-MNIST training\n"
                         "images: one warm-up epoch, then --epochs timed ones (the median is shown).\n"
                         "`make bench-torch` also times PyTorch here (--torch); otherwise the table\n"
                         "quotes PyTorch's time measured on this machine kind.\n"
                         "--quick: one epoch of the Keras-style AE, no warm-up (a check that it runs).",
                .uses = AE_FLAG_EPOCHS | AE_FLAG_DATA_DIR, .epochs = 3, .seed = 1,
                .data_dir = AE_DATA_DIR, .out = "out/bench", .extra = extra};
    ae_cli_parse(&c, argc, argv);
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = 1;
    if (c.quick && !extra[0].given)
        which = "keras";
    if (c.epochs > MAX_EPOCHS)
        ae_die(c.prog, "--epochs: at most %d for the benchmark (see --help)", MAX_EPOCHS);

    double rate = dgemm_rate();
    print_header(rate, torch_cmd);
    ae_out w;
    ae_check(c.prog, ae_out_open(&w, c.out, "bench.dat", "seconds per epoch of each model"));
    ae_out_printf(&w, "# dgemm_gflops at the start: %.2f\n# blas_threads: %d\n# torch: %s\n", rate,
                  bench_blas_threads(), torch_cmd ? torch_cmd : "quoted (each model's torch_s in bench/)");
    ae_out_columns(&w, "model seconds torch_seconds torch_prec ratio gflops dgemm_share peak_mb "
                       "torch_f64 torch_f32 torch_ratio dgemm_gflops gemm_seconds gemm_gflops gemm_share");
    int failed = 0, scaled = 0;
    for (size_t i = 0; MODELS[i]; i++) {
        const bench_model *m = MODELS[i];
        if (strcmp(which, "all") != 0 && strcmp(which, m->name) != 0)
            continue;
        bench_result r;
        failed |= run_all(m, &c, torch_cmd, &r);
        if (r.ours.sec > 0) {
            print_row(m, &r);
            write_row(&w, m, &r);
        }
        scaled |= r.scaled_f64 | r.scaled_f32;
    }
    if (scaled)
        printf("* PyTorch timed on part of an epoch (what fits in torch_bench.py's --budget), "
               "scaled to an epoch\n");
    ae_check(c.prog, ae_out_close(&w));
    return failed;
}
