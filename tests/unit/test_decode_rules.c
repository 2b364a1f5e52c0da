/* Every validation rule of the decoder on both sides of its boundary; each
 * rejection checks the error type, the `field` and that *out stays zeroed. */
#include "decode_test_support.h"
#include "validate.h"

/* CreateJob body with a valid target and document plus `extra` members. */
static char *cj(const char *extra)
{
    return fmt("{\"targets\":[\"" ARN_T1 "\"],\"document\":\"{}\"%s%s}", *extra ? "," : "", extra);
}

static void ok_cj(const char *extra, jr_fault_set f)
{
    char *b = cj(extra);
    jr_request r;
    EXPECT_OK_F(C, "PUT", "/jobs/j", NULL, b, f, &r);
    jr_request_free(&r);
    free(b);
}

static void bad_cj(const char *extra, const char *field, jr_fault_set f)
{
    char *b = cj(extra);
    EXPECT_REJECT_F(C, "PUT", "/jobs/j", NULL, b, f, field);
    free(b);
}

static void test_job_id(void)
{
    jr_request r;
    char *id = rep('a', 64);
    char *p = fmt("/jobs/%s", id);
    EXPECT_OK(C, "GET", p, NULL, NULL, &r);
    jr_request_free(&r);
    free(p);
    free(id);
    id = rep('a', 65);
    p = fmt("/jobs/%s", id);
    EXPECT_REJECT(C, "GET", p, NULL, NULL, "jobId");
    EXPECT_OK_F(C, "GET", p, NULL, NULL, JR_FAULT_BIT(JR_FAULT_NO_JOBID_VALIDATION), &r);
    jr_request_free(&r);
    free(p);
    free(id);
    EXPECT_REJECT(C, "PUT", "/jobs//cancel", NULL, NULL, "jobId");
    EXPECT_REJECT_F(C, "PUT", "/jobs//cancel", NULL, NULL, JR_FAULT_BIT(JR_FAULT_NO_JOBID_VALIDATION), "jobId");
    EXPECT_OK_F(C, "GET", "/jobs/a.b", NULL, NULL, JR_FAULT_BIT(JR_FAULT_NO_JOBID_VALIDATION), &r);
    jr_request_free(&r);
    EXPECT_REJECT(C, "GET", "/jobs/a.b", NULL, NULL, "jobId");
    EXPECT_REJECT(C, "GET", "/jobs/..", NULL, NULL, "jobId");
    EXPECT_REJECT(C, "GET", "/jobs/a%20b", NULL, NULL, "jobId");
    EXPECT_REJECT(C, "GET", "/things/t1/jobs", "jobId=bad!", NULL, "jobId");
    EXPECT_OK(C, "GET", "/jobs/A-z_09", NULL, NULL, &r);
    jr_request_free(&r);
    /* data-plane DescribeJobExecution: $next or the pattern */
    EXPECT_REJECT(D, "GET", "/things/t1/jobs/%24nex", NULL, NULL, "jobId");
    EXPECT_REJECT(D, "GET", "/things/t1/jobs/$NEXT", NULL, NULL, "jobId");
    EXPECT_REJECT(D, "POST", "/things/t1/jobs/%24next", NULL, "{\"status\":\"SUCCEEDED\"}", "jobId");
}

static void test_thing_names(void)
{
    jr_request r;
    char *n = rep('t', 128);
    char *p = fmt("/things/%s", n);
    EXPECT_OK(C, "GET", p, NULL, NULL, &r);
    jr_request_free(&r);
    free(p);
    free(n);
    n = rep('t', 129);
    p = fmt("/things/%s/jobs", n);
    EXPECT_REJECT(C, "GET", p, NULL, NULL, "thingName");
    EXPECT_REJECT(D, "GET", p, NULL, NULL, "thingName");
    free(p);
    p = fmt("/thing-groups/%s", n);
    EXPECT_REJECT(C, "GET", p, NULL, NULL, "thingGroupName");
    free(p);
    free(n);
    EXPECT_REJECT(C, "GET", "/things/a%2Fb", NULL, NULL, "thingName");
    EXPECT_REJECT(C, "POST", "/things/t1", NULL, "{\"thingTypeName\":\"a b\"}", "thingTypeName");
    EXPECT_REJECT(C, "POST", "/thing-groups/g1", NULL, "{\"parentGroupName\":\"\"}", "parentGroupName");
    EXPECT_REJECT(C, "GET", "/jobs", "thingGroupName=a%2Cb", NULL, "thingGroupName");
    EXPECT_REJECT(C, "GET", "/jobs", "thingGroupId=a_b", NULL, "thingGroupId");
    EXPECT_REJECT(C, "GET", "/jobs", "thingGroupId=", NULL, "thingGroupId");
    EXPECT_REJECT(C, "GET", "/jobs", "namespaceId=a:b", NULL, "namespaceId");
    EXPECT_REJECT(C, "DELETE", "/jobs/j", "namespaceId=", NULL, "namespaceId");
}

static void test_document(void)
{
    char *body;
    jr_request r;
    /* a JSON string document of exactly n characters: quotes + n-2 letters */
    char *fill = rep('a', 32766);
    body = fmt("{\"targets\":[\"" ARN_T1 "\"],\"document\":\"\\\"%s\\\"\"}", fill);
    EXPECT_OK(C, "PUT", "/jobs/j", NULL, body, &r);
    CU_ASSERT_EQUAL(strlen(r.document), 32768);
    jr_request_free(&r);
    free(body);
    free(fill);
    fill = rep('a', 32767);
    body = fmt("{\"targets\":[\"" ARN_T1 "\"],\"document\":\"\\\"%s\\\"\"}", fill);
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, body, "document");
    EXPECT_OK_F(C, "PUT", "/jobs/j", NULL, body, JR_FAULT_BIT(JR_FAULT_NO_DOCUMENT_LIMIT), &r);
    jr_request_free(&r);
    free(body);
    free(fill);
    /* length is in characters, not bytes: 32766 two-byte letters fit */
    size_t n = 32766;
    fill = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) memcpy(fill + 2 * i, "\xc3\xa9", 2);
    fill[2 * n] = '\0';
    body = fmt("{\"targets\":[\"" ARN_T1 "\"],\"document\":\"\\\"%s\\\"\"}", fill);
    EXPECT_OK(C, "PUT", "/jobs/j", NULL, body, &r);
    jr_request_free(&r);
    free(body);
    free(fill);

    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, "{\"targets\":[\"" ARN_T1 "\"],\"document\":\"{\"}", "document");
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, "{\"targets\":[\"" ARN_T1 "\"],\"document\":\"\"}", "document");
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, "{\"targets\":[\"" ARN_T1 "\"],\"document\":\"{} x\"}", "document");
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, "{\"targets\":[\"" ARN_T1 "\"],\"document\":{}}", "document");
    ok_cj("\"description\":\"x\"", 0);
    EXPECT_OK(C, "PUT", "/jobs/j", NULL, "{\"targets\":[\"" ARN_T1 "\"],\"document\":\" [1, \\\"x\\\"] \"}", &r);
    jr_request_free(&r);
    /* both / neither */
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL,
                  "{\"targets\":[\"" ARN_T1 "\"],\"document\":\"{}\",\"documentSource\":\"https://s3.amazonaws.com/b/k\"}",
                  "document");
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, "{\"targets\":[\"" ARN_T1 "\"]}", "document");
}

static void test_document_source(void)
{
    const char *prefix = "https://s3.amazonaws.com/b/";
    jr_request r;
    char *k = rep('k', 1350 - strlen(prefix));
    char *b = fmt("{\"targets\":[\"" ARN_T1 "\"],\"documentSource\":\"%s%s\"}", prefix, k);
    EXPECT_OK(C, "PUT", "/jobs/j", NULL, b, &r);
    jr_request_free(&r);
    free(b);
    free(k);
    k = rep('k', 1351 - strlen(prefix));
    b = fmt("{\"targets\":[\"" ARN_T1 "\"],\"documentSource\":\"%s%s\"}", prefix, k);
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, b, "documentSource");
    free(b);
    free(k);
    const char *bad[] = {"http://s3.amazonaws.com/b/k", "https://example.com/b/k", "https://s3.amazonaws.com/b",
                         "https://s3.amazonaws.com/b/", "https://bucket.s3.amazonaws.com/", "https://s3.amazonaws.com.evil/b/k",
                         "https://s3.amazonaws.com/b/k k", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        b = fmt("{\"targets\":[\"" ARN_T1 "\"],\"documentSource\":\"%s\"}", bad[i]);
        EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, b, "documentSource");
        free(b);
    }
}

static void test_text_members(void)
{
    char *s = rep('d', 2028);
    char *m = fmt("\"description\":\"%s\"", s);
    ok_cj(m, 0);
    free(m);
    free(s);
    s = rep('d', 2029);
    m = fmt("\"description\":\"%s\"", s);
    bad_cj(m, "description", 0);
    free(m);
    free(s);
    bad_cj("\"description\":\"a\\u0007b\"", "description", 0);
    bad_cj("\"description\":\"a\\nb\"", "description", 0);
    bad_cj("\"description\":\"a\\u200bb\"", "description", 0);   /* Cf */
    bad_cj("\"description\":\"a\xc2\xad" "b\"", "description", 0); /* U+00AD raw */
    bad_cj("\"description\":\"\\ue000\"", "description", 0);      /* private use */
    bad_cj("\"description\":\"\\uffff\"", "description", 0);      /* noncharacter */
    bad_cj("\"description\":\"\xc2\x85\"", "description", 0);     /* C1 control */
    bad_cj("\"description\":\"\"", "description", 0);
    bad_cj("\"description\":5", "description", 0);
    ok_cj("\"description\":\"caf\xc3\xa9 \xf0\x9f\x98\x80 \\u00e9\"", 0);

    jr_request r;
    s = rep('C', 128);
    m = fmt("{\"reasonCode\":\"%s\"}", s);
    EXPECT_OK(C, "PUT", "/jobs/j/cancel", NULL, m, &r);
    jr_request_free(&r);
    free(m);
    free(s);
    s = rep('C', 129);
    m = fmt("{\"reasonCode\":\"%s\"}", s);
    EXPECT_REJECT(C, "PUT", "/jobs/j/cancel", NULL, m, "reasonCode");
    free(m);
    free(s);
    EXPECT_REJECT(C, "PUT", "/jobs/j/cancel", NULL, "{\"reasonCode\":\"lower\"}", "reasonCode");
    EXPECT_REJECT(C, "PUT", "/jobs/j/cancel", NULL, "{\"reasonCode\":\"\"}", "reasonCode");
    s = rep('c', 2028);
    m = fmt("{\"comment\":\"%s\"}", s);
    EXPECT_OK(C, "PUT", "/jobs/j/cancel", NULL, m, &r);
    jr_request_free(&r);
    free(m);
    free(s);
    s = rep('c', 2029);
    m = fmt("{\"comment\":\"%s\"}", s);
    EXPECT_REJECT(C, "PUT", "/jobs/j/cancel", NULL, m, "comment");
    free(m);
    free(s);
    EXPECT_REJECT(C, "PUT", "/jobs/j/cancel", NULL, "{\"comment\":\"\\t\"}", "comment");

    s = rep('a', 1596);
    m = fmt("\"jobTemplateArn\":\"arn:%s\"", s);
    ok_cj(m, 0);
    free(m);
    free(s);
    s = rep('a', 1597);
    m = fmt("\"jobTemplateArn\":\"arn:%s\"", s);
    bad_cj(m, "jobTemplateArn", 0);
    free(m);
    free(s);
    bad_cj("\"jobTemplateArn\":\"arn:a b\"", "jobTemplateArn", 0);
    bad_cj("\"jobTemplateArn\":\"arm:x\"", "jobTemplateArn", 0);
    bad_cj("\"namespaceId\":\"a b\"", "namespaceId", 0);
    bad_cj("\"targetSelection\":\"snapshot\"", "targetSelection", 0);
}

static void test_max_results(void)
{
    jr_request r;
    EXPECT_REJECT(C, "GET", "/jobs", "maxResults=0", NULL, "maxResults");
    EXPECT_OK(C, "GET", "/jobs", "maxResults=1", NULL, &r);
    jr_request_free(&r);
    EXPECT_OK(C, "GET", "/jobs/j/things", "maxResults=250", NULL, &r);
    jr_request_free(&r);
    EXPECT_REJECT(C, "GET", "/things/t/jobs", "maxResults=251", NULL, "maxResults");
    EXPECT_REJECT(C, "GET", "/thing-groups/g/things", "maxResults=251", NULL, "maxResults");
    EXPECT_REJECT(C, "GET", "/jobs", "maxResults=abc", NULL, "maxResults");
    EXPECT_REJECT(C, "GET", "/jobs", "maxResults=", NULL, "maxResults");
    EXPECT_REJECT(C, "GET", "/jobs", "maxResults=1.0", NULL, "maxResults");
    EXPECT_REJECT(C, "GET", "/jobs", "maxResults=9223372036854775808", NULL, "maxResults");
    jr_fault_set f = JR_FAULT_BIT(JR_FAULT_NO_MAX_RESULTS_CHECK);
    EXPECT_OK_F(C, "GET", "/jobs", "maxResults=251", NULL, f, &r);
    CU_ASSERT_EQUAL(r.max_results.value, 251); /* passed through, not clamped */
    jr_request_free(&r);
    EXPECT_OK_F(C, "GET", "/jobs", "maxResults=0", NULL, f, &r);
    CU_ASSERT_EQUAL(r.max_results.value, 0);
    jr_request_free(&r);
    EXPECT_REJECT_F(C, "GET", "/jobs", "maxResults=abc", NULL, f, "maxResults");
}

static void test_presigned(void)
{
    const char *role19 = "arn:aws:iam::1:role";   /* 19 characters */
    const char *role20 = "arn:aws:iam::12:role"; /* 20 characters */
    CU_ASSERT_EQUAL(strlen(role19), 19);
    CU_ASSERT_EQUAL(strlen(role20), 20);
    char *m = fmt("\"presignedUrlConfig\":{\"roleArn\":\"%s\"}", role19);
    bad_cj(m, "presignedUrlConfig.roleArn", 0);
    free(m);
    m = fmt("\"presignedUrlConfig\":{\"roleArn\":\"%s\"}", role20);
    ok_cj(m, 0);
    free(m);
    bad_cj("\"presignedUrlConfig\":{\"expiresInSec\":59}", "presignedUrlConfig.expiresInSec", 0);
    ok_cj("\"presignedUrlConfig\":{\"expiresInSec\":60}", 0);
    ok_cj("\"presignedUrlConfig\":{\"expiresInSec\":3600}", 0);
    bad_cj("\"presignedUrlConfig\":{\"expiresInSec\":3601}", "presignedUrlConfig.expiresInSec", 0);
    bad_cj("\"presignedUrlConfig\":{\"expiresInSec\":60.5}", "presignedUrlConfig.expiresInSec", 0);
    bad_cj("\"presignedUrlConfig\":[]", "presignedUrlConfig", 0);
    ok_cj("\"presignedUrlConfig\":{\"expiresInSec\":1}", JR_FAULT_BIT(JR_FAULT_NO_CONFIG_RANGE_CHECK));
}

#define ER(inner)                                                                                              \
    "\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{" inner "}}"
#define ER_OK_CRIT "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}"

static void test_rollout(void)
{
    const char *F = "jobExecutionsRolloutConfig.exponentialRate.baseRatePerMinute";
    bad_cj(ER("\"baseRatePerMinute\":0,\"incrementFactor\":2," ER_OK_CRIT), F, 0);
    ok_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":2," ER_OK_CRIT), 0);
    ok_cj(ER("\"baseRatePerMinute\":1000,\"incrementFactor\":2," ER_OK_CRIT), 0);
    bad_cj(ER("\"baseRatePerMinute\":1001,\"incrementFactor\":2," ER_OK_CRIT), F, 0);
    F = "jobExecutionsRolloutConfig.exponentialRate.incrementFactor";
    bad_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":1.0," ER_OK_CRIT), F, 0);
    ok_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":1.1," ER_OK_CRIT), 0);
    ok_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":5.0," ER_OK_CRIT), 0);
    bad_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":5.1," ER_OK_CRIT), F, 0);
    bad_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":1.25," ER_OK_CRIT), F, 0);
    bad_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":\"2\"," ER_OK_CRIT), F, 0);
    bad_cj(ER("\"baseRatePerMinute\":1," ER_OK_CRIT), F, 0);
    F = "jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria";
    bad_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":2"), F, 0);
    bad_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":2,\"rateIncreaseCriteria\":{}"), F, 0);
    bad_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1,"
              "\"numberOfSucceededThings\":1}"),
           F, 0);
    bad_cj(ER("\"baseRatePerMinute\":1,\"incrementFactor\":2,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":0}"),
           "jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfSucceededThings", 0);
    bad_cj("\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":0}", "jobExecutionsRolloutConfig.maximumPerMinute", 0);
    ok_cj("\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}", 0);
    ok_cj("\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1000}", 0);
    bad_cj("\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1001}", "jobExecutionsRolloutConfig.maximumPerMinute", 0);
    jr_fault_set f = JR_FAULT_BIT(JR_FAULT_NO_CONFIG_RANGE_CHECK);
    ok_cj("\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":0}", f);
    ok_cj(ER("\"baseRatePerMinute\":5000,\"incrementFactor\":9," ER_OK_CRIT), f);
}

#define AB(t, m) "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"action\":\"CANCEL\",\"thresholdPercentage\":" t ",\"minNumberOfExecutedThings\":" m "}]}"

static void test_abort(void)
{
    const char *F = "abortConfig.criteriaList[0].thresholdPercentage";
    bad_cj(AB("0", "1"), F, 0);
    ok_cj(AB("0.01", "1"), 0);
    ok_cj(AB("100", "1"), 0);
    bad_cj(AB("100.01", "1"), F, 0);
    bad_cj(AB("12.345", "1"), F, 0);
    ok_cj(AB("12.34", "1"), 0);
    bad_cj(AB("0", "1"), F, 0);
    bad_cj(AB("50", "0"), "abortConfig.criteriaList[0].minNumberOfExecutedThings", 0);
    ok_cj(AB("50", "1"), 0);
    ok_cj(AB("0", "0"), JR_FAULT_BIT(JR_FAULT_NO_CONFIG_RANGE_CHECK));
    bad_cj("\"abortConfig\":{\"criteriaList\":[]}", "abortConfig.criteriaList", 0);
    bad_cj("\"abortConfig\":{}", "abortConfig.criteriaList", 0);
    bad_cj("\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"action\":\"STOP\",\"thresholdPercentage\":1,"
           "\"minNumberOfExecutedThings\":1}]}",
           "abortConfig.criteriaList[0].action", 0);
    bad_cj("\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"SUCCEEDED\",\"action\":\"CANCEL\","
           "\"thresholdPercentage\":1,\"minNumberOfExecutedThings\":1}]}",
           "abortConfig.criteriaList[0].failureType", 0);
    bad_cj("\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"action\":\"CANCEL\","
           "\"thresholdPercentage\":1}]}",
           "abortConfig.criteriaList[0].minNumberOfExecutedThings", 0);
    bad_cj("\"abortConfig\":{\"criteriaList\":[1]}", "abortConfig.criteriaList[0]", 0);
}

static void test_timeout_retry(void)
{
    const char *F = "timeoutConfig.inProgressTimeoutInMinutes";
    bad_cj("\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":0}", F, 0);
    ok_cj("\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1}", 0);
    ok_cj("\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10080}", 0);
    bad_cj("\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10081}", F, 0);
    ok_cj("\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":0}", JR_FAULT_BIT(JR_FAULT_NO_CONFIG_RANGE_CHECK));
    ok_cj("\"timeoutConfig\":{}", 0);

    F = "jobExecutionsRetryConfig.criteriaList";
    bad_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[]}", F, 0);
    ok_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1}]}", 0);
    ok_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1},"
          "{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":2}]}",
          0);
    bad_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1},"
           "{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":2},{\"failureType\":\"ALL\",\"numberOfRetries\":2}]}",
           F, 0);
    bad_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":1},"
           "{\"failureType\":\"ALL\",\"numberOfRetries\":2}]}",
           "jobExecutionsRetryConfig.criteriaList[1].failureType", 0);
    bad_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"REJECTED\",\"numberOfRetries\":1}]}",
           "jobExecutionsRetryConfig.criteriaList[0].failureType", 0);
    F = "jobExecutionsRetryConfig.criteriaList[0].numberOfRetries";
    bad_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":-1}]}", F, 0);
    ok_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":0}]}", 0);
    ok_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":10}]}", 0);
    bad_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":11}]}", F, 0);
    ok_cj("\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"numberOfRetries\":11}]}",
          JR_FAULT_BIT(JR_FAULT_NO_CONFIG_RANGE_CHECK));
}

static void test_scheduling_params_tags(void)
{
    ok_cj("\"schedulingConfig\":{\"startTime\":\"2030-01-01T10:30:00Z\",\"endBehavior\":\"FORCE_CANCEL\"}", 0);
    bad_cj("\"schedulingConfig\":{\"startTime\":\"tomorrow\"}", "schedulingConfig.startTime", 0);
    bad_cj("\"schedulingConfig\":{\"endTime\":\"\"}", "schedulingConfig.endTime", 0);
    char *s = rep('0', 60);
    char *m = fmt("\"schedulingConfig\":{\"startTime\":\"2030-01-01T10:30:00.%sZ\"}", s); /* 81 chars */
    bad_cj(m, "schedulingConfig.startTime", 0);
    free(m);
    free(s);
    bad_cj("\"schedulingConfig\":{\"endBehavior\":\"STOP\"}", "schedulingConfig.endBehavior", 0);

    s = rep('k', 128);
    m = fmt("\"documentParameters\":{\"%s\":\"v\"}", s);
    ok_cj(m, 0);
    free(m);
    free(s);
    s = rep('k', 129);
    m = fmt("\"documentParameters\":{\"%s\":\"v\"}", s);
    bad_cj(m, "documentParameters", 0);
    free(m);
    free(s);
    s = rep('v', 512);
    m = fmt("\"documentParameters\":{\"k\":\"%s\"}", s);
    ok_cj(m, 0);
    free(m);
    free(s);
    s = rep('v', 513);
    m = fmt("\"documentParameters\":{\"k\":\"%s\"}", s);
    bad_cj(m, "documentParameters", 0);
    free(m);
    free(s);
    bad_cj("\"documentParameters\":{\"k\":\"\"}", "documentParameters", 0);
    bad_cj("\"documentParameters\":{\"k\":\"\\u0001\"}", "documentParameters", 0);
    bad_cj("\"documentParameters\":{\"k:1\":\"v\"}", "documentParameters", 0);
    bad_cj("\"documentParameters\":{\"k\":1}", "documentParameters", 0);

    s = rep('k', 128);
    m = fmt("\"tags\":[{\"Key\":\"%s\",\"Value\":\"\"}]", s);
    ok_cj(m, 0);
    free(m);
    free(s);
    s = rep('k', 129);
    m = fmt("\"tags\":[{\"Key\":\"%s\"}]", s);
    bad_cj(m, "tags[0].Key", 0);
    free(m);
    free(s);
    s = rep('v', 256);
    m = fmt("\"tags\":[{\"Key\":\"k\",\"Value\":\"%s\"}]", s);
    ok_cj(m, 0);
    free(m);
    free(s);
    s = rep('v', 257);
    m = fmt("\"tags\":[{\"Key\":\"k\"},{\"Key\":\"k\",\"Value\":\"%s\"}]", s);
    bad_cj(m, "tags[1].Value", 0);
    free(m);
    free(s);
    bad_cj("\"tags\":[{\"Value\":\"v\"}]", "tags[0].Key", 0);
    bad_cj("\"tags\":[{\"Key\":\"\"}]", "tags[0].Key", 0);
    bad_cj("\"tags\":[{\"Key\":\"a#b\"}]", "tags[0].Key", 0);
    bad_cj("\"tags\":{}", "tags", 0);
}

static void test_targets(void)
{
    jr_request r;
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, "{\"targets\":[],\"document\":\"{}\"}", "targets");
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, "{\"document\":\"{}\"}", "targets");
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL, "{\"targets\":\"" ARN_T1 "\",\"document\":\"{}\"}", "targets");
    EXPECT_REJECT(C, "PUT", "/jobs/j", NULL,
                  "{\"targets\":[\"" ARN_T1 "\",\"" ARN_G1 "\",7],\"document\":\"{}\"}", "targets[2]");
    EXPECT_REJECT(C, "POST", "/jobs/j/targets", NULL, "{\"targets\":[\"t1\"]}", "targets[0]");
    EXPECT_REJECT(C, "POST", "/jobs/j/targets", NULL, "{}", "targets");
    const char *bad[] = {"arn:aws:iot:us-east-1:12345678901:thing/t1", "arn:aws:iot:us-east-1:123456789012:thing/",
                         "arn:aws:iot:us-east-1:123456789012:job/j1", "arn:aws:s3:us-east-1:123456789012:thing/t1",
                         "arn:awz:iot:us-east-1:123456789012:thing/t1", "arn:aws:iot::123456789012:thing/t1",
                         "arn:aws:iot:us-east-1:123456789012:thing/a b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *b = fmt("{\"targets\":[\"%s\"]}", bad[i]);
        EXPECT_REJECT(C, "POST", "/jobs/j/targets", NULL, b, "targets[0]");
        free(b);
    }
    EXPECT_OK(C, "POST", "/jobs/j/targets", NULL,
              "{\"targets\":[\"arn:aws-cn:iot:cn-north-1:123456789012:thing/a:b\","
              "\"arn:aws-us-gov:iot:us-gov-west-1:123456789012:thinggroup/g_1\"]}",
              &r);
    jr_request_free(&r);
    /* the longest valid ARN (name of 128) is accepted; 2049 characters are
     * rejected for length (a 2048-character ARN cannot have a valid name). */
    char *name = rep('n', 128);
    char *b = fmt("{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/%s\"]}", name);
    EXPECT_OK(C, "POST", "/jobs/j/targets", NULL, b, &r);
    jr_request_free(&r);
    free(b);
    free(name);
    name = rep('n', 129);
    b = fmt("{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/%s\"]}", name);
    EXPECT_REJECT(C, "POST", "/jobs/j/targets", NULL, b, "targets[0]");
    free(b);
    free(name);
    const char *pre = "arn:aws:iot:us-east-1:123456789012:thing/";
    name = rep('n', 2049 - strlen(pre));
    b = fmt("{\"targets\":[\"%s%s\"]}", pre, name);
    jr_error e;
    CU_ASSERT_EQUAL(dec_f(C, "POST", "/jobs/j/targets", NULL, b, 0, &r, &e), JR_FAIL);
    CU_ASSERT_STRING_EQUAL(e.field, "targets[0]");
    CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "2049 exceeds 2048"));
    free(b);
    free(name);
    name = rep('n', 2048 - strlen(pre));
    b = fmt("{\"targets\":[\"%s%s\"]}", pre, name);
    CU_ASSERT_EQUAL(dec_f(C, "POST", "/jobs/j/targets", NULL, b, 0, &r, &e), JR_FAIL);
    CU_ASSERT_PTR_NULL(strstr(e.message, "exceeds")); /* rejected for the name, not the length */
    free(b);
    free(name);
}

static void status_details_case(jr_plane pl, const char *m, const char *path, const char *extra)
{
    jr_request r;
    char *b;
    /* 10 entries ok, 11 rejected */
    char *ten = fmt("{%s\"statusDetails\":{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\",\"d\":\"1\",\"e\":\"1\",\"f\":\"1\","
                    "\"g\":\"1\",\"h\":\"1\",\"i\":\"1\",\"j\":\"1\"}}",
                    extra);
    EXPECT_OK(pl, m, path, NULL, ten, &r);
    CU_ASSERT_EQUAL(r.status_details.count, 10);
    jr_request_free(&r);
    free(ten);
    b = fmt("{%s\"statusDetails\":{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\",\"d\":\"1\",\"e\":\"1\",\"f\":\"1\","
            "\"g\":\"1\",\"h\":\"1\",\"i\":\"1\",\"j\":\"1\",\"k\":\"1\"}}",
            extra);
    EXPECT_REJECT(pl, m, path, NULL, b, "statusDetails");
    free(b);
    char *k = rep('k', 128);
    b = fmt("{%s\"statusDetails\":{\"%s\":\"v\"}}", extra, k);
    EXPECT_OK(pl, m, path, NULL, b, &r);
    jr_request_free(&r);
    free(b);
    free(k);
    k = rep('k', 129);
    b = fmt("{%s\"statusDetails\":{\"%s\":\"v\"}}", extra, k);
    EXPECT_REJECT(pl, m, path, NULL, b, "statusDetails");
    free(b);
    free(k);
    b = fmt("{%s\"statusDetails\":{\"k\":\"\"}}", extra);
    EXPECT_REJECT(pl, m, path, NULL, b, "statusDetails");
    free(b);
    b = fmt("{%s\"statusDetails\":{\"k\":1}}", extra);
    EXPECT_REJECT(pl, m, path, NULL, b, "statusDetails");
    free(b);
    b = fmt("{%s\"statusDetails\":{\"k k\":\"v\"}}", extra);
    EXPECT_REJECT(pl, m, path, NULL, b, "statusDetails");
    free(b);
    b = fmt("{%s\"statusDetails\":{\"k\":\"a\\u0000\"}}", extra);
    EXPECT_REJECT(pl, m, path, NULL, b, "body");
    free(b);
    b = fmt("{%s\"statusDetails\":{\"k\":\"\\u001f\"}}", extra);
    EXPECT_REJECT(pl, m, path, NULL, b, "statusDetails");
    free(b);
    b = fmt("{%s\"statusDetails\":[]}", extra);
    EXPECT_REJECT(pl, m, path, NULL, b, "statusDetails");
    free(b);
    /* data plane values 1..1024; control plane has no max */
    char *v = rep('v', 1024);
    b = fmt("{%s\"statusDetails\":{\"k\":\"%s\"}}", extra, v);
    EXPECT_OK(pl, m, path, NULL, b, &r);
    jr_request_free(&r);
    free(b);
    free(v);
    v = rep('v', 1025);
    b = fmt("{%s\"statusDetails\":{\"k\":\"%s\"}}", extra, v);
    if (pl == JR_PLANE_DATA) {
        EXPECT_REJECT(pl, m, path, NULL, b, "statusDetails");
    } else {
        EXPECT_OK(pl, m, path, NULL, b, &r);
        jr_request_free(&r);
    }
    free(b);
    free(v);
}

static void test_status_details(void)
{
    status_details_case(C, "PUT", "/things/t/jobs/j/cancel", "");
    status_details_case(D, "PUT", "/things/t/jobs/$next", "");
    status_details_case(D, "POST", "/things/t/jobs/j", "\"status\":\"IN_PROGRESS\",");
}

static void test_execution_numbers(void)
{
    jr_request r;
    const char *steps_ok[] = {"-1", "1", "10080"};
    const char *steps_bad[] = {"0", "10081", "-2", "1.5", "\"5\""};
    for (size_t i = 0; i < 3; i++) {
        char *b = fmt("{\"stepTimeoutInMinutes\":%s}", steps_ok[i]);
        EXPECT_OK(D, "PUT", "/things/t/jobs/$next", NULL, b, &r);
        jr_request_free(&r);
        free(b);
        b = fmt("{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":%s}", steps_ok[i]);
        EXPECT_OK(D, "POST", "/things/t/jobs/j", NULL, b, &r);
        jr_request_free(&r);
        free(b);
    }
    for (size_t i = 0; i < 5; i++) {
        char *b = fmt("{\"stepTimeoutInMinutes\":%s}", steps_bad[i]);
        EXPECT_REJECT(D, "PUT", "/things/t/jobs/$next", NULL, b, "stepTimeoutInMinutes");
        free(b);
    }
    EXPECT_REJECT(D, "POST", "/things/t/jobs/j", NULL, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":-1}",
                  "expectedVersion");
    EXPECT_OK(D, "POST", "/things/t/jobs/j", NULL, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":0}", &r);
    jr_request_free(&r);
    EXPECT_REJECT(C, "PUT", "/things/t/jobs/j/cancel", NULL, "{\"expectedVersion\":-1}", "expectedVersion");
    EXPECT_REJECT(C, "PUT", "/things/t/jobs/j/cancel", NULL, "{\"expectedVersion\":\"1\"}", "expectedVersion");
    EXPECT_REJECT(C, "PUT", "/things/t/jobs/j/cancel", NULL, "{\"expectedVersion\":1e19}", "expectedVersion");
    EXPECT_REJECT(D, "POST", "/things/t/jobs/j", NULL, "{\"status\":\"IN_PROGRESS\",\"executionNumber\":-1}",
                  "executionNumber");
    EXPECT_REJECT(D, "POST", "/things/t/jobs/j", NULL, "{\"status\":\"IN_PROGRESS\",\"includeJobDocument\":1}",
                  "includeJobDocument");
    EXPECT_REJECT(C, "DELETE", "/things/t/jobs/j/executionNumber/abc", NULL, NULL, "executionNumber");
    EXPECT_REJECT(C, "DELETE", "/things/t/jobs/j/executionNumber/-1", NULL, NULL, "executionNumber");
    EXPECT_REJECT(C, "DELETE", "/things/t/jobs/j/executionNumber/99999999999999999999", NULL, NULL, "executionNumber");
    EXPECT_REJECT(C, "DELETE", "/things/t/jobs/j/executionNumber/1%2E0", NULL, NULL, "executionNumber");
    EXPECT_OK(C, "DELETE", "/things/t/jobs/j/executionNumber/0", NULL, NULL, &r);
    jr_request_free(&r);
    EXPECT_REJECT(C, "GET", "/things/t/jobs/j", "executionNumber=-1", NULL, "executionNumber");
    EXPECT_REJECT(D, "GET", "/things/t/jobs/j", "executionNumber=x", NULL, "executionNumber");
    EXPECT_REJECT(C, "DELETE", "/things/t", "expectedVersion=-3", NULL, "expectedVersion");
    EXPECT_REJECT(C, "DELETE", "/thing-groups/g", "expectedVersion=a", NULL, "expectedVersion");
    EXPECT_REJECT(C, "GET", "/jobs", "maxResults=-0", NULL, "maxResults"); /* -0 is 0: out of range */
}

static void test_update_execution_status(void)
{
    EXPECT_REJECT(D, "POST", "/things/t/jobs/j", NULL, "{}", "status");
    EXPECT_REJECT(D, "POST", "/things/t/jobs/j", NULL, NULL, "status");
    EXPECT_REJECT(D, "POST", "/things/t/jobs/j", NULL, "{\"status\":\"SUCCESS\"}", "status");
    EXPECT_REJECT(D, "POST", "/things/t/jobs/j", NULL, "{\"status\":3}", "status");
    EXPECT_REJECT(C, "GET", "/jobs", "status=SUCCEEDED", NULL, "status"); /* not a job status */
    EXPECT_REJECT(C, "GET", "/jobs/j/things", "status=COMPLETED", NULL, "status");
    EXPECT_REJECT(C, "GET", "/things/t/jobs", "status=queued", NULL, "status");
    EXPECT_REJECT(C, "GET", "/jobs", "targetSelection=BOTH", NULL, "targetSelection");
}

static void test_group_membership(void)
{
    EXPECT_REJECT(C, "PUT", "/thing-groups/addThingToThingGroup", NULL, "{\"thingName\":\"t\"}", "thingGroupName");
    EXPECT_REJECT(C, "PUT", "/thing-groups/addThingToThingGroup", NULL, "{\"thingGroupName\":\"g\"}", "thingName");
    EXPECT_REJECT(C, "PUT", "/thing-groups/removeThingFromThingGroup", NULL,
                  "{\"thingGroupName\":\"g\",\"thingArn\":\"" ARN_G1 "\"}", "thingArn");
    EXPECT_REJECT(C, "PUT", "/thing-groups/removeThingFromThingGroup", NULL,
                  "{\"thingGroupArn\":\"" ARN_T1 "\",\"thingName\":\"t\"}", "thingGroupArn");
    EXPECT_REJECT(C, "PUT", "/thing-groups/addThingToThingGroup", NULL,
                  "{\"thingGroupName\":\"g g\",\"thingName\":\"t\"}", "thingGroupName");
    EXPECT_REJECT(C, "PUT", "/thing-groups/addThingToThingGroup", NULL,
                  "{\"thingGroupName\":\"g\",\"thingName\":\"t\",\"overrideDynamicGroups\":\"yes\"}",
                  "overrideDynamicGroups");
    char *k = rep('a', 801);
    char *b = fmt("{\"attributePayload\":{\"attributes\":{\"a\":\"%s\"}}}", k);
    EXPECT_REJECT(C, "POST", "/things/t", NULL, b, "attributePayload.attributes");
    free(b);
    free(k);
    EXPECT_REJECT(C, "POST", "/things/t", NULL, "{\"attributePayload\":{\"attributes\":[]}}",
                  "attributePayload.attributes");
    EXPECT_REJECT(C, "POST", "/things/t", NULL, "{\"attributePayload\":5}", "attributePayload");
}

static void test_body_shape(void)
{
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{", "body");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"description\":\"x\"} {}", "body");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "[]", "body");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "\"str\"", "body");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "1", "body");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "null", "body");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"description\":\"\xff\"}", "body");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"description\":\"\xc0\xaf\"}", "body"); /* overlong */
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"description\":\"\xed\xa0\x80\"}", "body"); /* surrogate */
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"description\":\"\\ud800\"}", "body");    /* lone surrogate */
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"description\":\"a\\u0000b\"}", "body");
    jr_request r;
    EXPECT_OK(C, "PATCH", "/jobs/j", NULL, " {\"description\":\"a\\\\u0000b\"}\n", &r); /* escaped backslash */
    CU_ASSERT_STRING_EQUAL(r.description, "a\\u0000b");
    jr_request_free(&r);
    /* a raw NUL byte inside the body */
    jr_http_input in = {.plane = C, .method = "PATCH", .path = "/jobs/j", .body = (const uint8_t *)"{}\0", .body_len = 3};
    jr_error e;
    memset(&r, 1, sizeof r);
    CU_ASSERT_EQUAL(jr_decode_request(&in, 0, &r, &e), JR_FAIL);
    CU_ASSERT_STRING_EQUAL(e.field, "body");
    CU_ASSERT_TRUE(is_zeroed(&r));
    /* a body that is not NUL-terminated: only body_len bytes are read */
    char buf[8] = {'{', '}', 'x', 'x', 'x', 'x', 'x', 'x'};
    in.body = (const uint8_t *)buf;
    in.body_len = 2;
    CU_ASSERT_EQUAL(jr_decode_request(&in, 0, &r, &e), JR_OK);
    jr_request_free(&r);
    /* deep nesting does not crash */
    size_t depth = 5000;
    char *deep = malloc(2 * depth + 32);
    strcpy(deep, "{\"description\":");
    size_t off = strlen(deep);
    memset(deep + off, '[', depth);
    memset(deep + off + depth, ']', depth);
    strcpy(deep + off + 2 * depth, "}");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, deep, "body");
    free(deep);
    /* wrong types */
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"timeoutConfig\":[]}", "timeoutConfig");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":true}}",
                  "timeoutConfig.inProgressTimeoutInMinutes");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"jobExecutionsRolloutConfig\":\"x\"}", "jobExecutionsRolloutConfig");
    EXPECT_REJECT(C, "PATCH", "/jobs/j", NULL, "{\"jobExecutionsRetryConfig\":{\"criteriaList\":{}}}",
                  "jobExecutionsRetryConfig.criteriaList");
}

static void test_percent_and_query(void)
{
    EXPECT_REJECT(C, "GET", "/jobs/a%zz", NULL, NULL, "jobId");
    EXPECT_REJECT(C, "GET", "/jobs/a%4", NULL, NULL, "jobId");
    EXPECT_REJECT(C, "GET", "/jobs/a%", NULL, NULL, "jobId");
    EXPECT_REJECT(C, "GET", "/jobs/a%00b", NULL, NULL, "jobId");
    EXPECT_REJECT(C, "GET", "/things/%FF", NULL, NULL, "thingName"); /* invalid UTF-8 */
    EXPECT_REJECT(C, "GET", "/things/%C3%A9", NULL, NULL, "thingName"); /* valid UTF-8, bad pattern */
    EXPECT_REJECT(C, "GET", "/jobs", "nextToken=%zz", NULL, "nextToken");
    EXPECT_REJECT(C, "GET", "/jobs", "nextToken=%FE", NULL, "nextToken");
    EXPECT_REJECT(C, "GET", "/jobs", "nextToken=a%00", NULL, "nextToken");
    EXPECT_REJECT(C, "DELETE", "/jobs/j", "force=TRUE", NULL, "force");
    EXPECT_REJECT(C, "DELETE", "/jobs/j", "force=1", NULL, "force");
    EXPECT_REJECT(C, "DELETE", "/jobs/j", "force", NULL, "force");
    EXPECT_REJECT(C, "PUT", "/jobs/j/cancel", "force=yes", "{}", "force");
    EXPECT_REJECT(C, "GET", "/thing-groups/g/things", "recursive=True", NULL, "recursive");
    EXPECT_REJECT(D, "GET", "/things/t/jobs/j", "includeJobDocument=0", NULL, "includeJobDocument");
    jr_request r;
    EXPECT_OK(C, "DELETE", "/jobs/j", "force=%74rue", NULL, &r);
    CU_ASSERT_TRUE(r.force.value);
    jr_request_free(&r);
    EXPECT_OK(C, "DELETE", "/jobs/j", "%66orce=true", NULL, &r); /* encoded key */
    CU_ASSERT_TRUE(r.force.value);
    jr_request_free(&r);
    EXPECT_OK(C, "GET", "/jobs", "&&nextToken=a+b%2Bc&=x&junk", NULL, &r);
    CU_ASSERT_STRING_EQUAL(r.next_token, "a b+c");
    jr_request_free(&r);
    /* repeated key: the first occurrence decides */
    EXPECT_REJECT(C, "GET", "/jobs", "maxResults=-5&maxResults=5", NULL, "maxResults");
    EXPECT_OK(C, "GET", "/jobs", "maxResults=5&maxResults=-5", NULL, &r);
    CU_ASSERT_EQUAL(r.max_results.value, 5);
    jr_request_free(&r);
}

/* Byte-by-byte definitions of the two UTF-8 scanners, which read eight ASCII
 * bytes at a time: both must agree on text with ASCII runs of every length
 * around a multibyte character, at every alignment, and on broken text. */
static bool utf8_valid_bytewise(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
        if (need == 9 || n - i - 1 < need) return false;
        uint32_t cp = need == 0 ? c : need == 1 ? c & 0x1F : need == 2 ? c & 0x0F : c & 0x07;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        uint32_t min = need == 0 ? 0 : need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000;
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += need + 1;
    }
    return true;
}

static size_t utf16_len_bytewise(const unsigned char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if ((*s & 0xC0) != 0x80) n += *s >= 0xF0 ? 2 : 1;
    return n;
}

static void test_utf8_scanners(void)
{
    static const char *const pieces[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc3", "\xed\xa0\x80",
                                         "\xff", "\xe2\x82", "\xf4\x90\x80\x80", "\x80", "\xc0\xaf"};
    char buf[64];
    for (size_t align = 0; align < 8; align++)
        for (size_t before = 0; before < 20; before++)
            for (size_t p = 0; p < sizeof pieces / sizeof *pieces; p++)
                for (size_t after = 0; after < 12; after += 5) {
                    char *t = buf + align;
                    size_t n = 0;
                    for (size_t i = 0; i < before; i++) t[n++] = (char)('a' + i % 26);
                    memcpy(t + n, pieces[p], strlen(pieces[p]));
                    n += strlen(pieces[p]);
                    for (size_t i = 0; i < after; i++) t[n++] = 'z';
                    t[n] = 0;
                    const unsigned char *u = (const unsigned char *)t;
                    CU_ASSERT_EQUAL(jr_utf8_valid(t, n), utf8_valid_bytewise(u, n));
                    if (utf8_valid_bytewise(u, n)) CU_ASSERT_EQUAL(jr_utf16_len(t), utf16_len_bytewise(u));
                }
    CU_ASSERT_EQUAL(jr_utf16_len(""), 0);
    CU_ASSERT_EQUAL(jr_utf16_len("abcdefgh\xf0\x9f\x98\x80" "abcdefgh"), 18);
}

int main(void)
{
    CU_TestInfo tests[] = {
        {"jobId", test_job_id},
        {"thing and group names, ids, namespaceId", test_thing_names},
        {"document", test_document},
        {"documentSource", test_document_source},
        {"description, comment, reasonCode, jobTemplateArn", test_text_members},
        {"maxResults", test_max_results},
        {"presignedUrlConfig", test_presigned},
        {"jobExecutionsRolloutConfig", test_rollout},
        {"abortConfig", test_abort},
        {"timeoutConfig and jobExecutionsRetryConfig", test_timeout_retry},
        {"schedulingConfig, documentParameters, tags", test_scheduling_params_tags},
        {"targets", test_targets},
        {"statusDetails", test_status_details},
        {"numbers of executions", test_execution_numbers},
        {"execution status", test_update_execution_status},
        {"group membership and attributes", test_group_membership},
        {"body shape", test_body_shape},
        {"percent-encoding and query", test_percent_and_query},
        {"UTF-8 scanners against their byte-by-byte definitions", test_utf8_scanners},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {{"decode_rules", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
