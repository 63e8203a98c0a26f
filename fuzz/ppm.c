/* ppm — fuzz the colour photograph reader: ae_image_load_rgb (ae_ppm_load), then shrink it. */
#include "fuzz.h"   /* first: it defines _GNU_SOURCE */
#include "data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    ae_image rgb[3];
    int st = ae_image_load_rgb(rgb, path);
    fuzz_status(st, path);
    if (st == AE_OK) {
        if (3 * rgb[0].rows * rgb[0].cols > size)   /* the pixels must have come from the file */
            abort();
        for (size_t ch = 1; ch < 3; ch++)              /* three planes of one size */
            if (rgb[ch].rows != rgb[0].rows || rgb[ch].cols != rgb[0].cols)
                abort();
        for (size_t ch = 0; ch < 3; ch++) {
            if (rgb[ch].rows >= 2 && rgb[ch].cols >= 2)
                ae_image_downsample(&rgb[ch], 2);
            ae_image_free(&rgb[ch]);
        }
    } else if (rgb[0].v || rgb[1].v || rgb[2].v) {   /* a refusal leaves nothing allocated */
        abort();
    }
    return 0;
}
