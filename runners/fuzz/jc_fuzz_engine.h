/* The differential engine of `jobsconf fuzz`: runs one sequence of the shared
 * operation grammar (fuzz/jrf_grammar.h) step by step against a live
 * endpoint over HTTP (the runner's SigV4 client) and against an in-process
 * jr_machine whose virtual clock is kept in step with the endpoint's, and
 * compares every pair of answers (jc_fuzz_compare.h).
 *
 * Each sequence names its resources "<run prefix>-<sequence number>-t0",
 * ..., starts from nothing and deletes what it created afterwards (only
 * those names). */
#ifndef JC_FUZZ_ENGINE_H
#define JC_FUZZ_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jobsref/jobsref.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jc_fz_config {
    const char *control_url; /* no trailing slash */
    const char *data_url;
    const char *signing_control; /* "execute-api" (moto: "iot") */
    const char *signing_data;    /* "iot-jobs-data" */
    const char *region;
    const char *access_key, *secret_key, *session_token; /* NULL: dummy */
    double timeout_s;
    const char *prefix;        /* run prefix, [a-zA-Z0-9]+ */
    int64_t deletion_delay_ms; /* how long the endpoint keeps DELETION_IN_PROGRESS */
    bool no_clock;             /* never move the endpoint's clock, even if it has one */
    const char *admin_token;   /* jobsref's admin token for /_jobsref routes; NULL: none */
} jc_fz_config;

typedef enum jc_fz_verdict { JC_FZ_SAME = 0, JC_FZ_NOTE, JC_FZ_DIVERGE } jc_fz_verdict;

/* One compared exchange (a walk of a list counts as one). */
typedef struct jc_fz_record {
    int step;      /* index of the step in the sequence; -1: end-of-sequence audit */
    char *label;   /* "UpdateJobExecution", "ListJobs walk (maxResults 2)" */
    char *request; /* "POST /things/x/jobs/y {...}" (data plane marked) */
    int exp_status, act_status;
    char *exp_type, *act_type; /* error types as clients read them; NULL on success */
    char *exp_body, *act_body; /* normalized bodies (walks: the items) */
    jc_fz_verdict verdict;
    char *why;          /* what differed; NULL when SAME */
    const char *req_id; /* the requirement the comparison rests on */
} jc_fz_record;

typedef struct jc_fz_result {
    jc_fz_verdict verdict; /* DIVERGE: the sequence diverged */
    bool harness_error;    /* the endpoint could not be driven (transport) */
    char error[512];
    jc_fz_record *recs;
    size_t nrecs;
    size_t div_rec; /* index into recs of the divergence */
    size_t notes;
    size_t steps;   /* steps run */
} jc_fz_result;

typedef struct jc_fz jc_fz;

/* Connects, finds the endpoint's admin clock (GET /_jobsref/clock) and its
 * account (CreateThing of "<prefix>-probe", then deleted). NULL with a
 * message when the endpoint cannot be driven. */
jc_fz *jc_fz_new(const jc_fz_config *cfg, char *err, size_t err_len);
void jc_fz_free(jc_fz *fz);
bool jc_fz_has_clock(const jc_fz *fz);
const char *jc_fz_arn_prefix(const jc_fz *fz);

/* Runs one sequence (bytes of the grammar) with a fresh name prefix and a
 * fresh model. Steps that move the clock are skipped when the endpoint has
 * no controllable clock. Stops at the first divergence; notes (differences
 * on a MAY or [R] choice) are counted, and a note after which the two
 * states may differ ends the sequence. Fills *out (free with
 * jc_fz_result_clear). Returns 0, or -1 on a harness error. */
int jc_fz_run(jc_fz *fz, const uint8_t *data, size_t len, jc_fz_result *out);
void jc_fz_result_clear(jc_fz_result *r);

/* Byte offsets of the steps of a sequence (the grammar's consumption does
 * not depend on state). Returns the number of steps; at most max stored. */
size_t jc_fz_split(const uint8_t *data, size_t len, size_t *offsets, size_t max);

/* Where the time went: the model (oracle) vs HTTP to the endpoint. */
typedef struct jc_fz_stats {
    double oracle_s, http_s;
    size_t requests, sequences;
} jc_fz_stats;
void jc_fz_stats_get(const jc_fz *fz, jc_fz_stats *out);

/* A random sequence of n steps from rng state *rng (splitmix64): a setup of
 * things, groups and jobs, then operations weighted towards executions.
 * Returns heap bytes (caller frees), length in *len. clock: may contain
 * clock steps. */
uint8_t *jc_fz_generate(uint64_t *rng, int n, bool clock, size_t *len);

/* One-line description of a step ("CreateJob j1 ...") for transcripts. */
void jc_fz_describe_step(const uint8_t *p, size_t n, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
