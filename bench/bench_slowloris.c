/* Slowloris benchmark: jobsref (in-process, --auth sigv4, default limits)
 * under a slowloris attack from 127.0.0.2 (1,100 connections, each sending
 * one header byte a second, reconnecting when closed) and 1,000 idle
 * connections from 127.0.1.1-20 at the same time, while a legitimate client
 * on 127.0.0.1 sends signed DescribeJob requests (every tenth on a fresh
 * connection). Prints the legitimate client's p50, p99 and max latency.
 *
 * usage: bench_slowloris [seconds]   (default 8: below the 10 s header
 * deadline, so the idle connections stay open for the whole measurement) */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "jr_server.h"

#define SLOW_CONNECTIONS 1100
#define IDLE_CONNECTIONS 1000
#define IDLE_ADDRESSES 20
#define AKID "AKIDBENCHSLOWLORIS"
#define SECRET "bench-secret"

static uint16_t g_port;
static atomic_bool g_stop;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int connect_from(const char *from)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET};
    inet_pton(AF_INET, from, &a.sin_addr);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    a.sin_port = htons(g_port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static unsigned long g_slow_reconnects;

static void *slowloris(void *arg)
{
    (void)arg;
    static int fds[SLOW_CONNECTIONS];
    for (int i = 0; i < SLOW_CONNECTIONS; i++) {
        fds[i] = connect_from("127.0.0.2");
        if (fds[i] >= 0) send(fds[i], "GET /jobs HTTP/1.1\r\n", 20, MSG_NOSIGNAL);
    }
    while (!atomic_load(&g_stop)) {
        for (int i = 0; i < SLOW_CONNECTIONS && !atomic_load(&g_stop); i++) {
            if (fds[i] >= 0 && send(fds[i], "X", 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) continue;
            if (fds[i] >= 0) close(fds[i]);
            fds[i] = connect_from("127.0.0.2"); /* the attacker comes back */
            g_slow_reconnects++;
        }
        for (int k = 0; k < 10 && !atomic_load(&g_stop); k++) usleep(100 * 1000);
    }
    for (int i = 0; i < SLOW_CONNECTIONS; i++)
        if (fds[i] >= 0) close(fds[i]);
    return NULL;
}

static size_t discard(char *p, size_t s, size_t n, void *u)
{
    (void)p;
    (void)u;
    return s * n;
}

static long request(CURL *c, const char *url, const char *method, const char *body, bool fresh)
{
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 8;
    if (seconds <= 0) seconds = 8;
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    jr_server_options o;
    jr_server_options_default(&o);
    o.quiet = true;
    o.auth = true;
    o.auth_access_key_id = AKID;
    o.auth_secret = SECRET;
    char err[256];
    jr_server *s = jr_server_start(&o, err, sizeof err);
    if (!s) {
        fprintf(stderr, "bench_slowloris: %s\n", err);
        return 1;
    }
    g_port = jr_server_control_port(s);

    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:execute-api");
    curl_easy_setopt(c, CURLOPT_USERPWD, AKID ":" SECRET);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/things/bench-thing", (unsigned)g_port);
    long st1 = request(c, url, "POST", "{}", false);
    snprintf(url, sizeof url, "http://127.0.0.1:%u/jobs/bench-job", (unsigned)g_port);
    char body[256];
    snprintf(body, sizeof body, "{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/bench-thing\"],\"document\":\"{}\"}");
    long st2 = request(c, url, "PUT", body, false);
    if (st1 != 200 || st2 != 200) {
        fprintf(stderr, "bench_slowloris: setup failed (HTTP %ld, %ld)\n", st1, st2);
        return 1;
    }
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);

    /* the attack and the idle crowd */
    int idle[IDLE_CONNECTIONS];
    int idle_open = 0;
    for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        char from[32];
        snprintf(from, sizeof from, "127.0.1.%d", 1 + i % IDLE_ADDRESSES);
        idle[i] = connect_from(from);
        if (idle[i] >= 0) idle_open++;
    }
    pthread_t th;
    pthread_create(&th, NULL, slowloris, NULL);
    sleep(1);

    size_t cap = 1 << 16, n = 0, fresh_n = 0, failed = 0;
    double *lat = malloc(cap * sizeof *lat), fresh_max = 0;
    double end = now_s() + seconds;
    while (now_s() < end && n < cap) {
        bool fresh = n % 10 == 0;
        double t0 = now_s();
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, NULL);
        curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
        long status = 0;
        if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        double ms = (now_s() - t0) * 1e3;
        if (status != 200) failed++;
        lat[n++] = ms;
        if (fresh) {
            fresh_n++;
            if (ms > fresh_max) fresh_max = ms;
        }
    }
    atomic_store(&g_stop, true);
    pthread_join(th, NULL);
    int idle_alive = 0;
    for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        if (idle[i] < 0) continue;
        char b;
        if (recv(idle[i], &b, 1, MSG_DONTWAIT) < 0) idle_alive++; /* EAGAIN: still open */
        close(idle[i]);
    }
    qsort(lat, n, sizeof *lat, cmp_double);
    printf("slowloris bench: %.0f s, %d slowloris connections from 127.0.0.2 (1 byte/s, %lu reconnects), "
           "%d idle connections from %d addresses (%d still open at the end)\n",
           seconds, SLOW_CONNECTIONS, g_slow_reconnects, idle_open, IDLE_ADDRESSES, idle_alive);
    if (n > 0)
        printf("legitimate signed DescribeJob from 127.0.0.1: %zu requests (%zu on fresh connections), %zu failed; "
               "p50 %.2f ms, p99 %.2f ms, max %.2f ms; fresh-connection max %.2f ms; %lu slow heads reaped\n",
               n, fresh_n, failed, lat[n / 2], lat[(size_t)((double)(n - 1) * 0.99)], lat[n - 1], fresh_max,
               jr_server_reaped_connections(s));
    free(lat);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    jr_server_stop(s);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
