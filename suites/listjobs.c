/* ListJobs (GET /jobs), the whole area: summaries, each filter alone and
 * combined (status with targetSelection, status with thingGroupName across
 * pages, SCHEDULED), pagination (maxResults on both sides and what a lax
 * integer parser lets through, nextToken: bad, tampered, foreign), the
 * thingGroupName / thingGroupId constraints on both sides, COMPLETED and
 * DELETION_IN_PROGRESS jobs, a job whose deletion completed. The account may
 * hold other jobs, so every check looks only at jobs this scenario created
 * (by id or by the scenario's own id stem), or lists through a filter that
 * only this scenario's jobs can match (a fresh thing group). */
#include <time.h>
#include <string.h>

#include "jc_support.h"

/* Walks every page of GET /jobs?<filter>&maxResults=<page> (filter may be
 * ""), handing every item to `each` (may be NULL) and keeping the ids that
 * start with `stem` (NULL: all); see jc_list_walk for what ends a walk.
 * Reads after a change (jc_support.h): the walk is repeated until every id
 * of `present` is listed once and none of `absent` (either NULL-terminated,
 * or NULL), within --poll-deadline; w holds the last walk, to be judged. */
typedef struct walk_want {
    const char *const *present, *const *absent;
} walk_want;

static bool walk_shows(jc_ctx *ctx, const jc_walk *w, void *arg)
{
    (void)ctx;
    const walk_want *ww = arg;
    for (size_t i = 0; ww->present && ww->present[i]; i++)
        if (jc_walk_count(w, ww->present[i]) != 1) return false;
    for (size_t i = 0; ww->absent && ww->absent[i]; i++)
        if (jc_walk_count(w, ww->absent[i]) != 0) return false;
    return true;
}

static void walk_jobs_until(jc_ctx *ctx, const char *filter, int page, const char *stem, jc_walk *w,
                            void (*each)(jc_ctx *, const cJSON *, void *), void *arg, const char *const *present,
                            const char *const *absent)
{
    jc_list_spec s = {.path = "/jobs", .array = "jobs", .key = "jobId", .status = "status", .filter = filter,
                      .max_results = page, .stem = stem, .each = each, .arg = arg};
    walk_want ww = {present, absent};
    jc_walk_until(ctx, &s, w, walk_shows, &ww);
}

/* The same until the walk kept exactly `keys` (judge with jc_expect_walk_exactly). */
static void walk_jobs_exactly(jc_ctx *ctx, const char *filter, int page, const char *stem, jc_walk *w,
                              const char *const *keys)
{
    jc_list_spec s = {.path = "/jobs", .array = "jobs", .key = "jobId", .status = "status", .filter = filter,
                      .max_results = page, .stem = stem};
    jc_walk_until_exactly(ctx, &s, w, keys);
}

static const char *job_on(jc_ctx *ctx, const char *arn, const char *extra)
{
    const char *targets[] = {arn, NULL};
    return jc_create_job(ctx, NULL, NULL, targets, extra);
}

/* ---- summaries --------------------------------------------------------- */

static void check_summary(jc_ctx *ctx, const cJSON *it, void *arg)
{
    (void)arg;
    static const char *const strs[] = {"jobArn", "jobId", "status", "targetSelection"};
    for (size_t i = 0; i < JC_COUNT(strs); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, strs[i]);
        JC_CHECK(ctx, cJSON_IsString(v) && v->valuestring[0], "summary.%s is absent or not a non-empty string",
                 strs[i]);
    }
    static const char *const nums[] = {"createdAt", "lastUpdatedAt"};
    for (size_t i = 0; i < JC_COUNT(nums); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, nums[i]);
        JC_CHECK(ctx, cJSON_IsNumber(v) && v->valuedouble > 1e9 && v->valuedouble < 1e11,
                 "summary.%s is %s, expected a JSON number of epoch seconds", nums[i],
                 !v ? "absent" : cJSON_IsNumber(v) ? "a number out of the epoch-seconds range" : "not a number");
    }
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(it, "status");
    static const char *const ok[] = {"IN_PROGRESS", "CANCELED", "COMPLETED", "DELETION_IN_PROGRESS", "SCHEDULED"};
    bool known = false;
    for (size_t i = 0; cJSON_IsString(st) && i < JC_COUNT(ok); i++) known = known || strcmp(st->valuestring, ok[i]) == 0;
    JC_CHECK(ctx, known, "summary.status is '%s', expected a JobStatus value (never SUCCEEDED)",
             cJSON_IsString(st) ? st->valuestring : "(absent)");
}

static void s_summary_members(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *stem = jc_name(ctx, "sum");
    const char *a = jc_create_job(ctx, jc_str(ctx, "%s-a", stem), NULL, (const char *[]){arn, NULL}, NULL);
    const char *b = jc_create_job(ctx, jc_str(ctx, "%s-b", stem), NULL, (const char *[]){arn, NULL},
                                  "{\"targetSelection\":\"CONTINUOUS\"}");
    jc_walk w;
    walk_jobs_until(ctx, "", 250, stem, &w, check_summary, NULL, (const char *[]){a, b, NULL}, NULL);
    JC_CHECK(ctx, jc_walk_count(&w, a) == 1, "job %s appears %zu times across all ListJobs pages, expected once", a,
             jc_walk_count(&w, a));
    JC_CHECK(ctx, jc_walk_count(&w, b) == 1, "job %s appears %zu times across all ListJobs pages, expected once", b,
             jc_walk_count(&w, b));
}

/* ---- filters ----------------------------------------------------------- */

typedef struct field_is {
    const char *member, *want;
} field_is;

static void check_field(jc_ctx *ctx, const cJSON *it, void *arg)
{
    const field_is *f = arg;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, f->member);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "jobId");
    JC_CHECK(ctx, cJSON_IsString(v) && strcmp(v->valuestring, f->want) == 0,
             "filtered by %s=%s, job %s is listed with %s '%s'", f->member, f->want,
             cJSON_IsString(id) ? id->valuestring : "?", f->member, cJSON_IsString(v) ? v->valuestring : "(absent)");
}

static void s_status_filter(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *stem = jc_name(ctx, "st");
    const char *running = jc_create_job(ctx, jc_str(ctx, "%s-run", stem), NULL, (const char *[]){arn, NULL}, NULL);
    const char *canceled = jc_create_job(ctx, jc_str(ctx, "%s-can", stem), NULL, (const char *[]){arn, NULL}, NULL);
    jc_cancel_job_ok(ctx, canceled);
    jc_walk w;
    field_is f = {"status", "CANCELED"};
    walk_jobs_until(ctx, "status=CANCELED", 250, stem, &w, check_field, &f, (const char *[]){canceled, NULL},
                    (const char *[]){running, NULL});
    JC_CHECK(ctx, jc_walk_count(&w, canceled) == 1, "status=CANCELED lists canceled job %s %zu times, expected once",
             canceled, jc_walk_count(&w, canceled));
    JC_CHECK(ctx, jc_walk_count(&w, running) == 0, "status=CANCELED lists IN_PROGRESS job %s", running);
    f = (field_is){"status", "IN_PROGRESS"};
    walk_jobs_until(ctx, "status=IN_PROGRESS", 250, stem, &w, check_field, &f, (const char *[]){running, NULL},
                    (const char *[]){canceled, NULL});
    JC_CHECK(ctx, jc_walk_count(&w, running) == 1, "status=IN_PROGRESS lists job %s %zu times, expected once", running,
             jc_walk_count(&w, running));
    JC_CHECK(ctx, jc_walk_count(&w, canceled) == 0, "status=IN_PROGRESS lists CANCELED job %s", canceled);
}

static void s_status_filter_completed(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *id = jc_create_job_on_new_thing(ctx, &thing);
    jc_finish_execution(ctx, thing, id, "SUCCEEDED"); /* CANCELED without a data plane: terminal too */
    jc_wait_job_status(ctx, id, "COMPLETED", 0);
    jc_response *d = jc_describe_job(ctx, id);
    const char *st = jc_json_string(d, "job.status");
    if (!jc_streq(st, "COMPLETED")) jc_skip(ctx, "the job is %s, not yet COMPLETED (lifecycle suite checks that)", jc_str_or(st));
    jc_walk w;
    field_is f = {"status", "COMPLETED"};
    walk_jobs_until(ctx, "status=COMPLETED", 250, id, &w, check_field, &f, (const char *[]){id, NULL}, NULL);
    JC_CHECK(ctx, jc_walk_count(&w, id) == 1, "status=COMPLETED lists completed job %s %zu times, expected once", id,
             jc_walk_count(&w, id));
}

static void s_status_filter_invalid(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "status=SUCCEEDED", NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "status=in_progress", NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static void s_target_selection_filter(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *stem = jc_name(ctx, "ts");
    const char *cont = jc_create_job(ctx, jc_str(ctx, "%s-c", stem), NULL, (const char *[]){arn, NULL},
                                     "{\"targetSelection\":\"CONTINUOUS\"}");
    const char *snap = jc_create_job(ctx, jc_str(ctx, "%s-s", stem), NULL, (const char *[]){arn, NULL}, NULL);
    jc_walk w;
    field_is f = {"targetSelection", "CONTINUOUS"};
    walk_jobs_until(ctx, "targetSelection=CONTINUOUS", 250, stem, &w, check_field, &f, (const char *[]){cont, NULL},
                    (const char *[]){snap, NULL});
    JC_CHECK(ctx, jc_walk_count(&w, cont) == 1, "targetSelection=CONTINUOUS lists job %s %zu times, expected once", cont,
             jc_walk_count(&w, cont));
    JC_CHECK(ctx, jc_walk_count(&w, snap) == 0, "targetSelection=CONTINUOUS lists SNAPSHOT job %s", snap);
    f = (field_is){"targetSelection", "SNAPSHOT"};
    walk_jobs_until(ctx, "targetSelection=SNAPSHOT", 250, stem, &w, check_field, &f, (const char *[]){snap, NULL},
                    (const char *[]){cont, NULL});
    JC_CHECK(ctx, jc_walk_count(&w, snap) == 1, "targetSelection=SNAPSHOT lists job %s %zu times, expected once", snap,
             jc_walk_count(&w, snap));
    JC_CHECK(ctx, jc_walk_count(&w, cont) == 0, "targetSelection=SNAPSHOT lists CONTINUOUS job %s", cont);
}

static void s_target_selection_invalid(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "targetSelection=SOMETIMES", NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

/* Two groups, a job on each and one on a thing of the first group: the
 * filter lists exactly the job that targets the group. */
typedef struct groups {
    const char *g1, *g1_arn, *g2, *g2_arn, *j1, *j2, *j_thing;
} groups;

static void two_groups(jc_ctx *ctx, groups *g)
{
    g->g1 = jc_create_group(ctx, "g1", &g->g1_arn);
    g->g2 = jc_create_group(ctx, "g2", &g->g2_arn);
    const char *thing_arn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &thing_arn);
    jc_add_thing_to_group(ctx, g->g1, thing);
    g->j1 = job_on(ctx, g->g1_arn, NULL);
    g->j2 = job_on(ctx, g->g2_arn, NULL);
    g->j_thing = job_on(ctx, thing_arn, NULL);
}

static void expect_only(jc_ctx *ctx, const jc_walk *w, const char *filter, const char *id)
{
    JC_CHECK(ctx, w->n == 1 && strcmp(w->keys[0], id) == 0, "ListJobs ?%s lists %zu jobs (first '%s'), expected only %s",
             filter, w->n, w->n ? w->keys[0] : "", id);
}

static void s_group_name_filter(jc_ctx *ctx)
{
    groups g;
    two_groups(ctx, &g);
    const char *filter = jc_query(ctx, "thingGroupName=%s", g.g1);
    jc_walk w;
    walk_jobs_exactly(ctx, filter, 250, NULL, &w, (const char *[]){g.j1, NULL});
    expect_only(ctx, &w, filter, g.j1);
}

static void s_group_id_filter(jc_ctx *ctx)
{
    groups g;
    two_groups(ctx, &g);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/thing-groups/%s", g.g1), NULL, NULL);
    const char *gid = r->status == 200 ? jc_json_string(r, "thingGroupId") : NULL;
    if (!gid) jc_skip(ctx, "DescribeThingGroup %s gave no thingGroupId (HTTP %d)", g.g1, r->status);
    const char *filter = jc_query(ctx, "thingGroupId=%s", gid);
    jc_walk w;
    walk_jobs_exactly(ctx, filter, 250, NULL, &w, (const char *[]){g.j1, NULL});
    expect_only(ctx, &w, filter, g.j1);
}

static void s_group_name_unknown(jc_ctx *ctx)
{
    const char *filter = jc_query(ctx, "thingGroupName=%s", jc_name(ctx, "never-created"));
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", filter, NULL);
    if (r->status == 200) {
        const cJSON *jobs = jc_json_array(r, "jobs");
        JC_CHECK(ctx, jobs && cJSON_GetArraySize(jobs) == 0,
                 "ListJobs for a thing group that does not exist lists %d jobs, expected none",
                 jobs ? cJSON_GetArraySize(jobs) : -1);
    } else {
        static const char *const codes[] = {"ResourceNotFoundException", "InvalidRequestException", NULL};
        jc_expect_error_in(ctx, r, codes);
    }
}

/* ---- pagination -------------------------------------------------------- */

/* n jobs on a new group, ids "<stem>-<i>"; returns the group name. */
static const char *jobs_on_group(jc_ctx *ctx, int n, const char **ids)
{
    const char *garn = NULL;
    const char *g = jc_create_group(ctx, "pg", &garn);
    const char *stem = jc_name(ctx, "pg");
    for (int i = 0; i < n; i++) ids[i] = jc_create_job(ctx, jc_str(ctx, "%s-%d", stem, i), NULL,
                                                       (const char *[]){garn, NULL}, NULL);
    return g;
}

static void expect_each_once(jc_ctx *ctx, const jc_walk *w, const char *const *ids, int n, const char *what)
{
    for (int i = 0; i < n; i++) {
        size_t c = jc_walk_count(w, ids[i]);
        JC_CHECK(ctx, c == 1, "%s: job %s appears %zu times, expected exactly once", what, ids[i], c);
    }
    JC_CHECK(ctx, w->n == (size_t)n, "%s: %zu items in all, expected %d", what, w->n, n);
}

static void s_walk_group(jc_ctx *ctx)
{
    const char *ids[8] = {NULL}; /* NULL-terminated for the walk */
    const char *g = jobs_on_group(ctx, 7, ids);
    const char *filter = jc_query(ctx, "thingGroupName=%s", g);
    jc_walk w;
    walk_jobs_exactly(ctx, filter, 2, NULL, &w, ids);
    expect_each_once(ctx, &w, ids, 7, "walk with maxResults=2");
    JC_CHECK(ctx, w.pages == 4, "7 jobs at maxResults=2 took %zu pages, expected 4", w.pages);
}

static void s_walk_one_per_page(jc_ctx *ctx)
{
    const char *ids[4] = {NULL};
    const char *g = jobs_on_group(ctx, 3, ids);
    const char *filter = jc_query(ctx, "thingGroupName=%s", g);
    jc_walk w;
    walk_jobs_exactly(ctx, filter, 1, NULL, &w, ids);
    expect_each_once(ctx, &w, ids, 3, "walk with maxResults=1");
}

static void s_walk_account(jc_ctx *ctx)
{
    const char *arn = jc_new_target(ctx);
    const char *stem = jc_name(ctx, "all");
    const char *ids[6] = {NULL};
    for (int i = 0; i < 5; i++)
        ids[i] = jc_create_job(ctx, jc_str(ctx, "%s-%d", stem, i), NULL, (const char *[]){arn, NULL}, NULL);
    jc_walk w;
    walk_jobs_exactly(ctx, "", 100, jc_str(ctx, "%s-", stem), &w, ids);
    expect_each_once(ctx, &w, ids, 5, "unfiltered walk with maxResults=100");
}

static void s_last_page_no_token(jc_ctx *ctx)
{
    const char *ids[2];
    const char *g = jobs_on_group(ctx, 2, ids);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", jc_query(ctx, "thingGroupName=%s&maxResults=2", g), NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *jobs = jc_json_array(r, "jobs");
    JC_CHECK(ctx, jobs && cJSON_GetArraySize(jobs) == 2, "the one page holds %d jobs, expected 2",
             jobs ? cJSON_GetArraySize(jobs) : -1);
    const char *tok = jc_json_string(r, "nextToken");
    JC_CHECK(ctx, !tok || !*tok, "the last page carries nextToken '%s', expected none", tok ? tok : "");
    r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", jc_query(ctx, "thingGroupName=%s&maxResults=1", g), NULL);
    jc_require_status(ctx, r, 200);
    tok = jc_json_string(r, "nextToken");
    JC_CHECK(ctx, tok && *tok, "a first page of 1 out of 2 jobs has no nextToken");
}

/* The nextToken of the first page (maxResults=1) of the group's jobs,
 * required (n jobs, n > 1). */
static const char *first_group_token(jc_ctx *ctx, const char *group, int n)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", jc_query(ctx, "thingGroupName=%s&maxResults=1", group),
                             NULL);
    jc_require_status(ctx, r, 200);
    const char *tok = jc_json_string(r, "nextToken");
    /* no token at all is PG-002's failure (listjobs.pagination-*): nothing to test here */
    if (!tok || !*tok) jc_skip(ctx, "a first page of 1 out of %d jobs has no nextToken: nothing to test (PG-002)", n);
    if (strlen(tok) < 2) jc_skip(ctx, "a one-character nextToken: nothing to change in it");
    return tok;
}

static void s_token_stable(jc_ctx *ctx)
{
    const char *ids[3];
    const char *g = jobs_on_group(ctx, 3, ids);
    const char *tok = first_group_token(ctx, g, 3);
    const char *q = jc_query(ctx, "thingGroupName=%s&maxResults=1&nextToken=%s", g, tok);
    jc_response *p1 = jc_call(ctx, JC_CONTROL, "GET", "/jobs", q, NULL);
    jc_response *p2 = jc_call(ctx, JC_CONTROL, "GET", "/jobs", q, NULL);
    jc_require_status(ctx, p1, 200);
    jc_require_status(ctx, p2, 200);
    const char *a = jc_json_string(p1, "jobs.0.jobId"), *b = jc_json_string(p2, "jobs.0.jobId");
    JC_CHECK(ctx, jc_streq(a, b), "the same nextToken gave page starting '%s' then '%s'", jc_str_or(a), jc_str_or(b));
}

/* An issued token lengthened or shortened by one character is not a token
 * the server issued (PG-004). */
static void s_resized_token(jc_ctx *ctx)
{
    const char *ids[2];
    const char *g = jobs_on_group(ctx, 2, ids);
    const char *tok = first_group_token(ctx, g, 2);
    const char *variants[] = {jc_str(ctx, "%s0", tok), jc_str(ctx, "%sA", tok),
                              jc_str(ctx, "%.*s", (int)strlen(tok) - 1, tok)};
    for (size_t i = 0; i < JC_COUNT(variants); i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs",
                    jc_query(ctx, "thingGroupName=%s&maxResults=1&nextToken=%s", g, variants[i]), NULL);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "nextToken '%s' resized to '%s': HTTP %d %s, expected InvalidRequestException 400", tok, variants[i],
                 r->status, jc_str_or(r->error_code));
    }
}

/* A ListJobs token taken to another filter (PG-006): a token of group A's
 * walk, given with group B's thingGroupName or with a status none of A's
 * jobs has, is refused or answered from the new filter's own list. */
static void s_token_other_filter(jc_ctx *ctx)
{
    const char *ids_a[3], *ids_b[3];
    const char *ga = jobs_on_group(ctx, 3, ids_a);
    const char *gb = jobs_on_group(ctx, 3, ids_b);
    const char *tok = first_group_token(ctx, ga, 3);
    const char *own_b[] = {ids_b[0], ids_b[1], ids_b[2], NULL};
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", jc_query(ctx, "thingGroupName=%s&maxResults=1&nextToken=%s", gb, tok),
                NULL);
    jc_expect_own_page_or_refused(ctx, r, "jobs", "jobId", own_b, "group A's token with thingGroupName=B");
    static const char *const none[] = {NULL};
    r = jc_call(ctx, JC_CONTROL, "GET", "/jobs",
                jc_query(ctx, "thingGroupName=%s&status=CANCELED&maxResults=1&nextToken=%s", ga, tok), NULL);
    jc_expect_own_page_or_refused(ctx, r, "jobs", "jobId", none, "group A's token with status=CANCELED (none is)");
}

static void s_max_results_bounds(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=1", NULL);
    jc_require_status(ctx, r, 200);
    const cJSON *jobs = jc_json_array(r, "jobs");
    JC_CHECK(ctx, jobs && cJSON_GetArraySize(jobs) <= 1, "maxResults=1 returned %d jobs",
             jobs ? cJSON_GetArraySize(jobs) : -1);
    r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=250", NULL);
    jc_require_status(ctx, r, 200);
    jobs = jc_json_array(r, "jobs");
    JC_CHECK(ctx, jobs && cJSON_GetArraySize(jobs) <= 250, "maxResults=250 returned %d jobs",
             jobs ? cJSON_GetArraySize(jobs) : -1);
}

static void s_max_results_out_of_range(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=0", NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=251", NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static void s_max_results_not_a_number(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=ten", NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "maxResults=2.5", NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static void s_bad_token(jc_ctx *ctx)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", "nextToken=not-a-token-we-issued", NULL);
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
}

static void s_tampered_token(jc_ctx *ctx)
{
    const char *ids[2];
    const char *g = jobs_on_group(ctx, 2, ids);
    const char *tok = first_group_token(ctx, g, 2);
    char *t = (char *)jc_str(ctx, "%s", tok);
    size_t mid = strlen(t) / 2;
    /* change one character to another of the same kind */
    if (t[mid] >= '0' && t[mid] <= '9') t[mid] = t[mid] == '7' ? '2' : '7';
    else if (t[mid] >= 'a' && t[mid] <= 'z') t[mid] = t[mid] == 'q' ? 'c' : 'q';
    else if (t[mid] >= 'A' && t[mid] <= 'Z') t[mid] = t[mid] == 'Q' ? 'C' : 'Q';
    else t[mid] = 'x';
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs",
                             jc_query(ctx, "thingGroupName=%s&maxResults=1&nextToken=%s", g, t), NULL);
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "nextToken '%s' altered to '%s': HTTP %d %s, expected InvalidRequestException 400", tok, t, r->status,
             jc_str_or(r->error_code));
}

static void s_foreign_token(jc_ctx *ctx)
{
    /* a token issued by ListJobExecutionsForThing is not a ListJobs token */
    const char *arn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &arn);
    job_on(ctx, arn, NULL);
    job_on(ctx, arn, NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", thing), "maxResults=1", NULL);
    jc_require_status(ctx, r, 200);
    const char *tok = jc_json_string(r, "nextToken");
    JC_REQUIRE(ctx, tok && *tok, "ListJobExecutionsForThing: a first page of 1 out of 2 has no nextToken");
    r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", jc_query(ctx, "maxResults=1&nextToken=%s", tok), NULL);
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "ListJobs with a ListJobExecutionsForThing token: HTTP %d %s, expected InvalidRequestException 400",
             r->status, jc_str_or(r->error_code));
}

/* ---- DELETION_IN_PROGRESS ---------------------------------------------- */

static void s_deletion_in_progress_listed(jc_ctx *ctx)
{
    const char *id = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *del = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", id), "force=true", NULL);
    JC_REQUIRE(ctx, del->status >= 200 && del->status < 300, "DeleteJob %s force=true: HTTP %d %s, expected 2xx", id,
               del->status, jc_str_or(del->error_code));
    jc_walk w;
    field_is f = {"status", "DELETION_IN_PROGRESS"};
    walk_jobs_until(ctx, "status=DELETION_IN_PROGRESS", 250, id, &w, check_field, &f, (const char *[]){id, NULL},
                    NULL);
    if (jc_walk_count(&w, id) == 1) return;
    /* a server may complete the deletion at once: then the job is gone */
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    const char *st = d->status == 200 ? jc_json_string(d, "job.status") : NULL;
    JC_CHECK(ctx, d->status == 404, "job %s is %s but status=DELETION_IN_PROGRESS lists it %zu times", id,
             d->status == 200 ? jc_str_or(st) : "(error)", jc_walk_count(&w, id));
    jc_note(ctx, "the deletion completed at once: nothing to observe");
}

/* ---- filters combined, lax maxResults, group limits, ended jobs -------- */

/* ---- combined filters -------------------------------------------------- */

static void s_status_and_selection(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *stem = jc_name(ctx, "sx");
    const char *cont = "{\"targetSelection\":\"CONTINUOUS\"}";
    const char *snap_run = jc_create_job(ctx, jc_str(ctx, "%s-sr", stem), NULL, targets, NULL);
    const char *snap_can = jc_create_job(ctx, jc_str(ctx, "%s-sc", stem), NULL, targets, NULL);
    const char *cont_run = jc_create_job(ctx, jc_str(ctx, "%s-cr", stem), NULL, targets, cont);
    const char *cont_can = jc_create_job(ctx, jc_str(ctx, "%s-cc", stem), NULL, targets, cont);
    jc_cancel_job_ok(ctx, snap_can);
    jc_cancel_job_ok(ctx, cont_can);
    jc_walk w;
    walk_jobs_exactly(ctx, "status=CANCELED&targetSelection=CONTINUOUS", 250, stem, &w, (const char *[]){cont_can, NULL});
    jc_expect_walk_exactly(ctx, &w, (const char *[]){cont_can, NULL}, "status=CANCELED&targetSelection=CONTINUOUS");
    walk_jobs_exactly(ctx, "status=IN_PROGRESS&targetSelection=SNAPSHOT", 250, stem, &w, (const char *[]){snap_run, NULL});
    jc_expect_walk_exactly(ctx, &w, (const char *[]){snap_run, NULL}, "status=IN_PROGRESS&targetSelection=SNAPSHOT");
    (void)cont_run;
}

static void s_group_status_pages(jc_ctx *ctx)
{
    const char *garn = NULL;
    const char *g = jc_create_group(ctx, "g", &garn);
    jc_add_thing_to_group(ctx, g, jc_create_thing(ctx, "m", NULL)); /* an empty group's job has nothing to run */
    const char *targets[] = {garn, NULL};
    const char *ids[6];
    for (int i = 0; i < 6; i++) ids[i] = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_cancel_job_ok(ctx, ids[1]);
    jc_cancel_job_ok(ctx, ids[4]);
    jc_walk w;
    const char *f = jc_query(ctx, "thingGroupName=%s&status=IN_PROGRESS", g);
    walk_jobs_exactly(ctx, f, 1, NULL, &w, (const char *[]){ids[0], ids[2], ids[3], ids[5], NULL});
    jc_expect_walk_exactly(ctx, &w, (const char *[]){ids[0], ids[2], ids[3], ids[5], NULL},
                   "thingGroupName + status=IN_PROGRESS walked at maxResults=1");
    f = jc_query(ctx, "thingGroupName=%s&status=CANCELED", g);
    walk_jobs_exactly(ctx, f, 1, NULL, &w, (const char *[]){ids[1], ids[4], NULL});
    jc_expect_walk_exactly(ctx, &w, (const char *[]){ids[1], ids[4], NULL},
                   "thingGroupName + status=CANCELED walked at maxResults=1");
}

/* ---- SCHEDULED --------------------------------------------------------- */

static void s_status_scheduled(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *stem = jc_name(ctx, "sch");
    const char *running = jc_create_job(ctx, jc_str(ctx, "%s-run", stem), NULL, targets, NULL);
    long long start = (jc_endpoint_now(ctx, running) / 60 + 41) * 60; /* a whole minute 40 to 41 minutes ahead */
    const char *sched = jc_create_job(ctx, jc_str(ctx, "%s-sch", stem), NULL, targets,
                                      jc_str(ctx, "{\"schedulingConfig\":{\"startTime\":\"%s\"}}",
                                             jc_iso_minute(ctx, start)));
    const char *st = jc_json_string(jc_describe_job(ctx, sched), "job.status");
    JC_REQUIRE(ctx, jc_streq(st, "SCHEDULED"), "a job with startTime 40 minutes ahead is '%s', expected SCHEDULED",
               jc_str_or(st));
    jc_walk w;
    walk_jobs_exactly(ctx, "status=SCHEDULED", 250, stem, &w, (const char *[]){sched, NULL});
    jc_expect_walk_exactly(ctx, &w, (const char *[]){sched, NULL}, "status=SCHEDULED");
    for (size_t i = 0; i < w.n; i++)
        JC_CHECK(ctx, jc_streq(w.status[i], "SCHEDULED"), "status=SCHEDULED lists %s with status '%s'", w.keys[i],
                 jc_str_or(w.status[i]));
    walk_jobs_exactly(ctx, "status=IN_PROGRESS", 250, stem, &w, (const char *[]){running, NULL});
    jc_expect_walk_exactly(ctx, &w, (const char *[]){running, NULL}, "status=IN_PROGRESS");
}

/* ---- maxResults a lax parser lets through ------------------------------ */

static void s_max_results_out_of_range_lax(jc_ctx *ctx)
{
    /* -1 is below 1; 4294967297 is 2^32 + 1 (1 once truncated to 32 bits) */
    static const char *const bad[] = {"maxResults=-1", "maxResults=4294967297"};
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", bad[i], NULL);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "ListJobs ?%s: HTTP %d %s, expected InvalidRequestException 400", bad[i], r->status,
                 jc_str_or(r->error_code));
    }
}

static void s_max_results_malformed(jc_ctx *ctx)
{
    /* trailing text after digits; a value past every integer type */
    static const char *const bad[] = {"maxResults=5abc", "maxResults=99999999999999999999"};
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", bad[i], NULL);
        JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
                 "ListJobs ?%s: HTTP %d %s, expected InvalidRequestException 400", bad[i], r->status,
                 jc_str_or(r->error_code));
    }
}

/* ---- thingGroupName / thingGroupId constraints ------------------------- */

/* A valid group filter naming no group: 200 with no jobs, or a
 * ResourceNotFoundException; never a constraint error. */
static void expect_valid_unknown_group(jc_ctx *ctx, const char *query, const char *what)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", query, NULL);
    if (r->status == 200) {
        const cJSON *jobs = jc_json_array(r, "jobs");
        JC_CHECK(ctx, jobs && cJSON_GetArraySize(jobs) == 0, "%s of no group: lists %d jobs, expected none", what,
                 jobs ? cJSON_GetArraySize(jobs) : -1);
        return;
    }
    JC_CHECK(ctx, r->status == 404 && jc_streq(r->error_code, "ResourceNotFoundException"),
             "%s (valid, names no group): HTTP %d %s, expected 200 with no jobs or ResourceNotFoundException 404",
             what, r->status, jc_str_or(r->error_code));
}

static void expect_query_refused(jc_ctx *ctx, const char *query, const char *what)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", query, NULL);
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "%s: HTTP %d %s, expected InvalidRequestException 400", what, r->status, jc_str_or(r->error_code));
}

static const char *padded(jc_ctx *ctx, const char *base, size_t n)
{
    size_t len = strlen(base);
    JC_REQUIRE(ctx, len <= n, "harness: '%s' longer than %zu", base, n);
    return jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'g', n - len));
}

static void s_group_name_limits(jc_ctx *ctx)
{
    const char *base = jc_name(ctx, "ng");
    expect_valid_unknown_group(ctx, jc_query(ctx, "thingGroupName=%s", padded(ctx, base, 128)),
                               "thingGroupName of 128 characters");
    expect_query_refused(ctx, jc_query(ctx, "thingGroupName=%s", padded(ctx, base, 129)),
                   "thingGroupName of 129 characters");
    expect_query_refused(ctx, jc_query(ctx, "thingGroupName=%s", jc_str(ctx, "%s.x", base)),
                   "thingGroupName holding '.' (outside [a-zA-Z0-9:_-])");
}

static void s_group_id_limits(jc_ctx *ctx)
{
    /* thingGroupId: 1..128 characters of [a-zA-Z0-9-] (no '_') */
    const char *base = "0f2c4e6a-jobsconf-";
    expect_valid_unknown_group(ctx, jc_query(ctx, "thingGroupId=%s", padded(ctx, base, 128)),
                               "thingGroupId of 128 characters");
    expect_query_refused(ctx, jc_query(ctx, "thingGroupId=%s", padded(ctx, base, 129)), "thingGroupId of 129 characters");
    expect_query_refused(ctx, "thingGroupId=0f2c4e6a_jobsconf", "thingGroupId holding '_' (outside [a-zA-Z0-9-])");
}

/* ---- summaries --------------------------------------------------------- */

static void s_completed_summary(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *id = jc_create_job_on_new_thing(ctx, &thing);
    const char *reached = jc_finish_execution(ctx, thing, id, "SUCCEEDED"); /* CANCELED without a data plane */
    JC_REQUIRE(ctx, jc_wait_job_status(ctx, id, "COMPLETED", 0),
               "job %s is not COMPLETED after its only execution became %s", id, reached);
    jc_walk w;
    walk_jobs_until(ctx, "", 250, id, &w, NULL, NULL, (const char *[]){id, NULL}, NULL);
    size_t k = w.n;
    for (size_t i = 0; i < w.n; i++)
        if (strcmp(w.keys[i], id) == 0) k = i;
    JC_REQUIRE(ctx, k < w.n && jc_walk_count(&w, id) == 1, "job %s is listed %zu times, expected once", id,
               jc_walk_count(&w, id));
    JC_CHECK(ctx, jc_streq(w.status[k], "COMPLETED"), "the summary of job %s has status '%s', expected COMPLETED", id,
             jc_str_or(w.status[k]));
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(w.item[k], "createdAt");
    const cJSON *done = cJSON_GetObjectItemCaseSensitive(w.item[k], "completedAt");
    JC_CHECK(ctx, cJSON_IsNumber(done) && done->valuedouble > 1e9 && done->valuedouble < 1e11,
             "summary.completedAt of a COMPLETED job is %s, expected a JSON number of epoch seconds",
             !done ? "absent" : cJSON_IsNumber(done) ? "out of the epoch-seconds range" : "not a number");
    if (cJSON_IsNumber(done) && cJSON_IsNumber(c))
        JC_CHECK(ctx, done->valuedouble >= c->valuedouble, "summary.completedAt %.3f is before createdAt %.3f",
                 done->valuedouble, c->valuedouble);
}

/* ---- deletion completed ------------------------------------------------ */

static void s_deleted_not_listed(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *stem = jc_name(ctx, "del");
    const char *gone = jc_create_job(ctx, jc_str(ctx, "%s-gone", stem), NULL, targets, NULL);
    const char *kept = jc_create_job(ctx, jc_str(ctx, "%s-kept", stem), NULL, targets, NULL);
    jc_response *del = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", gone), "force=true", NULL);
    JC_REQUIRE(ctx, del->status >= 200 && del->status < 300, "DeleteJob %s force=true: HTTP %d %s, expected 2xx",
               gone, del->status, jc_str_or(del->error_code));
    jc_wait_job_gone(ctx, gone);
    jc_walk w;
    walk_jobs_exactly(ctx, "", 250, stem, &w, (const char *[]){kept, NULL});
    jc_expect_walk_exactly(ctx, &w, (const char *[]){kept, NULL}, "unfiltered ListJobs after the deletion completed");
}

static const jc_scenario s_table[] = {
    {"listjobs.summary-members", "Every job appears once across ListJobs pages with jobArn, jobId, status, "
     "targetSelection and epoch-second times", "LJ-001,LJ-002,WIRE-009", "smoke", 0, s_summary_members,
     JC_OPS("ListJobs", "CreateJob,CreateThing")},
    {"listjobs.status-filter", "status=CANCELED and status=IN_PROGRESS list only jobs in that status", "LJ-003",
     "", 0, s_status_filter,
     JC_OPS("ListJobs", "CancelJob,CreateJob,CreateThing")},
    {"listjobs.status-filter-completed", "status=COMPLETED lists a finished SNAPSHOT job", "LJ-003,LJ-002", "", 0,
     s_status_filter_completed,
     JC_OPS("ListJobs", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"listjobs.completed-summary", "A finished SNAPSHOT job is listed as COMPLETED with completedAt in epoch seconds",
     "LJ-002,WIRE-009,LC-003", "lifecycle", 0, s_completed_summary,
     JC_OPS("ListJobs", "CreateJob,DescribeJob,CreateThing,iot-jobs-data UpdateJobExecution")},
    {"listjobs.status-filter-invalid", "status=SUCCEEDED and a lowercase status give InvalidRequestException 400",
     "LJ-003,WIRE-008", "negative", 0, s_status_filter_invalid,
     JC_OPS("ListJobs", "")},
    {"listjobs.target-selection-filter", "targetSelection=CONTINUOUS/SNAPSHOT list only jobs with that selection",
     "LJ-004", "", 0, s_target_selection_filter,
     JC_OPS("ListJobs", "CreateJob,CreateThing")},
    {"listjobs.target-selection-invalid", "targetSelection outside the enum gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_target_selection_invalid,
     JC_OPS("ListJobs", "")},
    {"listjobs.thing-group-name-filter", "thingGroupName lists exactly the jobs that target that group", "LJ-004", "",
     0, s_group_name_filter,
     JC_OPS("ListJobs", "CreateJob,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"listjobs.thing-group-id-filter", "thingGroupId lists exactly the jobs that target that group", "LJ-004", "", 0,
     s_group_id_filter,
     JC_OPS("ListJobs", "CreateJob,CreateThing,CreateThingGroup,DescribeThingGroup,AddThingToThingGroup")},
    {"listjobs.thing-group-unknown", "thingGroupName of a group that does not exist lists nothing (or a 4xx)",
     "LJ-004", "negative", 0, s_group_name_unknown,
     JC_OPS("ListJobs", "")},
    {"listjobs.thing-group-name-limits", "thingGroupName of 128 characters is valid; 129 characters or a '.' give "
     "InvalidRequestException 400", "WIRE-008,LJ-004", "limits,negative", 0, s_group_name_limits,
     JC_OPS("ListJobs", "")},
    {"listjobs.thing-group-id-limits", "thingGroupId of 128 characters is valid; 129 characters or a '_' give "
     "InvalidRequestException 400", "WIRE-008", "limits,negative", 0, s_group_id_limits,
     JC_OPS("ListJobs", "")},
    {"listjobs.pagination-walk", "7 jobs at maxResults=2: 4 pages, every job exactly once", "PG-001,PG-002,PG-003",
     "", 0, s_walk_group,
     JC_OPS("ListJobs", "CreateJob,CreateThingGroup")},
    {"listjobs.pagination-one-per-page", "maxResults=1 walks every job exactly once", "PG-001,PG-003", "limits", 0,
     s_walk_one_per_page,
     JC_OPS("ListJobs", "CreateJob,CreateThingGroup")},
    {"listjobs.pagination-account-walk", "An unfiltered walk lists each of this scenario's jobs exactly once",
     "LJ-001,PG-003", "", 0, s_walk_account,
     JC_OPS("ListJobs", "CreateJob,CreateThing")},
    {"listjobs.last-page-no-token", "nextToken is present while items remain and absent on the last page", "PG-002",
     "", 0, s_last_page_no_token,
     JC_OPS("ListJobs", "CreateJob,CreateThingGroup")},
    {"listjobs.token-stable", "Repeating a request with the same nextToken returns the same page", "PG-005", "", 0,
     s_token_stable,
     JC_OPS("ListJobs", "CreateJob,CreateThingGroup")},
    {"listjobs.resized-next-token", "An issued nextToken with one character added or removed gives "
     "InvalidRequestException 400", "PG-004", "negative", 0, s_resized_token,
     JC_OPS("ListJobs", "CreateJob,CreateThingGroup")},
    {"listjobs.token-other-filter", "A ListJobs nextToken given with another thingGroupName or status is refused "
     "(InvalidRequestException 400) or answers from the new filter's own list", "PG-006", "negative", 0,
     s_token_other_filter,
     JC_OPS("ListJobs", "CreateJob,CreateThingGroup")},
    {"listjobs.max-results-1-250", "maxResults 1 and 250 are accepted and bound the page", "PG-001", "limits", 0,
     s_max_results_bounds,
     JC_OPS("ListJobs", "")},
    {"listjobs.max-results-0-251", "maxResults 0 and 251 give InvalidRequestException 400", "PG-001,WIRE-008",
     "limits,negative", 0, s_max_results_out_of_range,
     JC_OPS("ListJobs", "")},
    {"listjobs.max-results-negative-or-wrapping", "maxResults -1 and 4294967297 give InvalidRequestException 400",
     "PG-001,WIRE-008", "limits,negative", 0, s_max_results_out_of_range_lax,
     JC_OPS("ListJobs", "")},
    {"listjobs.max-results-malformed", "maxResults '5abc' and 99999999999999999999 give InvalidRequestException 400",
     "PG-001,WIRE-008", "negative", 0, s_max_results_malformed,
     JC_OPS("ListJobs", "")},
    {"listjobs.max-results-not-integer", "maxResults 'ten' and 2.5 give InvalidRequestException 400",
     "PG-001,WIRE-008", "negative", 0, s_max_results_not_a_number,
     JC_OPS("ListJobs", "")},
    {"listjobs.bad-next-token", "A nextToken the server never issued gives InvalidRequestException 400", "PG-004",
     "negative", 0, s_bad_token,
     JC_OPS("ListJobs", "")},
    {"listjobs.tampered-next-token", "An issued nextToken with one character changed gives InvalidRequestException "
     "400", "PG-004", "negative", 0, s_tampered_token,
     JC_OPS("ListJobs", "CreateJob,CreateThingGroup")},
    {"listjobs.foreign-next-token", "A ListJobExecutionsForThing token given to ListJobs gives "
     "InvalidRequestException 400", "PG-004", "negative", 0, s_foreign_token,
     JC_OPS("ListJobs", "CreateJob,ListJobExecutionsForThing,CreateThing")},
    {"listjobs.deletion-in-progress-listed", "A job being deleted is listed by status=DELETION_IN_PROGRESS",
     "LJ-003,DL-005", "lifecycle", JC_NEEDS_STILL_CLOCK, s_deletion_in_progress_listed,
     JC_OPS("ListJobs", "CreateJob,DeleteJob,CreateThing")},
    {"listjobs.status-and-target-selection", "status and targetSelection together list only jobs matching both",
     "LJ-003,LJ-004", "", 0, s_status_and_selection,
     JC_OPS("ListJobs", "CancelJob,CreateJob,CreateThing")},
    {"listjobs.group-and-status-pages", "thingGroupName with status, walked one per page, lists exactly the group's "
     "jobs in that status, each once", "LJ-003,LJ-004,PG-003", "", 0, s_group_status_pages,
     JC_OPS("ListJobs", "CancelJob,CreateJob,CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"listjobs.status-scheduled", "status=SCHEDULED lists a job scheduled 40 minutes ahead and status=IN_PROGRESS "
     "does not", "LJ-003,LJ-002", "", 0, s_status_scheduled,
     JC_OPS("ListJobs", "CreateJob,DescribeJob,CreateThing")},
    {"listjobs.deleted-not-listed", "A job whose deletion completed is no longer listed; its sibling still is",
     "LJ-001,DL-003", "lifecycle", 0, s_deleted_not_listed,
     JC_OPS("ListJobs", "CreateJob,DeleteJob,DescribeJob,CreateThing")},
};

JC_SUITE(listjobs, "ListJobs", s_table);
