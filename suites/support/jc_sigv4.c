/* The auth suite's signer: see jc_sigv4.h. */
#include "jc_sigv4.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#define MAX_LINES 32

typedef struct sb {
    char *s;
    size_t len, cap;
    bool failed;
} sb;

static void add(sb *b, const char *p, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 512;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = realloc(b->s, cap);
        if (!d) {
            b->failed = true;
            return;
        }
        b->s = d;
        b->cap = cap;
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void adds(sb *b, const char *s) { add(b, s, strlen(s)); }

static void encode(sb *b, const char *s, size_t n, bool keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x80 && isalnum(c)) || c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/')) {
            add(b, (const char *)&c, 1);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            add(b, e, 3);
        }
    }
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The query's parameters sorted (they are already encoded by jc_query). */
static void canonical_query(sb *b, const char *q)
{
    if (!q || !*q) return;
    char *copy = strdup(q);
    if (!copy) {
        b->failed = true;
        return;
    }
    char *items[64];
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, "&", &save); t && n < 64; t = strtok_r(NULL, "&", &save)) items[n++] = t;
    qsort(items, n, sizeof items[0], cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (i) adds(b, "&");
        adds(b, items[i]);
        if (!strchr(items[i], '=')) adds(b, "=");
    }
    free(copy);
}

static void hexify(const unsigned char *d, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[2 * n] = '\0';
}

static void sha_hex(const char *s, size_t n, char out[65])
{
    unsigned char d[32];
    SHA256((const unsigned char *)s, n, d);
    hexify(d, 32, out);
}

static void hmac(const void *k, size_t kl, const char *m, unsigned char out[32])
{
    unsigned int len = 32;
    HMAC(EVP_sha256(), k, (int)kl, (const unsigned char *)m, strlen(m), out, &len);
}

/* The signing key of (secret, date, region, service), kept per thread: it
   changes once a day, and deriving it was four of the five HMACs of every
   request (AWS's SDKs keep it too). A scope too long for the cache is
   derived each time. */
#define SCOPE_MAX 128
static _Thread_local struct {
    char k0[SCOPE_MAX + 5]; /* "AWS4" + secret */
    char scope[SCOPE_MAX];  /* date/region/service */
    unsigned char key[32];
    bool valid;
} kept;

static void signing_key(const char *k0, const char *date, const char *region, const char *service,
                        unsigned char out[32])
{
    char scope[SCOPE_MAX];
    int n = snprintf(scope, sizeof scope, "%s/%s/%s", date, region, service);
    bool cacheable = n > 0 && (size_t)n < sizeof scope && strlen(k0) < sizeof kept.k0;
    if (cacheable && kept.valid && strcmp(kept.k0, k0) == 0 && strcmp(kept.scope, scope) == 0) {
        memcpy(out, kept.key, 32);
        return;
    }
    unsigned char k1[32], k2[32], k3[32];
    hmac(k0, strlen(k0), date, k1);
    hmac(k1, 32, region, k2);
    hmac(k2, 32, service, k3);
    hmac(k3, 32, "aws4_request", out);
    if (!cacheable) return;
    snprintf(kept.k0, sizeof kept.k0, "%s", k0);
    snprintf(kept.scope, sizeof kept.scope, "%s", scope);
    memcpy(kept.key, out, 32);
    kept.valid = true;
}

typedef struct hdr {
    char name[64];
    const char *value; /* trimmed start */
    const char *line;
} hdr;

static int cmp_hdr(const void *a, const void *b) { return strcmp(((const hdr *)a)->name, ((const hdr *)b)->name); }

void jc_sigv4_host_of(const char *url, char *out, size_t out_len)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/?#");
    snprintf(out, out_len, "%.*s", (int)n, p);
}

char **jc_sigv4_sign(const jc_sigv4_input *in)
{
    char amz_date[17], date[9];
    struct tm tm;
    gmtime_r(&in->when, &tm);
    strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(date, sizeof date, "%.8s", amz_date);

    /* the headers to sign: host, x-amz-date, the token, the extras */
    char host_line[300], date_line[64], token_line[2100];
    snprintf(host_line, sizeof host_line, "Host: %s", in->host);
    snprintf(date_line, sizeof date_line, "X-Amz-Date: %s", amz_date);
    const char *lines[MAX_LINES];
    size_t nl = 0;
    lines[nl++] = host_line;
    lines[nl++] = date_line;
    if (in->session_token) {
        snprintf(token_line, sizeof token_line, "X-Amz-Security-Token: %s", in->session_token);
        lines[nl++] = token_line;
    }
    for (size_t i = 0; in->headers && in->headers[i] && nl < MAX_LINES - 1; i++) lines[nl++] = in->headers[i];
    hdr h[MAX_LINES];
    for (size_t i = 0; i < nl; i++) {
        const char *colon = strchr(lines[i], ':');
        size_t n = colon ? (size_t)(colon - lines[i]) : strlen(lines[i]);
        if (n >= sizeof h[i].name) n = sizeof h[i].name - 1;
        for (size_t k = 0; k < n; k++) h[i].name[k] = (char)tolower((unsigned char)lines[i][k]);
        h[i].name[n] = '\0';
        const char *v = colon ? colon + 1 : "";
        while (*v == ' ') v++;
        h[i].value = v;
        h[i].line = lines[i];
    }
    qsort(h, nl, sizeof h[0], cmp_hdr);

    sb cr = {0}, signed_headers = {0};
    adds(&cr, in->method);
    adds(&cr, "\n");
    encode(&cr, in->path, strlen(in->path), true);
    adds(&cr, "\n");
    canonical_query(&cr, in->query);
    adds(&cr, "\n");
    for (size_t i = 0; i < nl; i++) {
        adds(&cr, h[i].name);
        adds(&cr, ":");
        adds(&cr, h[i].value);
        adds(&cr, "\n");
        if (i) adds(&signed_headers, ";");
        adds(&signed_headers, h[i].name);
    }
    adds(&cr, "\n");
    adds(&cr, signed_headers.s ? signed_headers.s : "");
    adds(&cr, "\n");
    char body_hash[65];
    sha_hex(in->body ? in->body : "", in->body ? strlen(in->body) : 0, body_hash);
    adds(&cr, body_hash);
    char **out = NULL;
    if (!cr.failed && !signed_headers.failed) {
        char cr_hash[65];
        sha_hex(cr.s, cr.len, cr_hash);
        char sts[512];
        snprintf(sts, sizeof sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", amz_date, date, in->region,
                 in->service, cr_hash);
        size_t kl = strlen(in->secret) + 5;
        char *k0 = malloc(kl);
        char auth[1024];
        if (k0) {
            snprintf(k0, kl, "AWS4%s", in->secret);
            unsigned char k4[32], sig[32];
            signing_key(k0, date, in->region, in->service, k4);
            hmac(k4, 32, sts, sig);
            char sig_hex[65];
            hexify(sig, 32, sig_hex);
            snprintf(auth, sizeof auth,
                     "Authorization: AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, "
                     "Signature=%s",
                     in->access_key, date, in->region, in->service, signed_headers.s, sig_hex);
            free(k0);
            /* one block: the pointer array, then the strings */
            size_t total = (nl + 2) * sizeof(char *) + strlen(auth) + 1;
            for (size_t i = 0; i < nl; i++) total += strlen(lines[i]) + 1;
            out = malloc(total);
            if (out) {
                char *p = (char *)(out + nl + 2);
                for (size_t i = 0; i <= nl; i++) {
                    const char *src = i < nl ? lines[i] : auth;
                    out[i] = p;
                    strcpy(p, src);
                    p += strlen(src) + 1;
                }
                out[nl + 1] = NULL;
            }
        }
    }
    free(cr.s);
    free(signed_headers.s);
    return out;
}
