/* DeleteJob suite (DELETE /jobs/{jobId}): force rules, the
 * DELETION_IN_PROGRESS state and what is refused during it, what is gone
 * afterwards, and the limit of 10 deletions in progress.
 *
 * Observing DELETION_IN_PROGRESS. The seed says the job shows that status
 * while it is being deleted, but a server may finish a deletion before the
 * next request arrives (DL-005 passes vacuously then). The scenarios decide:
 *   - on an endpoint with a virtual clock (jobsref), deletions complete only
 *     when the clock moves, so a job WITH executions must be seen
 *     DELETION_IN_PROGRESS right after the DeleteJob;
 *   - elsewhere, or for a job without executions (nothing to delete first,
 *     so instant completion is plausible anywhere), right after DeleteJob the
 *     job must be DELETION_IN_PROGRESS or already gone (404) -- never its
 *     earlier status;
 *   - scenarios that need the state to last (delete or cancel during the
 *     deletion, the limit of 10) SKIP when the deletion completed before it
 *     could be used: that failure is reported by
 *     deletejob.deletion-in-progress-visible alone. */
#include <string.h>

#include "jc_support.h"

#define MAX_THINGS 4

/* The errors DeleteJob's and CancelJob's models list (for the [R] refusals). */
static const char *const delete_codes[] = {"InvalidStateTransitionException", "InvalidRequestException",
                                           "ResourceNotFoundException", "LimitExceededException", NULL};
static const char *const cancel_codes[] = {"InvalidRequestException", "ResourceNotFoundException",
                                           "LimitExceededException", NULL};

static jc_response *delete_job(jc_ctx *ctx, const char *job, const char *query)
{
    return jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", job), query, NULL);
}

static void require_accepted(jc_ctx *ctx, const jc_response *r, const char *job)
{
    JC_REQUIRE(ctx, jc_is_2xx(r), "DeleteJob %s: HTTP %d %s %s, expected 2xx", job, r->status, jc_str_or(r->error_code),
               jc_str_or(r->message));
}

static jc_response *get_job(jc_ctx *ctx, const char *job)
{
    return jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", job), NULL, NULL);
}

/* DescribeJob status, or NULL when the job is gone (404). */
static const char *status_or_gone(jc_ctx *ctx, const char *job)
{
    jc_response *r = get_job(ctx, job);
    if (r->status == 404) return NULL;
    JC_REQUIRE(ctx, r->status == 200, "DescribeJob %s: HTTP %d %s, expected 200 or 404", job, r->status,
               jc_str_or(r->error_code));
    const char *st = jc_json_string(r, "job.status");
    return st ? st : "(absent)";
}

/* A job just deleted must be in DELETION_IN_PROGRESS for the scenario to go
 * on: a failure on a virtual clock, a SKIP elsewhere when it is gone. */
static void require_deleting(jc_ctx *ctx, const char *job)
{
    const char *st = status_or_gone(ctx, job);
    if (!st)
        jc_skip(ctx, "the deletion of %s completed before DELETION_IN_PROGRESS could be used%s", job,
                jc_has_virtual_clock(ctx) ? " although the clock did not move: see "
                                            "deletejob.deletion-in-progress-visible" : "");
    JC_REQUIRE(ctx, jc_streq(st, "DELETION_IN_PROGRESS"), "job %s status is %s right after DeleteJob, expected "
               "DELETION_IN_PROGRESS", job, st);
}

typedef struct job_scan {
    const char *job, *found;
    int deleting;
} job_scan;

static void scan_summary(jc_ctx *ctx, const cJSON *item, void *arg)
{
    job_scan *s = arg;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "jobId");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(item, "status");
    if (cJSON_IsString(st) && strcmp(st->valuestring, "DELETION_IN_PROGRESS") == 0) s->deleting++;
    if (s->job && cJSON_IsString(id) && strcmp(id->valuestring, s->job) == 0)
        s->found = cJSON_IsString(st) ? jc_str(ctx, "%s", st->valuestring) : "(no status)";
}

/* Walks every ListJobs page (no filter: the status filter is another
 * scenario's business) and returns the status of jobId's summary, NULL when
 * it is not listed. When deleting is not NULL it receives the number of
 * summaries with status DELETION_IN_PROGRESS. */
static const char *list_jobs_status(jc_ctx *ctx, const char *job, int *deleting)
{
    job_scan s = {job, NULL, 0};
    jc_walk w;
    /* the account may hold any number of jobs: keep none (no jobId starts
     * with '.'), read each through scan_summary */
    jc_list_spec spec = {.path = "/jobs", .array = "jobs", .key = "jobId", .max_results = 250, .stem = ".",
                         .max_pages = 100, .each = scan_summary, .arg = &s};
    jc_list_walk(ctx, &spec, &w);
    if (deleting) *deleting = s.deleting;
    return s.found;
}

/* ListJobs until it shows the job DELETION_IN_PROGRESS (a read after a
 * change); found: the last status listed, NULL when not listed. */
typedef struct listed_wait {
    const char *job, *found;
} listed_wait;

static bool listed_deleting(jc_ctx *ctx, void *arg)
{
    listed_wait *l = arg;
    l->found = list_jobs_status(ctx, l->job, NULL);
    return jc_streq(l->found, "DELETION_IN_PROGRESS");
}

/* Brings a job to COMPLETED through its one thing; SKIPs when the endpoint
 * does not complete it (lifecycle.* covers that). */
static const char *completed_job(jc_ctx *ctx, const char **thing)
{
    const char *job = jc_create_job_on_new_thing(ctx, thing);
    jc_finish_execution(ctx, *thing, job, "SUCCEEDED"); /* CANCELED without a data plane */
    jc_wait_job_status(ctx, job, "COMPLETED", 0); /* a read after a change */
    const char *st = jc_json_string(jc_describe_job(ctx, job), "job.status");
    if (!jc_streq(st, "COMPLETED")) jc_skip(ctx, "the job did not become COMPLETED (status %s)", jc_str_or(st));
    return job;
}

static void s_in_progress_without_force(jc_ctx *ctx)
{
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    /* the job is IN_PROGRESS from its creation; a running execution is a
       stronger case, reached only through a device */
    if (jc_has_data_plane(ctx)) jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    jc_response *r = delete_job(ctx, job, NULL);
    jc_expect_error(ctx, r, "InvalidStateTransitionException", 409);
    const char *st = status_or_gone(ctx, job);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "after a refused DeleteJob the job is %s, expected IN_PROGRESS",
             st ? st : "gone (404)");
    jc_response *e = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", things[1], job), NULL, NULL);
    JC_CHECK(ctx, e->status == 200 && jc_streq(jc_json_string(e, "execution.status"), "QUEUED"),
             "after a refused DeleteJob the QUEUED execution answers HTTP %d status %s, expected QUEUED", e->status,
             jc_str_or(jc_json_string(e, "execution.status")));
}

static void s_force_false_refused(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *r = delete_job(ctx, job, "force=false");
    jc_expect_error(ctx, r, "InvalidStateTransitionException", 409);
    const char *st = status_or_gone(ctx, job);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "after a refused DeleteJob the job is %s, expected IN_PROGRESS",
             st ? st : "gone (404)");
}

static void s_in_progress_with_force(jc_ctx *ctx)
{
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    /* without a data plane both executions stay QUEUED: the rule (force
       deletes the job with its active executions) is reached all the same */
    if (jc_has_data_plane(ctx)) jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    require_accepted(ctx, delete_job(ctx, job, "force=true"), job);
    jc_wait_job_gone(ctx, job);
    for (int i = 0; i < 2; i++) {
        jc_response *e =
            jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", things[i], job), NULL, NULL);
        JC_CHECK(ctx, e->status == 404, "the %s execution on %s answers HTTP %d after the forced deletion, "
                 "expected 404", i == 0 ? "IN_PROGRESS" : "QUEUED", things[i], e->status);
    }
}

static void s_completed_without_force(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = completed_job(ctx, &thing);
    require_accepted(ctx, delete_job(ctx, job, NULL), job);
    jc_wait_job_gone(ctx, job);
}

static void s_canceled_without_force(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    jc_cancel_job_ok(ctx, job);
    require_accepted(ctx, delete_job(ctx, job, NULL), job);
    jc_wait_job_gone(ctx, job);
}

static void s_deletion_in_progress_visible(jc_ctx *ctx)
{
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    if (jc_has_data_plane(ctx)) jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    require_accepted(ctx, delete_job(ctx, job, "force=true"), job);
    const char *st = status_or_gone(ctx, job);
    if (jc_has_virtual_clock(ctx)) {
        JC_REQUIRE(ctx, jc_streq(st, "DELETION_IN_PROGRESS"),
                   "right after DeleteJob (clock not moved) the job is %s, expected DELETION_IN_PROGRESS",
                   st ? st : "gone (404)");
        listed_wait l = {job, NULL};
        jc_poll(ctx, 0, 50, listed_deleting, &l);
        const char *listed = l.found;
        JC_CHECK(ctx, jc_streq(listed, "DELETION_IN_PROGRESS"),
                 "ListJobs shows job %s as %s right after DeleteJob, expected DELETION_IN_PROGRESS", job,
                 listed ? listed : "(not listed)");
    } else {
        JC_CHECK(ctx, !st || jc_streq(st, "DELETION_IN_PROGRESS"),
                 "right after DeleteJob the job is %s, expected DELETION_IN_PROGRESS or gone", jc_str_or(st));
    }
}

static void s_deletion_without_executions(jc_ctx *ctx)
{
    const char *garn = NULL;
    jc_create_group(ctx, "empty", &garn);
    const char *targets[] = {garn, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, NULL);
    require_accepted(ctx, delete_job(ctx, job, "force=true"), job);
    const char *st = status_or_gone(ctx, job);
    JC_CHECK(ctx, !st || jc_streq(st, "DELETION_IN_PROGRESS"),
             "right after DeleteJob the job (no executions) is %s, expected DELETION_IN_PROGRESS or gone", jc_str_or(st));
    jc_wait_job_gone(ctx, job);
}

static void s_delete_during_deletion(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    require_accepted(ctx, delete_job(ctx, job, "force=true"), job);
    require_deleting(ctx, job);
    jc_response *r = delete_job(ctx, job, "force=true");
    jc_req_scope(ctx, "DL-007"); /* the error type: a SHOULD */
    jc_expect_error_in(ctx, r, delete_codes);
    jc_req_scope(ctx, NULL);
    JC_CHECK_REQ(ctx, "DL-006", r->status >= 400 && r->status < 500, "DeleteJob during DELETION_IN_PROGRESS gave HTTP %d, "
                 "expected a 4xx", r->status);
    r = delete_job(ctx, job, NULL);
    JC_CHECK_REQ(ctx, "DL-006", r->status >= 400 && r->status < 500, "DeleteJob without force during DELETION_IN_PROGRESS "
                 "gave HTTP %d, expected a 4xx", r->status);
    jc_req_scope(ctx, "DL-007");
    jc_expect_error_in(ctx, r, delete_codes);
    jc_req_scope(ctx, NULL);
}

/* DL-010: the data plane over a job being deleted. The execution takes no
 * new status; each refusal is an error type the operation's model lists,
 * with its own status. */
static void s_data_plane_during_deletion(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    require_accepted(ctx, delete_job(ctx, job, "force=true"), job);
    require_deleting(ctx, job);
    const char *exec_path = jc_path(ctx, "/things/%s/jobs/%s", thing, job);
    static const char *const update_codes[] = {"InvalidStateTransitionException", "InvalidRequestException",
                                               "ResourceNotFoundException", NULL};
    jc_response *u = jc_call(ctx, JC_DATA, "POST", exec_path, NULL, "{\"status\":\"IN_PROGRESS\"}");
    jc_expect_error_in(ctx, u, update_codes);
    jc_response *d = jc_call(ctx, JC_DATA, "GET", exec_path, NULL, NULL);
    if (jc_is_2xx(d)) {
        const char *st = jc_json_string(d, "execution.status");
        JC_CHECK(ctx, jc_streq(st, "QUEUED"), "DescribeJobExecution during the deletion shows %s, expected QUEUED "
                 "(the refused update changed nothing)", jc_str_or(st));
    } else {
        jc_expect_error(ctx, d, "ResourceNotFoundException", 404);
    }
    const char *next_path = jc_str(ctx, "%s/jobs/$next", jc_path(ctx, "/things/%s", thing));
    jc_response *n = jc_call(ctx, JC_DATA, "PUT", next_path, NULL, "{}");
    jc_require_status(ctx, n, 200);
    const char *got = jc_json_string(n, "execution.jobId");
    JC_CHECK(ctx, !jc_streq(got, job), "StartNextPendingJobExecution handed out the execution of job %s, which is "
             "being deleted", job);
    jc_response *p = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    jc_require_status(ctx, p, 200);
    const char *text = jc_str(ctx, "%s %s", jc_member_text(ctx, p, "queuedJobs"),
                              jc_member_text(ctx, p, "inProgressJobs"));
    JC_CHECK(ctx, !strstr(text, jc_str(ctx, "\"%s\"", job)),
             "GetPendingJobExecutions lists job %s, which is being deleted: %.300s", job, text);
}

static void s_cancel_during_deletion(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    require_accepted(ctx, delete_job(ctx, job, "force=true"), job);
    require_deleting(ctx, job);
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", job), NULL, "{}");
    jc_req_scope(ctx, "CN-010"); /* the error type: a SHOULD */
    jc_expect_error_in(ctx, r, cancel_codes);
    jc_req_scope(ctx, NULL);
    JC_CHECK_REQ(ctx, "CN-009", r->status >= 400 && r->status < 500, "CancelJob during DELETION_IN_PROGRESS gave HTTP %d, "
                 "expected a 4xx", r->status);
    const char *st = status_or_gone(ctx, job);
    JC_CHECK(ctx, !st || jc_streq(st, "DELETION_IN_PROGRESS"),
             "after CancelJob during the deletion the job is %s, expected DELETION_IN_PROGRESS or gone", jc_str_or(st));
}

static void s_gone_after_deletion(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    require_accepted(ctx, delete_job(ctx, job, "force=true"), job);
    jc_wait_job_gone(ctx, job);
    jc_expect_error(ctx, get_job(ctx, job), "ResourceNotFoundException", 404);
    jc_response *doc = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", job), NULL, NULL);
    jc_expect_error(ctx, doc, "ResourceNotFoundException", 404);
    const char *listed = list_jobs_status(ctx, job, NULL);
    JC_CHECK(ctx, listed == NULL, "ListJobs still lists job %s (status %s) after its deletion completed", job,
             jc_str_or(listed));
}

static void s_executions_gone(jc_ctx *ctx)
{
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    jc_finish_execution(ctx, things[0], job, "SUCCEEDED"); /* a terminal and a QUEUED execution */
    require_accepted(ctx, delete_job(ctx, job, "force=true"), job);
    jc_wait_job_gone(ctx, job);
    for (int i = 0; i < 2; i++) {
        jc_response *e =
            jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", things[i], job), NULL, NULL);
        jc_expect_error(ctx, e, "ResourceNotFoundException", 404);
        jc_response *l = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", things[i]), NULL, NULL);
        jc_require_status(ctx, l, 200);
        const cJSON *s;
        cJSON_ArrayForEach(s, jc_json_array(l, "executionSummaries"))
        {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "jobId");
            JC_CHECK(ctx, !(cJSON_IsString(id) && strcmp(id->valuestring, job) == 0),
                     "ListJobExecutionsForThing %s still lists an execution of deleted job %s", things[i], job);
        }
    }
}

static void s_reuse_id(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = completed_job(ctx, &thing);
    require_accepted(ctx, delete_job(ctx, job, NULL), job);
    jc_wait_job_gone(ctx, job);
    const char *targets[] = {jc_thing_arn(ctx, thing), NULL};
    jc_create_job(ctx, job, NULL, targets, NULL);
    jc_wait_job_status(ctx, job, "IN_PROGRESS", 0); /* a read after a change: the 404 may linger */
    const char *st = jc_json_string(jc_describe_job(ctx, job), "job.status");
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "the re-created job is %s, expected IN_PROGRESS", jc_str_or(st));
}

static void s_unknown_job(jc_ctx *ctx)
{
    jc_expect_error(ctx, delete_job(ctx, jc_name(ctx, "nojob"), "force=true"), "ResourceNotFoundException", 404);
}

/* ---- 10 concurrent deletions ------------------------------------------- */

/* Counts the jobs of the account in DELETION_IN_PROGRESS. */
static int count_deleting(jc_ctx *ctx)
{
    int n = 0;
    list_jobs_status(ctx, NULL, &n);
    return n;
}

static bool none_deleting(jc_ctx *ctx, void *arg)
{
    (void)arg;
    if (count_deleting(ctx) == 0) return true;
    jc_advance(ctx, 1000);
    return false;
}

typedef struct any_gone {
    const char **jobs;
    int n;
} any_gone;

/* Moves the clock first (where there is one) and then looks, as
 * jc_job_gone does: a poll then needs no sleep after the move. */
static bool one_deletion_done(jc_ctx *ctx, void *arg)
{
    any_gone *g = arg;
    if (jc_has_virtual_clock(ctx)) jc_advance(ctx, 1000);
    for (int i = 0; i < g->n; i++)
        if (get_job(ctx, g->jobs[i])->status == 404) return true;
    return false;
}

#define LIMIT 10

static void s_ten_deletions_limit(jc_ctx *ctx)
{
    JC_REQUIRE(ctx, jc_poll(ctx, 0, 50, none_deleting, NULL),
               "jobs of the account stay DELETION_IN_PROGRESS past the poll deadline: cannot start from zero");
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *jobs[LIMIT + 1];
    for (int i = 0; i <= LIMIT; i++) jobs[i] = jc_create_job(ctx, NULL, NULL, targets, NULL);
    for (int i = 0; i < LIMIT; i++) {
        jc_response *r = delete_job(ctx, jobs[i], "force=true");
        if (jc_is_2xx(r)) continue;
        int busy = count_deleting(ctx);
        if (busy >= LIMIT) jc_skip(ctx, "other deletions in progress (%d) took the quota", busy);
        JC_REQUIRE(ctx, false, "DeleteJob #%d gave HTTP %d %s with %d jobs DELETION_IN_PROGRESS, expected 2xx",
                   i + 1, r->status, jc_str_or(r->error_code), busy);
    }
    int before = 0;
    for (int i = 0; i < LIMIT; i++)
        if (jc_streq(status_or_gone(ctx, jobs[i]), "DELETION_IN_PROGRESS")) before++;
    if (before < LIMIT)
        jc_skip(ctx, "only %d of the 10 deleted jobs are DELETION_IN_PROGRESS: deletions do not last long enough "
                "to test the limit (see deletejob.deletion-in-progress-visible)", before);
    jc_response *r = delete_job(ctx, jobs[LIMIT], "force=true");
    if (jc_is_2xx(r)) {
        int still = 0;
        for (int i = 0; i < LIMIT; i++)
            if (jc_streq(status_or_gone(ctx, jobs[i]), "DELETION_IN_PROGRESS")) still++;
        if (still < LIMIT && !jc_has_virtual_clock(ctx))
            jc_skip(ctx, "deletions completed before the 11th DeleteJob (%d of 10 still in progress)", still);
        JC_REQUIRE(ctx, false, "the 11th DeleteJob was accepted while 10 jobs were DELETION_IN_PROGRESS (%d still "
                   "are), expected LimitExceededException 410", still);
    }
    jc_expect_error(ctx, r, "LimitExceededException", 410);
    const char *st = status_or_gone(ctx, jobs[LIMIT]);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "the job refused by the limit is %s, expected IN_PROGRESS",
             st ? st : "gone (404)");
    /* other side of the boundary: once one deletion completes, it is accepted */
    any_gone g = {jobs, LIMIT};
    JC_REQUIRE(ctx, jc_poll(ctx, 0, 50, one_deletion_done, &g), "no deletion completed within the poll deadline");
    r = delete_job(ctx, jobs[LIMIT], "force=true");
    JC_CHECK(ctx, jc_is_2xx(r), "DeleteJob after a deletion completed gave HTTP %d %s, expected 2xx", r->status,
             jc_str_or(r->error_code));
}

static const jc_scenario s_table[] = {
    {"deletejob.in-progress-without-force",
     "DeleteJob of an IN_PROGRESS job without force gives InvalidStateTransitionException 409; job and executions "
     "unchanged",
     "DL-002", "negative", 0, s_in_progress_without_force,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"deletejob.force-false-refused", "DeleteJob ?force=false of an IN_PROGRESS job gives "
     "InvalidStateTransitionException 409", "DL-002,DL-004", "negative", 0, s_force_false_refused,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,CreateThing")},
    {"deletejob.in-progress-with-force",
     "DeleteJob ?force=true deletes an IN_PROGRESS job with its QUEUED and IN_PROGRESS executions", "DL-003,DL-004",
     "lifecycle", 0, s_in_progress_with_force,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"deletejob.completed-without-force", "A COMPLETED job is deleted without force", "DL-001", "lifecycle", 0,
     s_completed_without_force,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"deletejob.canceled-without-force", "A CANCELED job is deleted without force", "DL-001", "lifecycle", 0,
     s_canceled_without_force,
     JC_OPS("DeleteJob", "CancelJob,CreateJob,DescribeJob,CreateThing")},
    {"deletejob.deletion-in-progress-visible",
     "Right after DeleteJob a job with executions is DELETION_IN_PROGRESS (required on a virtual clock; "
     "elsewhere DELETION_IN_PROGRESS or gone)",
     "DL-005", "lifecycle", JC_NEEDS_STILL_CLOCK, s_deletion_in_progress_visible,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,ListJobs,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"deletejob.deletion-without-executions",
     "Right after DeleteJob a job without executions is DELETION_IN_PROGRESS or gone, never its earlier status",
     "DL-005,DL-001", "lifecycle", 0, s_deletion_without_executions,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,CreateThingGroup")},
    {"deletejob.delete-during-deletion",
     "DeleteJob of a DELETION_IN_PROGRESS job fails with a 4xx DeleteJob's model lists", "DL-006,DL-007",
     "negative", JC_NEEDS_STILL_CLOCK, s_delete_during_deletion,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,CreateThing")},
    {"deletejob.data-plane-during-deletion",
     "Over a DELETION_IN_PROGRESS job, UpdateJobExecution is refused with a model-listed error (its status), "
     "DescribeJobExecution shows it unchanged or 404, StartNext and GetPendingJobExecutions skip it", "DL-010",
     "negative,lifecycle", JC_NEEDS_STILL_CLOCK, s_data_plane_during_deletion,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,CreateThing,iot-jobs-data GetPendingJobExecutions,iot-jobs-data StartNextPendingJobExecution,iot-jobs-data DescribeJobExecution,iot-jobs-data UpdateJobExecution")},
    {"deletejob.cancel-during-deletion",
     "CancelJob of a DELETION_IN_PROGRESS job fails with a 4xx CancelJob's model lists", "CN-009,CN-010",
     "negative", JC_NEEDS_STILL_CLOCK, s_cancel_during_deletion,
     JC_OPS("DeleteJob", "CancelJob,CreateJob,DescribeJob,CreateThing")},
    {"deletejob.gone-after-deletion",
     "After deletion DescribeJob and GetJobDocument give ResourceNotFoundException 404 and ListJobs omits the job",
     "DL-009,DJ-002", "lifecycle", 0, s_gone_after_deletion,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,GetJobDocument,ListJobs,CreateThing")},
    {"deletejob.executions-gone",
     "After deletion the job's executions are gone from DescribeJobExecution and ListJobExecutionsForThing",
     "DL-009", "lifecycle", 0, s_executions_gone,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,DescribeJobExecution,ListJobExecutionsForThing,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"deletejob.reuse-id", "A jobId deleted without force can be reused once the deletion completed", "CJ-005,DL-001",
     "lifecycle", 0, s_reuse_id,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"deletejob.unknown-job", "DeleteJob of an unknown jobId gives ResourceNotFoundException 404", "WIRE-012",
     "negative", 0, s_unknown_job,
     JC_OPS("DeleteJob", "")},
    {"deletejob.ten-deletions-limit",
     "10 deletions in progress are accepted, the 11th gives LimitExceededException 410, and is accepted once one "
     "completes",
     "DL-008", "limits,negative", JC_NEEDS_CLOCK, s_ten_deletions_limit,
     JC_OPS("DeleteJob", "CreateJob,DescribeJob,ListJobs,CreateThing")},
};

JC_SUITE(deletejob, "DeleteJob", s_table);
