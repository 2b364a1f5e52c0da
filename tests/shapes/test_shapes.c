/* Unit tests of the response-shape checker (suites/support/jc_shapes.h):
 * hand-made responses, good and bad, decoded by the runner's own decoder and
 * checked against their operation's shape. Every kind of violation is shown
 * to be caught (extra member, wrong type, bad enum, missing required member,
 * timestamps, lengths and patterns on both sides of their limits, lists,
 * maps, error statuses and types), and every good response to pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cu_support.h"
#include "jc_response.h"
#include "jc_shapes.h"

static char why[4096];

/* Checks one response of (plane, method, path); returns the violation count
   and leaves the text in `why`. */
static size_t check(int plane, const char *method, const char *path, int status, const char *headers,
                    const char *body)
{
    jc_response *r = NULL;
    CU_ASSERT_EQUAL_FATAL(jc_response_decode(status, headers, headers ? strlen(headers) : 0, body,
                                             body ? strlen(body) : 0, &r), 0);
    size_t n = jc_shape_check_exchange(plane, method, path, r, why, sizeof why);
    jc_response_free(r);
    return n;
}

#define OK(n) do { size_t n_ = (n); if (n_) fprintf(stderr, "\n  unexpected violation: %s\n", why); CU_ASSERT_EQUAL(n_, 0); } while (0)
#define BAD(n, text) do { size_t n_ = (n); if (!n_ || !strstr(why, text)) fprintf(stderr, "\n  expected \"%s\", got %zu: %s\n", text, n_, why); CU_ASSERT(n_ > 0); CU_ASSERT_PTR_NOT_NULL(strstr(why, text)); } while (0)

static const char *JOB_HDR = "Content-Type: application/json\r\n";

static size_t create_job(const char *body) { return check(0, "PUT", "/jobs/j1", 200, JOB_HDR, body); }
static size_t describe_job(const char *job_members)
{
    static char body[70000];
    snprintf(body, sizeof body, "{\"job\":{%s}}", job_members);
    return check(0, "GET", "/jobs/j1", 200, JOB_HDR, body);
}

static void test_routing(void)
{
    const jc_operation *op = jc_shape_operation(0, "GET", "/things/t1/jobs");
    CU_ASSERT_STRING_EQUAL(jc_shape_operation_name(op), "ListJobExecutionsForThing");
    op = jc_shape_operation(1, "GET", "/things/t1/jobs");
    CU_ASSERT_STRING_EQUAL(jc_shape_operation_name(op), "iot-jobs-data GetPendingJobExecutions");
    CU_ASSERT_STRING_EQUAL(jc_shape_operation_name(jc_shape_operation(1, "PUT", "/things/t1/jobs/$next")),
                           "iot-jobs-data StartNextPendingJobExecution");
    CU_ASSERT_STRING_EQUAL(jc_shape_operation_name(jc_shape_operation(1, "PUT", "/things/t1/jobs/%24next")),
                           "iot-jobs-data StartNextPendingJobExecution");
    CU_ASSERT_PTR_NULL(jc_shape_operation(1, "PUT", "/things/t1/jobs/j1")); /* no such data-plane operation */
    CU_ASSERT_STRING_EQUAL(jc_shape_operation_name(jc_shape_operation(0, "DELETE", "/things/t/jobs/j/executionNumber/3")),
                           "DeleteJobExecution");
    CU_ASSERT_STRING_EQUAL(jc_shape_operation_name(jc_shape_operation(0, "PUT", "/thing-groups/addThingToThingGroup")),
                           "AddThingToThingGroup");
    CU_ASSERT_STRING_EQUAL(jc_shape_operation_name(jc_shape_operation(0, "GET", "/jobs")), "ListJobs");
    CU_ASSERT_PTR_NULL(jc_shape_operation(0, "GET", "/jobs/"));           /* empty label */
    CU_ASSERT_PTR_NULL(jc_shape_operation(0, "POST", "/_jobsref/clock/advance"));
    CU_ASSERT_PTR_NULL(jc_shape_operation(0, "GET", "/jobs/j1/extra/segments"));
    CU_ASSERT_PTR_NULL(jc_shape_operation(0, NULL, "/jobs"));
    /* an unknown route is not checked at all */
    OK(check(0, "GET", "/nowhere", 404, NULL, "{\"anything\":1}"));
}

static void test_good_responses(void)
{
    OK(create_job("{\"jobArn\":\"arn:aws:iot:us-east-1:1:job/j1\",\"jobId\":\"j1\",\"description\":\"d\"}"));
    OK(create_job("{}"));
    OK(describe_job("\"jobId\":\"j1\",\"status\":\"IN_PROGRESS\",\"targetSelection\":\"SNAPSHOT\","
                    "\"targets\":[\"arn:aws:iot:us-east-1:1:thing/t\"],\"createdAt\":1700000000.5,"
                    "\"jobProcessDetails\":{\"numberOfQueuedThings\":1,\"processingTargets\":[]},"
                    "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"action\":\"CANCEL\","
                    "\"thresholdPercentage\":50.5,\"minNumberOfExecutedThings\":1}]},"
                    "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":10}]},"
                    "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/r\",\"expiresInSec\":3600},"
                    "\"documentParameters\":{\"k\":\"v\"},\"isConcurrent\":false,\"forceCanceled\":false,"
                    "\"reasonCode\":\"A_1\",\"comment\":\"c\",\"description\":null"));
    OK(check(1, "GET", "/things/t1/jobs", 200, NULL,
             "{\"inProgressJobs\":[],\"queuedJobs\":[{\"jobId\":\"j\",\"queuedAt\":1700000000,\"versionNumber\":1,"
             "\"executionNumber\":1}]}"));
    OK(check(1, "POST", "/things/t1/jobs/j1", 200, NULL,
             "{\"executionState\":{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"k:1\":\"v\"},\"versionNumber\":3}}"));
    /* an operation with no output shape: the body is not read */
    OK(check(0, "DELETE", "/jobs/j1", 200, NULL, "{\"whatever\":[1,2]}"));
    OK(check(0, "PATCH", "/jobs/j1", 200, NULL, ""));
}

static void test_extra_member(void)
{
    BAD(create_job("{\"jobId\":\"j1\",\"jobid\":\"j1\"}"), "CreateJob: jobid: not a member of CreateJobResponse");
    BAD(describe_job("\"jobId\":\"j1\",\"secret\":true"), "job.secret: not a member of Job");
    BAD(check(1, "GET", "/things/t1/jobs/j1", 200, NULL, "{\"execution\":{\"jobId\":\"j\",\"thingArn\":\"x\"}}"),
        "execution.thingArn: not a member of JobExecution"); /* iot member, not iot-jobs-data */
    /* DescribeThingGroup's fact lists only some members: others are allowed */
    OK(check(0, "GET", "/thing-groups/g", 200, NULL, "{\"thingGroupName\":\"g\",\"indexName\":\"x\"}"));
}

static void test_wrong_type(void)
{
    BAD(create_job("{\"jobId\":17}"), "jobId: a number where JobId (a string) was expected");
    BAD(describe_job("\"forceCanceled\":\"false\""), "job.forceCanceled: a string where a boolean was expected");
    BAD(describe_job("\"targets\":\"arn:aws:iot:us-east-1:1:thing/t\""), "job.targets: a string where JobTargets (an array)");
    BAD(describe_job("\"jobProcessDetails\":{\"numberOfQueuedThings\":1.5}"),
        "job.jobProcessDetails.numberOfQueuedThings: 1.5 is not an integer");
    BAD(describe_job("\"jobProcessDetails\":{\"numberOfQueuedThings\":4294967296}"), "outside the 32-bit range");
    BAD(describe_job("\"jobProcessDetails\":[]"), "job.jobProcessDetails: an array where JobProcessDetails (an object)");
    /* timestamps: numbers on the control plane, integers on the data plane */
    BAD(describe_job("\"createdAt\":\"2023-11-14T22:13:20Z\""), "job.createdAt: a string where a timestamp");
    OK(describe_job("\"createdAt\":1700000000"));
    BAD(check(1, "GET", "/things/t1/jobs/j1", 200, NULL, "{\"execution\":{\"queuedAt\":1700000000.25}}"),
        "execution.queuedAt: 1.7e+09 is not an integer");
    BAD(check(1, "GET", "/things/t1/jobs/j1", 200, NULL, "{\"execution\":{\"startedAt\":\"1700000000\"}}"),
        "execution.startedAt: a string where");
    BAD(check(0, "GET", "/jobs", 200, NULL, "{\"jobs\":[{\"jobId\":\"a\"},null]}"), "jobs[1]: null item");
}

static void test_bad_enum(void)
{
    BAD(describe_job("\"status\":\"SUCCEEDED\""), "job.status: \"SUCCEEDED\" is not a JobStatus");
    BAD(describe_job("\"targetSelection\":\"snapshot\""), "job.targetSelection: \"snapshot\" is not a TargetSelection");
    BAD(check(0, "GET", "/jobs/j/things", 200, NULL,
              "{\"executionSummaries\":[{\"thingArn\":\"a\",\"jobExecutionSummary\":{\"status\":\"SUCCESS\"}}]}"),
        "executionSummaries[0].jobExecutionSummary.status: \"SUCCESS\" is not a JobExecutionStatus");
    BAD(describe_job("\"schedulingConfig\":{\"endBehavior\":\"STOP\"}"), "job.schedulingConfig.endBehavior");
    BAD(describe_job("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"REJECTED\",\"numberOfRetries\":1}]}"),
        "criteriaList[0].failureType: \"REJECTED\" is not a RetryableFailureType");
}

static void test_missing_required(void)
{
    BAD(describe_job("\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"thresholdPercentage\":5,"
                     "\"minNumberOfExecutedThings\":1}]}"),
        "job.abortConfig.criteriaList[0].action: required member of AbortCriteria missing");
    BAD(describe_job("\"abortConfig\":{}"), "job.abortConfig.criteriaList: required member of AbortConfig missing");
    BAD(describe_job("\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1,"
                     "\"incrementFactor\":2,\"rateIncreaseCriteria\":null}}"),
        "exponentialRate.rateIncreaseCriteria: required member of ExponentialRolloutRate missing");
}

static void test_lengths_patterns_ranges(void)
{
    char id[80], body[200];
    memset(id, 'a', 64);
    id[64] = '\0';
    snprintf(body, sizeof body, "{\"jobId\":\"%s\"}", id);
    OK(create_job(body));
    strcat(id, "a");
    snprintf(body, sizeof body, "{\"jobId\":\"%s\"}", id);
    BAD(create_job(body), "jobId: 65 characters, JobId allows at most 64");
    BAD(create_job("{\"jobId\":\"\"}"), "jobId: 0 characters, JobId needs at least 1");
    BAD(create_job("{\"jobId\":\"a.b\"}"), "jobId: character U+002E does not match JobId's pattern");
    BAD(create_job("{\"description\":\"tab\\there\"}"), "description: character U+0009");
    BAD(create_job("{\"description\":\"bad \xff byte\"}"), "description: not valid UTF-8");
    /* lengths count characters, not bytes: 2028 two-byte characters pass */
    static char big[8000];
    strcpy(big, "{\"description\":\"");
    for (int i = 0; i < 2028; i++) strcat(big, "\xc3\xa9");
    strcat(big, "\"}");
    OK(create_job(big));
    big[strlen(big) - 2] = '\0';
    strcat(big, "\xc3\xa9\"}");
    BAD(create_job(big), "2029 characters, JobDescription allows at most 2028");
    BAD(describe_job("\"reasonCode\":\"lower\""), "job.reasonCode: character U+006C");
    BAD(describe_job("\"jobTemplateArn\":\"tmpl\""), "does not match JobTemplateArn's pattern");
    BAD(describe_job("\"targets\":[]"), "job.targets: 0 items, JobTargets needs at least 1");
    OK(describe_job("\"presignedUrlConfig\":{\"expiresInSec\":60}"));
    BAD(describe_job("\"presignedUrlConfig\":{\"expiresInSec\":59}"), "59 is below ExpiresInSec's minimum 60");
    BAD(describe_job("\"presignedUrlConfig\":{\"expiresInSec\":3601}"), "3601 is above ExpiresInSec's maximum 3600");
    BAD(describe_job("\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role\"}"), "19 characters, RoleArn needs at least 20");
    BAD(describe_job("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":11}]}"),
        "11 is above NumberOfRetries's maximum 10");
    BAD(describe_job("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":1},"
                     "{\"failureType\":\"FAILED\",\"numberOfRetries\":1},{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":1}]}"),
        "3 items, RetryCriteriaList allows at most 2");
    BAD(describe_job("\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1,"
                     "\"incrementFactor\":1.0,\"rateIncreaseCriteria\":{}}}"),
        "1 is below IncrementFactor's minimum 1.1");
    BAD(describe_job("\"documentParameters\":{\"bad key\":\"v\"}"), "job.documentParameters{bad key} (key): character U+0020");
    /* data-plane statusDetails values: 1..1024 characters */
    static char dp[2000];
    strcpy(dp, "{\"executionState\":{\"statusDetails\":{\"k\":\"");
    memset(dp + strlen(dp), 'v', 1024);
    dp[42 + 1024] = '\0';
    strcat(dp, "\"}}}");
    OK(check(1, "POST", "/things/t/jobs/j", 200, NULL, dp));
    dp[strlen(dp) - 4] = '\0';
    strcat(dp, "v\"}}}");
    BAD(check(1, "POST", "/things/t/jobs/j", 200, NULL, dp), "executionState.statusDetails{k}: 1025 characters");
}

static void test_errors(void)
{
    const char *h404 = "x-amzn-ErrorType: ResourceNotFoundException:http://internal.amazon.com/\r\n";
    OK(check(0, "GET", "/jobs/j1", 404, h404, "{\"message\":\"no job\"}"));
    BAD(check(0, "GET", "/jobs/j1", 400, h404, "{\"message\":\"no job\"}"),
        "DescribeJob: (error): ResourceNotFoundException comes with HTTP 400, the iot model gives it 404");
    /* ThrottlingException: 400 in iot, 429 in iot-jobs-data */
    OK(check(0, "GET", "/jobs/j1", 400, "x-amzn-ErrorType: ThrottlingException\r\n", "{\"message\":\"slow\"}"));
    OK(check(1, "GET", "/things/t/jobs", 429, "x-amzn-ErrorType: ThrottlingException\r\n", "{\"message\":\"slow\"}"));
    BAD(check(1, "GET", "/things/t/jobs", 400, "x-amzn-ErrorType: ThrottlingException\r\n", "{}"),
        "iot-jobs-data model gives it 429");
    /* the type conveyed by the body alone is fine; by nothing is not */
    OK(check(0, "GET", "/jobs/j1", 404, NULL, "{\"__type\":\"com.amazonaws.iot#ResourceNotFoundException\"}"));
    OK(check(0, "GET", "/jobs/j1", 404, NULL, "{\"code\":\"ResourceNotFoundException\",\"message\":\"m\"}"));
    BAD(check(0, "GET", "/jobs/j1", 404, NULL, "{\"message\":\"no job\"}"), "HTTP 404 names no error type");
    BAD(check(0, "GET", "/jobs/j1", 404, h404, "{\"code\":\"InvalidRequestException\"}"),
        "x-amzn-ErrorType says ResourceNotFoundException but the body says InvalidRequestException");
    BAD(check(0, "GET", "/jobs/j1", 404, "x-amzn-ErrorType: NoSuchJob\r\n", "{}"),
        "NoSuchJob is not an error shape of the iot model");
    BAD(check(1, "GET", "/things/t/jobs/j", 409, "x-amzn-ErrorType: VersionConflictException\r\n", "{}"),
        "VersionConflictException is not an error shape of the iot-jobs-data model");
    BAD(check(0, "GET", "/jobs/j1", 409, "x-amzn-ErrorType: VersionConflictException\r\n", "{}"),
        "VersionConflictException is not among the errors the model lists for DescribeJob");
    /* the one argued exception (jc_shapes.c, EXTRA_ERRORS) */
    OK(check(1, "POST", "/things/t/jobs/j", 409, "x-amzn-ErrorType: VersionConflictException\r\n", "{\"message\":\"v\"}"));
    /* error bodies */
    OK(check(0, "PUT", "/jobs/j1", 409, "x-amzn-ErrorType: ResourceAlreadyExistsException\r\n",
             "{\"message\":\"m\",\"resourceId\":\"j1\",\"resourceArn\":\"arn:aws:iot:us-east-1:1:job/j1\"}"));
    BAD(check(0, "PUT", "/jobs/j1", 400, "x-amzn-ErrorType: InvalidRequestException\r\n",
              "{\"message\":\"m\",\"resourceId\":\"j1\"}"),
        "(error body).resourceId: not a member of InvalidRequestException");
    BAD(check(0, "PUT", "/jobs/j1", 400, "x-amzn-ErrorType: InvalidRequestException\r\n", "{\"message\":7}"),
        "(error body).message: a number where a string was expected");
    BAD(check(0, "PUT", "/jobs/j1", 400, "x-amzn-ErrorType: InvalidRequestException\r\n", "bad request"),
        "(error body): not a JSON object");
    /* a generic 5xx: only the status is read */
    OK(check(0, "GET", "/jobs/j1", 502, NULL, "<html><body>bad gateway</body></html>"));
    OK(check(0, "GET", "/jobs/j1", 503, NULL, ""));
}

static void test_buffer_bounds(void)
{
    jc_response *r = NULL;
    const char *b = "{\"a\":1,\"b\":2,\"c\":3,\"jobId\":5}";
    CU_ASSERT_EQUAL_FATAL(jc_response_decode(200, NULL, 0, b, strlen(b), &r), 0);
    char small[24];
    memset(small, 'x', sizeof small);
    size_t n = jc_shape_check_exchange(0, "PUT", "/jobs/j", r, small, sizeof small);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT(memchr(small, '\0', sizeof small) != NULL);
    CU_ASSERT_EQUAL(jc_shape_check_exchange(0, "PUT", "/jobs/j", r, NULL, 0), 4);
    CU_ASSERT_EQUAL(jc_shape_check(jc_shape_operation(0, "PUT", "/jobs/j"), NULL, NULL, 0), 0);
    jc_response_free(r);
}

int main(void)
{
    CU_TestInfo tests[] = {
        {"routing", test_routing},
        {"good responses pass", test_good_responses},
        {"extra member", test_extra_member},
        {"wrong type, timestamps, integers", test_wrong_type},
        {"bad enum", test_bad_enum},
        {"missing required member", test_missing_required},
        {"lengths, patterns, ranges on both sides", test_lengths_patterns_ranges},
        {"error types, statuses and bodies", test_errors},
        {"bounded output", test_buffer_bounds},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {{"shapes", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
