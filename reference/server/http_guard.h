/* HTTP hardening of jobsref's front door, beside what libmicrohttpd does:
 *  - a header deadline: a connection that has not sent a complete request
 *    head within the deadline (since it opened, or since its previous
 *    request ended) is shut down, so slow-header clients (slowloris) cannot
 *    hold their slots forever by trickling bytes under the idle timeout;
 *  - framing checks on each request head: several Content-Length headers,
 *    Content-Length with Transfer-Encoding, a Transfer-Encoding other than
 *    chunked, HTTP/1.1 without Host.
 * The per-client and total connection limits and the idle timeout are
 * libmicrohttpd options set by server.c. */
#ifndef JR_HTTP_GUARD_H
#define JR_HTTP_GUARD_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct jr_conn_guard jr_conn_guard;

/* Starts the reaper thread. Returns NULL when memory or threads run out. */
jr_conn_guard *jr_conn_guard_new(unsigned header_timeout_s);
/* Stops the reaper. Call after the daemons are stopped. */
void jr_conn_guard_free(jr_conn_guard *g);

/* MHD_OPTION_NOTIFY_CONNECTION callback; cls is the guard. */
void jr_conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code);
/* The connection's request head is complete: the deadline stops. */
void jr_conn_guard_head_done(jr_conn_guard *g, struct MHD_Connection *conn);
/* The request ended: the deadline starts again for the next head. */
void jr_conn_guard_request_done(jr_conn_guard *g, struct MHD_Connection *conn);
/* Connections shut down by the deadline so far. */
unsigned long jr_conn_guard_reaped(jr_conn_guard *g);

/* Framing verdict of a request head. */
typedef struct jr_framing {
    int status;             /* 0: fine; else 400 or 501 */
    const char *error_type; /* static */
    const char *message;    /* static */
} jr_framing;

/* Checks the head of the request on conn (`version` as MHD gives it). */
void jr_framing_check(struct MHD_Connection *conn, const char *version, jr_framing *out);

#endif
