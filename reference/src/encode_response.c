/* Response JSON of the state machine (see encode_response.h). */
#include "encode_response.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Epoch seconds with three decimals from milliseconds; returns the length. */
static size_t fmt_secs(char buf[48], int64_t ms)
{
    int64_t s = ms / 1000, f = ms % 1000;
    if (f < 0) {
        f += 1000;
        s -= 1;
    }
    int n;
    if (s < 0 && f != 0) {
        /* -0.5 s style values: print with sign on the whole number */
        int64_t t = -ms;
        n = snprintf(buf, 48, "-%" PRId64 ".%03" PRId64, t / 1000, t % 1000);
    } else if (s >= 0) {
        /* the common case, without printf: digits of s, '.', three of f */
        char tmp[24];
        size_t k = 0;
        uint64_t u = (uint64_t)s;
        do {
            tmp[k++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        size_t len = 0;
        while (k) buf[len++] = tmp[--k];
        buf[len++] = '.';
        buf[len++] = (char)('0' + f / 100);
        buf[len++] = (char)('0' + f / 10 % 10);
        buf[len++] = (char)('0' + f % 10);
        buf[len] = 0;
        return len;
    } else {
        n = snprintf(buf, 48, "%" PRId64 ".%03" PRId64, s, f);
    }
    return n > 0 ? (size_t)n : 0;
}

void jr_json_add_secs(cJSON *o, const char *name, int64_t ms)
{
    char buf[48];
    fmt_secs(buf, ms);
    cJSON_AddRawToObject(o, name, buf);
}

/* ---- arena of referenced texts */

#define ARENA_BLOCK 16384

struct jr_json_arena_block {
    jr_json_arena_block *next;
    size_t used, cap;
    char data[];
};

const char *jr_json_arena_copy(jr_json_arena *a, const char *s, size_t n)
{
    jr_json_arena_block *b = a->head;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    p[n] = 0;
    b->used += n + 1;
    return p;
}

void jr_json_arena_free(jr_json_arena *a)
{
    jr_json_arena_block *b = a->head;
    while (b) {
        jr_json_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
}

/* A node of `type` whose valuestring is text it does not own. */
static cJSON *ref_node(int type, const char *text)
{
    if (!text) return NULL;
    cJSON *n = cJSON_CreateNull();
    if (!n) return NULL;
    n->type = type | cJSON_IsReference;
    n->valuestring = (char *)(uintptr_t)text; /* never written or freed: IsReference */
    return n;
}

void jr_json_add_i64(cJSON *o, const char *name, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    cJSON_AddRawToObject(o, name, buf);
}

cJSON *jr_json_map(const jr_map *m)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !m) return o;
    for (size_t i = 0; i < m->count; i++) cJSON_AddStringToObject(o, m->items[i].key, m->items[i].value ? m->items[i].value : "");
    return o;
}

static void add_str_opt(cJSON *o, const char *name, const char *v)
{
    if (v) cJSON_AddStringToObject(o, name, v);
}

cJSON *jr_json_job_ref(jr_machine *m, const jr_job *j)
{
    char arn[256];
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    jr_job_arn(m, j->job_id, arn, sizeof arn);
    cJSON_AddStringToObject(o, "jobArn", arn);
    cJSON_AddStringToObject(o, "jobId", j->job_id);
    add_str_opt(o, "description", j->description);
    return o;
}

static bool is_concurrent(const jr_job *j)
{
    return j->status == JR_JOB_IN_PROGRESS && j->rolling && j->pending_pos < j->npending;
}

static cJSON *rollout_json(const jr_rollout_config *r)
{
    cJSON *o = cJSON_CreateObject();
    if (r->maximum_per_minute.present) jr_json_add_i64(o, "maximumPerMinute", r->maximum_per_minute.value);
    if (r->has_exponential_rate) {
        cJSON *e = cJSON_AddObjectToObject(o, "exponentialRate");
        jr_json_add_i64(e, "baseRatePerMinute", r->base_rate_per_minute);
        cJSON_AddNumberToObject(e, "incrementFactor", r->increment_factor);
        cJSON *c = cJSON_AddObjectToObject(e, "rateIncreaseCriteria");
        if (r->number_of_notified_things.present)
            jr_json_add_i64(c, "numberOfNotifiedThings", r->number_of_notified_things.value);
        if (r->number_of_succeeded_things.present)
            jr_json_add_i64(c, "numberOfSucceededThings", r->number_of_succeeded_things.value);
    }
    return o;
}

static void add_job_body(jr_machine *m, cJSON *o, const jr_job *j)
{
    char arn[256];
    jr_job_arn(m, j->job_id, arn, sizeof arn);
    cJSON_AddStringToObject(o, "jobArn", arn);
    cJSON_AddStringToObject(o, "jobId", j->job_id);
    cJSON_AddStringToObject(o, "targetSelection", jr_target_selection_name(j->selection));
    cJSON_AddStringToObject(o, "status", jr_job_status_name(j->status));
    cJSON_AddBoolToObject(o, "forceCanceled", j->force_canceled);
    add_str_opt(o, "reasonCode", j->reason_code);
    add_str_opt(o, "comment", j->comment);
    cJSON *t = cJSON_AddArrayToObject(o, "targets");
    for (size_t i = 0; i < j->ntargets; i++) cJSON_AddItemToArray(t, cJSON_CreateString(j->targets[i]));
    add_str_opt(o, "description", j->description);
    if (j->presigned.present) {
        cJSON *p = cJSON_AddObjectToObject(o, "presignedUrlConfig");
        add_str_opt(p, "roleArn", j->presigned.role_arn);
        if (j->presigned.expires_in_sec.present) jr_json_add_i64(p, "expiresInSec", j->presigned.expires_in_sec.value);
    }
    if (j->rollout.present) cJSON_AddItemToObject(o, "jobExecutionsRolloutConfig", rollout_json(&j->rollout));
    if (j->abort_cfg.present) {
        cJSON *a = cJSON_AddObjectToObject(o, "abortConfig");
        cJSON *l = cJSON_AddArrayToObject(a, "criteriaList");
        for (size_t i = 0; i < j->abort_cfg.count; i++) {
            const jr_abort_criteria *c = &j->abort_cfg.criteria[i];
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "failureType", jr_failure_type_name(c->failure_type));
            cJSON_AddStringToObject(x, "action", jr_abort_action_name(c->action));
            cJSON_AddNumberToObject(x, "thresholdPercentage", c->threshold_percentage);
            jr_json_add_i64(x, "minNumberOfExecutedThings", c->min_number_of_executed_things);
            cJSON_AddItemToArray(l, x);
        }
    }
    jr_json_add_secs(o, "createdAt", j->created_at);
    jr_json_add_secs(o, "lastUpdatedAt", j->updated_at);
    if (j->completed_at) jr_json_add_secs(o, "completedAt", j->completed_at);
    cJSON *d = cJSON_AddObjectToObject(o, "jobProcessDetails");
    cJSON *pt = cJSON_AddArrayToObject(d, "processingTargets");
    if (is_concurrent(j))
        for (size_t i = 0; i < j->ntargets; i++) cJSON_AddItemToArray(pt, cJSON_CreateString(j->targets[i]));
    const uint32_t *c = jr_fault_on(m->faults, JR_FAULT_STALE_COUNTERS) ? j->frozen : j->counts;
    static const char *const names[JR_EXEC_STATUS_COUNT] = {
        "numberOfQueuedThings",   "numberOfInProgressThings", "numberOfSucceededThings", "numberOfFailedThings",
        "numberOfTimedOutThings", "numberOfRejectedThings",   "numberOfRemovedThings",   "numberOfCanceledThings"};
    for (int s = 0; s < JR_EXEC_STATUS_COUNT; s++) jr_json_add_i64(d, names[s], c[s]);
    if (j->timeout.present) {
        cJSON *to = cJSON_AddObjectToObject(o, "timeoutConfig");
        if (j->timeout.in_progress_timeout_minutes.present)
            jr_json_add_i64(to, "inProgressTimeoutInMinutes", j->timeout.in_progress_timeout_minutes.value);
    }
    add_str_opt(o, "namespaceId", j->namespace_id);
    add_str_opt(o, "jobTemplateArn", j->job_template_arn);
    if (j->retry.present) {
        cJSON *r = cJSON_AddObjectToObject(o, "jobExecutionsRetryConfig");
        cJSON *l = cJSON_AddArrayToObject(r, "criteriaList");
        for (size_t i = 0; i < j->retry.count; i++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "failureType", jr_retry_failure_type_name(j->retry.criteria[i].failure_type));
            jr_json_add_i64(x, "numberOfRetries", j->retry.criteria[i].number_of_retries);
            cJSON_AddItemToArray(l, x);
        }
    }
    if (j->doc_params) cJSON_AddItemToObject(o, "documentParameters", jr_json_map(j->doc_params));
    cJSON_AddBoolToObject(o, "isConcurrent", is_concurrent(j));
    if (j->sched.present) {
        cJSON *s = cJSON_AddObjectToObject(o, "schedulingConfig");
        add_str_opt(s, "startTime", j->sched.start_time);
        add_str_opt(s, "endTime", j->sched.end_time);
        if (j->sched.has_end_behavior) cJSON_AddStringToObject(s, "endBehavior", jr_end_behavior_name(j->sched.end_behavior));
    }
}

cJSON *jr_json_describe_job(jr_machine *m, const jr_job *j)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add_str_opt(o, "documentSource", j->document_source);
    cJSON *job = cJSON_AddObjectToObject(o, "job");
    add_job_body(m, job, j);
    return o;
}

/* The id of the first existing thing group among the targets, or NULL. */
static const char *first_group_id(jr_machine *m, const jr_job *j, char buf[40])
{
    for (size_t i = 0; i < j->ntargets; i++) {
        const char *name;
        if (jr_parse_target(m, j->targets[i], &name) == 2) {
            jr_group *g = jr_find_group(m, name);
            if (g) {
                jr_uuid(g->num, buf);
                return buf;
            }
        }
    }
    return NULL;
}

cJSON *jr_json_job_summary(jr_machine *m, const jr_job *j)
{
    char arn[256], gid[40];
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    jr_job_arn(m, j->job_id, arn, sizeof arn);
    cJSON_AddStringToObject(o, "jobArn", arn);
    cJSON_AddStringToObject(o, "jobId", j->job_id);
    add_str_opt(o, "thingGroupId", first_group_id(m, j, gid));
    cJSON_AddStringToObject(o, "targetSelection", jr_target_selection_name(j->selection));
    cJSON_AddStringToObject(o, "status", jr_job_status_name(j->status));
    jr_json_add_secs(o, "createdAt", j->created_at);
    jr_json_add_secs(o, "lastUpdatedAt", j->updated_at);
    if (j->completed_at) jr_json_add_secs(o, "completedAt", j->completed_at);
    cJSON_AddBoolToObject(o, "isConcurrent", is_concurrent(j));
    return o;
}

int64_t jr_exec_seconds_left(jr_machine *m, const jr_exec *e)
{
    if (jr_exec_status_is_terminal((jr_exec_status)e->status)) return -1;
    int64_t d = 0;
    if (e->inprog_deadline) d = e->inprog_deadline;
    if (e->step_deadline && (!d || e->step_deadline < d)) d = e->step_deadline;
    if (!d) return -1;
    int64_t left = d - jr_now(m);
    if (left < 0) left = 0;
    return (left + 999) / 1000;
}

cJSON *jr_json_exec_control(jr_machine *m, const jr_exec *e)
{
    char arn[256];
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "jobId", e->key.job->job_id);
    cJSON_AddStringToObject(o, "status", jr_exec_status_name((jr_exec_status)e->status));
    cJSON_AddBoolToObject(o, "forceCanceled", e->force_canceled != 0);
    cJSON *sd = cJSON_AddObjectToObject(o, "statusDetails");
    cJSON_AddItemToObject(sd, "detailsMap", jr_json_map(e->details));
    jr_thing_arn(m, e->key.thing->name, arn, sizeof arn);
    cJSON_AddStringToObject(o, "thingArn", arn);
    jr_json_add_secs(o, "queuedAt", e->queued_at);
    if (e->started_at) jr_json_add_secs(o, "startedAt", e->started_at);
    jr_json_add_secs(o, "lastUpdatedAt", e->updated_at);
    jr_json_add_i64(o, "executionNumber", e->number);
    jr_json_add_i64(o, "versionNumber", e->version);
    int64_t left = jr_exec_seconds_left(m, e);
    if (left >= 0) jr_json_add_i64(o, "approximateSecondsBeforeTimedOut", left);
    return o;
}

/* Decimal digits of v (no sign); returns the length. */
static size_t fmt_u64(char buf[24], uint64_t v)
{
    char tmp[24];
    size_t k = 0, n = 0;
    do {
        tmp[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k) buf[n++] = tmp[--k];
    buf[n] = 0;
    return n;
}

/* One template: {key: "", "jobExecutionSummary": {status, queuedAt,
 * startedAt? , lastUpdatedAt, executionNumber, retryAttempt}}, the member
 * order of the other encoders. */
static bool template_make(jr_exec_item_writer *w, int k)
{
    cJSON *it = cJSON_CreateObject();
    if (!it) return false;
    w->item[k] = it;
    cJSON *sum = cJSON_CreateObject();
    w->key[k] = ref_node(cJSON_String, "");
    w->status[k] = ref_node(cJSON_String, "");
    if (!sum || !w->key[k] || !w->status[k]) {
        cJSON_Delete(sum);
        cJSON_Delete(w->key[k]);
        cJSON_Delete(w->status[k]);
        return false; /* w->item[k] goes with the writer */
    }
    /* adding a non-NULL item to an object cannot fail */
    cJSON_AddItemToObjectCS(it, w->for_job ? "thingArn" : "jobId", w->key[k]);
    cJSON_AddItemToObjectCS(it, "jobExecutionSummary", sum);
    cJSON_AddItemToObjectCS(sum, "status", w->status[k]);
    struct {
        const char *name;
        const char *text;
    } raw[] = {{"queuedAt", w->t_queued},
               {"startedAt", k ? w->t_started : NULL},
               {"lastUpdatedAt", w->t_updated},
               {"executionNumber", w->t_number},
               {"retryAttempt", w->t_retry}};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        if (!raw[i].text) continue;
        cJSON *n = ref_node(cJSON_Raw, raw[i].text);
        if (!n) return false;
        cJSON_AddItemToObjectCS(sum, raw[i].name, n);
    }
    return true;
}

bool jr_exec_item_writer_init(jr_exec_item_writer *w, bool for_job)
{
    memset(w, 0, sizeof *w);
    w->for_job = for_job;
    if (template_make(w, 0) && template_make(w, 1)) return true;
    jr_exec_item_writer_free(w);
    return false;
}

cJSON *jr_exec_item_writer_item(jr_exec_item_writer *w, jr_machine *m, const jr_exec *e, jr_json_arena *a)
{
    int k = e->started_at != 0;
    if (w->for_job) {
        jr_thing_arn(m, e->key.thing->name, w->arn, sizeof w->arn);
        w->key[k]->valuestring = w->arn;
    } else {
        w->key[k]->valuestring = e->key.job->job_id; /* the machine's; unchanged while printing */
    }
    w->status[k]->valuestring = (char *)(uintptr_t)jr_exec_status_name((jr_exec_status)e->status);
    fmt_secs(w->t_queued, e->queued_at);
    if (k) fmt_secs(w->t_started, e->started_at);
    fmt_secs(w->t_updated, e->updated_at);
    fmt_u64(w->t_number, e->number);
    fmt_u64(w->t_retry, e->retry_attempt);
    char buf[1024];
    const char *text;
    char *heap = NULL;
    if (cJSON_PrintPreallocated(w->item[k], buf, (int)sizeof buf, 0)) {
        text = buf;
    } else { /* longer than any id allows; still correct */
        heap = cJSON_PrintUnformatted(w->item[k]);
        if (!heap) return NULL;
        text = heap;
    }
    const char *copy = jr_json_arena_copy(a, text, strlen(text));
    free(heap);
    return ref_node(cJSON_Raw, copy);
}

void jr_exec_item_writer_free(jr_exec_item_writer *w)
{
    /* every node hangs from its item; all texts are references */
    cJSON_Delete(w->item[0]);
    cJSON_Delete(w->item[1]);
    memset(w, 0, sizeof *w);
}

cJSON *jr_json_exec_data(jr_machine *m, const jr_exec *e, bool include_document)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "jobId", e->key.job->job_id);
    cJSON_AddStringToObject(o, "thingName", e->key.thing->name);
    cJSON_AddStringToObject(o, "status", jr_exec_status_name((jr_exec_status)e->status));
    cJSON_AddItemToObject(o, "statusDetails", jr_json_map(e->details));
    jr_json_add_i64(o, "queuedAt", e->queued_at / 1000); /* epoch seconds: WIRE-009 */
    if (e->started_at) jr_json_add_i64(o, "startedAt", e->started_at / 1000);
    jr_json_add_i64(o, "lastUpdatedAt", e->updated_at / 1000);
    int64_t left = jr_exec_seconds_left(m, e);
    if (left >= 0) jr_json_add_i64(o, "approximateSecondsBeforeTimedOut", left);
    jr_json_add_i64(o, "versionNumber", e->version);
    jr_json_add_i64(o, "executionNumber", e->number);
    if (include_document && e->key.job->document) cJSON_AddStringToObject(o, "jobDocument", e->key.job->document);
    return o;
}

cJSON *jr_json_exec_summary_data(const jr_exec *e)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "jobId", e->key.job->job_id);
    jr_json_add_i64(o, "queuedAt", e->queued_at / 1000); /* epoch seconds: WIRE-009 */
    if (e->started_at) jr_json_add_i64(o, "startedAt", e->started_at / 1000);
    jr_json_add_i64(o, "lastUpdatedAt", e->updated_at / 1000);
    jr_json_add_i64(o, "versionNumber", e->version);
    jr_json_add_i64(o, "executionNumber", e->number);
    return o;
}

cJSON *jr_json_exec_state(const jr_exec *e)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "status", jr_exec_status_name((jr_exec_status)e->status));
    cJSON_AddItemToObject(o, "statusDetails", jr_json_map(e->details));
    jr_json_add_i64(o, "versionNumber", e->version);
    return o;
}

char *jr_json_finish(cJSON *o)
{
    if (!o) return NULL;
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

char *jr_json_finish_sized(cJSON *o, size_t size_hint)
{
    if (!o) return NULL;
    if (size_hint < 64) size_hint = 64;
    if (size_hint > INT32_MAX / 2) size_hint = INT32_MAX / 2;
    char *s = cJSON_PrintBuffered(o, (int)size_hint, 0);
    cJSON_Delete(o);
    return s;
}
