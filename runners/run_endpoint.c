/* Step 3 of `jobsconf run`: the endpoint. Starts the bundled jobsref when no
 * --endpoint is given, names the run (prefix), and probes both planes before
 * the first scenario: unreachable is exit 3, a URL that answers but not as
 * the Jobs plane it should be is a configuration error (exit 2). */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jc_mqtt.h"
#include "jc_runner.h"
#ifdef JC_HAVE_SERVER
#include "jr_server.h"
#endif

static void random_hex(char *out, size_t n)
{
    unsigned char b[16] = {0};
    int fd = open("/dev/urandom", O_RDONLY);
    bool ok = fd >= 0 && read(fd, b, sizeof b) == (ssize_t)sizeof b;
    if (fd >= 0) close(fd);
    if (!ok) {
        unsigned long s = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
        for (size_t i = 0; i < sizeof b; i++) b[i] = (unsigned char)(s >> (i % 8 * 8));
    }
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) out[i] = hex[(b[i / 2] >> ((i % 2) * 4)) & 15];
    out[n] = '\0';
}

int jc_runner_start_embedded(jc_runner *r, char *err, size_t err_len)
{
#ifdef JC_HAVE_SERVER
    jr_server_options so;
    jr_server_options_default(&so);
    so.host = "127.0.0.1";
    so.control_port = 0;
    so.data_port = 0;
    so.region = r->cfg.region;
    so.virtual_clock = true;
    so.deletion_delay_ms = 1000;
    so.admin = true;
    so.quiet = true;
    /* MQTT: the user's broker, else a private mosquitto; without one the
       MQTT scenarios SKIP */
    if (!r->cfg.mqtt_endpoint) {
        char why[256];
        jc_broker *broker = jc_broker_start(why, sizeof why);
        r->broker = broker;
        if (broker) jc_config_set(&r->cfg, "mqtt-endpoint", jc_broker_url(broker), "embedded", why, sizeof why);
        else fprintf(stderr, "jobsconf: no MQTT broker for the bundled jobsref (%s): MQTT scenarios will SKIP\n", why);
    }
    if (r->cfg.mqtt_endpoint && strncmp(r->cfg.mqtt_endpoint, "mqtt://", 7) == 0) so.mqtt_url = r->cfg.mqtt_endpoint;
    /* Authentication on, with a credential made for this run that the
       runner signs with; the admin token is read back from the server. */
    char akid[24], secret[40];
    memcpy(akid, "AKIDJC", 6);
    random_hex(akid + 6, 14);
    for (char *p = akid; *p; p++) *p = (char)toupper((unsigned char)*p);
    random_hex(secret, 32);
    so.auth = true;
    so.auth_access_key_id = akid;
    so.auth_secret = secret;
    jr_server *server = jr_server_start(&so, err, err_len);
    if (!server) return -1;
    r->server = server;
    free(r->cfg.access_key);
    free(r->cfg.secret_key);
    free(r->cfg.session_token);
    free(r->cfg.admin_token);
    r->cfg.access_key = strdup(akid);
    r->cfg.secret_key = strdup(secret);
    r->cfg.session_token = NULL;
    r->cfg.admin_token = strdup(jr_server_admin_token(server));
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)jr_server_control_port(server));
    r->control = strdup(url);
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)jr_server_data_port(server));
    r->data = strdup(url);
    return r->control && r->data ? 0 : -1;
#else
    snprintf(err, err_len, "built without the bundled jobsref server: give --endpoint");
    (void)r;
    return -1;
#endif
}

/* Sends one unsigned ListJobs: whether the endpoint enforces authentication,
 * stated in the report header (the auth suite checks it in detail). */
static void probe_authentication(const jc_config *cfg, const char *control, char *out, size_t len)
{
    char err[256];
    jc_client_options co = {.region = cfg->region, .timeout_s = cfg->timeout_s, .ca_bundle = cfg->ca_bundle,
                            .insecure = cfg->insecure};
    jc_client *c = jc_client_new(&co, err, sizeof err);
    if (!c) {
        snprintf(out, len, "unknown (%.100s)", err);
        return;
    }
    char url[2200];
    snprintf(url, sizeof url, "%s/jobs?maxResults=1", control);
    jc_exchange ex;
    jc_response *resp = NULL;
    if (jc_client_call_raw(c, "GET", url, NULL, NULL, &ex, &resp) != 0 || !resp)
        snprintf(out, len, "unknown (an unsigned ListJobs failed: %.80s)", ex.transport_error ? ex.transport_error : "?");
    else if (resp->status == 403 || resp->status == 401)
        snprintf(out, len, "enforced (an unsigned ListJobs got HTTP %d %.60s)", resp->status,
                 resp->error_code ? resp->error_code : "");
    else
        snprintf(out, len, "NOT enforced (an unsigned ListJobs got HTTP %d)", resp->status);
    jc_response_free(resp);
    jc_exchange_clear(&ex);
    jc_client_free(c);
}

int jc_runner_endpoint(jc_runner *r)
{
    char err[1024];
    r->embedded = r->cfg.endpoint == NULL;
    if (r->embedded) {
        if (jc_runner_start_embedded(r, err, sizeof err) != 0) {
            fprintf(stderr, "jobsconf: could not start the bundled jobsref: %s\n", err);
            jc_runner_set_incomplete(r, "could not start the bundled jobsref: %s", err);
            return EXIT_HARNESS;
        }
    } else {
        r->control = strdup(r->cfg.endpoint);
        r->data = strdup(r->cfg.data_endpoint ? r->cfg.data_endpoint : r->cfg.endpoint);
    }
    char rnd[8];
    random_hex(rnd, 6);
    snprintf(r->prefix, sizeof r->prefix, "jc%s", r->cfg.prefix ? r->cfg.prefix : rnd);

    jc_env_options eo = {&r->cfg, r->control, r->data, r->prefix, r->embedded};
    r->env = r->control && r->data ? jc_env_new(&eo, err, sizeof err) : NULL;
    if (!r->env) {
        fprintf(stderr, "jobsconf: %s\n", err);
        jc_runner_set_incomplete(r, "%s", err);
        return EXIT_HARNESS;
    }
    jc_env_watch_signal(r->env, &jc_signal_received);
    if (r->cfg.max_time_s > 0) {
        /* the scenarios stop early enough to leave the cleanup and the
           reports their share of --max-time */
        double reserve = r->cfg.max_time_s / 5 < 10 ? r->cfg.max_time_s / 5 : 10;
        jc_env_set_deadline(r->env, r->t0 + r->cfg.max_time_s - reserve);
    }
    int probe = jc_env_probe(r->env, err, sizeof err);
    if (probe != 0) {
        jc_console_escaped(stderr, "jobsconf: %s%s", probe == -1 ? "endpoint unreachable: " : "", err);
        jc_runner_set_incomplete(r, "%s%s", probe == -1 ? "endpoint unreachable: " : "configuration error: ", err);
        return probe == -1 ? EXIT_HARNESS : EXIT_USAGE;
    }
    if (jc_env_discover(r->env, err, sizeof err) != 0) {
        jc_console_escaped(stderr, "jobsconf: could not prepare the run against %s: %s", r->control, err);
        jc_runner_set_incomplete(r, "could not prepare the run: %s", err);
        return EXIT_HARNESS;
    }
    printf("jobsconf %s: %zu scenario(s) against %s%s (data plane %s), prefix %s%s\n", JC_VERSION, r->plan_count,
           r->control, r->embedded ? " (bundled jobsref)" : "", r->data, r->prefix,
           jc_env_virtual_clock(r->env) ? ", virtual clock" : "");
    probe_authentication(&r->cfg, r->control, r->auth_state, sizeof r->auth_state);
    jc_console_escaped(stdout, "jobsconf: authentication %s", r->auth_state);
    jc_console_skip_forecast(r);
    fflush(stdout);
    return 0;
}
