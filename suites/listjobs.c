/* ListJobs (GET /jobs): summaries, the status / targetSelection /
 * thingGroupName / thingGroupId filters, pagination (maxResults, nextToken)
 * and the errors for bad parameters and tokens. The account may hold other
 * jobs, so every check looks only at jobs this scenario created (by id or
 * by the scenario's own id stem), or lists through a filter that only this
 * scenario's jobs can match (a fresh thing group). */
#include <string.h>

#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(absent)"; }
static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

#define MAX_PAGES 200 /* bound of every walk */

/* The ids seen in a walk, in order (ctx-owned strings). */
typedef struct walk {
    const char *ids[256];
    size_t n;
    size_t pages;
    bool truncated;
} walk;

/* Walks every page of GET /jobs?<filter>&maxResults=<page> (filter may be
 * ""), checking each page's size, handing every item to `each` (may be
 * NULL) and collecting the ids that start with `stem` (NULL: all) into w.
 * Ends the scenario on a non-200. */
static void walk_jobs(jc_ctx *ctx, const char *filter, int page, const char *stem, walk *w,
                      void (*each)(jc_ctx *, const cJSON *, void *), void *arg)
{
    memset(w, 0, sizeof *w);
    const char *token = NULL;
    do {
        const char *q = jc_query(ctx, "maxResults=%d", page);
        if (filter && *filter) q = jc_str(ctx, "%s&%s", filter, q);
        if (token) q = jc_str(ctx, "%s&%s", q, jc_query(ctx, "nextToken=%s", token));
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", q, NULL);
        JC_REQUIRE(ctx, r->status == 200, "ListJobs ?%s: HTTP %d %s (%s), expected 200", q, r->status,
                   str_or(r->error_code), str_or(r->message));
        const cJSON *jobs = jc_json_array(r, "jobs");
        JC_REQUIRE(ctx, jobs != NULL, "ListJobs ?%s: `jobs` is absent or not a list", q);
        JC_CHECK(ctx, cJSON_GetArraySize(jobs) <= page, "ListJobs page of %d items with maxResults=%d",
                 cJSON_GetArraySize(jobs), page);
        const cJSON *it;
        cJSON_ArrayForEach(it, jobs) {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "jobId");
            JC_REQUIRE(ctx, cJSON_IsString(id), "a job summary has no string jobId");
            if (each) each(ctx, it, arg);
            if (stem && strncmp(id->valuestring, stem, strlen(stem)) != 0) continue;
            if (w->n < JC_COUNT(w->ids)) w->ids[w->n++] = jc_str(ctx, "%s", id->valuestring);
            else w->truncated = true;
        }
        const cJSON *nt = jc_json_get(r->json, "nextToken");
        JC_CHECK(ctx, !nt || cJSON_IsString(nt) || cJSON_IsNull(nt), "nextToken is present but not a string");
        token = cJSON_IsString(nt) && nt->valuestring[0] ? jc_str(ctx, "%s", nt->valuestring) : NULL;
        w->pages++;
    } while (token && w->pages < MAX_PAGES);
    JC_REQUIRE(ctx, !token, "ListJobs ?%s still had a nextToken after %d pages", filter, MAX_PAGES);
    JC_REQUIRE(ctx, !w->truncated, "harness: more than %zu matching jobs in one walk", JC_COUNT(w->ids));
}

static size_t count_of(const walk *w, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++) n += strcmp(w->ids[i], id) == 0;
    return n;
}

static const char *new_target(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    return arn;
}

static const char *job_on(jc_ctx *ctx, const char *arn, const char *extra)
{
    const char *targets[] = {arn, NULL};
    return jc_create_job(ctx, NULL, NULL, targets, extra);
}

static void cancel_job(jc_ctx *ctx, const char *id)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", id), NULL, "{}");
    JC_REQUIRE(ctx, r->status == 200, "CancelJob %s: HTTP %d %s, expected 200", id, r->status, str_or(r->error_code));
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
    const char *arn = new_target(ctx);
    const char *stem = jc_name(ctx, "sum");
    const char *a = jc_create_job(ctx, jc_str(ctx, "%s-a", stem), NULL, (const char *[]){arn, NULL}, NULL);
    const char *b = jc_create_job(ctx, jc_str(ctx, "%s-b", stem), NULL, (const char *[]){arn, NULL},
                                  "{\"targetSelection\":\"CONTINUOUS\"}");
    walk w;
    walk_jobs(ctx, "", 250, stem, &w, check_summary, NULL);
    JC_CHECK(ctx, count_of(&w, a) == 1, "job %s appears %zu times across all ListJobs pages, expected once", a,
             count_of(&w, a));
    JC_CHECK(ctx, count_of(&w, b) == 1, "job %s appears %zu times across all ListJobs pages, expected once", b,
             count_of(&w, b));
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
    const char *arn = new_target(ctx);
    const char *stem = jc_name(ctx, "st");
    const char *running = jc_create_job(ctx, jc_str(ctx, "%s-run", stem), NULL, (const char *[]){arn, NULL}, NULL);
    const char *canceled = jc_create_job(ctx, jc_str(ctx, "%s-can", stem), NULL, (const char *[]){arn, NULL}, NULL);
    cancel_job(ctx, canceled);
    walk w;
    field_is f = {"status", "CANCELED"};
    walk_jobs(ctx, "status=CANCELED", 250, stem, &w, check_field, &f);
    JC_CHECK(ctx, count_of(&w, canceled) == 1, "status=CANCELED lists canceled job %s %zu times, expected once",
             canceled, count_of(&w, canceled));
    JC_CHECK(ctx, count_of(&w, running) == 0, "status=CANCELED lists IN_PROGRESS job %s", running);
    f = (field_is){"status", "IN_PROGRESS"};
    walk_jobs(ctx, "status=IN_PROGRESS", 250, stem, &w, check_field, &f);
    JC_CHECK(ctx, count_of(&w, running) == 1, "status=IN_PROGRESS lists job %s %zu times, expected once", running,
             count_of(&w, running));
    JC_CHECK(ctx, count_of(&w, canceled) == 0, "status=IN_PROGRESS lists CANCELED job %s", canceled);
}

static bool job_completed(jc_ctx *ctx, void *arg)
{
    return streq(jc_json_string(jc_describe_job(ctx, (const char *)arg), "job.status"), "COMPLETED");
}

static void s_status_filter_completed(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *id = jc_create_job_on_new_thing(ctx, &thing);
    jc_device_update(ctx, thing, id, "SUCCEEDED", NULL);
    jc_poll(ctx, jc_has_virtual_clock(ctx) ? 500 : 0, 50, job_completed, (void *)id);
    jc_response *d = jc_describe_job(ctx, id);
    const char *st = jc_json_string(d, "job.status");
    if (!streq(st, "COMPLETED")) jc_skip(ctx, "the job is %s, not yet COMPLETED (lifecycle suite checks that)", str_or(st));
    walk w;
    field_is f = {"status", "COMPLETED"};
    walk_jobs(ctx, "status=COMPLETED", 250, id, &w, check_field, &f);
    JC_CHECK(ctx, count_of(&w, id) == 1, "status=COMPLETED lists completed job %s %zu times, expected once", id,
             count_of(&w, id));
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
    const char *arn = new_target(ctx);
    const char *stem = jc_name(ctx, "ts");
    const char *cont = jc_create_job(ctx, jc_str(ctx, "%s-c", stem), NULL, (const char *[]){arn, NULL},
                                     "{\"targetSelection\":\"CONTINUOUS\"}");
    const char *snap = jc_create_job(ctx, jc_str(ctx, "%s-s", stem), NULL, (const char *[]){arn, NULL}, NULL);
    walk w;
    field_is f = {"targetSelection", "CONTINUOUS"};
    walk_jobs(ctx, "targetSelection=CONTINUOUS", 250, stem, &w, check_field, &f);
    JC_CHECK(ctx, count_of(&w, cont) == 1, "targetSelection=CONTINUOUS lists job %s %zu times, expected once", cont,
             count_of(&w, cont));
    JC_CHECK(ctx, count_of(&w, snap) == 0, "targetSelection=CONTINUOUS lists SNAPSHOT job %s", snap);
    f = (field_is){"targetSelection", "SNAPSHOT"};
    walk_jobs(ctx, "targetSelection=SNAPSHOT", 250, stem, &w, check_field, &f);
    JC_CHECK(ctx, count_of(&w, snap) == 1, "targetSelection=SNAPSHOT lists job %s %zu times, expected once", snap,
             count_of(&w, snap));
    JC_CHECK(ctx, count_of(&w, cont) == 0, "targetSelection=SNAPSHOT lists CONTINUOUS job %s", cont);
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

static void expect_exactly(jc_ctx *ctx, const walk *w, const char *filter, const char *id)
{
    JC_CHECK(ctx, w->n == 1 && strcmp(w->ids[0], id) == 0, "ListJobs ?%s lists %zu jobs (first '%s'), expected only %s",
             filter, w->n, w->n ? w->ids[0] : "", id);
}

static void s_group_name_filter(jc_ctx *ctx)
{
    groups g;
    two_groups(ctx, &g);
    const char *filter = jc_query(ctx, "thingGroupName=%s", g.g1);
    walk w;
    walk_jobs(ctx, filter, 250, NULL, &w, NULL, NULL);
    expect_exactly(ctx, &w, filter, g.j1);
}

static void s_group_id_filter(jc_ctx *ctx)
{
    groups g;
    two_groups(ctx, &g);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/thing-groups/%s", g.g1), NULL, NULL);
    const char *gid = r->status == 200 ? jc_json_string(r, "thingGroupId") : NULL;
    if (!gid) jc_skip(ctx, "DescribeThingGroup %s gave no thingGroupId (HTTP %d)", g.g1, r->status);
    const char *filter = jc_query(ctx, "thingGroupId=%s", gid);
    walk w;
    walk_jobs(ctx, filter, 250, NULL, &w, NULL, NULL);
    expect_exactly(ctx, &w, filter, g.j1);
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

static void expect_each_once(jc_ctx *ctx, const walk *w, const char *const *ids, int n, const char *what)
{
    for (int i = 0; i < n; i++) {
        size_t c = count_of(w, ids[i]);
        JC_CHECK(ctx, c == 1, "%s: job %s appears %zu times, expected exactly once", what, ids[i], c);
    }
    JC_CHECK(ctx, w->n == (size_t)n, "%s: %zu items in all, expected %d", what, w->n, n);
}

static void s_walk_group(jc_ctx *ctx)
{
    const char *ids[7];
    const char *g = jobs_on_group(ctx, 7, ids);
    const char *filter = jc_query(ctx, "thingGroupName=%s", g);
    walk w;
    walk_jobs(ctx, filter, 2, NULL, &w, NULL, NULL);
    expect_each_once(ctx, &w, ids, 7, "walk with maxResults=2");
    JC_CHECK(ctx, w.pages == 4, "7 jobs at maxResults=2 took %zu pages, expected 4", w.pages);
}

static void s_walk_one_per_page(jc_ctx *ctx)
{
    const char *ids[3];
    const char *g = jobs_on_group(ctx, 3, ids);
    const char *filter = jc_query(ctx, "thingGroupName=%s", g);
    walk w;
    walk_jobs(ctx, filter, 1, NULL, &w, NULL, NULL);
    expect_each_once(ctx, &w, ids, 3, "walk with maxResults=1");
}

static void s_walk_account(jc_ctx *ctx)
{
    const char *arn = new_target(ctx);
    const char *stem = jc_name(ctx, "all");
    const char *ids[5];
    for (int i = 0; i < 5; i++)
        ids[i] = jc_create_job(ctx, jc_str(ctx, "%s-%d", stem, i), NULL, (const char *[]){arn, NULL}, NULL);
    walk w;
    walk_jobs(ctx, "", 100, jc_str(ctx, "%s-", stem), &w, NULL, NULL);
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

static void s_token_stable(jc_ctx *ctx)
{
    const char *ids[3];
    const char *g = jobs_on_group(ctx, 3, ids);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", jc_query(ctx, "thingGroupName=%s&maxResults=1", g), NULL);
    jc_require_status(ctx, r, 200);
    const char *tok = jc_json_string(r, "nextToken");
    JC_REQUIRE(ctx, tok && *tok, "a first page of 1 out of 3 jobs has no nextToken");
    const char *q = jc_query(ctx, "thingGroupName=%s&maxResults=1&nextToken=%s", g, tok);
    jc_response *p1 = jc_call(ctx, JC_CONTROL, "GET", "/jobs", q, NULL);
    jc_response *p2 = jc_call(ctx, JC_CONTROL, "GET", "/jobs", q, NULL);
    jc_require_status(ctx, p1, 200);
    jc_require_status(ctx, p2, 200);
    const char *a = jc_json_string(p1, "jobs.0.jobId"), *b = jc_json_string(p2, "jobs.0.jobId");
    JC_CHECK(ctx, streq(a, b), "the same nextToken gave page starting '%s' then '%s'", str_or(a), str_or(b));
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
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", jc_query(ctx, "thingGroupName=%s&maxResults=1", g), NULL);
    jc_require_status(ctx, r, 200);
    const char *tok = jc_json_string(r, "nextToken");
    JC_REQUIRE(ctx, tok && *tok, "a first page of 1 out of 2 jobs has no nextToken");
    char *t = (char *)jc_str(ctx, "%s", tok);
    size_t mid = strlen(t) / 2;
    /* change one character to another of the same kind */
    if (t[mid] >= '0' && t[mid] <= '9') t[mid] = t[mid] == '7' ? '2' : '7';
    else if (t[mid] >= 'a' && t[mid] <= 'z') t[mid] = t[mid] == 'q' ? 'c' : 'q';
    else if (t[mid] >= 'A' && t[mid] <= 'Z') t[mid] = t[mid] == 'Q' ? 'C' : 'Q';
    else t[mid] = 'x';
    r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", jc_query(ctx, "thingGroupName=%s&maxResults=1&nextToken=%s", g, t),
                NULL);
    JC_CHECK(ctx, r->status == 400 && streq(r->error_code, "InvalidRequestException"),
             "nextToken '%s' altered to '%s': HTTP %d %s, expected InvalidRequestException 400", tok, t, r->status,
             str_or(r->error_code));
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
    JC_CHECK(ctx, r->status == 400 && streq(r->error_code, "InvalidRequestException"),
             "ListJobs with a ListJobExecutionsForThing token: HTTP %d %s, expected InvalidRequestException 400",
             r->status, str_or(r->error_code));
}

/* ---- DELETION_IN_PROGRESS ---------------------------------------------- */

static void s_deletion_in_progress_listed(jc_ctx *ctx)
{
    const char *id = jc_create_job_on_new_thing(ctx, NULL);
    jc_response *del = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", id), "force=true", NULL);
    JC_REQUIRE(ctx, del->status >= 200 && del->status < 300, "DeleteJob %s force=true: HTTP %d %s, expected 2xx", id,
               del->status, str_or(del->error_code));
    walk w;
    field_is f = {"status", "DELETION_IN_PROGRESS"};
    walk_jobs(ctx, "status=DELETION_IN_PROGRESS", 250, id, &w, check_field, &f);
    if (count_of(&w, id) == 1) return;
    /* a server may complete the deletion at once: then the job is gone */
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    const char *st = d->status == 200 ? jc_json_string(d, "job.status") : NULL;
    JC_CHECK(ctx, d->status == 404, "job %s is %s but status=DELETION_IN_PROGRESS lists it %zu times", id,
             d->status == 200 ? str_or(st) : "(error)", count_of(&w, id));
    jc_note(ctx, "the deletion completed at once: nothing to observe");
}

static const jc_scenario s_table[] = {
    {"listjobs.summary-members", "Every job appears once across ListJobs pages with jobArn, jobId, status, "
     "targetSelection and epoch-second times", "LJ-001,LJ-002,WIRE-009", "smoke", 0, s_summary_members},
    {"listjobs.status-filter", "status=CANCELED and status=IN_PROGRESS list only jobs in that status", "LJ-003",
     "", 0, s_status_filter},
    {"listjobs.status-filter-completed", "status=COMPLETED lists a finished SNAPSHOT job", "LJ-003,LJ-002", "", 0,
     s_status_filter_completed},
    {"listjobs.status-filter-invalid", "status=SUCCEEDED and a lowercase status give InvalidRequestException 400",
     "LJ-003,WIRE-008", "negative", 0, s_status_filter_invalid},
    {"listjobs.target-selection-filter", "targetSelection=CONTINUOUS/SNAPSHOT list only jobs with that selection",
     "LJ-004", "", 0, s_target_selection_filter},
    {"listjobs.target-selection-invalid", "targetSelection outside the enum gives InvalidRequestException 400",
     "WIRE-008", "negative", 0, s_target_selection_invalid},
    {"listjobs.thing-group-name-filter", "thingGroupName lists exactly the jobs that target that group", "LJ-004", "",
     0, s_group_name_filter},
    {"listjobs.thing-group-id-filter", "thingGroupId lists exactly the jobs that target that group", "LJ-004", "", 0,
     s_group_id_filter},
    {"listjobs.thing-group-unknown", "thingGroupName of a group that does not exist lists nothing (or a 4xx)",
     "LJ-004", "negative", 0, s_group_name_unknown},
    {"listjobs.pagination-walk", "7 jobs at maxResults=2: 4 pages, every job exactly once", "PG-001,PG-002,PG-003",
     "", 0, s_walk_group},
    {"listjobs.pagination-one-per-page", "maxResults=1 walks every job exactly once", "PG-001,PG-003", "limits", 0,
     s_walk_one_per_page},
    {"listjobs.pagination-account-walk", "An unfiltered walk lists each of this scenario's jobs exactly once",
     "LJ-001,PG-003", "", 0, s_walk_account},
    {"listjobs.last-page-no-token", "nextToken is present while items remain and absent on the last page", "PG-002",
     "", 0, s_last_page_no_token},
    {"listjobs.token-stable", "Repeating a request with the same nextToken returns the same page", "PG-005", "", 0,
     s_token_stable},
    {"listjobs.max-results-1-250", "maxResults 1 and 250 are accepted and bound the page", "PG-001", "limits", 0,
     s_max_results_bounds},
    {"listjobs.max-results-0-251", "maxResults 0 and 251 give InvalidRequestException 400", "PG-001,WIRE-008",
     "limits,negative", 0, s_max_results_out_of_range},
    {"listjobs.max-results-not-integer", "maxResults 'ten' and 2.5 give InvalidRequestException 400",
     "PG-001,WIRE-008", "negative", 0, s_max_results_not_a_number},
    {"listjobs.bad-next-token", "A nextToken the server never issued gives InvalidRequestException 400", "PG-004",
     "negative", 0, s_bad_token},
    {"listjobs.tampered-next-token", "An issued nextToken with one character changed gives InvalidRequestException "
     "400", "PG-004", "negative", 0, s_tampered_token},
    {"listjobs.foreign-next-token", "A ListJobExecutionsForThing token given to ListJobs gives "
     "InvalidRequestException 400", "PG-004", "negative", 0, s_foreign_token},
    {"listjobs.deletion-in-progress-listed", "A job being deleted is listed by status=DELETION_IN_PROGRESS",
     "LJ-003,DL-005", "lifecycle", JC_NEEDS_STILL_CLOCK, s_deletion_in_progress_listed},
};

JC_SUITE(listjobs, "ListJobs", s_table);
