/* Job configuration suite: the ranges CreateJob enforces on
 * presignedUrlConfig, jobExecutionsRolloutConfig, abortConfig, timeoutConfig,
 * jobExecutionsRetryConfig, description and targetSelection, each tested on
 * both sides of its boundary. An accepted configuration must come back from
 * DescribeJob as it was given (DJ-005); a rejected one must create no job. */
#include <stdlib.h>
#include <string.h>

#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(absent)"; }
static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* The ARN of a new thing to target. */
static const char *new_target(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    return arn;
}

/* PUT /jobs/{id} with targets [arn], document {} and `members` (JSON object
 * members without the braces, e.g. "\"timeoutConfig\":{...}"). */
static jc_response *create_with(jc_ctx *ctx, const char *id, const char *arn, const char *members)
{
    const char *body = jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",%s}", arn, members);
    return jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL, body);
}

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

/* CreateJob with `members` succeeds and DescribeJob then shows each given
 * member with the given value. */
static void expect_accepted(jc_ctx *ctx, const char *arn, const char *members)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = create_with(ctx, id, arn, members);
    JC_REQUIRE(ctx, r->status == 200, "CreateJob with {%s}: HTTP %d %s (%s), expected 200", members, r->status,
               str_or(r->error_code), str_or(r->message));
    jc_response *d = jc_describe_job(ctx, id);
    cJSON *want = cJSON_Parse(jc_str(ctx, "{%s}", members));
    if (!want) jc_error(ctx, "harness: members {%s} are not JSON", members);
    const cJSON *job = jc_json_object(d, "job");
    for (const cJSON *w = want->child; w; w = w->next) {
        const cJSON *got = job ? cJSON_GetObjectItemCaseSensitive(job, w->string) : NULL;
        char *gtext = got ? cJSON_PrintUnformatted(got) : NULL;
        char *wtext = cJSON_PrintUnformatted(w);
        JC_CHECK(ctx, subset_equal(w, got), "DescribeJob job.%s is %s, expected it to hold %s", w->string,
                 gtext ? gtext : "(absent)", wtext ? wtext : "?");
        free(gtext);
        free(wtext);
    }
    cJSON_Delete(want);
}

/* CreateJob with `members` gets InvalidRequestException (400) and creates no
 * job. */
static void expect_rejected(jc_ctx *ctx, const char *arn, const char *members)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = create_with(ctx, id, arn, members);
    JC_CHECK(ctx, r->status == 400 && streq(r->error_code, "InvalidRequestException"),
             "CreateJob with {%s}: HTTP %d %s, expected InvalidRequestException 400", members, r->status,
             str_or(r->error_code));
    if (r->status >= 200 && r->status < 300) return; /* created: nothing more to learn */
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    JC_CHECK(ctx, d->status == 404, "after the refused CreateJob with {%s}, DescribeJob %s gives HTTP %d, expected 404",
             members, id, d->status);
}

/* ---- presignedUrlConfig ------------------------------------------------ */

#define ROLE_ARN "arn:aws:iam::123456789012:role/jobsconf-presign"

static void s_expires_bounds(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_accepted(ctx, arn, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":60}");
    expect_accepted(ctx, arn, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":3600}");
}

static void s_expires_out_of_range(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":59}");
    expect_rejected(ctx, arn, "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":3601}");
}

/* "arn:aws:iam::1:role/" is 20 characters; drop the '/' for 19. */
static void s_role_arn_20(jc_ctx *ctx)
{
    expect_accepted(ctx, new_target(ctx), "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role/\",\"expiresInSec\":600}");
}

static void s_role_arn_19(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role\",\"expiresInSec\":600}");
}

/* ---- jobExecutionsRolloutConfig ---------------------------------------- */

static void s_max_per_minute_1(jc_ctx *ctx)
{
    expect_accepted(ctx, new_target(ctx), "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}");
}

static void s_max_per_minute_0(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":0}");
}

static const char *exp_rate(jc_ctx *ctx, const char *base, const char *factor)
{
    return jc_str(ctx,
                  "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":%s,"
                  "\"incrementFactor\":%s,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}",
                  base, factor);
}

static void s_base_rate_bounds(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_accepted(ctx, arn, exp_rate(ctx, "1", "2"));
    expect_accepted(ctx, arn, exp_rate(ctx, "1000", "2"));
}

static void s_base_rate_out_of_range(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn, exp_rate(ctx, "0", "2"));
    expect_rejected(ctx, arn, exp_rate(ctx, "1001", "2"));
}

static void s_increment_bounds(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_accepted(ctx, arn, exp_rate(ctx, "10", "1.1"));
    expect_accepted(ctx, arn, exp_rate(ctx, "10", "5.0"));
}

static void s_increment_out_of_range(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn, exp_rate(ctx, "10", "1.0"));
    expect_rejected(ctx, arn, exp_rate(ctx, "10", "5.1"));
}

static void s_increment_two_decimals(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), exp_rate(ctx, "10", "1.25"));
}

static void s_rate_criteria_missing(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx),
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                    "\"incrementFactor\":2}}");
}

static void s_rate_criteria_zero(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn,
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                    "\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":0}}}");
    expect_rejected(ctx, arn,
                    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,"
                    "\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":0}}}");
}

/* ---- abortConfig ------------------------------------------------------- */

static const char *abort_cfg(jc_ctx *ctx, const char *failure, const char *action, const char *pct, const char *min)
{
    return jc_str(ctx,
                  "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"%s\",\"action\":\"%s\","
                  "\"thresholdPercentage\":%s,\"minNumberOfExecutedThings\":%s}]}",
                  failure, action, pct, min);
}

static void s_threshold_accepted(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_accepted(ctx, arn, abort_cfg(ctx, "FAILED", "CANCEL", "100", "1"));
    expect_accepted(ctx, arn, abort_cfg(ctx, "ALL", "CANCEL", "12.34", "5"));
}

static void s_threshold_over_100(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), abort_cfg(ctx, "FAILED", "CANCEL", "100.01", "1"));
}

static void s_threshold_three_decimals(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), abort_cfg(ctx, "FAILED", "CANCEL", "12.345", "1"));
}

static void s_min_executed_0(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), abort_cfg(ctx, "FAILED", "CANCEL", "50", "0"));
}

static void s_abort_failure_type_bogus(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), abort_cfg(ctx, "EXPLODED", "CANCEL", "50", "1"));
}

static void s_abort_action_bogus(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), abort_cfg(ctx, "FAILED", "PAUSE", "50", "1"));
}

static void s_abort_criteria_empty(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), "\"abortConfig\":{\"criteriaList\":[]}");
}

/* ---- timeoutConfig ----------------------------------------------------- */

static void s_timeout_bounds(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_accepted(ctx, arn, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1}");
    expect_accepted(ctx, arn, "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10080}");
}

static void s_timeout_out_of_range(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
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
    const char *arn = new_target(ctx);
    expect_accepted(ctx, arn, retry_items(ctx, 1));
    expect_accepted(ctx, arn, retry_items(ctx, 2));
}

static void s_retry_count_rejected(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn, retry_items(ctx, 0));
    expect_rejected(ctx, arn, retry_items(ctx, 3));
}

static const char *retry_n(jc_ctx *ctx, const char *type, int n)
{
    return jc_str(ctx, "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"%s\",\"numberOfRetries\":%d}]}",
                  type, n);
}

static void s_retries_bounds(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_accepted(ctx, arn, retry_n(ctx, "FAILED", 0));
    expect_accepted(ctx, arn, retry_n(ctx, "FAILED", 10));
}

static void s_retries_out_of_range(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    expect_rejected(ctx, arn, retry_n(ctx, "FAILED", -1));
    expect_rejected(ctx, arn, retry_n(ctx, "FAILED", 11));
}

static void s_retry_failure_type_rejected(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), retry_n(ctx, "REJECTED", 1));
}

/* ---- description and targetSelection ----------------------------------- */

static void s_description_2028(jc_ctx *ctx)
{
    expect_accepted(ctx, new_target(ctx), jc_str(ctx, "\"description\":\"%s\"", jc_repeat(ctx, 'd', 2028)));
}

static void s_description_2029(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), jc_str(ctx, "\"description\":\"%s\"", jc_repeat(ctx, 'd', 2029)));
}

static void s_description_control(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), "\"description\":\"bell\\u0007here\"");
}

static void s_target_selection_case(jc_ctx *ctx)
{
    expect_rejected(ctx, new_target(ctx), "\"targetSelection\":\"continuous\"");
}

static void s_all_configs_echoed(jc_ctx *ctx)
{
    expect_accepted(ctx, new_target(ctx),
                    "\"description\":\"every configuration at once\","
                    "\"targetSelection\":\"CONTINUOUS\","
                    "\"presignedUrlConfig\":{\"roleArn\":\"" ROLE_ARN "\",\"expiresInSec\":900},"
                    "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":50},"
                    "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\",\"action\":\"CANCEL\","
                    "\"thresholdPercentage\":25.5,\"minNumberOfExecutedThings\":3}]},"
                    "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":30},"
                    "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":4}]}");
}

static const jc_scenario s_table[] = {
    {"jobconfig.expires-in-sec-60-3600", "presignedUrlConfig.expiresInSec 60 and 3600 are accepted and echoed",
     "CJ-014,DJ-005", "limits", 0, s_expires_bounds},
    {"jobconfig.expires-in-sec-59-3601", "expiresInSec 59 and 3601 give InvalidRequestException 400, no job",
     "CJ-014,WIRE-008", "limits,negative", 0, s_expires_out_of_range},
    {"jobconfig.role-arn-20-chars", "A 20-character presignedUrlConfig.roleArn is accepted and echoed", "CJ-014,DJ-005",
     "limits", 0, s_role_arn_20},
    {"jobconfig.role-arn-19-chars", "A 19-character roleArn gives InvalidRequestException 400, no job",
     "CJ-014,WIRE-008", "limits,negative", 0, s_role_arn_19},
    {"jobconfig.max-per-minute-1", "rollout maximumPerMinute 1 is accepted and echoed", "CJ-015,DJ-005", "limits", 0,
     s_max_per_minute_1},
    {"jobconfig.max-per-minute-0", "rollout maximumPerMinute 0 gives InvalidRequestException 400, no job",
     "CJ-015,WIRE-008", "limits,negative", 0, s_max_per_minute_0},
    {"jobconfig.base-rate-1-1000", "exponentialRate.baseRatePerMinute 1 and 1000 are accepted and echoed",
     "CJ-015,DJ-005", "limits", 0, s_base_rate_bounds},
    {"jobconfig.base-rate-0-1001", "baseRatePerMinute 0 and 1001 give InvalidRequestException 400, no job",
     "CJ-015,WIRE-008", "limits,negative", 0, s_base_rate_out_of_range},
    {"jobconfig.increment-factor-1.1-5.0", "incrementFactor 1.1 and 5.0 are accepted and echoed", "CJ-016,DJ-005",
     "limits", 0, s_increment_bounds},
    {"jobconfig.increment-factor-1.0-5.1", "incrementFactor 1.0 and 5.1 give InvalidRequestException 400, no job",
     "CJ-016,WIRE-008", "limits,negative", 0, s_increment_out_of_range},
    {"jobconfig.increment-factor-two-decimals", "incrementFactor 1.25 (two decimals) gives InvalidRequestException 400",
     "CJ-016", "limits,negative", 0, s_increment_two_decimals},
    {"jobconfig.rate-increase-criteria-missing", "exponentialRate without rateIncreaseCriteria gives "
     "InvalidRequestException 400", "CJ-015,WIRE-008", "negative", 0, s_rate_criteria_missing},
    {"jobconfig.rate-increase-criteria-0", "rateIncreaseCriteria thresholds of 0 give InvalidRequestException 400",
     "CJ-015,WIRE-008", "limits,negative", 0, s_rate_criteria_zero},
    {"jobconfig.threshold-100-and-12.34", "abort thresholdPercentage 100 and 12.34 are accepted and echoed",
     "CJ-017,CJ-018,DJ-005", "limits", 0, s_threshold_accepted},
    {"jobconfig.threshold-100.01", "abort thresholdPercentage 100.01 gives InvalidRequestException 400, no job",
     "CJ-017,WIRE-008", "limits,negative", 0, s_threshold_over_100},
    {"jobconfig.threshold-three-decimals", "abort thresholdPercentage 12.345 gives InvalidRequestException 400",
     "CJ-017", "limits,negative", 0, s_threshold_three_decimals},
    {"jobconfig.min-executed-things-0", "abort minNumberOfExecutedThings 0 gives InvalidRequestException 400",
     "CJ-018,WIRE-008", "limits,negative", 0, s_min_executed_0},
    {"jobconfig.abort-failure-type-bogus", "An abort failureType outside the enum gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_abort_failure_type_bogus},
    {"jobconfig.abort-action-bogus", "An abort action other than CANCEL gives InvalidRequestException 400", "WIRE-008",
     "negative", 0, s_abort_action_bogus},
    {"jobconfig.abort-criteria-empty", "An empty abortConfig.criteriaList gives InvalidRequestException 400",
     "WIRE-008", "limits,negative", 0, s_abort_criteria_empty},
    {"jobconfig.timeout-1-10080", "inProgressTimeoutInMinutes 1 and 10080 are accepted and echoed", "CJ-019,DJ-005",
     "limits", 0, s_timeout_bounds},
    {"jobconfig.timeout-0-10081", "inProgressTimeoutInMinutes 0 and 10081 give InvalidRequestException 400, no job",
     "CJ-019,WIRE-008", "limits,negative", 0, s_timeout_out_of_range},
    {"jobconfig.retry-criteria-1-2", "A retry criteriaList of 1 and of 2 items is accepted and echoed",
     "CJ-020,DJ-005", "limits", 0, s_retry_count_accepted},
    {"jobconfig.retry-criteria-0-3", "A retry criteriaList of 0 or 3 items gives InvalidRequestException 400",
     "CJ-020,WIRE-008", "limits,negative", 0, s_retry_count_rejected},
    {"jobconfig.retries-0-10", "numberOfRetries 0 and 10 are accepted and echoed", "CJ-020,DJ-005", "limits", 0,
     s_retries_bounds},
    {"jobconfig.retries-minus1-11", "numberOfRetries -1 and 11 give InvalidRequestException 400, no job",
     "CJ-020,WIRE-008", "limits,negative", 0, s_retries_out_of_range},
    {"jobconfig.retry-failure-type-rejected", "Retry failureType REJECTED gives InvalidRequestException 400",
     "CJ-020", "negative", 0, s_retry_failure_type_rejected},
    {"jobconfig.description-2028-chars", "A 2028-character description is accepted and echoed", "CJ-013,DJ-005",
     "limits", 0, s_description_2028},
    {"jobconfig.description-2029-chars", "A 2029-character description gives InvalidRequestException 400, no job",
     "CJ-013,WIRE-008", "limits,negative", 0, s_description_2029},
    {"jobconfig.description-control-char", "A description holding U+0007 gives InvalidRequestException 400",
     "CJ-013", "negative", 0, s_description_control},
    {"jobconfig.target-selection-lowercase", "targetSelection \"continuous\" (wrong case) gives "
     "InvalidRequestException 400", "CJ-009,WIRE-008", "negative", 0, s_target_selection_case},
    {"jobconfig.all-configs-echoed", "A job with every configuration is created and DescribeJob echoes each value",
     "CJ-001,DJ-005", "smoke", 0, s_all_configs_echoed},
};

JC_SUITE(jobconfig, "JobConfiguration", s_table);
