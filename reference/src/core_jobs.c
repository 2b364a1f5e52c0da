/* Core: jobs over time. Rollout (rate, exponential increase), targeting
 * and CONTINUOUS membership follow-up, cancellation, deletion, scheduling
 * and jr_machine_advance. Never calls up into handlers or encoders. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"

/* ---------------------------------------------------------------- rollout */

static void rollout_increase(jr_job *j)
{
    double r = j->rate * j->rollout.increment_factor;
    if (r < j->rate + 1) r = j->rate + 1;
    if (j->rollout.maximum_per_minute.present && r > (double)j->rollout.maximum_per_minute.value)
        r = (double)j->rollout.maximum_per_minute.value;
    j->rate = r;
}

bool jr_already_has_exec(jr_machine *m, jr_job *j, jr_thing *t)
{
    jr_exec *e = jr_latest_exec(m, j, t);
    return e && e->status != JR_EXEC_REMOVED;
}

/* Creates executions for pending things as the rollout rate allows. */
void jr_rollout_process(jr_machine *m, jr_job *j)
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
        if (t->deleted || jr_already_has_exec(m, j, t)) continue;
        if (!jr_exec_create(m, j, t, 0)) {
            j->pending_pos--; /* kept pending: retried on the next advance */
            jr_core_oom(m);
            break;
        }
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
            jr_rollout_process(m, j);
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
        jr_job_mark_active(m, j);
    }
}

void jr_add_pending(jr_machine *m, jr_job *j, jr_thing *t)
{
    if (t->deleted || t->mark == m->mark_epoch) return;
    t->mark = m->mark_epoch;
    if (!jr_vec_push((void **)&j->pending, &j->npending, &j->cappending, t)) jr_core_oom(m);
}

void jr_collect_group(jr_machine *m, jr_job *j, jr_group *g, int depth)
{
    if (depth > 64) return;
    for (size_t i = 0; i < g->nmembers; i++) jr_add_pending(m, j, g->members[i]);
    for (size_t i = 0; i < g->nchildren; i++) jr_collect_group(m, j, g->children[i], depth + 1);
}

/* Resolves the job's targets into pending things and starts the rollout. */
void jr_rollout_start(jr_machine *m, jr_job *j)
{
    m->mark_epoch++;
    for (size_t i = 0; i < j->npending; i++) j->pending[i]->mark = m->mark_epoch;
    for (size_t i = 0; i < j->ntargets; i++) {
        const char *name;
        int kind = jr_parse_target(m, j->targets[i], &name);
        if (kind == 1) {
            jr_thing *t = jr_find_thing(m, name);
            if (t) jr_add_pending(m, j, t);
        } else if (kind == 2) {
            jr_group *g = jr_find_group(m, name);
            if (g) jr_collect_group(m, j, g, 0);
        }
    }
    j->rolling = true;
    j->rollout_start = jr_now(m);
    j->window = 0;
    j->created_in_window = 0;
    j->rate = 0;
    if (j->rollout.has_exponential_rate) j->rate = (double)j->rollout.base_rate_per_minute;
    else if (j->rollout.maximum_per_minute.present) j->rate = (double)j->rollout.maximum_per_minute.value;
    jr_rollout_process(m, j);
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
        if (jr_already_has_exec(m, j, t) || !jr_thing_targeted_by(m, j, t)) continue;
        if (j->pending_pos < j->npending) {
            bool queued = false;
            for (size_t k = j->pending_pos; k < j->npending; k++) queued |= j->pending[k] == t;
            if (!queued && !jr_vec_push((void **)&j->pending, &j->npending, &j->cappending, t)) jr_core_oom(m);
            jr_rollout_process(m, j);
        } else {
            if (!jr_exec_create(m, j, t, 0)) jr_core_oom(m);
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

/* Removes the job and all its executions from every index and frees it. */
void jr_job_destroy(jr_machine *m, jr_job *j)
{
    while (j->execs.n) jr_exec_free(m, j->execs.v[j->execs.n - 1], false);
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
    if (j->selection == JR_TARGET_CONTINUOUS) jr_vec_remove_ptr((void **)m->continuous, &m->ncontinuous, j);
    if (j->active) jr_vec_remove_ptr((void **)m->active, &m->nactive, j);
    jr_job_free(j);
}

void jr_job_cancel(jr_machine *m, jr_job *j, bool force, const char *reason, const char *comment)
{
    int64_t now = jr_now(m);
    if (j->status != JR_JOB_DELETION_IN_PROGRESS) j->status = JR_JOB_CANCELED;
    j->rollout_stopped = true;
    j->rolling = false;
    free(j->pending);
    j->pending = NULL;
    j->npending = j->pending_pos = j->cappending = 0;
    if (force) j->force_canceled = true;
    char *rc = reason ? jr_xstrdup(reason) : NULL, *cm = comment ? jr_xstrdup(comment) : NULL;
    if ((reason && !rc) || (comment && !cm)) jr_core_oom(m); /* the old texts stay */
    if (rc) {
        free(j->reason_code);
        j->reason_code = rc;
    }
    if (cm) {
        free(j->comment);
        j->comment = cm;
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


/* ------------------------------------------------------------ advancing */

static void job_time(jr_machine *m, jr_job *j, int64_t now)
{
    if (j->status == JR_JOB_DELETION_IN_PROGRESS) return; /* handled by caller */
    if (j->status == JR_JOB_SCHEDULED && now >= j->start_ms) {
        j->status = JR_JOB_IN_PROGRESS;
        j->updated_at = now;
        jr_rollout_start(m, j);
        if (j->rolling) j->rollout_start = j->start_ms;
        jr_rollout_process(m, j);
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
            jr_job_cancel(m, j, b == JR_END_FORCE_CANCEL, NULL, NULL);
        }
    }
    if (j->status == JR_JOB_IN_PROGRESS && j->pending_pos < j->npending) jr_rollout_process(m, j);
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
    if (!jr_has_fault(m, JR_FAULT_TIMERS_DISABLED)) jr_timers_fire(m, now);
    for (size_t i = 0; i < m->nactive;) {
        jr_job *j = m->active[i];
        if (j->status == JR_JOB_DELETION_IN_PROGRESS) {
            if (now >= j->deletion_at) {
                jr_job_destroy(m, j); /* removes it from active */
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

/* ------------------------------------------------------------ job changes */

void jr_job_begin_deletion(jr_machine *m, jr_job *j)
{
    j->status = JR_JOB_DELETION_IN_PROGRESS;
    j->rolling = false;
    j->rollout_stopped = true;
    j->updated_at = jr_now(m);
    j->deletion_at = j->updated_at + m->cfg.deletion_delay_ms;
    m->deletions++;
    for (uint32_t i = 0; i < j->execs.n; i++) jr_exec_clear_timers(m, j->execs.v[i]);
    jr_job_mark_active(m, j);
}

void jr_job_set_rollout(jr_job *j, const jr_rollout_config *c)
{
    jr_copy_rollout(&j->rollout, c);
    if (j->rollout.has_exponential_rate) j->rate = (double)j->rollout.base_rate_per_minute;
    else if (j->rollout.maximum_per_minute.present) j->rate = (double)j->rollout.maximum_per_minute.value;
}

void jr_job_set_timeout(jr_machine *m, jr_job *j, const jr_timeout_config *c)
{
    j->timeout = *c;
    if (!jr_has_fault(m, JR_FAULT_TIMEOUT_UPDATE_RETROACTIVE)) return;
    for (uint32_t i = 0; i < j->execs.n; i++) {
        jr_exec *e = j->execs.v[i];
        if (e->status != JR_EXEC_IN_PROGRESS) continue;
        e->inprog_deadline = 0;
        if (j->timeout.in_progress_timeout_minutes.present && j->timeout.in_progress_timeout_minutes.value > 0)
            e->inprog_deadline = e->started_at + j->timeout.in_progress_timeout_minutes.value * 60000;
        jr_exec_timers_changed(m, e);
    }
}

void jr_rollout_add_targets(jr_machine *m, jr_job *j, const jr_str_list *targets)
{
    if (j->status != JR_JOB_IN_PROGRESS || j->rollout_stopped) return;
    /* resolve the new targets into pending things (skips those that already
     * have an execution) */
    m->mark_epoch++;
    for (size_t i = j->pending_pos; i < j->npending; i++) j->pending[i]->mark = m->mark_epoch;
    bool was_done = j->pending_pos >= j->npending;
    if (was_done) {
        free(j->pending);
        j->pending = NULL;
        j->npending = j->pending_pos = j->cappending = 0;
    }
    for (size_t i = 0; i < targets->count; i++) {
        const char *name;
        int kind = jr_parse_target(m, targets->items[i], &name);
        if (kind == 1) {
            jr_thing *t = jr_find_thing(m, name);
            if (t && !jr_already_has_exec(m, j, t)) jr_add_pending(m, j, t);
        } else if (kind == 2) {
            jr_group *g = jr_find_group(m, name);
            if (g) jr_collect_group(m, j, g, 0);
        }
    }
    j->rolling = true;
    jr_rollout_process(m, j);
}

/* ------------------------------------------------------------ job facts */

bool jr_job_is_concurrent(const jr_job *j)
{
    return j->status == JR_JOB_IN_PROGRESS && j->rolling && j->pending_pos < j->npending;
}

size_t jr_job_processing_targets(const jr_job *j, const char *const **out)
{
    *out = (const char *const *)j->targets;
    return jr_job_is_concurrent(j) ? j->ntargets : 0;
}

const uint32_t *jr_job_shown_counters(const jr_machine *m, const jr_job *j)
{
    return jr_has_fault(m, JR_FAULT_STALE_COUNTERS) ? j->frozen : j->counts;
}

const jr_group *jr_job_first_group(const jr_machine *m, const jr_job *j)
{
    for (size_t i = 0; i < j->ntargets; i++) {
        const char *name;
        if (jr_parse_target(m, j->targets[i], &name) == 2) {
            jr_group *g = jr_find_group((jr_machine *)m, name);
            if (g) return g;
        }
    }
    return NULL;
}
