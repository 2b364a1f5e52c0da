/* Core: the store. Utilities, string maps, ARNs and ids, look-ups of
 * jobs, things, groups and executions, job objects and their teardown. No
 * knowledge of the wire: nothing here decodes, renders or knows an
 * operation. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"

/* ------------------------------------------------------------------ utils */

char *jr_xstrdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

bool jr_vec_push(void **arr, size_t *n, size_t *cap, void *item)
{
    void ***a = (void ***)arr;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        void **na = realloc(*a, nc * sizeof(void *));
        if (!na) return false;
        *a = na;
        *cap = nc;
    }
    (*a)[(*n)++] = item;
    return true;
}

void jr_vec_remove_ptr(void **arr, size_t *n, const void *item)
{
    for (size_t i = 0; i < *n; i++)
        if (arr[i] == item) {
            memmove(&arr[i], &arr[i + 1], (*n - i - 1) * sizeof(void *));
            (*n)--;
            return;
        }
}

bool jr_exec_vec_push(jr_exec_vec *v, jr_exec *e)
{
    if (v->n == v->cap) {
        uint32_t nc = v->cap ? v->cap * 2 : 4;
        jr_exec **na = realloc(v->v, (size_t)nc * sizeof *na);
        if (!na) return false;
        v->v = na;
        v->cap = nc;
    }
    v->v[v->n++] = e;
    return true;
}

uint32_t jr_exec_vec_lower(const jr_exec_vec *v, uint64_t seq, bool inclusive)
{
    uint32_t lo = 0, hi = v->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        bool before = inclusive ? v->v[mid]->seq < seq : v->v[mid]->seq <= seq;
        if (before) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void jr_exec_vec_remove(jr_exec_vec *v, const jr_exec *e)
{
    uint32_t i = jr_exec_vec_lower(v, e->seq, true);
    if (i < v->n && v->v[i] == e) {
        memmove(&v->v[i], &v->v[i + 1], (size_t)(v->n - i - 1) * sizeof(jr_exec *));
        v->n--;
    }
}

jr_map *jr_map_from_kv(const jr_kv_list *l)
{
    size_t n = l->count;
    jr_map *m = calloc(1, sizeof *m + n * sizeof(jr_kv));
    if (!m) return NULL;
    for (size_t i = 0; i < n; i++) {
        m->items[i].key = jr_xstrdup(l->items[i].key ? l->items[i].key : "");
        m->items[i].value = jr_xstrdup(l->items[i].value ? l->items[i].value : "");
        m->count = i + 1;
        if (!m->items[i].key || !m->items[i].value) {
            jr_map_free(m);
            return NULL;
        }
    }
    return m;
}

void jr_map_free(jr_map *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->count; i++) {
        free(m->items[i].key);
        free(m->items[i].value);
    }
    free(m);
}

static const char *map_get(const jr_map *m, const char *k)
{
    for (size_t i = 0; m && i < m->count; i++)
        if (strcmp(m->items[i].key, k) == 0) return m->items[i].value;
    return NULL;
}

bool jr_map_equal(const jr_map *a, const jr_map *b)
{
    size_t na = a ? a->count : 0, nb = b ? b->count : 0;
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++) {
        const char *v = map_get(b, a->items[i].key);
        if (!v || strcmp(v, a->items[i].value) != 0) return false;
    }
    return true;
}

void jr_thing_arn(const jr_machine *m, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "arn:aws:iot:%s:%s:thing/%s", m->region, m->account, name);
}
void jr_group_arn(const jr_machine *m, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "arn:aws:iot:%s:%s:thinggroup/%s", m->region, m->account, name);
}
void jr_job_arn(const jr_machine *m, const char *id, char *buf, size_t n)
{
    snprintf(buf, n, "arn:aws:iot:%s:%s:job/%s", m->region, m->account, id);
}
void jr_uuid(uint64_t n, char buf[40])
{
    snprintf(buf, 40, "%08" PRIx64 "-0000-4000-8000-%012" PRIx64, (uint64_t)((n >> 48) & 0xffffffffu), (uint64_t)(n & 0xffffffffffffULL));
}

int jr_parse_target(const jr_machine *m, const char *s, const char **name)
{
    /* arn:PARTITION:iot:REGION:ACCOUNT:thing/NAME | thinggroup/NAME */
    if (!s || strncmp(s, "arn:", 4) != 0) return 0;
    const char *p = strchr(s + 4, ':'); /* after partition */
    if (!p || strncmp(p, ":iot:", 5) != 0) return 0;
    p += 5;
    size_t rl = strlen(m->region), al = strlen(m->account);
    if (strncmp(p, m->region, rl) != 0 || p[rl] != ':') return 0;
    p += rl + 1;
    if (strncmp(p, m->account, al) != 0 || p[al] != ':') return 0;
    p += al + 1;
    int kind;
    if (strncmp(p, "thing/", 6) == 0) {
        kind = 1;
        p += 6;
    } else if (strncmp(p, "thinggroup/", 11) == 0) {
        kind = 2;
        p += 11;
    } else {
        return 0;
    }
    if (!*p) return 0;
    *name = p;
    return kind;
}

jr_job *jr_find_job(jr_machine *m, const char *id)
{
    jr_job *j = NULL;
    if (id) HASH_FIND_STR(m->jobs_by_id, id, j);
    return j;
}

jr_thing *jr_find_thing(jr_machine *m, const char *name)
{
    jr_thing *t = NULL;
    if (name) HASH_FIND_STR(m->things, name, t);
    return (t && !t->deleted) ? t : NULL;
}

jr_thing *jr_find_thing_any(jr_machine *m, const char *name)
{
    jr_thing *t = NULL;
    if (name) HASH_FIND_STR(m->things, name, t);
    return t;
}

jr_group *jr_find_group(jr_machine *m, const char *name)
{
    jr_group *g = NULL;
    if (name) HASH_FIND_STR(m->groups, name, g);
    return g;
}

jr_exec *jr_latest_exec(jr_machine *m, jr_job *j, jr_thing *t)
{
    /* An execution of the pair is in both j->execs and t->execs, each sorted
     * by seq: when the thing has had no execution since the job's first one,
     * there is none, without a hash look-up. This is the common case while a
     * job creates its executions (CreateJob, rollout, CONTINUOUS joins). */
    if (!j->execs.n || !t->execs.n || t->execs.v[t->execs.n - 1]->seq < j->execs.v[0]->seq) return NULL;
    jr_exec_key k;
    memset(&k, 0, sizeof k);
    k.job = j;
    k.thing = t;
    jr_exec *e = NULL;
    HASH_FIND(hh, m->latest, &k, sizeof k, e);
    return e;
}

jr_exec *jr_job_exec_by_number(jr_job *j, int64_t number)
{
    uint32_t lo = 0, hi = j->execs.n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int64_t n = j->execs.v[mid]->number;
        if (n == number) return j->execs.v[mid];
        if (n < number) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* ------------------------------------------------------------ job objects */

void jr_copy_rollout(jr_rollout_config *dst, const jr_rollout_config *src) { *dst = *src; }

bool jr_copy_abort(jr_abort_config *dst, const jr_abort_config *src)
{
    memset(dst, 0, sizeof *dst);
    if (!src->present) return true;
    dst->present = true;
    if (src->count && src->criteria) {
        dst->criteria = malloc(src->count * sizeof *dst->criteria);
        if (!dst->criteria) return false;
        memcpy(dst->criteria, src->criteria, src->count * sizeof *dst->criteria);
        dst->count = src->count;
    }
    return true;
}

bool jr_copy_retry(jr_retry_config *dst, const jr_retry_config *src)
{
    memset(dst, 0, sizeof *dst);
    if (!src->present) return true;
    dst->present = true;
    if (src->count && src->criteria) {
        dst->criteria = malloc(src->count * sizeof *dst->criteria);
        if (!dst->criteria) return false;
        memcpy(dst->criteria, src->criteria, src->count * sizeof *dst->criteria);
        dst->count = src->count;
    }
    return true;
}

bool jr_copy_presigned(jr_presigned_url_config *dst, const jr_presigned_url_config *src)
{
    *dst = *src;
    dst->role_arn = jr_xstrdup(src->role_arn);
    return !src->role_arn || dst->role_arn;
}

void jr_job_free(jr_job *j)
{
    free(j->job_id);
    free(j->reason_code);
    free(j->comment);
    free(j->description);
    free(j->document);
    free(j->document_source);
    free(j->namespace_id);
    free(j->job_template_arn);
    for (size_t i = 0; i < j->ntargets; i++) free(j->targets[i]);
    free(j->targets);
    free(j->presigned.role_arn);
    free(j->abort_cfg.criteria);
    free(j->retry.criteria);
    free(j->sched.start_time);
    free(j->sched.end_time);
    jr_map_free(j->doc_params);
    free(j->execs.v);
    free(j->pending);
    free(j);
}


static bool reserve(void ***arr, size_t n, size_t *cap)
{
    if (n < *cap) return true;
    size_t nc = *cap ? *cap * 2 : 8;
    void **na = realloc(*arr, nc * sizeof(void *));
    if (!na) return false;
    *arr = na;
    *cap = nc;
    return true;
}

bool jr_store_reserve_job(jr_machine *m)
{
    /* m->active holds each job at most once, so room for every job there
     * means marking a job active never fails later */
    return reserve((void ***)&m->jobs, m->njobs, &m->capjobs) &&
           reserve((void ***)&m->continuous, m->ncontinuous, &m->capcontinuous) &&
           reserve((void ***)&m->active, m->njobs, &m->capactive);
}

bool jr_store_add_job(jr_machine *m, jr_job *j)
{
    HASH_ADD_KEYPTR(hh, m->jobs_by_id, j->job_id, strlen(j->job_id), j);
    if (!jr_hash_added(j)) return false;
    m->jobs[m->njobs++] = j;
    if (j->selection == JR_TARGET_CONTINUOUS) m->continuous[m->ncontinuous++] = j;
    return true;
}

/* ------------------------------------------------------------ registry */

void jr_thing_free(jr_thing *t)
{
    free(t->name);
    jr_map_free(t->attributes);
    free(t->groups);
    free(t->execs.v);
    free(t);
}

void jr_group_free(jr_group *g)
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
        jr_group_free(g);
    }
    HASH_CLEAR(hh, m->things);
    for (size_t i = 0; i < m->nthings_all; i++) jr_thing_free(m->thing_list[i]);
    free(m->thing_list);
    m->thing_list = NULL;
    m->nthings_all = m->capthings = m->nthings_live = 0;
    m->ngroups = 0;
    m->things = NULL;
    m->groups = NULL;
}
