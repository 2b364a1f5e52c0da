/* jrf_fail (fuzz_common.h) on its own: the response-decoder harness links
 * this and the runner's decoder only, not libjobsref. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"

void jrf_fail(const char *harness, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "\n==%s== INVARIANT VIOLATED: ", harness);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    abort();
}
