/* End-to-end tests of the jobsref server library: jr_server_start on
 * ephemeral loopback ports (virtual clock, admin routes), driven over real
 * HTTP with libcurl and raw sockets. */
#include <CUnit/Basic.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cu_support.h"
#include "jr_server.h"

#define ACCOUNT "123456789012"
#define REGION "us-east-1"
#define THING_ARN(n) "arn:aws:iot:" REGION ":" ACCOUNT ":thing/" n
#define GROUP_ARN(n) "arn:aws:iot:" REGION ":" ACCOUNT ":thinggroup/" n
#define MAX_BODY 4096
#define DELETION_DELAY_MS 5000
/* Every server of this test takes this admin token; http_raw sends it. */
#define E2E_ADMIN_TOKEN "e2e-admin-token-0123456789"

static jr_server *g_server; /* admin, virtual clock, MAX_BODY */

/* ---- HTTP client --------------------------------------------------------- */

typedef struct http_result {
    long status;
    char *body;
    size_t body_len;
    cJSON *json; /* parsed body, NULL if not JSON */
    char request_id[128];
    char error_type[128];
    char content_type[128];
    bool curl_ok;
} http_result;

static void result_free(http_result *r)
{
    free(r->body);
    cJSON_Delete(r->json);
    memset(r, 0, sizeof *r);
}

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    http_result *r = ud;
    size_t len = sz * n;
    char *nb = realloc(r->body, r->body_len + len + 1);
    if (nb == NULL) return 0;
    memcpy(nb + r->body_len, p, len);
    r->body = nb;
    r->body_len += len;
    r->body[r->body_len] = '\0';
    return len;
}

static void header_value(const char *line, size_t len, const char *name, char *out, size_t out_len)
{
    size_t nl = strlen(name);
    if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':') return;
    const char *v = line + nl + 1;
    const char *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t')) v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) end--;
    size_t n = (size_t)(end - v);
    if (n >= out_len) n = out_len - 1;
    memcpy(out, v, n);
    out[n] = '\0';
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    http_result *r = ud;
    size_t len = sz * n;
    header_value(p, len, "x-amzn-RequestId", r->request_id, sizeof r->request_id);
    header_value(p, len, "x-amzn-ErrorType", r->error_type, sizeof r->error_type);
    header_value(p, len, "Content-Type", r->content_type, sizeof r->content_type);
    return len;
}

/* One request to port; body may be NULL (no body) or body_len bytes. */
static void http_raw(uint16_t port, const char *method, const char *target, const char *body, size_t body_len,
                     http_result *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    if (c == NULL) return;
    char url[4096];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)port, target);
    struct curl_slist *hdrs = curl_slist_append(NULL, "Expect:");
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, JR_ADMIN_TOKEN_HEADER ": " E2E_ADMIN_TOKEN);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    if (body != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    r->curl_ok = curl_easy_perform(c) == CURLE_OK;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    if (r->body != NULL) r->json = cJSON_ParseWithLength(r->body, r->body_len);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
}

typedef struct chunk_src {
    const char *p;
    size_t left;
} chunk_src;

/* Hands out at most 1000 bytes per call, so the body goes in many chunks. */
static size_t on_read_chunk(char *buf, size_t sz, size_t n, void *ud)
{
    chunk_src *src = ud;
    size_t k = sz * n;
    if (k > 1000) k = 1000;
    if (k > src->left) k = src->left;
    memcpy(buf, src->p, k);
    src->p += k;
    src->left -= k;
    return k;
}

/* Like http_raw, but the body goes with Transfer-Encoding: chunked and no
 * Content-Length. */
static void http_chunked(uint16_t port, const char *method, const char *target, const char *body, size_t body_len,
                         http_result *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    if (c == NULL) return;
    char url[4096];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)port, target);
    struct curl_slist *hdrs = curl_slist_append(NULL, "Expect:");
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
    chunk_src src = {body, body_len};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read_chunk);
    curl_easy_setopt(c, CURLOPT_READDATA, &src);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    r->curl_ok = curl_easy_perform(c) == CURLE_OK;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    if (r->body != NULL) r->json = cJSON_ParseWithLength(r->body, r->body_len);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
}

static uint16_t ctl(void) { return jr_server_control_port(g_server); }
static uint16_t dat(void) { return jr_server_data_port(g_server); }

static void http(uint16_t port, const char *method, const char *target, const char *body, http_result *r)
{
    http_raw(port, method, target, body, body ? strlen(body) : 0, r);
}

/* Expects `status`; returns the result for further checks (caller frees). */
#define EXPECT(port_, method_, target_, body_, want_, res_)                                                 \
    do {                                                                                                       \
        http(port_, method_, target_, body_, res_);                                                            \
        if ((res_)->status != (want_))                                                                         \
            fprintf(stderr, "\n  %s %s -> %ld (want %d): %s\n", method_, target_, (res_)->status, want_,      \
                    (res_)->body ? (res_)->body : "");                                                         \
        CU_ASSERT_EQUAL((res_)->status, want_);                                                                \
    } while (0)

/* Fire and check: status only. */
static void ok(uint16_t port, const char *method, const char *target, const char *body)
{
    http_result r;
    EXPECT(port, method, target, body, 200, &r);
    result_free(&r);
}

/* The member at path "a.b.c" (thread-safe: the burst workers use it). */
static const cJSON *jget(const cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = o;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save))
        cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
    return cur;
}

static const char *jstr(const cJSON *o, const char *path)
{
    const cJSON *v = jget(o, path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double jnum(const cJSON *o, const char *path)
{
    const cJSON *v = jget(o, path);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static bool str_eq(const char *a, const char *b) { return a != NULL && b != NULL && strcmp(a, b) == 0; }

static void reset_state(void)
{
    ok(ctl(), "POST", JR_ADMIN_PREFIX "/reset", NULL);
    http_result r;
    EXPECT(ctl(), "GET", JR_ADMIN_PREFIX "/faults", NULL, 200, &r);
    const cJSON *en = jget(r.json, "enabled");
    const cJSON *f;
    cJSON_ArrayForEach(f, en)
    {
        char path[256];
        snprintf(path, sizeof path, JR_ADMIN_PREFIX "/faults/%s", f->valuestring);
        ok(ctl(), "DELETE", path, NULL);
    }
    result_free(&r);
}

static void advance(long long ms)
{
    char body[64];
    snprintf(body, sizeof body, "{\"ms\": %lld}", ms);
    ok(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", body);
}

static void create_thing(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "/things/%s", name);
    ok(ctl(), "POST", path, "{}");
}

static void create_job(const char *id, const char *targets_json, const char *extra)
{
    char path[256], body[8192];
    snprintf(path, sizeof path, "/jobs/%s", id);
    snprintf(body, sizeof body, "{\"targets\": %s, \"document\": \"{\\\"op\\\":\\\"%s\\\"}\"%s%s}", targets_json, id,
             extra ? ", " : "", extra ? extra : "");
    ok(ctl(), "PUT", path, body);
}

/* ---- routing of every operation --------------------------------------- */

static void test_control_plane_routes(void)
{
    reset_state();
    http_result r;
    /* registry */
    EXPECT(ctl(), "POST", "/things/t1", "{\"attributePayload\":{\"attributes\":{\"k\":\"v\"}}}", 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "thingName"), "t1"));
    CU_ASSERT(str_eq(jstr(r.json, "thingArn"), THING_ARN("t1")));
    result_free(&r);
    create_thing("t2");
    create_thing("t3");
    EXPECT(ctl(), "GET", "/things/t1", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "thingName"), "t1"));
    result_free(&r);
    EXPECT(ctl(), "POST", "/thing-groups/g1", "{}", 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "thingGroupName"), "g1"));
    CU_ASSERT(str_eq(jstr(r.json, "thingGroupArn"), GROUP_ARN("g1")));
    result_free(&r);
    EXPECT(ctl(), "GET", "/thing-groups/g1", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "thingGroupName"), "g1"));
    result_free(&r);
    ok(ctl(), "PUT", "/thing-groups/addThingToThingGroup", "{\"thingGroupName\":\"g1\",\"thingName\":\"t2\"}");
    EXPECT(ctl(), "GET", "/thing-groups/g1/things", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "things")), 1);
    CU_ASSERT(str_eq(cJSON_GetArrayItem(jget(r.json, "things"), 0) ? cJSON_GetArrayItem(jget(r.json, "things"), 0)->valuestring : NULL, "t2"));
    result_free(&r);

    /* jobs */
    create_job("j1", "[\"" THING_ARN("t1") "\"]", "\"description\": \"first\"");
    EXPECT(ctl(), "GET", "/jobs/j1", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "job.jobId"), "j1"));
    CU_ASSERT(str_eq(jstr(r.json, "job.status"), "IN_PROGRESS"));
    CU_ASSERT(str_eq(jstr(r.json, "job.description"), "first"));
    result_free(&r);
    EXPECT(ctl(), "GET", "/jobs/j1/job-document", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "document"), "{\"op\":\"j1\"}"));
    result_free(&r);
    EXPECT(ctl(), "PATCH", "/jobs/j1", "{\"description\":\"second\"}", 200, &r);
    result_free(&r);
    EXPECT(ctl(), "GET", "/jobs/j1", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "job.description"), "second"));
    result_free(&r);
    EXPECT(ctl(), "GET", "/jobs", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "jobs")), 1);
    result_free(&r);
    EXPECT(ctl(), "GET", "/jobs/j1/things", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "executionSummaries")), 1);
    result_free(&r);
    EXPECT(ctl(), "GET", "/things/t1/jobs", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "executionSummaries")), 1);
    result_free(&r);
    EXPECT(ctl(), "GET", "/things/t1/jobs/j1", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "execution.jobId"), "j1"));
    CU_ASSERT(str_eq(jstr(r.json, "execution.thingArn"), THING_ARN("t1")));
    CU_ASSERT(str_eq(jstr(r.json, "execution.status"), "QUEUED"));
    result_free(&r);
    /* cancel, then delete the (terminal) execution */
    ok(ctl(), "PUT", "/things/t1/jobs/j1/cancel", "{}");
    EXPECT(ctl(), "GET", "/things/t1/jobs/j1", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "execution.status"), "CANCELED"));
    result_free(&r);
    ok(ctl(), "DELETE", "/things/t1/jobs/j1/executionNumber/1", NULL);
    EXPECT(ctl(), "GET", "/things/t1/jobs/j1", NULL, 404, &r);
    result_free(&r);

    /* CONTINUOUS job over a group, then associate another target */
    create_job("jc", "[\"" GROUP_ARN("g1") "\"]", "\"targetSelection\": \"CONTINUOUS\"");
    EXPECT(ctl(), "POST", "/jobs/jc/targets", "{\"targets\":[\"" THING_ARN("t3") "\"]}", 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "jobId"), "jc"));
    result_free(&r);
    EXPECT(ctl(), "GET", "/jobs/jc/things", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "executionSummaries")), 2);
    result_free(&r);
    ok(ctl(), "PUT", "/thing-groups/removeThingFromThingGroup", "{\"thingGroupName\":\"g1\",\"thingName\":\"t2\"}");
    EXPECT(ctl(), "GET", "/thing-groups/g1/things", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "things")), 0);
    result_free(&r);
    EXPECT(ctl(), "PUT", "/jobs/jc/cancel", "{}", 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "jobId"), "jc"));
    result_free(&r);
    EXPECT(ctl(), "GET", "/jobs/jc", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "job.status"), "CANCELED"));
    result_free(&r);

    /* deletion: DELETION_IN_PROGRESS, then gone after the delay */
    ok(ctl(), "DELETE", "/jobs/jc", NULL);
    EXPECT(ctl(), "GET", "/jobs/jc", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "job.status"), "DELETION_IN_PROGRESS"));
    result_free(&r);
    advance(DELETION_DELAY_MS + 1);
    EXPECT(ctl(), "GET", "/jobs/jc", NULL, 404, &r);
    result_free(&r);

    ok(ctl(), "DELETE", "/things/t3", NULL);
    EXPECT(ctl(), "GET", "/things/t3", NULL, 404, &r);
    result_free(&r);
    ok(ctl(), "DELETE", "/thing-groups/g1", NULL);
    EXPECT(ctl(), "GET", "/thing-groups/g1", NULL, 404, &r);
    result_free(&r);
}

static void test_data_plane_routes(void)
{
    reset_state();
    http_result r;
    create_thing("d1");
    create_job("ja", "[\"" THING_ARN("d1") "\"]", NULL);
    create_job("jb", "[\"" THING_ARN("d1") "\"]", NULL);

    EXPECT(dat(), "GET", "/things/d1/jobs", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "queuedJobs")), 2);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "inProgressJobs")), 0);
    result_free(&r);

    /* $next as sent by a client that does not escape it */
    EXPECT(dat(), "GET", "/things/d1/jobs/$next", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "execution.jobId"), "ja"));
    result_free(&r);
    /* %24next as botocore sends it */
    EXPECT(dat(), "GET", "/things/d1/jobs/%24next?includeJobDocument=true", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "execution.jobId"), "ja"));
    CU_ASSERT(str_eq(jstr(r.json, "execution.jobDocument"), "{\"op\":\"ja\"}"));
    result_free(&r);

    EXPECT(dat(), "PUT", "/things/d1/jobs/%24next", "{\"statusDetails\":{\"step\":\"1\"}}", 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "execution.jobId"), "ja"));
    CU_ASSERT(str_eq(jstr(r.json, "execution.status"), "IN_PROGRESS"));
    double version = jnum(r.json, "execution.versionNumber");
    CU_ASSERT(version >= 1);
    result_free(&r);

    EXPECT(dat(), "GET", "/things/d1/jobs/ja", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "execution.status"), "IN_PROGRESS"));
    CU_ASSERT(str_eq(jstr(r.json, "execution.statusDetails.step"), "1"));
    result_free(&r);

    char body[256];
    snprintf(body, sizeof body, "{\"status\":\"SUCCEEDED\",\"expectedVersion\":%.0f,\"includeJobExecutionState\":true}",
             version);
    EXPECT(dat(), "POST", "/things/d1/jobs/ja", body, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "executionState.status"), "SUCCEEDED"));
    CU_ASSERT(jnum(r.json, "executionState.versionNumber") > version);
    result_free(&r);

    EXPECT(dat(), "PUT", "/things/d1/jobs/$next", "{}", 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "execution.jobId"), "jb"));
    result_free(&r);
    EXPECT(dat(), "GET", "/things/d1/jobs", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "queuedJobs")), 0);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "inProgressJobs")), 1);
    result_free(&r);
    /* an IN_PROGRESS execution is handed out again first */
    EXPECT(dat(), "PUT", "/things/d1/jobs/$next", "{}", 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "execution.jobId"), "jb"));
    result_free(&r);
    ok(dat(), "POST", "/things/d1/jobs/jb", "{\"status\":\"FAILED\"}");
    /* nothing left: 200 without an execution member */
    EXPECT(dat(), "PUT", "/things/d1/jobs/$next", "{}", 200, &r);
    CU_ASSERT_PTR_NULL(jget(r.json, "execution"));
    result_free(&r);
}

static void test_same_path_two_planes(void)
{
    reset_state();
    http_result r;
    create_thing("p1");
    create_job("pj", "[\"" THING_ARN("p1") "\"]", NULL);
    EXPECT(ctl(), "GET", "/things/p1/jobs", NULL, 200, &r);
    CU_ASSERT_PTR_NOT_NULL(jget(r.json, "executionSummaries"));
    CU_ASSERT_PTR_NULL(jget(r.json, "queuedJobs"));
    result_free(&r);
    EXPECT(dat(), "GET", "/things/p1/jobs", NULL, 200, &r);
    CU_ASSERT_PTR_NULL(jget(r.json, "executionSummaries"));
    CU_ASSERT_PTR_NOT_NULL(jget(r.json, "queuedJobs"));
    result_free(&r);
    /* control-plane operations do not exist on the data plane and back */
    EXPECT(dat(), "GET", "/jobs/pj", NULL, 404, &r);
    CU_ASSERT(str_eq(r.error_type, "UnknownOperationException"));
    result_free(&r);
    EXPECT(ctl(), "PUT", "/things/p1/jobs/$next", "{}", 404, &r);
    CU_ASSERT(str_eq(r.error_type, "UnknownOperationException"));
    result_free(&r);
}

/* ---- errors ------------------------------------------------------------- */

static void expect_error(uint16_t port, const char *method, const char *target, const char *body, int status,
                         const char *type)
{
    http_result r;
    EXPECT(port, method, target, body, status, &r);
    if (!str_eq(r.error_type, type)) fprintf(stderr, "\n  %s %s: type '%s' (want %s)\n", method, target, r.error_type, type);
    CU_ASSERT(str_eq(r.error_type, type));
    CU_ASSERT(str_eq(r.content_type, "application/json"));
    const char *msg = jstr(r.json, "message");
    CU_ASSERT(msg != NULL && msg[0] != '\0');
    result_free(&r);
}

static void test_error_types(void)
{
    reset_state();
    http_result r;
    create_thing("e1");
    create_job("ej", "[\"" THING_ARN("e1") "\"]", NULL);

    expect_error(ctl(), "PUT", "/jobs/bad%20id", "{\"targets\":[\"" THING_ARN("e1") "\"],\"document\":\"{}\"}", 400,
                 "InvalidRequestException");
    expect_error(ctl(), "GET", "/jobs?maxResults=0", NULL, 400, "InvalidRequestException");
    expect_error(ctl(), "GET", "/jobs/nope", NULL, 404, "ResourceNotFoundException");
    expect_error(dat(), "GET", "/things/e1/jobs/nope", NULL, 404, "ResourceNotFoundException");

    /* duplicate job: 409 with resourceId and resourceArn */
    EXPECT(ctl(), "PUT", "/jobs/ej", "{\"targets\":[\"" THING_ARN("e1") "\"],\"document\":\"{}\"}", 409, &r);
    CU_ASSERT(str_eq(r.error_type, "ResourceAlreadyExistsException"));
    CU_ASSERT(jstr(r.json, "message") != NULL);
    CU_ASSERT(str_eq(jstr(r.json, "resourceId"), "ej"));
    CU_ASSERT(str_eq(jstr(r.json, "resourceArn"), "arn:aws:iot:" REGION ":" ACCOUNT ":job/ej"));
    result_free(&r);

    /* DeleteJob of an IN_PROGRESS job without force */
    expect_error(ctl(), "DELETE", "/jobs/ej", NULL, 409, "InvalidStateTransitionException");

    /* stale expectedVersion on the data plane */
    ok(dat(), "PUT", "/things/e1/jobs/$next", "{}");
    expect_error(dat(), "POST", "/things/e1/jobs/ej", "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":99}", 409,
                 "VersionConflictException");

    /* the 11th concurrent deletion */
    for (int i = 0; i < 11; i++) {
        char id[32];
        snprintf(id, sizeof id, "del%d", i);
        create_job(id, "[\"" THING_ARN("e1") "\"]", NULL);
    }
    for (int i = 0; i < 10; i++) {
        char path[64];
        snprintf(path, sizeof path, "/jobs/del%d?force=true", i);
        ok(ctl(), "DELETE", path, NULL);
    }
    expect_error(ctl(), "DELETE", "/jobs/del10?force=true", NULL, 410, "LimitExceededException");
    advance(DELETION_DELAY_MS + 1);
    ok(ctl(), "DELETE", "/jobs/del10?force=true", NULL);

    /* no route: JSON 404, never HTML */
    expect_error(ctl(), "GET", "/no/such/route", NULL, 404, "UnknownOperationException");
    expect_error(dat(), "GET", "/", NULL, 404, "UnknownOperationException");
    expect_error(ctl(), "POST", "/jobs", "{}", 404, "UnknownOperationException");

    /* malformed JSON bodies */
    expect_error(ctl(), "PUT", "/jobs/mj", "{\"targets\": [", 400, "InvalidRequestException");
    expect_error(ctl(), "PUT", "/jobs/mj", "not json at all", 400, "InvalidRequestException");
    expect_error(ctl(), "PUT", "/jobs/mj", "[1,2]", 400, "InvalidRequestException");
    expect_error(dat(), "POST", "/things/e1/jobs/ej", "{\"status\":", 400, "InvalidRequestException");
}

/* A body of exactly n bytes that is a valid (whitespace-padded) JSON object. */
static char *padded_object(size_t n)
{
    char *b = malloc(n + 1);
    memset(b, ' ', n);
    b[0] = '{';
    b[n - 1] = '}';
    b[n] = '\0';
    return b;
}

static void test_body_limit(void)
{
    reset_state();
    http_result r;
    char *body = padded_object(MAX_BODY);
    http_raw(ctl(), "POST", "/things/limit1", body, MAX_BODY, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    result_free(&r);
    free(body);

    body = padded_object(MAX_BODY + 1);
    http_raw(ctl(), "POST", "/things/limit2", body, MAX_BODY + 1, &r);
    CU_ASSERT_EQUAL(r.status, 413);
    CU_ASSERT(str_eq(r.error_type, "PayloadTooLargeException"));
    CU_ASSERT(jstr(r.json, "message") != NULL);
    result_free(&r);
    /* nothing was created */
    EXPECT(ctl(), "GET", "/things/limit2", NULL, 404, &r);
    result_free(&r);
    free(body);

    /* the same two sizes with Transfer-Encoding: chunked (no Content-Length) */
    body = padded_object(MAX_BODY);
    http_chunked(ctl(), "POST", "/things/chunk1", body, MAX_BODY, &r);
    CU_ASSERT(r.curl_ok);
    CU_ASSERT_EQUAL(r.status, 200);
    result_free(&r);
    free(body);
    EXPECT(ctl(), "GET", "/things/chunk1", NULL, 200, &r);
    result_free(&r);

    body = padded_object(MAX_BODY + 1);
    http_chunked(ctl(), "POST", "/things/chunk2", body, MAX_BODY + 1, &r);
    CU_ASSERT_EQUAL(r.status, 413);
    CU_ASSERT(str_eq(r.error_type, "PayloadTooLargeException"));
    CU_ASSERT(jstr(r.json, "message") != NULL);
    result_free(&r);
    free(body);
    EXPECT(ctl(), "GET", "/things/chunk2", NULL, 404, &r);
    result_free(&r);
    /* the server still answers after the refused chunked body */
    EXPECT(ctl(), "GET", "/things/chunk1", NULL, 200, &r);
    result_free(&r);

    /* a much larger body is refused from its Content-Length alone */
    size_t big = 4u * 1024u * 1024u;
    body = padded_object(big);
    http_raw(dat(), "POST", "/things/limit1/jobs/x", body, big, &r);
    CU_ASSERT_EQUAL(r.status, 413);
    CU_ASSERT(str_eq(r.error_type, "PayloadTooLargeException"));
    result_free(&r);
    free(body);
}

static void test_percent_encoded_labels(void)
{
    reset_state();
    http_result r;
    /* thing name "a:b-c" sent with escapes */
    ok(ctl(), "POST", "/things/a%3Ab%2Dc", "{}");
    EXPECT(ctl(), "GET", "/things/a:b-c", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "thingName"), "a:b-c"));
    result_free(&r);
    create_job("job%5F1", "[\"" THING_ARN("a:b-c") "\"]", NULL);
    EXPECT(ctl(), "GET", "/jobs/job_1", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "job.jobId"), "job_1"));
    result_free(&r);
    EXPECT(dat(), "GET", "/things/a%3Ab-c/jobs/job%5F1", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "execution.jobId"), "job_1"));
    result_free(&r);
    /* an encoded slash stays inside its label: no such job, not another route */
    EXPECT(ctl(), "GET", "/jobs/job_1%2Fthings", NULL, 400, &r);
    CU_ASSERT(str_eq(r.error_type, "InvalidRequestException"));
    result_free(&r);
    /* query values are decoded too */
    EXPECT(ctl(), "GET", "/jobs?status=IN%5FPROGRESS", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "jobs")), 1);
    result_free(&r);
}

static bool uuid_shaped(const char *s)
{
    if (strlen(s) != 36) return false;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
        } else if (!isxdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}

static void test_request_ids(void)
{
    enum { N = 60 };
    char ids[N][128];
    for (int i = 0; i < N; i++) {
        http_result r;
        http(i % 2 ? dat() : ctl(), "GET", i % 3 ? "/jobs" : "/no-route", NULL, &r);
        CU_ASSERT(r.curl_ok);
        CU_ASSERT(uuid_shaped(r.request_id));
        snprintf(ids[i], sizeof ids[i], "%s", r.request_id);
        result_free(&r);
    }
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++) CU_ASSERT(strcmp(ids[i], ids[j]) != 0);
}

/* ---- admin routes ------------------------------------------------------- */

static void test_admin_routes(void)
{
    reset_state();
    http_result r;
    EXPECT(ctl(), "GET", JR_ADMIN_PREFIX "/info", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "name"), "jobsref"));
    CU_ASSERT(str_eq(jstr(r.json, "version"), JR_VERSION));
    CU_ASSERT(cJSON_IsTrue(jget(r.json, "admin")));
    CU_ASSERT(str_eq(jstr(r.json, "clock"), "virtual"));
    CU_ASSERT(str_eq(jstr(r.json, "region"), REGION));
    CU_ASSERT(str_eq(jstr(r.json, "accountId"), ACCOUNT));
    result_free(&r);

    /* clock on both listeners, advance moves it */
    EXPECT(dat(), "GET", JR_ADMIN_PREFIX "/clock", NULL, 200, &r);
    double t0 = jnum(r.json, "nowMs");
    CU_ASSERT(t0 > 0);
    CU_ASSERT(cJSON_IsTrue(jget(r.json, "virtual")));
    result_free(&r);
    EXPECT(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", "{\"ms\": 60000}", 200, &r);
    CU_ASSERT_DOUBLE_EQUAL(jnum(r.json, "nowMs"), t0 + 60000, 0.5);
    result_free(&r);
    EXPECT(ctl(), "GET", JR_ADMIN_PREFIX "/clock", NULL, 200, &r);
    CU_ASSERT_DOUBLE_EQUAL(jnum(r.json, "nowMs"), t0 + 60000, 0.5);
    result_free(&r);
    expect_error(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", "{\"ms\": -5}", 400, "InvalidRequestException");
    expect_error(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", "{\"ms\": \"x\"}", 400, "InvalidRequestException");
    expect_error(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", "nope", 400, "InvalidRequestException");

    /* reset drops everything */
    create_thing("r1");
    create_job("rj", "[\"" THING_ARN("r1") "\"]", NULL);
    ok(dat(), "POST", JR_ADMIN_PREFIX "/reset", NULL);
    EXPECT(ctl(), "GET", "/jobs/rj", NULL, 404, &r);
    result_free(&r);
    EXPECT(ctl(), "GET", "/things/r1", NULL, 404, &r);
    result_free(&r);

    /* every fault can be switched on and off */
    EXPECT(ctl(), "GET", JR_ADMIN_PREFIX "/faults", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "available")), JR_FAULT_COUNT);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "enabled")), 0);
    result_free(&r);
    for (int i = 0; i < JR_FAULT_COUNT; i++) {
        const char *name = jr_fault_name((jr_fault)i);
        char path[256];
        snprintf(path, sizeof path, JR_ADMIN_PREFIX "/faults/%s", name);
        ok(ctl(), "PUT", path, NULL);
        EXPECT(dat(), "GET", JR_ADMIN_PREFIX "/faults", NULL, 200, &r);
        const cJSON *en = jget(r.json, "enabled");
        CU_ASSERT_EQUAL(cJSON_GetArraySize(en), 1);
        CU_ASSERT(str_eq(cJSON_GetArrayItem(en, 0) ? cJSON_GetArrayItem(en, 0)->valuestring : NULL, name));
        result_free(&r);
        ok(dat(), "DELETE", path, NULL);
        EXPECT(ctl(), "GET", JR_ADMIN_PREFIX "/faults", NULL, 200, &r);
        CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "enabled")), 0);
        result_free(&r);
    }
    expect_error(ctl(), "PUT", JR_ADMIN_PREFIX "/faults/no-such-fault", NULL, 404, "ResourceNotFoundException");
    expect_error(ctl(), "DELETE", JR_ADMIN_PREFIX "/faults/no-such-fault", NULL, 404, "ResourceNotFoundException");

    /* a fault switched on through the route takes effect, and off again */
    ok(ctl(), "PUT", JR_ADMIN_PREFIX "/faults/error-status-400", NULL);
    EXPECT(ctl(), "GET", "/jobs/absent", NULL, 400, &r);
    result_free(&r);
    ok(ctl(), "DELETE", JR_ADMIN_PREFIX "/faults/error-status-400", NULL);
    EXPECT(ctl(), "GET", "/jobs/absent", NULL, 404, &r);
    result_free(&r);
    ok(ctl(), "PUT", JR_ADMIN_PREFIX "/faults/error-type-missing", NULL);
    EXPECT(ctl(), "GET", "/jobs/absent", NULL, 404, &r);
    CU_ASSERT_EQUAL(r.error_type[0], '\0');
    result_free(&r);
    ok(ctl(), "DELETE", JR_ADMIN_PREFIX "/faults/error-type-missing", NULL);

    expect_error(ctl(), "GET", JR_ADMIN_PREFIX "/nothing", NULL, 404, "UnknownOperationException");
}

static jr_server *start_other(bool admin, bool virtual_clock)
{
    jr_server_options o;
    jr_server_options_default(&o);
    o.admin = admin;
    o.admin_token = E2E_ADMIN_TOKEN;
    o.virtual_clock = virtual_clock;
    o.quiet = true;
    o.threads = 2;
    char err[256];
    jr_server *s = jr_server_start(&o, err, sizeof err);
    if (s == NULL) fprintf(stderr, "server start: %s\n", err);
    return s;
}

static void test_admin_absent_without_flag(void)
{
    jr_server *s = start_other(false, true);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const char *paths[][2] = {{"GET", "/clock"}, {"POST", "/clock/advance"}, {"POST", "/reset"},
                              {"GET", "/faults"}, {"PUT", "/faults/sync-deletion"}, {"GET", "/info"}};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, JR_ADMIN_PREFIX "%s", paths[i][1]);
        for (int plane = 0; plane < 2; plane++) {
            http_result r;
            http(plane ? jr_server_data_port(s) : jr_server_control_port(s), paths[i][0], path,
                 strcmp(paths[i][0], "GET") ? "{\"ms\":1}" : NULL, &r);
            CU_ASSERT_EQUAL(r.status, 404);
            CU_ASSERT(str_eq(r.error_type, "UnknownOperationException"));
            result_free(&r);
        }
    }
    jr_server_stop(s);
}

static void test_admin_real_clock(void)
{
    jr_server *s = start_other(true, false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    http_result r;
    EXPECT(jr_server_control_port(s), "POST", JR_ADMIN_PREFIX "/clock/advance", "{\"ms\": 1000}", 400, &r);
    CU_ASSERT(str_eq(r.error_type, "InvalidRequestException"));
    CU_ASSERT(jstr(r.json, "message") != NULL);
    result_free(&r);
    EXPECT(jr_server_control_port(s), "GET", JR_ADMIN_PREFIX "/clock", NULL, 200, &r);
    CU_ASSERT(cJSON_IsFalse(jget(r.json, "virtual")));
    CU_ASSERT(jnum(r.json, "nowMs") > 1.6e12);
    result_free(&r);
    EXPECT(jr_server_data_port(s), "GET", JR_ADMIN_PREFIX "/info", NULL, 200, &r);
    CU_ASSERT(str_eq(jstr(r.json, "clock"), "real"));
    result_free(&r);
    jr_server_stop(s);
}

/* ---- concurrency ---------------------------------------------------------- */

enum { BURST_THREADS = 16, BURST_REQUESTS = 50 };

typedef struct burst_arg {
    int index;
    int failures;
} burst_arg;

static void *burst_worker(void *p)
{
    burst_arg *a = p;
    for (int i = 0; i < BURST_REQUESTS / 2; i++) {
        char path[64], body[256];
        snprintf(path, sizeof path, "/jobs/burst-%d-%d", a->index, i);
        snprintf(body, sizeof body, "{\"targets\":[\"" THING_ARN("burst") "\"],\"document\":\"{\\\"n\\\":%d}\"}", i);
        http_result r;
        http(ctl(), "PUT", path, body, &r);
        if (r.status != 200) {
            fprintf(stderr, "\n  burst PUT %s -> %ld (curl ok %d): %s\n", path, r.status, r.curl_ok, r.body ? r.body : "");
            a->failures++;
        }
        result_free(&r);
        http(ctl(), "GET", path, NULL, &r);
        if (r.status != 200 || !str_eq(jstr(r.json, "job.status"), "IN_PROGRESS") ||
            jnum(r.json, "job.jobProcessDetails.numberOfQueuedThings") != 1) {
            fprintf(stderr, "\n  burst GET %s -> %ld (curl ok %d): %s\n", path, r.status, r.curl_ok, r.body ? r.body : "");
            a->failures++;
        }
        result_free(&r);
    }
    return NULL;
}

static void test_concurrent_burst(void)
{
    reset_state();
    create_thing("burst");
    pthread_t th[BURST_THREADS];
    burst_arg args[BURST_THREADS];
    for (int i = 0; i < BURST_THREADS; i++) {
        args[i] = (burst_arg){.index = i};
        CU_ASSERT_EQUAL_FATAL(pthread_create(&th[i], NULL, burst_worker, &args[i]), 0);
    }
    for (int i = 0; i < BURST_THREADS; i++) {
        pthread_join(th[i], NULL);
        CU_ASSERT_EQUAL(args[i].failures, 0);
    }
    const int want = BURST_THREADS * BURST_REQUESTS / 2;
    /* every create is visible: walk ListJobs and the thing's executions */
    int jobs = 0, pages = 0;
    char next[1024] = "";
    do {
        char path[1200];
        if (next[0]) snprintf(path, sizeof path, "/jobs?maxResults=100&nextToken=%s", next);
        else snprintf(path, sizeof path, "/jobs?maxResults=100");
        http_result r;
        EXPECT(ctl(), "GET", path, NULL, 200, &r);
        jobs += cJSON_GetArraySize(jget(r.json, "jobs"));
        const char *nt = jstr(r.json, "nextToken");
        if (nt) {
            char *esc = curl_easy_escape(NULL, nt, 0);
            snprintf(next, sizeof next, "%s", esc ? esc : "");
            curl_free(esc);
        } else {
            next[0] = '\0';
        }
        result_free(&r);
    } while (next[0] && ++pages < 100);
    CU_ASSERT_EQUAL(jobs, want);
    http_result r;
    EXPECT(dat(), "GET", "/things/burst/jobs", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "queuedJobs")), want);
    result_free(&r);
}

/* ---- robustness: raw sockets ---------------------------------------------- */

static int connect_to(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads until EOF or timeout_ms of silence; returns bytes read. */
static size_t read_reply(int fd, char *buf, size_t cap, int timeout_ms)
{
    size_t n = 0;
    while (n + 1 < cap) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, timeout_ms) <= 0) break;
        ssize_t k = recv(fd, buf + n, cap - 1 - n, 0);
        if (k <= 0) break;
        n += (size_t)k;
    }
    buf[n] = '\0';
    return n;
}

static void assert_server_alive(void)
{
    http_result r;
    http(ctl(), "GET", "/jobs", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    result_free(&r);
    http(dat(), "GET", "/things/x/jobs", NULL, &r);
    CU_ASSERT(r.status == 200 || r.status == 404);
    result_free(&r);
}

static void test_garbage_and_truncated(void)
{
    reset_state();
    static const char *inputs[] = {
        "GARBAGE\r\n\r\n",
        "\x01\x02\x03\xff\xfe\r\n\r\n",
        "GET /jobs HTTP/9.9\r\n\r\n",
        "GET\r\n\r\n",
        "PUT /jobs/x HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n",
        "PUT /jobs/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n",
        "GET /jobs HTTP/1.1\r\nHost: a\r\nBroken header line\r\n\r\n",
        "",
    };
    char buf[8192];
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        int fd = connect_to(ctl());
        CU_ASSERT_FATAL(fd >= 0);
        (void)send(fd, inputs[i], strlen(inputs[i]), MSG_NOSIGNAL);
        shutdown(fd, SHUT_WR);
        read_reply(fd, buf, sizeof buf, 2000);
        close(fd);
        assert_server_alive();
    }
    /* a header far over the connection memory limit */
    size_t big = 512 * 1024;
    char *huge = malloc(big + 64);
    memcpy(huge, "GET /jobs HTTP/1.1\r\nX-Big: ", 27);
    memset(huge + 27, 'a', big);
    memcpy(huge + 27 + big, "\r\n\r\n", 4);
    int fd = connect_to(ctl());
    CU_ASSERT_FATAL(fd >= 0);
    (void)send(fd, huge, 27 + big + 4, MSG_NOSIGNAL);
    read_reply(fd, buf, sizeof buf, 2000);
    close(fd);
    free(huge);
    assert_server_alive();

    /* truncated: headers announce a body that never fully arrives */
    fd = connect_to(ctl());
    CU_ASSERT_FATAL(fd >= 0);
    const char *trunc = "PUT /jobs/tr HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n{\"targ";
    (void)send(fd, trunc, strlen(trunc), MSG_NOSIGNAL);
    assert_server_alive();
    close(fd);
    /* truncated in the middle of the request line */
    fd = connect_to(dat());
    CU_ASSERT_FATAL(fd >= 0);
    (void)send(fd, "GET /things/x/jo", 16, MSG_NOSIGNAL);
    close(fd);
    assert_server_alive();
    http_result r;
    EXPECT(ctl(), "GET", "/jobs/tr", NULL, 404, &r);
    result_free(&r);

    /* a well-formed raw request gets a JSON answer with the headers */
    fd = connect_to(ctl());
    CU_ASSERT_FATAL(fd >= 0);
    const char *good = "GET /nothing-here HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    (void)send(fd, good, strlen(good), MSG_NOSIGNAL);
    read_reply(fd, buf, sizeof buf, 5000);
    close(fd);
    CU_ASSERT(strncmp(buf, "HTTP/1.1 404", 12) == 0);
    CU_ASSERT(strstr(buf, "x-amzn-ErrorType: UnknownOperationException") != NULL);
    CU_ASSERT(strstr(buf, "{\"message\":") != NULL);
}

typedef struct slow_arg {
    char reply[4096];
} slow_arg;

static void *slow_client(void *p)
{
    slow_arg *a = p;
    const char *req = "GET /jobs HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n";
    int fd = connect_to(ctl());
    if (fd < 0) return NULL;
    for (size_t i = 0; req[i]; i++) {
        if (send(fd, req + i, 1, MSG_NOSIGNAL) != 1) break;
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    read_reply(fd, a->reply, sizeof a->reply, 5000);
    close(fd);
    return NULL;
}

static void test_slow_client(void)
{
    reset_state();
    create_thing("s1");
    slow_arg arg = {{0}};
    pthread_t th;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, slow_client, &arg), 0);
    /* other clients are served while the slow one trickles in */
    for (int i = 0; i < 20; i++) {
        char id[32];
        snprintf(id, sizeof id, "slow%d", i);
        create_job(id, "[\"" THING_ARN("s1") "\"]", NULL);
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    http_result r;
    EXPECT(ctl(), "GET", "/jobs?maxResults=250", NULL, 200, &r);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(jget(r.json, "jobs")), 20);
    result_free(&r);
    pthread_join(th, NULL);
    /* and the slow one got its answer too */
    CU_ASSERT(strncmp(arg.reply, "HTTP/1.1 200", 12) == 0);
}

/* ---- start/stop ------------------------------------------------------------ */

static void test_start_stop_cycles(void)
{
    for (int i = 0; i < 3; i++) {
        jr_server *s = start_other(i % 2 == 0, i % 2 == 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT(jr_server_control_port(s) != 0);
        CU_ASSERT(jr_server_data_port(s) != 0);
        CU_ASSERT(jr_server_control_port(s) != jr_server_data_port(s));
        http_result r;
        http(jr_server_data_port(s), "GET", "/things/x/jobs", NULL, &r);
        CU_ASSERT(r.curl_ok);
        result_free(&r);
        jr_server_stop(s);
    }
    /* a port already taken is an error message, not a crash */
    jr_server_options o;
    jr_server_options_default(&o);
    o.quiet = true;
    o.control_port = ctl();
    char err[256] = "";
    CU_ASSERT_PTR_NULL(jr_server_start(&o, err, sizeof err));
    CU_ASSERT(err[0] != '\0');
    jr_server_options_default(&o);
    o.host = "not-an-address";
    err[0] = '\0';
    CU_ASSERT_PTR_NULL(jr_server_start(&o, err, sizeof err));
    CU_ASSERT(err[0] != '\0');
}

static int suite_init(void)
{
    jr_server_options o;
    jr_server_options_default(&o);
    o.admin = true;
    o.admin_token = E2E_ADMIN_TOKEN;
    o.virtual_clock = true;
    o.deletion_delay_ms = DELETION_DELAY_MS;
    o.max_body = MAX_BODY;
    o.quiet = getenv("JR_TEST_VERBOSE") == NULL;
    char err[256];
    g_server = jr_server_start(&o, err, sizeof err);
    if (g_server == NULL) {
        fprintf(stderr, "jr_server_start: %s\n", err);
        return 1;
    }
    return 0;
}

static int suite_clean(void)
{
    jr_server_stop(g_server);
    g_server = NULL;
    return 0;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CU_TestInfo tests[] = {
        {"control plane: every operation routed", test_control_plane_routes},
        {"data plane: every operation routed", test_data_plane_routes},
        {"same path, two planes", test_same_path_two_planes},
        {"error types, statuses, headers and bodies", test_error_types},
        {"body limit at max and max+1", test_body_limit},
        {"percent-encoded labels and query", test_percent_encoded_labels},
        {"x-amzn-RequestId present, UUID-shaped, unique", test_request_ids},
        {"admin routes", test_admin_routes},
        {"admin routes absent without --admin", test_admin_absent_without_flag},
        {"admin clock advance on the real clock", test_admin_real_clock},
        {"concurrent burst", test_concurrent_burst},
        {"garbage and truncated requests", test_garbage_and_truncated},
        {"slow client does not block others", test_slow_client},
        {"start/stop cycles and start errors", test_start_stop_cycles},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {
        {"server_e2e", suite_init, suite_clean, NULL, NULL, tests},
        CU_SUITE_INFO_NULL,
    };
    int rc = cu_run_suites(suites);
    curl_global_cleanup();
    return rc;
}
