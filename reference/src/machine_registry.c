/* Things, thing groups and membership (the registry operations job targets
 * depend on), and the CONTINUOUS follow-up of membership changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode_response.h"
#include "machine_internal.h"

static jr_status need(const char *s, const char *field, jr_error *err)
{
    if (!s || !*s) return jr_error_set(err, JR_ERR_INVALID_REQUEST, field, "%s is required", field);
    return JR_OK;
}

static void thing_free(jr_thing *t)
{
    free(t->name);
    jr_map_free(t->attributes);
    free(t->groups);
    free(t->execs.v);
    free(t);
}

static void group_free(jr_group *g)
{
    free(g->name);
    free(g->properties);
    free(g->children);
    free(g->members);
    free(g);
}

void jr_registry_free_all(jr_machine *m)
{
    jr_group *g, *gt;
    HASH_ITER(hh, m->groups, g, gt)
    {
        HASH_DEL(m->groups, g);
        group_free(g);
    }
    HASH_CLEAR(hh, m->things);
    for (size_t i = 0; i < m->nthings_all; i++) thing_free(m->thing_list[i]);
    free(m->thing_list);
    m->thing_list = NULL;
    m->nthings_all = m->capthings = m->nthings_live = 0;
    m->ngroups = 0;
    m->things = NULL;
    m->groups = NULL;
}

static void ptr_remove(void **arr, size_t *n, const void *p)
{
    for (size_t i = 0; i < *n; i++)
        if (arr[i] == p) {
            memmove(&arr[i], &arr[i + 1], (*n - i - 1) * sizeof(void *));
            (*n)--;
            return;
        }
}

static bool ptr_has(void *const *arr, size_t n, const void *p)
{
    for (size_t i = 0; i < n; i++)
        if (arr[i] == p) return true;
    return false;
}

static jr_status op_create_thing(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_name, "thingName", err)) return JR_FAIL;
    char arn[300], id[40];
    jr_thing *t = NULL;
    HASH_FIND_STR(m->things, r->thing_name, t);
    jr_thing_arn(m, r->thing_name, arn, sizeof arn);
    if (t && !t->deleted) {
        jr_map *want = jr_map_from_kv(&r->attributes);
        bool same = want && jr_map_equal(want, t->attributes);
        jr_map_free(want);
        if (!same) {
            jr_error_set(err, JR_ERR_RESOURCE_ALREADY_EXISTS, "thingName",
                         "Thing %s already exists with different attributes", r->thing_name);
            snprintf(err->resource_id, sizeof err->resource_id, "%s", r->thing_name);
            snprintf(err->resource_arn, sizeof err->resource_arn, "%s", arn);
            return JR_FAIL;
        }
    } else if (t) { /* revive the tombstone */
        t->deleted = false;
        t->num = ++m->id_counter;
        jr_map_free(t->attributes);
        t->attributes = jr_map_from_kv(&r->attributes);
        m->nthings_live++;
    } else {
        t = calloc(1, sizeof *t);
        if (!t || !(t->name = jr_xstrdup(r->thing_name))) {
            free(t);
            return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
        }
        if (!jr_vec_push((void **)&m->thing_list, &m->nthings_all, &m->capthings, t)) {
            thing_free(t);
            return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
        }
        t->seq = ++m->seq;
        t->num = ++m->id_counter;
        t->attributes = jr_map_from_kv(&r->attributes);
        HASH_ADD_KEYPTR(hh, m->things, t->name, strlen(t->name), t);
        m->nthings_live++;
    }
    jr_uuid(t->num, id);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "thingName", t->name);
    cJSON_AddStringToObject(o, "thingArn", arn);
    cJSON_AddStringToObject(o, "thingId", id);
    *body = jr_json_finish(o);
    return JR_OK;
}

static jr_status op_describe_thing(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_name, "thingName", err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingName", "Thing %s does not exist", r->thing_name);
    char arn[300], id[40];
    jr_thing_arn(m, t->name, arn, sizeof arn);
    jr_uuid(t->num, id);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "defaultClientId", t->name);
    cJSON_AddStringToObject(o, "thingName", t->name);
    cJSON_AddStringToObject(o, "thingId", id);
    cJSON_AddStringToObject(o, "thingArn", arn);
    cJSON_AddItemToObject(o, "attributes", jr_json_map(t->attributes));
    jr_json_add_i64(o, "version", 1);
    *body = jr_json_finish(o);
    return JR_OK;
}

static void leave(jr_thing *t, jr_group *g)
{
    ptr_remove((void **)g->members, &g->nmembers, t);
    ptr_remove((void **)t->groups, &t->ngroups, g);
}

static jr_status op_delete_thing(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_name, "thingName", err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingName", "Thing %s does not exist", r->thing_name);
    while (t->ngroups) leave(t, t->groups[t->ngroups - 1]);
    t->deleted = true;
    m->nthings_live--;
    for (uint32_t i = 0; i < t->execs.n; i++) {
        jr_exec *e = t->execs.v[i];
        if ((e->status == JR_EXEC_QUEUED || e->status == JR_EXEC_IN_PROGRESS) &&
            e->key.job->status != JR_JOB_DELETION_IN_PROGRESS)
            jr_exec_set_status(m, e, JR_EXEC_REMOVED);
    }
    *body = jr_xstrdup("{}");
    return JR_OK;
}

static void group_json_ref(jr_machine *m, jr_group *g, cJSON *o)
{
    char arn[300], id[40];
    jr_group_arn(m, g->name, arn, sizeof arn);
    jr_uuid(g->num, id);
    cJSON_AddStringToObject(o, "thingGroupName", g->name);
    cJSON_AddStringToObject(o, "thingGroupArn", arn);
    cJSON_AddStringToObject(o, "thingGroupId", id);
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

static jr_status op_create_group(jr_machine *m, const jr_request *r, char **body, jr_error *err)
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
    if (g && !same_properties(g->properties, r->group_properties)) {
        char arn[300];
        jr_group_arn(m, g->name, arn, sizeof arn);
        jr_error_set(err, JR_ERR_RESOURCE_ALREADY_EXISTS, "thingGroupName",
                     "Thing group %s already exists with different properties", g->name);
        snprintf(err->resource_id, sizeof err->resource_id, "%s", g->name);
        snprintf(err->resource_arn, sizeof err->resource_arn, "%s", arn);
        return JR_FAIL;
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
    } else {
        g = calloc(1, sizeof *g);
        if (!g || !(g->name = jr_xstrdup(r->thing_group_name))) {
            free(g);
            return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
        }
        if (r->group_properties && !(g->properties = jr_xstrdup(r->group_properties))) {
            group_free(g);
            return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
        }
        if (parent && !jr_vec_push((void **)&parent->children, &parent->nchildren, &parent->capchildren, g)) {
            group_free(g);
            return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
        }
        g->parent = parent;
        g->seq = ++m->seq;
        g->num = ++m->id_counter;
        g->created_at = jr_now(m);
        HASH_ADD_KEYPTR(hh, m->groups, g->name, strlen(g->name), g);
        m->ngroups++;
    }
    cJSON *o = cJSON_CreateObject();
    group_json_ref(m, g, o);
    *body = jr_json_finish(o);
    return JR_OK;
}

static jr_status op_describe_group(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_group_name, "thingGroupName", err)) return JR_FAIL;
    jr_group *g = jr_find_group(m, r->thing_group_name);
    if (!g)
        return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingGroupName", "Thing group %s does not exist",
                            r->thing_group_name);
    cJSON *o = cJSON_CreateObject();
    group_json_ref(m, g, o);
    jr_json_add_i64(o, "version", 1);
    cJSON_AddObjectToObject(o, "thingGroupProperties");
    cJSON *md = cJSON_AddObjectToObject(o, "thingGroupMetadata");
    if (g->parent) cJSON_AddStringToObject(md, "parentGroupName", g->parent->name);
    jr_json_add_secs(md, "creationDate", g->created_at);
    *body = jr_json_finish(o);
    return JR_OK;
}

static jr_status op_delete_group(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_group_name, "thingGroupName", err)) return JR_FAIL;
    jr_group *g = jr_find_group(m, r->thing_group_name);
    if (g && g->nchildren)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "thingGroupName", "Thing group %s has child groups",
                            r->thing_group_name);
    if (g) {
        jr_thing **members = g->members;
        size_t n = g->nmembers;
        g->members = NULL;
        g->nmembers = g->capmembers = 0;
        for (size_t i = 0; i < n; i++) ptr_remove((void **)members[i]->groups, &members[i]->ngroups, g);
        if (g->parent) ptr_remove((void **)g->parent->children, &g->parent->nchildren, g);
        HASH_DEL(m->groups, g);
        m->ngroups--;
        group_free(g);
        for (size_t i = 0; i < n; i++) jr_membership_left(m, members[i]);
        free(members);
    }
    *body = jr_xstrdup("{}");
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

static jr_status op_add(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    jr_thing *t;
    jr_group *g;
    if (resolve_pair(m, r, &t, &g, err)) return JR_FAIL;
    if (!ptr_has((void *const *)g->members, g->nmembers, t)) {
        if (!jr_vec_push((void **)&g->members, &g->nmembers, &g->capmembers, t))
            return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
        if (!jr_vec_push((void **)&t->groups, &t->ngroups, &t->capgroups, g)) {
            g->nmembers--;
            return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
        }
        jr_membership_joined(m, t);
    }
    *body = jr_xstrdup("{}");
    return JR_OK;
}

static jr_status op_remove(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    jr_thing *t;
    jr_group *g;
    if (resolve_pair(m, r, &t, &g, err)) return JR_FAIL;
    if (ptr_has((void *const *)g->members, g->nmembers, t)) {
        leave(t, g);
        jr_membership_left(m, t);
    }
    *body = jr_xstrdup("{}");
    return JR_OK;
}

jr_status jr_op_registry(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    switch (r->op) {
    case JR_OP_CREATE_THING: return op_create_thing(m, r, body, err);
    case JR_OP_DESCRIBE_THING: return op_describe_thing(m, r, body, err);
    case JR_OP_DELETE_THING: return op_delete_thing(m, r, body, err);
    case JR_OP_CREATE_THING_GROUP: return op_create_group(m, r, body, err);
    case JR_OP_DESCRIBE_THING_GROUP: return op_describe_group(m, r, body, err);
    case JR_OP_DELETE_THING_GROUP: return op_delete_group(m, r, body, err);
    case JR_OP_ADD_THING_TO_THING_GROUP: return op_add(m, r, body, err);
    case JR_OP_REMOVE_THING_FROM_THING_GROUP: return op_remove(m, r, body, err);
    default: return jr_error_set(err, JR_ERR_INVALID_REQUEST, NULL, "not a registry operation");
    }
}
