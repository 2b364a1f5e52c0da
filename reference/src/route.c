/* Route table and matching (see route.h for the rules). */
#include "route.h"

#include <string.h>

/* Routes are the rows of the operation table (ops.c): its path template
 * split into segments at compile time, so matching never re-parses it. */

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
static bool match_route(const jr_op_row *r, const segs *s, jr_route_labels *labels)
{
    if (r->nseg != s->n) return false;
    labels->count = 0;
    for (size_t i = 0; i < r->nseg; i++) {
        const jr_route_seg *t = &r->seg[i];
        switch (t->kind) {
        case JR_SEG_LABEL:
            labels->name[labels->count] = t->text;
            labels->raw[labels->count] = s->p[i];
            labels->len[labels->count] = s->len[i];
            labels->count++;
            break;
        case JR_SEG_NEXT:
            if (!seg_is(s->p[i], s->len[i], "$next", 5) && !seg_is(s->p[i], s->len[i], "%24next", 7)) return false;
            break;
        case JR_SEG_LITERAL:
            if (!seg_is(s->p[i], s->len[i], t->text, t->len)) return false;
            break;
        }
    }
    return true;
}

/* Of two routes matching the same method and path, the one with fewer
 * labels wins (PUT /thing-groups/addThingToThingGroup is a literal). */
jr_op jr_route_find(jr_plane plane, const char *method, const char *path, bool *method_known,
                    jr_route_labels *labels)
{
    if (method_known) *method_known = false;
    if (labels) labels->count = 0;
    segs s;
    if (!split(path, &s)) return JR_OP_NONE;
    bool known = false;
    jr_op found = JR_OP_NONE;
    jr_route_labels l, best;
    best.count = 0;
    for (int op = JR_OP_NONE + 1; op < JR_OP_COUNT; op++) {
        const jr_op_row *r = &OPS[op];
        if (r->info.plane != plane) continue;
        if (!match_route(r, &s, &l)) continue;
        known = true;
        if (method && strcmp(method, r->info.method) == 0 && (found == JR_OP_NONE || l.count < best.count)) {
            best = l;
            found = (jr_op)op;
        }
    }
    if (labels && found != JR_OP_NONE) *labels = best;
    if (method_known) *method_known = known;
    return found;
}

jr_op jr_route_match(jr_plane plane, const char *method, const char *path, bool *method_known)
{
    return jr_route_find(plane, method, path, method_known, NULL);
}

const char *jr_route_template(jr_op op, const char **method)
{
    const jr_op_info *i = jr_op_info_get(op);
    if (!i) return NULL;
    if (method) *method = i->method;
    return i->path;
}

bool jr_route_has_body(jr_op op)
{
    const jr_op_info *i = jr_op_info_get(op);
    return i && i->has_body;
}
