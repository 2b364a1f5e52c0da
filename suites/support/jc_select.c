/* --suite / --requirement matching: see jc_select.h. */
#include "jc_select.h"

#include <string.h>
#include <strings.h>

#include "jc_aliases.h"

/* Whether name is the suite file of sc: the id's first word. */
static bool file_is(const jc_scenario *sc, const char *name)
{
    const char *dot = strchr(sc->id, '.');
    size_t n = dot ? (size_t)(dot - sc->id) : strlen(sc->id);
    return strlen(name) == n && strncasecmp(sc->id, name, n) == 0;
}

bool jc_suite_matches(const jc_suite *s, const jc_scenario *sc, const char *name)
{
    if (!name) return false;
    if (strcasecmp(s->name, name) == 0 || file_is(sc, name)) return true;
    const char *merged_into = jc_alias_resolve_suite(name);
    return merged_into && file_is(sc, merged_into);
}

bool jc_suite_known(const char *name)
{
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++)
            if (jc_suite_matches(jc_all_suites[s], &jc_all_suites[s]->scenarios[i], name)) return true;
    return false;
}

bool jc_requirement_matches(const jc_scenario *sc, const char *id)
{
    return id && jc_list_has(sc->requirements, id);
}

const jc_scenario *jc_scenario_by_id(const char *id)
{
    if (!id) return NULL;
    const char *current = jc_alias_resolve(id);
    if (current) id = current;
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++)
            if (strcmp(jc_all_suites[s]->scenarios[i].id, id) == 0) return &jc_all_suites[s]->scenarios[i];
    return NULL;
}
