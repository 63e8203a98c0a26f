/* out — data files for gnuplot, written atomically.
 *
 * Every file starts with '#' lines naming the lesson, what the file holds,
 * the command line and the seed. Tables then have one line of column names
 * (for gnuplot's `set datafile columnheaders`, columns used by name) and rows
 * of numbers. A file is written to a temporary name in the same directory
 * and renamed into place by ae_out_close, so an interrupted run never leaves
 * a partial file: SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE remove the temporary
 * file of any open writer (SIGXFSZ is ignored: past `ulimit -f` a write fails and says
 * so), and ae_out_dir removes those a killed run (SIGKILL) left behind.
 * Non-finite numbers are refused: a NaN never reaches a figure.
 */
#ifndef AE_OUT_H
#define AE_OUT_H

#include <stdio.h>
#include <stddef.h>

/* Remember who is writing (for the headers) and install the signal handlers. */
void ae_out_run(const char *lesson, int argc, char **argv, unsigned long seed);

/* Create dir (and parents) if needed and check it is writable; remove the temporary
 * files (".NAME.tmp.XXXXXX") that writers killed before they could clean up left there. */
int ae_out_dir(const char *dir);

typedef struct {
    FILE *f;
    char path[4096], tmp[4096];
    int bad;               /* a write failed or a value was not finite */
} ae_out;

/* Open dir/name for writing (to a temporary file) and write the '#' header;
 * what == NULL: no header (a binary file, written with fwrite to w->f). */
int ae_out_open(ae_out *w, const char *dir, const char *name, const char *what);

/* A line of column names, e.g. "k ae_mse pca_mse". */
void ae_out_columns(ae_out *w, const char *names);

/* One row of n numbers (%.10g). */
void ae_out_row(ae_out *w, const double *v, size_t n);

/* Free text (a comment line should start with '#'). */
void ae_out_printf(ae_out *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Flush, close and rename into place; on any failure remove the temporary
 * file and return AE_EINPUT naming the file. */
int ae_out_close(ae_out *w);

/* Give up on a file: close and remove the temporary file. */
void ae_out_discard(ae_out *w);

/* ---- whole files in one call ---- */

/* A table: rows x cols numbers, row-major, under the column names. */
int ae_write_table(const char *dir, const char *name, const char *what, const char *columns,
                   const double *v, size_t rows, size_t cols);

/* Images as a mosaic: n images of h x w (values in [0,1] or any range), laid out
 * grid_cols per row with a gap of one pixel of value `gap`; one matrix for
 * gnuplot's `matrix with image`. */
int ae_write_mosaic(const char *dir, const char *name, const char *what, const double *images,
                    size_t n, size_t h, size_t w, size_t grid_cols, double gap);

/* A histogram of n values in `bins` equal bins over [lo, hi] (values outside are
 * counted in the end bins): columns "center count density". */
int ae_write_histogram(const char *dir, const char *name, const char *what, const double *v,
                       size_t n, size_t bins, double lo, double hi);

#endif
