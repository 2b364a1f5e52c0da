/* JSON rendering of the views handlers fill (views.h), member names exactly
 * as the service models spell them. Encoders read views only: they include
 * no machine internals and compute no domain facts. Control-plane times are epoch seconds with a
 * millisecond fraction, printed as "1700000000.123" (a raw cJSON number, so
 * never an exponent and always three decimals); data-plane times are epoch
 * milliseconds as JSON integers.
 *
 * Every function returns a new cJSON tree owned by the caller (NULL only on
 * allocation failure), except jr_json_finish which consumes its argument and
 * returns a heap string the caller frees. */
#ifndef JR_ENCODE_RESPONSE_H
#define JR_ENCODE_RESPONSE_H

#include <cjson/cJSON.h>

#include "views.h"

void jr_json_add_secs(cJSON *o, const char *name, int64_t ms);
void jr_json_add_i64(cJSON *o, const char *name, int64_t v);
cJSON *jr_json_map(jr_map_view m); /* {} when empty */

/* Text that cJSON nodes reference instead of owning (list pages): one
 * allocation per block instead of one per string. The arena must outlive
 * every node that references it (print first, then jr_json_arena_free). */
typedef struct jr_json_arena_block jr_json_arena_block;
typedef struct jr_json_arena {
    jr_json_arena_block *head;
} jr_json_arena;
/* A NUL-terminated copy of s[0..n) owned by the arena; NULL on allocation
 * failure. */
const char *jr_json_arena_copy(jr_json_arena *a, const char *s, size_t n);
void jr_json_arena_free(jr_json_arena *a); /* frees every block; a is reusable */

/* Renders the items of ListJobExecutionsForJob ({thingArn,
 * jobExecutionSummary}) or ListJobExecutionsForThing ({jobId,
 * jobExecutionSummary}), the iot JobExecutionSummary being {status, queuedAt,
 * startedAt?, lastUpdatedAt, executionNumber, retryAttempt}. A page may hold
 * 250 items: instead of a cJSON tree per item, one template tree is filled
 * and printed by cJSON per item, and the item is a raw node whose text lives
 * in the arena (one allocation per item instead of about twenty). */
typedef struct jr_exec_item_writer {
    /* two templates, [0] without startedAt and [1] with it, whose nodes
     * reference the texts below */
    cJSON *item[2], *key[2], *status[2];
    bool for_job;
    char t_queued[48], t_started[48], t_updated[48], t_number[24], t_retry[24];
} jr_exec_item_writer;

/* Prints unformatted and deletes o. NULL on allocation failure. */
char *jr_json_finish(cJSON *o);
/* The same, starting from a buffer of size_hint bytes (an estimate of the
 * output length: one allocation instead of a chain of reallocs). */
char *jr_json_finish_sized(cJSON *o, size_t size_hint);

/* The per-operation encoders (jr_enc_*) are declared in ops.h. */

#endif
