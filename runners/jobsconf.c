/* jobsconf: the conformance runner. `jobsconf --help` for usage; the
 * framework is described in suites/README.md, the steps of a run in
 * runners/jc_runner.h. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "jc_fuzz.h"
#include "jc_runner.h"

static const char USAGE_HEAD[] =
    "usage: jobsconf run [options]          run the conformance scenarios\n"
    "       jobsconf list [--json] [--suite S] [--tag T] [--requirement ID]\n"
    "                                       list scenarios (levels, tags, needs, operations)\n"
    "                                       and requirement coverage; filters as for run\n"
    "       jobsconf report --from results.json [--format LIST] [--report-dir DIR]\n"
    "       jobsconf diff OLD.json NEW.json  compare two runs (exit 1 on a regression)\n"
    "       jobsconf fuzz [options]         differential fuzzing against the reference model (fuzz --help)\n"
    "       jobsconf clean --endpoint URL --prefix P [--yes]\n"
    "                                       list (and with --yes delete) the jobs an earlier\n"
    "                                       run with --prefix P left behind\n"
    "       jobsconf COMMAND --help | jobsconf --help | --version\n";

static const char USAGE_RUN[] =
    "\n"
    "run options (each also JOBSCONF_<NAME> in the environment, or `name = value`\n"
    "in the --config file; flags win over the environment, which wins over the file):\n"
    "  --endpoint URL           control plane to test (http or https); none: start the bundled jobsref\n"
    "  --data-endpoint URL      data plane (default: the control endpoint); `none`: the server has\n"
    "                           no data plane (data-plane scenarios are BLOCKED)\n"
    "  --mqtt-endpoint URL      device MQTT API: mqtt://HOST:PORT or mqtts://HOST:8883 (default: none,\n"
    "                           or a private mosquitto for the bundled jobsref)\n"
    "  --mqtt-ca FILE           CA certificates (PEM) for mqtts\n"
    "  --mqtt-cert FILE         client certificate (PEM) for mqtts mutual TLS (AWS IoT Core)\n"
    "  --mqtt-key FILE          its private key (PEM)\n"
    "  --quiet-window S         how long a device scenario waits for an MQTT message that must\n"
    "                           not arrive (1); an endpoint declaring jobsref's ordering\n"
    "                           guarantee (the bundled one) gets an exact barrier instead\n"
    "  --mqtt-windows           wait out the quiet windows even then\n"
    "  --region R               SigV4 region (us-east-1)\n"
    "  --signing-name NAME      control-plane signing name (execute-api)\n"
    "  --data-signing-name NAME data-plane signing name (iot-jobs-data)\n"
    "  --suite S                only this API area (repeatable; case-insensitive)\n"
    "  --tag T                  only scenarios with this tag (repeatable)\n"
    "  --requirement ID         only scenarios naming this requirement (repeatable)\n"
    "  --baseline FILE          expected failures: `scenario-id reason` lines (XFAIL/XPASS)\n"
    "  --report-dir DIR         where reports go (jobsconf-reports)\n"
    "  --format LIST            junit,json,html,md or all (all)\n"
    "  --transcripts WHICH      failures (default), all or none: which scenarios keep\n"
    "                           their request/response transcript in the reports\n"
    "  --prefix P               resource names start with jcP- (default: jc + 6 random hex)\n"
    "  --timeout S              per-request timeout in seconds (10)\n"
    "  --poll-deadline S        eventual-consistency deadline in seconds (10): a read after a\n"
    "                           change is repeated until it matches or this much time has passed\n"
    "  --max-retries N          retries of a throttled request (ThrottlingException, 429, a typed\n"
    "                           503) with capped exponential backoff and full jitter (3; 0..10, 0 = none)\n"
    "  --max-time S             limit for the whole run; scenarios not started by then\n"
    "                           are reported as ERROR \"not run\"\n"
    "  --slow                   run clock scenarios in real time when no virtual clock\n"
    "  --jobs N                 parallel workers (1)\n"
    "  --verbose                print the transcript of failures\n"
    "  --strict                 failed SHOULD/MAY checks fail the run too\n"
    "  --ca-bundle FILE         CA certificates for https (also CURL_CA_BUNDLE, SSL_CERT_FILE)\n"
    "  --insecure               do not verify TLS certificates (every report says so)\n"
    "  --config FILE            settings file (also JOBSCONF_CONFIG)\n"
    "  --admin-token T          jobsref's admin token (the `admin-token` line it prints);\n"
    "                           read by itself in the embedded run\n"
    "credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN\n"
    "exit: 0 no MUST failure, ERROR, BLOCKED or XPASS (failed SHOULD/MAY checks are\n"
    "      warnings unless --strict; XFAIL is a failure the baseline expects),\n"
    "      1 otherwise, 2 usage or configuration error, 3 the harness could not run (endpoint\n"
    "      unreachable), 130/143 interrupted by SIGINT/SIGTERM; every exit once the\n"
    "      settings are read writes the reports (marked incomplete when the run was)\n";

static const char USAGE_CLEAN[] =
    "\n"
    "clean options: --endpoint URL, --prefix P (required: the --prefix of the run to\n"
    "clean up; only jobs whose id starts with jcP- are listed, never a shorter stem),\n"
    "--yes (delete them; without it they are only listed), --max-time S (120),\n"
    "--data-endpoint, --region, --signing-name, --timeout, --max-retries, --ca-bundle,\n"
    "--insecure, --config. Things and thing groups cannot be listed through the Jobs\n"
    "API and are not touched.\n";

void jc_usage(FILE *f, const char *cmd)
{
    fputs(USAGE_HEAD, f);
    if (!cmd || strcmp(cmd, "run") == 0) fputs(USAGE_RUN, f);
    if (!cmd || strcmp(cmd, "clean") == 0) fputs(USAGE_CLEAN, f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        jc_usage(stderr, NULL);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        jc_usage(stdout, NULL);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("jobsconf %s\n", JC_VERSION);
        return EXIT_OK;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc;
    if (strcmp(cmd, "run") == 0) rc = jc_cmd_run(argc - 2, argv + 2);
    else if (strcmp(cmd, "list") == 0) rc = jc_cmd_list(argc - 2, argv + 2);
    else if (strcmp(cmd, "report") == 0) rc = jc_cmd_report(argc - 2, argv + 2);
    else if (strcmp(cmd, "diff") == 0) rc = jc_cmd_diff(argc - 2, argv + 2);
    else if (strcmp(cmd, "clean") == 0) rc = jc_cmd_clean(argc - 2, argv + 2);
    else if (strcmp(cmd, "fuzz") == 0) rc = jc_fuzz_main(argc - 2, argv + 2);
    else {
        fprintf(stderr, "jobsconf: unknown command '%s'\n", cmd);
        jc_usage(stderr, NULL);
        rc = EXIT_USAGE;
    }
    curl_global_cleanup();
    return rc;
}
