/* API errors as values: a type (the model's exception shape name), the member
 * it concerns, a message, and the extra members some shapes carry.
 *
 * jr_error is a plain struct with fixed buffers: it never owns heap memory,
 * so callers may keep it on the stack and never free it. */
#ifndef JOBSREF_ERROR_H
#define JOBSREF_ERROR_H

#include "jobsref/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jr_error_type {
    JR_ERR_NONE = 0,
    /* modeled exception shapes (iot and iot-jobs-data) */
    JR_ERR_INVALID_REQUEST,          /* InvalidRequestException 400 */
    JR_ERR_RESOURCE_NOT_FOUND,       /* ResourceNotFoundException 404 */
    JR_ERR_LIMIT_EXCEEDED,           /* LimitExceededException 410 */
    JR_ERR_THROTTLING,               /* ThrottlingException 400 (iot) / 429 (data) */
    JR_ERR_SERVICE_UNAVAILABLE,      /* ServiceUnavailableException 503 */
    JR_ERR_INVALID_STATE_TRANSITION, /* InvalidStateTransitionException 409 */
    JR_ERR_VERSION_CONFLICT,         /* VersionConflictException 409 */
    JR_ERR_RESOURCE_ALREADY_EXISTS,  /* ResourceAlreadyExistsException 409 (+resourceId, resourceArn) */
    JR_ERR_CONFLICT,                 /* ConflictException 409 */
    JR_ERR_INTERNAL_FAILURE,         /* InternalFailureException 500 */
    JR_ERR_TERMINAL_STATE,           /* TerminalStateException 410 (data plane) */
    JR_ERR_CERTIFICATE_VALIDATION,   /* CertificateValidationException 400 (data plane) */
    JR_ERR_UNAUTHORIZED,             /* UnauthorizedException 401 (registry) */
    /* front-door errors the model does not list */
    JR_ERR_UNKNOWN_OPERATION,        /* UnknownOperationException 404: no route */
    JR_ERR_PAYLOAD_TOO_LARGE,        /* PayloadTooLargeException 413: body over the limit */
    JR_ERR_TYPE_COUNT
} jr_error_type;

#define JR_ERROR_FIELD_MAX 64
#define JR_ERROR_MESSAGE_MAX 512
#define JR_ERROR_RESOURCE_MAX 512

typedef struct jr_error {
    jr_error_type type;
    /* The request member the error is about ("jobId", "targets[3]",
     * "abortConfig.criteriaList[0].thresholdPercentage"), or "". */
    char field[JR_ERROR_FIELD_MAX];
    char message[JR_ERROR_MESSAGE_MAX];
    /* ResourceAlreadyExistsException members; "" when absent. */
    char resource_id[JR_ERROR_RESOURCE_MAX];
    char resource_arn[JR_ERROR_RESOURCE_MAX];
} jr_error;

/* The shape name sent in x-amzn-ErrorType ("InvalidRequestException"). */
const char *jr_error_type_name(jr_error_type t);
/* Parses a shape name; false if unknown. */
bool jr_error_type_parse(const char *name, jr_error_type *out);
/* The HTTP status of the error on the given plane (the model's
 * httpStatusCode; ThrottlingException differs between planes). */
int jr_error_http_status(jr_error_type t, jr_plane plane);

/* Resets *err to JR_ERR_NONE with empty strings. */
void jr_error_clear(jr_error *err);
/* Sets type, field (may be NULL) and a printf-style message; truncates
 * safely. Returns JR_FAIL so callers can `return jr_error_set(...)`. */
jr_status jr_error_set(jr_error *err, jr_error_type type, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#ifdef __cplusplus
}
#endif
#endif
