/* Names of the API's enumerations, spelled exactly as on the wire. */
#include "jobsref/types.h"

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

static const char *const op_names[JR_OP_COUNT] = {
    [JR_OP_NONE] = "None",
    [JR_OP_ASSOCIATE_TARGETS_WITH_JOB] = "AssociateTargetsWithJob",
    [JR_OP_CANCEL_JOB] = "CancelJob",
    [JR_OP_CANCEL_JOB_EXECUTION] = "CancelJobExecution",
    [JR_OP_CREATE_JOB] = "CreateJob",
    [JR_OP_DELETE_JOB] = "DeleteJob",
    [JR_OP_DELETE_JOB_EXECUTION] = "DeleteJobExecution",
    [JR_OP_DESCRIBE_JOB] = "DescribeJob",
    [JR_OP_DESCRIBE_JOB_EXECUTION] = "DescribeJobExecution",
    [JR_OP_GET_JOB_DOCUMENT] = "GetJobDocument",
    [JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB] = "ListJobExecutionsForJob",
    [JR_OP_LIST_JOB_EXECUTIONS_FOR_THING] = "ListJobExecutionsForThing",
    [JR_OP_LIST_JOBS] = "ListJobs",
    [JR_OP_UPDATE_JOB] = "UpdateJob",
    [JR_OP_CREATE_THING] = "CreateThing",
    [JR_OP_DESCRIBE_THING] = "DescribeThing",
    [JR_OP_DELETE_THING] = "DeleteThing",
    [JR_OP_CREATE_THING_GROUP] = "CreateThingGroup",
    [JR_OP_DESCRIBE_THING_GROUP] = "DescribeThingGroup",
    [JR_OP_DELETE_THING_GROUP] = "DeleteThingGroup",
    [JR_OP_ADD_THING_TO_THING_GROUP] = "AddThingToThingGroup",
    [JR_OP_REMOVE_THING_FROM_THING_GROUP] = "RemoveThingFromThingGroup",
    [JR_OP_LIST_THINGS_IN_THING_GROUP] = "ListThingsInThingGroup",
    [JR_OP_GET_PENDING_JOB_EXECUTIONS] = "GetPendingJobExecutions",
    [JR_OP_START_NEXT_PENDING_JOB_EXECUTION] = "StartNextPendingJobExecution",
    [JR_OP_DATA_DESCRIBE_JOB_EXECUTION] = "DescribeJobExecution",
    [JR_OP_UPDATE_JOB_EXECUTION] = "UpdateJobExecution",
};

const char *jr_op_name(jr_op op) { return NAME_OR(op_names, op); }

jr_plane jr_op_plane(jr_op op)
{
    return op >= JR_OP_GET_PENDING_JOB_EXECUTIONS && op < JR_OP_COUNT ? JR_PLANE_DATA : JR_PLANE_CONTROL;
}

bool jr_op_parse(jr_plane plane, const char *name, jr_op *out)
{
    if (name == NULL) return false;
    for (int i = JR_OP_NONE + 1; i < JR_OP_COUNT; i++) {
        if (jr_op_plane((jr_op)i) == plane && strcmp(op_names[i], name) == 0) {
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
