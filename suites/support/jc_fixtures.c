/* Fixtures: resource names, ARNs, typed helpers for common steps, capability
 * discovery and the sweep of prefixed resources. See jc_scenario.h. */
#include "jc_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <stdarg.h>
#include <time.h>

const char *jc_name(jc_ctx *ctx, const char *tag)
{
    char buf[65];
    unsigned n = ++ctx->names;
    snprintf(buf, sizeof buf, "%s-%u-%u%s%s", ctx->env->prefix, ctx->seq, n, tag && *tag ? "-" : "",
             tag ? tag : "");
    /* keep [a-zA-Z0-9_-] only: a tag never breaks a name's pattern */
    for (char *p = buf; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            *p = '_';
    return jc_own(ctx, strdup(buf));
}

const char *jc_region(const jc_ctx *ctx) { return ctx->env->cfg->region; }

const char *jc_arn_prefix(const jc_ctx *ctx)
{
    return ctx->env->arn_prefix ? ctx->env->arn_prefix : "arn:aws:iot:us-east-1:123456789012:";
}

const char *jc_thing_arn(jc_ctx *ctx, const char *thing)
{
    return jc_str(ctx, "%sthing/%s", jc_arn_prefix(ctx), thing);
}

const char *jc_group_arn(jc_ctx *ctx, const char *group)
{
    return jc_str(ctx, "%sthinggroup/%s", jc_arn_prefix(ctx), group);
}

const char *jc_create_thing(jc_ctx *ctx, const char *tag, const char **arn)
{
    const char *name = jc_name(ctx, tag ? tag : "thing");
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/things/%s", name), NULL, "{}");
    jc_env_record_thing(ctx->env, name);
    jc_ctx_made(ctx, 't', name);
    JC_REQUIRE(ctx, r->status == 200, "CreateThing %s: HTTP %d %s", name, r->status,
               r->error_code ? r->error_code : "");
    const char *a = jc_json_string(r, "thingArn");
    JC_REQUIRE(ctx, a != NULL, "CreateThing %s: no thingArn in the response", name);
    if (arn) *arn = a;
    return name;
}

const char *jc_create_group(jc_ctx *ctx, const char *tag, const char **arn)
{
    const char *name = jc_name(ctx, tag ? tag : "group");
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/thing-groups/%s", name), NULL, "{}");
    jc_env_record_group(ctx->env, name);
    jc_ctx_made(ctx, 'g', name);
    JC_REQUIRE(ctx, r->status == 200, "CreateThingGroup %s: HTTP %d %s", name, r->status,
               r->error_code ? r->error_code : "");
    const char *a = jc_json_string(r, "thingGroupArn");
    JC_REQUIRE(ctx, a != NULL, "CreateThingGroup %s: no thingGroupArn in the response", name);
    if (arn) *arn = a;
    return name;
}

void jc_add_thing_to_group(jc_ctx *ctx, const char *group, const char *thing)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "thingGroupName", group);
    cJSON_AddStringToObject(b, "thingName", thing);
    char *text = cJSON_PrintUnformatted(b);
    cJSON_Delete(b);
    jc_own(ctx, text);
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", "/thing-groups/addThingToThingGroup", NULL, text);
    JC_REQUIRE(ctx, r->status == 200, "AddThingToThingGroup %s -> %s: HTTP %d %s", thing, group, r->status,
               r->error_code ? r->error_code : "");
}

const char *jc_create_job(jc_ctx *ctx, const char *job_id, const char *document,
                          const char *const *targets, const char *extra)
{
    if (!job_id) job_id = jc_name(ctx, "job");
    cJSON *b = cJSON_CreateObject();
    cJSON *t = cJSON_AddArrayToObject(b, "targets");
    for (size_t i = 0; targets && targets[i]; i++) cJSON_AddItemToArray(t, cJSON_CreateString(targets[i]));
    cJSON_AddStringToObject(b, "document", document ? document : "{\"operation\":\"test\"}");
    if (extra) {
        cJSON *x = cJSON_Parse(extra);
        if (!cJSON_IsObject(x)) {
            cJSON_Delete(x);
            cJSON_Delete(b);
            jc_error(ctx, "harness: jc_create_job extra is not a JSON object: %s", extra);
        }
        while (x->child) {
            cJSON *item = cJSON_DetachItemViaPointer(x, x->child);
            cJSON_DeleteItemFromObjectCaseSensitive(b, item->string);
            cJSON_AddItemToObject(b, item->string, item);
        }
        cJSON_Delete(x);
    }
    char *text = cJSON_PrintUnformatted(b);
    cJSON_Delete(b);
    jc_own(ctx, text);
    jc_response *r = jc_call(ctx, JC_CONTROL, "PUT", jc_path(ctx, "/jobs/%s", job_id), NULL, text);
    JC_REQUIRE(ctx, r->status == 200, "CreateJob %s: HTTP %d %s: %.200s", job_id, r->status,
               r->error_code ? r->error_code : "", r->message ? r->message : "");
    const char *id = jc_json_string(r, "jobId");
    return id ? id : job_id;
}

const char *jc_create_job_on_new_thing(jc_ctx *ctx, const char **thing)
{
    const char *arn = NULL;
    const char *t = jc_create_thing(ctx, "thing", &arn);
    const char *targets[] = {arn, NULL};
    if (thing) *thing = t;
    return jc_create_job(ctx, NULL, NULL, targets, NULL);
}

jc_response *jc_describe_job(jc_ctx *ctx, const char *job_id)
{
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", job_id), NULL, NULL);
    JC_REQUIRE(ctx, r->status == 200, "DescribeJob %s: HTTP %d %s", job_id, r->status,
               r->error_code ? r->error_code : "");
    jc_expect_status(ctx, r, 200); /* ERROR when the body is not JSON */
    return r;
}

jc_response *jc_device_update(jc_ctx *ctx, const char *thing, const char *job_id, const char *status,
                              long *version)
{
    const char *body = jc_str(ctx, "{\"status\":\"%s\",\"includeJobExecutionState\":true}", status);
    jc_response *r = jc_call(ctx, JC_DATA, "POST", jc_path(ctx, "/things/%s/jobs/%s", thing, job_id), NULL, body);
    JC_REQUIRE(ctx, r->status == 200, "UpdateJobExecution %s/%s -> %s: HTTP %d %s: %.200s", thing, job_id,
               status, r->status, r->error_code ? r->error_code : "", r->message ? r->message : "");
    jc_expect_status(ctx, r, 200);
    if (version) {
        double v;
        *version = jc_json_number(r, "executionState.versionNumber", &v) ? (long)v : -1;
    }
    return r;
}

/* ---- discovery -------------------------------------------------------------- */

int jc_env_discover(jc_env *env, char *err, size_t err_len)
{
    jc_ctx *ctx = jc_ctx_new(env, err, err_len);
    if (!ctx) return -1;
    int rc = -1;
    if (setjmp(ctx->jb) == 0) {
        ctx->jb_active = true;
        ctx->seq = 0;
        jc_allow_5xx(ctx);
        jc_response *info = jc_call(ctx, JC_CONTROL, "GET", "/_jobsref/info", NULL, NULL);
        bool admin = false;
        if (info->status == 200 && jc_json_bool(info, "admin", &admin) && admin) {
            env->admin = true;
            jc_allow_5xx(ctx);
            jc_response *clk = jc_call(ctx, JC_CONTROL, "GET", "/_jobsref/clock", NULL, NULL);
            bool virt = false;
            if (clk->status == 200 && jc_json_bool(clk, "virtual", &virt) && virt) env->vclock = true;
            /* reference/server/mqtt_front.h: a device request's reply comes
               after everything caused before it (a barrier, not a window) */
            bool ordered = false;
            if (jc_json_bool(info, "mqttOrdered", &ordered) && ordered) env->mqtt_ordered = true;
        }
        /* the account and partition, from the ARN of a thing we create */
        const char *arn = NULL;
        jc_create_thing(ctx, "account", &arn);
        const char *slash = strstr(arn, ":thing/");
        JC_REQUIRE(ctx, slash != NULL && strncmp(arn, "arn:", 4) == 0, "CreateThing returned thingArn '%s'", arn);
        env->arn_prefix = strndup(arn, (size_t)(slash - arn) + 1);
        rc = env->arn_prefix ? 0 : -1;
    }
    if (rc != 0) snprintf(err, err_len, "%s", ctx->message ? ctx->message : "discovery failed");
    ctx->jb_active = false;
    jc_ctx_free(ctx);
    return rc;
}

/* ---- cleanup ---------------------------------------------------------------- */

static void log_line(FILE *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One line on the log with server text escaped. */
static void log_line(FILE *log, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    jc_print_escaped(log, "", line, strlen(line));
    fflush(log);
}

static bool past(double end) { return jc_mono_s() >= end; }

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* The server refuses more deletions in progress than its limit. */
static bool over_limit(const jc_response *r)
{
    return r->status == 410 || r->status == 429 ||
           (r->error_code && (strcmp(r->error_code, "LimitExceededException") == 0 ||
                              strcmp(r->error_code, "ThrottlingException") == 0));
}

/* The resource is not there: a 404, or the not-found error type with another
   status (a server that gets the status wrong must not hold the cleanup
   until its deadline, waiting for a 404 that never comes). */
static bool not_found(const jc_response *r)
{
    return r->status == 404 || (r->status >= 400 && r->status < 500 && r->error_code &&
                                strcmp(r->error_code, "ResourceNotFoundException") == 0);
}

typedef enum { DEL_DONE, DEL_WAIT, DEL_FAILED } del_result;

static del_result delete_job(jc_ctx *ctx, const char *id, FILE *log)
{
    jc_allow_5xx(ctx);
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", id), "force=true", NULL);
    if (r->status == 200 || r->status == 204 || not_found(r)) return DEL_DONE;
    if (over_limit(r)) return DEL_WAIT;
    if (r->status >= 500) {
        /* some servers (moto) answer 500 for a job that is already gone */
        jc_allow_5xx(ctx);
        jc_response *g = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
        if (not_found(g)) return DEL_DONE;
    }
    log_line(log, "jobsconf: cleanup: DeleteJob %s: HTTP %d %s", id, r->status, r->error_code ? r->error_code : "");
    return DEL_FAILED;
}

/* Deletions of its own the cleanup keeps in progress at once: under the
   server's limit (10 on AWS and jobsref), so the scenarios of another run on
   the same server still get to delete. */
#define CLEANUP_IN_FLIGHT 5

/* Whether a job whose deletion was accepted is gone (or no longer being
   deleted). */
static bool job_gone(jc_ctx *ctx, const char *id)
{
    jc_allow_5xx(ctx);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    const char *st = r->status == 200 ? jc_json_string(r, "job.status") : NULL;
    bool gone = not_found(r) || (r->status == 200 && (!st || strcmp(st, "DELETION_IN_PROGRESS") != 0)) ||
                r->status >= 500;
    jc_ctx_release(ctx);
    return gone;
}

/* Waits (until end) for the oldest deletion in flight to finish: moves a
   virtual clock where there is one instead of waiting. */
static void wait_oldest(jc_ctx *ctx, const char *id, double end)
{
    while (!past(end) && !job_gone(ctx, id)) {
        if (ctx->env->vclock) {
            jc_call(ctx, JC_CONTROL, "POST", "/_jobsref/clock/advance", NULL, "{\"ms\":5000}");
            jc_ctx_release(ctx);
        } else {
            pause_ms(100);
        }
    }
}

/* Deletes jobs[0..count) with force, at most CLEANUP_IN_FLIGHT deletions of
   its own in progress, waiting as well when the server says its limit is
   reached (by other clients), until end. Returns how many were not deleted;
   the done ones are marked NULL. */
static size_t delete_jobs(jc_ctx *ctx, char **jobs, size_t count, double end, FILE *log)
{
    size_t left = count;
    const char *flight[CLEANUP_IN_FLIGHT];
    size_t nflight = 0;
    for (size_t i = 0; i < count && !past(end);) {
        if (nflight == CLEANUP_IN_FLIGHT) {
            wait_oldest(ctx, flight[0], end);
            memmove(flight, flight + 1, (CLEANUP_IN_FLIGHT - 1) * sizeof *flight);
            nflight--;
            continue;
        }
        del_result d = delete_job(ctx, jobs[i], log);
        jc_ctx_release(ctx); /* bounded memory over thousands of deletions */
        if (d == DEL_WAIT) {
            if (nflight) {
                wait_oldest(ctx, flight[0], end);
                memmove(flight, flight + 1, (CLEANUP_IN_FLIGHT - 1) * sizeof *flight);
                nflight--;
            } else if (ctx->env->vclock) {
                jc_call(ctx, JC_CONTROL, "POST", "/_jobsref/clock/advance", NULL, "{\"ms\":5000}");
                jc_ctx_release(ctx);
            } else {
                pause_ms(200);
            }
            continue;
        }
        if (d == DEL_DONE) flight[nflight++] = jobs[i];
        jobs[i] = NULL; /* done, or failed for good: not retried */
        left--;
        i++;
    }
    /* the last deletions are left to finish on their own: nothing observes them */
    return left;
}

static bool delete_thing(jc_ctx *ctx, const char *thing, double end, FILE *log)
{
    /* this run's executions on its own thing, so the thing can go */
    jc_allow_5xx(ctx);
    jc_response *l = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", thing), "maxResults=250", NULL);
    const cJSON *e;
    cJSON_ArrayForEach(e, jc_json_array(l, "executionSummaries"))
    {
        if (past(end)) break;
        const cJSON *jid = cJSON_GetObjectItemCaseSensitive(e, "jobId");
        const cJSON *num = jc_json_get(e, "jobExecutionSummary.executionNumber");
        if (!cJSON_IsString(jid) || !cJSON_IsNumber(num)) continue;
        jc_allow_5xx(ctx);
        jc_call(ctx, JC_CONTROL, "DELETE",
                jc_path(ctx, "/things/%s/jobs/%s/executionNumber/%lld", thing, jid->valuestring,
                        (long long)num->valuedouble),
                "force=true", NULL);
    }
    jc_allow_5xx(ctx);
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/things/%s", thing), NULL, NULL);
    bool ok = r->status < 300 || not_found(r);
    if (!ok)
        log_line(log, "jobsconf: cleanup: DeleteThing %s: HTTP %d %s", thing, r->status,
                 r->error_code ? r->error_code : "");
    jc_ctx_release(ctx);
    return ok;
}

static bool delete_group(jc_ctx *ctx, const char *group, FILE *log)
{
    jc_allow_5xx(ctx);
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/thing-groups/%s", group), NULL, NULL);
    bool ok = r->status < 300 || not_found(r);
    if (!ok)
        log_line(log, "jobsconf: cleanup: DeleteThingGroup %s: HTTP %d %s", group, r->status,
                 r->error_code ? r->error_code : "");
    jc_ctx_release(ctx);
    return ok;
}

/* ---- per-scenario cleanup ---------------------------------------------------- */

/* Whether job id, deleted by an earlier scenario's cleanup, is no longer
   being deleted. */
static bool flight_done(jc_ctx *ctx, const char *id)
{
    jc_allow_5xx(ctx);
    jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/jobs/%s", id), NULL, NULL);
    const char *st = r->status == 200 ? jc_json_string(r, "job.status") : NULL;
    return not_found(r) || (r->status == 200 && !(st && strcmp(st, "DELETION_IN_PROGRESS") == 0));
}

/* Whether there is room for one more deletion of the cleanup's own in
   progress: at most JC_SCENARIO_IN_FLIGHT (2), so the scenarios that delete
   jobs, this run's and another run's on the same account, keep room under
   the server's limit (10 on AWS and jobsref). */
static bool flight_room(jc_ctx *ctx)
{
    jc_env *env = ctx->env;
    /* copies on the stack: flight_done may end in a longjmp (a broken answer) */
    char ids[JC_SCENARIO_IN_FLIGHT][160];
    size_t n = 0;
    pthread_mutex_lock(&env->lock);
    if (env->flight_count < JC_SCENARIO_IN_FLIGHT) {
        pthread_mutex_unlock(&env->lock);
        return true;
    }
    for (size_t i = 0; i < env->flight_count; i++) snprintf(ids[n++], sizeof ids[0], "%s", env->flight[i]);
    pthread_mutex_unlock(&env->lock);
    for (size_t i = 0; i < n; i++) {
        if (flight_done(ctx, ids[i])) {
            pthread_mutex_lock(&env->lock);
            for (size_t k = 0; k < env->flight_count; k++)
                if (strcmp(env->flight[k], ids[i]) == 0) {
                    free(env->flight[k]);
                    env->flight[k] = env->flight[--env->flight_count];
                    break;
                }
            pthread_mutex_unlock(&env->lock);
        }
    }
    pthread_mutex_lock(&env->lock);
    bool room = env->flight_count < JC_SCENARIO_IN_FLIGHT;
    pthread_mutex_unlock(&env->lock);
    return room;
}

static void flight_add(jc_env *env, const char *id)
{
    pthread_mutex_lock(&env->lock);
    char *c = strdup(id);
    if (c && env->flight_count < JC_SCENARIO_IN_FLIGHT) env->flight[env->flight_count++] = c;
    else free(c);
    pthread_mutex_unlock(&env->lock);
}

/* One deletion of the cleanup; true when the resource is gone (or going). */
static bool scenario_delete(jc_ctx *ctx, char kind, const char *name)
{
    const char *path = kind == 'j'   ? jc_path(ctx, "/jobs/%s", name)
                       : kind == 't' ? jc_path(ctx, "/things/%s", name)
                                     : jc_path(ctx, "/thing-groups/%s", name);
    jc_allow_5xx(ctx);
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", path, kind == 'j' ? "force=true" : NULL, NULL);
    if (r->status >= 200 && r->status < 300) {
        if (kind == 'j') flight_add(ctx->env, name);
        return true;
    }
    if (not_found(r)) return true;
    if (r->status >= 500 && kind == 'j') {
        /* some servers (moto) answer 500 for a job that is already gone */
        jc_allow_5xx(ctx);
        return jc_call(ctx, JC_CONTROL, "GET", path, NULL, NULL)->status == 404;
    }
    return false;
}

void jc_scenario_cleanup(jc_ctx *ctx)
{
    jc_env *env = ctx->env;
    if (env->embedded || ctx->made_count == 0 || ctx->no_stop) return;
    /* the verdict and its messages stay as the scenario left them */
    bool failed = ctx->failed, errored = ctx->errored, skipped = ctx->skipped, blocked = ctx->blocked;
    bool cunit = ctx->cunit, broke = ctx->broke;
    double broke_at = ctx->broke_at;
    char *message = ctx->message;
    ctx->message = NULL;
    size_t checks = ctx->check_count;
    ctx->cleaning = true;
    ctx->cunit = false;
    free(ctx->req_scope);
    ctx->req_scope = NULL;
    /* bounded: JC_SCENARIO_CLEANUP_S and JC_SCENARIO_MADE_MAX names; what is
       left goes to the end sweep */
    double end = jc_mono_s() + JC_SCENARIO_CLEANUP_S;
    volatile size_t i = 0;
    static const char order[] = "jtg"; /* jobs first: a thing or group may then go */
    volatile size_t pass = 0;
    for (;;) {
        if (setjmp(ctx->jb) != 0) {
            i++; /* that deletion broke (stopped run, transport): go on with the next */
        }
        ctx->jb_active = true;
        for (; pass < 3; pass++, i = 0) {
            for (; i < ctx->made_count; i++) {
                /* groups newest first: a child group goes before its parent */
                size_t at = order[pass] == 'g' ? ctx->made_count - 1 - i : i;
                char kind = ctx->made[at][0];
                const char *name = ctx->made[at] + 2;
                if (kind != order[pass] || jc_mono_s() >= end) continue;
                if (jc_env_stopped(env, NULL, 0)) continue; /* the end sweep has the rest */
                /* On a virtual clock a deletion lasts until a scenario moves
                   the clock, holding one of the server's 10 deletion slots
                   that the deletion scenarios need: jobs go to the end sweep. */
                if (kind == 'j' && env->vclock) continue;
                if (kind == 'j' && !flight_room(ctx)) {
                    /* wait for the server's earlier deletions (the run must
                       not grow the server); a virtual clock only moves when
                       a scenario moves it: left to the end sweep there */
                    while (!env->vclock && jc_mono_s() < end && !flight_room(ctx)) pause_ms(200);
                    if (jc_mono_s() >= end || env->vclock) continue;
                }
                if (scenario_delete(ctx, kind, name)) jc_env_forget(env, kind, name);
            }
        }
        break;
    }
    ctx->jb_active = false;
    for (size_t k = checks; k < ctx->check_count; k++) jc_check_clear(&ctx->checks[k]);
    ctx->check_count = checks;
    free(ctx->message);
    ctx->message = message;
    ctx->failed = failed;
    ctx->errored = errored;
    ctx->skipped = skipped;
    ctx->blocked = blocked;
    ctx->cunit = cunit;
    ctx->broke = broke;
    ctx->broke_at = broke_at;
    ctx->cleaning = false;
}

static char **snapshot(jc_env *env, char **arr, size_t count)
{
    char **copy = calloc(count ? count : 1, sizeof *copy);
    if (!copy) return NULL;
    pthread_mutex_lock(&env->lock);
    for (size_t i = 0; i < count; i++) copy[i] = strdup(arr[i]);
    pthread_mutex_unlock(&env->lock);
    return copy;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; l && i < n; i++) free(l[i]);
    free(l);
}

size_t jc_cleanup(jc_ctx *ctx, double deadline_s, FILE *log)
{
    jc_env *env = ctx->env;
    size_t nt = 0, ng = 0;
    size_t nj = jc_env_created(env, &nt, &ng);
    char **jobs = snapshot(env, env->jobs, nj), **things = snapshot(env, env->things, nt),
         **groups = snapshot(env, env->groups, ng);
    char **job_view = calloc(nj ? nj : 1, sizeof *job_view);
    double end = jc_mono_s() + deadline_s;
    env->cleanup_deadline_s = end; /* no request of the cleanup waits beyond it */
    size_t left = nj + nt + ng;
    jc_ctx_reset(ctx);
    volatile size_t done = 0;
    if (jobs && things && groups && job_view) {
        for (size_t i = 0; i < nj; i++) job_view[i] = jobs[i];
        if (setjmp(ctx->jb) == 0) {
            ctx->jb_active = true;
            size_t jobs_left = delete_jobs(ctx, job_view, nj, end, log);
            done = nj - jobs_left;
            for (size_t i = 0; i < nt && !past(end); i++)
                if (delete_thing(ctx, things[i], end, log)) done++;
            for (size_t i = 0; i < ng && !past(end); i++)
                if (delete_group(ctx, groups[i], log)) done++;
        } else {
            log_line(log, "jobsconf: cleanup stopped: %s", ctx->message ? ctx->message : "?");
        }
        ctx->jb_active = false;
        left -= done;
    }
    if (left)
        log_line(log, "jobsconf: cleanup: %zu of the %zu resource(s) this run created are left (deadline %.0f s); "
                      "their names start with %s-", left, nj + nt + ng, deadline_s, env->prefix);
    free(job_view);
    free_list(jobs, nj);
    free_list(things, nt);
    free_list(groups, ng);
    jc_ctx_reset(ctx);
    return left;
}

long jc_clean_stem(jc_ctx *ctx, const char *stem, bool delete, double deadline_s, FILE *out, FILE *log)
{
    double end = jc_mono_s() + deadline_s;
    ctx->env->cleanup_deadline_s = end;
    char **ids = NULL;
    size_t count = 0;
    long rc = -1;
    jc_ctx_reset(ctx);
    if (setjmp(ctx->jb) == 0) {
        ctx->jb_active = true;
        char *token = NULL;
        for (;;) {
            if (past(end)) {
                log_line(log, "jobsconf clean: listing stopped at the deadline (%.0f s): the list is partial",
                         deadline_s);
                break;
            }
            const char *q = token ? jc_query(ctx, "maxResults=250&nextToken=%s", token) : "maxResults=250";
            free(token);
            token = NULL;
            jc_allow_5xx(ctx);
            jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", q, NULL);
            if (r->status != 200) {
                log_line(log, "jobsconf clean: ListJobs: HTTP %d %s", r->status, r->error_code ? r->error_code : "");
                jc_end(ctx);
            }
            const cJSON *j;
            cJSON_ArrayForEach(j, jc_json_array(r, "jobs"))
            {
                const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "jobId");
                if (!cJSON_IsString(id) || strncmp(id->valuestring, stem, strlen(stem)) != 0) continue;
                char **g = realloc(ids, (count + 1) * sizeof *g);
                if (!g) break;
                ids = g;
                if ((ids[count] = strdup(id->valuestring))) count++;
            }
            const char *t = jc_json_string(r, "nextToken");
            token = t && *t ? strdup(t) : NULL;
            jc_ctx_release(ctx);
            if (!token) break;
        }
        for (size_t i = 0; i < count; i++) log_line(out, "%s", ids[i]);
        rc = (long)count;
        if (delete && count) {
            char **view = calloc(count, sizeof *view);
            if (view) {
                memcpy(view, ids, count * sizeof *view);
                rc = (long)delete_jobs(ctx, view, count, end, log);
                free(view);
            }
        }
    } else if (ctx->message) {
        log_line(log, "jobsconf clean: %s", ctx->message);
    }
    ctx->jb_active = false;
    free_list(ids, count);
    jc_ctx_reset(ctx);
    return rc;
}
