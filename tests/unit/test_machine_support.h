/* Helpers for the state-machine unit tests: a machine on a virtual clock,
 * hand-built jr_request values (freed with the decoder's jr_request_free),
 * and one-line wrappers for the common operations. Every run() checks
 * jr_machine_check_invariants. */
#ifndef TEST_MACHINE_SUPPORT_H
#define TEST_MACHINE_SUPPORT_H

#include <CUnit/CUnit.h>
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobsref/jobsref.h"

#define T0 1700000000000LL
#define ARN_T(n) "arn:aws:iot:us-east-1:123456789012:thing/" n
#define ARN_G(n) "arn:aws:iot:us-east-1:123456789012:thinggroup/" n

#define TMS static __attribute__((unused))

typedef struct tm {
    jr_virtual_clock vc;
    jr_machine *m;
    jr_error err;
    cJSON *json; /* body of the last success, NULL after a failure */
    char *body;
} tm;

TMS tm *tm_new_cfg(jr_fault_set faults, int64_t deletion_delay)
{
    tm *t = calloc(1, sizeof *t);
    jr_virtual_clock_init(&t->vc, T0);
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    cfg.faults = faults;
    cfg.deletion_delay_ms = deletion_delay;
    t->m = jr_machine_new(&cfg, jr_clock_virtual(&t->vc));
    return t;
}
TMS tm *tm_new(jr_fault_set faults) { return tm_new_cfg(faults, 2000); }

TMS void tm_free(tm *t)
{
    cJSON_Delete(t->json);
    free(t->body);
    jr_machine_free(t->m);
    free(t);
}

TMS void tm_advance(tm *t, int64_t ms)
{
    jr_virtual_clock_advance(&t->vc, ms);
    jr_machine_advance(t->m);
}

TMS char *S(const char *s) { return s ? strdup(s) : NULL; }

TMS jr_request rq(jr_op op)
{
    jr_request r;
    memset(&r, 0, sizeof r);
    r.op = op;
    r.plane = jr_op_plane(op);
    return r;
}

TMS void rq_targets(jr_request *r, int n, const char *const *arns)
{
    r->targets.items = calloc((size_t)n + 1, sizeof(char *));
    for (int i = 0; i < n; i++) r->targets.items[i] = S(arns[i]);
    r->targets.count = (size_t)n;
}

TMS void rq_details(jr_request *r, const char *k, const char *v)
{
    r->status_details.present = true;
    r->status_details.items = calloc(1, sizeof(jr_kv));
    r->status_details.items[0].key = S(k);
    r->status_details.items[0].value = S(v);
    r->status_details.count = 1;
}

/* Executes and frees the request; returns the status. */
TMS jr_status run(tm *t, jr_request *r)
{
    jr_response resp;
    cJSON_Delete(t->json);
    t->json = NULL;
    free(t->body);
    t->body = NULL;
    jr_status st = jr_machine_execute(t->m, r, &resp, &t->err);
    jr_request_free(r);
    if (st == JR_OK) {
        CU_ASSERT_EQUAL(resp.http_status, 200);
        t->json = cJSON_Parse(resp.body);
        CU_ASSERT_PTR_NOT_NULL(t->json);
        t->body = resp.body;
    }
    char why[256];
    bool ok = jr_machine_check_invariants(t->m, why, sizeof why);
    if (!ok) fprintf(stderr, "invariant: %s\n", why);
    CU_ASSERT_TRUE(ok);
    return st;
}

/* Returns JR_ERR_NONE on success or the error type. */
TMS jr_error_type run_e(tm *t, jr_request *r) { return run(t, r) == JR_OK ? JR_ERR_NONE : t->err.type; }

TMS jr_error_type mk_thing(tm *t, const char *name)
{
    jr_request r = rq(JR_OP_CREATE_THING);
    r.thing_name = S(name);
    return run_e(t, &r);
}

TMS jr_error_type mk_group(tm *t, const char *name, const char *parent)
{
    jr_request r = rq(JR_OP_CREATE_THING_GROUP);
    r.thing_group_name = S(name);
    r.parent_group_name = S(parent);
    return run_e(t, &r);
}

TMS jr_error_type add_to(tm *t, const char *thing, const char *group)
{
    jr_request r = rq(JR_OP_ADD_THING_TO_THING_GROUP);
    r.thing_name = S(thing);
    r.thing_group_name = S(group);
    return run_e(t, &r);
}

TMS jr_error_type remove_from(tm *t, const char *thing, const char *group)
{
    jr_request r = rq(JR_OP_REMOVE_THING_FROM_THING_GROUP);
    r.thing_name = S(thing);
    r.thing_group_name = S(group);
    return run_e(t, &r);
}

/* CreateJob with a document; `continuous` picks the selection. */
TMS jr_error_type mk_job(tm *t, const char *id, bool continuous, int n, const char *const *targets)
{
    jr_request r = rq(JR_OP_CREATE_JOB);
    r.job_id = S(id);
    r.document = S("{\"op\":\"x\"}");
    r.has_target_selection = true;
    r.target_selection = continuous ? JR_TARGET_CONTINUOUS : JR_TARGET_SNAPSHOT;
    rq_targets(&r, n, targets);
    return run_e(t, &r);
}

TMS jr_error_type mk_job1(tm *t, const char *id, const char *target) { return mk_job(t, id, false, 1, &target); }

/* DescribeJob; returns the "job" object (owned by t->json) or NULL. */
TMS cJSON *job_of(tm *t, const char *id)
{
    jr_request r = rq(JR_OP_DESCRIBE_JOB);
    r.job_id = S(id);
    if (run(t, &r) != JR_OK) return NULL;
    return cJSON_GetObjectItem(t->json, "job");
}

TMS const char *job_status(tm *t, const char *id)
{
    cJSON *j = job_of(t, id);
    cJSON *s = j ? cJSON_GetObjectItem(j, "status") : NULL;
    return cJSON_IsString(s) ? s->valuestring : "(none)";
}

TMS int job_counter(tm *t, const char *id, const char *name)
{
    cJSON *j = job_of(t, id);
    cJSON *d = j ? cJSON_GetObjectItem(j, "jobProcessDetails") : NULL;
    cJSON *c = d ? cJSON_GetObjectItem(d, name) : NULL;
    return cJSON_IsNumber(c) ? c->valueint : -1;
}

/* Control DescribeJobExecution (latest or number>0); returns "execution". */
TMS cJSON *exec_of(tm *t, const char *thing, const char *job, int64_t number)
{
    jr_request r = rq(JR_OP_DESCRIBE_JOB_EXECUTION);
    r.thing_name = S(thing);
    r.job_id = S(job);
    if (number > 0) r.execution_number = (jr_opt_i64){true, number};
    if (run(t, &r) != JR_OK) return NULL;
    return cJSON_GetObjectItem(t->json, "execution");
}

TMS const char *exec_status(tm *t, const char *thing, const char *job)
{
    cJSON *e = exec_of(t, thing, job, 0);
    cJSON *s = e ? cJSON_GetObjectItem(e, "status") : NULL;
    return cJSON_IsString(s) ? s->valuestring : "(none)";
}

TMS double jnum(cJSON *o, const char *name)
{
    cJSON *c = o ? cJSON_GetObjectItem(o, name) : NULL;
    return cJSON_IsNumber(c) ? c->valuedouble : -1;
}

TMS jr_error_type update_exec(tm *t, const char *thing, const char *job, jr_exec_status st)
{
    jr_request r = rq(JR_OP_UPDATE_JOB_EXECUTION);
    r.thing_name = S(thing);
    r.job_id = S(job);
    r.has_exec_status = true;
    r.exec_status = st;
    return run_e(t, &r);
}

TMS jr_error_type start_next(tm *t, const char *thing, int64_t step)
{
    jr_request r = rq(JR_OP_START_NEXT_PENDING_JOB_EXECUTION);
    r.thing_name = S(thing);
    if (step) r.step_timeout_minutes = (jr_opt_i64){true, step};
    return run_e(t, &r);
}

TMS jr_error_type cancel_job(tm *t, const char *job, bool force)
{
    jr_request r = rq(JR_OP_CANCEL_JOB);
    r.job_id = S(job);
    if (force) r.force = (jr_opt_bool){true, true};
    return run_e(t, &r);
}

TMS jr_error_type delete_job(tm *t, const char *job, bool force)
{
    jr_request r = rq(JR_OP_DELETE_JOB);
    r.job_id = S(job);
    if (force) r.force = (jr_opt_bool){true, true};
    return run_e(t, &r);
}

TMS jr_error_type cancel_exec(tm *t, const char *thing, const char *job, bool force)
{
    jr_request r = rq(JR_OP_CANCEL_JOB_EXECUTION);
    r.thing_name = S(thing);
    r.job_id = S(job);
    if (force) r.force = (jr_opt_bool){true, true};
    return run_e(t, &r);
}

TMS jr_error_type delete_exec(tm *t, const char *thing, const char *job, int64_t number, bool force)
{
    jr_request r = rq(JR_OP_DELETE_JOB_EXECUTION);
    r.thing_name = S(thing);
    r.job_id = S(job);
    r.execution_number = (jr_opt_i64){true, number};
    if (force) r.force = (jr_opt_bool){true, true};
    return run_e(t, &r);
}

#endif
