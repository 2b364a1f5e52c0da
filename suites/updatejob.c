/* UpdateJob (PATCH /jobs/{jobId}): each member replaces its configuration
 * and leaves the others unchanged, as DescribeJob shows; every range is
 * validated as CreateJob validates it and a refused update changes nothing;
 * a timeoutConfig change applies only to executions started afterwards. */
#include <stdlib.h>
#include <string.h>

#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(absent)"; }
static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

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

static const char *const config_members[] = {"description", "presignedUrlConfig", "jobExecutionsRolloutConfig",
                                             "abortConfig", "timeoutConfig", "jobExecutionsRetryConfig"};

/* Whether every member of `want` is in `got` with an equal value (objects
 * recursively; arrays item by item; numbers numerically). */
static bool subset_equal(const cJSON *want, const cJSON *got)
{
    if (!want || !got) return false;
    if (cJSON_IsObject(want)) {
        if (!cJSON_IsObject(got)) return false;
        for (const cJSON *w = want->child; w; w = w->next)
            if (!subset_equal(w, cJSON_GetObjectItemCaseSensitive(got, w->string))) return false;
        return true;
    }
    if (cJSON_IsArray(want)) {
        if (!cJSON_IsArray(got) || cJSON_GetArraySize(want) != cJSON_GetArraySize(got)) return false;
        const cJSON *g = got->child;
        for (const cJSON *w = want->child; w; w = w->next, g = g->next)
            if (!subset_equal(w, g)) return false;
        return true;
    }
    if (cJSON_IsNumber(want)) {
        if (!cJSON_IsNumber(got)) return false;
        double d = want->valuedouble - got->valuedouble;
        return d < 1e-9 && d > -1e-9;
    }
    return cJSON_Compare(want, got, true);
}

/* The JSON text of job.<member> (ctx-owned; "(absent)" when missing). */
static const char *member_text(jc_ctx *ctx, jc_response *d, const char *member)
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

/* PATCH {members} succeeds; DescribeJob then shows each given member as
 * given and every other configuration member as it was before. */
static void expect_updated(jc_ctx *ctx, const char *id, const char *members)
{
    jc_response *before = jc_describe_job(ctx, id);
    jc_response *r = patch(ctx, id, jc_str(ctx, "{%s}", members));
    JC_REQUIRE(ctx, r->status == 200, "UpdateJob {%s}: HTTP %d %s (%s), expected 200", members, r->status,
               str_or(r->error_code), str_or(r->message));
    jc_response *after = jc_describe_job(ctx, id);
    cJSON *want = cJSON_Parse(jc_str(ctx, "{%s}", members));
    if (!want) jc_error(ctx, "harness: members {%s} are not JSON", members);
    const cJSON *job = jc_json_object(after, "job");
    for (const cJSON *w = want->child; w; w = w->next) {
        const cJSON *got = job ? cJSON_GetObjectItemCaseSensitive(job, w->string) : NULL;
        char *wt = cJSON_PrintUnformatted(w);
        JC_CHECK(ctx, subset_equal(w, got), "after UpdateJob, job.%s is %s, expected it to hold %s", w->string,
                 member_text(ctx, after, w->string), wt ? wt : "?");
        free(wt);
    }
    for (size_t i = 0; i < JC_COUNT(config_members); i++) {
        if (cJSON_GetObjectItemCaseSensitive(want, config_members[i])) continue;
        const char *b = member_text(ctx, before, config_members[i]);
        const char *a = member_text(ctx, after, config_members[i]);
        JC_CHECK(ctx, strcmp(a, b) == 0, "UpdateJob {%s} changed job.%s from %s to %s", members, config_members[i],
                 b, a);
    }
    cJSON_Delete(want);
}

/* PATCH {members} gets InvalidRequestException (400) and DescribeJob shows
 * every configuration member as it was. */
static void expect_refused(jc_ctx *ctx, const char *id, const char *members)
{
    jc_response *before = jc_describe_job(ctx, id);
    jc_response *r = patch(ctx, id, jc_str(ctx, "{%s}", members));
    JC_CHECK(ctx, r->status == 400 && streq(r->error_code, "InvalidRequestException"),
             "UpdateJob {%s}: HTTP %d %s, expected InvalidRequestException 400", members, r->status,
             str_or(r->error_code));
    jc_response *after = jc_describe_job(ctx, id);
    for (size_t i = 0; i < JC_COUNT(config_members); i++) {
        const char *b = member_text(ctx, before, config_members[i]);
        const char *a = member_text(ctx, after, config_members[i]);
        JC_CHECK(ctx, strcmp(a, b) == 0, "the refused UpdateJob {%s} changed job.%s from %s to %s", members,
                 config_members[i], b, a);
    }
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
    JC_REQUIRE(ctx, r->status == 200, "UpdateJob {}: HTTP %d %s, expected 200", r->status, str_or(r->error_code));
    jc_response *after = jc_describe_job(ctx, id);
    for (size_t i = 0; i < JC_COUNT(config_members); i++) {
        const char *b = member_text(ctx, before, config_members[i]);
        const char *a = member_text(ctx, after, config_members[i]);
        JC_CHECK(ctx, strcmp(a, b) == 0, "UpdateJob {} changed job.%s from %s to %s", config_members[i], b, a);
    }
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
               str_or(r->error_code));
    jc_response *after = jc_describe_job(ctx, id);
    JC_REQUIRE(ctx, jc_json_number(after, "job.createdAt", &c1) && jc_json_number(after, "job.lastUpdatedAt", &u1),
               "DescribeJob lacks numeric createdAt/lastUpdatedAt after the update");
    JC_CHECK(ctx, u1 > u0, "lastUpdatedAt is %.3f after an update 5 s later, expected more than %.3f", u1, u0);
    JC_CHECK(ctx, c1 == c0, "createdAt changed from %.3f to %.3f on UpdateJob", c0, c1);
}

/* ---- timeoutConfig applies to later executions ------------------------- */

static jc_response *describe_exec(jc_ctx *ctx, const char *thing, const char *job)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "DescribeJobExecution %s/%s: HTTP %d %s, expected 200", thing, job, r->status,
               str_or(r->error_code));
    return r;
}

typedef struct exec_ref {
    const char *thing, *job, *want;
} exec_ref;

static bool exec_is(jc_ctx *ctx, void *arg)
{
    exec_ref *e = arg;
    return streq(jc_json_string(describe_exec(ctx, e->thing, e->job), "execution.status"), e->want);
}

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
               str_or(r->error_code));
    jc_device_update(ctx, late, job, "IN_PROGRESS", NULL);
    jc_advance(ctx, 61000);
    exec_ref e = {early, job, "TIMED_OUT"};
    long deadline = jc_has_virtual_clock(ctx) ? 300 : 0;
    if (!jc_poll(ctx, deadline, 50, exec_is, &e)) {
        const char *st = jc_json_string(describe_exec(ctx, early, job), "execution.status");
        JC_CHECK(ctx, false, "the execution started under the 1-minute timeout is %s 61 s later, expected TIMED_OUT "
                 "(the update to 10 minutes must not extend it)", str_or(st));
    }
    const char *st = jc_json_string(describe_exec(ctx, late, job), "execution.status");
    JC_CHECK(ctx, streq(st, "IN_PROGRESS"), "the execution started after the update to 10 minutes is %s 61 s later, "
             "expected IN_PROGRESS", str_or(st));
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

static const jc_scenario s_table[] = {
    {"updatejob.description", "UpdateJob description replaces it and leaves every configuration unchanged",
     "UJ-001,DJ-005", "smoke", 0, s_description},
    {"updatejob.presigned-url-config", "UpdateJob presignedUrlConfig replaces it; the rest is unchanged",
     "UJ-001,DJ-005", "", 0, s_presigned},
    {"updatejob.rollout-max-per-minute", "UpdateJob jobExecutionsRolloutConfig.maximumPerMinute replaces it",
     "UJ-001,UJ-003", "", 0, s_rollout},
    {"updatejob.rollout-exponential-rate", "UpdateJob exponentialRate replaces the rollout configuration", "UJ-001",
     "", 0, s_exponential},
    {"updatejob.abort-config", "UpdateJob abortConfig replaces it; the rest is unchanged", "UJ-001,DJ-005", "", 0,
     s_abort},
    {"updatejob.timeout-config", "UpdateJob timeoutConfig replaces it; the rest is unchanged", "UJ-001,DJ-005", "",
     0, s_timeout},
    {"updatejob.retry-config", "UpdateJob jobExecutionsRetryConfig replaces it; the rest is unchanged",
     "UJ-001,DJ-005", "", 0, s_retry},
    {"updatejob.adds-config", "UpdateJob gives a job created without configuration a timeout and abort config",
     "UJ-001", "", 0, s_adds_to_bare_job},
    {"updatejob.empty-body", "UpdateJob {} succeeds and changes no configuration", "UJ-001", "", 0, s_empty_body},
    {"updatejob.last-updated-moves", "UpdateJob moves lastUpdatedAt forward and keeps createdAt", "UJ-001", "",
     JC_NEEDS_CLOCK, s_last_updated_moves},
    {"updatejob.timeout-applies-later", "Lengthening timeoutConfig does not extend executions already IN_PROGRESS "
     "but applies to later ones", "UJ-004", "timers", JC_NEEDS_CLOCK, s_timeout_applies_later},
    {"updatejob.refuse-presigned", "UpdateJob expiresInSec 59/3601 or a 19-character roleArn: "
     "InvalidRequestException 400, nothing changed", "UJ-002,CJ-014", "limits,negative", 0, s_refuse_presigned},
    {"updatejob.refuse-rollout", "UpdateJob maximumPerMinute 0, baseRatePerMinute 1001 or incrementFactor 5.1: "
     "InvalidRequestException 400, nothing changed", "UJ-002,CJ-015,CJ-016", "limits,negative", 0, s_refuse_rollout},
    {"updatejob.refuse-abort", "UpdateJob thresholdPercentage 100.01 or minNumberOfExecutedThings 0: "
     "InvalidRequestException 400, nothing changed", "UJ-002,CJ-017,CJ-018", "limits,negative", 0, s_refuse_abort},
    {"updatejob.refuse-timeout", "UpdateJob inProgressTimeoutInMinutes 0/10081: InvalidRequestException 400, "
     "nothing changed", "UJ-002,CJ-019", "limits,negative", 0, s_refuse_timeout},
    {"updatejob.refuse-retry", "UpdateJob numberOfRetries 11 or an empty retry criteriaList: InvalidRequestException "
     "400, nothing changed", "UJ-002,CJ-020", "limits,negative", 0, s_refuse_retry},
    {"updatejob.refuse-description", "UpdateJob description of 2029 characters or with a control character: "
     "InvalidRequestException 400", "UJ-002,CJ-013", "limits,negative", 0, s_refuse_description},
    {"updatejob.refuse-partly-valid", "An UpdateJob with one invalid member applies none of its members", "UJ-002",
     "negative", 0, s_refuse_partly_valid},
    {"updatejob.unknown-job", "UpdateJob of an unknown jobId gives ResourceNotFoundException 404", "WIRE-012",
     "negative", 0, s_unknown_job},
};

JC_SUITE(updatejob, "UpdateJob", s_table);
