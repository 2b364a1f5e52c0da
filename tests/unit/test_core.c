/* Enum names, error shapes, clocks and the fault catalogue. */
#include <string.h>

#include "cu_support.h"
#include "jobsref/jobsref.h"

static void test_enum_round_trip(void)
{
    for (int i = 0; i < JR_EXEC_STATUS_COUNT; i++) {
        jr_exec_status s;
        CU_ASSERT_TRUE(jr_exec_status_parse(jr_exec_status_name((jr_exec_status)i), &s));
        CU_ASSERT_EQUAL((int)s, i);
    }
    for (int i = 0; i < JR_JOB_STATUS_COUNT; i++) {
        jr_job_status s;
        CU_ASSERT_TRUE(jr_job_status_parse(jr_job_status_name((jr_job_status)i), &s));
        CU_ASSERT_EQUAL((int)s, i);
    }
    jr_job_status js;
    CU_ASSERT_FALSE(jr_job_status_parse("SUCCEEDED", &js)); /* seed erratum: not a job status */
    CU_ASSERT_FALSE(jr_job_status_parse("in_progress", &js));
    CU_ASSERT_FALSE(jr_job_status_parse(NULL, &js));
    jr_exec_status es;
    CU_ASSERT_FALSE(jr_exec_status_parse("", &es));
    CU_ASSERT_FALSE(jr_exec_status_parse("COMPLETED", &es));
}

static void test_terminal_statuses(void)
{
    CU_ASSERT_FALSE(jr_exec_status_is_terminal(JR_EXEC_QUEUED));
    CU_ASSERT_FALSE(jr_exec_status_is_terminal(JR_EXEC_IN_PROGRESS));
    for (int s = JR_EXEC_SUCCEEDED; s < JR_EXEC_STATUS_COUNT; s++) CU_ASSERT_TRUE(jr_exec_status_is_terminal((jr_exec_status)s));
}

static void test_op_names_and_planes(void)
{
    jr_op op;
    CU_ASSERT_TRUE(jr_op_parse(JR_PLANE_CONTROL, "DescribeJobExecution", &op));
    CU_ASSERT_EQUAL(op, JR_OP_DESCRIBE_JOB_EXECUTION);
    CU_ASSERT_TRUE(jr_op_parse(JR_PLANE_DATA, "DescribeJobExecution", &op));
    CU_ASSERT_EQUAL(op, JR_OP_DATA_DESCRIBE_JOB_EXECUTION);
    CU_ASSERT_FALSE(jr_op_parse(JR_PLANE_DATA, "CreateJob", &op));
    CU_ASSERT_EQUAL(jr_op_plane(JR_OP_UPDATE_JOB_EXECUTION), JR_PLANE_DATA);
    CU_ASSERT_EQUAL(jr_op_plane(JR_OP_LIST_JOBS), JR_PLANE_CONTROL);
    for (int i = 1; i < JR_OP_COUNT; i++) CU_ASSERT_STRING_NOT_EQUAL(jr_op_name((jr_op)i), "UNKNOWN");
}

static void test_error_statuses(void)
{
    CU_ASSERT_EQUAL(jr_error_http_status(JR_ERR_THROTTLING, JR_PLANE_CONTROL), 400);
    CU_ASSERT_EQUAL(jr_error_http_status(JR_ERR_THROTTLING, JR_PLANE_DATA), 429);
    CU_ASSERT_EQUAL(jr_error_http_status(JR_ERR_LIMIT_EXCEEDED, JR_PLANE_CONTROL), 410);
    CU_ASSERT_EQUAL(jr_error_http_status(JR_ERR_RESOURCE_ALREADY_EXISTS, JR_PLANE_CONTROL), 409);
    CU_ASSERT_EQUAL(jr_error_http_status(JR_ERR_TERMINAL_STATE, JR_PLANE_DATA), 410);
    CU_ASSERT_EQUAL(jr_error_http_status(JR_ERR_SERVICE_UNAVAILABLE, JR_PLANE_DATA), 503);
    for (int i = 1; i < JR_ERR_TYPE_COUNT; i++) {
        jr_error_type t;
        CU_ASSERT_TRUE(jr_error_type_parse(jr_error_type_name((jr_error_type)i), &t));
        CU_ASSERT_EQUAL((int)t, i);
    }
}

static void test_error_set_truncates(void)
{
    jr_error e;
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CU_ASSERT_EQUAL(jr_error_set(&e, JR_ERR_INVALID_REQUEST, big, "%s", big), JR_FAIL);
    CU_ASSERT_EQUAL(strlen(e.field), JR_ERROR_FIELD_MAX - 1);
    CU_ASSERT_EQUAL(strlen(e.message), JR_ERROR_MESSAGE_MAX - 1);
    jr_error_clear(&e);
    CU_ASSERT_EQUAL(e.type, JR_ERR_NONE);
    CU_ASSERT_STRING_EQUAL(e.message, "");
}

static void test_virtual_clock(void)
{
    jr_virtual_clock vc;
    jr_virtual_clock_init(&vc, 1000);
    jr_clock c = jr_clock_virtual(&vc);
    CU_ASSERT_EQUAL(jr_clock_now(&c), 1000);
    jr_virtual_clock_advance(&vc, 250);
    CU_ASSERT_EQUAL(jr_clock_now(&c), 1250);
    jr_virtual_clock_advance(&vc, -100); /* never backwards */
    CU_ASSERT_EQUAL(jr_clock_now(&c), 1250);
    jr_clock r = jr_clock_real();
    CU_ASSERT_TRUE(jr_clock_now(&r) > 1600000000000LL);
}

static void test_fault_catalogue(void)
{
    for (int i = 0; i < JR_FAULT_COUNT; i++) {
        const char *name = jr_fault_name((jr_fault)i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        CU_ASSERT_STRING_NOT_EQUAL(name, "unknown");
        jr_fault f;
        CU_ASSERT_TRUE(jr_fault_parse(name, &f));
        CU_ASSERT_EQUAL((int)f, i);
        CU_ASSERT_TRUE(strlen(jr_fault_description((jr_fault)i)) > 10);
    }
    jr_fault f;
    CU_ASSERT_FALSE(jr_fault_parse("no-such-fault", &f));
    CU_ASSERT_TRUE(JR_FAULT_COUNT <= 64); /* fits jr_fault_set */
}

int main(void)
{
    CU_TestInfo core_tests[] = {
        {"enum names round-trip", test_enum_round_trip},
        {"terminal execution statuses", test_terminal_statuses},
        {"operation names and planes", test_op_names_and_planes},
        {"error shapes and statuses", test_error_statuses},
        {"error_set truncates safely", test_error_set_truncates},
        {"virtual clock", test_virtual_clock},
        {"fault catalogue", test_fault_catalogue},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {
        {"core", NULL, NULL, NULL, NULL, core_tests},
        CU_SUITE_INFO_NULL,
    };
    return cu_run_suites(suites);
}
