/* Names of the API's enumerations, spelled exactly as on the wire. */
#include "jobsref/types.h"
#include "jobsref/ops.h"

#include <string.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Looks `s` up in a name table; the index is the enum value. */
static bool parse_name(const char *const *names, size_t count, const char *s, int *out)
{
    if (s == NULL) return false;
    for (size_t i = 0; i < count; i++) {
        if (names[i] != NULL && strcmp(names[i], s) == 0) {
            *out = (int)i;
            return true;
        }
    }
    return false;
}

#define NAME_OR(names, v) ((unsigned)(v) < COUNT_OF(names) ? names[(unsigned)(v)] : "UNKNOWN")

/* Operation names and planes come from the operation table (ops.c). */
const char *jr_op_name(jr_op op)
{
    if (op == JR_OP_NONE) return "None";
    const jr_op_info *i = jr_op_info_get(op);
    return i ? i->name : "UNKNOWN";
}

jr_plane jr_op_plane(jr_op op)
{
    const jr_op_info *i = jr_op_info_get(op);
    return i ? i->plane : JR_PLANE_CONTROL;
}

bool jr_op_parse(jr_plane plane, const char *name, jr_op *out)
{
    if (name == NULL) return false;
    for (int i = JR_OP_NONE + 1; i < JR_OP_COUNT; i++) {
        const jr_op_info *info = jr_op_info_get((jr_op)i);
        if (info->plane == plane && strcmp(info->name, name) == 0) {
            *out = (jr_op)i;
            return true;
        }
    }
    return false;
}

static const char *const job_status_names[JR_JOB_STATUS_COUNT] = {
    "IN_PROGRESS", "CANCELED", "COMPLETED", "DELETION_IN_PROGRESS", "SCHEDULED",
};
static const char *const exec_status_names[JR_EXEC_STATUS_COUNT] = {
    "QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED", "REMOVED", "CANCELED",
};
static const char *const target_selection_names[JR_TARGET_SELECTION_COUNT] = {"SNAPSHOT", "CONTINUOUS"};
static const char *const failure_type_names[JR_FAILURE_TYPE_COUNT] = {"FAILED", "REJECTED", "TIMED_OUT", "ALL"};
static const char *const retry_failure_type_names[JR_RETRY_FAILURE_TYPE_COUNT] = {"FAILED", "TIMED_OUT", "ALL"};
static const char *const abort_action_names[JR_ABORT_ACTION_COUNT] = {"CANCEL"};
static const char *const end_behavior_names[JR_END_BEHAVIOR_COUNT] = {"STOP_ROLLOUT", "CANCEL", "FORCE_CANCEL"};

/* One name/parse pair per enum, all over the same table lookup. */
#define ENUM_NAMES(fn, type, table)                                              \
    const char *fn##_name(type v) { return NAME_OR(table, v); }                   \
    bool fn##_parse(const char *s, type *out)                                    \
    {                                                                            \
        int i;                                                                   \
        if (!parse_name(table, COUNT_OF(table), s, &i)) return false;            \
        *out = (type)i;                                                          \
        return true;                                                             \
    }

ENUM_NAMES(jr_job_status, jr_job_status, job_status_names)
ENUM_NAMES(jr_exec_status, jr_exec_status, exec_status_names)
ENUM_NAMES(jr_target_selection, jr_target_selection, target_selection_names)
ENUM_NAMES(jr_failure_type, jr_failure_type, failure_type_names)
ENUM_NAMES(jr_retry_failure_type, jr_retry_failure_type, retry_failure_type_names)
ENUM_NAMES(jr_abort_action, jr_abort_action, abort_action_names)
ENUM_NAMES(jr_end_behavior, jr_end_behavior, end_behavior_names)

bool jr_exec_status_is_terminal(jr_exec_status s)
{
    switch (s) {
    case JR_EXEC_SUCCEEDED:
    case JR_EXEC_FAILED:
    case JR_EXEC_TIMED_OUT:
    case JR_EXEC_REJECTED:
    case JR_EXEC_REMOVED:
    case JR_EXEC_CANCELED:
        return true;
    default:
        return false;
    }
}
