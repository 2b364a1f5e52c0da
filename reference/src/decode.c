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
#include "route.h"
#include "timeparse.h"
#include "validate.h"

typedef struct dctx {
    const jr_http_input *in;
    jr_fault_set faults;
    jr_request *r;
    jr_error *err;
    cJSON *body;
} dctx;

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

/* Length in characters within [min, max] (max 0 = unbounded). */
static jr_status v_len(dctx *d, const char *field, const char *s, size_t min, size_t max)
{
    size_t n = jr_utf16_len(s);
    if (n == 0 && min > 0) return fail(d, field, "must not be empty");
    if (n < min) return fail(d, field, "length %zu is below %zu", n, min);
    if (max && n > max) return fail(d, field, "length %zu exceeds %zu", n, max);
    return JR_OK;
}

static jr_status v_text(dctx *d, const char *field, const char *s, size_t min, size_t max)
{
    if (v_len(d, field, s, min, max)) return JR_FAIL;
    if (!jr_no_other_chars(s)) return fail(d, field, "contains a control, format or private-use character");
    return JR_OK;
}

/* With the no-jobid-validation fault the length and pattern are skipped, but
 * an empty jobId is still rejected: "/jobs/" cannot be routed, so accepting
 * "" would break decode(encode(r)) == r. */
static jr_status v_job_id(dctx *d, const char *field, const char *s)
{
    if (jr_fault_on(d->faults, JR_FAULT_NO_JOBID_VALIDATION))
        return s[0] ? JR_OK : fail(d, field, "must not be empty");
    if (v_len(d, field, s, 1, JR_JOB_ID_MAX)) return JR_FAIL;
    if (!jr_is_id_chars(s)) return fail(d, field, "must match [a-zA-Z0-9_-]+");
    return JR_OK;
}

static jr_status v_name(dctx *d, const char *field, const char *s)
{
    if (v_len(d, field, s, 1, 128)) return JR_FAIL;
    if (!jr_is_name_chars(s)) return fail(d, field, "must match [a-zA-Z0-9:_-]+");
    return JR_OK;
}

static jr_status v_namespace(dctx *d, const char *field, const char *s)
{
    if (!jr_is_id_chars(s)) return fail(d, field, "must match [a-zA-Z0-9_-]+");
    return JR_OK;
}

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
    if (out->present && out->value < 0) return fail(d, key, "must not be negative");
    return JR_OK;
}

static jr_status q_max_results(dctx *d)
{
    jr_opt_i64 *m = &d->r->max_results;
    if (q_int(d, "maxResults", m)) return JR_FAIL;
    if (m->present && !jr_fault_on(d->faults, JR_FAULT_NO_MAX_RESULTS_CHECK) &&
        (m->value < JR_MAX_RESULTS_MIN || m->value > JR_MAX_RESULTS_MAX))
        return fail(d, "maxResults", "value %lld outside 1..250", (long long)m->value);
    return JR_OK;
}

static jr_status q_namespace(dctx *d)
{
    if (q_str(d, "namespaceId", &d->r->namespace_id)) return JR_FAIL;
    if (d->r->namespace_id) return v_namespace(d, "namespaceId", d->r->namespace_id);
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

/* An int64 member range check (skipped when the config-range fault is on
 * and `config` is set). */
static jr_status range(dctx *d, bool config, const char *field, int64_t v, int64_t lo, int64_t hi)
{
    if (config && !range_checks(d)) return JR_OK;
    if (v < lo || v > hi) {
        if (hi == INT64_MAX) return fail(d, field, "value %lld is below %lld", (long long)v, (long long)lo);
        return fail(d, field, "value %lld outside %lld..%lld", (long long)v, (long long)lo, (long long)hi);
    }
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
    if ((kind == MAP_STATUS_CONTROL || kind == MAP_STATUS_DATA) && n > JR_STATUS_DETAILS_MAX_ENTRIES)
        return fail(d, key, "%zu entries exceed %d", n, JR_STATUS_DETAILS_MAX_ENTRIES);
    out->present = true;
    if (n) {
        out->items = calloc(n, sizeof *out->items);
        if (!out->items) return nomem(d);
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, m)
    {
        const char *k = e->string ? e->string : "";
        if (kind == MAP_PARAMETERS) {
            size_t kl = jr_utf16_len(k);
            if (kl < 1 || kl > JR_PARAMETER_KEY_MAX || !jr_is_id_chars(k))
                return fail(d, key, "key \"%.64s\" must be 1..128 characters of [a-zA-Z0-9_-]", k);
        } else if (kind == MAP_ATTRIBUTES) {
            size_t kl = jr_utf16_len(k);
            if (kl < 1 || kl > 800 || !jr_no_other_chars(k))
                return fail(d, key, "key \"%.64s\" must be 1..800 printable characters", k);
        } else {
            size_t kl = jr_utf16_len(k);
            if (kl < 1 || kl > JR_DETAILS_KEY_MAX || !jr_is_name_chars(k))
                return fail(d, key, "key \"%.64s\" must be 1..128 characters of [a-zA-Z0-9:_-]", k);
        }
        if (!cJSON_IsString(e) || !e->valuestring) return fail(d, key, "value of \"%.64s\" must be a string", k);
        const char *v = e->valuestring;
        size_t vl = jr_utf16_len(v);
        size_t vmin = 1, vmax = 0;
        if (kind == MAP_STATUS_DATA) vmax = JR_DATA_DETAILS_VALUE_MAX;
        if (kind == MAP_PARAMETERS) vmax = JR_PARAMETER_VALUE_MAX;
        if (kind == MAP_ATTRIBUTES) {
            vmin = 0;
            vmax = 800;
        }
        if (vl < vmin) return fail(d, key, "value of \"%.64s\" must not be empty", k);
        if (vmax && vl > vmax) return fail(d, key, "value of \"%.64s\": length %zu exceeds %zu", k, vl, vmax);
        if (!jr_no_other_chars(v))
            return fail(d, key, "value of \"%.64s\" contains a control, format or private-use character", k);
        jr_kv *kv = &out->items[out->count];
        kv->key = xstrdup(k);
        kv->value = xstrdup(v);
        out->count++;
        if (!kv->key || !kv->value) return nomem(d);
    }
    if (kind == MAP_STATUS_CONTROL || kind == MAP_STATUS_DATA) {
        for (size_t i = 0; i < out->count; i++)
            for (size_t j = i + 1; j < out->count; j++)
                if (strcmp(out->items[i].key, out->items[j].key) == 0)
                    return fail(d, key, "duplicate key \"%.64s\"", out->items[i].key);
    }
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
        size_t l = jr_utf16_len(e->valuestring);
        if (l > JR_TARGET_ARN_MAX) return fail(d, f, "length %zu exceeds %d", l, JR_TARGET_ARN_MAX);
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
    if (d->r->description) return v_text(d, "description", d->r->description, 1, JR_DESCRIPTION_MAX);
    return JR_OK;
}

static jr_status b_comment(dctx *d, const cJSON *obj)
{
    if (b_str(d, obj, "comment", "comment", &d->r->comment)) return JR_FAIL;
    if (d->r->comment) return v_text(d, "comment", d->r->comment, 1, JR_COMMENT_MAX);
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
    if (c->role_arn && v_len(d, f, c->role_arn, JR_ROLE_ARN_MIN, JR_ROLE_ARN_MAX)) return JR_FAIL;
    path2(f, P, "expiresInSec");
    if (b_int(d, m, "expiresInSec", f, &c->expires_in_sec)) return JR_FAIL;
    if (c->expires_in_sec.present &&
        range(d, true, f, c->expires_in_sec.value, JR_EXPIRES_IN_SEC_MIN, JR_EXPIRES_IN_SEC_MAX))
        return JR_FAIL;
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
    if (c->maximum_per_minute.present && range(d, true, f, c->maximum_per_minute.value, 1, 1000)) return JR_FAIL;
    const cJSON *e = member(m, "exponentialRate");
    if (!e) return JR_OK;
    static const char *E = "jobExecutionsRolloutConfig.exponentialRate";
    if (need_object(d, e, E)) return JR_FAIL;
    c->has_exponential_rate = true;
    const cJSON *x;
    path2(f, E, "baseRatePerMinute");
    if (!(x = member(e, "baseRatePerMinute"))) return fail(d, f, "required");
    if (j_int(d, x, f, &c->base_rate_per_minute)) return JR_FAIL;
    if (range(d, true, f, c->base_rate_per_minute, JR_BASE_RATE_MIN, JR_BASE_RATE_MAX)) return JR_FAIL;
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
        range(d, true, g, c->number_of_notified_things.value, 1, INT64_MAX))
        return JR_FAIL;
    g = "jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfSucceededThings";
    if (b_int(d, x, "numberOfSucceededThings", g, &c->number_of_succeeded_things)) return JR_FAIL;
    if (c->number_of_succeeded_things.present &&
        range(d, true, g, c->number_of_succeeded_things.value, 1, INT64_MAX))
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
        if (range(d, true, f, a->min_number_of_executed_things, 1, INT64_MAX)) return JR_FAIL;
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
        range(d, true, f, c->in_progress_timeout_minutes.value, JR_TIMEOUT_MINUTES_MIN, JR_TIMEOUT_MINUTES_MAX))
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
    if (n < 1 || n > JR_RETRY_CRITERIA_MAX) return fail(d, lf, "%zu items outside 1..2", n);
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
        if (range(d, true, f, a->number_of_retries, 0, JR_NUMBER_OF_RETRIES_MAX)) return JR_FAIL;
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
    if (v_len(d, f, *out, 1, 64)) return JR_FAIL;
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
        if (v_len(d, f, kv->key, 1, 128)) return JR_FAIL;
        if (!jr_is_tag_key_chars(kv->key)) return fail(d, f, "must match [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
        path2(f, base, "Value");
        if (b_str(d, e, "Value", f, &kv->value)) return JR_FAIL;
        if (kv->value && v_len(d, f, kv->value, 0, 256)) return JR_FAIL;
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
    if (d->r->expected_version.present && d->r->expected_version.value < 0)
        return fail(d, "expectedVersion", "must not be negative");
    return JR_OK;
}

static jr_status b_step_timeout(dctx *d, const cJSON *obj)
{
    jr_opt_i64 *s = &d->r->step_timeout_minutes;
    if (b_int(d, obj, "stepTimeoutInMinutes", "stepTimeoutInMinutes", s)) return JR_FAIL;
    if (s->present && s->value != -1 && (s->value < JR_TIMEOUT_MINUTES_MIN || s->value > JR_TIMEOUT_MINUTES_MAX))
        return fail(d, "stepTimeoutInMinutes", "value %lld must be -1 or within 1..10080", (long long)s->value);
    return JR_OK;
}

/* ------------------------------------------------------------------ */
/* operations */

static jr_status create_job(dctx *d)
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
        size_t n = jr_utf16_len(r->document);
        if (n > JR_DOCUMENT_MAX && !jr_fault_on(d->faults, JR_FAULT_NO_DOCUMENT_LIMIT))
            return fail(d, "document", "length %zu exceeds %d", n, JR_DOCUMENT_MAX);
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
        if (v_len(d, "documentSource", r->document_source, 1, JR_DOCUMENT_SOURCE_MAX)) return JR_FAIL;
        if (!jr_is_s3_url(r->document_source)) return fail(d, "documentSource", "not an https S3 object URL");
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
    if (r->namespace_id && v_namespace(d, "namespaceId", r->namespace_id)) return JR_FAIL;
    if (b_str(d, b, "jobTemplateArn", "jobTemplateArn", &r->job_template_arn)) return JR_FAIL;
    if (r->job_template_arn) {
        if (v_len(d, "jobTemplateArn", r->job_template_arn, 1, JR_JOB_TEMPLATE_ARN_MAX)) return JR_FAIL;
        if (!jr_is_template_arn(r->job_template_arn)) return fail(d, "jobTemplateArn", "must match ^arn:[!-~]+$");
    }
    if (b_retry(d, b)) return JR_FAIL;
    if (b_map(d, b, "documentParameters", MAP_PARAMETERS, &r->document_parameters)) return JR_FAIL;
    if (b_scheduling(d, b)) return JR_FAIL;
    return JR_OK;
}

static jr_status update_job(dctx *d)
{
    const cJSON *b = d->body;
    if (q_namespace(d)) return JR_FAIL;
    if (b_description(d, b) || b_presigned(d, b) || b_rollout(d, b) || b_abort(d, b) || b_timeout(d, b) ||
        b_retry(d, b))
        return JR_FAIL;
    return JR_OK;
}

static jr_status list_jobs(dctx *d)
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
        if (v_len(d, "thingGroupId", r->thing_group_id, 1, 128)) return JR_FAIL;
        if (!jr_is_group_id_chars(r->thing_group_id)) return fail(d, "thingGroupId", "must match [a-zA-Z0-9\\-]+");
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

static jr_status create_thing(dctx *d)
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

static jr_status create_thing_group(dctx *d)
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

static jr_status decode_op(dctx *d)
{
    jr_request *r = d->r;
    const cJSON *b = d->body;
    /* identifiers from labels */
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
    if (r->op != JR_OP_LIST_JOBS && r->op != JR_OP_ADD_THING_TO_THING_GROUP &&
        r->op != JR_OP_REMOVE_THING_FROM_THING_GROUP) {
        if (r->thing_name && v_name(d, "thingName", r->thing_name)) return JR_FAIL;
        if (r->thing_group_name && v_name(d, "thingGroupName", r->thing_group_name)) return JR_FAIL;
    }
    switch (r->op) {
    case JR_OP_CREATE_JOB:
        return create_job(d);
    case JR_OP_UPDATE_JOB:
        return update_job(d);
    case JR_OP_DELETE_JOB:
        return (q_bool(d, "force", &r->force) || q_namespace(d)) ? JR_FAIL : JR_OK;
    case JR_OP_LIST_JOBS:
        return list_jobs(d);
    case JR_OP_ASSOCIATE_TARGETS_WITH_JOB:
        return (q_namespace(d) || b_targets(d, b, true) || b_comment(d, b)) ? JR_FAIL : JR_OK;
    case JR_OP_CANCEL_JOB:
        if (q_bool(d, "force", &r->force) || b_comment(d, b) || b_force(d, b)) return JR_FAIL;
        if (b_str(d, b, "reasonCode", "reasonCode", &r->reason_code)) return JR_FAIL;
        if (r->reason_code) {
            if (v_len(d, "reasonCode", r->reason_code, 1, JR_REASON_CODE_MAX)) return JR_FAIL;
            if (!jr_is_reason_code_chars(r->reason_code)) return fail(d, "reasonCode", "must match [A-Z0-9_]+");
        }
        return JR_OK;
    case JR_OP_DESCRIBE_JOB:
    case JR_OP_GET_JOB_DOCUMENT:
    case JR_OP_DESCRIBE_THING:
    case JR_OP_DESCRIBE_THING_GROUP:
    case JR_OP_GET_PENDING_JOB_EXECUTIONS:
        return JR_OK;
    case JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB:
        return (q_exec_status(d) || q_max_results(d) || q_next_token(d)) ? JR_FAIL : JR_OK;
    case JR_OP_LIST_JOB_EXECUTIONS_FOR_THING:
        if (q_exec_status(d) || q_namespace(d) || q_max_results(d) || q_next_token(d)) return JR_FAIL;
        if (q_str(d, "jobId", &r->job_id)) return JR_FAIL;
        return r->job_id ? v_job_id(d, "jobId", r->job_id) : JR_OK;
    case JR_OP_DESCRIBE_JOB_EXECUTION:
        return q_nonneg(d, "executionNumber", &r->execution_number);
    case JR_OP_CANCEL_JOB_EXECUTION:
        if (q_bool(d, "force", &r->force) || b_force(d, b) || b_expected_version(d, b)) return JR_FAIL;
        return b_map(d, b, "statusDetails", MAP_STATUS_CONTROL, &r->status_details);
    case JR_OP_DELETE_JOB_EXECUTION:
        return (q_bool(d, "force", &r->force) || q_namespace(d)) ? JR_FAIL : JR_OK;
    case JR_OP_CREATE_THING:
        return create_thing(d);
    case JR_OP_DELETE_THING:
    case JR_OP_DELETE_THING_GROUP:
        return q_nonneg(d, "expectedVersion", &r->expected_version);
    case JR_OP_CREATE_THING_GROUP:
        return create_thing_group(d);
    case JR_OP_ADD_THING_TO_THING_GROUP:
        return group_membership(d, true);
    case JR_OP_REMOVE_THING_FROM_THING_GROUP:
        return group_membership(d, false);
    case JR_OP_LIST_THINGS_IN_THING_GROUP:
        return (q_bool(d, "recursive", &r->recursive) || q_next_token(d) || q_max_results(d)) ? JR_FAIL : JR_OK;
    case JR_OP_START_NEXT_PENDING_JOB_EXECUTION:
        return (b_map(d, b, "statusDetails", MAP_STATUS_DATA, &r->status_details) || b_step_timeout(d, b)) ? JR_FAIL
                                                                                                             : JR_OK;
    case JR_OP_DATA_DESCRIBE_JOB_EXECUTION:
        if (q_bool(d, "includeJobDocument", &r->include_job_document)) return JR_FAIL;
        return q_nonneg(d, "executionNumber", &r->execution_number);
    case JR_OP_UPDATE_JOB_EXECUTION: {
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
        if (r->execution_number.present && r->execution_number.value < 0)
            return fail(d, "executionNumber", "must not be negative");
        return JR_OK;
    }
    default:
        return jr_error_set(d->err, JR_ERR_UNKNOWN_OPERATION, NULL, "no such operation");
    }
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
