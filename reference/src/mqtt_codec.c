/* MQTT topics and request payloads to typed requests, and the rejected
 * payload (spec/mqtt-facts.md sections 1-3, 5). A request payload is turned
 * into the HTTPS data-plane call it stands for and decoded by
 * jr_decode_request, so both planes enforce the same rules with one code. */
#include "jobsref/mqtt.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "validate.h"

static const char *const code_names[JR_MQTT_CODE_COUNT] = {
    [JR_MQTT_OK] = "",
    [JR_MQTT_INVALID_TOPIC] = "InvalidTopic",
    [JR_MQTT_INVALID_JSON] = "InvalidJson",
    [JR_MQTT_INVALID_REQUEST] = "InvalidRequest",
    [JR_MQTT_INVALID_STATE_TRANSITION] = "InvalidStateTransition",
    [JR_MQTT_RESOURCE_NOT_FOUND] = "ResourceNotFound",
    [JR_MQTT_VERSION_MISMATCH] = "VersionMismatch",
    [JR_MQTT_INTERNAL_ERROR] = "InternalError",
    [JR_MQTT_REQUEST_THROTTLED] = "RequestThrottled",
    [JR_MQTT_TERMINAL_STATE_REACHED] = "TerminalStateReached",
};

const char *jr_mqtt_code_name(jr_mqtt_code c)
{
    if ((int)c < 0 || c >= JR_MQTT_CODE_COUNT) return "InternalError";
    return code_names[c];
}

bool jr_mqtt_code_parse(const char *s, jr_mqtt_code *out)
{
    if (!s) return false;
    for (int i = 1; i < JR_MQTT_CODE_COUNT; i++) {
        if (strcmp(s, code_names[i]) == 0) {
            *out = (jr_mqtt_code)i;
            return true;
        }
    }
    return false;
}

jr_mqtt_code jr_mqtt_code_for_error(jr_error_type t)
{
    switch (t) {
    case JR_ERR_NONE: return JR_MQTT_OK;
    case JR_ERR_INVALID_REQUEST:
    case JR_ERR_PAYLOAD_TOO_LARGE: return JR_MQTT_INVALID_REQUEST;
    case JR_ERR_RESOURCE_NOT_FOUND: return JR_MQTT_RESOURCE_NOT_FOUND;
    case JR_ERR_INVALID_STATE_TRANSITION: return JR_MQTT_INVALID_STATE_TRANSITION;
    case JR_ERR_VERSION_CONFLICT: return JR_MQTT_VERSION_MISMATCH;
    case JR_ERR_TERMINAL_STATE: return JR_MQTT_TERMINAL_STATE_REACHED;
    case JR_ERR_THROTTLING:
    case JR_ERR_LIMIT_EXCEEDED: return JR_MQTT_REQUEST_THROTTLED;
    case JR_ERR_UNKNOWN_OPERATION: return JR_MQTT_INVALID_TOPIC;
    default: return JR_MQTT_INTERNAL_ERROR;
    }
}

/* ---- topics ---- */

#define PREFIX "$aws/things/"
#define PREFIX_LEN (sizeof PREFIX - 1)

/* A topic split at '/' into at most 8 segments (pointers into a copy). */
typedef struct segs {
    char buf[JR_MQTT_TOPIC_MAX + 1];
    size_t n;
    const char *s[8];
} segs;

/* False when the topic is too long, has a NUL, or more than 8 segments. */
static bool split(const char *topic, size_t len, segs *out)
{
    if (len > JR_MQTT_TOPIC_MAX || memchr(topic, '\0', len)) return false;
    memcpy(out->buf, topic, len);
    out->buf[len] = '\0';
    out->n = 0;
    char *p = out->buf;
    for (;;) {
        if (out->n == 8) return false;
        out->s[out->n++] = p;
        char *slash = strchr(p, '/');
        if (!slash) break;
        *slash = '\0';
        p = slash + 1;
    }
    return true;
}

static bool is_output(const char *s)
{
    return strcmp(s, "accepted") == 0 || strcmp(s, "rejected") == 0;
}

/* Under the namespace: $aws/things/{thing}/jobs/... */
static bool in_namespace(const char *topic, size_t len)
{
    if (len < PREFIX_LEN || memcmp(topic, PREFIX, PREFIX_LEN) != 0) return false;
    const char *rest = topic + PREFIX_LEN;
    size_t rlen = len - PREFIX_LEN;
    const char *slash = memchr(rest, '/', rlen);
    if (!slash) return false;
    size_t after = rlen - (size_t)(slash + 1 - rest);
    return after >= 4 && memcmp(slash + 1, "jobs", 4) == 0 && (after == 4 || slash[5] == '/');
}

jr_mqtt_topic_kind jr_mqtt_topic_classify(const char *topic, size_t len)
{
    if (!topic || !in_namespace(topic, len)) return JR_MQTT_TOPIC_FOREIGN;
    segs g;
    if (!split(topic, len, &g)) return JR_MQTT_TOPIC_INVALID;
    /* g.s: "$aws" "things" thing "jobs" ... */
    const char **t = g.s + 4;
    size_t k = g.n - 4;
    if (k >= 1 && (strcmp(t[k - 1], "notify") == 0 || strcmp(t[k - 1], "notify-next") == 0) && k == 1)
        return JR_MQTT_TOPIC_OUTPUT;
    if (k >= 2 && is_output(t[k - 1])) {
        /* a reply of a request topic (or of a mistaken one): never answered */
        return JR_MQTT_TOPIC_OUTPUT;
    }
    if (k == 1 && (strcmp(t[0], "get") == 0 || strcmp(t[0], "start-next") == 0)) return JR_MQTT_TOPIC_REQUEST;
    if (k == 2 && (strcmp(t[1], "get") == 0 || strcmp(t[1], "update") == 0)) return JR_MQTT_TOPIC_REQUEST;
    return JR_MQTT_TOPIC_INVALID;
}

char *jr_mqtt_reply_topic(const char *request_topic, size_t len, bool accepted)
{
    const char *suffix = accepted ? "/accepted" : "/rejected";
    size_t sl = strlen(suffix);
    char *out = malloc(len + sl + 1);
    if (!out) return NULL;
    memcpy(out, request_topic, len);
    memcpy(out + len, suffix, sl + 1);
    return out;
}

/* ---- request decoding ---- */

static jr_status mfail(jr_mqtt_error *err, jr_mqtt_code code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static jr_status mfail(jr_mqtt_error *err, jr_mqtt_code code, const char *fmt, ...)
{
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return JR_FAIL;
}

static bool is_thing_name(const char *s)
{
    size_t n = strlen(s);
    return n >= 1 && n <= JR_THING_NAME_MAX && jr_is_name_chars(s);
}

static bool is_job_id(const char *s)
{
    size_t n = strlen(s);
    return n >= 1 && n <= JR_JOB_ID_MAX && jr_is_id_chars(s);
}

/* Parses the payload as one JSON object. Zero bytes count as {} [R]: AWS's
 * own embedded demo publishes an empty start-next. */
static jr_status parse_payload(const uint8_t *p, size_t n, cJSON **out, jr_mqtt_error *err)
{
    if (n == 0) {
        *out = cJSON_CreateObject();
        return *out ? JR_OK : mfail(err, JR_MQTT_INTERNAL_ERROR, "out of memory");
    }
    if (!jr_utf8_valid((const char *)p, n)) return mfail(err, JR_MQTT_INVALID_JSON, "payload is not valid UTF-8");
    if (memchr(p, '\0', n)) return mfail(err, JR_MQTT_INVALID_JSON, "payload contains a NUL byte");
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts((const char *)p, n, &end, 0);
    if (j && end) {
        while (end < (const char *)p + n && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')) end++;
        if (end != (const char *)p + n) {
            cJSON_Delete(j);
            j = NULL;
        }
    }
    if (!j) return mfail(err, JR_MQTT_INVALID_JSON, "payload is not valid JSON");
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return mfail(err, JR_MQTT_INVALID_JSON, "payload is not a JSON object");
    }
    *out = j;
    return JR_OK;
}

/* Real clients send expectedVersion and executionNumber as numeric strings
 * (EMB, AWS SDK v1 Python); both forms are accepted, and a digit string is
 * passed on as the number it spells, so it meets the same rules as that
 * number (spec/mqtt-facts.md 2.4). A value past the model's long is refused
 * here, before its digits could be misread. */
static jr_status number_member(cJSON *body, const char *key, jr_mqtt_error *err)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(body, key);
    if (!m || !cJSON_IsString(m)) return JR_OK;
    const char *s = m->valuestring;
    size_t n = strlen(s);
    if (n == 0) return mfail(err, JR_MQTT_INVALID_REQUEST, "%s: not a non-negative integer", key);
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return mfail(err, JR_MQTT_INVALID_REQUEST, "%s: not a non-negative integer", key);
        unsigned d = (unsigned)(s[i] - '0');
        if (v > ((uint64_t)INT64_MAX - d) / 10)
            return mfail(err, JR_MQTT_INVALID_REQUEST, "%s: integer out of range", key);
        v = v * 10 + d;
    }
    char raw[24];
    snprintf(raw, sizeof raw, "%" PRIu64, v);
    cJSON *num = cJSON_CreateRaw(raw);
    if (!num) return mfail(err, JR_MQTT_INTERNAL_ERROR, "out of memory");
    cJSON_ReplaceItemInObjectCaseSensitive(body, key, num);
    return JR_OK;
}

/* A query-string member of DescribeJobExecution from a JSON value. */
static jr_status query_member(const cJSON *body, const char *key, bool boolean, char *q, size_t qlen,
                              jr_mqtt_error *err)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(body, key);
    if (!m || cJSON_IsNull(m)) return JR_OK;
    char val[32];
    if (boolean) {
        if (!cJSON_IsBool(m)) return mfail(err, JR_MQTT_INVALID_REQUEST, "%s: must be a boolean", key);
        snprintf(val, sizeof val, "%s", cJSON_IsTrue(m) ? "true" : "false");
    } else if (cJSON_IsNumber(m)) {
        double d = m->valuedouble;
        if (d < 0 || d > 9.0e15 || d != (double)(int64_t)d)
            return mfail(err, JR_MQTT_INVALID_REQUEST, "%s: not a non-negative integer", key);
        snprintf(val, sizeof val, "%" PRId64, (int64_t)d);
    } else if (cJSON_IsRaw(m) || cJSON_IsString(m)) {
        snprintf(val, sizeof val, "%s", cJSON_IsRaw(m) ? m->valuestring : m->valuestring);
    } else {
        return mfail(err, JR_MQTT_INVALID_REQUEST, "%s: not a non-negative integer", key);
    }
    size_t used = strlen(q);
    snprintf(q + used, qlen - used, "%s%s=%s", used ? "&" : "", key, val);
    return JR_OK;
}

static jr_status client_token(cJSON *body, char **out, jr_mqtt_error *err)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(body, "clientToken");
    if (!m || cJSON_IsNull(m)) return JR_OK;
    if (!cJSON_IsString(m)) return mfail(err, JR_MQTT_INVALID_REQUEST, "clientToken: must be a string");
    size_t n = strlen(m->valuestring);
    /* keep it (bounded) even when invalid, so the rejection can echo it */
    *out = strndup(m->valuestring, n > JR_MQTT_CLIENT_TOKEN_MAX ? JR_MQTT_CLIENT_TOKEN_MAX : n);
    if (!*out) return mfail(err, JR_MQTT_INTERNAL_ERROR, "out of memory");
    if (n < 1 || n > JR_MQTT_CLIENT_TOKEN_MAX)
        return mfail(err, JR_MQTT_INVALID_REQUEST, "clientToken: length must be 1..%d", JR_MQTT_CLIENT_TOKEN_MAX);
    return JR_OK;
}

static jr_status decode_typed(const segs *g, cJSON *body, jr_fault_set faults, jr_mqtt_request *out,
                              jr_mqtt_error *err)
{
    const char *thing = g->s[2];
    const char **t = (const char **)g->s + 4;
    size_t k = g->n - 4;
    char path[JR_MQTT_TOPIC_MAX + 32];
    char query[128] = "";
    const char *method;
    if (!is_thing_name(thing))
        return mfail(err, JR_MQTT_INVALID_TOPIC, "thingName in the topic must be 1..%d of [a-zA-Z0-9:_-]",
                     JR_THING_NAME_MAX);
    if (k == 1 && strcmp(t[0], "get") == 0) {
        method = "GET";
        snprintf(path, sizeof path, "/things/%s/jobs", thing);
    } else if (k == 1) { /* start-next */
        method = "PUT";
        snprintf(path, sizeof path, "/things/%s/jobs/$next", thing);
    } else {
        const char *job = t[0];
        bool next = strcmp(job, "$next") == 0;
        if (strcmp(t[1], "get") == 0) {
            if (!next && !is_job_id(job) && !jr_fault_on(faults, JR_FAULT_NO_JOBID_VALIDATION))
                return mfail(err, JR_MQTT_INVALID_TOPIC, "jobId in the topic must be 1..%d of [a-zA-Z0-9_-] or $next",
                             JR_JOB_ID_MAX);
            method = "GET";
            if (query_member(body, "executionNumber", false, query, sizeof query, err) ||
                query_member(body, "includeJobDocument", true, query, sizeof query, err))
                return JR_FAIL;
        } else {
            if (next) return mfail(err, JR_MQTT_INVALID_REQUEST, "update needs a jobId, not $next");
            if (!is_job_id(job) && !jr_fault_on(faults, JR_FAULT_NO_JOBID_VALIDATION))
                return mfail(err, JR_MQTT_INVALID_TOPIC, "jobId in the topic must be 1..%d of [a-zA-Z0-9_-]",
                             JR_JOB_ID_MAX);
            method = "POST";
            if (number_member(body, "expectedVersion", err) || number_member(body, "executionNumber", err))
                return JR_FAIL;
        }
        snprintf(path, sizeof path, "/things/%s/jobs/%s", thing, next ? "$next" : job);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(body, "clientToken");
    char *text = NULL;
    if (strcmp(method, "GET") != 0) {
        text = cJSON_PrintUnformatted(body);
        if (!text) return mfail(err, JR_MQTT_INTERNAL_ERROR, "out of memory");
    }
    jr_http_input in = {.plane = JR_PLANE_DATA,
                        .method = method,
                        .path = path,
                        .query = query,
                        .body = (const uint8_t *)text,
                        .body_len = text ? strlen(text) : 0};
    jr_error e;
    jr_status st = jr_decode_request(&in, faults, &out->req, &e);
    free(text);
    if (st != JR_OK)
        return mfail(err, jr_mqtt_code_for_error(e.type), "%s%s%s", e.field, e.field[0] ? ": " : "", e.message);
    /* DescribeJobExecution over MQTT includes the document unless told not
     * to (the HTTPS default is the opposite). */
    if (out->req.op == JR_OP_DATA_DESCRIBE_JOB_EXECUTION && !out->req.include_job_document.present) {
        out->req.include_job_document.present = true;
        out->req.include_job_document.value = true;
    }
    return JR_OK;
}

jr_status jr_mqtt_decode_request(const char *topic, size_t topic_len, const uint8_t *payload, size_t payload_len,
                                 jr_fault_set faults, jr_mqtt_request *out, jr_mqtt_error *err, char **token_out)
{
    memset(out, 0, sizeof *out);
    err->code = JR_MQTT_OK;
    err->message[0] = '\0';
    if (token_out) *token_out = NULL;
    if (!topic) return mfail(err, JR_MQTT_INVALID_TOPIC, "no topic");
    jr_mqtt_topic_kind kind = jr_mqtt_topic_classify(topic, topic_len);
    if (kind != JR_MQTT_TOPIC_REQUEST)
        return mfail(err, JR_MQTT_INVALID_TOPIC, "topic names no Jobs operation");
    segs g;
    if (!split(topic, topic_len, &g)) return mfail(err, JR_MQTT_INVALID_TOPIC, "topic names no Jobs operation");
    if (payload_len > JR_MQTT_PAYLOAD_MAX)
        return mfail(err, JR_MQTT_INVALID_REQUEST, "payload of %zu bytes exceeds %u", payload_len, JR_MQTT_PAYLOAD_MAX);
    cJSON *body = NULL;
    if (parse_payload(payload, payload_len, &body, err)) return JR_FAIL;
    char *token = NULL;
    jr_status st = client_token(body, &token, err);
    if (st == JR_OK) st = decode_typed(&g, body, faults, out, err);
    cJSON_Delete(body);
    if (st != JR_OK) {
        if (token_out) *token_out = token;
        else free(token);
        jr_request_free(&out->req);
        memset(out, 0, sizeof *out);
        return JR_FAIL;
    }
    out->client_token = token;
    return JR_OK;
}

void jr_mqtt_request_free(jr_mqtt_request *r)
{
    if (!r) return;
    jr_request_free(&r->req);
    free(r->client_token);
    memset(r, 0, sizeof *r);
}

/* ---- rejected ---- */

char *jr_mqtt_encode_rejected(jr_mqtt_code code, const char *message, const char *client_token, int64_t now_ms,
                              const char *execution_state_json, jr_fault_set faults)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    if (jr_fault_on(faults, JR_FAULT_MQTT_WRONG_ERROR_CODE) && code == JR_MQTT_RESOURCE_NOT_FOUND)
        code = JR_MQTT_INVALID_REQUEST;
    cJSON_AddStringToObject(o, "code", jr_mqtt_code_name(code));
    cJSON_AddStringToObject(o, "message", message ? message : "");
    if (client_token && !jr_fault_on(faults, JR_FAULT_MQTT_NO_CLIENT_TOKEN))
        cJSON_AddStringToObject(o, "clientToken", client_token);
    char ts[32];
    snprintf(ts, sizeof ts, "%" PRId64, now_ms / 1000);
    cJSON_AddRawToObject(o, "timestamp", ts);
    if (execution_state_json && (code == JR_MQTT_VERSION_MISMATCH || code == JR_MQTT_INVALID_STATE_TRANSITION)) {
        cJSON *st = cJSON_Parse(execution_state_json);
        if (st) cJSON_AddItemToObject(o, "executionState", st);
    }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

/* ---- presigned URLs ---- */

#define PLACEHOLDER "${aws:iot:s3-presigned-url:"

/* FNV-1a, only to make a stable, key-dependent signature string: the
 * reference has no S3 to sign for, so the URL is well formed, not usable. */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

char *jr_mqtt_presign_document(const char *doc, int64_t expires_sec, int64_t now_ms, uint64_t key)
{
    if (!doc) return NULL;
    size_t cap = strlen(doc) + 1, len = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    const char *p = doc;
    for (;;) {
        const char *ph = strstr(p, PLACEHOLDER);
        const char *close = ph ? strchr(ph + sizeof PLACEHOLDER - 1, '}') : NULL;
        size_t lit = (ph && close) ? (size_t)(ph - p) : strlen(p);
        char extra[384] = "";
        const char *url = NULL;
        size_t url_len = 0;
        if (ph && close) {
            url = ph + sizeof PLACEHOLDER - 1;
            url_len = (size_t)(close - url);
            time_t secs = (time_t)(now_ms / 1000);
            struct tm tm;
            gmtime_r(&secs, &tm);
            char date[32];
            strftime(date, sizeof date, "%Y%m%dT%H%M%SZ", &tm);
            uint64_t h = fnv(0xcbf29ce484222325ull ^ key, url, url_len);
            h = fnv(h, date, strlen(date));
            snprintf(extra, sizeof extra,
                     "%sX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=%s&X-Amz-Expires=%" PRId64
                     "&X-Amz-SignedHeaders=host&X-Amz-Signature=%016" PRIx64 "%016" PRIx64,
                     memchr(url, '?', url_len) ? "&" : "?", date, expires_sec, h, fnv(h, "sig", 3));
        }
        size_t need = len + lit + url_len + strlen(extra) + 1;
        if (need > cap) {
            cap = need * 2;
            char *n = realloc(out, cap);
            if (!n) {
                free(out);
                return NULL;
            }
            out = n;
        }
        memcpy(out + len, p, lit);
        len += lit;
        if (!(ph && close)) break;
        memcpy(out + len, url, url_len);
        len += url_len;
        memcpy(out + len, extra, strlen(extra));
        len += strlen(extra);
        p = close + 1;
    }
    out[len] = '\0';
    return out;
}
