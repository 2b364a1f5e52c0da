/* Fixed-size object pool (see machine_internal.h). Objects are carved from
 * blocks that double in size (JR_POOL_FIRST .. JR_POOL_MAX objects), so a
 * small machine stays small and a large one keeps its long-lived records
 * packed together instead of interleaved with request temporaries in the
 * malloc heap. Released objects go on a free list and are reused first.
 *
 * Under AddressSanitizer released and not-yet-used objects are poisoned; under
 * valgrind the pool is described as a memcheck mempool. Either way a use
 * after release of a pooled object is still reported, as it would be with
 * malloc/free. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JR_POOL_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define JR_POOL_ASAN 1
#endif
#ifdef JR_POOL_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>) && !defined(JR_POOL_ASAN)
#include <valgrind/memcheck.h>
#define JR_POOL_VG 1
#endif
#endif
#ifndef JR_POOL_VG
#define VALGRIND_CREATE_MEMPOOL(pool, rz, zeroed) ((void)0)
#define VALGRIND_DESTROY_MEMPOOL(pool) ((void)0)
#define VALGRIND_MEMPOOL_ALLOC(pool, p, n) ((void)0)
#define VALGRIND_MEMPOOL_FREE(pool, p) ((void)0)
#define VALGRIND_MAKE_MEM_NOACCESS(p, n) ((void)0)
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)0)
#define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void)0)
#endif

#define JR_POOL_FIRST 32u
#define JR_POOL_MAX 8192u

struct jr_pool_block {
    struct jr_pool_block *next;
    size_t count;
    /* objects follow, aligned for max_align_t */
    _Alignas(max_align_t) unsigned char data[];
};

void jr_pool_init(jr_pool *p, size_t size)
{
    memset(p, 0, sizeof *p);
    size_t a = sizeof(void *);
    if (size < sizeof(void *)) size = sizeof(void *);
    p->size = (size + a - 1) / a * a;
    p->next_count = JR_POOL_FIRST;
}

static bool grow(jr_pool *p)
{
    size_t count = p->next_count;
    struct jr_pool_block *b = malloc(sizeof *b + count * p->size);
    if (!b) return false;
    if (!p->vg_created) {
        VALGRIND_CREATE_MEMPOOL(p, 0, 0);
        p->vg_created = true;
    }
    b->next = p->blocks;
    b->count = count;
    p->blocks = b;
    p->cur = b->data;
    p->left = count;
    if (p->next_count < JR_POOL_MAX) p->next_count *= 2;
    POISON(b->data, count * p->size);
    VALGRIND_MAKE_MEM_NOACCESS(b->data, count * p->size);
    return true;
}

void *jr_pool_alloc(jr_pool *p)
{
    void *o;
    if (p->free_list) {
        o = p->free_list;
        UNPOISON(o, p->size);
        VALGRIND_MAKE_MEM_DEFINED(o, sizeof(void *));
        void *next;
        memcpy(&next, o, sizeof next);
        p->free_list = next;
    } else {
        if (!p->left && !grow(p)) return NULL;
        o = p->cur;
        p->cur += p->size;
        p->left--;
        UNPOISON(o, p->size);
    }
    VALGRIND_MEMPOOL_ALLOC(p, o, p->size);
    memset(o, 0, p->size);
    p->live++;
    return o;
}

void jr_pool_release(jr_pool *p, void *o)
{
    if (!o) return;
    VALGRIND_MEMPOOL_FREE(p, o);
    VALGRIND_MAKE_MEM_UNDEFINED(o, sizeof(void *));
    memcpy(o, &p->free_list, sizeof(void *));
    VALGRIND_MAKE_MEM_NOACCESS(o, p->size);
    POISON(o, p->size);
    p->free_list = o;
    p->live--;
}

void jr_pool_clear(jr_pool *p)
{
    if (p->vg_created) VALGRIND_DESTROY_MEMPOOL(p);
    struct jr_pool_block *b = p->blocks;
    while (b) {
        struct jr_pool_block *n = b->next;
        UNPOISON(b->data, b->count * p->size);
        free(b);
        b = n;
    }
    jr_pool_init(p, p->size);
}
