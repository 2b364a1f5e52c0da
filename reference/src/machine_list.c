/* The paginated lists: ListJobs, ListJobExecutionsForJob,
 * ListJobExecutionsForThing, ListThingsInThingGroup.
 *
 * Items come in creation order. A page starts after the position carried by
 * the token (the creation sequence number of the last item returned), found
 * by binary search in an array sorted by sequence: O(log n + page) without
 * filters. With a status / selection / group filter the walk scans forward
 * from that position until the page is full or the array ends, so a sparse
 * filter can cost O(n) per page (documented trade-off: no per-status
 * indexes). Items created during a walk get larger sequence numbers and so
 * appear after it; deleted items shift nothing since positions are
 * sequence numbers, not offsets. nextToken is present only when at least one
 * more matching item exists.
 *
 * A page is a jr_result array of views (one allocation per page); the
 * encoders render it (execution pages with about one allocation per item,
 * see encode_response.h). */
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"
#include "machine_views.h"
#include "ops.h"
#include "token.h"

#define DEFAULT_PAGE 50

typedef struct lister {
    size_t n;
    uint64_t (*seq)(void *ctx, size_t i);
    bool (*match)(void *ctx, size_t i);
    void (*emit)(void *ctx, size_t i, jr_result *res); /* fills item res->nitems */
    void *ctx;
} lister;

static size_t lower_bound(const lister *l, uint64_t pos, bool inclusive)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint64_t s = l->seq(l->ctx, mid);
        if (inclusive ? s < pos : s <= pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static jr_status nomem(jr_error *err) { return jr_error_set(err, JR_ERR_INTERNAL_FAILURE, NULL, "out of memory"); }

/* Fills one page of `res`; sets its nextToken when more remain. */
static jr_status paginate(jr_machine *m, const jr_request *r, jr_token_kind kind, uint64_t filter, const lister *l,
                          jr_result_page pk, jr_result *res, jr_error *err)
{
    size_t start = 0;
    if (r->next_token && *r->next_token) {
        uint64_t pos;
        if (!jr_token_decode(m->cfg.token_key, kind, filter, r->next_token, &pos))
            return jr_error_set(err, JR_ERR_INVALID_REQUEST, "nextToken", "nextToken is invalid for this request");
        start = lower_bound(l, pos, jr_has_fault(m, JR_FAULT_PAGINATION_OVERLAP));
    }
    int64_t page = DEFAULT_PAGE;
    if (r->max_results.present && r->max_results.value > 0) page = r->max_results.value;
    size_t room = start < l->n ? l->n - start : 0;
    if ((uint64_t)page < room) room = (size_t)page;
    if (!jr_result_reserve(res, room ? room : 1, pk)) return nomem(err);
    int64_t got = 0;
    uint64_t last = 0;
    size_t i = start;
    for (; i < l->n && got < page; i++) {
        if (!l->match(l->ctx, i)) continue;
        l->emit(l->ctx, i, res);
        res->nitems++;
        last = l->seq(l->ctx, i);
        got++;
    }
    bool more = false;
    for (; i < l->n && !more; i++) more = l->match(l->ctx, i);
    if (more && got > 0) {
        jr_token_encode(m->cfg.token_key, kind, filter, last, res->next_token);
        res->has_next_token = true;
    }
    return JR_OK;
}

/* ---- ListJobs */

typedef struct jobs_ctx {
    jr_machine *m;
    const jr_request *r;
    bool status_filter;
    char group_arn[300];
    bool has_group;
} jobs_ctx;

static uint64_t jobs_seq(void *c, size_t i) { return ((jobs_ctx *)c)->m->jobs[i]->seq; }
static bool jobs_match(void *c, size_t i)
{
    jobs_ctx *x = c;
    jr_job *j = x->m->jobs[i];
    if (x->status_filter && j->status != x->r->job_status) return false;
    if (x->r->has_target_selection && j->selection != x->r->target_selection) return false;
    if (x->has_group) {
        bool hit = false;
        for (size_t k = 0; k < j->ntargets && !hit; k++) hit = strcmp(j->targets[k], x->group_arn) == 0;
        if (!hit) return false;
    }
    return true;
}
static void jobs_emit(void *c, size_t i, jr_result *res)
{
    jobs_ctx *x = c;
    jr_view_job_summary(x->m, x->m->jobs[i], &res->jobs[res->nitems]);
}

jr_status jr_h_list_jobs(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    jobs_ctx x;
    memset(&x, 0, sizeof x);
    x.m = m;
    x.r = r;
    x.status_filter = r->has_job_status && !jr_has_fault(m, JR_FAULT_STATUS_FILTER_IGNORED);
    const char *gname = r->thing_group_name;
    bool group_filter = gname != NULL;
    if (!gname && r->thing_group_id) {
        group_filter = true;
        const jr_group *g = jr_find_group_by_id(m, r->thing_group_id);
        if (g) gname = g->name;
    }
    if (group_filter) {
        x.has_group = true;
        if (gname) jr_group_arn(m, gname, x.group_arn, sizeof x.group_arn);
        else strcpy(x.group_arn, "-"); /* unknown id: matches nothing */
    }
    uint64_t f = jr_token_hash_u64(0, r->has_job_status ? (uint64_t)r->job_status + 1 : 0);
    f = jr_token_hash_u64(f, r->has_target_selection ? (uint64_t)r->target_selection + 1 : 0);
    f = jr_token_hash_str(f, r->thing_group_name);
    f = jr_token_hash_str(f, r->thing_group_id);
    lister l = {m->njobs, jobs_seq, jobs_match, jobs_emit, &x};
    return paginate(m, r, JR_TOKEN_LIST_JOBS, f, &l, JR_PAGE_JOBS, res, err);
}

/* ---- execution lists */

typedef struct execs_ctx {
    jr_machine *m;
    jr_exec_vec *v;
    bool status_filter;
    jr_exec_status status;
    const char *job_id;
    bool for_job; /* items carry the thing's ARN */
} execs_ctx;

static uint64_t execs_seq(void *c, size_t i) { return ((execs_ctx *)c)->v->v[i]->seq; }
static bool execs_match(void *c, size_t i)
{
    execs_ctx *x = c;
    jr_exec *e = x->v->v[i];
    if (x->status_filter && e->status != x->status) return false;
    if (x->job_id && strcmp(e->key.job->job_id, x->job_id) != 0) return false;
    return true;
}
static void execs_emit(void *c, size_t i, jr_result *res)
{
    execs_ctx *x = c;
    jr_view_exec(x->m, x->v->v[i], x->for_job, &res->execs[res->nitems]);
}

static jr_status list_execs(jr_machine *m, const jr_request *r, bool for_job, jr_result *res, jr_error *err)
{
    execs_ctx x;
    memset(&x, 0, sizeof x);
    x.m = m;
    x.for_job = for_job;
    x.status_filter = r->has_exec_status && !jr_has_fault(m, JR_FAULT_STATUS_FILTER_IGNORED);
    x.status = r->exec_status;
    uint64_t f = jr_token_hash_u64(0, r->has_exec_status ? (uint64_t)r->exec_status + 1 : 0);
    if (for_job) {
        if (!r->job_id || !*r->job_id) return jr_error_set(err, JR_ERR_INVALID_REQUEST, "jobId", "jobId is required");
        jr_job *j = jr_find_job(m, r->job_id);
        if (!j) return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "jobId", "Job %s does not exist", r->job_id);
        x.v = &j->execs;
        f = jr_token_hash_str(f, r->job_id);
    } else {
        if (!r->thing_name || !*r->thing_name)
            return jr_error_set(err, JR_ERR_INVALID_REQUEST, "thingName", "thingName is required");
        jr_thing *t = jr_find_thing_any(m, r->thing_name);
        if (!t) return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingName", "Thing %s does not exist", r->thing_name);
        x.v = &t->execs;
        x.job_id = r->job_id;
        f = jr_token_hash_str(jr_token_hash_str(f, r->thing_name), r->job_id);
    }
    lister l = {x.v->n, execs_seq, execs_match, execs_emit, &x};
    return paginate(m, r, for_job ? JR_TOKEN_EXECS_FOR_JOB : JR_TOKEN_EXECS_FOR_THING, f, &l, JR_PAGE_EXECS, res, err);
}

jr_status jr_h_list_execs_for_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    return list_execs(m, r, true, res, err);
}

jr_status jr_h_list_execs_for_thing(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    return list_execs(m, r, false, res, err);
}

/* ---- ListThingsInThingGroup */

typedef struct things_ctx {
    jr_thing **v;
    size_t n;
} things_ctx;

static uint64_t things_seq(void *c, size_t i) { return ((things_ctx *)c)->v[i]->seq; }
static bool things_match(void *c, size_t i)
{
    (void)c;
    (void)i;
    return true;
}
static void things_emit(void *c, size_t i, jr_result *res) { res->names[res->nitems] = ((things_ctx *)c)->v[i]->name; }

jr_status jr_h_list_things(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err)
{
    if (!r->thing_group_name || !*r->thing_group_name)
        return jr_error_set(err, JR_ERR_INVALID_REQUEST, "thingGroupName", "thingGroupName is required");
    jr_group *g = jr_find_group(m, r->thing_group_name);
    if (!g)
        return jr_error_set(err, JR_ERR_RESOURCE_NOT_FOUND, "thingGroupName", "Thing group %s does not exist",
                            r->thing_group_name);
    bool rec = r->recursive.present && r->recursive.value;
    things_ctx x = {NULL, 0};
    if (!jr_group_things(m, g, rec, &x.v, &x.n)) return nomem(err);
    uint64_t f = jr_token_hash_u64(jr_token_hash_str(0, r->thing_group_name), rec);
    lister l = {x.n, things_seq, things_match, things_emit, &x};
    jr_status st = paginate(m, r, JR_TOKEN_THINGS_IN_GROUP, f, &l, JR_PAGE_NAMES, res, err);
    free(x.v);
    return st;
}
