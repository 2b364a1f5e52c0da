/* MQTT benchmark (not a test): request round trips per second through a
 * mosquitto broker against the in-process jobsref (start-next, then update
 * SUCCEEDED, one request outstanding at a time), next to a bare mosquitto
 * publish-echo baseline measured in the same run with the same client and
 * QoS; and the latency from a control-plane CreateJob (HTTP) to the device's
 * `notify`, p50 and p99. Prints figures; asserts nothing.
 *
 * usage: bench_mqtt mqtt://127.0.0.1:PORT [ROUND_TRIPS]   (bench/mqtt_run.sh
 * starts a private mosquitto and calls this) */
#include <curl/curl.h>
#include <errno.h>
#include <mosquitto.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jr_server.h"
#include "mqtt_front.h"

typedef struct client {
    struct mosquitto *mosq;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool connected, subscribed;
    unsigned long received; /* messages on `want` */
    char want[256];
    bool echo; /* echo what arrives on bench/echo/req to bench/echo/rep */
} client;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_connect(struct mosquitto *m, void *arg, int rc)
{
    (void)m;
    client *c = arg;
    pthread_mutex_lock(&c->lock);
    c->connected = rc == 0;
    pthread_cond_broadcast(&c->cond);
    pthread_mutex_unlock(&c->lock);
}

static void on_subscribe(struct mosquitto *m, void *arg, int mid, int n, const int *g)
{
    (void)m, (void)mid, (void)n, (void)g;
    client *c = arg;
    pthread_mutex_lock(&c->lock);
    c->subscribed = true;
    pthread_cond_broadcast(&c->cond);
    pthread_mutex_unlock(&c->lock);
}

static void on_message(struct mosquitto *m, void *arg, const struct mosquitto_message *msg)
{
    client *c = arg;
    if (c->echo) {
        mosquitto_publish(m, NULL, "bench/echo/rep", msg->payloadlen, msg->payload, 1, false);
        return;
    }
    pthread_mutex_lock(&c->lock);
    size_t n = strlen(c->want);
    if (strncmp(msg->topic, c->want, n) == 0 && (c->want[n - 1] != '/' || strstr(msg->topic + n, "accepted")))
        c->received++;
    else if (strcmp(msg->topic, c->want) == 0)
        c->received++;
    pthread_cond_broadcast(&c->cond);
    pthread_mutex_unlock(&c->lock);
}

static void wait_flag(client *c, bool *flag)
{
    pthread_mutex_lock(&c->lock);
    while (!*flag) pthread_cond_wait(&c->cond, &c->lock);
    pthread_mutex_unlock(&c->lock);
}

/* Waits until `received` exceeds `seen` (10 s at most); false on timeout. */
static bool wait_count(client *c, unsigned long seen)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&c->lock);
    int rc = 0;
    while (c->received <= seen && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&c->cond, &c->lock, &until);
    bool ok = c->received > seen;
    pthread_mutex_unlock(&c->lock);
    return ok;
}

static client *connect_client(const char *id, const char *host, int port, const char *sub, bool echo)
{
    client *c = calloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->cond, NULL);
    c->echo = echo;
    c->mosq = mosquitto_new(id, true, c);
    mosquitto_int_option(c->mosq, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_connect_callback_set(c->mosq, on_connect);
    mosquitto_subscribe_callback_set(c->mosq, on_subscribe);
    mosquitto_message_callback_set(c->mosq, on_message);
    if (mosquitto_connect(c->mosq, host, port, 30) != MOSQ_ERR_SUCCESS || mosquitto_loop_start(c->mosq) != 0) {
        fprintf(stderr, "bench_mqtt: cannot connect to %s:%d\n", host, port);
        exit(1);
    }
    wait_flag(c, &c->connected);
    mosquitto_subscribe(c->mosq, NULL, sub, 1);
    wait_flag(c, &c->subscribed);
    return c;
}

static void close_client(client *c)
{
    mosquitto_disconnect(c->mosq);
    mosquitto_loop_stop(c->mosq, false); /* after disconnect: the thread ends by itself (force=true cancels it holding a lock) */
    mosquitto_destroy(c->mosq);
    free(c);
}

static void http(CURL *curl, const char *method, const char *url, const char *body)
{
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body ? body : "");
    FILE *devnull = fopen("/dev/null", "w");
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, devnull);
    long code = 0;
    if (curl_easy_perform(curl) != CURLE_OK || (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code), code != 200)) {
        fprintf(stderr, "bench_mqtt: %s %s failed (%ld)\n", method, url, code);
        exit(1);
    }
    fclose(devnull);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    char host[256];
    int port;
    if (argc < 2 || !jr_mqtt_parse_url(argv[1], host, sizeof host, &port)) {
        fprintf(stderr, "usage: bench_mqtt mqtt://HOST:PORT [ROUND_TRIPS]\n");
        return 2;
    }
    long n = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
    if (n < 10) n = 10;
    mosquitto_lib_init();
    curl_global_init(CURL_GLOBAL_DEFAULT);

    /* baseline: publish, a second client echoes, wait for the echo */
    client *echo = connect_client("bench-echo", host, port, "bench/echo/req", true);
    client *a = connect_client("bench-a", host, port, "bench/echo/rep", false);
    snprintf(a->want, sizeof a->want, "bench/echo/rep");
    static const char payload[] = "{\"clientToken\":\"bench\"}";
    double t0 = now_s();
    for (long i = 0; i < n; i++) {
        unsigned long seen = a->received;
        mosquitto_publish(a->mosq, NULL, "bench/echo/req", (int)strlen(payload), payload, 1, false);
        if (!wait_count(a, seen)) {
            fprintf(stderr, "bench_mqtt: echo timed out\n");
            return 1;
        }
    }
    double base = n / (now_s() - t0);
    close_client(a);
    close_client(echo);

    /* jobsref over the same broker */
    jr_server_options so;
    jr_server_options_default(&so);
    so.virtual_clock = true;
    so.admin = true;
    so.quiet = true;
    so.mqtt_url = argv[1];
    char err[256];
    jr_server *s = jr_server_start(&so, err, sizeof err);
    if (!s) {
        fprintf(stderr, "bench_mqtt: %s\n", err);
        return 1;
    }
    char ctl[64], url[256], body[512];
    snprintf(ctl, sizeof ctl, "http://127.0.0.1:%u", (unsigned)jr_server_control_port(s));
    CURL *curl = curl_easy_init();
    snprintf(url, sizeof url, "%s/things/bench-dev", ctl);
    http(curl, "POST", url, "{}");
    snprintf(url, sizeof url, "%s/things/bench-watch", ctl);
    http(curl, "POST", url, "{}");

    client *d = connect_client("bench-dev", host, port, "$aws/things/bench-dev/jobs/#", false);
    snprintf(d->want, sizeof d->want, "$aws/things/bench-dev/jobs/");
    double busy = 0;
    long done = 0, batch = 50, job = 0;
    while (done < n) {
        long k = (n - done) / 2 < batch ? ((n - done) + 1) / 2 : batch;
        for (long i = 0; i < k; i++) { /* setup, not timed */
            snprintf(url, sizeof url, "%s/jobs/rt-%ld", ctl, job + i);
            http(curl, "PUT", url,
                 "{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/bench-dev\"],\"document\":\"{\\\"x\\\":1}\"}");
        }
        double b0 = now_s();
        for (long i = 0; i < k; i++, job++) {
            unsigned long seen = d->received;
            static const char sn[] = "{\"clientToken\":\"sn\"}";
            mosquitto_publish(d->mosq, NULL, "$aws/things/bench-dev/jobs/start-next", (int)strlen(sn), sn, 1, false);
            if (!wait_count(d, seen)) return fprintf(stderr, "bench_mqtt: start-next timed out\n"), 1;
            char topic[128];
            snprintf(topic, sizeof topic, "$aws/things/bench-dev/jobs/rt-%ld/update", job);
            static const char up[] = "{\"status\":\"SUCCEEDED\",\"clientToken\":\"up\"}";
            seen = d->received;
            mosquitto_publish(d->mosq, NULL, topic, (int)strlen(up), up, 1, false);
            if (!wait_count(d, seen)) return fprintf(stderr, "bench_mqtt: update timed out\n"), 1;
            done += 2;
        }
        busy += now_s() - b0;
    }
    double jobs_rate = done / busy;
    close_client(d);

    /* notification latency: CreateJob over HTTP until notify arrives */
    client *w = connect_client("bench-watch", host, port, "$aws/things/bench-watch/jobs/notify", false);
    snprintf(w->want, sizeof w->want, "$aws/things/bench-watch/jobs/notify");
    long samples = n / 10 < 50 ? 50 : (n / 10 > 500 ? 500 : n / 10);
    double *lat = calloc((size_t)samples, sizeof *lat);
    for (long i = 0; i < samples; i++) {
        snprintf(url, sizeof url, "%s/jobs/nl-%ld", ctl, i);
        snprintf(body, sizeof body,
                 "{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/bench-watch\"],\"document\":\"{}\"}");
        unsigned long seen = w->received;
        double l0 = now_s();
        http(curl, "PUT", url, body);
        if (!wait_count(w, seen)) return fprintf(stderr, "bench_mqtt: notify timed out\n"), 1;
        lat[i] = (now_s() - l0) * 1000.0;
        /* cancel it again so the pending list stays short */
        snprintf(url, sizeof url, "%s/jobs/nl-%ld/cancel", ctl, i);
        seen = w->received;
        http(curl, "PUT", url, "{}");
        wait_count(w, seen);
    }
    qsort(lat, (size_t)samples, sizeof *lat, cmp_d);
    close_client(w);
    curl_easy_cleanup(curl);
    jr_server_stop(s);

    printf("mqtt baseline (mosquitto publish-echo, QoS 1, 1 outstanding): %.0f round trips/s over %ld\n", base, n);
    printf("mqtt jobsref (start-next + update SUCCEEDED, QoS 1, 1 outstanding): %.0f round trips/s over %ld\n",
           jobs_rate, done);
    printf("ratio jobsref/baseline: %.2f (target >= 0.5)\n", jobs_rate / base);
    printf("notify latency after CreateJob over HTTP: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%ld samples)\n",
           lat[samples / 2], lat[(samples * 99) / 100], lat[samples - 1], samples);
    free(lat);
    mosquitto_lib_cleanup();
    return 0;
}
