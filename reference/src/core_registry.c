/* Core: the registry. Things, thing groups and membership, with the
 * consequences of each change for executions (a deleted thing's pending
 * executions are REMOVED; CONTINUOUS jobs follow membership). Never calls up
 * into handlers or encoders. */
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"

static bool ptr_has(void *const *arr, size_t n, const void *p)
{
    for (size_t i = 0; i < n; i++)
        if (arr[i] == p) return true;
    return false;
}

jr_thing *jr_thing_add(jr_machine *m, const char *name, const jr_kv_list *attributes)
{
    jr_thing *t = calloc(1, sizeof *t);
    if (!t || !(t->name = jr_xstrdup(name)) || !(t->attributes = jr_map_from_kv(attributes)) ||
        !jr_vec_push((void **)&m->thing_list, &m->nthings_all, &m->capthings, t)) {
        if (t) jr_thing_free(t);
        return NULL;
    }
    HASH_ADD_KEYPTR(hh, m->things, t->name, strlen(t->name), t);
    if (!jr_hash_added(t)) {
        m->nthings_all--; /* t was the last of thing_list */
        jr_thing_free(t);
        return NULL;
    }
    t->seq = ++m->seq;
    t->num = ++m->id_counter;
    m->nthings_live++;
    return t;
}

bool jr_thing_revive(jr_machine *m, jr_thing *t, const jr_kv_list *attributes)
{
    jr_map *attrs = jr_map_from_kv(attributes);
    if (!attrs) return false;
    t->deleted = false;
    t->num = ++m->id_counter;
    jr_map_free(t->attributes);
    t->attributes = attrs;
    m->nthings_live++;
    return true;
}

static void leave(jr_thing *t, jr_group *g)
{
    jr_vec_remove_ptr((void **)g->members, &g->nmembers, t);
    jr_vec_remove_ptr((void **)t->groups, &t->ngroups, g);
}

void jr_thing_delete(jr_machine *m, jr_thing *t)
{
    while (t->ngroups) leave(t, t->groups[t->ngroups - 1]);
    t->deleted = true;
    m->nthings_live--;
    for (uint32_t i = 0; i < t->execs.n; i++) {
        jr_exec *e = t->execs.v[i];
        if ((e->status == JR_EXEC_QUEUED || e->status == JR_EXEC_IN_PROGRESS) &&
            e->key.job->status != JR_JOB_DELETION_IN_PROGRESS)
            jr_exec_set_status(m, e, JR_EXEC_REMOVED);
    }
}

jr_group *jr_group_add(jr_machine *m, const char *name, jr_group *parent)
{
    jr_group *g = calloc(1, sizeof *g);
    if (!g || !(g->name = jr_xstrdup(name))) {
        free(g);
        return NULL;
    }
    if (parent && !jr_vec_push((void **)&parent->children, &parent->nchildren, &parent->capchildren, g)) {
        jr_group_free(g);
        return NULL;
    }
    HASH_ADD_KEYPTR(hh, m->groups, g->name, strlen(g->name), g);
    if (!jr_hash_added(g)) {
        if (parent) parent->nchildren--; /* g was the last child */
        jr_group_free(g);
        return NULL;
    }
    g->parent = parent;
    g->seq = ++m->seq;
    g->num = ++m->id_counter;
    g->created_at = jr_now(m);
    m->ngroups++;
    return g;
}

void jr_group_delete(jr_machine *m, jr_group *g)
{
    jr_thing **members = g->members;
    size_t n = g->nmembers;
    g->members = NULL;
    g->nmembers = g->capmembers = 0;
    for (size_t i = 0; i < n; i++) jr_vec_remove_ptr((void **)members[i]->groups, &members[i]->ngroups, g);
    if (g->parent) jr_vec_remove_ptr((void **)g->parent->children, &g->parent->nchildren, g);
    HASH_DEL(m->groups, g);
    m->ngroups--;
    jr_group_free(g);
    for (size_t i = 0; i < n; i++) jr_membership_left(m, members[i]);
    free(members);
}

bool jr_group_join(jr_machine *m, jr_group *g, jr_thing *t)
{
    if (ptr_has((void *const *)g->members, g->nmembers, t)) return true;
    if (!jr_vec_push((void **)&g->members, &g->nmembers, &g->capmembers, t)) return false;
    if (!jr_vec_push((void **)&t->groups, &t->ngroups, &t->capgroups, g)) {
        g->nmembers--;
        return false;
    }
    jr_membership_joined(m, t);
    return true;
}

void jr_group_leave(jr_machine *m, jr_group *g, jr_thing *t)
{
    if (!ptr_has((void *const *)g->members, g->nmembers, t)) return;
    leave(t, g);
    jr_membership_left(m, t);
}

/* Members of g (and of its descendants when recursive), each once. */
static bool collect(jr_machine *m, jr_thing ***v, size_t *n, size_t *cap, jr_group *g, bool recursive, int depth)
{
    for (size_t i = 0; i < g->nmembers; i++) {
        jr_thing *t = g->members[i];
        if (t->mark == m->mark_epoch) continue;
        t->mark = m->mark_epoch;
        if (!jr_vec_push((void **)v, n, cap, t)) return false;
    }
    if (recursive && depth < 64)
        for (size_t i = 0; i < g->nchildren; i++)
            if (!collect(m, v, n, cap, g->children[i], true, depth + 1)) return false;
    return true;
}

static int by_seq(const void *a, const void *b)
{
    uint64_t x = (*(jr_thing *const *)a)->seq, y = (*(jr_thing *const *)b)->seq;
    return x < y ? -1 : x > y;
}

bool jr_group_things(jr_machine *m, jr_group *g, bool recursive, jr_thing ***out, size_t *n)
{
    jr_thing **v = NULL;
    size_t cap = 0;
    *n = 0;
    m->mark_epoch++;
    if (!collect(m, &v, n, &cap, g, recursive, 0)) {
        free(v);
        *out = NULL;
        *n = 0;
        return false;
    }
    if (*n > 1) qsort(v, *n, sizeof *v, by_seq);
    *out = v;
    return true;
}

const jr_group *jr_find_group_by_id(const jr_machine *m, const char *id)
{
    const jr_group *found = NULL;
    jr_group *g, *gt;
    char buf[40];
    HASH_ITER(hh, m->groups, g, gt)
    {
        jr_uuid(g->num, buf);
        if (strcmp(buf, id) == 0) found = g;
    }
    return found;
}
