/* check_out — atomic gnuplot data files: headers, refusals, clean-up. */
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "out.h"
#include "test.h"

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/aelab-check-out.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) != 0)
            rmdir(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* How many entries the test directory holds (without . and ..). */
static size_t dir_entries(void)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* The whole file as a string (malloc'd), NULL if it does not exist. */
static char *slurp(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void set_run(void)
{
    char *argv[] = { "./lesson99", "--lr", "0.5", "--out", "a b", "it's", NULL };
    ae_out_run("lesson99", 6, argv, 7);
}

START_TEST(test_table_round_trip)
{
    make_dir();
    set_run();
    const double v[6] = { 1.5, -2.25, 1e-3, 3.0, 1234567.875, -0.0 };
    ck_assert_int_eq(ae_write_table(dir, "t.dat", "a test table", "a b c", v, 2, 3), AE_OK);
    char *s = slurp("t.dat");
    ck_assert_ptr_nonnull(s);
    const char *want = "# aelab lesson99: a test table\n"
                       "# command: ./lesson99 --lr 0.5 --out 'a b' 'it'\\''s'\n"
                       "# seed: 7\n"
                       "a b c\n";
    ck_assert_msg(strncmp(s, want, strlen(want)) == 0, "header was:\n%s", s);
    double got[6];
    int n = sscanf(s + strlen(want), "%lf %lf %lf %lf %lf %lf", &got[0], &got[1], &got[2],
                   &got[3], &got[4], &got[5]);
    ck_assert_int_eq(n, 6);
    for (size_t i = 0; i < 6; i++)
        ck_assert_double_eq_tol(got[i], v[i], 1e-10 * fabs(v[i]) + 1e-300);
    ck_assert_uint_eq(dir_entries(), 1);  /* no temp file left */
    free(s);
    remove_dir();
}
END_TEST

START_TEST(test_nan_refused)
{
    make_dir();
    set_run();
    ae_out w;
    ck_assert_int_eq(ae_out_open(&w, dir, "bad.dat", "nan"), AE_OK);
    ck_assert_uint_eq(dir_entries(), 1);  /* the temp file */
    ae_out_columns(&w, "x y");
    double row[2] = { 1.0, NAN };
    ae_out_row(&w, row, 2);
    ck_assert_int_eq(ae_out_close(&w), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "bad.dat"));
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "NaN"));
    ck_assert_uint_eq(dir_entries(), 0);
    const double inf[1] = { INFINITY };
    ck_assert_int_eq(ae_write_table(dir, "inf.dat", "inf", "x", inf, 1, 1), AE_EINPUT);
    ck_assert_uint_eq(dir_entries(), 0);
    remove_dir();
}
END_TEST

START_TEST(test_existing_file_kept)
{
    make_dir();
    set_run();
    const double v[2] = { 1.0, 2.0 };
    ck_assert_int_eq(ae_write_table(dir, "keep.dat", "first", "x", v, 2, 1), AE_OK);
    char *before = slurp("keep.dat");
    ae_out w;
    ck_assert_int_eq(ae_out_open(&w, dir, "keep.dat", "second"), AE_OK);
    ae_out_columns(&w, "x");
    ae_out_row(&w, v, 1);
    ae_out_discard(&w);
    const double nan[1] = { NAN };
    ck_assert_int_eq(ae_write_table(dir, "keep.dat", "third", "x", nan, 1, 1), AE_EINPUT);
    char *after = slurp("keep.dat");
    ck_assert_str_eq(before, after);
    ck_assert_uint_eq(dir_entries(), 1);
    free(before);
    free(after);
    remove_dir();
}
END_TEST

START_TEST(test_out_dir_creates_parents)
{
    make_dir();
    char sub[256];
    snprintf(sub, sizeof sub, "%s/a/b/c", dir);
    ck_assert_int_eq(ae_out_dir(sub), AE_OK);
    struct stat st;
    ck_assert_int_eq(stat(sub, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert_int_eq(ae_out_dir(sub), AE_OK);  /* exists already: fine */
    rmdir(sub);
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    rmdir(sub);
    snprintf(sub, sizeof sub, "%s/a", dir);
    rmdir(sub);
    ck_assert_int_eq(ae_out_dir(""), AE_EINPUT);
    remove_dir();
}
END_TEST

/* A path under a regular file cannot be created, even by root. */
START_TEST(test_unwritable_under_file)
{
    make_dir();
    char file[256], sub[300];
    snprintf(file, sizeof file, "%s/somefile", dir);
    fclose(fopen(file, "w"));
    snprintf(sub, sizeof sub, "%s/sub", file);
    ck_assert_int_eq(ae_out_dir(sub), AE_EINPUT);
    ck_assert_msg(strstr(ae_errmsg(), sub) != NULL, "message: %s", ae_errmsg());
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "cannot create directory"));
    ck_assert_int_eq(ae_out_dir(file), AE_EINPUT);  /* a file, not a directory */
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), file));
    const double v[1] = { 1.0 };
    ck_assert_int_eq(ae_write_table(sub, "x.dat", "x", "x", v, 1, 1), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "sub/x.dat"));
    remove_dir();
}
END_TEST

/* chmod 0500 blocks writes for everyone but root. */
START_TEST(test_unwritable_mode)
{
    if (geteuid() == 0)
        return;  /* root writes anyway; test_unwritable_under_file covers it */
    make_dir();
    chmod(dir, 0500);
    ck_assert_int_eq(ae_out_dir(dir), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), dir));
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "not writable"));
    char sub[256];
    snprintf(sub, sizeof sub, "%s/new", dir);
    ck_assert_int_eq(ae_out_dir(sub), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), sub));
    const double v[1] = { 1.0 };
    ck_assert_int_eq(ae_write_table(dir, "x.dat", "x", "x", v, 1, 1), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "x.dat"));
    chmod(dir, 0700);
    remove_dir();
}
END_TEST

/* 5 images of 2x3, 3 per row: 2 grid rows, 5 x 11 pixels, slot 6 empty. */
START_TEST(test_mosaic_layout)
{
    make_dir();
    set_run();
    enum { n = 5, h = 2, w = 3 };
    double img[n * h * w];
    for (size_t i = 0; i < n; i++)
        for (size_t y = 0; y < h; y++)
            for (size_t x = 0; x < w; x++)
                img[(i * h + y) * w + x] = (double)(10 * i + 3 * y + x) / 100.0;
    ck_assert_int_eq(ae_write_mosaic(dir, "m.dat", "mosaic", img, n, h, w, 3, -1.0), AE_OK);
    char *s = slurp("m.dat");
    ck_assert_ptr_nonnull(strstr(s, "# mosaic: 5 images of 2x3, 3 per row, 1-pixel gap\n"));
    double m[5][11];
    size_t rows = 0;
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        ck_assert_uint_lt(rows, 5);
        size_t cols = 0;
        char *p = line, *end;
        for (double v = strtod(p, &end); end != p; v = strtod(p, &end)) {
            ck_assert_uint_lt(cols, 11);
            m[rows][cols++] = v;
            p = end;
        }
        ck_assert_uint_eq(cols, 11);
        rows++;
    }
    ck_assert_uint_eq(rows, 5);
    for (size_t c = 0; c < 11; c++)
        ck_assert_double_eq(m[2][c], -1.0);  /* the gap row */
    for (size_t r = 0; r < 5; r++) {
        ck_assert_double_eq(m[r][3], -1.0);  /* the gap columns */
        ck_assert_double_eq(m[r][7], -1.0);
    }
    for (size_t r = 3; r < 5; r++)
        for (size_t c = 8; c < 11; c++)
            ck_assert_double_eq(m[r][c], -1.0);  /* the empty slot */
    ck_assert_double_eq_tol(m[0][0], 0.00, 1e-12);
    ck_assert_double_eq_tol(m[1][2], 0.05, 1e-12);  /* image 0, y 1, x 2 */
    ck_assert_double_eq_tol(m[0][4], 0.10, 1e-12);  /* image 1 */
    ck_assert_double_eq_tol(m[4][2], 0.35, 1e-12);  /* image 3, y 1, x 2 */
    ck_assert_double_eq_tol(m[4][6], 0.45, 1e-12);  /* image 4, y 1, x 2 */
    ck_assert_double_eq_tol(m[3][4], 0.40, 1e-12);  /* image 4, y 0, x 0 */
    free(s);
    remove_dir();
}
END_TEST

START_TEST(test_histogram_counts)
{
    make_dir();
    set_run();
    enum { n = 1000, bins = 8 };
    double v[n];
    for (size_t i = 0; i < n; i++)
        v[i] = -0.5 + 2.0 * (double)i / n;  /* some below 0, some above 1 */
    ck_assert_int_eq(ae_write_histogram(dir, "h.dat", "hist", v, n, bins, 0.0, 1.0), AE_OK);
    char *s = slurp("h.dat");
    char *cols = strstr(s, "\ncenter count density\n");
    ck_assert_ptr_nonnull(cols);
    char *p = cols + strlen("\ncenter count density\n");
    double total = 0.0, area = 0.0, center, count, density;
    int k = 0, used;
    while (sscanf(p, "%lf %lf %lf%n", &center, &count, &density, &used) == 3) {
        ck_assert_double_eq_tol(center, (k + 0.5) / bins, 1e-12);
        ck_assert_double_eq_tol(density, count / (n * (1.0 / bins)), 1e-9);
        total += count;
        area += density / bins;
        k++;
        p += used;
    }
    ck_assert_int_eq(k, bins);
    ck_assert_double_eq(total, n);
    ck_assert_double_eq_tol(area, 1.0, 1e-9);
    free(s);
    v[3] = NAN;
    ck_assert_int_eq(ae_write_histogram(dir, "h2.dat", "hist", v, n, bins, 0.0, 1.0), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "h2.dat"));
    ck_assert_uint_eq(dir_entries(), 1);
    remove_dir();
}
END_TEST

/* A child opens a writer and is killed by the signal: the temp file goes with it.
 * (kill, Ctrl-C, a closed terminal, Ctrl-\, a closed pipe) */
static const int END_SIGNALS[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE };

START_TEST(test_signal_removes_temp)
{
    const int *sig = END_SIGNALS;
    make_dir();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});   /* SIGQUIT: no core file */
        set_run();
        ae_out w;
        if (ae_out_open(&w, dir, "sig.dat", "signal") != AE_OK)
            _exit(3);
        double row[1] = { 1.0 };
        ae_out_row(&w, row, 1);
        fflush(w.f);
        raise(sig[_i]);
        _exit(4);  /* not reached */
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig[_i],
                  "child status %d: not killed by signal %d", status, sig[_i]);
    ck_assert_uint_eq(dir_entries(), 0);
    remove_dir();
}
END_TEST

/* Past `ulimit -f` the run is not killed by SIGXFSZ: the write fails, the file is named,
 * no temp file stays. */
START_TEST(test_file_too_large)
{
    make_dir();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setrlimit(RLIMIT_FSIZE, &(struct rlimit){4096, 4096});
        set_run();
        ae_out w;
        if (ae_out_open(&w, dir, "big.dat", "too large") != AE_OK)
            _exit(3);
        for (int i = 0; i < 2000; i++)
            ae_out_row(&w, (double[1]){ 1.0 + i }, 1);
        if (ae_out_close(&w) != AE_EINPUT)
            _exit(4);
        _exit(strstr(ae_errmsg(), "big.dat: cannot write (File too large)") ? 0 : 5);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "child status %d: want exit 0 (the write failed and said so)", status);
    ck_assert_uint_eq(dir_entries(), 0);
    remove_dir();
}
END_TEST

static int exists(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

static void touch(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
}

/* A temp file a killed run left is removed by the next ae_out_dir; names that are not a
 * writer's temp file, and the temp file of a writer still open, stay. */
START_TEST(test_stale_temp_removed)
{
    make_dir();
    set_run();
    const char *stale[] = { ".loss.dat.tmp.AbC123", ".x.tmp.zzzzzz" };
    const char *keep[] = { ".loss.dat.tmp.AbC12", "loss.dat.tmp.AbC123", ".notes.tmp", ".loss.dat.tmp.AbC12-",
                           "keep.dat" };
    for (size_t i = 0; i < 2; i++)
        touch(stale[i]);
    for (size_t i = 0; i < 5; i++)
        touch(keep[i]);
    ae_out live;
    ck_assert_int_eq(ae_out_open(&live, dir, "live.dat", "being written"), AE_OK);
    ck_assert_int_eq(ae_out_dir(dir), AE_OK);
    for (size_t i = 0; i < 2; i++)
        ck_assert_msg(!exists(stale[i]), "%s: stale temp file not removed", stale[i]);
    for (size_t i = 0; i < 5; i++)
        ck_assert_msg(exists(keep[i]), "%s: removed, but it is not a writer's temp file", keep[i]);
    ck_assert_msg(access(live.tmp, F_OK) == 0, "%s: the temp file of an open writer was removed", live.tmp);
    ck_assert_int_eq(ae_out_close(&live), AE_OK);
    ck_assert(exists("live.dat"));
    remove_dir();
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("out");
    TCase *tc = tcase_create("out");
    tcase_add_test(tc, test_table_round_trip);
    tcase_add_test(tc, test_nan_refused);
    tcase_add_test(tc, test_existing_file_kept);
    tcase_add_test(tc, test_out_dir_creates_parents);
    tcase_add_test(tc, test_unwritable_under_file);
    tcase_add_test(tc, test_unwritable_mode);
    tcase_add_test(tc, test_mosaic_layout);
    tcase_add_test(tc, test_histogram_counts);
    tcase_add_loop_test(tc, test_signal_removes_temp, 0, sizeof END_SIGNALS / sizeof *END_SIGNALS);
    tcase_add_test(tc, test_file_too_large);
    tcase_add_test(tc, test_stale_temp_removed);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
