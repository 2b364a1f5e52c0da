/* jobsref's HTTP front: two libmicrohttpd daemons (control plane, data plane)
 * over one jr_machine. MHD's thread pool does the I/O; one mutex serializes
 * every call into the single-threaded machine. */
#include "jr_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/crypto.h>

#include <cjson/cJSON.h>

#include "admin.h"
#include "async_profile.h"
#include "mqtt_front.h"
#include "http_guard.h"
#include "sigv4_verify.h"

#define DEFAULT_MAX_BODY (1024u * 1024u)
#define DEFAULT_THREADS 4u
#define DEFAULT_IDLE_TIMEOUT_S 15u
#define DEFAULT_HEADER_TIMEOUT_S 10u
#define DEFAULT_MAX_CONNECTIONS 4096u      /* per listener */
#define DEFAULT_CLIENT_CONNECTIONS 64u     /* per listener and client address */
#define MAX_SIGNED_HEADERS 128u
#define DISCARD_LIMIT (16u * 1024u * 1024u)
#define CONNECTION_MEMORY_LIMIT (32u * 1024u) /* MHD zeroes this pool per request: keep it small */

struct jr_server {
    jr_server_options opts;
    bool unsupported[JR_OP_COUNT]; /* opts.unsupported, parsed */
    char host[64];
    char region[64];
    char account_id[32];
    jr_machine *machine;
    jr_virtual_clock vclock;
    pthread_mutex_t lock;
    struct MHD_Daemon *daemons[JR_PLANE_COUNT];
    uint16_t ports[JR_PLANE_COUNT];
    struct listener {
        jr_server *server;
        jr_plane plane;
    } listeners[JR_PLANE_COUNT];
    uint64_t request_seq; /* guarded by lock */
    uint64_t id_salt;
    jr_mqtt_front *mqtt; /* NULL without --mqtt */
    jr_sigv4_keys keys;   /* --auth sigv4 */
    char admin_token[65]; /* --admin */
    jr_conn_guard *guard;
    jr_async *async; /* --profile async; NULL otherwise */
};

/* Per-request state, kept in MHD's *req_cls between calls. */
typedef struct request_state {
    char *query; /* raw query string as sent (after '?'), NULL when none */
    char *path;  /* raw path as sent (before '?'), for the SigV4 canonical request */
    char *body;
    size_t len;
    size_t cap;
    bool too_large;
    size_t discarded; /* body bytes dropped after too_large */
    bool answered; /* a response has been queued (413 during upload) */
    bool seen; /* the handler has been called once (headers complete) */
    struct timespec started;
} request_state;

void jr_server_options_default(jr_server_options *o)
{
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    o->region = "us-east-1";
    o->account_id = "123456789012";
    o->deletion_delay_ms = 2000;
    o->max_body = DEFAULT_MAX_BODY;
    o->threads = DEFAULT_THREADS;
    o->async_lag_ms = JR_ASYNC_DEFAULT_LAG_MS;
    o->async_throttle_permille = JR_ASYNC_DEFAULT_THROTTLE_PERMILLE;
}

const char *jr_server_admin_token(const jr_server *s) { return s->opts.admin ? s->admin_token : NULL; }

unsigned long jr_server_reaped_connections(const jr_server *s) { return s->guard ? jr_conn_guard_reaped(s->guard) : 0; }

uint16_t jr_server_control_port(const jr_server *s) { return s->ports[JR_PLANE_CONTROL]; }
uint16_t jr_server_data_port(const jr_server *s) { return s->ports[JR_PLANE_DATA]; }

/* Keeps labels and query values exactly as sent: libjobsref percent-decodes
 * them itself, and must see `%24next` and `%2F` undecoded. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

/* Called by MHD with the request target exactly as sent, before any parsing:
 * the raw query string is kept from here (MHD's own argument parser would
 * turn '+' into ' '). The returned state becomes the request's *req_cls. */
static void *capture_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    request_state *st = calloc(1, sizeof *st);
    if (st == NULL) return NULL;
    clock_gettime(CLOCK_MONOTONIC, &st->started);
    const char *q = uri ? strchr(uri, '?') : NULL;
    if (uri != NULL) {
        size_t n = q ? (size_t)(q - uri) : strcspn(uri, "#");
        st->path = strndup(uri, n);
    }
    if (q != NULL) {
        const char *end = strchr(q + 1, '#');
        size_t n = end ? (size_t)(end - (q + 1)) : strlen(q + 1);
        st->query = malloc(n + 1);
        if (st->query != NULL) {
            memcpy(st->query, q + 1, n);
            st->query[n] = '\0';
        }
    }
    return st;
}

typedef struct query_builder {
    char *buf;
    size_t len;
    size_t cap;
    bool failed;
} query_builder;

static void qb_append(query_builder *q, const char *s, size_t n)
{
    if (q->failed) return;
    if (q->len + n + 1 > q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 128;
        while (cap < q->len + n + 1) cap *= 2;
        char *nb = realloc(q->buf, cap);
        if (!nb) {
            q->failed = true;
            return;
        }
        q->buf = nb;
        q->cap = cap;
    }
    memcpy(q->buf + q->len, s, n);
    q->len += n;
    q->buf[q->len] = '\0';
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    query_builder *q = cls;
    if (q->len > 0) qb_append(q, "&", 1);
    qb_append(q, key, strlen(key));
    if (value != NULL) {
        qb_append(q, "=", 1);
        qb_append(q, value, strlen(value));
    }
    return MHD_YES;
}

static double elapsed_ms(const struct timespec *from)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - from->tv_sec) * 1e3 + (double)(now.tv_nsec - from->tv_nsec) / 1e6;
}

/* A UUID-shaped id, unique per server: a salt from start-up plus a counter. */
static void make_request_id(jr_server *s, uint64_t seq, char out[40])
{
    uint64_t a = s->id_salt ^ (seq * 0x9E3779B97F4A7C15ull);
    snprintf(out, 40, "%08" PRIx32 "-%04" PRIx32 "-4%03" PRIx32 "-a%03" PRIx32 "-%012" PRIx64, (uint32_t)(a >> 32),
             (uint32_t)(a >> 16) & 0xffff, (uint32_t)a & 0xfff, (uint32_t)(seq >> 48) & 0xfff,
             (uint64_t)(seq & 0xffffffffffffull));
}

static enum MHD_Result send_response_close(jr_server *s, jr_plane plane, struct MHD_Connection *conn,
                                           const char *method, const char *url, const request_state *st,
                                           jr_http_response *resp, bool close);

static enum MHD_Result send_response(jr_server *s, jr_plane plane, struct MHD_Connection *conn, const char *method,
                                     const char *url, const request_state *st, jr_http_response *resp)
{
    return send_response_close(s, plane, conn, method, url, st, resp, false);
}

/* With close, the connection is closed after the answer: the rest of the
 * stream is not trusted (framing errors). */
static enum MHD_Result send_response_close(jr_server *s, jr_plane plane, struct MHD_Connection *conn,
                                           const char *method, const char *url, const request_state *st,
                                           jr_http_response *resp, bool close)
{
    /* The body is malloc'd (jr_http_response_free frees it with free()):
     * hand it to MHD instead of copying it. */
    struct MHD_Response *r;
    if (resp->body != NULL) {
        r = MHD_create_response_from_buffer(resp->body_len, resp->body, MHD_RESPMEM_MUST_FREE);
        if (r != NULL) {
            resp->body = NULL;
            resp->body_len = 0;
        }
    } else {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (r == NULL) return MHD_NO;
    pthread_mutex_lock(&s->lock);
    uint64_t seq = ++s->request_seq;
    pthread_mutex_unlock(&s->lock);
    char request_id[40];
    make_request_id(s, seq, request_id);
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "x-amzn-RequestId", request_id);
    if (resp->error_type != NULL) MHD_add_response_header(r, "x-amzn-ErrorType", resp->error_type);
    if (close) MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    if (!s->opts.quiet)
        fprintf(stderr, "jobsref: %s %s %s -> %d (%.1f ms)\n", plane == JR_PLANE_DATA ? "data" : "control", method,
                url, resp->status, st ? elapsed_ms(&st->started) : 0.0);
    return ret;
}

static void render_front_error(jr_server *s, jr_plane plane, jr_error_type type, const char *msg,
                               jr_http_response *out)
{
    jr_error err;
    jr_error_set(&err, type, NULL, "%s", msg);
    memset(out, 0, sizeof *out);
    jr_service_render_error(&err, plane, jr_machine_faults(s->machine), out);
}

/* An error the service model does not list (authentication, framing, admin
 * access): status, x-amzn-ErrorType and {"message": ...}. */
static enum MHD_Result reply_typed(jr_server *s, jr_plane plane, struct MHD_Connection *conn, const char *method,
                                   const char *url, request_state *st, int status, const char *type,
                                   const char *message, bool close)
{
    st->answered = true;
    jr_http_response resp;
    memset(&resp, 0, sizeof resp);
    resp.status = status;
    resp.error_type = type;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "message", message);
    resp.body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    resp.body_len = resp.body ? strlen(resp.body) : 0;
    enum MHD_Result ret = send_response_close(s, plane, conn, method, url, st, &resp, close);
    jr_http_response_free(&resp);
    return ret;
}

typedef struct header_list {
    jr_sigv4_header items[MAX_SIGNED_HEADERS];
    size_t count;
    bool overflow;
} header_list;

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    header_list *h = cls;
    if (h->count == MAX_SIGNED_HEADERS) {
        h->overflow = true;
        return MHD_NO;
    }
    h->items[h->count++] = (jr_sigv4_header){key, value ? value : ""};
    return MHD_YES;
}

/* SigV4 on an API request: NULL when it may go on, else the refusal. */
static bool authenticate(jr_server *s, jr_plane plane, struct MHD_Connection *conn, const char *method,
                         const request_state *st, jr_sigv4_result *res)
{
    static const char *const control_services[] = {"execute-api", "iot", NULL};
    static const char *const data_services[] = {"iot-jobs-data", NULL};
    header_list h = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, &h);
    if (h.overflow) {
        memset(res, 0, sizeof *res);
        res->verdict = JR_SIGV4_INCOMPLETE;
        res->error_type = "IncompleteSignatureException";
        snprintf(res->message, sizeof res->message, "more than %u headers", MAX_SIGNED_HEADERS);
        return false;
    }
    jr_sigv4_request req = {
        .method = method,
        .path = st->path ? st->path : "/",
        .query = st->query ? st->query : "",
        .headers = h.items,
        .header_count = h.count,
        .body = (const uint8_t *)st->body,
        .body_len = st->len,
    };
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now); /* the skew is real time, whatever the service clock */
    jr_sigv4_policy policy = {
        .region = s->region,
        .services = plane == JR_PLANE_DATA ? data_services : control_services,
        .now_s = (int64_t)now.tv_sec,
        .max_skew_s = 300,
    };
    return jr_sigv4_verify(&s->keys, &policy, &req, res) == JR_SIGV4_OK;
}

/* The admin routes need the token and, for anything but GET, a JSON body
 * type: a browser cannot send either cross-origin without a preflight. */
static bool admin_allowed(jr_server *s, struct MHD_Connection *conn, const char *method, int *status,
                          const char **type, const char **message)
{
    const char *token = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, JR_ADMIN_TOKEN_HEADER);
    size_t want = strlen(s->admin_token);
    if (token == NULL || strlen(token) != want || CRYPTO_memcmp(token, s->admin_token, want) != 0) {
        *status = 403;
        *type = "AccessDeniedException";
        *message = token ? "wrong " JR_ADMIN_TOKEN_HEADER " header"
                         : "admin routes need the " JR_ADMIN_TOKEN_HEADER " header (the token jobsref printed at start)";
        return false;
    }
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    bool json = ct != NULL && strncasecmp(ct, "application/json", 16) == 0 && (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
    if ((ct != NULL || strcmp(method, "GET") != 0) && !json) {
        *status = 415;
        *type = "UnsupportedMediaTypeException";
        *message = "admin routes accept only Content-Type: application/json";
        return false;
    }
    return true;
}

static enum MHD_Result reply_too_large(jr_server *s, jr_plane plane, struct MHD_Connection *conn,
                                       const char *method, const char *url, request_state *st)
{
    if (st->answered) return MHD_YES;
    st->answered = true;
    jr_http_response resp;
    char msg[96];
    snprintf(msg, sizeof msg, "request body exceeds the limit of %zu bytes", s->opts.max_body);
    render_front_error(s, plane, JR_ERR_PAYLOAD_TOO_LARGE, msg, &resp);
    enum MHD_Result ret = send_response(s, plane, conn, method, url, st, &resp);
    jr_http_response_free(&resp);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **req_cls)
{
    struct listener *l = cls;
    jr_server *s = l->server;
    request_state *st = *req_cls;

    if (st == NULL) return MHD_NO; /* capture_uri could not allocate */
    if (!st->seen) {
        st->seen = true;
        jr_conn_guard_head_done(s->guard, conn);
        /* Framing the server cannot trust: answer at once and close, so no
           byte after this head is read as another request. */
        jr_framing fr;
        jr_framing_check(conn, version, &fr);
        if (fr.status != 0)
            return reply_typed(s, l->plane, conn, method, url, st, fr.status, fr.error_type, fr.message, true);
        /* Refuse an announced oversized body before reading any of it. */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl != NULL) {
            errno = 0;
            char *end = NULL;
            unsigned long long n = strtoull(cl, &end, 10);
            if (errno == 0 && end != cl && n > s->opts.max_body) st->too_large = true;
        }
        if (!st->too_large) return MHD_YES;
    }

    if (*upload_size > 0) {
        if (st->answered) {
            *upload_size = 0;
            return MHD_YES;
        }
        if (st->too_large) {
            st->discarded += *upload_size;
            *upload_size = 0;
            if (st->discarded > DISCARD_LIMIT) return reply_too_large(s, l->plane, conn, method, url, st);
            return MHD_YES;
        }
        if (!st->too_large) {
            if (st->len + *upload_size > s->opts.max_body) {
                /* A body without Content-Length (chunked) that grows past
                 * the limit: drop what was kept and discard the rest, so
                 * the client is still reading when the 413 arrives (closing
                 * with unread data would reset the connection and lose the
                 * answer). A sender that goes on past DISCARD_LIMIT gets the
                 * 413 at once and the connection is closed. */
                st->too_large = true;
                st->discarded = st->len;
                free(st->body);
                st->body = NULL;
                st->len = st->cap = 0;
            } else {
                if (st->len + *upload_size > st->cap) {
                    size_t cap = st->cap ? st->cap : 1024;
                    while (cap < st->len + *upload_size) cap *= 2;
                    char *nb = realloc(st->body, cap);
                    if (nb == NULL) return MHD_NO;
                    st->body = nb;
                    st->cap = cap;
                }
                memcpy(st->body + st->len, upload_data, *upload_size);
                st->len += *upload_size;
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }

    jr_http_response resp;
    if (st->too_large) return reply_too_large(s, l->plane, conn, method, url, st);

    /* The raw query from capture_uri; rebuilt from MHD's arguments (in
     * order, keys without value kept bare) only if that was not kept. */
    query_builder q = {0};
    if (st->query == NULL) {
        MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, &q);
        if (q.failed) {
            free(q.buf);
            return MHD_NO;
        }
    }

    bool handled = false;
    if (s->opts.admin && jr_admin_matches(url)) {
        int status;
        const char *type, *message;
        if (!admin_allowed(s, conn, method, &status, &type, &message)) {
            free(q.buf);
            return reply_typed(s, l->plane, conn, method, url, st, status, type, message, false);
        }
        pthread_mutex_lock(&s->lock);
        jr_admin_handle(s->machine, s->opts.virtual_clock ? &s->vclock : NULL, l->plane, &s->opts, method, url,
                        (const uint8_t *)st->body, st->len, &resp);
        pthread_mutex_unlock(&s->lock);
        handled = true;
    }
    if (!handled && s->opts.auth) {
        pthread_mutex_lock(&s->lock);
        bool off = jr_fault_on(jr_machine_faults(s->machine), JR_FAULT_NO_AUTHENTICATION);
        pthread_mutex_unlock(&s->lock);
        jr_sigv4_result res;
        if (!off && !authenticate(s, l->plane, conn, method, st, &res)) {
            free(q.buf);
            return reply_typed(s, l->plane, conn, method, url, st, 403, res.error_type, res.message, false);
        }
    }
    if (!handled) {
        bool method_known;
        jr_op op = jr_route_match(l->plane, method, url, &method_known);
        if (op > JR_OP_NONE && op < JR_OP_COUNT && s->unsupported[op]) {
            free(q.buf);
            return reply_typed(s, l->plane, conn, method, url, st, 400, "InvalidRequestException", "Unsupported path",
                               false);
        }
    }
    if (!handled) {
        jr_http_input in = {
            .plane = l->plane,
            .method = method,
            .path = url,
            .query = st->query ? st->query : (q.buf ? q.buf : ""),
            .body = (const uint8_t *)st->body,
            .body_len = st->len,
        };
        if (jr_async_throttle(s->async, l->plane, method, url, in.query, in.body, in.body_len)) {
            render_front_error(s, l->plane, JR_ERR_THROTTLING, "Rate exceeded (jobsref --profile async)", &resp);
        } else {
            pthread_mutex_lock(&s->lock);
            jr_service_handle(s->machine, &in, &resp);
            pthread_mutex_unlock(&s->lock);
            jr_async_view(s->async, l->plane, method, url, in.query, &resp);
        }
    }
    /* A request that may have changed what devices are told wakes the MQTT
       front's scanner. Reads (GET, HEAD) and refusals (4xx) change nothing
       but real-clock timers due by then: a scan after each of them was 40 %
       of the embedded suite's scans, for nothing. What a timer changes is
       published by the scanner's 200 ms tick, or before the reply of the
       next device request (the ordering guarantee of mqtt_front.h). */
    bool read = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool refused = resp.status >= 400 && resp.status < 500;
    if (s->mqtt && !read && !refused) jr_mqtt_front_poke(s->mqtt);
    free(q.buf);
    enum MHD_Result ret = send_response(s, l->plane, conn, method, url, st, &resp);
    jr_http_response_free(&resp);
    return ret;
}

static void request_done(void *cls, struct MHD_Connection *conn, void **req_cls, enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    jr_server *s = cls;
    jr_conn_guard_request_done(s->guard, conn);
    request_state *st = *req_cls;
    if (st != NULL) {
        free(st->query);
        free(st->path);
        free(st->body);
        free(st);
        *req_cls = NULL;
    }
}

static bool start_daemon(jr_server *s, jr_plane plane, uint16_t port, char *err, size_t err_len)
{
    struct sockaddr_storage addr;
    memset(&addr, 0, sizeof addr);
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
    if (inet_pton(AF_INET, s->host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
    } else if (inet_pton(AF_INET6, s->host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(err, err_len, "host '%s' is not an IPv4 or IPv6 address", s->host);
        return false;
    }
    s->listeners[plane] = (struct listener){.server = s, .plane = plane};
    unsigned threads = s->opts.threads ? s->opts.threads : DEFAULT_THREADS;
    unsigned idle = s->opts.idle_timeout_s ? s->opts.idle_timeout_s : DEFAULT_IDLE_TIMEOUT_S;
    unsigned total = s->opts.max_connections ? s->opts.max_connections : DEFAULT_MAX_CONNECTIONS;
    unsigned per_client = s->opts.max_client_connections ? s->opts.max_client_connections : DEFAULT_CLIENT_CONNECTIONS;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, port, NULL, NULL, handle, &s->listeners[plane], MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT, idle,
        MHD_OPTION_CONNECTION_LIMIT, total, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_client,
        MHD_OPTION_NOTIFY_CONNECTION, jr_conn_guard_notify, s->guard, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONNECTION_MEMORY_LIMIT, MHD_OPTION_URI_LOG_CALLBACK, capture_uri, NULL, MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, request_done, s, MHD_OPTION_END);
    if (d == NULL) {
        snprintf(err, err_len, "cannot listen on %s port %u (%s plane)", s->host, (unsigned)port,
                 plane == JR_PLANE_CONTROL ? "control" : "data");
        return false;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    s->ports[plane] = info ? info->port : port;
    s->daemons[plane] = d;
    return true;
}

/* Keys for --auth, the admin token, the connection guard. */
static bool start_security(jr_server *s, const jr_server_options *o, char *err, size_t err_len)
{
    if (o->auth) {
        if (o->credentials_file && jr_sigv4_keys_load(&s->keys, o->credentials_file, err, err_len) != 0) return false;
        if (o->auth_access_key_id && o->auth_secret &&
            jr_sigv4_keys_add(&s->keys, o->auth_access_key_id, o->auth_secret, NULL) != 0) {
            snprintf(err, err_len, "out of memory");
            return false;
        }
        if (s->keys.count == 0) {
            snprintf(err, err_len, "--auth sigv4 needs credentials (--credentials FILE)");
            return false;
        }
    }
    if (o->admin) {
        if (o->admin_token) {
            if (strlen(o->admin_token) < 16 || strlen(o->admin_token) >= sizeof s->admin_token ||
                strspn(o->admin_token, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") !=
                    strlen(o->admin_token)) {
                snprintf(err, err_len, "the admin token must be 16 to 64 characters of [A-Za-z0-9_-]");
                return false;
            }
            snprintf(s->admin_token, sizeof s->admin_token, "%s", o->admin_token);
        } else {
            unsigned char rnd[16];
            if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
                snprintf(err, err_len, "no randomness for the admin token: %s", strerror(errno));
                return false;
            }
            for (size_t i = 0; i < sizeof rnd; i++) snprintf(s->admin_token + 2 * i, 3, "%02x", rnd[i]);
        }
    }
    s->opts.admin_token = s->admin_token;
    s->guard = jr_conn_guard_new(o->header_timeout_s ? o->header_timeout_s : DEFAULT_HEADER_TIMEOUT_S);
    if (s->guard == NULL) {
        snprintf(err, err_len, "cannot start the connection guard");
        return false;
    }
    return true;
}

/* Parses opts->unsupported into s->unsupported; false with a message on an
   unknown name. */
static bool parse_unsupported(jr_server *s, const char *list, char *err, size_t err_len)
{
    for (const char *p = list ? list : ""; *p;) {
        p += strspn(p, ", ");
        size_t n = strcspn(p, ",");
        while (n && p[n - 1] == ' ') n--;
        if (!n) break;
        char name[96];
        snprintf(name, sizeof name, "%.*s", (int)(n < 95 ? n : 95), p);
        bool data_only = strncmp(name, "iot-jobs-data ", 14) == 0;
        const char *bare = data_only ? name + 14 : name;
        bool found = false;
        for (int o = JR_OP_NONE + 1; o < JR_OP_COUNT; o++) {
            const jr_op_info *info = jr_op_info_get((jr_op)o);
            if (info && strcmp(info->name, bare) == 0 && (!data_only || info->plane == JR_PLANE_DATA)) {
                s->unsupported[o] = true;
                found = true;
            }
        }
        if (!found) {
            snprintf(err, err_len, "--unsupported: no operation named '%s'", name);
            return false;
        }
        p += strcspn(p, ",");
    }
    return true;
}

jr_server *jr_server_start(const jr_server_options *opts, char *err, size_t err_len)
{
    jr_server_options defaults;
    jr_server_options_default(&defaults);
    jr_server *s = calloc(1, sizeof *s);
    if (s == NULL) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    s->opts = opts ? *opts : defaults;
    if (!parse_unsupported(s, s->opts.unsupported, err, err_len)) {
        free(s);
        return NULL;
    }
    s->opts.unsupported = NULL; /* parsed: not kept */
    snprintf(s->host, sizeof s->host, "%s", s->opts.host ? s->opts.host : defaults.host);
    snprintf(s->region, sizeof s->region, "%s", s->opts.region ? s->opts.region : defaults.region);
    snprintf(s->account_id, sizeof s->account_id, "%s", s->opts.account_id ? s->opts.account_id : defaults.account_id);
    s->opts.host = s->host;
    s->opts.region = s->region;
    s->opts.account_id = s->account_id;
    if (s->opts.max_body == 0) s->opts.max_body = DEFAULT_MAX_BODY;
    s->opts.credentials_file = NULL; /* read below; not kept */
    s->opts.auth_access_key_id = s->opts.auth_secret = NULL;
    pthread_mutex_init(&s->lock, NULL);
    if (!start_security(s, opts ? opts : &defaults, err, err_len)) {
        jr_sigv4_keys_free(&s->keys);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }

    jr_clock clock = jr_clock_real();
    if (s->opts.virtual_clock) {
        jr_clock real = jr_clock_real();
        jr_virtual_clock_init(&s->vclock, s->opts.virtual_clock_start_ms ? s->opts.virtual_clock_start_ms
                                                                         : jr_clock_now(&real));
        clock = jr_clock_virtual(&s->vclock);
    }
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    cfg.region = s->region;
    cfg.account_id = s->account_id;
    cfg.deletion_delay_ms = s->opts.deletion_delay_ms;
    cfg.faults = s->opts.faults;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    s->id_salt = ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)ts.tv_nsec ^ (uint64_t)(uintptr_t)s;
    cfg.token_key = s->id_salt * 0xD6E8FEB86659FD93ull;
    s->machine = jr_machine_new(&cfg, clock);
    if (s->machine == NULL) {
        snprintf(err, err_len, "out of memory");
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    if (s->opts.async_profile) {
        jr_async_options ao = {.lag_ms = s->opts.async_lag_ms, .throttle_permille = s->opts.async_throttle_permille,
                               .seed = s->opts.async_seed};
        if (!(s->async = jr_async_new(&ao))) {
            snprintf(err, err_len, "out of memory");
            jr_server_stop(s);
            return NULL;
        }
    }
    /* before the listeners: their threads read s->mqtt */
    if (s->opts.mqtt_url) {
        s->mqtt = jr_mqtt_front_start(s->opts.mqtt_url, s->machine, &s->lock, s->opts.virtual_clock ? &s->vclock : NULL,
                                      s->id_salt * 0x9E3779B97F4A7C15ull, err, err_len);
        if (!s->mqtt) {
            jr_server_stop(s);
            return NULL;
        }
    }
    if (!start_daemon(s, JR_PLANE_CONTROL, s->opts.control_port, err, err_len) ||
        !start_daemon(s, JR_PLANE_DATA, s->opts.data_port, err, err_len)) {
        jr_server_stop(s);
        return NULL;
    }
    return s;
}

void jr_server_async_counts(const jr_server *s, unsigned long *stale_reads, unsigned long *throttled)
{
    *stale_reads = *throttled = 0;
    if (s->async) jr_async_counts(s->async, stale_reads, throttled);
}

void jr_server_stop(jr_server *s)
{
    if (s == NULL) return;
    for (int p = 0; p < JR_PLANE_COUNT; p++)
        if (s->daemons[p]) MHD_stop_daemon(s->daemons[p]);
    jr_mqtt_front_stop(s->mqtt);
    jr_conn_guard_free(s->guard);
    jr_machine_free(s->machine);
    jr_async_free(s->async);
    jr_sigv4_keys_free(&s->keys);
    OPENSSL_cleanse(s->admin_token, sizeof s->admin_token);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
