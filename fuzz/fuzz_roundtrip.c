/* fuzz_roundtrip: decode -> jr_encode_request -> decode must give a request
 * jr_request_equal to the first. Framing as fuzz_request_decoder (see
 * fuzz_common.h). abort() when the round trip changes the request. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jrf_input in;
    if (jrf_input_parse(data, size, &in) != 0) return 0;
    jr_fault_set faults = jrf_decoder_faults(in.flags);

    jr_request a, b;
    jr_error err;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if (jr_decode_request(&in.http, faults, &a, &err) != JR_OK) {
        jrf_input_free(&in);
        return 0;
    }
    jr_encoded_request enc;
    memset(&enc, 0, sizeof enc);
    if (jr_encode_request(&a, &enc, &err) != JR_OK)
        jrf_fail("fuzz_roundtrip", "jr_encode_request failed on a decoded %s request: %s", jr_op_name(a.op),
                 err.message);
    jr_http_input h = {enc.plane, enc.method, enc.path, enc.query, (const uint8_t *)enc.body, enc.body_len};
    if (jr_decode_request(&h, faults, &b, &err) != JR_OK)
        jrf_fail("fuzz_roundtrip", "re-decoding the encoded %s request failed: %s %s: %s\n  %s %s?%s\n  body: %.*s",
                 jr_op_name(a.op), jr_error_type_name(err.type), err.field, err.message, enc.method, enc.path,
                 enc.query, (int)(enc.body ? enc.body_len : 0), enc.body ? enc.body : "");
    if (!jr_request_equal(&a, &b))
        jrf_fail("fuzz_roundtrip", "round trip changed the %s request\n  %s %s?%s\n  body: %.*s", jr_op_name(a.op),
                 enc.method, enc.path, enc.query, (int)(enc.body ? enc.body_len : 0), enc.body ? enc.body : "");
    jr_request_free(&b);
    jr_encoded_request_free(&enc);
    jr_request_free(&a);
    jrf_input_free(&in);
    return 0;
}
