/* Percent-decoding and query-string access for the request decoder.
 *
 * Query rules: pairs are separated by '&'; a pair without '=' has the value
 * ""; '+' decodes to a space in query keys and values (form encoding) but is
 * literal in path labels; when a key repeats, the FIRST occurrence wins and
 * the later ones are ignored (even if they are malformed); unknown keys are
 * ignored. */
#ifndef JR_QUERY_H
#define JR_QUERY_H

#include <stdbool.h>
#include <stddef.h>

typedef enum jr_pct_status {
    JR_PCT_OK = 0,
    JR_PCT_BAD_ESCAPE, /* '%' not followed by two hex digits */
    JR_PCT_NUL,        /* decodes to a NUL byte */
    JR_PCT_NOMEM
} jr_pct_status;

/* Decodes s[0..n) into a new NUL-terminated heap string (*out, caller frees
 * with free()). plus_is_space: '+' becomes ' '. On failure *out is NULL. */
jr_pct_status jr_pct_decode(const char *s, size_t n, bool plus_is_space, char **out);

/* Appends the percent-encoding of s to a growing buffer: only A-Za-z0-9-._~
 * stay literal. Returns the new buffer or NULL on allocation failure (the old
 * buffer is then freed). *len and *cap track the buffer. */
char *jr_pct_append(char *buf, size_t *len, size_t *cap, const char *s);
/* Appends raw text to the same kind of buffer. */
char *jr_buf_append(char *buf, size_t *len, size_t *cap, const char *s);

/* Finds the raw (still encoded) value of the first pair whose decoded key
 * equals `key`. Returns false when absent. Keys that fail to decode never
 * match. */
bool jr_query_find(const char *query, const char *key, const char **val, size_t *val_len);

#endif
