/* The state machine core: lifecycle, dispatch, job operations, execution
 * status changes with their consequences (counters, timers, abort, retry,
 * completion), rollout, scheduling and deletion. See machine_internal.h for
 * the data structures and their indexes. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode_response.h"
#include "machine_internal.h"
#include "timeparse.h"

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

static void vec_remove_ptr(void **arr, size_t *n, const void *item)
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

/* ------------------------------------------------------------------- heap */

static int64_t exec_deadline(const jr_exec *e)
{
    int64_t d = e->inprog_deadline;
    if (e->step_deadline && (!d || e->step_deadline < d)) d = e->step_deadline;
    return d;
}

static void heap_swap(jr_machine *m, size_t a, size_t b)
{
    jr_exec *t = m->heap[a];
    m->heap[a] = m->heap[b];
    m->heap[b] = t;
    m->heap[a]->heap_pos = (uint32_t)a;
    m->heap[b]->heap_pos = (uint32_t)b;
}

static bool heap_less(jr_machine *m, size_t a, size_t b)
{
    int64_t da = exec_deadline(m->heap[a]), db = exec_deadline(m->heap[b]);
    if (da != db) return da < db;
    return m->heap[a]->seq < m->heap[b]->seq;
}

static void heap_fix(jr_machine *m, size_t i)
{
    while (i > 1 && heap_less(m, i, i / 2)) {
        heap_swap(m, i, i / 2);
        i /= 2;
    }
    for (;;) {
        size_t l = 2 * i, r = l + 1, s = i;
        if (l <= m->nheap && heap_less(m, l, s)) s = l;
        if (r <= m->nheap && heap_less(m, r, s)) s = r;
        if (s == i) break;
        heap_swap(m, i, s);
        i = s;
    }
}

static void heap_remove(jr_machine *m, jr_exec *e)
{
    size_t i = e->heap_pos;
    if (!i) return;
    e->heap_pos = 0;
    if (i != m->nheap) {
        m->heap[i] = m->heap[m->nheap];
        m->heap[i]->heap_pos = (uint32_t)i;
        m->nheap--;
        heap_fix(m, i);
    } else {
        m->nheap--;
    }
}

void jr_exec_timers_changed(jr_machine *m, jr_exec *e)
{
    int64_t d = exec_deadline(e);
    if (!d) {
        heap_remove(m, e);
        return;
    }
    if (e->heap_pos) {
        heap_fix(m, e->heap_pos);
        return;
    }
    if (m->nheap + 1 >= m->capheap) {
        size_t nc = m->capheap ? m->capheap * 2 : 64;
        jr_exec **nh = realloc(m->heap, nc * sizeof *nh);
        if (!nh) return; /* timer lost on OOM; state stays consistent */
        m->heap = nh;
        m->capheap = nc;
    }
    m->heap[++m->nheap] = e;
    e->heap_pos = (uint32_t)m->nheap;
    heap_fix(m, m->nheap);
}

/* ------------------------------------------------------------- executions */

static void count_add(jr_machine *m, jr_job *j, int st, int delta)
{
    j->counts[st] = (uint32_t)((int64_t)j->counts[st] + delta);
    if (m->in_create) j->frozen[st] = j->counts[st];
}

void jr_exec_bump(jr_machine *m, jr_exec *e)
{
    if (!jr_has_fault(m, JR_FAULT_VERSION_NOT_INCREMENTED)) e->version++;
    e->updated_at = jr_now(m);
}

jr_exec *jr_exec_create(jr_machine *m, jr_job *j, jr_thing *t, uint16_t retry_attempt)
{
    jr_exec *old = jr_latest_exec(m, j, t); /* before e joins the arrays (fast path) */
    jr_exec *e = jr_pool_alloc(&m->exec_pool);
    if (!e) return NULL;
    if (!jr_exec_vec_push(&j->execs, e)) {
        jr_pool_release(&m->exec_pool, e);
        return NULL;
    }
    if (!jr_exec_vec_push(&t->execs, e)) {
        j->execs.n--;
        jr_pool_release(&m->exec_pool, e);
        return NULL;
    }
    e->key.job = j;
    e->key.thing = t;
    e->seq = ++m->seq;
    e->queued_at = e->updated_at = jr_now(m);
    e->number = ++j->next_number;
    e->version = 1;
    e->retry_attempt = retry_attempt;
    e->status = JR_EXEC_QUEUED;
    if (old) HASH_DEL(m->latest, old);
    HASH_ADD(hh, m->latest, key, sizeof(jr_exec_key), e);
    count_add(m, j, JR_EXEC_QUEUED, +1);
    m->nexecs++;
    return e;
}

/* Unindexes and frees one execution; re-points the latest index to the
 * previous execution of the same pair if any. No status hooks. */
static void exec_free(jr_machine *m, jr_exec *e, bool repoint);
void jr_exec_free_one(jr_machine *m, jr_exec *e) { exec_free(m, e, true); }

/* repoint=false when the whole job goes away (no pair of it survives). */
static void exec_free(jr_machine *m, jr_exec *e, bool repoint)
{
    jr_job *j = e->key.job;
    jr_thing *t = e->key.thing;
    /* look up while e is still in the arrays (jr_latest_exec's fast path
     * reads them) */
    bool was_latest = jr_latest_exec(m, j, t) == e;
    heap_remove(m, e);
    jr_exec_vec_remove(&j->execs, e);
    jr_exec_vec_remove(&t->execs, e);
    count_add(m, j, e->status, -1);
    if (was_latest) {
        HASH_DEL(m->latest, e);
        for (uint32_t i = repoint ? t->execs.n : 0; i-- > 0;)
            if (t->execs.v[i]->key.job == j) {
                HASH_ADD(hh, m->latest, key, sizeof(jr_exec_key), t->execs.v[i]);
                break;
            }
    }
    jr_map_free(e->details);
    jr_pool_release(&m->exec_pool, e);
    m->nexecs--;
}

static void job_mark_active(jr_machine *m, jr_job *j)
{
    if (j->active) return;
    if (jr_vec_push((void **)&m->active, &m->nactive, &m->capactive, j)) j->active = true;
}

static void job_cancel(jr_machine *m, jr_job *j, bool force, const char *reason, const char *comment);
static void rollout_process(jr_machine *m, jr_job *j);

static bool is_executed(int st)
{
    return st == JR_EXEC_SUCCEEDED || st == JR_EXEC_FAILED || st == JR_EXEC_REJECTED || st == JR_EXEC_TIMED_OUT;
}

static void check_abort(jr_machine *m, jr_job *j)
{
    if (!j->abort_cfg.present || j->status != JR_JOB_IN_PROGRESS || jr_has_fault(m, JR_FAULT_ABORT_IGNORED)) return;
    uint64_t executed = (uint64_t)j->counts[JR_EXEC_SUCCEEDED] + j->counts[JR_EXEC_FAILED] +
                        j->counts[JR_EXEC_REJECTED] + j->counts[JR_EXEC_TIMED_OUT];
    for (size_t i = 0; i < j->abort_cfg.count; i++) {
        const jr_abort_criteria *c = &j->abort_cfg.criteria[i];
        uint64_t fail;
        switch (c->failure_type) {
        case JR_FAILURE_FAILED: fail = j->counts[JR_EXEC_FAILED]; break;
        case JR_FAILURE_REJECTED: fail = j->counts[JR_EXEC_REJECTED]; break;
        case JR_FAILURE_TIMED_OUT: fail = j->counts[JR_EXEC_TIMED_OUT]; break;
        default:
            fail = (uint64_t)j->counts[JR_EXEC_FAILED] + j->counts[JR_EXEC_REJECTED] + j->counts[JR_EXEC_TIMED_OUT];
            break;
        }
        if (executed == 0 || c->min_number_of_executed_things < 0 ||
            executed < (uint64_t)c->min_number_of_executed_things)
            continue;
        if ((double)fail * 100.0 / (double)executed >= c->threshold_percentage) {
            char comment[200];
            snprintf(comment, sizeof comment,
                     "abortConfig.criteriaList[%zu]: %s failures reached %.2f%% of %" PRIu64 " executed things", i,
                     jr_failure_type_name(c->failure_type), c->threshold_percentage, executed);
            job_cancel(m, j, false, "FAILURE_THRESHOLD_EXCEEDED", comment);
            return;
        }
    }
}

static int64_t retries_allowed(const jr_job *j, int st)
{
    int64_t specific = -1, all = -1;
    for (size_t i = 0; i < j->retry.count; i++) {
        const jr_retry_criteria *c = &j->retry.criteria[i];
        if (c->failure_type == JR_RETRY_ALL) all = c->number_of_retries;
        else if ((c->failure_type == JR_RETRY_FAILED && st == JR_EXEC_FAILED) ||
                 (c->failure_type == JR_RETRY_TIMED_OUT && st == JR_EXEC_TIMED_OUT))
            specific = c->number_of_retries;
    }
    int64_t n = specific >= 0 ? specific : all;
    if (n > JR_NUMBER_OF_RETRIES_MAX) n = JR_NUMBER_OF_RETRIES_MAX;
    return n;
}

static void check_retry(jr_machine *m, jr_exec *e)
{
    jr_job *j = e->key.job;
    if (!j->retry.present || jr_has_fault(m, JR_FAULT_RETRY_IGNORED)) return;
    if (e->status != JR_EXEC_FAILED && e->status != JR_EXEC_TIMED_OUT) return;
    if (j->status != JR_JOB_IN_PROGRESS || e->key.thing->deleted) return;
    if (jr_latest_exec(m, j, e->key.thing) != e) return;
    if ((int64_t)e->retry_attempt >= retries_allowed(j, e->status)) return;
    jr_exec_create(m, j, e->key.thing, (uint16_t)(e->retry_attempt + 1));
}

void jr_job_check_completion(jr_machine *m, jr_job *j)
{
    if (j->status != JR_JOB_IN_PROGRESS || j->selection != JR_TARGET_SNAPSHOT) return;
    if (jr_has_fault(m, JR_FAULT_SNAPSHOT_NEVER_COMPLETES)) return;
    if (j->rolling && j->pending_pos < j->npending && !j->rollout_stopped) return;
    if (j->counts[JR_EXEC_QUEUED] || j->counts[JR_EXEC_IN_PROGRESS]) return;
    j->status = JR_JOB_COMPLETED;
    j->rolling = false;
    j->completed_at = j->updated_at = jr_now(m);
}

void jr_exec_set_status(jr_machine *m, jr_exec *e, jr_exec_status st)
{
    jr_job *j = e->key.job;
    int old = e->status;
    count_add(m, j, old, -1);
    count_add(m, j, st, +1);
    e->status = (uint8_t)st;
    if (st == JR_EXEC_IN_PROGRESS && old != JR_EXEC_IN_PROGRESS) {
        e->started_at = jr_now(m);
        e->inprog_deadline = 0;
        if (j->timeout.present && j->timeout.in_progress_timeout_minutes.present &&
            j->timeout.in_progress_timeout_minutes.value > 0)
            e->inprog_deadline = e->started_at + j->timeout.in_progress_timeout_minutes.value * 60000;
    }
    jr_exec_bump(m, e);
    if (jr_exec_status_is_terminal(st)) {
        e->inprog_deadline = e->step_deadline = 0;
        jr_exec_timers_changed(m, e);
        if (!jr_exec_status_is_terminal((jr_exec_status)old) || old != (int)st) {
            if (st == JR_EXEC_SUCCEEDED && j->rollout.has_exponential_rate) {
                j->since_inc_succeeded++;
                rollout_process(m, j);
            }
            check_retry(m, e);
            if (is_executed(st)) check_abort(m, j);
            jr_job_check_completion(m, j);
        }
    } else {
        jr_exec_timers_changed(m, e);
    }
}

/* ---------------------------------------------------------------- rollout */

static void rollout_increase(jr_job *j)
{
    double r = j->rate * j->rollout.increment_factor;
    if (r < j->rate + 1) r = j->rate + 1;
    if (j->rollout.maximum_per_minute.present && r > (double)j->rollout.maximum_per_minute.value)
        r = (double)j->rollout.maximum_per_minute.value;
    j->rate = r;
}

static bool already_has_exec(jr_machine *m, jr_job *j, jr_thing *t)
{
    jr_exec *e = jr_latest_exec(m, j, t);
    return e && e->status != JR_EXEC_REMOVED;
}

/* Creates executions for pending things as the rollout rate allows. */
static void rollout_process(jr_machine *m, jr_job *j)
{
    if (!j->rolling || j->status != JR_JOB_IN_PROGRESS) return;
    bool limited = j->rollout.present &&
                   (j->rollout.maximum_per_minute.present || j->rollout.has_exponential_rate) &&
                   !jr_has_fault(m, JR_FAULT_ROLLOUT_UNLIMITED);
    int64_t now = jr_now(m);
    if (limited) {
        int64_t w = now >= j->rollout_start ? (now - j->rollout_start) / 60000 : 0;
        if (w != j->window) {
            j->window = w;
            j->created_in_window = 0;
        }
    }
    while (j->pending_pos < j->npending) {
        if (limited) {
            double cap = j->rate;
            if (j->rollout.maximum_per_minute.present && cap > (double)j->rollout.maximum_per_minute.value)
                cap = (double)j->rollout.maximum_per_minute.value;
            if ((double)j->created_in_window + 1 > floor(cap)) break;
        }
        jr_thing *t = j->pending[j->pending_pos++];
        if (t->deleted || already_has_exec(m, j, t)) continue;
        if (!jr_exec_create(m, j, t, 0)) break;
        j->created_in_window++;
        if (j->rollout.has_exponential_rate) {
            j->since_inc_notified++;
            if (j->rollout.number_of_notified_things.present && j->rollout.number_of_notified_things.value > 0 &&
                j->since_inc_notified >= (uint64_t)j->rollout.number_of_notified_things.value) {
                rollout_increase(j);
                j->since_inc_notified = 0;
            }
        }
    }
    if (j->rollout.has_exponential_rate && j->rollout.number_of_succeeded_things.present &&
        j->rollout.number_of_succeeded_things.value > 0 &&
        j->since_inc_succeeded >= (uint64_t)j->rollout.number_of_succeeded_things.value) {
        rollout_increase(j);
        j->since_inc_succeeded = 0;
        if (j->pending_pos < j->npending) {
            rollout_process(m, j);
            return;
        }
    }
    if (j->pending_pos >= j->npending) {
        free(j->pending);
        j->pending = NULL;
        j->npending = j->pending_pos = j->cappending = 0;
        if (j->selection == JR_TARGET_SNAPSHOT) j->rolling = false;
        jr_job_check_completion(m, j);
    } else {
        job_mark_active(m, j);
    }
}

static void add_pending(jr_machine *m, jr_job *j, jr_thing *t)
{
    if (t->deleted || t->mark == m->mark_epoch) return;
    t->mark = m->mark_epoch;
    jr_vec_push((void **)&j->pending, &j->npending, &j->cappending, t);
}

static void collect_group(jr_machine *m, jr_job *j, jr_group *g, int depth)
{
    if (depth > 64) return;
    for (size_t i = 0; i < g->nmembers; i++) add_pending(m, j, g->members[i]);
    for (size_t i = 0; i < g->nchildren; i++) collect_group(m, j, g->children[i], depth + 1);
}

/* Resolves the job's targets into pending things and starts the rollout. */
static void rollout_start(jr_machine *m, jr_job *j)
{
    m->mark_epoch++;
    for (size_t i = 0; i < j->npending; i++) j->pending[i]->mark = m->mark_epoch;
    for (size_t i = 0; i < j->ntargets; i++) {
        const char *name;
        int kind = jr_parse_target(m, j->targets[i], &name);
        if (kind == 1) {
            jr_thing *t = jr_find_thing(m, name);
            if (t) add_pending(m, j, t);
        } else if (kind == 2) {
            jr_group *g = jr_find_group(m, name);
            if (g) collect_group(m, j, g, 0);
        }
    }
    j->rolling = true;
    j->rollout_start = jr_now(m);
    j->window = 0;
    j->created_in_window = 0;
    j->rate = 0;
    if (j->rollout.has_exponential_rate) j->rate = (double)j->rollout.base_rate_per_minute;
    else if (j->rollout.maximum_per_minute.present) j->rate = (double)j->rollout.maximum_per_minute.value;
    rollout_process(m, j);
}

/* ------------------------------------------------------------ targeting */

static bool group_within(const jr_group *g, const jr_group *target)
{
    for (int d = 0; g && d < 70; g = g->parent, d++)
        if (g == target) return true;
    return false;
}

bool jr_thing_targeted_by(jr_machine *m, jr_job *j, jr_thing *t)
{
    if (t->deleted) return false;
    for (size_t i = 0; i < j->ntargets; i++) {
        const char *name;
        int kind = jr_parse_target(m, j->targets[i], &name);
        if (kind == 1 && strcmp(name, t->name) == 0) return true;
        if (kind == 2) {
            jr_group *g = jr_find_group(m, name);
            if (!g) continue;
            for (size_t k = 0; k < t->ngroups; k++)
                if (group_within(t->groups[k], g)) return true;
        }
    }
    return false;
}

void jr_membership_joined(jr_machine *m, jr_thing *t)
{
    if (jr_has_fault(m, JR_FAULT_CONTINUOUS_IGNORES_MEMBERSHIP)) return;
    for (size_t i = 0; i < m->ncontinuous; i++) {
        jr_job *j = m->continuous[i];
        if (j->status != JR_JOB_IN_PROGRESS || j->rollout_stopped) continue;
        if (already_has_exec(m, j, t) || !jr_thing_targeted_by(m, j, t)) continue;
        if (j->pending_pos < j->npending) {
            bool queued = false;
            for (size_t k = j->pending_pos; k < j->npending; k++) queued |= j->pending[k] == t;
            if (!queued) jr_vec_push((void **)&j->pending, &j->npending, &j->cappending, t);
            rollout_process(m, j);
        } else {
            jr_exec_create(m, j, t, 0);
        }
    }
}

void jr_membership_left(jr_machine *m, jr_thing *t)
{
    if (jr_has_fault(m, JR_FAULT_CONTINUOUS_IGNORES_MEMBERSHIP)) return;
    for (size_t i = 0; i < m->ncontinuous; i++) {
        jr_job *j = m->continuous[i];
        if (j->status == JR_JOB_DELETION_IN_PROGRESS) continue;
        jr_exec *e = jr_latest_exec(m, j, t);
        if (!e || (e->status != JR_EXEC_QUEUED && e->status != JR_EXEC_IN_PROGRESS)) continue;
        if (jr_thing_targeted_by(m, j, t)) continue;
        jr_exec_set_status(m, e, JR_EXEC_REMOVED);
    }
}

/* ------------------------------------------------------------ job objects */

static void copy_rollout(jr_rollout_config *dst, const jr_rollout_config *src) { *dst = *src; }

static bool copy_abort(jr_abort_config *dst, const jr_abort_config *src)
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

static bool copy_retry(jr_retry_config *dst, const jr_retry_config *src)
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

static void copy_presigned(jr_presigned_url_config *dst, const jr_presigned_url_config *src)
{
    *dst = *src;
    dst->role_arn = jr_xstrdup(src->role_arn);
}

static void job_free(jr_job *j)
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

/* Removes the job and all its executions from every index and frees it. */
static void job_destroy(jr_machine *m, jr_job *j)
{
    while (j->execs.n) exec_free(m, j->execs.v[j->execs.n - 1], false);
    if (j->status == JR_JOB_DELETION_IN_PROGRESS && m->deletions) m->deletions--;
    HASH_DEL(m->jobs_by_id, j);
    /* jobs is sorted by seq: binary search */
    size_t lo = 0, hi = m->njobs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->jobs[mid]->seq < j->seq) lo = mid + 1;
        else hi = mid;
    }
    if (lo < m->njobs && m->jobs[lo] == j) {
        memmove(&m->jobs[lo], &m->jobs[lo + 1], (m->njobs - lo - 1) * sizeof(jr_job *));
        m->njobs--;
    }
    if (j->selection == JR_TARGET_CONTINUOUS) vec_remove_ptr((void **)m->continuous, &m->ncontinuous, j);
    if (j->active) vec_remove_ptr((void **)m->active, &m->nactive, j);
    job_free(j);
}

static void job_cancel(jr_machine *m, jr_job *j, bool force, const char *reason, const char *comment)
{
    int64_t now = jr_now(m);
    if (j->status != JR_JOB_DELETION_IN_PROGRESS) j->status = JR_JOB_CANCELED;
    j->rollout_stopped = true;
    j->rolling = false;
    free(j->pending);
    j->pending = NULL;
    j->npending = j->pending_pos = j->cappending = 0;
    if (force) j->force_canceled = true;
    if (reason) {
        free(j->reason_code);
        j->reason_code = jr_xstrdup(reason);
    }
    if (comment) {
        free(j->comment);
        j->comment = jr_xstrdup(comment);
    }
    j->updated_at = now;
    bool cancel_running = force || jr_has_fault(m, JR_FAULT_CANCEL_IGNORES_FORCE);
    /* iterate over a snapshot: status changes never add executions to a
     * canceled job, but be safe against index moves */
    for (uint32_t i = 0; i < j->execs.n; i++) {
        jr_exec *e = j->execs.v[i];
        if (e->status == JR_EXEC_QUEUED || (cancel_running && e->status == JR_EXEC_IN_PROGRESS)) {
            if (force && e->status == JR_EXEC_IN_PROGRESS) e->force_canceled = 1;
            jr_exec_set_status(m, e, JR_EXEC_CANCELED);
        }
    }
}

static bool is_terminal_job(jr_job_status s) { return s == JR_JOB_COMPLETED || s == JR_JOB_CANCELED; }

/* ------------------------------------------------------------ advancing */

static void job_time(jr_machine *m, jr_job *j, int64_t now)
{
    if (j->status == JR_JOB_DELETION_IN_PROGRESS) return; /* handled by caller */
    if (j->status == JR_JOB_SCHEDULED && now >= j->start_ms) {
        j->status = JR_JOB_IN_PROGRESS;
        j->updated_at = now;
        rollout_start(m, j);
        if (j->rolling) j->rollout_start = j->start_ms;
        rollout_process(m, j);
    }
    if (j->end_ms && !j->end_applied && now >= j->end_ms &&
        (j->status == JR_JOB_IN_PROGRESS || j->status == JR_JOB_SCHEDULED)) {
        j->end_applied = true;
        jr_end_behavior b = j->sched.has_end_behavior ? j->sched.end_behavior : JR_END_STOP_ROLLOUT;
        if (b == JR_END_STOP_ROLLOUT) {
            j->rollout_stopped = true;
            j->rolling = false;
            free(j->pending);
            j->pending = NULL;
            j->npending = j->pending_pos = j->cappending = 0;
            if (j->status == JR_JOB_SCHEDULED) j->status = JR_JOB_IN_PROGRESS;
            j->updated_at = now;
            jr_job_check_completion(m, j);
        } else {
            job_cancel(m, j, b == JR_END_FORCE_CANCEL, NULL, NULL);
        }
    }
    if (j->status == JR_JOB_IN_PROGRESS && j->pending_pos < j->npending) rollout_process(m, j);
}

static bool job_needs_time(const jr_job *j)
{
    if (j->status == JR_JOB_DELETION_IN_PROGRESS || j->status == JR_JOB_SCHEDULED) return true;
    if (j->status == JR_JOB_IN_PROGRESS && j->pending_pos < j->npending) return true;
    if (j->end_ms && !j->end_applied && j->status == JR_JOB_IN_PROGRESS) return true;
    return false;
}

void jr_machine_advance(jr_machine *m)
{
    int64_t now = jr_now(m);
    if (!jr_has_fault(m, JR_FAULT_TIMERS_DISABLED)) {
        while (m->nheap && exec_deadline(m->heap[1]) <= now) {
            jr_exec *e = m->heap[1];
            e->inprog_deadline = e->step_deadline = 0;
            heap_remove(m, e);
            if (jr_exec_status_is_terminal((jr_exec_status)e->status)) continue;
            jr_exec_set_status(m, e, JR_EXEC_TIMED_OUT);
        }
    }
    for (size_t i = 0; i < m->nactive;) {
        jr_job *j = m->active[i];
        if (j->status == JR_JOB_DELETION_IN_PROGRESS) {
            if (now >= j->deletion_at) {
                job_destroy(m, j); /* removes it from active */
                continue;
            }
            i++;
            continue;
        }
        job_time(m, j, now);
        if (i < m->nactive && m->active[i] == j && !job_needs_time(j)) {
            j->active = false;
            memmove(&m->active[i], &m->active[i + 1], (m->nactive - i - 1) * sizeof(jr_job *));
            m->nactive--;
            continue;
        }
        i++;
    }
}

/* ------------------------------------------------------------ lifecycle */

void jr_machine_config_default(jr_machine_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->region = "us-east-1";
    cfg->account_id = "123456789012";
    cfg->deletion_delay_ms = 2000;
    cfg->token_key = 0x6b6579206a6f6273ULL;
}

jr_machine *jr_machine_new(const jr_machine_config *cfg, jr_clock clock)
{
    jr_machine_config def;
    if (!cfg) {
        jr_machine_config_default(&def);
        cfg = &def;
    }
    jr_machine *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cfg = *cfg;
    m->region = jr_xstrdup(cfg->region ? cfg->region : "us-east-1");
    m->account = jr_xstrdup(cfg->account_id ? cfg->account_id : "123456789012");
    if (!m->region || !m->account) {
        free(m->region);
        free(m->account);
        free(m);
        return NULL;
    }
    m->cfg.region = m->region;
    m->cfg.account_id = m->account;
    if (m->cfg.deletion_delay_ms < 0) m->cfg.deletion_delay_ms = 0;
    m->clock = clock;
    m->faults = cfg->faults;
    jr_pool_init(&m->exec_pool, sizeof(jr_exec));
    return m;
}

void jr_machine_reset(jr_machine *m)
{
    if (!m) return;
    /* wholesale: no per-execution unindexing (O(n)) */
    HASH_CLEAR(hh, m->latest);
    HASH_CLEAR(hh, m->jobs_by_id);
    for (size_t i = 0; i < m->njobs; i++) {
        jr_job *j = m->jobs[i];
        for (uint32_t k = 0; k < j->execs.n; k++) jr_map_free(j->execs.v[k]->details);
        job_free(j);
    }
    jr_pool_clear(&m->exec_pool); /* every execution at once */
    for (size_t i = 0; i < m->nthings_all; i++) m->thing_list[i]->execs.n = 0;
    m->njobs = 0;
    jr_registry_free_all(m);
    free(m->jobs);
    free(m->continuous);
    free(m->active);
    free(m->heap);
    m->jobs = NULL;
    m->continuous = NULL;
    m->active = NULL;
    m->heap = NULL;
    m->njobs = m->capjobs = m->ncontinuous = m->capcontinuous = m->nactive = m->capactive = 0;
    m->nheap = m->capheap = 0;
    m->deletions = 0;
    m->nexecs = 0;
    m->latest = NULL;
    m->jobs_by_id = NULL;
}

void jr_machine_free(jr_machine *m)
{
    if (!m) return;
    jr_machine_reset(m);
    free(m->region);
    free(m->account);
    free(m);
}

void jr_machine_set_faults(jr_machine *m, jr_fault_set faults) { m->faults = faults; }
jr_fault_set jr_machine_faults(const jr_machine *m) { return m->faults; }

void jr_response_free(jr_response *resp)
{
    if (!resp) return;
    free(resp->body);
    resp->body = NULL;
    resp->body_len = 0;
}

void jr_machine_stats_get(const jr_machine *m, jr_machine_stats *out)
{
    memset(out, 0, sizeof *out);
    out->jobs = m->njobs;
    out->executions = m->nexecs;
    out->things = m->nthings_live;
    out->groups = m->ngroups;
    out->deletions_in_progress = m->deletions;
}

/* ------------------------------------------------------------ job ops */

static jr_status need(const char *s, const char *field, jr_error *err)
{
    if (!s || !*s) return jr_error_set(err, JR_ERR_INVALID_REQUEST, field, "%s is required", field);
    return JR_OK;
}

static jr_status job_404(jr_error *err, const char *id)
{
    return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "jobId", "Job %s does not exist", id);
}

/* Checks the targets of CreateJob / AssociateTargetsWithJob; *distinct gets
 * the number of distinct targets after merging with `existing`. */
static jr_status check_targets(jr_machine *m, const jr_str_list *targets, char **existing, size_t nexisting,
                               size_t *distinct, jr_error *err)
{
    if (!targets->count || !targets->items) return jr_error_set(err, JR_ERR_INVALID_REQUEST, "targets", "targets is required");
    size_t n = nexisting;
    for (size_t i = 0; i < targets->count; i++) {
        const char *t = targets->items[i];
        if (!t || !*t) return jr_error_set(err, JR_ERR_INVALID_REQUEST, "targets", "targets[%zu] is empty", i);
        bool dup = false;
        for (size_t k = 0; k < nexisting && !dup; k++) dup = strcmp(existing[k], t) == 0;
        for (size_t k = 0; k < i && !dup; k++) dup = targets->items[k] && strcmp(targets->items[k], t) == 0;
        if (!dup) n++;
    }
    *distinct = n;
    if (n > JR_MAX_TARGETS_PER_JOB && !jr_has_fault(m, JR_FAULT_NO_TARGET_LIMIT))
        return jr_error_set(err, JR_ERR_LIMIT_EXCEEDED, "targets", "a job may have at most %d targets (%zu given)",
                            JR_MAX_TARGETS_PER_JOB, n);
    for (size_t i = 0; i < targets->count; i++) {
        const char *name;
        const char *t = targets->items[i];
        int kind = jr_parse_target(m, t, &name);
        bool ok = (kind == 1 && jr_find_thing(m, name)) || (kind == 2 && jr_find_group(m, name));
        if (!ok && (kind == 0 || !jr_has_fault(m, JR_FAULT_UNKNOWN_TARGET_ACCEPTED)))
            return jr_error_set(err, JR_ERR_INVALID_REQUEST, "targets", "target %s does not exist in %s/%s", t,
                                m->region, m->account);
    }
    return JR_OK;
}

static void add_targets(jr_job *j, const jr_str_list *targets)
{
    for (size_t i = 0; i < targets->count; i++) {
        bool dup = false;
        for (size_t k = 0; k < j->ntargets && !dup; k++) dup = strcmp(j->targets[k], targets->items[i]) == 0;
        if (dup) continue;
        char **nt = realloc(j->targets, (j->ntargets + 1) * sizeof *nt);
        if (!nt) return;
        j->targets = nt;
        j->targets[j->ntargets] = jr_xstrdup(targets->items[i]);
        if (j->targets[j->ntargets]) j->ntargets++;
    }
}

static jr_status op_create_job(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *old = jr_find_job(m, r->job_id);
    if (old) {
        char arn[256];
        jr_job_arn(m, r->job_id, arn, sizeof arn);
        if (jr_has_fault(m, JR_FAULT_DUPLICATE_JOB_WRONG_ERROR))
            return jr_error_set(err, JR_ERR_INVALID_REQUEST, "jobId", "Job %s already exists", r->job_id);
        jr_error_set(err, JR_ERR_RESOURCE_ALREADY_EXISTS, "jobId", "Job %s already exists", r->job_id);
        snprintf(err->resource_id, sizeof err->resource_id, "%s", r->job_id);
        snprintf(err->resource_arn, sizeof err->resource_arn, "%s", arn);
        return JR_FAIL;
    }
    size_t distinct;
    if (check_targets(m, &r->targets, NULL, 0, &distinct, err)) return JR_FAIL;
    int64_t now = jr_now(m), start = 0, end = 0;
    if (r->scheduling_config.present) {
        const jr_scheduling_config *s = &r->scheduling_config;
        if (!s->start_time || !jr_parse_timestamp(s->start_time, &start))
            return jr_error_set(err, JR_ERR_INVALID_REQUEST, "schedulingConfig.startTime",
                                "startTime must be an ISO-8601 date-time");
        if (start < now + 30 * 60000LL || start > now + 365LL * 86400000LL)
            return jr_error_set(err, JR_ERR_INVALID_REQUEST, "schedulingConfig.startTime",
                                "startTime must be 30 minutes to 1 year in the future");
        if (s->end_time) {
            if (!jr_parse_timestamp(s->end_time, &end))
                return jr_error_set(err, JR_ERR_INVALID_REQUEST, "schedulingConfig.endTime",
                                    "endTime must be an ISO-8601 date-time");
            if (end < start + 30 * 60000LL || end > now + 2 * 365LL * 86400000LL)
                return jr_error_set(err, JR_ERR_INVALID_REQUEST, "schedulingConfig.endTime",
                                    "endTime must be 30 minutes after startTime and at most 2 years ahead");
        }
    }
    jr_job *j = calloc(1, sizeof *j);
    if (!j) return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
    j->job_id = jr_xstrdup(r->job_id);
    j->seq = ++m->seq;
    j->selection = r->has_target_selection ? r->target_selection : JR_TARGET_SNAPSHOT;
    if ((int)j->selection < 0 || j->selection >= JR_TARGET_SELECTION_COUNT) j->selection = JR_TARGET_SNAPSHOT;
    j->description = jr_xstrdup(r->description);
    j->document = jr_xstrdup(r->document);
    j->document_source = jr_xstrdup(r->document_source);
    j->namespace_id = jr_xstrdup(r->namespace_id);
    j->job_template_arn = jr_xstrdup(r->job_template_arn);
    copy_presigned(&j->presigned, &r->presigned_url_config);
    copy_rollout(&j->rollout, &r->rollout_config);
    copy_abort(&j->abort_cfg, &r->abort_config);
    j->timeout = r->timeout_config;
    copy_retry(&j->retry, &r->retry_config);
    if (r->scheduling_config.present) {
        j->sched = r->scheduling_config;
        j->sched.start_time = jr_xstrdup(r->scheduling_config.start_time);
        j->sched.end_time = jr_xstrdup(r->scheduling_config.end_time);
        j->start_ms = start;
        j->end_ms = end;
    }
    if (r->document_parameters.present) j->doc_params = jr_map_from_kv(&r->document_parameters);
    add_targets(j, &r->targets);
    j->created_at = j->updated_at = now;
    HASH_ADD_KEYPTR(hh, m->jobs_by_id, j->job_id, strlen(j->job_id), j);
    jr_vec_push((void **)&m->jobs, &m->njobs, &m->capjobs, j);
    if (j->selection == JR_TARGET_CONTINUOUS) jr_vec_push((void **)&m->continuous, &m->ncontinuous, &m->capcontinuous, j);
    m->in_create = true;
    if (r->scheduling_config.present) {
        j->status = JR_JOB_SCHEDULED;
        job_mark_active(m, j);
    } else {
        j->status = JR_JOB_IN_PROGRESS;
        rollout_start(m, j);
        if (j->end_ms) job_mark_active(m, j);
    }
    m->in_create = false;
    *body = jr_json_finish(jr_json_job_ref(m, j));
    return JR_OK;
}

static jr_status op_describe_job(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    *body = jr_json_finish(jr_json_describe_job(m, j));
    return JR_OK;
}

static jr_status op_get_job_document(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    cJSON *o = cJSON_CreateObject();
    if (o && j->document) cJSON_AddStringToObject(o, "document", j->document);
    *body = jr_json_finish(o);
    return JR_OK;
}

static jr_status op_update_job(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    if (j->status == JR_JOB_DELETION_IN_PROGRESS)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "jobId", "Job %s is being deleted", r->job_id);
    if (r->description) {
        free(j->description);
        j->description = jr_xstrdup(r->description);
    }
    if (r->presigned_url_config.present) {
        free(j->presigned.role_arn);
        copy_presigned(&j->presigned, &r->presigned_url_config);
    }
    if (r->rollout_config.present) {
        copy_rollout(&j->rollout, &r->rollout_config);
        if (j->rollout.has_exponential_rate) j->rate = (double)j->rollout.base_rate_per_minute;
        else if (j->rollout.maximum_per_minute.present) j->rate = (double)j->rollout.maximum_per_minute.value;
    }
    if (r->abort_config.present) {
        free(j->abort_cfg.criteria);
        copy_abort(&j->abort_cfg, &r->abort_config);
    }
    if (r->retry_config.present) {
        free(j->retry.criteria);
        copy_retry(&j->retry, &r->retry_config);
    }
    if (r->timeout_config.present) {
        j->timeout = r->timeout_config;
        if (jr_has_fault(m, JR_FAULT_TIMEOUT_UPDATE_RETROACTIVE)) {
            for (uint32_t i = 0; i < j->execs.n; i++) {
                jr_exec *e = j->execs.v[i];
                if (e->status != JR_EXEC_IN_PROGRESS) continue;
                e->inprog_deadline = 0;
                if (j->timeout.in_progress_timeout_minutes.present && j->timeout.in_progress_timeout_minutes.value > 0)
                    e->inprog_deadline = e->started_at + j->timeout.in_progress_timeout_minutes.value * 60000;
                jr_exec_timers_changed(m, e);
            }
        }
    }
    j->updated_at = jr_now(m);
    rollout_process(m, j);
    check_abort(m, j);
    *body = jr_xstrdup("{}");
    return JR_OK;
}

static jr_status op_cancel_job(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    bool force = r->force.present && r->force.value;
    switch (j->status) {
    case JR_JOB_IN_PROGRESS:
    case JR_JOB_SCHEDULED: break;
    case JR_JOB_CANCELED:
        if (force && j->counts[JR_EXEC_IN_PROGRESS]) break;
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "jobId", "Job %s is already CANCELED", r->job_id);
    case JR_JOB_COMPLETED:
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "jobId", "Job %s is COMPLETED", r->job_id);
    case JR_JOB_DELETION_IN_PROGRESS:
    default:
        if (jr_has_fault(m, JR_FAULT_DELETION_ACCEPTS_CHANGES)) break;
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "jobId", "Job %s is DELETION_IN_PROGRESS", r->job_id);
    }
    job_cancel(m, j, force, r->reason_code, r->comment);
    *body = jr_json_finish(jr_json_job_ref(m, j));
    return JR_OK;
}

static jr_status op_delete_job(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    bool force = r->force.present && r->force.value;
    if (j->status == JR_JOB_DELETION_IN_PROGRESS && !jr_has_fault(m, JR_FAULT_DELETION_ACCEPTS_CHANGES))
        return jr_error_set(err, JR_ERR_INVALID_STATE_TRANSITION, "jobId", "Job %s is already being deleted", r->job_id);
    if (!is_terminal_job(j->status) && j->status != JR_JOB_DELETION_IN_PROGRESS && !force &&
        !jr_has_fault(m, JR_FAULT_DELETE_IGNORES_FORCE))
        return jr_error_set(err, JR_ERR_INVALID_STATE_TRANSITION, "force",
                            "Job %s is %s: deleting it needs force=true", r->job_id, jr_job_status_name(j->status));
    if (j->status != JR_JOB_DELETION_IN_PROGRESS && !jr_has_fault(m, JR_FAULT_SYNC_DELETION) &&
        m->deletions >= JR_MAX_CONCURRENT_DELETIONS && !jr_has_fault(m, JR_FAULT_NO_DELETION_LIMIT))
        return jr_error_set(err, JR_ERR_LIMIT_EXCEEDED, "jobId", "at most %d jobs may be deleted at once",
                            JR_MAX_CONCURRENT_DELETIONS);
    if (jr_has_fault(m, JR_FAULT_SYNC_DELETION)) {
        job_destroy(m, j);
    } else if (j->status != JR_JOB_DELETION_IN_PROGRESS) {
        j->status = JR_JOB_DELETION_IN_PROGRESS;
        j->rolling = false;
        j->rollout_stopped = true;
        j->updated_at = jr_now(m);
        j->deletion_at = j->updated_at + m->cfg.deletion_delay_ms;
        m->deletions++;
        for (uint32_t i = 0; i < j->execs.n; i++) {
            j->execs.v[i]->inprog_deadline = j->execs.v[i]->step_deadline = 0;
            heap_remove(m, j->execs.v[i]);
        }
        job_mark_active(m, j);
    }
    *body = jr_xstrdup("{}");
    return JR_OK;
}

static jr_status op_associate(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    if (j->selection != JR_TARGET_CONTINUOUS && !jr_has_fault(m, JR_FAULT_SNAPSHOT_ASSOCIATION))
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "jobId", "Job %s is not CONTINUOUS", r->job_id);
    if (j->status != JR_JOB_IN_PROGRESS && !jr_has_fault(m, JR_FAULT_ASSOCIATE_ANY_STATUS))
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "jobId", "Job %s is %s, not IN_PROGRESS", r->job_id,
                            jr_job_status_name(j->status));
    size_t distinct;
    if (check_targets(m, &r->targets, j->targets, j->ntargets, &distinct, err)) return JR_FAIL;
    add_targets(j, &r->targets);
    if (r->comment) {
        free(j->comment);
        j->comment = jr_xstrdup(r->comment);
    }
    j->updated_at = jr_now(m);
    if (j->status == JR_JOB_IN_PROGRESS && !j->rollout_stopped) {
        /* resolve the new targets into pending things (skips those that
         * already have an execution) */
        m->mark_epoch++;
        for (size_t i = j->pending_pos; i < j->npending; i++) j->pending[i]->mark = m->mark_epoch;
        bool was_done = j->pending_pos >= j->npending;
        if (was_done) {
            free(j->pending);
            j->pending = NULL;
            j->npending = j->pending_pos = j->cappending = 0;
        }
        for (size_t i = 0; i < r->targets.count; i++) {
            const char *name;
            int kind = jr_parse_target(m, r->targets.items[i], &name);
            if (kind == 1) {
                jr_thing *t = jr_find_thing(m, name);
                if (t && !already_has_exec(m, j, t)) add_pending(m, j, t);
            } else if (kind == 2) {
                jr_group *g = jr_find_group(m, name);
                if (g) collect_group(m, j, g, 0);
            }
        }
        j->rolling = true;
        rollout_process(m, j);
    }
    *body = jr_json_finish(jr_json_job_ref(m, j));
    return JR_OK;
}

/* ------------------------------------------------------------ dispatch */

jr_status jr_machine_execute(jr_machine *m, const jr_request *req, jr_response *resp, jr_error *err)
{
    jr_error_clear(err);
    memset(resp, 0, sizeof *resp);
    if (!m || !req) return jr_error_set(err, JR_ERR_INVALID_REQUEST, NULL, "no request");
    jr_machine_advance(m);
    char *body = NULL;
    jr_status st;
    switch (req->op) {
    case JR_OP_CREATE_JOB: st = op_create_job(m, req, &body, err); break;
    case JR_OP_DESCRIBE_JOB: st = op_describe_job(m, req, &body, err); break;
    case JR_OP_GET_JOB_DOCUMENT: st = op_get_job_document(m, req, &body, err); break;
    case JR_OP_UPDATE_JOB: st = op_update_job(m, req, &body, err); break;
    case JR_OP_CANCEL_JOB: st = op_cancel_job(m, req, &body, err); break;
    case JR_OP_DELETE_JOB: st = op_delete_job(m, req, &body, err); break;
    case JR_OP_ASSOCIATE_TARGETS_WITH_JOB: st = op_associate(m, req, &body, err); break;
    case JR_OP_CANCEL_JOB_EXECUTION:
    case JR_OP_DELETE_JOB_EXECUTION:
    case JR_OP_DESCRIBE_JOB_EXECUTION:
    case JR_OP_GET_PENDING_JOB_EXECUTIONS:
    case JR_OP_START_NEXT_PENDING_JOB_EXECUTION:
    case JR_OP_DATA_DESCRIBE_JOB_EXECUTION:
    case JR_OP_UPDATE_JOB_EXECUTION: st = jr_op_exec(m, req, &body, err); break;
    case JR_OP_CREATE_THING:
    case JR_OP_DESCRIBE_THING:
    case JR_OP_DELETE_THING:
    case JR_OP_CREATE_THING_GROUP:
    case JR_OP_DESCRIBE_THING_GROUP:
    case JR_OP_DELETE_THING_GROUP:
    case JR_OP_ADD_THING_TO_THING_GROUP:
    case JR_OP_REMOVE_THING_FROM_THING_GROUP: st = jr_op_registry(m, req, &body, err); break;
    case JR_OP_LIST_JOBS:
    case JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB:
    case JR_OP_LIST_JOB_EXECUTIONS_FOR_THING:
    case JR_OP_LIST_THINGS_IN_THING_GROUP: st = jr_op_list(m, req, &body, err); break;
    default: return jr_error_set(err, JR_ERR_INVALID_REQUEST, NULL, "unknown operation %d", (int)req->op);
    }
    if (st != JR_OK) {
        free(body);
        return JR_FAIL;
    }
    if (!body) return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory rendering the response");
    resp->http_status = 200;
    resp->body = body;
    resp->body_len = strlen(body);
    return JR_OK;
}

/* ------------------------------------------------------------ invariants */

#define FAILF(...)                                                                                                     \
    do {                                                                                                               \
        if (why && why_len) snprintf(why, why_len, __VA_ARGS__);                                                       \
        return false;                                                                                                  \
    } while (0)

bool jr_machine_check_invariants(const jr_machine *mc, char *why, size_t why_len)
{
    jr_machine *m = (jr_machine *)mc;
    size_t total = 0, dels = 0;
    uint64_t prev = 0;
    if (HASH_COUNT(m->jobs_by_id) != m->njobs) FAILF("job hash has %u jobs, list %zu", HASH_COUNT(m->jobs_by_id), m->njobs);
    for (size_t i = 0; i < m->njobs; i++) {
        jr_job *j = m->jobs[i];
        if (j->seq <= prev) FAILF("jobs out of creation order at %zu", i);
        prev = j->seq;
        if (jr_find_job(m, j->job_id) != j) FAILF("job %s not in its hash", j->job_id);
        uint32_t c[JR_EXEC_STATUS_COUNT] = {0};
        uint64_t ps = 0;
        for (uint32_t k = 0; k < j->execs.n; k++) {
            jr_exec *e = j->execs.v[k];
            if (e->key.job != j) FAILF("job %s indexes a foreign execution", j->job_id);
            if (e->seq <= ps) FAILF("job %s executions out of order", j->job_id);
            ps = e->seq;
            if (e->status >= JR_EXEC_STATUS_COUNT) FAILF("bad execution status");
            c[e->status]++;
            if (e->version < 1) FAILF("job %s execution %u has version 0", j->job_id, e->number);
            if (jr_exec_status_is_terminal((jr_exec_status)e->status) && (exec_deadline(e) || e->heap_pos))
                FAILF("terminal execution %s#%u has a live deadline", j->job_id, e->number);
            if (exec_deadline(e) && !e->heap_pos && !jr_has_fault(m, JR_FAULT_TIMERS_DISABLED))
                FAILF("execution %s#%u deadline missing from the heap", j->job_id, e->number);
            if (e->heap_pos && (e->heap_pos > m->nheap || m->heap[e->heap_pos] != e))
                FAILF("execution %s#%u heap slot wrong", j->job_id, e->number);
            jr_exec_vec *tv = &e->key.thing->execs;
            uint32_t ti = jr_exec_vec_lower(tv, e->seq, true);
            if (ti >= tv->n || tv->v[ti] != e) FAILF("execution %s#%u missing from its thing index", j->job_id, e->number);
            if (k && j->execs.v[k - 1]->number >= e->number) FAILF("job %s execution numbers not increasing", j->job_id);
        }
        for (int s = 0; s < JR_EXEC_STATUS_COUNT; s++)
            if (c[s] != j->counts[s])
                FAILF("job %s counter %s is %u, executions say %u", j->job_id, jr_exec_status_name((jr_exec_status)s),
                      j->counts[s], c[s]);
        if (j->status == JR_JOB_COMPLETED) {
            if (j->selection != JR_TARGET_SNAPSHOT) FAILF("COMPLETED job %s is not SNAPSHOT", j->job_id);
            if ((c[JR_EXEC_QUEUED] || c[JR_EXEC_IN_PROGRESS]) && !jr_has_fault(m, JR_FAULT_TERMINAL_REOPENS))
                FAILF("COMPLETED job %s has non-terminal executions", j->job_id);
            if (!j->completed_at) FAILF("COMPLETED job %s has no completedAt", j->job_id);
        }
        if (j->status == JR_JOB_DELETION_IN_PROGRESS) dels++;
        total += j->execs.n;
    }
    if (total != m->nexecs) FAILF("%zu executions indexed by jobs, %zu counted", total, m->nexecs);
    if (dels != m->deletions) FAILF("%zu deletions in progress, counter %zu", dels, m->deletions);
    if (dels > JR_MAX_CONCURRENT_DELETIONS && !jr_has_fault(m, JR_FAULT_NO_DELETION_LIMIT))
        FAILF("%zu deletions in progress", dels);
    size_t tt = 0;
    for (size_t i = 0; i < m->nthings_all; i++) {
        jr_thing *t = m->thing_list[i];
        uint64_t ps = 0;
        for (uint32_t k = 0; k < t->execs.n; k++) {
            jr_exec *e = t->execs.v[k];
            if (e->key.thing != t) FAILF("thing %s indexes a foreign execution", t->name);
            if (e->seq <= ps) FAILF("thing %s executions out of order", t->name);
            ps = e->seq;
            jr_exec *l = jr_latest_exec(m, e->key.job, t);
            if (!l || l->seq < e->seq) FAILF("latest index of %s/%s is stale", e->key.job->job_id, t->name);
        }
        tt += t->execs.n;
    }
    if (tt != m->nexecs) FAILF("%zu executions indexed by things, %zu counted", tt, m->nexecs);
    for (size_t i = 1; i <= m->nheap; i++) {
        if (m->heap[i]->heap_pos != i) FAILF("heap slot %zu back-pointer wrong", i);
        if (i > 1 && exec_deadline(m->heap[i]) < exec_deadline(m->heap[i / 2])) FAILF("heap order broken at %zu", i);
    }
    return true;
}
