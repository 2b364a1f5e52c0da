/* The operation grammar of the stateful fuzzers: turns bytes into a sequence
 * of typed Jobs API requests over small name pools (4 things, 3 groups,
 * 4 job ids), both planes, every operation, valid and invalid members,
 * limits, forces, expected versions, pagination and clock steps.
 *
 * Shared by fuzz/fuzz_state_machine.c (one jr_machine, invariants checked in
 * process) and the differential fuzzer of `jobsconf fuzz` (runners/fuzz/:
 * every step against a live endpoint and against the model). The pools'
 * names are the caller's: the harness uses "t0".."t3", the differential
 * fuzzer prefixes them with its run and sequence so that a sequence only
 * ever touches resources it created.
 *
 * Step encoding: one opcode byte (op = byte % JRF_SM_COUNT, enum jrf_sm_op
 * in fuzz_common.h), then the operation's parameter bytes; a missing byte
 * reads as 0. */
#ifndef JRF_GRAMMAR_H
#define JRF_GRAMMAR_H

#include <stddef.h>
#include <stdint.h>

#include "jobsref/jobsref.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JRF_NTHINGS 4
#define JRF_NGROUPS 3
#define JRF_NJOBS 4

typedef struct jrf_pools {
    const char *things[JRF_NTHINGS];
    const char *groups[JRF_NGROUPS];
    const char *jobs[JRF_NJOBS];
    const char *unknown_thing; /* a thing name no step creates */
    const char *arn_prefix;    /* "arn:aws:iot:us-east-1:123456789012:" */
} jrf_pools;

/* What the grammar reads of the current state. */
typedef struct jrf_gen_ctx {
    const jrf_pools *pools;
    int64_t now_ms; /* the clock, for schedulingConfig times */
    /* The versionNumber of the latest execution of thing (index) for job
     * (index), 1 when it has none: the base of "expectedVersion" choices. */
    int64_t (*version_of)(void *ctx, int job, int thing);
    void *ctx;
} jrf_gen_ctx;

typedef enum jrf_step_kind {
    JRF_STEP_CALL,    /* send req once */
    JRF_STEP_WALK,    /* a list: walk all pages of req (a template) with walk_max items per page */
    JRF_STEP_ADVANCE, /* move the clock forward by advance_ms */
} jrf_step_kind;

/* How the items of a walked list are told apart. */
typedef enum jrf_walk_key { JRF_KEY_JOB, JRF_KEY_THING_EXEC, JRF_KEY_STRING } jrf_walk_key;

typedef struct jrf_step {
    int opcode; /* enum jrf_sm_op */
    jrf_step_kind kind;
    jr_request req; /* CALL and WALK; owned, free with jrf_step_free */
    int job;        /* pool index of the job the step names, or -1 */
    int thing;      /* pool index of the thing the step names, or -1 */
    const char *walk_member; /* WALK: the array member ("jobs", ...) */
    jrf_walk_key walk_key;
    int64_t walk_max;   /* WALK: page size the input asks for */
    int64_t advance_ms; /* ADVANCE */
} jrf_step;

/* Reads one step from p[0..n). Returns the number of bytes consumed (0 only
 * when n is 0; missing parameter bytes read as 0 and are not counted). */
size_t jrf_grammar_step(const jrf_gen_ctx *g, const uint8_t *p, size_t n, jrf_step *out);
void jrf_step_free(jrf_step *s);

/* The over-long jobId (JR_JOB_ID_MAX + 1 characters) the limits step may
 * send for pool job j: the job's name padded with 'x'. A server that fails
 * to check the length creates it, so cleanups delete it too. buf holds at
 * least JR_JOB_ID_MAX + 2 bytes. */
void jrf_long_job_id(const jrf_pools *pools, int j, char *buf);

/* Pool index of a name, or -1. */
int jrf_pool_index(const char *const *pool, int n, const char *name);

#ifdef __cplusplus
}
#endif
#endif
