/* Exact samplers; see sample.h and docs/simulation.md. */
#include "math/sample.h"

#include <math.h>
#include <string.h>

/* ---- normal: ziggurat with 256 layers of equal area ---------------------- */

/* Start of the tail and area of every layer, for f(x) = exp(-x^2/2)
 * (Marsaglia and Tsang 2000, 256-layer constants). */
#define ZIG_R 3.6541528853610088
#define ZIG_V 0.00492867323399
#define TWO52 4503599627370496.0

void slp_ziggurat_init(slp_ziggurat *z)
{
    double x[257];
    x[0] = ZIG_V / exp(-0.5 * ZIG_R * ZIG_R); /* base strip: rectangle plus tail */
    x[1] = ZIG_R;
    for (int i = 1; i < 255; i++)
        x[i + 1] = sqrt(-2.0 * log(ZIG_V / x[i] + exp(-0.5 * x[i] * x[i])));
    x[256] = 0.0;
    for (int i = 0; i < 256; i++) {
        z->k[i] = (uint64_t)(x[i + 1] / x[i] * TWO52);
        z->w[i] = x[i] / TWO52;
        z->f[i] = exp(-0.5 * x[i] * x[i]);
    }
    z->f[256] = 1.0;
}

double slp_normal_slow(slp_rng *r, const slp_ziggurat *z, uint64_t u)
{
    for (;;) {
        unsigned i = (unsigned)(u & 0xffu);
        uint64_t m = u >> 12;
        int neg = (u & 0x100u) != 0;
        double x = (double)m * z->w[i];
        if (m < z->k[i])
            return neg ? -x : x;
        if (i == 0) {
            /* Tail beyond R (Marsaglia 1964): R + E1/R, kept when 2·E2 > (E1/R)^2. */
            double xx, yy;
            do {
                xx = -log(slp_rng_uniform_pos(r)) / ZIG_R;
                yy = -log(slp_rng_uniform_pos(r));
            } while (yy + yy <= xx * xx);
            return neg ? -(ZIG_R + xx) : ZIG_R + xx;
        }
        /* Wedge of layer i: a uniform height between f(x[i]) and f(x[i+1]). */
        if (z->f[i] + slp_rng_uniform(r) * (z->f[i + 1] - z->f[i]) < exp(-0.5 * x * x))
            return neg ? -x : x;
        u = slp_rng_next(r);
    }
}

/* ---- binomial ------------------------------------------------------------ */

/* fc(k) for k = 0..9, from ln k! computed to full precision. */
static const double fc_table[10] = {
    0.08106146679532733, 0.04134069595540946, 0.027677925684997717, 0.02079067210376584,
    0.01664469118982126, 0.013876128823072875, 0.011896709945893313, 0.010411265261973668,
    0.00925546218270945, 0.008330563433359472};

double slp_stirling_tail(double k)
{
    if (k < 10.0)
        return fc_table[(int)k];
    double r = 1.0 / (k + 1.0), r2 = r * r;
    return (1.0 / 12.0 - (1.0 / 360.0 - r2 / 1260.0) * r2) * r;
}

/* Inversion (sequential search from 0) for n·p < 10, p <= 1/2. */
static uint64_t binomial_inversion(slp_rng *rng, uint64_t n, double p)
{
    double q = 1.0 - p, s = p / q, a = ((double)n + 1.0) * s;
    double r0 = exp((double)n * log1p(-p));
    double np = (double)n * p;
    /* Past 20 standard deviations the remaining mass is below 1e-40; a
     * search that gets there only chases rounding error, so it restarts. */
    double bound = np + 20.0 * sqrt(np * q + 1.0);
    if (bound > (double)n)
        bound = (double)n;
    for (;;) {
        double r = r0, u = slp_rng_uniform(rng);
        uint64_t x = 0;
        while (u > r) {
            u -= r;
            x++;
            if ((double)x > bound)
                break;
            r *= a / (double)x - s;
        }
        if ((double)x <= bound)
            return x;
    }
}

/* BTRD (Hörmann 1993, "The generation of binomial random variates", J. Stat.
 * Comput. Simul. 46) for n·p >= 10, p <= 1/2. Step numbers follow the paper. */
static uint64_t binomial_btrd(slp_rng *rng, uint64_t n_int, double p)
{
    const double n = (double)n_int, q = 1.0 - p;
    const double np = n * p, npq = np * q, spq = sqrt(npq);
    const double m = (double)(int64_t)((n + 1.0) * p); /* floor of a positive value */
    const double r = p / q;
    const double b = 1.15 + 2.53 * spq;
    const double a = -0.0873 + 0.0248 * b + 0.01 * p;
    const double c = np + 0.5;
    const double alpha = (2.83 + 5.1 / b) * spq;
    const double vr = 0.92 - 4.2 / b;
    const double urvr = 0.86 * vr;
    /* floor(y) for y in [0, n + 1) is the truncation through int64_t: no
     * floor() call (x86-64 without SSE4.1 has no rounding instruction). */
    for (;;) {
        /* 1: immediate acceptance in the central box. */
        double v = slp_rng_uniform(rng), u;
        if (v <= urvr) {
            u = v / vr - 0.43;
            double y = (2.0 * a / (0.5 - fabs(u)) + b) * u + c;
            if (y >= 0.0 && y < n + 1.0)
                return (uint64_t)(int64_t)y;
            continue;
        }
        /* 2: a point (u, v) under the hat outside the box. */
        if (v >= vr) {
            u = slp_rng_uniform(rng) - 0.5;
        } else {
            u = v / vr - 0.93;
            u = copysign(0.5, u) - u;
            v = slp_rng_uniform_pos(rng) * vr;
        }
        /* 3.0 */
        double us = 0.5 - fabs(u);
        if (!(us > 0.0))
            continue;
        double y = (2.0 * a / us + b) * u + c;
        if (!(y >= 0.0 && y < n + 1.0))
            continue;
        double k = (double)(int64_t)y;
        v = v * alpha / (a / (us * us) + b);
        double km = fabs(k - m);
        if (km <= 15.0) {
            /* 3.1: f(k)/f(m) by the recursion f(i)/f(i-1) = nr/i - r =
             * r·(n+1-i)/i, kept as a ratio of two products so that no
             * division is needed: at most 15 factors each, every one at most
             * n + 1 <= 2^53 + 1, so both stay below 2^796. */
            double num = 1.0, den = 1.0;
            if (m < k) {
                for (double i = m + 1.0; i <= k; i += 1.0) {
                    num *= r * (n + 1.0 - i);
                    den *= i;
                }
                if (v * den <= num) /* v <= f(k)/f(m) */
                    return (uint64_t)k;
            } else {
                for (double i = k + 1.0; i <= m; i += 1.0) {
                    num *= r * (n + 1.0 - i);
                    den *= i;
                }
                if (v * num <= den) /* v · f(m)/f(k) <= 1 */
                    return (uint64_t)k;
            }
            continue;
        }
        /* 3.2: squeeze on log f(k)/f(m). */
        v = log(v);
        double rho = (km / npq) * (((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5);
        double t = -km * km / (2.0 * npq);
        if (v < t - rho)
            return (uint64_t)k;
        if (v > t + rho)
            continue;
        /* 3.3 and 3.4: the exact test with Stirling's series. */
        double nm = n - m + 1.0;
        double h = (m + 0.5) * log((m + 1.0) / (r * nm)) + slp_stirling_tail(m) +
                   slp_stirling_tail(n - m);
        double nk = n - k + 1.0;
        if (v <= h + (n + 1.0) * log(nm / nk) + (k + 0.5) * log(nk * r / (k + 1.0)) -
                      slp_stirling_tail(k) - slp_stirling_tail(n - k))
            return (uint64_t)k;
    }
}

uint64_t slp_binomial(slp_rng *r, uint64_t n, double p)
{
    if (n == 0 || !(p > 0.0))
        return 0;
    if (p >= 1.0)
        return n;
    if (n <= 16) {
        /* A handful of Bernoulli trials is cheaper than any set-up. */
        uint64_t x = 0;
        for (uint64_t i = 0; i < n; i++)
            x += slp_rng_uniform(r) < p;
        return x;
    }
    if (p > 0.5) /* 1 - p is exact for p in [1/2, 1] */
        return n - slp_binomial(r, n, 1.0 - p);
    if ((double)n * p < 10.0)
        return binomial_inversion(r, n, p);
    return binomial_btrd(r, n, p);
}

/* ---- gamma, beta, lognormal ---------------------------------------------- */

double slp_gamma(slp_rng *r, const slp_ziggurat *z, double shape)
{
    if (shape < 1.0) {
        /* Ga(a) = Ga(a+1) · U^(1/a) (Marsaglia and Tsang, section 6). */
        double g = slp_gamma(r, z, shape + 1.0);
        return g * pow(slp_rng_uniform_pos(r), 1.0 / shape);
    }
    const double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = slp_normal(r, z);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = slp_rng_uniform_pos(r);
        double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2)
            return d * v;
        if (log(u) < 0.5 * x2 + d * (1.0 - v + log(v)))
            return d * v;
    }
}

double slp_beta(slp_rng *r, const slp_ziggurat *z, double a, double b)
{
    double x = slp_gamma(r, z, a);
    double y = slp_gamma(r, z, b);
    return x / (x + y);
}

void slp_lognormal_params(double mean, double cv, double *mu, double *sigma)
{
    double s2 = log1p(cv * cv);
    *sigma = sqrt(s2);
    *mu = log(mean) - 0.5 * s2;
}

/* The exponential of slp_exp_batch(): inlined into the portable version and,
 * on x86-64 with GCC or Clang, into an AVX2 version (4 lanes instead of
 * SSE2's 2) chosen at run time. Both do the same IEEE operations in the same
 * order (no FMA: AVX2 does not include it), so they give the same bits. */
#if defined(__GNUC__)
#  define SLP_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#  define SLP_ALWAYS_INLINE inline
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(SLP_NO_AVX2)
#  define SLP_EXP_AVX2 1
#else
#  define SLP_EXP_AVX2 0
#endif

static SLP_ALWAYS_INLINE void exp_batch_body(double *v)
{
    const double inv_ln2 = 1.4426950408889634;
    const double ln2_hi = 6.93147180369123816490e-01; /* fdlibm's split of ln 2 */
    const double ln2_lo = 1.90821492927058770002e-10;
    const double shift = 0x1.8p52; /* adding it rounds to an integer, kept in the low bits */
    for (int i = 0; i < SLP_EXP_BATCH; i++) {
        double x = v[i];
        double t = x * inv_ln2 + shift;
        double k = t - shift;
        uint64_t kbits;
        memcpy(&kbits, &t, sizeof kbits);
        double r = (x - k * ln2_hi) - k * ln2_lo; /* |r| <= ln(2)/2 */
        double p = 1.0 / 6227020800.0;           /* 1/13! ... 1/0! by Horner */
        p = p * r + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        uint64_t sbits = (kbits + 1023u) << 52; /* 2^k, k in [-1022, 1023] */
        double scale;
        memcpy(&scale, &sbits, sizeof scale);
        v[i] = p * scale;
    }
}

#if SLP_EXP_AVX2
__attribute__((target("avx2"))) static void exp_batch_avx2(double *v)
{
    exp_batch_body(v);
}
#endif

void slp_exp_batch_portable(double *v)
{
    exp_batch_body(v);
}

void slp_exp_batch(double *v)
{
#if SLP_EXP_AVX2
    if (__builtin_cpu_supports("avx2")) {
        exp_batch_avx2(v);
        return;
    }
#endif
    exp_batch_body(v);
}

double slp_lognormal(slp_rng *r, const slp_ziggurat *z, double mu, double sigma)
{
    return exp(mu + sigma * slp_normal(r, z));
}
