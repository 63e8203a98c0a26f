/* idx — fuzz ae_idx_load on raw file bytes (plain IDX, or gzip as the bytes are). */
#include "fuzz.h"   /* first: it defines _GNU_SOURCE */
#include "idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    uint8_t *x;
    size_t n, rows, cols;
    int st = ae_idx_load(path, &x, &n, &rows, &cols);
    fuzz_status(st, path);
    if (st == AE_OK) {
        volatile uint8_t sink = 0;   /* touch every byte: the claimed size must be real */
        for (size_t i = 0; i < n * rows * cols; i++)
            sink ^= x[i];
        free(x);
        return 0;
    }
    if (x != NULL)
        abort();
    return 0;
}
