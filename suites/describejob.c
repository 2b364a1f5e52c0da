/* DescribeJob (GET /jobs/{jobId}) and GetJobDocument
 * (GET /jobs/{jobId}/job-document), the whole area: output members and
 * their JSON types, jobProcessDetails counters as executions move and when
 * the job is finished, documentSource, placeholders, epoch timestamps,
 * completedAt, createdAt/lastUpdatedAt after a change, a group target echoed
 * as given, the document of a canceled job, and the errors for unknown and
 * malformed job ids on both sides of the 64-character limit. */
#include <math.h>
#include <string.h>

#include "jc_support.h"

static const char *const job_statuses[] = {"IN_PROGRESS", "CANCELED", "COMPLETED", "DELETION_IN_PROGRESS",
                                           "SCHEDULED", NULL};

static bool is_integer(const cJSON *v)
{
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble == floor(v->valuedouble);
}

static jc_response *get_document(jc_ctx *ctx, const char *id)
{
    return jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", id), NULL, NULL);
}

/* A member of `obj` is a string (absent or another type fails). */
static void expect_string_member(jc_ctx *ctx, const cJSON *obj, const char *where, const char *name)
{
    const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
    JC_CHECK(ctx, cJSON_IsString(v) && v->valuestring[0], "%s.%s is %s, expected a non-empty string", where, name,
             !v ? "absent" : cJSON_IsString(v) ? "empty" : "not a string");
}

/* The number at `path` looks like seconds since the epoch (after 2001 and
 * before 5138, so milliseconds and ISO strings both fail). */
static void expect_epoch_seconds(jc_ctx *ctx, const jc_response *r, const char *path, double *out)
{
    const cJSON *v = jc_json_get(r->json, path);
    JC_CHECK(ctx, cJSON_IsNumber(v), "%s is %s, expected a JSON number of epoch seconds", path,
             !v ? "absent" : cJSON_IsString(v) ? "a string" : "not a number");
    if (!cJSON_IsNumber(v)) return;
    JC_CHECK(ctx, v->valuedouble > 1e9 && v->valuedouble < 1e11,
             "%s is %.3f, expected epoch seconds (between 1e9 and 1e11; milliseconds are about 1e12)", path,
             v->valuedouble);
    if (out) *out = v->valuedouble;
}

static void s_output_members(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *id = jc_job_on_things(ctx, 1, &thing, "{\"description\":\"describe me\"}");
    jc_response *d = jc_describe_job(ctx, id);
    const cJSON *job = jc_json_object(d, "job");
    JC_REQUIRE(ctx, job != NULL, "DescribeJob has no `job` object");
    expect_string_member(ctx, job, "job", "jobArn");
    expect_string_member(ctx, job, "job", "jobId");
    expect_string_member(ctx, job, "job", "status");
    expect_string_member(ctx, job, "job", "targetSelection");
    const char *jid = jc_json_string(d, "job.jobId");
    JC_CHECK(ctx, jc_streq(jid, id), "job.jobId is '%s', expected '%s'", jc_str_or(jid), id);
    const char *arn = jc_json_string(d, "job.jobArn");
    const char *suffix = jc_str(ctx, ":job/%s", id);
    JC_CHECK(ctx, arn && strncmp(arn, "arn:", 4) == 0 && strlen(arn) > strlen(suffix) &&
                      strcmp(arn + strlen(arn) - strlen(suffix), suffix) == 0,
             "job.jobArn is '%s', expected an ARN ending in '%s'", jc_str_or(arn), suffix);
    const char *st = jc_json_string(d, "job.status");
    JC_CHECK(ctx, jc_in_list(st, job_statuses), "job.status is '%s', expected a JobStatus value", jc_str_or(st));
    const char *desc = jc_json_string(d, "job.description");
    JC_CHECK(ctx, jc_streq(desc, "describe me"), "job.description is '%s', expected 'describe me'", jc_str_or(desc));
    const cJSON *targets = jc_json_array(d, "job.targets");
    JC_CHECK(ctx, targets && cJSON_GetArraySize(targets) == 1, "job.targets is %s, expected a list of 1 ARN",
             targets ? "a list of another size" : "absent or not a list");
    JC_CHECK(ctx, jc_json_object(d, "job.jobProcessDetails") != NULL,
             "job.jobProcessDetails is absent or not an object");
    double c = 0, u = 0;
    JC_CHECK(ctx, jc_json_number(d, "job.createdAt", &c), "job.createdAt is absent or not a number");
    JC_CHECK(ctx, jc_json_number(d, "job.lastUpdatedAt", &u), "job.lastUpdatedAt is absent or not a number");
    const cJSON *ic = jc_json_get(job, "isConcurrent");
    JC_CHECK(ctx, !ic || cJSON_IsBool(ic), "job.isConcurrent is present but not a boolean");
    const cJSON *fc = jc_json_get(job, "forceCanceled");
    JC_CHECK(ctx, !fc || cJSON_IsBool(fc), "job.forceCanceled is present but not a boolean");
}

static const char *const counter_names[] = {"numberOfQueuedThings",    "numberOfInProgressThings",
                                            "numberOfSucceededThings", "numberOfFailedThings",
                                            "numberOfRejectedThings",  "numberOfTimedOutThings",
                                            "numberOfRemovedThings",   "numberOfCanceledThings"};

static void s_counters_present(jc_ctx *ctx)
{
    const char *things[2];
    const char *id = jc_job_on_things(ctx, 2, things, NULL);
    jc_response *d = jc_describe_job(ctx, id);
    const cJSON *pd = jc_json_object(d, "job.jobProcessDetails");
    JC_REQUIRE(ctx, pd != NULL, "job.jobProcessDetails is absent or not an object");
    for (size_t i = 0; i < JC_COUNT(counter_names); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(pd, counter_names[i]);
        JC_CHECK(ctx, is_integer(v) && v->valuedouble >= 0, "jobProcessDetails.%s is %s, expected an integer >= 0",
                 counter_names[i], !v ? "absent" : cJSON_IsNumber(v) ? "not a non-negative integer" : "not a number");
    }
}

typedef struct counts {
    const char *job;
    double queued, in_progress, succeeded;
} counts;

static bool counts_match(jc_ctx *ctx, void *arg)
{
    counts *c = arg;
    jc_response *d = jc_describe_job(ctx, c->job);
    double q = -1, p = -1, s = -1;
    jc_json_number(d, "job.jobProcessDetails.numberOfQueuedThings", &q);
    jc_json_number(d, "job.jobProcessDetails.numberOfInProgressThings", &p);
    jc_json_number(d, "job.jobProcessDetails.numberOfSucceededThings", &s);
    return q == c->queued && p == c->in_progress && s == c->succeeded;
}

/* The counters are numbers (DJ-004, MUST) holding the expected values
 * (LC-008, SHOULD). */
static void expect_counts(jc_ctx *ctx, counts *c, const char *when)
{
    bool held = jc_poll(ctx, 0, 50, counts_match, c);
    jc_response *d = jc_describe_job(ctx, c->job);
    double q = -1, p = -1, s = -1;
    bool present = jc_json_number(d, "job.jobProcessDetails.numberOfQueuedThings", &q) &&
                   jc_json_number(d, "job.jobProcessDetails.numberOfInProgressThings", &p) &&
                   jc_json_number(d, "job.jobProcessDetails.numberOfSucceededThings", &s);
    JC_CHECK_REQ(ctx, "DJ-004", present, "%s: jobProcessDetails lacks a numeric queued, inProgress or succeeded counter",
                 when);
    JC_CHECK_REQ(ctx, "LC-008", held, "%s: queued/inProgress/succeeded are %g/%g/%g, expected %g/%g/%g", when, q, p, s,
                 c->queued, c->in_progress, c->succeeded);
}

static void s_counters_follow(jc_ctx *ctx)
{
    jc_req_scope(ctx, "DJ-004"); /* setup; each check below names its own */
    const char *things[3];
    const char *id = jc_job_on_things(ctx, 3, things, NULL);
    counts c = {id, 3, 0, 0};
    expect_counts(ctx, &c, "after creation on 3 things");
    jc_device_update(ctx, things[0], id, "IN_PROGRESS", NULL);
    c = (counts){id, 2, 1, 0};
    expect_counts(ctx, &c, "after one execution became IN_PROGRESS");
    jc_device_update(ctx, things[0], id, "SUCCEEDED", NULL);
    c = (counts){id, 2, 0, 1};
    expect_counts(ctx, &c, "after that execution SUCCEEDED");
}

static void s_timestamps(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *id = jc_job_on_things(ctx, 1, &thing, NULL);
    jc_response *d = jc_describe_job(ctx, id);
    double c = 0, u = 0;
    expect_epoch_seconds(ctx, d, "job.createdAt", &c);
    expect_epoch_seconds(ctx, d, "job.lastUpdatedAt", &u);
    JC_CHECK(ctx, u >= c, "job.lastUpdatedAt %.3f is before job.createdAt %.3f", u, c);
}

static bool job_left_in_progress(jc_ctx *ctx, void *arg)
{
    return !jc_streq(jc_json_string(jc_describe_job(ctx, (const char *)arg), "job.status"), "IN_PROGRESS");
}

static void s_completed_at(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *id = jc_job_on_things(ctx, 1, &thing, NULL);
    /* any terminal status completes a SNAPSHOT job: CANCELED without a data plane */
    const char *reached = jc_finish_execution(ctx, thing, id, "SUCCEEDED");
    jc_poll(ctx, 0, 50, job_left_in_progress, (void *)id);
    jc_response *d = jc_describe_job(ctx, id);
    const char *st = jc_json_string(d, "job.status");
    JC_REQUIRE(ctx, jc_streq(st, "COMPLETED"), "job.status is '%s' after its only execution became %s, expected "
               "COMPLETED", jc_str_or(st), reached);
    double c = 0, done = 0;
    expect_epoch_seconds(ctx, d, "job.createdAt", &c);
    expect_epoch_seconds(ctx, d, "job.completedAt", &done);
    JC_CHECK(ctx, done >= c, "job.completedAt %.3f is before job.createdAt %.3f", done, c);
}

static void s_document_source(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *src = "https://s3.amazonaws.com/jobsconf-bucket/jobs/doc.json";
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"documentSource\":\"%s\"}", arn, src));
    JC_REQUIRE(ctx, r->status == 200, "CreateJob with documentSource %s: HTTP %d %s, expected 200", src, r->status,
               jc_str_or(r->error_code));
    jc_response *d = jc_describe_job(ctx, id);
    const char *got = jc_json_string(d, "documentSource");
    JC_CHECK(ctx, jc_streq(got, src), "DescribeJob documentSource (top level) is '%s', expected '%s'", jc_str_or(got), src);
}

static void s_unknown_job(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_name(ctx, "never-created")), NULL,
                             NULL);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

static void s_bad_job_id(jc_ctx *ctx)
{
    /* '.' is outside [a-zA-Z0-9_-] */
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_str(ctx, "%s.bad", jc_name(ctx, ""))),
                             NULL, NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static void s_bad_job_id_long(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_repeat(ctx, 'j', 65)), NULL, NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

/* ---- GetJobDocument ---------------------------------------------------- */

static const char *create_with_document(jc_ctx *ctx, const char *doc)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    return jc_create_job(ctx, NULL, doc, targets, NULL);
}

static void s_document_returned(jc_ctx *ctx)
{
    const char *doc = "{\"operation\":\"install\",\"files\":[\"a.bin\",\"b.bin\"],\"n\":3, \"unicode\":\"\\u00e9\"}";
    const char *id = create_with_document(ctx, doc);
    jc_response *r = get_document(ctx, id);
    jc_require_status(ctx, r, 200);
    const char *got = jc_json_string(r, "document");
    JC_CHECK(ctx, jc_streq(got, doc), "document is '%s', expected exactly '%s'", jc_str_or(got), doc);
}

static void s_placeholder_unreplaced(jc_ctx *ctx)
{
    const char *doc = "{\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/jobsconf-bucket/fw.bin}\"}";
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *id = jc_create_job(ctx, NULL, doc, targets,
                                   "{\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/jobsconf\","
                                   "\"expiresInSec\":300}}");
    jc_response *r = get_document(ctx, id);
    jc_require_status(ctx, r, 200);
    const char *got = jc_json_string(r, "document");
    JC_CHECK(ctx, jc_streq(got, doc), "document is '%s', expected the placeholder unreplaced: '%s'", jc_str_or(got), doc);
}

static void s_document_unknown_job(jc_ctx *ctx)
{
    jc_response *r = get_document(ctx, jc_name(ctx, "never-created"));
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

/* ---- jobId limits, ended jobs, group targets, final counters ---------- */

/* A fresh, never-created name padded with 'x' to exactly n characters. */
static const char *fresh_id_of_length(jc_ctx *ctx, size_t n)
{
    const char *base = jc_name(ctx, "u");
    size_t len = strlen(base);
    JC_REQUIRE(ctx, len <= n, "harness: fresh name '%s' is longer than %zu", base, n);
    return jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'x', n - len));
}

/* ---- GetJobDocument: the jobId label ----------------------------------- */

static void s_document_bad_job_id(jc_ctx *ctx)
{
    /* '.' is outside [a-zA-Z0-9_-]: a constraint error, not a lookup miss */
    const char *id = jc_str(ctx, "%s.bad", jc_name(ctx, ""));
    jc_response *r = get_document(ctx, id);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static void s_document_job_id_65(jc_ctx *ctx)
{
    jc_response *r = get_document(ctx, fresh_id_of_length(ctx, 65));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static void s_unknown_job_id_64(jc_ctx *ctx)
{
    /* 64 characters is a valid jobId: an unknown one is a 404, not a 400 */
    const char *id = fresh_id_of_length(ctx, 64);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    r = get_document(ctx, id);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

/* ---- GetJobDocument of a job that is no longer running ----------------- */

static void s_document_after_cancel(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *doc = "{\"operation\":\"reboot\",\"delaySeconds\":5}";
    const char *id = jc_create_job(ctx, NULL, doc, targets, NULL);
    jc_cancel_job_ok(ctx, id);
    jc_response *r = get_document(ctx, id);
    jc_require_status(ctx, r, 200);
    const char *got = jc_json_string(r, "document");
    JC_CHECK(ctx, jc_streq(got, doc), "GetJobDocument of a CANCELED job: document is '%s', expected '%s'", jc_str_or(got),
             doc);
}

/* ---- DescribeJob ------------------------------------------------------- */

static void s_group_target_echoed(jc_ctx *ctx)
{
    const char *garn = NULL, *tarn = NULL;
    const char *g = jc_create_group(ctx, "g", &garn);
    jc_add_thing_to_group(ctx, g, jc_create_thing(ctx, "m1", NULL));
    jc_add_thing_to_group(ctx, g, jc_create_thing(ctx, "m2", NULL));
    jc_create_thing(ctx, "t", &tarn);
    const char *targets[] = {garn, tarn, NULL};
    const char *id = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_response *d = jc_describe_job(ctx, id);
    const cJSON *list = jc_json_array(d, "job.targets");
    JC_REQUIRE(ctx, list != NULL, "job.targets is absent or not a list");
    JC_CHECK(ctx, cJSON_GetArraySize(list) == 2,
             "job.targets has %d items, expected the 2 targets as given (a group is not expanded into its members)",
             cJSON_GetArraySize(list));
    bool has_group = false, has_thing = false;
    const cJSON *it;
    cJSON_ArrayForEach(it, list) {
        if (!cJSON_IsString(it)) continue;
        has_group = has_group || strcmp(it->valuestring, garn) == 0;
        has_thing = has_thing || strcmp(it->valuestring, tarn) == 0;
    }
    JC_CHECK(ctx, has_group, "job.targets does not hold the group ARN %s", garn);
    JC_CHECK(ctx, has_thing, "job.targets does not hold the thing ARN %s", tarn);
}

/* job.targets compared whole: every target as given, in the order given,
 * and nothing else (a dropped, duplicated or reordered ARN fails). */
static void s_targets_exact(jc_ctx *ctx)
{
    /* created in one order, given in the reverse one: a server that sorts fails */
    const char *arns[5] = {NULL, NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < 4; i++) jc_create_thing(ctx, "t", &arns[3 - i]);
    const char *id = jc_create_job(ctx, NULL, NULL, arns, NULL);
    cJSON *want = cJSON_CreateArray();
    for (size_t i = 0; i < 4; i++) cJSON_AddItemToArray(want, cJSON_CreateString(arns[i]));
    const char *want_text = jc_json_text(ctx, want);
    cJSON_Delete(want);
    jc_response *d = jc_describe_job(ctx, id);
    const char *got = jc_member_text(ctx, d, "job.targets");
    JC_CHECK(ctx, jc_streq(got, want_text), "job.targets is %s, expected exactly %s", got, want_text);
}

typedef struct final_counts {
    const char *job;
    double want[8];
} final_counts;

static bool final_counts_match(jc_ctx *ctx, void *arg)
{
    final_counts *f = arg;
    jc_response *d = jc_describe_job(ctx, f->job);
    if (!jc_streq(jc_json_string(d, "job.status"), "COMPLETED")) return false;
    for (size_t i = 0; i < JC_COUNT(counter_names); i++) {
        double v = -1;
        if (!jc_json_number(d, jc_str(ctx, "job.jobProcessDetails.%s", counter_names[i]), &v) || v != f->want[i])
            return false;
    }
    return true;
}

static void s_counters_when_finished(jc_ctx *ctx)
{
    jc_req_scope(ctx, "DJ-004"); /* setup; each check below names its own */
    const char *arns[4] = {NULL}, *things[3];
    for (int i = 0; i < 3; i++) things[i] = jc_create_thing(ctx, "t", &arns[i]);
    const char *id = jc_create_job(ctx, NULL, NULL, arns, NULL);
    /* queued, in progress, succeeded, failed, rejected, timed out, removed, canceled */
    final_counts f = {id, {0, 0, 1, 1, 1, 0, 0, 0}};
    const char *how = "SUCCEEDED, FAILED and REJECTED";
    if (jc_has_data_plane(ctx)) {
        jc_device_update(ctx, things[0], id, "IN_PROGRESS", NULL);
        jc_device_update(ctx, things[0], id, "SUCCEEDED", NULL);
        jc_device_update(ctx, things[1], id, "IN_PROGRESS", NULL);
        jc_device_update(ctx, things[1], id, "FAILED", NULL);
        jc_device_update(ctx, things[2], id, "REJECTED", NULL);
    } else {
        /* the control plane ends executions only by canceling them */
        for (int i = 0; i < 3; i++) jc_drive(ctx, things[i], id, "CANCELED");
        f = (final_counts){id, {0, 0, 0, 0, 0, 0, 0, 3}};
        how = "three CancelJobExecution";
    }
    (void)jc_poll(ctx, 0, 50, final_counts_match, &f);
    jc_response *d = jc_describe_job(ctx, id);
    const char *st = jc_json_string(d, "job.status");
    JC_CHECK_REQ(ctx, "LC-003", jc_streq(st, "COMPLETED"),
                 "job.status is '%s' after its 3 executions ended, expected COMPLETED", jc_str_or(st));
    for (size_t i = 0; i < JC_COUNT(counter_names); i++) {
        double v = -1;
        bool ok = jc_json_number(d, jc_str(ctx, "job.jobProcessDetails.%s", counter_names[i]), &v);
        JC_CHECK_REQ(ctx, "DJ-004", ok, "after %s: jobProcessDetails.%s is absent or not "
                     "a number", how, counter_names[i]);
        JC_CHECK_REQ(ctx, "LC-008", !ok || v == f.want[i],
                     "after %s: jobProcessDetails.%s is %g, expected %g", how, counter_names[i],
                     v, f.want[i]);
    }
}

static void s_times_after_cancel(jc_ctx *ctx)
{
    const char *id = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *d0 = jc_describe_job(ctx, id);
    double c0 = 0, u0 = 0;
    JC_REQUIRE(ctx, jc_json_number(d0, "job.createdAt", &c0) && jc_json_number(d0, "job.lastUpdatedAt", &u0),
               "DescribeJob has no numeric createdAt/lastUpdatedAt");
    jc_advance(ctx, 5000);
    jc_cancel_job_ok(ctx, id);
    jc_response *d1 = jc_describe_job_holding(ctx, id, "job", "\"status\":\"CANCELED\""); /* a read after a change */
    double c1 = 0, u1 = 0;
    JC_REQUIRE(ctx, jc_json_number(d1, "job.createdAt", &c1) && jc_json_number(d1, "job.lastUpdatedAt", &u1),
               "DescribeJob after CancelJob has no numeric createdAt/lastUpdatedAt");
    JC_CHECK(ctx, c1 == c0, "job.createdAt changed from %.3f to %.3f when the job was canceled", c0, c1);
    JC_CHECK(ctx, u1 >= c0 + 4.0,
             "job.lastUpdatedAt is %.3f after a CancelJob 5 s after creation (createdAt %.3f), expected at least "
             "createdAt + 4 s",
             u1, c0);
}

/* WIRE-009: a time on a whole second (fraction .000) is still a JSON number
 * of seconds. The clock is moved to the next whole second of the endpoint's
 * time (the createdAt of a first job) before a second job is created; on a
 * virtual clock, which nothing else moves, its createdAt and lastUpdatedAt
 * are exactly that second, the time the job was created. */
static long long to_ms(double secs) { return (long long)(secs * 1000.0 + 0.5); }

static void s_times_on_whole_second(jc_ctx *ctx)
{
    const char *targets[] = {jc_new_target(ctx), NULL};
    const char *first = jc_create_job(ctx, NULL, NULL, targets, NULL);
    double c0 = 0;
    JC_REQUIRE(ctx, jc_json_number(jc_describe_job(ctx, first), "job.createdAt", &c0),
               "DescribeJob has no numeric createdAt");
    long long ms0 = to_ms(c0);
    long step = 1000 - (long)(ms0 % 1000); /* 1000 when already on a whole second */
    jc_advance(ctx, step);
    const char *second = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_response *d = jc_describe_job(ctx, second);
    double c1 = 0, u1 = 0;
    JC_REQUIRE(ctx, jc_json_number(d, "job.createdAt", &c1) && jc_json_number(d, "job.lastUpdatedAt", &u1),
               "DescribeJob of a job created on a whole second has no numeric createdAt/lastUpdatedAt: '%.200s'",
               d->body ? d->body : "");
    long long want = ms0 + step;
    if (jc_has_virtual_clock(ctx)) {
        JC_CHECK(ctx, to_ms(c1) == want && to_ms(u1) == want,
                 "job created at %.3f (a whole second of the virtual clock): createdAt %.3f, lastUpdatedAt %.3f",
                 (double)want / 1000.0, c1, u1);
    } else {
        JC_CHECK(ctx, to_ms(c1) >= want - 1 && u1 >= c1,
                 "job created after the clock passed %.3f: createdAt %.3f, lastUpdatedAt %.3f",
                 (double)want / 1000.0, c1, u1);
    }
}

/* DJ-006: processingTargets names only the job's own targets, and nothing
 * once the job has ended (COMPLETED, CANCELED). */
static void expect_no_processing_targets(jc_ctx *ctx, const char *job, const char *when)
{
    jc_response *d = jc_describe_job(ctx, job);
    const cJSON *pt = jc_json_get(d->json, "job.jobProcessDetails.processingTargets");
    JC_CHECK(ctx, !pt || cJSON_IsNull(pt) || (cJSON_IsArray(pt) && cJSON_GetArraySize(pt) == 0),
             "%s: jobProcessDetails.processingTargets is %s, expected it absent or empty", when, jc_json_text(ctx, pt));
}

static void s_processing_targets(jc_ctx *ctx)
{
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    jc_response *d = jc_describe_job(ctx, job);
    JC_REQUIRE(ctx, jc_streq(jc_json_string(d, "job.jobId"), job) && jc_json_get(d->json, "job.jobProcessDetails"),
               "DescribeJob of %s has no job.jobId %s or no job.jobProcessDetails", job, job);
    const char *own[] = {jc_thing_arn(ctx, things[0]), jc_thing_arn(ctx, things[1]), NULL};
    const cJSON *it;
    int n = 0;
    cJSON_ArrayForEach(it, jc_json_get(d->json, "job.jobProcessDetails.processingTargets"))
    {
        n++;
        JC_CHECK(ctx, cJSON_IsString(it) && jc_in_list(it->valuestring, own),
                 "an IN_PROGRESS job on 2 things lists processing target %s, not one of its targets", jc_json_text(ctx, it));
    }
    JC_CHECK(ctx, n <= 2, "processingTargets lists %d targets for a job on 2", n);
    jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    jc_device_update(ctx, things[0], job, "SUCCEEDED", NULL);
    jc_device_update(ctx, things[1], job, "REJECTED", NULL);
    if (!jc_wait_job_status(ctx, job, "COMPLETED", jc_has_virtual_clock(ctx) ? 500 : 0))
        jc_skip(ctx, "the SNAPSHOT job did not become COMPLETED (lifecycle checks it)");
    expect_no_processing_targets(ctx, job, "a COMPLETED job");
    const char *canceled = jc_job_on_things(ctx, 1, things, NULL);
    jc_cancel_job_ok(ctx, canceled);
    expect_no_processing_targets(ctx, canceled, "a CANCELED job");
}

static const jc_scenario s_table[] = {
    {"describejob.output-members", "DescribeJob returns job with jobArn, jobId, status, targetSelection, targets, "
     "times and jobProcessDetails of the right JSON types", "DJ-001,DJ-003,WIRE-005", "smoke", 0, s_output_members,
     JC_OPS("DescribeJob", "CreateJob,CreateThing")},
    {"describejob.counters-present", "jobProcessDetails holds all eight counters as non-negative integers", "DJ-004",
     "", 0, s_counters_present,
     JC_OPS("DescribeJob", "CreateJob,CreateThing")},
    {"describejob.counters-follow-executions", "jobProcessDetails counts QUEUED, IN_PROGRESS and SUCCEEDED executions "
     "as they change", "DJ-004,LC-008", "lifecycle", 0, s_counters_follow,
     JC_OPS("DescribeJob", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"describejob.timestamps-epoch-seconds", "createdAt and lastUpdatedAt are JSON numbers of epoch seconds",
     "WIRE-009,DJ-001", "", 0, s_timestamps,
     JC_OPS("DescribeJob", "CreateJob,CreateThing")},
    {"describejob.completed-status-and-time", "A finished SNAPSHOT job is COMPLETED (never SUCCEEDED) with completedAt "
     "in epoch seconds", "DJ-003,WIRE-009,LC-003", "lifecycle", 0, s_completed_at,
     JC_OPS("DescribeJob", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"describejob.document-source-echoed", "DescribeJob returns the job's documentSource at the top level",
     "DJ-001,CJ-012", "", 0, s_document_source,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"describejob.unknown-job", "DescribeJob of an unknown jobId gives ResourceNotFoundException 404",
     "DJ-002,WIRE-012", "negative", 0, s_unknown_job,
     JC_OPS("DescribeJob", "")},
    {"describejob.bad-job-id", "DescribeJob of a jobId holding '.' gives InvalidRequestException 400", "WIRE-008",
     "negative", 0, s_bad_job_id,
     JC_OPS("DescribeJob", "")},
    {"describejob.job-id-65-chars", "DescribeJob of a 65-character jobId gives InvalidRequestException 400",
     "WIRE-008", "negative,limits", 0, s_bad_job_id_long,
     JC_OPS("DescribeJob", "")},
    {"describejob.unknown-job-id-64-chars", "DescribeJob and GetJobDocument of an unknown 64-character jobId give "
     "ResourceNotFoundException 404 (a valid id, not a 400)", "DJ-002,WIRE-012", "negative,limits", 0,
     s_unknown_job_id_64,
     JC_OPS("DescribeJob", "GetJobDocument")},
    {"describejob.document-returned", "GetJobDocument returns the document exactly as created", "GD-001", "smoke", 0,
     s_document_returned,
     JC_OPS("GetJobDocument", "CreateJob,CreateThing")},
    {"describejob.placeholder-unreplaced", "GetJobDocument returns ${aws:iot:s3-presigned-url:...} unreplaced",
     "GD-002,GD-001", "", 0, s_placeholder_unreplaced,
     JC_OPS("GetJobDocument", "CreateJob,CreateThing")},
    {"describejob.document-unknown-job", "GetJobDocument of an unknown jobId gives ResourceNotFoundException 404",
     "WIRE-012", "negative", 0, s_document_unknown_job,
     JC_OPS("GetJobDocument", "")},
    {"describejob.document-bad-job-id", "GetJobDocument of a jobId holding '.' gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_document_bad_job_id,
     JC_OPS("GetJobDocument", "")},
    {"describejob.document-job-id-65-chars", "GetJobDocument of a 65-character jobId gives InvalidRequestException 400",
     "WIRE-008", "negative,limits", 0, s_document_job_id_65,
     JC_OPS("GetJobDocument", "")},
    {"describejob.document-after-cancel", "GetJobDocument of a CANCELED job still returns its document", "GD-001", "",
     0, s_document_after_cancel,
     JC_OPS("GetJobDocument", "CancelJob,CreateJob,CreateThing")},
    {"describejob.group-target-echoed", "job.targets lists a thing-group target as its group ARN, not expanded into "
     "members", "DJ-001", "", 0, s_group_target_echoed,
     JC_OPS("DescribeJob", "CreateJob,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"describejob.targets-exact", "job.targets lists the 4 thing ARNs as given, in the order given, and nothing else",
     "DJ-001", "", 0, s_targets_exact,
     JC_OPS("DescribeJob", "CreateJob,CreateThing")},
    {"describejob.processing-targets", "processingTargets lists only the job's targets, and nothing once the job is "
     "COMPLETED or CANCELED", "DJ-006", "lifecycle", 0, s_processing_targets,
     JC_OPS("DescribeJob", "CancelJob,CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"describejob.counters-when-finished", "A SNAPSHOT job whose executions SUCCEEDED, FAILED and REJECTED is COMPLETED "
     "with counters 0/0/1/1/1/0/0/0", "DJ-004,LC-008,LC-003", "lifecycle", 0, s_counters_when_finished,
     JC_OPS("DescribeJob", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"describejob.times-after-cancel", "CancelJob 5 s after creation leaves createdAt unchanged and moves lastUpdatedAt "
     "forward", "DJ-001,WIRE-009", "timers", JC_NEEDS_CLOCK, s_times_after_cancel,
     JC_OPS("DescribeJob", "CancelJob,CreateJob,CreateThing")},
    {"describejob.times-on-whole-second", "A job created on a whole second of the clock has createdAt and "
     "lastUpdatedAt that are JSON numbers of that second", "DJ-001,WIRE-009", "timers", JC_NEEDS_CLOCK,
     s_times_on_whole_second,
     JC_OPS("DescribeJob", "CreateJob,CreateThing")},
};

JC_SUITE(describejob, "DescribeJob", s_table);
