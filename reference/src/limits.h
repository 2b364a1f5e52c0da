/* Length, range and pattern limits of request members, as one table
 * (limits.c) applied by one function per value kind. The decoder applies a
 * row where it meets the member; the machine applies the same row to the
 * few members whose out-of-range value would corrupt its state when a typed
 * request bypasses the decoder (stepTimeoutInMinutes): one rule, one
 * definition. Rules that are not data (one of two members, cross-member
 * schedules, ARN forms, JSON documents) stay hand-written in decode.c. */
#ifndef JR_LIMITS_H
#define JR_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jobsref/faults.h"
#include "jobsref/types.h"

typedef enum jr_pattern {
    JR_PAT_ANY = 0,       /* no pattern */
    JR_PAT_TEXT,          /* [^\p{C}]* */
    JR_PAT_ID,            /* [a-zA-Z0-9_-]+ */
    JR_PAT_NAME,          /* [a-zA-Z0-9:_-]+ */
    JR_PAT_GROUP_ID,      /* [a-zA-Z0-9\-]+ */
    JR_PAT_REASON_CODE,   /* [\p{Upper}\p{Digit}_]+ */
    JR_PAT_TEMPLATE_ARN,  /* ^arn:[!-~]+$ */
    JR_PAT_S3_URL,        /* https S3 object URL */
    JR_PAT_TAG_KEY,       /* ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$ */
    JR_PATTERN_COUNT
} jr_pattern;

typedef enum jr_limit_id {
    /* strings: length in UTF-16 code units */
    JR_LIM_JOB_ID,
    JR_LIM_NAME, /* thingName, thingGroupName, parentGroupName, thingTypeName */
    JR_LIM_NAMESPACE_ID,
    JR_LIM_DESCRIPTION,
    JR_LIM_COMMENT,
    JR_LIM_REASON_CODE,
    JR_LIM_DOCUMENT,
    JR_LIM_DOCUMENT_SOURCE,
    JR_LIM_JOB_TEMPLATE_ARN,
    JR_LIM_THING_GROUP_ID,
    JR_LIM_ROLE_ARN,
    JR_LIM_SCHEDULE_TIME,
    JR_LIM_TAG_KEY,
    JR_LIM_TAG_VALUE,
    JR_LIM_TARGET_ARN,
    JR_LIM_DETAILS_KEY,        /* statusDetails keys, both planes */
    JR_LIM_DETAILS_VALUE,      /* iot statusDetails values */
    JR_LIM_DETAILS_VALUE_DATA, /* iot-jobs-data statusDetails values */
    JR_LIM_PARAMETER_KEY,
    JR_LIM_PARAMETER_VALUE,
    JR_LIM_ATTRIBUTE_KEY,
    JR_LIM_ATTRIBUTE_VALUE,
    /* integers: value */
    JR_LIM_MAX_RESULTS,
    JR_LIM_EXPIRES_IN_SEC,
    JR_LIM_MAXIMUM_PER_MINUTE,
    JR_LIM_BASE_RATE_PER_MINUTE,
    JR_LIM_RATE_INCREASE_THINGS,
    JR_LIM_MIN_EXECUTED_THINGS,
    JR_LIM_IN_PROGRESS_TIMEOUT,
    JR_LIM_NUMBER_OF_RETRIES,
    JR_LIM_STEP_TIMEOUT,
    JR_LIM_NON_NEGATIVE, /* expectedVersion, executionNumber */
    /* list and map sizes: number of items */
    JR_LIM_STATUS_DETAILS_ENTRIES,
    JR_LIM_RETRY_CRITERIA,
    JR_LIMIT_COUNT
} jr_limit_id;

#define JR_LIM_NO_FAULT JR_FAULT_COUNT

typedef struct jr_limit {
    const char *member; /* the model's member name (errors name the path) */
    jr_op op;           /* the operation when only one has it; JR_OP_NONE = all */
    int64_t min, max;   /* strings: length, max 0 = unbounded; integers: value */
    bool has_extra;     /* integers: one more value allowed outside min..max */
    int64_t extra;      /* (stepTimeoutInMinutes -1: no step timer) */
    jr_pattern pattern;
    jr_fault off;       /* a fault that switches the rule off (JR_LIM_NO_FAULT) */
    const char *message; /* the pattern's message, or the integer rule's */
} jr_limit;

extern const jr_limit JR_LIMITS[JR_LIMIT_COUNT];

/* The one place a row is applied: true when `s` (well-formed UTF-8) or `v`
 * passes, else false with the reason in msg ("length 65 exceeds 64"). A
 * fault in `faults` matching the row's `off` passes everything. */
bool jr_limit_str(jr_limit_id id, const char *s, jr_fault_set faults, char *msg, size_t n);
bool jr_limit_int(jr_limit_id id, int64_t v, jr_fault_set faults, char *msg, size_t n);

#endif
