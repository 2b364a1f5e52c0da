/* The limits table (see limits.h). Every figure is the service model's
 * constraint as spec/wire-facts.md lists it (iot and iot-jobs-data), cited
 * here once; request.h's JR_*_MAX names the same figures for code that needs
 * them outside validation. */
#include "limits.h"

#include <inttypes.h>
#include <stdio.h>

#include "jobsref/request.h"
#include "validate.h"

#define NOF JR_LIM_NO_FAULT
#define CFG JR_FAULT_NO_CONFIG_RANGE_CHECK

/* clang-format off */
const jr_limit JR_LIMITS[JR_LIMIT_COUNT] = {
    /*                     member                         op  min  max  extra?  extra  pattern  off  message */
    [JR_LIM_JOB_ID] =           {"jobId", JR_OP_NONE, 1, JR_JOB_ID_MAX, false, 0, JR_PAT_ID, NOF, "must match [a-zA-Z0-9_-]+"},
    [JR_LIM_NAME] =             {"thingName", JR_OP_NONE, 1, JR_THING_NAME_MAX, false, 0, JR_PAT_NAME, NOF,
                                 "must match [a-zA-Z0-9:_-]+"},
    [JR_LIM_NAMESPACE_ID] =     {"namespaceId", JR_OP_NONE, 0, 0, false, 0, JR_PAT_ID, NOF, "must match [a-zA-Z0-9_-]+"},
    [JR_LIM_DESCRIPTION] =      {"description", JR_OP_NONE, 1, JR_DESCRIPTION_MAX, false, 0, JR_PAT_TEXT, NOF,
                                 "contains a control, format or private-use character"},
    [JR_LIM_COMMENT] =          {"comment", JR_OP_NONE, 1, JR_COMMENT_MAX, false, 0, JR_PAT_TEXT, NOF,
                                 "contains a control, format or private-use character"},
    [JR_LIM_REASON_CODE] =      {"reasonCode", JR_OP_CANCEL_JOB, 1, JR_REASON_CODE_MAX, false, 0, JR_PAT_REASON_CODE, NOF,
                                 "must match [A-Z0-9_]+"},
    [JR_LIM_DOCUMENT] =         {"document", JR_OP_CREATE_JOB, 0, JR_DOCUMENT_MAX, false, 0, JR_PAT_ANY,
                                 JR_FAULT_NO_DOCUMENT_LIMIT, NULL},
    [JR_LIM_DOCUMENT_SOURCE] =  {"documentSource", JR_OP_CREATE_JOB, 1, JR_DOCUMENT_SOURCE_MAX, false, 0, JR_PAT_S3_URL,
                                 NOF, "not an https S3 object URL"},
    [JR_LIM_JOB_TEMPLATE_ARN] = {"jobTemplateArn", JR_OP_CREATE_JOB, 1, JR_JOB_TEMPLATE_ARN_MAX, false, 0,
                                 JR_PAT_TEMPLATE_ARN, NOF, "must match ^arn:[!-~]+$"},
    [JR_LIM_THING_GROUP_ID] =   {"thingGroupId", JR_OP_LIST_JOBS, 1, 128, false, 0, JR_PAT_GROUP_ID, NOF,
                                 "must match [a-zA-Z0-9\\-]+"},
    [JR_LIM_ROLE_ARN] =         {"roleArn", JR_OP_NONE, JR_ROLE_ARN_MIN, JR_ROLE_ARN_MAX, false, 0, JR_PAT_ANY, NOF, NULL},
    [JR_LIM_SCHEDULE_TIME] =    {"startTime", JR_OP_CREATE_JOB, 1, 64, false, 0, JR_PAT_ANY, NOF, NULL},
    [JR_LIM_TAG_KEY] =          {"Key", JR_OP_NONE, 1, 128, false, 0, JR_PAT_TAG_KEY, NOF,
                                 "must match [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*"},
    [JR_LIM_TAG_VALUE] =        {"Value", JR_OP_NONE, 0, 256, false, 0, JR_PAT_ANY, NOF, NULL},
    [JR_LIM_TARGET_ARN] =       {"targets", JR_OP_NONE, 0, JR_TARGET_ARN_MAX, false, 0, JR_PAT_ANY, NOF, NULL},
    [JR_LIM_DETAILS_KEY] =      {"statusDetails", JR_OP_NONE, 1, JR_DETAILS_KEY_MAX, false, 0, JR_PAT_NAME, NOF,
                                 "must match [a-zA-Z0-9:_-]+"},
    [JR_LIM_DETAILS_VALUE] =    {"statusDetails", JR_OP_CANCEL_JOB_EXECUTION, 1, 0, false, 0, JR_PAT_TEXT, NOF,
                                 "contains a control, format or private-use character"},
    [JR_LIM_DETAILS_VALUE_DATA] = {"statusDetails", JR_OP_NONE, 1, JR_DATA_DETAILS_VALUE_MAX, false, 0, JR_PAT_TEXT, NOF,
                                   "contains a control, format or private-use character"},
    [JR_LIM_PARAMETER_KEY] =    {"documentParameters", JR_OP_CREATE_JOB, 1, JR_PARAMETER_KEY_MAX, false, 0, JR_PAT_ID, NOF,
                                 "must match [a-zA-Z0-9_-]+"},
    [JR_LIM_PARAMETER_VALUE] =  {"documentParameters", JR_OP_CREATE_JOB, 1, JR_PARAMETER_VALUE_MAX, false, 0, JR_PAT_TEXT,
                                 NOF, "contains a control, format or private-use character"},
    [JR_LIM_ATTRIBUTE_KEY] =    {"attributes", JR_OP_CREATE_THING, 1, 800, false, 0, JR_PAT_TEXT, NOF,
                                 "contains a control, format or private-use character"},
    [JR_LIM_ATTRIBUTE_VALUE] =  {"attributes", JR_OP_CREATE_THING, 0, 800, false, 0, JR_PAT_TEXT, NOF,
                                 "contains a control, format or private-use character"},
    [JR_LIM_MAX_RESULTS] =      {"maxResults", JR_OP_NONE, JR_MAX_RESULTS_MIN, JR_MAX_RESULTS_MAX, false, 0, JR_PAT_ANY,
                                 JR_FAULT_NO_MAX_RESULTS_CHECK, NULL},
    [JR_LIM_EXPIRES_IN_SEC] =   {"expiresInSec", JR_OP_NONE, JR_EXPIRES_IN_SEC_MIN, JR_EXPIRES_IN_SEC_MAX, false, 0,
                                 JR_PAT_ANY, CFG, NULL},
    [JR_LIM_MAXIMUM_PER_MINUTE] = {"maximumPerMinute", JR_OP_NONE, 1, 1000, false, 0, JR_PAT_ANY, CFG, NULL},
    [JR_LIM_BASE_RATE_PER_MINUTE] = {"baseRatePerMinute", JR_OP_NONE, JR_BASE_RATE_MIN, JR_BASE_RATE_MAX, false, 0,
                                     JR_PAT_ANY, CFG, NULL},
    [JR_LIM_RATE_INCREASE_THINGS] = {"numberOfNotifiedThings", JR_OP_NONE, 1, INT64_MAX, false, 0, JR_PAT_ANY, CFG, NULL},
    [JR_LIM_MIN_EXECUTED_THINGS] = {"minNumberOfExecutedThings", JR_OP_NONE, 1, INT64_MAX, false, 0, JR_PAT_ANY, CFG,
                                    NULL},
    [JR_LIM_IN_PROGRESS_TIMEOUT] = {"inProgressTimeoutInMinutes", JR_OP_NONE, JR_TIMEOUT_MINUTES_MIN,
                                    JR_TIMEOUT_MINUTES_MAX, false, 0, JR_PAT_ANY, CFG, NULL},
    [JR_LIM_NUMBER_OF_RETRIES] = {"numberOfRetries", JR_OP_NONE, 0, JR_NUMBER_OF_RETRIES_MAX, false, 0, JR_PAT_ANY, CFG,
                                  NULL},
    [JR_LIM_STEP_TIMEOUT] =     {"stepTimeoutInMinutes", JR_OP_NONE, JR_TIMEOUT_MINUTES_MIN, JR_TIMEOUT_MINUTES_MAX,
                                 true, -1, JR_PAT_ANY, NOF, "must be -1 or within 1..10080"},
    [JR_LIM_NON_NEGATIVE] =     {"expectedVersion", JR_OP_NONE, 0, INT64_MAX, false, 0, JR_PAT_ANY, NOF,
                                 "must not be negative"},
    [JR_LIM_STATUS_DETAILS_ENTRIES] = {"statusDetails", JR_OP_NONE, 0, JR_STATUS_DETAILS_MAX_ENTRIES, false, 0, JR_PAT_ANY,
                                       NOF, NULL},
    [JR_LIM_RETRY_CRITERIA] =   {"criteriaList", JR_OP_NONE, 1, JR_RETRY_CRITERIA_MAX, false, 0, JR_PAT_ANY, NOF, NULL},
};
/* clang-format on */

static bool pattern_ok(jr_pattern p, const char *s)
{
    switch (p) {
    case JR_PAT_ANY: return true;
    case JR_PAT_TEXT: return jr_no_other_chars(s);
    case JR_PAT_ID: return jr_is_id_chars(s);
    case JR_PAT_NAME: return jr_is_name_chars(s);
    case JR_PAT_GROUP_ID: return jr_is_group_id_chars(s);
    case JR_PAT_REASON_CODE: return jr_is_reason_code_chars(s);
    case JR_PAT_TEMPLATE_ARN: return jr_is_template_arn(s);
    case JR_PAT_S3_URL: return jr_is_s3_url(s);
    case JR_PAT_TAG_KEY: return jr_is_tag_key_chars(s);
    default: return false;
    }
}

static bool switched_off(const jr_limit *l, jr_fault_set faults)
{
    return l->off != JR_LIM_NO_FAULT && jr_fault_on(faults, l->off);
}

bool jr_limit_str(jr_limit_id id, const char *s, jr_fault_set faults, char *msg, size_t n)
{
    const jr_limit *l = &JR_LIMITS[id];
    if (switched_off(l, faults)) return true;
    size_t len = jr_utf16_len(s);
    size_t min = (size_t)l->min, max = (size_t)l->max;
    if (len == 0 && min > 0) {
        snprintf(msg, n, "must not be empty");
        return false;
    }
    if (len < min) {
        snprintf(msg, n, "length %zu is below %zu", len, min);
        return false;
    }
    if (max && len > max) {
        snprintf(msg, n, "length %zu exceeds %zu", len, max);
        return false;
    }
    if (!pattern_ok(l->pattern, s)) {
        snprintf(msg, n, "%s", l->message);
        return false;
    }
    return true;
}

bool jr_limit_int(jr_limit_id id, int64_t v, jr_fault_set faults, char *msg, size_t n)
{
    const jr_limit *l = &JR_LIMITS[id];
    if (switched_off(l, faults)) return true;
    if ((v >= l->min && v <= l->max) || (l->has_extra && v == l->extra)) return true;
    if (l->has_extra) snprintf(msg, n, "value %" PRId64 " %s", v, l->message);
    else if (l->message) snprintf(msg, n, "%s", l->message);
    else if (l->max == INT64_MAX) snprintf(msg, n, "value %" PRId64 " is below %" PRId64, v, l->min);
    else snprintf(msg, n, "value %" PRId64 " outside %" PRId64 "..%" PRId64, v, l->min, l->max);
    return false;
}
