/* The operation table (reference/src/ops.c) and the limits table
 * (reference/src/limits.c): every operation has every column, the columns
 * agree with each other and with the public accessors, and every limit holds
 * on both sides of its boundary. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cu_support.h"
#include "jobsref/jobsref.h"
#include "limits.h"
#include "ops.h"

static bool valid_method(const char *m)
{
    static const char *const METHODS[] = {"GET", "PUT", "POST", "PATCH", "DELETE"};
    for (size_t i = 0; m && i < sizeof METHODS / sizeof METHODS[0]; i++)
        if (strcmp(m, METHODS[i]) == 0) return true;
    return false;
}

static void test_every_column(void)
{
    CU_ASSERT_PTR_NULL(jr_op_info_get(JR_OP_NONE));
    CU_ASSERT_PTR_NULL(jr_op_info_get(JR_OP_COUNT));
    for (int op = JR_OP_NONE + 1; op < JR_OP_COUNT; op++) {
        const jr_op_row *r = &OPS[op];
        const jr_op_info *i = jr_op_info_get((jr_op)op);
        CU_ASSERT_PTR_EQUAL(i, &r->info);
        CU_ASSERT_EQUAL(r->info.op, (jr_op)op);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r->info.name);
        CU_ASSERT_TRUE(r->info.name[0] != '\0');
        CU_ASSERT_TRUE(r->info.plane == JR_PLANE_CONTROL || r->info.plane == JR_PLANE_DATA);
        CU_ASSERT_TRUE(valid_method(r->info.method));
        CU_ASSERT_PTR_NOT_NULL_FATAL(r->info.path);
        CU_ASSERT_EQUAL(r->info.path[0], '/');
        CU_ASSERT_PTR_NOT_NULL(r->decode);
        CU_ASSERT_PTR_NOT_NULL(r->handle);
        CU_ASSERT_PTR_NOT_NULL(r->encode);
        CU_ASSERT_TRUE(r->nseg >= 1 && r->nseg <= JR_ROUTE_MAX_SEGMENTS);
        /* errors: at least InvalidRequestException, all known, no repeat */
        CU_ASSERT_PTR_NOT_NULL_FATAL(r->info.errors);
        size_t n = 0;
        bool invalid_request = false;
        for (; r->info.errors[n] != JR_ERR_NONE; n++) {
            jr_error_type t = r->info.errors[n];
            CU_ASSERT_TRUE(t > JR_ERR_NONE && t < JR_ERR_UNKNOWN_OPERATION);
            invalid_request |= t == JR_ERR_INVALID_REQUEST;
            for (size_t k = 0; k < n; k++) CU_ASSERT_NOT_EQUAL(r->info.errors[k], t);
        }
        CU_ASSERT_TRUE(n >= 1);
        CU_ASSERT_TRUE(invalid_request);
        /* the public accessors read the same row */
        CU_ASSERT_STRING_EQUAL(jr_op_name((jr_op)op), r->info.name);
        CU_ASSERT_EQUAL(jr_op_plane((jr_op)op), r->info.plane);
        jr_op parsed = JR_OP_NONE;
        CU_ASSERT_TRUE(jr_op_parse(r->info.plane, r->info.name, &parsed));
        CU_ASSERT_EQUAL(parsed, (jr_op)op);
    }
}

/* The split segments spell the path template, segment by segment. */
static void test_segments_spell_template(void)
{
    for (int op = JR_OP_NONE + 1; op < JR_OP_COUNT; op++) {
        const jr_op_row *r = &OPS[op];
        char built[512] = "";
        size_t len = 0;
        for (size_t k = 0; k < r->nseg; k++) {
            const jr_route_seg *s = &r->seg[k];
            int w;
            if (s->kind == JR_SEG_LABEL) w = snprintf(built + len, sizeof built - len, "/{%s}", s->text);
            else w = snprintf(built + len, sizeof built - len, "/%s", s->text);
            CU_ASSERT_TRUE_FATAL(w > 0 && (size_t)w < sizeof built - len);
            len += (size_t)w;
            if (s->kind == JR_SEG_LITERAL) CU_ASSERT_EQUAL(s->len, strlen(s->text));
        }
        if (strcmp(built, r->info.path) != 0)
            fprintf(stderr, "\n    %s: segments spell %s, template is %s\n", r->info.name, built, r->info.path);
        CU_ASSERT_STRING_EQUAL(built, r->info.path);
    }
}

/* Filling every label of the template with "x1" (executionNumber "3") routes
 * back to the operation, with the body column as the encoder sees it. */
static void test_template_routes_to_row(void)
{
    for (int op = JR_OP_NONE + 1; op < JR_OP_COUNT; op++) {
        const jr_op_row *r = &OPS[op];
        char path[512] = "";
        size_t len = 0;
        for (size_t k = 0; k < r->nseg; k++) {
            const jr_route_seg *s = &r->seg[k];
            const char *text = s->kind == JR_SEG_LABEL ? (strcmp(s->text, "executionNumber") == 0 ? "3" : "x1") : s->text;
            len += (size_t)snprintf(path + len, sizeof path - len, "/%s", text);
        }
        bool known = false;
        CU_ASSERT_EQUAL(jr_route_match(r->info.plane, r->info.method, path, &known), (jr_op)op);
        CU_ASSERT_TRUE(known);
    }
}

/* Names are unique on a plane; the same method and template never appear
 * twice on a plane. */
static void test_rows_unique(void)
{
    for (int a = JR_OP_NONE + 1; a < JR_OP_COUNT; a++)
        for (int b = a + 1; b < JR_OP_COUNT; b++) {
            const jr_op_info *x = &OPS[a].info, *y = &OPS[b].info;
            if (x->plane != y->plane) continue;
            CU_ASSERT_STRING_NOT_EQUAL(x->name, y->name);
            CU_ASSERT_FALSE(strcmp(x->method, y->method) == 0 && strcmp(x->path, y->path) == 0);
        }
}

/* ---- limits */

/* A string of `len` characters that matches the row's pattern. */
static char *valid_string(const jr_limit *l, size_t len)
{
    char *s = malloc(len + 1);
    if (!s) return NULL;
    char fill = l->pattern == JR_PAT_REASON_CODE ? 'A' : 'a';
    memset(s, fill, len);
    s[len] = '\0';
    const char *prefix = l->pattern == JR_PAT_TEMPLATE_ARN ? "arn:"
                         : l->pattern == JR_PAT_S3_URL     ? "https://s3.amazonaws.com/b/"
                                                           : "";
    size_t pl = strlen(prefix);
    if (pl && len >= pl + 1) memcpy(s, prefix, pl);
    return s;
}

static void test_limit_rows(void)
{
    char msg[160];
    for (int id = 0; id < JR_LIMIT_COUNT; id++) {
        const jr_limit *l = &JR_LIMITS[id];
        CU_ASSERT_PTR_NOT_NULL_FATAL(l->member);
        CU_ASSERT_TRUE(l->member[0] != '\0');
        CU_ASSERT_TRUE(l->min >= 0 || l->has_extra);
        CU_ASSERT_TRUE(l->max == 0 || l->min <= l->max);
        if (l->pattern != JR_PAT_ANY) CU_ASSERT_PTR_NOT_NULL(l->message);
        CU_ASSERT_TRUE(l->op >= JR_OP_NONE && l->op < JR_OP_COUNT);
        bool is_int = id >= JR_LIM_MAX_RESULTS;
        if (is_int) {
            CU_ASSERT_TRUE(jr_limit_int((jr_limit_id)id, l->min, 0, msg, sizeof msg));
            CU_ASSERT_TRUE(jr_limit_int((jr_limit_id)id, l->max, 0, msg, sizeof msg));
            if (!(l->has_extra && l->extra == l->min - 1)) {
                msg[0] = '\0';
                CU_ASSERT_FALSE(jr_limit_int((jr_limit_id)id, l->min - 1, 0, msg, sizeof msg));
                CU_ASSERT_TRUE(msg[0] != '\0');
            }
            if (l->max < INT64_MAX) CU_ASSERT_FALSE(jr_limit_int((jr_limit_id)id, l->max + 1, 0, msg, sizeof msg));
            if (l->has_extra) CU_ASSERT_TRUE(jr_limit_int((jr_limit_id)id, l->extra, 0, msg, sizeof msg));
            if (l->off != JR_LIM_NO_FAULT)
                CU_ASSERT_TRUE(jr_limit_int((jr_limit_id)id, l->min - 1, JR_FAULT_BIT(l->off), msg, sizeof msg));
        } else {
            size_t lo = l->min > 0 ? (size_t)l->min : 1;
            if ((l->pattern == JR_PAT_S3_URL || l->pattern == JR_PAT_TEMPLATE_ARN) && lo < 40) lo = 40;
            char *s = valid_string(l, lo);
            bool ok = jr_limit_str((jr_limit_id)id, s, 0, msg, sizeof msg);
            if (!ok) fprintf(stderr, "\n    %s at %zu characters: %s\n", l->member, lo, msg);
            CU_ASSERT_TRUE(ok);
            free(s);
            if (l->min > 0) {
                s = valid_string(l, (size_t)l->min - 1);
                CU_ASSERT_FALSE(jr_limit_str((jr_limit_id)id, s, 0, msg, sizeof msg));
                free(s);
            }
            if (l->max > 0) {
                s = valid_string(l, (size_t)l->max);
                bool ok = jr_limit_str((jr_limit_id)id, s, 0, msg, sizeof msg);
                if (!ok) fprintf(stderr, "\n    %s at its maximum: %s\n", l->member, msg);
                CU_ASSERT_TRUE(ok);
                free(s);
                s = valid_string(l, (size_t)l->max + 1);
                msg[0] = '\0';
                CU_ASSERT_FALSE(jr_limit_str((jr_limit_id)id, s, 0, msg, sizeof msg));
                CU_ASSERT_PTR_NOT_NULL(strstr(msg, "exceeds"));
                if (l->off != JR_LIM_NO_FAULT)
                    CU_ASSERT_TRUE(jr_limit_str((jr_limit_id)id, s, JR_FAULT_BIT(l->off), msg, sizeof msg));
                free(s);
            }
            if (l->pattern != JR_PAT_ANY && l->pattern != JR_PAT_TAG_KEY) {
                /* a control character breaks every pattern */
                CU_ASSERT_FALSE(jr_limit_str((jr_limit_id)id, "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
                                                               "\x01\x01\x01\x01\x01\x01\x01\x01",
                                             0, msg, sizeof msg));
            }
        }
    }
}

int main(void)
{
    CU_TestInfo tests[] = {
        {"every operation has every column", test_every_column},
        {"segments spell the template", test_segments_spell_template},
        {"each template routes to its row", test_template_routes_to_row},
        {"rows are unique per plane", test_rows_unique},
        {"limits: rows complete, both sides of each bound", test_limit_rows},
        CU_TEST_INFO_NULL,
    };
    CU_SuiteInfo suites[] = {{"ops", NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    return cu_run_suites(suites);
}
