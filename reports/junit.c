/* junit.xml through libxml2's xmlTextWriter. Every string is sanitized
 * (jc_text_sanitize) before it reaches the writer, which does the escaping,
 * so the document is well-formed whatever the server sent. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "jc_report.h"
#include "jc_report_util.h"

typedef struct jw {
    xmlTextWriterPtr w;
    int rc; /* first libxml2 failure (< 0) */
} jw;

static void chk(jw *j, int r)
{
    if (r < 0 && j->rc == 0) j->rc = r;
}

static void start(jw *j, const char *name)
{
    chk(j, xmlTextWriterStartElement(j->w, BAD_CAST name));
}

static void end(jw *j)
{
    chk(j, xmlTextWriterEndElement(j->w));
}

static void attr(jw *j, const char *name, const char *value)
{
    char *clean = jc_text_sanitize_str(value);
    if (!clean) {
        chk(j, -1);
        return;
    }
    chk(j, xmlTextWriterWriteAttribute(j->w, BAD_CAST name, BAD_CAST clean));
    free(clean);
}

static void attrf(jw *j, const char *name, const char *fmt, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, fmt, v);
    attr(j, name, buf);
}

static void attrz(jw *j, const char *name, size_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", v);
    attr(j, name, buf);
}

static void text(jw *j, const char *s, size_t len)
{
    char *clean = jc_text_sanitize(s, len);
    if (!clean) {
        chk(j, -1);
        return;
    }
    chk(j, xmlTextWriterWriteString(j->w, BAD_CAST clean));
    free(clean);
}

static void property(jw *j, const char *name, const char *value)
{
    start(j, "property");
    attr(j, "name", name);
    attr(j, "value", value ? value : "");
    end(j);
}

static double secs(double ms)
{
    return ms > 0 ? ms / 1000.0 : 0.0;
}

/* How a scenario shows in JUnit, which has only failure, error and
 * skipped: XFAIL is skipped (with the baseline's reason), XPASS a failure,
 * BLOCKED an error (type "Blocked"), so a CI system counting JUnit results
 * agrees with the runner's exit code except for SHOULD/MAY warnings, which
 * stay failures of type "ShouldViolation" (a CI reader can tell them
 * apart; they fail the exit code only with --strict). */
typedef enum { J_PASS, J_FAILURE, J_ERROR, J_SKIPPED } jkind;

static jkind junit_kind(jc_status s)
{
    switch (s) {
    case JC_PASS: return J_PASS;
    case JC_FAIL:
    case JC_XPASS: return J_FAILURE;
    case JC_ERROR:
    case JC_BLOCKED: return J_ERROR;
    default: return J_SKIPPED; /* SKIP, DISABLED, XFAIL */
    }
}

typedef struct junit_counts {
    size_t tests, failures, errors, skipped;
} junit_counts;

static void count_one(junit_counts *c, const jc_scenario_result *sc)
{
    c->tests++;
    switch (junit_kind(sc->status)) {
    case J_FAILURE: c->failures++; break;
    case J_ERROR: c->errors++; break;
    case J_SKIPPED: c->skipped++; break;
    default: break;
    }
}

/* "CJ-001 MUST PASS, AT-005 SHOULD FAIL" */
static char *verdicts_text(const jc_scenario_result *sc, jc_status only)
{
    char *m = NULL;
    size_t ml = 0;
    FILE *f = open_memstream(&m, &ml);
    if (!f) return NULL;
    bool first = true;
    for (size_t k = 0; k < sc->verdict_count; k++) {
        const jc_req_verdict *v = &sc->verdicts[k];
        if (only != JC_STATUS_COUNT && v->status != only) continue;
        fprintf(f, "%s%s %s %s", first ? "" : ", ", v->requirement, jc_level_name(v->level), jc_status_name(v->status));
        first = false;
    }
    fclose(f);
    return m;
}

static void problem(jw *j, const char *element, const char *type, const char *message)
{
    start(j, element);
    attr(j, "message", message);
    attr(j, "type", type);
    text(j, message, strlen(message));
    end(j);
}

static void write_testcase(jw *j, const jc_scenario_result *sc)
{
    char *name = NULL;
    size_t nlen = 0;
    FILE *f;
    start(j, "testcase");
    f = open_memstream(&name, &nlen);
    if (f) {
        fprintf(f, "%s: %s", sc->id ? sc->id : "", sc->title ? sc->title : "");
        fclose(f);
    }
    attr(j, "name", name ? name : "");
    free(name);
    {
        char *cls = NULL;
        size_t clen = 0;
        f = open_memstream(&cls, &clen);
        if (f) {
            fprintf(f, "jobsconf.%s", sc->suite ? sc->suite : "");
            fclose(f);
        }
        attr(j, "classname", cls ? cls : "jobsconf");
        free(cls);
    }
    attrf(j, "time", "%.3f", secs(sc->duration_ms));

    start(j, "properties");
    for (size_t k = 0; k < sc->requirement_count; k++) property(j, "requirement", sc->requirement_ids[k]);
    for (size_t k = 0; k < sc->verdict_count; k++) {
        char name[300], value[64];
        snprintf(name, sizeof name, "verdict:%s", sc->verdicts[k].requirement);
        snprintf(value, sizeof value, "%s %s", jc_level_name(sc->verdicts[k].level), jc_status_name(sc->verdicts[k].status));
        property(j, name, value);
    }
    property(j, "status", jc_status_name(sc->status));
    /* only when the baseline changed it: an all-pass run stays small */
    if (sc->raw_status != sc->status) property(j, "rawStatus", jc_status_name(sc->raw_status));
    if (sc->expected_failure) {
        property(j, "baseline", "expected-failure");
        property(j, "baselineReason", sc->baseline_reason ? sc->baseline_reason : "");
    }
    if (sc->unexpected_pass) property(j, "unexpectedPass", "true");
    if (sc->warning) property(j, "level", "SHOULD/MAY warning");
    if (sc->blocked_operation) property(j, "blockedOperation", sc->blocked_operation);
    end(j);

    const char *msg = sc->message ? sc->message : "";
    char *m = NULL;
    size_t ml = 0;
    f = open_memstream(&m, &ml);
    if (!f) {
        chk(j, -1);
    } else {
        switch (sc->status) {
        case JC_XPASS:
            fprintf(f, "XPASS: passed, but the baseline expects a failure (%s)", sc->baseline_reason ? sc->baseline_reason : "");
            break;
        case JC_XFAIL:
            fprintf(f, "XFAIL (%s): %s", sc->baseline_reason ? sc->baseline_reason : "", msg);
            break;
        case JC_FAIL:
            if (sc->warning) {
                char *v = verdicts_text(sc, JC_FAIL);
                fprintf(f, "warning, SHOULD/MAY only (%s): %s", v ? v : "", msg);
                free(v);
            } else {
                fputs(msg, f);
            }
            break;
        case JC_BLOCKED:
            fprintf(f, "BLOCKED on %s: %s", sc->blocked_operation ? sc->blocked_operation : "a setup operation", msg);
            break;
        default: fputs(msg, f); break;
        }
        fclose(f);
    }
    const char *text_msg = m ? m : "";
    switch (sc->status) {
    case JC_PASS: break;
    case JC_FAIL: problem(j, "failure", sc->warning ? "ShouldViolation" : "AssertionFailure", text_msg); break;
    case JC_XPASS: problem(j, "failure", "UnexpectedPass", text_msg); break;
    case JC_ERROR: problem(j, "error", "Error", text_msg); break;
    case JC_BLOCKED: problem(j, "error", "Blocked", text_msg); break;
    case JC_XFAIL:
    case JC_SKIP:
    case JC_DISABLED:
    default:
        start(j, "skipped");
        attr(j, "message", sc->status == JC_XFAIL ? text_msg : *msg ? msg : jc_status_name(sc->status));
        end(j);
        break;
    }
    free(m);

    if (sc->exchange_count) {
        start(j, "system-out");
        for (size_t e = 0; e < sc->exchange_count; e++) {
            size_t len = 0;
            char *t = jc_exchange_text(&sc->transcript[e], &len);
            if (!t) {
                chk(j, -1);
                break;
            }
            if (e) text(j, "\n", 1);
            text(j, t, len);
            free(t);
        }
        end(j);
    }
    end(j); /* testcase */
}

/* The requirement matrix, once (in the first testsuite): one property a
 * covered requirement, "MUST FAIL: PASS 2, FAIL 1, XFAIL 0, ERROR 0,
 * BLOCKED 0, SKIP 0". */
static void matrix_properties(jw *j, const jc_run *run)
{
    for (size_t r = 0; r < run->requirement_count; r++) {
        const jc_requirement_result *rq = &run->requirements[r];
        char name[300], value[200];
        if (!rq->covered || !rq->id) continue;
        snprintf(name, sizeof name, "requirement:%s", rq->id);
        snprintf(value, sizeof value, "%s %s: PASS %zu, FAIL %zu, XFAIL %zu, ERROR %zu, BLOCKED %zu, SKIP %zu", jc_level_name(rq->level),
                 jc_status_name(rq->status), rq->counts[JC_PASS], rq->counts[JC_FAIL], rq->counts[JC_XFAIL], rq->counts[JC_ERROR],
                 rq->counts[JC_BLOCKED], rq->counts[JC_SKIP] + rq->counts[JC_DISABLED]);
        property(j, name, value);
    }
}

/* The operation table: one property per operation,
 * "operation:UpdateJob" = "32 calls, 0 2xx, 32 5xx: not implemented: 32 x 500 HTML". */
static void operation_properties(jw *j, const jc_run *run)
{
    for (size_t i = 0; i < run->operation_count; i++) {
        const jc_op_row *r = &run->operations[i];
        char name[160], value[700];
        snprintf(name, sizeof name, "operation:%s", r->operation ? r->operation : "?");
        snprintf(value, sizeof value,
                 "%zu calls, %zu 2xx, %zu typed 4xx, %zu other 4xx, %zu 5xx, %zu not JSON, %zu no route, "
                 "%zu no answer, blocks %zu: %.400s",
                 r->calls, r->ok, r->typed_4xx, r->other_4xx, r->server_5xx, r->not_json, r->no_route,
                 r->transport, r->blocked, r->judgement ? r->judgement : "");
        property(j, name, value);
    }
}

static void run_properties(jw *j, const jc_run *run, bool with_matrix)
{
    char buf[32];
    start(j, "properties");
    property(j, "tool", run->tool_name);
    if (with_matrix) operation_properties(j, run); /* once, like the matrix */
    property(j, "toolVersion", run->tool_version);
    property(j, "endpoint", run->endpoint);
    property(j, "dataEndpoint", run->data_endpoint);
    property(j, "region", run->region);
    property(j, "embedded", run->embedded ? "true" : "false");
    property(j, "startedAt", run->started_at);
    snprintf(buf, sizeof buf, "%d", run->exit_code);
    property(j, "exitCode", buf);
    property(j, "incomplete", run->incomplete ? "true" : "false");
    if (run->incomplete_reason) property(j, "incompleteReason", run->incomplete_reason);
    property(j, "insecure", run->insecure ? "true" : "false");
    snprintf(buf, sizeof buf, "%zu", run->unexpected_passes);
    property(j, "unexpectedPasses", buf);
    snprintf(buf, sizeof buf, "%zu", run->warnings);
    property(j, "warnings", buf);
    property(j, "strict", run->strict ? "true" : "false");
    for (int k = 0; k < JC_STATUS_COUNT; k++) {
        char name[32];
        snprintf(name, sizeof name, "count:%s", jc_status_name(jc_status_order[k]));
        snprintf(buf, sizeof buf, "%zu", run->counts[jc_status_order[k]]);
        property(j, name, buf);
    }
    if (with_matrix) matrix_properties(j, run);
    end(j);
}

int jc_report_junit(const jc_run *run, FILE *out, char *err, size_t err_len)
{
    xmlBufferPtr buf;
    jw j = {0};
    jc_area *areas = NULL;
    size_t narea = 0;
    if (!run || !out) return jc_errf(err, err_len, "junit: missing run or stream");
    if (jc_areas_build(run, &areas, &narea) != 0) return jc_errf(err, err_len, "junit: out of memory");
    buf = xmlBufferCreate();
    j.w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!j.w) {
        if (buf) xmlBufferFree(buf);
        jc_areas_free(areas);
        return jc_errf(err, err_len, "junit: cannot create the XML writer");
    }
    xmlTextWriterSetIndent(j.w, 1);
    xmlTextWriterSetIndentString(j.w, BAD_CAST "  ");
    chk(&j, xmlTextWriterStartDocument(j.w, "1.0", "UTF-8", NULL));
    start(&j, "testsuites");
    attr(&j, "name", "jobsconf");
    junit_counts all = {0};
    for (size_t i = 0; i < run->scenario_count; i++) count_one(&all, &run->scenarios[i]);
    /* an incomplete run is one more error, so no CI reads it as green */
    attrz(&j, "tests", all.tests + (run->incomplete ? 1 : 0));
    attrz(&j, "failures", all.failures);
    attrz(&j, "errors", all.errors + (run->incomplete ? 1 : 0));
    attrz(&j, "skipped", all.skipped);
    attrf(&j, "time", "%.3f", run->duration_s > 0 ? run->duration_s : 0.0);
    for (size_t a = 0; a < narea; a++) {
        double ms = 0;
        junit_counts c = {0};
        for (size_t i = 0; i < run->scenario_count; i++) {
            const char *s = run->scenarios[i].suite ? run->scenarios[i].suite : "";
            if (strcmp(s, areas[a].name) != 0) continue;
            if (run->scenarios[i].duration_ms > 0) ms += run->scenarios[i].duration_ms;
            count_one(&c, &run->scenarios[i]);
        }
        start(&j, "testsuite");
        attr(&j, "name", areas[a].name);
        attrz(&j, "tests", c.tests);
        attrz(&j, "failures", c.failures);
        attrz(&j, "errors", c.errors);
        attrz(&j, "skipped", c.skipped);
        attrf(&j, "time", "%.3f", secs(ms));
        if (run->started_at) attr(&j, "timestamp", run->started_at);
        run_properties(&j, run, a == 0);
        for (size_t i = 0; i < run->scenario_count; i++) {
            const char *s = run->scenarios[i].suite ? run->scenarios[i].suite : "";
            if (strcmp(s, areas[a].name) == 0) write_testcase(&j, &run->scenarios[i]);
        }
        end(&j);
    }
    if (run->incomplete) {
        start(&j, "testsuite");
        attr(&j, "name", "jobsconf-run");
        attrz(&j, "tests", 1);
        attrz(&j, "failures", 0);
        attrz(&j, "errors", 1);
        attrz(&j, "skipped", 0);
        attrf(&j, "time", "%.3f", run->duration_s > 0 ? run->duration_s : 0.0);
        run_properties(&j, run, false);
        start(&j, "testcase");
        attr(&j, "classname", "jobsconf");
        attr(&j, "name", "run-incomplete");
        start(&j, "error");
        attr(&j, "message", run->incomplete_reason ? run->incomplete_reason : "the run ended early");
        attr(&j, "type", "INCOMPLETE");
        end(&j);
        end(&j);
        end(&j);
    }
    end(&j);
    chk(&j, xmlTextWriterEndDocument(j.w));
    xmlFreeTextWriter(j.w);
    jc_areas_free(areas);
    if (j.rc < 0) {
        xmlBufferFree(buf);
        return jc_errf(err, err_len, "junit: XML writer failed");
    }
    size_t n = (size_t)xmlBufferLength(buf);
    if (fwrite(xmlBufferContent(buf), 1, n, out) != n) {
        xmlBufferFree(buf);
        return jc_errf(err, err_len, "junit: write failed");
    }
    xmlBufferFree(buf);
    return 0;
}
