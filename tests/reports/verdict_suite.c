/* A test-only scenario table for the runner's verdict logic, linked into
 * jobsconf_verdicts (the real runner, the runner sources in runners/, against the bundled
 * jobsref over loopback HTTP) instead of the conformance suites. Each
 * scenario makes real calls; some checks deliberately ask what the reference
 * does not do, so the runner meets every outcome it must report: a failed
 * SHOULD check beside a passing MUST one, a failed MUST check, a pass, a
 * BLOCKED setup step and a check naming a requirement its table entry does
 * not list (a harness ERROR). check_verdict_runs.py drives it. */
#include <string.h>

#include "jc_scenario.h"

/* CJ-001 (MUST) holds; WIRE-004 (SHOULD) is judged on a deliberately wrong
 * expectation (HTTP 299 for DescribeJob), so it fails. */
static void s_should_fails(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", job), NULL, NULL);
    const cJSON *j = r->json ? cJSON_GetObjectItemCaseSensitive(r->json, "job") : NULL;
    const cJSON *id = j ? cJSON_GetObjectItemCaseSensitive(j, "jobId") : NULL;
    JC_CHECK_REQ(ctx, "CJ-001", cJSON_IsString(id) && strcmp(id->valuestring, job) == 0, "DescribeJob names job %s", job);
    jc_req_scope(ctx, "WIRE-004");
    jc_expect_status(ctx, r, 299); /* the deliberate SHOULD failure */
    jc_req_scope(ctx, NULL);
    jc_expect_status(ctx, r, 200); /* unscoped: counts for both, and holds */
}

/* An unscoped check that fails: every requirement of the scenario FAILs. */
static void s_must_fails(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", job), NULL, NULL);
    JC_CHECK(ctx, r->status == 299, "deliberately expected HTTP 299 from DescribeJob, got %d", r->status);
}

static void s_passes(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", job), NULL, NULL);
    jc_expect_status(ctx, r, 200);
}

/* A setup read of a job that does not exist stands for a setup operation
 * the server does not implement. */
static void s_blocked(jc_ctx *ctx)
{
    jc_allow_5xx(ctx);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_name(ctx, "absent")), NULL, NULL);
    if (r->status != 200)
        jc_blocked(ctx, "DescribeJob", "HTTP %d %s", r->status, r->error_code ? r->error_code : "");
    JC_CHECK(ctx, false, "a job that was never created was described");
}

/* Naming a requirement the table entry does not list is a harness ERROR. */
static void s_unlisted_requirement(jc_ctx *ctx)
{
    JC_CHECK_REQ(ctx, "PG-005", true, "never reached");
}

static const jc_scenario s_table[] = {
    {"verdicts.should-fails", "A MUST holds, a SHOULD check fails", "CJ-001,WIRE-004", "gate", 0, s_should_fails},
    {"verdicts.must-fails", "An unscoped check fails", "CJ-001", "baseline", 0, s_must_fails},
    {"verdicts.passes", "Every check holds", "CJ-001", "baseline", 0, s_passes},
    {"verdicts.blocked", "A setup step fails", "CJ-001", "baseline", 0, s_blocked},
    {"verdicts.unlisted-requirement", "A check names an unlisted requirement", "CJ-001", "baseline", 0,
     s_unlisted_requirement},
};
JC_SUITE(verdicts, "Verdicts", s_table);

const jc_suite *const jc_all_suites[] = {&jc_suite_verdicts, NULL};
