/* State machine: job operations, targets, deletion, cancel, completion,
 * CONTINUOUS membership, registry and output shapes. */
#include "cu_support.h"
#include "test_machine_support.h"

static void setup_things(tm *t, int n)
{
    char name[32];
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "t%d", i);
        CU_ASSERT_EQUAL(mk_thing(t, name), JR_ERR_NONE);
    }
}

static void test_create_describe_shapes(void)
{
    tm *t = tm_new(0);
    setup_things(t, 2);
    jr_request r = rq(JR_OP_CREATE_JOB);
    r.job_id = S("j1");
    r.document = S("{}");
    r.description = S("desc");
    const char *tg[] = {ARN_T("t0"), ARN_T("t1")};
    rq_targets(&r, 2, tg);
    r.timeout_config.present = true;
    r.timeout_config.in_progress_timeout_minutes = (jr_opt_i64){true, 5};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "jobArn")->valuestring, "arn:aws:iot:us-east-1:123456789012:job/j1");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "jobId")->valuestring, "j1");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "description")->valuestring, "desc");
    tm_advance(t, 123);
    cJSON *j = job_of(t, "j1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "status")->valuestring, "IN_PROGRESS");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "targetSelection")->valuestring, "SNAPSHOT");
    CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(j, "forceCanceled")));
    CU_ASSERT_TRUE(cJSON_IsBool(cJSON_GetObjectItem(j, "isConcurrent")));
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(j, "targets")), 2);
    CU_ASSERT_TRUE(cJSON_IsNumber(cJSON_GetObjectItem(j, "createdAt")));
    CU_ASSERT_DOUBLE_EQUAL(jnum(j, "createdAt"), 1700000000.0, 0.0001);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(j, "completedAt"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t->body, "\"createdAt\":1700000000.000"));
    cJSON *d = cJSON_GetObjectItem(j, "jobProcessDetails");
    CU_ASSERT_EQUAL(jnum(d, "numberOfQueuedThings"), 2);
    const char *names[] = {"numberOfInProgressThings", "numberOfSucceededThings", "numberOfFailedThings",
                           "numberOfRejectedThings", "numberOfTimedOutThings", "numberOfRemovedThings",
                           "numberOfCanceledThings"};
    for (int i = 0; i < 7; i++) CU_ASSERT_EQUAL(jnum(d, names[i]), 0);
    CU_ASSERT_TRUE(cJSON_IsArray(cJSON_GetObjectItem(d, "processingTargets")));
    CU_ASSERT_EQUAL(jnum(cJSON_GetObjectItem(j, "timeoutConfig"), "inProgressTimeoutInMinutes"), 5);
    /* GetJobDocument */
    r = rq(JR_OP_GET_JOB_DOCUMENT);
    r.job_id = S("j1");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "document")->valuestring, "{}");
    r = rq(JR_OP_GET_JOB_DOCUMENT);
    r.job_id = S("nope");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_PTR_NULL(job_of(t, "nope"));
    CU_ASSERT_EQUAL(t->err.type, JR_ERR_RESOURCE_NOT_FOUND);
    /* document source: DescribeJob has documentSource, GetJobDocument no document */
    r = rq(JR_OP_CREATE_JOB);
    r.job_id = S("j2");
    r.document_source = S("https://s3.amazonaws.com/b/k");
    rq_targets(&r, 1, tg);
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(t->json, "description"));
    r = rq(JR_OP_DESCRIBE_JOB);
    r.job_id = S("j2");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "documentSource")->valuestring, "https://s3.amazonaws.com/b/k");
    r = rq(JR_OP_GET_JOB_DOCUMENT);
    r.job_id = S("j2");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(t->json, "document"));
    tm_free(t);
}

static void test_create_errors(void)
{
    tm *t = tm_new(0);
    setup_things(t, 1);
    CU_ASSERT_EQUAL(mk_job1(t, "j1", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(t, "j1", ARN_T("t0")), JR_ERR_RESOURCE_ALREADY_EXISTS);
    CU_ASSERT_STRING_EQUAL(t->err.resource_id, "j1");
    CU_ASSERT_STRING_EQUAL(t->err.resource_arn, "arn:aws:iot:us-east-1:123456789012:job/j1");
    CU_ASSERT_EQUAL(mk_job1(t, "j2", ARN_T("missing")), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_PTR_NOT_NULL(strstr(t->err.message, ARN_T("missing")));
    CU_ASSERT_EQUAL(mk_job1(t, "j2", ARN_G("missing")), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(mk_job1(t, "j2", "arn:aws:iot:eu-west-1:123456789012:thing/t0"), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(mk_job1(t, "j2", "arn:aws:iot:us-east-1:999999999999:thing/t0"), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(mk_job1(t, "j2", "garbage"), JR_ERR_INVALID_REQUEST);
    /* hand-built odd requests */
    jr_request r = rq(JR_OP_CREATE_JOB);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    r = rq(JR_OP_CREATE_JOB);
    r.job_id = S("j3");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    r = rq(JR_OP_NONE);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    r = rq((jr_op)999);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    jr_machine_stats st;
    jr_machine_stats_get(t->m, &st);
    CU_ASSERT_EQUAL(st.jobs, 1);
    CU_ASSERT_EQUAL(st.executions, 1);
    tm_free(t);

    t = tm_new(JR_FAULT_BIT(JR_FAULT_DUPLICATE_JOB_WRONG_ERROR) | JR_FAULT_BIT(JR_FAULT_UNKNOWN_TARGET_ACCEPTED));
    setup_things(t, 1);
    CU_ASSERT_EQUAL(mk_job1(t, "j1", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(t, "j1", ARN_T("t0")), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(mk_job1(t, "j2", ARN_T("missing")), JR_ERR_NONE);
    tm_free(t);
}

static void make_targets(char arns[][96], const char **p, int n, int offset)
{
    for (int i = 0; i < n; i++) {
        snprintf(arns[i], 96, "arn:aws:iot:us-east-1:123456789012:thing/t%d", i + offset);
        p[i] = arns[i];
    }
}

static void test_target_limits(void)
{
    static char arns[110][96];
    const char *p[110];
    for (int fault = 0; fault < 2; fault++) {
        tm *t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_NO_TARGET_LIMIT) : 0);
        setup_things(t, 110);
        make_targets(arns, p, 101, 0);
        CU_ASSERT_EQUAL(mk_job(t, "j100", false, 100, p), JR_ERR_NONE);
        CU_ASSERT_EQUAL(mk_job(t, "j101", false, 101, p), fault ? JR_ERR_NONE : JR_ERR_LIMIT_EXCEEDED);
        /* duplicates count once */
        const char *dup[101];
        for (int i = 0; i < 101; i++) dup[i] = p[i % 100];
        CU_ASSERT_EQUAL(mk_job(t, "jdup", false, 101, dup), JR_ERR_NONE);
        /* AssociateTargetsWithJob counts existing targets */
        CU_ASSERT_EQUAL(mk_job(t, "c", true, 99, p), JR_ERR_NONE);
        jr_request r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
        r.job_id = S("c");
        rq_targets(&r, 2, p + 98); /* t98 existing + t99 new = 100 */
        CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_NONE);
        r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
        r.job_id = S("c");
        rq_targets(&r, 1, p + 100);
        CU_ASSERT_EQUAL(run_e(t, &r), fault ? JR_ERR_NONE : JR_ERR_LIMIT_EXCEEDED);
        CU_ASSERT_EQUAL(job_counter(t, "c", "numberOfQueuedThings"), fault ? 101 : 100);
        tm_free(t);
    }
}

static void test_associate(void)
{
    tm *t = tm_new(0);
    setup_things(t, 3);
    const char *a0 = ARN_T("t0");
    CU_ASSERT_EQUAL(mk_job(t, "c", true, 1, &a0), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job(t, "s", false, 1, &a0), JR_ERR_NONE);
    jr_request r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
    r.job_id = S("c");
    r.comment = S("more");
    const char *more[] = {ARN_T("t1"), ARN_T("t2")};
    rq_targets(&r, 2, more);
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "jobId")->valuestring, "c");
    CU_ASSERT_EQUAL(job_counter(t, "c", "numberOfQueuedThings"), 3);
    cJSON *j = job_of(t, "c");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "comment")->valuestring, "more");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(j, "targets")), 3);
    /* errors */
    r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
    r.job_id = S("nope");
    rq_targets(&r, 1, more);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
    r.job_id = S("s");
    rq_targets(&r, 1, more);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
    r.job_id = S("c");
    const char *bad = ARN_T("missing");
    rq_targets(&r, 1, &bad);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(cancel_job(t, "c", false), JR_ERR_NONE);
    r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
    r.job_id = S("c");
    rq_targets(&r, 1, more);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    tm_free(t);

    t = tm_new(JR_FAULT_BIT(JR_FAULT_SNAPSHOT_ASSOCIATION) | JR_FAULT_BIT(JR_FAULT_ASSOCIATE_ANY_STATUS));
    setup_things(t, 2);
    CU_ASSERT_EQUAL(mk_job(t, "s", false, 1, &a0), JR_ERR_NONE);
    CU_ASSERT_EQUAL(cancel_job(t, "s", false), JR_ERR_NONE);
    r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
    r.job_id = S("s");
    rq_targets(&r, 1, more);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_NONE);
    tm_free(t);
}

static void test_cancel_job(void)
{
    tm *t = tm_new(0);
    setup_things(t, 3);
    const char *tg[] = {ARN_T("t0"), ARN_T("t1"), ARN_T("t2")};
    CU_ASSERT_EQUAL(mk_job(t, "j", false, 3, tg), JR_ERR_NONE);
    CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE);
    jr_request r = rq(JR_OP_CANCEL_JOB);
    r.job_id = S("j");
    r.reason_code = S("WHY");
    r.comment = S("because");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "jobId")->valuestring, "j");
    cJSON *j = job_of(t, "j");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "status")->valuestring, "CANCELED");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "reasonCode")->valuestring, "WHY");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "comment")->valuestring, "because");
    CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(j, "forceCanceled")));
    CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "j"), "IN_PROGRESS");
    CU_ASSERT_STRING_EQUAL(exec_status(t, "t1", "j"), "CANCELED");
    /* already canceled, no force → error; with force and IN_PROGRESS left → ok */
    CU_ASSERT_EQUAL(cancel_job(t, "j", false), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(cancel_job(t, "j", true), JR_ERR_NONE);
    CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "j"), "CANCELED");
    cJSON *e = exec_of(t, "t0", "j", 0);
    CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(e, "forceCanceled")));
    j = job_of(t, "j");
    CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(j, "forceCanceled")));
    CU_ASSERT_EQUAL(cancel_job(t, "j", true), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(cancel_job(t, "nope", false), JR_ERR_RESOURCE_NOT_FOUND);
    /* COMPLETED → error */
    CU_ASSERT_EQUAL(mk_job1(t, "k", ARN_T("t2")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(update_exec(t, "t2", "k", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
    CU_ASSERT_STRING_EQUAL(job_status(t, "k"), "COMPLETED");
    CU_ASSERT_EQUAL(cancel_job(t, "k", false), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(cancel_job(t, "k", true), JR_ERR_INVALID_REQUEST);
    tm_free(t);

    /* cancel-ignores-force: IN_PROGRESS canceled without force */
    for (int fault = 0; fault < 2; fault++) {
        t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_CANCEL_IGNORES_FORCE) : 0);
        setup_things(t, 1);
        CU_ASSERT_EQUAL(mk_job1(t, "j", ARN_T("t0")), JR_ERR_NONE);
        CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE);
        CU_ASSERT_EQUAL(cancel_job(t, "j", false), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "j"), fault ? "CANCELED" : "IN_PROGRESS");
        tm_free(t);
    }
}

static void test_snapshot_completion(void)
{
    for (int fault = 0; fault < 2; fault++) {
        tm *t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_SNAPSHOT_NEVER_COMPLETES) : 0);
        setup_things(t, 2);
        CU_ASSERT_EQUAL(mk_group(t, "empty", NULL), JR_ERR_NONE);
        CU_ASSERT_EQUAL(mk_job1(t, "e", ARN_G("empty")), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(job_status(t, "e"), fault ? "IN_PROGRESS" : "COMPLETED");
        const char *tg[] = {ARN_T("t0"), ARN_T("t1")};
        CU_ASSERT_EQUAL(mk_job(t, "j", false, 2, tg), JR_ERR_NONE);
        CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(job_status(t, "j"), "IN_PROGRESS");
        tm_advance(t, 1500);
        CU_ASSERT_EQUAL(update_exec(t, "t1", "j", JR_EXEC_FAILED), JR_ERR_NONE);
        cJSON *j = job_of(t, "j");
        CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "status")->valuestring, fault ? "IN_PROGRESS" : "COMPLETED");
        if (!fault) CU_ASSERT_DOUBLE_EQUAL(jnum(j, "completedAt"), 1700000001.5, 0.0001);
        /* CONTINUOUS never completes */
        CU_ASSERT_EQUAL(mk_job(t, "c", true, 1, tg), JR_ERR_NONE);
        CU_ASSERT_EQUAL(update_exec(t, "t0", "c", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(job_status(t, "c"), "IN_PROGRESS");
        tm_free(t);
    }
}

static void test_deletion_flow(void)
{
    tm *t = tm_new(0);
    setup_things(t, 1);
    CU_ASSERT_EQUAL(mk_job1(t, "j", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(delete_job(t, "j", false), JR_ERR_INVALID_STATE_TRANSITION);
    CU_ASSERT_EQUAL(delete_job(t, "nope", true), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(delete_job(t, "j", true), JR_ERR_NONE);
    CU_ASSERT_STRING_EQUAL(job_status(t, "j"), "DELETION_IN_PROGRESS");
    CU_ASSERT_EQUAL(delete_job(t, "j", true), JR_ERR_INVALID_STATE_TRANSITION);
    CU_ASSERT_EQUAL(cancel_job(t, "j", true), JR_ERR_INVALID_REQUEST);
    jr_request r = rq(JR_OP_UPDATE_JOB);
    r.job_id = S("j");
    r.description = S("x");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(mk_job1(t, "j", ARN_T("t0")), JR_ERR_RESOURCE_ALREADY_EXISTS);
    /* not pending on the data plane; device updates rejected */
    r = rq(JR_OP_GET_PENDING_JOB_EXECUTIONS);
    r.thing_name = S("t0");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "queuedJobs")), 0);
    CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_IN_PROGRESS), JR_ERR_INVALID_STATE_TRANSITION);
    /* listed by ListJobs */
    r = rq(JR_OP_LIST_JOBS);
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "jobs")), 1);
    tm_advance(t, 1999);
    CU_ASSERT_STRING_EQUAL(job_status(t, "j"), "DELETION_IN_PROGRESS");
    tm_advance(t, 1);
    CU_ASSERT_PTR_NULL(job_of(t, "j"));
    CU_ASSERT_EQUAL(t->err.type, JR_ERR_RESOURCE_NOT_FOUND);
    jr_machine_stats st;
    jr_machine_stats_get(t->m, &st);
    CU_ASSERT_EQUAL(st.executions, 0);
    CU_ASSERT_EQUAL(mk_job1(t, "j", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(job_of(t, "j"), "targets")), 1);
    tm_free(t);

    /* delay 0: DELETION_IN_PROGRESS observed in the DeleteJob call only */
    t = tm_new_cfg(0, 0);
    setup_things(t, 1);
    CU_ASSERT_EQUAL(mk_job1(t, "j", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(delete_job(t, "j", true), JR_ERR_NONE);
    jr_machine_stats_get(t->m, &st);
    CU_ASSERT_EQUAL(st.deletions_in_progress, 1);
    CU_ASSERT_PTR_NULL(job_of(t, "j"));
    tm_free(t);

    /* faults */
    t = tm_new(JR_FAULT_BIT(JR_FAULT_SYNC_DELETION));
    setup_things(t, 1);
    CU_ASSERT_EQUAL(mk_job1(t, "j", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(delete_job(t, "j", true), JR_ERR_NONE);
    CU_ASSERT_PTR_NULL(job_of(t, "j"));
    tm_free(t);
    t = tm_new(JR_FAULT_BIT(JR_FAULT_DELETE_IGNORES_FORCE));
    setup_things(t, 1);
    CU_ASSERT_EQUAL(mk_job1(t, "j", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(delete_job(t, "j", false), JR_ERR_NONE);
    tm_free(t);
    t = tm_new(JR_FAULT_BIT(JR_FAULT_DELETION_ACCEPTS_CHANGES));
    setup_things(t, 1);
    CU_ASSERT_EQUAL(mk_job1(t, "j", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(delete_job(t, "j", true), JR_ERR_NONE);
    CU_ASSERT_EQUAL(delete_job(t, "j", true), JR_ERR_NONE);
    CU_ASSERT_EQUAL(cancel_job(t, "j", false), JR_ERR_NONE);
    tm_free(t);
}

static void test_deletion_limit(void)
{
    for (int fault = 0; fault < 2; fault++) {
        tm *t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_NO_DELETION_LIMIT) : 0);
        setup_things(t, 1);
        char id[16];
        for (int i = 0; i < 11; i++) {
            snprintf(id, sizeof id, "j%d", i);
            CU_ASSERT_EQUAL(mk_job1(t, id, ARN_T("t0")), JR_ERR_NONE);
        }
        for (int i = 0; i < 10; i++) {
            snprintf(id, sizeof id, "j%d", i);
            CU_ASSERT_EQUAL(delete_job(t, id, true), JR_ERR_NONE);
        }
        CU_ASSERT_EQUAL(delete_job(t, "j10", true), fault ? JR_ERR_NONE : JR_ERR_LIMIT_EXCEEDED);
        tm_advance(t, 2000);
        if (!fault) CU_ASSERT_EQUAL(delete_job(t, "j10", true), JR_ERR_NONE);
        tm_free(t);
    }
}

static void test_update_job(void)
{
    tm *t = tm_new(0);
    setup_things(t, 1);
    CU_ASSERT_EQUAL(mk_job1(t, "j", ARN_T("t0")), JR_ERR_NONE);
    tm_advance(t, 5000);
    jr_request r = rq(JR_OP_UPDATE_JOB);
    r.job_id = S("j");
    r.description = S("new");
    r.presigned_url_config = (jr_presigned_url_config){true, S("arn:aws:iam::123456789012:role/r"), {true, 600}};
    r.rollout_config.present = true;
    r.rollout_config.maximum_per_minute = (jr_opt_i64){true, 7};
    r.abort_config.present = true;
    r.abort_config.criteria = calloc(1, sizeof(jr_abort_criteria));
    r.abort_config.criteria[0] = (jr_abort_criteria){JR_FAILURE_ALL, JR_ABORT_CANCEL, 50, 10};
    r.abort_config.count = 1;
    r.retry_config.present = true;
    r.retry_config.criteria = calloc(1, sizeof(jr_retry_criteria));
    r.retry_config.criteria[0] = (jr_retry_criteria){JR_RETRY_FAILED, 2};
    r.retry_config.count = 1;
    r.timeout_config.present = true;
    r.timeout_config.in_progress_timeout_minutes = (jr_opt_i64){true, 9};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(t->body, "{}");
    cJSON *j = job_of(t, "j");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "description")->valuestring, "new");
    CU_ASSERT_DOUBLE_EQUAL(jnum(j, "lastUpdatedAt"), 1700000005.0, 0.0001);
    CU_ASSERT_EQUAL(jnum(cJSON_GetObjectItem(j, "presignedUrlConfig"), "expiresInSec"), 600);
    CU_ASSERT_EQUAL(jnum(cJSON_GetObjectItem(j, "jobExecutionsRolloutConfig"), "maximumPerMinute"), 7);
    cJSON *ac = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "abortConfig"), "criteriaList"), 0);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(ac, "failureType")->valuestring, "ALL");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(ac, "action")->valuestring, "CANCEL");
    cJSON *rc = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "jobExecutionsRetryConfig"), "criteriaList"), 0);
    CU_ASSERT_EQUAL(jnum(rc, "numberOfRetries"), 2);
    CU_ASSERT_EQUAL(jnum(cJSON_GetObjectItem(j, "timeoutConfig"), "inProgressTimeoutInMinutes"), 9);
    r = rq(JR_OP_UPDATE_JOB);
    r.job_id = S("nope");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    tm_free(t);
}

static void test_continuous_membership(void)
{
    for (int fault = 0; fault < 2; fault++) {
        tm *t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_CONTINUOUS_IGNORES_MEMBERSHIP) : 0);
        setup_things(t, 3);
        CU_ASSERT_EQUAL(mk_group(t, "g", NULL), JR_ERR_NONE);
        CU_ASSERT_EQUAL(mk_group(t, "child", "g"), JR_ERR_NONE);
        CU_ASSERT_EQUAL(mk_group(t, "other", NULL), JR_ERR_NONE);
        CU_ASSERT_EQUAL(add_to(t, "t0", "g"), JR_ERR_NONE);
        const char *g = ARN_G("g");
        CU_ASSERT_EQUAL(mk_job(t, "c", true, 1, &g), JR_ERR_NONE);
        CU_ASSERT_EQUAL(job_counter(t, "c", "numberOfQueuedThings"), 1);
        /* join via child group */
        CU_ASSERT_EQUAL(add_to(t, "t1", "child"), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t1", "c"), fault ? "(none)" : "QUEUED");
        /* join twice (also other group): still one execution */
        CU_ASSERT_EQUAL(add_to(t, "t1", "g"), JR_ERR_NONE);
        CU_ASSERT_EQUAL(job_counter(t, "c", "numberOfQueuedThings"), fault ? 1 : 2);
        /* leave one path, still targeted through the other */
        CU_ASSERT_EQUAL(remove_from(t, "t1", "child"), JR_ERR_NONE);
        CU_ASSERT_EQUAL(job_counter(t, "c", "numberOfQueuedThings"), fault ? 1 : 2);
        /* leave the last path → REMOVED */
        CU_ASSERT_EQUAL(remove_from(t, "t1", "g"), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t1", "c"), fault ? "(none)" : "REMOVED");
        /* re-join after REMOVED → fresh execution number 3 */
        CU_ASSERT_EQUAL(add_to(t, "t1", "g"), JR_ERR_NONE);
        if (!fault) {
            cJSON *e = exec_of(t, "t1", "c", 0);
            CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "status")->valuestring, "QUEUED");
            CU_ASSERT_EQUAL(jnum(e, "executionNumber"), 3);
        }
        /* IN_PROGRESS execution removed on leave */
        CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE);
        CU_ASSERT_EQUAL(remove_from(t, "t0", "g"), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "c"), fault ? "IN_PROGRESS" : "REMOVED");
        /* SUCCEEDED thing does not get a second execution on re-join */
        if (!fault) {
            CU_ASSERT_EQUAL(update_exec(t, "t1", "c", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
            CU_ASSERT_EQUAL(add_to(t, "t1", "child"), JR_ERR_NONE);
            CU_ASSERT_STRING_EQUAL(exec_status(t, "t1", "c"), "SUCCEEDED");
        }
        /* DeleteThingGroup makes members leave */
        CU_ASSERT_EQUAL(add_to(t, "t2", "child"), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t2", "c"), fault ? "(none)" : "QUEUED");
        jr_request r = rq(JR_OP_DELETE_THING_GROUP);
        r.thing_group_name = S("g");
        CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST); /* has a child */
        r = rq(JR_OP_DELETE_THING_GROUP);
        r.thing_group_name = S("child");
        CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t2", "c"), fault ? "(none)" : "REMOVED");
        /* canceled job: no new executions */
        CU_ASSERT_EQUAL(cancel_job(t, "c", false), JR_ERR_NONE);
        CU_ASSERT_EQUAL(add_to(t, "t2", "g"), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t2", "c"), fault ? "(none)" : "REMOVED");
        tm_free(t);
    }
}

static void test_snapshot_groups_and_delete_thing(void)
{
    tm *t = tm_new(0);
    setup_things(t, 3);
    CU_ASSERT_EQUAL(mk_group(t, "g", NULL), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_group(t, "child", "g"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(add_to(t, "t0", "g"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(add_to(t, "t1", "child"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(add_to(t, "t0", "child"), JR_ERR_NONE);
    const char *tg[] = {ARN_G("g"), ARN_T("t0")};
    CU_ASSERT_EQUAL(mk_job(t, "s", false, 2, tg), JR_ERR_NONE);
    CU_ASSERT_EQUAL(job_counter(t, "s", "numberOfQueuedThings"), 2); /* t0 once, t1 */
    /* SNAPSHOT ignores later joins */
    CU_ASSERT_EQUAL(add_to(t, "t2", "g"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(job_counter(t, "s", "numberOfQueuedThings"), 2);
    /* DeleteThing: pending executions REMOVED */
    jr_request r = rq(JR_OP_DELETE_THING);
    r.thing_name = S("t1");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_NONE);
    CU_ASSERT_EQUAL(job_counter(t, "s", "numberOfRemovedThings"), 1);
    r = rq(JR_OP_DELETE_THING);
    r.thing_name = S("t1");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    r = rq(JR_OP_LIST_THINGS_IN_THING_GROUP);
    r.thing_group_name = S("g");
    r.recursive = (jr_opt_bool){true, true};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "things")), 2);
    CU_ASSERT_EQUAL(update_exec(t, "t0", "s", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
    CU_ASSERT_STRING_EQUAL(job_status(t, "s"), "COMPLETED");
    tm_free(t);
}

static void test_registry(void)
{
    tm *t = tm_new(0);
    jr_request r = rq(JR_OP_CREATE_THING);
    r.thing_name = S("t");
    r.attributes.present = true;
    r.attributes.items = calloc(1, sizeof(jr_kv));
    r.attributes.items[0] = (jr_kv){S("a"), S("1")};
    r.attributes.count = 1;
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "thingArn")->valuestring, ARN_T("t"));
    char id[64];
    snprintf(id, sizeof id, "%s", cJSON_GetObjectItem(t->json, "thingId")->valuestring);
    CU_ASSERT_EQUAL(strlen(id), 36);
    r = rq(JR_OP_CREATE_THING);
    r.thing_name = S("t");
    r.attributes.present = true;
    r.attributes.items = calloc(1, sizeof(jr_kv));
    r.attributes.items[0] = (jr_kv){S("a"), S("1")};
    r.attributes.count = 1;
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "thingId")->valuestring, id);
    CU_ASSERT_EQUAL(mk_thing(t, "t"), JR_ERR_RESOURCE_ALREADY_EXISTS);
    r = rq(JR_OP_DESCRIBE_THING);
    r.thing_name = S("t");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "defaultClientId")->valuestring, "t");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(cJSON_GetObjectItem(t->json, "attributes"), "a")->valuestring, "1");
    CU_ASSERT_EQUAL(jnum(t->json, "version"), 1);
    r = rq(JR_OP_DESCRIBE_THING);
    r.thing_name = S("zz");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    /* groups */
    CU_ASSERT_EQUAL(mk_group(t, "c", "missing"), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(mk_group(t, "p", NULL), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_group(t, "c", "p"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_group(t, "c", "p"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_group(t, "c", NULL), JR_ERR_RESOURCE_ALREADY_EXISTS);
    r = rq(JR_OP_DESCRIBE_THING_GROUP);
    r.thing_group_name = S("c");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    cJSON *md = cJSON_GetObjectItem(t->json, "thingGroupMetadata");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(md, "parentGroupName")->valuestring, "p");
    CU_ASSERT_TRUE(cJSON_IsNumber(cJSON_GetObjectItem(md, "creationDate")));
    CU_ASSERT_TRUE(cJSON_IsObject(cJSON_GetObjectItem(t->json, "thingGroupProperties")));
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(t->json, "thingGroupArn")->valuestring, ARN_G("c"));
    r = rq(JR_OP_DESCRIBE_THING_GROUP);
    r.thing_group_name = S("zz");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    r = rq(JR_OP_DELETE_THING_GROUP);
    r.thing_group_name = S("zz");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_NONE);
    /* add/remove by ARN, idempotent, 404s */
    r = rq(JR_OP_ADD_THING_TO_THING_GROUP);
    r.thing_arn = S(ARN_T("t"));
    r.thing_group_arn = S(ARN_G("c"));
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_NONE);
    CU_ASSERT_EQUAL(add_to(t, "t", "c"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(add_to(t, "zz", "c"), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(add_to(t, "t", "zz"), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(remove_from(t, "zz", "c"), JR_ERR_RESOURCE_NOT_FOUND);
    r = rq(JR_OP_LIST_THINGS_IN_THING_GROUP);
    r.thing_group_name = S("p");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "things")), 0);
    r = rq(JR_OP_LIST_THINGS_IN_THING_GROUP);
    r.thing_group_name = S("p");
    r.recursive = (jr_opt_bool){true, true};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItem(t->json, "things"), 0)->valuestring, "t");
    r = rq(JR_OP_LIST_THINGS_IN_THING_GROUP);
    r.thing_group_name = S("zz");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(remove_from(t, "t", "c"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(remove_from(t, "t", "c"), JR_ERR_NONE);
    jr_machine_stats st;
    jr_machine_stats_get(t->m, &st);
    CU_ASSERT_EQUAL(st.things, 1);
    CU_ASSERT_EQUAL(st.groups, 2);
    jr_machine_reset(t->m);
    jr_machine_stats_get(t->m, &st);
    CU_ASSERT_EQUAL(st.things, 0);
    CU_ASSERT_EQUAL(mk_thing(t, "t"), JR_ERR_NONE);
    tm_free(t);
}

static void test_stale_counters(void)
{
    tm *t = tm_new(JR_FAULT_BIT(JR_FAULT_STALE_COUNTERS));
    setup_things(t, 2);
    const char *tg[] = {ARN_T("t0"), ARN_T("t1")};
    CU_ASSERT_EQUAL(mk_job(t, "j", false, 2, tg), JR_ERR_NONE);
    CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_IN_PROGRESS), JR_ERR_NONE);
    CU_ASSERT_EQUAL(job_counter(t, "j", "numberOfQueuedThings"), 2);
    CU_ASSERT_EQUAL(job_counter(t, "j", "numberOfInProgressThings"), 0);
    jr_machine_set_faults(t->m, 0);
    CU_ASSERT_EQUAL(job_counter(t, "j", "numberOfQueuedThings"), 1);
    CU_ASSERT_EQUAL(job_counter(t, "j", "numberOfInProgressThings"), 1);
    CU_ASSERT_EQUAL(jr_machine_faults(t->m), 0);
    tm_free(t);
}

int main(void)
{
    CU_TestInfo tests[] = {{"create/describe shapes", test_create_describe_shapes},
                           {"create errors", test_create_errors},
                           {"100/101 targets", test_target_limits},
                           {"associate targets", test_associate},
                           {"cancel job", test_cancel_job},
                           {"snapshot completion", test_snapshot_completion},
                           {"deletion flow", test_deletion_flow},
                           {"10/11 deletions", test_deletion_limit},
                           {"update job", test_update_job},
                           {"continuous membership", test_continuous_membership},
                           {"snapshot groups, delete thing", test_snapshot_groups_and_delete_thing},
                           {"registry", test_registry},
                           {"stale counters", test_stale_counters},
                           CU_TEST_INFO_NULL};
    CU_SuiteInfo suites[] = {{"machine_jobs", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
