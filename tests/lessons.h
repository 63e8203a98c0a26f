/* lessons.h — what the lesson smoke tests share (tests/check_lesson*.c).
 *
 * A lesson binary is run as a child under $AE_BUILD (default build/sol1) from the
 * repository root, its stdout and stderr captured, its .dat files read back as
 * tables. Generic checks every lesson gets: a --quick run writes each .dat file
 * with its header and finite numbers and ends stdout with the summary line
 * (lesson_quick_run); bad flags exit 2 with one line naming the flag and write
 * nothing (lesson_bad_input, LESSON_COMMON_BAD); --help; the largest --lr never
 * puts a NaN in a file (lesson_largest_lr); same seed, same rows (lesson_rows).
 * Register each test in a case made by lesson_tcase (fixture make_tmp/remove_tmp).
 */
#ifndef AE_TESTS_LESSONS_H
#define AE_TESTS_LESSONS_H

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

#define LESSON_TIMEOUT 60   /* seconds per test: a --quick run takes <= 5 s, more under SAN=1 */
#define MAX_ARGS 16

typedef struct {
    const char *dir;          /* lessons/NN-name */
    const char *prog;         /* "lesson00": the start of the summary line and of errors */
    const char *files[24];    /* every .dat file of a --quick run, NULL-terminated */
} lesson;

/* ---- helpers ---- */

static char tmp[64];   /* this test's directory under /tmp (checked fixture) */

static inline void make_tmp(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/aelab-check-lessons.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    /* the children's BLAS: one thread, and a fixed kernel so runs are reproducible */
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    setenv("OPENBLAS_CORETYPE", "Haswell", 0);
}

static inline int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* Kept on failure (the forked test exits before teardown): the files stay for a look. */
static inline void remove_tmp(void)
{
    if (tmp[0])
        nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A test case of suite s with the make_tmp/remove_tmp fixture and a timeout in seconds. */
static inline TCase *lesson_tcase(Suite *s, const char *name, double timeout)
{
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, make_tmp, remove_tmp);
    tcase_set_timeout(tc, timeout);
    suite_add_tcase(s, tc);
    return tc;
}

/* tmp/name in buf */
static inline const char *in_tmp(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", tmp, name);
    return buf;
}

static inline void binary_path(char *buf, size_t cap, const lesson *l)
{
    const char *build = getenv("AE_BUILD");
    snprintf(buf, cap, "%s/lessons/%s/%s", build && build[0] ? build : "build/sol1", l->dir, l->dir);
    ck_assert_msg(access(buf, X_OK) == 0, "%s: not built (run `make all` from the repository root)",
                  buf);
}

/* The whole file, NUL-terminated (free it), or NULL if it cannot be read. */
static inline char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    while ((got = fread(buf + n, 1, cap - 1 - n, f)) > 0) {
        n += got;
        if (n == cap - 1) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Lines of text (a last line without '\n' counts). */
static inline size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (*s == '\n' || s[1] == '\0')
            n++;
    return n;
}

typedef struct {
    int status;         /* exit status; 128 + signal if killed */
    char *out, *err;    /* what the child wrote to stdout and stderr */
} run_result;

static inline void run_free(run_result *r)
{
    free(r->out);
    free(r->err);
}

/* Run lesson l with args (NULL-terminated; an arg starting "@/" means tmp/...),
 * stdout and stderr into files in tmp; wait for it. */
static inline run_result run_child(const lesson *l, const char *const *args)
{
    char bin[512], outf[128], errf[128], expanded[MAX_ARGS][512];
    char *argv[MAX_ARGS + 2];
    binary_path(bin, sizeof bin, l);
    argv[0] = bin;
    size_t n = 0;
    for (; args[n]; n++) {
        ck_assert_uint_lt(n, MAX_ARGS);
        if (strncmp(args[n], "@/", 2) == 0)
            in_tmp(expanded[n], sizeof expanded[n], args[n] + 2);
        else
            snprintf(expanded[n], sizeof expanded[n], "%s", args[n]);
        argv[n + 1] = expanded[n];
    }
    argv[n + 1] = NULL;
    in_tmp(outf, sizeof outf, "child.stdout");
    in_tmp(errf, sizeof errf, "child.stderr");

    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int fo = open(outf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
            _exit(126);
        execv(bin, argv);
        _exit(127);
    }
    int ws;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    run_result r = {WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws), read_file(outf),
                    read_file(errf)};
    ck_assert_ptr_nonnull(r.out);
    ck_assert_ptr_nonnull(r.err);
    unlink(outf);
    unlink(errf);
    return r;
}

/* Case-insensitive strstr. */
static inline const char *find_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return hay;
    }
    return NULL;
}

/* Entries of dir other than . and ..; -1 if dir does not exist. */
static inline int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)); )
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static inline void assert_nothing_written(const char *dir, const char *what)
{
    int n = count_entries(dir);
    ck_assert_msg(n <= 0, "%s: %d file(s) written to %s; want none", what, n, dir);
}

/* stderr is exactly one line (ending in '\n') that starts "PROG: " and contains
 * every non-NULL string of need. */
static inline void assert_one_error_line(const run_result *r, const lesson *l, const char *what,
                                  const char *const *need, size_t nneed)
{
    size_t len = strlen(r->err);
    ck_assert_msg(count_lines(r->err) == 1 && len > 0 && r->err[len - 1] == '\n',
                  "%s: stderr has %zu lines, want exactly 1:\n%s", what, count_lines(r->err),
                  r->err);
    ck_assert_msg(strncmp(r->err, l->prog, strlen(l->prog)) == 0 && r->err[strlen(l->prog)] == ':',
                  "%s: stderr does not start with '%s:': %s", what, l->prog, r->err);
    for (size_t i = 0; i < nneed; i++)
        if (need[i])
            ck_assert_msg(strstr(r->err, need[i]), "%s: stderr does not mention '%s': %s", what,
                          need[i], r->err);
}

/* ---- .dat tables ---- */

typedef struct {
    char names[512];     /* the column-name line */
    size_t cols, rows;
    double *v;           /* rows x cols */
} table;

/* A .dat table: '#' lines, one line of column names, rows of numbers. */
static inline table load_table(const char *path)
{
    char *text = read_file(path);
    ck_assert_msg(text != NULL, "%s: cannot read", path);
    table t = {.cols = 0};
    size_t cap = 0;
    int have_names = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        if (!have_names) {
            snprintf(t.names, sizeof t.names, "%s", line);
            for (char *p = line; *p; ) {    /* count the names */
                while (*p == ' ' || *p == '\t')
                    p++;
                if (!*p)
                    break;
                t.cols++;
                while (*p && *p != ' ' && *p != '\t')
                    p++;
            }
            ck_assert_msg(t.cols > 0, "%s: empty column-name line", path);
            have_names = 1;
            continue;
        }
        if (t.rows * t.cols + t.cols > cap) {
            cap = 2 * cap + t.cols;
            t.v = realloc(t.v, cap * sizeof *t.v);
            ck_assert_ptr_nonnull(t.v);
        }
        char *p = line, *end;
        for (size_t j = 0; j < t.cols; j++, p = end) {
            t.v[t.rows * t.cols + j] = strtod(p, &end);
            ck_assert_msg(end != p, "%s: row %zu has fewer than %zu numbers: %s", path, t.rows + 1,
                          t.cols, line);
        }
        t.rows++;
    }
    ck_assert_msg(have_names, "%s: no column-name line", path);
    free(text);
    return t;
}

static inline size_t column(const table *t, const char *name, const char *path)
{
    char copy[512];
    snprintf(copy, sizeof copy, "%s", t->names);
    size_t j = 0;
    for (char *w = strtok(copy, " \t"); w; w = strtok(NULL, " \t"), j++)
        if (strcmp(w, name) == 0)
            return j;
    ck_abort_msg("%s: no column '%s' in '%s'", path, name, t->names);
    return 0;
}

static inline double cell(const table *t, size_t row, size_t col)
{
    return t->v[row * t->cols + col];
}

/* ---- 1, 2: a --quick run ---- */

/* The header: '#' lines first, among them "# command:" and "# seed:"; no NaN or
 * Inf anywhere but in the echoed command line (a path may contain "inf"). */
static inline void check_dat_text(const char *path)
{
    char *text = read_file(path);
    ck_assert_msg(text != NULL, "%s: missing", path);
    ck_assert_msg(text[0] == '#', "%s: does not start with a '#' header line", path);
    int command = 0, seed = 0, in_header = 1;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] != '#')
            in_header = 0;
        if (in_header && strncmp(line, "# command:", 10) == 0) {
            command = 1;
            continue;
        }
        if (in_header && strncmp(line, "# seed:", 7) == 0)
            seed = 1;
        ck_assert_msg(!find_nocase(line, "nan") && !find_nocase(line, "inf"),
                      "%s: non-finite text in line: %s", path, line);
    }
    ck_assert_msg(command, "%s: no '# command:' header line", path);
    ck_assert_msg(seed, "%s: no '# seed:' header line", path);
    free(text);
}

static inline void assert_no_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "%s: cannot open", dir);
    for (struct dirent *e; (e = readdir(d)); )
        ck_assert_msg(!(e->d_name[0] == '.' && strstr(e->d_name, ".tmp")),
                      "%s: temporary file %s left behind", dir, e->d_name);
    closedir(d);
}

static inline void copy_file(const char *from, const char *to, long limit)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    ck_assert_msg(in != NULL, "%s: cannot open (run `make data`)", from);
    ck_assert_msg(out != NULL, "%s: cannot create", to);
    char buf[65536];
    long total = 0;
    size_t n;
    while ((limit < 0 || total < limit) && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (limit >= 0 && total + (long)n > limit)
            n = (size_t)(limit - total);
        ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
        total += (long)n;
    }
    fclose(in);
    ck_assert_int_eq(fclose(out), 0);
}

/* Copy every file of dir (no subdirectories) into a new directory to. */
static inline void copy_dir(const char *dir, const char *to)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "%s: cannot open", dir);
    ck_assert_int_eq(mkdir(to, 0755), 0);
    char a[1024], b[1024];
    for (struct dirent *e; (e = readdir(d)); ) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(a, sizeof a, "%s/%s", dir, e->d_name);
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        copy_file(a, b, -1);
    }
    closedir(d);
}

/* l's plain --quick run: the one tools/runtests.sh made before the tests ($AE_QUICK/NN-name:
 * its files, copied to tmp/NAME, its stdout, stderr and status), or, when the test runs
 * alone, a run of its own (--quick --out tmp/NAME). */
static inline run_result quick_run(const lesson *l, const char *name)
{
    const char *shared = getenv("AE_QUICK");
    char q[512], path[640];
    snprintf(q, sizeof q, "%s/%s", shared ? shared : "", l->dir);
    snprintf(path, sizeof path, "%s/status", q);
    FILE *f = shared ? fopen(path, "r") : NULL;
    if (!f) {
        char out[64];
        snprintf(out, sizeof out, "@/%s", name);
        const char *args[] = {"--quick", "--out", out, NULL};
        return run_child(l, args);
    }
    run_result r = {.status = -1};
    ck_assert_int_eq(fscanf(f, "%d", &r.status), 1);
    fclose(f);
    snprintf(path, sizeof path, "%s/stdout", q);
    r.out = read_file(path);
    snprintf(path, sizeof path, "%s/stderr", q);
    r.err = read_file(path);
    ck_assert_ptr_nonnull(r.out);
    ck_assert_ptr_nonnull(r.err);
    snprintf(path, sizeof path, "%s/run", q);
    if (r.status == 0)
        copy_dir(path, in_tmp(q, sizeof q, name));
    return r;
}

/* ---- generic checks ---- */

/* Run l with --quick --out tmp/run and the extra args (NULL-terminated, may be NULL; none:
 * the shared run of quick_run):
 * exit 0, the last line of stdout is the summary "PROG ...", every file of l->files
 * is a finished .dat with header and finite numbers, no temporaries. The files stay
 * in tmp/run for the caller's own checks of the numbers. */
static inline void lesson_quick_run(const lesson *l, const char *const *extra)
{
    const char *args[MAX_ARGS] = {"--quick", "--out", "@/run"};
    size_t n = 3;
    for (size_t i = 0; extra && extra[i]; i++) {
        ck_assert_uint_lt(n + 1, MAX_ARGS);
        args[n++] = extra[i];
    }
    args[n] = NULL;
    run_result r = extra ? run_child(l, args) : quick_run(l, "run");
    ck_assert_msg(r.status == 0, "%s --quick: exit %d, want 0; stderr:\n%s", l->prog, r.status, r.err);

    size_t len = strlen(r.out);   /* the last line of stdout */
    ck_assert_msg(len > 0 && r.out[len - 1] == '\n', "%s: stdout does not end with a line: '%s'",
                  l->prog, r.out);
    r.out[len - 1] = '\0';
    const char *last = strrchr(r.out, '\n');
    last = last ? last + 1 : r.out;
    ck_assert_msg(strncmp(last, l->prog, strlen(l->prog)) == 0 && last[strlen(l->prog)] == ' ',
                  "%s: the last line of stdout is not the summary: '%s'", l->prog, last);

    char dir[128], path[256];
    in_tmp(dir, sizeof dir, "run");
    for (size_t i = 0; l->files[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, l->files[i]);
        check_dat_text(path);
    }
    assert_no_temporaries(dir);
    run_free(&r);
}

/* The last row's value in column col of tmp/run/file (after lesson_quick_run). */
static inline double run_last(const char *file, const char *col)
{
    char path[256];
    snprintf(path, sizeof path, "%s/run/%s", tmp, file);
    table t = load_table(path);
    ck_assert_msg(t.rows >= 1, "%s: no rows", path);
    double v = cell(&t, t.rows - 1, column(&t, col, path));
    free(t.v);
    return v;
}

/* Bad flags every lesson must refuse: exit 2, one line naming the flag. */
typedef struct {
    const char *args[6];
    const char *need[2];   /* what the error line must mention */
} bad_flags;

static const bad_flags LESSON_COMMON_BAD[] = {
    {{"--bogus"}, {"--bogus"}},
    {{"--epochs", "abc"}, {"--epochs"}},
    {{"--epochs", "0"}, {"--epochs"}},
    {{"--epochs", "-3"}, {"--epochs"}},
    {{"--epochs", "99999999999999999999"}, {"--epochs"}},
    {{"--batch", "0"}, {"--batch"}},
    {{"--lr", "0"}, {"--lr"}},
    {{"--lr", "nan"}, {"--lr"}},
    {{"--quick", "--lr", "1e7"}, {"--lr"}},   /* above the largest rate --lr accepts */
    {{"--seed", "x"}, {"--seed"}},
    {{"--quick", "stray"}, {"stray"}},
    {{"--quick", "--out", "@/file/sub"}, {"--out"}},   /* tmp/file is a regular file */
};
enum { NCOMMON_BAD = sizeof LESSON_COMMON_BAD / sizeof *LESSON_COMMON_BAD };

/* Run l with args (after --out tmp/out): exit 2, exactly one stderr line
 * "PROG: ..." mentioning each non-NULL need, nothing on stdout, nothing written
 * to tmp/out, tmp/file (an empty regular file) untouched. */
static inline void lesson_bad_input(const lesson *l, const bad_flags *b)
{
    const char *args[MAX_ARGS] = {"--out", "@/out"};   /* a later --out wins */
    size_t n = 2;
    char what[256];
    int len = snprintf(what, sizeof what, "%s", l->prog);
    for (size_t i = 0; i < 6 && b->args[i]; i++) {
        args[n++] = b->args[i];
        len += snprintf(what + len, sizeof what - (size_t)len, " %s", b->args[i]);
    }
    args[n] = NULL;

    char file[128], out[128];
    FILE *f = fopen(in_tmp(file, sizeof file, "file"), "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);

    run_result r = run_child(l, args);
    ck_assert_msg(r.status == 2, "%s: exit %d, want 2; stderr:\n%s", what, r.status, r.err);
    assert_one_error_line(&r, l, what, b->need, 2);
    ck_assert_msg(r.out[0] == '\0', "%s: wrote to stdout: %s", what, r.out);
    assert_nothing_written(in_tmp(out, sizeof out, "out"), what);
    struct stat st;
    ck_assert_msg(stat(file, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0,
                  "%s: %s changed", what, file);
    run_free(&r);
}

/* --help: exit 0, usage with the defaults on stdout, nothing on stderr or on disk. */
static inline void lesson_help(const lesson *l)
{
    const char *args[] = {"--out", "@/out", "--help", NULL};
    run_result r = run_child(l, args);
    ck_assert_msg(r.status == 0, "%s --help: exit %d, want 0; stderr:\n%s", l->prog, r.status, r.err);
    ck_assert_msg(r.err[0] == '\0', "%s --help: wrote to stderr: %s", l->prog, r.err);
    const char *need[] = {"usage", "--epochs", "default", "--help"};
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        ck_assert_msg(strstr(r.out, need[i]), "%s --help: stdout does not mention '%s':\n%s", l->prog,
                      need[i], r.out);
    char out[128];
    assert_nothing_written(in_tmp(out, sizeof out, "out"), "--help");
    run_free(&r);
}

/* --quick --lr 1e6: either the run finishes and every file holds finite numbers, or
 * (must when must_diverge) it exits 2 with a last stderr line naming the epoch, the
 * batch and --lr, having written none of its files. */
static inline void lesson_largest_lr(const lesson *l, int must_diverge)
{
    const char *args[] = {"--quick", "--lr", "1e6", "--out", "@/run", NULL};
    run_result r = run_child(l, args);
    char dir[128], path[256], what[64];
    in_tmp(dir, sizeof dir, "run");
    snprintf(what, sizeof what, "%s --quick --lr 1e6", l->prog);
    if (must_diverge)
        ck_assert_msg(r.status == 2, "%s: exit %d, want 2 (the loss must diverge); stderr:\n%s", what,
                      r.status, r.err);
    if (r.status == 0) {
        for (size_t i = 0; l->files[i]; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, l->files[i]);
            check_dat_text(path);
        }
    } else {
        ck_assert_msg(r.status == 2, "%s: exit %d, want 0 or 2; stderr:\n%s", what, r.status, r.err);
        const char *last = r.err + strlen(r.err);   /* the last line of stderr: the stop */
        ck_assert_msg(last > r.err && last[-1] == '\n', "%s: stderr: %s", what, r.err);
        for (last--; last > r.err && last[-1] != '\n'; last--)
            ;
        const char *need[] = {"epoch", "batch", "--lr"};
        for (size_t i = 0; i < 3; i++)
            ck_assert_msg(strstr(last, need[i]), "%s: the last stderr line does not mention '%s': %s",
                          what, need[i], last);
        for (size_t i = 0; l->files[i]; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, l->files[i]);
            ck_assert_msg(access(path, F_OK) != 0, "%s: diverged but wrote %s", what, path);
        }
        assert_no_temporaries(dir);
    }
    run_free(&r);
}

/* The rows (not the '#' lines) of tmp/out/file after a --quick --seed seed run (free it);
 * the file's header must record the seed. */
static inline char *lesson_rows(const lesson *l, const char *file, const char *seed, const char *out)
{
    char outarg[64], path[256], want[64];
    snprintf(outarg, sizeof outarg, "@/%s", out);
    const char *args[] = {"--quick", "--seed", seed, "--out", outarg, NULL};
    run_result r = run_child(l, args);
    ck_assert_msg(r.status == 0, "%s --seed %s: exit %d; stderr:\n%s", l->prog, seed, r.status, r.err);
    run_free(&r);
    snprintf(path, sizeof path, "%s/%s/%s", tmp, out, file);
    char *text = read_file(path);
    ck_assert_msg(text != NULL, "%s: missing", path);
    snprintf(want, sizeof want, "\n# seed: %s\n", seed);
    ck_assert_msg(strstr(text, want), "%s: no '# seed: %s' line", path, seed);
    char *rows = malloc(strlen(text) + 1), *w = rows;
    ck_assert_ptr_nonnull(rows);
    for (const char *p = text; *p; ) {   /* keep the lines that do not start with '#' */
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p + 1) : strlen(p);
        if (*p != '#') {
            memcpy(w, p, len);
            w += len;
        }
        p += len;
    }
    *w = '\0';
    free(text);
    ck_assert_msg(count_lines(rows) > 1, "%s: no rows", path);
    return rows;
}

#endif
