/* Tests of lib/engine/team.c: tenure months, ramp factors, ramped headcount, slice
 * weights, quota per rep and slice, phases, capacity and hires (SPEC §5).
 * Hand-worked numbers use a 2024 wall calendar (1 July 2024 is a Monday). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine/calendar.h"
#include "common/date.h"
#include "salesplan.h"
#include "engine/team.h"
#include "test_near.h"

#define MONFRI 0x1Fu
#define TOL 1e-12

typedef struct fixture {
    slp_calendar cal;
    int wd[4000];
    slp_slice slices[200];
} fixture;

static slp_day day(const char *iso)
{
    slp_day d = 0;
    assert_int_equal(slp_parse_iso_date_str(iso, &d), 0);
    return d;
}

static fixture *make(const char *start, int days, unsigned mask)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    slp_cal_init(&f->cal, day(start), days, mask, NULL, 0, f->wd, f->slices);
    return f;
}

/* f(r, d) straight from the definition, one day at a time. */
static double f_direct(slp_day rep_start, const double *ramp, size_t n, slp_day d)
{
    if (d < rep_start)
        return 0.0;
    long m = slp_months_between(rep_start, d);
    return (size_t)m < n ? ramp[m] : 1.0;
}

static void test_tenure_month_start(void **state)
{
    (void)state;
    /* Hand-worked: a start on 31 Jan 2024 completes month 1 on 1 March
     * (February has no 31st: 29 Feb is still month 0) and month 2 on 31 March. */
    slp_day s = day("2024-01-31");
    assert_int_equal(slp_tenure_month_start(s, 0), s);
    assert_int_equal(slp_tenure_month_start(s, 1), day("2024-03-01"));
    assert_int_equal(slp_tenure_month_start(s, 2), day("2024-03-31"));
    assert_int_equal(slp_tenure_month_start(day("2024-05-15"), 3), day("2024-08-15"));
    assert_int_equal(slp_tenure_month_start(day("2023-11-30"), 3), day("2024-03-01"));
    /* Against slp_months_between for every start over two years, 0..14 months:
     * the boundary is the first day whose tenure reaches m. */
    for (slp_day st = day("2023-01-01"); st < day("2025-01-01"); st++)
        for (long m = 0; m <= 14; m++) {
            slp_day b = slp_tenure_month_start(st, m);
            assert_true(slp_months_between(st, b) >= m);
            assert_true(b == st || slp_months_between(st, b - 1) < m);
        }
}

static void test_ramp_segments_hand_worked(void **state)
{
    (void)state;
    /* Period: 1 Jul 2024, 92 days (Jul, Aug, Sep). A rep starting Mon 15 Jul
     * with ramp [0.25, 0.5, 0.75]:
     *   indices [0,14)  f = 0     (before the start)
     *   [14,45)  f = 0.25  (15 Jul .. 14 Aug)
     *   [45,76)  f = 0.5   (15 Aug .. 14 Sep)
     *   [76,92)  f = 0.75  (15 Sep .. 30 Sep)                                  */
    fixture *f = make("2024-07-01", 92, MONFRI);
    const double ramp[] = {0.25, 0.5, 0.75};
    slp_ramp_seg segs[16];
    assert_true(slp_ramp_seg_cap(3, 92) <= 16);
    size_t n = slp_ramp_segments(f->cal.start, 92, day("2024-07-15"), ramp, 3, segs);
    assert_int_equal(n, 4);
    assert_int_equal(segs[0].from, 0);
    assert_true(segs[0].f == 0.0);
    assert_int_equal(segs[1].from, 14);
    assert_int_equal(segs[2].from, 45);
    assert_int_equal(segs[3].from, 76);
    assert_true(segs[3].f == 0.75);
    /* Means over each month's workdays (Mon-Fri):
     *   July: 23 workdays, of which 15-31 Jul = 13 at 0.25  -> 3.25 / 23
     *   Aug: 22 workdays; 1-14 Aug = 10 at 0.25, 15-31 Aug = 12 at 0.5
     *        -> (2.5 + 6) / 22 = 8.5 / 22
     *   Sep: 21 workdays; 2-13 Sep = 10 at 0.5, 16-30 Sep = 11 at 0.75
     *        -> (5 + 8.25) / 21 = 13.25 / 21
     *   whole period: (3.25 + 8.5 + 13.25) / 66 = 25 / 66                     */
    assert_near(slp_ramp_mean(&f->cal, segs, n, 0, 31), 3.25 / 23.0, TOL);
    assert_near(slp_ramp_mean(&f->cal, segs, n, 31, 62), 8.5 / 22.0, TOL);
    assert_near(slp_ramp_mean(&f->cal, segs, n, 62, 92), 13.25 / 21.0, TOL);
    assert_near(slp_ramp_mean(&f->cal, segs, n, 0, 92), 25.0 / 66.0, TOL);
    /* an empty set of workdays (Sat 6 - Sun 7 July) has mean 0 */
    assert_true(slp_ramp_mean(&f->cal, segs, n, 5, 7) == 0.0);

    /* a rep starting after the period: one segment at 0 */
    n = slp_ramp_segments(f->cal.start, 92, day("2024-12-01"), ramp, 3, segs);
    assert_int_equal(n, 1);
    assert_true(slp_ramp_mean(&f->cal, segs, n, 0, 92) == 0.0);
    /* a veteran: one segment at 1; equal factors merge */
    n = slp_ramp_segments(f->cal.start, 92, day("2020-01-01"), ramp, 3, segs);
    assert_int_equal(n, 1);
    assert_true(segs[0].f == 1.0);
    const double flat[] = {1.0, 1.0};
    n = slp_ramp_segments(f->cal.start, 92, day("2024-07-01"), flat, 2, segs);
    assert_int_equal(n, 1);
    free(f);
}

static void test_ramp_mean_matches_day_walk(void **state)
{
    (void)state;
    /* Independent check: mean of f(r,d) over workdays, walked day by day. */
    const double ramp[] = {0.0, 0.1, 0.3, 0.45, 0.6, 0.8, 0.9};
    const char *starts[] = {"2023-12-31", "2024-01-29", "2024-02-29", "2024-03-31",
                            "2024-05-10", "2025-06-30", "2019-01-01"};
    fixture *f = make("2024-01-15", 700, MONFRI);
    slp_ramp_seg segs[64];
    assert_true(slp_ramp_seg_cap(7, 700) <= 64);
    for (size_t i = 0; i < 7; i++) {
        slp_day rs = day(starts[i]);
        size_t n = slp_ramp_segments(f->cal.start, 700, rs, ramp, 7, segs);
        assert_true(n <= slp_ramp_seg_cap(7, 700));
        for (int a = 0; a < 700; a += 41)
            for (int b = a; b <= 700; b += 29) {
                double sum = 0.0;
                int cnt = 0;
                for (int t = a; t < b; t++)
                    if (f->wd[t + 1] > f->wd[t]) {
                        sum += f_direct(rs, ramp, 7, f->cal.start + t);
                        cnt++;
                    }
                double want = cnt ? sum / cnt : 0.0;
                assert_near(slp_ramp_mean(&f->cal, segs, n, a, b), want, 1e-12);
            }
    }
    free(f);
}

/* Ramped rep equivalents ("quota on the street" counts a ramping rep by the
 * fraction of full productivity reached; see Revcast, "How to calculate the
 * right ramp up periods for your sales org"): three fully ramped reps plus one
 * rep in tenure month 1 of a [0, 0.5, 1] ramp make 3.5 ramped reps. */
static void test_ramped_rep_equivalents(void **state)
{
    (void)state;
    fixture *f = make("2024-07-01", 31, MONFRI);
    const double ramp[] = {0.0, 0.5, 1.0};
    slp_ramp_seg segs[8];
    double hc = 0.0;
    const char *starts[] = {"2022-01-10", "2023-03-01", "2021-07-01", "2024-06-01"};
    for (size_t i = 0; i < 4; i++) {
        size_t n = slp_ramp_segments(f->cal.start, 31, day(starts[i]), ramp, 3, segs);
        hc += slp_ramp_mean(&f->cal, segs, n, 0, 31);
    }
    assert_near(hc, 3.5, TOL);
    free(f);
}

static void test_slice_weights(void **state)
{
    (void)state;
    /* 90 days from 15 Jul 2024: workdays 13, 22, 21, 9 of 65 */
    fixture *f = make("2024-07-15", 90, MONFRI);
    double w[4];
    slp_slice_weights(&f->cal, NULL, 0, w);
    assert_near(w[0], 13.0 / 65.0, TOL);
    assert_near(w[1], 22.0 / 65.0, TOL);
    assert_near(w[2], 21.0 / 65.0, TOL);
    assert_near(w[3], 9.0 / 65.0, TOL);
    const double season[] = {1.0, 2.0, 1.0, 0.0};
    slp_slice_weights(&f->cal, season, 4, w);
    assert_near(w[0], 0.25, TOL);
    assert_near(w[1], 0.5, TOL);
    assert_near(w[3], 0.0, TOL);
    free(f);
}

static void test_quota_assign(void **state)
{
    (void)state;
    /* Q = 100 over slices weighted 0.3 / 0.5 / 0.2; reps with territory 1
     * and 2. Ramp means: rep0 [1, 1, 0], rep1 [0.5, 0, 0].
     *  slice 0: w = [1, 1]   -> 30 split 15 / 15
     *  slice 1: w = [1, 0]   -> 50 all to rep0
     *  slice 2: w = [0, 0]   -> 20 unassigned                                  */
    const double weights[] = {0.3, 0.5, 0.2};
    const double terr[] = {1.0, 2.0};
    const double ramp[] = {1.0, 1.0, 0.0, 0.5, 0.0, 0.0};
    double quota[6];
    size_t empty = 99;
    double un = slp_quota_assign(100.0, weights, 3, terr, ramp, 2, quota, &empty);
    assert_near(un, 20.0, TOL);
    assert_int_equal(empty, 1);
    assert_near(quota[0], 15.0, TOL);
    assert_near(quota[1], 50.0, TOL);
    assert_near(quota[2], 0.0, TOL);
    assert_near(quota[3], 15.0, TOL);
    assert_near(quota[4], 0.0, TOL);
    /* no reps at all: everything is unassigned */
    un = slp_quota_assign(100.0, weights, 3, terr, ramp, 0, quota, &empty);
    assert_near(un, 100.0, TOL);
    assert_int_equal(empty, 3);
}

static void test_phase_targets(void **state)
{
    (void)state;
    /* Workday weights: the target before day b is T × workdays before b / all
     * workdays. Before day 30 (14 Aug): 13 (Jul) + 9 (1-13 Aug) = 22 of 65. */
    fixture *f = make("2024-07-15", 90, MONFRI);
    double w[4];
    slp_slice_weights(&f->cal, NULL, 0, w);
    assert_near(slp_phase_target(&f->cal, w, 1000.0, 30), 1000.0 * 22.0 / 65.0, 1e-9);
    assert_near(slp_phase_target(&f->cal, w, 1000.0, 90), 1000.0, 1e-9);
    assert_near(slp_phase_target(&f->cal, w, 1000.0, 0), 0.0, 1e-9);
    /* equal seasonality: 0.25 for July + 0.25 × 9/22 of August */
    const double eq[] = {1, 1, 1, 1};
    slp_slice_weights(&f->cal, eq, 4, w);
    assert_near(slp_phase_target(&f->cal, w, 1000.0, 30),
                        1000.0 * (0.25 + 0.25 * 9.0 / 22.0), 1e-9);
    free(f);

    /* A slice without workdays counts calendar days: from Sat 29 Jun 2024,
     * 4 days: slice 0 = Sat 29, Sun 30 (no workday), slice 1 = Mon 1, Tue 2 Jul.
     * Seasonality [1, 3] -> weights 0.25, 0.75.
     *   b = 1: half of slice 0's days        -> 0.125 T
     *   b = 3: slice 0 + 1 of 2 workdays of 1 -> 0.25 + 0.375 = 0.625 T       */
    f = make("2024-06-29", 4, MONFRI);
    const double season[] = {1, 3};
    slp_slice_weights(&f->cal, season, 2, w);
    assert_near(slp_phase_target(&f->cal, w, 80.0, 1), 10.0, 1e-12);
    assert_near(slp_phase_target(&f->cal, w, 80.0, 3), 50.0, 1e-12);
    free(f);
}

static void test_capacity_and_hires(void **state)
{
    (void)state;
    /* 90 days from 15 Jul 2024; a fully ramped rep, quota 10,000/month,
     * attainment 0.8, attrition 10%/month:
     *   s0: 13/23 of July        × 0.9^0
     *   s1: 22/22 of August      × 0.9^1
     *   s2: 21/21 of September   × 0.9^2
     *   s3: 9/23 of October      × 0.9^3                                       */
    fixture *f = make("2024-07-15", 90, MONFRI);
    const double full[] = {1, 1, 1, 1};
    double want = 10000.0 * 0.8 *
                  (13.0 / 23.0 + 1.0 * 0.9 + 1.0 * 0.81 + 9.0 / 23.0 * 0.729);
    assert_near(slp_capacity_rep(&f->cal, full, 10000.0, 0.8, 0.1), want, 1e-8);
    /* a half-ramped August only */
    const double half[] = {0, 0.5, 0, 0};
    assert_near(slp_capacity_rep(&f->cal, half, 10000.0, 1.0, 0.0), 5000.0, 1e-9);
    free(f);

    /* hires: 0 without a gap; ceil(gap / c_new - 1e-9); null when c_new = 0 */
    assert_true(slp_hires_needed(0.0, 1000.0) == 0.0);
    assert_true(slp_hires_needed(0.0, 0.0) == 0.0);
    assert_true(slp_hires_needed(25000.0, 10000.0) == 3.0);
    assert_true(slp_hires_needed(20000.0, 10000.0) == 2.0);
    assert_true(slp_hires_needed(20000.0 * (1 + 1e-12), 10000.0) == 2.0);
    assert_true(slp_hires_needed(20001.0, 10000.0) == 3.0);
    assert_true(isnan(slp_hires_needed(5.0, 0.0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tenure_month_start),
        cmocka_unit_test(test_ramp_segments_hand_worked),
        cmocka_unit_test(test_ramp_mean_matches_day_walk),
        cmocka_unit_test(test_ramped_rep_equivalents),
        cmocka_unit_test(test_slice_weights),
        cmocka_unit_test(test_quota_assign),
        cmocka_unit_test(test_phase_targets),
        cmocka_unit_test(test_capacity_and_hires),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
