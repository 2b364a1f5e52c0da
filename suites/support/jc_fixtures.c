/* Fixtures: resource names, ARNs, typed helpers for common steps, capability
 * discovery and the sweep of prefixed resources. See jc_scenario.h. */
#include "jc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* ---- sweep ------------------------------------------------------------------- */

typedef struct sweep_state {
    const char *stem;
    size_t pending; /* jobs with the stem still listed */
    size_t deleting;
    char **todo;    /* ids not yet DELETION_IN_PROGRESS */
    size_t todo_count;
    int problems;
    FILE *log;
} sweep_state;

static void sweep_list(jc_ctx *ctx, sweep_state *st)
{
    for (size_t i = 0; i < st->todo_count; i++) free(st->todo[i]);
    free(st->todo);
    st->todo = NULL;
    st->todo_count = st->pending = st->deleting = 0;
    const char *token = NULL;
    for (int page = 0; page < 1000; page++) {
        const char *q = token ? jc_query(ctx, "maxResults=250&nextToken=%s", token) : "maxResults=250";
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", "/jobs", q, NULL);
        if (r->status != 200) {
            fprintf(st->log, "jobsconf: sweep: ListJobs: HTTP %d %s\n", r->status, r->error_code ? r->error_code : "");
            st->problems++;
            return;
        }
        const cJSON *jobs = jc_json_array(r, "jobs");
        const cJSON *j;
        cJSON_ArrayForEach(j, jobs)
        {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "jobId");
            const cJSON *status = cJSON_GetObjectItemCaseSensitive(j, "status");
            if (!cJSON_IsString(id) || strncmp(id->valuestring, st->stem, strlen(st->stem)) != 0) continue;
            st->pending++;
            if (cJSON_IsString(status) && strcmp(status->valuestring, "DELETION_IN_PROGRESS") == 0) {
                st->deleting++;
                continue;
            }
            char **g = realloc(st->todo, (st->todo_count + 1) * sizeof *g);
            if (!g) return;
            st->todo = g;
            st->todo[st->todo_count++] = strdup(id->valuestring);
        }
        token = jc_json_string(r, "nextToken");
        if (!token || !*token) return;
    }
}

static void sweep_jobs(jc_ctx *ctx, sweep_state *st)
{
    double deadline_s = ctx->env->cfg->poll_deadline_s * 6;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t deleted = 0;
    for (;;) {
        sweep_list(ctx, st);
        if (st->pending == 0) break;
        /* at most 10 deletions in progress at once */
        for (size_t i = 0; i < st->todo_count && st->deleting < 10; i++) {
            jc_allow_5xx(ctx);
            jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/jobs/%s", st->todo[i]),
                                     "force=true", NULL);
            if (r->status == 200 || r->status == 204) {
                st->deleting++;
                deleted++;
            } else if (r->status == 410 || (r->error_code && strcmp(r->error_code, "LimitExceededException") == 0)) {
                break; /* too many deletions in progress: wait */
            } else if (r->status != 404) {
                fprintf(st->log, "jobsconf: sweep: DeleteJob %s: HTTP %d %s\n", st->todo[i], r->status,
                        r->error_code ? r->error_code : "");
                st->problems++;
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &t);
        if ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 > deadline_s) {
            fprintf(st->log, "jobsconf: sweep: %zu job(s) with prefix %s still listed after %.0f s\n", st->pending,
                    st->stem, deadline_s);
            st->problems++;
            break;
        }
        if (ctx->env->vclock) {
            jc_response *r = jc_call(ctx, JC_CONTROL, "POST", "/_jobsref/clock/advance", NULL, "{\"ms\":5000}");
            (void)r;
        }
        struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
    }
    (void)deleted;
}

static void sweep_registry(jc_ctx *ctx, sweep_state *st)
{
    jc_env *env = ctx->env;
    for (size_t i = 0; i < env->thing_count; i++) {
        const char *thing = env->things[i];
        if (strncmp(thing, st->stem, strlen(st->stem)) != 0) continue;
        /* executions left on the thing (jobs of other prefixes, or not yet gone) */
        jc_allow_5xx(ctx);
        jc_response *l = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s/jobs", thing), "maxResults=250", NULL);
        const cJSON *e;
        cJSON_ArrayForEach(e, jc_json_array(l, "executionSummaries"))
        {
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
        if (r->status >= 300 && r->status != 404) {
            fprintf(st->log, "jobsconf: sweep: DeleteThing %s: HTTP %d %s\n", thing, r->status,
                    r->error_code ? r->error_code : "");
            st->problems++;
        }
    }
    for (size_t i = 0; i < env->group_count; i++) {
        const char *g = env->groups[i];
        if (strncmp(g, st->stem, strlen(st->stem)) != 0) continue;
        jc_allow_5xx(ctx);
        jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/thing-groups/%s", g), NULL, NULL);
        if (r->status >= 300 && r->status != 404) {
            fprintf(st->log, "jobsconf: sweep: DeleteThingGroup %s: HTTP %d %s\n", g, r->status,
                    r->error_code ? r->error_code : "");
            st->problems++;
        }
    }
}

int jc_sweep(jc_ctx *ctx, const char *stem, FILE *log)
{
    sweep_state st = {.stem = stem, .log = log};
    jc_ctx_reset(ctx);
    if (setjmp(ctx->jb) == 0) {
        ctx->jb_active = true;
        sweep_jobs(ctx, &st);
        sweep_registry(ctx, &st);
    } else {
        fprintf(log, "jobsconf: sweep stopped: %s\n", ctx->message ? ctx->message : "?");
        st.problems++;
    }
    ctx->jb_active = false;
    for (size_t i = 0; i < st.todo_count; i++) free(st.todo[i]);
    free(st.todo);
    jc_ctx_reset(ctx);
    return st.problems;
}
