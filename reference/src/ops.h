/* Internal: the operation table OPS[JR_OP_COUNT] (ops.c). One row per
 * operation holds everything the layers need to know about it:
 *
 *   info     name, plane, method, path template, body, the model's errors
 *            (public part, jobsref/ops.h)
 *   seg      the path template split at compile time (route.c matches it)
 *   decode   request members beyond the URI labels (decode.c)
 *   handle   the operation: checks against the state, calls the core, fills
 *            a jr_result (machine_jobs.c, machine_exec.c, machine_registry.c,
 *            machine_list.c)
 *   encode   renders the jr_result as the response body (encode_response.c)
 *
 * Adding an operation: a jr_op value (types.h), one row here, a decoder for
 * its input members, a handler in its family's file and, unless an existing
 * one fits, an encoder for its output shape. */
#ifndef JR_OPS_INTERNAL_H
#define JR_OPS_INTERNAL_H

#include "jobsref/machine.h"
#include "jobsref/ops.h"
#include "jobsref/request.h"
#include "views.h"

#define JR_ROUTE_MAX_SEGMENTS 8
#define JR_ROUTE_MAX_LABELS 4

typedef enum { JR_SEG_LITERAL, JR_SEG_LABEL, JR_SEG_NEXT } jr_seg_kind;

typedef struct jr_route_seg {
    jr_seg_kind kind;
    const char *text; /* the literal, or the label's member name */
    size_t len;       /* of the literal */
} jr_route_seg;

/* decode.c's state while decoding one request (opaque here). */
typedef struct jr_decode_ctx jr_decode_ctx;

typedef jr_status (*jr_decode_fn)(jr_decode_ctx *d);
typedef jr_status (*jr_handle_fn)(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
/* Heap string of the body; NULL on allocation failure. */
typedef char *(*jr_encode_fn)(const jr_result *res);

typedef struct jr_op_row {
    jr_op_info info;
    size_t nseg;
    jr_route_seg seg[JR_ROUTE_MAX_SEGMENTS];
    jr_decode_fn decode;
    jr_handle_fn handle;
    jr_encode_fn encode;
} jr_op_row;

extern const jr_op_row OPS[JR_OP_COUNT];

/* ---- decoders (decode.c) */
jr_status jr_dec_none(jr_decode_ctx *d);
jr_status jr_dec_create_job(jr_decode_ctx *d);
jr_status jr_dec_update_job(jr_decode_ctx *d);
jr_status jr_dec_delete_job(jr_decode_ctx *d);
jr_status jr_dec_list_jobs(jr_decode_ctx *d);
jr_status jr_dec_associate(jr_decode_ctx *d);
jr_status jr_dec_cancel_job(jr_decode_ctx *d);
jr_status jr_dec_list_execs_for_job(jr_decode_ctx *d);
jr_status jr_dec_list_execs_for_thing(jr_decode_ctx *d);
jr_status jr_dec_describe_exec(jr_decode_ctx *d);
jr_status jr_dec_cancel_exec(jr_decode_ctx *d);
jr_status jr_dec_delete_exec(jr_decode_ctx *d);
jr_status jr_dec_create_thing(jr_decode_ctx *d);
jr_status jr_dec_delete_registry(jr_decode_ctx *d);
jr_status jr_dec_create_group(jr_decode_ctx *d);
jr_status jr_dec_add_to_group(jr_decode_ctx *d);
jr_status jr_dec_remove_from_group(jr_decode_ctx *d);
jr_status jr_dec_list_things(jr_decode_ctx *d);
jr_status jr_dec_start_next(jr_decode_ctx *d);
jr_status jr_dec_data_describe(jr_decode_ctx *d);
jr_status jr_dec_update_exec(jr_decode_ctx *d);

/* ---- handlers, one file per family */
/* machine_jobs.c */
jr_status jr_h_create_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_describe_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_get_job_document(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_update_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_cancel_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_delete_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_associate(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
/* machine_exec.c */
jr_status jr_h_describe_exec(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_cancel_exec(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_delete_exec(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_pending(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_start_next(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_data_describe(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_update_exec(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
/* machine_registry.c */
jr_status jr_h_create_thing(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_describe_thing(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_delete_thing(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_create_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_describe_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_delete_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_add_to_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_remove_from_group(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
/* machine_list.c */
jr_status jr_h_list_jobs(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_list_execs_for_job(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_list_execs_for_thing(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);
jr_status jr_h_list_things(jr_machine *m, const jr_request *r, jr_result *res, jr_error *err);

/* ---- encoders, one per output shape (encode_response.c) */
char *jr_enc_empty(const jr_result *res);
char *jr_enc_job_ref(const jr_result *res);
char *jr_enc_describe_job(const jr_result *res);
char *jr_enc_job_document(const jr_result *res);
char *jr_enc_list_jobs(const jr_result *res);
char *jr_enc_execs_for_job(const jr_result *res);
char *jr_enc_execs_for_thing(const jr_result *res);
char *jr_enc_exec_control(const jr_result *res);
char *jr_enc_thing_ref(const jr_result *res);
char *jr_enc_describe_thing(const jr_result *res);
char *jr_enc_group_ref(const jr_result *res);
char *jr_enc_describe_group(const jr_result *res);
char *jr_enc_list_things(const jr_result *res);
char *jr_enc_pending(const jr_result *res);
char *jr_enc_exec_data(const jr_result *res); /* {execution?} */
char *jr_enc_update_exec(const jr_result *res);

#endif
