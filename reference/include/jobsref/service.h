/* One HTTP exchange end to end, without sockets: route, decode, execute,
 * render the success body or the error response. This is the single entry
 * point the server and the fuzzers share, so they run exactly the same code
 * path. */
#ifndef JOBSREF_SERVICE_H
#define JOBSREF_SERVICE_H

#include "jobsref/machine.h"
#include "jobsref/request.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jr_http_response {
    int status;
    /* Static string for the x-amzn-ErrorType header (the error shape name),
     * or NULL on success or when the error-type-missing fault hides it. */
    const char *error_type;
    char *body; /* heap, owned by the response; always a JSON object */
    size_t body_len;
    jr_op op; /* the operation that was routed, JR_OP_NONE if none */
} jr_http_response;

/* Never fails: a decoding or state error becomes an error response with the
 * model's status, a JSON body {"message": ...} plus resourceId/resourceArn
 * where the shape has them. Faults of the machine apply. */
void jr_service_handle(jr_machine *m, const jr_http_input *in, jr_http_response *out);

/* Renders an error as a response (status from the model for the plane,
 * header name, JSON body). Used by jr_service_handle and by the server's
 * front door for errors found before decoding (413, unknown route). */
void jr_service_render_error(const jr_error *err, jr_plane plane, jr_fault_set faults, jr_http_response *out);

void jr_http_response_free(jr_http_response *resp);

#ifdef __cplusplus
}
#endif
#endif
