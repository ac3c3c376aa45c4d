/* Exact samplers on top of rng.h: standard normal (256-layer ziggurat),
 * binomial (Bernoulli sum for n <= 16, inversion for n·min(p,1-p) < 10,
 * else BTRD of Hörmann 1993),
 * gamma (Marsaglia and Tsang 2000), beta (two gammas) and lognormal by mean
 * and coefficient of variation.
 *
 * The ziggurat tables live in a caller-owned slp_ziggurat filled once by
 * slp_ziggurat_init() and only read afterwards, so any number of threads may
 * share one. Nothing here allocates or keeps state outside its arguments.
 * docs/simulation.md describes the methods. */
#ifndef SLP_SAMPLE_H
#define SLP_SAMPLE_H

#include <stdint.h>
#include <string.h>

#include "math/rng.h"

/* Tables of the normal ziggurat: layer i (0..255) spans widths x[i+1]..x[i]. */
typedef struct slp_ziggurat {
    uint64_t k[256]; /* 2^52 · x[i+1] / x[i]: below it, accept at once */
    double w[256];   /* x[i] / 2^52 */
    double f[257];   /* exp(-x[i]^2 / 2), f[256] = 1 */
} slp_ziggurat;

/* Fill the tables (deterministic: same build, same tables). */
void slp_ziggurat_init(slp_ziggurat *z);

/* Rejection and tail part of slp_normal(); not for direct use. */
double slp_normal_slow(slp_rng *r, const slp_ziggurat *z, uint64_t bits);

/* A standard normal variate. */
static inline double slp_normal(slp_rng *r, const slp_ziggurat *z)
{
    uint64_t u = slp_rng_next(r);
    unsigned i = (unsigned)(u & 0xffu);
    uint64_t m = u >> 12; /* 52 bits; bit 8 is the sign */
    if (m < z->k[i]) {
        /* m < 2^52 converts exactly through int64_t (one instruction); the
         * sign is copied in without a branch, as the bit is random. */
        double x = (double)(int64_t)m * z->w[i];
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        bits ^= (u & 0x100u) << 55;
        memcpy(&x, &bits, sizeof x);
        return x;
    }
    return slp_normal_slow(r, z, u);
}

/* Binomial(n, p): exact; n <= 2^53, p in [0, 1] (NaN or p <= 0 gives 0).
 * n <= 16: a sum of Bernoulli trials; then, with p' = min(p, 1-p),
 * inversion when n·p' < 10, else BTRD. */
uint64_t slp_binomial(slp_rng *r, uint64_t n, double p);

/* Gamma(shape, 1) for shape > 0. */
double slp_gamma(slp_rng *r, const slp_ziggurat *z, double shape);

/* Beta(a, b) for a, b > 0, as Ga/(Ga + Gb). */
double slp_beta(slp_rng *r, const slp_ziggurat *z, double a, double b);

/* Parameters of the lognormal with mean `mean` (> 0) and coefficient of
 * variation `cv` (>= 0): sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2/2. */
void slp_lognormal_params(double mean, double cv, double *mu, double *sigma);

/* exp(mu + sigma·Z) with Z standard normal. */
double slp_lognormal(slp_rng *r, const slp_ziggurat *z, double mu, double sigma);

/* Number of values slp_exp_batch() works on. */
#define SLP_EXP_BATCH 256

/* v[i] = exp(v[i]) for the SLP_EXP_BATCH values of v, each with |v[i]| <= 708:
 * Cody–Waite reduction by ln 2 and a degree-13 Taylor polynomial, relative
 * error within 2^-51 (measured: one ulp of glibc's exp). Branch-free with a
 * fixed trip count, so the compiler can vectorise it (on x86-64 an AVX2
 * version is picked at run time when the CPU has it; same bits); used for
 * lognormal deal sizes. */
void slp_exp_batch(double *v);
/* The same without the run-time choice of an AVX2 version (for the tests:
 * both must give the same bits). */
void slp_exp_batch_portable(double *v);

/* Stirling series remainder fc(k) = ln k! - ((k+1/2)ln(k+1) - (k+1) + ln(2π)/2),
 * k >= 0 a whole number; exposed for the tests. */
double slp_stirling_tail(double k);

#endif
