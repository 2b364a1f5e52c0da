/* Allocation failures: the test links with -Wl,--wrap for malloc, calloc and
 * realloc (tests/unit/CMakeLists.txt), so libjobsref's own allocations go
 * through the wrappers below. A scenario of every job, execution and registry
 * operation (with a rollout, retries, a timeout) runs once per allocation it
 * makes, failing exactly that allocation. Every failure must come back as
 * InternalFailureException "out of memory" on that request -- or leave the
 * request's result intact -- never a crash, never a broken invariant.
 * (cJSON lives in a shared library, so its own allocations are not
 * failed here.) */
#include <CUnit/CUnit.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cu_support.h"
#include "jobsref/jobsref.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t s);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t s);
void *__wrap_realloc(void *p, size_t n);

static long g_count;   /* allocations seen while armed */
static long g_fail_at; /* the allocation to fail (1-based); 0 = none */
static int g_armed;
static int g_failed; /* the armed failure happened */

static int should_fail(void)
{
    if (!g_armed) return 0;
    g_count++;
    if (g_count == g_fail_at) {
        g_failed = 1;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t s) { return should_fail() ? NULL : __real_calloc(n, s); }
void *__wrap_realloc(void *p, size_t n) { return should_fail() ? NULL : __real_realloc(p, n); }

#define T0 1700000000000LL

static char *S(const char *s) { return s ? strdup(s) : NULL; }

static jr_request rq(jr_op op)
{
    jr_request r;
    memset(&r, 0, sizeof r);
    r.op = op;
    r.plane = jr_op_plane(op);
    return r;
}

static void targets(jr_request *r, const char *a, const char *b)
{
    r->targets.items = calloc(2, sizeof(char *));
    r->targets.items[0] = S(a);
    r->targets.count = 1;
    if (b) {
        r->targets.items[1] = S(b);
        r->targets.count = 2;
    }
}

static void details(jr_request *r, const char *k, const char *v)
{
    r->status_details.present = true;
    r->status_details.items = calloc(1, sizeof(jr_kv));
    r->status_details.items[0].key = S(k);
    r->status_details.items[0].value = S(v);
    r->status_details.count = 1;
}

typedef struct run_state {
    jr_machine *m;
    jr_virtual_clock vc;
    int oom_errors;
    int broken; /* an invariant failed or an error had no type */
} run_state;

/* Executes one request with the failure armed; frees it. */
static void step(run_state *s, jr_request *r)
{
    jr_response resp;
    jr_error err;
    g_armed = 1;
    jr_status st = jr_machine_execute(s->m, r, &resp, &err);
    g_armed = 0;
    if (st == JR_OK) {
        cJSON *j = cJSON_Parse(resp.body);
        if (!j || !cJSON_IsObject(j)) s->broken = 1;
        cJSON_Delete(j);
        jr_response_free(&resp);
    } else {
        if (err.type <= JR_ERR_NONE || err.type >= JR_ERR_TYPE_COUNT) s->broken = 1;
        if (err.type == JR_ERR_INTERNAL_FAILURE) {
            if (!strstr(err.message, "out of memory")) s->broken = 1;
            s->oom_errors++;
        }
    }
    char why[256];
    if (!jr_machine_check_invariants(s->m, why, sizeof why)) {
        fprintf(stderr, "\n    allocation %ld failed in %s: invariant broken: %s\n", g_fail_at, jr_op_name(r->op), why);
        s->broken = 1;
    }
    jr_request_free(r);
}

/* The scenario; returns the allocations it made while armed. */
static long scenario(long fail_at, run_state *s)
{
    g_count = 0;
    g_fail_at = fail_at;
    g_failed = 0;
    memset(s, 0, sizeof *s);
    jr_virtual_clock_init(&s->vc, T0);
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    s->m = jr_machine_new(&cfg, jr_clock_virtual(&s->vc));
    if (!s->m) return 0;
    static const char *const THINGS[] = {"t1", "t2", "t3"};
    for (int i = 0; i < 3; i++) {
        jr_request r = rq(JR_OP_CREATE_THING);
        r.thing_name = S(THINGS[i]);
        r.attributes.present = true;
        step(s, &r);
    }
    jr_request r = rq(JR_OP_CREATE_THING_GROUP);
    r.thing_group_name = S("g1");
    step(s, &r);
    r = rq(JR_OP_ADD_THING_TO_THING_GROUP);
    r.thing_group_name = S("g1");
    r.thing_name = S("t2");
    step(s, &r);
    /* a job with a rollout, retries and a timeout */
    r = rq(JR_OP_CREATE_JOB);
    r.job_id = S("j1");
    targets(&r, "arn:aws:iot:us-east-1:123456789012:thing/t1", "arn:aws:iot:us-east-1:123456789012:thinggroup/g1");
    r.document = S("{\"a\":1}");
    r.description = S("d");
    r.rollout_config.present = true;
    r.rollout_config.maximum_per_minute = (jr_opt_i64){true, 1};
    r.retry_config.present = true;
    r.retry_config.criteria = calloc(1, sizeof(jr_retry_criteria));
    r.retry_config.criteria[0] = (jr_retry_criteria){JR_RETRY_ALL, 2};
    r.retry_config.count = 1;
    r.timeout_config.present = true;
    r.timeout_config.in_progress_timeout_minutes = (jr_opt_i64){true, 5};
    r.document_parameters.present = true;
    step(s, &r);
    jr_virtual_clock_advance(&s->vc, 61000); /* the rollout's second minute */
    r = rq(JR_OP_START_NEXT_PENDING_JOB_EXECUTION);
    r.thing_name = S("t1");
    details(&r, "k", "v");
    r.step_timeout_minutes = (jr_opt_i64){true, 2};
    step(s, &r);
    r = rq(JR_OP_UPDATE_JOB_EXECUTION);
    r.thing_name = S("t1");
    r.job_id = S("j1");
    r.has_exec_status = true;
    r.exec_status = JR_EXEC_FAILED; /* a retry follows */
    details(&r, "why", "x");
    r.include_job_execution_state = (jr_opt_bool){true, true};
    step(s, &r);
    r = rq(JR_OP_GET_PENDING_JOB_EXECUTIONS);
    r.thing_name = S("t1");
    step(s, &r);
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
    r.job_id = S("j1");
    step(s, &r);
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
    r.thing_name = S("t1");
    step(s, &r);
    r = rq(JR_OP_LIST_JOBS);
    step(s, &r);
    r = rq(JR_OP_LIST_THINGS_IN_THING_GROUP);
    r.thing_group_name = S("g1");
    step(s, &r);
    r = rq(JR_OP_DESCRIBE_JOB);
    r.job_id = S("j1");
    step(s, &r);
    r = rq(JR_OP_UPDATE_JOB);
    r.job_id = S("j1");
    r.description = S("e");
    r.abort_config.present = true;
    r.abort_config.criteria = calloc(1, sizeof(jr_abort_criteria));
    r.abort_config.criteria[0] = (jr_abort_criteria){JR_FAILURE_ALL, JR_ABORT_CANCEL, 50, 10};
    r.abort_config.count = 1;
    step(s, &r);
    r = rq(JR_OP_CREATE_JOB);
    r.job_id = S("jc");
    targets(&r, "arn:aws:iot:us-east-1:123456789012:thinggroup/g1", NULL);
    r.document = S("{}");
    r.has_target_selection = true;
    r.target_selection = JR_TARGET_CONTINUOUS;
    step(s, &r);
    r = rq(JR_OP_ADD_THING_TO_THING_GROUP);
    r.thing_group_name = S("g1");
    r.thing_name = S("t3");
    step(s, &r);
    r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
    r.job_id = S("jc");
    targets(&r, "arn:aws:iot:us-east-1:123456789012:thing/t1", NULL);
    r.comment = S("c");
    step(s, &r);
    r = rq(JR_OP_CANCEL_JOB);
    r.job_id = S("j1");
    r.force = (jr_opt_bool){true, true};
    r.reason_code = S("R");
    step(s, &r);
    r = rq(JR_OP_DELETE_JOB);
    r.job_id = S("j1");
    r.force = (jr_opt_bool){true, true};
    step(s, &r);
    jr_virtual_clock_advance(&s->vc, 10 * 60000); /* timeouts, deletion */
    r = rq(JR_OP_DELETE_THING);
    r.thing_name = S("t3");
    step(s, &r);
    r = rq(JR_OP_DELETE_THING_GROUP);
    r.thing_group_name = S("g1");
    step(s, &r);
    long made = g_count;
    jr_machine_free(s->m);
    return made;
}

static void test_every_allocation_fails_once(void)
{
    run_state s;
    long total = scenario(0, &s);
    CU_ASSERT_EQUAL(s.broken, 0);
    CU_ASSERT_EQUAL(s.oom_errors, 0);
    CU_ASSERT_TRUE(total > 50);
    int failures_seen = 0, reported = 0;
    for (long n = 1; n <= total; n++) {
        scenario(n, &s);
        if (s.broken) fprintf(stderr, "\n    allocation %ld of %ld: broken\n", n, total);
        CU_ASSERT_EQUAL(s.broken, 0);
        failures_seen += g_failed;
        reported += s.oom_errors > 0;
        if (g_failed && !s.oom_errors) fprintf(stderr, "\n    allocation %ld of %ld failed unreported\n", n, total);
    }
    /* every allocation of the scenario was failed once, and each failure
     * was reported as out of memory by the request that met it */
    CU_ASSERT_EQUAL(failures_seen, total);
    if (reported != failures_seen)
        fprintf(stderr, "\n    %d of %d failed allocations reported as out of memory\n", reported, failures_seen);
    CU_ASSERT_EQUAL(reported, failures_seen);
}

int main(void)
{
    CU_TestInfo tests[] = {
        {"every allocation of a scenario fails once", test_every_allocation_fails_once},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {{"oom", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
