/* Response JSON from the views handlers fill (see encode_response.h and
 * views.h): no domain fact is computed here. */
#include "encode_response.h"
#include "ops.h"

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

static char *i64_text(char *end, int64_t v); /* "%" PRId64 without snprintf (below) */
void jr_json_add_i64(cJSON *o, const char *name, int64_t v)
{
    char buf[24];
    cJSON_AddRawToObject(o, name, i64_text(buf + sizeof buf, v));
}

cJSON *jr_json_map(jr_map_view m)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    for (size_t i = 0; i < m.count; i++) cJSON_AddStringToObject(o, m.items[i].key, m.items[i].value ? m.items[i].value : "");
    return o;
}

static void add_str_opt(cJSON *o, const char *name, const char *v)
{
    if (v) cJSON_AddStringToObject(o, name, v);
}

static cJSON *job_ref(const jr_job_out *j)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "jobArn", j->arn);
    cJSON_AddStringToObject(o, "jobId", j->job_id);
    add_str_opt(o, "description", j->description);
    return o;
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

static void add_job_body(cJSON *o, const jr_job_out *j)
{
    cJSON_AddStringToObject(o, "jobArn", j->arn);
    cJSON_AddStringToObject(o, "jobId", j->job_id);
    cJSON_AddStringToObject(o, "targetSelection", jr_target_selection_name(j->selection));
    cJSON_AddStringToObject(o, "status", jr_job_status_name(j->status));
    cJSON_AddBoolToObject(o, "forceCanceled", j->force_canceled);
    add_str_opt(o, "reasonCode", j->reason_code);
    add_str_opt(o, "comment", j->comment);
    cJSON *t = cJSON_AddArrayToObject(o, "targets");
    for (size_t i = 0; i < j->ntargets; i++) cJSON_AddItemToArray(t, cJSON_CreateString(j->targets[i]));
    add_str_opt(o, "description", j->description);
    if (j->presigned && j->presigned->present) {
        cJSON *p = cJSON_AddObjectToObject(o, "presignedUrlConfig");
        add_str_opt(p, "roleArn", j->presigned->role_arn);
        if (j->presigned->expires_in_sec.present) jr_json_add_i64(p, "expiresInSec", j->presigned->expires_in_sec.value);
    }
    if (j->rollout && j->rollout->present)
        cJSON_AddItemToObject(o, "jobExecutionsRolloutConfig", rollout_json(j->rollout));
    if (j->abort_cfg && j->abort_cfg->present) {
        cJSON *a = cJSON_AddObjectToObject(o, "abortConfig");
        cJSON *l = cJSON_AddArrayToObject(a, "criteriaList");
        for (size_t i = 0; i < j->abort_cfg->count; i++) {
            const jr_abort_criteria *c = &j->abort_cfg->criteria[i];
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
    for (size_t i = 0; i < j->nprocessing; i++) cJSON_AddItemToArray(pt, cJSON_CreateString(j->processing[i]));
    static const char *const names[JR_EXEC_STATUS_COUNT] = {
        "numberOfQueuedThings",   "numberOfInProgressThings", "numberOfSucceededThings", "numberOfFailedThings",
        "numberOfTimedOutThings", "numberOfRejectedThings",   "numberOfRemovedThings",   "numberOfCanceledThings"};
    for (int s = 0; s < JR_EXEC_STATUS_COUNT; s++) jr_json_add_i64(d, names[s], j->counters[s]);
    if (j->timeout && j->timeout->present) {
        cJSON *to = cJSON_AddObjectToObject(o, "timeoutConfig");
        if (j->timeout->in_progress_timeout_minutes.present)
            jr_json_add_i64(to, "inProgressTimeoutInMinutes", j->timeout->in_progress_timeout_minutes.value);
    }
    add_str_opt(o, "namespaceId", j->namespace_id);
    add_str_opt(o, "jobTemplateArn", j->job_template_arn);
    if (j->retry && j->retry->present) {
        cJSON *r = cJSON_AddObjectToObject(o, "jobExecutionsRetryConfig");
        cJSON *l = cJSON_AddArrayToObject(r, "criteriaList");
        for (size_t i = 0; i < j->retry->count; i++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "failureType", jr_retry_failure_type_name(j->retry->criteria[i].failure_type));
            jr_json_add_i64(x, "numberOfRetries", j->retry->criteria[i].number_of_retries);
            cJSON_AddItemToArray(l, x);
        }
    }
    if (j->has_doc_params) cJSON_AddItemToObject(o, "documentParameters", jr_json_map(j->doc_params));
    cJSON_AddBoolToObject(o, "isConcurrent", j->is_concurrent);
    if (j->sched && j->sched->present) {
        cJSON *s = cJSON_AddObjectToObject(o, "schedulingConfig");
        add_str_opt(s, "startTime", j->sched->start_time);
        add_str_opt(s, "endTime", j->sched->end_time);
        if (j->sched->has_end_behavior)
            cJSON_AddStringToObject(s, "endBehavior", jr_end_behavior_name(j->sched->end_behavior));
    }
}

static cJSON *job_summary(const jr_job_out *j)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "jobArn", j->arn);
    cJSON_AddStringToObject(o, "jobId", j->job_id);
    add_str_opt(o, "thingGroupId", j->thing_group_id);
    cJSON_AddStringToObject(o, "targetSelection", jr_target_selection_name(j->selection));
    cJSON_AddStringToObject(o, "status", jr_job_status_name(j->status));
    jr_json_add_secs(o, "createdAt", j->created_at);
    jr_json_add_secs(o, "lastUpdatedAt", j->updated_at);
    if (j->completed_at) jr_json_add_secs(o, "completedAt", j->completed_at);
    cJSON_AddBoolToObject(o, "isConcurrent", j->is_concurrent);
    return o;
}

/* iot JobExecution (statusDetails wrapped in detailsMap). */
static cJSON *exec_control(const jr_exec_out *e)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "jobId", e->job_id);
    cJSON_AddStringToObject(o, "status", jr_exec_status_name(e->status));
    cJSON_AddBoolToObject(o, "forceCanceled", e->force_canceled);
    cJSON *sd = cJSON_AddObjectToObject(o, "statusDetails");
    cJSON_AddItemToObject(sd, "detailsMap", jr_json_map(e->details));
    cJSON_AddStringToObject(o, "thingArn", e->thing_arn);
    jr_json_add_secs(o, "queuedAt", e->queued_at);
    if (e->started_at) jr_json_add_secs(o, "startedAt", e->started_at);
    jr_json_add_secs(o, "lastUpdatedAt", e->updated_at);
    jr_json_add_i64(o, "executionNumber", e->number);
    jr_json_add_i64(o, "versionNumber", e->version);
    if (e->seconds_left >= 0) jr_json_add_i64(o, "approximateSecondsBeforeTimedOut", e->seconds_left);
    return o;
}

/* iot-jobs-data JobExecution. */
static cJSON *exec_data(const jr_exec_out *e)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "jobId", e->job_id);
    cJSON_AddStringToObject(o, "thingName", e->thing_name);
    cJSON_AddStringToObject(o, "status", jr_exec_status_name(e->status));
    cJSON_AddItemToObject(o, "statusDetails", jr_json_map(e->details));
    jr_json_add_i64(o, "queuedAt", e->queued_at / 1000); /* epoch seconds: WIRE-009 */
    if (e->started_at) jr_json_add_i64(o, "startedAt", e->started_at / 1000);
    jr_json_add_i64(o, "lastUpdatedAt", e->updated_at / 1000);
    if (e->seconds_left >= 0) jr_json_add_i64(o, "approximateSecondsBeforeTimedOut", e->seconds_left);
    jr_json_add_i64(o, "versionNumber", e->version);
    jr_json_add_i64(o, "executionNumber", e->number);
    if (e->job_document) cJSON_AddStringToObject(o, "jobDocument", e->job_document);
    return o;
}

/* iot-jobs-data JobExecutionSummary. */
static cJSON *exec_summary_data(const jr_exec_out *e)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "jobId", e->job_id);
    jr_json_add_i64(o, "queuedAt", e->queued_at / 1000); /* epoch seconds: WIRE-009 */
    if (e->started_at) jr_json_add_i64(o, "startedAt", e->started_at / 1000);
    jr_json_add_i64(o, "lastUpdatedAt", e->updated_at / 1000);
    jr_json_add_i64(o, "versionNumber", e->version);
    jr_json_add_i64(o, "executionNumber", e->number);
    return o;
}

/* iot-jobs-data JobExecutionState. */
static cJSON *exec_state(const jr_exec_out *e)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "status", jr_exec_status_name(e->status));
    cJSON_AddItemToObject(o, "statusDetails", jr_json_map(e->details));
    jr_json_add_i64(o, "versionNumber", e->version);
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

static bool writer_init(jr_exec_item_writer *w, bool for_job);
static void writer_free(jr_exec_item_writer *w);

static bool writer_init(jr_exec_item_writer *w, bool for_job)
{
    memset(w, 0, sizeof *w);
    w->for_job = for_job;
    if (template_make(w, 0) && template_make(w, 1)) return true;
    writer_free(w);
    return false;
}

static cJSON *writer_item(jr_exec_item_writer *w, const jr_exec_out *e, jr_json_arena *a)
{
    int k = e->started_at != 0;
    /* views outlive the printing below, so the key is referenced, not copied */
    w->key[k]->valuestring = (char *)(uintptr_t)(w->for_job ? e->thing_arn : e->job_id);
    w->status[k]->valuestring = (char *)(uintptr_t)jr_exec_status_name(e->status);
    fmt_secs(w->t_queued, e->queued_at);
    if (k) fmt_secs(w->t_started, e->started_at);
    fmt_secs(w->t_updated, e->updated_at);
    fmt_u64(w->t_number, (uint64_t)e->number);
    fmt_u64(w->t_retry, (uint64_t)e->retry_attempt);
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

static void writer_free(jr_exec_item_writer *w)
{
    /* every node hangs from its item; all texts are references */
    cJSON_Delete(w->item[0]);
    cJSON_Delete(w->item[1]);
    memset(w, 0, sizeof *w);
}

/* Printed into one buffer of a size most answers fit (cJSON_PrintUnformatted
   starts at 256 bytes, doubles by realloc and copies the text once more at the
   end): the same text with fewer allocations and copies. */
#define ANSWER_BYTES 1024

char *jr_json_finish(cJSON *o) { return jr_json_finish_sized(o, ANSWER_BYTES); }

char *jr_json_finish_sized(cJSON *o, size_t size_hint)
{
    if (!o) return NULL;
    if (size_hint < 64) size_hint = 64;
    if (size_hint > INT32_MAX / 2) size_hint = INT32_MAX / 2;
    char *s = cJSON_PrintBuffered(o, (int)size_hint, 0);
    cJSON_Delete(o);
    return s;
}

/* ---- the encoders of the operation table */

/* Bytes of output per listed item, generous (an estimate for the print
 * buffer, not a limit: cJSON grows it when needed). */
#define ITEM_BYTES 256

static char *finish_page(cJSON *o, const jr_result *res)
{
    if (o && res->has_next_token) cJSON_AddStringToObject(o, "nextToken", res->next_token);
    return jr_json_finish_sized(o, 128 + res->nitems * ITEM_BYTES);
}

char *jr_enc_empty(const jr_result *res)
{
    (void)res;
    char *s = malloc(3);
    if (s) memcpy(s, "{}", 3);
    return s;
}

char *jr_enc_job_ref(const jr_result *res) { return jr_json_finish(job_ref(&res->job)); }

char *jr_enc_describe_job(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add_str_opt(o, "documentSource", res->job.document_source);
    cJSON *job = cJSON_AddObjectToObject(o, "job");
    if (job) add_job_body(job, &res->job);
    return jr_json_finish(o);
}

char *jr_enc_job_document(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (o && res->document) cJSON_AddStringToObject(o, "document", res->document);
    return jr_json_finish(o);
}

char *jr_enc_list_jobs(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON *arr = cJSON_AddArrayToObject(o, "jobs");
    for (size_t i = 0; arr && i < res->nitems; i++) cJSON_AddItemToArray(arr, job_summary(&res->jobs[i]));
    return finish_page(o, res);
}

/* Execution pages (up to 250 items) print a reusable template per item into
 * an arena (about one allocation per item). */
static char *exec_page(const jr_result *res, bool for_job)
{
    jr_exec_item_writer w;
    if (!writer_init(&w, for_job)) return NULL;
    jr_json_arena arena = {NULL};
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = o ? cJSON_AddArrayToObject(o, "executionSummaries") : NULL;
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < res->nitems; i++) {
        cJSON *item = writer_item(&w, &res->execs[i], &arena);
        ok = item != NULL; /* an item is never dropped: the page fails */
        if (ok) cJSON_AddItemToArray(arr, item);
    }
    if (!ok) {
        cJSON_Delete(o);
        o = NULL;
    }
    char *s = finish_page(o, res); /* prints before the arena goes */
    jr_json_arena_free(&arena);
    writer_free(&w);
    return s;
}

char *jr_enc_execs_for_job(const jr_result *res) { return exec_page(res, true); }
char *jr_enc_execs_for_thing(const jr_result *res) { return exec_page(res, false); }

char *jr_enc_exec_control(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (o) cJSON_AddItemToObject(o, "execution", exec_control(&res->exec));
    return jr_json_finish(o);
}

char *jr_enc_thing_ref(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "thingName", res->thing.name);
    cJSON_AddStringToObject(o, "thingArn", res->thing.arn);
    cJSON_AddStringToObject(o, "thingId", res->thing.id);
    return jr_json_finish(o);
}

char *jr_enc_describe_thing(const jr_result *res)
{
    const jr_thing_out *t = &res->thing;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "defaultClientId", t->name);
    cJSON_AddStringToObject(o, "thingName", t->name);
    cJSON_AddStringToObject(o, "thingId", t->id);
    cJSON_AddStringToObject(o, "thingArn", t->arn);
    cJSON_AddItemToObject(o, "attributes", jr_json_map(t->attributes));
    jr_json_add_i64(o, "version", 1);
    return jr_json_finish(o);
}

static void group_ref(cJSON *o, const jr_group_out *g)
{
    cJSON_AddStringToObject(o, "thingGroupName", g->name);
    cJSON_AddStringToObject(o, "thingGroupArn", g->arn);
    cJSON_AddStringToObject(o, "thingGroupId", g->id);
}

char *jr_enc_group_ref(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (o) group_ref(o, &res->group);
    return jr_json_finish(o);
}

char *jr_enc_describe_group(const jr_result *res)
{
    const jr_group_out *g = &res->group;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    group_ref(o, g);
    jr_json_add_i64(o, "version", 1);
    cJSON_AddObjectToObject(o, "thingGroupProperties");
    cJSON *md = cJSON_AddObjectToObject(o, "thingGroupMetadata");
    if (md && g->parent_name) cJSON_AddStringToObject(md, "parentGroupName", g->parent_name);
    if (md) jr_json_add_secs(md, "creationDate", g->created_at);
    return jr_json_finish(o);
}

char *jr_enc_list_things(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON *arr = cJSON_AddArrayToObject(o, "things");
    for (size_t i = 0; arr && i < res->nitems; i++) cJSON_AddItemToArray(arr, cJSON_CreateString(res->names[i]));
    return finish_page(o, res);
}

char *jr_enc_pending(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON *ip = cJSON_AddArrayToObject(o, "inProgressJobs");
    cJSON *q = cJSON_AddArrayToObject(o, "queuedJobs");
    for (size_t i = 0; ip && q && i < res->nitems; i++)
        cJSON_AddItemToArray(res->queued[i] ? q : ip, exec_summary_data(&res->execs[i]));
    return jr_json_finish(o);
}

char *jr_enc_exec_data(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (o && res->has_exec) cJSON_AddItemToObject(o, "execution", exec_data(&res->exec));
    return jr_json_finish(o);
}

char *jr_enc_update_exec(const jr_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (o && res->with_state) cJSON_AddItemToObject(o, "executionState", exec_state(&res->exec));
    if (o && res->document) cJSON_AddStringToObject(o, "jobDocument", res->document);
    return jr_json_finish(o);
}

void jr_result_release(jr_result *res)
{
    free(res->jobs);
    free(res->execs);
    free(res->queued);
    free(res->names);
    res->jobs = NULL;
    res->execs = NULL;
    res->queued = NULL;
    res->names = NULL;
    res->nitems = res->capitems = 0;
}

/* The digits of v written backwards, ending with the NUL at end[-1]: the same
   text as "%" PRId64, without snprintf, which was a visible share of every
   answer in the server's profile. end must have 21 bytes before it. */
static char *i64_text(char *end, int64_t v)
{
    char *p = end;
    *--p = '\0';
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    return p;
}
