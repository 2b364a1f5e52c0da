/* The ceiling for the server benchmark: a bare libmicrohttpd responder with
 * the same daemon settings as jobsref (thread pool, internal polling thread,
 * epoll when available, same timeouts and limits) that answers every request
 * with a fixed JSON body and the same headers, doing no work. Prints
 * `bare http://127.0.0.1:PORT` and serves until SIGINT/SIGTERM.
 *
 * usage: bench_server_bare [--port N] [--threads N] [--max-connections N] */
#include <errno.h>
#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONNECTION_TIMEOUT_S 15u
#define CLIENT_CONNECTION_LIMIT 64u /* jobsref's default --max-client-connections */
#define CONNECTION_MEMORY_LIMIT (32u * 1024u) /* MHD zeroes this pool per request: keep it small */

/* The bytes of a real jobsref DescribeJob answer (one target), so that both
 * servers send the same amount. */
static const char BODY[] =
    "{\"job\":{\"jobArn\":\"arn:aws:iot:us-east-1:123456789012:job/describe\",\"jobId\":\"describe\","
    "\"targetSelection\":\"SNAPSHOT\",\"status\":\"IN_PROGRESS\",\"forceCanceled\":false,\"targets\":"
    "[\"arn:aws:iot:us-east-1:123456789012:thing/t0\"],\"description\":\"benchmark job\",\"createdAt\""
    ":1795882721.551,\"lastUpdatedAt\":1795882721.551,\"jobProcessDetails\":{\"processingTargets\":[]"
    ",\"numberOfQueuedThings\":1,\"numberOfInProgressThings\":0,\"numberOfSucceededThings\":0,\"numbe"
    "rOfFailedThings\":0,\"numberOfTimedOutThings\":0,\"numberOfRejectedThings\":0,\"numberOfRemovedT"
    "hings\":0,\"numberOfCanceledThings\":0},\"isConcurrent\":false}}";

static struct MHD_Response *g_response;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **req_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)upload_data;
    static int marker;
    if (*req_cls == NULL) { /* headers complete; wait for the body */
        *req_cls = &marker;
        return MHD_YES;
    }
    if (*upload_size > 0) { /* discard the body */
        *upload_size = 0;
        return MHD_YES;
    }
    return MHD_queue_response(conn, MHD_HTTP_OK, g_response);
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    if (s == NULL || *s == '\0' || *s == '-') return false;
    errno = 0;
    char *end = NULL;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > max) return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    unsigned long port = 0, threads = 4, connections = 4096; /* jobsref's defaults */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc && parse_uint(argv[i + 1], 65535, &port)) {
            i++;
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc && parse_uint(argv[i + 1], 256, &threads) &&
                   threads > 0) {
            i++;
        } else if (strcmp(argv[i], "--max-connections") == 0 && i + 1 < argc &&
                   parse_uint(argv[i + 1], 1000000, &connections) && connections > 0) {
            i++;
        } else {
            fprintf(stderr, "usage: bench_server_bare [--port N] [--threads N] [--max-connections N]\n");
            return 2;
        }
    }

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    g_response = MHD_create_response_from_buffer(sizeof BODY - 1, (void *)BODY, MHD_RESPMEM_PERSISTENT);
    if (g_response == NULL) return 1;
    MHD_add_response_header(g_response, "Content-Type", "application/json");
    MHD_add_response_header(g_response, "x-amzn-RequestId", "00000000-0000-4000-a000-000000000000");

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, answer, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_TIMEOUT_S,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        CLIENT_CONNECTION_LIMIT, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONNECTION_MEMORY_LIMIT, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "bench_server_bare: cannot listen on port %lu\n", port);
        MHD_destroy_response(g_response);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("bare http://127.0.0.1:%u\n", info ? (unsigned)info->port : (unsigned)port);
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    MHD_destroy_response(g_response);
    return 0;
}
