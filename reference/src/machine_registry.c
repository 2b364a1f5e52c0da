/* Things, thing groups and membership (the registry operations job targets
 * depend on). Handlers: the CONTINUOUS follow-up of membership changes is
 * the core's (jr_membership_joined / _left). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "machine_internal.h"
#include "machine_views.h"
#include "ops.h"

static jr_status nomem(jr_error *err) { return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory"); }

static jr_status need(const char *s, const char *field, jr_error *err)
{
    if (!s || !*s) return jr_error_set(err, JR_ERR_INVALID_REQUEST, field, "%s is required", field);
    return JR_OK;
}

jr_status jr_h_create_thing(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_name, "thingName", err)) return JR_FAIL;
    char arn[300];
    jr_thing *t = NULL;
    HASH_FIND_STR(m->things, r->thing_name, t);
    jr_thing_arn(m, r->thing_name, arn, sizeof arn);
    if (t && !t->deleted) {
        jr_map *want = jr_map_from_kv(&r->attributes);
        if (!want) return nomem(err);
        bool same = jr_map_equal(want, t->attributes);
        jr_map_free(want);
        if (!same) {
            jr_error_set(err, JR_ERR_RESOURCE_ALREADY_EXISTS, "thingName",
                         "Thing %s already exists with different attributes", r->thing_name);
            snprintf(err->resource_id, sizeof err->resource_id, "%s", r->thing_name);
            snprintf(err->resource_arn, sizeof err->resource_arn, "%s", arn);
            return JR_FAIL;
        }
    } else if (t) { /* revive the tombstone */
        if (!jr_thing_revive(m, t, &r->attributes)) return nomem(err);
    } else if (!(t = jr_thing_add(m, r->thing_name, &r->attributes))) {
        return nomem(err);
    }
    jr_view_thing(m, t, &res->thing);
    return JR_OK;
}

jr_status jr_h_describe_thing(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_name, "thingName", err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingName", "Thing %s does not exist", r->thing_name);
    jr_view_thing(m, t, &res->thing);
    return JR_OK;
}

jr_status jr_h_delete_thing(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_name, "thingName", err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingName", "Thing %s does not exist", r->thing_name);
    jr_thing_delete(m, t);
    (void)res;
    return JR_OK;
}

/* Whether two thingGroupProperties texts say the same (member order aside;
 * absent equals {}), as CreateThingGroup compares a repeated creation. */
static bool same_properties(const char *a, const char *b)
{
    cJSON *x = cJSON_Parse(a ? a : "{}"), *y = cJSON_Parse(b ? b : "{}");
    bool same = x && y && cJSON_Compare(x, y, true);
    cJSON_Delete(x);
    cJSON_Delete(y);
    return same;
}

jr_status jr_h_create_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_group_name, "thingGroupName", err)) return JR_FAIL;
    jr_group *parent = NULL;
    if (r->parent_group_name) {
        parent = jr_find_group(m, r->parent_group_name);
        if (!parent)
            return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "parentGroupName", "Thing group %s does not exist",
                                r->parent_group_name);
    }
    jr_group *g = jr_find_group(m, r->thing_group_name);
    if (!g && parent) {
        /* AWS IoT quota: a hierarchy is at most 7 levels deep; the model's
           only client error for CreateThingGroup is InvalidRequestException */
        int level = 1;
        for (const jr_group *a = parent; a; a = a->parent) level++;
        if (level > JR_GROUP_DEPTH_MAX)
            return jr_error_set(err, JR_ERR_INVALID_REQUEST, "parentGroupName",
                                "Thing group %s is at the deepest level (%d) a hierarchy allows", parent->name,
                                JR_GROUP_DEPTH_MAX);
    }
    if (g) {
        if (g->parent != parent) {
            char arn[300];
            jr_group_arn(m, g->name, arn, sizeof arn);
            jr_error_set(err, JR_ERR_RESOURCE_ALREADY_EXISTS, "thingGroupName",
                         "Thing group %s already exists with another parent", g->name);
            snprintf(err->resource_id, sizeof err->resource_id, "%s", g->name);
            snprintf(err->resource_arn, sizeof err->resource_arn, "%s", arn);
            return JR_FAIL;
        }
        if (!same_properties(g->properties, r->group_properties)) {
            char arn[300];
            jr_group_arn(m, g->name, arn, sizeof arn);
            jr_error_set(err, JR_ERR_RESOURCE_ALREADY_EXISTS, "thingGroupName",
                         "Thing group %s already exists with different properties", g->name);
            snprintf(err->resource_id, sizeof err->resource_id, "%s", g->name);
            snprintf(err->resource_arn, sizeof err->resource_arn, "%s", arn);
            return JR_FAIL;
        }
    } else if (!(g = jr_group_add(m, r->thing_group_name, parent))) {
        return nomem(err);
    } else if (r->group_properties && !(g->properties = jr_xstrdup(r->group_properties))) {
        jr_group_delete(m, g); /* new and empty: undone */
        return nomem(err);
    }
    jr_view_group(m, g, &res->group);
    return JR_OK;
}

jr_status jr_h_describe_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_group_name, "thingGroupName", err)) return JR_FAIL;
    jr_group *g = jr_find_group(m, r->thing_group_name);
    if (!g)
        return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingGroupName", "Thing group %s does not exist",
                            r->thing_group_name);
    jr_view_group(m, g, &res->group);
    return JR_OK;
}

jr_status jr_h_delete_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_group_name, "thingGroupName", err)) return JR_FAIL;
    jr_group *g = jr_find_group(m, r->thing_group_name);
    if (g && g->nchildren)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "thingGroupName", "Thing group %s has child groups",
                            r->thing_group_name);
    if (g) jr_group_delete(m, g);
    (void)res;
    return JR_OK;
}

/* Resolves the thing and group of Add/RemoveThingFromThingGroup. */
static jr_status resolve_pair(jr_machine *m, const jr_request *r, jr_thing **t, jr_group **g, jr_error *err)
{
    const char *tn = r->thing_name, *gn = r->thing_group_name;
    if (!tn && r->thing_arn && jr_parse_target(m, r->thing_arn, &tn) != 1)
        return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingArn", "Thing %s does not exist", r->thing_arn);
    if (!gn && r->thing_group_arn && jr_parse_target(m, r->thing_group_arn, &gn) != 2)
        return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingGroupArn", "Thing group %s does not exist",
                            r->thing_group_arn);
    if (need(gn, "thingGroupName", err) || need(tn, "thingName", err)) return JR_FAIL;
    *g = jr_find_group(m, gn);
    if (!*g) return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingGroupName", "Thing group %s does not exist", gn);
    *t = jr_find_thing(m, tn);
    if (!*t) return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingName", "Thing %s does not exist", tn);
    return JR_OK;
}

jr_status jr_h_add_to_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    jr_thing *t;
    jr_group *g;
    if (resolve_pair(m, r, &t, &g, err)) return JR_FAIL;
    if (!jr_group_join(m, g, t)) return nomem(err);
    (void)res;
    return JR_OK;
}

jr_status jr_h_remove_from_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    jr_thing *t;
    jr_group *g;
    if (resolve_pair(m, r, &t, &g, err)) return JR_FAIL;
    jr_group_leave(m, g, t);
    (void)res;
    return JR_OK;
}
