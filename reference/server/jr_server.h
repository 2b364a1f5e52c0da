/* jobsref as a library: the HTTP front (libmicrohttpd) over libjobsref, on a
 * control-plane and a data-plane listener. The `jobsref` binary is a thin
 * main() over this; the conformance runner embeds it to test the reference
 * in-process over real loopback HTTP. */
#ifndef JOBSREF_SERVER_H
#define JOBSREF_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "jobsref/jobsref.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jr_server jr_server;

typedef struct jr_server_options {
    const char *host;       /* default "127.0.0.1" */
    uint16_t control_port;  /* 0 = ephemeral */
    uint16_t data_port;     /* 0 = ephemeral */
    const char *region;     /* default "us-east-1" */
    const char *account_id; /* default "123456789012" */
    bool virtual_clock;     /* false: real clock */
    int64_t virtual_clock_start_ms; /* 0: the real time at start */
    int64_t deletion_delay_ms;      /* default 2000 */
    size_t max_body;        /* default 1 MiB; larger bodies get 413 */
    bool admin;             /* serve the reference-only admin routes */
    jr_fault_set faults;
    /* Operations to answer, every call, with 400 InvalidRequestException
       "Unsupported path", as an emulator answers what it lacks:
       comma-separated model names ("UpdateJob,AssociateTargetsWithJob"; a
       name is the operation of either plane, "iot-jobs-data NAME" only the
       data plane's). NULL: none. An unknown name fails jr_server_start. */
    const char *unsupported;
    unsigned threads;       /* libmicrohttpd thread pool size; 0 = 4 */
    bool quiet;             /* no access log on stderr */
    const char *mqtt_url;   /* mqtt://host:port: also serve the device MQTT API there; NULL = no MQTT */
    /* --admin: the token every admin request must carry in the
     * JR_ADMIN_TOKEN_HEADER header; NULL: a random one (jr_server_admin_token). */
    const char *admin_token;
    /* --auth sigv4: every API request must carry a valid SigV4 signature
     * (admin routes use the admin token instead). Keys come from
     * credentials_file (`id secret [token]` lines) and/or the inline pair. */
    bool auth;
    const char *credentials_file;
    const char *auth_access_key_id;
    const char *auth_secret;
    /* connection hardening; 0 = the default */
    unsigned header_timeout_s;       /* a request head must be complete within (10) */
    unsigned idle_timeout_s;         /* an idle connection is closed after (15) */
    unsigned max_connections;        /* per listener (4096) */
    unsigned max_client_connections; /* per listener and client address (64) */
    /* --profile async (async_profile.h): lagging reads and throttling, a view
     * over libjobsref's answers; async_lag_ms 0 and async_throttle_permille 0
     * together leave it off */
    bool async_profile;
    unsigned async_lag_ms;
    unsigned async_throttle_permille;
    uint64_t async_seed;
} jr_server_options;

void jr_server_options_default(jr_server_options *opts);

/* Starts both listeners. Returns NULL with a message in err on failure. The
 * caller owns the server and stops it with jr_server_stop (which frees it). */
jr_server *jr_server_start(const jr_server_options *opts, char *err, size_t err_len);
uint16_t jr_server_control_port(const jr_server *s);
uint16_t jr_server_data_port(const jr_server *s);
/* The admin token (NULL without admin), valid until jr_server_stop. */
const char *jr_server_admin_token(const jr_server *s);
/* Connections shut down so far because their request head was too slow. */
unsigned long jr_server_reaped_connections(const jr_server *s);
/* --profile async: reads served stale and requests throttled so far (0s
 * without the profile). */
void jr_server_async_counts(const jr_server *s, unsigned long *stale_reads, unsigned long *throttled);
void jr_server_stop(jr_server *s);

/* The prefix of the admin routes (served on both listeners with --admin):
 *   GET  /_jobsref/clock                 -> {"nowMs": N, "virtual": true}
 *   POST /_jobsref/clock/advance {"ms":N} -> {"nowMs": N}
 *   POST /_jobsref/reset                 -> {}
 *   GET  /_jobsref/faults                -> {"available": [...], "enabled": [...]}
 *   PUT  /_jobsref/faults/{name}         -> enable;  DELETE -> disable
 *   GET  /_jobsref/info                  -> {"name":"jobsref","version":...,"admin":true,...}
 *                                           (+ "mqttOrdered": true with an MQTT front: the
 *                                           ordering guarantee of mqtt_front.h)
 */
#define JR_ADMIN_PREFIX "/_jobsref"
/* The header that carries the admin token on every admin request. */
#define JR_ADMIN_TOKEN_HEADER "x-jobsref-admin-token"

#ifdef __cplusplus
}
#endif
#endif
