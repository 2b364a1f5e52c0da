/* DescribeJob and GetJobDocument, complementing suites/describejob.c (which
 * covers the output members and types, the counters as executions move,
 * epoch timestamps, completedAt, documentSource, the placeholder and the
 * DescribeJob errors): here the jobId label of GetJobDocument on both sides
 * of its limits, the 64-character boundary of an unknown id (404, not 400),
 * the document of a canceled job, a group target echoed as given, the final
 * counters of a finished job, and createdAt/lastUpdatedAt after a change. */
#include <string.h>

#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(absent)"; }
static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static jc_response *get_document(jc_ctx *ctx, const char *id)
{
    return jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", id), NULL, NULL);
}

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
    jc_response *c = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", id), NULL, "{}");
    JC_REQUIRE(ctx, c->status >= 200 && c->status < 300, "CancelJob %s: HTTP %d %s, expected 2xx", id, c->status,
               str_or(c->error_code));
    jc_response *r = get_document(ctx, id);
    jc_require_status(ctx, r, 200);
    const char *got = jc_json_string(r, "document");
    JC_CHECK(ctx, streq(got, doc), "GetJobDocument of a CANCELED job: document is '%s', expected '%s'", str_or(got),
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

static const char *const counter_names[] = {"numberOfQueuedThings",    "numberOfInProgressThings",
                                            "numberOfSucceededThings", "numberOfFailedThings",
                                            "numberOfRejectedThings",  "numberOfTimedOutThings",
                                            "numberOfRemovedThings",   "numberOfCanceledThings"};

typedef struct final_counts {
    const char *job;
    double want[8];
} final_counts;

static bool final_counts_match(jc_ctx *ctx, void *arg)
{
    final_counts *f = arg;
    jc_response *d = jc_describe_job(ctx, f->job);
    if (!streq(jc_json_string(d, "job.status"), "COMPLETED")) return false;
    for (size_t i = 0; i < JC_COUNT(counter_names); i++) {
        double v = -1;
        if (!jc_json_number(d, jc_str(ctx, "job.jobProcessDetails.%s", counter_names[i]), &v) || v != f->want[i])
            return false;
    }
    return true;
}

static void s_counters_when_finished(jc_ctx *ctx)
{
    const char *arns[4] = {NULL}, *things[3];
    for (int i = 0; i < 3; i++) things[i] = jc_create_thing(ctx, "t", &arns[i]);
    const char *id = jc_create_job(ctx, NULL, NULL, arns, NULL);
    jc_device_update(ctx, things[0], id, "IN_PROGRESS", NULL);
    jc_device_update(ctx, things[0], id, "SUCCEEDED", NULL);
    jc_device_update(ctx, things[1], id, "IN_PROGRESS", NULL);
    jc_device_update(ctx, things[1], id, "FAILED", NULL);
    jc_device_update(ctx, things[2], id, "REJECTED", NULL);
    /* queued, in progress, succeeded, failed, rejected, timed out, removed, canceled */
    final_counts f = {id, {0, 0, 1, 1, 1, 0, 0, 0}};
    if (jc_poll(ctx, jc_has_virtual_clock(ctx) ? 500 : 0, 50, final_counts_match, &f)) return;
    jc_response *d = jc_describe_job(ctx, id);
    const char *st = jc_json_string(d, "job.status");
    JC_CHECK(ctx, streq(st, "COMPLETED"), "job.status is '%s' after its 3 executions ended, expected COMPLETED",
             str_or(st));
    for (size_t i = 0; i < JC_COUNT(counter_names); i++) {
        double v = -1;
        bool ok = jc_json_number(d, jc_str(ctx, "job.jobProcessDetails.%s", counter_names[i]), &v);
        JC_CHECK(ctx, ok && v == f.want[i],
                 "after SUCCEEDED, FAILED and REJECTED: jobProcessDetails.%s is %s%g, expected %g", counter_names[i],
                 ok ? "" : "absent/", v, f.want[i]);
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
    jc_response *c = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", id), NULL, "{}");
    JC_REQUIRE(ctx, c->status >= 200 && c->status < 300, "CancelJob %s: HTTP %d %s, expected 2xx", id, c->status,
               str_or(c->error_code));
    jc_response *d1 = jc_describe_job(ctx, id);
    double c1 = 0, u1 = 0;
    JC_REQUIRE(ctx, jc_json_number(d1, "job.createdAt", &c1) && jc_json_number(d1, "job.lastUpdatedAt", &u1),
               "DescribeJob after CancelJob has no numeric createdAt/lastUpdatedAt");
    JC_CHECK(ctx, c1 == c0, "job.createdAt changed from %.3f to %.3f when the job was canceled", c0, c1);
    JC_CHECK(ctx, u1 >= c0 + 4.0,
             "job.lastUpdatedAt is %.3f after a CancelJob 5 s after creation (createdAt %.3f), expected at least "
             "createdAt + 4 s",
             u1, c0);
}

static const jc_scenario s_table[] = {
    {"describe.document-bad-job-id", "GetJobDocument of a jobId holding '.' gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_document_bad_job_id},
    {"describe.document-job-id-65-chars", "GetJobDocument of a 65-character jobId gives InvalidRequestException 400",
     "WIRE-008", "negative,limits", 0, s_document_job_id_65},
    {"describe.unknown-job-id-64-chars", "DescribeJob and GetJobDocument of an unknown 64-character jobId give "
     "ResourceNotFoundException 404 (a valid id, not a 400)", "DJ-002,WIRE-012", "negative,limits", 0,
     s_unknown_job_id_64},
    {"describe.document-after-cancel", "GetJobDocument of a CANCELED job still returns its document", "GD-001", "",
     0, s_document_after_cancel},
    {"describe.group-target-echoed", "job.targets lists a thing-group target as its group ARN, not expanded into "
     "members", "DJ-001", "", 0, s_group_target_echoed},
    {"describe.counters-when-finished", "A SNAPSHOT job whose executions SUCCEEDED, FAILED and REJECTED is COMPLETED "
     "with counters 0/0/1/1/1/0/0/0", "DJ-004,LC-008,LC-003", "lifecycle", 0, s_counters_when_finished},
    {"describe.times-after-cancel", "CancelJob 5 s after creation leaves createdAt unchanged and moves lastUpdatedAt "
     "forward", "DJ-001,WIRE-009", "timers", JC_NEEDS_CLOCK, s_times_after_cancel},
};

JC_SUITE(describe, "DescribeJob", s_table);
