/* Step 1 of `jobsconf run`: the settings (flags, environment, file), the
 * report formats, the prefix, the requirement filter and the baseline. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jc_runner.h"
#include "jc_select.h"
#ifdef JC_HAVE_CATALOGUE
#include "requirements.h"
#endif

void jc_runner_set_incomplete(jc_runner *r, const char *fmt, ...)
{
    if (r->incomplete) return; /* the first reason is the one that matters */
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->incomplete = strdup(buf);
}

static bool scenario_exists(const char *id) { return jc_scenario_by_id(id) != NULL; }

/* A usage error found once the settings are known: said on stderr and in
   the reports. */
static int usage_error(jc_runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(jc_runner *r, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    jc_console_escaped(stderr, "jobsconf: %s", buf);
    jc_runner_set_incomplete(r, "usage error: %s", buf);
    return EXIT_USAGE;
}

static bool is_local(const char *url)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    return strncmp(h, "127.", 4) == 0 || strncmp(h, "localhost", 9) == 0 || strncmp(h, "[::1]", 5) == 0;
}

int jc_runner_settings(jc_runner *r, int argc, char **argv)
{
    char err[1024];
    jc_config_init(&r->cfg);
    if (jc_config_load_cmd(&r->cfg, JC_CMD_RUN, argc, argv, NULL, NULL, err, sizeof err) != 0) {
        jc_console_escaped(stderr, "jobsconf run: %s", err);
        return EXIT_USAGE; /* no report folder is known yet */
    }
    if (r->cfg.help) {
        jc_usage(stdout, "run");
        return -1; /* done: exit 0 without a run */
    }
    if (jc_formats_parse(r->cfg.format, &r->formats, err, sizeof err) != 0) {
        jc_console_escaped(stderr, "jobsconf: --format: %s", err);
        return EXIT_USAGE;
    }
    if (r->cfg.prefix) {
        size_t n = strlen(r->cfg.prefix);
        bool ok = n >= 1 && n <= 16;
        for (const char *p = r->cfg.prefix; *p && ok; p++) ok = isalnum((unsigned char)*p);
        if (!ok) return usage_error(r, "--prefix: '%s' must be 1..16 letters or digits", r->cfg.prefix);
    }
#ifdef JC_HAVE_CATALOGUE
    for (size_t i = 0; i < r->cfg.requirements.count; i++)
        if (!jc_requirement_find(r->cfg.requirements.items[i]))
            return usage_error(r, "--requirement: '%s' is not in the catalogue", r->cfg.requirements.items[i]);
#endif
    if (r->cfg.baseline) {
        if (jc_baseline_load(r->cfg.baseline, &r->baseline, err, sizeof err) != 0) return usage_error(r, "%s", err);
        for (size_t i = 0; i < r->baseline.count; i++)
            if (!scenario_exists(r->baseline.entries[i].id))
                return usage_error(r, "%s:%d: unknown scenario '%s'", r->cfg.baseline, r->baseline.entries[i].line,
                                   r->baseline.entries[i].id);
    }
    if (r->cfg.insecure)
        fprintf(stderr, "jobsconf: WARNING: --insecure: TLS certificates are not verified; every report says so\n");
    if (r->cfg.endpoint && !r->cfg.access_key && !is_local(r->cfg.endpoint))
        fprintf(stderr, "jobsconf: WARNING: no credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): requests to %s "
                        "are signed with dummy ones and a real service will refuse them\n", r->cfg.endpoint);
    return 0;
}
