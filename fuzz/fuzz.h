/* fuzz.h — what the libFuzzer harnesses share (`make fuzz`; fuzz/README.md).
 *
 * The loaders take a path, so each input is written to a memfd and opened by
 * its name /proc/self/fd/N: the fuzzer drives the same code that reads the real
 * files. A loader must return 0 or AE_EINPUT, and a failure's message must name
 * the file; anything else aborts (a finding, like a sanitizer report).
 */
#ifndef AE_FUZZ_H
#define AE_FUZZ_H

#define _GNU_SOURCE   /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "err.h"

/* The input as a file: its path (the same memfd every call, rewritten). */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("aelab-fuzz", 0);
        if (fd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
        perror("fuzz_file");
        abort();
    }
    return path;
}

/* A loader's status: 0, or AE_EINPUT with a message that starts with the path. */
static inline void fuzz_status(int st, const char *path)
{
    if (st == AE_OK)
        return;
    if (st != AE_EINPUT || strncmp(ae_errmsg(), path, strlen(path)) != 0) {
        fprintf(stderr, "fuzz: status %d, message '%s' does not name %s\n", st, ae_errmsg(), path);
        abort();
    }
}

#endif
