/* Console output of a run. Every text that may come from a server goes
 * through jc_print_escaped: control characters are shown as \xNN, and each
 * line of a message or transcript is indented, so a server can neither drive
 * the terminal nor start a line of a CI log (`::error ...`). */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jc_runner.h"

static bool g_color;
static pthread_mutex_t g_out_lock = PTHREAD_MUTEX_INITIALIZER;

void jc_console_init(void) { g_color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR"); }

void jc_console_escaped(FILE *f, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    jc_print_escaped(f, "", buf, strlen(buf));
    fflush(f);
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

void jc_console_result(const jc_scenario_result *r, bool verbose)
{
    pthread_mutex_lock(&g_out_lock);
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
    if (r->message && (r->status != JC_PASS || verbose)) {
        /* first line always; everything with --verbose */
        const char *nl = strchr(r->message, '\n');
        size_t n = verbose || !nl ? strlen(r->message) : (size_t)(nl - r->message);
        jc_print_escaped(stdout, "    ", r->message, n);
    }
    if (verbose && r->status != JC_PASS && r->status != JC_SKIP && r->status != JC_DISABLED) print_transcript(r);
    fflush(stdout);
    pthread_mutex_unlock(&g_out_lock);
}
