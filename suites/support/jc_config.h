/* Settings of a conformance run. Precedence, highest first: command-line
 * flags, JOBSCONF_* environment variables, the config file (--config FILE or
 * JOBSCONF_CONFIG), defaults. The file holds `key = value` lines with the
 * flag names as keys (`data-endpoint = http://...`; `_` may stand for `-`;
 * `#` starts a comment). The environment variable of a setting is JOBSCONF_
 * plus its name upper-cased with `-` as `_` (JOBSCONF_DATA_ENDPOINT). List
 * settings (suite, tag, requirement) take repeated flags, or comma-separated
 * values in the environment and the file; a higher layer replaces a lower
 * layer's list. Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
 * and AWS_SESSION_TOKEN only. */
#ifndef JC_CONFIG_H
#define JC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jc_strlist {
    char **items;
    size_t count;
} jc_strlist;

typedef struct jc_config {
    char *endpoint;          /* NULL: start the embedded reference */
    char *data_endpoint;     /* NULL: same as endpoint */
    char *region;            /* "us-east-1" */
    char *signing_name;      /* "execute-api" */
    char *data_signing_name; /* "iot-jobs-data" */
    jc_strlist suites, tags, requirements;
    char *baseline;          /* NULL: none */
    char *report_dir;        /* "jobsconf-reports" */
    char *format;            /* "all" */
    char *prefix;            /* NULL: random */
    double timeout_s;        /* 10: per request (connect and total) */
    double poll_deadline_s;  /* 10: default deadline of jc_poll */
    /* 1: how long a device scenario waits for an MQTT message that must not
       arrive, where the endpoint gives no ordering guarantee (jc_mqtt.h) */
    double quiet_window_s;
    bool mqtt_windows;       /* wait out the windows even where it gives one */
    int max_retries;         /* 3: retries of a throttled request (jc_client_retryable); 0: none */
    bool slow;               /* real-time waits for clock scenarios */
    int jobs;                /* parallel workers, 1.. */
    bool verbose;
    bool strict;             /* failed SHOULD/MAY checks fail the run too */
    char *config_file;       /* the file that was read, or NULL */
    /* device MQTT API: mqtt://host:port or mqtts://host:port; NULL = none
     * (the embedded run starts its own broker). CA, client certificate and
     * key files (PEM) for mqtts, e.g. AWS IoT Core's mutual TLS. */
    char *mqtt_endpoint;
    char *mqtt_ca;
    char *mqtt_cert;
    char *mqtt_key;
    double max_time_s;       /* 0: no limit for the whole run */
    char *transcripts;       /* "failures" (default), "all" or "none" */
    char *ca_bundle;         /* NULL: CURL_CA_BUNDLE, SSL_CERT_FILE, the system's */
    bool insecure;           /* no TLS verification (every report says so) */
    /* flags of other subcommands (never from the environment or a file) */
    bool json;               /* list --json */
    char *from;              /* report --from FILE */
    bool yes;                /* clean --yes */
    bool help;               /* --help given: nothing else was checked */
    jc_strlist args;         /* positional arguments (diff OLD NEW) */
    /* credentials (never reported) */
    char *access_key;
    char *secret_key;
    char *session_token;
    char *admin_token;       /* jobsref's admin token (--admin-token); never reported */
} jc_config;

/* Looks up an environment variable; NULL when unset. */
typedef const char *(*jc_env_fn)(const char *name, void *arg);

/* The subcommand whose options are parsed: each accepts its own subset. */
typedef enum jc_command {
    JC_CMD_RUN = 1 << 0,
    JC_CMD_LIST = 1 << 1,
    JC_CMD_REPORT = 1 << 2,
    JC_CMD_DIFF = 1 << 3,
    JC_CMD_CLEAN = 1 << 4,
} jc_command;

void jc_config_init(jc_config *cfg); /* defaults */
void jc_config_free(jc_config *cfg);

/* Fills cfg from argv (the options after the `run` word: argv[0] is the
 * first option), the environment (env NULL: getenv) and the config file.
 * Returns 0, or -1 with a message naming the bad flag, variable, file line or
 * value in err (a usage error: exit 2). */
int jc_config_load(jc_config *cfg, int argc, char **argv, jc_env_fn env, void *env_arg,
                   char *err, size_t err_len);
/* The same for any subcommand: options it does not take are usage errors;
 * `--help` anywhere sets cfg->help and returns 0 at once. Positional
 * arguments are kept in cfg->args for JC_CMD_DIFF only. With env NULL the
 * process environment is also checked for unknown JOBSCONF_* names. */
int jc_config_load_cmd(jc_config *cfg, jc_command cmd, int argc, char **argv, jc_env_fn env, void *env_arg,
                       char *err, size_t err_len);

/* Checks environment variable names (NULL-terminated, "NAME=value" or
 * "NAME"): any JOBSCONF_* that names no setting is an error naming it. Returns 0 or -1 with a message. Pure. */
int jc_config_check_env_names(const char *const *names, char *err, size_t err_len);

/* Checks an endpoint URL: http or https, a host, no query or fragment, at
 * most JC_MAX_URL characters. Returns 0 or -1 with a message. */
#define JC_MAX_URL 2048
int jc_config_check_url(const char *what, const char *url, char *err, size_t err_len);

/* Sets one setting by its flag name ("data-endpoint"; "_" accepted for "-").
 * `origin` names where the value came from, for messages. Returns 0 or -1
 * with a message. For list settings the value is comma-separated and is
 * appended. */
int jc_config_set(jc_config *cfg, const char *key, const char *value, const char *origin,
                  char *err, size_t err_len);

/* The effective settings as key/value pairs for the report, secrets never
 * included: calls fn once per setting. */
void jc_config_each(const jc_config *cfg, void (*fn)(const char *key, const char *value, void *arg),
                    void *arg);

void jc_strlist_free(jc_strlist *l);
int jc_strlist_add(jc_strlist *l, const char *s);

#ifdef __cplusplus
}
#endif
#endif
