/* State machine: pagination (full walks under sampled page sizes, items
 * created mid-walk, bad/foreign/tampered tokens, faults), a randomized
 * operation sequence with the counters and invariants checked after every
 * step, and end-to-end requests through jr_service_handle. */
#include "cu_support.h"
#include "test_machine_support.h"

/* Walks ListJobExecutionsForJob with page size `ps`; returns the count and
 * checks every execution number appears once, in order. */
static int walk_job(tm *t, const char *job, int64_t ps, int expect)
{
    char *tok = NULL;
    int seen = 0, pages = 0;
    int64_t last = 0;
    do {
        jr_request r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
        r.job_id = S(job);
        r.max_results = (jr_opt_i64){true, ps};
        r.next_token = tok;
        tok = NULL;
        if (run(t, &r) != JR_OK) return -1;
        cJSON *l = cJSON_GetObjectItem(t->json, "executionSummaries");
        cJSON *it;
        cJSON_ArrayForEach(it, l)
        {
            int64_t n = (int64_t)jnum(cJSON_GetObjectItem(it, "jobExecutionSummary"), "executionNumber");
            CU_ASSERT_TRUE(n > last);
            last = n;
            seen++;
        }
        CU_ASSERT_TRUE(cJSON_GetArraySize(l) <= ps);
        cJSON *nt = cJSON_GetObjectItem(t->json, "nextToken");
        if (nt) {
            CU_ASSERT_EQUAL(cJSON_GetArraySize(l), ps);
            tok = S(nt->valuestring);
        }
        pages++;
    } while (tok && pages < 10000);
    CU_ASSERT_EQUAL(seen, expect);
    return seen;
}

static void test_full_walks(void)
{
    tm *t = tm_new(0);
    char name[16];
    static char arns[100][96];
    const char *p[100];
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "t%d", i);
        CU_ASSERT_EQUAL(mk_thing(t, name), JR_ERR_NONE);
        snprintf(arns[i], 96, "arn:aws:iot:us-east-1:123456789012:thing/t%d", i);
        p[i] = arns[i];
    }
    CU_ASSERT_EQUAL(mk_group(t, "g", NULL), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job(t, "j", false, 100, p), JR_ERR_NONE);
    /* retries make 300 executions on the job: fail twice each */
    jr_request r = rq(JR_OP_UPDATE_JOB);
    r.job_id = S("j");
    r.retry_config.present = true;
    r.retry_config.criteria = calloc(1, sizeof(jr_retry_criteria));
    r.retry_config.criteria[0] = (jr_retry_criteria){JR_RETRY_FAILED, 2};
    r.retry_config.count = 1;
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 100; i++) {
            snprintf(name, sizeof name, "t%d", i);
            CU_ASSERT_EQUAL(update_exec(t, name, "j", JR_EXEC_FAILED), JR_ERR_NONE);
        }
    for (int64_t ps = 1; ps <= 250; ps += (ps < 20 ? 1 : 17)) walk_job(t, "j", ps, 300);
    walk_job(t, "j", 250, 300);
    /* default page 50 */
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
    r.job_id = S("j");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "executionSummaries")), 50);
    /* maxResults 0 → default; 1000 → that many */
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
    r.job_id = S("j");
    r.max_results = (jr_opt_i64){true, 0};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "executionSummaries")), 50);
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
    r.job_id = S("j");
    r.max_results = (jr_opt_i64){true, 1000};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "executionSummaries")), 300);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(t->json, "nextToken"));
    /* status filter */
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
    r.job_id = S("j");
    r.has_exec_status = true;
    r.exec_status = JR_EXEC_QUEUED;
    r.max_results = (jr_opt_i64){true, 250};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "executionSummaries")), 100);
    /* ListJobExecutionsForThing with job filter */
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
    r.thing_name = S("t5");
    r.job_id = S("j");
    r.max_results = (jr_opt_i64){true, 2};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    cJSON *l = cJSON_GetObjectItem(t->json, "executionSummaries");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(l), 2);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 0), "jobId")->valuestring, "j");
    char *tok = S(cJSON_GetObjectItem(t->json, "nextToken")->valuestring);
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
    r.thing_name = S("t5");
    r.job_id = S("j");
    r.next_token = tok;
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "executionSummaries")), 1);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(t->json, "nextToken"));
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
    r.thing_name = S("t5");
    r.job_id = S("other");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "executionSummaries")), 0);
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
    r.thing_name = S("ghost");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
    r.job_id = S("ghost");
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_RESOURCE_NOT_FOUND);
    /* things in group: walk */
    for (int i = 0; i < 60; i++) {
        snprintf(name, sizeof name, "t%d", i);
        CU_ASSERT_EQUAL(add_to(t, name, "g"), JR_ERR_NONE);
    }
    int seen = 0;
    tok = NULL;
    for (int guard = 0; guard < 100; guard++) {
        r = rq(JR_OP_LIST_THINGS_IN_THING_GROUP);
        r.thing_group_name = S("g");
        r.max_results = (jr_opt_i64){true, 7};
        r.next_token = tok;
        CU_ASSERT_EQUAL_FATAL(run(t, &r), JR_OK);
        seen += cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "things"));
        cJSON *nt = cJSON_GetObjectItem(t->json, "nextToken");
        if (!nt) break;
        tok = S(nt->valuestring);
    }
    CU_ASSERT_EQUAL(seen, 60);
    tm_free(t);
}

static void test_mid_walk_and_tokens(void)
{
    tm *t = tm_new(0);
    CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
    char id[16];
    for (int i = 0; i < 10; i++) {
        snprintf(id, sizeof id, "j%02d", i);
        CU_ASSERT_EQUAL(mk_job1(t, id, ARN_T("t0")), JR_ERR_NONE);
    }
    jr_request r = rq(JR_OP_LIST_JOBS);
    r.max_results = (jr_opt_i64){true, 4};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    cJSON *js = cJSON_GetArrayItem(cJSON_GetObjectItem(t->json, "jobs"), 0);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(js, "jobId")->valuestring, "j00");
    CU_ASSERT_TRUE(cJSON_IsNumber(cJSON_GetObjectItem(js, "createdAt")));
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(js, "status")->valuestring, "IN_PROGRESS");
    char *tok = S(cJSON_GetObjectItem(t->json, "nextToken")->valuestring);
    /* delete j00..j03 (already returned) and j04 (not yet), create j10 */
    CU_ASSERT_EQUAL(delete_job(t, "j04", true), JR_ERR_NONE);
    tm_advance(t, 3000);
    CU_ASSERT_EQUAL(mk_job1(t, "j10", ARN_T("t0")), JR_ERR_NONE);
    int seen = 4;
    char last[16] = "";
    for (int guard = 0; guard < 10; guard++) {
        r = rq(JR_OP_LIST_JOBS);
        r.max_results = (jr_opt_i64){true, 4};
        r.next_token = tok;
        tok = NULL;
        CU_ASSERT_EQUAL_FATAL(run(t, &r), JR_OK);
        cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItem(t->json, "jobs"))
        {
            CU_ASSERT_STRING_NOT_EQUAL(cJSON_GetObjectItem(it, "jobId")->valuestring, "j04");
            snprintf(last, sizeof last, "%s", cJSON_GetObjectItem(it, "jobId")->valuestring);
            seen++;
        }
        cJSON *nt = cJSON_GetObjectItem(t->json, "nextToken");
        if (!nt) break;
        tok = S(nt->valuestring);
    }
    CU_ASSERT_EQUAL(seen, 10); /* 4 + j05..j09 + j10 */
    CU_ASSERT_STRING_EQUAL(last, "j10");
    /* bad tokens */
    r = rq(JR_OP_LIST_JOBS);
    r.max_results = (jr_opt_i64){true, 2};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    char good[128];
    snprintf(good, sizeof good, "%s", cJSON_GetObjectItem(t->json, "nextToken")->valuestring);
    const char *bad[] = {"x", "", "zz", good + 1};
    for (size_t i = 0; i < 4; i++) {
        r = rq(JR_OP_LIST_JOBS);
        r.next_token = S(bad[i]);
        jr_error_type e = run_e(t, &r);
        if (bad[i][0]) {
            CU_ASSERT_EQUAL(e, JR_ERR_INVALID_REQUEST);
            CU_ASSERT_STRING_EQUAL(t->err.field, "nextToken");
        }
    }
    char tampered[128];
    snprintf(tampered, sizeof tampered, "%s", good);
    tampered[30] = tampered[30] == '0' ? '1' : '0';
    r = rq(JR_OP_LIST_JOBS);
    r.next_token = S(tampered);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    /* other filter */
    r = rq(JR_OP_LIST_JOBS);
    r.next_token = S(good);
    r.has_job_status = true;
    r.job_status = JR_JOB_IN_PROGRESS;
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    /* other list */
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
    r.thing_name = S("t0");
    r.next_token = S(good);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_INVALID_REQUEST);
    /* same list, the good token still works */
    r = rq(JR_OP_LIST_JOBS);
    r.next_token = S(good);
    CU_ASSERT_EQUAL(run_e(t, &r), JR_ERR_NONE);
    /* other instance key */
    tm *u = tm_new(0);
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    cfg.token_key = 42;
    jr_machine_free(u->m);
    u->m = jr_machine_new(&cfg, jr_clock_virtual(&u->vc));
    r = rq(JR_OP_LIST_JOBS);
    r.next_token = S(good);
    CU_ASSERT_EQUAL(run_e(u, &r), JR_ERR_INVALID_REQUEST);
    tm_free(u);
    /* ListJobs filters */
    CU_ASSERT_EQUAL(cancel_job(t, "j05", false), JR_ERR_NONE);
    r = rq(JR_OP_LIST_JOBS);
    r.has_job_status = true;
    r.job_status = JR_JOB_CANCELED;
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "jobs")), 1);
    r = rq(JR_OP_LIST_JOBS);
    r.has_target_selection = true;
    r.target_selection = JR_TARGET_CONTINUOUS;
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "jobs")), 0);
    CU_ASSERT_EQUAL(mk_group(t, "g", NULL), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(t, "gj", ARN_G("g")), JR_ERR_NONE);
    r = rq(JR_OP_LIST_JOBS);
    r.thing_group_name = S("g");
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "jobs")), 1);
    cJSON *gj = cJSON_GetArrayItem(cJSON_GetObjectItem(t->json, "jobs"), 0);
    char gid[64];
    snprintf(gid, sizeof gid, "%s", cJSON_GetObjectItem(gj, "thingGroupId")->valuestring);
    r = rq(JR_OP_LIST_JOBS);
    r.thing_group_id = S(gid);
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "jobs")), 1);
    tm_free(t);
}

static void test_list_faults(void)
{
    /* pagination-overlap repeats the last item */
    tm *t = tm_new(JR_FAULT_BIT(JR_FAULT_PAGINATION_OVERLAP) | JR_FAULT_BIT(JR_FAULT_STATUS_FILTER_IGNORED));
    CU_ASSERT_EQUAL(mk_thing(t, "t0"), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(t, "a", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(t, "b", ARN_T("t0")), JR_ERR_NONE);
    CU_ASSERT_EQUAL(mk_job1(t, "c", ARN_T("t0")), JR_ERR_NONE);
    jr_request r = rq(JR_OP_LIST_JOBS);
    r.max_results = (jr_opt_i64){true, 2};
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    r = rq(JR_OP_LIST_JOBS);
    r.max_results = (jr_opt_i64){true, 2};
    r.next_token = S(cJSON_GetObjectItem(t->json, "nextToken")->valuestring);
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(t->json, "jobs"), 0), "jobId")->valuestring,
                           "b");
    r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_THING);
    r.thing_name = S("t0");
    r.has_exec_status = true;
    r.exec_status = JR_EXEC_SUCCEEDED;
    CU_ASSERT_EQUAL(run(t, &r), JR_OK);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "executionSummaries")), 3);
    tm_free(t);
}

/* ---- randomized sequences */

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33) % n;
}

static const char *pick(const char *const *a, uint32_t n) { return a[rnd(n)]; }

static void check_counters(tm *t, const char *const *jobs, int njobs)
{
    /* counters must equal the executions listed per status */
    for (int i = 0; i < njobs; i++) {
        jr_request r = rq(JR_OP_DESCRIBE_JOB);
        r.job_id = S(jobs[i]);
        if (run(t, &r) != JR_OK) continue;
        cJSON *d = cJSON_GetObjectItem(cJSON_GetObjectItem(t->json, "job"), "jobProcessDetails");
        int c[8];
        const char *names[] = {"numberOfQueuedThings",   "numberOfInProgressThings", "numberOfSucceededThings",
                               "numberOfFailedThings",   "numberOfTimedOutThings",   "numberOfRejectedThings",
                               "numberOfRemovedThings",  "numberOfCanceledThings"};
        for (int s = 0; s < 8; s++) c[s] = (int)jnum(d, names[s]);
        r = rq(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB);
        r.job_id = S(jobs[i]);
        r.max_results = (jr_opt_i64){true, 1000};
        if (run(t, &r) != JR_OK) continue;
        int n[8] = {0};
        cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItem(t->json, "executionSummaries"))
        {
            jr_exec_status st;
            CU_ASSERT_TRUE(jr_exec_status_parse(
                cJSON_GetObjectItem(cJSON_GetObjectItem(it, "jobExecutionSummary"), "status")->valuestring, &st));
            n[st]++;
        }
        for (int s = 0; s < 8; s++) CU_ASSERT_EQUAL(c[s], n[s]);
    }
}

static void test_random_sequences(void)
{
    static const char *const things[] = {"t0", "t1", "t2", "t3", "t4"};
    static const char *const groups[] = {"g0", "g1", "g2"};
    static const char *const jobs[] = {"j0", "j1", "j2", "j3"};
    static const char *const targets[] = {ARN_T("t0"), ARN_T("t1"), ARN_T("t2"), ARN_T("t3"), ARN_T("t4"),
                                          ARN_G("g0"), ARN_G("g1"), ARN_G("g2")};
    for (uint64_t seed = 1; seed <= 4; seed++) {
        rng_state = seed;
        tm *t = tm_new(0);
        for (int step = 0; step < 1500; step++) {
            jr_request r;
            switch (rnd(16)) {
            case 0: mk_thing(t, pick(things, 5)); break;
            case 1: {
                r = rq(JR_OP_DELETE_THING);
                r.thing_name = S(pick(things, 5));
                run(t, &r);
                break;
            }
            case 2: mk_group(t, pick(groups, 3), rnd(2) ? NULL : "g0"); break;
            case 3: add_to(t, pick(things, 5), pick(groups, 3)); break;
            case 4: remove_from(t, pick(things, 5), pick(groups, 3)); break;
            case 5: {
                r = rq(JR_OP_CREATE_JOB);
                r.job_id = S(pick(jobs, 4));
                r.document = S("{}");
                r.has_target_selection = true;
                r.target_selection = rnd(2) ? JR_TARGET_CONTINUOUS : JR_TARGET_SNAPSHOT;
                const char *tg[2] = {pick(targets, 8), pick(targets, 8)};
                rq_targets(&r, 1 + (int)rnd(2), tg);
                if (rnd(2)) {
                    r.timeout_config.present = true;
                    r.timeout_config.in_progress_timeout_minutes = (jr_opt_i64){true, 1 + rnd(3)};
                }
                if (rnd(3) == 0) {
                    r.retry_config.present = true;
                    r.retry_config.criteria = calloc(1, sizeof(jr_retry_criteria));
                    r.retry_config.criteria[0] = (jr_retry_criteria){(jr_retry_failure_type)rnd(3), rnd(3)};
                    r.retry_config.count = 1;
                }
                if (rnd(3) == 0) {
                    r.abort_config.present = true;
                    r.abort_config.criteria = calloc(1, sizeof(jr_abort_criteria));
                    r.abort_config.criteria[0] = (jr_abort_criteria){(jr_failure_type)rnd(4), JR_ABORT_CANCEL, 50, 2};
                    r.abort_config.count = 1;
                }
                if (rnd(3) == 0) {
                    r.rollout_config.present = true;
                    r.rollout_config.maximum_per_minute = (jr_opt_i64){true, 1 + rnd(2)};
                }
                run(t, &r);
                break;
            }
            case 6: cancel_job(t, pick(jobs, 4), rnd(2)); break;
            case 7: delete_job(t, pick(jobs, 4), rnd(2)); break;
            case 8: update_exec(t, pick(things, 5), pick(jobs, 4), (jr_exec_status)rnd(8)); break;
            case 9: start_next(t, pick(things, 5), rnd(2) ? 0 : 1); break;
            case 10: cancel_exec(t, pick(things, 5), pick(jobs, 4), rnd(2)); break;
            case 11: delete_exec(t, pick(things, 5), pick(jobs, 4), 1 + rnd(3), rnd(2)); break;
            case 12: tm_advance(t, rnd(90000)); break;
            case 13: {
                r = rq(JR_OP_ASSOCIATE_TARGETS_WITH_JOB);
                r.job_id = S(pick(jobs, 4));
                const char *tg = pick(targets, 8);
                rq_targets(&r, 1, &tg);
                run(t, &r);
                break;
            }
            case 14: {
                r = rq(JR_OP_DELETE_THING_GROUP);
                r.thing_group_name = S(pick(groups, 3));
                run(t, &r);
                break;
            }
            default: {
                r = rq(JR_OP_UPDATE_JOB);
                r.job_id = S(pick(jobs, 4));
                r.timeout_config.present = true;
                r.timeout_config.in_progress_timeout_minutes = (jr_opt_i64){true, 1};
                run(t, &r);
                break;
            }
            }
            char why[256];
            bool ok = jr_machine_check_invariants(t->m, why, sizeof why);
            if (!ok) fprintf(stderr, "seed %llu step %d: %s\n", (unsigned long long)seed, step, why);
            CU_ASSERT_TRUE_FATAL(ok);
            if (step % 5 == 0) check_counters(t, jobs, 4);
        }
        tm_free(t);
    }
}

/* ---- end to end through jr_service_handle */

static int svc(tm *t, jr_plane plane, const char *method, const char *path, const char *query, const char *body,
               jr_http_response *out)
{
    jr_http_input in = {plane, method, path, query, (const uint8_t *)body, body ? strlen(body) : 0};
    jr_service_handle(t->m, &in, out);
    return out->status;
}

static void test_service(void)
{
    tm *t = tm_new(0);
    jr_http_response o;
    CU_ASSERT_EQUAL(svc(t, JR_PLANE_CONTROL, "POST", "/things/t1", NULL, "{}", &o), 200);
    jr_http_response_free(&o);
    CU_ASSERT_EQUAL(svc(t, JR_PLANE_CONTROL, "PUT", "/jobs/j1", NULL,
                        "{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/t1\"],\"document\":\"{}\"}", &o),
                    200);
    CU_ASSERT_EQUAL(o.op, JR_OP_CREATE_JOB);
    CU_ASSERT_PTR_NULL(o.error_type);
    cJSON *j = cJSON_Parse(o.body);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "jobId")->valuestring, "j1");
    cJSON_Delete(j);
    jr_http_response_free(&o);
    /* duplicate: 409 with resourceId/resourceArn */
    CU_ASSERT_EQUAL(svc(t, JR_PLANE_CONTROL, "PUT", "/jobs/j1", NULL,
                        "{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/t1\"],\"document\":\"{}\"}", &o),
                    409);
    CU_ASSERT_STRING_EQUAL(o.error_type, "ResourceAlreadyExistsException");
    j = cJSON_Parse(o.body);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "resourceId")->valuestring, "j1");
    CU_ASSERT_TRUE(cJSON_IsString(cJSON_GetObjectItem(j, "message")));
    CU_ASSERT_TRUE(cJSON_IsString(cJSON_GetObjectItem(j, "resourceArn")));
    cJSON_Delete(j);
    jr_http_response_free(&o);
    /* data plane start-next: integer epoch seconds (WIRE-009) */
    CU_ASSERT_EQUAL(svc(t, JR_PLANE_DATA, "PUT", "/things/t1/jobs/$next", NULL, "{}", &o), 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(o.body, "\"startedAt\":1700000000,"));
    jr_http_response_free(&o);
    /* no route */
    CU_ASSERT_EQUAL(svc(t, JR_PLANE_CONTROL, "GET", "/nothing/here", NULL, NULL, &o), 404);
    CU_ASSERT_STRING_EQUAL(o.error_type, "UnknownOperationException");
    CU_ASSERT_PTR_NOT_NULL(strstr(o.body, "no route for GET /nothing/here"));
    CU_ASSERT_EQUAL(o.op, JR_OP_NONE);
    jr_http_response_free(&o);
    /* decode error */
    CU_ASSERT_EQUAL(svc(t, JR_PLANE_CONTROL, "GET", "/jobs", "maxResults=0", NULL, &o), 400);
    CU_ASSERT_STRING_EQUAL(o.error_type, "InvalidRequestException");
    jr_http_response_free(&o);
    /* machine error: 404 */
    CU_ASSERT_EQUAL(svc(t, JR_PLANE_CONTROL, "GET", "/jobs/nope", NULL, NULL, &o), 404);
    CU_ASSERT_STRING_EQUAL(o.error_type, "ResourceNotFoundException");
    jr_http_response_free(&o);
    /* faults error-status-400 and error-type-missing */
    jr_machine_set_faults(t->m, JR_FAULT_BIT(JR_FAULT_ERROR_STATUS_400) | JR_FAULT_BIT(JR_FAULT_ERROR_TYPE_MISSING));
    CU_ASSERT_EQUAL(svc(t, JR_PLANE_CONTROL, "PUT", "/jobs/j1", NULL,
                        "{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/t1\"],\"document\":\"{}\"}", &o),
                    400);
    CU_ASSERT_PTR_NULL(o.error_type);
    j = cJSON_Parse(o.body);
    /* only the type goes: message, resourceId and resourceArn stay */
    CU_ASSERT_EQUAL(cJSON_GetArraySize(j), 3);
    CU_ASSERT_TRUE(cJSON_IsString(cJSON_GetObjectItem(j, "message")));
    CU_ASSERT_TRUE(cJSON_IsString(cJSON_GetObjectItem(j, "resourceId")));
    CU_ASSERT_TRUE(cJSON_IsString(cJSON_GetObjectItem(j, "resourceArn")));
    cJSON_Delete(j);
    jr_http_response_free(&o);
    /* no-max-results-check lets 1000 through: treated as that many */
    jr_machine_set_faults(t->m, JR_FAULT_BIT(JR_FAULT_NO_MAX_RESULTS_CHECK));
    CU_ASSERT_EQUAL(svc(t, JR_PLANE_CONTROL, "GET", "/jobs", "maxResults=1000", NULL, &o), 200);
    jr_http_response_free(&o);
    /* render_error directly: data-plane throttling is 429 */
    jr_error e;
    jr_error_set(&e, JR_ERR_THROTTLING, NULL, "slow down");
    memset(&o, 0, sizeof o);
    jr_service_render_error(&e, JR_PLANE_DATA, 0, &o);
    CU_ASSERT_EQUAL(o.status, 429);
    jr_http_response_free(&o);
    jr_service_render_error(&e, JR_PLANE_CONTROL, 0, &o);
    CU_ASSERT_EQUAL(o.status, 400);
    jr_http_response_free(&o);
    tm_free(t);
}

int main(void)
{
    CU_TestInfo tests[] = {{"full walks, page sizes 1..250", test_full_walks},
                           {"mid-walk changes and tokens", test_mid_walk_and_tokens},
                           {"list faults", test_list_faults},
                           {"randomized sequences", test_random_sequences},
                           {"service end to end", test_service},
                           CU_TEST_INFO_NULL};
    CU_SuiteInfo suites[] = {{"machine_lists", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
