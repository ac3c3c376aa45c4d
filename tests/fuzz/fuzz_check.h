/* Shared by the fuzz targets: CHECK (abort with the failed condition, so
 * libFuzzer keeps the input) and the envelope fix-up of the serialized-state
 * targets. Header-only: each target is one translation unit. */
#ifndef SALESPLAN_FUZZ_CHECK_H
#define SALESPLAN_FUZZ_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* Rewrite the payload length and the FNV-1a-64 checksum of a serialized
 * state's 32-byte header to match its n bytes, so that a fuzzer reaches the
 * payload parser behind the checksum (a crafted state carries a valid one). */
static inline void fuzz_fix_envelope(unsigned char *b, size_t n)
{
    if (n < 32)
        return;
    uint64_t plen = n - 32, h = 0xcbf29ce484222325ull;
    for (size_t i = 32; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    memcpy(b + 16, &plen, 8);
    memcpy(b + 24, &h, 8);
}

/* The bytes of a serialized-state target's input: 1 mode byte, then the
 * bytes (a copy the caller frees; NULL for an empty input or when memory runs
 * out); mode bit 0 fixes the envelope up. */
static inline unsigned char *fuzz_state_input(const uint8_t *data, size_t size, size_t *n)
{
    if (size < 1)
        return NULL;
    *n = size - 1;
    unsigned char *b = (unsigned char *)malloc(*n ? *n : 1);
    if (b == NULL)
        return NULL;
    if (*n)
        memcpy(b, data + 1, *n);
    if (data[0] & 1u)
        fuzz_fix_envelope(b, *n);
    return b;
}

#endif
