/* The operation grammar: see jrf_grammar.h. Moved out of
 * fuzz_state_machine.c unchanged in its byte encoding, so the committed
 * state_machine corpus keeps its meaning. */
#include "jrf_grammar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz_common.h"

typedef struct reader {
    const uint8_t *p, *end;
    const jrf_gen_ctx *g;
} reader;

static uint8_t next_byte(reader *s) { return s->p < s->end ? *s->p++ : 0; }

static char *xstrdup(const char *x)
{
    char *d = strdup(x);
    if (!d) abort(); /* out of memory in the fuzzer itself */
    return d;
}

static char *arn_of(const reader *s, const char *kind, const char *name)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s/%s", s->g->pools->arn_prefix, kind, name);
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

static void req_init(jr_request *r, jr_op op)
{
    memset(r, 0, sizeof *r);
    r->op = op;
    r->plane = jr_op_plane(op);
}

int jrf_pool_index(const char *const *pool, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (name && strcmp(name, pool[i]) == 0) return i;
    return -1;
}

static void add_targets(reader *s, jr_request *r, uint8_t mask)
{
    const jrf_pools *P = s->g->pools;
    for (int i = 0; i < JRF_NTHINGS; i++)
        if (mask & (1u << i)) str_list_add(&r->targets, arn_of(s, "thing", P->things[i]));
    for (int i = 0; i < JRF_NGROUPS; i++)
        if (mask & (1u << (4 + i))) str_list_add(&r->targets, arn_of(s, "thinggroup", P->groups[i]));
    if (mask & 0x80u) str_list_add(&r->targets, arn_of(s, "thing", P->unknown_thing));
}

static void iso_time(int64_t ms, char *buf, size_t n)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void add_configs(reader *s, jr_request *r, uint8_t sel, bool create)
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
        iso_time(s->g->now_ms + (int64_t)(31 + (b % 4) * 30) * 60000, buf, sizeof buf);
        r->scheduling_config.start_time = xstrdup(buf);
        if (b & 0x10u) {
            iso_time(s->g->now_ms + (int64_t)(31 + (b % 4) * 30 + 60) * 60000, buf, sizeof buf);
            r->scheduling_config.end_time = xstrdup(buf);
            r->scheduling_config.has_end_behavior = true;
            r->scheduling_config.end_behavior = (jr_end_behavior)((b >> 5) % JR_END_BEHAVIOR_COUNT);
        }
    }
    if (sel & 32u) r->description = xstrdup("fuzzed job");
}

static int64_t exp_version(reader *s, int j, int t, uint8_t b)
{
    /* 0: none; 1: the current version; 2: current - 1; 3: 999 */
    int64_t cur = s->g->version_of ? s->g->version_of(s->g->ctx, j, t) : 1;
    switch (b % 4) {
    case 1: return cur;
    case 2: return cur - 1;
    case 3: return 999;
    default: return -1;
    }
}

void jrf_long_job_id(const jrf_pools *pools, int j, char *buf)
{
    size_t n = strlen(pools->jobs[j]);
    if (n > JR_JOB_ID_MAX + 1) n = JR_JOB_ID_MAX + 1;
    memcpy(buf, pools->jobs[j], n);
    memset(buf + n, 'x', JR_JOB_ID_MAX + 1 - n);
    buf[JR_JOB_ID_MAX + 1] = '\0';
}

/* A CreateJob of pool job j on thing 0 with a small document. */
static void limit_job(reader *s, jr_request *r, int j)
{
    req_init(r, JR_OP_CREATE_JOB);
    r->job_id = xstrdup(s->g->pools->jobs[j]);
    str_list_add(&r->targets, arn_of(s, "thing", s->g->pools->things[0]));
    r->document = xstrdup("{\"action\":\"limits\"}");
}

/* One request at a documented limit, on the side that must be refused
 * (the accepted side would create jobs outside the pools), except the
 * document, whose accepted side (exactly 32768 characters) is a pool job:
 *   sel 0: CreateJob with a document of 32768 or 32769 characters (CJ-007)
 *   sel 1: CreateJob with a 65-character jobId (CJ-002)
 *   sel 2: ListJobs with maxResults 0 or 251 (PG-001)
 *   sel 3: ListJobExecutionsForThing with maxResults 0 or 251 (PG-001)
 *   sel 4: CreateJob with timeoutConfig 0 or 10081 minutes (CJ-019)
 *   sel 5: CreateJob with presignedUrlConfig.expiresInSec 59 or 3601 (CJ-014)
 *   sel 6: CreateJob with an abort threshold of 100.01 (CJ-017) or
 *          minNumberOfExecutedThings 0 (CJ-018)
 *   sel 7: StartNextPendingJobExecution with stepTimeoutInMinutes 0 or 10081 (TM-004) */
static void limits(reader *s, jrf_step *out)
{
    uint8_t b = next_byte(s);
    bool hi = (b >> 3) & 1u;
    int j = (b >> 4) % JRF_NJOBS;
    jr_request *r = &out->req;
    switch (b % 8) {
    case 0: {
        size_t len = JR_DOCUMENT_MAX + (hi ? 1 : 0);
        char *doc = malloc(len + 1);
        if (!doc) abort();
        memset(doc, 'x', len);
        memcpy(doc, "{\"pad\":\"", 8);
        memcpy(doc + len - 2, "\"}", 2);
        doc[len] = '\0';
        limit_job(s, r, j);
        free(r->document);
        r->document = doc;
        out->job = j;
        break;
    }
    case 1: {
        char id[JR_JOB_ID_MAX + 2];
        jrf_long_job_id(s->g->pools, j, id);
        limit_job(s, r, j);
        free(r->job_id);
        r->job_id = xstrdup(id);
        break;
    }
    case 2:
    case 3:
        req_init(r, b % 8 == 2 ? JR_OP_LIST_JOBS : JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
        if (b % 8 == 3) {
            out->thing = j % JRF_NTHINGS;
            r->thing_name = xstrdup(s->g->pools->things[out->thing]);
        }
        r->max_results = (jr_opt_i64){true, hi ? JR_MAX_RESULTS_MAX + 1 : JR_MAX_RESULTS_MIN - 1};
        break;
    case 4:
        limit_job(s, r, j);
        out->job = j;
        r->timeout_config.present = true;
        r->timeout_config.in_progress_timeout_minutes =
            (jr_opt_i64){true, hi ? JR_TIMEOUT_MINUTES_MAX + 1 : JR_TIMEOUT_MINUTES_MIN - 1};
        break;
    case 5:
        limit_job(s, r, j);
        out->job = j;
        r->presigned_url_config.present = true;
        r->presigned_url_config.role_arn = xstrdup("arn:aws:iam::123456789012:role/jobs-fuzz");
        r->presigned_url_config.expires_in_sec =
            (jr_opt_i64){true, hi ? JR_EXPIRES_IN_SEC_MAX + 1 : JR_EXPIRES_IN_SEC_MIN - 1};
        break;
    case 6:
        limit_job(s, r, j);
        out->job = j;
        r->abort_config.present = true;
        r->abort_config.criteria = calloc(1, sizeof *r->abort_config.criteria);
        if (!r->abort_config.criteria) abort();
        r->abort_config.count = 1;
        r->abort_config.criteria[0].failure_type = (jr_failure_type)0;
        r->abort_config.criteria[0].action = JR_ABORT_CANCEL;
        r->abort_config.criteria[0].threshold_percentage = hi ? 100.01 : 50;
        r->abort_config.criteria[0].min_number_of_executed_things = hi ? 1 : 0;
        break;
    default:
        req_init(r, JR_OP_START_NEXT_PENDING_JOB_EXECUTION);
        out->thing = j % JRF_NTHINGS;
        r->thing_name = xstrdup(s->g->pools->things[out->thing]);
        r->step_timeout_minutes = (jr_opt_i64){true, hi ? JR_TIMEOUT_MINUTES_MAX + 1 : 0};
        break;
    }
}

size_t jrf_grammar_step(const jrf_gen_ctx *g, const uint8_t *p, size_t n, jrf_step *out)
{
    memset(out, 0, sizeof *out);
    out->job = out->thing = -1;
    if (n == 0) return 0;
    reader rd = {p, p + n, g}, *s = &rd;
    const jrf_pools *P = g->pools;
    jr_request *r = &out->req;
    uint8_t op = next_byte(s) % JRF_SM_COUNT;
    out->opcode = op;
    out->kind = JRF_STEP_CALL;
    switch (op) {
    case JRF_SM_CREATE_THING: {
        uint8_t b = next_byte(s);
        req_init(r, JR_OP_CREATE_THING);
        out->thing = b % JRF_NTHINGS;
        r->thing_name = xstrdup(P->things[out->thing]);
        if (b & 0x80u) kv_add(&r->attributes, "v", (b & 0x40u) ? "2" : "1");
        if (b & 0x20u) r->thing_type_name = xstrdup("sensor");
        break;
    }
    case JRF_SM_DESCRIBE_THING:
    case JRF_SM_DELETE_THING:
        req_init(r, op == JRF_SM_DESCRIBE_THING ? JR_OP_DESCRIBE_THING : JR_OP_DELETE_THING);
        out->thing = next_byte(s) % JRF_NTHINGS;
        r->thing_name = xstrdup(P->things[out->thing]);
        break;
    case JRF_SM_DESCRIBE_GROUP:
    case JRF_SM_DELETE_GROUP:
        req_init(r, op == JRF_SM_DESCRIBE_GROUP ? JR_OP_DESCRIBE_THING_GROUP : JR_OP_DELETE_THING_GROUP);
        r->thing_group_name = xstrdup(P->groups[next_byte(s) % JRF_NGROUPS]);
        break;
    case JRF_SM_CREATE_GROUP: {
        uint8_t b = next_byte(s);
        req_init(r, JR_OP_CREATE_THING_GROUP);
        r->thing_group_name = xstrdup(P->groups[b % JRF_NGROUPS]);
        if (b & 0x80u) r->parent_group_name = xstrdup(P->groups[(b >> 2) % JRF_NGROUPS]);
        break;
    }
    case JRF_SM_ADD_TO_GROUP:
    case JRF_SM_REMOVE_FROM_GROUP: {
        uint8_t b = next_byte(s);
        req_init(r, op == JRF_SM_ADD_TO_GROUP ? JR_OP_ADD_THING_TO_THING_GROUP : JR_OP_REMOVE_THING_FROM_THING_GROUP);
        out->thing = b % JRF_NTHINGS;
        if (b & 0x40u) r->thing_arn = arn_of(s, "thing", P->things[b % JRF_NTHINGS]);
        else r->thing_name = xstrdup(P->things[b % JRF_NTHINGS]);
        if (b & 0x80u) r->thing_group_arn = arn_of(s, "thinggroup", P->groups[(b >> 2) % JRF_NGROUPS]);
        else r->thing_group_name = xstrdup(P->groups[(b >> 2) % JRF_NGROUPS]);
        break;
    }
    case JRF_SM_CREATE_JOB: {
        uint8_t b = next_byte(s), mask = next_byte(s), sel = next_byte(s);
        out->job = b % JRF_NJOBS;
        req_init(r, JR_OP_CREATE_JOB);
        r->job_id = xstrdup(P->jobs[out->job]);
        add_targets(s, r, mask);
        if (b & 0x10u) r->document_source = xstrdup("https://s3.amazonaws.com/bucket/job.json");
        else r->document = xstrdup("{\"action\":\"update\",\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k}\"}");
        if (b & 0x20u) {
            r->has_target_selection = true;
            r->target_selection = (b & 0x40u) ? JR_TARGET_CONTINUOUS : JR_TARGET_SNAPSHOT;
        }
        add_configs(s, r, sel, true);
        break;
    }
    case JRF_SM_DESCRIBE_JOB:
    case JRF_SM_GET_DOCUMENT:
        req_init(r, op == JRF_SM_DESCRIBE_JOB ? JR_OP_DESCRIBE_JOB : JR_OP_GET_JOB_DOCUMENT);
        out->job = next_byte(s) % JRF_NJOBS;
        r->job_id = xstrdup(P->jobs[out->job]);
        break;
    case JRF_SM_ASSOCIATE: {
        uint8_t b = next_byte(s), mask = next_byte(s);
        out->job = b % JRF_NJOBS;
        req_init(r, JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
        r->job_id = xstrdup(P->jobs[out->job]);
        add_targets(s, r, mask);
        if (b & 0x10u) r->comment = xstrdup("more targets");
        break;
    }
    case JRF_SM_CANCEL_JOB: {
        uint8_t b = next_byte(s);
        out->job = b % JRF_NJOBS;
        req_init(r, JR_OP_CANCEL_JOB);
        r->job_id = xstrdup(P->jobs[out->job]);
        if (b & 0x10u) r->force = (jr_opt_bool){true, (b & 0x20u) != 0};
        if (b & 0x40u) r->reason_code = xstrdup("FUZZ_REASON_1");
        if (b & 0x80u) r->comment = xstrdup("canceled by the fuzzer");
        break;
    }
    case JRF_SM_DELETE_JOB: {
        uint8_t b = next_byte(s);
        out->job = b % JRF_NJOBS;
        req_init(r, JR_OP_DELETE_JOB);
        r->job_id = xstrdup(P->jobs[out->job]);
        if (b & 0x10u) r->force = (jr_opt_bool){true, (b & 0x20u) != 0};
        break;
    }
    case JRF_SM_UPDATE_JOB: {
        uint8_t b = next_byte(s), sel = next_byte(s);
        out->job = b % JRF_NJOBS;
        req_init(r, JR_OP_UPDATE_JOB);
        r->job_id = xstrdup(P->jobs[out->job]);
        add_configs(s, r, sel & ~16u, false);
        break;
    }
    case JRF_SM_UPDATE_EXECUTION: {
        static const int64_t STEP[] = {-1, 1, 10080, 0, 10081, 5};
        uint8_t b = next_byte(s), c = next_byte(s);
        out->job = (b >> 2) % JRF_NJOBS;
        out->thing = b % JRF_NTHINGS;
        req_init(r, JR_OP_UPDATE_JOB_EXECUTION);
        r->thing_name = xstrdup(P->things[out->thing]);
        r->job_id = xstrdup(P->jobs[out->job]);
        r->has_exec_status = true;
        r->exec_status = (jr_exec_status)(c % JR_EXEC_STATUS_COUNT);
        int64_t ev = exp_version(s, out->job, out->thing, c >> 3);
        if (ev >= 0) r->expected_version = (jr_opt_i64){true, ev};
        if (c & 0x20u) r->step_timeout_minutes = (jr_opt_i64){true, STEP[(b >> 4) % 6]};
        r->include_job_execution_state = (jr_opt_bool){true, true};
        if (c & 0x40u) r->include_job_document = (jr_opt_bool){true, true};
        if (c & 0x80u) kv_add(&r->status_details, "progress", "50%");
        break;
    }
    case JRF_SM_START_NEXT: {
        uint8_t b = next_byte(s);
        out->thing = b % JRF_NTHINGS;
        req_init(r, JR_OP_START_NEXT_PENDING_JOB_EXECUTION);
        r->thing_name = xstrdup(P->things[out->thing]);
        if (b & 0x10u) r->step_timeout_minutes = (jr_opt_i64){true, (b & 0x20u) ? 1 : 60};
        if (b & 0x40u) kv_add(&r->status_details, "step", "download");
        break;
    }
    case JRF_SM_CANCEL_EXECUTION: {
        uint8_t b = next_byte(s);
        out->job = (b >> 2) % JRF_NJOBS;
        out->thing = b % JRF_NTHINGS;
        req_init(r, JR_OP_CANCEL_JOB_EXECUTION);
        r->thing_name = xstrdup(P->things[out->thing]);
        r->job_id = xstrdup(P->jobs[out->job]);
        if (b & 0x10u) r->force = (jr_opt_bool){true, (b & 0x20u) != 0};
        int64_t ev = exp_version(s, out->job, out->thing, b >> 6);
        if (ev >= 0) r->expected_version = (jr_opt_i64){true, ev};
        break;
    }
    case JRF_SM_DELETE_EXECUTION: {
        uint8_t b = next_byte(s);
        out->thing = b % JRF_NTHINGS;
        out->job = (b >> 2) % JRF_NJOBS;
        req_init(r, JR_OP_DELETE_JOB_EXECUTION);
        r->thing_name = xstrdup(P->things[out->thing]);
        r->job_id = xstrdup(P->jobs[out->job]);
        r->execution_number = (jr_opt_i64){true, 1 + (b >> 4) % 3};
        if (b & 0x40u) r->force = (jr_opt_bool){true, (b & 0x80u) != 0};
        break;
    }
    case JRF_SM_DESCRIBE_EXECUTION: {
        uint8_t b = next_byte(s);
        out->thing = b % JRF_NTHINGS;
        out->job = (b >> 2) % JRF_NJOBS;
        req_init(r, JR_OP_DESCRIBE_JOB_EXECUTION);
        r->thing_name = xstrdup(P->things[out->thing]);
        r->job_id = xstrdup(P->jobs[out->job]);
        if (b & 0x10u) r->execution_number = (jr_opt_i64){true, 1 + (b >> 5) % 3};
        break;
    }
    case JRF_SM_DATA_DESCRIBE_EXECUTION: {
        uint8_t b = next_byte(s);
        out->thing = b % JRF_NTHINGS;
        out->job = (b & 0x80u) ? -1 : (b >> 2) % JRF_NJOBS;
        req_init(r, JR_OP_DATA_DESCRIBE_JOB_EXECUTION);
        r->thing_name = xstrdup(P->things[out->thing]);
        r->job_id = xstrdup((b & 0x80u) ? "$next" : P->jobs[(b >> 2) % JRF_NJOBS]);
        if (b & 0x10u) r->include_job_document = (jr_opt_bool){true, true};
        if (b & 0x20u) r->execution_number = (jr_opt_i64){true, 1 + (b >> 6) % 2};
        break;
    }
    case JRF_SM_GET_PENDING:
        req_init(r, JR_OP_GET_PENDING_JOB_EXECUTIONS);
        out->thing = next_byte(s) % JRF_NTHINGS;
        r->thing_name = xstrdup(P->things[out->thing]);
        break;
    case JRF_SM_LIST_JOBS: {
        uint8_t b = next_byte(s);
        req_init(r, JR_OP_LIST_JOBS);
        if (b & 0x80u) {
            r->has_job_status = true;
            r->job_status = (jr_job_status)((b >> 4) % JR_JOB_STATUS_COUNT);
        }
        out->kind = JRF_STEP_WALK;
        out->walk_member = "jobs";
        out->walk_key = JRF_KEY_JOB;
        out->walk_max = 1 + b % 3;
        break;
    }
    case JRF_SM_LIST_FOR_THING: {
        uint8_t b = next_byte(s);
        req_init(r, JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
        out->thing = b % JRF_NTHINGS;
        r->thing_name = xstrdup(P->things[out->thing]);
        if (b & 0x80u) {
            r->has_exec_status = true;
            r->exec_status = (jr_exec_status)((b >> 4) % JR_EXEC_STATUS_COUNT);
        }
        out->kind = JRF_STEP_WALK;
        out->walk_member = "executionSummaries";
        out->walk_key = JRF_KEY_THING_EXEC;
        out->walk_max = 1 + (b >> 2) % 3;
        break;
    }
    case JRF_SM_LIST_THINGS_IN_GROUP: {
        uint8_t b = next_byte(s);
        req_init(r, JR_OP_LIST_THINGS_IN_THING_GROUP);
        r->thing_group_name = xstrdup(P->groups[b % JRF_NGROUPS]);
        if (b & 0x80u) r->recursive = (jr_opt_bool){true, true};
        out->kind = JRF_STEP_WALK;
        out->walk_member = "things";
        out->walk_key = JRF_KEY_STRING;
        out->walk_max = 1 + (b >> 2) % 2;
        break;
    }
    case JRF_SM_LIMITS:
        limits(s, out);
        break;
    case JRF_SM_ADVANCE: {
        static const int64_t DELTA[] = {1, 1000, 59000, 61000, 600000, 3600000, 86400000, 8LL * 86400000};
        out->kind = JRF_STEP_ADVANCE;
        out->advance_ms = DELTA[next_byte(s) % 8];
        break;
    }
    }
    return (size_t)(s->p - p);
}

void jrf_step_free(jrf_step *s)
{
    jr_request_free(&s->req);
    memset(s, 0, sizeof *s);
}
