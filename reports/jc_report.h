/* Report writers and readers over jc_run (jc_results.h).
 *
 * Every writer works from the result records alone, so a results.json saved
 * by one run regenerates every other format later (`jobsconf report`). */
#ifndef JC_REPORT_H
#define JC_REPORT_H

#include <stdio.h>

#include "jc_results.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jc_format {
    JC_FORMAT_JUNIT = 1 << 0, /* junit.xml */
    JC_FORMAT_JSON = 1 << 1,  /* results.json */
    JC_FORMAT_HTML = 1 << 2,  /* report.html */
    JC_FORMAT_MD = 1 << 3,    /* summary.md */
    JC_FORMAT_ALL = 0xF
} jc_format;

/* Parses "junit,json,html,md" (any subset, any order; "all"). Returns 0 and
 * sets *out, or -1 with a message naming the bad item in err. */
int jc_formats_parse(const char *list, unsigned *out, char *err, size_t err_len);

/* Fills in derived fields of a run whose scenarios and requirements are set:
 * counts, unexpected_passes, and each requirement's covered/status/scenario
 * list from the scenarios that name it. Idempotent. */
void jc_run_finalize(jc_run *run);

/* Writes the selected formats into `dir` (created if missing) under the
 * fixed names above. Returns 0, or -1 with a message in err. */
int jc_reports_write(const jc_run *run, const char *dir, unsigned formats, char *err, size_t err_len);

/* Removes the report files of an earlier run from dir (the four fixed
 * names only), so the folder never mixes two runs. */
void jc_reports_clear(const char *dir);

/* Single-format writers to an open stream (used by jc_reports_write and by
 * tests). Each returns 0 or -1 with a message in err. */
int jc_report_junit(const jc_run *run, FILE *out, char *err, size_t err_len);
int jc_report_json(const jc_run *run, FILE *out, char *err, size_t err_len);
int jc_report_html(const jc_run *run, FILE *out, char *err, size_t err_len);
int jc_report_markdown(const jc_run *run, FILE *out, char *err, size_t err_len);

/* Loads a results.json written by jc_report_json into *run (caller frees
 * with jc_run_free). Rejects other schema versions with a clear message.
 * Returns 0 or -1 with a message in err. */
int jc_results_load(const char *path, jc_run *run, char *err, size_t err_len);

/* Compares two runs: prints scenarios and requirements whose status changed
 * to `out`, regressions first (PASS -> anything else). Returns the number of
 * regressions (0 when none). */
size_t jc_results_diff(const jc_run *old_run, const jc_run *new_run, FILE *out);
/* The same, reading every scenario id through `resolve` first (the alias
 * table of renamed scenarios: returns the current id, or NULL when the id
 * is current), so that results written before a rename still compare; one
 * notice line names each renamed id. resolve may be NULL. */
typedef const char *(*jc_id_resolver)(const char *id);
size_t jc_results_diff_aliased(const jc_run *old_run, const jc_run *new_run, jc_id_resolver resolve, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
