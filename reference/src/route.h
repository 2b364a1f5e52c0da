/* Internal: the route table shared by jr_route_match (route.c) and the
 * decoder. Routing rules:
 *  - the path must start with '/'; it is split on '/' into at most
 *    JR_ROUTE_MAX_SEGMENTS segments (longer paths match nothing);
 *  - a trailing slash ("/jobs/x/") matches nothing (no normalisation);
 *  - an empty inner segment ("/jobs//targets") fills a label with "" (which
 *    validation then rejects naming the member); ".." is ordinary label text;
 *  - literal segments compare byte-exactly against the raw path, except the
 *    data-plane `$next` literal, which also matches `%24next`;
 *  - literal routes win over label routes for the same method
 *    (PUT /thing-groups/addThingToThingGroup).
 * The routes are the rows of the operation table (ops.h). */
#ifndef JR_ROUTE_H
#define JR_ROUTE_H

#include "jobsref/request.h"
#include "ops.h"

typedef struct jr_route_labels {
    size_t count;
    const char *name[JR_ROUTE_MAX_LABELS]; /* "jobId", "thingName", ... (static) */
    const char *raw[JR_ROUTE_MAX_LABELS];  /* points into the path, still encoded */
    size_t len[JR_ROUTE_MAX_LABELS];
} jr_route_labels;

/* Like jr_route_match, and also returns the raw label segments (labels may be
 * NULL). method_known may be NULL. */
jr_op jr_route_find(jr_plane plane, const char *method, const char *path, bool *method_known,
                    jr_route_labels *labels);

/* The path template of an operation ("/jobs/{jobId}/targets") and its method,
 * used by the encoder. NULL for JR_OP_NONE. */
const char *jr_route_template(jr_op op, const char **method);

/* True for operations whose input has body members (a JSON object body is
 * then always sent, `{}` at least). */
bool jr_route_has_body(jr_op op);

#endif
