/* Shared glue of the libjobsref fuzz harnesses: the route templates of every
 * operation (to build raw HTTP inputs from fuzzer bytes), the input framing
 * of the request decoder and round-trip harnesses, and small helpers.
 *
 * Framing of fuzz_request_decoder and fuzz_roundtrip inputs:
 *   byte 0   operation selector: op = 1 + byte0 % (JR_OP_COUNT - 1)
 *   byte 1   flags: bits 0..3 = the decoder faults no-document-limit,
 *            no-jobid-validation, no-max-results-check,
 *            no-config-range-check; bits 5, 6 and 7 all set = also run jr_service_handle on a
 *            small machine (decoder harness only)
 *   then NUL-separated fields: one per label of the route template (0..3,
 *   inserted verbatim into the path), the raw query, and the rest of the
 *   input (NULs included) is the body.
 * A missing field is empty. */
#ifndef JR_FUZZ_COMMON_H
#define JR_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "jobsref/jobsref.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JRF_MAX_LABELS 3

typedef struct jrf_route {
    jr_op op;
    jr_plane plane;
    const char *method;
    const char *tmpl; /* "/things/{thingName}/jobs/{jobId}" */
} jrf_route;

/* The route of op (from the operation table, jr_op_info_get), or NULL for
 * JR_OP_NONE / out of range. */
const jrf_route *jrf_route_of(jr_op op);
/* Number of {label} placeholders in the template. */
size_t jrf_label_count(const jrf_route *r);

/* A decoded framed input. All strings are heap memory owned by the struct
 * (free with jrf_input_free); body is NUL-terminated for convenience but
 * body_len counts only the input's bytes. */
typedef struct jrf_input {
    jr_op op;
    unsigned flags;
    char *method; /* static, from the route table; not freed */
    char *path;
    char *query;
    uint8_t *body;
    size_t body_len;
    jr_http_input http;
} jrf_input;

/* Parses the framing above. Returns 0, or -1 when the input is empty or
 * memory runs out (nothing to free then). */
int jrf_input_parse(const uint8_t *data, size_t size, jrf_input *out);
void jrf_input_free(jrf_input *in);

/* Fault set of the four decoder faults from the low bits of flags. */
jr_fault_set jrf_decoder_faults(unsigned flags);

/* Builds a framed input (for the corpus generator): op, flags, labels
 * (n of them), query and body. Returns a heap buffer (caller frees) and its
 * length in *len, or NULL on allocation failure. */
uint8_t *jrf_frame(jr_op op, unsigned flags, const char *const *labels, size_t n, const char *query,
                   const char *body, size_t body_len, size_t *len);

/* Prints a message and the input's hex prefix to stderr, then abort(): the
 * crash signal of the harnesses when an invariant breaks. */
_Noreturn void jrf_fail(const char *harness, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Step opcodes of fuzz_state_machine (opcode byte % JRF_SM_COUNT); the
 * parameter bytes of each are documented in fuzz_state_machine.c. Shared
 * with the corpus generator. */
enum jrf_sm_op {
    JRF_SM_CREATE_THING,
    JRF_SM_DELETE_THING,
    JRF_SM_CREATE_GROUP,
    JRF_SM_DELETE_GROUP,
    JRF_SM_ADD_TO_GROUP,
    JRF_SM_REMOVE_FROM_GROUP,
    JRF_SM_CREATE_JOB,
    JRF_SM_DESCRIBE_JOB,
    JRF_SM_ASSOCIATE,
    JRF_SM_CANCEL_JOB,
    JRF_SM_DELETE_JOB,
    JRF_SM_UPDATE_JOB,
    JRF_SM_UPDATE_EXECUTION,
    JRF_SM_START_NEXT,
    JRF_SM_CANCEL_EXECUTION,
    JRF_SM_DELETE_EXECUTION,
    JRF_SM_DESCRIBE_EXECUTION,
    JRF_SM_DATA_DESCRIBE_EXECUTION,
    JRF_SM_GET_PENDING,
    JRF_SM_LIST_JOBS,
    JRF_SM_LIST_FOR_THING,
    JRF_SM_LIST_THINGS_IN_GROUP,
    JRF_SM_ADVANCE,
    JRF_SM_GET_DOCUMENT,
    JRF_SM_DESCRIBE_THING,
    JRF_SM_DESCRIBE_GROUP,
    JRF_SM_LIMITS, /* a request just past a documented limit (jrf_grammar.c) */
    JRF_SM_COUNT
};

#ifdef __cplusplus
}
#endif
#endif
