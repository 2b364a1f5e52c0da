/* jr_request_free and jr_request_equal. */
#include <stdlib.h>
#include <string.h>

#include "jobsref/request.h"

static void free_str_list(jr_str_list *l)
{
    for (size_t i = 0; i < l->count; i++) free(l->items[i]);
    free(l->items);
}

static void free_kv_list(jr_kv_list *l)
{
    /* items may be allocated beyond count when decoding failed midway; the
     * decoder only counts fully or partially filled entries, and calloc
     * zeroes the rest, so freeing up to count is enough. */
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].key);
        free(l->items[i].value);
    }
    free(l->items);
}

void jr_request_free(jr_request *r)
{
    if (!r) return;
    free(r->job_id);
    free(r->thing_name);
    free(r->thing_group_name);
    free(r->thing_arn);
    free(r->thing_group_arn);
    free(r->namespace_id);
    free_str_list(&r->targets);
    free(r->document);
    free(r->document_source);
    free(r->description);
    free(r->comment);
    free(r->reason_code);
    free(r->job_template_arn);
    free(r->presigned_url_config.role_arn);
    free(r->abort_config.criteria);
    free(r->retry_config.criteria);
    free(r->scheduling_config.start_time);
    free(r->scheduling_config.end_time);
    free_kv_list(&r->document_parameters);
    free_kv_list(&r->tags);
    free(r->thing_group_id);
    free(r->next_token);
    free_kv_list(&r->status_details);
    free(r->parent_group_name);
    free(r->group_properties);
    free(r->thing_type_name);
    free_kv_list(&r->attributes);
    memset(r, 0, sizeof *r);
}

static bool str_eq(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

static bool ob_eq(jr_opt_bool a, jr_opt_bool b)
{
    return a.present == b.present && (!a.present || a.value == b.value);
}

static bool oi_eq(jr_opt_i64 a, jr_opt_i64 b)
{
    return a.present == b.present && (!a.present || a.value == b.value);
}

static bool sl_eq(const jr_str_list *a, const jr_str_list *b)
{
    if (a->count != b->count) return false;
    for (size_t i = 0; i < a->count; i++)
        if (!str_eq(a->items[i], b->items[i])) return false;
    return true;
}

static bool kv_eq(const jr_kv_list *a, const jr_kv_list *b)
{
    if (a->present != b->present || a->count != b->count) return false;
    for (size_t i = 0; i < a->count; i++)
        if (!str_eq(a->items[i].key, b->items[i].key) || !str_eq(a->items[i].value, b->items[i].value)) return false;
    return true;
}

static bool presigned_eq(const jr_presigned_url_config *a, const jr_presigned_url_config *b)
{
    if (a->present != b->present) return false;
    if (!a->present) return true;
    return str_eq(a->role_arn, b->role_arn) && oi_eq(a->expires_in_sec, b->expires_in_sec);
}

static bool rollout_eq(const jr_rollout_config *a, const jr_rollout_config *b)
{
    if (a->present != b->present) return false;
    if (!a->present) return true;
    if (!oi_eq(a->maximum_per_minute, b->maximum_per_minute)) return false;
    if (a->has_exponential_rate != b->has_exponential_rate) return false;
    if (!a->has_exponential_rate) return true;
    return a->base_rate_per_minute == b->base_rate_per_minute && a->increment_factor == b->increment_factor &&
           oi_eq(a->number_of_notified_things, b->number_of_notified_things) &&
           oi_eq(a->number_of_succeeded_things, b->number_of_succeeded_things);
}

static bool abort_eq(const jr_abort_config *a, const jr_abort_config *b)
{
    if (a->present != b->present || a->count != b->count) return false;
    for (size_t i = 0; i < a->count; i++) {
        const jr_abort_criteria *x = &a->criteria[i], *y = &b->criteria[i];
        if (x->failure_type != y->failure_type || x->action != y->action ||
            x->threshold_percentage != y->threshold_percentage ||
            x->min_number_of_executed_things != y->min_number_of_executed_things)
            return false;
    }
    return true;
}

static bool retry_eq(const jr_retry_config *a, const jr_retry_config *b)
{
    if (a->present != b->present || a->count != b->count) return false;
    for (size_t i = 0; i < a->count; i++) {
        if (a->criteria[i].failure_type != b->criteria[i].failure_type ||
            a->criteria[i].number_of_retries != b->criteria[i].number_of_retries)
            return false;
    }
    return true;
}

static bool sched_eq(const jr_scheduling_config *a, const jr_scheduling_config *b)
{
    if (a->present != b->present) return false;
    if (!a->present) return true;
    return str_eq(a->start_time, b->start_time) && str_eq(a->end_time, b->end_time) &&
           a->has_end_behavior == b->has_end_behavior && (!a->has_end_behavior || a->end_behavior == b->end_behavior);
}

bool jr_request_equal(const jr_request *a, const jr_request *b)
{
    if (!a || !b) return a == b;
    return a->op == b->op && a->plane == b->plane && str_eq(a->job_id, b->job_id) &&
           str_eq(a->thing_name, b->thing_name) && str_eq(a->thing_group_name, b->thing_group_name) &&
           str_eq(a->thing_arn, b->thing_arn) && str_eq(a->thing_group_arn, b->thing_group_arn) &&
           str_eq(a->namespace_id, b->namespace_id) && oi_eq(a->execution_number, b->execution_number) &&
           sl_eq(&a->targets, &b->targets) && str_eq(a->document, b->document) &&
           str_eq(a->document_source, b->document_source) && str_eq(a->description, b->description) &&
           str_eq(a->comment, b->comment) && str_eq(a->reason_code, b->reason_code) &&
           str_eq(a->job_template_arn, b->job_template_arn) && a->has_target_selection == b->has_target_selection &&
           (!a->has_target_selection || a->target_selection == b->target_selection) &&
           presigned_eq(&a->presigned_url_config, &b->presigned_url_config) &&
           rollout_eq(&a->rollout_config, &b->rollout_config) && abort_eq(&a->abort_config, &b->abort_config) &&
           a->timeout_config.present == b->timeout_config.present &&
           oi_eq(a->timeout_config.in_progress_timeout_minutes, b->timeout_config.in_progress_timeout_minutes) &&
           retry_eq(&a->retry_config, &b->retry_config) && sched_eq(&a->scheduling_config, &b->scheduling_config) &&
           kv_eq(&a->document_parameters, &b->document_parameters) && kv_eq(&a->tags, &b->tags) &&
           ob_eq(a->force, b->force) && a->has_job_status == b->has_job_status &&
           (!a->has_job_status || a->job_status == b->job_status) && a->has_exec_status == b->has_exec_status &&
           (!a->has_exec_status || a->exec_status == b->exec_status) && str_eq(a->thing_group_id, b->thing_group_id) &&
           oi_eq(a->max_results, b->max_results) && str_eq(a->next_token, b->next_token) &&
           ob_eq(a->recursive, b->recursive) && oi_eq(a->expected_version, b->expected_version) &&
           kv_eq(&a->status_details, &b->status_details) && oi_eq(a->step_timeout_minutes, b->step_timeout_minutes) &&
           ob_eq(a->include_job_document, b->include_job_document) &&
           ob_eq(a->include_job_execution_state, b->include_job_execution_state) &&
           str_eq(a->parent_group_name, b->parent_group_name) && str_eq(a->thing_type_name, b->thing_type_name) &&
           kv_eq(&a->attributes, &b->attributes) && ob_eq(a->override_dynamic_groups, b->override_dynamic_groups);
}
