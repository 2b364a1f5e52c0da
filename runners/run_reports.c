/* Steps 6 and 7 of `jobsconf run`: the run record, the reports and the exit
 * code. Every exit after the settings were read writes the reports: an
 * incomplete run says so, with the reason and the exit code, in all four. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jc_report_util.h"
#include "jc_runner.h"
#ifdef JC_HAVE_CATALOGUE
#include "requirements.h"
#endif

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

int jc_runner_reports(jc_runner *r, int exit_code)
{
    jc_run run = {0};
    run.schema_version = JC_RESULTS_SCHEMA_VERSION;
    run.tool_name = strdup("jobsconf");
    run.tool_version = strdup(JC_VERSION);
    run.endpoint = strdup(r->control ? r->control : r->cfg.endpoint ? r->cfg.endpoint : "(bundled jobsref)");
    run.data_endpoint = strdup(r->data ? r->data : r->cfg.data_endpoint ? r->cfg.data_endpoint : run.endpoint);
    run.region = strdup(r->cfg.region);
    run.embedded = r->cfg.endpoint == NULL;
    run.started_at = strdup(r->started);
    run.duration_s = jc_mono_s() - r->t0;
    run.insecure = r->cfg.insecure;
    jc_config_each(&r->cfg, add_kv, &run);
    if (r->prefix[0]) add_kv("prefix-used", r->prefix, &run);
    if (r->auth_state[0]) add_kv("authentication", r->auth_state, &run);
    /* the scenarios that have a result (all of them once execution ran) */
    size_t n = 0;
    for (size_t i = 0; r->results && i < r->plan_count; i++) n += r->done[i];
    if (n) {
        run.scenarios = calloc(n, sizeof *run.scenarios);
        for (size_t i = 0, k = 0; run.scenarios && i < r->plan_count; i++)
            if (r->done[i]) {
                run.scenarios[k++] = r->results[i];
                memset(&r->results[i], 0, sizeof r->results[i]);
                r->done[i] = false;
            }
        run.scenario_count = run.scenarios ? n : 0;
    }
    fill_requirements(&run);
    if (r->env) run.operations = jc_env_operation_rows(r->env, &run.operation_count);
    jc_run_finalize(&run);
    run.strict = r->cfg.strict;
    if (exit_code == EXIT_OK) exit_code = jc_run_exit_code(&run, r->cfg.strict) ? EXIT_FAILURES : EXIT_OK;
    int sig = __atomic_load_n(&jc_signal_received, __ATOMIC_SEQ_CST);
    if (sig) {
        exit_code = 128 + sig;
        jc_runner_set_incomplete(r, "interrupted by %s", sig == SIGINT ? "SIGINT" : "SIGTERM");
    }
    run.exit_code = exit_code;
    run.incomplete = r->incomplete != NULL;
    run.incomplete_reason = r->incomplete ? strdup(r->incomplete) : NULL;
    if (run.scenario_count) {
        fputs("jobsconf: operations that did not work in this run:\n", stdout);
        jc_ops_text(&run, stdout, true);
        jc_console_groups(&run);
        jc_run_print_summary(&run, stdout, run.duration_s);
    }
    if (run.incomplete) jc_console_escaped(stdout, "jobsconf: INCOMPLETE run (exit %d): %s", exit_code, run.incomplete_reason);
    fflush(stdout);
    char err[1024];
    if (jc_reports_write(&run, r->cfg.report_dir, r->formats ? r->formats : JC_FORMAT_ALL, err, sizeof err) != 0) {
        jc_console_escaped(stderr, "jobsconf: writing reports: %s", err);
        if (exit_code == EXIT_OK || exit_code == EXIT_FAILURES) exit_code = EXIT_HARNESS;
    } else {
        jc_console_reports(r->cfg.report_dir, r->formats ? r->formats : JC_FORMAT_ALL);
    }
    jc_run_free(&run);
    return exit_code;
}

void jc_runner_free(jc_runner *r)
{
    for (size_t i = 0; r->results && i < r->plan_count; i++) jc_scenario_result_clear(&r->results[i]);
    free(r->results);
    free(r->done);
    free(r->plan);
    jc_env_free(r->env);
    free(r->control);
    free(r->data);
    free(r->incomplete);
    jc_baseline_free(&r->baseline);
    jc_config_free(&r->cfg);
}
