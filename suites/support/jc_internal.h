/* Internals shared by jc_scenario.c and jc_fixtures.c (not for suites). */
#ifndef JC_INTERNAL_H
#define JC_INTERNAL_H

#include <pthread.h>
#include <setjmp.h>

#include "jc_scenario.h"

#define JC_MAX_TRANSCRIPT 200
#define JC_MAX_CHECKS 2000 /* checks recorded per scenario (failed ones up to 4x) */
/* Bytes of one body (or header block) kept in a transcript, and of all the
   exchanges of one scenario: a server answering megabytes cannot make a run
   or its reports grow without bound. */
#define JC_KEEP_BODY_BYTES ((size_t)16 * 1024)
#define JC_KEEP_SCENARIO_BYTES ((size_t)256 * 1024)
/* Bytes of decoded answers one scenario may hold (each answer counts twice:
   its raw body and its JSON): past it the scenario ends with ERROR rather
   than let a server that answers megabytes grow the run without bound. */
#define JC_KEEP_RESPONSES_BYTES ((size_t)64 * 1024 * 1024)
/* Consecutive scenarios that end on an exchange that broke below HTTP
   (refused, reset, timed out, cut short) before the endpoint is taken for
   unreachable and the run stops starting scenarios. Counted per scenario, not
   per exchange: a server that answers the setup and crawls on the rest is as
   unusable as one that is down. */
#define JC_UNREACHABLE_AFTER 5

/* The operation table: one row per modeled operation (jc_shapes.h), the
   answers counted by kind and the JC_OP_ANSWERS most frequent non-2xx
   answers kept by their description ("500 HTML"). */
#define JC_MAX_OPS 64
#define JC_OP_ANSWERS 8
typedef struct jc_op_stat {
    size_t calls, ok, typed_4xx, other_4xx, server_5xx, not_json, no_route, transport;
    struct { char what[96]; size_t n; } answers[JC_OP_ANSWERS];
    size_t answers_other; /* answers beyond the kept descriptions */
} jc_op_stat;

struct jc_env {
    const jc_config *cfg;
    char *control_url;
    char *data_url;
    bool no_data; /* --data-endpoint none: no data plane to call */
    char *prefix;
    bool embedded;
    bool admin;
    bool vclock;
    bool mqtt_ordered; /* the endpoint declares jobsref's MQTT ordering guarantee */
    char *arn_prefix; /* "arn:aws:iot:us-east-1:123456789012:" */
    pthread_mutex_t lock;
    char **things; /* created in this run, for the sweep */
    size_t thing_count;
    char **groups;
    size_t group_count;
    char **jobs; /* job ids created in this run: the only jobs it deletes */
    size_t job_count;
    unsigned next_seq;
    /* stopping: set once (unreachable endpoint, --max-time, a signal); read
       without the lock through __atomic loads */
    int stopped;
    char *stop_reason;
    unsigned transport_failures; /* consecutive scenarios */
    char unreachable_since[32];  /* UTC time of the first of them */
    double deadline_s;           /* CLOCK_MONOTONIC seconds; 0: none */
    double cleanup_deadline_s;   /* the same for the cleanup's requests */
    const volatile sig_atomic_t *signal_flag;
    jc_op_stat ops[JC_MAX_OPS]; /* under lock */
    /* jobs the per-scenario cleanup deleted whose deletion may still be in
       progress: at most JC_SCENARIO_IN_FLIGHT, so scenarios (this run's and
       another run's on the same account) keep room under the server's limit
       of 10 deletions in progress */
    char *flight[2];
    size_t flight_count;
};
#define JC_SCENARIO_IN_FLIGHT 2
/* What one scenario may create and delete itself at its end (more is left to
   the end-of-run sweep). */
#define JC_SCENARIO_MADE_MAX 256
/* Seconds one scenario's cleanup may take. */
#define JC_SCENARIO_CLEANUP_S 10.0

struct jc_ctx {
    jc_env *env;
    jc_client *client;
    /* per scenario */
    const jc_scenario *sc;
    unsigned seq;
    unsigned names;
    bool failed, errored, skipped, blocked;
    char *message;
    char *blocked_op;  /* jc_blocked: the operation that failed */
    char *req_scope;   /* jc_req_scope: requirement of unnamed checks */
    jc_check *checks;
    size_t check_count, check_cap, checks_omitted;
    jc_exchange *ex;
    size_t ex_count, ex_cap;
    bool ex_truncated;
    size_t ex_bytes; /* body and header bytes kept so far */
    size_t resp_bytes; /* answer bytes held by the scenario's responses */
    char **strs;
    size_t str_count, str_cap;
    jc_response **resps;
    size_t resp_count, resp_cap;
    jmp_buf jb;
    bool jb_active;
    bool cunit;
    bool allow_5xx;
    /* jc_defer: run (last first) when the scenario ends */
    struct { void (*fn)(void *); void *arg; } defers[8];
    size_t defer_count;
    bool no_stop; /* the cleanup: goes on after the run stopped */
    bool broke;   /* the scenario ended on an exchange that broke */
    double broke_at; /* wall time of the first such exchange (time(NULL)) */
    /* operations (bits by jc_shapes index) this scenario called / saw 2xx */
    uint64_t ops_called, ops_ok;
    uint64_t ops_checked; /* whose answers a check in the suite file itself read */
    uint64_t ops_refused; /* that answered anything but 2xx */
    /* the operation of each recent response, for a refused setup call */
    struct { const jc_response *resp; int op; } recent[64];
    unsigned recent_next;
    /* what this scenario created ("j:" job, "t:" thing, "g:" group + name),
       deleted by jc_scenario_cleanup when it ends */
    char *made[JC_SCENARIO_MADE_MAX];
    size_t made_count;
    bool cleaning; /* jc_scenario_cleanup is running: no checks, no verdict */
    /* the operation under test whose 5xx answer ended the scenario (ERROR);
       judged FAIL at the end of the run when it answered 2xx elsewhere */
    const char *server_error_op;
};

/* What one answer was, for the operation table (jc_optable.c). */
typedef enum jc_answer_kind {
    JC_ANS_OK = 0, JC_ANS_TYPED_4XX, JC_ANS_OTHER_4XX, JC_ANS_5XX, JC_ANS_NOT_JSON, JC_ANS_NO_ROUTE, JC_ANS_TRANSPORT
} jc_answer_kind;
/* Records one exchange in the run's operation table and the scenario's
   operation sets. Returns the operation's index (jc_shapes.h), or -1 when
   the route is not a modeled operation (nothing recorded); *kind and what
   ("500 HTML", "400 InvalidRequestException") describe the answer. resp is
   NULL when no HTTP answer came. */
int jc_op_note(jc_ctx *ctx, int plane, const char *method, const char *path, const jc_response *resp,
               jc_answer_kind *kind, char *what, size_t what_len);
/* The operation of a response this scenario received recently; -1 if unknown. */
int jc_op_of(const jc_ctx *ctx, const jc_response *resp);
/* Whether the scenario's table entry declares operation index op as one
   under test / declares anything at all. */
bool jc_op_under_test(const jc_ctx *ctx, int op);
bool jc_op_declared(const jc_ctx *ctx);
/* A jc_expect_* in `file` read resp: notes its operation as checked by the
   scenario itself (not by a shared helper in suites/support/). */
void jc_op_checked(jc_ctx *ctx, const jc_response *resp, const char *file);
/* Comma-separated names of the operations in mask (new string; NULL when empty). */
char *jc_op_names(uint64_t mask);

/* Takes ownership of a heap string; returns it. */
char *jc_own(jc_ctx *ctx, char *s);
void jc_env_record_thing(jc_env *env, const char *name);
void jc_env_record_group(jc_env *env, const char *name);
void jc_env_record_job(jc_env *env, const char *id);
/* Forgets a recorded resource (kind 'j', 't' or 'g') once it was deleted. */
void jc_env_forget(jc_env *env, char kind, const char *name);
/* Remembers that this scenario created a resource (kind 'j', 't', 'g'). */
void jc_ctx_made(jc_ctx *ctx, char kind, const char *name);
/* Per-scenario cleanup: deletes what the scenario created (jobs with force,
   then things, then groups), bounded in time and count, best effort, its
   exchanges in the scenario's transcript; the verdict is not touched. Not
   run against the bundled jobsref, which is discarded at the end. */
void jc_scenario_cleanup(jc_ctx *ctx);
double jc_mono_s(void);
void jc_ctx_reset(jc_ctx *ctx);
/* Frees what the ctx owns (exchanges, strings, responses) and keeps the
   rest: a long loop inside one setjmp stays bounded in memory. */
void jc_ctx_release(jc_ctx *ctx);

#endif
