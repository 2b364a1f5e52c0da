/* Scenario framework: see jc_scenario.h and suites/README.md. */
#include "jc_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <CUnit/CUnit.h>

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

bool jc_check_(jc_ctx *ctx, bool ok, const char *file, int line, const char *expr, const char *fmt, ...)
{
    if (ok) return true;
    va_list ap;
    va_start(ap, fmt);
    char *m = vfmt(fmt, ap);
    va_end(ap);
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    char *full = NULL;
    size_t n = strlen(base) + (m ? strlen(m) : 0) + strlen(expr) + 64;
    full = malloc(n);
    if (full) snprintf(full, n, "%s:%d: %s (check: %s)", base, line, m ? m : "", expr);
    ctx->failed = true;
    add_message(ctx, "FAIL: ", full ? full : "check failed");
    cunit_report(ctx, file, line, full ? full : "check failed");
    free(full);
    free(m);
    return false;
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
    char *m = vfmt(fmt, ap);
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

static void record_exchange(jc_ctx *ctx, jc_exchange *ex)
{
    if (ctx->ex_count >= JC_MAX_TRANSCRIPT) {
        if (!ctx->ex_truncated) jc_note(ctx, "transcript truncated after %d exchanges", JC_MAX_TRANSCRIPT);
        ctx->ex_truncated = true;
        jc_exchange_clear(ex);
        return;
    }
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

jc_response *jc_call(jc_ctx *ctx, jc_plane plane, const char *method, const char *path,
                     const char *query, const char *body)
{
    const jc_config *cfg = ctx->env->cfg;
    const char *base = plane == JC_DATA ? ctx->env->data_url : ctx->env->control_url;
    const char *signing = plane == JC_DATA ? cfg->data_signing_name : cfg->signing_name;
    const char *url = jc_str(ctx, "%s%s%s%s", base, path ? path : "/", query && *query ? "?" : "",
                             query && *query ? query : "");
    jc_exchange ex;
    jc_response *resp = NULL;
    int rc = jc_client_call(ctx->client, method, url, signing, body, &ex, &resp);
    char *terr = ex.transport_error ? strdup(ex.transport_error) : NULL;
    record_exchange(ctx, &ex);
    bool allow = ctx->allow_5xx;
    ctx->allow_5xx = false;
    if (rc != 0) {
        jc_response_free(resp);
        jc_own(ctx, terr ? terr : strdup("transport failure"));
        jc_error(ctx, "%s %s: %s", method, path, terr ? terr : "transport failure");
    }
    free(terr);
    own_resp(ctx, resp);
    if (resp->status >= 500 && !allow) {
        /* With no type on the wire, the code read as AWS clients do is the
           status itself: name it only when the server sent one. */
        char status_text[16];
        snprintf(status_text, sizeof status_text, "%d", resp->status);
        bool typed = resp->error_code && strcmp(resp->error_code, status_text) != 0;
        jc_error(ctx, "%s %s: unexpected HTTP %d%s%s%s: %.200s", method, path, resp->status, typed ? " (" : "",
                 typed ? resp->error_code : "", typed ? ")" : "", resp->message ? resp->message : "");
    }
    return resp;
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

static const char *first_line(const jc_response *r)
{
    return r && r->message ? r->message : "";
}

bool jc_expect_status_(jc_ctx *ctx, const jc_response *resp, int status, const char *file, int line)
{
    if (!resp) jc_error(ctx, "harness: jc_expect_status on a NULL response");
    if (resp->status >= 200 && resp->status < 300 && !resp->json)
        jc_error(ctx, "HTTP %d with an undecodable body (%s)", resp->status,
                 resp->decode_error ? resp->decode_error : "?");
    if (resp->status == status) return true;
    return jc_check_(ctx, false, file, line, "status", "expected HTTP %d, got %d %s: %.300s",
                     status, resp->status, resp->error_code ? resp->error_code : "", first_line(resp));
}

void jc_require_status_(jc_ctx *ctx, const jc_response *resp, int status, const char *file, int line)
{
    if (!jc_expect_status_(ctx, resp, status, file, line)) jc_end(ctx);
}

bool jc_expect_error_(jc_ctx *ctx, const jc_response *resp, const char *code, int status, const char *file,
                      int line)
{
    if (!resp) jc_error(ctx, "harness: jc_expect_error on a NULL response");
    bool code_ok = resp->error_code && strcmp(resp->error_code, code) == 0;
    bool ok = code_ok && resp->status == status;
    if (ok) return true;
    return jc_check_(ctx, false, file, line, "error", "expected %s (%d), got HTTP %d %s: %.300s",
                     code, status, resp->status, resp->error_code ? resp->error_code : "(success)",
                     first_line(resp));
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
    char want[512] = "";
    size_t p = 0;
    for (size_t i = 0; codes && codes[i]; i++) {
        if (resp->error_code && strcmp(resp->error_code, codes[i]) == 0) {
            if (model_status_of(codes[i], resp->status)) return true;
            return jc_check_(ctx, false, file, line, "error",
                             "%s came with HTTP %d, not the status the model gives it: %.300s", codes[i],
                             resp->status, first_line(resp));
        }
        p += (size_t)snprintf(want + p, p < sizeof want ? sizeof want - p : 0, "%s%s", i ? " | " : "", codes[i]);
        if (p >= sizeof want) p = sizeof want - 1;
    }
    return jc_check_(ctx, false, file, line, "error", "expected one of %s, got HTTP %d %s: %.300s",
                     want, resp->status, resp->error_code ? resp->error_code : "(success)", first_line(resp));
}

bool jc_expect_4xx_(jc_ctx *ctx, const jc_response *resp, const char *file, int line)
{
    if (!resp) jc_error(ctx, "harness: jc_expect_4xx on a NULL response");
    if (resp->status >= 400 && resp->status < 500) return true;
    return jc_check_(ctx, false, file, line, "status", "expected a 4xx error, got HTTP %d: %.300s",
                     resp->status, first_line(resp));
}

/* ---- time ---------------------------------------------------------------- */

bool jc_poll(jc_ctx *ctx, long deadline_ms, long interval_ms, jc_predicate pred, void *arg)
{
    if (deadline_ms <= 0) deadline_ms = (long)(ctx->env->cfg->poll_deadline_s * 1000);
    if (interval_ms <= 0) interval_ms = 100;
    double end = now_ms() + (double)deadline_ms;
    for (;;) {
        if (pred(ctx, arg)) return true;
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
    char **n = realloc(*arr, (*count + 1) * sizeof *n);
    if (n) {
        *arr = n;
        if (((*arr)[*count] = strdup(name)) != NULL) (*count)++;
    }
    pthread_mutex_unlock(&env->lock);
}

void jc_env_record_thing(jc_env *env, const char *name) { record_name(env, &env->things, &env->thing_count, name); }
void jc_env_record_group(jc_env *env, const char *name) { record_name(env, &env->groups, &env->group_count, name); }

jc_ctx *jc_ctx_new(jc_env *env, char *err, size_t err_len)
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
        .timeout_s = env->cfg->timeout_s,
    };
    ctx->client = jc_client_new(&co, err, err_len);
    if (!ctx->client) {
        free(ctx);
        return NULL;
    }
    return ctx;
}

void jc_ctx_reset(jc_ctx *ctx)
{
    for (size_t i = 0; i < ctx->ex_count; i++) jc_exchange_clear(&ctx->ex[i]);
    free(ctx->ex);
    for (size_t i = 0; i < ctx->str_count; i++) free(ctx->strs[i]);
    free(ctx->strs);
    for (size_t i = 0; i < ctx->resp_count; i++) jc_response_free(ctx->resps[i]);
    free(ctx->resps);
    free(ctx->message);
    jc_env *env = ctx->env;
    jc_client *client = ctx->client;
    bool cunit = ctx->cunit;
    memset(ctx, 0, sizeof *ctx);
    ctx->env = env;
    ctx->client = client;
    ctx->cunit = cunit;
}

void jc_ctx_free(jc_ctx *ctx)
{
    if (!ctx) return;
    jc_ctx_reset(ctx);
    jc_client_free(ctx->client);
    free(ctx);
}

int jc_env_probe(jc_env *env, char *err, size_t err_len)
{
    jc_ctx *ctx = jc_ctx_new(env, err, err_len);
    if (!ctx) return -1;
    int rc = -1;
    if (setjmp(ctx->jb) == 0) {
        ctx->jb_active = true;
        jc_allow_5xx(ctx);
        jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=1", NULL);
        rc = 0;
    } else {
        snprintf(err, err_len, "%s", ctx->message ? ctx->message : "probe failed");
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

    memset(out, 0, sizeof *out);
    out->id = dup_or_null(sc->id);
    out->suite = dup_or_null(suite_name);
    out->title = dup_or_null(sc->title);
    out->requirement_ids = jc_split_list(sc->requirements, &out->requirement_count);
    if (ctx->errored) out->status = JC_ERROR;
    else if (ctx->failed) out->status = JC_FAIL;
    else if (ctx->skipped) out->status = JC_SKIP;
    else out->status = JC_PASS;
    out->raw_status = out->status;
    out->duration_ms = t1 - t0;
    out->message = out->status == JC_PASS ? NULL : dup_or_null(ctx->message);
    out->transcript = ctx->ex;
    out->exchange_count = ctx->ex_count;
    ctx->ex = NULL;
    ctx->ex_count = ctx->ex_cap = 0;
    jc_ctx_reset(ctx);
    /* The context outlives the CUnit run (the end sweep reuses it), and
       reporting into CUnit outside a running test aborts. */
    ctx->cunit = false;
}
