/* The admin routes documented in jr_server.h. */
#include "admin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define PREFIX_LEN (sizeof JR_ADMIN_PREFIX - 1)
#define JR_CLOCK_MAX_MS INT64_C(253402300799999) /* 9999-12-31T23:59:59.999Z */

bool jr_admin_matches(const char *url)
{
    return strncmp(url, JR_ADMIN_PREFIX, PREFIX_LEN) == 0 && (url[PREFIX_LEN] == '\0' || url[PREFIX_LEN] == '/');
}

static void reply_json(jr_http_response *out, cJSON *body)
{
    memset(out, 0, sizeof *out);
    out->status = 200;
    out->body = body ? cJSON_PrintUnformatted(body) : NULL;
    if (out->body == NULL) out->body = strdup("{}");
    out->body_len = out->body ? strlen(out->body) : 0;
    cJSON_Delete(body);
}

static void reply_error(jr_http_response *out, jr_machine *m, jr_plane plane, jr_error_type type, const char *fmt,
                        const char *arg)
{
    jr_error err;
    jr_error_set(&err, type, NULL, fmt, arg);
    memset(out, 0, sizeof *out);
    jr_service_render_error(&err, plane, jr_machine_faults(m), out);
}

static int64_t now_ms(jr_virtual_clock *vclock)
{
    if (vclock != NULL) return vclock->now_ms;
    jr_clock real = jr_clock_real();
    return jr_clock_now(&real);
}

static cJSON *fault_list(jr_fault_set set, bool only_enabled)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < JR_FAULT_COUNT; i++) {
        if (only_enabled) {
            if (jr_fault_on(set, (jr_fault)i)) cJSON_AddItemToArray(arr, cJSON_CreateString(jr_fault_name((jr_fault)i)));
            continue;
        }
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "name", jr_fault_name((jr_fault)i));
        cJSON_AddStringToObject(f, "description", jr_fault_description((jr_fault)i));
        cJSON_AddItemToArray(arr, f);
    }
    return arr;
}

static void advance_clock(jr_machine *m, jr_virtual_clock *vclock, jr_plane plane, const uint8_t *body,
                          size_t body_len, jr_http_response *out)
{
    if (vclock == NULL) {
        reply_error(out, m, plane, JR_ERR_INVALID_REQUEST, "%s", "the server runs on the real clock; start it with --clock virtual");
        return;
    }
    cJSON *req = body_len ? cJSON_ParseWithLength((const char *)body, body_len) : NULL;
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(req, "ms");
    double v = cJSON_IsNumber(ms) ? ms->valuedouble : -1;
    cJSON_Delete(req);
    if (!(v >= 0 && v <= 1e15 && floor(v) == v)) {
        reply_error(out, m, plane, JR_ERR_INVALID_REQUEST, "%s", "body must be {\"ms\": N} with N a non-negative integer");
        return;
    }
    /* Refused rather than wrapped: the clock stays within what timestamps
       can express (the end of year 9999), so repeated advances cannot
       overflow it. */
    if (vclock->now_ms > JR_CLOCK_MAX_MS - (int64_t)v) {
        reply_error(out, m, plane, JR_ERR_INVALID_REQUEST, "%s",
                    "the advance would move the virtual clock past 9999-12-31T23:59:59.999Z");
        return;
    }
    jr_virtual_clock_advance(vclock, (int64_t)v);
    jr_machine_advance(m);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "nowMs", (double)vclock->now_ms);
    reply_json(out, o);
}

void jr_admin_handle(jr_machine *m, jr_virtual_clock *vclock, jr_plane plane, const jr_server_options *opts,
                     const char *method, const char *url, const uint8_t *body, size_t body_len, jr_http_response *out)
{
    const char *route = url + PREFIX_LEN;
    bool get = strcmp(method, "GET") == 0, post = strcmp(method, "POST") == 0;
    bool put = strcmp(method, "PUT") == 0, del = strcmp(method, "DELETE") == 0;

    if (get && strcmp(route, "/info") == 0) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", "jobsref");
        cJSON_AddStringToObject(o, "version", JR_VERSION);
        cJSON_AddBoolToObject(o, "admin", true);
        cJSON_AddStringToObject(o, "clock", vclock ? "virtual" : "real");
        cJSON_AddStringToObject(o, "region", opts->region);
        cJSON_AddStringToObject(o, "accountId", opts->account_id);
        cJSON_AddStringToObject(o, "plane", plane == JR_PLANE_DATA ? "data" : "control");
        /* the MQTT front's ordering guarantee (mqtt_front.h), with a front */
        if (opts->mqtt_url) cJSON_AddBoolToObject(o, "mqttOrdered", true);
        reply_json(out, o);
    } else if (get && strcmp(route, "/clock") == 0) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "nowMs", (double)now_ms(vclock));
        cJSON_AddBoolToObject(o, "virtual", vclock != NULL);
        reply_json(out, o);
    } else if (post && strcmp(route, "/clock/advance") == 0) {
        advance_clock(m, vclock, plane, body, body_len, out);
    } else if (post && strcmp(route, "/reset") == 0) {
        jr_machine_reset(m);
        reply_json(out, cJSON_CreateObject());
    } else if (get && strcmp(route, "/faults") == 0) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "available", fault_list(0, false));
        cJSON_AddItemToObject(o, "enabled", fault_list(jr_machine_faults(m), true));
        reply_json(out, o);
    } else if ((put || del) && strncmp(route, "/faults/", 8) == 0) {
        jr_fault f;
        if (!jr_fault_parse(route + 8, &f)) {
            reply_error(out, m, plane, JR_ERR_RESOURCE_NOT_FOUND, "no fault named '%s'", route + 8);
            return;
        }
        jr_fault_set set = jr_machine_faults(m);
        set = put ? (set | JR_FAULT_BIT(f)) : (set & ~JR_FAULT_BIT(f));
        jr_machine_set_faults(m, set);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "enabled", fault_list(set, true));
        reply_json(out, o);
    } else {
        reply_error(out, m, plane, JR_ERR_UNKNOWN_OPERATION, "no admin route %s", url);
    }
}
