/* fuzz_route: arbitrary method and path through jr_route_match on both
 * planes. Input: method up to the first NUL, the rest is the path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t mlen = nul ? (size_t)(nul - data) : size;
    size_t plen = nul ? size - mlen - 1 : 0;
    char *method = malloc(mlen + 1), *path = malloc(plen + 1);
    if (!method || !path) {
        free(method);
        free(path);
        return 0;
    }
    memcpy(method, data, mlen);
    method[mlen] = '\0';
    if (plen) memcpy(path, nul + 1, plen);
    path[plen] = '\0';

    for (int plane = 0; plane < JR_PLANE_COUNT; plane++) {
        bool known = false;
        jr_op op = jr_route_match((jr_plane)plane, method, path, &known);
        if (op < JR_OP_NONE || op >= JR_OP_COUNT)
            jrf_fail("fuzz_route", "jr_route_match returned op %d out of range", (int)op);
        if (op != JR_OP_NONE) {
            if (jr_op_plane(op) != (jr_plane)plane)
                jrf_fail("fuzz_route", "op %s matched on the wrong plane", jr_op_name(op));
            const jrf_route *r = jrf_route_of(op);
            if (!r || strcmp(r->method, method) != 0)
                jrf_fail("fuzz_route", "op %s matched for method '%s'", jr_op_name(op), method);
            if (!known) jrf_fail("fuzz_route", "op %s matched but method_known is false", jr_op_name(op));
        }
        /* NULL method_known is allowed too. */
        (void)jr_route_match((jr_plane)plane, method, path, NULL);
    }
    free(method);
    free(path);
    return 0;
}
