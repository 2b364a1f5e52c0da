/* Enumerations of the AWS IoT Jobs API and the operations libjobsref knows.
 *
 * Every enum has a _COUNT member so tables can be sized by it. The *_name()
 * functions return static strings spelled exactly as on the wire; the
 * *_parse() functions accept exactly those spellings (case-sensitive, as AWS
 * does) and return false for anything else. */
#ifndef JOBSREF_TYPES_H
#define JOBSREF_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JR_VERSION "0.1.0"

/* Which listener a request arrived on: the same method and path mean
 * different operations on each (GET /things/{thingName}/jobs). */
typedef enum jr_plane {
    JR_PLANE_CONTROL = 0, /* service `iot`, signing name execute-api */
    JR_PLANE_DATA = 1,    /* service `iot-jobs-data` */
    JR_PLANE_COUNT
} jr_plane;

typedef enum jr_op {
    JR_OP_NONE = 0,
    /* control plane: the 13 job management operations of the seed */
    JR_OP_ASSOCIATE_TARGETS_WITH_JOB,
    JR_OP_CANCEL_JOB,
    JR_OP_CANCEL_JOB_EXECUTION,
    JR_OP_CREATE_JOB,
    JR_OP_DELETE_JOB,
    JR_OP_DELETE_JOB_EXECUTION,
    JR_OP_DESCRIBE_JOB,
    JR_OP_DESCRIBE_JOB_EXECUTION,
    JR_OP_GET_JOB_DOCUMENT,
    JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB,
    JR_OP_LIST_JOB_EXECUTIONS_FOR_THING,
    JR_OP_LIST_JOBS,
    JR_OP_UPDATE_JOB,
    /* control plane: registry operations that job targets depend on */
    JR_OP_CREATE_THING,
    JR_OP_DESCRIBE_THING,
    JR_OP_DELETE_THING,
    JR_OP_CREATE_THING_GROUP,
    JR_OP_DESCRIBE_THING_GROUP,
    JR_OP_DELETE_THING_GROUP,
    JR_OP_ADD_THING_TO_THING_GROUP,
    JR_OP_REMOVE_THING_FROM_THING_GROUP,
    JR_OP_LIST_THINGS_IN_THING_GROUP,
    /* data plane (iot-jobs-data) */
    JR_OP_GET_PENDING_JOB_EXECUTIONS,
    JR_OP_START_NEXT_PENDING_JOB_EXECUTION,
    JR_OP_DATA_DESCRIBE_JOB_EXECUTION,
    JR_OP_UPDATE_JOB_EXECUTION,
    JR_OP_COUNT
} jr_op;

/* "CreateJob", "DescribeJobExecution", ... (the model's operation name). */
const char *jr_op_name(jr_op op);
jr_plane jr_op_plane(jr_op op);
/* Parses the model's operation name for the given plane. */
bool jr_op_parse(jr_plane plane, const char *name, jr_op *out);

typedef enum jr_job_status {
    JR_JOB_IN_PROGRESS = 0,
    JR_JOB_CANCELED,
    JR_JOB_COMPLETED,
    JR_JOB_DELETION_IN_PROGRESS,
    JR_JOB_SCHEDULED,
    JR_JOB_STATUS_COUNT
} jr_job_status;

typedef enum jr_exec_status {
    JR_EXEC_QUEUED = 0,
    JR_EXEC_IN_PROGRESS,
    JR_EXEC_SUCCEEDED,
    JR_EXEC_FAILED,
    JR_EXEC_TIMED_OUT,
    JR_EXEC_REJECTED,
    JR_EXEC_REMOVED,
    JR_EXEC_CANCELED,
    JR_EXEC_STATUS_COUNT
} jr_exec_status;

typedef enum jr_target_selection {
    JR_TARGET_SNAPSHOT = 0,
    JR_TARGET_CONTINUOUS,
    JR_TARGET_SELECTION_COUNT
} jr_target_selection;

/* AbortCriteria.failureType (JobExecutionFailureType). */
typedef enum jr_failure_type {
    JR_FAILURE_FAILED = 0,
    JR_FAILURE_REJECTED,
    JR_FAILURE_TIMED_OUT,
    JR_FAILURE_ALL,
    JR_FAILURE_TYPE_COUNT
} jr_failure_type;

/* RetryCriteria.failureType (RetryableFailureType): no REJECTED. */
typedef enum jr_retry_failure_type {
    JR_RETRY_FAILED = 0,
    JR_RETRY_TIMED_OUT,
    JR_RETRY_ALL,
    JR_RETRY_FAILURE_TYPE_COUNT
} jr_retry_failure_type;

typedef enum jr_abort_action { JR_ABORT_CANCEL = 0, JR_ABORT_ACTION_COUNT } jr_abort_action;

typedef enum jr_end_behavior {
    JR_END_STOP_ROLLOUT = 0,
    JR_END_CANCEL,
    JR_END_FORCE_CANCEL,
    JR_END_BEHAVIOR_COUNT
} jr_end_behavior;

const char *jr_job_status_name(jr_job_status s);
bool jr_job_status_parse(const char *s, jr_job_status *out);
const char *jr_exec_status_name(jr_exec_status s);
bool jr_exec_status_parse(const char *s, jr_exec_status *out);
/* SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED, CANCELED. */
bool jr_exec_status_is_terminal(jr_exec_status s);
const char *jr_target_selection_name(jr_target_selection t);
bool jr_target_selection_parse(const char *s, jr_target_selection *out);
const char *jr_failure_type_name(jr_failure_type f);
bool jr_failure_type_parse(const char *s, jr_failure_type *out);
const char *jr_retry_failure_type_name(jr_retry_failure_type f);
bool jr_retry_failure_type_parse(const char *s, jr_retry_failure_type *out);
const char *jr_abort_action_name(jr_abort_action a);
bool jr_abort_action_parse(const char *s, jr_abort_action *out);
const char *jr_end_behavior_name(jr_end_behavior e);
bool jr_end_behavior_parse(const char *s, jr_end_behavior *out);

/* Return convention of every fallible libjobsref function: JR_OK, or JR_FAIL
 * with a jr_error filled in (see error.h). */
typedef enum jr_status { JR_OK = 0, JR_FAIL = 1 } jr_status;

#ifdef __cplusplus
}
#endif
#endif
