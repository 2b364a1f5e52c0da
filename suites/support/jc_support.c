/* Helpers shared by the suite files: see jc_support.h. */
#include "jc_support.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- strings and JSON -------------------------------------------------- */

const char *jc_str_or(const char *s) { return s ? s : "(absent)"; }

bool jc_streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

bool jc_is_2xx(const jc_response *r) { return r && r->status >= 200 && r->status < 300; }

const char *jc_repeat_text(jc_ctx *ctx, const char *ch, size_t n)
{
    size_t k = strlen(ch);
    char *s = malloc(n * k + 1);
    if (!s) jc_error(ctx, "harness: out of memory");
    for (size_t i = 0; i < n; i++) memcpy(s + i * k, ch, k);
    s[n * k] = '\0';
    const char *out = jc_str(ctx, "%s", s);
    free(s);
    return out;
}

bool jc_in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; s && list[i]; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

bool jc_json_holds(const cJSON *want, const cJSON *got)
{
    if (!want || !got) return false;
    if (cJSON_IsObject(want)) {
        if (!cJSON_IsObject(got)) return false;
        for (const cJSON *w = want->child; w; w = w->next)
            if (!jc_json_holds(w, cJSON_GetObjectItemCaseSensitive(got, w->string))) return false;
        return true;
    }
    if (cJSON_IsArray(want)) {
        if (!cJSON_IsArray(got) || cJSON_GetArraySize(want) != cJSON_GetArraySize(got)) return false;
        const cJSON *g = got->child;
        for (const cJSON *w = want->child; w; w = w->next, g = g->next)
            if (!jc_json_holds(w, g)) return false;
        return true;
    }
    if (cJSON_IsNumber(want)) {
        if (!cJSON_IsNumber(got)) return false;
        double d = want->valuedouble - got->valuedouble;
        return d < 1e-9 && d > -1e-9;
    }
    return cJSON_Compare(want, got, true);
}

const char *jc_json_text(jc_ctx *ctx, const cJSON *v)
{
    if (!v) return "(absent)";
    char *t = cJSON_PrintUnformatted(v);
    const char *s = jc_str(ctx, "%s", t ? t : "?");
    free(t);
    return s;
}

const char *jc_member_text(jc_ctx *ctx, const jc_response *r, const char *path)
{
    return jc_json_text(ctx, r ? jc_json_get(r->json, path) : NULL);
}

const char *jc_header(jc_ctx *ctx, const jc_response *r, const char *name)
{
    char buf[1024];
    if (!r->headers) return NULL;
    const char *v = jc_header_find(r->headers, strlen(r->headers), name, buf, sizeof buf);
    return v ? jc_str(ctx, "%s", v) : NULL;
}

/* ---- applied / refused ------------------------------------------------- */

bool jc_expect_applied(jc_ctx *ctx, const jc_response *r, int status, const jc_response *after,
                       const char *object, const char *members, const char *what)
{
    if (!JC_CHECK(ctx, r->status == status, "%s: HTTP %d %s (%s), expected %d", what, r->status,
                  jc_str_or(r->error_code), jc_str_or(r->message), status))
        return false;
    cJSON *want = cJSON_Parse(jc_str(ctx, "{%s}", members));
    if (!want) jc_error(ctx, "harness: members {%s} are not JSON", members);
    const cJSON *obj = object ? jc_json_object(after, object) : (after ? after->json : NULL);
    bool ok = true;
    for (const cJSON *w = want->child; w; w = w->next) {
        const cJSON *got = obj ? cJSON_GetObjectItemCaseSensitive(obj, w->string) : NULL;
        ok &= JC_CHECK(ctx, jc_json_holds(w, got), "%s: then %s.%s is %.300s, expected it to hold %.300s", what,
                       object ? object : "(body)", w->string, jc_json_text(ctx, got), jc_json_text(ctx, w));
    }
    cJSON_Delete(want);
    return ok;
}

bool jc_expect_unchanged(jc_ctx *ctx, const jc_response *before, const jc_response *after,
                         const char *const *paths, const char *what)
{
    bool ok = true;
    for (size_t i = 0; paths[i]; i++) {
        const char *b = jc_member_text(ctx, before, paths[i]);
        const char *a = jc_member_text(ctx, after, paths[i]);
        ok &= JC_CHECK(ctx, strcmp(a, b) == 0, "%s changed %s from %.300s to %.300s", what, paths[i], b, a);
    }
    return ok;
}

bool jc_expect_refused_unchanged(jc_ctx *ctx, const jc_response *r, const char *code, int status,
                                 const jc_response *before, const jc_response *after,
                                 const char *const *paths, const char *what)
{
    bool ok = JC_CHECK(ctx, r->status == status && jc_streq(r->error_code, code),
                       "%s: HTTP %d %s (%s), expected %s %d", what, r->status, jc_str_or(r->error_code),
                       jc_str_or(r->message), code, status);
    return jc_expect_unchanged(ctx, before, after, paths, jc_str(ctx, "the refused %s", what)) && ok;
}

bool jc_expect_no_job(jc_ctx *ctx, const char *id, const char *after)
{
    jc_response *d = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    /* "no such job" is the error type; its status is checked by the unknown-job scenarios */
    return JC_CHECK(ctx, !jc_is_2xx(d) && (d->status == 404 || jc_streq(d->error_code, "ResourceNotFoundException")),
                    "after %s, DescribeJob %s gives HTTP %d %s, expected ResourceNotFoundException (no job created)",
                    after, id, d->status, jc_str_or(d->error_code));
}

const char *const jc_job_config_paths[] = {"job.description",         "job.presignedUrlConfig",
                                           "job.jobExecutionsRolloutConfig", "job.abortConfig",
                                           "job.timeoutConfig",       "job.jobExecutionsRetryConfig",
                                           NULL};

/* ---- configuration members ------------------------------------------- */

const char *jc_cfg_exponential_rate(jc_ctx *ctx, const char *base, const char *factor, const char *criteria)
{
    return jc_str(ctx,
                  "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":%s,"
                  "\"incrementFactor\":%s%s%s}}",
                  base, factor, criteria ? ",\"rateIncreaseCriteria\":" : "", criteria ? criteria : "");
}

const char *jc_cfg_abort(jc_ctx *ctx, const char *failure, const char *action, const char *pct, const char *min)
{
    return jc_str(ctx,
                  "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"%s\",\"action\":\"%s\","
                  "\"thresholdPercentage\":%s,\"minNumberOfExecutedThings\":%s}]}",
                  failure, action, pct, min);
}

const char *jc_cfg_retry(jc_ctx *ctx, const char *failure, int retries)
{
    return jc_str(ctx,
                  "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"%s\",\"numberOfRetries\":%d}]}",
                  failure, retries);
}

/* ---- fixtures ---------------------------------------------------------- */

const char *jc_job_on_things(jc_ctx *ctx, size_t n, const char **things, const char *extra)
{
    if (n > JC_MAX_THINGS) jc_error(ctx, "harness: a job on %zu things, at most %d", n, JC_MAX_THINGS);
    const char *arns[JC_MAX_THINGS + 1];
    for (size_t i = 0; i < n; i++) things[i] = jc_create_thing(ctx, "t", &arns[i]);
    arns[n] = NULL;
    return jc_create_job(ctx, NULL, NULL, arns, extra);
}

const char *jc_job_with(jc_ctx *ctx, const char *extra, const char **thing)
{
    const char *arn = NULL;
    const char *t = jc_create_thing(ctx, "t", &arn);
    if (thing) *thing = t;
    const char *targets[] = {arn, NULL};
    return jc_create_job(ctx, NULL, NULL, targets, extra);
}

const char *jc_new_target(jc_ctx *ctx)
{
    const char *arn = NULL;
    jc_create_thing(ctx, "t", &arn);
    return arn;
}

jc_response *jc_create_job_with(jc_ctx *ctx, const char *id, const char *arn, const char *members)
{
    const char *body = jc_str(ctx, "{\"targets\":[\"%s\"],\"document\":\"{}\",%s}", arn, members);
    return jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", id), NULL, body);
}

const char *jc_continuous_on_group(jc_ctx *ctx, size_t n, const char **things, const char **group)
{
    if (n > JC_MAX_THINGS) jc_error(ctx, "harness: a group of %zu things, at most %d", n, JC_MAX_THINGS);
    const char *garn = NULL;
    *group = jc_create_group(ctx, "g", &garn);
    for (size_t i = 0; i < n; i++) {
        things[i] = jc_create_thing(ctx, "t", NULL);
        jc_add_thing_to_group(ctx, *group, things[i]);
    }
    const char *targets[] = {garn, NULL};
    return jc_create_job(ctx, NULL, NULL, targets, "{\"targetSelection\":\"CONTINUOUS\"}");
}

const char *jc_thing_with_jobs(jc_ctx *ctx, size_t n, const char **jobs)
{
    const char *arn = NULL;
    const char *thing = jc_create_thing(ctx, "t", &arn);
    const char *targets[] = {arn, NULL};
    for (size_t i = 0; i < n; i++) jobs[i] = jc_create_job(ctx, NULL, NULL, targets, NULL);
    return thing;
}

void jc_remove_from_group(jc_ctx *ctx, const char *group, const char *thing)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", "/thing-groups/removeThingFromThingGroup", NULL,
                             jc_str(ctx, "{\"thingGroupName\":\"%s\",\"thingName\":\"%s\"}", group, thing));
    JC_REQUIRE(ctx, r->status == 200, "RemoveThingFromThingGroup %s from %s: HTTP %d %s", thing, group, r->status,
               jc_str_or(r->error_code));
}

void jc_cancel_job_ok(jc_ctx *ctx, const char *job)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s/cancel", job), NULL, "{}");
    JC_REQUIRE(ctx, r->status == 200, "CancelJob %s: HTTP %d %s, expected 200", job, r->status,
               jc_str_or(r->error_code));
}

/* ---- jobs and executions ----------------------------------------------- */

jc_response *jc_describe_execution(jc_ctx *ctx, const char *thing, const char *job, const char *query)
{
    return jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs/%s", thing, job), query, NULL);
}

jc_response *jc_require_execution(jc_ctx *ctx, const char *thing, const char *job)
{
    jc_response *r = jc_describe_execution(ctx, thing, job, NULL);
    JC_REQUIRE(ctx, r->status == 200, "DescribeJobExecution %s/%s: HTTP %d %s, expected 200", thing, job, r->status,
               jc_str_or(r->error_code));
    jc_expect_status(ctx, r, 200); /* ERROR on a body that is not JSON */
    return r;
}

const char *jc_execution_status(jc_ctx *ctx, const char *thing, const char *job)
{
    jc_response *r = jc_describe_execution(ctx, thing, job, NULL);
    if (r->status == 404) return NULL;
    JC_REQUIRE(ctx, r->status == 200, "DescribeJobExecution %s/%s: HTTP %d %s, expected 200 or 404", thing, job,
               r->status, jc_str_or(r->error_code));
    return jc_json_string(r, "execution.status");
}

typedef struct exec_wait {
    const char *thing, *job, *want, *seen;
} exec_wait;

static bool exec_reached(jc_ctx *ctx, void *arg)
{
    exec_wait *w = arg;
    w->seen = jc_execution_status(ctx, w->thing, w->job);
    return jc_streq(w->seen, w->want);
}

/* A read after a change: polled until it shows `want` (jc_support.h). */
bool jc_expect_execution_status(jc_ctx *ctx, const char *thing, const char *job, const char *want)
{
    exec_wait w = {thing, job, want, NULL};
    jc_poll(ctx, 0, 50, exec_reached, &w);
    return JC_CHECK(ctx, jc_streq(w.seen, want), "execution of job %s on %s is %s, expected %s", job, thing,
                    jc_str_or(w.seen), want);
}

bool jc_wait_execution_status(jc_ctx *ctx, const char *thing, const char *job, const char *want)
{
    exec_wait w = {thing, job, want, NULL};
    return jc_poll(ctx, 0, 50, exec_reached, &w);
}

bool jc_expect_execution_becomes(jc_ctx *ctx, const char *thing, const char *job, const char *want,
                                 long deadline_ms, const char *when)
{
    exec_wait w = {thing, job, want, NULL};
    bool ok = jc_poll(ctx, deadline_ms, 50, exec_reached, &w);
    return JC_CHECK(ctx, ok, "execution of job %s on %s is %s %s, expected %s", job, thing, jc_str_or(w.seen),
                    when ? when : "", want);
}

long jc_settle_ms(jc_ctx *ctx)
{
    (void)ctx;
    return 0;
}

jc_response *jc_cancel_execution(jc_ctx *ctx, const char *thing, const char *job, const char *query,
                                 const char *body)
{
    return jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/things/%s/jobs/%s/cancel", thing, job), query,
                   body ? body : "{}");
}

void jc_drive(jc_ctx *ctx, const char *thing, const char *job, const char *status)
{
    if (jc_streq(status, "QUEUED")) return;
    if (jc_streq(status, "CANCELED")) {
        jc_response *r = jc_cancel_execution(ctx, thing, job, NULL, NULL);
        JC_REQUIRE(ctx, jc_is_2xx(r), "CancelJobExecution %s/%s: HTTP %d %s %s, expected 2xx", thing, job,
                   r->status, jc_str_or(r->error_code), jc_str_or(r->message));
        return;
    }
    if (!jc_streq(status, "REJECTED")) jc_device_update(ctx, thing, job, "IN_PROGRESS", NULL);
    if (!jc_streq(status, "IN_PROGRESS")) jc_device_update(ctx, thing, job, status, NULL);
}

bool jc_expect_refused_or_accepted(jc_ctx *ctx, const jc_response *r, const char *id, const char *what)
{
    if (jc_is_2xx(r)) {
        jc_note(ctx, "%s was accepted (a server may accept it)", what);
        JC_CHECK(ctx, true, "accepted");
        return true;
    }
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_expect_no_job(ctx, id, what);
    return false;
}

const char *jc_finish_execution(jc_ctx *ctx, const char *thing, const char *job, const char *status)
{
    if (!jc_has_data_plane(ctx)) status = "CANCELED";
    jc_drive(ctx, thing, job, status);
    return status;
}

const char *jc_job_status(jc_ctx *ctx, const char *job)
{
    return jc_json_string(jc_describe_job(ctx, job), "job.status");
}

typedef struct job_wait {
    const char *job, *want, *seen;
} job_wait;

/* Not jc_job_status: a 404 while a new job is not yet visible is "not yet". */
static bool job_reached(jc_ctx *ctx, void *arg)
{
    job_wait *w = arg;
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", w->job), NULL, NULL);
    w->seen = r->status == 200 ? jc_json_string(r, "job.status") : NULL;
    return jc_streq(w->seen, w->want);
}

/* A read after a change: polled until it shows `want` (jc_support.h). */
bool jc_expect_job_status(jc_ctx *ctx, const char *job, const char *want)
{
    job_wait w = {job, want, NULL};
    jc_poll(ctx, 0, 50, job_reached, &w);
    return JC_CHECK(ctx, jc_streq(w.seen, want), "job %s status is %s, expected %s", job, jc_str_or(w.seen), want);
}

bool jc_wait_job_status(jc_ctx *ctx, const char *job, const char *want, long deadline_ms)
{
    job_wait w = {job, want, NULL};
    return jc_poll(ctx, deadline_ms, 50, job_reached, &w);
}

bool jc_job_gone(jc_ctx *ctx, const char *job)
{
    if (jc_has_virtual_clock(ctx)) jc_advance(ctx, 1000);
    return jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", job), NULL, NULL)->status == 404;
}

static bool job_gone_pred(jc_ctx *ctx, void *arg) { return jc_job_gone(ctx, arg); }

void jc_wait_job_gone(jc_ctx *ctx, const char *job)
{
    JC_REQUIRE(ctx, jc_poll(ctx, 0, 200, job_gone_pred, (void *)job),
               "job %s still described after the poll deadline (deletion never completed)", job);
}

/* ---- time -------------------------------------------------------------- */

long long jc_endpoint_now(jc_ctx *ctx, const char *job)
{
    if (!job) job = jc_create_job_on_new_thing(ctx, NULL);
    double t = 0;
    JC_REQUIRE(ctx, jc_json_number(jc_describe_job(ctx, job), "job.createdAt", &t),
               "DescribeJob %s has no numeric createdAt", job);
    return (long long)t;
}

const char *jc_iso_minute(jc_ctx *ctx, long long secs)
{
    time_t tt = (time_t)secs;
    struct tm tm;
    char buf[32];
    if (!gmtime_r(&tt, &tm) || strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M", &tm) == 0)
        jc_error(ctx, "cannot format time %lld", secs);
    return jc_str(ctx, "%s", buf);
}

/* ---- list walking ------------------------------------------------------ */

void jc_list_walk(jc_ctx *ctx, const jc_list_spec *spec, jc_walk *w)
{
    memset(w, 0, sizeof *w);
    int max_pages = spec->max_pages > 0 ? spec->max_pages : 200;
    const char *token = NULL;
    bool page_size_reported = false;
    do {
        const char *q = spec->max_results > 0 ? jc_query(ctx, "maxResults=%d", spec->max_results) : "";
        if (spec->filter && *spec->filter) q = jc_str(ctx, "%s%s%s", spec->filter, *q ? "&" : "", q);
        if (token) q = jc_str(ctx, "%s%s%s", q, *q ? "&" : "", jc_query(ctx, "nextToken=%s", token));
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", spec->path, *q ? q : NULL, NULL);
        if (r->status != 200) jc_block_if_setup_refused(ctx, r, 200); /* a walk for a cross-check */
        JC_REQUIRE(ctx, r->status == 200, "GET %s?%s: HTTP %d %s (%s), expected 200", spec->path, q, r->status,
                   jc_str_or(r->error_code), jc_str_or(r->message));
        jc_expect_status(ctx, r, 200); /* ERROR on a body that is not JSON */
        const cJSON *items = jc_json_array(r, spec->array);
        JC_REQUIRE(ctx, items != NULL, "GET %s?%s: `%s` is absent or not a list", spec->path, q, spec->array);
        int count = cJSON_GetArraySize(items);
        /* A page over maxResults breaks PG-001, not the rule the walk serves:
           reported once per walk, against PG-001 when the scenario is about
           it, else as a note; the walk goes on. */
        if (spec->max_results > 0 && count > spec->max_results && !page_size_reported) {
            page_size_reported = true;
            if (jc_names_requirement(ctx, "PG-001"))
                JC_CHECK_REQ(ctx, "PG-001", false, "GET %s?%s: a page of %d items with maxResults=%d", spec->path, q,
                             count, spec->max_results);
            else
                jc_note(ctx, "GET %s?%s: a page of %d items with maxResults=%d (a PG-001 failure, judged by the "
                             "paging scenarios)", spec->path, q, count, spec->max_results);
        }
        const cJSON *it;
        cJSON_ArrayForEach(it, items) {
            const cJSON *k = jc_json_get(it, spec->key);
            JC_REQUIRE(ctx, cJSON_IsString(k), "GET %s?%s: an item has no string %s", spec->path, q, spec->key);
            if (spec->each) spec->each(ctx, it, spec->arg);
            if (spec->stem && strncmp(k->valuestring, spec->stem, strlen(spec->stem)) != 0) continue;
            JC_CHECK(ctx, jc_walk_count(w, k->valuestring) == 0,
                     "GET %s: %s %s, already listed on an earlier page, is listed again on page %zu", spec->path,
                     spec->key, k->valuestring, w->pages + 1);
            JC_REQUIRE(ctx, w->n < JC_WALK_MAX, "harness: more than %d matching items in one walk", JC_WALK_MAX);
            const cJSON *st = spec->status ? jc_json_get(it, spec->status) : NULL;
            w->status[w->n] = cJSON_IsString(st) ? jc_str(ctx, "%s", st->valuestring) : NULL;
            w->item[w->n] = it;
            w->keys[w->n++] = jc_str(ctx, "%s", k->valuestring);
        }
        const cJSON *nt = jc_json_get(r->json, "nextToken");
        JC_CHECK(ctx, !nt || cJSON_IsString(nt) || cJSON_IsNull(nt), "GET %s: nextToken is present but not a string",
                 spec->path);
        token = cJSON_IsString(nt) && nt->valuestring[0] ? jc_str(ctx, "%s", nt->valuestring) : NULL;
        w->pages++;
    } while (token && w->pages < (size_t)max_pages);
    JC_REQUIRE(ctx, !token, "GET %s?%s still had a nextToken after %d pages", spec->path,
               jc_str_or(spec->filter), max_pages);
}

size_t jc_walk_count(const jc_walk *w, const char *key)
{
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++) n += strcmp(w->keys[i], key) == 0;
    return n;
}

void jc_expect_walk_exactly(jc_ctx *ctx, const jc_walk *w, const char *const *keys, const char *what)
{
    size_t n = 0;
    for (; keys[n]; n++) {
        size_t c = jc_walk_count(w, keys[n]);
        JC_CHECK(ctx, c == 1, "%s: %s is listed %zu times, expected once", what, keys[n], c);
    }
    for (size_t i = 0; i < w->n; i++)
        JC_CHECK(ctx, jc_in_list(w->keys[i], keys), "%s: %s (status %s) is listed but does not match", what,
                 w->keys[i], jc_str_or(w->status[i]));
}

/* ---- reads after a change ---------------------------------------------- */

typedef struct read_wait {
    jc_plane plane;
    const char *path, *query;
    jc_read_pred pred;
    void *arg;
    jc_response *last;
} read_wait;

static bool read_holds(jc_ctx *ctx, void *arg)
{
    read_wait *w = arg;
    w->last = jc_call(ctx, w->plane, "GET", w->path, w->query, NULL);
    return w->pred(ctx, w->last, w->arg);
}

jc_response *jc_read_until(jc_ctx *ctx, jc_plane plane, const char *path, const char *query, jc_read_pred pred,
                           void *arg)
{
    read_wait w = {plane, path, query, pred, arg, NULL};
    jc_poll(ctx, 0, 50, read_holds, &w);
    return w.last;
}

typedef struct holds_arg {
    const char *object, *members;
} holds_arg;

static bool job_holds(jc_ctx *ctx, const jc_response *r, void *arg)
{
    holds_arg *h = arg;
    const cJSON *obj = h->object ? jc_json_object(r, h->object) : r->json;
    if (r->status != 200 || !obj) return false;
    cJSON *want = cJSON_Parse(jc_str(ctx, "{%s}", h->members));
    bool ok = want != NULL;
    for (const cJSON *w = want ? want->child : NULL; w && ok; w = w->next)
        ok = jc_json_holds(w, cJSON_GetObjectItemCaseSensitive(obj, w->string));
    cJSON_Delete(want);
    return ok;
}

jc_response *jc_describe_job_holding(jc_ctx *ctx, const char *job, const char *object, const char *members)
{
    holds_arg h = {object, members};
    return jc_read_until(ctx, JC_CONTROL, jc_path(ctx, "/jobs/%s", job), NULL, job_holds, &h);
}

typedef struct changed_arg {
    const char *member, *old;
} changed_arg;

static bool member_changed(jc_ctx *ctx, const jc_response *r, void *arg)
{
    changed_arg *c = arg;
    return r->status == 200 && strcmp(jc_member_text(ctx, r, c->member), c->old) != 0;
}

jc_response *jc_describe_job_changed(jc_ctx *ctx, const char *job, const char *member, const char *old)
{
    changed_arg c = {member, old};
    return jc_read_until(ctx, JC_CONTROL, jc_path(ctx, "/jobs/%s", job), NULL, member_changed, &c);
}

typedef struct walk_wait {
    const jc_list_spec *spec;
    jc_walk *w;
    jc_walk_pred pred;
    void *arg;
} walk_wait;

static bool walk_holds(jc_ctx *ctx, void *arg)
{
    walk_wait *ww = arg;
    memset(ww->w, 0, sizeof *ww->w);
    jc_list_walk(ctx, ww->spec, ww->w);
    return ww->pred(ctx, ww->w, ww->arg);
}

void jc_walk_until(jc_ctx *ctx, const jc_list_spec *spec, jc_walk *w, jc_walk_pred pred, void *arg)
{
    walk_wait ww = {spec, w, pred, arg};
    jc_poll(ctx, 0, 50, walk_holds, &ww);
}

static bool walk_exactly(jc_ctx *ctx, const jc_walk *w, void *arg)
{
    (void)ctx;
    const char *const *keys = arg;
    size_t n = 0;
    for (; keys[n]; n++)
        if (jc_walk_count(w, keys[n]) != 1) return false;
    return n == w->n;
}

void jc_walk_until_exactly(jc_ctx *ctx, const jc_list_spec *spec, jc_walk *w, const char *const *keys)
{
    jc_walk_until(ctx, spec, w, walk_exactly, (void *)keys);
}

void jc_expect_own_page_or_refused(jc_ctx *ctx, const jc_response *r, const char *array, const char *key,
                                   const char *const *own, const char *what)
{
    if (!jc_is_2xx(r)) {
        jc_expect_error(ctx, r, "InvalidRequestException", 400);
        return;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, jc_json_array(r, array))
    {
        const cJSON *k = jc_json_get(it, key);
        JC_CHECK(ctx, cJSON_IsString(k) && jc_in_list(k->valuestring, own),
                 "%s: the page lists %s, which is not in the list asked for", what, jc_json_text(ctx, k));
    }
}
