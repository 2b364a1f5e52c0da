/* ListJobs (GET /jobs), complementing suites/listjobs.c (which covers the
 * summaries, each filter alone, unfiltered and group walks, maxResults
 * 0/1/250/251 and non-integers, bad/tampered/foreign tokens and
 * DELETION_IN_PROGRESS): here filters combined (status with
 * targetSelection, status with thingGroupName across pages), the SCHEDULED
 * status filter, maxResults that a lax integer parser lets through
 * (negative, wrapping, trailing text, overflow), the thingGroupName and
 * thingGroupId constraints on both sides, a COMPLETED summary, and a job
 * whose deletion completed no longer listed.
 *
 * The account may hold other jobs: every check looks only at jobs this
 * scenario created (ids under its own stem) or lists through a fresh group. */
#include <string.h>
#include <time.h>

#include "jc_scenario.h"

static const char *str_or(const char *s) { return s ? s : "(absent)"; }
static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

#define MAX_PAGES 200 /* bound of every walk */
#define MAX_IDS 64

/* The matching ids seen in a walk, in order (ctx-owned), and the status and
 * targetSelection each was listed with. */
typedef struct walk {
    const char *ids[MAX_IDS];
    const char *status[MAX_IDS];
    const char *selection[MAX_IDS];
    const cJSON *item[MAX_IDS];
    size_t n;
} walk;

/* Walks GET /jobs?<filter>&maxResults=<page> page by page (filter may be
 * ""), keeping the items whose jobId starts with `stem` (NULL: all). Ends the
 * scenario on a non-200, on a page larger than maxResults, on a kept job
 * listed a second time, or on a walk that does not end. */
static void walk_jobs(jc_ctx *ctx, const char *filter, int page, const char *stem, walk *w)
{
    memset(w, 0, sizeof *w);
    const char *token = NULL;
    size_t pages = 0;
    do {
        const char *q = jc_query(ctx, "maxResults=%d", page);
        if (filter && *filter) q = jc_str(ctx, "%s&%s", filter, q);
        if (token) q = jc_str(ctx, "%s&%s", q, jc_query(ctx, "nextToken=%s", token));
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", q, NULL);
        JC_REQUIRE(ctx, r->status == 200, "ListJobs ?%s: HTTP %d %s (%s), expected 200", q, r->status,
                   str_or(r->error_code), str_or(r->message));
        const cJSON *jobs = jc_json_array(r, "jobs");
        JC_REQUIRE(ctx, jobs != NULL, "ListJobs ?%s: `jobs` is absent or not a list", q);
        JC_REQUIRE(ctx, cJSON_GetArraySize(jobs) <= page, "ListJobs ?%s: a page of %d items", q,
                   cJSON_GetArraySize(jobs));
        const cJSON *it;
        cJSON_ArrayForEach(it, jobs) {
            const char *id = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it, "jobId"))
                                 ? cJSON_GetObjectItemCaseSensitive(it, "jobId")->valuestring
                                 : NULL;
            JC_REQUIRE(ctx, id != NULL, "ListJobs ?%s: a summary has no string jobId", q);
            if (stem && strncmp(id, stem, strlen(stem)) != 0) continue;
            for (size_t i = 0; i < w->n; i++)
                JC_REQUIRE(ctx, strcmp(w->ids[i], id) != 0,
                           "ListJobs ?%s: job %s, already listed on an earlier page, is listed again on page %zu", q,
                           id, pages + 1);
            JC_REQUIRE(ctx, w->n < MAX_IDS, "harness: more than %d matching jobs in one walk", MAX_IDS);
            const cJSON *st = cJSON_GetObjectItemCaseSensitive(it, "status");
            const cJSON *ts = cJSON_GetObjectItemCaseSensitive(it, "targetSelection");
            w->ids[w->n] = jc_str(ctx, "%s", id);
            w->status[w->n] = cJSON_IsString(st) ? jc_str(ctx, "%s", st->valuestring) : NULL;
            w->selection[w->n] = cJSON_IsString(ts) ? jc_str(ctx, "%s", ts->valuestring) : NULL;
            w->item[w->n] = it; /* owned by r, which the ctx keeps */
            w->n++;
        }
        const char *nt = jc_json_string(r, "nextToken");
        token = nt && *nt ? jc_str(ctx, "%s", nt) : NULL;
        pages++;
    } while (token && pages < MAX_PAGES);
    JC_REQUIRE(ctx, !token, "ListJobs ?%s still had a nextToken after %d pages", filter, MAX_PAGES);
}

static size_t count_of(const walk *w, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++) n += strcmp(w->ids[i], id) == 0;
    return n;
}

/* The walk lists exactly `want` (NULL-terminated), each once. */
static void expect_exactly(jc_ctx *ctx, const walk *w, const char *const *want, const char *what)
{
    size_t n = 0;
    for (; want[n]; n++) {
        size_t c = count_of(w, want[n]);
        JC_CHECK(ctx, c == 1, "%s: job %s is listed %zu times, expected once", what, want[n], c);
    }
    for (size_t i = 0; i < w->n; i++) {
        bool wanted = false;
        for (size_t k = 0; k < n; k++) wanted = wanted || strcmp(w->ids[i], want[k]) == 0;
        JC_CHECK(ctx, wanted, "%s: job %s (status %s, targetSelection %s) is listed but does not match", what,
                 w->ids[i], str_or(w->status[i]), str_or(w->selection[i]));
    }
}

static void cancel_job(jc_ctx *ctx, const char *id)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", id), NULL, "{}");
    JC_REQUIRE(ctx, r->status >= 200 && r->status < 300, "CancelJob %s: HTTP %d %s, expected 2xx", id, r->status,
               str_or(r->error_code));
}

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
    cancel_job(ctx, snap_can);
    cancel_job(ctx, cont_can);
    walk w;
    walk_jobs(ctx, "status=CANCELED&targetSelection=CONTINUOUS", 250, stem, &w);
    expect_exactly(ctx, &w, (const char *[]){cont_can, NULL}, "status=CANCELED&targetSelection=CONTINUOUS");
    walk_jobs(ctx, "status=IN_PROGRESS&targetSelection=SNAPSHOT", 250, stem, &w);
    expect_exactly(ctx, &w, (const char *[]){snap_run, NULL}, "status=IN_PROGRESS&targetSelection=SNAPSHOT");
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
    cancel_job(ctx, ids[1]);
    cancel_job(ctx, ids[4]);
    walk w;
    const char *f = jc_query(ctx, "thingGroupName=%s&status=IN_PROGRESS", g);
    walk_jobs(ctx, f, 1, NULL, &w);
    expect_exactly(ctx, &w, (const char *[]){ids[0], ids[2], ids[3], ids[5], NULL},
                   "thingGroupName + status=IN_PROGRESS walked at maxResults=1");
    f = jc_query(ctx, "thingGroupName=%s&status=CANCELED", g);
    walk_jobs(ctx, f, 1, NULL, &w);
    expect_exactly(ctx, &w, (const char *[]){ids[1], ids[4], NULL},
                   "thingGroupName + status=CANCELED walked at maxResults=1");
}

/* ---- SCHEDULED --------------------------------------------------------- */

/* "YYYY-MM-DDTHH:MM" (UTC) of an epoch-seconds time. */
static const char *iso_minute(jc_ctx *ctx, long long secs)
{
    time_t tt = (time_t)secs;
    struct tm tm;
    char buf[32];
    if (!gmtime_r(&tt, &tm) || strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M", &tm) == 0)
        jc_error(ctx, "cannot format time %lld", secs);
    return jc_str(ctx, "%s", buf);
}

static void s_status_scheduled(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    const char *stem = jc_name(ctx, "sch");
    const char *running = jc_create_job(ctx, jc_str(ctx, "%s-run", stem), NULL, targets, NULL);
    double now = 0;
    JC_REQUIRE(ctx, jc_json_number(jc_describe_job(ctx, running), "job.createdAt", &now),
               "DescribeJob %s has no numeric createdAt", running);
    long long start = ((long long)now / 60 + 41) * 60; /* a whole minute 40 to 41 minutes ahead */
    const char *sched = jc_create_job(ctx, jc_str(ctx, "%s-sch", stem), NULL, targets,
                                      jc_str(ctx, "{\"schedulingConfig\":{\"startTime\":\"%s\"}}",
                                             iso_minute(ctx, start)));
    const char *st = jc_json_string(jc_describe_job(ctx, sched), "job.status");
    JC_REQUIRE(ctx, streq(st, "SCHEDULED"), "a job with startTime 40 minutes ahead is '%s', expected SCHEDULED",
               str_or(st));
    walk w;
    walk_jobs(ctx, "status=SCHEDULED", 250, stem, &w);
    expect_exactly(ctx, &w, (const char *[]){sched, NULL}, "status=SCHEDULED");
    for (size_t i = 0; i < w.n; i++)
        JC_CHECK(ctx, streq(w.status[i], "SCHEDULED"), "status=SCHEDULED lists %s with status '%s'", w.ids[i],
                 str_or(w.status[i]));
    walk_jobs(ctx, "status=IN_PROGRESS", 250, stem, &w);
    expect_exactly(ctx, &w, (const char *[]){running, NULL}, "status=IN_PROGRESS");
}

/* ---- maxResults a lax parser lets through ------------------------------ */

static void s_max_results_out_of_range_lax(jc_ctx *ctx)
{
    /* -1 is below 1; 4294967297 is 2^32 + 1 (1 once truncated to 32 bits) */
    static const char *const bad[] = {"maxResults=-1", "maxResults=4294967297"};
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", bad[i], NULL);
        JC_CHECK(ctx, r->status == 400 && streq(r->error_code, "InvalidRequestException"),
                 "ListJobs ?%s: HTTP %d %s, expected InvalidRequestException 400", bad[i], r->status,
                 str_or(r->error_code));
    }
}

static void s_max_results_malformed(jc_ctx *ctx)
{
    /* trailing text after digits; a value past every integer type */
    static const char *const bad[] = {"maxResults=5abc", "maxResults=99999999999999999999"};
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", bad[i], NULL);
        JC_CHECK(ctx, r->status == 400 && streq(r->error_code, "InvalidRequestException"),
                 "ListJobs ?%s: HTTP %d %s, expected InvalidRequestException 400", bad[i], r->status,
                 str_or(r->error_code));
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
    JC_CHECK(ctx, r->status == 404 && streq(r->error_code, "ResourceNotFoundException"),
             "%s (valid, names no group): HTTP %d %s, expected 200 with no jobs or ResourceNotFoundException 404",
             what, r->status, str_or(r->error_code));
}

static void expect_invalid(jc_ctx *ctx, const char *query, const char *what)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", query, NULL);
    JC_CHECK(ctx, r->status == 400 && streq(r->error_code, "InvalidRequestException"),
             "%s: HTTP %d %s, expected InvalidRequestException 400", what, r->status, str_or(r->error_code));
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
    expect_invalid(ctx, jc_query(ctx, "thingGroupName=%s", padded(ctx, base, 129)),
                   "thingGroupName of 129 characters");
    expect_invalid(ctx, jc_query(ctx, "thingGroupName=%s", jc_str(ctx, "%s.x", base)),
                   "thingGroupName holding '.' (outside [a-zA-Z0-9:_-])");
}

static void s_group_id_limits(jc_ctx *ctx)
{
    /* thingGroupId: 1..128 characters of [a-zA-Z0-9-] (no '_') */
    const char *base = "0f2c4e6a-jobsconf-";
    expect_valid_unknown_group(ctx, jc_query(ctx, "thingGroupId=%s", padded(ctx, base, 128)),
                               "thingGroupId of 128 characters");
    expect_invalid(ctx, jc_query(ctx, "thingGroupId=%s", padded(ctx, base, 129)), "thingGroupId of 129 characters");
    expect_invalid(ctx, "thingGroupId=0f2c4e6a_jobsconf", "thingGroupId holding '_' (outside [a-zA-Z0-9-])");
}

/* ---- summaries --------------------------------------------------------- */

static bool job_completed(jc_ctx *ctx, void *arg)
{
    return streq(jc_json_string(jc_describe_job(ctx, (const char *)arg), "job.status"), "COMPLETED");
}

static void s_completed_summary(jc_ctx *ctx)
{
    const char *thing = NULL;
    const char *id = jc_create_job_on_new_thing(ctx, &thing);
    jc_device_update(ctx, thing, id, "SUCCEEDED", NULL);
    JC_REQUIRE(ctx, jc_poll(ctx, jc_has_virtual_clock(ctx) ? 500 : 0, 50, job_completed, (void *)id),
               "job %s is not COMPLETED after its only execution SUCCEEDED", id);
    walk w;
    walk_jobs(ctx, "", 250, id, &w);
    size_t k = w.n;
    for (size_t i = 0; i < w.n; i++)
        if (strcmp(w.ids[i], id) == 0) k = i;
    JC_REQUIRE(ctx, k < w.n && count_of(&w, id) == 1, "job %s is listed %zu times, expected once", id,
               count_of(&w, id));
    JC_CHECK(ctx, streq(w.status[k], "COMPLETED"), "the summary of job %s has status '%s', expected COMPLETED", id,
             str_or(w.status[k]));
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

static bool job_is_gone(jc_ctx *ctx, void *arg)
{
    if (jc_has_virtual_clock(ctx)) jc_advance(ctx, 1000);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", (const char *)arg), NULL, NULL);
    return r->status == 404;
}

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
               gone, del->status, str_or(del->error_code));
    JC_REQUIRE(ctx, jc_poll(ctx, 0, 200, job_is_gone, (void *)gone), "job %s still described after the poll deadline",
               gone);
    walk w;
    walk_jobs(ctx, "", 250, stem, &w);
    expect_exactly(ctx, &w, (const char *[]){kept, NULL}, "unfiltered ListJobs after the deletion completed");
}

static const jc_scenario s_table[] = {
    {"listing.status-and-target-selection", "status and targetSelection together list only jobs matching both",
     "LJ-003,LJ-004", "", 0, s_status_and_selection},
    {"listing.group-and-status-pages", "thingGroupName with status, walked one per page, lists exactly the group's "
     "jobs in that status, each once", "LJ-003,LJ-004,PG-003", "", 0, s_group_status_pages},
    {"listing.status-scheduled", "status=SCHEDULED lists a job scheduled 40 minutes ahead and status=IN_PROGRESS "
     "does not", "LJ-003,LJ-002", "", 0, s_status_scheduled},
    {"listing.max-results-negative-or-wrapping", "maxResults -1 and 4294967297 give InvalidRequestException 400",
     "PG-001,WIRE-008", "limits,negative", 0, s_max_results_out_of_range_lax},
    {"listing.max-results-malformed", "maxResults '5abc' and 99999999999999999999 give InvalidRequestException 400",
     "PG-001,WIRE-008", "negative", 0, s_max_results_malformed},
    {"listing.thing-group-name-limits", "thingGroupName of 128 characters is valid; 129 characters or a '.' give "
     "InvalidRequestException 400", "WIRE-008,LJ-004", "limits,negative", 0, s_group_name_limits},
    {"listing.thing-group-id-limits", "thingGroupId of 128 characters is valid; 129 characters or a '_' give "
     "InvalidRequestException 400", "WIRE-008", "limits,negative", 0, s_group_id_limits},
    {"listing.completed-summary", "A finished SNAPSHOT job is listed as COMPLETED with completedAt in epoch seconds",
     "LJ-002,WIRE-009,LC-003", "lifecycle", 0, s_completed_summary},
    {"listing.deleted-not-listed", "A job whose deletion completed is no longer listed; its sibling still is",
     "LJ-001,DL-003", "lifecycle", 0, s_deleted_not_listed},
};

JC_SUITE(listing, "ListJobs", s_table);
