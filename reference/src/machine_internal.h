/* The core of the libjobsref state machine (not part of the public
 * contract): its data structures and the functions that change them. Layers,
 * top to bottom (see reference/README.md):
 *
 *   ops.c               the operation table: route, decoder, handler, encoder
 *   machine.c           jr_machine_execute: handler, then encoder; invariants
 *   handlers            one file per family: machine_jobs.c, machine_exec.c,
 *                       machine_registry.c, machine_list.c (+ machine_views.c,
 *                       which fills the views encoders read)
 *   core (this header)  core_store.c (store, look-ups, teardown),
 *                       core_exec.c (timers, execution status changes and
 *                       their consequences: counters, retry, abort,
 *                       completion), core_jobs.c (rollout, targeting,
 *                       membership follow-up, cancel, deletion, scheduling,
 *                       advance), core_registry.c (things, groups,
 *                       membership), machine_pool.c
 *
 * The core includes no handler, encoder or operation header and calls
 * nothing above it. Encoders (encode_response.c) never include this header.
 *
 * Allocation failures: a core function that can report one returns it; a
 * consequence deep inside a status change that cannot (a retry's new
 * execution, a pending thing, a timer) calls jr_core_oom, and
 * jr_machine_execute answers that request with InternalFailureException
 * "out of memory" -- never a silently dropped push.
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

/* A uthash add that cannot allocate leaves the element out (its hh.tbl is
 * NULL) instead of calling exit(): every add checks and reports out of
 * memory (jr_hash_added). */
#define HASH_NONFATAL_OOM 1
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
    bool oom;       /* an allocation failed in a core consequence (jr_core_oom) */
};

/* ---- core: store (core_store.c) ---- */

static inline bool jr_has_fault(const jr_machine *m, jr_fault f) { return jr_fault_on(m->faults, f); }
static inline int64_t jr_now(const jr_machine *m) { return jr_clock_now(&m->clock); }
/* After HASH_ADD*: false when the add could not allocate. */
#define jr_hash_added(elt) ((elt)->hh.tbl != NULL)
/* An allocation failed where no status can be returned (see above). */
static inline void jr_core_oom(jr_machine *m) { m->oom = true; }

bool jr_vec_push(void **arr, size_t *n, size_t *cap, void *item);
void jr_vec_remove_ptr(void **arr, size_t *n, const void *item);
bool jr_exec_vec_push(jr_exec_vec *v, jr_exec *e);
/* Index of the first execution with seq > after (or >= when inclusive). */
uint32_t jr_exec_vec_lower(const jr_exec_vec *v, uint64_t seq, bool inclusive);
void jr_exec_vec_remove(jr_exec_vec *v, const jr_exec *e);

jr_map *jr_map_from_kv(const jr_kv_list *l); /* NULL on allocation failure */
void jr_map_free(jr_map *m);
bool jr_map_equal(const jr_map *a, const jr_map *b);

char *jr_xstrdup(const char *s);

jr_job *jr_find_job(jr_machine *m, const char *id);
jr_thing *jr_find_thing(jr_machine *m, const char *name); /* live things only */
jr_thing *jr_find_thing_any(jr_machine *m, const char *name); /* tombstones too */
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

/* Job objects: copies of configurations (false on allocation failure),
 * freeing, and room for one more job in every job index (so adding the job
 * cannot fail half-way). */
void jr_copy_rollout(jr_rollout_config *dst, const jr_rollout_config *src);
bool jr_copy_abort(jr_abort_config *dst, const jr_abort_config *src);
bool jr_copy_retry(jr_retry_config *dst, const jr_retry_config *src);
bool jr_copy_presigned(jr_presigned_url_config *dst, const jr_presigned_url_config *src);
void jr_job_free(jr_job *j);
bool jr_store_reserve_job(jr_machine *m);
/* Adds a job built by the caller to the indexes (after
 * jr_store_reserve_job); false on allocation failure (nothing added). */
bool jr_store_add_job(jr_machine *m, jr_job *j);
/* Registry objects and teardown. */
void jr_thing_free(jr_thing *t);
void jr_group_free(jr_group *g);
void jr_registry_free_all(jr_machine *m);

/* ---- core: registry (core_registry.c) ---- */

/* NULL on allocation failure (nothing changed then). */
jr_thing *jr_thing_add(jr_machine *m, const char *name, const jr_kv_list *attributes);
bool jr_thing_revive(jr_machine *m, jr_thing *t, const jr_kv_list *attributes);
/* Leaves every group; its pending executions become REMOVED. */
void jr_thing_delete(jr_machine *m, jr_thing *t);
jr_group *jr_group_add(jr_machine *m, const char *name, jr_group *parent);
/* Members leave (CONTINUOUS jobs follow); the group is freed. */
void jr_group_delete(jr_machine *m, jr_group *g);
/* Idempotent; CONTINUOUS jobs follow. false on allocation failure. */
bool jr_group_join(jr_machine *m, jr_group *g, jr_thing *t);
void jr_group_leave(jr_machine *m, jr_group *g, jr_thing *t);
/* The things of g (and its descendants when recursive), each once, in
 * creation order; *out is the caller's to free. false: no memory. */
bool jr_group_things(jr_machine *m, jr_group *g, bool recursive, jr_thing ***out, size_t *n);
/* The group whose thingGroupId is `id`, or NULL. */
const jr_group *jr_find_group_by_id(const jr_machine *m, const char *id);

/* ---- core: executions (core_exec.c) ---- */

jr_exec *jr_exec_create(jr_machine *m, jr_job *j, jr_thing *t, uint16_t retry_attempt); /* NULL: no memory */
/* Service- or device-set status: counters, version, timers, and the
 * consequences (rollout, retry, abort, completion). */
void jr_exec_set_status(jr_machine *m, jr_exec *e, jr_exec_status st);
/* Unindexes and frees one execution; with repoint, the latest index goes
 * back to the previous execution of the pair. No status hooks. */
void jr_exec_free(jr_machine *m, jr_exec *e, bool repoint);
void jr_exec_free_one(jr_machine *m, jr_exec *e);
void jr_exec_timers_changed(jr_machine *m, jr_exec *e);
void jr_exec_clear_timers(jr_machine *m, jr_exec *e);
/* Room for n more deadlines: callers that may give executions a deadline
 * reserve first, so the change cannot fail half-way. */
bool jr_timers_reserve(jr_machine *m, size_t n);
void jr_timers_fire(jr_machine *m, int64_t now); /* due deadlines -> TIMED_OUT */
int64_t jr_exec_deadline(const jr_exec *e);     /* min of both deadlines; 0 none */
void jr_exec_bump(jr_machine *m, jr_exec *e);   /* version + lastUpdatedAt */
/* stepTimeoutInMinutes (validated by the decoder: -1 or 1..10080). */
void jr_exec_apply_step(jr_machine *m, jr_exec *e, const jr_opt_i64 *step);
jr_status jr_exec_replace_details(jr_exec *e, const jr_kv_list *l, jr_error *err);
/* approximateSecondsBeforeTimedOut, or -1 when it must be absent. */
int64_t jr_exec_seconds_left(const jr_machine *m, const jr_exec *e);
/* QUEUED or IN_PROGRESS of a job not being deleted. */
bool jr_exec_is_pending(const jr_exec *e);
/* Next pending execution of a thing: IN_PROGRESS first (oldest started),
 * else QUEUED in queue order (newest first under start-next-wrong-order). */
jr_exec *jr_thing_next_pending(jr_machine *m, jr_thing *t);
void jr_job_check_completion(jr_machine *m, jr_job *j);
void jr_job_check_abort(jr_machine *m, jr_job *j);
void jr_job_mark_active(jr_machine *m, jr_job *j);

/* ---- core: jobs over time (core_jobs.c) ---- */

/* Resolves the job's targets and starts the rollout. */
void jr_rollout_start(jr_machine *m, jr_job *j);
void jr_rollout_process(jr_machine *m, jr_job *j);
/* AssociateTargetsWithJob: the new targets join the rollout. */
void jr_rollout_add_targets(jr_machine *m, jr_job *j, const jr_str_list *targets);
bool jr_already_has_exec(jr_machine *m, jr_job *j, jr_thing *t);
void jr_add_pending(jr_machine *m, jr_job *j, jr_thing *t);
void jr_collect_group(jr_machine *m, jr_job *j, jr_group *g, int depth);
bool jr_thing_targeted_by(jr_machine *m, jr_job *j, jr_thing *t);
/* A thing joined a group: CONTINUOUS jobs may create an execution. */
void jr_membership_joined(jr_machine *m, jr_thing *t);
/* A thing left a group: CONTINUOUS jobs mark its pending execution REMOVED. */
void jr_membership_left(jr_machine *m, jr_thing *t);
void jr_job_cancel(jr_machine *m, jr_job *j, bool force, const char *reason, const char *comment);
void jr_job_begin_deletion(jr_machine *m, jr_job *j);
void jr_job_destroy(jr_machine *m, jr_job *j); /* gone at once, executions too */
void jr_job_set_rollout(jr_job *j, const jr_rollout_config *c);
void jr_job_set_timeout(jr_machine *m, jr_job *j, const jr_timeout_config *c);
/* Facts the responses show. */
bool jr_job_is_concurrent(const jr_job *j);
size_t jr_job_processing_targets(const jr_job *j, const char *const **out);
const uint32_t *jr_job_shown_counters(const jr_machine *m, const jr_job *j); /* stale-counters fault */
const jr_group *jr_job_first_group(const jr_machine *m, const jr_job *j);

#endif
