/* The real clock and the virtual clock behind jr_clock. */
#include "jobsref/clock.h"

#include <stddef.h>
#include <time.h>

static int64_t real_now_ms(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

jr_clock jr_clock_real(void) { return (jr_clock){.now_ms = real_now_ms, .ctx = NULL}; }

static int64_t virtual_now_ms(void *ctx) { return ((const jr_virtual_clock *)ctx)->now_ms; }

void jr_virtual_clock_init(jr_virtual_clock *vc, int64_t start_ms) { vc->now_ms = start_ms; }

void jr_virtual_clock_advance(jr_virtual_clock *vc, int64_t delta_ms)
{
    if (delta_ms > 0) vc->now_ms += delta_ms;
}

jr_clock jr_clock_virtual(jr_virtual_clock *vc) { return (jr_clock){.now_ms = virtual_now_ms, .ctx = vc}; }
