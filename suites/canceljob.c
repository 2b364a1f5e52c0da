/* CancelJob suite (PUT /jobs/{jobId}/cancel): force rules for QUEUED and
 * IN_PROGRESS executions, reasonCode and comment, cancel of a finished job,
 * no executions after cancel. */
#include <string.h>

#include "jc_support.h"

#define MAX_THINGS 8

/* The errors CancelJob's model lists (for the [R] refusals). */
static const char *const cancel_codes[] = {"InvalidRequestException", "ResourceNotFoundException",
                                           "LimitExceededException", NULL};

static jc_response *cancel_job(jc_ctx *ctx, const char *job, const char *query, const char *body)
{
    return jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", job), query, body ? body : "{}");
}

/* The execution reaches `want`: at once on jobsref (virtual clock,
 * synchronous), within the poll deadline elsewhere. */
static bool expect_exec_status(jc_ctx *ctx, const char *thing, const char *job, const char *want)
{
    return jc_expect_execution_becomes(ctx, thing, job, want, 0, "");
}

static void s_queued_canceled(jc_ctx *ctx)
{
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    jc_response *r = cancel_job(ctx, job, NULL, NULL);
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, jc_streq(jc_json_string(r, "jobId"), job), "CancelJob response jobId is %s, expected %s",
             jc_str_or(jc_json_string(r, "jobId")), job);
    const char *arn = jc_json_string(r, "jobArn");
    const char *suffix = jc_str(ctx, ":job/%s", job);
    JC_CHECK(ctx, arn && strlen(arn) > strlen(suffix) && strcmp(arn + strlen(arn) - strlen(suffix), suffix) == 0,
             "CancelJob response jobArn is %s, expected an ARN ending in %s", jc_str_or(arn), suffix);
    jc_expect_job_status(ctx, job, "CANCELED");
    for (int i = 0; i < 2; i++) expect_exec_status(ctx, things[i], job, "CANCELED");
}

static void s_in_progress_keeps_running(jc_ctx *ctx)
{
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    jc_require_status(ctx, cancel_job(ctx, job, NULL, NULL), 200);
    jc_wait_execution_status(ctx, things[0], job, "IN_PROGRESS"); /* reads after a change */
    const char *st = jc_execution_status(ctx, things[0], job);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"),
             "after CancelJob without force the IN_PROGRESS execution is %s, expected IN_PROGRESS", jc_str_or(st));
    expect_exec_status(ctx, things[1], job, "CANCELED");
    jc_response *d = jc_describe_job_holding(ctx, job, "job", "\"status\":\"CANCELED\"");
    bool fc = false;
    JC_CHECK(ctx, !jc_json_bool(d, "job.forceCanceled", &fc) || !fc,
             "job.forceCanceled is true after CancelJob without force, expected false or absent");
    const char *js = jc_json_string(d, "job.status");
    JC_CHECK(ctx, jc_streq(js, "CANCELED"), "job status is %s, expected CANCELED", jc_str_or(js));
}

static void s_force_false_keeps_running(jc_ctx *ctx)
{
    const char *things[1];
    const char *job = jc_job_on_things(ctx, 1, things, NULL);
    jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    jc_require_status(ctx, cancel_job(ctx, job, "force=false", NULL), 200);
    jc_wait_execution_status(ctx, things[0], job, "IN_PROGRESS"); /* a read after a change */
    const char *st = jc_execution_status(ctx, things[0], job);
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"),
             "after CancelJob ?force=false the IN_PROGRESS execution is %s, expected IN_PROGRESS", jc_str_or(st));
}

static void s_in_progress_device_can_finish(jc_ctx *ctx)
{
    const char *things[1];
    const char *job = jc_job_on_things(ctx, 1, things, NULL);
    jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    jc_require_status(ctx, cancel_job(ctx, job, NULL, NULL), 200);
    /* the execution keeps running: the device may still report its outcome */
    jc_device_update(ctx, things[0], job, "SUCCEEDED", NULL);
    jc_wait_execution_status(ctx, things[0], job, "SUCCEEDED"); /* a read after a change */
    const char *st = jc_execution_status(ctx, things[0], job);
    JC_CHECK(ctx, jc_streq(st, "SUCCEEDED"), "execution is %s after the device reported SUCCEEDED", jc_str_or(st));
}

static void s_force_cancels_in_progress(jc_ctx *ctx)
{
    const char *things[2];
    const char *job = jc_job_on_things(ctx, 2, things, NULL);
    jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    jc_require_status(ctx, cancel_job(ctx, job, "force=true", NULL), 200);
    if (expect_exec_status(ctx, things[0], job, "CANCELED")) {
        jc_response *e = NULL;
        e = jc_require_execution(ctx, things[0], job);
        bool fc = false;
        JC_CHECK(ctx, jc_json_bool(e, "execution.forceCanceled", &fc) && fc,
                 "force-canceled execution has forceCanceled %s, expected true",
                 jc_json_bool(e, "execution.forceCanceled", &fc) ? "false" : "(absent)");
    }
    expect_exec_status(ctx, things[1], job, "CANCELED");
    jc_response *d = jc_describe_job(ctx, job);
    bool fc = false;
    JC_CHECK(ctx, jc_json_bool(d, "job.forceCanceled", &fc) && fc, "job.forceCanceled is %s, expected true",
             jc_json_bool(d, "job.forceCanceled", &fc) ? "false" : "(absent)");
    const char *js = jc_json_string(d, "job.status");
    JC_CHECK(ctx, jc_streq(js, "CANCELED"), "job status is %s, expected CANCELED", jc_str_or(js));
}

static void s_reason_and_comment_stored(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    jc_require_status(ctx, cancel_job(ctx, job, NULL, "{\"reasonCode\":\"JC_REASON_42\",\"comment\":\"stopped by jobsconf\"}"), 200);
    jc_response *d = jc_describe_job(ctx, job);
    const char *rc = jc_json_string(d, "job.reasonCode");
    const char *cm = jc_json_string(d, "job.comment");
    JC_CHECK(ctx, jc_streq(rc, "JC_REASON_42"), "job.reasonCode is %s, expected JC_REASON_42", jc_str_or(rc));
    JC_CHECK(ctx, jc_streq(cm, "stopped by jobsconf"), "job.comment is %s, expected 'stopped by jobsconf'",
             jc_str_or(cm));
}

static void s_reason_code_128(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    const char *code = jc_str(ctx, "%s9", jc_repeat(ctx, 'R', 127));
    jc_require_status(ctx, cancel_job(ctx, job, NULL, jc_str(ctx, "{\"reasonCode\":\"%s\"}", code)), 200);
    const char *rc = jc_json_string(jc_describe_job(ctx, job), "job.reasonCode");
    JC_CHECK(ctx, jc_streq(rc, code), "job.reasonCode is not the 128-character code sent (got %zu characters)",
             rc ? strlen(rc) : 0);
}

/* A refused CancelJob: the error, and the job still IN_PROGRESS with no
 * reasonCode or comment stored. */
static void expect_refused(jc_ctx *ctx, const char *job, const char *body)
{
    static const char *const paths[] = {"job.status", "job.reasonCode", "job.comment", "job.forceCanceled", NULL};
    jc_response *before = jc_describe_job(ctx, job);
    jc_response *r = cancel_job(ctx, job, NULL, body);
    jc_response *after = jc_describe_job(ctx, job);
    jc_expect_refused_unchanged(ctx, r, "InvalidRequestException", 400, before, after, paths,
                                jc_str(ctx, "CancelJob %.200s", body));
    jc_expect_job_status(ctx, job, "IN_PROGRESS");
}

static void s_reason_code_129(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    expect_refused(ctx, job, jc_str(ctx, "{\"reasonCode\":\"%s\"}", jc_repeat(ctx, 'R', 129)));
}

static void s_reason_code_lowercase(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    expect_refused(ctx, job, "{\"reasonCode\":\"USER_request\"}");
}

static void s_comment_2028(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    const char *c = jc_repeat(ctx, 'c', 2028);
    jc_require_status(ctx, cancel_job(ctx, job, NULL, jc_str(ctx, "{\"comment\":\"%s\"}", c)), 200);
    const char *cm = jc_json_string(jc_describe_job(ctx, job), "job.comment");
    JC_CHECK(ctx, jc_streq(cm, c), "job.comment is not the 2028-character comment sent (got %zu characters)",
             cm ? strlen(cm) : 0);
}

static void s_comment_2029(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    expect_refused(ctx, job, jc_str(ctx, "{\"comment\":\"%s\"}", jc_repeat(ctx, 'c', 2029)));
}

static void s_comment_control_char(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    expect_refused(ctx, job, "{\"comment\":\"line one\\u0007bell\"}");
}

static void s_already_canceled(jc_ctx *ctx)
{
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    jc_require_status(ctx, cancel_job(ctx, job, NULL, NULL), 200);
    jc_response *r = cancel_job(ctx, job, NULL, NULL);
    /* CN-011 (MAY): success is allowed; a failure is one CancelJob's model lists, with its status */
    if (!jc_is_2xx(r)) jc_expect_error_in(ctx, r, cancel_codes);
    jc_expect_job_status(ctx, job, "CANCELED");
}

static void s_completed_job(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_finish_execution(ctx, thing, job, "SUCCEEDED"); /* CANCELED without a data plane: terminal too */
    jc_wait_job_status(ctx, job, "COMPLETED", 0); /* a read after a change */
    const char *st = jc_json_string(jc_describe_job(ctx, job), "job.status");
    if (!jc_streq(st, "COMPLETED"))
        jc_skip(ctx, "the job did not become COMPLETED (status %s): covered by lifecycle.*", jc_str_or(st));
    jc_response *r = cancel_job(ctx, job, NULL, NULL);
    /* CN-011 (MAY): success is allowed; a failure is one CancelJob's model lists, with its status */
    if (!jc_is_2xx(r)) jc_expect_error_in(ctx, r, cancel_codes);
    jc_expect_job_status(ctx, job, "COMPLETED");
}

static void s_unknown_job(jc_ctx *ctx)
{
    jc_response *r = cancel_job(ctx, jc_name(ctx, "nojob"), NULL, NULL);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

static void s_continuous_no_new_executions(jc_ctx *ctx)
{
    const char *group = NULL, *first = NULL;
    const char *job = jc_continuous_on_group(ctx, 1, &first, &group);
    jc_require_status(ctx, cancel_job(ctx, job, NULL, NULL), 200);
    const char *late = jc_create_thing(ctx, "late", NULL);
    jc_add_thing_to_group(ctx, group, late);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", late, job), NULL, NULL);
    JC_CHECK(ctx, r->status == 404, "DescribeJobExecution of a thing that joined after CancelJob gave HTTP %d (%s), "
             "expected 404: no execution", r->status, jc_str_or(jc_json_string(r, "execution.status")));
    jc_response *l = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", job), NULL, NULL);
    jc_require_status(ctx, l, 200);
    int n = cJSON_GetArraySize(jc_json_array(l, "executionSummaries"));
    JC_CHECK(ctx, n == 1, "the canceled job lists %d executions, expected 1 (the thing in the group before cancel)",
             n);
    jc_expect_job_status(ctx, job, "CANCELED");
}

static void s_counters_after_cancel(jc_ctx *ctx)
{
    jc_req_scope(ctx, "CN-002"); /* setup; each check below names its own */
    const char *things[3];
    const char *job = jc_job_on_things(ctx, 3, things, NULL);
    jc_device_update(ctx, things[0], job, "IN_PROGRESS", NULL);
    jc_require_status(ctx, cancel_job(ctx, job, NULL, NULL), 200);
    jc_wait_execution_status(ctx, things[1], job, "CANCELED"); /* reads after a change */
    jc_wait_execution_status(ctx, things[2], job, "CANCELED");
    /* the executions themselves (CN-002, MUST), then their counters (LC-008, SHOULD) */
    JC_CHECK_REQ(ctx, "CN-002", jc_streq(jc_execution_status(ctx, things[0], job), "IN_PROGRESS") &&
                                    jc_streq(jc_execution_status(ctx, things[1], job), "CANCELED") &&
                                    jc_streq(jc_execution_status(ctx, things[2], job), "CANCELED"),
                 "after CancelJob the executions are %s, %s, %s; expected IN_PROGRESS, CANCELED, CANCELED",
                 jc_str_or(jc_execution_status(ctx, things[0], job)), jc_str_or(jc_execution_status(ctx, things[1], job)),
                 jc_str_or(jc_execution_status(ctx, things[2], job)));
    jc_response *d = jc_describe_job_holding(ctx, job, "job", /* a read after a change */
                                             "\"jobProcessDetails\":{\"numberOfQueuedThings\":0,"
                                             "\"numberOfInProgressThings\":1,\"numberOfCanceledThings\":2}");
    double q = -1, ip = -1, c = -1;
    jc_json_number(d, "job.jobProcessDetails.numberOfQueuedThings", &q);
    jc_json_number(d, "job.jobProcessDetails.numberOfInProgressThings", &ip);
    jc_json_number(d, "job.jobProcessDetails.numberOfCanceledThings", &c);
    JC_CHECK_REQ(ctx, "LC-008", q == 0 && ip == 1 && c == 2,
             "after CancelJob the counters are queued %g, inProgress %g, canceled %g; expected 0, 1, 2", q, ip, c);
}

/* The control-plane part of counters-after-cancel: with every execution
   QUEUED no device is needed. */
static void s_counters_after_cancel_queued(jc_ctx *ctx)
{
    const char *things[3];
    const char *job = jc_job_on_things(ctx, 3, things, NULL);
    jc_require_status(ctx, cancel_job(ctx, job, NULL, NULL), 200);
    jc_response *d = jc_describe_job(ctx, job);
    double q = -1, ip = -1, c = -1;
    jc_json_number(d, "job.jobProcessDetails.numberOfQueuedThings", &q);
    jc_json_number(d, "job.jobProcessDetails.numberOfInProgressThings", &ip);
    jc_json_number(d, "job.jobProcessDetails.numberOfCanceledThings", &c);
    JC_CHECK(ctx, q == 0 && ip == 0 && c == 3,
             "after CancelJob of 3 QUEUED executions the counters are queued %g, inProgress %g, canceled %g; "
             "expected 0, 0, 3", q, ip, c);
}

static const jc_scenario s_table[] = {
    {"canceljob.queued-canceled",
     "CancelJob returns 200 with jobId and jobArn; the job and its QUEUED executions become CANCELED",
     "CN-001,CN-002", "smoke,lifecycle", 0, s_queued_canceled,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"canceljob.in-progress-keeps-running",
     "CancelJob without force leaves IN_PROGRESS executions IN_PROGRESS, cancels QUEUED ones, forceCanceled not true",
     "CN-002", "lifecycle", 0, s_in_progress_keeps_running,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"canceljob.force-false-keeps-running", "CancelJob with ?force=false leaves IN_PROGRESS executions running",
     "CN-002,CN-007", "lifecycle", 0, s_force_false_keeps_running,
     JC_OPS("CancelJob", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"canceljob.in-progress-device-can-finish",
     "After CancelJob without force the device can still finish its IN_PROGRESS execution", "CN-002", "lifecycle", 0,
     s_in_progress_device_can_finish,
     JC_OPS("CancelJob", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"canceljob.force-cancels-in-progress",
     "CancelJob ?force=true cancels IN_PROGRESS executions with forceCanceled true on them and on the job",
     "CN-003,CN-007", "lifecycle", 0, s_force_cancels_in_progress,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"canceljob.reason-and-comment-stored", "reasonCode and comment given to CancelJob appear in DescribeJob",
     "CN-004", "", 0, s_reason_and_comment_stored,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
    {"canceljob.reason-code-128-chars", "A reasonCode of 128 characters is accepted and stored", "CN-005,CN-004",
     "limits", 0, s_reason_code_128,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
    {"canceljob.reason-code-129-chars",
     "A reasonCode of 129 characters gives InvalidRequestException 400 and the job stays IN_PROGRESS", "CN-005",
     "limits,negative", 0, s_reason_code_129,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
    {"canceljob.reason-code-lowercase",
     "A reasonCode with a lowercase letter gives InvalidRequestException 400 and the job stays IN_PROGRESS",
     "CN-005", "negative", 0, s_reason_code_lowercase,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
    {"canceljob.comment-2028-chars", "A comment of 2028 characters is accepted and stored", "CN-006,CN-004",
     "limits", 0, s_comment_2028,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
    {"canceljob.comment-2029-chars",
     "A comment of 2029 characters gives InvalidRequestException 400 and the job stays IN_PROGRESS", "CN-006",
     "limits,negative", 0, s_comment_2029,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
    {"canceljob.comment-control-char",
     "A comment with a control character gives InvalidRequestException 400 and the job stays IN_PROGRESS",
     "CN-006", "negative", 0, s_comment_control_char,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
    {"canceljob.already-canceled",
     "CancelJob of a CANCELED job succeeds or fails with an error CancelJob's model lists (its own status); the job stays CANCELED", "CN-011",
     "negative", 0, s_already_canceled,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
    {"canceljob.completed-job",
     "CancelJob of a COMPLETED job succeeds or fails with an error CancelJob's model lists (its own status); the job stays COMPLETED",
     "CN-011", "negative", 0, s_completed_job,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"canceljob.unknown-job", "CancelJob of an unknown jobId gives ResourceNotFoundException 404", "WIRE-012",
     "negative", 0, s_unknown_job,
     JC_OPS("CancelJob", "")},
    {"canceljob.continuous-no-new-executions",
     "A thing joining a target group of a canceled CONTINUOUS job gets no execution", "CN-008,CN-001",
     "lifecycle", 0, s_continuous_no_new_executions,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,DescribeJobExecution,ListJobExecutionsForJob,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"canceljob.counters-after-cancel",
     "After CancelJob without force the counters show the QUEUED executions canceled and the IN_PROGRESS one running",
     "CN-002,LC-008", "lifecycle", 0, s_counters_after_cancel,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"canceljob.counters-after-cancel-queued",
     "After CancelJob of a job whose executions are all QUEUED the counters show them all canceled (no device needed)",
     "CN-002,LC-008", "lifecycle", 0, s_counters_after_cancel_queued,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
};

JC_SUITE(canceljob, "CancelJob", s_table);
