/* Rollout suite: jobExecutionsRolloutConfig (maximumPerMinute,
 * exponentialRate), abortConfig, jobExecutionsRetryConfig and
 * schedulingConfig. Scenarios that need time to pass move the endpoint's
 * clock (JC_NEEDS_CLOCK). */
#include <math.h>
#include <string.h>
#include <time.h>

#include "jc_support.h"

#define MAX_THINGS 8

/* The number of executions of a job (ListJobExecutionsForJob, every page). */
static int count_execs(jc_ctx *ctx, const char *job)
{
    jc_walk w;
    jc_list_spec s = {.path = jc_path(ctx, "/jobs/%s/things", job), .array = "executionSummaries",
                      .key = "thingArn", .max_results = 250, .max_pages = 20};
    jc_list_walk(ctx, &s, &w);
    return (int)w.n;
}

/* ---- maximumPerMinute -------------------------------------------------- */

static void s_max_per_minute_first(jc_ctx *ctx)
{
    const char *things[5];
    const char *job = jc_job_on_things(ctx, 5, things, "{\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":2}}");
    int n = count_execs(ctx, job);
    JC_CHECK(ctx, n <= 2, "%d executions right after creation with maximumPerMinute 2 and 5 targets, expected at "
             "most 2", n);
}

static void s_max_per_minute_rest_follow(jc_ctx *ctx)
{
    const char *things[5];
    const char *job = jc_job_on_things(ctx, 5, things, "{\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":2}}");
    int n0 = count_execs(ctx, job);
    JC_CHECK(ctx, n0 <= 2, "%d executions in the first minute with maximumPerMinute 2, expected at most 2", n0);
    jc_advance(ctx, 60000);
    int n1 = count_execs(ctx, job);
    JC_CHECK(ctx, n1 <= 4, "%d executions after two minutes with maximumPerMinute 2, expected at most 4", n1);
    JC_CHECK(ctx, n1 > n0, "still %d executions one minute later: the rollout did not continue", n1);
    jc_advance(ctx, 120000);
    int n2 = count_execs(ctx, job);
    JC_CHECK(ctx, n2 == 5, "%d executions after four minutes with maximumPerMinute 2 and 5 targets, expected 5", n2);
}

/* ---- exponentialRate --------------------------------------------------- */

static const char *const exp_config =
    "{\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1,\"incrementFactor\":2,"
    "\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":1}}}}";

static void s_exponential_starts_at_base(jc_ctx *ctx)
{
    const char *things[6];
    const char *job = jc_job_on_things(ctx, 6, things, exp_config);
    int n = count_execs(ctx, job);
    JC_CHECK(ctx, n <= 1, "%d executions right after creation with baseRatePerMinute 1, expected at most 1", n);
}

static void s_exponential_grows(jc_ctx *ctx)
{
    const char *things[6];
    const char *job = jc_job_on_things(ctx, 6, things, exp_config);
    int n0 = count_execs(ctx, job);
    JC_REQUIRE(ctx, n0 == 1, "%d executions right after creation with baseRatePerMinute 1, expected 1", n0);
    /* the first thing got the first execution: succeeding there meets the criterion */
    const char *started = NULL;
    for (size_t i = 0; i < 6 && !started; i++)
        if (jc_describe_execution(ctx, things[i], job, NULL)->status == 200) started = things[i];
    JC_REQUIRE(ctx, started != NULL, "no thing has the job's one execution");
    jc_drive(ctx, started, job, "SUCCEEDED");
    jc_advance(ctx, 60000);
    int n1 = count_execs(ctx, job);
    JC_CHECK(ctx, n1 >= 3, "%d executions one minute after the increase criterion was met (base rate 1, factor 2), "
             "expected at least 3 (a rate that stayed at 1 gives 2)", n1);
}

/* ---- abortConfig ------------------------------------------------------- */

static const char *abort_config(jc_ctx *ctx, const char *type, const char *pct, int min)
{
    return jc_str(ctx,
                  "{\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"%s\",\"action\":\"CANCEL\","
                  "\"thresholdPercentage\":%s,\"minNumberOfExecutedThings\":%d}]}}",
                  type, pct, min);
}

static void expect_not_aborted(jc_ctx *ctx, const char *job, const char *when)
{
    const char *st = jc_job_status(ctx, job);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "job is %s %s, expected IN_PROGRESS (no abort)", jc_str_or(st), when);
}

static bool expect_aborted(jc_ctx *ctx, const char *job, const char *when)
{
    bool ok = jc_wait_job_status(ctx, job, "CANCELED", jc_settle_ms(ctx));
    if (!ok) {
        JC_CHECK(ctx, false, "job is %s %s, expected CANCELED by abortConfig", jc_str_or(jc_job_status(ctx, job)), when);
        return false;
    }
    jc_response *d = jc_describe_job(ctx, job);
    const char *rc = jc_json_string(d, "job.reasonCode");
    JC_CHECK(ctx, rc && *rc, "the aborted job's reasonCode is %s, expected one filled in by the service", jc_str_or(rc));
    return true;
}

static void s_abort_at_threshold(jc_ctx *ctx)
{
    const char *things[4];
    const char *job = jc_job_on_things(ctx, 4, things, abort_config(ctx, "FAILED", "50", 2));
    jc_drive(ctx, things[0], job, "FAILED");
    expect_not_aborted(ctx, job, "with 1 executed thing and minNumberOfExecutedThings 2");
    jc_drive(ctx, things[1], job, "SUCCEEDED");
    expect_aborted(ctx, job, "with 1 FAILED of 2 executed things and thresholdPercentage 50");
}

static void s_abort_not_before_min(jc_ctx *ctx)
{
    const char *things[4];
    const char *job = jc_job_on_things(ctx, 4, things, abort_config(ctx, "FAILED", "50", 3));
    jc_drive(ctx, things[0], job, "FAILED");
    jc_drive(ctx, things[1], job, "FAILED");
    expect_not_aborted(ctx, job, "with 2 FAILED of 2 executed things and minNumberOfExecutedThings 3");
    jc_drive(ctx, things[2], job, "SUCCEEDED");
    expect_aborted(ctx, job, "with 2 FAILED of 3 executed things, minNumberOfExecutedThings 3, threshold 50");
}

static void s_abort_below_threshold(jc_ctx *ctx)
{
    const char *things[4];
    const char *job = jc_job_on_things(ctx, 4, things, abort_config(ctx, "FAILED", "60", 2));
    jc_drive(ctx, things[0], job, "FAILED");
    jc_drive(ctx, things[1], job, "SUCCEEDED");
    expect_not_aborted(ctx, job, "with 50% FAILED and thresholdPercentage 60");
    jc_drive(ctx, things[2], job, "FAILED");
    expect_aborted(ctx, job, "with 2 FAILED of 3 executed things (66.7%) and thresholdPercentage 60");
}

static void s_abort_queued_only(jc_ctx *ctx)
{
    const char *things[4];
    const char *job = jc_job_on_things(ctx, 4, things, abort_config(ctx, "FAILED", "50", 2));
    jc_drive(ctx, things[2], job, "IN_PROGRESS");
    jc_drive(ctx, things[0], job, "FAILED");
    jc_drive(ctx, things[1], job, "FAILED");
    JC_REQUIRE(ctx, expect_aborted(ctx, job, "with 2 FAILED of 2 executed things"), "the job was not aborted");
    const char *st_in = jc_execution_status(ctx, things[2], job);
    const char *st_q = jc_execution_status(ctx, things[3], job);
    JC_CHECK(ctx, jc_streq(st_in, "IN_PROGRESS"), "the IN_PROGRESS execution is %s after the abort, expected "
             "IN_PROGRESS", jc_str_or(st_in));
    JC_CHECK(ctx, jc_streq(st_q, "CANCELED"), "the QUEUED execution is %s after the abort, expected CANCELED",
             jc_str_or(st_q));
}

static void s_abort_all_counts_every_failure(jc_ctx *ctx)
{
    const char *things[3];
    const char *job = jc_job_on_things(ctx, 3, things, abort_config(ctx, "ALL", "100", 2));
    jc_drive(ctx, things[0], job, "REJECTED");
    jc_drive(ctx, things[1], job, "FAILED");
    expect_aborted(ctx, job, "with failureType ALL, 1 REJECTED and 1 FAILED of 2 and thresholdPercentage 100");
}

static void s_abort_type_mismatch(jc_ctx *ctx)
{
    const char *things[4]; /* the fourth stays QUEUED so the job cannot complete */
    const char *job = jc_job_on_things(ctx, 4, things, abort_config(ctx, "REJECTED", "50", 2));
    jc_drive(ctx, things[0], job, "FAILED");
    jc_drive(ctx, things[1], job, "FAILED");
    expect_not_aborted(ctx, job, "with 2 FAILED and a criterion on REJECTED");
    jc_drive(ctx, things[2], job, "REJECTED");
    /* 1 REJECTED of 3 executed: 33% < 50 */
    expect_not_aborted(ctx, job, "with 1 REJECTED of 3 executed and thresholdPercentage 50");
}

/* ---- jobExecutionsRetryConfig ------------------------------------------ */

static const char *retry_config(jc_ctx *ctx, const char *type, int n)
{
    return jc_str(ctx, "{\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"%s\","
                       "\"numberOfRetries\":%d}]}}", type, n);
}

typedef struct exec_info {
    const char *status;
    double number;
    double attempt; /* retryAttempt, -1 when absent */
} exec_info;

/* The newest attempt of the job on its one thing, read from
 * ListJobExecutionsForJob (highest executionNumber, then retryAttempt), so
 * that it does not depend on DescribeJobExecution's default choice. */
static exec_info latest(jc_ctx *ctx, const char *thing, const char *job)
{
    exec_info e = {NULL, -1, -1};
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", job), "maxResults=250", NULL);
    JC_REQUIRE(ctx, r->status == 200, "ListJobExecutionsForJob %s: HTTP %d %s", job, r->status,
               jc_str_or(r->error_code));
    const char *arn_suffix = jc_str(ctx, ":thing/%s", thing);
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(r, "executionSummaries"))
    {
        const cJSON *arn = jc_json_get(it, "thingArn");
        if (cJSON_IsString(arn)) {
            size_t al = strlen(arn->valuestring), sl = strlen(arn_suffix);
            if (al < sl || strcmp(arn->valuestring + al - sl, arn_suffix) != 0) continue;
        }
        const cJSON *n = jc_json_get(it, "jobExecutionSummary.executionNumber");
        const cJSON *a = jc_json_get(it, "jobExecutionSummary.retryAttempt");
        const cJSON *st = jc_json_get(it, "jobExecutionSummary.status");
        if (!cJSON_IsNumber(n)) continue;
        double attempt = cJSON_IsNumber(a) ? a->valuedouble : -1;
        if (n->valuedouble > e.number || (n->valuedouble == e.number && attempt > e.attempt)) {
            e.number = n->valuedouble;
            e.attempt = attempt;
            e.status = cJSON_IsString(st) ? st->valuestring : NULL;
        }
    }
    JC_REQUIRE(ctx, e.number >= 0, "ListJobExecutionsForJob %s lists no execution on %s", job, thing);
    return e;
}

/* The latest execution is a retry of `before` (RO-007: a new number, or the
 * same number with retryAttempt one higher) and QUEUED. */
static bool expect_retry(jc_ctx *ctx, const char *thing, const char *job, exec_info before, const char *when)
{
    exec_info now = latest(ctx, thing, job);
    double prev_attempt = before.attempt < 0 ? 0 : before.attempt;
    bool is_new = now.number > before.number || (now.number == before.number && now.attempt > prev_attempt);
    return JC_CHECK(ctx, is_new && jc_streq(now.status, "QUEUED"),
                    "%s: the latest execution is #%g (retryAttempt %g) %s, expected a new QUEUED attempt after #%g",
                    when, now.number, now.attempt, jc_str_or(now.status), before.number);
}

/* RO-007 (MAY): the retry is the next executionNumber or the same one, with
 * retryAttempt one higher either way. */
static void expect_retry_form(jc_ctx *ctx, const char *thing, const char *job, exec_info before)
{
    exec_info now = latest(ctx, thing, job);
    double prev_attempt = before.attempt < 0 ? 0 : before.attempt;
    JC_CHECK_REQ(ctx, "RO-007", (now.number == before.number + 1 || now.number == before.number) &&
                                    now.attempt == prev_attempt + 1,
                 "the retry of #%g (retryAttempt %g) is #%g with retryAttempt %g, expected the next or the same "
                 "number with retryAttempt one higher", before.number, prev_attempt, now.number, now.attempt);
}

static bool expect_no_retry(jc_ctx *ctx, const char *thing, const char *job, const char *final, const char *when)
{
    exec_info now = latest(ctx, thing, job);
    return JC_CHECK(ctx, jc_streq(now.status, final), "%s: the latest execution is #%g %s, expected it to stay %s (no "
                    "retry)", when, now.number, jc_str_or(now.status), final);
}

static void s_retry_after_failed(jc_ctx *ctx)
{
    const char *things[1];
    jc_req_scope(ctx, "RO-006"); /* a retry happens; its form is RO-007 */
    const char *job = jc_job_on_things(ctx, 1, things, retry_config(ctx, "FAILED", 1));
    exec_info before = latest(ctx, things[0], job);
    jc_drive(ctx, things[0], job, "FAILED");
    if (expect_retry(ctx, things[0], job, before, "after FAILED with numberOfRetries 1"))
        expect_retry_form(ctx, things[0], job, before);
}

static void s_retry_limit(jc_ctx *ctx)
{
    const char *things[1];
    const char *job = jc_job_on_things(ctx, 1, things, retry_config(ctx, "FAILED", 2));
    for (int attempt = 0; attempt < 3; attempt++) {
        exec_info before = latest(ctx, things[0], job);
        JC_REQUIRE(ctx, jc_streq(before.status, "QUEUED"), "attempt %d is %s, expected QUEUED", attempt + 1,
                   jc_str_or(before.status));
        jc_drive(ctx, things[0], job, "FAILED");
        if (attempt < 2) {
            JC_REQUIRE(ctx, expect_retry(ctx, things[0], job, before,
                                         jc_str(ctx, "after failure %d of numberOfRetries 2", attempt + 1)),
                       "no retry");
        } else {
            expect_no_retry(ctx, things[0], job, "FAILED", "after the third failure with numberOfRetries 2");
        }
    }
}

static void s_retry_zero(jc_ctx *ctx)
{
    const char *things[1];
    const char *job = jc_job_on_things(ctx, 1, things, retry_config(ctx, "ALL", 0));
    jc_drive(ctx, things[0], job, "FAILED");
    expect_no_retry(ctx, things[0], job, "FAILED", "after FAILED with numberOfRetries 0");
}

static void s_retry_type_mismatch(jc_ctx *ctx)
{
    const char *a[1], *b[1];
    const char *job_a = jc_job_on_things(ctx, 1, a, retry_config(ctx, "TIMED_OUT", 3));
    jc_drive(ctx, a[0], job_a, "FAILED");
    expect_no_retry(ctx, a[0], job_a, "FAILED", "after FAILED with a retry criterion on TIMED_OUT only");
    const char *job_b = jc_job_on_things(ctx, 1, b, retry_config(ctx, "ALL", 3));
    jc_drive(ctx, b[0], job_b, "REJECTED");
    expect_no_retry(ctx, b[0], job_b, "REJECTED", "after REJECTED with a retry criterion ALL");
}

static void s_retry_after_timed_out(jc_ctx *ctx)
{
    const char *things[1];
    jc_req_scope(ctx, "RO-006"); /* a retry happens; its form is RO-007 */
    const char *job = jc_job_on_things(ctx, 1, things, retry_config(ctx, "TIMED_OUT", 1));
    exec_info before = latest(ctx, things[0], job);
    jc_response *r = jc_call(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", things[0], job), NULL,
                             "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":1}");
    JC_REQUIRE(ctx, r->status == 200, "UpdateJobExecution IN_PROGRESS stepTimeoutInMinutes 1: HTTP %d %s", r->status,
               jc_str_or(r->error_code));
    jc_advance(ctx, 61000);
    /* reading the job lets a lazy server fire the timer */
    (void)jc_describe_job(ctx, job);
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", things[0], job),
                jc_query(ctx, "executionNumber=%lld", (long long)before.number), NULL);
    const char *st = r->status == 200 ? jc_json_string(r, "execution.status") : NULL;
    if (!jc_streq(st, "TIMED_OUT")) jc_skip(ctx, "setup: the step timer left execution #%g %s, not TIMED_OUT",
                                         before.number, jc_str_or(st));
    if (expect_retry(ctx, things[0], job, before, "after TIMED_OUT with a TIMED_OUT criterion of 1 retry"))
        expect_retry_form(ctx, things[0], job, before);
}

/* ---- schedulingConfig -------------------------------------------------- */

static const char *scheduled_job(jc_ctx *ctx, const char **thing, long long *start)
{
    long long now = jc_endpoint_now(ctx, NULL);
    *start = (now / 60 + 41) * 60; /* a whole minute 40 to 41 minutes ahead */
    const char *arn = NULL;
    *thing = jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    return jc_create_job(ctx, NULL, NULL, targets,
                         jc_str(ctx, "{\"schedulingConfig\":{\"startTime\":\"%s\"}}", jc_iso_minute(ctx, *start)));
}

static void s_scheduled_no_executions(jc_ctx *ctx)
{
    const char *thing = NULL;
    long long start = 0;
    const char *job = scheduled_job(ctx, &thing, &start);
    const char *st = jc_job_status(ctx, job);
    JC_CHECK(ctx, jc_streq(st, "SCHEDULED"), "job with startTime %s is %s, expected SCHEDULED", jc_iso_minute(ctx, start),
             jc_str_or(st));
    int n = count_execs(ctx, job);
    JC_CHECK(ctx, n == 0, "a SCHEDULED job has %d executions, expected none", n);
    jc_response *r = jc_describe_execution(ctx, thing, job, NULL);
    JC_CHECK(ctx, r->status != 200, "DescribeJobExecution of a SCHEDULED job's target returned an execution (%s)",
             jc_str_or(jc_json_string(r, "execution.status")));
}

static void s_scheduled_starts(jc_ctx *ctx)
{
    const char *thing = NULL;
    long long start = 0;
    const char *job = scheduled_job(ctx, &thing, &start);
    JC_REQUIRE(ctx, jc_streq(jc_job_status(ctx, job), "SCHEDULED"), "the job is %s, expected SCHEDULED before startTime",
               jc_str_or(jc_job_status(ctx, job)));
    jc_advance(ctx, 35 * 60000L);
    const char *st = jc_job_status(ctx, job);
    JC_CHECK(ctx, jc_streq(st, "SCHEDULED"), "job is %s 35 minutes ahead of a startTime 40-41 minutes away, expected "
             "SCHEDULED", jc_str_or(st));
    JC_CHECK(ctx, count_execs(ctx, job) == 0, "the job has executions before startTime");
    jc_advance(ctx, 7 * 60000L);
    JC_CHECK(ctx, jc_wait_job_status(ctx, job, "IN_PROGRESS", jc_settle_ms(ctx)), "job is %s after startTime, expected IN_PROGRESS",
             jc_str_or(jc_job_status(ctx, job)));
    const char *es = jc_execution_status(ctx, thing, job);
    JC_CHECK(ctx, jc_streq(es, "QUEUED"), "the target's execution is %s after startTime, expected QUEUED", jc_str_or(es));
}

static void s_schedule_too_soon(jc_ctx *ctx)
{
    long long now = jc_endpoint_now(ctx, NULL);
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *body = jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"schedulingConfig\":{\"startTime\":"
                                   "\"%s\"}}", arn, jc_iso_minute(ctx, (now / 60 + 20) * 60));
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL, body);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    JC_CHECK(ctx, r->status == 404, "the refused job exists: DescribeJob HTTP %d, expected 404", r->status);
}

/* ---- schedulingConfig.startTime as a calendar date (RO-011) ---------- */

static bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* CreateJob on a new thing with schedulingConfig.startTime `start`: 200, or
 * InvalidRequestException 400 and no job. */
static void schedule_side(jc_ctx *ctx, const char *start, bool accepted)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_create_job_with(ctx, id, jc_new_target(ctx),
                                        jc_str(ctx, "\"schedulingConfig\":{\"startTime\":\"%s\"}", start));
    if (accepted) {
        JC_CHECK(ctx, r->status == 200, "startTime %s: HTTP %d %s, expected 200", start, r->status,
                 jc_str_or(r->error_code));
        return;
    }
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "startTime %s: HTTP %d %s, expected InvalidRequestException 400", start, r->status,
             jc_str_or(r->error_code));
    if (!jc_is_2xx(r)) jc_expect_no_job(ctx, id, jc_str(ctx, "the refused startTime %s", start));
}

/* The last day of each month within the next year is accepted and the day
 * after it (April 31, February 29 of a common year, ...) refused; so are
 * month 13, hour 24 and minute 60, while 23:59 is accepted. Only dates 31
 * minutes to 364 days ahead of the endpoint's clock are used, so RO-010's
 * range never decides. */
static void s_schedule_calendar(jc_ctx *ctx)
{
    long long now = jc_endpoint_now(ctx, NULL);
    time_t tt = (time_t)now;
    struct tm t;
    JC_REQUIRE(ctx, gmtime_r(&tt, &t) != NULL, "harness: gmtime of %lld", now);
    int y = t.tm_year + 1900, m = t.tm_mon + 1, tested = 0;
    for (int k = 1; k <= 11; k++) {
        int yy = y + (m - 1 + k) / 12, mm = (m - 1 + k) % 12 + 1, last = month_days(yy, mm);
        struct tm want = {.tm_year = yy - 1900, .tm_mon = mm - 1, .tm_mday = last, .tm_hour = 12};
        long long at = (long long)timegm(&want);
        if (at < now + 31 * 60 || at > now + 364LL * 86400) continue;
        schedule_side(ctx, jc_str(ctx, "%04d-%02d-%02dT12:00", yy, mm, last), true);
        schedule_side(ctx, jc_str(ctx, "%04d-%02d-%02dT12:00", yy, mm, last + 1), false);
        tested++;
    }
    JC_CHECK(ctx, tested >= 10, "harness: only %d months fell in range", tested);
    int yy = y + m / 12, mm = m % 12 + 1; /* the 15th of next month */
    schedule_side(ctx, jc_str(ctx, "%04d-%02d-15T23:59", yy, mm), true);
    schedule_side(ctx, jc_str(ctx, "%04d-%02d-15T24:00", yy, mm), false);
    schedule_side(ctx, jc_str(ctx, "%04d-%02d-15T12:60", yy, mm), false);
    schedule_side(ctx, jc_str(ctx, "%04d-13-15T12:00", yy), false);
    schedule_side(ctx, jc_str(ctx, "%04d-00-15T12:00", yy), false);
}

static const jc_scenario s_table[] = {
    {"rollout.max-per-minute-first", "maximumPerMinute 2 creates at most 2 of 5 executions at first", "RO-001",
     "rollout", 0, s_max_per_minute_first},
    {"rollout.max-per-minute-rest-follow", "With maximumPerMinute 2 the other executions follow minute by minute",
     "RO-001", "rollout", JC_NEEDS_CLOCK, s_max_per_minute_rest_follow},
    {"rollout.exponential-starts-at-base", "An exponential rollout starts at baseRatePerMinute", "RO-002", "rollout",
     0, s_exponential_starts_at_base},
    {"rollout.exponential-grows", "The rollout rate grows once rateIncreaseCriteria is met", "RO-002", "rollout",
     JC_NEEDS_CLOCK, s_exponential_grows},
    {"rollout.abort-at-threshold", "abortConfig cancels the job with a reasonCode when the FAILED share reaches the "
     "threshold", "RO-003,RO-005", "abort", 0, s_abort_at_threshold},
    {"rollout.abort-not-before-min", "No abort before minNumberOfExecutedThings executions finished", "RO-005,RO-003",
     "abort", 0, s_abort_not_before_min},
    {"rollout.abort-below-threshold", "No abort while the failure share is below thresholdPercentage",
     "RO-005,RO-003", "abort", 0, s_abort_below_threshold},
    {"rollout.abort-queued-only", "An abort cancels QUEUED executions and leaves IN_PROGRESS ones running", "RO-004",
     "abort", 0, s_abort_queued_only},
    {"rollout.abort-all-counts-every-failure", "failureType ALL counts FAILED and REJECTED together", "RO-003",
     "abort", 0, s_abort_all_counts_every_failure},
    {"rollout.abort-type-mismatch", "A criterion on REJECTED ignores FAILED executions", "RO-003,RO-005", "abort", 0,
     s_abort_type_mismatch},
    {"rollout.retry-after-failed", "A FAILED execution with a FAILED retry criterion gets a new QUEUED attempt",
     "RO-006,RO-007", "retry", 0, s_retry_after_failed},
    {"rollout.retry-limit", "numberOfRetries 2 gives two retries and no third", "RO-008", "retry", 0, s_retry_limit},
    {"rollout.retry-zero", "numberOfRetries 0 gives no retry", "RO-008", "retry", 0, s_retry_zero},
    {"rollout.retry-type-mismatch", "FAILED is not retried by a TIMED_OUT criterion and REJECTED never is",
     "RO-006", "retry", 0, s_retry_type_mismatch},
    {"rollout.retry-after-timed-out", "A TIMED_OUT execution with a TIMED_OUT retry criterion gets a new attempt",
     "RO-006,RO-007", "retry,timers", JC_NEEDS_CLOCK, s_retry_after_timed_out},
    {"rollout.scheduled-no-executions", "A job scheduled 40 minutes ahead is SCHEDULED with no executions",
     "RO-009,RO-010",
     "scheduling", 0, s_scheduled_no_executions},
    {"rollout.scheduled-starts", "A SCHEDULED job becomes IN_PROGRESS with executions at startTime, not before",
     "RO-009", "scheduling", JC_NEEDS_CLOCK, s_scheduled_starts},
    {"rollout.schedule-calendar", "startTime on the last day of each month (and 23:59) is accepted; the day after it, "
     "February 29 of a common year, month 13 or 0, hour 24 and minute 60 give InvalidRequestException 400",
     "RO-011", "scheduling,limits,negative", 0, s_schedule_calendar},
    {"rollout.schedule-too-soon", "A startTime 20 minutes ahead gives InvalidRequestException 400", "RO-010",
     "scheduling,negative", 0, s_schedule_too_soon},
};

JC_SUITE(rollout, "Rollout", s_table);
