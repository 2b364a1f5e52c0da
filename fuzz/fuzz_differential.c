/* fuzz_differential: the differential fuzzer of `jobsconf fuzz` driven by
 * libFuzzer's bytes, so coverage guides the search. The input is a sequence
 * of the shared operation grammar (jrf_grammar.h, the same bytes as
 * corpora/state_machine and the `step` lines of a .jcfz reproduction). It
 * runs over real loopback HTTP against an in-process jobsref server (virtual
 * clock, admin routes) whose faults come from JRF_DIFF_FAULTS="a,b", and
 * against the in-process reference model (runners/fuzz/jc_fuzz_engine.c);
 * a divergence prints the exchange and abort()s. Notes (MAY/[R]
 * differences) are not failures. Without faults the server is the reference
 * itself, so any abort is a false positive of the comparison.
 *
 * The engine build compiles libjobsref with the engine's instrumentation
 * (jrf_instrumented): the server's library and the model share it, so edges
 * of either side count. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "jc_fuzz_engine.h"
#include "jr_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT_BYTES 512 /* bytes: about 150 steps */

static jr_server *g_server;
static jc_fz *g_fz;

static void stop(void)
{
    jc_fz_free(g_fz);
    if (g_server) jr_server_stop(g_server);
    curl_global_cleanup();
}

static void start(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    jr_server_options so;
    jr_server_options_default(&so);
    so.host = "127.0.0.1";
    so.virtual_clock = true;
    so.admin = true;
    so.quiet = true;
    so.deletion_delay_ms = 2000;
    so.threads = 1;
    const char *env = getenv("JRF_DIFF_FAULTS");
    char buf[512];
    snprintf(buf, sizeof buf, "%s", env ? env : "");
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        jr_fault f;
        if (!jr_fault_parse(tok, &f)) {
            fprintf(stderr, "JRF_DIFF_FAULTS: unknown fault %s\n", tok);
            exit(2);
        }
        so.faults |= JR_FAULT_BIT(f);
    }
    char err[512];
    g_server = jr_server_start(&so, err, sizeof err);
    if (!g_server) {
        fprintf(stderr, "fuzz_differential: cannot start jobsref: %s\n", err);
        exit(2);
    }
    char control[64], data[64];
    snprintf(control, sizeof control, "http://127.0.0.1:%u", (unsigned)jr_server_control_port(g_server));
    snprintf(data, sizeof data, "http://127.0.0.1:%u", (unsigned)jr_server_data_port(g_server));
    jc_fz_config cfg = {control, data, NULL, NULL, "us-east-1", NULL, NULL, NULL, 10, "jcfzlf", 2000, false,
                        jr_server_admin_token(g_server)};
    g_fz = jc_fz_new(&cfg, err, sizeof err);
    if (!g_fz) {
        fprintf(stderr, "fuzz_differential: cannot drive jobsref: %s\n", err);
        exit(2);
    }
    atexit(stop);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_fz) start();
    if (size > MAX_INPUT_BYTES) size = MAX_INPUT_BYTES;
    jc_fz_result r;
    int rc = jc_fz_run(g_fz, data, size, &r);
    if (rc != 0) {
        fprintf(stderr, "fuzz_differential: the server could not be driven: %s\n", r.error);
        abort();
    }
    if (r.verdict == JC_FZ_DIVERGE) {
        const jc_fz_record *d = &r.recs[r.div_rec];
        fprintf(stderr, "DIVERGENCE at %s: %s (%s)\n  request: %s\n  expected: %d %s %s\n  actual:   %d %s %s\n",
                d->label, d->why ? d->why : "", d->req_id ? d->req_id : "?", d->request ? d->request : "",
                d->exp_status, d->exp_type ? d->exp_type : "", d->exp_body ? d->exp_body : "", d->act_status,
                d->act_type ? d->act_type : "", d->act_body ? d->act_body : "");
        abort();
    }
    jc_fz_result_clear(&r);
    return 0;
}
