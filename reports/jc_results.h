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
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 2: statuses BLOCKED, XFAIL and XPASS; per-check records and
 * per-requirement verdicts in each scenario; per-requirement counts; the
 * warning flag.
 * 3: the operation table ("operations": what the server did with each
 * operation over the run) and, per scenario, the operations it declares,
 * called and saw succeed. The loader still reads versions 1 and 2. */
#define JC_RESULTS_SCHEMA_VERSION 3

typedef enum jc_status {
    JC_PASS = 0,
    JC_FAIL,
    JC_SKIP,     /* the endpoint lacks an optional capability */
    JC_DISABLED, /* turned off by configuration */
    JC_ERROR,    /* transport failure, 5xx, undecodable response, harness broke */
    JC_BLOCKED,  /* a setup step failed on an operation other than the one under test */
    JC_XFAIL,    /* failed, erred or was blocked, as the baseline expects */
    JC_XPASS,    /* listed in the baseline, but passed: fails the run */
    JC_STATUS_COUNT
} jc_status;

/* "PASS", "FAIL", "SKIP", "DISABLED", "ERROR", "BLOCKED", "XFAIL", "XPASS". */
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

/* One check a scenario made (JC_CHECK, JC_CHECK_REQ, jc_expect_*). */
typedef struct jc_check {
    char *requirement; /* the requirement it proves; NULL: all of the scenario's */
    bool passed;
    char *where;       /* "createjob.c:120" */
    char *message;     /* why it failed; NULL when it passed */
} jc_check;

/* What one scenario showed about one of its requirements (derived by
 * jc_run_finalize from the checks, the raw status and the baseline). */
typedef struct jc_req_verdict {
    char *requirement;
    jc_level level;   /* from the run's catalogue; MUST when not in it */
    jc_status status; /* PASS, FAIL, ERROR, BLOCKED, XFAIL, SKIP or DISABLED */
} jc_req_verdict;

typedef struct jc_scenario_result {
    char *id;    /* "createjob.duplicate-id" */
    char *suite; /* API area: "CreateJob", "DeleteJob", "DataPlane", ... */
    char *title; /* one line */
    char **requirement_ids;
    size_t requirement_count;
    jc_status status;       /* verdict after the baseline: XFAIL/XPASS when listed */
    jc_status raw_status;   /* verdict before the baseline */
    bool expected_failure;  /* listed in the baseline */
    bool unexpected_pass;   /* listed in the baseline, but passed (status XPASS) */
    char *baseline_reason;  /* NULL unless listed */
    double duration_ms;
    char *message;          /* why it failed/erred/skipped; NULL on PASS */
    char *blocked_operation; /* BLOCKED: the operation that failed; else NULL */
    /* ERROR on a 5xx answer of an operation under test: its name (the run
       judges it FAIL once that operation is shown to work); not saved */
    char *server_error_operation;
    /* Operations, comma-separated ("CreateThing,CreateJob"; NULL: none):
       declared in the scenario's table entry (under test, and setup or
       cross-check), and seen in this run (called; answered 2xx; read by a
       jc_expect_* in the suite file itself). */
    char *ops_under_test;
    char *ops_setup;
    char *ops_called;
    char *ops_succeeded;
    char *ops_checked; /* whose answers the scenario's own checks read */
    char *ops_refused; /* that answered anything but 2xx in the scenario */
    jc_exchange *transcript;
    size_t exchange_count;
    jc_check *checks;        /* in the order made */
    size_t check_count;
    size_t checks_omitted;   /* passing checks beyond the recording cap */
    /* derived by jc_run_finalize */
    jc_req_verdict *verdicts; /* one per requirement id, in scenario order */
    size_t verdict_count;
    bool warning;            /* FAIL, but only on SHOULD/MAY requirements */
} jc_scenario_result;

typedef struct jc_requirement_result {
    char *id;        /* "CJ-001" */
    jc_level level;
    char *source;    /* seed anchor ("jobs-CreateJob"), "model" or "guide" */
    char *statement; /* one sentence */
    bool erratum;            /* the seed's wording differs from the model */
    bool reference_decision; /* an [R] choice: never held as MUST */
    bool covered;            /* at least one scenario names it */
    /* Summary of its scenario verdicts, FAIL > ERROR > BLOCKED > XFAIL >
     * PASS > SKIP > DISABLED; SKIP when none ran. Reports show `counts`
     * side by side rather than this alone. */
    jc_status status;
    size_t counts[JC_STATUS_COUNT]; /* scenario verdicts per status */
    char **scenario_ids;
    size_t scenario_count;
} jc_requirement_result;

/* What the server did with one operation over the run (the operation
 * table). Every call of the operation lands in exactly one of the answer
 * columns. */
typedef struct jc_op_row {
    char *operation;   /* "UpdateJob", "iot-jobs-data DescribeJobExecution" */
    bool data_plane;
    size_t calls;
    size_t ok;         /* 2xx (with a JSON body where one is read) */
    size_t typed_4xx;  /* 4xx carrying an error type (x-amzn-ErrorType, __type, code) */
    size_t other_4xx;  /* 4xx with a JSON body but no error type */
    size_t server_5xx; /* 5xx with a JSON or empty body */
    size_t not_json;   /* an answer that is not JSON where JSON was due (HTML pages) */
    size_t no_route;   /* 404/405 without an error type: no route to the operation */
    size_t transport;  /* no HTTP answer (refused, reset, timed out) */
    char *answers;     /* the non-2xx answers, most frequent first: "32 x 500 HTML; 2 x 404 ResourceNotFoundException" */
    size_t blocked;    /* scenarios BLOCKED on this operation (jc_run_finalize) */
    char *judgement;   /* jc_op_judge: "implemented", "not implemented: 32 x 500 HTML", ... */
} jc_op_row;

/* The judgement of a row (new string), from its counts and answers:
 * "not called"; "implemented" (at least one 2xx; problems noted after it);
 * "not implemented: <most frequent answer>" when no call succeeded and the
 * answers include 5xx, non-JSON, no route or transport errors; "refuses
 * every call: <answer>" when every call was refused with one error type;
 * "not shown to work: <answers>" when calls were refused with several. */
char *jc_op_judge(const jc_op_row *row);
/* Whether the run showed the operation to work (at least one 2xx). */
bool jc_op_row_implemented(const jc_op_row *row);
void jc_op_row_clear(jc_op_row *row);

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
    size_t unexpected_passes; /* = counts[JC_XPASS] */
    size_t warnings;       /* FAIL scenarios that failed only SHOULD/MAY checks */
    bool strict;           /* --strict: warnings fail the run */
    int exit_code;         /* what `jobsconf run` exited with */
    bool incomplete;       /* the run ended early: not every scenario ran */
    char *incomplete_reason; /* why (NULL when complete) */
    bool insecure;         /* TLS verification was off (--insecure) */
    jc_op_row *operations; /* the operation table, in the model's order */
    size_t operation_count;
} jc_run;

/* The row of `operation` in run's table; NULL when absent. */
const jc_op_row *jc_run_operation(const jc_run *run, const char *operation);

void jc_run_free(jc_run *run);
void jc_check_clear(jc_check *c);

/* Applies a baseline entry (an expected failure with its reason) to a
 * scenario that ran: status XFAIL when it failed, erred or was blocked,
 * XPASS when it passed; SKIP and DISABLED stay. Idempotent. */
void jc_result_apply_baseline(jc_scenario_result *r, const char *reason);

/* The exit code of a finalized run: 1 on an ERROR, BLOCKED or XPASS, or a
 * FAIL that is not a warning (a warning too when strict); else 0. */
int jc_run_exit_code(const jc_run *run, bool strict);

/* The console summary: one line "jobsconf: N passed, N failed, N skipped,
 * N errors, N disabled, N blocked, N xfail, N xpass (S s)", then a line on
 * warnings and on unexpected passes when there are any. */
void jc_run_print_summary(const jc_run *run, FILE *out, double duration_s);

#ifdef __cplusplus
}
#endif
#endif
