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

int jc_cmd_list(int argc, char **argv)
{
    jc_config cfg;
    int rc = load(&cfg, JC_CMD_LIST, "list", argc, argv);
    if (rc != 0) return rc < 0 ? EXIT_OK : rc;
    bool json = cfg.json;
    jc_config_free(&cfg);
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
                /* the declared operations: null when the entry declares none */
                cJSON_AddItemToObject(o, "operationsUnderTest", sc->ops ? cJSON_CreateString(sc->ops) : cJSON_CreateNull());
                cJSON_AddItemToObject(o, "operationsSetup", sc->setup_ops ? cJSON_CreateString(sc->setup_ops) : cJSON_CreateNull());
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
    printf("Scenarios (id, suite, requirements, needs; operations under test; setup operations):\n");
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++) {
            const jc_scenario *sc = &jc_all_suites[s]->scenarios[i];
            needs_text(sc->needs, needs, sizeof needs);
            printf("  %-44s %-12s %-20s %s\n", sc->id, jc_all_suites[s]->name, sc->requirements, needs);
            if (sc->ops) printf("      ops: %s; setup: %s\n", *sc->ops ? sc->ops : "(none)", sc->setup_ops ? sc->setup_ops : "");
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
