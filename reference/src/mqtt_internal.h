/* Helpers shared by the MQTT modules of libjobsref (not public API). */
#ifndef JOBSREF_MQTT_INTERNAL_H
#define JOBSREF_MQTT_INTERNAL_H

#include <cjson/cJSON.h>

#include "jobsref/mqtt.h"

/* A data-plane JobExecution to its MQTT form, in place. */
void jr_mqtt_fix_execution(jr_machine *m, const jr_mqtt_options *o, cJSON *execution);
/* holder.jobDocument from a string to the parsed document, placeholders
 * replaced, in place. */
void jr_mqtt_fix_document(jr_machine *m, const jr_mqtt_options *o, cJSON *holder, const char *job_id);
/* A data-plane DescribeJobExecution through the machine's public API; the
 * parsed response (caller frees) or NULL on an error. */
cJSON *jr_mqtt_describe(jr_machine *m, const char *thing, const char *job_id, const jr_opt_i64 *number,
                        bool document);

#endif
