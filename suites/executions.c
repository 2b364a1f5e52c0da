/* Control-plane execution suite: CancelJobExecution, DeleteJobExecution,
 * DescribeJobExecution, ListJobExecutionsForJob and
 * ListJobExecutionsForThing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jc_support.h"

#define MAX_THINGS 8
#define MAX_ITEMS 16

static long exec_long(jc_ctx *ctx, const jc_response *r, const char *member)
{
    double v = 0;
    JC_REQUIRE(ctx, jc_json_number(r, member, &v), "%s is absent or not a number", member);
    return (long)v;
}

static jc_response *delete_exec(jc_ctx *ctx, const char *thing, const char *job, long number, const char *query)
{
    return jc_call(ctx, JC_CONTROL, "DELETE",
                   jc_path(ctx, "/things/%s/jobs/%s/executionNumber/%ld", thing, job, number), query, NULL);
}

static void require_2xx(jc_ctx *ctx, const jc_response *r, const char *what)
{
    JC_REQUIRE(ctx, jc_is_2xx(r), "%s: HTTP %d %s %s, expected 2xx", what, r->status, jc_str_or(r->error_code),
               jc_str_or(r->message));
}

/* ---- CancelJobExecution ------------------------------------------------ */

static void s_cancel_queued(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    require_2xx(ctx, jc_cancel_execution(ctx, thing, job, NULL, NULL), "CancelJobExecution of a QUEUED execution");
    jc_expect_execution_status(ctx, thing, job, "CANCELED");
}

static void s_cancel_in_progress_no_force(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_expect_error(ctx, jc_cancel_execution(ctx, thing, job, NULL, NULL), "InvalidStateTransitionException", 409);
    jc_expect_execution_status(ctx, thing, job, "IN_PROGRESS");
    jc_expect_error(ctx, jc_cancel_execution(ctx, thing, job, "force=false", NULL), "InvalidStateTransitionException", 409);
    jc_expect_execution_status(ctx, thing, job, "IN_PROGRESS");
}

static void s_cancel_in_progress_force(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    require_2xx(ctx, jc_cancel_execution(ctx, thing, job, "force=true", NULL), "CancelJobExecution ?force=true");
    jc_wait_execution_status(ctx, thing, job, "CANCELED"); /* a read after a change */
    jc_response *e = jc_require_execution(ctx, thing, job);
    const char *st = jc_json_string(e, "execution.status");
    bool fc = false;
    JC_CHECK(ctx, jc_streq(st, "CANCELED"), "force-canceled execution is %s, expected CANCELED", jc_str_or(st));
    JC_CHECK(ctx, jc_json_bool(e, "execution.forceCanceled", &fc) && fc,
             "force-canceled execution has forceCanceled %s, expected true",
             jc_json_bool(e, "execution.forceCanceled", &fc) ? "false" : "(absent)");
}

static void s_cancel_terminal(jc_ctx *ctx)
{
    /* CANCELED first: the control plane reaches it (CancelJobExecution); the
       other terminal statuses need a device on the data plane */
    static const char *const terminal[] = {"CANCELED", "SUCCEEDED", "FAILED", "REJECTED"};
    const char *things[4];
    const char *job = jc_job_on_things(ctx, 4, things, NULL);
    for (int i = 0; i < 4; i++) {
        if (i == 1 && !jc_has_data_plane(ctx)) {
            jc_note(ctx, "no data plane: only the CANCELED execution was checked");
            return;
        }
        jc_drive(ctx, things[i], job, terminal[i]);
        jc_response *r = jc_cancel_execution(ctx, things[i], job, NULL, NULL);
        if (!jc_expect_error(ctx, r, "InvalidStateTransitionException", 409))
            jc_note(ctx, "(CancelJobExecution without force of a %s execution)", terminal[i]);
        r = jc_cancel_execution(ctx, things[i], job, "force=true", NULL);
        if (!jc_expect_error(ctx, r, "InvalidStateTransitionException", 409))
            jc_note(ctx, "(CancelJobExecution ?force=true of a %s execution)", terminal[i]);
        jc_expect_execution_status(ctx, things[i], job, terminal[i]);
    }
}

static void s_cancel_version_mismatch(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    long v = exec_long(ctx, jc_require_execution(ctx, thing, job), "execution.versionNumber");
    jc_response *r = jc_cancel_execution(ctx, thing, job, NULL, jc_str(ctx, "{\"expectedVersion\":%ld}", v + 5));
    jc_expect_error(ctx, r, "VersionConflictException", 409);
    jc_expect_execution_status(ctx, thing, job, "QUEUED");
}

static void s_cancel_version_match(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    long v = -1;
    /* an IN_PROGRESS execution (force) through a device; a QUEUED one (no
       force) reaches the same rule through the control plane alone */
    bool device = jc_has_data_plane(ctx);
    if (device) jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    if (device) jc_wait_execution_status(ctx, thing, job, "IN_PROGRESS"); /* a read after a change */
    v = exec_long(ctx, jc_require_execution(ctx, thing, job), "execution.versionNumber");
    jc_response *r = jc_cancel_execution(ctx, thing, job, device ? "force=true" : NULL,
                                         jc_str(ctx, "{\"expectedVersion\":%ld}", v));
    JC_CHECK(ctx, jc_is_2xx(r), "CancelJobExecution with the current expectedVersion %ld gave HTTP %d %s, expected 2xx",
             v, r->status, jc_str_or(r->error_code));
    jc_expect_execution_status(ctx, thing, job, "CANCELED");
}

static const char *details_json(jc_ctx *ctx, int n)
{
    const char *s = "{";
    for (int i = 0; i < n; i++) s = jc_str(ctx, "%s%s\"k%d\":\"value %d\"", s, i ? "," : "", i, i);
    return jc_str(ctx, "%s}", s);
}

static void s_cancel_status_details_10(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = jc_cancel_execution(ctx, thing, job, NULL, jc_str(ctx, "{\"statusDetails\":%s}", details_json(ctx, 10)));
    require_2xx(ctx, r, "CancelJobExecution with 10 statusDetails entries");
    jc_wait_execution_status(ctx, thing, job, "CANCELED"); /* a read after a change */
    jc_response *e = jc_require_execution(ctx, thing, job);
    const cJSON *map = jc_json_object(e, "execution.statusDetails.detailsMap");
    JC_REQUIRE(ctx, map != NULL, "execution.statusDetails.detailsMap is absent after CancelJobExecution with "
               "statusDetails");
    for (int i = 0; i < 10; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(map, jc_str(ctx, "k%d", i));
        JC_CHECK(ctx, cJSON_IsString(v) && strcmp(v->valuestring, jc_str(ctx, "value %d", i)) == 0,
                 "detailsMap.k%d is not 'value %d'", i, i);
    }
}

static void s_cancel_status_details_11(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = jc_cancel_execution(ctx, thing, job, NULL, jc_str(ctx, "{\"statusDetails\":%s}", details_json(ctx, 11)));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_execution_status(ctx, thing, job, "QUEUED");
}

static void s_cancel_unknown(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    const char *other = jc_create_thing(ctx, "other", NULL);
    jc_expect_error(ctx, jc_cancel_execution(ctx, other, job, NULL, NULL), "ResourceNotFoundException", 404);
}

/* ---- DeleteJobExecution ------------------------------------------------ */

static void s_delete_terminal(jc_ctx *ctx)
{
    /* CANCELED first: the control plane reaches it */
    static const char *const terminal[] = {"CANCELED", "SUCCEEDED", "FAILED", "REJECTED"};
    const char *things[4];
    const char *job = jc_job_on_things(ctx, 4, things, NULL);
    for (int i = 0; i < 4; i++) {
        if (i == 1 && !jc_has_data_plane(ctx)) {
            jc_note(ctx, "no data plane: only the CANCELED execution was checked");
            return;
        }
        jc_drive(ctx, things[i], job, terminal[i]);
        jc_wait_execution_status(ctx, things[i], job, terminal[i]); /* a read after a change */
        long n = exec_long(ctx, jc_require_execution(ctx, things[i], job), "execution.executionNumber");
        jc_response *r = delete_exec(ctx, things[i], job, n, NULL);
        if (!JC_CHECK(ctx, jc_is_2xx(r), "DeleteJobExecution of a %s execution gave HTTP %d %s, expected 2xx",
                      terminal[i], r->status, jc_str_or(r->error_code)))
            continue;
        jc_response *d = jc_describe_execution(ctx, things[i], job, jc_query(ctx, "executionNumber=%ld", n));
        JC_CHECK(ctx, d->status == 404, "the deleted %s execution still answers HTTP %d, expected 404", terminal[i],
                 d->status);
    }
}

static void s_delete_active_no_force(jc_ctx *ctx)
{
    static const char *const active[] = {"QUEUED", "IN_PROGRESS"};
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    for (int i = 0; i < 2; i++) {
        /* QUEUED first: no device needed; IN_PROGRESS needs the data plane */
        if (i == 1 && !jc_has_data_plane(ctx)) {
            jc_note(ctx, "no data plane: only the QUEUED execution was checked");
            return;
        }
        jc_drive(ctx, things[i], job, active[i]);
        long n = exec_long(ctx, jc_require_execution(ctx, things[i], job), "execution.executionNumber");
        if (!jc_expect_error(ctx, delete_exec(ctx, things[i], job, n, NULL), "InvalidStateTransitionException", 409)) {
            jc_note(ctx, "(DeleteJobExecution without force of a %s execution)", active[i]);
            continue; /* it may be gone: nothing left to refuse or to read back */
        }
        if (!jc_expect_error(ctx, delete_exec(ctx, things[i], job, n, "force=false"),
                             "InvalidStateTransitionException", 409))
            jc_note(ctx, "(DeleteJobExecution ?force=false of a %s execution)", active[i]);
        jc_expect_execution_status(ctx, things[i], job, active[i]);
    }
}

static void s_delete_active_force(jc_ctx *ctx)
{
    static const char *const active[] = {"QUEUED", "IN_PROGRESS"};
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    for (int i = 0; i < 2; i++) {
        /* QUEUED first: no device needed; IN_PROGRESS needs the data plane */
        if (i == 1 && !jc_has_data_plane(ctx)) {
            jc_note(ctx, "no data plane: only the QUEUED execution was checked");
            return;
        }
        jc_drive(ctx, things[i], job, active[i]);
        long n = exec_long(ctx, jc_require_execution(ctx, things[i], job), "execution.executionNumber");
        jc_response *r = delete_exec(ctx, things[i], job, n, "force=true");
        if (!JC_CHECK(ctx, jc_is_2xx(r), "DeleteJobExecution ?force=true of a %s execution gave HTTP %d %s, expected 2xx",
                      active[i], r->status, jc_str_or(r->error_code)))
            continue;
        jc_response *d = jc_describe_execution(ctx, things[i], job, jc_query(ctx, "executionNumber=%ld", n));
        JC_CHECK(ctx, d->status == 404, "the force-deleted %s execution still answers HTTP %d, expected 404",
                 active[i], d->status);
    }
}

static void s_delete_unknown_number(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_drive(ctx, thing, job, "CANCELED"); /* terminal through the control plane */
    long n = exec_long(ctx, jc_require_execution(ctx, thing, job), "execution.executionNumber");
    jc_expect_error(ctx, delete_exec(ctx, thing, job, n + 1000, NULL), "ResourceNotFoundException", 404);
    jc_expect_execution_status(ctx, thing, job, "CANCELED");
}

static void s_delete_non_numeric(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_drive(ctx, thing, job, "CANCELED"); /* terminal through the control plane */
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE",
                             jc_path(ctx, "/things/%s/jobs/%s/executionNumber/%s", thing, job, "one"), NULL, NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_execution_status(ctx, thing, job, "CANCELED");
}

/* ---- DescribeJobExecution ---------------------------------------------- */

static void s_describe_every_status(jc_ctx *ctx)
{
    static const char *const steps[] = {"QUEUED", "IN_PROGRESS", "SUCCEEDED"};
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    /* QUEUED and CANCELED through the control plane first */
    jc_expect_execution_status(ctx, things[0], job, steps[0]);
    jc_drive(ctx, things[1], job, "CANCELED");
    jc_expect_execution_status(ctx, things[1], job, "CANCELED");
    if (!jc_has_data_plane(ctx)) {
        jc_note(ctx, "no data plane: IN_PROGRESS and SUCCEEDED were not checked");
        return;
    }
    for (int i = 1; i < 3; i++) {
        jc_device_update(ctx, things[0], job, steps[i], NULL);
        jc_expect_execution_status(ctx, things[0], job, steps[i]);
    }
}

static void check_number(jc_ctx *ctx, const jc_response *r, const char *member)
{
    double v;
    JC_CHECK(ctx, jc_json_number(r, member, &v), "%s is absent or not a number", member);
}

static void s_describe_members(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *e = jc_require_execution(ctx, thing, job);
    JC_CHECK(ctx, jc_streq(jc_json_string(e, "execution.jobId"), job), "execution.jobId is %s, expected %s",
             jc_str_or(jc_json_string(e, "execution.jobId")), job);
    JC_CHECK(ctx, jc_streq(jc_json_string(e, "execution.thingArn"), jc_thing_arn(ctx, thing)),
             "execution.thingArn is %s, expected %s", jc_str_or(jc_json_string(e, "execution.thingArn")),
             jc_thing_arn(ctx, thing));
    JC_CHECK(ctx, jc_streq(jc_json_string(e, "execution.status"), "QUEUED"), "execution.status is %s, expected QUEUED",
             jc_str_or(jc_json_string(e, "execution.status")));
    check_number(ctx, e, "execution.queuedAt");
    check_number(ctx, e, "execution.lastUpdatedAt");
    check_number(ctx, e, "execution.executionNumber");
    check_number(ctx, e, "execution.versionNumber");
    if (!jc_has_data_plane(ctx)) {
        jc_note(ctx, "no data plane: startedAt (once IN_PROGRESS) was not checked");
        return;
    }
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_wait_execution_status(ctx, thing, job, "IN_PROGRESS"); /* a read after a change */
    e = jc_require_execution(ctx, thing, job);
    double q = 0, s = 0;
    JC_CHECK(ctx, jc_json_number(e, "execution.startedAt", &s), "execution.startedAt is absent once IN_PROGRESS");
    JC_CHECK(ctx, !jc_json_number(e, "execution.queuedAt", &q) || s >= q,
             "execution.startedAt %f is earlier than queuedAt %f", s, q);
}

static void s_describe_status_details_wrapper(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    /* statusDetails set by a device, or by CancelJobExecution without a data plane */
    jc_response *u = jc_has_data_plane(ctx)
                         ? jc_call(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL,
                                   "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"step\":\"download\"}}")
                         : jc_cancel_execution(ctx, thing, job, NULL, "{\"statusDetails\":{\"step\":\"download\"}}");
    jc_require_status(ctx, u, 200);
    jc_wait_execution_status(ctx, thing, job, "IN_PROGRESS"); /* a read after a change */
    jc_response *e = jc_require_execution(ctx, thing, job);
    const char *v = jc_json_string(e, "execution.statusDetails.detailsMap.step");
    JC_CHECK(ctx, jc_streq(v, "download"), "execution.statusDetails.detailsMap.step is %s, expected 'download'",
             jc_str_or(v));
    JC_CHECK(ctx, jc_json_string(e, "execution.statusDetails.step") == NULL,
             "execution.statusDetails is a flat map; expected the {\"detailsMap\": {...}} wrapper");
}

/* A read after a change: ListJobExecutionsForThing lists an execution
 * numbered above *arg. */
static bool lists_newer(jc_ctx *ctx, const jc_response *r, void *arg)
{
    (void)ctx;
    const cJSON *s;
    cJSON_ArrayForEach(s, jc_json_array(r, "executionSummaries"))
    {
        const cJSON *n = jc_json_get(s, "jobExecutionSummary.executionNumber");
        if (cJSON_IsNumber(n) && (long)n->valuedouble > *(const long *)arg) return true;
    }
    return false;
}

typedef struct number_wait {
    const char *thing, *job;
    long want;
} number_wait;

static bool describes_number(jc_ctx *ctx, const jc_response *r, void *arg)
{
    (void)ctx;
    const number_wait *w = arg;
    const cJSON *n = r->status == 200 ? jc_json_get(r->json, "execution.executionNumber") : NULL;
    return cJSON_IsNumber(n) && (long)n->valuedouble == w->want;
}

/* Two executions of one job on one thing: a CONTINUOUS job, the thing leaves
 * the group (REMOVED) and joins again (a new QUEUED execution). SKIPs when
 * the endpoint reuses the execution instead. Numbers into first/latest. */
static const char *two_executions(jc_ctx *ctx, const char **thing, long *first, long *latest)
{
    const char *garn = NULL;
    const char *group = jc_create_group(ctx, "g", &garn);
    *thing = jc_create_thing(ctx, "t", NULL);
    jc_add_thing_to_group(ctx, group, *thing);
    const char *targets[] = {garn, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, "{\"targetSelection\":\"CONTINUOUS\"}");
    *first = exec_long(ctx, jc_require_execution(ctx, *thing, job), "execution.executionNumber");
    jc_remove_from_group(ctx, group, *thing);
    jc_add_thing_to_group(ctx, group, *thing);
    jc_response *l = jc_read_until(ctx, JC_CONTROL, jc_path(ctx, "/things/%s/jobs", *thing), NULL, lists_newer, first);
    jc_require_status(ctx, l, 200);
    *latest = *first;
    const cJSON *s;
    cJSON_ArrayForEach(s, jc_json_array(l, "executionSummaries"))
    {
        const cJSON *n = jc_json_get(s, "jobExecutionSummary.executionNumber");
        if (cJSON_IsNumber(n) && (long)n->valuedouble > *latest) *latest = (long)n->valuedouble;
    }
    if (*latest == *first)
        jc_skip(ctx, "re-joining the group did not create a second execution of the job on the thing");
    return job;
}

static void s_describe_latest(jc_ctx *ctx)
{
    const char *thing = NULL;
    long first = 0, latest = 0;
    const char *job = two_executions(ctx, &thing, &first, &latest);
    number_wait nw = {thing, job, latest};
    jc_read_until(ctx, JC_CONTROL, jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL, describes_number, &nw);
    jc_response *e = jc_require_execution(ctx, thing, job);
    long got = exec_long(ctx, e, "execution.executionNumber");
    JC_CHECK(ctx, got == latest, "DescribeJobExecution without executionNumber returned execution %ld, expected the "
             "latest %ld", got, latest);
    const char *st = jc_json_string(e, "execution.status");
    JC_CHECK(ctx, jc_streq(st, "QUEUED"), "the latest execution is %s, expected QUEUED", jc_str_or(st));
}

static void s_describe_by_number(jc_ctx *ctx)
{
    const char *thing = NULL;
    long first = 0, latest = 0;
    const char *job = two_executions(ctx, &thing, &first, &latest);
    jc_response *e = jc_describe_execution(ctx, thing, job, jc_query(ctx, "executionNumber=%ld", first));
    jc_require_status(ctx, e, 200);
    long got = exec_long(ctx, e, "execution.executionNumber");
    JC_CHECK(ctx, got == first, "?executionNumber=%ld returned execution %ld", first, got);
    const char *st = jc_json_string(e, "execution.status");
    JC_CHECK(ctx, jc_streq(st, "REMOVED"), "the first execution is %s, expected REMOVED", jc_str_or(st));
}

static void s_describe_unknown_number(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    long n = exec_long(ctx, jc_require_execution(ctx, thing, job), "execution.executionNumber");
    jc_response *e = jc_describe_execution(ctx, thing, job, jc_query(ctx, "executionNumber=%ld", n));
    jc_expect_status(ctx, e, 200);
    e = jc_describe_execution(ctx, thing, job, jc_query(ctx, "executionNumber=%ld", n + 1000));
    jc_expect_error(ctx, e, "ResourceNotFoundException", 404);
    /* 0 and negative numbers name no execution; the model sets no range, so
     * either refusal is right, each with its own status */
    static const char *const codes[] = {"ResourceNotFoundException", "InvalidRequestException", NULL};
    static const long bad[] = {0, -1};
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        jc_expect_error_in(ctx, jc_describe_execution(ctx, thing, job, jc_query(ctx, "executionNumber=%ld", bad[i])),
                           codes);
        if (!jc_has_data_plane(ctx)) continue; /* the data plane's DescribeJobExecution: with one only */
        jc_response *d = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, job),
                                 jc_query(ctx, "executionNumber=%ld", bad[i]), NULL);
        jc_expect_error_in(ctx, d, codes);
    }
    jc_expect_execution_status(ctx, thing, job, "QUEUED");
}

static void s_describe_unknown(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    const char *other = jc_create_thing(ctx, "other", NULL);
    jc_expect_error(ctx, jc_describe_execution(ctx, other, job, NULL), "ResourceNotFoundException", 404);
    jc_expect_error(ctx, jc_describe_execution(ctx, other, jc_name(ctx, "nojob"), NULL), "ResourceNotFoundException", 404);
}

/* ---- listing ------------------------------------------------------------ */

/* Walks every page of a ListJobExecutionsFor* path with maxResults max (0:
 * not sent); key names an item ("thingArn" or "jobId"). */
static void list_walk(jc_ctx *ctx, const char *path, const char *filter, int max, const char *key, jc_walk *w)
{
    jc_list_spec s = {.path = path, .array = "executionSummaries", .key = key,
                      .status = "jobExecutionSummary.status", .filter = filter, .max_results = max,
                      .max_pages = 2 * MAX_ITEMS + 2};
    jc_list_walk(ctx, &s, w);
}

/* Expects exactly the keys given (NULL-terminated), once each. */
static void expect_keys(jc_ctx *ctx, const jc_walk *w, const char *const *keys, const char *what)
{
    jc_expect_walk_exactly(ctx, w, keys, what);
}

static void s_list_for_job_all(jc_ctx *ctx)
{
    const char *things[3];
    const char *job = jc_job_on_things(ctx, 3, things, NULL);
    /* a second status among the summaries, reached through the control plane */
    jc_drive(ctx, things[1], job, "CANCELED");
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", job), NULL, NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(r, "executionSummaries"))
    {
        JC_CHECK(ctx, cJSON_IsString(jc_json_get(it, "jobExecutionSummary.status")),
                 "a summary has no jobExecutionSummary.status");
        JC_CHECK(ctx, cJSON_IsNumber(jc_json_get(it, "jobExecutionSummary.queuedAt")),
                 "a summary has no numeric jobExecutionSummary.queuedAt");
        JC_CHECK(ctx, cJSON_IsNumber(jc_json_get(it, "jobExecutionSummary.lastUpdatedAt")),
                 "a summary has no numeric jobExecutionSummary.lastUpdatedAt");
        JC_CHECK(ctx, cJSON_IsNumber(jc_json_get(it, "jobExecutionSummary.executionNumber")),
                 "a summary has no numeric jobExecutionSummary.executionNumber");
    }
    jc_walk w;
    list_walk(ctx, jc_path(ctx, "/jobs/%s/things", job), NULL, 0, "thingArn", &w);
    const char *keys[] = {jc_thing_arn(ctx, things[0]), jc_thing_arn(ctx, things[1]), jc_thing_arn(ctx, things[2]),
                          NULL};
    expect_keys(ctx, &w, keys, "ListJobExecutionsForJob");
    for (size_t i = 0; i < w.n; i++) {
        const char *want = strcmp(w.keys[i], keys[1]) == 0 ? "CANCELED" : "QUEUED";
        JC_CHECK(ctx, jc_streq(w.status[i], want), "ListJobExecutionsForJob: %s has status %s, expected %s",
                 w.keys[i], jc_str_or(w.status[i]), want);
    }
}

static void s_list_for_thing_all(jc_ctx *ctx)
{
    const char *jobs[4];
    const char *thing = jc_thing_with_jobs(ctx, 3, jobs);
    jobs[3] = NULL;
    jc_drive(ctx, thing, jobs[0], "CANCELED"); /* a terminal one, through the control plane */
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(r, "executionSummaries"))
    {
        JC_CHECK(ctx, cJSON_IsString(jc_json_get(it, "jobExecutionSummary.status")),
                 "a summary has no jobExecutionSummary.status");
        JC_CHECK(ctx, cJSON_IsNumber(jc_json_get(it, "jobExecutionSummary.queuedAt")),
                 "a summary has no numeric jobExecutionSummary.queuedAt");
        JC_CHECK(ctx, cJSON_IsNumber(jc_json_get(it, "jobExecutionSummary.executionNumber")),
                 "a summary has no numeric jobExecutionSummary.executionNumber");
    }
    jc_walk w;
    list_walk(ctx, jc_path(ctx, "/things/%s/jobs", thing), NULL, 0, "jobId", &w);
    expect_keys(ctx, &w, jobs, "ListJobExecutionsForThing");
    for (size_t i = 0; i < w.n; i++) {
        const char *want = strcmp(w.keys[i], jobs[0]) == 0 ? "CANCELED" : "QUEUED";
        JC_CHECK(ctx, jc_streq(w.status[i], want), "ListJobExecutionsForThing: job %s has status %s, expected %s",
                 w.keys[i], jc_str_or(w.status[i]), want);
    }
}

static void s_list_for_job_status_filter(jc_ctx *ctx)
{
    static const char *const every[] = {"QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED",
                                          "REJECTED", "CANCELED", "REMOVED"};
    /* the statuses the control plane reaches, without a data plane */
    static const char *const control[] = {"QUEUED", "CANCELED", "REMOVED"};
    const bool device = jc_has_data_plane(ctx);
    const char *const *status = device ? every : control;
    const int N = device ? 7 : 3;
    const char *garn = NULL;
    const char *group = jc_create_group(ctx, "g", &garn);
    const char *things[7];
    for (int i = 0; i < N; i++) {
        things[i] = jc_create_thing(ctx, "t", NULL);
        jc_add_thing_to_group(ctx, group, things[i]);
    }
    const char *targets[] = {garn, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, "{\"targetSelection\":\"CONTINUOUS\"}");
    for (int i = 0; i < N - 1; i++) jc_drive(ctx, things[i], job, status[i]);
    jc_remove_from_group(ctx, group, things[N - 1]);
    /* REMOVED depends on the endpoint following group membership
     * (lifecycle.continuous-leave-*): when it does not, that status is not
     * checked here */
    int n = N;
    if (!jc_streq(jc_execution_status(ctx, things[N - 1], job), "REMOVED")) {
        jc_note(ctx, "leaving the group did not make the execution REMOVED: status=REMOVED not checked");
        n = N - 1;
    }
    for (int i = 0; i < n; i++) {
        jc_walk w;
        list_walk(ctx, jc_path(ctx, "/jobs/%s/things", job), jc_query(ctx, "status=%s", status[i]), 0,
                  "thingArn", &w);
        const char *keys[] = {jc_thing_arn(ctx, things[i]), i == 0 && n < N ? jc_thing_arn(ctx, things[N - 1]) : NULL,
                              NULL};
        expect_keys(ctx, &w, keys, jc_str(ctx, "ListJobExecutionsForJob status=%s", status[i]));
    }
    jc_walk w;
    list_walk(ctx, jc_path(ctx, "/jobs/%s/things", job), "status=TIMED_OUT", 0, "thingArn", &w);
    JC_CHECK(ctx, w.n == 0, "ListJobExecutionsForJob status=TIMED_OUT lists %zu executions, expected none", w.n);
}

static void s_list_for_thing_status_filter(jc_ctx *ctx)
{
    static const char *const every[] = {"QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "REJECTED", "CANCELED"};
    /* the statuses the control plane reaches, without a data plane */
    static const char *const control[] = {"QUEUED", "CANCELED"};
    const bool device = jc_has_data_plane(ctx);
    const char *const *status = device ? every : control;
    const int N = device ? 6 : 2;
    const char *jobs[6];
    const char *thing = jc_thing_with_jobs(ctx, (size_t)N, jobs);
    for (int i = 0; i < N; i++) jc_drive(ctx, thing, jobs[i], status[i]);
    for (int i = 0; i < N; i++) {
        jc_walk w;
        list_walk(ctx, jc_path(ctx, "/things/%s/jobs", thing), jc_query(ctx, "status=%s", status[i]), 0, "jobId",
                  &w);
        const char *keys[] = {jobs[i], NULL};
        expect_keys(ctx, &w, keys, jc_str(ctx, "ListJobExecutionsForThing status=%s", status[i]));
    }
}

static void pagination(jc_ctx *ctx, int max, bool for_job)
{
    enum { N = 5 };
    const char *keys[N + 1];
    const char *path;
    if (for_job) {
        const char *things[N];
        const char *job = jc_job_on_things(ctx, N, things, NULL);
        for (int i = 0; i < N; i++) keys[i] = jc_thing_arn(ctx, things[i]);
        path = jc_path(ctx, "/jobs/%s/things", job);
    } else {
        const char *thing = jc_thing_with_jobs(ctx, N, keys);
        path = jc_path(ctx, "/things/%s/jobs", thing);
    }
    keys[N] = NULL;
    jc_walk w;
    list_walk(ctx, path, NULL, max, for_job ? "thingArn" : "jobId", &w);
    expect_keys(ctx, &w, keys, jc_str(ctx, "%s walked with maxResults=%d",
                                      for_job ? "ListJobExecutionsForJob" : "ListJobExecutionsForThing", max));
}

static void s_page_job_1(jc_ctx *ctx) { pagination(ctx, 1, true); }
static void s_page_job_2(jc_ctx *ctx) { pagination(ctx, 2, true); }
static void s_page_thing_1(jc_ctx *ctx) { pagination(ctx, 1, false); }
static void s_page_thing_2(jc_ctx *ctx) { pagination(ctx, 2, false); }

static void s_max_results_bounds(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    const char *paths[] = {jc_path(ctx, "/jobs/%s/things", job), jc_path(ctx, "/things/%s/jobs", thing)};
    for (int i = 0; i < 2; i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", paths[i], "maxResults=1", NULL);
        if (!jc_expect_status(ctx, r, 200)) jc_note(ctx, "(%s maxResults=1)", paths[i]);
        r = jc_call(ctx, JC_CONTROL, "GET", paths[i], "maxResults=250", NULL);
        if (!jc_expect_status(ctx, r, 200)) jc_note(ctx, "(%s maxResults=250)", paths[i]);
        r = jc_call(ctx, JC_CONTROL, "GET", paths[i], "maxResults=0", NULL);
        if (!jc_expect_error(ctx, r, "InvalidRequestException", 400)) jc_note(ctx, "(%s maxResults=0)", paths[i]);
        r = jc_call(ctx, JC_CONTROL, "GET", paths[i], "maxResults=251", NULL);
        if (!jc_expect_error(ctx, r, "InvalidRequestException", 400)) jc_note(ctx, "(%s maxResults=251)", paths[i]);
        r = jc_call(ctx, JC_CONTROL, "GET", paths[i], "maxResults=ten", NULL);
        if (!jc_expect_error(ctx, r, "InvalidRequestException", 400)) jc_note(ctx, "(%s maxResults=ten)", paths[i]);
    }
}

static void s_bad_next_token(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    const char *paths[] = {jc_path(ctx, "/jobs/%s/things", job), jc_path(ctx, "/things/%s/jobs", thing)};
    for (int i = 0; i < 2; i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", paths[i], jc_query(ctx, "nextToken=%s", "jc-not-a-token"),
                                 NULL);
        if (!jc_expect_error(ctx, r, "InvalidRequestException", 400)) jc_note(ctx, "(%s)", paths[i]);
    }
}

static void s_next_token_stable(jc_ctx *ctx)
{
    const char *things[3];
    const char *job = jc_job_on_things(ctx, 3, things, NULL);
    const char *path = jc_path(ctx, "/jobs/%s/things", job);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", path, "maxResults=1", NULL);
    jc_require_status(ctx, r, 200);
    const char *token = jc_json_string(r, "nextToken");
    /* no token at all is PG-002's failure (executions.page-*): nothing to repeat here */
    if (!token || !*token) jc_skip(ctx, "the first page of 1 of 3 executions has no nextToken: nothing to repeat (PG-002)");
    const char *q = jc_query(ctx, "maxResults=1&nextToken=%s", token);
    jc_response *a = jc_call(ctx, JC_CONTROL, "GET", path, q, NULL);
    jc_response *b = jc_call(ctx, JC_CONTROL, "GET", path, q, NULL);
    jc_require_status(ctx, a, 200);
    jc_require_status(ctx, b, 200);
    const char *ka = jc_json_string(a, "executionSummaries.0.thingArn");
    const char *kb = jc_json_string(b, "executionSummaries.0.thingArn");
    JC_CHECK(ctx, ka && jc_streq(ka, kb), "the same nextToken gave pages starting with %s and %s", jc_str_or(ka),
             jc_str_or(kb));
    JC_CHECK(ctx, ka && !jc_streq(ka, jc_json_string(r, "executionSummaries.0.thingArn")),
             "the second page repeats the first page's item %s", jc_str_or(ka));
}

static bool timed_out(jc_ctx *ctx, void *arg)
{
    const char **tj = arg;
    if (jc_streq(jc_execution_status(ctx, tj[0], tj[1]), "TIMED_OUT")) return true;
    jc_advance(ctx, 30000);
    return false;
}

static void s_delete_timed_out(jc_ctx *ctx)
{
    const char *arn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1}}");
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_advance(ctx, 61000);
    const char *tj[] = {thing, job};
    if (!jc_poll(ctx, 0, 50, timed_out, tj))
        jc_skip(ctx, "the execution did not become TIMED_OUT after its 1-minute in-progress timeout (status %s): "
                "timers are checked by their own scenarios", jc_str_or(jc_execution_status(ctx, thing, job)));
    long n = exec_long(ctx, jc_require_execution(ctx, thing, job), "execution.executionNumber");
    jc_response *r = delete_exec(ctx, thing, job, n, NULL);
    if (jc_is_2xx(r)) {
        jc_response *d = jc_describe_execution(ctx, thing, job, jc_query(ctx, "executionNumber=%ld", n));
        JC_CHECK(ctx, d->status == 404, "the deleted TIMED_OUT execution still answers HTTP %d, expected 404",
                 d->status);
    } else {
        jc_expect_error(ctx, r, "InvalidStateTransitionException", 409);
        jc_expect_execution_status(ctx, thing, job, "TIMED_OUT");
    }
}

/* LX-003: 404 or an empty list, nothing else (WIRE-012 leaves the two
 * execution lists to it). */
static void s_list_for_unknown_job(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", jc_name(ctx, "nojob")), NULL,
                             NULL);
    if (r->status == 200) {
        const cJSON *list = jc_json_array(r, "executionSummaries");
        JC_CHECK(ctx, !jc_json_get(r->json, "executionSummaries") || cJSON_GetArraySize(list) == 0,
                 "ListJobExecutionsForJob of an unknown job lists %s", jc_member_text(ctx, r, "executionSummaries"));
    } else {
        jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    }
}

/* A token taken to another list (PG-006): refused with
 * InvalidRequestException, or a page of the request's own list only. */
static void expect_own_page_or_refused(jc_ctx *ctx, jc_response *r, const char *key, const char *const *own,
                                       const char *what)
{
    if (!jc_is_2xx(r)) {
        jc_expect_error(ctx, r, "InvalidRequestException", 400);
        return;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(r, "executionSummaries"))
    {
        const cJSON *k = jc_json_get(it, key);
        JC_CHECK(ctx, cJSON_IsString(k) && jc_in_list(k->valuestring, own),
                 "%s: the page lists %s, which is not in the list asked for", what, jc_json_text(ctx, k));
    }
}

static void s_list_token_elsewhere(jc_ctx *ctx)
{
    const char *jobs_a[3], *jobs_b[3];
    const char *a = jc_thing_with_jobs(ctx, 3, jobs_a);
    const char *b = jc_thing_with_jobs(ctx, 3, jobs_b);
    jc_response *p = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", a), "maxResults=1", NULL);
    jc_require_status(ctx, p, 200);
    const char *token = jc_json_string(p, "nextToken");
    JC_REQUIRE(ctx, token != NULL, "ListJobExecutionsForThing maxResults=1 of 3 executions gave no nextToken");
    const char *own_b[] = {jobs_b[0], jobs_b[1], jobs_b[2], NULL};
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", b),
                             jc_query(ctx, "maxResults=1&nextToken=%s", token), NULL);
    expect_own_page_or_refused(ctx, r, "jobId", own_b, "thing A's token on thing B's list");
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", a),
                jc_query(ctx, "maxResults=1&status=IN_PROGRESS&nextToken=%s", token), NULL);
    static const char *const none[] = {NULL};
    expect_own_page_or_refused(ctx, r, "jobId", none, "an unfiltered token with status=IN_PROGRESS (none is)");

    const char *things[3];
    const char *job_x = jc_job_on_things(ctx, 3, things, NULL);
    const char *others[3];
    const char *job_y = jc_job_on_things(ctx, 3, others, NULL);
    p = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", job_x), "maxResults=1", NULL);
    jc_require_status(ctx, p, 200);
    token = jc_json_string(p, "nextToken");
    JC_REQUIRE(ctx, token != NULL, "ListJobExecutionsForJob maxResults=1 of 3 executions gave no nextToken");
    const char *own_y[] = {jc_thing_arn(ctx, others[0]), jc_thing_arn(ctx, others[1]), jc_thing_arn(ctx, others[2]),
                           NULL};
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", job_y),
                jc_query(ctx, "maxResults=1&nextToken=%s", token), NULL);
    expect_own_page_or_refused(ctx, r, "thingArn", own_y, "job X's token on job Y's list");
}

/* status outside JobExecutionStatus on both lists: InvalidRequestException
 * (WIRE-008), not an empty or unfiltered list. */
static void s_list_status_bogus(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_expect_error(ctx, jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", job), "status=BOGUS", NULL),
                    "InvalidRequestException", 400);
    jc_expect_error(ctx, jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", thing), "status=BOGUS", NULL),
                    "InvalidRequestException", 400);
}

static void s_list_for_unknown_thing(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", jc_name(ctx, "nothing")), NULL,
                             NULL);
    if (r->status == 200) {
        int n = cJSON_GetArraySize(jc_json_array(r, "executionSummaries"));
        JC_CHECK(ctx, n == 0, "ListJobExecutionsForThing of an unknown thing lists %d executions", n);
    } else {
        jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    }
}


/* The latest attempt of a retried execution can be force-deleted like any
 * QUEUED execution (DE-003), the earlier attempt staying where it was. */
static void s_delete_latest_retry(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_job_with(ctx, "{\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\","
                                       "\"numberOfRetries\":1}]}}", &thing);
    long first = exec_long(ctx, jc_require_execution(ctx, thing, job), "execution.executionNumber");
    jc_drive(ctx, thing, job, "FAILED");
    jc_response *now = jc_require_execution(ctx, thing, job);
    const char *st = jc_json_string(now, "execution.status");
    if (!jc_streq(st, "QUEUED")) jc_blocked(ctx, "retry", "the latest execution is %s after FAILED with a retry "
                                            "criterion, expected a QUEUED retry", jc_str_or(st));
    long latest = exec_long(ctx, now, "execution.executionNumber");
    jc_response *r = delete_exec(ctx, thing, job, latest, "force=true");
    JC_CHECK(ctx, jc_is_2xx(r), "DeleteJobExecution ?force=true of the QUEUED retry #%ld gave HTTP %d %s, expected "
             "2xx", latest, r->status, jc_str_or(r->error_code));
    if (latest != first) {
        jc_response *d = jc_describe_execution(ctx, thing, job, jc_query(ctx, "executionNumber=%ld", latest));
        JC_CHECK(ctx, d->status == 404, "the deleted retry #%ld still answers HTTP %d, expected 404", latest, d->status);
        d = jc_describe_execution(ctx, thing, job, jc_query(ctx, "executionNumber=%ld", first));
        JC_CHECK(ctx, d->status == 200 && jc_streq(jc_json_string(d, "execution.status"), "FAILED"),
                 "the first attempt #%ld answers HTTP %d %s after its retry was deleted, expected it FAILED", first,
                 d->status, jc_str_or(jc_json_string(d, "execution.status")));
    }
}

/* A new execution starts at versionNumber 1 and executionNumber 1, and the
 * first device update makes it 2 (spec/mqtt-facts.md, captured payloads). */
static void s_new_execution_numbers(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = jc_require_execution(ctx, thing, job);
    long v = exec_long(ctx, r, "execution.versionNumber"), n = exec_long(ctx, r, "execution.executionNumber");
    JC_CHECK(ctx, v == 1, "a new QUEUED execution has versionNumber %ld, expected 1", v);
    JC_CHECK(ctx, n == 1, "the first execution of a job on a thing has executionNumber %ld, expected 1", n);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_wait_execution_status(ctx, thing, job, "IN_PROGRESS"); /* a read after a change */
    v = exec_long(ctx, jc_require_execution(ctx, thing, job), "execution.versionNumber");
    JC_CHECK(ctx, v == 2, "versionNumber is %ld after the first device update, expected 2", v);
}

/* ---- retry criteria for a failure type and for ALL (RO-006, RO-008) --- */

typedef struct attempt_seen {
    long number, attempt; /* of the execution that failed */
} attempt_seen;

/* The latest execution is past the FAILED one: FAILED itself, or a later
 * attempt (a new executionNumber, or the same with a higher retryAttempt). */
static bool failed_or_later(jc_ctx *ctx, const jc_response *r, void *arg)
{
    (void)ctx;
    const attempt_seen *a = arg;
    double n = -1, at = 0;
    if (r->status != 200 || !jc_json_number(r, "execution.executionNumber", &n)) return false;
    if (!jc_json_number(r, "execution.retryAttempt", &at)) at = 0;
    return jc_streq(jc_json_string(r, "execution.status"), "FAILED") || (long)n > a->number ||
           (long)at > a->attempt;
}

/* Drives the latest execution to FAILED; returns the latest execution read
 * back once it shows FAILED or a later attempt. */
static jc_response *fail_and_read(jc_ctx *ctx, const char *thing, const char *job, attempt_seen *a)
{
    jc_response *r = jc_require_execution(ctx, thing, job);
    a->number = exec_long(ctx, r, "execution.executionNumber");
    double at = 0;
    a->attempt = jc_json_number(r, "execution.retryAttempt", &at) ? (long)at : 0;
    jc_drive(ctx, thing, job, "FAILED");
    return jc_read_until(ctx, JC_CONTROL, jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL, failed_or_later, a);
}

/* numberOfRetries 0 for FAILED beside ALL 2: a FAILED execution gets the
 * retries of its own failure type, none; with TIMED_OUT 0 beside ALL 2 the
 * FAILED execution has no criterion of its own and ALL's retries apply. */
static void s_retry_type_zero_beside_all(jc_ctx *ctx)
{
    /* Only the criterion ALL matches a FAILED execution here, so it decides.
     * (FAILED 0 beside ALL 2 is not judged: no source says whether the
     * specific criterion or ALL wins when both match; see equivalent.txt.) */
    const char *b = NULL;
    const char *retried = jc_job_with(ctx, "{\"jobExecutionsRetryConfig\":{\"criteriaList\":["
                                           "{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":0},"
                                           "{\"failureType\":\"ALL\",\"numberOfRetries\":2}]}}", &b);
    attempt_seen seen;
    jc_response *r = fail_and_read(ctx, b, retried, &seen);
    const char *st = jc_json_string(r, "execution.status");
    JC_CHECK(ctx, r->status == 200 && jc_streq(st, "QUEUED"),
             "after FAILED with criteria TIMED_OUT 0 and ALL 2 the latest execution is %s, expected a QUEUED retry "
             "(ALL covers FAILED)", jc_str_or(st));
}

/* CancelJobExecution while the job is DELETION_IN_PROGRESS (DL-010, [R]
 * which error): the execution takes no new status, so the request is refused
 * with a 4xx the operation's model lists and the execution reads QUEUED (or
 * is already gone). SKIP when the deletion completed before the call. */
static void s_cancel_during_deletion(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", job), "force=true", NULL);
    if (!jc_is_2xx(r)) jc_blocked(ctx, "DeleteJob", "HTTP %d %s", r->status, jc_str_or(r->error_code));
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", job), NULL, NULL);
    if (!jc_streq(jc_json_string(r, "job.status"), "DELETION_IN_PROGRESS"))
        jc_skip(ctx, "the job is not DELETION_IN_PROGRESS (HTTP %d, status %s)", r->status,
                jc_str_or(jc_json_string(r, "job.status")));
    r = jc_cancel_execution(ctx, thing, job, "force=true", NULL);
    static const char *const codes[] = {"InvalidStateTransitionException", "InvalidRequestException",
                                        "ResourceNotFoundException", NULL};
    jc_expect_error_in(ctx, r, codes);
    jc_response *d = jc_describe_execution(ctx, thing, job, NULL);
    if (jc_is_2xx(d)) {
        const char *st = jc_json_string(d, "execution.status");
        JC_CHECK(ctx, jc_streq(st, "QUEUED"), "the execution is %s after CancelJobExecution during the deletion, "
                 "expected QUEUED (it takes no new status)", jc_str_or(st));
    } else {
        jc_expect_error(ctx, d, "ResourceNotFoundException", 404);
    }
}

/* ---- killenc (issue 11): times to the instant of their event ---------- */

/* LC-009: startedAt is the instant the execution became IN_PROGRESS and
 * queuedAt the instant it was queued, so on a virtual clock, which only the
 * scenario moves, startedAt - queuedAt is exactly the time the clock moved in
 * between. A server may give times in whole seconds or a coarser fraction
 * (the model's timestamp allows a fraction, WIRE-009), so the difference is
 * judged to the finest decimal place the two times use. */
static long long secs_to_ms(double secs) { return llround(secs * 1000.0); }

static long long common_precision_ms(long long a, long long b)
{
    static const long long steps[] = {1000, 100, 10};
    for (size_t i = 0; i < JC_COUNT(steps); i++)
        if (a % steps[i] == 0 && b % steps[i] == 0) return steps[i];
    return 1;
}

static void s_started_at_clock_exact(jc_ctx *ctx)
{
    if (!jc_has_data_plane(ctx)) jc_skip(ctx, "no data plane: the execution cannot be started");
    const long moved = 1234; /* not a whole number of seconds, tenths or hundredths */
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *e0 = jc_require_execution(ctx, thing, job);
    double q0 = 0;
    JC_REQUIRE(ctx, jc_json_number(e0, "execution.queuedAt", &q0), "execution.queuedAt is absent or not a number");
    jc_advance(ctx, moved);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_wait_execution_status(ctx, thing, job, "IN_PROGRESS"); /* a read after a change */
    jc_response *e1 = jc_require_execution(ctx, thing, job);
    double q1 = 0, s1 = 0;
    JC_REQUIRE(ctx, jc_json_number(e1, "execution.queuedAt", &q1) && jc_json_number(e1, "execution.startedAt", &s1),
               "execution.queuedAt or startedAt is absent or not a number once IN_PROGRESS");
    JC_CHECK(ctx, q1 == q0, "execution.queuedAt changed from %.3f to %.3f when the execution started", q0, q1);
    long long qm = secs_to_ms(q1), sm = secs_to_ms(s1), p = common_precision_ms(qm, sm);
    long long diff = sm - qm;
    if (jc_has_virtual_clock(ctx)) {
        JC_CHECK(ctx, diff > moved - p && diff < moved + p,
                 "the clock moved %ld ms between queueing and starting the execution, but startedAt - queuedAt is "
                 "%lld ms (queuedAt %.3f, startedAt %.3f; times given to %lld ms)",
                 moved, diff, q1, s1, p);
    } else {
        JC_CHECK(ctx, diff > moved - p,
                 "at least %ld ms passed between queueing and starting the execution, but startedAt - queuedAt is "
                 "%lld ms (queuedAt %.3f, startedAt %.3f)",
                 moved, diff, q1, s1);
    }
}

static const jc_scenario s_table[] = {
    {"executions.cancel-queued", "CancelJobExecution of a QUEUED execution returns 2xx and it becomes CANCELED",
     "CE-001", "smoke", 0, s_cancel_queued,
     JC_OPS("CancelJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"executions.cancel-in-progress-no-force",
     "CancelJobExecution of an IN_PROGRESS execution without force gives InvalidStateTransitionException 409",
     "CE-002,CE-007", "negative", 0, s_cancel_in_progress_no_force,
     JC_OPS("CancelJobExecution", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.cancel-in-progress-force",
     "CancelJobExecution ?force=true of an IN_PROGRESS execution cancels it with forceCanceled true",
     "CE-003,CE-007", "", 0, s_cancel_in_progress_force,
     JC_OPS("CancelJobExecution", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.cancel-terminal",
     "CancelJobExecution of a SUCCEEDED, FAILED, REJECTED or CANCELED execution gives "
     "InvalidStateTransitionException 409 with or without force",
     "CE-004", "negative", 0, s_cancel_terminal,
     JC_OPS("CancelJobExecution", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.cancel-version-mismatch",
     "CancelJobExecution with a wrong expectedVersion gives VersionConflictException 409 and changes nothing",
     "CE-005", "negative", 0, s_cancel_version_mismatch,
     JC_OPS("CancelJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"executions.cancel-version-match", "CancelJobExecution with the current expectedVersion is accepted", "CE-005",
     "", 0, s_cancel_version_match,
     JC_OPS("CancelJobExecution", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.cancel-status-details-10",
     "CancelJobExecution with 10 statusDetails entries is accepted and they are stored", "CE-006,DX-005", "limits", 0,
     s_cancel_status_details_10,
     JC_OPS("CancelJobExecution,DescribeJobExecution", "CreateJob,CreateThing")},
    {"executions.cancel-status-details-11",
     "CancelJobExecution with 11 statusDetails entries gives InvalidRequestException 400", "CE-006",
     "limits,negative", 0, s_cancel_status_details_11,
     JC_OPS("CancelJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"executions.cancel-unknown", "CancelJobExecution on a thing without that job gives ResourceNotFoundException 404",
     "WIRE-012", "negative", 0, s_cancel_unknown,
     JC_OPS("CancelJobExecution", "CreateJob,CreateThing")},
    {"executions.delete-terminal",
     "DeleteJobExecution without force of SUCCEEDED, FAILED, REJECTED and CANCELED executions deletes them",
     "DE-001", "", 0, s_delete_terminal,
     JC_OPS("DeleteJobExecution", "CancelJobExecution,CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.delete-active-no-force",
     "DeleteJobExecution without force of QUEUED or IN_PROGRESS gives InvalidStateTransitionException 409",
     "DE-002", "negative", 0, s_delete_active_no_force,
     JC_OPS("DeleteJobExecution", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.delete-active-force", "DeleteJobExecution ?force=true deletes QUEUED and IN_PROGRESS executions",
     "DE-003", "", 0, s_delete_active_force,
     JC_OPS("DeleteJobExecution", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.delete-unknown-number",
     "DeleteJobExecution of an executionNumber that does not exist gives ResourceNotFoundException 404",
     "WIRE-012", "negative", 0, s_delete_unknown_number,
     JC_OPS("DeleteJobExecution", "CancelJobExecution,CreateJob,DescribeJobExecution,CreateThing")},
    {"executions.delete-non-numeric-number",
     "DeleteJobExecution with a non-numeric executionNumber gives InvalidRequestException 400", "WIRE-008",
     "negative", 0, s_delete_non_numeric,
     JC_OPS("DeleteJobExecution", "CancelJobExecution,CreateJob,DescribeJobExecution,CreateThing")},
    {"executions.describe-every-status",
     "DescribeJobExecution returns QUEUED, IN_PROGRESS, SUCCEEDED and CANCELED executions", "DX-001", "", 0,
     s_describe_every_status,
     JC_OPS("DescribeJobExecution", "CancelJobExecution,CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.describe-members",
     "DescribeJobExecution returns jobId, status, thingArn, times, executionNumber, versionNumber; startedAt once "
     "IN_PROGRESS",
     "DX-004,LC-009", "", 0, s_describe_members,
     JC_OPS("DescribeJobExecution", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.describe-status-details-wrapper",
     "Control-plane execution.statusDetails is the {detailsMap} wrapper holding what the device sent", "DX-005", "",
     0, s_describe_status_details_wrapper,
     JC_OPS("DescribeJobExecution", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.describe-latest", "DescribeJobExecution without executionNumber returns the latest execution",
     "DX-002", "", 0, s_describe_latest,
     JC_OPS("DescribeJobExecution", "CreateJob,ListJobExecutionsForThing,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup")},
    {"executions.describe-by-number", "DescribeJobExecution ?executionNumber= returns that (older) execution",
     "DX-003", "", 0, s_describe_by_number,
     JC_OPS("DescribeJobExecution", "CreateJob,ListJobExecutionsForThing,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup")},
    {"executions.describe-unknown-number",
     "DescribeJobExecution of an executionNumber that does not exist gives ResourceNotFoundException 404; 0 and -1 "
     "(both planes) give ResourceNotFound 404 or InvalidRequest 400", "DX-003,WIRE-012",
     "negative", 0, s_describe_unknown_number,
     JC_OPS("DescribeJobExecution", "CreateJob,CreateThing,iot-jobs-data DescribeJobExecution")},
    {"executions.describe-unknown",
     "DescribeJobExecution for a thing without the job, or an unknown job, gives ResourceNotFoundException 404",
     "WIRE-012", "negative", 0, s_describe_unknown,
     JC_OPS("DescribeJobExecution", "CreateJob,CreateThing")},
    {"executions.list-for-job-all",
     "ListJobExecutionsForJob lists every execution once with thingArn and a full jobExecutionSummary", "LX-001",
     "smoke", 0, s_list_for_job_all,
     JC_OPS("ListJobExecutionsForJob", "CancelJobExecution,CreateJob,CreateThing")},
    {"executions.list-for-thing-all",
     "ListJobExecutionsForThing lists every execution on the thing once with jobId and jobExecutionSummary",
     "LX-002", "smoke", 0, s_list_for_thing_all,
     JC_OPS("ListJobExecutionsForThing", "CancelJobExecution,CreateJob,CreateThing")},
    {"executions.list-for-job-status-filter",
     "ListJobExecutionsForJob ?status= lists exactly the executions in that status, for 7 statuses", "LX-001", "",
     0, s_list_for_job_status_filter,
     JC_OPS("ListJobExecutionsForJob", "CancelJobExecution,CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup,iot-jobs-data UpdateJobExecution")},
    {"executions.list-for-thing-status-filter",
     "ListJobExecutionsForThing ?status= lists exactly the executions in that status, for 6 statuses", "LX-002", "",
     0, s_list_for_thing_status_filter,
     JC_OPS("ListJobExecutionsForThing", "CancelJobExecution,CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.list-for-job-pages-of-1", "ListJobExecutionsForJob walked with maxResults=1: no duplicates or gaps",
     "PG-001,PG-002,PG-003,LX-001", "pagination", 0, s_page_job_1,
     JC_OPS("ListJobExecutionsForJob", "CreateJob,CreateThing")},
    {"executions.list-for-job-pages-of-2", "ListJobExecutionsForJob walked with maxResults=2: no duplicates or gaps",
     "PG-001,PG-002,PG-003,LX-001", "pagination", 0, s_page_job_2,
     JC_OPS("ListJobExecutionsForJob", "CreateJob,CreateThing")},
    {"executions.list-for-thing-pages-of-1",
     "ListJobExecutionsForThing walked with maxResults=1: no duplicates or gaps", "PG-001,PG-002,PG-003,LX-002",
     "pagination", 0, s_page_thing_1,
     JC_OPS("ListJobExecutionsForThing", "CreateJob,CreateThing")},
    {"executions.list-for-thing-pages-of-2",
     "ListJobExecutionsForThing walked with maxResults=2: no duplicates or gaps", "PG-001,PG-002,PG-003,LX-002",
     "pagination", 0, s_page_thing_2,
     JC_OPS("ListJobExecutionsForThing", "CreateJob,CreateThing")},
    {"executions.list-max-results-bounds",
     "Both execution lists accept maxResults 1 and 250 and give InvalidRequestException 400 for 0, 251 and 'ten'",
     "PG-001", "limits,negative,pagination", 0, s_max_results_bounds,
     JC_OPS("ListJobExecutionsForJob,ListJobExecutionsForThing", "CreateJob,CreateThing")},
    {"executions.list-bad-next-token",
     "Both execution lists give InvalidRequestException 400 for a nextToken the server did not issue", "PG-004",
     "negative,pagination", 0, s_bad_next_token,
     JC_OPS("ListJobExecutionsForJob,ListJobExecutionsForThing", "CreateJob,CreateThing")},
    {"executions.list-next-token-stable", "Repeating ListJobExecutionsForJob with the same nextToken returns the same page",
     "PG-005", "pagination", 0, s_next_token_stable,
     JC_OPS("ListJobExecutionsForJob", "CreateJob,CreateThing")},
    {"executions.delete-timed-out",
     "DeleteJobExecution without force of a TIMED_OUT execution deletes it or gives InvalidStateTransitionException 409",
     "DE-004", "timers", JC_NEEDS_CLOCK, s_delete_timed_out,
     JC_OPS("DeleteJobExecution", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.list-for-unknown-job",
     "ListJobExecutionsForJob of an unknown job gives ResourceNotFoundException 404 or an empty list", "LX-003",
     "negative", 0, s_list_for_unknown_job,
     JC_OPS("ListJobExecutionsForJob", "")},
    {"executions.list-token-elsewhere",
     "A nextToken taken to another thing's or job's list, or to another status filter, gives InvalidRequestException "
     "400 or a page of that list only", "PG-006", "negative", 0, s_list_token_elsewhere,
     JC_OPS("ListJobExecutionsForJob,ListJobExecutionsForThing", "CreateJob,CreateThing")},
    {"executions.list-status-bogus",
     "status=BOGUS on ListJobExecutionsForJob and ListJobExecutionsForThing gives InvalidRequestException 400",
     "WIRE-008,LX-001,LX-002", "negative", 0, s_list_status_bogus,
     JC_OPS("ListJobExecutionsForJob,ListJobExecutionsForThing", "CreateJob,CreateThing")},
    {"executions.list-for-unknown-thing",
     "ListJobExecutionsForThing of an unknown thing gives ResourceNotFoundException 404 or an empty list", "LX-003",
     "negative", 0, s_list_for_unknown_thing,
     JC_OPS("ListJobExecutionsForThing", "")},
    {"executions.delete-latest-retry", "DeleteJobExecution ?force=true of a QUEUED retry attempt deletes it and "
     "keeps the earlier FAILED attempt", "DE-003,RO-006", "retry", 0, s_delete_latest_retry,
     JC_OPS("DeleteJobExecution", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.new-execution-numbers", "A new execution has versionNumber 1 and executionNumber 1; the first "
     "device update makes versionNumber 2", "DX-006,DP-011", "", 0, s_new_execution_numbers,
     JC_OPS("DescribeJobExecution,iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    /* issue 11, retry survivor of the mutation campaign (killtimers) */
    {"executions.retry-type-zero-beside-all", "Retry criteria TIMED_OUT 0 and ALL 2: a FAILED execution is "
     "retried under ALL", "RO-006", "retry", 0, s_retry_type_zero_beside_all,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"executions.cancel-during-deletion", "CancelJobExecution of a job DELETION_IN_PROGRESS is refused with a "
     "model-listed 4xx and the execution stays QUEUED", "DL-010", "negative,lifecycle", JC_NEEDS_STILL_CLOCK,
     s_cancel_during_deletion,
     JC_OPS("DeleteJob", "CancelJobExecution,CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"executions.started-at-clock-exact", "startedAt - queuedAt is the time the clock moved between queueing and "
     "starting the execution, to the precision of the times", "LC-009,WIRE-009", "timers", JC_NEEDS_CLOCK,
     s_started_at_clock_exact,
     JC_OPS("DescribeJobExecution", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
};

JC_SUITE(executions, "JobExecutions", s_table);
