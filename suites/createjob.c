/* CreateJob suite (PUT /jobs/{jobId}): the worked example of
 * suites/README.md. Each scenario names the catalogue requirements it
 * verifies. */
#include <stdlib.h>
#include <string.h>

#include "jc_support.h"

/* PUT /jobs/{id} with a body built by the scenario; takes ownership of body. */
static jc_response *put_job(jc_ctx *ctx, const char *job_id, cJSON *body)
{
    jc_response *r = jc_call_json(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", job_id), NULL, body);
    cJSON_Delete(body);
    return r;
}

/* A body {"targets":[arn], "document": doc} (doc NULL: no document). */
static cJSON *job_body(const char *target_arn, const char *doc)
{
    cJSON *b = cJSON_CreateObject();
    cJSON *t = cJSON_AddArrayToObject(b, "targets");
    if (target_arn) cJSON_AddItemToArray(t, cJSON_CreateString(target_arn));
    if (doc) cJSON_AddStringToObject(b, "document", doc);
    return b;
}

/* A JSON document of exactly `len` characters: {"d":"xxx...x"}. */
static const char *document_of_length(jc_ctx *ctx, size_t len)
{
    const char *fill = jc_repeat(ctx, 'x', len - 8);
    return jc_str(ctx, "{\"d\":\"%s\"}", fill);
}

static void s_snapshot_on_thing(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, job_body(arn, "{\"operation\":\"reboot\"}"));
    jc_require_status(ctx, r, 200);
    const char *job_id = jc_json_string(r, "jobId");
    const char *job_arn = jc_json_string(r, "jobArn");
    JC_CHECK(ctx, job_id && strcmp(job_id, id) == 0, "jobId in the response is '%s', expected '%s'",
             job_id ? job_id : "(absent)", id);
    JC_CHECK(ctx, job_arn != NULL, "the response has no jobArn");
    if (job_arn) {
        const char *suffix = jc_str(ctx, ":job/%s", id);
        size_t al = strlen(job_arn), sl = strlen(suffix);
        JC_CHECK(ctx, strncmp(job_arn, "arn:", 4) == 0 && al > sl && strcmp(job_arn + al - sl, suffix) == 0,
                 "jobArn '%s' is not an ARN ending in '%s'", job_arn, suffix);
    }
}

static void s_describe_after_create(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *id = jc_create_job_on_new_thing(ctx, &thing);
    jc_response *d = jc_describe_job(ctx, id);
    const char *status = jc_json_string(d, "job.status");
    JC_CHECK(ctx, status && strcmp(status, "IN_PROGRESS") == 0, "job.status is '%s', expected IN_PROGRESS",
             status ? status : "(absent)");
    const cJSON *targets = jc_json_array(d, "job.targets");
    const cJSON *t0 = targets ? cJSON_GetArrayItem(targets, 0) : NULL;
    JC_CHECK(ctx, cJSON_GetArraySize(targets) == 1 && cJSON_IsString(t0) &&
                      strcmp(t0->valuestring, jc_thing_arn(ctx, thing)) == 0,
             "job.targets does not echo the one target thing ARN");
}

static void s_duplicate_id(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *id = jc_create_job(ctx, NULL, "{\"operation\":\"first\"}", targets, NULL);
    jc_response *before = jc_describe_job(ctx, id);
    const char *other = jc_new_target(ctx);
    cJSON *b = job_body(other, "{\"operation\":\"again\"}");
    cJSON_AddStringToObject(b, "description", "the second CreateJob");
    jc_response *r = put_job(ctx, id, b);
    jc_response *after = jc_describe_job(ctx, id);
    static const char *const paths[] = {"job.description", "job.targets", "job.status", "job.targetSelection",
                                        "job.createdAt", "job.jobArn", NULL};
    jc_expect_refused_unchanged(ctx, r, "ResourceAlreadyExistsException", 409, before, after, paths,
                                "a second CreateJob with the same id");
    jc_response *doc = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", id), NULL, NULL);
    jc_require_status(ctx, doc, 200);
    const char *got = jc_json_string(doc, "document");
    JC_CHECK(ctx, jc_streq(got, "{\"operation\":\"first\"}"),
             "after the refused second CreateJob the document is '%s', expected the first one unchanged",
             jc_str_or(got));
}

static void s_job_id_64(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *base = jc_name(ctx, "");
    const char *id = jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'a', 64 - strlen(base)));
    JC_REQUIRE(ctx, strlen(id) == 64, "harness: id length %zu", strlen(id));
    jc_response *r = put_job(ctx, id, job_body(arn, "{}"));
    jc_expect_status(ctx, r, 200);
}

static void s_job_id_65(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *base = jc_name(ctx, "");
    const char *id = jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'a', 65 - strlen(base)));
    jc_response *r = put_job(ctx, id, job_body(arn, "{}"));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    /* the 64-character prefix must not have been created in its place */
    jc_expect_no_job(ctx, jc_str(ctx, "%.64s", id), "a refused 65-character jobId");
}

static void s_job_id_bad_characters(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    /* '!' and '.' are outside [a-zA-Z0-9_-]; the label is percent-encoded */
    const char *id = jc_str(ctx, "%s!bad.id", jc_name(ctx, ""));
    jc_response *r = put_job(ctx, id, job_body(arn, "{}"));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static void s_targets_missing(jc_ctx *ctx)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "document", "{}");
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, b);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_no_job(ctx, id, "the refused CreateJob");
}

static void s_targets_empty(jc_ctx *ctx)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, job_body(NULL, "{}"));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_no_job(ctx, id, "the refused CreateJob");
}

static const char *const bad_target_codes[] = {"InvalidRequestException", "ResourceNotFoundException", NULL};

static void s_target_not_an_arn(jc_ctx *ctx)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, job_body("not-an-arn", "{}"));
    jc_expect_error_in(ctx, r, bad_target_codes);
    jc_expect_no_job(ctx, id, "the refused CreateJob");
}

static void s_target_unknown_thing(jc_ctx *ctx)
{
    const char *arn = jc_thing_arn(ctx, jc_name(ctx, "never-created"));
    jc_response *r = put_job(ctx, jc_name(ctx, "job"), job_body(arn, "{}"));
    JC_CHECK_REQ(ctx, "CJ-010", r->status >= 400 && r->status < 500, "CreateJob on an unknown thing: HTTP %d, expected a 4xx",
                 r->status);
    jc_req_scope(ctx, "CJ-011"); /* the error type: a SHOULD */
    jc_expect_error_in(ctx, r, bad_target_codes);
    jc_req_scope(ctx, NULL);
}

/* CJ-003: a thing or thing-group ARN of an existing resource is accepted;
 * the same name under another service, resource type or a malformed prefix
 * is not such an ARN and is refused, creating no job. */
static void s_target_arn_shapes(jc_ctx *ctx)
{
    const char *tarn = NULL, *garn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &tarn);
    jc_create_group(ctx, "g", &garn);
    const char *ok_id = jc_name(ctx, "job");
    cJSON *b = job_body(tarn, "{}");
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(b, "targets"), cJSON_CreateString(garn));
    jc_require_status(ctx, put_job(ctx, ok_id, b), 200);
    /* tarn is "arn:aws:iot:<region>:<account>:thing/<name>": keep the tail, break one part */
    const char *tail = strstr(tarn, ":thing/");
    JC_REQUIRE(ctx, tail != NULL && strncmp(tarn, "arn:aws:iot:", 12) == 0, "harness: thing ARN %s", tarn);
    const char *account_region = jc_str(ctx, "%.*s", (int)(tail - (tarn + 12)), tarn + 12);
    const char *bad[] = {
        jc_str(ctx, "arn:aws:iot:%s:job/%s", account_region, thing),        /* resource type */
        jc_str(ctx, "arn:aws:s3:%s:thing/%s", account_region, thing),       /* service */
        jc_str(ctx, "arx:aws:iot:%s:thing/%s", account_region, thing),      /* prefix */
        jc_str(ctx, "arn:aws:iot:%s:thing/", account_region),               /* no name */
        jc_str(ctx, "arn:aws:iot:%s:thinggroup/%s", account_region, thing), /* a group that does not exist */
    };
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        const char *id = jc_name(ctx, "job");
        jc_response *r = put_job(ctx, id, job_body(bad[i], "{}"));
        jc_expect_error_in(ctx, r, bad_target_codes);
        jc_expect_no_job(ctx, id, jc_str(ctx, "the refused target %s", bad[i]));
    }
}

static void s_document_and_source(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    cJSON *b = job_body(arn, "{}");
    cJSON_AddStringToObject(b, "documentSource", "https://s3.amazonaws.com/bucket/job.json");
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, b);
    /* CJ-022: undocumented, so refused or accepted */
    jc_expect_refused_or_accepted(ctx, r, id, "a CreateJob with both document and documentSource");
}

static void s_neither_document_nor_source(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, job_body(arn, NULL));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_no_job(ctx, id, "the refused CreateJob");
}

static void s_document_max_length(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *doc = document_of_length(ctx, 32768);
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, job_body(arn, doc));
    jc_require_status(ctx, r, 200);
    /* read back whole: a server that trims or re-serializes the document fails here */
    jc_response *g = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", id), NULL, NULL);
    jc_require_status(ctx, g, 200);
    const char *got = jc_json_string(g, "document");
    JC_CHECK(ctx, got && strcmp(got, doc) == 0,
             "GetJobDocument gives %zu characters, not the 32768 sent byte for byte", got ? strlen(got) : 0);
}

static void s_document_too_long(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *doc = document_of_length(ctx, 32769);
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, job_body(arn, doc));
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_no_job(ctx, id, "the refused CreateJob");
}

/* {"d":"<n copies of ch>"}: 8 ASCII characters plus n copies of a UTF-8
 * character. */
static const char *document_of_chars(jc_ctx *ctx, const char *ch, size_t n)
{
    return jc_str(ctx, "{\"d\":\"%s\"}", jc_repeat_text(ctx, ch, n));
}

/* One side of the document limit with a multibyte document: accepted and
 * read back byte for byte, or refused and no job created. */
static void document_side(jc_ctx *ctx, const char *arn, const char *doc, bool accepted, const char *what)
{
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, job_body(arn, doc));
    if (!accepted) {
        jc_expect_error(ctx, r, "InvalidRequestException", 400);
        jc_expect_no_job(ctx, id, what);
        return;
    }
    if (!JC_CHECK(ctx, r->status == 200, "%s: HTTP %d %s, expected 200", what, r->status, jc_str_or(r->error_code)))
        return;
    jc_response *g = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", id), NULL, NULL);
    jc_require_status(ctx, g, 200);
    const char *got = jc_json_string(g, "document");
    JC_CHECK(ctx, got && strcmp(got, doc) == 0, "%s: GetJobDocument gives %zu bytes, not the %zu sent byte for byte",
             what, got ? strlen(got) : 0, strlen(doc));
}

/* The limit counts characters, not bytes (docs/requirements.md, CJ-021):
 * 2- and 3-byte characters are one code point and one UTF-16 unit, so
 * 32768 pass and 32769 fail either way; 4-byte characters are two UTF-16
 * units, so only the sides both readings agree on are checked. */
static void s_document_multibyte(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    static const struct { const char *ch, *name; } chars[] = {{"\xC3\xA9", "2-byte"}, {"\xE2\x82\xAC", "3-byte"}};
    for (size_t i = 0; i < JC_COUNT(chars); i++) {
        document_side(ctx, arn, document_of_chars(ctx, chars[i].ch, 32768 - 8), true,
                      jc_str(ctx, "a 32768-character document of %s characters", chars[i].name));
        document_side(ctx, arn, document_of_chars(ctx, chars[i].ch, 32769 - 8), false,
                      jc_str(ctx, "a 32769-character document of %s characters", chars[i].name));
    }
    const char *astral = "\xF0\x9F\x98\x80";
    /* 16380 astral characters: 16388 code points, 32768 UTF-16 units */
    document_side(ctx, arn, document_of_chars(ctx, astral, 16380), true,
                  "a document of 16380 4-byte characters (32768 UTF-16 units)");
    /* 32761 astral characters: 32769 code points, 65530 UTF-16 units */
    document_side(ctx, arn, document_of_chars(ctx, astral, 32761), false,
                  "a document of 32761 4-byte characters (32769 code points)");
}

static void s_document_not_json(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, job_body(arn, "{\"operation\": reboot"));
    /* CJ-008: undocumented whether a server must refuse it, so refused or accepted */
    jc_expect_refused_or_accepted(ctx, r, id, "a CreateJob whose document is not JSON");
}

static void s_target_selection_default(jc_ctx *ctx)
{
    const char *id = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *d = jc_describe_job(ctx, id);
    const char *sel = jc_json_string(d, "job.targetSelection");
    JC_CHECK(ctx, sel && strcmp(sel, "SNAPSHOT") == 0, "job.targetSelection is '%s', expected SNAPSHOT",
             sel ? sel : "(absent)");
}

static void s_target_selection_invalid(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    cJSON *b = job_body(arn, "{}");
    cJSON_AddStringToObject(b, "targetSelection", "SOMETIMES");
    const char *id = jc_name(ctx, "job");
    jc_response *r = put_job(ctx, id, b);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_no_job(ctx, id, "the refused CreateJob");
}

static void s_reuse_id_after_deletion(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *id = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_response *del = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", id), "force=true", NULL);
    jc_require_status(ctx, del, 200);
    jc_wait_job_gone(ctx, id); /* polls: the deletion completes eventually */
    jc_create_job(ctx, id, NULL, targets, NULL);
}

/* CJ-024: documentParameters without a template is refused (400, no job)
 * or stored exactly; a map breaking the model's key/value constraints is
 * refused either way (WIRE-008). */
static void s_document_parameters(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *k128 = jc_str(ctx, "k%s", jc_repeat(ctx, 'K', 127));
    const char *v512 = jc_str(ctx, "v%s", jc_repeat(ctx, 'V', 511));
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "a", "1");
    cJSON_AddStringToObject(params, "Mode_x-2", "fast ok");
    cJSON_AddStringToObject(params, k128, v512);
    const char *id = jc_name(ctx, "job");
    cJSON *b = job_body(arn, "{}");
    cJSON_AddItemToObject(b, "documentParameters", cJSON_Duplicate(params, true));
    jc_response *r = put_job(ctx, id, b);
    jc_req_scope(ctx, "CJ-024");
    if (r->status == 200) {
        jc_response *d = jc_describe_job(ctx, id);
        const cJSON *got = jc_json_get(d->json, "job.documentParameters");
        JC_CHECK(ctx, got && jc_json_holds(params, got) && jc_json_holds(got, params),
                 "job.documentParameters is %s, expected exactly the map sent (3 entries)", jc_json_text(ctx, got));
    } else {
        jc_expect_error(ctx, r, "InvalidRequestException", 400);
        jc_expect_no_job(ctx, id, "a refused CreateJob with documentParameters");
    }
    cJSON_Delete(params);

    jc_req_scope(ctx, "WIRE-008");
    static const char *const bad_names[] = {"a key of 129 characters", "an empty key", "a key with '.'",
                                            "a value of 513 characters", "an empty value", "a value with U+0007",
                                            "a number as value"};
    const char *bad[] = {
        jc_str(ctx, "{\"%sK\":\"v\"}", k128), "{\"\":\"v\"}", "{\"a.b\":\"v\"}", jc_str(ctx, "{\"k\":\"%sV\"}", v512),
        "{\"k\":\"\"}", "{\"k\":\"a\\u0007b\"}", "{\"k\":5}",
    };
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        const char *bid = jc_name(ctx, "job");
        r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", bid), NULL,
                    jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"documentParameters\":%s}", arn, bad[i]));
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "documentParameters with %s: HTTP %d %s, expected InvalidRequestException 400", bad_names[i],
                 r->status, jc_str_or(r->error_code));
        jc_expect_no_job(ctx, bid, bad_names[i]);
    }
}

/* jobTemplateArn is a string of 1 to 1600 characters matching ^arn:[!-~]+$
 * (WIRE-008): empty, 1601 characters, not an ARN, a space inside or a number
 * give InvalidRequestException 400 and create no job. */
static void s_job_template_arn_shape(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    static const char *const names[] = {"an empty jobTemplateArn", "a jobTemplateArn of 1601 characters",
                                        "a jobTemplateArn that is not an ARN", "a jobTemplateArn with a space",
                                        "a numeric jobTemplateArn", "a list as jobTemplateArn"};
    const char *bad[] = {
        "\"\"", jc_str(ctx, "\"arn:%s\"", jc_repeat(ctx, 'x', 1597)), "\"jobtemplate/none\"",
        "\"arn:aws:iot:us-east-1:123456789012:jobtemplate/a b\"", "5", "[\"arn:aws:iot\"]",
    };
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        const char *id = jc_name(ctx, "job");
        jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                                 jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"jobTemplateArn\":%s}", arn,
                                        bad[i]));
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "CreateJob with %s: HTTP %d %s, expected InvalidRequestException 400", names[i], r->status,
                 jc_str_or(r->error_code));
        jc_expect_no_job(ctx, id, names[i]);
    }
}

/* CJ-025: a well-formed jobTemplateArn naming no template of the account is
 * refused (ResourceNotFoundException 404 or InvalidRequestException 400, no
 * job) or accepted, DescribeJob then returning it exactly as sent (the Job
 * shape's jobTemplateArn). */
static void s_job_template_arn_kept(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    const char *tmpl = jc_str(ctx, "%sjobtemplate/%s", jc_arn_prefix(ctx), jc_name(ctx, "tmpl"));
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"jobTemplateArn\":\"%s\"}", arn,
                                    tmpl));
    if (r->status == 200) {
        jc_response *d = jc_describe_job_holding(ctx, id, "job", jc_str(ctx, "\"jobTemplateArn\":\"%s\"", tmpl));
        const char *got = jc_json_string(d, "job.jobTemplateArn");
        JC_CHECK(ctx, jc_streq(got, tmpl), "job.jobTemplateArn is '%s', expected the ARN sent, '%s'", jc_str_or(got),
                 tmpl);
        return;
    }
    JC_CHECK(ctx, (r->status == 404 && jc_streq(r->error_code, "ResourceNotFoundException")) ||
                      (r->status == 400 && jc_streq(r->error_code, "InvalidRequestException")),
             "CreateJob with the jobTemplateArn of no template: HTTP %d %s, expected 200, ResourceNotFoundException "
             "404 or InvalidRequestException 400", r->status, jc_str_or(r->error_code));
    jc_expect_no_job(ctx, id, "a refused CreateJob with a jobTemplateArn");
}

/* WIRE-008: members of a type the model does not give them, where no
 * coercion applies (a word for an integer, a number for a structure), and a
 * target ARN over the 2048 characters of TargetArn (well-formed otherwise:
 * a long region) give InvalidRequestException 400 and create no job. */
static void s_config_member_shapes(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    static const char *const names[] = {
        "exponentialRate.baseRatePerMinute \"fast\"",
        "rateIncreaseCriteria.numberOfNotifiedThings \"ten\"",
        "rateIncreaseCriteria.numberOfSucceededThings [5]",
        "abortConfig.criteriaList [42]",
        "jobExecutionsRetryConfig.criteriaList [\"FAILED\"]",
    };
    const char *members[] = {
        "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":\"fast\",\"incrementFactor\":2,"
        "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":10}}}",
        "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,\"incrementFactor\":2,"
        "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":\"ten\"}}}",
        "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":10,\"incrementFactor\":2,"
        "\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":[5]}}}",
        "\"abortConfig\":{\"criteriaList\":[42]}",
        "\"jobExecutionsRetryConfig\":{\"criteriaList\":[\"FAILED\"]}",
    };
    for (size_t i = 0; i < JC_COUNT(members); i++) {
        const char *id = jc_name(ctx, "job");
        jc_response *r = jc_create_job_with(ctx, id, arn, members[i]);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "CreateJob with %s: HTTP %d %s, expected InvalidRequestException 400", names[i], r->status,
                 jc_str_or(r->error_code));
        jc_expect_no_job(ctx, id, names[i]);
    }
    /* arn:aws:iot:<region>:<account>:thing/<name> of 2049 characters */
    const char *tail = jc_str(ctx, ":123456789012:thing/%s", jc_name(ctx, "t"));
    const char *region = jc_repeat(ctx, 'r', 2049 - strlen("arn:aws:iot:") - strlen(tail));
    const char *long_arn = jc_str(ctx, "arn:aws:iot:%s%s", region, tail);
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\"}", long_arn));
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "CreateJob with a target ARN of %zu characters: HTTP %d %s, expected InvalidRequestException 400",
             strlen(long_arn), r->status, jc_str_or(r->error_code));
    jc_expect_no_job(ctx, id, "a target ARN of 2049 characters");
}

/* RO-013: an endTime exactly 730 days ahead is at most two years ahead however
 * years are counted (two calendar years hold 730 or 731 days), so it is
 * accepted. The clock is first moved to a whole minute, the resolution of
 * the times, so that the endTime is that instant to the millisecond. */
static void s_schedule_end_730_days(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *targets[] = {arn, NULL};
    double c0 = 0;
    JC_REQUIRE(ctx, jc_json_number(jc_describe_job(ctx, jc_create_job(ctx, NULL, NULL, targets, NULL)), "job.createdAt", &c0),
               "DescribeJob has no numeric createdAt");
    long long ms0 = (long long)(c0 * 1000.0 + 0.5);
    long step = 60000 - (long)(ms0 % 60000); /* to the next whole minute */
    jc_advance(ctx, step);
    long long now = (ms0 + step) / 1000;
    const char *id = jc_name(ctx, "job");
    jc_response *r = jc_create_job_with(
        ctx, id, arn,
        jc_str(ctx, "\"schedulingConfig\":{\"startTime\":\"%s\",\"endTime\":\"%s\"}", jc_iso_minute(ctx, now + 3600),
               jc_iso_minute(ctx, now + 730LL * 86400)));
    JC_CHECK(ctx, r->status == 200, "CreateJob with endTime %s, 730 days after the clock's %s: HTTP %d %s, expected 200",
             jc_iso_minute(ctx, now + 730LL * 86400), jc_iso_minute(ctx, now), r->status, jc_str_or(r->error_code));
}

/* CJ-012: the S3 object URL forms (path style with and without a region,
 * virtual-hosted style with and without one, any printable ASCII in the
 * key) are accepted and echoed; not https, not S3, no object key, a space
 * or a byte outside printable ASCII give InvalidRequestException 400. */
static void s_document_source_forms(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    static const char *const good[] = {
        "https://s3.amazonaws.com/jobsconf-bucket/jobs/doc~1.json",
        "https://s3.us-west-2.amazonaws.com/jobsconf-bucket/doc.json",
        "https://jobsconf-bucket.s3.amazonaws.com/jobs/doc.json",
        "https://jobsconf-bucket.s3.eu-west-1.amazonaws.com/doc.json",
        "https://jobsconf-zz.s3.amazonaws.com/doc.json",
        "https://jobsconf-bucket.s3.amazonaws.com/d",
    };
    for (size_t i = 0; i < JC_COUNT(good); i++) {
        const char *id = jc_name(ctx, "job");
        jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                                 jc_str(ctx, "{\"targets\":[\"%s\"],\"documentSource\":\"%s\"}", arn, good[i]));
        JC_CHECK(ctx, r->status == 200, "CreateJob with documentSource %s: HTTP %d %s, expected 200", good[i],
                 r->status, jc_str_or(r->error_code));
        if (r->status != 200) continue;
        const char *got = jc_json_string(jc_describe_job(ctx, id), "documentSource");
        JC_CHECK(ctx, jc_streq(got, good[i]), "documentSource read back as '%s', expected '%s'", jc_str_or(got),
                 good[i]);
    }
    static const char *const bad[] = {
        "http://s3.amazonaws.com/jobsconf-bucket/doc.json", "https://example.com/jobsconf-bucket/doc.json",
        "https://s3.amazonaws.com/", "https://s3.amazonaws.com/jobsconf-bucket/a b.json",
        "https://s3.amazonaws.com/jobsconf-bucket/caf\\u00e9.json", "https://Jobsconf-Bucket.s3.amazonaws.com/doc.json",
        "https://s3.us_west-2.amazonaws.com/jobsconf-bucket/doc.json",
        "https://s3.us-west-2_.amazonaws.com/jobsconf-bucket/doc.json",
        "https://jobsconf-bucket.s4.amazonaws.com/doc.json",
    };
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        const char *id = jc_name(ctx, "job");
        jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                                 jc_str(ctx, "{\"targets\":[\"%s\"],\"documentSource\":\"%s\"}", arn, bad[i]));
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "CreateJob with documentSource %s: HTTP %d %s, expected InvalidRequestException 400", bad[i],
                 r->status, jc_str_or(r->error_code));
        jc_expect_no_job(ctx, id, bad[i]);
    }
}

/* tags: a list of {Key (1..128 characters of letters, digits, spaces and
 * _.:/=+-@, required), Value (0..256 characters)} (WIRE-008): both sides of
 * each limit, a number as Value, a missing Key, a '#' in a Key, an item
 * that is not an object and a tags member that is not a list. */
static void s_tags_shape(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *id = jc_name(ctx, "job");
    const char *good = jc_str(ctx, "[{\"Key\":\"k1\",\"Value\":\"\"},{\"Key\":\"env:stage/a=b+c-@ x.y_z\",\"Value\":\"%s\"},"
                                   "{\"Key\":\"%s\"}]", jc_repeat(ctx, 'v', 256), jc_repeat(ctx, 'K', 128));
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"tags\":%s}", arn, good));
    JC_CHECK(ctx, r->status == 200, "CreateJob with three valid tags (empty Value, 256-character Value, 128-character "
             "Key): HTTP %d %s, expected 200", r->status, jc_str_or(r->error_code));
    const char *bad[] = {
        "[{\"Key\":\"k\",\"Value\":5}]", jc_str(ctx, "[{\"Key\":\"k\",\"Value\":\"%s\"}]", jc_repeat(ctx, 'v', 257)),
        "[{\"Value\":\"v\"}]", "[{\"Key\":\"\"}]", jc_str(ctx, "[{\"Key\":\"%s\"}]", jc_repeat(ctx, 'K', 129)),
        "[{\"Key\":\"a#b\"}]", "[\"k=v\"]", "{\"Key\":\"k\"}",
        "[{\"Key\":\"k\",\"Value\":\"a\xed\xa0\x80z\"}]", /* a surrogate: the body is not UTF-8 (WIRE-007) */
    };
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        const char *bid = jc_name(ctx, "job");
        r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", bid), NULL,
                    jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",\"tags\":%s}", arn, bad[i]));
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "CreateJob with tags %.80s: HTTP %d %s, expected InvalidRequestException 400", bad[i], r->status,
                 jc_str_or(r->error_code));
        jc_expect_no_job(ctx, bid, jc_str(ctx, "tags %.60s", bad[i]));
    }
}

static const jc_scenario s_table[] = {
    {"createjob.snapshot-on-thing", "A SNAPSHOT job on one thing is created: 200 with jobId and jobArn",
     "CJ-001", "smoke", 0, s_snapshot_on_thing,
     JC_OPS("CreateJob", "CreateThing")},
    {"createjob.describe-after-create", "A new job is IN_PROGRESS and echoes its targets",
     "CJ-001,DJ-001", "smoke", 0, s_describe_after_create,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.duplicate-id", "A second CreateJob with the same id gives ResourceAlreadyExistsException 409",
     "CJ-004", "negative", 0, s_duplicate_id,
     JC_OPS("CreateJob", "DescribeJob,GetJobDocument,CreateThing")},
    {"createjob.job-id-64-chars", "A jobId of 64 characters is accepted", "CJ-002", "limits", 0, s_job_id_64,
     JC_OPS("CreateJob", "CreateThing")},
    {"createjob.job-id-65-chars", "A jobId of 65 characters gives InvalidRequestException 400", "CJ-002",
     "limits,negative", 0, s_job_id_65,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.job-id-bad-characters", "A jobId outside [a-zA-Z0-9_-] gives InvalidRequestException 400",
     "CJ-002", "negative", 0, s_job_id_bad_characters,
     JC_OPS("CreateJob", "CreateThing")},
    {"createjob.targets-missing", "CreateJob without targets gives InvalidRequestException 400", "CJ-003",
     "negative", 0, s_targets_missing,
     JC_OPS("CreateJob", "DescribeJob")},
    {"createjob.targets-empty", "CreateJob with an empty targets list gives InvalidRequestException 400",
     "CJ-003", "negative,limits", 0, s_targets_empty,
     JC_OPS("CreateJob", "DescribeJob")},
    {"createjob.target-not-an-arn", "A target that is not an ARN is refused (InvalidRequest or ResourceNotFound)",
     "CJ-003", "negative", 0, s_target_not_an_arn,
     JC_OPS("CreateJob", "DescribeJob")},
    {"createjob.target-unknown-thing", "A target ARN of a thing that does not exist is refused", "CJ-010,CJ-011",
     "negative", 0, s_target_unknown_thing,
     JC_OPS("CreateJob", "")},
    {"createjob.target-arn-shapes", "Thing and thing-group ARNs are accepted; another resource type, service or prefix, "
     "no name or an unknown group give InvalidRequest 400 or ResourceNotFound 404 and no job", "CJ-003,CJ-010",
     "negative", 0, s_target_arn_shapes,
     JC_OPS("CreateJob", "DescribeJob,CreateThing,CreateThingGroup")},
    {"createjob.document-and-source", "document and documentSource together give InvalidRequestException 400",
     "CJ-022", "negative", 0, s_document_and_source,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.no-document", "Neither document nor documentSource gives InvalidRequestException 400",
     "CJ-006", "negative", 0, s_neither_document_nor_source,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.document-32768-chars", "A document of exactly 32768 characters is accepted", "CJ-007",
     "limits", 0, s_document_max_length,
     JC_OPS("CreateJob", "GetJobDocument,CreateThing")},
    {"createjob.document-32769-chars", "A document of 32769 characters gives InvalidRequestException 400",
     "CJ-007", "limits,negative", 0, s_document_too_long,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.document-multibyte", "The document limit counts characters: 32768 2- or 3-byte characters are accepted "
     "and read back whole, 32769 give InvalidRequestException 400; 4-byte characters on both sides", "CJ-007,CJ-021",
     "limits,negative", 0, s_document_multibyte,
     JC_OPS("CreateJob", "DescribeJob,GetJobDocument,CreateThing")},
    {"createjob.document-not-json", "A document that is not JSON gives InvalidRequestException 400", "CJ-008",
     "negative", 0, s_document_not_json,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.target-selection-default", "targetSelection defaults to SNAPSHOT", "CJ-009", "", 0,
     s_target_selection_default,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.target-selection-invalid", "A targetSelection outside the enum gives InvalidRequestException 400",
     "CJ-009", "negative", 0, s_target_selection_invalid,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.reuse-id-after-deletion", "A jobId can be reused once deletion has completed", "CJ-005",
     "lifecycle", 0, s_reuse_id_after_deletion,
     JC_OPS("CreateJob", "DeleteJob,DescribeJob,CreateThing")},
    {"createjob.document-parameters", "documentParameters without a template is refused (400) or stored exactly; "
     "a key of 129 characters, empty or with '.', a value of 513 characters, empty, with a control character or not "
     "a string gives InvalidRequestException 400", "CJ-024,WIRE-008", "limits,negative", 0, s_document_parameters,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.job-template-arn-shape", "jobTemplateArn empty, of 1601 characters, not an ARN, with a space, a "
     "number or a list gives InvalidRequestException 400 and creates no job", "WIRE-008", "limits,negative", 0,
     s_job_template_arn_shape,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.job-template-arn-kept", "A well-formed jobTemplateArn naming no template is refused (404 or 400, no "
     "job) or accepted and read back exactly by DescribeJob", "CJ-025", "", 0, s_job_template_arn_kept,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.config-member-shapes", "A word for baseRatePerMinute or numberOfNotifiedThings, a list for "
     "numberOfSucceededThings, a number or string as an abort or retry criterion, or a target ARN of 2049 "
     "characters gives InvalidRequestException 400 and creates no job", "WIRE-008", "limits,negative", 0,
     s_config_member_shapes,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.schedule-end-730-days", "A schedulingConfig endTime exactly 730 days ahead (on a whole minute of "
     "the clock) is accepted", "RO-013", "limits", JC_NEEDS_CLOCK, s_schedule_end_730_days,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.document-source-forms", "documentSource in the four S3 URL forms is accepted and echoed; http, "
     "another host, no key, a space, a non-ASCII byte, an upper-case bucket or a region with '_' gives "
     "InvalidRequestException 400", "CJ-012", "limits,negative",
     0, s_document_source_forms,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
    {"createjob.tags-shape", "tags: an empty or 256-character Value and a 128-character Key are accepted; a numeric "
     "or 257-character Value, a missing, empty, 129-character or '#' Key, a non-object item, a non-list or a "
     "Value that is not UTF-8 give InvalidRequestException 400", "WIRE-008,WIRE-007", "limits,negative", 0, s_tags_shape,
     JC_OPS("CreateJob", "DescribeJob,CreateThing")},
};

JC_SUITE(createjob, "CreateJob", s_table);
