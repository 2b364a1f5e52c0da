/* notify and notify-next (spec/mqtt-facts.md section 4), computed from the
 * outside of the machine: after any change, the pending list and the next
 * execution of each concerned thing are read through the public API and
 * compared with what was last published for that thing. */
#include "jobsref/mqtt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uthash.h>

#include "mqtt_internal.h"

typedef struct thing_state {
    char *name;
    char *pending; /* sorted "jobId#n" set of pending executions, "" when none */
    char *next;    /* "jobId#n" of the next execution, "" when none */
    bool seen;     /* visited in the current scan */
    uint64_t fp;   /* jr_machine_thing_fingerprint when pending/next were read; 0 = never */
    UT_hash_handle hh;
} thing_state;

struct jr_mqtt_notifier {
    thing_state *things;
};

jr_mqtt_notifier *jr_mqtt_notifier_new(void) { return calloc(1, sizeof(jr_mqtt_notifier)); }

static void drop(jr_mqtt_notifier *n, thing_state *t)
{
    HASH_DEL(n->things, t);
    free(t->name);
    free(t->pending);
    free(t->next);
    free(t);
}

void jr_mqtt_notifier_clear(jr_mqtt_notifier *n)
{
    if (!n) return;
    thing_state *t, *tmp;
    HASH_ITER(hh, n->things, t, tmp) drop(n, t);
}

void jr_mqtt_notifier_free(jr_mqtt_notifier *n)
{
    jr_mqtt_notifier_clear(n);
    free(n);
}

static thing_state *get_state(jr_mqtt_notifier *n, const char *name)
{
    thing_state *t = NULL;
    HASH_FIND_STR(n->things, name, t);
    if (t) return t;
    t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->name = strdup(name);
    t->pending = strdup("");
    t->next = strdup("");
    if (!t->name || !t->pending || !t->next) {
        free(t->name);
        free(t->pending);
        free(t->next);
        free(t);
        return NULL;
    }
    HASH_ADD_KEYPTR(hh, n->things, t->name, strlen(t->name), t);
    return t;
}

static void visit(void *ctx, const jr_exec_view *v)
{
    jr_mqtt_notifier *n = ctx;
    if (v->status != JR_EXEC_QUEUED && v->status != JR_EXEC_IN_PROGRESS) return;
    thing_state *t = get_state(n, v->thing_name);
    if (t) t->seen = true;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* "jobId#executionNumber" of a summary or execution. */
static void exec_key(const cJSON *e, char *buf, size_t len)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "jobId");
    const cJSON *no = cJSON_GetObjectItemCaseSensitive(e, "executionNumber");
    snprintf(buf, len, "%s#%" PRId64, cJSON_IsString(id) ? id->valuestring : "",
             cJSON_IsNumber(no) ? (int64_t)no->valuedouble : (int64_t)0);
}

static char *set_key(const cJSON *lists[2])
{
    size_t count = (size_t)cJSON_GetArraySize(lists[0]) + (size_t)cJSON_GetArraySize(lists[1]);
    char **keys = calloc(count + 1, sizeof *keys);
    if (!keys) return NULL;
    size_t k = 0, total = 1;
    for (int l = 0; l < 2; l++) {
        const cJSON *e;
        cJSON_ArrayForEach(e, lists[l])
        {
            char buf[JR_JOB_ID_MAX + 32];
            exec_key(e, buf, sizeof buf);
            keys[k] = strdup(buf);
            if (keys[k]) total += strlen(keys[k++]) + 1;
        }
    }
    qsort(keys, k, sizeof *keys, cmp_str);
    char *out = malloc(total);
    if (out) {
        out[0] = '\0';
        size_t at = 0;
        for (size_t i = 0; i < k; i++) {
            size_t l = strlen(keys[i]);
            memcpy(out + at, keys[i], l);
            at += l;
            out[at++] = ',';
            out[at] = '\0';
        }
    }
    for (size_t i = 0; i < k; i++) free(keys[i]);
    free(keys);
    return out;
}

static cJSON *pending_of(jr_machine *m, const char *thing)
{
    jr_request r;
    memset(&r, 0, sizeof r);
    r.op = JR_OP_GET_PENDING_JOB_EXECUTIONS;
    r.plane = JR_PLANE_DATA;
    r.thing_name = (char *)thing;
    jr_response resp = {0};
    jr_error err;
    cJSON *j = NULL;
    if (jr_machine_execute(m, &r, &resp, &err) == JR_OK) j = cJSON_ParseWithLength(resp.body, resp.body_len);
    jr_response_free(&resp);
    return j; /* NULL: the thing is gone, nothing is pending */
}

/* The mqtt-notify-unsorted fault: the list in reverse order. */
static cJSON *reversed(cJSON *arr)
{
    cJSON *out = cJSON_CreateArray();
    if (!out) return arr;
    while (cJSON_GetArraySize(arr) > 0) cJSON_AddItemToArray(out, cJSON_DetachItemFromArray(arr, cJSON_GetArraySize(arr) - 1));
    cJSON_Delete(arr);
    return out;
}

static void publish_json(cJSON *o, const char *thing, const char *suffix, jr_mqtt_publish_fn publish, void *ctx)
{
    char topic[JR_MQTT_TOPIC_MAX + 1];
    snprintf(topic, sizeof topic, "$aws/things/%s/jobs/%s", thing, suffix);
    char *s = cJSON_PrintUnformatted(o);
    if (s) publish(ctx, topic, s, strlen(s));
    free(s);
}

static void add_ts(cJSON *o, int64_t now_ms)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, now_ms / 1000);
    cJSON_AddRawToObject(o, "timestamp", buf);
}

size_t jr_mqtt_notifier_scan(jr_mqtt_notifier *n, jr_machine *m, const jr_mqtt_options *o,
                             jr_mqtt_publish_fn publish, void *ctx)
{
    if (!n || !m) return 0;
    thing_state *t, *tmp;
    HASH_ITER(hh, n->things, t, tmp) t->seen = false;
    jr_machine_visit_executions(m, visit, n);
    size_t sent = 0;
    /* What the first read below would have fired (each request advances the
       machine's timers), before any digest is taken. */
    if (n->things) jr_machine_advance(m);
    HASH_ITER(hh, n->things, t, tmp)
    {
        /* A thing whose executions did not change since its last reading
           would give the same keys again: nothing to publish, no reads. The
           scan then costs a digest per tracked thing instead of two requests
           encoded and parsed back, which made every request of a long run
           slower than the one before (things with pending executions pile
           up in a server that is never swept). */
        uint64_t fp = jr_machine_thing_fingerprint(m, t->name);
        if (fp == t->fp) {
            if (!t->seen && t->pending[0] == '\0' && t->next[0] == '\0') drop(n, t);
            continue;
        }
        cJSON *p = pending_of(m, t->name);
        bool answered = p != NULL;
        cJSON *ip = cJSON_GetObjectItemCaseSensitive(p, "inProgressJobs");
        cJSON *q = cJSON_GetObjectItemCaseSensitive(p, "queuedJobs");
        const cJSON *lists[2] = {ip, q};
        char *key = set_key(lists);
        if (key && strcmp(key, t->pending) != 0) {
            cJSON *msg = cJSON_CreateObject();
            add_ts(msg, o->now_ms);
            cJSON *jobs = cJSON_AddObjectToObject(msg, "jobs");
            int keep = JR_MQTT_NOTIFY_LIST_MAX;
            const char *names[2] = {"IN_PROGRESS", "QUEUED"};
            for (int l = 0; l < 2; l++) {
                cJSON *arr = cJSON_DetachItemFromObjectCaseSensitive(p, l == 0 ? "inProgressJobs" : "queuedJobs");
                if (!arr) continue;
                while (cJSON_GetArraySize(arr) > keep) cJSON_DeleteItemFromArray(arr, cJSON_GetArraySize(arr) - 1);
                keep -= cJSON_GetArraySize(arr);
                if (cJSON_GetArraySize(arr) == 0) {
                    cJSON_Delete(arr);
                    continue;
                }
                if (jr_fault_on(o->faults, JR_FAULT_MQTT_NOTIFY_UNSORTED)) arr = reversed(arr);
                cJSON_AddItemToObject(jobs, names[l], arr);
            }
            publish_json(msg, t->name, "notify", publish, ctx);
            cJSON_Delete(msg);
            sent++;
            free(t->pending);
            t->pending = key;
            key = NULL;
        }
        free(key);
        cJSON_Delete(p);

        cJSON *d = jr_mqtt_describe(m, t->name, "$next", NULL, true);
        answered = answered && d != NULL;
        cJSON *e = cJSON_GetObjectItemCaseSensitive(d, "execution");
        char nk[JR_JOB_ID_MAX + 32] = "";
        if (e) exec_key(e, nk, sizeof nk);
        if (strcmp(nk, t->next) != 0) {
            char *copy = strdup(nk);
            if (copy) {
                free(t->next);
                t->next = copy;
                if (!jr_fault_on(o->faults, JR_FAULT_MQTT_NO_NOTIFY_NEXT)) {
                    cJSON *msg = cJSON_CreateObject();
                    add_ts(msg, o->now_ms);
                    if (e) {
                        cJSON *x = cJSON_DetachItemFromObjectCaseSensitive(d, "execution");
                        jr_mqtt_fix_execution(m, o, x);
                        cJSON_AddItemToObject(msg, "execution", x);
                    }
                    publish_json(msg, t->name, "notify-next", publish, ctx);
                    cJSON_Delete(msg);
                    sent++;
                }
            }
        }
        cJSON_Delete(d);
        /* the digest taken before the reads: should a real-clock timer fire
           during them, the next scan sees a different one and reads again.
           A read that failed (the thing is gone, or out of memory) is not
           remembered: the next scan reads again. */
        t->fp = answered ? fp : 0;
        /* a thing with nothing pending, and told so, needs no memory */
        if (!t->seen && t->pending[0] == '\0' && t->next[0] == '\0') drop(n, t);
    }
    return sent;
}
