/* jobsref: the reference AWS IoT Jobs API server (control and data plane).
 * A thin command line over the jr_server library. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "async_profile.h"
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
            "  --admin                serve the reference-only admin routes under " JR_ADMIN_PREFIX ";\n"
            "                         every admin request needs the header " JR_ADMIN_TOKEN_HEADER ": TOKEN\n"
            "                         with the token printed at start (`admin-token TOKEN`)\n"
            "  --admin-token TOKEN    use this admin token (16-64 of [A-Za-z0-9_-]) instead of a random one\n"
            "                         (also JOBSREF_ADMIN_TOKEN)\n"
            "  --admin-any-host       allow --admin with a --host other than loopback (prints a warning)\n"
            "  --auth none|sigv4      sigv4: refuse API requests without a valid SigV4 signature (default none)\n"
            "  --credentials FILE     keys for --auth sigv4: `access-key-id secret [session-token]` per line\n"
            "  --header-timeout S     a request head must arrive within S seconds (default 10)\n"
            "  --idle-timeout S       close a connection idle for S seconds (default 15)\n"
            "  --max-connections N    connections per listener (default 4096)\n"
            "  --max-client-connections N  connections per listener from one client address (default 64)\n"
            "  --fault NAME           break one rule on purpose (repeatable); see the list below\n"
            "  --unsupported OPS      answer every call of these operations (comma-separated model names) with\n"
            "                         400 InvalidRequestException \"Unsupported path\", as an emulator that lacks them\n"
            "  --quiet                no access log on stderr\n"
            "  --profile consistent|async\n"
            "                         async: behave like an eventually consistent, throttling service (for\n"
            "                         testing clients): a changed read answer (Describe*, List*, Get*) is\n"
            "                         served stale for --async-lag-ms after the change is first seen, and\n"
            "                         --throttle-permille of the requests get ThrottlingException (400 on the\n"
            "                         control plane, 429 on the data plane; a retry within 1 s gets through).\n"
            "                         Default consistent\n"
            "  --async-lag-ms MS      --profile async: how long reads lag a change (default 300, at most 60000)\n"
            "  --throttle-permille N  --profile async: requests throttled per thousand (default 50; 0 = none)\n"
            "  --async-seed N         --profile async: chooses which requests are throttled (default 1)\n"
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

/* 127.0.0.0/8 and ::1: the only hosts --admin takes without --admin-any-host. */
static bool is_loopback(const char *host)
{
    struct in_addr a4;
    struct in6_addr a6;
    if (inet_pton(AF_INET, host, &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, host, &a6) == 1) return IN6_IS_ADDR_LOOPBACK(&a6);
    return false;
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
           O_FAULT, O_QUIET, O_VERSION, O_HELP, O_MQTT, O_ADMIN_TOKEN, O_ADMIN_ANY, O_AUTH, O_CREDS, O_HDR_TIMEOUT,
           O_IDLE_TIMEOUT, O_MAX_CONN, O_MAX_CLIENT, O_PROFILE, O_LAG, O_THROTTLE, O_SEED, O_UNSUPPORTED };
    static const struct option longopts[] = {
        {"host", required_argument, NULL, O_HOST},         {"control-port", required_argument, NULL, O_CPORT},
        {"data-port", required_argument, NULL, O_DPORT},   {"region", required_argument, NULL, O_REGION},
        {"account-id", required_argument, NULL, O_ACCOUNT}, {"clock", required_argument, NULL, O_CLOCK},
        {"deletion-delay", required_argument, NULL, O_DELAY}, {"max-body", required_argument, NULL, O_MAXBODY},
        {"threads", required_argument, NULL, O_THREADS},   {"admin", no_argument, NULL, O_ADMIN},
        {"fault", required_argument, NULL, O_FAULT},       {"quiet", no_argument, NULL, O_QUIET},
        {"version", no_argument, NULL, O_VERSION},         {"help", no_argument, NULL, O_HELP},
        {"mqtt", required_argument, NULL, O_MQTT},
        {"admin-token", required_argument, NULL, O_ADMIN_TOKEN}, {"admin-any-host", no_argument, NULL, O_ADMIN_ANY},
        {"auth", required_argument, NULL, O_AUTH},         {"credentials", required_argument, NULL, O_CREDS},
        {"header-timeout", required_argument, NULL, O_HDR_TIMEOUT},
        {"idle-timeout", required_argument, NULL, O_IDLE_TIMEOUT},
        {"max-connections", required_argument, NULL, O_MAX_CONN},
        {"max-client-connections", required_argument, NULL, O_MAX_CLIENT},
        {"profile", required_argument, NULL, O_PROFILE},   {"async-lag-ms", required_argument, NULL, O_LAG},
        {"throttle-permille", required_argument, NULL, O_THROTTLE}, {"async-seed", required_argument, NULL, O_SEED},
        {"unsupported", required_argument, NULL, O_UNSUPPORTED},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    bool admin_any_host = false;
    bool async_tuned = false; /* an --async-* or --throttle-* option was given */
    opts.async_seed = 1;
    const char *auth = "none";
    opts.admin_token = getenv("JOBSREF_ADMIN_TOKEN");
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
        case O_UNSUPPORTED: opts.unsupported = optarg; break;
        case O_MQTT: opts.mqtt_url = optarg; break;
        case O_ADMIN_TOKEN: opts.admin_token = optarg; break;
        case O_ADMIN_ANY: admin_any_host = true; break;
        case O_AUTH:
            if (strcmp(optarg, "sigv4") != 0 && strcmp(optarg, "none") != 0) return bad_value("--auth", optarg);
            auth = optarg;
            break;
        case O_CREDS: opts.credentials_file = optarg; break;
        case O_HDR_TIMEOUT:
            if (!parse_u64(optarg, 3600, &v) || v == 0) return bad_value("--header-timeout", optarg);
            opts.header_timeout_s = (unsigned)v;
            break;
        case O_IDLE_TIMEOUT:
            if (!parse_u64(optarg, 3600, &v) || v == 0) return bad_value("--idle-timeout", optarg);
            opts.idle_timeout_s = (unsigned)v;
            break;
        case O_MAX_CONN:
            if (!parse_u64(optarg, 1000000, &v) || v == 0) return bad_value("--max-connections", optarg);
            opts.max_connections = (unsigned)v;
            break;
        case O_MAX_CLIENT:
            if (!parse_u64(optarg, 1000000, &v) || v == 0) return bad_value("--max-client-connections", optarg);
            opts.max_client_connections = (unsigned)v;
            break;
        case O_PROFILE:
            if (strcmp(optarg, "async") == 0) opts.async_profile = true;
            else if (strcmp(optarg, "consistent") == 0) opts.async_profile = false;
            else return bad_value("--profile", optarg);
            break;
        case O_LAG:
            if (!parse_u64(optarg, JR_ASYNC_MAX_LAG_MS, &v)) return bad_value("--async-lag-ms", optarg);
            opts.async_lag_ms = (unsigned)v;
            async_tuned = true;
            break;
        case O_THROTTLE:
            if (!parse_u64(optarg, 1000, &v)) return bad_value("--throttle-permille", optarg);
            opts.async_throttle_permille = (unsigned)v;
            async_tuned = true;
            break;
        case O_SEED:
            if (!parse_u64(optarg, UINT64_MAX, &v)) return bad_value("--async-seed", optarg);
            opts.async_seed = v;
            async_tuned = true;
            break;
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

    if (async_tuned && !opts.async_profile) {
        fprintf(stderr, "jobsref: --async-lag-ms, --throttle-permille and --async-seed need --profile async\n");
        return 2;
    }
    opts.auth = strcmp(auth, "sigv4") == 0;
    if (opts.auth && opts.credentials_file == NULL) {
        fprintf(stderr, "jobsref: --auth sigv4 needs --credentials FILE\n");
        return 2;
    }
    if (!opts.auth && opts.credentials_file != NULL) {
        fprintf(stderr, "jobsref: --credentials is only read with --auth sigv4\n");
        return 2;
    }
    if (opts.admin && !is_loopback(opts.host)) {
        if (!admin_any_host) {
            fprintf(stderr, "jobsref: --admin on the non-loopback address %s lets anyone on the network with the token "
                            "reset the server; add --admin-any-host to do it anyway\n", opts.host);
            return 2;
        }
        fprintf(stderr, "jobsref: WARNING: admin routes are reachable from the network on %s "
                        "(protected only by the admin token)\n", opts.host);
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
    if (opts.async_profile)
        printf("profile async lag-ms %u throttle-permille %u seed %llu\n", opts.async_lag_ms,
               opts.async_throttle_permille, (unsigned long long)opts.async_seed);
    if (opts.admin) printf("admin-token %s\n", jr_server_admin_token(server));
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    if (!opts.quiet) fprintf(stderr, "jobsref: %s, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    if (opts.async_profile) {
        unsigned long stale, throttled;
        jr_server_async_counts(server, &stale, &throttled);
        fprintf(stderr, "jobsref: profile async: %lu stale reads, %lu throttled\n", stale, throttled);
    }
    jr_server_stop(server);
    return 0;
}
