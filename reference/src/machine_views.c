/* Handler side of the views (views.h): fills them from the core's objects,
 * taking every domain fact from a core function, so that encoders only
 * render. */
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"
#include "machine_views.h"

static jr_map_view map_view(const jr_map *m)
{
    jr_map_view v = {NULL, 0};
    if (m) {
        v.items = m->items;
        v.count = m->count;
    }
    return v;
}

void jr_view_job_ref(const jr_machine *m, const jr_job *j, jr_job_out *out)
{
    jr_job_arn(m, j->job_id, out->arn, sizeof out->arn);
    out->job_id = j->job_id;
    out->description = j->description;
}

void jr_view_job_summary(const jr_machine *m, const jr_job *j, jr_job_out *out)
{
    jr_job_arn(m, j->job_id, out->arn, sizeof out->arn);
    out->job_id = j->job_id;
    const jr_group *g = jr_job_first_group(m, j);
    out->thing_group_id = NULL;
    if (g) {
        jr_uuid(g->num, out->thing_group_id_buf);
        out->thing_group_id = out->thing_group_id_buf;
    }
    out->selection = j->selection;
    out->status = j->status;
    out->created_at = j->created_at;
    out->updated_at = j->updated_at;
    out->completed_at = j->completed_at;
    out->is_concurrent = jr_job_is_concurrent(j);
}

void jr_view_job(const jr_machine *m, const jr_job *j, jr_job_out *out)
{
    memset(out, 0, sizeof *out);
    jr_view_job_ref(m, j, out);
    out->selection = j->selection;
    out->status = j->status;
    out->created_at = j->created_at;
    out->updated_at = j->updated_at;
    out->completed_at = j->completed_at;
    out->is_concurrent = jr_job_is_concurrent(j);
    out->description = j->description;
    out->document = j->document;
    out->document_source = j->document_source;
    out->reason_code = j->reason_code;
    out->comment = j->comment;
    out->namespace_id = j->namespace_id;
    out->job_template_arn = j->job_template_arn;
    out->force_canceled = j->force_canceled;
    out->targets = (const char *const *)j->targets;
    out->ntargets = j->ntargets;
    out->nprocessing = jr_job_processing_targets(j, &out->processing);
    out->presigned = &j->presigned;
    out->rollout = &j->rollout;
    out->abort_cfg = &j->abort_cfg;
    out->timeout = &j->timeout;
    out->retry = &j->retry;
    out->sched = &j->sched;
    out->has_doc_params = j->doc_params != NULL;
    out->doc_params = map_view(j->doc_params);
    memcpy(out->counters, jr_job_shown_counters(m, j), sizeof out->counters);
}

void jr_view_exec(const jr_machine *m, const jr_exec *e, bool thing_arn, jr_exec_out *out)
{
    out->job_id = e->key.job->job_id;
    out->thing_name = e->key.thing->name;
    if (thing_arn) jr_thing_arn(m, e->key.thing->name, out->thing_arn, sizeof out->thing_arn);
    else out->thing_arn[0] = '\0';
    out->status = (jr_exec_status)e->status;
    out->force_canceled = e->force_canceled != 0;
    out->details = map_view(e->details);
    out->queued_at = e->queued_at;
    out->started_at = e->started_at;
    out->updated_at = e->updated_at;
    out->number = e->number;
    out->version = e->version;
    out->retry_attempt = e->retry_attempt;
    out->seconds_left = jr_exec_seconds_left(m, e);
    out->job_document = NULL;
}

void jr_view_thing(const jr_machine *m, const jr_thing *t, jr_thing_out *out)
{
    out->name = t->name;
    jr_thing_arn(m, t->name, out->arn, sizeof out->arn);
    jr_uuid(t->num, out->id);
    out->attributes = map_view(t->attributes);
}

void jr_view_group(const jr_machine *m, const jr_group *g, jr_group_out *out)
{
    out->name = g->name;
    jr_group_arn(m, g->name, out->arn, sizeof out->arn);
    jr_uuid(g->num, out->id);
    out->parent_name = g->parent ? g->parent->name : NULL;
    out->created_at = g->created_at;
}

bool jr_result_reserve(jr_result *res, size_t n, jr_result_page kind)
{
    if (n <= res->capitems) return true;
    size_t cap = n;
    switch (kind) {
    case JR_PAGE_JOBS: {
        jr_job_out *p = realloc(res->jobs, cap * sizeof *p);
        if (!p) return false;
        res->jobs = p;
        break;
    }
    case JR_PAGE_EXECS:
    case JR_PAGE_PENDING: {
        jr_exec_out *p = realloc(res->execs, cap * sizeof *p);
        if (!p) return false;
        res->execs = p;
        if (kind == JR_PAGE_PENDING) {
            bool *q = realloc(res->queued, cap * sizeof *q);
            if (!q) return false;
            res->queued = q;
        }
        break;
    }
    case JR_PAGE_NAMES: {
        const char **p = realloc(res->names, cap * sizeof *p);
        if (!p) return false;
        res->names = p;
        break;
    }
    }
    res->capitems = cap;
    return true;
}
