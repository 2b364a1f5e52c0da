/* Deliberate faults: each disables exactly one rule of the reference, so the
 * conformance suite's self-test can prove that its scenarios catch each kind
 * of violation. Off by default; switched on by `jobsref --fault NAME` or the
 * admin route. Names are kebab-case and stable (they appear in baselines and
 * in the self-test's fault-to-scenario map). */
#ifndef JOBSREF_FAULTS_H
#define JOBSREF_FAULTS_H

#include "jobsref/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jr_fault {
    /* decoding / validation */
    JR_FAULT_NO_DOCUMENT_LIMIT = 0,   /* "no-document-limit": documents over 32768 characters accepted */
    JR_FAULT_NO_JOBID_VALIDATION,     /* "no-jobid-validation": jobId pattern and length not checked */
    JR_FAULT_NO_MAX_RESULTS_CHECK,    /* "no-max-results-check": maxResults outside 1..250 accepted */
    JR_FAULT_NO_CONFIG_RANGE_CHECK,   /* "no-config-range-check": rollout/abort/retry/timeout/presigned ranges not checked */
    /* targets */
    JR_FAULT_SNAPSHOT_ASSOCIATION,    /* "snapshot-association": AssociateTargetsWithJob accepted on SNAPSHOT jobs */
    JR_FAULT_ASSOCIATE_ANY_STATUS,    /* "associate-any-status": AssociateTargetsWithJob accepted on jobs not IN_PROGRESS */
    JR_FAULT_NO_TARGET_LIMIT,         /* "no-target-limit": more than 100 targets per job accepted */
    JR_FAULT_UNKNOWN_TARGET_ACCEPTED, /* "unknown-target-accepted": targets that do not exist are accepted */
    JR_FAULT_CONTINUOUS_IGNORES_MEMBERSHIP, /* "continuous-ignores-membership": group joins/leaves do not affect CONTINUOUS jobs */
    /* job lifecycle */
    JR_FAULT_DUPLICATE_JOB_WRONG_ERROR, /* "duplicate-job-wrong-error": duplicate jobId gives InvalidRequestException */
    JR_FAULT_SNAPSHOT_NEVER_COMPLETES,  /* "snapshot-never-completes": SNAPSHOT jobs stay IN_PROGRESS when all executions are terminal */
    JR_FAULT_STALE_COUNTERS,            /* "stale-counters": jobProcessDetails counters not updated after creation */
    JR_FAULT_CANCEL_IGNORES_FORCE,      /* "cancel-ignores-force": CancelJob without force also cancels IN_PROGRESS executions */
    /* deletion */
    JR_FAULT_SYNC_DELETION,             /* "sync-deletion": DeleteJob removes the job at once, no DELETION_IN_PROGRESS */
    JR_FAULT_DELETE_IGNORES_FORCE,      /* "delete-ignores-force": DeleteJob of a non-terminal job succeeds without force */
    JR_FAULT_DELETION_ACCEPTS_CHANGES,  /* "deletion-accepts-changes": DeleteJob and CancelJob succeed during DELETION_IN_PROGRESS */
    JR_FAULT_NO_DELETION_LIMIT,         /* "no-deletion-limit": more than 10 jobs may be DELETION_IN_PROGRESS */
    /* executions */
    JR_FAULT_EXEC_CANCEL_IGNORES_FORCE, /* "exec-cancel-ignores-force": CancelJobExecution cancels IN_PROGRESS without force */
    JR_FAULT_EXEC_DELETE_IGNORES_FORCE, /* "exec-delete-ignores-force": DeleteJobExecution deletes non-terminal executions without force */
    JR_FAULT_TERMINAL_REOPENS,          /* "terminal-reopens": terminal executions accept further updates */
    JR_FAULT_NO_VERSION_CHECK,          /* "no-version-check": expectedVersion ignored */
    JR_FAULT_VERSION_NOT_INCREMENTED,   /* "version-not-incremented": versionNumber stays the same on updates */
    JR_FAULT_START_NEXT_WRONG_ORDER,    /* "start-next-wrong-order": StartNextPendingJobExecution takes the newest QUEUED first */
    JR_FAULT_DESCRIBE_FIRST_EXECUTION,  /* "describe-first-execution": omitted executionNumber gives the oldest execution */
    /* listing */
    JR_FAULT_PAGINATION_OVERLAP,        /* "pagination-overlap": each page repeats the last item of the previous one */
    JR_FAULT_STATUS_FILTER_IGNORED,     /* "status-filter-ignored": list status filters ignored */
    /* time */
    JR_FAULT_TIMERS_DISABLED,           /* "timers-disabled": in-progress and step timers never fire */
    JR_FAULT_TIMEOUT_UPDATE_RETROACTIVE,/* "timeout-update-retroactive": UpdateJob timeout applies to running executions */
    JR_FAULT_ROLLOUT_UNLIMITED,         /* "rollout-unlimited": rollout rate ignored, every execution created at once */
    JR_FAULT_ABORT_IGNORED,             /* "abort-ignored": abort criteria never cancel the job */
    JR_FAULT_RETRY_IGNORED,             /* "retry-ignored": retry criteria never create a new attempt */
    /* wire */
    JR_FAULT_ERROR_STATUS_400,          /* "error-status-400": every error is sent as HTTP 400 */
    JR_FAULT_ERROR_TYPE_MISSING,        /* "error-type-missing": errors carry neither x-amzn-ErrorType nor a code */
    /* device MQTT API (reference/src/mqtt_*.c) */
    JR_FAULT_MQTT_NO_NOTIFY_NEXT,       /* "mqtt-no-notify-next": notify-next is never published */
    JR_FAULT_MQTT_WRONG_ERROR_CODE,     /* "mqtt-wrong-error-code": ResourceNotFound is rejected as InvalidRequest */
    JR_FAULT_MQTT_NO_CLIENT_TOKEN,      /* "mqtt-no-client-token": replies do not echo clientToken */
    JR_FAULT_MQTT_NOTIFY_UNSORTED,      /* "mqtt-notify-unsorted": notify lists are in reverse queue order */
    /* authentication (checked by the server front, jobsref --auth sigv4) */
    JR_FAULT_NO_AUTHENTICATION,         /* "no-authentication": requests are served without checking their signature */
    JR_FAULT_COUNT
} jr_fault;

/* A set of faults: bit (1 << fault). */
typedef uint64_t jr_fault_set;

#define JR_FAULT_BIT(f) ((jr_fault_set)1 << (unsigned)(f))
static inline bool jr_fault_on(jr_fault_set set, jr_fault f) { return (set & JR_FAULT_BIT(f)) != 0; }

/* "no-document-limit", ... */
const char *jr_fault_name(jr_fault f);
/* One sentence: which rule the fault breaks. */
const char *jr_fault_description(jr_fault f);
bool jr_fault_parse(const char *name, jr_fault *out);

#ifdef __cplusplus
}
#endif
#endif
