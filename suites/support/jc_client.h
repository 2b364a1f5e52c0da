/* HTTP client of the conformance runner: libcurl easy handle (one per worker,
 * reused for keep-alive), HTTP/1.1, SigV4 signing through CURLOPT_AWS_SIGV4,
 * no automatic retries, per-request connect and total timeouts, a cap on
 * response bodies. Every exchange is recorded as a redacted jc_exchange. */
#ifndef JC_CLIENT_H
#define JC_CLIENT_H

#include <stdbool.h>
#include <signal.h>
#include <stddef.h>

#include "jc_response.h"
#include "jc_results.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JC_MAX_RESPONSE_BYTES ((size_t)8 * 1024 * 1024)

typedef struct jc_client_options {
    const char *region;
    const char *access_key;    /* NULL: dummy credentials */
    const char *secret_key;
    const char *session_token; /* NULL: none */
    const char *admin_token;   /* sent as x-jobsref-admin-token to /_jobsref routes only; NULL: none */
    double timeout_s;
    size_t max_response_bytes; /* 0: JC_MAX_RESPONSE_BYTES */
    const char *ca_bundle;     /* NULL: the system's CAs */
    bool insecure;             /* no TLS peer/host verification */
    /* points at an absolute CLOCK_MONOTONIC deadline in seconds (0: none)
       that caps every request's timeout; NULL: none */
    const double *deadline_s;
    /* when it points at a non-zero value, a request in flight is abandoned */
    const volatile sig_atomic_t *abort_flag;
    /* secrets to scrub from what the server sends back (NULL: none): a
       server that echoes them never gets them into a report */
    const char *scrub[2];
} jc_client_options;

typedef struct jc_client jc_client;

/* Strings in opts are copied. Returns NULL with a message in err. Caller
 * frees with jc_client_free. */
jc_client *jc_client_new(const jc_client_options *opts, char *err, size_t err_len);
void jc_client_free(jc_client *c);

/* One request. url is the full URL (base + path + query); body may be NULL
 * (no body, no Content-Type) or a JSON text sent with Content-Type
 * application/json. signing_name NULL sends the request unsigned.
 * Always fills *ex (caller frees with jc_exchange_clear) and returns 0 with a
 * decoded response in *resp (caller frees), or -1 with *resp NULL when the
 * exchange failed below HTTP: then ex->transport_error says why (connection
 * refused, timeout, "response too large", ...). */
int jc_client_call(jc_client *c, const char *method, const char *url, const char *signing_name,
                   const char *body, jc_exchange *ex, jc_response **resp);

/* Replaces every occurrence of each non-empty secret in text[0..*len) by
 * "[REDACTED]" (in a new buffer when one was found). Returns the text (the
 * old one freed when replaced); *len updated. */
char *jc_scrub_secrets(char *text, size_t *len, const char *const *secrets, size_t count);
/* Like jc_client_call, but unsigned and with the caller's extra header
 * lines (NULL-terminated, "Name: value"): for requests the caller signs
 * itself (the auth suite). */
int jc_client_call_raw(jc_client *c, const char *method, const char *url, const char *const *headers,
                       const char *body, jc_exchange *ex, jc_response **resp);

/* Throttling (issue 12): the answers the runner retries, as the AWS SDKs
 * do: error code ThrottlingException (400 on the control plane, 429 on the
 * data plane), any HTTP 429, and a 503 that carries an error type
 * (ServiceUnavailableException). Not retried: LimitExceededException (in
 * the Jobs API a resource limit, which scenarios test, not a rate), a 500,
 * and a 503 without a type (a proxy's page: judged as it is). Pure. */
bool jc_client_retryable(const jc_response *r);

#define JC_DEFAULT_MAX_RETRIES 3
#define JC_RETRY_BASE_MS 100L  /* the first retry waits up to this */
#define JC_RETRY_CAP_MS 5000L  /* no retry waits longer */
/* The wait before retry `attempt` (1, 2, ...): "full jitter" over a capped
 * exponential, uniform in [0, min(JC_RETRY_CAP_MS, JC_RETRY_BASE_MS *
 * 2^(attempt-1))]. `unit` is a uniform draw in [0, 1): pass jc_client_jitter()
 * (a per-thread generator), or a fixed value to test. */
long jc_client_backoff_ms(int attempt, double unit);
double jc_client_jitter(void);

/* Frees the members of an exchange (not the struct). */
void jc_exchange_clear(jc_exchange *ex);

/* Copies header text with the values of Authorization and
 * X-Amz-Security-Token (any case) replaced by REDACTED. Pure. Caller frees. */
char *jc_redact_headers(const char *headers, size_t len);

/* Percent-encodes a URI label or query value: only A-Z a-z 0-9 - . _ ~ stay
 * literal. Pure. Caller frees; NULL only when memory runs out. */
char *jc_percent_encode(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
