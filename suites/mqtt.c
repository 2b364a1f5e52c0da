/* DeviceMQTT: the device side of the Jobs API over MQTT
 * (spec/mqtt-facts.md): the four request topics with valid and invalid
 * payloads, every error code a device can provoke, clientToken echo, $next,
 * notify and notify-next after control-plane and device changes, parity with
 * the HTTPS data plane, presigned URL replacement and the size limits.
 *
 * Every scenario connects its own device client (suites/support/jc_mqtt.h),
 * subscribed before it publishes, and waits only with bounded waits. A
 * message that must not arrive is judged after jc_mqtt_settle: a barrier
 * where the endpoint declares an ordering guarantee, else a quiet window
 * (--quiet-window). Without an MQTT endpoint every scenario SKIPs with that
 * reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jc_mqtt.h"
#include "jc_scenario.h"

/* A job on a new thing, and the device connected for that thing. */
typedef struct device {
    const char *thing;
    const char *arn;
    jc_mqtt *m;
} device;

static device new_device(jc_ctx *ctx)
{
    device d;
    if (!jc_mqtt_available(ctx)) jc_mqtt_device(ctx, "unused"); /* SKIPs with the reason */
    d.thing = jc_create_thing(ctx, "dev", &d.arn);
    d.m = jc_mqtt_device(ctx, d.thing);
    return d;
}

static const char *job_for(jc_ctx *ctx, const device *d, const char *document)
{
    const char *targets[] = {d->arn, NULL};
    return jc_create_job(ctx, NULL, document, targets, NULL);
}

static const char *op(jc_ctx *ctx, const char *job, const char *what) { return jc_str(ctx, "%s/%s", job, what); }

static bool num_is(const jc_response *r, const char *path, double want)
{
    double v;
    return jc_json_number(r, path, &v) && v == want;
}

static bool str_is(const jc_response *r, const char *path, const char *want)
{
    const char *s = jc_json_string(r, path);
    return s && strcmp(s, want) == 0;
}

static void check_timestamp(jc_ctx *ctx, const jc_response *r)
{
    double ts;
    JC_CHECK(ctx, jc_json_number(r, "timestamp", &ts) && ts > 0, "reply has no numeric timestamp: %.200s",
             jc_mqtt_text(ctx, r));
}

/* ---- requests ---- */

static void s_get_pending(jc_ctx *ctx)
{
    device d = new_device(ctx);
    jc_response *r = jc_mqtt_accepted(d.m, "get", "{\"clientToken\":\"get-0\"}");
    JC_CHECK(ctx, str_is(r, "clientToken", "get-0"), "clientToken not echoed");
    check_timestamp(ctx, r);
    const cJSON *ip = jc_json_array(r, "inProgressJobs"), *q = jc_json_array(r, "queuedJobs");
    JC_CHECK(ctx, ip && cJSON_GetArraySize(ip) == 0, "inProgressJobs must be present and empty");
    JC_CHECK(ctx, q && cJSON_GetArraySize(q) == 0, "queuedJobs must be present and empty");
    const char *j1 = job_for(ctx, &d, NULL);
    const char *j2 = job_for(ctx, &d, NULL);
    jc_mqtt_accepted(d.m, "start-next", "{}"); /* j1 IN_PROGRESS */
    r = jc_mqtt_accepted(d.m, "get", "{\"clientToken\":\"get-1\"}");
    JC_CHECK(ctx, str_is(r, "clientToken", "get-1"), "clientToken not echoed");
    ip = jc_json_array(r, "inProgressJobs");
    q = jc_json_array(r, "queuedJobs");
    JC_REQUIRE(ctx, ip && cJSON_GetArraySize(ip) == 1 && q && cJSON_GetArraySize(q) == 1,
               "expected one IN_PROGRESS and one QUEUED execution: %.300s", jc_mqtt_text(ctx, r));
    const cJSON *s = cJSON_GetArrayItem(ip, 0);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "jobId");
    JC_CHECK(ctx, cJSON_IsString(id) && strcmp(id->valuestring, j1) == 0, "inProgressJobs[0] is not %s", j1);
    JC_CHECK(ctx, cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(s, "startedAt")), "started summary lacks startedAt");
    s = cJSON_GetArrayItem(q, 0);
    id = cJSON_GetObjectItemCaseSensitive(s, "jobId");
    JC_CHECK(ctx, cJSON_IsString(id) && strcmp(id->valuestring, j2) == 0, "queuedJobs[0] is not %s", j2);
    static const char *const members[] = {"queuedAt", "lastUpdatedAt", "versionNumber", "executionNumber"};
    for (size_t i = 0; i < 4; i++)
        JC_CHECK(ctx, cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(s, members[i])), "summary lacks numeric %s",
                 members[i]);
}

static void s_start_next(jc_ctx *ctx)
{
    jc_req_scope(ctx, "MQ-001"); /* setup and replies; each check names its own */
    device d = new_device(ctx);
    jc_response *r = jc_mqtt_accepted(d.m, "start-next", "{\"clientToken\":\"sn-0\"}");
    JC_CHECK_REQ(ctx, "MQ-004", jc_json_get(r->json, "execution") == NULL, "nothing pending, yet an execution came: %.300s", jc_mqtt_text(ctx, r));
    JC_CHECK_REQ(ctx, "MQ-002", str_is(r, "clientToken", "sn-0"), "clientToken not echoed");
    const char *j1 = job_for(ctx, &d, "{\"action\":\"reboot\",\"n\":3}");
    job_for(ctx, &d, NULL);
    r = jc_mqtt_accepted(d.m, "start-next", "{\"clientToken\":\"sn-1\",\"statusDetails\":{\"phase\":\"download\"}}");
    JC_CHECK_REQ(ctx, "MQ-002", str_is(r, "clientToken", "sn-1"), "clientToken not echoed");
    jc_req_scope(ctx, "MQ-002");
    check_timestamp(ctx, r);
    jc_req_scope(ctx, "MQ-001");
    JC_CHECK_REQ(ctx, "MQ-004", str_is(r, "execution.jobId", j1), "start-next did not pick the oldest job %s", j1);
    JC_CHECK_REQ(ctx, "MQ-004", str_is(r, "execution.status", "IN_PROGRESS"), "execution.status is not IN_PROGRESS");
    JC_CHECK_REQ(ctx, "MQ-004", str_is(r, "execution.statusDetails.phase", "download"), "statusDetails not applied");
    JC_CHECK_REQ(ctx, "MQ-004", num_is(r, "execution.versionNumber", 2), "versionNumber is not 2 after start-next");
    JC_CHECK_REQ(ctx, "MQ-005", num_is(r, "execution.executionNumber", 1), "executionNumber is not 1");
    const cJSON *doc = jc_json_get(r->json, "execution.jobDocument");
    JC_CHECK_REQ(ctx, "MQ-005", cJSON_IsObject(doc) && str_is(r, "execution.jobDocument.action", "reboot") &&
                      num_is(r, "execution.jobDocument.n", 3),
             "jobDocument is not the document as a JSON object: %.300s", jc_mqtt_text(ctx, r));
    static const char *const members[] = {"execution.queuedAt", "execution.lastUpdatedAt", "execution.startedAt"};
    for (size_t i = 0; i < 3; i++) {
        double v;
        JC_CHECK_REQ(ctx, "MQ-005", jc_json_number(r, members[i], &v), "%s missing", members[i]);
    }
    /* again: the same IN_PROGRESS execution, details kept */
    r = jc_mqtt_accepted(d.m, "start-next", "{\"statusDetails\":{\"phase\":\"other\"}}");
    JC_CHECK_REQ(ctx, "MQ-004", str_is(r, "execution.jobId", j1), "a second start-next did not return the IN_PROGRESS %s", j1);
    JC_CHECK_REQ(ctx, "MQ-004", str_is(r, "execution.statusDetails.phase", "download"), "the IN_PROGRESS execution's details changed");
}

static void s_start_next_empty_payload(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    jc_response *r = jc_mqtt_request(d.m, "start-next", NULL);
    if (r->status == 200) {
        JC_CHECK(ctx, str_is(r, "execution.jobId", j1), "an empty start-next, accepted, did not start %s", j1);
    } else {
        JC_CHECK(ctx, str_is(r, "code", "InvalidJson"), "an empty payload is either {} or InvalidJson, got %.200s", jc_mqtt_text(ctx, r));
    }
}

static void s_describe(jc_ctx *ctx)
{
    jc_req_scope(ctx, "MQ-001"); /* setup and replies; each check names its own */
    device d = new_device(ctx);
    jc_response *r = jc_mqtt_request(d.m, "$next/get", "{\"clientToken\":\"dn-0\"}");
    if (r->status == 200) JC_CHECK_REQ(ctx, "MQ-031", jc_json_get(r->json, "execution") == NULL, "$next with nothing pending returned an execution");
    else JC_CHECK_REQ(ctx, "MQ-031", str_is(r, "code", "ResourceNotFound"), "$next with nothing pending: %.200s", jc_mqtt_text(ctx, r));
    const char *j1 = job_for(ctx, &d, "{\"k\":\"v\"}");
    r = jc_mqtt_accepted(d.m, op(ctx, j1, "get"), "{\"clientToken\":\"d-1\"}");
    JC_CHECK_REQ(ctx, "MQ-002", str_is(r, "clientToken", "d-1"), "clientToken not echoed");
    JC_CHECK_REQ(ctx, "MQ-006", str_is(r, "execution.jobId", j1) && str_is(r, "execution.status", "QUEUED"), "describe: %.300s", jc_mqtt_text(ctx, r));
    JC_CHECK_REQ(ctx, "MQ-005", str_is(r, "execution.jobDocument.k", "v"), "jobDocument missing or not an object by default");
    r = jc_mqtt_accepted(d.m, op(ctx, j1, "get"), "{\"includeJobDocument\":false,\"executionNumber\":1}");
    JC_CHECK_REQ(ctx, "MQ-006", jc_json_get(r->json, "execution.jobDocument") == NULL, "includeJobDocument false still sent it");
    r = jc_mqtt_accepted(d.m, "$next/get", "{}");
    JC_CHECK_REQ(ctx, "MQ-006", str_is(r, "execution.jobId", j1), "$next is not %s", j1);
    JC_CHECK_REQ(ctx, "MQ-006", str_is(r, "execution.status", "QUEUED"), "describing $next changed the execution");
    jc_req_scope(ctx, "MQ-010");
    jc_mqtt_rejected(d.m, op(ctx, jc_name(ctx, "nojob"), "get"), "{}",
                     (const char *const[]){"ResourceNotFound", NULL});
}

static void s_update_flow(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, "{\"op\":\"install\"}");
    jc_mqtt_accepted(d.m, "start-next", "{}");
    jc_response *r = jc_mqtt_accepted(
        d.m, op(ctx, j1, "update"),
        "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":2,\"statusDetails\":{\"p\":\"50\"},\"clientToken\":\"u-1\"}");
    JC_CHECK(ctx, str_is(r, "clientToken", "u-1"), "clientToken not echoed");
    check_timestamp(ctx, r);
    JC_CHECK(ctx, jc_json_get(r->json, "executionState") == NULL && jc_json_get(r->json, "jobDocument") == NULL,
             "executionState/jobDocument sent without being asked: %.300s", jc_mqtt_text(ctx, r));
    /* parity: the HTTPS data plane sees the MQTT update */
    jc_response *h = jc_call(ctx, JC_DATA, "GET", jc_path(ctx, "/things/%s/jobs/%s", d.thing, j1), NULL, NULL);
    jc_require_status(ctx, h, 200);
    JC_CHECK(ctx, num_is(h, "execution.versionNumber", 3) && str_is(h, "execution.statusDetails.p", "50"),
             "HTTPS does not show the MQTT update: %.300s", jc_mqtt_text(ctx, h));
    /* and MQTT sees an HTTPS update */
    jc_device_update(ctx, d.thing, j1, "IN_PROGRESS", NULL);
    r = jc_mqtt_accepted(d.m, op(ctx, j1, "get"), "{}");
    JC_CHECK(ctx, num_is(r, "execution.versionNumber", 4), "MQTT does not show the HTTPS update: %.300s", jc_mqtt_text(ctx, r));
    r = jc_mqtt_accepted(d.m, op(ctx, j1, "update"),
                         "{\"status\":\"SUCCEEDED\",\"includeJobExecutionState\":true,\"includeJobDocument\":true}");
    JC_CHECK(ctx, str_is(r, "executionState.status", "SUCCEEDED") && num_is(r, "executionState.versionNumber", 5),
             "executionState: %.300s", jc_mqtt_text(ctx, r));
    JC_CHECK(ctx, str_is(r, "jobDocument.op", "install"), "jobDocument not the document object: %.300s", jc_mqtt_text(ctx, r));
}

static void s_version_as_string(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    jc_mqtt_accepted(d.m, op(ctx, j1, "update"), "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"1\"}");
    jc_mqtt_accepted(d.m, op(ctx, j1, "update"),
                     "{\"status\":\"SUCCEEDED\",\"expectedVersion\":\"2\",\"executionNumber\":\"1\"}");
}

/* ---- errors ---- */

static void s_invalid_json(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    static const char *const codes[] = {"InvalidJson", NULL};
    jc_response *r = jc_mqtt_rejected(d.m, "get", "{not json", codes);
    check_timestamp(ctx, r);
    JC_CHECK(ctx, jc_json_string(r, "message") != NULL, "rejected reply has no message");
    jc_mqtt_rejected(d.m, op(ctx, j1, "update"), "[\"SUCCEEDED\"]", codes);
    jc_mqtt_rejected(d.m, "start-next", "{\"a\":1} trailing", codes);
    jc_mqtt_rejected(d.m, "start-next", "{\"a\":\"\xc3\x28\"}", codes);
    /* nothing changed */
    jc_response *g = jc_mqtt_accepted(d.m, op(ctx, j1, "get"), "{}");
    JC_CHECK(ctx, str_is(g, "execution.status", "QUEUED") && num_is(g, "execution.versionNumber", 1),
             "a rejected request changed the execution: %.300s", jc_mqtt_text(ctx, g));
}

static void s_invalid_request(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    const char *u = op(ctx, j1, "update");
    static const char *const codes[] = {"InvalidRequest", NULL};
    jc_response *r = jc_mqtt_rejected(d.m, u, "{\"clientToken\":\"ir-1\"}", codes);
    JC_CHECK(ctx, str_is(r, "clientToken", "ir-1"), "clientToken not echoed in a rejection: %.300s", jc_mqtt_text(ctx, r));
    JC_CHECK(ctx, jc_json_string(r, "message") != NULL, "rejected reply has no message");
    jc_mqtt_rejected(d.m, u, "{\"status\":\"DONE\"}", codes);
    jc_mqtt_rejected(d.m, u, "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"k\":1}}", codes);
    jc_mqtt_rejected(d.m, u, "{\"status\":\"SUCCEEDED\",\"statusDetails\":\"text\"}", codes);
    jc_mqtt_rejected(d.m, u, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":10081}", codes);
    jc_mqtt_rejected(d.m, u, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":0}", codes);
    jc_mqtt_rejected(d.m, "start-next", "{\"statusDetails\":{\"k\":\"\"}}", codes);
    jc_mqtt_rejected(d.m, op(ctx, j1, "get"), "{\"executionNumber\":-1}", codes);
    jc_mqtt_accepted(d.m, u, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":10080}");
}

static void s_not_found(jc_ctx *ctx)
{
    device d = new_device(ctx);
    static const char *const codes[] = {"ResourceNotFound", NULL};
    const char *ghost = jc_name(ctx, "ghost");
    jc_response *r = jc_mqtt_rejected(d.m, op(ctx, ghost, "update"), "{\"status\":\"IN_PROGRESS\",\"clientToken\":\"nf-1\"}", codes);
    JC_CHECK(ctx, str_is(r, "clientToken", "nf-1"), "clientToken not echoed in a rejection");
    jc_mqtt_rejected(d.m, op(ctx, ghost, "get"), "{}", codes);
    /* a job that exists, on another thing only */
    const char *other_arn = NULL;
    jc_create_thing(ctx, "other", &other_arn);
    const char *targets[] = {other_arn, NULL};
    const char *j = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_mqtt_rejected(d.m, op(ctx, j, "get"), "{}", codes);
}

static void s_state_transition(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    const char *u = op(ctx, j1, "update");
    jc_mqtt_accepted(d.m, u, "{\"status\":\"IN_PROGRESS\"}");
    jc_mqtt_accepted(d.m, u, "{\"status\":\"SUCCEEDED\"}");
    static const char *const codes[] = {"InvalidStateTransition", NULL};
    jc_response *r = jc_mqtt_rejected(d.m, u, "{\"status\":\"IN_PROGRESS\",\"clientToken\":\"st-1\"}", codes);
    JC_CHECK(ctx, str_is(r, "clientToken", "st-1"), "clientToken not echoed in a rejection");
    JC_CHECK(ctx, str_is(r, "executionState.status", "SUCCEEDED") && num_is(r, "executionState.versionNumber", 3),
             "InvalidStateTransition without the current executionState: %.300s", jc_mqtt_text(ctx, r));
    jc_mqtt_rejected(d.m, u, "{\"status\":\"FAILED\"}", codes);
}

static void s_version_mismatch(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    const char *u = op(ctx, j1, "update");
    static const char *const codes[] = {"VersionMismatch", NULL};
    jc_response *r = jc_mqtt_rejected(d.m, u, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":5,\"clientToken\":\"vm-1\"}", codes);
    JC_CHECK(ctx, str_is(r, "clientToken", "vm-1"), "clientToken not echoed in a rejection");
    JC_CHECK(ctx, num_is(r, "executionState.versionNumber", 1) && str_is(r, "executionState.status", "QUEUED"),
             "VersionMismatch without the current executionState: %.300s", jc_mqtt_text(ctx, r));
    jc_response *g = jc_mqtt_accepted(d.m, op(ctx, j1, "get"), "{}");
    JC_CHECK(ctx, str_is(g, "execution.status", "QUEUED"), "a VersionMismatch update changed the status");
}

static void s_invalid_topic(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    jc_response *r = jc_mqtt_request(d.m, "$next/update", "{\"status\":\"IN_PROGRESS\"}");
    if (r->status == 200)
        jc_note(ctx, "$next/update was applied (accepted)");
    else
        JC_CHECK(ctx, str_is(r, "code", "InvalidRequest") || str_is(r, "code", "InvalidTopic"),
                 "$next/update: %.200s", jc_mqtt_text(ctx, r));
    /* an unknown operation: InvalidTopic on <topic>/rejected, or no answer */
    size_t c = jc_mqtt_cursor(d.m);
    const char *bad = op(ctx, j1, "frobnicate");
    jc_mqtt_publish(d.m, bad, "{\"clientToken\":\"it-1\"}");
    jc_response *rej = jc_mqtt_wait(d.m, jc_str(ctx, "%s/rejected", bad), &c, 2000, NULL, NULL);
    if (rej) JC_CHECK(ctx, str_is(rej, "code", "InvalidTopic"), "unknown operation: %.200s", jc_mqtt_text(ctx, rej));
    JC_CHECK(ctx, jc_mqtt_count(d.m, jc_str(ctx, "%s/accepted", bad), 0) == 0, "an unknown operation was accepted");
    /* what a device publishes on a reply topic is not answered */
    size_t c2 = jc_mqtt_cursor(d.m);
    jc_mqtt_publish(d.m, "get/accepted", "{}");
    size_t c3 = c2;
    JC_CHECK(ctx, jc_mqtt_settle(d.m, "get/accepted/rejected", &c2, NULL, NULL) == NULL,
             "a message on a reply topic was answered (get/accepted/rejected)");
    JC_CHECK(ctx, jc_mqtt_count(d.m, "get/accepted/accepted", c3) == 0,
             "a message on a reply topic was answered (get/accepted/accepted)");
}

static void s_client_token_limit(jc_ctx *ctx)
{
    jc_req_scope(ctx, "MQ-002"); /* 64 characters echoed; 65 is MQ-028 (MAY) */
    device d = new_device(ctx);
    const char *t64 = jc_repeat(ctx, 't', 64);
    jc_response *r = jc_mqtt_accepted(d.m, "get", jc_str(ctx, "{\"clientToken\":\"%s\"}", t64));
    JC_CHECK(ctx, str_is(r, "clientToken", t64), "a 64-character clientToken was not echoed whole");
    /* 65 characters: [R] accepted, or rejected with InvalidRequest; either way answered */
    jc_req_scope(ctx, "MQ-028");
    size_t c = jc_mqtt_cursor(d.m);
    jc_mqtt_publish(d.m, "get", jc_str(ctx, "{\"clientToken\":\"%s\"}", jc_repeat(ctx, 't', 65)));
    jc_response *rej = jc_mqtt_wait(d.m, "get/rejected", &c, 3000, NULL, NULL);
    if (rej) JC_CHECK(ctx, str_is(rej, "code", "InvalidRequest"), "a 65-character clientToken: %.200s", jc_mqtt_text(ctx, rej));
    else JC_CHECK(ctx, jc_mqtt_count(d.m, "get/accepted", c) > 0, "a 65-character clientToken got no answer");
}

/* ---- notifications ---- */

typedef struct has_job {
    const char *list; /* "QUEUED" or "IN_PROGRESS" or NULL = anywhere / nowhere */
    const char *job;
    bool present;
} has_job;

static bool list_has(const cJSON *arr, const char *job)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "jobId");
        if (cJSON_IsString(id) && strcmp(id->valuestring, job) == 0) return true;
    }
    return false;
}

static bool notify_has(const jc_response *r, void *arg)
{
    const has_job *h = arg;
    const cJSON *jobs = jc_json_object(r, "jobs");
    if (!jobs) return false;
    bool in = list_has(cJSON_GetObjectItemCaseSensitive(jobs, "QUEUED"), h->job) ||
              list_has(cJSON_GetObjectItemCaseSensitive(jobs, "IN_PROGRESS"), h->job);
    if (h->list) in = list_has(cJSON_GetObjectItemCaseSensitive(jobs, h->list), h->job);
    return in == h->present;
}

static bool next_is(const jc_response *r, void *arg)
{
    const char *job = arg;
    const char *id = jc_json_string(r, "execution.jobId");
    if (!job) return jc_json_get(r->json, "execution") == NULL;
    return id && strcmp(id, job) == 0;
}

static void s_notify_create(jc_ctx *ctx)
{
    device d = new_device(ctx);
    size_t c = jc_mqtt_cursor(d.m), cn = c;
    const char *j1 = job_for(ctx, &d, "{\"step\":1}");
    has_job h = {"QUEUED", j1, true};
    jc_response *n = jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &h);
    JC_REQUIRE(ctx, n != NULL, "no notify listing %s as QUEUED after CreateJob", j1);
    check_timestamp(ctx, n);
    JC_CHECK(ctx, jc_json_get(n->json, "jobs.IN_PROGRESS") == NULL, "an empty IN_PROGRESS list must be omitted");
    JC_CHECK(ctx, jc_json_get(n->json, "clientToken") == NULL, "notify carries a clientToken");
    jc_response *nn = jc_mqtt_wait(d.m, "notify-next", &cn, 0, next_is, (void *)j1);
    JC_REQUIRE(ctx, nn != NULL, "no notify-next naming %s after CreateJob", j1);
    JC_CHECK(ctx, num_is(nn, "execution.jobDocument.step", 1), "notify-next without the document object: %.300s", jc_mqtt_text(ctx, nn));
    JC_CHECK(ctx, str_is(nn, "execution.status", "QUEUED"), "notify-next execution is not QUEUED");
    /* a second job behind the first: notify (both, in queue order) but no notify-next */
    size_t before_next = jc_mqtt_cursor(d.m);
    const char *j2 = job_for(ctx, &d, NULL);
    has_job h2 = {"QUEUED", j2, true};
    n = jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &h2);
    JC_REQUIRE(ctx, n != NULL, "no notify listing %s after the second CreateJob", j2);
    const cJSON *q = jc_json_get(n->json, "jobs.QUEUED");
    const cJSON *first = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(q, 0), "jobId");
    JC_CHECK(ctx, cJSON_GetArraySize(q) == 2 && cJSON_IsString(first) && strcmp(first->valuestring, j1) == 0,
             "notify QUEUED list is not [%s, %s]: %.300s", j1, j2, jc_mqtt_text(ctx, n));
    size_t quiet = before_next;
    jc_response *extra = jc_mqtt_settle(d.m, "notify-next", &quiet, NULL, NULL);
    JC_CHECK(ctx, extra == NULL, "notify-next published though the next execution did not change: %.300s",
             jc_mqtt_text(ctx, extra));
}

static void s_notify_order(jc_ctx *ctx)
{
    device d = new_device(ctx);
    size_t c = jc_mqtt_cursor(d.m);
    const char *jobs[4];
    for (int i = 0; i < 4; i++) jobs[i] = job_for(ctx, &d, NULL);
    jc_mqtt_accepted(d.m, op(ctx, jobs[2], "update"), "{\"status\":\"IN_PROGRESS\"}");
    /* the latest notify must list jobs[2] IN_PROGRESS, then 0, 1, 3 QUEUED in that order */
    has_job h = {"QUEUED", jobs[3], true};
    jc_response *n = jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &h);
    JC_REQUIRE(ctx, n != NULL, "no notify listing all four jobs");
    const cJSON *q = jc_json_get(n->json, "jobs.QUEUED");
    int want[] = {0, 1, 2, 3};
    int k = 0, idx = 0;
    const cJSON *e;
    bool ordered = true;
    cJSON_ArrayForEach(e, q)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "jobId");
        while (idx < 4 && (!cJSON_IsString(id) || strcmp(id->valuestring, jobs[want[idx]]) != 0)) idx++;
        if (idx == 4) ordered = false;
        k++;
    }
    JC_CHECK(ctx, ordered && k >= 3, "notify QUEUED list is not in queue order: %.400s", jc_mqtt_text(ctx, n));
    /* the device's own state change: GetPending agrees on the order */
    jc_response *g = jc_mqtt_accepted(d.m, "get", "{}");
    const cJSON *gq = jc_json_array(g, "queuedJobs");
    JC_CHECK(ctx, cJSON_GetArraySize(gq) == 3 && list_has(jc_json_array(g, "inProgressJobs"), jobs[2]),
             "get: %.300s", jc_mqtt_text(ctx, g));
}

static void s_notify_device_terminal(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    const char *j2 = job_for(ctx, &d, NULL);
    size_t c = jc_mqtt_cursor(d.m), cn = c;
    jc_mqtt_accepted(d.m, "start-next", "{}");
    jc_mqtt_accepted(d.m, op(ctx, j1, "update"), "{\"status\":\"SUCCEEDED\"}");
    has_job gone = {NULL, j1, false};
    jc_response *n = jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &gone);
    JC_REQUIRE(ctx, n != NULL, "no notify without %s after it SUCCEEDED", j1);
    JC_CHECK(ctx, list_has(jc_json_get(n->json, "jobs.QUEUED"), j2), "notify lost %s: %.300s", j2, jc_mqtt_text(ctx, n));
    jc_response *nn = jc_mqtt_wait(d.m, "notify-next", &cn, 0, next_is, (void *)j2);
    JC_CHECK(ctx, nn != NULL, "no notify-next naming %s after %s SUCCEEDED", j2, j1);
    /* the last one ends: empty notify and notify-next without execution */
    jc_mqtt_accepted(d.m, op(ctx, j2, "update"), "{\"status\":\"REJECTED\"}");
    has_job gone2 = {NULL, j2, false};
    n = jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &gone2);
    JC_REQUIRE(ctx, n != NULL, "no notify after the last execution ended");
    const cJSON *jobs = jc_json_object(n, "jobs");
    JC_CHECK(ctx, jobs && cJSON_GetArraySize(jobs) == 0, "notify with nothing pending must have jobs {}: %.300s", jc_mqtt_text(ctx, n));
    nn = jc_mqtt_wait(d.m, "notify-next", &cn, 0, next_is, NULL);
    JC_CHECK(ctx, nn != NULL, "no notify-next without execution after the last execution ended");
    if (nn) check_timestamp(ctx, nn);
}

static void s_notify_cancel_delete(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    const char *j2 = job_for(ctx, &d, NULL);
    size_t c = jc_mqtt_cursor(d.m), cn = c;
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", j1), NULL, "{}");
    jc_require_status(ctx, r, 200);
    has_job gone = {NULL, j1, false};
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &gone) != NULL, "no notify after CancelJob %s", j1);
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify-next", &cn, 0, next_is, (void *)j2) != NULL,
             "no notify-next naming %s after CancelJob %s", j2, j1);
    r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", j2), "force=true", NULL);
    jc_require_status(ctx, r, 200);
    has_job gone2 = {NULL, j2, false};
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &gone2) != NULL, "no notify after DeleteJob %s", j2);
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify-next", &cn, 0, next_is, NULL) != NULL,
             "no empty notify-next after DeleteJob %s", j2);
}

/* MQ-014, MQ-016: as above for a job whose execution the device has started:
 * DeleteJob with force removes the IN_PROGRESS execution from the pending
 * set, so notify comes without it and notify-next names the QUEUED job that
 * $next now returns. */
static void s_notify_delete_in_progress(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    const char *j2 = job_for(ctx, &d, NULL);
    jc_response *r = jc_mqtt_accepted(d.m, "start-next", "{}");
    JC_REQUIRE(ctx, str_is(r, "execution.jobId", j1), "start-next did not start %s: %.200s", j1, jc_mqtt_text(ctx, r));
    size_t c = jc_mqtt_cursor(d.m), cn = c;
    r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", j1), "force=true", NULL);
    jc_require_status(ctx, r, 200);
    has_job gone = {NULL, j1, false};
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &gone) != NULL,
             "no notify without %s after DeleteJob ?force=true of its IN_PROGRESS execution", j1);
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify-next", &cn, 0, next_is, (void *)j2) != NULL,
             "no notify-next naming %s after DeleteJob ?force=true of the IN_PROGRESS %s", j2, j1);
}

static void s_notify_association(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *other_arn = NULL;
    jc_create_thing(ctx, "first", &other_arn);
    const char *targets[] = {other_arn, NULL};
    const char *j = jc_create_job(ctx, NULL, NULL, targets, "{\"targetSelection\":\"CONTINUOUS\"}");
    size_t c = jc_mqtt_cursor(d.m), cn = c;
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/jobs/%s/targets", j), NULL,
                             jc_str(ctx, "{\"targets\":[\"%s\"]}", d.arn));
    jc_require_status(ctx, r, 200);
    has_job h = {"QUEUED", j, true};
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &h) != NULL,
             "no notify after AssociateTargetsWithJob added the thing");
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify-next", &cn, 0, next_is, (void *)j) != NULL,
             "no notify-next after AssociateTargetsWithJob added the thing");
}

static void s_notify_timeout(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    jc_mqtt_accepted(d.m, op(ctx, j1, "update"), "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":1}");
    size_t c = jc_mqtt_cursor(d.m), cn = c;
    jc_advance(ctx, 61 * 1000);
    has_job gone = {NULL, j1, false};
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &gone) != NULL,
             "no notify after the step timer timed %s out", j1);
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify-next", &cn, 0, next_is, NULL) != NULL,
             "no empty notify-next after the step timer timed %s out", j1);
    jc_response *g = jc_mqtt_accepted(d.m, op(ctx, j1, "get"), "{}");
    JC_CHECK(ctx, str_is(g, "execution.status", "TIMED_OUT"), "execution is not TIMED_OUT: %.200s", jc_mqtt_text(ctx, g));
}

/* Rollout at one execution a minute over three things: the device of the
 * last thing is told about its execution only once the clock has moved. */
static void s_notify_rollout(jc_ctx *ctx)
{
    const char *arns[4] = {NULL, NULL, NULL, NULL};
    jc_create_thing(ctx, "r0", &arns[0]);
    jc_create_thing(ctx, "r1", &arns[1]);
    device d = new_device(ctx);
    arns[2] = d.arn;
    size_t c = jc_mqtt_cursor(d.m), cn = c;
    const char *j = jc_create_job(ctx, NULL, NULL, arns, "{\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}}");
    has_job h = {"QUEUED", j, true};
    bool early = jc_mqtt_settle(d.m, "notify", &c, notify_has, &h) != NULL;
    if (early) jc_note(ctx, "the third target was notified before the clock moved");
    for (int minute = 0; minute < 3 && !early; minute++) {
        jc_advance(ctx, 61 * 1000);
        early = (minute == 2 ? jc_mqtt_wait(d.m, "notify", &c, 0, notify_has, &h)
                             : jc_mqtt_settle(d.m, "notify", &c, notify_has, &h)) != NULL;
    }
    JC_CHECK(ctx, early, "no notify listing %s for the last target after three rollout minutes", j);
    JC_CHECK(ctx, jc_mqtt_wait(d.m, "notify-next", &cn, 0, next_is, (void *)j) != NULL,
             "no notify-next naming %s for the last target", j);
}

/* ---- documents and sizes ---- */

static void s_presigned(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *url = "https://s3.amazonaws.com/jobsconf-bucket/firmware.bin";
    const char *doc = jc_str(ctx, "{\"file\":\"${aws:iot:s3-presigned-url:%s}\"}", url);
    cJSON *body = cJSON_CreateObject();
    cJSON *t = cJSON_AddArrayToObject(body, "targets");
    cJSON_AddItemToArray(t, cJSON_CreateString(d.arn));
    cJSON_AddStringToObject(body, "document", doc);
    cJSON *p = cJSON_AddObjectToObject(body, "presignedUrlConfig");
    /* the account is the fifth field of the ARN prefix "arn:aws:iot:REGION:ACCOUNT:" */
    char account[32] = "123456789012";
    const char *ap = jc_arn_prefix(ctx);
    for (int field = 0; ap && *ap && field < 4; ap++)
        if (*ap == ':') field++;
    if (ap && strcspn(ap, ":") < sizeof account) snprintf(account, sizeof account, "%.*s", (int)strcspn(ap, ":"), ap);
    cJSON_AddStringToObject(p, "roleArn", jc_str(ctx, "arn:aws:iam::%s:role/jobsconf-presign", account));
    cJSON_AddNumberToObject(p, "expiresInSec", 600);
    const char *job = jc_name(ctx, "psu");
    jc_response *r = jc_call_json(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", job), NULL, body);
    cJSON_Delete(body);
    jc_require_status(ctx, r, 200);
    r = jc_mqtt_accepted(d.m, "start-next", "{}");
    const char *f = jc_json_string(r, "execution.jobDocument.file");
    JC_REQUIRE(ctx, f != NULL, "no jobDocument.file over MQTT: %.300s", jc_mqtt_text(ctx, r));
    JC_CHECK(ctx, strstr(f, "${aws:iot:s3-presigned-url:") == NULL, "placeholder not replaced over MQTT: %.300s", jc_mqtt_text(ctx, r));
    JC_CHECK(ctx, strncmp(f, url, strlen(url)) == 0 && strchr(f, '?') != NULL,
             "replacement is not a presigned form of %s: %.300s", url, jc_mqtt_text(ctx, r));
    /* GetJobDocument over HTTPS keeps the placeholder */
    jc_response *g = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s/job-document", job), NULL, NULL);
    jc_require_status(ctx, g, 200);
    const char *gd = jc_json_string(g, "document");
    JC_CHECK(ctx, gd && strstr(gd, "${aws:iot:s3-presigned-url:") != NULL, "GetJobDocument replaced the placeholder");
}

static void s_size_limits(jc_ctx *ctx)
{
    jc_req_scope(ctx, "MQ-020"); /* the document and statusDetails limits; over 128 KiB is MQ-033 (MAY) */
    device d = new_device(ctx);
    /* a document of exactly 32768 characters arrives whole */
    size_t pad = 32768 - strlen("{\"pad\":\"\"}");
    const char *doc = jc_str(ctx, "{\"pad\":\"%s\"}", jc_repeat(ctx, 'x', (long)pad));
    const char *j1 = job_for(ctx, &d, doc);
    jc_response *r = jc_mqtt_accepted(d.m, op(ctx, j1, "get"), "{}");
    const char *got = jc_json_string(r, "execution.jobDocument.pad");
    JC_CHECK(ctx, got && strlen(got) == pad, "the 32768-character document did not arrive whole");
    const char *u = op(ctx, j1, "update");
    jc_mqtt_accepted(d.m, u, jc_str(ctx, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"%s\"}}",
                                    jc_repeat(ctx, 'v', 1024)));
    static const char *const codes[] = {"InvalidRequest", NULL};
    jc_mqtt_rejected(d.m, u, jc_str(ctx, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"%s\"}}",
                                    jc_repeat(ctx, 'v', 1025)), codes);
    /* over 128 KiB: rejected with InvalidRequest, or refused by the broker (no reply) [R] */
    jc_req_scope(ctx, "MQ-033");
    size_t c = jc_mqtt_cursor(d.m);
    jc_mqtt_publish(d.m, "get", jc_str(ctx, "{\"pad\":\"%s\"}", jc_repeat(ctx, 'p', 128 * 1024)));
    jc_response *big = jc_mqtt_wait(d.m, "get/rejected", &c, 2000, NULL, NULL);
    if (big) JC_CHECK(ctx, str_is(big, "code", "InvalidRequest"), "a request over 128 KiB: %.200s", jc_mqtt_text(ctx, big));
    JC_CHECK(ctx, jc_mqtt_count(d.m, "get/accepted", c) == 0, "a request over 128 KiB was accepted");
}

/* ---- boundaries found by the mutation self-test ---- */

/* A reply to a request the endpoint may refuse or ignore: rejected with one
 * of `codes` echoing `token` (MQ-002), or no reply at all; never accepted. */
static void expect_refused_or_silent(jc_ctx *ctx, jc_mqtt *m, const char *opname, const char *payload,
                                     const char *token, const char *const *codes, const char *what)
{
    size_t c = jc_mqtt_cursor(m);
    jc_mqtt_publish(m, opname, payload);
    jc_response *r = jc_mqtt_any_reply(m, opname, &c, 0);
    if (!r) {
        jc_note(ctx, "%s: not answered", what);
        return;
    }
    JC_CHECK_REQ(ctx, "MQ-060", r->status != 200, "%s was accepted: %.300s", what, jc_mqtt_text(ctx, r));
    if (r->status == 200) return;
    const char *code = jc_json_string(r, "code");
    bool known = false;
    for (size_t i = 0; code && codes[i]; i++) known = known || strcmp(code, codes[i]) == 0;
    JC_CHECK_REQ(ctx, "MQ-060", known, "%s: rejected with an unexpected code: %.300s", what, jc_mqtt_text(ctx, r));
    JC_CHECK_REQ(ctx, "MQ-002", str_is(r, "clientToken", token), "%s: the rejection does not echo clientToken '%s': %.300s",
                 what, token, jc_mqtt_text(ctx, r));
}

/* jobId in the topic at its model limit (64) and past it, up to a request
 * topic of 256 characters, the topic buffer of AWS's embedded library
 * (spec/mqtt-facts.md 1). */
static void s_topic_id_limits(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *base = jc_name(ctx, "L");
    const char *id64 = jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'k', 64 - strlen(base)));
    const char *targets[] = {d.arn, NULL};
    jc_create_job(ctx, id64, NULL, targets, NULL);
    jc_req_scope(ctx, "MQ-060");
    jc_response *r = jc_mqtt_accepted(d.m, op(ctx, id64, "get"), "{\"clientToken\":\"id-64\"}");
    JC_CHECK_REQ(ctx, "MQ-060", str_is(r, "execution.jobId", id64), "a 64-character jobId: %.300s", jc_mqtt_text(ctx, r));
    r = jc_mqtt_accepted(d.m, op(ctx, id64, "update"), "{\"status\":\"IN_PROGRESS\",\"clientToken\":\"id-64u\"}");
    JC_CHECK_REQ(ctx, "MQ-002", str_is(r, "clientToken", "id-64u"), "clientToken not echoed: %.300s", jc_mqtt_text(ctx, r));
    static const char *const codes[] = {"InvalidTopic", "InvalidRequest", "ResourceNotFound", NULL};
    expect_refused_or_silent(ctx, d.m, op(ctx, jc_str(ctx, "%sk", id64), "get"), "{\"clientToken\":\"id-65\"}", "id-65",
                             codes, "a 65-character jobId");
    /* "$aws/things/" thing "/jobs/" id "/get": 256 characters in all */
    size_t fixed = strlen("$aws/things/") + strlen(d.thing) + strlen("/jobs/") + strlen("/get");
    const char *idlong = jc_repeat(ctx, 'q', 256 - fixed);
    expect_refused_or_silent(ctx, d.m, op(ctx, idlong, "get"), "{\"clientToken\":\"id-256\"}", "id-256", codes,
                             "a request topic of 256 characters (jobId too long)");
    expect_refused_or_silent(ctx, d.m, op(ctx, jc_repeat(ctx, 'q', 256 - fixed - 3), "update"),
                             "{\"status\":\"SUCCEEDED\",\"clientToken\":\"id-256u\"}", "id-256u", codes,
                             "an update topic of 256 characters (jobId too long)");
    /* nothing was applied to the 64-character job by the refused requests */
    r = jc_mqtt_accepted(d.m, op(ctx, id64, "get"), "{}");
    JC_CHECK_REQ(ctx, "MQ-060", str_is(r, "execution.status", "IN_PROGRESS"), "the execution changed: %.300s",
                 jc_mqtt_text(ctx, r));
}

/* clientToken at the short end: one character is a token like any other
 * (no source sets a minimum above 1); zero characters may be refused. */
static void s_client_token_short(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    jc_req_scope(ctx, "MQ-002");
    jc_response *r = jc_mqtt_accepted(d.m, "get", "{\"clientToken\":\"a\"}");
    JC_CHECK(ctx, str_is(r, "clientToken", "a"), "a 1-character clientToken not echoed: %.300s", jc_mqtt_text(ctx, r));
    r = jc_mqtt_accepted(d.m, op(ctx, j1, "update"), "{\"status\":\"IN_PROGRESS\",\"clientToken\":\"b\"}");
    JC_CHECK(ctx, str_is(r, "clientToken", "b"), "a 1-character clientToken not echoed: %.300s", jc_mqtt_text(ctx, r));
    static const char *const nf[] = {"ResourceNotFound", NULL};
    r = jc_mqtt_rejected(d.m, op(ctx, jc_name(ctx, "ghost"), "get"), "{\"clientToken\":\"c\"}", nf);
    JC_CHECK(ctx, str_is(r, "clientToken", "c"), "a 1-character clientToken not echoed in a rejection: %.300s",
             jc_mqtt_text(ctx, r));
    /* zero characters: [R] accepted, or rejected with InvalidRequest; answered either way */
    jc_req_scope(ctx, "MQ-028");
    size_t c = jc_mqtt_cursor(d.m);
    jc_mqtt_publish(d.m, "get", "{\"clientToken\":\"\"}");
    jc_response *e = jc_mqtt_any_reply(d.m, "get", &c, 0);
    JC_CHECK(ctx, e != NULL, "an empty clientToken got no answer");
    if (e && e->status != 200)
        JC_CHECK(ctx, str_is(e, "code", "InvalidRequest"), "an empty clientToken: %.200s", jc_mqtt_text(ctx, e));
}

/* expectedVersion as a digit string means the number it spells, on both
 * sides of the model's long (9223372036854775807): 9 x 10^18 (19 digits) is
 * a version that does not match, 9.3 x 10^18 is out of range; an empty or
 * non-digit string is no number; "0001" is 1 and "10" is ten. */
static void s_version_string_range(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *j1 = job_for(ctx, &d, NULL);
    const char *u = op(ctx, j1, "update");
    static const char *const vm[] = {"VersionMismatch", NULL};
    static const char *const ir[] = {"InvalidRequest", NULL};
    jc_req_scope(ctx, "MQ-012");
    jc_response *r = jc_mqtt_rejected(d.m, u, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":9000000000000000000}", vm);
    JC_CHECK(ctx, num_is(r, "executionState.versionNumber", 1), "VersionMismatch without the executionState: %.300s",
             jc_mqtt_text(ctx, r));
    jc_req_scope(ctx, "MQ-013");
    r = jc_mqtt_rejected(d.m, u, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"9000000000000000000\"}", vm);
    JC_CHECK(ctx, num_is(r, "executionState.versionNumber", 1), "VersionMismatch without the executionState: %.300s",
             jc_mqtt_text(ctx, r));
    jc_req_scope(ctx, "MQ-009");
    jc_mqtt_rejected(d.m, u, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"9300000000000000000\"}", ir);
    jc_mqtt_rejected(d.m, u, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"\"}", ir);
    jc_mqtt_rejected(d.m, u, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"1x\"}", ir);
    jc_req_scope(ctx, "MQ-012");
    r = jc_mqtt_accepted(d.m, op(ctx, j1, "get"), "{}");
    JC_CHECK(ctx, str_is(r, "execution.status", "QUEUED") && num_is(r, "execution.versionNumber", 1),
             "a refused update changed the execution: %.300s", jc_mqtt_text(ctx, r));
    /* each accepted update moves versionNumber one up: 2, ..., 10 */
    jc_req_scope(ctx, "MQ-013");
    jc_mqtt_accepted(d.m, u, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"0001\"}");
    for (int v = 2; v <= 10; v++)
        jc_mqtt_accepted(d.m, u, jc_str(ctx, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"%d\"}", v));
    r = jc_mqtt_accepted(d.m, op(ctx, j1, "get"), "{}");
    JC_CHECK(ctx, num_is(r, "execution.versionNumber", 11), "versionNumber is not 11 after ten updates: %.300s",
             jc_mqtt_text(ctx, r));
}

/* GetPendingJobExecutions lists "all jobs for a thing that are not in a
 * terminal status", capped at 10 (archived guide) or 15 (current guide):
 * ten pending executions are all listed, eleven give 10 to 15. */
static void s_get_pending_ten(jc_ctx *ctx)
{
    device d = new_device(ctx);
    const char *jobs[11];
    for (int i = 0; i < 10; i++) jobs[i] = job_for(ctx, &d, NULL);
    jc_response *r = jc_mqtt_accepted(d.m, "start-next", "{}");
    JC_REQUIRE(ctx, str_is(r, "execution.jobId", jobs[0]), "start-next did not start %s: %.300s", jobs[0],
               jc_mqtt_text(ctx, r));
    r = jc_mqtt_accepted(d.m, "get", "{}");
    const cJSON *ip = jc_json_array(r, "inProgressJobs"), *q = jc_json_array(r, "queuedJobs");
    JC_CHECK(ctx, cJSON_GetArraySize(ip) == 1 && list_has(ip, jobs[0]) && cJSON_GetArraySize(q) == 9,
             "ten pending executions (1 IN_PROGRESS, 9 QUEUED) are not all listed: %.400s", jc_mqtt_text(ctx, r));
    for (int i = 1; i < 10; i++)
        JC_CHECK(ctx, list_has(q, jobs[i]), "queuedJobs lacks %s: %.400s", jobs[i], jc_mqtt_text(ctx, r));
    jobs[10] = job_for(ctx, &d, NULL);
    r = jc_mqtt_accepted(d.m, "get", "{}");
    ip = jc_json_array(r, "inProgressJobs");
    q = jc_json_array(r, "queuedJobs");
    int n = cJSON_GetArraySize(ip) + cJSON_GetArraySize(q);
    JC_CHECK(ctx, ip && q && n >= 10 && n <= 11, "eleven pending executions: %d listed (10 or 11 expected): %.400s", n,
             jc_mqtt_text(ctx, r));
}

static const jc_scenario s_table[] = {
    {"mqtt.get-pending", "get: both lists present even when empty, summaries with their members, clientToken echoed",
     "MQ-001,MQ-002,MQ-003,MQ-019", "", 0, s_get_pending,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.start-next", "start-next: oldest QUEUED becomes IN_PROGRESS with statusDetails, same one again, none when nothing pending",
     "MQ-001,MQ-002,MQ-004,MQ-005,MQ-023", "", 0, s_start_next,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.start-next-empty-payload", "A zero-byte start-next is taken as {} or rejected with InvalidJson",
     "MQ-032", "", 0, s_start_next_empty_payload,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.describe", "{jobId}/get and $next/get: document by default, includeJobDocument false, $next unchanged, unknown job",
     "MQ-001,MQ-002,MQ-005,MQ-006,MQ-010,MQ-031", "", 0, s_describe,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.update-flow", "update IN_PROGRESS then SUCCEEDED; executionState and jobDocument only when asked; HTTPS parity both ways",
     "MQ-001,MQ-002,MQ-007,MQ-019", "", 0, s_update_flow,
     JC_OPS("iot-jobs-data DescribeJobExecution", "CreateJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"mqtt.version-as-string", "expectedVersion and executionNumber are accepted as digit strings",
     "MQ-013", "", 0, s_version_as_string,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.invalid-json", "Payloads that are not UTF-8 JSON objects are rejected with InvalidJson and change nothing",
     "MQ-008,MQ-002", "negative", 0, s_invalid_json,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.invalid-request", "Invalid payload contents are rejected with InvalidRequest and echo clientToken",
     "MQ-009,MQ-002", "negative,limits", 0, s_invalid_request,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.not-found", "Unknown jobs and executions are rejected with ResourceNotFound",
     "MQ-010,MQ-002", "negative", 0, s_not_found,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.state-transition", "SUCCEEDED to IN_PROGRESS is rejected with InvalidStateTransition and the executionState",
     "MQ-011,MQ-002", "negative", 0, s_state_transition,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.version-mismatch", "A wrong expectedVersion is rejected with VersionMismatch and the executionState",
     "MQ-012,MQ-002", "negative", 0, s_version_mismatch,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.next-update", "An update on $next/update is rejected or applied",
     "MQ-027,MQ-025", "negative", 0, s_invalid_topic,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.client-token-limit", "A 64-character clientToken is echoed whole; a longer one gets an answer",
     "MQ-028,MQ-002", "limits", 0, s_client_token_limit,
     JC_OPS("", "CreateThing")},
    {"mqtt.notify-create", "CreateJob publishes notify and notify-next; a second job publishes notify only, in queue order",
     "MQ-014,MQ-015,MQ-016,MQ-017,MQ-019", "notify", 0, s_notify_create,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.notify-order", "notify lists QUEUED executions in queue order after a device update",
     "MQ-015,MQ-014", "notify", 0, s_notify_order,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.notify-device-terminal", "Device updates to terminal statuses publish notify and notify-next, ending with jobs {} and no execution",
     "MQ-014,MQ-016", "notify", 0, s_notify_device_terminal,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.notify-cancel-delete", "CancelJob and DeleteJob over HTTPS publish notify and notify-next",
     "MQ-014,MQ-016,MQ-019", "notify", 0, s_notify_cancel_delete,
     JC_OPS("CancelJob,DeleteJob", "CreateJob,CreateThing")},
    {"mqtt.notify-delete-in-progress", "DeleteJob ?force=true of a job whose execution is IN_PROGRESS publishes notify "
     "without it and notify-next naming the next QUEUED job", "MQ-014,MQ-016", "notify", 0, s_notify_delete_in_progress,
     JC_OPS("DeleteJob", "CreateJob,CreateThing")},
    {"mqtt.notify-association", "AssociateTargetsWithJob adding the thing publishes notify and notify-next",
     "MQ-014,MQ-016,MQ-019", "notify", 0, s_notify_association,
     JC_OPS("AssociateTargetsWithJob", "CreateJob,CreateThing")},
    {"mqtt.notify-timeout", "A step timeout on the clock publishes notify and notify-next",
     "MQ-014,MQ-016", "notify,timers", JC_NEEDS_CLOCK, s_notify_timeout,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.notify-rollout", "A rollout of one execution a minute notifies each device when its execution is created",
     "MQ-014,MQ-016", "notify,timers", JC_NEEDS_CLOCK, s_notify_rollout,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.presigned-url", "Presigned URL placeholders are replaced over MQTT and kept by GetJobDocument",
     "MQ-018", "", 0, s_presigned,
     JC_OPS("CreateJob,GetJobDocument", "CreateThing")},
    {"mqtt.size-limits", "A 32768-character document arrives whole; statusDetails values of 1024 pass and 1025 are rejected",
     "MQ-020,MQ-033", "limits", 0, s_size_limits,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.topic-id-limits", "A 64-character jobId in a request topic is served; a longer one, up to a 256-character topic, is refused echoing clientToken or ignored",
     "MQ-060,MQ-002", "limits,negative", 0, s_topic_id_limits,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.client-token-short", "A 1-character clientToken is echoed in accepted and rejected replies; an empty one is answered",
     "MQ-002,MQ-028", "limits", 0, s_client_token_short,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.version-string-range", "expectedVersion as a digit string is the number it spells: 9x10^18 mismatches, 9.3x10^18, \"\" and \"1x\" are invalid, \"10\" is ten",
     "MQ-012,MQ-013,MQ-009", "limits,negative", 0, s_version_string_range,
     JC_OPS("", "CreateJob,CreateThing")},
    {"mqtt.get-pending-ten", "get lists all of ten pending executions, and 10 or 11 of eleven",
     "MQ-061,MQ-003", "limits", 0, s_get_pending_ten,
     JC_OPS("", "CreateJob,CreateThing")},
};

JC_SUITE(mqtt, "DeviceMQTT", s_table);
