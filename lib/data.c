/* data — IDX, .npy and PGM readers, the datasets, minibatches. See data.h.
 *
 * Formats:
 *   IDX:  big-endian u32 magic 00 00 08 NDIM, NDIM big-endian u32 sizes, then bytes
 *         (LeCun's MNIST page; FACTS §5.1). Read through zlib, so .gz or plain.
 *   .npy: "\x93NUMPY", version, header length (u16 LE for v1, u32 LE for v2/3),
 *         a Python dict literal {'descr','fortran_order','shape'}, raw data (NEP 1).
 *   PGM:  "P5" width height maxval, one whitespace byte, width*height bytes (netpbm).
 */
#include "data.h"
#include "err.h"
#include "vecmath.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_randist.h>
#include <zlib.h>

#define AE_DATA_MAX_BYTES ((size_t)1 << 30)  /* refuse files claiming more than 1 GiB */
#define AE_IMAGE_SIDE 28                     /* MNIST and Fashion-MNIST are 28 x 28 */
#define AE_DIGIT_CLASSES 10
#define AE_FACES_N 200                       /* lfw_subset.npy: 100 faces, then 100 not */
#define AE_FACES_SIDE 25
#define AE_NPY_MAX_HEADER 65536
#define AE_IDX_CHUNK ((size_t)1 << 20)        /* an IDX file's buffer starts at 1 MiB */

/* ---- helpers ---- */

/* a * b * c, or 0 with *over set when the product exceeds limit */
static size_t checked_product(size_t a, size_t b, size_t c, size_t limit, int *over)
{
    *over = 0;
    if (b && a > limit / b) { *over = 1; return 0; }
    size_t ab = a * b;
    if (c && ab > limit / c) { *over = 1; return 0; }
    return ab * c;
}

/* Bytes from f's position to its end, or -1 when f is not a regular file. Checked
 * before allocating, so that a header claiming more than the file holds costs nothing. */
static long file_left(FILE *f)
{
    struct stat sb;
    long at = ftell(f);
    if (at < 0 || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode))
        return -1;
    return (long)sb.st_size - at;
}

/* A message for a file that cannot be opened: the cause and the cure. */
static int fail_open(const char *path, int err)
{
    return ae_fail("%s: cannot open (%s); run `make data`", path,
                   err ? strerror(err) : "out of memory");
}

/* ---- IDX ---- */

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
static const char *gz_reason(gzFile f, const char *path, int *zerr)
{
    const char *msg = gzerror(f, zerr);
    size_t plen = strlen(path);
    if (strncmp(msg, path, plen) == 0 && strncmp(msg + plen, ": ", 2) == 0)
        msg += plen + 2;                     /* zlib prefixes the path; we already did */
    return msg;
}

/* "read N of M bytes" plus zlib's reason when it has one; closes f. */
static int fail_short(gzFile f, const char *path, const char *what, size_t got, size_t want)
{
    int zerr = Z_OK;
    const char *msg = gz_reason(f, path, &zerr);
    int st = ae_fail("%s: truncated %s: read %zu of %zu bytes%s%s%s", path, what, got, want,
                     zerr != Z_OK ? " (" : "", zerr != Z_OK ? msg : "",
                     zerr != Z_OK ? ")" : "");
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
    const char *why = gz_reason(f, path, &zerr);   /* a cut stream is Z_BUF_ERROR, r = 0 */
    if (r < 0 || zerr != Z_OK) {
        int st = ae_fail("%s: damaged after the data (%s)", path, why);
        gzclose(f);
        return st;
    }
    return AE_OK;
}

int ae_idx_load(const char *path, uint8_t **data, size_t *n, size_t *rows, size_t *cols)
{
    *data = NULL;
    errno = 0;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return fail_open(path, errno);
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

/* ---- .npy ---- */

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
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail_open(path, errno);
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

/* ---- PGM ---- */

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
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail_open(path, errno);
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

/* ---- photographs and patches ---- */

int ae_image_load(ae_image *im, const char *path)
{
    uint8_t *px;
    im->v = NULL;
    int st = ae_pgm_load(path, &px, &im->rows, &im->cols);
    if (st)
        return st;
    im->v = malloc(im->rows * im->cols * sizeof *im->v);
    AE_ASSERT(im->v != NULL);
    for (size_t k = 0; k < im->rows * im->cols; k++)
        im->v[k] = px[k] / 255.0;
    free(px);
    return AE_OK;
}

void ae_image_free(ae_image *im)
{
    if (im) {
        free(im->v);
        im->v = NULL;
    }
}

void ae_image_downsample(ae_image *im, size_t f)
{
    AE_ASSERT(f >= 1 && im->rows >= f && im->cols >= f);
    size_t R = im->rows / f, C = im->cols / f;
    for (size_t i = 0; i < R; i++)       /* in place: (i, j) is written after it is read */
        for (size_t j = 0; j < C; j++) {
            double s = 0.0;
            for (size_t a = 0; a < f; a++)
                for (size_t b = 0; b < f; b++)
                    s += im->v[(i * f + a) * im->cols + j * f + b];
            im->v[i * C + j] = s / (double)(f * f);
        }
    im->rows = R;
    im->cols = C;
}

void ae_patches(ae_dataset *ds, const ae_image *im, size_t p, size_t n, gsl_rng *r)
{
    AE_ASSERT(p >= 1 && p <= im->rows && p <= im->cols);
    size_t across = im->cols / p;
    if (r == NULL)
        n = (im->rows / p) * across;
    *ds = (ae_dataset){.n = n, .dim = p * p, .rows = p, .cols = p, .classes = 1};
    snprintf(ds->name, sizeof ds->name, "patches");
    ds->xr = malloc(n * p * p * sizeof *ds->xr);
    ds->y = calloc(n, 1);
    AE_ASSERT(ds->xr != NULL && ds->y != NULL);
    for (size_t k = 0; k < n; k++) {
        size_t top, left;
        if (r == NULL) {
            top = (k / across) * p;
            left = (k % across) * p;
        } else {
            top = gsl_rng_uniform_int(r, im->rows - p + 1);
            left = gsl_rng_uniform_int(r, im->cols - p + 1);
        }
        for (size_t a = 0; a < p; a++)
            memcpy(ds->xr + k * p * p + a * p, im->v + (top + a) * im->cols + left,
                   p * sizeof *ds->xr);
    }
}

/* ---- datasets ---- */

size_t ae_dataset_first_of(const ae_dataset *ds, uint8_t label)
{
    size_t i = 0;
    while (i < ds->n && ds->y[i] != label)
        i++;
    return i;
}

void ae_dataset_free(ae_dataset *ds)
{
    if (!ds)
        return;
    free(ds->x);
    free(ds->xr);
    free(ds->y);
    ds->x = NULL;
    ds->xr = NULL;
    ds->y = NULL;
    ds->n = 0;
}

/* Image and label files of one split: they must agree and hold 28x28 images, labels < 10. */
static int check_pair(const char *ipath, const char *lpath, size_t n, size_t rows, size_t cols,
                      size_t nl, size_t lrows, size_t lcols, const uint8_t *y)
{
    if (rows != AE_IMAGE_SIDE || cols != AE_IMAGE_SIDE)
        return ae_fail("%s: images are %zux%zu, want %dx%d", ipath, rows, cols,
                       AE_IMAGE_SIDE, AE_IMAGE_SIDE);
    if (lrows != 1 || lcols != 1)
        return ae_fail("%s: not a 1-D label file (%zu x %zu per entry)", lpath, lrows, lcols);
    if (nl != n)
        return ae_fail("%s: %zu labels but %s has %zu images", lpath, nl, ipath, n);
    for (size_t i = 0; i < n; i++)
        if (y[i] >= AE_DIGIT_CLASSES)
            return ae_fail("%s: label %u at index %zu is not below %d", lpath, y[i], i,
                           AE_DIGIT_CLASSES);
    return AE_OK;
}

/* Load images and labels from two IDX files into ds. */
static int load_pair(ae_dataset *ds, const char *ipath, const char *lpath)
{
    size_t n, rows, cols, nl, lrows, lcols;
    int st = ae_idx_load(ipath, &ds->x, &n, &rows, &cols);
    if (!st)
        st = ae_idx_load(lpath, &ds->y, &nl, &lrows, &lcols);
    if (!st)
        st = check_pair(ipath, lpath, n, rows, cols, nl, lrows, lcols, ds->y);
    if (st) {
        ae_dataset_free(ds);
        return st;
    }
    ds->n = n;
    ds->rows = rows;
    ds->cols = cols;
    ds->dim = rows * cols;
    ds->classes = AE_DIGIT_CLASSES;
    return AE_OK;
}

int ae_dataset_load(ae_dataset *ds, const char *name, const char *split, const char *data_dir)
{
    memset(ds, 0, sizeof *ds);
    int train = strcmp(split, "train") == 0;
    if (!train && strcmp(split, "test") != 0)
        return ae_fail("unknown split '%s' (want train or test)", split);
    if (!data_dir)
        data_dir = AE_DATA_DIR;
    char ipath[4096], lpath[4096];
    if (strcmp(name, "fashion") == 0) {
        const char *s = train ? "train" : "t10k";
        snprintf(ipath, sizeof ipath, "%s/%s-images-idx3-ubyte.gz", AE_FASHION_DIR, s);
        snprintf(lpath, sizeof lpath, "%s/%s-labels-idx1-ubyte.gz", AE_FASHION_DIR, s);
    } else if (strcmp(name, "mnist") == 0) {
        snprintf(ipath, sizeof ipath, "%s/mnist-%s-images-idx3-ubyte.gz", data_dir, split);
        snprintf(lpath, sizeof lpath, "%s/mnist-%s-labels-idx1-ubyte.gz", data_dir, split);
    } else {
        return ae_fail("unknown dataset '%s' (want fashion or mnist)", name);
    }
    snprintf(ds->name, sizeof ds->name, "%s", name);
    return load_pair(ds, ipath, lpath);
}

/* v in [0, 1] -> round(255 v), clamped to 0..255 */
static uint8_t to_byte(double v)
{
    long b = lround(v * 255.0);
    return (uint8_t)(b < 0 ? 0 : b > 255 ? 255 : b);
}

/* The 100 faces (first half) or non-faces (second half) of lfw_subset.npy. */
static int faces_fill(ae_dataset *ds, const char *path, const double *v, int faces)
{
    size_t dim = AE_FACES_SIDE * AE_FACES_SIDE, half = AE_FACES_N / 2;
    const double *src = v + (faces ? 0 : half * dim);
    for (size_t i = 0; i < half * dim; i++)
        if (!(src[i] >= 0.0 && src[i] <= 1.0))
            return ae_fail("%s: value %g at index %zu is not in [0, 1]", path, src[i], i);
    ds->x = malloc(half * dim);
    ds->y = malloc(half);
    if (!ds->x || !ds->y)
        return ae_fail("%s: out of memory", path);
    for (size_t i = 0; i < half * dim; i++)
        ds->x[i] = to_byte(src[i]);
    memset(ds->y, faces ? 1 : 0, half);
    ds->n = half;
    return AE_OK;
}

int ae_faces_load(ae_dataset *ds, const char *data_dir, int faces)
{
    memset(ds, 0, sizeof *ds);
    char path[4096];
    snprintf(path, sizeof path, "%s/lfw_subset.npy", data_dir ? data_dir : AE_DATA_DIR);
    double *v;
    size_t shape[3];
    int st = ae_npy_load(path, &v, shape);
    if (st)
        return st;
    if (shape[0] != AE_FACES_N || shape[1] != AE_FACES_SIDE || shape[2] != AE_FACES_SIDE)
        st = ae_fail("%s: shape %zu x %zu x %zu, want %d x %d x %d", path, shape[0], shape[1],
                     shape[2], AE_FACES_N, AE_FACES_SIDE, AE_FACES_SIDE);
    else
        st = faces_fill(ds, path, v, faces);
    free(v);
    if (st) {
        ae_dataset_free(ds);
        return st;
    }
    snprintf(ds->name, sizeof ds->name, "faces");
    ds->rows = ds->cols = AE_FACES_SIDE;
    ds->dim = AE_FACES_SIDE * AE_FACES_SIDE;
    ds->classes = 2;
    return AE_OK;
}

/* CS231n's spirals: arm k, point i: r = i/n, theta = 4 (k + r) + N(0, noise^2). */
void ae_spirals(ae_dataset *ds, size_t n_per_class, size_t classes, double noise, gsl_rng *r)
{
    memset(ds, 0, sizeof *ds);
    size_t n = n_per_class * classes;
    AE_ASSERT(classes >= 1 && classes <= 256 && n_per_class >= 1);
    ds->xr = malloc(2 * n * sizeof *ds->xr);
    ds->y = malloc(n);
    AE_ASSERT(ds->xr && ds->y);                          /* out of memory */
    for (size_t k = 0; k < classes; k++)
        for (size_t i = 0; i < n_per_class; i++) {
            size_t j = k * n_per_class + i;
            double rad = (double)i / (double)n_per_class;
            double theta = 4.0 * ((double)k + rad) + gsl_ran_gaussian_ziggurat(r, noise);
            ds->xr[2 * j] = rad * sin(theta);
            ds->xr[2 * j + 1] = rad * cos(theta);
            ds->y[j] = (uint8_t)k;
        }
    snprintf(ds->name, sizeof ds->name, "spirals");
    ds->n = n;
    ds->dim = ds->rows = 2;
    ds->cols = 1;
    ds->classes = classes;
}

/* realloc to a smaller size: the same block or a copy, never NULL for n > 0 */
static void *shrink(void *p, size_t bytes)
{
    if (p == NULL || bytes == 0)
        return p;
    void *q = realloc(p, bytes);
    return q ? q : p;   /* a failed shrink keeps the larger block */
}

void ae_dataset_truncate(ae_dataset *ds, size_t n)
{
    AE_ASSERT(n <= ds->n);
    ds->n = n;
}

void ae_dataset_shrink(ae_dataset *ds, size_t n)
{
    AE_ASSERT(n >= 1 && n <= ds->n);
    ds->x = shrink(ds->x, n * ds->dim * sizeof *ds->x);
    ds->xr = shrink(ds->xr, n * ds->dim * sizeof *ds->xr);
    ds->y = shrink(ds->y, n * sizeof *ds->y);
    ds->n = n;
}

const char *ae_class_name(const ae_dataset *ds, size_t label)
{
    static const char *fashion[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
    static const char *digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    static const char *faces[] = {"non-face", "face"};
    static const char *arms[] = {"arm 0", "arm 1", "arm 2", "arm 3", "arm 4",
                                 "arm 5", "arm 6", "arm 7", "arm 8", "arm 9"};
    AE_ASSERT(label < ds->classes);
    if (strcmp(ds->name, "fashion") == 0 && label < 10)
        return fashion[label];
    if (strcmp(ds->name, "faces") == 0 && label < 2)
        return faces[label];
    if (strcmp(ds->name, "spirals") == 0 && label < 10)
        return arms[label];
    return label < 10 ? digits[label] : "?";
}

/* ---- batches ---- */

ae_batcher *ae_batcher_alloc(size_t n, size_t batch)
{
    AE_ASSERT(batch >= 1);
    ae_batcher *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    b->order = malloc((n ? n : 1) * sizeof *b->order);
    if (!b->order) {
        free(b);
        return NULL;
    }
    b->n = n;
    b->batch = batch;
    ae_batcher_epoch(b, NULL);
    return b;
}

void ae_batcher_free(ae_batcher *b)
{
    if (!b)
        return;
    free(b->order);
    free(b);
}

/* From 0..n-1 each epoch, so an epoch's order depends only on the state of r. */
void ae_batcher_epoch(ae_batcher *b, gsl_rng *r)
{
    for (size_t i = 0; i < b->n; i++)
        b->order[i] = i;
    if (r && b->n > 1)
        gsl_ran_shuffle(r, b->order, b->n, sizeof *b->order);
    b->next = 0;
}

size_t ae_batcher_next(ae_batcher *b, const size_t **idx)
{
    size_t count = b->n - b->next < b->batch ? b->n - b->next : b->batch;
    *idx = b->order + b->next;
    b->next += count;
    return count;
}

/* row = pixels / 255 */
AE_VECTORISE
static void scale_pixels(double *restrict row, const uint8_t *restrict src, size_t n)
{
    for (size_t j = 0; j < n; j++)
        row[j] = src[j] / 255.0;
}

/* Row i of X = example k scaled to [0, 1] (or its real values). */
static void fill_row(gsl_matrix *X, size_t i, const ae_dataset *ds, size_t k)
{
    double *row = X->data + i * X->tda;
    if (ds->x) {
        scale_pixels(row, ds->x + k * ds->dim, ds->dim);
    } else {
        memcpy(row, ds->xr + k * ds->dim, ds->dim * sizeof *row);
    }
}

void ae_batch_fill(gsl_matrix *X, uint8_t *y, const ae_dataset *ds, const size_t *idx,
                   size_t count)
{
    AE_ASSERT(X->size1 >= count && X->size2 == ds->dim);
    AE_ASSERT(ds->x || ds->xr);
    for (size_t i = 0; i < count; i++) {
        AE_ASSERT(idx[i] < ds->n);
        fill_row(X, i, ds, idx[i]);
        if (y && ds->y)
            y[i] = ds->y[idx[i]];
    }
}

void ae_batch_range(gsl_matrix *X, uint8_t *y, const ae_dataset *ds, size_t first,
                    size_t count)
{
    AE_ASSERT(X->size1 >= count && X->size2 == ds->dim);
    AE_ASSERT(ds->x || ds->xr);
    AE_ASSERT(first <= ds->n && count <= ds->n - first);
    for (size_t i = 0; i < count; i++) {
        fill_row(X, i, ds, first + i);
        if (y && ds->y)
            y[i] = ds->y[first + i];
    }
}

/* ---- corruption noise (lesson 04, denoising; Vincent et al. 2008) ---- */

const char *ae_noise_name(ae_noise kind)
{
    switch (kind) {
    case AE_NOISE_GAUSSIAN: return "gaussian";
    case AE_NOISE_MASK: return "mask";
    case AE_NOISE_SALT_PEPPER: return "saltpepper";
    }
    return "?";
}

static void copy_if_needed(gsl_matrix *Xc, const gsl_matrix *X)
{
    AE_ASSERT(Xc->size1 == X->size1 && Xc->size2 == X->size2);
    if (Xc != X)
        gsl_matrix_memcpy(Xc, X);
}

void ae_corrupt_gaussian(gsl_matrix *Xc, const gsl_matrix *X, double sigma, gsl_rng *r)
{
    copy_if_needed(Xc, X);
    for (size_t b = 0; b < Xc->size1; b++) {
        double *x = Xc->data + b * Xc->tda;
        for (size_t i = 0; i < Xc->size2; i++) {
            double v = x[i] + gsl_ran_gaussian_ziggurat(r, sigma);   /* x + N(0, sigma^2) */
            x[i] = v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;                 /* clipped to [0, 1] */
        }
    }
}

/* Selection sampling (Knuth, TAOCP 3.4.2, algorithm S): visit the D components in
 * order and take each with probability (still needed) / (still left), so exactly
 * m of them are taken and every m-subset is equally likely. salt < 0: set to 0;
 * otherwise a fair coin picks 0 or 1. */
static void corrupt_chosen(gsl_matrix *Xc, double nu, int salt, gsl_rng *r)
{
    AE_ASSERT(nu >= 0.0 && nu <= 1.0);
    const size_t D = Xc->size2, m = (size_t)lround(nu * (double)D);
    for (size_t b = 0; b < Xc->size1; b++) {
        double *x = Xc->data + b * Xc->tda;
        size_t need = m;
        for (size_t i = 0; i < D && need > 0; i++)
            if ((double)(D - i) * gsl_rng_uniform(r) < (double)need) {
                x[i] = salt ? (double)gsl_rng_uniform_int(r, 2) : 0.0;
                need--;
            }
    }
}

void ae_corrupt_mask(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r)
{
    copy_if_needed(Xc, X);
    corrupt_chosen(Xc, nu, 0, r);
}

void ae_corrupt_salt_pepper(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r)
{
    copy_if_needed(Xc, X);
    corrupt_chosen(Xc, nu, 1, r);
}

void ae_corrupt(gsl_matrix *Xc, const gsl_matrix *X, ae_noise kind, double level, gsl_rng *r)
{
    switch (kind) {
    case AE_NOISE_GAUSSIAN: ae_corrupt_gaussian(Xc, X, level, r); return;
    case AE_NOISE_MASK: ae_corrupt_mask(Xc, X, level, r); return;
    case AE_NOISE_SALT_PEPPER: ae_corrupt_salt_pepper(Xc, X, level, r); return;
    }
    AE_ASSERT(!"unknown noise kind");
}

void ae_corrupt_block(gsl_matrix *Xc, const gsl_matrix *X, size_t rows, size_t cols,
                      size_t side, gsl_rng *r)
{
    AE_ASSERT(rows * cols == X->size2 && side >= 1 && side <= rows && side <= cols);
    copy_if_needed(Xc, X);
    for (size_t b = 0; b < Xc->size1; b++) {
        double *x = Xc->data + b * Xc->tda;
        size_t top = gsl_rng_uniform_int(r, rows - side + 1);
        size_t left = gsl_rng_uniform_int(r, cols - side + 1);
        for (size_t a = 0; a < side; a++)
            for (size_t c = 0; c < side; c++)
                x[(top + a) * cols + left + c] = 0.0;
    }
}
