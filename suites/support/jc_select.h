/* How --suite and --requirement name scenarios (one scheme, used by every
 * command of the runner):
 *   --suite S        the API area (jc_suite.name: "DescribeJob") or the
 *                    suite file name, which is the first word of every id
 *                    ("describejob"); a suite file merged into another
 *                    ("describe") names the file it went to. Case-insensitive.
 *   --requirement R  a catalogue id the scenario names ("cj-004" = "CJ-004").
 *                    Case-insensitive. */
#ifndef JC_SELECT_H
#define JC_SELECT_H

#include <stdbool.h>

#include "jc_scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whether --suite `name` selects scenario sc of suite s. */
bool jc_suite_matches(const jc_suite *s, const jc_scenario *sc, const char *name);
/* Whether --suite `name` names any suite (of jc_all_suites). */
bool jc_suite_known(const char *name);
/* Whether --requirement `id` selects sc. */
bool jc_requirement_matches(const jc_scenario *sc, const char *id);
/* The scenario with this id (an old id resolved through the alias table),
 * or NULL. */
const jc_scenario *jc_scenario_by_id(const char *id);

#ifdef __cplusplus
}
#endif
#endif
