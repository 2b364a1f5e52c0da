/* Unit tests of libjobsref's MQTT codec, exchange and notifier
 * (reference/src/mqtt_*.c) on a machine with a virtual clock. */
#include <CUnit/Basic.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobsref/jobsref.h"
#include "jobsref/mqtt.h"

#define T0 1700000000000LL
#define THING "dev-1"
#define TOPIC(s) "$aws/things/" THING "/jobs/" s

typedef struct fx {
    jr_virtual_clock vc;
    jr_machine *m;
    jr_mqtt_options o;
    jr_mqtt_notifier *n;
    /* notifications of the last scan */
    int published;
    char topics[32][JR_MQTT_TOPIC_MAX + 1];
    cJSON *msgs[32];
} fx;

static fx *fx_new(jr_fault_set faults)
{
    fx *f = calloc(1, sizeof *f);
    jr_virtual_clock_init(&f->vc, T0);
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    cfg.faults = faults;
    f->m = jr_machine_new(&cfg, jr_clock_virtual(&f->vc));
    f->o.faults = faults;
    f->o.presign_key = 42;
    f->o.now_ms = T0;
    f->n = jr_mqtt_notifier_new();
    return f;
}

static void fx_clear_msgs(fx *f)
{
    for (int i = 0; i < f->published; i++) cJSON_Delete(f->msgs[i]);
    f->published = 0;
}

static void fx_free(fx *f)
{
    fx_clear_msgs(f);
    jr_mqtt_notifier_free(f->n);
    jr_machine_free(f->m);
    free(f);
}

static void http(fx *f, jr_plane plane, const char *method, const char *path, const char *body, int want)
{
    jr_http_input in = {.plane = plane, .method = method, .path = path, .query = "",
                        .body = (const uint8_t *)body, .body_len = body ? strlen(body) : 0};
    jr_http_response r;
    jr_service_handle(f->m, &in, &r);
    if (r.status != want) fprintf(stderr, "%s %s -> %d %s\n", method, path, r.status, r.body);
    CU_ASSERT_EQUAL(r.status, want);
    jr_http_response_free(&r);
}

static void create_job(fx *f, const char *id, const char *doc)
{
    char path[128], body[1024];
    snprintf(path, sizeof path, "/jobs/%s", id);
    cJSON *b = cJSON_CreateObject();
    cJSON *t = cJSON_AddArrayToObject(b, "targets");
    cJSON_AddItemToArray(t, cJSON_CreateString("arn:aws:iot:us-east-1:123456789012:thing/" THING));
    cJSON_AddStringToObject(b, "document", doc ? doc : "{\"op\":\"reboot\"}");
    char *s = cJSON_PrintUnformatted(b);
    snprintf(body, sizeof body, "%s", s);
    free(s);
    cJSON_Delete(b);
    http(f, JR_PLANE_CONTROL, "PUT", path, body, 200);
}

static void setup_thing(fx *f) { http(f, JR_PLANE_CONTROL, "POST", "/things/" THING, "{}", 200); }

/* One MQTT exchange; returns the parsed reply (caller frees), checks the
 * reply topic's suffix against `accepted`. */
static cJSON *ex(fx *f, const char *topic, const char *payload, bool accepted)
{
    jr_mqtt_reply r;
    jr_mqtt_handle(f->m, &f->o, topic, strlen(topic), (const uint8_t *)payload, payload ? strlen(payload) : 0, &r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r.topic);
    char want[512];
    snprintf(want, sizeof want, "%s/%s", topic, accepted ? "accepted" : "rejected");
    if (strcmp(r.topic, want) != 0) fprintf(stderr, "got %s: %s\n", r.topic, r.payload);
    CU_ASSERT_STRING_EQUAL(r.topic, want);
    cJSON *j = cJSON_Parse(r.payload);
    CU_ASSERT_PTR_NOT_NULL(j);
    jr_mqtt_reply_free(&r);
    return j;
}

static const char *str(const cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = o;
    for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
        cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
    return cJSON_IsString(cur) ? cur->valuestring : NULL;
}

static double num(const cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = o;
    for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
        cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
    return cJSON_IsNumber(cur) ? cur->valuedouble : -1;
}

static const cJSON *at(const cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = o;
    for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
        cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
    return cur;
}

static void expect_code(fx *f, const char *topic, const char *payload, const char *code)
{
    cJSON *j = ex(f, topic, payload, false);
    const char *c = str(j, "code");
    if (!c || strcmp(c, code) != 0) fprintf(stderr, "%s %s: want %s, got %s\n", topic, payload, code, c ? c : "-");
    CU_ASSERT_PTR_NOT_NULL(c);
    if (c) CU_ASSERT_STRING_EQUAL(c, code);
    CU_ASSERT_EQUAL(num(j, "timestamp"), f->o.now_ms / 1000);
    CU_ASSERT_PTR_NOT_NULL(str(j, "message"));
    cJSON_Delete(j);
}

static void on_publish(void *ctx, const char *topic, const char *payload, size_t len)
{
    fx *f = ctx;
    if (f->published >= 32) return;
    snprintf(f->topics[f->published], sizeof f->topics[0], "%s", topic);
    f->msgs[f->published++] = cJSON_ParseWithLength(payload, len);
}

static void scan(fx *f)
{
    fx_clear_msgs(f);
    jr_mqtt_notifier_scan(f->n, f->m, &f->o, on_publish, f);
}

static const cJSON *sent(fx *f, const char *suffix)
{
    for (int i = 0; i < f->published; i++)
        if (strcmp(f->topics[i], suffix) == 0) return f->msgs[i];
    return NULL;
}

/* ---- tests ---- */

static void test_topics(void)
{
    struct { const char *t; jr_mqtt_topic_kind k; } cases[] = {
        {TOPIC("get"), JR_MQTT_TOPIC_REQUEST},
        {TOPIC("start-next"), JR_MQTT_TOPIC_REQUEST},
        {TOPIC("j1/get"), JR_MQTT_TOPIC_REQUEST},
        {TOPIC("$next/get"), JR_MQTT_TOPIC_REQUEST},
        {TOPIC("j1/update"), JR_MQTT_TOPIC_REQUEST},
        {TOPIC("get/accepted"), JR_MQTT_TOPIC_OUTPUT},
        {TOPIC("j1/update/rejected"), JR_MQTT_TOPIC_OUTPUT},
        {TOPIC("notify"), JR_MQTT_TOPIC_OUTPUT},
        {TOPIC("notify-next"), JR_MQTT_TOPIC_OUTPUT},
        {TOPIC("j1/delete"), JR_MQTT_TOPIC_INVALID},
        {TOPIC("frobnicate"), JR_MQTT_TOPIC_INVALID},
        {"$aws/things/" THING "/jobs", JR_MQTT_TOPIC_INVALID},
        {TOPIC("a/b/c/d/e/f"), JR_MQTT_TOPIC_INVALID},
        {"$aws/things/" THING "/shadow/get", JR_MQTT_TOPIC_FOREIGN},
        {"$aws/things/" THING "/jobsx/get", JR_MQTT_TOPIC_FOREIGN},
        {"devices/x", JR_MQTT_TOPIC_FOREIGN},
        {"", JR_MQTT_TOPIC_FOREIGN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jr_mqtt_topic_kind k = jr_mqtt_topic_classify(cases[i].t, strlen(cases[i].t));
        if (k != cases[i].k) fprintf(stderr, "topic %s: %d want %d\n", cases[i].t, k, cases[i].k);
        CU_ASSERT_EQUAL(k, cases[i].k);
    }
    for (int c = 1; c < JR_MQTT_CODE_COUNT; c++) {
        jr_mqtt_code back;
        CU_ASSERT_TRUE(jr_mqtt_code_parse(jr_mqtt_code_name((jr_mqtt_code)c), &back));
        CU_ASSERT_EQUAL((int)back, c);
    }
    jr_mqtt_code x;
    CU_ASSERT_FALSE(jr_mqtt_code_parse("invalidjson", &x));
}

static void test_decode(void)
{
    jr_mqtt_request r;
    jr_mqtt_error e;
    char *tok = NULL;
    const char *p = "{\"clientToken\":\"ct-1\",\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"3\","
                    "\"executionNumber\":\"1\",\"statusDetails\":{\"step\":\"1\"}}";
    CU_ASSERT_EQUAL_FATAL(jr_mqtt_decode_request(TOPIC("j1/update"), strlen(TOPIC("j1/update")), (const uint8_t *)p,
                                                 strlen(p), 0, &r, &e, &tok), JR_OK);
    CU_ASSERT_EQUAL(r.req.op, JR_OP_UPDATE_JOB_EXECUTION);
    CU_ASSERT_STRING_EQUAL(r.req.thing_name, THING);
    CU_ASSERT_STRING_EQUAL(r.req.job_id, "j1");
    CU_ASSERT_STRING_EQUAL(r.client_token, "ct-1");
    CU_ASSERT_TRUE(r.req.expected_version.present);
    CU_ASSERT_EQUAL(r.req.expected_version.value, 3);
    CU_ASSERT_EQUAL(r.req.execution_number.value, 1);
    CU_ASSERT_EQUAL(r.req.status_details.count, 1);
    jr_mqtt_request_free(&r);

    /* empty payload = {} ; describe defaults includeJobDocument to true */
    CU_ASSERT_EQUAL(jr_mqtt_decode_request(TOPIC("start-next"), strlen(TOPIC("start-next")), NULL, 0, 0, &r, &e, &tok),
                    JR_OK);
    CU_ASSERT_EQUAL(r.req.op, JR_OP_START_NEXT_PENDING_JOB_EXECUTION);
    CU_ASSERT_PTR_NULL(r.client_token);
    jr_mqtt_request_free(&r);
    CU_ASSERT_EQUAL(jr_mqtt_decode_request(TOPIC("$next/get"), strlen(TOPIC("$next/get")), (const uint8_t *)"{}", 2, 0,
                                           &r, &e, &tok), JR_OK);
    CU_ASSERT_EQUAL(r.req.op, JR_OP_DATA_DESCRIBE_JOB_EXECUTION);
    CU_ASSERT_TRUE(r.req.include_job_document.present && r.req.include_job_document.value);
    jr_mqtt_request_free(&r);
    p = "{\"includeJobDocument\":false,\"executionNumber\":2}";
    CU_ASSERT_EQUAL(jr_mqtt_decode_request(TOPIC("j1/get"), strlen(TOPIC("j1/get")), (const uint8_t *)p, strlen(p), 0,
                                           &r, &e, &tok), JR_OK);
    CU_ASSERT_FALSE(r.req.include_job_document.value);
    CU_ASSERT_EQUAL(r.req.execution_number.value, 2);
    jr_mqtt_request_free(&r);

    /* clientToken: 64 is fine, 65 is InvalidRequest and still echoed (cut) */
    char big[200];
    snprintf(big, sizeof big, "{\"clientToken\":\"%064d\"}", 0);
    CU_ASSERT_EQUAL(jr_mqtt_decode_request(TOPIC("get"), strlen(TOPIC("get")), (const uint8_t *)big, strlen(big), 0,
                                           &r, &e, &tok), JR_OK);
    CU_ASSERT_EQUAL(strlen(r.client_token), 64);
    jr_mqtt_request_free(&r);
    snprintf(big, sizeof big, "{\"clientToken\":\"%065d\"}", 0);
    CU_ASSERT_EQUAL(jr_mqtt_decode_request(TOPIC("get"), strlen(TOPIC("get")), (const uint8_t *)big, strlen(big), 0,
                                           &r, &e, &tok), JR_FAIL);
    CU_ASSERT_EQUAL(e.code, JR_MQTT_INVALID_REQUEST);
    CU_ASSERT_PTR_NOT_NULL(tok);
    free(tok);
    tok = NULL;

    /* thingName in the topic: 128 characters fine, 129 InvalidTopic */
    char topic[400];
    char name[130];
    memset(name, 'a', 129);
    name[128] = '\0';
    snprintf(topic, sizeof topic, "$aws/things/%s/jobs/get", name);
    CU_ASSERT_EQUAL(jr_mqtt_decode_request(topic, strlen(topic), NULL, 0, 0, &r, &e, &tok), JR_OK);
    jr_mqtt_request_free(&r);
    name[128] = 'a';
    name[129] = '\0';
    snprintf(topic, sizeof topic, "$aws/things/%s/jobs/get", name);
    CU_ASSERT_EQUAL(jr_mqtt_decode_request(topic, strlen(topic), NULL, 0, 0, &r, &e, &tok), JR_FAIL);
    CU_ASSERT_EQUAL(e.code, JR_MQTT_INVALID_TOPIC);

    /* payload size: 128 KiB accepted, one byte more rejected */
    size_t n = JR_MQTT_PAYLOAD_MAX;
    char *pl = malloc(n + 2);
    memset(pl, ' ', n + 1);
    memcpy(pl, "{\"pad\":\"", 8);
    pl[n - 2] = '"';
    pl[n - 1] = '}';
    for (size_t i = 8; i < n - 2; i++) pl[i] = 'x';
    CU_ASSERT_EQUAL(jr_mqtt_decode_request(TOPIC("get"), strlen(TOPIC("get")), (const uint8_t *)pl, n, 0, &r, &e, &tok),
                    JR_OK);
    jr_mqtt_request_free(&r);
    CU_ASSERT_EQUAL(
        jr_mqtt_decode_request(TOPIC("get"), strlen(TOPIC("get")), (const uint8_t *)pl, n + 1, 0, &r, &e, &tok), JR_FAIL);
    CU_ASSERT_EQUAL(e.code, JR_MQTT_INVALID_REQUEST);
    free(pl);

    struct { const char *topic, *payload; jr_mqtt_code code; } bad[] = {
        {TOPIC("get"), "not json", JR_MQTT_INVALID_JSON},
        {TOPIC("get"), "[1,2]", JR_MQTT_INVALID_JSON},
        {TOPIC("get"), "{\"a\":1} x", JR_MQTT_INVALID_JSON},
        {TOPIC("get"), "{\"a\":\"\xff\"}", JR_MQTT_INVALID_JSON},
        {TOPIC("get"), "{\"clientToken\":5}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("get"), "{\"clientToken\":\"\"}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("j1/update"), "{}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("j1/update"), "{\"status\":\"DONE\"}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("j1/update"), "{\"status\":\"SUCCEEDED\",\"expectedVersion\":\"x1\"}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("j1/update"), "{\"status\":\"SUCCEEDED\",\"expectedVersion\":true}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("j1/update"), "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"k\":1}}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("j1/update"), "{\"status\":\"SUCCEEDED\",\"stepTimeoutInMinutes\":10081}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("$next/update"), "{\"status\":\"SUCCEEDED\"}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("j1/get"), "{\"includeJobDocument\":\"yes\"}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("j1/get"), "{\"executionNumber\":-1}", JR_MQTT_INVALID_REQUEST},
        {TOPIC("bad!id/get"), "{}", JR_MQTT_INVALID_TOPIC},
        {TOPIC("j1/delete"), "{}", JR_MQTT_INVALID_TOPIC},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jr_status st = jr_mqtt_decode_request(bad[i].topic, strlen(bad[i].topic), (const uint8_t *)bad[i].payload,
                                              strlen(bad[i].payload), 0, &r, &e, &tok);
        if (st != JR_FAIL || e.code != bad[i].code)
            fprintf(stderr, "bad[%zu] %s: st %d code %d want %d\n", i, bad[i].payload, st, e.code, bad[i].code);
        CU_ASSERT_EQUAL(st, JR_FAIL);
        CU_ASSERT_EQUAL(e.code, bad[i].code);
        CU_ASSERT_TRUE(e.message[0] != '\0');
        free(tok);
        tok = NULL;
    }
}

static void test_device_flow(void)
{
    fx *f = fx_new(0);
    setup_thing(f);
    cJSON *j = ex(f, TOPIC("get"), "{\"clientToken\":\"c0\"}", true);
    CU_ASSERT_STRING_EQUAL(str(j, "clientToken"), "c0");
    CU_ASSERT_TRUE(cJSON_IsArray(at(j, "inProgressJobs")) && cJSON_GetArraySize(at(j, "inProgressJobs")) == 0);
    CU_ASSERT_TRUE(cJSON_IsArray(at(j, "queuedJobs")) && cJSON_GetArraySize(at(j, "queuedJobs")) == 0);
    cJSON_Delete(j);
    /* $next with nothing pending: accepted without execution [R] */
    j = ex(f, TOPIC("$next/get"), "{}", true);
    CU_ASSERT_PTR_NULL(at(j, "execution"));
    CU_ASSERT_PTR_NULL(at(j, "clientToken"));
    cJSON_Delete(j);
    j = ex(f, TOPIC("start-next"), "", true);
    CU_ASSERT_PTR_NULL(at(j, "execution"));
    cJSON_Delete(j);

    create_job(f, "j1", "{\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/bkt/fw.bin}\"}");
    j = ex(f, TOPIC("get"), "{}", true);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(at(j, "queuedJobs")), 1);
    CU_ASSERT_STRING_EQUAL(str(j, "queuedJobs.0") ? "" : "", "");
    const cJSON *q0 = cJSON_GetArrayItem(at(j, "queuedJobs"), 0);
    CU_ASSERT_STRING_EQUAL(str(q0, "jobId"), "j1");
    CU_ASSERT_EQUAL(num(q0, "queuedAt"), T0 / 1000);
    CU_ASSERT_EQUAL(num(q0, "versionNumber"), 1);
    CU_ASSERT_PTR_NULL(at(q0, "startedAt"));
    cJSON_Delete(j);

    jr_virtual_clock_advance(&f->vc, 5000);
    f->o.now_ms = T0 + 5000;
    j = ex(f, TOPIC("start-next"), "{\"clientToken\":\"c1\",\"statusDetails\":{\"step\":\"dl\"}}", true);
    CU_ASSERT_STRING_EQUAL(str(j, "clientToken"), "c1");
    CU_ASSERT_EQUAL(num(j, "timestamp"), T0 / 1000 + 5);
    CU_ASSERT_STRING_EQUAL(str(j, "execution.status"), "IN_PROGRESS");
    CU_ASSERT_STRING_EQUAL(str(j, "execution.jobId"), "j1");
    CU_ASSERT_EQUAL(num(j, "execution.versionNumber"), 2);
    CU_ASSERT_EQUAL(num(j, "execution.startedAt"), T0 / 1000 + 5);
    CU_ASSERT_STRING_EQUAL(str(j, "execution.statusDetails.step"), "dl");
    CU_ASSERT_PTR_NULL(at(j, "execution.thingName"));
    CU_ASSERT_TRUE(cJSON_IsObject(at(j, "execution.jobDocument")));
    const char *url = str(j, "execution.jobDocument.url");
    CU_ASSERT_PTR_NOT_NULL(url);
    if (url) {
        CU_ASSERT_EQUAL(strncmp(url, "https://s3.amazonaws.com/bkt/fw.bin?", 36), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(url, "X-Amz-Expires=3600"));
        CU_ASSERT_PTR_NOT_NULL(strstr(url, "X-Amz-Signature="));
        CU_ASSERT_PTR_NULL(strstr(url, "${"));
    }
    cJSON_Delete(j);
    /* the HTTPS data plane still returns the placeholder unchanged */
    jr_http_input in = {.plane = JR_PLANE_DATA, .method = "GET", .path = "/things/" THING "/jobs/j1",
                        .query = "includeJobDocument=true"};
    jr_http_response hr;
    jr_service_handle(f->m, &in, &hr);
    CU_ASSERT_EQUAL(hr.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(hr.body, "${aws:iot:s3-presigned-url:"));
    jr_http_response_free(&hr);

    /* again: the same IN_PROGRESS execution */
    j = ex(f, TOPIC("start-next"), "{}", true);
    CU_ASSERT_STRING_EQUAL(str(j, "execution.jobId"), "j1");
    CU_ASSERT_EQUAL(num(j, "execution.versionNumber"), 2);
    cJSON_Delete(j);

    /* version mismatch carries executionState */
    j = ex(f, TOPIC("j1/update"), "{\"status\":\"SUCCEEDED\",\"expectedVersion\":\"7\",\"clientToken\":\"c2\"}", false);
    CU_ASSERT_STRING_EQUAL(str(j, "code"), "VersionMismatch");
    CU_ASSERT_STRING_EQUAL(str(j, "clientToken"), "c2");
    CU_ASSERT_STRING_EQUAL(str(j, "executionState.status"), "IN_PROGRESS");
    CU_ASSERT_EQUAL(num(j, "executionState.versionNumber"), 2);
    cJSON_Delete(j);
    j = ex(f, TOPIC("j1/update"),
           "{\"status\":\"SUCCEEDED\",\"expectedVersion\":2,\"includeJobExecutionState\":true,"
           "\"includeJobDocument\":true,\"clientToken\":\"c3\"}",
           true);
    CU_ASSERT_STRING_EQUAL(str(j, "clientToken"), "c3");
    CU_ASSERT_STRING_EQUAL(str(j, "executionState.status"), "SUCCEEDED");
    CU_ASSERT_EQUAL(num(j, "executionState.versionNumber"), 3);
    CU_ASSERT_TRUE(cJSON_IsObject(at(j, "jobDocument")));
    cJSON_Delete(j);
    j = ex(f, TOPIC("j1/update"), "{\"status\":\"IN_PROGRESS\"}", false);
    CU_ASSERT_STRING_EQUAL(str(j, "code"), "InvalidStateTransition");
    CU_ASSERT_STRING_EQUAL(str(j, "executionState.status"), "SUCCEEDED");
    CU_ASSERT_PTR_NULL(at(j, "clientToken"));
    cJSON_Delete(j);
    /* update without includes: only clientToken and timestamp */
    create_job(f, "j2", NULL);
    j = ex(f, TOPIC("j2/update"), "{\"status\":\"IN_PROGRESS\",\"clientToken\":\"c4\"}", true);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(j), 2);
    cJSON_Delete(j);

    expect_code(f, TOPIC("nope/get"), "{}", "ResourceNotFound");
    expect_code(f, TOPIC("nope/update"), "{\"status\":\"SUCCEEDED\"}", "ResourceNotFound");
    expect_code(f, "$aws/things/ghost/jobs/get", "{}", "ResourceNotFound");
    expect_code(f, TOPIC("get"), "{oops", "InvalidJson");
    expect_code(f, TOPIC("j1/cancel"), "{}", "InvalidTopic");

    /* replies and notifications are never answered */
    jr_mqtt_reply r;
    jr_mqtt_handle(f->m, &f->o, TOPIC("get/accepted"), strlen(TOPIC("get/accepted")), (const uint8_t *)"{}", 2, &r);
    CU_ASSERT_PTR_NULL(r.topic);
    jr_mqtt_handle(f->m, &f->o, "other/topic", 11, (const uint8_t *)"{}", 2, &r);
    CU_ASSERT_PTR_NULL(r.topic);
    char inv[] = "{\"clientToken\":\"rt\"}";
    CU_ASSERT_TRUE(jr_machine_check_invariants(f->m, (char[256]){0}, 256));
    (void)inv;
    fx_free(f);
}

static void test_faults(void)
{
    fx *f = fx_new(JR_FAULT_BIT(JR_FAULT_MQTT_WRONG_ERROR_CODE));
    setup_thing(f);
    expect_code(f, TOPIC("nope/get"), "{}", "InvalidRequest");
    fx_free(f);
    f = fx_new(JR_FAULT_BIT(JR_FAULT_MQTT_NO_CLIENT_TOKEN));
    setup_thing(f);
    cJSON *j = ex(f, TOPIC("get"), "{\"clientToken\":\"c0\"}", true);
    CU_ASSERT_PTR_NULL(at(j, "clientToken"));
    cJSON_Delete(j);
    j = ex(f, TOPIC("nope/get"), "{\"clientToken\":\"c0\"}", false);
    CU_ASSERT_PTR_NULL(at(j, "clientToken"));
    cJSON_Delete(j);
    fx_free(f);
}

static void test_notifications(void)
{
    fx *f = fx_new(0);
    setup_thing(f);
    scan(f);
    CU_ASSERT_EQUAL(f->published, 0);
    create_job(f, "j1", NULL);
    scan(f);
    CU_ASSERT_EQUAL(f->published, 2);
    const cJSON *n = sent(f, TOPIC("notify"));
    const cJSON *nn = sent(f, TOPIC("notify-next"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(nn);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(at(n, "jobs.QUEUED")), 1);
    CU_ASSERT_PTR_NULL(at(n, "jobs.IN_PROGRESS"));
    CU_ASSERT_PTR_NULL(at(n, "clientToken"));
    CU_ASSERT_STRING_EQUAL(str(nn, "execution.jobId"), "j1");
    CU_ASSERT_STRING_EQUAL(str(nn, "execution.jobDocument.op"), "reboot");
    scan(f);
    CU_ASSERT_EQUAL(f->published, 0); /* nothing changed */

    jr_virtual_clock_advance(&f->vc, 1000);
    create_job(f, "j2", NULL);
    scan(f);
    CU_ASSERT_PTR_NOT_NULL(sent(f, TOPIC("notify")));
    CU_ASSERT_PTR_NULL(sent(f, TOPIC("notify-next"))); /* j1 is still next */
    n = sent(f, TOPIC("notify"));
    CU_ASSERT_EQUAL(cJSON_GetArraySize(at(n, "jobs.QUEUED")), 2);
    CU_ASSERT_STRING_EQUAL(str(cJSON_GetArrayItem(at(n, "jobs.QUEUED"), 0), "jobId"), "j1");

    /* start-next moves j1 QUEUED -> IN_PROGRESS: no notification [R] */
    cJSON_Delete(ex(f, TOPIC("start-next"), "{}", true));
    scan(f);
    CU_ASSERT_EQUAL(f->published, 0);
    /* j1 terminal: notify (j2 only) and notify-next (j2) */
    cJSON_Delete(ex(f, TOPIC("j1/update"), "{\"status\":\"SUCCEEDED\"}", true));
    scan(f);
    n = sent(f, TOPIC("notify"));
    nn = sent(f, TOPIC("notify-next"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(nn);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(at(n, "jobs.QUEUED")), 1);
    CU_ASSERT_STRING_EQUAL(str(nn, "execution.jobId"), "j2");
    /* cancel j2 over the control plane: empty notify and an empty next */
    http(f, JR_PLANE_CONTROL, "PUT", "/jobs/j2/cancel", "{}", 200);
    scan(f);
    n = sent(f, TOPIC("notify"));
    nn = sent(f, TOPIC("notify-next"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(nn);
    CU_ASSERT_TRUE(cJSON_IsObject(at(n, "jobs")) && cJSON_GetArraySize(at(n, "jobs")) == 0);
    CU_ASSERT_PTR_NULL(at(nn, "execution"));
    CU_ASSERT_PTR_NOT_NULL(at(nn, "timestamp"));
    fx_free(f);
}

static void test_notify_cap_and_faults(void)
{
    fx *f = fx_new(JR_FAULT_BIT(JR_FAULT_MQTT_NOTIFY_UNSORTED));
    setup_thing(f);
    for (int i = 0; i < 12; i++) {
        char id[16];
        snprintf(id, sizeof id, "c%02d", i);
        create_job(f, id, NULL);
        jr_virtual_clock_advance(&f->vc, 1000);
    }
    scan(f);
    const cJSON *n = sent(f, TOPIC("notify"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(at(n, "jobs.QUEUED")), JR_MQTT_NOTIFY_LIST_MAX);
    /* the fault reverses the order */
    CU_ASSERT_STRING_EQUAL(str(cJSON_GetArrayItem(at(n, "jobs.QUEUED"), 0), "jobId"), "c09");
    fx_free(f);

    f = fx_new(0);
    setup_thing(f);
    for (int i = 0; i < 12; i++) {
        char id[16];
        snprintf(id, sizeof id, "c%02d", i);
        create_job(f, id, NULL);
    }
    scan(f);
    n = sent(f, TOPIC("notify"));
    if (cJSON_GetArraySize(at(n, "jobs.QUEUED")) != JR_MQTT_NOTIFY_LIST_MAX) {
        char *dump = cJSON_Print(n);
        fprintf(stderr, "notify: %s (%d published)\n", dump, f->published);
        free(dump);
    }
    CU_ASSERT_EQUAL(cJSON_GetArraySize(at(n, "jobs.QUEUED")), JR_MQTT_NOTIFY_LIST_MAX);
    CU_ASSERT_STRING_EQUAL(str(cJSON_GetArrayItem(at(n, "jobs.QUEUED"), 0), "jobId"), "c00");
    cJSON *j = ex(f, TOPIC("get"), "{}", true);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(at(j, "queuedJobs")), JR_MQTT_NOTIFY_LIST_MAX);
    cJSON_Delete(j);
    fx_free(f);

    f = fx_new(JR_FAULT_BIT(JR_FAULT_MQTT_NO_NOTIFY_NEXT));
    setup_thing(f);
    create_job(f, "j1", NULL);
    scan(f);
    CU_ASSERT_PTR_NOT_NULL(sent(f, TOPIC("notify")));
    CU_ASSERT_PTR_NULL(sent(f, TOPIC("notify-next")));
    fx_free(f);
}

static void test_presign(void)
{
    char *s = jr_mqtt_presign_document("{\"a\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k?x=1}\","
                                       "\"b\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k2}\",\"c\":\"${x}\"}",
                                       60, T0, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "https://s3.amazonaws.com/b/k?x=1&X-Amz-Algorithm=AWS4-HMAC-SHA256"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "https://s3.amazonaws.com/b/k2?X-Amz-Algorithm="));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "X-Amz-Expires=60&"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "X-Amz-Date=20231114T221320Z"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"c\":\"${x}\""));
    free(s);
    /* an unterminated placeholder is left as it is */
    s = jr_mqtt_presign_document("${aws:iot:s3-presigned-url:https://x", 60, T0, 1);
    CU_ASSERT_STRING_EQUAL(s, "${aws:iot:s3-presigned-url:https://x");
    free(s);
}

int main(void)
{
    CU_TestInfo tests[] = {
        {"topic classification and code names", test_topics},
        {"request decoding: valid and invalid payloads, limits", test_decode},
        {"device flow: get, $next, start-next, update, errors", test_device_flow},
        {"MQTT faults change the replies", test_faults},
        {"notify and notify-next after changes", test_notifications},
        {"notify cap of 10, unsorted and no-notify-next faults", test_notify_cap_and_faults},
        {"presigned URL placeholders", test_presign},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {{"mqtt", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    if (CU_initialize_registry() != CUE_SUCCESS) return 2;
    CU_register_suites(suites);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    unsigned ran = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    return (ran > 0 && failed == 0) ? 0 : 1;
}
