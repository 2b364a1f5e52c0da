/* Internal helpers shared by the report writers (not part of the public
 * API): text sanitizing, HTML escaping through libxml2, base64 for bodies
 * that are not text, per-area aggregation and error formatting. */
#ifndef JC_REPORT_UTIL_H
#define JC_REPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "jc_results.h"

/* Formats a message into err (when err and err_len are set); always returns -1
 * so callers can `return jc_errf(...)`. */
int jc_errf(char *err, size_t err_len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* True when s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF). NUL bytes count as valid. */
bool jc_utf8_valid(const char *s, size_t len);

/* Returns a newly malloc'd, NUL-terminated copy of s[0..len) that is valid
 * UTF-8 and carries only characters XML 1.0 and HTML allow: each maximal
 * invalid UTF-8 subpart becomes U+FFFD, control characters (other than tab,
 * LF, CR) and DEL become the visible text "\xNN", C1 controls and U+FFFE/
 * U+FFFF become "\uNNNN". s == NULL gives "". NULL only when out of memory.
 * Caller frees with free(). */
char *jc_text_sanitize(const char *s, size_t len);
/* Same for a NUL-terminated string (NULL allowed). */
char *jc_text_sanitize_str(const char *s);

/* Sanitizes then HTML/XML-escapes (<, >, &, ", CR) with libxml2's
 * xmlEncodeSpecialChars. Returns a malloc'd string (caller frees with free()),
 * NULL only when out of memory. */
char *jc_html_escape(const char *s, size_t len);
char *jc_html_escape_str(const char *s);
/* Writes jc_html_escape_str(s) to out; returns false when out of memory. */
bool jc_html_put(FILE *out, const char *s);

/* Base64 (RFC 4648, padded). encode: malloc'd NUL-terminated text.
 * decode: malloc'd bytes plus a trailing NUL, length in *out_len; NULL when
 * the text is not canonical base64. Caller frees with free(). */
char *jc_base64_encode(const unsigned char *data, size_t len);
unsigned char *jc_base64_decode(const char *text, size_t *out_len);

/* Status order used for requirement summaries: XPASS > FAIL > ERROR >
 * BLOCKED > XFAIL > PASS > SKIP > DISABLED. Higher is worse. */
int jc_status_rank(jc_status s);
/* Counts against the run: FAIL, ERROR, BLOCKED or XPASS (not XFAIL). */
bool jc_status_failing(jc_status s);

/* Every status in display order: PASS, FAIL, XFAIL, XPASS, ERROR, BLOCKED,
 * SKIP, DISABLED. */
extern const jc_status jc_status_order[JC_STATUS_COUNT];

/* Scenarios grouped by API area (jc_scenario_result.suite), in order of first
 * appearance. Caller frees with jc_areas_free. */
typedef struct jc_area {
    const char *name; /* borrowed from the run ("" when suite is NULL) */
    size_t counts[JC_STATUS_COUNT];
    size_t total;
} jc_area;
int jc_areas_build(const jc_run *run, jc_area **out, size_t *count);
void jc_areas_free(jc_area *areas);

/* Pass rate of an area or run: (PASS + XPASS) / every scenario that ran
 * (PASS, FAIL, ERROR, BLOCKED, XFAIL, XPASS), or -1 when none ran. */
double jc_pass_rate(const size_t counts[JC_STATUS_COUNT]);

/* One-line meaning of a `jobsconf run` exit code. Static string. */
const char *jc_exit_meaning(int exit_code);
/* "PASS" when exit_code is 0, else "FAIL". */
const char *jc_verdict(const jc_run *run);

/* Renders an exchange as readable text (request line, headers, body, status,
 * response headers, body) into a malloc'd string: raw bytes, NOT sanitized.
 * Length in *len. NULL when out of memory. */
char *jc_exchange_text(const jc_exchange *ex, size_t *len);


/* Failures grouped by cause: the failing scenarios (FAIL, ERROR, BLOCKED,
 * XPASS) whose deciding exchange has the same operation, the same HTTP
 * status and the same error type (or the same transport error) form one
 * group. The deciding exchange is the last one that failed below HTTP or
 * got a 5xx, else the first 4xx/3xx, else the last one; a FAIL on a 2xx
 * answer is grouped by the place of its first failed check. Groups are in
 * order of size (largest first), members in run order. */
typedef struct jc_failure_group {
    char *operation;  /* "UpdateJob", or "PATCH /jobs/{}" when unknown; "(no exchange)" */
    int http_status;  /* of the deciding exchange; 0: no answer */
    char *cause;      /* "no error type (HTML page)", "InvalidRequestException", the transport error, ... */
    size_t *members;  /* indices into run->scenarios */
    size_t count;
    size_t example_exchange; /* index of the deciding exchange in the first member's transcript */
    bool has_example;
} jc_failure_group;
int jc_failure_groups(const jc_run *run, jc_failure_group **out, size_t *count);
void jc_failure_groups_free(jc_failure_group *groups, size_t count);
/* "UpdateJob · HTTP 500 · no error type (HTML page)": malloc'd, NOT sanitized. */
char *jc_failure_group_label(const jc_failure_group *g);

/* The operation table (reports/operations.c): blocked counts and
 * judgements derived (jc_run_finalize calls it), and each format's section.
 * Every report opens with it. */
void jc_ops_finalize(jc_run *run);
void jc_ops_markdown(const jc_run *run, FILE *out);
void jc_ops_html(const jc_run *run, FILE *out);
/* Plain text, one line per operation (console, JUnit system-out). */
void jc_ops_text(const jc_run *run, FILE *out, bool only_problems);
#endif
