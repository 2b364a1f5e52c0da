/* decode -> encode -> decode gives an equal request, for every operation and
 * every optional member; and the encoded form is what botocore sends. */
#include "decode_test_support.h"

typedef struct rt {
    jr_plane plane;
    const char *method, *path, *query, *body;
} rt;

#define CJ_ALL                                                                                                 \
    "{\"targets\":[\"" ARN_T1 "\",\"" ARN_G1 "\"],\"document\":\"{\\\"a\\\": [1, 2.5, \\\"\\u00e9\\\"]}\","       \
    "\"description\":\"d \\u00e9 \\ud83d\\ude00\",\"targetSelection\":\"SNAPSHOT\","                             \
    "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/r\",\"expiresInSec\":3600},"           \
    "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1000,\"exponentialRate\":{\"baseRatePerMinute\":7,"     \
    "\"incrementFactor\":1.1,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":9}}},"                          \
    "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"REJECTED\",\"action\":\"CANCEL\","                    \
    "\"thresholdPercentage\":33.33,\"minNumberOfExecutedThings\":2},{\"failureType\":\"TIMED_OUT\","               \
    "\"action\":\"CANCEL\",\"thresholdPercentage\":0.01,\"minNumberOfExecutedThings\":2147483648}]},"              \
    "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10080},"                                                  \
    "\"tags\":[{\"Key\":\"k 1\",\"Value\":\"\"},{\"Key\":\"k2\"}],\"namespaceId\":\"ns\","                         \
    "\"jobTemplateArn\":\"arn:aws:iot:us-east-1:123456789012:jobtemplate/t\","                                   \
    "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":0},"             \
    "{\"failureType\":\"FAILED\",\"numberOfRetries\":10}]},\"documentParameters\":{\"p1\":\"v 1\",\"p2\":\"x\"},"  \
    "\"schedulingConfig\":{\"startTime\":\"2030-01-01T00:00\",\"endTime\":\"2031-01-01T00:00:00+01:00\","         \
    "\"endBehavior\":\"STOP_ROLLOUT\"}}"

static const rt TABLE[] = {
    {C, "PUT", "/jobs/job_1", NULL, CJ_ALL},
    {C, "PUT", "/jobs/j", NULL,
     "{\"targets\":[\"" ARN_T1 "\"],\"documentSource\":\"https://b.s3.us-east-1.amazonaws.com/k%20x?v=1\","
     "\"tags\":[],\"documentParameters\":{},\"schedulingConfig\":{},\"presignedUrlConfig\":{},"
     "\"jobExecutionsRolloutConfig\":{},\"timeoutConfig\":{}}"},
    {C, "GET", "/jobs/j", NULL, NULL},
    {C, "PATCH", "/jobs/j", "namespaceId=n-1",
     "{\"description\":\"x\",\"presignedUrlConfig\":{\"expiresInSec\":60},"
     "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1,\"incrementFactor\":5,"
     "\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":1}}},"
     "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"action\":\"CANCEL\",\"thresholdPercentage\":100,"
     "\"minNumberOfExecutedThings\":1}]},\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1},"
     "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":3}]}}"},
    {C, "PATCH", "/jobs/j", NULL, NULL},
    {C, "DELETE", "/jobs/j", "force=true&namespaceId=n", NULL},
    {C, "DELETE", "/jobs/j", "force=false", NULL},
    {C, "GET", "/jobs",
     "status=DELETION_IN_PROGRESS&targetSelection=CONTINUOUS&maxResults=250&nextToken=a%2Bb%20c%26d%3D"
     "&thingGroupName=g%3A1&thingGroupId=abc-1&namespaceId=n",
     NULL},
    {C, "GET", "/jobs", "nextToken=", NULL},
    {C, "POST", "/jobs/j/targets", "namespaceId=n", "{\"targets\":[\"" ARN_G1 "\"],\"comment\":\"c\"}"},
    {C, "PUT", "/jobs/j/cancel", "force=true", "{\"reasonCode\":\"R\",\"comment\":\"c\"}"},
    {C, "PUT", "/jobs/j/cancel", NULL, "{\"force\":true}"},
    {C, "PUT", "/jobs/j/cancel", NULL, NULL},
    {C, "GET", "/jobs/j/job-document", NULL, NULL},
    {C, "GET", "/jobs/j/things", "status=TIMED_OUT&maxResults=1&nextToken=t", NULL},
    {C, "GET", "/things/a%3Ab/jobs", "status=REMOVED&namespaceId=n&maxResults=2&nextToken=t&jobId=j", NULL},
    {C, "GET", "/things/t/jobs/j", "executionNumber=9223372036854775807", NULL},
    {C, "PUT", "/things/t/jobs/j/cancel", "force=false",
     "{\"expectedVersion\":0,\"statusDetails\":{\"k\":\"v \\u00e9\",\"a:b\":\"c\"}}"},
    {C, "PUT", "/things/t/jobs/j/cancel", NULL, "{\"statusDetails\":{}}"},
    {C, "DELETE", "/things/t/jobs/j/executionNumber/5", "force=true&namespaceId=n", NULL},
    {C, "POST", "/things/t", NULL, "{\"thingTypeName\":\"ty\",\"attributePayload\":{\"attributes\":{\"a\":\"\",\"b\":\"2\"}}}"},
    {C, "POST", "/things/t", NULL, NULL},
    {C, "GET", "/things/t", NULL, NULL},
    {C, "DELETE", "/things/t", "expectedVersion=4", NULL},
    {C, "POST", "/thing-groups/g", NULL, "{\"parentGroupName\":\"p\",\"tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}"},
    {C, "GET", "/thing-groups/g", NULL, NULL},
    {C, "DELETE", "/thing-groups/g", "expectedVersion=0", NULL},
    {C, "PUT", "/thing-groups/addThingToThingGroup", NULL,
     "{\"thingGroupName\":\"g\",\"thingGroupArn\":\"" ARN_G1 "\",\"thingName\":\"t\",\"thingArn\":\"" ARN_T1
     "\",\"overrideDynamicGroups\":false}"},
    {C, "PUT", "/thing-groups/removeThingFromThingGroup", NULL, "{\"thingGroupArn\":\"" ARN_G1 "\",\"thingArn\":\"" ARN_T1 "\"}"},
    {C, "GET", "/thing-groups/g/things", "recursive=false&nextToken=x&maxResults=3", NULL},
    {D, "GET", "/things/t/jobs", NULL, NULL},
    {D, "PUT", "/things/t/jobs/$next", NULL, "{\"statusDetails\":{\"k\":\"v\"},\"stepTimeoutInMinutes\":10080}"},
    {D, "PUT", "/things/t/jobs/%24next", NULL, NULL},
    {D, "GET", "/things/t/jobs/%24next", "includeJobDocument=true&executionNumber=3", NULL},
    {D, "GET", "/things/t/jobs/j", "includeJobDocument=false", NULL},
    {D, "POST", "/things/t/jobs/j", NULL,
     "{\"status\":\"REJECTED\",\"statusDetails\":{\"k\":\"v\"},\"stepTimeoutInMinutes\":-1,\"expectedVersion\":7,"
     "\"includeJobExecutionState\":false,\"includeJobDocument\":true,\"executionNumber\":0}"},
};

static void test_round_trip_table(void)
{
    bool seen[JR_OP_COUNT] = {false};
    for (size_t i = 0; i < sizeof TABLE / sizeof TABLE[0]; i++) {
        const rt *t = &TABLE[i];
        jr_request a, b;
        jr_error e;
        if (dec_f(t->plane, t->method, t->path, t->query, t->body, 0, &a, &e) != JR_OK) {
            fprintf(stderr, "\n    row %zu rejected: %s\n", i, e.message);
            CU_FAIL("table row does not decode");
            continue;
        }
        seen[a.op] = true;
        jr_encoded_request enc;
        CU_ASSERT_EQUAL_FATAL(jr_encode_request(&a, &enc, &e), JR_OK);
        CU_ASSERT_EQUAL(enc.plane, t->plane);
        CU_ASSERT_STRING_EQUAL(enc.method, t->method);
        jr_http_input in = {.plane = enc.plane,
                            .method = enc.method,
                            .path = enc.path,
                            .query = enc.query,
                            .body = (const uint8_t *)enc.body,
                            .body_len = enc.body_len};
        jr_status st = jr_decode_request(&in, 0, &b, &e);
        if (st != JR_OK) fprintf(stderr, "\n    row %zu re-decode: %s\n    %s ?%s %s\n", i, e.message, enc.path, enc.query, enc.body ? enc.body : "");
        CU_ASSERT_EQUAL(st, JR_OK);
        if (st == JR_OK) {
            bool eq = jr_request_equal(&a, &b);
            if (!eq) fprintf(stderr, "\n    row %zu differs: %s ?%s %s\n", i, enc.path, enc.query, enc.body ? enc.body : "");
            CU_ASSERT_TRUE(eq);
            /* encoding is stable */
            jr_encoded_request enc2;
            CU_ASSERT_EQUAL_FATAL(jr_encode_request(&b, &enc2, &e), JR_OK);
            CU_ASSERT_STRING_EQUAL(enc.path, enc2.path);
            CU_ASSERT_STRING_EQUAL(enc.query, enc2.query);
            CU_ASSERT_EQUAL(enc.body == NULL, enc2.body == NULL);
            if (enc.body && enc2.body) CU_ASSERT_STRING_EQUAL(enc.body, enc2.body);
            jr_encoded_request_free(&enc2);
            jr_request_free(&b);
        }
        jr_encoded_request_free(&enc);
        jr_request_free(&a);
    }
    for (int op = 1; op < JR_OP_COUNT; op++) {
        if (!seen[op]) fprintf(stderr, "\n    operation %s not covered\n", jr_op_name((jr_op)op));
        CU_ASSERT_TRUE(seen[op]);
    }
}

static void test_equal_detects_differences(void)
{
    jr_request a, b;
    EXPECT_OK(C, "PUT", "/jobs/j", NULL, CJ_ALL, &a);
    EXPECT_OK(C, "PUT", "/jobs/j", NULL, CJ_ALL, &b);
    CU_ASSERT_TRUE(jr_request_equal(&a, &b));
    b.abort_config.criteria[1].threshold_percentage = 0.02;
    CU_ASSERT_FALSE(jr_request_equal(&a, &b));
    b.abort_config.criteria[1].threshold_percentage = a.abort_config.criteria[1].threshold_percentage;
    b.tags.items[1].value = NULL;
    CU_ASSERT_TRUE(jr_request_equal(&a, &b));
    b.document_parameters.items[0].value[0] = 'X';
    CU_ASSERT_FALSE(jr_request_equal(&a, &b));
    jr_request_free(&b);
    EXPECT_OK(C, "PUT", "/jobs/j", NULL, CJ_ALL, &b);
    b.force.present = true;
    CU_ASSERT_FALSE(jr_request_equal(&a, &b));
    jr_request_free(&b);
    jr_request_free(&a);
    jr_request z1 = {0}, z2 = {0};
    CU_ASSERT_TRUE(jr_request_equal(&z1, &z2));
    z2.plane = JR_PLANE_DATA;
    CU_ASSERT_FALSE(jr_request_equal(&z1, &z2));
}

static void expect_encoding(jr_plane pl, const char *m, const char *path, const char *q, const char *body,
                            const char *epath, const char *equery, const char *ebody)
{
    jr_request r;
    jr_error e;
    jr_encoded_request enc;
    EXPECT_OK(pl, m, path, q, body, &r);
    CU_ASSERT_EQUAL_FATAL(jr_encode_request(&r, &enc, &e), JR_OK);
    CU_ASSERT_STRING_EQUAL(enc.path, epath);
    CU_ASSERT_STRING_EQUAL(enc.query, equery);
    if (ebody) {
        CU_ASSERT_PTR_NOT_NULL(enc.body);
        if (enc.body) CU_ASSERT_STRING_EQUAL(enc.body, ebody);
        if (enc.body) CU_ASSERT_EQUAL(enc.body_len, strlen(ebody));
    } else {
        CU_ASSERT_PTR_NULL(enc.body);
        CU_ASSERT_EQUAL(enc.body_len, 0);
    }
    jr_encoded_request_free(&enc);
    jr_request_free(&r);
}

static void test_wire_form(void)
{
    expect_encoding(C, "PUT", "/jobs/j/cancel", NULL, NULL, "/jobs/j/cancel", "", "{}");
    expect_encoding(C, "PUT", "/jobs/j/cancel", NULL, "{\"force\":true}", "/jobs/j/cancel", "force=true", "{}");
    expect_encoding(C, "GET", "/things/a:b/jobs", "status=QUEUED", NULL, "/things/a%3Ab/jobs", "status=QUEUED", NULL);
    expect_encoding(D, "PUT", "/things/t/jobs/%24next", NULL, NULL, "/things/t/jobs/$next", "", "{}");
    expect_encoding(D, "GET", "/things/t/jobs/$next", "includeJobDocument=true", NULL, "/things/t/jobs/%24next",
                    "includeJobDocument=true", NULL);
    expect_encoding(C, "GET", "/jobs", "nextToken=a+b&maxResults=5", NULL, "/jobs", "maxResults=5&nextToken=a%20b", NULL);
    expect_encoding(C, "DELETE", "/things/t/jobs/j/executionNumber/12", NULL, NULL,
                    "/things/t/jobs/j/executionNumber/12", "", NULL);
    expect_encoding(D, "POST", "/things/t/jobs/j", NULL, "{\"expectedVersion\":2,\"status\":\"SUCCEEDED\"}",
                    "/things/t/jobs/j", "", "{\"status\":\"SUCCEEDED\",\"expectedVersion\":2}");
    expect_encoding(C, "PATCH", "/jobs/j", NULL,
                    "{\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"action\":\"CANCEL\","
                    "\"thresholdPercentage\":12.5,\"minNumberOfExecutedThings\":3}]}}",
                    "/jobs/j", "",
                    "{\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"action\":\"CANCEL\","
                    "\"thresholdPercentage\":12.5,\"minNumberOfExecutedThings\":3}]}}");
}

static void test_encode_errors(void)
{
    jr_request r = {0};
    jr_encoded_request enc;
    jr_error e;
    CU_ASSERT_EQUAL(jr_encode_request(&r, &enc, &e), JR_FAIL);
    CU_ASSERT_NOT_EQUAL(e.type, JR_ERR_NONE);
    CU_ASSERT_PTR_NULL(enc.path);
    jr_encoded_request_free(&enc);
    jr_request_free(&r);
}

int main(void)
{
    CU_TestInfo tests[] = {
        {"decode-encode-decode over every operation", test_round_trip_table},
        {"jr_request_equal sees differences", test_equal_detects_differences},
        {"encoded wire form", test_wire_form},
        {"encoding JR_OP_NONE fails", test_encode_errors},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {{"request_roundtrip", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
