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

/* Reads after a change (jc_support.h): counts until there are at least
 * `min` executions or the poll deadline passes; the last count. */
typedef struct count_wait {
    const char *job;
    int min, n;
} count_wait;

static bool count_reached(jc_ctx *ctx, void *arg)
{
    count_wait *c = arg;
    c->n = count_execs(ctx, c->job);
    return c->n >= c->min;
}

static int count_execs_reaching(jc_ctx *ctx, const char *job, int min)
{
    count_wait c = {job, min, 0};
    jc_poll(ctx, 0, 50, count_reached, &c);
    return c.n;
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
    int n1 = count_execs_reaching(ctx, job, n0 + 1);
    JC_CHECK(ctx, n1 <= 4, "%d executions after two minutes with maximumPerMinute 2, expected at most 4", n1);
    JC_CHECK(ctx, n1 > n0, "still %d executions one minute later: the rollout did not continue", n1);
    jc_advance(ctx, 120000);
    int n2 = count_execs_reaching(ctx, job, 5);
    JC_CHECK(ctx, n2 == 5, "%d executions after four minutes with maximumPerMinute 2 and 5 targets, expected 5", n2);
}


/* CancelJob in the middle of a rate-limited rollout: the one execution is
 * CANCELED, the things still waiting for their turn get none in the minutes
 * after (CN-002: a canceled job has no QUEUED execution), and the job can then
 * be deleted to the end (DL-009). */
static void s_canceled_mid_rollout(jc_ctx *ctx)
{
    const char *things[4];
    const char *job = jc_job_on_things(ctx, 4, things, "{\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}}");
    int n0 = count_execs(ctx, job);
    JC_REQUIRE(ctx, n0 == 1, "%d executions right after creation with maximumPerMinute 1, expected 1", n0);
    jc_cancel_job_ok(ctx, job);
    JC_REQUIRE(ctx, jc_wait_job_status(ctx, job, "CANCELED", 0), "the job is %s after CancelJob, expected CANCELED",
               jc_str_or(jc_job_status(ctx, job)));
    jc_advance(ctx, 60000);
    jc_advance(ctx, 60000);
    jc_req_scope(ctx, "CN-002");
    int n2 = count_execs(ctx, job);
    JC_CHECK(ctx, n2 == 1, "%d executions two minutes after CancelJob stopped a rollout at 1 a minute, expected 1 "
             "(a canceled job queues no more)", n2);
    for (size_t i = 0; i < 4; i++) {
        const char *st = jc_execution_status(ctx, things[i], job);
        JC_CHECK(ctx, st == NULL || jc_streq(st, "CANCELED"), "execution of target %zu is %s after CancelJob, "
                 "expected CANCELED or none", i + 1, st);
    }
    jc_req_scope(ctx, "DL-009");
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", job), NULL, NULL);
    JC_REQUIRE(ctx, jc_is_2xx(r), "DeleteJob of the CANCELED job: HTTP %d %s, expected 2xx", r->status,
               jc_str_or(r->error_code));
    jc_wait_job_gone(ctx, job);
    jc_expect_error(ctx, jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", job), NULL, NULL),
                    "ResourceNotFoundException", 404);
}

/* A target thing deleted while it waits for its turn in a rate-limited
 * rollout gets no execution (or only a REMOVED one), and the SNAPSHOT job
 * completes once the other targets finished. */
static void s_deleted_before_its_turn(jc_ctx *ctx)
{
    const char *things[3];
    const char *job = jc_job_on_things(ctx, 3, things, "{\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}}");
    const char *waiting = NULL;
    for (size_t i = 0; i < 3 && !waiting; i++)
        if (jc_execution_status(ctx, things[i], job) == NULL) waiting = things[i];
    JC_REQUIRE(ctx, waiting != NULL, "every target has an execution right after creation with maximumPerMinute 1");
    const char *arn = jc_thing_arn(ctx, waiting);
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/things/%s", waiting), NULL, NULL);
    if (!jc_is_2xx(r)) jc_blocked(ctx, "DeleteThing", "HTTP %d %s", r->status, jc_str_or(r->error_code));
    for (int k = 0; k < 3; k++) jc_advance(ctx, 60000);
    jc_walk w;
    jc_list_spec spec = {.path = jc_path(ctx, "/jobs/%s/things", job), .array = "executionSummaries",
                         .key = "thingArn", .status = "jobExecutionSummary.status", .max_results = 250,
                         .max_pages = 20};
    jc_list_walk(ctx, &spec, &w);
    for (size_t i = 0; i < w.n; i++)
        JC_CHECK(ctx, !jc_streq(w.keys[i], arn) || jc_streq(w.status[i], "REMOVED"),
                 "the thing deleted before its turn has a %s execution, expected none (or REMOVED)",
                 jc_str_or(w.status[i]));
    for (size_t i = 0; i < 3; i++)
        if (things[i] != waiting) {
            JC_REQUIRE(ctx, jc_expect_execution_becomes(ctx, things[i], job, "QUEUED", jc_settle_ms(ctx),
                                                        "three minutes into a rollout of 1 a minute"),
                       "a live target got no execution");
            jc_drive(ctx, things[i], job, "SUCCEEDED");
        }
    JC_CHECK(ctx, jc_wait_job_status(ctx, job, "COMPLETED", jc_settle_ms(ctx)), "the job is %s once every live "
             "target SUCCEEDED (the third was deleted before its turn), expected COMPLETED",
             jc_str_or(jc_job_status(ctx, job)));
}


/* processingTargets (jobProcessDetails): the targets while the rollout still
 * creates executions, and nothing (absent, null or empty) once it reached
 * every target, as for a job without a rate limit at once. */
static bool processing_empty(jc_ctx *ctx, void *arg)
{
    const cJSON *pt = jc_json_get(jc_describe_job(ctx, (const char *)arg)->json, "job.jobProcessDetails.processingTargets");
    return pt == NULL || cJSON_IsNull(pt) || (cJSON_IsArray(pt) && cJSON_GetArraySize(pt) == 0);
}

static void expect_processing(jc_ctx *ctx, const char *job, const char **arns, size_t n, bool rolling,
                              const char *when)
{
    if (!rolling) jc_poll(ctx, 0, 50, processing_empty, (void *)job); /* a read after a change */
    jc_response *d = jc_describe_job(ctx, job);
    const cJSON *pt = jc_json_get(d->json, "job.jobProcessDetails.processingTargets");
    size_t count = cJSON_IsArray(pt) ? (size_t)cJSON_GetArraySize(pt) : 0;
    if (!rolling) {
        JC_CHECK(ctx, pt == NULL || cJSON_IsNull(pt) || count == 0, "processingTargets is %s %s, expected absent, "
                 "null or empty (the rollout reached every target)", jc_json_text(ctx, pt), when);
        return;
    }
    JC_CHECK(ctx, count > 0, "processingTargets is %s %s, expected the targets still being rolled out to",
             jc_json_text(ctx, pt), when);
    const cJSON *it;
    cJSON_ArrayForEach(it, pt)
    {
        bool known = false;
        for (size_t i = 0; i < n; i++) known |= cJSON_IsString(it) && jc_streq(it->valuestring, arns[i]);
        JC_CHECK(ctx, known, "processingTargets holds %s %s, which is not a target of the job",
                 jc_json_text(ctx, it), when);
    }
}

static void s_processing_targets(jc_ctx *ctx)
{
    const char *arns[3];
    for (int i = 0; i < 3; i++) arns[i] = jc_new_target(ctx);
    const char *targets[] = {arns[0], arns[1], arns[2], NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, "{\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}}");
    expect_processing(ctx, job, arns, 3, true, "right after creation with maximumPerMinute 1 and 3 targets");
    for (int k = 0; k < 3; k++) jc_advance(ctx, 60000);
    JC_REQUIRE(ctx, count_execs(ctx, job) == 3, "the rollout of 1 a minute did not reach its 3 targets in 3 minutes");
    expect_processing(ctx, job, arns, 3, false, "once every target has its execution");
    const char *plain = jc_create_job(ctx, NULL, NULL, targets, NULL);
    expect_processing(ctx, plain, arns, 3, false, "for a job without a rate limit, right after creation");
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
    int n1 = count_execs_reaching(ctx, job, 3);
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
    jc_wait_execution_status(ctx, things[2], job, "IN_PROGRESS"); /* reads after a change */
    jc_wait_execution_status(ctx, things[3], job, "CANCELED");
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
typedef struct retry_wait {
    const char *thing, *job;
    exec_info before, now;
    const char *final; /* expect_no_retry: the status to settle at */
} retry_wait;

static bool is_retry(const retry_wait *r)
{
    double prev_attempt = r->before.attempt < 0 ? 0 : r->before.attempt;
    bool is_new = r->now.number > r->before.number ||
                  (r->now.number == r->before.number && r->now.attempt > prev_attempt);
    return is_new && jc_streq(r->now.status, "QUEUED");
}

static bool retry_seen(jc_ctx *ctx, void *arg)
{
    retry_wait *r = arg;
    r->now = latest(ctx, r->thing, r->job);
    return r->final ? jc_streq(r->now.status, r->final) : is_retry(r);
}

static bool expect_retry(jc_ctx *ctx, const char *thing, const char *job, exec_info before, const char *when)
{
    retry_wait rw = {thing, job, before, before, NULL};
    jc_poll(ctx, 0, 50, retry_seen, &rw); /* a read after a change */
    exec_info now = rw.now;
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
    retry_wait rw = {thing, job, {0}, {0}, final};
    jc_poll(ctx, 0, 50, retry_seen, &rw); /* a read after a change: settles at `final` */
    exec_info now = rw.now;
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


/* numberOfRetries 10, the largest: ten retries and no eleventh. */
static void s_retry_ten(jc_ctx *ctx)
{
    const char *things[1];
    const char *job = jc_job_on_things(ctx, 1, things, retry_config(ctx, "FAILED", 10));
    for (int attempt = 0; attempt <= 10; attempt++) {
        exec_info before = latest(ctx, things[0], job);
        JC_REQUIRE(ctx, jc_streq(before.status, "QUEUED"), "attempt %d is %s, expected QUEUED", attempt + 1,
                   jc_str_or(before.status));
        jc_drive(ctx, things[0], job, "FAILED");
        if (attempt < 10)
            JC_REQUIRE(ctx, expect_retry(ctx, things[0], job, before,
                                         jc_str(ctx, "after failure %d of numberOfRetries 10", attempt + 1)),
                       "no retry");
        else
            expect_no_retry(ctx, things[0], job, "FAILED", "after the eleventh failure with numberOfRetries 10");
    }
}


/* An ALL criterion retries a FAILED execution (ALL matches FAILED and
 * TIMED_OUT), as many times as it says. */
static void s_retry_all(jc_ctx *ctx)
{
    const char *things[1];
    const char *job = jc_job_on_things(ctx, 1, things, retry_config(ctx, "ALL", 1));
    exec_info before = latest(ctx, things[0], job);
    jc_drive(ctx, things[0], job, "FAILED");
    JC_REQUIRE(ctx, expect_retry(ctx, things[0], job, before, "after FAILED with a retry criterion ALL of 1 retry"),
               "no retry");
    jc_drive(ctx, things[0], job, "FAILED");
    expect_no_retry(ctx, things[0], job, "FAILED", "after the second FAILED with a retry criterion ALL of 1 retry");
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
    jc_wait_execution_status(ctx, thing, job, "QUEUED"); /* a read after a change */
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


/* ---- exponentialRate: increments (RO-002) ------------------------------ */

/* With numberOfNotifiedThings the rate grows as executions are created, with
 * no device doing anything: the first minute stays at the base rate (the
 * criterion is not met by one notification), and three minutes later more
 * things were notified than a constant rate of 1 allows. */
static void s_exponential_notified_grows(jc_ctx *ctx)
{
    const char *things[12];
    const char *job = jc_job_on_things(ctx, 12, things,
                                       "{\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1,"
                                       "\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":2}}}}");
    int n0 = count_execs(ctx, job);
    JC_CHECK(ctx, n0 == 1, "%d executions right after creation with baseRatePerMinute 1 and numberOfNotifiedThings 2, "
             "expected 1", n0);
    for (int k = 0; k < 3; k++) jc_advance(ctx, 60000);
    int n3 = count_execs_reaching(ctx, job, 5); /* a read after a change */
    JC_CHECK(ctx, n3 > 4, "%d executions three minutes into a rollout at base rate 1 whose rate doubles every 2 "
             "notified things, expected more than 4 (a rate that never grows gives 4)", n3);
    JC_CHECK(ctx, n3 <= 12, "%d executions for 12 targets", n3);
}

/* The rate is multiplied by incrementFactor, not by anything else: base 2,
 * factor 1.5 and 2 succeeded things give 3 a minute once the two first things
 * succeeded (and no further increase, as nothing else succeeds). */
static void s_exponential_factor(jc_ctx *ctx)
{
    const char *things[16];
    const char *job = jc_job_on_things(ctx, 16, things,
                                       "{\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":2,"
                                       "\"incrementFactor\":1.5,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":2}}}}");
    int n0 = count_execs(ctx, job);
    JC_REQUIRE(ctx, n0 == 2, "%d executions right after creation with baseRatePerMinute 2, expected 2", n0);
    int done = 0;
    bool driven[16] = {false};
    for (size_t i = 0; i < 16 && done < 2; i++)
        if (jc_describe_execution(ctx, things[i], job, NULL)->status == 200) {
            jc_drive(ctx, things[i], job, "SUCCEEDED");
            driven[i] = true;
            done++;
        }
    JC_REQUIRE(ctx, done == 2, "found %d of the 2 first executions", done);
    jc_advance(ctx, 60000); /* the increase is in force from here on */
    int n1 = count_execs_reaching(ctx, job, 4); /* reads after a change: 2, then at least 2 more */
    jc_advance(ctx, 60000);
    jc_advance(ctx, 60000);
    int n3 = count_execs_reaching(ctx, job, n1 + 5);
    JC_CHECK(ctx, n3 - n1 >= 5 && n3 - n1 <= 7,
             "%d executions created in the two minutes after the rate rose from 2 by incrementFactor 1.5, expected "
             "about 6 (3 a minute; a rate left at 2 gives 4, a factor of 2 gives 8)", n3 - n1);
    /* one more success does not meet numberOfSucceededThings 2 again: the
     * count starts afresh after each increase, so the rate stays at 3 */
    const char *third = NULL;
    for (size_t i = 0; i < 16 && !third; i++) /* not one driven above: a lagging read may still say QUEUED */
        if (!driven[i] && jc_streq(jc_execution_status(ctx, things[i], job), "QUEUED")) third = things[i];
    JC_REQUIRE(ctx, third != NULL, "no QUEUED execution left to succeed");
    jc_drive(ctx, third, job, "SUCCEEDED");
    jc_advance(ctx, 60000);
    int n4 = count_execs_reaching(ctx, job, n3 + 2);
    JC_CHECK(ctx, n4 - n3 >= 2 && n4 - n3 <= 3,
             "%d executions created in the minute after a third thing succeeded, expected 3 (the rate stays 3 a "
             "minute: one success after an increase does not meet numberOfSucceededThings 2; another increase "
             "gives 4)", n4 - n3);
}

/* Without its criterion met the rate stays at baseRatePerMinute: nothing
 * succeeds, so every minute notifies exactly the base rate. */
static void s_exponential_stays_at_base(jc_ctx *ctx)
{
    const char *things[10];
    const char *job = jc_job_on_things(ctx, 10, things,
                                       "{\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":2,"
                                       "\"incrementFactor\":3,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":1}}}}");
    int n[3];
    for (int k = 0; k < 3; k++) {
        if (k) jc_advance(ctx, 60000);
        n[k] = count_execs_reaching(ctx, job, 2 * (k + 1)); /* a read after a change */
    }
    JC_CHECK(ctx, n[0] == 2 && n[1] == 4 && n[2] == 6,
             "executions after 0, 1 and 2 minutes: %d, %d, %d; expected 2, 4, 6 (baseRatePerMinute 2 is the minimum "
             "rate, and no thing succeeded, so it never grows)", n[0], n[1], n[2]);
}

/* ---- schedulingConfig: the end of the window (RO-012, RO-013) ---------- */

typedef struct window {
    long long now, start, end; /* epoch seconds: the endpoint's clock, startTime, endTime */
} window;

/* startTime a whole minute 30 to 31 minutes ahead, endTime 30 minutes after
 * it (both at the accepted side of their bounds). */
static window next_window(jc_ctx *ctx)
{
    window w;
    w.now = jc_endpoint_now(ctx, NULL);
    w.start = (w.now / 60 + 31) * 60;
    w.end = w.start + 30 * 60;
    return w;
}

static const char *window_config(jc_ctx *ctx, const window *w, const char *behavior)
{
    return jc_str(ctx, "\"schedulingConfig\":{\"startTime\":\"%s\",\"endTime\":\"%s\",\"endBehavior\":\"%s\"}",
                  jc_iso_minute(ctx, w->start), jc_iso_minute(ctx, w->end), behavior);
}

/* Moves the endpoint's clock to `at` + slack seconds (from the window's now,
 * which advances with it). */
static void advance_to(jc_ctx *ctx, window *w, long long at, long long slack)
{
    long long secs = at + slack - w->now;
    if (secs > 0) jc_advance(ctx, (long)(secs * 1000));
    w->now = at + slack;
}

/* A SNAPSHOT job on three things with a window ending in `behavior`: at
 * startTime t0 is driven IN_PROGRESS and t1 SUCCEEDED, t2 stays QUEUED; a
 * minute before endTime nothing has changed; after endTime the job and its
 * executions are as the behavior says. */
static void end_behavior_case(jc_ctx *ctx, const char *behavior)
{
    window w = next_window(ctx);
    const char *arn[3], *things[3];
    for (int i = 0; i < 3; i++) things[i] = jc_create_thing(ctx, "t", &arn[i]);
    const char *targets[] = {arn[0], arn[1], arn[2], NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, jc_str(ctx, "{%s}", window_config(ctx, &w, behavior)));
    advance_to(ctx, &w, w.start, 5);
    JC_REQUIRE(ctx, jc_wait_job_status(ctx, job, "IN_PROGRESS", jc_settle_ms(ctx)),
               "the job is %s after its startTime, expected IN_PROGRESS", jc_str_or(jc_job_status(ctx, job)));
    jc_drive(ctx, things[0], job, "IN_PROGRESS");
    jc_drive(ctx, things[1], job, "SUCCEEDED");
    advance_to(ctx, &w, w.end, -60);
    jc_req_scope(ctx, "RO-012");
    const char *st = jc_job_status(ctx, job);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "the job is %s a minute before its endTime (endBehavior %s), expected "
             "IN_PROGRESS", jc_str_or(st), behavior);
    jc_expect_execution_status(ctx, things[2], job, "QUEUED");
    jc_expect_execution_status(ctx, things[0], job, "IN_PROGRESS");
    advance_to(ctx, &w, w.end, 60);
    bool cancel = strcmp(behavior, "STOP_ROLLOUT") != 0, force = strcmp(behavior, "FORCE_CANCEL") == 0;
    if (cancel) {
        JC_CHECK(ctx, jc_wait_job_status(ctx, job, "CANCELED", jc_settle_ms(ctx)),
                 "the job is %s after its endTime with endBehavior %s, expected CANCELED",
                 jc_str_or(jc_job_status(ctx, job)), behavior);
        jc_expect_execution_becomes(ctx, things[2], job, "CANCELED", jc_settle_ms(ctx),
                                    jc_str(ctx, "after endTime with endBehavior %s (QUEUED)", behavior));
        if (force)
            jc_expect_execution_becomes(ctx, things[0], job, "CANCELED", jc_settle_ms(ctx),
                                        "after endTime with endBehavior FORCE_CANCEL (IN_PROGRESS)");
        else
            jc_expect_execution_status(ctx, things[0], job, "IN_PROGRESS");
    } else {
        st = jc_job_status(ctx, job);
        JC_CHECK(ctx, !jc_streq(st, "CANCELED"), "the job is CANCELED after its endTime with endBehavior STOP_ROLLOUT, "
                 "which only stops the rollout");
        jc_expect_execution_status(ctx, things[2], job, "QUEUED");
        jc_expect_execution_status(ctx, things[0], job, "IN_PROGRESS");
    }
    jc_expect_execution_status(ctx, things[1], job, "SUCCEEDED");
    jc_req_scope(ctx, NULL);
}

static void s_end_cancel(jc_ctx *ctx) { end_behavior_case(ctx, "CANCEL"); }
static void s_end_force_cancel(jc_ctx *ctx) { end_behavior_case(ctx, "FORCE_CANCEL"); }
static void s_end_stop_rollout_snapshot(jc_ctx *ctx) { end_behavior_case(ctx, "STOP_ROLLOUT"); }

/* A CONTINUOUS job with a window ending in STOP_ROLLOUT: a thing joining its
 * group inside the window gets an execution, one joining after endTime gets
 * none, and the executions already there are kept. */
static void s_end_stop_rollout_continuous(jc_ctx *ctx)
{
    window w = next_window(ctx);
    const char *garn = NULL;
    const char *group = jc_create_group(ctx, "g", &garn);
    const char *first = jc_create_thing(ctx, "first", NULL);
    jc_add_thing_to_group(ctx, group, first);
    const char *targets[] = {garn, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets,
                                    jc_str(ctx, "{\"targetSelection\":\"CONTINUOUS\",%s}",
                                           window_config(ctx, &w, "STOP_ROLLOUT")));
    advance_to(ctx, &w, w.start, 5);
    JC_REQUIRE(ctx, jc_wait_job_status(ctx, job, "IN_PROGRESS", jc_settle_ms(ctx)),
               "the job is %s after its startTime, expected IN_PROGRESS", jc_str_or(jc_job_status(ctx, job)));
    jc_expect_execution_status(ctx, first, job, "QUEUED");
    const char *inside = jc_create_thing(ctx, "inside", NULL);
    jc_add_thing_to_group(ctx, group, inside);
    jc_expect_execution_becomes(ctx, inside, job, "QUEUED", jc_settle_ms(ctx), "joining the group inside the window");
    advance_to(ctx, &w, w.end, 60);
    const char *after = jc_create_thing(ctx, "after", NULL);
    jc_add_thing_to_group(ctx, group, after);
    jc_advance(ctx, 1000);
    const char *st = jc_execution_status(ctx, after, job);
    JC_CHECK_REQ(ctx, "RO-012", st == NULL, "a thing joining the group after endTime (STOP_ROLLOUT) got an execution "
                 "(%s), expected none", jc_str_or(st));
    JC_CHECK_REQ(ctx, "RO-012", jc_streq(jc_execution_status(ctx, first, job), "QUEUED"),
                 "the execution queued before endTime is %s after STOP_ROLLOUT, expected QUEUED",
                 jc_str_or(jc_execution_status(ctx, first, job)));
    JC_CHECK_REQ(ctx, "RO-012", !jc_streq(jc_job_status(ctx, job), "CANCELED"),
                 "the job is CANCELED after endTime with endBehavior STOP_ROLLOUT");
}

/* CreateJob on a new thing with the schedulingConfig members given: 200, or
 * InvalidRequestException 400 and no job. */
static void window_side(jc_ctx *ctx, const char *members, bool accepted, const char *what)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_create_job_with(ctx, id, jc_new_target(ctx), jc_str(ctx, "\"schedulingConfig\":{%s}", members));
    if (accepted) {
        JC_CHECK(ctx, r->status == 200, "%s: HTTP %d %s, expected 200", what, r->status, jc_str_or(r->error_code));
        return;
    }
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "%s: HTTP %d %s, expected InvalidRequestException 400", what, r->status, jc_str_or(r->error_code));
    if (!jc_is_2xx(r)) jc_expect_no_job(ctx, id, what);
}

/* The 30-minute rule on both sides (RO-010), and endTime's bounds (RO-013):
 * 30 minutes after startTime is accepted, 29 refused; an endTime that is not
 * a date is refused; more than two years ahead is refused; a leap day within
 * two years is accepted as endTime (startTime reaches only one year). */
static void s_schedule_window_bounds(jc_ctx *ctx)
{
    long long now = jc_endpoint_now(ctx, NULL);
    long long start = (now / 60 + 31) * 60; /* 30 to 31 minutes ahead */
    const char *s = jc_iso_minute(ctx, start);
    jc_req_scope(ctx, "RO-010");
    window_side(ctx, jc_str(ctx, "\"startTime\":\"%s\"", s), true, "startTime 30 to 31 minutes ahead");
    window_side(ctx, jc_str(ctx, "\"startTime\":\"%s\"", jc_iso_minute(ctx, (now / 60 + 29) * 60)), false,
                "startTime 28 to 29 minutes ahead");
    jc_req_scope(ctx, "RO-013");
    window_side(ctx, jc_str(ctx, "\"startTime\":\"%s\",\"endTime\":\"%s\"", s, jc_iso_minute(ctx, start + 30 * 60)), true,
                "endTime 30 minutes after startTime");
    window_side(ctx, jc_str(ctx, "\"startTime\":\"%s\",\"endTime\":\"%s\"", s, jc_iso_minute(ctx, start + 29 * 60)), false,
                "endTime 29 minutes after startTime");
    window_side(ctx, jc_str(ctx, "\"startTime\":\"%s\",\"endTime\":\"%s\"", s, jc_iso_minute(ctx, start - 60)), false,
                "endTime before startTime");
    long long two_years = 2 * 365LL * 86400;
    window_side(ctx, jc_str(ctx, "\"startTime\":\"%s\",\"endTime\":\"%s\"", s,
                            jc_iso_minute(ctx, (now / 60) * 60 + two_years - 86400)), true,
                "endTime a day short of two years ahead");
    window_side(ctx, jc_str(ctx, "\"startTime\":\"%s\",\"endTime\":\"%s\"", s,
                            jc_iso_minute(ctx, (now / 60) * 60 + two_years + 3 * 86400)), false,
                "endTime more than two years ahead");
    time_t tt = (time_t)now;
    struct tm t;
    JC_REQUIRE(ctx, gmtime_r(&tt, &t) != NULL, "harness: gmtime of %lld", now);
    int y = t.tm_year + 1900;
    /* February 30 never exists; February 29 of the next common year (within a year) neither */
    window_side(ctx, jc_str(ctx, "\"startTime\":\"%s\",\"endTime\":\"%04d-02-30T12:00\"", s, y + 1), false,
                "endTime February 30");
    for (int yy = y; yy <= y + 2; yy++) {
        if (!leap_year(yy)) continue;
        struct tm leap = {.tm_year = yy - 1900, .tm_mon = 1, .tm_mday = 29, .tm_hour = 12};
        long long at = (long long)timegm(&leap);
        if (at < start + 31 * 60 || at > now + two_years - 86400) continue;
        window_side(ctx, jc_str(ctx, "\"startTime\":\"%s\",\"endTime\":\"%04d-02-29T12:00\"", s, yy), true,
                    "endTime on a leap day");
    }
    jc_req_scope(ctx, "RO-011");
    /* no minute has a 61st second: HH:MM:60 is refused whatever seconds the endpoint accepts */
    window_side(ctx, jc_str(ctx, "\"startTime\":\"%s:60\"", jc_iso_minute(ctx, start + 60)), false,
                "startTime with second 60");
    jc_req_scope(ctx, NULL);
}

/* ---- abortConfig: the threshold to the hundredth (RO-003, RO-005) ----- */

static void s_abort_threshold_hundredths(jc_ctx *ctx)
{
    const char *a[4], *b[4]; /* the fourth thing keeps each job from completing */
    const char *above = jc_job_on_things(ctx, 4, a, abort_config(ctx, "FAILED", "33.34", 3));
    const char *at = jc_job_on_things(ctx, 4, b, abort_config(ctx, "FAILED", "33.33", 3));
    jc_drive(ctx, a[0], above, "FAILED");
    jc_drive(ctx, a[1], above, "SUCCEEDED");
    jc_drive(ctx, a[2], above, "SUCCEEDED");
    jc_req_scope(ctx, "RO-005");
    expect_not_aborted(ctx, above, "with 1 FAILED of 3 executed (33.33...%) and thresholdPercentage 33.34");
    jc_drive(ctx, b[0], at, "SUCCEEDED");
    jc_drive(ctx, b[1], at, "SUCCEEDED");
    expect_not_aborted(ctx, at, "with 0 FAILED of 2 executed and minNumberOfExecutedThings 3");
    jc_drive(ctx, b[2], at, "FAILED");
    jc_req_scope(ctx, "RO-003");
    expect_aborted(ctx, at, "with 1 FAILED of 3 executed (33.33...%) and thresholdPercentage 33.33");
    jc_req_scope(ctx, NULL);
}

/* A TIMED_OUT criterion counts timed-out executions only: two FAILED do not
 * abort it, one TIMED_OUT of three executed (33 %) reaches 30 %. */
static void s_abort_timed_out(jc_ctx *ctx)
{
    const char *things[4]; /* the fourth stays QUEUED so the job cannot complete */
    const char *job = jc_job_on_things(ctx, 4, things, abort_config(ctx, "TIMED_OUT", "30", 2));
    jc_drive(ctx, things[0], job, "FAILED");
    jc_drive(ctx, things[1], job, "FAILED");
    jc_req_scope(ctx, "RO-005");
    expect_not_aborted(ctx, job, "with 2 FAILED and a criterion on TIMED_OUT");
    jc_response *r = jc_call(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", things[2], job), NULL,
                             "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":1}");
    JC_REQUIRE(ctx, r->status == 200, "UpdateJobExecution IN_PROGRESS stepTimeoutInMinutes 1: HTTP %d %s", r->status,
               jc_str_or(r->error_code));
    jc_advance(ctx, 61000);
    (void)jc_describe_job(ctx, job); /* reading the job lets a lazy server fire the timer */
    const char *st = jc_execution_status(ctx, things[2], job);
    if (!jc_streq(st, "TIMED_OUT")) jc_skip(ctx, "setup: the step timer left the execution %s, not TIMED_OUT",
                                         jc_str_or(st));
    jc_req_scope(ctx, "RO-003");
    expect_aborted(ctx, job, "with 1 TIMED_OUT of 3 executed (33%) and thresholdPercentage 30");
    jc_req_scope(ctx, NULL);
}

static const jc_scenario s_table[] = {
    {"rollout.max-per-minute-first", "maximumPerMinute 2 creates at most 2 of 5 executions at first", "RO-001",
     "rollout", 0, s_max_per_minute_first,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing")},
    {"rollout.max-per-minute-rest-follow", "With maximumPerMinute 2 the other executions follow minute by minute",
     "RO-001", "rollout", JC_NEEDS_CLOCK, s_max_per_minute_rest_follow,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing")},
    {"rollout.canceled-mid-rollout", "CancelJob during a rollout at 1 a minute: no more executions afterwards, and "
     "the job deletes to the end", "CN-002,DL-009,CN-001", "rollout,lifecycle", JC_NEEDS_CLOCK, s_canceled_mid_rollout,
     JC_OPS("CancelJob,DeleteJob", "CreateJob,DescribeJob,DescribeJobExecution,GetJobDocument,ListJobExecutionsForJob,CreateThing")},
    {"rollout.exponential-starts-at-base", "An exponential rollout starts at baseRatePerMinute", "RO-002", "rollout",
     0, s_exponential_starts_at_base,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing")},
    {"rollout.exponential-grows", "The rollout rate grows once rateIncreaseCriteria is met", "RO-002", "rollout",
     JC_NEEDS_CLOCK, s_exponential_grows,
     JC_OPS("", "CreateJob,DescribeJobExecution,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.abort-at-threshold", "abortConfig cancels the job with a reasonCode when the FAILED share reaches the "
     "threshold", "RO-003,RO-005", "abort", 0, s_abort_at_threshold,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.abort-not-before-min", "No abort before minNumberOfExecutedThings executions finished", "RO-005,RO-003",
     "abort", 0, s_abort_not_before_min,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.abort-below-threshold", "No abort while the failure share is below thresholdPercentage",
     "RO-005,RO-003", "abort", 0, s_abort_below_threshold,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.abort-queued-only", "An abort cancels QUEUED executions and leaves IN_PROGRESS ones running", "RO-004",
     "abort", 0, s_abort_queued_only,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.abort-all-counts-every-failure", "failureType ALL counts FAILED and REJECTED together", "RO-003",
     "abort", 0, s_abort_all_counts_every_failure,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.abort-type-mismatch", "A criterion on REJECTED ignores FAILED executions", "RO-003,RO-005", "abort", 0,
     s_abort_type_mismatch,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.retry-after-failed", "A FAILED execution with a FAILED retry criterion gets a new QUEUED attempt",
     "RO-006,RO-007", "retry", 0, s_retry_after_failed,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.retry-limit", "numberOfRetries 2 gives two retries and no third", "RO-008", "retry", 0, s_retry_limit,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.retry-zero", "numberOfRetries 0 gives no retry", "RO-008", "retry", 0, s_retry_zero,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.retry-type-mismatch", "FAILED is not retried by a TIMED_OUT criterion and REJECTED never is",
     "RO-006", "retry", 0, s_retry_type_mismatch,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.retry-after-timed-out", "A TIMED_OUT execution with a TIMED_OUT retry criterion gets a new attempt",
     "RO-006,RO-007", "retry,timers", JC_NEEDS_CLOCK, s_retry_after_timed_out,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.scheduled-no-executions", "A job scheduled 40 minutes ahead is SCHEDULED with no executions",
     "RO-009,RO-010",
     "scheduling", 0, s_scheduled_no_executions,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,ListJobExecutionsForJob,CreateThing")},
    {"rollout.scheduled-starts", "A SCHEDULED job becomes IN_PROGRESS with executions at startTime, not before",
     "RO-009", "scheduling", JC_NEEDS_CLOCK, s_scheduled_starts,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,ListJobExecutionsForJob,CreateThing")},
    {"rollout.schedule-calendar", "startTime on the last day of each month (and 23:59) is accepted; the day after it, "
     "February 29 of a common year, month 13 or 0, hour 24 and minute 60 give InvalidRequestException 400",
     "RO-011", "scheduling,limits,negative", 0, s_schedule_calendar,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing")},
    {"rollout.schedule-too-soon", "A startTime 20 minutes ahead gives InvalidRequestException 400", "RO-010",
     "scheduling,negative", 0, s_schedule_too_soon,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"rollout.exponential-notified-grows", "With rateIncreaseCriteria numberOfNotifiedThings the rate grows with no "
     "execution finished, starting at baseRatePerMinute", "RO-002", "rollout", JC_NEEDS_CLOCK,
     s_exponential_notified_grows,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing")},
    {"rollout.exponential-factor", "Once numberOfSucceededThings is met the rate is baseRatePerMinute times "
     "incrementFactor (2 x 1.5: 3 a minute)", "RO-002", "rollout", JC_NEEDS_CLOCK, s_exponential_factor,
     JC_OPS("", "CreateJob,DescribeJobExecution,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.exponential-stays-at-base", "Until rateIncreaseCriteria is met every minute notifies exactly "
     "baseRatePerMinute things", "RO-002", "rollout", JC_NEEDS_CLOCK, s_exponential_stays_at_base,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing")},
    {"rollout.end-cancel", "At endTime with endBehavior CANCEL the job is CANCELED with its QUEUED executions; "
     "IN_PROGRESS and finished ones are kept, and nothing changes a minute before", "RO-012", "scheduling",
     JC_NEEDS_CLOCK, s_end_cancel,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.end-force-cancel", "At endTime with endBehavior FORCE_CANCEL the job and its QUEUED and IN_PROGRESS "
     "executions are CANCELED; finished ones are kept", "RO-012", "scheduling", JC_NEEDS_CLOCK, s_end_force_cancel,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.end-stop-rollout", "At endTime with endBehavior STOP_ROLLOUT a SNAPSHOT job is not canceled and its "
     "executions are kept", "RO-012", "scheduling", JC_NEEDS_CLOCK, s_end_stop_rollout_snapshot,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.end-stop-rollout-continuous", "After endTime with STOP_ROLLOUT a thing joining the CONTINUOUS job's "
     "group gets no execution; one joining inside the window got one", "RO-012,LC-005", "scheduling,lifecycle",
     JC_NEEDS_CLOCK, s_end_stop_rollout_continuous,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"rollout.schedule-window-bounds", "startTime 30-31 minutes ahead is accepted and 28-29 refused; endTime 30 "
     "minutes after startTime, under two years ahead or on a leap day is accepted; 29 minutes after, before "
     "startTime, over two years ahead, February 30 or second 60 give InvalidRequestException 400",
     "RO-010,RO-011,RO-013", "scheduling,limits,negative", 0, s_schedule_window_bounds,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing")},
    {"rollout.abort-threshold-hundredths", "1 FAILED of 3 aborts at thresholdPercentage 33.33 (once 3 executed) "
     "and not at 33.34", "RO-003,RO-005", "abort,limits", 0, s_abort_threshold_hundredths,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.abort-timed-out", "A TIMED_OUT abort criterion ignores FAILED executions and counts a TIMED_OUT one",
     "RO-003,RO-005", "abort,timers", JC_NEEDS_CLOCK, s_abort_timed_out,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.retry-ten", "numberOfRetries 10 (the largest) gives ten retries and no eleventh", "RO-008",
     "retry,limits", 0, s_retry_ten,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.retry-all", "A retry criterion ALL retries a FAILED execution as many times as it says",
     "RO-006,RO-008", "retry", 0, s_retry_all,
     JC_OPS("", "CreateJob,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.deleted-before-its-turn", "A target deleted while waiting in a rollout of 1 a minute gets no execution, "
     "and the job completes once the other targets finished", "RO-001,LC-007,LC-003", "rollout,lifecycle",
     JC_NEEDS_CLOCK, s_deleted_before_its_turn,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,ListJobExecutionsForJob,CreateThing,DeleteThing,iot-jobs-data UpdateJobExecution")},
    {"rollout.processing-targets", "jobProcessDetails.processingTargets lists targets while a rollout of 1 a minute "
     "is under way, and is absent, null or empty once it reached every target", "RO-014", "rollout", JC_NEEDS_CLOCK,
     s_processing_targets,
     JC_OPS("", "CreateJob,DescribeJob,ListJobExecutionsForJob,CreateThing")},
};

JC_SUITE(rollout, "Rollout", s_table);
