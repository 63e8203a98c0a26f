/* pgm — the binary PGM reader (netpbm). See pgm.h.
 *
 *   "P5" width height maxval, one whitespace byte, width*height bytes.
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

/* "P5" width height maxval; maxval must be 255. */
static int pgm_header(FILE *f, const char *path, size_t *rows, size_t *cols)
{
    char magic[2];
    if (fread(magic, 1, 2, f) < 2 || magic[0] != 'P' || magic[1] != '5')
        return ae_fail("%s: not a binary PGM (want magic P5)", path);
    long w = pgm_number(f), h = pgm_number(f), maxval = pgm_number(f);
    if (w <= 0 || h <= 0 || maxval < 0)
        return ae_fail("%s: bad or truncated PGM header", path);
    if (maxval != 255)
        return ae_fail("%s: PGM maxval %ld, want 255 (8-bit greyscale)", path, maxval);
    if ((size_t)w * (size_t)h > AE_DATA_MAX_BYTES)
        return ae_fail("%s: absurd PGM size %ld x %ld", path, w, h);
    *cols = (size_t)w;
    *rows = (size_t)h;
    return AE_OK;
}

int ae_pgm_load(const char *path, uint8_t **pixels, size_t *rows, size_t *cols)
{
    *pixels = NULL;
    FILE *f = fopen_regular(path, AE_HINT_DATA);
    if (!f)
        return AE_EINPUT;
    size_t r = 0, c = 0;
    int st = pgm_header(f, path, &r, &c);
    long left = st ? -1 : file_left(f);
    if (left >= 0 && (size_t)left < r * c)
        st = ae_fail("%s: truncated PGM: read %zu of %zu bytes", path, (size_t)left, r * c);
    uint8_t *px = st ? NULL : malloc(r * c);
    if (!st && !px)
        st = ae_fail("%s: out of memory", path);
    if (!st) {
        size_t got = fread(px, 1, r * c, f);
        if (got < r * c)
            st = ae_fail("%s: truncated PGM: read %zu of %zu bytes", path, got, r * c);
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
