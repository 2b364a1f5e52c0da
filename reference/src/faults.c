/* The catalogue of deliberate faults: stable names and the rule each breaks. */
#include "jobsref/faults.h"

#include <string.h>

static const struct {
    const char *name;
    const char *description;
} faults[JR_FAULT_COUNT] = {
    [JR_FAULT_NO_DOCUMENT_LIMIT] = {"no-document-limit", "CreateJob accepts documents over 32768 characters"},
    [JR_FAULT_NO_JOBID_VALIDATION] = {"no-jobid-validation", "jobId length (1..64) and pattern are not checked"},
    [JR_FAULT_NO_MAX_RESULTS_CHECK] = {"no-max-results-check", "list operations accept maxResults outside 1..250"},
    [JR_FAULT_NO_CONFIG_RANGE_CHECK] = {"no-config-range-check",
                                        "rollout, abort, retry, timeout and presigned URL ranges are not checked"},
    [JR_FAULT_SNAPSHOT_ASSOCIATION] = {"snapshot-association", "AssociateTargetsWithJob is accepted on SNAPSHOT jobs"},
    [JR_FAULT_ASSOCIATE_ANY_STATUS] = {"associate-any-status",
                                       "AssociateTargetsWithJob is accepted on jobs that are not IN_PROGRESS"},
    [JR_FAULT_NO_TARGET_LIMIT] = {"no-target-limit", "a job may have more than 100 targets"},
    [JR_FAULT_UNKNOWN_TARGET_ACCEPTED] = {"unknown-target-accepted", "targets that do not exist are accepted"},
    [JR_FAULT_CONTINUOUS_IGNORES_MEMBERSHIP] = {"continuous-ignores-membership",
                                                "things joining or leaving a target group of a CONTINUOUS job are ignored"},
    [JR_FAULT_DUPLICATE_JOB_WRONG_ERROR] = {"duplicate-job-wrong-error",
                                            "a duplicate jobId gives InvalidRequestException, not ResourceAlreadyExistsException"},
    [JR_FAULT_SNAPSHOT_NEVER_COMPLETES] = {"snapshot-never-completes",
                                           "a SNAPSHOT job stays IN_PROGRESS when all its executions are terminal"},
    [JR_FAULT_STALE_COUNTERS] = {"stale-counters", "jobProcessDetails counters are not updated after creation"},
    [JR_FAULT_CANCEL_IGNORES_FORCE] = {"cancel-ignores-force", "CancelJob without force also cancels IN_PROGRESS executions"},
    [JR_FAULT_SYNC_DELETION] = {"sync-deletion", "DeleteJob removes the job at once; DELETION_IN_PROGRESS is never seen"},
    [JR_FAULT_DELETE_IGNORES_FORCE] = {"delete-ignores-force", "DeleteJob of a job that is not terminal succeeds without force"},
    [JR_FAULT_DELETION_ACCEPTS_CHANGES] = {"deletion-accepts-changes",
                                           "DeleteJob and CancelJob succeed on a job that is DELETION_IN_PROGRESS"},
    [JR_FAULT_NO_DELETION_LIMIT] = {"no-deletion-limit", "more than 10 jobs may be DELETION_IN_PROGRESS at once"},
    [JR_FAULT_EXEC_CANCEL_IGNORES_FORCE] = {"exec-cancel-ignores-force",
                                            "CancelJobExecution cancels an IN_PROGRESS execution without force"},
    [JR_FAULT_EXEC_DELETE_IGNORES_FORCE] = {"exec-delete-ignores-force",
                                            "DeleteJobExecution deletes a non-terminal execution without force"},
    [JR_FAULT_TERMINAL_REOPENS] = {"terminal-reopens", "terminal executions accept further status updates"},
    [JR_FAULT_NO_VERSION_CHECK] = {"no-version-check", "expectedVersion is ignored"},
    [JR_FAULT_VERSION_NOT_INCREMENTED] = {"version-not-incremented", "versionNumber does not change on updates"},
    [JR_FAULT_START_NEXT_WRONG_ORDER] = {"start-next-wrong-order",
                                         "StartNextPendingJobExecution takes the newest QUEUED execution first"},
    [JR_FAULT_DESCRIBE_FIRST_EXECUTION] = {"describe-first-execution",
                                           "DescribeJobExecution without executionNumber returns the oldest execution"},
    [JR_FAULT_PAGINATION_OVERLAP] = {"pagination-overlap", "each page repeats the last item of the previous page"},
    [JR_FAULT_STATUS_FILTER_IGNORED] = {"status-filter-ignored", "list operations ignore their status filter"},
    [JR_FAULT_TIMERS_DISABLED] = {"timers-disabled", "in-progress and step timers never time executions out"},
    [JR_FAULT_TIMEOUT_UPDATE_RETROACTIVE] = {"timeout-update-retroactive",
                                             "an UpdateJob timeoutConfig also applies to executions already in progress"},
    [JR_FAULT_ROLLOUT_UNLIMITED] = {"rollout-unlimited", "the rollout rate is ignored; every execution is created at once"},
    [JR_FAULT_ABORT_IGNORED] = {"abort-ignored", "abort criteria never cancel the job"},
    [JR_FAULT_RETRY_IGNORED] = {"retry-ignored", "retry criteria never create a new attempt"},
    [JR_FAULT_ERROR_STATUS_400] = {"error-status-400", "every error is sent with HTTP status 400"},
    [JR_FAULT_ERROR_TYPE_MISSING] = {"error-type-missing",
                                     "errors carry neither an x-amzn-ErrorType header nor a code in the body"},
    [JR_FAULT_MQTT_NO_NOTIFY_NEXT] = {"mqtt-no-notify-next", "notify-next is never published over MQTT"},
    [JR_FAULT_MQTT_WRONG_ERROR_CODE] = {"mqtt-wrong-error-code",
                                        "MQTT rejections give InvalidRequest where ResourceNotFound is due"},
    [JR_FAULT_MQTT_NO_CLIENT_TOKEN] = {"mqtt-no-client-token", "MQTT replies do not echo the request's clientToken"},
    [JR_FAULT_MQTT_NOTIFY_UNSORTED] = {"mqtt-notify-unsorted", "notify lists executions in reverse queue order"},
    [JR_FAULT_NO_AUTHENTICATION] = {"no-authentication",
                                    "with --auth sigv4, requests are served without checking their SigV4 signature"},
};

const char *jr_fault_name(jr_fault f) { return (unsigned)f < JR_FAULT_COUNT ? faults[f].name : "unknown"; }

const char *jr_fault_description(jr_fault f)
{
    return (unsigned)f < JR_FAULT_COUNT ? faults[f].description : "unknown fault";
}

bool jr_fault_parse(const char *name, jr_fault *out)
{
    if (name == NULL) return false;
    for (int i = 0; i < JR_FAULT_COUNT; i++) {
        if (strcmp(faults[i].name, name) == 0) {
            *out = (jr_fault)i;
            return true;
        }
    }
    return false;
}
