/* Scenario framework of the conformance suites. Read suites/README.md first.
 *
 * A scenario is a C function run against the endpoint under test:
 *
 *   static void s_duplicate_id(jc_ctx *ctx) { ... }
 *   static const jc_scenario s_table[] = {
 *       {"createjob.duplicate-id", "A second CreateJob with the same id is refused",
 *        "CJ-004,CJ-005", "negative", 0, s_duplicate_id},
 *   };
 *   JC_SUITE(createjob, "CreateJob", s_table);
 *
 * Each suites/<name>.c defines `jc_suite_<name>` with JC_SUITE; the build
 * finds it by the file name and registers it (no list to edit).
 *
 * Everything a scenario allocates through the ctx (responses, names, paths,
 * strings) is owned by the ctx and freed after the scenario. */
#ifndef JC_SCENARIO_H
#define JC_SCENARIO_H

#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "jc_client.h"
#include "jc_config.h"
#include "jc_response.h"
#include "jc_results.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a scenario needs from the endpoint (jc_scenario.needs). */
#define JC_NEEDS_CLOCK 0x1u /* a controllable clock (jobsref admin) or --slow */
#define JC_NEEDS_ADMIN 0x2u /* jobsref admin routes: reference-only checks */
/* Observes a state that lasts until the clock moves (a deletion in progress):
   needs nothing from the endpoint, but with --jobs N it runs alone, like the
   scenarios that move the clock. */
#define JC_NEEDS_STILL_CLOCK 0x4u

typedef struct jc_ctx jc_ctx;
typedef void (*jc_scenario_fn)(jc_ctx *ctx);

typedef struct jc_scenario {
    const char *id;           /* "<suite file>.<kebab-name>", unique */
    const char *title;        /* one line */
    const char *requirements; /* comma-separated catalogue IDs: "CJ-004,CJ-005" */
    const char *tags;         /* comma-separated: "negative,limits"; "" for none */
    unsigned needs;           /* JC_NEEDS_* */
    jc_scenario_fn run;
    /* The operations the scenario calls, comma-separated, by the names of
       the operation table ("UpdateJob", "iot-jobs-data UpdateJobExecution"):
       those whose rule it tests, and the others (setup, cross-checks). A
       setup operation that fails (5xx, no route, not JSON, no answer, or a
       refusal where success was required) ends the scenario BLOCKED; a
       negative scenario PASSes only once an operation under test was shown
       to work. Filled by tests/catalogue/declare_ops.py; NULL (an entry
       without them): undeclared, nothing is BLOCKED automatically. */
    const char *ops;
    const char *setup_ops;
} jc_scenario;

/* The last members of a table entry: JC_OPS("UpdateJob", "CreateThing,CreateJob,DescribeJob").
   "" as the first: no HTTP operation is under test (an MQTT scenario). */
#define JC_OPS(under_test, setup) under_test, setup

typedef struct jc_suite {
    const char *name; /* API area as reported: "CreateJob" */
    const jc_scenario *scenarios;
    size_t count;
} jc_suite;

#define JC_COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define JC_SUITE(file, area, table) const jc_suite jc_suite_##file = {area, table, JC_COUNT(table)}

/* All suites, NULL-terminated (generated at build time from the suite file names). */
extern const jc_suite *const jc_all_suites[];

typedef enum jc_plane { JC_CONTROL = 0, JC_DATA = 1 } jc_plane;

/* Shared state of one run, read by every scenario. Created by the runner. */
typedef struct jc_env jc_env;

/* ---- requests ---------------------------------------------------------- */

/* Sends one request to the control or the data plane. path is already
 * encoded (build it with jc_path); query is "a=b&c=d" already encoded (build
 * it with jc_query) or NULL; body is JSON text or NULL (no body).
 * Never returns NULL. A failure below HTTP (refused, timeout, response too
 * large) ends the scenario with ERROR; so does a 5xx unless
 * jc_allow_5xx(ctx) was called before. The response is owned by the ctx. */
jc_response *jc_call(jc_ctx *ctx, jc_plane plane, const char *method, const char *path,
                     const char *query, const char *body);
/* Same with a cJSON body (serialized; the caller keeps ownership of body). */
jc_response *jc_call_json(jc_ctx *ctx, jc_plane plane, const char *method, const char *path,
                          const char *query, const cJSON *body);
/* As jc_call but unsigned, with the caller's header lines ("Name: value",
 * NULL-terminated): for requests the scenario signs itself (suites/auth.c).
 * A 5xx does not end the scenario. What it creates is recorded for the
 * cleanup; tag a CreateJob body with jc_tag_job_body before signing it. */
jc_response *jc_call_raw(jc_ctx *ctx, jc_plane plane, const char *method, const char *path, const char *query,
                         const char *body, const char *const *headers);
/* A CreateJob body (PUT /jobs/ID, a JSON object without tags) with the
 * run's tag added (jobsconf-run=<prefix>); any other body unchanged. jc_call
 * does this itself. Owned by the ctx. */
const char *jc_tag_job_body(jc_ctx *ctx, const char *method, const char *path, const char *body);
/* The endpoint's base URL for a plane (no trailing slash). */
const char *jc_base_url(const jc_ctx *ctx, jc_plane plane);
/* The next jc_call may receive a 5xx without ending the scenario. */
void jc_allow_5xx(jc_ctx *ctx);

/* printf-like builders: each %s argument is percent-encoded as a URI label
 * or query value; %d (int), %ld (long), %lld (long long) and %% are also
 * accepted; any other conversion is a harness ERROR. Owned by the ctx. */
const char *jc_path(jc_ctx *ctx, const char *fmt, ...);
const char *jc_query(jc_ctx *ctx, const char *fmt, ...);
/* printf into a ctx-owned string (no encoding). */
const char *jc_str(jc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A ctx-owned string of n copies of c. */
const char *jc_repeat(jc_ctx *ctx, char c, size_t n);

/* ---- checks ------------------------------------------------------------ */
/* The jc_expect_* and jc_require_status names are macros that pass the
 * caller's file and line, so failure messages point at the scenario. */

/* Every check is recorded (results.json "checks") with the requirement it
 * proves. A check that names none counts for every requirement of the
 * scenario; one that names a requirement gives that requirement its own
 * verdict, so a scenario covering a MUST and a SHOULD fails only the one
 * whose check failed (a failed SHOULD/MAY check is a warning: it fails the
 * run only with --strict). Naming a requirement the scenario's table entry
 * does not list is a harness ERROR. */

/* Records a failure (verdict FAIL) and continues. Evaluates to cond. */
#define JC_CHECK(ctx, cond, ...) jc_check_((ctx), (cond) ? true : false, __FILE__, __LINE__, #cond, __VA_ARGS__)
/* Records a failure and ends the scenario. */
#define JC_REQUIRE(ctx, cond, ...) \
    do { if (!jc_check_((ctx), (cond) ? true : false, __FILE__, __LINE__, #cond, __VA_ARGS__)) jc_end(ctx); } while (0)
/* As JC_CHECK / JC_REQUIRE, proving requirement `req` ("AT-005"). */
#define JC_CHECK_REQ(ctx, req, cond, ...) \
    jc_check_req_((ctx), (req), (cond) ? true : false, __FILE__, __LINE__, #cond, __VA_ARGS__)
#define JC_REQUIRE_REQ(ctx, req, cond, ...) \
    do { if (!JC_CHECK_REQ(ctx, req, cond, __VA_ARGS__)) jc_end(ctx); } while (0)

bool jc_check_(jc_ctx *ctx, bool ok, const char *file, int line, const char *expr, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
bool jc_check_req_(jc_ctx *ctx, const char *req, bool ok, const char *file, int line, const char *expr,
                   const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Opens a requirement scope: the checks that name no requirement (JC_CHECK,
 * jc_expect_*, jc_require_status) made until the next call prove `req`.
 * NULL closes it (they count for all the scenario's requirements again):
 *
 *   jc_req_scope(ctx, "AT-005");            // the SHOULD part
 *   jc_expect_status(ctx, r, 200);
 *   jc_req_scope(ctx, NULL);
 */
void jc_req_scope(jc_ctx *ctx, const char *req);

/* The status is `status`. A 2xx body that is not a JSON object is an ERROR
 * (ends the scenario). Returns whether the status matched (failure recorded
 * otherwise). */
#define jc_expect_status(ctx, resp, status) jc_expect_status_((ctx), (resp), (status), __FILE__, __LINE__)
bool jc_expect_status_(jc_ctx *ctx, const jc_response *resp, int status, const char *file, int line);
/* As jc_expect_status, and ends the scenario (FAIL) when it did not match. */
#define jc_require_status(ctx, resp, status) jc_require_status_((ctx), (resp), (status), __FILE__, __LINE__)
void jc_require_status_(jc_ctx *ctx, const jc_response *resp, int status, const char *file, int line);
/* The error code as clients read it is `code` AND the status is `status`. */
#define jc_expect_error(ctx, resp, code, status) jc_expect_error_((ctx), (resp), (code), (status), __FILE__, __LINE__)
bool jc_expect_error_(jc_ctx *ctx, const jc_response *resp, const char *code, int status, const char *file,
                      int line);
/* The error code is one of `codes` (NULL-terminated); any status >= 400. For
 * [R] cases where any error the operation's model lists is acceptable. */
#define jc_expect_error_in(ctx, resp, codes) jc_expect_error_in_((ctx), (resp), (codes), __FILE__, __LINE__)
bool jc_expect_error_in_(jc_ctx *ctx, const jc_response *resp, const char *const *codes, const char *file,
                         int line);
/* Any 4xx (error code not checked). */
#define jc_expect_4xx(ctx, resp) jc_expect_4xx_((ctx), (resp), __FILE__, __LINE__)
bool jc_expect_4xx_(jc_ctx *ctx, const jc_response *resp, const char *file, int line);

/* Ends the scenario with SKIP and the reason. */
void jc_skip(jc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
/* Ends the scenario with BLOCKED: a setup step failed on `operation`
 * ("CreateThing"), which is not the operation under test, so the rule was
 * not reached. fmt says what the server answered. Counts against the run
 * like an ERROR but is reported apart. */
void jc_blocked(jc_ctx *ctx, const char *operation, const char *fmt, ...) __attribute__((format(printf, 3, 4), noreturn));
/* Ends the scenario with ERROR (the harness or the exchange broke). */
void jc_error(jc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
/* Ends the scenario now, keeping the verdict so far. */
void jc_end(jc_ctx *ctx) __attribute__((noreturn));
/* Adds a note to the scenario's message without changing the verdict. */
void jc_note(jc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether the running scenario's table entry lists requirement req: a
   shared helper checks a rule against its own requirement only when the
   scenario is about it. */
bool jc_names_requirement(const jc_ctx *ctx, const char *req);
/* Ends the scenario BLOCKED when resp is a 4xx refusal of an operation the
   scenario declares as setup (not under test), where `status` was needed:
   for helpers that check a status themselves (jc_expect_status does this). */
void jc_block_if_setup_refused(jc_ctx *ctx, const jc_response *resp, int status);
/* Whether a check failed so far. */
bool jc_failed(const jc_ctx *ctx);

/* ---- time and eventual consistency ------------------------------------- */

typedef bool (*jc_predicate)(jc_ctx *ctx, void *arg);
/* Calls pred until it returns true or the deadline passes; sleeps interval
 * between tries. deadline_ms 0 = --poll-deadline; interval_ms 0 = 100 ms.
 * Returns whether pred became true. Real time (independent of jc_advance). */
bool jc_poll(jc_ctx *ctx, long deadline_ms, long interval_ms, jc_predicate pred, void *arg);
/* Moves the endpoint's clock forward: POST /_jobsref/clock/advance when the
 * endpoint has a virtual clock, else sleeps in real time with --slow, else
 * SKIPs the scenario. */
void jc_advance(jc_ctx *ctx, long ms);
/* Capabilities found at the start of the run. */
bool jc_has_admin(const jc_ctx *ctx);
bool jc_has_virtual_clock(const jc_ctx *ctx);
/* False when the run was told the server has no data plane
   (--data-endpoint none): a scenario checks the part of its rule the control
   plane reaches, and stops there. */
bool jc_has_data_plane(const jc_ctx *ctx);

/* ---- names, ARNs and typed helpers (each REQUIREs success) ------------- */

/* A unique resource name for this run and scenario: "<prefix>-<n><tag>",
 * at most 64 characters, [a-zA-Z0-9_-] only. Owned by the ctx. */
const char *jc_name(jc_ctx *ctx, const char *tag);
const char *jc_region(const jc_ctx *ctx);
/* "arn:<partition>:iot:<region>:<account>:" (learned at the start). */
const char *jc_arn_prefix(const jc_ctx *ctx);
const char *jc_thing_arn(jc_ctx *ctx, const char *thing_name);
const char *jc_group_arn(jc_ctx *ctx, const char *group_name);

/* CreateThing with a fresh name (tag as in jc_name); returns the name, and
 * the ARN the endpoint returned in *arn when arn is not NULL. */
const char *jc_create_thing(jc_ctx *ctx, const char *tag, const char **arn);
const char *jc_create_group(jc_ctx *ctx, const char *tag, const char **arn);
void jc_add_thing_to_group(jc_ctx *ctx, const char *group, const char *thing);

/* CreateJob: job_id NULL picks a fresh one; document NULL uses
 * {"operation":"test"}; targets are ARNs (NULL-terminated); extra is a JSON
 * object whose members are added to the body (may be NULL). Returns the
 * jobId. */
const char *jc_create_job(jc_ctx *ctx, const char *job_id, const char *document,
                          const char *const *targets, const char *extra);
/* A job on one new thing; returns the jobId and the thing in *thing. */
const char *jc_create_job_on_new_thing(jc_ctx *ctx, const char **thing);
/* DescribeJob, 200 required. */
jc_response *jc_describe_job(jc_ctx *ctx, const char *job_id);
/* Data-plane UpdateJobExecution with a status, 200 required. versionNumber
 * from executionState goes to *version when version is not NULL (-1 when
 * absent). */
jc_response *jc_device_update(jc_ctx *ctx, const char *thing, const char *job_id,
                              const char *status, long *version);

/* The run's configuration. */
const jc_config *jc_cfg(const jc_ctx *ctx);
/* Calls fn(arg) when the scenario ends, however it ends (last registered
 * first): for resources a scenario holds outside the ctx, such as an MQTT
 * connection. At most 8 per scenario. */
void jc_defer(jc_ctx *ctx, void (*fn)(void *), void *arg);

/* ---- used by the runner ------------------------------------------------ */

typedef struct jc_env_options {
    const jc_config *cfg;
    const char *control_url; /* no trailing slash */
    const char *data_url;
    const char *prefix;      /* the run prefix: "jc" + --prefix or 6 hex */
    bool embedded;
} jc_env_options;

jc_env *jc_env_new(const jc_env_options *opts, char *err, size_t err_len);
void jc_env_free(jc_env *env);
/* Probes both planes before the first scenario with one cheap request each
 * (ListJobs maxResults=1; GetPendingJobExecutions of a thing that does not
 * exist). Returns 0 when both answer as the Jobs API does; -1 when a plane
 * cannot be reached (transport error in err: exit 3); -2 when a plane answers
 * but not as that plane of the Jobs API (a configuration error naming the
 * answer seen: exit 2). */
int jc_env_probe(jc_env *env, char *err, size_t err_len);
/* Reads /_jobsref/info and /_jobsref/clock; learns the account by creating a
 * thing. Returns 0, or -1 with a message. */
int jc_env_discover(jc_env *env, char *err, size_t err_len);
const char *jc_env_prefix(const jc_env *env);
bool jc_env_admin(const jc_env *env);
bool jc_env_virtual_clock(const jc_env *env);

/* Stops the run (first reason wins): jc_call then ends every scenario with
 * ERROR "stopped: <reason>", and the runner starts no more scenarios. */
void jc_env_stop(jc_env *env, const char *reason);
/* Whether the run stopped (also once the deadline passed); the reason is
 * copied into reason when it is not NULL. Thread-safe. */
bool jc_env_stopped(jc_env *env, char *reason, size_t reason_len);
/* The whole run's deadline (CLOCK_MONOTONIC seconds, see jc_mono_s; 0:
 * none): no request of a scenario waits beyond it. */
void jc_env_set_deadline(jc_env *env, double deadline_s);
double jc_mono_s(void);
/* A flag set by a signal handler (non-zero: the signal number): once set,
 * the run stops and requests in flight are abandoned. */
void jc_env_watch_signal(jc_env *env, const volatile sig_atomic_t *flag);
/* The operation table so far (thread-safe snapshot): new rows in the
 * model's order, one per modeled operation, counts set, judgement and
 * blocked left for jc_run_finalize. Caller frees each with jc_op_row_clear
 * and the array with free(). */
jc_op_row *jc_env_operation_rows(jc_env *env, size_t *count);
/* Whether `operation` answered 2xx at least once in this run so far. */
bool jc_env_operation_ok(jc_env *env, const char *operation);

/* How many jobs (and things, groups) the run recorded as created. */
size_t jc_env_created(jc_env *env, size_t *things, size_t *groups);

/* The tag every job created by the suite carries: jobsconf-run=<prefix>. */
#define JC_RUN_TAG_KEY "jobsconf-run"

/* Creates a ctx with its own client (one per worker). */
jc_ctx *jc_ctx_new(jc_env *env, char *err, size_t err_len);
/* A ctx for cleaning up: its requests go on after the run stopped and are
 * not cut by the run's deadline (the cleanup has its own). */
jc_ctx *jc_ctx_new_cleanup(jc_env *env, char *err, size_t err_len);
void jc_ctx_free(jc_ctx *ctx);

/* Runs one scenario on ctx and fills *out (owned by the caller: free its
 * members with jc_scenario_result_clear). Applies `needs` (SKIP when a need
 * is missing). Never lets a scenario's failure escape. When cunit is true
 * each failure is also reported to CUnit (the caller runs inside a CUnit
 * test). */
void jc_scenario_execute(jc_ctx *ctx, const jc_scenario *sc, const char *suite_name, bool cunit,
                         jc_scenario_result *out);
void jc_scenario_result_clear(jc_scenario_result *r);

/* Splits a comma-separated list ("CJ-004, CJ-005") into a new array of new
 * strings; *count set. Caller frees each and the array. */
char **jc_split_list(const char *list, size_t *count);
/* Whether `list` (comma-separated) contains item (case-insensitive). */
bool jc_list_has(const char *list, const char *item);

/* End-of-run cleanup: deletes exactly the jobs, things and groups this run
 * recorded as created (never by pattern), with at most `concurrency`
 * deletions in flight as the server allows, until deadline_s (seconds from
 * now). Reports problems on `log` (server text escaped) and never fails the
 * run. Returns the number of resources left behind. */
size_t jc_cleanup(jc_ctx *ctx, double deadline_s, FILE *log);

/* `jobsconf clean`: lists the jobs whose id starts with stem ("jc<P>-": the
 * full stem, never a shorter one) on `out`, and force-deletes them when
 * `delete` is true, until deadline_s. Returns the number of jobs found (or
 * left, when deleting), or -1 when listing failed (message on log). */
long jc_clean_stem(jc_ctx *ctx, const char *stem, bool delete, double deadline_s, FILE *out, FILE *log);

/* Writes text to f with every control character (and DEL, and invalid
 * UTF-8) escaped as \xNN, each line prefixed by `prefix`: text from a server
 * can neither drive a terminal nor start a line of a CI log. */
void jc_print_escaped(FILE *f, const char *prefix, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
