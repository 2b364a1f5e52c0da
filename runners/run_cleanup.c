/* Step 5 of `jobsconf run`: the end sweep. Each scenario already deleted what
 * it created when it ended (jc_scenario_cleanup); this deletes what is left
 * of what the run recorded as created (a scenario's cleanup ran out of time,
 * of room under the server's limit of deletions in progress, or failed),
 * by id, never by pattern and without listing, within a deadline. The
 * bundled jobsref is discarded at the end of the run, so there is nothing
 * to clean there. */
#include <stdio.h>

#include "jc_runner.h"

void jc_runner_cleanup(jc_runner *r)
{
    if (!r->env || r->embedded) return;
    size_t things = 0, groups = 0;
    size_t jobs = jc_env_created(r->env, &things, &groups);
    if (jobs + things + groups == 0) return;
    fprintf(stderr, "jobsconf: cleanup: %zu job(s), %zu thing(s), %zu thing group(s) left to the end sweep\n", jobs,
            things, groups);
    /* bounded: 6 poll deadlines, half a second a job (a server deletes a few
       at once: 10 on AWS) and a fifth of a second a thing or group, or what
       --max-time leaves; a few seconds when the run was interrupted or the
       endpoint is gone */
    double deadline = r->cfg.poll_deadline_s * 6 + 0.5 * (double)jobs + 0.2 * (double)(things + groups);
    if (__atomic_load_n(&jc_signal_received, __ATOMIC_SEQ_CST) || jc_env_stopped(r->env, NULL, 0)) deadline = 5;
    if (r->cfg.max_time_s > 0) {
        double left = r->t0 + r->cfg.max_time_s - jc_mono_s();
        if (left < deadline) deadline = left > 1 ? left : 1;
    }
    char err[256];
    jc_ctx *ctx = jc_ctx_new_cleanup(r->env, err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "jobsconf: cleanup: %s\n", err);
        r->left_behind = jobs + things + groups;
        return;
    }
    r->left_behind = jc_cleanup(ctx, deadline, stderr);
    jc_ctx_free(ctx);
}
