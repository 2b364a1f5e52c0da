/* Job configuration (CreateJob's configuration members), the whole area:
 * the ranges of presignedUrlConfig (roleArn 20/19 and 2048/2049,
 * expiresInSec and its default), jobExecutionsRolloutConfig, abortConfig,
 * timeoutConfig, jobExecutionsRetryConfig, description and targetSelection,
 * each on both sides of its boundary; the members each structure requires;
 * JSON types; control and format characters in description; the
 * schedulingConfig endBehavior enum; a refused CreateJob queues nothing. An
 * accepted configuration comes back from DescribeJob as given (DJ-005); a
 * refused one gets InvalidRequestException (400) and creates no job. */
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "jc_support.h"

/* CreateJob with `members` (JSON object members without the braces)
 * succeeds with 200 and DescribeJob then holds each of them as given.
 * Returns the DescribeJob response. */
static jc_response *expect_accepted(jc_ctx *ctx, const char *arn, const char *members)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_create_job_with(ctx, id, arn, members);
    const char *what = jc_str(ctx, "CreateJob with {%.200s}", members);
    JC_REQUIRE(ctx, r->status == 200, "%s: HTTP %d %s (%s), expected 200", what, r->status, jc_str_or(r->error_code),
               jc_str_or(r->message));
    jc_response *d = jc_describe_job_holding(ctx, id, "job", members); /* read after a change: polled */
    jc_expect_applied(ctx, r, 200, d, "job", members, what);
    return d;
}

/* CreateJob with `members` gets InvalidRequestException (400) and creates no
 * job. */
static void expect_rejected(jc_ctx *ctx, const char *arn, const char *members)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_create_job_with(ctx, id, arn, members);
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "CreateJob with {%.200s}: HTTP %d %s, expected InvalidRequestException 400", members, r->status,
             jc_str_or(r->error_code));
    if (jc_is_2xx(r)) return; /* created: nothing more to learn */
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    JC_CHECK(ctx, d->status == 404, "after the refused CreateJob with {%.200s}, DescribeJob %s gives HTTP %d, expected 404",
             members, id, d->status);
}

/* ---- presignedUrlConfig ------------------------------------------------ */

#define ROLE_ARN "arn:aws:iam::123456789012:role/jobsconf-presign"

static void s_expires_bounds(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_accepted(ctx, arn, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":60}");
    expect_accepted(ctx, arn, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":3600}");
}

static void s_expires_out_of_range(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_rejected(ctx, arn, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":59}");
    expect_rejected(ctx, arn, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":3601}");
}

/* "arn:aws:iam::1:role/" is 20 characters; drop the '/' for 19. */
static void s_role_arn_20(jc_ctx *ctx)
{
    expect_accepted(ctx, jc_new_target(ctx), "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role/\",\"expiresInSec\":600}");
}

static void s_role_arn_19(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role\",\"expiresInSec\":600}");
}

/* ---- jobExecutionsRolloutConfig ---------------------------------------- */

static void s_max_per_minute_1(jc_ctx *ctx)
{
    expect_accepted(ctx, jc_new_target(ctx), "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}");
}

static void s_max_per_minute_0(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":0}");
}

static const char *exp_rate(jc_ctx *ctx, const char *base, const char *factor)
{
    return jc_cfg_exponential_rate(ctx, base, factor, "{\"numberOfNotifiedThings\":1}");
}

static void s_base_rate_bounds(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_accepted(ctx, arn, exp_rate(ctx, "1", "2"));
    expect_accepted(ctx, arn, exp_rate(ctx, "1000", "2"));
}

static void s_base_rate_out_of_range(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_rejected(ctx, arn, exp_rate(ctx, "0", "2"));
    expect_rejected(ctx, arn, exp_rate(ctx, "1001", "2"));
}

static void s_increment_bounds(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_accepted(ctx, arn, exp_rate(ctx, "10", "1.1"));
    expect_accepted(ctx, arn, exp_rate(ctx, "10", "5.0"));
}

static void s_increment_out_of_range(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_rejected(ctx, arn, exp_rate(ctx, "10", "1.0"));
    expect_rejected(ctx, arn, exp_rate(ctx, "10", "5.1"));
}

static void s_increment_two_decimals(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), exp_rate(ctx, "10", "1.25"));
}

static void s_rate_criteria_missing(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx),
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                    "\"incrementFactor\":2}}");
}

/* Every member a configuration structure's model marks required, left out
 * one at a time: InvalidRequestException 400 and no job (WIRE-008). */
static void s_required_members_missing(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    static const char *const bodies[] = {
        "\"abortConfig\":{}",
        "\"abortConfig\":{\"criteriaList\":[{\"action\":\"CANCEL\",\"thresholdPercentage\":50,"
        "\"minNumberOfExecutedThings\":1}]}",
        "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"thresholdPercentage\":50,"
        "\"minNumberOfExecutedThings\":1}]}",
        "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
        "\"minNumberOfExecutedThings\":1}]}",
        "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
        "\"thresholdPercentage\":50}]}",
        "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"incrementFactor\":2,"
        "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}",
        "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
        "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}",
        "\"jobExecutionsRetryConfig\":{}",
        "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"numberOfRetries\":1}]}",
        "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\"}]}",
    };
    for (size_t i = 0; i < JC_COUNT(bodies); i++) expect_rejected(ctx, arn, bodies[i]);
}

static void s_rate_criteria_zero(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_rejected(ctx, arn,
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                    "\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":0}}}");
    expect_rejected(ctx, arn,
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                    "\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":0}}}");
}

/* ---- abortConfig ------------------------------------------------------- */

static void s_threshold_accepted(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_accepted(ctx, arn, jc_cfg_abort(ctx, "FAILED", "CANCEL", "100", "1"));
    expect_accepted(ctx, arn, jc_cfg_abort(ctx, "ALL", "CANCEL", "12.34", "5"));
}

static void s_threshold_over_100(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), jc_cfg_abort(ctx, "FAILED", "CANCEL", "100.01", "1"));
}

static void s_threshold_three_decimals(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), jc_cfg_abort(ctx, "FAILED", "CANCEL", "12.345", "1"));
}

static void s_min_executed_0(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), jc_cfg_abort(ctx, "FAILED", "CANCEL", "50", "0"));
}

static void s_abort_failure_type_bogus(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), jc_cfg_abort(ctx, "EXPLODED", "CANCEL", "50", "1"));
}

static void s_abort_action_bogus(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), jc_cfg_abort(ctx, "FAILED", "PAUSE", "50", "1"));
}

static void s_abort_criteria_empty(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), "\"abortConfig\":{\"criteriaList\":[]}");
}

/* ---- timeoutConfig ----------------------------------------------------- */

static void s_timeout_bounds(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_accepted(ctx, arn, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1}");
    expect_accepted(ctx, arn, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10080}");
}

static void s_timeout_out_of_range(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_rejected(ctx, arn, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":0}");
    expect_rejected(ctx, arn, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10081}");
}

/* ---- jobExecutionsRetryConfig ------------------------------------------ */

static const char *retry_items(jc_ctx *ctx, int n)
{
    static const char *const item[] = {"{\"failureType\":\"FAILED\",\"numberOfRetries\":2}",
                                       "{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":3}",
                                       "{\"failureType\":\"ALL\",\"numberOfRetries\":1}"};
    const char *list = "";
    for (int i = 0; i < n; i++) list = jc_str(ctx, "%s%s%s", list, i ? "," : "", item[i]);
    return jc_str(ctx, "\"jobExecutionsRetryConfig\":{\"criteriaList\":[%s]}", list);
}

static void s_retry_count_accepted(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_accepted(ctx, arn, retry_items(ctx, 1));
    expect_accepted(ctx, arn, retry_items(ctx, 2));
}

static void s_retry_count_rejected(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_rejected(ctx, arn, retry_items(ctx, 0));
    expect_rejected(ctx, arn, retry_items(ctx, 3));
}

static void s_retries_bounds(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_accepted(ctx, arn, jc_cfg_retry(ctx, "FAILED", 0));
    expect_accepted(ctx, arn, jc_cfg_retry(ctx, "FAILED", 10));
}

static void s_retries_out_of_range(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_rejected(ctx, arn, jc_cfg_retry(ctx, "FAILED", -1));
    expect_rejected(ctx, arn, jc_cfg_retry(ctx, "FAILED", 11));
}

static void s_retry_failure_type_rejected(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), jc_cfg_retry(ctx, "REJECTED", 1));
}

/* ---- description and targetSelection ----------------------------------- */

static void s_description_2028(jc_ctx *ctx)
{
    expect_accepted(ctx, jc_new_target(ctx), jc_str(ctx, "\"description\":\"%s\"", jc_repeat(ctx, 'd', 2028)));
}

static void s_description_2029(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), jc_str(ctx, "\"description\":\"%s\"", jc_repeat(ctx, 'd', 2029)));
}

static void s_description_control(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), "\"description\":\"bell\\u0007here\"");
}

static void s_target_selection_case(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx), "\"targetSelection\":\"continuous\"");
}

static void s_all_configs_echoed(jc_ctx *ctx)
{
    expect_accepted(ctx, jc_new_target(ctx),
                    "\"description\":\"every configuration at once\","
                    "\"targetSelection\":\"CONTINUOUS\","
                    "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":900},"
                    "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":50},"
                    "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\",\"action\":\"CANCEL\","
                    "\"thresholdPercentage\":25.5,\"minNumberOfExecutedThings\":3}]},"
                    "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":30},"
                    "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":4}]}");
}

/* ---- roleArn upper bound, defaults, required members, types, enums ---- */

/* ---- presignedUrlConfig ------------------------------------------------ */

/* "arn:aws:iam::1:role/" is 20 characters. */
static const char *role_arn_of(jc_ctx *ctx, size_t len)
{
    return jc_str(ctx, "arn:aws:iam::1:role/%s", jc_repeat(ctx, 'r', len - 20));
}

static void s_role_arn_2048(jc_ctx *ctx)
{
    expect_accepted(ctx, jc_new_target(ctx),
                    jc_str(ctx, "\"presignedUrlConfig\":{\"roleArn\":\"%s\",\"expiresInSec\":600}",
                           role_arn_of(ctx, 2048)));
}

static void s_role_arn_2049(jc_ctx *ctx)
{
    expect_rejected(ctx, jc_new_target(ctx),
                    jc_str(ctx, "\"presignedUrlConfig\":{\"roleArn\":\"%s\",\"expiresInSec\":600}",
                           role_arn_of(ctx, 2049)));
}

static void s_expires_default(jc_ctx *ctx)
{
    const char *role = "arn:aws:iam::123456789012:role/jobsconf-default";
    jc_response *d = expect_accepted(ctx, jc_new_target(ctx), jc_str(ctx, "\"presignedUrlConfig\":{\"roleArn\":\"%s\"}", role));
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
    expect_accepted(ctx, jc_new_target(ctx),
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                    "\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":1}}}");
}

static void s_exponential_required(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
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
    const char *arn = jc_new_target(ctx);
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
    expect_accepted(ctx, jc_new_target(ctx),
                    "\"abortConfig\":{\"criteriaList\":["
                    "{\"failureType\":\"REJECTED\",\"action\":\"CANCEL\",\"thresholdPercentage\":99.99,"
                    "\"minNumberOfExecutedThings\":2},"
                    "{\"failureType\":\"TIMED_OUT\",\"action\":\"CANCEL\",\"thresholdPercentage\":0.5,"
                    "\"minNumberOfExecutedThings\":7}]}");
}

/* ---- jobExecutionsRetryConfig ------------------------------------------ */

static void s_retry_required(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_rejected(ctx, arn, "\"jobExecutionsRetryConfig\":{}");
    expect_rejected(ctx, arn, "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"numberOfRetries\":1}]}");
    expect_rejected(ctx, arn, "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\"}]}");
}

static void s_retry_all(jc_ctx *ctx)
{
    expect_accepted(ctx, jc_new_target(ctx),
                    "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":3}]}");
}

/* ---- JSON types -------------------------------------------------------- */

static void s_fractional_integers(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
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
    /* WIRE-013: refused or coerced, each on its own job */
    for (size_t i = 0; i < JC_COUNT(members); i++) {
        const char *id = jc_name(ctx, "job");
        jc_expect_refused_or_accepted(ctx, jc_create_job_with(ctx, id, arn, members[i]), id,
                                      jc_str(ctx, "a CreateJob with {%.200s}", members[i]));
    }
}

static void s_config_not_object(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
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
    const char *arn = jc_new_target(ctx);
    expect_rejected(ctx, arn, "\"description\":\"delete\\u007fhere\"");
    expect_rejected(ctx, arn, "\"description\":\"next\\u0085line\"");
}

static void s_description_format(jc_ctx *ctx)
{
    /* U+200B ZERO WIDTH SPACE is a format character (\p{Cf}), part of \p{C} */
    expect_rejected(ctx, jc_new_target(ctx), "\"description\":\"zero\\u200bwidth\"");
}

static void s_description_unicode_ok(jc_ctx *ctx)
{
    /* letters, symbols and spaces outside ASCII are not \p{C} */
    expect_accepted(ctx, jc_new_target(ctx), "\"description\":\"caf\\u00e9 \\u65e5\\u672c \\u2713 \\u00a0end\"");
}

/* ---- schedulingConfig -------------------------------------------------- */

static void s_end_behavior_bogus(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *targets[] = {arn, NULL};
    long long now = jc_endpoint_now(ctx, jc_create_job(ctx, NULL, NULL, targets, NULL));
    const char *iso = jc_iso_minute(ctx, (now / 60 + 60) * 60); /* about an hour ahead, on a minute */
    /* the same schedule with a valid endBehavior is accepted: the refusal is the enum's */
    jc_response *ok = jc_create_job_with(ctx, jc_name(ctx, "job"), arn,
                                  jc_str(ctx, "\"schedulingConfig\":{\"startTime\":\"%s\",\"endBehavior\":\"CANCEL\"}", iso));
    JC_REQUIRE(ctx, ok->status == 200, "CreateJob with startTime %s and endBehavior CANCEL: HTTP %d %s, expected 200",
               iso, ok->status, jc_str_or(ok->error_code));
    expect_rejected(ctx, arn,
                    jc_str(ctx, "\"schedulingConfig\":{\"startTime\":\"%s\",\"endBehavior\":\"EXPLODE\"}", iso));
}

/* ---- a refusal leaves nothing ------------------------------------------ */

static void s_refused_no_execution(jc_ctx *ctx)
{
    const char *arn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &arn);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_create_job_with(ctx, id, arn, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":0}");
    JC_CHECK(ctx, r->status == 400, "CreateJob with inProgressTimeoutInMinutes 0: HTTP %d %s, expected 400", r->status,
             jc_str_or(r->error_code));
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
    {"jobconfig.expires-in-sec-60-3600", "presignedUrlConfig.expiresInSec 60 and 3600 are accepted and echoed",
     "CJ-014,DJ-005", "limits", 0, s_expires_bounds,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.expires-in-sec-59-3601", "expiresInSec 59 and 3601 give InvalidRequestException 400, no job",
     "CJ-014,WIRE-008", "limits,negative", 0, s_expires_out_of_range,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.expires-in-sec-default", "presignedUrlConfig without expiresInSec is accepted; DescribeJob omits "
     "it or shows the default 3600", "CJ-014,DJ-005", "", 0, s_expires_default,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.role-arn-20-chars", "A 20-character presignedUrlConfig.roleArn is accepted and echoed", "CJ-014,DJ-005",
     "limits", 0, s_role_arn_20,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.role-arn-19-chars", "A 19-character roleArn gives InvalidRequestException 400, no job",
     "CJ-014,WIRE-008", "limits,negative", 0, s_role_arn_19,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.role-arn-2048-chars", "A 2048-character presignedUrlConfig.roleArn is accepted and echoed",
     "CJ-014,DJ-005", "limits", 0, s_role_arn_2048,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.role-arn-2049-chars", "A 2049-character roleArn gives InvalidRequestException 400, no job",
     "CJ-014,WIRE-008", "limits,negative", 0, s_role_arn_2049,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.max-per-minute-1", "rollout maximumPerMinute 1 is accepted and echoed", "CJ-015,DJ-005", "limits", 0,
     s_max_per_minute_1,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.max-per-minute-0", "rollout maximumPerMinute 0 gives InvalidRequestException 400, no job",
     "CJ-015,WIRE-008", "limits,negative", 0, s_max_per_minute_0,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.base-rate-1-1000", "exponentialRate.baseRatePerMinute 1 and 1000 are accepted and echoed",
     "CJ-015,DJ-005", "limits", 0, s_base_rate_bounds,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.base-rate-0-1001", "baseRatePerMinute 0 and 1001 give InvalidRequestException 400, no job",
     "CJ-015,WIRE-008", "limits,negative", 0, s_base_rate_out_of_range,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.increment-factor-1.1-5.0", "incrementFactor 1.1 and 5.0 are accepted and echoed", "CJ-016,DJ-005",
     "limits", 0, s_increment_bounds,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.increment-factor-1.0-5.1", "incrementFactor 1.0 and 5.1 give InvalidRequestException 400, no job",
     "CJ-016,WIRE-008", "limits,negative", 0, s_increment_out_of_range,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.increment-factor-two-decimals", "incrementFactor 1.25 (two decimals) gives InvalidRequestException 400",
     "CJ-016", "limits,negative", 0, s_increment_two_decimals,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.required-members-missing", "Each required member of abortConfig, its criteria, exponentialRate and "
     "jobExecutionsRetryConfig left out gives InvalidRequestException 400 and no job", "WIRE-008", "negative", 0,
     s_required_members_missing,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.rate-increase-criteria-missing", "exponentialRate without rateIncreaseCriteria gives "
     "InvalidRequestException 400", "CJ-015,WIRE-008", "negative", 0, s_rate_criteria_missing,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.rate-increase-criteria-0", "rateIncreaseCriteria thresholds of 0 give InvalidRequestException 400",
     "CJ-015,WIRE-008", "limits,negative", 0, s_rate_criteria_zero,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.rate-increase-succeeded-1", "rateIncreaseCriteria.numberOfSucceededThings 1 is accepted and "
     "echoed", "CJ-015,DJ-005", "limits", 0, s_rate_succeeded_1,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.threshold-100-and-12.34", "abort thresholdPercentage 100 and 12.34 are accepted and echoed",
     "CJ-017,CJ-018,DJ-005", "limits", 0, s_threshold_accepted,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.threshold-100.01", "abort thresholdPercentage 100.01 gives InvalidRequestException 400, no job",
     "CJ-017,WIRE-008", "limits,negative", 0, s_threshold_over_100,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.threshold-three-decimals", "abort thresholdPercentage 12.345 gives InvalidRequestException 400",
     "CJ-017", "limits,negative", 0, s_threshold_three_decimals,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.min-executed-things-0", "abort minNumberOfExecutedThings 0 gives InvalidRequestException 400",
     "CJ-018,WIRE-008", "limits,negative", 0, s_min_executed_0,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.abort-failure-type-bogus", "An abort failureType outside the enum gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_abort_failure_type_bogus,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.abort-action-bogus", "An abort action other than CANCEL gives InvalidRequestException 400", "WIRE-008",
     "negative", 0, s_abort_action_bogus,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.abort-criteria-empty", "An empty abortConfig.criteriaList gives InvalidRequestException 400",
     "WIRE-008", "limits,negative", 0, s_abort_criteria_empty,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.timeout-1-10080", "inProgressTimeoutInMinutes 1 and 10080 are accepted and echoed", "CJ-019,DJ-005",
     "limits", 0, s_timeout_bounds,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.timeout-0-10081", "inProgressTimeoutInMinutes 0 and 10081 give InvalidRequestException 400, no job",
     "CJ-019,WIRE-008", "limits,negative", 0, s_timeout_out_of_range,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.retry-criteria-1-2", "A retry criteriaList of 1 and of 2 items is accepted and echoed",
     "CJ-020,DJ-005", "limits", 0, s_retry_count_accepted,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.retry-criteria-0-3", "A retry criteriaList of 0 or 3 items gives InvalidRequestException 400",
     "CJ-020,WIRE-008", "limits,negative", 0, s_retry_count_rejected,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.retries-0-10", "numberOfRetries 0 and 10 are accepted and echoed", "CJ-020,DJ-005", "limits", 0,
     s_retries_bounds,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.retries-minus1-11", "numberOfRetries -1 and 11 give InvalidRequestException 400, no job",
     "CJ-020,WIRE-008", "limits,negative", 0, s_retries_out_of_range,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.retry-failure-type-rejected", "Retry failureType REJECTED gives InvalidRequestException 400",
     "CJ-020", "negative", 0, s_retry_failure_type_rejected,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.description-2028-chars", "A 2028-character description is accepted and echoed", "CJ-013,DJ-005",
     "limits", 0, s_description_2028,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.description-2029-chars", "A 2029-character description gives InvalidRequestException 400, no job",
     "CJ-013,WIRE-008", "limits,negative", 0, s_description_2029,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.description-control-char", "A description holding U+0007 gives InvalidRequestException 400",
     "CJ-013", "negative", 0, s_description_control,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.target-selection-lowercase", "targetSelection \"continuous\" (wrong case) gives "
     "InvalidRequestException 400", "CJ-009,WIRE-008", "negative", 0, s_target_selection_case,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.all-configs-echoed", "A job with every configuration is created and DescribeJob echoes each value",
     "CJ-001,DJ-005", "smoke", 0, s_all_configs_echoed,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.exponential-required-members", "exponentialRate without baseRatePerMinute or without "
     "incrementFactor gives InvalidRequestException 400, no job", "CJ-015,WIRE-008", "negative", 0,
     s_exponential_required,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.abort-required-members", "abortConfig without criteriaList, or a criterion without failureType, "
     "action, thresholdPercentage or minNumberOfExecutedThings: InvalidRequestException 400", "CJ-017,CJ-018,WIRE-008",
     "negative", 0, s_abort_required,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.abort-two-criteria", "Two abort criteria (REJECTED 99.99 %, TIMED_OUT 0.5 %) are accepted and "
     "echoed in order", "CJ-017,DJ-005", "", 0, s_abort_two_criteria,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.retry-required-members", "jobExecutionsRetryConfig without criteriaList, or a criterion without "
     "failureType or numberOfRetries: InvalidRequestException 400", "CJ-020,WIRE-008", "negative", 0, s_retry_required,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.retry-failure-type-all", "Retry failureType ALL is accepted and echoed", "CJ-020,DJ-005", "", 0,
     s_retry_all,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.fractional-integers", "Fractional maximumPerMinute, baseRatePerMinute, minNumberOfExecutedThings, "
     "inProgressTimeoutInMinutes, numberOfRetries or expiresInSec: refused (InvalidRequestException 400) or coerced",
     "WIRE-013",
     "negative", 0, s_fractional_integers,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.config-not-an-object", "A configuration that is a string, number, boolean or array gives "
     "InvalidRequestException 400, no job", "WIRE-008", "negative", 0, s_config_not_object,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.description-c1-control", "A description holding U+007F or U+0085 gives InvalidRequestException "
     "400", "CJ-013", "negative", 0, s_description_c1,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.description-format-char", "A description holding U+200B (a format character) gives "
     "InvalidRequestException 400", "CJ-013", "negative", 0, s_description_format,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"jobconfig.description-unicode-accepted", "A description with non-ASCII letters, symbols and a no-break "
     "space is accepted and echoed", "CJ-013,DJ-005", "", 0, s_description_unicode_ok,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.end-behavior-bogus", "schedulingConfig.endBehavior outside the enum gives "
     "InvalidRequestException 400, no job", "WIRE-008", "negative,scheduling", 0, s_end_behavior_bogus,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"jobconfig.refused-no-execution", "A CreateJob refused for its configuration queues no execution on its "
     "target", "WIRE-008,CJ-019", "negative", 0, s_refused_no_execution,
     JC_OPS("CreateJob", "DescribeJobExecution,CreateThing,iot-jobs-data GetPendingJobExecutions")},
};

JC_SUITE(jobconfig, "JobConfiguration", s_table);
