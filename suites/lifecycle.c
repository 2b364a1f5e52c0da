/* Job lifecycle suite: SNAPSHOT completion, CONTINUOUS jobs and group
 * membership, group targets, and the jobProcessDetails counters after every
 * step of multi-thing scenarios. */
#include <string.h>

#include "jc_support.h"

#define MAX_THINGS 8

/* ---- SNAPSHOT completion ----------------------------------------------- */

/* The job's status now; "COMPLETED" also requires completedAt >= createdAt. */
static void expect_completed(jc_ctx *ctx, const char *job)
{
    jc_response *d = jc_describe_job_holding(ctx, job, "job", "\"status\":\"COMPLETED\""); /* read after a change */
    const char *st = jc_json_string(d, "job.status");
    JC_CHECK(ctx, jc_streq(st, "COMPLETED"), "job %s is %s once every execution is terminal, expected COMPLETED", job,
             jc_str_or(st));
    double created = 0, completed = 0;
    bool has_created = jc_json_number(d, "job.createdAt", &created);
    JC_CHECK(ctx, jc_json_number(d, "job.completedAt", &completed), "job.completedAt is absent or not a number");
    JC_CHECK(ctx, !has_created || completed >= created, "job.completedAt %f is earlier than createdAt %f", completed,
             created);
}

static void expect_in_progress(jc_ctx *ctx, const char *job, const char *when)
{
    jc_response *d = jc_describe_job(ctx, job);
    const char *st = jc_json_string(d, "job.status");
    double c;
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "job %s is %s %s, expected IN_PROGRESS", job, jc_str_or(st), when);
    JC_CHECK(ctx, !jc_json_number(d, "job.completedAt", &c), "job.completedAt is set %s", when);
}

/* A SNAPSHOT job on n things driven to the given statuses one by one: still
 * IN_PROGRESS before the last, COMPLETED after it. */
static void snapshot_through(jc_ctx *ctx, size_t n, const char *const *statuses)
{
    const char *things[MAX_THINGS];
    const char *job = jc_job_on_things(ctx, n, things, NULL);
    for (size_t i = 0; i < n; i++) {
        if (i > 0) expect_in_progress(ctx, job, jc_str(ctx, "with %zu of %zu executions terminal", i, n));
        jc_drive(ctx, things[i], job, statuses[i]);
    }
    expect_completed(ctx, job);
}

static void s_completes_succeeded(jc_ctx *ctx)
{
    static const char *const st[] = {"SUCCEEDED", "SUCCEEDED"};
    snapshot_through(ctx, 2, st);
}

static void s_completes_failed(jc_ctx *ctx)
{
    static const char *const st[] = {"FAILED", "FAILED"};
    snapshot_through(ctx, 2, st);
}

static void s_completes_rejected(jc_ctx *ctx)
{
    static const char *const st[] = {"REJECTED"};
    snapshot_through(ctx, 1, st);
}

static void s_completes_mixed(jc_ctx *ctx)
{
    static const char *const st[] = {"SUCCEEDED", "FAILED", "REJECTED", "CANCELED"};
    snapshot_through(ctx, 4, st);
}

static void s_completes_by_execution_cancel(jc_ctx *ctx)
{
    static const char *const st[] = {"CANCELED", "CANCELED"};
    snapshot_through(ctx, 2, st);
}

static void s_not_completed_while_pending(jc_ctx *ctx)
{
    const char *things[3];
    const char *job = jc_job_on_things(ctx, 3, things, NULL);
    jc_finish_execution(ctx, things[0], job, "SUCCEEDED"); /* CANCELED without a data plane */
    if (!jc_has_data_plane(ctx)) {
        expect_in_progress(ctx, job, "with one execution terminal and two QUEUED");
        jc_note(ctx, "no data plane: the IN_PROGRESS execution was not checked");
        return;
    }
    jc_drive(ctx, things[1], job, "IN_PROGRESS");
    expect_in_progress(ctx, job, "with one execution IN_PROGRESS and one QUEUED");
    jc_drive(ctx, things[2], job, "FAILED");
    expect_in_progress(ctx, job, "with one execution IN_PROGRESS");
}

static void s_is_concurrent(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *d = jc_describe_job(ctx, job);
    const cJSON *ic = jc_json_get(d->json, "job.isConcurrent");
    JC_CHECK(ctx, ic == NULL || cJSON_IsBool(ic), "job.isConcurrent is not a boolean");
    jc_finish_execution(ctx, thing, job, "SUCCEEDED");
    d = jc_describe_job_holding(ctx, job, "job", "\"status\":\"COMPLETED\""); /* a read after a change */
    ic = jc_json_get(d->json, "job.isConcurrent");
    JC_CHECK(ctx, ic == NULL || cJSON_IsFalse(ic),
             "job.isConcurrent is %s once the job is finished (nothing rolling out or canceling), expected false",
             cJSON_IsTrue(ic) ? "true" : "not a boolean");
}

static void s_created_in_progress(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    expect_in_progress(ctx, job, "right after CreateJob without schedulingConfig");
    jc_expect_execution_status(ctx, thing, job, "QUEUED");
}

/* The status ListJobExecutionsForJob gives the execution on thingArn. */
static const char *listed_status(jc_ctx *ctx, const char *job, const char *thing_arn)
{
    jc_response *l = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", job), "maxResults=250", NULL);
    jc_require_status(ctx, l, 200);
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(l, "executionSummaries"))
    {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(it, "thingArn");
        const cJSON *st = jc_json_get(it, "jobExecutionSummary.status");
        if (cJSON_IsString(a) && strcmp(a->valuestring, thing_arn) == 0)
            return cJSON_IsString(st) ? st->valuestring : "(no status)";
    }
    return NULL;
}

static void s_thing_deleted_removed(jc_ctx *ctx)
{
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    jc_finish_execution(ctx, things[1], job, "SUCCEEDED"); /* the job stays IN_PROGRESS on things[0] */
    const char *arn = jc_thing_arn(ctx, things[0]);
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/things/%s", things[0]), NULL, NULL);
    JC_REQUIRE(ctx, jc_is_2xx(r), "DeleteThing %s: HTTP %d %s", things[0], r->status, jc_str_or(r->error_code));
    const char *st = listed_status(ctx, job, arn);
    JC_CHECK(ctx, jc_streq(st, "REMOVED"), "the QUEUED execution of the deleted thing is listed as %s, expected "
             "REMOVED", st ? st : "(not listed)");
}

/* ---- CONTINUOUS -------------------------------------------------------- */

static void s_continuous_never_completes(jc_ctx *ctx)
{
    const char *things[2], *group = NULL;
    const char *job = jc_continuous_on_group(ctx, 2, things, &group);
    jc_finish_execution(ctx, things[0], job, "SUCCEEDED");
    jc_finish_execution(ctx, things[1], job, "FAILED");
    expect_in_progress(ctx, job, "(CONTINUOUS) with every execution terminal");
}

static void s_continuous_join(jc_ctx *ctx)
{
    const char *things[1], *group = NULL;
    const char *job = jc_continuous_on_group(ctx, 1, things, &group);
    const char *late = jc_create_thing(ctx, "late", NULL);
    jc_add_thing_to_group(ctx, group, late);
    jc_expect_execution_status(ctx, late, job, "QUEUED");
}

static void s_continuous_leave_queued(jc_ctx *ctx)
{
    const char *things[2], *group = NULL;
    const char *job = jc_continuous_on_group(ctx, 2, things, &group);
    jc_remove_from_group(ctx, group, things[0]);
    jc_expect_execution_status(ctx, things[0], job, "REMOVED");
    jc_expect_execution_status(ctx, things[1], job, "QUEUED");
}

static void s_continuous_leave_in_progress(jc_ctx *ctx)
{
    const char *things[1], *group = NULL;
    const char *job = jc_continuous_on_group(ctx, 1, things, &group);
    jc_drive(ctx, things[0], job, "IN_PROGRESS");
    jc_remove_from_group(ctx, group, things[0]);
    jc_expect_execution_status(ctx, things[0], job, "REMOVED");
}

static void s_continuous_leave_terminal_kept(jc_ctx *ctx)
{
    const char *things[1], *group = NULL;
    const char *job = jc_continuous_on_group(ctx, 1, things, &group);
    const char *done = jc_finish_execution(ctx, things[0], job, "SUCCEEDED");
    jc_remove_from_group(ctx, group, things[0]);
    jc_expect_execution_status(ctx, things[0], job, done);
}

/* ---- targets ----------------------------------------------------------- */

static void s_group_targets_resolve(jc_ctx *ctx)
{
    const char *garn = NULL, *tarn = NULL;
    const char *group = jc_create_group(ctx, "g", &garn);
    const char *members[2];
    for (int i = 0; i < 2; i++) {
        members[i] = jc_create_thing(ctx, "member", NULL);
        jc_add_thing_to_group(ctx, group, members[i]);
    }
    const char *direct = jc_create_thing(ctx, "direct", &tarn);
    const char *outsider = jc_create_thing(ctx, "outsider", NULL);
    const char *targets[] = {garn, tarn, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, NULL);
    for (int i = 0; i < 2; i++) jc_expect_execution_status(ctx, members[i], job, "QUEUED");
    jc_expect_execution_status(ctx, direct, job, "QUEUED");
    jc_response *r = jc_describe_execution(ctx, outsider, job, NULL);
    JC_CHECK(ctx, r->status == 404, "a thing outside the targets answers HTTP %d for the job, expected 404",
             r->status);
    double q = -1;
    jc_json_number(jc_describe_job_holding(ctx, job, "job", "\"jobProcessDetails\":{\"numberOfQueuedThings\":3}"),
                   "job.jobProcessDetails.numberOfQueuedThings", &q); /* a read after a change */
    JC_CHECK(ctx, q == 3, "numberOfQueuedThings is %g, expected 3 (two group members and one thing)", q);
}

static void s_default_snapshot(jc_ctx *ctx)
{
    const char *garn = NULL;
    const char *group = jc_create_group(ctx, "g", &garn);
    const char *first = jc_create_thing(ctx, "t", NULL);
    jc_add_thing_to_group(ctx, group, first);
    const char *targets[] = {garn, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, NULL);
    const char *sel = jc_json_string(jc_describe_job(ctx, job), "job.targetSelection");
    JC_CHECK_REQ(ctx, "CJ-009", jc_streq(sel, "SNAPSHOT"), "job.targetSelection is %s, expected SNAPSHOT",
                 jc_str_or(sel));
    const char *late = jc_create_thing(ctx, "late", NULL);
    jc_add_thing_to_group(ctx, group, late);
    jc_response *r = jc_describe_execution(ctx, late, job, NULL);
    JC_CHECK_REQ(ctx, "LC-006", r->status == 404, "a thing that joined the group of a SNAPSHOT job later answers HTTP %d (%s), "
             "expected 404: no execution", r->status, jc_str_or(jc_json_string(r, "execution.status")));
}

/* ---- counters ---------------------------------------------------------- */

enum { NSTATUS = 8 };
static const char *const k_status[NSTATUS] = {"QUEUED",   "IN_PROGRESS", "SUCCEEDED", "FAILED",
                                              "REJECTED", "TIMED_OUT",   "REMOVED",   "CANCELED"};
static const char *const k_counter[NSTATUS] = {
    "numberOfQueuedThings",   "numberOfInProgressThings", "numberOfSucceededThings", "numberOfFailedThings",
    "numberOfRejectedThings", "numberOfTimedOutThings",   "numberOfRemovedThings",   "numberOfCanceledThings"};

typedef struct counters {
    const char *job;
    int want[NSTATUS];
    const char *listing_req; /* the MUST the listed executions prove (LX-001, CN-002) */
    const char *problem;
    const char *problem_req; /* DJ-004 (a counter missing), LC-008 (a count), listing_req */
} counters;

static int status_index(const char *s)
{
    for (int i = 0; i < NSTATUS; i++)
        if (jc_streq(s, k_status[i])) return i;
    return -1;
}

/* Counters and listed executions both equal the expectation. */
static bool counters_match(jc_ctx *ctx, void *arg)
{
    counters *c = arg;
    jc_response *d = jc_describe_job(ctx, c->job);
    for (int i = 0; i < NSTATUS; i++) {
        double v = -1;
        bool present = jc_json_number(d, jc_str(ctx, "job.jobProcessDetails.%s", k_counter[i]), &v);
        if (!present || v != c->want[i]) {
            c->problem_req = present ? "LC-008" : "DJ-004";
            c->problem = jc_str(ctx, "jobProcessDetails.%s is %s, expected %d", k_counter[i],
                                present ? jc_str(ctx, "%g", v) : "absent or not a number", c->want[i]);
            return false;
        }
    }
    jc_response *l = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", c->job), "maxResults=250", NULL);
    jc_require_status(ctx, l, 200);
    int listed[NSTATUS] = {0};
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(l, "executionSummaries"))
    {
        const cJSON *st = jc_json_get(it, "jobExecutionSummary.status");
        int k = cJSON_IsString(st) ? status_index(st->valuestring) : -1;
        if (k < 0) {
            c->problem_req = c->listing_req;
            c->problem = "ListJobExecutionsForJob has a summary without a valid status";
            return false;
        }
        listed[k]++;
    }
    for (int i = 0; i < NSTATUS; i++) {
        if (listed[i] != c->want[i]) {
            c->problem_req = c->listing_req;
            c->problem = jc_str(ctx, "ListJobExecutionsForJob lists %d %s executions, expected %d", listed[i],
                                k_status[i], c->want[i]);
            return false;
        }
    }
    return true;
}

/* Checks the counters after a step: they must be exact within the poll
 * deadline (LC-008: "at the latest once the job has been quiet"), on any
 * server, jobsref's async profile too. Ends the scenario on a mismatch:
 * later steps would only repeat it. */
static void expect_counters(jc_ctx *ctx, counters *c, const char *step)
{
    c->problem = NULL;
    c->problem_req = NULL;
    bool ok = jc_poll(ctx, 0, 0, counters_match, c);
    /* the failed check names its requirement (a miscount is LC-008, SHOULD) */
    JC_REQUIRE_REQ(ctx, ok ? "LC-008" : c->problem_req, ok, "after %s: %s", step, jc_str_or(c->problem));
}

static void move(counters *c, const char *from, const char *to)
{
    if (from) c->want[status_index(from)]--;
    if (to) c->want[status_index(to)]++;
}

static void s_counters_continuous(jc_ctx *ctx)
{
    enum { N = 6 };
    const char *things[N], *group = NULL;
    const char *job = jc_continuous_on_group(ctx, N, things, &group);
    counters c = {job, {N, 0, 0, 0, 0, 0, 0, 0}, "LX-001", NULL, NULL};
    expect_counters(ctx, &c, "creation (6 QUEUED)");

    jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    move(&c, "QUEUED", "IN_PROGRESS");
    expect_counters(ctx, &c, "thing 1 IN_PROGRESS");
    jc_device_update(ctx, things[0], job, "SUCCEEDED", NULL);
    move(&c, "IN_PROGRESS", "SUCCEEDED");
    expect_counters(ctx, &c, "thing 1 SUCCEEDED");

    jc_device_update(ctx, things[1], job, "IN_PROGRESS", NULL);
    move(&c, "QUEUED", "IN_PROGRESS");
    expect_counters(ctx, &c, "thing 2 IN_PROGRESS");
    jc_device_update(ctx, things[1], job, "FAILED", NULL);
    move(&c, "IN_PROGRESS", "FAILED");
    expect_counters(ctx, &c, "thing 2 FAILED");

    jc_device_update(ctx, things[2], job, "REJECTED", NULL);
    move(&c, "QUEUED", "REJECTED");
    expect_counters(ctx, &c, "thing 3 REJECTED from QUEUED");

    jc_drive(ctx, things[3], job, "CANCELED");
    move(&c, "QUEUED", "CANCELED");
    expect_counters(ctx, &c, "CancelJobExecution of thing 4");

    jc_device_update(ctx, things[4], job, "IN_PROGRESS", NULL);
    move(&c, "QUEUED", "IN_PROGRESS");
    expect_counters(ctx, &c, "thing 5 IN_PROGRESS");
    jc_remove_from_group(ctx, group, things[4]);
    jc_wait_execution_status(ctx, things[4], job, "REMOVED"); /* a read after a change */
    jc_response *e = jc_describe_execution(ctx, things[4], job, NULL);
    if (!jc_streq(jc_json_string(e, "execution.status"), "REMOVED"))
        jc_skip(ctx, "leaving the group did not make the execution REMOVED (see lifecycle.continuous-leave-*); "
                "the counters matched up to here");
    move(&c, "IN_PROGRESS", "REMOVED");
    expect_counters(ctx, &c, "thing 5 (IN_PROGRESS) left the group");

    jc_remove_from_group(ctx, group, things[5]);
    move(&c, "QUEUED", "REMOVED");
    expect_counters(ctx, &c, "thing 6 (QUEUED) left the group");

    const char *late = jc_create_thing(ctx, "late", NULL);
    jc_add_thing_to_group(ctx, group, late);
    move(&c, NULL, "QUEUED");
    expect_counters(ctx, &c, "a new thing joined the group");
}

static void s_counters_snapshot(jc_ctx *ctx)
{
    enum { N = 4 };
    const char *things[N];
    const char *job = jc_job_on_things(ctx, N, things, NULL);
    counters c = {job, {N, 0, 0, 0, 0, 0, 0, 0}, "CN-002", NULL, NULL};
    expect_counters(ctx, &c, "creation (4 QUEUED)");

    jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    move(&c, "QUEUED", "IN_PROGRESS");
    expect_counters(ctx, &c, "thing 1 IN_PROGRESS");

    jc_device_update(ctx, things[1], job, "IN_PROGRESS", NULL);
    move(&c, "QUEUED", "IN_PROGRESS");
    expect_counters(ctx, &c, "thing 2 IN_PROGRESS");

    jc_device_update(ctx, things[1], job, "SUCCEEDED", NULL);
    move(&c, "IN_PROGRESS", "SUCCEEDED");
    expect_counters(ctx, &c, "thing 2 SUCCEEDED");

    jc_cancel_job_ok(ctx, job);
    move(&c, "QUEUED", "CANCELED");
    move(&c, "QUEUED", "CANCELED");
    expect_counters(ctx, &c, "CancelJob without force (2 QUEUED canceled, 1 IN_PROGRESS kept)");

    jc_response *r = jc_cancel_execution(ctx, things[0], job, "force=true", NULL);
    JC_REQUIRE(ctx, jc_is_2xx(r), "CancelJobExecution ?force=true: HTTP %d %s", r->status, jc_str_or(r->error_code));
    move(&c, "IN_PROGRESS", "CANCELED");
    expect_counters(ctx, &c, "CancelJobExecution ?force=true of thing 1");
}


/* ---- the server's oldest job deleted (DL-009, LJ-001) ----------------- */

/* One ListJobs walk over every job of the endpoint, seen through `each`. */
typedef struct census {
    const char *stem;              /* the run's job ids start with it */
    const char *gone, *fresh;      /* counted ids (NULL: none) */
    const char *first, *first_status; /* the first job listed */
    size_t listed, foreign, n_gone, n_fresh;
} census;

static void census_item(jc_ctx *ctx, const cJSON *item, void *arg)
{
    census *c = arg;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "jobId");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(item, "status");
    if (!cJSON_IsString(id)) return;
    if (c->listed++ == 0) {
        c->first = jc_str(ctx, "%s", id->valuestring);
        c->first_status = cJSON_IsString(st) ? jc_str(ctx, "%s", st->valuestring) : NULL;
    }
    if (strncmp(id->valuestring, c->stem, strlen(c->stem)) != 0) c->foreign++;
    if (c->gone && strcmp(id->valuestring, c->gone) == 0) c->n_gone++;
    if (c->fresh && strcmp(id->valuestring, c->fresh) == 0) c->n_fresh++;
}

static void census_walk(jc_ctx *ctx, census *c)
{
    c->listed = c->foreign = c->n_gone = c->n_fresh = 0;
    c->first = c->first_status = NULL;
    jc_walk w;
    /* the endpoint may hold any number of jobs: keep none (no jobId starts
     * with '.'), count through census_item */
    jc_list_spec spec = {.path = "/jobs", .array = "jobs", .key = "jobId", .max_results = 250, .stem = ".",
                         .max_pages = 100, .each = census_item, .arg = c};
    jc_list_walk(ctx, &spec, &w);
}

static bool census_settled(jc_ctx *ctx, void *arg)
{
    census *c = arg;
    census_walk(ctx, c);
    return c->n_gone == 0 && (!c->fresh || c->n_fresh > 0);
}

/* The run's id stem "<prefix>-" from a fresh name "<prefix>-<seq>-<n>". */
static const char *run_stem(jc_ctx *ctx)
{
    const char *name = jc_name(ctx, "");
    const char *last = strrchr(name, '-');
    const char *p = last;
    while (p > name && p[-1] != '-') p--;
    return jc_str(ctx, "%.*s", (int)(p - name), name);
}

/* A server that keeps its jobs in creation order must drop the first one as
 * well as any other: the oldest job of the endpoint is deleted, and ListJobs
 * then lists it no more and every other job once, a job created afterwards
 * included. The oldest job is only touched when every job listed is this
 * run's (on a fresh jobsref the run's first job, made by an earlier scenario:
 * the end sweep takes a job already gone); otherwise SKIP. Which job is the
 * oldest is read from the listing order, which no source fixes: on a server
 * that lists in another order the scenario deletes some job of the run and
 * the same checks hold. Runs alone (--jobs N): it deletes a job another
 * scenario made. */
static void s_oldest_job_deleted(jc_ctx *ctx)
{
    census c = {.stem = run_stem(ctx)};
    census_walk(ctx, &c);
    if (c.foreign) jc_skip(ctx, "the endpoint lists %zu job(s) of others: its oldest job is not this run's", c.foreign);
    const char *oldest = c.first;
    if (!oldest) {
        /* no job at all: this scenario's job is the endpoint's oldest */
        const char *targets[] = {jc_new_target(ctx), NULL};
        oldest = jc_create_job(ctx, NULL, NULL, targets, NULL);
    }
    if (!jc_streq(c.first_status, "DELETION_IN_PROGRESS")) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", oldest), "force=true", NULL);
        if (r->status == 410 || r->status == 409)
            jc_skip(ctx, "DeleteJob of the oldest job %s: HTTP %d %s (deletions in progress elsewhere)", oldest,
                    r->status, jc_str_or(r->error_code));
        if (!jc_is_2xx(r)) jc_blocked(ctx, "DeleteJob", "HTTP %d %s", r->status, jc_str_or(r->error_code));
    }
    jc_wait_job_gone(ctx, oldest);
    c.gone = oldest;
    jc_poll(ctx, 0, 200, census_settled, &c); /* a read after a change */
    JC_CHECK(ctx, c.n_gone == 0, "ListJobs lists the deleted job %s %zu time(s) once its deletion completed", oldest,
             c.n_gone);
    const char *targets[] = {jc_new_target(ctx), NULL};
    c.fresh = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_poll(ctx, 0, 200, census_settled, &c);
    JC_CHECK(ctx, c.n_fresh == 1, "ListJobs lists the job %s, created after the oldest job was deleted, %zu time(s), "
             "expected once", c.fresh, c.n_fresh);
    JC_CHECK(ctx, c.n_gone == 0, "ListJobs lists the deleted job %s again after a new job was created", oldest);
}

/* A thing that leaves a target group of a CONTINUOUS job but is also one of
 * the job's targets by its own ARN is still a target: its execution stays
 * QUEUED, while another member leaving the group is REMOVED (LC-007). */
static void s_continuous_leave_still_direct(jc_ctx *ctx)
{
    const char *garn = NULL, *tarn = NULL;
    const char *group = jc_create_group(ctx, "g", &garn);
    const char *thing = jc_create_thing(ctx, "direct", &tarn);
    const char *other = jc_create_thing(ctx, "member", NULL);
    jc_add_thing_to_group(ctx, group, thing);
    jc_add_thing_to_group(ctx, group, other);
    const char *targets[] = {garn, tarn, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, "{\"targetSelection\":\"CONTINUOUS\"}");
    jc_expect_execution_status(ctx, thing, job, "QUEUED");
    jc_expect_execution_status(ctx, other, job, "QUEUED");
    jc_remove_from_group(ctx, group, thing);
    jc_remove_from_group(ctx, group, other);
    jc_expect_execution_becomes(ctx, other, job, "REMOVED", 0, "after the member left the target group");
    jc_wait_execution_status(ctx, thing, job, "QUEUED");
    const char *st = jc_execution_status(ctx, thing, job);
    JC_CHECK(ctx, jc_streq(st, "QUEUED"), "execution of a thing that left the target group but is a target by its "
             "own ARN is %s, expected QUEUED (it is still a target)", jc_str_or(st));
}

/* A thing joining the group of a CONTINUOUS job while the job's rollout
 * (1 a minute) still has things waiting gets its execution in turn. */
static void s_continuous_join_during_rollout(jc_ctx *ctx)
{
    const char *garn = NULL;
    const char *group = jc_create_group(ctx, "g", &garn);
    const char *things[3];
    for (int i = 0; i < 2; i++) {
        things[i] = jc_create_thing(ctx, "m", NULL);
        jc_add_thing_to_group(ctx, group, things[i]);
    }
    const char *targets[] = {garn, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets,
                                    "{\"targetSelection\":\"CONTINUOUS\","
                                    "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}}");
    int have = 0;
    for (int i = 0; i < 2; i++) have += jc_execution_status(ctx, things[i], job) != NULL;
    JC_REQUIRE(ctx, have == 1, "%d of the 2 members have an execution right after creation with maximumPerMinute 1, "
               "expected 1", have);
    things[2] = jc_create_thing(ctx, "late", NULL);
    jc_add_thing_to_group(ctx, group, things[2]);
    for (int minute = 0; minute < 3; minute++) jc_advance(ctx, 60000);
    for (int i = 0; i < 3; i++)
        jc_expect_execution_becomes(ctx, things[i], job, "QUEUED", 0,
                                    i == 2 ? "3 minutes after joining the group during a rollout at 1 a minute"
                                           : "3 minutes into a rollout at 1 a minute");
}

/* ---- group hierarchy and group deletion -------------------------------- */

#define HIERARCHY_DEPTH 7 /* the deepest thing-group hierarchy the service allows */

/* A chain of HIERARCHY_DEPTH groups, each the child of the one before;
 * names into g[], the root's ARN returned. */
static const char *group_chain(jc_ctx *ctx, const char **g)
{
    const char *root_arn = NULL;
    g[0] = jc_create_group(ctx, "level1", &root_arn);
    for (int i = 1; i < HIERARCHY_DEPTH; i++) {
        g[i] = jc_name(ctx, jc_str(ctx, "level%d", i + 1));
        jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/thing-groups/%s", g[i]), NULL,
                                 jc_str(ctx, "{\"parentGroupName\":\"%s\"}", g[i - 1]));
        if (r->status != 200)
            jc_blocked(ctx, "CreateThingGroup", "HTTP %d %s for level %d of a hierarchy", r->status,
                       jc_str_or(r->error_code), i + 1);
    }
    return root_arn;
}

static void s_nested_groups_depth(jc_ctx *ctx)
{
    const char *g[HIERARCHY_DEPTH];
    const char *root_arn = group_chain(ctx, g);
    const char *deep = jc_create_thing(ctx, "deep", NULL);
    jc_add_thing_to_group(ctx, g[HIERARCHY_DEPTH - 1], deep);
    const char *targets[] = {root_arn, NULL};
    const char *snapshot = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_expect_execution_status(ctx, deep, snapshot, "QUEUED");
    const char *continuous = jc_create_job(ctx, NULL, NULL, targets, "{\"targetSelection\":\"CONTINUOUS\"}");
    jc_expect_execution_status(ctx, deep, continuous, "QUEUED");
    const char *late = jc_create_thing(ctx, "late", NULL);
    jc_add_thing_to_group(ctx, g[HIERARCHY_DEPTH - 1], late);
    jc_expect_execution_status(ctx, late, continuous, "QUEUED");
    const char *st = jc_execution_status(ctx, late, snapshot);
    JC_CHECK(ctx, st == NULL, "a thing joining level %d after the SNAPSHOT job's creation got an execution (%s)",
             HIERARCHY_DEPTH, jc_str_or(st));
    jc_remove_from_group(ctx, g[HIERARCHY_DEPTH - 1], late);
    jc_expect_execution_status(ctx, late, continuous, "REMOVED");
    jc_expect_execution_status(ctx, deep, continuous, "QUEUED");
}

static void s_continuous_group_deleted(jc_ctx *ctx)
{
    const char *arn_a = NULL, *arn_b = NULL;
    const char *a = jc_create_group(ctx, "a", &arn_a);
    const char *b = jc_create_group(ctx, "b", &arn_b);
    const char *both = jc_create_thing(ctx, "both", NULL), *queued = jc_create_thing(ctx, "queued", NULL),
               *running = jc_create_thing(ctx, "running", NULL), *done = jc_create_thing(ctx, "done", NULL);
    jc_add_thing_to_group(ctx, a, both);
    jc_add_thing_to_group(ctx, b, both);
    jc_add_thing_to_group(ctx, a, queued);
    jc_add_thing_to_group(ctx, a, running);
    jc_add_thing_to_group(ctx, a, done);
    const char *targets[] = {arn_a, arn_b, NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, "{\"targetSelection\":\"CONTINUOUS\"}");
    jc_drive(ctx, running, job, "IN_PROGRESS");
    jc_drive(ctx, done, job, "SUCCEEDED");
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/thing-groups/%s", a), NULL, NULL);
    if (!jc_is_2xx(r)) jc_blocked(ctx, "DeleteThingGroup", "HTTP %d %s", r->status, jc_str_or(r->error_code));
    jc_expect_execution_status(ctx, queued, job, "REMOVED");
    jc_expect_execution_status(ctx, running, job, "REMOVED");
    jc_expect_execution_status(ctx, done, job, "SUCCEEDED");
    jc_expect_execution_status(ctx, both, job, "QUEUED");
    expect_in_progress(ctx, job, "(CONTINUOUS) after one of its target groups was deleted");
}

static void s_continuous_canceled_no_join(jc_ctx *ctx)
{
    const char *things[1], *group = NULL;
    const char *job = jc_continuous_on_group(ctx, 1, things, &group);
    jc_cancel_job_ok(ctx, job);
    JC_REQUIRE(ctx, jc_wait_job_status(ctx, job, "CANCELED", 0), "the job is %s after CancelJob, expected CANCELED",
               jc_str_or(jc_job_status(ctx, job)));
    const char *late = jc_create_thing(ctx, "late", NULL);
    jc_add_thing_to_group(ctx, group, late);
    const char *st = jc_execution_status(ctx, late, job);
    JC_CHECK(ctx, st == NULL, "a thing joining the group of a canceled CONTINUOUS job got an execution (%s), "
             "expected none", jc_str_or(st));
    jc_expect_execution_status(ctx, things[0], job, "CANCELED");
}


/* A CONTINUOUS job that was deleted follows no membership any more: a thing
 * joining its former group gets no execution and the endpoint keeps
 * answering. */
static void s_continuous_deleted_no_join(jc_ctx *ctx)
{
    const char *things[1], *group = NULL;
    const char *job = jc_continuous_on_group(ctx, 1, things, &group);
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", job), "force=true", NULL);
    if (!jc_is_2xx(r)) jc_blocked(ctx, "DeleteJob", "HTTP %d %s", r->status, jc_str_or(r->error_code));
    jc_wait_job_gone(ctx, job);
    /* a SNAPSHOT job on the same group, created after the deletion, must not
     * inherit the deleted job's membership follow-up either */
    const char *targets[] = {jc_group_arn(ctx, group), NULL};
    const char *snapshot = jc_create_job(ctx, NULL, NULL, targets, NULL);
    const char *late = jc_create_thing(ctx, "late", NULL);
    jc_add_thing_to_group(ctx, group, late);
    const char *st = jc_execution_status(ctx, late, snapshot);
    JC_CHECK(ctx, st == NULL, "a thing joining the group after a SNAPSHOT job's creation got an execution of it (%s)",
             jc_str_or(st));
    jc_remove_from_group(ctx, group, things[0]);
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", late), NULL, NULL);
    JC_CHECK(ctx, r->status == 200, "ListJobExecutionsForThing of the new member: HTTP %d %s, expected 200", r->status,
             jc_str_or(r->error_code));
    const cJSON *list = jc_json_array(r, "executionSummaries");
    JC_CHECK(ctx, r->status != 200 || cJSON_GetArraySize(list) == 0, "a thing joining the group of a deleted "
             "CONTINUOUS job has executions: %s", jc_member_text(ctx, r, "executionSummaries"));
}


/* A target resolves only within the caller's account and region: the ARN of
 * an existing thing with another region or another account (each of the same
 * length, so that only the value differs) is not a target of this endpoint,
 * and the CreateJob is refused without creating a job. */
static void s_target_other_region_account(jc_ctx *ctx)
{
    const char *arn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &arn);
    const char *prefix = jc_arn_prefix(ctx); /* arn:<partition>:iot:<region>:<account>: */
    const char *region = jc_region(ctx);
    const char *at = strstr(prefix, jc_str(ctx, ":iot:%s:", region));
    JC_REQUIRE(ctx, at != NULL && strlen(prefix) > 2, "harness: ARN prefix %s", prefix);
    /* the last character of the region and of the account, changed */
    char *other_region = (char *)jc_str(ctx, "%s", region);
    size_t rl = strlen(other_region);
    JC_REQUIRE(ctx, rl > 0, "harness: empty region");
    other_region[rl - 1] = other_region[rl - 1] == '1' ? '2' : '1';
    char *other_prefix = (char *)jc_str(ctx, "%s", prefix);
    size_t pl = strlen(other_prefix);
    other_prefix[pl - 2] = other_prefix[pl - 2] == '1' ? '2' : '1'; /* the account's last digit */
    const char *bad[] = {
        jc_str(ctx, "%.*s:iot:%s:%s", (int)(at - prefix), prefix, other_region,
               arn + (at - prefix) + strlen(jc_str(ctx, ":iot:%s:", region))),
        jc_str(ctx, "%sthing/%s", other_prefix, thing),
    };
    static const char *const codes[] = {"InvalidRequestException", "ResourceNotFoundException", NULL};
    for (size_t i = 0; i < 2; i++) {
        const char *id = jc_name(ctx, "job");
        jc_response *r = jc_create_job_with(ctx, id, bad[i], "\"description\":\"x\"");
        JC_CHECK(ctx, !jc_is_2xx(r), "CreateJob targeting %s (%s) was accepted", bad[i],
                 i == 0 ? "another region" : "another account");
        if (!jc_is_2xx(r)) {
            jc_expect_error_in(ctx, r, codes);
            jc_expect_no_job(ctx, id, jc_str(ctx, "the refused target %s", bad[i]));
        }
    }
}

static const jc_scenario s_table[] = {
    {"lifecycle.snapshot-completes-succeeded",
     "A SNAPSHOT job stays IN_PROGRESS until its last execution SUCCEEDED, then is COMPLETED with completedAt",
     "LC-003,DJ-003", "lifecycle,smoke", 0, s_completes_succeeded,
     JC_OPS("DescribeJob", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.snapshot-completes-failed", "A SNAPSHOT job whose executions all FAILED becomes COMPLETED",
     "LC-003,DJ-003", "lifecycle", 0, s_completes_failed,
     JC_OPS("DescribeJob", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.snapshot-completes-rejected", "A SNAPSHOT job whose execution was REJECTED becomes COMPLETED",
     "LC-003", "lifecycle", 0, s_completes_rejected,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.snapshot-completes-mixed",
     "A SNAPSHOT job ending SUCCEEDED, FAILED, REJECTED and CANCELED becomes COMPLETED after the last", "LC-003",
     "lifecycle", 0, s_completes_mixed,
     JC_OPS("", "CancelJobExecution,CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.snapshot-completes-by-execution-cancel",
     "A SNAPSHOT job whose executions were all canceled with CancelJobExecution becomes COMPLETED", "LC-003,CE-001",
     "lifecycle", 0, s_completes_by_execution_cancel,
     JC_OPS("CancelJobExecution", "CreateJob,DescribeJob,CreateThing")},
    {"lifecycle.not-completed-while-pending",
     "A SNAPSHOT job with an IN_PROGRESS or QUEUED execution stays IN_PROGRESS without completedAt", "LC-003",
     "lifecycle", 0, s_not_completed_while_pending,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.is-concurrent", "job.isConcurrent is a boolean, false once the job has finished", "DJ-001", "", 0,
     s_is_concurrent,
     JC_OPS("DescribeJob", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.created-in-progress", "A job created without schedulingConfig is IN_PROGRESS with QUEUED executions",
     "LC-001,LC-002", "lifecycle,smoke", 0, s_created_in_progress,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"lifecycle.thing-deleted-removed", "Deleting a target thing sets its QUEUED execution to REMOVED", "LC-007",
     "lifecycle", 0, s_thing_deleted_removed,
     JC_OPS("ListJobExecutionsForJob", "CreateJob,CreateThing,DeleteThing,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.continuous-never-completes", "A CONTINUOUS job stays IN_PROGRESS when all its executions are terminal",
     "LC-004", "lifecycle", 0, s_continuous_never_completes,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing,CreateThingGroup,AddThingToThingGroup,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.continuous-join", "A thing joining the group of a CONTINUOUS job gets a QUEUED execution", "LC-005",
     "lifecycle", 0, s_continuous_join,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"lifecycle.continuous-leave-queued",
     "A thing leaving the group of a CONTINUOUS job has its QUEUED execution set to REMOVED", "LC-007", "lifecycle",
     0, s_continuous_leave_queued,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup")},
    {"lifecycle.continuous-leave-in-progress",
     "A thing leaving the group of a CONTINUOUS job has its IN_PROGRESS execution set to REMOVED", "LC-007",
     "lifecycle", 0, s_continuous_leave_in_progress,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.continuous-leave-terminal-kept",
     "A thing leaving the group keeps its SUCCEEDED execution SUCCEEDED (only pending ones are REMOVED)", "LC-007",
     "lifecycle", 0, s_continuous_leave_terminal_kept,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.group-targets-resolve",
     "A job on a group and a thing queues one execution per member and for the thing, none for others", "LC-002",
     "", 0, s_group_targets_resolve,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"lifecycle.default-snapshot",
     "A job without targetSelection is SNAPSHOT and a thing joining its group later gets no execution",
     "CJ-009,LC-006", "lifecycle", 0, s_default_snapshot,
     JC_OPS("CreateJob", "DescribeJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"lifecycle.counters-continuous-every-step",
     "jobProcessDetails counters equal the listed executions after every step: queued, in progress, succeeded, "
     "failed, rejected, canceled, removed, joined",
     "LC-008,DJ-004,LX-001", "lifecycle,counters", 0, s_counters_continuous,
     JC_OPS("DescribeJob,ListJobExecutionsForJob", "CancelJobExecution,CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.counters-snapshot-every-step",
     "jobProcessDetails counters equal the listed executions after every step including CancelJob and a forced "
     "CancelJobExecution",
     "LC-008,DJ-004,CN-002", "lifecycle,counters", 0, s_counters_snapshot,
     JC_OPS("CancelJob,DescribeJob", "CancelJobExecution,CreateJob,ListJobExecutionsForJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.nested-groups-depth", "A job on the top of a 7-level group hierarchy reaches a thing of the "
     "seventh level: at creation (SNAPSHOT), on joining (CONTINUOUS), and leaving sets REMOVED", "LC-010,LC-005,LC-007",
     "lifecycle", 0, s_nested_groups_depth,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup")},
    {"lifecycle.continuous-group-deleted", "Deleting a target group of a CONTINUOUS job sets its members' QUEUED and "
     "IN_PROGRESS executions to REMOVED, keeps finished ones and those of things still targeted by another group",
     "LC-011,LC-004", "lifecycle", 0, s_continuous_group_deleted,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,CreateThingGroup,DeleteThingGroup,AddThingToThingGroup,iot-jobs-data UpdateJobExecution")},
    {"lifecycle.continuous-canceled-no-join", "A thing joining the group of a canceled CONTINUOUS job gets no "
     "execution", "LC-012", "lifecycle", 0, s_continuous_canceled_no_join,
     JC_OPS("", "CancelJob,CreateJob,DescribeJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"lifecycle.continuous-deleted-no-join", "A thing joining the group of a deleted CONTINUOUS job gets no "
     "execution, nor of a SNAPSHOT job created on the group afterwards", "LC-012,LC-006", "lifecycle", 0,
     s_continuous_deleted_no_join,
     JC_OPS("", "CreateJob,DeleteJob,DescribeJob,DescribeJobExecution,ListJobExecutionsForThing,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup")},
    {"lifecycle.target-other-region-account", "A thing's ARN with another region or account is not a target: "
     "CreateJob gives InvalidRequestException 400 or ResourceNotFoundException 404 and creates no job",
     "CJ-003,LC-002", "negative", 0, s_target_other_region_account,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"lifecycle.continuous-leave-still-direct", "A thing leaving the target group of a CONTINUOUS job that also "
     "targets it by ARN keeps its QUEUED execution; another member leaving is REMOVED", "LC-007,LC-002", "lifecycle", 0,
     s_continuous_leave_still_direct,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup")},
    {"lifecycle.continuous-join-during-rollout", "A thing joining the group of a CONTINUOUS job while its rollout at "
     "1 a minute still has members waiting gets its execution in turn", "LC-005,RO-001", "lifecycle,rollout",
     JC_NEEDS_CLOCK, s_continuous_join_during_rollout,
     JC_OPS("", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"lifecycle.oldest-job-deleted", "Once the endpoint's oldest job (the run's first) is deleted, ListJobs lists it "
     "no more and lists a job created afterwards once", "DL-009,LJ-001", "lifecycle", JC_NEEDS_STILL_CLOCK,
     s_oldest_job_deleted,
     JC_OPS("DeleteJob,ListJobs", "CreateJob,DescribeJob,CreateThing")},
};

JC_SUITE(lifecycle, "Lifecycle", s_table);
