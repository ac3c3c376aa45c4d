/* A fast 64-bit hash of byte strings (see hash.h). */
#include "common/hash.h"

#include <string.h>

/* Odd multipliers with well-mixed bits (the golden ratio and a splitmix64
 * finaliser constant) and a seed from the digits of pi. */
#define HASH_MUL 0x9E3779B97F4A7C15ull
#define HASH_SEED 0x243F6A8885A308D3ull
#define HASH_FINAL_MUL 0xBF58476D1CE4E5B9ull
#define HASH_WORD 8u

uint64_t slp_hash_bytes(const char *s, size_t n)
{
    const uint64_t m = HASH_MUL;
    uint64_t h = HASH_SEED ^ ((uint64_t)n * m);
    while (n >= HASH_WORD) {
        uint64_t w;
        memcpy(&w, s, HASH_WORD);
        h = (h ^ w) * m;
        h ^= h >> 29;
        s += HASH_WORD;
        n -= HASH_WORD;
    }
    uint64_t t = 0;
    for (size_t i = 0; i < n; i++)
        t |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ t) * m;
    h ^= h >> 32;
    h *= HASH_FINAL_MUL;
    h ^= h >> 31;
    return h;
}

uint64_t slp_hash_str(const char *s)
{
    return slp_hash_bytes(s, strlen(s));
}
