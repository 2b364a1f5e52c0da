/* CUnit tests of the reports library: names, formats, finalize, text
 * sanitizing, the four writers, the results.json loader and the diff. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "cu_support.h"
#include "fixtures.h"
#include "jc_report.h"
#include "jc_report_util.h"

/* ---------- helpers ---------- */

typedef int (*writer_fn)(const jc_run *, FILE *, char *, size_t);

/* Runs a writer into memory; returns malloc'd text (length in *len). */
static char *render(writer_fn fn, const jc_run *run, size_t *len)
{
    char *buf = NULL, err[256] = "";
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    int rc = fn(run, f, err, sizeof err);
    fclose(f);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) fprintf(stderr, "writer error: %s\n", err);
    if (len) *len = n;
    return buf;
}

static char tmpdir[256];

static int suite_init(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jc-reports-test-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int suite_clean(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* ---------- names and formats ---------- */

static void test_status_names(void)
{
    jc_status s;
    for (int i = 0; i < JC_STATUS_COUNT; i++) {
        CU_ASSERT_TRUE(jc_status_parse(jc_status_name((jc_status)i), &s));
        CU_ASSERT_EQUAL((int)s, i);
    }
    CU_ASSERT_STRING_EQUAL(jc_status_name(JC_DISABLED), "DISABLED");
    CU_ASSERT_STRING_EQUAL(jc_status_name(JC_STATUS_COUNT), "UNKNOWN");
    CU_ASSERT_FALSE(jc_status_parse("pass", &s));
    CU_ASSERT_FALSE(jc_status_parse("", &s));
    CU_ASSERT_FALSE(jc_status_parse(NULL, &s));
    jc_level l;
    for (int i = 0; i < JC_LEVEL_COUNT; i++) {
        CU_ASSERT_TRUE(jc_level_parse(jc_level_name((jc_level)i), &l));
        CU_ASSERT_EQUAL((int)l, i);
    }
    CU_ASSERT_FALSE(jc_level_parse("MUSTN'T", &l));
    CU_ASSERT_STRING_EQUAL(jc_level_name(JC_LEVEL_COUNT), "UNKNOWN");
}

static void test_formats_parse(void)
{
    unsigned f = 0;
    char err[200];
    CU_ASSERT_EQUAL(jc_formats_parse("junit,json,html,md", &f, err, sizeof err), 0);
    CU_ASSERT_EQUAL(f, JC_FORMAT_ALL);
    CU_ASSERT_EQUAL(jc_formats_parse("all", &f, err, sizeof err), 0);
    CU_ASSERT_EQUAL(f, JC_FORMAT_ALL);
    CU_ASSERT_EQUAL(jc_formats_parse("md", &f, err, sizeof err), 0);
    CU_ASSERT_EQUAL(f, JC_FORMAT_MD);
    CU_ASSERT_EQUAL(jc_formats_parse(" html , JUNIT", &f, err, sizeof err), 0);
    CU_ASSERT_EQUAL(f, JC_FORMAT_HTML | JC_FORMAT_JUNIT);
    f = 77;
    CU_ASSERT_EQUAL(jc_formats_parse("json,pdf", &f, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "pdf"));
    CU_ASSERT_EQUAL(f, 77);
    CU_ASSERT_EQUAL(jc_formats_parse("", &f, err, sizeof err), -1);
    CU_ASSERT_EQUAL(jc_formats_parse("json,,md", &f, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "empty"));
    CU_ASSERT_EQUAL(jc_formats_parse("json,", &f, err, sizeof err), -1);
    CU_ASSERT_EQUAL(jc_formats_parse(NULL, &f, err, sizeof err), -1);
}

/* ---------- finalize ---------- */

static const jc_requirement_result *find_req(const jc_run *run, const char *id)
{
    for (size_t i = 0; i < run->requirement_count; i++)
        if (strcmp(run->requirements[i].id, id) == 0) return &run->requirements[i];
    return NULL;
}

static void test_finalize(void)
{
    jc_run run;
    fx_normal_run(&run);
    /* 8 scenarios: PASS createjob.minimal; FAIL duplicate-id; XFAIL the expected failure; XPASS the
     * unexpected pass; 2 ERROR; SKIP; 1 DISABLED */
    CU_ASSERT_EQUAL(run.counts[JC_PASS], 1);
    CU_ASSERT_EQUAL(run.counts[JC_FAIL], 1);
    CU_ASSERT_EQUAL(run.counts[JC_XFAIL], 1);
    CU_ASSERT_EQUAL(run.counts[JC_XPASS], 1);
    CU_ASSERT_EQUAL(run.counts[JC_ERROR], 2);
    CU_ASSERT_EQUAL(run.counts[JC_SKIP], 1);
    CU_ASSERT_EQUAL(run.counts[JC_DISABLED], 1);
    CU_ASSERT_TRUE(run.scenarios[6].expected_failure);
    CU_ASSERT_EQUAL(run.unexpected_passes, 1);
    CU_ASSERT_TRUE(run.scenarios[7].unexpected_pass);
    CU_ASSERT_EQUAL(run.scenarios[7].status, JC_XPASS);
    CU_ASSERT_EQUAL(run.scenarios[6].status, JC_XFAIL);
    CU_ASSERT_FALSE(run.scenarios[6].unexpected_pass);
    /* CJ-002: PASS + FAIL -> FAIL; CJ-001: PASS; DJ-001: ERROR */
    const jc_requirement_result *r = find_req(&run, "CJ-002");
    CU_ASSERT_EQUAL(r->status, JC_FAIL);
    CU_ASSERT_TRUE(r->covered);
    CU_ASSERT_EQUAL_FATAL(r->scenario_count, 2);
    CU_ASSERT_STRING_EQUAL(r->scenario_ids[0], "createjob.minimal");
    CU_ASSERT_STRING_EQUAL(r->scenario_ids[1], "createjob.duplicate-id");
    CU_ASSERT_EQUAL(find_req(&run, "CJ-001")->status, JC_PASS);
    CU_ASSERT_EQUAL(find_req(&run, "DJ-001")->status, JC_ERROR);
    CU_ASSERT_EQUAL(find_req(&run, "TM-001"), NULL); /* not in the catalogue: ignored */
    CU_ASSERT_EQUAL(find_req(&run, "CN-001")->status, JC_XFAIL); /* a known failure of its requirement */
    CU_ASSERT_EQUAL(find_req(&run, "CN-002")->status, JC_PASS);  /* an XPASS showed its requirement holds */
    CU_ASSERT_EQUAL(find_req(&run, "CJ-002")->counts[JC_PASS], 1);
    CU_ASSERT_EQUAL(find_req(&run, "CJ-002")->counts[JC_FAIL], 1);
    /* uncovered: SKIP, no scenarios */
    r = find_req(&run, "DX-009");
    CU_ASSERT_FALSE(r->covered);
    CU_ASSERT_EQUAL(r->status, JC_SKIP);
    CU_ASSERT_EQUAL(r->scenario_count, 0);
    /* idempotent */
    jc_run_finalize(&run);
    CU_ASSERT_EQUAL(run.counts[JC_FAIL], 1);
    CU_ASSERT_EQUAL(run.counts[JC_XFAIL], 1);
    CU_ASSERT_EQUAL(run.unexpected_passes, 1);
    CU_ASSERT_EQUAL(find_req(&run, "CJ-002")->scenario_count, 2);
    jc_run_free(&run);
    jc_run_free(&run); /* freeing a freed (zeroed) run is harmless */
}

/* Precedence FAIL > ERROR > BLOCKED > PASS > SKIP > DISABLED, each pair
 * both ways (a shown deviation outranks a broken exchange). */
static void test_finalize_precedence(void)
{
    static const jc_status order[] = {JC_DISABLED, JC_SKIP, JC_PASS, JC_BLOCKED, JC_ERROR, JC_FAIL};
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 6; j++) {
            jc_run run;
            memset(&run, 0, sizeof run);
            run.scenario_count = 2;
            run.scenarios = calloc(2, sizeof *run.scenarios);
            run.requirement_count = 1;
            run.requirements = calloc(1, sizeof *run.requirements);
            run.requirements[0].id = strdup("R-1");
            for (int k = 0; k < 2; k++) {
                jc_scenario_result *sc = &run.scenarios[k];
                sc->id = strdup(k ? "b" : "a");
                sc->status = sc->raw_status = order[k ? j : i];
                sc->requirement_ids = calloc(1, sizeof(char *));
                sc->requirement_ids[0] = strdup("R-1");
                sc->requirement_count = 1;
            }
            jc_run_finalize(&run);
            CU_ASSERT_EQUAL(run.requirements[0].status, order[i > j ? i : j]);
            CU_ASSERT_EQUAL(run.requirements[0].counts[order[i]] + run.requirements[0].counts[order[j]], i == j ? 4u : 2u);
            CU_ASSERT_TRUE(run.requirements[0].covered);
            jc_run_free(&run);
        }
    }
}

/* ---------- sanitizing and base64 ---------- */

static void check_clean(const char *in, size_t len, const char *want)
{
    char *out = jc_text_sanitize(in, len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, want);
    if (strcmp(out, want) != 0) fprintf(stderr, "sanitize: got [%s] want [%s]\n", out, want);
    CU_ASSERT_TRUE(jc_utf8_valid(out, strlen(out)));
    free(out);
}

static void test_sanitize(void)
{
#define FFFD "\xEF\xBF\xBD"
    check_clean("plain <&> text\n\ttab\r", 20, "plain <&> text\n\ttab\r");
    check_clean("a\x01" "b\x1b" "c\x7f", 6, "a\\x01b\\x1bc\\x7f");
    check_clean("a\0b", 3, "a\\x00b");
    check_clean("\xff", 1, FFFD);
    check_clean("x\xe2\x82", 3, "x" FFFD);              /* truncated 3-byte sequence: one U+FFFD */
    check_clean("\xe2\x82" "A", 3, FFFD "A");
    check_clean("\xc0\x80", 2, FFFD FFFD);             /* overlong NUL */
    check_clean("\xe0\x80\xaf", 3, FFFD FFFD FFFD);     /* overlong '/' */
    check_clean("\xed\xa0\x80", 3, FFFD FFFD FFFD);     /* surrogate */
    check_clean("\xf4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD); /* above U+10FFFF */
    check_clean("\xc2\x85", 2, "\\u0085");              /* C1 control */
    check_clean("\xef\xbf\xbe", 3, "\\uFFFE");
    check_clean("\xe2\x9c\x93\xf0\x9f\x98\x80\xc3\xa9", 9, "\xe2\x9c\x93\xf0\x9f\x98\x80\xc3\xa9");
    check_clean(NULL, 5, "");
    CU_ASSERT_TRUE(jc_utf8_valid("\xf0\x9f\x98\x80", 4));
    CU_ASSERT_FALSE(jc_utf8_valid("\xf0\x9f\x98", 3));
    CU_ASSERT_FALSE(jc_utf8_valid("\xc1\xbf", 2));
    CU_ASSERT_TRUE(jc_utf8_valid("\xc2\x80", 2));
    char *e = jc_html_escape_str("<a href=\"x\">&'\x01</a>");
    CU_ASSERT_STRING_EQUAL(e, "&lt;a href=&quot;x&quot;&gt;&amp;'\\x01&lt;/a&gt;");
    free(e);
#undef FFFD
}

static void test_base64(void)
{
    static const char *const cases[][2] = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    for (size_t i = 0; i < 7; i++) {
        char *enc = jc_base64_encode((const unsigned char *)cases[i][0], strlen(cases[i][0]));
        CU_ASSERT_STRING_EQUAL(enc, cases[i][1]);
        size_t n = 99;
        unsigned char *dec = jc_base64_decode(enc, &n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(dec);
        CU_ASSERT_EQUAL(n, strlen(cases[i][0]));
        CU_ASSERT_EQUAL(memcmp(dec, cases[i][0], n), 0);
        free(enc);
        free(dec);
    }
    unsigned char bin[256];
    for (int i = 0; i < 256; i++) bin[i] = (unsigned char)i;
    char *enc = jc_base64_encode(bin, 256);
    size_t n;
    unsigned char *dec = jc_base64_decode(enc, &n);
    CU_ASSERT_EQUAL(n, 256);
    CU_ASSERT_EQUAL(memcmp(dec, bin, 256), 0);
    free(enc);
    free(dec);
    CU_ASSERT_PTR_NULL(jc_base64_decode("Zg=", &n));    /* bad length */
    CU_ASSERT_PTR_NULL(jc_base64_decode("Zh==", &n));   /* non-zero padding bits */
    CU_ASSERT_PTR_NULL(jc_base64_decode("Z===", &n));
    CU_ASSERT_PTR_NULL(jc_base64_decode("Zg==Zm8=", &n)); /* padding in the middle */
    CU_ASSERT_PTR_NULL(jc_base64_decode("Zm9!", &n));
}

/* ---------- JSON round trip and loader ---------- */

static void roundtrip(void (*make)(jc_run *))
{
    jc_run run, back;
    char err[512] = "", why[256] = "";
    size_t len;
    make(&run);
    char *text = render(jc_report_json, &run, &len);
    const char *path = write_file("rt.json", text);
    CU_ASSERT_TRUE(jc_utf8_valid(text, len));
    int rc = jc_results_load(path, &back, err, sizeof err);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) fprintf(stderr, "load: %s\n", err);
    if (rc == 0) {
        bool eq = fx_run_equal(&run, &back, why, sizeof why);
        CU_ASSERT_TRUE(eq);
        if (!eq) fprintf(stderr, "round trip: %s\n", why);
        /* and the reloaded run renders the same JSON again */
        char *again = render(jc_report_json, &back, NULL);
        CU_ASSERT_STRING_EQUAL(again, text);
        free(again);
        jc_run_free(&back);
    }
    free(text);
    jc_run_free(&run);
}

/* The operation table (issue 12): judgements, its place in each report,
   escaping of server text, and the results.json round trip. */
static void add_op(jc_run *run, const char *name, size_t ok, size_t typed, size_t s5xx, const char *answers)
{
    jc_op_row *n = realloc(run->operations, (run->operation_count + 1) * sizeof *n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    run->operations = n;
    jc_op_row *r = &run->operations[run->operation_count++];
    memset(r, 0, sizeof *r);
    r->operation = strdup(name);
    r->ok = ok;
    r->typed_4xx = typed;
    r->server_5xx = s5xx;
    r->calls = ok + typed + s5xx;
    r->answers = answers ? strdup(answers) : NULL;
}

static void test_operation_table(void)
{
    jc_run run, back;
    char err[512] = "";
    fx_normal_run(&run);
    add_op(&run, "CreateJob", 5, 1, 0, "1 x 400 InvalidRequestException");
    add_op(&run, "UpdateJob", 0, 0, 32, "32 x 500 HTML");
    add_op(&run, "AssociateTargetsWithJob", 0, 7, 0, "7 x 400 InvalidRequestException");
    add_op(&run, "DescribeJobExecution", 0, 2, 0, "2 x 404 ResourceNotFoundException");
    add_op(&run, "CancelJob", 0, 0, 0, NULL);
    add_op(&run, "ListJobs", 0, 3, 0, "2 x 400 <script>x</script>; 1 x 404 ResourceNotFoundException");
    jc_run_finalize(&run);
    CU_ASSERT_STRING_EQUAL(run.operations[0].judgement, "implemented");
    CU_ASSERT_STRING_EQUAL(run.operations[1].judgement, "not implemented: 32 x 500 HTML");
    CU_ASSERT_STRING_EQUAL(run.operations[2].judgement, "refuses every call: 400 InvalidRequestException");
    CU_ASSERT_PTR_NOT_NULL(strstr(run.operations[3].judgement, "not shown to work"));
    CU_ASSERT_STRING_EQUAL(run.operations[4].judgement, "not called");
    CU_ASSERT_PTR_NOT_NULL(strstr(run.operations[5].judgement, "not shown to work"));
    CU_ASSERT_TRUE(jc_op_row_implemented(jc_run_operation(&run, "CreateJob")));
    CU_ASSERT_FALSE(jc_op_row_implemented(jc_run_operation(&run, "UpdateJob")));
    CU_ASSERT_PTR_NULL(jc_run_operation(&run, "NoSuchOperation"));

    char *md = render(jc_report_markdown, &run, NULL);
    const char *ops = strstr(md, "## Operations");
    CU_ASSERT_PTR_NOT_NULL(ops);
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| UpdateJob | 32 | 0 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "not implemented: 32 x 500 HTML |"));
    /* it opens the report: before the status counts */
    CU_ASSERT_TRUE(ops && strstr(md, "| Status | Scenarios |") > ops);
    free(md);
    char *html = render(jc_report_html, &run, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<section id=\"operations\">"));
    CU_ASSERT_PTR_NULL(strstr(html, "<script>x"));
    CU_ASSERT_TRUE(strstr(html, "id=\"operations\"") < strstr(html, "id=\"counts\""));
    free(html);
    char *xml = render(jc_report_junit, &run, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "name=\"operation:UpdateJob\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "not implemented: 32 x 500 HTML"));
    free(xml);

    char *text = render(jc_report_json, &run, NULL);
    const char *path = write_file("ops.json", text);
    CU_ASSERT_EQUAL_FATAL(jc_results_load(path, &back, err, sizeof err), 0);
    CU_ASSERT_EQUAL(back.operation_count, 6);
    CU_ASSERT_STRING_EQUAL(back.operations[1].judgement, "not implemented: 32 x 500 HTML");
    CU_ASSERT_EQUAL(back.operations[1].server_5xx, 32);
    char *again = render(jc_report_json, &back, NULL);
    CU_ASSERT_STRING_EQUAL(again, text);
    free(again);
    jc_run_free(&back);
    /* counts that do not add up to calls are refused */
    char *bad = strdup(text);
    char *calls = strstr(bad, "\"calls\":32");
    CU_ASSERT_PTR_NOT_NULL_FATAL(calls);
    calls[9] = '1'; /* 32 -> 31... */
    calls[8] = '3';
    path = write_file("ops-bad.json", bad);
    CU_ASSERT_EQUAL(jc_results_load(path, &back, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "do not add up"));
    free(bad);
    free(text);
    jc_run_free(&run);
}

static void test_json_roundtrip_normal(void) { roundtrip(fx_normal_run); }
static void test_json_roundtrip_hostile(void) { roundtrip(fx_hostile_run); }

static void test_json_equality_detects_change(void)
{
    jc_run a, b;
    char why[256];
    fx_hostile_run(&a);
    fx_hostile_run(&b);
    CU_ASSERT_TRUE(fx_run_equal(&a, &b, why, sizeof why));
    b.scenarios[0].transcript[0].request_body[1] ^= 1; /* one byte after a NUL */
    CU_ASSERT_FALSE(fx_run_equal(&a, &b, why, sizeof why));
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "request body"));
    jc_run_free(&a);
    jc_run_free(&b);
}

static void test_json_body_encoding(void)
{
    jc_run run;
    fx_hostile_run(&run);
    char *text = render(jc_report_json, &run, NULL);
    /* the body with NUL and \xff is stored as base64, the valid one as a string */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"requestBody\":{\"base64\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"base64\":"));
    /* a valid UTF-8 body without NUL (even with noncharacters) stays a string */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"requestBody\":\"\xef\xbf\xbe\xef\xbf\xbf nonchar\""));
    /* an invalid UTF-8 text member is base64 too: data endpoint "http://x/\xff\xfe" */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"dataEndpoint\":{\"base64\":\"aHR0cDovL3gv//4=\""));
    free(text);
    jc_run_free(&run);
    fx_normal_run(&run);
    text = render(jc_report_json, &run, NULL);
    CU_ASSERT_PTR_NULL(strstr(text, "base64"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"schemaVersion\":3"));
    free(text);
    jc_run_free(&run);
}

/* Loads `text` and expects rejection with a message containing `want`. */
static void expect_reject(const char *text, const char *want)
{
    jc_run run;
    char err[512] = "";
    const char *path = write_file("bad.json", text);
    int rc = jc_results_load(path, &run, err, sizeof err);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    if (rc != -1 || !strstr(err, want)) fprintf(stderr, "expected rejection with [%s], got rc=%d [%s]\n", want, rc, err);
    CU_ASSERT_EQUAL(run.scenarios, NULL);
    CU_ASSERT_EQUAL(run.scenario_count, 0);
    if (rc == 0) jc_run_free(&run);
}

/* Replaces the first occurrence of `from` in the normal run's JSON. */
static char *mutate(const char *from, const char *to)
{
    jc_run run;
    fx_normal_run(&run);
    char *text = render(jc_report_json, &run, NULL);
    jc_run_free(&run);
    char *p = strstr(text, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
    free(text);
    return out;
}

static void reject_mutation(const char *from, const char *to, const char *want)
{
    char *t = mutate(from, to);
    expect_reject(t, want);
    free(t);
}

static void test_load_rejects(void)
{
    jc_run run;
    char err[512];
    CU_ASSERT_EQUAL(jc_results_load("/nonexistent/results.json", &run, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot open"));
    expect_reject("", "empty file");
    expect_reject("{\"schemaVersion\": 1,", "malformed JSON near line 1");
    expect_reject("{\n\"schemaVersion\": 1\n} trailing", "malformed JSON near line 3");
    expect_reject("[1,2]", "top level");
    expect_reject("{\"a\": \"\xff\"}", "not valid UTF-8");
    expect_reject("{}", "schemaVersion");
    expect_reject("{\"schemaVersion\": \"1\"}", "$.schemaVersion: expected an integer");
    expect_reject("{\"schemaVersion\": 4}", "version 4 is not supported");
    expect_reject("{\"schemaVersion\": 0}", "version 0 is not supported");
    expect_reject("{\"schemaVersion\": 1}", "missing member \"tool\"");
    reject_mutation("\"status\":\"FAIL\"", "\"status\":\"BROKEN\"", "scenarios[1]: member \"status\": expected one of PASS");
    reject_mutation("\"status\":\"FAIL\"", "\"status\":3", "scenarios[1]: member \"status\"");
    reject_mutation("\"embedded\":true", "\"embedded\":\"yes\"", "$.run: member \"embedded\": expected true or false");
    reject_mutation("\"title\":\"CreateJob with only a document succeeds\"", "\"title\":42", "$.scenarios[0].title: expected a string");
    reject_mutation("\"id\":\"createjob.minimal\"", "\"id\":null", "$.scenarios[0].id: must not be null");
    reject_mutation("\"requirements\":[\"CJ-001\"", "\"requirements\":[7", "$.scenarios[0].requirements[0]: expected a string");
    reject_mutation("\"level\":\"MUST\",\"source\"", "\"level\":\"MUSTNT\",\"source\"", "$.requirements[0]: member \"level\"");
    reject_mutation("\"status\":\"FAIL\"", "\"status\":\"XPASS\"", "$.counts: FAIL is 1 but 0 scenarios");
    reject_mutation("\"warnings\":0", "\"warnings\":1", "$.warnings: is 1 but the checks give 0");
    reject_mutation("\"checksOmitted\":", "\"checks\":[{\"passed\": true}],\"checksOmitted\":",
                    "checks[0]: missing member \"requirement\"");
    reject_mutation("\"exitCode\":1", "\"exitCode\":1.5", "member \"exitCode\": expected an integer");
    reject_mutation("\"exitCode\":1", "\"exitCode\":256", "member \"exitCode\": expected an integer");
    reject_mutation("\"durationSeconds\":4.25", "\"durationSeconds\":-1", "must not be negative");
    reject_mutation("\"PASS\":1", "\"PASS\":2", "$.counts: PASS is 2 but 1 scenarios");
    reject_mutation("\"unexpectedPasses\":1", "\"unexpectedPasses\":0", "$.unexpectedPasses");
    reject_mutation("\"transcript\":[{", "\"transcript\":[7, {", "$.scenarios[0].transcript[0]: expected an object");
    reject_mutation("\"url\":\"http://127.0.0.1:8443/jobs/jc1a2b3c-job-1\"", "\"url\":{\"base64\": \"Zg=\"}", "not valid padded base64");
    reject_mutation("\"url\":\"http://127.0.0.1:8443/jobs/jc1a2b3c-job-1\"", "\"url\":{\"base64\": \"AA==\"}", "contains a NUL byte");
    reject_mutation("\"url\":\"http://127.0.0.1:8443/jobs/jc1a2b3c-job-1\"", "\"url\":{\"hex\": \"00\"}", "expected a string, null or an object");
    reject_mutation("\"status\":200", "\"status\":1000", "member \"status\": expected an integer in [0, 999]");
    reject_mutation("\"config\":[", "\"config\":{\"x\":1}, \"y\": [", "member \"config\": expected an array");
}

/* Every prefix of a valid file is rejected cleanly (never a crash, never a
 * partial run); run under valgrind and ASan too. */
static void test_load_truncated(void)
{
    jc_run run;
    size_t len;
    char err[512];
    fx_hostile_run(&run);
    char *text = render(jc_report_json, &run, &len);
    jc_run_free(&run);
    for (size_t cut = 0; cut + 2 < len; cut += 1 + cut / 64) {
        char *part = strndup(text, cut);
        const char *path = write_file("cut.json", part);
        free(part);
        err[0] = '\0';
        CU_ASSERT_EQUAL(jc_results_load(path, &run, err, sizeof err), -1);
        CU_ASSERT(err[0] != '\0');
        CU_ASSERT_EQUAL(run.scenario_count, 0);
    }
    /* a directory is not a file */
    CU_ASSERT_EQUAL(jc_results_load(tmpdir, &run, err, sizeof err), -1);
    free(text);
}

static void test_load_accepts_base64_text(void)
{
    char *t = mutate("\"region\":\"us-east-1\"", "\"region\":{\"base64\": \"/w==\"}");
    const char *path = write_file("b64.json", t);
    jc_run run;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(jc_results_load(path, &run, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(run.region, "\xff");
    jc_run_free(&run);
    free(t);
}

/* ---------- JUnit ---------- */

static int xpath_count(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    int n = -1;
    if (r && r->type == XPATH_NODESET) n = r->nodesetval ? r->nodesetval->nodeNr : 0;
    else if (r && r->type == XPATH_NUMBER) n = (int)r->floatval;
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return n;
}

static xmlDocPtr parse_junit(void (*make)(jc_run *), jc_run *run)
{
    size_t len;
    make(run);
    char *text = render(jc_report_junit, run, &len);
    xmlDocPtr doc = xmlReadMemory(text, (int)len, "junit.xml", NULL, XML_PARSE_NONET);
    free(text);
    CU_ASSERT_PTR_NOT_NULL(doc);
    return doc;
}

static void test_junit_normal(void)
{
    jc_run run;
    xmlDocPtr doc = parse_junit(fx_normal_run, &run);
    if (!doc) return;
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase"), 8);
    CU_ASSERT_EQUAL(xpath_count(doc, "number(/testsuites/@tests)"), 8);
    CU_ASSERT_EQUAL(xpath_count(doc, "number(/testsuites/@failures)"), 2);
    CU_ASSERT_EQUAL(xpath_count(doc, "number(/testsuites/@errors)"), 2);
    CU_ASSERT_EQUAL(xpath_count(doc, "number(/testsuites/@skipped)"), 3);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase/failure"), 2);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase/failure[@type='UnexpectedPass']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase/error"), 2);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase/skipped"), 3);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testsuite"), 5); /* CreateJob DeleteJob DataPlane ListJobs CancelJob */
    CU_ASSERT_EQUAL(xpath_count(doc, "//testsuite[@name='CreateJob' and @tests='2' and @failures='1']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[@classname='jobsconf.CreateJob' and @name='createjob.duplicate-id: A second CreateJob with the same jobId is a conflict']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[starts-with(@name,'createjob.minimal')]/properties/property[@name='requirement' and @value='CJ-002']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase/properties/property[@name='baselineReason' and @value='emulator bug #42: force is ignored']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[starts-with(@name,'createjob.duplicate-id')]/system-out[contains(., 'PUT http://127.0.0.1:8443/jobs/jc1a2b3c-dup-2-failing')]"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[starts-with(@name,'deletejob.timeout')]/system-out[contains(., 'Connection refused')]"), 1);
    xmlFreeDoc(doc);
    jc_run_free(&run);
}

static void test_junit_hostile(void)
{
    jc_run run;
    xmlDocPtr doc = parse_junit(fx_hostile_run, &run);
    if (!doc) return;
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase"), 5);
    /* markup arrives as text, control characters as visible escapes */
    CU_ASSERT_EQUAL(xpath_count(doc, "//testcase[starts-with(@name, 'hostile.<tag>&amp;: Title with ]]> and <b>bold</b> & ')]"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//failure[contains(@message, \"<script>alert('x')</script> ]]> & \\x01\\x02\\x1b[0m\")]"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//system-out[contains(., '\\x00\\x01\xef\xbf\xbd]]></system-out>')]"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testsuite[@name='Create<Job>&\"' or @name=concat('Create<Job>&\"', \"'\")]"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//testsuite[@name='Delete\xef\xbf\xbdJob']"), 1);
    xmlFreeDoc(doc);
    jc_run_free(&run);
}

/* ---------- HTML ---------- */

static void test_html(void)
{
    jc_run run;
    size_t len;
    fx_normal_run(&run);
    char *html = render(jc_report_html, &run, &len);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<span class=\"big\">FAIL</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Exit code 1: a MUST check failed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<a href=\"https://docs.aws.amazon.com/iot/latest/developerguide/jobs-management-control-api.html#jobs-CreateJob\">jobs-CreateJob</a>"));
    CU_ASSERT_PTR_NULL(strstr(html, "href=\"https://docs.aws.amazon.com/iot/latest/developerguide/jobs-management-control-api.html#model"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<details>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "http://127.0.0.1:8443/jobs/jc1a2b3c-dup-2-failing"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<svg"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "@media (max-width:600px)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "@media print"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "DX-009"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "not covered"));
    CU_ASSERT_PTR_NULL(strstr(html, "src="));
    htmlDocPtr doc = htmlReadMemory(html, (int)len, "report.html", "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='requirements']//tbody/tr"), 7);
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='scenarios']//tbody/tr"), 8);
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='failures']/article"), 4); /* FAIL, 2 ERROR, XPASS */
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='xfail']/article"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//div[@data-status='XFAIL' and @data-count='1']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//tr[@data-status='XFAIL']/td[@data-col='XFAIL' and text()='1']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='areas']//svg"), 5);
    xmlFreeDoc(doc);
    free(html);
    jc_run_free(&run);

    fx_passing_run(&run);
    html = render(jc_report_html, &run, &len);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<span class=\"big\">PASS</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Failures by cause: FAIL, ERROR, BLOCKED, XPASS (0 in 0 groups)"));
    free(html);
    jc_run_free(&run);
}

static void test_html_hostile(void)
{
    jc_run run;
    size_t len;
    fx_hostile_run(&run);
    char *html = render(jc_report_html, &run, &len);
    CU_ASSERT_TRUE(jc_utf8_valid(html, len));
    CU_ASSERT_EQUAL(strlen(html), len); /* no NUL byte */
    CU_ASSERT_PTR_NULL(strstr(html, "<script>alert"));
    CU_ASSERT_PTR_NULL(strstr(html, "<b>bold"));
    CU_ASSERT_PTR_NULL(strstr(html, "onload=\""));
    CU_ASSERT_PTR_NULL(strstr(html, "\x01"));
    CU_ASSERT_PTR_NULL(strstr(html, "\x1b"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;script&gt;alert"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "\\x01\\x02\\x1b"));
    /* a source that is not a plain seed anchor is never a link */
    CU_ASSERT_PTR_NULL(strstr(html, "href=\"javascript"));
    CU_ASSERT_PTR_NULL(strstr(html, "#jobs-CreateJob\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "#jobs-DeleteJob\""));
    /* exactly one <script> element: ours */
    const char *p = html;
    int scripts = 0;
    while ((p = strstr(p, "<script")) != NULL) {
        scripts++;
        p++;
    }
    CU_ASSERT_EQUAL(scripts, 1);
    free(html);
    jc_run_free(&run);
}

/* ---------- Markdown ---------- */

static void check_md_rows(const char *md)
{
    /* every line of a table starts and ends with an unescaped '|' */
    const char *line = md;
    int rows = 0;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (n && line[0] == '|') {
            rows++;
            CU_ASSERT_EQUAL(line[n - 1], '|');
            CU_ASSERT(n < 2 || line[n - 2] != '\\');
        }
        line += n + (nl ? 1 : 0);
    }
    CU_ASSERT(rows >= 8);
}

static void test_markdown(void)
{
    jc_run run;
    fx_normal_run(&run);
    char *md = render(jc_report_markdown, &run, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "**FAIL**"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| FAIL | 1 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| XFAIL | 1 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| XPASS | 1 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| canceljob.force | FAIL | emulator bug #42: force is ignored |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| CN-001 | MUST | XFAIL | 0 | 0 | 1 | 0 | 0 | 0 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| ERROR | 2 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| DISABLED | 1 |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| CreateJob | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 50% |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| createjob.duplicate-id | FAIL | CJ-002 MUST FAIL, CJ-003 MUST FAIL | expected HTTP 409"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| canceljob.comment | XPASS | CN-002 MAY PASS | passed, but the baseline expects"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "deletejob.timeout"));
    CU_ASSERT_PTR_NULL(strstr(md, "listjobs.paging")); /* not failing */
    CU_ASSERT_PTR_NULL(strstr(md, "](")); /* link-free */
    check_md_rows(md);
    free(md);
    jc_run_free(&run);

    fx_hostile_run(&run);
    md = render(jc_report_markdown, &run, NULL);
    CU_ASSERT_TRUE(jc_utf8_valid(md, strlen(md)));
    CU_ASSERT_PTR_NULL(strstr(md, "<script"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "end second \\| line"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| Data\\|Plane | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | n/a |"));
    check_md_rows(md);
    free(md);
    jc_run_free(&run);

    fx_passing_run(&run);
    md = render(jc_report_markdown, &run, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "**PASS**"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "No failing scenario."));
    free(md);
    jc_run_free(&run);
}

static void test_markdown_truncates(void)
{
    jc_run run;
    fx_normal_run(&run);
    free(run.scenarios[1].message);
    run.scenarios[1].message = malloc(1001);
    memset(run.scenarios[1].message, 'x', 1000);
    run.scenarios[1].message[1000] = '\0';
    char *md = render(jc_report_markdown, &run, NULL);
    char want[256];
    memset(want, 'x', 200);
    strcpy(want + 200, "... |");
    CU_ASSERT_PTR_NOT_NULL(strstr(md, want));
    free(md);
    jc_run_free(&run);
}

/* ---------- diff ---------- */

/* noinline: keeps gcc -O2 from mistaking the memstream buffer for a dangling local */
__attribute__((noinline)) static char *diff_text(const jc_run *a, const jc_run *b, size_t *regs)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    *regs = jc_results_diff(a, b, f);
    fclose(f);
    return buf;
}

static void set_status(jc_run *run, const char *id, jc_status st)
{
    for (size_t i = 0; i < run->scenario_count; i++)
        if (strcmp(run->scenarios[i].id, id) == 0) run->scenarios[i].status = run->scenarios[i].raw_status = st;
}

static void test_diff(void)
{
    jc_run a, b;
    size_t regs;
    fx_normal_run(&a);
    fx_normal_run(&b);
    char *t = diff_text(&a, &b, &regs);
    CU_ASSERT_EQUAL(regs, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "No status changes."));
    free(t);

    set_status(&b, "createjob.minimal", JC_FAIL);       /* regression PASS -> FAIL; CJ-001 too */
    set_status(&b, "createjob.duplicate-id", JC_PASS);  /* fix */
    set_status(&b, "deletejob.in-progress", JC_FAIL);   /* other: ERROR -> FAIL */
    set_status(&b, "timers.in-progress-timeout", JC_ERROR); /* regression SKIP -> ERROR */
    /* rename one scenario: removed + added (newly failing = regression) */
    free(b.scenarios[5].id);
    b.scenarios[5].id = strdup("listjobs.paging-v2");
    b.scenarios[5].status = JC_FAIL;
    jc_run_finalize(&b);
    t = diff_text(&a, &b, &regs);
    /* scenarios: minimal, timers, paging-v2 (new failing); requirements: CJ-001 PASS->FAIL,
     * TM-001 not in catalogue, LJ-001 not in catalogue. DJ-001 ERROR->FAIL other. */
    CU_ASSERT_EQUAL(regs, 4);
    const char *reg = strstr(t, "Regressions (4):");
    const char *fix = strstr(t, "Fixes (");
    const char *oth = strstr(t, "Other status changes (");
    const char *add = strstr(t, "Added (");
    const char *rem = strstr(t, "Removed (");
    CU_ASSERT_PTR_NOT_NULL_FATAL(reg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fix);
    CU_ASSERT_PTR_NOT_NULL_FATAL(oth);
    CU_ASSERT_PTR_NOT_NULL_FATAL(add);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rem);
    CU_ASSERT_EQUAL(reg, t); /* regressions first */
    CU_ASSERT(reg < fix && fix < oth && oth < add && add < rem);
    const char *p = strstr(t, "scenario createjob.minimal: PASS -> FAIL");
    CU_ASSERT(p && p < fix);
    p = strstr(t, "requirement CJ-001: PASS -> FAIL");
    CU_ASSERT(p && p < fix);
    p = strstr(t, "scenario timers.in-progress-timeout: SKIP -> ERROR");
    CU_ASSERT(p && p < fix);
    p = strstr(t, "scenario listjobs.paging-v2: new, FAIL");
    CU_ASSERT(p && p < fix);
    p = strstr(t, "scenario createjob.duplicate-id: FAIL -> PASS");
    CU_ASSERT(p && p > fix && p < oth);
    p = strstr(t, "scenario deletejob.in-progress: ERROR -> FAIL");
    CU_ASSERT(p && p > oth && p < add);
    p = strstr(t, "scenario listjobs.paging: removed (was DISABLED)");
    CU_ASSERT(p && p > rem);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "4 regressions."));
    free(t);

    /* reversed: the fixes become regressions */
    t = diff_text(&b, &a, &regs);
    CU_ASSERT_EQUAL(regs, 2); /* createjob.duplicate-id and its requirement CJ-003 */
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "scenario createjob.duplicate-id: PASS -> FAIL"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "requirement CJ-003: PASS -> FAIL"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "scenario listjobs.paging: new, DISABLED"));
    free(t);
    jc_run_free(&a);
    jc_run_free(&b);
}


/* ---------- per-requirement verdicts, gating, baseline, schema 1 ---------- */

static const jc_req_verdict *verdict(const jc_scenario_result *sc, const char *req)
{
    for (size_t k = 0; k < sc->verdict_count; k++)
        if (strcmp(sc->verdicts[k].requirement, req) == 0) return &sc->verdicts[k];
    return NULL;
}

static void test_verdicts(void)
{
    jc_run run;
    fx_verdicts_run(&run);
    const jc_scenario_result *s = run.scenarios;
    /* a failed SHOULD check beside a passing MUST: the MUST PASS, the SHOULD FAIL, a warning */
    CU_ASSERT_EQUAL(s[0].status, JC_FAIL);
    CU_ASSERT_EQUAL(verdict(&s[0], "AT-001")->status, JC_PASS);
    CU_ASSERT_EQUAL(verdict(&s[0], "AT-005")->status, JC_FAIL);
    CU_ASSERT_EQUAL(verdict(&s[0], "AT-005")->level, JC_SHOULD);
    CU_ASSERT_TRUE(s[0].warning);
    /* the other way round: not a warning */
    CU_ASSERT_EQUAL(verdict(&s[1], "AT-001")->status, JC_FAIL);
    CU_ASSERT_EQUAL(verdict(&s[1], "AT-005")->status, JC_PASS);
    CU_ASSERT_FALSE(s[1].warning);
    CU_ASSERT_EQUAL(verdict(&s[2], "AT-001")->status, JC_BLOCKED);
    CU_ASSERT_EQUAL(s[3].status, JC_XFAIL);
    CU_ASSERT_EQUAL(verdict(&s[3], "CJ-001")->status, JC_XFAIL); /* unscoped check: counts for all */
    CU_ASSERT_EQUAL(s[4].status, JC_XPASS);
    CU_ASSERT_EQUAL(verdict(&s[4], "CJ-001")->status, JC_PASS);
    CU_ASSERT_EQUAL(run.warnings, 1);
    CU_ASSERT_EQUAL(run.counts[JC_FAIL], 2);
    CU_ASSERT_EQUAL(run.counts[JC_BLOCKED], 1);
    CU_ASSERT_EQUAL(run.counts[JC_XFAIL], 1);
    CU_ASSERT_EQUAL(run.counts[JC_XPASS], 1);
    /* the matrix counts side by side: AT-001 1 PASS, 1 FAIL, 1 BLOCKED; summary FAIL */
    const jc_requirement_result *r = find_req(&run, "AT-001");
    CU_ASSERT_EQUAL(r->counts[JC_PASS], 1);
    CU_ASSERT_EQUAL(r->counts[JC_FAIL], 1);
    CU_ASSERT_EQUAL(r->counts[JC_BLOCKED], 1);
    CU_ASSERT_EQUAL(r->status, JC_FAIL);
    r = find_req(&run, "CJ-001");
    CU_ASSERT_EQUAL(r->counts[JC_XFAIL], 1);
    CU_ASSERT_EQUAL(r->counts[JC_PASS], 2);
    CU_ASSERT_EQUAL(r->status, JC_XFAIL);
    jc_run_free(&run);
}

/* Builds a one-scenario run over a MUST M-1 and a SHOULD S-1. */
static void gate_run(jc_run *run, jc_status raw, const char *failed_req, bool baseline)
{
    memset(run, 0, sizeof *run);
    run->scenario_count = 1;
    run->scenarios = calloc(1, sizeof *run->scenarios);
    run->requirement_count = 2;
    run->requirements = calloc(2, sizeof *run->requirements);
    run->requirements[0].id = strdup("M-1");
    run->requirements[0].level = JC_MUST;
    run->requirements[1].id = strdup("S-1");
    run->requirements[1].level = JC_SHOULD;
    jc_scenario_result *sc = &run->scenarios[0];
    sc->id = strdup("a.b");
    sc->status = sc->raw_status = raw;
    sc->requirement_ids = calloc(2, sizeof(char *));
    sc->requirement_ids[0] = strdup("M-1");
    sc->requirement_ids[1] = strdup("S-1");
    sc->requirement_count = 2;
    if (failed_req) {
        sc->checks = calloc(1, sizeof *sc->checks);
        sc->checks[0].requirement = *failed_req ? strdup(failed_req) : NULL;
        sc->checks[0].message = strdup("failed");
        sc->check_count = 1;
    }
    if (baseline) jc_result_apply_baseline(sc, "known");
    jc_run_finalize(run);
}

static void test_gating(void)
{
    static const struct {
        jc_status raw;
        const char *failed; /* "" = an unscoped failed check */
        bool baseline;
        int lax, strict;
    } T[] = {
        {JC_PASS, NULL, false, 0, 0},      {JC_FAIL, "S-1", false, 0, 1},   {JC_FAIL, "M-1", false, 1, 1},
        {JC_FAIL, "", false, 1, 1},        {JC_FAIL, NULL, false, 1, 1},    {JC_ERROR, NULL, false, 1, 1},
        {JC_BLOCKED, NULL, false, 1, 1},   {JC_SKIP, NULL, false, 0, 0},    {JC_DISABLED, NULL, false, 0, 0},
        {JC_FAIL, "M-1", true, 0, 0},      {JC_ERROR, NULL, true, 0, 0},    {JC_BLOCKED, NULL, true, 0, 0},
        {JC_PASS, NULL, true, 1, 1},       {JC_SKIP, NULL, true, 0, 0},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        jc_run run;
        gate_run(&run, T[i].raw, T[i].failed, T[i].baseline);
        int lax = jc_run_exit_code(&run, false), strict = jc_run_exit_code(&run, true);
        CU_ASSERT_EQUAL(lax, T[i].lax);
        CU_ASSERT_EQUAL(strict, T[i].strict);
        if (lax != T[i].lax || strict != T[i].strict)
            fprintf(stderr, "gating case %zu: exit %d/%d, expected %d/%d\n", i, lax, strict, T[i].lax, T[i].strict);
        jc_run_free(&run);
    }
    /* the statuses the baseline gives */
    jc_run run;
    gate_run(&run, JC_ERROR, NULL, true);
    CU_ASSERT_EQUAL(run.scenarios[0].status, JC_XFAIL);
    CU_ASSERT_STRING_EQUAL(run.scenarios[0].baseline_reason, "known");
    CU_ASSERT_EQUAL(find_req(&run, "M-1")->status, JC_XFAIL);
    jc_run_free(&run);
    gate_run(&run, JC_PASS, NULL, true);
    CU_ASSERT_EQUAL(run.scenarios[0].status, JC_XPASS);
    CU_ASSERT_TRUE(run.scenarios[0].unexpected_pass);
    CU_ASSERT_EQUAL(run.unexpected_passes, 1);
    CU_ASSERT_EQUAL(find_req(&run, "M-1")->status, JC_PASS); /* a stale baseline never fails a requirement */
    jc_run_free(&run);
    gate_run(&run, JC_SKIP, NULL, true);
    CU_ASSERT_EQUAL(run.scenarios[0].status, JC_SKIP);
    jc_run_free(&run);
}

/* The console summary names every status and the warnings. */
static void test_summary_line(void)
{
    jc_run run;
    char *buf = NULL;
    size_t n = 0;
    fx_verdicts_run(&run);
    FILE *f = open_memstream(&buf, &n);
    jc_run_print_summary(&run, f, 1.5);
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "jobsconf: 1 passed, 2 failed, 0 skipped, 0 errors, 0 disabled, 1 blocked, 1 xfail, 1 xpass (1.5 s)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "1 of the 2 failed scenario(s) failed only SHOULD/MAY checks"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "1 unexpected pass(es) (XPASS)"));
    free(buf);
    jc_run_free(&run);
}

/* A schema version 1 file (FAIL with expectedFailure, unexpected passes as
 * FAIL) loads: XFAIL/XPASS are rebuilt, so old files still compare. */
static void test_load_v1(void)
{
    jc_run run;
    char err[512] = "";
    const char *v1 =
        "{\"schemaVersion\":1,\"tool\":{\"name\":\"jobsconf\",\"version\":\"0.1.0\"},"
        "\"run\":{\"endpoint\":null,\"dataEndpoint\":null,\"region\":null,\"embedded\":true,\"startedAt\":null,"
        "\"durationSeconds\":1,\"config\":[],\"exitCode\":1},"
        "\"counts\":{\"PASS\":1,\"FAIL\":2,\"SKIP\":0,\"DISABLED\":0,\"ERROR\":0},\"unexpectedPasses\":1,"
        "\"scenarios\":["
        "{\"id\":\"a.x\",\"suite\":\"A\",\"title\":\"t\",\"requirements\":[\"R-1\"],\"status\":\"FAIL\",\"rawStatus\":\"FAIL\","
        "\"expectedFailure\":true,\"unexpectedPass\":false,\"baselineReason\":\"known\",\"durationMs\":1,\"message\":\"m\",\"transcript\":[]},"
        "{\"id\":\"a.y\",\"suite\":\"A\",\"title\":\"t\",\"requirements\":[\"R-1\"],\"status\":\"FAIL\",\"rawStatus\":\"PASS\","
        "\"expectedFailure\":true,\"unexpectedPass\":true,\"baselineReason\":\"stale\",\"durationMs\":1,\"message\":null,\"transcript\":[]},"
        "{\"id\":\"a.z\",\"suite\":\"A\",\"title\":\"t\",\"requirements\":[\"R-1\"],\"status\":\"PASS\",\"rawStatus\":\"PASS\","
        "\"expectedFailure\":false,\"unexpectedPass\":false,\"baselineReason\":null,\"durationMs\":1,\"message\":null,\"transcript\":[]}],"
        "\"requirements\":[{\"id\":\"R-1\",\"level\":\"MUST\",\"source\":\"model\",\"statement\":\"s\",\"erratum\":false,"
        "\"referenceDecision\":false,\"covered\":true,\"status\":\"FAIL\",\"scenarios\":[\"a.x\",\"a.y\",\"a.z\"]}]}";
    const char *path = write_file("v1.json", v1);
    int rc = jc_results_load(path, &run, err, sizeof err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(run.schema_version, JC_RESULTS_SCHEMA_VERSION);
    CU_ASSERT_EQUAL(run.scenarios[0].status, JC_XFAIL);
    CU_ASSERT_EQUAL(run.scenarios[1].status, JC_XPASS);
    CU_ASSERT_EQUAL(run.counts[JC_XFAIL], 1);
    CU_ASSERT_EQUAL(run.counts[JC_XPASS], 1);
    CU_ASSERT_EQUAL(run.counts[JC_FAIL], 0);
    CU_ASSERT_EQUAL(run.requirements[0].status, JC_XFAIL); /* the stale entry does not make R-1 FAIL */
    jc_run_free(&run);
    /* a version 1 file cannot carry the new statuses */
    char *bad = strdup(v1);
    char *p = strstr(bad, "\"status\":\"PASS\",\"rawStatus\":\"PASS\",\"expectedFailure\":false");
    memcpy(p, "\"status\":\"XPAS\"", 15); /* keeps the length: "PASS\"" -> "XPAS\"" */
    path = write_file("v1bad.json", bad);
    CU_ASSERT_EQUAL(jc_results_load(path, &run, err, sizeof err), -1);
    free(bad);
}

/* diff over XFAIL/XPASS/BLOCKED: what the server showed decides. */
static void test_diff_baseline(void)
{
    jc_run a, b;
    size_t regs;
    fx_verdicts_run(&a);
    fx_verdicts_run(&b);
    char *t = diff_text(&a, &b, &regs);
    CU_ASSERT_EQUAL(regs, 0);
    free(t);
    /* createjob.xfail: raw FAIL -> raw PASS, still listed: XFAIL -> XPASS, a fix, not a regression */
    set_status(&b, "createjob.xfail", JC_PASS);
    b.scenarios[3].expected_failure = true;
    /* createjob.ok: PASS -> XFAIL (the server broke; a new baseline lists it): a regression */
    set_status(&b, "createjob.ok", JC_FAIL);
    jc_result_apply_baseline(&b.scenarios[5], "broke in 2.0");
    /* associate.blocked: BLOCKED -> PASS, a fix */
    set_status(&b, "associate.blocked", JC_PASS);
    jc_run_finalize(&b);
    CU_ASSERT_EQUAL(b.scenarios[3].status, JC_XPASS);
    CU_ASSERT_EQUAL(b.scenarios[5].status, JC_XFAIL);
    t = diff_text(&a, &b, &regs);
    CU_ASSERT_EQUAL(regs, 1);
    const char *fix = strstr(t, "Fixes (");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fix);
    const char *p = strstr(t, "scenario createjob.ok: PASS -> XFAIL");
    CU_ASSERT(p && p < fix);
    p = strstr(t, "scenario createjob.xfail: XFAIL -> XPASS");
    CU_ASSERT(p && p > fix);
    p = strstr(t, "scenario associate.blocked: BLOCKED -> PASS");
    CU_ASSERT(p && p > fix);
    free(t);
    /* and back: XPASS -> XFAIL is a regression; the baseline entry dropped (XFAIL -> FAIL) is not */
    b.scenarios[5].expected_failure = false;
    b.scenarios[5].status = JC_FAIL;
    jc_run_finalize(&b);
    t = diff_text(&b, &a, &regs);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "scenario createjob.xfail: XPASS -> XFAIL"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "scenario associate.blocked: PASS -> BLOCKED"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "scenario createjob.ok: FAIL -> PASS"));
    free(t);
    set_status(&a, "createjob.xfail", JC_FAIL);
    a.scenarios[3].expected_failure = false;
    jc_run_finalize(&a);
    jc_run_free(&b);
    fx_verdicts_run(&b);
    t = diff_text(&a, &b, &regs); /* FAIL -> XFAIL: other */
    CU_ASSERT_EQUAL(regs, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "Other status changes (2):\n  scenario createjob.xfail: FAIL -> XFAIL\n  requirement CJ-001: FAIL -> XFAIL"));
    free(t);
    jc_run_free(&a);
    jc_run_free(&b);
}

static void test_junit_verdicts(void)
{
    jc_run run;
    fx_verdicts_run(&run);
    char *x = render(jc_report_junit, &run, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "type=\"ShouldViolation\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "warning, SHOULD/MAY only (AT-005 SHOULD FAIL)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<property name=\"verdict:AT-001\" value=\"MUST PASS\"/>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<property name=\"verdict:AT-005\" value=\"SHOULD FAIL\"/>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "type=\"Blocked\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "type=\"UnexpectedPass\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<skipped message=\"XFAIL (ticket 12: duplicates accepted)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<property name=\"requirement:AT-001\" value=\"MUST FAIL: PASS 1, FAIL 1, XFAIL 0, ERROR 0, BLOCKED 1, SKIP 0\"/>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "failures=\"3\" errors=\"1\" skipped=\"1\""));
    free(x);
    jc_run_free(&run);
}

static void test_json_roundtrip_verdicts(void) { roundtrip(fx_verdicts_run); }

/* ---------- jc_reports_write ---------- */

static void test_reports_write(void)
{
    jc_run run;
    char err[512], dir[512], path[600];
    struct stat st;
    fx_normal_run(&run);
    snprintf(dir, sizeof dir, "%s/out/nested", tmpdir);
    CU_ASSERT_EQUAL(jc_reports_write(&run, dir, JC_FORMAT_ALL, err, sizeof err), 0);
    static const char *const names[] = {"junit.xml", "results.json", "report.html", "summary.md"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        CU_ASSERT_EQUAL(stat(path, &st), 0);
        CU_ASSERT(st.st_size > 100);
    }
    snprintf(dir, sizeof dir, "%s/only-md", tmpdir);
    CU_ASSERT_EQUAL(jc_reports_write(&run, dir, JC_FORMAT_MD, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/junit.xml", dir);
    CU_ASSERT_NOT_EQUAL(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/summary.md", dir);
    CU_ASSERT_EQUAL(stat(path, &st), 0);
    /* a file where the directory should be */
    CU_ASSERT_EQUAL(jc_reports_write(&run, path, JC_FORMAT_ALL, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "report dir"));
    CU_ASSERT_EQUAL(jc_reports_write(&run, "", JC_FORMAT_ALL, err, sizeof err), -1);
    CU_ASSERT_EQUAL(jc_reports_write(&run, dir, 0x10, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "formats"));
    jc_run_free(&run);
}

/* ---------- failures grouped by cause ---------- */

static void test_failure_groups(void)
{
    jc_run run;
    fx_grouped_run(&run);
    jc_failure_group *g = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(jc_failure_groups(&run, &g, &n), 0);
    /* the 31 HTML 500s on UpdateJob, the 400 without a type, the refused connection */
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(g[0].count, 31);
    CU_ASSERT_STRING_EQUAL(g[0].operation, "UpdateJob");
    CU_ASSERT_EQUAL(g[0].http_status, 500);
    CU_ASSERT_STRING_EQUAL(g[0].cause, "no error type (HTML page)");
    CU_ASSERT_TRUE(g[0].has_example);
    CU_ASSERT_EQUAL(g[0].example_exchange, 1); /* the PATCH, not the CreateJob before it */
    CU_ASSERT_EQUAL(g[1].count, 1);
    CU_ASSERT_STRING_EQUAL(g[1].operation, "CreateJob");
    CU_ASSERT_EQUAL(g[1].http_status, 400);
    CU_ASSERT_STRING_EQUAL(g[1].cause, "no error type");
    CU_ASSERT_STRING_EQUAL(g[2].operation, "DescribeJob");
    CU_ASSERT_EQUAL(g[2].http_status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(g[2].cause, "Connection refused"));
    char *label = jc_failure_group_label(&g[0]);
    CU_ASSERT_STRING_EQUAL(label, "UpdateJob \xC2\xB7 HTTP 500 \xC2\xB7 no error type (HTML page)");
    free(label);
    jc_failure_groups_free(g, n);

    /* an error type on the wire splits the group; XFAIL is no failure */
    jc_exchange *ex = &run.scenarios[3].transcript[1];
    free(ex->response_headers);
    ex->response_headers = strdup("x-amzn-ErrorType: InternalFailureException:http://internal.amazon.com/\n");
    CU_ASSERT_EQUAL_FATAL(jc_failure_groups(&run, &g, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 4);
    CU_ASSERT_EQUAL(g[0].count, 30);
    size_t total = 0;
    for (size_t k = 0; k < n; k++) total += g[k].count;
    CU_ASSERT_EQUAL(total, run.counts[JC_FAIL] + run.counts[JC_ERROR] + run.counts[JC_BLOCKED] + run.counts[JC_XPASS]);
    bool split = false;
    for (size_t k = 0; k < n; k++) split |= strcmp(g[k].cause, "InternalFailureException") == 0 && g[k].count == 1;
    CU_ASSERT_TRUE(split);
    jc_failure_groups_free(g, n);
    jc_run_free(&run);

    /* unknown paths: every second segment elided; no transcript: the message */
    fx_normal_run(&run);
    free(run.scenarios[1].transcript[1].url);
    run.scenarios[1].transcript[1].url = strdup("http://127.0.0.1:8443/a/b/c/d?x=1");
    run.scenarios[1].transcript[1].status = 404;
    CU_ASSERT_EQUAL_FATAL(jc_failure_groups(&run, &g, &n), 0);
    bool elided = false;
    for (size_t k = 0; k < n; k++) elided |= strcmp(g[k].operation, "PUT /a/{}/c/{}") == 0;
    CU_ASSERT_TRUE(elided);
    jc_failure_groups_free(g, n);
    jc_run_free(&run);
}

static void test_html_grouped(void)
{
    jc_run run;
    size_t len;
    fx_grouped_run(&run);
    char *html = render(jc_report_html, &run, &len);
    htmlDocPtr doc = htmlReadMemory(html, (int)len, "report.html", "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    /* one group of 31 (its cards folded under it), two single cards */
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='failures']/div[@class='group']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='failures']/div[@class='group' and @data-count='31']//li"), 31);
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='failures']/div[@class='group']/details[@class='members']/article"), 31);
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='failures']/article"), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "31 scenarios: UpdateJob \xC2\xB7 HTTP 500 \xC2\xB7 no error type (HTML page)"));
    /* the example transcript is the PATCH */
    CU_ASSERT_EQUAL(xpath_count(doc, "//div[@class='group']/details[1]//h4[contains(., 'PATCH http://127.0.0.1:8443/jobs/jcgrp-00')]"), 1);
    /* failed requirements near the top: UJ-001 and CJ-001 (CN-001 is XFAIL) */
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='failed-requirements']//tbody/tr"), 2);
    CU_ASSERT_TRUE(strstr(html, "id=\"failed-requirements\"") < strstr(html, "id=\"areas\""));
    /* backticks as code, in the matrix too */
    CU_ASSERT_EQUAL(xpath_count(doc, "//table[@id='matrix']//code[text()='description']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//table[@id='matrix']//td[contains(., '`')]"), 0);
    /* search box, one filter per status present, every scenario row searchable */
    CU_ASSERT_EQUAL(xpath_count(doc, "//input[@id='q']"), 1);
    CU_ASSERT_EQUAL(xpath_count(doc, "//input[@data-filter]"), 5); /* PASS, FAIL, XFAIL, ERROR, SKIP */
    CU_ASSERT_EQUAL(xpath_count(doc, "//section[@id='scenarios']//tr[@data-search]"), 38);
    CU_ASSERT_EQUAL(xpath_count(doc, "//tr[contains(@data-search, 'updatejob.case-07') and contains(@data-search, 'uj-001')]"), 1);
    xmlFreeDoc(doc);
    free(html);

    char *md = render(jc_report_markdown, &run, &len);
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "### Failures by cause (3 groups)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, "| 31 | UpdateJob \xC2\xB7 HTTP 500 \xC2\xB7 no error type (HTML page) | updatejob.case-00, "));
    CU_ASSERT_PTR_NOT_NULL(strstr(md, " and 21 more |"));
    CU_ASSERT_TRUE(strstr(md, "### Failures by cause") < strstr(md, "| API area |"));
    free(md);
    jc_run_free(&run);
}

int main(void)
{
    CU_TestInfo basics[] = {
        {"status and level names", test_status_names},
        {"format lists", test_formats_parse},
        {"finalize counts and coverage", test_finalize},
        {"finalize status precedence", test_finalize_precedence},
        {"sanitize UTF-8 and controls", test_sanitize},
        {"base64", test_base64},
        CU_TEST_INFO_NULL,
    };
    CU_TestInfo writers[] = {
        {"json round trip (normal)", test_json_roundtrip_normal},
        {"json round trip (hostile)", test_json_roundtrip_hostile},
        {"equality check detects a change", test_json_equality_detects_change},
        {"json body encoding", test_json_body_encoding},
        {"operation table", test_operation_table},
        {"load rejects bad files", test_load_rejects},
        {"load rejects truncated files", test_load_truncated},
        {"load accepts base64 text", test_load_accepts_base64_text},
        {"junit normal", test_junit_normal},
        {"junit hostile", test_junit_hostile},
        {"html", test_html},
        {"html hostile", test_html_hostile},
        {"markdown", test_markdown},
        {"markdown truncates long messages", test_markdown_truncates},
        {"diff", test_diff},
        {"diff with XFAIL, XPASS and BLOCKED", test_diff_baseline},
        {"per-requirement verdicts", test_verdicts},
        {"gating by level, --strict and the baseline", test_gating},
        {"console summary line", test_summary_line},
        {"load a schema version 1 file", test_load_v1},
        {"junit verdicts and statuses", test_junit_verdicts},
        {"json round trip (verdicts)", test_json_roundtrip_verdicts},
        {"reports write", test_reports_write},
        {"failures grouped by cause", test_failure_groups},
        {"html grouped, filters, failed requirements", test_html_grouped},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {
        {"reports.basics", NULL, NULL, NULL, NULL, basics},
        {"reports.writers", suite_init, suite_clean, NULL, NULL, writers},
        CU_SUITE_INFO_NULL,
    };
    int rc = cu_run_suites(suites);
    xmlCleanupParser();
    return rc;
}
