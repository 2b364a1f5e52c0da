/* The MQTT front of jobsref (see mqtt_front.h). libmosquitto's network
 * thread delivers requests; each is answered through jr_mqtt_handle under the
 * machine's lock, between two notification scans (the ordering guarantee of
 * mqtt_front.h). A second thread rescans when the HTTP side pokes it, and
 * every 200 ms so that real-clock timers (step and in-progress timeouts,
 * rollout) also notify. Replies and notifications are published with QoS 1,
 * not retained [R]. */
#include "mqtt_front.h"

#include <errno.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SUB_TOPIC "$aws/things/+/jobs/#"
#define QOS 1
#define TICK_MS 200
#define GAP_MS 2
#define CONNECT_WAIT_S 10

struct jr_mqtt_front {
    struct mosquitto *mosq;
    jr_machine *machine;
    pthread_mutex_t *lock;
    const jr_virtual_clock *vclock;
    uint64_t presign_key;
    jr_mqtt_notifier *notifier;

    pthread_mutex_t state_lock; /* guards the fields below */
    pthread_cond_t cond;
    bool subscribed;
    int connect_rc; /* -1 while unknown */
    bool poked;
    bool stopping;
    pthread_t scanner;
    bool scanner_started;
};

bool jr_mqtt_parse_url(const char *url, char *host, size_t host_len, int *port)
{
    const char *p = "mqtt://";
    if (!url || strncmp(url, p, strlen(p)) != 0) return false;
    const char *h = url + strlen(p);
    const char *end = h + strlen(h);
    if (end > h && end[-1] == '/') end--;
    const char *colon = NULL;
    if (*h == '[') {
        const char *rb = memchr(h, ']', (size_t)(end - h));
        if (!rb) return false;
        if (rb + 1 < end && rb[1] != ':') return false;
        colon = rb + 1 < end ? rb + 1 : NULL;
        size_t n = (size_t)(rb - h - 1);
        if (n == 0 || n >= host_len) return false;
        memcpy(host, h + 1, n);
        host[n] = '\0';
    } else {
        colon = memchr(h, ':', (size_t)(end - h));
        size_t n = (size_t)((colon ? colon : end) - h);
        if (n == 0 || n >= host_len || memchr(h, '/', n)) return false;
        memcpy(host, h, n);
        host[n] = '\0';
    }
    *port = 1883;
    if (colon) {
        char *e = NULL;
        errno = 0;
        long v = strtol(colon + 1, &e, 10);
        if (errno || e != end || v < 1 || v > 65535) return false;
        *port = (int)v;
    }
    return true;
}

static int64_t now_ms(const jr_mqtt_front *f)
{
    if (f->vclock) return f->vclock->now_ms;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void options(jr_mqtt_front *f, jr_mqtt_options *o)
{
    o->faults = jr_machine_faults(f->machine);
    o->presign_key = f->presign_key;
    o->now_ms = now_ms(f);
}

static void publish(void *ctx, const char *topic, const char *payload, size_t len)
{
    jr_mqtt_front *f = ctx;
    mosquitto_publish(f->mosq, NULL, topic, (int)len, payload, QOS, false);
}

/* With the machine's lock held. */
static void scan_locked(jr_mqtt_front *f)
{
    jr_mqtt_options o;
    options(f, &o);
    jr_mqtt_notifier_scan(f->notifier, f->machine, &o, publish, f);
}

static void on_message(struct mosquitto *mosq, void *ctx, const struct mosquitto_message *msg)
{
    (void)mosq;
    jr_mqtt_front *f = ctx;
    if (!msg->topic) return;
    size_t tlen = strlen(msg->topic);
    jr_mqtt_topic_kind kind = jr_mqtt_topic_classify(msg->topic, tlen);
    if (kind == JR_MQTT_TOPIC_FOREIGN || kind == JR_MQTT_TOPIC_OUTPUT) return;
    pthread_mutex_lock(f->lock);
    /* What changed before this request (HTTP and admin requests already
       answered, timers due by now) is published before its reply: the
       scanner thread may not have run since its poke. A device can then use
       a request as a barrier (mqtt_front.h). */
    if (!f->vclock) jr_machine_advance(f->machine);
    scan_locked(f);
    jr_mqtt_options o;
    options(f, &o);
    jr_mqtt_reply r;
    jr_mqtt_handle(f->machine, &o, msg->topic, tlen, msg->payload, msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0,
                   &r);
    /* the reply first, then what the request changed */
    if (r.topic && r.payload) publish(f, r.topic, r.payload, r.payload_len);
    jr_mqtt_reply_free(&r);
    scan_locked(f);
    pthread_mutex_unlock(f->lock);
}

static void on_connect(struct mosquitto *mosq, void *ctx, int rc, int flags, const mosquitto_property *props)
{
    (void)flags;
    (void)props;
    jr_mqtt_front *f = ctx;
    if (rc == 0) {
        /* no-local: the front never receives its own replies */
        mosquitto_subscribe_v5(mosq, NULL, SUB_TOPIC, QOS, MQTT_SUB_OPT_NO_LOCAL, NULL);
    }
    pthread_mutex_lock(&f->state_lock);
    f->connect_rc = rc;
    pthread_cond_broadcast(&f->cond);
    pthread_mutex_unlock(&f->state_lock);
}

static void on_subscribe(struct mosquitto *mosq, void *ctx, int mid, int count, const int *granted,
                         const mosquitto_property *props)
{
    (void)mosq;
    (void)mid;
    (void)props;
    jr_mqtt_front *f = ctx;
    pthread_mutex_lock(&f->state_lock);
    f->subscribed = count >= 1 && granted[0] <= 2;
    pthread_cond_broadcast(&f->cond);
    pthread_mutex_unlock(&f->state_lock);
}

static struct timespec after_ms(struct timespec t, long ms)
{
    t.tv_nsec += ms * 1000000L;
    while (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

static bool before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void *scanner(void *arg)
{
    jr_mqtt_front *f = arg;
    struct timespec last = {0, 0}; /* when the last scan ended */
    pthread_mutex_lock(&f->state_lock);
    while (!f->stopping) {
        if (!f->poked) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until = after_ms(until, TICK_MS);
            pthread_cond_timedwait(&f->cond, &f->state_lock, &until);
            if (f->stopping) break;
        }
        if (f->poked) {
            /* Pokes within GAP_MS of the last scan wait for its end and are
               scanned once: a scan reads every tracked thing, and a client
               sending requests back to back poked one per request (each
               costing ~0.1 ms of CPU under the machine's lock in the
               embedded suite). A notification is late by GAP_MS at most;
               a device's own requests never wait for it (guarantee 2). */
            struct timespec now, until = after_ms(last, GAP_MS);
            clock_gettime(CLOCK_REALTIME, &now);
            while (!f->stopping && before(&now, &until)) {
                pthread_cond_timedwait(&f->cond, &f->state_lock, &until);
                clock_gettime(CLOCK_REALTIME, &now);
            }
            if (f->stopping) break;
        }
        f->poked = false;
        pthread_mutex_unlock(&f->state_lock);
        pthread_mutex_lock(f->lock);
        if (!f->vclock) jr_machine_advance(f->machine); /* real-clock timers */
        scan_locked(f);
        pthread_mutex_unlock(f->lock);
        clock_gettime(CLOCK_REALTIME, &last);
        pthread_mutex_lock(&f->state_lock);
    }
    pthread_mutex_unlock(&f->state_lock);
    return NULL;
}

void jr_mqtt_front_poke(jr_mqtt_front *f)
{
    if (!f) return;
    pthread_mutex_lock(&f->state_lock);
    f->poked = true;
    pthread_cond_broadcast(&f->cond);
    pthread_mutex_unlock(&f->state_lock);
}

jr_mqtt_front *jr_mqtt_front_start(const char *url, jr_machine *machine, pthread_mutex_t *lock,
                                   const jr_virtual_clock *vclock, uint64_t presign_key, char *err, size_t err_len)
{
    char host[256];
    int port;
    if (!jr_mqtt_parse_url(url, host, sizeof host, &port)) {
        snprintf(err, err_len, "--mqtt: expected mqtt://host[:port], got '%.200s'", url ? url : "");
        return NULL;
    }
    mosquitto_lib_init();
    jr_mqtt_front *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    f->machine = machine;
    f->lock = lock;
    f->vclock = vclock;
    f->presign_key = presign_key;
    f->connect_rc = -1;
    f->notifier = jr_mqtt_notifier_new();
    pthread_mutex_init(&f->state_lock, NULL);
    pthread_cond_init(&f->cond, NULL);
    char id[64];
    snprintf(id, sizeof id, "jobsref-%ld-%llx", (long)getpid(), (unsigned long long)(presign_key & 0xffffffffu));
    f->mosq = mosquitto_new(id, true, f);
    if (!f->mosq || !f->notifier) {
        snprintf(err, err_len, "out of memory");
        jr_mqtt_front_stop(f);
        return NULL;
    }
    mosquitto_int_option(f->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    /* small request/reply packets: Nagle would hold each for a delayed ACK */
    mosquitto_int_option(f->mosq, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_connect_v5_callback_set(f->mosq, on_connect);
    mosquitto_subscribe_v5_callback_set(f->mosq, on_subscribe);
    mosquitto_message_callback_set(f->mosq, on_message);
    int rc = mosquitto_connect_bind_v5(f->mosq, host, port, 30, NULL, NULL);
    if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_start(f->mosq);
    if (rc != MOSQ_ERR_SUCCESS) {
        snprintf(err, err_len, "MQTT broker %s:%d: %s", host, port,
                 rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        jr_mqtt_front_stop(f);
        return NULL;
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += CONNECT_WAIT_S;
    pthread_mutex_lock(&f->state_lock);
    while (!f->subscribed && (f->connect_rc <= 0) &&
           pthread_cond_timedwait(&f->cond, &f->state_lock, &until) != ETIMEDOUT) {
    }
    bool ok = f->subscribed;
    int crc = f->connect_rc;
    pthread_mutex_unlock(&f->state_lock);
    if (!ok) {
        snprintf(err, err_len, "MQTT broker %s:%d: %s", host, port,
                 crc > 0 ? mosquitto_connack_string(crc) : "no CONNACK/SUBACK within 10 s");
        jr_mqtt_front_stop(f);
        return NULL;
    }
    if (pthread_create(&f->scanner, NULL, scanner, f) == 0) f->scanner_started = true;
    jr_mqtt_front_poke(f);
    return f;
}

void jr_mqtt_front_stop(jr_mqtt_front *f)
{
    if (!f) return;
    pthread_mutex_lock(&f->state_lock);
    f->stopping = true;
    pthread_cond_broadcast(&f->cond);
    pthread_mutex_unlock(&f->state_lock);
    if (f->scanner_started) pthread_join(f->scanner, NULL);
    if (f->mosq) {
        mosquitto_disconnect(f->mosq);
        mosquitto_loop_stop(f->mosq, false); /* after disconnect: the thread ends by itself (force=true cancels it holding a lock) */
        mosquitto_destroy(f->mosq);
    }
    jr_mqtt_notifier_free(f->notifier);
    pthread_cond_destroy(&f->cond);
    pthread_mutex_destroy(&f->state_lock);
    free(f);
    /* mosquitto_lib_cleanup is left to process exit: other clients (the
     * runner's) may share the library in the same process. */
}
