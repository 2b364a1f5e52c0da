/* fuzz_request_decoder: raw HTTP inputs of every operation of both planes
 * through jr_decode_request (with a fuzzer-chosen set of decoder faults), and
 * now and then through jr_service_handle on a small machine. Framing: see
 * fuzz_common.h. Crashes, leaks and sanitizer reports are the findings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void setup_execute(jr_machine *m, const jr_request *r)
{
    jr_response resp;
    jr_error err;
    if (jr_machine_execute(m, r, &resp, &err) == JR_OK) jr_response_free(&resp);
    else jrf_fail("fuzz_request_decoder", "fixture %s failed: %s", jr_op_name(r->op), err.message);
}

static void run_service(const jrf_input *in)
{
    jr_virtual_clock vc;
    jr_virtual_clock_init(&vc, 1700000000000LL);
    jr_machine_config cfg;
    jr_machine_config_default(&cfg);
    cfg.faults = jrf_decoder_faults(in->flags);
    jr_machine *m = jr_machine_new(&cfg, jr_clock_virtual(&vc));
    if (!m) return;
    /* A thing, a group and a job so that lookups can succeed. Each input
     * gets a fresh machine (determinism); the fixture goes in as typed
     * requests (cheap: no encoding, routing or decoding; the fuzzed request
     * below takes the whole HTTP path). */
    static char t1[] = "t1", g1[] = "g1", j1[] = "j1", doc[] = "{}";
    static char target[] = "arn:aws:iot:us-east-1:123456789012:thing/t1";
    static char *targets[] = {target};
    jr_request r;
    memset(&r, 0, sizeof r);
    r.op = JR_OP_CREATE_THING;
    r.thing_name = t1;
    setup_execute(m, &r);
    memset(&r, 0, sizeof r);
    r.op = JR_OP_CREATE_THING_GROUP;
    r.thing_group_name = g1;
    setup_execute(m, &r);
    memset(&r, 0, sizeof r);
    r.op = JR_OP_ADD_THING_TO_THING_GROUP;
    r.thing_name = t1;
    r.thing_group_name = g1;
    setup_execute(m, &r);
    memset(&r, 0, sizeof r);
    r.op = JR_OP_CREATE_JOB;
    r.job_id = j1;
    r.targets.items = targets;
    r.targets.count = 1;
    r.document = doc;
    r.has_target_selection = true;
    r.target_selection = JR_TARGET_CONTINUOUS;
    setup_execute(m, &r);

    jr_http_response resp;
    jr_service_handle(m, &in->http, &resp);
    jr_http_response_free(&resp);
    /* The same request once more: second-time paths (already exists, ...). */
    jr_service_handle(m, &in->http, &resp);
    jr_http_response_free(&resp);
    jr_machine_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jrf_input in;
    if (jrf_input_parse(data, size, &in) != 0) return 0;

    jr_request req;
    jr_error err;
    memset(&req, 0, sizeof req);
    if (jr_decode_request(&in.http, jrf_decoder_faults(in.flags), &req, &err) == JR_OK) {
        jr_request_free(&req);
    } else {
        /* The error must name a type; the buffers must be terminated. */
        if (err.type == JR_ERR_NONE) jrf_fail("fuzz_request_decoder", "decode failed without an error type");
        if (!memchr(err.field, 0, sizeof err.field) || !memchr(err.message, 0, sizeof err.message))
            jrf_fail("fuzz_request_decoder", "unterminated error field/message");
    }
    if ((in.flags & 0xE0u) == 0xE0u) run_service(&in);
    jrf_input_free(&in);
    return 0;
}
