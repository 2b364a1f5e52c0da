/* The comparison table of `jobsconf fuzz` (printed in docs/fuzzing.md).
 *
 * Normalization, applied to both answers alike:
 *   dropped      nextToken (opaque; walks follow each side's own tokens),
 *                message (free text), thingId, thingGroupId (generated ids)
 *   time         createdAt, lastUpdatedAt, completedAt, queuedAt, startedAt,
 *                creationDate, lastModifiedDate: replaced by "<time>" after a
 *                sanity check (a JSON number; lastUpdatedAt >= createdAt;
 *                startedAt >= queuedAt), WIRE-009 / LC-009
 *   durations    approximateSecondsBeforeTimedOut: exact when the two clocks
 *                are in step, else "<number>"
 *   arrays       sorted: compared as sets (no output list of these
 *                operations has an order the model or the seed specifies)
 *   objects      members sorted by name
 *   exact        everything else: statuses, error types, ids, ARNs (the
 *                model uses the endpoint's account and region), counters,
 *                versionNumber, executionNumber, configs, documents
 *
 * Verdicts: status and error type (as a client reads it) must be equal, and
 * for successes the normalized bodies. A difference is a NOTE, not a
 * divergence, when a MAY or [R] requirement of the catalogue allows both
 * answers (RULES below); any other difference is a DIVERGENCE naming the
 * requirement it breaks. */
#include "jc_fuzz_compare.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const DROPPED[] = {"nextToken", "message", "thingId", "thingGroupId", NULL};
static const char *const TIMES[] = {"createdAt", "lastUpdatedAt", "completedAt", "queuedAt",
                                    "startedAt", "creationDate", "lastModifiedDate", NULL};
static const char *const DURATIONS[] = {"approximateSecondsBeforeTimedOut", NULL};

static bool in(const char *const *list, const char *s)
{
    for (size_t i = 0; s && list[i]; i++)
        if (strcmp(list[i], s) == 0) return true;
    return false;
}

static void sanity_note(char *sanity, size_t n, const char *fmt, const char *a, const char *b)
{
    if (sanity && n && !sanity[0]) snprintf(sanity, n, fmt, a, b);
}

static int cmp_json_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static cJSON *norm(const cJSON *v, bool clock, char *sanity, size_t sn);

static cJSON *norm_object(const cJSON *o, bool clock, char *sanity, size_t sn)
{
    /* time order checks within one object */
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "createdAt");
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(o, "lastUpdatedAt");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(o, "queuedAt");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "startedAt");
    if (cJSON_IsNumber(c) && cJSON_IsNumber(u) && u->valuedouble < c->valuedouble)
        sanity_note(sanity, sn, "%s before %s", "lastUpdatedAt", "createdAt");
    if (cJSON_IsNumber(q) && cJSON_IsNumber(st) && st->valuedouble < q->valuedouble)
        sanity_note(sanity, sn, "%s before %s", "startedAt", "queuedAt");
    size_t n = (size_t)cJSON_GetArraySize(o), k = 0;
    const cJSON **items = calloc(n ? n : 1, sizeof *items);
    if (!items) return NULL;
    for (const cJSON *it = o->child; it; it = it->next) items[k++] = it;
    /* insertion sort by name: objects are small */
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && strcmp(items[j - 1]->string, items[j]->string) > 0; j--) {
            const cJSON *t = items[j];
            items[j] = items[j - 1];
            items[j - 1] = t;
        }
    cJSON *out = cJSON_CreateObject();
    for (size_t i = 0; out && i < k; i++) {
        const cJSON *it = items[i];
        const char *name = it->string;
        if (in(DROPPED, name)) continue;
        if (in(TIMES, name)) {
            if (!cJSON_IsNumber(it) || it->valuedouble <= 0 || !isfinite(it->valuedouble))
                sanity_note(sanity, sn, "%s is not a positive number%s", name, "");
            cJSON_AddStringToObject(out, name, "<time>");
            continue;
        }
        if (!clock && in(DURATIONS, name)) {
            cJSON_AddStringToObject(out, name, cJSON_IsNumber(it) ? "<number>" : "<not a number>");
            continue;
        }
        cJSON_AddItemToObject(out, name, norm(it, clock, sanity, sn));
    }
    free(items);
    return out;
}

static cJSON *norm_array(const cJSON *a, bool clock, char *sanity, size_t sn)
{
    size_t n = (size_t)cJSON_GetArraySize(a), k = 0;
    char **texts = calloc(n ? n : 1, sizeof *texts);
    if (!texts) return NULL;
    for (const cJSON *it = a->child; it; it = it->next) {
        cJSON *x = norm(it, clock, sanity, sn);
        texts[k++] = x ? cJSON_PrintUnformatted(x) : NULL;
        cJSON_Delete(x);
    }
    for (size_t i = 0; i < k; i++)
        if (!texts[i]) texts[i] = strdup("null");
    qsort(texts, k, sizeof *texts, cmp_json_text);
    cJSON *out = cJSON_CreateArray();
    for (size_t i = 0; i < k; i++) {
        if (out) cJSON_AddItemToArray(out, cJSON_Parse(texts[i]));
        free(texts[i]);
    }
    free(texts);
    return out;
}

static cJSON *norm(const cJSON *v, bool clock, char *sanity, size_t sn)
{
    if (cJSON_IsObject(v)) return norm_object(v, clock, sanity, sn);
    if (cJSON_IsArray(v)) return norm_array(v, clock, sanity, sn);
    return cJSON_Duplicate(v, true);
}

cJSON *jc_fz_normalize(const cJSON *body, bool clock, char *sanity, size_t sanity_len)
{
    if (sanity && sanity_len) sanity[0] = '\0';
    return body ? norm(body, clock, sanity, sanity_len) : NULL;
}

/* Members the model sends that the API model marks optional and no
 * requirement of the catalogue asks for: compared only when both sides
 * send them. */
static const char *const OPTIONAL_MEMBERS[] = {"isConcurrent", NULL};

static void drop_unpaired(cJSON *a, cJSON *b)
{
    if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
        for (size_t i = 0; OPTIONAL_MEMBERS[i]; i++) {
            bool ia = cJSON_HasObjectItem(a, OPTIONAL_MEMBERS[i]), ib = cJSON_HasObjectItem(b, OPTIONAL_MEMBERS[i]);
            if (ia && !ib) cJSON_DeleteItemFromObjectCaseSensitive(a, OPTIONAL_MEMBERS[i]);
            if (ib && !ia) cJSON_DeleteItemFromObjectCaseSensitive(b, OPTIONAL_MEMBERS[i]);
        }
        for (cJSON *it = a->child; it; it = it->next) drop_unpaired(it, cJSON_GetObjectItemCaseSensitive(b, it->string));
    } else if (cJSON_IsArray(a) && cJSON_IsArray(b) && cJSON_GetArraySize(a) == cJSON_GetArraySize(b)) {
        for (cJSON *x = a->child, *y = b->child; x && y; x = x->next, y = y->next) drop_unpaired(x, y);
    }
}

/* Every place (up to `max`) where two normalized values differ, as dotted
 * paths joined by "; ". Returns the number of differences found. */
static bool g_other; /* all_diffs saw a difference outside jobProcessDetails (single-threaded) */

static void note_path(const char *path, const char *member)
{
    if (!strstr(path, "jobProcessDetails") && !(member && strstr(member, "jobProcessDetails"))) g_other = true;
}

static int all_diffs(const cJSON *a, const cJSON *b, char *path, size_t pn, char *out, size_t on, int count)
{
    if (cJSON_Compare(a, b, true)) return count;
    size_t used = strlen(path);
    if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
        for (const cJSON *it = a->child; it; it = it->next) {
            const cJSON *o = cJSON_GetObjectItemCaseSensitive(b, it->string);
            snprintf(path + used, pn - used, "%s%s", used ? "." : "", it->string);
            if (!o) {
                strncat(path, " (missing on the endpoint)", pn - strlen(path) - 1);
                note_path(path, NULL);
                if (count < 4) snprintf(out + strlen(out), on - strlen(out), "%s%s", count ? "; " : "", path);
                count++;
            } else {
                count = all_diffs(it, o, path, pn, out, on, count);
            }
            path[used] = '\0';
        }
        for (const cJSON *it = b->child; it; it = it->next)
            if (!cJSON_GetObjectItemCaseSensitive(a, it->string)) {
                note_path(path, it->string);
                if (count < 4)
                    snprintf(out + strlen(out), on - strlen(out), "%s%s%s%s (only on the endpoint)", count ? "; " : "",
                             path, used ? "." : "", it->string);
                count++;
            }
        return count;
    }
    if (cJSON_IsArray(a) && cJSON_IsArray(b) && cJSON_GetArraySize(a) == cJSON_GetArraySize(b)) {
        int i = 0;
        for (const cJSON *x = a->child, *y = b->child; x && y; x = x->next, y = y->next, i++) {
            snprintf(path + used, pn - used, "[%d]", i);
            count = all_diffs(x, y, path, pn, out, on, count);
            path[used] = '\0';
        }
        return count;
    }
    note_path(path, NULL);
    if (count < 4) {
        if (cJSON_IsArray(a) && cJSON_IsArray(b))
            snprintf(out + strlen(out), on - strlen(out), "%s%s (%d items expected, %d on the endpoint)",
                     count ? "; " : "", used ? path : "(the list)", cJSON_GetArraySize(a), cJSON_GetArraySize(b));
        else
            snprintf(out + strlen(out), on - strlen(out), "%s%s", count ? "; " : "", used ? path : "(the whole body)");
    }
    return count + 1;
}

/* ---- the requirement each comparison rests on ----------------------------- */

const char *jc_fz_success_requirement(jr_op op)
{
    switch (op) {
    case JR_OP_CREATE_JOB: return "CJ-001";
    case JR_OP_DESCRIBE_JOB: return "DJ-001";
    case JR_OP_GET_JOB_DOCUMENT: return "GD-001";
    case JR_OP_LIST_JOBS: return "LJ-001";
    case JR_OP_UPDATE_JOB: return "UJ-001";
    case JR_OP_ASSOCIATE_TARGETS_WITH_JOB: return "AT-001";
    case JR_OP_CANCEL_JOB: return "CN-001";
    case JR_OP_DELETE_JOB: return "DL-001";
    case JR_OP_CANCEL_JOB_EXECUTION: return "CE-001";
    case JR_OP_DELETE_JOB_EXECUTION: return "DE-001";
    case JR_OP_DESCRIBE_JOB_EXECUTION: return "DX-001";
    case JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB: return "LX-001";
    case JR_OP_LIST_JOB_EXECUTIONS_FOR_THING: return "LX-002";
    case JR_OP_CREATE_THING:
    case JR_OP_CREATE_THING_GROUP: return "RG-001";
    case JR_OP_ADD_THING_TO_THING_GROUP:
    case JR_OP_REMOVE_THING_FROM_THING_GROUP:
    case JR_OP_LIST_THINGS_IN_THING_GROUP: return "RG-002";
    case JR_OP_DESCRIBE_THING:
    case JR_OP_DESCRIBE_THING_GROUP: return "RG-003";
    case JR_OP_DELETE_THING:
    case JR_OP_DELETE_THING_GROUP: return "RG-004";
    case JR_OP_GET_PENDING_JOB_EXECUTIONS: return "DP-001";
    case JR_OP_START_NEXT_PENDING_JOB_EXECUTION: return "DP-002";
    case JR_OP_DATA_DESCRIBE_JOB_EXECUTION: return "DP-004";
    case JR_OP_UPDATE_JOB_EXECUTION: return "DP-005";
    default: return "WIRE-005";
    }
}

static bool step_timeout_invalid(const jr_request *r)
{
    return r->step_timeout_minutes.present && r->step_timeout_minutes.value != -1 &&
           (r->step_timeout_minutes.value < JR_TIMEOUT_MINUTES_MIN || r->step_timeout_minutes.value > JR_TIMEOUT_MINUTES_MAX);
}

/* The constraint an InvalidRequestException is about, read off the request
 * (the wire error names no member). NULL when none of these applies. */
static const char *limit_requirement(const jr_request *r)
{
    if (r->job_id && strlen(r->job_id) > JR_JOB_ID_MAX) return "CJ-002";
    if (r->document && strlen(r->document) > JR_DOCUMENT_MAX) return "CJ-007";
    if (r->max_results.present && (r->max_results.value < JR_MAX_RESULTS_MIN || r->max_results.value > JR_MAX_RESULTS_MAX))
        return "PG-001";
    if (step_timeout_invalid(r)) return "TM-004";
    const jr_opt_i64 *t = &r->timeout_config.in_progress_timeout_minutes;
    if (r->timeout_config.present && t->present && (t->value < JR_TIMEOUT_MINUTES_MIN || t->value > JR_TIMEOUT_MINUTES_MAX))
        return "CJ-019";
    const jr_opt_i64 *e = &r->presigned_url_config.expires_in_sec;
    if (r->presigned_url_config.present && e->present && (e->value < JR_EXPIRES_IN_SEC_MIN || e->value > JR_EXPIRES_IN_SEC_MAX))
        return "CJ-014";
    for (size_t i = 0; r->abort_config.present && i < r->abort_config.count; i++) {
        if (r->abort_config.criteria[i].threshold_percentage > 100) return "CJ-017";
        if (r->abort_config.criteria[i].min_number_of_executed_things < 1) return "CJ-018";
    }
    for (size_t i = 0; i < r->targets.count; i++)
        if (strstr(r->targets.items[i], "nosuchthing")) return r->op == JR_OP_CREATE_JOB ? "CJ-010" : "AT-001";
    return NULL;
}

/* The requirement behind an error the model gives. */
static const char *error_requirement(const jc_fz_context *c, const char *type)
{
    jr_op op = c->op;
    if (!type) return jc_fz_success_requirement(op);
    if (strcmp(type, "ResourceNotFoundException") == 0) {
        if (op == JR_OP_DESCRIBE_THING || op == JR_OP_DESCRIBE_THING_GROUP || op == JR_OP_ADD_THING_TO_THING_GROUP)
            return "RG-003";
        if (op == JR_OP_DESCRIBE_JOB_EXECUTION && c->req->execution_number.present) return "DX-003";
        return "WIRE-012";
    }
    if (strcmp(type, "ResourceAlreadyExistsException") == 0) return "CJ-004";
    if (strcmp(type, "VersionConflictException") == 0)
        return op == JR_OP_CANCEL_JOB_EXECUTION ? "CE-005" : "DP-012";
    if (strcmp(type, "LimitExceededException") == 0) return op == JR_OP_DELETE_JOB ? "DL-008" : "AT-004";
    if (strcmp(type, "InvalidRequestException") == 0 && limit_requirement(c->req)) return limit_requirement(c->req);
    if (strcmp(type, "InvalidStateTransitionException") == 0 || strcmp(type, "InvalidRequestException") == 0) {
        switch (op) {
        case JR_OP_DELETE_JOB:
            return c->job_exists && c->job_status == JR_JOB_DELETION_IN_PROGRESS ? "DL-006" : "DL-002";
        case JR_OP_CANCEL_JOB:
            return c->job_exists && c->job_status == JR_JOB_DELETION_IN_PROGRESS ? "CN-009" : "CN-001";
        case JR_OP_CANCEL_JOB_EXECUTION:
            return c->exec_exists && jr_exec_status_is_terminal(c->exec_status) ? "CE-004" : "CE-002";
        case JR_OP_DELETE_JOB_EXECUTION: return "DE-002";
        case JR_OP_UPDATE_JOB_EXECUTION:
            if (c->version_mismatch) return "DP-012";
            if (c->req->has_exec_status && (c->req->exec_status == JR_EXEC_QUEUED || c->req->exec_status == JR_EXEC_TIMED_OUT ||
                                            c->req->exec_status == JR_EXEC_REMOVED || c->req->exec_status == JR_EXEC_CANCELED))
                return "DP-009";
            return "DP-007";
        case JR_OP_ASSOCIATE_TARGETS_WITH_JOB:
            return c->job_exists && c->job_status != JR_JOB_IN_PROGRESS ? "AT-003" : "AT-002";
        case JR_OP_CREATE_JOB: return "CJ-010";
        case JR_OP_UPDATE_JOB: return "UJ-002";
        default: return "WIRE-008";
        }
    }
    if (strcmp(type, "TerminalStateException") == 0) return "DP-015";
    return "WIRE-002";
}

/* ---- notes: differences a MAY or [R] requirement allows -------------------- */

static bool is4xx(const jc_fz_answer *a) { return a->status >= 400 && a->status < 500; }
static bool is_type(const jc_fz_answer *a, const char *t) { return a->type && strcmp(a->type, t) == 0; }
static bool ok_or(const jc_fz_answer *a, const jc_fz_answer *b, const char *type)
{
    /* one side succeeded and the other gave `type` */
    return (a->status == 200 && is_type(b, type)) || (b->status == 200 && is_type(a, type));
}

typedef struct note_rule {
    const char *req_id;
    bool drift; /* the states may differ afterwards */
    bool (*applies)(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a);
} note_rule;

static bool r_dp006(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    return c->op == JR_OP_UPDATE_JOB_EXECUTION && c->exec_exists && c->exec_status == JR_EXEC_QUEUED &&
           (c->req->exec_status == JR_EXEC_SUCCEEDED || c->req->exec_status == JR_EXEC_FAILED) &&
           ok_or(e, a, "InvalidStateTransitionException");
}
static bool r_dp008(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    return c->op == JR_OP_UPDATE_JOB_EXECUTION && c->exec_exists && jr_exec_status_is_terminal(c->exec_status) &&
           c->req->exec_status == c->exec_status && ok_or(e, a, "InvalidStateTransitionException");
}
static bool r_dp010(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    jr_exec_status s = c->req ? c->req->exec_status : JR_EXEC_QUEUED;
    bool service_only = s == JR_EXEC_QUEUED || s == JR_EXEC_TIMED_OUT || s == JR_EXEC_REMOVED || s == JR_EXEC_CANCELED;
    return c->op == JR_OP_UPDATE_JOB_EXECUTION && service_only && is4xx(e) && is4xx(a) &&
           (is_type(a, "InvalidRequestException") || is_type(a, "InvalidStateTransitionException"));
}
static bool r_dp013(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    return c->op == JR_OP_UPDATE_JOB_EXECUTION && c->version_mismatch && is4xx(e) && is4xx(a);
}
static bool r_de004(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    return c->op == JR_OP_DELETE_JOB_EXECUTION && c->exec_exists && c->exec_status == JR_EXEC_TIMED_OUT &&
           !(c->req->force.present && c->req->force.value) && ok_or(e, a, "InvalidStateTransitionException");
}
static bool r_dp015(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    return c->op == JR_OP_DATA_DESCRIBE_JOB_EXECUTION && c->exec_exists && jr_exec_status_is_terminal(c->exec_status) &&
           ok_or(e, a, "TerminalStateException");
}
static bool r_lx003(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    return (c->op == JR_OP_LIST_JOB_EXECUTIONS_FOR_THING || c->op == JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB) &&
           ok_or(e, a, "ResourceNotFoundException");
}
static bool r_cn011(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    (void)e;
    (void)a;
    return c->op == JR_OP_CANCEL_JOB && c->job_exists &&
           (c->job_status == JR_JOB_CANCELED || c->job_status == JR_JOB_COMPLETED) && (a->status == 200 || is4xx(a));
}
static bool r_cj011(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    return c->op == JR_OP_CREATE_JOB && is4xx(e) && is4xx(a) &&
           (is_type(a, "InvalidRequestException") || is_type(a, "ResourceNotFoundException")) &&
           (is_type(e, "InvalidRequestException") || is_type(e, "ResourceNotFoundException"));
}
/* The model keeps a deleted job DELETION_IN_PROGRESS for --deletion-delay;
 * an endpoint that deletes sooner (or at once) is allowed ([R] of DL-005). */
static bool r_dl005(const jc_fz_context *c, const jc_fz_answer *e, const jc_fz_answer *a)
{
    /* a 404, or a CreateJob of the id answered as if the job were gone */
    return c->job_exists && c->job_status == JR_JOB_DELETION_IN_PROGRESS &&
           (is_type(a, "ResourceNotFoundException") ||
            (c->op == JR_OP_CREATE_JOB && is_type(e, "ResourceAlreadyExistsException") &&
             !is_type(a, "ResourceAlreadyExistsException")));
}

static const note_rule RULES[] = {
    {"DP-006", true, r_dp006},  {"DP-008", false, r_dp008}, {"DP-010", false, r_dp010},
    {"DP-013", false, r_dp013}, {"DE-004", true, r_de004},  {"DP-015", false, r_dp015},
    {"LX-003", false, r_lx003}, {"CN-011", true, r_cn011},  {"CJ-011", false, r_cj011},
    {"DL-005", true, r_dl005},
};

static bool in_dip(const jc_fz_context *c, const char *job)
{
    for (size_t i = 0; job && i < c->ndip; i++)
        if (strcmp(c->dip_jobs[i], job) == 0) return true;
    return false;
}

/* Every item of the endpoint's walk is in the model's, and each one the
 * endpoint lacks belongs to a job the model has DELETION_IN_PROGRESS. */
static bool only_deleted_missing(const jc_fz_context *c, const cJSON *exp, const cJSON *act)
{
    const cJSON *ei = cJSON_GetObjectItemCaseSensitive(exp, "items");
    const cJSON *ai = cJSON_GetObjectItemCaseSensitive(act, "items");
    if (!cJSON_IsArray(ei) || !cJSON_IsArray(ai) || cJSON_GetArraySize(ai) >= cJSON_GetArraySize(ei)) return false;
    for (const cJSON *a = ai->child; a; a = a->next) {
        bool found = false;
        for (const cJSON *e = ei->child; e && !found; e = e->next) found = cJSON_Compare(a, e, true);
        if (!found) return false;
    }
    for (const cJSON *e = ei->child; e; e = e->next) {
        bool found = false;
        for (const cJSON *a = ai->child; a && !found; a = a->next) found = cJSON_Compare(a, e, true);
        if (found) continue;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "jobId");
        if (!cJSON_IsString(id) || !in_dip(c, id->valuestring)) return false;
    }
    return true;
}

static void side_text(const jc_fz_answer *a, char *buf, size_t n)
{
    snprintf(buf, n, "%d%s%s", a->status, a->type ? " " : "", a->type ? a->type : "");
}

jc_fz_verdict jc_fz_compare(const jc_fz_context *c, const jc_fz_answer *exp, const jc_fz_answer *act, char *why,
                            size_t why_len, const char **req_id, bool *drift)
{
    char es[128], as[128];
    side_text(exp, es, sizeof es);
    side_text(act, as, sizeof as);
    *drift = false;
    bool same_outcome = exp->status == act->status &&
                        ((!exp->type && !act->type) || (exp->type && act->type && strcmp(exp->type, act->type) == 0));
    if (same_outcome && (exp->status >= 300 || cJSON_Compare(exp->body, act->body, true))) {
        *req_id = NULL;
        why[0] = '\0';
        return JC_FZ_SAME;
    }
    if (!same_outcome) {
        for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++)
            if (RULES[i].applies(c, exp, act)) {
                *req_id = RULES[i].req_id;
                *drift = RULES[i].drift && (exp->status == 200) != (act->status == 200);
                snprintf(why, why_len, "expected %s, the endpoint answered %s (allowed by %s)", es, as, RULES[i].req_id);
                return JC_FZ_NOTE;
            }
        if (exp->status >= 300 && act->status >= 300 && exp->status != act->status && exp->type && act->type &&
            strcmp(exp->type, act->type) == 0)
            *req_id = "WIRE-002";
        else if (exp->status >= 300 && act->status >= 300 && exp->status == act->status &&
                 (!act->type || isdigit((unsigned char)act->type[0]))) /* no type: clients fall back to the status */
            *req_id = "WIRE-001";
        else if (exp->status >= 300)
            *req_id = error_requirement(c, exp->type);
        else
            *req_id = jc_fz_success_requirement(c->op);
        snprintf(why, why_len, "expected %s, the endpoint answered %s", es, as);
        return JC_FZ_DIVERGE;
    }
    /* same success status, different bodies */
    cJSON *ea = cJSON_Duplicate(exp->body, true), *aa = cJSON_Duplicate(act->body, true);
    drop_unpaired(ea, aa);
    char scratch[256] = "", path[512] = "";
    g_other = false;
    int ndiff = all_diffs(ea, aa, scratch, sizeof scratch, path, sizeof path, 0);
    cJSON_Delete(ea);
    cJSON_Delete(aa);
    if (ndiff == 0) {
        *req_id = NULL;
        why[0] = '\0';
        return JC_FZ_SAME;
    }
    if (ndiff > 4) snprintf(path + strlen(path), sizeof path - strlen(path), "; ... (%d differences)", ndiff);
    bool counters_only = !g_other;
    if (counters_only) {
        /* counters may lag ([R] of LC-008); the states do not drift */
        *req_id = "LC-008";
        snprintf(why, why_len, "the bodies differ at %s (counters may lag, LC-008)", path);
        return JC_FZ_NOTE;
    }
    if (c->walk && only_deleted_missing(c, exp->body, act->body)) {
        /* the endpoint finished deleting sooner than the model ([R] of DL-005) */
        *req_id = "DL-005";
        *drift = true;
        snprintf(why, why_len, "the walk lacks only items of jobs the model still has DELETION_IN_PROGRESS (allowed by DL-005)");
        return JC_FZ_NOTE;
    }
    if (c->walk) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(act->body, "items");
        bool dup = false;
        for (const cJSON *x = items ? items->child : NULL; x && x->next && !dup; x = x->next)
            dup = cJSON_Compare(x, x->next, true);
        bool filtered = c->req && (c->req->has_job_status || c->req->has_exec_status);
        *req_id = dup ? "PG-003"
                  : filtered ? (c->op == JR_OP_LIST_JOBS ? "LJ-003" : jc_fz_success_requirement(c->op))
                             : jc_fz_success_requirement(c->op);
        snprintf(why, why_len, "the walk of all pages differs at %s%s", path, dup ? " (an item listed twice)" : "");
        return JC_FZ_DIVERGE;
    }
    /* Which execution was picked comes before what it holds. */
    bool other_execution = strstr(path, "executionNumber") || strstr(path, "jobId");
    const char *r = jc_fz_success_requirement(c->op);
    if (c->op == JR_OP_START_NEXT_PENDING_JOB_EXECUTION && other_execution) r = "DP-002";
    else if (c->op == JR_OP_DATA_DESCRIBE_JOB_EXECUTION && c->req && c->req->job_id &&
             strcmp(c->req->job_id, "$next") == 0 && other_execution)
        r = "DP-003";
    else if (c->op == JR_OP_DESCRIBE_JOB_EXECUTION && !c->req->execution_number.present && other_execution) r = "DX-002";
    else if (strncmp(path, "executionState.versionNumber", 28) == 0 || strstr(path, "execution.versionNumber"))
        r = "DP-011";
    *req_id = r;
    snprintf(why, why_len, "the bodies differ at %s", path);
    return JC_FZ_DIVERGE;
}
