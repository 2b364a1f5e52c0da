/* The suite's MQTT device client and the embedded run's broker (see
 * jc_mqtt.h). libmosquitto's network thread appends every message to the
 * connection's log under a mutex; waits are condition-variable waits with a
 * deadline, never sleeps. */
#include "jc_mqtt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "jc_internal.h"

#define MAX_MESSAGES 512
#define MAX_PAYLOAD (256u * 1024u)
#define QOS 1

extern char **environ;

typedef struct message {
    char *topic;
    jc_response *resp;
} message;

struct jc_mqtt {
    jc_ctx *ctx;
    struct mosquitto *mosq;
    char prefix[200]; /* "$aws/things/{thing}/jobs/" */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int connack;   /* -1 until the CONNACK */
    bool subacked;
    bool lost;     /* the broker closed the connection */
    message *msgs;
    size_t count;
    size_t dropped; /* over MAX_MESSAGES or MAX_PAYLOAD */
};

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;
static void lib_init(void) { mosquitto_lib_init(); }

bool jc_mqtt_available(const jc_ctx *ctx)
{
    const char *u = jc_cfg(ctx)->mqtt_endpoint;
    return u && *u;
}

/* Printable, bounded copy of untrusted text for a message. */
static const char *safe(jc_ctx *ctx, const char *s, size_t n)
{
    size_t k = n > 300 ? 300 : n;
    char *out = malloc(k + 4);
    if (!out) return "";
    for (size_t i = 0; i < k; i++) out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    strcpy(out + k, n > k ? "..." : "");
    return jc_own(ctx, out);
}

const char *jc_mqtt_text(jc_ctx *ctx, const jc_response *r)
{
    if (!r || !r->body) return "";
    return safe(ctx, r->body, r->body_len);
}

static void on_connect(struct mosquitto *mosq, void *arg, int rc)
{
    (void)mosq;
    jc_mqtt *m = arg;
    pthread_mutex_lock(&m->lock);
    m->connack = rc;
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->lock);
}

static void on_disconnect(struct mosquitto *mosq, void *arg, int rc)
{
    (void)mosq;
    jc_mqtt *m = arg;
    pthread_mutex_lock(&m->lock);
    if (rc != 0) m->lost = true;
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->lock);
}

static void on_subscribe(struct mosquitto *mosq, void *arg, int mid, int count, const int *granted)
{
    (void)mosq;
    (void)mid;
    jc_mqtt *m = arg;
    pthread_mutex_lock(&m->lock);
    m->subacked = count >= 1 && granted[0] >= 0 && granted[0] <= 2;
    if (!m->subacked) m->lost = true; /* refused (0x80): nothing will come */
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->lock);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void on_message(struct mosquitto *mosq, void *arg, const struct mosquitto_message *msg)
{
    (void)mosq;
    jc_mqtt *m = arg;
    pthread_mutex_lock(&m->lock);
    if (m->count >= MAX_MESSAGES || msg->payloadlen < 0 || (size_t)msg->payloadlen > MAX_PAYLOAD || !msg->topic) {
        m->dropped++;
        pthread_mutex_unlock(&m->lock);
        return;
    }
    message *nm = realloc(m->msgs, (m->count + 1) * sizeof *nm);
    if (nm) {
        m->msgs = nm;
        int status = ends_with(msg->topic, "/rejected") ? 400 : 200;
        jc_response *r = NULL;
        char *topic = strdup(msg->topic);
        if (topic && jc_response_decode(status, NULL, 0, msg->payload, (size_t)msg->payloadlen, &r) == 0) {
            m->msgs[m->count].topic = topic;
            m->msgs[m->count].resp = r;
            m->count++;
        } else {
            free(topic);
            m->dropped++;
        }
    }
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->lock);
}

static void close_conn(void *arg)
{
    jc_mqtt *m = arg;
    if (m->mosq) {
        mosquitto_disconnect(m->mosq);
        mosquitto_loop_stop(m->mosq, false); /* after disconnect: the thread ends by itself (force=true cancels it holding a lock) */
        mosquitto_destroy(m->mosq);
    }
    for (size_t i = 0; i < m->count; i++) {
        free(m->msgs[i].topic);
        jc_response_free(m->msgs[i].resp);
    }
    free(m->msgs);
    pthread_cond_destroy(&m->cond);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

static void deadline_in(struct timespec *ts, double seconds)
{
    clock_gettime(CLOCK_REALTIME, ts);
    long ns = (long)((seconds - (double)(long)seconds) * 1e9);
    ts->tv_sec += (time_t)seconds;
    ts->tv_nsec += ns;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* mqtt[s]://host[:port] */
static bool parse_endpoint(const char *url, bool *tls, char *host, size_t host_len, int *port)
{
    const char *h;
    if (strncmp(url, "mqtt://", 7) == 0) {
        *tls = false;
        h = url + 7;
        *port = 1883;
    } else if (strncmp(url, "mqtts://", 8) == 0) {
        *tls = true;
        h = url + 8;
        *port = 8883;
    } else {
        return false;
    }
    size_t n = strcspn(h, ":/");
    if (n == 0 || n >= host_len) return false;
    memcpy(host, h, n);
    host[n] = '\0';
    if (h[n] == ':') {
        char *end = NULL;
        long v = strtol(h + n + 1, &end, 10);
        if (v < 1 || v > 65535 || (*end && strcmp(end, "/") != 0)) return false;
        *port = (int)v;
    } else if (h[n] && strcmp(h + n, "/") != 0) {
        return false;
    }
    return true;
}

jc_mqtt *jc_mqtt_device(jc_ctx *ctx, const char *thing)
{
    const jc_config *cfg = jc_cfg(ctx);
    if (!jc_mqtt_available(ctx))
        jc_skip(ctx, "no MQTT endpoint: give --mqtt-endpoint mqtt://HOST:PORT or mqtts://HOST:8883 "
                     "(the bundled run starts mosquitto when it is installed)");
    bool tls;
    char host[256];
    int port;
    if (!parse_endpoint(cfg->mqtt_endpoint, &tls, host, sizeof host, &port))
        jc_error(ctx, "--mqtt-endpoint '%s' is not mqtt://HOST[:PORT] or mqtts://HOST[:PORT]",
                 safe(ctx, cfg->mqtt_endpoint, strlen(cfg->mqtt_endpoint)));
    pthread_once(&lib_once, lib_init);
    jc_mqtt *m = calloc(1, sizeof *m);
    if (!m) jc_error(ctx, "out of memory");
    m->ctx = ctx;
    m->connack = -1;
    pthread_mutex_init(&m->lock, NULL);
    pthread_cond_init(&m->cond, NULL);
    snprintf(m->prefix, sizeof m->prefix, "$aws/things/%s/jobs/", thing);
    jc_defer(ctx, close_conn, m);
    m->mosq = mosquitto_new(thing, true, m);
    if (!m->mosq) jc_error(ctx, "mosquitto_new failed");
    mosquitto_connect_callback_set(m->mosq, on_connect);
    mosquitto_disconnect_callback_set(m->mosq, on_disconnect);
    mosquitto_subscribe_callback_set(m->mosq, on_subscribe);
    mosquitto_message_callback_set(m->mosq, on_message);
    mosquitto_int_option(m->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_int_option(m->mosq, MOSQ_OPT_TCP_NODELAY, 1); /* no Nagle delay on small packets */
    if (tls) {
        int rc = mosquitto_tls_set(m->mosq, cfg->mqtt_ca, cfg->mqtt_ca ? NULL : "/etc/ssl/certs", cfg->mqtt_cert,
                                   cfg->mqtt_key, NULL);
        if (rc != MOSQ_ERR_SUCCESS) jc_error(ctx, "MQTT TLS set-up: %s", mosquitto_strerror(rc));
    }
    int rc = mosquitto_connect(m->mosq, host, port, 30);
    if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_start(m->mosq);
    if (rc != MOSQ_ERR_SUCCESS)
        jc_error(ctx, "MQTT connect to %s:%d: %s", safe(ctx, host, strlen(host)), port,
                 rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
    struct timespec until;
    deadline_in(&until, cfg->timeout_s);
    pthread_mutex_lock(&m->lock);
    while (m->connack < 0 && !m->lost && pthread_cond_timedwait(&m->cond, &m->lock, &until) != ETIMEDOUT) {
    }
    int connack = m->connack;
    pthread_mutex_unlock(&m->lock);
    if (connack != 0)
        jc_error(ctx, "MQTT connect to %s:%d: %s", safe(ctx, host, strlen(host)), port,
                 connack < 0 ? "no CONNACK in time" : mosquitto_connack_string(connack));
    char filter[256];
    snprintf(filter, sizeof filter, "%s#", m->prefix);
    rc = mosquitto_subscribe(m->mosq, NULL, filter, QOS);
    if (rc != MOSQ_ERR_SUCCESS) jc_error(ctx, "MQTT subscribe: %s", mosquitto_strerror(rc));
    deadline_in(&until, cfg->timeout_s);
    pthread_mutex_lock(&m->lock);
    while (!m->subacked && !m->lost && pthread_cond_timedwait(&m->cond, &m->lock, &until) != ETIMEDOUT) {
    }
    bool ok = m->subacked;
    pthread_mutex_unlock(&m->lock);
    if (!ok) jc_error(ctx, "MQTT subscribe to %s: refused or no SUBACK in time", safe(ctx, filter, strlen(filter)));
    return m;
}

size_t jc_mqtt_cursor(jc_mqtt *m)
{
    pthread_mutex_lock(&m->lock);
    size_t c = m->count;
    pthread_mutex_unlock(&m->lock);
    return c;
}

/* With m->lock held: the index of the first message after *from matching. */
typedef bool (*msg_pred)(const message *msg, void *arg);

static long find_locked(jc_mqtt *m, size_t from, msg_pred pred, void *arg)
{
    for (size_t i = from; i < m->count; i++)
        if (pred(&m->msgs[i], arg)) return (long)i;
    return -1;
}

static long wait_for(jc_mqtt *m, size_t from, double seconds, msg_pred pred, void *arg)
{
    struct timespec until;
    deadline_in(&until, seconds);
    pthread_mutex_lock(&m->lock);
    long at;
    while ((at = find_locked(m, from, pred, arg)) < 0 && !m->lost) {
        if (pthread_cond_timedwait(&m->cond, &m->lock, &until) == ETIMEDOUT) {
            at = find_locked(m, from, pred, arg);
            break;
        }
    }
    pthread_mutex_unlock(&m->lock);
    return at;
}

typedef struct reply_match {
    char accepted[320];
    char rejected[320];
    const char *token;
} reply_match;

static bool is_reply(const message *msg, void *arg)
{
    const reply_match *rm = arg;
    if (strcmp(msg->topic, rm->accepted) != 0 && strcmp(msg->topic, rm->rejected) != 0) return false;
    if (!rm->token) return true;
    const char *t = jc_json_string(msg->resp, "clientToken");
    return t && strcmp(t, rm->token) == 0;
}

jc_response *jc_mqtt_request(jc_mqtt *m, const char *op, const char *payload)
{
    jc_ctx *ctx = m->ctx;
    char topic[300];
    snprintf(topic, sizeof topic, "%s%s", m->prefix, op);
    reply_match rm;
    snprintf(rm.accepted, sizeof rm.accepted, "%s/accepted", topic);
    snprintf(rm.rejected, sizeof rm.rejected, "%s/rejected", topic);
    rm.token = NULL;
    cJSON *pj = payload ? cJSON_Parse(payload) : NULL;
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(pj, "clientToken");
    if (cJSON_IsString(tok)) rm.token = jc_str(ctx, "%s", tok->valuestring);
    cJSON_Delete(pj);
    size_t from = jc_mqtt_cursor(m);
    size_t len = payload ? strlen(payload) : 0;
    int rc = mosquitto_publish(m->mosq, NULL, topic, (int)len, payload, QOS, false);
    if (rc != MOSQ_ERR_SUCCESS) jc_error(ctx, "MQTT publish to %s: %s", topic, mosquitto_strerror(rc));
    long at = wait_for(m, from, jc_cfg(ctx)->poll_deadline_s, is_reply, &rm);
    if (at < 0) {
        JC_CHECK(ctx, false, "no reply on %s/accepted|rejected%s%s%s within %.0f s (request %s)", topic,
                 rm.token ? " echoing clientToken '" : "", rm.token ? rm.token : "", rm.token ? "'" : "",
                 jc_cfg(ctx)->poll_deadline_s, payload ? safe(ctx, payload, len) : "(empty)");
        jc_end(ctx);
    }
    pthread_mutex_lock(&m->lock);
    jc_response *r = m->msgs[at].resp;
    pthread_mutex_unlock(&m->lock);
    return r;
}

void jc_mqtt_publish(jc_mqtt *m, const char *op, const char *payload)
{
    char topic[300];
    snprintf(topic, sizeof topic, "%s%s", m->prefix, op);
    size_t len = payload ? strlen(payload) : 0;
    int rc = mosquitto_publish(m->mosq, NULL, topic, (int)len, payload, QOS, false);
    if (rc != MOSQ_ERR_SUCCESS) jc_error(m->ctx, "MQTT publish to %s: %s", topic, mosquitto_strerror(rc));
}

jc_response *jc_mqtt_accepted(jc_mqtt *m, const char *op, const char *payload)
{
    jc_response *r = jc_mqtt_request(m, op, payload);
    if (r->status != 200) {
        JC_CHECK(m->ctx, false, "%s: expected /accepted, got /rejected %s (request %s)", op,
                 safe(m->ctx, r->body ? r->body : "", r->body_len), payload ? safe(m->ctx, payload, strlen(payload)) : "(empty)");
        jc_end(m->ctx);
    }
    if (!r->json) {
        JC_CHECK(m->ctx, false, "%s/accepted: payload is not a JSON object: %s", op,
                 safe(m->ctx, r->body ? r->body : "", r->body_len));
        jc_end(m->ctx);
    }
    return r;
}

jc_response *jc_mqtt_rejected(jc_mqtt *m, const char *op, const char *payload, const char *const *codes)
{
    jc_response *r = jc_mqtt_request(m, op, payload);
    const char *code = r->status == 400 ? jc_json_string(r, "code") : NULL;
    bool ok = false;
    char want[256] = "";
    for (size_t i = 0; codes && codes[i]; i++) {
        if (code && strcmp(code, codes[i]) == 0) ok = true;
        size_t w = strlen(want);
        snprintf(want + w, sizeof want - w, "%s%s", i ? " or " : "", codes[i]);
    }
    JC_CHECK(m->ctx, ok, "%s: expected /rejected with %s, got %s %s (request %s)", op, want,
             r->status == 200 ? "/accepted" : "/rejected", safe(m->ctx, r->body ? r->body : "", r->body_len),
             payload ? safe(m->ctx, payload, strlen(payload)) : "(empty)");
    return r;
}

/* The first message from *cursor that match accepts, waited for up to
   deadline_ms (0: the poll deadline); *cursor moves past it. NULL if none. */
static jc_response *take_next(jc_mqtt *m, size_t *cursor, long deadline_ms, msg_pred match,
                              void *arg)
{
    double s = deadline_ms > 0 ? (double)deadline_ms / 1000.0 : jc_cfg(m->ctx)->poll_deadline_s;
    long at = wait_for(m, *cursor, s, match, arg);
    if (at < 0) return NULL;
    *cursor = (size_t)at + 1;
    pthread_mutex_lock(&m->lock);
    jc_response *r = m->msgs[at].resp;
    pthread_mutex_unlock(&m->lock);
    return r;
}

jc_response *jc_mqtt_any_reply(jc_mqtt *m, const char *op, size_t *cursor, long deadline_ms)
{
    reply_match rm;
    snprintf(rm.accepted, sizeof rm.accepted, "%s%s/accepted", m->prefix, op);
    snprintf(rm.rejected, sizeof rm.rejected, "%s%s/rejected", m->prefix, op);
    rm.token = NULL;
    return take_next(m, cursor, deadline_ms, is_reply, &rm);
}

typedef struct topic_match {
    char topic[300];
    jc_mqtt_match pred;
    void *arg;
} topic_match;

static bool is_topic(const message *msg, void *arg)
{
    const topic_match *tm = arg;
    return strcmp(msg->topic, tm->topic) == 0 && (!tm->pred || tm->pred(msg->resp, tm->arg));
}

jc_response *jc_mqtt_wait(jc_mqtt *m, const char *suffix, size_t *cursor, long deadline_ms, jc_mqtt_match pred,
                          void *arg)
{
    topic_match tm;
    snprintf(tm.topic, sizeof tm.topic, "%s%s", m->prefix, suffix);
    tm.pred = pred;
    tm.arg = arg;
    return take_next(m, cursor, deadline_ms, is_topic, &tm);
}

size_t jc_mqtt_count(jc_mqtt *m, const char *suffix, size_t cursor)
{
    char topic[300];
    snprintf(topic, sizeof topic, "%s%s", m->prefix, suffix);
    size_t n = 0;
    pthread_mutex_lock(&m->lock);
    for (size_t i = cursor; i < m->count; i++)
        if (strcmp(m->msgs[i].topic, topic) == 0) n++;
    pthread_mutex_unlock(&m->lock);
    return n;
}

bool jc_mqtt_has_barrier(const jc_ctx *ctx) { return ctx->env->mqtt_ordered && !jc_cfg(ctx)->mqtt_windows; }

jc_response *jc_mqtt_settle(jc_mqtt *m, const char *suffix, size_t *cursor, jc_mqtt_match pred, void *arg)
{
    jc_ctx *ctx = m->ctx;
    if (!jc_mqtt_has_barrier(ctx)) {
        double s = jc_cfg(ctx)->quiet_window_s;
        long ms = (long)(s * 1000.0);
        return jc_mqtt_wait(m, suffix, cursor, ms > 0 ? ms : 1, pred, arg);
    }
    /* a job that never exists: the reply (ResourceNotFound, or whatever the
       endpoint answers) comes on a topic of its own, whatever it echoes */
    jc_mqtt_request(m, jc_str(ctx, "%s/get", jc_name(ctx, "barrier")), "{}");
    topic_match tm;
    snprintf(tm.topic, sizeof tm.topic, "%s%s", m->prefix, suffix);
    tm.pred = pred;
    tm.arg = arg;
    pthread_mutex_lock(&m->lock);
    long at = find_locked(m, *cursor, is_topic, &tm);
    jc_response *r = at >= 0 ? m->msgs[at].resp : NULL;
    pthread_mutex_unlock(&m->lock);
    if (at >= 0) *cursor = (size_t)at + 1;
    return r;
}

/* ---- the embedded run's broker ---------------------------------------------- */

struct jc_broker {
    pid_t pid;
    char dir[256];
    char url[64];
};

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = 0};
    socklen_t len = sizeof a;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

static bool can_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
                            .sin_port = htons((uint16_t)port)};
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

static const char *find_mosquitto(void)
{
    const char *env = getenv("JOBSCONF_MOSQUITTO");
    if (env && *env) return access(env, X_OK) == 0 ? env : NULL;
    static const char *const paths[] = {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto",
                                        "/usr/local/bin/mosquitto"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (access(paths[i], X_OK) == 0) return paths[i];
    return NULL;
}

static void remove_dir(const char *dir)
{
    char p[320];
    snprintf(p, sizeof p, "%s/mosquitto.conf", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/mosquitto.log", dir);
    unlink(p);
    rmdir(dir);
}

/* SIGKILL at once: mosquitto blocks SIGTERM while it waits for events (up to
   100 ms when idle), and this broker has nothing to save (no persistence;
   its files are ours and removed afterwards). Reaped here: nothing is left
   behind. */
static void kill_pid(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
}

jc_broker *jc_broker_start(char *why, size_t why_len)
{
    const char *bin = find_mosquitto();
    if (!bin) {
        snprintf(why, why_len, "mosquitto is not installed (apt-get install mosquitto)");
        return NULL;
    }
    jc_broker *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(why, why_len, "out of memory");
        return NULL;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(b->dir, sizeof b->dir, "%s/jobsconf-mqtt-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(b->dir)) {
        snprintf(why, why_len, "mkdtemp: %s", strerror(errno));
        free(b);
        return NULL;
    }
    char conf[320], log[320];
    snprintf(conf, sizeof conf, "%s/mosquitto.conf", b->dir);
    snprintf(log, sizeof log, "%s/mosquitto.log", b->dir);
    for (int attempt = 0; attempt < 5; attempt++) {
        int port = free_port();
        if (port <= 0) continue;
        FILE *f = fopen(conf, "w");
        if (!f) break;
        /* loopback only, no persistence; packets up to 1 MiB so that the
           server under test, not the broker, judges oversized requests */
        fprintf(f, "listener %d 127.0.0.1\nallow_anonymous true\npersistence false\nmax_packet_size 1048576\n"
                   "set_tcp_nodelay true\n"
                   "log_dest file %s\n", port, log);
        fclose(f);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        char *argv[] = {(char *)bin, "-c", conf, NULL};
        pid_t pid;
        int rc = posix_spawn(&pid, bin, &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) {
            snprintf(why, why_len, "could not start %s: %s", bin, strerror(rc));
            break;
        }
        /* up to 5 s, looked at every 2 ms: it listens after 50-70 ms, and
           the run waits for it */
        for (int i = 0; i < 2500; i++) {
            if (can_connect(port)) {
                b->pid = pid;
                snprintf(b->url, sizeof b->url, "mqtt://127.0.0.1:%d", port);
                return b;
            }
            if (waitpid(pid, NULL, WNOHANG) == pid) {
                pid = 0;
                break; /* exited: the port was taken meanwhile; try another */
            }
            struct timespec ts = {0, 2 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        if (pid > 0) kill_pid(pid);
        snprintf(why, why_len, "mosquitto did not listen (see its log in a kept run)");
    }
    remove_dir(b->dir);
    free(b);
    return NULL;
}

const char *jc_broker_url(const jc_broker *b) { return b ? b->url : NULL; }

void jc_broker_stop(jc_broker *b)
{
    if (!b) return;
    if (b->pid > 0) kill_pid(b->pid);
    remove_dir(b->dir);
    free(b);
}
