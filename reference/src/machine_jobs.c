/* Handlers of the job operations: CreateJob, DescribeJob, GetJobDocument,
 * UpdateJob, CancelJob, DeleteJob, AssociateTargetsWithJob. Each checks the
 * request against the state, changes it through the core and fills the
 * jr_result its encoder renders (see ops.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"
#include "machine_views.h"
#include "ops.h"
#include "timeparse.h"

static bool is_terminal_job(jr_job_status s) { return s == JR_JOB_COMPLETED || s == JR_JOB_CANCELED; }

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

/* Appends the targets the job does not have yet; false on allocation
 * failure. */
static bool add_targets(jr_job *j, const jr_str_list *targets)
{
    for (size_t i = 0; i < targets->count; i++) {
        bool dup = false;
        for (size_t k = 0; k < j->ntargets && !dup; k++) dup = strcmp(j->targets[k], targets->items[i]) == 0;
        if (dup) continue;
        char **nt = realloc(j->targets, (j->ntargets + 1) * sizeof *nt);
        if (!nt) return false;
        j->targets = nt;
        j->targets[j->ntargets] = jr_xstrdup(targets->items[i]);
        if (!j->targets[j->ntargets]) return false;
        j->ntargets++;
    }
    return true;
}

static jr_status nomem(jr_error *err) { return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory"); }

jr_status jr_h_create_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
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
    if (!j) return nomem(err);
    j->selection = r->has_target_selection ? r->target_selection : JR_TARGET_SNAPSHOT;
    if ((int)j->selection < 0 || j->selection >= JR_TARGET_SELECTION_COUNT) j->selection = JR_TARGET_SNAPSHOT;
    bool ok = (j->job_id = jr_xstrdup(r->job_id)) != NULL;
    ok = ok && (!r->description || (j->description = jr_xstrdup(r->description)));
    ok = ok && (!r->document || (j->document = jr_xstrdup(r->document)));
    ok = ok && (!r->document_source || (j->document_source = jr_xstrdup(r->document_source)));
    ok = ok && (!r->namespace_id || (j->namespace_id = jr_xstrdup(r->namespace_id)));
    ok = ok && (!r->job_template_arn || (j->job_template_arn = jr_xstrdup(r->job_template_arn)));
    ok = ok && jr_copy_presigned(&j->presigned, &r->presigned_url_config);
    jr_copy_rollout(&j->rollout, &r->rollout_config);
    ok = ok && jr_copy_abort(&j->abort_cfg, &r->abort_config);
    j->timeout = r->timeout_config;
    ok = ok && jr_copy_retry(&j->retry, &r->retry_config);
    if (ok && r->scheduling_config.present) {
        j->sched = r->scheduling_config;
        j->sched.start_time = jr_xstrdup(r->scheduling_config.start_time);
        j->sched.end_time = jr_xstrdup(r->scheduling_config.end_time);
        ok = (!r->scheduling_config.start_time || j->sched.start_time) &&
             (!r->scheduling_config.end_time || j->sched.end_time);
        j->start_ms = start;
        j->end_ms = end;
    }
    if (ok && r->document_parameters.present) ok = (j->doc_params = jr_map_from_kv(&r->document_parameters)) != NULL;
    ok = ok && add_targets(j, &r->targets) && jr_store_reserve_job(m);
    if (!ok) {
        jr_job_free(j);
        return nomem(err);
    }
    j->seq = ++m->seq;
    j->created_at = j->updated_at = now;
    if (!jr_store_add_job(m, j)) {
        jr_job_free(j);
        return nomem(err);
    }
    m->in_create = true;
    if (r->scheduling_config.present) {
        j->status = JR_JOB_SCHEDULED;
        jr_job_mark_active(m, j);
    } else {
        j->status = JR_JOB_IN_PROGRESS;
        jr_rollout_start(m, j);
        if (j->end_ms) jr_job_mark_active(m, j);
    }
    m->in_create = false;
    jr_view_job_ref(m, j, &res->job);
    return JR_OK;
}

jr_status jr_h_describe_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    jr_view_job(m, j, &res->job);
    return JR_OK;
}

jr_status jr_h_get_job_document(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    res->document = j->document;
    return JR_OK;
}

jr_status jr_h_update_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (need(r->job_id, "jobId", err)) return JR_FAIL;
    jr_job *j = jr_find_job(m, r->job_id);
    if (!j) return job_404(err, r->job_id);
    if (j->status == JR_JOB_DELETION_IN_PROGRESS)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "jobId", "Job %s is being deleted", r->job_id);
    /* every allocation first, so that a failure changes nothing */
    char *description = NULL;
    jr_presigned_url_config presigned;
    jr_abort_config abort_cfg;
    jr_retry_config retry;
    memset(&presigned, 0, sizeof presigned);
    memset(&abort_cfg, 0, sizeof abort_cfg);
    memset(&retry, 0, sizeof retry);
    bool ok = (!r->description || (description = jr_xstrdup(r->description))) &&
              jr_copy_presigned(&presigned, &r->presigned_url_config) && jr_copy_abort(&abort_cfg, &r->abort_config) &&
              jr_copy_retry(&retry, &r->retry_config);
    if (ok && r->timeout_config.present && jr_has_fault(m, JR_FAULT_TIMEOUT_UPDATE_RETROACTIVE))
        ok = jr_timers_reserve(m, j->execs.n);
    if (!ok) {
        free(description);
        free(presigned.role_arn);
        free(abort_cfg.criteria);
        free(retry.criteria);
        return nomem(err);
    }
    if (r->description) {
        free(j->description);
        j->description = description;
    }
    if (r->presigned_url_config.present) {
        free(j->presigned.role_arn);
        j->presigned = presigned;
    }
    if (r->rollout_config.present) jr_job_set_rollout(j, &r->rollout_config);
    if (r->abort_config.present) {
        free(j->abort_cfg.criteria);
        j->abort_cfg = abort_cfg;
    }
    if (r->retry_config.present) {
        free(j->retry.criteria);
        j->retry = retry;
    }
    if (r->timeout_config.present) jr_job_set_timeout(m, j, &r->timeout_config);
    j->updated_at = jr_now(m);
    jr_rollout_process(m, j);
    jr_job_check_abort(m, j);
    (void)res;
    return JR_OK;
}

jr_status jr_h_cancel_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
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
    jr_job_cancel(m, j, force, r->reason_code, r->comment);
    jr_view_job_ref(m, j, &res->job);
    return JR_OK;
}

jr_status jr_h_delete_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
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
        jr_job_destroy(m, j);
    } else if (j->status != JR_JOB_DELETION_IN_PROGRESS) {
        jr_job_begin_deletion(m, j);
    }
    (void)res;
    return JR_OK;
}

jr_status jr_h_associate(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
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
    char *comment = NULL;
    if (r->comment && !(comment = jr_xstrdup(r->comment))) return nomem(err);
    if (!add_targets(j, &r->targets)) {
        free(comment);
        return nomem(err);
    }
    if (r->comment) {
        free(j->comment);
        j->comment = comment;
    }
    j->updated_at = jr_now(m);
    jr_rollout_add_targets(m, j, &r->targets);
    jr_view_job_ref(m, j, &res->job);
    return JR_OK;
}
