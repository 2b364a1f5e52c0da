/* Route matching of both planes: every operation, method mismatches, and
 * paths that must not confuse the router. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cu_support.h"
#include "jobsref/jobsref.h"
#include "route.h"

typedef struct rcase {
    jr_plane plane;
    const char *method;
    const char *path;
    jr_op op;
} rcase;

static const rcase CASES[] = {
    {JR_PLANE_CONTROL, "PUT", "/jobs/j1", JR_OP_CREATE_JOB},
    {JR_PLANE_CONTROL, "GET", "/jobs/j1", JR_OP_DESCRIBE_JOB},
    {JR_PLANE_CONTROL, "PATCH", "/jobs/j1", JR_OP_UPDATE_JOB},
    {JR_PLANE_CONTROL, "DELETE", "/jobs/j1", JR_OP_DELETE_JOB},
    {JR_PLANE_CONTROL, "GET", "/jobs", JR_OP_LIST_JOBS},
    {JR_PLANE_CONTROL, "POST", "/jobs/j1/targets", JR_OP_ASSOCIATE_TARGETS_WITH_JOB},
    {JR_PLANE_CONTROL, "PUT", "/jobs/j1/cancel", JR_OP_CANCEL_JOB},
    {JR_PLANE_CONTROL, "GET", "/jobs/j1/job-document", JR_OP_GET_JOB_DOCUMENT},
    {JR_PLANE_CONTROL, "GET", "/jobs/j1/things", JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB},
    {JR_PLANE_CONTROL, "GET", "/things/t1/jobs", JR_OP_LIST_JOB_EXECUTIONS_FOR_THING},
    {JR_PLANE_CONTROL, "GET", "/things/t1/jobs/j1", JR_OP_DESCRIBE_JOB_EXECUTION},
    {JR_PLANE_CONTROL, "PUT", "/things/t1/jobs/j1/cancel", JR_OP_CANCEL_JOB_EXECUTION},
    {JR_PLANE_CONTROL, "DELETE", "/things/t1/jobs/j1/executionNumber/3", JR_OP_DELETE_JOB_EXECUTION},
    {JR_PLANE_CONTROL, "POST", "/things/t1", JR_OP_CREATE_THING},
    {JR_PLANE_CONTROL, "GET", "/things/t1", JR_OP_DESCRIBE_THING},
    {JR_PLANE_CONTROL, "DELETE", "/things/t1", JR_OP_DELETE_THING},
    {JR_PLANE_CONTROL, "POST", "/thing-groups/g1", JR_OP_CREATE_THING_GROUP},
    {JR_PLANE_CONTROL, "GET", "/thing-groups/g1", JR_OP_DESCRIBE_THING_GROUP},
    {JR_PLANE_CONTROL, "DELETE", "/thing-groups/g1", JR_OP_DELETE_THING_GROUP},
    {JR_PLANE_CONTROL, "PUT", "/thing-groups/addThingToThingGroup", JR_OP_ADD_THING_TO_THING_GROUP},
    {JR_PLANE_CONTROL, "PUT", "/thing-groups/removeThingFromThingGroup", JR_OP_REMOVE_THING_FROM_THING_GROUP},
    {JR_PLANE_CONTROL, "GET", "/thing-groups/g1/things", JR_OP_LIST_THINGS_IN_THING_GROUP},
    {JR_PLANE_DATA, "GET", "/things/t1/jobs", JR_OP_GET_PENDING_JOB_EXECUTIONS},
    {JR_PLANE_DATA, "PUT", "/things/t1/jobs/$next", JR_OP_START_NEXT_PENDING_JOB_EXECUTION},
    {JR_PLANE_DATA, "PUT", "/things/t1/jobs/%24next", JR_OP_START_NEXT_PENDING_JOB_EXECUTION},
    {JR_PLANE_DATA, "GET", "/things/t1/jobs/j1", JR_OP_DATA_DESCRIBE_JOB_EXECUTION},
    {JR_PLANE_DATA, "GET", "/things/t1/jobs/%24next", JR_OP_DATA_DESCRIBE_JOB_EXECUTION},
    {JR_PLANE_DATA, "POST", "/things/t1/jobs/j1", JR_OP_UPDATE_JOB_EXECUTION},
};

static void test_every_route(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        bool known = false;
        jr_op op = jr_route_match(CASES[i].plane, CASES[i].method, CASES[i].path, &known);
        CU_ASSERT_EQUAL(op, CASES[i].op);
        CU_ASSERT_TRUE(known);
        CU_ASSERT_EQUAL(jr_op_plane(op), CASES[i].plane);
    }
}

/* The route table holds each template twice (the text for the encoder, the
 * segments for matching): the template text must route to its own operation,
 * with every label named as its braces say. */
static void test_templates_match_segments(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const char *method = NULL;
        const char *tmpl = jr_route_template(CASES[i].op, &method);
        CU_ASSERT_PTR_NOT_NULL_FATAL(tmpl);
        jr_route_labels labels;
        CU_ASSERT_EQUAL(jr_route_find(CASES[i].plane, method, tmpl, NULL, &labels), CASES[i].op);
        size_t braces = 0;
        for (const char *c = tmpl; *c; c++) braces += *c == '{';
        CU_ASSERT_EQUAL(labels.count, braces);
        for (size_t k = 0; k < labels.count && k < JR_ROUTE_MAX_LABELS; k++) {
            char want[64];
            snprintf(want, sizeof want, "{%s}", labels.name[k]);
            CU_ASSERT_TRUE(labels.len[k] == strlen(want) && memcmp(labels.raw[k], want, labels.len[k]) == 0);
        }
    }
}

static void test_planes_differ(void)
{
    bool known;
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_DATA, "GET", "/jobs/j1", &known), JR_OP_NONE);
    CU_ASSERT_FALSE(known);
    /* control plane: GET /things/{thingName}/jobs/{jobId} exists, so only the method is wrong */
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "PUT", "/things/t1/jobs/$next", &known), JR_OP_NONE);
    CU_ASSERT_TRUE(known);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_DATA, "DELETE", "/things/t1", &known), JR_OP_NONE);
    CU_ASSERT_FALSE(known);
}

static void test_method_known(void)
{
    bool known = false;
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "POST", "/jobs/j1", &known), JR_OP_NONE);
    CU_ASSERT_TRUE(known);
    known = false;
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "DELETE", "/jobs", &known), JR_OP_NONE);
    CU_ASSERT_TRUE(known);
    known = false;
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_DATA, "PUT", "/things/t1/jobs/j1", &known), JR_OP_NONE);
    CU_ASSERT_TRUE(known);
    known = false;
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "get", "/jobs/j1", &known), JR_OP_NONE);
    CU_ASSERT_TRUE(known);
    known = true;
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/nope", &known), JR_OP_NONE);
    CU_ASSERT_FALSE(known);
    /* NULL method_known is allowed */
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/jobs", NULL), JR_OP_LIST_JOBS);
}

static void test_odd_paths(void)
{
    bool known;
    /* trailing slash: no match */
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/jobs/x/", &known), JR_OP_NONE);
    CU_ASSERT_FALSE(known);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/jobs/", &known), JR_OP_NONE);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/", &known), JR_OP_NONE);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "", &known), JR_OP_NONE);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "jobs", &known), JR_OP_NONE);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", NULL, &known), JR_OP_NONE);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, NULL, "/jobs", &known), JR_OP_NONE);
    CU_ASSERT_TRUE(known);
    /* empty inner segment fills the label (validation rejects it later) */
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "POST", "/jobs//targets", &known), JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "//jobs", &known), JR_OP_NONE);
    /* .. is label text, not navigation */
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/jobs/..", &known), JR_OP_DESCRIBE_JOB);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/jobs/j1/../things", &known), JR_OP_NONE);
    /* literal segments are exact */
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/Jobs/j1", &known), JR_OP_NONE);
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_DATA, "PUT", "/things/t1/jobs/%24NEXT", &known), JR_OP_NONE);
    CU_ASSERT_TRUE(known);
    /* literal route beats the label route; other methods fall to the label */
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/thing-groups/addThingToThingGroup", &known),
                    JR_OP_DESCRIBE_THING_GROUP);
    /* too many segments */
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", "/a/b/c/d/e/f/g/h/i/j", &known), JR_OP_NONE);
    CU_ASSERT_FALSE(known);
}

static void test_huge_path(void)
{
    size_t n = 1 << 20;
    char *p = malloc(n + 8);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memcpy(p, "/jobs/", 6);
    memset(p + 6, 'a', n);
    p[n + 6] = '\0';
    bool known;
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", p, &known), JR_OP_DESCRIBE_JOB);
    for (size_t i = 0; i < n; i++) p[i] = '/';
    CU_ASSERT_EQUAL(jr_route_match(JR_PLANE_CONTROL, "GET", p, &known), JR_OP_NONE);
    free(p);
}

int main(void)
{
    CU_TestInfo tests[] = {
        {"every route of both planes", test_every_route},
        {"templates match their segments", test_templates_match_segments},
        {"planes are separate", test_planes_differ},
        {"method_known tells 404 from 405", test_method_known},
        {"odd paths", test_odd_paths},
        {"huge paths", test_huge_path},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {{"route", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
