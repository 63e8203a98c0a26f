/* idx — the IDX file reader (LeCun's MNIST format), plain or gzip: the file is read
 * through zlib, which passes a plain file through and checks a gzip file's CRC.
 *
 *   big-endian u32 magic 00 00 08 NDIM (NDIM = 1..3), NDIM big-endian u32 sizes, then
 *   n * rows * cols unsigned bytes; bytes past those are read (for the CRC) and ignored.
 *
 * Failures return AE_EINPUT with a message naming the file and what is wrong: cannot
 * open ("run `make data`"), bad magic, a size over 1 GiB, truncated, damaged gzip.
 */
#ifndef AE_IDX_H
#define AE_IDX_H

#include <stddef.h>
#include <stdint.h>

/* An IDX file (gzip or plain): big-endian header 00 00 08 NDIM, NDIM uint32 sizes, bytes.
 * On success *data holds n * rows * cols bytes (malloc'd); rows = cols = 1 for 1-D files.
 * On failure *data is NULL. */
int ae_idx_load(const char *path, uint8_t **data, size_t *n, size_t *rows, size_t *cols);

#endif
