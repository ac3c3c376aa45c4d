/* Rep diagnostics statistics (lib/math/fisher.c, bh.c, beta_prior.c):
 * Fisher's exact test against hand-computed tables, exact rational values
 * (Python fractions over math.comb, embedded below) and a brute-force long
 * double enumeration; Benjamini-Hochberg against a hand example; the
 * method-of-moments beta prior against hand-derived fractions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "common/alloc.h"
#include "math/fisher.h"
#include "test_alloc.h"

static void assert_rel(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol * fabs(want))) {
        print_error("got %.17g, want %.17g (relative %.3g > %.3g)\n", got, want,
                    fabs(got - want) / fabs(want), tol);
        fail();
    }
}

static void fisher_by_hand(void **state)
{
    (void)state;
    /* Lady tasting tea: margins 4/4/4/4, Pr[x] = C(4,x) C(4,4-x) / 70 =
     * 1, 16, 36, 16, 1 over 70; x = 3: 16 + 16 + 1 + 1 = 34/70 = 17/35. */
    assert_rel(slp_fisher_exact(3, 1, 1, 3), 17.0 / 35.0, 1e-13);
    assert_rel(slp_fisher_exact(4, 0, 0, 4), 2.0 / 70.0, 1e-13);
    assert_rel(slp_fisher_exact(2, 2, 2, 2), 1.0, 1e-13);
    /* r1 = 2, r2 = 3, c1 = 2: Pr = 3/10, 6/10, 1/10 for x = 0, 1, 2. */
    assert_rel(slp_fisher_exact(2, 0, 0, 3), 0.1, 1e-13);
    assert_rel(slp_fisher_exact(0, 2, 2, 1), 0.4, 1e-13);
    assert_rel(slp_fisher_exact(1, 1, 1, 2), 1.0, 1e-13);
    /* 10/0/0/10: only the two extreme tables, each 1 / C(20, 10). */
    assert_rel(slp_fisher_exact(10, 0, 0, 10), 2.0 / 184756.0, 1e-12);
    assert_rel(slp_fisher_exact(0, 5, 5, 0), 2.0 / 252.0, 1e-12);
    /* one table only */
    assert_rel(slp_fisher_exact(0, 0, 3, 4), 1.0, 0);
    assert_rel(slp_fisher_exact(5, 0, 7, 0), 1.0, 0);
    assert_true(isnan(slp_fisher_exact(-1, 0, 3, 4)));
}

static void fisher_exact_rationals(void **state)
{
    (void)state;
    /* sum of Fraction(comb(r1,x) comb(r2,c1-x), comb(n,c1)) over the tables
     * with Pr <= Pr[observed] (1 + 1e-7), printed with %.17g */
    static const struct {
        long long a, b, c, d;
        double p;
    } t[] = {
        {8, 2, 1, 5, 0.034965034965034968},
        {500, 400, 3000, 3100, 0.00040324711211008063},
        {120, 80, 3000, 3100, 0.0031237223404353468},
        {3, 30, 2000, 1000, 1.0874833621713335e-11},
        {0, 40, 4000, 4000, 1.6822811063768915e-12},
        {7, 12, 0, 5, 0.27206851119894598},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_rel(slp_fisher_exact(t[i].a, t[i].b, t[i].c, t[i].d), t[i].p, 1e-10);
        /* the test is symmetric in rows, in columns and under transposition */
        assert_rel(slp_fisher_exact(t[i].c, t[i].d, t[i].a, t[i].b), t[i].p, 1e-10);
        assert_rel(slp_fisher_exact(t[i].b, t[i].a, t[i].d, t[i].c), t[i].p, 1e-10);
        assert_rel(slp_fisher_exact(t[i].a, t[i].c, t[i].b, t[i].d), t[i].p, 1e-10);
    }
}

/* Every table with cells up to 12: enumerate the whole support in long double. */
static long double ref_fisher(int a, int b, int c, int d)
{
    int r1 = a + b, r2 = c + d, c1 = a + c;
    int lo = c1 > r2 ? c1 - r2 : 0, hi = r1 < c1 ? r1 : c1;
    long double pr[64], norm = 0;
    for (int x = lo; x <= hi; x++) {
        pr[x] = expl(lgammal(r1 + 1) - lgammal(x + 1) - lgammal(r1 - x + 1) +
                     lgammal(r2 + 1) - lgammal(c1 - x + 1) - lgammal(r2 - c1 + x + 1));
        norm += pr[x];
    }
    long double p = 0;
    for (int x = lo; x <= hi; x++)
        if (pr[x] <= pr[a] * (1 + 1e-7L))
            p += pr[x];
    p /= norm;
    return p < 1 ? p : 1;
}

static void fisher_small_tables(void **state)
{
    (void)state;
    for (int a = 0; a <= 12; a++)
        for (int b = 0; b <= 12; b++)
            for (int c = 0; c <= 12; c++)
                for (int d = 0; d <= 12; d += 3)
                    assert_rel(slp_fisher_exact(a, b, c, d), (double)ref_fisher(a, b, c, d),
                               1e-12);
}

static void bh_by_hand(void **state)
{
    (void)state;
    /* sorted: .005 .01 .03 .04 .5 -> p m / rank = .025 .025 .05 .05 .5,
     * already monotone; q back in input order */
    const double p[] = {0.01, 0.04, 0.03, 0.005, 0.5};
    const double want[] = {0.025, 0.05, 0.05, 0.025, 0.5};
    double q[5];
    assert_int_equal(slp_bh_adjust(p, 5, q), 0);
    for (int i = 0; i < 5; i++)
        assert_rel(q[i], want[i], 1e-15);
    /* the step-up minimum: .02 * 2 / 1 = .04 is lowered to .021 */
    const double p2[] = {0.021, 0.02};
    assert_int_equal(slp_bh_adjust(p2, 2, q), 0);
    assert_rel(q[0], 0.021, 1e-15);
    assert_rel(q[1], 0.021, 1e-15);
    /* NaN (untested) is left out of m */
    const double p3[] = {0.01, (double)NAN, 0.02, 0.9};
    assert_int_equal(slp_bh_adjust(p3, 4, q), 0);
    assert_rel(q[0], 0.03, 1e-15);
    assert_true(isnan(q[1]));
    assert_rel(q[2], 0.03, 1e-15);
    assert_rel(q[3], 0.9, 1e-15);
    /* never above 1 */
    const double p4[] = {0.9, 0.95, 0.99};
    assert_int_equal(slp_bh_adjust(p4, 3, q), 0);
    for (int i = 0; i < 3; i++)
        assert_rel(q[i], 0.99, 1e-15);
    assert_int_equal(slp_bh_adjust(p4, 0, q), 0);
}

static void bh_allocation_failure(void **state)
{
    (void)state;
    const double p[] = {0.01, 0.04};
    double q[2] = {7, 7};
    tst_alloc_fail_at(1);
    assert_int_equal(slp_bh_adjust(p, 2, q), -1);
    assert_rel(q[0], 7, 0);
    tst_alloc_fail_at(0);
    assert_int_equal(slp_bh_adjust(p, 2, q), 0);
    assert_rel(q[1], 0.04, 1e-15);
}

static void beta_prior_by_hand(void **state)
{
    (void)state;
    double m, s;
    /* rates .2 and .8 over 10 deals each: m = 1/2, S = .18, h = 1/10,
     * rho = (.18 / .25 - .1) / .9 = 31/45, alpha + beta = 45/31 - 1 = 14/31 */
    const long long k[] = {2, 8}, n[] = {10, 10};
    slp_beta_prior_mom(k, n, 2, &m, &s);
    assert_rel(m, 0.5, 1e-15);
    assert_rel(s, 14.0 / 31.0, 1e-13);
    /* (2 + 7/31) / (10 + 14/31) = 69/324 */
    assert_rel(slp_beta_shrunk(2, 10, m, s), 69.0 / 324.0, 1e-13);
    assert_rel(slp_beta_shrunk(0, 0, m, s), 0.5, 0);
    /* identical rates: no spread beyond noise -> full pooling */
    const long long k2[] = {5, 5, 0}, n2[] = {10, 10, 0};
    slp_beta_prior_mom(k2, n2, 3, &m, &s);
    assert_rel(m, 0.5, 1e-15);
    assert_true(isinf(s));
    assert_rel(slp_beta_shrunk(5, 10, m, s), 0.5, 0);
    /* 0/10 and 10/10: rho = (2 - .1) / .9 > 1 -> no pooling */
    const long long k3[] = {0, 10}, n3[] = {10, 10};
    slp_beta_prior_mom(k3, n3, 2, &m, &s);
    assert_rel(s, 0, 0);
    assert_rel(slp_beta_shrunk(0, 10, m, s), 0, 0);
    /* one group, no data, rate 0: full pooling */
    slp_beta_prior_mom(k, n, 1, &m, &s);
    assert_true(isinf(s));
    slp_beta_prior_mom(k, n, 0, &m, &s);
    assert_true(isnan(m));
    const long long k4[] = {0, 0}, n4[] = {3, 9};
    slp_beta_prior_mom(k4, n4, 2, &m, &s);
    assert_rel(m, 0, 0);
    assert_true(isinf(s));
    /* unequal sizes: 3/4 and 30/100 -> m = 33/104, h = (1/4 + 1/100) / 2 = .13 */
    const long long k5[] = {3, 30}, n5[] = {4, 100};
    slp_beta_prior_mom(k5, n5, 2, &m, &s);
    double mm = 33.0 / 104.0;
    double s2 = (0.75 - mm) * (0.75 - mm) + (0.3 - mm) * (0.3 - mm);
    double rho = (s2 / (mm * (1 - mm)) - 0.13) / 0.87;
    assert_rel(m, mm, 1e-15);
    assert_rel(s, 1 / rho - 1, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fisher_by_hand),
        cmocka_unit_test(fisher_exact_rationals),
        cmocka_unit_test(fisher_small_tables),
        cmocka_unit_test(bh_by_hand),
        TST_ALLOC_TEST(bh_allocation_failure),
        cmocka_unit_test(beta_prior_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
