/* Internal: the powers of ten behind json/dtoa.c (generated table,
 * lib/json/dtoa_table.c, by scripts/gen_dtoa_table.py). */
#ifndef SLP_DTOA_TABLE_H
#define SLP_DTOA_TABLE_H

#include <stdint.h>

#define SLP_DTOA_K_MIN (-324)
#define SLP_DTOA_K_MAX 292

/* {hi, lo}: hi * 2^63 + lo = floor(10^(-k) / 2^r) + 1, a 126-bit value
 * (2^125 < g <= 2^126), for k = SLP_DTOA_K_MIN + index. */
extern const uint64_t slp_dtoa_g[SLP_DTOA_K_MAX - SLP_DTOA_K_MIN + 1][2];

#endif
