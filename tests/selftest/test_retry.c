/* selftest.retry-rules: which answers the runner retries (jc_client_retryable),
 * the backoff it waits (capped exponential, full jitter), and the bounds of
 * --max-retries, on both sides of each boundary. The loopback half (a server
 * that throttles) is selftest.async-throttle. */
#include <string.h>

#include "cu_support.h"
#include "jc_client.h"
#include "jc_config.h"

static jc_response *answer(int status, const char *headers, const char *body)
{
    jc_response *r = NULL;
    CU_ASSERT_EQUAL_FATAL(jc_response_decode(status, headers, headers ? strlen(headers) : 0, body,
                                             body ? strlen(body) : 0, &r), 0);
    return r;
}

static void check_retryable(int status, const char *headers, const char *body, bool want)
{
    jc_response *r = answer(status, headers, body);
    CU_ASSERT_EQUAL(jc_client_retryable(r), want);
    if (jc_client_retryable(r) != want) fprintf(stderr, "retryable(%d %s %s) != %d\n", status, headers, body, want);
    jc_response_free(r);
}

static void test_retryable(void)
{
    /* retried: ThrottlingException with either plane's status, any 429, a typed 503 */
    check_retryable(400, "x-amzn-ErrorType: ThrottlingException\r\n", "{\"message\":\"Rate exceeded\"}", true);
    check_retryable(429, NULL, "{\"code\":\"ThrottlingException\",\"message\":\"slow down\"}", true);
    check_retryable(429, NULL, "", true);
    check_retryable(503, "x-amzn-ErrorType: ServiceUnavailableException\r\n", "{\"message\":\"m\"}", true);
    /* not retried: an untyped 503 (a proxy's page), a 500, a resource limit, other errors, success */
    check_retryable(503, NULL, "<html>busy</html>", false);
    check_retryable(500, "x-amzn-ErrorType: InternalFailureException\r\n", "{\"message\":\"m\"}", false);
    check_retryable(410, "x-amzn-ErrorType: LimitExceededException\r\n", "{\"message\":\"m\"}", false);
    check_retryable(400, "x-amzn-ErrorType: InvalidRequestException\r\n", "{\"message\":\"m\"}", false);
    check_retryable(200, NULL, "{}", false);
    CU_ASSERT_FALSE(jc_client_retryable(NULL));
}

static void test_backoff(void)
{
    /* the ceiling doubles from the base up to the cap; the wait is uniform below it */
    CU_ASSERT_EQUAL(jc_client_backoff_ms(1, 0.0), 0);
    CU_ASSERT_EQUAL(jc_client_backoff_ms(1, 0.999999), JC_RETRY_BASE_MS);
    CU_ASSERT_EQUAL(jc_client_backoff_ms(2, 0.999999), 2 * JC_RETRY_BASE_MS);
    CU_ASSERT_EQUAL(jc_client_backoff_ms(3, 0.999999), 4 * JC_RETRY_BASE_MS);
    CU_ASSERT_EQUAL(jc_client_backoff_ms(3, 0.5), (long)(0.5 * (4 * JC_RETRY_BASE_MS + 1)));
    /* 100 * 2^5 = 3200 is under the cap of 5000; 2^6 = 6400 is over it */
    CU_ASSERT_EQUAL(jc_client_backoff_ms(6, 0.999999), 32 * JC_RETRY_BASE_MS);
    CU_ASSERT_EQUAL(jc_client_backoff_ms(7, 0.999999), JC_RETRY_CAP_MS);
    CU_ASSERT_EQUAL(jc_client_backoff_ms(1000, 0.999999), JC_RETRY_CAP_MS);
    /* out-of-range draws never make a wrong wait */
    CU_ASSERT_EQUAL(jc_client_backoff_ms(2, -0.5), 0);
    CU_ASSERT_EQUAL(jc_client_backoff_ms(2, 1.0), 0);
    CU_ASSERT_EQUAL(jc_client_backoff_ms(0, 0.999999), JC_RETRY_BASE_MS);
    /* the generator stays in [0, 1) and is not constant */
    double lo = 1, hi = 0;
    for (int i = 0; i < 10000; i++) {
        double u = jc_client_jitter();
        CU_ASSERT(u >= 0 && u < 1);
        if (u < lo) lo = u;
        if (u > hi) hi = u;
    }
    CU_ASSERT(lo < 0.01 && hi > 0.99);
}

static int load(jc_config *cfg, const char *value, char *err, size_t err_len)
{
    char *argv[] = {"--max-retries", (char *)value};
    jc_config_init(cfg);
    return jc_config_load(cfg, 2, argv, NULL, NULL, err, err_len);
}

static void test_max_retries_bounds(void)
{
    jc_config cfg;
    char err[512];
    jc_config_init(&cfg);
    CU_ASSERT_EQUAL(cfg.max_retries, JC_DEFAULT_MAX_RETRIES);
    jc_config_free(&cfg);
    static const struct { const char *v; int rc, want; } cases[] = {
        {"0", 0, 0}, {"3", 0, 3}, {"10", 0, 10}, {"11", -1, 0}, {"-1", -1, 0}, {"two", -1, 0}, {"", -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        err[0] = '\0';
        int rc = load(&cfg, cases[i].v, err, sizeof err);
        CU_ASSERT_EQUAL(rc, cases[i].rc);
        if (rc == 0) CU_ASSERT_EQUAL(cfg.max_retries, cases[i].want);
        if (rc != 0) CU_ASSERT_PTR_NOT_NULL(strstr(err, "max-retries"));
        jc_config_free(&cfg);
    }
}

int main(void)
{
    CU_TestInfo tests[] = {
        {"retryable answers", test_retryable},
        {"backoff", test_backoff},
        {"--max-retries bounds", test_max_retries_bounds},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {{"retry", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
