/* The machine's entry points: lifecycle, jr_machine_execute (which reads
 * the operation table: handler, then encoder) and the invariants. The state
 * itself is the core's (core_*.c); see machine_internal.h. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"
#include "ops.h"

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
        jr_job_free(j);
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

/* ------------------------------------------------------------ dispatch */

jr_status jr_machine_execute(jr_machine *m, const jr_request *req, jr_response *resp, jr_error *err)
{
    jr_error_clear(err);
    memset(resp, 0, sizeof *resp);
    if (!m || !req) return jr_error_set(err, JR_ERR_INVALID_REQUEST, NULL, "no request");
    jr_machine_advance(m); /* an allocation failure here is reported below too */
    if ((int)req->op <= JR_OP_NONE || req->op >= JR_OP_COUNT)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, NULL, "unknown operation %d", (int)req->op);
    const jr_op_row *row = &OPS[req->op];
    jr_result res;
    memset(&res, 0, sizeof res);
    jr_status st = row->handle(m, req, &res, err);
    char *body = NULL;
    if (st == JR_OK && m->oom) st = jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
    if (st == JR_OK) body = row->encode(&res);
    jr_result_release(&res);
    m->oom = false;
    if (st != JR_OK) return JR_FAIL;
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
            if (jr_exec_status_is_terminal((jr_exec_status)e->status) && (jr_exec_deadline(e) || e->heap_pos))
                FAILF("terminal execution %s#%u has a live deadline", j->job_id, e->number);
            if (jr_exec_deadline(e) && !e->heap_pos && !jr_has_fault(m, JR_FAULT_TIMERS_DISABLED))
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
        if (i > 1 && jr_exec_deadline(m->heap[i]) < jr_exec_deadline(m->heap[i / 2])) FAILF("heap order broken at %zu", i);
    }
    return true;
}
