/* Shared glue of the fuzz harnesses (see fuzz_common.h). */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The routes come from libjobsref's operation table (jobsref/ops.h): the
   harnesses keep no list of their own. Filled on first use of each op. */
const jrf_route *jrf_route_of(jr_op op)
{
    static jrf_route routes[JR_OP_COUNT];
    const jr_op_info *info = jr_op_info_get(op);
    if (!info || (size_t)op >= JR_OP_COUNT) return NULL;
    jrf_route *r = &routes[op];
    *r = (jrf_route){info->op, info->plane, info->method, info->path};
    return r;
}

size_t jrf_label_count(const jrf_route *r)
{
    size_t n = 0;
    for (const char *p = r->tmpl; *p; p++)
        if (*p == '{') n++;
    return n;
}

jr_fault_set jrf_decoder_faults(unsigned flags)
{
    jr_fault_set f = 0;
    if (flags & 1u) f |= JR_FAULT_BIT(JR_FAULT_NO_DOCUMENT_LIMIT);
    if (flags & 2u) f |= JR_FAULT_BIT(JR_FAULT_NO_JOBID_VALIDATION);
    if (flags & 4u) f |= JR_FAULT_BIT(JR_FAULT_NO_MAX_RESULTS_CHECK);
    if (flags & 8u) f |= JR_FAULT_BIT(JR_FAULT_NO_CONFIG_RANGE_CHECK);
    return f;
}

/* Next NUL-terminated field of [*p, end): a heap copy; advances *p past the
 * NUL (or to end). */
static char *take_field(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *s = *p;
    const uint8_t *nul = s < end ? memchr(s, 0, (size_t)(end - s)) : NULL;
    size_t len = nul ? (size_t)(nul - s) : (size_t)(end - s);
    char *out = malloc(len + 1);
    if (!out) return NULL;
    if (len) memcpy(out, s, len);
    out[len] = '\0';
    *p = nul ? nul + 1 : end;
    return out;
}

/* Length of the next NUL-terminated field of [p, end) (up to the NUL or
 * end) and the position after it. */
static size_t field_len(const uint8_t *p, const uint8_t *end, const uint8_t **next)
{
    const uint8_t *nul = p < end ? memchr(p, 0, (size_t)(end - p)) : NULL;
    size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
    *next = nul ? nul + 1 : end;
    return len;
}

int jrf_input_parse(const uint8_t *data, size_t size, jrf_input *out)
{
    memset(out, 0, sizeof *out);
    if (size == 0) return -1;
    const jrf_route *r = jrf_route_of((jr_op)(1 + data[0] % (JR_OP_COUNT - 1)));
    if (!r) return -1;
    out->op = r->op;
    out->flags = size > 1 ? data[1] : 0;
    const uint8_t *p = data + (size > 1 ? 2 : 1), *end = data + size;

    /* The labels are spliced into the path straight from the input (no
     * per-label copies: this runs for every input). */
    const uint8_t *label[JRF_MAX_LABELS];
    size_t label_len[JRF_MAX_LABELS];
    size_t nl = jrf_label_count(r), total = strlen(r->tmpl) + 1;
    for (size_t i = 0; i < nl; i++) {
        label[i] = p;
        label_len[i] = field_len(p, end, &p);
        total += label_len[i];
    }
    out->query = take_field(&p, end);
    if (!out->query) goto oom;
    out->body_len = (size_t)(end - p);
    out->body = malloc(out->body_len + 1);
    if (!out->body) goto oom;
    if (out->body_len) memcpy(out->body, p, out->body_len);
    out->body[out->body_len] = 0;

    out->path = malloc(total);
    if (!out->path) goto oom;
    char *w = out->path;
    size_t li = 0;
    for (const char *t = r->tmpl; *t;) {
        if (*t == '{') {
            const char *close = strchr(t, '}');
            if (label_len[li]) memcpy(w, label[li], label_len[li]);
            w += label_len[li];
            li++;
            t = close + 1;
        } else {
            *w++ = *t++;
        }
    }
    *w = '\0';

    out->method = (char *)r->method;
    out->http.plane = r->plane;
    out->http.method = out->method;
    out->http.path = out->path;
    out->http.query = out->query;
    out->http.body = out->body_len ? out->body : NULL;
    out->http.body_len = out->body_len;
    return 0;
oom:
    jrf_input_free(out);
    return -1;
}

void jrf_input_free(jrf_input *in)
{
    free(in->path);
    free(in->query);
    free(in->body);
    memset(in, 0, sizeof *in);
}

uint8_t *jrf_frame(jr_op op, unsigned flags, const char *const *labels, size_t n, const char *query,
                   const char *body, size_t body_len, size_t *len)
{
    size_t total = 2 + strlen(query ? query : "") + 1 + body_len;
    for (size_t i = 0; i < n; i++) total += strlen(labels[i]) + 1;
    uint8_t *buf = malloc(total);
    if (!buf) return NULL;
    uint8_t *w = buf;
    *w++ = (uint8_t)(op - 1);
    *w++ = (uint8_t)flags;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(labels[i]);
        memcpy(w, labels[i], l);
        w += l;
        *w++ = 0;
    }
    size_t ql = strlen(query ? query : "");
    if (ql) memcpy(w, query, ql);
    w += ql;
    *w++ = 0;
    if (body_len) memcpy(w, body, body_len);
    w += body_len;
    *len = (size_t)(w - buf);
    return buf;
}
