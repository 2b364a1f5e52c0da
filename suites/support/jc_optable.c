/* The operation table: every exchange of every scenario is counted against
 * its operation by the kind of answer it got (jc_results.h, jc_op_row), so a
 * report can say what the server implements. Rows live in the jc_env, under
 * its lock (workers of --jobs N record at the same time). */
#include "jc_internal.h"
#include "jc_shapes.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The error types a Jobs API server (or the AWS front of one) answers with:
   a 404/405 carrying none of these is no route to the operation. */
static bool jobs_error_type(const char *code)
{
    static const char *const known[] = {
        "InvalidRequestException", "ResourceNotFoundException", "LimitExceededException",
        "InvalidStateTransitionException", "VersionConflictException", "ResourceAlreadyExistsException",
        "ConflictException", "CertificateValidationException", "TerminalStateException",
        "ServiceUnavailableException", "InternalFailureException", "InternalServerException",
        "UnauthorizedException", "ThrottlingException", "ServiceQuotaExceededException", "ValidationException",
        "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
        "IncompleteSignatureException", "MissingAuthenticationTokenException", "ExpiredTokenException",
        "InvalidClientTokenId", "SignatureDoesNotMatch", "ForbiddenException", "NotFoundException",
    };
    for (size_t i = 0; code && i < sizeof known / sizeof known[0]; i++)
        if (strcmp(code, known[i]) == 0) return true;
    return false;
}

static bool looks_html(const jc_response *r)
{
    const char *b = r->body ? r->body : "";
    size_t i = 0;
    while (i < r->body_len && isspace((unsigned char)b[i])) i++;
    if (i < r->body_len && b[i] == '<') return true;
    char ct[128];
    return jc_header_find(r->headers, r->headers ? strlen(r->headers) : 0, "content-type", ct, sizeof ct) &&
           strcasestr(ct, "html") != NULL;
}

static jc_answer_kind classify(const jc_response *r, char *what, size_t len)
{
    if (!r || r->status == 0) {
        snprintf(what, len, "no answer");
        return JC_ANS_TRANSPORT;
    }
    char status_text[16];
    snprintf(status_text, sizeof status_text, "%d", r->status);
    bool typed = r->error_code && strcmp(r->error_code, status_text) != 0;
    bool json = r->json != NULL;
    bool html = !json && looks_html(r);
    const char *body_kind = html ? " HTML" : json ? "" : r->body_len ? " not JSON" : "";
    if (r->status >= 200 && r->status < 300) {
        if (json) return JC_ANS_OK;
        snprintf(what, len, "%d%s", r->status, body_kind);
        return JC_ANS_NOT_JSON;
    }
    if (r->status >= 500) {
        snprintf(what, len, "%d%s%s%s", r->status, typed ? " " : "", typed ? r->error_code : "", body_kind);
        return JC_ANS_5XX;
    }
    if ((r->status == 404 || r->status == 405) && !(typed && jobs_error_type(r->error_code))) {
        snprintf(what, len, "%d no route%s", r->status, body_kind);
        return JC_ANS_NO_ROUTE;
    }
    if (!json && r->body_len) {
        snprintf(what, len, "%d%s", r->status, body_kind);
        return JC_ANS_NOT_JSON;
    }
    if (typed && r->status >= 400 && r->status < 500) {
        snprintf(what, len, "%d %.80s", r->status, r->error_code);
        return JC_ANS_TYPED_4XX;
    }
    snprintf(what, len, "%d without an error type", r->status);
    return JC_ANS_OTHER_4XX;
}

int jc_op_note(jc_ctx *ctx, int plane, const char *method, const char *path, const jc_response *resp,
               jc_answer_kind *kind, char *what, size_t what_len)
{
    what[0] = '\0';
    *kind = classify(resp, what, what_len);
    const jc_operation *op = jc_shape_operation(plane, method, path);
    if (!op) return -1;
    size_t i = jc_shape_operation_index(op);
    if (i >= JC_MAX_OPS) return -1;
    jc_env *env = ctx->env;
    pthread_mutex_lock(&env->lock);
    jc_op_stat *st = &env->ops[i];
    st->calls++;
    switch (*kind) {
    case JC_ANS_OK: st->ok++; break;
    case JC_ANS_TYPED_4XX: st->typed_4xx++; break;
    case JC_ANS_OTHER_4XX: st->other_4xx++; break;
    case JC_ANS_5XX: st->server_5xx++; break;
    case JC_ANS_NOT_JSON: st->not_json++; break;
    case JC_ANS_NO_ROUTE: st->no_route++; break;
    case JC_ANS_TRANSPORT: st->transport++; break;
    }
    if (*kind != JC_ANS_OK) {
        size_t k = 0;
        while (k < JC_OP_ANSWERS && st->answers[k].n && strcmp(st->answers[k].what, what) != 0) k++;
        if (k == JC_OP_ANSWERS) {
            st->answers_other++;
        } else {
            if (!st->answers[k].n) snprintf(st->answers[k].what, sizeof st->answers[k].what, "%s", what);
            st->answers[k].n++;
        }
    }
    pthread_mutex_unlock(&env->lock);
    ctx->ops_called |= (uint64_t)1 << i;
    if (*kind == JC_ANS_OK) ctx->ops_ok |= (uint64_t)1 << i;
    else ctx->ops_refused |= (uint64_t)1 << i;
    if (resp) {
        unsigned slot = ctx->recent_next++ % (sizeof ctx->recent / sizeof ctx->recent[0]);
        ctx->recent[slot].resp = resp;
        ctx->recent[slot].op = (int)i;
    }
    return (int)i;
}

int jc_op_of(const jc_ctx *ctx, const jc_response *resp)
{
    /* newest first: a freed response's address may come back */
    size_t cap = sizeof ctx->recent / sizeof ctx->recent[0];
    for (size_t k = 1; resp && k <= cap && k <= ctx->recent_next; k++) {
        size_t slot = (ctx->recent_next - k) % cap;
        if (ctx->recent[slot].resp == resp) return ctx->recent[slot].op;
    }
    return -1;
}

bool jc_op_declared(const jc_ctx *ctx) { return ctx->sc && ctx->sc->ops; }

void jc_op_checked(jc_ctx *ctx, const jc_response *resp, const char *file)
{
    int op = jc_op_of(ctx, resp);
    if (op >= 0 && file && !strstr(file, "/support/")) ctx->ops_checked |= (uint64_t)1 << op;
}

bool jc_op_under_test(const jc_ctx *ctx, int op)
{
    const jc_operation *o = jc_shape_operation_at((size_t)op);
    return !jc_op_declared(ctx) || (o && jc_list_has(ctx->sc->ops, jc_shape_operation_name(o)));
}

char *jc_op_names(uint64_t mask)
{
    size_t cap = 1;
    for (size_t i = 0; i < jc_shape_operation_count() && i < JC_MAX_OPS; i++)
        if (mask & ((uint64_t)1 << i)) cap += strlen(jc_shape_operation_name(jc_shape_operation_at(i))) + 1;
    if (cap == 1) return NULL;
    char *s = calloc(1, cap);
    if (!s) return NULL;
    for (size_t i = 0; i < jc_shape_operation_count() && i < JC_MAX_OPS; i++)
        if (mask & ((uint64_t)1 << i)) {
            if (*s) strcat(s, ",");
            strcat(s, jc_shape_operation_name(jc_shape_operation_at(i)));
        }
    return s;
}

/* Orders kept answers, most frequent first. */
static int by_count(const void *a, const void *b)
{
    size_t na = ((const size_t *)a)[0], nb = ((const size_t *)b)[0];
    return na < nb ? 1 : na > nb ? -1 : 0;
}

jc_op_row *jc_env_operation_rows(jc_env *env, size_t *count)
{
    size_t n = jc_shape_operation_count();
    if (n > JC_MAX_OPS) n = JC_MAX_OPS;
    *count = 0;
    jc_op_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) return NULL;
    pthread_mutex_lock(&env->lock);
    for (size_t i = 0; i < n; i++) {
        const jc_op_stat *st = &env->ops[i];
        const jc_operation *op = jc_shape_operation_at(i);
        jc_op_row *r = &rows[i];
        r->operation = strdup(jc_shape_operation_name(op));
        r->data_plane = jc_shape_operation_plane(op) == 1;
        r->calls = st->calls;
        r->ok = st->ok;
        r->typed_4xx = st->typed_4xx;
        r->other_4xx = st->other_4xx;
        r->server_5xx = st->server_5xx;
        r->not_json = st->not_json;
        r->no_route = st->no_route;
        r->transport = st->transport;
        struct answer_order { size_t n, k; } order[JC_OP_ANSWERS];
        size_t m = 0;
        for (size_t k = 0; k < JC_OP_ANSWERS && st->answers[k].n; k++)
            order[m++] = (struct answer_order){st->answers[k].n, k};
        qsort(order, m, sizeof order[0], by_count);
        char buf[1024] = "";
        size_t o = 0;
        for (size_t j = 0; j < m && o < sizeof buf; j++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%zu x %s", j ? "; " : "", order[j].n,
                                  st->answers[order[j].k].what);
        if (st->answers_other && o < sizeof buf)
            snprintf(buf + o, sizeof buf - o, "; %zu other answers", st->answers_other);
        r->answers = buf[0] ? strdup(buf) : NULL;
    }
    pthread_mutex_unlock(&env->lock);
    *count = n;
    return rows;
}

bool jc_env_operation_ok(jc_env *env, const char *operation)
{
    bool ok = false;
    pthread_mutex_lock(&env->lock);
    for (size_t i = 0; i < jc_shape_operation_count() && i < JC_MAX_OPS; i++)
        if (strcmp(jc_shape_operation_name(jc_shape_operation_at(i)), operation) == 0) ok = env->ops[i].ok > 0;
    pthread_mutex_unlock(&env->lock);
    return ok;
}
