/* The operation table: what the server did with each operation over the run
 * (jc_op_row in jc_results.h), its judgement, and its section in each
 * report. docs/reports.md ("Operation table") says how a row is judged. */
#include <stdlib.h>
#include <string.h>

#include "jc_report.h"
#include "jc_report_util.h"

void jc_op_row_clear(jc_op_row *row)
{
    if (!row) return;
    free(row->operation);
    free(row->answers);
    free(row->judgement);
    memset(row, 0, sizeof *row);
}

bool jc_op_row_implemented(const jc_op_row *row) { return row && row->ok > 0; }

/* The first answer of row->answers ("32 x 500 HTML"), into buf. */
static const char *first_answer(const jc_op_row *row, char *buf, size_t len)
{
    const char *a = row->answers ? row->answers : "";
    size_t n = strcspn(a, ";");
    snprintf(buf, len, "%.*s", (int)n, a);
    return buf;
}

char *jc_op_judge(const jc_op_row *row)
{
    char buf[512], first[200];
    size_t failing = row->server_5xx + row->not_json + row->no_route + row->transport;
    first_answer(row, first, sizeof first);
    if (row->calls == 0) {
        snprintf(buf, sizeof buf, "not called");
    } else if (row->ok > 0) {
        if (failing)
            snprintf(buf, sizeof buf, "implemented (also %zu x 5xx, non-JSON, no route or no answer)", failing);
        else
            snprintf(buf, sizeof buf, "implemented");
    } else if (failing) {
        snprintf(buf, sizeof buf, "not implemented: %s", first[0] ? first : "no call succeeded");
    } else if (!strchr(row->answers ? row->answers : "", ';') && row->typed_4xx == row->calls &&
               !strstr(first, "ResourceNotFoundException")) {
        /* one error type for every call; "not found" is what an implementing
           server says of an unknown id, so it is not counted as a refusal */
        /* "32 x 400 InvalidRequestException" -> "400 InvalidRequestException" */
        const char *what = strstr(first, " x ");
        snprintf(buf, sizeof buf, "refuses every call: %s", what ? what + 3 : first);
    } else {
        snprintf(buf, sizeof buf, "not shown to work: %.400s", row->answers ? row->answers : "no call succeeded");
    }
    return strdup(buf);
}

const jc_op_row *jc_run_operation(const jc_run *run, const char *operation)
{
    for (size_t i = 0; run && operation && i < run->operation_count; i++)
        if (run->operations[i].operation && strcmp(run->operations[i].operation, operation) == 0)
            return &run->operations[i];
    return NULL;
}

void jc_ops_finalize(jc_run *run)
{
    for (size_t i = 0; i < run->operation_count; i++) {
        jc_op_row *row = &run->operations[i];
        row->blocked = 0;
        for (size_t k = 0; k < run->scenario_count; k++) {
            const jc_scenario_result *sc = &run->scenarios[k];
            if (sc->raw_status == JC_BLOCKED && sc->blocked_operation && row->operation &&
                strcmp(sc->blocked_operation, row->operation) == 0)
                row->blocked++;
        }
        char *j = jc_op_judge(row);
        if (j) {
            free(row->judgement);
            row->judgement = j;
        }
    }
}

/* Rows worth a line: every row that was called and did not simply work. */
static bool problem(const jc_op_row *row) { return row->calls > 0 && (row->ok == 0 || row->blocked > 0); }

void jc_ops_text(const jc_run *run, FILE *out, bool only_problems)
{
    size_t shown = 0, called = 0, implemented = 0;
    for (size_t i = 0; i < run->operation_count; i++) {
        const jc_op_row *row = &run->operations[i];
        called += row->calls > 0;
        implemented += row->ok > 0;
        if (only_problems && !problem(row)) continue;
        char *op = jc_text_sanitize_str(row->operation);
        char *judge = jc_text_sanitize_str(row->judgement);
        fprintf(out, "  %-45s %5zu calls, %5zu 2xx: %s", op ? op : "?", row->calls, row->ok, judge ? judge : "");
        if (row->blocked) fprintf(out, " (blocks %zu scenario%s)", row->blocked, row->blocked == 1 ? "" : "s");
        fputc('\n', out);
        free(op);
        free(judge);
        shown++;
    }
    if (only_problems)
        fprintf(out, "  operations: %zu called, %zu shown to work%s\n", called, implemented,
                shown ? "" : " (every operation called answered 2xx at least once)");
}

/* A Markdown cell: sanitized, with the characters that end or format a
   cell escaped. */
static void md_cell(FILE *out, const char *s)
{
    char *t = jc_text_sanitize_str(s);
    for (const char *p = t ? t : ""; *p; p++) {
        if (*p == '|' || *p == '\\' || *p == '`' || *p == '*' || *p == '_' || *p == '<' || *p == '>' || *p == '[')
            fputc('\\', out);
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
    }
    free(t);
}

void jc_ops_markdown(const jc_run *run, FILE *out)
{
    if (!run->operation_count) return;
    fputs("## Operations\n\n", out);
    fputs("What the server did with each operation over the run (how a row is judged: docs/reports.md).\n\n", out);
    fputs("| Operation | Calls | 2xx | Typed 4xx | Other 4xx | 5xx | Not JSON | No route | No answer | Blocks | Judgement |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n", out);
    for (size_t i = 0; i < run->operation_count; i++) {
        const jc_op_row *r = &run->operations[i];
        fputs("| ", out);
        md_cell(out, r->operation);
        fprintf(out, " | %zu | %zu | %zu | %zu | %zu | %zu | %zu | %zu | %zu | ", r->calls, r->ok, r->typed_4xx,
                r->other_4xx, r->server_5xx, r->not_json, r->no_route, r->transport, r->blocked);
        md_cell(out, r->judgement);
        fputs(" |\n", out);
    }
    fputc('\n', out);
}

void jc_ops_html(const jc_run *run, FILE *out)
{
    if (!run->operation_count) return;
    fputs("<section id=\"operations\"><h2>Operations</h2>\n"
          "<p>What the server did with each operation over the run.</p>\n"
          "<table class=\"ops\"><thead><tr><th>Operation</th><th>Calls</th><th>2xx</th><th>Typed 4xx</th>"
          "<th>Other 4xx</th><th>5xx</th><th>Not JSON</th><th>No route</th><th>No answer</th><th>Blocks</th>"
          "<th>Judgement</th></tr></thead><tbody>\n", out);
    for (size_t i = 0; i < run->operation_count; i++) {
        const jc_op_row *r = &run->operations[i];
        const char *cls = r->calls == 0 ? "op-none" : r->ok > 0 ? "op-ok" : "op-missing";
        fprintf(out, "<tr class=\"%s\"><td>", cls);
        jc_html_put(out, r->operation);
        fprintf(out, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>"
                     "<td>%zu</td><td>%zu</td><td>", r->calls, r->ok, r->typed_4xx, r->other_4xx, r->server_5xx,
                r->not_json, r->no_route, r->transport, r->blocked);
        jc_html_put(out, r->judgement);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></section>\n", out);
}
