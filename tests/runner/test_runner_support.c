/* Unit tests of the runner's support library: the response decoder with
 * hostile inputs, config precedence, the baseline parser, label encoding,
 * and transcript redaction through a real HTTP exchange (libmicrohttpd on
 * loopback). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <microhttpd.h>

#include "cu_support.h"
#include "jc_baseline.h"
#include "jc_client.h"
#include "jc_config.h"
#include "jc_response.h"
#include "jc_scenario.h"

static jc_response *decode(int status, const char *headers, const char *body, size_t body_len)
{
    jc_response *r = NULL;
    CU_ASSERT_EQUAL_FATAL(jc_response_decode(status, headers, headers ? strlen(headers) : 0, body, body_len, &r), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    return r;
}
#define DEC(st, h, b) decode((st), (h), (b), strlen(b))

static void test_html_500(void)
{
    jc_response *r = DEC(500, "Content-Type: text/html\r\n", "<html><body>oops</body></html>");
    CU_ASSERT_STRING_EQUAL(r->error_code, "500");
    CU_ASSERT_PTR_NULL(r->json);
    CU_ASSERT_PTR_NOT_NULL(r->decode_error);
    jc_response_free(r);
    /* even with an error-type header, a generic 5xx reads nothing else */
    r = DEC(503, "x-amzn-ErrorType: ServiceUnavailableException\r\n", "");
    CU_ASSERT_STRING_EQUAL(r->error_code, "503");
    jc_response_free(r);
    /* a 5xx with a JSON body is read normally */
    r = DEC(503, NULL, "{\"__type\":\"x#ServiceUnavailableException\",\"message\":\"m\"}");
    CU_ASSERT_STRING_EQUAL(r->error_code, "ServiceUnavailableException");
    CU_ASSERT_STRING_EQUAL(r->message, "m");
    jc_response_free(r);
}

static void test_empty_and_truncated(void)
{
    jc_response *r = DEC(200, NULL, "");
    CU_ASSERT_PTR_NOT_NULL(r->json); /* empty body parses as {} */
    CU_ASSERT_PTR_NULL(r->error_code);
    jc_response_free(r);
    r = DEC(400, NULL, "");
    CU_ASSERT_STRING_EQUAL(r->error_code, "400");
    CU_ASSERT_STRING_EQUAL(r->message, "");
    jc_response_free(r);
    r = DEC(200, NULL, "{\"jobId\":\"abc\",\"jobA");
    CU_ASSERT_PTR_NULL(r->json);
    CU_ASSERT_PTR_NOT_NULL(r->decode_error);
    CU_ASSERT_PTR_NULL(jc_json_string(r, "jobId"));
    jc_response_free(r);
    r = DEC(200, NULL, "[1,2,3]");
    CU_ASSERT_PTR_NULL(r->json);
    jc_response_free(r);
    r = DEC(200, NULL, "{} trailing");
    CU_ASSERT_PTR_NULL(r->json);
    jc_response_free(r);
    /* a non-JSON error body becomes the message */
    r = DEC(404, NULL, "Not Found");
    CU_ASSERT_STRING_EQUAL(r->error_code, "404");
    CU_ASSERT_STRING_EQUAL(r->message, "Not Found");
    jc_response_free(r);
}

static void test_wrong_types(void)
{
    jc_response *r = DEC(400, NULL, "{\"message\": 5, \"code\": 7}");
    CU_ASSERT_STRING_EQUAL(r->message, "");
    CU_ASSERT_STRING_EQUAL(r->error_code, "400"); /* a non-string code is no code */
    jc_response_free(r);
    r = DEC(200, NULL, "{\"job\": {\"status\": 3, \"targets\": \"x\", \"n\": \"7\", \"ok\": true}}");
    double d = 0;
    bool b = false;
    CU_ASSERT_PTR_NULL(jc_json_string(r, "job.status"));
    CU_ASSERT_PTR_NULL(jc_json_array(r, "job.targets"));
    CU_ASSERT_FALSE(jc_json_number(r, "job.n", &d));
    CU_ASSERT_TRUE(jc_json_bool(r, "job.ok", &b));
    CU_ASSERT_TRUE(b);
    CU_ASSERT_TRUE(jc_json_number(r, "job.status", &d));
    CU_ASSERT_EQUAL(d, 3);
    CU_ASSERT_PTR_NULL(jc_json_string(r, "job.status.deeper"));
    CU_ASSERT_PTR_NULL(jc_json_string(r, "job..status"));
    CU_ASSERT_PTR_NULL(jc_json_string(r, "nothing"));
    CU_ASSERT_PTR_NULL(jc_json_string(NULL, "job"));
    CU_ASSERT_PTR_NULL(jc_json_string(r, NULL));
    jc_response_free(r);
    r = DEC(200, NULL, "{\"a\":[{\"b\":\"x\"}]}");
    CU_ASSERT_STRING_EQUAL(jc_json_string(r, "a.0.b"), "x");
    CU_ASSERT_PTR_NULL(jc_json_string(r, "a.1.b"));
    CU_ASSERT_PTR_NULL(jc_json_string(r, "a.-1.b"));
    jc_response_free(r);
}

static void test_error_code_precedence(void)
{
    jc_response *r = DEC(404, "x-amzn-ErrorType: Foo:http://x\r\n", "{\"code\":\"Bar\"}");
    CU_ASSERT_STRING_EQUAL(r->error_code, "Foo");
    jc_response_free(r);
    r = DEC(404, "X-AMZN-ERRORTYPE:   Spaced  \r\n", "{}");
    CU_ASSERT_STRING_EQUAL(r->error_code, "Spaced");
    jc_response_free(r);
    r = DEC(409, NULL, "{\"code\":\"A\",\"Code\":\"B\",\"__type\":\"x#C\"}");
    CU_ASSERT_STRING_EQUAL(r->error_code, "A");
    jc_response_free(r);
    r = DEC(409, NULL, "{\"Code\":\"B\",\"__type\":\"x#C\"}");
    CU_ASSERT_STRING_EQUAL(r->error_code, "B");
    jc_response_free(r);
    r = DEC(409, NULL, "{\"__type\":\"com.amazonaws.iot#ResourceAlreadyExistsException\",\"Message\":\"M\"}");
    CU_ASSERT_STRING_EQUAL(r->error_code, "ResourceAlreadyExistsException");
    CU_ASSERT_STRING_EQUAL(r->message, "M");
    jc_response_free(r);
    r = DEC(409, NULL, "{\"__type\":\"NoHash\"}");
    CU_ASSERT_STRING_EQUAL(r->error_code, "NoHash");
    jc_response_free(r);
    r = DEC(400, NULL, "{\"message\":\"m-none\"}");
    CU_ASSERT_STRING_EQUAL(r->error_code, "400");
    CU_ASSERT_STRING_EQUAL(r->message, "m-none");
    jc_response_free(r);
    /* success: no error code, whatever the headers say */
    r = DEC(200, "x-amzn-ErrorType: Foo\r\n", "{}");
    CU_ASSERT_PTR_NULL(r->error_code);
    jc_response_free(r);
}

static void test_hostile_headers_and_bytes(void)
{
    /* header lines without a colon, an empty line, a NUL in the header text */
    const char headers[] = "HTTP/1.1 400 Bad\r\nno colon here\r\n\r\nx-amzn-Error\0Type: Evil\r\n: novalue\r\n";
    jc_response *r = NULL;
    CU_ASSERT_EQUAL(jc_response_decode(400, headers, sizeof headers - 1, "{}", 2, &r), 0);
    CU_ASSERT_STRING_EQUAL(r->error_code, "400"); /* the NUL-broken name is not the header */
    CU_ASSERT_EQUAL(strlen(r->headers), sizeof headers - 1); /* NULs replaced */
    jc_response_free(r);
    /* NULs and invalid UTF-8 in the body */
    const char body[] = "{\"message\":\"a\xff\xfe\"}\0{\"x\":1}";
    r = decode(400, NULL, body, sizeof body - 1);
    CU_ASSERT_PTR_NULL(r->json); /* bytes after the object */
    CU_ASSERT_EQUAL(r->body_len, sizeof body - 1);
    CU_ASSERT_EQUAL(memcmp(r->body, body, sizeof body - 1), 0);
    jc_response_free(r);
    r = decode(400, NULL, "{\"message\":\"bad \xc3\x28 utf8\"}", 24);
    CU_ASSERT_PTR_NOT_NULL(r->message);
    jc_response_free(r);
    /* NULL body with a length */
    r = decode(500, NULL, NULL, 99);
    CU_ASSERT_STRING_EQUAL(r->error_code, "500");
    jc_response_free(r);
    /* deep nesting */
    char deep[5001];
    memset(deep, '[', 5000);
    deep[5000] = '\0';
    r = DEC(400, NULL, deep);
    CU_ASSERT_PTR_NULL(r->json);
    CU_ASSERT_STRING_EQUAL(r->error_code, "400");
    CU_ASSERT_TRUE(strlen(r->message) <= 1024);
    jc_response_free(r);
    CU_ASSERT_EQUAL(jc_response_decode(200, NULL, 0, NULL, 0, NULL), -1);
    jc_response_free(NULL);
}

static void test_huge_body(void)
{
    size_t n = 10 * 1024 * 1024;
    char *big = malloc(n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memset(big, 'x', n);
    memcpy(big, "{\"message\":\"", 12);
    big[n - 2] = '"';
    big[n - 1] = '}';
    big[n] = '\0';
    jc_response *r = decode(400, NULL, big, n);
    CU_ASSERT_PTR_NOT_NULL(r->json);
    CU_ASSERT_EQUAL(strlen(r->message), 1024); /* capped */
    CU_ASSERT_EQUAL(r->body_len, n);
    jc_response_free(r);
    big[0] = 'x'; /* not JSON anymore */
    r = decode(502, NULL, big, n);
    CU_ASSERT_PTR_NULL(r->json);
    CU_ASSERT_STRING_EQUAL(r->error_code, "502");
    jc_response_free(r);
    free(big);
}

static void test_header_find(void)
{
    char buf[8];
    const char *h = "A: 1\nLong: 0123456789\nB:\t two \r\n";
    CU_ASSERT_STRING_EQUAL(jc_header_find(h, strlen(h), "a", buf, sizeof buf), "1");
    CU_ASSERT_STRING_EQUAL(jc_header_find(h, strlen(h), "long", buf, sizeof buf), "0123456"); /* truncated */
    CU_ASSERT_STRING_EQUAL(jc_header_find(h, strlen(h), "B", buf, sizeof buf), "two");
    CU_ASSERT_PTR_NULL(jc_header_find(h, strlen(h), "C", buf, sizeof buf));
    CU_ASSERT_PTR_NULL(jc_header_find(NULL, 5, "A", buf, sizeof buf));
}

/* ---- config ------------------------------------------------------------ */

typedef struct fake_env {
    const char *names[8];
    const char *values[8];
} fake_env;

static const char *fake_get(const char *name, void *arg)
{
    fake_env *e = arg;
    for (int i = 0; i < 8 && e->names[i]; i++)
        if (strcmp(e->names[i], name) == 0) return e->values[i];
    return NULL;
}

static char *write_temp(const char *text)
{
    char *path = strdup("/tmp/jc_test_XXXXXX");
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_config_precedence(void)
{
    char *file = write_temp("# settings\nregion = from-file\nprefix = filep\ntimeout = 3\n"
                            "data_endpoint = http://file\nendpoint = http://file-control\nsuite = a, b\n");
    fake_env env = {{"JOBSCONF_CONFIG", "JOBSCONF_REGION", "JOBSCONF_PREFIX", "JOBSCONF_SUITE", NULL},
                    {file, "from-env", "envp", "c", NULL}};
    char *argv[] = {"--prefix", "flagp", "--slow", "--suite", "x", "--suite=y", "--jobs", "3"};
    jc_config cfg;
    char err[256];
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL_FATAL(jc_config_load(&cfg, 8, argv, fake_get, &env, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(cfg.prefix, "flagp");     /* flag > env > file */
    CU_ASSERT_STRING_EQUAL(cfg.region, "from-env");  /* env > file */
    CU_ASSERT_EQUAL(cfg.timeout_s, 3);               /* file > default */
    CU_ASSERT_STRING_EQUAL(cfg.data_endpoint, "http://file");
    CU_ASSERT_STRING_EQUAL(cfg.signing_name, "execute-api"); /* default */
    CU_ASSERT_TRUE(cfg.slow);
    CU_ASSERT_EQUAL(cfg.jobs, 3);
    CU_ASSERT_EQUAL_FATAL(cfg.suites.count, 2); /* flags replace env and file lists */
    CU_ASSERT_STRING_EQUAL(cfg.suites.items[0], "x");
    CU_ASSERT_STRING_EQUAL(cfg.suites.items[1], "y");
    CU_ASSERT_PTR_NULL(cfg.access_key);
    jc_config_free(&cfg);

    /* without the flag the env list wins over the file list */
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL_FATAL(jc_config_load(&cfg, 0, NULL, fake_get, &env, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(cfg.suites.count, 1);
    CU_ASSERT_STRING_EQUAL(cfg.suites.items[0], "c");
    CU_ASSERT_STRING_EQUAL(cfg.prefix, "envp");
    jc_config_free(&cfg);
    unlink(file);
    free(file);
}

static void test_config_errors(void)
{
    fake_env env = {{NULL}, {NULL}};
    jc_config cfg;
    char err[256];
    struct {
        int argc;
        char *argv[3];
        const char *needle;
    } cases[] = {
        {1, {"--nope"}, "--nope"},
        {1, {"--region"}, "needs a value"},
        {2, {"--timeout", "0"}, "timeout"},
        {2, {"--timeout", "abc"}, "timeout"},
        {2, {"--jobs", "65"}, "jobs"},
        {2, {"--jobs", "0"}, "jobs"},
        {1, {"--slow=maybe"}, "slow"},
        {1, {"stray"}, "stray"},
        {2, {"--config", "/nonexistent/jc.conf"}, "/nonexistent/jc.conf"},
        {2, {"--data-endpoint", "http://x"}, "--endpoint"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jc_config_init(&cfg);
        CU_ASSERT_EQUAL(jc_config_load(&cfg, cases[i].argc, cases[i].argv, fake_get, &env, err, sizeof err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].needle));
        jc_config_free(&cfg);
    }
    /* boundaries that are accepted */
    char *ok[] = {"--jobs", "64", "--timeout", "86400", "--slow=false"};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load(&cfg, 5, ok, fake_get, &env, err, sizeof err), 0);
    CU_ASSERT_EQUAL(cfg.jobs, 64);
    CU_ASSERT_FALSE(cfg.slow);
    jc_config_free(&cfg);
    /* a bad file line names the file and the line */
    char *file = write_temp("region = r\nthis line has no equals\n");
    char *argv[] = {"--config", file};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load(&cfg, 2, argv, fake_get, &env, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, ":2"));
    jc_config_free(&cfg);
    unlink(file);
    free(file);
}

/* ---- baseline ------------------------------------------------------------ */

static void test_baseline(void)
{
    const char *text = "# known defects\n\n  createjob.duplicate-id   returns 400 (ticket 7)  # trailing\n"
                       "!createjob.slow hangs\n";
    jc_baseline b;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(jc_baseline_parse(text, strlen(text), &b, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(b.count, 2);
    const jc_baseline_entry *e = jc_baseline_find(&b, "createjob.duplicate-id");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(e->reason, "returns 400 (ticket 7)");
    CU_ASSERT_FALSE(e->disabled);
    CU_ASSERT_EQUAL(e->line, 3);
    e = jc_baseline_find(&b, "createjob.slow");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_TRUE(e->disabled);
    CU_ASSERT_PTR_NULL(jc_baseline_find(&b, "createjob"));
    jc_baseline_free(&b);

    /* a line without a reason is an error, disabled or not; "a.b x" has one */
    const char *bad[] = {"a.b x\na.b y\n", "bad/id reason\n", "!\n", "ok.id\0hidden", "a.b\n", "!a.b   # comment\n"};
    size_t lens[] = {strlen(bad[0]), strlen(bad[1]), strlen(bad[2]), 12, strlen(bad[4]), strlen(bad[5])};
    for (size_t i = 0; i < 6; i++) {
        CU_ASSERT_EQUAL(jc_baseline_parse(bad[i], lens[i], &b, err, sizeof err), -1);
        CU_ASSERT_EQUAL(b.count, 0);
    }
    CU_ASSERT_EQUAL(jc_baseline_parse("", 0, &b, err, sizeof err), 0);
    CU_ASSERT_EQUAL(b.count, 0);
    CU_ASSERT_EQUAL(jc_baseline_load("/nonexistent/baseline", &b, err, sizeof err), -1);
}

/* ---- encoding and redaction ------------------------------------------------ */

static void test_percent_encode(void)
{
    char *s = jc_percent_encode("aZ09-._~", 8);
    CU_ASSERT_STRING_EQUAL(s, "aZ09-._~");
    free(s);
    s = jc_percent_encode("a:b/$next %\xff", 12);
    CU_ASSERT_STRING_EQUAL(s, "a%3Ab%2F%24next%20%25%FF");
    free(s);
    s = jc_percent_encode("", 0);
    CU_ASSERT_STRING_EQUAL(s, "");
    free(s);
}

static void test_redact_pure(void)
{
    const char *h = "GET / HTTP/1.1\r\nauthorization: AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc\r\n"
                    "X-Amz-Security-Token: SECRETTOKEN\r\nHost: x\r\nAuthorization-Extra: keep\r\n";
    char *r = jc_redact_headers(h, strlen(h));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_PTR_NULL(strstr(r, "Signature=abc"));
    CU_ASSERT_PTR_NULL(strstr(r, "SECRETTOKEN"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r, "authorization: REDACTED\r\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r, "X-Amz-Security-Token: REDACTED\r\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r, "Authorization-Extra: keep"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r, "Host: x"));
    free(r);
    r = jc_redact_headers("Authorization: no newline", 25);
    CU_ASSERT_STRING_EQUAL(r, "Authorization: REDACTED");
    free(r);
}

/* A loopback HTTP server (libmicrohttpd) for the client tests. */
static char g_seen_auth[512];
static char g_seen_token[256];

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **state)
{
    (void)cls, (void)method, (void)version, (void)upload;
    if (*state == NULL) {
        *state = c;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;
        return MHD_YES;
    }
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    snprintf(g_seen_auth, sizeof g_seen_auth, "%s", a ? a : "");
    const char *t = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Amz-Security-Token");
    snprintf(g_seen_token, sizeof g_seen_token, "%s", t ? t : "");
    struct MHD_Response *resp;
    unsigned status = 200;
    if (strcmp(url, "/big") == 0) {
        size_t n = JC_MAX_RESPONSE_BYTES + 1024;
        char *big = malloc(n);
        memset(big, ' ', n);
        resp = MHD_create_response_from_buffer(n, big, MHD_RESPMEM_MUST_FREE);
    } else if (strcmp(url, "/missing") == 0) {
        status = 404;
        static char body[] = "{\"message\":\"no such job\"}";
        resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(resp, "x-amzn-ErrorType", "ResourceNotFoundException:http://internal");
    } else {
        static char body[] = "{\"ok\":true}";
        resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_PERSISTENT);
    }
    enum MHD_Result r = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return r;
}

static void test_client_exchange(void)
{
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handler, NULL,
                                            MHD_OPTION_END);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info->port;
    char err[256], url[128];
    jc_client_options o = {.region = "eu-west-1", .access_key = "AKIDTEST", .secret_key = "SECRETKEY",
                           .session_token = "SESSIONTOKEN", .timeout_s = 5};
    jc_client *c = jc_client_new(&o, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);

    jc_exchange ex;
    jc_response *resp = NULL;
    snprintf(url, sizeof url, "http://127.0.0.1:%u/jobs/a%%3Ab", port);
    CU_ASSERT_EQUAL(jc_client_call(c, "PUT", url, "execute-api", "{\"targets\":[]}", &ex, &resp), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_EQUAL(resp->status, 200);
    CU_ASSERT_EQUAL(ex.status, 200);
    /* the server saw a real SigV4 signature and the token ... */
    CU_ASSERT_PTR_NOT_NULL(strstr(g_seen_auth, "AWS4-HMAC-SHA256"));
    CU_ASSERT_PTR_NOT_NULL(strstr(g_seen_auth, "eu-west-1/execute-api"));
    CU_ASSERT_STRING_EQUAL(g_seen_token, "SESSIONTOKEN");
    /* ... and the transcript shows neither */
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex.request_headers);
    CU_ASSERT_PTR_NULL(strstr(ex.request_headers, "AWS4-HMAC-SHA256"));
    CU_ASSERT_PTR_NULL(strstr(ex.request_headers, "SESSIONTOKEN"));
    CU_ASSERT_PTR_NULL(strstr(ex.request_headers, "SECRETKEY"));
    CU_ASSERT_PTR_NOT_NULL(strstr(ex.request_headers, "Authorization: REDACTED"));
    CU_ASSERT_PTR_NOT_NULL(strstr(ex.request_headers, "X-Amz-Security-Token: REDACTED"));
    CU_ASSERT_STRING_EQUAL(ex.method, "PUT");
    CU_ASSERT_EQUAL(ex.request_body_len, 14);
    jc_response_free(resp);
    jc_exchange_clear(&ex);

    /* an error as clients read it, over the wire */
    snprintf(url, sizeof url, "http://127.0.0.1:%u/missing", port);
    CU_ASSERT_EQUAL(jc_client_call(c, "GET", url, "iot-jobs-data", NULL, &ex, &resp), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_STRING_EQUAL(resp->error_code, "ResourceNotFoundException");
    CU_ASSERT_STRING_EQUAL(resp->message, "no such job");
    CU_ASSERT_PTR_NOT_NULL(strstr(g_seen_auth, "/iot-jobs-data/"));
    jc_response_free(resp);
    jc_exchange_clear(&ex);

    /* a body over the cap is a transport-level error */
    snprintf(url, sizeof url, "http://127.0.0.1:%u/big", port);
    CU_ASSERT_EQUAL(jc_client_call(c, "GET", url, "execute-api", NULL, &ex, &resp), -1);
    CU_ASSERT_PTR_NULL(resp);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex.transport_error);
    CU_ASSERT_PTR_NOT_NULL(strstr(ex.transport_error, "response too large"));
    jc_exchange_clear(&ex);

    jc_client_free(c);
    MHD_stop_daemon(d);

    /* nothing listens on port 1: refused */
    c = jc_client_new(&o, err, sizeof err);
    CU_ASSERT_EQUAL(jc_client_call(c, "GET", "http://127.0.0.1:1/jobs", "execute-api", NULL, &ex, &resp), -1);
    CU_ASSERT_PTR_NOT_NULL(ex.transport_error);
    CU_ASSERT_EQUAL(ex.status, 0);
    jc_exchange_clear(&ex);
    jc_client_free(c);
}

/* ---- safety (issue 9) ---- */

static void test_scrub_secrets(void)
{
    const char *secrets[] = {"tok-SECRET-123", "sk-abcdef"};
    char *t = strdup("a tok-SECRET-123 b sk-abcdef c tok-SECRET-123");
    size_t len = strlen(t);
    t = jc_scrub_secrets(t, &len, secrets, 2);
    CU_ASSERT_STRING_EQUAL(t, "a [REDACTED] b [REDACTED] c [REDACTED]");
    CU_ASSERT_EQUAL(len, strlen(t));
    free(t);
    /* nothing to scrub: unchanged; too-short or NULL secrets are ignored */
    const char *weak[] = {"ab", NULL};
    t = strdup("ab ab");
    len = 5;
    t = jc_scrub_secrets(t, &len, weak, 2);
    CU_ASSERT_STRING_EQUAL(t, "ab ab");
    free(t);
    /* binary bodies with NULs: the secret after a NUL is found too */
    char raw[] = {'x', 0, 's', 'k', '-', 'a', 'b', 'c', 'd', 'e', 'f', 'y'};
    t = malloc(sizeof raw);
    memcpy(t, raw, sizeof raw);
    len = sizeof raw;
    t = jc_scrub_secrets(t, &len, secrets, 2);
    CU_ASSERT_EQUAL(len, 2 + strlen("[REDACTED]") + 1);
    CU_ASSERT_EQUAL(memcmp(t + 2, "[REDACTED]y", 11), 0);
    free(t);
}

static char *escaped(const char *prefix, const char *text, size_t len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    jc_print_escaped(f, prefix, text, len);
    fclose(f);
    return buf;
}

static void test_print_escaped(void)
{
    char *o = escaped("    ", "Evil\x1b]0;title\x07\nline2\r::error x::", 32);
    CU_ASSERT_STRING_EQUAL(o, "    Evil\\x1B]0;title\\x07\n    line2\\x0D::error x::\n");
    CU_ASSERT_PTR_NULL(strchr(o, '\x1b'));
    free(o);
    /* UTF-8 passes, C1 controls and invalid bytes do not */
    o = escaped("", "caf\xc3\xa9 \xc2\x9b \xff", 10);
    CU_ASSERT_STRING_EQUAL(o, "caf\xc3\xa9 \\xC2\\x9B \\xFF\n");
    free(o);
    /* NUL and DEL */
    o = escaped("> ", "a\0b\x7f", 4);
    CU_ASSERT_STRING_EQUAL(o, "> a\\x00b\\x7F\n");
    free(o);
}

static void test_env_names(void)
{
    char err[256];
    const char *good[] = {"PATH=/bin", "JOBSCONF_ENDPOINT=http://x", "JOBSCONF_DATA_ENDPOINT=y", "JOBSCONF_MAX_TIME=3",
                          "JOBSCONF_CONFIG=f", NULL};
    CU_ASSERT_EQUAL(jc_config_check_env_names(good, err, sizeof err), 0);
    const char *typo[] = {"JOBSCONF_ENDPIONT=http://x", NULL};
    CU_ASSERT_EQUAL(jc_config_check_env_names(typo, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "JOBSCONF_ENDPIONT"));
    /* flag-only settings are not read from the environment */
    const char *yes[] = {"JOBSCONF_YES=1", NULL};
    CU_ASSERT_EQUAL(jc_config_check_env_names(yes, err, sizeof err), -1);
    const char *lower[] = {"JOBSCONF_endpoint=x", NULL};
    CU_ASSERT_EQUAL(jc_config_check_env_names(lower, err, sizeof err), -1);
    const char *bare[] = {"JOBSCONF_=x", NULL};
    CU_ASSERT_EQUAL(jc_config_check_env_names(bare, err, sizeof err), -1);
}

static void test_check_url(void)
{
    char err[512];
    CU_ASSERT_EQUAL(jc_config_check_url("--endpoint", "http://127.0.0.1:8080", err, sizeof err), 0);
    CU_ASSERT_EQUAL(jc_config_check_url("--endpoint", "https://iot.us-east-1.amazonaws.com/", err, sizeof err), 0);
    CU_ASSERT_EQUAL(jc_config_check_url("--endpoint", "notaurl", err, sizeof err), -1);
    CU_ASSERT_EQUAL(jc_config_check_url("--endpoint", "ftp://x", err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "http or https"));
    CU_ASSERT_EQUAL(jc_config_check_url("--endpoint", "http://x/?a=b", err, sizeof err), -1);
    /* the length limit, both sides */
    char url[JC_MAX_URL + 2];
    memcpy(url, "http://h/", 9);
    memset(url + 9, 'a', sizeof url - 9);
    url[JC_MAX_URL] = '\0';
    CU_ASSERT_EQUAL(jc_config_check_url("--endpoint", url, err, sizeof err), 0);
    url[JC_MAX_URL] = 'a';
    url[JC_MAX_URL + 1] = '\0';
    CU_ASSERT_EQUAL(jc_config_check_url("--endpoint", url, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "more than"));
}

static void test_config_commands(void)
{
    fake_env env = {{"CURL_CA_BUNDLE", NULL}, {"/etc/ca.pem", NULL}};
    char err[256];
    jc_config cfg;
    /* --help anywhere: nothing else checked */
    char *help[] = {"--no-such", "--help"};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_REPORT, 2, help, fake_get, &env, err, sizeof err), 0);
    CU_ASSERT_TRUE(cfg.help);
    jc_config_free(&cfg);
    /* each subcommand takes its own options only */
    char *json[] = {"--json"};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_LIST, 1, json, fake_get, &env, err, sizeof err), 0);
    CU_ASSERT_TRUE(cfg.json);
    jc_config_free(&cfg);
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_RUN, 1, json, fake_get, &env, err, sizeof err), -1);
    jc_config_free(&cfg);
    char *yes[] = {"--yes", "--prefix", "abc", "--endpoint", "http://h"};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_CLEAN, 5, yes, fake_get, &env, err, sizeof err), 0);
    CU_ASSERT_TRUE(cfg.yes);
    CU_ASSERT_STRING_EQUAL(cfg.ca_bundle, "/etc/ca.pem"); /* CURL_CA_BUNDLE */
    jc_config_free(&cfg);
    /* diff takes exactly two positional arguments */
    char *two[] = {"a.json", "b.json"};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_DIFF, 2, two, fake_get, &env, err, sizeof err), 0);
    CU_ASSERT_EQUAL(cfg.args.count, 2);
    jc_config_free(&cfg);
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_DIFF, 1, two, fake_get, &env, err, sizeof err), -1);
    jc_config_free(&cfg);
    /* --transcripts: the three values, nothing else; --max-time > 0 */
    char *tr[] = {"--transcripts", "some"};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_RUN, 2, tr, fake_get, &env, err, sizeof err), -1);
    jc_config_free(&cfg);
    char *tr2[] = {"--transcripts", "none", "--max-time", "0.5"};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_RUN, 4, tr2, fake_get, &env, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(cfg.transcripts, "none");
    CU_ASSERT_EQUAL(cfg.max_time_s, 0.5);
    jc_config_free(&cfg);
    char *mt[] = {"--max-time", "0"};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_RUN, 2, mt, fake_get, &env, err, sizeof err), -1);
    jc_config_free(&cfg);
    /* a bad endpoint URL is a usage error at load */
    char *bad[] = {"--endpoint", "ftp://x"};
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(jc_config_load_cmd(&cfg, JC_CMD_RUN, 2, bad, fake_get, &env, err, sizeof err), -1);
    jc_config_free(&cfg);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CU_TestInfo decoder[] = {
        {"html 500 and generic 5xx", test_html_500},
        {"empty and truncated bodies", test_empty_and_truncated},
        {"wrong JSON types and paths", test_wrong_types},
        {"error code precedence", test_error_code_precedence},
        {"hostile headers, NULs, invalid UTF-8", test_hostile_headers_and_bytes},
        {"10 MB body", test_huge_body},
        {"header lookup", test_header_find},
        CU_TEST_INFO_NULL,
    };
    CU_TestInfo config[] = {
        {"precedence flag > env > file > default", test_config_precedence},
        {"errors name the culprit", test_config_errors},
        {"unknown JOBSCONF_ variables", test_env_names},
        {"endpoint URLs", test_check_url},
        {"one parser for every subcommand", test_config_commands},
        CU_TEST_INFO_NULL,
    };
    CU_TestInfo baseline[] = {{"parse", test_baseline}, CU_TEST_INFO_NULL};
    CU_TestInfo client[] = {
        {"percent-encoding of labels", test_percent_encode},
        {"redaction (pure)", test_redact_pure},
        {"exchange over loopback: signing, redaction, cap", test_client_exchange},
        {"echoed secrets scrubbed", test_scrub_secrets},
        {"server text escaped for a terminal or log", test_print_escaped},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {
        {"decoder", NULL, NULL, NULL, NULL, decoder},
        {"config", NULL, NULL, NULL, NULL, config},
        {"baseline", NULL, NULL, NULL, NULL, baseline},
        {"client", NULL, NULL, NULL, NULL, client},
        CU_SUITE_INFO_NULL,
    };
    int rc = cu_run_suites(suites);
    curl_global_cleanup();
    return rc;
}
