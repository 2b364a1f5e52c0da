/* Pagination tokens (see token.h). The MAC is a keyed mix of splitmix64
 * finalizers: not cryptographic, but enough to detect any change of kind,
 * filter, position or key, which is all the reference promises. */
#include "token.h"

#include <stdio.h>
#include <string.h>

static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t jr_token_hash_u64(uint64_t h, uint64_t v) { return mix(h ^ mix(v + 0x51ed27ULL)); }

uint64_t jr_token_hash_str(uint64_t h, const char *s)
{
    if (!s) return jr_token_hash_u64(h, 0xa5a5a5a5ULL);
    uint64_t x = 0xcbf29ce484222325ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) x = (x ^ *p) * 0x100000001b3ULL;
    return jr_token_hash_u64(h, x ^ strlen(s));
}

static uint64_t mac(uint64_t key, unsigned kind, uint64_t filter, uint64_t pos)
{
    uint64_t h = mix(key ^ 0x6a09e667f3bcc908ULL);
    h = mix(h ^ kind);
    h = mix(h ^ filter);
    h = mix(h ^ pos);
    return mix(h ^ key);
}

void jr_token_encode(uint64_t key, jr_token_kind kind, uint64_t filter, uint64_t pos, char out[JR_TOKEN_LEN + 1])
{
    snprintf(out, JR_TOKEN_LEN + 1, "%02x%016llx%016llx%016llx", (unsigned)kind & 0xffu, (unsigned long long)filter,
             (unsigned long long)pos, (unsigned long long)mac(key, (unsigned)kind & 0xffu, filter, pos));
}

static bool hex_u64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
        else return false;
        v = (v << 4) | d;
    }
    *out = v;
    return true;
}

bool jr_token_decode(uint64_t key, jr_token_kind kind, uint64_t filter, const char *tok, uint64_t *pos)
{
    if (!tok || strlen(tok) != JR_TOKEN_LEN) return false;
    uint64_t k, f, p, mc;
    if (!hex_u64(tok, 2, &k) || !hex_u64(tok + 2, 16, &f) || !hex_u64(tok + 18, 16, &p) || !hex_u64(tok + 34, 16, &mc))
        return false;
    if (k != (uint64_t)kind || f != filter) return false;
    if (mc != mac(key, (unsigned)k, f, p)) return false;
    *pos = p;
    return true;
}
