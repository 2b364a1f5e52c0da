/* AssociateTargetsWithJob (POST /jobs/{jobId}/targets): accepted only on a
 * CONTINUOUS job that is IN_PROGRESS, at most 100 targets per job counting
 * the existing ones, new targets get executions, and unknown or malformed
 * targets and jobs are refused. A refusal must leave the job's targets as
 * they were. */
#include <string.h>
#include <time.h>

#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(absent)"; }
static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* Model-listed errors of AssociateTargetsWithJob (AT-005; [R] which one). */
static const char *const refusal_codes[] = {"InvalidRequestException", "ResourceNotFoundException",
                                            "LimitExceededException", NULL};

static jc_response *associate(jc_ctx *ctx, const char *job, const char *const *arns)
{
    cJSON *b = cJSON_CreateObject();
    cJSON *t = cJSON_AddArrayToObject(b, "targets");
    for (size_t i = 0; arns[i]; i++) cJSON_AddItemToArray(t, cJSON_CreateString(arns[i]));
    jc_response *r = jc_call_json(ctx, JC_CONTROL, "POST", jc_path(ctx, "/jobs/%s/targets", job), NULL, b);
    cJSON_Delete(b);
    return r;
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

/* The execution of `job` on `thing`: its status, or NULL when there is none
 * (404). */
static const char *exec_status(jc_ctx *ctx, const char *thing, const char *job)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL, NULL);
    if (r->status == 404) return NULL;
    JC_REQUIRE(ctx, r->status == 200, "DescribeJobExecution %s/%s: HTTP %d %s, expected 200 or 404", thing, job,
               r->status, str_or(r->error_code));
    return jc_json_string(r, "execution.status");
}

typedef struct exec_ref {
    const char *thing, *job;
} exec_ref;

static bool exec_queued(jc_ctx *ctx, void *arg)
{
    exec_ref *e = arg;
    return streq(exec_status(ctx, e->thing, e->job), "QUEUED");
}

/* On a virtual clock (jobsref) membership changes apply synchronously, so a
 * short wait is enough; elsewhere the full poll deadline. */
static void expect_queued(jc_ctx *ctx, const char *thing, const char *job, const char *why)
{
    exec_ref e = {thing, job};
    if (jc_poll(ctx, jc_has_virtual_clock(ctx) ? 500 : 0, 50, exec_queued, &e)) return;
    JC_CHECK(ctx, false, "%s: the execution of %s on %s is %s, expected QUEUED", why, job, thing,
             str_or(exec_status(ctx, thing, job)));
}

/* A refusal: a model-listed 4xx, and the job's targets unchanged. */
static void expect_refused(jc_ctx *ctx, jc_response *r, const char *job, int targets_before, const char *why)
{
    JC_CHECK(ctx, r->status >= 400 && r->status < 500, "%s: HTTP %d, expected a 4xx refusal", why, r->status);
    jc_expect_error_in(ctx, r, refusal_codes);
    int after = target_count(ctx, job);
    JC_CHECK(ctx, after == targets_before, "%s: the job has %d targets after the refusal, expected %d", why, after,
             targets_before);
}

static const char *continuous_job(jc_ctx *ctx, const char *first_arn, const char *extra)
{
    const char *targets[] = {first_arn, NULL};
    return jc_create_job(ctx, NULL, NULL, targets,
                         extra ? extra : "{\"targetSelection\":\"CONTINUOUS\"}");
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
    JC_CHECK(ctx, streq(id, job), "response jobId is '%s', expected '%s'", str_or(id), job);
    const char *arn = jc_json_string(r, "jobArn");
    const char *suffix = jc_str(ctx, ":job/%s", job);
    JC_CHECK(ctx, arn && strncmp(arn, "arn:", 4) == 0 && strlen(arn) > strlen(suffix) &&
                      strcmp(arn + strlen(arn) - strlen(suffix), suffix) == 0,
             "response jobArn is '%s', expected an ARN ending in '%s'", str_or(arn), suffix);
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
    const char *a_arn = NULL, *b_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *b = jc_create_thing(ctx, "b", &b_arn);
    const char *job = jc_create_job(ctx, NULL, NULL, (const char *[]){a_arn, NULL}, NULL);
    jc_response *r = associate(ctx, job, (const char *[]){b_arn, NULL});
    expect_refused(ctx, r, job, 1, "AssociateTargetsWithJob on a SNAPSHOT job");
    JC_CHECK(ctx, exec_status(ctx, b, job) == NULL, "the refused target %s got an execution", b);
}

static void s_canceled(jc_ctx *ctx)
{
    const char *a_arn = NULL, *b_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *b = jc_create_thing(ctx, "b", &b_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    jc_response *c = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", job), NULL, "{}");
    JC_REQUIRE(ctx, c->status == 200, "CancelJob: HTTP %d %s, expected 200", c->status, str_or(c->error_code));
    jc_response *r = associate(ctx, job, (const char *[]){b_arn, NULL});
    expect_refused(ctx, r, job, 1, "AssociateTargetsWithJob on a CANCELED CONTINUOUS job");
    JC_CHECK(ctx, exec_status(ctx, b, job) == NULL, "the refused target %s got an execution", b);
}

/* The endpoint's time in epoch seconds (createdAt of a new job). */
static long long endpoint_now(jc_ctx *ctx, const char *job)
{
    double t = 0;
    JC_REQUIRE(ctx, jc_json_number(jc_describe_job(ctx, job), "job.createdAt", &t), "job has no createdAt");
    return (long long)t;
}

static void s_scheduled(jc_ctx *ctx)
{
    const char *a_arn = NULL, *b_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    jc_create_thing(ctx, "b", &b_arn);
    long long start = (endpoint_now(ctx, continuous_job(ctx, a_arn, NULL)) / 60 + 120) * 60;
    time_t tt = (time_t)start;
    struct tm tm;
    char iso[32];
    if (!gmtime_r(&tt, &tm) || !strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M", &tm)) jc_error(ctx, "cannot format time");
    const char *job = continuous_job(
        ctx, a_arn, jc_str(ctx, "{\"targetSelection\":\"CONTINUOUS\",\"schedulingConfig\":{\"startTime\":\"%s\"}}", iso));
    const char *st = jc_json_string(jc_describe_job(ctx, job), "job.status");
    if (!streq(st, "SCHEDULED")) jc_skip(ctx, "a job with startTime %s is %s, not SCHEDULED (rollout suite checks it)",
                                         iso, str_or(st));
    jc_response *r = associate(ctx, job, (const char *[]){b_arn, NULL});
    expect_refused(ctx, r, job, 1, "AssociateTargetsWithJob on a SCHEDULED CONTINUOUS job");
}

/* n new things' ARNs into arns[0..n-1], arns[n] = NULL. */
static void new_things(jc_ctx *ctx, size_t n, const char *tag, const char **arns)
{
    for (size_t i = 0; i < n; i++) jc_create_thing(ctx, tag, &arns[i]);
    arns[n] = NULL;
}

static void s_limit_100(jc_ctx *ctx)
{
    const char *first[61], *more[41], *over[3];
    new_things(ctx, 60, "t", first);
    const char *job = jc_create_job(ctx, NULL, NULL, first, "{\"targetSelection\":\"CONTINUOUS\"}");
    new_things(ctx, 40, "u", more);
    jc_response *r = associate(ctx, job, more);
    JC_REQUIRE(ctx, r->status == 200, "associating 40 targets to a job with 60 (100 in all): HTTP %d %s, expected 200",
               r->status, str_or(r->error_code));
    int n = target_count(ctx, job);
    JC_REQUIRE(ctx, n == 100, "the job has %d targets, expected 100", n);
    new_things(ctx, 2, "v", over);
    r = associate(ctx, job, over);
    expect_refused(ctx, r, job, 100, "associating 2 more targets to a job with 100");
    JC_CHECK(ctx, !has_target(ctx, job, over[0]) && !has_target(ctx, job, over[1]),
             "a target of the refused association was added");
}

static void s_limit_101_single(jc_ctx *ctx)
{
    const char *first[100], *two[3];
    new_things(ctx, 99, "t", first);
    const char *job = jc_create_job(ctx, NULL, NULL, first, "{\"targetSelection\":\"CONTINUOUS\"}");
    new_things(ctx, 2, "u", two);
    jc_response *r = associate(ctx, job, two);
    expect_refused(ctx, r, job, 99, "associating 2 targets to a job with 99 (101 in all)");
    r = associate(ctx, job, (const char *[]){two[0], NULL});
    JC_CHECK(ctx, r->status == 200, "associating the 100th target: HTTP %d %s, expected 200", r->status,
             str_or(r->error_code));
}

static void s_unknown_target(jc_ctx *ctx)
{
    const char *a_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    const char *ghost = jc_thing_arn(ctx, jc_name(ctx, "never-created"));
    jc_response *r = associate(ctx, job, (const char *[]){ghost, NULL});
    expect_refused(ctx, r, job, 1, "associating a thing that does not exist");
}

static void s_unknown_group_target(jc_ctx *ctx)
{
    const char *a_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    const char *ghost = jc_group_arn(ctx, jc_name(ctx, "never-created"));
    jc_response *r = associate(ctx, job, (const char *[]){ghost, NULL});
    expect_refused(ctx, r, job, 1, "associating a thing group that does not exist");
}

static void s_not_an_arn(jc_ctx *ctx)
{
    const char *a_arn = NULL;
    jc_create_thing(ctx, "a", &a_arn);
    const char *job = continuous_job(ctx, a_arn, NULL);
    jc_response *r = associate(ctx, job, (const char *[]){"not-an-arn", NULL});
    expect_refused(ctx, r, job, 1, "associating 'not-an-arn'");
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

static const jc_scenario s_table[] = {
    {"associate.thing-gets-execution", "Associating a thing with an IN_PROGRESS CONTINUOUS job lists it in targets "
     "and queues its execution", "AT-001", "smoke", 0, s_thing_gets_execution},
    {"associate.response-members", "The response has the job's jobId and jobArn", "AT-001,WIRE-005", "", 0,
     s_response_members},
    {"associate.group-join", "A thing joining a group associated with a CONTINUOUS job gets a QUEUED execution",
     "AT-001,LC-005", "lifecycle", 0, s_group_join},
    {"associate.group-members", "Associating a group queues executions for the things already in it", "AT-001,LC-002",
     "", 0, s_group_members_get_executions},
    {"associate.snapshot-refused", "AssociateTargetsWithJob on a SNAPSHOT job: a model-listed 4xx, targets unchanged, "
     "no execution", "AT-002,AT-005", "negative", 0, s_snapshot},
    {"associate.canceled-refused", "AssociateTargetsWithJob on a CANCELED CONTINUOUS job: a 4xx, targets unchanged",
     "AT-003,AT-005", "negative", 0, s_canceled},
    {"associate.scheduled-refused", "AssociateTargetsWithJob on a SCHEDULED CONTINUOUS job: a 4xx, targets unchanged",
     "AT-003,AT-005", "negative,scheduling", 0, s_scheduled},
    {"associate.limit-100", "60 targets + 40 reaches 100 and is accepted; 2 more are refused and none added",
     "AT-004,AT-005", "limits", 0, s_limit_100},
    {"associate.limit-101", "99 targets + 2 (101) is refused with none added; + 1 (100) is accepted",
     "AT-004,AT-005", "limits", 0, s_limit_101_single},
    {"associate.unknown-thing", "Associating a thing ARN that does not exist is refused, targets unchanged",
     "CJ-010,AT-005", "negative", 0, s_unknown_target},
    {"associate.unknown-group", "Associating a thing-group ARN that does not exist is refused, targets unchanged",
     "CJ-010,AT-005", "negative", 0, s_unknown_group_target},
    {"associate.not-an-arn", "Associating a target that is not an ARN is refused, targets unchanged", "CJ-003,AT-005",
     "negative", 0, s_not_an_arn},
    {"associate.empty-targets", "An empty targets list gives InvalidRequestException 400", "WIRE-008", "negative", 0,
     s_empty_targets},
    {"associate.unknown-job", "AssociateTargetsWithJob of an unknown jobId gives ResourceNotFoundException 404",
     "WIRE-012", "negative", 0, s_unknown_job},
};

JC_SUITE(associate, "AssociateTargetsWithJob", s_table);
