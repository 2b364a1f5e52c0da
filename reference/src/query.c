/* Percent-decoding and query-string access (see query.h). */
#include "query.h"

#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

jr_pct_status jr_pct_decode(const char *s, size_t n, bool plus_is_space, char **out)
{
    *out = NULL;
    char *d = malloc(n + 1);
    if (!d) return JR_PCT_NOMEM;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int h = (i + 1 < n) ? hexval(s[i + 1]) : -1;
            int l = (i + 2 < n) ? hexval(s[i + 2]) : -1;
            if (h < 0 || l < 0) {
                free(d);
                return JR_PCT_BAD_ESCAPE;
            }
            c = (char)(h * 16 + l);
            if (c == '\0') {
                free(d);
                return JR_PCT_NUL;
            }
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        } else if (c == '\0') {
            free(d);
            return JR_PCT_NUL;
        }
        d[j++] = c;
    }
    d[j] = '\0';
    *out = d;
    return JR_PCT_OK;
}

static char *reserve(char *buf, size_t *len, size_t *cap, size_t extra)
{
    if (*len + extra + 1 <= *cap && buf) return buf;
    size_t nc = *cap ? *cap : 64;
    while (nc < *len + extra + 1) nc *= 2;
    char *nb = realloc(buf, nc);
    if (!nb) {
        free(buf);
        return NULL;
    }
    *cap = nc;
    return nb;
}

char *jr_buf_append(char *buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    buf = reserve(buf, len, cap, n);
    if (!buf) return NULL;
    memcpy(buf + *len, s, n + 1);
    *len += n;
    return buf;
}

char *jr_pct_append(char *buf, size_t *len, size_t *cap, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    buf = reserve(buf, len, cap, 3 * n);
    if (!buf) return NULL;
    char *d = buf + *len;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            *d++ = (char)c;
        } else {
            *d++ = '%';
            *d++ = hex[c >> 4];
            *d++ = hex[c & 15];
        }
    }
    *d = '\0';
    *len = (size_t)(d - buf);
    return buf;
}

/* Compares the decoded form of raw key k[0..n) with `key` without
 * allocating. */
static bool key_equals(const char *k, size_t n, const char *key)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++, j++) {
        char c = k[i];
        if (c == '%') {
            int h = (i + 1 < n) ? hexval(k[i + 1]) : -1;
            int l = (i + 2 < n) ? hexval(k[i + 2]) : -1;
            if (h < 0 || l < 0) return false;
            c = (char)(h * 16 + l);
            i += 2;
        } else if (c == '+') {
            c = ' ';
        }
        if (c == '\0' || key[j] != c) return false;
    }
    return key[j] == '\0';
}

bool jr_query_find(const char *query, const char *key, const char **val, size_t *val_len)
{
    if (!query) return false;
    const char *p = query;
    while (*p) {
        const char *end = strchr(p, '&');
        size_t plen = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', plen);
        size_t klen = eq ? (size_t)(eq - p) : plen;
        if (key_equals(p, klen, key)) {
            *val = eq ? eq + 1 : p + plen;
            *val_len = eq ? plen - klen - 1 : 0;
            return true;
        }
        if (!end) break;
        p = end + 1;
    }
    return false;
}
