/* err — the last input error, and the one-line exit. See err.h. */
#include "err.h"

#include <stdarg.h>

static char last_error[1024];

int ae_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return AE_EINPUT;
}

const char *ae_errmsg(void)
{
    return last_error;
}

void ae_die(const char *prog, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(AE_EINPUT);
}

void ae_check(const char *prog, int status)
{
    if (status != AE_OK)
        ae_die(prog, "%s", last_error);
}
