/* pgm — the binary PGM and PPM readers (netpbm). See pgm.h.
 *
 *   "P5" (or "P6") width height maxval, one whitespace byte, width*height (or 3 width*height) bytes.
 */
#include "pgm.h"
#include "err.h"
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Skip whitespace and # comments, then read a decimal number (-1 if none). */
static long pgm_number(FILE *f)
{
    int c = fgetc(f);
    for (;;) {
        if (c == '#')
            while (c != '\n' && c != EOF)
                c = fgetc(f);
        else if (isspace(c))
            c = fgetc(f);
        else
            break;
    }
    long v = -1;
    while (c != EOF && isdigit(c) && v < 1000000000L) {
        v = (v < 0 ? 0 : v * 10) + (c - '0');
        c = fgetc(f);
    }
    if (c != EOF && !isspace(c))
        return -1;                          /* a number must end in one whitespace byte */
    return v;
}

/* The netpbm kinds this module reads: magic P5 (grey, one byte a pixel) and P6 (colour,
 * three bytes a pixel: R, G, B). */
typedef struct {
    char magic;        /* '5' or '6' */
    size_t channels;   /* bytes per pixel */
    const char *name;  /* "PGM" or "PPM", for messages */
    const char *what;  /* "8-bit greyscale" or "8-bit RGB" */
} pnm_kind;

static const pnm_kind PGM = {'5', 1, "PGM", "8-bit greyscale"}, PPM = {'6', 3, "PPM", "8-bit RGB"};

/* "P5" or "P6", width height maxval; maxval must be 255. */
static int pnm_header(FILE *f, const char *path, const pnm_kind *k, size_t *rows, size_t *cols)
{
    char magic[2];
    if (fread(magic, 1, 2, f) < 2 || magic[0] != 'P' || magic[1] != k->magic)
        return ae_fail("%s: not a binary %s (want magic P%c)", path, k->name, k->magic);
    long w = pgm_number(f), h = pgm_number(f), maxval = pgm_number(f);
    if (w <= 0 || h <= 0 || maxval < 0)
        return ae_fail("%s: bad or truncated %s header", path, k->name);
    if (maxval != 255)
        return ae_fail("%s: %s maxval %ld, want 255 (%s)", path, k->name, maxval, k->what);
    if ((size_t)w * (size_t)h * k->channels > AE_DATA_MAX_BYTES)
        return ae_fail("%s: absurd %s size %ld x %ld", path, k->name, w, h);
    *cols = (size_t)w;
    *rows = (size_t)h;
    return AE_OK;
}

/* The header, then rows * cols * channels bytes, into a malloc'd *pixels. */
static int pnm_load(const char *path, const pnm_kind *k, uint8_t **pixels, size_t *rows, size_t *cols)
{
    *pixels = NULL;
    FILE *f = fopen_regular(path, AE_HINT_DATA);
    if (!f)
        return AE_EINPUT;
    size_t r = 0, c = 0;
    int st = pnm_header(f, path, k, &r, &c);
    size_t n = r * c * k->channels;
    long left = st ? -1 : file_left(f);
    if (left >= 0 && (size_t)left < n)
        st = ae_fail("%s: truncated %s: read %zu of %zu bytes", path, k->name, (size_t)left, n);
    uint8_t *px = st ? NULL : malloc(n);
    if (!st && !px)
        st = ae_fail("%s: out of memory", path);
    if (!st) {
        size_t got = fread(px, 1, n, f);
        if (got < n)
            st = ae_fail("%s: truncated %s: read %zu of %zu bytes", path, k->name, got, n);
    }
    fclose(f);
    if (st) {
        free(px);
        return st;
    }
    *pixels = px;
    *rows = r;
    *cols = c;
    return AE_OK;
}

int ae_pgm_load(const char *path, uint8_t **pixels, size_t *rows, size_t *cols)
{
    return pnm_load(path, &PGM, pixels, rows, cols);
}

int ae_ppm_load(const char *path, uint8_t **pixels, size_t *rows, size_t *cols)
{
    return pnm_load(path, &PPM, pixels, rows, cols);
}
