/* err — how libae reports bad input.
 *
 * Library functions that can fail on input (files, arguments, data) return an
 * int status: 0 on success, AE_EINPUT (2) on bad input. Before returning they
 * record one line saying what went wrong, naming the file or flag, which the
 * program prints with ae_die(). Internal invariants (shape mismatches between
 * parts of the library) use AE_ASSERT, which names file and line and aborts.
 * Running out of memory aborts too: every matrix and vector comes from GSL's
 * allocators, which report a failure through GSL's default error handler (it
 * prints the reason and calls abort(); libae never installs another with
 * gsl_set_error_handler), and libae checks most of its own malloc calls with
 * AE_ASSERT (the file parsers return "out of memory" as AE_EINPUT instead, and
 * ae_batcher_alloc returns NULL).
 */
#ifndef AE_ERR_H
#define AE_ERR_H

#include <stdio.h>
#include <stdlib.h>

enum { AE_OK = 0, AE_EINPUT = 2 };

/* Record a message (printf-style) as the last error; returns AE_EINPUT. */
int ae_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The last recorded message ("" if none). */
const char *ae_errmsg(void);

/* Print "PROG: MESSAGE" (one line, stderr) and exit with status 2. */
void ae_die(const char *prog, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Print "PROG: <last error>" and exit 2 when status is non-zero. */
void ae_check(const char *prog, int status);

/* A broken invariant inside the library: a bug, not bad input. */
#define AE_ASSERT(cond)                                                       \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: internal error: %s\n", __FILE__, __LINE__, \
                    #cond);                                                   \
            abort();                                                          \
        }                                                                     \
    } while (0)

#endif
