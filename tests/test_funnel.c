/* Tests of lib/engine/funnel.c: close probabilities, deals needed, required entries
 * in expected and confidence mode, activity figures (SPEC §4). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine/funnel.h"
#include "salesplan.h"
#include "test_near.h"

static void test_close_probabilities(void **state)
{
    (void)state;
    /* conversions 0.5, 0.4, 0.25 and days 10, 20, 30:
     *   P = [0.5·0.4·0.25, 0.4·0.25, 0.25, 1] = [0.05, 0.1, 0.25, 1]
     *   L = [10+20+30, 20+30, 30, 0]        = [60, 50, 30, 0]                 */
    const double conv[] = {0.5, 0.4, 0.25, NAN};
    const double days[] = {10, 20, 30, NAN};
    double P[4], L[4];
    slp_funnel_close(conv, days, 4, P, L);
    assert_near(P[0], 0.05, 1e-15);
    assert_near(P[1], 0.1, 1e-15);
    assert_near(P[2], 0.25, 0);
    assert_near(P[3], 1.0, 0);
    assert_near(L[0], 60, 0);
    assert_near(L[1], 50, 0);
    assert_near(L[2], 30, 0);
    assert_near(L[3], 0, 0);
    /* in time: L <= H - 1 */
    assert_true(slp_funnel_in_time(60, 61));
    assert_false(slp_funnel_in_time(60, 60));
    assert_true(slp_funnel_in_time(0, 1));
}

/* The reverse funnel of mysalesprocess.com, "Sales Math: Reverse Engineering
 * Your Funnel": to close 14 deals at 40% proposal->close, 50% second
 * meeting->proposal, 35% first->second meeting and 10% call->meeting, you need
 * 35 proposals, 70 second meetings, 200 first meetings and 2,000 calls. */
static void test_reverse_funnel_worked_example(void **state)
{
    (void)state;
    const double conv[] = {0.10, 0.35, 0.50, 0.40, NAN};
    const double days[] = {0, 0, 0, 0, 0};
    double P[5], L[5], N[5];
    const double none[5] = {0};
    slp_funnel_close(conv, days, 5, P, L);
    /* $350,000 at $25,000 a deal = 14 deals, no pipeline */
    double E = slp_funnel_existing(P, L, none, 5, 90);
    double D = slp_funnel_deals_expected(350000.0, 25000.0, E);
    assert_near(D, 14.0, 0);
    slp_funnel_expected_entries(P, 5, D, N);
    assert_near(N[4], 14.0, 0);
    assert_near(N[3], 35.0, 1e-9);
    assert_near(N[2], 70.0, 1e-9);
    assert_near(N[1], 200.0, 1e-9);
    assert_near(N[0], 2000.0, 1e-9);
    /* required_int never rounds 2000.0000000003 up to 2001 */
    assert_near(slp_ceil_count(N[0]), 2000.0, 0);
    assert_near(slp_ceil_count(N[1]), 200.0, 0);
}

static void test_deals_needed_rounding(void **state)
{
    (void)state;
    /* D = ceil(max(0, T/A - E) - 1e-9) */
    assert_near(slp_funnel_deals_expected(100000.0, 10000.0, 0.0), 10.0, 0);
    assert_near(slp_funnel_deals_expected(105000.0, 10000.0, 0.0), 11.0, 0);     /* 10.5 */
    assert_near(slp_funnel_deals_expected(100000.000005, 10000.0, 0.0), 10.0, 0); /* 10 + 5e-10 */
    assert_near(slp_funnel_deals_expected(100000.0, 10000.0, 3.2), 7.0, 0);      /* 6.8 */
    assert_near(slp_funnel_deals_expected(100000.0, 10000.0, 12.0), 0.0, 0);     /* covered */
    assert_false(signbit(slp_funnel_deals_expected(100000.0, 10000.0, 10.0)));  /* +0, not -0 */
    /* confidence mode ignores E: D = ceil(T/A - 1e-9) */
    assert_near(slp_funnel_deals_confidence(105000.0, 10000.0), 11.0, 0);
    assert_near(slp_funnel_deals_confidence(100000.0, 10000.0), 10.0, 0);
    /* required_int = ceil(x - 1e-9) */
    assert_near(slp_ceil_count(35.2), 36.0, 0);
    assert_near(slp_ceil_count(35.0 + 1e-10), 35.0, 0);
    assert_near(slp_ceil_count(35.0 + 1e-8), 36.0, 0);
    assert_near(slp_ceil_count(0.0), 0.0, 0);
    assert_false(signbit(slp_ceil_count(0.0)));
    assert_true(isnan(slp_ceil_count(NAN)));
}

static void test_existing_pipeline(void **state)
{
    (void)state;
    /* P = [0.05, 0.1, 0.25, 1], L = [60, 50, 30, 0]; pipeline 10, 4, 2:
     *   H = 61: all in time: 10·0.05 + 4·0.1 + 2·0.25 = 0.5 + 0.4 + 0.5 = 1.4
     *   H = 60: stage 0 (60 days out) is not:           0.4 + 0.5       = 0.9
     *   H = 31: only stage 2:                                     0.5      */
    const double conv[] = {0.5, 0.4, 0.25, NAN};
    const double days[] = {10, 20, 30, NAN};
    const double pipe[] = {10, 4, 2, 0};
    double P[4], L[4];
    slp_funnel_close(conv, days, 4, P, L);
    assert_near(slp_funnel_existing(P, L, pipe, 4, 61), 1.4, 1e-15);
    assert_near(slp_funnel_existing(P, L, pipe, 4, 60), 0.9, 1e-15);
    assert_near(slp_funnel_existing(P, L, pipe, 4, 31), 0.5, 1e-15);
    assert_near(slp_funnel_existing(P, L, pipe, 4, 30), 0.0, 0);
    /* T/A = 10, E = 1.4 -> D = ceil(8.6) = 9; N_0 = 9 / 0.05 = 180 */
    double N[4];
    double D = slp_funnel_deals_expected(100.0, 10.0, 1.4);
    assert_near(D, 9.0, 0);
    slp_funnel_expected_entries(P, 4, D, N);
    assert_near(N[0], 180.0, 1e-9);
    assert_near(N[2], 36.0, 1e-12);
}

static void test_conversions_of_one(void **state)
{
    (void)state;
    const double conv[] = {1.0, 1.0, NAN};
    const double days[] = {0, 0, 0};
    double P[3], L[3], N[3];
    slp_funnel_close(conv, days, 3, P, L);
    slp_funnel_expected_entries(P, 3, 7.0, N);
    for (int k = 0; k < 3; k++) {
        assert_near(P[k], 1.0, 0);
        assert_near(N[k], 7.0, 0);
        assert_near(slp_ceil_count(N[k]), 7.0, 0);
    }
}

/* ---- confidence mode against a direct summation ----------------------------- */

/* Pr[Bin(n, p) = k] by the product form, in long double (n small here). */
static double pmf_direct(long n, double p, long k)
{
    if (k < 0 || k > n)
        return 0.0;
    long double c = 1.0L;
    for (long i = 1; i <= k; i++)
        c = c * (long double)(n - k + i) / (long double)i;
    return (double)(c * powl((long double)p, (long double)k) *
                    powl(1.0L - (long double)p, (long double)(n - k)));
}

/* Pr[X + Y >= D], X ~ Bin(N, p), Y = sum of Bin(counts[j], probs[j]): the
 * joint pmf by nested convolution, summed over x + y >= D. */
static double prob_direct(long N, double p, long D, const long *counts, const double *probs,
                          size_t m)
{
    double y[64] = {1.0};
    long ylen = 1;
    for (size_t j = 0; j < m; j++) {
        double z[64] = {0};
        for (long a = 0; a < ylen; a++)
            for (long b = 0; b <= counts[j]; b++)
                z[a + b] += y[a] * pmf_direct(counts[j], probs[j], b);
        ylen += counts[j];
        for (long a = 0; a < ylen; a++)
            y[a] = z[a];
    }
    double total = 0.0;
    for (long x = 0; x <= N; x++) {
        double px = pmf_direct(N, p, x);
        for (long k = 0; k < ylen; k++)
            if (x + k >= D)
                total += px * y[k];
    }
    return total;
}

static void check_confidence(const double *pipe, int days, double q, const double *want)
{
    const double conv[] = {0.5, 0.4, 0.25, NAN};
    const double sdays[] = {10, 20, 30, NAN};
    double P[4], L[4], N[4];
    slp_funnel_close(conv, sdays, 4, P, L);
    double D = slp_funnel_deals_confidence(100.0, 10.0); /* 10 */
    assert_int_equal(slp_funnel_confidence_entries(P, L, pipe, 4, days, D, q, N, NULL),
                     SALESPLAN_OK);
    long counts[3];
    double probs[3];
    size_t m = 0;
    for (size_t k = 0; k < 3; k++)
        if (pipe[k] > 0 && L[k] <= days - 1) {
            counts[m] = (long)pipe[k];
            probs[m++] = P[k];
        }
    for (size_t k = 0; k < 4; k++) {
        long n = (long)N[k];
        assert_near(N[k], (double)n, 0);
        /* minimal: N reaches q, N - 1 does not */
        assert_true(prob_direct(n, P[k], 10, counts, probs, m) >= q);
        if (n > 0)
            assert_true(prob_direct(n - 1, P[k], 10, counts, probs, m) < q);
        /* and the values scipy.stats gives (binom.sf with numpy.convolve) */
        assert_near(N[k], want[k], 0);
    }
}

static void test_confidence_mode(void **state)
{
    (void)state;
    const double none[4] = {0};
    const double pipe[4] = {10, 4, 2, 0};
    const double w90_none[] = {282, 140, 55, 10};
    const double w50_none[] = {194, 97, 39, 10};
    const double w90_pipe[] = {254, 126, 49, 10};
    const double w50_pipe[] = {165, 83, 33, 9};
    check_confidence(none, 90, 0.9, w90_none);
    check_confidence(none, 90, 0.5, w50_none);
    check_confidence(pipe, 90, 0.9, w90_pipe);
    check_confidence(pipe, 90, 0.5, w50_pipe);
    /* a period too short for any pipeline stage: the pipeline does not count */
    check_confidence(pipe, 30, 0.9, w90_none);
}

/* ---- activities ----------------------------------------------------------- */

static void test_activity_figures(void **state)
{
    (void)state;
    /* 3 units per entry on half the entries of a stage needing 200 entries,
     * P_s = 0.07, 20 workdays in the window, 2.5 ramped reps, 6 minutes a
     * unit, 360 selling minutes a day:
     *   total       = 0.5 · 3 · 200 = 300
     *   per_workday = 300 / 20      = 15
     *   per rep     = 15 / 2.5      = 6
     *   per deal    = 1.5 / 0.07    = 21.428571...
     *   fte         = 15 · 6 / 360  = 0.25                                      */
    slp_activity_in in = {3.0, 0.5, 200.0, 0.07, 20.0, 2.5, 6.0, 360.0};
    salesplan_activity_result out;
    slp_activity_figures(&in, &out);
    assert_near(out.total, 300.0, 1e-12);
    assert_near(out.per_workday, 15.0, 1e-12);
    assert_near(out.per_rep_per_workday, 6.0, 1e-12);
    assert_near(out.per_deal, 1.5 / 0.07, 1e-12);
    assert_near(out.fte, 0.25, 1e-15);
    /* no role: per rep is null, fte still uses the given minutes a day */
    in.headcount = NAN;
    slp_activity_figures(&in, &out);
    assert_true(isnan(out.per_rep_per_workday));
    assert_near(out.fte, 0.25, 1e-15);
    /* a role with no working rep: null too */
    in.headcount = 0.0;
    slp_activity_figures(&in, &out);
    assert_true(isnan(out.per_rep_per_workday));
    /* no minutes: fte null */
    in.minutes = NAN;
    slp_activity_figures(&in, &out);
    assert_true(isnan(out.fte));
    /* unreachable stage: every per-day figure null, totals still given */
    in.window_workdays = NAN;
    in.minutes = 6.0;
    in.headcount = 2.5;
    slp_activity_figures(&in, &out);
    assert_near(out.total, 300.0, 1e-12);
    assert_true(isnan(out.per_workday));
    assert_true(isnan(out.per_rep_per_workday));
    assert_true(isnan(out.fte));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_close_probabilities),
        cmocka_unit_test(test_reverse_funnel_worked_example),
        cmocka_unit_test(test_deals_needed_rounding),
        cmocka_unit_test(test_existing_pipeline),
        cmocka_unit_test(test_conversions_of_one),
        cmocka_unit_test(test_confidence_mode),
        cmocka_unit_test(test_activity_figures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
