/* The steps of `jobsconf run`, one file each (cmd_run.c calls them in
 * order): settings (run_settings.c), endpoint start and probe
 * (run_endpoint.c), selection (run_select.c), execution (run_execute.c),
 * cleanup (run_cleanup.c), reports and the exit code (run_reports.c), signal
 * handling (run_signals.c), console output (run_console.c). The other
 * subcommands are in cmd_other.c; main() in jobsconf.c. */
#ifndef JC_RUNNER_H
#define JC_RUNNER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "jc_baseline.h"
#include "jc_config.h"
#include "jc_report.h"
#include "jc_scenario.h"

#ifndef JC_VERSION
#define JC_VERSION "0.1.0"
#endif

enum { EXIT_OK = 0, EXIT_FAILURES = 1, EXIT_USAGE = 2, EXIT_HARNESS = 3 };

typedef struct jc_planned {
    const jc_suite *suite;
    const jc_scenario *sc;
    const jc_baseline_entry *baseline;
    size_t index; /* into the results */
} jc_planned;

typedef struct jc_runner {
    jc_config cfg;
    unsigned formats;
    jc_baseline baseline;
    jc_planned *plan;
    size_t plan_count;
    jc_scenario_result *results; /* plan_count entries */
    bool *done;                  /* results[i] is filled */
    bool embedded;
    void *server;                /* the bundled jr_server, when embedded */
    void *broker;                /* its private mosquitto (jc_broker), when embedded */
    char *control, *data;        /* endpoint URLs */
    char prefix[32];             /* "jc" + --prefix or 6 random hex */
    char auth_state[160];        /* whether the endpoint enforces authentication */
    jc_env *env;
    char started[32];            /* ISO-8601 UTC */
    double t0;
    int exit_code;               /* set by a step that ends the run early */
    char *incomplete;            /* why the run is incomplete; NULL: complete */
    size_t left_behind;          /* resources the cleanup could not delete */
} jc_runner;

/* Each step returns 0 to go on, or an exit code (then r->incomplete says
 * why, when the reports should say so). */
int jc_runner_settings(jc_runner *r, int argc, char **argv);
int jc_runner_select(jc_runner *r);
int jc_runner_start_embedded(jc_runner *r, char *err, size_t err_len);
int jc_runner_endpoint(jc_runner *r);
void jc_runner_execute(jc_runner *r);
void jc_runner_cleanup(jc_runner *r);
/* Builds the run record, writes the reports (always: marked incomplete when
 * r->incomplete) and returns the exit code. */
int jc_runner_reports(jc_runner *r, int exit_code);
void jc_runner_free(jc_runner *r);
void jc_runner_set_incomplete(jc_runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether a scenario is in the selection (--suite, --tag and --requirement
 * matched as suites/support/jc_select.h says). */
bool jc_selected(const jc_config *cfg, const jc_suite *s, const jc_scenario *sc);
/* A --suite or --tag value that names nothing (a typo is not an empty
 * selection): the value, with *what saying which option; NULL when all
 * name something. */
const char *jc_selection_unknown(const jc_config *cfg, const char **what);

/* SIGINT/SIGTERM: the first asks the run to stop (scenarios are no longer
 * started, the cleanup and the reports still happen); the second exits at
 * once. The flag is 0 or the signal number. */
void jc_signals_install(void);
extern volatile sig_atomic_t jc_signal_received;

/* Console: one line per result (server text escaped), the transcript of a
 * failure with --verbose, lines prefixed so no server text starts one. */
void jc_console_init(void);
void jc_console_result(const jc_scenario_result *r, bool verbose);
void jc_console_escaped(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Progress (run_console.c): start/stop the progress line (a terminal) or
 * the heartbeat (off a terminal); what the run waits for outside the
 * scenarios ("the server start", NULL: nothing); a scenario starting. */
void jc_console_start(size_t total, double t0);
void jc_console_stop(void);
void jc_console_waiting(const char *what);
void jc_console_begin(const char *id);
/* The header line on the scenarios that will SKIP, and why. */
void jc_console_skip_forecast(const jc_runner *r);
/* The failures grouped by cause, short. */
void jc_console_groups(const jc_run *run);
/* Where the reports went. */
void jc_console_reports(const char *dir, unsigned formats);

int jc_cmd_run(int argc, char **argv);
int jc_cmd_list(int argc, char **argv);
int jc_cmd_report(int argc, char **argv);
int jc_cmd_diff(int argc, char **argv);
int jc_cmd_clean(int argc, char **argv);
/* Prints the usage of a subcommand ("run", ..., NULL: all) on f. */
void jc_usage(FILE *f, const char *cmd);

#endif
