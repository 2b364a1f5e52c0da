/* CreateJob configuration validation, complementing jobconfig.c (which has
 * the numeric ranges on both sides): the upper bound of roleArn, the
 * expiresInSec default, the members each configuration structure requires,
 * JSON types (fractional integers, configurations that are not objects),
 * control and format characters beyond C0 in description, abort failure
 * types and lists retry does not accept, the schedulingConfig endBehavior
 * enum, and that a refused CreateJob leaves no execution behind. An accepted
 * configuration must come back from DescribeJob as given (DJ-005); a refused
 * one gets InvalidRequestException (400) and creates no job. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(absent)"; }
static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static const char *new_target(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    return arn;
}

/* PUT /jobs/{id} with targets [arn], document {} and `members` (JSON object
 * members without the braces). */
static jc_response *create_with(jc_ctx *ctx, const char *id, const char *arn, const char *members)
{
    const char *body = jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",%s}", arn, members);
    return jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL, body);
}

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

/* CreateJob with `members` succeeds and DescribeJob holds each of them.
 * Returns the DescribeJob response. */
static jc_response *expect_accepted(jc_ctx *ctx, const char *arn, const char *members)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = create_with(ctx, id, arn, members);
    JC_REQUIRE(ctx, r->status == 200, "CreateJob with {%.200s}: HTTP %d %s (%s), expected 200", members, r->status,
               str_or(r->error_code), str_or(r->message));
    jc_response *d = jc_describe_job(ctx, id);
    cJSON *want = cJSON_Parse(jc_str(ctx, "{%s}", members));
    if (!want) jc_error(ctx, "harness: members {%s} are not JSON", members);
    const cJSON *job = jc_json_object(d, "job");
    for (const cJSON *w = want->child; w; w = w->next) {
        const cJSON *got = job ? cJSON_GetObjectItemCaseSensitive(job, w->string) : NULL;
        char *gt = got ? cJSON_PrintUnformatted(got) : NULL;
        char *wt = cJSON_PrintUnformatted(w);
        JC_CHECK(ctx, holds(w, got), "DescribeJob job.%s is %.300s, expected it to hold %.300s", w->string,
                 gt ? gt : "(absent)", wt ? wt : "?");
        free(gt);
        free(wt);
    }
    cJSON_Delete(want);
    return d;
}

/* CreateJob with `members` gets InvalidRequestException (400) and creates no
 * job. */
static void expect_rejected(jc_ctx *ctx, const char *arn, const char *members)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = create_with(ctx, id, arn, members);
    JC_CHECK(ctx, r->status == 400 && streq(r->error_code, "InvalidRequestException"),
             "CreateJob with {%.200s}: HTTP %d %s, expected InvalidRequestException 400", members, r->status,
             str_or(r->error_code));
    if (r->status >= 200 && r->status < 300) return;
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    JC_CHECK(ctx, d->status == 404, "after the refused CreateJob with {%.200s}, DescribeJob gives HTTP %d, expected 404",
             members, d->status);
}

/* ---- presignedUrlConfig ------------------------------------------------ */

/* "arn:aws:iam::1:role/" is 20 characters. */
static const char *role_arn_of(jc_ctx *ctx, size_t len)
{
    return jc_str(ctx, "arn:aws:iam::1:role/%s", jc_repeat(ctx, 'r', len - 20));
}

static void s_role_arn_2048(jc_ctx *ctx)
{
    expect_accepted(ctx, new_target(ctx),
                    jc_str(ctx, "\"presignedUrlConfig\":{\"roleArn\":\"%s\",\"expiresInSec\":600}",
                           role_arn_of(ctx, 2048)));
}

static void s_role_arn_2049(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx),
                    jc_str(ctx, "\"presignedUrlConfig\":{\"roleArn\":\"%s\",\"expiresInSec\":600}",
                           role_arn_of(ctx, 2049)));
}

static void s_expires_default(jc_ctx *ctx)
{
    const char *role = "arn:aws:iam::123456789012:role/jobsconf-default";
    jc_response *d = expect_accepted(ctx, new_target(ctx), jc_str(ctx, "\"presignedUrlConfig\":{\"roleArn\":\"%s\"}", role));
    double exp = 0;
    const cJSON *v = jc_json_get(jc_json_object(d, "job"), "presignedUrlConfig.expiresInSec");
    if (v) {
        JC_CHECK(ctx, jc_json_number(d, "job.presignedUrlConfig.expiresInSec", &exp) && exp == 3600,
                 "job.presignedUrlConfig.expiresInSec is %g for a config without it, expected absent or the "
                 "documented default 3600", cJSON_IsNumber(v) ? v->valuedouble : -1.0);
    }
}

/* ---- jobExecutionsRolloutConfig ---------------------------------------- */

static void s_rate_succeeded_1(jc_ctx *ctx)
{
    expect_accepted(ctx, new_target(ctx),
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                    "\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":1}}}");
}

static void s_exponential_required(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn,
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"incrementFactor\":2,"
                    "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}");
    expect_rejected(ctx, arn,
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                    "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}");
}

/* ---- abortConfig ------------------------------------------------------- */

static void s_abort_required(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn, "\"abortConfig\":{}");
    static const char *const criterion[] = {
        "\"action\":\"CANCEL\",\"thresholdPercentage\":50,\"minNumberOfExecutedThings\":1",
        "\"failureType\":\"FAILED\",\"thresholdPercentage\":50,\"minNumberOfExecutedThings\":1",
        "\"failureType\":\"FAILED\",\"action\":\"CANCEL\",\"minNumberOfExecutedThings\":1",
        "\"failureType\":\"FAILED\",\"action\":\"CANCEL\",\"thresholdPercentage\":50",
    };
    for (size_t i = 0; i < JC_COUNT(criterion); i++)
        expect_rejected(ctx, arn, jc_str(ctx, "\"abortConfig\":{\"criteriaList\":[{%s}]}", criterion[i]));
}

static void s_abort_two_criteria(jc_ctx *ctx)
{
    /* REJECTED is an abort failure type (unlike retry); two criteria are kept
     * in order */
    expect_accepted(ctx, new_target(ctx),
                    "\"abortConfig\":{\"criteriaList\":["
                    "{\"failureType\":\"REJECTED\",\"action\":\"CANCEL\",\"thresholdPercentage\":99.99,"
                    "\"minNumberOfExecutedThings\":2},"
                    "{\"failureType\":\"TIMED_OUT\",\"action\":\"CANCEL\",\"thresholdPercentage\":0.5,"
                    "\"minNumberOfExecutedThings\":7}]}");
}

/* ---- jobExecutionsRetryConfig ------------------------------------------ */

static void s_retry_required(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn, "\"jobExecutionsRetryConfig\":{}");
    expect_rejected(ctx, arn, "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"numberOfRetries\":1}]}");
    expect_rejected(ctx, arn, "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\"}]}");
}

static void s_retry_all(jc_ctx *ctx)
{
    expect_accepted(ctx, new_target(ctx),
                    "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":3}]}");
}

/* ---- JSON types -------------------------------------------------------- */

static void s_fractional_integers(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    static const char *const members[] = {
        "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1.5}",
        "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10.5,\"incrementFactor\":2,"
        "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}",
        "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
        "\"thresholdPercentage\":50,\"minNumberOfExecutedThings\":1.5}]}",
        "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":30.5}",
        "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":2.5}]}",
        "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role/fraction\",\"expiresInSec\":600.5}",
    };
    for (size_t i = 0; i < JC_COUNT(members); i++) expect_rejected(ctx, arn, members[i]);
}

static void s_config_not_object(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn, "\"timeoutConfig\":\"30\"");
    expect_rejected(ctx, arn, "\"abortConfig\":[]");
    expect_rejected(ctx, arn, "\"presignedUrlConfig\":5");
    expect_rejected(ctx, arn, "\"jobExecutionsRolloutConfig\":true");
    expect_rejected(ctx, arn, "\"jobExecutionsRetryConfig\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1}]");
}

/* ---- description ------------------------------------------------------- */

static void s_description_c1(jc_ctx *ctx)
{
    /* U+007F (DEL) and U+0085 (NEL) are control characters (\p{Cc}) beyond
     * the C0 range */
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn, "\"description\":\"delete\\u007fhere\"");
    expect_rejected(ctx, arn, "\"description\":\"next\\u0085line\"");
}

static void s_description_format(jc_ctx *ctx)
{
    /* U+200B ZERO WIDTH SPACE is a format character (\p{Cf}), part of \p{C} */
    expect_rejected(ctx, new_target(ctx), "\"description\":\"zero\\u200bwidth\"");
}

static void s_description_unicode_ok(jc_ctx *ctx)
{
    /* letters, symbols and spaces outside ASCII are not \p{C} */
    expect_accepted(ctx, new_target(ctx), "\"description\":\"caf\\u00e9 \\u65e5\\u672c \\u2713 \\u00a0end\"");
}

/* ---- schedulingConfig -------------------------------------------------- */

static void s_end_behavior_bogus(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    const char *targets[] = {arn, NULL};
    double now = 0;
    JC_REQUIRE(ctx, jc_json_number(jc_describe_job(ctx, jc_create_job(ctx, NULL, NULL, targets, NULL)), "job.createdAt",
                                   &now),
               "DescribeJob has no numeric createdAt");
    time_t start = (time_t)(((long long)now / 60 + 60) * 60); /* about an hour ahead, on a minute */
    struct tm tm;
    char iso[32];
    if (!gmtime_r(&start, &tm) || !strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M", &tm)) jc_error(ctx, "cannot format time");
    /* the same schedule with a valid endBehavior is accepted: the refusal is the enum's */
    jc_response *ok = create_with(ctx, jc_name(ctx, "job"), arn,
                                  jc_str(ctx, "\"schedulingConfig\":{\"startTime\":\"%s\",\"endBehavior\":\"CANCEL\"}", iso));
    JC_REQUIRE(ctx, ok->status == 200, "CreateJob with startTime %s and endBehavior CANCEL: HTTP %d %s, expected 200",
               iso, ok->status, str_or(ok->error_code));
    expect_rejected(ctx, arn,
                    jc_str(ctx, "\"schedulingConfig\":{\"startTime\":\"%s\",\"endBehavior\":\"EXPLODE\"}", iso));
}

/* ---- a refusal leaves nothing ------------------------------------------ */

static void s_refused_no_execution(jc_ctx *ctx)
{
    const char *arn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &arn);
    const char *id = jc_name(ctx, "job");
    jc_response *r = create_with(ctx, id, arn, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":0}");
    JC_CHECK(ctx, r->status == 400, "CreateJob with inProgressTimeoutInMinutes 0: HTTP %d %s, expected 400", r->status,
             str_or(r->error_code));
    jc_response *e = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, id), NULL, NULL);
    JC_CHECK(ctx, e->status == 404, "DescribeJobExecution of the refused job on %s: HTTP %d, expected 404", thing,
             e->status);
    jc_response *p = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    jc_require_status(ctx, p, 200);
    const cJSON *q = jc_json_array(p, "queuedJobs");
    const cJSON *ip = jc_json_array(p, "inProgressJobs");
    JC_CHECK(ctx, cJSON_GetArraySize(q) == 0 && cJSON_GetArraySize(ip) == 0,
             "the thing has %d queued and %d in-progress jobs on the data plane after a refused CreateJob, expected none",
             cJSON_GetArraySize(q), cJSON_GetArraySize(ip));
}

static const jc_scenario s_table[] = {
    {"configuration.role-arn-2048-chars", "A 2048-character presignedUrlConfig.roleArn is accepted and echoed",
     "CJ-014,DJ-005", "limits", 0, s_role_arn_2048},
    {"configuration.role-arn-2049-chars", "A 2049-character roleArn gives InvalidRequestException 400, no job",
     "CJ-014,WIRE-008", "limits,negative", 0, s_role_arn_2049},
    {"configuration.expires-in-sec-default", "presignedUrlConfig without expiresInSec is accepted; DescribeJob omits "
     "it or shows the default 3600", "CJ-014,DJ-005", "", 0, s_expires_default},
    {"configuration.rate-increase-succeeded-1", "rateIncreaseCriteria.numberOfSucceededThings 1 is accepted and "
     "echoed", "CJ-015,DJ-005", "limits", 0, s_rate_succeeded_1},
    {"configuration.exponential-required-members", "exponentialRate without baseRatePerMinute or without "
     "incrementFactor gives InvalidRequestException 400, no job", "CJ-015,WIRE-008", "negative", 0,
     s_exponential_required},
    {"configuration.abort-required-members", "abortConfig without criteriaList, or a criterion without failureType, "
     "action, thresholdPercentage or minNumberOfExecutedThings: InvalidRequestException 400", "CJ-017,CJ-018,WIRE-008",
     "negative", 0, s_abort_required},
    {"configuration.abort-two-criteria", "Two abort criteria (REJECTED 99.99 %, TIMED_OUT 0.5 %) are accepted and "
     "echoed in order", "CJ-017,DJ-005", "", 0, s_abort_two_criteria},
    {"configuration.retry-required-members", "jobExecutionsRetryConfig without criteriaList, or a criterion without "
     "failureType or numberOfRetries: InvalidRequestException 400", "CJ-020,WIRE-008", "negative", 0, s_retry_required},
    {"configuration.retry-failure-type-all", "Retry failureType ALL is accepted and echoed", "CJ-020,DJ-005", "", 0,
     s_retry_all},
    {"configuration.fractional-integers", "Fractional maximumPerMinute, baseRatePerMinute, minNumberOfExecutedThings, "
     "inProgressTimeoutInMinutes, numberOfRetries or expiresInSec: InvalidRequestException 400", "WIRE-008",
     "negative", 0, s_fractional_integers},
    {"configuration.config-not-an-object", "A configuration that is a string, number, boolean or array gives "
     "InvalidRequestException 400, no job", "WIRE-008", "negative", 0, s_config_not_object},
    {"configuration.description-c1-control", "A description holding U+007F or U+0085 gives InvalidRequestException "
     "400", "CJ-013", "negative", 0, s_description_c1},
    {"configuration.description-format-char", "A description holding U+200B (a format character) gives "
     "InvalidRequestException 400", "CJ-013", "negative", 0, s_description_format},
    {"configuration.description-unicode-accepted", "A description with non-ASCII letters, symbols and a no-break "
     "space is accepted and echoed", "CJ-013,DJ-005", "", 0, s_description_unicode_ok},
    {"configuration.end-behavior-bogus", "schedulingConfig.endBehavior outside the enum gives "
     "InvalidRequestException 400, no job", "WIRE-008", "negative,scheduling", 0, s_end_behavior_bogus},
    {"configuration.refused-no-execution", "A CreateJob refused for its configuration queues no execution on its "
     "target", "WIRE-008,CJ-019", "negative", 0, s_refused_no_execution},
};

JC_SUITE(configuration, "JobConfiguration", s_table);
