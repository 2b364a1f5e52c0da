/* Benchmark of `jobsconf fuzz` (runners/fuzz/): generated sequences against
 * the bundled jobsref over loopback HTTP, with the reference model as the
 * oracle. Prints, per round and as medians over ROUNDS rounds: sequences
 * per second, requests per second, and where the time went: the oracle
 * (the in-process model: jr_service_handle plus decoding its answer), HTTP
 * to the endpoint (libcurl round trips, the server's work included), and
 * the rest (generation, normalization, comparison, bookkeeping). Target:
 * the oracle <= 10 % of the time.
 *
 * Usage: bench_differential [sequences-per-round [steps]] (defaults 300, 24, as `jobsconf fuzz`).
 * Prints figures; asserts nothing. The machine is shared: read the medians. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "jc_fuzz_engine.h"
#include "jr_server.h"

#define ROUNDS 3

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int per_round = argc > 1 ? atoi(argv[1]) : 300;
    int steps = argc > 2 ? atoi(argv[2]) : 24;
    if (per_round < 1 || steps < 0) {
        fprintf(stderr, "usage: bench_differential [sequences-per-round [steps]]\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    jr_server_options so;
    jr_server_options_default(&so);
    so.virtual_clock = true;
    so.admin = true;
    so.quiet = true;
    char err[512];
    jr_server *srv = jr_server_start(&so, err, sizeof err);
    if (!srv) {
        fprintf(stderr, "bench_differential: %s\n", err);
        return 1;
    }
    char control[64], data[64];
    snprintf(control, sizeof control, "http://127.0.0.1:%u", (unsigned)jr_server_control_port(srv));
    snprintf(data, sizeof data, "http://127.0.0.1:%u", (unsigned)jr_server_data_port(srv));
    jc_fz_config cfg = {control, data, NULL, NULL, "us-east-1", NULL, NULL, NULL, 10, "jcfzbench", 2000, false,
                        jr_server_admin_token(srv)};
    jc_fz *fz = jc_fz_new(&cfg, err, sizeof err);
    if (!fz) {
        fprintf(stderr, "bench_differential: %s\n", err);
        jr_server_stop(srv);
        return 1;
    }
    double seq_s[ROUNDS], req_s[ROUNDS], oracle[ROUNDS], http[ROUNDS];
    uint64_t seed = 1;
    size_t divergences = 0;
    printf("bench_differential: %d sequences of %d steps per round, %d rounds, bundled jobsref on loopback\n",
           per_round, steps, ROUNDS);
    for (int round = 0; round < ROUNDS; round++) {
        jc_fz_stats a, b;
        jc_fz_stats_get(fz, &a);
        double t0 = now_s();
        for (int i = 0; i < per_round; i++) {
            uint64_t rng = (seed++) * 0x2545f4914f6cdd1dULL;
            size_t len;
            uint8_t *bytes = jc_fz_generate(&rng, steps, true, &len);
            jc_fz_result r;
            if (!bytes || jc_fz_run(fz, bytes, len, &r) != 0) {
                fprintf(stderr, "bench_differential: the endpoint could not be driven\n");
                return 1;
            }
            divergences += r.verdict == JC_FZ_DIVERGE;
            jc_fz_result_clear(&r);
            free(bytes);
        }
        double dt = now_s() - t0;
        jc_fz_stats_get(fz, &b);
        seq_s[round] = per_round / dt;
        req_s[round] = (double)(b.requests - a.requests) / dt;
        oracle[round] = 100 * (b.oracle_s - a.oracle_s) / dt;
        http[round] = 100 * (b.http_s - a.http_s) / dt;
        printf("  round %d: %7.1f sequences/s  %8.0f requests/s  oracle %5.1f %%  HTTP %5.1f %%  other %5.1f %%\n",
               round + 1, seq_s[round], req_s[round], oracle[round], http[round],
               100 - oracle[round] - http[round]);
    }
    qsort(seq_s, ROUNDS, sizeof seq_s[0], cmp_double);
    qsort(req_s, ROUNDS, sizeof req_s[0], cmp_double);
    qsort(oracle, ROUNDS, sizeof oracle[0], cmp_double);
    qsort(http, ROUNDS, sizeof http[0], cmp_double);
    printf("median: %.1f sequences/s, %.0f requests/s; oracle %.1f %% of the time (target <= 10 %%), HTTP %.1f %%\n",
           seq_s[ROUNDS / 2], req_s[ROUNDS / 2], oracle[ROUNDS / 2], http[ROUNDS / 2]);
    printf("divergences: %zu (the endpoint is the reference: any is a false positive)\n", divergences);
    jc_fz_free(fz);
    jr_server_stop(srv);
    curl_global_cleanup();
    return 0;
}
