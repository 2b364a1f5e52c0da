/* The device side of the Jobs API over MQTT (spec/mqtt-facts.md), as pure
 * code beside the HTTP codecs: topic + payload in, the same typed request the
 * HTTPS data plane produces, and the /accepted or /rejected payload out.
 * Notifications (notify, notify-next) are computed by jr_mqtt_notifier from
 * the machine's public API, never from inside the machine.
 *
 * Nothing here does I/O; the server's MQTT front (reference/server) only
 * moves bytes between a broker and these functions. Every string returned is
 * heap memory owned by the caller (free()). */
#ifndef JOBSREF_MQTT_H
#define JOBSREF_MQTT_H

#include "jobsref/machine.h"
#include "jobsref/request.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest MQTT message AWS IoT accepts (128 KiB); larger requests are
 * rejected with InvalidRequest, and no reply or notification is larger. */
#define JR_MQTT_PAYLOAD_MAX (128u * 1024u)
/* Longest request topic: "$aws/things/" + 128 + "/jobs/" + 64 + "/update". */
#define JR_MQTT_TOPIC_MAX 256
/* clientToken: 1..64 characters [R] (AWS's C SDK and Shadow use 64). */
#define JR_MQTT_CLIENT_TOKEN_MAX 64
/* Most executions a ListNotification or GetPending list carries. */
#define JR_MQTT_NOTIFY_LIST_MAX 10

/* The nine error codes of the MQTT ErrorResponse. */
typedef enum jr_mqtt_code {
    JR_MQTT_OK = 0,
    JR_MQTT_INVALID_TOPIC,
    JR_MQTT_INVALID_JSON,
    JR_MQTT_INVALID_REQUEST,
    JR_MQTT_INVALID_STATE_TRANSITION,
    JR_MQTT_RESOURCE_NOT_FOUND,
    JR_MQTT_VERSION_MISMATCH,
    JR_MQTT_INTERNAL_ERROR,
    JR_MQTT_REQUEST_THROTTLED,
    JR_MQTT_TERMINAL_STATE_REACHED,
    JR_MQTT_CODE_COUNT
} jr_mqtt_code;

/* "InvalidJson", ... as on the wire. */
const char *jr_mqtt_code_name(jr_mqtt_code c);
bool jr_mqtt_code_parse(const char *s, jr_mqtt_code *out);
/* The MQTT code for an API error of the data plane. */
jr_mqtt_code jr_mqtt_code_for_error(jr_error_type t);

/* What a topic is, for a server subscribed to $aws/things/+/jobs/#. */
typedef enum jr_mqtt_topic_kind {
    JR_MQTT_TOPIC_FOREIGN = 0, /* not under $aws/things/{thing}/jobs/: not ours */
    JR_MQTT_TOPIC_REQUEST,     /* one of the four request topics */
    JR_MQTT_TOPIC_OUTPUT,      /* a reply or notification topic: ignored [R] */
    JR_MQTT_TOPIC_INVALID,     /* under the Jobs namespace, no operation: InvalidTopic */
} jr_mqtt_topic_kind;

typedef struct jr_mqtt_error {
    jr_mqtt_code code;
    char message[JR_ERROR_MESSAGE_MAX];
} jr_mqtt_error;

/* A decoded request. `req` is the typed data-plane request (op, thing_name,
 * job_id and members) exactly as jr_decode_request would give for the same
 * call over HTTPS. client_token is NULL when the payload had none. Free with
 * jr_mqtt_request_free. */
typedef struct jr_mqtt_request {
    jr_request req;
    char *client_token;
} jr_mqtt_request;

/* Classifies a topic without looking at the payload. */
jr_mqtt_topic_kind jr_mqtt_topic_classify(const char *topic, size_t topic_len);

/* Decodes a request topic and payload. JR_OK: *out filled. JR_FAIL: *err
 * has the MQTT code and message, and *client_token (when not NULL) receives
 * the request's clientToken if one could be read (heap, or NULL), so the
 * rejection can echo it. `payload` need not be NUL-terminated; a zero-length
 * payload counts as {} [R]. Never aborts, whatever the input. */
jr_status jr_mqtt_decode_request(const char *topic, size_t topic_len, const uint8_t *payload, size_t payload_len,
                                 jr_fault_set faults, jr_mqtt_request *out, jr_mqtt_error *err, char **client_token);
void jr_mqtt_request_free(jr_mqtt_request *r);

/* The reply topic of a request topic: topic + "/accepted" or "/rejected".
 * Returns NULL on allocation failure. */
char *jr_mqtt_reply_topic(const char *request_topic, size_t topic_len, bool accepted);

/* Presigned URL placeholders: every
 * "${aws:iot:s3-presigned-url:https://...}" in `document` becomes that URL
 * with AWS SigV4 query parameters (X-Amz-Expires = expires_sec, a date from
 * now_ms, a signature derived from `key`). Anything else is copied as is. */
char *jr_mqtt_presign_document(const char *document, int64_t expires_sec, int64_t now_ms, uint64_t key);

/* An MQTT reply as one exchange end to end, like jr_service_handle for HTTP:
 * decode, execute on the machine, render. Never fails: any error becomes a
 * rejection. `topic` receives the reply topic (heap), `payload` the reply
 * JSON (heap). For topics that are not requests (FOREIGN, OUTPUT) both stay
 * NULL: nothing is to be published. */
typedef struct jr_mqtt_reply {
    char *topic;
    char *payload;
    size_t payload_len;
    jr_mqtt_code code; /* JR_MQTT_OK for /accepted */
    jr_op op;          /* the operation, JR_OP_NONE if none */
} jr_mqtt_reply;

typedef struct jr_mqtt_options {
    jr_fault_set faults;   /* the MQTT faults (and decoder faults) to apply */
    uint64_t presign_key;  /* secret mixed into presigned URL signatures */
    int64_t now_ms;        /* the machine's clock now: reply timestamps */
} jr_mqtt_options;

void jr_mqtt_handle(jr_machine *m, const jr_mqtt_options *opts, const char *topic, size_t topic_len,
                    const uint8_t *payload, size_t payload_len, jr_mqtt_reply *out);
void jr_mqtt_reply_free(jr_mqtt_reply *r);

/* Renders an ErrorResponse: {"code","message","clientToken"?,"timestamp",
 * "executionState"?}. execution_state_json is a JSON object text or NULL. */
char *jr_mqtt_encode_rejected(jr_mqtt_code code, const char *message, const char *client_token, int64_t now_ms,
                              const char *execution_state_json, jr_fault_set faults);

/* Notifications. A notifier remembers, per thing, which executions were
 * pending and which one was next when it last published, and publishes only
 * on a change (spec/mqtt-facts.md section 4):
 *   notify      when the set of pending executions changes (one queued,
 *               one terminal or gone); not when one only starts [R];
 *   notify-next when the execution $next would return changes.
 * Call jr_mqtt_notifier_scan after every request on any plane and after
 * every clock step, with the machine's lock held. */
typedef struct jr_mqtt_notifier jr_mqtt_notifier;

typedef void (*jr_mqtt_publish_fn)(void *ctx, const char *topic, const char *payload, size_t payload_len);

jr_mqtt_notifier *jr_mqtt_notifier_new(void);
void jr_mqtt_notifier_free(jr_mqtt_notifier *n);
/* Forgets every thing (after a machine reset). */
void jr_mqtt_notifier_clear(jr_mqtt_notifier *n);
/* Compares every thing that has or had pending executions with what was
 * last published and calls `publish` for each notification due. Returns the
 * number of notifications published. */
size_t jr_mqtt_notifier_scan(jr_mqtt_notifier *n, jr_machine *m, const jr_mqtt_options *opts,
                             jr_mqtt_publish_fn publish, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
