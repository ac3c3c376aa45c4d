/* Exact sums of doubles in a fixed-point accumulator wide enough for every
 * double (see exactsum.h). */
#include "math/exactsum.h"

#include <math.h>
#include <string.h>

/* Add (or subtract) the 53-bit integer m shifted left by `bit` bits. */
static void add_shifted(slp_xsum *s, uint64_t m, unsigned bit, int negative)
{
    size_t i = bit / 64;
    unsigned sh = bit % 64;
    uint64_t lo = m << sh;
    uint64_t hi = sh ? m >> (64 - sh) : 0;
    if (!negative) {
        uint64_t old = s->limb[i];
        s->limb[i] = old + lo;
        uint64_t carry = s->limb[i] < old;
        for (size_t j = i + 1; j < SLP_XSUM_LIMBS && (carry || hi); j++) {
            old = s->limb[j];
            uint64_t add = hi + carry;
            uint64_t c2 = add < hi; /* hi + 1 overflowed (cannot: hi < 2^53) */
            s->limb[j] = old + add;
            carry = (s->limb[j] < old) | c2;
            hi = 0;
        }
    } else {
        uint64_t old = s->limb[i];
        s->limb[i] = old - lo;
        uint64_t borrow = old < lo;
        for (size_t j = i + 1; j < SLP_XSUM_LIMBS && (borrow || hi); j++) {
            old = s->limb[j];
            uint64_t sub = hi + borrow;
            s->limb[j] = old - sub;
            borrow = old < sub;
            hi = 0;
        }
    }
}

void slp_xsum_add_any(slp_xsum *s, double v)
{
    if (!isfinite(v) || v == 0.0)
        return;
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    int negative = (int)(b >> 63);
    unsigned be = (unsigned)((b >> 52) & 0x7FF);
    uint64_t m = b & ((1ull << 52) - 1);
    if (be != 0)
        m |= 1ull << 52;
    /* v = m * 2^(max(be,1) - 1075) = m * 2^-1074 * 2^(max(be,1) - 1) */
    add_shifted(s, m, be ? be - 1 : 0, negative);
}

void slp_xsum_merge(slp_xsum *s, const slp_xsum *t)
{
    uint64_t carry = 0;
    for (size_t j = 0; j < SLP_XSUM_LIMBS; j++) {
        uint64_t a = s->limb[j], r = a + t->limb[j];
        uint64_t c1 = r < a;
        uint64_t r2 = r + carry;
        uint64_t c2 = r2 < r;
        s->limb[j] = r2;
        carry = c1 | c2;
    }
}

int slp_xsum_is_zero(const slp_xsum *s)
{
    for (size_t j = 0; j < SLP_XSUM_LIMBS; j++)
        if (s->limb[j])
            return 0;
    return 1;
}

/* Bit `k` of the magnitude. */
static uint64_t get_bits(const uint64_t *l, long lo_bit, unsigned n)
{
    /* n <= 64 bits starting at lo_bit (may be negative: zeros below 0) */
    uint64_t r = 0;
    for (unsigned k = 0; k < n; k++) {
        long bit = lo_bit + (long)k;
        if (bit < 0)
            continue;
        if ((l[bit / 64] >> (bit % 64)) & 1u)
            r |= 1ull << k;
    }
    return r;
}

double slp_xsum_value(const slp_xsum *s)
{
    uint64_t l[SLP_XSUM_LIMBS];
    memcpy(l, s->limb, sizeof l);
    int negative = (int)(l[SLP_XSUM_LIMBS - 1] >> 63);
    if (negative) { /* magnitude = -value */
        uint64_t carry = 1;
        for (size_t j = 0; j < SLP_XSUM_LIMBS; j++) {
            l[j] = ~l[j] + carry;
            carry = carry && l[j] == 0;
        }
    }
    long top = -1;
    for (size_t j = SLP_XSUM_LIMBS; j-- > 0;)
        if (l[j]) {
            top = (long)(j * 64) + 63 - __builtin_clzll(l[j]);
            break;
        }
    if (top < 0)
        return 0.0;
    double v;
    if (top < 53) {
        v = ldexp((double)l[0], -1074); /* exact: fewer than 53 bits */
    } else {
        /* 53 bits of mantissa, the round bit below, and a sticky bit for the rest */
        long lo = top - 52;
        uint64_t mant = get_bits(l, lo, 53);
        uint64_t round = get_bits(l, lo - 1, 1);
        int sticky = 0;
        for (long bit = lo - 2; bit >= 0 && !sticky; bit--) {
            if (bit % 64 == 63 && l[bit / 64] == 0) {
                bit -= 63; /* skip a zero limb */
                continue;
            }
            sticky = (int)((l[bit / 64] >> (bit % 64)) & 1u);
        }
        if (round && (sticky || (mant & 1u)))
            mant++; /* may carry to 2^53: still exact in a double */
        v = ldexp((double)mant, (int)(lo - 1074));
    }
    return negative ? -v : v;
}
