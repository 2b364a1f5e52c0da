/* jobsconf: the conformance runner. `jobsconf --help` for usage; the
 * framework is described in suites/README.md. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <CUnit/TestRun.h>
#include <curl/curl.h>

#include "jc_baseline.h"
#include "jc_config.h"
#include "jc_report.h"
#include "jc_scenario.h"
#ifdef JC_HAVE_CATALOGUE
#include "requirements.h"
#endif
#ifdef JC_HAVE_SERVER
#include "jr_server.h"
#endif

#ifndef JC_VERSION
#define JC_VERSION "0.1.0"
#endif

enum { EXIT_OK = 0, EXIT_FAILURES = 1, EXIT_USAGE = 2, EXIT_HARNESS = 3 };

static const char USAGE[] =
    "usage: jobsconf run [options]          run the conformance scenarios\n"
    "       jobsconf list [--json]          list scenarios and requirement coverage\n"
    "       jobsconf report --from results.json [--format LIST] [--report-dir DIR]\n"
    "       jobsconf diff OLD.json NEW.json  compare two runs (exit 1 on a regression)\n"
    "       jobsconf --help | --version\n"
    "\n"
    "run options (each also JOBSCONF_<NAME> in the environment, or `name = value`\n"
    "in the --config file; flags win over the environment, which wins over the file):\n"
    "  --endpoint URL           control plane to test; none: start the bundled jobsref\n"
    "  --data-endpoint URL      data plane (default: the control endpoint)\n"
    "  --region R               SigV4 region (us-east-1)\n"
    "  --signing-name NAME      control-plane signing name (execute-api)\n"
    "  --data-signing-name NAME data-plane signing name (iot-jobs-data)\n"
    "  --suite S                only this API area (repeatable; case-insensitive)\n"
    "  --tag T                  only scenarios with this tag (repeatable)\n"
    "  --requirement ID         only scenarios naming this requirement (repeatable)\n"
    "  --baseline FILE          expected failures: `scenario-id reason` lines\n"
    "  --report-dir DIR         where reports go (jobsconf-reports)\n"
    "  --format LIST            junit,json,html,md or all (all)\n"
    "  --prefix P               resource names start with jcP- (default: jc + 6 random hex)\n"
    "  --timeout S              per-request timeout in seconds (10)\n"
    "  --poll-deadline S        eventual-consistency deadline in seconds (10)\n"
    "  --slow                   run clock scenarios in real time when no virtual clock\n"
    "  --jobs N                 parallel workers (1)\n"
    "  --verbose                print the transcript of failures\n"
    "  --config FILE            settings file (also JOBSCONF_CONFIG)\n"
    "  --admin-token T          jobsref's admin token (the `admin-token` line it prints);\n"
    "                           read by itself in the embedded run\n"
    "credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN\n"
    "exit: 0 all passed (or failed as the baseline expects), 1 failures,\n"
    "      2 usage or config error, 3 the harness could not run\n";

/* ---- selection -------------------------------------------------------------- */

typedef struct planned {
    const jc_suite *suite;
    const jc_scenario *sc;
    const jc_baseline_entry *baseline;
    size_t index; /* into the results */
} planned;

static bool suite_matches(const jc_suite *s, const jc_scenario *sc, const char *name)
{
    if (strcasecmp(s->name, name) == 0) return true;
    const char *dot = strchr(sc->id, '.');
    size_t n = dot ? (size_t)(dot - sc->id) : strlen(sc->id);
    return strlen(name) == n && strncasecmp(sc->id, name, n) == 0;
}

static bool selected(const jc_config *cfg, const jc_suite *s, const jc_scenario *sc)
{
    if (cfg->suites.count) {
        bool any = false;
        for (size_t i = 0; i < cfg->suites.count && !any; i++) any = suite_matches(s, sc, cfg->suites.items[i]);
        if (!any) return false;
    }
    if (cfg->tags.count) {
        bool any = false;
        for (size_t i = 0; i < cfg->tags.count && !any; i++) any = jc_list_has(sc->tags, cfg->tags.items[i]);
        if (!any) return false;
    }
    if (cfg->requirements.count) {
        bool any = false;
        for (size_t i = 0; i < cfg->requirements.count && !any; i++)
            any = jc_list_has(sc->requirements, cfg->requirements.items[i]);
        if (!any) return false;
    }
    return true;
}

static bool scenario_exists(const char *id)
{
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++)
            if (strcmp(jc_all_suites[s]->scenarios[i].id, id) == 0) return true;
    return false;
}

/* ---- output --------------------------------------------------------------------- */

static bool g_color;

static const char *status_color(jc_status s)
{
    if (!g_color) return "";
    switch (s) {
    case JC_PASS: return "\033[32m";
    case JC_FAIL: return "\033[31m";
    case JC_ERROR: return "\033[35m";
    default: return "\033[33m";
    }
}

static void print_transcript(const jc_scenario_result *r)
{
    for (size_t i = 0; i < r->exchange_count; i++) {
        const jc_exchange *e = &r->transcript[i];
        printf("    > %s %s\n", e->method, e->url);
        if (e->request_body) printf("    > %.*s\n", (int)(e->request_body_len > 400 ? 400 : e->request_body_len), e->request_body);
        if (e->transport_error) printf("    < (no response: %s)\n", e->transport_error);
        else printf("    < %d %.*s\n", e->status,
                    (int)(e->response_body_len > 400 ? 400 : e->response_body_len),
                    e->response_body ? e->response_body : "");
    }
}

static pthread_mutex_t g_out_lock = PTHREAD_MUTEX_INITIALIZER;

static void print_result(const jc_scenario_result *r, bool verbose)
{
    pthread_mutex_lock(&g_out_lock);
    printf("%s%-5s%s %s  (%.0f ms)", status_color(r->status), jc_status_name(r->status), g_color ? "\033[0m" : "",
           r->id, r->duration_ms);
    if (r->unexpected_pass) printf("  [unexpected pass: listed in the baseline]");
    else if (r->expected_failure && r->status != JC_PASS && r->status != JC_DISABLED)
        printf("  [expected: %s]", r->baseline_reason ? r->baseline_reason : "");
    printf("\n");
    if (r->message && (r->status == JC_FAIL || r->status == JC_ERROR || verbose)) {
        /* first line always; everything with --verbose */
        const char *nl = strchr(r->message, '\n');
        if (verbose || !nl) printf("    %s\n", r->message);
        else printf("    %.*s\n", (int)(nl - r->message), r->message);
    }
    if (verbose && (r->status == JC_FAIL || r->status == JC_ERROR)) print_transcript(r);
    fflush(stdout);
    pthread_mutex_unlock(&g_out_lock);
}

/* ---- execution ------------------------------------------------------------------ */

typedef struct run_state {
    jc_env *env;
    const jc_config *cfg;
    planned *plan;
    size_t plan_count;
    jc_scenario_result *results;
    size_t next; /* parallel: next plan item */
    pthread_mutex_t lock;
    /* With --jobs N, a scenario that moves the clock runs alone: advancing a
       shared virtual clock (or waiting out real minutes) would fire the timers
       of the scenarios beside it, and end the deletions that a still-clock
       scenario is observing. Others hold the lock shared. */
    pthread_rwlock_t clock_lock;
    jc_ctx *cunit_ctx;
    const planned *current;
} run_state;

static run_state *g_rs; /* for the CUnit callbacks */

static void apply_baseline(jc_scenario_result *r, const jc_baseline_entry *b)
{
    if (!b) return;
    r->expected_failure = true;
    free(r->baseline_reason);
    r->baseline_reason = strdup(b->reason);
}

static void finish_one(run_state *rs, const planned *p)
{
    jc_scenario_result *r = &rs->results[p->index];
    apply_baseline(r, p->baseline);
    if (r->expected_failure && r->raw_status == JC_PASS) {
        r->unexpected_pass = true;
        r->status = JC_FAIL;
    }
    print_result(r, rs->cfg->verbose);
}

static void cu_trampoline(void)
{
    run_state *rs = g_rs;
    const planned *p = rs->current;
    if (!p) return;
    jc_scenario_execute(rs->cunit_ctx, p->sc, p->suite->name, true, &rs->results[p->index]);
    finish_one(rs, p);
}

static void cu_on_start(const CU_pTest test, const CU_pSuite suite)
{
    run_state *rs = g_rs;
    rs->current = NULL;
    for (size_t i = 0; i < rs->plan_count; i++)
        if (!rs->plan[i].baseline || !rs->plan[i].baseline->disabled)
            if (strcmp(rs->plan[i].sc->id, test->pName) == 0 && strcmp(rs->plan[i].suite->name, suite->pName) == 0)
                rs->current = &rs->plan[i];
}

static int run_cunit(run_state *rs, char *err, size_t err_len)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        snprintf(err, err_len, "CUnit: %s", CU_get_error_msg());
        return -1;
    }
    for (size_t i = 0; i < rs->plan_count; i++) {
        const planned *p = &rs->plan[i];
        if (p->baseline && p->baseline->disabled) continue;
        CU_pSuite s = CU_get_suite(p->suite->name);
        if (!s) s = CU_add_suite(p->suite->name, NULL, NULL);
        if (!s || !CU_add_test(s, p->sc->id, cu_trampoline)) {
            snprintf(err, err_len, "CUnit registration of %s: %s", p->sc->id, CU_get_error_msg());
            CU_cleanup_registry();
            return -1;
        }
    }
    g_rs = rs;
    CU_set_test_start_handler(cu_on_start);
    CU_set_error_action(CUEA_IGNORE);
    CU_run_all_tests();
    CU_cleanup_registry();
    g_rs = NULL;
    return 0;
}

static void *worker(void *arg)
{
    run_state *rs = arg;
    char err[256];
    jc_ctx *ctx = jc_ctx_new(rs->env, err, sizeof err);
    for (;;) {
        pthread_mutex_lock(&rs->lock);
        size_t i = rs->next++;
        pthread_mutex_unlock(&rs->lock);
        if (i >= rs->plan_count) break;
        const planned *p = &rs->plan[i];
        if (p->baseline && p->baseline->disabled) continue;
        jc_scenario_result *r = &rs->results[p->index];
        if (!ctx) {
            r->id = strdup(p->sc->id);
            r->suite = strdup(p->suite->name);
            r->title = strdup(p->sc->title);
            r->requirement_ids = jc_split_list(p->sc->requirements, &r->requirement_count);
            r->status = r->raw_status = JC_ERROR;
            r->message = strdup(err);
        } else {
            bool alone = (p->sc->needs & (JC_NEEDS_CLOCK | JC_NEEDS_STILL_CLOCK)) != 0;
            if (alone) pthread_rwlock_wrlock(&rs->clock_lock);
            else pthread_rwlock_rdlock(&rs->clock_lock);
            jc_scenario_execute(ctx, p->sc, p->suite->name, false, r);
            pthread_rwlock_unlock(&rs->clock_lock);
        }
        finish_one(rs, p);
    }
    jc_ctx_free(ctx);
    return NULL;
}

static void fill_disabled(run_state *rs)
{
    for (size_t i = 0; i < rs->plan_count; i++) {
        const planned *p = &rs->plan[i];
        if (!p->baseline || !p->baseline->disabled) continue;
        jc_scenario_result *r = &rs->results[p->index];
        r->id = strdup(p->sc->id);
        r->suite = strdup(p->suite->name);
        r->title = strdup(p->sc->title);
        r->requirement_ids = jc_split_list(p->sc->requirements, &r->requirement_count);
        r->status = r->raw_status = JC_DISABLED;
        r->baseline_reason = strdup(p->baseline->reason);
        r->message = strdup(p->baseline->reason[0] ? p->baseline->reason : "disabled by the baseline");
        print_result(r, false);
    }
}

/* ---- requirements --------------------------------------------------------------- */

static void fill_requirements(jc_run *run)
{
#ifdef JC_HAVE_CATALOGUE
    run->requirements = calloc(jc_requirement_count ? jc_requirement_count : 1, sizeof *run->requirements);
    if (!run->requirements) return;
    for (size_t i = 0; i < jc_requirement_count; i++) {
        const struct jc_requirement *q = &jc_requirements[i];
        jc_requirement_result *r = &run->requirements[i];
        r->id = strdup(q->id);
        r->level = q->level;
        r->source = strdup(q->source ? q->source : "");
        r->statement = strdup(q->statement ? q->statement : "");
        r->erratum = q->erratum;
        r->reference_decision = q->reference_decision;
    }
    run->requirement_count = jc_requirement_count;
#else
    (void)run;
#endif
}

/* ---- run -------------------------------------------------------------------------- */

static void add_kv(const char *key, const char *value, void *arg)
{
    jc_run *run = arg;
    jc_kv *n = realloc(run->config, (run->config_count + 1) * sizeof *n);
    if (!n) return;
    run->config = n;
    run->config[run->config_count].key = strdup(key);
    run->config[run->config_count].value = strdup(value);
    run->config_count++;
}

static double wall_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void random_hex(char *out, size_t n)
{
    unsigned char b[16] = {0};
    int fd = open("/dev/urandom", O_RDONLY);
    bool ok = fd >= 0 && read(fd, b, sizeof b) == (ssize_t)sizeof b;
    if (fd >= 0) close(fd);
    if (!ok) {
        unsigned long s = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
        for (size_t i = 0; i < sizeof b; i++) b[i] = (unsigned char)(s >> (i % 8 * 8));
    }
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) out[i] = hex[(b[i / 2] >> ((i % 2) * 4)) & 15];
    out[n] = '\0';
}

/* Sends one unsigned ListJobs: whether the endpoint enforces authentication,
 * stated in the report header (the auth suite checks it in detail). */
static void probe_authentication(const jc_config *cfg, const char *control, char *out, size_t len)
{
    char err[256];
    jc_client_options co = {.region = cfg->region, .timeout_s = cfg->timeout_s};
    jc_client *c = jc_client_new(&co, err, sizeof err);
    if (!c) {
        snprintf(out, len, "unknown (%.100s)", err);
        return;
    }
    char url[600];
    snprintf(url, sizeof url, "%s/jobs?maxResults=1", control);
    jc_exchange ex;
    jc_response *resp = NULL;
    if (jc_client_call_raw(c, "GET", url, NULL, NULL, &ex, &resp) != 0 || !resp)
        snprintf(out, len, "unknown (an unsigned ListJobs failed: %.80s)", ex.transport_error ? ex.transport_error : "?");
    else if (resp->status == 403 || resp->status == 401)
        snprintf(out, len, "enforced (an unsigned ListJobs got HTTP %d %.60s)", resp->status,
                 resp->error_code ? resp->error_code : "");
    else
        snprintf(out, len, "NOT enforced (an unsigned ListJobs got HTTP %d)", resp->status);
    jc_response_free(resp);
    jc_exchange_clear(&ex);
    jc_client_free(c);
}

static int cmd_run(int argc, char **argv)
{
    jc_config cfg;
    char err[1024];
    int exit_code = EXIT_OK;
    jc_config_init(&cfg);
    if (jc_config_load(&cfg, argc, argv, NULL, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "jobsconf: %s\n", err);
        jc_config_free(&cfg);
        return EXIT_USAGE;
    }
    unsigned formats = 0;
    if (jc_formats_parse(cfg.format, &formats, err, sizeof err) != 0) {
        fprintf(stderr, "jobsconf: --format: %s\n", err);
        jc_config_free(&cfg);
        return EXIT_USAGE;
    }
    if (cfg.prefix) {
        for (const char *p = cfg.prefix; *p; p++)
            if (!isalnum((unsigned char)*p) || strlen(cfg.prefix) > 16) {
                fprintf(stderr, "jobsconf: --prefix: '%s' must be 1..16 letters or digits\n", cfg.prefix);
                jc_config_free(&cfg);
                return EXIT_USAGE;
            }
    }
    /* filters naming nothing are usage errors */
    for (size_t i = 0; i < cfg.suites.count; i++) {
        bool found = false;
        for (size_t s = 0; jc_all_suites[s] && !found; s++)
            for (size_t k = 0; k < jc_all_suites[s]->count && !found; k++)
                found = suite_matches(jc_all_suites[s], &jc_all_suites[s]->scenarios[k], cfg.suites.items[i]);
        if (!found) {
            fprintf(stderr, "jobsconf: --suite: no suite named '%s' (see jobsconf list)\n", cfg.suites.items[i]);
            jc_config_free(&cfg);
            return EXIT_USAGE;
        }
    }
#ifdef JC_HAVE_CATALOGUE
    for (size_t i = 0; i < cfg.requirements.count; i++)
        if (!jc_requirement_find(cfg.requirements.items[i])) {
            fprintf(stderr, "jobsconf: --requirement: '%s' is not in the catalogue\n", cfg.requirements.items[i]);
            jc_config_free(&cfg);
            return EXIT_USAGE;
        }
#endif
    jc_baseline baseline = {0};
    if (cfg.baseline) {
        if (jc_baseline_load(cfg.baseline, &baseline, err, sizeof err) != 0) {
            fprintf(stderr, "jobsconf: %s\n", err);
            jc_config_free(&cfg);
            return EXIT_USAGE;
        }
        for (size_t i = 0; i < baseline.count; i++)
            if (!scenario_exists(baseline.entries[i].id)) {
                fprintf(stderr, "jobsconf: %s:%d: unknown scenario '%s'\n", cfg.baseline, baseline.entries[i].line,
                        baseline.entries[i].id);
                jc_baseline_free(&baseline);
                jc_config_free(&cfg);
                return EXIT_USAGE;
            }
    }

    /* the plan */
    size_t total = 0;
    for (size_t s = 0; jc_all_suites[s]; s++) total += jc_all_suites[s]->count;
    planned *plan = calloc(total ? total : 1, sizeof *plan);
    size_t n = 0;
    for (size_t s = 0; jc_all_suites[s] && plan; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++) {
            const jc_scenario *sc = &jc_all_suites[s]->scenarios[i];
            if (!selected(&cfg, jc_all_suites[s], sc)) continue;
            plan[n] = (planned){jc_all_suites[s], sc, jc_baseline_find(&baseline, sc->id), n};
            n++;
        }

    g_color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    char started[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
    double t0 = wall_s();

    /* the endpoint */
    char control[256], data[256];
    char auth_state[160] = "";
    bool embedded = cfg.endpoint == NULL;
#ifdef JC_HAVE_SERVER
    jr_server *server = NULL;
#endif
    if (embedded) {
#ifdef JC_HAVE_SERVER
        jr_server_options so;
        jr_server_options_default(&so);
        so.host = "127.0.0.1";
        so.control_port = 0;
        so.data_port = 0;
        so.region = cfg.region;
        so.virtual_clock = true;
        so.deletion_delay_ms = 1000;
        so.admin = true;
        so.quiet = true;
        /* Authentication on, with a credential made for this run that the
           runner signs with; the admin token is read back below. */
        char akid[24], secret[40];
        memcpy(akid, "AKIDJC", 6);
        random_hex(akid + 6, 14);
        for (char *p = akid; *p; p++) *p = (char)toupper((unsigned char)*p);
        random_hex(secret, 32);
        so.auth = true;
        so.auth_access_key_id = akid;
        so.auth_secret = secret;
        server = jr_server_start(&so, err, sizeof err);
        if (server) {
            free(cfg.access_key);
            free(cfg.secret_key);
            free(cfg.session_token);
            free(cfg.admin_token);
            cfg.access_key = strdup(akid);
            cfg.secret_key = strdup(secret);
            cfg.session_token = NULL;
            cfg.admin_token = strdup(jr_server_admin_token(server));
        }
        if (!server) {
            fprintf(stderr, "jobsconf: could not start the bundled jobsref: %s\n", err);
            free(plan);
            jc_baseline_free(&baseline);
            jc_config_free(&cfg);
            return EXIT_HARNESS;
        }
        snprintf(control, sizeof control, "http://127.0.0.1:%u", (unsigned)jr_server_control_port(server));
        snprintf(data, sizeof data, "http://127.0.0.1:%u", (unsigned)jr_server_data_port(server));
#else
        fprintf(stderr, "jobsconf: built without the bundled jobsref server: give --endpoint\n");
        free(plan);
        jc_baseline_free(&baseline);
        jc_config_free(&cfg);
        return EXIT_HARNESS;
#endif
    } else {
        snprintf(control, sizeof control, "%s", cfg.endpoint);
        snprintf(data, sizeof data, "%s", cfg.data_endpoint ? cfg.data_endpoint : cfg.endpoint);
    }

    char rnd[8], prefix[32], stem[32], end_stem[40];
    random_hex(rnd, 6);
    snprintf(prefix, sizeof prefix, "jc%s", cfg.prefix ? cfg.prefix : rnd);
    snprintf(stem, sizeof stem, "jc%s", cfg.prefix ? cfg.prefix : "");
    snprintf(end_stem, sizeof end_stem, "%s-", prefix);

    jc_env_options eo = {&cfg, control, data, prefix, embedded};
    jc_env *env = jc_env_new(&eo, err, sizeof err);
    jc_scenario_result *results = calloc(n ? n : 1, sizeof *results);
    jc_ctx *main_ctx = env ? jc_ctx_new(env, err, sizeof err) : NULL;
    if (!env || !results || !main_ctx) {
        fprintf(stderr, "jobsconf: %s\n", err);
        exit_code = EXIT_HARNESS;
        goto done;
    }
    if (jc_env_probe(env, err, sizeof err) != 0) {
        fprintf(stderr, "jobsconf: endpoint %s unreachable: %s\n", control, err);
        exit_code = EXIT_HARNESS;
        goto done;
    }
    if (jc_env_discover(env, err, sizeof err) != 0) {
        fprintf(stderr, "jobsconf: could not prepare the run against %s: %s\n", control, err);
        exit_code = EXIT_HARNESS;
        goto done;
    }
    probe_authentication(&cfg, control, auth_state, sizeof auth_state);
    printf("jobsconf %s: %zu scenario(s) against %s%s (data plane %s), prefix %s%s\n", JC_VERSION, n, control,
           embedded ? " (bundled jobsref)" : "", data, prefix,
           jc_env_virtual_clock(env) ? ", virtual clock" : "");
    printf("jobsconf: authentication %s\n", auth_state);
    fflush(stdout);
    jc_sweep(main_ctx, stem, stderr);

    run_state rs = {.env = env, .cfg = &cfg, .plan = plan, .plan_count = n, .results = results,
                    .cunit_ctx = main_ctx};
    pthread_mutex_init(&rs.lock, NULL);
    pthread_rwlock_init(&rs.clock_lock, NULL);
    fill_disabled(&rs);
    if (cfg.jobs <= 1) {
        if (run_cunit(&rs, err, sizeof err) != 0) {
            fprintf(stderr, "jobsconf: %s\n", err);
            exit_code = EXIT_HARNESS;
        }
    } else {
        pthread_t th[64];
        int started_threads = 0;
        for (int i = 0; i < cfg.jobs && i < 64; i++)
            if (pthread_create(&th[i], NULL, worker, &rs) == 0) started_threads++;
        if (started_threads == 0) worker(&rs);
        for (int i = 0; i < started_threads; i++) pthread_join(th[i], NULL);
    }
    pthread_mutex_destroy(&rs.lock);
    pthread_rwlock_destroy(&rs.clock_lock);
    jc_sweep(main_ctx, end_stem, stderr);

done:;
    double duration = wall_s() - t0;
    jc_run run = {0};
    run.schema_version = JC_RESULTS_SCHEMA_VERSION;
    run.tool_name = strdup("jobsconf");
    run.tool_version = strdup(JC_VERSION);
    run.endpoint = strdup(control);
    run.data_endpoint = strdup(data);
    run.region = strdup(cfg.region);
    run.embedded = embedded;
    run.started_at = strdup(started);
    run.duration_s = duration;
    jc_config_each(&cfg, add_kv, &run);
    add_kv("prefix-used", prefix, &run);
    if (auth_state[0]) add_kv("authentication", auth_state, &run);
    if (exit_code == EXIT_OK) {
        run.scenarios = results;
        run.scenario_count = n;
        results = NULL;
    }
    fill_requirements(&run);
    jc_run_finalize(&run);
    if (exit_code == EXIT_OK) {
        size_t failing = 0;
        for (size_t i = 0; i < run.scenario_count; i++) {
            const jc_scenario_result *r = &run.scenarios[i];
            if ((r->status == JC_FAIL || r->status == JC_ERROR) && (!r->expected_failure || r->unexpected_pass))
                failing++;
        }
        exit_code = failing ? EXIT_FAILURES : EXIT_OK;
        run.exit_code = exit_code;
        printf("jobsconf: %zu passed, %zu failed, %zu skipped, %zu errors, %zu disabled (%.1f s)\n",
               run.counts[JC_PASS], run.counts[JC_FAIL], run.counts[JC_SKIP], run.counts[JC_ERROR],
               run.counts[JC_DISABLED], duration);
        if (run.unexpected_passes) printf("jobsconf: %zu unexpected pass(es): update the baseline\n", run.unexpected_passes);
        printf("%zu passed, %zu failed\n", run.counts[JC_PASS], failing);
        fflush(stdout);
        if (jc_reports_write(&run, cfg.report_dir, formats, err, sizeof err) != 0) {
            fprintf(stderr, "jobsconf: writing reports: %s\n", err);
            exit_code = EXIT_HARNESS;
        }
    }
    jc_run_free(&run);
    if (results) {
        for (size_t i = 0; i < n; i++) jc_scenario_result_clear(&results[i]);
        free(results);
    }
    jc_ctx_free(main_ctx);
    jc_env_free(env);
#ifdef JC_HAVE_SERVER
    if (server) jr_server_stop(server);
#endif
    free(plan);
    jc_baseline_free(&baseline);
    jc_config_free(&cfg);
    return exit_code;
}

/* ---- list ------------------------------------------------------------------------------ */

static void needs_text(unsigned needs, char *buf, size_t len)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {JC_NEEDS_CLOCK, "clock"}, {JC_NEEDS_ADMIN, "admin"}, {JC_NEEDS_STILL_CLOCK, "still-clock"}};
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((needs & names[i].bit) && used < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "", names[i].name);
}

static int cmd_list(int argc, char **argv)
{
    bool json = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) json = true;
        else {
            fprintf(stderr, "jobsconf list: unknown option '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    char needs[48];
    if (json) {
        cJSON *root = cJSON_CreateObject();
        cJSON *scs = cJSON_AddArrayToObject(root, "scenarios");
        for (size_t s = 0; jc_all_suites[s]; s++)
            for (size_t i = 0; i < jc_all_suites[s]->count; i++) {
                const jc_scenario *sc = &jc_all_suites[s]->scenarios[i];
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "id", sc->id);
                cJSON_AddStringToObject(o, "suite", jc_all_suites[s]->name);
                cJSON_AddStringToObject(o, "title", sc->title);
                size_t k = 0;
                char **ids = jc_split_list(sc->requirements, &k);
                cJSON *ra = cJSON_AddArrayToObject(o, "requirements");
                for (size_t j = 0; j < k; j++) {
                    cJSON_AddItemToArray(ra, cJSON_CreateString(ids[j]));
                    free(ids[j]);
                }
                free(ids);
                ids = jc_split_list(sc->tags, &k);
                cJSON *ta = cJSON_AddArrayToObject(o, "tags");
                for (size_t j = 0; j < k; j++) {
                    cJSON_AddItemToArray(ta, cJSON_CreateString(ids[j]));
                    free(ids[j]);
                }
                free(ids);
                needs_text(sc->needs, needs, sizeof needs);
                cJSON_AddStringToObject(o, "needs", needs);
                cJSON_AddItemToArray(scs, o);
            }
        cJSON *reqs = cJSON_AddArrayToObject(root, "requirements");
#ifdef JC_HAVE_CATALOGUE
        for (size_t r = 0; r < jc_requirement_count; r++) {
            const struct jc_requirement *q = &jc_requirements[r];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", q->id);
            cJSON_AddStringToObject(o, "level", jc_level_name(q->level));
            cJSON *cov = cJSON_AddArrayToObject(o, "scenarios");
            for (size_t s = 0; jc_all_suites[s]; s++)
                for (size_t i = 0; i < jc_all_suites[s]->count; i++)
                    if (jc_list_has(jc_all_suites[s]->scenarios[i].requirements, q->id))
                        cJSON_AddItemToArray(cov, cJSON_CreateString(jc_all_suites[s]->scenarios[i].id));
            cJSON_AddItemToArray(reqs, o);
        }
#else
        (void)reqs;
#endif
        char *text = cJSON_Print(root);
        printf("%s\n", text ? text : "{}");
        free(text);
        cJSON_Delete(root);
        return EXIT_OK;
    }
    printf("Scenarios (id, suite, requirements, needs):\n");
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++) {
            const jc_scenario *sc = &jc_all_suites[s]->scenarios[i];
            needs_text(sc->needs, needs, sizeof needs);
            printf("  %-44s %-12s %-20s %s\n", sc->id, jc_all_suites[s]->name, sc->requirements, needs);
        }
#ifdef JC_HAVE_CATALOGUE
    printf("\nRequirements (id, level, scenarios):\n");
    size_t uncovered_must = 0;
    for (size_t r = 0; r < jc_requirement_count; r++) {
        const struct jc_requirement *q = &jc_requirements[r];
        size_t count = 0;
        for (size_t s = 0; jc_all_suites[s]; s++)
            for (size_t i = 0; i < jc_all_suites[s]->count; i++)
                if (jc_list_has(jc_all_suites[s]->scenarios[i].requirements, q->id)) count++;
        bool flag = count == 0 && q->level == JC_MUST;
        if (flag) uncovered_must++;
        printf("  %-8s %-6s %3zu%s\n", q->id, jc_level_name(q->level), count, flag ? "  << MUST without a scenario" : "");
    }
    printf("\n%zu MUST requirement(s) without a scenario\n", uncovered_must);
#else
    printf("\n(built without the requirement catalogue)\n");
#endif
    return EXIT_OK;
}

/* ---- report / diff ----------------------------------------------------------------------- */

static int cmd_report(int argc, char **argv)
{
    const char *from = NULL, *dir = "jobsconf-reports", *fmt = "all";
    for (int i = 0; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--from") == 0         ? &from
                            : strcmp(argv[i], "--report-dir") == 0 ? &dir
                            : strcmp(argv[i], "--format") == 0     ? &fmt
                                                                   : NULL;
        if (!slot || i + 1 >= argc) {
            fprintf(stderr, "jobsconf report: bad or incomplete option '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
        *slot = argv[++i];
    }
    if (!from) {
        fprintf(stderr, "jobsconf report: --from results.json is required\n");
        return EXIT_USAGE;
    }
    char err[512];
    unsigned formats;
    if (jc_formats_parse(fmt, &formats, err, sizeof err) != 0) {
        fprintf(stderr, "jobsconf report: --format: %s\n", err);
        return EXIT_USAGE;
    }
    jc_run run = {0};
    if (jc_results_load(from, &run, err, sizeof err) != 0) {
        fprintf(stderr, "jobsconf report: %s\n", err);
        return EXIT_USAGE;
    }
    int rc = jc_reports_write(&run, dir, formats, err, sizeof err);
    if (rc != 0) fprintf(stderr, "jobsconf report: %s\n", err);
    jc_run_free(&run);
    return rc == 0 ? EXIT_OK : EXIT_HARNESS;
}

static int cmd_diff(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "jobsconf diff: needs OLD.json NEW.json\n");
        return EXIT_USAGE;
    }
    char err[512];
    jc_run a = {0}, b = {0};
    if (jc_results_load(argv[0], &a, err, sizeof err) != 0) {
        fprintf(stderr, "jobsconf diff: %s\n", err);
        return EXIT_USAGE;
    }
    if (jc_results_load(argv[1], &b, err, sizeof err) != 0) {
        fprintf(stderr, "jobsconf diff: %s\n", err);
        jc_run_free(&a);
        return EXIT_USAGE;
    }
    size_t regressions = jc_results_diff(&a, &b, stdout);
    jc_run_free(&a);
    jc_run_free(&b);
    return regressions ? EXIT_FAILURES : EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("jobsconf %s\n", JC_VERSION);
        return EXIT_OK;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc;
    if (strcmp(cmd, "run") == 0) rc = cmd_run(argc - 2, argv + 2);
    else if (strcmp(cmd, "list") == 0) rc = cmd_list(argc - 2, argv + 2);
    else if (strcmp(cmd, "report") == 0) rc = cmd_report(argc - 2, argv + 2);
    else if (strcmp(cmd, "diff") == 0) rc = cmd_diff(argc - 2, argv + 2);
    else {
        fprintf(stderr, "jobsconf: unknown command '%s'\n%s", cmd, USAGE);
        rc = EXIT_USAGE;
    }
    curl_global_cleanup();
    return rc;
}
