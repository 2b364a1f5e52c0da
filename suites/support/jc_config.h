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
    bool slow;               /* real-time waits for clock scenarios */
    int jobs;                /* parallel workers, 1.. */
    bool verbose;
    char *config_file;       /* the file that was read, or NULL */
    /* credentials (never reported) */
    char *access_key;
    char *secret_key;
    char *session_token;
    char *admin_token;       /* jobsref's admin token (--admin-token); never reported */
} jc_config;

/* Looks up an environment variable; NULL when unset. */
typedef const char *(*jc_env_fn)(const char *name, void *arg);

void jc_config_init(jc_config *cfg); /* defaults */
void jc_config_free(jc_config *cfg);

/* Fills cfg from argv (the options after the `run` word: argv[0] is the
 * first option), the environment (env NULL: getenv) and the config file.
 * Returns 0, or -1 with a message naming the bad flag, variable, file line or
 * value in err (a usage error: exit 2). */
int jc_config_load(jc_config *cfg, int argc, char **argv, jc_env_fn env, void *env_arg,
                   char *err, size_t err_len);

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
