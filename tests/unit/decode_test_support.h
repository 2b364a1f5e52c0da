/* Helpers shared by the decoder unit tests (test_decode_*.c,
 * test_request_roundtrip.c). Header-only, static functions. */
#ifndef DECODE_TEST_SUPPORT_H
#define DECODE_TEST_SUPPORT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cu_support.h"
#include "jobsref/jobsref.h"

#define ARN_T1 "arn:aws:iot:us-east-1:123456789012:thing/t1"
#define ARN_G1 "arn:aws:iot:us-east-1:123456789012:thinggroup/g1"

/* printf into a heap string (caller frees). */
__attribute__((format(printf, 1, 2), unused)) static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    if (!s) abort();
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
    return s;
}

/* n copies of c (caller frees). */
__attribute__((unused)) static char *rep(char c, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) abort();
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

__attribute__((unused)) static bool is_zeroed(const jr_request *r)
{
    static const jr_request zero;
    return memcmp(r, &zero, sizeof zero) == 0;
}

__attribute__((unused)) static jr_status dec_f(jr_plane pl, const char *m, const char *path, const char *q,
                                               const char *body, jr_fault_set faults, jr_request *r, jr_error *e)
{
    jr_http_input in = {.plane = pl,
                        .method = m,
                        .path = path,
                        .query = q,
                        .body = (const uint8_t *)body,
                        .body_len = body ? strlen(body) : 0};
    return jr_decode_request(&in, faults, r, e);
}

/* Decodes and asserts success; the caller frees *r. */
#define EXPECT_OK_F(pl, m, path, q, body, faults, r)                                                            \
    do {                                                                                                       \
        jr_error e_;                                                                                           \
        jr_status st_ = dec_f(pl, m, path, q, body, faults, r, &e_);                                           \
        if (st_ != JR_OK) fprintf(stderr, "\n    unexpected rejection: %s (%s)\n", e_.message, e_.field);      \
        CU_ASSERT_EQUAL(st_, JR_OK);                                                                           \
    } while (0)
#define EXPECT_OK(pl, m, path, q, body, r) EXPECT_OK_F(pl, m, path, q, body, 0, r)

/* Decodes and asserts an InvalidRequestException naming `fld`, with the
 * output zeroed. */
#define EXPECT_REJECT_F(pl, m, path, q, body, faults, fld)                                                      \
    do {                                                                                                       \
        jr_error e_;                                                                                           \
        jr_request r_;                                                                                         \
        memset(&r_, 0x5a, sizeof r_);                                                                          \
        jr_status st_ = dec_f(pl, m, path, q, body, faults, &r_, &e_);                                         \
        CU_ASSERT_EQUAL(st_, JR_FAIL);                                                                         \
        if (st_ == JR_OK) {                                                                                    \
            fprintf(stderr, "\n    unexpected accept at line %d (expected %s)\n", __LINE__, fld);             \
            jr_request_free(&r_);                                                                              \
        } else {                                                                                               \
            CU_ASSERT_EQUAL(e_.type, JR_ERR_INVALID_REQUEST);                                                  \
            CU_ASSERT_TRUE(strncmp(e_.field, fld, JR_ERROR_FIELD_MAX - 1) == 0);                               \
            if (strncmp(e_.field, fld, JR_ERROR_FIELD_MAX - 1) != 0)                                                                    \
                fprintf(stderr, "\n    line %d: field '%s' (%s), expected '%s'\n", __LINE__, e_.field,       \
                        e_.message, fld);                                                                      \
            CU_ASSERT_TRUE(strstr(e_.message, fld) != NULL);                                                   \
            CU_ASSERT_TRUE(is_zeroed(&r_));                                                                    \
        }                                                                                                      \
    } while (0)
#define EXPECT_REJECT(pl, m, path, q, body, fld) EXPECT_REJECT_F(pl, m, path, q, body, 0, fld)

#define C JR_PLANE_CONTROL
#define D JR_PLANE_DATA

#endif
