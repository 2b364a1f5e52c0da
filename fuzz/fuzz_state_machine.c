/* fuzz_state_machine: the input is a sequence of operations over small name
 * pools (4 things, 3 groups, 4 job ids) applied to ONE fresh jr_machine on a
 * virtual clock. Every operation is a typed jr_request; every HTTP_PERIOD-th
 * step renders it with jr_encode_request and sends it through
 * jr_service_handle (route, decode, error rendering: the response must be a
 * JSON object, errors carry a message), the other steps hand it straight to
 * jr_machine_execute (see call()). After every step the harness checks, in
 * process through the introspection API of jobsref/machine.h (no HTTP, no JSON):
 *   - jr_machine_check_invariants (counters vs. executions, indexes, ...);
 *   - the jobProcessDetails counters, as DescribeJob reports them, equal the
 *     job's executions per status;
 *   - a terminal execution never changes status again;
 *   - versionNumber of an execution never decreases (every execution, every
 *     step; versions the data plane reports are checked against them too);
 *   - a DELETION_IN_PROGRESS job accepts no new work: AssociateTargetsWithJob,
 *     UpdateJob, CancelJob and DeleteJob fail, and no new execution appears.
 * Every WALK_PERIOD steps and after the last step the harness also walks
 * ListJobExecutionsForJob over HTTP (the job with the most executions, small
 * pages): every execution exactly once, with its introspected status; after
 * the last step DescribeJob must agree with the introspected status and
 * counters.
 * The list steps of the input walk their list with small pages as well
 * (every item once, as many as one big page). A violation prints what broke
 * and abort()s. Teardown frees everything (LeakSanitizer reports leaks).
 *
 * Step encoding: one opcode byte (op = byte % JRF_SM_COUNT), then the
 * operation's parameter bytes; a missing byte reads as 0. At most MAX_STEPS
 * steps per input. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define H "fuzz_state_machine"
#define NTHINGS 4
#define NGROUPS 3
#define NJOBS 4
#ifndef MAX_STEPS
#define MAX_STEPS 32
#endif
#ifndef HTTP_PERIOD
#define HTTP_PERIOD 4
#endif
#ifndef WALK_PERIOD
#define WALK_PERIOD 16
#endif
#define MAX_TRACK 256
#define START_MS 1700000000000LL
#define ARN_PREFIX "arn:aws:iot:us-east-1:123456789012:"

typedef struct tracked {
    int thing; /* index in THINGS */
    int64_t number;
    int status;      /* jr_exec_status */
    int64_t version; /* as introspected after the last step */
} tracked;

typedef struct job_track {
    bool exists;
    int status; /* jr_job_status, valid when exists */
    int64_t counters[JR_EXEC_STATUS_COUNT];
    size_t n;
    bool overflow; /* more than MAX_TRACK executions: the excess is not tracked */
    tracked ex[MAX_TRACK];
} job_track;

typedef struct state {
    const uint8_t *p, *end;
    jr_virtual_clock vc;
    jr_machine *m;
    job_track jobs[NJOBS]; /* as of the last check */
    job_track cur[NJOBS];  /* scratch of the running check */
    int step;
    bool trace;    /* JRF_SM_TRACE set: print each step's request and response */
    bool checking; /* inside the per-step checks (not traced) */
    bool http;     /* call() goes through encoder and service (else typed) */
} state;

static const char *const THINGS[NTHINGS] = {"t0", "t1", "t2", "t3"};
static const char *const GROUPS[NGROUPS] = {"g0", "g1", "g2"};
static const char *const JOBS[NJOBS] = {"j0", "j1", "j2", "j3"};

static uint8_t next_byte(state *s) { return s->p < s->end ? *s->p++ : 0; }

static char *xstrdup(const char *x)
{
    char *d = strdup(x);
    if (!d) abort(); /* out of memory in the harness itself */
    return d;
}

static char *arn_of(const char *kind, const char *name)
{
    char buf[256];
    snprintf(buf, sizeof buf, ARN_PREFIX "%s/%s", kind, name);
    return xstrdup(buf);
}

static void str_list_add(jr_str_list *l, char *item)
{
    char **n = realloc(l->items, (l->count + 1) * sizeof *n);
    if (!n) abort();
    l->items = n;
    l->items[l->count++] = item;
}

static void kv_add(jr_kv_list *l, const char *k, const char *v)
{
    jr_kv *n = realloc(l->items, (l->count + 1) * sizeof *n);
    if (!n) abort();
    l->items = n;
    l->items[l->count].key = xstrdup(k);
    l->items[l->count].value = xstrdup(v);
    l->count++;
    l->present = true;
}

/* Sends a typed request (consumed: freed here) to the machine and returns
 * the HTTP status; *json gets the parsed body (caller deletes) when json is
 * non-NULL. Two paths:
 *   - HTTP (s->http: every HTTP_PERIOD-th step, and the wire checks):
 *     jr_encode_request, jr_service_handle (route, decode, execute, error
 *     rendering), and the body must be a JSON object, errors with a message;
 *   - typed (the other steps): jr_machine_execute directly, which is what
 *     jr_service_handle runs after decoding (fuzz_roundtrip checks that
 *     encode + decode gives the same request back); an error must have a
 *     type and a message, a success a body, which is parsed (and must be a
 *     JSON object) only when the caller needs it. */
static int call(state *s, jr_request *req, cJSON **json)
{
    int status;
    cJSON *j = NULL;
    if (s->http) {
        jr_encoded_request enc;
        jr_error err;
        memset(&enc, 0, sizeof enc);
        if (jr_encode_request(req, &enc, &err) != JR_OK)
            jrf_fail(H, "step %d: jr_encode_request(%s) failed: %s", s->step, jr_op_name(req->op), err.message);
        jr_http_input in = {enc.plane, enc.method, enc.path, enc.query, (const uint8_t *)enc.body, enc.body_len};
        jr_http_response resp;
        memset(&resp, 0, sizeof resp);
        jr_service_handle(s->m, &in, &resp);
        if (resp.op != req->op)
            jrf_fail(H, "step %d: %s %s?%s routed to %s, not %s", s->step, enc.method, enc.path, enc.query,
                     jr_op_name(resp.op), jr_op_name(req->op));
        if (!resp.body) jrf_fail(H, "step %d: %s: response without a body", s->step, jr_op_name(req->op));
        j = cJSON_ParseWithLength(resp.body, resp.body_len);
        if (!j || !cJSON_IsObject(j))
            jrf_fail(H, "step %d: %s: response body is not a JSON object: %.*s", s->step, jr_op_name(req->op),
                     (int)resp.body_len, resp.body);
        if (resp.status >= 400 && !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "message")))
            jrf_fail(H, "step %d: %s: error %d without a message", s->step, jr_op_name(req->op), resp.status);
        status = resp.status;
        if (s->trace && !s->checking)
            fprintf(stderr, "step %d: %s %s?%s %.*s -> %d %.*s\n", s->step, enc.method, enc.path, enc.query,
                    (int)(enc.body ? enc.body_len : 0), enc.body ? enc.body : "", status, (int)resp.body_len,
                    resp.body);
        jr_http_response_free(&resp);
        jr_encoded_request_free(&enc);
    } else {
        jr_response resp;
        jr_error err;
        memset(&resp, 0, sizeof resp);
        jr_error_clear(&err);
        if (jr_machine_execute(s->m, req, &resp, &err) == JR_OK) {
            if (!resp.body || !resp.body_len)
                jrf_fail(H, "step %d: %s: success without a body", s->step, jr_op_name(req->op));
            status = resp.http_status;
            if (json) {
                j = cJSON_ParseWithLength(resp.body, resp.body_len);
                if (!j || !cJSON_IsObject(j))
                    jrf_fail(H, "step %d: %s: response body is not a JSON object: %.*s", s->step,
                             jr_op_name(req->op), (int)resp.body_len, resp.body);
            }
        } else {
            if (err.type == JR_ERR_NONE || !err.message[0])
                jrf_fail(H, "step %d: %s: failed without an error type or message", s->step, jr_op_name(req->op));
            status = jr_error_http_status(err.type, req->plane);
            j = json ? cJSON_CreateObject() : NULL;
        }
        if (s->trace && !s->checking)
            fprintf(stderr, "step %d: (typed) %s -> %d %.*s\n", s->step, jr_op_name(req->op), status,
                    status < 400 ? (int)resp.body_len : (int)strlen(err.message), status < 400 ? resp.body : err.message);
        jr_response_free(&resp);
    }
    if (json) *json = j;
    else cJSON_Delete(j);
    jr_request_free(req);
    return status;
}

static void req_init(jr_request *r, jr_op op)
{
    memset(r, 0, sizeof *r);
    r->op = op;
    r->plane = jr_op_plane(op);
}

static int64_t num(const cJSON *o, const char *name, int64_t dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : dflt;
}

static const char *str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int pool_index(const char *const *pool, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (name && strcmp(name, pool[i]) == 0) return i;
    return -1;
}

static int job_index(const char *job_id) { return pool_index(JOBS, NJOBS, job_id); }
static int thing_index(const char *name) { return pool_index(THINGS, NTHINGS, name); }

/* ---- tracking ------------------------------------------------------------ */

/* executionNumber is unique within a job. */
static tracked *track_find(job_track *jt, int64_t number)
{
    for (size_t i = 0; i < jt->n; i++)
        if (jt->ex[i].number == number) return &jt->ex[i];
    return NULL;
}

/* A versionNumber the data plane reported for an execution: never lower
 * than the one introspected after the previous step. */
static void note_version(state *s, int j, int thing, int64_t number, int64_t version)
{
    if (j < 0 || thing < 0 || version < 0) return;
    tracked *t = track_find(&s->jobs[j], number);
    if (!t || t->thing != thing) return;
    if (version < t->version)
        jrf_fail(H, "step %d: versionNumber of %s on %s #%" PRId64 " went from %" PRId64 " to %" PRId64
                    " (data-plane response)",
                 s->step, JOBS[j], THINGS[thing], number, t->version, version);
}

/* The data-plane JobExecution (or JobExecutionState with jobId given). */
static void note_data_execution(state *s, const cJSON *ex, const char *thing)
{
    if (!cJSON_IsObject(ex)) return;
    int64_t number = num(ex, "executionNumber", -1);
    if (number < 0) return;
    note_version(s, job_index(str(ex, "jobId")), thing_index(thing), number, num(ex, "versionNumber", -1));
}

static void visit_job(void *ctx, const jr_job_view *v)
{
    state *s = ctx;
    int j = job_index(v->job_id);
    if (j < 0) jrf_fail(H, "step %d: introspection lists job %s, which no step can create", s->step, v->job_id);
    job_track *c = &s->cur[j];
    if (c->exists) jrf_fail(H, "step %d: introspection lists job %s twice", s->step, v->job_id);
    c->exists = true;
    c->status = (int)v->status;
    memcpy(c->counters, v->counters, sizeof c->counters);
    c->n = 0;
    c->overflow = false;
    if (v->executions > MAX_TRACK) c->overflow = true;
}

static void visit_exec(void *ctx, const jr_exec_view *v)
{
    state *s = ctx;
    int j = job_index(v->job_id);
    if (j < 0 || !s->cur[j].exists)
        jrf_fail(H, "step %d: execution of job %s, which introspection does not list", s->step, v->job_id);
    int t = thing_index(v->thing_name);
    if (t < 0) jrf_fail(H, "step %d: execution of %s on unknown thing %s", s->step, v->job_id, v->thing_name);
    job_track *c = &s->cur[j];
    if (c->n && c->ex[c->n - 1].number >= v->execution_number)
        jrf_fail(H, "step %d: job %s: executionNumber %" PRId64 " after %" PRId64 " (not unique and increasing)",
                 s->step, v->job_id, v->execution_number, c->ex[c->n - 1].number);
    if ((unsigned)v->status >= JR_EXEC_STATUS_COUNT)
        jrf_fail(H, "step %d: job %s: execution with status %d", s->step, v->job_id, (int)v->status);
    if (c->n == MAX_TRACK) {
        c->overflow = true;
        return;
    }
    c->ex[c->n++] = (tracked){t, v->execution_number, (int)v->status, v->version_number};
}

/* The per-step checks, all in process. */
static void check_step(state *s)
{
    char why[512];
    if (!jr_machine_check_invariants(s->m, why, sizeof why))
        jrf_fail(H, "step %d: jr_machine_check_invariants: %s", s->step, why);
    for (int j = 0; j < NJOBS; j++) {
        s->cur[j].exists = false;
        s->cur[j].n = 0;
    }
    jr_machine_visit_jobs(s->m, visit_job, s);
    jr_machine_visit_executions(s->m, visit_exec, s);
    for (int j = 0; j < NJOBS; j++) {
        job_track *old = &s->jobs[j], *c = &s->cur[j];
        if (!c->exists) {
            old->exists = false;
            old->n = 0;
            continue;
        }
        bool was_dip = old->exists && old->status == JR_JOB_DELETION_IN_PROGRESS;
        bool is_dip = c->status == JR_JOB_DELETION_IN_PROGRESS;
        /* A new job under a reused id: nothing to compare with. */
        if (!old->exists || (was_dip && !is_dip)) old->n = 0;
        if (!c->overflow) {
            int64_t per[JR_EXEC_STATUS_COUNT] = {0};
            for (size_t i = 0; i < c->n; i++) per[c->ex[i].status]++;
            for (int k = 0; k < JR_EXEC_STATUS_COUNT; k++)
                if (per[k] != c->counters[k])
                    jrf_fail(H, "step %d: job %s (%s): jobProcessDetails has %" PRId64 " %s but the job has %" PRId64
                                " such executions",
                             s->step, JOBS[j], jr_job_status_name((jr_job_status)c->status), c->counters[k],
                             jr_exec_status_name((jr_exec_status)k), per[k]);
        }
        for (size_t i = 0; i < c->n; i++) {
            const tracked *e = &c->ex[i];
            const tracked *o = track_find(old, e->number);
            if (!o) {
                if (was_dip && is_dip)
                    jrf_fail(H, "step %d: new execution %s on %s #%" PRId64 " appeared during DELETION_IN_PROGRESS",
                             s->step, JOBS[j], THINGS[e->thing], e->number);
                continue;
            }
            if (o->thing != e->thing)
                jrf_fail(H, "step %d: execution %s #%" PRId64 " moved from %s to %s", s->step, JOBS[j], e->number,
                         THINGS[o->thing], THINGS[e->thing]);
            if (jr_exec_status_is_terminal((jr_exec_status)o->status) && o->status != e->status)
                jrf_fail(H, "step %d: terminal execution %s on %s #%" PRId64 " changed from %s to %s", s->step,
                         JOBS[j], THINGS[e->thing], e->number, jr_exec_status_name((jr_exec_status)o->status),
                         jr_exec_status_name((jr_exec_status)e->status));
            if (e->version < o->version)
                jrf_fail(H, "step %d: versionNumber of %s on %s #%" PRId64 " went from %" PRId64 " to %" PRId64,
                         s->step, JOBS[j], THINGS[e->thing], e->number, o->version, e->version);
        }
        /* With an overflow the untracked excess is simply not compared. */
        old->exists = true;
        old->status = c->status;
        memcpy(old->counters, c->counters, sizeof old->counters);
        old->overflow = c->overflow;
        memcpy(old->ex, c->ex, c->n * sizeof c->ex[0]);
        old->n = c->n;
    }
}


#define PAGES_PER_WALK 3

/* The page size of a walk over n items: the requested one, raised so that
 * the walk takes at most PAGES_PER_WALK pages (and still more than one page
 * when n > 1 and the requested size allows it). */
static int64_t page_size(int64_t requested, int n)
{
    int64_t min = (n + PAGES_PER_WALK - 1) / PAGES_PER_WALK;
    return requested < min ? min : requested;
}

/* Generic paginated walk: every item once, same count as one big page.
 * key_fn renders an item's identity. */
typedef void (*key_fn)(const cJSON *item, char *buf, size_t len);

static void key_job(const cJSON *it, char *b, size_t n) { snprintf(b, n, "%s", str(it, "jobId") ? str(it, "jobId") : "?"); }
static void key_thing_exec(const cJSON *it, char *b, size_t n)
{
    const char *jid = str(it, "jobId");
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(it, "jobExecutionSummary");
    snprintf(b, n, "%s#%" PRId64, jid ? jid : "?", num(sum, "executionNumber", -1));
}
static void key_string(const cJSON *it, char *b, size_t n) { snprintf(b, n, "%s", cJSON_IsString(it) ? it->valuestring : "?"); }

/* Returns the number of items of the walk, or -1 when the first page fails
 * (e.g. the thing or group does not exist). With expect >= 0 the count is
 * known (introspection): the one-big-page pass is skipped and the small-page
 * walk must return exactly expect items. */
static int walk(state *s, const jr_request *tmpl, const char *member, key_fn key, int64_t max, int expect)
{
    char keys[256][96];
    size_t nkeys = 0;
    char *token = NULL;
    int all = expect;
    for (int pass = expect >= 0 ? 1 : 0; pass < 2; pass++) {
        /* At most about PAGES_PER_WALK pages: long walks cost more than
         * they find (the page boundary logic is the same on every page). */
        if (pass == 1) max = page_size(max, all);
        for (int page = 0;; page++) {
            if (page > 500) jrf_fail(H, "step %d: %s: more than 500 pages", s->step, jr_op_name(tmpl->op));
            jr_request r;
            req_init(&r, tmpl->op);
            if (tmpl->thing_name) r.thing_name = xstrdup(tmpl->thing_name);
            if (tmpl->thing_group_name) r.thing_group_name = xstrdup(tmpl->thing_group_name);
            r.has_exec_status = tmpl->has_exec_status;
            r.exec_status = tmpl->exec_status;
            r.has_job_status = tmpl->has_job_status;
            r.job_status = tmpl->job_status;
            r.recursive = tmpl->recursive;
            r.max_results.present = true;
            r.max_results.value = pass == 0 ? JR_MAX_RESULTS_MAX : max;
            r.next_token = token;
            token = NULL;
            cJSON *j = NULL;
            int st = call(s, &r, &j);
            if (st != 200) {
                cJSON_Delete(j);
                if (page == 0 && pass == 0) return -1; /* e.g. thing or group does not exist */
                jrf_fail(H, "step %d: %s page %d (pass %d) gave %d", s->step, jr_op_name(tmpl->op), page, pass, st);
            }
            const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, member), *it;
            if (pass == 0) {
                all = cJSON_GetArraySize(arr);
            } else {
                if (cJSON_GetArraySize(arr) > max)
                    jrf_fail(H, "step %d: %s: page larger than maxResults", s->step, jr_op_name(tmpl->op));
                cJSON_ArrayForEach(it, arr)
                {
                    char k[96];
                    key(it, k, sizeof k);
                    for (size_t i = 0; i < nkeys; i++)
                        if (strcmp(keys[i], k) == 0)
                            jrf_fail(H, "step %d: %s: item %s returned twice by the walk", s->step,
                                     jr_op_name(tmpl->op), k);
                    if (nkeys < 256) memcpy(keys[nkeys++], k, sizeof k);
                }
            }
            const char *nt = str(j, "nextToken");
            if (nt && *nt) token = xstrdup(nt);
            cJSON_Delete(j);
            if (!token) break;
            if (pass == 0) {
                /* 250 is larger than anything the pools can create. */
                free(token);
                jrf_fail(H, "step %d: %s: nextToken after a page of %d < 250 items", s->step, jr_op_name(tmpl->op),
                         all);
            }
        }
    }
    if (all >= 0 && (size_t)all != nkeys && nkeys < 256)
        jrf_fail(H, "step %d: %s: walk with maxResults %" PRId64 " gave %zu items, %s %d", s->step,
                 jr_op_name(tmpl->op), max, nkeys, expect >= 0 ? "introspection" : "one page gave", all);
    return (int)nkeys;
}
/* ---- operations ------------------------------------------------------------ */

static void add_targets(state *s, jr_request *r, uint8_t mask)
{
    for (int i = 0; i < NTHINGS; i++)
        if (mask & (1u << i)) str_list_add(&r->targets, arn_of("thing", THINGS[i]));
    for (int i = 0; i < NGROUPS; i++)
        if (mask & (1u << (4 + i))) str_list_add(&r->targets, arn_of("thinggroup", GROUPS[i]));
    if (mask & 0x80u) str_list_add(&r->targets, arn_of("thing", "nosuchthing"));
    (void)s;
}

static void iso_time(int64_t ms, char *buf, size_t n)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void add_configs(state *s, jr_request *r, uint8_t sel, bool create)
{
    static const int64_t PER_MIN[] = {1, 2, 1000};
    static const double FACTOR[] = {1.1, 2.0, 5.0};
    static const double THRESH[] = {10.0, 50.0, 100.0, 0.5};
    static const int64_t RETRIES[] = {0, 1, 2, 10};
    static const int64_t TIMEOUT[] = {1, 10, 10080};
    if (sel & 1u) {
        uint8_t b = next_byte(s);
        r->rollout_config.present = true;
        if (b & 0x80u) {
            r->rollout_config.has_exponential_rate = true;
            r->rollout_config.base_rate_per_minute = 1 + b % 3;
            r->rollout_config.increment_factor = FACTOR[(b >> 2) % 3];
            if (b & 0x40u) r->rollout_config.number_of_succeeded_things = (jr_opt_i64){true, 1 + (b >> 4) % 2};
            else r->rollout_config.number_of_notified_things = (jr_opt_i64){true, 1 + (b >> 4) % 2};
        } else {
            r->rollout_config.maximum_per_minute = (jr_opt_i64){true, PER_MIN[b % 3]};
        }
    }
    if (sel & 2u) {
        uint8_t b = next_byte(s);
        r->abort_config.present = true;
        size_t n = 1 + (b & 1u);
        r->abort_config.criteria = calloc(n, sizeof *r->abort_config.criteria);
        if (!r->abort_config.criteria) abort();
        r->abort_config.count = n;
        for (size_t i = 0; i < n; i++) {
            r->abort_config.criteria[i].failure_type = (jr_failure_type)(((b >> 1) + i) % JR_FAILURE_TYPE_COUNT);
            r->abort_config.criteria[i].action = JR_ABORT_CANCEL;
            r->abort_config.criteria[i].threshold_percentage = THRESH[(b >> 3) % 4];
            r->abort_config.criteria[i].min_number_of_executed_things = 1 + (b >> 5) % 3;
        }
    }
    if (sel & 4u) {
        uint8_t b = next_byte(s);
        r->retry_config.present = true;
        size_t n = 1 + (b & 1u);
        r->retry_config.criteria = calloc(n, sizeof *r->retry_config.criteria);
        if (!r->retry_config.criteria) abort();
        r->retry_config.count = n;
        for (size_t i = 0; i < n; i++) {
            /* two criteria must name different failure types */
            r->retry_config.criteria[i].failure_type =
                (jr_retry_failure_type)(((b >> 1) + i) % (n == 2 ? 2 : JR_RETRY_FAILURE_TYPE_COUNT));
            r->retry_config.criteria[i].number_of_retries = RETRIES[(b >> 3) % 4];
        }
    }
    if (sel & 8u) {
        uint8_t b = next_byte(s);
        r->timeout_config.present = true;
        r->timeout_config.in_progress_timeout_minutes = (jr_opt_i64){true, TIMEOUT[b % 3]};
    }
    if (create && (sel & 16u)) {
        uint8_t b = next_byte(s);
        char buf[64];
        r->scheduling_config.present = true;
        iso_time(s->vc.now_ms + (int64_t)(31 + (b % 4) * 30) * 60000, buf, sizeof buf);
        r->scheduling_config.start_time = xstrdup(buf);
        if (b & 0x10u) {
            iso_time(s->vc.now_ms + (int64_t)(31 + (b % 4) * 30 + 60) * 60000, buf, sizeof buf);
            r->scheduling_config.end_time = xstrdup(buf);
            r->scheduling_config.has_end_behavior = true;
            r->scheduling_config.end_behavior = (jr_end_behavior)((b >> 5) % JR_END_BEHAVIOR_COUNT);
        }
    }
    if (sel & 32u) r->description = xstrdup("fuzzed job");
}

static bool must_fail_dip(state *s, int j) { return s->jobs[j].exists && s->jobs[j].status == JR_JOB_DELETION_IN_PROGRESS; }

static int64_t exp_version(state *s, int j, const char *thing, uint8_t b)
{
    /* 0: none; 1: the current version; 2: current - 1; 3: 999 */
    int64_t cur = 1;
    int t = thing_index(thing);
    job_track *jt = &s->jobs[j];
    for (size_t i = 0; i < jt->n; i++)
        if (jt->ex[i].thing == t && jt->ex[i].version > 0) cur = jt->ex[i].version;
    switch (b % 4) {
    case 1: return cur;
    case 2: return cur - 1;
    case 3: return 999;
    default: return -1;
    }
}

static void do_step(state *s)
{
    uint8_t op = next_byte(s) % JRF_SM_COUNT;
    jr_request r;
    cJSON *j = NULL;
    int st;
    switch (op) {
    case JRF_SM_CREATE_THING: {
        uint8_t b = next_byte(s);
        req_init(&r, JR_OP_CREATE_THING);
        r.thing_name = xstrdup(THINGS[b % NTHINGS]);
        if (b & 0x80u) kv_add(&r.attributes, "v", (b & 0x40u) ? "2" : "1");
        if (b & 0x20u) r.thing_type_name = xstrdup("sensor");
        call(s, &r, NULL);
        break;
    }
    case JRF_SM_DESCRIBE_THING:
        req_init(&r, JR_OP_DESCRIBE_THING);
        r.thing_name = xstrdup(THINGS[next_byte(s) % NTHINGS]);
        call(s, &r, NULL);
        break;
    case JRF_SM_DESCRIBE_GROUP:
        req_init(&r, JR_OP_DESCRIBE_THING_GROUP);
        r.thing_group_name = xstrdup(GROUPS[next_byte(s) % NGROUPS]);
        call(s, &r, NULL);
        break;
    case JRF_SM_DELETE_THING:
        req_init(&r, JR_OP_DELETE_THING);
        r.thing_name = xstrdup(THINGS[next_byte(s) % NTHINGS]);
        call(s, &r, NULL);
        break;
    case JRF_SM_CREATE_GROUP: {
        uint8_t b = next_byte(s);
        req_init(&r, JR_OP_CREATE_THING_GROUP);
        r.thing_group_name = xstrdup(GROUPS[b % NGROUPS]);
        if (b & 0x80u) r.parent_group_name = xstrdup(GROUPS[(b >> 2) % NGROUPS]);
        call(s, &r, NULL);
        break;
    }
    case JRF_SM_DELETE_GROUP:
        req_init(&r, JR_OP_DELETE_THING_GROUP);
        r.thing_group_name = xstrdup(GROUPS[next_byte(s) % NGROUPS]);
        call(s, &r, NULL);
        break;
    case JRF_SM_ADD_TO_GROUP:
    case JRF_SM_REMOVE_FROM_GROUP: {
        uint8_t b = next_byte(s);
        req_init(&r, op == JRF_SM_ADD_TO_GROUP ? JR_OP_ADD_THING_TO_THING_GROUP : JR_OP_REMOVE_THING_FROM_THING_GROUP);
        if (b & 0x40u) r.thing_arn = arn_of("thing", THINGS[b % NTHINGS]);
        else r.thing_name = xstrdup(THINGS[b % NTHINGS]);
        if (b & 0x80u) r.thing_group_arn = arn_of("thinggroup", GROUPS[(b >> 2) % NGROUPS]);
        else r.thing_group_name = xstrdup(GROUPS[(b >> 2) % NGROUPS]);
        call(s, &r, NULL);
        break;
    }
    case JRF_SM_CREATE_JOB: {
        uint8_t b = next_byte(s), mask = next_byte(s), sel = next_byte(s);
        int ji = b % NJOBS;
        req_init(&r, JR_OP_CREATE_JOB);
        r.job_id = xstrdup(JOBS[ji]);
        add_targets(s, &r, mask);
        if (b & 0x10u) r.document_source = xstrdup("https://s3.amazonaws.com/bucket/job.json");
        else r.document = xstrdup("{\"action\":\"update\",\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k}\"}");
        if (b & 0x20u) {
            r.has_target_selection = true;
            r.target_selection = (b & 0x40u) ? JR_TARGET_CONTINUOUS : JR_TARGET_SNAPSHOT;
        }
        add_configs(s, &r, sel, true);
        call(s, &r, NULL);
        break;
    }
    case JRF_SM_DESCRIBE_JOB:
        req_init(&r, JR_OP_DESCRIBE_JOB);
        r.job_id = xstrdup(JOBS[next_byte(s) % NJOBS]);
        call(s, &r, NULL);
        break;
    case JRF_SM_GET_DOCUMENT:
        req_init(&r, JR_OP_GET_JOB_DOCUMENT);
        r.job_id = xstrdup(JOBS[next_byte(s) % NJOBS]);
        call(s, &r, NULL);
        break;
    case JRF_SM_ASSOCIATE: {
        uint8_t b = next_byte(s), mask = next_byte(s);
        int ji = b % NJOBS;
        req_init(&r, JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
        r.job_id = xstrdup(JOBS[ji]);
        add_targets(s, &r, mask);
        if (b & 0x10u) r.comment = xstrdup("more targets");
        bool dip = must_fail_dip(s, ji);
        st = call(s, &r, NULL);
        if (dip && st == 200) jrf_fail(H, "step %d: AssociateTargetsWithJob %s accepted during DELETION_IN_PROGRESS", s->step, JOBS[ji]);
        break;
    }
    case JRF_SM_CANCEL_JOB: {
        uint8_t b = next_byte(s);
        int ji = b % NJOBS;
        req_init(&r, JR_OP_CANCEL_JOB);
        r.job_id = xstrdup(JOBS[ji]);
        if (b & 0x10u) r.force = (jr_opt_bool){true, (b & 0x20u) != 0};
        if (b & 0x40u) r.reason_code = xstrdup("FUZZ_REASON_1");
        if (b & 0x80u) r.comment = xstrdup("canceled by the fuzzer");
        bool dip = must_fail_dip(s, ji);
        st = call(s, &r, NULL);
        if (dip && st == 200) jrf_fail(H, "step %d: CancelJob %s accepted during DELETION_IN_PROGRESS", s->step, JOBS[ji]);
        break;
    }
    case JRF_SM_DELETE_JOB: {
        uint8_t b = next_byte(s);
        int ji = b % NJOBS;
        req_init(&r, JR_OP_DELETE_JOB);
        r.job_id = xstrdup(JOBS[ji]);
        if (b & 0x10u) r.force = (jr_opt_bool){true, (b & 0x20u) != 0};
        bool dip = must_fail_dip(s, ji);
        st = call(s, &r, NULL);
        if (dip && st == 200) jrf_fail(H, "step %d: DeleteJob %s accepted during DELETION_IN_PROGRESS", s->step, JOBS[ji]);
        break;
    }
    case JRF_SM_UPDATE_JOB: {
        uint8_t b = next_byte(s), sel = next_byte(s);
        int ji = b % NJOBS;
        req_init(&r, JR_OP_UPDATE_JOB);
        r.job_id = xstrdup(JOBS[ji]);
        add_configs(s, &r, sel & ~16u, false);
        bool dip = must_fail_dip(s, ji);
        st = call(s, &r, NULL);
        if (dip && st == 200) jrf_fail(H, "step %d: UpdateJob %s accepted during DELETION_IN_PROGRESS", s->step, JOBS[ji]);
        break;
    }
    case JRF_SM_UPDATE_EXECUTION: {
        static const int64_t STEP[] = {-1, 1, 10080, 0, 10081, 5};
        uint8_t b = next_byte(s), c = next_byte(s);
        int ji = (b >> 2) % NJOBS;
        const char *thing = THINGS[b % NTHINGS];
        req_init(&r, JR_OP_UPDATE_JOB_EXECUTION);
        r.thing_name = xstrdup(thing);
        r.job_id = xstrdup(JOBS[ji]);
        r.has_exec_status = true;
        r.exec_status = (jr_exec_status)(c % JR_EXEC_STATUS_COUNT);
        int64_t ev = exp_version(s, ji, thing, c >> 3);
        if (ev >= 0) r.expected_version = (jr_opt_i64){true, ev};
        if (c & 0x20u) r.step_timeout_minutes = (jr_opt_i64){true, STEP[(b >> 4) % 6]};
        r.include_job_execution_state = (jr_opt_bool){true, true};
        if (c & 0x40u) r.include_job_document = (jr_opt_bool){true, true};
        if (c & 0x80u) kv_add(&r.status_details, "progress", "50%");
        st = call(s, &r, &j);
        if (st == 200) {
            const cJSON *es = cJSON_GetObjectItemCaseSensitive(j, "executionState");
            if (!cJSON_IsObject(es)) jrf_fail(H, "step %d: UpdateJobExecution without executionState", s->step);
            /* The latest tracked execution of this thing for this job. */
            int t = thing_index(thing);
            int64_t latest = -1;
            for (size_t i = 0; i < s->jobs[ji].n; i++)
                if (s->jobs[ji].ex[i].thing == t && s->jobs[ji].ex[i].number > latest)
                    latest = s->jobs[ji].ex[i].number;
            if (latest >= 0) note_version(s, ji, t, latest, num(es, "versionNumber", -1));
        }
        cJSON_Delete(j);
        break;
    }
    case JRF_SM_START_NEXT: {
        uint8_t b = next_byte(s);
        const char *thing = THINGS[b % NTHINGS];
        req_init(&r, JR_OP_START_NEXT_PENDING_JOB_EXECUTION);
        r.thing_name = xstrdup(thing);
        if (b & 0x10u) r.step_timeout_minutes = (jr_opt_i64){true, (b & 0x20u) ? 1 : 60};
        if (b & 0x40u) kv_add(&r.status_details, "step", "download");
        st = call(s, &r, &j);
        if (st == 200) note_data_execution(s, cJSON_GetObjectItemCaseSensitive(j, "execution"), thing);
        cJSON_Delete(j);
        break;
    }
    case JRF_SM_CANCEL_EXECUTION: {
        uint8_t b = next_byte(s);
        int ji = (b >> 2) % NJOBS;
        const char *thing = THINGS[b % NTHINGS];
        req_init(&r, JR_OP_CANCEL_JOB_EXECUTION);
        r.thing_name = xstrdup(thing);
        r.job_id = xstrdup(JOBS[ji]);
        if (b & 0x10u) r.force = (jr_opt_bool){true, (b & 0x20u) != 0};
        int64_t ev = exp_version(s, ji, thing, b >> 6);
        if (ev >= 0) r.expected_version = (jr_opt_i64){true, ev};
        call(s, &r, NULL);
        break;
    }
    case JRF_SM_DELETE_EXECUTION: {
        uint8_t b = next_byte(s);
        req_init(&r, JR_OP_DELETE_JOB_EXECUTION);
        r.thing_name = xstrdup(THINGS[b % NTHINGS]);
        r.job_id = xstrdup(JOBS[(b >> 2) % NJOBS]);
        r.execution_number = (jr_opt_i64){true, 1 + (b >> 4) % 3};
        if (b & 0x40u) r.force = (jr_opt_bool){true, (b & 0x80u) != 0};
        call(s, &r, NULL);
        break;
    }
    case JRF_SM_DESCRIBE_EXECUTION: {
        uint8_t b = next_byte(s);
        req_init(&r, JR_OP_DESCRIBE_JOB_EXECUTION);
        r.thing_name = xstrdup(THINGS[b % NTHINGS]);
        r.job_id = xstrdup(JOBS[(b >> 2) % NJOBS]);
        if (b & 0x10u) r.execution_number = (jr_opt_i64){true, 1 + (b >> 5) % 3};
        call(s, &r, NULL);
        break;
    }
    case JRF_SM_DATA_DESCRIBE_EXECUTION: {
        uint8_t b = next_byte(s);
        int ji = (b >> 2) % NJOBS;
        const char *thing = THINGS[b % NTHINGS];
        req_init(&r, JR_OP_DATA_DESCRIBE_JOB_EXECUTION);
        r.thing_name = xstrdup(thing);
        r.job_id = xstrdup((b & 0x80u) ? "$next" : JOBS[ji]);
        if (b & 0x10u) r.include_job_document = (jr_opt_bool){true, true};
        if (b & 0x20u) r.execution_number = (jr_opt_i64){true, 1 + (b >> 6) % 2};
        st = call(s, &r, &j);
        if (st == 200) note_data_execution(s, cJSON_GetObjectItemCaseSensitive(j, "execution"), thing);
        cJSON_Delete(j);
        break;
    }
    case JRF_SM_GET_PENDING:
        req_init(&r, JR_OP_GET_PENDING_JOB_EXECUTIONS);
        r.thing_name = xstrdup(THINGS[next_byte(s) % NTHINGS]);
        call(s, &r, NULL);
        break;
    case JRF_SM_LIST_JOBS: {
        uint8_t b = next_byte(s);
        req_init(&r, JR_OP_LIST_JOBS);
        if (b & 0x80u) {
            r.has_job_status = true;
            r.job_status = (jr_job_status)((b >> 4) % JR_JOB_STATUS_COUNT);
        }
        walk(s, &r, "jobs", key_job, 1 + b % 3, -1);
        jr_request_free(&r);
        break;
    }
    case JRF_SM_LIST_FOR_THING: {
        uint8_t b = next_byte(s);
        req_init(&r, JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
        r.thing_name = xstrdup(THINGS[b % NTHINGS]);
        if (b & 0x80u) {
            r.has_exec_status = true;
            r.exec_status = (jr_exec_status)((b >> 4) % JR_EXEC_STATUS_COUNT);
        }
        walk(s, &r, "executionSummaries", key_thing_exec, 1 + (b >> 2) % 3, -1);
        jr_request_free(&r);
        break;
    }
    case JRF_SM_LIST_THINGS_IN_GROUP: {
        uint8_t b = next_byte(s);
        req_init(&r, JR_OP_LIST_THINGS_IN_THING_GROUP);
        r.thing_group_name = xstrdup(GROUPS[b % NGROUPS]);
        if (b & 0x80u) r.recursive = (jr_opt_bool){true, true};
        walk(s, &r, "things", key_string, 1 + (b >> 2) % 2, -1);
        jr_request_free(&r);
        break;
    }
    case JRF_SM_ADVANCE: {
        static const int64_t DELTA[] = {1, 1000, 59000, 61000, 600000, 3600000, 86400000, 8LL * 86400000};
        jr_virtual_clock_advance(&s->vc, DELTA[next_byte(s) % 8]);
        jr_machine_advance(s->m);
        break;
    }
    }
}


/* ---- checks over HTTP ------------------------------------------------------ */

static const char *const COUNTER[JR_EXEC_STATUS_COUNT] = {
    "numberOfQueuedThings",   "numberOfInProgressThings", "numberOfSucceededThings", "numberOfFailedThings",
    "numberOfTimedOutThings", "numberOfRejectedThings",   "numberOfRemovedThings",   "numberOfCanceledThings"};

/* DescribeJob of job j agrees with what introspection saw after this step. */
static void wire_describe_job(state *s, int j)
{
    const job_track *jt = &s->jobs[j];
    jr_request r;
    req_init(&r, JR_OP_DESCRIBE_JOB);
    r.job_id = xstrdup(JOBS[j]);
    cJSON *dj = NULL;
    int st = call(s, &r, &dj);
    if (st != 200) jrf_fail(H, "step %d: DescribeJob %s gave %d, introspection has the job", s->step, JOBS[j], st);
    const cJSON *job = cJSON_GetObjectItemCaseSensitive(dj, "job");
    const char *status = str(job, "status");
    if (!status || strcmp(status, jr_job_status_name((jr_job_status)jt->status)) != 0)
        jrf_fail(H, "step %d: DescribeJob %s says status %s, introspection %s", s->step, JOBS[j],
                 status ? status : "(none)", jr_job_status_name((jr_job_status)jt->status));
    const cJSON *pd = cJSON_GetObjectItemCaseSensitive(job, "jobProcessDetails");
    for (int k = 0; k < JR_EXEC_STATUS_COUNT; k++)
        if (num(pd, COUNTER[k], -1) != jt->counters[k])
            jrf_fail(H, "step %d: DescribeJob %s: %s = %" PRId64 ", introspection %" PRId64, s->step, JOBS[j],
                     COUNTER[k], num(pd, COUNTER[k], -1), jt->counters[k]);
    cJSON_Delete(dj);
}

/* A full ListJobExecutionsForJob walk with pages of `max` returns each
 * execution of the job exactly once, with the introspected status. */
static void wire_walk_job(state *s, int j, int64_t max)
{
    const job_track *jt = &s->jobs[j];
    bool seen[MAX_TRACK] = {false};
    size_t nseen = 0;
    char *token = NULL;
    for (int page = 0;; page++) {
        if (page > 500) jrf_fail(H, "step %d: ListJobExecutionsForJob %s: more than 500 pages", s->step, JOBS[j]);
        jr_request r;
        req_init(&r, JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
        r.job_id = xstrdup(JOBS[j]);
        r.max_results = (jr_opt_i64){true, max};
        r.next_token = token;
        token = NULL;
        cJSON *lj = NULL;
        int st = call(s, &r, &lj);
        if (st != 200) jrf_fail(H, "step %d: ListJobExecutionsForJob %s page %d gave %d", s->step, JOBS[j], page, st);
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(lj, "executionSummaries"), *it;
        if (cJSON_GetArraySize(arr) > max)
            jrf_fail(H, "step %d: ListJobExecutionsForJob %s: page of %d items > maxResults %" PRId64, s->step,
                     JOBS[j], cJSON_GetArraySize(arr), max);
        cJSON_ArrayForEach(it, arr)
        {
            const char *arn = str(it, "thingArn");
            const cJSON *sum = cJSON_GetObjectItemCaseSensitive(it, "jobExecutionSummary");
            const char *es = str(sum, "status");
            int64_t number = num(sum, "executionNumber", -1);
            int t = arn && strncmp(arn, ARN_PREFIX "thing/", strlen(ARN_PREFIX "thing/")) == 0
                        ? thing_index(arn + strlen(ARN_PREFIX "thing/"))
                        : -1;
            if (t < 0 || !es || number < 0)
                jrf_fail(H, "step %d: ListJobExecutionsForJob %s: malformed summary", s->step, JOBS[j]);
            size_t i = 0;
            while (i < jt->n && jt->ex[i].number != number) i++;
            if (i == jt->n) {
                if (jt->overflow) continue;
                jrf_fail(H, "step %d: ListJobExecutionsForJob %s lists %s #%" PRId64 ", which the job does not have",
                         s->step, JOBS[j], THINGS[t], number);
            }
            if (seen[i])
                jrf_fail(H, "step %d: ListJobExecutionsForJob %s: %s #%" PRId64 " listed twice", s->step, JOBS[j],
                         THINGS[t], number);
            seen[i] = true;
            nseen++;
            if (jt->ex[i].thing != t || strcmp(es, jr_exec_status_name((jr_exec_status)jt->ex[i].status)) != 0)
                jrf_fail(H, "step %d: ListJobExecutionsForJob %s: #%" PRId64 " listed as %s on %s, introspection: %s on %s",
                         s->step, JOBS[j], number, es, THINGS[t],
                         jr_exec_status_name((jr_exec_status)jt->ex[i].status), THINGS[jt->ex[i].thing]);
        }
        const char *nt = str(lj, "nextToken");
        if (nt && *nt) token = xstrdup(nt);
        cJSON_Delete(lj);
        if (!token) break;
    }
    if (nseen != jt->n)
        jrf_fail(H, "step %d: ListJobExecutionsForJob %s walk (maxResults %" PRId64 ") gave %zu of the %zu executions",
                 s->step, JOBS[j], max, nseen, jt->n);
}

/* Every WALK_PERIOD steps and after the last one. Checking changes nothing:
 * the invariants still hold after it. */
static void check_wire(state *s, bool last)
{
    char why[512];
    int64_t max = 1 + s->step % 3;
    s->checking = true;
    s->http = true;
    /* Whatever fell due at this instant (a zero step timeout, ...) would
     * happen on the first request below: apply it and check it first, so
     * the wire and the introspected state describe the same instant. */
    jr_machine_advance(s->m);
    check_step(s);
    /* One ListJobExecutionsForJob walk, of the job with the most
     * executions (the most page boundaries); every job's counters and
     * statuses are checked in process after every step already. */
    int big = -1;
    for (int j = 0; j < NJOBS; j++) {
        if (!s->jobs[j].exists) continue;
        if (big < 0 || s->jobs[j].n > s->jobs[big].n) big = j;
    }
    if (big >= 0) {
        if (last) wire_describe_job(s, big);
        wire_walk_job(s, big, page_size(max, (int)s->jobs[big].n));
    }
    if (!jr_machine_check_invariants(s->m, why, sizeof why))
        jrf_fail(H, "step %d: after the checks: jr_machine_check_invariants: %s", s->step, why);
    s->checking = false;
}

static void trace_state(const state *s)
{
    for (int j = 0; j < NJOBS; j++) {
        if (!s->jobs[j].exists) continue;
        fprintf(stderr, "    %s %s:", JOBS[j], jr_job_status_name((jr_job_status)s->jobs[j].status));
        for (size_t i = 0; i < s->jobs[j].n; i++)
            fprintf(stderr, " %s#%" PRId64 "=%s/v%" PRId64, THINGS[s->jobs[j].ex[i].thing], s->jobs[j].ex[i].number,
                    jr_exec_status_name((jr_exec_status)s->jobs[j].ex[i].status), s->jobs[j].ex[i].version);
        fputc('\n', stderr);
    }
}

/* Self-test hook: JRF_SM_FAULTS="name,name" runs the machine with
 * deliberate faults, which the checks above must catch (ctest
 * fuzz.selftest.*). Read once. */
static jr_fault_set env_faults(void)
{
    static bool read;
    static jr_fault_set faults;
    if (read) return faults;
    read = true;
    const char *env = getenv("JRF_SM_FAULTS");
    char buf[512];
    snprintf(buf, sizeof buf, "%s", env ? env : "");
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        jr_fault f;
        if (!jr_fault_parse(tok, &f)) {
            fprintf(stderr, "JRF_SM_FAULTS: unknown fault %s\n", tok);
            exit(2);
        }
        faults |= JR_FAULT_BIT(f);
    }
    return faults;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static state s; /* large; static keeps it off the stack */
    static bool trace_read, trace;
    if (!trace_read) {
        trace_read = true;
        trace = getenv("JRF_SM_TRACE") != NULL;
    }
    /* Each input starts from a fresh machine and empty tracking (the
     * tracked executions are reset by their counts, not memset). */
    for (int j = 0; j < NJOBS; j++) {
        s.jobs[j].exists = false;
        s.jobs[j].n = 0;
    }
    s.trace = trace;
    s.checking = false;
    s.p = data;
    s.end = data + size;
    jr_virtual_clock_init(&s.vc, START_MS);
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    cfg.deletion_delay_ms = 1000;
    cfg.token_key = 0x5eed;
    cfg.faults = env_faults();
    s.m = jr_machine_new(&cfg, jr_clock_virtual(&s.vc));
    if (!s.m) return 0;
    for (s.step = 0; s.step < MAX_STEPS && s.p < s.end; s.step++) {
        s.http = s.step % HTTP_PERIOD == HTTP_PERIOD - 1;
        do_step(&s);
        check_step(&s);
        bool last = s.step + 1 == MAX_STEPS || s.p >= s.end;
        if (last || s.step % WALK_PERIOD == WALK_PERIOD - 1) check_wire(&s, last);
        if (s.trace) trace_state(&s);
    }
    jr_machine_free(s.m);
    s.m = NULL;
    return 0;
}
