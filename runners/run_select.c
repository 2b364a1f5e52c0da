/* Step 2 of `jobsconf run`: the selection (--suite, --tag, --requirement)
 * and the plan. A selection that matches nothing is a usage error. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jc_runner.h"
#include "jc_select.h"

static bool any_of(const jc_strlist *l, bool (*match)(const void *, const char *), const void *arg)
{
    if (!l->count) return true;
    for (size_t i = 0; i < l->count; i++)
        if (match(arg, l->items[i])) return true;
    return false;
}

typedef struct pair {
    const jc_suite *s;
    const jc_scenario *sc;
} pair;

static bool match_suite(const void *a, const char *name)
{
    const pair *p = a;
    return jc_suite_matches(p->s, p->sc, name);
}
static bool match_tag(const void *a, const char *t) { return jc_list_has(((const pair *)a)->sc->tags, t); }
static bool match_req(const void *a, const char *q) { return jc_requirement_matches(((const pair *)a)->sc, q); }

bool jc_selected(const jc_config *cfg, const jc_suite *s, const jc_scenario *sc)
{
    pair p = {s, sc};
    return any_of(&cfg->suites, match_suite, &p) && any_of(&cfg->tags, match_tag, &p) &&
           any_of(&cfg->requirements, match_req, &p);
}

/* Each --suite and --tag value must name something: a typo is not an empty,
   green run. */
const char *jc_selection_unknown(const jc_config *cfg, const char **what)
{
    for (size_t i = 0; i < cfg->suites.count; i++) {
        bool found = false;
        for (size_t s = 0; jc_all_suites[s] && !found; s++)
            for (size_t k = 0; k < jc_all_suites[s]->count && !found; k++)
                found = jc_suite_matches(jc_all_suites[s], &jc_all_suites[s]->scenarios[k], cfg->suites.items[i]);
        if (!found) return *what = "--suite: no suite named", cfg->suites.items[i];
    }
    for (size_t i = 0; i < cfg->tags.count; i++) {
        bool found = false;
        for (size_t s = 0; jc_all_suites[s] && !found; s++)
            for (size_t k = 0; k < jc_all_suites[s]->count && !found; k++)
                found = jc_list_has(jc_all_suites[s]->scenarios[k].tags, cfg->tags.items[i]);
        if (!found) return *what = "--tag: no scenario has the tag", cfg->tags.items[i];
    }
    return NULL;
}

int jc_runner_select(jc_runner *r)
{
    const char *what = NULL, *bad = jc_selection_unknown(&r->cfg, &what);
    if (bad) {
        jc_console_escaped(stderr, "jobsconf: %s '%s' (see jobsconf list)", what, bad);
        jc_runner_set_incomplete(r, "usage error: %s '%s'", what, bad);
        return EXIT_USAGE;
    }
    size_t total = 0;
    for (size_t s = 0; jc_all_suites[s]; s++) total += jc_all_suites[s]->count;
    r->plan = calloc(total ? total : 1, sizeof *r->plan);
    if (!r->plan) return EXIT_HARNESS;
    size_t n = 0;
    for (size_t s = 0; jc_all_suites[s]; s++)
        for (size_t i = 0; i < jc_all_suites[s]->count; i++) {
            const jc_scenario *sc = &jc_all_suites[s]->scenarios[i];
            if (!jc_selected(&r->cfg, jc_all_suites[s], sc)) continue;
            r->plan[n] = (jc_planned){jc_all_suites[s], sc, jc_baseline_find(&r->baseline, sc->id), n};
            n++;
        }
    r->plan_count = n;
    if (n == 0) {
        jc_console_escaped(stderr, "jobsconf: the selection (--suite, --tag, --requirement together) matches no "
                                   "scenario (see jobsconf list)");
        jc_runner_set_incomplete(r, "usage error: the selection matches no scenario");
        return EXIT_USAGE;
    }
    r->results = calloc(n, sizeof *r->results);
    r->done = calloc(n, sizeof *r->done);
    return r->results && r->done ? 0 : EXIT_HARNESS;
}
