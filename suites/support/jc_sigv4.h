/* A SigV4 signer of the runner's own, for the auth suite: it signs a request
 * and lets the scenario change the request afterwards (body, query, a signed
 * header) or sign with a chosen date, scope or credential, which libcurl's
 * CURLOPT_AWS_SIGV4 cannot do. Every other request of the suites is signed by
 * libcurl. Canonical form as AWS documents it: path normalized and
 * URI-encoded once more, query parameters sorted. */
#ifndef JC_SIGV4_H
#define JC_SIGV4_H

#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jc_sigv4_input {
    const char *method;
    const char *host;    /* the Host header value: "127.0.0.1:8080" */
    const char *path;    /* as sent, already encoded */
    const char *query;   /* as sent, already encoded; NULL or "" for none */
    const char *body;    /* NULL: empty */
    /* extra headers to sign and send, "Name: value", NULL-terminated; the
       signer adds Host and X-Amz-Date (and X-Amz-Security-Token) itself */
    const char *const *headers;
    const char *access_key;
    const char *secret;
    const char *session_token; /* NULL: none */
    const char *region;
    const char *service;
    time_t when;               /* the X-Amz-Date */
} jc_sigv4_input;

/* The header lines to send ("Host: ...", "X-Amz-Date: ...",
 * "Authorization: ...", the extras, the token), NULL-terminated, in a
 * single heap block: free(result). NULL when memory runs out. */
char **jc_sigv4_sign(const jc_sigv4_input *in);

/* The host[:port] of a base URL ("http://h:p/..." -> "h:p") into out. */
void jc_sigv4_host_of(const char *url, char *out, size_t out_len);

#ifdef __cplusplus
}
#endif
#endif
