/* The requirement catalogue of the conformance suite: every normative
 * statement of the seed (jobs-management-control-api.md), of
 * spec/semantics.md and of the model constraints in spec/wire-facts.md that a
 * Jobs API server must honour, each with a stable ID that scenarios name.
 *
 * IDs are AREA-NNN and never reused or renumbered: a requirement that is
 * dropped keeps its number retired. docs/requirements.md is generated from
 * this table (tests/catalogue/catalogue_md) and checked by the ctest
 * catalogue.docs-in-sync.
 *
 * Ownership: everything here is static, read-only data; callers free nothing. */
#ifndef JC_REQUIREMENTS_H
#define JC_REQUIREMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "jc_results.h" /* jc_level (reports/jc_results.h) */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jc_requirement {
    const char *id;          /* "CJ-003" */
    jc_level level;          /* JC_MUST, JC_SHOULD or JC_MAY */
    const char *source;      /* seed anchor ("jobs-CreateJob"), "model",
                              * "model:iot-jobs-data" or "guide:<page>"
                              * (the developer-guide page, without .html) */
    const char *statement;   /* one sentence, ending with '.' */
    bool erratum;            /* the seed's wording differs from the model */
    bool reference_decision; /* an [R] choice of the reference: never MUST */
    const char *note;        /* NULL or erratum / [R] note */
} jc_requirement;

/* The catalogue, grouped by area in ID order. */
extern const jc_requirement jc_requirements[];
extern const size_t jc_requirement_count;

/* The requirement with this ID, case-insensitive ("cj-004" finds CJ-004),
 * or NULL if the ID is unknown or id is NULL. The pointer is into the static
 * table. */
const jc_requirement *jc_requirement_find(const char *id);

#ifdef __cplusplus
}
#endif
#endif
