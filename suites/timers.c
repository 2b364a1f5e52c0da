/* Timers suite: the in-progress timeout (timeoutConfig), the step timer
 * (stepTimeoutInMinutes), how they combine, and
 * approximateSecondsBeforeTimedOut. Every scenario that waits for a timer
 * moves the endpoint's clock with jc_advance (JC_NEEDS_CLOCK). */
#include <string.h>

#include "jc_support.h"

/* The execution is still `want` now (a timer must not have fired). The
 * scenario set `want` itself: a server that shows changes late may first
 * show the status before it, so the read is polled until `want`; a timer
 * that fired never gives it back. */
static void expect_still(jc_ctx *ctx, const char *thing, const char *job, const char *want, const char *when)
{
    jc_wait_execution_status(ctx, thing, job, want);
    const char *st = jc_execution_status(ctx, thing, job);
    JC_CHECK(ctx, jc_streq(st, want), "execution is %s %s, expected still %s", jc_str_or(st), when, want);
}

/* The execution becomes `want` (at once on a virtual clock, eventually
 * elsewhere). */
static bool expect_becomes(jc_ctx *ctx, const char *thing, const char *job, const char *want, const char *when)
{
    return jc_expect_execution_becomes(ctx, thing, job, want, jc_settle_ms(ctx), when);
}

static const char *job_with_timeout(jc_ctx *ctx, int minutes, const char **thing)
{
    return jc_job_with(ctx, jc_str(ctx, "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":%d}}", minutes), thing);
}

/* Data-plane UpdateJobExecution IN_PROGRESS with a step timer (200 required). */
static void in_progress_step(jc_ctx *ctx, const char *thing, const char *job, long step)
{
    jc_response *r = jc_call(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL,
                             jc_str(ctx, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":%ld}", step));
    JC_REQUIRE(ctx, r->status == 200, "UpdateJobExecution IN_PROGRESS stepTimeoutInMinutes %ld: HTTP %d %s", step,
               r->status, jc_str_or(r->error_code));
}

static bool counter_is(jc_ctx *ctx, jc_response *d, const char *name, double want)
{
    double v = -1;
    bool ok = jc_json_number(d, jc_str(ctx, "job.jobProcessDetails.%s", name), &v);
    return JC_CHECK(ctx, ok && v == want, "jobProcessDetails.%s is %g, expected %g", name, ok ? v : -1.0, want);
}

/* Several step timers set in decreasing order of deadline (4, 3, 2 and 1
 * minutes, on four things) run out one a minute, the last set first: each
 * minute exactly the executions whose step timer ran out are TIMED_OUT
 * (TM-002), whatever order the timers were set in. */
static void s_step_timers_in_order(jc_ctx *ctx)
{
    const char *things[4];
    const char *job = jc_job_on_things(ctx, 4, things, NULL);
    for (int i = 0; i < 4; i++) in_progress_step(ctx, things[i], job, 4 - i);
    for (int minute = 1; minute <= 4; minute++) {
        jc_advance(ctx, minute == 1 ? 61000 : 60000);
        for (int i = 0; i < 4; i++) {
            bool due = 4 - i <= minute;
            const char *when = jc_str(ctx, "%d min after a step timer of %d min (timers of 4, 3, 2, 1 min set in that "
                                      "order)", minute, 4 - i);
            if (due) expect_becomes(ctx, things[i], job, "TIMED_OUT", when);
            else expect_still(ctx, things[i], job, "IN_PROGRESS", when);
        }
    }
}

/* ---- in-progress timeout ----------------------------------------------- */

static void s_in_progress_expires(jc_ctx *ctx)
{
    jc_req_scope(ctx, "TM-001");
    const char *thing = NULL;
    const char *job = job_with_timeout(ctx, 1, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_advance(ctx, 61000);
    JC_REQUIRE(ctx, expect_becomes(ctx, thing, job, "TIMED_OUT", "61 s after IN_PROGRESS with a 1-minute timeout"),
               "the in-progress timeout did not fire");
    jc_response *d = jc_describe_job_holding(ctx, job, "job", /* a read after a change */
                                             "\"jobProcessDetails\":{\"numberOfTimedOutThings\":1,"
                                             "\"numberOfInProgressThings\":0}");
    jc_req_scope(ctx, "LC-008"); /* the counters follow (SHOULD); the timeout itself is TM-001 */
    counter_is(ctx, d, "numberOfTimedOutThings", 1);
    counter_is(ctx, d, "numberOfInProgressThings", 0);
}

static void s_in_progress_not_before(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = job_with_timeout(ctx, 2, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_advance(ctx, 110000);
    expect_still(ctx, thing, job, "IN_PROGRESS", "110 s into a 2-minute in-progress timeout");
    jc_advance(ctx, 11000);
    expect_becomes(ctx, thing, job, "TIMED_OUT", "121 s into a 2-minute in-progress timeout");
}

static void s_queued_never_times_out(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = job_with_timeout(ctx, 1, &thing);
    jc_advance(ctx, 120000);
    expect_still(ctx, thing, job, "QUEUED", "2 minutes after queuing with a 1-minute in-progress timeout");
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_advance(ctx, 50000);
    expect_still(ctx, thing, job, "IN_PROGRESS", "50 s after IN_PROGRESS (the timer starts there, not at queuing)");
    jc_advance(ctx, 11000);
    expect_becomes(ctx, thing, job, "TIMED_OUT", "61 s after IN_PROGRESS");
}

/* ---- step timer -------------------------------------------------------- */

static void s_step_expires_start_next(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_job_with(ctx, NULL, &thing);
    const char *path = jc_str(ctx, "%s/jobs/$next", jc_path(ctx, "/things/%s", thing));
    jc_response *r = jc_call(ctx, JC_DATA, "PUT", path, NULL, "{\"stepTimeoutInMinutes\":1}");
    jc_require_status(ctx, r, 200);
    JC_REQUIRE(ctx, jc_streq(jc_json_string(r, "execution.jobId"), job), "StartNext returned job %s, expected %s",
               jc_str_or(jc_json_string(r, "execution.jobId")), job);
    jc_advance(ctx, 50000);
    expect_still(ctx, thing, job, "IN_PROGRESS", "50 s into a 1-minute step timer");
    jc_advance(ctx, 11000);
    expect_becomes(ctx, thing, job, "TIMED_OUT", "61 s into a 1-minute step timer set by StartNext");
}

static void s_step_expires_update(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_job_with(ctx, NULL, &thing);
    in_progress_step(ctx, thing, job, 1);
    jc_advance(ctx, 61000);
    expect_becomes(ctx, thing, job, "TIMED_OUT", "61 s into a 1-minute step timer set by UpdateJobExecution");
}

static void s_step_replaced(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_job_with(ctx, NULL, &thing);
    in_progress_step(ctx, thing, job, 1);
    jc_advance(ctx, 40000);
    in_progress_step(ctx, thing, job, 2); /* new deadline: 40 s + 120 s */
    jc_advance(ctx, 40000);
    expect_still(ctx, thing, job, "IN_PROGRESS", "80 s after a 1-minute step timer that a 2-minute one replaced at 40 s");
    jc_advance(ctx, 90000);
    expect_becomes(ctx, thing, job, "TIMED_OUT", "130 s into the replacing 2-minute step timer");
}

/* A step timer replaced by a longer one while another execution's timer
 * runs: the other one still runs out at its own deadline and the replaced
 * one at its new deadline (TM-002, TM-003). On a virtual clock every timer
 * of the endpoint first runs out (a week and a minute: no timer is longer),
 * so that these two are the only ones running, whatever the run did before. */
static void s_step_replaced_beside_other(jc_ctx *ctx)
{
    if (jc_has_virtual_clock(ctx)) jc_advance(ctx, (10080L + 1) * 60000);
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    in_progress_step(ctx, things[0], job, 2);
    in_progress_step(ctx, things[1], job, 3);
    in_progress_step(ctx, things[0], job, 5); /* now the later of the two */
    jc_advance(ctx, 3 * 60000 + 1000);
    expect_becomes(ctx, things[1], job, "TIMED_OUT", "3 min after its 3-minute step timer, beside a timer that was "
                   "replaced by a longer one");
    expect_still(ctx, things[0], job, "IN_PROGRESS", "3 min after a 2-minute step timer was replaced by a 5-minute one");
    jc_advance(ctx, 2 * 60000);
    expect_becomes(ctx, things[0], job, "TIMED_OUT", "5 min after its step timer was replaced by a 5-minute one");
}

static void s_step_canceled(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_job_with(ctx, NULL, &thing);
    in_progress_step(ctx, thing, job, 1);
    jc_advance(ctx, 30000);
    in_progress_step(ctx, thing, job, -1);
    jc_advance(ctx, 120000);
    expect_still(ctx, thing, job, "IN_PROGRESS", "150 s after a 1-minute step timer canceled with -1");
}

static void s_step_capped(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = job_with_timeout(ctx, 2, &thing);
    in_progress_step(ctx, thing, job, 10);
    jc_advance(ctx, 121000);
    expect_becomes(ctx, thing, job, "TIMED_OUT",
                   "121 s after IN_PROGRESS with a 2-minute in-progress timeout and a 10-minute step timer");
}

/* ---- approximateSecondsBeforeTimedOut ---------------------------------- */

static void s_approximate_seconds(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = job_with_timeout(ctx, 5, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_wait_execution_status(ctx, thing, job, "IN_PROGRESS"); /* a read after a change */
    jc_response *r = jc_require_execution(ctx, thing, job);
    double secs = -1;
    bool has = jc_json_number(r, "execution.approximateSecondsBeforeTimedOut", &secs);
    JC_CHECK(ctx, has && secs > 0 && secs <= 300,
             "approximateSecondsBeforeTimedOut is %s%g on an IN_PROGRESS execution with a 5-minute timeout, expected "
             "1..300", has ? "" : "absent/", secs);
    jc_device_update(ctx, thing, job, "SUCCEEDED", NULL);
    jc_wait_execution_status(ctx, thing, job, "SUCCEEDED");
    r = jc_require_execution(ctx, thing, job);
    JC_CHECK(ctx, jc_json_get(r->json, "execution.approximateSecondsBeforeTimedOut") == NULL,
             "approximateSecondsBeforeTimedOut is present on a SUCCEEDED execution");
}

/* A read after the clock moved: approximateSecondsBeforeTimedOut counted
 * down to at most `arg` seconds. */
static bool counted_down(jc_ctx *ctx, const jc_response *r, void *arg)
{
    (void)ctx;
    double secs = -1;
    return r->status == 200 && jc_json_number(r, "execution.approximateSecondsBeforeTimedOut", &secs) && secs > 0 &&
           secs <= *(const double *)arg;
}

static void s_approximate_seconds_counts_down(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = job_with_timeout(ctx, 5, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_advance(ctx, 120000);
    const double most = 180;
    jc_read_until(ctx, JC_CONTROL, jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL, counted_down, (void *)&most);
    jc_response *r = jc_require_execution(ctx, thing, job);
    double secs = -1;
    bool has = jc_json_number(r, "execution.approximateSecondsBeforeTimedOut", &secs);
    JC_CHECK(ctx, has && secs > 0 && secs <= 180,
             "approximateSecondsBeforeTimedOut is %s%g 120 s into a 5-minute timeout, expected 1..180",
             has ? "" : "absent/", secs);
    jc_advance(ctx, 181000);
    JC_REQUIRE(ctx, expect_becomes(ctx, thing, job, "TIMED_OUT", "301 s into a 5-minute timeout"),
               "the timeout did not fire");
    r = jc_require_execution(ctx, thing, job);
    JC_CHECK(ctx, jc_json_get(r->json, "execution.approximateSecondsBeforeTimedOut") == NULL,
             "approximateSecondsBeforeTimedOut is present on a TIMED_OUT execution");
}

/* ---- UpdateJob timeoutConfig ------------------------------------------ */

static void s_update_applies_later(jc_ctx *ctx)
{
    const char *arns[3];
    const char *early = jc_create_thing(ctx, "early", &arns[0]);
    const char *late = jc_create_thing(ctx, "late", &arns[1]);
    arns[2] = NULL;
    const char *job = jc_create_job(ctx, NULL, NULL, arns, "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10}}");
    jc_device_update(ctx, early, job, "IN_PROGRESS", NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "PATCH", jc_path(ctx, "/jobs/%s", job), NULL,
                             "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1}}");
    JC_REQUIRE(ctx, r->status == 200, "UpdateJob timeoutConfig 1 minute: HTTP %d %s, expected 200", r->status,
               jc_str_or(r->error_code));
    jc_device_update(ctx, late, job, "IN_PROGRESS", NULL);
    jc_advance(ctx, 61000);
    expect_becomes(ctx, late, job, "TIMED_OUT", "61 s after IN_PROGRESS under the updated 1-minute timeout");
    expect_still(ctx, early, job, "IN_PROGRESS",
                 "61 s after the update (it started under the old 10-minute timeout)");
}


/* ---- the largest timers (TM-001, TM-002 at 10080 minutes) -------------- */

/* inProgressTimeoutInMinutes 10080 (a week) runs out at a week after
 * IN_PROGRESS, not a second earlier; a step timer of 10080 likewise. */
static void s_week_timers(jc_ctx *ctx)
{
    const long week_ms = 10080L * 60000L;
    const char *thing = NULL, *stepper = NULL;
    const char *job = job_with_timeout(ctx, 10080, &thing);
    const char *step_job = jc_job_with(ctx, NULL, &stepper);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    in_progress_step(ctx, stepper, step_job, 10080);
    jc_advance(ctx, week_ms - 2000);
    jc_req_scope(ctx, "TM-001");
    expect_still(ctx, thing, job, "IN_PROGRESS", "2 s before its 10080-minute in-progress timeout");
    jc_req_scope(ctx, "TM-002");
    expect_still(ctx, stepper, step_job, "IN_PROGRESS", "2 s before its 10080-minute step timer");
    jc_advance(ctx, 3000);
    jc_req_scope(ctx, "TM-001");
    expect_becomes(ctx, thing, job, "TIMED_OUT", "1 s after its 10080-minute in-progress timeout");
    jc_req_scope(ctx, "TM-002");
    expect_becomes(ctx, stepper, step_job, "TIMED_OUT", "1 s after its 10080-minute step timer");
    jc_req_scope(ctx, NULL);
}


/* Without an in-progress timeout or a step timer nothing will turn the
 * execution TIMED_OUT, so there are no seconds before it to estimate. */
static void s_approximate_seconds_no_timer(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_response *r = jc_require_execution(ctx, thing, job);
    const cJSON *v = jc_json_get(r->json, "execution.approximateSecondsBeforeTimedOut");
    JC_CHECK(ctx, v == NULL || cJSON_IsNull(v), "approximateSecondsBeforeTimedOut is %s on an IN_PROGRESS execution "
             "with no timer, expected absent", jc_json_text(ctx, v));
}

/* ---- several timers at once (TM-001, TM-002) ------------------------- */

typedef struct timed_exec {
    const char *thing, *job;
    long deadline_ms; /* after IN_PROGRESS */
    const char *timer, *req;
} timed_exec;

/* At `now_ms` after IN_PROGRESS, exactly the executions whose deadline has
 * passed are TIMED_OUT, the others still IN_PROGRESS. */
static void expect_due(jc_ctx *ctx, const timed_exec *x, size_t n, long now_ms)
{
    for (size_t i = 0; i < n; i++) {
        const char *when = jc_str(ctx, "%ld s after IN_PROGRESS, its %s running out at %ld s", now_ms / 1000,
                                  x[i].timer, x[i].deadline_ms / 1000);
        jc_req_scope(ctx, x[i].req);
        if (x[i].deadline_ms < now_ms)
            expect_becomes(ctx, x[i].thing, x[i].job, "TIMED_OUT", when);
        else
            expect_still(ctx, x[i].thing, x[i].job, "IN_PROGRESS", when);
    }
    jc_req_scope(ctx, NULL);
}

/* Four timers run out in deadline order, each at its own time: an
 * in-progress timeout of minutes[0] set first, then step timers of
 * minutes[1..3] in that order (all different, 1 to 4). */
static void deadlines_round(jc_ctx *ctx, const int minutes[4])
{
    static const char *const step_names[] = {"", "step timer of 1 minute", "step timer of 2 minutes",
                                              "step timer of 3 minutes", "step timer of 4 minutes"};
    const char *things[3];
    timed_exec x[4];
    x[0].job = job_with_timeout(ctx, minutes[0], &x[0].thing);
    x[0].deadline_ms = minutes[0] * 60000L;
    x[0].timer = jc_str(ctx, "in-progress timeout of %d minutes", minutes[0]);
    x[0].req = "TM-001";
    const char *job = jc_job_on_things(ctx, 3, things, NULL);
    for (int i = 1; i < 4; i++)
        x[i] = (timed_exec){things[i - 1], job, minutes[i] * 60000L, step_names[minutes[i]], "TM-002"};
    jc_device_update(ctx, x[0].thing, x[0].job, "IN_PROGRESS", NULL);
    for (int i = 1; i < 4; i++) in_progress_step(ctx, x[i].thing, x[i].job, minutes[i]);
    jc_advance(ctx, 61000);
    for (long t = 61000;; t += 60000) {
        expect_due(ctx, x, 4, t);
        if (t > 240000) break;
        jc_advance(ctx, 60000);
    }
}

/* Timers set longest first (a server that keeps them in the order they were
 * set fires none at the first deadline), then in an order where the
 * remaining timers must be reordered each time one fires. */
static void s_several_deadlines(jc_ctx *ctx)
{
    static const int longest_first[4] = {4, 3, 2, 1}, mixed[4] = {4, 1, 2, 3};
    deadlines_round(ctx, longest_first);
    deadlines_round(ctx, mixed);
}

/* ---- approximateSecondsBeforeTimedOut to the millisecond (TM-050) ------ */

typedef struct secs_range {
    long lo, hi;
} secs_range;

static bool secs_within(jc_ctx *ctx, const jc_response *r, void *arg)
{
    (void)ctx;
    const secs_range *w = arg;
    double s = -1;
    return r->status == 200 && jc_json_number(r, "execution.approximateSecondsBeforeTimedOut", &s) && s >= w->lo &&
           s <= w->hi;
}

/* With left_ms before the timeout, the estimate E in whole seconds has the
 * timeout come at or after it and at most 60 s later:
 * 1000 E <= left_ms <= 1000 E + 60000. */
static void expect_secs_at(jc_ctx *ctx, const char *thing, const char *job, long left_ms)
{
    secs_range w = {left_ms <= 60000 ? 0 : (left_ms - 60000 + 999) / 1000, left_ms / 1000};
    static const jc_plane planes[] = {JC_CONTROL, JC_DATA};
    for (int p = 0; p < (jc_has_data_plane(ctx) ? 2 : 1); p++) {
        jc_response *r = jc_read_until(ctx, planes[p], jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL,
                                       secs_within, &w);
        double s = -1;
        bool has = r->status == 200 && jc_json_number(r, "execution.approximateSecondsBeforeTimedOut", &s);
        JC_CHECK(ctx, has && s >= w.lo && s <= w.hi,
                 "%s DescribeJobExecution: approximateSecondsBeforeTimedOut is %s%g with %ld ms left before the "
                 "in-progress timeout, expected %ld..%ld (the timeout comes at or after the estimate, at most 60 s "
                 "later)", p ? "data-plane" : "control-plane", has ? "" : "absent/", s, left_ms, w.lo, w.hi);
    }
}

/* The clock is placed to the millisecond on both sides of whole seconds
 * before a week-long in-progress timeout: an estimate rounded up promises a
 * second that is not left. */
static void s_approximate_seconds_rounding(jc_ctx *ctx)
{
    if (!jc_has_virtual_clock(ctx)) jc_skip(ctx, "needs a virtual clock: the clock is placed to the millisecond");
    const long week_ms = 10080L * 60000L;
    const char *thing = NULL;
    const char *job = job_with_timeout(ctx, 10080, &thing);
    jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    jc_wait_execution_status(ctx, thing, job, "IN_PROGRESS"); /* a read after a change */
    expect_secs_at(ctx, thing, job, week_ms);
    static const long left[] = {60001, 60000, 1001, 1000, 999, 1};
    long now_left = week_ms;
    for (size_t i = 0; i < sizeof left / sizeof left[0]; i++) {
        jc_advance(ctx, now_left - left[i]);
        now_left = left[i];
        expect_secs_at(ctx, thing, job, now_left);
    }
    jc_req_scope(ctx, "TM-001");
    expect_still(ctx, thing, job, "IN_PROGRESS", "1 ms before its 10080-minute in-progress timeout");
    jc_req_scope(ctx, NULL);
    jc_advance(ctx, 1001);
    jc_req_scope(ctx, "TM-001");
    JC_REQUIRE(ctx, expect_becomes(ctx, thing, job, "TIMED_OUT", "1 s after its 10080-minute in-progress timeout"),
               "the in-progress timeout did not fire");
    jc_req_scope(ctx, "TM-006");
    jc_response *r = jc_require_execution(ctx, thing, job);
    JC_CHECK(ctx, jc_json_get(r->json, "execution.approximateSecondsBeforeTimedOut") == NULL,
             "approximateSecondsBeforeTimedOut is present on a TIMED_OUT execution");
    jc_req_scope(ctx, NULL);
}

static const jc_scenario s_table[] = {
    {"timers.step-timers-in-order", "Step timers of 4, 3, 2 and 1 minutes set in that order run out one a minute, "
     "each at its own deadline", "TM-002", "timers", JC_NEEDS_CLOCK, s_step_timers_in_order,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.in-progress-expires", "An execution IN_PROGRESS past inProgressTimeoutInMinutes becomes TIMED_OUT and "
     "is counted", "TM-001,LC-008", "timers", JC_NEEDS_CLOCK, s_in_progress_expires,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.in-progress-not-before-deadline", "The in-progress timeout does not fire before its deadline",
     "TM-001", "timers", JC_NEEDS_CLOCK, s_in_progress_not_before,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.queued-never-times-out", "A QUEUED execution does not time out; the timer starts at IN_PROGRESS",
     "TM-001", "timers", JC_NEEDS_CLOCK, s_queued_never_times_out,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.step-expires-start-next", "A step timer set by StartNextPendingJobExecution runs out: TIMED_OUT",
     "TM-002", "timers", JC_NEEDS_CLOCK, s_step_expires_start_next,
     JC_OPS("iot-jobs-data StartNextPendingJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"timers.step-expires-update", "A step timer set by UpdateJobExecution runs out: TIMED_OUT", "TM-002", "timers",
     JC_NEEDS_CLOCK, s_step_expires_update,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.step-replaced", "A new stepTimeoutInMinutes replaces the running step timer", "TM-003", "timers",
     JC_NEEDS_CLOCK, s_step_replaced,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.step-replaced-beside-other", "A step timer replaced by a longer one while another execution's timer "
     "runs: each runs out at its own deadline", "TM-002,TM-003", "timers", JC_NEEDS_CLOCK,
     s_step_replaced_beside_other,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.step-canceled", "stepTimeoutInMinutes -1 cancels the running step timer", "TM-003", "timers",
     JC_NEEDS_CLOCK, s_step_canceled,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.step-capped-by-in-progress", "A longer step timer does not extend the in-progress timeout", "TM-005",
     "timers", JC_NEEDS_CLOCK, s_step_capped,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.approximate-seconds", "approximateSecondsBeforeTimedOut is present while IN_PROGRESS with a timer and "
     "absent once SUCCEEDED", "TM-006", "timers", 0, s_approximate_seconds,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.approximate-seconds-counts-down", "approximateSecondsBeforeTimedOut shrinks as time passes and is "
     "absent once TIMED_OUT", "TM-006", "timers", JC_NEEDS_CLOCK, s_approximate_seconds_counts_down,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.update-applies-later", "An UpdateJob timeoutConfig applies to executions started after it, not to "
     "running ones", "UJ-004,TM-001", "timers", JC_NEEDS_CLOCK, s_update_applies_later,
     JC_OPS("UpdateJob", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.week-long", "inProgressTimeoutInMinutes 10080 and stepTimeoutInMinutes 10080 run out a week after "
     "IN_PROGRESS, not 2 s before", "TM-001,TM-002", "timers,limits", JC_NEEDS_CLOCK, s_week_timers,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.approximate-seconds-no-timer", "approximateSecondsBeforeTimedOut is absent on an IN_PROGRESS execution "
     "of a job without timeoutConfig and without a step timer", "TM-007", "timers", 0, s_approximate_seconds_no_timer,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    /* issue 11, timer survivors of the mutation campaign (killtimers) */
    {"timers.several-deadlines-in-order", "Four timers (in-progress 4 min, step timers of 3, 2, 1 min, then 1, 2, 3 "
     "min) run out in deadline order, each at its own time and none before", "TM-001,TM-002", "timers", JC_NEEDS_CLOCK,
     s_several_deadlines, JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"timers.approximate-seconds-rounding", "approximateSecondsBeforeTimedOut never promises a second that is not "
     "left: read at 1 ms, 999 ms, 1000 ms, 1001 ms, 60 s and a week before the timeout", "TM-050,TM-006,TM-001",
     "timers,limits", JC_NEEDS_CLOCK, s_approximate_seconds_rounding,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data DescribeJobExecution,iot-jobs-data UpdateJobExecution")},
};

JC_SUITE(timers, "Timers", s_table);
