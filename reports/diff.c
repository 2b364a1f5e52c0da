/* jc_results_diff: status changes between two runs, regressions first. */
#include <stdlib.h>
#include <string.h>

#include <uthash.h>

#include "jc_report.h"
#include "jc_report_util.h"

typedef struct id_ent {
    const char *id;
    jc_status status;
    UT_hash_handle hh;
} id_ent;

static void map_free(id_ent **map)
{
    id_ent *e, *t;
    HASH_ITER(hh, *map, e, t)
    {
        HASH_DEL(*map, e);
        free(e);
    }
}

static bool map_add(id_ent **map, const char *id, jc_status st)
{
    id_ent *e;
    if (!id) return true;
    HASH_FIND_STR(*map, id, e);
    if (e) return true; /* first occurrence wins */
    e = calloc(1, sizeof *e);
    if (!e) return false;
    e->id = id;
    e->status = st;
    HASH_ADD_KEYPTR(hh, *map, e->id, strlen(e->id), e);
    return true;
}

/* What the server showed, whatever the baseline says: FAIL, ERROR and
 * BLOCKED are unexpected failures, XFAIL a known failure, PASS and XPASS
 * passes (an XPASS means the baseline is stale, not the server worse). */
static bool bad(jc_status s)
{
    return s == JC_FAIL || s == JC_ERROR || s == JC_BLOCKED;
}

static bool good(jc_status s)
{
    return s == JC_PASS || s == JC_XPASS;
}

/* A regression: an unexpected failure where there was none (a known
 * failure that lost its baseline entry is not one), or a known failure
 * where the server passed before. */
static bool is_regression(bool had, jc_status o, jc_status n)
{
    if (bad(n)) return !had || !(bad(o) || o == JC_XFAIL);
    return had && n == JC_XFAIL && good(o);
}

static bool is_fix(bool had, jc_status o, jc_status n)
{
    return had && (bad(o) || o == JC_XFAIL) && good(n);
}

enum { K_REG, K_FIX, K_OTHER, K_ADDED, K_REMOVED, K_COUNT };

static void print_id(FILE *out, const char *id)
{
    char *clean = jc_text_sanitize_str(id);
    fputs(clean ? clean : "?", out);
    free(clean);
}

/* One pass over one kind of record (scenario or requirement) printing the
 * entries of section `kind`; returns how many it printed. */
static size_t section(FILE *out, int kind, const char *what, id_ent *old_map, id_ent *new_map, const char **new_ids,
                      const jc_status *new_st, size_t new_n, const char **old_ids, const jc_status *old_st, size_t old_n)
{
    size_t count = 0;
    if (kind == K_REMOVED) {
        for (size_t i = 0; i < old_n; i++) {
            id_ent *e;
            if (!old_ids[i]) continue;
            HASH_FIND_STR(new_map, old_ids[i], e);
            if (e) continue;
            fprintf(out, "  %s ", what);
            print_id(out, old_ids[i]);
            fprintf(out, ": removed (was %s)\n", jc_status_name(old_st[i]));
            count++;
        }
        return count;
    }
    for (size_t i = 0; i < new_n; i++) {
        id_ent *e;
        jc_status n = new_st[i];
        if (!new_ids[i]) continue;
        HASH_FIND_STR(old_map, new_ids[i], e);
        bool had = e != NULL;
        jc_status o = had ? e->status : JC_SKIP;
        bool show = false;
        switch (kind) {
        case K_REG: show = is_regression(had, o, n); break;
        case K_FIX: show = is_fix(had, o, n); break;
        case K_OTHER: show = had && o != n && !is_regression(had, o, n) && !is_fix(had, o, n); break;
        case K_ADDED: show = !had; break;
        }
        if (!show) continue;
        fprintf(out, "  %s ", what);
        print_id(out, new_ids[i]);
        if (had) fprintf(out, ": %s -> %s\n", jc_status_name(o), jc_status_name(n));
        else fprintf(out, ": new, %s\n", jc_status_name(n));
        count++;
    }
    return count;
}

size_t jc_results_diff(const jc_run *old_run, const jc_run *new_run, FILE *out)
{
    return jc_results_diff_aliased(old_run, new_run, NULL, out);
}

/* The current id of a scenario id (old ids through the alias table); prints
 * one notice per renamed id (noticed remembers which were told). */
static const char *current_id(const char *id, jc_id_resolver resolve, id_ent **noticed, FILE *out, bool *ok)
{
    const char *cur = resolve && id ? resolve(id) : NULL;
    if (!cur || strcmp(cur, id) == 0) return id;
    id_ent *e;
    HASH_FIND_STR(*noticed, id, e);
    if (!e) {
        fputs("note: scenario ", out);
        print_id(out, id);
        fputs(" is now ", out);
        print_id(out, cur);
        fputs(" (renamed; compared under the new id)\n", out);
        *ok = *ok && map_add(noticed, id, JC_PASS);
    }
    return cur;
}

size_t jc_results_diff_aliased(const jc_run *old_run, const jc_run *new_run, jc_id_resolver resolve, FILE *out)
{
    static const char *const TITLES[K_COUNT] = {"Regressions", "Fixes", "Other status changes", "Added", "Removed"};
    id_ent *so = NULL, *sn = NULL, *ro = NULL, *rn = NULL, *noticed = NULL;
    const char **ids[4] = {0};
    jc_status *sts[4] = {0};
    size_t ns[4], regressions = 0, total = 0;
    bool ok = true;
    char *bufs[K_COUNT] = {0};
    size_t lens[K_COUNT] = {0}, counts[K_COUNT] = {0};
    if (!old_run || !new_run || !out) return 0;
    /* flat id/status arrays: 0 old scenarios, 1 new scenarios, 2 old reqs, 3 new reqs */
    ns[0] = old_run->scenario_count;
    ns[1] = new_run->scenario_count;
    ns[2] = old_run->requirement_count;
    ns[3] = new_run->requirement_count;
    for (int k = 0; k < 4 && ok; k++) {
        ids[k] = calloc(ns[k] ? ns[k] : 1, sizeof *ids[k]);
        sts[k] = calloc(ns[k] ? ns[k] : 1, sizeof *sts[k]);
        ok = ids[k] && sts[k];
        for (size_t i = 0; ok && i < ns[k]; i++) {
            if (k < 2) {
                const jc_scenario_result *sc = &(k == 0 ? old_run : new_run)->scenarios[i];
                ids[k][i] = current_id(sc->id, resolve, &noticed, out, &ok);
                sts[k][i] = sc->status;
            } else {
                const jc_requirement_result *rq = &(k == 2 ? old_run : new_run)->requirements[i];
                ids[k][i] = rq->id;
                sts[k][i] = rq->status;
            }
            ok = map_add(k == 0 ? &so : k == 1 ? &sn : k == 2 ? &ro : &rn, ids[k][i], sts[k][i]);
        }
    }
    for (int kind = 0; ok && kind < K_COUNT; kind++) {
        FILE *f = open_memstream(&bufs[kind], &lens[kind]);
        if (!f) {
            ok = false;
            break;
        }
        counts[kind] += section(f, kind, "scenario", so, sn, ids[1], sts[1], ns[1], ids[0], sts[0], ns[0]);
        counts[kind] += section(f, kind, "requirement", ro, rn, ids[3], sts[3], ns[3], ids[2], sts[2], ns[2]);
        fclose(f);
    }
    if (ok) {
        for (int kind = 0; kind < K_COUNT; kind++) {
            total += counts[kind];
            if (!counts[kind]) continue;
            fprintf(out, "%s (%zu):\n%s", TITLES[kind], counts[kind], bufs[kind] ? bufs[kind] : "");
        }
        if (!total) fputs("No status changes.\n", out);
        regressions = counts[K_REG];
        fprintf(out, "%zu regression%s.\n", regressions, regressions == 1 ? "" : "s");
    } else {
        fputs("diff: out of memory\n", out);
    }
    for (int k = 0; k < K_COUNT; k++) free(bufs[k]);
    for (int k = 0; k < 4; k++) {
        free(ids[k]);
        free(sts[k]);
    }
    map_free(&so);
    map_free(&sn);
    map_free(&ro);
    map_free(&rn);
    map_free(&noticed);
    return regressions;
}
