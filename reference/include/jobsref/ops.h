/* The operations libjobsref knows, as data: one row per operation with the
 * model's name, plane, HTTP method and path template, whether the input has
 * body members, and the error shapes the service model lists for it. The
 * route table, the decoder, the machine's dispatch and the request encoder
 * all read this same table (reference/src/ops.c); fuzz harnesses and tests
 * may read it too instead of keeping their own list. */
#ifndef JOBSREF_OPS_H
#define JOBSREF_OPS_H

#include "jobsref/error.h"
#include "jobsref/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jr_op_info {
    jr_op op;
    const char *name;   /* the model's operation name ("CreateJob") */
    jr_plane plane;
    const char *method; /* "PUT" */
    const char *path;   /* request URI template ("/jobs/{jobId}") */
    bool has_body;      /* input has body members: a JSON object is always sent */
    /* The model's `errors` list of the operation, JR_ERR_NONE-terminated. */
    const jr_error_type *errors;
} jr_op_info;

/* The row of an operation; NULL for JR_OP_NONE or a value out of range. */
const jr_op_info *jr_op_info_get(jr_op op);

#ifdef __cplusplus
}
#endif
#endif
