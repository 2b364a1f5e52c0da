/* Expected-failure baselines: see jc_baseline.h. */
#include "jc_baseline.h"

#include "jc_aliases.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jc_baseline_free(jc_baseline *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->count; i++) {
        free(b->entries[i].id);
        free(b->entries[i].renamed_from);
        free(b->entries[i].reason);
    }
    free(b->entries);
    b->entries = NULL;
    b->count = 0;
}

const jc_baseline_entry *jc_baseline_find(const jc_baseline *b, const char *id)
{
    for (size_t i = 0; b && i < b->count; i++)
        if (strcmp(b->entries[i].id, id) == 0) return &b->entries[i];
    return NULL;
}

int jc_baseline_parse(const char *text, size_t len, jc_baseline *out, char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    if (text && memchr(text, '\0', len)) {
        snprintf(err, err_len, "baseline contains a NUL byte");
        return -1;
    }
    size_t i = 0;
    int lineno = 0;
    while (text && i < len) {
        size_t start = i;
        while (i < len && text[i] != '\n') i++;
        size_t end = i++;
        lineno++;
        /* strip comments and surrounding space */
        const char *hash = memchr(text + start, '#', end - start);
        if (hash) end = (size_t)(hash - text);
        while (start < end && isspace((unsigned char)text[start])) start++;
        while (end > start && isspace((unsigned char)text[end - 1])) end--;
        if (start == end) continue;
        bool disabled = false;
        if (text[start] == '!') {
            disabled = true;
            start++;
        }
        size_t idend = start;
        while (idend < end && !isspace((unsigned char)text[idend])) idend++;
        if (idend == start) {
            snprintf(err, err_len, "baseline line %d: missing scenario id after '!'", lineno);
            jc_baseline_free(out);
            return -1;
        }
        for (size_t k = start; k < idend; k++) {
            char c = text[k];
            if (!(isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_')) {
                snprintf(err, err_len, "baseline line %d: '%.*s' is not a scenario id", lineno,
                         (int)(idend - start > 80 ? 80 : idend - start), text + start);
                jc_baseline_free(out);
                return -1;
            }
        }
        size_t rs = idend;
        while (rs < end && isspace((unsigned char)text[rs])) rs++;
        if (rs == end) {
            snprintf(err, err_len, "baseline line %d: '%.*s' has no reason (write why it is expected to fail)", lineno,
                     (int)(idend - start > 80 ? 80 : idend - start), text + start);
            jc_baseline_free(out);
            return -1;
        }
        char *id = strndup(text + start, idend - start);
        char *renamed_from = NULL;
        const char *current = jc_alias_resolve(id);
        if (id && current) {
            renamed_from = id;
            id = strdup(current);
        }
        if (id && jc_baseline_find(out, id)) {
            free(renamed_from);
            snprintf(err, err_len, "baseline line %d: scenario '%s' listed twice", lineno, id);
            free(id);
            jc_baseline_free(out);
            return -1;
        }
        jc_baseline_entry *g = realloc(out->entries, (out->count + 1) * sizeof *g);
        char *reason = strndup(text + rs, end - rs);
        if (!id || !g || !reason) {
            free(id);
            free(renamed_from);
            free(reason);
            if (g) out->entries = g;
            snprintf(err, err_len, "out of memory");
            jc_baseline_free(out);
            return -1;
        }
        out->entries = g;
        out->entries[out->count++] = (jc_baseline_entry){id, renamed_from, reason, disabled, lineno};
    }
    return 0;
}

int jc_baseline_load(const char *path, jc_baseline *out, char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_len, "baseline %s: %s", path, strerror(errno));
        return -1;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n > cap) {
            cap = (len + n) * 2;
            char *g = realloc(data, cap);
            if (!g) {
                free(data);
                fclose(f);
                snprintf(err, err_len, "out of memory");
                return -1;
            }
            data = g;
        }
        memcpy(data + len, chunk, n);
        len += n;
    }
    fclose(f);
    char msg[512];
    int rc = jc_baseline_parse(data, len, out, msg, sizeof msg);
    if (rc != 0) snprintf(err, err_len, "%s: %s", path, msg);
    for (size_t i = 0; rc == 0 && i < out->count; i++)
        if (out->entries[i].renamed_from)
            fprintf(stderr, "jobsconf: %s:%d: scenario '%s' is now '%s' (old id accepted; please update)\n", path,
                    out->entries[i].line, out->entries[i].renamed_from, out->entries[i].id);
    free(data);
    return rc;
}
