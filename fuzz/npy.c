/* npy — fuzz ae_npy_load. */
#include "fuzz.h"   /* first: it defines _GNU_SOURCE */
#include "npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    double *v;
    size_t shape[3];
    int st = ae_npy_load(path, &v, shape);
    fuzz_status(st, path);
    if (st == AE_OK) {
        size_t count = shape[0] * shape[1] * shape[2];
        if (8 * count > size)            /* the values must have come from the file */
            abort();
        volatile double sink = 0.0;   /* touch every value */
        for (size_t i = 0; i < count; i++)
            sink += v[i];
        free(v);
        return 0;
    }
    if (v != NULL)
        abort();
    return 0;
}
