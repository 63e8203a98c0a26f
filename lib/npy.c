/* npy — the NumPy .npy reader (NEP 1). See npy.h.
 *
 *   "\x93NUMPY", version, header length (u16 LE for v1, u32 LE for v2/3),
 *   a Python dict literal {'descr','fortran_order','shape'}, raw data.
 */
#include "npy.h"
#include "err.h"
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AE_NPY_MAX_HEADER 65536

/* The value text after 'key': in the header dict, or NULL. */
static const char *npy_field(const char *hdr, const char *key)
{
    char quoted[32];
    snprintf(quoted, sizeof quoted, "'%s'", key);
    const char *p = strstr(hdr, quoted);
    if (!p)
        return NULL;
    p += strlen(quoted);
    while (isspace((unsigned char)*p))
        p++;
    if (*p != ':')
        return NULL;
    p++;
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

/* 'shape': (a, b, c) with 1 to 3 sizes into shape[] (missing ones are 1). */
static int npy_shape(const char *path, const char *hdr, size_t shape[3])
{
    const char *p = npy_field(hdr, "shape");
    if (!p || *p != '(')
        return ae_fail("%s: .npy header has no shape", path);
    p++;
    size_t nd = 0;
    shape[0] = shape[1] = shape[2] = 1;
    for (;;) {
        while (isspace((unsigned char)*p) || *p == ',')
            p++;
        if (*p == ')')
            break;
        if (!isdigit((unsigned char)*p) || nd == 3)
            return ae_fail("%s: unsupported .npy shape (want 1 to 3 sizes)", path);
        errno = 0;
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (errno || v > AE_DATA_MAX_BYTES)
            return ae_fail("%s: absurd .npy shape", path);
        shape[nd++] = (size_t)v;
        p = end;
    }
    if (nd == 0)
        return ae_fail("%s: unsupported .npy shape () (a scalar)", path);
    return AE_OK;
}

/* Check the header dict: '<f8', C order; then the shape. */
static int npy_parse_header(const char *path, const char *hdr, size_t shape[3])
{
    const char *d = npy_field(hdr, "descr");
    if (!d || strncmp(d, "'<f8'", 5) != 0) {
        char got[16] = "?";
        if (d)
            sscanf(d, "%15[^,}]", got);
        return ae_fail("%s: unsupported .npy descr %s (want '<f8', little-endian float64)",
                       path, got);
    }
    const char *fo = npy_field(hdr, "fortran_order");
    if (!fo || strncmp(fo, "False", 5) != 0)
        return ae_fail("%s: .npy in fortran order is not supported (want C order)", path);
    return npy_shape(path, hdr, shape);
}

/* Magic, version and header length; leaves f at the header text. */
static int npy_preamble(FILE *f, const char *path, size_t *hlen)
{
    uint8_t m[12];
    size_t got = fread(m, 1, 10, f);
    if (got < 10)
        return ae_fail("%s: truncated .npy: read %zu of 10 bytes of preamble", path, got);
    if (memcmp(m, "\x93NUMPY", 6) != 0)
        return ae_fail("%s: bad magic (not a .npy file)", path);
    if (m[6] == 1) {
        *hlen = (size_t)m[8] | (size_t)m[9] << 8;
    } else if (m[6] == 2 || m[6] == 3) {
        if (fread(m + 10, 1, 2, f) < 2)
            return ae_fail("%s: truncated .npy preamble", path);
        *hlen = (size_t)m[8] | (size_t)m[9] << 8 | (size_t)m[10] << 16 | (size_t)m[11] << 24;
    } else {
        return ae_fail("%s: unsupported .npy version %u.%u", path, m[6], m[7]);
    }
    if (*hlen > AE_NPY_MAX_HEADER)
        return ae_fail("%s: absurd .npy header length %zu", path, *hlen);
    return AE_OK;
}

/* Read the header text and parse it into shape[]. */
static int npy_header(FILE *f, const char *path, size_t shape[3])
{
    size_t hlen = 0;
    int st = npy_preamble(f, path, &hlen);
    if (st)
        return st;
    char *hdr = malloc(hlen + 1);
    if (!hdr)
        return ae_fail("%s: out of memory", path);
    size_t got = fread(hdr, 1, hlen, f);
    hdr[got] = '\0';
    if (got < hlen)
        st = ae_fail("%s: truncated .npy header: read %zu of %zu bytes", path, got, hlen);
    else
        st = npy_parse_header(path, hdr, shape);
    free(hdr);
    return st;
}

/* Little-endian IEEE double from 8 bytes, whatever the host's byte order. */
static double le_double(const uint8_t *b)
{
    uint64_t u = 0;
    for (int k = 7; k >= 0; k--)
        u = u << 8 | b[k];
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* Read count doubles into data (decoding through a byte buffer). */
static int npy_values(FILE *f, const char *path, double *data, size_t count)
{
    uint8_t buf[8 * 4096];
    size_t done = 0;
    while (done < count) {
        size_t want = count - done < 4096 ? count - done : 4096;
        size_t got = fread(buf, 8, want, f);
        for (size_t i = 0; i < got; i++)
            data[done + i] = le_double(buf + 8 * i);
        done += got;
        if (got < want)
            return ae_fail("%s: truncated .npy data: read %zu of %zu bytes", path,
                           8 * done, 8 * count);
    }
    return AE_OK;
}

int ae_npy_load(const char *path, double **data, size_t shape[3])
{
    *data = NULL;
    FILE *f = fopen_regular(path, AE_HINT_DATA);
    if (!f)
        return AE_EINPUT;
    int st = npy_header(f, path, shape);
    int over = 0;
    size_t count = st ? 0 : checked_product(shape[0], shape[1], shape[2],
                                            AE_DATA_MAX_BYTES / 8, &over);
    if (!st && over)
        st = ae_fail("%s: absurd .npy shape %zu x %zu x %zu (more than 1 GiB)", path,
                     shape[0], shape[1], shape[2]);
    long left = st ? -1 : file_left(f);
    if (left >= 0 && (size_t)left / 8 < count)
        st = ae_fail("%s: truncated .npy data: read %zu of %zu bytes", path,
                     8 * ((size_t)left / 8), 8 * count);
    double *v = st ? NULL : malloc((count ? count : 1) * sizeof *v);
    if (!st && !v)
        st = ae_fail("%s: out of memory for %zu values", path, count);
    if (!st)
        st = npy_values(f, path, v, count);
    fclose(f);
    if (st) {
        free(v);
        return st;
    }
    *data = v;
    return AE_OK;
}
