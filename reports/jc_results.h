/* Result records of one conformance run: what the runner produces and the
 * only thing the report writers read. results.json is a direct rendering of
 * this structure, so `jobsconf report --from results.json` rebuilds it and
 * can regenerate every other format.
 *
 * Ownership: a jc_run owns every string and array reachable from it (all heap
 * memory); jc_run_free releases everything. */
#ifndef JC_RESULTS_H
#define JC_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JC_RESULTS_SCHEMA_VERSION 1

typedef enum jc_status {
    JC_PASS = 0,
    JC_FAIL,
    JC_SKIP,     /* the endpoint lacks an optional capability */
    JC_DISABLED, /* turned off by configuration */
    JC_ERROR,    /* transport failure, 5xx, undecodable response, harness broke */
    JC_STATUS_COUNT
} jc_status;

/* "PASS", "FAIL", "SKIP", "DISABLED", "ERROR". */
const char *jc_status_name(jc_status s);
bool jc_status_parse(const char *s, jc_status *out);

typedef enum jc_level { JC_MUST = 0, JC_SHOULD, JC_MAY, JC_LEVEL_COUNT } jc_level;

const char *jc_level_name(jc_level l);
bool jc_level_parse(const char *s, jc_level *out);

/* One HTTP request/response pair, already redacted (Authorization and
 * X-Amz-Security-Token values replaced by "REDACTED"). Bodies are raw bytes
 * and may be invalid UTF-8 or contain NULs; writers must escape them. */
typedef struct jc_exchange {
    char *method;
    char *url;
    char *request_headers; /* "Name: value\n" lines */
    char *request_body;
    size_t request_body_len;
    int status;            /* 0 when no response arrived */
    char *response_headers;
    char *response_body;
    size_t response_body_len;
    double duration_ms;
    char *transport_error; /* NULL unless the request failed below HTTP */
} jc_exchange;

typedef struct jc_scenario_result {
    char *id;    /* "createjob.duplicate-id" */
    char *suite; /* API area: "CreateJob", "DeleteJob", "DataPlane", ... */
    char *title; /* one line */
    char **requirement_ids;
    size_t requirement_count;
    jc_status status;       /* verdict after the baseline was applied */
    jc_status raw_status;   /* verdict before the baseline */
    bool expected_failure;  /* listed in the baseline */
    bool unexpected_pass;   /* listed in the baseline, but passed: a failure */
    char *baseline_reason;  /* NULL unless listed */
    double duration_ms;
    char *message;          /* why it failed/erred/skipped; NULL on PASS */
    jc_exchange *transcript;
    size_t exchange_count;
} jc_scenario_result;

typedef struct jc_requirement_result {
    char *id;        /* "CJ-001" */
    jc_level level;
    char *source;    /* seed anchor ("jobs-CreateJob"), "model" or "guide" */
    char *statement; /* one sentence */
    bool erratum;            /* the seed's wording differs from the model */
    bool reference_decision; /* an [R] choice: never held as MUST */
    bool covered;            /* at least one scenario names it */
    jc_status status;        /* worst of its scenarios; SKIP when none ran */
    char **scenario_ids;
    size_t scenario_count;
} jc_requirement_result;

typedef struct jc_kv {
    char *key;
    char *value;
} jc_kv;

typedef struct jc_run {
    int schema_version;    /* JC_RESULTS_SCHEMA_VERSION */
    char *tool_name;       /* "jobsconf" */
    char *tool_version;
    char *endpoint;        /* control plane URL */
    char *data_endpoint;   /* data plane URL */
    char *region;
    bool embedded;         /* tested the bundled reference */
    char *started_at;      /* ISO-8601 UTC */
    double duration_s;
    jc_kv *config;         /* effective settings, secrets never included */
    size_t config_count;
    jc_scenario_result *scenarios;
    size_t scenario_count;
    jc_requirement_result *requirements;
    size_t requirement_count;
    size_t counts[JC_STATUS_COUNT]; /* scenarios per final status */
    size_t unexpected_passes;
    int exit_code;         /* what `jobsconf run` exited with */
    bool incomplete;       /* the run ended early: not every scenario ran */
    char *incomplete_reason; /* why (NULL when complete) */
    bool insecure;         /* TLS verification was off (--insecure) */
} jc_run;

void jc_run_free(jc_run *run);

#ifdef __cplusplus
}
#endif
#endif
