/* Test fixtures: jc_run values built directly (no runner needed).
 * Both functions fill *run (caller frees with jc_run_free) and call
 * jc_run_finalize. */
#ifndef JC_TEST_FIXTURES_H
#define JC_TEST_FIXTURES_H

#include "jc_results.h"

/* A run with every status, an expected failure, an unexpected pass,
 * covered and uncovered requirements and transcripts; exit code 1. */
void fx_normal_run(jc_run *run);
/* A run whose names, messages, headers and bodies carry markup
 * characters, "]]>", control characters, NULs and invalid UTF-8. */
void fx_hostile_run(jc_run *run);
/* Per-requirement verdicts: a scenario failing only its SHOULD check
 * beside a passing MUST one (a warning), one failing its MUST check beside
 * a passing SHOULD one, a BLOCKED scenario, an XFAIL and an XPASS. Exit
 * code 1 (the MUST failure, BLOCKED and XPASS). */
void fx_verdicts_run(jc_run *run);
/* A server answering UpdateJob with an HTML 500: 31 ERROR scenarios of
 * one cause, beside a FAIL on a 400 without an error type, a transport
 * error, two XFAILs, a SKIP and passes; statements with `code`. */
void fx_grouped_run(jc_run *run);
/* An all-passing run (exit code 0). */
void fx_passing_run(jc_run *run);

/* Deep equality of two runs; on a difference writes where into why and
 * returns false. */
#include <stdbool.h>
#include <stddef.h>
bool fx_run_equal(const jc_run *a, const jc_run *b, char *why, size_t why_len);

#endif
