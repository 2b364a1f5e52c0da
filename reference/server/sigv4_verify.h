/* SigV4 (AWS4-HMAC-SHA256) verification of signed HTTP requests, for
 * `jobsref --auth sigv4`. Pure: no I/O except jr_sigv4_keys_load, no clock
 * (the caller passes the time). Names and messages of the refusals are listed
 * in docs/requirements.md ("Authentication"). */
#ifndef JR_SIGV4_VERIFY_H
#define JR_SIGV4_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One credential the server accepts. */
typedef struct jr_sigv4_key {
    char *access_key_id;
    char *secret;
    char *session_token; /* NULL: the key takes no session token */
} jr_sigv4_key;

typedef struct jr_sigv4_keys {
    jr_sigv4_key *items;
    size_t count;
} jr_sigv4_keys;

/* Reads `access-key-id secret [session-token]` lines ('#' comments and blank
 * lines skipped). Returns 0, or -1 with the file and line in err. The keys
 * are appended to *keys (free with jr_sigv4_keys_free). */
int jr_sigv4_keys_load(jr_sigv4_keys *keys, const char *path, char *err, size_t err_len);
/* Adds one key (strings copied; token may be NULL). Returns 0 or -1 (memory). */
int jr_sigv4_keys_add(jr_sigv4_keys *keys, const char *access_key_id, const char *secret, const char *token);
void jr_sigv4_keys_free(jr_sigv4_keys *keys);

typedef struct jr_sigv4_header {
    const char *name; /* as sent, any case */
    const char *value;
} jr_sigv4_header;

/* One request as it arrived. */
typedef struct jr_sigv4_request {
    const char *method;
    const char *path;  /* request target before '?', as sent (still percent-encoded) */
    const char *query; /* after '?', as sent; "" or NULL when none */
    const jr_sigv4_header *headers; /* every header line, repeated names included */
    size_t header_count;
    const uint8_t *body;
    size_t body_len;
} jr_sigv4_request;

typedef struct jr_sigv4_policy {
    const char *region;             /* the scope's region must be this */
    const char *const *services;    /* NULL-terminated list of accepted scope services */
    int64_t now_s;                  /* the server's clock, epoch seconds */
    int64_t max_skew_s;             /* 300 when 0 */
} jr_sigv4_policy;

typedef enum jr_sigv4_verdict {
    JR_SIGV4_OK = 0,
    JR_SIGV4_MISSING,       /* no Authorization header: MissingAuthenticationTokenException */
    JR_SIGV4_INCOMPLETE,    /* Authorization malformed or missing parts: IncompleteSignatureException */
    JR_SIGV4_UNKNOWN_KEY,   /* access key or session token not recognised: UnrecognizedClientException */
    JR_SIGV4_BAD_SCOPE,     /* date, region, service or terminator of the scope: InvalidSignatureException */
    JR_SIGV4_EXPIRED,       /* x-amz-date outside the skew window: InvalidSignatureException */
    JR_SIGV4_BAD_SIGNATURE, /* the signature does not match: InvalidSignatureException */
} jr_sigv4_verdict;

typedef struct jr_sigv4_result {
    jr_sigv4_verdict verdict;
    const char *error_type; /* static: the x-amzn-ErrorType of the refusal; NULL when OK */
    char message[320];
    const jr_sigv4_key *key; /* the key that signed, when OK */
} jr_sigv4_result;

/* Verifies the request's Authorization header against keys and policy.
 * Fills *out and returns out->verdict. */
jr_sigv4_verdict jr_sigv4_verify(const jr_sigv4_keys *keys, const jr_sigv4_policy *policy,
                                 const jr_sigv4_request *req, jr_sigv4_result *out);

/* The canonical request in the AWS form (path normalized and URI-encoded
 * once more, query decoded, re-encoded and sorted), as botocore computes it,
 * for the given signed-header list ("host;x-amz-date"). Caller frees; NULL
 * when memory runs out. Exposed for the unit tests. */
char *jr_sigv4_canonical_request(const jr_sigv4_request *req, const char *signed_headers, bool as_sent);

/* Hex signature for a canonical request (for the unit tests and signers). */
void jr_sigv4_sign(const char *secret, const char *amz_date, const char *region, const char *service,
                   const char *canonical_request, char out_hex[65]);

#ifdef __cplusplus
}
#endif
#endif
