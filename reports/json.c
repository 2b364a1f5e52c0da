/* results.json: writer (cJSON) and loader. Schema:
 * reports/schema/results.schema.json; prose in docs/reports.md.
 *
 * Text encoding: every text member is a JSON string when the bytes are valid
 * UTF-8 (and, for bodies, contain no NUL); otherwise it is an object
 * {"base64": "..."} holding the exact bytes. The loader accepts both forms,
 * so any jc_run round-trips byte for byte. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "jc_report.h"
#include "jc_report_util.h"

/* ---------- writer ---------- */

/* A JSON string when s[0..len) is valid UTF-8 without NUL bytes, else
 * {"base64": "..."}; null when s is NULL. */
static cJSON *text_json(const char *s, size_t len)
{
    if (!s) return cJSON_CreateNull();
    if (memchr(s, '\0', len) == NULL && jc_utf8_valid(s, len)) {
        char *copy = strndup(s, len);
        cJSON *j = copy ? cJSON_CreateString(copy) : NULL;
        free(copy);
        return j;
    }
    char *b = jc_base64_encode((const unsigned char *)s, len);
    cJSON *o = b ? cJSON_CreateObject() : NULL;
    if (o && !cJSON_AddStringToObject(o, "base64", b)) {
        cJSON_Delete(o);
        o = NULL;
    }
    free(b);
    return o;
}

static cJSON *str_json(const char *s)
{
    return text_json(s, s ? strlen(s) : 0);
}

static bool add(cJSON *obj, const char *name, cJSON *item)
{
    if (!item) return false;
    if (!cJSON_AddItemToObject(obj, name, item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

static double fin(double v)
{
    return isfinite(v) ? v : 0.0;
}

/* A duration in milliseconds to the microsecond (full double precision
   only made the file larger). */
static double millis(double ms)
{
    return round(fin(ms) * 1000.0) / 1000.0;
}

static cJSON *exchange_json(const jc_exchange *ex)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o != NULL;
    ok = ok && add(o, "method", str_json(ex->method));
    ok = ok && add(o, "url", str_json(ex->url));
    ok = ok && add(o, "requestHeaders", str_json(ex->request_headers));
    ok = ok && add(o, "requestBody", text_json(ex->request_body, ex->request_body_len));
    ok = ok && add(o, "status", cJSON_CreateNumber(ex->status));
    ok = ok && add(o, "responseHeaders", str_json(ex->response_headers));
    ok = ok && add(o, "responseBody", text_json(ex->response_body, ex->response_body_len));
    ok = ok && add(o, "durationMs", cJSON_CreateNumber(millis(ex->duration_ms)));
    ok = ok && add(o, "transportError", str_json(ex->transport_error));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *strv_json(char **v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *s = str_json(v[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *checks_json(const jc_scenario_result *sc)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < sc->check_count; i++) {
        const jc_check *c = &sc->checks[i];
        cJSON *o = cJSON_CreateObject();
        bool ok = o && cJSON_AddItemToArray(a, o);
        if (!ok) cJSON_Delete(o);
        ok = ok && add(o, "requirement", str_json(c->requirement));
        ok = ok && add(o, "passed", cJSON_CreateBool(c->passed));
        ok = ok && add(o, "where", str_json(c->where));
        ok = ok && add(o, "message", str_json(c->message));
        if (!ok) {
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *verdicts_json(const jc_scenario_result *sc)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < sc->verdict_count; i++) {
        const jc_req_verdict *v = &sc->verdicts[i];
        cJSON *o = cJSON_CreateObject();
        bool ok = o && cJSON_AddItemToArray(a, o);
        if (!ok) cJSON_Delete(o);
        ok = ok && add(o, "requirement", str_json(v->requirement));
        ok = ok && add(o, "level", cJSON_CreateString(jc_level_name(v->level)));
        ok = ok && add(o, "status", cJSON_CreateString(jc_status_name(v->status)));
        if (!ok) {
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

/* Counts per status; sparse: only the statuses that occur (a requirement's
   counts, rebuilt from the scenarios when the file is loaded). */
static cJSON *counts_json_(const size_t counts[JC_STATUS_COUNT], bool sparse)
{
    cJSON *o = cJSON_CreateObject();
    for (int s = 0; o && s < JC_STATUS_COUNT; s++)
        if ((!sparse || counts[s]) && !add(o, jc_status_name((jc_status)s), cJSON_CreateNumber((double)counts[s]))) {
            cJSON_Delete(o);
            return NULL;
        }
    return o;
}

static cJSON *counts_json(const size_t counts[JC_STATUS_COUNT])
{
    return counts_json_(counts, false);
}

static cJSON *scenario_json(const jc_scenario_result *sc)
{
    cJSON *o = cJSON_CreateObject(), *tr;
    bool ok = o != NULL;
    ok = ok && add(o, "id", str_json(sc->id));
    ok = ok && add(o, "suite", str_json(sc->suite));
    ok = ok && add(o, "title", str_json(sc->title));
    ok = ok && add(o, "requirements", strv_json(sc->requirement_ids, sc->requirement_count));
    ok = ok && add(o, "status", cJSON_CreateString(jc_status_name(sc->status)));
    /* members at their default (null, false, empty; rawStatus equal to
       status) are left out: most scenarios pass, and a whole run's file
       stays small */
    if (sc->raw_status != sc->status)
        ok = ok && add(o, "rawStatus", cJSON_CreateString(jc_status_name(sc->raw_status)));
    if (sc->expected_failure) ok = ok && add(o, "expectedFailure", cJSON_CreateBool(true));
    if (sc->unexpected_pass) ok = ok && add(o, "unexpectedPass", cJSON_CreateBool(true));
    if (sc->baseline_reason) ok = ok && add(o, "baselineReason", str_json(sc->baseline_reason));
    ok = ok && add(o, "durationMs", cJSON_CreateNumber(millis(sc->duration_ms)));
    if (sc->message) ok = ok && add(o, "message", str_json(sc->message));
    if (sc->blocked_operation) ok = ok && add(o, "blockedOperation", str_json(sc->blocked_operation));
    if (sc->warning) ok = ok && add(o, "warning", cJSON_CreateBool(sc->warning));
    if (sc->ops_under_test || sc->ops_setup || sc->ops_called || sc->ops_succeeded || sc->ops_checked ||
        sc->ops_refused) {
        cJSON *ops = cJSON_CreateObject();
        ok = ok && add(o, "operations", ops);
        ok = ok && add(ops, "underTest", str_json(sc->ops_under_test));
        ok = ok && add(ops, "setup", str_json(sc->ops_setup));
        ok = ok && add(ops, "called", str_json(sc->ops_called));
        ok = ok && add(ops, "succeeded", str_json(sc->ops_succeeded));
        ok = ok && add(ops, "checked", str_json(sc->ops_checked));
        ok = ok && add(ops, "refused", str_json(sc->ops_refused));
    }
    if (sc->check_count) ok = ok && add(o, "checks", checks_json(sc));
    ok = ok && add(o, "checksOmitted", cJSON_CreateNumber((double)sc->checks_omitted));
    ok = ok && add(o, "verdicts", verdicts_json(sc));
    tr = ok && sc->exchange_count ? cJSON_CreateArray() : NULL;
    if (sc->exchange_count) ok = ok && add(o, "transcript", tr);
    for (size_t e = 0; ok && e < sc->exchange_count; e++) {
        cJSON *x = exchange_json(&sc->transcript[e]);
        if (!x || !cJSON_AddItemToArray(tr, x)) {
            cJSON_Delete(x);
            ok = false;
        }
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *requirement_json(const jc_requirement_result *rq)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o != NULL;
    ok = ok && add(o, "id", str_json(rq->id));
    ok = ok && add(o, "level", cJSON_CreateString(jc_level_name(rq->level)));
    ok = ok && add(o, "source", str_json(rq->source));
    ok = ok && add(o, "statement", str_json(rq->statement));
    ok = ok && add(o, "erratum", cJSON_CreateBool(rq->erratum));
    ok = ok && add(o, "referenceDecision", cJSON_CreateBool(rq->reference_decision));
    ok = ok && add(o, "covered", cJSON_CreateBool(rq->covered));
    ok = ok && add(o, "status", cJSON_CreateString(jc_status_name(rq->status)));
    ok = ok && add(o, "counts", counts_json_(rq->counts, true));
    ok = ok && add(o, "scenarios", strv_json(rq->scenario_ids, rq->scenario_count));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *op_row_json(const jc_op_row *r)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o != NULL;
    ok = ok && add(o, "operation", str_json(r->operation));
    ok = ok && add(o, "plane", cJSON_CreateString(r->data_plane ? "data" : "control"));
    const struct { const char *name; size_t v; } n[] = {
        {"calls", r->calls}, {"ok", r->ok}, {"typed4xx", r->typed_4xx}, {"other4xx", r->other_4xx},
        {"server5xx", r->server_5xx}, {"notJson", r->not_json}, {"noRoute", r->no_route},
        {"transport", r->transport}, {"blocked", r->blocked}};
    for (size_t i = 0; ok && i < sizeof n / sizeof n[0]; i++) ok = add(o, n[i].name, cJSON_CreateNumber((double)n[i].v));
    ok = ok && add(o, "answers", str_json(r->answers));
    ok = ok && add(o, "judgement", str_json(r->judgement));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *run_json(const jc_run *run)
{
    cJSON *root = cJSON_CreateObject(), *tool, *meta, *cfg, *counts, *arr;
    bool ok = root != NULL;
    ok = ok && add(root, "schemaVersion", cJSON_CreateNumber(JC_RESULTS_SCHEMA_VERSION));
    tool = ok ? cJSON_CreateObject() : NULL;
    ok = ok && add(root, "tool", tool);
    ok = ok && add(tool, "name", str_json(run->tool_name));
    ok = ok && add(tool, "version", str_json(run->tool_version));
    meta = ok ? cJSON_CreateObject() : NULL;
    ok = ok && add(root, "run", meta);
    ok = ok && add(meta, "endpoint", str_json(run->endpoint));
    ok = ok && add(meta, "dataEndpoint", str_json(run->data_endpoint));
    ok = ok && add(meta, "region", str_json(run->region));
    ok = ok && add(meta, "embedded", cJSON_CreateBool(run->embedded));
    ok = ok && add(meta, "startedAt", str_json(run->started_at));
    ok = ok && add(meta, "durationSeconds", cJSON_CreateNumber(fin(run->duration_s)));
    cfg = ok ? cJSON_CreateArray() : NULL;
    ok = ok && add(meta, "config", cfg);
    for (size_t i = 0; ok && i < run->config_count; i++) {
        cJSON *kv = cJSON_CreateObject();
        ok = kv && cJSON_AddItemToArray(cfg, kv);
        if (!ok) cJSON_Delete(kv);
        ok = ok && add(kv, "key", str_json(run->config[i].key));
        ok = ok && add(kv, "value", str_json(run->config[i].value));
    }
    ok = ok && add(meta, "exitCode", cJSON_CreateNumber(run->exit_code));
    ok = ok && add(meta, "strict", cJSON_CreateBool(run->strict));
    ok = ok && add(meta, "incomplete", cJSON_CreateBool(run->incomplete));
    ok = ok && add(meta, "incompleteReason", str_json(run->incomplete_reason));
    ok = ok && add(meta, "insecure", cJSON_CreateBool(run->insecure));
    counts = ok ? counts_json(run->counts) : NULL;
    ok = ok && add(root, "counts", counts);
    ok = ok && add(root, "unexpectedPasses", cJSON_CreateNumber((double)run->unexpected_passes));
    ok = ok && add(root, "warnings", cJSON_CreateNumber((double)run->warnings));
    arr = ok ? cJSON_CreateArray() : NULL;
    ok = ok && add(root, "operations", arr);
    for (size_t i = 0; ok && i < run->operation_count; i++) {
        cJSON *x = op_row_json(&run->operations[i]);
        ok = x && cJSON_AddItemToArray(arr, x);
        if (!ok) cJSON_Delete(x);
    }
    arr = ok ? cJSON_CreateArray() : NULL;
    ok = ok && add(root, "scenarios", arr);
    for (size_t i = 0; ok && i < run->scenario_count; i++) {
        cJSON *x = scenario_json(&run->scenarios[i]);
        ok = x && cJSON_AddItemToArray(arr, x);
        if (!ok) cJSON_Delete(x);
    }
    arr = ok ? cJSON_CreateArray() : NULL;
    ok = ok && add(root, "requirements", arr);
    for (size_t i = 0; ok && i < run->requirement_count; i++) {
        cJSON *x = requirement_json(&run->requirements[i]);
        ok = x && cJSON_AddItemToArray(arr, x);
        if (!ok) cJSON_Delete(x);
    }
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

int jc_report_json(const jc_run *run, FILE *out, char *err, size_t err_len)
{
    cJSON *root;
    char *text;
    size_t n;
    if (!run || !out) return jc_errf(err, err_len, "json: missing run or stream");
    root = run_json(run);
    if (!root) return jc_errf(err, err_len, "json: out of memory");
    text = cJSON_PrintUnformatted(root) /* compact: a whole run stays small; jq pretty-prints */;
    cJSON_Delete(root);
    if (!text) return jc_errf(err, err_len, "json: out of memory");
    n = strlen(text);
    if (fwrite(text, 1, n, out) != n || fputc('\n', out) == EOF) {
        cJSON_free(text);
        return jc_errf(err, err_len, "json: write failed");
    }
    cJSON_free(text);
    return 0;
}

/* ---------- loader ---------- */

typedef struct ld {
    int version; /* schema version of the file being read */
    const char *file;
    char *err;
    size_t err_len;
    bool failed;
} ld;

__attribute__((format(printf, 3, 4))) static bool bad(ld *l, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!l->failed) jc_errf(l->err, l->err_len, "%s: %s: %s", l->file, path, msg);
    l->failed = true;
    return false;
}

static const cJSON *member(ld *l, const cJSON *obj, const char *path, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!m) bad(l, path, "missing member \"%s\"", name);
    return m;
}

/* Reads a text value at path p: string, {"base64": ...}, or null when
 * nullable. NUL bytes are allowed only when len is set (bodies). */
static bool read_text(ld *l, const cJSON *m, const char *p, bool nullable, char **out, size_t *len)
{
    size_t n = 0;
    *out = NULL;
    if (len) *len = 0;
    if (cJSON_IsNull(m)) {
        if (!nullable) return bad(l, p, "must not be null");
        return true;
    }
    if (cJSON_IsString(m)) {
        *out = strdup(m->valuestring);
        if (!*out) return bad(l, p, "out of memory");
        n = strlen(*out);
    } else if (cJSON_IsObject(m)) {
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(m, "base64");
        if (!cJSON_IsString(b) || cJSON_GetArraySize(m) != 1)
            return bad(l, p, "expected a string%s or an object {\"base64\": \"...\"}", nullable ? ", null" : "");
        *out = (char *)jc_base64_decode(b->valuestring, &n);
        if (!*out) return bad(l, p, "base64 member is not valid padded base64");
        if (!len && strlen(*out) != n) {
            free(*out);
            *out = NULL;
            return bad(l, p, "contains a NUL byte (only bodies may)");
        }
    } else {
        return bad(l, p, "expected a string%s or an object {\"base64\": \"...\"}", nullable ? ", null" : "");
    }
    if (len) *len = n;
    return true;
}

static bool get_text(ld *l, const cJSON *obj, const char *path, const char *name, bool nullable, char **out, size_t *len)
{
    char p[512];
    const cJSON *m = member(l, obj, path, name);
    *out = NULL;
    if (len) *len = 0;
    if (!m) return false;
    snprintf(p, sizeof p, "%s.%s", path, name);
    return read_text(l, m, p, nullable, out, len);
}

static bool get_str(ld *l, const cJSON *obj, const char *path, const char *name, bool nullable, char **out)
{
    return get_text(l, obj, path, name, nullable, out, NULL);
}

static bool get_bool(ld *l, const cJSON *obj, const char *path, const char *name, bool *out)
{
    const cJSON *m = member(l, obj, path, name);
    if (!m) return false;
    if (!cJSON_IsBool(m)) return bad(l, path, "member \"%s\": expected true or false", name);
    *out = cJSON_IsTrue(m);
    return true;
}

static bool get_num(ld *l, const cJSON *obj, const char *path, const char *name, double *out)
{
    const cJSON *m = member(l, obj, path, name);
    if (!m) return false;
    if (!cJSON_IsNumber(m) || !isfinite(m->valuedouble)) return bad(l, path, "member \"%s\": expected a number", name);
    if (m->valuedouble < 0) return bad(l, path, "member \"%s\": must not be negative", name);
    *out = m->valuedouble;
    return true;
}

static bool get_int(ld *l, const cJSON *obj, const char *path, const char *name, double lo, double hi, double *out)
{
    const cJSON *m = member(l, obj, path, name);
    if (!m) return false;
    if (!cJSON_IsNumber(m) || m->valuedouble != floor(m->valuedouble) || m->valuedouble < lo || m->valuedouble > hi)
        return bad(l, path, "member \"%s\": expected an integer in [%.0f, %.0f]", name, lo, hi);
    *out = m->valuedouble;
    return true;
}

static bool get_status(ld *l, const cJSON *obj, const char *path, const char *name, jc_status *out)
{
    const cJSON *m = member(l, obj, path, name);
    if (!m) return false;
    if (!cJSON_IsString(m) || !jc_status_parse(m->valuestring, out))
        return bad(l, path, "member \"%s\": expected one of PASS, FAIL, SKIP, DISABLED, ERROR, BLOCKED, XFAIL, XPASS", name);
    if (l->version < 2 && *out > JC_ERROR) return bad(l, path, "member \"%s\": %s is not a status of schema version 1", name, m->valuestring);
    return true;
}

static const cJSON *get_kind(ld *l, const cJSON *obj, const char *path, const char *name, bool array)
{
    const cJSON *m = member(l, obj, path, name);
    if (!m) return NULL;
    if (array ? !cJSON_IsArray(m) : !cJSON_IsObject(m)) {
        bad(l, path, "member \"%s\": expected %s", name, array ? "an array" : "an object");
        return NULL;
    }
    return m;
}

static bool get_strv(ld *l, const cJSON *obj, const char *path, const char *name, char ***out, size_t *count)
{
    const cJSON *a = get_kind(l, obj, path, name, true), *it;
    size_t n, i = 0;
    *out = NULL;
    *count = 0;
    if (!a) return false;
    n = (size_t)cJSON_GetArraySize(a);
    if (n == 0) return true;
    *out = calloc(n, sizeof **out);
    if (!*out) return bad(l, path, "out of memory");
    cJSON_ArrayForEach(it, a)
    {
        char p[512];
        snprintf(p, sizeof p, "%s.%s[%zu]", path, name, i);
        *count = i + 1; /* counted before filling so a failure frees it */
        if (!read_text(l, it, p, false, &(*out)[i], NULL)) return false;
        i++;
    }
    return true;
}

static bool load_exchange(ld *l, const cJSON *o, const char *p, jc_exchange *ex)
{
    double d;
    if (!cJSON_IsObject(o)) return bad(l, p, "expected an object");
    if (!get_str(l, o, p, "method", true, &ex->method)) return false;
    if (!get_str(l, o, p, "url", true, &ex->url)) return false;
    if (!get_str(l, o, p, "requestHeaders", true, &ex->request_headers)) return false;
    if (!get_text(l, o, p, "requestBody", true, &ex->request_body, &ex->request_body_len)) return false;
    if (!get_int(l, o, p, "status", 0, 999, &d)) return false;
    ex->status = (int)d;
    if (!get_str(l, o, p, "responseHeaders", true, &ex->response_headers)) return false;
    if (!get_text(l, o, p, "responseBody", true, &ex->response_body, &ex->response_body_len)) return false;
    if (!get_num(l, o, p, "durationMs", &ex->duration_ms)) return false;
    if (!get_str(l, o, p, "transportError", true, &ex->transport_error)) return false;
    return true;
}

static bool load_scenario(ld *l, const cJSON *o, const char *p, jc_scenario_result *sc)
{
    const cJSON *tr, *it;
    size_t i = 0;
    if (!cJSON_IsObject(o)) return bad(l, p, "expected an object");
    if (!get_str(l, o, p, "id", false, &sc->id)) return false;
    if (!get_str(l, o, p, "suite", true, &sc->suite)) return false;
    if (!get_str(l, o, p, "title", true, &sc->title)) return false;
    if (!get_strv(l, o, p, "requirements", &sc->requirement_ids, &sc->requirement_count)) return false;
    if (!get_status(l, o, p, "status", &sc->status)) return false;
    /* version 2 leaves members at their default out (null, false, empty),
       version 3 also rawStatus equal to status and false flags */
#define PRESENT(name) (l->version < 2 || cJSON_GetObjectItemCaseSensitive(o, name) != NULL)
#define PRESENT3(name) (l->version < 3 || cJSON_GetObjectItemCaseSensitive(o, name) != NULL)
    sc->raw_status = sc->status;
    if (PRESENT3("rawStatus") && !get_status(l, o, p, "rawStatus", &sc->raw_status)) return false;
    if (PRESENT3("expectedFailure") && !get_bool(l, o, p, "expectedFailure", &sc->expected_failure)) return false;
    if (PRESENT3("unexpectedPass") && !get_bool(l, o, p, "unexpectedPass", &sc->unexpected_pass)) return false;
    if (PRESENT("baselineReason") && !get_str(l, o, p, "baselineReason", true, &sc->baseline_reason)) return false;
    if (!get_num(l, o, p, "durationMs", &sc->duration_ms)) return false;
    if (PRESENT("message") && !get_str(l, o, p, "message", true, &sc->message)) return false;
    if (l->version >= 2) {
        const cJSON *ca = NULL;
        double d;
        if (PRESENT("blockedOperation") && !get_str(l, o, p, "blockedOperation", true, &sc->blocked_operation))
            return false;
        if (PRESENT("warning") && !get_bool(l, o, p, "warning", &sc->warning)) return false;
        const cJSON *ops = l->version >= 3 ? cJSON_GetObjectItemCaseSensitive(o, "operations") : NULL;
        if (ops) {
            char q[512];
            snprintf(q, sizeof q, "%s.operations", p);
            if (!cJSON_IsObject(ops)) return bad(l, q, "expected an object");
            if (!get_str(l, ops, q, "underTest", true, &sc->ops_under_test)) return false;
            if (!get_str(l, ops, q, "setup", true, &sc->ops_setup)) return false;
            if (!get_str(l, ops, q, "called", true, &sc->ops_called)) return false;
            if (!get_str(l, ops, q, "succeeded", true, &sc->ops_succeeded)) return false;
            if (!get_str(l, ops, q, "checked", true, &sc->ops_checked)) return false;
            if (!get_str(l, ops, q, "refused", true, &sc->ops_refused)) return false;
        }
        if (!get_int(l, o, p, "checksOmitted", 0, 1e15, &d)) return false;
        sc->checks_omitted = (size_t)d;
        if (!get_kind(l, o, p, "verdicts", true)) return false; /* derived: rebuilt from the checks */
        if (PRESENT("checks") && !(ca = get_kind(l, o, p, "checks", true))) return false;
        size_t nc = ca ? (size_t)cJSON_GetArraySize(ca) : 0;
        if (nc && !(sc->checks = calloc(nc, sizeof *sc->checks))) return bad(l, p, "out of memory");
        cJSON_ArrayForEach(it, ca)
        {
            char q[512];
            jc_check *c = &sc->checks[i];
            snprintf(q, sizeof q, "%s.checks[%zu]", p, i);
            sc->check_count = ++i; /* counted before filling so a failure frees it */
            if (!cJSON_IsObject(it)) return bad(l, q, "expected an object");
            if (!get_str(l, it, q, "requirement", true, &c->requirement)) return false;
            if (!get_bool(l, it, q, "passed", &c->passed)) return false;
            if (!get_str(l, it, q, "where", true, &c->where)) return false;
            if (!get_str(l, it, q, "message", true, &c->message)) return false;
        }
        i = 0;
    }
    tr = NULL;
    if (PRESENT("transcript") && !(tr = get_kind(l, o, p, "transcript", true))) return false;
#undef PRESENT
#undef PRESENT3
    size_t n = tr ? (size_t)cJSON_GetArraySize(tr) : 0;
    if (n) {
        sc->transcript = calloc(n, sizeof *sc->transcript);
        if (!sc->transcript) return bad(l, p, "out of memory");
    }
    cJSON_ArrayForEach(it, tr)
    {
        char q[512];
        snprintf(q, sizeof q, "%s.transcript[%zu]", p, i);
        sc->exchange_count = ++i; /* counted before filling so a failure frees it */
        if (!load_exchange(l, it, q, &sc->transcript[i - 1])) return false;
    }
    return true;
}

static bool load_requirement(ld *l, const cJSON *o, const char *p, jc_requirement_result *rq)
{
    const cJSON *lv;
    if (!cJSON_IsObject(o)) return bad(l, p, "expected an object");
    if (!get_str(l, o, p, "id", false, &rq->id)) return false;
    if (!(lv = member(l, o, p, "level"))) return false;
    if (!cJSON_IsString(lv) || !jc_level_parse(lv->valuestring, &rq->level))
        return bad(l, p, "member \"level\": expected one of MUST, SHOULD, MAY");
    if (!get_str(l, o, p, "source", true, &rq->source)) return false;
    if (!get_str(l, o, p, "statement", true, &rq->statement)) return false;
    if (!get_bool(l, o, p, "erratum", &rq->erratum)) return false;
    if (!get_bool(l, o, p, "referenceDecision", &rq->reference_decision)) return false;
    if (!get_bool(l, o, p, "covered", &rq->covered)) return false;
    if (!get_status(l, o, p, "status", &rq->status)) return false;
    if (l->version >= 2 && !get_kind(l, o, p, "counts", false)) return false; /* derived: rebuilt */
    if (!get_strv(l, o, p, "scenarios", &rq->scenario_ids, &rq->scenario_count)) return false;
    return true;
}

static bool load_root(ld *l, const cJSON *root, jc_run *run)
{
    const cJSON *sv, *tool, *meta, *cfg, *counts, *arr, *it;
    double d;
    size_t i;
    if (!cJSON_IsObject(root)) return bad(l, "$", "expected a JSON object at the top level");
    sv = cJSON_GetObjectItemCaseSensitive(root, "schemaVersion");
    if (!sv) return bad(l, "$", "missing member \"schemaVersion\": not a jobsconf results.json");
    if (!cJSON_IsNumber(sv)) return bad(l, "$.schemaVersion", "expected an integer");
    if (sv->valuedouble != JC_RESULTS_SCHEMA_VERSION && sv->valuedouble != 1 && sv->valuedouble != 2)
        return bad(l, "$.schemaVersion", "version %g is not supported (this jobsconf reads versions 1 to %d)", sv->valuedouble,
                   JC_RESULTS_SCHEMA_VERSION);
    l->version = (int)sv->valuedouble;
    run->schema_version = JC_RESULTS_SCHEMA_VERSION;
    if (!(tool = get_kind(l, root, "$", "tool", false))) return false;
    if (!get_str(l, tool, "$.tool", "name", true, &run->tool_name)) return false;
    if (!get_str(l, tool, "$.tool", "version", true, &run->tool_version)) return false;
    if (!(meta = get_kind(l, root, "$", "run", false))) return false;
    if (!get_str(l, meta, "$.run", "endpoint", true, &run->endpoint)) return false;
    if (!get_str(l, meta, "$.run", "dataEndpoint", true, &run->data_endpoint)) return false;
    if (!get_str(l, meta, "$.run", "region", true, &run->region)) return false;
    if (!get_bool(l, meta, "$.run", "embedded", &run->embedded)) return false;
    if (!get_str(l, meta, "$.run", "startedAt", true, &run->started_at)) return false;
    if (!get_num(l, meta, "$.run", "durationSeconds", &run->duration_s)) return false;
    if (!(cfg = get_kind(l, meta, "$.run", "config", true))) return false;
    size_t n = (size_t)cJSON_GetArraySize(cfg);
    if (n && !(run->config = calloc(n, sizeof *run->config))) return bad(l, "$.run.config", "out of memory");
    i = 0;
    cJSON_ArrayForEach(it, cfg)
    {
        char p[64];
        snprintf(p, sizeof p, "$.run.config[%zu]", i);
        if (!cJSON_IsObject(it)) return bad(l, p, "expected an object {\"key\", \"value\"}");
        run->config_count = ++i;
        if (!get_str(l, it, p, "key", false, &run->config[i - 1].key)) return false;
        if (!get_str(l, it, p, "value", true, &run->config[i - 1].value)) return false;
    }
    if (!get_int(l, meta, "$.run", "exitCode", -255, 255, &d)) return false;
    run->exit_code = (int)d;
    if (l->version >= 2 && !get_bool(l, meta, "$.run", "strict", &run->strict)) return false;
    /* optional: results written before these members existed */
    if (cJSON_GetObjectItemCaseSensitive(meta, "incomplete") &&
        !get_bool(l, meta, "$.run", "incomplete", &run->incomplete))
        return false;
    if (cJSON_GetObjectItemCaseSensitive(meta, "incompleteReason") &&
        !get_str(l, meta, "$.run", "incompleteReason", true, &run->incomplete_reason))
        return false;
    if (cJSON_GetObjectItemCaseSensitive(meta, "insecure") && !get_bool(l, meta, "$.run", "insecure", &run->insecure))
        return false;
    if (!(counts = get_kind(l, root, "$", "counts", false))) return false;
    int nstatus = l->version >= 2 ? JC_STATUS_COUNT : JC_ERROR + 1;
    for (int s = 0; s < nstatus; s++) {
        if (!get_int(l, counts, "$.counts", jc_status_name((jc_status)s), 0, 1e15, &d)) return false;
        run->counts[s] = (size_t)d;
    }
    if (!get_int(l, root, "$", "unexpectedPasses", 0, 1e15, &d)) return false;
    run->unexpected_passes = (size_t)d;
    if (l->version >= 2) {
        if (!get_int(l, root, "$", "warnings", 0, 1e15, &d)) return false;
        run->warnings = (size_t)d;
    }

    if (l->version >= 3) {
        if (!(arr = get_kind(l, root, "$", "operations", true))) return false;
        n = (size_t)cJSON_GetArraySize(arr);
        if (n && !(run->operations = calloc(n, sizeof *run->operations))) return bad(l, "$.operations", "out of memory");
        i = 0;
        cJSON_ArrayForEach(it, arr)
        {
            char p[64];
            snprintf(p, sizeof p, "$.operations[%zu]", i);
            jc_op_row *r = &run->operations[i];
            run->operation_count = ++i;
            if (!cJSON_IsObject(it)) return bad(l, p, "expected an object");
            if (!get_str(l, it, p, "operation", false, &r->operation)) return false;
            char *plane = NULL;
            if (!get_str(l, it, p, "plane", false, &plane)) return false;
            r->data_plane = strcmp(plane, "data") == 0;
            bool plane_ok = r->data_plane || strcmp(plane, "control") == 0;
            free(plane);
            if (!plane_ok) return bad(l, p, "member \"plane\": expected \"control\" or \"data\"");
            struct { const char *name; size_t *v; } f[] = {
                {"calls", &r->calls}, {"ok", &r->ok}, {"typed4xx", &r->typed_4xx}, {"other4xx", &r->other_4xx},
                {"server5xx", &r->server_5xx}, {"notJson", &r->not_json}, {"noRoute", &r->no_route},
                {"transport", &r->transport}, {"blocked", &r->blocked}};
            for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
                if (!get_int(l, it, p, f[k].name, 0, 1e15, &d)) return false;
                *f[k].v = (size_t)d;
            }
            if (r->ok + r->typed_4xx + r->other_4xx + r->server_5xx + r->not_json + r->no_route + r->transport !=
                r->calls)
                return bad(l, p, "the answer counts do not add up to \"calls\"");
            if (!get_str(l, it, p, "answers", true, &r->answers)) return false;
            if (!get_str(l, it, p, "judgement", true, &r->judgement)) return false; /* derived: rebuilt */
        }
    }
    if (!(arr = get_kind(l, root, "$", "scenarios", true))) return false;
    n = (size_t)cJSON_GetArraySize(arr);
    if (n && !(run->scenarios = calloc(n, sizeof *run->scenarios))) return bad(l, "$.scenarios", "out of memory");
    i = 0;
    cJSON_ArrayForEach(it, arr)
    {
        char p[64];
        snprintf(p, sizeof p, "$.scenarios[%zu]", i);
        run->scenario_count = ++i;
        if (!load_scenario(l, it, p, &run->scenarios[i - 1])) return false;
    }
    if (!(arr = get_kind(l, root, "$", "requirements", true))) return false;
    n = (size_t)cJSON_GetArraySize(arr);
    if (n && !(run->requirements = calloc(n, sizeof *run->requirements))) return bad(l, "$.requirements", "out of memory");
    i = 0;
    cJSON_ArrayForEach(it, arr)
    {
        char p[64];
        snprintf(p, sizeof p, "$.requirements[%zu]", i);
        run->requirement_count = ++i;
        if (!load_requirement(l, it, p, &run->requirements[i - 1])) return false;
    }

    /* The stored counts must agree with the scenarios they summarize. */
    size_t c[JC_STATUS_COUNT] = {0}, up = 0;
    for (i = 0; i < run->scenario_count; i++) {
        c[run->scenarios[i].status]++;
        if (run->scenarios[i].unexpected_pass) up++;
    }
    for (int s = 0; s < JC_STATUS_COUNT; s++)
        if (c[s] != run->counts[s])
            return bad(l, "$.counts", "%s is %zu but %zu scenarios have status %s", jc_status_name((jc_status)s), run->counts[s],
                       c[s], jc_status_name((jc_status)s));
    if (up != run->unexpected_passes)
        return bad(l, "$.unexpectedPasses", "is %zu but %zu scenarios are unexpected passes", run->unexpected_passes, up);
    /* The derived members (verdicts, requirement counts and status, warnings,
       XFAIL/XPASS of a version 1 file) are rebuilt from what the scenarios
       recorded; then the stored totals must still agree. */
    size_t warnings = run->warnings;
    bool v1 = l->version < 2;
    jc_run_finalize(run);
    run->schema_version = JC_RESULTS_SCHEMA_VERSION;
    if (!v1 && warnings != run->warnings)
        return bad(l, "$.warnings", "is %zu but the checks give %zu", warnings, run->warnings);
    return true;
}

int jc_results_load(const char *path, jc_run *run, char *err, size_t err_len)
{
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    const char *end = NULL;
    cJSON *root;
    ld l = {1, path, err, err_len, false};
    if (!run) return jc_errf(err, err_len, "results: missing output run");
    memset(run, 0, sizeof *run);
    if (!path) return jc_errf(err, err_len, "results: missing path");
    f = fopen(path, "rb");
    if (!f) return jc_errf(err, err_len, "%s: cannot open: %s", path, strerror(errno));
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return jc_errf(err, err_len, "%s: out of memory", path);
            }
            buf = nb;
            cap = ncap;
        }
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (r == 0) break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        fclose(f);
        return jc_errf(err, err_len, "%s: read error: %s", path, strerror(e));
    }
    fclose(f);
    buf[len] = '\0';
    if (len == 0) {
        free(buf);
        return jc_errf(err, err_len, "%s: empty file, not a results.json", path);
    }
    if (!jc_utf8_valid(buf, len)) {
        free(buf);
        return jc_errf(err, err_len, "%s: not valid UTF-8 JSON", path);
    }
    root = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1); /* + the NUL: no trailing garbage */
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = (at && at >= buf && at <= buf + len) ? (size_t)(at - buf) : len;
        size_t line = 1, col = 1;
        for (size_t i = 0; i < off; i++) {
            if (buf[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        free(buf);
        return jc_errf(err, err_len, "%s: malformed JSON near line %zu, column %zu", path, line, col);
    }
    free(buf);
    bool ok = load_root(&l, root, run);
    cJSON_Delete(root);
    if (!ok) {
        jc_run_free(run);
        return -1;
    }
    return 0;
}
