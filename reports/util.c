/* Internal helpers of the report writers: see jc_report_util.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <libxml/entities.h>
#include <libxml/xmlmemory.h>
#include <uthash.h>

#include "jc_report_util.h"

int jc_errf(char *err, size_t err_len, const char *fmt, ...)
{
    if (err && err_len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Decodes one UTF-8 sequence at p (n bytes available). Returns its length
 * and the code point in *cp when well-formed; otherwise returns 0 and the
 * length of the maximal invalid subpart (>= 1) in *bad. */
static size_t utf8_next(const unsigned char *p, size_t n, uint32_t *cp, size_t *bad)
{
    unsigned char c = p[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *bad = 1; /* continuation byte, C0/C1 overlong lead, F5..FF */
        return 0;
    }
    for (size_t i = 1; i <= need; i++) {
        unsigned char b;
        if (i >= n) {
            *bad = i;
            return 0;
        }
        b = p[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) {
            *bad = i;
            return 0;
        }
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return need + 1;
}

bool jc_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t bad;
        size_t k = utf8_next(p + i, len - i, &cp, &bad);
        if (k == 0) return false;
        i += k;
    }
    return true;
}

char *jc_text_sanitize(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    /* Worst case: every byte becomes "\xNN" (4 bytes) or U+FFFD (3 bytes);
     * a 3-byte U+FFFE becomes "\uFFFE" (6 bytes). */
    char *out, *o;
    size_t i = 0;
    if (!s) len = 0;
    out = malloc(len * 4 + 1);
    if (!out) return NULL;
    o = out;
    while (i < len) {
        uint32_t cp;
        size_t bad = 1;
        size_t k = utf8_next(p + i, len - i, &cp, &bad);
        if (k == 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += bad;
            continue;
        }
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F) {
            o += sprintf(o, "\\x%02x", (unsigned)cp);
        } else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF) {
            o += sprintf(o, "\\u%04X", (unsigned)cp);
        } else {
            memcpy(o, p + i, k);
            o += k;
        }
        i += k;
    }
    *o = '\0';
    return out;
}

char *jc_text_sanitize_str(const char *s)
{
    return jc_text_sanitize(s, s ? strlen(s) : 0);
}

char *jc_html_escape(const char *s, size_t len)
{
    char *clean = jc_text_sanitize(s, len);
    xmlChar *enc;
    char *res;
    if (!clean) return NULL;
    enc = xmlEncodeSpecialChars(NULL, (const xmlChar *)clean);
    free(clean);
    if (!enc) return NULL;
    res = strdup((const char *)enc);
    xmlFree(enc);
    return res;
}

char *jc_html_escape_str(const char *s)
{
    return jc_html_escape(s, s ? strlen(s) : 0);
}

bool jc_html_put(FILE *out, const char *s)
{
    char *e = jc_html_escape_str(s);
    if (!e) return false;
    fputs(e, out);
    free(e);
    return true;
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *jc_base64_encode(const unsigned char *data, size_t len)
{
    char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
    size_t i;
    if (!out) return NULL;
    for (i = 0; i + 2 < len; i += 3) {
        uint32_t v = ((uint32_t)data[i] << 16) | ((uint32_t)data[i + 1] << 8) | data[i + 2];
        *o++ = B64[(v >> 18) & 63];
        *o++ = B64[(v >> 12) & 63];
        *o++ = B64[(v >> 6) & 63];
        *o++ = B64[v & 63];
    }
    if (i < len) {
        uint32_t v = (uint32_t)data[i] << 16;
        if (i + 1 < len) v |= (uint32_t)data[i + 1] << 8;
        *o++ = B64[(v >> 18) & 63];
        *o++ = B64[(v >> 12) & 63];
        *o++ = i + 1 < len ? B64[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
    *o = '\0';
    return out;
}

static int b64_val(char c)
{
    const char *p = c ? strchr(B64, c) : NULL;
    return p ? (int)(p - B64) : -1;
}

unsigned char *jc_base64_decode(const char *text, size_t *out_len)
{
    size_t n = strlen(text), i, o = 0;
    unsigned char *out;
    if (n % 4 != 0) return NULL;
    out = malloc(n / 4 * 3 + 1);
    if (!out) return NULL;
    for (i = 0; i < n; i += 4) {
        int a = b64_val(text[i]), b = b64_val(text[i + 1]);
        int c = text[i + 2] == '=' ? -2 : b64_val(text[i + 2]);
        int d = text[i + 3] == '=' ? -2 : b64_val(text[i + 3]);
        bool last = i + 4 == n;
        if (a < 0 || b < 0 || c == -1 || d == -1 || (c == -2 && d != -2) || ((c == -2 || d == -2) && !last)) {
            free(out);
            return NULL;
        }
        uint32_t v = ((uint32_t)a << 18) | ((uint32_t)b << 12) | ((uint32_t)(c < 0 ? 0 : c) << 6) | (uint32_t)(d < 0 ? 0 : d);
        /* canonical form: unused bits are zero */
        if ((c == -2 && (v & 0xFFFF)) || (c >= 0 && d == -2 && (v & 0xFF))) {
            free(out);
            return NULL;
        }
        out[o++] = (unsigned char)(v >> 16);
        if (c >= 0) out[o++] = (unsigned char)(v >> 8);
        if (d >= 0) out[o++] = (unsigned char)v;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

const jc_status jc_status_order[JC_STATUS_COUNT] = {JC_PASS,  JC_FAIL,    JC_XFAIL, JC_XPASS,
                                                    JC_ERROR, JC_BLOCKED, JC_SKIP,  JC_DISABLED};

int jc_status_rank(jc_status s)
{
    /* FAIL outranks ERROR: a shown deviation says more than a broken exchange. */
    switch (s) {
    case JC_XPASS: return 8;
    case JC_FAIL: return 7;
    case JC_ERROR: return 6;
    case JC_BLOCKED: return 5;
    case JC_XFAIL: return 4;
    case JC_PASS: return 3;
    case JC_SKIP: return 2;
    case JC_DISABLED: return 1;
    default: return -1;
    }
}

bool jc_status_failing(jc_status s)
{
    return s == JC_FAIL || s == JC_ERROR || s == JC_BLOCKED || s == JC_XPASS;
}

typedef struct area_idx {
    const char *name;
    size_t index;
    UT_hash_handle hh;
} area_idx;

int jc_areas_build(const jc_run *run, jc_area **out, size_t *count)
{
    area_idx *map = NULL, *e, *tmp;
    jc_area *areas = calloc(run->scenario_count ? run->scenario_count : 1, sizeof *areas);
    size_t n = 0;
    int rc = 0;
    if (!areas) return -1;
    for (size_t i = 0; i < run->scenario_count; i++) {
        const jc_scenario_result *sc = &run->scenarios[i];
        const char *name = sc->suite ? sc->suite : "";
        HASH_FIND_STR(map, name, e);
        if (!e) {
            e = calloc(1, sizeof *e);
            if (!e) {
                rc = -1;
                break;
            }
            e->name = name;
            e->index = n;
            areas[n++].name = name;
            HASH_ADD_KEYPTR(hh, map, e->name, strlen(e->name), e);
        }
        if ((unsigned)sc->status < JC_STATUS_COUNT) areas[e->index].counts[sc->status]++;
        areas[e->index].total++;
    }
    HASH_ITER(hh, map, e, tmp)
    {
        HASH_DEL(map, e);
        free(e);
    }
    if (rc != 0) {
        free(areas);
        return rc;
    }
    *out = areas;
    *count = n;
    return 0;
}

void jc_areas_free(jc_area *areas)
{
    free(areas);
}

double jc_pass_rate(const size_t counts[JC_STATUS_COUNT])
{
    size_t ran = counts[JC_PASS] + counts[JC_FAIL] + counts[JC_ERROR] + counts[JC_BLOCKED] + counts[JC_XFAIL] + counts[JC_XPASS];
    return ran ? (double)(counts[JC_PASS] + counts[JC_XPASS]) / (double)ran : -1.0;
}

const char *jc_exit_meaning(int exit_code)
{
    switch (exit_code) {
    case 0: return "no MUST failure, error, blocked scenario or unexpected pass (SHOULD/MAY failures are warnings)";
    case 1: return "a MUST check failed (or a SHOULD/MAY one with --strict), or a scenario erred, was blocked or passed unexpectedly";
    case 2: return "usage or configuration error";
    case 3: return "the harness could not run (endpoint unreachable)";
    case 130: return "interrupted by SIGINT";
    case 143: return "interrupted by SIGTERM";
    default: return "unknown exit code";
    }
}

const char *jc_verdict(const jc_run *run)
{
    if (run->incomplete) return "INCOMPLETE";
    return run->exit_code == 0 ? "PASS" : "FAIL";
}

char *jc_exchange_text(const jc_exchange *ex, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f) return NULL;
    fprintf(f, "> %s %s\n", ex->method ? ex->method : "?", ex->url ? ex->url : "?");
    if (ex->request_headers && *ex->request_headers) {
        fputs(ex->request_headers, f);
        if (ex->request_headers[strlen(ex->request_headers) - 1] != '\n') fputc('\n', f);
    }
    if (ex->request_body && ex->request_body_len) {
        fputc('\n', f);
        fwrite(ex->request_body, 1, ex->request_body_len, f);
        fputc('\n', f);
    }
    if (ex->transport_error) {
        fprintf(f, "< transport error: %s\n", ex->transport_error);
    } else if (ex->status == 0) {
        fputs("< no response\n", f);
    } else {
        fprintf(f, "< HTTP %d (%.1f ms)\n", ex->status, ex->duration_ms);
    }
    if (ex->response_headers && *ex->response_headers) {
        fputs(ex->response_headers, f);
        if (ex->response_headers[strlen(ex->response_headers) - 1] != '\n') fputc('\n', f);
    }
    if (ex->response_body && ex->response_body_len) {
        fputc('\n', f);
        fwrite(ex->response_body, 1, ex->response_body_len, f);
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* ---- failures grouped by cause ---------------------------------------- */

static const struct {
    bool data;
    const char *method, *path, *name;
} OPS[] = {
    {false, "POST", "/jobs/{}/targets", "AssociateTargetsWithJob"},
    {false, "PUT", "/jobs/{}/cancel", "CancelJob"},
    {false, "PUT", "/things/{}/jobs/{}/cancel", "CancelJobExecution"},
    {false, "PUT", "/jobs/{}", "CreateJob"},
    {false, "DELETE", "/jobs/{}", "DeleteJob"},
    {false, "DELETE", "/things/{}/jobs/{}/executionNumber/{}", "DeleteJobExecution"},
    {false, "GET", "/jobs/{}", "DescribeJob"},
    {false, "GET", "/things/{}/jobs/{}", "DescribeJobExecution"},
    {false, "GET", "/jobs/{}/job-document", "GetJobDocument"},
    {false, "GET", "/jobs/{}/things", "ListJobExecutionsForJob"},
    {false, "GET", "/things/{}/jobs", "ListJobExecutionsForThing"},
    {false, "GET", "/jobs", "ListJobs"},
    {false, "PATCH", "/jobs/{}", "UpdateJob"},
    {false, "POST", "/things/{}", "CreateThing"},
    {false, "GET", "/things/{}", "DescribeThing"},
    {false, "DELETE", "/things/{}", "DeleteThing"},
    {false, "POST", "/thing-groups/{}", "CreateThingGroup"},
    {false, "GET", "/thing-groups/{}", "DescribeThingGroup"},
    {false, "DELETE", "/thing-groups/{}", "DeleteThingGroup"},
    {false, "PUT", "/thing-groups/addThingToThingGroup", "AddThingToThingGroup"},
    {false, "PUT", "/thing-groups/removeThingFromThingGroup", "RemoveThingFromThingGroup"},
    {false, "GET", "/thing-groups/{}/things", "ListThingsInThingGroup"},
    {true, "GET", "/things/{}/jobs", "GetPendingJobExecutions"},
    {true, "PUT", "/things/{}/jobs/$next", "StartNextPendingJobExecution"},
    {true, "GET", "/things/{}/jobs/{}", "DescribeJobExecution (data plane)"},
    {true, "POST", "/things/{}/jobs/{}", "UpdateJobExecution"},
};

/* Whether path (up to '?', '#' or the end) matches tmpl, where "{}" is any
   one segment; counts the literal segments matched. */
static bool template_matches(const char *tmpl, const char *path, int *literals)
{
    *literals = 0;
    while (*tmpl == '/' && *path == '/') {
        tmpl++, path++;
        size_t tl = strcspn(tmpl, "/"), pl = strcspn(path, "/?#");
        if (strncmp(tmpl, "{}", tl) == 0 && tl == 2) {
            if (!pl) return false;
        } else if (strncmp(tmpl, "$next", tl) == 0 && tl == 5) {
            if (!((pl == 5 && strncmp(path, "$next", 5) == 0) || (pl == 7 && strncasecmp(path, "%24next", 7) == 0)))
                return false;
            (*literals)++;
        } else {
            if (tl != pl || strncmp(tmpl, path, tl) != 0) return false;
            (*literals)++;
        }
        tmpl += tl, path += pl;
    }
    return *tmpl == '\0' && (*path == '\0' || *path == '?' || *path == '#');
}

/* The operation of an exchange: its name, or "METHOD /a/{}/b" with every
   second segment (the ids of the Jobs API's paths) elided. */
static char *operation_of(const jc_run *run, const jc_exchange *ex)
{
    const char *url = ex->url ? ex->url : "", *path = strstr(url, "://");
    path = path ? strchr(path + 3, '/') : url;
    if (!path) path = "/";
    bool data = run->data_endpoint && run->endpoint && strcmp(run->data_endpoint, run->endpoint) != 0 &&
                strncmp(url, run->data_endpoint, strlen(run->data_endpoint)) == 0;
    const char *best = NULL;
    int best_lit = -1;
    for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++) {
        int lit;
        if (OPS[i].data != data || !ex->method || strcmp(OPS[i].method, ex->method) != 0) continue;
        if (template_matches(OPS[i].path, path, &lit) && lit > best_lit) best = OPS[i].name, best_lit = lit;
    }
    if (best) return strdup(best);
    size_t cap = 2 * strlen(path) + 32, n = 0, seg = 0; /* "{}" may be longer than the segment */
    char *out = malloc(cap);
    if (!out) return NULL;
    n = (size_t)snprintf(out, cap, "%.16s ", ex->method ? ex->method : "?");
    for (const char *p = path; *p == '/' && n + 4 < cap;) {
        p++;
        size_t len = strcspn(p, "/?#");
        out[n++] = '/';
        if (seg++ % 2 == 1) n += (size_t)snprintf(out + n, cap - n, "{}");
        else {
            memcpy(out + n, p, len);
            n += len;
        }
        p += len;
    }
    out[n] = '\0';
    return out;
}

/* The error type of an answer, read as AWS clients do (x-amzn-ErrorType,
   then the body's code / __type), or "no error type" (with "(HTML page)"
   when the body is one). */
static char *error_type_of(const jc_exchange *ex)
{
    char buf[160];
    const char *h = ex->response_headers;
    for (const char *line = h; line && *line;) {
        size_t len = strcspn(line, "\n");
        if (len > 17 && strncasecmp(line, "x-amzn-ErrorType:", 17) == 0) {
            const char *v = line + 17;
            v += strspn(v, " \t");
            size_t vl = strcspn(v, ":\r\n");
            snprintf(buf, sizeof buf, "%.*s", (int)(vl < 120 ? vl : 120), v);
            if (buf[0]) return strdup(buf);
        }
        line += len + (line[len] == '\n');
    }
    if (ex->response_body && ex->response_body_len) {
        cJSON *j = cJSON_ParseWithLength(ex->response_body, ex->response_body_len);
        const char *keys[] = {"code", "Code", "__type"};
        for (size_t k = 0; j && k < 3; k++) {
            const cJSON *it = cJSON_GetObjectItemCaseSensitive(j, keys[k]);
            if (cJSON_IsString(it) && it->valuestring[0]) {
                const char *t = strrchr(it->valuestring, '#');
                snprintf(buf, sizeof buf, "%.120s", t ? t + 1 : it->valuestring);
                cJSON_Delete(j);
                return strdup(buf);
            }
        }
        cJSON_Delete(j);
        const char *b = ex->response_body;
        size_t skip = 0;
        while (skip < ex->response_body_len && strchr(" \t\r\n", b[skip])) skip++;
        if (skip < ex->response_body_len && b[skip] == '<') return strdup("no error type (HTML page)");
    }
    return strdup("no error type");
}

/* The exchange that decided a failing scenario (see jc_report_util.h). */
static bool deciding_exchange(const jc_scenario_result *sc, size_t *out)
{
    if (!sc->exchange_count) return false;
    /* a failure below HTTP or a 5xx ends a scenario: the last one; a
       refusal is most often the request under test, the checks after it
       (a DescribeJob's 404) its consequences: the first one */
    for (size_t i = sc->exchange_count; i-- > 0;) {
        const jc_exchange *e = &sc->transcript[i];
        if (e->transport_error || e->status == 0 || e->status >= 500) return *out = i, true;
    }
    for (size_t i = 0; i < sc->exchange_count; i++)
        if (sc->transcript[i].status >= 300) return *out = i, true;
    *out = sc->exchange_count - 1;
    return true;
}

typedef struct group_key {
    char *op, *cause;
    int status;
} group_key;

static int key_of(const jc_run *run, const jc_scenario_result *sc, group_key *k, size_t *ex_index, bool *has_ex)
{
    k->status = 0;
    *has_ex = false;
    if (sc->status == JC_XPASS) {
        k->op = strdup("(baseline)");
        k->cause = strdup("passed, but the baseline expects a failure");
    } else if (!deciding_exchange(sc, ex_index)) {
        k->op = strdup("(no exchange recorded)");
        const char *m = sc->message ? sc->message : jc_status_name(sc->status);
        char buf[120]; /* the first line of the message */
        snprintf(buf, sizeof buf, "%.*s", (int)(strcspn(m, "\n") < 100 ? strcspn(m, "\n") : 100), m);
        k->cause = strdup(buf);
    } else {
        const jc_exchange *e = &sc->transcript[*ex_index];
        *has_ex = true;
        k->op = operation_of(run, e);
        k->status = e->transport_error ? 0 : e->status;
        if (e->transport_error) k->cause = strdup(e->transport_error);
        else if (e->status == 0) k->cause = strdup("no response");
        else if (e->status >= 300) k->cause = error_type_of(e);
        else {
            const char *where = NULL;
            for (size_t c = 0; c < sc->check_count && !where; c++)
                if (!sc->checks[c].passed && sc->checks[c].where) where = sc->checks[c].where;
            char buf[200];
            snprintf(buf, sizeof buf, "failed check%s%.120s", where ? " at " : "s", where ? where : "");
            k->cause = strdup(buf);
        }
    }
    return k->op && k->cause ? 0 : -1;
}

static int by_size(const void *a, const void *b)
{
    const jc_failure_group *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return x->members[0] < y->members[0] ? -1 : x->members[0] > y->members[0];
}

int jc_failure_groups(const jc_run *run, jc_failure_group **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    jc_failure_group *g = NULL;
    size_t n = 0;
    for (size_t i = 0; i < run->scenario_count; i++) {
        const jc_scenario_result *sc = &run->scenarios[i];
        if (!jc_status_failing(sc->status)) continue;
        group_key k = {0};
        size_t ex = 0;
        bool has_ex;
        if (key_of(run, sc, &k, &ex, &has_ex) != 0) goto oom_key;
        size_t j = 0;
        while (j < n && !(g[j].http_status == k.status && strcmp(g[j].operation, k.op) == 0 &&
                          strcmp(g[j].cause, k.cause) == 0))
            j++;
        if (j == n) {
            jc_failure_group *m = realloc(g, (n + 1) * sizeof *g);
            if (!m) goto oom_key;
            g = m;
            g[n] = (jc_failure_group){k.op, k.status, k.cause, NULL, 0, ex, has_ex};
            k.op = k.cause = NULL;
            n++;
        }
        size_t *mm = realloc(g[j].members, (g[j].count + 1) * sizeof *mm);
        if (!mm) goto oom_key;
        g[j].members = mm;
        g[j].members[g[j].count++] = i;
        free(k.op);
        free(k.cause);
        continue;
    oom_key:
        free(k.op);
        free(k.cause);
        jc_failure_groups_free(g, n);
        return -1;
    }
    if (n > 1) qsort(g, n, sizeof *g, by_size);
    *out = g;
    *count = n;
    return 0;
}

void jc_failure_groups_free(jc_failure_group *groups, size_t count)
{
    for (size_t i = 0; groups && i < count; i++) {
        free(groups[i].operation);
        free(groups[i].cause);
        free(groups[i].members);
    }
    free(groups);
}

char *jc_failure_group_label(const jc_failure_group *g)
{
    size_t cap = strlen(g->operation) + strlen(g->cause) + 64;
    char *s = malloc(cap);
    if (!s) return NULL;
    if (g->http_status) snprintf(s, cap, "%s \xC2\xB7 HTTP %d \xC2\xB7 %s", g->operation, g->http_status, g->cause);
    else if (strcmp(g->operation, "(baseline)") == 0) snprintf(s, cap, "%s", g->cause);
    else snprintf(s, cap, "%s \xC2\xB7 %s", g->operation, g->cause);
    return s;
}
