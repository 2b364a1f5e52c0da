/* Scenario framework: see jc_scenario.h and suites/README.md. */
#include "jc_internal.h"
#include "jc_shapes.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <CUnit/CUnit.h>
#include <curl/curl.h>

/* ---- small utilities --------------------------------------------------- */

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
    if (ms <= 0) return;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static char *vfmt(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (s) vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char **jc_split_list(const char *list, size_t *count)
{
    *count = 0;
    if (!list) return NULL;
    char **out = NULL;
    const char *p = list;
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p)) p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ',') e++;
        size_t n = (size_t)(e - p);
        while (n && isspace((unsigned char)p[n - 1])) n--;
        char **grown = realloc(out, (*count + 1) * sizeof *grown);
        if (!grown) break;
        out = grown;
        out[*count] = strndup(p, n);
        if (!out[*count]) break;
        (*count)++;
        p = e;
    }
    return out;
}

bool jc_list_has(const char *list, const char *item)
{
    size_t n = 0;
    char **items = jc_split_list(list, &n);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (strcasecmp(items[i], item) == 0) found = true;
        free(items[i]);
    }
    free(items);
    return found;
}

/* ---- ctx-owned memory --------------------------------------------------- */

static void harness_oom(jc_ctx *ctx) __attribute__((noreturn));

char *jc_own(jc_ctx *ctx, char *s)
{
    if (!s) harness_oom(ctx);
    if (ctx->str_count == ctx->str_cap) {
        size_t cap = ctx->str_cap ? ctx->str_cap * 2 : 32;
        char **n = realloc(ctx->strs, cap * sizeof *n);
        if (!n) {
            free(s);
            harness_oom(ctx);
        }
        ctx->strs = n;
        ctx->str_cap = cap;
    }
    ctx->strs[ctx->str_count++] = s;
    return s;
}

static jc_response *own_resp(jc_ctx *ctx, jc_response *r)
{
    if (ctx->resp_count == ctx->resp_cap) {
        size_t cap = ctx->resp_cap ? ctx->resp_cap * 2 : 16;
        jc_response **n = realloc(ctx->resps, cap * sizeof *n);
        if (!n) {
            jc_response_free(r);
            harness_oom(ctx);
        }
        ctx->resps = n;
        ctx->resp_cap = cap;
    }
    ctx->resps[ctx->resp_count++] = r;
    return r;
}

const char *jc_str(jc_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vfmt(fmt, ap);
    va_end(ap);
    return jc_own(ctx, s);
}

const char *jc_repeat(jc_ctx *ctx, char c, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        memset(s, c, n);
        s[n] = '\0';
    }
    return jc_own(ctx, s);
}

/* ---- verdict bookkeeping ------------------------------------------------ */

static void add_message(jc_ctx *ctx, const char *kind, const char *text)
{
    size_t old = ctx->message ? strlen(ctx->message) : 0;
    if (old > 16384) return; /* enough said */
    size_t add = strlen(kind) + strlen(text) + 3;
    char *m = realloc(ctx->message, old + add + 1);
    if (!m) return;
    snprintf(m + old, add + 1, "%s%s%s", old ? "\n" : "", kind, text);
    ctx->message = m;
}

static void cunit_report(jc_ctx *ctx, const char *file, int line, const char *msg)
{
    if (ctx->cunit) CU_assertImplementation(CU_FALSE, (unsigned)line, msg, file, "", CU_FALSE);
}

void jc_end(jc_ctx *ctx)
{
    if (ctx->jb_active) longjmp(ctx->jb, 1);
    /* outside a scenario (never expected): nothing to unwind to */
    fprintf(stderr, "jobsconf: jc_end outside a scenario\n");
    exit(3);
}

static void harness_oom(jc_ctx *ctx)
{
    ctx->errored = true;
    add_message(ctx, "ERROR: ", "out of memory in the harness");
    jc_end(ctx);
}

/* Whether the running scenario's table entry lists requirement `req`. */
static bool scenario_names(const jc_ctx *ctx, const char *req)
{
    return !ctx->sc || jc_list_has(ctx->sc->requirements, req);
}

bool jc_names_requirement(const jc_ctx *ctx, const char *req) { return ctx->sc && jc_list_has(ctx->sc->requirements, req); }

/* Appends one check record (msg NULL when it passed). Passing checks past
 * JC_MAX_CHECKS are only counted; failed ones are kept up to 4x that. */
static void record_check(jc_ctx *ctx, const char *req, bool ok, const char *file, int line, const char *msg)
{
    if (ctx->check_count >= (ok ? JC_MAX_CHECKS : 4 * JC_MAX_CHECKS)) {
        ctx->checks_omitted++;
        return;
    }
    if (ctx->check_count == ctx->check_cap) {
        size_t cap = ctx->check_cap ? ctx->check_cap * 2 : 16;
        jc_check *n = realloc(ctx->checks, cap * sizeof *n);
        if (!n) harness_oom(ctx);
        ctx->checks = n;
        ctx->check_cap = cap;
    }
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    jc_check *c = &ctx->checks[ctx->check_count];
    memset(c, 0, sizeof *c);
    c->passed = ok;
    c->requirement = req ? strdup(req) : NULL;
    c->where = malloc(strlen(base) + 16);
    if (c->where) snprintf(c->where, strlen(base) + 16, "%s:%d", base, line);
    c->message = msg ? strdup(msg) : NULL;
    ctx->check_count++;
    if ((req && !c->requirement) || !c->where || (msg && !c->message)) harness_oom(ctx);
}

/* A failure's text as a person reads it. Messages across the suites print
   an answer as "HTTP %d %s" with its error type, which AWS clients read as
   the status itself when the server sent none: "HTTP 400 400" becomes
   "HTTP 400 without an error type". Takes and returns a malloc'd string. */
static char *message_text(const char *fmt, va_list ap)
{
    char *m = vfmt(fmt, ap);
    static const char fix[] = " without an error type";
    for (char *p = m ? strstr(m, "HTTP ") : NULL; p; p = strstr(p + 1, "HTTP ")) {
        const char *d = p + 5;
        bool same = strspn(d, "0123456789") == 3 && d[3] == ' ' && strncmp(d, d + 4, 3) == 0 &&
                    !(d[7] >= '0' && d[7] <= '9');
        if (!same) continue;
        size_t at = (size_t)(d + 3 - m), len = strlen(m);
        char *n = malloc(len - 4 + sizeof fix);
        if (!n) return m;
        snprintf(n, len - 4 + sizeof fix, "%.*s%s%s", (int)at, m, fix, m + at + 4);
        free(m);
        m = n;
        p = m + at;
    }
    return m;
}

static bool vcheck(jc_ctx *ctx, const char *req, bool ok, const char *file, int line, const char *expr, const char *fmt,
                   va_list ap)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    if (!req) req = ctx->req_scope;
    if (req && !scenario_names(ctx, req))
        jc_error(ctx, "harness: %s:%d names requirement %s, which the scenario's table entry does not list (%s)", base,
                 line, req, ctx->sc->requirements);
    if (ok) {
        record_check(ctx, req, true, file, line, NULL);
        return true;
    }
    char *m = message_text(fmt, ap);
    size_t n = strlen(base) + (m ? strlen(m) : 0) + strlen(expr) + 64;
    char *full = malloc(n);
    if (full) snprintf(full, n, "%s:%d: %s (check: %s)", base, line, m ? m : "", expr);
    char kind[96];
    if (req) snprintf(kind, sizeof kind, "FAIL [%.80s]: ", req);
    else snprintf(kind, sizeof kind, "FAIL: ");
    ctx->failed = true;
    add_message(ctx, kind, full ? full : "check failed");
    cunit_report(ctx, file, line, full ? full : "check failed");
    record_check(ctx, req, false, file, line, full ? full : "check failed");
    free(full);
    free(m);
    return false;
}

bool jc_check_(jc_ctx *ctx, bool ok, const char *file, int line, const char *expr, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool r = vcheck(ctx, NULL, ok, file, line, expr, fmt, ap);
    va_end(ap);
    return r;
}

bool jc_check_req_(jc_ctx *ctx, const char *req, bool ok, const char *file, int line, const char *expr,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool r = vcheck(ctx, req, ok, file, line, expr, fmt, ap);
    va_end(ap);
    return r;
}

void jc_req_scope(jc_ctx *ctx, const char *req)
{
    free(ctx->req_scope);
    ctx->req_scope = NULL;
    if (!req) return;
    if (!scenario_names(ctx, req))
        jc_error(ctx, "harness: jc_req_scope names requirement %s, which the scenario's table entry does not list (%s)",
                 req, ctx->sc->requirements);
    ctx->req_scope = strdup(req);
    if (!ctx->req_scope) harness_oom(ctx);
}

/* A jc_expect_* that held: recorded as a passing check. */
static bool passed(jc_ctx *ctx, const char *file, int line)
{
    record_check(ctx, ctx->req_scope, true, file, line, NULL);
    return true;
}

void jc_blocked(jc_ctx *ctx, const char *operation, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = message_text(fmt, ap);
    va_end(ap);
    ctx->blocked = true;
    free(ctx->blocked_op);
    ctx->blocked_op = strdup(operation && *operation ? operation : "(unnamed operation)");
    size_t n = strlen(ctx->blocked_op) + (m ? strlen(m) : 0) + 64;
    char *text = malloc(n);
    if (text) snprintf(text, n, "setup operation %s failed: %s", ctx->blocked_op ? ctx->blocked_op : "?", m ? m : "");
    add_message(ctx, "BLOCKED: ", text ? text : "blocked");
    cunit_report(ctx, "jc_scenario.c", 0, text ? text : "blocked");
    free(text);
    free(m);
    jc_end(ctx);
}

void jc_skip(jc_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = vfmt(fmt, ap);
    va_end(ap);
    ctx->skipped = true;
    add_message(ctx, "SKIP: ", m ? m : "skipped");
    free(m);
    jc_end(ctx);
}

void jc_error(jc_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = message_text(fmt, ap);
    va_end(ap);
    ctx->errored = true;
    add_message(ctx, "ERROR: ", m ? m : "error");
    cunit_report(ctx, "jc_scenario.c", 0, m ? m : "error");
    free(m);
    jc_end(ctx);
}

void jc_note(jc_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = vfmt(fmt, ap);
    va_end(ap);
    add_message(ctx, "NOTE: ", m ? m : "");
    free(m);
}

bool jc_failed(const jc_ctx *ctx) { return ctx->failed || ctx->errored; }

/* ---- requests ----------------------------------------------------------- */

void jc_allow_5xx(jc_ctx *ctx) { ctx->allow_5xx = true; }

/* Cuts one kept text to `keep` bytes, saying how much was dropped. */
static void cap_text(char **text, size_t *len, size_t keep)
{
    size_t n = len ? *len : (*text ? strlen(*text) : 0);
    if (!*text || n <= keep) return;
    char note[64];
    int k = snprintf(note, sizeof note, "[... %zu bytes not kept]", n - keep);
    char *s = malloc(keep + (size_t)k + 1);
    if (!s) return;
    memcpy(s, *text, keep);
    memcpy(s + keep, note, (size_t)k + 1);
    free(*text);
    *text = s;
    if (len) *len = keep + (size_t)k;
}

static size_t text_len(const char *s) { return s ? strlen(s) : 0; }

static void record_exchange(jc_ctx *ctx, jc_exchange *ex)
{
    if (ctx->ex_count >= JC_MAX_TRANSCRIPT) {
        if (!ctx->ex_truncated) jc_note(ctx, "transcript truncated after %d exchanges", JC_MAX_TRANSCRIPT);
        ctx->ex_truncated = true;
        jc_exchange_clear(ex);
        return;
    }
    /* bounded: each text to JC_KEEP_BODY_BYTES, the scenario's transcript to
       JC_KEEP_SCENARIO_BYTES (then only the request line and status stay) */
    size_t keep = JC_KEEP_BODY_BYTES;
    if (ctx->ex_bytes >= JC_KEEP_SCENARIO_BYTES) keep = 0;
    cap_text(&ex->request_body, &ex->request_body_len, keep);
    cap_text(&ex->response_body, &ex->response_body_len, keep);
    cap_text(&ex->request_headers, NULL, keep);
    cap_text(&ex->response_headers, NULL, keep);
    ctx->ex_bytes += ex->request_body_len + ex->response_body_len + text_len(ex->request_headers) +
                     text_len(ex->response_headers);
    if (ctx->ex_count == ctx->ex_cap) {
        size_t cap = ctx->ex_cap ? ctx->ex_cap * 2 : 8;
        jc_exchange *n = realloc(ctx->ex, cap * sizeof *n);
        if (!n) {
            jc_exchange_clear(ex);
            harness_oom(ctx);
        }
        ctx->ex = n;
        ctx->ex_cap = cap;
    }
    ctx->ex[ctx->ex_count++] = *ex;
    memset(ex, 0, sizeof *ex);
}

double jc_mono_s(void) { return now_ms() / 1e3; }

void jc_env_stop(jc_env *env, const char *reason)
{
    pthread_mutex_lock(&env->lock);
    if (!env->stop_reason) {
        env->stop_reason = strdup(reason ? reason : "stopped");
        __atomic_store_n(&env->stopped, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&env->lock);
}

bool jc_env_stopped(jc_env *env, char *reason, size_t reason_len)
{
    if (env->deadline_s > 0 && jc_mono_s() >= env->deadline_s) jc_env_stop(env, "the run reached --max-time");
    int sig = env->signal_flag ? __atomic_load_n(env->signal_flag, __ATOMIC_ACQUIRE) : 0;
    if (sig) {
        char why[64];
        snprintf(why, sizeof why, "interrupted by %s", sig == SIGINT ? "SIGINT" : "SIGTERM");
        jc_env_stop(env, why);
    }
    if (!__atomic_load_n(&env->stopped, __ATOMIC_ACQUIRE)) return false;
    if (reason && reason_len) {
        pthread_mutex_lock(&env->lock);
        snprintf(reason, reason_len, "%s", env->stop_reason ? env->stop_reason : "stopped");
        pthread_mutex_unlock(&env->lock);
    }
    return true;
}

/* Counts scenarios that ended on a broken exchange in a row, across all
   workers: after JC_UNREACHABLE_AFTER of them the endpoint is taken for
   gone. */
static void note_transport(jc_env *env, bool failed, time_t since)
{
    char reason[96] = "";
    pthread_mutex_lock(&env->lock);
    if (!failed) {
        env->transport_failures = 0;
    } else {
        if (env->transport_failures++ == 0) {
            struct tm tm;
            gmtime_r(&since, &tm);
            strftime(env->unreachable_since, sizeof env->unreachable_since, "%Y-%m-%dT%H:%M:%SZ", &tm);
        }
        if (env->transport_failures == JC_UNREACHABLE_AFTER)
            snprintf(reason, sizeof reason, "endpoint unreachable since %s", env->unreachable_since);
    }
    pthread_mutex_unlock(&env->lock);
    if (reason[0]) jc_env_stop(env, reason);
}

/* The ids an exchange created, recorded so the run deletes exactly those. A
   creation that failed below HTTP or with a 5xx may still have happened: its
   name is recorded when it carries this run's prefix. */
static void record_created(jc_ctx *ctx, const char *method, const char *path, int status, bool transport)
{
    static const struct { const char *method, *prefix; int kind; } C[] = {
        {"PUT", "/jobs/", 0}, {"POST", "/things/", 1}, {"POST", "/thing-groups/", 2}};
    /* a creation answered with a 5xx may have happened too (moto creates the
       job, then fails on the answer) */
    transport = transport || status >= 500;
    if (!path || (!transport && (status < 200 || status >= 300))) return;
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        size_t pl = strlen(C[i].prefix);
        if (strcmp(method, C[i].method) != 0 || strncmp(path, C[i].prefix, pl) != 0) continue;
        const char *label = path + pl;
        if (!*label || strchr(label, '/') || strchr(label, '?')) return;
        char *name = curl_unescape(label, 0);
        if (!name) return;
        if (!transport || strncmp(name, ctx->env->prefix, strlen(ctx->env->prefix)) == 0) {
            if (C[i].kind == 0) jc_env_record_job(ctx->env, name);
            else if (C[i].kind == 1) jc_env_record_thing(ctx->env, name);
            else jc_env_record_group(ctx->env, name);
            if (!ctx->no_stop) jc_ctx_made(ctx, "jtg"[C[i].kind], name);
        }
        curl_free(name);
        return;
    }
}

/* Every job this run creates carries a tag naming the run: a person who finds
   one knows where it came from. Added only to a CreateJob body that is a JSON
   object without tags of its own. */
const char *jc_tag_job_body(jc_ctx *ctx, const char *method, const char *path, const char *body)
{
    if (!body || strcmp(method, "PUT") != 0 || strncmp(path ? path : "", "/jobs/", 6) != 0 ||
        strchr(path + 6, '/') || strchr(path + 6, '?'))
        return body;
    /* strict parse; the tag goes in as text after the brace, so every other
       byte of the body is sent as the scenario wrote it */
    cJSON *b = cJSON_ParseWithOpts(body, NULL, 1);
    bool add = cJSON_IsObject(b) && !cJSON_GetObjectItem(b, "tags");
    bool empty = add && b->child == NULL;
    cJSON_Delete(b);
    const char *brace = body + strspn(body, " \t\r\n");
    if (!add || *brace != '{') return body;
    return jc_str(ctx, "%.*s{\"tags\":[{\"Key\":\"%s\",\"Value\":\"%s\"}]%s%s", (int)(brace - body), body,
                  JC_RUN_TAG_KEY, ctx->env->prefix, empty ? "" : ",", empty ? strchr(brace, '}') : brace + 1);
}

static const char *find_nocase(const char *s, const char *what)
{
    for (size_t n = strlen(what); *s; s++)
        if (strncasecmp(s, what, n) == 0) return s;
    return NULL;
}

/* ": the message" of an answer for a check's text ("" when it has none).
   An HTML page (a proxy's or framework's error page) is cut to its <title>:
   the whole body stays in the transcript. */
static const char *answer_message(const jc_response *r, char *buf, size_t len)
{
    const char *m = r && r->message ? r->message : "";
    const char *p = m + strspn(m, " \t\r\n");
    const char *t = *p == '<' ? find_nocase(p, "<title>") : NULL;
    const char *end = t ? find_nocase(t + 7, "</title>") : NULL;
    if (end) snprintf(buf, len, ": an HTML page titled \"%.*s\"", (int)(end - t - 7 < 200 ? end - t - 7 : 200), t + 7);
    else if (*p == '<' && find_nocase(p, "<html")) snprintf(buf, len, ": an HTML page without a title");
    else if (*p) snprintf(buf, len, ": %.300s", m);
    else buf[0] = '\0';
    return buf;
}

/* "HTTP 404 ResourceNotFoundException", "HTTP 400 without an error type"
   (the code AWS clients would read is then the status itself), "HTTP 200". */
static const char *answer_status(const jc_response *r, char *buf, size_t len)
{
    char status_text[16];
    snprintf(status_text, sizeof status_text, "%d", r->status);
    if (r->status < 300 || !r->error_code) snprintf(buf, len, "HTTP %d", r->status);
    else if (strcmp(r->error_code, status_text) == 0) snprintf(buf, len, "HTTP %d without an error type", r->status);
    else snprintf(buf, len, "HTTP %d %s", r->status, r->error_code);
    return buf;
}

/* One request, retried while the answer is a throttle (jc_client_retryable)
   and --max-retries allows: each throttled exchange stays in the transcript
   with a note, and only the last answer is returned to be judged. raw: the
   caller's headers, unsigned (jc_call_raw); else signed as signing. */
static int call_with_retries(jc_ctx *ctx, const char *method, const char *path, const char *url, const char *signing,
                             const char *const *raw, const char *body, jc_exchange *ex, jc_response **resp)
{
    int max = ctx->env->cfg->max_retries;
    for (int attempt = 0;; attempt++) {
        int rc = raw ? jc_client_call_raw(ctx->client, method, url, raw, body, ex, resp)
                     : jc_client_call(ctx->client, method, url, signing, body, ex, resp);
        if (rc != 0 || attempt >= max || !jc_client_retryable(*resp) ||
            (!ctx->no_stop && jc_env_stopped(ctx->env, NULL, 0)))
            return rc;
        long wait = jc_client_backoff_ms(attempt + 1, jc_client_jitter());
        jc_note(ctx, "%s %s: HTTP %d %.60s, retry %d of %d after %ld ms", method, path ? path : "/",
                (*resp)->status, (*resp)->error_code ? (*resp)->error_code : "", attempt + 1, max, wait);
        record_exchange(ctx, ex);
        jc_response_free(*resp);
        *resp = NULL;
        sleep_ms(wait);
    }
}

/* Counts the exchange in the operation table; when the scenario declares
   its operations and this one is setup (not under test), an answer that
   shows the operation is missing or broken (5xx, no route, not JSON, no
   answer) ends the scenario BLOCKED on it: its rule was not reached. */
static void setup_answer_check(jc_ctx *ctx, jc_plane plane, const char *method, const char *path,
                               jc_response *resp, bool below_http, bool allow_5xx, char *terr)
{
    jc_answer_kind kind;
    char what[128];
    int op = jc_op_note(ctx, plane == JC_DATA, method, path, below_http ? NULL : resp, &kind, what, sizeof what);
    if (op < 0 || !jc_op_declared(ctx) || jc_op_under_test(ctx, op)) return;
    if (kind == JC_ANS_OK || kind == JC_ANS_TYPED_4XX || kind == JC_ANS_OTHER_4XX) return;
    if (kind == JC_ANS_5XX && allow_5xx) return;
    const char *name = jc_shape_operation_name(jc_shape_operation_at((size_t)op));
    char detail[300];
    snprintf(detail, sizeof detail, "%s %s answered %s%s%.120s", method, path, what,
             terr || (resp && resp->message && *resp->message) ? ": " : "",
             terr ? terr : resp && resp->message ? resp->message : "");
    /* the caller's copies are not freed on this path: the ctx owns them */
    if (resp) own_resp(ctx, resp);
    if (terr) jc_own(ctx, terr);
    /* a broken exchange still counts toward "endpoint unreachable" */
    jc_blocked(ctx, name, "%s", detail);
}

jc_response *jc_call(jc_ctx *ctx, jc_plane plane, const char *method, const char *path,
                     const char *query, const char *body)
{
    const jc_config *cfg = ctx->env->cfg;
    char why[160];
    if (!ctx->no_stop && jc_env_stopped(ctx->env, why, sizeof why)) jc_error(ctx, "stopped: %s", why);
    if (plane == JC_DATA && ctx->env->no_data) {
        const jc_operation *op = jc_shape_operation(1, method, path);
        jc_blocked(ctx, op ? jc_shape_operation_name(op) : "data plane", "no data plane to call (--data-endpoint none)");
    }
    const char *base = plane == JC_DATA ? ctx->env->data_url : ctx->env->control_url;
    const char *signing = plane == JC_DATA ? cfg->data_signing_name : cfg->signing_name;
    const char *url = jc_str(ctx, "%s%s%s%s", base, path ? path : "/", query && *query ? "?" : "",
                             query && *query ? query : "");
    if (plane == JC_CONTROL) body = jc_tag_job_body(ctx, method, path, body);
    jc_exchange ex;
    jc_response *resp = NULL;
    int rc = call_with_retries(ctx, method, path, url, signing, NULL, body, &ex, &resp);
    /* the exchange broke (refused, reset, timed out, cut short); a server
       that answered too much still answered */
    bool below_http = rc != 0 && ex.status == 0;
    if (rc != 0 && !(ex.transport_error && strstr(ex.transport_error, "too large")) && !ctx->broke) {
        ctx->broke = true;
        ctx->broke_at = (double)time(NULL);
    }
    if (plane == JC_CONTROL) record_created(ctx, method, path, resp ? resp->status : ex.status, below_http);
    char *terr = ex.transport_error ? strdup(ex.transport_error) : NULL;
    record_exchange(ctx, &ex);
    bool allow = ctx->allow_5xx;
    ctx->allow_5xx = false;
    setup_answer_check(ctx, plane, method, path, resp, below_http, allow, terr);
    if (rc != 0) {
        jc_response_free(resp);
        jc_own(ctx, terr ? terr : strdup("transport failure"));
        jc_error(ctx, "%s %s: %s", method, path, terr ? terr : "transport failure");
    }
    free(terr);
    own_resp(ctx, resp);
    ctx->resp_bytes += 2 * resp->body_len;
    if (ctx->resp_bytes > JC_KEEP_RESPONSES_BYTES)
        jc_error(ctx, "%s %s: the answers of this scenario hold more than %zu MB: stopped here to bound memory",
                 method, path, JC_KEEP_RESPONSES_BYTES >> 20);
    if (resp->status >= 500 && !allow) {
        /* With no type on the wire, the code read as AWS clients do is the
           status itself: name it only when the server sent one. */
        char status_text[16];
        snprintf(status_text, sizeof status_text, "%d", resp->status);
        bool typed = resp->error_code && strcmp(resp->error_code, status_text) != 0;
        char msg[300];
        const jc_operation *o = jc_shape_operation(plane == JC_DATA, method, path);
        if (o && jc_op_declared(ctx) && jc_op_under_test(ctx, (int)jc_shape_operation_index(o)))
            ctx->server_error_op = jc_shape_operation_name(o);
        jc_error(ctx, "%s %s: unexpected HTTP %d%s%s%s%.200s", method, path, resp->status, typed ? " (" : "",
                 typed ? resp->error_code : "", typed ? ")" : "", answer_message(resp, msg, sizeof msg));
    }
    char shape[1024]; /* every exchange against its operation's shape (jc_shapes.h); not the cleanup's */
    if (!ctx->cleaning && !ctx->no_stop && jc_shape_check_exchange(plane == JC_DATA, method, path, resp, shape, sizeof shape))
        jc_check_(ctx, false, __FILE__, __LINE__, "response shape", "%s %s: %s", method, path, shape);
    return resp;
}

jc_response *jc_call_raw(jc_ctx *ctx, jc_plane plane, const char *method, const char *path, const char *query,
                         const char *body, const char *const *headers)
{
    if (plane == JC_DATA && ctx->env->no_data) {
        const jc_operation *op = jc_shape_operation(1, method, path);
        jc_blocked(ctx, op ? jc_shape_operation_name(op) : "data plane", "no data plane to call (--data-endpoint none)");
    }
    const char *base = plane == JC_DATA ? ctx->env->data_url : ctx->env->control_url;
    const char *url = jc_str(ctx, "%s%s%s%s", base, path ? path : "/", query && *query ? "?" : "",
                             query && *query ? query : "");
    jc_exchange ex;
    jc_response *resp = NULL;
    int rc = call_with_retries(ctx, method, path, url, NULL, headers, body, &ex, &resp);
    /* what it created is this run's too (the caller tagged the body before signing) */
    if (plane == JC_CONTROL) record_created(ctx, method, path, resp ? resp->status : ex.status, rc != 0 && ex.status == 0);
    char *terr = ex.transport_error ? strdup(ex.transport_error) : NULL;
    record_exchange(ctx, &ex);
    { /* counted, never BLOCKED: the scenario signs these itself to be refused */
        jc_answer_kind kind;
        char what[128];
        jc_op_note(ctx, plane == JC_DATA, method, path, rc != 0 && !resp ? NULL : resp, &kind, what, sizeof what);
    }
    if (rc != 0) {
        jc_response_free(resp);
        jc_own(ctx, terr ? terr : strdup("transport failure"));
        jc_error(ctx, "%s %s: %s", method, path, terr ? terr : "transport failure");
    }
    free(terr);
    own_resp(ctx, resp);
    return resp;
}

const char *jc_base_url(const jc_ctx *ctx, jc_plane plane)
{
    return plane == JC_DATA ? ctx->env->data_url : ctx->env->control_url;
}

jc_response *jc_call_json(jc_ctx *ctx, jc_plane plane, const char *method, const char *path,
                          const char *query, const cJSON *body)
{
    const char *text = NULL;
    if (body) text = jc_own(ctx, cJSON_PrintUnformatted(body));
    return jc_call(ctx, plane, method, path, query, text);
}

/* The encoding formatter behind jc_path and jc_query. */
static const char *encode_fmt(jc_ctx *ctx, const char *fmt, va_list ap)
{
    size_t cap = 256, len = 0;
    char *out = malloc(cap);
    if (!out) harness_oom(ctx);
    out[0] = '\0';
#define PUT(s, n)                                                   \
    do {                                                            \
        size_t n_ = (n);                                            \
        while (len + n_ + 1 > cap) {                                \
            cap *= 2;                                               \
            char *g_ = realloc(out, cap);                           \
            if (!g_) { free(out); harness_oom(ctx); }               \
            out = g_;                                               \
        }                                                           \
        memcpy(out + len, (s), n_);                                 \
        len += n_;                                                  \
        out[len] = '\0';                                            \
    } while (0)
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            PUT(p, 1);
            continue;
        }
        char num[32];
        p++;
        if (*p == '%') {
            PUT("%", 1);
        } else if (*p == 's') {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "";
            char *e = jc_percent_encode(s, strlen(s));
            if (!e) { free(out); harness_oom(ctx); }
            PUT(e, strlen(e));
            free(e);
        } else if (*p == 'd') {
            int n = snprintf(num, sizeof num, "%d", va_arg(ap, int));
            PUT(num, (size_t)n);
        } else if (p[0] == 'l' && p[1] == 'd') {
            p++;
            int n = snprintf(num, sizeof num, "%ld", va_arg(ap, long));
            PUT(num, (size_t)n);
        } else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'd') {
            p += 2;
            int n = snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
            PUT(num, (size_t)n);
        } else {
            free(out);
            jc_error(ctx, "harness: unsupported conversion in path format \"%s\"", fmt);
        }
    }
#undef PUT
    return jc_own(ctx, out);
}

const char *jc_path(jc_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = encode_fmt(ctx, fmt, ap);
    va_end(ap);
    return s;
}

const char *jc_query(jc_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = encode_fmt(ctx, fmt, ap);
    va_end(ap);
    return s;
}

/* ---- checks on responses ----------------------------------------------- */


void jc_block_if_setup_refused(jc_ctx *ctx, const jc_response *resp, int status)
{
    int op = jc_op_of(ctx, resp);
    if (status >= 200 && status < 300 && resp && resp->status >= 400 && resp->status < 500 && op >= 0 &&
        jc_op_declared(ctx) && !jc_op_under_test(ctx, op)) {
        char got[300], msg[300];
        jc_blocked(ctx, jc_shape_operation_name(jc_shape_operation_at((size_t)op)),
                   "a setup call was refused: expected HTTP %d, got %s%s", status, answer_status(resp, got, sizeof got),
                   answer_message(resp, msg, sizeof msg));
    }
}

bool jc_expect_status_(jc_ctx *ctx, const jc_response *resp, int status, const char *file, int line)
{
    if (!resp) jc_error(ctx, "harness: jc_expect_status on a NULL response");
    jc_op_checked(ctx, resp, file);
    if (resp->status >= 200 && resp->status < 300 && !resp->json)
        jc_error(ctx, "HTTP %d with an undecodable body (%s)", resp->status,
                 resp->decode_error ? resp->decode_error : "?");
    if (resp->status == status) return passed(ctx, file, line);
    jc_block_if_setup_refused(ctx, resp, status);
    char got[300], msg[300];
    return jc_check_(ctx, false, file, line, "status", "expected HTTP %d, got %s%s", status,
                     answer_status(resp, got, sizeof got), answer_message(resp, msg, sizeof msg));
}

void jc_require_status_(jc_ctx *ctx, const jc_response *resp, int status, const char *file, int line)
{
    if (!jc_expect_status_(ctx, resp, status, file, line)) jc_end(ctx);
}

bool jc_expect_error_(jc_ctx *ctx, const jc_response *resp, const char *code, int status, const char *file,
                      int line)
{
    if (!resp) jc_error(ctx, "harness: jc_expect_error on a NULL response");
    jc_op_checked(ctx, resp, file);
    bool code_ok = resp->error_code && strcmp(resp->error_code, code) == 0;
    bool ok = code_ok && resp->status == status;
    if (ok) return passed(ctx, file, line);
    char got[300], msg[300];
    return jc_check_(ctx, false, file, line, "error", "expected %s (%d), got %s%s", code, status,
                     answer_status(resp, got, sizeof got), answer_message(resp, msg, sizeof msg));
}

/* The status the service models give each error type (spec/wire-facts.md,
 * "Error shapes"): a listed type is accepted only with its own status.
 * ThrottlingException is 400 in iot and 429 in iot-jobs-data. */
static bool model_status_of(const char *code, int status)
{
    static const struct { const char *code; int status; } table[] = {
        {"InvalidRequestException", 400},        {"ResourceNotFoundException", 404},
        {"LimitExceededException", 410},         {"InvalidStateTransitionException", 409},
        {"VersionConflictException", 409},       {"ResourceAlreadyExistsException", 409},
        {"ConflictException", 409},              {"CertificateValidationException", 400},
        {"TerminalStateException", 410},         {"ServiceUnavailableException", 503},
        {"InternalFailureException", 500},       {"UnauthorizedException", 401},
    };
    if (strcmp(code, "ThrottlingException") == 0) return status == 400 || status == 429;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].code, code) == 0) return table[i].status == status;
    return false;
}

bool jc_expect_error_in_(jc_ctx *ctx, const jc_response *resp, const char *const *codes, const char *file,
                         int line)
{
    if (!resp) jc_error(ctx, "harness: jc_expect_error_in on a NULL response");
    jc_op_checked(ctx, resp, file);
    char want[512] = "";
    size_t p = 0;
    for (size_t i = 0; codes && codes[i]; i++) {
        if (resp->error_code && strcmp(resp->error_code, codes[i]) == 0) {
            if (model_status_of(codes[i], resp->status)) return passed(ctx, file, line);
            return jc_check_(ctx, false, file, line, "error",
                             "%s came with HTTP %d, not the status the model gives it%s", codes[i],
                             resp->status, answer_message(resp, want, sizeof want));
        }
        p += (size_t)snprintf(want + p, p < sizeof want ? sizeof want - p : 0, "%s%s", i ? " | " : "", codes[i]);
        if (p >= sizeof want) p = sizeof want - 1;
    }
    char got[300], msg[300];
    return jc_check_(ctx, false, file, line, "error", "expected one of %s, got %s%s", want,
                     answer_status(resp, got, sizeof got), answer_message(resp, msg, sizeof msg));
}

bool jc_expect_4xx_(jc_ctx *ctx, const jc_response *resp, const char *file, int line)
{
    if (!resp) jc_error(ctx, "harness: jc_expect_4xx on a NULL response");
    jc_op_checked(ctx, resp, file);
    if (resp->status >= 400 && resp->status < 500) return passed(ctx, file, line);
    char got[300], msg[300];
    return jc_check_(ctx, false, file, line, "status", "expected a 4xx error, got %s%s",
                     answer_status(resp, got, sizeof got), answer_message(resp, msg, sizeof msg));
}

/* ---- time ---------------------------------------------------------------- */

bool jc_poll(jc_ctx *ctx, long deadline_ms, long interval_ms, jc_predicate pred, void *arg)
{
    if (deadline_ms <= 0) deadline_ms = (long)(ctx->env->cfg->poll_deadline_s * 1000);
    if (interval_ms <= 0) interval_ms = 100;
    double end = now_ms() + (double)deadline_ms;
    for (;;) {
        if (pred(ctx, arg)) return true;
        if (jc_env_stopped(ctx->env, NULL, 0)) return false;
        double left = end - now_ms();
        if (left <= 0) return false;
        sleep_ms(left < (double)interval_ms ? (long)left + 1 : interval_ms);
    }
}

void jc_advance(jc_ctx *ctx, long ms)
{
    if (ms <= 0) return;
    if (ctx->env->vclock) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "POST", "/_jobsref/clock/advance",
                                 NULL, jc_str(ctx, "{\"ms\":%ld}", ms));
        if (r->status != 200) jc_error(ctx, "advancing the virtual clock failed: HTTP %d", r->status);
    } else if (ctx->env->cfg->slow) {
        sleep_ms(ms);
    } else {
        jc_skip(ctx, "needs a controllable clock or --slow");
    }
}

bool jc_has_admin(const jc_ctx *ctx) { return ctx->env->admin; }
bool jc_has_virtual_clock(const jc_ctx *ctx) { return ctx->env->vclock; }
bool jc_has_data_plane(const jc_ctx *ctx) { return !ctx->env->no_data; }
const jc_config *jc_cfg(const jc_ctx *ctx) { return ctx->env->cfg; }

/* ---- env and ctx ----------------------------------------------------------- */

jc_env *jc_env_new(const jc_env_options *o, char *err, size_t err_len)
{
    jc_env *e = calloc(1, sizeof *e);
    if (!e) goto oom;
    e->cfg = o->cfg;
    e->control_url = strdup(o->control_url);
    e->data_url = strdup(o->data_url ? o->data_url : o->control_url);
    e->prefix = strdup(o->prefix);
    e->embedded = o->embedded;
    e->no_data = e->data_url && strcmp(e->data_url, "none") == 0;
    if (!e->control_url || !e->data_url || !e->prefix) goto oom;
    /* no trailing slash: paths start with one */
    size_t n = strlen(e->control_url);
    while (n && e->control_url[n - 1] == '/') e->control_url[--n] = '\0';
    n = strlen(e->data_url);
    while (n && e->data_url[n - 1] == '/') e->data_url[--n] = '\0';
    pthread_mutex_init(&e->lock, NULL);
    return e;
oom:
    snprintf(err, err_len, "out of memory");
    if (e) {
        free(e->control_url);
        free(e->data_url);
        free(e->prefix);
        free(e);
    }
    return NULL;
}

void jc_env_free(jc_env *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->thing_count; i++) free(e->things[i]);
    for (size_t i = 0; i < e->group_count; i++) free(e->groups[i]);
    for (size_t i = 0; i < e->job_count; i++) free(e->jobs[i]);
    free(e->jobs);
    for (size_t i = 0; i < e->flight_count; i++) free(e->flight[i]);
    free(e->stop_reason);
    free(e->things);
    free(e->groups);
    free(e->control_url);
    free(e->data_url);
    free(e->prefix);
    free(e->arn_prefix);
    pthread_mutex_destroy(&e->lock);
    free(e);
}

const char *jc_env_prefix(const jc_env *env) { return env->prefix; }
bool jc_env_admin(const jc_env *env) { return env->admin; }
bool jc_env_virtual_clock(const jc_env *env) { return env->vclock; }

static void record_name(jc_env *env, char ***arr, size_t *count, const char *name)
{
    pthread_mutex_lock(&env->lock);
    for (size_t i = 0; i < *count; i++)
        if (strcmp((*arr)[i], name) == 0) {
            pthread_mutex_unlock(&env->lock);
            return;
        }
    char **n = realloc(*arr, (*count + 1) * sizeof *n);
    if (n) {
        *arr = n;
        if (((*arr)[*count] = strdup(name)) != NULL) (*count)++;
    }
    pthread_mutex_unlock(&env->lock);
}

void jc_env_record_thing(jc_env *env, const char *name) { record_name(env, &env->things, &env->thing_count, name); }
void jc_env_record_group(jc_env *env, const char *name) { record_name(env, &env->groups, &env->group_count, name); }
void jc_env_record_job(jc_env *env, const char *id) { record_name(env, &env->jobs, &env->job_count, id); }

void jc_env_forget(jc_env *env, char kind, const char *name)
{
    char ***arr = kind == 'j' ? &env->jobs : kind == 't' ? &env->things : &env->groups;
    size_t *count = kind == 'j' ? &env->job_count : kind == 't' ? &env->thing_count : &env->group_count;
    pthread_mutex_lock(&env->lock);
    for (size_t i = 0; i < *count; i++)
        if (strcmp((*arr)[i], name) == 0) {
            free((*arr)[i]);
            (*arr)[i] = (*arr)[--*count];
            break;
        }
    pthread_mutex_unlock(&env->lock);
}

void jc_ctx_made(jc_ctx *ctx, char kind, const char *name)
{
    for (size_t i = 0; i < ctx->made_count; i++)
        if (ctx->made[i][0] == kind && strcmp(ctx->made[i] + 2, name) == 0) return;
    if (ctx->made_count == JC_SCENARIO_MADE_MAX) return; /* the end sweep has it */
    size_t n = strlen(name) + 3;
    char *e = malloc(n);
    if (!e) return;
    snprintf(e, n, "%c:%s", kind, name);
    ctx->made[ctx->made_count++] = e;
}

size_t jc_env_created(jc_env *env, size_t *things, size_t *groups)
{
    pthread_mutex_lock(&env->lock);
    size_t jobs = env->job_count;
    if (things) *things = env->thing_count;
    if (groups) *groups = env->group_count;
    pthread_mutex_unlock(&env->lock);
    return jobs;
}

void jc_env_set_deadline(jc_env *env, double deadline_s) { env->deadline_s = deadline_s; }
void jc_env_watch_signal(jc_env *env, const volatile sig_atomic_t *flag) { env->signal_flag = flag; }

static jc_ctx *ctx_new(jc_env *env, bool cleanup, char *err, size_t err_len);

jc_ctx *jc_ctx_new(jc_env *env, char *err, size_t err_len) { return ctx_new(env, false, err, err_len); }
jc_ctx *jc_ctx_new_cleanup(jc_env *env, char *err, size_t err_len) { return ctx_new(env, true, err, err_len); }

static jc_ctx *ctx_new(jc_env *env, bool cleanup, char *err, size_t err_len)
{
    jc_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    ctx->env = env;
    jc_client_options co = {
        .region = env->cfg->region,
        .access_key = env->cfg->access_key,
        .secret_key = env->cfg->secret_key,
        .session_token = env->cfg->session_token,
        .admin_token = env->cfg->admin_token,
        .timeout_s = env->cfg->timeout_s,
        .ca_bundle = env->cfg->ca_bundle,
        .insecure = env->cfg->insecure,
        .deadline_s = cleanup ? &env->cleanup_deadline_s : &env->deadline_s,
        .abort_flag = cleanup ? NULL : env->signal_flag,
        .scrub = {env->cfg->secret_key, env->cfg->session_token},
    };
    ctx->client = jc_client_new(&co, err, err_len);
    if (!ctx->client) {
        free(ctx);
        return NULL;
    }
    ctx->no_stop = cleanup;
    return ctx;
}

void jc_defer(jc_ctx *ctx, void (*fn)(void *), void *arg)
{
    if (ctx->defer_count == sizeof ctx->defers / sizeof ctx->defers[0]) {
        fn(arg); /* no room: release now rather than leak */
        jc_error(ctx, "more than %zu deferred cleanups in one scenario", ctx->defer_count);
    }
    ctx->defers[ctx->defer_count].fn = fn;
    ctx->defers[ctx->defer_count++].arg = arg;
}

void jc_ctx_release(jc_ctx *ctx)
{
    for (size_t i = 0; i < ctx->ex_count; i++) jc_exchange_clear(&ctx->ex[i]);
    free(ctx->ex);
    ctx->ex = NULL;
    ctx->ex_count = ctx->ex_cap = ctx->ex_bytes = 0;
    for (size_t i = 0; i < ctx->str_count; i++) free(ctx->strs[i]);
    free(ctx->strs);
    ctx->strs = NULL;
    ctx->str_count = ctx->str_cap = 0;
    for (size_t i = 0; i < ctx->resp_count; i++) jc_response_free(ctx->resps[i]);
    free(ctx->resps);
    ctx->resps = NULL;
    ctx->resp_count = ctx->resp_cap = 0;
    ctx->resp_bytes = 0;
}

void jc_ctx_reset(jc_ctx *ctx)
{
    while (ctx->defer_count > 0) {
        ctx->defer_count--;
        ctx->defers[ctx->defer_count].fn(ctx->defers[ctx->defer_count].arg);
    }
    for (size_t i = 0; i < ctx->ex_count; i++) jc_exchange_clear(&ctx->ex[i]);
    free(ctx->ex);
    for (size_t i = 0; i < ctx->str_count; i++) free(ctx->strs[i]);
    free(ctx->strs);
    for (size_t i = 0; i < ctx->resp_count; i++) jc_response_free(ctx->resps[i]);
    free(ctx->resps);
    free(ctx->message);
    free(ctx->blocked_op);
    free(ctx->req_scope);
    for (size_t i = 0; i < ctx->check_count; i++) jc_check_clear(&ctx->checks[i]);
    free(ctx->checks);
    for (size_t i = 0; i < ctx->made_count; i++) free(ctx->made[i]);
    jc_env *env = ctx->env;
    jc_client *client = ctx->client;
    bool cunit = ctx->cunit, no_stop = ctx->no_stop;
    memset(ctx, 0, sizeof *ctx);
    ctx->env = env;
    ctx->client = client;
    ctx->cunit = cunit;
    ctx->no_stop = no_stop;
}

void jc_ctx_free(jc_ctx *ctx)
{
    if (!ctx) return;
    jc_ctx_reset(ctx);
    jc_client_free(ctx->client);
    free(ctx);
}

void jc_print_escaped(FILE *f, const char *prefix, const char *text, size_t len)
{
    bool line_start = true;
    for (size_t i = 0; text && i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (line_start) fputs(prefix, f);
        line_start = false;
        if (c == '\n') {
            fputc('\n', f);
            line_start = true;
        } else if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
            fputc(c, f);
        } else if (c >= 0x80) {
            /* well-formed UTF-8 passes (C1 controls, U+0080..U+009F, do not) */
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
            bool ok = n && i + n <= len && !(c == 0xC2 && (unsigned char)text[i + 1] < 0xA0);
            for (size_t k = 1; ok && k < n; k++) ok = ((unsigned char)text[i + k] & 0xC0) == 0x80;
            if (ok && c <= 0xF4 && c >= 0xC2) {
                fwrite(text + i, 1, n, f);
                i += n - 1;
            } else {
                fprintf(f, "\\x%02X", c);
            }
        } else {
            fprintf(f, "\\x%02X", c);
        }
    }
    if (!line_start) fputc('\n', f);
}

/* The answer seen, for a configuration error: status, type, first bytes. */
static void describe_answer(const jc_response *r, char *buf, size_t len)
{
    char snippet[121];
    size_t n = r->body_len < 120 ? r->body_len : 120, o = 0;
    for (size_t i = 0; i < n && o + 1 < sizeof snippet; i++) {
        unsigned char c = (unsigned char)r->body[i];
        snippet[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    snippet[o] = '\0';
    snprintf(buf, len, "HTTP %d%s%s: %s%s", r->status, r->error_code ? " " : "", r->error_code ? r->error_code : "",
             snippet, r->body_len > 120 ? "..." : "");
}

int jc_env_probe(jc_env *env, char *err, size_t err_len)
{
    jc_ctx *ctx = jc_ctx_new(env, err, err_len);
    if (!ctx) return -1;
    volatile int rc = -1;
    volatile int step = 0;
    char seen[256];
    if (setjmp(ctx->jb) == 0) {
        ctx->jb_active = true;
        /* control plane: ListJobs answers 200 with a JSON object */
        jc_allow_5xx(ctx);
        jc_response *c = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=1", NULL);
        /* still throttled after --max-retries: a Jobs API that is busy, not another server */
        bool busy = jc_client_retryable(c) && c->json;
        if (!busy && (c->status != 200 || !c->json || (!cJSON_IsArray(jc_json_array(c, "jobs")) && c->json->child))) {
            describe_answer(c, seen, sizeof seen);
            snprintf(err, err_len,
                     "%s does not serve the Jobs control plane: ListJobs (GET /jobs?maxResults=1) answered %s",
                     env->control_url, seen);
            rc = -2;
        } else if (env->no_data) {
            rc = 0; /* --data-endpoint none: no data plane to probe */
        } else {
            step = 1;
            /* data plane: GetPendingJobExecutions of a thing that does not
               exist answers 200 {queuedJobs, inProgressJobs} or an error in
               the AWS JSON protocol (404 ResourceNotFoundException; a server
               may get the status or the type wrong: that is for the scenarios
               to judge). The control plane's route of the same path
               (ListJobExecutionsForThing) answers executionSummaries; a web
               server that is no Jobs API answers HTML or nothing typed. */
            const char *thing = jc_str(ctx, "%s-probe-nothing", env->prefix);
            jc_allow_5xx(ctx);
            jc_response *d = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
            char status_text[16];
            snprintf(status_text, sizeof status_text, "%d", d->status);
            bool typed = d->error_code && strcmp(d->error_code, status_text) != 0;
            bool ok = (d->status >= 200 && d->status < 300 && d->json &&
                       !cJSON_GetObjectItem(d->json, "executionSummaries")) ||
                      (d->status >= 400 && d->status < 500 && (d->json || typed));
            if (!ok) {
                describe_answer(d, seen, sizeof seen);
                snprintf(err, err_len,
                         "%s does not serve the Jobs data plane: GetPendingJobExecutions (GET /things/%s/jobs) "
                         "answered %s%s",
                         env->data_url, thing, seen,
                         strcmp(env->data_url, env->control_url) == 0
                             ? " (give the data plane's URL with --data-endpoint)" : "");
                rc = -2;
            } else {
                rc = 0;
            }
        }
    } else {
        snprintf(err, err_len, "%s: %s", step ? env->data_url : env->control_url,
                 ctx->message ? ctx->message : "probe failed");
    }
    ctx->jb_active = false;
    jc_ctx_free(ctx);
    return rc;
}

/* ---- executing a scenario --------------------------------------------------- */

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

void jc_scenario_result_clear(jc_scenario_result *r)
{
    if (!r) return;
    free(r->id);
    free(r->suite);
    free(r->title);
    for (size_t i = 0; i < r->requirement_count; i++) free(r->requirement_ids[i]);
    free(r->requirement_ids);
    free(r->baseline_reason);
    free(r->message);
    free(r->blocked_operation);
    free(r->server_error_operation);
    free(r->ops_under_test);
    free(r->ops_setup);
    free(r->ops_called);
    free(r->ops_succeeded);
    free(r->ops_checked);
    free(r->ops_refused);
    for (size_t i = 0; i < r->check_count; i++) jc_check_clear(&r->checks[i]);
    free(r->checks);
    for (size_t i = 0; i < r->verdict_count; i++) free(r->verdicts[i].requirement);
    free(r->verdicts);
    for (size_t i = 0; i < r->exchange_count; i++) jc_exchange_clear(&r->transcript[i]);
    free(r->transcript);
    memset(r, 0, sizeof *r);
}

void jc_scenario_execute(jc_ctx *ctx, const jc_scenario *sc, const char *suite_name, bool cunit,
                         jc_scenario_result *out)
{
    jc_ctx_reset(ctx);
    ctx->cunit = cunit;
    ctx->sc = sc;
    pthread_mutex_lock(&ctx->env->lock);
    ctx->seq = ++ctx->env->next_seq;
    pthread_mutex_unlock(&ctx->env->lock);

    double t0 = now_ms();
    if (setjmp(ctx->jb) == 0) {
        ctx->jb_active = true;
        if ((sc->needs & JC_NEEDS_ADMIN) && !ctx->env->admin)
            jc_skip(ctx, "needs the jobsref admin routes (a reference-only check)");
        if ((sc->needs & JC_NEEDS_CLOCK) && !ctx->env->vclock && !ctx->env->cfg->slow)
            jc_skip(ctx, "needs a controllable clock or --slow");
        if (!sc->run) jc_error(ctx, "harness: scenario has no run function");
        sc->run(ctx);
    }
    ctx->jb_active = false;
    double t1 = now_ms();
    jc_scenario_cleanup(ctx); /* what it created goes, however it ended (not timed) */
    if (!ctx->skipped) note_transport(ctx->env, (ctx->errored || ctx->blocked) && ctx->broke, (time_t)ctx->broke_at);

    memset(out, 0, sizeof *out);
    out->id = dup_or_null(sc->id);
    out->suite = dup_or_null(suite_name);
    out->title = dup_or_null(sc->title);
    out->requirement_ids = jc_split_list(sc->requirements, &out->requirement_count);
    /* A failed check is evidence even when a later step was blocked. */
    if (ctx->errored) out->status = JC_ERROR;
    else if (ctx->failed) out->status = JC_FAIL;
    else if (ctx->blocked) out->status = JC_BLOCKED;
    else if (ctx->skipped) out->status = JC_SKIP;
    else out->status = JC_PASS;
    out->raw_status = out->status;
    out->duration_ms = t1 - t0;
    out->message = out->status == JC_PASS ? NULL : dup_or_null(ctx->message);
    if (ctx->blocked) {
        out->blocked_operation = ctx->blocked_op;
        ctx->blocked_op = NULL;
    }
    out->ops_under_test = sc->ops && *sc->ops ? strdup(sc->ops) : NULL;
    out->server_error_operation = ctx->errored && ctx->server_error_op ? strdup(ctx->server_error_op) : NULL;
    out->ops_setup = sc->setup_ops && *sc->setup_ops ? strdup(sc->setup_ops) : NULL;
    out->ops_called = jc_op_names(ctx->ops_called);
    out->ops_succeeded = jc_op_names(ctx->ops_ok);
    out->ops_checked = jc_op_names(ctx->ops_checked);
    out->ops_refused = jc_op_names(ctx->ops_refused);
    out->checks = ctx->checks;
    out->check_count = ctx->check_count;
    out->checks_omitted = ctx->checks_omitted;
    ctx->checks = NULL;
    ctx->check_count = ctx->check_cap = 0;
    out->transcript = ctx->ex;
    out->exchange_count = ctx->ex_count;
    ctx->ex = NULL;
    ctx->ex_count = ctx->ex_cap = 0;
    jc_ctx_reset(ctx);
    /* The context outlives the CUnit run (the end sweep reuses it), and
       reporting into CUnit outside a running test aborts. */
    ctx->cunit = false;
}
