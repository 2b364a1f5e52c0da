/* Settings of a run: see jc_config.h. */
#include "jc_config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

typedef enum { K_STR, K_LIST, K_BOOL, K_DOUBLE, K_INT, K_RETRIES } key_kind;

typedef struct key_def {
    const char *name;
    key_kind kind;
    size_t offset;
    bool takes_value; /* as a flag */
    unsigned cmds;    /* jc_command bits of the subcommands that take it */
    bool flag_only;   /* never from the environment or a config file */
} key_def;

#define RUN JC_CMD_RUN
#define CLEAN JC_CMD_CLEAN
#define KD(n, k, f, v, c) {n, k, offsetof(jc_config, f), v, c, false}
#define KF(n, k, f, v, c) {n, k, offsetof(jc_config, f), v, c, true}
static const key_def KEYS[] = {
    KD("endpoint", K_STR, endpoint, true, RUN | CLEAN),
    KD("data-endpoint", K_STR, data_endpoint, true, RUN | CLEAN),
    KD("region", K_STR, region, true, RUN | CLEAN),
    KD("signing-name", K_STR, signing_name, true, RUN | CLEAN),
    KD("data-signing-name", K_STR, data_signing_name, true, RUN | CLEAN),
    KD("suite", K_LIST, suites, true, RUN | JC_CMD_LIST),
    KD("tag", K_LIST, tags, true, RUN | JC_CMD_LIST),
    KD("requirement", K_LIST, requirements, true, RUN | JC_CMD_LIST),
    KD("baseline", K_STR, baseline, true, RUN),
    KD("report-dir", K_STR, report_dir, true, RUN | JC_CMD_REPORT),
    KD("format", K_STR, format, true, RUN | JC_CMD_REPORT),
    KD("prefix", K_STR, prefix, true, RUN | CLEAN),
    KD("timeout", K_DOUBLE, timeout_s, true, RUN | CLEAN),
    KD("poll-deadline", K_DOUBLE, poll_deadline_s, true, RUN),
    KD("quiet-window", K_DOUBLE, quiet_window_s, true, RUN),
    KD("mqtt-windows", K_BOOL, mqtt_windows, false, RUN),
    KD("max-retries", K_RETRIES, max_retries, true, RUN | CLEAN),
    KD("slow", K_BOOL, slow, false, RUN),
    KD("jobs", K_INT, jobs, true, RUN),
    KD("verbose", K_BOOL, verbose, false, RUN),
    KD("strict", K_BOOL, strict, false, RUN),
    KD("config", K_STR, config_file, true, RUN | CLEAN),
    KD("admin-token", K_STR, admin_token, true, RUN), /* a secret: jc_config_each skips it */
    KD("max-time", K_DOUBLE, max_time_s, true, RUN | CLEAN),
    KD("transcripts", K_STR, transcripts, true, RUN),
    KD("ca-bundle", K_STR, ca_bundle, true, RUN | CLEAN),
    KD("insecure", K_BOOL, insecure, false, RUN | CLEAN),
    KD("mqtt-endpoint", K_STR, mqtt_endpoint, true, RUN),
    KD("mqtt-ca", K_STR, mqtt_ca, true, RUN),
    KD("mqtt-cert", K_STR, mqtt_cert, true, RUN),
    KD("mqtt-key", K_STR, mqtt_key, true, RUN),
    KF("json", K_BOOL, json, false, JC_CMD_LIST),
    KF("from", K_STR, from, true, JC_CMD_REPORT),
    KF("yes", K_BOOL, yes, false, CLEAN),
    KF("help", K_BOOL, help, false, 0xFF),
};
#undef RUN
#undef CLEAN
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

void jc_strlist_free(jc_strlist *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->count; i++) free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

int jc_strlist_add(jc_strlist *l, const char *s)
{
    char **n = realloc(l->items, (l->count + 1) * sizeof *n);
    if (!n) return -1;
    l->items = n;
    if (!(l->items[l->count] = strdup(s))) return -1;
    l->count++;
    return 0;
}

static void set_str(char **slot, const char *v)
{
    free(*slot);
    *slot = v ? strdup(v) : NULL;
}

void jc_config_init(jc_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    set_str(&cfg->region, "us-east-1");
    set_str(&cfg->signing_name, "execute-api");
    set_str(&cfg->data_signing_name, "iot-jobs-data");
    set_str(&cfg->report_dir, "jobsconf-reports");
    set_str(&cfg->format, "all");
    set_str(&cfg->transcripts, "failures");
    cfg->timeout_s = 10;
    cfg->poll_deadline_s = 10;
    cfg->quiet_window_s = 1;
    cfg->max_retries = 3;
    cfg->jobs = 1;
}

void jc_config_free(jc_config *cfg)
{
    if (!cfg) return;
    for (size_t i = 0; i < NKEYS; i++) {
        void *slot = (char *)cfg + KEYS[i].offset;
        if (KEYS[i].kind == K_STR) { free(*(char **)slot); *(char **)slot = NULL; }
        if (KEYS[i].kind == K_LIST) jc_strlist_free((jc_strlist *)slot);
    }
    free(cfg->access_key);
    free(cfg->secret_key);
    free(cfg->session_token);
    free(cfg->admin_token);
    cfg->admin_token = NULL;
    cfg->access_key = cfg->secret_key = cfg->session_token = NULL;
    jc_strlist_free(&cfg->args);
}

static const key_def *find_key(const char *key)
{
    char norm[64];
    size_t n = strlen(key);
    if (n == 0 || n >= sizeof norm) return NULL;
    for (size_t i = 0; i <= n; i++) norm[i] = key[i] == '_' ? '-' : (char)tolower((unsigned char)key[i]);
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(KEYS[i].name, norm) == 0 && !KEYS[i].flag_only) return &KEYS[i];
    return NULL;
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *yes[] = {"1", "true", "yes", "on"}, *no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) { *out = true; return true; }
        if (strcasecmp(v, no[i]) == 0) { *out = false; return true; }
    }
    return false;
}

static int set_def(jc_config *cfg, const key_def *k, const char *value, const char *origin,
                   char *err, size_t err_len)
{
    void *slot = (char *)cfg + k->offset;
    switch (k->kind) {
    case K_STR:
        if (value[0] == '\0') {
            snprintf(err, err_len, "%s: %s: empty value", origin, k->name);
            return -1;
        }
        set_str((char **)slot, value);
        return *(char **)slot ? 0 : -1;
    case K_LIST: {
        char *copy = strdup(value);
        if (!copy) return -1;
        char *save = NULL;
        int rc = 0;
        bool any = false;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            while (isspace((unsigned char)*tok)) tok++;
            size_t n = strlen(tok);
            while (n && isspace((unsigned char)tok[n - 1])) tok[--n] = '\0';
            if (n == 0) continue;
            any = true;
            if (jc_strlist_add((jc_strlist *)slot, tok) != 0) { rc = -1; break; }
        }
        free(copy);
        if (rc == 0 && !any) {
            snprintf(err, err_len, "%s: %s: empty value", origin, k->name);
            return -1;
        }
        return rc;
    }
    case K_BOOL:
        if (!parse_bool(value, (bool *)slot)) {
            snprintf(err, err_len, "%s: %s: '%s' is not a boolean (true/false)", origin, k->name, value);
            return -1;
        }
        return 0;
    case K_DOUBLE: {
        char *end = NULL;
        errno = 0;
        double d = strtod(value, &end);
        if (errno || end == value || *end != '\0' || !isfinite(d) || d <= 0 || d > 86400) {
            snprintf(err, err_len, "%s: %s: '%s' is not a number of seconds in (0, 86400]", origin,
                     k->name, value);
            return -1;
        }
        *(double *)slot = d;
        return 0;
    }
    case K_INT: {
        char *end = NULL;
        errno = 0;
        long l = strtol(value, &end, 10);
        if (errno || end == value || *end != '\0' || l < 1 || l > 64) {
            snprintf(err, err_len, "%s: %s: '%s' is not an integer in 1..64", origin, k->name, value);
            return -1;
        }
        *(int *)slot = (int)l;
        return 0;
    }
    case K_RETRIES: {
        char *end = NULL;
        errno = 0;
        long l = strtol(value, &end, 10);
        if (errno || end == value || *end != '\0' || l < 0 || l > 10) {
            snprintf(err, err_len, "%s: %s: '%s' is not an integer in 0..10", origin, k->name, value);
            return -1;
        }
        *(int *)slot = (int)l;
        return 0;
    }
    }
    return -1;
}

int jc_config_set(jc_config *cfg, const char *key, const char *value, const char *origin,
                  char *err, size_t err_len)
{
    const key_def *k = find_key(key);
    if (!k) {
        snprintf(err, err_len, "%s: unknown setting '%s'", origin, key);
        return -1;
    }
    return set_def(cfg, k, value, origin, err, err_len);
}

/* One layer of settings (flags, env or file) before it is applied. */
typedef struct layer_item {
    const key_def *key;
    char *value;
    char origin[96];
} layer_item;

typedef struct layer {
    layer_item *items;
    size_t count;
} layer;

static int layer_add(layer *l, const key_def *k, const char *value, const char *origin)
{
    layer_item *n = realloc(l->items, (l->count + 1) * sizeof *n);
    if (!n) return -1;
    l->items = n;
    layer_item *it = &l->items[l->count];
    it->key = k;
    if (!(it->value = strdup(value))) return -1;
    snprintf(it->origin, sizeof it->origin, "%s", origin);
    l->count++;
    return 0;
}

static void layer_free(layer *l)
{
    for (size_t i = 0; i < l->count; i++) free(l->items[i].value);
    free(l->items);
}

static int layer_apply(jc_config *cfg, const layer *l, char *err, size_t err_len)
{
    /* a list named in this layer replaces the lower layers' list */
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].key->kind == K_LIST)
            jc_strlist_free((jc_strlist *)((char *)cfg + l->items[i].key->offset));
    for (size_t i = 0; i < l->count; i++)
        if (set_def(cfg, l->items[i].key, l->items[i].value, l->items[i].origin, err, err_len) != 0)
            return -1;
    return 0;
}

static int read_file_layer(const char *path, layer *l, char *err, size_t err_len)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_len, "config file %s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0, rc = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        char origin[96];
        snprintf(origin, sizeof origin, "%.70s:%d", path, lineno);
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *s = line;
        while (isspace((unsigned char)*s)) s++;
        size_t len = strlen(s);
        while (len && isspace((unsigned char)s[len - 1])) s[--len] = '\0';
        if (len == 0) continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, err_len, "%s: expected 'key = value'", origin);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *key = s, *value = eq + 1;
        size_t kl = strlen(key);
        while (kl && isspace((unsigned char)key[kl - 1])) key[--kl] = '\0';
        while (isspace((unsigned char)*value)) value++;
        const key_def *k = find_key(key);
        if (!k || strcmp(k->name, "config") == 0) {
            snprintf(err, err_len, "%s: unknown setting '%s'", origin, key);
            rc = -1;
            break;
        }
        if (layer_add(l, k, value, origin) != 0) { rc = -1; break; }
    }
    free(line);
    fclose(f);
    return rc;
}

static const char *env_get(jc_env_fn env, void *arg, const char *name)
{
    const char *v = env ? env(name, arg) : getenv(name);
    return v && v[0] ? v : NULL;
}

int jc_config_check_env_names(const char *const *names, char *err, size_t err_len)
{
    for (size_t i = 0; names && names[i]; i++) {
        const char *n = names[i];
        if (strncmp(n, "JOBSCONF_", 9) != 0) continue;
        size_t len = strcspn(n, "=");
        char name[64];
        if (len - 9 >= sizeof name || len == 9) {
            snprintf(err, err_len, "environment: unknown variable '%.*s' (see jobsconf run --help)", (int)(len > 80 ? 80 : len), n);
            return -1;
        }
        memcpy(name, n + 9, len - 9);
        name[len - 9] = '\0';
        bool upper = true; /* JOBSCONF_DATA_ENDPOINT: upper case and '_' only */
        for (char *c = name; *c; c++) upper = upper && !islower((unsigned char)*c) && *c != '-';
        if (!upper || !find_key(name)) {
            snprintf(err, err_len, "environment: unknown variable 'JOBSCONF_%s' (see jobsconf run --help)", name);
            return -1;
        }
    }
    return 0;
}

int jc_config_check_url(const char *what, const char *url, char *err, size_t err_len)
{
    size_t n = strlen(url);
    if (n > JC_MAX_URL) {
        snprintf(err, err_len, "%s: the URL is %zu characters long, more than %d", what, n, JC_MAX_URL);
        return -1;
    }
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *query = NULL, *fragment = NULL;
    int rc = -1;
    if (!u) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    CURLUcode uc = curl_url_set(u, CURLUPART_URL, url, 0);
    if (uc != CURLUE_OK) {
        snprintf(err, err_len, "%s: '%.300s' is not a URL (%s); expected http://host[:port] or https://...", what, url,
                 curl_url_strerror(uc));
        goto out;
    }
    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(u, CURLUPART_HOST, &host, 0);
    curl_url_get(u, CURLUPART_QUERY, &query, 0);
    curl_url_get(u, CURLUPART_FRAGMENT, &fragment, 0);
    if (!scheme || (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0))
        snprintf(err, err_len, "%s: '%.300s': the scheme must be http or https", what, url);
    else if (!host || !*host)
        snprintf(err, err_len, "%s: '%.300s' has no host", what, url);
    else if (query || fragment)
        snprintf(err, err_len, "%s: '%.300s': a query or fragment has no place in an endpoint", what, url);
    else
        rc = 0;
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(query);
    curl_free(fragment);
    curl_url_cleanup(u);
    return rc;
}

extern char **environ;

int jc_config_load(jc_config *cfg, int argc, char **argv, jc_env_fn env, void *env_arg,
                   char *err, size_t err_len)
{
    return jc_config_load_cmd(cfg, JC_CMD_RUN, argc, argv, env, env_arg, err, err_len);
}

int jc_config_load_cmd(jc_config *cfg, jc_command cmd, int argc, char **argv, jc_env_fn env, void *env_arg,
                       char *err, size_t err_len)
{
    layer flags = {0}, envl = {0}, file = {0};
    int rc = -1;
    if (err && err_len) err[0] = '\0';

    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cfg->help = true;
            return 0;
        }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (cmd == JC_CMD_DIFF && strncmp(a, "--", 2) != 0) {
                if (jc_strlist_add(&cfg->args, a) != 0) goto oom;
                continue;
            }
            snprintf(err, err_len, "unexpected argument '%s'", a);
            goto out;
        }
        char name[64];
        const char *eq = strchr(a + 2, '=');
        size_t nlen = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
        if (nlen >= sizeof name) nlen = sizeof name - 1;
        memcpy(name, a + 2, nlen);
        name[nlen] = '\0';
        const key_def *k = NULL;
        for (size_t j = 0; j < NKEYS; j++)
            if (strcmp(KEYS[j].name, name) == 0 && (KEYS[j].cmds & (unsigned)cmd)) k = &KEYS[j];
        if (!k) {
            snprintf(err, err_len, "unknown option '--%s'", name);
            goto out;
        }
        const char *value;
        if (!k->takes_value) {
            value = eq ? eq + 1 : "true";
        } else if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            snprintf(err, err_len, "option '--%s' needs a value", name);
            goto out;
        }
        char origin[80];
        snprintf(origin, sizeof origin, "option --%s", name);
        if (layer_add(&flags, k, value, origin) != 0) goto oom;
    }

    if (!env && jc_config_check_env_names((const char *const *)environ, err, err_len) != 0) goto out;
    for (size_t j = 0; j < NKEYS; j++) {
        if (KEYS[j].flag_only || !(KEYS[j].cmds & (unsigned)cmd)) continue;
        char var[64] = "JOBSCONF_";
        size_t p = strlen(var);
        for (const char *c = KEYS[j].name; *c && p + 1 < sizeof var; c++)
            var[p++] = *c == '-' ? '_' : (char)toupper((unsigned char)*c);
        var[p] = '\0';
        const char *v = env_get(env, env_arg, var);
        if (v && layer_add(&envl, &KEYS[j], v, var) != 0) goto oom;
    }

    /* the config file: --config, else JOBSCONF_CONFIG */
    const char *path = NULL;
    for (size_t i = 0; i < flags.count; i++)
        if (strcmp(flags.items[i].key->name, "config") == 0) path = flags.items[i].value;
    if (!path)
        for (size_t i = 0; i < envl.count; i++)
            if (strcmp(envl.items[i].key->name, "config") == 0) path = envl.items[i].value;
    if (path && read_file_layer(path, &file, err, err_len) != 0) goto out;

    /* a shared config file may hold settings of `run` that this subcommand
       does not take: they are ignored here */
    for (size_t i = 0; i < file.count;)
        if (!(file.items[i].key->cmds & (unsigned)cmd)) {
            free(file.items[i].value);
            file.items[i] = file.items[--file.count];
        } else {
            i++;
        }
    if (layer_apply(cfg, &file, err, err_len) != 0) goto out;
    if (layer_apply(cfg, &envl, err, err_len) != 0) goto out;
    if (layer_apply(cfg, &flags, err, err_len) != 0) goto out;

    const char *ak = env_get(env, env_arg, "AWS_ACCESS_KEY_ID");
    const char *sk = env_get(env, env_arg, "AWS_SECRET_ACCESS_KEY");
    const char *st = env_get(env, env_arg, "AWS_SESSION_TOKEN");
    set_str(&cfg->access_key, ak);
    set_str(&cfg->secret_key, sk);
    set_str(&cfg->session_token, st);
    if (cfg->data_endpoint && !cfg->endpoint) {
        snprintf(err, err_len, "--data-endpoint needs --endpoint");
        goto out;
    }
    if (cfg->mqtt_endpoint && strncmp(cfg->mqtt_endpoint, "mqtt://", 7) != 0 &&
        strncmp(cfg->mqtt_endpoint, "mqtts://", 8) != 0) {
        snprintf(err, err_len, "--mqtt-endpoint must start with mqtt:// or mqtts://");
        goto out;
    }
    if ((cfg->mqtt_cert == NULL) != (cfg->mqtt_key == NULL)) {
        snprintf(err, err_len, "--mqtt-cert and --mqtt-key must be given together");
        goto out;
    }
    if (cfg->endpoint && ((ak == NULL) != (sk == NULL))) {
        snprintf(err, err_len, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
        goto out;
    }
    if (cfg->endpoint && jc_config_check_url("--endpoint", cfg->endpoint, err, err_len) != 0) goto out;
    /* "none": the server has no data plane (moto); data-plane scenarios are BLOCKED */
    if (cfg->data_endpoint && strcmp(cfg->data_endpoint, "none") != 0 &&
        jc_config_check_url("--data-endpoint", cfg->data_endpoint, err, err_len) != 0)
        goto out;
    if (strcmp(cfg->transcripts, "failures") != 0 && strcmp(cfg->transcripts, "all") != 0 &&
        strcmp(cfg->transcripts, "none") != 0) {
        snprintf(err, err_len, "--transcripts: '%s' is not one of failures, all, none", cfg->transcripts);
        goto out;
    }
    if (!cfg->ca_bundle) {
        const char *ca = env_get(env, env_arg, "CURL_CA_BUNDLE");
        if (!ca) ca = env_get(env, env_arg, "SSL_CERT_FILE");
        set_str(&cfg->ca_bundle, ca);
    }
    if (cmd == JC_CMD_DIFF && cfg->args.count != 2) {
        snprintf(err, err_len, "needs OLD.json NEW.json");
        goto out;
    }
    rc = 0;
    goto out;
oom:
    snprintf(err, err_len, "out of memory");
out:
    layer_free(&flags);
    layer_free(&envl);
    layer_free(&file);
    return rc;
}

void jc_config_each(const jc_config *cfg, void (*fn)(const char *key, const char *value, void *arg),
                    void *arg)
{
    char buf[4096];
    for (size_t i = 0; i < NKEYS; i++) {
        if (KEYS[i].flag_only || !(KEYS[i].cmds & JC_CMD_RUN)) continue;
        const void *slot = (const char *)cfg + KEYS[i].offset;
        if (KEYS[i].offset == offsetof(jc_config, admin_token)) continue;
        buf[0] = '\0';
        switch (KEYS[i].kind) {
        case K_STR: {
            const char *s = *(char *const *)slot;
            if (!s) continue;
            snprintf(buf, sizeof buf, "%s", s);
            break;
        }
        case K_LIST: {
            const jc_strlist *l = slot;
            if (l->count == 0) continue;
            size_t p = 0;
            for (size_t j = 0; j < l->count && p < sizeof buf; j++)
                p += (size_t)snprintf(buf + p, sizeof buf - p, "%s%s", j ? "," : "", l->items[j]);
            break;
        }
        case K_BOOL: snprintf(buf, sizeof buf, "%s", *(const bool *)slot ? "true" : "false"); break;
        case K_DOUBLE: snprintf(buf, sizeof buf, "%g", *(const double *)slot); break;
        case K_INT:
        case K_RETRIES: snprintf(buf, sizeof buf, "%d", *(const int *)slot); break;
        }
        fn(KEYS[i].name, buf, arg);
    }
    fn("credentials", cfg->access_key ? "from AWS_* environment" : "none (dummy)", arg);
}
