/* The alias table of renamed scenarios (suites/support/jc_aliases.c): every
 * scenario id that existed before the split suite files were merged still
 * resolves to a scenario, in a baseline and in a diff of results; and the
 * one naming scheme of --suite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "jc_aliases.h"
#include "jc_baseline.h"
#include "jc_report.h"
#include "jc_select.h"

static const char *g_old_ids_path;

/* Reads the old ids (one a line, '#' comments) into a NULL-terminated array. */
static char **read_old_ids(size_t *n)
{
    FILE *f = fopen(g_old_ids_path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char **ids = calloc(1024, sizeof *ids);
    char line[256];
    *n = 0;
    while (fgets(line, sizeof line, f) && *n < 1023) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        ids[(*n)++] = strdup(line);
    }
    fclose(f);
    return ids;
}

static void free_ids(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
}

static void test_every_old_id_resolves(void)
{
    size_t n = 0;
    char **ids = read_old_ids(&n);
    CU_ASSERT_EQUAL(n, 379); /* the scenarios of the build before the merge */
    size_t renamed = 0;
    for (size_t i = 0; i < n; i++) {
        const jc_scenario *sc = jc_scenario_by_id(ids[i]);
        if (!sc) fprintf(stderr, "old id %s resolves to no scenario\n", ids[i]);
        CU_ASSERT_PTR_NOT_NULL(sc);
        const char *now = jc_alias_resolve(ids[i]);
        if (now) {
            renamed++;
            CU_ASSERT_STRING_NOT_EQUAL(now, ids[i]);
            CU_ASSERT_PTR_NOT_NULL(jc_scenario_by_id(now));
            CU_ASSERT_PTR_NULL(jc_alias_resolve(now)); /* no chains */
        }
    }
    CU_ASSERT_EQUAL(renamed, jc_alias_count());
    CU_ASSERT_EQUAL(renamed, 79);
    free_ids(ids, n);
}

static void test_resolve_edges(void)
{
    CU_ASSERT_PTR_NULL(jc_alias_resolve(NULL));
    CU_ASSERT_PTR_NULL(jc_alias_resolve(""));
    CU_ASSERT_PTR_NULL(jc_alias_resolve("createjob.duplicate-id")); /* never renamed */
    CU_ASSERT_STRING_EQUAL(jc_alias_resolve("describe.document-after-cancel"), "describejob.document-after-cancel");
    CU_ASSERT_STRING_EQUAL(jc_alias_resolve("PROTOCOL.data-plane-request-id"), "wire.data-plane-request-id");
    CU_ASSERT_PTR_NULL(jc_alias_resolve("describe.document-after-cancel ")); /* exact, not a prefix */
    CU_ASSERT_PTR_NULL(jc_scenario_by_id("describe.no-such-scenario"));
}

static void test_baseline_old_ids(void)
{
    const char *text = "# written against the old ids\n"
                       "describe.document-after-cancel  old id, known failure\n"
                       "!protocol.data-plane-request-id old id, disabled\n"
                       "createjob.duplicate-id          a current id\n";
    jc_baseline b;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(jc_baseline_parse(text, strlen(text), &b, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(b.count, 3);
    CU_ASSERT_STRING_EQUAL(b.entries[0].id, "describejob.document-after-cancel");
    CU_ASSERT_STRING_EQUAL(b.entries[0].renamed_from, "describe.document-after-cancel");
    CU_ASSERT_STRING_EQUAL(b.entries[1].id, "wire.data-plane-request-id");
    CU_ASSERT_TRUE(b.entries[1].disabled);
    CU_ASSERT_STRING_EQUAL(b.entries[2].id, "createjob.duplicate-id");
    CU_ASSERT_PTR_NULL(b.entries[2].renamed_from);
    CU_ASSERT_PTR_NOT_NULL(jc_baseline_find(&b, "wire.data-plane-request-id"));
    jc_baseline_free(&b);
    /* the old and the new id of one scenario are one entry listed twice */
    const char *twice = "update.refuse-exponential a\nupdatejob.refuse-exponential b\n";
    CU_ASSERT_EQUAL(jc_baseline_parse(twice, strlen(twice), &b, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "listed twice"));
}

static jc_scenario_result one(const char *id, jc_status st)
{
    jc_scenario_result r;
    memset(&r, 0, sizeof r);
    r.id = (char *)id;
    r.status = r.raw_status = st;
    return r;
}

static void test_diff_old_results(void)
{
    jc_scenario_result old_sc[] = {one("describe.document-after-cancel", JC_FAIL), one("listing.completed-summary", JC_PASS),
                                   one("createjob.duplicate-id", JC_PASS)};
    jc_scenario_result new_sc[] = {one("describejob.document-after-cancel", JC_FAIL),
                                   one("listjobs.completed-summary", JC_PASS), one("createjob.duplicate-id", JC_PASS)};
    jc_run a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.scenarios = old_sc;
    a.scenario_count = 3;
    b.scenarios = new_sc;
    b.scenario_count = 3;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    CU_ASSERT_EQUAL(jc_results_diff_aliased(&a, &b, jc_alias_resolve, out), 0);
    fclose(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "note: scenario describe.document-after-cancel is now "
                                        "describejob.document-after-cancel"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "No status changes."));
    CU_ASSERT_PTR_NULL(strstr(text, "Removed"));
    free(text);
    /* without the table the same files show a rename as removed + added */
    out = open_memstream(&text, &len);
    jc_results_diff(&a, &b, out);
    fclose(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Removed"));
    free(text);
    /* a real regression under a renamed id is still one */
    new_sc[1].status = JC_FAIL;
    out = open_memstream(&text, &len);
    CU_ASSERT_EQUAL(jc_results_diff_aliased(&a, &b, jc_alias_resolve, out), 1);
    fclose(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "listjobs.completed-summary: PASS -> FAIL"));
    free(text);
}

static void test_suite_names(void)
{
    static const char *const known[] = {"DescribeJob", "describejob", "DESCRIBEJOB", "describe", "Describe",
                                        "UpdateJob",   "update",      "association", "associate", "JobConfiguration",
                                        "jobconfig",   "configuration", "ListJobs",  "listing",   "Wire",
                                        "protocol",    "wire",        NULL};
    for (size_t i = 0; known[i]; i++) {
        if (!jc_suite_known(known[i])) fprintf(stderr, "--suite %s names nothing\n", known[i]);
        CU_ASSERT_TRUE(jc_suite_known(known[i]));
    }
    CU_ASSERT_FALSE(jc_suite_known("describ"));
    CU_ASSERT_FALSE(jc_suite_known(""));
    CU_ASSERT_FALSE(jc_suite_known(NULL));
    /* "describe" selects exactly what "DescribeJob" selects: one file per area */
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++) {
            const jc_scenario *sc = &jc_all_suites[s]->scenarios[i];
            CU_ASSERT_EQUAL(jc_suite_matches(jc_all_suites[s], sc, "describe"),
                            jc_suite_matches(jc_all_suites[s], sc, "DescribeJob"));
            CU_ASSERT_EQUAL(jc_suite_matches(jc_all_suites[s], sc, "protocol"),
                            jc_suite_matches(jc_all_suites[s], sc, "wire"));
        }
}

/* One API area, one file: every scenario of an area has the same file name. */
static void test_one_file_per_area(void)
{
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t t = 0; jc_all_suites[t]; t++) {
            if (s == t) continue;
            CU_ASSERT_STRING_NOT_EQUAL(jc_all_suites[s]->name, jc_all_suites[t]->name);
        }
    for (size_t s = 0; jc_all_suites[s]; s++) {
        const char *first = jc_all_suites[s]->scenarios[0].id;
        size_t n = strcspn(first, ".");
        for (size_t i = 0; i < jc_all_suites[s]->count; i++)
            CU_ASSERT_EQUAL(strncmp(jc_all_suites[s]->scenarios[i].id, first, n + 1), 0);
    }
}

static void test_requirement_case(void)
{
    const jc_scenario *sc = jc_scenario_by_id("describejob.unknown-job");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_TRUE(jc_requirement_matches(sc, "DJ-002"));
    CU_ASSERT_TRUE(jc_requirement_matches(sc, "dj-002"));
    CU_ASSERT_FALSE(jc_requirement_matches(sc, "DJ-00"));
    CU_ASSERT_FALSE(jc_requirement_matches(sc, NULL));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_aliases OLD-IDS-FILE\n");
        return 2;
    }
    g_old_ids_path = argv[1];
    if (CU_initialize_registry() != CUE_SUCCESS) return 2;
    CU_pSuite s = CU_add_suite("aliases", NULL, NULL);
    CU_add_test(s, "every old id resolves", test_every_old_id_resolves);
    CU_add_test(s, "resolve edges", test_resolve_edges);
    CU_add_test(s, "baseline with old ids", test_baseline_old_ids);
    CU_add_test(s, "diff of old results", test_diff_old_results);
    CU_add_test(s, "suite names", test_suite_names);
    CU_add_test(s, "one file per area", test_one_file_per_area);
    CU_add_test(s, "requirement case", test_requirement_case);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
