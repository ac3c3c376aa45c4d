/* Internal: exact, order-independent sums of doubles (a "long accumulator").
 *
 * Every finite double is an integer multiple of 2^-1074, below 2^1024: a
 * two's-complement integer of SLP_XSUM_LIMBS 64-bit limbs holds any sum of up
 * to 2^64 of them exactly. Adding is exact, so the sum does not depend on the
 * order of the additions, and two accumulators merge exactly (slp_xsum_merge):
 * the law of mergeable estimate states (SPEC §14) for money. The value is the
 * exact sum rounded once to the nearest double (ties to even). 272 bytes each. */
#ifndef SLP_EXACTSUM_H
#define SLP_EXACTSUM_H

#include <stddef.h>
#include <stdint.h>

#define SLP_XSUM_LIMBS 34

typedef struct slp_xsum {
    uint64_t limb[SLP_XSUM_LIMBS]; /* little-endian limbs, two's complement */
} slp_xsum;

/* Add a finite double (NaN and infinities are ignored: callers check). */
void slp_xsum_add_any(slp_xsum *s, double v);

/* The unit (2^0) is bit 1074 of the accumulator: bit 50 of limb 16. */
#define SLP_XSUM_UNIT_LIMB 16
#define SLP_XSUM_UNIT_BIT 50

/* slp_xsum_add, inline for a whole number below 2^53 (an amount, mostly):
 * the same bits added at the same place, so the same sum. */
static inline void slp_xsum_add(slp_xsum *s, double v)
{
    uint64_t k;
    if (!(v >= 1.0 && v < 9007199254740992.0) || (double)(k = (uint64_t)v) != v) {
        slp_xsum_add_any(s, v);
        return;
    }
    uint64_t *l = s->limb + SLP_XSUM_UNIT_LIMB;
    uint64_t lo = k << SLP_XSUM_UNIT_BIT, hi = k >> (64 - SLP_XSUM_UNIT_BIT);
    uint64_t old = l[0];
    l[0] = old + lo;
    uint64_t add = hi + (l[0] < old); /* hi < 2^39: no overflow */
    old = l[1];
    l[1] = old + add;
    for (size_t j = SLP_XSUM_UNIT_LIMB + 2; l[1] < old && j < SLP_XSUM_LIMBS; j++)
        if (++s->limb[j] != 0) /* carry until a limb does not wrap */
            break;
}
/* s += t, exactly. */
void slp_xsum_merge(slp_xsum *s, const slp_xsum *t);
/* The exact sum rounded to the nearest double (+-inf beyond the range). */
double slp_xsum_value(const slp_xsum *s);
/* 1 when the sum is exactly zero. */
int slp_xsum_is_zero(const slp_xsum *s);

#endif
