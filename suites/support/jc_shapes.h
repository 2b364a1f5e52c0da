/* Response shapes: every response of every scenario is checked against the
 * output shape (or the error shapes) the service model gives its operation.
 *
 * The shapes are one table (jc_shapes.c), written against
 * spec/wire-facts.md (the botocore models as Debian 12 packages them): the
 * operations and their method and path, the members each output structure
 * allows with their types, enums, lengths, patterns and ranges, the required
 * members of nested structures, timestamps as numbers, and for errors the
 * error shapes of each service with their HTTP status and the errors each
 * operation lists.
 *
 * jc_call runs jc_shape_check_exchange on every exchange; a violation fails
 * the scenario with the operation, the member path and what was wrong. The
 * functions are pure (no I/O, no globals besides the constant table). */
#ifndef JC_SHAPES_H
#define JC_SHAPES_H

#include <stdbool.h>
#include <stddef.h>

#include "jc_response.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jc_operation jc_operation;

/* The operation a request addresses: plane 0 is the control plane (service
 * iot), 1 the data plane (iot-jobs-data); path is the encoded path without
 * the query. Returns NULL when no modeled operation has that method and path
 * (the reference's admin routes, deliberately unknown routes). */
const jc_operation *jc_shape_operation(int plane, const char *method, const char *path);
/* "CreateJob", "iot-jobs-data DescribeJobExecution", ... */
const char *jc_shape_operation_name(const jc_operation *op);
/* Every modeled operation, in the table's order: index i < count; the
   index of op (its place in that order); its plane (0 control, 1 data). */
size_t jc_shape_operation_count(void);
const jc_operation *jc_shape_operation_at(size_t i);
size_t jc_shape_operation_index(const jc_operation *op);
int jc_shape_operation_plane(const jc_operation *op);

/* Checks one decoded response against op's shapes. Writes the violations,
 * "member path: what is wrong" separated by "; ", into buf (always
 * NUL-terminated, truncated to buf_len) and returns how many were found; 0
 * means the response has its shape. Responses that carry no shape to check
 * are accepted: a 5xx with an empty or HTML body (the client reads only the
 * status), the body of a 2xx to an operation with no output shape, a
 * response that did not decode (the checks that read it report that). */
size_t jc_shape_check(const jc_operation *op, const jc_response *resp, char *buf, size_t buf_len);

/* jc_shape_operation + jc_shape_check in one call, for the hook in jc_call:
 * returns the number of violations (0 when the route is not an operation),
 * with "Operation: violations" in buf. */
size_t jc_shape_check_exchange(int plane, const char *method, const char *path, const jc_response *resp,
                               char *buf, size_t buf_len);

#ifdef __cplusplus
}
#endif
#endif
