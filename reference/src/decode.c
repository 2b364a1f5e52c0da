/* jr_decode_request: HTTP bytes -> typed, validated jr_request.
 *
 * Order: route, URI labels, query members, JSON body. The first rule broken
 * gives InvalidRequestException with `field` naming the member path
 * ("jobExecutionsRolloutConfig.exponentialRate.incrementFactor",
 * "targets[2]", "statusDetails"). Map-entry errors name the map and quote
 * the key in the message.
 *
 * Decisions (documented here, tested in tests/unit/test_decode_*.c):
 *  - a JSON `null` member counts as absent;
 *  - repeated query keys: the first occurrence wins; '+' in the query is a
 *    space (see query.h);
 *  - integers in JSON must be integral numbers within int64 (5.0 counts as 5);
 *  - a body with a NUL byte or a "\u0000" escape is rejected ("body"), since
 *    request strings are NUL-terminated;
 *  - the data-plane DescribeJobExecution jobId is `$next` or
 *    `[a-zA-Z0-9_-]+` with no length bound (the model's
 *    DescribeJobExecutionJobId); everywhere else jobId is 1..64;
 *  - statusDetails holds at most 10 entries on both planes. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobsref/request.h"
#include "query.h"
#include "limits.h"
#include "ops.h"
#include "route.h"
#include "timeparse.h"
#include "validate.h"

struct jr_decode_ctx {
    const jr_http_input *in;
    jr_fault_set faults;
    jr_request *r;
    jr_error *err;
    cJSON *body;
};
typedef jr_decode_ctx dctx;

#define FIELD_BUF 320

static jr_status fail(dctx *d, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static jr_status fail(dctx *d, const char *field, const char *fmt, ...)
{
    char msg[JR_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return jr_error_set(d->err, JR_ERR_INVALID_REQUEST, field, "%s: %s", field, msg);
}

static jr_status nomem(dctx *d)
{
    return jr_error_set(d->err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
}

static bool range_checks(const dctx *d) { return !jr_fault_on(d->faults, JR_FAULT_NO_CONFIG_RANGE_CHECK); }

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* buf = prefix "." key, truncated to FIELD_BUF - 1 characters. */
static void path2(char *buf, const char *prefix, const char *key)
{
    size_t n = 0;
    for (const char *p = prefix; *p && n < FIELD_BUF - 1; p++) buf[n++] = *p;
    if (n < FIELD_BUF - 1) buf[n++] = '.';
    for (const char *p = key; *p && n < FIELD_BUF - 1; p++) buf[n++] = *p;
    buf[n] = '\0';
}

/* ------------------------------------------------------------------ */
/* string rules */

/* A row of the limits table (limits.c) applied to a member. */
static jr_status lim_str(dctx *d, jr_limit_id id, const char *field, const char *s)
{
    char msg[160];
    if (jr_limit_str(id, s, d->faults, msg, sizeof msg)) return JR_OK;
    return fail(d, field, "%s", msg);
}

static jr_status lim_int(dctx *d, jr_limit_id id, const char *field, int64_t v)
{
    char msg[160];
    if (jr_limit_int(id, v, d->faults, msg, sizeof msg)) return JR_OK;
    return fail(d, field, "%s", msg);
}

/* With the no-jobid-validation fault the length and pattern are skipped, but
 * an empty jobId is still rejected: "/jobs/" cannot be routed, so accepting
 * "" would break decode(encode(r)) == r. */
static jr_status v_job_id(dctx *d, const char *field, const char *s)
{
    if (jr_fault_on(d->faults, JR_FAULT_NO_JOBID_VALIDATION))
        return s[0] ? JR_OK : fail(d, field, "must not be empty");
    return lim_str(d, JR_LIM_JOB_ID, field, s);
}

static jr_status v_name(dctx *d, const char *field, const char *s) { return lim_str(d, JR_LIM_NAME, field, s); }

/* ------------------------------------------------------------------ */
/* URI labels and query */

static jr_status pct(dctx *d, const char *field, const char *raw, size_t n, bool plus, char **out)
{
    switch (jr_pct_decode(raw, n, plus, out)) {
    case JR_PCT_OK:
        break;
    case JR_PCT_BAD_ESCAPE:
        return fail(d, field, "invalid percent-encoding");
    case JR_PCT_NUL:
        return fail(d, field, "contains a NUL character");
    default:
        return nomem(d);
    }
    if (!jr_utf8_valid(*out, strlen(*out))) {
        free(*out);
        *out = NULL;
        return fail(d, field, "not valid UTF-8");
    }
    return JR_OK;
}

static jr_status labels(dctx *d, const jr_route_labels *l)
{
    jr_request *r = d->r;
    for (size_t i = 0; i < l->count; i++) {
        char *v = NULL;
        if (pct(d, l->name[i], l->raw[i], l->len[i], false, &v)) return JR_FAIL;
        const char *nm = l->name[i];
        if (strcmp(nm, "jobId") == 0) {
            r->job_id = v;
        } else if (strcmp(nm, "thingName") == 0) {
            r->thing_name = v;
        } else if (strcmp(nm, "thingGroupName") == 0) {
            r->thing_group_name = v;
        } else {
            int64_t n = 0;
            bool ok = v[0] != '\0' && v[0] != '-' && jr_parse_i64(v, &n);
            free(v);
            if (!ok) return fail(d, "executionNumber", "must be a non-negative decimal integer");
            r->execution_number.present = true;
            r->execution_number.value = n;
        }
    }
    return JR_OK;
}

static jr_status q_str(dctx *d, const char *key, char **out)
{
    const char *raw;
    size_t n;
    *out = NULL;
    if (!jr_query_find(d->in->query, key, &raw, &n)) return JR_OK;
    return pct(d, key, raw, n, true, out);
}

static jr_status q_bool(dctx *d, const char *key, jr_opt_bool *out)
{
    char *v;
    if (q_str(d, key, &v)) return JR_FAIL;
    if (!v) return JR_OK;
    bool t = strcmp(v, "true") == 0, f = strcmp(v, "false") == 0;
    free(v);
    if (!t && !f) return fail(d, key, "must be true or false");
    out->present = true;
    out->value = t;
    return JR_OK;
}

static jr_status q_int(dctx *d, const char *key, jr_opt_i64 *out)
{
    char *v;
    if (q_str(d, key, &v)) return JR_FAIL;
    if (!v) return JR_OK;
    int64_t n;
    bool ok = jr_parse_i64(v, &n);
    free(v);
    if (!ok) return fail(d, key, "not an integer in the int64 range");
    out->present = true;
    out->value = n;
    return JR_OK;
}

static jr_status q_nonneg(dctx *d, const char *key, jr_opt_i64 *out)
{
    if (q_int(d, key, out)) return JR_FAIL;
    return out->present ? lim_int(d, JR_LIM_NON_NEGATIVE, key, out->value) : JR_OK;
}

static jr_status q_max_results(dctx *d)
{
    jr_opt_i64 *m = &d->r->max_results;
    if (q_int(d, "maxResults", m)) return JR_FAIL;
    return m->present ? lim_int(d, JR_LIM_MAX_RESULTS, "maxResults", m->value) : JR_OK;
}

static jr_status q_namespace(dctx *d)
{
    if (q_str(d, "namespaceId", &d->r->namespace_id)) return JR_FAIL;
    if (d->r->namespace_id) return lim_str(d, JR_LIM_NAMESPACE_ID, "namespaceId", d->r->namespace_id);
    return JR_OK;
}

static jr_status q_next_token(dctx *d) { return q_str(d, "nextToken", &d->r->next_token); }

static jr_status q_exec_status(dctx *d)
{
    char *v;
    if (q_str(d, "status", &v)) return JR_FAIL;
    if (!v) return JR_OK;
    bool ok = jr_exec_status_parse(v, &d->r->exec_status);
    free(v);
    if (!ok) return fail(d, "status", "not a job execution status");
    d->r->has_exec_status = true;
    return JR_OK;
}

/* ------------------------------------------------------------------ */
/* JSON body */

/* Rejects NUL bytes and \u0000 escapes inside strings; linear. */
static bool body_has_nul(const uint8_t *b, size_t n)
{
    if (memchr(b, 0, n)) return true;
    /* Only an escape is left to find, and most bodies have none: libc's
     * search skips them without the byte loop below. */
    if (!memmem(b, n, "\\u0000", 6)) return false;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = b[i];
        if (c == 0) return true;
        if (!in_str) {
            if (c == '"') in_str = true;
            continue;
        }
        if (c == '"') {
            in_str = false;
        } else if (c == '\\' && i + 1 < n) {
            if (b[i + 1] == 'u' && i + 5 < n && b[i + 2] == '0' && b[i + 3] == '0' && b[i + 4] == '0' &&
                b[i + 5] == '0')
                return true;
            i++;
        }
    }
    return false;
}

static jr_status parse_body(dctx *d)
{
    const jr_http_input *in = d->in;
    if (in->body_len == 0 || !in->body) {
        d->body = cJSON_CreateObject();
        return d->body ? JR_OK : nomem(d);
    }
    if (!jr_utf8_valid((const char *)in->body, in->body_len)) return fail(d, "body", "not valid UTF-8");
    if (body_has_nul(in->body, in->body_len)) return fail(d, "body", "contains a NUL character");
    char *buf = malloc(in->body_len + 1);
    if (!buf) return nomem(d);
    memcpy(buf, in->body, in->body_len);
    buf[in->body_len] = '\0';
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(buf, in->body_len + 1, &end, 0);
    if (j && end) {
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n') end++;
        if (*end != '\0') {
            cJSON_Delete(j);
            j = NULL;
        }
    }
    free(buf);
    if (!j) return fail(d, "body", "malformed JSON");
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return fail(d, "body", "not a JSON object");
    }
    d->body = j;
    return JR_OK;
}

/* Member lookup: NULL when absent or JSON null. */
static const cJSON *member(const cJSON *obj, const char *key)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!m || cJSON_IsNull(m)) return NULL;
    return m;
}

static jr_status j_str(dctx *d, const cJSON *m, const char *field, char **out)
{
    if (!cJSON_IsString(m) || !m->valuestring) return fail(d, field, "must be a string");
    *out = xstrdup(m->valuestring);
    return *out ? JR_OK : nomem(d);
}

static jr_status b_str(dctx *d, const cJSON *obj, const char *key, const char *field, char **out)
{
    const cJSON *m = member(obj, key);
    if (!m) return JR_OK;
    return j_str(d, m, field, out);
}

static jr_status j_int(dctx *d, const cJSON *m, const char *field, int64_t *out)
{
    if (!cJSON_IsNumber(m)) return fail(d, field, "must be an integer");
    double v = m->valuedouble;
    if (!isfinite(v) || v != floor(v)) return fail(d, field, "must be an integer");
    if (v < -9223372036854775808.0 || v >= 9223372036854775808.0) return fail(d, field, "integer out of range");
    *out = (int64_t)v;
    return JR_OK;
}

static jr_status b_int(dctx *d, const cJSON *obj, const char *key, const char *field, jr_opt_i64 *out)
{
    const cJSON *m = member(obj, key);
    if (!m) return JR_OK;
    if (j_int(d, m, field, &out->value)) return JR_FAIL;
    out->present = true;
    return JR_OK;
}

static jr_status b_bool(dctx *d, const cJSON *obj, const char *key, const char *field, jr_opt_bool *out)
{
    const cJSON *m = member(obj, key);
    if (!m) return JR_OK;
    if (!cJSON_IsBool(m)) return fail(d, field, "must be a boolean");
    out->present = true;
    out->value = cJSON_IsTrue(m);
    return JR_OK;
}

static jr_status j_num(dctx *d, const cJSON *m, const char *field, double *out)
{
    if (!cJSON_IsNumber(m) || !isfinite(m->valuedouble)) return fail(d, field, "must be a number");
    *out = m->valuedouble;
    return JR_OK;
}

/* At most `places` digits after the decimal point. */
static bool decimal_places_ok(double v, int places)
{
    double scale = places == 1 ? 10.0 : 100.0;
    double x = v * scale;
    return fabs(x - round(x)) < 1e-6 * (fabs(x) > 1 ? fabs(x) : 1);
}

static jr_status need_object(dctx *d, const cJSON *m, const char *field)
{
    if (!cJSON_IsObject(m)) return fail(d, field, "must be a JSON object");
    return JR_OK;
}

/* A JSON object of strings into a kv list. Validates keys with key_ok and
 * values with the given limits. */
typedef enum map_kind { MAP_STATUS_CONTROL, MAP_STATUS_DATA, MAP_PARAMETERS, MAP_ATTRIBUTES } map_kind;

static jr_status b_map_f(dctx *d, const cJSON *obj, const char *mkey, const char *key, map_kind kind,
                         jr_kv_list *out)
{
    const cJSON *m = member(obj, mkey);
    if (!m) return JR_OK;
    if (need_object(d, m, key)) return JR_FAIL;
    size_t n = (size_t)cJSON_GetArraySize(m);
    if ((kind == MAP_STATUS_CONTROL || kind == MAP_STATUS_DATA) &&
        lim_int(d, JR_LIM_STATUS_DETAILS_ENTRIES, key, (int64_t)n))
        return JR_FAIL;
    out->present = true;
    if (n) {
        out->items = calloc(n, sizeof *out->items);
        if (!out->items) return nomem(d);
    }
    const cJSON *e;
    static const jr_limit_id KEY[] = {JR_LIM_DETAILS_KEY, JR_LIM_DETAILS_KEY, JR_LIM_PARAMETER_KEY, JR_LIM_ATTRIBUTE_KEY};
    static const jr_limit_id VALUE[] = {JR_LIM_DETAILS_VALUE, JR_LIM_DETAILS_VALUE_DATA, JR_LIM_PARAMETER_VALUE,
                                        JR_LIM_ATTRIBUTE_VALUE};
    char msg[160];
    cJSON_ArrayForEach(e, m)
    {
        const char *k = e->string ? e->string : "";
        if (!jr_limit_str(KEY[kind], k, d->faults, msg, sizeof msg))
            return fail(d, key, "key \"%.64s\": %s", k, msg);
        if (!cJSON_IsString(e) || !e->valuestring) return fail(d, key, "value of \"%.64s\" must be a string", k);
        const char *v = e->valuestring;
        if (!jr_limit_str(VALUE[kind], v, d->faults, msg, sizeof msg))
            return fail(d, key, "value of \"%.64s\": %s", k, msg);
        jr_kv *kv = &out->items[out->count];
        kv->key = xstrdup(k);
        kv->value = xstrdup(v);
        out->count++;
        if (!kv->key || !kv->value) return nomem(d);
    }
    /* Every map, not only statusDetails: a repeated key would be stored and
       read back twice (WIRE-014). */
    for (size_t i = 0; i < out->count; i++)
        for (size_t j = i + 1; j < out->count; j++)
            if (strcmp(out->items[i].key, out->items[j].key) == 0)
                return fail(d, key, "duplicate key \"%.64s\"", out->items[i].key);
    return JR_OK;
}

static jr_status b_map(dctx *d, const cJSON *obj, const char *key, map_kind kind, jr_kv_list *out)
{
    return b_map_f(d, obj, key, key, kind, out);
}

static jr_status b_targets(dctx *d, const cJSON *obj, bool required)
{
    const cJSON *m = member(obj, "targets");
    if (!m) return required ? fail(d, "targets", "required") : JR_OK;
    if (!cJSON_IsArray(m)) return fail(d, "targets", "must be a list");
    size_t n = (size_t)cJSON_GetArraySize(m);
    if (n == 0) return fail(d, "targets", "must have at least 1 item");
    jr_str_list *t = &d->r->targets;
    t->items = calloc(n, sizeof *t->items);
    if (!t->items) return nomem(d);
    const cJSON *e;
    size_t i = 0;
    char f[FIELD_BUF];
    cJSON_ArrayForEach(e, m)
    {
        snprintf(f, sizeof f, "targets[%zu]", i);
        if (!cJSON_IsString(e) || !e->valuestring) return fail(d, f, "must be a string");
        if (lim_str(d, JR_LIM_TARGET_ARN, f, e->valuestring)) return JR_FAIL;
        if (jr_target_arn_kind(e->valuestring) == JR_ARN_INVALID)
            return fail(d, f, "not a thing or thing-group ARN");
        t->items[i] = xstrdup(e->valuestring);
        t->count = ++i;
        if (!t->items[i - 1]) return nomem(d);
    }
    return JR_OK;
}

static jr_status b_description(dctx *d, const cJSON *obj)
{
    if (b_str(d, obj, "description", "description", &d->r->description)) return JR_FAIL;
    if (d->r->description) return lim_str(d, JR_LIM_DESCRIPTION, "description", d->r->description);
    return JR_OK;
}

static jr_status b_comment(dctx *d, const cJSON *obj)
{
    if (b_str(d, obj, "comment", "comment", &d->r->comment)) return JR_FAIL;
    if (d->r->comment) return lim_str(d, JR_LIM_COMMENT, "comment", d->r->comment);
    return JR_OK;
}

static jr_status b_presigned(dctx *d, const cJSON *obj)
{
    static const char *P = "presignedUrlConfig";
    const cJSON *m = member(obj, P);
    if (!m) return JR_OK;
    if (need_object(d, m, P)) return JR_FAIL;
    jr_presigned_url_config *c = &d->r->presigned_url_config;
    c->present = true;
    char f[FIELD_BUF];
    path2(f, P, "roleArn");
    if (b_str(d, m, "roleArn", f, &c->role_arn)) return JR_FAIL;
    if (c->role_arn && lim_str(d, JR_LIM_ROLE_ARN, f, c->role_arn)) return JR_FAIL;
    path2(f, P, "expiresInSec");
    if (b_int(d, m, "expiresInSec", f, &c->expires_in_sec)) return JR_FAIL;
    if (c->expires_in_sec.present && lim_int(d, JR_LIM_EXPIRES_IN_SEC, f, c->expires_in_sec.value)) return JR_FAIL;
    return JR_OK;
}

static jr_status b_rollout(dctx *d, const cJSON *obj)
{
    static const char *P = "jobExecutionsRolloutConfig";
    const cJSON *m = member(obj, P);
    if (!m) return JR_OK;
    if (need_object(d, m, P)) return JR_FAIL;
    jr_rollout_config *c = &d->r->rollout_config;
    c->present = true;
    char f[FIELD_BUF];
    path2(f, P, "maximumPerMinute");
    if (b_int(d, m, "maximumPerMinute", f, &c->maximum_per_minute)) return JR_FAIL;
    if (c->maximum_per_minute.present && lim_int(d, JR_LIM_MAXIMUM_PER_MINUTE, f, c->maximum_per_minute.value))
        return JR_FAIL;
    const cJSON *e = member(m, "exponentialRate");
    if (!e) return JR_OK;
    static const char *E = "jobExecutionsRolloutConfig.exponentialRate";
    if (need_object(d, e, E)) return JR_FAIL;
    c->has_exponential_rate = true;
    const cJSON *x;
    path2(f, E, "baseRatePerMinute");
    if (!(x = member(e, "baseRatePerMinute"))) return fail(d, f, "required");
    if (j_int(d, x, f, &c->base_rate_per_minute)) return JR_FAIL;
    if (lim_int(d, JR_LIM_BASE_RATE_PER_MINUTE, f, c->base_rate_per_minute)) return JR_FAIL;
    path2(f, E, "incrementFactor");
    if (!(x = member(e, "incrementFactor"))) return fail(d, f, "required");
    if (j_num(d, x, f, &c->increment_factor)) return JR_FAIL;
    if (range_checks(d) && (c->increment_factor < 1.1 || c->increment_factor > 5.0))
        return fail(d, f, "value %g outside 1.1..5", c->increment_factor);
    if (!decimal_places_ok(c->increment_factor, 1)) return fail(d, f, "at most one digit after the decimal point");
    path2(f, E, "rateIncreaseCriteria");
    if (!(x = member(e, "rateIncreaseCriteria"))) return fail(d, f, "required");
    if (need_object(d, x, f)) return JR_FAIL;
    const char *g = "jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfNotifiedThings";
    if (b_int(d, x, "numberOfNotifiedThings", g, &c->number_of_notified_things)) return JR_FAIL;
    if (c->number_of_notified_things.present &&
        lim_int(d, JR_LIM_RATE_INCREASE_THINGS, g, c->number_of_notified_things.value))
        return JR_FAIL;
    g = "jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfSucceededThings";
    if (b_int(d, x, "numberOfSucceededThings", g, &c->number_of_succeeded_things)) return JR_FAIL;
    if (c->number_of_succeeded_things.present &&
        lim_int(d, JR_LIM_RATE_INCREASE_THINGS, g, c->number_of_succeeded_things.value))
        return JR_FAIL;
    if (c->number_of_notified_things.present == c->number_of_succeeded_things.present)
        return fail(d, f, "exactly one of numberOfNotifiedThings and numberOfSucceededThings is required");
    return JR_OK;
}

static jr_status b_abort(dctx *d, const cJSON *obj)
{
    static const char *P = "abortConfig";
    const cJSON *m = member(obj, P);
    if (!m) return JR_OK;
    if (need_object(d, m, P)) return JR_FAIL;
    const cJSON *l = member(m, "criteriaList");
    if (!l) return fail(d, "abortConfig.criteriaList", "required");
    if (!cJSON_IsArray(l)) return fail(d, "abortConfig.criteriaList", "must be a list");
    size_t n = (size_t)cJSON_GetArraySize(l);
    if (n == 0) return fail(d, "abortConfig.criteriaList", "must have at least 1 item");
    jr_abort_config *c = &d->r->abort_config;
    c->present = true;
    c->criteria = calloc(n, sizeof *c->criteria);
    if (!c->criteria) return nomem(d);
    const cJSON *e;
    size_t i = 0;
    char base[FIELD_BUF], f[FIELD_BUF];
    cJSON_ArrayForEach(e, l)
    {
        snprintf(base, sizeof base, "abortConfig.criteriaList[%zu]", i);
        if (need_object(d, e, base)) return JR_FAIL;
        jr_abort_criteria *a = &c->criteria[i];
        const cJSON *x;
        path2(f, base, "failureType");
        if (!(x = member(e, "failureType"))) return fail(d, f, "required");
        if (!cJSON_IsString(x) || !jr_failure_type_parse(x->valuestring, &a->failure_type))
            return fail(d, f, "must be one of FAILED, REJECTED, TIMED_OUT, ALL");
        path2(f, base, "action");
        if (!(x = member(e, "action"))) return fail(d, f, "required");
        if (!cJSON_IsString(x) || !jr_abort_action_parse(x->valuestring, &a->action))
            return fail(d, f, "must be CANCEL");
        path2(f, base, "thresholdPercentage");
        if (!(x = member(e, "thresholdPercentage"))) return fail(d, f, "required");
        if (j_num(d, x, f, &a->threshold_percentage)) return JR_FAIL;
        if (range_checks(d) && (a->threshold_percentage <= 0 || a->threshold_percentage > 100))
            return fail(d, f, "value %g outside (0, 100]", a->threshold_percentage);
        if (!decimal_places_ok(a->threshold_percentage, 2)) return fail(d, f, "at most two digits after the decimal point");
        path2(f, base, "minNumberOfExecutedThings");
        if (!(x = member(e, "minNumberOfExecutedThings"))) return fail(d, f, "required");
        if (j_int(d, x, f, &a->min_number_of_executed_things)) return JR_FAIL;
        if (lim_int(d, JR_LIM_MIN_EXECUTED_THINGS, f, a->min_number_of_executed_things)) return JR_FAIL;
        c->count = ++i;
    }
    return JR_OK;
}

static jr_status b_timeout(dctx *d, const cJSON *obj)
{
    static const char *P = "timeoutConfig";
    const cJSON *m = member(obj, P);
    if (!m) return JR_OK;
    if (need_object(d, m, P)) return JR_FAIL;
    jr_timeout_config *c = &d->r->timeout_config;
    c->present = true;
    const char *f = "timeoutConfig.inProgressTimeoutInMinutes";
    if (b_int(d, m, "inProgressTimeoutInMinutes", f, &c->in_progress_timeout_minutes)) return JR_FAIL;
    if (c->in_progress_timeout_minutes.present &&
        lim_int(d, JR_LIM_IN_PROGRESS_TIMEOUT, f, c->in_progress_timeout_minutes.value))
        return JR_FAIL;
    return JR_OK;
}

static jr_status b_retry(dctx *d, const cJSON *obj)
{
    static const char *P = "jobExecutionsRetryConfig";
    const cJSON *m = member(obj, P);
    if (!m) return JR_OK;
    if (need_object(d, m, P)) return JR_FAIL;
    const char *lf = "jobExecutionsRetryConfig.criteriaList";
    const cJSON *l = member(m, "criteriaList");
    if (!l) return fail(d, lf, "required");
    if (!cJSON_IsArray(l)) return fail(d, lf, "must be a list");
    size_t n = (size_t)cJSON_GetArraySize(l);
    if (lim_int(d, JR_LIM_RETRY_CRITERIA, lf, (int64_t)n)) return JR_FAIL;
    jr_retry_config *c = &d->r->retry_config;
    c->present = true;
    c->criteria = calloc(n, sizeof *c->criteria);
    if (!c->criteria) return nomem(d);
    const cJSON *e;
    size_t i = 0;
    char base[FIELD_BUF], f[FIELD_BUF];
    cJSON_ArrayForEach(e, l)
    {
        snprintf(base, sizeof base, "%s[%zu]", lf, i);
        if (need_object(d, e, base)) return JR_FAIL;
        jr_retry_criteria *a = &c->criteria[i];
        const cJSON *x;
        path2(f, base, "failureType");
        if (!(x = member(e, "failureType"))) return fail(d, f, "required");
        if (!cJSON_IsString(x) || !jr_retry_failure_type_parse(x->valuestring, &a->failure_type))
            return fail(d, f, "must be one of FAILED, TIMED_OUT, ALL");
        for (size_t k = 0; k < i; k++)
            if (c->criteria[k].failure_type == a->failure_type) return fail(d, f, "failureType given twice");
        path2(f, base, "numberOfRetries");
        if (!(x = member(e, "numberOfRetries"))) return fail(d, f, "required");
        if (j_int(d, x, f, &a->number_of_retries)) return JR_FAIL;
        if (lim_int(d, JR_LIM_NUMBER_OF_RETRIES, f, a->number_of_retries)) return JR_FAIL;
        c->count = ++i;
    }
    return JR_OK;
}

static jr_status b_time(dctx *d, const cJSON *m, const char *key, char **out)
{
    char f[FIELD_BUF];
    path2(f, "schedulingConfig", key);
    if (b_str(d, m, key, f, out)) return JR_FAIL;
    if (!*out) return JR_OK;
    if (lim_str(d, JR_LIM_SCHEDULE_TIME, f, *out)) return JR_FAIL;
    int64_t ms;
    if (!jr_parse_timestamp(*out, &ms)) return fail(d, f, "not an ISO-8601 date-time");
    return JR_OK;
}

static jr_status b_scheduling(dctx *d, const cJSON *obj)
{
    static const char *P = "schedulingConfig";
    const cJSON *m = member(obj, P);
    if (!m) return JR_OK;
    if (need_object(d, m, P)) return JR_FAIL;
    jr_scheduling_config *c = &d->r->scheduling_config;
    c->present = true;
    if (b_time(d, m, "startTime", &c->start_time) || b_time(d, m, "endTime", &c->end_time)) return JR_FAIL;
    const cJSON *x = member(m, "endBehavior");
    if (x) {
        if (!cJSON_IsString(x) || !jr_end_behavior_parse(x->valuestring, &c->end_behavior))
            return fail(d, "schedulingConfig.endBehavior", "must be one of STOP_ROLLOUT, CANCEL, FORCE_CANCEL");
        c->has_end_behavior = true;
    }
    return JR_OK;
}

static jr_status b_tags(dctx *d, const cJSON *obj)
{
    const cJSON *m = member(obj, "tags");
    if (!m) return JR_OK;
    if (!cJSON_IsArray(m)) return fail(d, "tags", "must be a list");
    jr_kv_list *t = &d->r->tags;
    t->present = true;
    size_t n = (size_t)cJSON_GetArraySize(m);
    if (n) {
        t->items = calloc(n, sizeof *t->items);
        if (!t->items) return nomem(d);
    }
    const cJSON *e;
    char base[FIELD_BUF], f[FIELD_BUF];
    cJSON_ArrayForEach(e, m)
    {
        snprintf(base, sizeof base, "tags[%zu]", t->count);
        if (need_object(d, e, base)) return JR_FAIL;
        jr_kv *kv = &t->items[t->count++];
        path2(f, base, "Key");
        const cJSON *x = member(e, "Key");
        if (!x) return fail(d, f, "required");
        if (j_str(d, x, f, &kv->key)) return JR_FAIL;
        if (lim_str(d, JR_LIM_TAG_KEY, f, kv->key)) return JR_FAIL;
        path2(f, base, "Value");
        if (b_str(d, e, "Value", f, &kv->value)) return JR_FAIL;
        if (kv->value && lim_str(d, JR_LIM_TAG_VALUE, f, kv->value)) return JR_FAIL;
    }
    return JR_OK;
}

static jr_status b_force(dctx *d, const cJSON *obj)
{
    /* seed erratum: force may come in the body; the query wins */
    if (d->r->force.present) return JR_OK;
    return b_bool(d, obj, "force", "force", &d->r->force);
}

static jr_status b_expected_version(dctx *d, const cJSON *obj)
{
    if (b_int(d, obj, "expectedVersion", "expectedVersion", &d->r->expected_version)) return JR_FAIL;
    if (d->r->expected_version.present)
        return lim_int(d, JR_LIM_NON_NEGATIVE, "expectedVersion", d->r->expected_version.value);
    return JR_OK;
}

static jr_status b_step_timeout(dctx *d, const cJSON *obj)
{
    jr_opt_i64 *s = &d->r->step_timeout_minutes;
    if (b_int(d, obj, "stepTimeoutInMinutes", "stepTimeoutInMinutes", s)) return JR_FAIL;
    return s->present ? lim_int(d, JR_LIM_STEP_TIMEOUT, "stepTimeoutInMinutes", s->value) : JR_OK;
}

/* ------------------------------------------------------------------ */
/* operations */

jr_status jr_dec_create_job(dctx *d)
{
    jr_request *r = d->r;
    const cJSON *b = d->body;
    if (b_targets(d, b, true)) return JR_FAIL;
    if (b_str(d, b, "document", "document", &r->document)) return JR_FAIL;
    if (b_str(d, b, "documentSource", "documentSource", &r->document_source)) return JR_FAIL;
    if (r->document && r->document_source)
        return fail(d, "document", "document and documentSource are mutually exclusive");
    if (!r->document && !r->document_source) return fail(d, "document", "one of document and documentSource is required");
    if (r->document) {
        if (lim_str(d, JR_LIM_DOCUMENT, "document", r->document)) return JR_FAIL;
        size_t bl = strlen(r->document);
        const char *end = NULL;
        cJSON *j = cJSON_ParseWithLengthOpts(r->document, bl + 1, &end, 0);
        bool ok = j != NULL;
        if (ok && end) {
            while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n') end++;
            ok = *end == '\0';
        }
        cJSON_Delete(j);
        if (!ok) return fail(d, "document", "not valid JSON");
    }
    if (r->document_source) {
        if (lim_str(d, JR_LIM_DOCUMENT_SOURCE, "documentSource", r->document_source)) return JR_FAIL;
    }
    if (b_description(d, b)) return JR_FAIL;
    if (b_presigned(d, b)) return JR_FAIL;
    const cJSON *x = member(b, "targetSelection");
    if (x) {
        if (!cJSON_IsString(x) || !jr_target_selection_parse(x->valuestring, &r->target_selection))
            return fail(d, "targetSelection", "must be CONTINUOUS or SNAPSHOT");
        r->has_target_selection = true;
    }
    if (b_rollout(d, b) || b_abort(d, b) || b_timeout(d, b) || b_tags(d, b)) return JR_FAIL;
    if (b_str(d, b, "namespaceId", "namespaceId", &r->namespace_id)) return JR_FAIL;
    if (r->namespace_id && lim_str(d, JR_LIM_NAMESPACE_ID, "namespaceId", r->namespace_id)) return JR_FAIL;
    if (b_str(d, b, "jobTemplateArn", "jobTemplateArn", &r->job_template_arn)) return JR_FAIL;
    if (r->job_template_arn) {
        if (lim_str(d, JR_LIM_JOB_TEMPLATE_ARN, "jobTemplateArn", r->job_template_arn)) return JR_FAIL;
    }
    if (b_retry(d, b)) return JR_FAIL;
    if (b_map(d, b, "documentParameters", MAP_PARAMETERS, &r->document_parameters)) return JR_FAIL;
    if (b_scheduling(d, b)) return JR_FAIL;
    return JR_OK;
}

jr_status jr_dec_update_job(dctx *d)
{
    const cJSON *b = d->body;
    if (q_namespace(d)) return JR_FAIL;
    if (b_description(d, b) || b_presigned(d, b) || b_rollout(d, b) || b_abort(d, b) || b_timeout(d, b) ||
        b_retry(d, b))
        return JR_FAIL;
    return JR_OK;
}

jr_status jr_dec_list_jobs(dctx *d)
{
    jr_request *r = d->r;
    char *v;
    if (q_str(d, "status", &v)) return JR_FAIL;
    if (v) {
        bool ok = jr_job_status_parse(v, &r->job_status);
        free(v);
        if (!ok) return fail(d, "status", "not a job status");
        r->has_job_status = true;
    }
    if (q_str(d, "targetSelection", &v)) return JR_FAIL;
    if (v) {
        bool ok = jr_target_selection_parse(v, &r->target_selection);
        free(v);
        if (!ok) return fail(d, "targetSelection", "must be CONTINUOUS or SNAPSHOT");
        r->has_target_selection = true;
    }
    if (q_max_results(d) || q_next_token(d)) return JR_FAIL;
    if (q_str(d, "thingGroupName", &r->thing_group_name)) return JR_FAIL;
    if (r->thing_group_name && v_name(d, "thingGroupName", r->thing_group_name)) return JR_FAIL;
    if (q_str(d, "thingGroupId", &r->thing_group_id)) return JR_FAIL;
    if (r->thing_group_id) {
        if (lim_str(d, JR_LIM_THING_GROUP_ID, "thingGroupId", r->thing_group_id)) return JR_FAIL;
    }
    return q_namespace(d);
}

static jr_status group_membership(dctx *d, bool add)
{
    jr_request *r = d->r;
    const cJSON *b = d->body;
    if (b_str(d, b, "thingGroupName", "thingGroupName", &r->thing_group_name)) return JR_FAIL;
    if (r->thing_group_name && v_name(d, "thingGroupName", r->thing_group_name)) return JR_FAIL;
    if (b_str(d, b, "thingGroupArn", "thingGroupArn", &r->thing_group_arn)) return JR_FAIL;
    if (r->thing_group_arn && jr_target_arn_kind(r->thing_group_arn) != JR_ARN_THING_GROUP)
        return fail(d, "thingGroupArn", "not a thing-group ARN");
    if (b_str(d, b, "thingName", "thingName", &r->thing_name)) return JR_FAIL;
    if (r->thing_name && v_name(d, "thingName", r->thing_name)) return JR_FAIL;
    if (b_str(d, b, "thingArn", "thingArn", &r->thing_arn)) return JR_FAIL;
    if (r->thing_arn && jr_target_arn_kind(r->thing_arn) != JR_ARN_THING) return fail(d, "thingArn", "not a thing ARN");
    if (!r->thing_group_name && !r->thing_group_arn)
        return fail(d, "thingGroupName", "thingGroupName or thingGroupArn is required");
    if (!r->thing_name && !r->thing_arn) return fail(d, "thingName", "thingName or thingArn is required");
    if (add && b_bool(d, b, "overrideDynamicGroups", "overrideDynamicGroups", &r->override_dynamic_groups))
        return JR_FAIL;
    return JR_OK;
}

jr_status jr_dec_create_thing(dctx *d)
{
    jr_request *r = d->r;
    const cJSON *b = d->body;
    if (b_str(d, b, "thingTypeName", "thingTypeName", &r->thing_type_name)) return JR_FAIL;
    if (r->thing_type_name && v_name(d, "thingTypeName", r->thing_type_name)) return JR_FAIL;
    const cJSON *p = member(b, "attributePayload");
    if (p) {
        if (need_object(d, p, "attributePayload")) return JR_FAIL;
        const cJSON *a = member(p, "attributes");
        if (a) {
            if (!cJSON_IsObject(a)) return fail(d, "attributePayload.attributes", "must be a JSON object");
            if (b_map_f(d, p, "attributes", "attributePayload.attributes", MAP_ATTRIBUTES, &r->attributes))
                return JR_FAIL;
        }
    }
    return JR_OK;
}

jr_status jr_dec_create_group(dctx *d)
{
    jr_request *r = d->r;
    const cJSON *b = d->body;
    if (b_str(d, b, "parentGroupName", "parentGroupName", &r->parent_group_name)) return JR_FAIL;
    if (r->parent_group_name && v_name(d, "parentGroupName", r->parent_group_name)) return JR_FAIL;
    const cJSON *p = member(b, "thingGroupProperties");
    if (p && need_object(d, p, "thingGroupProperties")) return JR_FAIL;
    /* kept to compare with an existing group's (ResourceAlreadyExists) */
    if (p && !(r->group_properties = cJSON_PrintUnformatted(p))) return fail(d, "thingGroupProperties", "out of memory");
    return b_tags(d, b);
}

/* The URI labels (the only members set so far), then the operation's own
 * decoder from the table. */
static jr_status decode_op(dctx *d)
{
    jr_request *r = d->r;
    if (r->job_id) {
        if (r->op == JR_OP_DATA_DESCRIBE_JOB_EXECUTION) {
            if (!r->job_id[0]) return fail(d, "jobId", "must not be empty");
            if (strcmp(r->job_id, "$next") != 0 && !jr_fault_on(d->faults, JR_FAULT_NO_JOBID_VALIDATION) &&
                !jr_is_id_chars(r->job_id))
                return fail(d, "jobId", "must match [a-zA-Z0-9_-]+ or be $next");
        } else if (v_job_id(d, "jobId", r->job_id)) {
            return JR_FAIL;
        }
    }
    if (r->thing_name && v_name(d, "thingName", r->thing_name)) return JR_FAIL;
    if (r->thing_group_name && v_name(d, "thingGroupName", r->thing_group_name)) return JR_FAIL;
    return OPS[r->op].decode(d);
}

/* ---- the decoders of the operation table: members beyond the URI labels */

jr_status jr_dec_none(dctx *d)
{
    (void)d;
    return JR_OK;
}

jr_status jr_dec_delete_job(dctx *d)
{
    return (q_bool(d, "force", &d->r->force) || q_namespace(d)) ? JR_FAIL : JR_OK;
}

jr_status jr_dec_associate(dctx *d)
{
    return (q_namespace(d) || b_targets(d, d->body, true) || b_comment(d, d->body)) ? JR_FAIL : JR_OK;
}

jr_status jr_dec_cancel_job(dctx *d)
{
    jr_request *r = d->r;
    const cJSON *b = d->body;
    if (q_bool(d, "force", &r->force) || b_comment(d, b) || b_force(d, b)) return JR_FAIL;
    if (b_str(d, b, "reasonCode", "reasonCode", &r->reason_code)) return JR_FAIL;
    if (r->reason_code) {
        if (lim_str(d, JR_LIM_REASON_CODE, "reasonCode", r->reason_code)) return JR_FAIL;
    }
    return JR_OK;
}

jr_status jr_dec_list_execs_for_job(dctx *d)
{
    return (q_exec_status(d) || q_max_results(d) || q_next_token(d)) ? JR_FAIL : JR_OK;
}

jr_status jr_dec_list_execs_for_thing(dctx *d)
{
    jr_request *r = d->r;
    if (q_exec_status(d) || q_namespace(d) || q_max_results(d) || q_next_token(d)) return JR_FAIL;
    if (q_str(d, "jobId", &r->job_id)) return JR_FAIL;
    return r->job_id ? v_job_id(d, "jobId", r->job_id) : JR_OK;
}

jr_status jr_dec_describe_exec(dctx *d) { return q_nonneg(d, "executionNumber", &d->r->execution_number); }

jr_status jr_dec_cancel_exec(dctx *d)
{
    jr_request *r = d->r;
    const cJSON *b = d->body;
    if (q_bool(d, "force", &r->force) || b_force(d, b) || b_expected_version(d, b)) return JR_FAIL;
    return b_map(d, b, "statusDetails", MAP_STATUS_CONTROL, &r->status_details);
}

jr_status jr_dec_delete_exec(dctx *d)
{
    return (q_bool(d, "force", &d->r->force) || q_namespace(d)) ? JR_FAIL : JR_OK;
}

jr_status jr_dec_delete_registry(dctx *d) { return q_nonneg(d, "expectedVersion", &d->r->expected_version); }

jr_status jr_dec_add_to_group(dctx *d) { return group_membership(d, true); }
jr_status jr_dec_remove_from_group(dctx *d) { return group_membership(d, false); }

jr_status jr_dec_list_things(dctx *d)
{
    return (q_bool(d, "recursive", &d->r->recursive) || q_next_token(d) || q_max_results(d)) ? JR_FAIL : JR_OK;
}

jr_status jr_dec_start_next(dctx *d)
{
    return (b_map(d, d->body, "statusDetails", MAP_STATUS_DATA, &d->r->status_details) || b_step_timeout(d, d->body))
               ? JR_FAIL
               : JR_OK;
}

jr_status jr_dec_data_describe(dctx *d)
{
    if (q_bool(d, "includeJobDocument", &d->r->include_job_document)) return JR_FAIL;
    return q_nonneg(d, "executionNumber", &d->r->execution_number);
}

jr_status jr_dec_update_exec(dctx *d)
{
    jr_request *r = d->r;
    const cJSON *b = d->body;
    const cJSON *x = member(b, "status");
    if (!x) return fail(d, "status", "required");
    if (!cJSON_IsString(x) || !jr_exec_status_parse(x->valuestring, &r->exec_status))
        return fail(d, "status", "not a job execution status");
    r->has_exec_status = true;
    if (b_map(d, b, "statusDetails", MAP_STATUS_DATA, &r->status_details) || b_step_timeout(d, b) ||
        b_expected_version(d, b))
        return JR_FAIL;
    if (b_bool(d, b, "includeJobExecutionState", "includeJobExecutionState", &r->include_job_execution_state) ||
        b_bool(d, b, "includeJobDocument", "includeJobDocument", &r->include_job_document))
        return JR_FAIL;
    if (b_int(d, b, "executionNumber", "executionNumber", &r->execution_number)) return JR_FAIL;
    return r->execution_number.present ? lim_int(d, JR_LIM_NON_NEGATIVE, "executionNumber", r->execution_number.value)
                                       : JR_OK;
}

jr_status jr_decode_request(const jr_http_input *in, jr_fault_set faults, jr_request *out, jr_error *err)
{
    jr_error_clear(err);
    memset(out, 0, sizeof *out);
    if (!in || !in->method || !in->path)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, NULL, "missing method or path");
    if (in->plane != JR_PLANE_CONTROL && in->plane != JR_PLANE_DATA)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, NULL, "unknown plane");
    jr_route_labels l;
    bool known = false;
    jr_op op = jr_route_find(in->plane, in->method, in->path, &known, &l);
    if (op == JR_OP_NONE)
        return jr_error_set(err, JR_ERR_UNKNOWN_OPERATION, NULL, "no operation for %.16s %.200s", in->method, in->path);
    dctx d = {.in = in, .faults = faults, .r = out, .err = err, .body = NULL};
    out->op = op;
    out->plane = in->plane;
    jr_status st = labels(&d, &l);
    if (st == JR_OK && jr_route_has_body(op)) st = parse_body(&d);
    if (st == JR_OK) st = decode_op(&d);
    cJSON_Delete(d.body);
    if (st != JR_OK) {
        jr_request_free(out);
        return JR_FAIL;
    }
    return JR_OK;
}
