/* gen_corpus: writes the deterministic seed corpora of every harness.
 *
 *   gen_corpus OUTDIR   writes OUTDIR/<harness>/seed/gen-*.bin
 *
 * Run it as `gen_corpus corpora` from the repository root after changing it;
 * the fuzz.gen_corpus test checks the committed seeds contain exactly these
 * files (campaigns may add more files beside them). */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"

#define ARN "arn:aws:iot:us-east-1:123456789012:"
#define T0 ARN "thing/t0"
#define T1 ARN "thing/t1"
#define G0 ARN "thinggroup/g0"

static const char *g_out;
static int g_fail;
static int g_check; /* --check: compare with the files in g_out instead of writing */
static size_t g_count;
static char **g_names; /* generated paths (check mode) */

static void mkdirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            if (mkdir(buf, 0755) != 0 && errno != EEXIST) perror(buf);
            *p = '/';
        }
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) perror(buf);
}

static void write_seed(const char *harness, const char *name, const void *data, size_t len)
{
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/%s/seed", g_out, harness);
    if (!g_check) mkdirs(dir);
    snprintf(path, sizeof path, "%s/gen-%s", dir, name);
    g_count++;
    if (g_check) {
        char **nn = realloc(g_names, g_count * sizeof *nn);
        if (!nn || !(nn[g_count - 1] = strdup(path))) abort();
        g_names = nn;
        FILE *f = fopen(path, "rb");
        char *have = malloc(len + 1);
        size_t got = f && have ? fread(have, 1, len + 1, f) : 0;
        if (!f || got != len || (len && memcmp(have, data, len) != 0)) {
            fprintf(stderr, "gen_corpus: %s is %s (run gen_corpus corpora)\n", path, f ? "stale" : "missing");
            g_fail = 1;
        }
        free(have);
        if (f) fclose(f);
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        perror(path);
        g_fail = 1;
    }
}

/* A growable byte buffer. */
typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void b_add(buf *b, const void *d, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) abort();
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
    b->p[b->len] = 0;
}
static void b_str(buf *b, const char *s) { b_add(b, s, strlen(s)); }
static void b_fmt(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void b_fmt(buf *b, const char *fmt, ...)
{
    char tmp[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    b_str(b, tmp);
}
static void b_rep(buf *b, char c, size_t n)
{
    for (size_t i = 0; i < n; i++) b_add(b, &c, 1);
}
static void b_free(buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- request decoder / round trip ------------------------------------------ */

static int g_req_n;

/* One framed request seed, written for both request harnesses. */
static void req(const char *tag, jr_op op, unsigned flags, const char *l0, const char *l1, const char *l2,
                const char *query, const char *body, size_t body_len)
{
    const char *labels[3] = {l0 ? l0 : "", l1 ? l1 : "", l2 ? l2 : ""};
    const jrf_route *r = jrf_route_of(op);
    size_t n = jrf_label_count(r), len;
    uint8_t *data = jrf_frame(op, flags, labels, n, query, body, body ? body_len : 0, &len);
    if (!data) abort();
    char name[200];
    snprintf(name, sizeof name, "%03d-%s-%s", g_req_n++, jr_op_name(op), tag);
    write_seed("request_decoder", name, data, len);
    write_seed("roundtrip", name, data, len);
    free(data);
}
static size_t slen(const char *s) { return s ? strlen(s) : 0; }
#define REQ(tag, op, flags, l0, l1, l2, q, body) req(tag, op, flags, l0, l1, l2, q, body, slen(body))

static const char *CREATE_FULL =
    "{\"targets\":[\"" T0 "\",\"" G0 "\"],\"document\":\"{\\\"action\\\":\\\"update\\\"}\","
    "\"description\":\"full job\",\"targetSelection\":\"CONTINUOUS\","
    "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/S3Access\",\"expiresInSec\":3600},"
    "\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":10,\"exponentialRate\":{\"baseRatePerMinute\":5,"
    "\"incrementFactor\":2.5,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":10}}},"
    "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\",\"thresholdPercentage\":50.5,"
    "\"minNumberOfExecutedThings\":1},{\"failureType\":\"ALL\",\"action\":\"CANCEL\",\"thresholdPercentage\":100,"
    "\"minNumberOfExecutedThings\":10}]},"
    "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":60},\"tags\":[{\"Key\":\"team\",\"Value\":\"fw\"},{\"Key\":\"k2\"}],"
    "\"namespaceId\":\"ns_1\",\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\","
    "\"numberOfRetries\":2},{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":10}]},"
    "\"documentParameters\":{\"p1\":\"v1\",\"p-2\":\"v2\"},"
    "\"schedulingConfig\":{\"startTime\":\"2030-01-01T10:00\",\"endTime\":\"2030-01-02T10:00:00Z\",\"endBehavior\":\"CANCEL\"}}";

static void gen_requests(void)
{
    const char *job = "job-1", *thing = "thing_1:x", *group = "group-1";
    /* valid requests of every operation, both planes */
    REQ("full", JR_OP_CREATE_JOB, 0, job, 0, 0, "", CREATE_FULL);
    REQ("minimal", JR_OP_CREATE_JOB, 0, job, 0, 0, "", "{\"targets\":[\"" T0 "\"],\"document\":\"{}\"}");
    REQ("docsource", JR_OP_CREATE_JOB, 0, job, 0, 0, "",
        "{\"targets\":[\"" T0 "\"],\"documentSource\":\"https://s3.amazonaws.com/bucket/key\",\"targetSelection\":\"SNAPSHOT\"}");
    REQ("template", JR_OP_CREATE_JOB, 0, job, 0, 0, "",
        "{\"targets\":[\"" T0 "\"],\"jobTemplateArn\":\"arn:aws:iot:us-east-1:123456789012:jobtemplate/tpl\"}");
    REQ("rate-succeeded", JR_OP_CREATE_JOB, 0, job, 0, 0, "",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{"
        "\"baseRatePerMinute\":1000,\"incrementFactor\":1.1,\"rateIncreaseCriteria\":{\"numberOfSucceededThings\":1}}}}");
    REQ("full", JR_OP_UPDATE_JOB, 0, job, 0, 0, "namespaceId=ns",
        "{\"description\":\"d2\",\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/S3Access\","
        "\"expiresInSec\":60},\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1},\"abortConfig\":{\"criteriaList\":["
        "{\"failureType\":\"TIMED_OUT\",\"action\":\"CANCEL\",\"thresholdPercentage\":0.01,\"minNumberOfExecutedThings\":1}]},"
        "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10080},\"jobExecutionsRetryConfig\":{\"criteriaList\":["
        "{\"failureType\":\"ALL\",\"numberOfRetries\":0}]}}");
    REQ("empty", JR_OP_UPDATE_JOB, 0, job, 0, 0, "", "{}");
    REQ("ok", JR_OP_ASSOCIATE_TARGETS_WITH_JOB, 0, job, 0, 0, "namespaceId=ns",
        "{\"targets\":[\"" T1 "\"],\"comment\":\"more\"}");
    REQ("force", JR_OP_CANCEL_JOB, 0, job, 0, 0, "force=true", "{\"reasonCode\":\"R_1\",\"comment\":\"stop\"}");
    REQ("bodyforce", JR_OP_CANCEL_JOB, 0, job, 0, 0, "", "{\"force\":true}");
    REQ("noforce", JR_OP_CANCEL_JOB, 0, job, 0, 0, "force=false", "{}");
    REQ("ok", JR_OP_CANCEL_JOB_EXECUTION, 0, thing, job, 0, "force=true",
        "{\"expectedVersion\":3,\"statusDetails\":{\"k\":\"v\",\"a:b\":\"c\"}}");
    REQ("ok", JR_OP_DELETE_JOB, 0, job, 0, 0, "force=true&namespaceId=ns", NULL);
    REQ("plain", JR_OP_DELETE_JOB, 0, job, 0, 0, "", NULL);
    REQ("ok", JR_OP_DELETE_JOB_EXECUTION, 0, thing, job, "1", "force=false&namespaceId=ns", NULL);
    REQ("big", JR_OP_DELETE_JOB_EXECUTION, 0, thing, job, "9223372036854775807", "", NULL);
    REQ("over", JR_OP_DELETE_JOB_EXECUTION, 0, thing, job, "9223372036854775808", "", NULL);
    REQ("neg", JR_OP_DELETE_JOB_EXECUTION, 0, thing, job, "-1", "", NULL);
    REQ("alpha", JR_OP_DELETE_JOB_EXECUTION, 0, thing, job, "1x", "", NULL);
    REQ("ok", JR_OP_DESCRIBE_JOB, 0, job, 0, 0, "", NULL);
    REQ("ok", JR_OP_DESCRIBE_JOB_EXECUTION, 0, thing, job, 0, "executionNumber=2", NULL);
    REQ("ok", JR_OP_GET_JOB_DOCUMENT, 0, job, 0, 0, "", NULL);
    REQ("ok", JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB, 0, job, 0, 0, "status=QUEUED&maxResults=10&nextToken=abc", NULL);
    REQ("ok", JR_OP_LIST_JOB_EXECUTIONS_FOR_THING, 0, thing, 0, 0,
        "status=IN_PROGRESS&namespaceId=ns&maxResults=10&nextToken=x&jobId=job-1", NULL);
    REQ("ok", JR_OP_LIST_JOBS, 0, 0, 0, 0,
        "status=IN_PROGRESS&targetSelection=SNAPSHOT&maxResults=5&nextToken=t&thingGroupName=g1&thingGroupId=abc-123"
        "&namespaceId=ns",
        NULL);
    REQ("ok", JR_OP_CREATE_THING, 0, thing, 0, 0, "",
        "{\"thingTypeName\":\"type1\",\"attributePayload\":{\"attributes\":{\"a\":\"b\"}}}");
    REQ("empty", JR_OP_CREATE_THING, 0, thing, 0, 0, "", "{}");
    REQ("ok", JR_OP_DESCRIBE_THING, 0, thing, 0, 0, "", NULL);
    REQ("ok", JR_OP_DELETE_THING, 0, thing, 0, 0, "expectedVersion=1", NULL);
    REQ("ok", JR_OP_CREATE_THING_GROUP, 0, group, 0, 0, "",
        "{\"parentGroupName\":\"g0\",\"thingGroupProperties\":{\"thingGroupDescription\":\"d\"},"
        "\"tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
    REQ("ok", JR_OP_DESCRIBE_THING_GROUP, 0, group, 0, 0, "", NULL);
    REQ("ok", JR_OP_DELETE_THING_GROUP, 0, group, 0, 0, "expectedVersion=2", NULL);
    REQ("names", JR_OP_ADD_THING_TO_THING_GROUP, 0, 0, 0, 0, "",
        "{\"thingGroupName\":\"g1\",\"thingName\":\"t1\",\"overrideDynamicGroups\":false}");
    REQ("arns", JR_OP_ADD_THING_TO_THING_GROUP, 0, 0, 0, 0, "", "{\"thingGroupArn\":\"" G0 "\",\"thingArn\":\"" T0 "\"}");
    REQ("names", JR_OP_REMOVE_THING_FROM_THING_GROUP, 0, 0, 0, 0, "", "{\"thingGroupName\":\"g1\",\"thingName\":\"t1\"}");
    REQ("arns", JR_OP_REMOVE_THING_FROM_THING_GROUP, 0, 0, 0, 0, "", "{\"thingGroupArn\":\"" G0 "\",\"thingArn\":\"" T0 "\"}");
    REQ("ok", JR_OP_LIST_THINGS_IN_THING_GROUP, 0, group, 0, 0, "recursive=true&maxResults=5&nextToken=x", NULL);
    REQ("ok", JR_OP_GET_PENDING_JOB_EXECUTIONS, 0, thing, 0, 0, "", NULL);
    REQ("ok", JR_OP_START_NEXT_PENDING_JOB_EXECUTION, 0, thing, 0, 0, "",
        "{\"statusDetails\":{\"step\":\"download\"},\"stepTimeoutInMinutes\":10}");
    REQ("empty", JR_OP_START_NEXT_PENDING_JOB_EXECUTION, 0, thing, 0, 0, "", "{}");
    REQ("ok", JR_OP_DATA_DESCRIBE_JOB_EXECUTION, 0, thing, job, 0, "includeJobDocument=true&executionNumber=1", NULL);
    REQ("next", JR_OP_DATA_DESCRIBE_JOB_EXECUTION, 0, thing, "$next", 0, "", NULL);
    REQ("next-escaped", JR_OP_DATA_DESCRIBE_JOB_EXECUTION, 0, thing, "%24next", 0, "", NULL);
    REQ("ok", JR_OP_UPDATE_JOB_EXECUTION, 0, thing, job, 0, "",
        "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"p\":\"50%\"},\"stepTimeoutInMinutes\":5,\"expectedVersion\":1,"
        "\"includeJobExecutionState\":true,\"includeJobDocument\":true,\"executionNumber\":1}");
    REQ("steptimeout-cancel", JR_OP_UPDATE_JOB_EXECUTION, 0, thing, job, 0, "",
        "{\"status\":\"SUCCEEDED\",\"stepTimeoutInMinutes\":-1}");

    /* service path (flag 0x80) for a few operations */
    REQ("service", JR_OP_CREATE_JOB, 0xE0, "j2", 0, 0, "", "{\"targets\":[\"" ARN "thing/t1\"],\"document\":\"{}\"}");
    REQ("service", JR_OP_START_NEXT_PENDING_JOB_EXECUTION, 0xE0, "t1", 0, 0, "", "{}");
    REQ("service", JR_OP_UPDATE_JOB_EXECUTION, 0xE0, "t1", "j1", 0, "", "{\"status\":\"SUCCEEDED\"}");
    REQ("service", JR_OP_DELETE_JOB, 0xE0, "j1", 0, 0, "force=true", NULL);
    REQ("service", JR_OP_LIST_JOBS, 0xE0, 0, 0, 0, "maxResults=1", NULL);
    REQ("service", JR_OP_ASSOCIATE_TARGETS_WITH_JOB, 0xE0, "j1", 0, 0, "", "{\"targets\":[\"" ARN "thinggroup/g1\"]}");

    /* boundaries: jobId 64/65 */
    buf b = {0};
    b_rep(&b, 'a', 64);
    REQ("jobid64", JR_OP_DESCRIBE_JOB, 0, b.p, 0, 0, "", NULL);
    b_rep(&b, 'a', 1);
    REQ("jobid65", JR_OP_DESCRIBE_JOB, 0, b.p, 0, 0, "", NULL);
    REQ("jobid65-fault", JR_OP_DESCRIBE_JOB, 2, b.p, 0, 0, "", NULL);
    b_free(&b);
    b_rep(&b, 't', 128);
    REQ("thing128", JR_OP_DESCRIBE_THING, 0, b.p, 0, 0, "", NULL);
    b_rep(&b, 't', 1);
    REQ("thing129", JR_OP_DESCRIBE_THING, 0, b.p, 0, 0, "", NULL);
    b_free(&b);

    /* document 32768 / 32769 characters */
    for (size_t n = 32768; n <= 32769; n++) {
        b_str(&b, "{\"targets\":[\"" T0 "\"],\"document\":\"");
        b_rep(&b, 'x', n);
        b_str(&b, "\"}");
        char tag[32];
        snprintf(tag, sizeof tag, "doc%zu", n);
        REQ(tag, JR_OP_CREATE_JOB, 0, "j", 0, 0, "", b.p);
        if (n == 32769) REQ("doc32769-fault", JR_OP_CREATE_JOB, 1, "j", 0, 0, "", b.p);
        b_free(&b);
    }
    /* a document of 32768 characters of which some are multi-byte */
    b_str(&b, "{\"targets\":[\"" T0 "\"],\"document\":\"");
    for (int i = 0; i < 16384; i++) b_str(&b, "\xc3\xa9");
    b_str(&b, "\"}");
    REQ("doc-utf8", JR_OP_CREATE_JOB, 0, "j", 0, 0, "", b.p);
    b_free(&b);

    /* targets 100 / 101 */
    for (int n = 100; n <= 101; n++) {
        b_str(&b, "{\"targets\":[");
        for (int i = 0; i < n; i++) b_fmt(&b, "%s\"" ARN "thing/t%d\"", i ? "," : "", i);
        b_str(&b, "],\"document\":\"{}\"}");
        char tag[32];
        snprintf(tag, sizeof tag, "targets%d", n);
        REQ(tag, JR_OP_CREATE_JOB, 0, "j", 0, 0, "", b.p);
        REQ(tag, JR_OP_ASSOCIATE_TARGETS_WITH_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
    }
    /* target ARN 2048 / 2049 */
    for (int n = 2048; n <= 2049; n++) {
        b_str(&b, "{\"targets\":[\"" ARN "thing/");
        b_rep(&b, 'x', (size_t)n - strlen(ARN "thing/"));
        b_str(&b, "\"],\"document\":\"{}\"}");
        char tag[32];
        snprintf(tag, sizeof tag, "arn%d", n);
        REQ(tag, JR_OP_CREATE_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
    }
    /* maxResults 0 / 1 / 250 / 251 and odd spellings */
    static const char *const MAXR[] = {"0", "1", "250", "251", "-1", "", "1e2", "0x10", "99999999999999999999", " 5"};
    for (size_t i = 0; i < sizeof MAXR / sizeof MAXR[0]; i++) {
        char q[64], tag[32];
        snprintf(q, sizeof q, "maxResults=%s", MAXR[i]);
        snprintf(tag, sizeof tag, "maxresults-%zu", i);
        REQ(tag, JR_OP_LIST_JOBS, 0, 0, 0, 0, q, NULL);
        REQ(tag, JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB, 0, "j", 0, 0, q, NULL);
        if (i < 4) REQ(tag, JR_OP_LIST_THINGS_IN_THING_GROUP, 0, "g", 0, 0, q, NULL);
        if (i == 0 || i == 3) REQ("maxresults-fault", JR_OP_LIST_JOBS, 4, 0, 0, 0, q, NULL);
    }
    /* description / comment 2028 / 2029, reasonCode 128 / 129 */
    for (int n = 2028; n <= 2029; n++) {
        b_str(&b, "{\"description\":\"");
        b_rep(&b, 'd', (size_t)n);
        b_str(&b, "\"}");
        char tag[32];
        snprintf(tag, sizeof tag, "desc%d", n);
        REQ(tag, JR_OP_UPDATE_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
    }
    for (int n = 128; n <= 129; n++) {
        b_str(&b, "{\"reasonCode\":\"");
        b_rep(&b, 'R', (size_t)n);
        b_str(&b, "\"}");
        char tag[32];
        snprintf(tag, sizeof tag, "reason%d", n);
        REQ(tag, JR_OP_CANCEL_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
    }
    /* statusDetails 10 / 11 entries, value 1024 / 1025 (data plane) */
    for (int n = 10; n <= 11; n++) {
        b_str(&b, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{");
        for (int i = 0; i < n; i++) b_fmt(&b, "%s\"k%d\":\"v\"", i ? "," : "", i);
        b_str(&b, "}}");
        char tag[32];
        snprintf(tag, sizeof tag, "details%d", n);
        REQ(tag, JR_OP_UPDATE_JOB_EXECUTION, 0, "t", "j", 0, "", b.p);
        b_free(&b);
    }
    for (int n = 1024; n <= 1025; n++) {
        b_str(&b, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"");
        b_rep(&b, 'v', (size_t)n);
        b_str(&b, "\"}}");
        char tag[32];
        snprintf(tag, sizeof tag, "detailvalue%d", n);
        REQ(tag, JR_OP_UPDATE_JOB_EXECUTION, 0, "t", "j", 0, "", b.p);
        b_free(&b);
    }
    /* config ranges, both sides */
    static const char *const CFG[] = {
        "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":0}}",
        "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10081}}",
        "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":1}}",
        "{\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::1:role/r\",\"expiresInSec\":59}}",
        "{\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/S3\",\"expiresInSec\":3601}}",
        "{\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":0}}",
        "{\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1001,\"incrementFactor\":1.1,"
        "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}}",
        "{\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1,\"incrementFactor\":1.05,"
        "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1}}}}",
        "{\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1,\"incrementFactor\":5.1,"
        "\"rateIncreaseCriteria\":{}}}}",
        "{\"jobExecutionsRolloutConfig\":{\"exponentialRate\":{\"baseRatePerMinute\":1,\"incrementFactor\":2,"
        "\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":1,\"numberOfSucceededThings\":1}}}}",
        "{\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
        "\"thresholdPercentage\":100.01,\"minNumberOfExecutedThings\":1}]}}",
        "{\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\","
        "\"thresholdPercentage\":50.123,\"minNumberOfExecutedThings\":0}]}}",
        "{\"abortConfig\":{\"criteriaList\":[]}}",
        "{\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"NOPE\",\"action\":\"STOP\"}]}}",
        "{\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":11}]}}",
        "{\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1},"
        "{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":1},{\"failureType\":\"ALL\",\"numberOfRetries\":1}]}}",
        "{\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"REJECTED\",\"numberOfRetries\":1}]}}",
        "{\"jobExecutionsRetryConfig\":{\"criteriaList\":[]}}",
    };
    for (size_t i = 0; i < sizeof CFG / sizeof CFG[0]; i++) {
        char tag[32];
        snprintf(tag, sizeof tag, "cfg-%zu", i);
        REQ(tag, JR_OP_UPDATE_JOB, 0, "j", 0, 0, "", CFG[i]);
        snprintf(tag, sizeof tag, "cfg-%zu-fault", i);
        REQ(tag, JR_OP_UPDATE_JOB, 8, "j", 0, 0, "", CFG[i]);
    }
    /* malformed bodies */
    static const char *const BAD[] = {
        "", "{", "}", "[]", "null", "\"str\"", "42", "{\"targets\":\"notalist\"}", "{\"targets\":[1,2]}",
        "{\"targets\":[]}", "{\"targets\":[\"" T0 "\"]}", "{\"targets\":[\"" T0 "\"],\"document\":7}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"documentSource\":\"https://s3.amazonaws.com/b/k\"}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"not json\"}", "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"unknown\":1}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"targetSelection\":\"snapshot\"}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"tags\":[{\"Value\":\"v\"}]}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"documentParameters\":{\"k\":\"\"}}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"schedulingConfig\":{\"startTime\":\"tomorrow\"}}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"schedulingConfig\":{\"startTime\":\"2030-02-30T10:00\"}}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"description\":\"tab\\there\"}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"description\":\"\"}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\"} trailing",
        "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}}}}}",
        "{\"targets\":[\"\\ud800\"],\"document\":\"\\u0000\"}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"\xff\xfe\"}",
        "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"targets\":[\"" T1 "\"]}",
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        char tag[32];
        snprintf(tag, sizeof tag, "bad-%zu", i);
        REQ(tag, JR_OP_CREATE_JOB, 0, "j", 0, 0, "", BAD[i]);
    }
    static const char *const BADX[] = {
        "{}", "{\"status\":\"DONE\"}", "{\"status\":\"QUEUED\"}", "{\"status\":\"SUCCEEDED\",\"expectedVersion\":\"1\"}",
        "{\"status\":\"SUCCEEDED\",\"expectedVersion\":1.5}", "{\"status\":\"SUCCEEDED\",\"stepTimeoutInMinutes\":0}",
        "{\"status\":\"SUCCEEDED\",\"stepTimeoutInMinutes\":10081}", "{\"status\":\"SUCCEEDED\",\"includeJobDocument\":1}",
        "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"bad key\":\"v\"}}",
        "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"k\":5}}", "{\"status\":\"SUCCEEDED\",\"executionNumber\":-3}",
        "{\"status\":\"SUCCEEDED\",\"expectedVersion\":1e300}",
    };
    for (size_t i = 0; i < sizeof BADX / sizeof BADX[0]; i++) {
        char tag[32];
        snprintf(tag, sizeof tag, "bad-%zu", i);
        REQ(tag, JR_OP_UPDATE_JOB_EXECUTION, 0, "t", "j", 0, "", BADX[i]);
    }
    {
        static const char nul_body[] = "{\"status\":\"IN_PROGRESS\"}\0{}";
        req("nul-in-body", JR_OP_UPDATE_JOB_EXECUTION, 0, "t", "j", 0, "", nul_body, sizeof nul_body - 1);
    }
    /* labels inserted verbatim: escapes, $next, empties, slashes */
    static const char *const LBL[] = {"", "%", "%2", "%zz", "%00", "%2F", "a%2Fb", "$next", "%24next", "%24NEXT",
                                      "a b", "a+b", "%41bc", "caf%C3%A9", "%C3", "..", "a/b", "j%ZZ1"};
    for (size_t i = 0; i < sizeof LBL / sizeof LBL[0]; i++) {
        char tag[32];
        snprintf(tag, sizeof tag, "label-%zu", i);
        REQ(tag, JR_OP_DESCRIBE_JOB, 0, LBL[i], 0, 0, "", NULL);
        REQ(tag, JR_OP_DATA_DESCRIBE_JOB_EXECUTION, 0, "t1", LBL[i], 0, "", NULL);
        REQ(tag, JR_OP_CANCEL_JOB_EXECUTION, 0, LBL[i], "j", 0, "", "{}");
    }
    REQ("next-as-job", JR_OP_UPDATE_JOB_EXECUTION, 0, "t", "$next", 0, "", "{\"status\":\"IN_PROGRESS\"}");
    /* query oddities */
    static const char *const QRY[] = {"force", "force=", "force=yes", "force=TRUE", "force=true&force=false",
                                      "status=queued", "status=DELETION_IN_PROGRESS", "status=SCHEDULED&status=CANCELED",
                                      "nextToken=%2B%2F%3D", "nextToken=a+b", "=x", "&&&", "a=%", "maxResults=%31",
                                      "targetSelection=CONTINUOUS&thingGroupId=bad_id", "thingGroupName=", "namespaceId=a.b",
                                      "executionNumber=abc", "includeJobDocument=maybe", "recursive=false"};
    for (size_t i = 0; i < sizeof QRY / sizeof QRY[0]; i++) {
        char tag[32];
        snprintf(tag, sizeof tag, "query-%zu", i);
        REQ(tag, JR_OP_LIST_JOBS, 0, 0, 0, 0, QRY[i], NULL);
        REQ(tag, JR_OP_DELETE_JOB, 0, "j", 0, 0, QRY[i], NULL);
        REQ(tag, JR_OP_LIST_JOB_EXECUTIONS_FOR_THING, 0, "t", 0, 0, QRY[i], NULL);
        REQ(tag, JR_OP_DATA_DESCRIBE_JOB_EXECUTION, 0, "t", "j", 0, QRY[i], NULL);
    }
    /* character classes: multi-byte text, \p{C} characters, broken UTF-8 */
    static const char *const TEXT[] = {
        "caf\xc3\xa9", "\xe2\x82\xac euro", "\xf0\x9f\x98\x80 smile", "soft\xc2\xadhyphen", "zero\xe2\x80\x8bwidth",
        "bom\xef\xbb\xbf", "\xee\x80\x80private", "\xf4\x8f\xbf\xbd plane16", "\xef\xbf\xbe nonchar", "\xef\xb7\x90 nonchar2",
        "\xed\xa0\x80 surrogate", "\xc0\x80 overlong", "\xe0\x80\xaf overlong3", "\xf0\x80\x80\x80 overlong4",
        "\xe2\x82 truncated", "\xf5\x80\x80\x80 toobig", "\xf4\x90\x80\x80 over10ffff", "\x80 lone", "\xd8\x9c arabic-mark",
        "\xf3\xa0\x80\x81 tag", "\xf0\x9d\x85\xb3 music", "line\\u2028sep", "\\u0007bell", "\\ud83d\\ude00 pair",
        "\\udc00 lone-low", "del\x7f", "\xe2\x81\xa0 wj",
    };
    for (size_t i = 0; i < sizeof TEXT / sizeof TEXT[0]; i++) {
        char tag[32];
        b_fmt(&b, "{\"description\":\"%s\"}", TEXT[i]);
        snprintf(tag, sizeof tag, "text-%zu", i);
        REQ(tag, JR_OP_UPDATE_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
        b_fmt(&b, "{\"comment\":\"%s\",\"reasonCode\":\"R\"}", TEXT[i]);
        REQ(tag, JR_OP_CANCEL_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
        b_fmt(&b, "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"tags\":[{\"Key\":\"%s\",\"Value\":\"%s\"}],"
                  "\"documentParameters\":{\"k\":\"%s\"}}", TEXT[i], TEXT[i], TEXT[i]);
        REQ(tag, JR_OP_CREATE_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
        b_fmt(&b, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"%s\"}}", TEXT[i]);
        REQ(tag, JR_OP_UPDATE_JOB_EXECUTION, 0, "t", "j", 0, "", b.p);
        b_free(&b);
        b_fmt(&b, "{\"statusDetails\":{\"k\":\"%s\"}}", TEXT[i]);
        REQ(tag, JR_OP_CANCEL_JOB_EXECUTION, 0, "t", "j", 0, "", b.p);
        b_free(&b);
    }
    /* ARNs and document sources */
    static const char *const SRCS[] = {
        "https://s3.amazonaws.com/bucket/key.json", "https://s3.us-east-1.amazonaws.com/bucket/key",
        "https://my-bucket.s3.amazonaws.com/key", "https://my.bucket.s3.eu-west-1.amazonaws.com/key",
        "https://Bucket.s3.amazonaws.com/key", "https://bucket.s3.Bad_Region.amazonaws.com/k", "http://s3.amazonaws.com/b/k",
        "https://s3.amazonaws.com/", "https://s3.amazonaws.com", "https://example.com/key", "https://s3.amazonaws.com/b",
        "https://.s3.amazonaws.com/k", "https://s3..amazonaws.com/b/k", "s3://bucket/key", "https://b.s3x.amazonaws.com/k",
    };
    for (size_t i = 0; i < sizeof SRCS / sizeof SRCS[0]; i++) {
        char tag[32];
        b_fmt(&b, "{\"targets\":[\"" T0 "\"],\"documentSource\":\"%s\"}", SRCS[i]);
        snprintf(tag, sizeof tag, "docsrc-%zu", i);
        REQ(tag, JR_OP_CREATE_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
    }
    static const char *const ARNS[] = {
        "arn:aws-cn:iot:cn-north-1:123456789012:thing/t", "arn:aws-us-gov:iot:us-gov-west-1:123456789012:thinggroup/g",
        "arn:aws:iot::123456789012:thing/t", "arn:aws:iot:us-east-1:12345678901:thing/t",
        "arn:aws:iot:us-east-1:123456789012x:thing/t", "arn:aws:iot:us-east-1:123456789012:job/j",
        "arn:aws:iot:us-east-1:123456789012:thing/", "arn:aws:iot:us-east-1:123456789012:thing/bad name",
        "arn:aws:s3:us-east-1:123456789012:thing/t", "arn:azure:iot:us-east-1:123456789012:thing/t", "arn", "",
        "arn:aws:iot:US-EAST-1:123456789012:thing/t",
    };
    for (size_t i = 0; i < sizeof ARNS / sizeof ARNS[0]; i++) {
        char tag[32];
        b_fmt(&b, "{\"targets\":[\"%s\"],\"document\":\"{}\"}", ARNS[i]);
        snprintf(tag, sizeof tag, "arn-%zu", i);
        REQ(tag, JR_OP_CREATE_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
        b_fmt(&b, "{\"thingArn\":\"%s\",\"thingGroupArn\":\"%s\"}", ARNS[i], ARNS[i]);
        REQ(tag, JR_OP_ADD_THING_TO_THING_GROUP, 0, 0, 0, 0, "", b.p);
        b_free(&b);
    }
    static const char *const TPL[] = {"arn:aws:iot:us-east-1:1:jobtemplate/t", "arn:", "arn:has space", "notarn:x",
                                      "arn:\x7f"};
    for (size_t i = 0; i < sizeof TPL / sizeof TPL[0]; i++) {
        char tag[32];
        b_fmt(&b, "{\"targets\":[\"" T0 "\"],\"jobTemplateArn\":\"%s\"}", TPL[i]);
        snprintf(tag, sizeof tag, "template-%zu", i);
        REQ(tag, JR_OP_CREATE_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
    }
    /* scheduling date-times */
    static const char *const TIMES[] = {
        "2030-01-01T10:00", "2030-01-01T10:00:59", "2030-01-01T10:00:00.123Z", "2030-01-01T10:00:00.1234567Z",
        "2030-01-01T10:00:00.Z", "2030-01-01T10:00+01:00", "2030-01-01T10:00:00-05:30", "2030-01-01T10:00+24:00",
        "2030-01-01T10:00+01:60", "2030-01-01T10:00+0100", "2030-02-29T10:00", "2028-02-29T10:00", "2030-13-01T10:00",
        "2030-01-32T10:00", "2030-01-01T24:00", "2030-01-01T10:60", "2030-01-01T10:00:60", "2030-01-01 10:00",
        "30-01-01T10:00", "2030-01-01T10:00Zjunk", "2100-02-29T10:00", "2000-02-29T10:00", "2030-04-31T10:00",
    };
    for (size_t i = 0; i < sizeof TIMES / sizeof TIMES[0]; i++) {
        char tag[32];
        b_fmt(&b, "{\"targets\":[\"" T0 "\"],\"document\":\"{}\",\"schedulingConfig\":{\"startTime\":\"%s\","
                  "\"endTime\":\"%s\",\"endBehavior\":\"%s\"}}",
              TIMES[i], TIMES[(i + 1) % (sizeof TIMES / sizeof TIMES[0])], i % 3 == 0 ? "STOP_ROLLOUT" : i % 3 == 1 ? "FORCE_CANCEL" : "NOPE");
        snprintf(tag, sizeof tag, "time-%zu", i);
        REQ(tag, JR_OP_CREATE_JOB, 0, "j", 0, 0, "", b.p);
        b_free(&b);
    }
    /* registry odd bodies */
    REQ("neither", JR_OP_ADD_THING_TO_THING_GROUP, 0, 0, 0, 0, "", "{}");
    REQ("badarn", JR_OP_ADD_THING_TO_THING_GROUP, 0, 0, 0, 0, "", "{\"thingArn\":\"arn:aws:iot:x\",\"thingGroupName\":\"g\"}");
    REQ("attrs", JR_OP_CREATE_THING, 0, "t", 0, 0, "", "{\"attributePayload\":{\"attributes\":{\"k\":7}}}");
    REQ("parent-bad", JR_OP_CREATE_THING_GROUP, 0, "g", 0, 0, "", "{\"parentGroupName\":\"bad name\"}");
}

/* ---- route -------------------------------------------------------------------- */

static void gen_route(void)
{
    int n = 0;
    for (int op = 1; op < JR_OP_COUNT; op++) {
        const jrf_route *r = jrf_route_of((jr_op)op);
        buf b = {0};
        b_str(&b, r->method);
        b_add(&b, "", 1);
        for (const char *t = r->tmpl; *t;) {
            if (*t == '{') {
                b_str(&b, strncmp(t, "{executionNumber}", 17) == 0 ? "1" : "x1");
                t = strchr(t, '}') + 1;
            } else {
                b_add(&b, t++, 1);
            }
        }
        char name[96];
        snprintf(name, sizeof name, "%03d-%s", n++, jr_op_name((jr_op)op));
        write_seed("route", name, b.p, b.len);
        b_free(&b);
    }
    static const char *const ODD[] = {
        "GET\0/", "GET\0", "GET\0//", "GET\0/jobs/", "GET\0/jobs//things", "PUT\0/things/t/jobs/$next",
        "PUT\0/things/t/jobs/%24next", "POST\0/jobs", "get\0/jobs", "GET\0jobs", "GET\0/jobs?x=1",
        "HEAD\0/jobs/j", "OPTIONS\0/things/t", "DELETE\0/things/t/jobs/j/executionNumber/",
        "DELETE\0/things/t/jobs/j/executionNumber/1/extra", "GET\0/thing-groups/addThingToThingGroup",
        "PUT\0/thing-groups/removeThingFromThingGroup/x", "GET\0/jobs/j/job-document/", "\0/jobs",
        "GET\0/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z",
    };
    for (size_t i = 0; i < sizeof ODD / sizeof ODD[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "odd-%02zu", i);
        size_t len = strlen(ODD[i]) + 1 + strlen(ODD[i] + strlen(ODD[i]) + 1);
        write_seed("route", name, ODD[i], len);
    }
}

/* ---- state machine -------------------------------------------------------------- */

typedef struct seq {
    uint8_t b[1024];
    size_t n;
} seq;

static void S(seq *s, int count, ...)
{
    va_list ap;
    va_start(ap, count);
    for (int i = 0; i < count && s->n < sizeof s->b; i++) s->b[s->n++] = (uint8_t)va_arg(ap, int);
    va_end(ap);
}
/* Step helpers, mirroring the parameter bytes of fuzz_state_machine.c. */
#define THING(s, t) S(s, 2, JRF_SM_CREATE_THING, t)
#define GROUP(s, g) S(s, 2, JRF_SM_CREATE_GROUP, g)
#define ADD(s, t, g) S(s, 2, JRF_SM_ADD_TO_GROUP, (t) | ((g) << 2))
#define REMOVE(s, t, g) S(s, 2, JRF_SM_REMOVE_FROM_GROUP, (t) | ((g) << 2))
/* job: b = job | 0x20 selection | 0x40 continuous; mask = things bits 0-3, groups 4-6 */
#define JOB(s, j, cont, mask, sel) S(s, 4, JRF_SM_CREATE_JOB, (j) | 0x20 | ((cont) ? 0x40 : 0), mask, sel)
/* device update: thing, job, status, c extras */
#define UPD(s, t, j, st, extra) S(s, 3, JRF_SM_UPDATE_EXECUTION, (t) | ((j) << 2), (st) | (extra))
#define NEXT(s, t) S(s, 2, JRF_SM_START_NEXT, t)
#define ADV(s, i) S(s, 2, JRF_SM_ADVANCE, i)
enum { ADV_1MS, ADV_1S, ADV_59S, ADV_61S, ADV_10M, ADV_1H, ADV_1D, ADV_8D };

static void sm_write(const char *name, const seq *s) { write_seed("state_machine", name, s->b, s->n); }

static void base(seq *s)
{
    memset(s, 0, sizeof *s);
    for (int t = 0; t < 4; t++) THING(s, t);
    for (int g = 0; g < 3; g++) GROUP(s, g);
    ADD(s, 0, 0);
    ADD(s, 1, 0);
    ADD(s, 2, 1);
}

static void gen_state_machine(void)
{
    seq s;
    /* SNAPSHOT job to COMPLETED: SUCCEEDED, FAILED, REJECTED, IN_PROGRESS */
    base(&s);
    JOB(&s, 0, 0, 0x07, 0);
    NEXT(&s, 0);
    UPD(&s, 0, 0, JR_EXEC_SUCCEEDED, 0x08); /* expectedVersion = current */
    UPD(&s, 1, 0, JR_EXEC_IN_PROGRESS, 0x80);
    UPD(&s, 1, 0, JR_EXEC_FAILED, 0);
    UPD(&s, 2, 0, JR_EXEC_REJECTED, 0);
    S(&s, 2, JRF_SM_DESCRIBE_JOB, 0);
    UPD(&s, 0, 0, JR_EXEC_IN_PROGRESS, 0); /* terminal: refused */
    S(&s, 2, JRF_SM_LIST_JOBS, 0);
    S(&s, 2, JRF_SM_DELETE_JOB, 0); /* terminal job: no force needed */
    ADV(&s, ADV_1S);
    sm_write("completed", &s);

    /* TIMED_OUT by the in-progress timer and by the step timer, retry */
    base(&s);
    JOB(&s, 1, 0, 0x03, 0x0c); /* retry + timeout */
    s.b[s.n++] = 0x08; /* retry: one criterion FAILED, numberOfRetries 1 */
    s.b[s.n++] = 0x00; /* timeout: 1 minute */
    NEXT(&s, 0);
    S(&s, 3, JRF_SM_UPDATE_EXECUTION, 1 | (1 << 2) | (1 << 4), JR_EXEC_IN_PROGRESS | 0x20); /* step 1 min */
    ADV(&s, ADV_61S);
    UPD(&s, 0, 1, JR_EXEC_SUCCEEDED, 0);
    ADV(&s, ADV_10M);
    S(&s, 2, JRF_SM_LIST_FOR_THING, 0);
    S(&s, 2, JRF_SM_DESCRIBE_EXECUTION, 0 | (1 << 2) | 0x10);
    sm_write("timed-out", &s);

    /* retry after FAILED: a new execution number */
    base(&s);
    JOB(&s, 2, 0, 0x01, 0x04);
    s.b[s.n++] = 0x10; /* retry: one criterion FAILED (type 0), retries idx 2 -> 2 */
    NEXT(&s, 0);
    UPD(&s, 0, 2, JR_EXEC_FAILED, 0);
    ADV(&s, ADV_1S);
    NEXT(&s, 0);
    UPD(&s, 0, 2, JR_EXEC_FAILED, 0);
    ADV(&s, ADV_1H);
    S(&s, 2, JRF_SM_LIST_FOR_THING, 0x04);
    S(&s, 2, JRF_SM_DELETE_EXECUTION, 0 | (2 << 2) | (0 << 4));
    S(&s, 2, JRF_SM_DELETE_EXECUTION, 0 | (2 << 2) | (1 << 4) | 0xc0);
    sm_write("retry", &s);

    /* CONTINUOUS job over a group: REMOVED, membership changes, associate */
    base(&s);
    JOB(&s, 3, 1, 0x10, 0);
    REMOVE(&s, 0, 0);
    ADD(&s, 3, 0);
    S(&s, 3, JRF_SM_ASSOCIATE, 3, 0x20); /* add group g1 */
    S(&s, 3, JRF_SM_ASSOCIATE, 3, 0x80); /* unknown thing */
    S(&s, 2, JRF_SM_DELETE_THING, 1);
    S(&s, 2, JRF_SM_LIST_THINGS_IN_GROUP, 0x80);
    S(&s, 2, JRF_SM_GET_PENDING, 3);
    S(&s, 2, JRF_SM_DATA_DESCRIBE_EXECUTION, 3 | 0x80);
    sm_write("continuous-removed", &s);

    /* CANCEL without and with force; CancelJobExecution */
    base(&s);
    JOB(&s, 0, 0, 0x0f, 0);
    NEXT(&s, 0);
    NEXT(&s, 1);
    S(&s, 2, JRF_SM_CANCEL_EXECUTION, 2);           /* QUEUED -> CANCELED */
    S(&s, 2, JRF_SM_CANCEL_EXECUTION, 1);           /* IN_PROGRESS no force: 409 */
    S(&s, 2, JRF_SM_CANCEL_EXECUTION, 1 | 0x30 | 0x40); /* force, expected version */
    S(&s, 2, JRF_SM_CANCEL_JOB, 0 | 0x40);          /* no force */
    S(&s, 2, JRF_SM_CANCEL_JOB, 0 | 0x30 | 0x80);   /* force */
    S(&s, 2, JRF_SM_CANCEL_JOB, 0);                 /* already canceled */
    S(&s, 2, JRF_SM_LIST_JOBS, 0x80 | (1 << 4));
    sm_write("canceled", &s);

    /* DELETION_IN_PROGRESS: refused work, then gone, id reused */
    base(&s);
    JOB(&s, 1, 1, 0x03, 0);
    NEXT(&s, 0);
    S(&s, 2, JRF_SM_DELETE_JOB, 1);        /* IN_PROGRESS without force: 409 */
    S(&s, 2, JRF_SM_DELETE_JOB, 1 | 0x30); /* force */
    S(&s, 3, JRF_SM_ASSOCIATE, 1, 0x04);
    S(&s, 3, JRF_SM_UPDATE_JOB, 1, 0x20);
    S(&s, 2, JRF_SM_CANCEL_JOB, 1 | 0x30);
    S(&s, 2, JRF_SM_DELETE_JOB, 1 | 0x30);
    UPD(&s, 0, 1, JR_EXEC_SUCCEEDED, 0);
    S(&s, 2, JRF_SM_LIST_JOBS, 0x80 | (3 << 4));
    ADV(&s, ADV_1S);
    ADV(&s, ADV_1S);
    JOB(&s, 1, 0, 0x01, 0);
    sm_write("deletion", &s);

    /* eleven deletions in progress (limit 10) with 4 ids is impossible; many deletes anyway */
    base(&s);
    for (int j = 0; j < 4; j++) JOB(&s, j, 0, 0x01, 0);
    for (int j = 0; j < 4; j++) S(&s, 2, JRF_SM_DELETE_JOB, j | 0x30);
    ADV(&s, ADV_1MS);
    ADV(&s, ADV_1S);
    for (int j = 0; j < 4; j++) JOB(&s, j, 1, 0x10, 0);
    S(&s, 2, JRF_SM_LIST_JOBS, 0x01);
    sm_write("many-deletions", &s);

    /* SCHEDULED, then IN_PROGRESS at startTime; end behaviors */
    base(&s);
    JOB(&s, 2, 0, 0x03, 0x10);
    s.b[s.n++] = 0x00; /* scheduling: start in 31 min, no end */
    JOB(&s, 3, 1, 0x10, 0x10);
    s.b[s.n++] = 0x10 | 0x20; /* start in 31 min, end 60 min later, CANCEL */
    S(&s, 2, JRF_SM_LIST_JOBS, 0x80 | (4 << 4));
    S(&s, 2, JRF_SM_CANCEL_JOB, 3);
    ADV(&s, ADV_1H);
    ADV(&s, ADV_1H);
    ADV(&s, ADV_1D);
    JOB(&s, 0, 1, 0x10, 0x10);
    s.b[s.n++] = 0x10 | 0x40 | 0x01; /* FORCE_CANCEL */
    ADV(&s, ADV_1H);
    NEXT(&s, 0);
    ADV(&s, ADV_1D);
    sm_write("scheduled", &s);

    /* rollout: one per minute, exponential rate */
    base(&s);
    JOB(&s, 0, 0, 0x0f, 0x01);
    s.b[s.n++] = 0x00; /* maximumPerMinute 1 */
    JOB(&s, 1, 0, 0x0f, 0x01);
    s.b[s.n++] = 0x80 | 0x04; /* exponential, notified */
    for (int i = 0; i < 5; i++) {
        NEXT(&s, (uint8_t)i % 4);
        UPD(&s, (uint8_t)i % 4, 0, JR_EXEC_SUCCEEDED, 0);
        ADV(&s, ADV_61S);
    }
    S(&s, 3, JRF_SM_UPDATE_JOB, 0, 0x01);
    s.b[s.n++] = 0x80 | 0x40; /* exponential, succeeded */
    ADV(&s, ADV_10M);
    sm_write("rollout", &s);

    /* abort: FAILED >= 10% after 1 thing */
    base(&s);
    JOB(&s, 2, 0, 0x0f, 0x02);
    s.b[s.n++] = 0x00 | (0 << 1) | (0 << 3) | (0 << 5); /* FAILED, 10%, min 1 */
    NEXT(&s, 0);
    UPD(&s, 0, 2, JR_EXEC_FAILED, 0);
    ADV(&s, ADV_1S);
    S(&s, 2, JRF_SM_DESCRIBE_JOB, 2);
    JOB(&s, 3, 0, 0x0f, 0x02);
    s.b[s.n++] = 0x01 | (3 << 1); /* two criteria: ALL and FAILED */
    NEXT(&s, 1);
    UPD(&s, 1, 3, JR_EXEC_REJECTED, 0);
    ADV(&s, ADV_1S);
    sm_write("abort", &s);

    /* device update edge cases: versions, step timeouts, statuses a device may not set */
    base(&s);
    JOB(&s, 0, 0, 0x0f, 0x08);
    s.b[s.n++] = 0x01; /* timeout 10 minutes */
    for (int st = 0; st < JR_EXEC_STATUS_COUNT; st++) UPD(&s, 0, 0, st, 0x10); /* wrong expectedVersion */
    for (int i = 0; i < 6; i++) S(&s, 3, JRF_SM_UPDATE_EXECUTION, 1 | (i << 4), JR_EXEC_IN_PROGRESS | 0x20 | 0x08);
    UPD(&s, 2, 0, JR_EXEC_IN_PROGRESS, 0x18); /* expectedVersion 999 */
    UPD(&s, 2, 0, JR_EXEC_IN_PROGRESS, 0x40 | 0x80);
    S(&s, 2, JRF_SM_START_NEXT, 3 | 0x10 | 0x20 | 0x40);
    ADV(&s, ADV_59S);
    ADV(&s, ADV_59S);
    S(&s, 2, JRF_SM_DATA_DESCRIBE_EXECUTION, 3 | 0x10 | 0x20);
    S(&s, 2, JRF_SM_GET_DOCUMENT, 0);
    ADV(&s, ADV_10M);
    ADV(&s, ADV_8D);
    sm_write("device-updates", &s);

    /* pagination walks over many items */
    base(&s);
    for (int j = 0; j < 4; j++) JOB(&s, j, j & 1, 0x7f, 0);
    S(&s, 2, JRF_SM_LIST_JOBS, 0);
    S(&s, 2, JRF_SM_LIST_JOBS, 1);
    S(&s, 2, JRF_SM_LIST_FOR_THING, 0);
    S(&s, 2, JRF_SM_LIST_FOR_THING, 1 | 0x04);
    S(&s, 2, JRF_SM_LIST_FOR_THING, 2 | 0x80);
    S(&s, 2, JRF_SM_LIST_THINGS_IN_GROUP, 0);
    S(&s, 2, JRF_SM_LIST_THINGS_IN_GROUP, 1 | 0x04);
    sm_write("pagination", &s);

    /* registry churn: groups with parents, ARNs, deletes */
    memset(&s, 0, sizeof s);
    GROUP(&s, 0);
    S(&s, 2, JRF_SM_CREATE_GROUP, 1 | 0x80);          /* parent g0 */
    S(&s, 2, JRF_SM_CREATE_GROUP, 2 | 0x80 | (1 << 2)); /* parent g1 */
    THING(&s, 0);
    THING(&s, 0);
    S(&s, 2, JRF_SM_ADD_TO_GROUP, 0 | (2 << 2) | 0x40 | 0x80);
    S(&s, 2, JRF_SM_LIST_THINGS_IN_GROUP, 0 | 0x80);
    JOB(&s, 0, 1, 0x10, 0);
    S(&s, 2, JRF_SM_REMOVE_FROM_GROUP, 0 | (2 << 2) | 0x40 | 0x80);
    S(&s, 2, JRF_SM_DELETE_GROUP, 1);
    S(&s, 2, JRF_SM_DELETE_GROUP, 1);
    S(&s, 2, JRF_SM_DELETE_THING, 0);
    S(&s, 2, JRF_SM_DELETE_THING, 3);
    S(&s, 2, JRF_SM_DESCRIBE_EXECUTION, 0);
    S(&s, 2, JRF_SM_CREATE_THING, 1 | 0x80 | 0x20);
    S(&s, 2, JRF_SM_CREATE_THING, 1 | 0x80 | 0x20);
    S(&s, 2, JRF_SM_CREATE_THING, 1 | 0x80 | 0x40);
    S(&s, 2, JRF_SM_DESCRIBE_THING, 1);
    S(&s, 2, JRF_SM_DESCRIBE_THING, 2);
    S(&s, 2, JRF_SM_DESCRIBE_GROUP, 0);
    S(&s, 2, JRF_SM_DESCRIBE_GROUP, 1);
    S(&s, 2, JRF_SM_DELETE_GROUP, 0);
    sm_write("registry", &s);

    /* QUEUED -> SUCCEEDED directly, describe by number, data describe $next */
    base(&s);
    JOB(&s, 0, 0, 0x01, 0x20);
    UPD(&s, 0, 0, JR_EXEC_SUCCEEDED, 0x40);
    S(&s, 2, JRF_SM_DATA_DESCRIBE_EXECUTION, 0 | 0x80);
    S(&s, 2, JRF_SM_DESCRIBE_EXECUTION, 0 | 0x10);
    S(&s, 2, JRF_SM_DELETE_EXECUTION, 0 | (0 << 2));
    S(&s, 2, JRF_SM_GET_PENDING, 0);
    sm_write("queued-succeeded", &s);
}

/* ---- response decoder -------------------------------------------------------------- */

static void resp(const char *name, int status, const char *headers, const char *body, size_t body_len)
{
    buf b = {0};
    uint8_t st[2] = {(uint8_t)(status >> 8), (uint8_t)status};
    b_add(&b, st, 2);
    b_str(&b, headers);
    b_add(&b, "", 1);
    if (body_len) b_add(&b, body, body_len);
    write_seed("response_decoder", name, b.p, b.len);
    b_free(&b);
}
#define RESP(name, st, h, body) resp(name, st, h, body, strlen(body))

static void gen_response(void)
{
    const char *ct = "Content-Type: application/json\r\nx-amzn-RequestId: 1\r\n";
    RESP("describe-job", 200, ct,
         "{\"documentSource\":\"s3\",\"job\":{\"jobId\":\"j1\",\"status\":\"IN_PROGRESS\",\"jobProcessDetails\":"
         "{\"numberOfQueuedThings\":2,\"numberOfInProgressThings\":1}}}");
    RESP("list", 200, ct,
         "{\"executionSummaries\":[{\"thingArn\":\"" T0 "\",\"jobExecutionSummary\":{\"status\":\"QUEUED\","
         "\"executionNumber\":1}},{\"jobExecutionSummary\":null},3],\"nextToken\":\"abc\"}");
    RESP("execution", 200, ct, "{\"execution\":{\"status\":\"IN_PROGRESS\",\"versionNumber\":2}}");
    RESP("empty-200", 200, "", "");
    RESP("error-header", 400, "x-amzn-ErrorType: InvalidRequestException:http://internal.amazon.com/\r\n",
         "{\"message\":\"bad jobId\"}");
    RESP("error-header-lower", 404, "X-AMZN-ERRORTYPE:ResourceNotFoundException\r\n", "{\"Message\":\"nope\"}");
    RESP("error-code", 409, ct, "{\"code\":\"VersionConflictException\",\"message\":\"v\"}");
    RESP("error-Code", 410, ct, "{\"Code\":\"LimitExceededException\"}");
    RESP("error-type", 409, ct, "{\"__type\":\"com.amazonaws.iot#ResourceAlreadyExistsException\",\"resourceId\":\"j\"}");
    RESP("error-type-nohash", 400, ct, "{\"__type\":\"ThrottlingException\"}");
    RESP("error-code-number", 400, ct, "{\"code\":5,\"message\":[]}");
    RESP("html-500", 500, "Content-Type: text/html\r\n", "<html><body>Internal error</body></html>");
    RESP("empty-503", 503, "", "");
    RESP("html-502-header", 502, "x-amzn-ErrorType: Foo\r\n", "<html>gateway</html>");
    RESP("plain-404", 404, "", "Not Found");
    RESP("truncated", 200, ct, "{\"job\":{\"jobId\":\"j1\",\"status\":");
    RESP("array", 200, ct, "[1,2,3]");
    RESP("string", 400, ct, "\"just a string\"");
    RESP("wrong-types", 200, ct, "{\"job\":\"notanobject\",\"execution\":{\"versionNumber\":\"2\"},\"nextToken\":7}");
    RESP("deep", 200, ct, "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]}}}}}}");
    RESP("invalid-utf8", 400, ct, "{\"message\":\"\xff\xfe\xc3\"}");
    RESP("header-no-colon", 400, "garbage line\r\nx-amzn-ErrorType\r\n: empty\r\nx-amzn-ErrorType:   \r\n", "{}");
    RESP("status-0", 0, "", "");
    RESP("status-99", 99, "", "{}");
    RESP("status-999", 999, "", "{}");
    RESP("status-65535", 65535, "x-amzn-ErrorType: X", "");
    {
        static const char nb[] = "{\"message\":\"a\0b\"}";
        resp("nul-in-body", 400, "x-amzn-ErrorType: A\r\n", nb, sizeof nb - 1);
    }
    RESP("redirect", 301, "Location: http://127.0.0.1/\r\n", "");
    RESP("bool-members", 200, ct, "{\"execution\":{\"forceCanceled\":true,\"isConcurrent\":false}}");
}

/* Write mode: removes the previous gen-* seeds (campaign inputs stay). */
static void remove_old(void)
{
    static const char *const H[] = {"request_decoder", "roundtrip", "route", "state_machine", "response_decoder"};
    for (size_t h = 0; h < sizeof H / sizeof H[0]; h++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s/seed", g_out, H[h]);
        DIR *d = opendir(dir);
        if (!d) continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strncmp(e->d_name, "gen-", 4) != 0) continue;
            char path[4400];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (unlink(path) != 0) perror(path);
        }
        closedir(d);
    }
}

/* Check mode: a committed gen-* seed that is no longer generated is stale. */
static void check_stale(void)
{
    static const char *const H[] = {"request_decoder", "roundtrip", "route", "state_machine", "response_decoder"};
    for (size_t h = 0; h < sizeof H / sizeof H[0]; h++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s/seed", g_out, H[h]);
        DIR *d = opendir(dir);
        if (!d) continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strncmp(e->d_name, "gen-", 4) != 0) continue;
            char path[4400];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            bool found = false;
            for (size_t i = 0; i < g_count && !found; i++) found = strcmp(g_names[i], path) == 0;
            if (!found) {
                fprintf(stderr, "gen_corpus: %s is no longer generated (delete it)\n", path);
                g_fail = 1;
            }
        }
        closedir(d);
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--check") == 0) {
        g_check = 1;
        g_out = argv[2];
    } else if (argc == 2 && argv[1][0] != '-') {
        g_out = argv[1];
    } else {
        fprintf(stderr, "usage: %s OUTDIR          writes OUTDIR/<harness>/seed/gen-*\n"
                        "       %s --check CORPORA  checks the committed seeds are what it writes\n",
                argv[0], argv[0]);
        return 2;
    }
    if (!g_check) remove_old();
    gen_requests();
    gen_route();
    gen_state_machine();
    gen_response();
    if (g_check) {
        check_stale();
        for (size_t i = 0; i < g_count; i++) free(g_names[i]);
        free(g_names);
        if (!g_fail) printf("gen_corpus: %zu seeds match the committed corpora\n", g_count);
    } else {
        printf("gen_corpus: wrote %zu seeds under %s\n", g_count, g_out);
    }
    return g_fail ? 1 : 0;
}
