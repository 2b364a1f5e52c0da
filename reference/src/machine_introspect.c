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
