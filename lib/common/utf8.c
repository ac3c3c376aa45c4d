/* The one UTF-8 validator (see utf8.h). */
#include "common/utf8.h"

/* Lead byte ranges of multi-byte sequences and the smallest code point each
 * length may encode (anything smaller is an overlong form). */
#define LEAD2_LO 0xC2u
#define LEAD2_HI 0xDFu
#define LEAD3_LO 0xE0u
#define LEAD3_HI 0xEFu
#define LEAD4_LO 0xF0u
#define LEAD4_HI 0xF4u
#define MIN_CP3 0x800ul
#define MIN_CP4 0x10000ul

size_t slp_utf8_decode(const unsigned char *s, size_t avail, unsigned long *cp)
{
    unsigned c = s[0];
    size_t len;
    unsigned long v, min = 0;
    if (c < 0x80u) {
        if (cp)
            *cp = c;
        return 1;
    } else if (c >= LEAD2_LO && c <= LEAD2_HI) {
        len = 2;
        v = c & 0x1Fu;
    } else if (c >= LEAD3_LO && c <= LEAD3_HI) {
        len = 3;
        v = c & 0x0Fu;
        min = MIN_CP3;
    } else if (c >= LEAD4_LO && c <= LEAD4_HI) {
        len = 4;
        v = c & 0x07u;
        min = MIN_CP4;
    } else {
        return 0;
    }
    for (size_t k = 1; k < len; k++) {
        /* Checked byte by byte, so a NUL (or any non-continuation byte)
         * ends the sequence before anything past it is read. */
        if (k >= avail || (s[k] & 0xC0u) != 0x80u)
            return 0;
        v = (v << 6) | (s[k] & 0x3Fu);
    }
    if (v < min || v > SLP_UTF8_MAX_CP || (v >= SLP_UTF8_SURROGATE_LO && v <= SLP_UTF8_SURROGATE_HI))
        return 0;
    if (cp)
        *cp = v;
    return len;
}

int slp_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = slp_utf8_decode(u + i, n - i, NULL);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

size_t slp_utf8_count(const char *s, size_t stop)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;
    while (*u && n <= stop) {
        size_t k = slp_utf8_decode(u, SLP_UTF8_NUL_TERMINATED, NULL);
        if (k == 0)
            return (size_t)-1;
        u += k;
        n++;
    }
    return n;
}
