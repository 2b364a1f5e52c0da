/* Checks of the requirement catalogue (suites/requirements.c): well-formed,
 * unique IDs; one-sentence statements; known sources; the [R] and erratum
 * rules; lookups; and the Markdown rendering behind docs/requirements.md. */
#include <CUnit/Basic.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_render.h"
#include "requirements.h"

/* Kept here, not read from ../shared: CI must not depend on the seed's copy. */
static const char *const prefixes[] = {"WIRE", "CJ", "DJ", "GD", "LJ", "UJ", "AT", "CN", "DL", "CE",
                                       "DE",   "DX", "LX", "PG", "LC", "DP", "TM", "RO", "RG", "MQ", "AUTH"};
#define N_PREFIXES (sizeof prefixes / sizeof prefixes[0])

/* Every <a name="..."> anchor of shared/seed/jobs-management-control-api.md. */
static const char *const seed_anchors[] = {
    "jobs-management-control-api",  "jobs-control-plane-data-types",
    "jobs-job",                     "jobs-job-summary",
    "jobs-job-execution",           "jobs-job-execution-summary",
    "jobs-job-execution-summary-for-job", "jobs-job-execution-summary-for-thing",
    "jobs-http-api",                "jobs-AssociateTargetsWithJob",
    "jobs-CancelJob",               "jobs-CancelJobExecution",
    "jobs-CreateJob",               "jobs-DeleteJob",
    "jobs-DeleteJobExecution",      "jobs-DescribeJob",
    "jobs-DescribeJobExecution",    "jobs-GetJobDocument",
    "jobs-listJobExecutionsForJob", "jobs-ListJobExecutionsForThing",
    "jobs-listJobs",                "jobs-UpdateJob",
};
static const char *const other_sources[] = {"model", "model:iot-jobs-data", "guide"};

/* "guide:<page>": a developer-guide page name, [a-z0-9-]+. A bare "guide"
 * (still used by the MQ and AUTH rows, whose notes name the page) is
 * accepted through other_sources until those rows name their page. */
static bool is_guide_page(const char *s)
{
    if (strncmp(s, "guide:", 6) != 0 || !s[6]) return false;
    for (const char *p = s + 6; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-')) return false;
    return true;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

static bool is_seed_anchor(const char *s)
{
    return in_list(s, seed_anchors, sizeof seed_anchors / sizeof seed_anchors[0]);
}

/* Splits "CJ-012" into the index of its prefix and 12; false when malformed:
 * not PREFIX-NNN with a known prefix and exactly three digits, or NNN = 000. */
static bool parse_id(const char *id, size_t *prefix_index, int *number)
{
    const char *dash = id ? strchr(id, '-') : NULL;
    if (!dash) return false;
    size_t plen = (size_t)(dash - id);
    for (size_t p = 0; p < N_PREFIXES; p++) {
        if (strlen(prefixes[p]) != plen || strncmp(id, prefixes[p], plen) != 0) continue;
        const char *d = dash + 1;
        if (strlen(d) != 3) return false;
        for (int k = 0; k < 3; k++)
            if (!isdigit((unsigned char)d[k])) return false;
        *prefix_index = p;
        *number = atoi(d);
        return *number > 0;
    }
    return false;
}

/* One sentence: no line breaks, starts with a non-space, ends with '.', and
 * has no sentence boundary inside (". X", "? ", "! " with X upper case). */
static bool one_sentence(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 10 || isspace((unsigned char)s[0]) || s[n - 1] != '.') return false;
    if (strchr(s, '\n') || strchr(s, '\r') || strchr(s, '\t')) return false;
    for (size_t i = 0; i + 2 < n; i++) {
        if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i + 1] == ' ' &&
            isupper((unsigned char)s[i + 2]))
            return false;
    }
    return true;
}

/* ---- the helpers of this test must themselves reject bad input ---- */

static void test_helpers_reject_bad_input(void)
{
    size_t p;
    int n;
    CU_ASSERT_TRUE(parse_id("CJ-001", &p, &n));
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_TRUE(parse_id("WIRE-120", &p, &n));
    CU_ASSERT_EQUAL(n, 120);
    CU_ASSERT_FALSE(parse_id("CJ-000", &p, &n));
    CU_ASSERT_FALSE(parse_id("CJ-01", &p, &n));
    CU_ASSERT_FALSE(parse_id("CJ-0001", &p, &n));
    CU_ASSERT_FALSE(parse_id("cj-001", &p, &n));
    CU_ASSERT_FALSE(parse_id("XX-001", &p, &n));
    CU_ASSERT_FALSE(parse_id("CJ001", &p, &n));
    CU_ASSERT_FALSE(parse_id("CJ-0a1", &p, &n));
    CU_ASSERT_FALSE(parse_id(NULL, &p, &n));
    CU_ASSERT_TRUE(is_guide_page("guide:iot-jobs-lifecycle"));
    CU_ASSERT_FALSE(is_guide_page("guide"));
    CU_ASSERT_FALSE(is_guide_page("guide:"));
    CU_ASSERT_FALSE(is_guide_page("guide:Jobs Page"));

    CU_ASSERT_TRUE(one_sentence("A jobId of 65 characters gets InvalidRequestException (400)."));
    CU_ASSERT_TRUE(one_sentence("`incrementFactor` is 1.1 to 5 (such as '.' or ':')."));
    CU_ASSERT_FALSE(one_sentence("No final stop"));
    CU_ASSERT_FALSE(one_sentence("First sentence. Second sentence."));
    CU_ASSERT_FALSE(one_sentence("Is it one? Yes it is."));
    CU_ASSERT_FALSE(one_sentence(" Leading space is wrong."));
    CU_ASSERT_FALSE(one_sentence("Two\nlines are not one sentence."));
    CU_ASSERT_FALSE(one_sentence(""));
    CU_ASSERT_FALSE(one_sentence(NULL));
}

/* ---- the catalogue ---- */

static void test_count(void)
{
    CU_ASSERT_TRUE(jc_requirement_count >= 60);
    CU_ASSERT_TRUE(jc_requirement_count <= 400); /* a sanity bound: the catalogue is a few hundred rows */
}

static void test_ids_well_formed(void)
{
    for (size_t i = 0; i < jc_requirement_count; i++) {
        size_t p;
        int n;
        if (!parse_id(jc_requirements[i].id, &p, &n)) {
            fprintf(stderr, "malformed id: %s\n", jc_requirements[i].id ? jc_requirements[i].id : "(null)");
            CU_FAIL("malformed requirement id");
        }
    }
}

static void test_ids_unique(void)
{
    for (size_t i = 0; i < jc_requirement_count; i++)
        for (size_t j = i + 1; j < jc_requirement_count; j++)
            if (strcmp(jc_requirements[i].id, jc_requirements[j].id) == 0) {
                fprintf(stderr, "duplicate id: %s\n", jc_requirements[i].id);
                CU_FAIL("duplicate requirement id");
            }
}

/* Each area is one block and its numbers increase within it. */
static void test_ids_grouped_in_order(void)
{
    bool closed[N_PREFIXES] = {false};
    size_t cur = N_PREFIXES;
    int last = 0;
    for (size_t i = 0; i < jc_requirement_count; i++) {
        size_t p;
        int n;
        if (!parse_id(jc_requirements[i].id, &p, &n)) continue; /* reported above */
        if (p != cur) {
            if (cur < N_PREFIXES) closed[cur] = true;
            if (closed[p]) {
                fprintf(stderr, "area %s appears in two blocks (at %s)\n", prefixes[p], jc_requirements[i].id);
                CU_FAIL("areas must be contiguous");
            }
            cur = p;
            last = 0;
        }
        if (n <= last) {
            fprintf(stderr, "%s is out of order\n", jc_requirements[i].id);
            CU_FAIL("ids must increase within an area");
        }
        last = n;
    }
}

static void test_every_prefix_present(void)
{
    for (size_t p = 0; p < N_PREFIXES; p++) {
        size_t count = 0;
        for (size_t i = 0; i < jc_requirement_count; i++) {
            size_t q;
            int n;
            if (parse_id(jc_requirements[i].id, &q, &n) && q == p) count++;
        }
        if (count == 0) {
            fprintf(stderr, "no requirement with prefix %s\n", prefixes[p]);
            CU_FAIL("area without requirements");
        }
    }
}

static void test_statements_one_sentence(void)
{
    for (size_t i = 0; i < jc_requirement_count; i++) {
        const jc_requirement *r = &jc_requirements[i];
        if (!one_sentence(r->statement) || strlen(r->statement) > 600) {
            fprintf(stderr, "%s: statement is not one sentence: %s\n", r->id, r->statement ? r->statement : "(null)");
            CU_FAIL("statement must be one sentence ending with '.'");
        }
    }
}

static void test_sources_known(void)
{
    for (size_t i = 0; i < jc_requirement_count; i++) {
        const jc_requirement *r = &jc_requirements[i];
        if (!r->source || (!is_seed_anchor(r->source) && !is_guide_page(r->source) &&
                           !in_list(r->source, other_sources, sizeof other_sources / sizeof other_sources[0]))) {
            fprintf(stderr, "%s: unknown source %s\n", r->id, r->source ? r->source : "(null)");
            CU_FAIL("unknown source");
        }
    }
}

static void test_levels_valid(void)
{
    for (size_t i = 0; i < jc_requirement_count; i++) {
        jc_level l = jc_requirements[i].level;
        CU_ASSERT_TRUE(l == JC_MUST || l == JC_SHOULD || l == JC_MAY);
    }
}

/* [R] decisions are never MUST and always explain the reference's choice. */
static void test_reference_decisions(void)
{
    size_t n = 0;
    for (size_t i = 0; i < jc_requirement_count; i++) {
        const jc_requirement *r = &jc_requirements[i];
        if (!r->reference_decision) continue;
        n++;
        if (r->level == JC_MUST) {
            fprintf(stderr, "%s: [R] requirement is MUST\n", r->id);
            CU_FAIL("[R] requirement must not be MUST");
        }
        if (!r->note || !*r->note) {
            fprintf(stderr, "%s: [R] requirement without a note\n", r->id);
            CU_FAIL("[R] requirement needs a note");
        }
    }
    CU_ASSERT_TRUE(n > 0);
}

/* Errata have a note saying what the seed says, and cite the seed. */
static void test_errata(void)
{
    static const char *const must_cite[] = {"jobs-job", "jobs-CancelJob", "jobs-CancelJobExecution",
                                            "jobs-DescribeJobExecution", "jobs-UpdateJob", "jobs-CreateJob"};
    bool cited[sizeof must_cite / sizeof must_cite[0]] = {false};
    for (size_t i = 0; i < jc_requirement_count; i++) {
        const jc_requirement *r = &jc_requirements[i];
        if (!r->erratum) continue;
        if (!r->note || !*r->note) {
            fprintf(stderr, "%s: erratum without a note\n", r->id);
            CU_FAIL("erratum needs a note");
        }
        if (!is_seed_anchor(r->source)) {
            fprintf(stderr, "%s: erratum whose source is not a seed anchor\n", r->id);
            CU_FAIL("erratum must cite the seed");
        }
        for (size_t k = 0; k < sizeof must_cite / sizeof must_cite[0]; k++)
            if (strcmp(r->source, must_cite[k]) == 0) cited[k] = true;
    }
    /* the seed errata of spec/semantics.md: SUCCEEDED job status, force in the
     * body (two operations), DescribeJobExecution, maximumPerMinute, and the
     * CreateJob member names and types (presignedUrlConfigData, integer
     * incrementFactor and thresholdPercentage) */
    for (size_t k = 0; k < sizeof must_cite / sizeof must_cite[0]; k++) {
        if (!cited[k]) fprintf(stderr, "no erratum cites %s\n", must_cite[k]);
        CU_ASSERT_TRUE(cited[k]);
    }
}

static void test_notes_not_empty(void)
{
    for (size_t i = 0; i < jc_requirement_count; i++) {
        const char *note = jc_requirements[i].note;
        if (note) CU_ASSERT_TRUE(strlen(note) > 5);
    }
}

static void test_find(void)
{
    for (size_t i = 0; i < jc_requirement_count; i++)
        CU_ASSERT_PTR_EQUAL(jc_requirement_find(jc_requirements[i].id), &jc_requirements[i]);
    /* a copy of the id is found too: comparison is by content */
    char copy[32];
    snprintf(copy, sizeof copy, "%s", jc_requirements[0].id);
    CU_ASSERT_PTR_EQUAL(jc_requirement_find(copy), &jc_requirements[0]);

    CU_ASSERT_PTR_NULL(jc_requirement_find(NULL));
    CU_ASSERT_PTR_NULL(jc_requirement_find(""));
    CU_ASSERT_PTR_NULL(jc_requirement_find("CJ-000"));
    CU_ASSERT_PTR_NULL(jc_requirement_find("CJ-999"));
    CU_ASSERT_PTR_EQUAL(jc_requirement_find("cj-001"), jc_requirement_find("CJ-001")); /* case-insensitive */
    CU_ASSERT_PTR_NULL(jc_requirement_find("CJ-001 "));
    CU_ASSERT_PTR_NULL(jc_requirement_find("CJ-01"));
    CU_ASSERT_PTR_NULL(jc_requirement_find("XX-001"));
    CU_ASSERT_PTR_NULL(jc_requirement_find("CJ"));
}

/* ---- rendering ---- */

static void test_level_names(void)
{
    CU_ASSERT_STRING_EQUAL(jc_catmd_level_name(JC_MUST), "MUST");
    CU_ASSERT_STRING_EQUAL(jc_catmd_level_name(JC_SHOULD), "SHOULD");
    CU_ASSERT_STRING_EQUAL(jc_catmd_level_name(JC_MAY), "MAY");
    CU_ASSERT_STRING_EQUAL(jc_catmd_level_name(JC_LEVEL_COUNT), "?");
}

static void test_cell_escaping(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
    CU_ASSERT_EQUAL(jc_catmd_write_cell(mem, "a|b\nc"), 0);
    CU_ASSERT_EQUAL(jc_catmd_write_cell(mem, NULL), -1);
    fclose(mem);
    CU_ASSERT_STRING_EQUAL(buf, "a\\|b c");
    free(buf);
}

/* The document has one table row per requirement, with its level, and a note
 * line for every requirement that has a note. */
static void test_render_document(void)
{
    char *doc = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(jc_catmd_render_to_string(&doc, &len), 0);
    CU_ASSERT_EQUAL(strlen(doc), len);
    for (size_t i = 0; i < jc_requirement_count; i++) {
        const jc_requirement *r = &jc_requirements[i];
        char row[64];
        snprintf(row, sizeof row, "\n| %s | %s | %s | ", r->id, jc_catmd_level_name(r->level), r->source);
        if (!strstr(doc, row)) {
            fprintf(stderr, "no table row for %s\n", r->id);
            CU_FAIL("missing table row");
        }
        snprintf(row, sizeof row, "\n- **%s**", r->id);
        CU_ASSERT_EQUAL(strstr(doc, row) != NULL, r->note != NULL);
    }
    size_t rows = 0;
    for (const char *p = doc; (p = strstr(p, "\n| ")) != NULL; p++) {
        size_t q;
        int n;
        char id[16] = {0};
        sscanf(p + 3, "%15[A-Z0-9-]", id);
        if (parse_id(id, &q, &n)) rows++;
    }
    CU_ASSERT_EQUAL(rows, jc_requirement_count);
    free(doc);
}

int main(void)
{
    CU_TestInfo catalogue_tests[] = {
        {"helpers reject bad input", test_helpers_reject_bad_input},
        {"at least 60 requirements", test_count},
        {"ids are PREFIX-NNN with a known prefix", test_ids_well_formed},
        {"ids are unique", test_ids_unique},
        {"areas are contiguous and in id order", test_ids_grouped_in_order},
        {"every prefix has a requirement", test_every_prefix_present},
        {"statements are one sentence", test_statements_one_sentence},
        {"sources are seed anchors, model or guide:<page>", test_sources_known},
        {"levels are MUST, SHOULD or MAY", test_levels_valid},
        {"[R] decisions are never MUST and have notes", test_reference_decisions},
        {"errata have notes and cite the seed", test_errata},
        {"notes are not empty", test_notes_not_empty},
        {"jc_requirement_find", test_find},
        CU_TEST_INFO_NULL,
    };
    CU_TestInfo render_tests[] = {
        {"level names", test_level_names},
        {"table cells are escaped", test_cell_escaping},
        {"document lists every requirement", test_render_document},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {
        {"catalogue", NULL, NULL, NULL, NULL, catalogue_tests},
        {"render", NULL, NULL, NULL, NULL, render_tests},
        CU_SUITE_INFO_NULL,
    };

    if (CU_initialize_registry() != CUE_SUCCESS) return 2;
    if (CU_register_suites(suites) != CUE_SUCCESS) {
        fprintf(stderr, "suite registration failed: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned ran = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    if (ran == 0) return 3;
    return failed == 0 ? 0 : 1;
}
