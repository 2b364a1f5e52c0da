/* Stable scenario ids: the alias table from every scenario id that was
 * renamed to its new id, so that users' baselines and old results.json files
 * keep working (jc_baseline_load, jobsconf diff). A pure table: no I/O. */
#ifndef JC_ALIASES_H
#define JC_ALIASES_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The new id of a renamed scenario (case-insensitive match), or NULL when
 * `id` was never renamed. */
const char *jc_alias_resolve(const char *id);
/* The suite file a merged-away suite file name now lives in ("describe" ->
 * "describejob"), or NULL. */
const char *jc_alias_resolve_suite(const char *name);
/* How many scenario ids the table maps. */
size_t jc_alias_count(void);

#ifdef __cplusplus
}
#endif
#endif
