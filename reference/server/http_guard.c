/* HTTP hardening: see http_guard.h. */
#include "http_guard.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#define REAP_INTERVAL_MS 200

/* One open connection: its socket_context. Linked while open. */
typedef struct tracked {
    struct tracked *prev, *next;
    int fd;
    bool awaiting_head; /* no complete request head since `since` */
    bool reaped;
    struct timespec since;
} tracked;

struct jr_conn_guard {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool stop;
    unsigned timeout_s;
    tracked *head;
    unsigned long reaped;
};

static double since_s(const struct timespec *t, const struct timespec *now)
{
    return (double)(now->tv_sec - t->tv_sec) + (double)(now->tv_nsec - t->tv_nsec) / 1e9;
}

static void *reaper(void *arg)
{
    jr_conn_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += REAP_INTERVAL_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
        if (g->stop) break;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        for (tracked *t = g->head; t; t = t->next) {
            if (!t->awaiting_head || t->reaped || since_s(&t->since, &now) < (double)g->timeout_s) continue;
            /* Only shut down, never close: libmicrohttpd owns the fd and
               closes it (after the CLOSED notification, which takes this
               lock, so the fd cannot have been reused here). */
            shutdown(t->fd, SHUT_RDWR);
            t->reaped = true;
            g->reaped++;
        }
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

jr_conn_guard *jr_conn_guard_new(unsigned header_timeout_s)
{
    jr_conn_guard *g = calloc(1, sizeof *g);
    if (g == NULL) return NULL;
    g->timeout_s = header_timeout_s;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    if (pthread_create(&g->thread, NULL, reaper, g) != 0) {
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    return g;
}

void jr_conn_guard_free(jr_conn_guard *g)
{
    if (g == NULL) return;
    pthread_mutex_lock(&g->lock);
    g->stop = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    while (g->head) {
        tracked *t = g->head;
        g->head = t->next;
        free(t);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

void jr_conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    jr_conn_guard *g = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        tracked *t = calloc(1, sizeof *t);
        *socket_context = t;
        if (t == NULL) return; /* untracked: only the idle timeout applies */
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        t->fd = info ? info->connect_fd : -1;
        t->awaiting_head = t->fd >= 0;
        clock_gettime(CLOCK_MONOTONIC, &t->since);
        pthread_mutex_lock(&g->lock);
        t->next = g->head;
        if (g->head) g->head->prev = t;
        g->head = t;
        pthread_mutex_unlock(&g->lock);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        tracked *t = *socket_context;
        if (t == NULL) return;
        pthread_mutex_lock(&g->lock);
        if (t->prev) t->prev->next = t->next;
        else g->head = t->next;
        if (t->next) t->next->prev = t->prev;
        pthread_mutex_unlock(&g->lock);
        free(t);
        *socket_context = NULL;
    }
}

static tracked *tracked_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? (tracked *)info->socket_context : NULL;
}

void jr_conn_guard_head_done(jr_conn_guard *g, struct MHD_Connection *conn)
{
    tracked *t = g ? tracked_of(conn) : NULL;
    if (t == NULL) return;
    pthread_mutex_lock(&g->lock);
    t->awaiting_head = false;
    pthread_mutex_unlock(&g->lock);
}

void jr_conn_guard_request_done(jr_conn_guard *g, struct MHD_Connection *conn)
{
    tracked *t = g ? tracked_of(conn) : NULL;
    if (t == NULL) return;
    pthread_mutex_lock(&g->lock);
    t->awaiting_head = t->fd >= 0;
    clock_gettime(CLOCK_MONOTONIC, &t->since);
    pthread_mutex_unlock(&g->lock);
}

unsigned long jr_conn_guard_reaped(jr_conn_guard *g)
{
    pthread_mutex_lock(&g->lock);
    unsigned long n = g->reaped;
    pthread_mutex_unlock(&g->lock);
    return n;
}

typedef struct head_count {
    unsigned content_length, transfer_encoding, host;
    const char *te;
} head_count;

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    head_count *c = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) c->content_length++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        c->transfer_encoding++;
        c->te = value;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
        c->host++;
    return MHD_YES;
}

void jr_framing_check(struct MHD_Connection *conn, const char *version, jr_framing *out)
{
    memset(out, 0, sizeof *out);
    head_count c = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &c);
    if (c.transfer_encoding > 1 || (c.transfer_encoding == 1 && strcasecmp(c.te ? c.te : "", "chunked") != 0)) {
        *out = (jr_framing){501, "NotImplementedException", "only Transfer-Encoding: chunked is supported"};
    } else if (c.content_length > 1) {
        *out = (jr_framing){400, "BadRequestException", "more than one Content-Length header"};
    } else if (c.content_length == 1 && c.transfer_encoding == 1) {
        *out = (jr_framing){400, "BadRequestException", "both Content-Length and Transfer-Encoding"};
    } else if (version != NULL && strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && c.host != 1) {
        *out = (jr_framing){400, "BadRequestException", "an HTTP/1.1 request needs exactly one Host header"};
    }
}
