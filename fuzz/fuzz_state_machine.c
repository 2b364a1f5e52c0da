/* fuzz_state_machine: the input is a sequence of operations over small name
 * pools (4 things, 3 groups, 4 job ids) applied to ONE jr_machine on a
 * virtual clock. Every operation is a typed jr_request rendered by
 * jr_encode_request and sent through jr_service_handle, so the real route and
 * decode path runs. After every step the harness checks:
 *   - jr_machine_check_invariants;
 *   - DescribeJob's jobProcessDetails counters equal the executions per
 *     status seen by a full ListJobExecutionsForJob walk (small maxResults
 *     each CHECK_PERIOD steps, one page otherwise), and that walk returns
 *     every execution exactly once;
 *   - a terminal execution never changes status again;
 *   - versionNumber of an execution never decreases (every execution the
 *     device touches, and every non-terminal one each CHECK_PERIOD steps);
 *   - a DELETION_IN_PROGRESS job accepts no new work (AssociateTargetsWithJob,
 *     UpdateJob, CancelJob fail; no new executions appear);
 *   - full ListJobs / ListJobExecutionsForThing / ListThingsInThingGroup
 *     walks return every item exactly once and as many as one big page.
 * A violation prints what broke and abort()s. Teardown frees everything (the
 * LeakSanitizer of the libFuzzer build reports leaks).
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
#define MAX_STEPS 48
#define CHECK_PERIOD 4
#define MAX_TRACK 160
#define START_MS 1700000000000LL
#define ARN_PREFIX "arn:aws:iot:us-east-1:123456789012:"


typedef struct tracked {
    char thing_arn[160];
    int64_t number;
    int status; /* jr_exec_status */
    int64_t version; /* -1 unknown */
} tracked;

typedef struct job_track {
    bool exists;
    int status; /* jr_job_status, valid when exists */
    size_t n;
    tracked ex[MAX_TRACK];
} job_track;

typedef struct state {
    const uint8_t *p, *end;
    jr_virtual_clock vc;
    jr_machine *m;
    job_track jobs[NJOBS];
    int step;
    bool trace;    /* JRF_SM_TRACE set: print each step's request and response */
    bool checking; /* inside the per-step checks (not traced) */
    bool deep;     /* this step also runs the costly checks */
    bool created[NJOBS]; /* CreateJob was sent for this id in this step */
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

/* Sends a typed request (consumed: freed here) through the encoder and the
 * service. Returns the HTTP status; *json gets the parsed body (caller
 * deletes) when json is non-NULL. */
static int call(state *s, jr_request *req, cJSON **json)
{
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
    cJSON *j = cJSON_ParseWithLength(resp.body, resp.body_len);
    if (!j || !cJSON_IsObject(j))
        jrf_fail(H, "step %d: %s: response body is not a JSON object: %.*s", s->step, jr_op_name(req->op),
                 (int)resp.body_len, resp.body);
    if (resp.status >= 400 && !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "message")))
        jrf_fail(H, "step %d: %s: error %d without a message", s->step, jr_op_name(req->op), resp.status);
    int status = resp.status;
    if (s->trace && !s->checking)
        fprintf(stderr, "step %d: %s %s?%s %.*s -> %d %.*s\n", s->step, enc.method, enc.path, enc.query,
                (int)(enc.body ? enc.body_len : 0), enc.body ? enc.body : "", status, (int)resp.body_len, resp.body);
    if (json) *json = j;
    else cJSON_Delete(j);
    jr_http_response_free(&resp);
    jr_encoded_request_free(&enc);
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

/* ---- tracking ------------------------------------------------------------ */

static tracked *track_find(job_track *jt, const char *thing_arn, int64_t number)
{
    for (size_t i = 0; i < jt->n; i++)
        if (jt->ex[i].number == number && strcmp(jt->ex[i].thing_arn, thing_arn) == 0) return &jt->ex[i];
    return NULL;
}

static void note_version(state *s, int j, const char *thing_arn, int64_t number, int64_t version)
{
    if (j < 0 || version < 0) return;
    tracked *t = track_find(&s->jobs[j], thing_arn, number);
    if (!t) return;
    if (t->version >= 0 && version < t->version)
        jrf_fail(H, "step %d: versionNumber of %s on %s #%" PRId64 " went from %" PRId64 " to %" PRId64, s->step,
                 JOBS[j], thing_arn, number, t->version, version);
    t->version = version;
}

static int job_index(const char *job_id)
{
    for (int j = 0; j < NJOBS; j++)
        if (job_id && strcmp(job_id, JOBS[j]) == 0) return j;
    return -1;
}

/* The data-plane JobExecution (or JobExecutionState with jobId given). */
static void note_data_execution(state *s, const cJSON *ex, const char *thing, int j_hint)
{
    if (!cJSON_IsObject(ex)) return;
    int j = j_hint >= 0 ? j_hint : job_index(str(ex, "jobId"));
    int64_t number = num(ex, "executionNumber", -1);
    if (j < 0 || number < 0) return;
    char *arn = arn_of("thing", thing);
    note_version(s, j, arn, number, num(ex, "versionNumber", -1));
    free(arn);
}

/* Full ListJobExecutionsForJob walk + DescribeJob counters for job j. */
static void check_job(state *s, int j)
{
    job_track *jt = &s->jobs[j];
    jr_request r;
    req_init(&r, JR_OP_DESCRIBE_JOB);
    r.job_id = xstrdup(JOBS[j]);
    cJSON *dj = NULL;
    int st = call(s, &r, &dj);
    if (st == 404) {
        cJSON_Delete(dj);
        jt->exists = false;
        jt->n = 0;
        return;
    }
    if (st != 200) jrf_fail(H, "step %d: DescribeJob %s gave %d", s->step, JOBS[j], st);
    const cJSON *job = cJSON_GetObjectItemCaseSensitive(dj, "job");
    jr_job_status js;
    if (!str(job, "status") || !jr_job_status_parse(str(job, "status"), &js))
        jrf_fail(H, "step %d: DescribeJob %s: bad job.status", s->step, JOBS[j]);
    const cJSON *pd = cJSON_GetObjectItemCaseSensitive(job, "jobProcessDetails");
    static const char *const COUNTER[JR_EXEC_STATUS_COUNT] = {
        "numberOfQueuedThings",   "numberOfInProgressThings", "numberOfSucceededThings", "numberOfFailedThings",
        "numberOfTimedOutThings", "numberOfRejectedThings",   "numberOfRemovedThings",   "numberOfCanceledThings"};
    int64_t counters[JR_EXEC_STATUS_COUNT];
    for (int k = 0; k < JR_EXEC_STATUS_COUNT; k++) counters[k] = num(pd, COUNTER[k], 0);
    cJSON_Delete(dj);

    bool was_dip = jt->exists && jt->status == JR_JOB_DELETION_IN_PROGRESS;
    /* A new job under a reused id: nothing to compare with. */
    if (!jt->exists || (was_dip && js != JR_JOB_DELETION_IN_PROGRESS)) jt->n = 0;

    int64_t seen[JR_EXEC_STATUS_COUNT] = {0};
    tracked now[MAX_TRACK];
    size_t nnow = 0;
    bool overflow = false;
    char *token = NULL;
    /* Small pages every CHECK_PERIOD steps (the list steps walk with small
     * pages too); one page otherwise, which keeps the harness fast. */
    int64_t max = s->deep ? 1 + s->step % 3 : JR_MAX_RESULTS_MAX;
    for (int page = 0;; page++) {
        if (page > 500) jrf_fail(H, "step %d: ListJobExecutionsForJob %s: more than 500 pages", s->step, JOBS[j]);
        req_init(&r, JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
        r.job_id = xstrdup(JOBS[j]);
        r.max_results.present = true;
        r.max_results.value = max;
        r.next_token = token;
        token = NULL;
        cJSON *lj = NULL;
        st = call(s, &r, &lj);
        if (st != 200) jrf_fail(H, "step %d: ListJobExecutionsForJob %s page %d gave %d", s->step, JOBS[j], page, st);
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(lj, "executionSummaries"), *it;
        if (cJSON_GetArraySize(arr) > max)
            jrf_fail(H, "step %d: ListJobExecutionsForJob %s: page of %d items > maxResults %" PRId64, s->step,
                     JOBS[j], cJSON_GetArraySize(arr), max);
        cJSON_ArrayForEach(it, arr)
        {
            const char *arn = str(it, "thingArn");
            const cJSON *sum = cJSON_GetObjectItemCaseSensitive(it, "jobExecutionSummary");
            jr_exec_status es;
            if (!arn || !str(sum, "status") || !jr_exec_status_parse(str(sum, "status"), &es))
                jrf_fail(H, "step %d: ListJobExecutionsForJob %s: malformed summary", s->step, JOBS[j]);
            int64_t number = num(sum, "executionNumber", -1);
            for (size_t i = 0; i < nnow; i++)
                if (now[i].number == number && strcmp(now[i].thing_arn, arn) == 0)
                    jrf_fail(H, "step %d: ListJobExecutionsForJob %s: %s #%" PRId64 " listed twice", s->step,
                             JOBS[j], arn, number);
            seen[es]++;
            if (nnow < MAX_TRACK) {
                snprintf(now[nnow].thing_arn, sizeof now[nnow].thing_arn, "%s", arn);
                now[nnow].number = number;
                now[nnow].status = (int)es;
                tracked *old = track_find(jt, arn, number);
                now[nnow].version = old ? old->version : -1;
                if (old && jr_exec_status_is_terminal((jr_exec_status)old->status) && old->status != (int)es)
                    jrf_fail(H, "step %d: terminal execution %s on %s #%" PRId64 " changed from %s to %s", s->step,
                             JOBS[j], arn, number, jr_exec_status_name((jr_exec_status)old->status),
                             jr_exec_status_name(es));
                if (!old && was_dip && js == JR_JOB_DELETION_IN_PROGRESS)
                    jrf_fail(H, "step %d: new execution %s on %s #%" PRId64 " appeared during DELETION_IN_PROGRESS",
                             s->step, JOBS[j], arn, number);
                nnow++;
            } else {
                overflow = true;
            }
        }
        const char *nt = str(lj, "nextToken");
        if (nt && *nt) token = xstrdup(nt);
        cJSON_Delete(lj);
        if (!token) break;
    }
    for (int k = 0; k < JR_EXEC_STATUS_COUNT; k++)
        if (seen[k] != counters[k])
            jrf_fail(H, "step %d: job %s (%s): %s = %" PRId64 " but the listing has %" PRId64 " %s executions",
                     s->step, JOBS[j], jr_job_status_name(js), COUNTER[k], counters[k], seen[k],
                     jr_exec_status_name((jr_exec_status)k));
    if (!overflow) {
        memcpy(jt->ex, now, nnow * sizeof now[0]);
        jt->n = nnow;
    }
    jt->exists = true;
    jt->status = (int)js;
}

/* Control-plane DescribeJobExecution of every non-terminal execution of the
 * job: versionNumber never decreases. */
static void check_versions(state *s, int j)
{
    job_track *jt = &s->jobs[j];
    for (size_t i = 0; i < jt->n; i++) {
        if (jr_exec_status_is_terminal((jr_exec_status)jt->ex[i].status)) continue;
        const char *slash = strrchr(jt->ex[i].thing_arn, '/');
        if (!slash) continue;
        jr_request r;
        req_init(&r, JR_OP_DESCRIBE_JOB_EXECUTION);
        r.job_id = xstrdup(JOBS[j]);
        r.thing_name = xstrdup(slash + 1);
        r.execution_number.present = true;
        r.execution_number.value = jt->ex[i].number;
        cJSON *d = NULL;
        int st = call(s, &r, &d);
        if (st != 200)
            jrf_fail(H, "step %d: DescribeJobExecution %s %s #%" PRId64 " listed but gave %d", s->step, JOBS[j],
                     slash + 1, jt->ex[i].number, st);
        const cJSON *ex = cJSON_GetObjectItemCaseSensitive(d, "execution");
        const char *es = str(ex, "status");
        if (!es || strcmp(es, jr_exec_status_name((jr_exec_status)jt->ex[i].status)) != 0)
            jrf_fail(H, "step %d: DescribeJobExecution %s %s #%" PRId64 " says %s, the listing %s", s->step, JOBS[j],
                     slash + 1, jt->ex[i].number, es ? es : "(none)",
                     jr_exec_status_name((jr_exec_status)jt->ex[i].status));
        int64_t v = num(ex, "versionNumber", -1);
        if (v < 0) jrf_fail(H, "step %d: DescribeJobExecution without versionNumber", s->step);
        note_version(s, j, jt->ex[i].thing_arn, jt->ex[i].number, v);
        cJSON_Delete(d);
    }
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

static void walk(state *s, const jr_request *tmpl, const char *member, key_fn key, int64_t max)
{
    char keys[256][96];
    size_t nkeys = 0;
    char *token = NULL;
    int all = -1;
    for (int pass = 0; pass < 2; pass++) {
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
                if (page == 0 && pass == 0) return; /* e.g. thing or group does not exist */
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
        jrf_fail(H, "step %d: %s: walk with maxResults %" PRId64 " gave %zu items, one page gave %d", s->step,
                 jr_op_name(tmpl->op), max, nkeys, all);
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
    char *arn = arn_of("thing", thing);
    job_track *jt = &s->jobs[j];
    for (size_t i = 0; i < jt->n; i++)
        if (strcmp(jt->ex[i].thing_arn, arn) == 0 && jt->ex[i].version > 0) cur = jt->ex[i].version;
    free(arn);
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
        s->created[ji] = true;
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
        call(s, &r, NULL);
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
            char *arn = arn_of("thing", thing);
            int64_t latest = -1;
            for (size_t i = 0; i < s->jobs[ji].n; i++)
                if (strcmp(s->jobs[ji].ex[i].thing_arn, arn) == 0 && s->jobs[ji].ex[i].number > latest)
                    latest = s->jobs[ji].ex[i].number;
            if (latest >= 0) note_version(s, ji, arn, latest, num(es, "versionNumber", -1));
            free(arn);
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
        if (st == 200) note_data_execution(s, cJSON_GetObjectItemCaseSensitive(j, "execution"), thing, -1);
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
        if (st == 200) note_data_execution(s, cJSON_GetObjectItemCaseSensitive(j, "execution"), thing, -1);
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
        walk(s, &r, "jobs", key_job, 1 + b % 3);
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
        walk(s, &r, "executionSummaries", key_thing_exec, 1 + (b >> 2) % 3);
        jr_request_free(&r);
        break;
    }
    case JRF_SM_LIST_THINGS_IN_GROUP: {
        uint8_t b = next_byte(s);
        req_init(&r, JR_OP_LIST_THINGS_IN_THING_GROUP);
        r.thing_group_name = xstrdup(GROUPS[b % NGROUPS]);
        if (b & 0x80u) r.recursive = (jr_opt_bool){true, true};
        walk(s, &r, "things", key_string, 1 + (b >> 2) % 2);
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

static void check_all(state *s)
{
    char why[512];
    s->checking = true;
    if (!jr_machine_check_invariants(s->m, why, sizeof why))
        jrf_fail(H, "step %d: jr_machine_check_invariants: %s", s->step, why);
    for (int j = 0; j < NJOBS; j++) {
        /* A job that did not exist can only appear through CreateJob. */
        if (!s->jobs[j].exists && !s->created[j] && !s->deep) continue;
        s->created[j] = false;
        check_job(s, j);
        if (s->deep && s->jobs[j].exists) check_versions(s, j);
    }
    /* Checking must not change anything. */
    if (!jr_machine_check_invariants(s->m, why, sizeof why))
        jrf_fail(H, "step %d: after the checks: jr_machine_check_invariants: %s", s->step, why);
    s->checking = false;
    if (s->trace) {
        for (int j = 0; j < NJOBS; j++) {
            if (!s->jobs[j].exists) continue;
            fprintf(stderr, "    %s %s:", JOBS[j], jr_job_status_name((jr_job_status)s->jobs[j].status));
            for (size_t i = 0; i < s->jobs[j].n; i++)
                fprintf(stderr, " %s#%" PRId64 "=%s", strrchr(s->jobs[j].ex[i].thing_arn, '/') + 1,
                        s->jobs[j].ex[i].number, jr_exec_status_name((jr_exec_status)s->jobs[j].ex[i].status));
            fputc('\n', stderr);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static state s; /* large; static keeps it off the stack */
    memset(&s, 0, sizeof s);
    s.trace = getenv("JRF_SM_TRACE") != NULL;
    s.p = data;
    s.end = data + size;
    jr_virtual_clock_init(&s.vc, START_MS);
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    cfg.deletion_delay_ms = 1000;
    cfg.token_key = 0x5eed;
    /* Self-test hook: JRF_SM_FAULTS="name,name" runs the machine with
     * deliberate faults, which the checks above must catch (ctest
     * fuzz.selftest.*). Read once. */
    static bool faults_read;
    static jr_fault_set faults;
    if (!faults_read) {
        faults_read = true;
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
    }
    cfg.faults = faults;
    s.m = jr_machine_new(&cfg, jr_clock_virtual(&s.vc));
    if (!s.m) return 0;
    for (s.step = 0; s.step < MAX_STEPS && s.p < s.end; s.step++) {
        do_step(&s);
        /* Every step: invariants, counters vs. a one-page listing, terminal
         * and DELETION_IN_PROGRESS rules. Every CHECK_PERIOD steps and after
         * the last one: small-page walks and versionNumber of every
         * non-terminal execution. */
        s.deep = s.step % CHECK_PERIOD == CHECK_PERIOD - 1 || s.step + 1 == MAX_STEPS || s.p >= s.end;
        check_all(&s);
    }
    jr_machine_free(s.m);
    return 0;
}
