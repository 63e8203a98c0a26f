/* parse — what the file parsers (idx.c, npy.c, pgm.c) share. Private to lib/.
 * The size limit, and three helpers that each serve two or three of the parsers. */
#ifndef AE_PARSE_H
#define AE_PARSE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* path opened for reading, or -1 after ae_fail: the cause, then hint (e.g. "; run `make data`")
 * when it cannot be opened. Anything but a regular file is refused before a byte is read: a
 * FIFO would block forever, a directory or a device holds no data file. */
static inline int open_regular(const char *path, const char *hint)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);   /* O_NONBLOCK: a FIFO opens at once */
    struct stat st;
    if (fd < 0) {
        ae_fail("%s: cannot open (%s)%s", path, strerror(errno), hint);
        return -1;
    }
    if (fstat(fd, &st) != 0)
        st.st_mode = 0;
    if (!S_ISREG(st.st_mode)) {
        ae_fail("%s: not a regular file (%s)", path, S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISDIR(st.st_mode)
                ? "a directory" : "a device or another special file");
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

/* The same as a stdio stream: NULL after ae_fail. */
static inline FILE *fopen_regular(const char *path, const char *hint)
{
    int fd = open_regular(path, hint);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
    if (fd >= 0 && !f) {
        ae_fail("%s: cannot open (%s)", path, strerror(errno));
        close(fd);
    }
    return f;
}

#define AE_HINT_DATA "; run `make data`"   /* the cure for a data file that cannot be opened */

#endif
