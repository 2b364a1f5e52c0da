/* Benchmark of the state machine: loads 10,000 jobs x 100 things (1,000,000
 * executions) through jr_machine_execute with built requests, prints the
 * resident memory per execution (from /proc/self/statm) and the time of one
 * ListJobExecutionsForJob and one ListJobExecutionsForThing page at 10 k and
 * at 1 M executions. Targets: <= 512 bytes per execution; page time at 1 M
 * <= 2x the time at 10 k.
 *
 * The compared pages return the SAME number of items at both scales
 * (maxResults 50, positioned by a token after the 25th item, in lists of
 * >= 100 executions: a job has 100 at both scales, thing-050 has 100 at 10 k
 * and 10,000 at 1 M, where the page starts at item 5,001). A full 250-item
 * thing page at 1 M is printed too, for information. Each figure is the
 * best over BATCHES batches of the mean page time of a batch (the machine is
 * shared: other processes only ever add time, so the fastest batch is the
 * most reproducible figure). Times are CPU time of the thread
 * (CLOCK_THREAD_CPUTIME_ID), for the same reason.
 *
 * Usage: bench_machine [reps-per-batch [loop-seconds]]. With loop-seconds,
 * after the table it keeps requesting the 1 M thing page for that long (for
 * `perf record -g`). Prints figures; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "jobsref/jobsref.h"

#define NTHINGS 100
#define NJOBS 10000
#define BATCHES 7
#define PAGE 50
#define SKIP 25

static long rss_bytes(void)
{
    long size = 0, res = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    if (fscanf(f, "%ld %ld", &size, &res) != 2) res = 0;
    fclose(f);
    return res * sysconf(_SC_PAGESIZE);
}

/* CPU time of this (single) thread: time-sharing with other processes on a
 * shared machine does not count, only the work done. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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

static double page_once(jr_machine *m, jr_op op, const char *key, const char *tok, int64_t max, int reps,
                        int *items)
{
    double t0 = now_s();
    for (int i = 0; i < reps; i++) {
        jr_request r;
        memset(&r, 0, sizeof r);
        r.op = op;
        if (op == JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB) r.job_id = sdup(key);
        else r.thing_name = sdup(key);
        r.max_results = (jr_opt_i64){true, max};
        r.next_token = tok ? sdup(tok) : NULL;
        jr_response resp;
        if (exec_req(m, &r, &resp) == JR_OK) {
            if (i == 0 && items) {
                cJSON *j = cJSON_Parse(resp.body);
                *items = cJSON_GetArraySize(cJSON_GetObjectItem(j, "executionSummaries"));
                cJSON_Delete(j);
            }
            jr_response_free(&resp);
        }
    }
    return (now_s() - t0) / reps * 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Best over BATCHES of the mean time (us) of one page; *items = its size. */
static double page_time(jr_machine *m, jr_op op, const char *key, int64_t skip, int64_t max, int reps, int *items)
{
    char *tok = mid_token(m, op, key, skip);
    double t[BATCHES];
    for (int b = 0; b < BATCHES; b++) t[b] = page_once(m, op, key, tok, max, reps, b == 0 ? items : NULL);
    free(tok);
    qsort(t, BATCHES, sizeof t[0], cmp_double);
    return t[0]; /* the fastest batch: least disturbed by other processes */
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 100;
    double loop_s = argc > 2 ? atof(argv[2]) : 0;
    if (reps < 1) reps = 1;
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
    /* small: 100 jobs = 10 k executions; every list has 100 items */
    for (int i = 0; i < 100; i++) create_job(m, i);
    const jr_op OJ = JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB, OT = JR_OP_LIST_JOB_EXECUTIONS_FOR_THING;
    int nj_small = 0, nt_small = 0, nj_big = 0, nt_big = 0, nt_full = 0;
    double job_small = page_time(m, OJ, "job-00050", SKIP, PAGE, reps, &nj_small);
    double thing_small = page_time(m, OT, "thing-050", SKIP, PAGE, reps, &nt_small);
    jr_machine_stats st;
    jr_machine_stats_get(m, &st);
    size_t small_execs = st.executions;

    long rss0 = rss_bytes();
    size_t e0 = st.executions;
    double t0 = now_s();
    for (int i = 100; i < NJOBS; i++) create_job(m, i);
    double load_s = now_s() - t0;
    long rss1 = rss_bytes();
    jr_machine_stats_get(m, &st);
    size_t big_execs = st.executions;
    double per_exec = (double)(rss1 - rss0) / (double)(big_execs - e0);

    /* same page sizes as at 10 k: 50 items after the 25th of job-05000's 100
     * executions, and 50 items mid-way through thing-050's 10,000 */
    double job_big = page_time(m, OJ, "job-05000", SKIP, PAGE, reps, &nj_big);
    double thing_big = page_time(m, OT, "thing-050", NJOBS / 2, PAGE, reps, &nt_big);
    double thing_full = page_time(m, OT, "thing-050", NJOBS / 2, 250, reps, &nt_full);

    char why[256];
    bool inv = jr_machine_check_invariants(m, why, sizeof why);

    printf("bench_machine: %d jobs x %d things, %d batches x %d pages, best batch mean\n", NJOBS, NTHINGS, BATCHES,
           reps);
    printf("+----------------------------------------------------+-------------+---------------------+\n");
    printf("| figure                                             | value       | target (ratio)      |\n");
    printf("+----------------------------------------------------+-------------+---------------------+\n");
    printf("| executions loaded                                  | %11zu |                     |\n", big_execs);
    printf("| load time 10 k -> 1 M (s)                          | %11.2f |                     |\n", load_s);
    printf("| resident bytes per execution                       | %11.1f | <= 512              |\n", per_exec);
    printf("| ListJobExecutionsForJob   %3d items @ %7zu execs | %8.1f us |                     |\n", nj_small,
           small_execs, job_small);
    printf("| ListJobExecutionsForJob   %3d items @ %7zu execs | %8.1f us | <= 2x   (%6.2fx)   |\n", nj_big,
           big_execs, job_big, job_big / job_small);
    printf("| ListJobExecutionsForThing %3d items @ %7zu execs | %8.1f us |                     |\n", nt_small,
           small_execs, thing_small);
    printf("| ListJobExecutionsForThing %3d items @ %7zu execs | %8.1f us | <= 2x   (%6.2fx)   |\n", nt_big,
           big_execs, thing_big, thing_big / thing_small);
    printf("| ListJobExecutionsForThing %3d items @ %7zu execs | %8.1f us | (info, %5.1f us/it) |\n", nt_full,
           big_execs, thing_full, nt_full ? thing_full / nt_full : 0.0);
    printf("| invariants hold                                    | %11s |                     |\n", inv ? "yes" : "NO");
    printf("+----------------------------------------------------+-------------+---------------------+\n");
    if (!inv) printf("invariant violation: %s\n", why);
    fflush(stdout);

    if (loop_s > 0) {
        char *tok = mid_token(m, OT, "thing-050", NJOBS / 2);
        double end = now_s() + loop_s; /* CPU seconds */
        while (now_s() < end) page_once(m, OT, "thing-050", tok, 250, 100, NULL);
        free(tok);
    }
    jr_machine_free(m);
    return inv ? 0 : 1;
}
