/* Step 4 of `jobsconf run`: execution. One path for every --jobs N: N
 * workers (one with --jobs 1) take the next planned scenario, each with its
 * own ctx; scenarios that move or hold the shared clock run alone, in a
 * phase of their own after the others (see phase_order). Then the
 * verdicts go through CUnit: one CUnit test per scenario run, whose failures
 * are the scenario's, so CUnit's registry and run summary serve every run.
 * No scenario is started once the run stopped (unreachable endpoint,
 * --max-time, a signal): those are reported as ERROR "not run: ...". */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <CUnit/TestRun.h>

#include "jc_report_util.h"
#include "jc_runner.h"

typedef struct exec_state {
    jc_runner *r;
    size_t next;       /* next index into r->plan (--jobs 1) or into order */
    size_t *order;     /* --jobs N: plan indexes, the clock phase last */
    pthread_mutex_t lock;
    /* With --jobs N, a scenario that moves the clock runs alone: advancing a
       shared virtual clock (or waiting out real minutes) would fire the timers
       of the scenarios beside it, and end the deletions that a still-clock
       scenario is observing. Others hold the lock shared. */
    pthread_rwlock_t clock_lock;
} exec_state;

static bool failing(const jc_scenario_result *res) { return jc_status_failing(res->status); }

/* --transcripts failures|all|none: what a scenario keeps for the reports. */
static void keep_transcript(const jc_config *cfg, jc_scenario_result *res)
{
    bool keep = strcmp(cfg->transcripts, "all") == 0 ||
                (strcmp(cfg->transcripts, "failures") == 0 && res->status != JC_PASS && res->status != JC_SKIP &&
                 res->status != JC_DISABLED);
    if (keep) return;
    for (size_t i = 0; i < res->exchange_count; i++) jc_exchange_clear(&res->transcript[i]);
    free(res->transcript);
    res->transcript = NULL;
    res->exchange_count = 0;
}

/* The passing checks of a scenario are many (every fixture step checks) and
   verdicts are derived from the failed ones alone: keep those, count the
   passed ones as omitted (--transcripts all keeps every check), so an
   all-pass run's results.json stays small. */
static void compact_checks(const jc_config *cfg, jc_scenario_result *res)
{
    if (strcmp(cfg->transcripts, "all") == 0) return;
    size_t kept = 0;
    for (size_t i = 0; i < res->check_count; i++) {
        jc_check *c = &res->checks[i];
        if (c->passed) {
            jc_check_clear(c);
            res->checks_omitted++;
        } else if (kept != i) {
            res->checks[kept] = *c;
            memset(c, 0, sizeof *c);
            kept++;
        } else {
            kept++;
        }
    }
    res->check_count = kept;
}

static void fill_static(jc_scenario_result *res, const jc_planned *p, jc_status status, const char *message)
{
    memset(res, 0, sizeof *res);
    res->id = strdup(p->sc->id);
    res->suite = strdup(p->suite->name);
    res->title = strdup(p->sc->title);
    res->requirement_ids = jc_split_list(p->sc->requirements, &res->requirement_count);
    res->status = res->raw_status = status;
    res->message = strdup(message);
}

static void finish_one(exec_state *st, const jc_planned *p)
{
    jc_runner *r = st->r;
    jc_scenario_result *res = &r->results[p->index];
    if (p->baseline) jc_result_apply_baseline(res, p->baseline->reason);
    keep_transcript(&r->cfg, res);
    compact_checks(&r->cfg, res);
    jc_console_result(res, r->cfg.verbose);
    pthread_mutex_lock(&st->lock);
    r->done[p->index] = true;
    pthread_mutex_unlock(&st->lock);
}

static bool needs_clock_alone(const jc_planned *p) { return (p->sc->needs & (JC_NEEDS_CLOCK | JC_NEEDS_STILL_CLOCK)) != 0; }

/* With --jobs N, the scenarios that need the clock alone run in a phase of
   their own after all the others: taken in plan order among the others, a
   worker holding one waits for the running ones to drain, and the other
   workers soon hold clock scenarios too, so N workers ran mostly one at a
   time. Among the others, the device (MQTT) scenarios go first: they wait
   on the broker and on quiet windows in real time (more than half of the
   suite's summed duration against the embedded reference), so started
   first they overlap the CPU-bound HTTP scenarios instead of trailing them.
   Each phase keeps the plan's order; --jobs 1 keeps the plan's order as it
   is. NULL (out of memory) falls back to the plan's order. */
static int phase_of(const jc_planned *p)
{
    if (needs_clock_alone(p)) return 2;
    return strcmp(p->suite->name, "DeviceMQTT") == 0 ? 0 : 1;
}

static size_t *phase_order(const jc_runner *r)
{
    size_t *order = malloc((r->plan_count ? r->plan_count : 1) * sizeof *order);
    if (!order) return NULL;
    size_t k = 0;
    for (int phase = 0; phase < 3; phase++)
        for (size_t i = 0; i < r->plan_count; i++)
            if (phase_of(&r->plan[i]) == phase) order[k++] = i;
    return order;
}

static void *worker(void *arg)
{
    exec_state *st = arg;
    jc_runner *r = st->r;
    char err[256];
    jc_ctx *ctx = jc_ctx_new(r->env, err, sizeof err);
    for (;;) {
        pthread_mutex_lock(&st->lock);
        size_t i = st->next++;
        pthread_mutex_unlock(&st->lock);
        if (i >= r->plan_count) break;
        const jc_planned *p = &r->plan[st->order ? st->order[i] : i];
        if (p->baseline && p->baseline->disabled) continue;
        if (jc_env_stopped(r->env, NULL, 0)) break; /* the rest: "not run" */
        jc_scenario_result *res = &r->results[p->index];
        if (!ctx) {
            fill_static(res, p, JC_ERROR, err);
        } else {
            bool alone = needs_clock_alone(p);
            if (alone) pthread_rwlock_wrlock(&st->clock_lock);
            else pthread_rwlock_rdlock(&st->clock_lock);
            jc_console_begin(p->sc->id);
            jc_scenario_execute(ctx, p->sc, p->suite->name, false, res);
            pthread_rwlock_unlock(&st->clock_lock);
        }
        finish_one(st, p);
    }
    jc_ctx_free(ctx);
    return NULL;
}

static void fill_disabled_and_not_run(exec_state *st)
{
    jc_runner *r = st->r;
    char why[160] = "", msg[200];
    jc_env_stopped(r->env, why, sizeof why);
    snprintf(msg, sizeof msg, "not run: %s", why[0] ? why : "the run stopped");
    for (size_t i = 0; i < r->plan_count; i++) {
        const jc_planned *p = &r->plan[i];
        if (r->done[p->index]) continue;
        jc_scenario_result *res = &r->results[p->index];
        if (p->baseline && p->baseline->disabled) {
            fill_static(res, p, JC_DISABLED, p->baseline->reason[0] ? p->baseline->reason : "disabled by the baseline");
            res->baseline_reason = strdup(p->baseline->reason);
            jc_console_result(res, false);
        } else {
            fill_static(res, p, JC_ERROR, msg);
            if (p->baseline) jc_result_apply_baseline(res, p->baseline->reason);
        }
        r->done[p->index] = true;
    }
}

/* ---- the verdicts through CUnit ---- */

static const jc_scenario_result *g_current;
static const jc_runner *g_runner;

static void cu_on_start(const CU_pTest test, const CU_pSuite suite)
{
    g_current = NULL;
    for (size_t i = 0; i < g_runner->plan_count; i++) {
        const jc_scenario_result *res = &g_runner->results[i];
        if (res->id && strcmp(res->id, test->pName) == 0 && strcmp(res->suite, suite->pName) == 0) g_current = res;
    }
}

static void cu_verdict(void)
{
    const jc_scenario_result *res = g_current;
    if (!res || !failing(res)) return;
    CU_assertImplementation(CU_FALSE, 0, res->message ? res->message : jc_status_name(res->status), res->id, "",
                            CU_FALSE);
}

static void cunit_summary(jc_runner *r)
{
    if (CU_initialize_registry() != CUE_SUCCESS) return;
    for (size_t i = 0; i < r->plan_count; i++) {
        const jc_scenario_result *res = &r->results[i];
        if (!res->id || res->status == JC_DISABLED) continue;
        CU_pSuite s = CU_get_suite(res->suite);
        if (!s) s = CU_add_suite(res->suite, NULL, NULL);
        if (!s || !CU_add_test(s, res->id, cu_verdict)) break;
    }
    g_runner = r;
    CU_set_test_start_handler(cu_on_start);
    CU_set_error_action(CUEA_IGNORE);
    CU_run_all_tests();
    /* the one summary line is jc_run_print_summary's (run_reports.c) */
    CU_cleanup_registry();
    g_runner = NULL;
}

/* A negative scenario proves its rule only on an operation shown to work
   (and so does any scenario that passes on a refusal):
   one that answered 2xx in the scenario or anywhere in the run (judged once
   every scenario ran, so the order does not matter). A PASS without that is
   BLOCKED "operation not shown to be implemented". */
static void judge_vacuous_passes(jc_runner *r)
{
    for (size_t i = 0; i < r->plan_count; i++) {
        const jc_planned *p = &r->plan[i];
        jc_scenario_result *res = &r->results[p->index];
        /* negative scenarios, and any other that a refusal can satisfy
           (one that accepts "ignored with 200, or refused with 400") */
        if (!r->done[p->index] || res->raw_status != JC_PASS || !p->sc->ops || !p->sc->ops[0]) continue;
        size_t n = 0;
        char **ops = jc_split_list(p->sc->ops, &n);
        const char *missing = NULL;
        /* A scenario that is not negative is judged so only when none of
           its operations under test answered 2xx in it: it passed on
           refusals alone. */
        bool negative = jc_list_has(p->sc->tags, "negative"), any_ok = false;
        for (size_t k = 0; k < n; k++) any_ok |= res->ops_succeeded && jc_list_has(res->ops_succeeded, ops[k]);
        for (size_t k = 0; k < n && !missing && (negative || !any_ok); k++)
            if (!(res->ops_succeeded && jc_list_has(res->ops_succeeded, ops[k])) &&
                !jc_env_operation_ok(r->env, ops[k]))
                missing = ops[k];
        if (missing) {
            char msg[300];
            snprintf(msg, sizeof msg,
                     "BLOCKED: operation not shown to be implemented: %s never answered 2xx in this run, so its "
                     "refusals prove no rule", missing);
            res->raw_status = res->status = JC_BLOCKED;
            free(res->blocked_operation);
            res->blocked_operation = strdup(missing);
            free(res->message);
            res->message = strdup(msg);
            if (p->baseline) jc_result_apply_baseline(res, p->baseline->reason);
            jc_console_escaped(stdout, "jobsconf: %s: PASS -> %s (%s not shown to be implemented)", res->id,
                               jc_status_name(res->status), missing);
        }
        for (size_t k = 0; k < n; k++) free(ops[k]);
        free(ops);
    }
}

/* An ERROR on a 5xx answer of an operation under test is the server
   breaking the rule, not a harness problem, once that operation is shown
   to work (it answered 2xx somewhere in the run: an emulator's crash on an
   unknown id is a FAIL of the rule about unknown ids). An operation that
   never worked stays ERROR (not implemented; the operation table says so). */
static void judge_server_errors(jc_runner *r)
{
    for (size_t i = 0; i < r->plan_count; i++) {
        const jc_planned *p = &r->plan[i];
        jc_scenario_result *res = &r->results[p->index];
        const char *op = res->server_error_operation;
        if (!r->done[p->index] || res->raw_status != JC_ERROR || !op || !jc_env_operation_ok(r->env, op)) continue;
        char *msg = NULL;
        if (asprintf(&msg, "%s, an operation that works in this run, answered the rule's request with a server "
                     "error: %s", op, res->message ? res->message : "") < 0)
            continue;
        jc_check *grown = realloc(res->checks, (res->check_count + 1) * sizeof *grown);
        if (!grown) {
            free(msg);
            continue;
        }
        res->checks = grown;
        res->checks[res->check_count++] = (jc_check){NULL, false, strdup("jobsconf (5xx of the operation under test)"),
                                                     strdup(msg)};
        free(res->message);
        res->message = msg;
        res->raw_status = res->status = JC_FAIL;
        if (p->baseline) jc_result_apply_baseline(res, p->baseline->reason);
        jc_console_escaped(stdout, "jobsconf: %s: ERROR -> %s (%s answered 5xx and works elsewhere in the run)", res->id,
                           jc_status_name(res->status), op);
    }
}

/* The operations each scenario called are kept (results.json) for the
   scenarios that did not pass, and for all with --transcripts all (what
   tests/catalogue/declare_ops.py reads): an all-pass run's file stays
   small. Done after judge_vacuous_passes, which reads them. */
static void compact_operations(jc_runner *r)
{
    if (strcmp(r->cfg.transcripts, "all") == 0) return;
    for (size_t i = 0; i < r->plan_count; i++) {
        jc_scenario_result *res = &r->results[i];
        if (!r->done[i] || res->raw_status != JC_PASS) continue;
        char **fields[] = {&res->ops_under_test, &res->ops_setup, &res->ops_called, &res->ops_succeeded,
                           &res->ops_checked, &res->ops_refused};
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
            free(*fields[k]);
            *fields[k] = NULL;
        }
    }
}

void jc_runner_execute(jc_runner *r)
{
    exec_state st = {.r = r};
    pthread_mutex_init(&st.lock, NULL);
    pthread_rwlock_init(&st.clock_lock, NULL);
    int want = r->cfg.jobs < 1 ? 1 : r->cfg.jobs > 64 ? 64 : r->cfg.jobs;
    if (want > 1) st.order = phase_order(r);
    pthread_t th[64];
    int started = 0;
    for (int i = 0; i < want; i++)
        if (pthread_create(&th[i], NULL, worker, &st) == 0) started++;
    if (started == 0) worker(&st);
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    fill_disabled_and_not_run(&st);
    judge_vacuous_passes(r);
    judge_server_errors(r);
    compact_operations(r);
    pthread_mutex_destroy(&st.lock);
    pthread_rwlock_destroy(&st.clock_lock);
    free(st.order);
    char why[160];
    if (jc_env_stopped(r->env, why, sizeof why)) {
        jc_console_escaped(stderr, "jobsconf: stopped: %s", why);
        jc_runner_set_incomplete(r, "stopped: %s", why);
    }
    cunit_summary(r);
}
