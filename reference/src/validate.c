/* Character-class and format checks of the request decoder (see validate.h). */
#include "validate.h"

#include <string.h>

/* Number of leading bytes of s[0..n) taken eight at a time while all eight
 * are ASCII. Most text is ASCII, and a byte-by-byte loop here was the
 * hottest code of the decoder (and of the state-machine fuzzer). */
static size_t ascii_words(const unsigned char *s, size_t n)
{
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) break;
    }
    return i;
}

bool jr_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        i += ascii_words(s + i, n - i);
        if (i == n) break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1; cp = c & 0x1F; min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2; cp = c & 0x0F; min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3; cp = c & 0x07; min = 0x10000;
        } else {
            return false;
        }
        if (n - i - 1 < need) return false;
        for (size_t k = 1; k <= need; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += need + 1;
    }
    return true;
}

/* Decodes one code point of well-formed UTF-8 at *p, advancing *p. */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    if (c < 0x80) {
        *p = s + 1;
        return c;
    }
    if (c < 0xE0) {
        *p = s + 2;
        return ((c & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (c < 0xF0) {
        *p = s + 3;
        return ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *p = s + 4;
    return ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

size_t jr_utf16_len(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t len = strlen(str), n = 0, i = 0;
    while (i < len) {
        size_t ascii = ascii_words(s + i, len - i); /* one unit each */
        n += ascii;
        i += ascii;
        if (i == len) break;
        unsigned c = s[i++];
        if ((c & 0xC0) == 0x80) continue; /* continuation byte */
        n += (c >= 0xF0) ? 2 : 1;
    }
    return n;
}

bool jr_cp_is_other(uint32_t cp)
{
    /* Cc */
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
    if (cp < 0xAD) return false;
    /* Cf */
    if (cp == 0xAD || (cp >= 0x600 && cp <= 0x605) || cp == 0x61C || cp == 0x6DD || cp == 0x70F ||
        cp == 0x8E2 || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF ||
        (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0x110BD || cp == 0x110CD || (cp >= 0x13430 && cp <= 0x13438) ||
        (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) || cp == 0xE0001 ||
        (cp >= 0xE0020 && cp <= 0xE007F))
        return true;
    /* Cs */
    if (cp >= 0xD800 && cp <= 0xDFFF) return true;
    /* Co */
    if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD))
        return true;
    /* Cn: noncharacters */
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return true;
    if (cp > 0x10FFFF) return true;
    return false;
}

bool jr_no_other_chars(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        if (jr_cp_is_other(next_cp(&s))) return false;
    }
    return true;
}

static bool is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool all_in(const char *s, const char *extra)
{
    if (!s || !*s) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (!is_alnum(*p) && !strchr(extra, *p)) return false;
    }
    return true;
}

bool jr_is_id_chars(const char *s) { return all_in(s, "_-"); }
bool jr_is_name_chars(const char *s) { return all_in(s, ":_-"); }
bool jr_is_group_id_chars(const char *s) { return all_in(s, "-"); }

bool jr_is_reason_code_chars(const char *s)
{
    if (!s || !*s) return false;
    for (const char *p = s; *p; p++) {
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    }
    return true;
}

bool jr_is_template_arn(const char *s)
{
    if (!s || strncmp(s, "arn:", 4) != 0 || !s[4]) return false;
    for (const char *p = s + 4; *p; p++) {
        if (*p < '!' || *p > '~') return false;
    }
    return true;
}

bool jr_is_tag_key_chars(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        if (*s < 0x80) {
            if (!is_alnum(*s) && !strchr(" _.:/=+-@", *s)) return false;
            s++;
        } else if (jr_cp_is_other(next_cp(&s))) {
            return false;
        }
    }
    return true;
}

/* Matches `lit` at *p and advances. */
static bool eat(const char **p, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(*p, lit, n) != 0) return false;
    *p += n;
    return true;
}

jr_arn_kind jr_target_arn_kind(const char *s)
{
    if (!s) return JR_ARN_INVALID;
    const char *p = s;
    if (!eat(&p, "arn:")) return JR_ARN_INVALID;
    if (!eat(&p, "aws-us-gov:") && !eat(&p, "aws-cn:") && !eat(&p, "aws:")) return JR_ARN_INVALID;
    if (!eat(&p, "iot:")) return JR_ARN_INVALID;
    const char *r = p;
    while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-') p++;
    if (p == r || *p != ':') return JR_ARN_INVALID;
    p++;
    for (int i = 0; i < 12; i++, p++) {
        if (*p < '0' || *p > '9') return JR_ARN_INVALID;
    }
    if (*p != ':') return JR_ARN_INVALID;
    p++;
    jr_arn_kind kind;
    if (eat(&p, "thing/")) kind = JR_ARN_THING;
    else if (eat(&p, "thinggroup/")) kind = JR_ARN_THING_GROUP;
    else return JR_ARN_INVALID;
    if (!jr_is_name_chars(p) || strlen(p) > 128) return JR_ARN_INVALID;
    return kind;
}

static bool region_chars(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
}

static bool bucket_chars(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
    }
    return true;
}

/* host part between "https://" and ".amazonaws.com": "s3", "s3.REGION",
 * "BUCKET.s3" or "BUCKET.s3.REGION". Sets *virtual_host. */
static bool s3_host(const char *h, size_t n, bool *virtual_host)
{
    if (n == 2 && memcmp(h, "s3", 2) == 0) {
        *virtual_host = false;
        return true;
    }
    if (n > 3 && memcmp(h, "s3.", 3) == 0 && region_chars(h + 3, n - 3)) {
        *virtual_host = false;
        return true;
    }
    /* BUCKET.s3[.REGION]: find the last ".s3" followed by end or '.' */
    for (size_t i = n; i-- > 0;) {
        if (i + 3 <= n && memcmp(h + i, ".s3", 3) == 0 && (i + 3 == n || h[i + 3] == '.')) {
            if (!bucket_chars(h, i)) return false;
            if (i + 3 == n || region_chars(h + i + 4, n - i - 4)) {
                *virtual_host = true;
                return true;
            }
            return false;
        }
    }
    return false;
}

bool jr_is_s3_url(const char *s)
{
    if (!s) return false;
    for (const char *p = s; *p; p++) {
        if (*p < '!' || *p > '~') return false;
    }
    const char *p = s;
    if (!eat(&p, "https://")) return false;
    const char *slash = strchr(p, '/');
    if (!slash) return false;
    size_t hl = (size_t)(slash - p);
    const char *suffix = ".amazonaws.com";
    size_t sl = strlen(suffix);
    if (hl <= sl || memcmp(slash - sl, suffix, sl) != 0) return false;
    bool vh;
    if (!s3_host(p, hl - sl, &vh)) return false;
    const char *path = slash + 1;
    if (vh) return *path != '\0';
    const char *bslash = strchr(path, '/');
    if (!bslash || !bucket_chars(path, (size_t)(bslash - path))) return false;
    return bslash[1] != '\0';
}

bool jr_parse_i64(const char *s, int64_t *out)
{
    if (!s) return false;
    bool neg = false;
    const char *p = s;
    if (*p == '-') {
        neg = true;
        p++;
    }
    if (!*p) return false;
    uint64_t v = 0;
    int digits = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        if (++digits > 19) return false;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (neg) {
        if (v > (uint64_t)INT64_MAX + 1) return false;
        *out = (v == (uint64_t)INT64_MAX + 1) ? INT64_MIN : -(int64_t)v;
    } else {
        if (v > (uint64_t)INT64_MAX) return false;
        *out = (int64_t)v;
    }
    return true;
}
