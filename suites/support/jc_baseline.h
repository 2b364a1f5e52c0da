/* Expected-failure baselines (--baseline FILE). One entry a line:
 *
 *   # comment
 *   createjob.document-too-large   server accepts 40 KB documents (ticket 12)
 *   !createjob.slow-thing          hangs the server: do not run (DISABLED)
 *
 * The first word is a scenario id, the rest of the line the reason (required:
 * a line without one is an error). A leading '!' disables the scenario: it
 * is reported DISABLED and not run. Otherwise a listed scenario that fails,
 * errs or is blocked is reported XFAIL with the reason (not counted against
 * the exit code); one that passes is XPASS (exit 1).
 *
 * An id that was renamed (suites/support/jc_aliases.c) is read as its new
 * id; jc_baseline_load prints a one-line notice naming the new id. */
#ifndef JC_BASELINE_H
#define JC_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jc_baseline_entry {
    char *id;           /* the current id (an old id is resolved through the alias table) */
    char *renamed_from; /* the id as written when it was an old one, else NULL */
    char *reason;       /* never empty */
    bool disabled;
    int line;
} jc_baseline_entry;

typedef struct jc_baseline {
    jc_baseline_entry *entries;
    size_t count;
} jc_baseline;

/* Parses baseline text (len bytes; NULs are an error). Returns 0, or -1
 * with a message naming the line in err. On success the caller frees with
 * jc_baseline_free. Duplicate ids are an error. */
int jc_baseline_parse(const char *text, size_t len, jc_baseline *out, char *err, size_t err_len);
/* Reads and parses a file; prints a notice on stderr for every old id. */
int jc_baseline_load(const char *path, jc_baseline *out, char *err, size_t err_len);
void jc_baseline_free(jc_baseline *b);
/* The entry for a scenario id, or NULL. */
const jc_baseline_entry *jc_baseline_find(const jc_baseline *b, const char *id);

#ifdef __cplusplus
}
#endif
#endif
