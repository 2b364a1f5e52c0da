/* Hardening of the jobsref server, each behaviour over real loopback
 * connections: SigV4 refusals (--auth sigv4) and the no-authentication
 * fault, the admin token and JSON-only admin routes, HTTP framing
 * (conflicting Content-Length, Host, Transfer-Encoding), the virtual clock's
 * upper bound, and a slowloris attack from one address that must leave a
 * client on another address served. */
#include <CUnit/Basic.h>
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cu_support.h"
#include "jr_server.h"

#define AKID "AKIDHARDENING"
#define SECRET "hardening-secret"
#define TOKEN "hardening-admin-token-42"

static jr_server *g_server; /* auth on, admin, virtual clock */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- curl ----------------------------------------------------------------- */

typedef struct res {
    long status;
    char body[4096];
    size_t len;
    char error_type[128];
    bool ok;
} res;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    res *r = ud;
    size_t k = sz * n;
    size_t room = sizeof r->body - 1 - r->len;
    memcpy(r->body + r->len, p, k < room ? k : room);
    r->len += k < room ? k : room;
    r->body[r->len] = '\0';
    return k;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    res *r = ud;
    size_t k = sz * n;
    if (k > 17 && strncasecmp(p, "x-amzn-ErrorType:", 17) == 0)
        snprintf(r->error_type, sizeof r->error_type, "%.*s", (int)strcspn(p + 18, "\r\n"), p + 18);
    return k;
}

/* One request. sign: "service" to sign with libcurl's SigV4 as user:secret,
 * NULL for none. headers: NULL-terminated extra header lines. */
static void call(uint16_t port, const char *method, const char *target, const char *body, const char *sign,
                 const char *userpwd, const char *const *headers, long timeout_ms, res *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    char url[1024], sigv4[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)port, target);
    struct curl_slist *h = curl_slist_append(NULL, "Expect:");
    for (size_t i = 0; headers && headers[i]; i++) h = curl_slist_append(h, headers[i]);
    if (body) h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    if (sign) {
        snprintf(sigv4, sizeof sigv4, "aws:amz:us-east-1:%s", sign);
        curl_easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4);
        curl_easy_setopt(c, CURLOPT_USERPWD, userpwd ? userpwd : AKID ":" SECRET);
    }
    r->ok = curl_easy_perform(c) == CURLE_OK;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static const char *const ADMIN[] = {JR_ADMIN_TOKEN_HEADER ": " TOKEN, NULL};

static uint16_t ctl(void) { return jr_server_control_port(g_server); }
static uint16_t dat(void) { return jr_server_data_port(g_server); }

static void expect(const res *r, long status, const char *type, const char *what)
{
    if (r->status != status || (type && strcmp(r->error_type, type) != 0))
        fprintf(stderr, "\n  %s: HTTP %ld %s (want %ld %s): %s\n", what, r->status, r->error_type, status,
                type ? type : "", r->body);
    CU_ASSERT_EQUAL(r->status, status);
    if (type) CU_ASSERT_STRING_EQUAL(r->error_type, type);
}

/* ---- raw sockets ------------------------------------------------------------ */

/* A TCP connection to port from the loopback address `from` (127.0.0.x). */
static int connect_from(const char *from, uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET};
    if (from) {
        inet_pton(AF_INET, from, &a.sin_addr);
        if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
            close(fd);
            return -1;
        }
    }
    a.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends raw, reads until the peer closes or timeout_ms passes. Returns the
 * bytes read; *closed tells whether the peer closed. */
static size_t exchange_raw(uint16_t port, const char *raw, char *out, size_t cap, int timeout_ms, bool *closed)
{
    int fd = connect_from(NULL, port);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(send(fd, raw, strlen(raw), MSG_NOSIGNAL), (ssize_t)strlen(raw));
    size_t n = 0;
    *closed = false;
    double end = now_s() + timeout_ms / 1000.0;
    while (n < cap - 1) {
        int left = (int)((end - now_s()) * 1000);
        if (left <= 0) break;
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, left) <= 0) break;
        ssize_t k = recv(fd, out + n, cap - 1 - n, 0);
        if (k <= 0) {
            *closed = true;
            break;
        }
        n += (size_t)k;
    }
    out[n] = '\0';
    close(fd);
    return n;
}

static int count_responses(const char *s)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, "HTTP/1.1 ")) != NULL; p++) n++;
    return n;
}

/* ---- tests -------------------------------------------------------------------- */

static void test_sigv4_refusals(void)
{
    res r;
    call(ctl(), "GET", "/jobs", NULL, NULL, NULL, NULL, 5000, &r);
    expect(&r, 403, "MissingAuthenticationTokenException", "unsigned");
    call(ctl(), "GET", "/jobs?maxResults=1", NULL, "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "signed execute-api");
    call(ctl(), "GET", "/jobs?maxResults=1", NULL, "iot", NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "signed iot");
    call(dat(), "GET", "/things/t0/jobs/%24next", NULL, "iot-jobs-data", NULL, NULL, 5000, &r);
    expect(&r, 404, "ResourceNotFoundException", "signed data plane, encoded label");
    call(dat(), "GET", "/things/t0/jobs", NULL, "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 403, "InvalidSignatureException", "control scope on the data plane");
    call(ctl(), "GET", "/jobs", NULL, "execute-api", AKID ":wrong", NULL, 5000, &r);
    expect(&r, 403, "InvalidSignatureException", "wrong secret");
    call(ctl(), "GET", "/jobs", NULL, "execute-api", "AKIDNOBODY:" SECRET, NULL, 5000, &r);
    expect(&r, 403, "UnrecognizedClientException", "unknown key");
    CU_ASSERT(strstr(r.body, "\"message\"") != NULL);

    /* a refused CreateThing creates nothing */
    call(ctl(), "POST", "/things/refused1", "{}", "execute-api", AKID ":wrong", NULL, 5000, &r);
    expect(&r, 403, "InvalidSignatureException", "CreateThing, wrong secret");
    call(ctl(), "GET", "/things/refused1", NULL, "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 404, "ResourceNotFoundException", "thing of the refused CreateThing");

    /* the no-authentication fault switches the check off, and on again */
    call(ctl(), "PUT", JR_ADMIN_PREFIX "/faults/no-authentication", "{}", NULL, NULL, ADMIN, 5000, &r);
    expect(&r, 200, NULL, "enable no-authentication");
    call(ctl(), "GET", "/jobs", NULL, NULL, NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "unsigned under no-authentication");
    call(ctl(), "DELETE", JR_ADMIN_PREFIX "/faults/no-authentication", "{}", NULL, NULL, ADMIN, 5000, &r);
    expect(&r, 200, NULL, "disable no-authentication");
    call(ctl(), "GET", "/jobs", NULL, NULL, NULL, NULL, 5000, &r);
    expect(&r, 403, "MissingAuthenticationTokenException", "unsigned again");
}

static void test_admin_token(void)
{
    res r;
    call(ctl(), "GET", JR_ADMIN_PREFIX "/info", NULL, NULL, NULL, NULL, 5000, &r);
    expect(&r, 403, "AccessDeniedException", "admin without token");
    const char *wrong[] = {JR_ADMIN_TOKEN_HEADER ": " TOKEN "x", NULL};
    call(dat(), "GET", JR_ADMIN_PREFIX "/info", NULL, NULL, NULL, wrong, 5000, &r);
    expect(&r, 403, "AccessDeniedException", "admin with a wrong token");
    call(dat(), "GET", JR_ADMIN_PREFIX "/info", NULL, NULL, NULL, ADMIN, 5000, &r);
    expect(&r, 200, NULL, "admin with the token");

    /* a browser-style text/plain POST to reset changes nothing */
    call(ctl(), "POST", "/things/kept1", "{}", "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "CreateThing kept1");
    const char *plain[] = {JR_ADMIN_TOKEN_HEADER ": " TOKEN, "Content-Type: text/plain", NULL};
    call(ctl(), "POST", JR_ADMIN_PREFIX "/reset", NULL, NULL, NULL, plain, 5000, &r);
    expect(&r, 415, "UnsupportedMediaTypeException", "text/plain reset");
    call(ctl(), "POST", JR_ADMIN_PREFIX "/reset", NULL, NULL, NULL, ADMIN, 5000, &r);
    expect(&r, 415, "UnsupportedMediaTypeException", "reset without a content type");
    call(ctl(), "GET", "/things/kept1", NULL, "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "thing survives the refused reset");
    call(ctl(), "POST", JR_ADMIN_PREFIX "/reset", "{}", NULL, NULL, ADMIN, 5000, &r);
    expect(&r, 200, NULL, "JSON reset with the token");
    call(ctl(), "GET", "/things/kept1", NULL, "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 404, "ResourceNotFoundException", "thing gone after the reset");
}

static double clock_now(void)
{
    res r;
    call(ctl(), "GET", JR_ADMIN_PREFIX "/clock", NULL, NULL, NULL, ADMIN, 5000, &r);
    cJSON *j = cJSON_Parse(r.body);
    double now = cJSON_GetNumberValue(cJSON_GetObjectItem(j, "nowMs"));
    cJSON_Delete(j);
    return now;
}

static void test_clock_bound(void)
{
    const double max = 253402300799999.0; /* 9999-12-31T23:59:59.999Z */
    res r;
    call(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", "{\"ms\":1e15}", NULL, NULL, ADMIN, 5000, &r);
    expect(&r, 400, "InvalidRequestException", "1e15 ms at once");
    /* 1e14 ms steps (about 3170 years): two fit, then every further one is
       refused and the clock stays where it was (no wrap) */
    int ok = 0;
    for (int i = 0; i < 8; i++) {
        call(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", "{\"ms\":1e14}", NULL, NULL, ADMIN, 5000, &r);
        if (r.status == 200) ok++;
        else expect(&r, 400, "InvalidRequestException", "advance past 9999");
    }
    CU_ASSERT_EQUAL(ok, 2);
    double now = clock_now();
    CU_ASSERT(now > 2e14 && now <= max);
    /* up to the last millisecond exactly, then not one more */
    char body[64];
    snprintf(body, sizeof body, "{\"ms\":%.0f}", max - now);
    call(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", body, NULL, NULL, ADMIN, 5000, &r);
    expect(&r, 200, NULL, "advance to the bound");
    CU_ASSERT_DOUBLE_EQUAL(clock_now(), max, 0.5);
    call(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", "{\"ms\":1}", NULL, NULL, ADMIN, 5000, &r);
    expect(&r, 400, "InvalidRequestException", "one ms past the bound");
    call(ctl(), "POST", JR_ADMIN_PREFIX "/clock/advance", "{\"ms\":0}", NULL, NULL, ADMIN, 5000, &r);
    expect(&r, 200, NULL, "advance 0 at the bound");
    CU_ASSERT_DOUBLE_EQUAL(clock_now(), max, 0.5);
    /* the machine still answers at the bound */
    call(ctl(), "GET", "/jobs?maxResults=1", NULL, "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "ListJobs at the bound");
}

static void test_framing(void)
{
    char buf[8192];
    bool closed;
    /* two Content-Length: 400, closed, the smuggled request never answered */
    exchange_raw(ctl(),
                 "POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 48\r\n\r\nhello"
                 "GET /_jobsref/info HTTP/1.1\r\nHost: x\r\n\r\n",
                 buf, sizeof buf, 3000, &closed);
    CU_ASSERT(strncmp(buf, "HTTP/1.1 400", 12) == 0);
    CU_ASSERT(closed);
    CU_ASSERT_EQUAL(count_responses(buf), 1);
    /* the same value twice is still refused */
    exchange_raw(ctl(), "POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}", buf,
                 sizeof buf, 3000, &closed);
    CU_ASSERT(strncmp(buf, "HTTP/1.1 400", 12) == 0);
    /* Content-Length with Transfer-Encoding */
    exchange_raw(ctl(),
                 "POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                 buf, sizeof buf, 3000, &closed);
    CU_ASSERT(strncmp(buf, "HTTP/1.1 400", 12) == 0);
    CU_ASSERT(closed);
    /* HTTP/1.1 without Host: 400; HTTP/1.0 without Host goes on (to auth) */
    exchange_raw(ctl(), "GET /jobs HTTP/1.1\r\n\r\n", buf, sizeof buf, 3000, &closed);
    CU_ASSERT(strncmp(buf, "HTTP/1.1 400", 12) == 0);
    CU_ASSERT(strstr(buf, "BadRequestException") != NULL);
    exchange_raw(ctl(), "GET /jobs HTTP/1.0\r\n\r\n", buf, sizeof buf, 3000, &closed);
    CU_ASSERT(strstr(buf, " 403 ") != NULL);
    /* Transfer-Encoding other than chunked: 501 at once (well before the
       header deadline or idle timeout) */
    double t0 = now_s();
    exchange_raw(ctl(), "POST /jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n", buf,
                 sizeof buf, 3000, &closed);
    double took = now_s() - t0;
    CU_ASSERT(strncmp(buf, "HTTP/1.1 501", 12) == 0);
    CU_ASSERT(strstr(buf, "NotImplementedException") != NULL);
    CU_ASSERT(closed);
    CU_ASSERT(took < 2.5);
    exchange_raw(ctl(), "POST /jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n", buf, sizeof buf, 3000,
                 &closed);
    CU_ASSERT(strncmp(buf, "HTTP/1.1 501", 12) == 0);
}

/* A separate server with small limits: slowloris from 127.0.0.2 (more
 * connections than the per-client limit, one header byte every 300 ms), a
 * legitimate signed client on 127.0.0.1. */
static void test_slowloris(void)
{
    jr_server_options o;
    jr_server_options_default(&o);
    o.quiet = true;
    o.threads = 2;
    o.header_timeout_s = 2;
    o.max_client_connections = 32;
    o.auth = true;
    o.auth_access_key_id = AKID;
    o.auth_secret = SECRET;
    char err[256];
    jr_server *s = jr_server_start(&o, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    uint16_t port = jr_server_control_port(s);
    enum { N = 100 };
    int fds[N];
    int opened = 0;
    for (int i = 0; i < N; i++) {
        fds[i] = connect_from("127.0.0.2", port);
        if (fds[i] >= 0) {
            opened++;
            send(fds[i], "GET /jobs HTTP/1.1\r\n", 20, MSG_NOSIGNAL);
        }
    }
    CU_ASSERT(opened > 32);
    double worst = 0;
    for (int round = 0; round < 10; round++) { /* 3 s: past the 2 s header deadline */
        for (int i = 0; i < N; i++)
            if (fds[i] >= 0) send(fds[i], "X", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        double t0 = now_s();
        res r;
        call(port, "GET", "/jobs?maxResults=1", NULL, "execute-api", NULL, NULL, 5000, &r);
        double took = now_s() - t0;
        if (took > worst) worst = took;
        CU_ASSERT(r.ok);
        CU_ASSERT_EQUAL(r.status, 200);
        usleep(300 * 1000);
    }
    printf("\n  slowloris: %d connections from 127.0.0.2, worst legitimate request %.1f ms, %lu reaped\n", opened,
           worst * 1000, jr_server_reaped_connections(s));
    /* the deadline shut the slow heads down; past the per-client limit the
       server closed at once */
    int alive = 0;
    for (int i = 0; i < N; i++) {
        if (fds[i] < 0) continue;
        char c;
        struct pollfd p = {fds[i], POLLIN, 0};
        bool eof = poll(&p, 1, 0) > 0 && recv(fds[i], &c, 1, MSG_DONTWAIT) == 0;
        if (!eof) alive++;
        close(fds[i]);
    }
    CU_ASSERT_EQUAL(alive, 0);
    CU_ASSERT(jr_server_reaped_connections(s) >= 1);
    jr_server_stop(s);
}

static void test_thing_group_duplicate(void)
{
    res r;
    const char *a = "{\"thingGroupProperties\":{\"thingGroupDescription\":\"first\",\"attributePayload\":{\"attributes\":{\"k\":\"v\",\"l\":\"w\"}}}}";
    const char *a_reordered = "{\"thingGroupProperties\":{\"attributePayload\":{\"attributes\":{\"l\":\"w\",\"k\":\"v\"}},\"thingGroupDescription\":\"first\"}}";
    const char *b = "{\"thingGroupProperties\":{\"thingGroupDescription\":\"second\"}}";
    call(ctl(), "POST", "/thing-groups/dup-group", a, "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "CreateThingGroup");
    call(ctl(), "POST", "/thing-groups/dup-group", a_reordered, "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "CreateThingGroup again, same properties in another order");
    call(ctl(), "POST", "/thing-groups/dup-group", b, "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 409, "ResourceAlreadyExistsException", "CreateThingGroup again, another description");
    call(ctl(), "POST", "/thing-groups/dup-group", "{}", "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 409, "ResourceAlreadyExistsException", "CreateThingGroup again, no properties");
    call(ctl(), "POST", "/thing-groups/plain-group", "{}", "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "CreateThingGroup without properties");
    call(ctl(), "POST", "/thing-groups/plain-group", "{\"thingGroupProperties\":{}}", "execute-api", NULL, NULL, 5000, &r);
    expect(&r, 200, NULL, "again with empty properties (same as none)");
}

static void test_start_errors(void)
{
    jr_server_options o;
    jr_server_options_default(&o);
    o.quiet = true;
    char err[256];
    o.auth = true; /* no keys */
    CU_ASSERT_PTR_NULL(jr_server_start(&o, err, sizeof err));
    CU_ASSERT(strstr(err, "credentials") != NULL);
    o.auth = false;
    o.admin = true;
    o.admin_token = "short";
    CU_ASSERT_PTR_NULL(jr_server_start(&o, err, sizeof err));
    o.admin_token = "has spaces in it, which are not allowed";
    CU_ASSERT_PTR_NULL(jr_server_start(&o, err, sizeof err));
    o.admin_token = NULL; /* random */
    jr_server *s = jr_server_start(&o, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(strlen(jr_server_admin_token(s)), 32);
    jr_server *s2 = jr_server_start(&o, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s2);
    CU_ASSERT(strcmp(jr_server_admin_token(s), jr_server_admin_token(s2)) != 0);
    jr_server_stop(s);
    jr_server_stop(s2);
}

static int suite_init(void)
{
    jr_server_options o;
    jr_server_options_default(&o);
    o.admin = true;
    o.admin_token = TOKEN;
    o.virtual_clock = true;
    o.quiet = getenv("JR_TEST_VERBOSE") == NULL;
    o.auth = true;
    o.auth_access_key_id = AKID;
    o.auth_secret = SECRET;
    o.threads = 2;
    char err[256];
    g_server = jr_server_start(&o, err, sizeof err);
    if (g_server == NULL) fprintf(stderr, "jr_server_start: %s\n", err);
    return g_server ? 0 : 1;
}

static int suite_clean(void)
{
    jr_server_stop(g_server);
    return 0;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CU_TestInfo tests[] = {
        {"SigV4 refusals and the no-authentication fault", test_sigv4_refusals},
        {"admin token and JSON-only admin routes", test_admin_token},
        {"virtual clock bounded at year 9999", test_clock_bound},
        {"framing: Content-Length, Host, Transfer-Encoding", test_framing},
        {"slowloris from one address, a client on another served", test_slowloris},
        {"CreateThingGroup again with other properties", test_thing_group_duplicate},
        {"start errors and random admin tokens", test_start_errors},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {
        {"hardening", suite_init, suite_clean, NULL, NULL, tests},
        CU_SUITE_INFO_NULL,
    };
    int rc = cu_run_suites(suites);
    curl_global_cleanup();
    return rc;
}
