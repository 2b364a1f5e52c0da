/* Internal state of the libjobsref state machine (not part of the public
 * contract). Split by concern:
 *   machine.c           lifecycle, dispatch, jobs (create/update/cancel/delete,
 *                       rollout, scheduling, abort, retry, completion, timers)
 *   machine_exec.c      execution operations (control and data plane)
 *   machine_registry.c  things, thing groups, membership, CONTINUOUS follow-up
 *   machine_list.c      the paginated lists
 *   encode_response.c   JSON rendering of the typed objects
 *   token.c             pagination tokens
 *
 * Ownership: the machine owns every object; executions point at their job
 * and thing. Executions are allocated from the machine's pool (m->exec_pool,
 * machine_pool.c), not one malloc each: a machine holding a million of them
 * keeps them packed in large blocks instead of interleaved with the
 * short-lived allocations of requests and responses, which fragmented the
 * malloc heap and made every later response slower. Deleted things stay allocated as tombstones (flag `deleted`)
 * because executions keep pointing at them; jr_machine_reset/free release
 * everything.
 *
 * Indexes of an execution (each exactly once):
 *   - job->execs and thing->execs: arrays sorted by creation sequence `seq`
 *     (appends only, since seq grows; removal by binary search + memmove);
 *   - m->latest: uthash keyed by (job, thing) holding the LATEST execution of
 *     each pair (older ones, e.g. retried or REMOVED, are only in the arrays);
 *     jr_latest_exec answers "none" without the hash when the thing has had
 *     no execution since the job's first one (read from the two arrays, so
 *     callers look up before adding to or removing from them);
 *   - m->heap: indexed binary min-heap of executions with a live deadline
 *     (e->heap_pos is 1-based, 0 when absent), keyed by min(in-progress
 *     deadline, step deadline). Updates are O(log n); no lazy entries are
 *     needed because each execution knows its slot.
 * Because every execution of a job gets the next executionNumber of that job
 * and seq grows monotonically, job->execs is also sorted by executionNumber
 * (binary search by number). */
#ifndef JR_MACHINE_INTERNAL_H
#define JR_MACHINE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uthash.h>

#include "jobsref/machine.h"

typedef struct jr_job jr_job;
typedef struct jr_thing jr_thing;
typedef struct jr_group jr_group;
typedef struct jr_exec jr_exec;

/* An owned string map (statusDetails, attributes, documentParameters). */
typedef struct jr_map {
    size_t count;
    jr_kv items[];
} jr_map;

typedef struct jr_exec_vec {
    jr_exec **v;
    uint32_t n, cap;
} jr_exec_vec;

/* A pool of fixed-size objects for one machine (machine_pool.c; no global
 * state). jr_pool_alloc returns a zeroed object (NULL on allocation failure)
 * owned by the pool until jr_pool_release; jr_pool_clear frees every block
 * at once (objects still out are gone too). */
typedef struct jr_pool {
    size_t size;       /* object size, rounded up to pointer alignment */
    void *free_list;   /* released objects, linked through their first word */
    struct jr_pool_block *blocks;
    unsigned char *cur; /* next unused object of the newest block */
    size_t left;        /* unused objects left in the newest block */
    size_t next_count;  /* objects in the next block (doubles, capped) */
    size_t live;        /* objects allocated and not released */
    bool vg_created;    /* described to valgrind as a mempool */
} jr_pool;

void jr_pool_init(jr_pool *p, size_t size);
void *jr_pool_alloc(jr_pool *p);
void jr_pool_release(jr_pool *p, void *obj);
void jr_pool_clear(jr_pool *p);

typedef struct jr_exec_key {
    jr_job *job;
    jr_thing *thing;
} jr_exec_key;

struct jr_exec {
    jr_exec_key key; /* key.job, key.thing: also the uthash key of m->latest */
    uint64_t seq;
    int64_t queued_at, started_at, updated_at; /* ms; started_at 0 = never */
    int64_t inprog_deadline, step_deadline;    /* ms; 0 = none */
    jr_map *details;                           /* NULL until set */
    uint32_t number, version, heap_pos;
    uint16_t retry_attempt;
    uint8_t status; /* jr_exec_status */
    uint8_t force_canceled;
    UT_hash_handle hh; /* in m->latest only while the latest of its pair */
};

struct jr_thing {
    char *name;
    uint64_t seq;  /* creation sequence (ListThingsInThingGroup order) */
    uint64_t num;  /* thingId counter */
    bool deleted;  /* tombstone: executions may still point here */
    uint64_t mark; /* scratch for de-duplication (m->mark_epoch) */
    jr_map *attributes;
    jr_group **groups; /* direct memberships */
    size_t ngroups, capgroups;
    jr_exec_vec execs;
    UT_hash_handle hh;
};

struct jr_group {
    char *name;
    char *properties; /* thingGroupProperties JSON text as created; NULL when none */
    uint64_t seq, num;
    int64_t created_at;
    jr_group *parent;
    jr_group **children;
    size_t nchildren, capchildren;
    jr_thing **members;
    size_t nmembers, capmembers;
    UT_hash_handle hh;
};

struct jr_job {
    char *job_id;
    uint64_t seq;
    jr_job_status status;
    jr_target_selection selection;
    bool force_canceled;
    char *reason_code, *comment, *description, *document, *document_source, *namespace_id, *job_template_arn;
    char **targets;
    size_t ntargets;
    jr_presigned_url_config presigned;
    jr_rollout_config rollout;
    jr_abort_config abort_cfg;
    jr_timeout_config timeout;
    jr_retry_config retry;
    jr_scheduling_config sched;
    jr_map *doc_params;
    int64_t created_at, updated_at, completed_at; /* completed_at 0 = none */
    int64_t start_ms, end_ms;                     /* scheduling; end_ms 0 = none */
    bool end_applied;
    int64_t deletion_at;

    jr_exec_vec execs;
    uint32_t next_number;
    uint32_t counts[JR_EXEC_STATUS_COUNT]; /* always exact */
    uint32_t frozen[JR_EXEC_STATUS_COUNT]; /* shown under stale-counters */

    /* rollout */
    jr_thing **pending;
    size_t npending, pending_pos, cappending;
    bool rolling;         /* rollout under way (pending may still grow) */
    bool rollout_stopped; /* no more executions ever (cancel, STOP_ROLLOUT) */
    int64_t rollout_start;
    int64_t window;
    uint32_t created_in_window;
    double rate;
    uint32_t since_inc_notified, since_inc_succeeded;

    bool active; /* in m->active (needs time processing) */
    UT_hash_handle hh;
};

struct jr_machine {
    jr_machine_config cfg;
    char *region, *account;
    jr_clock clock;
    jr_fault_set faults;

    jr_job *jobs_by_id; /* uthash */
    jr_job **jobs;      /* sorted by seq */
    size_t njobs, capjobs;
    jr_job **continuous; /* CONTINUOUS jobs (any status) */
    size_t ncontinuous, capcontinuous;
    jr_job **active;
    size_t nactive, capactive;
    size_t deletions;

    jr_thing *things; /* uthash, includes tombstones */
    jr_thing **thing_list; /* sorted by seq, includes tombstones */
    size_t nthings_all, capthings, nthings_live;
    jr_group *groups; /* uthash */
    size_t ngroups;

    jr_pool exec_pool; /* every jr_exec lives here (packed, not malloc'd) */
    jr_exec *latest; /* uthash by (job, thing) */
    jr_exec **heap;  /* 1-based */
    size_t nheap, capheap;
    size_t nexecs;

    uint64_t seq;
    uint64_t id_counter;
    uint64_t mark_epoch;
    bool in_create; /* CreateJob in progress (stale-counters snapshot) */
};

/* ---- helpers shared between the machine files ---- */

static inline bool jr_has_fault(const jr_machine *m, jr_fault f) { return jr_fault_on(m->faults, f); }
static inline int64_t jr_now(const jr_machine *m) { return jr_clock_now(&m->clock); }

bool jr_vec_push(void **arr, size_t *n, size_t *cap, void *item);
bool jr_exec_vec_push(jr_exec_vec *v, jr_exec *e);
/* Index of the first execution with seq > after (or >= when inclusive). */
uint32_t jr_exec_vec_lower(const jr_exec_vec *v, uint64_t seq, bool inclusive);
void jr_exec_vec_remove(jr_exec_vec *v, const jr_exec *e);

jr_map *jr_map_from_kv(const jr_kv_list *l);
void jr_map_free(jr_map *m);
bool jr_map_equal(const jr_map *a, const jr_map *b);

char *jr_xstrdup(const char *s);

jr_job *jr_find_job(jr_machine *m, const char *id);
jr_thing *jr_find_thing(jr_machine *m, const char *name); /* live things only */
jr_group *jr_find_group(jr_machine *m, const char *name);
jr_exec *jr_latest_exec(jr_machine *m, jr_job *j, jr_thing *t);
jr_exec *jr_job_exec_by_number(jr_job *j, int64_t number);

/* ARN of a thing / group / job into buf. */
void jr_thing_arn(const jr_machine *m, const char *name, char *buf, size_t n);
void jr_group_arn(const jr_machine *m, const char *name, char *buf, size_t n);
void jr_job_arn(const jr_machine *m, const char *id, char *buf, size_t n);
/* "00000000-0000-4000-8000-00000000002a" from a counter. */
void jr_uuid(uint64_t n, char buf[40]);
/* Parses a thing or thinggroup ARN of this region/account; returns the
 * kind (1 thing, 2 group, 0 invalid or foreign) and the name (points into s). */
int jr_parse_target(const jr_machine *m, const char *s, const char **name);

/* Execution state changes (machine.c). */
jr_exec *jr_exec_create(jr_machine *m, jr_job *j, jr_thing *t, uint16_t retry_attempt);
/* Service- or device-set status: counters, version, timers, hooks. */
void jr_exec_set_status(jr_machine *m, jr_exec *e, jr_exec_status st);
void jr_exec_free_one(jr_machine *m, jr_exec *e); /* unindex + free (no hooks) */
void jr_exec_timers_changed(jr_machine *m, jr_exec *e);
void jr_exec_bump(jr_machine *m, jr_exec *e); /* version + lastUpdatedAt */
void jr_job_check_completion(jr_machine *m, jr_job *j);
bool jr_thing_targeted_by(jr_machine *m, jr_job *j, jr_thing *t);
/* A thing joined a group: CONTINUOUS jobs may create an execution. */
void jr_membership_joined(jr_machine *m, jr_thing *t);
/* A thing left a group: CONTINUOUS jobs mark its pending execution REMOVED. */
void jr_membership_left(jr_machine *m, jr_thing *t);

/* Operation handlers: each validates, mutates, and renders the body. */
jr_status jr_op_exec(jr_machine *m, const jr_request *r, char **body, jr_error *err);     /* machine_exec.c */
jr_status jr_op_registry(jr_machine *m, const jr_request *r, char **body, jr_error *err); /* machine_registry.c */
jr_status jr_op_list(jr_machine *m, const jr_request *r, char **body, jr_error *err);     /* machine_list.c */

/* Registry teardown (machine_registry.c). */
void jr_registry_free_all(jr_machine *m);

#endif
