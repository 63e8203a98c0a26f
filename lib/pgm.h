/* pgm — the binary PGM and PPM readers (netpbm), for the photographs (ae_image_load and
 * ae_image_load_rgb in data.h).
 *
 *   "P5" width height maxval (decimal, whitespace and # comments between them),
 *   one whitespace byte, then width * height bytes, row by row;
 *   "P6" the same, then width * height pixels of three bytes (R, G, B), row by row.
 *
 * Only 8 bits per sample (maxval 255). Failures return AE_EINPUT with a message naming
 * the file and what is wrong: cannot open ("run `make data`"), not P5 (P6), a bad header,
 * maxval, a size over 1 GiB, truncated.
 */
#ifndef AE_PGM_H
#define AE_PGM_H

#include <stddef.h>
#include <stdint.h>

/* A binary PGM (P5, maxval 255). On success *pixels holds rows * cols bytes (malloc'd),
 * row-major. On failure *pixels is NULL. */
int ae_pgm_load(const char *path, uint8_t **pixels, size_t *rows, size_t *cols);

/* A binary PPM (P6, maxval 255). On success *pixels holds rows * cols * 3 bytes (malloc'd),
 * row-major, R G B for each pixel. On failure *pixels is NULL. */
int ae_ppm_load(const char *path, uint8_t **pixels, size_t *rows, size_t *cols);

#endif
