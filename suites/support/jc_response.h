/* Response decoder: turns what came over the wire into a jc_response the
 * checks can read. A PURE function (no I/O, no globals): it is fuzzed, and it
 * tolerates anything (HTML pages, empty or truncated bodies, wrong JSON
 * types, invalid UTF-8, NULs, header lines without a colon, huge bodies).
 *
 * The error code is read the way AWS clients read it (spec/wire-facts.md,
 * "How the error type is conveyed"):
 *   1. status >= 500 with an empty body or one starting with "<html>":
 *      code = the status as a string, nothing else read;
 *   2. header x-amzn-ErrorType (case-insensitive name), cut at the first ':';
 *   3. body "code", else "Code" (strings only);
 *   4. body "__type", the text after the last '#';
 *   5. the status as a string.
 * The code is set only for statuses >= 300. */
#ifndef JC_RESPONSE_H
#define JC_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jc_response {
    int status;          /* HTTP status; 0 when no response arrived */
    char *error_code;    /* NULL when status < 300 */
    char *message;       /* body message/Message ("" when absent); for a
                            non-JSON error body, its first bytes (sanitized) */
    cJSON *json;         /* the body when it is a JSON object (an empty body
                            is {}); NULL otherwise */
    char *decode_error;  /* why json is NULL; NULL when json is set */
    char *headers;       /* response header text, NULs replaced by spaces */
    char *body;          /* raw body bytes plus a terminating NUL */
    size_t body_len;
} jc_response;

/* Decodes one response. headers may be NULL; body may be NULL when
 * body_len is 0. Returns 0 and a new response in *out (caller frees with
 * jc_response_free), or -1 only when memory runs out. */
int jc_response_decode(int status, const char *headers, size_t headers_len,
                       const char *body, size_t body_len, jc_response **out);
void jc_response_free(jc_response *resp);

/* The value of header `name` (case-insensitive) copied into buf, trimmed;
 * returns buf, or NULL when absent. Pure; tolerates any header text. */
const char *jc_header_find(const char *headers, size_t headers_len, const char *name,
                           char *buf, size_t buf_len);

/* Member access by dotted path ("job.jobProcessDetails.numberOfQueuedThings").
 * Each returns NULL/false on a NULL response, a missing member or any type
 * mismatch along the path; never crashes. Returned pointers are owned by the
 * response. */
const cJSON *jc_json_get(const cJSON *root, const char *path);
const char *jc_json_string(const jc_response *resp, const char *path);
bool jc_json_number(const jc_response *resp, const char *path, double *out);
bool jc_json_bool(const jc_response *resp, const char *path, bool *out);
const cJSON *jc_json_array(const jc_response *resp, const char *path);
const cJSON *jc_json_object(const jc_response *resp, const char *path);

#ifdef __cplusplus
}
#endif
#endif
