/* Benchmark of the state machine: loads 10,000 jobs x 100 things (1,000,000
 * executions) through jr_machine_execute with built requests, prints the
 * resident memory per execution (from /proc/self/statm), and the mean time
 * of one ListJobExecutionsForJob and one ListJobExecutionsForThing page
 * (maxResults 250, positioned mid-list by a token) at 10 k and at 1 M
 * executions. Targets: <= 512 bytes per execution; page time at 1 M <= 2x
 * the time at 10 k. Prints figures; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "jobsref/jobsref.h"

#define NTHINGS 100
#define NJOBS 10000

static long rss_bytes(void)
{
    long size = 0, res = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    if (fscanf(f, "%ld %ld", &size, &res) != 2) res = 0;
    fclose(f);
    return res * sysconf(_SC_PAGESIZE);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *sdup(const char *s) { return strdup(s); }

static int exec_req(jr_machine *m, jr_request *r, jr_response *resp)
{
    jr_error err;
    int st = jr_machine_execute(m, r, resp, &err);
    jr_request_free(r);
    if (st != JR_OK) fprintf(stderr, "error: %s\n", err.message);
    return st;
}

static void create_job(jr_machine *m, int i)
{
    jr_request r;
    memset(&r, 0, sizeof r);
    r.op = JR_OP_CREATE_JOB;
    char id[32];
    snprintf(id, sizeof id, "job-%05d", i);
    r.job_id = sdup(id);
    r.document = sdup("{\"a\":1}");
    r.targets.items = calloc(1, sizeof(char *));
    r.targets.items[0] = sdup("arn:aws:iot:us-east-1:123456789012:thinggroup/all");
    r.targets.count = 1;
    jr_response resp;
    if (exec_req(m, &r, &resp) == JR_OK) jr_response_free(&resp);
}

/* A token positioned mid-list: the nextToken after `skip` items. */
static char *mid_token(jr_machine *m, jr_op op, const char *key, int64_t skip)
{
    jr_request r;
    memset(&r, 0, sizeof r);
    r.op = op;
    if (op == JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB) r.job_id = sdup(key);
    else r.thing_name = sdup(key);
    r.max_results = (jr_opt_i64){true, skip};
    jr_response resp;
    char *tok = NULL;
    if (exec_req(m, &r, &resp) == JR_OK) {
        cJSON *j = cJSON_Parse(resp.body);
        cJSON *t = cJSON_GetObjectItem(j, "nextToken");
        if (cJSON_IsString(t)) tok = strdup(t->valuestring);
        cJSON_Delete(j);
        jr_response_free(&resp);
    }
    return tok;
}

static double page_time(jr_machine *m, jr_op op, const char *key, const char *tok, int reps)
{
    double t0 = now_s();
    for (int i = 0; i < reps; i++) {
        jr_request r;
        memset(&r, 0, sizeof r);
        r.op = op;
        if (op == JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB) r.job_id = sdup(key);
        else r.thing_name = sdup(key);
        r.max_results = (jr_opt_i64){true, 250};
        r.next_token = tok ? sdup(tok) : NULL;
        jr_response resp;
        if (exec_req(m, &r, &resp) == JR_OK) jr_response_free(&resp);
    }
    return (now_s() - t0) / reps * 1e6;
}

int main(void)
{
    jr_virtual_clock vc;
    jr_virtual_clock_init(&vc, 1700000000000LL);
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    jr_machine *m = jr_machine_new(&cfg, jr_clock_virtual(&vc));
    jr_response resp;
    jr_request r;
    memset(&r, 0, sizeof r);
    r.op = JR_OP_CREATE_THING_GROUP;
    r.thing_group_name = sdup("all");
    if (exec_req(m, &r, &resp) == JR_OK) jr_response_free(&resp);
    for (int i = 0; i < NTHINGS; i++) {
        char name[32];
        snprintf(name, sizeof name, "thing-%03d", i);
        memset(&r, 0, sizeof r);
        r.op = JR_OP_CREATE_THING;
        r.thing_name = sdup(name);
        if (exec_req(m, &r, &resp) == JR_OK) jr_response_free(&resp);
        memset(&r, 0, sizeof r);
        r.op = JR_OP_ADD_THING_TO_THING_GROUP;
        r.thing_name = sdup(name);
        r.thing_group_name = sdup("all");
        if (exec_req(m, &r, &resp) == JR_OK) jr_response_free(&resp);
    }
    /* small: 100 jobs = 10 k executions */
    for (int i = 0; i < 100; i++) create_job(m, i);
    const int reps = 200;
    char *tj = mid_token(m, JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB, "job-00050", 50);
    char *tt = mid_token(m, JR_OP_LIST_JOB_EXECUTIONS_FOR_THING, "thing-050", 50);
    double job_small = page_time(m, JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB, "job-00050", tj, reps);
    double thing_small = page_time(m, JR_OP_LIST_JOB_EXECUTIONS_FOR_THING, "thing-050", tt, reps);
    jr_machine_stats st;
    jr_machine_stats_get(m, &st);
    size_t small_execs = st.executions;
    free(tj);
    free(tt);

    long rss0 = rss_bytes();
    size_t e0 = st.executions;
    double t0 = now_s();
    for (int i = 100; i < NJOBS; i++) create_job(m, i);
    double load_s = now_s() - t0;
    long rss1 = rss_bytes();
    jr_machine_stats_get(m, &st);
    size_t big_execs = st.executions;
    double per_exec = (double)(rss1 - rss0) / (double)(big_execs - e0);

    tj = mid_token(m, JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB, "job-05000", 50);
    tt = mid_token(m, JR_OP_LIST_JOB_EXECUTIONS_FOR_THING, "thing-050", 5000);
    double job_big = page_time(m, JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB, "job-05000", tj, reps);
    double thing_big = page_time(m, JR_OP_LIST_JOB_EXECUTIONS_FOR_THING, "thing-050", tt, reps);
    free(tj);
    free(tt);

    char why[256];
    bool inv = jr_machine_check_invariants(m, why, sizeof why);

    printf("bench_machine: %d jobs x %d things\n", NJOBS, NTHINGS);
    printf("+------------------------------------------+----------------+----------------+\n");
    printf("| figure                                   | value          | target         |\n");
    printf("+------------------------------------------+----------------+----------------+\n");
    printf("| executions loaded                        | %14zu |                |\n", big_execs);
    printf("| load time (s)                            | %14.2f |                |\n", load_s);
    printf("| resident bytes per execution             | %14.1f | <= 512         |\n", per_exec);
    printf("| ListJobExecutionsForJob page @ %7zu   | %11.1f us |                |\n", small_execs, job_small);
    printf("| ListJobExecutionsForJob page @ %7zu   | %11.1f us | <= 2x (%5.2fx) |\n", big_execs, job_big,
           job_big / job_small);
    printf("| ListJobExecutionsForThing page @ %7zu | %11.1f us |                |\n", small_execs, thing_small);
    printf("| ListJobExecutionsForThing page @ %7zu | %11.1f us | <= 2x (%5.2fx) |\n", big_execs, thing_big,
           thing_big / thing_small);
    printf("| invariants hold                          | %14s |                |\n", inv ? "yes" : why);
    printf("+------------------------------------------+----------------+----------------+\n");
    jr_machine_free(m);
    return 0;
}
