/* Route table and matching (see route.h for the rules). */
#include "route.h"

#include <string.h>

/* One segment of a route template, split at compile time so that matching a
 * path never re-parses the templates. */
typedef enum { SEG_LITERAL, SEG_LABEL, SEG_NEXT } seg_kind;

typedef struct tmpl_seg {
    seg_kind kind;
    const char *text; /* the literal, or the label's member name */
    size_t len;       /* of the literal */
} tmpl_seg;

#define LIT(s) {SEG_LITERAL, s, sizeof(s) - 1}
#define LABEL(name) {SEG_LABEL, name, 0}
#define NEXT {SEG_NEXT, "$next", 5}

typedef struct route {
    jr_plane plane;
    const char *method;
    const char *tmpl; /* for jr_route_template */
    jr_op op;
    size_t nseg;
    tmpl_seg seg[JR_ROUTE_MAX_SEGMENTS];
} route;

/* Literal routes come before label routes with the same shape. */
static const route ROUTES[] = {
    {JR_PLANE_CONTROL, "PUT", "/thing-groups/addThingToThingGroup", JR_OP_ADD_THING_TO_THING_GROUP,
     2, {LIT("thing-groups"), LIT("addThingToThingGroup")}},
    {JR_PLANE_CONTROL, "PUT", "/thing-groups/removeThingFromThingGroup", JR_OP_REMOVE_THING_FROM_THING_GROUP,
     2, {LIT("thing-groups"), LIT("removeThingFromThingGroup")}},
    {JR_PLANE_CONTROL, "PUT", "/jobs/{jobId}", JR_OP_CREATE_JOB,
     2, {LIT("jobs"), LABEL("jobId")}},
    {JR_PLANE_CONTROL, "GET", "/jobs/{jobId}", JR_OP_DESCRIBE_JOB,
     2, {LIT("jobs"), LABEL("jobId")}},
    {JR_PLANE_CONTROL, "PATCH", "/jobs/{jobId}", JR_OP_UPDATE_JOB,
     2, {LIT("jobs"), LABEL("jobId")}},
    {JR_PLANE_CONTROL, "DELETE", "/jobs/{jobId}", JR_OP_DELETE_JOB,
     2, {LIT("jobs"), LABEL("jobId")}},
    {JR_PLANE_CONTROL, "GET", "/jobs", JR_OP_LIST_JOBS,
     1, {LIT("jobs")}},
    {JR_PLANE_CONTROL, "POST", "/jobs/{jobId}/targets", JR_OP_ASSOCIATE_TARGETS_WITH_JOB,
     3, {LIT("jobs"), LABEL("jobId"), LIT("targets")}},
    {JR_PLANE_CONTROL, "PUT", "/jobs/{jobId}/cancel", JR_OP_CANCEL_JOB,
     3, {LIT("jobs"), LABEL("jobId"), LIT("cancel")}},
    {JR_PLANE_CONTROL, "GET", "/jobs/{jobId}/job-document", JR_OP_GET_JOB_DOCUMENT,
     3, {LIT("jobs"), LABEL("jobId"), LIT("job-document")}},
    {JR_PLANE_CONTROL, "GET", "/jobs/{jobId}/things", JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB,
     3, {LIT("jobs"), LABEL("jobId"), LIT("things")}},
    {JR_PLANE_CONTROL, "GET", "/things/{thingName}/jobs", JR_OP_LIST_JOB_EXECUTIONS_FOR_THING,
     3, {LIT("things"), LABEL("thingName"), LIT("jobs")}},
    {JR_PLANE_CONTROL, "GET", "/things/{thingName}/jobs/{jobId}", JR_OP_DESCRIBE_JOB_EXECUTION,
     4, {LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId")}},
    {JR_PLANE_CONTROL, "PUT", "/things/{thingName}/jobs/{jobId}/cancel", JR_OP_CANCEL_JOB_EXECUTION,
     5, {LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId"), LIT("cancel")}},
    {JR_PLANE_CONTROL, "DELETE", "/things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}",
     JR_OP_DELETE_JOB_EXECUTION, 6,
     {LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId"), LIT("executionNumber"),
      LABEL("executionNumber")}},
    {JR_PLANE_CONTROL, "POST", "/things/{thingName}", JR_OP_CREATE_THING,
     2, {LIT("things"), LABEL("thingName")}},
    {JR_PLANE_CONTROL, "GET", "/things/{thingName}", JR_OP_DESCRIBE_THING,
     2, {LIT("things"), LABEL("thingName")}},
    {JR_PLANE_CONTROL, "DELETE", "/things/{thingName}", JR_OP_DELETE_THING,
     2, {LIT("things"), LABEL("thingName")}},
    {JR_PLANE_CONTROL, "POST", "/thing-groups/{thingGroupName}", JR_OP_CREATE_THING_GROUP,
     2, {LIT("thing-groups"), LABEL("thingGroupName")}},
    {JR_PLANE_CONTROL, "GET", "/thing-groups/{thingGroupName}", JR_OP_DESCRIBE_THING_GROUP,
     2, {LIT("thing-groups"), LABEL("thingGroupName")}},
    {JR_PLANE_CONTROL, "DELETE", "/thing-groups/{thingGroupName}", JR_OP_DELETE_THING_GROUP,
     2, {LIT("thing-groups"), LABEL("thingGroupName")}},
    {JR_PLANE_CONTROL, "GET", "/thing-groups/{thingGroupName}/things", JR_OP_LIST_THINGS_IN_THING_GROUP,
     3, {LIT("thing-groups"), LABEL("thingGroupName"), LIT("things")}},
    {JR_PLANE_DATA, "GET", "/things/{thingName}/jobs", JR_OP_GET_PENDING_JOB_EXECUTIONS,
     3, {LIT("things"), LABEL("thingName"), LIT("jobs")}},
    {JR_PLANE_DATA, "PUT", "/things/{thingName}/jobs/$next", JR_OP_START_NEXT_PENDING_JOB_EXECUTION,
     4, {LIT("things"), LABEL("thingName"), LIT("jobs"), NEXT}},
    {JR_PLANE_DATA, "GET", "/things/{thingName}/jobs/{jobId}", JR_OP_DATA_DESCRIBE_JOB_EXECUTION,
     4, {LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId")}},
    {JR_PLANE_DATA, "POST", "/things/{thingName}/jobs/{jobId}", JR_OP_UPDATE_JOB_EXECUTION,
     4, {LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId")}},
};
#define NROUTES (sizeof ROUTES / sizeof ROUTES[0])

typedef struct segs {
    size_t n;
    const char *p[JR_ROUTE_MAX_SEGMENTS];
    size_t len[JR_ROUTE_MAX_SEGMENTS];
} segs;

/* Splits "/a/b" into segments; false when the path cannot match any route. */
static bool split(const char *path, segs *s)
{
    s->n = 0;
    if (!path || path[0] != '/') return false;
    const char *p = path + 1;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (s->n == JR_ROUTE_MAX_SEGMENTS) return false;
        s->p[s->n] = p;
        s->len[s->n] = len;
        s->n++;
        if (!slash) break;
        p = slash + 1;
    }
    /* "/" alone or a trailing slash: the last segment is empty. */
    if (s->len[s->n - 1] == 0) return false;
    return true;
}

static bool seg_is(const char *p, size_t len, const char *lit, size_t litlen)
{
    return len == litlen && memcmp(p, lit, len) == 0;
}

/* Matches a route's template against the path segments, stopping at the
 * first segment that differs; fills labels. */
static bool match_route(const route *r, const segs *s, jr_route_labels *labels)
{
    if (r->nseg != s->n) return false;
    labels->count = 0;
    for (size_t i = 0; i < r->nseg; i++) {
        const tmpl_seg *t = &r->seg[i];
        switch (t->kind) {
        case SEG_LABEL:
            labels->name[labels->count] = t->text;
            labels->raw[labels->count] = s->p[i];
            labels->len[labels->count] = s->len[i];
            labels->count++;
            break;
        case SEG_NEXT:
            if (!seg_is(s->p[i], s->len[i], "$next", 5) && !seg_is(s->p[i], s->len[i], "%24next", 7)) return false;
            break;
        case SEG_LITERAL:
            if (!seg_is(s->p[i], s->len[i], t->text, t->len)) return false;
            break;
        }
    }
    return true;
}

jr_op jr_route_find(jr_plane plane, const char *method, const char *path, bool *method_known,
                    jr_route_labels *labels)
{
    if (method_known) *method_known = false;
    if (labels) labels->count = 0;
    segs s;
    if (!split(path, &s)) return JR_OP_NONE;
    bool known = false;
    jr_op found = JR_OP_NONE;
    jr_route_labels l;
    for (size_t i = 0; i < NROUTES && found == JR_OP_NONE; i++) {
        if (ROUTES[i].plane != plane) continue;
        if (!match_route(&ROUTES[i], &s, &l)) continue;
        known = true;
        if (method && strcmp(method, ROUTES[i].method) == 0) {
            if (labels) *labels = l;
            found = ROUTES[i].op;
        }
    }
    if (method_known) *method_known = known;
    return found;
}

jr_op jr_route_match(jr_plane plane, const char *method, const char *path, bool *method_known)
{
    return jr_route_find(plane, method, path, method_known, NULL);
}

const char *jr_route_template(jr_op op, const char **method)
{
    for (size_t i = 0; i < NROUTES; i++) {
        if (ROUTES[i].op == op) {
            if (method) *method = ROUTES[i].method;
            return ROUTES[i].tmpl;
        }
    }
    return NULL;
}

bool jr_route_has_body(jr_op op)
{
    switch (op) {
    case JR_OP_CREATE_JOB:
    case JR_OP_UPDATE_JOB:
    case JR_OP_ASSOCIATE_TARGETS_WITH_JOB:
    case JR_OP_CANCEL_JOB:
    case JR_OP_CANCEL_JOB_EXECUTION:
    case JR_OP_CREATE_THING:
    case JR_OP_CREATE_THING_GROUP:
    case JR_OP_ADD_THING_TO_THING_GROUP:
    case JR_OP_REMOVE_THING_FROM_THING_GROUP:
    case JR_OP_START_NEXT_PENDING_JOB_EXECUTION:
    case JR_OP_UPDATE_JOB_EXECUTION:
        return true;
    default:
        return false;
    }
}
