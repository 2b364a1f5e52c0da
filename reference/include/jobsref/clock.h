/* Time for libjobsref comes only through this interface, so the state
 * machine stays deterministic: tests and fuzzers use the virtual clock, the
 * server uses the real one or (for conformance runs) a virtual one that an
 * admin route advances. All times are milliseconds since the Unix epoch. */
#ifndef JOBSREF_CLOCK_H
#define JOBSREF_CLOCK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jr_clock {
    int64_t (*now_ms)(void *ctx);
    void *ctx;
} jr_clock;

/* CLOCK_REALTIME. */
jr_clock jr_clock_real(void);

/* A clock that moves only when told. Not thread-safe: callers that share it
 * between threads serialize access, as the server does. */
typedef struct jr_virtual_clock {
    int64_t now_ms;
} jr_virtual_clock;

void jr_virtual_clock_init(jr_virtual_clock *vc, int64_t start_ms);
/* Moves the clock forward; negative deltas are ignored (time never runs
 * backwards). */
void jr_virtual_clock_advance(jr_virtual_clock *vc, int64_t delta_ms);
/* A jr_clock reading *vc; *vc must outlive every user of the clock. */
jr_clock jr_clock_virtual(jr_virtual_clock *vc);

static inline int64_t jr_clock_now(const jr_clock *c) { return c->now_ms(c->ctx); }

#ifdef __cplusplus
}
#endif
#endif
