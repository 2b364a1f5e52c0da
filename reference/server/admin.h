/* Reference-only admin routes under JR_ADMIN_PREFIX: read and advance the
 * virtual clock, reset all state, switch faults on and off, describe the
 * server. Served only with --admin; the caller holds the machine lock. */
#ifndef JR_SERVER_ADMIN_H
#define JR_SERVER_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jr_server.h"

/* True when `url` is the admin prefix or below it. */
bool jr_admin_matches(const char *url);

/* Answers one admin request. `vclock` is NULL when the server runs on the
 * real clock. Always fills *out (free with jr_http_response_free). */
void jr_admin_handle(jr_machine *m, jr_virtual_clock *vclock, jr_plane plane, const jr_server_options *opts,
                     const char *method, const char *url, const uint8_t *body, size_t body_len,
                     jr_http_response *out);

#endif
