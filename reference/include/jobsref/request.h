/* The typed request: what the decoder produces from HTTP bytes and what the
 * state machine consumes. One flat struct serves every operation; a member
 * that the operation does not have stays zero / NULL.
 *
 * Ownership: every pointer inside a jr_request is heap memory owned by the
 * request; jr_request_free() releases it all. Strings are NUL-terminated
 * UTF-8; NULL means "absent" and "" means "present and empty" (which most
 * patterns then reject). */
#ifndef JOBSREF_REQUEST_H
#define JOBSREF_REQUEST_H

#include "jobsref/error.h"
#include "jobsref/faults.h"
#include "jobsref/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Wire limits from the service model and the documentation. */
#define JR_JOB_ID_MAX 64
#define JR_THING_NAME_MAX 128
#define JR_THING_GROUP_NAME_MAX 128
#define JR_TARGET_ARN_MAX 2048
#define JR_DOCUMENT_MAX 32768
#define JR_DOCUMENT_SOURCE_MAX 1350
#define JR_DESCRIPTION_MAX 2028
#define JR_COMMENT_MAX 2028
#define JR_REASON_CODE_MAX 128
#define JR_JOB_TEMPLATE_ARN_MAX 1600
#define JR_MAX_RESULTS_MIN 1
#define JR_MAX_RESULTS_MAX 250
#define JR_DETAILS_KEY_MAX 128
#define JR_DATA_DETAILS_VALUE_MAX 1024 /* data plane only; control plane has no max */
#define JR_STATUS_DETAILS_MAX_ENTRIES 10
#define JR_MAX_TARGETS_PER_JOB 100
#define JR_MAX_CONCURRENT_DELETIONS 10
#define JR_GROUP_DEPTH_MAX 7 /* levels of a thing group hierarchy, the top one included */
#define JR_TIMEOUT_MINUTES_MIN 1
#define JR_TIMEOUT_MINUTES_MAX 10080
#define JR_ROLE_ARN_MIN 20
#define JR_ROLE_ARN_MAX 2048
#define JR_EXPIRES_IN_SEC_MIN 60
#define JR_EXPIRES_IN_SEC_MAX 3600
#define JR_BASE_RATE_MIN 1
#define JR_BASE_RATE_MAX 1000
#define JR_RETRY_CRITERIA_MAX 2
#define JR_NUMBER_OF_RETRIES_MAX 10
#define JR_PARAMETER_KEY_MAX 128
#define JR_PARAMETER_VALUE_MAX 512

typedef struct jr_opt_bool {
    bool present;
    bool value;
} jr_opt_bool;

typedef struct jr_opt_i64 {
    bool present;
    int64_t value;
} jr_opt_i64;

typedef struct jr_str_list {
    char **items;
    size_t count;
} jr_str_list;

typedef struct jr_kv {
    char *key;
    char *value;
} jr_kv;

/* A JSON object of string values, in the order the request gave them. */
typedef struct jr_kv_list {
    bool present; /* the member was sent (possibly as {}) */
    jr_kv *items;
    size_t count;
} jr_kv_list;

typedef struct jr_presigned_url_config {
    bool present;
    char *role_arn;
    jr_opt_i64 expires_in_sec;
} jr_presigned_url_config;

typedef struct jr_rollout_config {
    bool present;
    jr_opt_i64 maximum_per_minute;
    bool has_exponential_rate;
    int64_t base_rate_per_minute;
    double increment_factor;
    jr_opt_i64 number_of_notified_things;
    jr_opt_i64 number_of_succeeded_things;
} jr_rollout_config;

typedef struct jr_abort_criteria {
    jr_failure_type failure_type;
    jr_abort_action action;
    double threshold_percentage;
    int64_t min_number_of_executed_things;
} jr_abort_criteria;

typedef struct jr_abort_config {
    bool present;
    jr_abort_criteria *criteria;
    size_t count;
} jr_abort_config;

typedef struct jr_timeout_config {
    bool present;
    jr_opt_i64 in_progress_timeout_minutes;
} jr_timeout_config;

typedef struct jr_retry_criteria {
    jr_retry_failure_type failure_type;
    int64_t number_of_retries;
} jr_retry_criteria;

typedef struct jr_retry_config {
    bool present;
    jr_retry_criteria *criteria;
    size_t count;
} jr_retry_config;

typedef struct jr_scheduling_config {
    bool present;
    char *start_time;
    char *end_time;
    bool has_end_behavior;
    jr_end_behavior end_behavior;
} jr_scheduling_config;

typedef struct jr_request {
    jr_op op;
    jr_plane plane;

    /* identifiers: URI labels (percent-decoded) or body members */
    char *job_id;
    char *thing_name;
    char *thing_group_name;
    char *thing_arn;       /* AddThingToThingGroup / RemoveThingFromThingGroup */
    char *thing_group_arn; /* AddThingToThingGroup / RemoveThingFromThingGroup */
    char *namespace_id;
    jr_opt_i64 execution_number;

    /* CreateJob, UpdateJob, AssociateTargetsWithJob, CancelJob */
    jr_str_list targets;
    char *document;
    char *document_source;
    char *description;
    char *comment;
    char *reason_code;
    char *job_template_arn;
    bool has_target_selection; /* CreateJob member, or ListJobs filter */
    jr_target_selection target_selection;
    jr_presigned_url_config presigned_url_config;
    jr_rollout_config rollout_config;
    jr_abort_config abort_config;
    jr_timeout_config timeout_config;
    jr_retry_config retry_config;
    jr_scheduling_config scheduling_config;
    jr_kv_list document_parameters;
    jr_kv_list tags; /* key = Key, value = Value (NULL when omitted) */
    jr_opt_bool force; /* query ?force= (or the body, seed erratum) */

    /* listing */
    bool has_job_status; /* ListJobs ?status= */
    jr_job_status job_status;
    bool has_exec_status; /* list ?status= filter, or UpdateJobExecution status */
    jr_exec_status exec_status;
    char *thing_group_id; /* ListJobs filter */
    jr_opt_i64 max_results;
    char *next_token;
    jr_opt_bool recursive; /* ListThingsInThingGroup */

    /* executions */
    jr_opt_i64 expected_version;
    jr_kv_list status_details;
    jr_opt_i64 step_timeout_minutes;
    jr_opt_bool include_job_document;
    jr_opt_bool include_job_execution_state;

    /* registry */
    char *parent_group_name;
    char *group_properties; /* CreateThingGroup thingGroupProperties as JSON text; NULL when absent */
    char *thing_type_name;
    jr_kv_list attributes; /* CreateThing attributePayload.attributes */
    jr_opt_bool override_dynamic_groups;
} jr_request;

/* Raw HTTP input, exactly as received. `path` is the request target's path
 * with its percent-encoding intact ("/things/t1/jobs/%24next"); `query` is
 * the raw query string without '?' (NULL or "" when absent). `body` may be
 * NULL when body_len is 0; it need not be NUL-terminated. */
typedef struct jr_http_input {
    jr_plane plane;
    const char *method;
    const char *path;
    const char *query;
    const uint8_t *body;
    size_t body_len;
} jr_http_input;

/* Route matching only: which operation (method, path) names on this plane.
 * JR_OP_NONE when nothing matches; *method_known tells whether the path
 * exists with another method (so callers can tell 404 from 405). */
jr_op jr_route_match(jr_plane plane, const char *method, const char *path, bool *method_known);

/* Decodes and validates a request against every constraint of
 * spec/wire-facts.md. On success fills *out (caller frees with
 * jr_request_free) and returns JR_OK. On failure returns JR_FAIL, fills *err
 * with a typed error naming the offending field, and leaves *out zeroed
 * (nothing to free). `faults` switches off the decoder rules named in
 * faults.h. Never aborts, whatever the input. */
jr_status jr_decode_request(const jr_http_input *in, jr_fault_set faults, jr_request *out, jr_error *err);

/* Frees everything the request owns and zeroes it. Safe on a zeroed request. */
void jr_request_free(jr_request *req);

/* Deep equality of two typed requests (used by the round-trip fuzzer). */
bool jr_request_equal(const jr_request *a, const jr_request *b);

/* A request rendered back to HTTP form. All strings heap-owned; free with
 * jr_encoded_request_free. */
typedef struct jr_encoded_request {
    jr_plane plane;
    char *method;
    char *path;  /* percent-encoded labels */
    char *query; /* "" when none */
    char *body;  /* NULL when the operation has no body members */
    size_t body_len;
} jr_encoded_request;

/* Encodes a typed request the way botocore's rest-json serializer would.
 * JR_FAIL (with *err) only on allocation failure or an op of JR_OP_NONE. */
jr_status jr_encode_request(const jr_request *req, jr_encoded_request *out, jr_error *err);
void jr_encoded_request_free(jr_encoded_request *enc);

#ifdef __cplusplus
}
#endif
#endif
