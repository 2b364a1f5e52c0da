/* The differential engine: see jc_fuzz_engine.h. */
#include "jc_fuzz_engine.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "jc_client.h"
#include "jc_fuzz_compare.h"
#include "jc_response.h"
#include "jrf_grammar.h"

#define MAX_PAGES 200
#define BODY_KEEP 4096 /* bytes of a body kept in a record */

struct jc_fz {
    jc_fz_config cfg;
    char *control_url, *data_url, *sign_c, *sign_d, *prefix;
    jc_client *client;
    bool clock;
    char arn_prefix[256];
    char region[64], account[64];
    unsigned long seq;
    jc_fz_stats stats;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *xstrdup(const char *s) { return s ? strdup(s) : NULL; }

static char *clipped(const char *s, size_t n)
{
    if (!s) return NULL;
    size_t len = strlen(s);
    if (len > n) len = n;
    char *d = malloc(len + 32);
    if (!d) return NULL;
    memcpy(d, s, len);
    strcpy(d + len, strlen(s) > n ? " ...(cut)" : "");
    return d;
}

/* ---- the two sides ------------------------------------------------------------ */

typedef struct answer {
    int status;
    char *type;   /* as a client reads it */
    cJSON *json;  /* body when a JSON object */
} answer;

static void answer_clear(answer *a)
{
    free(a->type);
    cJSON_Delete(a->json);
    memset(a, 0, sizeof *a);
}

static void from_response(const jc_response *r, answer *a)
{
    a->status = r->status;
    a->type = r->status >= 300 ? xstrdup(r->error_code) : NULL;
    a->json = r->json ? cJSON_Duplicate(r->json, true) : NULL;
}

/* Raw call to the endpoint. -1: transport failure (message in err). */
static int live_raw(jc_fz *fz, jr_plane plane, const char *method, const char *path, const char *query,
                    const char *body, answer *out, char *err, size_t err_len)
{
    size_t n = strlen(fz->control_url) + strlen(fz->data_url) + strlen(path) + (query ? strlen(query) : 0) + 4;
    char *url = malloc(n);
    if (!url) return -1;
    snprintf(url, n, "%s%s%s%s", plane == JR_PLANE_DATA ? fz->data_url : fz->control_url, path,
             query && *query ? "?" : "", query && *query ? query : "");
    jc_exchange ex;
    jc_response *resp = NULL;
    memset(&ex, 0, sizeof ex);
    double t0 = now_s();
    int rc = jc_client_call(fz->client, method, url, plane == JR_PLANE_DATA ? fz->sign_d : fz->sign_c, body, &ex,
                            &resp);
    fz->stats.http_s += now_s() - t0;
    fz->stats.requests++;
    memset(out, 0, sizeof *out);
    if (rc != 0 || !resp) {
        snprintf(err, err_len, "%s %s: %s", method, url, ex.transport_error ? ex.transport_error : "no response");
        jc_exchange_clear(&ex);
        free(url);
        return -1;
    }
    from_response(resp, out);
    jc_response_free(resp);
    jc_exchange_clear(&ex);
    free(url);
    return 0;
}

static char *body_text(const jr_encoded_request *enc)
{
    if (!enc->body) return NULL;
    char *b = malloc(enc->body_len + 1);
    if (!b) return NULL;
    memcpy(b, enc->body, enc->body_len);
    b[enc->body_len] = '\0';
    return b;
}

static int live_send(jc_fz *fz, const jr_encoded_request *enc, answer *out, char *err, size_t err_len)
{
    char *body = body_text(enc);
    int rc = live_raw(fz, enc->plane, enc->method, enc->path, enc->query, body, out, err, err_len);
    free(body);
    return rc;
}

/* The model answers through jr_service_handle, and its bytes are read with
 * the same response decoder as the endpoint's. */
static void model_send(jc_fz *fz, jr_machine *m, const jr_encoded_request *enc, answer *out)
{
    double t0 = now_s();
    jr_http_input in = {enc->plane, enc->method, enc->path, enc->query, (const uint8_t *)enc->body, enc->body_len};
    jr_http_response resp;
    memset(&resp, 0, sizeof resp);
    jr_service_handle(m, &in, &resp);
    char hdr[160] = "";
    if (resp.error_type) snprintf(hdr, sizeof hdr, "x-amzn-ErrorType: %s\r\n", resp.error_type);
    jc_response *r = NULL;
    memset(out, 0, sizeof *out);
    if (jc_response_decode(resp.status, hdr, strlen(hdr), resp.body, resp.body_len, &r) == 0 && r) {
        from_response(r, out);
        jc_response_free(r);
    } else {
        out->status = resp.status;
    }
    jr_http_response_free(&resp);
    fz->stats.oracle_s += now_s() - t0;
}

/* ---- setup ---------------------------------------------------------------------- */

jc_fz *jc_fz_new(const jc_fz_config *cfg, char *err, size_t err_len)
{
    jc_fz *fz = calloc(1, sizeof *fz);
    if (!fz) return NULL;
    fz->cfg = *cfg;
    fz->control_url = xstrdup(cfg->control_url);
    fz->data_url = xstrdup(cfg->data_url ? cfg->data_url : cfg->control_url);
    fz->sign_c = xstrdup(cfg->signing_control ? cfg->signing_control : "execute-api");
    fz->sign_d = xstrdup(cfg->signing_data ? cfg->signing_data : "iot-jobs-data");
    fz->prefix = xstrdup(cfg->prefix);
    jc_client_options co = {.region = cfg->region,
                            .access_key = cfg->access_key,
                            .secret_key = cfg->secret_key,
                            .session_token = cfg->session_token,
                            .timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : 10,
                            .admin_token = cfg->admin_token,
                            .scrub = {cfg->secret_key, cfg->session_token}};
    fz->client = jc_client_new(&co, err, err_len);
    if (!fz->client || !fz->control_url || !fz->data_url || !fz->prefix) {
        jc_fz_free(fz);
        return NULL;
    }
    /* a controllable clock: jobsref's admin route */
    answer a;
    if (live_raw(fz, JR_PLANE_CONTROL, "GET", "/_jobsref/clock", NULL, NULL, &a, err, err_len) != 0) {
        jc_fz_free(fz);
        return NULL;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(a.json, "virtual");
    fz->clock = a.status == 200 && cJSON_IsTrue(v) && !cfg->no_clock;
    answer_clear(&a);
    /* the account and region, from the ARN of a probe thing */
    char path[160];
    snprintf(path, sizeof path, "/things/%s-probe", fz->prefix);
    if (live_raw(fz, JR_PLANE_CONTROL, "POST", path, NULL, "{}", &a, err, err_len) != 0) {
        jc_fz_free(fz);
        return NULL;
    }
    const cJSON *arn = cJSON_GetObjectItemCaseSensitive(a.json, "thingArn");
    const char *thing = cJSON_IsString(arn) ? strstr(arn->valuestring, ":thing/") : NULL;
    if (a.status != 200 || !thing) {
        snprintf(err, err_len, "CreateThing of a probe thing answered %d%s%s without a thingArn", a.status,
                 a.type ? " " : "", a.type ? a.type : "");
        answer_clear(&a);
        jc_fz_free(fz);
        return NULL;
    }
    snprintf(fz->arn_prefix, sizeof fz->arn_prefix, "%.*s", (int)(thing - arn->valuestring + 1), arn->valuestring);
    answer_clear(&a);
    /* arn:PARTITION:iot:REGION:ACCOUNT: */
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", fz->arn_prefix);
    char *save = NULL, *f[6] = {0};
    int k = 0;
    for (char *t = strtok_r(tmp, ":", &save); t && k < 6; t = strtok_r(NULL, ":", &save)) f[k++] = t;
    snprintf(fz->region, sizeof fz->region, "%s", k >= 4 ? f[3] : "us-east-1");
    snprintf(fz->account, sizeof fz->account, "%s", k >= 5 ? f[4] : "123456789012");
    if (live_raw(fz, JR_PLANE_CONTROL, "DELETE", path, NULL, NULL, &a, err, err_len) == 0) answer_clear(&a);
    return fz;
}

void jc_fz_free(jc_fz *fz)
{
    if (!fz) return;
    jc_client_free(fz->client);
    free(fz->control_url);
    free(fz->data_url);
    free(fz->sign_c);
    free(fz->sign_d);
    free(fz->prefix);
    free(fz);
}

bool jc_fz_has_clock(const jc_fz *fz) { return fz->clock; }
const char *jc_fz_arn_prefix(const jc_fz *fz) { return fz->arn_prefix; }
void jc_fz_stats_get(const jc_fz *fz, jc_fz_stats *out) { *out = fz->stats; }

/* ---- one sequence ----------------------------------------------------------------- */

typedef struct seq {
    jc_fz *fz;
    jr_machine *m;
    jr_virtual_clock vc;
    char names[JRF_NTHINGS + JRF_NGROUPS + JRF_NJOBS + 1][96];
    char stem[80];
    jrf_pools pools;
    jc_fz_result *res;
    bool stop; /* a divergence, or a note after which the states differ */
    unsigned long_ids; /* pool jobs whose over-long id a step sent */
    const char *dip[JRF_NJOBS]; /* the model's jobs DELETION_IN_PROGRESS (fill_context) */
    size_t ndip;
} seq;

typedef struct latest_ctx {
    const char *job, *thing;
    int64_t number, version;
    jr_exec_status status;
} latest_ctx;

static void visit_latest(void *ctx, const jr_exec_view *v)
{
    latest_ctx *l = ctx;
    if (strcmp(v->job_id, l->job) != 0 || strcmp(v->thing_name, l->thing) != 0) return;
    if (v->execution_number > l->number) {
        l->number = v->execution_number;
        l->version = v->version_number;
        l->status = v->status;
    }
}

static bool model_latest(const seq *s, const char *job, const char *thing, latest_ctx *out)
{
    *out = (latest_ctx){job, thing, -1, 0, JR_EXEC_QUEUED};
    if (!job || !thing) return false;
    jr_machine_visit_executions(s->m, visit_latest, out);
    return out->number >= 0;
}

static int64_t model_version(void *ctx, int j, int t)
{
    seq *s = ctx;
    latest_ctx l;
    if (model_latest(s, s->pools.jobs[j], s->pools.things[t], &l) && l.version > 0) return l.version;
    return 1;
}

static jc_fz_record *new_record(seq *s, int step, const char *label)
{
    jc_fz_result *r = s->res;
    jc_fz_record *n = realloc(r->recs, (r->nrecs + 1) * sizeof *n);
    if (!n) return NULL;
    r->recs = n;
    jc_fz_record *rec = &r->recs[r->nrecs++];
    memset(rec, 0, sizeof *rec);
    rec->step = step;
    rec->label = xstrdup(label);
    return rec;
}

static char *request_text(const jr_encoded_request *enc)
{
    size_t n = strlen(enc->path) + strlen(enc->query ? enc->query : "") + enc->body_len + 64;
    char *t = malloc(n);
    if (!t) return NULL;
    snprintf(t, n, "%s%s %s%s%s%s%.*s", enc->plane == JR_PLANE_DATA ? "[data] " : "", enc->method, enc->path,
             enc->query && *enc->query ? "?" : "", enc->query ? enc->query : "", enc->body ? " " : "",
             (int)(enc->body ? enc->body_len : 0), enc->body ? enc->body : "");
    return t;
}

static char *json_text(const cJSON *j)
{
    if (!j) return NULL;
    char *t = cJSON_PrintUnformatted(j);
    char *c = clipped(t, BODY_KEEP);
    free(t);
    return c;
}

static void fill_context(seq *s, const jr_request *req, bool walk, jc_fz_context *c)
{
    memset(c, 0, sizeof *c);
    s->ndip = 0;
    for (int j = 0; j < JRF_NJOBS; j++) {
        jr_job_status st;
        if (jr_machine_job_status(s->m, s->pools.jobs[j], &st) && st == JR_JOB_DELETION_IN_PROGRESS)
            s->dip[s->ndip++] = s->pools.jobs[j];
    }
    c->dip_jobs = s->dip;
    c->ndip = s->ndip;
    c->op = req->op;
    c->req = req;
    c->walk = walk;
    if (req->job_id) c->job_exists = jr_machine_job_status(s->m, req->job_id, &c->job_status);
    latest_ctx l;
    if (model_latest(s, req->job_id, req->thing_name, &l)) {
        c->exec_exists = true;
        c->exec_status = l.status;
        c->version_mismatch = req->expected_version.present && req->expected_version.value != l.version;
    }
}

/* Compares and records; sets s->stop on a divergence or a drifting note. */
static void judge(seq *s, int step, const char *label, const char *request, const jc_fz_context *c, answer *exp,
                  answer *act)
{
    bool clock = s->fz->clock;
    char sanity[160] = "", ignore[160];
    cJSON *eb = exp->status < 300 ? jc_fz_normalize(exp->json, clock, ignore, sizeof ignore) : NULL;
    cJSON *ab = act->status < 300 ? jc_fz_normalize(act->json, clock, sanity, sizeof sanity) : NULL;
    jc_fz_answer e = {exp->status, exp->type, eb}, a = {act->status, act->type, ab};
    char why[512];
    const char *req_id = NULL;
    bool drift = false;
    jc_fz_verdict v = jc_fz_compare(c, &e, &a, why, sizeof why, &req_id, &drift);
    if (v == JC_FZ_SAME && sanity[0]) {
        v = JC_FZ_DIVERGE;
        req_id = strstr(sanity, "startedAt") ? "LC-009" : "WIRE-009";
        snprintf(why, sizeof why, "timestamps: %s", sanity);
    }
    jc_fz_record *rec = new_record(s, step, label);
    if (rec) {
        rec->request = xstrdup(request);
        rec->exp_status = exp->status;
        rec->act_status = act->status;
        rec->exp_type = xstrdup(exp->type);
        rec->act_type = xstrdup(act->type);
        rec->exp_body = json_text(eb);
        rec->act_body = json_text(ab);
        rec->verdict = v;
        rec->why = v == JC_FZ_SAME ? NULL : xstrdup(why);
        rec->req_id = req_id;
    }
    if (v == JC_FZ_NOTE) {
        s->res->notes++;
        if (drift) s->stop = true;
    } else if (v == JC_FZ_DIVERGE) {
        s->res->verdict = JC_FZ_DIVERGE;
        s->res->div_rec = s->res->nrecs - 1;
        s->stop = true;
    }
    cJSON_Delete(eb);
    cJSON_Delete(ab);
}

static int do_call(seq *s, int step, jr_request *req)
{
    jr_encoded_request enc;
    jr_error err;
    memset(&enc, 0, sizeof enc);
    if (jr_encode_request(req, &enc, &err) != JR_OK) {
        snprintf(s->res->error, sizeof s->res->error, "encoding %s: %.300s", jr_op_name(req->op), err.message);
        return -1;
    }
    jc_fz_context c;
    fill_context(s, req, false, &c);
    answer exp, act;
    model_send(s->fz, s->m, &enc, &exp);
    int rc = live_send(s->fz, &enc, &act, s->res->error, sizeof s->res->error);
    if (rc == 0) {
        char *text = request_text(&enc);
        judge(s, step, jr_op_name(req->op), text, &c, &exp, &act);
        free(text);
    }
    answer_clear(&exp);
    answer_clear(&act);
    jr_encoded_request_free(&enc);
    return rc;
}

/* All pages of a list on one side. The answer is the first failing page's,
 * else 200 with {"items": [...]} (ListJobs: only this sequence's jobs). */
static int walk_side(seq *s, bool live, jr_request *tmpl, int64_t max, const char *member, answer *out, int *pages)
{
    cJSON *items = cJSON_CreateArray();
    char *token = NULL;
    memset(out, 0, sizeof *out);
    int rc = 0;
    for (*pages = 0;; (*pages)++) {
        if (*pages >= MAX_PAGES) {
            out->status = 200;
            break;
        }
        tmpl->max_results = (jr_opt_i64){true, max};
        tmpl->next_token = token;
        jr_encoded_request enc;
        jr_error err;
        memset(&enc, 0, sizeof enc);
        bool enc_ok = jr_encode_request(tmpl, &enc, &err) == JR_OK;
        tmpl->next_token = NULL;
        free(token);
        token = NULL;
        if (!enc_ok) {
            rc = -1;
            break;
        }
        answer a;
        if (live) rc = live_send(s->fz, &enc, &a, s->res->error, sizeof s->res->error);
        else model_send(s->fz, s->m, &enc, &a);
        jr_encoded_request_free(&enc);
        if (rc != 0) break;
        if (a.status != 200 || !a.json) {
            *out = a;
            cJSON_Delete(items);
            return 0;
        }
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(a.json, member), *it;
        cJSON_ArrayForEach(it, arr)
        {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "jobId");
            if (tmpl->op == JR_OP_LIST_JOBS && !(cJSON_IsString(id) && strncmp(id->valuestring, s->stem, strlen(s->stem)) == 0))
                continue;
            cJSON_AddItemToArray(items, cJSON_Duplicate(it, true));
        }
        const cJSON *nt = cJSON_GetObjectItemCaseSensitive(a.json, "nextToken");
        if (cJSON_IsString(nt) && nt->valuestring[0]) token = xstrdup(nt->valuestring);
        answer_clear(&a);
        if (!token) {
            out->status = 200;
            break;
        }
    }
    free(token);
    if (rc != 0) {
        cJSON_Delete(items);
        return -1;
    }
    out->json = cJSON_CreateObject();
    cJSON_AddItemToObject(out->json, "items", items);
    return 0;
}

static int do_walk(seq *s, int step, jr_request *tmpl, int64_t max, const char *member)
{
    jc_fz_context c;
    fill_context(s, tmpl, true, &c);
    answer exp, act;
    int ep = 0, ap = 0;
    if (walk_side(s, false, tmpl, max, member, &exp, &ep) != 0) return -1;
    if (walk_side(s, true, tmpl, max, member, &act, &ap) != 0) {
        answer_clear(&exp);
        return -1;
    }
    char label[128], text[256];
    snprintf(label, sizeof label, "%s walk (maxResults %" PRId64 ")", jr_op_name(tmpl->op), max);
    jr_encoded_request enc;
    jr_error err;
    memset(&enc, 0, sizeof enc);
    tmpl->max_results = (jr_opt_i64){true, max};
    if (jr_encode_request(tmpl, &enc, &err) == JR_OK) {
        char *t = request_text(&enc);
        snprintf(text, sizeof text, "%s, following nextToken (%d page(s) from the model, %d from the endpoint)",
                 t ? t : "", ep + 1, ap + 1);
        free(t);
        jr_encoded_request_free(&enc);
    } else {
        snprintf(text, sizeof text, "%s", label);
    }
    judge(s, step, label, text, &c, &exp, &act);
    answer_clear(&exp);
    answer_clear(&act);
    return 0;
}

static int advance(seq *s, int step, int64_t ms, bool record)
{
    if (!s->fz->clock) {
        if (record) {
            jc_fz_record *rec = new_record(s, step, "clock step skipped (no controllable clock)");
            if (rec) rec->request = xstrdup("(none)");
        }
        return 0;
    }
    char body[64];
    snprintf(body, sizeof body, "{\"ms\":%" PRId64 "}", ms);
    answer a;
    if (live_raw(s->fz, JR_PLANE_CONTROL, "POST", "/_jobsref/clock/advance", NULL, body, &a, s->res->error,
                 sizeof s->res->error) != 0)
        return -1;
    int st = a.status;
    answer_clear(&a);
    if (st != 200) {
        snprintf(s->res->error, sizeof s->res->error, "POST /_jobsref/clock/advance answered %d", st);
        return -1;
    }
    jr_virtual_clock_advance(&s->vc, ms);
    jr_machine_advance(s->m);
    if (record) {
        char label[96];
        snprintf(label, sizeof label, "advance both clocks by %" PRId64 " ms", ms);
        jc_fz_record *rec = new_record(s, step, label);
        if (rec) rec->request = xstrdup("POST /_jobsref/clock/advance");
    }
    return 0;
}

static void req_init(jr_request *r, jr_op op)
{
    memset(r, 0, sizeof *r);
    r->op = op;
    r->plane = jr_op_plane(op);
}

/* After the steps: DescribeJob of every job id and a walk of the executions
 * of every job the model has, so a wrong state shows even when no step
 * happened to read it. */
static int audit(seq *s)
{
    for (int j = 0; j < JRF_NJOBS && !s->stop; j++) {
        jr_request r;
        req_init(&r, JR_OP_DESCRIBE_JOB);
        r.job_id = xstrdup(s->pools.jobs[j]);
        int rc = do_call(s, -1, &r);
        jr_request_free(&r);
        if (rc != 0) return -1;
        jr_job_status st;
        if (s->stop || !jr_machine_job_status(s->m, s->pools.jobs[j], &st)) continue;
        req_init(&r, JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
        r.job_id = xstrdup(s->pools.jobs[j]);
        rc = do_walk(s, -1, &r, 2, "executionSummaries");
        jr_request_free(&r);
        if (rc != 0) return -1;
    }
    return 0;
}

/* Deletes what this sequence may have created on the endpoint (its own
 * names only), then lets deletions finish when the clock can be moved. */
static void cleanup(seq *s)
{
    char path[256], err[256];
    answer a;
    for (int j = 0; j < JRF_NJOBS; j++) {
        snprintf(path, sizeof path, "/jobs/%s", s->pools.jobs[j]);
        if (live_raw(s->fz, JR_PLANE_CONTROL, "DELETE", path, "force=true", NULL, &a, err, sizeof err) == 0)
            answer_clear(&a);
        if (s->long_ids & (1u << j)) { /* created only by a server that skips the length check */
            char id[JR_JOB_ID_MAX + 2];
            jrf_long_job_id(&s->pools, j, id);
            snprintf(path, sizeof path, "/jobs/%s", id);
            if (live_raw(s->fz, JR_PLANE_CONTROL, "DELETE", path, "force=true", NULL, &a, err, sizeof err) == 0)
                answer_clear(&a);
        }
    }
    for (int t = 0; t < JRF_NTHINGS; t++) {
        snprintf(path, sizeof path, "/things/%s", s->pools.things[t]);
        if (live_raw(s->fz, JR_PLANE_CONTROL, "DELETE", path, NULL, NULL, &a, err, sizeof err) == 0)
            answer_clear(&a);
    }
    for (int g = 0; g < JRF_NGROUPS; g++) {
        snprintf(path, sizeof path, "/thing-groups/%s", s->pools.groups[g]);
        if (live_raw(s->fz, JR_PLANE_CONTROL, "DELETE", path, NULL, NULL, &a, err, sizeof err) == 0)
            answer_clear(&a);
    }
    if (s->fz->clock) {
        char body[64];
        snprintf(body, sizeof body, "{\"ms\":%" PRId64 "}", s->fz->cfg.deletion_delay_ms + 1000);
        if (live_raw(s->fz, JR_PLANE_CONTROL, "POST", "/_jobsref/clock/advance", NULL, body, &a, err, sizeof err) == 0)
            answer_clear(&a);
    }
}

static int64_t live_now(jc_fz *fz)
{
    answer a;
    char err[256];
    int64_t now = 0;
    if (fz->clock && live_raw(fz, JR_PLANE_CONTROL, "GET", "/_jobsref/clock", NULL, NULL, &a, err, sizeof err) == 0) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(a.json, "nowMs");
        if (cJSON_IsNumber(n)) now = (int64_t)n->valuedouble;
        answer_clear(&a);
    }
    if (!now) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    }
    return now;
}

int jc_fz_run(jc_fz *fz, const uint8_t *data, size_t len, jc_fz_result *out)
{
    memset(out, 0, sizeof *out);
    seq *s = calloc(1, sizeof *s);
    if (!s) return -1;
    s->fz = fz;
    s->res = out;
    unsigned long n = ++fz->seq;
    snprintf(s->stem, sizeof s->stem, "%s-%lu-", fz->prefix, n);
    static const char *const T[] = {"t0", "t1", "t2", "t3"}, *const G[] = {"g0", "g1", "g2"},
                             *const J[] = {"j0", "j1", "j2", "j3"};
    int k = 0;
    for (int i = 0; i < JRF_NTHINGS; i++, k++) {
        snprintf(s->names[k], sizeof s->names[k], "%s%s", s->stem, T[i]);
        s->pools.things[i] = s->names[k];
    }
    for (int i = 0; i < JRF_NGROUPS; i++, k++) {
        snprintf(s->names[k], sizeof s->names[k], "%s%s", s->stem, G[i]);
        s->pools.groups[i] = s->names[k];
    }
    for (int i = 0; i < JRF_NJOBS; i++, k++) {
        snprintf(s->names[k], sizeof s->names[k], "%s%s", s->stem, J[i]);
        s->pools.jobs[i] = s->names[k];
    }
    snprintf(s->names[k], sizeof s->names[k], "%snosuchthing", s->stem);
    s->pools.unknown_thing = s->names[k];
    s->pools.arn_prefix = fz->arn_prefix;

    jr_virtual_clock_init(&s->vc, live_now(fz));
    jr_machine_config mc;
    jr_machine_config_default(&mc);
    mc.region = fz->region;
    mc.account_id = fz->account;
    mc.deletion_delay_ms = fz->cfg.deletion_delay_ms;
    mc.token_key = 0x5eed ^ n;
    s->m = jr_machine_new(&mc, jr_clock_virtual(&s->vc));
    if (!s->m) {
        free(s);
        return -1;
    }
    int rc = 0;
    const uint8_t *p = data, *end = data + len;
    for (int step = 0; p < end && !s->stop && rc == 0; step++) {
        jrf_gen_ctx g = {&s->pools, s->vc.now_ms, model_version, s};
        jrf_step st;
        p += jrf_grammar_step(&g, p, (size_t)(end - p), &st);
        out->steps++;
        if (st.req.job_id && strlen(st.req.job_id) > JR_JOB_ID_MAX)
            for (int j = 0; j < JRF_NJOBS; j++)
                if (strncmp(st.req.job_id, s->pools.jobs[j], strlen(s->pools.jobs[j])) == 0) s->long_ids |= 1u << j;
        if (st.kind == JRF_STEP_ADVANCE) rc = advance(s, step, st.advance_ms, true);
        else if (st.kind == JRF_STEP_WALK) rc = do_walk(s, step, &st.req, st.walk_max, st.walk_member);
        else rc = do_call(s, step, &st.req);
        jrf_step_free(&st);
    }
    if (rc == 0 && !s->stop) rc = audit(s);
    cleanup(s);
    if (rc != 0) out->harness_error = true;
    jr_machine_free(s->m);
    free(s);
    fz->stats.sequences++;
    return rc == 0 ? 0 : -1;
}

void jc_fz_result_clear(jc_fz_result *r)
{
    for (size_t i = 0; i < r->nrecs; i++) {
        jc_fz_record *x = &r->recs[i];
        free(x->label);
        free(x->request);
        free(x->exp_type);
        free(x->act_type);
        free(x->exp_body);
        free(x->act_body);
        free(x->why);
    }
    free(r->recs);
    memset(r, 0, sizeof *r);
}

/* ---- bytes -------------------------------------------------------------------------- */

static const jrf_pools SHORT = {{"t0", "t1", "t2", "t3"}, {"g0", "g1", "g2"}, {"j0", "j1", "j2", "j3"},
                                "nosuchthing", "arn:aws:iot:us-east-1:123456789012:"};

size_t jc_fz_split(const uint8_t *data, size_t len, size_t *offsets, size_t max)
{
    jrf_gen_ctx g = {&SHORT, 0, NULL, NULL};
    size_t n = 0, off = 0;
    while (off < len) {
        jrf_step st;
        size_t used = jrf_grammar_step(&g, data + off, len - off, &st);
        jrf_step_free(&st);
        if (n < max) offsets[n] = off;
        n++;
        off += used ? used : 1;
    }
    return n;
}

void jc_fz_describe_step(const uint8_t *p, size_t n, char *buf, size_t len)
{
    jrf_gen_ctx g = {&SHORT, 1700000000000LL, NULL, NULL};
    jrf_step st;
    jrf_grammar_step(&g, p, n, &st);
    if (st.kind == JRF_STEP_ADVANCE) {
        snprintf(buf, len, "advance the clock by %" PRId64 " ms", st.advance_ms);
    } else {
        jr_encoded_request enc;
        jr_error err;
        memset(&enc, 0, sizeof enc);
        if (jr_encode_request(&st.req, &enc, &err) == JR_OK) {
            char *t = request_text(&enc);
            snprintf(buf, len, "%s%s: %s", jr_op_name(st.req.op), st.kind == JRF_STEP_WALK ? " (walk)" : "",
                     t ? t : "");
            free(t);
            jr_encoded_request_free(&enc);
        } else {
            snprintf(buf, len, "%s", jr_op_name(st.req.op));
        }
    }
    jrf_step_free(&st);
}

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct gen {
    uint8_t *buf;
    size_t len, cap;
    uint64_t *rng;
} gen;

static unsigned rnd(gen *g, unsigned n) { return (unsigned)(splitmix(g->rng) % n); }

/* Appends one step: the opcode, then `fixed` parameter bytes as given and
 * random bytes for the rest, keeping only what the grammar consumes. */
static void emit(gen *g, int op, const uint8_t *fixed, size_t nfixed)
{
    uint8_t tmp[16];
    tmp[0] = (uint8_t)op;
    for (size_t i = 1; i < sizeof tmp; i++) tmp[i] = (uint8_t)splitmix(g->rng);
    for (size_t i = 0; i < nfixed && i + 1 < sizeof tmp; i++) tmp[i + 1] = fixed[i];
    jrf_gen_ctx c = {&SHORT, 0, NULL, NULL};
    jrf_step st;
    size_t used = jrf_grammar_step(&c, tmp, sizeof tmp, &st);
    jrf_step_free(&st);
    if (g->len + used > g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 256;
        while (cap < g->len + used) cap *= 2;
        uint8_t *b = realloc(g->buf, cap);
        if (!b) return;
        g->buf = b;
        g->cap = cap;
    }
    memcpy(g->buf + g->len, tmp, used);
    g->len += used;
}

/* A status for UpdateJobExecution, mostly the ones a device sends
 * (IN_PROGRESS, SUCCEEDED, FAILED, REJECTED), now and then one only the
 * service sets. */
static unsigned device_status(gen *g)
{
    static const jr_exec_status S[] = {JR_EXEC_IN_PROGRESS, JR_EXEC_IN_PROGRESS, JR_EXEC_IN_PROGRESS, JR_EXEC_SUCCEEDED,
                                       JR_EXEC_SUCCEEDED,   JR_EXEC_FAILED,      JR_EXEC_FAILED,      JR_EXEC_REJECTED};
    return rnd(g, 5) == 0 ? rnd(g, JR_EXEC_STATUS_COUNT) : (unsigned)S[rnd(g, 8)];
}

/* Parameter bytes of an execution operation aimed at a job the setup
 * created (jobs 0..jobs-1) and, for expectedVersion, mostly "none" or "the
 * current version", so that the operation reaches the state rules instead
 * of stopping at a missing job or a version conflict. One operation in
 * eight keeps fully random bytes. Returns the number of fixed bytes. */
static size_t aim(gen *g, int op, int jobs, uint8_t *fixed)
{
    if (rnd(g, 8) == 0) return 0;
    unsigned thing = rnd(g, JRF_NTHINGS), job = rnd(g, (unsigned)jobs), high = rnd(g, 256);
    unsigned version = rnd(g, 8) < 6 ? rnd(g, 2) : 2 + rnd(g, 2); /* 0 none, 1 current, 2 stale, 3 999 */
    switch (op) {
    case JRF_SM_UPDATE_EXECUTION:
        fixed[0] = (uint8_t)(thing | job << 2 | (high & 0xf0));
        fixed[1] = (uint8_t)(device_status(g) | version << 3 | (rnd(g, 8) << 5));
        return 2;
    case JRF_SM_CANCEL_EXECUTION:
        fixed[0] = (uint8_t)(thing | job << 2 | (high & 0x30) | version << 6);
        return 1;
    case JRF_SM_DESCRIBE_EXECUTION:
    case JRF_SM_DELETE_EXECUTION:
        fixed[0] = (uint8_t)(thing | job << 2 | (high & 0xf0));
        return 1;
    case JRF_SM_DATA_DESCRIBE_EXECUTION:
        fixed[0] = (uint8_t)(thing | job << 2 | (high & 0xf0));
        return 1;
    case JRF_SM_DESCRIBE_JOB:
    case JRF_SM_GET_DOCUMENT:
    case JRF_SM_CANCEL_JOB:
    case JRF_SM_DELETE_JOB:
        fixed[0] = (uint8_t)(job | (high & 0xfc));
        return 1;
    case JRF_SM_ASSOCIATE:
    case JRF_SM_UPDATE_JOB:
        fixed[0] = (uint8_t)(job | (high & 0xfc));
        fixed[1] = (uint8_t)rnd(g, 256);
        return 2;
    default:
        return 0;
    }
}

uint8_t *jc_fz_generate(uint64_t *rng, int n, bool clock, size_t *len)
{
    gen g = {NULL, 0, 0, rng};
    /* setup: things, a group or two with members, one to three jobs */
    for (int t = 0; t < JRF_NTHINGS; t++)
        if (rnd(&g, 8) != 0) /* attributes at times; no thingTypeName (it names a type nobody created) */
            emit(&g, JRF_SM_CREATE_THING, (uint8_t[]){(uint8_t)(t | (rnd(&g, 4) << 6))}, 1);
    int groups = 1 + (int)rnd(&g, 2);
    for (int i = 0; i < groups; i++) emit(&g, JRF_SM_CREATE_GROUP, (uint8_t[]){(uint8_t)(i | (rnd(&g, 16) << 2 & 0x7c))}, 1);
    for (int i = (int)rnd(&g, 3); i > 0; i--)
        emit(&g, JRF_SM_ADD_TO_GROUP, (uint8_t[]){(uint8_t)(rnd(&g, 4) | (rnd(&g, (unsigned)groups) << 2))}, 1);
    int jobs = 1 + (int)rnd(&g, 3);
    for (int i = 0; i < jobs; i++) {
        uint8_t b = (uint8_t)(i | (rnd(&g, 16) << 4));
        uint8_t mask = (uint8_t)(1 + rnd(&g, 0x7f));
        if (rnd(&g, 16) == 0) mask |= 0x80; /* an unknown target, now and then */
        uint8_t sel = 0;
        for (int bit = 0; bit < 6; bit++) /* retries (bit 2) a little more often: they make second executions */
            if (rnd(&g, bit == 4 ? 12 : bit == 2 ? 3 : 4) == 0) sel |= (uint8_t)(1u << bit);
        if (!clock) sel &= (uint8_t)~16u; /* scheduling needs the clock to start */
        emit(&g, JRF_SM_CREATE_JOB, (uint8_t[]){b, mask, sel}, 3);
    }
    /* operations, weighted towards the executions */
    static const struct { int op, w; } W[] = {
        {JRF_SM_UPDATE_EXECUTION, 10}, {JRF_SM_START_NEXT, 6},      {JRF_SM_DATA_DESCRIBE_EXECUTION, 3},
        {JRF_SM_GET_PENDING, 3},       {JRF_SM_DESCRIBE_EXECUTION, 3}, {JRF_SM_CANCEL_EXECUTION, 3},
        {JRF_SM_DELETE_EXECUTION, 2},  {JRF_SM_DESCRIBE_JOB, 3},    {JRF_SM_CANCEL_JOB, 2},
        {JRF_SM_DELETE_JOB, 2},        {JRF_SM_UPDATE_JOB, 1},      {JRF_SM_ASSOCIATE, 2},
        {JRF_SM_LIST_JOBS, 2},         {JRF_SM_LIST_FOR_THING, 2},  {JRF_SM_LIST_THINGS_IN_GROUP, 1},
        {JRF_SM_GET_DOCUMENT, 1},      {JRF_SM_ADD_TO_GROUP, 2},    {JRF_SM_REMOVE_FROM_GROUP, 1},
        {JRF_SM_DELETE_THING, 1},      {JRF_SM_CREATE_JOB, 1},      {JRF_SM_ADVANCE, 3},
        {JRF_SM_CREATE_THING, 1},      {JRF_SM_DESCRIBE_THING, 1},  {JRF_SM_DESCRIBE_GROUP, 1},
        {JRF_SM_DELETE_GROUP, 1},      {JRF_SM_CREATE_GROUP, 1},      {JRF_SM_LIMITS, 2},
    };
    int total = 0;
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++)
        if (clock || W[i].op != JRF_SM_ADVANCE) total += W[i].w;
    for (int i = 0; i < n; i++) {
        int x = (int)rnd(&g, (unsigned)total);
        for (size_t k = 0; k < sizeof W / sizeof W[0]; k++) {
            if (!clock && W[k].op == JRF_SM_ADVANCE) continue;
            if (x < W[k].w) {
                uint8_t fixed[2];
                size_t nf = aim(&g, W[k].op, jobs, fixed);
                emit(&g, W[k].op, nf ? fixed : NULL, nf);
                break;
            }
            x -= W[k].w;
        }
    }
    *len = g.len;
    return g.buf;
}
