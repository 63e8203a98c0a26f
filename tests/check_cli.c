/* check_cli — the shared command line: values, one-line errors with exit 2, --help. */
#define _GNU_SOURCE  /* RTLD_DEFAULT */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_blas.h>

#include "cli.h"
#include "progress.h"
#include "test.h"

#define MAX_ARGS 16

static char outdir[64];

/* A fresh temporary directory for --out (made before forking, removed by cleanup). */
static void make_outdir(void)
{
    snprintf(outdir, sizeof outdir, "/tmp/aelab-check-cli.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(outdir));
}

/* A lesson's own flags, with their defaults set afresh by toy_cli. */
static size_t toy_k;
static double toy_sigma;
static const char *toy_loss;
static int toy_verbose;
static const char *toy_from;
static ae_cli_extra toy_extra[] = {
    {.name = "k", .kind = AE_X_SIZE, .value = &toy_k, .lo = 1, .hi = 10, .quick = 2,
     .help = "discriminator steps"},
    {.name = "sigma", .kind = AE_X_REAL, .value = &toy_sigma, .lo = 0, .hi = 1,
     .help = "noise level"},
    {.name = "gen-loss", .kind = AE_X_CHOICE, .value = &toy_loss, .choices = "minimax,nonsat",
     .help = "generator loss"},
    {.name = "verbose", .kind = AE_X_FLAG, .value = &toy_verbose,
     .help = "say more"},
    {.name = "from", .kind = AE_X_STRING, .value = &toy_from,
     .help = "read models from this directory"},
    {.name = NULL},
};

/* A lesson's defaults; out is outdir. */
static ae_cli toy_cli(unsigned uses)
{
    toy_k = 1, toy_sigma = 0.5, toy_loss = "nonsat", toy_verbose = 0, toy_from = NULL;
    ae_cli c = { .prog = "lesson99", .title = "toy: a test lesson", .about = "About: nothing.",
                 .uses = uses, .data_choices = "fashion,mnist", .epochs = 10, .batch = 256,
                 .lr = 0.001, .seed = 42, .latent = 32, .data = "fashion", .data_dir = "data",
                 .out = outdir, .extra = toy_extra };
    return c;
}

/* For tests that parse in-process: the banner would clutter the test log. */
static void quiet_stderr(void)
{
    ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
}

static void cleanup(void)
{
    if (outdir[0])
        rmdir(outdir);
}

#define ALL (AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_LATENT | AE_FLAG_DATA | AE_FLAG_DATA_DIR)

typedef struct {
    int status;       /* exit status, or -1 if killed */
    char out[8192];   /* what the child wrote to stdout */
    char err[8192];   /* ... and to stderr */
} run_result;

static void read_file(FILE *f, char *buf, size_t cap)
{
    rewind(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Run fn(arg) in a child with stdout and stderr captured. */
static run_result run_child(void (*fn)(void *), void *arg)
{
    FILE *fo = tmpfile(), *fe = tmpfile();
    ck_assert(fo && fe);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fileno(fo), 1);
        dup2(fileno(fe), 2);
        fn(arg);
        fflush(stdout);
        _exit(0);
    }
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    run_result r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    read_file(fo, r.out, sizeof r.out);
    read_file(fe, r.err, sizeof r.err);
    return r;
}

typedef struct {
    unsigned uses;
    const char *argv[MAX_ARGS];  /* NULL-terminated, without the program name */
} parse_job;

static void parse_in_child(void *arg)
{
    const parse_job *job = arg;
    char *argv[MAX_ARGS + 2] = { "lesson99" };
    int argc = 1;
    while (job->argv[argc - 1])
        argv[argc] = (char *)job->argv[argc - 1], argc++;
    ae_cli c = toy_cli(job->uses);
    ae_cli_parse(&c, argc, argv);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* ---- valid arguments ---- */

START_TEST(test_parse_valid)
{
    quiet_stderr();
    make_outdir();
    ae_cli c = toy_cli(ALL);
    char *argv[] = { "lesson99", "--epochs", "3", "--batch=64", "--lr", "0.5", "--seed", "0",
                     "--latent", "2", "--data", "mnist", "--data-dir", "/tmp", "--quick", NULL };
    ae_cli_parse(&c, 15, argv);
    ck_assert_int_eq(c.epochs, 3);
    ck_assert_uint_eq(c.batch, 64);
    ck_assert_double_eq(c.lr, 0.5);
    ck_assert_uint_eq(c.seed, 0);
    ck_assert_uint_eq(c.latent, 2);
    ck_assert_str_eq(c.data, "mnist");
    ck_assert_str_eq(c.data_dir, "/tmp");
    ck_assert_int_eq(c.quick, 1);
    ck_assert(ae_cli_given(&c, AE_FLAG_EPOCHS) && ae_cli_given(&c, AE_FLAG_QUICK));
    ck_assert(!ae_cli_given(&c, AE_FLAG_OUT));
    ck_assert(c.t0 > 0.0 && c.t0 <= ae_seconds());
    cleanup();
}
END_TEST

START_TEST(test_parse_extra)
{
    quiet_stderr();
    make_outdir();
    ae_cli c = toy_cli(ALL);
    char *argv[] = { "lesson99", "--k", "3", "--sigma=0.25", "--gen-loss", "minimax", "--verbose",
                     NULL };
    ae_cli_parse(&c, 7, argv);
    ck_assert_uint_eq(toy_k, 3);
    ck_assert_double_eq(toy_sigma, 0.25);
    ck_assert_str_eq(toy_loss, "minimax");
    ck_assert_int_eq(toy_verbose, 1);
    ck_assert(toy_extra[0].given && toy_extra[3].given);
    c = toy_cli(ALL);   /* parsed again without them: defaults, not given */
    char *none[] = { "lesson99", NULL };
    ae_cli_parse(&c, 1, none);
    ck_assert_uint_eq(toy_k, 1);
    ck_assert(!toy_extra[0].given && !toy_extra[3].given);
    cleanup();
}
END_TEST

/* --quick sets each flag that has a quick value, unless the command line gave it */
START_TEST(test_quick_values)
{
    quiet_stderr();
    make_outdir();
    ae_cli c = toy_cli(ALL);
    c.quick_epochs = 2, c.quick_batch = 64, c.quick_lr = 0.01;
    char *argv[] = { "lesson99", "--quick", "--batch", "32", NULL };
    ae_cli_parse(&c, 4, argv);
    ck_assert_int_eq(c.quick, 1);
    ck_assert_int_eq(c.epochs, 2);
    ck_assert_uint_eq(c.batch, 32);           /* given: kept */
    ck_assert_double_eq(c.lr, 0.01);
    ck_assert_uint_eq(c.latent, 32);          /* no quick value: the default */
    ck_assert_uint_eq(toy_k, 2);              /* an extra's quick value */
    ck_assert_double_eq(toy_sigma, 0.5);
    c = toy_cli(ALL);
    c.quick_epochs = 2;
    char *given[] = { "lesson99", "--quick", "--k", "5", "--epochs", "7", NULL };
    ae_cli_parse(&c, 6, given);
    ck_assert_int_eq(c.epochs, 7);
    ck_assert_uint_eq(toy_k, 5);
    c = toy_cli(ALL);
    c.quick_epochs = 2;
    char *plain[] = { "lesson99", NULL };     /* no --quick: nothing changes */
    ae_cli_parse(&c, 1, plain);
    ck_assert_int_eq(c.epochs, 10);
    ck_assert_uint_eq(toy_k, 1);
    cleanup();
}
END_TEST

START_TEST(test_defaults_kept)
{
    quiet_stderr();
    make_outdir();
    ae_cli c = toy_cli(ALL);
    char *argv[] = { "lesson99", "--seed", "4294967295", NULL };
    unsetenv("AELAB_DATA");
    ae_cli_parse(&c, 3, argv);
    ck_assert_int_eq(c.epochs, 10);
    ck_assert_uint_eq(c.batch, 256);
    ck_assert_str_eq(c.data_dir, "data");
    ck_assert_uint_eq(c.seed, 4294967295ul);
    ck_assert_uint_eq(c.given, AE_FLAG_SEED);
    ck_assert(!ae_cli_given(&c, AE_FLAG_EPOCHS));
    cleanup();
}
END_TEST

START_TEST(test_env_data_dir)
{
    quiet_stderr();
    setenv("AELAB_DATA", "/srv/aelab", 1);
    make_outdir();
    ae_cli c = toy_cli(ALL);
    char *argv1[] = { "lesson99", NULL };
    ae_cli_parse(&c, 1, argv1);
    ck_assert_str_eq(c.data_dir, "/srv/aelab");
    c = toy_cli(ALL);
    char *argv2[] = { "lesson99", "--data-dir", "mine", NULL };
    ae_cli_parse(&c, 3, argv2);
    ck_assert_str_eq(c.data_dir, "mine");  /* the flag wins */
    setenv("AELAB_DATA", "", 1);  /* empty: the default */
    c = toy_cli(ALL);
    ae_cli_parse(&c, 1, argv1);
    ck_assert_str_eq(c.data_dir, "data");
    unsetenv("AELAB_DATA");
    cleanup();
}
END_TEST

START_TEST(test_out_dir_created)
{
    parse_job job = { ALL, { "--out", NULL } };
    char sub[128];
    make_outdir();
    snprintf(sub, sizeof sub, "%s/x/y", outdir);
    job.argv[1] = sub;
    run_result r = run_child(parse_in_child, &job);
    ck_assert_int_eq(r.status, 0);
    struct stat st;
    ck_assert_int_eq(stat(sub, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert_msg(r.err[0] == '\0', "parsing printed on stderr: %s", r.err);   /* the banner waits */
    ck_assert_str_eq(r.out, "");
    rmdir(sub);
    *strrchr(sub, '/') = '\0';
    rmdir(sub);
    cleanup();
}
END_TEST

/* ---- bad arguments: exit 2, one stderr line naming the flag ---- */

typedef struct {
    unsigned uses;
    const char *argv[4];
    const char *names;  /* must appear in the message */
} bad_case;

static const bad_case bad_cases[] = {
    { ALL, { "--epochs", "abc" }, "--epochs: 'abc'" },
    { ALL, { "--epochs", "12abc" }, "--epochs: '12abc'" },
    { ALL, { "--epochs", "0" }, "--epochs: '0' is not an integer in 1..1000000" },
    { ALL, { "--epochs", "-3" }, "--epochs: '-3'" },
    { ALL, { "--epochs", "1000001" }, "--epochs" },
    { ALL, { "--epochs", "99999999999999999999999" }, "--epochs" },
    { ALL, { "--epochs", "" }, "--epochs: ''" },
    { ALL, { "--epochs", " 5" }, "--epochs" },
    { ALL, { "--batch", "0" }, "--batch" },
    { ALL, { "--batch", "2000000" }, "--batch" },
    { ALL, { "--lr", "nan" }, "--lr: 'nan'" },
    { ALL, { "--lr", "inf" }, "--lr" },
    { ALL, { "--lr", "0" }, "--lr" },
    { ALL, { "--lr", "-0.1" }, "--lr" },
    { ALL, { "--lr", "2e6" }, "--lr" },
    { ALL, { "--lr", "0.1x" }, "--lr: '0.1x'" },
    { ALL, { "--lr", "1e999" }, "--lr" },
    { ALL, { "--seed", "-1" }, "--seed: '-1'" },
    { ALL, { "--seed", "18446744073709551616" }, "--seed" },
    { ALL, { "--seed", "4294967296" }, "--seed: '4294967296' is not an integer in 0..4294967295" },   /* mt19937: 32 bits */
    { ALL, { "--lr", "1e-320" }, "--lr: '1e-320' is below 2.22507e-308, the smallest double" },
    { ALL, { "--lr", "1e-400" }, "--lr: '1e-400' is below" },
    { ALL, { "--out", "--quick" }, "--out: '--quick' looks like a flag: did you forget the value?" },
    { ALL, { "--data-dir", "--epochs", "3" }, "--data-dir: '--epochs' looks like a flag" },
    { ALL, { "--out=--x" }, "--out: '--x' looks like a flag" },
    { ALL, { "--from", "--quick" }, "--from: '--quick' looks like a flag" },
    { ALL, { "--seed", "4x" }, "--seed" },
    { ALL, { "--latent", "0" }, "--latent" },
    { ALL, { "--latent", "100001" }, "--latent" },
    { ALL, { "--data", "cifar" }, "--data: 'cifar' is not one of fashion,mnist" },
    { ALL, { "--data", "fash" }, "--data" },
    { ALL, { "--data", "" }, "--data" },
    { ALL, { "--data-dir", "" }, "--data-dir" },
    { ALL, { "--out", "" }, "--out" },
    { ALL, { "--foo" }, "unknown option '--foo'" },
    { ALL, { "--foo=3" }, "unknown option '--foo'" },
    { ALL, { "--epoch", "3" }, "unknown option '--epoch'" },   /* no abbreviations */
    { AE_FLAG_DATA_DIR, { "--data", "mnist" }, "unknown option '--data'" },
    { ALL, { "-x" }, "unknown option '-x'" },
    { ALL, { "extra" }, "unexpected argument 'extra'" },
    { ALL, { "--", "extra" }, "'extra'" },
    { ALL, { "--epochs" }, "--epochs: needs a value" },
    { ALL, { "--quick=1" }, "--quick: takes no value" },
    { ALL, { "--k", "0" }, "--k: '0' is not an integer in 1..10" },
    { ALL, { "--k", "11" }, "--k: '11'" },
    { ALL, { "--k", "2.5" }, "--k: '2.5'" },
    { ALL, { "--k" }, "--k: needs a value" },
    { ALL, { "--sigma", "1.5" }, "--sigma: '1.5' is not a number in [0, 1]" },
    { ALL, { "--sigma", "nan" }, "--sigma: 'nan'" },
    { ALL, { "--sigma", "" }, "--sigma: ''" },
    { ALL, { "--gen-loss", "wgan" }, "--gen-loss: 'wgan' is not one of minimax,nonsat" },
    { ALL, { "--verbose=1" }, "--verbose: takes no value" },
    { AE_FLAG_EPOCHS, { "--latent", "3" }, "unknown option '--latent'" },
    { AE_FLAG_EPOCHS, { "--lr", "0.1" }, "unknown option '--lr'" },
    { 0, { "--data", "mnist" }, "unknown option '--data'" },
};
#define N_BAD (sizeof bad_cases / sizeof bad_cases[0])

START_TEST(test_bad_flag)
{
    const bad_case *b = &bad_cases[_i];
    parse_job job = { b->uses, { NULL } };
    make_outdir();
    for (size_t i = 0; i < 4 && b->argv[i]; i++)
        job.argv[i] = b->argv[i];
    run_result r = run_child(parse_in_child, &job);
    ck_assert_msg(r.status == 2, "%s ...: exit status %d, expected 2", b->argv[0], r.status);
    ck_assert_msg(count_lines(r.err) == 1, "%s ...: stderr is not one line:\n%s", b->argv[0],
                  r.err);
    ck_assert_msg(strncmp(r.err, "lesson99: ", 10) == 0, "no program name: %s", r.err);
    ck_assert_msg(strstr(r.err, b->names) != NULL, "'%s' not in: %s", b->names, r.err);
    ck_assert_msg(strstr(r.err, "(see --help)") != NULL, "no hint in: %s", r.err);
    ck_assert_str_eq(r.out, "");
    cleanup();
}
END_TEST

/* Check's own exit test, for one case. */
START_TEST(test_bad_exit_status)
{
    quiet_stderr();
    ae_cli c = toy_cli(ALL);
    char *argv[] = { "lesson99", "--epochs", "abc", NULL };
    ae_cli_parse(&c, 3, argv);
}
END_TEST

START_TEST(test_out_not_creatable)
{
    char file[128], sub[160];
    make_outdir();
    snprintf(file, sizeof file, "%s/somefile", outdir);
    fclose(fopen(file, "w"));
    snprintf(sub, sizeof sub, "%s/sub", file);
    parse_job job = { ALL, { "--out", sub, NULL } };
    run_result r = run_child(parse_in_child, &job);
    ck_assert_int_eq(r.status, 2);
    ck_assert_uint_eq(count_lines(r.err), 1);  /* the error alone: the banner waits for progress */
    ck_assert_msg(strstr(r.err, "lesson99: --out ") != NULL, "stderr: %s", r.err);
    ck_assert_ptr_nonnull(strstr(r.err, sub));
    unlink(file);
    cleanup();
}
END_TEST

/* ---- --help ---- */

START_TEST(test_help)
{
    const char *flag = _i ? "-h" : "--help";
    parse_job job = { AE_FLAG_EPOCHS | AE_FLAG_LR | AE_FLAG_DATA, { "--epochs", "7", flag, NULL } };
    make_outdir();
    run_result r = run_child(parse_in_child, &job);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.err, "");
    const char *want[] = { "usage: lesson99", "toy: a test lesson",
                           "  --epochs N     training epochs (default 10)\n",
                           "discriminator steps (default 1; --quick 2)\n",
                           "(default 0.001)", "(default fashion)", "fashion,mnist",
                           "--seed N", "0..4294967295 (default 42)", "--out DIR", "--quick", "--help",
                           "About: nothing.", "--k N",
                           "--sigma X", "(default 0.5)", "minimax,nonsat (default nonsat)",
                           "--verbose      say more\n" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(strstr(r.out, want[i]) != NULL, "'%s' not in --help:\n%s", want[i], r.out);
    ck_assert_msg(strstr(r.out, "--latent") == NULL && strstr(r.out, "--batch") == NULL,
                  "--help lists flags the lesson does not take:\n%s", r.out);
    cleanup();
}
END_TEST

/* ---- progress, loss check, BLAS ---- */

static void bad_loss_in_child(void *arg)
{
    ae_cli c = toy_cli(ALL);
    c.lr = 10;
    ae_loss_watch w = {0};
    ae_check_loss(&c, &w, 0.0, 1, 1);      /* 0 is no scale: the next value is the first */
    ae_check_loss(&c, &w, 1.0, 1, 2);      /* finite: returns */
    ae_check_loss(&c, &w, 1000.0, 2, 1);   /* AE_LOSS_GROWTH times the first: still returns */
    ae_check_loss(&c, &w, -999.0, 2, 2);
    ae_check_loss(&c, &w, *(const double *)arg, 3, 17);
}

START_TEST(test_check_loss)
{
    const double bad[4] = { NAN, -INFINITY, 1000.5, -2e3 };
    const char *want[4] = { "lesson99: loss is nan at epoch 3, batch 17: training diverged; "
                            "try a smaller --lr (now 10)\n",
                            "lesson99: loss is -inf at epoch 3, batch 17",
                            "lesson99: loss is 1e+03 at epoch 3, batch 17, more than 1000 times its first value 1: "
                            "training diverged; try a smaller --lr (now 10)\n",
                            "lesson99: loss is -2e+03 at epoch 3, batch 17, more than 1000 times its first value 1" };
    run_result r = run_child(bad_loss_in_child, (void *)&bad[_i]);
    ck_assert_int_eq(r.status, 2);
    ck_assert_uint_eq(count_lines(r.err), 1);
    ck_assert_msg(strncmp(r.err, want[_i], strlen(want[_i])) == 0, "stderr: %s", r.err);
    cleanup();
}
END_TEST

/* ---- --batch against the training set and the memory budget ---- */

typedef struct {
    const char *batch;     /* --batch's value, or NULL: not given */
    int quick;
    size_t n, row_bytes;
    const char *want;      /* the error line, or NULL: it fits (exit 0) */
} batch_case;

static const batch_case batch_cases[] = {
    { "100", 0, 100, 1000, NULL },                         /* the whole set in one batch: fine */
    { "101", 0, 100, 0, "lesson99: --batch: 101 is larger than the 100 training images of --train; "
                        "give --batch 100 or less\n" },
    { NULL, 0, 100, 0, "lesson99: --batch: 256 (the default, as --batch was not given) is larger than "
                       "the 100 training images of --train" },
    { NULL, 1, 50, 0, "lesson99: --batch: 64 (--quick's, as --batch was not given) is larger" },
    { "60000", 0, 60000, 100000, "lesson99: --batch: 60000 rows need about 6.0 GB of buffers, more than "
                                 "the budget of 4 GB (AE_MEM_BUDGET_GB); give --batch 40000 or less\n" },
    { "40000", 0, 60000, 100000, NULL },
};

static void batch_in_child(void *arg)
{
    const batch_case *b = arg;
    ae_cli c = toy_cli(ALL);   /* parsing prints nothing (the banner waits for progress) */
    c.quick_batch = 64;
    char *argv[4] = { "lesson99" };
    int argc = 1;
    if (b->batch)
        argv[argc++] = "--batch", argv[argc++] = (char *)b->batch;
    if (b->quick)
        argv[argc++] = "--quick";
    ae_cli_parse(&c, argc, argv);
    ae_check_batch(&c, b->n, "training images of --train", b->row_bytes);
}

START_TEST(test_check_batch)
{
    const batch_case *b = &batch_cases[_i];
    make_outdir();
    run_result r = run_child(batch_in_child, (void *)b);
    const char *err = r.err;
    if (!b->want) {
        ck_assert_msg(r.status == 0 && err[0] == '\0', "exit %d: %s", r.status, err);
    } else {
        ck_assert_int_eq(r.status, 2);
        ck_assert_uint_eq(count_lines(err), 1);
        ck_assert_msg(strncmp(err, b->want, strlen(b->want)) == 0, "stderr: %s\nwant: %s", err, b->want);
    }
    cleanup();
}
END_TEST

static void progress_in_child(void *arg)
{
    (void)arg;
    ae_cli c = toy_cli(ALL);
    c.t0 = ae_seconds();
    ae_progress(&c, "epoch %d loss %.3f", 2, 0.25);
    ae_progress(&c, "epoch %d loss %.3f", 3, 0.125);
}

START_TEST(test_progress)
{
    run_result r = run_child(progress_in_child, NULL);
    ck_assert_int_eq(r.status, 0);
    /* the first progress line brings the header line; the second comes alone */
    ck_assert_uint_eq(count_lines(r.err), 3);
    ck_assert_msg(strncmp(r.err, "lesson99 toy: seed 42, BLAS ", 28) == 0, "banner: %s", r.err);
    const char *second = strchr(r.err, '\n') + 1;
    ck_assert_msg(strncmp(second, "lesson99: epoch 2 loss 0.250 (0.", 32) == 0, "%s", r.err);
    const char *third = strchr(second, '\n') + 1;
    ck_assert_msg(strncmp(third, "lesson99: epoch 3 loss 0.125 (0.", 32) == 0, "%s", r.err);
    ck_assert_msg(strcmp(r.err + strlen(r.err) - 4, " s)\n") == 0, "%s", r.err);
    cleanup();
    double t0 = ae_seconds(), t1 = ae_seconds();
    ck_assert(t1 >= t0);
}
END_TEST

static void gate_in_child(void *arg)
{
    ae_cli c = toy_cli(ALL);
    c.t0 = ae_seconds();
    exit(ae_gradcheck_gate(&c, "the toy", *(const double *)arg, 1e-7, "exercise 9.1",
                           "lessons/99-toy/exercises.c"));
}

/* the gate passes at or below the tolerance; above it, or NaN, it names the exercise */
START_TEST(test_gradcheck_gate)
{
    const double err[3] = { 1e-9, 1e-3, NAN };
    run_result r = run_child(gate_in_child, (void *)&err[_i]);
    ck_assert_int_eq(r.status, _i == 0 ? 0 : 1);
    ck_assert_msg(strstr(r.err, "gradient check of the toy: max relative error") != NULL, "%s", r.err);
    const char *hint = "finish exercise 9.1 in lessons/99-toy/exercises.c (make grade)";
    ck_assert_msg((strstr(r.err, hint) != NULL) == (_i != 0), "%s", r.err);
}
END_TEST

START_TEST(test_blas_name)
{
    /* a product through GSL, so the test binary loads libgsl and its BLAS like a lesson */
    gsl_matrix *A = gsl_matrix_calloc(2, 2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, A, 0.0, A);
    gsl_matrix_free(A);
    const char *name = ae_blas_name();
    ck_assert_msg(strstr(name, ".so") != NULL, "not a shared object: %s", name);
    if (dlsym(RTLD_DEFAULT, "openblas_get_config"))  /* linked with -lopenblas */
        ck_assert_msg(strstr(name, "openblas") && strstr(name, "(OpenBLAS"), "%s", name);
    else
        ck_assert_msg(strstr(name, "blas") != NULL, "%s", name);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_test(tc, test_parse_valid);
    tcase_add_test(tc, test_parse_extra);
    tcase_add_test(tc, test_defaults_kept);
    tcase_add_test(tc, test_quick_values);
    tcase_add_test(tc, test_env_data_dir);
    tcase_add_test(tc, test_out_dir_created);
    tcase_add_loop_test(tc, test_bad_flag, 0, N_BAD);
    tcase_add_exit_test(tc, test_bad_exit_status, 2);
    tcase_add_test(tc, test_out_not_creatable);
    tcase_add_loop_test(tc, test_help, 0, 2);
    tcase_add_loop_test(tc, test_check_loss, 0, 4);
    tcase_add_loop_test(tc, test_check_batch, 0, sizeof batch_cases / sizeof *batch_cases);
    tcase_add_test(tc, test_progress);
    tcase_add_test(tc, test_blas_name);
    tcase_add_loop_test(tc, test_gradcheck_gate, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
