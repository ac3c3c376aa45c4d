/* Random numbers for the simulation: xoshiro256** (Blackman and Vigna 2018)
 * seeded through splitmix64.
 *
 * A generator is a plain value (four 64-bit words) owned by its user: there is
 * no global state. A stream is named by (seed, stream): slp_rng_seed() hashes
 * the pair with the splitmix64 finaliser into a 64-bit key and fills the four
 * state words with the next four splitmix64 outputs from that key, so every
 * (seed, block) pair gets its own well-mixed starting point and results do not
 * depend on which thread runs which block. The hot functions are inline. */
#ifndef SLP_RNG_H
#define SLP_RNG_H

#include <stdint.h>

typedef struct slp_rng {
    uint64_t s[4];
} slp_rng;

/* One step of splitmix64 (Steele, Lea and Flood 2014): advance *state and
 * return the mixed output. */
uint64_t slp_splitmix64(uint64_t *state);

/* Seed `r` for stream `stream` of `seed` (see the file comment). */
void slp_rng_seed(slp_rng *r, uint64_t seed, uint64_t stream);

static inline uint64_t slp_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* Next 64 random bits. */
static inline uint64_t slp_rng_next(slp_rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = slp_rng_rotl(s[1] * 5u, 7) * 9u;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = slp_rng_rotl(s[3], 45);
    return result;
}

/* Uniform double in [0, 1): the top 53 bits times 2^-53. */
static inline double slp_rng_uniform(slp_rng *r)
{
    return (double)(slp_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform double in (0, 1): (top 52 bits + 0.5) times 2^-52; never 0 or 1,
 * so its logarithm is finite. */
static inline double slp_rng_uniform_pos(slp_rng *r)
{
    return ((double)(slp_rng_next(r) >> 12) + 0.5) * 0x1.0p-52;
}

#endif
