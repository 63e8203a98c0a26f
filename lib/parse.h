/* parse — what the file parsers (idx.c, npy.c, pgm.c) share. Private to lib/.
 * The size limit, and three helpers that each serve two or three of the parsers. */
#ifndef AE_PARSE_H
#define AE_PARSE_H

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"

#define AE_DATA_MAX_BYTES ((size_t)1 << 30)  /* refuse files claiming more than 1 GiB */

/* a * b * c, or 0 with *over set when the product exceeds limit */
static inline size_t checked_product(size_t a, size_t b, size_t c, size_t limit, int *over)
{
    *over = 0;
    if (b && a > limit / b) { *over = 1; return 0; }
    size_t ab = a * b;
    if (c && ab > limit / c) { *over = 1; return 0; }
    return ab * c;
}

/* Bytes from f's position to its end, or -1 when f is not a regular file. Checked
 * before allocating, so that a header claiming more than the file holds costs nothing. */
static inline long file_left(FILE *f)
{
    struct stat sb;
    long at = ftell(f);
    if (at < 0 || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode))
        return -1;
    return (long)sb.st_size - at;
}

/* A message for a file that cannot be opened: the cause and the cure. */
static inline int fail_open(const char *path, int err)
{
    return ae_fail("%s: cannot open (%s); run `make data`", path,
                   err ? strerror(err) : "out of memory");
}

#endif
