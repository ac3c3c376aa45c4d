/* Internal: the one UTF-8 validator (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequences). Every reader,
 * model rule and renderer that checks or walks UTF-8 goes through here. */
#ifndef SLP_UTF8_H
#define SLP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Pass as `avail` when the text is NUL-terminated and its length unknown:
 * the decoder stops at the first byte that does not continue a sequence, so
 * it never reads past the terminating NUL. */
#define SLP_UTF8_NUL_TERMINATED SIZE_MAX

/* The largest code point and the surrogate range UTF-8 may not encode. */
#define SLP_UTF8_MAX_CP 0x10FFFFul
#define SLP_UTF8_SURROGATE_LO 0xD800ul
#define SLP_UTF8_SURROGATE_HI 0xDFFFul

/* Decode the character at `s`, of which `avail` bytes (>= 1) may be read.
 * Returns its length 1..4 and sets *cp (NULL allowed), or returns 0 when
 * the bytes are not well-formed UTF-8. An ASCII byte, NUL included, is a
 * character of length 1. */
size_t slp_utf8_decode(const unsigned char *s, size_t avail, unsigned long *cp);

/* 1 when [s, s + n) is well-formed UTF-8 (embedded NULs allowed), else 0. */
int slp_utf8_valid(const char *s, size_t n);

/* Code points of the NUL-terminated `s`, counting stops once past `stop`
 * (the result is then stop + 1); (size_t)-1 when `s` is not well-formed. */
size_t slp_utf8_count(const char *s, size_t stop);

#endif
