/* Result records: status and level names, jc_run_free, jc_run_finalize,
 * jc_formats_parse and jc_reports_write. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uthash.h>

#include "jc_report.h"
#include "jc_report_util.h"

static const char *const STATUS_NAMES[JC_STATUS_COUNT] = {"PASS", "FAIL", "SKIP", "DISABLED", "ERROR", "BLOCKED", "XFAIL", "XPASS"};
static const char *const LEVEL_NAMES[JC_LEVEL_COUNT] = {"MUST", "SHOULD", "MAY"};

const char *jc_status_name(jc_status s)
{
    return (unsigned)s < JC_STATUS_COUNT ? STATUS_NAMES[s] : "UNKNOWN";
}

bool jc_status_parse(const char *s, jc_status *out)
{
    if (!s) return false;
    for (int i = 0; i < JC_STATUS_COUNT; i++) {
        if (strcmp(s, STATUS_NAMES[i]) == 0) {
            if (out) *out = (jc_status)i;
            return true;
        }
    }
    return false;
}

const char *jc_level_name(jc_level l)
{
    return (unsigned)l < JC_LEVEL_COUNT ? LEVEL_NAMES[l] : "UNKNOWN";
}

bool jc_level_parse(const char *s, jc_level *out)
{
    if (!s) return false;
    for (int i = 0; i < JC_LEVEL_COUNT; i++) {
        if (strcmp(s, LEVEL_NAMES[i]) == 0) {
            if (out) *out = (jc_level)i;
            return true;
        }
    }
    return false;
}

static void free_strv(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void jc_check_clear(jc_check *c)
{
    if (!c) return;
    free(c->requirement);
    free(c->where);
    free(c->message);
    memset(c, 0, sizeof *c);
}

static void free_verdicts(jc_scenario_result *sc)
{
    for (size_t k = 0; k < sc->verdict_count; k++) free(sc->verdicts[k].requirement);
    free(sc->verdicts);
    sc->verdicts = NULL;
    sc->verdict_count = 0;
}

void jc_run_free(jc_run *run)
{
    if (!run) return;
    free(run->tool_name);
    free(run->tool_version);
    free(run->endpoint);
    free(run->data_endpoint);
    free(run->region);
    free(run->started_at);
    free(run->incomplete_reason);
    for (size_t i = 0; i < run->config_count; i++) {
        free(run->config[i].key);
        free(run->config[i].value);
    }
    free(run->config);
    for (size_t i = 0; i < run->scenario_count; i++) {
        jc_scenario_result *sc = &run->scenarios[i];
        free(sc->id);
        free(sc->suite);
        free(sc->title);
        free_strv(sc->requirement_ids, sc->requirement_count);
        free(sc->baseline_reason);
        free(sc->message);
        free(sc->blocked_operation);
        free(sc->server_error_operation);
        free(sc->ops_under_test);
        free(sc->ops_setup);
        free(sc->ops_called);
        free(sc->ops_succeeded);
        free(sc->ops_checked);
        free(sc->ops_refused);
        for (size_t j = 0; j < sc->check_count; j++) jc_check_clear(&sc->checks[j]);
        free(sc->checks);
        free_verdicts(sc);
        for (size_t j = 0; j < sc->exchange_count; j++) {
            jc_exchange *ex = &sc->transcript[j];
            free(ex->method);
            free(ex->url);
            free(ex->request_headers);
            free(ex->request_body);
            free(ex->response_headers);
            free(ex->response_body);
            free(ex->transport_error);
        }
        free(sc->transcript);
    }
    free(run->scenarios);
    for (size_t i = 0; i < run->requirement_count; i++) {
        jc_requirement_result *rq = &run->requirements[i];
        free(rq->id);
        free(rq->source);
        free(rq->statement);
        free_strv(rq->scenario_ids, rq->scenario_count);
    }
    free(run->requirements);
    for (size_t i = 0; i < run->operation_count; i++) jc_op_row_clear(&run->operations[i]);
    free(run->operations);
    memset(run, 0, sizeof *run);
}

/* Requirement id -> index in run->requirements (first occurrence wins). */
typedef struct req_idx {
    const char *id;
    size_t index;
    size_t cap; /* capacity of the scenario list being rebuilt */
    UT_hash_handle hh;
} req_idx;

void jc_result_apply_baseline(jc_scenario_result *r, const char *reason)
{
    if (!r) return;
    if (reason && (!r->baseline_reason || strcmp(r->baseline_reason, reason) != 0)) {
        char *copy = strdup(reason);
        if (copy) {
            free(r->baseline_reason);
            r->baseline_reason = copy;
        }
    }
    r->expected_failure = true;
    r->unexpected_pass = false;
    switch (r->raw_status) {
    case JC_PASS:
        r->status = JC_XPASS;
        r->unexpected_pass = true;
        break;
    case JC_FAIL:
    case JC_ERROR:
    case JC_BLOCKED: r->status = JC_XFAIL; break;
    default: r->status = r->raw_status; break; /* SKIP, DISABLED: nothing was shown */
    }
}

/* Whether a failed check applies to requirement `rid`. */
static bool check_fails(const jc_scenario_result *sc, const char *rid)
{
    for (size_t c = 0; c < sc->check_count; c++) {
        const jc_check *ck = &sc->checks[c];
        if (!ck->passed && (!ck->requirement || strcasecmp(ck->requirement, rid) == 0)) return true;
    }
    return false;
}

static bool any_failed_check(const jc_scenario_result *sc)
{
    for (size_t c = 0; c < sc->check_count; c++)
        if (!sc->checks[c].passed) return true;
    return false;
}

/* One verdict per distinct requirement of a scenario. A failed check
 * counts against the requirement it names (or all of them when it names
 * none); otherwise the requirement shares the scenario's raw outcome. A
 * FAIL without any recorded failed check (results of schema version 1)
 * counts against every requirement. The baseline turns a failing verdict
 * into XFAIL; an XPASS scenario showed its requirements PASS. */
static void derive_verdicts(jc_scenario_result *sc, req_idx *map, const jc_run *run)
{
    bool legacy_fail = sc->raw_status == JC_FAIL && !any_failed_check(sc);
    free_verdicts(sc);
    sc->warning = false;
    if (!sc->requirement_count) return;
    sc->verdicts = calloc(sc->requirement_count, sizeof *sc->verdicts);
    if (!sc->verdicts) return;
    for (size_t k = 0; k < sc->requirement_count; k++) {
        const char *rid = sc->requirement_ids[k];
        req_idx *e = NULL;
        bool dup = false;
        if (!rid) continue;
        for (size_t j = 0; j < sc->verdict_count && !dup; j++) dup = strcmp(sc->verdicts[j].requirement, rid) == 0;
        if (dup) continue;
        jc_req_verdict *v = &sc->verdicts[sc->verdict_count];
        v->requirement = strdup(rid);
        if (!v->requirement) continue;
        HASH_FIND_STR(map, rid, e);
        v->level = e ? run->requirements[e->index].level : JC_MUST;
        if (legacy_fail || check_fails(sc, rid)) v->status = JC_FAIL;
        else if (sc->raw_status == JC_FAIL) v->status = JC_PASS; /* the failure was another requirement's */
        else v->status = sc->raw_status;
        if (sc->status == JC_XFAIL && (v->status == JC_FAIL || v->status == JC_ERROR || v->status == JC_BLOCKED))
            v->status = JC_XFAIL;
        sc->verdict_count++;
    }
    /* A FAIL is a warning when every requirement it failed is SHOULD or MAY. */
    if (sc->status == JC_FAIL) {
        size_t failed = 0, must = 0;
        for (size_t k = 0; k < sc->verdict_count; k++) {
            if (sc->verdicts[k].status != JC_FAIL) continue;
            failed++;
            if (sc->verdicts[k].level == JC_MUST) must++;
        }
        sc->warning = failed > 0 && must == 0;
    }
}

void jc_run_finalize(jc_run *run)
{
    req_idx *map = NULL, *e, *tmp;
    bool *seen_worst = NULL;
    if (!run) return;
    jc_ops_finalize(run);
    memset(run->counts, 0, sizeof run->counts);
    run->unexpected_passes = 0;
    run->warnings = 0;
    /* Requirement id -> index; every requirement's lists are rebuilt. */
    for (size_t r = 0; r < run->requirement_count; r++) {
        jc_requirement_result *rq = &run->requirements[r];
        free_strv(rq->scenario_ids, rq->scenario_count);
        rq->scenario_ids = NULL;
        rq->scenario_count = 0;
        rq->covered = false;
        rq->status = JC_SKIP;
        memset(rq->counts, 0, sizeof rq->counts);
        if (!rq->id) continue;
        HASH_FIND_STR(map, rq->id, e);
        if (e) continue;
        e = calloc(1, sizeof *e);
        if (!e) break; /* out of memory: the requirement stays uncovered */
        e->id = rq->id;
        e->index = r;
        HASH_ADD_KEYPTR(hh, map, e->id, strlen(e->id), e);
    }
    for (size_t i = 0; i < run->scenario_count; i++) {
        jc_scenario_result *sc = &run->scenarios[i];
        /* A strict baseline: a listed scenario that passes is an XPASS. */
        if (sc->expected_failure && sc->status != JC_DISABLED) jc_result_apply_baseline(sc, NULL);
        derive_verdicts(sc, map, run);
        if ((unsigned)sc->status < JC_STATUS_COUNT) run->counts[sc->status]++;
        if (sc->warning) run->warnings++;
    }
    run->unexpected_passes = run->counts[JC_XPASS];
    seen_worst = calloc(run->requirement_count ? run->requirement_count : 1, sizeof *seen_worst);
    for (size_t i = 0; i < run->scenario_count && seen_worst; i++) {
        jc_scenario_result *sc = &run->scenarios[i];
        for (size_t k = 0; k < sc->verdict_count; k++) {
            const jc_req_verdict *v = &sc->verdicts[k];
            jc_requirement_result *rq;
            if (!sc->id) continue;
            HASH_FIND_STR(map, v->requirement, e);
            if (!e) continue; /* not in the catalogue */
            rq = &run->requirements[e->index];
            if (rq->scenario_count == e->cap) {
                size_t ncap = e->cap ? e->cap * 2 : 4;
                char **nv = realloc(rq->scenario_ids, ncap * sizeof *nv);
                if (!nv) continue;
                rq->scenario_ids = nv;
                e->cap = ncap;
            }
            rq->scenario_ids[rq->scenario_count] = strdup(sc->id);
            if (!rq->scenario_ids[rq->scenario_count]) continue;
            rq->scenario_count++;
            rq->covered = true;
            if ((unsigned)v->status < JC_STATUS_COUNT) rq->counts[v->status]++;
            if (!seen_worst[e->index] || jc_status_rank(v->status) > jc_status_rank(rq->status)) {
                rq->status = v->status;
                seen_worst[e->index] = true;
            }
        }
    }
    free(seen_worst);
    HASH_ITER(hh, map, e, tmp)
    {
        HASH_DEL(map, e);
        free(e);
    }
}

int jc_run_exit_code(const jc_run *run, bool strict)
{
    if (!run) return 1;
    for (size_t i = 0; i < run->scenario_count; i++) {
        const jc_scenario_result *sc = &run->scenarios[i];
        switch (sc->status) {
        case JC_ERROR:
        case JC_BLOCKED:
        case JC_XPASS: return 1;
        case JC_FAIL:
            if (strict || !sc->warning) return 1;
            break;
        default: break;
        }
    }
    return 0;
}

void jc_run_print_summary(const jc_run *run, FILE *out, double duration_s)
{
    const size_t *c = run->counts;
    fprintf(out, "jobsconf: %zu passed, %zu failed, %zu skipped, %zu errors, %zu disabled, %zu blocked, %zu xfail, %zu xpass (%.1f s)\n",
            c[JC_PASS], c[JC_FAIL], c[JC_SKIP], c[JC_ERROR], c[JC_DISABLED], c[JC_BLOCKED], c[JC_XFAIL], c[JC_XPASS], duration_s);
    if (run->warnings)
        fprintf(out, "jobsconf: %zu of the %zu failed scenario(s) failed only SHOULD/MAY checks: warnings%s\n", run->warnings,
                c[JC_FAIL], run->strict ? " (failing the run: --strict)" : " (they fail the run only with --strict)");
    if (c[JC_XPASS]) fprintf(out, "jobsconf: %zu unexpected pass(es) (XPASS): update the baseline\n", c[JC_XPASS]);
}

int jc_formats_parse(const char *list, unsigned *out, char *err, size_t err_len)
{
    unsigned mask = 0;
    const char *p = list;
    if (!list || !out) return jc_errf(err, err_len, "format list: missing");
    if (!*list) return jc_errf(err, err_len, "format list: empty (expected junit,json,html,md or all)");
    while (1) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        /* trim spaces around each item */
        while (n && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
#define ITEM(name) (n == strlen(name) && strncasecmp(p, name, n) == 0)
        if (ITEM("junit") || ITEM("xml")) mask |= JC_FORMAT_JUNIT;
        else if (ITEM("json")) mask |= JC_FORMAT_JSON;
        else if (ITEM("html")) mask |= JC_FORMAT_HTML;
        else if (ITEM("md") || ITEM("markdown")) mask |= JC_FORMAT_MD;
        else if (ITEM("all")) mask |= JC_FORMAT_ALL;
        else if (n == 0) return jc_errf(err, err_len, "format list \"%s\": empty item", list);
        else return jc_errf(err, err_len, "format list: unknown format \"%.*s\" (expected junit, json, html, md or all)", (int)n, p);
#undef ITEM
        if (!comma) break;
        p = comma + 1;
    }
    *out = mask;
    return 0;
}

static int mkdir_p(const char *dir, char *err, size_t err_len)
{
    char *path = strdup(dir);
    if (!path) return jc_errf(err, err_len, "report dir: out of memory");
    for (char *p = path + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                jc_errf(err, err_len, "report dir %s: cannot create %s: %s", dir, path, strerror(e));
                free(path);
                return -1;
            }
            *p = c;
            if (c == '\0') break;
        }
    }
    free(path);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return jc_errf(err, err_len, "report dir %s: not a directory", dir);
    return 0;
}

typedef int (*writer_fn)(const jc_run *, FILE *, char *, size_t);

void jc_reports_clear(const char *dir)
{
    static const char *const names[] = {"junit.xml", "results.json", "report.html", "summary.md"};
    char path[4096];
    for (size_t i = 0; dir && i < sizeof names / sizeof names[0]; i++)
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) < sizeof path) unlink(path);
}

int jc_reports_write(const jc_run *run, const char *dir, unsigned formats, char *err, size_t err_len)
{
    static const struct {
        unsigned flag;
        const char *name;
        writer_fn fn;
    } W[] = {
        {JC_FORMAT_JUNIT, "junit.xml", jc_report_junit},
        {JC_FORMAT_JSON, "results.json", jc_report_json},
        {JC_FORMAT_HTML, "report.html", jc_report_html},
        {JC_FORMAT_MD, "summary.md", jc_report_markdown},
    };
    if (!run) return jc_errf(err, err_len, "run: missing");
    if (!dir || !*dir) return jc_errf(err, err_len, "report dir: missing");
    if (formats & ~(unsigned)JC_FORMAT_ALL) return jc_errf(err, err_len, "formats: unknown bits 0x%x", formats);
    if (mkdir_p(dir, err, err_len) != 0) return -1;
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++) {
        char path[4096], sub[512] = "";
        FILE *f;
        int rc;
        if (!(formats & W[i].flag)) continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, W[i].name) >= sizeof path)
            return jc_errf(err, err_len, "report dir: path too long");
        /* written beside and renamed: a report file is whole or absent */
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
        f = fopen(tmp, "w");
        if (!f) return jc_errf(err, err_len, "%s: cannot open for writing: %s", tmp, strerror(errno));
        rc = W[i].fn(run, f, sub, sizeof sub);
        if (fclose(f) != 0 && rc == 0) {
            int e = errno;
            unlink(tmp);
            return jc_errf(err, err_len, "%s: write failed: %s", tmp, strerror(e));
        }
        if (rc != 0) {
            unlink(tmp);
            return jc_errf(err, err_len, "%s: %s", path, sub);
        }
        if (rename(tmp, path) != 0) {
            int e = errno;
            unlink(tmp);
            return jc_errf(err, err_len, "%s: cannot rename into place: %s", path, strerror(e));
        }
    }
    return 0;
}
