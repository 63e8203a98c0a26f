/* pgm — fuzz the photograph reader: ae_image_load (ae_pgm_load), then shrink the image. */
#include "fuzz.h"   /* first: it defines _GNU_SOURCE */
#include "data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    ae_image im;
    int st = ae_image_load(&im, path);
    fuzz_status(st, path);
    if (st == AE_OK) {
        if (im.rows * im.cols > size)    /* the pixels must have come from the file */
            abort();
        if (im.rows >= 2 && im.cols >= 2)
            ae_image_downsample(&im, 2);
        ae_image_free(&im);
    }
    return 0;
}
