/* xoshiro256** seeded through splitmix64; see rng.h. */
#include "math/rng.h"

#include <stddef.h>

/* The splitmix64 output function (a 64-bit finaliser; a bijection). */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

uint64_t slp_splitmix64(uint64_t *state)
{
    *state += 0x9E3779B97F4A7C15u;
    return mix64(*state);
}

void slp_rng_seed(slp_rng *r, uint64_t seed, uint64_t stream)
{
    /* key = mix(mix(seed) + golden·(stream + 1)): distinct streams of one seed
     * start splitmix64 at keys that are themselves hashed, so neighbouring
     * seeds and neighbouring blocks do not share sequences. */
    uint64_t key = mix64(mix64(seed) + 0x9E3779B97F4A7C15u * (stream + 1u));
    for (size_t i = 0; i < 4; i++)
        r->s[i] = slp_splitmix64(&key);
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0) /* the one forbidden state */
        r->s[0] = 1;
}
