/* fuzz_response_decoder: the runner's tolerant HTTP response decoder
 * (suites/support/jc_response.c). Input: 2 bytes status (big endian), the
 * header text up to a NUL, the rest is the body. Decodes, then reads members
 * through the JSON accessors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "jc_response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int status = (data[0] << 8) | data[1];
    const uint8_t *p = data + 2, *end = data + size;
    const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
    size_t hlen = nul ? (size_t)(nul - p) : (size_t)(end - p);
    /* Copies so that ASan sees reads past the exact lengths. */
    char *headers = malloc(hlen ? hlen : 1);
    const uint8_t *b = nul ? nul + 1 : end;
    size_t blen = (size_t)(end - b);
    char *body = malloc(blen ? blen : 1);
    if (!headers || !body) goto out;
    if (hlen) memcpy(headers, p, hlen);
    if (blen) memcpy(body, b, blen);

    jc_response *r = NULL;
    if (jc_response_decode(status, hlen ? headers : NULL, hlen, blen ? body : NULL, blen, &r) != 0 || !r) goto out;
    if (r->status >= 300 && !r->error_code) jrf_fail("fuzz_response_decoder", "status %d without error code", r->status);
    if (r->status < 300 && r->error_code) jrf_fail("fuzz_response_decoder", "status %d with error code", r->status);
    if (!r->json && !r->decode_error) jrf_fail("fuzz_response_decoder", "neither json nor decode_error");

    char buf[256];
    (void)jc_header_find(headers, hlen, "x-amzn-ErrorType", buf, sizeof buf);
    (void)jc_header_find(headers, hlen, "content-type", buf, 1);
    static const char *const paths[] = {
        "message", "job.jobId", "job.status", "job.jobProcessDetails.numberOfQueuedThings",
        "execution.versionNumber", "execution.status", "executionSummaries", "nextToken", "jobs",
        "a.b.c.d", "", ".", "..", "job.", ".job", "executionState.statusDetails",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        double d;
        bool bo;
        (void)jc_json_string(r, paths[i]);
        (void)jc_json_number(r, paths[i], &d);
        (void)jc_json_bool(r, paths[i], &bo);
        (void)jc_json_array(r, paths[i]);
        (void)jc_json_object(r, paths[i]);
        (void)jc_json_get(r->json, paths[i]);
    }
    /* Walk list members, as the checks do. */
    const cJSON *arr = jc_json_array(r, "executionSummaries");
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) { (void)jc_json_get(it, "jobExecutionSummary.status"); }
    jc_response_free(r);
out:
    free(headers);
    free(body);
    return 0;
}
