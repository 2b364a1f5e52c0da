/* Every operation of both planes: a valid request decodes to the right op
 * with the right members. */
#include "decode_test_support.h"

static void test_create_job_full(void)
{
    jr_request r;
    const char *body =
        "{\"targets\":[\"" ARN_T1 "\",\"" ARN_G1 "\"],\"document\":\"{\\\"op\\\":\\\"x\\\"}\","
        "\"description\":\"d\",\"targetSelection\":\"CONTINUOUS\","
        "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/r\",\"expiresInSec\":600},"
        "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":50,\"exponentialRate\":{\"baseRatePerMinute\":5,"
        "\"incrementFactor\":1.5,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":3}}},"
        "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
        "\"thresholdPercentage\":50,\"minNumberOfExecutedThings\":10}]},"
        "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":60},"
        "\"tags\":[{\"Key\":\"k\",\"Value\":\"v\"},{\"Key\":\"k2\"}],\"namespaceId\":\"ns\","
        "\"jobTemplateArn\":\"arn:aws:iot:us-east-1:123456789012:jobtemplate/t\","
        "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":2}]},"
        "\"documentParameters\":{\"p\":\"v\"},"
        "\"schedulingConfig\":{\"startTime\":\"2030-01-01T00:00\",\"endTime\":\"2030-02-01T00:00\","
        "\"endBehavior\":\"CANCEL\"},\"unknownMember\":[1,2,3]}";
    EXPECT_OK(C, "PUT", "/jobs/job-1", NULL, body, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_CREATE_JOB);
    CU_ASSERT_EQUAL(r.plane, JR_PLANE_CONTROL);
    CU_ASSERT_STRING_EQUAL(r.job_id, "job-1");
    CU_ASSERT_EQUAL_FATAL(r.targets.count, 2);
    CU_ASSERT_STRING_EQUAL(r.targets.items[1], ARN_G1);
    CU_ASSERT_STRING_EQUAL(r.document, "{\"op\":\"x\"}");
    CU_ASSERT_STRING_EQUAL(r.description, "d");
    CU_ASSERT_TRUE(r.has_target_selection);
    CU_ASSERT_EQUAL(r.target_selection, JR_TARGET_CONTINUOUS);
    CU_ASSERT_TRUE(r.presigned_url_config.present);
    CU_ASSERT_EQUAL(r.presigned_url_config.expires_in_sec.value, 600);
    CU_ASSERT_TRUE(r.rollout_config.present && r.rollout_config.has_exponential_rate);
    CU_ASSERT_EQUAL(r.rollout_config.maximum_per_minute.value, 50);
    CU_ASSERT_EQUAL(r.rollout_config.base_rate_per_minute, 5);
    CU_ASSERT_DOUBLE_EQUAL(r.rollout_config.increment_factor, 1.5, 0);
    CU_ASSERT_TRUE(r.rollout_config.number_of_succeeded_things.present);
    CU_ASSERT_FALSE(r.rollout_config.number_of_notified_things.present);
    CU_ASSERT_EQUAL_FATAL(r.abort_config.count, 1);
    CU_ASSERT_EQUAL(r.abort_config.criteria[0].failure_type, JR_FAILURE_FAILED);
    CU_ASSERT_DOUBLE_EQUAL(r.abort_config.criteria[0].threshold_percentage, 50.0, 0);
    CU_ASSERT_EQUAL(r.abort_config.criteria[0].min_number_of_executed_things, 10);
    CU_ASSERT_EQUAL(r.timeout_config.in_progress_timeout_minutes.value, 60);
    CU_ASSERT_EQUAL_FATAL(r.tags.count, 2);
    CU_ASSERT_STRING_EQUAL(r.tags.items[0].value, "v");
    CU_ASSERT_PTR_NULL(r.tags.items[1].value);
    CU_ASSERT_STRING_EQUAL(r.namespace_id, "ns");
    CU_ASSERT_PTR_NOT_NULL(r.job_template_arn);
    CU_ASSERT_EQUAL_FATAL(r.retry_config.count, 1);
    CU_ASSERT_EQUAL(r.retry_config.criteria[0].failure_type, JR_RETRY_TIMED_OUT);
    CU_ASSERT_EQUAL(r.retry_config.criteria[0].number_of_retries, 2);
    CU_ASSERT_EQUAL_FATAL(r.document_parameters.count, 1);
    CU_ASSERT_STRING_EQUAL(r.document_parameters.items[0].key, "p");
    CU_ASSERT_TRUE(r.scheduling_config.present && r.scheduling_config.has_end_behavior);
    CU_ASSERT_EQUAL(r.scheduling_config.end_behavior, JR_END_CANCEL);
    CU_ASSERT_STRING_EQUAL(r.scheduling_config.start_time, "2030-01-01T00:00");
    jr_request_free(&r);
    CU_ASSERT_TRUE(is_zeroed(&r));
}

static void test_create_job_minimal_and_source(void)
{
    jr_request r;
    EXPECT_OK(C, "PUT", "/jobs/j", NULL,
              "{\"targets\":[\"" ARN_T1 "\"],\"documentSource\":\"https://s3.amazonaws.com/bucket/key.json\"}", &r);
    CU_ASSERT_STRING_EQUAL(r.document_source, "https://s3.amazonaws.com/bucket/key.json");
    CU_ASSERT_PTR_NULL(r.document);
    CU_ASSERT_FALSE(r.has_target_selection);
    CU_ASSERT_FALSE(r.tags.present);
    jr_request_free(&r);
    const char *urls[] = {"https://s3.us-west-2.amazonaws.com/b/k", "https://bucket.s3.amazonaws.com/k",
                          "https://my.bucket.s3.eu-west-1.amazonaws.com/dir/k.json"};
    for (size_t i = 0; i < 3; i++) {
        char *b = fmt("{\"targets\":[\"%s\"],\"documentSource\":\"%s\"}", ARN_T1, urls[i]);
        EXPECT_OK(C, "PUT", "/jobs/j", NULL, b, &r);
        jr_request_free(&r);
        free(b);
    }
    /* null counts as absent */
    EXPECT_OK(C, "PUT", "/jobs/j", NULL, "{\"targets\":[\"" ARN_T1 "\"],\"document\":\"1\",\"description\":null}", &r);
    CU_ASSERT_PTR_NULL(r.description);
    jr_request_free(&r);
}

static void test_job_ops(void)
{
    jr_request r;
    EXPECT_OK(C, "GET", "/jobs/j1", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_DESCRIBE_JOB);
    CU_ASSERT_STRING_EQUAL(r.job_id, "j1");
    jr_request_free(&r);

    EXPECT_OK(C, "PATCH", "/jobs/j1", "namespaceId=ns1",
              "{\"description\":\"new\",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":5}}", &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_UPDATE_JOB);
    CU_ASSERT_STRING_EQUAL(r.namespace_id, "ns1");
    CU_ASSERT_STRING_EQUAL(r.description, "new");
    CU_ASSERT_EQUAL(r.timeout_config.in_progress_timeout_minutes.value, 5);
    jr_request_free(&r);

    EXPECT_OK(C, "PATCH", "/jobs/j1", NULL, NULL, &r); /* empty body counts as {} */
    CU_ASSERT_EQUAL(r.op, JR_OP_UPDATE_JOB);
    jr_request_free(&r);

    EXPECT_OK(C, "DELETE", "/jobs/j1", "force=true&namespaceId=n", NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_DELETE_JOB);
    CU_ASSERT_TRUE(r.force.present && r.force.value);
    CU_ASSERT_STRING_EQUAL(r.namespace_id, "n");
    jr_request_free(&r);

    EXPECT_OK(C, "GET", "/jobs",
              "status=IN_PROGRESS&targetSelection=SNAPSHOT&maxResults=5&nextToken=abc%2Fdef&thingGroupName=g1"
              "&thingGroupId=0a1b-2c&namespaceId=ns&unknown=%zz",
              NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_LIST_JOBS);
    CU_ASSERT_TRUE(r.has_job_status);
    CU_ASSERT_EQUAL(r.job_status, JR_JOB_IN_PROGRESS);
    CU_ASSERT_TRUE(r.has_target_selection);
    CU_ASSERT_EQUAL(r.target_selection, JR_TARGET_SNAPSHOT);
    CU_ASSERT_EQUAL(r.max_results.value, 5);
    CU_ASSERT_STRING_EQUAL(r.next_token, "abc/def");
    CU_ASSERT_STRING_EQUAL(r.thing_group_name, "g1");
    CU_ASSERT_STRING_EQUAL(r.thing_group_id, "0a1b-2c");
    jr_request_free(&r);

    EXPECT_OK(C, "GET", "/jobs", "", NULL, &r);
    CU_ASSERT_FALSE(r.max_results.present);
    CU_ASSERT_PTR_NULL(r.next_token);
    jr_request_free(&r);

    EXPECT_OK(C, "POST", "/jobs/j1/targets", "namespaceId=n",
              "{\"targets\":[\"" ARN_T1 "\"],\"comment\":\"c\"}", &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
    CU_ASSERT_EQUAL(r.targets.count, 1);
    CU_ASSERT_STRING_EQUAL(r.comment, "c");
    jr_request_free(&r);

    EXPECT_OK(C, "PUT", "/jobs/j1/cancel", "force=false", "{\"reasonCode\":\"R_1\",\"comment\":\"why\"}", &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_CANCEL_JOB);
    CU_ASSERT_TRUE(r.force.present && !r.force.value);
    CU_ASSERT_STRING_EQUAL(r.reason_code, "R_1");
    jr_request_free(&r);

    EXPECT_OK(C, "GET", "/jobs/j1/job-document", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_GET_JOB_DOCUMENT);
    jr_request_free(&r);

    EXPECT_OK(C, "GET", "/jobs/j1/things", "status=QUEUED&maxResults=250&nextToken=t", NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
    CU_ASSERT_TRUE(r.has_exec_status);
    CU_ASSERT_EQUAL(r.exec_status, JR_EXEC_QUEUED);
    CU_ASSERT_EQUAL(r.max_results.value, 250);
    jr_request_free(&r);
}

static void test_execution_ops(void)
{
    jr_request r;
    EXPECT_OK(C, "GET", "/things/t%3A1/jobs", "status=SUCCEEDED&namespaceId=n&maxResults=1&nextToken=x&jobId=j9",
              NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
    CU_ASSERT_STRING_EQUAL(r.thing_name, "t:1");
    CU_ASSERT_STRING_EQUAL(r.job_id, "j9");
    CU_ASSERT_EQUAL(r.exec_status, JR_EXEC_SUCCEEDED);
    jr_request_free(&r);

    EXPECT_OK(C, "GET", "/things/t1/jobs/j1", "executionNumber=7", NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_DESCRIBE_JOB_EXECUTION);
    CU_ASSERT_TRUE(r.execution_number.present);
    CU_ASSERT_EQUAL(r.execution_number.value, 7);
    jr_request_free(&r);

    EXPECT_OK(C, "PUT", "/things/t1/jobs/j1/cancel", "force=true",
              "{\"expectedVersion\":3,\"statusDetails\":{\"a\":\"b\",\"c:d\":\"e f\"}}", &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_CANCEL_JOB_EXECUTION);
    CU_ASSERT_TRUE(r.force.value);
    CU_ASSERT_EQUAL(r.expected_version.value, 3);
    CU_ASSERT_EQUAL_FATAL(r.status_details.count, 2);
    CU_ASSERT_STRING_EQUAL(r.status_details.items[1].key, "c:d");
    CU_ASSERT_STRING_EQUAL(r.status_details.items[1].value, "e f");
    jr_request_free(&r);

    EXPECT_OK(C, "DELETE", "/things/t1/jobs/j1/executionNumber/42", "force=true&namespaceId=n", NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_DELETE_JOB_EXECUTION);
    CU_ASSERT_EQUAL(r.execution_number.value, 42);
    CU_ASSERT_TRUE(r.force.value);
    jr_request_free(&r);
}

static void test_registry_ops(void)
{
    jr_request r;
    EXPECT_OK(C, "POST", "/things/t1", NULL,
              "{\"thingTypeName\":\"type1\",\"attributePayload\":{\"attributes\":{\"a\":\"1\"},\"merge\":true},"
              "\"billingGroupName\":\"b\"}",
              &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_CREATE_THING);
    CU_ASSERT_STRING_EQUAL(r.thing_type_name, "type1");
    CU_ASSERT_EQUAL_FATAL(r.attributes.count, 1);
    CU_ASSERT_STRING_EQUAL(r.attributes.items[0].value, "1");
    jr_request_free(&r);

    EXPECT_OK(C, "GET", "/things/t1", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_DESCRIBE_THING);
    jr_request_free(&r);
    EXPECT_OK(C, "DELETE", "/things/t1", "expectedVersion=2", NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_DELETE_THING);
    CU_ASSERT_EQUAL(r.expected_version.value, 2);
    jr_request_free(&r);

    EXPECT_OK(C, "POST", "/thing-groups/g1", NULL,
              "{\"parentGroupName\":\"g0\",\"thingGroupProperties\":{},\"tags\":[{\"Key\":\"a b\",\"Value\":\"\"}]}",
              &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_CREATE_THING_GROUP);
    CU_ASSERT_STRING_EQUAL(r.thing_group_name, "g1");
    CU_ASSERT_STRING_EQUAL(r.parent_group_name, "g0");
    CU_ASSERT_EQUAL(r.tags.count, 1);
    jr_request_free(&r);
    EXPECT_OK(C, "GET", "/thing-groups/g1", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_DESCRIBE_THING_GROUP);
    jr_request_free(&r);
    EXPECT_OK(C, "DELETE", "/thing-groups/g1", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_DELETE_THING_GROUP);
    jr_request_free(&r);

    EXPECT_OK(C, "PUT", "/thing-groups/addThingToThingGroup", NULL,
              "{\"thingGroupName\":\"g1\",\"thingArn\":\"" ARN_T1 "\",\"overrideDynamicGroups\":true}", &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_ADD_THING_TO_THING_GROUP);
    CU_ASSERT_STRING_EQUAL(r.thing_group_name, "g1");
    CU_ASSERT_STRING_EQUAL(r.thing_arn, ARN_T1);
    CU_ASSERT_TRUE(r.override_dynamic_groups.value);
    jr_request_free(&r);
    EXPECT_OK(C, "PUT", "/thing-groups/removeThingFromThingGroup", NULL,
              "{\"thingGroupArn\":\"" ARN_G1 "\",\"thingName\":\"t1\"}", &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_REMOVE_THING_FROM_THING_GROUP);
    CU_ASSERT_STRING_EQUAL(r.thing_group_arn, ARN_G1);
    CU_ASSERT_STRING_EQUAL(r.thing_name, "t1");
    jr_request_free(&r);

    EXPECT_OK(C, "GET", "/thing-groups/g1/things", "recursive=true&maxResults=10&nextToken=n", NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_LIST_THINGS_IN_THING_GROUP);
    CU_ASSERT_TRUE(r.recursive.value);
    CU_ASSERT_EQUAL(r.max_results.value, 10);
    jr_request_free(&r);
}

static void test_data_plane(void)
{
    jr_request r;
    EXPECT_OK(D, "GET", "/things/t1/jobs", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_GET_PENDING_JOB_EXECUTIONS);
    CU_ASSERT_EQUAL(r.plane, JR_PLANE_DATA);
    CU_ASSERT_STRING_EQUAL(r.thing_name, "t1");
    jr_request_free(&r);

    EXPECT_OK(D, "PUT", "/things/t1/jobs/$next", NULL, "{\"statusDetails\":{\"k\":\"v\"},\"stepTimeoutInMinutes\":-1}",
              &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_START_NEXT_PENDING_JOB_EXECUTION);
    CU_ASSERT_PTR_NULL(r.job_id);
    CU_ASSERT_EQUAL(r.step_timeout_minutes.value, -1);
    CU_ASSERT_EQUAL(r.status_details.count, 1);
    jr_request_free(&r);
    EXPECT_OK(D, "PUT", "/things/t1/jobs/%24next", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_START_NEXT_PENDING_JOB_EXECUTION);
    jr_request_free(&r);

    EXPECT_OK(D, "GET", "/things/t1/jobs/%24next", "includeJobDocument=true&executionNumber=0", NULL, &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_DATA_DESCRIBE_JOB_EXECUTION);
    CU_ASSERT_STRING_EQUAL(r.job_id, "$next");
    CU_ASSERT_TRUE(r.include_job_document.value);
    CU_ASSERT_TRUE(r.execution_number.present);
    jr_request_free(&r);
    EXPECT_OK(D, "GET", "/things/t1/jobs/$next", NULL, NULL, &r);
    CU_ASSERT_STRING_EQUAL(r.job_id, "$next");
    jr_request_free(&r);
    EXPECT_OK(D, "GET", "/things/t1/jobs/j1", NULL, NULL, &r);
    CU_ASSERT_STRING_EQUAL(r.job_id, "j1");
    CU_ASSERT_FALSE(r.execution_number.present);
    jr_request_free(&r);

    EXPECT_OK(D, "POST", "/things/t1/jobs/j1", NULL,
              "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"p\":\"50%\"},\"stepTimeoutInMinutes\":10,"
              "\"expectedVersion\":1,\"includeJobExecutionState\":true,\"includeJobDocument\":false,"
              "\"executionNumber\":1}",
              &r);
    CU_ASSERT_EQUAL(r.op, JR_OP_UPDATE_JOB_EXECUTION);
    CU_ASSERT_TRUE(r.has_exec_status);
    CU_ASSERT_EQUAL(r.exec_status, JR_EXEC_IN_PROGRESS);
    CU_ASSERT_EQUAL(r.step_timeout_minutes.value, 10);
    CU_ASSERT_EQUAL(r.expected_version.value, 1);
    CU_ASSERT_TRUE(r.include_job_execution_state.value);
    CU_ASSERT_TRUE(r.include_job_document.present && !r.include_job_document.value);
    CU_ASSERT_EQUAL(r.execution_number.value, 1);
    jr_request_free(&r);
}

static void test_force_sources(void)
{
    jr_request r;
    EXPECT_OK(C, "PUT", "/jobs/j1/cancel", NULL, "{\"force\":true}", &r);
    CU_ASSERT_TRUE(r.force.present && r.force.value);
    jr_request_free(&r);
    EXPECT_OK(C, "PUT", "/jobs/j1/cancel", "force=false", "{\"force\":true}", &r); /* query wins */
    CU_ASSERT_TRUE(r.force.present && !r.force.value);
    jr_request_free(&r);
    EXPECT_OK(C, "PUT", "/things/t1/jobs/j1/cancel", NULL, "{\"force\":true}", &r);
    CU_ASSERT_TRUE(r.force.present && r.force.value);
    jr_request_free(&r);
    EXPECT_OK(C, "PUT", "/things/t1/jobs/j1/cancel", "force=true", "{\"force\":false}", &r);
    CU_ASSERT_TRUE(r.force.value);
    jr_request_free(&r);
    EXPECT_OK(C, "PUT", "/jobs/j1/cancel", NULL, "{}", &r);
    CU_ASSERT_FALSE(r.force.present);
    jr_request_free(&r);
    EXPECT_REJECT(C, "PUT", "/jobs/j1/cancel", NULL, "{\"force\":\"true\"}", "force");
    /* repeated query key: the first wins */
    EXPECT_OK(C, "DELETE", "/jobs/j1", "force=true&force=false", NULL, &r);
    CU_ASSERT_TRUE(r.force.value);
    jr_request_free(&r);
    EXPECT_OK(C, "DELETE", "/jobs/j1", "force=false&force=bogus", NULL, &r);
    CU_ASSERT_FALSE(r.force.value);
    jr_request_free(&r);
}

static void test_unroutable(void)
{
    jr_request r;
    jr_error e;
    memset(&r, 0x11, sizeof r);
    CU_ASSERT_EQUAL(dec_f(C, "GET", "/nothing", NULL, NULL, 0, &r, &e), JR_FAIL);
    CU_ASSERT_EQUAL(e.type, JR_ERR_UNKNOWN_OPERATION);
    CU_ASSERT_TRUE(is_zeroed(&r));
    /* operations without body members ignore the body, even garbage */
    EXPECT_OK(C, "GET", "/jobs/j1", NULL, "not json \xff", &r);
    jr_request_free(&r);
}

int main(void)
{
    CU_TestInfo tests[] = {
        {"CreateJob with every member", test_create_job_full},
        {"CreateJob minimal and documentSource forms", test_create_job_minimal_and_source},
        {"job operations", test_job_ops},
        {"execution operations", test_execution_ops},
        {"registry operations", test_registry_ops},
        {"data plane operations", test_data_plane},
        {"force from query and body", test_force_sources},
        {"unroutable and bodiless", test_unroutable},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {{"decode_ops", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
