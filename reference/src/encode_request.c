/* jr_encode_request: typed request -> HTTP form, as botocore's rest-json
 * serializer sends it (labels percent-encoded with only A-Za-z0-9-._~
 * literal; the `$next` literal of StartNextPendingJobExecution unencoded;
 * query booleans as true/false; a JSON object body, `{}` at least, for
 * operations with body members). `force` always goes in the query. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobsref/request.h"
#include "query.h"
#include "route.h"

typedef struct ebuf {
    char *s;
    size_t len, cap;
    bool ok;
} ebuf;

static void raw(ebuf *b, const char *s)
{
    if (!b->ok) return;
    b->s = jr_buf_append(b->s, &b->len, &b->cap, s);
    if (!b->s) b->ok = false;
}

static void enc(ebuf *b, const char *s)
{
    if (!b->ok) return;
    b->s = jr_pct_append(b->s, &b->len, &b->cap, s);
    if (!b->s) b->ok = false;
}

static void q_kv(ebuf *q, const char *key, const char *val)
{
    if (!val) return;
    if (q->len) raw(q, "&");
    raw(q, key);
    raw(q, "=");
    enc(q, val);
}

static void q_bool(ebuf *q, const char *key, jr_opt_bool v)
{
    if (v.present) q_kv(q, key, v.value ? "true" : "false");
}

static void q_int(ebuf *q, const char *key, jr_opt_i64 v)
{
    if (!v.present) return;
    char n[32];
    snprintf(n, sizeof n, "%" PRId64, v.value);
    q_kv(q, key, n);
}

/* JSON helpers: each sets *ok = false on allocation failure. */
static void j_add(cJSON *o, const char *k, cJSON *v, bool *ok)
{
    if (!v || !cJSON_AddItemToObject(o, k, v)) {
        cJSON_Delete(v);
        *ok = false;
    }
}

static void j_str(cJSON *o, const char *k, const char *s, bool *ok)
{
    if (s) j_add(o, k, cJSON_CreateString(s), ok);
}

static cJSON *j_i64(int64_t v)
{
    char n[32];
    snprintf(n, sizeof n, "%" PRId64, v);
    return cJSON_CreateRaw(n);
}

static void j_int(cJSON *o, const char *k, jr_opt_i64 v, bool *ok)
{
    if (v.present) j_add(o, k, j_i64(v.value), ok);
}

static void j_bool(cJSON *o, const char *k, jr_opt_bool v, bool *ok)
{
    if (v.present) j_add(o, k, cJSON_CreateBool(v.value), ok);
}

static void j_map(cJSON *o, const char *k, const jr_kv_list *l, bool *ok)
{
    if (!l->present) return;
    cJSON *m = cJSON_CreateObject();
    for (size_t i = 0; m && i < l->count; i++) j_str(m, l->items[i].key, l->items[i].value ? l->items[i].value : "", ok);
    j_add(o, k, m, ok);
}

static void j_configs(cJSON *b, const jr_request *r, bool *ok)
{
    const jr_presigned_url_config *p = &r->presigned_url_config;
    if (p->present) {
        cJSON *o = cJSON_CreateObject();
        if (o) {
            j_str(o, "roleArn", p->role_arn, ok);
            j_int(o, "expiresInSec", p->expires_in_sec, ok);
        }
        j_add(b, "presignedUrlConfig", o, ok);
    }
    const jr_rollout_config *ro = &r->rollout_config;
    if (ro->present) {
        cJSON *o = cJSON_CreateObject();
        if (o) {
            j_int(o, "maximumPerMinute", ro->maximum_per_minute, ok);
            if (ro->has_exponential_rate) {
                cJSON *e = cJSON_CreateObject();
                if (e) {
                    j_add(e, "baseRatePerMinute", j_i64(ro->base_rate_per_minute), ok);
                    j_add(e, "incrementFactor", cJSON_CreateNumber(ro->increment_factor), ok);
                    cJSON *c = cJSON_CreateObject();
                    if (c) {
                        j_int(c, "numberOfNotifiedThings", ro->number_of_notified_things, ok);
                        j_int(c, "numberOfSucceededThings", ro->number_of_succeeded_things, ok);
                    }
                    j_add(e, "rateIncreaseCriteria", c, ok);
                }
                j_add(o, "exponentialRate", e, ok);
            }
        }
        j_add(b, "jobExecutionsRolloutConfig", o, ok);
    }
    const jr_abort_config *a = &r->abort_config;
    if (a->present) {
        cJSON *o = cJSON_CreateObject();
        cJSON *l = cJSON_CreateArray();
        for (size_t i = 0; l && i < a->count; i++) {
            const jr_abort_criteria *c = &a->criteria[i];
            cJSON *e = cJSON_CreateObject();
            if (e) {
                j_str(e, "failureType", jr_failure_type_name(c->failure_type), ok);
                j_str(e, "action", jr_abort_action_name(c->action), ok);
                j_add(e, "thresholdPercentage", cJSON_CreateNumber(c->threshold_percentage), ok);
                j_add(e, "minNumberOfExecutedThings", j_i64(c->min_number_of_executed_things), ok);
            }
            if (!e || !cJSON_AddItemToArray(l, e)) {
                cJSON_Delete(e);
                *ok = false;
            }
        }
        if (o) j_add(o, "criteriaList", l, ok);
        else cJSON_Delete(l);
        j_add(b, "abortConfig", o, ok);
    }
    if (r->timeout_config.present) {
        cJSON *o = cJSON_CreateObject();
        if (o) j_int(o, "inProgressTimeoutInMinutes", r->timeout_config.in_progress_timeout_minutes, ok);
        j_add(b, "timeoutConfig", o, ok);
    }
    const jr_retry_config *rc = &r->retry_config;
    if (rc->present) {
        cJSON *o = cJSON_CreateObject();
        cJSON *l = cJSON_CreateArray();
        for (size_t i = 0; l && i < rc->count; i++) {
            cJSON *e = cJSON_CreateObject();
            if (e) {
                j_str(e, "failureType", jr_retry_failure_type_name(rc->criteria[i].failure_type), ok);
                j_add(e, "numberOfRetries", j_i64(rc->criteria[i].number_of_retries), ok);
            }
            if (!e || !cJSON_AddItemToArray(l, e)) {
                cJSON_Delete(e);
                *ok = false;
            }
        }
        if (o) j_add(o, "criteriaList", l, ok);
        else cJSON_Delete(l);
        j_add(b, "jobExecutionsRetryConfig", o, ok);
    }
}

static void j_tags(cJSON *b, const jr_kv_list *t, bool *ok)
{
    if (!t->present) return;
    cJSON *l = cJSON_CreateArray();
    for (size_t i = 0; l && i < t->count; i++) {
        cJSON *e = cJSON_CreateObject();
        if (e) {
            j_str(e, "Key", t->items[i].key, ok);
            j_str(e, "Value", t->items[i].value, ok);
        }
        if (!e || !cJSON_AddItemToArray(l, e)) {
            cJSON_Delete(e);
            *ok = false;
        }
    }
    j_add(b, "tags", l, ok);
}

static void body_members(cJSON *b, const jr_request *r, bool *ok)
{
    switch (r->op) {
    case JR_OP_CREATE_JOB:
        if (r->targets.items) {
            cJSON *l = cJSON_CreateArray();
            for (size_t i = 0; l && i < r->targets.count; i++) {
                cJSON *s = cJSON_CreateString(r->targets.items[i]);
                if (!s || !cJSON_AddItemToArray(l, s)) {
                    cJSON_Delete(s);
                    *ok = false;
                }
            }
            j_add(b, "targets", l, ok);
        }
        j_str(b, "document", r->document, ok);
        j_str(b, "documentSource", r->document_source, ok);
        j_str(b, "description", r->description, ok);
        if (r->has_target_selection) j_str(b, "targetSelection", jr_target_selection_name(r->target_selection), ok);
        j_configs(b, r, ok);
        j_tags(b, &r->tags, ok);
        j_str(b, "namespaceId", r->namespace_id, ok);
        j_str(b, "jobTemplateArn", r->job_template_arn, ok);
        j_map(b, "documentParameters", &r->document_parameters, ok);
        if (r->scheduling_config.present) {
            const jr_scheduling_config *s = &r->scheduling_config;
            cJSON *o = cJSON_CreateObject();
            if (o) {
                j_str(o, "startTime", s->start_time, ok);
                j_str(o, "endTime", s->end_time, ok);
                if (s->has_end_behavior) j_str(o, "endBehavior", jr_end_behavior_name(s->end_behavior), ok);
            }
            j_add(b, "schedulingConfig", o, ok);
        }
        break;
    case JR_OP_UPDATE_JOB:
        j_str(b, "description", r->description, ok);
        j_configs(b, r, ok);
        break;
    case JR_OP_ASSOCIATE_TARGETS_WITH_JOB: {
        cJSON *l = cJSON_CreateArray();
        for (size_t i = 0; l && i < r->targets.count; i++) {
            cJSON *s = cJSON_CreateString(r->targets.items[i]);
            if (!s || !cJSON_AddItemToArray(l, s)) {
                cJSON_Delete(s);
                *ok = false;
            }
        }
        j_add(b, "targets", l, ok);
        j_str(b, "comment", r->comment, ok);
        break;
    }
    case JR_OP_CANCEL_JOB:
        j_str(b, "reasonCode", r->reason_code, ok);
        j_str(b, "comment", r->comment, ok);
        break;
    case JR_OP_CANCEL_JOB_EXECUTION:
        j_int(b, "expectedVersion", r->expected_version, ok);
        j_map(b, "statusDetails", &r->status_details, ok);
        break;
    case JR_OP_CREATE_THING:
        j_str(b, "thingTypeName", r->thing_type_name, ok);
        if (r->attributes.present) {
            cJSON *p = cJSON_CreateObject();
            if (p) j_map(p, "attributes", &r->attributes, ok);
            j_add(b, "attributePayload", p, ok);
        }
        break;
    case JR_OP_CREATE_THING_GROUP:
        j_str(b, "parentGroupName", r->parent_group_name, ok);
        j_tags(b, &r->tags, ok);
        break;
    case JR_OP_ADD_THING_TO_THING_GROUP:
    case JR_OP_REMOVE_THING_FROM_THING_GROUP:
        j_str(b, "thingGroupName", r->thing_group_name, ok);
        j_str(b, "thingGroupArn", r->thing_group_arn, ok);
        j_str(b, "thingName", r->thing_name, ok);
        j_str(b, "thingArn", r->thing_arn, ok);
        if (r->op == JR_OP_ADD_THING_TO_THING_GROUP) j_bool(b, "overrideDynamicGroups", r->override_dynamic_groups, ok);
        break;
    case JR_OP_START_NEXT_PENDING_JOB_EXECUTION:
        j_map(b, "statusDetails", &r->status_details, ok);
        j_int(b, "stepTimeoutInMinutes", r->step_timeout_minutes, ok);
        break;
    case JR_OP_UPDATE_JOB_EXECUTION:
        if (r->has_exec_status) j_str(b, "status", jr_exec_status_name(r->exec_status), ok);
        j_map(b, "statusDetails", &r->status_details, ok);
        j_int(b, "stepTimeoutInMinutes", r->step_timeout_minutes, ok);
        j_int(b, "expectedVersion", r->expected_version, ok);
        j_bool(b, "includeJobExecutionState", r->include_job_execution_state, ok);
        j_bool(b, "includeJobDocument", r->include_job_document, ok);
        j_int(b, "executionNumber", r->execution_number, ok);
        break;
    default:
        break;
    }
}

static void query_members(ebuf *q, const jr_request *r)
{
    switch (r->op) {
    case JR_OP_DELETE_JOB:
    case JR_OP_DELETE_JOB_EXECUTION:
        q_bool(q, "force", r->force);
        q_kv(q, "namespaceId", r->namespace_id);
        break;
    case JR_OP_LIST_JOBS:
        if (r->has_job_status) q_kv(q, "status", jr_job_status_name(r->job_status));
        if (r->has_target_selection) q_kv(q, "targetSelection", jr_target_selection_name(r->target_selection));
        q_int(q, "maxResults", r->max_results);
        q_kv(q, "nextToken", r->next_token);
        q_kv(q, "thingGroupName", r->thing_group_name);
        q_kv(q, "thingGroupId", r->thing_group_id);
        q_kv(q, "namespaceId", r->namespace_id);
        break;
    case JR_OP_UPDATE_JOB:
    case JR_OP_ASSOCIATE_TARGETS_WITH_JOB:
        q_kv(q, "namespaceId", r->namespace_id);
        break;
    case JR_OP_CANCEL_JOB:
    case JR_OP_CANCEL_JOB_EXECUTION:
        q_bool(q, "force", r->force);
        break;
    case JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB:
    case JR_OP_LIST_JOB_EXECUTIONS_FOR_THING:
        if (r->has_exec_status) q_kv(q, "status", jr_exec_status_name(r->exec_status));
        q_int(q, "maxResults", r->max_results);
        q_kv(q, "nextToken", r->next_token);
        if (r->op == JR_OP_LIST_JOB_EXECUTIONS_FOR_THING) {
            q_kv(q, "namespaceId", r->namespace_id);
            q_kv(q, "jobId", r->job_id);
        }
        break;
    case JR_OP_DESCRIBE_JOB_EXECUTION:
        q_int(q, "executionNumber", r->execution_number);
        break;
    case JR_OP_DELETE_THING:
    case JR_OP_DELETE_THING_GROUP:
        q_int(q, "expectedVersion", r->expected_version);
        break;
    case JR_OP_LIST_THINGS_IN_THING_GROUP:
        q_bool(q, "recursive", r->recursive);
        q_kv(q, "nextToken", r->next_token);
        q_int(q, "maxResults", r->max_results);
        break;
    case JR_OP_DATA_DESCRIBE_JOB_EXECUTION:
        q_bool(q, "includeJobDocument", r->include_job_document);
        q_int(q, "executionNumber", r->execution_number);
        break;
    default:
        break;
    }
}

static void build_path(ebuf *p, const jr_request *r, const char *tmpl)
{
    const char *t = tmpl;
    while (*t && p->ok) {
        if (*t != '{') {
            const char *n = strchr(t, '{');
            size_t len = n ? (size_t)(n - t) : strlen(t);
            char chunk[128];
            while (len) {
                size_t c = len < sizeof chunk - 1 ? len : sizeof chunk - 1;
                memcpy(chunk, t, c);
                chunk[c] = '\0';
                raw(p, chunk);
                t += c;
                len -= c;
            }
            continue;
        }
        const char *close = strchr(t, '}');
        size_t nl = (size_t)(close - t - 1);
        const char *v = "";
        char num[32];
        if (nl == 5 && strncmp(t + 1, "jobId", 5) == 0) v = r->job_id ? r->job_id : "";
        else if (nl == 9 && strncmp(t + 1, "thingName", 9) == 0) v = r->thing_name ? r->thing_name : "";
        else if (nl == 14 && strncmp(t + 1, "thingGroupName", 14) == 0) v = r->thing_group_name ? r->thing_group_name : "";
        else {
            snprintf(num, sizeof num, "%" PRId64, r->execution_number.value);
            v = num;
        }
        enc(p, v);
        t = close + 1;
    }
}

jr_status jr_encode_request(const jr_request *r, jr_encoded_request *out, jr_error *err)
{
    memset(out, 0, sizeof *out);
    jr_error_clear(err);
    const char *method = NULL;
    const char *tmpl = r ? jr_route_template(r->op, &method) : NULL;
    if (!tmpl) return jr_error_set(err, JR_ERR_INVALID_REQUEST, NULL, "no operation to encode");
    ebuf p = {.ok = true}, q = {.ok = true};
    build_path(&p, r, tmpl);
    query_members(&q, r);
    raw(&q, ""); /* ensures a "" buffer when no member is set */
    bool ok = p.ok && q.ok;
    char *body = NULL;
    if (ok && jr_route_has_body(r->op)) {
        cJSON *b = cJSON_CreateObject();
        if (!b) ok = false;
        else {
            body_members(b, r, &ok);
            body = ok ? cJSON_PrintUnformatted(b) : NULL;
            if (!body) ok = false;
            cJSON_Delete(b);
        }
    }
    char *m = NULL;
    if (ok) {
        m = malloc(strlen(method) + 1);
        if (m) strcpy(m, method);
        else ok = false;
    }
    if (!ok) {
        free(p.s);
        free(q.s);
        free(body);
        free(m);
        return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
    }
    out->plane = jr_op_plane(r->op);
    out->method = m;
    out->path = p.s;
    out->query = q.s;
    out->body = body;
    out->body_len = body ? strlen(body) : 0;
    return JR_OK;
}

void jr_encoded_request_free(jr_encoded_request *e)
{
    if (!e) return;
    free(e->method);
    free(e->path);
    free(e->query);
    free(e->body);
    memset(e, 0, sizeof *e);
}
