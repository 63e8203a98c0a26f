/* check_reliability — every lesson of the tree, found when the test runs
 * (lessons/NN-name, its binary under $AE_BUILD), so a new lesson is covered
 * without editing this file. Which flags apply comes from its --help.
 *
 *   bad input    bad values for every flag it lists (a table per kind of value),
 *                the common bad flags, a missing, empty or unreadable --data-dir,
 *                an unwritable --out: exit 2, one stderr line naming the problem,
 *                nothing on stdout, nothing written; the smallest code (--latent 1)
 *                runs or is refused so;
 *   divergence   --lr 1e6 stops with the epoch, the batch and a hint (no NaN or Inf
 *                in any .dat file written before);
 *   determinism  the plain --quick run (made once by tools/runtests.sh) again: the same
 *                files (but for the .dat files' "# command:" lines, which name --out; a
 *                stale temporary file is removed); another seed: different numbers;
 *   nothing lost a run killed (SIGINT or SIGTERM, by turns) while a file is being written
 *                leaves the previous files as they were, no temporaries.
 */
#define _XOPEN_SOURCE 700  /* nftw */
#include "lessons.h"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>

#define MAX_LESSONS 32
#define MAX_FLAGS 32
#define MAX_FILES 64
#define CHEAP_TIMEOUT 120   /* seconds: a test of flags that exit at once, or one --quick run */
#define RUNS_TIMEOUT 600    /* seconds: the three runs of the determinism test (more under SAN=1) */
#define SEED_B "12"      /* another seed than any lesson's default */

/* ---- the lessons, found at run time ---- */

static lesson found[MAX_LESSONS];
static char found_dir[MAX_LESSONS][64], found_prog[MAX_LESSONS][16];
static size_t nfound;

static int by_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* lessons/NN-name directories in order; each is lesson {dir, "lessonNN"} with no file list.
 * AE_LESSONS="00 07" keeps only those (to check one lesson while writing it). */
static void discover(void)
{
    const char *only = getenv("AE_LESSONS");
    DIR *d = opendir("lessons");
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d)) && nfound < MAX_LESSONS; ) {
        const char *s = e->d_name;
        char nn[3] = {s[0], s[0] ? s[1] : '\0', '\0'};
        if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && s[2] == '-' &&
            strlen(s) < sizeof found_dir[0] && (!only || strstr(only, nn)))
            snprintf(found_dir[nfound++], sizeof found_dir[0], "%.*s", (int)sizeof found_dir[0] - 1, s);
    }
    closedir(d);
    qsort(found_dir, nfound, sizeof found_dir[0], by_name);
    for (size_t i = 0; i < nfound; i++) {
        snprintf(found_prog[i], sizeof found_prog[i], "lesson%.2s", found_dir[i]);
        found[i] = (lesson){.dir = found_dir[i], .prog = found_prog[i]};
    }
}

/* ---- what --help says ---- */

typedef struct {
    char name[40];   /* without "--" */
    char arg[8];     /* the metavariable: N (size), X (real), NAME (choice), DIR, TEXT, or ""
                      * (no value) */
    int mnist;       /* --data: mnist is one of the choices */
} flag;

/* The flags of l's --help (not --help itself): lines "  --name ARG  text". */
static size_t help_flags(const lesson *l, flag *f)
{
    const char *args[] = {"--help", NULL};
    run_result r = run_child(l, args);
    ck_assert_msg(r.status == 0, "%s --help: exit %d", l->prog, r.status);
    size_t n = 0;
    for (char *line = strtok(r.out, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "  --", 4) != 0 || strncmp(line, "  --help", 8) == 0)
            continue;
        ck_assert_uint_lt(n, MAX_FLAGS);
        flag *g = &f[n++];
        char word[2][40] = {"", ""};
        sscanf(line + 4, "%39s %39s", word[0], word[1]);
        snprintf(g->name, sizeof g->name, "%s", word[0]);
        const char *metavars[] = {"N", "X", "NAME", "DIR", "TEXT"};
        g->arg[0] = '\0';
        for (size_t k = 0; k < 5; k++)   /* the metavariable follows after one space */
            if (strcmp(word[1], metavars[k]) == 0 && line[4 + strlen(word[0]) + 1] != ' ')
                snprintf(g->arg, sizeof g->arg, "%s", metavars[k]);
        g->mnist = strcmp(g->name, "data") == 0 && strstr(line, "mnist") != NULL;
    }
    run_free(&r);
    return n;
}

static const flag *find_flag(const flag *f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, name) == 0)
            return &f[i];
    return NULL;
}

/* ---- bad input: a table of bad values for each kind of flag ---- */

typedef struct {
    const char *arg;        /* N, X, NAME, DIR, "" */
    const char *values[9];  /* bad for every flag of this kind; NULL ends */
} bad_values;

/* NULL value: the flag is last and has no value ("needs a value"). */
static const bad_values BAD_VALUES[] = {
    {"N", {"abc", "-5", "2.5", "7x", "", "99999999999999999999", " 3", "0x10", NULL}},
    {"X", {"abc", "nan", "inf", "-inf", "1e999", "2x", "", " 1", NULL}},
    {"NAME", {"no-such-choice", "", NULL}},
    {"DIR", {"", NULL}},
    {"TEXT", {"", NULL}},
};

/* The common flags' own limits: sizes start at 1; none is above a million; --lr > 0. */
static const struct {
    const char *name, *values[4];
} BAD_COMMON_VALUES[] = {
    {"epochs", {"0", "1000000000", NULL}},
    {"batch", {"0", "1000000000", "1000000", NULL}},   /* 1000000: accepted, but more than any training set */
    {"latent", {"0", "1000000000", NULL}},
    {"lr", {"0", "-1", "1e7", NULL}},
};

/* Run l with --flag value (or --flag alone, last, when value is NULL): exit 2, one line
 * naming --flag, nothing written. */
static void bad_flag_value(const lesson *l, const char *name, const char *value)
{
    char opt[48];
    snprintf(opt, sizeof opt, "--%s", name);
    bad_flags b = {{"--quick", opt, value}, {opt}};
    lesson_bad_input(l, &b);
}

/* A flag shortened by one letter is unknown (getopt_long would take the prefix). */
static void bad_abbreviation(const lesson *l, const flag *f, size_t n, const flag *g)
{
    char opt[48];
    snprintf(opt, sizeof opt, "--%.*s", (int)strlen(g->name) - 1, g->name);
    if (strlen(g->name) < 2 || find_flag(f, n, opt + 2))
        return;
    bad_flags b = {{opt, g->arg[0] ? "1" : NULL}, {opt}};
    lesson_bad_input(l, &b);
}

/* Every flag of --help with every bad value of its kind; a flag without a value given one;
 * every flag shortened. */
static void bad_flags_from_help(const lesson *l)
{
    flag f[MAX_FLAGS];
    size_t n = help_flags(l, f);
    ck_assert_msg(find_flag(f, n, "seed") && find_flag(f, n, "out") && find_flag(f, n, "quick"),
                  "%s --help: does not list --seed, --out and --quick", l->prog);
    for (size_t i = 0; i < n; i++) {
        bad_abbreviation(l, f, n, &f[i]);
        if (f[i].arg[0] == '\0') {   /* --quick=1: "takes no value" */
            char opt[48];
            snprintf(opt, sizeof opt, "--%s=1", f[i].name);
            bad_flags b = {{opt}, {f[i].name}};
            lesson_bad_input(l, &b);
            continue;
        }
        bad_flag_value(l, f[i].name, NULL);
        for (size_t k = 0; k < sizeof BAD_VALUES / sizeof *BAD_VALUES; k++)
            if (strcmp(BAD_VALUES[k].arg, f[i].arg) == 0)
                for (size_t v = 0; BAD_VALUES[k].values[v]; v++)
                    bad_flag_value(l, f[i].name, BAD_VALUES[k].values[v]);
        for (size_t k = 0; k < sizeof BAD_COMMON_VALUES / sizeof *BAD_COMMON_VALUES; k++)
            if (strcmp(BAD_COMMON_VALUES[k].name, f[i].name) == 0)
                for (size_t v = 0; BAD_COMMON_VALUES[k].values[v]; v++)
                    bad_flag_value(l, f[i].name, BAD_COMMON_VALUES[k].values[v]);
    }
}

/* A data directory where every file of data/ is a directory of the same name: each
 * loader opens it and fails to read. (chmod 000 would not stop root.) */
static void make_unreadable_data(const char *dir)
{
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    DIR *d = opendir("data");
    ck_assert_msg(d != NULL, "data/: cannot open (run from the repository root)");
    char path[512];
    struct stat st;
    for (struct dirent *e; (e = readdir(d)); ) {
        snprintf(path, sizeof path, "data/%s", e->d_name);
        if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            ck_assert_int_eq(mkdir(path, 0755), 0);
        }
    }
    closedir(d);
}

/* --data-dir missing, empty, unreadable: one line naming the directory (and the cure). */
static void bad_data_dir(const lesson *l)
{
    flag f[MAX_FLAGS];
    size_t n = help_flags(l, f);
    if (!find_flag(f, n, "data-dir"))
        return;   /* the lesson reads no data files */
    const flag *data = find_flag(f, n, "data");
    const char *with = data && data->mnist ? "--data" : NULL;   /* read from --data-dir */
    char empty[128], unreadable[128];
    in_tmp(empty, sizeof empty, "empty");
    in_tmp(unreadable, sizeof unreadable, "unreadable");
    ck_assert_int_eq(mkdir(empty, 0755), 0);
    make_unreadable_data(unreadable);
    const bad_flags cases[] = {
        {{"--quick", "--data-dir", "/nonexistent/aelab-data", with, "mnist"},
         {"/nonexistent/aelab-data", "make data"}},
        {{"--quick", "--data-dir", "@/empty", with, "mnist"}, {empty, "make data"}},
        {{"--quick", "--data-dir", "@/unreadable", with, "mnist"}, {unreadable}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        lesson_bad_input(l, &cases[i]);
}

/* --out where nothing can be written, even by root. */
static void bad_out_dir(const lesson *l)
{
    const bad_flags cases[] = {
        {{"--quick", "--out", "/proc/self"}, {"--out", "/proc/self"}},   /* a directory */
        {{"--quick", "--out", "/sys/aelab-out"}, {"--out", "/sys/aelab-out"}},
        {{"--quick", "--out", "@/file"}, {"--out", "not a directory"}},  /* a regular file */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        lesson_bad_input(l, &cases[i]);
    if (geteuid() != 0) {   /* a read-only directory stops everyone but root */
        char ro[128];
        ck_assert_int_eq(mkdir(in_tmp(ro, sizeof ro, "ro"), 0555), 0);
        const bad_flags b = {{"--quick", "--out", "@/ro"}, {"--out", ro}};
        lesson_bad_input(l, &b);
    }
}

static void check_dir_files(const char *dir, const char *what);

/* The smallest code, --latent 1, runs (lesson 06 aborted below 7 in its figures) or is refused
 * with one line naming --latent; one epoch is enough to reach every figure. */
static void smallest_code(const lesson *l)
{
    flag f[MAX_FLAGS];
    if (!find_flag(f, help_flags(l, f), "latent"))
        return;
    const char *args[] = {"--quick", "--epochs", "1", "--latent", "1", "--out", "@/run", NULL};
    run_result r = run_child(l, args);
    char what[64], dir[128];
    snprintf(what, sizeof what, "%s --quick --epochs 1 --latent 1", l->prog);
    ck_assert_msg(r.status == 0 || r.status == 2, "%s: exit %d, want 0 or 2; stderr:\n%s", what, r.status, r.err);
    if (r.status == 2) {
        const char *need[] = {"--latent"};
        assert_one_error_line(&r, l, what, need, 1);
    } else {
        check_dir_files(in_tmp(dir, sizeof dir, "run"), what);
    }
    run_free(&r);
}

enum { BAD_COMMON, BAD_HELP, BAD_DATA, BAD_OUT, EDGE_LATENT, NBAD };

START_TEST(test_bad_input)
{
    const lesson *l = &found[(size_t)_i / NBAD];
    switch (_i % NBAD) {
    case BAD_COMMON:
        for (size_t k = 0; k < NCOMMON_BAD; k++)
            lesson_bad_input(l, &LESSON_COMMON_BAD[k]);
        break;
    case BAD_HELP: bad_flags_from_help(l); break;
    case BAD_DATA: bad_data_dir(l); break;
    case BAD_OUT: bad_out_dir(l); break;
    case EDGE_LATENT: smallest_code(l); break;
    }
}
END_TEST

START_TEST(test_found)
{
    ck_assert_msg(nfound >= (getenv("AE_LESSONS") ? 1 : 2),
                  "found %zu lessons under lessons/; run from the repository root", nfound);
    char bin[512];
    for (size_t i = 0; i < nfound; i++)
        binary_path(bin, sizeof bin, &found[i]);   /* asserts it was built */
}
END_TEST

/* ---- output directories ---- */

typedef struct {
    size_t n;
    char name[MAX_FILES][256];
} listing;

/* The entries of dir in order (every one, hidden ones too). */
static listing list_dir(const char *dir)
{
    listing s = {.n = 0};
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "%s: cannot open", dir);
    for (struct dirent *e; (e = readdir(d)); ) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        ck_assert_msg(s.n < MAX_FILES, "%s: more than %d files", dir, MAX_FILES);
        snprintf(s.name[s.n++], sizeof s.name[0], "%s", e->d_name);
    }
    closedir(d);
    qsort(s.name, s.n, sizeof s.name[0], by_name);
    return s;
}

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

/* Every .dat file of dir has its header and finite numbers; no hidden (temporary) files. */
static void check_dir_files(const char *dir, const char *what)
{
    listing s = list_dir(dir);
    char path[512];
    for (size_t i = 0; i < s.n; i++) {
        ck_assert_msg(s.name[i][0] != '.', "%s: %s left behind in %s", what, s.name[i], dir);
        snprintf(path, sizeof path, "%s/%s", dir, s.name[i]);
        if (ends_with(s.name[i], ".dat"))
            check_dat_text(path);
    }
}

/* Whether two files hold the same bytes. */
static int same_bytes(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    ck_assert_msg(fa && fb, "cannot open %s or %s", a, b);
    int same = 1;
    char ba[8192], bb[8192];
    for (size_t na, nb; same; ) {
        na = fread(ba, 1, sizeof ba, fa);
        nb = fread(bb, 1, sizeof bb, fb);
        same = na == nb && memcmp(ba, bb, na) == 0;
        if (na == 0)
            break;
    }
    fclose(fa);
    fclose(fb);
    return same;
}

/* s past any lines that start with skip */
static const char *skip_lines(const char *s, const char *skip)
{
    while (strncmp(s, skip, strlen(skip)) == 0) {
        s += strcspn(s, "\n");
        if (*s)
            s++;
    }
    return s;
}

/* Whether two texts differ in a line that does not start with skip. */
static int texts_differ(const char *a, const char *b, const char *skip)
{
    for (;;) {
        a = skip_lines(a, skip);
        b = skip_lines(b, skip);
        size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
        if (la != lb || strncmp(a, b, la) != 0)
            return 1;
        if (!a[la] || !b[lb])
            return a[la] != b[lb];
        a += la + 1;
        b += lb + 1;
    }
}

/* How many .dat files of ref have other numbers in dir (the same names in both). */
static size_t count_changed(const char *ref, const char *dir)
{
    listing a = list_dir(ref);
    size_t changed = 0;
    char pa[512], pb[512];
    for (size_t i = 0; i < a.n; i++) {
        if (!ends_with(a.name[i], ".dat"))
            continue;
        snprintf(pa, sizeof pa, "%s/%s", ref, a.name[i]);
        snprintf(pb, sizeof pb, "%s/%s", dir, a.name[i]);
        char *ta = read_file(pa), *tb = read_file(pb);
        ck_assert_msg(ta && tb, "cannot read %s or %s", pa, pb);
        changed += texts_differ(ta, tb, "#");   /* the numbers: not the # lines */
        free(ta);
        free(tb);
    }
    return changed;
}

/* ---- runs that can be stopped ---- */

/* l --quick --out out, started (stdout, stderr to tmp/kill.log). */
static pid_t start_quick(const lesson *l, const char *out)
{
    char bin[512], log[160];
    binary_path(bin, sizeof bin, l);
    in_tmp(log, sizeof log, "kill.log");
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(126);
        execl(bin, bin, "--quick", "--out", out, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Whether an inotify event names a writer's temporary file (".NAME.tmp.XXXXXX"). */
static int names_temporary(const struct inotify_event *e)
{
    return e->len > 0 && e->name[0] == '.' && strstr(e->name, ".tmp") != NULL;
}

/* Run l into out and send sig as soon as a file is being written there (inotify tells when
 * a temporary file is created). Returns the exit status (128 + signal if it died of one). */
static int run_and_kill(const lesson *l, const char *out, int sig)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_ge(inotify_add_watch(fd, out, IN_CREATE), 0);
    pid_t pid = start_quick(l, out);
    int ws, sent = 0;
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        pid_t w = waitpid(pid, &ws, sent ? 0 : WNOHANG);
        ck_assert_int_ge(w, 0);
        if (w == pid)
            break;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 10) <= 0)   /* 10 ms, then look whether the run has ended */
            continue;
        ssize_t n = read(fd, buf, sizeof buf);
        for (char *at = buf; n > 0 && at < buf + n && !sent;
             at += sizeof(struct inotify_event) + ((struct inotify_event *)at)->len)
            if (names_temporary((struct inotify_event *)at)) {
                kill(pid, sig);
                sent = 1;
            }
    }
    close(fd);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

/* ---- divergence ---- */

/* --quick --lr 1e6 diverges in every lesson: the loss is NaN or Inf, or within a few batches
 * far more than AE_LOSS_GROWTH (1000) times its first value (at c1f5a68 nine lessons finished
 * with exit 0; measured here: 1e10 to 1e47 times, while no normal run's loss grows past 5.4
 * times its first value, lesson 08's generator loss). Lessons 03 and 08, whose figures
 * saturate, grow too (6e50 and 7e22 at the second batch): no lesson may finish. The run stops
 * with exit 2, the last stderr line naming the epoch, the batch and --lr; any file it wrote
 * before is finished and finite, and no temporary file is left. */
START_TEST(test_largest_lr)
{
    const lesson *l = &found[_i];
    flag f[MAX_FLAGS];
    if (!find_flag(f, help_flags(l, f), "lr"))
        return;   /* no learning rate to force */
    const char *args[] = {"--quick", "--lr", "1e6", "--out", "@/run", NULL};
    run_result r = run_child(l, args);
    char dir[128], what[64];
    in_tmp(dir, sizeof dir, "run");
    snprintf(what, sizeof what, "%s --quick --lr 1e6", l->prog);
    ck_assert_msg(r.status == 2, "%s: exit %d, want 2 (training diverged); stderr:\n%s", what, r.status,
                  r.err);
    size_t len = strlen(r.err);   /* the last line of stderr names the epoch, the batch, --lr */
    ck_assert_msg(len > 0 && r.err[len - 1] == '\n', "%s: stderr: %s", what, r.err);
    r.err[len - 1] = '\0';
    const char *last = strrchr(r.err, '\n');
    last = last ? last + 1 : r.err;
    const char *need[] = {"epoch", "batch", "--lr", "training diverged"};
    for (size_t i = 0; i < 4; i++)
        ck_assert_msg(strstr(last, need[i]), "%s: the last stderr line does not mention '%s': %s", what,
                      need[i], last);
    if (count_entries(dir) >= 0)
        check_dir_files(dir, what);
    run_free(&r);
}
END_TEST

/* ---- determinism and interrupted runs ---- */

/* Under AddressSanitizer the lessons run 2-3 times slower and their code paths are those
 * of the normal build: the determinism runs are left to it, the kills stay. */
#if defined(__SANITIZE_ADDRESS__)
#define CHECK_SEEDS 0
#else
#define CHECK_SEEDS 1
#endif

/* dir holds exactly the files of ref: the same bytes, but for the .dat files' command lines. */
static void assert_same_run(const char *ref, const char *dir, const char *what)
{
    listing a = list_dir(ref), b = list_dir(dir);
    char pa[512], pb[512];
    for (size_t i = 0; i < a.n || i < b.n; i++)
        ck_assert_msg(i < a.n && i < b.n && strcmp(a.name[i], b.name[i]) == 0,
                      "%s: %s has %s where %s has %s", what, dir, i < b.n ? b.name[i] : "nothing",
                      ref, i < a.n ? a.name[i] : "nothing");
    for (size_t i = 0; i < a.n; i++) {
        snprintf(pa, sizeof pa, "%s/%s", ref, a.name[i]);
        snprintf(pb, sizeof pb, "%s/%s", dir, a.name[i]);
        int same;
        if (ends_with(a.name[i], ".dat")) {
            char *ta = read_file(pa), *tb = read_file(pb);
            ck_assert_msg(ta && tb, "cannot read %s or %s", pa, pb);
            same = !texts_differ(ta, tb, "# command: ");   /* it names --out */
            free(ta);
            free(tb);
        } else {
            same = same_bytes(pa, pb);
        }
        ck_assert_msg(same, "%s: %s differs from %s", what, pb, pa);
    }
}

/* 1. the plain --quick run (made once for all tests by tools/runtests.sh, or here);
 * 2. the same again into a directory that holds a stale temporary file (what a SIGKILL
 *    leaves): the same files, byte for byte, and the temporary file gone;
 * 3. another seed: other numbers;
 * 4. killed while it writes a file (SIGINT or SIGTERM, by turns): the files of 2 stay as
 *    they were (a file written again holds the same bytes: the same seed). */
START_TEST(test_seeds_and_kills)
{
    const lesson *l = &found[_i];
    char ref[128], run[128], other[128], what[128], path[512];
    in_tmp(ref, sizeof ref, "ref");
    in_tmp(run, sizeof run, "run");
    in_tmp(other, sizeof other, "other");

    run_result r = quick_run(l, "ref");
    snprintf(what, sizeof what, "%s --quick", l->prog);
    ck_assert_msg(r.status == 0, "%s: exit %d; stderr:\n%s", what, r.status, r.err);
    run_free(&r);
    check_dir_files(ref, what);
    ck_assert_msg(list_dir(ref).n > 0, "%s: wrote no file", what);

    if (CHECK_SEEDS) {
        ck_assert_int_eq(mkdir(run, 0755), 0);
        snprintf(path, sizeof path, "%s/.loss.dat.tmp.Zz9Yx8", run);
        FILE *stale = fopen(path, "w");
        ck_assert_ptr_nonnull(stale);
        fclose(stale);
        const char *args_a[] = {"--quick", "--out", "@/run", NULL};
        r = run_child(l, args_a);
        snprintf(what, sizeof what, "%s --quick twice", l->prog);
        ck_assert_msg(r.status == 0, "%s: exit %d; stderr:\n%s", what, r.status, r.err);
        run_free(&r);
        assert_same_run(ref, run, what);

        const char *args_b[] = {"--quick", "--seed", SEED_B, "--out", "@/other", NULL};
        r = run_child(l, args_b);
        ck_assert_msg(r.status == 0, "%s --quick --seed %s: exit %d; stderr:\n%s", l->prog, SEED_B,
                      r.status, r.err);
        run_free(&r);
        ck_assert_msg(count_changed(ref, other) > 0,
                      "%s --quick: --seed %s and the default seed give the same numbers in every .dat file",
                      l->prog, SEED_B);
    } else {
        copy_dir(ref, run);
    }

    const int sig = _i % 2 ? SIGTERM : SIGINT;
    int st = run_and_kill(l, run, sig);
    snprintf(what, sizeof what, "%s killed by signal %d while writing a file", l->prog, sig);
    ck_assert_msg(st == 128 + sig, "%s: exit %d, want death by the signal", what, st);
    assert_same_run(ref, run, what);
}
END_TEST

static Suite *make_suite(void)
{
    discover();
    Suite *s = suite_create("reliability");
    TCase *tc = lesson_tcase(s, "bad input", CHEAP_TIMEOUT);
    tcase_add_test(tc, test_found);
    tcase_add_loop_test(tc, test_bad_input, 0, (int)nfound * NBAD);

    tc = lesson_tcase(s, "divergence", CHEAP_TIMEOUT);
    tcase_add_loop_test(tc, test_largest_lr, 0, (int)nfound);

    tc = lesson_tcase(s, "seeds and kills", RUNS_TIMEOUT);
    tcase_add_loop_test(tc, test_seeds_and_kills, 0, (int)nfound);
    return s;
}

AE_TEST_MAIN(make_suite)
