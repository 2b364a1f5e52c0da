/* Execution operations: control plane (DescribeJobExecution,
 * CancelJobExecution, DeleteJobExecution) and data plane
 * (GetPendingJobExecutions, StartNextPendingJobExecution,
 * DescribeJobExecution, UpdateJobExecution). Handlers: they check the
 * request against the state, change it through the core and fill the
 * jr_result their encoder renders (see ops.c). */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "machine_internal.h"
#include "machine_views.h"
#include "ops.h"

static jr_status nomem(jr_error *err) { return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory"); }

/* The iot-jobs-data JobExecution of e (jobDocument when `doc`). */
static void exec_data(jr_machine *m, const jr_exec *e, bool doc, jr_result *res)
{
    jr_view_exec(m, e, false, &res->exec);
    if (doc) res->exec.job_document = e->key.job->document;
    res->has_exec = true;
}

/* The decoder applies the same row; typed requests may come without it
 * (fuzzers, other fronts), and the timer arithmetic needs the range. */
static jr_status check_step(const jr_opt_i64 *step, jr_error *err)
{
    char msg[160];
    if (!step->present || jr_limit_int(JR_LIM_STEP_TIMEOUT, step->value, 0, msg, sizeof msg)) return JR_OK;
    return jr_error_set(err, JR_ERR_INVALID_REQUEST, "stepTimeoutInMinutes", "stepTimeoutInMinutes: %s", msg);
}

static jr_status need(const char *s, const char *field, jr_error *err)
{
    if (!s || !*s) return jr_error_set(err, JR_ERR_INVALID_REQUEST, field, "%s is required", field);
    return JR_OK;
}

static jr_status thing_404(jr_error *err, const char *name)
{
    return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingName", "Thing %s does not exist", name);
}

static jr_status job_404(jr_error *err, const char *id)
{
    return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "jobId", "Job %s does not exist", id);
}

static jr_status exec_404(jr_error *err, const char *job, const char *thing)
{
    return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "jobId", "No execution of job %s on thing %s", job, thing);
}

/* The execution a request designates: by executionNumber when given, else
 * the latest of the pair (or the oldest under describe-first-execution when
 * `oldest_fault`). */
static jr_exec *designated(jr_machine *m, jr_job *j, jr_thing *t, const jr_opt_i64 *number, bool oldest_fault)
{
    if (number->present) {
        jr_exec *e = jr_job_exec_by_number(j, number->value);
        return (e && e->key.thing == t) ? e : NULL;
    }
    if (oldest_fault) {
        for (uint32_t i = 0; i < t->execs.n; i++)
            if (t->execs.v[i]->key.job == j) return t->execs.v[i];
        return NULL;
    }
    return jr_latest_exec(m, j, t);
}

static bool device_status_ok(jr_exec_status s)
{
    return s == JR_EXEC_IN_PROGRESS || s == JR_EXEC_SUCCEEDED || s == JR_EXEC_FAILED || s == JR_EXEC_REJECTED;
}

jr_status jr_h_update_exec(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (!r->has_exec_status) return jr_error_set(err, JR_ERR_INVALID_REQUEST, "status", "status is required");
    if ((int)r->exec_status < 0 || r->exec_status >= JR_EXEC_STATUS_COUNT || !device_status_ok(r->exec_status))
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "status", "a device may not set status %s",
                            ((int)r->exec_status >= 0 && r->exec_status < JR_EXEC_STATUS_COUNT)
                                ? jr_exec_status_name(r->exec_status)
                                : "?");
    if (need(r->thing_name, "thingName", err) || need(r->job_id, "jobId", err) || check_step(&r->step_timeout_minutes, err))
        return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    jr_exec *e = designated(m, j, t, &r->execution_number, false);
    if (!e) return exec_404(err, r->job_id, r->thing_name);
    if (j->status == JR_JOB_DELETION_IN_PROGRESS)
        return jr_error_set(err, JR_ERR_INVALID_STATE_TRANSITION, "jobId", "Job %s is being deleted", r->job_id);
    jr_exec_status from = (jr_exec_status)e->status;
    if (jr_exec_status_is_terminal(from) && !jr_has_fault(m, JR_FAULT_TERMINAL_REOPENS))
        return jr_error_set(err, JR_ERR_INVALID_STATE_TRANSITION, "status", "execution is %s: %s is not allowed",
                            jr_exec_status_name(from), jr_exec_status_name(r->exec_status));
    if (r->expected_version.present && r->expected_version.value != (int64_t)e->version &&
        !jr_has_fault(m, JR_FAULT_NO_VERSION_CHECK))
        return jr_error_set(err, JR_ERR_VERSION_CONFLICT, "expectedVersion", "expectedVersion %lld, versionNumber is %u",
                            (long long)r->expected_version.value, e->version);
    /* room for its deadlines before anything changes */
    if (!jr_timers_reserve(m, 1)) return nomem(err);
    if (jr_exec_replace_details(e, &r->status_details, err)) return JR_FAIL;
    if (from != r->exec_status) jr_exec_set_status(m, e, r->exec_status);
    else jr_exec_bump(m, e);
    jr_exec_apply_step(m, e, &r->step_timeout_minutes);
    res->with_state = r->include_job_execution_state.present && r->include_job_execution_state.value;
    if (res->with_state) jr_view_exec(m, e, false, &res->exec);
    if (r->include_job_document.present && r->include_job_document.value) res->document = j->document;
    return JR_OK;
}

jr_status jr_h_start_next(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || check_step(&r->step_timeout_minutes, err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    jr_exec *e = jr_thing_next_pending(m, t);
    if (e && e->status == JR_EXEC_QUEUED) {
        if (!jr_timers_reserve(m, 1)) return nomem(err);
        if (jr_exec_replace_details(e, &r->status_details, err)) return JR_FAIL;
        jr_exec_set_status(m, e, JR_EXEC_IN_PROGRESS);
        jr_exec_apply_step(m, e, &r->step_timeout_minutes);
    }
    if (e) exec_data(m, e, true, res);
    return JR_OK;
}

jr_status jr_h_data_describe(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    bool doc = r->include_job_document.present && r->include_job_document.value;
    jr_exec *e;
    if (strcmp(r->job_id, "$next") == 0) {
        e = jr_thing_next_pending(m, t);
    } else {
        jr_job *j = jr_find_job(m, r->job_id);
        if (!j || j->status == JR_JOB_DELETION_IN_PROGRESS) return job_404(err, r->job_id);
        e = designated(m, j, t, &r->execution_number, false);
        if (!e) return exec_404(err, r->job_id, r->thing_name);
    }
    if (e) exec_data(m, e, doc, res);
    return JR_OK;
}

jr_status jr_h_pending(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_name, "thingName", err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    size_t n = 0;
    for (uint32_t i = 0; i < t->execs.n; i++) n += jr_exec_is_pending(t->execs.v[i]);
    if (!jr_result_reserve(res, n, JR_PAGE_PENDING)) return nomem(err);
    for (uint32_t i = 0; i < t->execs.n; i++) {
        jr_exec *e = t->execs.v[i];
        if (!jr_exec_is_pending(e)) continue;
        jr_view_exec(m, e, false, &res->execs[res->nitems]);
        res->queued[res->nitems++] = e->status == JR_EXEC_QUEUED;
    }
    return JR_OK;
}

jr_status jr_h_describe_exec(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    jr_thing *t = jr_find_thing_any(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    jr_exec *e = designated(m, j, t, &r->execution_number, jr_has_fault(m, JR_FAULT_DESCRIBE_FIRST_EXECUTION));
    if (!e) return exec_404(err, r->job_id, r->thing_name);
    jr_view_exec(m, e, true, &res->exec);
    res->has_exec = true;
    return JR_OK;
}

jr_status jr_h_cancel_exec(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    jr_thing *t = jr_find_thing_any(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    jr_exec *e = jr_latest_exec(m, j, t);
    if (!e) return exec_404(err, r->job_id, r->thing_name);
    bool force = r->force.present && r->force.value;
    if (j->status == JR_JOB_DELETION_IN_PROGRESS)
        return jr_error_set(err, JR_ERR_INVALID_STATE_TRANSITION, "jobId", "Job %s is being deleted", r->job_id);
    if (jr_exec_status_is_terminal((jr_exec_status)e->status))
        return jr_error_set(err, JR_ERR_INVALID_STATE_TRANSITION, "jobId", "execution is %s",
                            jr_exec_status_name((jr_exec_status)e->status));
    if (e->status == JR_EXEC_IN_PROGRESS && !force && !jr_has_fault(m, JR_FAULT_EXEC_CANCEL_IGNORES_FORCE))
        return jr_error_set(err, JR_ERR_INVALID_STATE_TRANSITION, "force",
                            "execution is IN_PROGRESS: canceling it needs force=true");
    if (r->expected_version.present && r->expected_version.value != (int64_t)e->version &&
        !jr_has_fault(m, JR_FAULT_NO_VERSION_CHECK))
        return jr_error_set(err, JR_ERR_VERSION_CONFLICT, "expectedVersion", "expectedVersion %lld, versionNumber is %u",
                            (long long)r->expected_version.value, e->version);
    if (jr_exec_replace_details(e, &r->status_details, err)) return JR_FAIL;
    if (force) e->force_canceled = 1;
    jr_exec_set_status(m, e, JR_EXEC_CANCELED);
    (void)res;
    return JR_OK;
}

jr_status jr_h_delete_exec(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || need(r->job_id, "jobId", err)) return JR_FAIL;
    if (!r->execution_number.present)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "executionNumber", "executionNumber is required");
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    jr_thing *t = jr_find_thing_any(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    jr_exec *e = designated(m, j, t, &r->execution_number, false);
    if (!e)
        return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "executionNumber", "No execution %lld of job %s on thing %s",
                            (long long)r->execution_number.value, r->job_id, r->thing_name);
    bool force = r->force.present && r->force.value;
    if (!jr_exec_status_is_terminal((jr_exec_status)e->status) && !force &&
        !jr_has_fault(m, JR_FAULT_EXEC_DELETE_IGNORES_FORCE))
        return jr_error_set(err, JR_ERR_INVALID_STATE_TRANSITION, "force",
                            "execution is %s: deleting it needs force=true", jr_exec_status_name((jr_exec_status)e->status));
    jr_exec_free_one(m, e);
    jr_job_check_completion(m, j);
    (void)res;
    return JR_OK;
}
