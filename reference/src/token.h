/* Pagination tokens: opaque, URL-safe (lowercase hex) text carrying the list
 * kind, a hash of the list's filter values and the position (creation
 * sequence number of the last item returned), authenticated by a keyed MAC
 * so that a malformed, tampered or foreign token (another list, another
 * filter, another instance key) is rejected. Pure functions, no allocation. */
#ifndef JR_TOKEN_H
#define JR_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum jr_token_kind {
    JR_TOKEN_LIST_JOBS = 1,
    JR_TOKEN_EXECS_FOR_JOB = 2,
    JR_TOKEN_EXECS_FOR_THING = 3,
    JR_TOKEN_THINGS_IN_GROUP = 4
} jr_token_kind;

/* 2 hex digits kind, 16 filter hash, 16 position, 16 MAC. */
#define JR_TOKEN_LEN 50

/* Folds a string (NULL distinct from "") into a running filter hash. */
uint64_t jr_token_hash_str(uint64_t h, const char *s);
/* Folds an integer into a running filter hash. */
uint64_t jr_token_hash_u64(uint64_t h, uint64_t v);

/* Writes JR_TOKEN_LEN characters and a NUL into out. */
void jr_token_encode(uint64_t key, jr_token_kind kind, uint64_t filter, uint64_t pos, char out[JR_TOKEN_LEN + 1]);
/* True when `tok` is a token this key issued for this kind and filter;
 * then *pos is its position. */
bool jr_token_decode(uint64_t key, jr_token_kind kind, uint64_t filter, const char *tok, uint64_t *pos);

#endif
