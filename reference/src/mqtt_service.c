/* One MQTT exchange end to end (decode, execute, render) and the MQTT form
 * of the data-plane results: epoch seconds, jobDocument as a JSON object with
 * presigned URL placeholders replaced, clientToken and timestamp added, the
 * members no capture shows (thingName, approximateSecondsBeforeTimedOut)
 * left out [R]. Only the machine's public API is used. */
#include "jobsref/mqtt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "mqtt_internal.h"

static void add_i64(cJSON *o, const char *name, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    cJSON_AddRawToObject(o, name, buf);
}

/* The job's presignedUrlConfig.expiresInSec (default 3600), read through
 * DescribeJob on the control plane. */
static int64_t presign_expiry(jr_machine *m, const char *job_id)
{
    jr_request r;
    memset(&r, 0, sizeof r);
    r.op = JR_OP_DESCRIBE_JOB;
    r.plane = JR_PLANE_CONTROL;
    r.job_id = (char *)job_id;
    jr_response resp = {0};
    jr_error err;
    int64_t v = 3600;
    if (jr_machine_execute(m, &r, &resp, &err) == JR_OK) {
        cJSON *j = cJSON_ParseWithLength(resp.body, resp.body_len);
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "job"), "presignedUrlConfig"),
            "expiresInSec");
        if (cJSON_IsNumber(e)) v = (int64_t)e->valuedouble;
        cJSON_Delete(j);
    }
    jr_response_free(&resp);
    return v;
}

/* jobDocument (a string on HTTPS) becomes the parsed object over MQTT, with
 * presigned URL placeholders replaced; a document that is not JSON stays a
 * string. */
void jr_mqtt_fix_document(jr_machine *m, const jr_mqtt_options *o, cJSON *holder, const char *job_id)
{
    cJSON *d = cJSON_GetObjectItemCaseSensitive(holder, "jobDocument");
    if (!d || !cJSON_IsString(d)) return;
    const char *text = d->valuestring;
    char *swapped = NULL;
    if (strstr(text, "${aws:iot:s3-presigned-url:") && job_id) {
        swapped = jr_mqtt_presign_document(text, presign_expiry(m, job_id), o->now_ms, o->presign_key);
        if (swapped) text = swapped;
    }
    cJSON *parsed = cJSON_Parse(text);
    if (parsed) cJSON_ReplaceItemInObjectCaseSensitive(holder, "jobDocument", parsed);
    else if (swapped) cJSON_ReplaceItemInObjectCaseSensitive(holder, "jobDocument", cJSON_CreateString(swapped));
    free(swapped);
}

void jr_mqtt_fix_execution(jr_machine *m, const jr_mqtt_options *o, cJSON *e)
{
    if (!e) return;
    cJSON_DeleteItemFromObjectCaseSensitive(e, "thingName");
    cJSON_DeleteItemFromObjectCaseSensitive(e, "approximateSecondsBeforeTimedOut");
    cJSON *sd = cJSON_GetObjectItemCaseSensitive(e, "statusDetails");
    if (sd && cJSON_GetArraySize(sd) == 0) cJSON_DeleteItemFromObjectCaseSensitive(e, "statusDetails");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "jobId");
    jr_mqtt_fix_document(m, o, e, cJSON_IsString(id) ? id->valuestring : NULL);
}

/* Runs a data-plane describe of one execution, for notify-next ($next) and
 * for the executionState of VersionMismatch / InvalidStateTransition.
 * Returns the parsed response or NULL. */
cJSON *jr_mqtt_describe(jr_machine *m, const char *thing, const char *job_id, const jr_opt_i64 *number,
                        bool document)
{
    jr_request r;
    memset(&r, 0, sizeof r);
    r.op = JR_OP_DATA_DESCRIBE_JOB_EXECUTION;
    r.plane = JR_PLANE_DATA;
    r.thing_name = (char *)thing;
    r.job_id = (char *)job_id;
    if (number) r.execution_number = *number;
    r.include_job_document.present = true;
    r.include_job_document.value = document;
    jr_response resp = {0};
    jr_error err;
    cJSON *j = NULL;
    if (jr_machine_execute(m, &r, &resp, &err) == JR_OK) j = cJSON_ParseWithLength(resp.body, resp.body_len);
    jr_response_free(&resp);
    return j;
}

static char *execution_state(jr_machine *m, const jr_request *req)
{
    cJSON *j = jr_mqtt_describe(m, req->thing_name, req->job_id, &req->execution_number, false);
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "execution");
    char *out = NULL;
    if (e) {
        cJSON *st = cJSON_CreateObject();
        cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "status");
        cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "statusDetails");
        cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "versionNumber");
        if (s) cJSON_AddItemToObject(st, "status", cJSON_Duplicate(s, true));
        if (d) cJSON_AddItemToObject(st, "statusDetails", cJSON_Duplicate(d, true));
        if (v) cJSON_AddItemToObject(st, "versionNumber", cJSON_Duplicate(v, true));
        out = cJSON_PrintUnformatted(st);
        cJSON_Delete(st);
    }
    cJSON_Delete(j);
    return out;
}

/* The accepted payload of one operation from its HTTPS response body. */
static char *accepted(jr_machine *m, const jr_mqtt_options *o, const jr_mqtt_request *r, const char *body,
                      size_t body_len)
{
    cJSON *in = cJSON_ParseWithLength(body, body_len);
    if (!in) return NULL;
    cJSON *out = cJSON_CreateObject();
    if (r->client_token && !jr_fault_on(o->faults, JR_FAULT_MQTT_NO_CLIENT_TOKEN))
        cJSON_AddStringToObject(out, "clientToken", r->client_token);
    add_i64(out, "timestamp", o->now_ms / 1000);
    switch (r->req.op) {
    case JR_OP_GET_PENDING_JOB_EXECUTIONS: {
        /* both lists always present; at most 10 executions in all */
        cJSON *ip = cJSON_DetachItemFromObjectCaseSensitive(in, "inProgressJobs");
        cJSON *q = cJSON_DetachItemFromObjectCaseSensitive(in, "queuedJobs");
        if (!ip) ip = cJSON_CreateArray();
        if (!q) q = cJSON_CreateArray();
        int keep = JR_MQTT_NOTIFY_LIST_MAX;
        cJSON *lists[2] = {ip, q};
        for (int l = 0; l < 2; l++) {
            while (cJSON_GetArraySize(lists[l]) > keep)
                cJSON_DeleteItemFromArray(lists[l], cJSON_GetArraySize(lists[l]) - 1);
            keep -= cJSON_GetArraySize(lists[l]);
        }
        cJSON_AddItemToObject(out, "inProgressJobs", ip);
        cJSON_AddItemToObject(out, "queuedJobs", q);
        break;
    }
    case JR_OP_START_NEXT_PENDING_JOB_EXECUTION:
    case JR_OP_DATA_DESCRIBE_JOB_EXECUTION: {
        cJSON *e = cJSON_DetachItemFromObjectCaseSensitive(in, "execution");
        if (e) {
            jr_mqtt_fix_execution(m, o, e);
            cJSON_AddItemToObject(out, "execution", e);
        }
        break;
    }
    case JR_OP_UPDATE_JOB_EXECUTION: {
        cJSON *st = cJSON_DetachItemFromObjectCaseSensitive(in, "executionState");
        if (st) cJSON_AddItemToObject(out, "executionState", st);
        cJSON *d = cJSON_DetachItemFromObjectCaseSensitive(in, "jobDocument");
        if (d) {
            cJSON_AddItemToObject(out, "jobDocument", d);
            jr_mqtt_fix_document(m, o, out, r->req.job_id);
        }
        break;
    }
    default: break;
    }
    cJSON_Delete(in);
    char *s = cJSON_PrintUnformatted(out);
    cJSON_Delete(out);
    return s;
}

void jr_mqtt_handle(jr_machine *m, const jr_mqtt_options *o, const char *topic, size_t topic_len,
                    const uint8_t *payload, size_t payload_len, jr_mqtt_reply *out)
{
    memset(out, 0, sizeof *out);
    jr_mqtt_topic_kind kind = jr_mqtt_topic_classify(topic, topic_len);
    if (kind == JR_MQTT_TOPIC_FOREIGN || kind == JR_MQTT_TOPIC_OUTPUT) return;
    /* An InvalidTopic rejection goes to <topic>/rejected [R]; an overlong
     * topic is not echoed back at all. */
    if (topic_len > JR_MQTT_TOPIC_MAX) return;
    jr_mqtt_request r;
    jr_mqtt_error merr;
    char *token = NULL;
    char *state = NULL;
    if (jr_mqtt_decode_request(topic, topic_len, payload, payload_len, o->faults, &r, &merr, &token) == JR_OK) {
        out->op = r.req.op;
        jr_response resp = {0};
        jr_error err;
        if (jr_machine_execute(m, &r.req, &resp, &err) == JR_OK) {
            out->payload = accepted(m, o, &r, resp.body, resp.body_len);
            jr_response_free(&resp);
            if (out->payload) {
                out->topic = jr_mqtt_reply_topic(topic, topic_len, true);
                out->payload_len = strlen(out->payload);
                out->code = JR_MQTT_OK;
                jr_mqtt_request_free(&r);
                return;
            }
            merr.code = JR_MQTT_INTERNAL_ERROR;
            snprintf(merr.message, sizeof merr.message, "out of memory");
        } else {
            merr.code = jr_mqtt_code_for_error(err.type);
            snprintf(merr.message, sizeof merr.message, "%s", err.message);
            if (merr.code == JR_MQTT_VERSION_MISMATCH || merr.code == JR_MQTT_INVALID_STATE_TRANSITION)
                state = execution_state(m, &r.req);
        }
        token = r.client_token;
        r.client_token = NULL;
        jr_mqtt_request_free(&r);
    }
    out->code = merr.code;
    if (jr_fault_on(o->faults, JR_FAULT_MQTT_WRONG_ERROR_CODE) && out->code == JR_MQTT_RESOURCE_NOT_FOUND)
        out->code = JR_MQTT_INVALID_REQUEST;
    out->topic = jr_mqtt_reply_topic(topic, topic_len, false);
    out->payload = jr_mqtt_encode_rejected(merr.code, merr.message, token, o->now_ms, state, o->faults);
    out->payload_len = out->payload ? strlen(out->payload) : 0;
    free(token);
    free(state);
}

void jr_mqtt_reply_free(jr_mqtt_reply *r)
{
    if (!r) return;
    free(r->topic);
    free(r->payload);
    memset(r, 0, sizeof *r);
}
