/* fuzz_mqtt_decoder: MQTT topics and payloads through libjobsref's MQTT
 * decoder (jr_mqtt_decode_request) and the whole exchange (jr_mqtt_handle)
 * on a small machine, followed by a notification scan.
 *
 * Framing: byte 0 = flags (bits 0..3: the faults mqtt-no-notify-next,
 * mqtt-wrong-error-code, mqtt-no-client-token, mqtt-notify-unsorted; bit 4:
 * prefix the topic with "$aws/things/t1/jobs/" so that most inputs reach the
 * operations), then the topic up to the first NUL, then the payload (NULs
 * included).
 *
 * Checked after every input, beyond crashes and sanitizer reports: a reply
 * goes to the request topic plus /accepted or /rejected; its payload is a
 * JSON object with a numeric timestamp; a rejection's code is one of the
 * nine; every notification is a JSON object on notify or notify-next; the
 * machine's invariants hold. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "jobsref/mqtt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define H "fuzz_mqtt_decoder"

static void fixture(jr_machine *m, jr_op op, jr_request *r)
{
    r->op = op;
    r->plane = jr_op_plane(op);
    jr_response resp;
    jr_error err;
    if (jr_machine_execute(m, r, &resp, &err) == JR_OK) jr_response_free(&resp);
    else jrf_fail(H, "fixture %s failed: %s", jr_op_name(op), err.message);
}

static void check_object(const char *what, const char *payload, size_t len, bool timestamp)
{
    cJSON *j = cJSON_ParseWithLength(payload, len);
    if (!cJSON_IsObject(j)) jrf_fail(H, "%s payload is not a JSON object", what);
    if (timestamp && !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(j, "timestamp")))
        jrf_fail(H, "%s payload has no numeric timestamp", what);
    cJSON_Delete(j);
}

static void on_notification(void *ctx, const char *topic, const char *payload, size_t len)
{
    (void)ctx;
    size_t n = strlen(topic);
    bool notify = n > 7 && strcmp(topic + n - 7, "/notify") == 0;
    bool next = n > 12 && strcmp(topic + n - 12, "/notify-next") == 0;
    if (!notify && !next) jrf_fail(H, "notification on %s", topic);
    if (len > JR_MQTT_PAYLOAD_MAX) jrf_fail(H, "notification of %zu bytes", len);
    check_object("notification", payload, len, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned flags = data[0];
    data++;
    size--;
    const uint8_t *nul = memchr(data, 0, size);
    size_t tlen = nul ? (size_t)(nul - data) : size;
    const uint8_t *payload = nul ? nul + 1 : data + size;
    size_t plen = nul ? size - tlen - 1 : 0;
    static const char prefix[] = "$aws/things/t1/jobs/";
    size_t plen0 = (flags & 0x10) ? sizeof prefix - 1 : 0;
    char *topic = malloc(plen0 + tlen + 1);
    if (!topic) return 0;
    memcpy(topic, prefix, plen0);
    memcpy(topic + plen0, data, tlen);
    topic[plen0 + tlen] = '\0';
    size_t topic_len = plen0 + tlen;

    jr_fault_set faults = 0;
    static const jr_fault mf[] = {JR_FAULT_MQTT_NO_NOTIFY_NEXT, JR_FAULT_MQTT_WRONG_ERROR_CODE,
                                  JR_FAULT_MQTT_NO_CLIENT_TOKEN, JR_FAULT_MQTT_NOTIFY_UNSORTED};
    for (unsigned i = 0; i < 4; i++)
        if (flags & (1u << i)) faults |= JR_FAULT_BIT(mf[i]);

    /* the decoder alone */
    jr_mqtt_request req;
    jr_mqtt_error merr;
    char *token = NULL;
    if (jr_mqtt_decode_request(topic, topic_len, payload, plen, faults, &req, &merr, &token) == JR_OK) {
        if (req.req.plane != JR_PLANE_DATA) jrf_fail(H, "decoded to a control-plane operation");
        if (req.client_token && (strlen(req.client_token) < 1 || strlen(req.client_token) > JR_MQTT_CLIENT_TOKEN_MAX))
            jrf_fail(H, "clientToken outside 1..64 accepted");
        jr_mqtt_request_free(&req);
    } else {
        if (merr.code == JR_MQTT_OK || merr.code >= JR_MQTT_CODE_COUNT) jrf_fail(H, "failure without a code");
        free(token);
    }

    /* the exchange on a machine with thing t1 and a job j1 for it */
    jr_virtual_clock vc;
    jr_virtual_clock_init(&vc, 1700000000000LL);
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    cfg.faults = faults;
    jr_machine *m = jr_machine_new(&cfg, jr_clock_virtual(&vc));
    if (!m) {
        free(topic);
        return 0;
    }
    static char t1[] = "t1", j1[] = "j1", doc[] = "{\"u\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/b/k}\"}";
    static char target[] = "arn:aws:iot:us-east-1:123456789012:thing/t1";
    static char *targets[] = {target};
    jr_request r;
    memset(&r, 0, sizeof r);
    r.thing_name = t1;
    fixture(m, JR_OP_CREATE_THING, &r);
    memset(&r, 0, sizeof r);
    r.job_id = j1;
    r.targets.items = targets;
    r.targets.count = 1;
    r.document = doc;
    fixture(m, JR_OP_CREATE_JOB, &r);

    jr_mqtt_options o = {.faults = faults, .presign_key = 7, .now_ms = 1700000000000LL};
    jr_mqtt_notifier *n = jr_mqtt_notifier_new();
    jr_mqtt_notifier_scan(n, m, &o, on_notification, NULL);
    jr_mqtt_reply rep;
    jr_mqtt_handle(m, &o, topic, topic_len, payload, plen, &rep);
    if (rep.topic) {
        size_t rl = strlen(rep.topic);
        bool acc = rl == topic_len + 9 && strcmp(rep.topic + topic_len, "/accepted") == 0;
        bool rej = rl == topic_len + 9 && strcmp(rep.topic + topic_len, "/rejected") == 0;
        if ((!acc && !rej) || memcmp(rep.topic, topic, topic_len) != 0) jrf_fail(H, "reply on %s", rep.topic);
        if (acc != (rep.code == JR_MQTT_OK)) jrf_fail(H, "reply topic and code disagree");
        if (!rep.payload) jrf_fail(H, "reply without payload");
        check_object("reply", rep.payload, rep.payload_len, true);
        if (rej) {
            cJSON *j = cJSON_ParseWithLength(rep.payload, rep.payload_len);
            jr_mqtt_code c;
            const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "code");
            if (!cJSON_IsString(code) || !jr_mqtt_code_parse(code->valuestring, &c))
                jrf_fail(H, "rejection without one of the nine codes");
            cJSON_Delete(j);
        }
    } else if (rep.payload) {
        jrf_fail(H, "payload without a reply topic");
    }
    jr_mqtt_reply_free(&rep);
    jr_mqtt_notifier_scan(n, m, &o, on_notification, NULL);
    char why[256];
    if (!jr_machine_check_invariants(m, why, sizeof why)) jrf_fail(H, "invariant: %s", why);
    jr_mqtt_notifier_free(n);
    jr_machine_free(m);
    free(topic);
    return 0;
}
