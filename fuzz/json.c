/* json — fuzz the MNIST JSON converter's parser (tools/json2idx.c, read_digit). */
#include "fuzz.h"   /* first: it defines _GNU_SOURCE */
#define JSON2IDX_NO_MAIN
#include "../tools/json2idx.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    FILE *f = fopen(path, "r");
    if (!f)
        abort();
    digit_set set;
    int st = read_digit(f, path, &set);
    fclose(f);
    if (st == 0) {
        if (set.n == 0 || set.px == NULL)
            abort();
        free(set.px);
    } else if (st != 2 || set.px != NULL || strncmp(json_why, path, strlen(path)) != 0) {
        abort();
    }
    return 0;
}
