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
void slp_xsum_add(slp_xsum *s, double v);
/* s += t, exactly. */
void slp_xsum_merge(slp_xsum *s, const slp_xsum *t);
/* The exact sum rounded to the nearest double (+-inf beyond the range). */
double slp_xsum_value(const slp_xsum *s);
/* 1 when the sum is exactly zero. */
int slp_xsum_is_zero(const slp_xsum *s);

#endif
