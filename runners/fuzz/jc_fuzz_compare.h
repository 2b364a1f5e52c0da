/* What `jobsconf fuzz` compares and what it normalizes: one table, tied to
 * the requirement catalogue (docs/fuzzing.md prints it). */
#ifndef JC_FUZZ_COMPARE_H
#define JC_FUZZ_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "jc_fuzz_engine.h"
#include "jobsref/jobsref.h"

#ifdef __cplusplus
extern "C" {
#endif

/* State of the model just before the step, which some rules read. */
typedef struct jc_fz_context {
    jr_op op;
    const jr_request *req;
    bool walk;
    bool job_exists;
    jr_job_status job_status;
    bool exec_exists;            /* the thing has an execution of the job */
    jr_exec_status exec_status;  /* of its latest execution */
    bool version_mismatch;       /* expectedVersion given and not the current one */
    const char *const *dip_jobs; /* jobs the model has DELETION_IN_PROGRESS */
    size_t ndip;
} jc_fz_context;

/* One side's answer: status, error type as a client reads it (NULL on
 * success), the body as JSON (walks: {"items": [...]}), already normalized
 * by jc_fz_normalize. */
typedef struct jc_fz_answer {
    int status;
    const char *type;
    const cJSON *body;
} jc_fz_answer;

/* A normalized deep copy of a response body: volatile members dropped or
 * replaced (see the table in jc_fuzz_compare.c), object members sorted by
 * name, arrays sorted (compared as sets). Sanity problems of the values that
 * are not compared (a timestamp that is not a number, lastUpdatedAt before
 * createdAt, startedAt before queuedAt) go to `sanity` (first one only;
 * sanity may be NULL). clock: the two sides share a clock, so durations
 * (approximateSecondsBeforeTimedOut) are compared exactly. */
cJSON *jc_fz_normalize(const cJSON *body, bool clock, char *sanity, size_t sanity_len);

/* Compares expected (model) and actual (endpoint). Returns SAME, NOTE (a
 * difference a MAY or [R] requirement allows; *drift tells whether the two
 * states may now differ) or DIVERGE, with `why` and the requirement. */
jc_fz_verdict jc_fz_compare(const jc_fz_context *c, const jc_fz_answer *exp, const jc_fz_answer *act,
                            char *why, size_t why_len, const char **req_id, bool *drift);

/* The requirement an operation's successful answer rests on. */
const char *jc_fz_success_requirement(jr_op op);

#ifdef __cplusplus
}
#endif
#endif
