/* SigV4 verification: see sigv4_verify.h. Hashes and HMACs come from
 * OpenSSL's libcrypto; this file only builds the canonical texts. */
#include "sigv4_verify.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#define ALGORITHM "AWS4-HMAC-SHA256"
#define DEFAULT_SKEW_S 300
#define MAX_LINE 4096

/* ---- keys ------------------------------------------------------------------ */

int jr_sigv4_keys_add(jr_sigv4_keys *keys, const char *id, const char *secret, const char *token)
{
    jr_sigv4_key *n = realloc(keys->items, (keys->count + 1) * sizeof *n);
    if (n == NULL) return -1;
    keys->items = n;
    jr_sigv4_key *k = &keys->items[keys->count];
    k->access_key_id = strdup(id);
    k->secret = strdup(secret);
    k->session_token = token ? strdup(token) : NULL;
    if (!k->access_key_id || !k->secret || (token && !k->session_token)) {
        free(k->access_key_id);
        free(k->secret);
        free(k->session_token);
        return -1;
    }
    keys->count++;
    return 0;
}

void jr_sigv4_keys_free(jr_sigv4_keys *keys)
{
    for (size_t i = 0; i < keys->count; i++) {
        free(keys->items[i].access_key_id);
        OPENSSL_cleanse(keys->items[i].secret, strlen(keys->items[i].secret));
        free(keys->items[i].secret);
        free(keys->items[i].session_token);
    }
    free(keys->items);
    keys->items = NULL;
    keys->count = 0;
}

int jr_sigv4_keys_load(jr_sigv4_keys *keys, const char *path, char *err, size_t err_len)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, err_len, "cannot read credentials file %s: %s", path, strerror(errno));
        return -1;
    }
    char line[MAX_LINE];
    int lineno = 0, rc = 0;
    size_t before = keys->count;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            snprintf(err, err_len, "%s:%d: line longer than %d bytes", path, lineno, MAX_LINE - 1);
            rc = -1;
            break;
        }
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *save = NULL;
        char *id = strtok_r(line, " \t\r\n", &save);
        if (id == NULL) continue;
        char *secret = strtok_r(NULL, " \t\r\n", &save);
        char *token = secret ? strtok_r(NULL, " \t\r\n", &save) : NULL;
        char *extra = token ? strtok_r(NULL, " \t\r\n", &save) : NULL;
        if (secret == NULL || extra != NULL) {
            snprintf(err, err_len, "%s:%d: expected `access-key-id secret [session-token]`", path, lineno);
            rc = -1;
            break;
        }
        if (jr_sigv4_keys_add(keys, id, secret, token) != 0) {
            snprintf(err, err_len, "out of memory");
            rc = -1;
            break;
        }
    }
    OPENSSL_cleanse(line, sizeof line);
    fclose(f);
    if (rc == 0 && keys->count == before) {
        snprintf(err, err_len, "credentials file %s holds no key", path);
        rc = -1;
    }
    return rc;
}

/* ---- text building ----------------------------------------------------------- */

typedef struct sb {
    char *s;
    size_t len, cap;
    bool failed;
} sb;

static void sb_add(sb *b, const char *p, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = realloc(b->s, cap);
        if (d == NULL) {
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

static void sb_str(sb *b, const char *s) { sb_add(b, s, strlen(s)); }

static bool unreserved(unsigned char c)
{
    return (c < 0x80 && isalnum(c)) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* URI-encodes as SigV4 wants: unreserved characters stay, the rest is %XX
 * with upper-case hex; '/' stays when keep_slash. */
static void sb_uri_encode(sb *b, const char *s, size_t n, bool keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (unreserved(c) || (keep_slash && c == '/')) {
            sb_add(b, (const char *)&c, 1);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            sb_add(b, e, 3);
        }
    }
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Percent-decodes n bytes of s into a new string (invalid escapes kept). */
static char *pct_decode(const char *s, size_t n, size_t *out_len)
{
    char *o = malloc(n + 1);
    if (o == NULL) return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < n &&
            (h = hexval((unsigned char)s[i + 1])) >= 0 && (l = hexval((unsigned char)s[i + 2])) >= 0) {
            o[w++] = (char)(h * 16 + l);
            i += 2;
        } else {
            o[w++] = s[i];
        }
    }
    o[w] = '\0';
    *out_len = w;
    return o;
}

/* The path with '.' and '..' segments and repeated slashes removed, as
 * botocore normalizes it before signing (non-S3 services). */
static void sb_normalized_path(sb *b, const char *path)
{
    size_t n = strlen(path);
    if (n == 0) {
        sb_str(b, "/");
        return;
    }
    /* segments: at most n/1 of them */
    size_t *starts = malloc((n + 1) * sizeof *starts), *lens = malloc((n + 1) * sizeof *lens);
    if (!starts || !lens) {
        free(starts);
        free(lens);
        b->failed = true;
        return;
    }
    size_t count = 0, i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && path[j] != '/') j++;
        size_t len = j - i;
        if (len == 0 || (len == 1 && path[i] == '.')) {
            /* empty or "." segment: dropped */
        } else if (len == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (count) count--;
        } else {
            starts[count] = i;
            lens[count] = len;
            count++;
        }
        i = j + 1;
    }
    sb tmp = {0};
    if (path[0] == '/') sb_str(&tmp, "/");
    for (size_t k = 0; k < count; k++) {
        if (k) sb_str(&tmp, "/");
        sb_add(&tmp, path + starts[k], lens[k]);
    }
    if (path[n - 1] == '/' && count) sb_str(&tmp, "/");
    if (tmp.len == 0) sb_str(&tmp, "/");
    if (tmp.failed) b->failed = true;
    else sb_uri_encode(b, tmp.s, tmp.len, true);
    free(tmp.s);
    free(starts);
    free(lens);
}

typedef struct qpair {
    char *enc; /* "key=value", both re-encoded */
    size_t key_len;
} qpair;

static int cmp_qpair(const void *a, const void *b)
{
    const qpair *x = a, *y = b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->enc, y->enc, n);
    if (c != 0) return c;
    if (x->key_len != y->key_len) return x->key_len < y->key_len ? -1 : 1;
    return strcmp(x->enc + x->key_len, y->enc + y->key_len);
}

/* Each parameter decoded and re-encoded, sorted by key then value. */
static void sb_canonical_query(sb *b, const char *query)
{
    if (query == NULL || *query == '\0') return;
    size_t n = 1;
    for (const char *p = query; *p; p++)
        if (*p == '&') n++;
    qpair *pairs = calloc(n, sizeof *pairs);
    if (pairs == NULL) {
        b->failed = true;
        return;
    }
    size_t count = 0;
    const char *p = query;
    bool failed = false;
    while (!failed) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 0) {
            const char *eq = memchr(p, '=', len);
            size_t klen = eq ? (size_t)(eq - p) : len;
            size_t dk, dv;
            char *k = pct_decode(p, klen, &dk);
            char *v = eq ? pct_decode(eq + 1, len - klen - 1, &dv) : strdup("");
            if (!eq) dv = 0;
            sb e = {0};
            if (k && v) {
                sb_uri_encode(&e, k, dk, false);
                pairs[count].key_len = e.len;
                sb_str(&e, "=");
                sb_uri_encode(&e, v, dv, false);
            }
            free(k);
            free(v);
            if (!k || !v || e.failed) {
                free(e.s);
                failed = true;
                break;
            }
            pairs[count++].enc = e.s;
        }
        if (!amp) break;
        p = amp + 1;
    }
    if (!failed) {
        qsort(pairs, count, sizeof *pairs, cmp_qpair);
        for (size_t i = 0; i < count; i++) {
            if (i) sb_str(b, "&");
            sb_str(b, pairs[i].enc);
        }
    } else {
        b->failed = true;
    }
    for (size_t i = 0; i < count; i++) free(pairs[i].enc);
    free(pairs);
}

/* Header value trimmed, inner runs of spaces collapsed to one. */
static void sb_trimmed(sb *b, const char *v)
{
    while (*v == ' ' || *v == '\t') v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        bool is_space = v[i] == ' ' || v[i] == '\t';
        if (is_space && space) continue;
        space = is_space;
        sb_add(b, is_space ? " " : &v[i], 1);
    }
}

static void hex_encode(const unsigned char *d, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[2 * n] = '\0';
}

static void sha256_hex(const void *data, size_t n, char out[65])
{
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(data ? data : (const void *)"", n, d);
    hex_encode(d, sizeof d, out);
}

char *jr_sigv4_canonical_request(const jr_sigv4_request *req, const char *signed_headers, bool as_sent)
{
    sb b = {0};
    sb_str(&b, req->method);
    sb_str(&b, "\n");
    if (as_sent) sb_str(&b, req->path);
    else sb_normalized_path(&b, req->path);
    sb_str(&b, "\n");
    if (as_sent) sb_str(&b, req->query ? req->query : "");
    else sb_canonical_query(&b, req->query);
    sb_str(&b, "\n");
    const char *p = signed_headers;
    while (*p) {
        const char *semi = strchr(p, ';');
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        sb_add(&b, p, n);
        sb_str(&b, ":");
        bool first = true;
        for (size_t i = 0; i < req->header_count; i++) {
            const jr_sigv4_header *h = &req->headers[i];
            if (strlen(h->name) != n || strncasecmp(h->name, p, n) != 0) continue;
            if (!first) sb_str(&b, ",");
            first = false;
            sb_trimmed(&b, h->value ? h->value : "");
        }
        sb_str(&b, "\n");
        if (!semi) break;
        p = semi + 1;
    }
    sb_str(&b, "\n");
    sb_str(&b, signed_headers);
    sb_str(&b, "\n");
    char hash[65];
    sha256_hex(req->body, req->body_len, hash);
    sb_str(&b, hash);
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static void hmac(const void *key, size_t key_len, const char *msg, unsigned char out[32])
{
    unsigned int len = 32;
    HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)msg, strlen(msg), out, &len);
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
    OPENSSL_cleanse(k1, sizeof k1);
    OPENSSL_cleanse(k2, sizeof k2);
    OPENSSL_cleanse(k3, sizeof k3);
    if (!cacheable) return;
    OPENSSL_cleanse(kept.k0, sizeof kept.k0);
    snprintf(kept.k0, sizeof kept.k0, "%s", k0);
    snprintf(kept.scope, sizeof kept.scope, "%s", scope);
    memcpy(kept.key, out, 32);
    kept.valid = true;
}

void jr_sigv4_sign(const char *secret, const char *amz_date, const char *region, const char *service,
                   const char *canonical_request, char out_hex[65])
{
    char date[9];
    snprintf(date, sizeof date, "%.8s", amz_date);
    char hash[65];
    sha256_hex(canonical_request, strlen(canonical_request), hash);
    size_t sts_len = strlen(amz_date) + strlen(region) + strlen(service) + 160;
    char *sts = malloc(sts_len);
    size_t klen = strlen(secret) + 5;
    char *k0 = malloc(klen);
    if (!sts || !k0) {
        free(sts);
        free(k0);
        out_hex[0] = '\0';
        return;
    }
    snprintf(sts, sts_len, ALGORITHM "\n%s\n%s/%s/%s/aws4_request\n%s", amz_date, date, region, service, hash);
    snprintf(k0, klen, "AWS4%s", secret);
    unsigned char k4[32], sig[32];
    signing_key(k0, date, region, service, k4);
    hmac(k4, 32, sts, sig);
    hex_encode(sig, 32, out_hex);
    OPENSSL_cleanse(k0, klen);
    OPENSSL_cleanse(k4, sizeof k4);
    free(k0);
    free(sts);
}

/* ---- verification -------------------------------------------------------------- */

static jr_sigv4_verdict refuse(jr_sigv4_result *out, jr_sigv4_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static jr_sigv4_verdict refuse(jr_sigv4_result *out, jr_sigv4_verdict v, const char *fmt, ...)
{
    out->verdict = v;
    switch (v) {
    case JR_SIGV4_MISSING: out->error_type = "MissingAuthenticationTokenException"; break;
    case JR_SIGV4_INCOMPLETE: out->error_type = "IncompleteSignatureException"; break;
    case JR_SIGV4_UNKNOWN_KEY: out->error_type = "UnrecognizedClientException"; break;
    default: out->error_type = "InvalidSignatureException"; break;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->message, sizeof out->message, fmt, ap);
    va_end(ap);
    return v;
}

static const char *find_header(const jr_sigv4_request *req, const char *name, size_t *count)
{
    const char *v = NULL;
    *count = 0;
    for (size_t i = 0; i < req->header_count; i++)
        if (strcasecmp(req->headers[i].name, name) == 0) {
            if (!v) v = req->headers[i].value;
            (*count)++;
        }
    return v;
}

/* Copies the value of `name=` from the comma-separated Authorization
 * parameters into out. */
static bool auth_param(const char *params, const char *name, char *out, size_t out_len)
{
    size_t nlen = strlen(name);
    const char *p = params;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && p[len - 1] == ' ') len--;
        if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
            size_t vlen = len - nlen - 1;
            if (vlen == 0 || vlen >= out_len) return false;
            memcpy(out, p + nlen + 1, vlen);
            out[vlen] = '\0';
            return true;
        }
        if (!end) break;
        p = end + 1;
    }
    return false;
}

static bool parse_amz_date(const char *s, int64_t *out)
{
    if (s == NULL || strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z') return false;
    for (int i = 0; i < 15; i++)
        if (i != 8 && !isdigit((unsigned char)s[i])) return false;
    struct tm tm = {0};
    tm.tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0') - 1900;
    tm.tm_mon = (s[4] - '0') * 10 + (s[5] - '0') - 1;
    tm.tm_mday = (s[6] - '0') * 10 + (s[7] - '0');
    tm.tm_hour = (s[9] - '0') * 10 + (s[10] - '0');
    tm.tm_min = (s[11] - '0') * 10 + (s[12] - '0');
    tm.tm_sec = (s[13] - '0') * 10 + (s[14] - '0');
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60)
        return false;
    *out = (int64_t)timegm(&tm);
    return true;
}

static void format_amz_date(int64_t t, char out[17])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

/* Signed header names: lower case, sorted, ';'-separated, non-empty. */
static bool signed_headers_valid(const char *s)
{
    if (*s == '\0') return false;
    for (const char *p = s; *p; p++)
        if (isupper((unsigned char)*p) || *p == ' ' || (*p == ';' && (p[1] == ';' || p[1] == '\0'))) return false;
    return true;
}

static bool signed_has(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *semi = strchr(p, ';');
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0) return true;
        p = semi ? semi + 1 : NULL;
    }
    return false;
}

jr_sigv4_verdict jr_sigv4_verify(const jr_sigv4_keys *keys, const jr_sigv4_policy *policy,
                                 const jr_sigv4_request *req, jr_sigv4_result *out)
{
    memset(out, 0, sizeof *out);
    size_t n;
    const char *auth = find_header(req, "Authorization", &n);
    if (auth == NULL) return refuse(out, JR_SIGV4_MISSING, "Missing Authentication Token");
    if (n > 1) return refuse(out, JR_SIGV4_INCOMPLETE, "Only one Authorization header is allowed.");
    size_t alg_len = strlen(ALGORITHM);
    if (strncmp(auth, ALGORITHM, alg_len) != 0 || auth[alg_len] != ' ')
        return refuse(out, JR_SIGV4_INCOMPLETE, "Authorization header requires the algorithm " ALGORITHM ".");
    const char *params = auth + alg_len + 1;
    char credential[512], signed_headers[1024], signature[80];
    bool has_cred = auth_param(params, "Credential", credential, sizeof credential);
    bool has_sh = auth_param(params, "SignedHeaders", signed_headers, sizeof signed_headers);
    bool has_sig = auth_param(params, "Signature", signature, sizeof signature);
    if (!has_cred || !has_sh || !has_sig)
        return refuse(out, JR_SIGV4_INCOMPLETE,
                      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
    if (!signed_headers_valid(signed_headers))
        return refuse(out, JR_SIGV4_INCOMPLETE, "SignedHeaders must be lower-case names separated by ';'.");
    if (!signed_has(signed_headers, "host"))
        return refuse(out, JR_SIGV4_INCOMPLETE, "'Host' must be a 'SignedHeader' in the AWS Authorization.");

    /* Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request */
    char *parts[5] = {0};
    int count = 0;
    char *save = NULL;
    for (char *t = strtok_r(credential, "/", &save); t && count < 5; t = strtok_r(NULL, "/", &save)) parts[count++] = t;
    if (count != 5 || strtok_r(NULL, "/", &save) != NULL)
        return refuse(out, JR_SIGV4_INCOMPLETE,
                      "Credential must have the form <key>/<yyyymmdd>/<region>/<service>/aws4_request.");
    const char *key_id = parts[0], *scope_date = parts[1], *region = parts[2], *service = parts[3];

    const char *amz_date = find_header(req, "x-amz-date", &n);
    int64_t t = 0;
    if (amz_date == NULL)
        return refuse(out, JR_SIGV4_INCOMPLETE,
                      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    if (n > 1 || !parse_amz_date(amz_date, &t))
        return refuse(out, JR_SIGV4_INCOMPLETE, "X-Amz-Date must be one ISO-8601 basic time such as 20150830T123600Z.");
    if (!signed_has(signed_headers, "x-amz-date"))
        return refuse(out, JR_SIGV4_INCOMPLETE, "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    if (strlen(scope_date) != 8 || strncmp(scope_date, amz_date, 8) != 0)
        return refuse(out, JR_SIGV4_BAD_SCOPE,
                      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                      "'%.8s' != '%.8s', from '%s'.",
                      scope_date, amz_date, amz_date);
    if (strcmp(parts[4], "aws4_request") != 0)
        return refuse(out, JR_SIGV4_BAD_SCOPE, "Credential should be scoped with a valid terminator: 'aws4_request', not '%.40s'.",
                      parts[4]);
    if (strcmp(region, policy->region) != 0)
        return refuse(out, JR_SIGV4_BAD_SCOPE, "Credential should be scoped to a valid region, not '%.40s'.", region);
    bool service_ok = false;
    for (size_t i = 0; policy->services && policy->services[i]; i++)
        if (strcmp(policy->services[i], service) == 0) service_ok = true;
    if (!service_ok)
        return refuse(out, JR_SIGV4_BAD_SCOPE, "Credential should be scoped to correct service: '%s'.",
                      policy->services && policy->services[0] ? policy->services[0] : "");

    int64_t skew = policy->max_skew_s > 0 ? policy->max_skew_s : DEFAULT_SKEW_S;
    char now_s[17], bound_s[17];
    format_amz_date(policy->now_s, now_s);
    if (t < policy->now_s - skew) {
        format_amz_date(policy->now_s - skew, bound_s);
        return refuse(out, JR_SIGV4_EXPIRED, "Signature expired: %s is now earlier than %s (%s - %lld min.)", amz_date,
                      bound_s, now_s, (long long)(skew / 60));
    }
    if (t > policy->now_s + skew) {
        format_amz_date(policy->now_s + skew, bound_s);
        return refuse(out, JR_SIGV4_EXPIRED, "Signature not yet current: %s is still later than %s (%s + %lld min.)",
                      amz_date, bound_s, now_s, (long long)(skew / 60));
    }

    const jr_sigv4_key *key = NULL;
    for (size_t i = 0; i < keys->count && !key; i++)
        if (strcmp(keys->items[i].access_key_id, key_id) == 0) key = &keys->items[i];
    if (key == NULL) return refuse(out, JR_SIGV4_UNKNOWN_KEY, "The security token included in the request is invalid.");
    const char *token = find_header(req, "x-amz-security-token", &n);
    bool token_ok = n <= 1 && (key->session_token == NULL) == (token == NULL);
    if (token_ok && token)
        token_ok = strlen(token) == strlen(key->session_token) &&
                   CRYPTO_memcmp(token, key->session_token, strlen(token)) == 0;
    if (!token_ok)
        return refuse(out, JR_SIGV4_UNKNOWN_KEY, "The security token included in the request is invalid.");

    size_t sig_len = strlen(signature);
    /* The AWS form first; then the path and query exactly as sent, which is
       what libcurl before 8.x signs (docs/requirements.md, AUTH-002). */
    for (int form = 0; form < 2; form++) {
        char *canonical = jr_sigv4_canonical_request(req, signed_headers, form == 1);
        if (canonical == NULL) return refuse(out, JR_SIGV4_BAD_SIGNATURE, "out of memory");
        char expected[65];
        jr_sigv4_sign(key->secret, amz_date, region, service, canonical, expected);
        free(canonical);
        if (sig_len == 64 && CRYPTO_memcmp(expected, signature, 64) == 0) {
            out->verdict = JR_SIGV4_OK;
            out->key = key;
            return JR_SIGV4_OK;
        }
    }
    return refuse(out, JR_SIGV4_BAD_SIGNATURE,
                  "The request signature we calculated does not match the signature you provided. Check your AWS "
                  "Secret Access Key and signing method. Consult the service documentation for details.");
}
