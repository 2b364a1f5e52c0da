/* Wire protocol (rest-json), the whole area: how errors are conveyed
 * (x-amzn-ErrorType, status per the model, JSON body with message) by every
 * method and on both planes, unknown routes and methods, plane routing,
 * malformed, scalar, trailing and mistyped bodies, member-name case, unknown
 * members (also nested), percent-encoded labels and query values, lengths in
 * characters, JSON escapes, request ids and the Content-Type of responses. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jc_support.h"

/* The x-amzn-ErrorType header names `code` (text after ':' ignored). */
static void expect_error_header(jc_ctx *ctx, const jc_response *r, const char *code)
{
    const char *h = jc_header(ctx, r, "x-amzn-ErrorType");
    size_t n = strlen(code);
    JC_CHECK(ctx, h && strncmp(h, code, n) == 0 && (h[n] == '\0' || h[n] == ':'),
             "x-amzn-ErrorType is '%s', expected '%s'", jc_str_or(h), code);
}

/* The body is a JSON object with a string `message`. */
static void expect_json_message(jc_ctx *ctx, const jc_response *r, const char *what)
{
    JC_CHECK(ctx, r->json != NULL, "%s: the body is not a JSON object (%s): '%.80s'", what, jc_str_or(r->decode_error),
             r->body ? r->body : "");
    const cJSON *m = r->json ? cJSON_GetObjectItemCaseSensitive(r->json, "message") : NULL;
    JC_CHECK(ctx, cJSON_IsString(m), "%s: the body has no string `message`", what);
}

/* The positive control of a negative scenario: the same operation called
   validly, unchecked. A 2xx shows the operation works, so the refusals the
   scenario checked prove its rule; without one (in the scenario or anywhere
   in the run) the runner judges the scenario BLOCKED, not PASS. */
static void positive_control(jc_ctx *ctx, jc_plane plane, const char *method, const char *path, const char *query,
                             const char *body)
{
    jc_allow_5xx(ctx);
    jc_call(ctx, plane, method, path, query, body);
}

/* ---- errors ------------------------------------------------------------ */

static void s_error_type_header(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_name(ctx, "never-created")), NULL,
                             NULL);
    expect_error_header(ctx, r, "ResourceNotFoundException");
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

static void s_error_statuses(jc_ctx *ctx)
{
    /* 400 InvalidRequestException: a body that is not JSON, which any server
       implementing CreateJob must refuse (not a validation rule such as an
       enum, which a server may lack without any fault in its error shape) */
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", jc_name(ctx, "malformed")), NULL,
                             "{\"targets\":[");
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    /* 404 ResourceNotFoundException */
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", jc_name(ctx, "never-created")), NULL,
                NULL);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    /* 409 ResourceAlreadyExistsException */
    const char *arn = jc_new_target(ctx);
    const char *targets[] = {arn, NULL};
    const char *id = jc_create_job(ctx, NULL, NULL, targets, NULL);
    r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\"}", arn));
    jc_expect_error(ctx, r, "ResourceAlreadyExistsException", 409);
    /* 409 InvalidStateTransitionException: DeleteJob of an IN_PROGRESS job without force */
    r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    jc_expect_error(ctx, r, "InvalidStateTransitionException", 409);
}

static void s_error_body_message(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_name(ctx, "never-created")), NULL,
                             NULL);
    JC_REQUIRE(ctx, r->status == 404, "DescribeJob of an unknown job: HTTP %d, expected 404", r->status);
    expect_json_message(ctx, r, "ResourceNotFoundException");
    /* a malformed body: any server implementing CreateJob refuses it; the
       shape is judged on the refusal it gave */
    r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", jc_name(ctx, "malformed")), NULL, "{\"targets\":[");
    JC_REQUIRE(ctx, r->status >= 400 && r->status < 500, "CreateJob with a truncated JSON body: HTTP %d, expected a 4xx",
               r->status);
    expect_json_message(ctx, r, jc_str(ctx, "CreateJob with a truncated body (%d %s)", r->status, jc_str_or(r->error_code)));
}

static void s_already_exists_members(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *targets[] = {arn, NULL};
    const char *id = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\"}", arn));
    JC_REQUIRE_REQ(ctx, "CJ-004", r->status == 409, "duplicate CreateJob: HTTP %d %s, expected 409", r->status,
                   jc_str_or(r->error_code));
    /* CJ-023 (MAY): both members are optional; when given they name the existing job */
    const char *rid = jc_json_string(r, "resourceId");
    const char *rarn = jc_json_string(r, "resourceArn");
    jc_req_scope(ctx, "CJ-023");
    JC_CHECK(ctx, !jc_json_get(r->json, "resourceId") || jc_streq(rid, id), "ResourceAlreadyExistsException resourceId is '%s', expected '%s'", jc_str_or(rid), id);
    const char *suffix = jc_str(ctx, ":job/%s", id);
    JC_CHECK(ctx, !jc_json_get(r->json, "resourceArn") || (rarn && strlen(rarn) > strlen(suffix) && strcmp(rarn + strlen(rarn) - strlen(suffix), suffix) == 0),
             "ResourceAlreadyExistsException resourceArn is '%s', expected an ARN ending in '%s'", jc_str_or(rarn), suffix);
}

/* ---- routing ----------------------------------------------------------- */

static void s_unknown_route(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/no-such-resource/at-all", NULL, NULL);
    JC_CHECK(ctx, r->status >= 400 && r->status < 500, "GET /no-such-resource/at-all: HTTP %d, expected a 4xx",
             r->status);
    expect_json_message(ctx, r, "unknown route");
    const char *ct = jc_header(ctx, r, "Content-Type");
    JC_CHECK(ctx, ct && strstr(ct, "json") != NULL, "unknown route: Content-Type is '%s', expected JSON (not HTML)",
             jc_str_or(ct));
}

static void s_unknown_method(jc_ctx *ctx)
{
    /* /jobs has GET only */
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", "/jobs", NULL, NULL);
    JC_CHECK(ctx, r->status >= 400 && r->status < 500, "DELETE /jobs: HTTP %d, expected a 4xx", r->status);
    expect_json_message(ctx, r, "DELETE /jobs");
}

/* GET /jobs/{id} with every character of the id percent-encoded, hex digits
 * in upper case (%6A%63...) or lower case (%6a%63...: RFC 3986 2.1 makes
 * them equivalent). */
static void percent_encoded_label(jc_ctx *ctx, bool lower)
{
    const char *id = jc_create_job_on_new_thing(ctx, NULL);
    const char *enc = "";
    for (const char *p = id; *p; p++)
        enc = lower ? jc_str(ctx, "%s%%%02x", enc, (unsigned char)*p) : jc_str(ctx, "%s%%%02X", enc, (unsigned char)*p);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_str(ctx, "/jobs/%s", enc), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "GET /jobs/%s (the id percent-encoded): HTTP %d %s, expected 200", enc,
               r->status, jc_str_or(r->error_code));
    const char *got = jc_json_string(r, "job.jobId");
    JC_CHECK(ctx, jc_streq(got, id), "job.jobId is '%s', expected the decoded '%s'", jc_str_or(got), id);
}

static void s_percent_encoded_label(jc_ctx *ctx) { percent_encoded_label(ctx, false); }

/* Lower-case hex digits, the letter a among them ("JZjz", bytes 4a 5a 6a
 * 7a, in the thing name and the job id), on both planes. */
static void s_percent_encoded_lower_hex(jc_ctx *ctx)
{
    percent_encoded_label(ctx, true);
    const char *id = jc_name(ctx, "JZjz-_");
    const char *thing = jc_create_thing(ctx, "JZjz", NULL);
    jc_create_job(ctx, id, NULL, (const char *[]){jc_thing_arn(ctx, thing), NULL}, NULL);
    const char *eid = "", *ething = "";
    for (const char *p = id; *p; p++) eid = jc_str(ctx, "%s%%%02x", eid, (unsigned char)*p);
    for (const char *p = thing; *p; p++) ething = jc_str(ctx, "%s%%%02x", ething, (unsigned char)*p);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_str(ctx, "/things/%s/jobs/%s", ething, eid), NULL, NULL);
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "execution.jobId"), id),
             "GET /things/%s/jobs/%s (lower-case hex): HTTP %d %s, jobId %s, expected 200 and %s", ething, eid, r->status,
             jc_str_or(r->error_code), jc_str_or(jc_json_string(r, "execution.jobId")), id);
    r = jc_call(ctx, JC_DATA, "GET", jc_str(ctx, "/things/%s/jobs/%s", ething, eid), NULL, NULL);
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "execution.jobId"), id),
             "data plane GET /things/%s/jobs/%s (lower-case hex): HTTP %d %s, expected 200", ething, eid, r->status,
             jc_str_or(r->error_code));
}

/* A boolean query value that is not valid percent-encoding (force=%zz,
 * force=%e) is not true or false: InvalidRequestException 400, and the
 * CANCELED job is not deleted. */
static void s_bad_escape_in_boolean_query(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    jc_cancel_job_ok(ctx, job);
    static const char *const bad[] = {"force=%zz", "force=%e", "force=tru%g1"};
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", job), bad[i], NULL);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "DeleteJob ?%s: HTTP %d %s, expected InvalidRequestException 400", bad[i], r->status,
                 jc_str_or(r->error_code));
        jc_response *e = jc_call(ctx, JC_CONTROL, "DELETE",
                                 jc_path(ctx, "/things/%s/jobs/%s/executionNumber/1", thing, job), bad[i], NULL);
        JC_CHECK(ctx, e->status == 400 && jc_streq(e->error_code, "InvalidRequestException"),
                 "DeleteJobExecution ?%s: HTTP %d %s, expected InvalidRequestException 400", bad[i], e->status,
                 jc_str_or(e->error_code));
    }
    const char *st = jc_job_status(ctx, job);
    JC_CHECK(ctx, jc_streq(st, "CANCELED"), "after the refused DeleteJob requests the job is %s, expected CANCELED",
             jc_str_or(st));
    JC_CHECK(ctx, jc_execution_status(ctx, thing, job) != NULL,
             "the execution is gone after the refused DeleteJobExecution requests");
    /* positive controls, unchecked: the same calls made valid (the refusals
       prove the rule only on operations shown to work) */
    jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/things/%s/jobs/%s/executionNumber/1", thing, job), "force=false",
            NULL);
    jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", job), "force=false", NULL);
}

static void s_plane_routing(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    /* control plane: ListJobExecutionsForThing */
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "control GET /things/%s/jobs: HTTP %d %s, expected 200", thing, r->status,
               jc_str_or(r->error_code));
    const char *jid = jc_json_string(r, "executionSummaries.0.jobId");
    JC_CHECK(ctx, jc_streq(jid, job), "control GET /things/{thing}/jobs: executionSummaries[0].jobId is '%s', expected "
             "'%s' (ListJobExecutionsForThing)", jc_str_or(jid), job);
    /* control plane: DescribeThing */
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s", thing), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "control GET /things/%s: HTTP %d %s, expected 200", thing, r->status,
               jc_str_or(r->error_code));
    const char *tn = jc_json_string(r, "thingName");
    JC_CHECK(ctx, jc_streq(tn, thing), "control GET /things/{thing}: thingName is '%s', expected '%s' (DescribeThing)",
             jc_str_or(tn), thing);
    /* data plane: GetPendingJobExecutions */
    r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "data GET /things/%s/jobs: HTTP %d %s, expected 200", thing, r->status,
               jc_str_or(r->error_code));
    const char *qid = jc_json_string(r, "queuedJobs.0.jobId");
    JC_CHECK(ctx, jc_streq(qid, job), "data GET /things/{thing}/jobs: queuedJobs[0].jobId is '%s', expected '%s' "
             "(GetPendingJobExecutions)", jc_str_or(qid), job);
    JC_CHECK(ctx, jc_json_array(r, "executionSummaries") == NULL,
             "data GET /things/{thing}/jobs answered with executionSummaries (the control-plane operation)");
}

/* ---- request bodies ---------------------------------------------------- */

static void s_malformed_json(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\"", arn));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_no_job(ctx, id, "a CreateJob with a truncated JSON body");
}

static void s_array_body(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "[{\"targets\":[\"%s\"],\"document\":\"{}\"}]", arn));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_no_job(ctx, id, "a CreateJob whose body is a JSON array");
}

static void s_unknown_members_ignored(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx,
                                    "{\"targets\":[\"%s\"],\"document\":\"{}\",\"destinationPackageVersions\":[],"
                                    "\"jobsconfFutureMember\":{\"nested\":[1,2,3]}}",
                                    arn));
    JC_CHECK(ctx, r->status == 200, "CreateJob with unknown members: HTTP %d %s, expected 200 (unknown members "
             "ignored)", r->status, jc_str_or(r->error_code));
}

static void s_wrong_member_type(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    /* targets a string instead of a list */
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":\"%s\",\"document\":\"{}\"}", arn));
    jc_req_scope(ctx, "WIRE-008"); /* a string for a list: no coercion makes it a list */
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_no_job(ctx, id, "a CreateJob whose targets is a string");
    /* description a number instead of a string: WIRE-013, refused or coerced */
    jc_req_scope(ctx, "WIRE-013");
    r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"description\":42}", arn));
    jc_expect_refused_or_accepted(ctx, r, id, "a CreateJob whose description is a number");
}

static void s_number_as_string(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx,
                                    "{\"targets\":[\"%s\"],\"document\":\"{}\","
                                    "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":\"30\"}}",
                                    arn));
    /* WIRE-013: refused or coerced */
    jc_expect_refused_or_accepted(ctx, r, id, "a CreateJob whose inProgressTimeoutInMinutes is a string");
}

/* ---- response headers -------------------------------------------------- */

static void s_request_id(jc_ctx *ctx)
{
    jc_response *a = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=1", NULL);
    jc_response *b = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_name(ctx, "never-created")), NULL,
                             NULL);
    const char *ida = jc_header(ctx, a, "x-amzn-RequestId");
    const char *idb = jc_header(ctx, b, "x-amzn-RequestId");
    JC_CHECK(ctx, ida && *ida, "a successful response has no x-amzn-RequestId");
    JC_CHECK(ctx, idb && *idb, "an error response has no x-amzn-RequestId");
    if (ida && idb) JC_CHECK(ctx, strcmp(ida, idb) != 0, "two requests got the same x-amzn-RequestId '%s'", ida);
}

static void s_content_type(jc_ctx *ctx)
{
    const char *id = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *r = jc_describe_job(ctx, id);
    const char *ct = jc_header(ctx, r, "Content-Type");
    JC_CHECK(ctx, ct && strncmp(ct, "application/", 12) == 0 && strstr(ct, "json") != NULL,
             "DescribeJob Content-Type is '%s', expected application/json", jc_str_or(ct));
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_name(ctx, "never-created")), NULL, NULL);
    ct = jc_header(ctx, r, "Content-Type");
    JC_CHECK(ctx, ct && strncmp(ct, "application/", 12) == 0 && strstr(ct, "json") != NULL,
             "error response Content-Type is '%s', expected application/json", jc_str_or(ct));
}

/* ---- the error shape of every operation, bodies a lax parser accepts --- */

/* The error is `code` with `status`, named in x-amzn-ErrorType itself (not
 * only in the body), with a JSON body holding a string message and a JSON
 * Content-Type. */
static void expect_error_shape(jc_ctx *ctx, const jc_response *r, const char *code, int status, const char *what)
{
    JC_CHECK(ctx, r->status == status, "%s: HTTP %d, expected %d", what, r->status, status);
    expect_error_header(ctx, r, code);
    JC_CHECK(ctx, jc_streq(r->error_code, code), "%s: the error code as clients read it is '%s', expected '%s'", what,
             jc_str_or(r->error_code), code);
    const cJSON *m = r->json ? cJSON_GetObjectItemCaseSensitive(r->json, "message") : NULL;
    JC_CHECK(ctx, cJSON_IsString(m), "%s: the body is %s, expected a JSON object with a string message", what,
             r->json ? "a JSON object without a string message" : "not a JSON object");
    const char *ct = jc_header(ctx, r, "Content-Type");
    JC_CHECK(ctx, ct && strstr(ct, "json") != NULL, "%s: Content-Type is '%s', expected JSON", what, jc_str_or(ct));
}

/* PUT /jobs/<fresh id> with `body`; expects InvalidRequestException 400 and no job. */
static void expect_create_refused(jc_ctx *ctx, const char *body, const char *what)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL, body);
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "CreateJob with %s: HTTP %d %s, expected InvalidRequestException 400", what, r->status,
             jc_str_or(r->error_code));
    jc_expect_no_job(ctx, id, jc_str(ctx, "a CreateJob with %s", what));
}

/* ---- error shape ------------------------------------------------------- */

static void s_error_shape_every_method(jc_ctx *ctx)
{
    const char *job = jc_name(ctx, "never-created");
    const char *thing = jc_create_thing(ctx, "t", NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "PATCH", jc_path(ctx, "/jobs/%s", job), NULL,
                             "{\"description\":\"x\"}");
    expect_error_shape(ctx, r, "ResourceNotFoundException", 404, "PATCH /jobs/{unknown} (UpdateJob)");
    r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", job), NULL, "{}");
    expect_error_shape(ctx, r, "ResourceNotFoundException", 404, "PUT /jobs/{unknown}/cancel (CancelJob)");
    r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", job), NULL, NULL);
    expect_error_shape(ctx, r, "ResourceNotFoundException", 404, "DELETE /jobs/{unknown} (DeleteJob)");
    r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/jobs/%s/targets", job), NULL,
                jc_str(ctx, "{\"targets\":[\"%s\"]}", jc_thing_arn(ctx, thing)));
    expect_error_shape(ctx, r, "ResourceNotFoundException", 404,
                       "POST /jobs/{unknown}/targets (AssociateTargetsWithJob)");
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", job), NULL, NULL);
    expect_error_shape(ctx, r, "ResourceNotFoundException", 404, "GET /jobs/{unknown}/things (ListJobExecutionsForJob)");
    const char *targets[] = {jc_thing_arn(ctx, thing), NULL};
    const char *real = jc_create_job(ctx, NULL, NULL, targets, "{\"targetSelection\":\"CONTINUOUS\"}");
    positive_control(ctx, JC_CONTROL, "PATCH", jc_path(ctx, "/jobs/%s", real), NULL, "{\"description\":\"x\"}");
    positive_control(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", real), NULL, NULL);
    positive_control(ctx, JC_CONTROL, "POST", jc_path(ctx, "/jobs/%s/targets", real), NULL,
                     jc_str(ctx, "{\"targets\":[\"%s\"]}", jc_thing_arn(ctx, jc_create_thing(ctx, "t2", NULL))));
    positive_control(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", real), NULL, "{}");
    positive_control(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", real), "force=true", NULL);
}

static void s_data_plane_error_shape(jc_ctx *ctx)
{
    const char *thing = jc_create_thing(ctx, "t", NULL);
    const char *job = jc_name(ctx, "never-created");
    jc_response *r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL, NULL);
    expect_error_shape(ctx, r, "ResourceNotFoundException", 404, "data-plane DescribeJobExecution of an unknown job");
    r = jc_call(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL,
                "{\"status\":\"IN_PROGRESS\"}");
    expect_error_shape(ctx, r, "ResourceNotFoundException", 404, "data-plane UpdateJobExecution of an unknown job");
    /* a status outside JobExecutionStatus: 400 on the data plane too */
    const char *exec_job = jc_create_job_on_new_thing(ctx, &thing);
    r = jc_call(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", thing, exec_job), NULL,
                "{\"status\":\"DONE\"}");
    expect_error_shape(ctx, r, "InvalidRequestException", 400, "data-plane UpdateJobExecution with status DONE");
    positive_control(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, exec_job), NULL, NULL);
    positive_control(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", thing, exec_job), NULL,
                     "{\"status\":\"IN_PROGRESS\"}");
}

static void s_data_plane_unknown_route(jc_ctx *ctx)
{
    /* /jobs is a control-plane resource only */
    jc_response *r = jc_call(ctx, JC_DATA, "GET", "/jobs", NULL, NULL);
    JC_CHECK(ctx, r->status >= 400 && r->status < 500, "data-plane GET /jobs: HTTP %d, expected a 4xx", r->status);
    JC_CHECK(ctx, r->json != NULL && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(r->json, "message")),
             "data-plane GET /jobs: the body is not a JSON object with a string message: '%.80s'",
             r->body ? r->body : "");
    JC_CHECK(ctx, jc_json_array(r, "jobs") == NULL, "data-plane GET /jobs answered as ListJobs");
}

static void s_data_plane_request_id(jc_ctx *ctx)
{
    const char *thing = jc_create_thing(ctx, "t", NULL);
    jc_response *a = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    jc_require_status(ctx, a, 200);
    jc_response *b = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, jc_name(ctx, "nope")),
                             NULL, NULL);
    const char *ida = jc_header(ctx, a, "x-amzn-RequestId");
    const char *idb = jc_header(ctx, b, "x-amzn-RequestId");
    JC_CHECK(ctx, ida && *ida, "a data-plane success has no x-amzn-RequestId");
    JC_CHECK(ctx, idb && *idb, "a data-plane error (HTTP %d) has no x-amzn-RequestId", b->status);
    if (ida && idb) JC_CHECK(ctx, strcmp(ida, idb) != 0, "two data-plane requests got the same x-amzn-RequestId '%s'", ida);
}

/* ---- request bodies ---------------------------------------------------- */

static void s_scalar_bodies(jc_ctx *ctx)
{
    /* CancelJob has only optional body members: a server that read a
     * non-object body as {} would cancel the job */
    const char *id = jc_create_job_on_new_thing(ctx, NULL);
    const char *path = jc_path(ctx, "/jobs/%s/cancel", id);
    static const char *const bodies[] = {"null", "\"{}\"", "42", "true"};
    for (size_t i = 0; i < JC_COUNT(bodies); i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", path, NULL, bodies[i]);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "CancelJob with the body %s (JSON, not an object): HTTP %d %s, expected InvalidRequestException 400",
                 bodies[i], r->status, jc_str_or(r->error_code));
    }
    const char *st = jc_json_string(jc_describe_job(ctx, id), "job.status");
    JC_CHECK(ctx, jc_streq(st, "IN_PROGRESS"), "after CancelJob calls with non-object bodies the job is '%s', expected "
             "IN_PROGRESS (unchanged)", jc_str_or(st));
    positive_control(ctx, JC_CONTROL, "PUT", path, NULL, "{}");
}

/* WIRE-015: no body at all, as rest-json clients send when no body member is
 * set, is a request with no body members: CancelJob cancels the job and the
 * device's StartNextPendingJobExecution starts its execution. */
static void s_empty_body(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    if (jc_has_data_plane(ctx)) {
        jc_response *r =
            jc_call(ctx, JC_DATA, "PUT", jc_str(ctx, "%s/jobs/$next", jc_path(ctx, "/things/%s", thing)), NULL, NULL);
        JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "execution.jobId"), job),
                 "StartNextPendingJobExecution without a body: HTTP %d %s, execution.jobId '%s', expected 200 with "
                 "the execution of %s", r->status, jc_str_or(r->error_code), jc_str_or(jc_json_string(r, "execution.jobId")),
                 job);
    }
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", job), NULL, NULL);
    JC_CHECK(ctx, r->status == 200, "CancelJob without a body: HTTP %d %s, expected 200", r->status,
             jc_str_or(r->error_code));
    if (r->status == 200) jc_expect_job_status(ctx, job, "CANCELED");
}

/* WIRE-008: a URI label that percent-decodes to bytes that are not UTF-8
 * (%FF, a truncated %C3) is no string of the model's pattern: the jobId of
 * DescribeJob, the thingName of DescribeJobExecution and the executionNumber
 * of DeleteJobExecution each get InvalidRequestException 400, and the
 * execution is still there. */
static void s_label_not_utf8(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    const char *thing_path = jc_path(ctx, "/things/%s", thing);
    const struct {
        const char *method, *path, *what;
    } calls[] = {
        {"GET", "/jobs/%FF", "DescribeJob of jobId %FF"},
        {"GET", jc_str(ctx, "/jobs/%s%%C3", job), "DescribeJob of the jobId followed by %C3"},
        {"GET", jc_str(ctx, "/things/%s%%FF/jobs/%s", thing, job), "DescribeJobExecution of a thingName ending in %FF"},
        {"DELETE", jc_str(ctx, "%s/jobs/%s/executionNumber/1%%FF", thing_path, job),
         "DeleteJobExecution of executionNumber 1%FF"},
    };
    for (size_t i = 0; i < JC_COUNT(calls); i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, calls[i].method, calls[i].path, NULL, NULL);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "%s: HTTP %d %s, expected InvalidRequestException 400", calls[i].what, r->status,
                 jc_str_or(r->error_code));
    }
    const char *st = jc_execution_status(ctx, thing, job);
    JC_CHECK(ctx, jc_streq(st, "QUEUED"), "after the refused calls the execution is '%s', expected QUEUED (still there)",
             jc_str_or(st));
}

static void s_trailing_text(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_create_refused(ctx, jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\"} trailing", arn),
                          "a complete object followed by text");
    expect_create_refused(ctx, jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\"}{}", arn),
                          "two JSON objects");
}

static void s_member_names_case_sensitive(jc_ctx *ctx)
{
    jc_req_scope(ctx, "WIRE-008"); /* the refusal: the required members are missing */
    const char *arn = jc_new_target(ctx);
    expect_create_refused(ctx, jc_str(ctx, "{\"Targets\":[\"%s\"],\"Document\":\"{}\"}", arn),
                          "Targets/Document (wrong case: the required members are missing)");
}

static void s_document_as_object(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    expect_create_refused(ctx, jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":{\"operation\":\"x\"}}", arn),
                          "document given as a JSON object instead of a string");
    expect_create_refused(ctx, jc_str(ctx, "{\"targets\":[\"%s\",42],\"document\":\"{}\"}", arn),
                          "a number among the targets");
}

static void s_nested_unknown_member(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx,
                                    "{\"targets\":[\"%s\"],\"document\":\"{}\","
                                    "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":30,\"jobsconfFuture\":true}}",
                                    arn));
    JC_REQUIRE_REQ(ctx, "WIRE-006", r->status == 200, "CreateJob with an unknown member inside timeoutConfig: HTTP %d "
                   "%s, expected 200 (unknown members ignored)", r->status, jc_str_or(r->error_code));
    double t = 0;
    JC_CHECK_REQ(ctx, "DJ-005", jc_json_number(jc_describe_job(ctx, id), "job.timeoutConfig.inProgressTimeoutInMinutes", &t) &&
                      t == 30,
             "job.timeoutConfig.inProgressTimeoutInMinutes is %g, expected 30 (the known member kept)", t);
}

static void s_data_plane_bad_bodies(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    const char *path = jc_path(ctx, "/things/%s/jobs/%s", thing, job);
    static const char *const bodies[] = {"{\"status\":\"IN_PROGRESS\"", "[{\"status\":\"IN_PROGRESS\"}]",
                                         "{\"status\":\"IN_PROGRESS\"} x", "{\"status\":[\"IN_PROGRESS\"]}",
                                         "{\"status\":\"IN_PROGRESS\",\"includeJobDocument\":\"maybe\"}",
                                         "{\"status\":\"IN_PROGRESS\",\"includeJobExecutionState\":[true]}",
                                         "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"\"}}"};
    for (size_t i = 0; i < JC_COUNT(bodies); i++) {
        jc_response *r = jc_call(ctx, JC_DATA, "POST", path, NULL, bodies[i]);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "UpdateJobExecution with body %s: HTTP %d %s, expected InvalidRequestException 400", bodies[i],
                 r->status, jc_str_or(r->error_code));
    }
    const char *st = jc_execution_status(ctx, thing, job);
    JC_CHECK(ctx, jc_streq(st, "QUEUED"), "after refused UpdateJobExecution bodies the execution is '%s', expected "
             "QUEUED (unchanged)", jc_str_or(st));
    positive_control(ctx, JC_DATA, "POST", path, NULL, "{\"status\":\"IN_PROGRESS\"}");
}

/* How many times `key` is a member of the object (a JSON text may repeat a
   name; the parser keeps every occurrence). */
static int key_count(const cJSON *obj, const char *key)
{
    int n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, obj) n += it->string && strcmp(it->string, key) == 0;
    return n;
}

/* WIRE-014: a request map that repeats a key (statusDetails on the device
 * API, documentParameters on CreateJob) is refused (InvalidRequestException
 * 400, nothing changed) or taken as a map: read back, the key is there once,
 * with one of the values sent. One map repeats the key next to itself, the
 * other with a key between. */
static void s_duplicate_map_keys(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\","
                                         "\"documentParameters\":{\"p\":\"1\",\"p\":\"2\",\"q\":\"3\"}}", arn));
    if (r->status == 200) {
        jc_response *d = jc_describe_job(ctx, id);
        const cJSON *m = jc_json_object(d, "job.documentParameters");
        const char *p = jc_json_string(d, "job.documentParameters.p");
        JC_CHECK(ctx, m && key_count(m, "p") == 1 && key_count(m, "q") == 1 && (jc_streq(p, "1") || jc_streq(p, "2")),
                 "CreateJob documentParameters {p:1,p:2,q:3} accepted, read back as %s: expected p once (1 or 2) "
                 "and q", jc_json_text(ctx, m));
    } else {
        jc_expect_error(ctx, r, "InvalidRequestException", 400);
        jc_expect_no_job(ctx, id, "a refused CreateJob with a repeated documentParameters key");
    }
    if (!jc_has_data_plane(ctx)) return;

    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    const char *path = jc_path(ctx, "/things/%s/jobs/%s", thing, job);
    r = jc_call(ctx, JC_DATA, "POST", path, NULL,
                "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"1\",\"j\":\"3\",\"k\":\"2\"}}");
    if (r->status == 200) {
        jc_wait_execution_status(ctx, thing, job, "IN_PROGRESS");
        jc_response *e = jc_require_execution(ctx, thing, job);
        const cJSON *m = jc_json_object(e, "execution.statusDetails.detailsMap");
        const char *k = jc_json_string(e, "execution.statusDetails.detailsMap.k");
        JC_CHECK(ctx, m && key_count(m, "k") == 1 && key_count(m, "j") == 1 && (jc_streq(k, "1") || jc_streq(k, "2")),
                 "UpdateJobExecution statusDetails {k:1,j:3,k:2} accepted, read back as %s: expected k once (1 or 2) "
                 "and j", jc_json_text(ctx, m));
    } else {
        jc_expect_error(ctx, r, "InvalidRequestException", 400);
        const char *st = jc_execution_status(ctx, thing, job);
        JC_CHECK(ctx, jc_streq(st, "QUEUED"), "after a refused UpdateJobExecution with a repeated statusDetails key "
                 "the execution is '%s', expected QUEUED (unchanged)", jc_str_or(st));
        positive_control(ctx, JC_DATA, "POST", path, NULL, "{\"status\":\"IN_PROGRESS\"}");
    }
}

/* CE-005, WIRE-008: expectedVersion is a long with no range in the model:
 * 0 and 10^15 are valid values that differ from a new execution's version,
 * so CancelJobExecution answers VersionConflictException 409, not a
 * validation error, and the execution stays QUEUED. */
static void s_long_without_range(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    static const char *const values[] = {"0", "1000000000000000"};
    for (size_t i = 0; i < JC_COUNT(values); i++) {
        jc_response *r =
            jc_cancel_execution(ctx, thing, job, NULL, jc_str(ctx, "{\"expectedVersion\":%s}", values[i]));
        JC_CHECK(ctx, r->status == 409 && jc_streq(r->error_code, "VersionConflictException"),
                 "CancelJobExecution with expectedVersion %s (not the execution's version): HTTP %d %s, expected "
                 "VersionConflictException 409", values[i], r->status, jc_str_or(r->error_code));
    }
    const char *st = jc_execution_status(ctx, thing, job);
    JC_CHECK(ctx, jc_streq(st, "QUEUED"), "after CancelJobExecution with wrong expectedVersions the execution is '%s', "
             "expected QUEUED (unchanged)", jc_str_or(st));
}

/* ---- encodings --------------------------------------------------------- */

static void s_query_percent_decoded(jc_ctx *ctx)
{
    const char *garn = NULL;
    const char *g = jc_create_group(ctx, "g", &garn);
    jc_add_thing_to_group(ctx, g, jc_create_thing(ctx, "m", NULL)); /* keeps the job IN_PROGRESS */
    const char *targets[] = {garn, NULL};
    const char *id = jc_create_job(ctx, NULL, NULL, targets, NULL);
    /* every character of the group name and of IN_PROGRESS percent-encoded */
    const char *enc = "";
    for (const char *p = g; *p; p++) enc = jc_str(ctx, "%s%%%02X", enc, (unsigned char)*p);
    const char *q = jc_str(ctx, "thingGroupName=%s&status=%%49%%4E%%5F%%50%%52%%4F%%47%%52%%45%%53%%53", enc);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", q, NULL);
    JC_REQUIRE(ctx, r->status == 200, "ListJobs ?%s: HTTP %d %s, expected 200 (values percent-decoded)", q, r->status,
               jc_str_or(r->error_code));
    const cJSON *jobs = jc_json_array(r, "jobs");
    const char *got = jc_json_string(r, "jobs.0.jobId");
    JC_CHECK(ctx, jobs && cJSON_GetArraySize(jobs) == 1 && jc_streq(got, id),
             "ListJobs with percent-encoded thingGroupName and status lists %d jobs (first '%s'), expected only %s",
             jobs ? cJSON_GetArraySize(jobs) : -1, jc_str_or(got), id);
}


static void s_length_in_characters(jc_ctx *ctx)
{
    /* "é" is 1 character and 2 UTF-8 bytes: 2028 of them are within the
     * 2028-character limit of description, 2029 are over it */
    const char *arn = jc_new_target(ctx);
    const char *ok = jc_repeat_text(ctx, "\xc3\xa9", 2028);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"description\":\"%s\"}", arn, ok));
    JC_CHECK(ctx, r->status == 200, "CreateJob with a description of 2028 'é' (4056 bytes): HTTP %d %s, expected 200 "
             "(the limit counts characters, not bytes)", r->status, jc_str_or(r->error_code));
    if (r->status == 200) {
        const char *got = jc_json_string(jc_describe_job(ctx, id), "job.description");
        JC_CHECK(ctx, jc_streq(got, ok), "job.description is not the 2028 'é' sent (%zu bytes back, expected %zu)",
                 got ? strlen(got) : 0, strlen(ok));
    }
    expect_create_refused(ctx,
                          jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"description\":\"%s\"}", arn,
                                 jc_repeat_text(ctx, "\xc3\xa9", 2029)),
                          "a description of 2029 'é'");
}

static void s_json_escapes_decoded(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *targets[] = {arn, NULL};
    /* sent escaped: \u00e9t\u00e9 \"q\" a\/b \\ */
    const char *id = jc_create_job(ctx, NULL, NULL, targets,
                                   "{\"description\":\"\\u00e9t\\u00e9 \\\"q\\\" a\\/b \\\\\"}");
    const char *want = "\xc3\xa9t\xc3\xa9 \"q\" a/b \\";
    const char *got = jc_json_string(jc_describe_job(ctx, id), "job.description");
    JC_CHECK(ctx, jc_streq(got, want), "job.description is '%s', expected the decoded '%s'", jc_str_or(got), want);
}

/* ---- thingName on every operation that takes it ------------------------- */

/* The eight operations with a {thingName} label, control and data plane;
 * `job` NULL for the lists. */
typedef struct thing_op {
    jc_plane plane;
    const char *method, *name;
    bool has_job;
    const char *suffix; /* after /things/{t}/jobs[/{j}] */
    const char *body;
} thing_op;

static const thing_op thing_ops[] = {
    {JC_CONTROL, "GET", "DescribeJobExecution", true, "", NULL},
    {JC_CONTROL, "PUT", "CancelJobExecution", true, "/cancel", "{}"},
    {JC_CONTROL, "DELETE", "DeleteJobExecution", true, "/executionNumber/1", NULL},
    {JC_CONTROL, "GET", "ListJobExecutionsForThing", false, "", NULL},
    {JC_DATA, "GET", "GetPendingJobExecutions", false, "", NULL},
    {JC_DATA, "PUT", "StartNextPendingJobExecution", false, "/$next", "{}"},
    {JC_DATA, "GET", "data-plane DescribeJobExecution", true, "", NULL},
    {JC_DATA, "POST", "UpdateJobExecution", true, "", "{\"status\":\"IN_PROGRESS\"}"},
};

static jc_response *call_thing_op(jc_ctx *ctx, const thing_op *op, const char *thing, const char *job)
{
    const char *path = op->has_job ? jc_path(ctx, "/things/%s/jobs/%s", thing, job)
                                   : jc_path(ctx, "/things/%s/jobs", thing);
    return jc_call(ctx, op->plane, op->method, jc_str(ctx, "%s%s", path, op->suffix), NULL, op->body);
}

/* A name the model accepts, with a job that does not exist: the request
 * passes validation, so the answer is "not found" (404) for one execution
 * and 200 (or 404 for the thing, as LX-003 allows) for the lists.
 * `foreign`: a name this run did not create (StartNext is left out). */
static void expect_name_valid(jc_ctx *ctx, const char *thing, bool foreign, const char *what)
{
    const char *job = jc_name(ctx, "no-job");
    for (size_t i = 0; i < JC_COUNT(thing_ops); i++) {
        const thing_op *op = &thing_ops[i];
        /* a name this run did not make may be someone's thing: never start its jobs */
        if (foreign && !op->has_job && op->body) continue;
        jc_response *r = call_thing_op(ctx, op, thing, job);
        if (op->has_job) {
            JC_CHECK(ctx, r->status == 404 && jc_streq(r->error_code, "ResourceNotFoundException"),
                     "%s with %s and an unknown job: HTTP %d %s, expected ResourceNotFoundException 404 (the name is "
                     "valid)", op->name, what, r->status, jc_str_or(r->error_code));
        } else {
            JC_CHECK(ctx, r->status == 200 || (r->status == 404 && jc_streq(r->error_code, "ResourceNotFoundException")),
                     "%s with %s: HTTP %d %s, expected 200 (or ResourceNotFoundException 404: the name is valid)",
                     op->name, what, r->status, jc_str_or(r->error_code));
        }
    }
}

static void expect_name_refused(jc_ctx *ctx, const char *thing, const char *job, const char *what)
{
    for (size_t i = 0; i < JC_COUNT(thing_ops); i++) {
        jc_response *r = call_thing_op(ctx, &thing_ops[i], thing, job);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "%s with %s: HTTP %d %s, expected InvalidRequestException 400", thing_ops[i].name, what, r->status,
                 jc_str_or(r->error_code));
    }
}

/* thingName is 1..128 characters of [a-zA-Z0-9:_-] on every operation: a
 * thing of 128 characters works end to end; 129 characters or a '.' are
 * refused before any lookup (even with a job that exists); 1 character and a
 * ':' pass validation. */
static void s_thing_name_range(jc_ctx *ctx)
{
    const char *base = jc_name(ctx, "");
    const char *t128 = jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'n', 128 - strlen(base)));
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/things/%s", t128), NULL, "{}");
    JC_REQUIRE(ctx, r->status == 200, "CreateThing of a 128-character name: HTTP %d %s (registry.thing-name-128)",
               r->status, jc_str_or(r->error_code));
    const char *job = jc_create_job(ctx, NULL, NULL, (const char *[]){jc_thing_arn(ctx, t128), NULL}, NULL);

    expect_name_refused(ctx, jc_str(ctx, "%sn", t128), job, "a 129-character thingName");
    expect_name_refused(ctx, jc_str(ctx, "%s.x", base), job, "a thingName with '.'");
    expect_name_valid(ctx, "a", true, "a 1-character thingName");
    expect_name_valid(ctx, jc_str(ctx, "%s:x", base), false, "a thingName with ':'");

    /* the 128-character thing, end to end on both planes */
    r = jc_describe_execution(ctx, t128, job, NULL);
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "execution.thingArn"), jc_thing_arn(ctx, t128)),
             "DescribeJobExecution of the 128-character thing: HTTP %d thingArn %s", r->status,
             jc_str_or(jc_json_string(r, "execution.thingArn")));
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", t128), NULL, NULL);
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "executionSummaries.0.jobId"), job),
             "ListJobExecutionsForThing of the 128-character thing: HTTP %d, first jobId %s, expected %s", r->status,
             jc_str_or(jc_json_string(r, "executionSummaries.0.jobId")), job);
    r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", t128), NULL, NULL);
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "queuedJobs.0.jobId"), job),
             "GetPendingJobExecutions of the 128-character thing: HTTP %d, first queued jobId %s, expected %s",
             r->status, jc_str_or(jc_json_string(r, "queuedJobs.0.jobId")), job);
    r = jc_call(ctx, JC_DATA, "PUT", jc_str(ctx, "%s/$next", jc_path(ctx, "/things/%s/jobs", t128)), NULL, "{}");
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "execution.jobId"), job),
             "StartNextPendingJobExecution of the 128-character thing: HTTP %d, jobId %s, expected %s", r->status,
             jc_str_or(jc_json_string(r, "execution.jobId")), job);
    r = jc_call(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", t128, job), NULL,
                "{\"status\":\"SUCCEEDED\",\"includeJobExecutionState\":true}");
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "executionState.status"), "SUCCEEDED"),
             "UpdateJobExecution of the 128-character thing: HTTP %d, status %s, expected SUCCEEDED", r->status,
             jc_str_or(jc_json_string(r, "executionState.status")));
    r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs/%s", t128, job), NULL, NULL);
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "execution.status"), "SUCCEEDED"),
             "data-plane DescribeJobExecution of the 128-character thing: HTTP %d, status %s, expected SUCCEEDED",
             r->status, jc_str_or(jc_json_string(r, "execution.status")));
    /* CancelJobExecution (a second, QUEUED execution) and DeleteJobExecution
       (the SUCCEEDED one) of the 128-character thing */
    const char *queued = jc_create_job(ctx, NULL, NULL, (const char *[]){jc_thing_arn(ctx, t128), NULL}, NULL);
    r = jc_cancel_execution(ctx, t128, queued, NULL, NULL);
    JC_CHECK(ctx, r->status == 200, "CancelJobExecution of the 128-character thing's QUEUED execution: HTTP %d %s",
             r->status, jc_str_or(r->error_code));
    r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/things/%s/jobs/%s/executionNumber/1", t128, job), NULL, NULL);
    JC_CHECK(ctx, r->status == 200, "DeleteJobExecution of the 128-character thing's SUCCEEDED execution: HTTP %d %s",
             r->status, jc_str_or(r->error_code));
}

/* Query keys are percent-decoded like values: %6DaxResults=0 and
 * maxResult%73=0 are maxResults=0 (out of range: InvalidRequestException
 * 400), %73tatus=CANCELED filters like status=CANCELED. */
static void s_query_key_percent_decoded(jc_ctx *ctx)
{
    static const char *const zero[] = {"%6DaxResults=0", "maxResult%73=0", "%6daxResults=0"};
    for (size_t i = 0; i < JC_COUNT(zero); i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", zero[i], NULL);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "ListJobs ?%s (maxResults=0): HTTP %d %s, expected InvalidRequestException 400", zero[i], r->status,
                 jc_str_or(r->error_code));
    }
    const char *job = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "%73tatus=CANCELED&maxResults=250", NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(r, "jobs"))
    {
        const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "status"));
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "jobId"));
        JC_CHECK(ctx, jc_streq(st, "CANCELED") && !jc_streq(id, job),
                 "ListJobs ?%%73tatus=CANCELED lists %s in status %s", jc_str_or(id), jc_str_or(st));
    }
}

/* A percent sign not followed by two hex digits cannot be decoded: the
 * request is malformed (400), not a lookup of some other decoded name. */
static void s_malformed_escape(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    const char *fresh = jc_name(ctx, "job");
    /* with a body too: the label's error must not be lost while the body is read */
    struct {
        jc_plane plane;
        const char *method, *path, *query, *body, *what;
    } cases[] = {
        {JC_CONTROL, "GET", jc_str(ctx, "%s%%zz", jc_path(ctx, "/jobs/%s", job)), NULL, NULL, "DescribeJob of <job>%zz"},
        {JC_CONTROL, "GET", jc_str(ctx, "%s%%g1", jc_path(ctx, "/jobs/%s", job)), NULL, NULL, "DescribeJob of <job>%g1"},
        {JC_CONTROL, "GET", jc_str(ctx, "%s%%3", jc_path(ctx, "/jobs/%s", job)), NULL, NULL,
         "DescribeJob of <job>%3 (an escape cut short)"},
        {JC_CONTROL, "GET", "/jobs", "thingGroupName=%zz", NULL, "ListJobs ?thingGroupName=%zz"},
        {JC_CONTROL, "GET", "/jobs", "thingGroupId=%zz", NULL, "ListJobs ?thingGroupId=%zz"},
        {JC_DATA, "GET", jc_str(ctx, "%s%%zz/jobs", jc_path(ctx, "/things/%s", thing)), NULL, NULL,
         "GetPendingJobExecutions of <thing>%zz"},
        {JC_CONTROL, "PUT", jc_str(ctx, "%s%%zz", jc_path(ctx, "/jobs/%s", fresh)), NULL,
         jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\"}", jc_thing_arn(ctx, thing)),
         "CreateJob of <new job>%zz with a valid body"},
        {JC_DATA, "POST", jc_str(ctx, "%s%%zz", jc_path(ctx, "/things/%s/jobs/%s", thing, job)), NULL,
         "{\"status\":\"IN_PROGRESS\"}", "UpdateJobExecution of <job>%zz with a valid body"},
    };
    for (size_t i = 0; i < JC_COUNT(cases); i++) {
        jc_response *r = jc_call(ctx, cases[i].plane, cases[i].method, cases[i].path, cases[i].query, cases[i].body);
        JC_CHECK(ctx, r->status == 400, "%s: HTTP %d %s, expected 400 (a malformed percent-encoding)", cases[i].what,
                 r->status, jc_str_or(r->error_code));
    }
    jc_expect_no_job(ctx, fresh, "a CreateJob whose jobId label ends in %zz");
    const char *st = jc_execution_status(ctx, thing, job);
    JC_CHECK(ctx, jc_streq(st, "QUEUED"), "after an UpdateJobExecution of <job>%%zz the execution is '%s', expected "
             "QUEUED (unchanged)", jc_str_or(st));
}

/* The text "u0000" in a string is five characters, not the escape \u0000
 * (a NUL, a control character that description refuses, CJ-013): the
 * first is stored as sent, the second refused with InvalidRequestException
 * 400 and no job. */
static void s_u0000_text_and_escape(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"description\":\"menu0000 "
                                    "\\\\u0000 and \\u0041\"}", arn));
    JC_REQUIRE(ctx, r->status == 200, "CreateJob with description 'menu0000 \\\\u0000 and \\u0041': HTTP %d %s, "
               "expected 200", r->status, jc_str_or(r->error_code));
    const char *got = jc_json_string(jc_describe_job(ctx, id), "job.description");
    JC_CHECK(ctx, jc_streq(got, "menu0000 \\u0000 and A"), "job.description is '%s', expected 'menu0000 \\u0000 and A'",
             jc_str_or(got));
    const char *bad = jc_name(ctx, "job");
    r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", bad), NULL,
                jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"description\":\"a\\u0000b\"}", arn));
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "CreateJob with a NUL (\\u0000) in description: HTTP %d %s, expected InvalidRequestException 400",
             r->status, jc_str_or(r->error_code));
    jc_expect_no_job(ctx, bad, "a description holding \\u0000");
}

/* UTF-8 at the edges of each sequence length: U+0800 and U+10000 (the
 * smallest three- and four-byte characters) are accepted and stored byte for
 * byte; an overlong NUL, a surrogate and a truncated sequence make the body
 * not UTF-8, hence not JSON (WIRE-007): InvalidRequestException 400. */
static void s_utf8_edges(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    const char *text = "a\xe0\xa0\x80 b\xf0\x90\x80\x80 c\xc2\xa9";
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"description\":\"%s\"}", arn, text));
    JC_REQUIRE(ctx, r->status == 200, "CreateJob with U+0800, U+10000 and U+00A9 in description: HTTP %d %s",
               r->status, jc_str_or(r->error_code));
    const char *got = jc_json_string(jc_describe_job(ctx, id), "job.description");
    JC_CHECK(ctx, jc_streq(got, text), "job.description is not the text sent byte for byte (%s)", jc_str_or(got));
    static const char *const bad[] = {"a\xc0\x80z", "a\xed\xa0\x80z", "a\xe0\xa0"};
    static const char *const names[] = {"an overlong NUL", "a UTF-16 surrogate", "a truncated sequence"};
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        const char *bid = jc_name(ctx, "job");
        r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", bid), NULL,
                    jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"description\":\"%s\"}", arn, bad[i]));
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "a body holding %s: HTTP %d %s, expected InvalidRequestException 400", names[i], r->status,
                 jc_str_or(r->error_code));
        jc_expect_no_job(ctx, bid, names[i]);
    }
}

/* ---- killenc (issue 11): a malformed escape in a query key --------------- */

/* DP-014, WIRE-010: a query key whose escape is malformed ("%7G": '7' and a
 * non-hex digit) decodes to no key, so includeJ%7GbDocument=true is not
 * includeJobDocument: the request is refused (400) or the parameter is
 * ignored, and no jobDocument comes back either way. */
static void s_query_key_bad_escape(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    const char *keys[] = {"includeJ%7GbDocument", "includeJ%G7bDocument"};
    for (size_t i = 0; i < JC_COUNT(keys); i++) {
        jc_response *r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, job),
                                 jc_str(ctx, "%s=true", keys[i]), NULL);
        if (r->status == 400) continue;
        jc_require_status(ctx, r, 200);
        JC_CHECK(ctx, jc_json_get(r->json, "execution.jobDocument") == NULL,
                 "?%s=true (a malformed escape in the key) was read as includeJobDocument=true: the execution has a "
                 "jobDocument", keys[i]);
    }
}

/* WIRE-008: an enum member takes its own enum's names only; a name that
 * belongs to another enum of the API (an execution status for a job status,
 * a target selection for an execution status, an abort action's neighbour
 * STOP_ROLLOUT for an abort action, CANCEL for a retry failure type) is
 * outside it: InvalidRequestException 400, and no job or change made. */
static void s_enum_names_of_other_members(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    struct {
        jc_plane plane;
        const char *method, *path, *query, *body, *what;
    } cases[] = {
        {JC_CONTROL, "GET", "/jobs", "status=QUEUED", NULL, "ListJobs ?status=QUEUED"},
        {JC_CONTROL, "GET", "/jobs", "targetSelection=FAILED", NULL, "ListJobs ?targetSelection=FAILED"},
        {JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/things", job), "status=SNAPSHOT", NULL,
         "ListJobExecutionsForJob ?status=SNAPSHOT"},
        {JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", thing), "status=SNAPSHOT", NULL,
         "ListJobExecutionsForThing ?status=SNAPSHOT"},
        {JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", thing, job), NULL, "{\"status\":\"SNAPSHOT\"}",
         "UpdateJobExecution with status SNAPSHOT"},
    };
    for (size_t i = 0; i < JC_COUNT(cases); i++) {
        jc_response *r = jc_call(ctx, cases[i].plane, cases[i].method, cases[i].path, cases[i].query, cases[i].body);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "%s: HTTP %d %s, expected InvalidRequestException 400 (not a name of that enum)", cases[i].what,
                 r->status, jc_str_or(r->error_code));
    }
    jc_expect_execution_status(ctx, thing, job, "QUEUED");
    struct {
        const char *members, *what;
    } creates[] = {
        {jc_cfg_abort(ctx, "FAILED", "STOP_ROLLOUT", "50", "1"), "abortConfig action STOP_ROLLOUT"},
        {jc_cfg_retry(ctx, "CANCEL", 1), "jobExecutionsRetryConfig failureType CANCEL"},
        {jc_cfg_abort(ctx, "CANCEL", "CANCEL", "50", "1"), "abortConfig failureType CANCEL"},
        {"\"targetSelection\":\"CANCEL\"", "targetSelection CANCEL"},
    };
    for (size_t i = 0; i < JC_COUNT(creates); i++) {
        const char *id = jc_name(ctx, "job");
        jc_response *r = jc_create_job_with(ctx, id, jc_new_target(ctx), creates[i].members);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "CreateJob with %s: HTTP %d %s, expected InvalidRequestException 400", creates[i].what, r->status,
                 jc_str_or(r->error_code));
        if (!jc_is_2xx(r)) jc_expect_no_job(ctx, id, jc_str(ctx, "CreateJob with %s", creates[i].what));
    }
}

/* ---- killenc (issue 11): schedulingConfig.startTime beyond HH:MM -------- */

/* RO-011, WIRE-008: the model's startTime is a date and an HH:MM time; a
 * server may also take a UTC offset (ISO-8601 +HH:MM), but an offset minute
 * of 60 or an offset hour of 24 is no time at all: 400 either way. A valid
 * offset (+05:59) may be refused as outside the documented format or
 * accepted, and then it schedules the job. */
static void s_start_time_offset_range(jc_ctx *ctx)
{
    long long now = jc_endpoint_now(ctx, NULL);
    /* local times whose UTC instant is 55-70 minutes ahead: RO-010 never decides */
    struct {
        const char *start;
        bool valid;
    } cases[] = {
        {jc_str(ctx, "%s+05:60", jc_iso_minute(ctx, now + 7 * 3600)), false},
        {jc_str(ctx, "%s+24:00", jc_iso_minute(ctx, now + 25 * 3600)), false},
        {jc_str(ctx, "%s-00:60", jc_iso_minute(ctx, now)), false},
        {jc_str(ctx, "%s+05:59", jc_iso_minute(ctx, now + 7 * 3600)), true},
    };
    for (size_t i = 0; i < JC_COUNT(cases); i++) {
        const char *id = jc_name(ctx, "job");
        jc_response *r = jc_create_job_with(ctx, id, jc_new_target(ctx),
                                            jc_str(ctx, "\"schedulingConfig\":{\"startTime\":\"%s\"}", cases[i].start));
        if (!cases[i].valid) {
            JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                     "startTime %s (an offset that does not exist): HTTP %d %s, expected InvalidRequestException 400",
                     cases[i].start, r->status, jc_str_or(r->error_code));
            if (!jc_is_2xx(r)) jc_expect_no_job(ctx, id, jc_str(ctx, "the refused startTime %s", cases[i].start));
        } else if (r->status == 200) {
            const char *st = jc_job_status(ctx, id);
            JC_CHECK(ctx, jc_streq(st, "SCHEDULED"), "a job with startTime %s (about an hour ahead) is %s, expected "
                     "SCHEDULED", cases[i].start, jc_str_or(st));
        } else {
            JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                     "startTime %s: HTTP %d %s, expected 200 or InvalidRequestException 400", cases[i].start, r->status,
                     jc_str_or(r->error_code));
        }
    }
}

/* RO-009: a job starts when its startTime comes and not before. A server
 * that takes seconds and a fraction in startTime (beyond the model's HH:MM;
 * refusing them conforms) must honour them: on a virtual clock, which only
 * the scenario moves, a job scheduled for hh:mm:00.900 is still SCHEDULED at
 * hh:mm:00.450 and IN_PROGRESS at hh:mm:00.950. */
static void s_start_time_fraction_honoured(jc_ctx *ctx)
{
    if (!jc_has_virtual_clock(ctx)) jc_skip(ctx, "needs a virtual clock: the check is to the millisecond");
    double c = 0;
    JC_REQUIRE(ctx, jc_json_number(jc_describe_job(ctx, jc_create_job_on_new_thing(ctx, NULL)), "job.createdAt", &c),
               "DescribeJob has no numeric createdAt");
    long long now_ms = llround(c * 1000.0);
    long long minute = (now_ms / 1000 + 31 * 60) / 60 * 60 + 60; /* a whole minute 31-32 minutes ahead */
    const char *start = jc_str(ctx, "%s:00.900Z", jc_iso_minute(ctx, minute));
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_create_job_with(ctx, id, jc_new_target(ctx),
                                        jc_str(ctx, "\"schedulingConfig\":{\"startTime\":\"%s\"}", start));
    if (r->status == 400 && jc_streq(r->error_code, "InvalidRequestException")) {
        jc_note(ctx, "startTime %s with seconds and a fraction is refused (the model's format is HH:MM)", start);
        jc_expect_no_job(ctx, id, jc_str(ctx, "the refused startTime %s", start));
        return;
    }
    jc_require_status(ctx, r, 200);
    JC_REQUIRE(ctx, jc_wait_job_status(ctx, id, "SCHEDULED", 0), "a job with startTime %s is %s, expected SCHEDULED",
               start, jc_str_or(jc_job_status(ctx, id)));
    jc_advance(ctx, (long)(minute * 1000 + 450 - now_ms));
    const char *st = jc_job_status(ctx, id);
    JC_CHECK(ctx, jc_streq(st, "SCHEDULED"), "450 ms before its startTime %s the job is %s, expected SCHEDULED", start,
             jc_str_or(st));
    jc_advance(ctx, 500);
    JC_CHECK(ctx, jc_wait_job_status(ctx, id, "IN_PROGRESS", jc_settle_ms(ctx)),
             "50 ms after its startTime %s the job is %s, expected IN_PROGRESS", start, jc_str_or(jc_job_status(ctx, id)));
}

static const jc_scenario s_table[] = {
    {"wire.error-type-header", "An error names its type in x-amzn-ErrorType (ResourceNotFoundException, 404)",
     "WIRE-001,WIRE-002", "smoke", 0, s_error_type_header,
     JC_OPS("DescribeJob", "")},
    {"wire.error-statuses", "Errors carry the model's status: InvalidRequest 400, ResourceNotFound 404, "
     "ResourceAlreadyExists 409, InvalidStateTransition 409", "WIRE-001,WIRE-002", "", 0, s_error_statuses,
     JC_OPS("CreateJob,DeleteJob,GetJobDocument", "CreateThing")},
    {"wire.error-body-message", "A 4xx error body is a JSON object with a string message", "WIRE-003", "", 0,
     s_error_body_message,
     JC_OPS("CreateJob,DescribeJob", "")},
    {"wire.already-exists-resource-id", "ResourceAlreadyExistsException carries resourceId and resourceArn of the "
     "existing job when it gives them", "CJ-004,CJ-023", "may", 0, s_already_exists_members,
     JC_OPS("CreateJob", "CreateThing")},
    {"wire.unknown-route", "A path that matches no operation gets a JSON 4xx error, not HTML", "WIRE-010,WIRE-003",
     "negative", 0, s_unknown_route,
     JC_OPS("", "")},
    {"wire.unknown-method", "A method that /jobs does not serve gets a JSON 4xx error", "WIRE-010,WIRE-003",
     "negative", 0, s_unknown_method,
     JC_OPS("", "")},
    {"wire.percent-encoded-label", "A fully percent-encoded jobId label is decoded before lookup", "WIRE-010", "", 0,
     s_percent_encoded_label,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing")},
    {"wire.plane-routing", "GET /things/{thing}/jobs is ListJobExecutionsForThing on the control plane and "
     "GetPendingJobExecutions on the data plane; GET /things/{thing} is DescribeThing", "WIRE-011", "smoke", 0,
     s_plane_routing,
     JC_OPS("", "CreateJob,ListJobExecutionsForThing,CreateThing,DescribeThing,iot-jobs-data GetPendingJobExecutions")},
    {"wire.malformed-json", "A truncated JSON body gives InvalidRequestException 400 and creates nothing", "WIRE-007",
     "negative", 0, s_malformed_json,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"wire.array-body", "A body that is a JSON array gives InvalidRequestException 400 and creates nothing",
     "WIRE-007", "negative", 0, s_array_body,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"wire.unknown-members-ignored", "Body members the model does not define are ignored", "WIRE-006", "", 0,
     s_unknown_members_ignored,
     JC_OPS("", "CreateJob,CreateThing")},
    {"wire.wrong-member-type", "A string targets or a numeric description gives InvalidRequestException 400",
     "WIRE-008,WIRE-013", "negative", 0, s_wrong_member_type,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"wire.number-as-string", "A numeric member sent as a JSON string is refused (InvalidRequestException 400) or "
     "coerced", "WIRE-013",
     "negative", 0, s_number_as_string,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"wire.request-id", "Success and error responses carry distinct non-empty x-amzn-RequestId headers", "WIRE-004",
     "should", 0, s_request_id,
     JC_OPS("DescribeJob", "ListJobs")},
    {"wire.content-type-json", "Success and error responses have a JSON Content-Type", "WIRE-005,WIRE-003", "", 0,
     s_content_type,
     JC_OPS("DescribeJob", "CreateJob,CreateThing")},
    {"wire.error-shape-every-method", "404s of PATCH, PUT, DELETE, POST and GET routes carry x-amzn-ErrorType "
     "ResourceNotFoundException, a JSON message and a JSON Content-Type", "WIRE-001,WIRE-002,WIRE-003,WIRE-012",
     "negative", 0, s_error_shape_every_method,
     JC_OPS("AssociateTargetsWithJob,CancelJob,DeleteJob,ListJobExecutionsForJob,UpdateJob", "CreateJob,CreateThing")},
    {"wire.data-plane-error-shape", "Data-plane errors carry x-amzn-ErrorType, the model's status (404, 400) and "
     "a JSON message", "WIRE-001,WIRE-002,WIRE-003,WIRE-012", "negative", 0, s_data_plane_error_shape,
     JC_OPS("iot-jobs-data DescribeJobExecution,iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"wire.data-plane-unknown-route", "GET /jobs on the data plane gets a JSON 4xx, not ListJobs",
     "WIRE-010,WIRE-011,WIRE-003", "negative", 0, s_data_plane_unknown_route,
     JC_OPS("", "")},
    {"wire.data-plane-request-id", "Data-plane success and error responses carry distinct x-amzn-RequestId",
     "WIRE-004", "should", 0, s_data_plane_request_id,
     JC_OPS("iot-jobs-data GetPendingJobExecutions", "CreateThing,iot-jobs-data DescribeJobExecution")},
    {"wire.scalar-bodies", "CancelJob bodies null, a string, a number and true give InvalidRequestException "
     "400 and leave the job IN_PROGRESS", "WIRE-007", "negative", 0, s_scalar_bodies,
     JC_OPS("CancelJob", "CreateJob,DescribeJob,CreateThing")},
    {"wire.trailing-text", "An object followed by text or by a second object gives InvalidRequestException 400",
     "WIRE-007", "negative", 0, s_trailing_text,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"wire.member-names-case-sensitive", "Targets/Document in the wrong case are not targets/document: "
     "InvalidRequestException 400", "WIRE-008,WIRE-006", "negative", 0, s_member_names_case_sensitive,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"wire.document-as-object", "document as a JSON object or a number in targets gives InvalidRequestException "
     "400", "WIRE-008", "negative", 0, s_document_as_object,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"wire.nested-unknown-member-ignored", "An unknown member inside timeoutConfig is ignored and the known one "
     "kept", "WIRE-006,DJ-005", "should", 0, s_nested_unknown_member,
     JC_OPS("DescribeJob", "CreateJob,CreateThing")},
    {"wire.data-plane-bad-bodies", "UpdateJobExecution with truncated, array, trailing-text or mistyped bodies "
     "(status a list, includeJobDocument a word, includeJobExecutionState a list, an empty statusDetails value) "
     "gives InvalidRequestException 400 and leaves the execution QUEUED", "WIRE-007,WIRE-008", "negative", 0,
     s_data_plane_bad_bodies,
     JC_OPS("iot-jobs-data UpdateJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"wire.duplicate-map-keys", "documentParameters and statusDetails objects that repeat a key are refused "
     "(400, nothing changed) or read back with the key once", "WIRE-014", "negative", 0, s_duplicate_map_keys,
     JC_OPS("CreateJob,iot-jobs-data UpdateJobExecution", "DescribeJob,DescribeJobExecution,CreateThing")},
    {"wire.empty-body", "CancelJob and StartNextPendingJobExecution sent with no body at all succeed as with {}",
     "WIRE-015", "", 0, s_empty_body,
     JC_OPS("CancelJob,iot-jobs-data StartNextPendingJobExecution", "CreateJob,DescribeJob,CreateThing")},
    {"wire.label-not-utf8", "jobId, thingName and executionNumber labels that percent-decode to bytes that are not "
     "UTF-8 give InvalidRequestException 400", "WIRE-008", "negative", 0, s_label_not_utf8,
     JC_OPS("DeleteJobExecution,DescribeJob,DescribeJobExecution", "CreateJob,CreateThing")},
    {"wire.long-without-range", "CancelJobExecution with expectedVersion 0 or 10^15 (valid longs, not the version) "
     "gives VersionConflictException 409 and leaves the execution QUEUED", "CE-005,WIRE-008", "", 0,
     s_long_without_range,
     JC_OPS("CancelJobExecution", "CreateJob,DescribeJobExecution,CreateThing")},
    {"wire.query-percent-decoded", "Fully percent-encoded thingGroupName and status query values are decoded",
     "WIRE-010,LJ-003,LJ-004", "", 0, s_query_percent_decoded,
     JC_OPS("ListJobs", "CreateJob,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"wire.length-in-characters", "description limits count characters: 2028 'é' (4056 bytes) accepted and "
     "echoed, 2029 refused with 400", "CJ-013,WIRE-008", "limits", 0, s_length_in_characters,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"wire.json-escapes-decoded", "JSON escapes in a request string (\\u00e9, \\\", \\/, \\\\) are decoded before "
     "storing", "DJ-005,WIRE-005", "", 0, s_json_escapes_decoded,
     JC_OPS("DescribeJob", "CreateJob,CreateThing")},
    {"wire.thing-name-range", "thingName on all eight operations taking it: 128 characters works end to end, 129 "
     "characters or a '.' give InvalidRequestException 400, 1 character and ':' pass validation", "WIRE-008,WIRE-012",
     "limits,negative", 0, s_thing_name_range,
     JC_OPS("CancelJobExecution,DeleteJobExecution,DescribeJobExecution,ListJobExecutionsForThing,iot-jobs-data GetPendingJobExecutions,iot-jobs-data StartNextPendingJobExecution,iot-jobs-data DescribeJobExecution,iot-jobs-data UpdateJobExecution", "CreateJob,CreateThing")},
    {"wire.percent-encoded-lower-hex", "Labels percent-encoded with lower-case hex digits (%6a, %3a...) are decoded "
     "like upper-case ones, on both planes", "WIRE-010", "", 0, s_percent_encoded_lower_hex,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data DescribeJobExecution")},
    {"wire.bad-escape-in-boolean-query", "force=%zz, force=%e and force=tru%g1 give InvalidRequestException 400 on "
     "DeleteJob and DeleteJobExecution and delete nothing", "WIRE-010,WIRE-008", "negative", 0,
     s_bad_escape_in_boolean_query,
     JC_OPS("DeleteJob,DeleteJobExecution", "CancelJob,CreateJob,DescribeJob,DescribeJobExecution,CreateThing")},
    {"wire.query-key-percent-decoded", "Percent-encoded query keys are decoded: %6DaxResults=0 and maxResult%73=0 "
     "give InvalidRequestException 400, %73tatus=CANCELED filters", "WIRE-008,PG-001,LJ-003", "negative", 0,
     s_query_key_percent_decoded,
     JC_OPS("ListJobs", "CreateJob,CreateThing")},
    {"wire.malformed-escape", "A '%' not followed by two hex digits in a label or a query value gives 400 on both "
     "planes", "WIRE-010", "negative", 0, s_malformed_escape,
     JC_OPS("DescribeJob,ListJobs,iot-jobs-data GetPendingJobExecutions", "CreateJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"wire.u0000-text-and-escape", "The text 'u0000' and an escaped backslash before it are stored as sent; the "
     "escape \\u0000 (a NUL) in description gives InvalidRequestException 400", "CJ-013,WIRE-008", "negative", 0,
     s_u0000_text_and_escape,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"wire.utf8-edges", "U+0800 and U+10000 are accepted and stored byte for byte; an overlong NUL, a surrogate or a "
     "truncated sequence gives InvalidRequestException 400", "WIRE-007,CJ-013", "negative", 0, s_utf8_edges,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"wire.query-key-bad-escape", "A query key with a malformed escape (includeJ%7GbDocument) is not "
     "includeJobDocument: 400, or no jobDocument", "WIRE-010,DP-014", "negative", 0, s_query_key_bad_escape,
     JC_OPS("iot-jobs-data DescribeJobExecution", "CreateJob,CreateThing")},
    {"wire.enum-names-of-other-members", "A name of another enum (status=QUEUED on ListJobs, SNAPSHOT as an "
     "execution status, STOP_ROLLOUT as an abort action, CANCEL as a retry failure type) gives "
     "InvalidRequestException 400", "WIRE-008", "negative", 0, s_enum_names_of_other_members,
     JC_OPS("CreateJob,DescribeJob,ListJobExecutionsForJob,ListJobExecutionsForThing,ListJobs,iot-jobs-data UpdateJobExecution", "DescribeJobExecution,CreateThing")},
    {"wire.start-time-offset-range", "A startTime with offset minute 60 or offset hour 24 gives "
     "InvalidRequestException 400; +05:59 is refused or schedules the job", "RO-011,WIRE-008", "negative", 0,
     s_start_time_offset_range,
     JC_OPS("CreateJob,DescribeJob", "CreateThing")},
    {"wire.start-time-fraction-honoured", "A startTime with seconds and a fraction, when accepted, starts the job at "
     "that millisecond and not before", "RO-009", "timers", JC_NEEDS_CLOCK, s_start_time_fraction_honoured,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
};

JC_SUITE(wire, "Wire", s_table);
