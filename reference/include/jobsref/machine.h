/* The state machine: jobs, executions, things, groups, timers, rollout,
 * abort, retry and deletion, driven only by typed requests and the injected
 * clock. One jr_machine is single-threaded; callers serialize access.
 *
 * Results are rendered straight to the response JSON (each operation's
 * handler fills a plain view that its encoder renders; see
 * reference/README.md), so every consumer -- the server, the fuzzers, the
 * tests -- sees exactly the bytes a client would. */
#ifndef JOBSREF_MACHINE_H
#define JOBSREF_MACHINE_H

#include "jobsref/clock.h"
#include "jobsref/error.h"
#include "jobsref/faults.h"
#include "jobsref/request.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jr_machine jr_machine;

typedef struct jr_machine_config {
    const char *region;     /* copied; default "us-east-1" */
    const char *account_id; /* copied; default "123456789012" */
    /* How long a job stays DELETION_IN_PROGRESS on the machine's clock
     * before it disappears. Default 2000 ms. 0 still passes through the
     * state: deletion completes on the next call that reads the clock. */
    int64_t deletion_delay_ms;
    /* Secret mixed into pagination tokens so that a token from another list,
     * another filter or another instance is rejected. */
    uint64_t token_key;
    jr_fault_set faults;
} jr_machine_config;

void jr_machine_config_default(jr_machine_config *cfg);

/* Returns NULL only on allocation failure. The caller owns the machine and
 * frees it with jr_machine_free. `clock` is copied; what it points to must
 * outlive the machine. */
jr_machine *jr_machine_new(const jr_machine_config *cfg, jr_clock clock);
void jr_machine_free(jr_machine *m);
/* Drops every job, execution, thing and group; keeps config and clock. */
void jr_machine_reset(jr_machine *m);
void jr_machine_set_faults(jr_machine *m, jr_fault_set faults);
jr_fault_set jr_machine_faults(const jr_machine *m);

/* A successful operation's response. `body` is heap memory owned by the
 * caller (free with jr_response_free); it is a JSON object, "{}" for
 * operations with no output members. */
typedef struct jr_response {
    int http_status; /* 200 */
    char *body;
    size_t body_len;
} jr_response;

void jr_response_free(jr_response *resp);

/* Applies everything due at the clock's current time: scheduled starts,
 * rollout, in-progress and step timeouts, abort criteria, retries, and
 * completion of deletions. jr_machine_execute calls it first; a server may
 * also call it after advancing a virtual clock. */
void jr_machine_advance(jr_machine *m);

/* Executes one typed request. JR_OK: *resp filled. JR_FAIL: *err filled with
 * an API error, state unchanged. */
jr_status jr_machine_execute(jr_machine *m, const jr_request *req, jr_response *resp, jr_error *err);

/* Checks every internal invariant (counters equal executions per status,
 * indexes agree with the objects, terminal executions carry no timers,
 * versions are positive, at most 10 deletions in progress, ...). Returns
 * true when all hold; otherwise false with a description in `why`. Used by
 * the unit tests and the state-machine fuzzer after every step. Faults that
 * deliberately break an invariant (stale-counters) are taken into account. */
bool jr_machine_check_invariants(const jr_machine *m, char *why, size_t why_len);

/* Figures for the benchmark and tests. */
typedef struct jr_machine_stats {
    size_t jobs;
    size_t executions;
    size_t things;
    size_t groups;
    size_t deletions_in_progress;
} jr_machine_stats;

void jr_machine_stats_get(const jr_machine *m, jr_machine_stats *out);

/* Introspection, for checkers that run after every step (the state-machine
 * fuzzer): a read-only view of every job and execution without rendering or
 * parsing JSON. The views point into the machine and are valid only during
 * the callback (or until the next call that may change the machine). */
typedef struct jr_exec_view {
    const char *job_id;
    const char *thing_name; /* also for executions of deleted things */
    int64_t execution_number;
    jr_exec_status status;
    int64_t version_number;
} jr_exec_view;

/* Visits every execution (including REMOVED and older retry attempts, and
 * those of DELETION_IN_PROGRESS jobs), job by job in creation order, each
 * job's executions by executionNumber. */
void jr_machine_visit_executions(const jr_machine *m, void (*visit)(void *ctx, const jr_exec_view *v), void *ctx);

typedef struct jr_job_view {
    const char *job_id;
    jr_job_status status;
    jr_target_selection target_selection;
    /* jobProcessDetails counters exactly as DescribeJob reports them (so the
     * stale-counters fault shows here too), indexed by jr_exec_status. */
    int64_t counters[JR_EXEC_STATUS_COUNT];
    size_t executions; /* number of executions the job has */
} jr_job_view;

/* Visits every job (DELETION_IN_PROGRESS ones included) in creation order. */
void jr_machine_visit_jobs(const jr_machine *m, void (*visit)(void *ctx, const jr_job_view *v), void *ctx);
/* A digest of everything GetPendingJobExecutions and DescribeJobExecution
 * "$next" read to choose a thing's pending executions and its next one: the
 * live thing, and for each of its executions the identity, number, status,
 * startedAt and whether its job still counts (not DELETION_IN_PROGRESS), with
 * the fault set. Equal digests mean the same two answers' execution keys
 * (jobId, executionNumber), so a notifier can skip an unchanged thing. A
 * cheap read (no allocation); 0 is never returned. */
uint64_t jr_machine_thing_fingerprint(const jr_machine *m, const char *thing_name);
/* The job's status; false when no job has that id. */
bool jr_machine_job_status(const jr_machine *m, const char *job_id, jr_job_status *out);

#ifdef __cplusplus
}
#endif
#endif
