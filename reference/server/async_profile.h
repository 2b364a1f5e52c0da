/* `jobsref --profile async`: a server that behaves like an eventually
 * consistent, throttling service, built as a view over libjobsref's answers
 * (libjobsref itself stays pure and consistent).
 *
 *  - Lagging reads: every GET of the API (a Describe, a List, GetJobDocument,
 *    GetPendingJobExecutions) is keyed by plane, path and query. When the
 *    state machine's answer to a key differs from the answer last served for
 *    it, the previous answer goes on being served for lag_ms (real time) after
 *    the change was first seen; then the new one. So a read after a write
 *    shows the old state for a while (a new execution of a CONTINUOUS job
 *    appears late, a deleted job is still described, a counter is behind),
 *    and the first read that matches ends a poller's wait. The first read of
 *    a key is never lagged (nothing older was served).
 *  - Throttling: a share of API requests (throttle_permille of them, chosen by
 *    a seeded hash of the request's sequence number) is refused with
 *    ThrottlingException (the model's status: 400 on the control plane, 429
 *    on the data plane) before it reaches the state machine, so nothing
 *    changes. A request equal to one throttled in the last second (same
 *    plane, method, path, query and body) is never throttled again: a client
 *    that retries once gets through.
 *
 * Admin routes are neither lagged nor throttled. Thread-safe. */
#ifndef JR_ASYNC_PROFILE_H
#define JR_ASYNC_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jobsref/jobsref.h"

typedef struct jr_async_options {
    unsigned lag_ms;            /* how long a changed answer stays stale (default 300) */
    unsigned throttle_permille; /* requests throttled per thousand (default 50) */
    uint64_t seed;              /* chooses which requests are throttled */
} jr_async_options;

#define JR_ASYNC_DEFAULT_LAG_MS 300u
#define JR_ASYNC_DEFAULT_THROTTLE_PERMILLE 50u
#define JR_ASYNC_MAX_LAG_MS 60000u

typedef struct jr_async jr_async;

/* NULL when memory runs out. */
jr_async *jr_async_new(const jr_async_options *o);
void jr_async_free(jr_async *a);

/* True when this request is to be refused with ThrottlingException (the
 * caller renders it and does not pass the request on). */
bool jr_async_throttle(jr_async *a, jr_plane plane, const char *method, const char *path, const char *query,
                       const uint8_t *body, size_t body_len);

/* Applies the lag to the answer of a GET: may replace resp's status, error
 * type and body by the previous answer to the same read. Other methods are
 * left alone. */
void jr_async_view(jr_async *a, jr_plane plane, const char *method, const char *path, const char *query,
                   jr_http_response *resp);

/* Reads and throttles so far (for tests and the log). */
void jr_async_counts(jr_async *a, unsigned long *stale_reads, unsigned long *throttled);

#endif
