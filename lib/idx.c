/* idx — the IDX reader, through zlib (so .gz or plain). See idx.h.
 *
 *   big-endian u32 magic 00 00 08 NDIM, NDIM big-endian u32 sizes, then bytes
 *   (LeCun's MNIST page).
 */
#include "idx.h"
#include "err.h"
#include "parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define AE_IDX_CHUNK ((size_t)1 << 20)        /* an IDX file's buffer starts at 1 MiB */

/* Read up to len bytes; returns how many were read (short on EOF or error). */
static size_t gz_read_all(gzFile f, uint8_t *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {                       /* gzread's length is an unsigned int */
        size_t want = len - got;
        unsigned chunk = want > ((size_t)1 << 24) ? 1u << 24 : (unsigned)want;
        int r = gzread(f, buf + got, chunk);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

/* zlib's reason for the last error on f (owned by f: format it before gzclose). */
static const char *gz_reason(gzFile f, int *zerr)
{
    const char *msg = gzerror(f, zerr);
    const char *colon = strncmp(msg, "<fd:", 4) == 0 ? strstr(msg, ": ") : NULL;
    return colon ? colon + 2 : msg;          /* zlib prefixes "<fd:N>: " (gzdopen); we name the path */
}

/* Reading stopped short: "truncated" when the file ends early (zlib: "unexpected end of
 * file"), "damaged" with zlib's reason when the gzip stream or its CRC is bad; closes f. */
static int fail_short(gzFile f, const char *path, const char *what, size_t got, size_t want)
{
    int zerr = Z_OK;
    const char *msg = gz_reason(f, &zerr);
    int st;
    if (zerr == Z_OK || zerr == Z_BUF_ERROR)
        st = ae_fail("%s: truncated %s: read %zu of %zu bytes%s%s%s", path, what, got, want,
                     zerr != Z_OK ? " (" : "", zerr != Z_OK ? msg : "", zerr != Z_OK ? ")" : "");
    else
        st = ae_fail("%s: damaged (%s), found reading the %s (%zu of %zu bytes read)", path, msg, what, got,
                     want);
    gzclose(f);
    return st;
}

/* The header: magic 00 00 08 NDIM (1..3), then NDIM big-endian sizes into dim[]. */
static int idx_header(gzFile f, const char *path, uint32_t dim[3])
{
    uint8_t h[16];
    size_t got = gz_read_all(f, h, 4);
    if (got < 4)
        return fail_short(f, path, "header", got, 4);
    uint32_t magic = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    unsigned ndim = h[3];
    if ((magic >> 8) != 0x08 || ndim < 1 || ndim > 3) {
        gzclose(f);
        return ae_fail("%s: bad magic 0x%08x (not an IDX file of unsigned bytes, 1 to 3 dims)",
                       path, (unsigned)magic);
    }
    got = gz_read_all(f, h + 4, 4 * (size_t)ndim);
    if (got < 4 * (size_t)ndim)
        return fail_short(f, path, "header", 4 + got, 4 + 4 * (size_t)ndim);
    dim[0] = dim[1] = dim[2] = 1;
    for (unsigned d = 0; d < ndim; d++) {
        const uint8_t *p = h + 4 + 4 * d;
        dim[d] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    }
    return AE_OK;
}

/* The total bytes after the header, into a buffer that grows as they arrive: a
 * header that claims more than the file holds costs no more memory than the file. */
static int idx_data(gzFile f, const char *path, size_t total, uint8_t **data)
{
    size_t cap = total < AE_IDX_CHUNK ? total : AE_IDX_CHUNK, got = 0;
    uint8_t *buf = malloc(cap ? cap : 1);
    for (;;) {
        if (!buf) {
            gzclose(f);
            return ae_fail("%s: out of memory for %zu bytes", path, cap);
        }
        size_t want = cap - got, r = gz_read_all(f, buf + got, want);
        got += r;
        if (got == total)
            break;
        if (r < want) {
            free(buf);
            return fail_short(f, path, "data", got, total);
        }
        cap = total - cap < cap ? total : 2 * cap;
        uint8_t *grown = realloc(buf, cap);
        if (!grown)
            free(buf);
        buf = grown;
    }
    *data = buf;
    return AE_OK;
}

/* After the data: bytes past what the header declares are ignored, but read to the end,
 * so that zlib checks a gzip file's CRC and length. Closes f on failure. */
static int idx_end(gzFile f, const char *path)
{
    uint8_t rest[4096];
    int r, zerr = Z_OK;
    while ((r = gzread(f, rest, sizeof rest)) > 0)
        ;
    const char *why = gz_reason(f, &zerr);   /* a cut stream is Z_BUF_ERROR, r = 0 */
    if (r < 0 || zerr != Z_OK) {
        int st = zerr == Z_BUF_ERROR ? ae_fail("%s: truncated after the data (%s)", path, why)
                                     : ae_fail("%s: damaged (%s)", path, why);   /* e.g. the CRC of all of it */
        gzclose(f);
        return st;
    }
    return AE_OK;
}

int ae_idx_load(const char *path, uint8_t **data, size_t *n, size_t *rows, size_t *cols)
{
    *data = NULL;
    int fd = open_regular(path, AE_HINT_DATA);
    if (fd < 0)
        return AE_EINPUT;
    gzFile f = gzdopen(fd, "rb");
    if (!f) {
        close(fd);
        return ae_fail("%s: cannot open (out of memory)", path);
    }
    gzbuffer(f, 1u << 17);
    uint32_t dim[3];
    int st = idx_header(f, path, dim);
    if (st)
        return st;                                       /* idx_header closed f */
    int over;
    size_t total = checked_product(dim[0], dim[1], dim[2], AE_DATA_MAX_BYTES, &over);
    if (over) {
        gzclose(f);
        return ae_fail("%s: absurd size %u x %u x %u (more than 1 GiB)", path,
                       (unsigned)dim[0], (unsigned)dim[1], (unsigned)dim[2]);
    }
    uint8_t *buf = NULL;
    st = idx_data(f, path, total, &buf);
    if (!st)
        st = idx_end(f, path);
    if (st) {
        free(buf);
        return st;                                       /* f is closed */
    }
    gzclose(f);
    *data = buf;
    *n = dim[0];
    *rows = dim[1];
    *cols = dim[2];
    return AE_OK;
}
