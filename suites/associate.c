/* AssociateTargetsWithJob (POST /jobs/{jobId}/targets), the whole area:
 * accepted only on a CONTINUOUS job that is IN_PROGRESS; several targets and
 * a thing beside a group in one request; new targets get executions (seen by
 * DescribeJobExecution, ListJobExecutionsForJob, the counters and the
 * device) and a thing leaving an associated group is REMOVED; refusals on
 * SNAPSHOT, CANCELED, SCHEDULED, COMPLETED and DELETION_IN_PROGRESS jobs; at
 * most 100 targets counting the existing ones and the groups; all-or-nothing
 * refusal of a request holding one bad target; the request's own constraints
 * (targets, ARN length, comment length and characters, jobId). A refusal
 * leaves the job's targets as they were and queues nothing. */
#include <string.h>
#include <time.h>

#include "jc_support.h"

/* Model-listed errors of AssociateTargetsWithJob (AT-005; [R] which one). */
static const char *const refusal_codes[] = {"InvalidRequestException", "ResourceNotFoundException",
                                            "LimitExceededException", NULL};

/* POST /jobs/{job}/targets with targets `arns` (NULL-terminated) and an
 * optional comment. */
static jc_response *associate_commented(jc_ctx *ctx, const char *job, const char *const *arns, const char *comment)
{
    cJSON *b = cJSON_CreateObject();
    cJSON *t = cJSON_AddArrayToObject(b, "targets");
    for (size_t i = 0; arns[i]; i++) cJSON_AddItemToArray(t, cJSON_CreateString(arns[i]));
    if (comment) cJSON_AddStringToObject(b, "comment", comment);
    jc_response *r = jc_call_json(ctx, JC_CONTROL, "POST", jc_path(ctx, "/jobs/%s/targets", job), NULL, b);
    cJSON_Delete(b);
    return r;
}

static jc_response *associate(jc_ctx *ctx, const char *job, const char *const *arns)
{
    return associate_commented(ctx, job, arns, NULL);
}

static jc_response *associate_raw(jc_ctx *ctx, const char *job, const char *body)
{
    return jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/jobs/%s/targets", job), NULL, body);
}

static int target_count(jc_ctx *ctx, const char *job)
{
    const cJSON *t = jc_json_array(jc_describe_job(ctx, job), "job.targets");
    return t ? cJSON_GetArraySize(t) : -1;
}

static bool has_target(jc_ctx *ctx, const char *job, const char *arn)
{
    const cJSON *t = jc_json_array(jc_describe_job(ctx, job), "job.targets");
    const cJSON *it;
    cJSON_ArrayForEach(it, t) if (cJSON_IsString(it) && strcmp(it->valuestring, arn) == 0) return true;
    return false;
}

/* The execution of job on thing reaches `status`: on a virtual clock
 * (jobsref applies membership changes synchronously) a short wait is enough,
 * elsewhere the full poll deadline. */
static bool expect_exec(jc_ctx *ctx, const char *thing, const char *job, const char *status, const char *why)
{
    return jc_expect_execution_becomes(ctx, thing, job, status, 0, why);
}

static void expect_queued(jc_ctx *ctx, const char *thing, const char *job, const char *why)
{
    expect_exec(ctx, thing, job, "QUEUED", why);
}

/* A refusal: a 4xx and the job's targets as before prove `must` (the
 * scenario's MUST requirement, which stays the scope afterwards); the error
 * type being one the model lists proves AT-005 (SHOULD) alone. */
static void expect_refused_listed(jc_ctx *ctx, const char *must, jc_response *r, const char *job, int targets_before,
                                  const char *why)
{
    jc_req_scope(ctx, must);
    JC_CHECK(ctx, r->status >= 400 && r->status < 500, "%s: HTTP %d, expected a 4xx refusal", why, r->status);
    jc_req_scope(ctx, "AT-005");
    jc_expect_error_in(ctx, r, refusal_codes);
    jc_req_scope(ctx, must);
    int after = target_count(ctx, job);
    JC_CHECK(ctx, after == targets_before, "%s: the job has %d targets after the refusal, expected %d", why, after,
             targets_before);
}

/* A request that breaks a model constraint: InvalidRequestException 400 and
 * the job's targets as before. */
static void expect_invalid(jc_ctx *ctx, jc_response *r, const char *job, int targets_before, const char *why)
{
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "%s: HTTP %d %s, expected InvalidRequestException 400", why, r->status, jc_str_or(r->error_code));
    int after = target_count(ctx, job);
    JC_CHECK(ctx, after == targets_before, "%s: the job has %d targets afterwards, expected %d", why, after,
             targets_before);
}

/* A CONTINUOUS job on the thing first_arn (extra replaces the default
 * members {"targetSelection":"CONTINUOUS"}). */
static const char *continuous_job(jc_ctx *ctx, const char *first_arn, const char *extra)
{
    const char *targets[] = {first_arn, NULL};
    return jc_create_job(ctx, NULL, NULL, targets, extra ? extra : "{\"targetSelection\":\"CONTINUOUS\"}");
}

/* A CONTINUOUS job on one new thing; that thing's ARN in *first when asked. */
static const char *continuous_on_new_thing(jc_ctx *ctx, const char **first)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "first", &arn);
    if (first) *first = arn;
    return continuous_job(ctx, arn, NULL);
}

/* ---- accepted ---------------------------------------------------------- */

static void s_thing_gets_execution(jc_ctx *ctx)
{
    const char *a_arn = NULL, *b_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *b = jc_create_thing(ctx, "b", &b_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    jc_response *r = associate(ctx, job, (const char *[]){b_arn, NULL});
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, has_target(ctx, job, b_arn), "DescribeJob job.targets does not list the associated %s", b_arn);
    JC_CHECK(ctx, has_target(ctx, job, a_arn), "DescribeJob job.targets lost the original target %s", a_arn);
    expect_queued(ctx, b, job, "after associating the thing");
}

static void s_response_members(jc_ctx *ctx)
{
    const char *a_arn = NULL, *b_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    jc_create_thing(ctx, "b", &b_arn);
    const char *job = continuous_job(ctx, a_arn, "{\"targetSelection\":\"CONTINUOUS\",\"description\":\"assoc\"}");
    jc_response *r = associate(ctx, job, (const char *[]){b_arn, NULL});
    jc_require_status(ctx, r, 200);
    const char *id = jc_json_string(r, "jobId");
    JC_CHECK(ctx, jc_streq(id, job), "response jobId is '%s', expected '%s'", jc_str_or(id), job);
    const char *arn = jc_json_string(r, "jobArn");
    const char *suffix = jc_str(ctx, ":job/%s", job);
    JC_CHECK(ctx, arn && strncmp(arn, "arn:", 4) == 0 && strlen(arn) > strlen(suffix) &&
                      strcmp(arn + strlen(arn) - strlen(suffix), suffix) == 0,
             "response jobArn is '%s', expected an ARN ending in '%s'", jc_str_or(arn), suffix);
    const cJSON *d = jc_json_get(r->json, "description");
    JC_CHECK(ctx, !d || (cJSON_IsString(d) && strcmp(d->valuestring, "assoc") == 0),
             "response description is present but not the job's description 'assoc'");
}

static void s_group_join(jc_ctx *ctx)
{
    const char *a_arn = NULL, *g_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *g = jc_create_group(ctx, "g", &g_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    jc_response *r = associate(ctx, job, (const char *[]){g_arn, NULL});
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, has_target(ctx, job, g_arn), "DescribeJob job.targets does not list the associated group %s", g_arn);
    const char *t = jc_create_thing(ctx, "joiner", NULL);
    jc_add_thing_to_group(ctx, g, t);
    expect_queued(ctx, t, job, "after the thing joined a group associated with the CONTINUOUS job");
}

static void s_group_members_get_executions(jc_ctx *ctx)
{
    const char *a_arn = NULL, *g_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *g = jc_create_group(ctx, "g", &g_arn);
    const char *m = jc_create_thing(ctx, "member", NULL);
    jc_add_thing_to_group(ctx, g, m);
    const char *job = continuous_job(ctx, a_arn, NULL);
    jc_response *r = associate(ctx, job, (const char *[]){g_arn, NULL});
    jc_require_status(ctx, r, 200);
    expect_queued(ctx, m, job, "after associating a group the thing already belonged to");
}

/* ---- refused ----------------------------------------------------------- */

static void s_snapshot(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-002");
    const char *a_arn = NULL, *b_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *b = jc_create_thing(ctx, "b", &b_arn);
    const char *job = jc_create_job(ctx, NULL, NULL, (const char *[]){a_arn, NULL}, NULL);
    jc_response *r = associate(ctx, job, (const char *[]){b_arn, NULL});
    expect_refused_listed(ctx, "AT-002", r, job, 1, "AssociateTargetsWithJob on a SNAPSHOT job");
    JC_CHECK(ctx, jc_execution_status(ctx, b, job) == NULL, "the refused target %s got an execution", b);
}

static void s_canceled(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-003");
    const char *a_arn = NULL, *b_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *b = jc_create_thing(ctx, "b", &b_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    jc_cancel_job_ok(ctx, job);
    jc_response *r = associate(ctx, job, (const char *[]){b_arn, NULL});
    expect_refused_listed(ctx, "AT-003", r, job, 1, "AssociateTargetsWithJob on a CANCELED CONTINUOUS job");
    JC_CHECK(ctx, jc_execution_status(ctx, b, job) == NULL, "the refused target %s got an execution", b);
}

static void s_scheduled(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-003");
    const char *a_arn = NULL, *b_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    jc_create_thing(ctx, "b", &b_arn);
    long long start = (jc_endpoint_now(ctx, continuous_job(ctx, a_arn, NULL)) / 60 + 120) * 60;
    const char *iso = jc_iso_minute(ctx, start);
    const char *job = continuous_job(
        ctx, a_arn, jc_str(ctx, "{\"targetSelection\":\"CONTINUOUS\",\"schedulingConfig\":{\"startTime\":\"%s\"}}", iso));
    const char *st = jc_json_string(jc_describe_job(ctx, job), "job.status");
    if (!jc_streq(st, "SCHEDULED")) jc_skip(ctx, "a job with startTime %s is %s, not SCHEDULED (rollout suite checks it)",
                                         iso, jc_str_or(st));
    jc_response *r = associate(ctx, job, (const char *[]){b_arn, NULL});
    expect_refused_listed(ctx, "AT-003", r, job, 1, "AssociateTargetsWithJob on a SCHEDULED CONTINUOUS job");
}

/* n new things' ARNs into arns[0..n-1], arns[n] = NULL. */
static void new_things(jc_ctx *ctx, size_t n, const char *tag, const char **arns)
{
    for (size_t i = 0; i < n; i++) jc_create_thing(ctx, tag, &arns[i]);
    arns[n] = NULL;
}

static void s_limit_100(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-004");
    const char *first[61], *more[41], *over[3];
    new_things(ctx, 60, "t", first);
    const char *job = jc_create_job(ctx, NULL, NULL, first, "{\"targetSelection\":\"CONTINUOUS\"}");
    new_things(ctx, 40, "u", more);
    jc_response *r = associate(ctx, job, more);
    JC_REQUIRE(ctx, r->status == 200, "associating 40 targets to a job with 60 (100 in all): HTTP %d %s, expected 200",
               r->status, jc_str_or(r->error_code));
    int n = target_count(ctx, job);
    JC_REQUIRE(ctx, n == 100, "the job has %d targets, expected 100", n);
    new_things(ctx, 2, "v", over);
    r = associate(ctx, job, over);
    expect_refused_listed(ctx, "AT-004", r, job, 100, "associating 2 more targets to a job with 100");
    JC_CHECK(ctx, !has_target(ctx, job, over[0]) && !has_target(ctx, job, over[1]),
             "a target of the refused association was added");
}

static void s_limit_101_single(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-004");
    const char *first[100], *two[3];
    new_things(ctx, 99, "t", first);
    const char *job = jc_create_job(ctx, NULL, NULL, first, "{\"targetSelection\":\"CONTINUOUS\"}");
    new_things(ctx, 2, "u", two);
    jc_response *r = associate(ctx, job, two);
    expect_refused_listed(ctx, "AT-004", r, job, 99, "associating 2 targets to a job with 99 (101 in all)");
    r = associate(ctx, job, (const char *[]){two[0], NULL});
    JC_CHECK(ctx, r->status == 200, "associating the 100th target: HTTP %d %s, expected 200", r->status,
             jc_str_or(r->error_code));
}

static void s_unknown_target(jc_ctx *ctx)
{
    jc_req_scope(ctx, "CJ-010");
    const char *a_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    const char *ghost = jc_thing_arn(ctx, jc_name(ctx, "never-created"));
    jc_response *r = associate(ctx, job, (const char *[]){ghost, NULL});
    expect_refused_listed(ctx, "CJ-010", r, job, 1, "associating a thing that does not exist");
}

static void s_unknown_group_target(jc_ctx *ctx)
{
    jc_req_scope(ctx, "CJ-010");
    const char *a_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    const char *ghost = jc_group_arn(ctx, jc_name(ctx, "never-created"));
    jc_response *r = associate(ctx, job, (const char *[]){ghost, NULL});
    expect_refused_listed(ctx, "CJ-010", r, job, 1, "associating a thing group that does not exist");
}

static void s_not_an_arn(jc_ctx *ctx)
{
    jc_req_scope(ctx, "CJ-003");
    const char *a_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    jc_response *r = associate(ctx, job, (const char *[]){"not-an-arn", NULL});
    expect_refused_listed(ctx, "CJ-003", r, job, 1, "associating 'not-an-arn'");
}

static void s_empty_targets(jc_ctx *ctx)
{
    const char *a_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/jobs/%s/targets", job), NULL, "{\"targets\":[]}");
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static void s_unknown_job(jc_ctx *ctx)
{
    const char *a_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    jc_response *r = associate(ctx, jc_name(ctx, "never-created"), (const char *[]){a_arn, NULL});
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

/* ---- several targets, groups, the device ------------------------------ */

static void s_several_things(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *names[3], *arns[4];
    for (int i = 0; i < 3; i++) names[i] = jc_create_thing(ctx, "n", &arns[i]);
    arns[3] = NULL;
    jc_response *r = associate_commented(ctx, job, arns, NULL);
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, target_count(ctx, job) == 4, "the job has %d targets after associating 3 with its 1, expected 4",
             target_count(ctx, job));
    for (int i = 0; i < 3; i++) {
        JC_CHECK(ctx, has_target(ctx, job, arns[i]), "job.targets does not list %s", arns[i]);
        expect_exec(ctx, names[i], job, "QUEUED", "after associating 3 things in one request");
    }
}

static void s_thing_and_group(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *t_arn = NULL, *g_arn = NULL;
    const char *t = jc_create_thing(ctx, "direct", &t_arn);
    const char *g = jc_create_group(ctx, "g", &g_arn);
    const char *m = jc_create_thing(ctx, "member", NULL);
    jc_add_thing_to_group(ctx, g, m);
    jc_response *r = associate_commented(ctx, job, (const char *[]){t_arn, g_arn, NULL}, NULL);
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, has_target(ctx, job, t_arn) && has_target(ctx, job, g_arn),
             "job.targets does not list both the thing %s and the group %s", t_arn, g_arn);
    expect_exec(ctx, t, job, "QUEUED", "the thing associated beside a group");
    expect_exec(ctx, m, job, "QUEUED", "the member of the group associated beside a thing");
}

/* Whether ListJobExecutionsForJob lists `thing_arn` with status QUEUED. */
static bool listed_queued(jc_ctx *ctx, void *arg)
{
    const char *const *p = arg; /* {job, thing_arn} */
    jc_response *l = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", p[0]), NULL, NULL);
    if (l->status != 200) return false;
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(l, "executionSummaries"))
    {
        const cJSON *arn = cJSON_GetObjectItemCaseSensitive(it, "thingArn");
        const cJSON *st = jc_json_get(it, "jobExecutionSummary.status");
        if (cJSON_IsString(arn) && strcmp(arn->valuestring, p[1]) == 0)
            return cJSON_IsString(st) && strcmp(st->valuestring, "QUEUED") == 0;
    }
    return false;
}

static void s_listed_for_job(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *arn = NULL;
    jc_create_thing(ctx, "new", &arn);
    jc_require_status(ctx, associate_commented(ctx, job, (const char *[]){arn, NULL}, NULL), 200);
    const char *p[] = {job, arn};
    JC_CHECK(ctx, jc_poll(ctx, 0, 50, listed_queued, (void *)p),
             "ListJobExecutionsForJob %s does not list the associated thing %s as QUEUED", job, arn);
}

typedef struct counter_want {
    const char *job;
    double queued;
    double got;
} counter_want;

static bool queued_counter_is(jc_ctx *ctx, void *arg)
{
    counter_want *c = arg;
    c->got = -1;
    jc_json_number(jc_describe_job(ctx, c->job), "job.jobProcessDetails.numberOfQueuedThings", &c->got);
    return c->got == c->queued;
}

static void s_counters(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-001");
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *a = NULL, *b = NULL;
    jc_create_thing(ctx, "a", &a);
    jc_create_thing(ctx, "b", &b);
    jc_require_status(ctx, associate_commented(ctx, job, (const char *[]){a, b, NULL}, NULL), 200);
    counter_want c = {job, 3, -1};
    bool ok = jc_poll(ctx, 0, 50, queued_counter_is, &c);
    JC_CHECK_REQ(ctx, "LC-008", ok, "numberOfQueuedThings is %.0f after associating 2 things with a job on 1, expected 3", c.got);
}

/* Whether the data plane lists `job` among the thing's queuedJobs. */
static bool device_sees(jc_ctx *ctx, void *arg)
{
    const char *const *p = arg; /* {thing, job} */
    jc_response *r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", p[0]), NULL, NULL);
    if (r->status != 200) return false;
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(r, "queuedJobs"))
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "jobId");
        if (cJSON_IsString(id) && strcmp(id->valuestring, p[1]) == 0) return true;
    }
    return false;
}

static void s_visible_to_device(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *arn = NULL;
    const char *t = jc_create_thing(ctx, "device", &arn);
    jc_require_status(ctx, associate_commented(ctx, job, (const char *[]){arn, NULL}, NULL), 200);
    const char *p[] = {t, job};
    JC_CHECK(ctx, jc_poll(ctx, 0, 50, device_sees, (void *)p),
             "data-plane GetPendingJobExecutions of %s does not list %s in queuedJobs after the association", t, job);
}

static void s_group_leave_removed(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *g_arn = NULL;
    const char *g = jc_create_group(ctx, "g", &g_arn);
    const char *m = jc_create_thing(ctx, "member", NULL);
    jc_add_thing_to_group(ctx, g, m);
    jc_require_status(ctx, associate_commented(ctx, job, (const char *[]){g_arn, NULL}, NULL), 200);
    JC_REQUIRE(ctx, expect_exec(ctx, m, job, "QUEUED", "the member of the associated group"),
               "no QUEUED execution to remove");
    jc_remove_from_group(ctx, g, m);
    expect_exec(ctx, m, job, "REMOVED", "after the thing left the group associated with the CONTINUOUS job");
}

/* ---- refused ----------------------------------------------------------- */

static void s_completed(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-003");
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_finish_execution(ctx, thing, job, "SUCCEEDED"); /* CANCELED without a data plane: terminal too */
    if (!jc_wait_job_status(ctx, job, "COMPLETED", 0))
        jc_skip(ctx, "the SNAPSHOT job did not become COMPLETED (lifecycle checks it)");
    const char *b_arn = NULL;
    const char *b = jc_create_thing(ctx, "b", &b_arn);
    jc_response *r = associate_commented(ctx, job, (const char *[]){b_arn, NULL}, NULL);
    expect_refused_listed(ctx, "AT-003", r, job, 1, "AssociateTargetsWithJob on a COMPLETED job");
    JC_CHECK_REQ(ctx, "AT-002", jc_execution_status(ctx, b, job) == NULL, "the refused target %s got an execution", b);
}

static void s_snapshot_group(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-002");
    /* a SNAPSHOT job on a group: associating a second group is refused and
     * that group's member gets nothing */
    const char *g1_arn = NULL, *g2_arn = NULL;
    const char *g1 = jc_create_group(ctx, "g1", &g1_arn);
    const char *g2 = jc_create_group(ctx, "g2", &g2_arn);
    const char *m1 = jc_create_thing(ctx, "m1", NULL);
    const char *m2 = jc_create_thing(ctx, "m2", NULL);
    jc_add_thing_to_group(ctx, g1, m1);
    jc_add_thing_to_group(ctx, g2, m2);
    const char *job = jc_create_job(ctx, NULL, NULL, (const char *[]){g1_arn, NULL}, NULL);
    jc_response *r = associate_commented(ctx, job, (const char *[]){g2_arn, NULL}, NULL);
    expect_refused_listed(ctx, "AT-002", r, job, 1, "associating a group with a SNAPSHOT job on a group");
    JC_CHECK(ctx, !has_target(ctx, job, g2_arn), "the refused group %s is listed in job.targets", g2_arn);
    JC_CHECK(ctx, jc_execution_status(ctx, m2, job) == NULL, "the member %s of the refused group got an execution", m2);
}

static void s_deletion_in_progress(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-003");
    const char *job = continuous_on_new_thing(ctx, NULL);
    jc_response *del = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", job), "force=true", NULL);
    JC_REQUIRE(ctx, del->status >= 200 && del->status < 300, "DeleteJob ?force=true: HTTP %d %s, expected 200",
               del->status, jc_str_or(del->error_code));
    jc_response *d = jc_describe_job_holding(ctx, job, "job", "\"status\":\"DELETION_IN_PROGRESS\""); /* read after a change */
    if (d->status == 404) jc_skip(ctx, "the deletion completed before the association could be tried");
    if (!jc_streq(jc_json_string(d, "job.status"), "DELETION_IN_PROGRESS"))
        jc_skip(ctx, "the job is %s right after DeleteJob (deletejob checks it)", jc_str_or(jc_json_string(d, "job.status")));
    const char *b_arn = NULL;
    const char *b = jc_create_thing(ctx, "b", &b_arn);
    jc_response *r = associate_commented(ctx, job, (const char *[]){b_arn, NULL}, NULL);
    JC_CHECK(ctx, r->status >= 400 && r->status < 500,
             "AssociateTargetsWithJob on a DELETION_IN_PROGRESS job: HTTP %d, expected a 4xx refusal", r->status);
    jc_req_scope(ctx, "AT-005");
    jc_expect_error_in(ctx, r, refusal_codes);
    jc_req_scope(ctx, "AT-003");
    d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", job), NULL, NULL);
    if (d->status == 200)
        JC_CHECK(ctx, !has_target(ctx, job, b_arn), "the job being deleted lists the refused target %s", b_arn);
    JC_CHECK(ctx, jc_execution_status(ctx, b, job) == NULL, "the refused target %s got an execution of the job being deleted",
             b);
}

static void s_unknown_among_known(jc_ctx *ctx)
{
    jc_req_scope(ctx, "CJ-010");
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *ok_arn = NULL;
    const char *ok = jc_create_thing(ctx, "ok", &ok_arn);
    const char *ghost = jc_thing_arn(ctx, jc_name(ctx, "never-created"));
    jc_response *r = associate_commented(ctx, job, (const char *[]){ok_arn, ghost, NULL}, NULL);
    expect_refused_listed(ctx, "CJ-010", r, job, 1, "associating an existing thing together with one that does not exist");
    JC_CHECK(ctx, !has_target(ctx, job, ok_arn), "the existing thing %s of the refused request was added", ok_arn);
    JC_CHECK(ctx, jc_execution_status(ctx, ok, job) == NULL, "the existing thing %s of the refused request got an execution",
             ok);
}

static void s_not_arn_among_known(jc_ctx *ctx)
{
    jc_req_scope(ctx, "CJ-003");
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *ok_arn = NULL;
    const char *ok = jc_create_thing(ctx, "ok", &ok_arn);
    jc_response *r = associate_commented(ctx, job, (const char *[]){ok_arn, "thing/not-an-arn", NULL}, NULL);
    expect_refused_listed(ctx, "CJ-003", r, job, 1, "associating an existing thing together with 'thing/not-an-arn'");
    JC_CHECK(ctx, !has_target(ctx, job, ok_arn), "the existing thing %s of the refused request was added", ok_arn);
    JC_CHECK(ctx, jc_execution_status(ctx, ok, job) == NULL, "the existing thing %s of the refused request got an execution",
             ok);
}

static void s_limit_counts_groups(jc_ctx *ctx)
{
    jc_req_scope(ctx, "AT-004");
    /* 99 things + 1 group reach 100 targets; a second group is one too many
     * (a group is one target, whatever its members) */
    const char *things[100];
    for (int i = 0; i < 99; i++) jc_create_thing(ctx, "t", &things[i]);
    things[99] = NULL;
    const char *job = jc_create_job(ctx, NULL, NULL, things, "{\"targetSelection\":\"CONTINUOUS\"}");
    const char *g1_arn = NULL, *g2_arn = NULL;
    jc_create_group(ctx, "g1", &g1_arn);
    const char *g2 = jc_create_group(ctx, "g2", &g2_arn);
    const char *m = jc_create_thing(ctx, "member", NULL);
    jc_add_thing_to_group(ctx, g2, m);
    jc_response *r = associate_commented(ctx, job, (const char *[]){g1_arn, NULL}, NULL);
    JC_REQUIRE(ctx, r->status == 200, "associating a group with a job of 99 things (100 targets): HTTP %d %s, "
               "expected 200", r->status, jc_str_or(r->error_code));
    r = associate_commented(ctx, job, (const char *[]){g2_arn, NULL}, NULL);
    expect_refused_listed(ctx, "AT-004", r, job, 100, "associating a second group with a job of 99 things and 1 group (101 targets)");
    JC_CHECK(ctx, jc_execution_status(ctx, m, job) == NULL, "the member %s of the refused group got an execution", m);
}

static void s_targets_missing(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    expect_invalid(ctx, associate_raw(ctx, job, "{}"), job, 1, "AssociateTargetsWithJob with no targets member");
    expect_invalid(ctx, associate_raw(ctx, job, "{\"comment\":\"no targets\"}"), job, 1,
                   "AssociateTargetsWithJob with a comment and no targets");
}

static void s_targets_not_list(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *arn = NULL;
    jc_create_thing(ctx, "b", &arn);
    expect_invalid(ctx, associate_raw(ctx, job, jc_str(ctx, "{\"targets\":\"%s\"}", arn)), job, 1,
                   "targets as a string");
    expect_invalid(ctx, associate_raw(ctx, job, "{\"targets\":[42]}"), job, 1, "targets holding a number");
}

static void s_target_arn_2049(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *prefix = jc_str(ctx, "%sthing/", jc_arn_prefix(ctx));
    const char *arn = jc_str(ctx, "%s%s", prefix, jc_repeat(ctx, 'a', 2049 - strlen(prefix)));
    JC_REQUIRE(ctx, strlen(arn) == 2049, "harness: ARN length %zu", strlen(arn));
    expect_invalid(ctx, associate_commented(ctx, job, (const char *[]){arn, NULL}, NULL), job, 1,
                   "a target ARN of 2049 characters");
}

static void s_comment_2028(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *arn = NULL;
    const char *t = jc_create_thing(ctx, "b", &arn);
    jc_response *r = associate_commented(ctx, job, (const char *[]){arn, NULL}, jc_repeat(ctx, 'c', 2028));
    JC_REQUIRE(ctx, r->status == 200, "AssociateTargetsWithJob with a 2028-character comment: HTTP %d %s, expected 200",
               r->status, jc_str_or(r->error_code));
    JC_CHECK(ctx, has_target(ctx, job, arn), "job.targets does not list %s", arn);
    expect_exec(ctx, t, job, "QUEUED", "after an association with a 2028-character comment");
}

static void s_comment_2029(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *arn = NULL;
    const char *t = jc_create_thing(ctx, "b", &arn);
    expect_invalid(ctx, associate_commented(ctx, job, (const char *[]){arn, NULL}, jc_repeat(ctx, 'c', 2029)), job, 1,
                   "a comment of 2029 characters");
    JC_CHECK(ctx, jc_execution_status(ctx, t, job) == NULL, "the target of the refused association got an execution");
}

static void s_comment_control(jc_ctx *ctx)
{
    const char *job = continuous_on_new_thing(ctx, NULL);
    const char *arn = NULL;
    jc_create_thing(ctx, "b", &arn);
    expect_invalid(ctx, associate_commented(ctx, job, (const char *[]){arn, NULL}, "line\nbreak"), job, 1,
                   "a comment holding U+000A");
    expect_invalid(ctx, associate_commented(ctx, job, (const char *[]){arn, NULL}, "bell\x07"), job, 1,
                   "a comment holding U+0007");
}

static void s_bad_job_id(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *base = jc_name(ctx, "");
    const char *id = jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'a', 65 - strlen(base)));
    jc_response *r = associate_commented(ctx, id, (const char *[]){arn, NULL}, NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static const jc_scenario s_table[] = {
    {"associate.thing-gets-execution", "Associating a thing with an IN_PROGRESS CONTINUOUS job lists it in targets "
     "and queues its execution", "AT-001", "smoke", 0, s_thing_gets_execution,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"associate.response-members", "The response has the job's jobId and jobArn", "AT-001,WIRE-005", "", 0,
     s_response_members,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,CreateThing")},
    {"associate.group-join", "A thing joining a group associated with a CONTINUOUS job gets a QUEUED execution",
     "AT-001,LC-005", "lifecycle", 0, s_group_join,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"associate.group-members", "Associating a group queues executions for the things already in it", "AT-001,LC-002",
     "", 0, s_group_members_get_executions,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"associate.snapshot-refused", "AssociateTargetsWithJob on a SNAPSHOT job: a model-listed 4xx, targets unchanged, "
     "no execution", "AT-002,AT-005", "negative", 0, s_snapshot,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"associate.canceled-refused", "AssociateTargetsWithJob on a CANCELED CONTINUOUS job: a 4xx, targets unchanged",
     "AT-003,AT-005", "negative", 0, s_canceled,
     JC_OPS("AssociateTargetsWithJob", "CancelJob,CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"associate.scheduled-refused", "AssociateTargetsWithJob on a SCHEDULED CONTINUOUS job: a 4xx, targets unchanged",
     "AT-003,AT-005", "negative,scheduling", 0, s_scheduled,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.limit-100", "60 targets + 40 reaches 100 and is accepted; 2 more are refused and none added",
     "AT-004,AT-005", "limits", 0, s_limit_100,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.limit-101", "99 targets + 2 (101) is refused with none added; + 1 (100) is accepted",
     "AT-004,AT-005", "limits", 0, s_limit_101_single,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.limit-counts-groups", "A group counts as one target: 99 things + 1 group (100) accepted, a second "
     "group (101) refused and its member gets no execution", "AT-004,AT-005", "limits", 0, s_limit_counts_groups,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"associate.unknown-thing", "Associating a thing ARN that does not exist is refused, targets unchanged",
     "CJ-010,AT-005", "negative", 0, s_unknown_target,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.unknown-group", "Associating a thing-group ARN that does not exist is refused, targets unchanged",
     "CJ-010,AT-005", "negative", 0, s_unknown_group_target,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.not-an-arn", "Associating a target that is not an ARN is refused, targets unchanged", "CJ-003,AT-005",
     "negative", 0, s_not_an_arn,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.empty-targets", "An empty targets list gives InvalidRequestException 400", "WIRE-008", "negative", 0,
     s_empty_targets,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,CreateThing")},
    {"associate.targets-missing", "AssociateTargetsWithJob without targets gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_targets_missing,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.targets-not-a-list", "targets as a string or holding a number gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_targets_not_list,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.unknown-job", "AssociateTargetsWithJob of an unknown jobId gives ResourceNotFoundException 404",
     "WIRE-012", "negative", 0, s_unknown_job,
     JC_OPS("AssociateTargetsWithJob", "CreateThing")},
    {"associate.several-things", "Three things associated in one request are all listed in targets and each gets "
     "a QUEUED execution", "AT-001,LC-002", "", 0, s_several_things,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"associate.thing-and-group", "A thing and a group associated in one request are both listed; the thing and "
     "the group's member get QUEUED executions", "AT-001,LC-002", "", 0, s_thing_and_group,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"associate.listed-for-job", "ListJobExecutionsForJob lists the associated thing's execution as QUEUED",
     "AT-001,LX-001", "", 0, s_listed_for_job,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,ListJobExecutionsForJob,CreateThing")},
    {"associate.counters", "numberOfQueuedThings counts the executions of associated things", "AT-001,LC-008", "",
     0, s_counters,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.visible-to-device", "The associated thing sees the job in data-plane GetPendingJobExecutions "
     "queuedJobs", "AT-001,DP-001", "", 0, s_visible_to_device,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,CreateThing,iot-jobs-data GetPendingJobExecutions")},
    {"associate.group-leave-removed", "A thing leaving a group associated with a CONTINUOUS job has its QUEUED "
     "execution set to REMOVED", "AT-001,LC-007", "lifecycle", 0, s_group_leave_removed,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup")},
    {"associate.completed-refused", "AssociateTargetsWithJob on a COMPLETED (SNAPSHOT) job: a model-listed 4xx, targets "
     "unchanged, no execution", "AT-002,AT-003,AT-005", "negative", 0, s_completed,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"associate.snapshot-group-refused", "Associating a group with a SNAPSHOT job that targets a group: a "
     "model-listed 4xx, targets unchanged, the group's member gets no execution", "AT-002,AT-005", "negative", 0,
     s_snapshot_group,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"associate.deletion-in-progress-refused", "AssociateTargetsWithJob on a DELETION_IN_PROGRESS CONTINUOUS job: "
     "a model-listed 4xx, no target added, no execution", "AT-003,AT-005", "negative,lifecycle", JC_NEEDS_STILL_CLOCK, s_deletion_in_progress,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DeleteJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"associate.unknown-among-known", "A request with an existing and an unknown thing is refused as a whole: the "
     "existing one is not added and gets no execution", "CJ-010,AT-005", "negative", 0, s_unknown_among_known,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"associate.not-arn-among-known", "A request with an existing thing and a non-ARN is refused as a whole",
     "CJ-003,AT-005", "negative", 0, s_not_arn_among_known,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"associate.target-arn-2049-chars", "A target ARN of 2049 characters gives InvalidRequestException 400",
     "WIRE-008", "limits,negative", 0, s_target_arn_2049,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.comment-2028-chars", "A 2028-character comment is accepted and the target gets an execution",
     "AT-001,WIRE-008", "limits", 0, s_comment_2028,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"associate.comment-2029-chars", "A 2029-character comment gives InvalidRequestException 400, nothing added",
     "WIRE-008", "limits,negative", 0, s_comment_2029,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"associate.comment-control-char", "A comment holding U+000A or U+0007 gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_comment_control,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,DescribeJob,CreateThing")},
    {"associate.bad-job-id", "AssociateTargetsWithJob of a 65-character jobId gives InvalidRequestException 400",
     "CJ-002,WIRE-008", "negative,limits", 0, s_bad_job_id,
     JC_OPS("AssociateTargetsWithJob", "CreateThing")},
};

JC_SUITE(associate, "AssociateTargetsWithJob", s_table);
