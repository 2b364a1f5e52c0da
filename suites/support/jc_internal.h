/* Internals shared by jc_scenario.c and jc_fixtures.c (not for suites). */
#ifndef JC_INTERNAL_H
#define JC_INTERNAL_H

#include <pthread.h>
#include <setjmp.h>

#include "jc_scenario.h"

#define JC_MAX_TRANSCRIPT 200

struct jc_env {
    const jc_config *cfg;
    char *control_url;
    char *data_url;
    char *prefix;
    bool embedded;
    bool admin;
    bool vclock;
    char *arn_prefix; /* "arn:aws:iot:us-east-1:123456789012:" */
    pthread_mutex_t lock;
    char **things; /* created in this run, for the sweep */
    size_t thing_count;
    char **groups;
    size_t group_count;
    unsigned next_seq;
};

struct jc_ctx {
    jc_env *env;
    jc_client *client;
    /* per scenario */
    const jc_scenario *sc;
    unsigned seq;
    unsigned names;
    bool failed, errored, skipped;
    char *message;
    jc_exchange *ex;
    size_t ex_count, ex_cap;
    bool ex_truncated;
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
};

/* Takes ownership of a heap string; returns it. */
char *jc_own(jc_ctx *ctx, char *s);
void jc_env_record_thing(jc_env *env, const char *name);
void jc_env_record_group(jc_env *env, const char *name);
void jc_ctx_reset(jc_ctx *ctx);

#endif
