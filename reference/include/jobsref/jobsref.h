/* libjobsref: the reference model of the AWS IoT Jobs API. Pure and
 * deterministic: no I/O, no global state, time from an injected clock.
 *
 *   bytes -> jr_route_match -> jr_decode_request -> jr_machine_execute
 *         -> response JSON          (all four chained by jr_service_handle)
 *
 * Every step reads the same operation table (jobsref/ops.h); the layers
 * below it are described in reference/README.md.
 */
#ifndef JOBSREF_JOBSREF_H
#define JOBSREF_JOBSREF_H

#include "jobsref/clock.h"
#include "jobsref/error.h"
#include "jobsref/faults.h"
#include "jobsref/machine.h"
#include "jobsref/ops.h"
#include "jobsref/request.h"
#include "jobsref/service.h"
#include "jobsref/types.h"

#endif
