/* The subcommands other than `run`: list, report, diff and clean. Each
 * parses its options with the same parser as `run` (jc_config_load_cmd). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jc_aliases.h"
#include "jc_runner.h"
#ifdef JC_HAVE_CATALOGUE
#include "requirements.h"
#endif

/* Parses a subcommand's options: 0, -1 when --help was answered, or an exit
   code. */
static int load(jc_config *cfg, jc_command cmd, const char *name, int argc, char **argv)
{
    char err[1024];
    jc_config_init(cfg);
    if (jc_config_load_cmd(cfg, cmd, argc, argv, NULL, NULL, err, sizeof err) != 0) {
        jc_console_escaped(stderr, "jobsconf %s: %s", name, err);
        jc_usage(stderr, name);
        jc_config_free(cfg);
        return EXIT_USAGE;
    }
    if (cfg->help) {
        jc_usage(stdout, name);
        jc_config_free(cfg);
        return -1;
    }
    return 0;
}

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

/* The operations a scenario declares it calls: those under test and those
   of its setup (comma-separated operation-table names; NULL: undeclared). */
static void scenario_operations(const jc_scenario *sc, const char **ops, const char **setup_ops)
{
    *ops = sc->ops;
    *setup_ops = sc->setup_ops;
}

/* The catalogue level of a requirement id ("?" when not in the catalogue). */
static const char *level_of(const char *id)
{
#ifdef JC_HAVE_CATALOGUE
    for (size_t r = 0; r < jc_requirement_count; r++)
        if (strcmp(jc_requirements[r].id, id) == 0) return jc_level_name(jc_requirements[r].level);
#else
    (void)id;
#endif
    return "?";
}

static cJSON *json_list(const char *csv)
{
    cJSON *a = cJSON_CreateArray();
    size_t k = 0;
    char **items = jc_split_list(csv ? csv : "", &k);
    for (size_t j = 0; j < k; j++) {
        cJSON_AddItemToArray(a, cJSON_CreateString(items[j]));
        free(items[j]);
    }
    free(items);
    return a;
}

/* One scenario for --json: the same fields as the text listing. */
static cJSON *scenario_json(const jc_suite *suite, const jc_scenario *sc)
{
    char needs[48];
    const char *ops, *setup_ops;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", sc->id);
    cJSON_AddStringToObject(o, "suite", suite->name);
    cJSON_AddStringToObject(o, "title", sc->title);
    cJSON_AddItemToObject(o, "requirements", json_list(sc->requirements));
    cJSON *lv = cJSON_AddObjectToObject(o, "requirementLevels");
    size_t k = 0;
    char **ids = jc_split_list(sc->requirements, &k);
    for (size_t j = 0; j < k; j++) {
        cJSON_AddStringToObject(lv, ids[j], level_of(ids[j]));
        free(ids[j]);
    }
    free(ids);
    cJSON_AddItemToObject(o, "tags", json_list(sc->tags));
    needs_text(sc->needs, needs, sizeof needs);
    cJSON_AddStringToObject(o, "needs", needs);
    scenario_operations(sc, &ops, &setup_ops);
    cJSON_AddBoolToObject(o, "operationsDeclared", ops != NULL || setup_ops != NULL);
    cJSON_AddItemToObject(o, "operations", json_list(ops));
    cJSON_AddItemToObject(o, "setupOperations", json_list(setup_ops));
    return o;
}

/* One scenario as a text line: id, suite, requirements with their levels,
   then tags, needs and operations when there are any. */
static void scenario_line(const jc_suite *suite, const jc_scenario *sc)
{
    char reqs[400] = "", needs[48];
    size_t n = 0, k = 0;
    char **ids = jc_split_list(sc->requirements, &k);
    for (size_t j = 0; j < k; j++) {
        if (n < sizeof reqs) n += (size_t)snprintf(reqs + n, sizeof reqs - n, "%s%s %s", j ? ", " : "", ids[j], level_of(ids[j]));
        free(ids[j]);
    }
    free(ids);
    printf("  %-44s %-14s %s", sc->id, suite->name, reqs);
    if (sc->tags && sc->tags[0]) printf("  tags=%s", sc->tags);
    needs_text(sc->needs, needs, sizeof needs);
    if (needs[0]) printf("  needs=%s", needs);
    const char *ops, *setup_ops;
    scenario_operations(sc, &ops, &setup_ops);
    if (ops && ops[0]) printf("  ops=%s", ops);
    if (setup_ops && setup_ops[0]) printf("  setup=%s", setup_ops);
    printf("\n");
}

/* `jobsconf list [--suite S] [--tag T] [--requirement R] [--json]`: the
   scenarios the same options select for `run`, and the requirements they
   cover (all of them, with no option). */
int jc_cmd_list(int argc, char **argv)
{
    jc_config cfg;
    int rc = load(&cfg, JC_CMD_LIST, "list", argc, argv);
    if (rc != 0) return rc < 0 ? EXIT_OK : rc;
    const char *what = NULL, *bad = jc_selection_unknown(&cfg, &what);
    if (bad) {
        jc_console_escaped(stderr, "jobsconf list: %s '%s'", what, bad);
        jc_config_free(&cfg);
        return EXIT_USAGE;
    }
    bool filtered = cfg.suites.count || cfg.tags.count || cfg.requirements.count;
    size_t selected = 0, total = 0;
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++) {
            total++;
            selected += jc_selected(&cfg, jc_all_suites[s], &jc_all_suites[s]->scenarios[i]);
        }
    if (selected == 0) {
        jc_console_escaped(stderr, "jobsconf list: the selection (--suite, --tag, --requirement together) matches no scenario");
        jc_config_free(&cfg);
        return EXIT_USAGE;
    }
    cJSON *root = cfg.json ? cJSON_CreateObject() : NULL;
    cJSON *scs = root ? cJSON_AddArrayToObject(root, "scenarios") : NULL;
    if (!root) printf("Scenarios (%zu of %zu): id, suite, requirements with their levels, tags, needs, operations\n", selected, total);
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++) {
            const jc_scenario *sc = &jc_all_suites[s]->scenarios[i];
            if (!jc_selected(&cfg, jc_all_suites[s], sc)) continue;
            if (root) cJSON_AddItemToArray(scs, scenario_json(jc_all_suites[s], sc));
            else scenario_line(jc_all_suites[s], sc);
        }
    cJSON *reqs = root ? cJSON_AddArrayToObject(root, "requirements") : NULL;
#ifdef JC_HAVE_CATALOGUE
    if (!root) printf("\nRequirements (id, level, scenarios%s):\n", filtered ? " selected" : "");
    size_t uncovered_must = 0;
    for (size_t r = 0; r < jc_requirement_count; r++) {
        const struct jc_requirement *q = &jc_requirements[r];
        cJSON *cov = root ? cJSON_CreateArray() : NULL;
        size_t count = 0;
        for (size_t s = 0; jc_all_suites[s]; s++)
            for (size_t i = 0; i < jc_all_suites[s]->count; i++) {
                const jc_scenario *sc = &jc_all_suites[s]->scenarios[i];
                if (!jc_list_has(sc->requirements, q->id) || !jc_selected(&cfg, jc_all_suites[s], sc)) continue;
                count++;
                if (cov) cJSON_AddItemToArray(cov, cJSON_CreateString(sc->id));
            }
        if (filtered && count == 0) { /* a filtered listing shows what it selected */
            cJSON_Delete(cov);
            continue;
        }
        bool flag = count == 0 && q->level == JC_MUST;
        if (flag) uncovered_must++;
        if (root) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", q->id);
            cJSON_AddStringToObject(o, "level", jc_level_name(q->level));
            cJSON_AddItemToObject(o, "scenarios", cov);
            cJSON_AddItemToArray(reqs, o);
        } else {
            printf("  %-8s %-6s %3zu%s\n", q->id, jc_level_name(q->level), count, flag ? "  << MUST without a scenario" : "");
        }
    }
    if (!root && !filtered) printf("\n%zu MUST requirement(s) without a scenario\n", uncovered_must);
#else
    (void)reqs;
    (void)filtered;
    if (!root) printf("\n(built without the requirement catalogue)\n");
#endif
    if (root) {
        char *text = cJSON_Print(root);
        printf("%s\n", text ? text : "{}");
        free(text);
        cJSON_Delete(root);
    }
    jc_config_free(&cfg);
    return EXIT_OK;
}

int jc_cmd_report(int argc, char **argv)
{
    jc_config cfg;
    int rc = load(&cfg, JC_CMD_REPORT, "report", argc, argv);
    if (rc != 0) return rc < 0 ? EXIT_OK : rc;
    char err[1024];
    unsigned formats = 0;
    jc_run run = {0};
    if (!cfg.from) {
        fprintf(stderr, "jobsconf report: --from results.json is required\n");
        rc = EXIT_USAGE;
    } else if (jc_formats_parse(cfg.format, &formats, err, sizeof err) != 0) {
        jc_console_escaped(stderr, "jobsconf report: --format: %s", err);
        rc = EXIT_USAGE;
    } else if (jc_results_load(cfg.from, &run, err, sizeof err) != 0) {
        jc_console_escaped(stderr, "jobsconf report: %s", err);
        rc = EXIT_USAGE;
    } else if (jc_reports_write(&run, cfg.report_dir, formats, err, sizeof err) != 0) {
        jc_console_escaped(stderr, "jobsconf report: %s", err);
        rc = EXIT_HARNESS;
    } else {
        jc_console_reports(cfg.report_dir, formats);
    }
    jc_run_free(&run);
    jc_config_free(&cfg);
    return rc;
}

int jc_cmd_diff(int argc, char **argv)
{
    jc_config cfg;
    int rc = load(&cfg, JC_CMD_DIFF, "diff", argc, argv);
    if (rc != 0) return rc < 0 ? EXIT_OK : rc;
    char err[1024];
    jc_run a = {0}, b = {0};
    if (jc_results_load(cfg.args.items[0], &a, err, sizeof err) != 0 ||
        jc_results_load(cfg.args.items[1], &b, err, sizeof err) != 0) {
        jc_console_escaped(stderr, "jobsconf diff: %s", err);
        rc = EXIT_USAGE;
    } else {
        rc = jc_results_diff_aliased(&a, &b, jc_alias_resolve, stdout) ? EXIT_FAILURES : EXIT_OK;
    }
    jc_run_free(&a);
    jc_run_free(&b);
    jc_config_free(&cfg);
    return rc;
}

/* `jobsconf clean --endpoint URL --prefix P [--yes]`: the leftovers of an
   earlier (crashed) run with prefix P: jobs whose id starts with the full
   stem "jc<P>-". Lists them; deletes them only with --yes. Things and groups
   cannot be listed through the Jobs API, so they are not touched. */
int jc_cmd_clean(int argc, char **argv)
{
    jc_config cfg;
    int rc = load(&cfg, JC_CMD_CLEAN, "clean", argc, argv);
    if (rc != 0) return rc < 0 ? EXIT_OK : rc;
    char err[1024], stem[40];
    jc_env *env = NULL;
    jc_ctx *ctx = NULL;
    bool ok = cfg.prefix && cfg.endpoint && strlen(cfg.prefix) <= 16;
    for (const char *p = cfg.prefix; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
    if (!ok) {
        fprintf(stderr, "jobsconf clean: needs --endpoint URL and --prefix P (1..16 letters or digits: the --prefix "
                        "of the run to clean up)\n");
        jc_config_free(&cfg);
        return EXIT_USAGE;
    }
    snprintf(stem, sizeof stem, "jc%s-", cfg.prefix);
    jc_env_options eo = {&cfg, cfg.endpoint, cfg.data_endpoint ? cfg.data_endpoint : cfg.endpoint, stem, false};
    env = jc_env_new(&eo, err, sizeof err);
    ctx = env ? jc_ctx_new_cleanup(env, err, sizeof err) : NULL;
    if (!ctx) {
        fprintf(stderr, "jobsconf clean: %s\n", err);
        rc = EXIT_HARNESS;
    } else {
        double deadline = cfg.max_time_s > 0 ? cfg.max_time_s : 120;
        printf("jobsconf clean: jobs whose id starts with %s on %s:\n", stem, cfg.endpoint);
        fflush(stdout);
        long n = jc_clean_stem(ctx, stem, cfg.yes, deadline, stdout, stderr);
        if (n < 0) rc = EXIT_HARNESS;
        else if (!cfg.yes) printf("jobsconf clean: %ld job(s) found; run again with --yes to delete them\n", n);
        else if (n > 0) {
            printf("jobsconf clean: %ld job(s) could not be deleted\n", n);
            rc = EXIT_FAILURES;
        } else
            printf("jobsconf clean: deleted\n");
    }
    jc_ctx_free(ctx);
    jc_env_free(env);
    jc_config_free(&cfg);
    return rc;
}
