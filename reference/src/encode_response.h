/* JSON rendering of the machine's typed objects, member names exactly as the
 * service models spell them. Control-plane times are epoch seconds with a
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

#include "machine_internal.h"

void jr_json_add_secs(cJSON *o, const char *name, int64_t ms);
void jr_json_add_i64(cJSON *o, const char *name, int64_t v);
cJSON *jr_json_map(const jr_map *m); /* {} when m is NULL */

/* {"documentSource"?, "job": Job} */
cJSON *jr_json_describe_job(jr_machine *m, const jr_job *j);
cJSON *jr_json_job_summary(jr_machine *m, const jr_job *j);
/* {jobArn, jobId, description?} */
cJSON *jr_json_job_ref(jr_machine *m, const jr_job *j);

/* iot JobExecution (statusDetails wrapped in detailsMap). */
cJSON *jr_json_exec_control(jr_machine *m, const jr_exec *e);
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
    char arn[320];
} jr_exec_item_writer;

/* false on allocation failure (nothing to free then). */
bool jr_exec_item_writer_init(jr_exec_item_writer *w, bool for_job);
/* A raw node (owned by the caller, text owned by `a`); NULL on allocation
 * failure. */
cJSON *jr_exec_item_writer_item(jr_exec_item_writer *w, jr_machine *m, const jr_exec *e, jr_json_arena *a);
void jr_exec_item_writer_free(jr_exec_item_writer *w);

/* iot-jobs-data JobExecution. */
cJSON *jr_json_exec_data(jr_machine *m, const jr_exec *e, bool include_document);
/* iot-jobs-data JobExecutionSummary. */
cJSON *jr_json_exec_summary_data(const jr_exec *e);
/* iot-jobs-data JobExecutionState. */
cJSON *jr_json_exec_state(const jr_exec *e);

/* approximateSecondsBeforeTimedOut, or -1 when it must be absent. */
int64_t jr_exec_seconds_left(jr_machine *m, const jr_exec *e);

/* Prints unformatted and deletes o. NULL on allocation failure. */
char *jr_json_finish(cJSON *o);
/* The same, starting from a buffer of size_hint bytes (an estimate of the
 * output length: one allocation instead of a chain of reallocs). */
char *jr_json_finish_sized(cJSON *o, size_t size_hint);

#endif
