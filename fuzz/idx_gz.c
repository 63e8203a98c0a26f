/* idx_gz — fuzz ae_idx_load through gzip: the input is the IDX content; the harness
 * gzips it (level from the first byte) and drops the last k bytes of the stream
 * (k from the second byte), so the mutations reach the IDX parser behind zlib and
 * the truncated-stream paths. */
#include "fuzz.h"   /* first: it defines _GNU_SOURCE */
#include <zlib.h>

#include "idx.h"

/* gzip of in[0..n) into a malloc'd buffer (*out_len bytes). */
static uint8_t *gzip(const uint8_t *in, size_t n, int level, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    size_t cap = deflateBound(&z, (uLong)n);
    uint8_t *out = malloc(cap);
    if (!out)
        abort();
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        abort();
    *out_len = z.total_out;
    deflateEnd(&z);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int level = data[0] % 10;
    size_t drop = data[1] & 0x80 ? data[1] & 0x7f : 0;
    size_t len;
    uint8_t *gz = gzip(data + 2, size - 2, level, &len);
    const char *path = fuzz_file(gz, len > drop ? len - drop : 0);
    free(gz);
    uint8_t *x;
    size_t n, rows, cols;
    int st = ae_idx_load(path, &x, &n, &rows, &cols);
    fuzz_status(st, path);
    if (st == AE_OK) {
        if (drop)                        /* a truncated gzip stream must be refused */
            abort();
        free(x);
    }
    return 0;
}
