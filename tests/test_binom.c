/* Exact binomial probabilities (lib/math/binom.c), checked against computations
 * written differently here: long double sums of lgammal-based terms, brute
 * force enumeration, closed forms, and reference values from scipy and
 * mpmath (50 digits) embedded below. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "math/binom.h"
#include "salesplan.h"
#include "test_alloc.h"
#include "test_near.h"

#define PI_ 3.141592653589793238462643383279502884

/* exp(L) carries L's absolute error as relative error, so a point
 * probability far out in a tail is good to ~eps |log value|, no better. */
static double tail_tol(double ref)
{
    return 3e-14 + 1e-15 * fabs(log(ref));
}

/* ---- independent reference: long double, lgammal terms -------------------- */

static long double ref_pmf(long n, long double p, long k)
{
    if (k < 0 || k > n)
        return 0;
    if (p == 0)
        return k == 0;
    if (p == 1)
        return k == n;
    return expl(lgammal((long double)n + 1) - lgammal((long double)k + 1)
                - lgammal((long double)(n - k) + 1) + (long double)k * logl(p)
                + (long double)(n - k) * log1pl(-p));
}

/* Pr[X >= k]: the smaller side summed from its far end, in long double. */
static long double ref_sf(long n, long double p, long k)
{
    if (k <= 0)
        return 1;
    if (k > n)
        return 0;
    long double s = 0;
    if ((long double)k > (long double)n * p) {
        for (long i = n; i >= k; i--)
            s += ref_pmf(n, p, i);
        return s;
    }
    for (long i = 0; i < k; i++)
        s += ref_pmf(n, p, i);
    return 1 - s;
}

static void test_sf_matches_long_double_sums(void **state)
{
    (void)state;
    const long ns[] = {1, 2, 3, 5, 10, 17, 50, 100, 333, 1000, 2000};
    const double ps[] = {1e-4, 0.01, 0.1, 0.3, 0.5, 0.77, 0.99, 0.9999};
    int checked = 0;
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++) {
        long n = ns[a];
        long step = n <= 100 ? 1 : n / 97;
        for (size_t b = 0; b < sizeof ps / sizeof ps[0]; b++) {
            double p = ps[b];
            for (long k = -1; k <= n + 1; k += (k < 1 || k >= n - 1) ? 1 : step) {
                double ref = (double)ref_sf(n, (long double)p, k);
                double got = slp_binom_sf((double)n, p, (double)k);
                if (ref > 1e-280) {
                    assert_rel(got, ref, 1.5e-13 + tail_tol(ref));
                    checked++;
                } else {
                    assert_true(got <= 1e-279);
                }
                /* the lower tail through the cdf, too */
                double cref = (double)(1 - ref_sf(n, (long double)p, k + 1));
                if ((long double)k < (long double)n * (long double)p && k >= 0) {
                    long double s = 0;
                    for (long i = 0; i <= k; i++)
                        s += ref_pmf(n, (long double)p, i);
                    cref = (double)s;
                }
                if (cref > 1e-280)
                    assert_rel(slp_binom_cdf((double)n, p, (double)k), cref, 1.5e-13 + tail_tol(cref));
                double pref = (double)ref_pmf(n, (long double)p, k);
                if (pref > 1e-280)
                    assert_rel(slp_binom_pmf((double)n, p, (double)k), pref, tail_tol(pref));
            }
        }
    }
    assert_true(checked > 2000);
}

static void test_sf_tiny_tails_are_relative(void **state)
{
    (void)state;
    /* Far upper tails: values far below 1e-16 keep relative accuracy. */
    assert_rel(slp_binom_sf(2000, 0.01, 200), (double)ref_sf(2000, 0.01L, 200), 1e-13);
    assert_rel(slp_binom_sf(1000, 0.5, 900), (double)ref_sf(1000, 0.5L, 900), 1e-13);
    assert_true(slp_binom_sf(1000, 0.5, 900) < 1e-150);
    /* Far lower tail through the cdf. */
    long double s = 0;
    for (long i = 0; i <= 100; i++)
        s += ref_pmf(1000, 0.5L, i);
    assert_rel(slp_binom_cdf(1000, 0.5, 100), (double)s, 1e-13);
}

static void test_closed_forms(void **state)
{
    (void)state;
    /* p = 1/2 symmetry: Pr[X >= k] = Pr[X <= n - k]. */
    for (long n = 1; n <= 400; n += 37)
        for (long k = 0; k <= n; k++)
            assert_rel(slp_binom_sf((double)n, 0.5, (double)k),
                       slp_binom_cdf((double)n, 0.5, (double)(n - k)), 1e-13);
    /* n = 1: Bernoulli. */
    assert_true(slp_binom_sf(1, 0.3, 1) == 0.3);
    assert_true(slp_binom_sf(1, 0.3, 0) == 1);
    assert_true(slp_binom_sf(1, 0.3, 2) == 0);
    assert_rel(slp_binom_cdf(1, 0.3, 0), 0.7, 1e-15);
    /* k = n: p^n; k = 1: 1 - (1-p)^n. */
    assert_rel(slp_binom_sf(50, 0.9, 50), (double)powl(0.9L, 50), 1e-14);
    assert_rel(slp_binom_sf(300, 0.02, 300), (double)powl(0.02L, 300), 1e-13);
    assert_rel(slp_binom_sf(40, 0.125, 1), (double)(1 - powl(0.875L, 40)), 1e-15);
    assert_rel(slp_binom_sf(1e6, 1e-9, 1), -expm1(1e6 * log1p(-1e-9)), 1e-13);
    /* Edges are exact. */
    assert_true(slp_binom_sf(10, 0.3, 0) == 1);
    assert_true(slp_binom_sf(10, 0.3, -5) == 1);
    assert_true(slp_binom_sf(10, 0.3, -(double)INFINITY) == 1);
    assert_true(slp_binom_sf(10, 0.3, 11) == 0);
    assert_true(slp_binom_sf(10, 0.3, (double)INFINITY) == 0);
    assert_true(slp_binom_sf(10, 1, 10) == 1);
    assert_true(slp_binom_sf(10, 1, 11) == 0);
    assert_true(slp_binom_sf(1e8, 1, 1e8) == 1);
    assert_true(slp_binom_sf(10, 0, 1) == 0);
    assert_true(slp_binom_sf(10, 0, 0) == 1);
    assert_true(slp_binom_sf(0, 0.4, 0) == 1);
    assert_true(slp_binom_sf(0, 0.4, 1) == 0);
    /* Non-integer k rounds up for sf, down for cdf. */
    assert_true(slp_binom_sf(20, 0.3, 5.2) == slp_binom_sf(20, 0.3, 6));
    assert_true(slp_binom_cdf(20, 0.3, 5.8) == slp_binom_cdf(20, 0.3, 5));
    assert_true(slp_binom_pmf(20, 0.3, 5.5) == 0);
    /* Bad arguments. */
    assert_true(isnan(slp_binom_sf(-1, 0.5, 0)));
    assert_true(isnan(slp_binom_sf(10.5, 0.5, 3)));
    assert_true(isnan(slp_binom_sf(10, 1.5, 3)));
    assert_true(isnan(slp_binom_sf(10, -0.1, 3)));
    assert_true(isnan(slp_binom_sf(10, (double)NAN, 3)));
    assert_true(isnan(slp_binom_sf(10, 0.5, (double)NAN)));
    assert_true(isnan(slp_binom_sf((double)INFINITY, 0.5, 3)));
    assert_true(isnan(slp_binom_pmf(10, 2, 3)));
    assert_true(isnan(slp_binom_cdf((double)NAN, 0.5, 3)));
}

/* Large n. Each row: n, p, k, Pr[X >= k] from mpmath at 50 digits (the
 * continued fraction evaluated in 50-digit arithmetic with loggamma
 * prefactors), and scipy 1.10.1's value, obtained with
 *   /usr/bin/python3 -c "from scipy.stats import binom; print(repr(binom.sf(k-1, n, p)))"
 * scipy (Boost) is itself only good to ~1e-9 relative at n = 1e8 (row
 * 1e8/0.3 is off by 3.7e-9 against mpmath), so it gets a looser tolerance. */
static const struct {
    double n, p, k, mp, scipy;
} big[] = {
    {1e6, 0.3, 300000, 0.5003772440879574, 0.5003772440879573},
    {1e6, 0.3, 302291, 2.944713151560266e-07, 2.944713151560148e-07},
    {1e6, 0.3, 295417, 1.0, 1.0},
    {1e6, 1e-06, 3, 0.08030130510144959, 0.08030130510144962},
    {1e6, 0.05, 51000, 2.4113966830813773e-06, 2.4113966830818812e-06},
    {1e6, 0.5, 503000, 9.925748819615104e-10, 9.925748819614446e-10},
    {1e8, 0.5, 50000000, 0.5000398942279404, 0.5000398942279434},
    {1e8, 1e-06, 90, 0.8536539492440957, 0.853653949244096},
    {1e8, 1e-06, 120, 0.028230330568733957, 0.028230330568733586},
    {1e8, 0.3, 30022913, 2.872938755984604e-07, 2.8729387452787374e-07},
    {1e8, 0.05, 5021794, 8.198992155091809e-24, 8.198992155102696e-24},
    {1e8, 0.97, 97005000, 0.0016868839736372085, 0.0016868839736370893},
    {1e8, 0.97, 96990000, 0.9999999976764034, 0.9999999976764034},
};

static void test_sf_large_n_references(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        double got = slp_binom_sf(big[i].n, big[i].p, big[i].k);
        assert_rel(got, big[i].mp, 1e-12);
        assert_rel(got, big[i].scipy, 5e-9);
    }
    /* mpmath pmf at n = 1e8, k = 90, p = 1e-6 (50 digits). */
    assert_rel(slp_binom_pmf(1e8, 1e-6, 90), 0.025038943371074367, 1e-13);
    /* n = 1e12: the body still comes out right (mpmath: 0.15877617182560840). */
    assert_rel(slp_binom_sf(1e12, 0.999999, 999999001000.0), 0.1587761718256084, 1e-11);
}

static void test_betainc(void **state)
{
    (void)state;
    /* mpmath 40 digits (betainc(a, b, 0, x, regularized=True)). */
    assert_rel(slp_betainc(0.4, 2.5, 3.5), 0.4869041915261173978, 1e-14);
    assert_rel(slp_betainc(0.1, 0.5, 0.5), 0.20483276469913345754, 1e-13);
    assert_rel(slp_betainc(0.02, 0.3, 7.0), 0.59209750559279749947, 1e-13);
    assert_rel(slp_betainc(0.8, 150.5, 40.25), 0.63410711963720811294, 1e-13);
    assert_rel(slp_betainc_compl(0.999, 2.5, 3.5), 2.4512856601570632311e-10, 1e-13);
    assert_rel(slp_betainc(0.001, 3.5, 2.5), 2.451285660157055792e-10, 1e-13);
    /* mpmath 50-digit continued fraction (scipy gives 0.9926733291581537). */
    assert_rel(slp_betainc(0.34, 1e4 + 0.5, 2e4 + 0.5), 0.99267332915825475473, 1e-12);
    /* Closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1-x)^b, I_1/2(a, a) = 1/2. */
    assert_rel(slp_betainc(0.3, 4.5, 1), pow(0.3, 4.5), 1e-14);
    assert_rel(slp_betainc(0.3, 1, 2.25), -expm1(2.25 * log1p(-0.3)), 1e-14);
    assert_rel(slp_betainc(0.5, 7.3, 7.3), 0.5, 1e-14);
    /* Symmetry and complement. */
    assert_rel(slp_betainc(0.2, 3.3, 9.1) + slp_betainc(0.8, 9.1, 3.3), 1, 1e-15);
    assert_rel(slp_betainc_compl(0.2, 3.3, 9.1), slp_betainc(0.8, 9.1, 3.3), 1e-14);
    /* Binomial link: Pr[X >= k] = I_p(k, n - k + 1). */
    assert_rel(slp_betainc(0.3, 12, 19), slp_binom_sf(30, 0.3, 12), 1e-14);
    assert_true(slp_betainc(0, 2, 3) == 0);
    assert_true(slp_betainc(1, 2, 3) == 1);
    assert_true(isnan(slp_betainc(1.1, 2, 3)));
    assert_true(isnan(slp_betainc(0.5, 0, 3)));
    assert_true(isnan(slp_betainc(0.5, 2, -1)));
    /* log-gamma / log-beta. */
    assert_rel(slp_lgamma(0.5), 0.5 * log(PI_), 1e-15);
    assert_rel(slp_lgamma(10), log(362880.0), 1e-15);
    assert_rel(slp_lgamma(100.5), (double)lgammal(100.5L), 1e-15);
    assert_near(slp_lgamma(3e-5), (double)lgammal(3e-5L), 2e-14);
    assert_near(slp_lgamma(2.7), (double)lgammal(2.7L), 2e-14);
    assert_near(slp_lgamma(0.03), (double)lgammal(0.03L), 2e-14);
    assert_rel(slp_lbeta(0.5, 0.5), log(PI_), 1e-15);
    assert_rel(slp_lbeta(2, 3), log(1.0 / 12), 1e-15);
    assert_rel(slp_lbeta(1e6, 2e6 + 0.5),
               (double)(lgammal(1e6L) + lgammal(2e6L + 0.5L) - lgammal(3e6L + 0.5L)), 1e-12);
    assert_true(isnan(slp_lgamma(0)));
    assert_true(isnan(slp_lbeta(-1, 2)));
}

/* ---- pipeline distribution ------------------------------------------------ */

static void test_pipeline_brute_force(void **state)
{
    (void)state;
    /* Every one of the 2^6 outcomes of six individual deals. */
    const long long counts[] = {2, 3, 1};
    const double probs[] = {0.3, 0.5, 0.9};
    double deal_p[6];
    int d = 0;
    for (int j = 0; j < 3; j++)
        for (long long i = 0; i < counts[j]; i++)
            deal_p[d++] = probs[j];
    double want[7] = {0};
    for (unsigned mask = 0; mask < 64; mask++) {
        double pr = 1;
        int wins = 0;
        for (int i = 0; i < 6; i++) {
            if (mask & (1u << i)) {
                pr *= deal_p[i];
                wins++;
            } else {
                pr *= 1 - deal_p[i];
            }
        }
        want[wins] += pr;
    }
    double *pmf = NULL;
    size_t len = 0;
    assert_int_equal(slp_pipeline_pmf(counts, probs, 3, &pmf, &len), SALESPLAN_OK);
    assert_int_equal(len, 7);
    for (size_t y = 0; y < 7; y++)
        assert_near(pmf[y], want[y], 1e-16);
    slp_free(pmf);

    /* Certain and impossible stages: p = 1 shifts, p = 0 and count 0 vanish. */
    const long long c2[] = {3, 2, 0, 2};
    const double p2[] = {1.0, 0.0, 0.5, 0.25};
    assert_int_equal(slp_pipeline_pmf(c2, p2, 4, &pmf, &len), SALESPLAN_OK);
    assert_int_equal(len, 6);
    assert_true(pmf[0] == 0 && pmf[1] == 0 && pmf[2] == 0);
    assert_rel(pmf[3], 0.5625, 1e-15);
    assert_rel(pmf[4], 0.375, 1e-15);
    assert_rel(pmf[5], 0.0625, 1e-15);
    slp_free(pmf);

    /* No stage: Y = 0. */
    assert_int_equal(slp_pipeline_pmf(NULL, NULL, 0, &pmf, &len), SALESPLAN_OK);
    assert_int_equal(len, 1);
    assert_true(pmf[0] == 1);
    slp_free(pmf);
}

static void test_pipeline_single_binomial(void **state)
{
    (void)state;
    const long long c[] = {2000};
    const double p[] = {0.37};
    double *pmf = NULL;
    size_t len = 0;
    assert_int_equal(slp_pipeline_pmf(c, p, 1, &pmf, &len), SALESPLAN_OK);
    assert_true(len <= 2001);
    for (size_t y = 0; y < len; y++) {
        double ref = (double)ref_pmf(2000, 0.37L, (long)y);
        if (ref > 1e-290)
            assert_rel(pmf[y], ref, tail_tol(ref));
        else
            assert_true(pmf[y] < 1e-290);
    }
    /* Truncated only below 1e-300. */
    assert_true(pmf[len - 1] >= 1e-300);
    assert_true((double)ref_pmf(2000, 0.37L, (long)len) < 1e-300);
    slp_free(pmf);
}

static void test_pipeline_moments(void **state)
{
    (void)state;
    const long long c[] = {1000, 20000, 150000, 7};
    const double p[] = {0.3, 0.05, 0.5, 0.999};
    double *pmf = NULL;
    size_t len = 0;
    assert_int_equal(slp_pipeline_pmf(c, p, 4, &pmf, &len), SALESPLAN_OK);
    long double m0 = 0, m1 = 0;
    for (size_t y = 0; y < len; y++) {
        m0 += (long double)pmf[y];
        m1 += (long double)y * (long double)pmf[y];
    }
    long double mean = m1 / m0, var = 0;
    for (size_t y = 0; y < len; y++)
        var += ((long double)y - mean) * ((long double)y - mean) * (long double)pmf[y];
    var /= m0;
    double want_mean = 0, want_var = 0;
    for (int j = 0; j < 4; j++) {
        want_mean += (double)c[j] * p[j];
        want_var += (double)c[j] * p[j] * (1 - p[j]);
    }
    assert_rel((double)m0, 1.0, 1e-12);
    assert_rel((double)mean, want_mean, 1e-12);
    assert_rel((double)var, want_var, 1e-10);
    slp_free(pmf);
}

static void test_pipeline_errors(void **state)
{
    (void)state;
    double *pmf = (double *)&pmf;
    size_t len = 99;
    const long long c[] = {5, 3};
    const double p[] = {0.5, 0.5};
    assert_int_equal(slp_pipeline_pmf(c, p, 2, NULL, &len), SALESPLAN_EINVAL);
    assert_int_equal(slp_pipeline_pmf(c, p, 2, &pmf, NULL), SALESPLAN_EINVAL);
    assert_int_equal(slp_pipeline_pmf(NULL, p, 2, &pmf, &len), SALESPLAN_EINVAL);
    assert_null(pmf);
    assert_int_equal(len, 0);
    const long long neg[] = {5, -1};
    assert_int_equal(slp_pipeline_pmf(neg, p, 2, &pmf, &len), SALESPLAN_EINVAL);
    const double badp[] = {0.5, 1.01};
    assert_int_equal(slp_pipeline_pmf(c, badp, 2, &pmf, &len), SALESPLAN_EINVAL);
    const double nanp[] = {(double)NAN, 0.5};
    assert_int_equal(slp_pipeline_pmf(c, nanp, 2, &pmf, &len), SALESPLAN_EINVAL);
    const long long huge[] = {600000, 400001};
    assert_int_equal(slp_pipeline_pmf(huge, p, 2, &pmf, &len), SALESPLAN_ELIMIT);
    const long long over[] = {LLONG_MAX, LLONG_MAX};
    assert_int_equal(slp_pipeline_pmf(over, p, 2, &pmf, &len), SALESPLAN_ELIMIT);
    const long long cap[] = {SLP_PIPELINE_MAX_DEALS};
    const double certain[] = {1.0};
    assert_int_equal(slp_pipeline_pmf(cap, certain, 1, &pmf, &len), SALESPLAN_OK);
    assert_int_equal(len, (size_t)SLP_PIPELINE_MAX_DEALS + 1);
    assert_true(pmf[len - 1] == 1);
    slp_free(pmf);
}

static void test_pipeline_enomem(void **state)
{
    (void)state;
    const long long c[] = {40, 30};
    const double p[] = {0.2, 0.7};
    int failures = 0;
    for (long n = 1; n <= 10; n++) {
        assert_int_equal(tst_alloc_install(), SALESPLAN_OK);
        tst_alloc_fail_at(n);
        double *pmf = NULL;
        size_t len = 0;
        int rc = slp_pipeline_pmf(c, p, 2, &pmf, &len);
        assert_int_equal(tst_alloc_restore(), SALESPLAN_OK);
        if (rc == SALESPLAN_ENOMEM) {
            assert_null(pmf);
            assert_int_equal(len, 0);
            failures++;
        } else {
            assert_int_equal(rc, SALESPLAN_OK);
            assert_int_equal(len, 71);
            free(pmf); /* allocated by the test allocator, i.e. malloc */
        }
    }
    assert_int_equal(failures, 3); /* one per allocation */
}

/* ---- confidence mode ------------------------------------------------------ */

/* Pr[X + Y >= m], X ~ Binomial(N, P), by summing X's lower tail in long
 * double: the pmf is anchored at 0 (exp(N log1p(-P))) when that does not
 * underflow, else at the mode through lgammal, then a multiplicative
 * recurrence. Needs m <= 2e5. */
static double slow_prob(double N, double P, long m, const double *ypmf, size_t ylen)
{
    static long double px[200001];
    assert_true(m >= 1 && m <= 200000);
    long double n = (long double)N, p = (long double)P, r = p / (1 - p);
    for (long i = 0; i < m; i++)
        px[i] = 0;
    long double l0 = n * log1pl(-p);
    if (l0 > -11000) {
        px[0] = expl(l0);
        for (long i = 1; i < m && i <= (long)N; i++)
            px[i] = px[i - 1] * ((n - (long double)(i - 1)) / (long double)i) * r;
    } else {
        long mode = (long)floorl((n + 1) * p);
        long start = mode < m - 1 ? mode : m - 1;
        px[start] = expl(lgammal(n + 1) - lgammal((long double)start + 1)
                         - lgammal(n - (long double)start + 1) + (long double)start * logl(p)
                         + (n - (long double)start) * log1pl(-p));
        for (long i = start + 1; i < m; i++)
            px[i] = px[i - 1] * ((n - (long double)(i - 1)) / (long double)i) * r;
        for (long i = start - 1; i >= 0 && px[i + 1] > 0; i--)
            px[i] = px[i + 1] * ((long double)(i + 1) / (n - (long double)i)) / r;
    }
    /* lower[j] = Pr[X < j] for j = 0..m. */
    static long double lower[200002];
    lower[0] = 0;
    for (long j = 0; j < m; j++)
        lower[j + 1] = lower[j] + px[j];
    static const double one = 1;
    if (ylen == 0) {
        ypmf = &one;
        ylen = 1;
    }
    long double total = 0;
    for (size_t y = 0; y < ylen; y++) {
        long j = m - (long)y; /* need X >= j */
        total += (long double)ypmf[y] * (j <= 0 ? 1 : 1 - lower[j]);
    }
    return (double)total;
}

static void check_minimal(double P, double D, const double *ypmf, size_t ylen, double q,
                          double expect)
{
    double N = -1;
    assert_int_equal(slp_confidence_entries(P, D, ypmf, ylen, q, &N), SALESPLAN_OK);
    if (expect >= 0 && N != expect)
        fail_msg("N = %.17g, expected %.17g (P=%g D=%g q=%g)", N, expect, P, D, q);
    long m = (long)ceil(D);
    double at = slow_prob(N, P, m, ypmf, ylen);
    if (!(at >= q))
        fail_msg("Pr at N=%.17g is %.17g < q=%g", N, at, q);
    if (N > 0) {
        double below = slow_prob(N - 1, P, m, ypmf, ylen);
        if (!(below < q))
            fail_msg("Pr at N-1=%.17g is %.17g >= q=%g", N - 1, below, q);
    }
    /* slp_confidence_prob agrees with the slow sum. */
    assert_near(slp_confidence_prob(N, P, D, ypmf, ylen), at, 1e-12);
}

static void test_confidence_small(void **state)
{
    (void)state;
    check_minimal(0.05, 20, NULL, 0, 0.9, 515);
    check_minimal(0.05, 20, NULL, 0, 0.5, -1);
    check_minimal(0.05, 20, NULL, 0, 0.999999, -1);
    check_minimal(0.9, 7, NULL, 0, 0.95, -1);
    check_minimal(0.5, 1, NULL, 0, 0.74, 2);   /* 1 - 0.5^N: 0.5, 0.75, 0.875 */
    check_minimal(0.5, 1, NULL, 0, 0.7501, 3); /* 0.75 < 0.7501 <= 0.875 */
    for (int d = 1; d <= 30; d++) {
        check_minimal(0.2, d, NULL, 0, 0.5, -1);
        check_minimal(0.2, d, NULL, 0, 0.8, -1);
        check_minimal(0.2, d, NULL, 0, 0.95, -1);
    }
    /* A non-integer D is rounded up. */
    double a = -1, b = -2;
    assert_int_equal(slp_confidence_entries(0.05, 19.2, NULL, 0, 0.9, &a), SALESPLAN_OK);
    assert_int_equal(slp_confidence_entries(0.05, 20, NULL, 0, 0.9, &b), SALESPLAN_OK);
    assert_true(a == b);
}

static void test_confidence_with_pipeline(void **state)
{
    (void)state;
    double *y = NULL;
    size_t ylen = 0;
    const long long c[] = {10, 5};
    const double p[] = {0.2, 0.6};
    assert_int_equal(slp_pipeline_pmf(c, p, 2, &y, &ylen), SALESPLAN_OK);
    check_minimal(0.05, 20, y, ylen, 0.9, 409);
    check_minimal(0.05, 20, y, ylen, 0.5, -1);
    check_minimal(0.3, 4, y, ylen, 0.99, -1);
    /* The pipeline alone (Y >= 1 with probability 1 - 0.8^10 0.4^5) reaches q. */
    check_minimal(0.05, 1, y, ylen, 0.99, 0);
    slp_free(y);

    const long long c2[] = {200, 100, 50};
    const double p2[] = {0.05, 0.2, 0.5};
    assert_int_equal(slp_pipeline_pmf(c2, p2, 3, &y, &ylen), SALESPLAN_OK);
    check_minimal(0.01, 200, y, ylen, 0.95, -1);
    check_minimal(0.01, 60, y, ylen, 0.9, -1);
    slp_free(y);
}

static void test_confidence_large(void **state)
{
    (void)state;
    /* D = 1e5, P = 0.3, q = 0.9, with and without a pipeline. */
    check_minimal(0.3, 1e5, NULL, 0, 0.9, 334464);
    double *y = NULL;
    size_t ylen = 0;
    const long long c[] = {50000};
    const double p[] = {0.3};
    assert_int_equal(slp_pipeline_pmf(c, p, 1, &y, &ylen), SALESPLAN_OK);
    check_minimal(0.3, 1e5, y, ylen, 0.9, -1);
    slp_free(y);
    /* N ~ 1e8. */
    check_minimal(2e-6, 200, NULL, 0, 0.95, -1);
    double N = 0;
    assert_int_equal(slp_confidence_entries(2e-6, 200, NULL, 0, 0.95, &N), SALESPLAN_OK);
    assert_true(N > 1e8 && N < 1.3e8);
    check_minimal(1e-3, 1e5, NULL, 0, 0.99, -1);
}

static void test_confidence_edges(void **state)
{
    (void)state;
    double N = -1;
    assert_int_equal(slp_confidence_entries(0.1, 0, NULL, 0, 0.9, &N), SALESPLAN_OK);
    assert_true(N == 0);
    N = -1;
    assert_int_equal(slp_confidence_entries(0.1, -3.5, NULL, 0, 0.9, &N), SALESPLAN_OK);
    assert_true(N == 0);
    /* P = 1: X = N exactly. */
    assert_int_equal(slp_confidence_entries(1, 10, NULL, 0, 0.999, &N), SALESPLAN_OK);
    assert_true(N == 10);
    const double half[] = {0.5, 0.5};
    assert_int_equal(slp_confidence_entries(1, 10, half, 2, 0.6, &N), SALESPLAN_OK);
    assert_true(N == 10);
    assert_int_equal(slp_confidence_entries(1, 10, half, 2, 0.4, &N), SALESPLAN_OK);
    assert_true(N == 9);
    const double far[] = {0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.75}; /* Y = 11 w.p. 3/4 */
    assert_int_equal(slp_confidence_entries(1, 10, far, 12, 0.7, &N), SALESPLAN_OK);
    assert_true(N == 0);
    assert_int_equal(slp_confidence_entries(1, 10, far, 12, 0.8, &N), SALESPLAN_OK);
    assert_true(N == 10);
    /* Unreachable within 1e12 entries. */
    N = -7;
    assert_int_equal(slp_confidence_entries(1e-9, 1e5, NULL, 0, 0.9, &N), SALESPLAN_ELIMIT);
    assert_true(N == -7);
    assert_int_equal(slp_confidence_entries(0.5, 2e12, NULL, 0, 0.9, &N), SALESPLAN_ELIMIT);
    /* Bad arguments. */
    assert_int_equal(slp_confidence_entries(0.1, 10, NULL, 0, 0.9, NULL), SALESPLAN_EINVAL);
    assert_int_equal(slp_confidence_entries(0, 10, NULL, 0, 0.9, &N), SALESPLAN_EINVAL);
    assert_int_equal(slp_confidence_entries(1.5, 10, NULL, 0, 0.9, &N), SALESPLAN_EINVAL);
    assert_int_equal(slp_confidence_entries(0.1, 10, NULL, 0, 0, &N), SALESPLAN_EINVAL);
    assert_int_equal(slp_confidence_entries(0.1, 10, NULL, 0, 1, &N), SALESPLAN_EINVAL);
    assert_int_equal(slp_confidence_entries(0.1, (double)NAN, NULL, 0, 0.9, &N), SALESPLAN_EINVAL);
    assert_int_equal(slp_confidence_entries(0.1, 10, NULL, 3, 0.9, &N), SALESPLAN_EINVAL);
    const double neg[] = {1.5, -0.5};
    assert_int_equal(slp_confidence_entries(0.1, 10, neg, 2, 0.9, &N), SALESPLAN_EINVAL);
    assert_true(N == -7);
    /* slp_confidence_prob edges. */
    assert_true(slp_confidence_prob(5, 0.3, 0, NULL, 0) == 1);
    assert_true(slp_confidence_prob(5, 0.3, 6, NULL, 0) == 0);
    assert_rel(slp_confidence_prob(5, 0.3, 5, half, 2), 0.5 * pow(0.3, 5) + 0.5 * slp_binom_sf(5, 0.3, 4), 1e-14);
    assert_true(isnan(slp_confidence_prob(5, 0.3, 2, NULL, 2)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sf_matches_long_double_sums),
        cmocka_unit_test(test_sf_tiny_tails_are_relative),
        cmocka_unit_test(test_closed_forms),
        cmocka_unit_test(test_sf_large_n_references),
        cmocka_unit_test(test_betainc),
        cmocka_unit_test(test_pipeline_brute_force),
        cmocka_unit_test(test_pipeline_single_binomial),
        cmocka_unit_test(test_pipeline_moments),
        cmocka_unit_test(test_pipeline_errors),
        cmocka_unit_test(test_pipeline_enomem),
        cmocka_unit_test(test_confidence_small),
        cmocka_unit_test(test_confidence_with_pipeline),
        cmocka_unit_test(test_confidence_large),
        cmocka_unit_test(test_confidence_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
