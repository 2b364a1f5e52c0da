/* `jobsref --profile async`: see async_profile.h. */
#include "async_profile.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uthash.h>

/* Bounds of the answer cache: a run against the profile keeps at most this
   many reads, and no answer larger than this is lagged (it is served fresh). */
#define MAX_ENTRIES 8192u
#define MAX_BYTES ((size_t)64 * 1024 * 1024)
#define MAX_ANSWER_BYTES ((size_t)256 * 1024)
#define RECENT 64u                  /* throttled requests remembered */
#define RETRY_GRACE_MS 1000         /* a request throttled this recently is let through */

typedef struct answer {
    char *key; /* "plane method path?query" */
    int status;
    const char *error_type; /* static text of the service's error table, or NULL */
    char *body;
    size_t body_len;
    int64_t changed_at_ms; /* when a different fresh answer was first seen; 0: none */
    UT_hash_handle hh;
} answer;

struct jr_async {
    jr_async_options o;
    pthread_mutex_t lock;
    answer *answers; /* uthash, oldest first */
    size_t bytes;
    uint64_t seq;
    struct { uint64_t hash; int64_t at_ms; } recent[RECENT];
    unsigned recent_next;
    unsigned long stale_reads, throttled;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t mix64(uint64_t x) /* splitmix64's finaliser */
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 0x100000001B3ull;
    return (h ^ 0xFF) * 0x100000001B3ull; /* a separator: "ab"+"c" differs from "a"+"bc" */
}

jr_async *jr_async_new(const jr_async_options *o)
{
    jr_async *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->o = *o;
    if (a->o.lag_ms > JR_ASYNC_MAX_LAG_MS) a->o.lag_ms = JR_ASYNC_MAX_LAG_MS;
    if (a->o.throttle_permille > 1000) a->o.throttle_permille = 1000;
    pthread_mutex_init(&a->lock, NULL);
    return a;
}

static void drop(jr_async *a, answer *e)
{
    HASH_DEL(a->answers, e);
    a->bytes -= e->body_len + strlen(e->key);
    free(e->key);
    free(e->body);
    free(e);
}

void jr_async_free(jr_async *a)
{
    if (!a) return;
    answer *e, *tmp;
    HASH_ITER(hh, a->answers, e, tmp) drop(a, e);
    pthread_mutex_destroy(&a->lock);
    free(a);
}

bool jr_async_throttle(jr_async *a, jr_plane plane, const char *method, const char *path, const char *query,
                       const uint8_t *body, size_t body_len)
{
    if (!a || a->o.throttle_permille == 0) return false;
    uint64_t h = fnv(0xCBF29CE484222325ull, &plane, sizeof plane);
    h = fnv(h, method, strlen(method));
    h = fnv(h, path, strlen(path));
    h = fnv(h, query ? query : "", query ? strlen(query) : 0);
    h = fnv(h, body ? (const void *)body : "", body ? body_len : 0);
    int64_t now = now_ms();
    bool throttle = false;
    pthread_mutex_lock(&a->lock);
    uint64_t n = ++a->seq;
    if (mix64(a->o.seed ^ mix64(n)) % 1000 < a->o.throttle_permille) {
        throttle = true;
        for (unsigned i = 0; i < RECENT; i++)
            if (a->recent[i].hash == h && a->recent[i].at_ms && now - a->recent[i].at_ms < RETRY_GRACE_MS)
                throttle = false; /* its retry: let it through */
    }
    if (throttle) {
        a->recent[a->recent_next].hash = h;
        a->recent[a->recent_next].at_ms = now;
        a->recent_next = (a->recent_next + 1) % RECENT;
        a->throttled++;
    }
    pthread_mutex_unlock(&a->lock);
    return throttle;
}

static bool same_answer(const answer *e, const jr_http_response *r)
{
    return e->status == r->status && e->body_len == r->body_len &&
           (e->body_len == 0 || memcmp(e->body, r->body, e->body_len) == 0) &&
           ((e->error_type == NULL) == (r->error_type == NULL)) &&
           (!e->error_type || strcmp(e->error_type, r->error_type) == 0);
}

/* Keeps r as the answer last served for e (the copy fails softly: the
   entry is dropped and the fresh answer served). */
static bool remember(jr_async *a, answer *e, const jr_http_response *r)
{
    char *copy = malloc(r->body_len + 1);
    if (!copy) return false;
    if (r->body_len) memcpy(copy, r->body, r->body_len);
    copy[r->body_len] = '\0';
    a->bytes -= e->body_len;
    free(e->body);
    e->body = copy;
    e->body_len = r->body_len;
    a->bytes += e->body_len;
    e->status = r->status;
    e->error_type = r->error_type;
    e->changed_at_ms = 0;
    return true;
}

void jr_async_view(jr_async *a, jr_plane plane, const char *method, const char *path, const char *query,
                   jr_http_response *resp)
{
    if (!a || a->o.lag_ms == 0 || strcmp(method, "GET") != 0) return;
    if (resp->status >= 500 || (resp->body_len && !resp->body)) return;
    size_t kl = strlen(path) + (query ? strlen(query) : 0) + 16;
    char *key = malloc(kl);
    if (!key) return;
    snprintf(key, kl, "%d GET %s?%s", (int)plane, path, query ? query : "");
    int64_t now = now_ms();
    pthread_mutex_lock(&a->lock);
    answer *e = NULL;
    HASH_FIND_STR(a->answers, key, e);
    if (resp->body_len > MAX_ANSWER_BYTES) {
        if (e) drop(a, e); /* too large to keep: served fresh */
    } else if (!e) {
        e = calloc(1, sizeof *e);
        if (e) {
            e->key = key;
            key = NULL;
            a->bytes += strlen(e->key);
            HASH_ADD_KEYPTR(hh, a->answers, e->key, strlen(e->key), e);
            if (!remember(a, e, resp)) drop(a, e);
        }
    } else if (same_answer(e, resp)) {
        e->changed_at_ms = 0; /* back to what was served: no change pending */
    } else {
        if (e->changed_at_ms == 0) e->changed_at_ms = now;
        if (now - e->changed_at_ms >= (int64_t)a->o.lag_ms) {
            if (!remember(a, e, resp)) drop(a, e);
        } else {
            /* still inside the lag: the previous answer again */
            char *old = malloc(e->body_len + 1);
            if (old) {
                memcpy(old, e->body, e->body_len + 1);
                free(resp->body);
                resp->body = old;
                resp->body_len = e->body_len;
                resp->status = e->status;
                resp->error_type = e->error_type;
                a->stale_reads++;
            }
        }
    }
    /* bounded: the oldest reads go first */
    while (a->answers && (HASH_COUNT(a->answers) > MAX_ENTRIES || a->bytes > MAX_BYTES)) drop(a, a->answers);
    pthread_mutex_unlock(&a->lock);
    free(key);
}

void jr_async_counts(jr_async *a, unsigned long *stale_reads, unsigned long *throttled)
{
    pthread_mutex_lock(&a->lock);
    if (stale_reads) *stale_reads = a->stale_reads;
    if (throttled) *throttled = a->throttled;
    pthread_mutex_unlock(&a->lock);
}
