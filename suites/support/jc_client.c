/* HTTP client: see jc_client.h. */
#include "jc_client.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

struct jc_client {
    CURL *curl;
    char *region;
    char *userpwd;
    char *session_token;
    char *admin_token;
    double timeout_s;
    size_t max_bytes;
    char *ca_bundle;
    bool insecure;
    const double *deadline_s;
    const volatile sig_atomic_t *abort_flag;
    char *scrub[2];
};

typedef struct buf {
    char *data;
    size_t len, cap, max;
    bool overflow;
} buf;

static int buf_append(buf *b, const char *p, size_t n)
{
    if (b->max && b->len + n > b->max) {
        b->overflow = true;
        return -1;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

char *jc_percent_encode(const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(len * 3 + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) && c < 0x80) out[o++] = (char)c;
        else if (c == '-' || c == '.' || c == '_' || c == '~') out[o++] = (char)c;
        else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    return out;
}

char *jc_scrub_secrets(char *text, size_t *len, const char *const *secrets, size_t count)
{
    static const char MARK[] = "[REDACTED]";
    for (size_t k = 0; k < count && text; k++) {
        const char *sec = secrets[k];
        size_t sl = sec ? strlen(sec) : 0;
        if (sl < 4 || !memmem(text, *len, sec, sl)) continue; /* too short to be a secret */
        buf b = {0};
        size_t i = 0;
        bool ok = true;
        while (ok && i < *len) {
            const char *hit = memmem(text + i, *len - i, sec, sl);
            size_t upto = hit ? (size_t)(hit - text) : *len;
            ok = buf_append(&b, text + i, upto - i) == 0;
            if (ok && hit) ok = buf_append(&b, MARK, sizeof MARK - 1) == 0;
            i = hit ? upto + sl : *len;
        }
        if (ok && buf_append(&b, "", 0) == 0) {
            free(text);
            text = b.data;
            *len = b.len;
        } else {
            free(b.data);
        }
    }
    return text;
}

char *jc_redact_headers(const char *headers, size_t len)
{
    buf b = {0};
    if (!headers) headers = "";
    if (buf_append(&b, "", 0) != 0) return NULL;
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && headers[i] != '\n') i++;
        size_t end = i < len ? i + 1 : i; /* include the newline */
        i = end;
        const char *line = headers + start;
        size_t llen = end - start;
        const char *colon = memchr(line, ':', llen);
        bool secret = false;
        if (colon) {
            size_t klen = (size_t)(colon - line);
            while (klen && (line[klen - 1] == ' ' || line[klen - 1] == '\t')) klen--;
            secret = (klen == 13 && strncasecmp(line, "Authorization", 13) == 0) ||
                     (klen == 20 && strncasecmp(line, "X-Amz-Security-Token", 20) == 0) ||
                     (klen == 19 && strncasecmp(line, "Proxy-Authorization", 19) == 0) ||
                     (klen == 21 && strncasecmp(line, "x-jobsref-admin-token", 21) == 0);
        }
        int rc;
        if (secret) {
            rc = buf_append(&b, line, (size_t)(colon - line) + 1);
            if (rc == 0) rc = buf_append(&b, " REDACTED", 9);
            if (rc == 0 && line[llen - 1] == '\n') {
                bool cr = llen >= 2 && line[llen - 2] == '\r';
                rc = buf_append(&b, cr ? "\r\n" : "\n", cr ? 2 : 1);
            }
        } else {
            rc = buf_append(&b, line, llen);
        }
        if (rc != 0) {
            free(b.data);
            return NULL;
        }
    }
    return b.data;
}

jc_client *jc_client_new(const jc_client_options *opts, char *err, size_t err_len)
{
    jc_client *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    c->curl = curl_easy_init();
    if (!c->curl) {
        snprintf(err, err_len, "curl_easy_init failed");
        free(c);
        return NULL;
    }
    const char *ak = opts->access_key ? opts->access_key : "AKIDJOBSCONFDUMMY";
    const char *sk = opts->secret_key ? opts->secret_key : "jobsconf-dummy-secret";
    size_t n = strlen(ak) + strlen(sk) + 2;
    c->userpwd = malloc(n);
    c->region = strdup(opts->region ? opts->region : "us-east-1");
    c->session_token = opts->session_token ? strdup(opts->session_token) : NULL;
    c->admin_token = opts->admin_token ? strdup(opts->admin_token) : NULL;
    if (!c->userpwd || !c->region || (opts->session_token && !c->session_token)) {
        snprintf(err, err_len, "out of memory");
        jc_client_free(c);
        return NULL;
    }
    snprintf(c->userpwd, n, "%s:%s", ak, sk);
    c->timeout_s = opts->timeout_s > 0 ? opts->timeout_s : 10;
    c->insecure = opts->insecure;
    c->deadline_s = opts->deadline_s;
    c->abort_flag = opts->abort_flag;
    c->ca_bundle = opts->ca_bundle ? strdup(opts->ca_bundle) : NULL;
    for (size_t i = 0; i < 2; i++) c->scrub[i] = opts->scrub[i] ? strdup(opts->scrub[i]) : NULL;
    c->max_bytes = opts->max_response_bytes ? opts->max_response_bytes : JC_MAX_RESPONSE_BYTES;
    return c;
}

void jc_client_free(jc_client *c)
{
    if (!c) return;
    if (c->curl) curl_easy_cleanup(c->curl);
    free(c->region);
    free(c->userpwd);
    free(c->session_token);
    free(c->ca_bundle);
    free(c->scrub[0]);
    free(c->scrub[1]);
    free(c->admin_token);
    free(c);
}

void jc_exchange_clear(jc_exchange *ex)
{
    if (!ex) return;
    free(ex->method);
    free(ex->url);
    free(ex->request_headers);
    free(ex->request_body);
    free(ex->response_headers);
    free(ex->response_body);
    free(ex->transport_error);
    memset(ex, 0, sizeof *ex);
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *arg)
{
    buf *b = arg;
    size_t n = size * nmemb;
    return buf_append(b, p, n) == 0 ? n : 0;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *arg)
{
    buf *b = arg;
    size_t n = size * nmemb;
    /* a new status line (after 100 Continue) starts a fresh header block */
    if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) b->len = 0;
    return buf_append(b, p, n) == 0 ? n : 0;
}

static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
    (void)h;
    if (type == CURLINFO_HEADER_OUT) {
        buf *b = arg;
        b->len = 0; /* keep the last request's headers only */
        buf_append(b, data, size);
    }
    return 0;
}

static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)dn, (void)ut, (void)un;
    const volatile sig_atomic_t *flag = arg;
    return flag && __atomic_load_n(flag, __ATOMIC_ACQUIRE) ? 1 : 0; /* non-zero aborts the transfer */
}

static char *strip_cr(char *s)
{
    if (!s) return s;
    char *w = s;
    for (char *r = s; *r; r++)
        if (*r != '\r') *w++ = *r;
    *w = '\0';
    return s;
}

static int perform(jc_client *c, const char *method, const char *url, const char *signing_name,
                   const char *const *extra, const char *body, jc_exchange *ex, jc_response **resp);

int jc_client_call(jc_client *c, const char *method, const char *url, const char *signing_name,
                   const char *body, jc_exchange *ex, jc_response **resp)
{
    return perform(c, method, url, signing_name, NULL, body, ex, resp);
}

int jc_client_call_raw(jc_client *c, const char *method, const char *url, const char *const *headers,
                       const char *body, jc_exchange *ex, jc_response **resp)
{
    return perform(c, method, url, NULL, headers, body, ex, resp);
}

static int perform(jc_client *c, const char *method, const char *url, const char *signing_name,
                   const char *const *extra, const char *body, jc_exchange *ex, jc_response **resp)
{
    memset(ex, 0, sizeof *ex);
    *resp = NULL;
    ex->method = strdup(method);
    ex->url = strdup(url);
    if (body) {
        ex->request_body_len = strlen(body);
        ex->request_body = strdup(body);
    }

    buf rbody = {.max = c->max_bytes}, rhead = {.max = 1024 * 1024}, qhead = {0};
    struct curl_slist *hdrs = NULL;
    char sigv4[256], tok[4096];
    CURL *h = c->curl;
    curl_easy_reset(h); /* keeps the connection cache: keep-alive survives */
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    double timeout_s = c->timeout_s;
    if (c->deadline_s && *c->deadline_s > 0) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double left = *c->deadline_s - ((double)now.tv_sec + (double)now.tv_nsec / 1e9);
        if (left < timeout_s) timeout_s = left > 0.001 ? left : 0.001;
    }
    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)(timeout_s * 1000) > 0 ? (long)(timeout_s * 1000) : 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(timeout_s * 1000) > 0 ? (long)(timeout_s * 1000) : 1L);
    if (c->abort_flag) {
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)c->abort_flag);
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    }
    if (c->ca_bundle) curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_bundle);
    if (c->insecure) {
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &rbody);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &rhead);
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, &qhead);
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); /* feeds on_debug only */
    if (signing_name) {
        snprintf(sigv4, sizeof sigv4, "aws:amz:%s:%s", c->region, signing_name);
        curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4);
        curl_easy_setopt(h, CURLOPT_USERPWD, c->userpwd);
        if (c->session_token) {
            snprintf(tok, sizeof tok, "X-Amz-Security-Token: %s", c->session_token);
            hdrs = curl_slist_append(hdrs, tok);
        }
    }
    hdrs = curl_slist_append(hdrs, "Expect:");
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    for (size_t i = 0; extra && extra[i]; i++) hdrs = curl_slist_append(hdrs, extra[i]);
    /* the admin token goes to jobsref's admin routes only, never elsewhere */
    char admin[300];
    const char *path = strstr(url, "://");
    path = path ? strchr(path + 3, '/') : NULL;
    if (c->admin_token && path && strncmp(path, "/_jobsref", 9) == 0 &&
        (path[9] == '/' || path[9] == '\0' || path[9] == '?')) {
        snprintf(admin, sizeof admin, "x-jobsref-admin-token: %s", c->admin_token);
        hdrs = curl_slist_append(hdrs, admin);
    }
    if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    }
    if (body) {
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)ex->request_body_len);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CURLcode cc = curl_easy_perform(h);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ex->duration_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;

    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL); /* errbuf ends with this call */
    rbody.data = jc_scrub_secrets(rbody.data, &rbody.len, (const char *const *)c->scrub, 2);
    rhead.data = jc_scrub_secrets(rhead.data, &rhead.len, (const char *const *)c->scrub, 2);
    ex->request_headers = strip_cr(jc_redact_headers(qhead.data ? qhead.data : "", qhead.len));
    int rc = 0;
    if (cc != CURLE_OK) {
        char msg[512];
        if (rbody.overflow)
            snprintf(msg, sizeof msg, "response too large (more than %zu bytes)", c->max_bytes);
        else if (rhead.overflow)
            snprintf(msg, sizeof msg, "response headers too large");
        else if (errbuf[0]) /* curl's detailed text names the certificate, the host, the byte */
            snprintf(msg, sizeof msg, "%s: %s", curl_easy_strerror(cc), errbuf);
        else
            snprintf(msg, sizeof msg, "%s", curl_easy_strerror(cc));
        ex->transport_error = strdup(msg);
        ex->status = (int)status;
        ex->response_headers = strip_cr(jc_redact_headers(rhead.data ? rhead.data : "", rhead.len));
        rc = -1;
    } else {
        ex->status = (int)status;
        ex->response_headers = strip_cr(jc_redact_headers(rhead.data ? rhead.data : "", rhead.len));
        ex->response_body_len = rbody.len;
        /* give back the doubling's spare capacity: up to the body's size again */
        char *fit = rbody.data ? realloc(rbody.data, rbody.len + 1) : NULL;
        if (fit) rbody.data = fit;
        ex->response_body = rbody.data ? rbody.data : strdup("");
        rbody.data = NULL;
        if (jc_response_decode((int)status, rhead.data, rhead.len, ex->response_body,
                               ex->response_body_len, resp) != 0) {
            ex->transport_error = strdup("out of memory decoding the response");
            rc = -1;
        }
    }
    curl_slist_free_all(hdrs);
    free(rbody.data);
    free(rhead.data);
    free(qhead.data);
    return rc;
}

bool jc_client_retryable(const jc_response *r)
{
    if (!r) return false;
    bool typed = r->error_code && !(r->error_code[0] >= '0' && r->error_code[0] <= '9'); /* not the bare status */
    if (typed && strcmp(r->error_code, "ThrottlingException") == 0) return true;
    return r->status == 429 || (r->status == 503 && typed);
}

long jc_client_backoff_ms(int attempt, double unit)
{
    if (attempt < 1) attempt = 1;
    long ceiling = JC_RETRY_BASE_MS;
    for (int i = 1; i < attempt && ceiling < JC_RETRY_CAP_MS; i++) ceiling *= 2;
    if (ceiling > JC_RETRY_CAP_MS) ceiling = JC_RETRY_CAP_MS;
    if (!(unit >= 0) || unit >= 1) unit = 0; /* NaN or out of range: no wait rather than a wrong one */
    return (long)(unit * (double)(ceiling + 1));
}

double jc_client_jitter(void)
{
    /* xorshift64*, one state per thread, seeded from the clock and the thread */
    static _Thread_local uint64_t state;
    if (!state) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        state = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)&state;
        if (!state) state = 0x9E3779B97F4A7C15ull;
    }
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (double)((state * 0x2545F4914F6CDD1Dull) >> 11) / 9007199254740992.0; /* 53 bits: [0, 1) */
}
