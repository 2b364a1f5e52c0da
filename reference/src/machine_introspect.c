/* Read-only introspection of the state machine (see jobsref/machine.h):
 * views of jobs and executions for checkers that run after every step. */
#include <string.h>

#include "machine_internal.h"

void jr_machine_visit_executions(const jr_machine *m, void (*visit)(void *ctx, const jr_exec_view *v), void *ctx)
{
    if (!m || !visit) return;
    for (size_t i = 0; i < m->njobs; i++) {
        const jr_job *j = m->jobs[i];
        for (uint32_t k = 0; k < j->execs.n; k++) {
            const jr_exec *e = j->execs.v[k];
            jr_exec_view v;
            v.job_id = j->job_id;
            v.thing_name = e->key.thing ? e->key.thing->name : "";
            v.execution_number = e->number;
            v.status = (jr_exec_status)e->status;
            v.version_number = e->version;
            visit(ctx, &v);
        }
    }
}

static void job_view(const jr_machine *m, const jr_job *j, jr_job_view *v)
{
    /* The same choice as DescribeJob's encoder (encode_response.c). */
    const uint32_t *c = jr_fault_on(m->faults, JR_FAULT_STALE_COUNTERS) ? j->frozen : j->counts;
    v->job_id = j->job_id;
    v->status = j->status;
    v->target_selection = j->selection;
    for (int s = 0; s < JR_EXEC_STATUS_COUNT; s++) v->counters[s] = c[s];
    v->executions = j->execs.n;
}

void jr_machine_visit_jobs(const jr_machine *m, void (*visit)(void *ctx, const jr_job_view *v), void *ctx)
{
    if (!m || !visit) return;
    for (size_t i = 0; i < m->njobs; i++) {
        jr_job_view v;
        job_view(m, m->jobs[i], &v);
        visit(ctx, &v);
    }
}

bool jr_machine_job_status(const jr_machine *m, const char *job_id, jr_job_status *out)
{
    if (!m || !job_id) return false;
    jr_job *j = NULL;
    HASH_FIND_STR(m->jobs_by_id, job_id, j);
    if (!j) return false;
    if (out) *out = j->status;
    return true;
}

/* splitmix64's finaliser: each field changes the whole digest. */
static uint64_t mix(uint64_t h, uint64_t v)
{
    uint64_t z = h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t jr_machine_thing_fingerprint(const jr_machine *m, const char *thing_name)
{
    if (!m || !thing_name) return 1;
    jr_thing *t = jr_find_thing((jr_machine *)m, thing_name);
    uint64_t h = mix(0x6a6f62737265660aull, (uint64_t)m->faults);
    if (!t) return mix(h, 1) | 1; /* absent: both reads fail */
    h = mix(h, t->seq);
    h = mix(h, t->num);
    h = mix(h, t->execs.n);
    for (uint32_t i = 0; i < t->execs.n; i++) {
        const jr_exec *e = t->execs.v[i];
        h = mix(h, e->seq);
        h = mix(h, e->key.job->seq);
        h = mix(h, ((uint64_t)e->number << 16) | ((uint64_t)e->status << 1) | (uint64_t)jr_exec_is_pending(e));
        h = mix(h, (uint64_t)e->started_at);
    }
    return h ? h : 2;
}
