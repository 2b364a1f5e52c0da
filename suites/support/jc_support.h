/* Helpers shared by the suite files: strings and JSON, "applied" and
 * "refused and nothing changed", job-on-things fixtures, executions, list
 * walking and waiting for a job to go. A suite file keeps no private copy of
 * a general helper: add it here instead (suites/README.md, "Shared helpers").
 *
 * Everything returned is owned by the ctx, as in jc_scenario.h; the helpers
 * that say "required" end the scenario (FAIL) when the request fails. */
#ifndef JC_SUPPORT_H
#define JC_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "jc_scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- strings and JSON -------------------------------------------------- */

/* s, or "(absent)" for messages. */
const char *jc_str_or(const char *s);
/* Both set and equal. */
bool jc_streq(const char *a, const char *b);
bool jc_is_2xx(const jc_response *r);
/* n copies of the string ch (a multibyte character, for length limits
 * counted in characters). Owned by the ctx. */
const char *jc_repeat_text(jc_ctx *ctx, const char *ch, size_t n);
/* Whether s is one of list (NULL-terminated). */
bool jc_in_list(const char *s, const char *const *list);
/* Whether every member of `want` is in `got` with an equal value: objects
 * recursively (got may hold more members), arrays item by item with the
 * same length, numbers numerically, everything else exactly. */
bool jc_json_holds(const cJSON *want, const cJSON *got);
/* The compact JSON text of v, "(absent)" for NULL. */
const char *jc_json_text(jc_ctx *ctx, const cJSON *v);
/* The JSON text of the member at a dotted path of r's body ("job.targets"). */
const char *jc_member_text(jc_ctx *ctx, const jc_response *r, const char *path);

/* The value of a response header (ctx-owned, trimmed), or NULL. */
const char *jc_header(jc_ctx *ctx, const jc_response *r, const char *name);

/* ---- applied / refused ------------------------------------------------- */

/* "Applied": r has exactly `status`, and the object at `object` of `after`
 * (a read-back, "job") holds each member of `members` (JSON object members
 * without the braces) as given. Returns whether everything held. */
bool jc_expect_applied(jc_ctx *ctx, const jc_response *r, int status, const jc_response *after,
                       const char *object, const char *members, const char *what);
/* "Nothing changed": each dotted path (NULL-terminated) has the same JSON
 * text in `after` as in `before` (two read-backs of one resource). */
bool jc_expect_unchanged(jc_ctx *ctx, const jc_response *before, const jc_response *after,
                         const char *const *paths, const char *what);
/* "Refused and nothing changed": r carries exactly the error type `code`
 * and the status `status`, then the resource read back (`after`) equals
 * `before` on every path. */
bool jc_expect_refused_unchanged(jc_ctx *ctx, const jc_response *r, const char *code, int status,
                                 const jc_response *before, const jc_response *after,
                                 const char *const *paths, const char *what);

/* An undocumented choice ([R] requirement, MAY): the CreateJob `r` of job
 * `id` is either refused with InvalidRequestException (400), creating no
 * job, or accepted. Returns whether it was accepted (noted on the scenario). */
bool jc_expect_refused_or_accepted(jc_ctx *ctx, const jc_response *r, const char *id, const char *what);

/* DescribeJob of id answers "no such job" (404, or the error type
 * ResourceNotFoundException): `after` (a refused CreateJob, ...) created no
 * job. */
bool jc_expect_no_job(jc_ctx *ctx, const char *id, const char *after);

/* The configuration members of a job, for jc_expect_unchanged. */
extern const char *const jc_job_config_paths[];

/* ---- configuration members (JSON object members without the braces) ---- */

/* "jobExecutionsRolloutConfig":{"exponentialRate":{...}}; criteria is the
 * rateIncreaseCriteria object text or NULL (member left out). Numbers are
 * given as text so that malformed ones can be sent. */
const char *jc_cfg_exponential_rate(jc_ctx *ctx, const char *base, const char *factor, const char *criteria);
/* "abortConfig" with one criterion. */
const char *jc_cfg_abort(jc_ctx *ctx, const char *failure, const char *action, const char *pct, const char *min);
/* "jobExecutionsRetryConfig" with one criterion. */
const char *jc_cfg_retry(jc_ctx *ctx, const char *failure, int retries);

/* ---- fixtures ---------------------------------------------------------- */

#define JC_MAX_THINGS 16
/* n new things (names into things[], n <= JC_MAX_THINGS) and a job on them,
 * in order, with the extra CreateJob members (may be NULL). */
const char *jc_job_on_things(jc_ctx *ctx, size_t n, const char **things, const char *extra);
/* A job on one new thing with the extra members; the thing's name in *thing
 * when thing is not NULL. */
const char *jc_job_with(jc_ctx *ctx, const char *extra, const char **thing);
/* The ARN of a new thing. */
const char *jc_new_target(jc_ctx *ctx);
/* PUT /jobs/{id} with targets [arn], document "{}" and `members` (JSON
 * object members without the braces). */
jc_response *jc_create_job_with(jc_ctx *ctx, const char *id, const char *arn, const char *members);
/* A CONTINUOUS job on a new group holding n new things (names into
 * things[], n <= JC_MAX_THINGS); the group's name in *group. */
const char *jc_continuous_on_group(jc_ctx *ctx, size_t n, const char **things, const char **group);
/* One new thing and n jobs on it (ids into jobs[]); returns the thing. */
const char *jc_thing_with_jobs(jc_ctx *ctx, size_t n, const char **jobs);
/* RemoveThingFromThingGroup, 200 required. */
void jc_remove_from_group(jc_ctx *ctx, const char *group, const char *thing);
/* CancelJob (PUT /jobs/{id}/cancel, body "{}"), 200 required. */
void jc_cancel_job_ok(jc_ctx *ctx, const char *job);

/* ---- jobs and executions ----------------------------------------------- */

/* Control-plane DescribeJobExecution, as it came (query may be NULL). */
jc_response *jc_describe_execution(jc_ctx *ctx, const char *thing, const char *job, const char *query);
/* DescribeJobExecution (latest), 200 with a JSON body required. */
jc_response *jc_require_execution(jc_ctx *ctx, const char *thing, const char *job);
/* The execution's status; NULL when there is none (404); any other non-200
 * ends the scenario. */
const char *jc_execution_status(jc_ctx *ctx, const char *thing, const char *job);
/* The execution's status is `want` (a read after a change: polled until it
 * is, within --poll-deadline). */
bool jc_expect_execution_status(jc_ctx *ctx, const char *thing, const char *job, const char *want);
/* The execution reaches `want` within deadline_ms (0 = --poll-deadline;
 * see jc_settle_ms). */
bool jc_expect_execution_becomes(jc_ctx *ctx, const char *thing, const char *job, const char *want,
                                 long deadline_ms, const char *when);
/* How long to wait for a change the endpoint makes on its own: the poll
 * deadline (0), on a virtual clock too: a server with a virtual clock may
 * still show the change late (`jobsref --profile async`). */
long jc_settle_ms(jc_ctx *ctx);
/* CancelJobExecution (PUT /things/{t}/jobs/{j}/cancel), as it came; body
 * NULL sends "{}". */
jc_response *jc_cancel_execution(jc_ctx *ctx, const char *thing, const char *job, const char *query,
                                 const char *body);
/* Brings the execution to a status: QUEUED stays, CANCELED through
 * CancelJobExecution (2xx required), REJECTED directly from the device, any
 * other through IN_PROGRESS (device updates, 200 required). */
void jc_drive(jc_ctx *ctx, const char *thing, const char *job, const char *status);
/* job.status from DescribeJob (200 required). */
/* Makes an execution terminal: `status` through a device on the data plane,
 * or CANCELED through the control plane (CancelJobExecution) when the run
 * has no data plane. Returns the status it was driven to. */
const char *jc_finish_execution(jc_ctx *ctx, const char *thing, const char *job, const char *status);
const char *jc_job_status(jc_ctx *ctx, const char *job);
bool jc_expect_job_status(jc_ctx *ctx, const char *job, const char *want);
/* Polls DescribeJob until job.status is `want` (deadline_ms as jc_poll);
 * returns whether it got there (no failure recorded: the caller decides). */
bool jc_wait_job_status(jc_ctx *ctx, const char *job, const char *want, long deadline_ms);
/* Whether DescribeJob gives 404 now (on a virtual clock the clock first
 * moves 1 s so that a pending deletion can finish). */
bool jc_job_gone(jc_ctx *ctx, const char *job);
/* Waits (--poll-deadline) until the job is gone; FAIL and end otherwise. */
void jc_wait_job_gone(jc_ctx *ctx, const char *job);

/* ---- time -------------------------------------------------------------- */

/* The endpoint's time in epoch seconds: job.createdAt of `job` (a job just
 * created); NULL creates a probe job for it. */
long long jc_endpoint_now(jc_ctx *ctx, const char *job);
/* "YYYY-MM-DDTHH:MM" (UTC) of an epoch-seconds time, as schedulingConfig
 * takes it. */
const char *jc_iso_minute(jc_ctx *ctx, long long secs);

/* ---- list walking ------------------------------------------------------ */

#define JC_WALK_MAX 256
typedef struct jc_list_spec {
    const char *path;        /* "/jobs", "/jobs/{id}/things", ... (encoded) */
    const char *array;       /* the member holding the page: "jobs", "executionSummaries" */
    const char *key;         /* the item's id, dotted: "jobId", "thingArn" */
    const char *status;      /* the item's status, dotted (NULL: not kept) */
    const char *filter;      /* extra query ("status=QUEUED") or NULL */
    int max_results;         /* > 0: sent, and every page checked against it */
    const char *stem;        /* keep the items whose key starts with it (NULL: all) */
    int max_pages;           /* bound of the walk (0: 200) */
    void (*each)(jc_ctx *ctx, const cJSON *item, void *arg); /* every item, kept or not; may be NULL */
    void *arg;
} jc_list_spec;
typedef struct jc_walk {
    const char *keys[JC_WALK_MAX];
    const char *status[JC_WALK_MAX];
    const cJSON *item[JC_WALK_MAX]; /* owned by the responses the ctx keeps */
    size_t n;
    size_t pages;
} jc_walk;
/* Walks every page. Ends the scenario on a non-200, a page that is not a
 * list, an item without a string key, more than JC_WALK_MAX kept items or a
 * walk that does not end; records a failure (and goes on) on a nextToken
 * that is not a string and a kept item listed a second time. A page larger
 * than max_results is reported once per walk against PG-001 when the
 * scenario names PG-001, else noted: the scenario's own rule is not failed
 * for it. */
void jc_list_walk(jc_ctx *ctx, const jc_list_spec *spec, jc_walk *w);
/* How many times key was kept. */
size_t jc_walk_count(const jc_walk *w, const char *key);
/* The walk kept exactly `keys` (NULL-terminated), each once. */
void jc_expect_walk_exactly(jc_ctx *ctx, const jc_walk *w, const char *const *keys, const char *what);

/* ---- reads after a change (eventual consistency) ----------------------- */
/* A server may show a change late (AWS is eventually consistent; `jobsref
 * --profile async` lags reads on purpose). A read that follows a change goes
 * through these: it is repeated (jc_poll, --poll-deadline) until what it
 * expects holds, and the last read is the one judged. The first read that
 * holds ends the wait, so a consistent server costs one read. Only a rule
 * about immediacy reads once (and its requirement says so). */
typedef bool (*jc_read_pred)(jc_ctx *ctx, const jc_response *r, void *arg);
/* GET path?query on plane until pred holds or the deadline passes; returns
 * the last answer. */
jc_response *jc_read_until(jc_ctx *ctx, jc_plane plane, const char *path, const char *query, jc_read_pred pred,
                           void *arg);
/* DescribeJob until `object` ("job"; NULL: the body) holds each of
 * `members` (JSON object members without braces); the last answer. */
jc_response *jc_describe_job_holding(jc_ctx *ctx, const char *job, const char *object, const char *members);
/* DescribeJob until the dotted member's JSON text differs from `old`
 * (a timestamp that must move); the last answer. */
jc_response *jc_describe_job_changed(jc_ctx *ctx, const char *job, const char *member, const char *old);
/* Walks (jc_list_walk) until pred holds on the walk or the deadline
 * passes; w holds the last walk. */
typedef bool (*jc_walk_pred)(jc_ctx *ctx, const jc_walk *w, void *arg);
void jc_walk_until(jc_ctx *ctx, const jc_list_spec *spec, jc_walk *w, jc_walk_pred pred, void *arg);
/* Walks until it kept exactly `keys` (NULL-terminated), each once; judge
 * with jc_expect_walk_exactly. */
void jc_walk_until_exactly(jc_ctx *ctx, const jc_list_spec *spec, jc_walk *w, const char *const *keys);
/* The status of execution thing/job settles at `want` (polls; a consistent
 * server answers at once). */
bool jc_wait_execution_status(jc_ctx *ctx, const char *thing, const char *job, const char *want);
/* A nextToken taken to another list (PG-006): r is InvalidRequestException
 * 400, or a page whose items (array `array`, key `key`) are all in `own`
 * (NULL-terminated), never items of the list the token came from. */
void jc_expect_own_page_or_refused(jc_ctx *ctx, const jc_response *r, const char *array, const char *key,
                                   const char *const *own, const char *what);

#ifdef __cplusplus
}
#endif
#endif
