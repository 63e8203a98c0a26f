/* out — data files for gnuplot, written atomically. See out.h. */
#include "out.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"

enum { OUT_BAD_IO = 1, OUT_BAD_VALUE = 2 };  /* values of ae_out.bad */

static char run_lesson[64];
static char run_cmdline[8192];
static unsigned long run_seed;
static int run_known;

/* Temporary files of the writers now open, for the signal handler (unlink only). */
#define OUT_MAX_OPEN 32
static char open_tmp[OUT_MAX_OPEN][4096];
static volatile sig_atomic_t open_used[OUT_MAX_OPEN];

static void out_register(const char *tmp)
{
    for (size_t i = 0; i < OUT_MAX_OPEN; i++)
        if (!open_used[i]) {
            snprintf(open_tmp[i], sizeof open_tmp[i], "%s", tmp);
            open_used[i] = 1;
            return;
        }
    /* table full: this file is still removed on every error, only not on a signal */
}

static void out_unregister(const char *tmp)
{
    for (size_t i = 0; i < OUT_MAX_OPEN; i++)
        if (open_used[i] && strcmp(open_tmp[i], tmp) == 0) {
            open_used[i] = 0;
            return;
        }
}

/* The signals that end a run (Ctrl-C, kill, a closed terminal, Ctrl-\, a closed pipe):
 * each removes the partial files, then the run dies of it. */
static const int OUT_SIGNALS[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
#define OUT_NSIGNALS (sizeof OUT_SIGNALS / sizeof *OUT_SIGNALS)

/* Remove the partial files, then die of the same signal (SA_RESETHAND restored the
 * default action on entry). */
static void out_on_signal(int sig)
{
    for (size_t i = 0; i < OUT_MAX_OPEN; i++)
        if (open_used[i])
            unlink(open_tmp[i]);
    raise(sig);
}

/* Append s to the command line, single-quoted unless it is made of safe characters. */
static void out_append_arg(char *buf, size_t cap, const char *s)
{
    size_t len = strlen(buf);
    const char *safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:,+-@%";
    int quote = s[0] == '\0' || strspn(s, safe) != strlen(s);
    if (len > 0 && len + 1 < cap)
        buf[len++] = ' ';
    if (quote && len + 1 < cap)
        buf[len++] = '\'';
    for (; *s && len + 4 < cap; s++) {
        if (*s == '\'') {  /* ' -> '\'' */
            memcpy(buf + len, "'\\''", 4);
            len += 4;
        } else if (*s == '\n') {
            buf[len++] = ' ';  /* keep the header on one line */
        } else {
            buf[len++] = *s;
        }
    }
    if (quote && len + 1 < cap)
        buf[len++] = '\'';
    buf[len] = '\0';
}

void ae_out_run(const char *lesson, int argc, char **argv, unsigned long seed)
{
    snprintf(run_lesson, sizeof run_lesson, "%s", lesson);
    run_cmdline[0] = '\0';
    for (int i = 0; i < argc; i++)
        out_append_arg(run_cmdline, sizeof run_cmdline, argv[i]);
    run_seed = seed;
    run_known = 1;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = out_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < OUT_NSIGNALS; i++)
        sigaction(OUT_SIGNALS[i], &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);   /* past `ulimit -f`: write fails with EFBIG, "File too large" */
}

/* Hold the signals off (block = 1) or let them in again (block = 0): between
 * mkstemp and out_register a signal would leave the new file behind. */
static void out_hold_signals(int block)
{
    static sigset_t old;
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < OUT_NSIGNALS; i++)
        sigaddset(&set, OUT_SIGNALS[i]);
    if (block)
        sigprocmask(SIG_BLOCK, &set, &old);
    else
        sigprocmask(SIG_SETMASK, &old, NULL);
}

/* mkdir -p dir */
static int out_mkdir_p(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return ae_fail("%s: directory name too long", dir);
    for (char *s = path + 1; ; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return ae_fail("%s: cannot create directory (%s)", dir, strerror(errno));
        *s = c;
        if (c == '\0')
            return AE_OK;
    }
}

/* Remove the temporary files ".NAME.tmp.XXXXXX" of writers that died without cleaning up
 * (SIGKILL, a crash): a live writer holds a lock on its file (ae_out_open), a dead one's is gone. */
static void out_remove_stale(const char *dir)
{
    const char *alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    DIR *d = opendir(dir);
    char path[4200];
    for (struct dirent *e; d && (e = readdir(d)); ) {
        size_t len = strlen(e->d_name);
        const char *tail = len < 13 ? "" : e->d_name + len - 11;   /* ".tmp.XXXXXX" */
        if (e->d_name[0] != '.' || strncmp(tail, ".tmp.", 5) != 0 || strspn(tail + 5, alnum) != 6)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlink(path);
        if (fd >= 0)
            close(fd);
    }
    if (d)
        closedir(d);
}

int ae_out_dir(const char *dir)
{
    if (dir == NULL || dir[0] == '\0')
        return ae_fail("the output directory name is empty");
    if (out_mkdir_p(dir) != AE_OK)
        return AE_EINPUT;
    struct stat st;
    if (stat(dir, &st) != 0)
        return ae_fail("%s: cannot create directory (%s)", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return ae_fail("%s: cannot create directory (it exists and is not a directory)", dir);
    /* writable? create and remove a probe file (access() is wrong for root and ACLs) */
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/.aelab-probe.XXXXXX", dir);
    out_hold_signals(1);
    int fd = mkstemp(probe), err = errno;
    if (fd >= 0) {
        close(fd);
        unlink(probe);
    }
    out_hold_signals(0);
    if (fd < 0)
        return ae_fail("%s: not writable (%s)", dir, strerror(err));
    out_remove_stale(dir);
    return AE_OK;
}

static void out_header(ae_out *w, const char *what)
{
    if (run_known) {
        fprintf(w->f, "# aelab %s: %s\n", run_lesson, what);
        fprintf(w->f, "# command: %s\n", run_cmdline);
        fprintf(w->f, "# seed: %lu\n", run_seed);
    } else {
        fprintf(w->f, "# aelab: %s\n", what);
    }
}

int ae_out_open(ae_out *w, const char *dir, const char *name, const char *what)
{
    w->f = NULL;
    w->bad = 0;
    w->tmp[0] = '\0';
    if (snprintf(w->path, sizeof w->path, "%s/%s", dir, name) >= (int)sizeof w->path ||
        snprintf(w->tmp, sizeof w->tmp, "%s/.%s.tmp.XXXXXX", dir, name) >= (int)sizeof w->tmp)
        return ae_fail("%s/%s: file name too long", dir, name);
    out_hold_signals(1);
    int fd = mkstemp(w->tmp), err = errno;
    if (fd >= 0) {
        flock(fd, LOCK_EX);   /* held until closed: the file is not stale (out_remove_stale) */
        out_register(w->tmp);
    }
    out_hold_signals(0);
    if (fd < 0)
        return ae_fail("%s: cannot create (%s)", w->path, strerror(err));
    mode_t mask = umask(0);  /* mkstemp makes 0600; give the file the usual 0666 & ~umask */
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    w->f = fdopen(fd, "w");
    if (w->f == NULL) {
        int e = errno;
        close(fd);
        unlink(w->tmp);
        out_unregister(w->tmp);
        return ae_fail("%s: cannot create (%s)", w->path, strerror(e));
    }
    if (what)
        out_header(w, what);
    return AE_OK;
}

void ae_out_columns(ae_out *w, const char *names)
{
    fprintf(w->f, "%s\n", names);
}

void ae_out_row(ae_out *w, const double *v, size_t n)
{
    if (w->bad)
        return;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            w->bad = OUT_BAD_VALUE;
            return;
        }
        fprintf(w->f, i ? " %.10g" : "%.10g", v[i]);
    }
    fputc('\n', w->f);
}

void ae_out_printf(ae_out *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(w->f, fmt, ap);
    va_end(ap);
}

/* fflush + ferror + fsync + fclose; 0 or the errno of the first failure */
static int out_finish(FILE *f)
{
    int e = 0;
    if (fflush(f) != 0 || ferror(f))
        e = errno ? errno : EIO;
    if (!e && fsync(fileno(f)) != 0 && errno != EINVAL)  /* EINVAL: a file that cannot sync */
        e = errno;
    if (fclose(f) != 0 && !e)
        e = errno;
    return e;
}

int ae_out_close(ae_out *w)
{
    AE_ASSERT(w->f != NULL);
    errno = 0;
    int e = out_finish(w->f);
    w->f = NULL;
    int status = AE_OK;
    if (w->bad == OUT_BAD_VALUE)
        status = ae_fail("%s: a value was NaN or Inf; the file was not written", w->path);
    else if (e || w->bad)
        status = ae_fail("%s: cannot write (%s)", w->path, strerror(e ? e : EIO));
    else if (rename(w->tmp, w->path) != 0)
        status = ae_fail("%s: cannot rename into place (%s)", w->path, strerror(errno));
    if (status != AE_OK)
        unlink(w->tmp);
    out_unregister(w->tmp);
    return status;
}

void ae_out_discard(ae_out *w)
{
    if (w->f == NULL)
        return;
    fclose(w->f);
    w->f = NULL;
    unlink(w->tmp);
    out_unregister(w->tmp);
}

/* ---- whole files in one call ---- */

int ae_write_table(const char *dir, const char *name, const char *what, const char *columns,
                   const double *v, size_t rows, size_t cols)
{
    ae_out w;
    if (ae_out_open(&w, dir, name, what) != AE_OK)
        return AE_EINPUT;
    if (columns)
        ae_out_columns(&w, columns);
    for (size_t i = 0; i < rows; i++)
        ae_out_row(&w, v + i * cols, cols);
    return ae_out_close(&w);
}

/* The mosaic pixel (r, c): a pixel of image (r / (h+1)) * G + c / (w+1), or the gap. */
static double mosaic_pixel(const double *images, size_t n, size_t h, size_t w, size_t G,
                           size_t r, size_t c, double gap)
{
    size_t gr = r / (h + 1), gc = c / (w + 1), y = r % (h + 1), x = c % (w + 1);
    size_t i = gr * G + gc;
    if (y == h || x == w || i >= n)
        return gap;
    return images[(i * h + y) * w + x];
}

int ae_write_mosaic(const char *dir, const char *name, const char *what, const double *images,
                    size_t n, size_t h, size_t w, size_t grid_cols, double gap)
{
    AE_ASSERT(h > 0 && w > 0 && grid_cols > 0);
    if (n == 0)
        return ae_fail("%s/%s: no images to write", dir, name);
    size_t G = grid_cols < n ? grid_cols : n;
    size_t R = (n + grid_cols - 1) / grid_cols;
    size_t height = R * (h + 1) - 1, width = G * (w + 1) - 1;
    ae_out out;
    if (ae_out_open(&out, dir, name, what) != AE_OK)
        return AE_EINPUT;
    ae_out_printf(&out, "# mosaic: %zu images of %zux%zu, %zu per row, 1-pixel gap\n", n, h, w, G);
    ae_out_printf(&out, "# matrix of %zu rows x %zu columns (plot with `matrix with image`)\n",
                  height, width);
    for (size_t r = 0; r < height && !out.bad; r++) {
        for (size_t c = 0; c < width; c++) {
            double v = mosaic_pixel(images, n, h, w, G, r, c, gap);
            if (!isfinite(v)) {
                out.bad = OUT_BAD_VALUE;
                break;
            }
            ae_out_printf(&out, c ? " %.4g" : "%.4g", v);
        }
        ae_out_printf(&out, "\n");
    }
    return ae_out_close(&out);
}

int ae_write_histogram(const char *dir, const char *name, const char *what, const double *v,
                       size_t n, size_t bins, double lo, double hi)
{
    AE_ASSERT(bins > 0 && lo < hi);
    size_t *count = calloc(bins, sizeof *count);
    AE_ASSERT(count != NULL);
    const double width = (hi - lo) / (double)bins;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            free(count);
            return ae_fail("%s/%s: value %zu is NaN or Inf; the file was not written", dir,
                           name, i);
        }
        double b = floor((v[i] - lo) / width);  /* outside [lo, hi]: the end bins */
        size_t k = b < 0.0 ? 0 : b >= (double)bins ? bins - 1 : (size_t)b;
        count[k]++;
    }
    ae_out w;
    int status = ae_out_open(&w, dir, name, what);
    if (status == AE_OK) {
        ae_out_printf(&w, "# histogram: %zu values, %zu bins over [%g, %g]\n", n, bins, lo, hi);
        ae_out_columns(&w, "center count density");
        for (size_t k = 0; k < bins; k++) {
            /* density = count / (n * binwidth): integrates to 1 */
            double row[3] = { lo + ((double)k + 0.5) * width, (double)count[k],
                              n ? (double)count[k] / ((double)n * width) : 0.0 };
            ae_out_row(&w, row, 3);
        }
        status = ae_out_close(&w);
    }
    free(count);
    return status;
}
