/* State machine: executions. The device transition table exhaustively, the
 * service-side transitions, data-plane shapes, versions, timers, rollout,
 * abort, retry and scheduling on the virtual clock. */
#include "cu_support.h"
#include "test_machine_support.h"

/* A fresh machine with thing t0 in group g, CONTINUOUS job j on g (timeout
 * 1 min), its execution on t0 driven to `from` through real operations. */
static tm *reach(jr_exec_status from, jr_fault_set faults)
{
    tm *t = tm_new(faults);
    CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_group(t, "g", NULL), JR_ERR_NONE);
    CU_ASSERT_EQUAL(add_to(t, "t0", "g"), JR_ERR_NONE);
    jr_request r = rq(JR_OP_CREATE_JOB);
    r.job_id = S("j");
    r.document = S("{}");
    r.has_target_selection = true;
    r.target_selection = JR_TARGET_CONTINUOUS;
    const char *g = ARN_G("g");
    rq_targets(&r, 1, &g);
    r.timeout_config.present = true;
    r.timeout_config.in_progress_timeout_minutes = (jr_opt_i64){true, 1};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    switch (from) {
    case JR_EXEC_QUEUED: break;
    case JR_EXEC_IN_PROGRESS: CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE); break;
    case JR_EXEC_SUCCEEDED:
    case JR_EXEC_FAILED:
    case JR_EXEC_REJECTED: CU_ASSERT_EQUAL(update_exec(t, "t0", "j", from), JR_ERR_NONE); break;
    case JR_EXEC_TIMED_OUT:
        CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE);
        tm_advance(t, 60000);
        break;
    case JR_EXEC_REMOVED: CU_ASSERT_EQUAL(remove_from(t, "t0", "g"), JR_ERR_NONE); break;
    case JR_EXEC_CANCELED: CU_ASSERT_EQUAL(cancel_exec(t, "t0", "j", false), JR_ERR_NONE); break;
    default: break;
    }
    CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "j"), jr_exec_status_name(from));
    return t;
}

static bool device_settable(jr_exec_status s)
{
    return s == JR_EXEC_IN_PROGRESS || s == JR_EXEC_SUCCEEDED || s == JR_EXEC_FAILED || s == JR_EXEC_REJECTED;
}

static void test_device_transition_table(void)
{
    for (int f = 0; f < JR_EXEC_STATUS_COUNT; f++) {
        for (int to = 0; to < JR_EXEC_STATUS_COUNT; to++) {
            tm *t = reach((jr_exec_status)f, 0);
            cJSON *e = exec_of(t, "t0", "j", 0);
            int v0 = (int)jnum(e, "versionNumber");
            jr_error_type want = !device_settable((jr_exec_status)to)                ? JR_ERR_INVALID_REQUEST
                                 : jr_exec_status_is_terminal((jr_exec_status)f) ? JR_ERR_INVALID_STATE_TRANSITION
                                                                                  : JR_ERR_NONE;
            jr_error_type got = update_exec(t, "t0", "j", (jr_exec_status)to);
            if (got != want)
                fprintf(stderr, "cell %s -> %s: got %d want %d\n", jr_exec_status_name((jr_exec_status)f),
                        jr_exec_status_name((jr_exec_status)to), (int)got, (int)want);
            CU_ASSERT_EQUAL(got, want);
            e = exec_of(t, "t0", "j", 0);
            const char *now = cJSON_GetObjectItem(e, "status")->valuestring;
            CU_ASSERT_STRING_EQUAL(now, jr_exec_status_name(want == JR_ERR_NONE ? (jr_exec_status)to : (jr_exec_status)f));
            CU_ASSERT_EQUAL((int)jnum(e, "versionNumber"), want == JR_ERR_NONE ? v0 + 1 : v0);
            tm_free(t);
        }
    }
    /* terminal-reopens: terminal executions accept updates */
    tm *t = reach(JR_EXEC_SUCCEEDED, JR_FAULT_BIT(JR_FAULT_TERMINAL_REOPENS));
    CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_IN_PROGRESS), JR_ERR_NONE);
    CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_QUEUED), JR_ERR_INVALID_REQUEST);
    tm_free(t);
}

static void test_service_transitions(void)
{
    for (int f = 0; f < JR_EXEC_STATUS_COUNT; f++) {
        bool term = jr_exec_status_is_terminal((jr_exec_status)f);
        for (int force = 0; force < 2; force++) {
            tm *t = reach((jr_exec_status)f, 0);
            jr_error_type want = term ? JR_ERR_INVALID_STATE_TRANSITION
                                 : (f == JR_EXEC_IN_PROGRESS && !force) ? JR_ERR_INVALID_STATE_TRANSITION
                                                                          : JR_ERR_NONE;
            CU_ASSERT_EQUAL(cancel_exec(t, "t0", "j", force), want);
            if (want == JR_ERR_NONE) {
                cJSON *e = exec_of(t, "t0", "j", 0);
                CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "status")->valuestring, "CANCELED");
                CU_ASSERT_EQUAL(cJSON_IsTrue(cJSON_GetObjectItem(e, "forceCanceled")), force);
            }
            tm_free(t);
            t = reach((jr_exec_status)f, 0);
            want = (term || force) ? JR_ERR_NONE : JR_ERR_INVALID_STATE_TRANSITION;
            CU_ASSERT_EQUAL(delete_exec(t, "t0", "j", 1, force), want);
            CU_ASSERT_EQUAL(job_counter(t, "j", "numberOfQueuedThings") + job_counter(t, "j", "numberOfInProgressThings") +
                                job_counter(t, "j", "numberOfSucceededThings") +
                                job_counter(t, "j", "numberOfFailedThings") +
                                job_counter(t, "j", "numberOfRejectedThings") +
                                job_counter(t, "j", "numberOfTimedOutThings") +
                                job_counter(t, "j", "numberOfRemovedThings") +
                                job_counter(t, "j", "numberOfCanceledThings"),
                            want == JR_ERR_NONE ? 0 : 1);
            if (want == JR_ERR_NONE) CU_ASSERT_PTR_NULL(exec_of(t, "t0", "j", 0));
            tm_free(t);
        }
    }
    /* 404s and version conflict */
    tm *t = reach(JR_EXEC_QUEUED, 0);
    CU_ASSERT_EQUAL(delete_exec(t, "t0", "j", 2, true), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(delete_exec(t, "t0", "nope", 1, true), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(cancel_exec(t, "nothing", "j", false), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(cancel_exec(t, "t0", "nope", false), JR_ERR_RESOURCE_NOT_FOUND);
    jr_request r = rq(JR_OP_CANCEL_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("j");
    r.expected_version = (jr_opt_i64){true, 7};
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_VERSION_CONFLICT);
    r = rq(JR_OP_CANCEL_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("j");
    r.expected_version = (jr_opt_i64){true, 1};
    rq_details(&r, "why", "ops");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_NONE);
    cJSON *e = exec_of(t, "t0", "j", 0);
    cJSON *dm = cJSON_GetObjectItem(cJSON_GetObjectItem(e, "statusDetails"), "detailsMap");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(dm, "why")->valuestring, "ops");
    r = rq(JR_OP_DELETE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("j");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    tm_free(t);
    /* faults */
    t = reach(JR_EXEC_IN_PROGRESS, JR_FAULT_BIT(JR_FAULT_EXEC_CANCEL_IGNORES_FORCE));
    CU_ASSERT_EQUAL(cancel_exec(t, "t0", "j", false), JR_ERR_NONE);
    tm_free(t);
    t = reach(JR_EXEC_IN_PROGRESS, JR_FAULT_BIT(JR_FAULT_EXEC_DELETE_IGNORES_FORCE));
    CU_ASSERT_EQUAL(delete_exec(t, "t0", "j", 1, false), JR_ERR_NONE);
    tm_free(t);
    t = reach(JR_EXEC_QUEUED, JR_FAULT_BIT(JR_FAULT_NO_VERSION_CHECK));
    r = rq(JR_OP_CANCEL_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("j");
    r.expected_version = (jr_opt_i64){true, 7};
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_NONE);
    tm_free(t);
}

static void test_data_plane(void)
{
    tm *t = tm_new(0);
    CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(t, "a", ARN_T("t0")), JR_ERR_NONE);
    tm_advance(t, 10);
    CU_ASSERT_EQUAL(mk_job1(t, "b", ARN_T("t0")), JR_ERR_NONE);
    jr_request r = rq(JR_OP_GET_PENDING_JOB_EXECUTIONS);
    r.thing_name = S("t0");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    cJSON *q = cJSON_GetObjectItem(t->json, "queuedJobs");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(q), 2);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "inProgressJobs")), 0);
    cJSON *s0 = cJSON_GetArrayItem(q, 0);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(s0, "jobId")->valuestring, "a");
    CU_ASSERT_EQUAL(jnum(s0, "queuedAt"), (double)(T0 / 1000)); /* data-plane times: epoch seconds */
    CU_ASSERT_PTR_NOT_NULL(strstr(t->body, "\"queuedAt\":1700000000,"));
    CU_ASSERT_EQUAL(jnum(s0, "versionNumber"), 1);
    CU_ASSERT_EQUAL(jnum(s0, "executionNumber"), 1);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(s0, "status"));
    /* $next describe does not change anything */
    r = rq(JR_OP_DATA_DESCRIBE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("$next");
    r.include_job_document = (jr_opt_bool){true, true};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    cJSON *e = cJSON_GetObjectItem(t->json, "execution");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "jobId")->valuestring, "a");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "status")->valuestring, "QUEUED");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "jobDocument")->valuestring, "{\"op\":\"x\"}");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "thingName")->valuestring, "t0");
    CU_ASSERT_TRUE(cJSON_IsObject(cJSON_GetObjectItem(e, "statusDetails")));
    /* StartNext takes the oldest QUEUED with details */
    tm_advance(t, 5);
    r = rq(JR_OP_START_NEXT_PENDING_JOB_EXECUTION);
    r.thing_name = S("t0");
    rq_details(&r, "k", "v");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    e = cJSON_GetObjectItem(t->json, "execution");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "jobId")->valuestring, "a");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "status")->valuestring, "IN_PROGRESS");
    CU_ASSERT_EQUAL(jnum(e, "startedAt"), (double)((T0 + 15) / 1000)); /* epoch seconds */
    CU_ASSERT_EQUAL(jnum(e, "versionNumber"), 2);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "statusDetails"), "k")->valuestring, "v");
    /* IN_PROGRESS first, returned as is */
    CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE);
    e = cJSON_GetObjectItem(t->json, "execution");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "jobId")->valuestring, "a");
    CU_ASSERT_EQUAL(jnum(e, "versionNumber"), 2);
    /* UpdateJobExecution output members */
    r = rq(JR_OP_UPDATE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("a");
    r.has_exec_status = true;
    r.exec_status = JR_EXEC_SUCCEEDED;
    r.expected_version = (jr_opt_i64){true, 2};
    r.include_job_execution_state = (jr_opt_bool){true, true};
    r.include_job_document = (jr_opt_bool){true, true};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    cJSON *es = cJSON_GetObjectItem(t->json, "executionState");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(es, "status")->valuestring, "SUCCEEDED");
    CU_ASSERT_EQUAL(jnum(es, "versionNumber"), 3);
    CU_ASSERT_TRUE(cJSON_IsString(cJSON_GetObjectItem(t->json, "jobDocument")));
    /* terminal returned by describe (200) */
    r = rq(JR_OP_DATA_DESCRIBE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("a");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    e = cJSON_GetObjectItem(t->json, "execution");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "status")->valuestring, "SUCCEEDED");
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(e, "jobDocument"));
    /* version conflict on the data plane */
    r = rq(JR_OP_UPDATE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("b");
    r.has_exec_status = true;
    r.exec_status = JR_EXEC_IN_PROGRESS;
    r.expected_version = (jr_opt_i64){true, 9};
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_VERSION_CONFLICT);
    r = rq(JR_OP_UPDATE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("b");
    r.has_exec_status = true;
    r.exec_status = JR_EXEC_IN_PROGRESS;
    r.execution_number = (jr_opt_i64){true, 5};
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    /* 404s */
    CU_ASSERT_EQUAL(start_next(t, "ghost", 0), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(update_exec(t, "ghost", "b", JR_EXEC_IN_PROGRESS), JR_ERR_RESOURCE_NOT_FOUND);
    CU_ASSERT_EQUAL(update_exec(t, "t0", "nope", JR_EXEC_IN_PROGRESS), JR_ERR_RESOURCE_NOT_FOUND);
    r = rq(JR_OP_GET_PENDING_JOB_EXECUTIONS);
    r.thing_name = S("ghost");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    r = rq(JR_OP_DATA_DESCRIBE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("nope");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    /* none pending: {} */
    CU_ASSERT_EQUAL(update_exec(t, "t0", "b", JR_EXEC_REJECTED), JR_ERR_NONE);
    CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE);
    CU_ASSERT_STRING_EQUAL(t->body, "{}");
    tm_free(t);

    /* start-next-wrong-order and version-not-incremented */
    t = tm_new(JR_FAULT_BIT(JR_FAULT_START_NEXT_WRONG_ORDER) | JR_FAULT_BIT(JR_FAULT_VERSION_NOT_INCREMENTED));
    CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(t, "a", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(t, "b", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE);
    e = cJSON_GetObjectItem(t->json, "execution");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "jobId")->valuestring, "b");
    CU_ASSERT_EQUAL(jnum(e, "versionNumber"), 1);
    tm_free(t);
}

static void test_describe_execution_control(void)
{
    for (int fault = 0; fault < 2; fault++) {
        tm *t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_DESCRIBE_FIRST_EXECUTION) : 0);
        CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
        jr_request r = rq(JR_OP_CREATE_JOB);
        r.job_id = S("j");
        r.document = S("{}");
        const char *a = ARN_T("t0");
        rq_targets(&r, 1, &a);
        r.retry_config.present = true;
        r.retry_config.criteria = calloc(1, sizeof(jr_retry_criteria));
        r.retry_config.criteria[0] = (jr_retry_criteria){JR_RETRY_ALL, 1};
        r.retry_config.count = 1;
        CU_ASSERT_EQUAL(run(t, &r), JR_OK);
        CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_FAILED), JR_ERR_NONE);
        cJSON *e = exec_of(t, "t0", "j", 0);
        CU_ASSERT_EQUAL(jnum(e, "executionNumber"), fault ? 1 : 2);
        CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "thingArn")->valuestring, ARN_T("t0"));
        CU_ASSERT_TRUE(cJSON_IsObject(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "statusDetails"), "detailsMap")));
        CU_ASSERT_TRUE(cJSON_IsNumber(cJSON_GetObjectItem(e, "queuedAt")));
        e = exec_of(t, "t0", "j", 1);
        CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "status")->valuestring, "FAILED");
        CU_ASSERT_PTR_NULL(exec_of(t, "t0", "j", 3));
        CU_ASSERT_PTR_NULL(exec_of(t, "zz", "j", 0));
        CU_ASSERT_PTR_NULL(exec_of(t, "t0", "zz", 0));
        tm_free(t);
    }
}

static void test_timers(void)
{
    tm *t = reach(JR_EXEC_IN_PROGRESS, 0); /* in-progress timeout 1 min */
    cJSON *e = exec_of(t, "t0", "j", 0);
    CU_ASSERT_EQUAL(jnum(e, "approximateSecondsBeforeTimedOut"), 60);
    tm_advance(t, 59999);
    CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "j"), "IN_PROGRESS");
    tm_advance(t, 1);
    e = exec_of(t, "t0", "j", 0);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "status")->valuestring, "TIMED_OUT");
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(e, "approximateSecondsBeforeTimedOut"));
    CU_ASSERT_EQUAL(jnum(e, "versionNumber"), 3);
    CU_ASSERT_EQUAL(job_counter(t, "j", "numberOfTimedOutThings"), 1);
    tm_free(t);

    /* step timers: shorter, replaced, cleared, capped by the in-progress one */
    tm *u = tm_new(0);
    CU_ASSERT_EQUAL(mk_thing(u, "t0"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(u, "j", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(start_next(u, "t0", 2), JR_ERR_NONE);
    CU_ASSERT_EQUAL(jnum(cJSON_GetObjectItem(u->json, "execution"), "approximateSecondsBeforeTimedOut"), 120);
    tm_advance(u, 60000);
    jr_request r = rq(JR_OP_UPDATE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("j");
    r.has_exec_status = true;
    r.exec_status = JR_EXEC_IN_PROGRESS;
    r.step_timeout_minutes = (jr_opt_i64){true, 5};
    CU_ASSERT_EQUAL(run(u, &r), JR_OK);
    tm_advance(u, 120000);
    CU_ASSERT_STRING_EQUAL(exec_status(u, "t0", "j"), "IN_PROGRESS");
    r = rq(JR_OP_UPDATE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("j");
    r.has_exec_status = true;
    r.exec_status = JR_EXEC_IN_PROGRESS;
    r.step_timeout_minutes = (jr_opt_i64){true, -1};
    CU_ASSERT_EQUAL(run(u, &r), JR_OK);
    tm_advance(u, 3600000);
    CU_ASSERT_STRING_EQUAL(exec_status(u, "t0", "j"), "IN_PROGRESS");
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(exec_of(u, "t0", "j", 0), "approximateSecondsBeforeTimedOut"));
    r = rq(JR_OP_UPDATE_JOB_EXECUTION);
    r.thing_name = S("t0");
    r.job_id = S("j");
    r.has_exec_status = true;
    r.exec_status = JR_EXEC_IN_PROGRESS;
    r.step_timeout_minutes = (jr_opt_i64){true, 0};
    CU_ASSERT_EQUAL(run_e(u, &r), JR_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(update_exec(u, "t0", "j", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
    tm_free(u);

    /* step capped by in-progress deadline */
    t = reach(JR_EXEC_QUEUED, 0);
    CU_ASSERT_EQUAL(start_next(t, "t0", 10), JR_ERR_NONE);
    CU_ASSERT_EQUAL(jnum(cJSON_GetObjectItem(t->json, "execution"), "approximateSecondsBeforeTimedOut"), 60);
    tm_free(t);

    /* timers-disabled */
    t = reach(JR_EXEC_IN_PROGRESS, JR_FAULT_BIT(JR_FAULT_TIMERS_DISABLED));
    tm_advance(t, 600000);
    CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "j"), "IN_PROGRESS");
    tm_free(t);
}

static void test_timeout_update(void)
{
    for (int fault = 0; fault < 2; fault++) {
        tm *t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_TIMEOUT_UPDATE_RETROACTIVE) : 0);
        CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
        CU_ASSERT_EQUAL(mk_thing(t, "t1"), JR_ERR_NONE);
        const char *tg[] = {ARN_T("t0"), ARN_T("t1")};
        CU_ASSERT_EQUAL(mk_job(t, "j", false, 2, tg), JR_ERR_NONE);
        CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE); /* no timeout */
        jr_request r = rq(JR_OP_UPDATE_JOB);
        r.job_id = S("j");
        r.timeout_config.present = true;
        r.timeout_config.in_progress_timeout_minutes = (jr_opt_i64){true, 1};
        CU_ASSERT_EQUAL(run(t, &r), JR_OK);
        CU_ASSERT_EQUAL(start_next(t, "t1", 0), JR_ERR_NONE); /* gets 1 min */
        tm_advance(t, 60000);
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t1", "j"), "TIMED_OUT");
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "j"), fault ? "TIMED_OUT" : "IN_PROGRESS");
        tm_free(t);
    }
}

static jr_request rollout_job(const char *id, int nthings)
{
    jr_request r = rq(JR_OP_CREATE_JOB);
    r.job_id = S(id);
    r.document = S("{}");
    r.targets.items = calloc((size_t)nthings, sizeof(char *));
    char arn[96];
    for (int i = 0; i < nthings; i++) {
        snprintf(arn, sizeof arn, "arn:aws:iot:us-east-1:123456789012:thing/t%d", i);
        r.targets.items[i] = S(arn);
    }
    r.targets.count = (size_t)nthings;
    r.rollout_config.present = true;
    return r;
}

static int total_execs(tm *t, const char *job)
{
    int n = 0;
    const char *names[] = {"numberOfQueuedThings", "numberOfInProgressThings", "numberOfSucceededThings",
                           "numberOfFailedThings", "numberOfRejectedThings", "numberOfTimedOutThings",
                           "numberOfRemovedThings", "numberOfCanceledThings"};
    for (int i = 0; i < 8; i++) n += job_counter(t, job, names[i]);
    return n;
}

static void test_rollout(void)
{
    for (int fault = 0; fault < 2; fault++) {
        tm *t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_ROLLOUT_UNLIMITED) : 0);
        char name[16];
        for (int i = 0; i < 25; i++) {
            snprintf(name, sizeof name, "t%d", i);
            CU_ASSERT_EQUAL(mk_thing(t, name), JR_ERR_NONE);
        }
        jr_request r = rollout_job("j", 25);
        r.rollout_config.maximum_per_minute = (jr_opt_i64){true, 10};
        CU_ASSERT_EQUAL(run(t, &r), JR_OK);
        CU_ASSERT_EQUAL(total_execs(t, "j"), fault ? 25 : 10);
        if (!fault) {
            cJSON *j = job_of(t, "j");
            CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(j, "isConcurrent")));
            CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "jobProcessDetails"),
                                                                   "processingTargets")),
                            25);
        }
        tm_advance(t, 59999);
        CU_ASSERT_EQUAL(total_execs(t, "j"), fault ? 25 : 10);
        tm_advance(t, 1);
        CU_ASSERT_EQUAL(total_execs(t, "j"), fault ? 25 : 20);
        tm_advance(t, 60000);
        CU_ASSERT_EQUAL(total_execs(t, "j"), 25);
        cJSON *j = job_of(t, "j");
        CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(j, "isConcurrent")));
        tm_free(t);
    }
    /* exponential: base 2, x2 after every 2 notified, capped at 5 */
    tm *t = tm_new(0);
    char name[16];
    for (int i = 0; i < 30; i++) {
        snprintf(name, sizeof name, "t%d", i);
        CU_ASSERT_EQUAL(mk_thing(t, name), JR_ERR_NONE);
    }
    jr_request r = rollout_job("e", 30);
    r.rollout_config.has_exponential_rate = true;
    r.rollout_config.base_rate_per_minute = 2;
    r.rollout_config.increment_factor = 2.0;
    r.rollout_config.number_of_notified_things = (jr_opt_i64){true, 2};
    r.rollout_config.maximum_per_minute = (jr_opt_i64){true, 5};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    /* minute 0: 2 created at rate 2 → rate 4 → 2 more → rate 5 (capped) → 1 more = 5 */
    CU_ASSERT_EQUAL(total_execs(t, "e"), 5);
    tm_advance(t, 60000);
    CU_ASSERT_EQUAL(total_execs(t, "e"), 10);
    tm_free(t);
    /* exponential on succeeded things */
    t = tm_new(0);
    for (int i = 0; i < 10; i++) {
        snprintf(name, sizeof name, "t%d", i);
        CU_ASSERT_EQUAL(mk_thing(t, name), JR_ERR_NONE);
    }
    r = rollout_job("s", 10);
    r.rollout_config.has_exponential_rate = true;
    r.rollout_config.base_rate_per_minute = 1;
    r.rollout_config.increment_factor = 3.0;
    r.rollout_config.number_of_succeeded_things = (jr_opt_i64){true, 1};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(total_execs(t, "s"), 1);
    CU_ASSERT_EQUAL(update_exec(t, "t0", "s", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
    CU_ASSERT_EQUAL(total_execs(t, "s"), 3); /* rate 3 in this window */
    tm_free(t);
}

static jr_request abort_job(const char *id, int n, jr_failure_type ft, double pct, int64_t min)
{
    jr_request r = rollout_job(id, n);
    r.rollout_config.present = false;
    r.abort_config.present = true;
    r.abort_config.criteria = calloc(1, sizeof(jr_abort_criteria));
    r.abort_config.criteria[0] = (jr_abort_criteria){ft, JR_ABORT_CANCEL, pct, min};
    r.abort_config.count = 1;
    return r;
}

static void test_abort(void)
{
    for (int fault = 0; fault < 2; fault++) {
        tm *t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_ABORT_IGNORED) : 0);
        char name[16];
        for (int i = 0; i < 6; i++) {
            snprintf(name, sizeof name, "t%d", i);
            CU_ASSERT_EQUAL(mk_thing(t, name), JR_ERR_NONE);
        }
        jr_request r = abort_job("j", 6, JR_FAILURE_FAILED, 50, 3);
        CU_ASSERT_EQUAL(run(t, &r), JR_OK);
        CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_FAILED), JR_ERR_NONE);
        CU_ASSERT_EQUAL(update_exec(t, "t1", "j", JR_EXEC_FAILED), JR_ERR_NONE);
        CU_ASSERT_STRING_EQUAL(job_status(t, "j"), "IN_PROGRESS"); /* 2 < min 3 */
        CU_ASSERT_EQUAL(update_exec(t, "t2", "j", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
        cJSON *j = job_of(t, "j");
        CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "status")->valuestring, fault ? "IN_PROGRESS" : "CANCELED");
        if (!fault) {
            CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "reasonCode")->valuestring, "FAILURE_THRESHOLD_EXCEEDED");
            CU_ASSERT_PTR_NOT_NULL(cJSON_GetObjectItem(j, "comment"));
            CU_ASSERT_EQUAL(job_counter(t, "j", "numberOfCanceledThings"), 3);
        }
        tm_free(t);
    }
    /* below the threshold: 1 of 3 = 33% < 50% */
    tm *t = tm_new(0);
    char name[16];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "t%d", i);
        CU_ASSERT_EQUAL(mk_thing(t, name), JR_ERR_NONE);
    }
    jr_request r = abort_job("j", 4, JR_FAILURE_ALL, 50, 3);
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_REJECTED), JR_ERR_NONE);
    CU_ASSERT_EQUAL(update_exec(t, "t1", "j", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
    CU_ASSERT_EQUAL(update_exec(t, "t2", "j", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
    CU_ASSERT_STRING_EQUAL(job_status(t, "j"), "IN_PROGRESS");
    CU_ASSERT_EQUAL(update_exec(t, "t3", "j", JR_EXEC_FAILED), JR_ERR_NONE); /* 2/4 = 50% */
    CU_ASSERT_STRING_EQUAL(job_status(t, "j"), "CANCELED");
    tm_free(t);
}

static void test_retry(void)
{
    for (int fault = 0; fault < 2; fault++) {
        tm *t = tm_new(fault ? JR_FAULT_BIT(JR_FAULT_RETRY_IGNORED) : 0);
        CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
        jr_request r = rollout_job("j", 1);
        r.rollout_config.present = false;
        r.retry_config.present = true;
        r.retry_config.criteria = calloc(2, sizeof(jr_retry_criteria));
        r.retry_config.criteria[0] = (jr_retry_criteria){JR_RETRY_FAILED, 2};
        r.retry_config.criteria[1] = (jr_retry_criteria){JR_RETRY_TIMED_OUT, 1};
        r.retry_config.count = 2;
        r.timeout_config.present = true;
        r.timeout_config.in_progress_timeout_minutes = (jr_opt_i64){true, 1};
        CU_ASSERT_EQUAL(run(t, &r), JR_OK);
        CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_FAILED), JR_ERR_NONE);
        cJSON *e = exec_of(t, "t0", "j", 0);
        CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e, "status")->valuestring, fault ? "FAILED" : "QUEUED");
        if (fault) {
            CU_ASSERT_STRING_EQUAL(job_status(t, "j"), "COMPLETED");
            tm_free(t);
            continue;
        }
        CU_ASSERT_EQUAL(jnum(e, "executionNumber"), 2);
        r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
        r.job_id = S("j");
        CU_ASSERT_EQUAL(run(t, &r), JR_OK);
        cJSON *l = cJSON_GetObjectItem(t->json, "executionSummaries");
        CU_ASSERT_EQUAL(cJSON_GetArraySize(l), 2);
        CU_ASSERT_EQUAL(jnum(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 1), "jobExecutionSummary"), "retryAttempt"), 1);
        CU_ASSERT_EQUAL(update_exec(t, "t0", "j", JR_EXEC_IN_PROGRESS), JR_ERR_NONE);
        tm_advance(t, 60000); /* TIMED_OUT with retry_attempt 1 = TIMED_OUT allowance 1: no retry */
        CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "j"), "TIMED_OUT");
        CU_ASSERT_STRING_EQUAL(job_status(t, "j"), "COMPLETED");
        tm_free(t);
    }
}

static void test_scheduling(void)
{
    tm *t = tm_new(0);
    CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
    /* T0 = 2023-11-14T22:13:20Z */
    struct {
        const char *start, *end;
        jr_error_type want;
    } cases[] = {
        {"2023-11-14T22:43:19Z", NULL, JR_ERR_INVALID_REQUEST}, /* 30 min - 1 s */
        {"2023-11-14T22:43:20Z", NULL, JR_ERR_NONE},
        {"2024-11-13T22:13:20Z", NULL, JR_ERR_NONE},            /* now + 365 days */
        {"2024-11-13T22:13:21Z", NULL, JR_ERR_INVALID_REQUEST},
        {"2023-11-14T22:43:20Z", "2023-11-14T23:13:19Z", JR_ERR_INVALID_REQUEST},
        {"2023-11-14T22:43:20Z", "2023-11-14T23:13:20Z", JR_ERR_NONE},
        {"2023-11-14T22:43:20Z", "2025-11-13T22:13:20Z", JR_ERR_NONE},
        {"2023-11-14T22:43:20Z", "2025-11-13T22:13:21Z", JR_ERR_INVALID_REQUEST},
        {"garbage", NULL, JR_ERR_INVALID_REQUEST},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char id[16];
        snprintf(id, sizeof id, "s%zu", i);
        jr_request r = rollout_job(id, 1);
        r.rollout_config.present = false;
        r.scheduling_config.present = true;
        r.scheduling_config.start_time = S(cases[i].start);
        r.scheduling_config.end_time = S(cases[i].end);
        CU_ASSERT_EQUAL(run_e(t, &r), cases[i].want);
    }
    tm_free(t);

    for (int b = 0; b < 3; b++) {
        t = tm_new(0);
        CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
        CU_ASSERT_EQUAL(mk_thing(t, "t1"), JR_ERR_NONE);
        jr_request r = rollout_job("s", 2);
        r.rollout_config.present = false;
        r.scheduling_config.present = true;
        r.scheduling_config.start_time = S("2023-11-14T22:43:20Z");
        r.scheduling_config.end_time = S("2023-11-14T23:13:20Z");
        r.scheduling_config.has_end_behavior = true;
        r.scheduling_config.end_behavior = (jr_end_behavior)b;
        CU_ASSERT_EQUAL(run(t, &r), JR_OK);
        cJSON *j = job_of(t, "s");
        CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "status")->valuestring, "SCHEDULED");
        CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "schedulingConfig"), "endBehavior")->valuestring,
                               jr_end_behavior_name((jr_end_behavior)b));
        CU_ASSERT_EQUAL(total_execs(t, "s"), 0);
        tm_advance(t, 30 * 60000 - 1);
        CU_ASSERT_STRING_EQUAL(job_status(t, "s"), "SCHEDULED");
        tm_advance(t, 1);
        CU_ASSERT_STRING_EQUAL(job_status(t, "s"), "IN_PROGRESS");
        CU_ASSERT_EQUAL(total_execs(t, "s"), 2);
        CU_ASSERT_EQUAL(start_next(t, "t0", 0), JR_ERR_NONE);
        tm_advance(t, 30 * 60000);
        if (b == JR_END_STOP_ROLLOUT) {
            CU_ASSERT_STRING_EQUAL(job_status(t, "s"), "IN_PROGRESS");
            CU_ASSERT_EQUAL(update_exec(t, "t0", "s", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
            CU_ASSERT_EQUAL(update_exec(t, "t1", "s", JR_EXEC_SUCCEEDED), JR_ERR_NONE);
            CU_ASSERT_STRING_EQUAL(job_status(t, "s"), "COMPLETED");
        } else {
            CU_ASSERT_STRING_EQUAL(job_status(t, "s"), "CANCELED");
            CU_ASSERT_STRING_EQUAL(exec_status(t, "t1", "s"), "CANCELED");
            CU_ASSERT_STRING_EQUAL(exec_status(t, "t0", "s"), b == JR_END_FORCE_CANCEL ? "CANCELED" : "IN_PROGRESS");
        }
        tm_free(t);
    }
    /* cancel a SCHEDULED job */
    t = tm_new(0);
    CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
    jr_request r = rollout_job("s", 1);
    r.rollout_config.present = false;
    r.scheduling_config.present = true;
    r.scheduling_config.start_time = S("2023-11-14T22:43:20Z");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(delete_job(t, "s", false), JR_ERR_INVALID_STATE_TRANSITION);
    CU_ASSERT_EQUAL(cancel_job(t, "s", false), JR_ERR_NONE);
    tm_advance(t, 3600000);
    CU_ASSERT_STRING_EQUAL(job_status(t, "s"), "CANCELED");
    CU_ASSERT_EQUAL(total_execs(t, "s"), 0);
    tm_free(t);
}

int main(void)
{
    CU_TestInfo tests[] = {{"device transition table (8x8)", test_device_transition_table},
                           {"service transitions", test_service_transitions},
                           {"data plane", test_data_plane},
                           {"control DescribeJobExecution", test_describe_execution_control},
                           {"timers", test_timers},
                           {"timeout update", test_timeout_update},
                           {"rollout", test_rollout},
                           {"abort", test_abort},
                           {"retry", test_retry},
                           {"scheduling", test_scheduling},
                           CU_TEST_INFO_NULL};
    CU_SuiteInfo suites[] = {{"machine_exec", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
