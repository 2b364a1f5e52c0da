/* The suite's MQTT device client (libmosquitto): one connection per scenario
 * and thing, subscribed to $aws/things/{thing}/jobs/# before anything is
 * published (so it works with brokers that, unlike AWS IoT Core, deliver
 * replies only to subscribers). Every wait is bounded by --poll-deadline;
 * every message kept is bounded (256 KiB, 512 messages per connection).
 *
 * Replies come back as jc_response values so the usual accessors read them:
 * status 200 for .../accepted, 400 for .../rejected (error_code = the
 * payload's `code`). Everything returned is owned by the connection, which
 * is closed when the scenario ends. */
#ifndef JC_MQTT_H
#define JC_MQTT_H

#include <stdbool.h>
#include <stddef.h>

#include "jc_scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jc_mqtt jc_mqtt;

/* Whether the run knows an MQTT endpoint (--mqtt-endpoint, or the embedded
 * run's own broker). */
bool jc_mqtt_available(const jc_ctx *ctx);

/* Connects as a device for `thing` (client id = the thing name, which AWS
 * IoT policies can match), subscribes to its Jobs topics and waits for the
 * SUBACK. SKIPs the scenario when no MQTT endpoint is known; ERROR when the
 * broker cannot be reached. */
jc_mqtt *jc_mqtt_device(jc_ctx *ctx, const char *thing);

/* Publishes `payload` (NULL = zero bytes) on $aws/things/{thing}/jobs/{op}
 * (op: "get", "start-next", "{jobId}/get", "{jobId}/update") and waits for
 * the reply on op/accepted or op/rejected. When the payload carries a
 * clientToken, the reply must echo it to be taken (as AWS SDK v2 clients
 * match replies); otherwise the first reply after the publish is taken.
 * No reply in time: FAIL, ends the scenario. */
jc_response *jc_mqtt_request(jc_mqtt *m, const char *op, const char *payload);
/* Publishes without waiting for anything (for topics that may get no
 * answer). ERROR when the client cannot publish. */
void jc_mqtt_publish(jc_mqtt *m, const char *op, const char *payload);
/* As jc_mqtt_request, and the reply must be /accepted (else FAIL, ends). */
jc_response *jc_mqtt_accepted(jc_mqtt *m, const char *op, const char *payload);
/* As jc_mqtt_request, and the reply must be /rejected with one of the
 * NULL-terminated codes (a failure is recorded otherwise; returns it). */
jc_response *jc_mqtt_rejected(jc_mqtt *m, const char *op, const char *payload, const char *const *codes);
/* The first reply on op/accepted or op/rejected after *cursor, whatever
 * clientToken it carries (for requests a server may refuse or ignore, and
 * to judge the echo itself), within deadline_ms (0 = --poll-deadline);
 * *cursor moves past it. NULL when none came (nothing recorded). */
jc_response *jc_mqtt_any_reply(jc_mqtt *m, const char *op, size_t *cursor, long deadline_ms);

/* A reply or notification's payload as printable text for a message:
 * at most 300 bytes, control and non-ASCII bytes replaced (the server is
 * untrusted). "" for NULL. Owned by the ctx. */
const char *jc_mqtt_text(jc_ctx *ctx, const jc_response *r);

/* Notifications. A cursor counts the messages seen so far on the
 * connection; jc_mqtt_cursor gives "now". */
size_t jc_mqtt_cursor(jc_mqtt *m);
/* The first message on $aws/things/{thing}/jobs/{suffix} ("notify",
 * "notify-next") after *cursor, within deadline_ms (0 = --poll-deadline)
 * and for which pred (may be NULL) holds; *cursor moves past it. NULL when
 * none came in time (nothing recorded: the caller checks). */
typedef bool (*jc_mqtt_match)(const jc_response *msg, void *arg);
jc_response *jc_mqtt_wait(jc_mqtt *m, const char *suffix, size_t *cursor, long deadline_ms, jc_mqtt_match pred,
                          void *arg);
/* How many messages on that topic arrived after cursor (no waiting). */
size_t jc_mqtt_count(jc_mqtt *m, const char *suffix, size_t cursor);

/* For a message that must not arrive, or may not: as jc_mqtt_wait, for
 * what was caused by anything done before the call. No broker says "nothing
 * more is coming", so:
 * - where the endpoint declares jobsref's ordering guarantee
 *   (reference/server/mqtt_front.h; "mqttOrdered" in GET /_jobsref/info),
 *   a barrier: a request on this connection ({new id}/get) whose reply the
 *   endpoint publishes after every message caused before it. The message,
 *   if it was sent at all, arrived before that reply: exact, no waiting.
 * - otherwise, or with --mqtt-windows, a quiet window: wait up to
 *   --quiet-window seconds.
 * NULL when none came. A barrier without a reply within --poll-deadline
 * FAILs and ends the scenario (the device API did not answer). */
jc_response *jc_mqtt_settle(jc_mqtt *m, const char *suffix, size_t *cursor, jc_mqtt_match pred, void *arg);
/* Whether jc_mqtt_settle uses a barrier on this run. */
bool jc_mqtt_has_barrier(const jc_ctx *ctx);

/* The embedded run's broker: mosquitto on a free loopback port with a
 * generated configuration (no persistence, anonymous, loopback only), in a
 * private temporary directory. Returns NULL (and a reason in why) when
 * mosquitto is not installed or does not start. */
typedef struct jc_broker jc_broker;
jc_broker *jc_broker_start(char *why, size_t why_len);
/* "mqtt://127.0.0.1:PORT" */
const char *jc_broker_url(const jc_broker *b);
/* Stops mosquitto (SIGKILL: it keeps nothing; reaped before returning) and
 * removes its files. */
void jc_broker_stop(jc_broker *b);

#ifdef __cplusplus
}
#endif
#endif
