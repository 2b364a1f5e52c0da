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
 * The steps come from the operation grammar shared with the differential
 * fuzzer of `jobsconf fuzz` (fuzz/jrf_grammar.h): one opcode byte
 * (op = byte % JRF_SM_COUNT), then the operation's parameter bytes; a
 * missing byte reads as 0. At most MAX_STEPS steps per input. */
#include <inttypes.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "jrf_grammar.h"

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
static const char *const JOBS[NJOBS] = {"j0", "j1", "j2", "j3"};

static char *xstrdup(const char *x)
{
    char *d = strdup(x);
    if (!d) abort(); /* out of memory in the harness itself */
    return d;
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

static int job_index(const char *job_id) { return jrf_pool_index(JOBS, NJOBS, job_id); }
static int thing_index(const char *name) { return jrf_pool_index(THINGS, NTHINGS, name); }

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

static const jrf_pools POOLS = {{"t0", "t1", "t2", "t3"}, {"g0", "g1", "g2"}, {"j0", "j1", "j2", "j3"},
                                "nosuchthing", ARN_PREFIX};

static bool must_fail_dip(state *s, int j) { return j >= 0 && s->jobs[j].exists && s->jobs[j].status == JR_JOB_DELETION_IN_PROGRESS; }

/* The grammar's expectedVersion base: the version of the latest tracked
 * execution of the thing with a positive version, else 1. */
static int64_t tracked_version(void *ctx, int j, int t)
{
    state *s = ctx;
    int64_t cur = 1;
    job_track *jt = &s->jobs[j];
    for (size_t i = 0; i < jt->n; i++)
        if (jt->ex[i].thing == t && jt->ex[i].version > 0) cur = jt->ex[i].version;
    return cur;
}

static key_fn walk_key(jrf_walk_key k)
{
    return k == JRF_KEY_JOB ? key_job : k == JRF_KEY_THING_EXEC ? key_thing_exec : key_string;
}

/* One step of the shared grammar (fuzz/jrf_grammar.c), then the checks that
 * belong to its operation. */
static void do_step(state *s)
{
    jrf_gen_ctx g = {&POOLS, s->vc.now_ms, tracked_version, s};
    jrf_step step;
    s->p += jrf_grammar_step(&g, s->p, (size_t)(s->end - s->p), &step);
    jr_request r = step.req;
    memset(&step.req, 0, sizeof step.req); /* call() consumes r */
    cJSON *j = NULL;
    int st;
    const char *thing = step.thing >= 0 ? THINGS[step.thing] : NULL;
    /* Limit steps go through the decoder, which owns those checks (a typed
     * 65-character jobId would reach the machine unchecked). */
    if (step.opcode == JRF_SM_LIMITS) s->http = true;
    switch (step.opcode) {
    case JRF_SM_ASSOCIATE:
    case JRF_SM_CANCEL_JOB:
    case JRF_SM_DELETE_JOB:
    case JRF_SM_UPDATE_JOB: {
        bool dip = must_fail_dip(s, step.job);
        const char *name = jr_op_name(r.op);
        st = call(s, &r, NULL);
        if (dip && st == 200) jrf_fail(H, "step %d: %s %s accepted during DELETION_IN_PROGRESS", s->step, name, JOBS[step.job]);
        break;
    }
    case JRF_SM_UPDATE_EXECUTION: {
        int ji = step.job;
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
    case JRF_SM_START_NEXT:
    case JRF_SM_DATA_DESCRIBE_EXECUTION:
        st = call(s, &r, &j);
        if (st == 200) note_data_execution(s, cJSON_GetObjectItemCaseSensitive(j, "execution"), thing);
        cJSON_Delete(j);
        break;
    case JRF_SM_ADVANCE:
        jr_virtual_clock_advance(&s->vc, step.advance_ms);
        jr_machine_advance(s->m);
        break;
    default:
        if (step.kind == JRF_STEP_WALK) {
            walk(s, &r, step.walk_member, walk_key(step.walk_key), step.walk_max, -1);
            jr_request_free(&r);
        } else {
            call(s, &r, NULL);
        }
        break;
    }
    jrf_step_free(&step);
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
        /* Every input builds and frees a whole machine: without this glibc
         * gives the top of the heap back (brk) after each one and faults it
         * in again on the next (5 % of a run's CPU). No effect under ASan. */
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
        mallopt(M_TOP_PAD, 16 << 20);
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
