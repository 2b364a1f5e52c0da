/* Response decoder: see jc_response.h. Pure and tolerant. */
#include "jc_response.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define JC_MESSAGE_MAX 1024

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Copies at most max bytes, replacing NULs and control bytes by '?'. */
static char *sanitized(const char *s, size_t n, size_t max)
{
    if (n > max) n = max;
    char *p = dup_n(s, n);
    if (!p) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 && c != '\n' && c != '\t') p[i] = '?';
    }
    return p;
}

const char *jc_header_find(const char *headers, size_t headers_len, const char *name,
                           char *buf, size_t buf_len)
{
    if (!headers || !name || !buf || buf_len == 0) return NULL;
    size_t name_len = strlen(name);
    size_t i = 0;
    while (i < headers_len) {
        size_t start = i;
        while (i < headers_len && headers[i] != '\n') i++;
        size_t end = i; /* line is [start, end) */
        i++;
        if (end > start && headers[end - 1] == '\r') end--;
        const char *colon = memchr(headers + start, ':', end - start);
        if (!colon) continue;
        size_t klen = (size_t)(colon - (headers + start));
        while (klen > 0 && (headers[start + klen - 1] == ' ' || headers[start + klen - 1] == '\t')) klen--;
        if (klen != name_len || strncasecmp(headers + start, name, name_len) != 0) continue;
        /* a NUL inside the name would make strncasecmp stop early: re-check */
        if (memchr(headers + start, '\0', klen)) continue;
        size_t v = (size_t)(colon - headers) + 1;
        while (v < end && (headers[v] == ' ' || headers[v] == '\t')) v++;
        size_t vend = end;
        while (vend > v && (headers[vend - 1] == ' ' || headers[vend - 1] == '\t')) vend--;
        size_t n = vend - v;
        if (n >= buf_len) n = buf_len - 1;
        memcpy(buf, headers + v, n);
        buf[n] = '\0';
        /* stop at an embedded NUL: the value is a C string from here on */
        return buf;
    }
    return NULL;
}

static const char *body_string(const cJSON *obj, const char *key)
{
    if (!obj) return NULL;
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(item) && item->valuestring ? item->valuestring : NULL;
}

int jc_response_decode(int status, const char *headers, size_t headers_len,
                       const char *body, size_t body_len, jc_response **out)
{
    if (!out) return -1;
    *out = NULL;
    if (!body) body_len = 0;
    if (!headers) headers_len = 0;
    jc_response *r = calloc(1, sizeof *r);
    if (!r) return -1;
    r->status = status;
    r->body = dup_n(body ? body : "", body_len);
    r->body_len = body_len;
    r->headers = dup_n(headers ? headers : "", headers_len);
    if (!r->body || !r->headers) goto oom;
    for (size_t i = 0; i < headers_len; i++)
        if (r->headers[i] == '\0') r->headers[i] = ' ';

    bool generic_5xx = status >= 500 &&
                       (body_len == 0 || (body_len >= 6 && memcmp(body, "<html>", 6) == 0));

    /* Body: empty is {}, otherwise it must parse to a JSON object. */
    if (body_len == 0) {
        r->json = cJSON_CreateObject();
        if (!r->json) goto oom;
    } else {
        const char *endp = NULL;
        cJSON *j = cJSON_ParseWithLengthOpts(body, body_len, &endp, false);
        if (!j) {
            r->decode_error = strdup("body is not JSON");
        } else if (!cJSON_IsObject(j)) {
            cJSON_Delete(j);
            r->decode_error = strdup("body is JSON but not an object");
        } else {
            /* anything but whitespace after the object is a decode error */
            size_t used = endp ? (size_t)(endp - body) : body_len;
            bool trailing = false;
            for (size_t i = used; i < body_len; i++)
                if (!isspace((unsigned char)body[i])) { trailing = true; break; }
            if (trailing) {
                cJSON_Delete(j);
                r->decode_error = strdup("body has bytes after the JSON object");
            } else {
                r->json = j;
            }
        }
        if (!r->json && !r->decode_error) goto oom;
    }

    /* Message: body message / Message; a non-JSON body is its own message. */
    const char *msg = body_string(r->json, "message");
    if (!msg) msg = body_string(r->json, "Message");
    if (msg) r->message = sanitized(msg, strlen(msg), JC_MESSAGE_MAX);
    else if (!r->json && !generic_5xx) r->message = sanitized(body, body_len, JC_MESSAGE_MAX);
    else r->message = strdup("");
    if (!r->message) goto oom;

    if (status >= 300) {
        char buf[256];
        char code[256];
        code[0] = '\0';
        if (generic_5xx) {
            snprintf(code, sizeof code, "%d", status);
        } else if (jc_header_find(headers, headers_len, "x-amzn-ErrorType", buf, sizeof buf)) {
            char *c = strchr(buf, ':');
            if (c) *c = '\0';
            snprintf(code, sizeof code, "%s", buf);
        } else {
            const char *b = body_string(r->json, "code");
            if (!b) b = body_string(r->json, "Code");
            if (b) {
                snprintf(code, sizeof code, "%s", b);
            } else if ((b = body_string(r->json, "__type")) != NULL) {
                const char *hash = strrchr(b, '#');
                snprintf(code, sizeof code, "%s", hash ? hash + 1 : b);
            } else {
                snprintf(code, sizeof code, "%d", status);
            }
        }
        r->error_code = strdup(code);
        if (!r->error_code) goto oom;
    }
    *out = r;
    return 0;
oom:
    jc_response_free(r);
    return -1;
}

void jc_response_free(jc_response *r)
{
    if (!r) return;
    free(r->error_code);
    free(r->message);
    cJSON_Delete(r->json);
    free(r->decode_error);
    free(r->headers);
    free(r->body);
    free(r);
}

const cJSON *jc_json_get(const cJSON *root, const char *path)
{
    if (!root || !path) return NULL;
    const cJSON *cur = root;
    const char *p = path;
    char key[256];
    while (*p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n == 0 || n >= sizeof key) return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        if (cJSON_IsArray(cur)) {
            char *endp = NULL;
            long idx = strtol(key, &endp, 10);
            if (*endp != '\0' || idx < 0) return NULL;
            cur = cJSON_GetArrayItem(cur, (int)idx);
        } else if (cJSON_IsObject(cur)) {
            cur = cJSON_GetObjectItemCaseSensitive(cur, key);
        } else {
            return NULL;
        }
        if (!cur) return NULL;
        p += n;
        if (*p == '.') p++;
    }
    return cur;
}

const char *jc_json_string(const jc_response *resp, const char *path)
{
    const cJSON *v = resp ? jc_json_get(resp->json, path) : NULL;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool jc_json_number(const jc_response *resp, const char *path, double *out)
{
    const cJSON *v = resp ? jc_json_get(resp->json, path) : NULL;
    if (!cJSON_IsNumber(v)) return false;
    if (out) *out = v->valuedouble;
    return true;
}

bool jc_json_bool(const jc_response *resp, const char *path, bool *out)
{
    const cJSON *v = resp ? jc_json_get(resp->json, path) : NULL;
    if (!cJSON_IsBool(v)) return false;
    if (out) *out = cJSON_IsTrue(v);
    return true;
}

const cJSON *jc_json_array(const jc_response *resp, const char *path)
{
    const cJSON *v = resp ? jc_json_get(resp->json, path) : NULL;
    return cJSON_IsArray(v) ? v : NULL;
}

const cJSON *jc_json_object(const jc_response *resp, const char *path)
{
    const cJSON *v = resp ? jc_json_get(resp->json, path) : NULL;
    return cJSON_IsObject(v) ? v : NULL;
}
