/* UpdateJob (PATCH /jobs/{jobId}), the whole area: each member replaces
 * its configuration and leaves the others unchanged, as DescribeJob shows;
 * every range UpdateJob validates, accepted side next to refused side;
 * the other refusals (exponential rate, abort and retry shapes, member types,
 * malformed bodies, a bad jobId label, a job being deleted), each changing
 * nothing; the members an update must not touch (targets, document, status);
 * the seed's misplaced maximumPerMinute (UJ-003); a timeoutConfig change
 * applies only to executions started afterwards. */
#include <stdlib.h>
#include <string.h>

#include "jc_support.h"

#define ROLE_ARN "arn:aws:iam::123456789012:role/jobsconf-presign"

/* Every configuration, for jobs whose update must leave the rest alone. */
#define FULL_CONFIG                                                                                         \
    "{\"description\":\"before\","                                                                          \
    "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":600},"                           \
    "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":100},"                                            \
    "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","                 \
    "\"thresholdPercentage\":50,\"minNumberOfExecutedThings\":10}]},"                                       \
    "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":60},"                                                \
    "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":2}]}}"

static const char *job_with(jc_ctx *ctx, const char *extra) { return jc_job_with(ctx, extra, NULL); }

static jc_response *patch(jc_ctx *ctx, const char *id, const char *body)
{
    return jc_call(ctx, JC_CONTROL, "PATCH", jc_path(ctx, "/jobs/%s", id), NULL, body);
}

/* job.<member> as JSON text, for messages. */
static const char *member_text(jc_ctx *ctx, const jc_response *d, const char *member)
{
    return jc_member_text(ctx, d, jc_str(ctx, "job.%s", member));
}

/* Applied: PATCH {members} gets 200; DescribeJob then holds each given
 * member as given and every other configuration member as it was. */
static void expect_updated(jc_ctx *ctx, const char *id, const char *members)
{
    jc_response *before = jc_describe_job(ctx, id);
    jc_response *r = patch(ctx, id, jc_str(ctx, "{%s}", members));
    const char *what = jc_str(ctx, "UpdateJob {%.200s}", members);
    JC_REQUIRE(ctx, r->status == 200, "%s: HTTP %d %s (%s), expected 200", what, r->status, jc_str_or(r->error_code),
               jc_str_or(r->message));
    jc_response *after = jc_describe_job_holding(ctx, id, "job", members); /* read after a change: polled */
    jc_expect_applied(ctx, r, 200, after, "job", members, what);
    cJSON *want = cJSON_Parse(jc_str(ctx, "{%s}", members));
    const char *others[8];
    size_t n = 0;
    for (size_t i = 0; jc_job_config_paths[i]; i++)
        if (!cJSON_GetObjectItemCaseSensitive(want, jc_job_config_paths[i] + strlen("job."))) others[n++] = jc_job_config_paths[i];
    others[n] = NULL;
    cJSON_Delete(want);
    jc_expect_unchanged(ctx, before, after, others, what);
}

/* Refused and nothing changed: PATCH with `body` (raw) gets
 * InvalidRequestException (400) and no configuration member changes. */
static void expect_refused_raw(jc_ctx *ctx, const char *id, const char *body)
{
    jc_response *before = jc_describe_job(ctx, id);
    jc_response *r = patch(ctx, id, body);
    jc_response *after = jc_describe_job(ctx, id);
    jc_expect_refused_unchanged(ctx, r, "InvalidRequestException", 400, before, after, jc_job_config_paths,
                                jc_str(ctx, "UpdateJob %.200s", body));
}

static void expect_refused(jc_ctx *ctx, const char *id, const char *members)
{
    expect_refused_raw(ctx, id, jc_str(ctx, "{%s}", members));
}

/* ---- each member replaces its configuration ---------------------------- */

static void s_description(jc_ctx *ctx)
{
    expect_updated(ctx, job_with(ctx, FULL_CONFIG), "\"description\":\"after the update\"");
}

static void s_presigned(jc_ctx *ctx)
{
    expect_updated(ctx, job_with(ctx, FULL_CONFIG),
                   "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/jobsconf-other\","
                   "\"expiresInSec\":1800}");
}

static void s_rollout(jc_ctx *ctx)
{
    expect_updated(ctx, job_with(ctx, FULL_CONFIG), "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":7}");
}

static void s_exponential(jc_ctx *ctx)
{
    expect_updated(ctx, job_with(ctx, FULL_CONFIG),
                   "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":20,"
                   "\"incrementFactor\":1.5,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":5}}}");
}

static void s_abort(jc_ctx *ctx)
{
    expect_updated(ctx, job_with(ctx, FULL_CONFIG),
                   "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\",\"action\":\"CANCEL\","
                   "\"thresholdPercentage\":33.33,\"minNumberOfExecutedThings\":2}]}");
}

static void s_timeout(jc_ctx *ctx)
{
    expect_updated(ctx, job_with(ctx, FULL_CONFIG), "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":5}");
}

static void s_retry(jc_ctx *ctx)
{
    expect_updated(ctx, job_with(ctx, FULL_CONFIG),
                   "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\","
                   "\"numberOfRetries\":5},{\"failureType\":\"FAILED\",\"numberOfRetries\":1}]}");
}

static void s_adds_to_bare_job(jc_ctx *ctx)
{
    /* a job created with no configuration gets one */
    expect_updated(ctx, job_with(ctx, NULL),
                   "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":15},"
                   "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"action\":\"CANCEL\","
                   "\"thresholdPercentage\":10,\"minNumberOfExecutedThings\":1}]}");
}

static void s_empty_body(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    jc_response *before = jc_describe_job(ctx, id);
    jc_response *r = patch(ctx, id, "{}");
    JC_REQUIRE(ctx, r->status == 200, "UpdateJob {}: HTTP %d %s, expected 200", r->status, jc_str_or(r->error_code));
    jc_response *after = jc_describe_job(ctx, id);
    jc_expect_unchanged(ctx, before, after, jc_job_config_paths, "UpdateJob {}");
}

static void s_last_updated_moves(jc_ctx *ctx)
{
    const char *id = job_with(ctx, NULL);
    jc_response *before = jc_describe_job(ctx, id);
    double c0 = 0, u0 = 0, c1 = 0, u1 = 0;
    JC_REQUIRE(ctx, jc_json_number(before, "job.createdAt", &c0) && jc_json_number(before, "job.lastUpdatedAt", &u0),
               "DescribeJob lacks numeric createdAt/lastUpdatedAt");
    jc_advance(ctx, 5000);
    jc_response *r = patch(ctx, id, "{\"description\":\"moved\"}");
    JC_REQUIRE(ctx, r->status == 200, "UpdateJob description: HTTP %d %s, expected 200", r->status,
               jc_str_or(r->error_code));
    jc_response *after = jc_describe_job_holding(ctx, id, "job", "\"description\":\"moved\""); /* read after a change */
    JC_REQUIRE(ctx, jc_json_number(after, "job.createdAt", &c1) && jc_json_number(after, "job.lastUpdatedAt", &u1),
               "DescribeJob lacks numeric createdAt/lastUpdatedAt after the update");
    JC_CHECK(ctx, u1 > u0, "lastUpdatedAt is %.3f after an update 5 s later, expected more than %.3f", u1, u0);
    JC_CHECK(ctx, c1 == c0, "createdAt changed from %.3f to %.3f on UpdateJob", c0, c1);
}

/* ---- timeoutConfig applies to later executions ------------------------- */

/* The lengthening direction (timers.update-applies-later covers shortening):
 * an execution started under a 1-minute timeout still times out after 61 s
 * although the job now says 10 minutes, while one started after the update
 * keeps running. */
static void s_timeout_applies_later(jc_ctx *ctx)
{
    const char *arns[3] = {NULL};
    const char *early = jc_create_thing(ctx, "early", &arns[0]);
    const char *late = jc_create_thing(ctx, "late", &arns[1]);
    const char *job = jc_create_job(ctx, NULL, NULL, arns, "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1}}");
    jc_device_update(ctx, early, job, "IN_PROGRESS", NULL);
    jc_response *r = patch(ctx, job, "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10}}");
    JC_REQUIRE(ctx, r->status == 200, "UpdateJob timeoutConfig 10 minutes: HTTP %d %s, expected 200", r->status,
               jc_str_or(r->error_code));
    jc_device_update(ctx, late, job, "IN_PROGRESS", NULL);
    jc_advance(ctx, 61000);
    jc_expect_execution_becomes(ctx, early, job, "TIMED_OUT", jc_settle_ms(ctx),
                                "61 s after it started under the 1-minute timeout (the update to 10 minutes must not extend it)");
    jc_wait_execution_status(ctx, late, job, "IN_PROGRESS"); /* a read after a change */
    const char *st = jc_execution_status(ctx, late, job);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "the execution started after the update to 10 minutes is %s 61 s later, "
             "expected IN_PROGRESS", jc_str_or(st));
}

/* ---- validation -------------------------------------------------------- */

static void s_refuse_presigned(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused(ctx, id, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":59}");
    expect_refused(ctx, id, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":3601}");
    expect_refused(ctx, id, "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role\",\"expiresInSec\":600}");
}

static void s_refuse_rollout(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused(ctx, id, "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":0}");
    expect_refused(ctx, id, "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1001,"
                            "\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}");
    expect_refused(ctx, id, "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                            "\"incrementFactor\":5.1,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}");
}

static void s_refuse_abort(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused(ctx, id, "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
                            "\"thresholdPercentage\":100.01,\"minNumberOfExecutedThings\":1}]}");
    expect_refused(ctx, id, "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
                            "\"thresholdPercentage\":50,\"minNumberOfExecutedThings\":0}]}");
}

static void s_refuse_timeout(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused(ctx, id, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":0}");
    expect_refused(ctx, id, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10081}");
}

static void s_refuse_retry(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused(ctx, id, "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\","
                            "\"numberOfRetries\":11}]}");
    expect_refused(ctx, id, "\"jobExecutionsRetryConfig\":{\"criteriaList\":[]}");
}

static void s_refuse_description(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused(ctx, id, jc_str(ctx, "\"description\":\"%s\"", jc_repeat(ctx, 'd', 2029)));
    expect_refused(ctx, id, "\"description\":\"tab\\u0009inside\"");
}

static void s_refuse_partly_valid(jc_ctx *ctx)
{
    /* a valid description beside an invalid timeout: nothing is applied */
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused(ctx, id, "\"description\":\"must not stick\",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":0}");
}

static void s_unknown_job(jc_ctx *ctx)
{
    jc_response *r = patch(ctx, jc_name(ctx, "never-created"), "{\"description\":\"x\"}");
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

/* ---- both sides of every range ---------------------------------------- */

/* ---- accepted side of each range --------------------------------------- */

static void s_accept_presigned(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_updated(ctx, id, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":60}");
    expect_updated(ctx, id, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":3600}");
    /* "arn:aws:iam::1:role/" is 20 characters */
    expect_updated(ctx, id, "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role/\",\"expiresInSec\":600}");
}

static void s_accept_rollout(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_updated(ctx, id, "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}");
    const char *crit = "{\"numberOfNotifiedThings\":1}";
    expect_updated(ctx, id, jc_cfg_exponential_rate(ctx, "1", "1.1", crit));
    expect_updated(ctx, id, jc_cfg_exponential_rate(ctx, "1000", "5.0", crit));
}

static void s_accept_abort(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_updated(ctx, id, jc_cfg_abort(ctx, "REJECTED", "CANCEL", "100", "1"));
    expect_updated(ctx, id, jc_cfg_abort(ctx, "ALL", "CANCEL", "12.34", "3"));
}

static void s_accept_timeout(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_updated(ctx, id, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1}");
    expect_updated(ctx, id, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10080}");
}

static void s_accept_retry(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_updated(ctx, id, jc_cfg_retry(ctx, "ALL", 0));
    expect_updated(ctx, id, jc_cfg_retry(ctx, "TIMED_OUT", 10));
}

static void s_accept_description(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_updated(ctx, id, jc_str(ctx, "\"description\":\"%s\"", jc_repeat(ctx, 'u', 2028)));
}

/* ---- refused ----------------------------------------------------------- */

static void s_refuse_exponential(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    const char *crit = "{\"numberOfNotifiedThings\":1}";
    expect_refused(ctx, id, jc_cfg_exponential_rate(ctx, "0", "2", crit));
    expect_refused(ctx, id, jc_cfg_exponential_rate(ctx, "10", "1.0", crit));
    expect_refused(ctx, id, jc_cfg_exponential_rate(ctx, "10", "1.25", crit));
    expect_refused(ctx, id, jc_cfg_exponential_rate(ctx, "10", "2", NULL));
    expect_refused(ctx, id, jc_cfg_exponential_rate(ctx, "10", "2", "{\"numberOfSucceededThings\":0}"));
}

static void s_refuse_abort_shape(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused(ctx, id, jc_cfg_abort(ctx, "FAILED", "CANCEL", "12.345", "1"));
    expect_refused(ctx, id, jc_cfg_abort(ctx, "EXPLODED", "CANCEL", "50", "1"));
    expect_refused(ctx, id, jc_cfg_abort(ctx, "FAILED", "PAUSE", "50", "1"));
    expect_refused(ctx, id, "\"abortConfig\":{\"criteriaList\":[]}");
}

static void s_refuse_retry_more(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused(ctx, id, jc_cfg_retry(ctx, "FAILED", -1));
    expect_refused(ctx, id, jc_cfg_retry(ctx, "REJECTED", 1));
    expect_refused(ctx, id,
                   "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1},"
                   "{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":1},{\"failureType\":\"ALL\",\"numberOfRetries\":1}]}");
}

/* WIRE-013 (MAY [R]): another JSON type for a scalar is refused with nothing
   changed, or accepted as coerced. */
static void refused_or_coerced(jc_ctx *ctx, const char *id, const char *members)
{
    jc_response *before = jc_describe_job(ctx, id);
    jc_response *r = patch(ctx, id, jc_str(ctx, "{%s}", members));
    if (jc_is_2xx(r)) {
        jc_note(ctx, "UpdateJob {%.200s} was accepted (a server may coerce it)", members);
        return;
    }
    jc_response *after = jc_describe_job(ctx, id);
    jc_expect_refused_unchanged(ctx, r, "InvalidRequestException", 400, before, after, jc_job_config_paths,
                                jc_str(ctx, "UpdateJob {%.200s}", members));
}

static void s_wrong_types(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    jc_req_scope(ctx, "WIRE-008"); /* an array for an object: nothing coerces it */
    expect_refused(ctx, id, "\"abortConfig\":[]");
    jc_req_scope(ctx, "WIRE-013");
    refused_or_coerced(ctx, id, "\"description\":5");
    refused_or_coerced(ctx, id, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":\"10\"}");
    refused_or_coerced(ctx, id, "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":2.5}");
}

static void s_malformed_body(jc_ctx *ctx)
{
    const char *id = job_with(ctx, FULL_CONFIG);
    expect_refused_raw(ctx, id, "{\"description\":\"truncated\"");
    expect_refused_raw(ctx, id, "[{\"description\":\"in an array\"}]");
}

static void s_bad_job_id(jc_ctx *ctx)
{
    const char *base = jc_name(ctx, "");
    const char *long_id = jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'a', 65 - strlen(base)));
    jc_response *r = patch(ctx, long_id, "{\"description\":\"x\"}");
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    r = patch(ctx, jc_str(ctx, "%s.dot", base), "{\"description\":\"x\"}");
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

/* ---- what an update leaves alone --------------------------------------- */

static void s_keeps_identity(jc_ctx *ctx)
{
    const char *a = NULL, *b = NULL;
    jc_create_thing(ctx, "a", &a);
    jc_create_thing(ctx, "b", &b);
    const char *targets[] = {a, b, NULL};
    const char *doc = "{\"operation\":\"keep-me\"}";
    const char *id = jc_create_job(ctx, NULL, doc, targets,
                                   "{\"targetSelection\":\"CONTINUOUS\",\"description\":\"before\"}");
    jc_response *before = jc_describe_job(ctx, id);
    jc_response *r = patch(ctx, id,
                           "{\"description\":\"after\",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":30},"
                           "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":10},"
                           "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":300}}");
    JC_REQUIRE(ctx, r->status >= 200 && r->status < 300, "UpdateJob: HTTP %d %s, expected 200", r->status,
               jc_str_or(r->error_code));
    jc_response *after = jc_describe_job(ctx, id);
    static const char *const kept[] = {"jobId", "jobArn", "status", "targetSelection", "targets", "createdAt"};
    for (size_t i = 0; i < JC_COUNT(kept); i++) {
        const char *bt = member_text(ctx, before, kept[i]);
        const char *at = member_text(ctx, after, kept[i]);
        JC_CHECK(ctx, strcmp(bt, at) == 0, "UpdateJob changed job.%s from %s to %s", kept[i], bt, at);
    }
    jc_response *g = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", id), NULL, NULL);
    jc_require_status(ctx, g, 200);
    const char *got = jc_json_string(g, "document");
    JC_CHECK(ctx, jc_streq(got, doc), "GetJobDocument after UpdateJob gives '%s', expected the original '%s'",
             jc_str_or(got), doc);
}

static void s_top_level_maximum(jc_ctx *ctx)
{
    /* The seed's cli-input-json puts maximumPerMinute beside
     * jobExecutionsRolloutConfig; the model has no such member, so it must
     * not change the rollout (ignored with 200, or refused with 400). */
    const char *id = job_with(ctx, FULL_CONFIG);
    jc_response *r = patch(ctx, id, "{\"maximumPerMinute\":5}");
    JC_CHECK(ctx, (r->status >= 200 && r->status < 300) || r->status == 400,
             "UpdateJob {\"maximumPerMinute\":5}: HTTP %d %s, expected 200 (member ignored) or 400", r->status,
             jc_str_or(r->error_code));
    jc_response *d = jc_describe_job(ctx, id);
    double max = 0;
    JC_CHECK(ctx, jc_json_number(d, "job.jobExecutionsRolloutConfig.maximumPerMinute", &max) && max == 100,
             "job.jobExecutionsRolloutConfig is %s after a top-level maximumPerMinute 5, expected it unchanged "
             "({\"maximumPerMinute\":100})", member_text(ctx, d, "jobExecutionsRolloutConfig"));
}

static void s_deletion_in_progress(jc_ctx *ctx)
{
    jc_req_scope(ctx, "DL-005"); /* the job shows DELETION_IN_PROGRESS; the refusal is UJ-005 */
    const char *id = job_with(ctx, "{\"description\":\"before\"}");
    jc_response *del = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", id), "force=true", NULL);
    JC_REQUIRE(ctx, del->status >= 200 && del->status < 300, "DeleteJob ?force=true: HTTP %d %s, expected 200",
               del->status, jc_str_or(del->error_code));
    jc_response *d = jc_describe_job_holding(ctx, id, "job", "\"status\":\"DELETION_IN_PROGRESS\""); /* read after a change */
    if (d->status == 404) jc_skip(ctx, "the deletion completed before the job could be updated");
    const char *st = jc_json_string(d, "job.status");
    if (!jc_streq(st, "DELETION_IN_PROGRESS"))
        jc_skip(ctx, "the job is %s right after DeleteJob, not DELETION_IN_PROGRESS (deletejob checks it)",
                jc_str_or(st));
    jc_response *r = patch(ctx, id, "{\"description\":\"after\"}");
    static const char *const codes[] = {"InvalidRequestException", "ResourceNotFoundException", NULL};
    jc_req_scope(ctx, "UJ-005");
    JC_CHECK(ctx, r->status >= 400 && r->status < 500,
             "UpdateJob of a DELETION_IN_PROGRESS job: HTTP %d, expected a 4xx refusal", r->status);
    jc_expect_error_in(ctx, r, codes);
    d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    if (d->status == 404) return; /* deleted meanwhile */
    const char *desc = jc_json_string(d, "job.description");
    st = jc_json_string(d, "job.status");
    JC_CHECK(ctx, !jc_streq(desc, "after"), "the refused UpdateJob changed job.description to 'after'");
    JC_CHECK_REQ(ctx, "DL-005", jc_streq(st, "DELETION_IN_PROGRESS"), "after the UpdateJob the job is %s, expected DELETION_IN_PROGRESS",
             jc_str_or(st));
}

static const jc_scenario s_table[] = {
    {"updatejob.description", "UpdateJob description replaces it and leaves every configuration unchanged",
     "UJ-001,DJ-005", "smoke", 0, s_description,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.presigned-url-config", "UpdateJob presignedUrlConfig replaces it; the rest is unchanged",
     "UJ-001,DJ-005", "", 0, s_presigned,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.rollout-max-per-minute", "UpdateJob jobExecutionsRolloutConfig.maximumPerMinute replaces it",
     "UJ-001,UJ-003", "", 0, s_rollout,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.rollout-exponential-rate", "UpdateJob exponentialRate replaces the rollout configuration", "UJ-001",
     "", 0, s_exponential,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.abort-config", "UpdateJob abortConfig replaces it; the rest is unchanged", "UJ-001,DJ-005", "", 0,
     s_abort,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.timeout-config", "UpdateJob timeoutConfig replaces it; the rest is unchanged", "UJ-001,DJ-005", "",
     0, s_timeout,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.retry-config", "UpdateJob jobExecutionsRetryConfig replaces it; the rest is unchanged",
     "UJ-001,DJ-005", "", 0, s_retry,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.adds-config", "UpdateJob gives a job created without configuration a timeout and abort config",
     "UJ-001", "", 0, s_adds_to_bare_job,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.empty-body", "UpdateJob {} succeeds and changes no configuration", "UJ-001", "", 0, s_empty_body,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.last-updated-moves", "UpdateJob moves lastUpdatedAt forward and keeps createdAt", "UJ-001", "",
     JC_NEEDS_CLOCK, s_last_updated_moves,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.timeout-applies-later", "Lengthening timeoutConfig does not extend executions already IN_PROGRESS "
     "but applies to later ones", "UJ-004", "timers", JC_NEEDS_CLOCK, s_timeout_applies_later,
     JC_OPS("UpdateJob", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"updatejob.accept-presigned-bounds", "UpdateJob expiresInSec 60 and 3600 and a 20-character roleArn are applied "
     "and visible in DescribeJob", "UJ-001,UJ-002,CJ-014", "limits", 0, s_accept_presigned,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-presigned", "UpdateJob expiresInSec 59/3601 or a 19-character roleArn: "
     "InvalidRequestException 400, nothing changed", "UJ-002,CJ-014", "limits,negative", 0, s_refuse_presigned,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.accept-rollout-bounds", "UpdateJob maximumPerMinute 1, baseRatePerMinute 1/1000 and incrementFactor "
     "1.1/5.0 are applied and visible", "UJ-002,UJ-003,CJ-015,CJ-016", "limits", 0, s_accept_rollout,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-rollout", "UpdateJob maximumPerMinute 0, baseRatePerMinute 1001 or incrementFactor 5.1: "
     "InvalidRequestException 400, nothing changed", "UJ-002,CJ-015,CJ-016", "limits,negative", 0, s_refuse_rollout,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-exponential", "UpdateJob baseRatePerMinute 0, incrementFactor 1.0 or 1.25, no "
     "rateIncreaseCriteria or a 0 threshold: InvalidRequestException 400, nothing changed", "UJ-002,CJ-015,CJ-016",
     "limits,negative", 0, s_refuse_exponential,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.accept-abort-bounds", "UpdateJob thresholdPercentage 100 and 12.34 and minNumberOfExecutedThings 1 are "
     "applied and visible", "UJ-002,CJ-017,CJ-018", "limits", 0, s_accept_abort,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-abort", "UpdateJob thresholdPercentage 100.01 or minNumberOfExecutedThings 0: "
     "InvalidRequestException 400, nothing changed", "UJ-002,CJ-017,CJ-018", "limits,negative", 0, s_refuse_abort,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-abort-shape", "UpdateJob thresholdPercentage 12.345, a bogus failureType or action, or an empty "
     "criteriaList: InvalidRequestException 400, nothing changed", "UJ-002,CJ-017,WIRE-008", "limits,negative", 0,
     s_refuse_abort_shape,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.accept-timeout-bounds", "UpdateJob inProgressTimeoutInMinutes 1 and 10080 are applied and visible",
     "UJ-002,CJ-019", "limits", 0, s_accept_timeout,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-timeout", "UpdateJob inProgressTimeoutInMinutes 0/10081: InvalidRequestException 400, "
     "nothing changed", "UJ-002,CJ-019", "limits,negative", 0, s_refuse_timeout,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.accept-retry-bounds", "UpdateJob numberOfRetries 0 and 10 are applied and visible", "UJ-002,CJ-020",
     "limits", 0, s_accept_retry,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-retry", "UpdateJob numberOfRetries 11 or an empty retry criteriaList: InvalidRequestException "
     "400, nothing changed", "UJ-002,CJ-020", "limits,negative", 0, s_refuse_retry,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-retry-more", "UpdateJob numberOfRetries -1, failureType REJECTED or 3 retry criteria: "
     "InvalidRequestException 400, nothing changed", "UJ-002,CJ-020", "limits,negative", 0, s_refuse_retry_more,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.accept-description-2028", "UpdateJob with a 2028-character description is applied and visible",
     "UJ-002,CJ-013", "limits", 0, s_accept_description,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-description", "UpdateJob description of 2029 characters or with a control character: "
     "InvalidRequestException 400", "UJ-002,CJ-013", "limits,negative", 0, s_refuse_description,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.refuse-partly-valid", "An UpdateJob with one invalid member applies none of its members", "UJ-002",
     "negative", 0, s_refuse_partly_valid,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.unknown-job", "UpdateJob of an unknown jobId gives ResourceNotFoundException 404", "WIRE-012",
     "negative", 0, s_unknown_job,
     JC_OPS("UpdateJob", "")},
    {"updatejob.wrong-member-types", "UpdateJob with a numeric description, a string timeout, an array abortConfig or a "
     "fractional maximumPerMinute: InvalidRequestException 400, nothing changed (the scalars: or coerced)",
     "WIRE-008,WIRE-013,UJ-002", "negative", 0,
     s_wrong_types,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.malformed-body", "UpdateJob with a truncated or an array JSON body: InvalidRequestException 400, nothing "
     "changed", "WIRE-007", "negative", 0, s_malformed_body,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.bad-job-id", "UpdateJob of a 65-character jobId or one holding '.' gives InvalidRequestException 400",
     "CJ-002,WIRE-008", "negative,limits", 0, s_bad_job_id,
     JC_OPS("UpdateJob", "")},
    {"updatejob.keeps-identity", "UpdateJob leaves jobId, status, targetSelection, targets, createdAt and the document "
     "unchanged", "UJ-001,GD-001", "", 0, s_keeps_identity,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,GetJobDocument,CreateThing")},
    {"updatejob.top-level-maximum-ignored", "A maximumPerMinute outside jobExecutionsRolloutConfig (the seed's form) "
     "does not change the rollout configuration", "UJ-003,WIRE-006", "", 0, s_top_level_maximum,
     JC_OPS("UpdateJob", "CreateJob,DescribeJob,CreateThing")},
    {"updatejob.deletion-in-progress", "UpdateJob of a DELETION_IN_PROGRESS job is refused with a model-listed 4xx "
     "(InvalidRequest or ResourceNotFound) and changes nothing", "DL-005,UJ-005", "negative,lifecycle", JC_NEEDS_STILL_CLOCK, s_deletion_in_progress,
     JC_OPS("UpdateJob", "CreateJob,DeleteJob,DescribeJob,CreateThing")},
};

JC_SUITE(updatejob, "UpdateJob", s_table);
