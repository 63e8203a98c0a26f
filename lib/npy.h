/* npy — the NumPy .npy reader (NEP 1), for the LFW faces.
 *
 *   "\x93NUMPY", version 1, 2 or 3, header length (u16 LE for v1, u32 LE for v2/3),
 *   a Python dict {'descr': '<f8', 'fortran_order': False, 'shape': (...)}, the data.
 *
 * Only what the lessons read: little-endian float64, C order, 1 to 3 dims. Failures
 * return AE_EINPUT with a message naming the file and what is wrong: cannot open
 * ("run `make data`"), bad magic, an unsupported descr, order or shape, a size over
 * 1 GiB, truncated.
 */
#ifndef AE_NPY_H
#define AE_NPY_H

#include <stddef.h>

/* A NumPy .npy file holding little-endian float64 ('<f8'), C order, 1 to 3 dims.
 * On success *data holds the values (malloc'd) and shape[0..2] the sizes (1 if absent).
 * On failure *data is NULL. */
int ae_npy_load(const char *path, double **data, size_t shape[3]);

#endif
