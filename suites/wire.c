/* Wire protocol (rest-json): how errors are conveyed (x-amzn-ErrorType,
 * status per the model, JSON body with message), unknown routes, malformed
 * and mistyped bodies, unknown members, percent-encoded labels, request ids
 * and the Content-Type of responses. */
#include <string.h>

#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(absent)"; }
static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* The value of a response header (ctx-owned), or NULL. */
static const char *header(jc_ctx *ctx, const jc_response *r, const char *name)
{
    char buf[1024];
    if (!r->headers) return NULL;
    const char *v = jc_header_find(r->headers, strlen(r->headers), name, buf, sizeof buf);
    return v ? jc_str(ctx, "%s", v) : NULL;
}

/* The x-amzn-ErrorType header names `code` (text after ':' ignored). */
static void expect_error_header(jc_ctx *ctx, const jc_response *r, const char *code)
{
    const char *h = header(ctx, r, "x-amzn-ErrorType");
    size_t n = strlen(code);
    JC_CHECK(ctx, h && strncmp(h, code, n) == 0 && (h[n] == '\0' || h[n] == ':'),
             "x-amzn-ErrorType is '%s', expected '%s'", str_or(h), code);
}

/* The body is a JSON object with a string `message`. */
static void expect_json_message(jc_ctx *ctx, const jc_response *r, const char *what)
{
    JC_CHECK(ctx, r->json != NULL, "%s: the body is not a JSON object (%s): '%.80s'", what, str_or(r->decode_error),
             r->body ? r->body : "");
    const cJSON *m = r->json ? cJSON_GetObjectItemCaseSensitive(r->json, "message") : NULL;
    JC_CHECK(ctx, cJSON_IsString(m), "%s: the body has no string `message`", what);
}

static void expect_no_job(jc_ctx *ctx, const char *id, const char *after)
{
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    JC_CHECK(ctx, d->status == 404, "after %s, DescribeJob %s gives HTTP %d, expected 404 (no job created)", after, id,
             d->status);
}

static const char *new_target(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    return arn;
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
    /* 400 InvalidRequestException */
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "targetSelection=SOMETIMES", NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    /* 404 ResourceNotFoundException */
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", jc_name(ctx, "never-created")), NULL,
                NULL);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    /* 409 ResourceAlreadyExistsException */
    const char *arn = new_target(ctx);
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
    r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "status=SUCCEEDED", NULL);
    JC_REQUIRE(ctx, r->status == 400, "ListJobs status=SUCCEEDED: HTTP %d, expected 400", r->status);
    expect_json_message(ctx, r, "InvalidRequestException");
}

static void s_already_exists_members(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    const char *targets[] = {arn, NULL};
    const char *id = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\"}", arn));
    JC_REQUIRE(ctx, r->status == 409, "duplicate CreateJob: HTTP %d %s, expected 409", r->status,
               str_or(r->error_code));
    const char *rid = jc_json_string(r, "resourceId");
    const char *rarn = jc_json_string(r, "resourceArn");
    JC_CHECK(ctx, streq(rid, id), "ResourceAlreadyExistsException resourceId is '%s', expected '%s'", str_or(rid), id);
    const char *suffix = jc_str(ctx, ":job/%s", id);
    JC_CHECK(ctx, rarn && strlen(rarn) > strlen(suffix) && strcmp(rarn + strlen(rarn) - strlen(suffix), suffix) == 0,
             "ResourceAlreadyExistsException resourceArn is '%s', expected an ARN ending in '%s'", str_or(rarn), suffix);
}

/* ---- routing ----------------------------------------------------------- */

static void s_unknown_route(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/no-such-resource/at-all", NULL, NULL);
    JC_CHECK(ctx, r->status >= 400 && r->status < 500, "GET /no-such-resource/at-all: HTTP %d, expected a 4xx",
             r->status);
    expect_json_message(ctx, r, "unknown route");
    const char *ct = header(ctx, r, "Content-Type");
    JC_CHECK(ctx, ct && strstr(ct, "json") != NULL, "unknown route: Content-Type is '%s', expected JSON (not HTML)",
             str_or(ct));
}

static void s_unknown_method(jc_ctx *ctx)
{
    /* /jobs has GET only */
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", "/jobs", NULL, NULL);
    JC_CHECK(ctx, r->status >= 400 && r->status < 500, "DELETE /jobs: HTTP %d, expected a 4xx", r->status);
    expect_json_message(ctx, r, "DELETE /jobs");
}

static void s_percent_encoded_label(jc_ctx *ctx)
{
    const char *id = jc_create_job_on_new_thing(ctx, NULL);
    /* every character of the id percent-encoded: %6A%63... */
    const char *enc = "";
    for (const char *p = id; *p; p++) enc = jc_str(ctx, "%s%%%02X", enc, (unsigned char)*p);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_str(ctx, "/jobs/%s", enc), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "GET /jobs/%s (the id percent-encoded): HTTP %d %s, expected 200", enc,
               r->status, str_or(r->error_code));
    const char *got = jc_json_string(r, "job.jobId");
    JC_CHECK(ctx, streq(got, id), "job.jobId is '%s', expected the decoded '%s'", str_or(got), id);
}

static void s_plane_routing(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    /* control plane: ListJobExecutionsForThing */
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "control GET /things/%s/jobs: HTTP %d %s, expected 200", thing, r->status,
               str_or(r->error_code));
    const char *jid = jc_json_string(r, "executionSummaries.0.jobId");
    JC_CHECK(ctx, streq(jid, job), "control GET /things/{thing}/jobs: executionSummaries[0].jobId is '%s', expected "
             "'%s' (ListJobExecutionsForThing)", str_or(jid), job);
    /* control plane: DescribeThing */
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s", thing), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "control GET /things/%s: HTTP %d %s, expected 200", thing, r->status,
               str_or(r->error_code));
    const char *tn = jc_json_string(r, "thingName");
    JC_CHECK(ctx, streq(tn, thing), "control GET /things/{thing}: thingName is '%s', expected '%s' (DescribeThing)",
             str_or(tn), thing);
    /* data plane: GetPendingJobExecutions */
    r = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs", thing), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "data GET /things/%s/jobs: HTTP %d %s, expected 200", thing, r->status,
               str_or(r->error_code));
    const char *qid = jc_json_string(r, "queuedJobs.0.jobId");
    JC_CHECK(ctx, streq(qid, job), "data GET /things/{thing}/jobs: queuedJobs[0].jobId is '%s', expected '%s' "
             "(GetPendingJobExecutions)", str_or(qid), job);
    JC_CHECK(ctx, jc_json_array(r, "executionSummaries") == NULL,
             "data GET /things/{thing}/jobs answered with executionSummaries (the control-plane operation)");
}

/* ---- request bodies ---------------------------------------------------- */

static void s_malformed_json(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\"", arn));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    expect_no_job(ctx, id, "a CreateJob with a truncated JSON body");
}

static void s_array_body(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "[{\"targets\":[\"%s\"],\"document\":\"{}\"}]", arn));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    expect_no_job(ctx, id, "a CreateJob whose body is a JSON array");
}

static void s_unknown_members_ignored(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx,
                                    "{\"targets\":[\"%s\"],\"document\":\"{}\",\"destinationPackageVersions\":[],"
                                    "\"jobsconfFutureMember\":{\"nested\":[1,2,3]}}",
                                    arn));
    JC_CHECK(ctx, r->status == 200, "CreateJob with unknown members: HTTP %d %s, expected 200 (unknown members "
             "ignored)", r->status, str_or(r->error_code));
}

static void s_wrong_member_type(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    const char *id = jc_name(ctx, "job");
    /* targets a string instead of a list */
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":\"%s\",\"document\":\"{}\"}", arn));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    expect_no_job(ctx, id, "a CreateJob whose targets is a string");
    /* description a number instead of a string */
    r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"description\":42}", arn));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    expect_no_job(ctx, id, "a CreateJob whose description is a number");
}

static void s_number_as_string(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx,
                                    "{\"targets\":[\"%s\"],\"document\":\"{}\","
                                    "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":\"30\"}}",
                                    arn));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    expect_no_job(ctx, id, "a CreateJob whose inProgressTimeoutInMinutes is a string");
}

/* ---- response headers -------------------------------------------------- */

static void s_request_id(jc_ctx *ctx)
{
    jc_response *a = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=1", NULL);
    jc_response *b = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_name(ctx, "never-created")), NULL,
                             NULL);
    const char *ida = header(ctx, a, "x-amzn-RequestId");
    const char *idb = header(ctx, b, "x-amzn-RequestId");
    JC_CHECK(ctx, ida && *ida, "a successful response has no x-amzn-RequestId");
    JC_CHECK(ctx, idb && *idb, "an error response has no x-amzn-RequestId");
    if (ida && idb) JC_CHECK(ctx, strcmp(ida, idb) != 0, "two requests got the same x-amzn-RequestId '%s'", ida);
}

static void s_content_type(jc_ctx *ctx)
{
    const char *id = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *r = jc_describe_job(ctx, id);
    const char *ct = header(ctx, r, "Content-Type");
    JC_CHECK(ctx, ct && strncmp(ct, "application/", 12) == 0 && strstr(ct, "json") != NULL,
             "DescribeJob Content-Type is '%s', expected application/json", str_or(ct));
    r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", jc_name(ctx, "never-created")), NULL, NULL);
    ct = header(ctx, r, "Content-Type");
    JC_CHECK(ctx, ct && strncmp(ct, "application/", 12) == 0 && strstr(ct, "json") != NULL,
             "error response Content-Type is '%s', expected application/json", str_or(ct));
}

static const jc_scenario s_table[] = {
    {"wire.error-type-header", "An error names its type in x-amzn-ErrorType (ResourceNotFoundException, 404)",
     "WIRE-001,WIRE-002", "smoke", 0, s_error_type_header},
    {"wire.error-statuses", "Errors carry the model's status: InvalidRequest 400, ResourceNotFound 404, "
     "ResourceAlreadyExists 409, InvalidStateTransition 409", "WIRE-001,WIRE-002", "", 0, s_error_statuses},
    {"wire.error-body-message", "A 4xx error body is a JSON object with a string message", "WIRE-003", "", 0,
     s_error_body_message},
    {"wire.already-exists-resource-id", "ResourceAlreadyExistsException carries resourceId and resourceArn of the "
     "existing job", "CJ-004", "should", 0, s_already_exists_members},
    {"wire.unknown-route", "A path that matches no operation gets a JSON 4xx error, not HTML", "WIRE-010,WIRE-003",
     "negative", 0, s_unknown_route},
    {"wire.unknown-method", "A method that /jobs does not serve gets a JSON 4xx error", "WIRE-010,WIRE-003",
     "negative", 0, s_unknown_method},
    {"wire.percent-encoded-label", "A fully percent-encoded jobId label is decoded before lookup", "WIRE-010", "", 0,
     s_percent_encoded_label},
    {"wire.plane-routing", "GET /things/{thing}/jobs is ListJobExecutionsForThing on the control plane and "
     "GetPendingJobExecutions on the data plane; GET /things/{thing} is DescribeThing", "WIRE-011", "smoke", 0,
     s_plane_routing},
    {"wire.malformed-json", "A truncated JSON body gives InvalidRequestException 400 and creates nothing", "WIRE-007",
     "negative", 0, s_malformed_json},
    {"wire.array-body", "A body that is a JSON array gives InvalidRequestException 400 and creates nothing",
     "WIRE-007", "negative", 0, s_array_body},
    {"wire.unknown-members-ignored", "Body members the model does not define are ignored", "WIRE-006", "", 0,
     s_unknown_members_ignored},
    {"wire.wrong-member-type", "A string targets or a numeric description gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_wrong_member_type},
    {"wire.number-as-string", "A numeric member sent as a JSON string gives InvalidRequestException 400", "WIRE-008",
     "negative", 0, s_number_as_string},
    {"wire.request-id", "Success and error responses carry distinct non-empty x-amzn-RequestId headers", "WIRE-004",
     "should", 0, s_request_id},
    {"wire.content-type-json", "Success and error responses have a JSON Content-Type", "WIRE-005,WIRE-003", "", 0,
     s_content_type},
};

JC_SUITE(wire, "Wire", s_table);
