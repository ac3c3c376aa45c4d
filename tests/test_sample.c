/* Tests of the generator (lib/math/rng.c) and the samplers (lib/math/sample.c):
 * reference outputs, seeding, moments against closed forms with tolerances
 * from the sample size, and chi-square goodness of fit against probabilities
 * computed here independently (log-gamma pmf, binomial-sum beta CDF, erfc). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/rng.h"
#include "math/sample.h"
#include "test_near.h"

/* ---- helpers -------------------------------------------------------------- */

/* Upper critical value of chi-square with `df` degrees of freedom at a normal
 * quantile z (Wilson–Hilferty); z = 4.75 is a one-sided 1e-6 level, so a
 * correct sampler fails one of these checks about once in a million runs (and
 * never with the fixed seeds used here). */
static double chi2_critical(double df, double z)
{
    double h = 2.0 / (9.0 * df);
    double t = 1.0 - h + z * sqrt(h);
    return df * t * t * t;
}

/* Chi-square statistic of `obs` against probabilities `prob` (nbins each,
 * total sample size s). Bins with expected count below 5 are pooled into one
 * extra bin. Returns the statistic and stores the degrees of freedom. */
static double chi2_stat(const double *obs, const double *prob, size_t nbins, double s, double *df)
{
    double stat = 0.0, pool_o = 0.0, pool_e = 0.0;
    size_t used = 0;
    for (size_t i = 0; i < nbins; i++) {
        double e = prob[i] * s;
        if (e < 5.0) {
            pool_o += obs[i];
            pool_e += e;
            continue;
        }
        stat += (obs[i] - e) * (obs[i] - e) / e;
        used++;
    }
    if (pool_e >= 1.0) {
        stat += (pool_o - pool_e) * (pool_o - pool_e) / pool_e;
        used++;
    } else {
        /* Outcomes that are practically impossible must not show up. */
        assert_true(pool_o <= 2.0);
    }
    *df = (double)used - 1.0;
    return stat;
}

static void assert_chi2_ok(const char *what, double stat, double df)
{
    double crit = chi2_critical(df, 4.75);
    if (!(stat < crit))
        fail_msg("%s: chi-square %.2f >= critical %.2f (df %.0f)", what, stat, crit, df);
}

/* ---- generator ------------------------------------------------------------- */

static void test_splitmix64_reference(void **state)
{
    (void)state;
    /* Published outputs of splitmix64 started at 0. */
    uint64_t s = 0;
    assert_true(slp_splitmix64(&s) == 0xE220A8397B1DCDAFu);
    assert_true(slp_splitmix64(&s) == 0x6E789E6AA1B965F4u);
    assert_true(slp_splitmix64(&s) == 0x06C45D188009454Fu);
}

static void test_xoshiro_reference(void **state)
{
    (void)state;
    /* xoshiro256** from state {1, 2, 3, 4}: reference outputs of the authors' code. */
    slp_rng r = {{1, 2, 3, 4}};
    assert_true(slp_rng_next(&r) == 11520u);
    assert_true(slp_rng_next(&r) == 0u);
    assert_true(slp_rng_next(&r) == 1509978240u);
    assert_true(slp_rng_next(&r) == 1215971899390074240u);
    assert_true(slp_rng_next(&r) == 1216172134540287360u);
}

static void test_seeding(void **state)
{
    (void)state;
    slp_rng a, b, c, d;
    slp_rng_seed(&a, 42, 7);
    slp_rng_seed(&b, 42, 7);
    slp_rng_seed(&c, 42, 8);
    slp_rng_seed(&d, 43, 7);
    int same_ab = 1, diff_ac = 0, diff_ad = 0;
    for (int i = 0; i < 64; i++) {
        uint64_t x = slp_rng_next(&a), y = slp_rng_next(&b);
        uint64_t z = slp_rng_next(&c), w = slp_rng_next(&d);
        same_ab &= x == y;
        diff_ac += x != z;
        diff_ad += x != w;
    }
    assert_true(same_ab);
    assert_int_equal(diff_ac, 64);
    assert_int_equal(diff_ad, 64);
    /* Seed 0, stream 0 is a valid, non-zero state. */
    slp_rng_seed(&a, 0, 0);
    assert_true((a.s[0] | a.s[1] | a.s[2] | a.s[3]) != 0);
}

static void test_uniform(void **state)
{
    (void)state;
    slp_rng r;
    slp_rng_seed(&r, 1, 0);
    const int n = 1000000;
    double sum = 0, sum2 = 0, mn = 1, mx = 0;
    double bins[16] = {0}, prob[16];
    for (int i = 0; i < n; i++) {
        double u = slp_rng_uniform(&r);
        double v = slp_rng_uniform_pos(&r);
        assert_true(u >= 0.0 && u < 1.0);
        assert_true(v > 0.0 && v < 1.0);
        sum += u;
        sum2 += u * u;
        mn = fmin(mn, u);
        mx = fmax(mx, u);
        bins[(int)(v * 16)] += 1;
    }
    /* mean 1/2 with sd sqrt(1/12n), second moment 1/3 with sd sqrt(4/45n). */
    assert_within("uniform mean", sum / n, 0.5, 5 * sqrt(1.0 / 12 / n));
    assert_within("uniform E[u^2]", sum2 / n, 1.0 / 3, 5 * sqrt(4.0 / 45 / n));
    assert_true(mn < 1e-4 && mx > 1 - 1e-4);
    for (int i = 0; i < 16; i++)
        prob[i] = 1.0 / 16;
    double df, stat = chi2_stat(bins, prob, 16, n, &df);
    assert_chi2_ok("uniform", stat, df);
}

/* ---- normal ----------------------------------------------------------------- */

static void test_normal(void **state)
{
    (void)state;
    slp_ziggurat z;
    slp_ziggurat_init(&z);
    slp_rng r;
    slp_rng_seed(&r, 2, 0);
    const int n = 2000000;
    enum { NB = 34 }; /* (-inf,-4), 32 bins of 0.25 on [-4,4), [4,inf) */
    double obs[NB] = {0}, prob[NB];
    double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    long beyond_r = 0;
    for (int i = 0; i < n; i++) {
        double x = slp_normal(&r, &z);
        s1 += x;
        s2 += x * x;
        s3 += x * x * x;
        s4 += x * x * x * x;
        if (fabs(x) > 3.6541528853610088)
            beyond_r++;
        int b = x < -4 ? 0 : x >= 4 ? NB - 1 : 1 + (int)floor((x + 4) / 0.25);
        obs[b] += 1;
    }
    /* Moments: sd of the sample mean of x^j is sqrt((E x^2j - (E x^j)^2)/n). */
    assert_within("normal mean", s1 / n, 0, 5 * sqrt(1.0 / n));
    assert_within("normal E x^2", s2 / n, 1, 5 * sqrt(2.0 / n));
    assert_within("normal E x^3", s3 / n, 0, 5 * sqrt(15.0 / n));
    assert_within("normal E x^4", s4 / n, 3, 5 * sqrt(96.0 / n));
    /* The tail beyond the ziggurat's R: P(|X| > R) = erfc(R/sqrt 2). */
    double pt = erfc(3.6541528853610088 / sqrt(2.0));
    assert_within("normal tail mass", (double)beyond_r / n, pt, 5 * sqrt(pt / n));
    double phi_prev = 0.0;
    for (int b = 0; b < NB; b++) {
        double hi = -4 + 0.25 * b;
        double phi = b == NB - 1 ? 1.0 : 0.5 * erfc(-hi / sqrt(2.0));
        prob[b] = phi - phi_prev;
        phi_prev = phi;
    }
    double df, stat = chi2_stat(obs, prob, NB, n, &df);
    assert_chi2_ok("normal", stat, df);

    /* The tail sampler alone: mean and variance of |X| - R given |X| > R,
     * from 3e7 draws (about 7,800 land in the tail). For the normal tail,
     * E[X | X > R] = phi(R)/Q(R) and E[X^2 | X > R] = 1 + R·phi(R)/Q(R). */
    const double R = 3.6541528853610088;
    double t1 = 0, t2 = 0, cnt = 0;
    for (int i = 0; i < 30000000; i++) {
        double x = fabs(slp_normal(&r, &z));
        if (x > R) {
            t1 += x - R;
            t2 += (x - R) * (x - R);
            cnt += 1;
        }
    }
    double lam = exp(-0.5 * R * R) / sqrt(2 * 3.14159265358979323846) / (0.5 * erfc(R / sqrt(2.0)));
    double ex = lam - R, ex2 = 1 + R * lam - 2 * R * lam + R * R;
    double vx = ex2 - ex * ex;
    assert_within("normal tail excess mean", t1 / cnt, ex, 5 * sqrt(vx / cnt));
    assert_within("normal tail excess E^2", t2 / cnt, ex2, 5 * sqrt(20 * vx * vx / cnt));
}

/* ---- binomial ---------------------------------------------------------------- */

/* log of the binomial pmf through lgamma (written differently from the sampler). */
static double log_binom_pmf(double n, double p, double k)
{
    return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * log(p) + (n - k) * log1p(-p);
}

static void check_binomial(uint64_t n, double p, int draws, uint64_t seed)
{
    char what[96];
    snprintf(what, sizeof what, "binomial(%llu, %g)", (unsigned long long)n, p);
    slp_rng r;
    slp_rng_seed(&r, seed, 0);
    double nd = (double)n, mean = nd * p, var = nd * p * (1 - p);
    double sd = sqrt(var);
    /* Bins: the integers within 6 sd of the mean (at most 4001 of them, wider
     * bins when the range is larger), plus one bin each side. */
    double lo = floor(fmax(0.0, mean - 6 * sd - 1)), hi = ceil(fmin(nd, mean + 6 * sd + 1));
    double width = fmax(1.0, ceil((hi - lo + 1) / 4000.0));
    size_t inner = (size_t)ceil((hi - lo + 1) / width);
    size_t nb = inner + 2;
    double *obs = calloc(nb, sizeof *obs), *prob = calloc(nb, sizeof *prob);
    assert_non_null(obs);
    assert_non_null(prob);
    double s1 = 0, s2 = 0;
    for (int i = 0; i < draws; i++) {
        uint64_t x = slp_binomial(&r, n, p);
        assert_true(x <= n);
        double xd = (double)x;
        double dev = xd - mean;
        s1 += dev;
        s2 += dev * dev;
        size_t b = xd < lo ? 0 : xd > hi ? nb - 1 : 1 + (size_t)((xd - lo) / width);
        obs[b] += 1;
    }
    for (double k = lo; k <= hi; k += 1)
        prob[1 + (size_t)((k - lo) / width)] += exp(log_binom_pmf(nd, p, k));
    double inside = 0;
    for (size_t b = 1; b + 1 < nb; b++)
        inside += prob[b];
    prob[0] = prob[nb - 1] = fmax(0.0, (1.0 - inside) / 2);
    /* Mean and variance: the kurtosis of a binomial is 3 + (1 - 6pq)/(npq). */
    double kurt = 3 + (1 - 6 * p * (1 - p)) / var;
    assert_within(what, s1 / draws + mean, mean, 5 * sd / sqrt(draws));
    assert_within(what, s2 / draws, var, 5 * var * sqrt((kurt - 1) / draws));
    double df, stat = chi2_stat(obs, prob, nb, draws, &df);
    assert_chi2_ok(what, stat, df);
    free(obs);
    free(prob);
}

static void test_binomial_fit(void **state)
{
    (void)state;
    check_binomial(20, 0.5, 200000, 11);        /* BTRD (n·p = 10), small n */
    check_binomial(1000000, 0.3, 200000, 12);   /* BTRD, large n */
    check_binomial(100, 0.05, 200000, 13);      /* inversion */
    check_binomial(30, 0.3, 200000, 14);        /* inversion, n·p = 9 */
    check_binomial(1000, 0.02, 200000, 15);     /* BTRD near its threshold */
    check_binomial(60, 0.9, 200000, 16);        /* p > 1/2 by symmetry */
    check_binomial(1, 0.25, 200000, 17);        /* Bernoulli */
    check_binomial(16, 0.7, 200000, 20);        /* Bernoulli sum, largest n */
    check_binomial(17, 0.7, 200000, 21);        /* inversion by symmetry, smallest n */
    check_binomial(1000000000, 5e-9, 200000, 18); /* inversion, huge n */
    check_binomial(5000, 0.4999, 100000, 19);   /* BTRD, the recursive branch */
}

static void test_binomial_edges(void **state)
{
    (void)state;
    slp_rng r;
    slp_rng_seed(&r, 3, 0);
    assert_true(slp_binomial(&r, 0, 0.5) == 0);
    assert_true(slp_binomial(&r, 10, 0.0) == 0);
    assert_true(slp_binomial(&r, 10, NAN) == 0);
    assert_true(slp_binomial(&r, 10, 1.0) == 10);
    assert_true(slp_binomial(&r, 123456789, 1.0) == 123456789);
    /* The Stirling tail fc(k) against ln k! from lgamma. */
    for (int k = 0; k < 40; k++) {
        double want = lgamma(k + 1.0) - ((k + 0.5) * log(k + 1.0) - (k + 1.0) +
                                         0.5 * log(2 * 3.14159265358979323846));
        assert_within("stirling tail", slp_stirling_tail(k), want, 1e-10);
    }
}

/* ---- gamma, beta, lognormal ----------------------------------------------------- */

static void test_gamma_moments(void **state)
{
    (void)state;
    slp_ziggurat z;
    slp_ziggurat_init(&z);
    const double shapes[] = {0.3, 1.0, 2.5, 31.0, 400.0};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        double a = shapes[s];
        slp_rng r;
        slp_rng_seed(&r, 100 + s, 0);
        const int n = 400000;
        double s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double g = slp_gamma(&r, &z, a);
            assert_true(g >= 0);
            s1 += g - a;
            s2 += (g - a) * (g - a);
        }
        /* Gamma(a): mean a, variance a, fourth central moment 3a^2 + 6a. */
        char what[64];
        snprintf(what, sizeof what, "gamma(%g)", a);
        assert_within(what, s1 / n + a, a, 5 * sqrt(a / n));
        assert_within(what, s2 / n, a, 5 * sqrt((3 * a * a + 6 * a - a * a) / n));
    }
}

/* Beta(a, b) CDF for whole a, b: I_x(a, b) = P[Binomial(a+b-1, x) >= a]. */
static double beta_cdf_int(int a, int b, double x)
{
    int m = a + b - 1;
    double sum = 0;
    for (int j = a; j <= m; j++)
        sum += exp(lgamma(m + 1.0) - lgamma(j + 1.0) - lgamma(m - j + 1.0) + j * log(x) +
                   (m - j) * log1p(-x));
    return x <= 0 ? 0 : x >= 1 ? 1 : sum;
}

static void check_beta(int a, int b, uint64_t seed)
{
    char what[64];
    snprintf(what, sizeof what, "beta(%d, %d)", a, b);
    slp_ziggurat z;
    slp_ziggurat_init(&z);
    slp_rng r;
    slp_rng_seed(&r, seed, 0);
    enum { NB = 50 };
    double obs[NB] = {0}, prob[NB];
    const int n = 300000;
    double s1 = 0;
    double mean = (double)a / (a + b);
    double var = mean * (1 - mean) / (a + b + 1);
    for (int i = 0; i < n; i++) {
        double x = slp_beta(&r, &z, a, b);
        assert_true(x >= 0 && x <= 1);
        s1 += x - mean;
        int k = (int)(x * NB);
        obs[k < NB ? k : NB - 1] += 1;
    }
    for (int k = 0; k < NB; k++)
        prob[k] = beta_cdf_int(a, b, (k + 1.0) / NB) - beta_cdf_int(a, b, (double)k / NB);
    assert_within(what, s1 / n + mean, mean, 5 * sqrt(var / n));
    double df, stat = chi2_stat(obs, prob, NB, n, &df);
    assert_chi2_ok(what, stat, df);
}

static void test_beta_fit(void **state)
{
    (void)state;
    check_beta(1, 1, 21);   /* uniform */
    check_beta(3, 5, 22);
    check_beta(31, 71, 23); /* observed {advanced 30, lost 70} */
    check_beta(2, 1, 24);
    check_beta(301, 11, 25);
}

static void test_lognormal(void **state)
{
    (void)state;
    slp_ziggurat z;
    slp_ziggurat_init(&z);
    double mu, sigma;
    slp_lognormal_params(5000.0, 0.6, &mu, &sigma);
    /* sigma^2 = ln(1.36), mu = ln 5000 - sigma^2/2. */
    assert_within("sigma", sigma, sqrt(log(1.36)), 1e-15);
    assert_within("mu", mu, log(5000.0) - 0.5 * log(1.36), 1e-12);
    slp_rng r;
    slp_rng_seed(&r, 31, 0);
    const int n = 1000000;
    double s1 = 0, l1 = 0, l2 = 0;
    for (int i = 0; i < n; i++) {
        double x = slp_lognormal(&r, &z, mu, sigma);
        assert_true(x > 0);
        s1 += x;
        double lx = log(x) - mu;
        l1 += lx;
        l2 += lx * lx;
    }
    /* Mean 5000 with sd 0.6·5000 per draw; log x is normal(mu, sigma^2). */
    assert_within("lognormal mean", s1 / n, 5000.0, 5 * 3000.0 / sqrt(n));
    assert_within("lognormal log-mean", l1 / n, 0, 5 * sigma / sqrt(n));
    assert_within("lognormal log-var", l2 / n, sigma * sigma, 5 * sigma * sigma * sqrt(2.0 / n));
    /* cv = 0 is a point mass at the mean. */
    slp_lognormal_params(5000.0, 0.0, &mu, &sigma);
    assert_true(sigma == 0.0);
    assert_within("cv 0", slp_lognormal(&r, &z, mu, sigma), 5000.0, 1e-9);
}

static void test_exp_batch(void **state)
{
    (void)state;
    /* Against libm's exp over the whole supported range and densely around 0,
     * including the ends and halfway points of the reduction by ln 2. */
    double v[SLP_EXP_BATCH], x[SLP_EXP_BATCH];
    double worst = 0;
    slp_rng r;
    slp_rng_seed(&r, 77, 0);
    for (int round = 0; round < 400; round++) {
        for (int i = 0; i < SLP_EXP_BATCH; i++) {
            double u = slp_rng_uniform(&r);
            x[i] = round % 4 == 0 ? (u - 0.5) * 1416 /* [-708, 708] */
                 : round % 4 == 1 ? (u - 0.5) * 20
                 : round % 4 == 2 ? (double)(i - 128) * 0.34657359027997264 /* k·ln2/2 */
                 : (u - 0.5) * 1e-6;
            v[i] = x[i];
        }
        if (round == 0) {
            x[0] = v[0] = 0;
            x[1] = v[1] = 708;
            x[2] = v[2] = -708;
        }
        double w[SLP_EXP_BATCH];
        memcpy(w, v, sizeof w);
        slp_exp_batch(v);
        slp_exp_batch_portable(w);
        assert_memory_equal(v, w, sizeof w); /* the AVX2 path gives the same bits */
        for (int i = 0; i < SLP_EXP_BATCH; i++) {
            double want = exp(x[i]);
            double rel = fabs(v[i] - want) / want;
            worst = rel > worst ? rel : worst;
        }
    }
    if (!(worst <= 0x1.0p-51)) /* within 4 ulp of 1 */
        fail_msg("slp_exp_batch relative error %.3g", worst);
    v[0] = 0;
    slp_exp_batch(v);
    assert_true(v[0] == 1.0);
}

static void test_reproducible(void **state)
{
    (void)state;
    slp_ziggurat z;
    slp_ziggurat_init(&z);
    slp_rng a, b;
    slp_rng_seed(&a, 2026, 5);
    slp_rng_seed(&b, 2026, 5);
    for (int i = 0; i < 1000; i++) {
        assert_true(slp_binomial(&a, 100000, 0.37) == slp_binomial(&b, 100000, 0.37));
        double x = slp_beta(&a, &z, 4, 9), y = slp_beta(&b, &z, 4, 9);
        assert_memory_equal(&x, &y, sizeof x);
        x = slp_normal(&a, &z);
        y = slp_normal(&b, &z);
        assert_memory_equal(&x, &y, sizeof x);
    }
    /* A different stream gives a different sequence. */
    slp_rng_seed(&b, 2026, 6);
    int differ = 0;
    for (int i = 0; i < 100; i++)
        differ += slp_binomial(&a, 100000, 0.37) != slp_binomial(&b, 100000, 0.37);
    assert_true(differ > 90);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splitmix64_reference),
        cmocka_unit_test(test_xoshiro_reference),
        cmocka_unit_test(test_seeding),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_normal),
        cmocka_unit_test(test_binomial_fit),
        cmocka_unit_test(test_binomial_edges),
        cmocka_unit_test(test_gamma_moments),
        cmocka_unit_test(test_beta_fit),
        cmocka_unit_test(test_lognormal),
        cmocka_unit_test(test_exp_batch),
        cmocka_unit_test(test_reproducible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
