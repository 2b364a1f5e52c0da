/* Core: executions. The deadline heap, creation and removal of executions,
 * and a status change with all its consequences (counters, version, timers,
 * retry, abort, job completion). Never calls up into handlers or encoders. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"

/* ------------------------------------------------------------------- heap */

int64_t jr_exec_deadline(const jr_exec *e)
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
    int64_t da = jr_exec_deadline(m->heap[a]), db = jr_exec_deadline(m->heap[b]);
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
    int64_t d = jr_exec_deadline(e);
    if (!d) {
        heap_remove(m, e);
        return;
    }
    if (e->heap_pos) {
        heap_fix(m, e->heap_pos);
        return;
    }
    if (!jr_timers_reserve(m, 1)) {
        /* the deadline stays on the execution (the invariant check names
         * it) and the request reports out of memory */
        jr_core_oom(m);
        return;
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
    /* add before deleting `old` (same key, briefly twice), so the index
     * never empties and a failed add leaves it as it was */
    HASH_ADD(hh, m->latest, key, sizeof(jr_exec_key), e);
    if (!jr_hash_added(e)) {
        j->execs.n--;
        t->execs.n--;
        j->next_number--;
        jr_pool_release(&m->exec_pool, e);
        return NULL;
    }
    if (old) HASH_DEL(m->latest, old);
    count_add(m, j, JR_EXEC_QUEUED, +1);
    m->nexecs++;
    return e;
}

void jr_exec_free_one(jr_machine *m, jr_exec *e) { jr_exec_free(m, e, true); }

/* repoint=false when the whole job goes away (no pair of it survives). */
void jr_exec_free(jr_machine *m, jr_exec *e, bool repoint)
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
        /* the previous execution of the pair (if any) joins before e leaves,
         * so the index never empties */
        for (uint32_t i = repoint ? t->execs.n : 0; i-- > 0;)
            if (t->execs.v[i]->key.job == j) {
                HASH_ADD(hh, m->latest, key, sizeof(jr_exec_key), t->execs.v[i]);
                if (!jr_hash_added(t->execs.v[i])) jr_core_oom(m); /* the bucket could not grow */
                break;
            }
        HASH_DEL(m->latest, e);
    }
    jr_map_free(e->details);
    jr_pool_release(&m->exec_pool, e);
    m->nexecs--;
}

void jr_job_mark_active(jr_machine *m, jr_job *j)
{
    if (j->active) return;
    if (jr_vec_push((void **)&m->active, &m->nactive, &m->capactive, j)) j->active = true;
    else jr_core_oom(m);
}


static bool is_executed(int st)
{
    return st == JR_EXEC_SUCCEEDED || st == JR_EXEC_FAILED || st == JR_EXEC_REJECTED || st == JR_EXEC_TIMED_OUT;
}

void jr_job_check_abort(jr_machine *m, jr_job *j)
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
            jr_job_cancel(m, j, false, "FAILURE_THRESHOLD_EXCEEDED", comment);
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
    if (!jr_exec_create(m, j, e->key.thing, (uint16_t)(e->retry_attempt + 1))) jr_core_oom(m);
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
                jr_rollout_process(m, j);
            }
            check_retry(m, e);
            if (is_executed(st)) jr_job_check_abort(m, j);
            jr_job_check_completion(m, j);
        }
    } else {
        jr_exec_timers_changed(m, e);
    }
}

void jr_timers_fire(jr_machine *m, int64_t now)
{
    while (m->nheap && jr_exec_deadline(m->heap[1]) <= now) {
        jr_exec *e = m->heap[1];
        e->inprog_deadline = e->step_deadline = 0;
        heap_remove(m, e);
        if (jr_exec_status_is_terminal((jr_exec_status)e->status)) continue;
        jr_exec_set_status(m, e, JR_EXEC_TIMED_OUT);
    }
}

void jr_exec_clear_timers(jr_machine *m, jr_exec *e)
{
    e->inprog_deadline = e->step_deadline = 0;
    heap_remove(m, e);
}

bool jr_timers_reserve(jr_machine *m, size_t n)
{
    /* the heap is 1-based: n more entries need nheap + n + 1 slots */
    if (m->nheap + n + 1 <= m->capheap) return true;
    size_t nc = m->capheap ? m->capheap : 64;
    while (nc < m->nheap + n + 1) nc *= 2;
    jr_exec **nh = realloc(m->heap, nc * sizeof *nh);
    if (!nh) return false;
    m->heap = nh;
    m->capheap = nc;
    return true;
}

int64_t jr_exec_seconds_left(const jr_machine *m, const jr_exec *e)
{
    if (jr_exec_status_is_terminal((jr_exec_status)e->status)) return -1;
    int64_t d = jr_exec_deadline(e);
    if (!d) return -1;
    int64_t left = d - jr_now(m);
    if (left < 0) left = 0;
    return left / 1000; /* rounded down: the model has the timeout come at or after the estimate */
}

void jr_exec_apply_step(jr_machine *m, jr_exec *e, const jr_opt_i64 *step)
{
    if (!step->present || e->status != JR_EXEC_IN_PROGRESS) return;
    if (step->value == -1) {
        e->step_deadline = 0;
    } else {
        int64_t d = jr_now(m) + step->value * 60000;
        if (e->inprog_deadline && e->inprog_deadline < d) d = e->inprog_deadline;
        e->step_deadline = d;
    }
    jr_exec_timers_changed(m, e);
}

jr_status jr_exec_replace_details(jr_exec *e, const jr_kv_list *l, jr_error *err)
{
    if (!l->present) return JR_OK;
    jr_map *nm = jr_map_from_kv(l);
    if (!nm) return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
    jr_map_free(e->details);
    e->details = nm;
    return JR_OK;
}

static bool pending_job(const jr_exec *e) { return e->key.job->status != JR_JOB_DELETION_IN_PROGRESS; }

bool jr_exec_is_pending(const jr_exec *e)
{
    return pending_job(e) && (e->status == JR_EXEC_IN_PROGRESS || e->status == JR_EXEC_QUEUED);
}

jr_exec *jr_thing_next_pending(jr_machine *m, jr_thing *t)
{
    jr_exec *best = NULL;
    for (uint32_t i = 0; i < t->execs.n; i++) {
        jr_exec *e = t->execs.v[i];
        if (e->status == JR_EXEC_IN_PROGRESS && pending_job(e) && (!best || e->started_at < best->started_at)) best = e;
    }
    if (best) return best;
    bool newest = jr_has_fault(m, JR_FAULT_START_NEXT_WRONG_ORDER);
    for (uint32_t i = 0; i < t->execs.n; i++) {
        jr_exec *e = t->execs.v[i];
        if (e->status == JR_EXEC_QUEUED && pending_job(e)) {
            best = e;
            if (!newest) break;
        }
    }
    return best;
}
