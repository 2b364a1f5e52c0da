/* summary.md: a short Markdown summary for CI job summary pages (GitHub's
 * $GITHUB_STEP_SUMMARY). Link-free; table cells are sanitized, HTML-escaped,
 * and have `|`, newlines and Markdown link/emphasis characters neutralized so
 * a hostile message cannot break a row or inject a link. */
#include <stdlib.h>
#include <string.h>

#include "jc_report.h"
#include "jc_report_util.h"

#define URL_SAFE "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$()*+,;=%"
#define MD_CELL_MAX 200 /* bytes of a message kept in a table cell */

#define ORDER jc_status_order

/* Writes s as one table cell: sanitized, whitespace runs (including
 * newlines) folded to one space, HTML-escaped by libxml2, then `|`, `\`,
 * backticks, `[`, `]`, `*`, `_` escaped with a backslash; at most `max`
 * bytes of text (cut on a UTF-8 boundary, then "..."). */
static bool cell(FILE *out, const char *s, size_t max)
{
    char *clean = jc_text_sanitize_str(s), *folded, *esc;
    size_t n = 0;
    bool space = false, cut = false;
    if (!clean) return false;
    folded = malloc(strlen(clean) + 1);
    if (!folded) {
        free(clean);
        return false;
    }
    for (const char *p = clean; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
            space = n > 0;
            continue;
        }
        if (max && n >= max && ((unsigned char)*p & 0xC0) != 0x80) {
            cut = true;
            break;
        }
        if (space) folded[n++] = ' ';
        space = false;
        folded[n++] = *p;
    }
    folded[n] = '\0';
    free(clean);
    esc = jc_html_escape_str(folded);
    free(folded);
    if (!esc) return false;
    for (const char *p = esc; *p; p++) {
        if (strchr("|\\`[]*_<>", *p)) fputc('\\', out);
        fputc(*p, out);
    }
    if (cut) fputs("...", out);
    free(esc);
    return true;
}

/* Failures grouped by cause (jc_failure_groups): count, cause, scenarios
 * (the first 10, then how many more). The example transcript is in the HTML
 * report. */
static bool write_groups(FILE *out, const jc_run *run)
{
    jc_failure_group *g = NULL;
    size_t ng = 0;
    bool ok = true;
    if (jc_failure_groups(run, &g, &ng) != 0) return false;
    if (ng) {
        fprintf(out, "### Failures by cause (%zu group%s)\n\n| Count | Cause | Scenarios |\n|---:|---|---|\n", ng, ng == 1 ? "" : "s");
        for (size_t k = 0; k < ng; k++) {
            char *label = jc_failure_group_label(&g[k]);
            fprintf(out, "| %zu | ", g[k].count);
            ok = ok && label && cell(out, label, MD_CELL_MAX);
            free(label);
            fputs(" | ", out);
            for (size_t m = 0; m < g[k].count && m < 10; m++) {
                if (m) fputs(", ", out);
                ok = ok && cell(out, run->scenarios[g[k].members[m]].id, 0);
            }
            if (g[k].count > 10) fprintf(out, " and %zu more", g[k].count - 10);
            fputs(" |\n", out);
        }
        fputc('\n', out);
    }
    jc_failure_groups_free(g, ng);
    return ok;
}

int jc_report_markdown(const jc_run *run, FILE *out, char *err, size_t err_len)
{
    jc_area *areas = NULL;
    size_t narea = 0, nfail = 0;
    bool ok = true;
    if (!run || !out) return jc_errf(err, err_len, "markdown: missing run or stream");
    if (jc_areas_build(run, &areas, &narea) != 0) return jc_errf(err, err_len, "markdown: out of memory");
    const char *verdict = jc_verdict(run);
    fprintf(out, "## %s jobsconf conformance: **%s**\n\n", strcmp(verdict, "PASS") == 0 ? "\xE2\x9C\x85" : "\xE2\x9D\x8C", verdict);
    fprintf(out, "Exit code %d: %s.  \n", run->exit_code, jc_exit_meaning(run->exit_code));
    if (run->incomplete) {
        fputs("**INCOMPLETE RUN:** ", out);
        ok = ok && cell(out, run->incomplete_reason ? run->incomplete_reason : "the run ended early", 0);
        fputs("  \n", out);
    }
    if (run->insecure) fputs("**WARNING: --insecure:** TLS certificates were not verified in this run.  \n", out);
    fputs("Endpoint: ", out);
    /* a code span keeps renderers from turning the URL into a link */
    if (run->endpoint && run->endpoint[strspn(run->endpoint, URL_SAFE)] == '\0') {
        char *clean = jc_text_sanitize_str(run->endpoint);
        ok = ok && clean;
        if (clean) fprintf(out, "`%s`", clean);
        free(clean);
    } else {
        ok = ok && cell(out, run->endpoint ? run->endpoint : "(none)", 0);
    }
    if (run->embedded) fputs(" (embedded reference)", out);
    fputs(" · region ", out);
    ok = ok && cell(out, run->region ? run->region : "(none)", 0);
    fputs(" · started ", out);
    ok = ok && cell(out, run->started_at ? run->started_at : "?", 0);
    fprintf(out, " · %.1f s\n\n", run->duration_s);
    jc_ops_markdown(run, out); /* the operation table opens the report */

    fputs("| Status | Scenarios |\n|---|---:|\n", out);
    for (int k = 0; k < JC_STATUS_COUNT; k++) fprintf(out, "| %s | %zu |\n", jc_status_name(ORDER[k]), run->counts[ORDER[k]]);
    fprintf(out, "| **Total** | **%zu** |\n", run->scenario_count);
    fputc('\n', out);
    if (run->warnings)
        fprintf(out, "%zu FAIL scenario(s) failed only SHOULD/MAY checks: warnings%s.\n\n", run->warnings,
                run->strict ? ", failing the run (--strict)" : " that do not fail the run (only --strict makes them)");

    ok = ok && write_groups(out, run);
    if (narea) {
        fputs("| API area |", out);
        for (int k = 0; k < JC_STATUS_COUNT; k++) fprintf(out, " %s |", jc_status_name(ORDER[k]));
        fputs(" Pass rate |\n|---|", out);
        for (int k = 0; k < JC_STATUS_COUNT; k++) fputs("---:|", out);
        fputs("---:|\n", out);
        for (size_t a = 0; a < narea; a++) {
            double rate = jc_pass_rate(areas[a].counts);
            fputs("| ", out);
            ok = ok && cell(out, *areas[a].name ? areas[a].name : "(none)", 0);
            for (int k = 0; k < JC_STATUS_COUNT; k++) fprintf(out, " | %zu", areas[a].counts[ORDER[k]]);
            if (rate < 0) fputs(" | n/a |\n", out);
            else fprintf(out, " | %.0f%% |\n", rate * 100.0);
        }
        fputc('\n', out);
    }

    for (size_t i = 0; i < run->scenario_count; i++)
        if (jc_status_failing(run->scenarios[i].status)) nfail++;
    if (nfail) {
        fprintf(out, "### Failing scenarios (%zu)\n\n| Scenario | Status | Requirements | Message |\n|---|---|---|---|\n", nfail);
        for (size_t i = 0; i < run->scenario_count; i++) {
            const jc_scenario_result *sc = &run->scenarios[i];
            if (!jc_status_failing(sc->status)) continue;
            fputs("| ", out);
            ok = ok && cell(out, sc->id, 0);
            fprintf(out, " | %s%s | ", jc_status_name(sc->status), sc->warning ? " (SHOULD/MAY warning)" : "");
            for (size_t k = 0; k < sc->verdict_count; k++) {
                if (k) fputs(", ", out);
                ok = ok && cell(out, sc->verdicts[k].requirement, 0);
                fprintf(out, " %s %s", jc_level_name(sc->verdicts[k].level), jc_status_name(sc->verdicts[k].status));
            }
            fputs(" | ", out);
            if (sc->status == JC_XPASS) {
                fputs("passed, but the baseline expects a failure: ", out);
                ok = ok && cell(out, sc->baseline_reason ? sc->baseline_reason : "", MD_CELL_MAX);
            } else {
                ok = ok && cell(out, sc->message ? sc->message : "", MD_CELL_MAX);
            }
            fputs(" |\n", out);
        }
        fputc('\n', out);
    } else {
        fputs("No failing scenario.\n\n", out);
    }
    if (run->counts[JC_XFAIL]) {
        fprintf(out, "### Expected failures (XFAIL, %zu)\n\n| Scenario | Was | Baseline reason |\n|---|---|---|\n", run->counts[JC_XFAIL]);
        for (size_t i = 0; i < run->scenario_count; i++) {
            const jc_scenario_result *sc = &run->scenarios[i];
            if (sc->status != JC_XFAIL) continue;
            fputs("| ", out);
            ok = ok && cell(out, sc->id, 0);
            fprintf(out, " | %s | ", jc_status_name(sc->raw_status));
            ok = ok && cell(out, sc->baseline_reason ? sc->baseline_reason : "", MD_CELL_MAX);
            fputs(" |\n", out);
        }
        fputc('\n', out);
    }
    {
        size_t uncovered = 0;
        for (size_t r = 0; r < run->requirement_count; r++)
            if (!run->requirements[r].covered) uncovered++;
        if (run->requirement_count > uncovered) {
            fputs("### Requirement matrix (scenario verdicts per requirement)\n\n"
                  "| Requirement | Level | Verdict | PASS | FAIL | XFAIL | ERROR | BLOCKED | SKIP |\n"
                  "|---|---|---|---:|---:|---:|---:|---:|---:|\n",
                  out);
            for (size_t r = 0; r < run->requirement_count; r++) {
                const jc_requirement_result *rq = &run->requirements[r];
                if (!rq->covered) continue;
                fputs("| ", out);
                ok = ok && cell(out, rq->id, 0);
                fprintf(out, " | %s | %s | %zu | %zu | %zu | %zu | %zu | %zu |\n", jc_level_name(rq->level), jc_status_name(rq->status),
                        rq->counts[JC_PASS], rq->counts[JC_FAIL], rq->counts[JC_XFAIL], rq->counts[JC_ERROR], rq->counts[JC_BLOCKED],
                        rq->counts[JC_SKIP] + rq->counts[JC_DISABLED]);
            }
            fputc('\n', out);
        }
        fprintf(out, "Requirements: %zu, covered by a scenario: %zu.\n", run->requirement_count, run->requirement_count - uncovered);
    }
    jc_areas_free(areas);
    if (!ok) return jc_errf(err, err_len, "markdown: out of memory");
    if (ferror(out)) return jc_errf(err, err_len, "markdown: write failed");
    return 0;
}
