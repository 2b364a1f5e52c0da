/* `jobsconf fuzz`: the command line, the campaign loop, shrinking and the
 * reproduction files and reports. The engine is jc_fuzz_engine.c, the
 * comparison table jc_fuzz_compare.c; docs/fuzzing.md describes it all. */
#include "jc_fuzz.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "jc_fuzz_engine.h"
#include "jc_report.h"
#include "jc_results.h"
#ifdef JC_HAVE_CATALOGUE
#include "requirements.h"
#endif
#ifdef JC_HAVE_SERVER
#include "jr_server.h"
#endif

enum { EXIT_OK = 0, EXIT_DIVERGENCE = 1, EXIT_USAGE = 2, EXIT_HARNESS = 3 };

#define MAX_STEPS_PER_SEQ 200
#define MAX_FAULTS 8

static const char USAGE[] =
    "usage: jobsconf fuzz [options]        stateful differential fuzzing against the reference model\n"
    "  --endpoint URL           control plane to fuzz; none: start the bundled jobsref\n"
    "  --admin-token T          jobsref's admin token (also JOBSCONF_ADMIN_TOKEN), for its clock\n"
    "  --data-endpoint URL      data plane (default: the control endpoint)\n"
    "  --seed N                 first seed of the campaign (default: random); sequence i uses seed N+i\n"
    "  --runs N                 number of sequences (default: until --duration)\n"
    "  --duration S             seconds of fuzzing (default 60 when --runs is not given)\n"
    "  --steps N                operations per sequence after its setup (default 24)\n"
    "  --replay FILE            run one reproduction file instead of generating\n"
    "  --report-dir DIR         where the reproduction and the reports go (jobsconf-fuzz)\n"
    "  --prefix P               resource names start with jcfzP- (default: 6 random hex)\n"
    "  --region R               SigV4 region (us-east-1)\n"
    "  --signing-name NAME      control-plane signing name (execute-api; moto: iot)\n"
    "  --data-signing-name NAME data-plane signing name (iot-jobs-data)\n"
    "  --deletion-delay MS      how long the endpoint keeps DELETION_IN_PROGRESS on its clock (2000,\n"
    "                           jobsref's default; the bundled server is started with it)\n"
    "  --timeout S              per-request timeout in seconds (10)\n"
    "  --no-clock               never move the endpoint's clock (no time steps)\n"
    "  --no-shrink              write the first diverging sequence as found\n"
    "  --fault NAME             bundled jobsref only: break one rule (repeatable; jobsref --help lists them)\n"
    "  --quiet                  no progress lines\n"
    "credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN\n"
    "exit: 0 no divergence, 1 a divergence (reproduction written), 2 usage error,\n"
    "      3 the endpoint could not be driven\n";

typedef struct opts {
    const char *endpoint, *data_endpoint, *replay, *report_dir, *prefix, *region, *sign_c, *sign_d;
    const char *admin_token; /* --admin-token, or JOBSCONF_ADMIN_TOKEN; the bundled jobsref's own */
    uint64_t seed;
    bool seed_given;
    long runs;
    double duration;
    int steps;
    int64_t deletion_delay;
    double timeout;
    bool no_clock, no_shrink, quiet;
    const char *faults[MAX_FAULTS];
    int nfaults;
} opts;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool parse_num(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

static int parse_opts(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->report_dir = "jobsconf-fuzz";
    o->region = "us-east-1";
    o->steps = 24;
    o->deletion_delay = 2000;
    o->timeout = 10;
    o->duration = -1;
    o->runs = -1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return 1;
        }
        if (strcmp(a, "--no-clock") == 0) { o->no_clock = true; continue; }
        if (strcmp(a, "--no-shrink") == 0) { o->no_shrink = true; continue; }
        if (strcmp(a, "--quiet") == 0) { o->quiet = true; continue; }
        if (i + 1 >= argc) {
            fprintf(stderr, "jobsconf fuzz: %s: unknown option or missing value\n%s", a, USAGE);
            return -1;
        }
        const char *v = argv[++i];
        double d;
        if (strcmp(a, "--endpoint") == 0) o->endpoint = v;
        else if (strcmp(a, "--data-endpoint") == 0) o->data_endpoint = v;
        else if (strcmp(a, "--admin-token") == 0) o->admin_token = v;
        else if (strcmp(a, "--replay") == 0) o->replay = v;
        else if (strcmp(a, "--report-dir") == 0) o->report_dir = v;
        else if (strcmp(a, "--prefix") == 0) o->prefix = v;
        else if (strcmp(a, "--region") == 0) o->region = v;
        else if (strcmp(a, "--signing-name") == 0) o->sign_c = v;
        else if (strcmp(a, "--data-signing-name") == 0) o->sign_d = v;
        else if (strcmp(a, "--fault") == 0 && o->nfaults < MAX_FAULTS) o->faults[o->nfaults++] = v;
        else if (strcmp(a, "--seed") == 0 && parse_num(v, 0, 9007199254740991.0, &d)) {
            o->seed = (uint64_t)d;
            o->seed_given = true;
        } else if (strcmp(a, "--runs") == 0 && parse_num(v, 1, 1e12, &d)) o->runs = (long)d;
        else if (strcmp(a, "--duration") == 0 && parse_num(v, 0.001, 1e9, &d)) o->duration = d;
        else if (strcmp(a, "--steps") == 0 && parse_num(v, 0, MAX_STEPS_PER_SEQ, &d)) o->steps = (int)d;
        else if (strcmp(a, "--deletion-delay") == 0 && parse_num(v, 0, 1e9, &d)) o->deletion_delay = (int64_t)d;
        else if (strcmp(a, "--timeout") == 0 && parse_num(v, 0.1, 3600, &d)) o->timeout = d;
        else {
            fprintf(stderr, "jobsconf fuzz: %s %s: unknown option or bad value\n%s", a, v, USAGE);
            return -1;
        }
    }
    if (o->prefix) {
        size_t n = strlen(o->prefix);
        for (size_t i = 0; i < n; i++)
            if (!isalnum((unsigned char)o->prefix[i])) n = 0;
        if (n == 0 || n > 16) {
            fprintf(stderr, "jobsconf fuzz: --prefix: '%s' must be 1..16 letters or digits\n", o->prefix);
            return -1;
        }
    }
    if (o->nfaults && o->endpoint) {
        fprintf(stderr, "jobsconf fuzz: --fault applies to the bundled jobsref only (no --endpoint)\n");
        return -1;
    }
    if (o->runs < 0 && o->duration < 0) o->duration = 60;
    return 0;
}

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

/* ---- sequences as steps --------------------------------------------------------- */

typedef struct steps {
    uint8_t **p;
    size_t *n;
    size_t count;
} steps;

static void steps_free(steps *s)
{
    for (size_t i = 0; i < s->count; i++) free(s->p[i]);
    free(s->p);
    free(s->n);
    memset(s, 0, sizeof *s);
}

static int steps_from_bytes(const uint8_t *d, size_t len, steps *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = len + 1;
    size_t *off = calloc(cap, sizeof *off);
    if (!off) return -1;
    size_t n = jc_fz_split(d, len, off, cap);
    out->p = calloc(n ? n : 1, sizeof *out->p);
    out->n = calloc(n ? n : 1, sizeof *out->n);
    if (!out->p || !out->n) {
        free(off);
        steps_free(out);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t end = i + 1 < n ? off[i + 1] : len;
        out->n[i] = end - off[i];
        out->p[i] = malloc(out->n[i]);
        if (out->p[i]) memcpy(out->p[i], d + off[i], out->n[i]);
        out->count++;
    }
    free(off);
    return 0;
}

/* Concatenates the steps whose keep[] is set (all when keep is NULL). */
static uint8_t *steps_bytes(const steps *s, const bool *keep, size_t *len)
{
    size_t total = 0;
    for (size_t i = 0; i < s->count; i++)
        if (!keep || keep[i]) total += s->n[i];
    uint8_t *b = malloc(total ? total : 1);
    if (!b) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < s->count; i++)
        if (!keep || keep[i]) {
            memcpy(b + o, s->p[i], s->n[i]);
            o += s->n[i];
        }
    *len = total;
    return b;
}

/* ---- shrinking ---------------------------------------------------------------------- */

typedef struct shrinker {
    jc_fz *fz;
    const char *req_id; /* the divergence must stay on this requirement */
    int tries, max_tries;
    bool harness_error;
} shrinker;

static bool diverges(shrinker *sh, const steps *s, const bool *keep)
{
    if (sh->tries >= sh->max_tries || sh->harness_error) return false;
    sh->tries++;
    size_t len;
    uint8_t *b = steps_bytes(s, keep, &len);
    if (!b) return false;
    jc_fz_result r;
    int rc = jc_fz_run(sh->fz, b, len, &r);
    free(b);
    if (rc != 0) sh->harness_error = true;
    bool d = rc == 0 && r.verdict == JC_FZ_DIVERGE && r.recs[r.div_rec].req_id &&
             strcmp(r.recs[r.div_rec].req_id, sh->req_id) == 0;
    jc_fz_result_clear(&r);
    return d;
}

/* Delta debugging (ddmin) over whole steps: remove chunks of the kept steps
 * while the sequence still diverges on the same requirement, each try on a
 * fresh prefix and a fresh model; then single steps once more. */
static void shrink(shrinker *sh, const steps *s, bool *keep)
{
    size_t n = 2;
    bool *cand = malloc(s->count ? s->count : 1);
    size_t *idx = malloc((s->count ? s->count : 1) * sizeof *idx);
    if (!cand || !idx) {
        free(cand);
        free(idx);
        return;
    }
    for (;;) {
        size_t kept = 0;
        for (size_t i = 0; i < s->count; i++)
            if (keep[i]) idx[kept++] = i;
        if (kept < 2 || n > kept) break;
        bool reduced = false;
        for (size_t c = 0; c < n && !reduced; c++) {
            size_t lo = kept * c / n, hi = kept * (c + 1) / n;
            memcpy(cand, keep, s->count);
            for (size_t k = lo; k < hi; k++) cand[idx[k]] = false;
            if (diverges(sh, s, cand)) {
                memcpy(keep, cand, s->count);
                reduced = true;
            }
        }
        if (sh->tries >= sh->max_tries || sh->harness_error) break;
        if (reduced) n = n > 2 ? n - 1 : 2;
        else if (n >= kept) break;
        else n = n * 2 < kept ? n * 2 : kept;
    }
    free(cand);
    free(idx);
}

/* Makes a step's bytes exactly what the grammar consumes of them: extra
 * bytes are cut, missing ones (read as 0) are written as 0, so a changed
 * parameter byte never shifts the next step. */
static void fit_step(steps *s, size_t i)
{
    size_t n = s->n[i];
    uint8_t *buf = calloc(n + 32, 1);
    if (!buf) return;
    memcpy(buf, s->p[i], n);
    size_t off[2] = {0, n + 32};
    if (jc_fz_split(buf, n + 32, off, 2) < 2) off[1] = n + 32;
    size_t used = off[1];
    uint8_t *fit = realloc(s->p[i], used ? used : 1);
    if (fit) {
        memcpy(fit, buf, used);
        s->p[i] = fit;
        s->n[i] = used;
    }
    free(buf);
}

/* Simplifies the parameter bytes of the kept steps: each byte to 0, else
 * each of its set bits cleared, kept when the sequence still diverges on
 * the same requirement (fewer targets, no configs, no forces...). */
static bool simplify(shrinker *sh, steps *s, const bool *keep)
{
    bool changed = false;
    for (size_t i = 0; i < s->count; i++) {
        if (!keep[i]) continue;
        for (size_t k = 1; k < s->n[i]; k++) {
            for (int bit = -1; bit < 8; bit++) {
                if (sh->tries >= sh->max_tries || sh->harness_error) return changed;
                uint8_t old = s->p[i][k];
                uint8_t nb = bit < 0 ? 0 : (uint8_t)(old & ~(1u << bit));
                if (nb == old) continue;
                uint8_t *save = malloc(s->n[i]);
                size_t save_n = s->n[i];
                if (!save) return changed;
                memcpy(save, s->p[i], save_n);
                s->p[i][k] = nb;
                fit_step(s, i);
                if (diverges(sh, s, keep)) {
                    changed = true;
                    free(save);
                    if (bit < 0 || k >= s->n[i]) break;
                } else {
                    free(s->p[i]);
                    s->p[i] = save;
                    s->n[i] = save_n;
                }
            }
        }
    }
    return changed;
}

/* ---- output ------------------------------------------------------------------------- */

static int mkdir_p(const char *dir)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    return mkdir(buf, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

typedef struct found {
    const char *endpoint;
    bool embedded;
    const opts *o;
    uint64_t seed;
    long sequence;
    size_t steps_before;
    bool clock;
} found;

static const char *level_text(const char *req_id)
{
#ifdef JC_HAVE_CATALOGUE
    const jc_requirement *q = jc_requirement_find(req_id);
    if (q) return jc_level_name(q->level);
#endif
    (void)req_id;
    return "?";
}

static const char *statement(const char *req_id)
{
#ifdef JC_HAVE_CATALOGUE
    const jc_requirement *q = jc_requirement_find(req_id);
    if (q) return q->statement;
#endif
    (void)req_id;
    return "";
}

static void iso_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_side(FILE *f, const char *who, int status, const char *type, const char *body)
{
    fprintf(f, "- %s: `%d%s%s`", who, status, type ? " " : "", type ? type : "");
    if (body) fprintf(f, "\n\n  ```json\n  %s\n  ```\n", body);
    else fputc('\n', f);
}

static int write_repro(const char *path, const steps *s, const bool *keep, const found *fd, const jc_fz_result *r)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    char when[32];
    iso_now(when, sizeof when);
    size_t kept = 0;
    for (size_t i = 0; i < s->count; i++) kept += keep[i];
    const jc_fz_record *d = &r->recs[r->div_rec];
    fprintf(f, "# jobsconf fuzz reproduction: jobsconf fuzz --replay THIS_FILE [--endpoint URL]\n");
    fprintf(f, "# found %s against %s%s", when, fd->embedded ? "the bundled jobsref" : fd->endpoint,
            fd->o->nfaults ? " with faults" : "");
    for (int i = 0; i < fd->o->nfaults; i++) fprintf(f, " %s", fd->o->faults[i]);
    if (fd->o->replay)
        fprintf(f, "\n# replayed from %s; %zu steps, shrunk from %zu\n", fd->o->replay, kept, fd->steps_before);
    else
        fprintf(f, "\n# campaign seed %" PRIu64 ", sequence %ld (generated with --seed %" PRIu64 " --steps %d); %zu steps, shrunk from %zu\n",
                fd->o->seed, fd->sequence, fd->seed, fd->o->steps, kept, fd->steps_before);
    fprintf(f, "# divergence: %s: %s (%s %s)\n", d->label, d->why ? d->why : "", d->req_id ? d->req_id : "",
            d->req_id ? level_text(d->req_id) : "");
    fprintf(f, "clock %s\n", fd->clock ? "yes" : "no");
    for (int i = 0; i < fd->o->nfaults; i++) fprintf(f, "fault %s\n", fd->o->faults[i]);
    for (size_t i = 0; i < s->count; i++) {
        if (!keep[i]) continue;
        char desc[512];
        jc_fz_describe_step(s->p[i], s->n[i], desc, sizeof desc);
        fputs("step", f);
        for (size_t k = 0; k < s->n[i]; k++) fprintf(f, " %02x", s->p[i][k]);
        for (char *c = desc; *c; c++)
            if (*c == '\n' || *c == '\r') *c = ' ';
        fprintf(f, "  # %s\n", desc);
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int write_transcript(const char *path, const jc_fz_result *r, const found *fd, const char *repro)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    const jc_fz_record *d = &r->recs[r->div_rec];
    fprintf(f, "# Divergence found by jobsconf fuzz\n\n");
    fprintf(f, "Endpoint: %s%s. Reproduction: `%s` (replay: `jobsconf fuzz --replay %s`).\n\n",
            fd->embedded ? "the bundled jobsref" : fd->endpoint, fd->o->nfaults ? " with deliberate faults" : "",
            repro, repro);
    fprintf(f, "**%s**: %s.\n\n", d->label, d->why ? d->why : "");
    if (d->req_id)
        fprintf(f, "Requirement **%s** (%s): %s\n\n", d->req_id, level_text(d->req_id), statement(d->req_id));
    fprintf(f, "## The minimal sequence, step by step\n\n");
    fprintf(f, "Each request went to the endpoint and to the reference model (libjobsref, in process, on a\n"
               "clock kept in step). Expected is the model's answer, actual the endpoint's, both normalized\n"
               "(docs/fuzzing.md: volatile members replaced, lists compared as sets).\n\n");
    for (size_t i = 0; i < r->nrecs; i++) {
        const jc_fz_record *x = &r->recs[i];
        const char *mark = x->verdict == JC_FZ_DIVERGE ? " — DIVERGENCE" : x->verdict == JC_FZ_NOTE ? " — note" : "";
        if (x->step >= 0) fprintf(f, "### %zu. Step %d: %s%s\n\n", i + 1, x->step + 1, x->label, mark);
        else fprintf(f, "### %zu. Audit: %s%s\n\n", i + 1, x->label, mark);
        fprintf(f, "- request: `%s`\n", x->request ? x->request : "");
        if (x->exp_status || x->act_status) {
            print_side(f, "expected (model)", x->exp_status, x->exp_type, x->exp_body);
            print_side(f, "actual (endpoint)", x->act_status, x->act_type, x->act_body);
        }
        if (x->why) fprintf(f, "- %s: %s (%s)\n", x->verdict == JC_FZ_DIVERGE ? "divergence" : "note", x->why,
                            x->req_id ? x->req_id : "");
        fputc('\n', f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

static void add_kv(jc_run *run, const char *k, const char *v)
{
    jc_kv *n = realloc(run->config, (run->config_count + 1) * sizeof *n);
    if (!n) return;
    run->config = n;
    run->config[run->config_count].key = strdup(k);
    run->config[run->config_count].value = strdup(v);
    run->config_count++;
}

/* The standard reports (junit.xml, results.json, summary.md, report.html):
 * one scenario, fuzz.differential, PASS or FAIL with the minimal sequence as
 * its transcript. */
static int write_reports(const opts *o, const char *endpoint, const char *data_endpoint, bool embedded,
                         const jc_fz_result *r, double duration, size_t sequences, size_t notes, char *err,
                         size_t err_len)
{
    jc_run run;
    memset(&run, 0, sizeof run);
    char when[32];
    iso_now(when, sizeof when);
    run.schema_version = JC_RESULTS_SCHEMA_VERSION;
    run.tool_name = strdup("jobsconf fuzz");
    run.tool_version = strdup("0.1.0");
    run.endpoint = strdup(endpoint);
    run.data_endpoint = strdup(data_endpoint);
    run.region = strdup(o->region);
    run.embedded = embedded;
    run.started_at = strdup(when);
    run.duration_s = duration;
    char buf[64];
    snprintf(buf, sizeof buf, "%zu", sequences);
    add_kv(&run, "sequences", buf);
    snprintf(buf, sizeof buf, "%zu", notes);
    add_kv(&run, "notes", buf);
    snprintf(buf, sizeof buf, "%" PRIu64, o->seed);
    add_kv(&run, "seed", buf);
    for (int i = 0; i < o->nfaults; i++) add_kv(&run, "fault", o->faults[i]);
    run.scenarios = calloc(1, sizeof *run.scenarios);
    if (!run.scenarios) return -1;
    run.scenario_count = 1;
    jc_scenario_result *sc = &run.scenarios[0];
    sc->id = strdup("fuzz.differential");
    sc->suite = strdup("Differential");
    sc->title = strdup("The endpoint answers every generated sequence as the reference model does");
    bool div = r && r->verdict == JC_FZ_DIVERGE;
    sc->status = sc->raw_status = div ? JC_FAIL : JC_PASS;
    sc->duration_ms = duration * 1000;
    if (div) {
        const jc_fz_record *d = &r->recs[r->div_rec];
        char msg[2048];
        snprintf(msg, sizeof msg, "%s: %s. Expected %d%s%s, actual %d%s%s. Requirement %s (%s). "
                                  "Minimal sequence of %zu exchanges in transcript.md.",
                 d->label, d->why ? d->why : "", d->exp_status, d->exp_type ? " " : "", d->exp_type ? d->exp_type : "",
                 d->act_status, d->act_type ? " " : "", d->act_type ? d->act_type : "", d->req_id ? d->req_id : "?",
                 d->req_id ? level_text(d->req_id) : "?", r->nrecs);
        sc->message = strdup(msg);
        if (d->req_id) {
            sc->requirement_ids = calloc(1, sizeof *sc->requirement_ids);
            if (sc->requirement_ids) {
                sc->requirement_ids[0] = strdup(d->req_id);
                sc->requirement_count = 1;
            }
        }
        sc->transcript = calloc(r->nrecs ? r->nrecs : 1, sizeof *sc->transcript);
        for (size_t i = 0; sc->transcript && i < r->nrecs; i++) {
            const jc_fz_record *x = &r->recs[i];
            jc_exchange *e = &sc->transcript[sc->exchange_count++];
            const char *req = x->request ? x->request : "";
            const char *sp = strchr(req, ' ');
            e->method = strdup(x->label);
            e->url = strdup(sp ? sp + 1 : req);
            char exp[64];
            snprintf(exp, sizeof exp, "expected %d%s%s\n", x->exp_status, x->exp_type ? " " : "",
                     x->exp_type ? x->exp_type : "");
            e->request_headers = strdup(exp);
            e->status = x->act_status;
            const char *body = x->act_body ? x->act_body : "";
            e->response_body = strdup(body);
            e->response_body_len = strlen(body);
        }
    }
#ifdef JC_HAVE_CATALOGUE
    if (div && sc->requirement_count) {
        const jc_requirement *q = jc_requirement_find(sc->requirement_ids[0]);
        if (q) {
            run.requirements = calloc(1, sizeof *run.requirements);
            if (run.requirements) {
                jc_requirement_result *rr = &run.requirements[0];
                rr->id = strdup(q->id);
                rr->level = q->level;
                rr->source = strdup(q->source ? q->source : "");
                rr->statement = strdup(q->statement ? q->statement : "");
                rr->erratum = q->erratum;
                rr->reference_decision = q->reference_decision;
                run.requirement_count = 1;
            }
        }
    }
#endif
    jc_run_finalize(&run);
    run.exit_code = div ? EXIT_DIVERGENCE : EXIT_OK;
    int rc = jc_reports_write(&run, o->report_dir, JC_FORMAT_ALL, err, err_len);
    jc_run_free(&run);
    return rc;
}

/* ---- replay files ---------------------------------------------------------------------- */

static uint8_t *read_repro(const char *path, size_t *len, char *err, size_t err_len)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 256, n = 0;
    uint8_t *b = malloc(cap);
    char line[8192];
    int lineno = 0;
    while (b && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *p = line;
        while (isspace((unsigned char)*p)) p++;
        if (!*p || strncmp(p, "clock", 5) == 0 || strncmp(p, "fault", 5) == 0) continue;
        if (strncmp(p, "step", 4) != 0 || !isspace((unsigned char)p[4])) {
            snprintf(err, err_len, "%s:%d: expected `step XX XX ...`, `clock` or `fault`", path, lineno);
            free(b);
            fclose(f);
            return NULL;
        }
        p += 4;
        for (;;) {
            while (isspace((unsigned char)*p)) p++;
            if (!*p) break;
            if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) ||
                (p[2] && !isspace((unsigned char)p[2]))) {
                snprintf(err, err_len, "%s:%d: '%.8s' is not a hex byte", path, lineno, p);
                free(b);
                fclose(f);
                return NULL;
            }
            if (n == cap) {
                uint8_t *nb = realloc(b, cap *= 2);
                if (!nb) {
                    free(b);
                    b = NULL;
                    break;
                }
                b = nb;
            }
            b[n++] = (uint8_t)strtoul((char[]){p[0], p[1], 0}, NULL, 16);
            p += 2;
        }
    }
    fclose(f);
    if (b && n == 0) {
        snprintf(err, err_len, "%s: no steps", path);
        free(b);
        return NULL;
    }
    *len = n;
    return b;
}

/* ---- main -------------------------------------------------------------------------------- */

static int report_divergence(jc_fz *fz, const opts *o, found *fd, const uint8_t *bytes, size_t len,
                             jc_fz_result *first, double t0, size_t sequences, size_t notes, const char *data)
{
    steps s;
    if (steps_from_bytes(bytes, len, &s) != 0) return EXIT_HARNESS;
    bool *keep = malloc(s.count ? s.count : 1);
    if (!keep) {
        steps_free(&s);
        return EXIT_HARNESS;
    }
    memset(keep, 1, s.count);
    /* only the steps that ran can matter */
    for (size_t i = first->steps; i < s.count; i++) keep[i] = false;
    fd->steps_before = first->steps;
    const jc_fz_record *d = &first->recs[first->div_rec];
    printf("jobsconf fuzz: DIVERGENCE at step %d of sequence %ld: %s: %s (%s)\n", d->step + 1, fd->sequence,
           d->label, d->why ? d->why : "", d->req_id ? d->req_id : "?");
    fflush(stdout);
    double ts = now_s();
    shrinker sh = {fz, d->req_id ? d->req_id : "", 0, 600, false};
    if (!o->no_shrink && d->req_id) {
        shrink(&sh, &s, keep);
        /* simpler steps may let more steps go */
        if (simplify(&sh, &s, keep)) shrink(&sh, &s, keep);
    }
    size_t kept = 0;
    for (size_t i = 0; i < s.count; i++) kept += keep[i];
    /* the final run of the minimal sequence, for the transcript */
    size_t mlen;
    uint8_t *min = steps_bytes(&s, keep, &mlen);
    jc_fz_result fin;
    int rc = min ? jc_fz_run(fz, min, mlen, &fin) : -1;
    free(min);
    if (rc != 0 || fin.verdict != JC_FZ_DIVERGE) {
        /* flaky: keep the sequence as found */
        if (rc == 0) jc_fz_result_clear(&fin);
        memset(keep, 1, s.count);
        for (size_t i = first->steps; i < s.count; i++) keep[i] = false;
        kept = first->steps;
        fin = *first;
        memset(first, 0, sizeof *first);
        printf("jobsconf fuzz: the shrunk sequence did not diverge again; keeping the original\n");
    }
    printf("jobsconf fuzz: shrunk from %zu to %zu steps in %d tries (%.1f s)\n", fd->steps_before, kept, sh.tries,
           now_s() - ts);
    char err[512], repro[1200], transcript[1200];
    int exit_code = EXIT_DIVERGENCE;
    if (mkdir_p(o->report_dir) != 0) {
        fprintf(stderr, "jobsconf fuzz: cannot create %s: %s\n", o->report_dir, strerror(errno));
        exit_code = EXIT_HARNESS;
    } else {
        snprintf(repro, sizeof repro, "%s/repro.jcfz", o->report_dir);
        snprintf(transcript, sizeof transcript, "%s/transcript.md", o->report_dir);
        if (write_repro(repro, &s, keep, fd, &fin) != 0 || write_transcript(transcript, &fin, fd, repro) != 0 ||
            write_reports(o, fd->endpoint, data, fd->embedded, &fin, now_s() - t0, sequences, notes, err,
                          sizeof err) != 0) {
            fprintf(stderr, "jobsconf fuzz: writing the reproduction: %s\n", err);
            exit_code = EXIT_HARNESS;
        } else {
            const jc_fz_record *m = &fin.recs[fin.div_rec];
            printf("jobsconf fuzz: %s: expected %d%s%s, actual %d%s%s; requirement %s (%s)\n", m->label,
                   m->exp_status, m->exp_type ? " " : "", m->exp_type ? m->exp_type : "", m->act_status,
                   m->act_type ? " " : "", m->act_type ? m->act_type : "", m->req_id ? m->req_id : "?",
                   m->req_id ? level_text(m->req_id) : "?");
            printf("jobsconf fuzz: wrote %s, %s and the reports (junit.xml, results.json, summary.md, report.html)\n",
                   repro, transcript);
        }
    }
    jc_fz_result_clear(&fin);
    free(keep);
    steps_free(&s);
    return exit_code;
}

int jc_fuzz_main(int argc, char **argv)
{
    opts o;
    int prc = parse_opts(argc, argv, &o);
    if (prc > 0) return EXIT_OK;
    if (prc < 0) return EXIT_USAGE;

    uint8_t *replay = NULL;
    size_t replay_len = 0;
    char err[1024];
    if (o.replay) {
        replay = read_repro(o.replay, &replay_len, err, sizeof err);
        if (!replay) {
            fprintf(stderr, "jobsconf fuzz: --replay %s\n", err);
            return EXIT_USAGE;
        }
    }
    char control[512], data[512];
    bool embedded = o.endpoint == NULL;
#ifdef JC_HAVE_SERVER
    jr_server *server = NULL;
#endif
    if (embedded) {
#ifdef JC_HAVE_SERVER
        jr_server_options so;
        jr_server_options_default(&so);
        so.host = "127.0.0.1";
        so.region = o.region;
        so.virtual_clock = true;
        so.deletion_delay_ms = o.deletion_delay;
        so.admin = true;
        so.quiet = true;
        for (int i = 0; i < o.nfaults; i++) {
            jr_fault f;
            if (!jr_fault_parse(o.faults[i], &f)) {
                fprintf(stderr, "jobsconf fuzz: --fault: unknown fault '%s' (jobsref --help lists them)\n", o.faults[i]);
                free(replay);
                return EXIT_USAGE;
            }
            so.faults |= JR_FAULT_BIT(f);
        }
        server = jr_server_start(&so, err, sizeof err);
        if (!server) {
            fprintf(stderr, "jobsconf fuzz: could not start the bundled jobsref: %s\n", err);
            free(replay);
            return EXIT_HARNESS;
        }
        snprintf(control, sizeof control, "http://127.0.0.1:%u", (unsigned)jr_server_control_port(server));
        snprintf(data, sizeof data, "http://127.0.0.1:%u", (unsigned)jr_server_data_port(server));
        o.admin_token = jr_server_admin_token(server);
#else
        fprintf(stderr, "jobsconf fuzz: built without the bundled jobsref server: give --endpoint\n");
        free(replay);
        return EXIT_USAGE;
#endif
    } else {
        snprintf(control, sizeof control, "%s", o.endpoint);
        snprintf(data, sizeof data, "%s", o.data_endpoint ? o.data_endpoint : o.endpoint);
    }
    for (char *u = control + strlen(control); u > control && u[-1] == '/';) *--u = '\0';
    for (char *u = data + strlen(data); u > data && u[-1] == '/';) *--u = '\0';

    char rnd[8], prefix[32];
    random_hex(rnd, 6);
    snprintf(prefix, sizeof prefix, "jcfz%s", o.prefix ? o.prefix : rnd);
    if (!o.seed_given) {
        char hex[17];
        random_hex(hex, 12);
        o.seed = strtoull(hex, NULL, 16) % 1000000000ULL;
    }
    jc_fz_config fc = {control, data, o.sign_c, o.sign_d, o.region, getenv("AWS_ACCESS_KEY_ID"),
                       getenv("AWS_SECRET_ACCESS_KEY"), getenv("AWS_SESSION_TOKEN"), o.timeout, prefix,
                       o.deletion_delay, o.no_clock,
                       o.admin_token ? o.admin_token : getenv("JOBSCONF_ADMIN_TOKEN")};
    int exit_code = EXIT_OK;
    jc_fz *fz = jc_fz_new(&fc, err, sizeof err);
    if (!fz) {
        fprintf(stderr, "jobsconf fuzz: cannot drive %s: %s\n", control, err);
        exit_code = EXIT_HARNESS;
        goto out;
    }
    bool clock = jc_fz_has_clock(fz);
    printf("jobsconf fuzz: %s%s (data plane %s), prefix %s, %s, seed %" PRIu64 "\n", control,
           embedded ? " (bundled jobsref)" : "", data, prefix,
           clock ? "virtual clock in step" : "no controllable clock: no time steps", o.seed);
    fflush(stdout);

    double t0 = now_s(), last_print = t0;
    jc_fz_stats base;
    jc_fz_stats_get(fz, &base); /* the probe requests are not part of the figures */
    size_t sequences = 0, notes = 0, steps_run = 0;
    found fd = {control, embedded, &o, o.seed, 0, 0, clock};
    for (long i = 0;; i++) {
        if (replay && i == 1) break;
        if (!replay && o.runs >= 0 && i >= o.runs) break;
        if (!replay && o.runs < 0 && now_s() - t0 >= o.duration) break;
        uint8_t *bytes;
        size_t len;
        if (replay) {
            bytes = malloc(replay_len);
            if (bytes) memcpy(bytes, replay, replay_len);
            len = replay_len;
        } else {
            uint64_t rng = (o.seed + (uint64_t)i) * 0x2545f4914f6cdd1dULL;
            bytes = jc_fz_generate(&rng, o.steps, clock, &len);
        }
        if (!bytes) {
            exit_code = EXIT_HARNESS;
            break;
        }
        jc_fz_result r;
        int rc = jc_fz_run(fz, bytes, len, &r);
        sequences++;
        notes += r.notes;
        steps_run += r.steps;
        if (rc != 0) {
            fprintf(stderr, "jobsconf fuzz: the endpoint could not be driven: %s\n", r.error);
            jc_fz_result_clear(&r);
            free(bytes);
            exit_code = EXIT_HARNESS;
            break;
        }
        if (r.verdict == JC_FZ_DIVERGE) {
            fd.seed = replay ? 0 : o.seed + (uint64_t)i;
            fd.sequence = i;
            printf("jobsconf fuzz: %zu sequence(s), %zu steps, %.1f s to the first divergence\n", sequences,
                   steps_run, now_s() - t0);
            exit_code = report_divergence(fz, &o, &fd, bytes, len, &r, t0, sequences, notes, data);
            jc_fz_result_clear(&r);
            free(bytes);
            break;
        }
        jc_fz_result_clear(&r);
        free(bytes);
        if (!o.quiet && now_s() - last_print >= 10) {
            last_print = now_s();
            printf("jobsconf fuzz: %zu sequences, %zu steps, %zu notes, %.0f s\n", sequences, steps_run, notes,
                   last_print - t0);
            fflush(stdout);
        }
    }
    if (exit_code == EXIT_OK) {
        jc_fz_stats st;
        jc_fz_stats_get(fz, &st);
        st.oracle_s -= base.oracle_s;
        st.http_s -= base.http_s;
        st.requests -= base.requests;
        double dt = now_s() - t0;
        printf("jobsconf fuzz: no divergence in %zu sequence(s) (%zu steps, %zu requests, %zu note(s)) in %.1f s: "
               "%.1f sequences/s; model %.1f%% of the time, HTTP %.1f%%\n",
               sequences, steps_run, st.requests, notes, dt, dt > 0 ? (double)sequences / dt : 0,
               dt > 0 ? 100 * st.oracle_s / dt : 0, dt > 0 ? 100 * st.http_s / dt : 0);
        if (mkdir_p(o.report_dir) == 0 &&
            write_reports(&o, control, data, embedded, NULL, dt, sequences, notes, err, sizeof err) != 0)
            fprintf(stderr, "jobsconf fuzz: writing reports: %s\n", err);
    }
out:
    jc_fz_free(fz);
#ifdef JC_HAVE_SERVER
    if (server) jr_server_stop(server);
#endif
    free(replay);
    return exit_code;
}
