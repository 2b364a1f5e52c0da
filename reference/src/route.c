/* Route table and matching (see route.h for the rules). */
#include "route.h"

#include <string.h>

typedef struct route {
    jr_plane plane;
    const char *method;
    const char *tmpl;
    jr_op op;
} route;

/* Literal routes come before label routes with the same shape. */
static const route ROUTES[] = {
    {JR_PLANE_CONTROL, "PUT", "/thing-groups/addThingToThingGroup", JR_OP_ADD_THING_TO_THING_GROUP},
    {JR_PLANE_CONTROL, "PUT", "/thing-groups/removeThingFromThingGroup", JR_OP_REMOVE_THING_FROM_THING_GROUP},
    {JR_PLANE_CONTROL, "PUT", "/jobs/{jobId}", JR_OP_CREATE_JOB},
    {JR_PLANE_CONTROL, "GET", "/jobs/{jobId}", JR_OP_DESCRIBE_JOB},
    {JR_PLANE_CONTROL, "PATCH", "/jobs/{jobId}", JR_OP_UPDATE_JOB},
    {JR_PLANE_CONTROL, "DELETE", "/jobs/{jobId}", JR_OP_DELETE_JOB},
    {JR_PLANE_CONTROL, "GET", "/jobs", JR_OP_LIST_JOBS},
    {JR_PLANE_CONTROL, "POST", "/jobs/{jobId}/targets", JR_OP_ASSOCIATE_TARGETS_WITH_JOB},
    {JR_PLANE_CONTROL, "PUT", "/jobs/{jobId}/cancel", JR_OP_CANCEL_JOB},
    {JR_PLANE_CONTROL, "GET", "/jobs/{jobId}/job-document", JR_OP_GET_JOB_DOCUMENT},
    {JR_PLANE_CONTROL, "GET", "/jobs/{jobId}/things", JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB},
    {JR_PLANE_CONTROL, "GET", "/things/{thingName}/jobs", JR_OP_LIST_JOB_EXECUTIONS_FOR_THING},
    {JR_PLANE_CONTROL, "GET", "/things/{thingName}/jobs/{jobId}", JR_OP_DESCRIBE_JOB_EXECUTION},
    {JR_PLANE_CONTROL, "PUT", "/things/{thingName}/jobs/{jobId}/cancel", JR_OP_CANCEL_JOB_EXECUTION},
    {JR_PLANE_CONTROL, "DELETE", "/things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}",
     JR_OP_DELETE_JOB_EXECUTION},
    {JR_PLANE_CONTROL, "POST", "/things/{thingName}", JR_OP_CREATE_THING},
    {JR_PLANE_CONTROL, "GET", "/things/{thingName}", JR_OP_DESCRIBE_THING},
    {JR_PLANE_CONTROL, "DELETE", "/things/{thingName}", JR_OP_DELETE_THING},
    {JR_PLANE_CONTROL, "POST", "/thing-groups/{thingGroupName}", JR_OP_CREATE_THING_GROUP},
    {JR_PLANE_CONTROL, "GET", "/thing-groups/{thingGroupName}", JR_OP_DESCRIBE_THING_GROUP},
    {JR_PLANE_CONTROL, "DELETE", "/thing-groups/{thingGroupName}", JR_OP_DELETE_THING_GROUP},
    {JR_PLANE_CONTROL, "GET", "/thing-groups/{thingGroupName}/things", JR_OP_LIST_THINGS_IN_THING_GROUP},
    {JR_PLANE_DATA, "GET", "/things/{thingName}/jobs", JR_OP_GET_PENDING_JOB_EXECUTIONS},
    {JR_PLANE_DATA, "PUT", "/things/{thingName}/jobs/$next", JR_OP_START_NEXT_PENDING_JOB_EXECUTION},
    {JR_PLANE_DATA, "GET", "/things/{thingName}/jobs/{jobId}", JR_OP_DATA_DESCRIBE_JOB_EXECUTION},
    {JR_PLANE_DATA, "POST", "/things/{thingName}/jobs/{jobId}", JR_OP_UPDATE_JOB_EXECUTION},
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

/* Matches a template against the segments; fills labels when given. */
static bool match_tmpl(const char *tmpl, const segs *s, jr_route_labels *labels)
{
    segs t;
    if (!split(tmpl, &t) || t.n != s->n) return false;
    jr_route_labels l;
    l.count = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (t.p[i][0] == '{') {
            l.name[l.count] = NULL; /* filled below */
            l.raw[l.count] = s->p[i];
            l.len[l.count] = s->len[i];
            const char *nm = t.p[i] + 1;
            size_t nl = t.len[i] - 2;
            if (seg_is(nm, nl, "jobId", 5)) l.name[l.count] = "jobId";
            else if (seg_is(nm, nl, "thingName", 9)) l.name[l.count] = "thingName";
            else if (seg_is(nm, nl, "thingGroupName", 14)) l.name[l.count] = "thingGroupName";
            else l.name[l.count] = "executionNumber";
            l.count++;
        } else if (seg_is(t.p[i], t.len[i], "$next", 5)) {
            if (!seg_is(s->p[i], s->len[i], "$next", 5) && !seg_is(s->p[i], s->len[i], "%24next", 7)) return false;
        } else if (!seg_is(s->p[i], s->len[i], t.p[i], t.len[i])) {
            return false;
        }
    }
    if (labels) *labels = l;
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
    for (size_t i = 0; i < NROUTES && found == JR_OP_NONE; i++) {
        if (ROUTES[i].plane != plane) continue;
        if (!match_tmpl(ROUTES[i].tmpl, &s, NULL)) continue;
        known = true;
        if (method && strcmp(method, ROUTES[i].method) == 0) {
            match_tmpl(ROUTES[i].tmpl, &s, labels);
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
