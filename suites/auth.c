/* Authentication suite: a Jobs server must refuse requests that are not
 * signed with SigV4 by a credential it knows, or whose signature does not
 * cover what arrives. Each refusal must be 403 with a typed error, and the
 * refused request must change nothing (checked with a properly signed read
 * afterwards). Against a server without authentication these scenarios FAIL:
 * that is what they are for.
 *
 * The requests here are signed by the suite's own signer
 * (support/jc_sigv4.c), so that a scenario can alter the request after
 * signing or sign with a chosen date, scope or credential. Each scenario
 * first shows that the untampered request signed the same way is accepted,
 * so a refusal means the server checked what was changed. The wrong
 * credentials are derived from the run's own: the secret with a suffix, an
 * access key id no one has. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jc_sigv4.h"
#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(none)"; }

/* How a request is signed. */
typedef struct signer {
    const char *access_key, *secret, *token, *region, *service;
    time_t when;
} signer;

/* The run's credential (the same dummies as the client when none is set). */
static signer run_signer(jc_ctx *ctx, jc_plane plane)
{
    const jc_config *cfg = jc_cfg(ctx);
    signer s = {
        .access_key = cfg->access_key ? cfg->access_key : "AKIDJOBSCONFDUMMY",
        .secret = cfg->secret_key ? cfg->secret_key : "jobsconf-dummy-secret",
        .token = cfg->session_token,
        .region = jc_region(ctx),
        .service = plane == JC_DATA ? cfg->data_signing_name : cfg->signing_name,
        .when = time(NULL),
    };
    return s;
}

/* What is sent differs from what was signed when send_* is not NULL. */
typedef struct request {
    jc_plane plane;
    const char *method, *path, *query, *body;
    const char *const *signed_extra; /* extra headers covered by the signature */
    const char *send_query, *send_body;
    const char *const *send_extra; /* replaces signed_extra on the wire */
} request;

static jc_response *send_signed(jc_ctx *ctx, const request *rq_in, const signer *s)
{
    /* the run's tag goes into a CreateJob body before it is signed */
    request tagged = *rq_in;
    const request *rq = &tagged;
    if (tagged.plane == JC_CONTROL) {
        tagged.body = jc_tag_job_body(ctx, tagged.method, tagged.path, tagged.body);
        if (tagged.send_body) tagged.send_body = jc_tag_job_body(ctx, tagged.method, tagged.path, tagged.send_body);
    }
    char host[256];
    jc_sigv4_host_of(jc_base_url(ctx, rq->plane), host, sizeof host);
    jc_sigv4_input in = {
        .method = rq->method, .host = host, .path = rq->path, .query = rq->query, .body = rq->body,
        .headers = rq->signed_extra, .access_key = s->access_key, .secret = s->secret,
        .session_token = s->token, .region = s->region, .service = s->service, .when = s->when,
    };
    char **lines = jc_sigv4_sign(&in);
    if (!lines) jc_error(ctx, "out of memory signing a request");
    /* swap the extra headers for the ones to send (same count, same order) */
    size_t extra = 0;
    while (rq->signed_extra && rq->signed_extra[extra]) extra++;
    const char *wire[40];
    size_t n = 0, skipped = 0;
    for (size_t i = 0; lines[i] && n < 38; i++) {
        bool is_extra = false;
        for (size_t k = 0; k < extra; k++)
            if (lines[i] == NULL || strcmp(lines[i], rq->signed_extra[k]) == 0) is_extra = true;
        if (is_extra && rq->send_extra) {
            skipped++;
            continue;
        }
        wire[n++] = lines[i];
    }
    for (size_t k = 0; rq->send_extra && rq->send_extra[k] && n < 39; k++) wire[n++] = rq->send_extra[k];
    wire[n] = NULL;
    (void)skipped;
    jc_response *r = jc_call_raw(ctx, rq->plane, rq->method, rq->path, rq->send_query ? rq->send_query : rq->query,
                                 rq->send_body ? rq->send_body : rq->body, wire);
    free(lines);
    return r;
}

static jc_response *send_unsigned(jc_ctx *ctx, const request *rq)
{
    const char *body = rq->plane == JC_CONTROL ? jc_tag_job_body(ctx, rq->method, rq->path, rq->body) : rq->body;
    return jc_call_raw(ctx, rq->plane, rq->method, rq->path, rq->query, body, NULL);
}

/* 403 with a typed error (x-amzn-ErrorType or a code in the body). */
static void expect_refused(jc_ctx *ctx, const jc_response *r, const char *what)
{
    char status_text[16];
    snprintf(status_text, sizeof status_text, "%d", r->status);
    JC_CHECK(ctx, r->status == 403, "%s: HTTP %d %s, expected 403 (the request must be refused)", what, r->status,
             str_or(r->error_code));
    if (r->status >= 400)
        JC_CHECK(ctx, r->error_code && *r->error_code && strcmp(r->error_code, status_text) != 0,
                 "%s: HTTP %d without a typed error (x-amzn-ErrorType)", what, r->status);
}

static void expect_accepted(jc_ctx *ctx, const jc_response *r, const char *what)
{
    JC_REQUIRE(ctx, r->status >= 200 && r->status < 300,
               "%s: HTTP %d %s %.200s; the suite's own signature must be accepted before its alterations mean anything",
               what, r->status, str_or(r->error_code), r->message ? r->message : "");
}

/* The job does not exist (read with the client's normal signature). */
static void expect_no_job(jc_ctx *ctx, const char *job_id, const char *what)
{
    /* any error will do here: what matters is that no job was created (the
       404 itself is WIRE-012's business) */
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", job_id), NULL, NULL);
    JC_CHECK(ctx, r->status >= 400, "%s changed state: DescribeJob %s gives HTTP %d, the job exists", what, job_id,
             r->status);
}

/* A CreateJob request for a fresh job id on `thing_arn`. */
static request create_job_request(jc_ctx *ctx, const char *job_id, const char *thing_arn, const char *doc)
{
    request rq = {
        .plane = JC_CONTROL,
        .method = "PUT",
        .path = jc_path(ctx, "/jobs/%s", job_id),
        .body = jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"%s\"}", thing_arn, doc),
    };
    return rq;
}

/* ---- scenarios --------------------------------------------------------------- */

static void s_unsigned(jc_ctx *ctx)
{
    const char *arn;
    jc_create_thing(ctx, "au", &arn);
    const char *job = jc_name(ctx, "j");
    request rq = create_job_request(ctx, job, arn, "{}");
    expect_refused(ctx, send_unsigned(ctx, &rq), "unsigned CreateJob");
    expect_no_job(ctx, job, "the unsigned CreateJob");
    request list = {.plane = JC_CONTROL, .method = "GET", .path = "/jobs", .query = "maxResults=1"};
    expect_refused(ctx, send_unsigned(ctx, &list), "unsigned ListJobs");
    request pending = {.plane = JC_DATA, .method = "GET", .path = jc_path(ctx, "/things/%s/jobs", jc_name(ctx, "t"))};
    expect_refused(ctx, send_unsigned(ctx, &pending), "unsigned GetPendingJobExecutions (data plane)");
    signer s = run_signer(ctx, JC_CONTROL);
    expect_accepted(ctx, send_signed(ctx, &rq, &s), "CreateJob signed by the suite");
}

static void s_wrong_secret(jc_ctx *ctx)
{
    const char *arn;
    jc_create_thing(ctx, "aw", &arn);
    const char *job = jc_name(ctx, "j");
    request rq = create_job_request(ctx, job, arn, "{}");
    signer s = run_signer(ctx, JC_CONTROL);
    signer wrong = s;
    wrong.secret = jc_str(ctx, "%s-jobsconf-wrong", s.secret);
    expect_refused(ctx, send_signed(ctx, &rq, &wrong), "CreateJob signed with a wrong secret");
    expect_no_job(ctx, job, "the CreateJob with a wrong secret");
    expect_accepted(ctx, send_signed(ctx, &rq, &s), "the same CreateJob signed with the right secret");
}

static void s_unknown_key(jc_ctx *ctx)
{
    const char *arn;
    jc_create_thing(ctx, "ak", &arn);
    const char *job = jc_name(ctx, "j");
    request rq = create_job_request(ctx, job, arn, "{}");
    signer s = run_signer(ctx, JC_CONTROL);
    signer unknown = s;
    unknown.access_key = "AKIAJOBSCONFNOSUCHKEY";
    unknown.token = NULL;
    expect_refused(ctx, send_signed(ctx, &rq, &unknown), "CreateJob signed with an unknown access key");
    expect_no_job(ctx, job, "the CreateJob with an unknown access key");
    expect_accepted(ctx, send_signed(ctx, &rq, &s), "the same CreateJob with the run's key");
}

static void s_tampered_body(jc_ctx *ctx)
{
    const char *arn;
    jc_create_thing(ctx, "ab", &arn);
    const char *job = jc_name(ctx, "j");
    request rq = create_job_request(ctx, job, arn, "{\\\"operation\\\":\\\"signed\\\"}");
    rq.send_body = jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{\\\"operation\\\":\\\"evil\\\"}\"}", arn);
    signer s = run_signer(ctx, JC_CONTROL);
    expect_refused(ctx, send_signed(ctx, &rq, &s), "CreateJob whose body changed after signing");
    expect_no_job(ctx, job, "the CreateJob with a tampered body");
    rq.send_body = NULL;
    expect_accepted(ctx, send_signed(ctx, &rq, &s), "the same CreateJob, body as signed");
}

static void s_tampered_query(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *job = jc_create_job_on_new_thing(ctx, &thing);
    /* DeleteJob signed with force=false, sent with force=true */
    request rq = {.plane = JC_CONTROL, .method = "DELETE", .path = jc_path(ctx, "/jobs/%s", job),
                  .query = "force=false", .send_query = "force=true"};
    signer s = run_signer(ctx, JC_CONTROL);
    expect_refused(ctx, send_signed(ctx, &rq, &s), "DeleteJob whose query changed after signing");
    jc_response *d = jc_describe_job(ctx, job);
    const char *status = jc_json_string(d, "job.status");
    JC_CHECK(ctx, status && strcmp(status, "IN_PROGRESS") == 0,
             "the refused DeleteJob changed the job: status %s, expected IN_PROGRESS", str_or(status));
    /* the query as signed is accepted (a CancelJob, so the job ends) */
    request cancel = {.plane = JC_CONTROL, .method = "PUT", .path = jc_path(ctx, "/jobs/%s/cancel", job),
                      .query = "force=true", .body = "{}"};
    expect_accepted(ctx, send_signed(ctx, &cancel, &s), "CancelJob signed by the suite with a query");
}

static void s_changed_signed_header(jc_ctx *ctx)
{
    const char *arn;
    jc_create_thing(ctx, "ah", &arn);
    const char *job = jc_name(ctx, "j");
    request rq = create_job_request(ctx, job, arn, "{}");
    static const char *const signed_extra[] = {"X-Jobsconf-Probe: signed-value", NULL};
    static const char *const sent_extra[] = {"X-Jobsconf-Probe: changed-value", NULL};
    rq.signed_extra = signed_extra;
    rq.send_extra = sent_extra;
    signer s = run_signer(ctx, JC_CONTROL);
    expect_refused(ctx, send_signed(ctx, &rq, &s), "CreateJob whose signed header changed after signing");
    expect_no_job(ctx, job, "the CreateJob with a changed signed header");
    rq.send_extra = NULL;
    expect_accepted(ctx, send_signed(ctx, &rq, &s), "the same CreateJob, header as signed");
}

static void s_date_skew(jc_ctx *ctx)
{
    const char *arn;
    jc_create_thing(ctx, "ad", &arn);
    const char *job = jc_name(ctx, "j");
    request rq = create_job_request(ctx, job, arn, "{}");
    signer s = run_signer(ctx, JC_CONTROL);
    signer old = s, future = s;
    old.when = s.when - 10 * 60;
    future.when = s.when + 10 * 60;
    expect_refused(ctx, send_signed(ctx, &rq, &old), "CreateJob signed 10 minutes ago");
    expect_refused(ctx, send_signed(ctx, &rq, &future), "CreateJob signed 10 minutes ahead");
    expect_no_job(ctx, job, "the CreateJob outside the skew window");
    /* inside the window (4 minutes old: a margin for clock differences) */
    signer inside = s;
    inside.when = s.when - 4 * 60;
    expect_accepted(ctx, send_signed(ctx, &rq, &inside), "the same CreateJob signed 4 minutes ago");
}

static void s_wrong_scope(jc_ctx *ctx)
{
    const char *arn;
    jc_create_thing(ctx, "as", &arn);
    const char *job = jc_name(ctx, "j");
    request rq = create_job_request(ctx, job, arn, "{}");
    signer s = run_signer(ctx, JC_CONTROL);
    signer region = s, service = s;
    region.region = strcmp(s.region, "eu-west-1") == 0 ? "us-west-2" : "eu-west-1";
    service.service = jc_cfg(ctx)->data_signing_name; /* the data plane's scope on the control plane */
    expect_refused(ctx, send_signed(ctx, &rq, &region), "CreateJob signed for another region");
    expect_refused(ctx, send_signed(ctx, &rq, &service), "CreateJob signed for the data-plane service");
    expect_no_job(ctx, job, "the CreateJob with a wrong scope");

    /* the data plane refuses the control plane's service */
    const char *thing = NULL;
    const char *job2 = jc_create_job_on_new_thing(ctx, &thing);
    request upd = {.plane = JC_DATA, .method = "POST", .path = jc_path(ctx, "/things/%s/jobs/%s", thing, job2),
                   .body = "{\"status\":\"IN_PROGRESS\"}"};
    signer data_wrong = run_signer(ctx, JC_DATA);
    data_wrong.service = jc_cfg(ctx)->signing_name;
    expect_refused(ctx, send_signed(ctx, &upd, &data_wrong), "UpdateJobExecution signed for the control-plane service");
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, job2), NULL, NULL);
    const char *st = jc_json_string(d, "execution.status");
    JC_CHECK(ctx, st && strcmp(st, "QUEUED") == 0,
             "the refused UpdateJobExecution changed the execution: status %s, expected QUEUED", str_or(st));
    signer data_ok = run_signer(ctx, JC_DATA);
    expect_accepted(ctx, send_signed(ctx, &upd, &data_ok), "the same UpdateJobExecution with the data-plane scope");
    expect_accepted(ctx, send_signed(ctx, &rq, &s), "the CreateJob with the right scope");
}

static const jc_scenario s_table[] = {
    {"auth.unsigned", "Unsigned requests are refused on both planes (403, typed error) and create nothing",
     "AUTH-001,AUTH-007", "negative,auth", 0, s_unsigned,
     JC_OPS("", "CreateJob,DescribeJob,ListJobs,CreateThing,iot-jobs-data GetPendingJobExecutions")},
    {"auth.wrong-secret", "A request signed with a wrong secret is refused and creates nothing", "AUTH-002,AUTH-007",
     "negative,auth", 0, s_wrong_secret,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing")},
    {"auth.unknown-key", "A request signed with an unknown access key is refused and creates nothing",
     "AUTH-002,AUTH-007", "negative,auth", 0, s_unknown_key,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing")},
    {"auth.tampered-body", "A body changed after signing is refused and creates nothing", "AUTH-003,AUTH-007",
     "negative,auth", 0, s_tampered_body,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing")},
    {"auth.tampered-query", "A query changed after signing is refused and changes nothing", "AUTH-003,AUTH-007",
     "negative,auth", 0, s_tampered_query,
     JC_OPS("", "CancelJob,CreateJob,DeleteJob,DescribeJob,CreateThing")},
    {"auth.changed-signed-header", "A signed header changed after signing is refused and creates nothing",
     "AUTH-003,AUTH-007", "negative,auth", 0, s_changed_signed_header,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing")},
    {"auth.date-skew", "Signatures dated 10 minutes off are refused, 4 minutes old accepted", "AUTH-004,AUTH-007",
     "negative,limits,auth", 0, s_date_skew,
     JC_OPS("", "CreateJob,DescribeJob,CreateThing")},
    {"auth.wrong-scope", "A scope with another region or the other plane's service is refused on both planes",
     "AUTH-005,AUTH-007", "negative,auth", 0, s_wrong_scope,
     JC_OPS("", "CreateJob,DescribeJob,DescribeJobExecution,CreateThing,iot-jobs-data UpdateJobExecution")},
};

JC_SUITE(auth, "Authentication", s_table);
