/* Handler side of the views: filling views.h structs from core objects
 * (machine_views.c). Handlers include this; encoders never do. */
#ifndef JR_MACHINE_VIEWS_H
#define JR_MACHINE_VIEWS_H

#include "machine_internal.h"
#include "views.h"

/* {jobArn, jobId, description} only. */
void jr_view_job_ref(const jr_machine *m, const jr_job *j, jr_job_out *out);
/* The JobSummary members. */
void jr_view_job_summary(const jr_machine *m, const jr_job *j, jr_job_out *out);
/* Every member of the iot Job (zeroes *out first). */
void jr_view_job(const jr_machine *m, const jr_job *j, jr_job_out *out);
/* thing_arn: also fill thingArn (control plane). */
void jr_view_exec(const jr_machine *m, const jr_exec *e, bool thing_arn, jr_exec_out *out);
void jr_view_thing(const jr_machine *m, const jr_thing *t, jr_thing_out *out);
void jr_view_group(const jr_machine *m, const jr_group *g, jr_group_out *out);

typedef enum { JR_PAGE_JOBS, JR_PAGE_EXECS, JR_PAGE_PENDING, JR_PAGE_NAMES } jr_result_page;
/* Room for n items of the page arrays of `kind`; false on allocation
 * failure (what was there stays, released by jr_result_release). */
bool jr_result_reserve(jr_result *res, size_t n, jr_result_page kind);

#endif
