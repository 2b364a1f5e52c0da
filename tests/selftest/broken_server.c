/* broken_server: a deliberately broken HTTP endpoint for selftest.broken-endpoint.
 *
 * It answers the few requests the runner needs to start a run sanely (the
 * probe and sweep's ListJobs, CreateThing/DeleteThing, the admin routes with
 * a 404) and breaks every other request in one of the ways below, chosen by
 * --mode or, with --mode rotate (the default), by a request counter:
 *
 *   html500      500 with an HTML page
 *   garbage      200 whose body is not JSON
 *   truncated    200 with Content-Length 4096 and 24 bytes of JSON, then close
 *   reset        connection closed without any answer
 *   hang         no answer for --hang-ms (default 4000), then close
 *   huge         200 with a 9 MiB body
 *   wrongtypes   200 {"job":5,"execution":"x",...}: JSON of the wrong types
 *   redirect     302 to another address
 *   empty        200 with an empty body
 *   html400      400 with x-amzn-ErrorType: InvalidRequestException and an HTML body
 *
 * Modes outside the rotation, for the runner's safety tests:
 *
 *   drip         200 whose body comes one byte a second (a server that crawls)
 *   hostile      400 whose x-amzn-ErrorType holds ESC/BEL and whose message
 *                holds a newline, `::error ...::` and terminal escapes
 *   echo         400 whose header and message echo the request's
 *                X-Amz-Security-Token back
 *   bigjson      200 with a valid 8,000,000-byte JSON body (the memory bench)
 *   controlonly  the data listener answers the data-plane probe as the
 *                control plane does (ListJobExecutionsForThing)
 *
 * With --tls-cert FILE --tls-key FILE both listeners speak HTTPS.
 *
 * Both listeners (control and data plane) behave the same. The process bounds
 * its own life: it exits after --lifetime seconds (default 120), and with
 * --die-after N it drops the N-th broken request and exits at once (the
 * endpoint dying in the middle of a run). It prints `control URL` and
 * `data URL` lines like jobsref. Built on libmicrohttpd, one thread per
 * connection so a hanging answer does not block the others.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

typedef enum mode {
    M_HTML500,
    M_GARBAGE,
    M_TRUNCATED,
    M_RESET,
    M_HANG,
    M_HUGE,
    M_WRONGTYPES,
    M_REDIRECT,
    M_EMPTY,
    M_HTML400,
    M_COUNT,
    M_ROTATE = M_COUNT,
    M_DRIP,
    M_HOSTILE,
    M_ECHO,
    M_BIGJSON,
    M_CONTROLONLY,
    M_TOTAL
} mode;

static const char *const MODE_NAMES[M_TOTAL] = {"html500",  "garbage",    "truncated", "reset",   "hang",
                                                "huge",     "wrongtypes", "redirect",  "empty",   "html400",
                                                "rotate",   "drip",       "hostile",   "echo",    "bigjson",
                                                "controlonly"};
#define BIGJSON_SIZE ((uint64_t)8000000)

#define HUGE_SIZE ((uint64_t)9 * 1024 * 1024)
#define TRUNC_DECLARED 4096

static struct {
    mode mode;
    long hang_ms;
    long die_after; /* 0: never */
    long broken;    /* broken requests so far */
    bool dying;
    bool stopping;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} g = {.mode = M_ROTATE, .hang_ms = 4000, .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static bool stopping(void)
{
    pthread_mutex_lock(&g.lock);
    bool s = g.stopping || g.dying;
    pthread_mutex_unlock(&g.lock);
    return s;
}

/* ---- responses ------------------------------------------------------------ */

static enum MHD_Result send_copy(struct MHD_Connection *c, unsigned status, const char *ctype, const char *body,
                                 const char *hname, const char *hvalue)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    if (ctype) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    if (hname) MHD_add_response_header(r, hname, hvalue);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, const char *body)
{
    return send_copy(c, status, "application/json", body, "x-amzn-RequestId", "00000000-0000-4000-8000-000000000000");
}

/* truncated: a little JSON, then an error that makes MHD close the connection
 * with most of the declared Content-Length missing. */
static ssize_t truncated_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    static const char part[] = "{\"job\":{\"jobId\":\"trunc";
    size_t n = sizeof part - 1;
    if (pos >= n) return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t k = n - (size_t)pos < max ? n - (size_t)pos : max;
    memcpy(buf, part + pos, k);
    return (ssize_t)k;
}

/* huge: `{"pad":"xxxx...` for HUGE_SIZE bytes, generated as it is sent. */
static ssize_t huge_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    if (stopping()) return MHD_CONTENT_READER_END_WITH_ERROR;
    if (pos >= HUGE_SIZE) return MHD_CONTENT_READER_END_OF_STREAM;
    size_t k = HUGE_SIZE - pos < max ? (size_t)(HUGE_SIZE - pos) : max;
    memset(buf, 'x', k);
    static const char head[] = "{\"pad\":\"";
    for (size_t i = 0; i < k && pos + i < sizeof head - 1; i++) buf[i] = head[pos + i];
    return (ssize_t)k;
}

/* bigjson: {"pad":"xxx...x"} of BIGJSON_SIZE bytes. */
static ssize_t bigjson_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    if (stopping()) return MHD_CONTENT_READER_END_WITH_ERROR;
    if (pos >= BIGJSON_SIZE) return MHD_CONTENT_READER_END_OF_STREAM;
    size_t k = BIGJSON_SIZE - pos < max ? (size_t)(BIGJSON_SIZE - pos) : max;
    static const char head[] = "{\"pad\":\"";
    memset(buf, 'x', k);
    for (size_t i = 0; i < k && pos + i < sizeof head - 1; i++) buf[i] = head[pos + i];
    for (uint64_t at = BIGJSON_SIZE - 2; at < BIGJSON_SIZE; at++)
        if (at >= pos && at < pos + k) buf[at - pos] = at == BIGJSON_SIZE - 2 ? '"' : '}';
    return (ssize_t)k;
}

/* drip: one byte a second, never ending before the client gives up. */
static ssize_t drip_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    (void)max;
    for (int i = 0; i < 20 && !stopping(); i++) {
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (stopping() || pos > 600) return MHD_CONTENT_READER_END_WITH_ERROR;
    buf[0] = pos == 0 ? '{' : ' ';
    return 1;
}

static enum MHD_Result send_reader(struct MHD_Connection *c, uint64_t size, MHD_ContentReaderCallback cb)
{
    size_t block = cb == bigjson_reader ? 1024 * 1024 : 64 * 1024;
    struct MHD_Response *r = MHD_create_response_from_callback(size, block, cb, NULL, NULL);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result hang(void)
{
    for (long waited = 0; waited < g.hang_ms && !stopping(); waited += 50) {
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return MHD_NO; /* then close without answering */
}

static enum MHD_Result broken_answer(struct MHD_Connection *c, mode m, const char *method)
{
    switch (m) {
    case M_HTML500:
        return send_copy(c, 500, "text/html",
                         "<html><head><title>500 Internal Server Error</title></head>"
                         "<body><h1>Internal Server Error</h1><p>broken_server</p></body></html>",
                         NULL, NULL);
    case M_GARBAGE: return send_copy(c, 200, "application/json", "\x01garbage}{ not json at all", NULL, NULL);
    case M_TRUNCATED: return send_reader(c, TRUNC_DECLARED, truncated_reader);
    case M_RESET: return MHD_NO;
    case M_HANG: return hang();
    case M_HUGE: return send_reader(c, HUGE_SIZE, huge_reader);
    case M_WRONGTYPES:
        return send_json(c, 200,
                         "{\"job\":5,\"execution\":\"x\",\"jobs\":{},\"executionSummaries\":7,\"jobId\":[],"
                         "\"jobArn\":false,\"document\":{},\"executionState\":\"s\",\"nextToken\":3}");
    case M_REDIRECT:
        return send_copy(c, 302, "text/html", "<a href=\"http://127.0.0.1:1/elsewhere\">moved</a>", "Location",
                         "http://127.0.0.1:1/elsewhere");
    case M_EMPTY:
        (void)method;
        return send_copy(c, 200, "application/json", "", NULL, NULL);
    case M_HTML400:
        return send_copy(c, 400, "text/html", "<html><body><h1>Bad Request</h1></body></html>", "x-amzn-ErrorType",
                         "InvalidRequestException:http://internal.amazon.com/coral/com.amazonaws.iot/");
    case M_DRIP: return send_reader(c, MHD_SIZE_UNKNOWN, drip_reader);
    case M_BIGJSON: return send_reader(c, BIGJSON_SIZE, bigjson_reader);
    case M_HOSTILE:
        return send_copy(c, 400, "application/json",
                         "{\"message\":\"bad\\n::error file=x.c::pwned\\u001b]0;pwned\\u0007\\u001b[31mred\"}",
                         "x-amzn-ErrorType", "Evil\x1b]0;title\x07Exception");
    case M_ECHO: {
        const char *tok = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Amz-Security-Token");
        char body[600];
        snprintf(body, sizeof body, "{\"message\":\"your token is %.400s\"}", tok ? tok : "(none)");
        return send_copy(c, 400, "application/json", body, "x-echo-token", tok ? tok : "(none)");
    }
    default: return MHD_NO;
    }
}

/* ---- dispatch ------------------------------------------------------------- */

/* The requests a run needs before and around the scenarios get sane answers. */
static enum MHD_Result sane_answer(struct MHD_Connection *c, const char *method, const char *url, bool *handled)
{
    *handled = true;
    if (strncmp(url, "/_jobsref", 9) == 0)
        return send_json(c, 404, "{\"message\":\"no admin routes here\"}");
    if (strcmp(method, "GET") == 0 && strcmp(url, "/jobs") == 0) return send_json(c, 200, "{\"jobs\":[]}");
    /* the runner's data-plane probe: a thing that does not exist */
    if (strcmp(method, "GET") == 0 && strncmp(url, "/things/", 8) == 0 && strstr(url, "-probe-nothing/jobs")) {
        if (g.mode == M_CONTROLONLY) return send_json(c, 200, "{\"executionSummaries\":[]}");
        return send_copy(c, 404, "application/json", "{\"message\":\"no such thing\"}", "x-amzn-ErrorType",
                         "ResourceNotFoundException");
    }
    if (strncmp(url, "/things/", 8) == 0 && strchr(url + 8, '/') == NULL && url[8] != '\0') {
        const char *name = url + 8;
        char body[1024];
        if (strcmp(method, "POST") == 0) {
            snprintf(body, sizeof body,
                     "{\"thingName\":\"%.200s\",\"thingArn\":\"arn:aws:iot:us-east-1:123456789012:thing/%.200s\","
                     "\"thingId\":\"00000000-0000-4000-8000-000000000001\"}",
                     name, name);
            return send_json(c, 200, body);
        }
        if (strcmp(method, "DELETE") == 0) return send_json(c, 200, "{}");
    }
    *handled = false;
    return MHD_NO;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_size, void **state)
{
    (void)cls;
    (void)version;
    (void)upload_data;
    static int first_call_marker;
    if (*state == NULL) { /* headers only: wait for the body */
        *state = &first_call_marker;
        return MHD_YES;
    }
    if (*upload_size) { /* discard the body */
        *upload_size = 0;
        return MHD_YES;
    }
    bool handled;
    enum MHD_Result r = sane_answer(c, method, url, &handled);
    if (handled) return r;

    pthread_mutex_lock(&g.lock);
    long n = g.broken++;
    bool die = g.die_after > 0 && g.broken >= g.die_after;
    if (die) {
        g.dying = true;
        pthread_cond_signal(&g.cond);
    }
    pthread_mutex_unlock(&g.lock);
    if (die) return MHD_NO;
    mode m = g.mode == M_ROTATE ? (mode)(n % M_COUNT) : g.mode == M_CONTROLONLY ? M_HTML500 : g.mode;
    return broken_answer(c, m, method);
}

/* ---- main ----------------------------------------------------------------- */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: broken_server [--control-port N] [--data-port N] [--mode M] [--hang-ms MS]\n"
            "                     [--die-after N] [--lifetime S] [--tls-cert PEM --tls-key PEM]\n"
            "modes:");
    for (int i = 0; i < M_TOTAL; i++) fprintf(out, " %s", MODE_NAMES[i]);
    fprintf(out, "\n");
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s) return false;
    errno = 0;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

static char *g_cert, *g_key; /* PEM text: HTTPS when set */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = calloc(1, 65536);
    size_t n = buf ? fread(buf, 1, 65535, f) : 0;
    fclose(f);
    if (buf && n == 0) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

static struct MHD_Daemon *start(long port, uint16_t *bound)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
    struct MHD_Daemon *d =
        g_cert ? MHD_start_daemon(flags | MHD_USE_TLS, (uint16_t)port, NULL, NULL, handler, NULL,
                                  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_HTTPS_MEM_CERT, g_cert,
                                  MHD_OPTION_HTTPS_MEM_KEY, g_key, MHD_OPTION_END)
               : MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, handler, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
                                  (unsigned)30, MHD_OPTION_END);
    if (!d) return NULL;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    *bound = info ? info->port : 0;
    return d;
}

int main(int argc, char **argv)
{
    long cport = 0, dport = 0, lifetime = 120;
    static const struct option opts[] = {
        {"control-port", required_argument, NULL, 'c'}, {"data-port", required_argument, NULL, 'd'},
        {"mode", required_argument, NULL, 'm'},         {"hang-ms", required_argument, NULL, 'h'},
        {"die-after", required_argument, NULL, 'x'},    {"lifetime", required_argument, NULL, 'l'},
        {"tls-cert", required_argument, NULL, 'C'},     {"tls-key", required_argument, NULL, 'K'},
        {"help", no_argument, NULL, 'H'},               {NULL, 0, NULL, 0},
    };
    int o;
    opterr = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        bool ok = true;
        switch (o) {
        case 'c': ok = parse_long(optarg, 0, 65535, &cport); break;
        case 'd': ok = parse_long(optarg, 0, 65535, &dport); break;
        case 'h': ok = parse_long(optarg, 0, 600000, &g.hang_ms); break;
        case 'x': ok = parse_long(optarg, 0, 1000000, &g.die_after); break;
        case 'l': ok = parse_long(optarg, 1, 3600, &lifetime); break;
        case 'm': {
            ok = false;
            for (int i = 0; i < M_TOTAL; i++)
                if (strcmp(optarg, MODE_NAMES[i]) == 0) {
                    g.mode = (mode)i;
                    ok = true;
                }
            break;
        }
        case 'C': ok = (g_cert = slurp(optarg)) != NULL; break;
        case 'K': ok = (g_key = slurp(optarg)) != NULL; break;
        case 'H': usage(stdout); return 0;
        default: ok = false; break;
        }
        if (!ok) {
            fprintf(stderr, "broken_server: bad option or value '%s'\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    uint16_t cp = 0, dp = 0;
    struct MHD_Daemon *control = start(cport, &cp);
    struct MHD_Daemon *data = control ? start(dport, &dp) : NULL;
    if (!control || !data || !cp || !dp) {
        fprintf(stderr, "broken_server: could not start the listeners\n");
        if (control) MHD_stop_daemon(control);
        if (data) MHD_stop_daemon(data);
        return 1;
    }
    const char *scheme = g_cert ? "https" : "http";
    printf("control %s://127.0.0.1:%u\ndata %s://127.0.0.1:%u\n", scheme, (unsigned)cp, scheme, (unsigned)dp);
    fflush(stdout);

    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += lifetime;
    pthread_mutex_lock(&g.lock);
    while (!g.dying) {
        if (pthread_cond_timedwait(&g.cond, &g.lock, &until) == ETIMEDOUT) break;
    }
    bool died = g.dying;
    g.stopping = true;
    pthread_mutex_unlock(&g.lock);
    if (died) {
        fprintf(stderr, "broken_server: dying after %ld broken request(s), as asked\n", g.die_after);
        /* Close the listeners first: under a sanitizer that intercepts _exit
           the process may linger, and the endpoint must refuse from now on. */
        const union MHD_DaemonInfo *ci = MHD_get_daemon_info(control, MHD_DAEMON_INFO_LISTEN_FD);
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(data, MHD_DAEMON_INFO_LISTEN_FD);
        if (ci) close(ci->listen_fd);
        if (di) close(di->listen_fd);
        _exit(0); /* abruptly: the kernel closes every socket */
    }
    MHD_stop_daemon(data);
    MHD_stop_daemon(control);
    return 0;
}
