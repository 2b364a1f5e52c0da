/* Data-plane suite (iot-jobs-data): GetPendingJobExecutions,
 * StartNextPendingJobExecution, DescribeJobExecution and UpdateJobExecution,
 * with the device transition matrix cell by cell, versions, the include
 * flags, statusDetails limits and stepTimeoutInMinutes values. */
#include <math.h>
#include <string.h>

#include "jc_support.h"

static const char *const service_status_codes[] = {"InvalidRequestException", "InvalidStateTransitionException",
                                                   NULL};

/* ---- requests ---------------------------------------------------------- */

/* Data-plane UpdateJobExecution with a body given as JSON text. */
static jc_response *update_exec(jc_ctx *ctx, const char *thing, const char *job, const char *body)
{
    return jc_call(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL, body);
}

static jc_response *update_status(jc_ctx *ctx, const char *thing, const char *job, const char *status)
{
    return update_exec(ctx, thing, job, jc_str(ctx, "{\"status\":\"%s\"}", status));
}

/* PUT /things/{thing}/jobs/$next with `$next` literal. */
static jc_response *start_next(jc_ctx *ctx, const char *thing, const char *body)
{
    const char *path = jc_str(ctx, "%s/jobs/$next", jc_path(ctx, "/things/%s", thing));
    return jc_call(ctx, JC_DATA, "PUT", path, NULL, body ? body : "{}");
}

static jc_response *data_describe(jc_ctx *ctx, const char *thing, const char *job, const char *query)
{
    return jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, job), query, NULL);
}

static void expect_status_now(jc_ctx *ctx, const char *thing, const char *job, const char *want, const char *when)
{
    const char *st = jc_execution_status(ctx, thing, job);
    JC_CHECK(ctx, jc_streq(st, want), "execution status is %s %s, expected %s", jc_str_or(st), when, want);
}

static bool is_integer(const cJSON *o, const char *member)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, member);
    return cJSON_IsNumber(v) && floor(v->valuedouble) == v->valuedouble;
}

/* Whether a summary list holds exactly the given job ids (in any order). */
static bool list_is(const cJSON *list, const char *const *ids, size_t n)
{
    size_t count = list ? (size_t)cJSON_GetArraySize(list) : 0;
    if (count != n) return false;
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        const cJSON *it;
        cJSON_ArrayForEach(it, list)
        {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "jobId");
            if (cJSON_IsString(id) && jc_streq(id->valuestring, ids[i])) found = true;
        }
        if (!found) return false;
    }
    return true;
}

static const char *list_text(jc_ctx *ctx, const cJSON *list)
{
    if (!list) return "(absent)";
    char *s = cJSON_PrintUnformatted(list);
    const char *out = jc_str(ctx, "%.300s", s ? s : "?");
    cJSON_free(s);
    return out;
}

/* ---- GetPendingJobExecutions ------------------------------------------- */

static void s_pending_lists(jc_ctx *ctx)
{
    const char *jobs[3];
    const char *thing = jc_thing_with_jobs(ctx, 3, jobs);
    jc_device_update(ctx, thing, jobs[0], "IN_PROGRESS", NULL);
    jc_response *r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *inprog = jc_json_array(r, "inProgressJobs");
    const cJSON *queued = jc_json_array(r, "queuedJobs");
    const char *want_in[] = {jobs[0]};
    const char *want_q[] = {jobs[1], jobs[2]};
    JC_CHECK(ctx, list_is(inprog, want_in, 1), "inProgressJobs is %s, expected exactly [%s]", list_text(ctx, inprog),
             jobs[0]);
    JC_CHECK(ctx, list_is(queued, want_q, 2), "queuedJobs is %s, expected exactly [%s, %s]", list_text(ctx, queued),
             jobs[1], jobs[2]);
    static const char *const members[] = {"jobId", "queuedAt", "lastUpdatedAt", "versionNumber", "executionNumber"};
    const cJSON *lists[] = {inprog, queued};
    for (size_t l = 0; l < 2; l++) {
        const cJSON *it;
        cJSON_ArrayForEach(it, lists[l])
        {
            for (size_t m = 0; m < JC_COUNT(members); m++) {
                if (m == 0) {
                    const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "jobId");
                    JC_CHECK(ctx, cJSON_IsString(id), "a %s summary has no string jobId",
                             l ? "queuedJobs" : "inProgressJobs");
                } else {
                    JC_CHECK(ctx, is_integer(it, members[m]), "a %s summary has %s absent or not an integer",
                             l ? "queuedJobs" : "inProgressJobs", members[m]);
                }
            }
        }
    }
}

static void s_pending_excludes_terminal(jc_ctx *ctx)
{
    const char *jobs[2];
    const char *thing = jc_thing_with_jobs(ctx, 2, jobs);
    jc_device_update(ctx, thing, jobs[0], "IN_PROGRESS", NULL);
    jc_device_update(ctx, thing, jobs[0], "SUCCEEDED", NULL);
    jc_device_update(ctx, thing, jobs[1], "REJECTED", NULL);
    jc_response *r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *inprog = jc_json_array(r, "inProgressJobs");
    const cJSON *queued = jc_json_array(r, "queuedJobs");
    JC_CHECK(ctx, list_is(inprog, NULL, 0), "inProgressJobs is %s with only terminal executions, expected empty",
             list_text(ctx, inprog));
    JC_CHECK(ctx, list_is(queued, NULL, 0), "queuedJobs is %s with only terminal executions, expected empty",
             list_text(ctx, queued));
}

static void s_pending_none(jc_ctx *ctx)
{
    const char *thing = jc_create_thing(ctx, "t", NULL);
    jc_response *r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *inprog = jc_json_array(r, "inProgressJobs");
    const cJSON *queued = jc_json_array(r, "queuedJobs");
    JC_CHECK(ctx, list_is(inprog, NULL, 0), "inProgressJobs is %s for a thing without jobs, expected empty or absent",
             list_text(ctx, inprog));
    JC_CHECK(ctx, list_is(queued, NULL, 0), "queuedJobs is %s for a thing without jobs, expected empty or absent",
             list_text(ctx, queued));
}

/* The device API of a thing that does not exist (DP-019, [R] which answer):
 * ResourceNotFoundException 404, or 200 with nothing pending; either way the
 * answer is typed and no thing comes into being. */
static void expect_unknown_thing_answer(jc_ctx *ctx, const jc_response *r, const char *op, const char *member)
{
    if (r->status == 200) {
        const cJSON *v = member ? jc_json_get(r->json, member) : NULL;
        bool empty = !v || cJSON_IsNull(v) || (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0);
        JC_CHECK(ctx, empty, "%s of a thing that does not exist answered 200 with %s %s, expected nothing pending",
                 op, member, list_text(ctx, v));
        return;
    }
    JC_CHECK(ctx, r->status == 404 && jc_streq(r->error_code, "ResourceNotFoundException"),
             "%s of a thing that does not exist: HTTP %d %s, expected ResourceNotFoundException 404 or 200 with "
             "nothing pending", op, r->status, jc_str_or(r->error_code));
}

static void s_unknown_thing_next(jc_ctx *ctx)
{
    const char *ghost = jc_name(ctx, "nothing");
    const char *jobs = jc_path(ctx, "/things/%s/jobs", ghost);
    jc_response *r = jc_call(ctx, JC_DATA, "GET", jobs, NULL, NULL);
    expect_unknown_thing_answer(ctx, r, "GetPendingJobExecutions", "inProgressJobs");
    if (r->status == 200) expect_unknown_thing_answer(ctx, r, "GetPendingJobExecutions", "queuedJobs");
    r = start_next(ctx, ghost, "{\"statusDetails\":{\"k\":\"v\"}}");
    expect_unknown_thing_answer(ctx, r, "StartNextPendingJobExecution", "execution");
    r = data_describe(ctx, ghost, "$next", NULL);
    expect_unknown_thing_answer(ctx, r, "DescribeJobExecution of $next", "execution");
    jc_expect_error(ctx, jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s", ghost), NULL, NULL),
                    "ResourceNotFoundException", 404);
}

/* ---- StartNextPendingJobExecution -------------------------------------- */

static void s_start_next_queue_order(jc_ctx *ctx)
{
    const char *jobs[3];
    const char *thing = jc_thing_with_jobs(ctx, 3, jobs);
    for (size_t i = 0; i < 3; i++) {
        jc_response *r = start_next(ctx, thing, NULL);
        jc_require_status(ctx, r, 200);
        const char *id = jc_json_string(r, "execution.jobId");
        JC_REQUIRE(ctx, jc_streq(id, jobs[i]), "StartNext call %zu returned job %s, expected %s (queue order: %s, %s, %s)",
                   i + 1, jc_str_or(id), jobs[i], jobs[0], jobs[1], jobs[2]);
        jc_device_update(ctx, thing, jobs[i], "SUCCEEDED", NULL);
    }
}

static void s_start_next_in_progress_first(jc_ctx *ctx)
{
    const char *jobs[2];
    const char *thing = jc_thing_with_jobs(ctx, 2, jobs);
    jc_device_update(ctx, thing, jobs[1], "IN_PROGRESS", NULL);
    jc_response *r = start_next(ctx, thing, NULL);
    jc_require_status(ctx, r, 200);
    const char *id = jc_json_string(r, "execution.jobId");
    const char *st = jc_json_string(r, "execution.status");
    JC_CHECK(ctx, jc_streq(id, jobs[1]), "StartNext returned job %s, expected the IN_PROGRESS job %s before the older "
             "QUEUED %s", jc_str_or(id), jobs[1], jobs[0]);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "execution.status is %s, expected IN_PROGRESS", jc_str_or(st));
    expect_status_now(ctx, thing, jobs[0], "QUEUED", "after StartNext returned the IN_PROGRESS job");
}

static void s_start_next_sets_in_progress(jc_ctx *ctx)
{
    const char *jobs[1];
    const char *thing = jc_thing_with_jobs(ctx, 1, jobs);
    jc_response *r = start_next(ctx, thing, "{\"statusDetails\":{\"step\":\"download\"}}");
    jc_require_status(ctx, r, 200);
    const char *id = jc_json_string(r, "execution.jobId");
    const char *st = jc_json_string(r, "execution.status");
    JC_CHECK(ctx, jc_streq(id, jobs[0]), "execution.jobId is %s, expected %s", jc_str_or(id), jobs[0]);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "execution.status is %s, expected IN_PROGRESS", jc_str_or(st));
    jc_response *d = data_describe(ctx, thing, jobs[0], NULL);
    jc_require_status(ctx, d, 200);
    const char *dst = jc_json_string(d, "execution.status");
    const char *step = jc_json_string(d, "execution.statusDetails.step");
    JC_CHECK(ctx, jc_streq(dst, "IN_PROGRESS"), "DescribeJobExecution status is %s after StartNext, expected IN_PROGRESS",
             jc_str_or(dst));
    JC_CHECK(ctx, jc_streq(step, "download"), "statusDetails.step is %s after StartNext, expected 'download'",
             jc_str_or(step));
}

static void s_start_next_nothing(jc_ctx *ctx)
{
    const char *jobs[1];
    const char *thing = jc_thing_with_jobs(ctx, 1, jobs);
    jc_device_update(ctx, thing, jobs[0], "REJECTED", NULL);
    jc_response *r = start_next(ctx, thing, NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *e = jc_json_get(r->json, "execution");
    JC_CHECK(ctx, e == NULL || cJSON_IsNull(e), "StartNext with nothing pending returned an execution: %s",
             list_text(ctx, e));
}

static void s_start_next_encoded(jc_ctx *ctx)
{
    const char *jobs[1];
    const char *thing = jc_thing_with_jobs(ctx, 1, jobs);
    /* jc_path encodes '$' as %24 */
    jc_response *r = jc_call(ctx, JC_DATA, "PUT", jc_path(ctx, "/things/%s/jobs/%s", thing, "$next"), NULL, "{}");
    jc_require_status(ctx, r, 200);
    const char *id = jc_json_string(r, "execution.jobId");
    JC_CHECK(ctx, jc_streq(id, jobs[0]), "PUT .../jobs/%%24next returned job %s, expected %s", jc_str_or(id), jobs[0]);
    expect_status_now(ctx, thing, jobs[0], "IN_PROGRESS", "after PUT .../jobs/%24next");
}

/* ---- DescribeJobExecution ---------------------------------------------- */

static void describe_next(jc_ctx *ctx, bool encoded)
{
    const char *jobs[2];
    const char *thing = jc_thing_with_jobs(ctx, 2, jobs);
    const char *path = encoded ? jc_path(ctx, "/things/%s/jobs/%s", thing, "$next")
                               : jc_str(ctx, "%s/jobs/$next", jc_path(ctx, "/things/%s", thing));
    jc_response *r = jc_call(ctx, JC_DATA, "GET", path, NULL, NULL);
    jc_require_status(ctx, r, 200);
    const char *id = jc_json_string(r, "execution.jobId");
    const char *st = jc_json_string(r, "execution.status");
    JC_CHECK(ctx, jc_streq(id, jobs[0]), "GET %s returned job %s, expected the oldest QUEUED %s", path, jc_str_or(id),
             jobs[0]);
    JC_CHECK(ctx, jc_streq(st, "QUEUED"), "GET %s returned status %s, expected QUEUED (describe changes nothing)", path,
             jc_str_or(st));
    expect_status_now(ctx, thing, jobs[0], "QUEUED", "after describing $next");
}

static void s_describe_next_literal(jc_ctx *ctx) { describe_next(ctx, false); }
static void s_describe_next_encoded(jc_ctx *ctx) { describe_next(ctx, true); }

static void s_describe_members(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = data_describe(ctx, thing, job, NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *e = jc_json_object(r, "execution");
    JC_REQUIRE(ctx, e != NULL, "the response has no execution object");
    JC_CHECK(ctx, jc_streq(jc_json_string(r, "execution.jobId"), job), "execution.jobId is %s, expected %s",
             jc_str_or(jc_json_string(r, "execution.jobId")), job);
    JC_CHECK(ctx, jc_streq(jc_json_string(r, "execution.thingName"), thing), "execution.thingName is %s, expected %s",
             jc_str_or(jc_json_string(r, "execution.thingName")), thing);
    JC_CHECK(ctx, jc_streq(jc_json_string(r, "execution.status"), "QUEUED"), "execution.status is %s, expected QUEUED",
             jc_str_or(jc_json_string(r, "execution.status")));
    static const char *const ints[] = {"queuedAt", "lastUpdatedAt", "versionNumber", "executionNumber"};
    for (size_t i = 0; i < JC_COUNT(ints); i++)
        JC_CHECK(ctx, is_integer(e, ints[i]), "execution.%s is absent or not an integer", ints[i]);
    /* jobDocument without includeJobDocument: the sources disagree on the default (DP-018), so not judged */
}

/* The data plane's times are the control plane's for the same execution,
 * in whole seconds (or milliseconds, WIRE-009): the same instants, not merely
 * plausible ones. */
static void s_times_match_control_plane(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_response *c = jc_require_execution(ctx, thing, job);
    jc_response *d = data_describe(ctx, thing, job, NULL);
    jc_require_status(ctx, d, 200);
    static const char *const names[] = {"queuedAt", "startedAt", "lastUpdatedAt"};
    for (size_t i = 0; i < JC_COUNT(names); i++) {
        double cv = -1, dv = -1;
        bool have = jc_json_number(c, jc_str(ctx, "execution.%s", names[i]), &cv) &&
                    jc_json_number(d, jc_str(ctx, "execution.%s", names[i]), &dv);
        bool same = have && (dv < 1e11 ? fabs(dv - cv) < 1.0 : fabs(dv - cv * 1000.0) < 1000.0);
        JC_CHECK(ctx, same, "data-plane execution.%s is %.3f, control-plane %.3f: not the same instant", names[i], dv,
                 cv);
    }
}

static void s_describe_include_document(jc_ctx *ctx)
{
    const char *arn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *doc = "{\"operation\":\"install\",\"version\":\"1.2.3\"}";
    const char *job = jc_create_job(ctx, NULL, doc, targets, NULL);
    jc_response *r = data_describe(ctx, thing, job, "includeJobDocument=true");
    jc_require_status(ctx, r, 200);
    const char *got = jc_json_string(r, "execution.jobDocument");
    JC_CHECK(ctx, jc_streq(got, doc), "execution.jobDocument is %s with includeJobDocument=true, expected %s",
             jc_str_or(got), doc);
    r = data_describe(ctx, thing, job, "includeJobDocument=false");
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, jc_json_get(r->json, "execution.jobDocument") == NULL,
             "execution.jobDocument is present with includeJobDocument=false");
}

static void s_describe_execution_number(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = data_describe(ctx, thing, job, NULL);
    jc_require_status(ctx, r, 200);
    double n = 0;
    JC_REQUIRE(ctx, jc_json_number(r, "execution.executionNumber", &n), "execution.executionNumber is absent");
    r = data_describe(ctx, thing, job, jc_query(ctx, "executionNumber=%lld", (long long)n));
    jc_require_status(ctx, r, 200);
    double got = -1;
    JC_CHECK(ctx, jc_json_number(r, "execution.executionNumber", &got) && got == n,
             "?executionNumber=%lld returned executionNumber %lld", (long long)n, (long long)got);
    r = data_describe(ctx, thing, job, jc_query(ctx, "executionNumber=%lld", (long long)n + 1000));
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

static void s_describe_unknown(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = data_describe(ctx, thing, jc_name(ctx, "nojob"), NULL);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    r = data_describe(ctx, jc_name(ctx, "nothing"), job, NULL);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

static void s_describe_terminal(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_device_update(ctx, thing, job, "SUCCEEDED", NULL);
    jc_response *r = data_describe(ctx, thing, job, NULL);
    if (r->status == 200) {
        const char *st = jc_json_string(r, "execution.status");
        JC_CHECK(ctx, jc_streq(st, "SUCCEEDED"), "data-plane DescribeJobExecution of a SUCCEEDED execution shows %s",
                 jc_str_or(st));
    } else {
        jc_expect_error(ctx, r, "TerminalStateException", 410);
    }
}

/* ---- UpdateJobExecution: accepted device transitions ------------------- */

/* Applies `to` with statusDetails {"cell":"<from>-<to>"} and checks the
 * response and the execution afterwards. */
static void transition_ok(jc_ctx *ctx, const char *from, const char *to)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    if (jc_streq(from, "IN_PROGRESS")) jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    const char *cell = jc_str(ctx, "%s-%s", from, to);
    jc_response *r = update_exec(ctx, thing, job,
                                 jc_str(ctx, "{\"status\":\"%s\",\"statusDetails\":{\"cell\":\"%s\"}}", to, cell));
    JC_REQUIRE(ctx, r->status == 200, "UpdateJobExecution %s -> %s: HTTP %d %s, expected 200", from, to, r->status,
               jc_str_or(r->error_code));
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL, NULL);
    jc_require_status(ctx, d, 200);
    const char *st = jc_json_string(d, "execution.status");
    /* the wrapper form is DX-005's business: accept the flat map too */
    const char *det = jc_json_string(d, "execution.statusDetails.detailsMap.cell");
    if (!det) det = jc_json_string(d, "execution.statusDetails.cell");
    JC_CHECK(ctx, jc_streq(st, to), "after %s -> %s the execution is %s", from, to, jc_str_or(st));
    JC_CHECK(ctx, jc_streq(det, cell), "after %s -> %s statusDetails.detailsMap.cell is %s, expected %s", from, to,
             jc_str_or(det), cell);
}

static void s_queued_to_in_progress(jc_ctx *ctx) { transition_ok(ctx, "QUEUED", "IN_PROGRESS"); }
static void s_queued_to_rejected(jc_ctx *ctx) { transition_ok(ctx, "QUEUED", "REJECTED"); }
static void s_in_progress_to_in_progress(jc_ctx *ctx) { transition_ok(ctx, "IN_PROGRESS", "IN_PROGRESS"); }
static void s_in_progress_to_succeeded(jc_ctx *ctx) { transition_ok(ctx, "IN_PROGRESS", "SUCCEEDED"); }
static void s_in_progress_to_failed(jc_ctx *ctx) { transition_ok(ctx, "IN_PROGRESS", "FAILED"); }
static void s_in_progress_to_rejected(jc_ctx *ctx) { transition_ok(ctx, "IN_PROGRESS", "REJECTED"); }

/* [R] QUEUED -> SUCCEEDED | FAILED: accepted (the status changes) or 409
 * (nothing changes). */
static void s_queued_to_final(jc_ctx *ctx)
{
    static const char *const tos[] = {"SUCCEEDED", "FAILED"};
    for (size_t i = 0; i < 2; i++) {
        const char *thing = NULL;
        const char *job = jc_create_job_on_new_thing(ctx, &thing);
        jc_response *r = update_status(ctx, thing, job, tos[i]);
        const char *st = jc_execution_status(ctx, thing, job);
        if (r->status == 200) {
            JC_CHECK(ctx, jc_streq(st, tos[i]), "cell QUEUED -> %s: accepted (200) but the execution is %s", tos[i],
                     jc_str_or(st));
        } else {
            JC_CHECK(ctx, r->status == 409 && jc_streq(r->error_code, "InvalidStateTransitionException"),
                     "cell QUEUED -> %s: HTTP %d %s, expected 200 or InvalidStateTransitionException 409", tos[i],
                     r->status, jc_str_or(r->error_code));
            JC_CHECK(ctx, jc_streq(st, "QUEUED"), "cell QUEUED -> %s: refused but the execution is now %s", tos[i],
                     jc_str_or(st));
        }
    }
}

/* ---- UpdateJobExecution: terminal statuses refuse everything ----------- */

static void terminal_matrix(jc_ctx *ctx, const char *thing, const char *job, const char *from)
{
    static const char *const device[] = {"IN_PROGRESS", "SUCCEEDED", "FAILED", "REJECTED"};
    static const char *const service[] = {"QUEUED", "TIMED_OUT", "REMOVED", "CANCELED"};
    for (size_t i = 0; i < JC_COUNT(device); i++) {
        jc_response *r = update_status(ctx, thing, job, device[i]);
        if (jc_streq(device[i], from)) {
            /* [R] DP-008: repeating the own terminal status is a no-op 200 or a 409 */
            JC_CHECK_REQ(ctx, "DP-008", r->status == 200 || (r->status == 409 && jc_streq(r->error_code,
                                                                          "InvalidStateTransitionException")),
                     "cell %s -> %s: HTTP %d %s, expected 200 (no change) or InvalidStateTransitionException 409",
                     from, device[i], r->status, jc_str_or(r->error_code));
        } else {
            JC_CHECK_REQ(ctx, "DP-007", r->status == 409 && jc_streq(r->error_code, "InvalidStateTransitionException"),
                     "cell %s -> %s: HTTP %d %s, expected InvalidStateTransitionException 409", from, device[i],
                     r->status, jc_str_or(r->error_code));
        }
        const char *st = jc_execution_status(ctx, thing, job);
        JC_CHECK_REQ(ctx, "DP-007", jc_streq(st, from), "cell %s -> %s: the execution is now %s, expected it to stay %s",
                     from, device[i], jc_str_or(st), from);
    }
    for (size_t i = 0; i < JC_COUNT(service); i++) {
        jc_response *r = update_status(ctx, thing, job, service[i]);
        JC_CHECK_REQ(ctx, "DP-009", r->status >= 400 && r->status < 500, "cell %s -> %s: HTTP %d, expected a 4xx",
                     from, service[i], r->status);
        /* repeating the own service status (CANCELED -> CANCELED) may also be refused by either code */
        bool typed = jc_streq(r->error_code, service_status_codes[0]) || jc_streq(r->error_code, service_status_codes[1]);
        JC_CHECK_REQ(ctx, "DP-010", typed, "cell %s -> %s: HTTP %d %s, expected InvalidRequestException or "
                     "InvalidStateTransitionException", from, service[i], r->status, jc_str_or(r->error_code));
        const char *st = jc_execution_status(ctx, thing, job);
        JC_CHECK_REQ(ctx, "DP-009", jc_streq(st, from), "cell %s -> %s: the execution is now %s, expected it to stay %s",
                     from, service[i], jc_str_or(st), from);
    }
}

static void terminal_by_device(jc_ctx *ctx, const char *from)
{
    jc_req_scope(ctx, "DP-007"); /* setup; each check of the matrix names its own */
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    if (!jc_streq(from, "REJECTED")) jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_device_update(ctx, thing, job, from, NULL);
    terminal_matrix(ctx, thing, job, from);
}

static void s_from_succeeded(jc_ctx *ctx) { terminal_by_device(ctx, "SUCCEEDED"); }
static void s_from_failed(jc_ctx *ctx) { terminal_by_device(ctx, "FAILED"); }
static void s_from_rejected(jc_ctx *ctx) { terminal_by_device(ctx, "REJECTED"); }

static void s_from_canceled(jc_ctx *ctx)
{
    jc_req_scope(ctx, "DP-007"); /* setup; each check of the matrix names its own */
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *c =
        jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/things/%s/jobs/%s/cancel", thing, job), NULL, "{}");
    JC_REQUIRE(ctx, c->status >= 200 && c->status < 300, "setup: CancelJobExecution: HTTP %d %s", c->status,
               jc_str_or(c->error_code));
    jc_wait_execution_status(ctx, thing, job, "CANCELED"); /* a read after a change */
    const char *st = jc_execution_status(ctx, thing, job);
    if (!jc_streq(st, "CANCELED")) jc_skip(ctx, "setup: the canceled execution is %s, not CANCELED", jc_str_or(st));
    terminal_matrix(ctx, thing, job, "CANCELED");
}

static void s_from_timed_out(jc_ctx *ctx)
{
    jc_req_scope(ctx, "DP-007"); /* setup; each check of the matrix names its own */
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = update_exec(ctx, thing, job, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":1}");
    JC_REQUIRE(ctx, r->status == 200, "setup: IN_PROGRESS with stepTimeoutInMinutes 1: HTTP %d %s", r->status,
               jc_str_or(r->error_code));
    jc_advance(ctx, 61000);
    jc_wait_execution_status(ctx, thing, job, "TIMED_OUT"); /* a read after a change */
    const char *st = jc_execution_status(ctx, thing, job);
    if (!jc_streq(st, "TIMED_OUT")) jc_skip(ctx, "setup: the step timer left the execution %s, not TIMED_OUT", jc_str_or(st));
    terminal_matrix(ctx, thing, job, "TIMED_OUT");
}

static void s_from_removed(jc_ctx *ctx)
{
    jc_req_scope(ctx, "DP-007"); /* setup; each check of the matrix names its own */
    const char *group = NULL, *thing = NULL;
    const char *job = jc_continuous_on_group(ctx, 1, &thing, &group);
    jc_remove_from_group(ctx, group, thing);
    jc_wait_execution_status(ctx, thing, job, "REMOVED"); /* a read after a change */
    const char *st = jc_execution_status(ctx, thing, job);
    if (!jc_streq(st, "REMOVED")) jc_skip(ctx, "setup: leaving the group left the execution %s, not REMOVED", jc_str_or(st));
    terminal_matrix(ctx, thing, job, "REMOVED");
}

/* ---- UpdateJobExecution: statuses only the service sets ---------------- */

static void service_statuses(jc_ctx *ctx, const char *from)
{
    static const char *const service[] = {"QUEUED", "TIMED_OUT", "REMOVED", "CANCELED"};
    jc_req_scope(ctx, "DP-009"); /* setup; each check names its own */
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    if (jc_streq(from, "IN_PROGRESS")) jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    for (size_t i = 0; i < JC_COUNT(service); i++) {
        if (jc_streq(service[i], from)) continue;
        jc_response *r = update_status(ctx, thing, job, service[i]);
        JC_CHECK_REQ(ctx, "DP-009", r->status >= 400 && r->status < 500,
                     "device sets %s on a %s execution: HTTP %d, expected a 4xx", service[i], from, r->status);
        if (r->status >= 400 && r->status < 500) {
            jc_req_scope(ctx, "DP-010");
            jc_expect_error_in(ctx, r, service_status_codes);
            jc_req_scope(ctx, "DP-009");
        }
        const char *st = jc_execution_status(ctx, thing, job);
        JC_CHECK_REQ(ctx, "DP-009", jc_streq(st, from), "device sets %s on a %s execution: the execution is now %s",
                     service[i], from, jc_str_or(st));
    }
    if (jc_streq(from, "QUEUED")) {
        /* QUEUED -> QUEUED is no device transition either */
        jc_response *r = update_status(ctx, thing, job, "QUEUED");
        JC_CHECK_REQ(ctx, "DP-009", r->status >= 400 && r->status < 500, "device sets QUEUED on a QUEUED execution: "
                     "HTTP %d, expected a 4xx", r->status);
    }
}

static void s_service_statuses_queued(jc_ctx *ctx) { service_statuses(ctx, "QUEUED"); }
static void s_service_statuses_in_progress(jc_ctx *ctx) { service_statuses(ctx, "IN_PROGRESS"); }

static void s_invalid_status(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = update_status(ctx, thing, job, "DONE");
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    r = update_exec(ctx, thing, job, "{\"statusDetails\":{\"a\":\"b\"}}");
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    expect_status_now(ctx, thing, job, "QUEUED", "after refused updates");
}

static void s_update_unknown(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = update_status(ctx, thing, jc_name(ctx, "nojob"), "IN_PROGRESS");
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    const char *other = jc_create_thing(ctx, "other", NULL);
    r = update_status(ctx, other, job, "IN_PROGRESS");
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    r = update_status(ctx, jc_name(ctx, "nothing"), job, "IN_PROGRESS");
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

/* ---- versions ---------------------------------------------------------- */

static void s_version_increases(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *d = data_describe(ctx, thing, job, NULL);
    jc_require_status(ctx, d, 200);
    double v0 = -1;
    JC_REQUIRE(ctx, jc_json_number(d, "execution.versionNumber", &v0), "execution.versionNumber is absent");
    static const char *const steps[] = {"IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"};
    long prev = (long)v0;
    for (size_t i = 0; i < JC_COUNT(steps); i++) {
        long v = -1;
        jc_device_update(ctx, thing, job, steps[i], &v);
        JC_CHECK(ctx, v > prev, "update %zu (%s): executionState.versionNumber is %ld, expected more than %ld", i + 1,
                 steps[i], v, prev);
        if (v > prev) prev = v;
    }
}

static void s_expected_version_mismatch(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    long v = -1;
    jc_device_update(ctx, thing, job, "IN_PROGRESS", &v);
    JC_REQUIRE(ctx, v >= 0, "executionState.versionNumber is absent");
    jc_response *r = update_exec(
        ctx, thing, job,
        jc_str(ctx, "{\"status\":\"SUCCEEDED\",\"expectedVersion\":%ld,\"includeJobExecutionState\":true}", v + 5));
    JC_CHECK_REQ(ctx, "DP-012", r->status >= 400 && r->status < 500, "expectedVersion %ld against version %ld: HTTP %d %s, "
                 "expected a 4xx", v + 5, v, r->status, jc_str_or(r->error_code));
    JC_CHECK_REQ(ctx, "DP-013", r->status == 409, "expectedVersion %ld against version %ld: HTTP %d %s, expected a 409", v + 5,
                 v, r->status, jc_str_or(r->error_code));
    expect_status_now(ctx, thing, job, "IN_PROGRESS", "after an update with a wrong expectedVersion");
    r = update_exec(ctx, thing, job, jc_str(ctx, "{\"status\":\"SUCCEEDED\",\"expectedVersion\":%ld}", v - 1));
    JC_CHECK_REQ(ctx, "DP-012", r->status >= 400 && r->status < 500, "expectedVersion %ld (an older version) against %ld: "
                 "HTTP %d %s, expected a 4xx", v - 1, v, r->status, jc_str_or(r->error_code));
    JC_CHECK_REQ(ctx, "DP-013", r->status == 409, "expectedVersion %ld (an older version) against %ld: HTTP %d %s, expected a 409",
                 v - 1, v, r->status, jc_str_or(r->error_code));
    expect_status_now(ctx, thing, job, "IN_PROGRESS", "after an update with an older expectedVersion");
}

static void s_expected_version_match(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    long v = -1;
    jc_device_update(ctx, thing, job, "IN_PROGRESS", &v);
    JC_REQUIRE(ctx, v >= 0, "executionState.versionNumber is absent");
    jc_response *r =
        update_exec(ctx, thing, job, jc_str(ctx, "{\"status\":\"SUCCEEDED\",\"expectedVersion\":%ld}", v));
    JC_CHECK(ctx, r->status == 200, "expectedVersion %ld equal to the current version: HTTP %d %s, expected 200", v,
             r->status, jc_str_or(r->error_code));
    expect_status_now(ctx, thing, job, "SUCCEEDED", "after an update with the matching expectedVersion");
}

/* ---- include flags ----------------------------------------------------- */

static void s_include_execution_state(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = update_exec(ctx, thing, job, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"v1\"}}");
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, jc_json_get(r->json, "executionState") == NULL,
             "executionState is present without includeJobExecutionState");
    r = update_exec(ctx, thing, job,
                    "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"v2\"},\"includeJobExecutionState\":true}");
    jc_require_status(ctx, r, 200);
    const char *st = jc_json_string(r, "executionState.status");
    const char *k = jc_json_string(r, "executionState.statusDetails.k");
    double v;
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "executionState.status is %s, expected IN_PROGRESS", jc_str_or(st));
    JC_CHECK(ctx, jc_streq(k, "v2"), "executionState.statusDetails.k is %s, expected v2", jc_str_or(k));
    JC_CHECK(ctx, jc_json_number(r, "executionState.versionNumber", &v), "executionState.versionNumber is absent");
    r = update_exec(ctx, thing, job, "{\"status\":\"IN_PROGRESS\",\"includeJobExecutionState\":false}");
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, jc_json_get(r->json, "executionState") == NULL,
             "executionState is present with includeJobExecutionState false");
}

static void s_include_job_document(jc_ctx *ctx)
{
    const char *arn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *doc = "{\"operation\":\"reboot\",\"delay\":5}";
    const char *job = jc_create_job(ctx, NULL, doc, targets, NULL);
    jc_response *r = update_exec(ctx, thing, job, "{\"status\":\"IN_PROGRESS\"}");
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, jc_json_get(r->json, "jobDocument") == NULL, "jobDocument is present without includeJobDocument");
    r = update_exec(ctx, thing, job, "{\"status\":\"IN_PROGRESS\",\"includeJobDocument\":true}");
    jc_require_status(ctx, r, 200);
    const char *got = jc_json_string(r, "jobDocument");
    JC_CHECK(ctx, jc_streq(got, doc), "jobDocument is %s with includeJobDocument true, expected %s", jc_str_or(got), doc);
    r = update_exec(ctx, thing, job, "{\"status\":\"IN_PROGRESS\",\"includeJobDocument\":false}");
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, jc_json_get(r->json, "jobDocument") == NULL, "jobDocument is present with includeJobDocument false");
}

/* ---- statusDetails limits ---------------------------------------------- */

static const char *details_body(jc_ctx *ctx, size_t entries, size_t value_len)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "status", "IN_PROGRESS");
    cJSON *d = cJSON_AddObjectToObject(b, "statusDetails");
    for (size_t i = 0; i < entries; i++) {
        char key[32];
        snprintf(key, sizeof key, "k%zu", i);
        cJSON_AddStringToObject(d, key, i == 0 ? jc_repeat(ctx, 'v', value_len) : "v");
    }
    char *s = cJSON_PrintUnformatted(b);
    cJSON_Delete(b);
    const char *out = jc_str(ctx, "%s", s ? s : "{}");
    cJSON_free(s);
    return out;
}

/* `req` is the limit's requirement; `after_req` the read-back's once the
 * limit held (the accepted update applied: DP-005 for 10 entries). */
static void details_case(jc_ctx *ctx, size_t entries, size_t value_len, bool accepted, const char *req,
                         const char *after_req)
{
    jc_req_scope(ctx, req);
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *r = update_exec(ctx, thing, job, details_body(ctx, entries, value_len));
    if (accepted) {
        JC_REQUIRE(ctx, r->status == 200, "statusDetails with %zu entries, longest value %zu characters: HTTP %d %s, "
                 "expected 200", entries, value_len, r->status, jc_str_or(r->error_code));
        jc_req_scope(ctx, after_req);
        expect_status_now(ctx, thing, job, "IN_PROGRESS", "after the accepted update");
    } else {
        jc_expect_error(ctx, r, "InvalidRequestException", 400);
        expect_status_now(ctx, thing, job, "QUEUED", "after the refused update");
    }
}

static void s_details_10_entries(jc_ctx *ctx) { details_case(ctx, 10, 1, true, "DP-017", "DP-005"); }
static void s_details_11_entries(jc_ctx *ctx) { details_case(ctx, 11, 1, false, "DP-017", "DP-017"); }
/* DetailsValue is 1.. characters of [^\p{C}]: an empty value is refused (WIRE-008) */
static void s_details_value_empty(jc_ctx *ctx) { details_case(ctx, 1, 0, false, "WIRE-008", "WIRE-008"); }
static void s_details_value_1024(jc_ctx *ctx) { details_case(ctx, 1, 1024, true, "WIRE-008", "WIRE-008"); }
static void s_details_value_1025(jc_ctx *ctx) { details_case(ctx, 1, 1025, false, "WIRE-008", "WIRE-008"); }

/* UpdateJobExecution without its required `status`: InvalidRequestException
 * 400 and the execution unchanged (WIRE-008). */
static void s_update_status_missing(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *before = jc_require_execution(ctx, thing, job);
    jc_response *r = update_exec(ctx, thing, job, "{\"statusDetails\":{\"k\":\"v\"}}");
    static const char *const paths[] = {"execution.status", "execution.versionNumber", "execution.statusDetails",
                                        NULL};
    jc_expect_refused_unchanged(ctx, r, "InvalidRequestException", 400, before, jc_require_execution(ctx, thing, job),
                                paths, "UpdateJobExecution without status");
}

/* ---- stepTimeoutInMinutes values --------------------------------------- */

static void s_step_timeout_accepted(jc_ctx *ctx)
{
    static const long values[] = {1, 10080, -1};
    for (size_t i = 0; i < JC_COUNT(values); i++) {
        const char *thing = NULL;
        const char *job = jc_create_job_on_new_thing(ctx, &thing);
        jc_response *r = update_exec(
            ctx, thing, job, jc_str(ctx, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":%ld}", values[i]));
        JC_CHECK(ctx, r->status == 200, "UpdateJobExecution stepTimeoutInMinutes %ld: HTTP %d %s, expected 200",
                 values[i], r->status, jc_str_or(r->error_code));
    }
    for (size_t i = 0; i < JC_COUNT(values); i++) {
        const char *jobs[1];
        const char *thing = jc_thing_with_jobs(ctx, 1, jobs);
        jc_response *r = start_next(ctx, thing, jc_str(ctx, "{\"stepTimeoutInMinutes\":%ld}", values[i]));
        JC_CHECK(ctx, r->status == 200, "StartNext stepTimeoutInMinutes %ld: HTTP %d %s, expected 200", values[i],
                 r->status, jc_str_or(r->error_code));
        expect_status_now(ctx, thing, jobs[0], "IN_PROGRESS",
                          jc_str(ctx, "after StartNext with stepTimeoutInMinutes %ld", values[i]));
    }
}

static void s_step_timeout_refused(jc_ctx *ctx)
{
    static const long values[] = {0, 10081, -2};
    for (size_t i = 0; i < JC_COUNT(values); i++) {
        const char *thing = NULL;
        const char *job = jc_create_job_on_new_thing(ctx, &thing);
        jc_response *r = update_exec(
            ctx, thing, job, jc_str(ctx, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":%ld}", values[i]));
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "UpdateJobExecution stepTimeoutInMinutes %ld: HTTP %d %s, expected InvalidRequestException 400",
                 values[i], r->status, jc_str_or(r->error_code));
        expect_status_now(ctx, thing, job, "QUEUED", jc_str(ctx, "after stepTimeoutInMinutes %ld was refused",
                                                             values[i]));
    }
    for (size_t i = 0; i < JC_COUNT(values); i++) {
        const char *jobs[1];
        const char *thing = jc_thing_with_jobs(ctx, 1, jobs);
        jc_response *r = start_next(ctx, thing, jc_str(ctx, "{\"stepTimeoutInMinutes\":%ld}", values[i]));
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "StartNext stepTimeoutInMinutes %ld: HTTP %d %s, expected InvalidRequestException 400", values[i],
                 r->status, jc_str_or(r->error_code));
        expect_status_now(ctx, thing, jobs[0], "QUEUED",
                          jc_str(ctx, "after StartNext with stepTimeoutInMinutes %ld was refused", values[i]));
    }
}

/* ---- killenc (issue 11): pending summaries against the executions ------ */

/* The summary of one job in a GetPendingJobExecutions list. */
static const cJSON *pending_summary(const jc_response *r, const char *list, const char *job)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(r, list))
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "jobId");
        if (cJSON_IsString(id) && strcmp(id->valuestring, job) == 0) return it;
    }
    return NULL;
}

typedef struct {
    const char *in_progress, *queued;
} pending_pair;

static bool pending_shows_pair(jc_ctx *ctx, const jc_response *r, void *arg)
{
    (void)ctx;
    const pending_pair *p = arg;
    return r->status == 200 && pending_summary(r, "inProgressJobs", p->in_progress) &&
           pending_summary(r, "queuedJobs", p->queued);
}

static bool describes_status(jc_ctx *ctx, const jc_response *r, void *arg)
{
    (void)ctx;
    return r->status == 200 && jc_streq(jc_json_string(r, "execution.status"), (const char *)arg);
}

/* DP-001, LC-009: a summary in GetPendingJobExecutions and the data-plane
 * DescribeJobExecution of the same execution, with nothing changed in
 * between, give the same queuedAt, lastUpdatedAt, versionNumber and
 * executionNumber; startedAt, optional in a summary, is when present the
 * execution's own, so a QUEUED execution (never started) has none. */
static void compare_summary(jc_ctx *ctx, const cJSON *sum, const jc_response *d, const char *job, const char *status)
{
    static const char *const members[] = {"queuedAt", "lastUpdatedAt", "versionNumber", "executionNumber", "startedAt"};
    for (size_t m = 0; m < JC_COUNT(members); m++) {
        const cJSON *sv = cJSON_GetObjectItemCaseSensitive(sum, members[m]);
        const cJSON *dv = jc_json_get(d->json, jc_str(ctx, "execution.%s", members[m]));
        bool optional = m == JC_COUNT(members) - 1;
        if (optional && (!sv || cJSON_IsNull(sv))) continue;
        JC_CHECK(ctx, cJSON_IsNumber(sv) && cJSON_IsNumber(dv) && sv->valuedouble == dv->valuedouble,
                 "%s execution of job %s: its pending summary has %s %s, DescribeJobExecution has %s", status, job,
                 members[m], jc_json_text(ctx, sv), jc_json_text(ctx, dv));
    }
}

static void s_pending_summary_matches_execution(jc_ctx *ctx)
{
    const char *jobs[2];
    const char *thing = jc_thing_with_jobs(ctx, 2, jobs);
    jc_device_update(ctx, thing, jobs[0], "IN_PROGRESS", NULL);
    pending_pair pair = {jobs[0], jobs[1]};
    jc_response *r = jc_read_until(ctx, JC_DATA, jc_path(ctx, "/things/%s/jobs", thing), NULL, pending_shows_pair, &pair);
    jc_require_status(ctx, r, 200);
    const cJSON *started = pending_summary(r, "inProgressJobs", jobs[0]);
    const cJSON *queued = pending_summary(r, "queuedJobs", jobs[1]);
    JC_REQUIRE(ctx, started && queued, "GetPendingJobExecutions does not list %s as in progress and %s as queued: %.300s",
               jobs[0], jobs[1], r->body ? r->body : "");
    jc_response *d0 = jc_read_until(ctx, JC_DATA, jc_path(ctx, "/things/%s/jobs/%s", thing, jobs[0]), NULL,
                                    describes_status, (void *)"IN_PROGRESS");
    jc_require_status(ctx, d0, 200);
    jc_response *d1 = jc_read_until(ctx, JC_DATA, jc_path(ctx, "/things/%s/jobs/%s", thing, jobs[1]), NULL,
                                    describes_status, (void *)"QUEUED");
    jc_require_status(ctx, d1, 200);
    compare_summary(ctx, started, d0, jobs[0], "the IN_PROGRESS");
    compare_summary(ctx, queued, d1, jobs[1], "the QUEUED");
}

static const jc_scenario s_table[] = {
    {"dataplane.pending-lists", "GetPendingJobExecutions lists IN_PROGRESS and QUEUED executions with integer summary "
     "members", "DP-001", "smoke", 0, s_pending_lists,
     JC_OPS("iot-jobs-data GetPendingJobExecutions,iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"dataplane.pending-excludes-terminal", "GetPendingJobExecutions lists no terminal execution", "DP-001", "", 0,
     s_pending_excludes_terminal,
     JC_OPS("iot-jobs-data GetPendingJobExecutions,iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"dataplane.pending-none", "GetPendingJobExecutions of a thing without jobs is 200 with empty lists", "DP-001", "",
     0, s_pending_none,
     JC_OPS("iot-jobs-data GetPendingJobExecutions", "CreateThing")},
    {"dataplane.start-next-queue-order", "StartNextPendingJobExecution takes QUEUED executions in queue order",
     "DP-002", "", 0, s_start_next_queue_order,
     JC_OPS("iot-jobs-data StartNextPendingJobExecution,iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"dataplane.start-next-in-progress-first", "StartNextPendingJobExecution returns the IN_PROGRESS execution "
     "before an older QUEUED one", "DP-002", "", 0, s_start_next_in_progress_first,
     JC_OPS("iot-jobs-data StartNextPendingJobExecution,iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.start-next-sets-in-progress", "StartNextPendingJobExecution sets QUEUED to IN_PROGRESS with the "
     "given statusDetails", "DP-002", "smoke", 0, s_start_next_sets_in_progress,
     JC_OPS("iot-jobs-data StartNextPendingJobExecution,iot-jobs-data DescribeJobExecution", "CreateJob,CreateThing")},
    {"dataplane.start-next-nothing-pending", "StartNextPendingJobExecution with nothing pending is 200 without "
     "execution", "DP-002", "", 0, s_start_next_nothing,
     JC_OPS("iot-jobs-data StartNextPendingJobExecution,iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"dataplane.start-next-encoded-path", "PUT .../jobs/%24next is StartNextPendingJobExecution too", "DP-002", "",
     0, s_start_next_encoded,
     JC_OPS("iot-jobs-data StartNextPendingJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.describe-next-literal", "GET .../jobs/$next describes the next pending execution without starting "
     "it", "DP-003", "", 0, s_describe_next_literal,
     JC_OPS("iot-jobs-data DescribeJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.describe-next-encoded", "GET .../jobs/%24next describes the next pending execution without starting "
     "it", "DP-003", "", 0, s_describe_next_encoded,
     JC_OPS("iot-jobs-data DescribeJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.describe-members", "Data-plane DescribeJobExecution returns the execution members", "DP-004", "", 0, s_describe_members,
     JC_OPS("iot-jobs-data DescribeJobExecution", "CreateJob,CreateThing")},
    {"dataplane.describe-include-document", "Data-plane DescribeJobExecution adds jobDocument only with "
     "includeJobDocument=true", "DP-004", "", 0, s_describe_include_document,
     JC_OPS("iot-jobs-data DescribeJobExecution", "CreateJob,CreateThing")},
    {"dataplane.times-match-control-plane", "Data-plane queuedAt, startedAt and lastUpdatedAt are the control-plane "
     "times of the same execution (seconds, or milliseconds)", "WIRE-009,LC-009", "", 0, s_times_match_control_plane,
     JC_OPS("iot-jobs-data DescribeJobExecution", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"dataplane.describe-execution-number", "executionNumber selects the execution; an unknown number gives "
     "ResourceNotFoundException 404", "DP-004", "", 0, s_describe_execution_number,
     JC_OPS("iot-jobs-data DescribeJobExecution", "CreateJob,CreateThing")},
    {"dataplane.describe-unknown", "Data-plane DescribeJobExecution of an unknown job or thing gives "
     "ResourceNotFoundException 404", "WIRE-012", "negative", 0, s_describe_unknown,
     JC_OPS("iot-jobs-data DescribeJobExecution", "CreateJob,CreateThing")},
    {"dataplane.describe-terminal", "Data-plane DescribeJobExecution of a SUCCEEDED execution returns it or gives "
     "TerminalStateException 410", "DP-015", "", 0, s_describe_terminal,
     JC_OPS("iot-jobs-data DescribeJobExecution,iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"dataplane.queued-to-in-progress", "UpdateJobExecution QUEUED -> IN_PROGRESS is accepted with statusDetails",
     "DP-005", "transitions", 0, s_queued_to_in_progress,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.queued-to-rejected", "UpdateJobExecution QUEUED -> REJECTED is accepted with statusDetails",
     "DP-005", "transitions", 0, s_queued_to_rejected,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.in-progress-to-in-progress", "UpdateJobExecution IN_PROGRESS -> IN_PROGRESS replaces statusDetails",
     "DP-005", "transitions", 0, s_in_progress_to_in_progress,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.in-progress-to-succeeded", "UpdateJobExecution IN_PROGRESS -> SUCCEEDED is accepted", "DP-005",
     "transitions", 0, s_in_progress_to_succeeded,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.in-progress-to-failed", "UpdateJobExecution IN_PROGRESS -> FAILED is accepted", "DP-005",
     "transitions", 0, s_in_progress_to_failed,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.in-progress-to-rejected", "UpdateJobExecution IN_PROGRESS -> REJECTED is accepted", "DP-005",
     "transitions", 0, s_in_progress_to_rejected,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.queued-to-final", "QUEUED -> SUCCEEDED or FAILED is accepted or refused with "
     "InvalidStateTransitionException 409, consistently", "DP-006", "transitions", 0, s_queued_to_final,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.from-succeeded", "A SUCCEEDED execution refuses every other status with "
     "InvalidStateTransitionException 409", "DP-007,DP-008,DP-009,DP-010", "transitions,negative", 0, s_from_succeeded,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.from-failed", "A FAILED execution refuses every other status with InvalidStateTransitionException "
     "409", "DP-007,DP-008,DP-009,DP-010", "transitions,negative", 0, s_from_failed,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.from-rejected", "A REJECTED execution refuses every other status with "
     "InvalidStateTransitionException 409", "DP-007,DP-008,DP-009,DP-010", "transitions,negative", 0, s_from_rejected,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.from-canceled", "A CANCELED execution refuses every device status with "
     "InvalidStateTransitionException 409", "DP-007,DP-009,DP-010", "transitions,negative", 0, s_from_canceled,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CancelJobExecution,CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.from-timed-out", "A TIMED_OUT execution refuses every device status with "
     "InvalidStateTransitionException 409", "DP-007,DP-009,DP-010", "transitions,negative,timers", JC_NEEDS_CLOCK,
     s_from_timed_out,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.from-removed", "A REMOVED execution refuses every device status with "
     "InvalidStateTransitionException 409", "DP-007,DP-009,DP-010", "transitions,negative", 0, s_from_removed,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup")},
    {"dataplane.service-statuses-from-queued", "A device setting QUEUED, TIMED_OUT, REMOVED or CANCELED on a QUEUED "
     "execution gets a 4xx", "DP-009,DP-010", "negative", 0, s_service_statuses_queued,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.service-statuses-from-in-progress", "A device setting QUEUED, TIMED_OUT, REMOVED or CANCELED on an "
     "IN_PROGRESS execution gets a 4xx", "DP-009,DP-010", "negative", 0, s_service_statuses_in_progress,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.invalid-status", "UpdateJobExecution with a status outside the enum or none gives "
     "InvalidRequestException 400", "WIRE-008", "negative", 0, s_invalid_status,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.update-unknown", "UpdateJobExecution of an unknown job, thing or execution gives "
     "ResourceNotFoundException 404", "WIRE-012", "negative", 0, s_update_unknown,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"dataplane.version-increases", "Every accepted UpdateJobExecution increases versionNumber", "DP-011", "", 0,
     s_version_increases,
     JC_OPS("iot-jobs-data DescribeJobExecution,iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"dataplane.expected-version-mismatch", "A wrong expectedVersion is refused with a 409 and changes nothing",
     "DP-012,DP-013", "negative", 0, s_expected_version_mismatch,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.expected-version-match", "A matching expectedVersion is accepted", "DP-012", "", 0,
     s_expected_version_match,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.include-execution-state", "executionState is returned only with includeJobExecutionState true",
     "DP-014", "", 0, s_include_execution_state,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"dataplane.include-job-document", "jobDocument is returned only with includeJobDocument true (absent, false)", "DP-014", "", 0,
     s_include_job_document,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"dataplane.status-details-10-entries", "statusDetails with 10 entries is accepted", "DP-005,DP-017", "limits", 0,
     s_details_10_entries,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.status-details-11-entries", "statusDetails with 11 entries gives InvalidRequestException 400",
     "DP-017", "limits,negative", 0, s_details_11_entries,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.status-details-value-1024", "A statusDetails value of 1024 characters is accepted", "WIRE-008",
     "limits", 0, s_details_value_1024,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"dataplane.status-details-value-empty", "An empty statusDetails value gives InvalidRequestException 400",
     "WIRE-008", "limits,negative", 0, s_details_value_empty,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.status-details-value-1025", "A statusDetails value of 1025 characters gives InvalidRequestException "
     "400", "WIRE-008", "limits,negative", 0, s_details_value_1025,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.update-status-missing", "UpdateJobExecution without status gives InvalidRequestException 400 and "
     "changes nothing", "WIRE-008", "negative", 0, s_update_status_missing,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"dataplane.step-timeout-accepted",
     "stepTimeoutInMinutes 1, 10080 and -1 are accepted by UpdateJobExecution and StartNext", "TM-004", "limits", 0,
     s_step_timeout_accepted,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data StartNextPendingJobExecution,iot-jobs-data UpdateJobExecution")},
    {"dataplane.step-timeout-refused",
     "stepTimeoutInMinutes 0, 10081 and -2 give InvalidRequestException 400 on UpdateJobExecution and StartNext, "
     "the execution staying QUEUED", "TM-004", "limits,negative", 0, s_step_timeout_refused,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data StartNextPendingJobExecution,iot-jobs-data UpdateJobExecution")},
    {"dataplane.unknown-thing-next", "GetPendingJobExecutions, StartNextPendingJobExecution and DescribeJobExecution "
     "of $next for a thing that does not exist give ResourceNotFoundException 404 or nothing pending, and create no "
     "thing", "DP-019", "negative", 0, s_unknown_thing_next,
     JC_OPS("iot-jobs-data GetPendingJobExecutions,iot-jobs-data StartNextPendingJobExecution,iot-jobs-data DescribeJobExecution", "DescribeThing")},
    {"dataplane.pending-summary-matches-execution", "A GetPendingJobExecutions summary gives the times, "
     "versionNumber and executionNumber DescribeJobExecution gives for the same execution, and no startedAt for a "
     "QUEUED one", "DP-001,LC-009", "", 0, s_pending_summary_matches_execution,
     JC_OPS("iot-jobs-data GetPendingJobExecutions", "CreateJob,CreateThing,iot-jobs-data DescribeJobExecution,iot-jobs-data UpdateJobExecution")},
};

JC_SUITE(dataplane, "DataPlane", s_table);
