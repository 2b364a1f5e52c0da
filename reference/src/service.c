/* jr_service_handle: route -> decode -> execute -> response, and the error
 * rendering shared with the server's front door. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "jobsref/service.h"

static void set_body(jr_http_response *out, char *body)
{
    if (!body) body = strdup("{}");
    out->body = body;
    out->body_len = body ? strlen(body) : 0;
}

void jr_service_render_error(const jr_error *err, jr_plane plane, jr_fault_set faults, jr_http_response *out)
{
    jr_op op = out->op;
    memset(out, 0, sizeof *out);
    out->op = op;
    jr_error_type t = err->type;
    if (t <= JR_ERR_NONE || t >= JR_ERR_TYPE_COUNT) t = JR_ERR_INTERNAL_FAILURE;
    out->status = jr_error_http_status(t, plane);
    if (jr_fault_on(faults, JR_FAULT_ERROR_STATUS_400)) out->status = 400;
    bool hide = jr_fault_on(faults, JR_FAULT_ERROR_TYPE_MISSING);
    out->error_type = hide ? NULL : jr_error_type_name(t);
    cJSON *o = cJSON_CreateObject();
    if (o) {
        cJSON_AddStringToObject(o, "message", err->message);
        if (err->resource_id[0]) cJSON_AddStringToObject(o, "resourceId", err->resource_id);
        if (err->resource_arn[0]) cJSON_AddStringToObject(o, "resourceArn", err->resource_arn);
    }
    char *s = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    set_body(out, s);
}

void jr_service_handle(jr_machine *m, const jr_http_input *in, jr_http_response *out)
{
    memset(out, 0, sizeof *out);
    jr_error err;
    jr_error_clear(&err);
    jr_fault_set faults = m ? jr_machine_faults(m) : 0;
    bool method_known = false;
    jr_op op = jr_route_match(in->plane, in->method ? in->method : "", in->path ? in->path : "", &method_known);
    if (op == JR_OP_NONE) {
        jr_error_set(&err, JR_ERR_UNKNOWN_OPERATION, NULL, "no route for %s %s", in->method ? in->method : "",
                     in->path ? in->path : "");
        jr_service_render_error(&err, in->plane, faults, out);
        return;
    }
    out->op = op;
    jr_request req;
    memset(&req, 0, sizeof req);
    if (jr_decode_request(in, faults, &req, &err) != JR_OK) {
        jr_service_render_error(&err, in->plane, faults, out);
        return;
    }
    jr_response resp;
    if (!m) {
        jr_error_set(&err, JR_ERR_SERVICE_UNAVAILABLE, NULL, "no machine");
        jr_request_free(&req);
        jr_service_render_error(&err, in->plane, faults, out);
        return;
    }
    if (jr_machine_execute(m, &req, &resp, &err) != JR_OK) {
        jr_request_free(&req);
        jr_service_render_error(&err, in->plane, faults, out);
        return;
    }
    jr_request_free(&req);
    out->status = resp.http_status;
    out->error_type = NULL;
    out->body = resp.body;
    out->body_len = resp.body_len;
}

void jr_http_response_free(jr_http_response *resp)
{
    if (!resp) return;
    free(resp->body);
    resp->body = NULL;
    resp->body_len = 0;
}
