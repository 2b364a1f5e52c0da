/* Error shapes: names and HTTP statuses as the service models give them. */
#include "jobsref/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int control_status;
    int data_status;
} shapes[JR_ERR_TYPE_COUNT] = {
    [JR_ERR_NONE] = {"", 200, 200},
    [JR_ERR_INVALID_REQUEST] = {"InvalidRequestException", 400, 400},
    [JR_ERR_RESOURCE_NOT_FOUND] = {"ResourceNotFoundException", 404, 404},
    [JR_ERR_LIMIT_EXCEEDED] = {"LimitExceededException", 410, 410},
    /* The one status that differs between the planes. */
    [JR_ERR_THROTTLING] = {"ThrottlingException", 400, 429},
    [JR_ERR_SERVICE_UNAVAILABLE] = {"ServiceUnavailableException", 503, 503},
    [JR_ERR_INVALID_STATE_TRANSITION] = {"InvalidStateTransitionException", 409, 409},
    [JR_ERR_VERSION_CONFLICT] = {"VersionConflictException", 409, 409},
    [JR_ERR_RESOURCE_ALREADY_EXISTS] = {"ResourceAlreadyExistsException", 409, 409},
    [JR_ERR_CONFLICT] = {"ConflictException", 409, 409},
    [JR_ERR_INTERNAL_FAILURE] = {"InternalFailureException", 500, 500},
    [JR_ERR_TERMINAL_STATE] = {"TerminalStateException", 410, 410},
    [JR_ERR_CERTIFICATE_VALIDATION] = {"CertificateValidationException", 400, 400},
    [JR_ERR_UNAUTHORIZED] = {"UnauthorizedException", 401, 401},
    [JR_ERR_UNKNOWN_OPERATION] = {"UnknownOperationException", 404, 404},
    [JR_ERR_PAYLOAD_TOO_LARGE] = {"PayloadTooLargeException", 413, 413},
};

const char *jr_error_type_name(jr_error_type t)
{
    return (unsigned)t < JR_ERR_TYPE_COUNT ? shapes[t].name : "InternalFailureException";
}

bool jr_error_type_parse(const char *name, jr_error_type *out)
{
    if (name == NULL) return false;
    for (int i = JR_ERR_NONE + 1; i < JR_ERR_TYPE_COUNT; i++) {
        if (strcmp(shapes[i].name, name) == 0) {
            *out = (jr_error_type)i;
            return true;
        }
    }
    return false;
}

int jr_error_http_status(jr_error_type t, jr_plane plane)
{
    if ((unsigned)t >= JR_ERR_TYPE_COUNT) return 500;
    return plane == JR_PLANE_DATA ? shapes[t].data_status : shapes[t].control_status;
}

void jr_error_clear(jr_error *err)
{
    if (err == NULL) return;
    err->type = JR_ERR_NONE;
    err->field[0] = '\0';
    err->message[0] = '\0';
    err->resource_id[0] = '\0';
    err->resource_arn[0] = '\0';
}

jr_status jr_error_set(jr_error *err, jr_error_type type, const char *field, const char *fmt, ...)
{
    if (err == NULL) return JR_FAIL;
    jr_error_clear(err);
    err->type = type;
    if (field != NULL) snprintf(err->field, sizeof err->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return JR_FAIL;
}
