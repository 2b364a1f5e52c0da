/* Execution operations: control plane (DescribeJobExecution,
 * CancelJobExecution, DeleteJobExecution) and data plane
 * (GetPendingJobExecutions, StartNextPendingJobExecution,
 * DescribeJobExecution, UpdateJobExecution). */
#include <stdlib.h>
#include <string.h>

#include "encode_response.h"
#include "machine_internal.h"

static jr_thing *thing_any(jr_machine *m, const char *name)
{
    jr_thing *t = NULL;
    if (name) HASH_FIND_STR(m->things, name, t);
    return t;
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

static void replace_details(jr_exec *e, const jr_kv_list *l)
{
    if (!l->present) return;
    jr_map *nm = jr_map_from_kv(l);
    if (!nm) return;
    jr_map_free(e->details);
    e->details = nm;
}

static jr_status check_step(const jr_opt_i64 *step, jr_error *err)
{
    if (!step->present) return JR_OK;
    if (step->value == -1 || (step->value >= JR_TIMEOUT_MINUTES_MIN && step->value <= JR_TIMEOUT_MINUTES_MAX))
        return JR_OK;
    return jr_error_set(err, JR_ERR_INVALID_REQUEST, "stepTimeoutInMinutes",
                        "stepTimeoutInMinutes must be -1 or 1..10080");
}

static void apply_step(jr_machine *m, jr_exec *e, const jr_opt_i64 *step)
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

static bool pending_job(const jr_exec *e) { return e->key.job->status != JR_JOB_DELETION_IN_PROGRESS; }

/* Next pending execution of a thing: IN_PROGRESS first (oldest started),
 * else QUEUED in queue order (newest first under start-next-wrong-order). */
static jr_exec *next_pending(jr_machine *m, jr_thing *t)
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

static bool device_status_ok(jr_exec_status s)
{
    return s == JR_EXEC_IN_PROGRESS || s == JR_EXEC_SUCCEEDED || s == JR_EXEC_FAILED || s == JR_EXEC_REJECTED;
}

static jr_status op_update(jr_machine *m, const jr_request *r, char **body, jr_error *err)
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
    replace_details(e, &r->status_details);
    if (from != r->exec_status) jr_exec_set_status(m, e, r->exec_status);
    else jr_exec_bump(m, e);
    apply_step(m, e, &r->step_timeout_minutes);
    cJSON *o = cJSON_CreateObject();
    if (o && r->include_job_execution_state.present && r->include_job_execution_state.value)
        cJSON_AddItemToObject(o, "executionState", jr_json_exec_state(e));
    if (o && r->include_job_document.present && r->include_job_document.value && j->document)
        cJSON_AddStringToObject(o, "jobDocument", j->document);
    *body = jr_json_finish(o);
    return JR_OK;
}

static jr_status op_start_next(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || check_step(&r->step_timeout_minutes, err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    jr_exec *e = next_pending(m, t);
    cJSON *o = cJSON_CreateObject();
    if (e && e->status == JR_EXEC_QUEUED) {
        replace_details(e, &r->status_details);
        jr_exec_set_status(m, e, JR_EXEC_IN_PROGRESS);
        apply_step(m, e, &r->step_timeout_minutes);
    }
    if (o && e) cJSON_AddItemToObject(o, "execution", jr_json_exec_data(m, e, true));
    *body = jr_json_finish(o);
    return JR_OK;
}

static jr_status op_data_describe(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    bool doc = r->include_job_document.present && r->include_job_document.value;
    jr_exec *e;
    if (strcmp(r->job_id, "$next") == 0) {
        e = next_pending(m, t);
    } else {
        jr_job *j = jr_find_job(m, r->job_id);
        if (!j || j->status == JR_JOB_DELETION_IN_PROGRESS) return job_404(err, r->job_id);
        e = designated(m, j, t, &r->execution_number, false);
        if (!e) return exec_404(err, r->job_id, r->thing_name);
    }
    cJSON *o = cJSON_CreateObject();
    if (o && e) cJSON_AddItemToObject(o, "execution", jr_json_exec_data(m, e, doc));
    *body = jr_json_finish(o);
    return JR_OK;
}

static jr_status op_pending(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_name, "thingName", err)) return JR_FAIL;
    jr_thing *t = jr_find_thing(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    cJSON *o = cJSON_CreateObject();
    if (!o) return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory");
    cJSON *ip = cJSON_AddArrayToObject(o, "inProgressJobs");
    cJSON *q = cJSON_AddArrayToObject(o, "queuedJobs");
    for (uint32_t i = 0; i < t->execs.n; i++) {
        jr_exec *e = t->execs.v[i];
        if (!pending_job(e)) continue;
        if (e->status == JR_EXEC_IN_PROGRESS) cJSON_AddItemToArray(ip, jr_json_exec_summary_data(e));
        else if (e->status == JR_EXEC_QUEUED) cJSON_AddItemToArray(q, jr_json_exec_summary_data(e));
    }
    *body = jr_json_finish(o);
    return JR_OK;
}

static jr_status op_describe(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    jr_thing *t = thing_any(m, r->thing_name);
    if (!t) return thing_404(err, r->thing_name);
    jr_exec *e = designated(m, j, t, &r->execution_number, jr_has_fault(m, JR_FAULT_DESCRIBE_FIRST_EXECUTION));
    if (!e) return exec_404(err, r->job_id, r->thing_name);
    cJSON *o = cJSON_CreateObject();
    if (o) cJSON_AddItemToObject(o, "execution", jr_json_exec_control(m, e));
    *body = jr_json_finish(o);
    return JR_OK;
}

static jr_status op_cancel(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    jr_thing *t = thing_any(m, r->thing_name);
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
    replace_details(e, &r->status_details);
    if (force) e->force_canceled = 1;
    jr_exec_set_status(m, e, JR_EXEC_CANCELED);
    *body = jr_xstrdup("{}");
    return JR_OK;
}

static jr_status op_delete(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    if (need(r->thing_name, "thingName", err) || need(r->job_id, "jobId", err)) return JR_FAIL;
    if (!r->execution_number.present)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "executionNumber", "executionNumber is required");
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    jr_thing *t = thing_any(m, r->thing_name);
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
    *body = jr_xstrdup("{}");
    return JR_OK;
}

jr_status jr_op_exec(jr_machine *m, const jr_request *r, char **body, jr_error *err)
{
    switch (r->op) {
    case JR_OP_UPDATE_JOB_EXECUTION: return op_update(m, r, body, err);
    case JR_OP_START_NEXT_PENDING_JOB_EXECUTION: return op_start_next(m, r, body, err);
    case JR_OP_DATA_DESCRIBE_JOB_EXECUTION: return op_data_describe(m, r, body, err);
    case JR_OP_GET_PENDING_JOB_EXECUTIONS: return op_pending(m, r, body, err);
    case JR_OP_DESCRIBE_JOB_EXECUTION: return op_describe(m, r, body, err);
    case JR_OP_CANCEL_JOB_EXECUTION: return op_cancel(m, r, body, err);
    case JR_OP_DELETE_JOB_EXECUTION: return op_delete(m, r, body, err);
    default: return jr_error_set(err, JR_ERR_INVALID_REQUEST, NULL, "not an execution operation");
    }
}
