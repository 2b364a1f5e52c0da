/* Plain views of what a response renders: the handler fills them from the
 * core (reading every domain fact -- isConcurrent, processingTargets, the
 * time left, which counters a fault shows -- from core functions), and the
 * encoders (encode_response.c) only turn them into JSON. This header knows
 * nothing of the machine's internals; pointers in a view point into the
 * machine or into the view itself and stay valid until the next call that
 * may change the machine. */
#ifndef JR_VIEWS_H
#define JR_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jobsref/request.h"
#include "jobsref/types.h"

#define JR_ARN_BUF 320
#define JR_UUID_BUF 40

/* A string map (statusDetails, attributes, documentParameters) as the
 * core holds it: `count` entries, values never NULL. */
typedef struct jr_map_view {
    const jr_kv *items;
    size_t count;
} jr_map_view;

/* An iot Job, its JobSummary and the {jobArn, jobId, description} reply. */
typedef struct jr_job_out {
    char arn[JR_ARN_BUF];
    const char *job_id;
    const char *description, *document, *document_source, *reason_code, *comment, *namespace_id,
        *job_template_arn;
    jr_target_selection selection;
    jr_job_status status;
    bool force_canceled;
    const char *const *targets;
    size_t ntargets;
    /* processingTargets (the core decides which targets are in process) */
    const char *const *processing;
    size_t nprocessing;
    bool is_concurrent;
    const jr_presigned_url_config *presigned;
    const jr_rollout_config *rollout;
    const jr_abort_config *abort_cfg;
    const jr_timeout_config *timeout;
    const jr_retry_config *retry;
    const jr_scheduling_config *sched;
    bool has_doc_params;
    jr_map_view doc_params;
    int64_t created_at, updated_at, completed_at; /* ms; completed_at 0 = none */
    /* jobProcessDetails counters to show, indexed by jr_exec_status */
    uint32_t counters[JR_EXEC_STATUS_COUNT];
    const char *thing_group_id; /* JobSummary: NULL when none */
    char thing_group_id_buf[JR_UUID_BUF];
} jr_job_out;

/* A job execution in any of its renderings (iot JobExecution and
 * JobExecutionSummary, iot-jobs-data JobExecution, JobExecutionSummary and
 * JobExecutionState). */
typedef struct jr_exec_out {
    const char *job_id;
    const char *thing_name;
    char thing_arn[JR_ARN_BUF]; /* filled for the control plane only */
    jr_exec_status status;
    bool force_canceled;
    jr_map_view details;
    int64_t queued_at, started_at, updated_at; /* ms; started_at 0 = never */
    int64_t number, version, retry_attempt;
    int64_t seconds_left;     /* approximateSecondsBeforeTimedOut; -1 = absent */
    const char *job_document; /* NULL unless rendered */
} jr_exec_out;

typedef struct jr_thing_out {
    const char *name;
    char arn[JR_ARN_BUF];
    char id[JR_UUID_BUF];
    jr_map_view attributes;
} jr_thing_out;

typedef struct jr_group_out {
    const char *name;
    char arn[JR_ARN_BUF];
    char id[JR_UUID_BUF];
    const char *parent_name; /* NULL when top level */
    int64_t created_at;
} jr_group_out;

/* What one operation returns, filled by its handler and read by its encoder
 * (the operation table pairs them). Members an operation does not use stay
 * zero. Page arrays are heap memory released by jr_result_release. */
typedef struct jr_result {
    jr_job_out job;        /* job ref, DescribeJob, GetJobDocument */
    bool has_exec;         /* an execution to render (StartNext, describes) */
    jr_exec_out exec;
    bool with_state;       /* UpdateJobExecution: executionState */
    const char *document;  /* UpdateJobExecution / GetJobDocument: jobDocument */
    jr_thing_out thing;
    jr_group_out group;
    /* pages: ListJobs (jobs), execution lists and GetPendingJobExecutions
     * (execs; `queued` marks the QUEUED ones of the pending list),
     * ListThingsInThingGroup (names) */
    jr_job_out *jobs;
    jr_exec_out *execs;
    bool *queued;
    const char **names;
    size_t nitems, capitems;
    bool has_next_token;
    char next_token[64];
} jr_result;

void jr_result_release(jr_result *res);

#endif
