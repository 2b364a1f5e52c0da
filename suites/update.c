/* UpdateJob (PATCH /jobs/{jobId}), complementing updatejob.c: the accepted
 * side of every range UpdateJob validates (updatejob.c has the refused side
 * of most of them), the remaining refusals (exponential rate, abort and retry
 * shapes), member types and malformed bodies, a jobId label that breaks the
 * JobId constraint, an update of a job being deleted, the members an update
 * must not touch (targets, document, status) and the seed's misplaced
 * maximumPerMinute (UJ-003). A refused update must change nothing. */
#include <stdlib.h>
#include <string.h>

#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(absent)"; }
static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

#define ROLE_ARN "arn:aws:iam::123456789012:role/jobsconf-update"

/* A job holding every configuration, so that an update is observable. */
#define BASE_CONFIG                                                                                          \
    "{\"description\":\"base\","                                                                             \
    "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":900},"                            \
    "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":100},"                                             \
    "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","                  \
    "\"thresholdPercentage\":50,\"minNumberOfExecutedThings\":10}]},"                                        \
    "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":60},"                                                 \
    "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":2}]}}"

static const char *const config_members[] = {"description", "presignedUrlConfig", "jobExecutionsRolloutConfig",
                                             "abortConfig", "timeoutConfig", "jobExecutionsRetryConfig"};

/* Whether every member of `want` is in `got` with an equal value (objects
 * recursively, arrays item by item, numbers numerically). */
static bool holds(const cJSON *want, const cJSON *got)
{
    if (!want || !got) return false;
    if (cJSON_IsObject(want)) {
        if (!cJSON_IsObject(got)) return false;
        for (const cJSON *w = want->child; w; w = w->next)
            if (!holds(w, cJSON_GetObjectItemCaseSensitive(got, w->string))) return false;
        return true;
    }
    if (cJSON_IsArray(want)) {
        if (!cJSON_IsArray(got) || cJSON_GetArraySize(want) != cJSON_GetArraySize(got)) return false;
        const cJSON *g = got->child;
        for (const cJSON *w = want->child; w; w = w->next, g = g->next)
            if (!holds(w, g)) return false;
        return true;
    }
    if (cJSON_IsNumber(want)) {
        if (!cJSON_IsNumber(got)) return false;
        double d = want->valuedouble - got->valuedouble;
        return d < 1e-9 && d > -1e-9;
    }
    return cJSON_Compare(want, got, true);
}

/* The JSON text of job.<member> in a DescribeJob response (ctx-owned). */
static const char *member_text(jc_ctx *ctx, const jc_response *d, const char *member)
{
    const cJSON *v = jc_json_get(jc_json_object(d, "job"), member);
    if (!v) return "(absent)";
    char *t = cJSON_PrintUnformatted(v);
    const char *s = jc_str(ctx, "%s", t ? t : "?");
    free(t);
    return s;
}

static const char *job_with(jc_ctx *ctx, const char *extra)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    return jc_create_job(ctx, NULL, NULL, targets, extra);
}

static jc_response *patch(jc_ctx *ctx, const char *id, const char *body)
{
    return jc_call(ctx, JC_CONTROL, "PATCH", jc_path(ctx, "/jobs/%s", id), NULL, body);
}

/* PATCH {members} gets a 2xx and DescribeJob then holds every given member
 * with the given value. */
static void expect_applied(jc_ctx *ctx, const char *id, const char *members)
{
    jc_response *r = patch(ctx, id, jc_str(ctx, "{%s}", members));
    if (!JC_CHECK(ctx, r->status >= 200 && r->status < 300, "UpdateJob {%s}: HTTP %d %s (%s), expected 200",
                  members, r->status, str_or(r->error_code), str_or(r->message)))
        return;
    jc_response *d = jc_describe_job(ctx, id);
    cJSON *want = cJSON_Parse(jc_str(ctx, "{%s}", members));
    if (!want) jc_error(ctx, "harness: members {%s} are not JSON", members);
    const cJSON *job = jc_json_object(d, "job");
    for (const cJSON *w = want->child; w; w = w->next) {
        char *wt = cJSON_PrintUnformatted(w);
        JC_CHECK(ctx, holds(w, job ? cJSON_GetObjectItemCaseSensitive(job, w->string) : NULL),
                 "after UpdateJob {%s}, job.%s is %s, expected it to hold %s", members, w->string,
                 member_text(ctx, d, w->string), wt ? wt : "?");
        free(wt);
    }
    cJSON_Delete(want);
}

/* Every configuration member of job `id` is as in `before`. */
static void expect_unchanged(jc_ctx *ctx, const char *id, const jc_response *before, const char *why)
{
    jc_response *after = jc_describe_job(ctx, id);
    for (size_t i = 0; i < JC_COUNT(config_members); i++) {
        const char *b = member_text(ctx, before, config_members[i]);
        const char *a = member_text(ctx, after, config_members[i]);
        JC_CHECK(ctx, strcmp(a, b) == 0, "%s changed job.%s from %s to %s", why, config_members[i], b, a);
    }
}

/* PATCH with `body` (raw) gets InvalidRequestException (400) and changes no
 * configuration. */
static void expect_refused_raw(jc_ctx *ctx, const char *id, const char *body)
{
    jc_response *before = jc_describe_job(ctx, id);
    jc_response *r = patch(ctx, id, body);
    JC_CHECK(ctx, r->status == 400 && streq(r->error_code, "InvalidRequestException"),
             "UpdateJob %s: HTTP %d %s, expected InvalidRequestException 400", body, r->status, str_or(r->error_code));
    expect_unchanged(ctx, id, before, jc_str(ctx, "the refused UpdateJob %s", body));
}

static void expect_refused(jc_ctx *ctx, const char *id, const char *members)
{
    expect_refused_raw(ctx, id, jc_str(ctx, "{%s}", members));
}

static const char *exp_rate(jc_ctx *ctx, const char *base, const char *factor, const char *criteria)
{
    return jc_str(ctx,
                  "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":%s,"
                  "\"incrementFactor\":%s%s%s}}",
                  base, factor, criteria ? ",\"rateIncreaseCriteria\":" : "", criteria ? criteria : "");
}

static const char *abort_cfg(jc_ctx *ctx, const char *failure, const char *action, const char *pct, const char *min)
{
    return jc_str(ctx,
                  "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"%s\",\"action\":\"%s\","
                  "\"thresholdPercentage\":%s,\"minNumberOfExecutedThings\":%s}]}",
                  failure, action, pct, min);
}

static const char *retry_n(jc_ctx *ctx, const char *type, int n)
{
    return jc_str(ctx,
                  "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"%s\",\"numberOfRetries\":%d}]}",
                  type, n);
}

/* ---- accepted side of each range --------------------------------------- */

static void s_accept_presigned(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    expect_applied(ctx, id, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":60}");
    expect_applied(ctx, id, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":3600}");
    /* "arn:aws:iam::1:role/" is 20 characters */
    expect_applied(ctx, id, "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role/\",\"expiresInSec\":600}");
}

static void s_accept_rollout(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    expect_applied(ctx, id, "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}");
    const char *crit = "{\"numberOfNotifiedThings\":1}";
    expect_applied(ctx, id, exp_rate(ctx, "1", "1.1", crit));
    expect_applied(ctx, id, exp_rate(ctx, "1000", "5.0", crit));
}

static void s_accept_abort(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    expect_applied(ctx, id, abort_cfg(ctx, "REJECTED", "CANCEL", "100", "1"));
    expect_applied(ctx, id, abort_cfg(ctx, "ALL", "CANCEL", "12.34", "3"));
}

static void s_accept_timeout(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    expect_applied(ctx, id, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1}");
    expect_applied(ctx, id, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10080}");
}

static void s_accept_retry(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    expect_applied(ctx, id, retry_n(ctx, "ALL", 0));
    expect_applied(ctx, id, retry_n(ctx, "TIMED_OUT", 10));
}

static void s_accept_description(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    expect_applied(ctx, id, jc_str(ctx, "\"description\":\"%s\"", jc_repeat(ctx, 'u', 2028)));
}

/* ---- refused ----------------------------------------------------------- */

static void s_refuse_exponential(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    const char *crit = "{\"numberOfNotifiedThings\":1}";
    expect_refused(ctx, id, exp_rate(ctx, "0", "2", crit));
    expect_refused(ctx, id, exp_rate(ctx, "10", "1.0", crit));
    expect_refused(ctx, id, exp_rate(ctx, "10", "1.25", crit));
    expect_refused(ctx, id, exp_rate(ctx, "10", "2", NULL));
    expect_refused(ctx, id, exp_rate(ctx, "10", "2", "{\"numberOfSucceededThings\":0}"));
}

static void s_refuse_abort_shape(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    expect_refused(ctx, id, abort_cfg(ctx, "FAILED", "CANCEL", "12.345", "1"));
    expect_refused(ctx, id, abort_cfg(ctx, "EXPLODED", "CANCEL", "50", "1"));
    expect_refused(ctx, id, abort_cfg(ctx, "FAILED", "PAUSE", "50", "1"));
    expect_refused(ctx, id, "\"abortConfig\":{\"criteriaList\":[]}");
}

static void s_refuse_retry_more(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    expect_refused(ctx, id, retry_n(ctx, "FAILED", -1));
    expect_refused(ctx, id, retry_n(ctx, "REJECTED", 1));
    expect_refused(ctx, id,
                   "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1},"
                   "{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":1},{\"failureType\":\"ALL\",\"numberOfRetries\":1}]}");
}

static void s_wrong_types(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
    expect_refused(ctx, id, "\"description\":5");
    expect_refused(ctx, id, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":\"10\"}");
    expect_refused(ctx, id, "\"abortConfig\":[]");
    expect_refused(ctx, id, "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":2.5}");
}

static void s_malformed_body(jc_ctx *ctx)
{
    const char *id = job_with(ctx, BASE_CONFIG);
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
               str_or(r->error_code));
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
    JC_CHECK(ctx, streq(got, doc), "GetJobDocument after UpdateJob gives '%s', expected the original '%s'",
             str_or(got), doc);
}

static void s_top_level_maximum(jc_ctx *ctx)
{
    /* The seed's cli-input-json puts maximumPerMinute beside
     * jobExecutionsRolloutConfig; the model has no such member, so it must
     * not change the rollout (ignored with 200, or refused with 400). */
    const char *id = job_with(ctx, BASE_CONFIG);
    jc_response *r = patch(ctx, id, "{\"maximumPerMinute\":5}");
    JC_CHECK(ctx, (r->status >= 200 && r->status < 300) || r->status == 400,
             "UpdateJob {\"maximumPerMinute\":5}: HTTP %d %s, expected 200 (member ignored) or 400", r->status,
             str_or(r->error_code));
    jc_response *d = jc_describe_job(ctx, id);
    double max = 0;
    JC_CHECK(ctx, jc_json_number(d, "job.jobExecutionsRolloutConfig.maximumPerMinute", &max) && max == 100,
             "job.jobExecutionsRolloutConfig is %s after a top-level maximumPerMinute 5, expected it unchanged "
             "({\"maximumPerMinute\":100})", member_text(ctx, d, "jobExecutionsRolloutConfig"));
}

static void s_deletion_in_progress(jc_ctx *ctx)
{
    const char *id = job_with(ctx, "{\"description\":\"before\"}");
    jc_response *del = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", id), "force=true", NULL);
    JC_REQUIRE(ctx, del->status >= 200 && del->status < 300, "DeleteJob ?force=true: HTTP %d %s, expected 200",
               del->status, str_or(del->error_code));
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    if (d->status == 404) jc_skip(ctx, "the deletion completed before the job could be updated");
    const char *st = jc_json_string(d, "job.status");
    if (!streq(st, "DELETION_IN_PROGRESS"))
        jc_skip(ctx, "the job is %s right after DeleteJob, not DELETION_IN_PROGRESS (deletejob checks it)",
                str_or(st));
    jc_response *r = patch(ctx, id, "{\"description\":\"after\"}");
    static const char *const codes[] = {"InvalidRequestException", "ResourceNotFoundException", NULL};
    JC_CHECK(ctx, r->status >= 400 && r->status < 500,
             "UpdateJob of a DELETION_IN_PROGRESS job: HTTP %d, expected a 4xx refusal", r->status);
    jc_expect_error_in(ctx, r, codes);
    d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    if (d->status == 404) return; /* deleted meanwhile */
    const char *desc = jc_json_string(d, "job.description");
    st = jc_json_string(d, "job.status");
    JC_CHECK(ctx, !streq(desc, "after"), "the refused UpdateJob changed job.description to 'after'");
    JC_CHECK(ctx, streq(st, "DELETION_IN_PROGRESS"), "after the UpdateJob the job is %s, expected DELETION_IN_PROGRESS",
             str_or(st));
}

static const jc_scenario s_table[] = {
    {"update.accept-presigned-bounds", "UpdateJob expiresInSec 60 and 3600 and a 20-character roleArn are applied "
     "and visible in DescribeJob", "UJ-001,UJ-002,CJ-014", "limits", 0, s_accept_presigned},
    {"update.accept-rollout-bounds", "UpdateJob maximumPerMinute 1, baseRatePerMinute 1/1000 and incrementFactor "
     "1.1/5.0 are applied and visible", "UJ-002,UJ-003,CJ-015,CJ-016", "limits", 0, s_accept_rollout},
    {"update.accept-abort-bounds", "UpdateJob thresholdPercentage 100 and 12.34 and minNumberOfExecutedThings 1 are "
     "applied and visible", "UJ-002,CJ-017,CJ-018", "limits", 0, s_accept_abort},
    {"update.accept-timeout-bounds", "UpdateJob inProgressTimeoutInMinutes 1 and 10080 are applied and visible",
     "UJ-002,CJ-019", "limits", 0, s_accept_timeout},
    {"update.accept-retry-bounds", "UpdateJob numberOfRetries 0 and 10 are applied and visible", "UJ-002,CJ-020",
     "limits", 0, s_accept_retry},
    {"update.accept-description-2028", "UpdateJob with a 2028-character description is applied and visible",
     "UJ-002,CJ-013", "limits", 0, s_accept_description},
    {"update.refuse-exponential", "UpdateJob baseRatePerMinute 0, incrementFactor 1.0 or 1.25, no "
     "rateIncreaseCriteria or a 0 threshold: InvalidRequestException 400, nothing changed", "UJ-002,CJ-015,CJ-016",
     "limits,negative", 0, s_refuse_exponential},
    {"update.refuse-abort-shape", "UpdateJob thresholdPercentage 12.345, a bogus failureType or action, or an empty "
     "criteriaList: InvalidRequestException 400, nothing changed", "UJ-002,CJ-017,WIRE-008", "limits,negative", 0,
     s_refuse_abort_shape},
    {"update.refuse-retry-more", "UpdateJob numberOfRetries -1, failureType REJECTED or 3 retry criteria: "
     "InvalidRequestException 400, nothing changed", "UJ-002,CJ-020", "limits,negative", 0, s_refuse_retry_more},
    {"update.wrong-member-types", "UpdateJob with a numeric description, a string timeout, an array abortConfig or a "
     "fractional maximumPerMinute: InvalidRequestException 400, nothing changed", "WIRE-008,UJ-002", "negative", 0,
     s_wrong_types},
    {"update.malformed-body", "UpdateJob with a truncated or an array JSON body: InvalidRequestException 400, nothing "
     "changed", "WIRE-007", "negative", 0, s_malformed_body},
    {"update.bad-job-id", "UpdateJob of a 65-character jobId or one holding '.' gives InvalidRequestException 400",
     "CJ-002,WIRE-008", "negative,limits", 0, s_bad_job_id},
    {"update.keeps-identity", "UpdateJob leaves jobId, status, targetSelection, targets, createdAt and the document "
     "unchanged", "UJ-001,GD-001", "", 0, s_keeps_identity},
    {"update.top-level-maximum-ignored", "A maximumPerMinute outside jobExecutionsRolloutConfig (the seed's form) "
     "does not change the rollout configuration", "UJ-003,WIRE-006", "", 0, s_top_level_maximum},
    {"update.deletion-in-progress", "UpdateJob of a DELETION_IN_PROGRESS job is refused with a model-listed 4xx "
     "(InvalidRequest or ResourceNotFound) and changes nothing", "DL-005,DL-006", "negative,lifecycle", JC_NEEDS_STILL_CLOCK, s_deletion_in_progress},
};

JC_SUITE(update, "UpdateJob", s_table);
