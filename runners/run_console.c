/* Console output of a run. Every text that may come from a server goes
 * through jc_print_escaped: control characters are shown as \xNN, and each
 * line of a message or transcript is indented, so a server can neither drive
 * the terminal nor start a line of a CI log (`::error ...`).
 *
 * Progress: on a terminal, one progress line (done/total, failures so far,
 * elapsed, the scenario running) redrawn under the result lines; off a
 * terminal (CI logs) a heartbeat line whenever nothing was printed for
 * JC_HEARTBEAT_S seconds (default 10), naming what the run waits for. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "jc_report_util.h"
#include "jc_runner.h"

#define MAX_RUNNING 64
#define CUT_LINES 4    /* lines of a failed check shown without --verbose */
#define CUT_CHARS 400  /* characters of it */

static bool g_color;
static pthread_mutex_t g_out_lock = PTHREAD_MUTEX_INITIALIZER;

static struct {
    bool tty;          /* draw the progress line */
    bool line_shown;   /* it is on the screen now */
    size_t total, done, failures;
    double t0, last_print, heartbeat_s;
    char waiting[160]; /* what the run waits for outside the scenarios */
    char running[MAX_RUNNING][128];
    double running_since[MAX_RUNNING];
    pthread_t thread;
    bool thread_on, stop;
    bool begun;        /* a scenario started: the header lines are out */
    pthread_cond_t wake;
} g = {.wake = PTHREAD_COND_INITIALIZER};

void jc_console_init(void)
{
    bool tty = isatty(STDOUT_FILENO);
    const char *term = getenv("TERM");
    g_color = tty && !getenv("NO_COLOR");
    g.tty = tty && !(term && strcmp(term, "dumb") == 0);
    const char *hb = getenv("JC_HEARTBEAT_S");
    g.heartbeat_s = hb && atof(hb) >= 0.5 && atof(hb) <= 10 ? atof(hb) : 10;
}

/* ---- the progress line (g_out_lock held) ---- */

static void clear_line(void)
{
    if (!g.line_shown) return;
    fputs("\r\033[K", stdout);
    g.line_shown = false;
}

static void elapsed_text(double s, char *buf, size_t len)
{
    long t = (long)s;
    if (t >= 3600) snprintf(buf, len, "%ldh%02ldm%02lds", t / 3600, t / 60 % 60, t % 60);
    else if (t >= 60) snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
    else snprintf(buf, len, "%lds", t);
}

/* What the run waits for: the scenario running longest (and how many
   more), or the step outside the scenarios. */
static void waiting_text(char *buf, size_t len, bool with_age)
{
    size_t n = 0, oldest = MAX_RUNNING;
    for (size_t i = 0; i < MAX_RUNNING; i++)
        if (g.running[i][0]) {
            n++;
            if (oldest == MAX_RUNNING || g.running_since[i] < g.running_since[oldest]) oldest = i;
        }
    if (!n) {
        snprintf(buf, len, "%s", g.waiting[0] ? g.waiting : "the next step");
        return;
    }
    char more[32] = "";
    if (n > 1) snprintf(more, sizeof more, " (+%zu more)", n - 1);
    if (with_age)
        snprintf(buf, len, "scenario %s, running for %.0f s%s", g.running[oldest], jc_mono_s() - g.running_since[oldest],
                 more);
    else snprintf(buf, len, "%s%s", g.running[oldest], more);
}

static void draw_line(void)
{
    if (!g.tty || !g.thread_on || !g.begun) return;
    char el[32], what[200], line[400];
    elapsed_text(jc_mono_s() - g.t0, el, sizeof el);
    waiting_text(what, sizeof what, false);
    int n = snprintf(line, sizeof line, "[%zu/%zu] %zu failed, %s: %s", g.done, g.total, g.failures, el, what);
    struct winsize ws;
    int width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10 ? ws.ws_col - 1 : 79;
    if (n > width) line[width] = '\0'; /* never wraps: \r redraws one line */
    fputs("\r\033[K", stdout);
    fputs(line, stdout);
    fflush(stdout);
    g.line_shown = true;
}

static void *heartbeat(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g_out_lock);
    while (!g.stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        double step = g.tty ? 1.0 : g.heartbeat_s / 4;
        ts.tv_sec += (time_t)step;
        ts.tv_nsec += (long)((step - (double)(time_t)step) * 1e9);
        if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&g.wake, &g_out_lock, &ts);
        if (g.stop) break;
        if (g.tty) {
            draw_line();
        } else if (jc_mono_s() - g.last_print >= g.heartbeat_s) {
            char el[32], what[200];
            elapsed_text(jc_mono_s() - g.t0, el, sizeof el);
            waiting_text(what, sizeof what, true);
            printf("jobsconf: ... %zu/%zu done, %zu failed, %s: waiting for %s\n", g.done, g.total, g.failures, el, what);
            fflush(stdout);
            g.last_print = jc_mono_s();
        }
    }
    pthread_mutex_unlock(&g_out_lock);
    return NULL;
}

void jc_console_start(size_t total, double t0)
{
    pthread_mutex_lock(&g_out_lock);
    g.total = total;
    g.t0 = t0;
    g.last_print = jc_mono_s();
    g.stop = false;
    /* the thread waits for the lock until this returns */
    if (!g.thread_on && pthread_create(&g.thread, NULL, heartbeat, NULL) == 0) g.thread_on = true;
    pthread_mutex_unlock(&g_out_lock);
}

void jc_console_stop(void)
{
    pthread_mutex_lock(&g_out_lock);
    g.stop = true;
    pthread_cond_signal(&g.wake);
    clear_line();
    fflush(stdout);
    bool join = g.thread_on;
    pthread_mutex_unlock(&g_out_lock);
    if (join) pthread_join(g.thread, NULL);
    pthread_mutex_lock(&g_out_lock);
    g.thread_on = false;
    pthread_mutex_unlock(&g_out_lock);
}

void jc_console_waiting(const char *what)
{
    pthread_mutex_lock(&g_out_lock);
    snprintf(g.waiting, sizeof g.waiting, "%s", what ? what : "");
    pthread_mutex_unlock(&g_out_lock);
}

void jc_console_begin(const char *id)
{
    pthread_mutex_lock(&g_out_lock);
    g.begun = true;
    for (size_t i = 0; i < MAX_RUNNING; i++)
        if (!g.running[i][0]) {
            snprintf(g.running[i], sizeof g.running[i], "%s", id);
            g.running_since[i] = jc_mono_s();
            break;
        }
    draw_line();
    pthread_mutex_unlock(&g_out_lock);
}

/* ---- lines ---- */

void jc_console_escaped(FILE *f, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&g_out_lock);
    clear_line();
    fflush(stdout);
    jc_print_escaped(f, "", buf, strlen(buf));
    fflush(f);
    g.last_print = jc_mono_s();
    draw_line();
    pthread_mutex_unlock(&g_out_lock);
}

static const char *status_color(jc_status s)
{
    if (!g_color) return "";
    switch (s) {
    case JC_PASS: return "\033[32m";
    case JC_FAIL: return "\033[31m";
    case JC_ERROR: case JC_BLOCKED: case JC_XPASS: return "\033[35m";
    default: return "\033[33m";
    }
}

static void print_transcript(const jc_scenario_result *r)
{
    for (size_t i = 0; i < r->exchange_count; i++) {
        const jc_exchange *e = &r->transcript[i];
        char line[512];
        snprintf(line, sizeof line, "%s %s", e->method, e->url);
        jc_print_escaped(stdout, "    > ", line, strlen(line));
        if (e->request_body)
            jc_print_escaped(stdout, "    > ", e->request_body, e->request_body_len > 400 ? 400 : e->request_body_len);
        if (e->transport_error) {
            snprintf(line, sizeof line, "(no response: %s)", e->transport_error);
            jc_print_escaped(stdout, "    < ", line, strlen(line));
        } else {
            snprintf(line, sizeof line, "%d", e->status);
            jc_print_escaped(stdout, "    < ", line, strlen(line));
            if (e->response_body)
                jc_print_escaped(stdout, "    < ", e->response_body,
                                 e->response_body_len > 400 ? 400 : e->response_body_len);
        }
    }
}

/* Prints text indented; unless whole, cut to CUT_LINES lines and CUT_CHARS
   characters, saying so. */
static void print_cut(const char *prefix, const char *text, size_t len, bool whole)
{
    size_t n = len, lines = 0;
    if (!whole) {
        for (size_t i = 0; i < len; i++)
            if (text[i] == '\n' && ++lines == CUT_LINES) {
                n = i;
                break;
            }
        if (n > CUT_CHARS) n = CUT_CHARS;
    }
    jc_print_escaped(stdout, prefix, text, n);
    if (n < len) printf("%s  [... %zu more characters: --verbose or the reports]\n", prefix, len - n);
}

static bool starts_entry(const char *line)
{
    static const char *const kinds[] = {"FAIL", "ERROR:", "BLOCKED:", "SKIP:", "NOTE:"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strncmp(line, kinds[i], strlen(kinds[i])) == 0) return true;
    return false;
}

/* A scenario's message holds one entry per failed check ("FAIL: ...",
   "ERROR: ..."), each maybe of several lines: every entry is printed, each
   cut on its own. */
static void print_entries(const char *message, bool whole)
{
    const char *start = message;
    while (*start) {
        const char *end = strchr(start, '\n');
        while (end && end[1] && !starts_entry(end + 1)) end = strchr(end + 1, '\n');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        print_cut("    ", start, len, whole);
        start += len + (end ? 1 : 0);
    }
}

void jc_console_result(const jc_scenario_result *r, bool verbose)
{
    pthread_mutex_lock(&g_out_lock);
    for (size_t i = 0; i < MAX_RUNNING; i++)
        if (r->id && strcmp(g.running[i], r->id) == 0) {
            g.running[i][0] = '\0';
            break;
        }
    g.done++;
    if (jc_status_failing(r->status)) g.failures++;
    clear_line();
    printf("%s%-5s%s %s  (%.0f ms)", status_color(r->status), jc_status_name(r->status), g_color ? "\033[0m" : "",
           r->id, r->duration_ms);
    char tail[600] = "";
    if (r->status == JC_XPASS)
        snprintf(tail, sizeof tail, "  [passed, but the baseline expects a failure: %.500s]",
                 r->baseline_reason ? r->baseline_reason : "");
    else if (r->status == JC_XFAIL)
        snprintf(tail, sizeof tail, "  [was %s, expected: %.500s]", jc_status_name(r->raw_status),
                 r->baseline_reason ? r->baseline_reason : "");
    jc_print_escaped(stdout, "", tail, strlen(tail)); /* the baseline's text, escaped too */
    if (!tail[0]) printf("\n");
    if (r->status == JC_SKIP || r->status == JC_DISABLED) {
        /* every SKIP says why */
        print_entries(r->message && r->message[0] ? r->message : "(no reason recorded)", verbose);
    } else if (r->status != JC_PASS) {
        if (r->message) print_entries(r->message, verbose);
        /* a failed check the message does not hold (it stops growing at 16 KiB) */
        for (size_t i = 0; i < r->check_count; i++) {
            const jc_check *c = &r->checks[i];
            if (c->passed || !c->message || (r->message && strstr(r->message, c->message))) continue;
            print_cut("    - ", c->message, strlen(c->message), verbose);
        }
    } else if (verbose && r->message) {
        print_entries(r->message, true);
    }
    if (verbose && r->status != JC_PASS && r->status != JC_SKIP && r->status != JC_DISABLED) print_transcript(r);
    fflush(stdout);
    g.last_print = jc_mono_s();
    draw_line();
    pthread_mutex_unlock(&g_out_lock);
}

/* ---- before and after the scenarios ---- */

void jc_console_skip_forecast(const jc_runner *r)
{
    size_t clock = 0, admin = 0, disabled = 0;
    bool vclock = r->env && jc_env_virtual_clock(r->env), has_admin = r->env && jc_env_admin(r->env);
    for (size_t i = 0; i < r->plan_count; i++) {
        const jc_planned *p = &r->plan[i];
        if (p->baseline && p->baseline->disabled) disabled++;
        else if ((p->sc->needs & JC_NEEDS_ADMIN) && !has_admin) admin++;
        else if ((p->sc->needs & JC_NEEDS_CLOCK) && !vclock && !r->cfg.slow) clock++;
    }
    if (clock + admin + disabled == 0) return;
    char line[600];
    int n = snprintf(line, sizeof line, "jobsconf: %zu scenario(s) will be skipped:", clock + admin + disabled);
    if (clock)
        n += snprintf(line + n, sizeof line - (size_t)n, " %zu need a controllable clock: use --slow or a jobsref endpoint;",
                      clock);
    if (admin && n < (int)sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, " %zu need the jobsref admin routes (reference-only checks);",
                      admin);
    if (disabled && n < (int)sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, " %zu disabled by the baseline;", disabled);
    size_t len = strlen(line);
    if (len && line[len - 1] == ';') line[len - 1] = '\0';
    jc_console_escaped(stdout, "%s", line);
}

void jc_console_groups(const jc_run *run)
{
    jc_failure_group *g = NULL;
    size_t n = 0;
    if (jc_failure_groups(run, &g, &n) != 0 || n == 0) {
        jc_failure_groups_free(g, n);
        return;
    }
    pthread_mutex_lock(&g_out_lock);
    printf("Failures by cause (%zu group%s):\n", n, n == 1 ? "" : "s");
    for (size_t k = 0; k < n && k < 10; k++) {
        char *label = jc_failure_group_label(&g[k]);
        char line[700];
        int used = snprintf(line, sizeof line, "%4zu  %.300s:", g[k].count, label ? label : "?");
        for (size_t m = 0; m < g[k].count && m < 3 && used < (int)sizeof line; m++)
            used += snprintf(line + used, sizeof line - (size_t)used, " %s", run->scenarios[g[k].members[m]].id);
        if (g[k].count > 3 && used < (int)sizeof line)
            snprintf(line + used, sizeof line - (size_t)used, " (+%zu more)", g[k].count - 3);
        jc_print_escaped(stdout, "  ", line, strlen(line));
        free(label);
    }
    if (n > 10) printf("  ... %zu more group(s): see report.html\n", n - 10);
    fflush(stdout);
    pthread_mutex_unlock(&g_out_lock);
    jc_failure_groups_free(g, n);
}

void jc_console_reports(const char *dir, unsigned formats)
{
    static const struct { unsigned bit; const char *name; } files[] = {
        {JC_FORMAT_HTML, "report.html"}, {JC_FORMAT_MD, "summary.md"}, {JC_FORMAT_JUNIT, "junit.xml"},
        {JC_FORMAT_JSON, "results.json"}};
    char list[160] = "";
    size_t n = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0] && n < sizeof list; i++)
        if (formats & files[i].bit) n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", files[i].name);
    jc_console_escaped(stdout, "jobsconf: reports written to %s/: %s", dir, list);
}
