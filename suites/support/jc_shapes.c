/* The shape table and its checker: see jc_shapes.h. Every shape below is
 * written against spec/wire-facts.md; the section of that file each group
 * comes from is named above it. */
#include "jc_shapes.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- shape description -------------------------------------------------- */

typedef enum jc_stype {
    S_STRING,
    S_INTEGER,   /* model `integer`: a JSON integer in the int32 range */
    S_LONG,      /* model `long`: a JSON integer */
    S_DOUBLE,    /* model `double`: any JSON number */
    S_BOOL,
    S_TIMESTAMP, /* iot `DateType`: epoch seconds as a JSON number (fraction allowed) */
    S_STRUCT,
    S_LIST,
    S_MAP,
} jc_stype;

typedef enum jc_pattern {
    P_NONE,
    P_ID,           /* [a-zA-Z0-9_-]+ */
    P_NAME,         /* [a-zA-Z0-9:_-]+ */
    P_GROUP_ID,     /* [a-zA-Z0-9\-]+ */
    P_NO_CONTROL,   /* [^\p{C}]+ */
    P_NO_CONTROL0,  /* [^\p{C}]*+ (may be empty) */
    P_REASON,       /* [\p{Upper}\p{Digit}_]+ */
    P_ARN,          /* ^arn:[!-~]+$ */
} jc_pattern;

#define NOLIM (-1)

typedef struct jc_member jc_member;
typedef struct jc_shape {
    const char *name; /* the model's shape name */
    jc_stype type;
    long long min, max; /* string length in characters, list items, map entries; NOLIM: none */
    bool has_vmin, has_vmax;
    double vmin, vmax;  /* numeric range */
    jc_pattern pattern;
    const char *const *enums; /* NULL-terminated */
    const struct jc_shape *item; /* list item, map value */
    const struct jc_shape *key;  /* map key */
    const jc_member *members;    /* structure, ended by {NULL} */
    bool open; /* structure whose fact lists only some members: others are allowed */
} jc_shape;

struct jc_member {
    const char *name;
    const jc_shape *shape;
    bool required;
};

#define STR(n, lo, hi, pat) {.name = n, .type = S_STRING, .min = lo, .max = hi, .pattern = pat}
#define ENUM(n, list) {.name = n, .type = S_STRING, .min = NOLIM, .max = NOLIM, .enums = list}
#define NUM(n, t) {.name = n, .type = t, .min = NOLIM, .max = NOLIM}
#define NUMR(n, t, lo, hi) {.name = n, .type = t, .min = NOLIM, .max = NOLIM, .has_vmin = true, .vmin = lo, .has_vmax = true, .vmax = hi}
#define NUMMIN(n, t, lo) {.name = n, .type = t, .min = NOLIM, .max = NOLIM, .has_vmin = true, .vmin = lo}
#define NUMMAX(n, t, hi) {.name = n, .type = t, .min = NOLIM, .max = NOLIM, .has_vmax = true, .vmax = hi}
#define LIST(n, lo, hi, it) {.name = n, .type = S_LIST, .min = lo, .max = hi, .item = it}
#define MAP(n, k, v) {.name = n, .type = S_MAP, .min = NOLIM, .max = NOLIM, .key = k, .item = v}
#define STRUCT(n, m) {.name = n, .type = S_STRUCT, .min = NOLIM, .max = NOLIM, .members = m}
#define OPEN_STRUCT(n, m) {.name = n, .type = S_STRUCT, .min = NOLIM, .max = NOLIM, .members = m, .open = true}

/* ---- Key enums ------------------------------------------------------------ */
static const char *const E_JOB_STATUS[] = {"IN_PROGRESS", "CANCELED", "COMPLETED", "DELETION_IN_PROGRESS",
                                           "SCHEDULED", NULL};
static const char *const E_EXEC_STATUS[] = {"QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT",
                                            "REJECTED", "REMOVED", "CANCELED", NULL};
static const char *const E_TARGET_SELECTION[] = {"CONTINUOUS", "SNAPSHOT", NULL};
static const char *const E_ABORT_ACTION[] = {"CANCEL", NULL};
static const char *const E_FAILURE_TYPE[] = {"FAILED", "REJECTED", "TIMED_OUT", "ALL", NULL};
static const char *const E_RETRYABLE_FAILURE_TYPE[] = {"FAILED", "TIMED_OUT", "ALL", NULL};
static const char *const E_END_BEHAVIOR[] = {"STOP_ROLLOUT", "CANCEL", "FORCE_CANCEL", NULL};

/* ---- iot scalar / list / map shapes ----------------------------------------- */
static const jc_shape SH_STRING = STR("String", NOLIM, NOLIM, P_NONE);
static const jc_shape SH_JOB_ARN = STR("JobArn", NOLIM, NOLIM, P_NONE);
static const jc_shape SH_THING_ARN = STR("ThingArn", NOLIM, NOLIM, P_NONE);
static const jc_shape SH_JOB_ID = STR("JobId", 1, 64, P_ID);
static const jc_shape SH_THING_NAME = STR("ThingName", 1, 128, P_NAME);
static const jc_shape SH_THING_GROUP_NAME = STR("ThingGroupName", 1, 128, P_NAME);
static const jc_shape SH_THING_GROUP_ID = STR("ThingGroupId", 1, 128, P_GROUP_ID);
static const jc_shape SH_DESCRIPTION = STR("JobDescription", NOLIM, 2028, P_NO_CONTROL);
static const jc_shape SH_COMMENT = STR("Comment", NOLIM, 2028, P_NO_CONTROL);
static const jc_shape SH_REASON_CODE = STR("ReasonCode", NOLIM, 128, P_REASON);
static const jc_shape SH_DOCUMENT_SOURCE = STR("JobDocumentSource", 1, 1350, P_NONE);
static const jc_shape SH_DOCUMENT = STR("JobDocument", NOLIM, 32768, P_NONE);
static const jc_shape SH_NAMESPACE_ID = STR("NamespaceId", NOLIM, NOLIM, P_ID);
static const jc_shape SH_JOB_TEMPLATE_ARN = STR("JobTemplateArn", 1, 1600, P_ARN);
static const jc_shape SH_TARGET_ARN = STR("TargetArn", NOLIM, 2048, P_NONE);
static const jc_shape SH_ROLE_ARN = STR("RoleArn", 20, 2048, P_NONE);
static const jc_shape SH_STRING_DATE_TIME = STR("StringDateTime", 1, 64, P_NONE);
static const jc_shape SH_NEXT_TOKEN = STR("NextToken", NOLIM, NOLIM, P_NONE);
static const jc_shape SH_JOB_STATUS = ENUM("JobStatus", E_JOB_STATUS);
static const jc_shape SH_EXEC_STATUS = ENUM("JobExecutionStatus", E_EXEC_STATUS);
static const jc_shape SH_TARGET_SELECTION = ENUM("TargetSelection", E_TARGET_SELECTION);
static const jc_shape SH_ABORT_ACTION = ENUM("AbortAction", E_ABORT_ACTION);
static const jc_shape SH_FAILURE_TYPE = ENUM("JobExecutionFailureType", E_FAILURE_TYPE);
static const jc_shape SH_RETRYABLE_FAILURE_TYPE = ENUM("RetryableFailureType", E_RETRYABLE_FAILURE_TYPE);
static const jc_shape SH_END_BEHAVIOR = ENUM("JobEndBehavior", E_END_BEHAVIOR);
static const jc_shape SH_BOOL = NUM("Boolean", S_BOOL);
static const jc_shape SH_DATE = NUM("DateType", S_TIMESTAMP);
static const jc_shape SH_LONG = NUM("Long", S_LONG);
static const jc_shape SH_INTEGER = NUM("Integer", S_INTEGER);
static const jc_shape SH_EXPIRES_IN_SEC = NUMR("ExpiresInSec", S_LONG, 60, 3600);
static const jc_shape SH_MAX_PER_MIN = NUMMIN("MaxJobExecutionsPerMin", S_INTEGER, 1);
static const jc_shape SH_ROLLOUT_RATE = NUMR("RolloutRatePerMinute", S_INTEGER, 1, 1000);
static const jc_shape SH_INCREMENT_FACTOR = NUMR("IncrementFactor", S_DOUBLE, 1.1, 5);
static const jc_shape SH_NUMBER_OF_THINGS = NUMMIN("NumberOfThings", S_INTEGER, 1);
static const jc_shape SH_THRESHOLD = NUMMAX("AbortThresholdPercentage", S_DOUBLE, 100);
static const jc_shape SH_MIN_EXECUTED = NUMMIN("MinimumNumberOfExecutedThings", S_INTEGER, 1);
static const jc_shape SH_NUMBER_OF_RETRIES = NUMR("NumberOfRetries", S_INTEGER, 0, 10);
static const jc_shape SH_JOB_TARGETS = LIST("JobTargets", 1, NOLIM, &SH_TARGET_ARN);
static const jc_shape SH_PROCESSING_TARGETS = LIST("ProcessingTargetNameList", NOLIM, NOLIM, &SH_STRING);
static const jc_shape SH_PARAMETER_KEY = STR("ParameterKey", 1, 128, P_ID);
static const jc_shape SH_PARAMETER_VALUE = STR("ParameterValue", 1, 512, P_NO_CONTROL);
static const jc_shape SH_PARAMETER_MAP = MAP("ParameterMap", &SH_PARAMETER_KEY, &SH_PARAMETER_VALUE);
static const jc_shape SH_DETAILS_KEY = STR("DetailsKey", 1, 128, P_NAME);
static const jc_shape SH_DETAILS_VALUE = STR("DetailsValue", 1, NOLIM, P_NO_CONTROL);
static const jc_shape SH_DETAILS_MAP = MAP("DetailsMap", &SH_DETAILS_KEY, &SH_DETAILS_VALUE);
/* Members of newer models (wire-facts.md, appendix): a real AWS endpoint
   may send them; their content is not checked. */
static const jc_shape SH_ANY_LIST = LIST("List", NOLIM, NOLIM, NULL);

/* ---- iot structures ---------------------------------------------------------- */
static const jc_member M_PRESIGNED[] = {{"roleArn", &SH_ROLE_ARN, false},
                                        {"expiresInSec", &SH_EXPIRES_IN_SEC, false},
                                        {NULL, NULL, false}};
static const jc_shape SH_PRESIGNED = STRUCT("PresignedUrlConfig", M_PRESIGNED);
static const jc_member M_RATE_CRITERIA[] = {{"numberOfNotifiedThings", &SH_NUMBER_OF_THINGS, false},
                                            {"numberOfSucceededThings", &SH_NUMBER_OF_THINGS, false},
                                            {NULL, NULL, false}};
static const jc_shape SH_RATE_CRITERIA = STRUCT("RateIncreaseCriteria", M_RATE_CRITERIA);
static const jc_member M_EXPONENTIAL[] = {{"baseRatePerMinute", &SH_ROLLOUT_RATE, true},
                                          {"incrementFactor", &SH_INCREMENT_FACTOR, true},
                                          {"rateIncreaseCriteria", &SH_RATE_CRITERIA, true},
                                          {NULL, NULL, false}};
static const jc_shape SH_EXPONENTIAL = STRUCT("ExponentialRolloutRate", M_EXPONENTIAL);
static const jc_member M_ROLLOUT[] = {{"maximumPerMinute", &SH_MAX_PER_MIN, false},
                                      {"exponentialRate", &SH_EXPONENTIAL, false},
                                      {NULL, NULL, false}};
static const jc_shape SH_ROLLOUT = STRUCT("JobExecutionsRolloutConfig", M_ROLLOUT);
static const jc_member M_ABORT_CRITERIA[] = {{"failureType", &SH_FAILURE_TYPE, true},
                                             {"action", &SH_ABORT_ACTION, true},
                                             {"thresholdPercentage", &SH_THRESHOLD, true},
                                             {"minNumberOfExecutedThings", &SH_MIN_EXECUTED, true},
                                             {NULL, NULL, false}};
static const jc_shape SH_ABORT_CRITERIA = STRUCT("AbortCriteria", M_ABORT_CRITERIA);
static const jc_shape SH_ABORT_CRITERIA_LIST = LIST("AbortCriteriaList", 1, NOLIM, &SH_ABORT_CRITERIA);
static const jc_member M_ABORT[] = {{"criteriaList", &SH_ABORT_CRITERIA_LIST, true}, {NULL, NULL, false}};
static const jc_shape SH_ABORT = STRUCT("AbortConfig", M_ABORT);
static const jc_member M_TIMEOUT[] = {{"inProgressTimeoutInMinutes", &SH_LONG, false}, {NULL, NULL, false}};
static const jc_shape SH_TIMEOUT = STRUCT("TimeoutConfig", M_TIMEOUT);
static const jc_member M_RETRY_CRITERIA[] = {{"failureType", &SH_RETRYABLE_FAILURE_TYPE, true},
                                             {"numberOfRetries", &SH_NUMBER_OF_RETRIES, true},
                                             {NULL, NULL, false}};
static const jc_shape SH_RETRY_CRITERIA = STRUCT("RetryCriteria", M_RETRY_CRITERIA);
static const jc_shape SH_RETRY_CRITERIA_LIST = LIST("RetryCriteriaList", 1, 2, &SH_RETRY_CRITERIA);
static const jc_member M_RETRY[] = {{"criteriaList", &SH_RETRY_CRITERIA_LIST, true}, {NULL, NULL, false}};
static const jc_shape SH_RETRY = STRUCT("JobExecutionsRetryConfig", M_RETRY);
static const jc_member M_SCHEDULING[] = {{"startTime", &SH_STRING_DATE_TIME, false},
                                         {"endTime", &SH_STRING_DATE_TIME, false},
                                         {"endBehavior", &SH_END_BEHAVIOR, false},
                                         {"maintenanceWindows", &SH_ANY_LIST, false}, /* newer model */
                                         {NULL, NULL, false}};
static const jc_shape SH_SCHEDULING = STRUCT("SchedulingConfig", M_SCHEDULING);
static const jc_member M_PROCESS_DETAILS[] = {{"processingTargets", &SH_PROCESSING_TARGETS, false},
                                              {"numberOfCanceledThings", &SH_INTEGER, false},
                                              {"numberOfSucceededThings", &SH_INTEGER, false},
                                              {"numberOfFailedThings", &SH_INTEGER, false},
                                              {"numberOfRejectedThings", &SH_INTEGER, false},
                                              {"numberOfQueuedThings", &SH_INTEGER, false},
                                              {"numberOfInProgressThings", &SH_INTEGER, false},
                                              {"numberOfRemovedThings", &SH_INTEGER, false},
                                              {"numberOfTimedOutThings", &SH_INTEGER, false},
                                              {NULL, NULL, false}};
static const jc_shape SH_PROCESS_DETAILS = STRUCT("JobProcessDetails", M_PROCESS_DETAILS);

/* Key structures (response data): iot `Job` */
static const jc_member M_JOB[] = {{"jobArn", &SH_JOB_ARN, false},
                                  {"jobId", &SH_JOB_ID, false},
                                  {"targetSelection", &SH_TARGET_SELECTION, false},
                                  {"status", &SH_JOB_STATUS, false},
                                  {"forceCanceled", &SH_BOOL, false},
                                  {"reasonCode", &SH_REASON_CODE, false},
                                  {"comment", &SH_COMMENT, false},
                                  {"targets", &SH_JOB_TARGETS, false},
                                  {"description", &SH_DESCRIPTION, false},
                                  {"presignedUrlConfig", &SH_PRESIGNED, false},
                                  {"jobExecutionsRolloutConfig", &SH_ROLLOUT, false},
                                  {"abortConfig", &SH_ABORT, false},
                                  {"createdAt", &SH_DATE, false},
                                  {"lastUpdatedAt", &SH_DATE, false},
                                  {"completedAt", &SH_DATE, false},
                                  {"jobProcessDetails", &SH_PROCESS_DETAILS, false},
                                  {"timeoutConfig", &SH_TIMEOUT, false},
                                  {"namespaceId", &SH_NAMESPACE_ID, false},
                                  {"jobTemplateArn", &SH_JOB_TEMPLATE_ARN, false},
                                  {"jobExecutionsRetryConfig", &SH_RETRY, false},
                                  {"documentParameters", &SH_PARAMETER_MAP, false},
                                  {"isConcurrent", &SH_BOOL, false},
                                  {"schedulingConfig", &SH_SCHEDULING, false},
                                  {"scheduledJobRollouts", &SH_ANY_LIST, false},       /* newer model */
                                  {"destinationPackageVersions", &SH_ANY_LIST, false}, /* newer model */
                                  {NULL, NULL, false}};
static const jc_shape SH_JOB = STRUCT("Job", M_JOB);

static const jc_member M_JOB_SUMMARY[] = {{"jobArn", &SH_JOB_ARN, false},
                                          {"jobId", &SH_JOB_ID, false},
                                          {"thingGroupId", &SH_THING_GROUP_ID, false},
                                          {"targetSelection", &SH_TARGET_SELECTION, false},
                                          {"status", &SH_JOB_STATUS, false},
                                          {"createdAt", &SH_DATE, false},
                                          {"lastUpdatedAt", &SH_DATE, false},
                                          {"completedAt", &SH_DATE, false},
                                          {"isConcurrent", &SH_BOOL, false},
                                          {NULL, NULL, false}};
static const jc_shape SH_JOB_SUMMARY = STRUCT("JobSummary", M_JOB_SUMMARY);
static const jc_shape SH_JOB_SUMMARY_LIST = LIST("JobSummaryList", NOLIM, NOLIM, &SH_JOB_SUMMARY);

static const jc_member M_EXEC_STATUS_DETAILS[] = {{"detailsMap", &SH_DETAILS_MAP, false}, {NULL, NULL, false}};
static const jc_shape SH_EXEC_STATUS_DETAILS = STRUCT("JobExecutionStatusDetails", M_EXEC_STATUS_DETAILS);
static const jc_member M_EXECUTION[] = {{"jobId", &SH_JOB_ID, false},
                                        {"status", &SH_EXEC_STATUS, false},
                                        {"forceCanceled", &SH_BOOL, false},
                                        {"statusDetails", &SH_EXEC_STATUS_DETAILS, false},
                                        {"thingArn", &SH_THING_ARN, false},
                                        {"queuedAt", &SH_DATE, false},
                                        {"startedAt", &SH_DATE, false},
                                        {"lastUpdatedAt", &SH_DATE, false},
                                        {"executionNumber", &SH_LONG, false},
                                        {"versionNumber", &SH_LONG, false},
                                        {"approximateSecondsBeforeTimedOut", &SH_LONG, false},
                                        {NULL, NULL, false}};
static const jc_shape SH_EXECUTION = STRUCT("JobExecution", M_EXECUTION);
static const jc_member M_EXEC_SUMMARY[] = {{"status", &SH_EXEC_STATUS, false},
                                           {"queuedAt", &SH_DATE, false},
                                           {"startedAt", &SH_DATE, false},
                                           {"lastUpdatedAt", &SH_DATE, false},
                                           {"executionNumber", &SH_LONG, false},
                                           {"retryAttempt", &SH_INTEGER, false},
                                           {NULL, NULL, false}};
static const jc_shape SH_EXEC_SUMMARY = STRUCT("JobExecutionSummary", M_EXEC_SUMMARY);
static const jc_member M_SUMMARY_FOR_JOB[] = {{"thingArn", &SH_THING_ARN, false},
                                              {"jobExecutionSummary", &SH_EXEC_SUMMARY, false},
                                              {NULL, NULL, false}};
static const jc_shape SH_SUMMARY_FOR_JOB = STRUCT("JobExecutionSummaryForJob", M_SUMMARY_FOR_JOB);
static const jc_shape SH_SUMMARY_FOR_JOB_LIST = LIST("JobExecutionSummaryForJobList", NOLIM, NOLIM,
                                                     &SH_SUMMARY_FOR_JOB);
static const jc_member M_SUMMARY_FOR_THING[] = {{"jobId", &SH_JOB_ID, false},
                                                {"jobExecutionSummary", &SH_EXEC_SUMMARY, false},
                                                {NULL, NULL, false}};
static const jc_shape SH_SUMMARY_FOR_THING = STRUCT("JobExecutionSummaryForThing", M_SUMMARY_FOR_THING);
static const jc_shape SH_SUMMARY_FOR_THING_LIST = LIST("JobExecutionSummaryForThingList", NOLIM, NOLIM,
                                                       &SH_SUMMARY_FOR_THING);

/* ---- iot-jobs-data shapes -------------------------------------------------------- */
static const jc_shape SH_D_DETAILS_VALUE = STR("DetailsValue", 1, 1024, P_NO_CONTROL0);
static const jc_shape SH_D_DETAILS_MAP = MAP("DetailsMap", &SH_DETAILS_KEY, &SH_D_DETAILS_VALUE);
/* iot-jobs-data times are model `long`: JSON integers (WIRE-009). */
static const jc_member M_D_EXECUTION[] = {{"jobId", &SH_JOB_ID, false},
                                          {"thingName", &SH_THING_NAME, false},
                                          {"status", &SH_EXEC_STATUS, false},
                                          {"statusDetails", &SH_D_DETAILS_MAP, false},
                                          {"queuedAt", &SH_LONG, false},
                                          {"startedAt", &SH_LONG, false},
                                          {"lastUpdatedAt", &SH_LONG, false},
                                          {"approximateSecondsBeforeTimedOut", &SH_LONG, false},
                                          {"versionNumber", &SH_LONG, false},
                                          {"executionNumber", &SH_LONG, false},
                                          {"jobDocument", &SH_DOCUMENT, false},
                                          {NULL, NULL, false}};
static const jc_shape SH_D_EXECUTION = STRUCT("JobExecution", M_D_EXECUTION);
static const jc_member M_D_STATE[] = {{"status", &SH_EXEC_STATUS, false},
                                      {"statusDetails", &SH_D_DETAILS_MAP, false},
                                      {"versionNumber", &SH_LONG, false},
                                      {NULL, NULL, false}};
static const jc_shape SH_D_STATE = STRUCT("JobExecutionState", M_D_STATE);
static const jc_member M_D_SUMMARY[] = {{"jobId", &SH_JOB_ID, false},
                                        {"queuedAt", &SH_LONG, false},
                                        {"startedAt", &SH_LONG, false},
                                        {"lastUpdatedAt", &SH_LONG, false},
                                        {"versionNumber", &SH_LONG, false},
                                        {"executionNumber", &SH_LONG, false},
                                        {NULL, NULL, false}};
static const jc_shape SH_D_SUMMARY = STRUCT("JobExecutionSummary", M_D_SUMMARY);
static const jc_shape SH_D_SUMMARY_LIST = LIST("JobExecutionSummaryList", NOLIM, NOLIM, &SH_D_SUMMARY);

/* ---- output shapes of the operations (## Operations) ------------------------------- */
static const jc_member M_JOB_REF_OUT[] = {{"jobArn", &SH_JOB_ARN, false},
                                          {"jobId", &SH_JOB_ID, false},
                                          {"description", &SH_DESCRIPTION, false},
                                          {NULL, NULL, false}};
static const jc_shape OUT_JOB_REF = STRUCT("CreateJobResponse", M_JOB_REF_OUT); /* also Cancel, Associate */
static const jc_member M_DESCRIBE_JOB_OUT[] = {{"documentSource", &SH_DOCUMENT_SOURCE, false},
                                               {"job", &SH_JOB, false},
                                               {NULL, NULL, false}};
static const jc_shape OUT_DESCRIBE_JOB = STRUCT("DescribeJobResponse", M_DESCRIBE_JOB_OUT);
static const jc_member M_DESCRIBE_EXEC_OUT[] = {{"execution", &SH_EXECUTION, false}, {NULL, NULL, false}};
static const jc_shape OUT_DESCRIBE_EXEC = STRUCT("DescribeJobExecutionResponse", M_DESCRIBE_EXEC_OUT);
static const jc_member M_GET_DOCUMENT_OUT[] = {{"document", &SH_DOCUMENT, false}, {NULL, NULL, false}};
static const jc_shape OUT_GET_DOCUMENT = STRUCT("GetJobDocumentResponse", M_GET_DOCUMENT_OUT);
static const jc_member M_LIST_FOR_JOB_OUT[] = {{"executionSummaries", &SH_SUMMARY_FOR_JOB_LIST, false},
                                               {"nextToken", &SH_NEXT_TOKEN, false},
                                               {NULL, NULL, false}};
static const jc_shape OUT_LIST_FOR_JOB = STRUCT("ListJobExecutionsForJobResponse", M_LIST_FOR_JOB_OUT);
static const jc_member M_LIST_FOR_THING_OUT[] = {{"executionSummaries", &SH_SUMMARY_FOR_THING_LIST, false},
                                                 {"nextToken", &SH_NEXT_TOKEN, false},
                                                 {NULL, NULL, false}};
static const jc_shape OUT_LIST_FOR_THING = STRUCT("ListJobExecutionsForThingResponse", M_LIST_FOR_THING_OUT);
static const jc_member M_LIST_JOBS_OUT[] = {{"jobs", &SH_JOB_SUMMARY_LIST, false},
                                            {"nextToken", &SH_NEXT_TOKEN, false},
                                            {NULL, NULL, false}};
static const jc_shape OUT_LIST_JOBS = STRUCT("ListJobsResponse", M_LIST_JOBS_OUT);
static const jc_member M_D_PENDING_OUT[] = {{"inProgressJobs", &SH_D_SUMMARY_LIST, false},
                                            {"queuedJobs", &SH_D_SUMMARY_LIST, false},
                                            {NULL, NULL, false}};
static const jc_shape OUT_D_PENDING = STRUCT("GetPendingJobExecutionsResponse", M_D_PENDING_OUT);
static const jc_member M_D_EXECUTION_OUT[] = {{"execution", &SH_D_EXECUTION, false}, {NULL, NULL, false}};
static const jc_shape OUT_D_EXECUTION = STRUCT("DescribeJobExecutionResponse", M_D_EXECUTION_OUT);
static const jc_member M_D_UPDATE_OUT[] = {{"executionState", &SH_D_STATE, false},
                                           {"jobDocument", &SH_DOCUMENT, false},
                                           {NULL, NULL, false}};
static const jc_shape OUT_D_UPDATE = STRUCT("UpdateJobExecutionResponse", M_D_UPDATE_OUT);

/* Registry operations (## Registry operations...): the fact lists member
   names only; the types are those of the iot model. DescribeThingGroup's list
   ends with "...", so its other members are allowed. */
static const jc_shape SH_ATTRIBUTES = MAP("Attributes", &SH_STRING, &SH_STRING);
static const jc_shape SH_THING_NAME_LIST = LIST("ThingNameList", NOLIM, NOLIM, &SH_THING_NAME);
static const jc_member M_CREATE_THING_OUT[] = {{"thingName", &SH_THING_NAME, false},
                                               {"thingArn", &SH_STRING, false},
                                               {"thingId", &SH_STRING, false},
                                               {NULL, NULL, false}};
static const jc_shape OUT_CREATE_THING = STRUCT("CreateThingResponse", M_CREATE_THING_OUT);
static const jc_member M_DESCRIBE_THING_OUT[] = {{"defaultClientId", &SH_STRING, false},
                                                 {"thingName", &SH_THING_NAME, false},
                                                 {"thingId", &SH_STRING, false},
                                                 {"thingArn", &SH_STRING, false},
                                                 {"thingTypeName", &SH_STRING, false},
                                                 {"attributes", &SH_ATTRIBUTES, false},
                                                 {"version", &SH_LONG, false},
                                                 {"billingGroupName", &SH_STRING, false},
                                                 {NULL, NULL, false}};
static const jc_shape OUT_DESCRIBE_THING = STRUCT("DescribeThingResponse", M_DESCRIBE_THING_OUT);
static const jc_member M_CREATE_GROUP_OUT[] = {{"thingGroupName", &SH_THING_GROUP_NAME, false},
                                               {"thingGroupArn", &SH_STRING, false},
                                               {"thingGroupId", &SH_THING_GROUP_ID, false},
                                               {NULL, NULL, false}};
static const jc_shape OUT_CREATE_GROUP = STRUCT("CreateThingGroupResponse", M_CREATE_GROUP_OUT);
static const jc_member M_DESCRIBE_GROUP_OUT[] = {{"thingGroupName", &SH_THING_GROUP_NAME, false},
                                                 {"thingGroupId", &SH_THING_GROUP_ID, false},
                                                 {"thingGroupArn", &SH_STRING, false},
                                                 {"version", &SH_LONG, false},
                                                 {NULL, NULL, false}};
static const jc_shape OUT_DESCRIBE_GROUP = OPEN_STRUCT("DescribeThingGroupResponse", M_DESCRIBE_GROUP_OUT);
static const jc_member M_LIST_THINGS_OUT[] = {{"things", &SH_THING_NAME_LIST, false},
                                              {"nextToken", &SH_NEXT_TOKEN, false},
                                              {NULL, NULL, false}};
static const jc_shape OUT_LIST_THINGS = STRUCT("ListThingsInThingGroupResponse", M_LIST_THINGS_OUT);

/* ---- error shapes (## Error shapes) --------------------------------------------- */
typedef struct jc_error_shape {
    const char *name;
    int status;
} jc_error_shape;

static const jc_error_shape IOT_ERRORS[] = {
    {"InvalidRequestException", 400},        {"ResourceNotFoundException", 404},
    {"LimitExceededException", 410},         {"ThrottlingException", 400},
    {"ServiceUnavailableException", 503},    {"InvalidStateTransitionException", 409},
    {"VersionConflictException", 409},       {"ResourceAlreadyExistsException", 409},
    {"ConflictException", 409},              {"InternalFailureException", 500},
    {"UnauthorizedException", 401}, /* registry operations */
    {NULL, 0},
};
static const jc_error_shape DATA_ERRORS[] = {
    {"InvalidRequestException", 400},     {"ResourceNotFoundException", 404},
    {"ThrottlingException", 429},         {"ServiceUnavailableException", 503},
    {"CertificateValidationException", 400}, {"TerminalStateException", 410},
    {"InvalidStateTransitionException", 409}, {NULL, 0},
};

/* ---- operations ---------------------------------------------------------------- */
struct jc_operation {
    const char *name;
    int plane;
    const char *method;
    const char *path;          /* template: {label} matches one segment */
    const jc_shape *output;    /* NULL: no output shape (the body is not read) */
    const char *const *errors; /* the errors the model lists, NULL-terminated */
};

#define ERRS(...) (const char *const[]){__VA_ARGS__, NULL}
#define IR "InvalidRequestException"
#define NF "ResourceNotFoundException"
#define LE "LimitExceededException"
#define TH "ThrottlingException"
#define SU "ServiceUnavailableException"
#define IST "InvalidStateTransitionException"
#define VC "VersionConflictException"
#define RAE "ResourceAlreadyExistsException"
#define IF "InternalFailureException"
#define UA "UnauthorizedException"
#define CV "CertificateValidationException"
#define TS "TerminalStateException"

static const jc_operation OPERATIONS[] = {
    {"AssociateTargetsWithJob", 0, "POST", "/jobs/{jobId}/targets", &OUT_JOB_REF, ERRS(IR, NF, LE, TH, SU)},
    {"CancelJob", 0, "PUT", "/jobs/{jobId}/cancel", &OUT_JOB_REF, ERRS(IR, NF, TH, SU, LE)},
    {"CancelJobExecution", 0, "PUT", "/things/{thingName}/jobs/{jobId}/cancel", NULL, ERRS(IR, IST, NF, TH, SU, VC)},
    {"CreateJob", 0, "PUT", "/jobs/{jobId}", &OUT_JOB_REF, ERRS(IR, NF, RAE, LE, TH, SU)},
    {"DeleteJob", 0, "DELETE", "/jobs/{jobId}", NULL, ERRS(IR, IST, NF, LE, TH, SU)},
    {"DeleteJobExecution", 0, "DELETE", "/things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}", NULL,
     ERRS(IR, IST, NF, TH, SU)},
    {"DescribeJob", 0, "GET", "/jobs/{jobId}", &OUT_DESCRIBE_JOB, ERRS(IR, NF, TH, SU)},
    {"DescribeJobExecution", 0, "GET", "/things/{thingName}/jobs/{jobId}", &OUT_DESCRIBE_EXEC, ERRS(IR, NF, TH, SU)},
    {"GetJobDocument", 0, "GET", "/jobs/{jobId}/job-document", &OUT_GET_DOCUMENT, ERRS(IR, NF, TH, SU)},
    {"ListJobExecutionsForJob", 0, "GET", "/jobs/{jobId}/things", &OUT_LIST_FOR_JOB, ERRS(IR, NF, TH, SU)},
    {"ListJobExecutionsForThing", 0, "GET", "/things/{thingName}/jobs", &OUT_LIST_FOR_THING, ERRS(IR, NF, TH, SU)},
    {"ListJobs", 0, "GET", "/jobs", &OUT_LIST_JOBS, ERRS(IR, NF, TH, SU)},
    {"UpdateJob", 0, "PATCH", "/jobs/{jobId}", NULL, ERRS(IR, NF, TH, SU)},
    {"CreateThing", 0, "POST", "/things/{thingName}", &OUT_CREATE_THING, ERRS(IR, TH, UA, SU, IF, RAE, NF)},
    {"DescribeThing", 0, "GET", "/things/{thingName}", &OUT_DESCRIBE_THING, ERRS(NF, IR, TH, UA, SU, IF)},
    {"DeleteThing", 0, "DELETE", "/things/{thingName}", NULL, ERRS(NF, VC, IR, TH, UA, SU, IF)},
    {"CreateThingGroup", 0, "POST", "/thing-groups/{thingGroupName}", &OUT_CREATE_GROUP, ERRS(IR, RAE, TH, IF)},
    {"DescribeThingGroup", 0, "GET", "/thing-groups/{thingGroupName}", &OUT_DESCRIBE_GROUP, ERRS(IR, TH, IF, NF)},
    {"DeleteThingGroup", 0, "DELETE", "/thing-groups/{thingGroupName}", NULL, ERRS(IR, VC, TH, IF)},
    {"AddThingToThingGroup", 0, "PUT", "/thing-groups/addThingToThingGroup", NULL, ERRS(IR, TH, IF, NF)},
    {"RemoveThingFromThingGroup", 0, "PUT", "/thing-groups/removeThingFromThingGroup", NULL, ERRS(IR, TH, IF, NF)},
    {"ListThingsInThingGroup", 0, "GET", "/thing-groups/{thingGroupName}/things", &OUT_LIST_THINGS,
     ERRS(IR, IF, NF, TH)},
    {"iot-jobs-data GetPendingJobExecutions", 1, "GET", "/things/{thingName}/jobs", &OUT_D_PENDING,
     ERRS(IR, NF, TH, SU, CV)},
    {"iot-jobs-data StartNextPendingJobExecution", 1, "PUT", "/things/{thingName}/jobs/$next", &OUT_D_EXECUTION,
     ERRS(IR, NF, TH, SU, CV)},
    {"iot-jobs-data DescribeJobExecution", 1, "GET", "/things/{thingName}/jobs/{jobId}", &OUT_D_EXECUTION,
     ERRS(IR, NF, TH, SU, CV, TS)},
    {"iot-jobs-data UpdateJobExecution", 1, "POST", "/things/{thingName}/jobs/{jobId}", &OUT_D_UPDATE,
     ERRS(IR, NF, TH, SU, CV, IST)},
};

/* ---- routing ------------------------------------------------------------------------- */

/* Length of the segment starting at p (up to '/' or the end). */
static size_t seg_len(const char *p) { return strcspn(p, "/"); }

/* Whether path matches template; *literals gets the count of literal
   segments matched (the more specific template wins). */
static bool path_matches(const char *tmpl, const char *path, int *literals)
{
    *literals = 0;
    while (*tmpl == '/' && *path == '/') {
        tmpl++;
        path++;
        size_t tl = seg_len(tmpl), pl = seg_len(path);
        if (tmpl[0] == '{') {
            if (pl == 0) return false;
        } else if (strcmp(tmpl, "$next") == 0 || strncmp(tmpl, "$next/", 6) == 0) {
            /* The literal `$next` arrives as `$next` or `%24next` (wire-facts.md). */
            if (!((pl == 5 && strncmp(path, "$next", 5) == 0) || (pl == 7 && strncasecmp(path, "%24next", 7) == 0)))
                return false;
            (*literals)++;
        } else {
            if (tl != pl || strncmp(tmpl, path, tl) != 0) return false;
            (*literals)++;
        }
        tmpl += tl;
        path += pl;
    }
    return *tmpl == '\0' && *path == '\0';
}

const jc_operation *jc_shape_operation(int plane, const char *method, const char *path)
{
    if (!method || !path) return NULL;
    const jc_operation *best = NULL;
    int best_literals = -1;
    for (size_t i = 0; i < sizeof OPERATIONS / sizeof OPERATIONS[0]; i++) {
        const jc_operation *op = &OPERATIONS[i];
        int lit;
        if (op->plane != plane || strcmp(op->method, method) != 0) continue;
        if (path_matches(op->path, path, &lit) && lit > best_literals) {
            best = op;
            best_literals = lit;
        }
    }
    return best;
}

const char *jc_shape_operation_name(const jc_operation *op) { return op ? op->name : "(none)"; }
size_t jc_shape_operation_count(void) { return sizeof OPERATIONS / sizeof OPERATIONS[0]; }
const jc_operation *jc_shape_operation_at(size_t i) { return i < jc_shape_operation_count() ? &OPERATIONS[i] : NULL; }
size_t jc_shape_operation_index(const jc_operation *op) { return (size_t)(op - OPERATIONS); }
int jc_shape_operation_plane(const jc_operation *op) { return op ? op->plane : -1; }

/* ---- checking ---------------------------------------------------------------------------- */

typedef struct out_buf {
    char *buf;
    size_t cap, len;
    size_t count;
} out_buf;

static void violation(out_buf *o, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void violation(out_buf *o, const char *path, const char *fmt, ...)
{
    o->count++;
    if (!o->buf || o->cap == 0 || o->len + 1 >= o->cap) return;
    int n = snprintf(o->buf + o->len, o->cap - o->len, "%s%s: ", o->count > 1 ? "; " : "", path);
    if (n < 0) return;
    o->len = (size_t)n + o->len >= o->cap ? o->cap - 1 : o->len + (size_t)n;
    va_list ap;
    va_start(ap, fmt);
    n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    o->len = (size_t)n + o->len >= o->cap ? o->cap - 1 : o->len + (size_t)n;
}

/* Decodes the UTF-8 code point at *s (advancing it); -1 when invalid. */
static long next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned c = p[0];
    long cp;
    int need;
    if (c < 0x80) {
        *s = p + 1;
        return c;
    } else if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F, need = 1;
    } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F, need = 2;
    } else if ((c & 0xF8) == 0xF0) {
        cp = c & 0x07, need = 3;
    } else {
        *s = p + 1;
        return -1;
    }
    for (int i = 1; i <= need; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s = p + i;
            return -1;
        }
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    *s = p + need + 1;
    static const long min_for[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_for[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    return cp;
}

/* \p{C}: control (Cc), format (Cf: the common ones), private use (Co) and
   noncharacters; unassigned code points (Cn) need Unicode tables and are
   not checked. */
static bool is_other(long cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
    if (cp == 0xAD || (cp >= 0x600 && cp <= 0x605) || cp == 0x61C || cp == 0x6DD || cp == 0x70F) return true;
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
        (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB))
        return true;
    if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000) return true;
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return true;
    return false;
}

static bool ascii_in(long cp, const char *extra)
{
    return cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
                         (cp && strchr(extra, (int)cp)));
}

static const char *pattern_text(jc_pattern p)
{
    switch (p) {
    case P_ID: return "[a-zA-Z0-9_-]+";
    case P_NAME: return "[a-zA-Z0-9:_-]+";
    case P_GROUP_ID: return "[a-zA-Z0-9\\-]+";
    case P_NO_CONTROL: return "[^\\p{C}]+";
    case P_NO_CONTROL0: return "[^\\p{C}]*+";
    case P_REASON: return "[\\p{Upper}\\p{Digit}_]+";
    case P_ARN: return "^arn:[!-~]+$";
    case P_NONE: break;
    }
    return "";
}

static bool cp_allowed(jc_pattern p, long cp)
{
    switch (p) {
    case P_ID: return ascii_in(cp, "_-");
    case P_NAME: return ascii_in(cp, ":_-");
    case P_GROUP_ID: return ascii_in(cp, "-");
    case P_NO_CONTROL:
    case P_NO_CONTROL0: return !is_other(cp);
    case P_REASON: return cp < 0x80 && ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_');
    case P_ARN: return cp >= '!' && cp <= '~';
    case P_NONE: break;
    }
    return true;
}

static void check_string(out_buf *o, const char *path, const jc_shape *sh, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long long n = 0;
    long bad_cp = -2;
    bool invalid = false;
    while (*p) {
        long cp = next_cp(&p);
        if (cp < 0) invalid = true;
        else if (bad_cp == -2 && sh->pattern != P_NONE && !cp_allowed(sh->pattern, cp)) bad_cp = cp;
        n++;
    }
    if (invalid) violation(o, path, "not valid UTF-8");
    if (sh->min != NOLIM && n < sh->min)
        violation(o, path, "%lld characters, %s needs at least %lld", n, sh->name, sh->min);
    if (sh->max != NOLIM && n > sh->max)
        violation(o, path, "%lld characters, %s allows at most %lld", n, sh->name, sh->max);
    /* An empty value is judged by the length bounds alone (outputs such as an
       empty description are not refused by any client). */
    if (bad_cp >= 0) violation(o, path, "character U+%04lX does not match %s's pattern %s", (unsigned long)bad_cp,
                               sh->name, pattern_text(sh->pattern));
    if (sh->pattern == P_ARN && n > 0 && strncmp(s, "arn:", 4) != 0)
        violation(o, path, "does not match %s's pattern %s", sh->name, pattern_text(sh->pattern));
    if (sh->enums) {
        bool found = false;
        for (const char *const *e = sh->enums; *e && !found; e++) found = strcmp(*e, s) == 0;
        if (!found) {
            char list[256] = "";
            for (const char *const *e = sh->enums; *e; e++) {
                size_t l = strlen(list);
                snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", *e);
            }
            violation(o, path, "\"%.64s\" is not a %s (%s)", s, sh->name, list);
        }
    }
}

static const char *json_type_name(const cJSON *v)
{
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsObject(v)) return "an object";
    if (cJSON_IsNull(v)) return "null";
    return "an invalid value";
}

static void check_value(out_buf *o, const char *path, const jc_shape *sh, const cJSON *v, int depth);

static void check_struct(out_buf *o, const char *path, const jc_shape *sh, const cJSON *v, int depth)
{
    char sub[512];
    for (const cJSON *c = v->child; c; c = c->next) {
        const char *key = c->string ? c->string : "";
        const jc_member *m = sh->members;
        while (m->name && strcmp(m->name, key) != 0) m++;
        snprintf(sub, sizeof sub, "%s%s%.64s", path, *path ? "." : "", key);
        if (!m->name) {
            if (!sh->open) violation(o, sub, "not a member of %s", sh->name);
            continue;
        }
        /* A null value is read as an absent member (botocore drops it). */
        if (cJSON_IsNull(c)) continue;
        check_value(o, sub, m->shape, c, depth + 1);
    }
    for (const jc_member *m = sh->members; m->name; m++) {
        if (!m->required) continue;
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, m->name);
        if (!c || cJSON_IsNull(c)) {
            snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", m->name);
            violation(o, sub, "required member of %s missing", sh->name);
        }
    }
}

static bool is_integral(double d) { return isfinite(d) && floor(d) == d; }

static void check_value(out_buf *o, const char *path, const jc_shape *sh, const cJSON *v, int depth)
{
    char sub[512];
    if (depth > 16) return; /* deeper than any shape of the table */
    switch (sh->type) {
    case S_STRING:
        if (!cJSON_IsString(v) || !v->valuestring) {
            violation(o, path, "%s where %s (a string) was expected", json_type_name(v), sh->name);
            return;
        }
        check_string(o, path, sh, v->valuestring);
        return;
    case S_BOOL:
        if (!cJSON_IsBool(v)) violation(o, path, "%s where a boolean was expected", json_type_name(v));
        return;
    case S_TIMESTAMP:
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
            violation(o, path, "%s where a timestamp (a JSON number of epoch seconds) was expected",
                      json_type_name(v));
        return;
    case S_INTEGER:
    case S_LONG:
    case S_DOUBLE: {
        const char *what = sh->type == S_DOUBLE ? "a number" : "an integer";
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
            violation(o, path, "%s where %s (%s) was expected", json_type_name(v), sh->name, what);
            return;
        }
        double d = v->valuedouble;
        if (sh->type != S_DOUBLE && !is_integral(d)) {
            violation(o, path, "%g is not an integer (%s)", d, sh->name);
            return;
        }
        if (sh->type == S_INTEGER && (d < -2147483648.0 || d > 2147483647.0))
            violation(o, path, "%.0f is outside the 32-bit range of %s", d, sh->name);
        if (sh->type == S_LONG && fabs(d) > 9223372036854775807.0)
            violation(o, path, "%.0f is outside the 64-bit range of %s", d, sh->name);
        if (sh->has_vmin && d < sh->vmin) violation(o, path, "%g is below %s's minimum %g", d, sh->name, sh->vmin);
        if (sh->has_vmax && d > sh->vmax) violation(o, path, "%g is above %s's maximum %g", d, sh->name, sh->vmax);
        return;
    }
    case S_STRUCT:
        if (!cJSON_IsObject(v)) {
            violation(o, path, "%s where %s (an object) was expected", json_type_name(v), sh->name);
            return;
        }
        check_struct(o, path, sh, v, depth);
        return;
    case S_LIST: {
        if (!cJSON_IsArray(v)) {
            violation(o, path, "%s where %s (an array) was expected", json_type_name(v), sh->name);
            return;
        }
        long long n = cJSON_GetArraySize(v);
        if (sh->min != NOLIM && n < sh->min) violation(o, path, "%lld items, %s needs at least %lld", n, sh->name, sh->min);
        if (sh->max != NOLIM && n > sh->max) violation(o, path, "%lld items, %s allows at most %lld", n, sh->name, sh->max);
        if (!sh->item) return;
        int i = 0;
        for (const cJSON *c = v->child; c; c = c->next, i++) {
            snprintf(sub, sizeof sub, "%s[%d]", path, i);
            if (cJSON_IsNull(c)) violation(o, sub, "null item in %s", sh->name);
            else check_value(o, sub, sh->item, c, depth + 1);
        }
        return;
    }
    case S_MAP:
        if (!cJSON_IsObject(v)) {
            violation(o, path, "%s where %s (an object) was expected", json_type_name(v), sh->name);
            return;
        }
        for (const cJSON *c = v->child; c; c = c->next) {
            const char *key = c->string ? c->string : "";
            snprintf(sub, sizeof sub, "%s{%.64s}", path, key);
            if (sh->key) {
                cJSON k = {0};
                k.type = cJSON_String;
                k.valuestring = (char *)key;
                char kpath[600];
                snprintf(kpath, sizeof kpath, "%s (key)", sub);
                check_value(o, kpath, sh->key, &k, depth + 1);
            }
            if (sh->item) check_value(o, sub, sh->item, c, depth + 1);
        }
        return;
    }
}

/* Errors accepted outside the model, each argued: an operation and an error
   code that no model gives it, where the spec says the error type is
   undocumented and the project made a choice. */
typedef struct jc_extra_error {
    const char *operation;
    jc_error_shape shape;
    const char *why;
} jc_extra_error;
static const jc_extra_error EXTRA_ERRORS[] = {
    /* spec/semantics.md: an expectedVersion mismatch on the data plane has
       no documented HTTPS error type (MQTT calls it VersionMismatch); the
       iot model's VersionConflictException (409) names it (DP-013). */
    {"iot-jobs-data UpdateJobExecution", {"VersionConflictException", 409}, "undocumented HTTPS error type"},
};

static const jc_error_shape *find_extra_error(const jc_operation *op, const char *code)
{
    for (size_t i = 0; i < sizeof EXTRA_ERRORS / sizeof EXTRA_ERRORS[0]; i++)
        if (strcmp(EXTRA_ERRORS[i].operation, op->name) == 0 && strcmp(EXTRA_ERRORS[i].shape.name, code) == 0)
            return &EXTRA_ERRORS[i].shape;
    return NULL;
}

static const jc_error_shape *find_error(int plane, const char *code)
{
    for (const jc_error_shape *e = plane == 1 ? DATA_ERRORS : IOT_ERRORS; e->name; e++)
        if (strcmp(e->name, code) == 0) return e;
    return NULL;
}

/* The body's own statement of the error type: `code`/`Code`, else the text
   after the last '#' of `__type`. NULL when it has none. */
static const char *body_code(const cJSON *json, char *buf, size_t len)
{
    if (!json) return NULL;
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(json, "code");
    if (!cJSON_IsString(c)) c = cJSON_GetObjectItemCaseSensitive(json, "Code");
    if (cJSON_IsString(c) && c->valuestring) {
        snprintf(buf, len, "%s", c->valuestring);
        return buf;
    }
    c = cJSON_GetObjectItemCaseSensitive(json, "__type");
    if (cJSON_IsString(c) && c->valuestring) {
        const char *h = strrchr(c->valuestring, '#');
        snprintf(buf, len, "%s", h ? h + 1 : c->valuestring);
        return buf;
    }
    return NULL;
}

static void check_error(out_buf *o, const jc_operation *op, const jc_response *r)
{
    /* Generic 5xx: the client reads the status alone (wire-facts.md, rule 1). */
    if (r->status >= 500 && (r->body_len == 0 || strncmp(r->body ? r->body : "", "<html>", 6) == 0)) return;
    const char *svc = op->plane == 1 ? "iot-jobs-data" : "iot";
    char header[160], from_body[160];
    const char *h = jc_header_find(r->headers, r->headers ? strlen(r->headers) : 0, "x-amzn-ErrorType", header,
                                   sizeof header);
    if (h) header[strcspn(header, ":")] = '\0';
    const char *b = body_code(r->json, from_body, sizeof from_body);
    const char *code = h ? header : b;
    if (!code) {
        violation(o, "(error)", "HTTP %d names no error type (no x-amzn-ErrorType header, no code or __type in "
                  "the body)", r->status);
    } else {
        if (h && b && strcmp(header, from_body) != 0)
            violation(o, "(error)", "x-amzn-ErrorType says %.64s but the body says %.64s", header, from_body);
        const jc_error_shape *extra = find_extra_error(op, code);
        const jc_error_shape *e = extra ? extra : find_error(op->plane, code);
        if (!e) {
            violation(o, "(error)", "%.64s is not an error shape of the %s model", code, svc);
        } else {
            if (r->status != e->status)
                violation(o, "(error)", "%s comes with HTTP %d, the %s model gives it %d", e->name, r->status, svc,
                          e->status);
            bool listed = extra != NULL;
            for (const char *const *x = op->errors; *x && !listed; x++) listed = strcmp(*x, e->name) == 0;
            if (!listed) violation(o, "(error)", "%s is not among the errors the model lists for %s", e->name, op->name);
        }
    }
    /* The error body: a JSON object with the shape's members (message, and
       resourceId/resourceArn for ResourceAlreadyExistsException; payload
       for iot-jobs-data ThrottlingException), plus the members that convey
       the type (code, Code, __type) and the capitalized Message some
       services send. */
    if (!r->json) {
        if (r->status < 500) violation(o, "(error body)", "not a JSON object (%s)",
                                       r->decode_error ? r->decode_error : "undecodable");
        return;
    }
    for (const cJSON *c = r->json->child; c; c = c->next) {
        const char *k = c->string ? c->string : "";
        bool string_member = strcmp(k, "message") == 0 || strcmp(k, "Message") == 0 || strcmp(k, "code") == 0 ||
                             strcmp(k, "Code") == 0 || strcmp(k, "__type") == 0 ||
                             (code && strcmp(code, RAE) == 0 && (strcmp(k, "resourceId") == 0 ||
                                                                 strcmp(k, "resourceArn") == 0)) ||
                             (op->plane == 1 && code && strcmp(code, TH) == 0 && strcmp(k, "payload") == 0);
        /* iot-jobs-data documents executionState in its
           InvalidStateTransitionException body without modeling it. */
        bool documented = op->plane == 1 && code && strcmp(code, IST) == 0 && strcmp(k, "executionState") == 0;
        char path[128];
        snprintf(path, sizeof path, "(error body).%.64s", k);
        if (documented) continue;
        if (!string_member) {
            violation(o, path, "not a member of %s", code ? code : "an error shape");
            continue;
        }
        if (!cJSON_IsString(c) && !cJSON_IsNull(c)) violation(o, path, "%s where a string was expected", json_type_name(c));
    }
}

size_t jc_shape_check(const jc_operation *op, const jc_response *resp, char *buf, size_t buf_len)
{
    out_buf o = {buf, buf_len, 0, 0};
    if (buf && buf_len) buf[0] = '\0';
    if (!op || !resp || resp->status == 0) return 0;
    if (resp->status >= 300) {
        check_error(&o, op, resp);
    } else if (op->output && resp->json) {
        check_struct(&o, "", op->output, resp->json, 0);
    }
    return o.count;
}

size_t jc_shape_check_exchange(int plane, const char *method, const char *path, const jc_response *resp,
                               char *buf, size_t buf_len)
{
    if (buf && buf_len) buf[0] = '\0';
    const jc_operation *op = jc_shape_operation(plane, method, path);
    if (!op) return 0;
    size_t name_len = strlen(op->name) + 2;
    if (!buf || buf_len <= name_len + 1) return jc_shape_check(op, resp, NULL, 0);
    snprintf(buf, buf_len, "%s: ", op->name);
    return jc_shape_check(op, resp, buf + name_len, buf_len - name_len);
}
