/* The operation table (see ops.h). Error lists: the `errors` of each
 * operation in the service models, as spec/wire-facts.md lists them. */
#include "ops.h"

#define LIT(s) {JR_SEG_LITERAL, s, sizeof(s) - 1}
#define LABEL(name) {JR_SEG_LABEL, name, 0}
#define NEXT {JR_SEG_NEXT, "$next", 5}

#define E_IR JR_ERR_INVALID_REQUEST
#define E_NF JR_ERR_RESOURCE_NOT_FOUND
#define E_LE JR_ERR_LIMIT_EXCEEDED
#define E_TH JR_ERR_THROTTLING
#define E_SU JR_ERR_SERVICE_UNAVAILABLE
#define E_ST JR_ERR_INVALID_STATE_TRANSITION
#define E_VC JR_ERR_VERSION_CONFLICT
#define E_AE JR_ERR_RESOURCE_ALREADY_EXISTS
#define E_IF JR_ERR_INTERNAL_FAILURE
#define E_TS JR_ERR_TERMINAL_STATE
#define E_CV JR_ERR_CERTIFICATE_VALIDATION
#define E_UA JR_ERR_UNAUTHORIZED
#define END JR_ERR_NONE

static const jr_error_type ERR_ASSOCIATE[] = {E_IR, E_NF, E_LE, E_TH, E_SU, END};
static const jr_error_type ERR_CANCEL_JOB[] = {E_IR, E_NF, E_TH, E_SU, E_LE, END};
static const jr_error_type ERR_CANCEL_EXEC[] = {E_IR, E_ST, E_NF, E_TH, E_SU, E_VC, END};
static const jr_error_type ERR_CREATE_JOB[] = {E_IR, E_NF, E_AE, E_LE, E_TH, E_SU, END};
static const jr_error_type ERR_DELETE_JOB[] = {E_IR, E_ST, E_NF, E_LE, E_TH, E_SU, END};
static const jr_error_type ERR_DELETE_EXEC[] = {E_IR, E_ST, E_NF, E_TH, E_SU, END};
static const jr_error_type ERR_READ[] = {E_IR, E_NF, E_TH, E_SU, END}; /* describe, list, get, update job */
static const jr_error_type ERR_CREATE_THING[] = {E_IR, E_TH, E_UA, E_SU, E_IF, E_AE, E_NF, END};
static const jr_error_type ERR_DESCRIBE_THING[] = {E_NF, E_IR, E_TH, E_UA, E_SU, E_IF, END};
static const jr_error_type ERR_DELETE_THING[] = {E_NF, E_VC, E_IR, E_TH, E_UA, E_SU, E_IF, END};
static const jr_error_type ERR_CREATE_GROUP[] = {E_IR, E_AE, E_TH, E_IF, END};
static const jr_error_type ERR_DESCRIBE_GROUP[] = {E_IR, E_TH, E_IF, E_NF, END};
static const jr_error_type ERR_DELETE_GROUP[] = {E_IR, E_VC, E_TH, E_IF, END};
static const jr_error_type ERR_MEMBERSHIP[] = {E_IR, E_TH, E_IF, E_NF, END};
static const jr_error_type ERR_LIST_THINGS[] = {E_IR, E_IF, E_NF, E_TH, END};
static const jr_error_type ERR_DATA_READ[] = {E_IR, E_NF, E_TH, E_SU, E_CV, END};
static const jr_error_type ERR_DATA_DESCRIBE[] = {E_IR, E_NF, E_TH, E_SU, E_CV, E_TS, END};
static const jr_error_type ERR_UPDATE_EXEC[] = {E_IR, E_NF, E_TH, E_SU, E_CV, E_ST, END};

#define C JR_PLANE_CONTROL
#define D JR_PLANE_DATA
/* One row: info columns, then decoder, handler, encoder, then the path
 * template's segments (as many as the template has). */
#define ROW(OP, NAME, PLANE, METHOD, PATH, BODY, ERRS, DEC, HANDLE, ENC, NSEG, ...)                              \
    [OP] = {{OP, NAME, PLANE, METHOD, PATH, BODY, ERRS}, NSEG, {__VA_ARGS__}, DEC, HANDLE, ENC}

/* clang-format off */
const jr_op_row OPS[JR_OP_COUNT] = {
    ROW(JR_OP_ASSOCIATE_TARGETS_WITH_JOB, "AssociateTargetsWithJob", C, "POST", "/jobs/{jobId}/targets", true, ERR_ASSOCIATE,
        jr_dec_associate, jr_h_associate, jr_enc_job_ref, 3,
        LIT("jobs"), LABEL("jobId"), LIT("targets")),
    ROW(JR_OP_CANCEL_JOB, "CancelJob", C, "PUT", "/jobs/{jobId}/cancel", true, ERR_CANCEL_JOB,
        jr_dec_cancel_job, jr_h_cancel_job, jr_enc_job_ref, 3,
        LIT("jobs"), LABEL("jobId"), LIT("cancel")),
    ROW(JR_OP_CANCEL_JOB_EXECUTION, "CancelJobExecution", C, "PUT", "/things/{thingName}/jobs/{jobId}/cancel", true, ERR_CANCEL_EXEC,
        jr_dec_cancel_exec, jr_h_cancel_exec, jr_enc_empty, 5,
        LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId"), LIT("cancel")),
    ROW(JR_OP_CREATE_JOB, "CreateJob", C, "PUT", "/jobs/{jobId}", true, ERR_CREATE_JOB,
        jr_dec_create_job, jr_h_create_job, jr_enc_job_ref, 2,
        LIT("jobs"), LABEL("jobId")),
    ROW(JR_OP_DELETE_JOB, "DeleteJob", C, "DELETE", "/jobs/{jobId}", false, ERR_DELETE_JOB,
        jr_dec_delete_job, jr_h_delete_job, jr_enc_empty, 2,
        LIT("jobs"), LABEL("jobId")),
    ROW(JR_OP_DELETE_JOB_EXECUTION, "DeleteJobExecution", C, "DELETE",
        "/things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}", false, ERR_DELETE_EXEC,
        jr_dec_delete_exec, jr_h_delete_exec, jr_enc_empty, 6,
        LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId"), LIT("executionNumber"),
                              LABEL("executionNumber")),
    ROW(JR_OP_DESCRIBE_JOB, "DescribeJob", C, "GET", "/jobs/{jobId}", false, ERR_READ,
        jr_dec_none, jr_h_describe_job, jr_enc_describe_job, 2,
        LIT("jobs"), LABEL("jobId")),
    ROW(JR_OP_DESCRIBE_JOB_EXECUTION, "DescribeJobExecution", C, "GET", "/things/{thingName}/jobs/{jobId}", false, ERR_READ,
        jr_dec_describe_exec, jr_h_describe_exec, jr_enc_exec_control, 4,
        LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId")),
    ROW(JR_OP_GET_JOB_DOCUMENT, "GetJobDocument", C, "GET", "/jobs/{jobId}/job-document", false, ERR_READ,
        jr_dec_none, jr_h_get_job_document, jr_enc_job_document, 3,
        LIT("jobs"), LABEL("jobId"), LIT("job-document")),
    ROW(JR_OP_LIST_JOB_EXECUTIONS_FOR_JOB, "ListJobExecutionsForJob", C, "GET", "/jobs/{jobId}/things", false, ERR_READ,
        jr_dec_list_execs_for_job, jr_h_list_execs_for_job, jr_enc_execs_for_job, 3,
        LIT("jobs"), LABEL("jobId"), LIT("things")),
    ROW(JR_OP_LIST_JOB_EXECUTIONS_FOR_THING, "ListJobExecutionsForThing", C, "GET", "/things/{thingName}/jobs", false, ERR_READ,
        jr_dec_list_execs_for_thing, jr_h_list_execs_for_thing, jr_enc_execs_for_thing, 3,
        LIT("things"), LABEL("thingName"), LIT("jobs")),
    ROW(JR_OP_LIST_JOBS, "ListJobs", C, "GET", "/jobs", false, ERR_READ,
        jr_dec_list_jobs, jr_h_list_jobs, jr_enc_list_jobs, 1,
        LIT("jobs")),
    ROW(JR_OP_UPDATE_JOB, "UpdateJob", C, "PATCH", "/jobs/{jobId}", true, ERR_READ,
        jr_dec_update_job, jr_h_update_job, jr_enc_empty, 2,
        LIT("jobs"), LABEL("jobId")),
    ROW(JR_OP_CREATE_THING, "CreateThing", C, "POST", "/things/{thingName}", true, ERR_CREATE_THING,
        jr_dec_create_thing, jr_h_create_thing, jr_enc_thing_ref, 2,
        LIT("things"), LABEL("thingName")),
    ROW(JR_OP_DESCRIBE_THING, "DescribeThing", C, "GET", "/things/{thingName}", false, ERR_DESCRIBE_THING,
        jr_dec_none, jr_h_describe_thing, jr_enc_describe_thing, 2,
        LIT("things"), LABEL("thingName")),
    ROW(JR_OP_DELETE_THING, "DeleteThing", C, "DELETE", "/things/{thingName}", false, ERR_DELETE_THING,
        jr_dec_delete_registry, jr_h_delete_thing, jr_enc_empty, 2,
        LIT("things"), LABEL("thingName")),
    ROW(JR_OP_CREATE_THING_GROUP, "CreateThingGroup", C, "POST", "/thing-groups/{thingGroupName}", true, ERR_CREATE_GROUP,
        jr_dec_create_group, jr_h_create_group, jr_enc_group_ref, 2,
        LIT("thing-groups"), LABEL("thingGroupName")),
    ROW(JR_OP_DESCRIBE_THING_GROUP, "DescribeThingGroup", C, "GET", "/thing-groups/{thingGroupName}", false, ERR_DESCRIBE_GROUP,
        jr_dec_none, jr_h_describe_group, jr_enc_describe_group, 2,
        LIT("thing-groups"), LABEL("thingGroupName")),
    ROW(JR_OP_DELETE_THING_GROUP, "DeleteThingGroup", C, "DELETE", "/thing-groups/{thingGroupName}", false, ERR_DELETE_GROUP,
        jr_dec_delete_registry, jr_h_delete_group, jr_enc_empty, 2,
        LIT("thing-groups"), LABEL("thingGroupName")),
    ROW(JR_OP_ADD_THING_TO_THING_GROUP, "AddThingToThingGroup", C, "PUT", "/thing-groups/addThingToThingGroup", true, ERR_MEMBERSHIP,
        jr_dec_add_to_group, jr_h_add_to_group, jr_enc_empty, 2,
        LIT("thing-groups"), LIT("addThingToThingGroup")),
    ROW(JR_OP_REMOVE_THING_FROM_THING_GROUP, "RemoveThingFromThingGroup", C, "PUT",
        "/thing-groups/removeThingFromThingGroup", true, ERR_MEMBERSHIP,
        jr_dec_remove_from_group, jr_h_remove_from_group, jr_enc_empty, 2,
        LIT("thing-groups"), LIT("removeThingFromThingGroup")),
    ROW(JR_OP_LIST_THINGS_IN_THING_GROUP, "ListThingsInThingGroup", C, "GET", "/thing-groups/{thingGroupName}/things",
        false, ERR_LIST_THINGS, jr_dec_list_things, jr_h_list_things, jr_enc_list_things, 3,
        LIT("thing-groups"), LABEL("thingGroupName"), LIT("things")),
    ROW(JR_OP_GET_PENDING_JOB_EXECUTIONS, "GetPendingJobExecutions", D, "GET", "/things/{thingName}/jobs", false, ERR_DATA_READ,
        jr_dec_none, jr_h_pending, jr_enc_pending, 3,
        LIT("things"), LABEL("thingName"), LIT("jobs")),
    ROW(JR_OP_START_NEXT_PENDING_JOB_EXECUTION, "StartNextPendingJobExecution", D, "PUT",
        "/things/{thingName}/jobs/$next", true, ERR_DATA_READ,
        jr_dec_start_next, jr_h_start_next, jr_enc_exec_data, 4,
        LIT("things"), LABEL("thingName"), LIT("jobs"), NEXT),
    ROW(JR_OP_DATA_DESCRIBE_JOB_EXECUTION, "DescribeJobExecution", D, "GET", "/things/{thingName}/jobs/{jobId}", false, ERR_DATA_DESCRIBE,
        jr_dec_data_describe, jr_h_data_describe, jr_enc_exec_data, 4,
        LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId")),
    ROW(JR_OP_UPDATE_JOB_EXECUTION, "UpdateJobExecution", D, "POST", "/things/{thingName}/jobs/{jobId}", true, ERR_UPDATE_EXEC,
        jr_dec_update_exec, jr_h_update_exec, jr_enc_update_exec, 4,
        LIT("things"), LABEL("thingName"), LIT("jobs"), LABEL("jobId")),
};
/* clang-format on */

const jr_op_info *jr_op_info_get(jr_op op)
{
    if ((int)op <= JR_OP_NONE || op >= JR_OP_COUNT) return NULL;
    return &OPS[op].info;
}
