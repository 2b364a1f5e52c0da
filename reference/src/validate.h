/* Internal character-class and format checks of the request decoder.
 * Hand-written (no regex engine), each linear in the input length.
 * All functions take explicit lengths or NUL-terminated strings as noted and
 * never read past them. Nothing here allocates. */
#ifndef JR_VALIDATE_H
#define JR_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code point above U+10FFFF). */
bool jr_utf8_valid(const char *s, size_t n);

/* Length in UTF-16 code units (Java String.length()) of well-formed UTF-8. */
size_t jr_utf16_len(const char *s);

/* True when the code point is in \p{C}: Cc, Cf, Cs, Co, and the
 * noncharacters of Cn. (Unassigned code points other than noncharacters are
 * NOT rejected: that would need the full Unicode tables.) */
bool jr_cp_is_other(uint32_t cp);

/* True when the NUL-terminated, well-formed UTF-8 string contains no code
 * point of \p{C} (the pattern `[^\p{C}]*`). */
bool jr_no_other_chars(const char *s);

/* `[a-zA-Z0-9_-]+` (JobId, NamespaceId, ParameterKey). Empty is false. */
bool jr_is_id_chars(const char *s);
/* `[a-zA-Z0-9:_-]+` (ThingName, ThingGroupName, DetailsKey). */
bool jr_is_name_chars(const char *s);
/* `[a-zA-Z0-9\-]+` (ThingGroupId). */
bool jr_is_group_id_chars(const char *s);
/* `[\p{Upper}\p{Digit}_]+` (ReasonCode; \p{Upper} is ASCII in Java). */
bool jr_is_reason_code_chars(const char *s);
/* `^arn:[!-~]+$` (JobTemplateArn). */
bool jr_is_template_arn(const char *s);
/* TagKey `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`, approximated: ASCII letters,
 * digits, space and `_.:/=+-@`; non-ASCII code points accepted unless in
 * \p{C}. */
bool jr_is_tag_key_chars(const char *s);

/* Thing / thing-group ARNs:
 * arn:(aws|aws-cn|aws-us-gov):iot:REGION:ACCOUNT:thing/NAME (or thinggroup/)
 * with REGION `[a-z0-9-]+`, ACCOUNT 12 digits, NAME 1..128 `[a-zA-Z0-9:_-]+`. */
typedef enum jr_arn_kind { JR_ARN_INVALID = 0, JR_ARN_THING, JR_ARN_THING_GROUP } jr_arn_kind;
jr_arn_kind jr_target_arn_kind(const char *s);

/* https S3 object URL: https://s3[.REGION].amazonaws.com/BUCKET/KEY or
 * https://BUCKET.s3[.REGION].amazonaws.com/KEY, all bytes printable ASCII. */
bool jr_is_s3_url(const char *s);

/* Strict decimal integer: optional '-', 1..19 digits, within int64. */
bool jr_parse_i64(const char *s, int64_t *out);

#endif
