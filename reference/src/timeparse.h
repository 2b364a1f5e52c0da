/* ISO-8601 date-times as SchedulingConfig sends them ("2026-12-01T10:30",
 * optionally with seconds, fraction and a Z or +hh:mm offset). Shared by the
 * decoder (format check) and the machine (scheduling arithmetic). */
#ifndef JR_TIMEPARSE_H
#define JR_TIMEPARSE_H

#include <stdbool.h>
#include <stdint.h>

/* Parses `s` into milliseconds since the epoch (UTC when no offset is
 * given). Returns false for anything that is not a valid date-time. */
bool jr_parse_timestamp(const char *s, int64_t *epoch_ms);

#endif
