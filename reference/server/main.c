/* jobsref: the reference AWS IoT Jobs API server (control and data plane).
 * A thin command line over the jr_server library. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jr_server.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: jobsref [options]\n"
            "\n"
            "Serves the AWS IoT Jobs API (control plane `iot` and data plane `iot-jobs-data`)\n"
            "from libjobsref, the deterministic reference implementation.\n"
            "\n"
            "  --host ADDR            address to bind (default 127.0.0.1; IPv6 literals accepted)\n"
            "  --control-port N       control-plane port (default 0 = ephemeral)\n"
            "  --data-port N          data-plane port (default 0 = ephemeral)\n"
            "  --region R             region in ARNs (default us-east-1)\n"
            "  --account-id ID        account in ARNs (default 123456789012)\n"
            "  --clock real|virtual   time source (default real); virtual moves only via the admin route\n"
            "  --deletion-delay MS    how long DeleteJob keeps a job DELETION_IN_PROGRESS (default 2000)\n"
            "  --max-body BYTES       largest request body accepted; larger gets 413 (default 1048576)\n"
            "  --threads N            I/O threads per listener (default 4)\n"
            "  --admin                serve the reference-only admin routes under " JR_ADMIN_PREFIX "\n"
            "  --fault NAME           break one rule on purpose (repeatable); see the list below\n"
            "  --quiet                no access log on stderr\n"
            "  --mqtt mqtt://HOST:PORT also serve the device MQTT API ($aws/things/+/jobs/...) through that broker\n"
            "  --version              print the version and exit\n"
            "  --help                 print this help and exit\n"
            "\n"
            "On start-up it prints `control URL` and `data URL` lines with the ports actually bound.\n"
            "\n"
            "Faults (each disables exactly one rule; for the conformance suite's self-test):\n");
    for (int i = 0; i < JR_FAULT_COUNT; i++)
        fprintf(out, "  %-30s %s\n", jr_fault_name((jr_fault)i), jr_fault_description((jr_fault)i));
}

static bool parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
    if (s == NULL || *s == '\0' || *s == '-') return false;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > max) return false;
    *out = v;
    return true;
}

static int bad_value(const char *flag, const char *value)
{
    fprintf(stderr, "jobsref: invalid value '%s' for %s (see --help)\n", value ? value : "", flag);
    return 2;
}

int main(int argc, char **argv)
{
    jr_server_options opts;
    jr_server_options_default(&opts);
    enum { O_HOST = 1, O_CPORT, O_DPORT, O_REGION, O_ACCOUNT, O_CLOCK, O_DELAY, O_MAXBODY, O_THREADS, O_ADMIN,
           O_FAULT, O_QUIET, O_VERSION, O_HELP, O_MQTT };
    static const struct option longopts[] = {
        {"host", required_argument, NULL, O_HOST},         {"control-port", required_argument, NULL, O_CPORT},
        {"data-port", required_argument, NULL, O_DPORT},   {"region", required_argument, NULL, O_REGION},
        {"account-id", required_argument, NULL, O_ACCOUNT}, {"clock", required_argument, NULL, O_CLOCK},
        {"deletion-delay", required_argument, NULL, O_DELAY}, {"max-body", required_argument, NULL, O_MAXBODY},
        {"threads", required_argument, NULL, O_THREADS},   {"admin", no_argument, NULL, O_ADMIN},
        {"fault", required_argument, NULL, O_FAULT},       {"quiet", no_argument, NULL, O_QUIET},
        {"version", no_argument, NULL, O_VERSION},         {"help", no_argument, NULL, O_HELP},
        {"mqtt", required_argument, NULL, O_MQTT},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int c;
    unsigned long long v;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_HOST: opts.host = optarg; break;
        case O_CPORT:
            if (!parse_u64(optarg, 65535, &v)) return bad_value("--control-port", optarg);
            opts.control_port = (uint16_t)v;
            break;
        case O_DPORT:
            if (!parse_u64(optarg, 65535, &v)) return bad_value("--data-port", optarg);
            opts.data_port = (uint16_t)v;
            break;
        case O_REGION: opts.region = optarg; break;
        case O_ACCOUNT: opts.account_id = optarg; break;
        case O_CLOCK:
            if (strcmp(optarg, "virtual") == 0) opts.virtual_clock = true;
            else if (strcmp(optarg, "real") == 0) opts.virtual_clock = false;
            else return bad_value("--clock", optarg);
            break;
        case O_DELAY:
            if (!parse_u64(optarg, 7ull * 24 * 3600 * 1000, &v)) return bad_value("--deletion-delay", optarg);
            opts.deletion_delay_ms = (int64_t)v;
            break;
        case O_MAXBODY:
            if (!parse_u64(optarg, 1ull << 30, &v) || v == 0) return bad_value("--max-body", optarg);
            opts.max_body = (size_t)v;
            break;
        case O_THREADS:
            if (!parse_u64(optarg, 256, &v) || v == 0) return bad_value("--threads", optarg);
            opts.threads = (unsigned)v;
            break;
        case O_ADMIN: opts.admin = true; break;
        case O_FAULT: {
            jr_fault f;
            if (!jr_fault_parse(optarg, &f)) return bad_value("--fault", optarg);
            opts.faults |= JR_FAULT_BIT(f);
            break;
        }
        case O_QUIET: opts.quiet = true; break;
        case O_MQTT: opts.mqtt_url = optarg; break;
        case O_VERSION: printf("jobsref %s\n", JR_VERSION); return 0;
        case O_HELP: usage(stdout); return 0;
        default:
            fprintf(stderr, "jobsref: unknown or incomplete option '%s' (see --help)\n", argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "jobsref: unexpected argument '%s' (see --help)\n", argv[optind]);
        return 2;
    }

    /* Block the signals before the daemons start their threads, then wait
     * for one of them here: a clean, synchronous shutdown. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    char err[256];
    jr_server *server = jr_server_start(&opts, err, sizeof err);
    if (server == NULL) {
        fprintf(stderr, "jobsref: %s\n", err);
        return 1;
    }
    const char *host = opts.host;
    bool v6 = strchr(host, ':') != NULL;
    printf("control http://%s%s%s:%u\n", v6 ? "[" : "", host, v6 ? "]" : "", (unsigned)jr_server_control_port(server));
    printf("data http://%s%s%s:%u\n", v6 ? "[" : "", host, v6 ? "]" : "", (unsigned)jr_server_data_port(server));
    if (opts.mqtt_url) printf("mqtt %s\n", opts.mqtt_url);
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    if (!opts.quiet) fprintf(stderr, "jobsref: %s, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    jr_server_stop(server);
    return 0;
}
