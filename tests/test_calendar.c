/* Tests of lib/engine/calendar.c: workday mask, holidays, prefix sums, month slices,
 * sourcing windows (SPEC §2, §4, §5). Expected values are worked by hand from
 * a wall calendar (2024-07-15 is a Monday) or counted day by day with
 * slp_weekday(), independently of the closed forms under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine/calendar.h"
#include "common/date.h"
#include "salesplan.h"

#define MONFRI 0x1Fu

typedef struct cal_fixture {
    slp_calendar cal;
    int wd[4000];
    slp_slice slices[200];
    slp_day hol[16];
} cal_fixture;

static slp_day day(const char *iso)
{
    slp_day d = 0;
    assert_int_equal(slp_parse_iso_date_str(iso, &d), 0);
    return d;
}

static cal_fixture *make(const char *start, int days, unsigned mask, const char *const *hol,
                         size_t nh)
{
    cal_fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    for (size_t i = 0; i < nh; i++)
        f->hol[i] = day(hol[i]);
    nh = slp_cal_sort_unique(f->hol, nh);
    assert_true(slp_cal_slice_count(day(start), days) <= 200);
    slp_cal_init(&f->cal, day(start), days, mask, f->hol, nh, f->wd, f->slices);
    return f;
}

/* Independent count: walk day by day. */
static long brute_workdays(unsigned mask, const slp_day *hol, size_t nh, slp_day a, slp_day b)
{
    long n = 0;
    for (slp_day d = a; d < b; d++) {
        int ok = (int)((mask >> (unsigned)slp_weekday(d)) & 1u);
        for (size_t i = 0; i < nh; i++)
            if (hol[i] == d)
                ok = 0;
        n += ok;
    }
    return n;
}

/* SPEC §5's own example: 90 days from 15 July give 15–31 Jul, Aug, Sep, 1–12 Oct. */
static void test_month_slices_from_15_july(void **state)
{
    (void)state;
    cal_fixture *f = make("2024-07-15", 90, MONFRI, NULL, 0);
    const slp_calendar *c = &f->cal;
    assert_int_equal(c->slice_count, 4);
    /* day indices: Jul 15..31 = 17 days -> [0,17); Aug 31 -> [17,48);
     * Sep 30 -> [48,78); Oct 1..12 = 12 -> [78,90) */
    assert_int_equal(c->slices[0].first, 0);
    assert_int_equal(c->slices[0].end, 17);
    assert_int_equal(c->slices[1].first, 17);
    assert_int_equal(c->slices[1].end, 48);
    assert_int_equal(c->slices[2].end, 78);
    assert_int_equal(c->slices[3].first, 78);
    assert_int_equal(c->slices[3].end, 90);
    assert_int_equal(c->slices[3].start_day, day("2024-10-01"));
    /* Mon-Fri workdays, from a 2024 calendar:
     * Jul 15-31: 15-19, 22-26, 29-31 = 13; whole July 2024 (1st is a Monday) = 23
     * Aug 2024 (1st is a Thursday): 22; Sep 2024 (1st is a Sunday): 21
     * Oct 1-12 (1st is a Tuesday): 1-4, 7-11 = 9; whole October 2024 = 23 */
    assert_int_equal(c->slices[0].workdays, 13);
    assert_int_equal(c->slices[0].month_workdays, 23);
    assert_int_equal(c->slices[1].workdays, 22);
    assert_int_equal(c->slices[1].month_workdays, 22);
    assert_int_equal(c->slices[2].workdays, 21);
    assert_int_equal(c->slices[3].workdays, 9);
    assert_int_equal(c->slices[3].month_workdays, 23);
    assert_int_equal(c->wd[90], 13 + 22 + 21 + 9);
    char a[11], b[11];
    slp_cal_slice_dates(&c->slices[0], a, b);
    assert_string_equal(a, "2024-07-15");
    assert_string_equal(b, "2024-07-31");
    slp_cal_slice_dates(&c->slices[2], a, b);
    assert_string_equal(a, "2024-09-01");
    assert_string_equal(b, "2024-09-30");
    slp_cal_slice_dates(&c->slices[3], a, b);
    assert_string_equal(a, "2024-10-01");
    assert_string_equal(b, "2024-10-12");
    free(f);
}

static void test_holidays_and_mask(void **state)
{
    (void)state;
    /* Labor Day 2024-09-02 (a Monday) removes a workday; 2024-08-03 is a
     * Saturday and changes nothing; a duplicate is dropped; 2024-12-25 lies
     * outside the period. */
    const char *hol[] = {"2024-09-02", "2024-08-03", "2024-09-02", "2024-12-25"};
    cal_fixture *f = make("2024-07-15", 90, MONFRI, hol, 4);
    assert_int_equal(f->cal.holiday_count, 3);
    assert_int_equal(f->cal.slices[2].workdays, 20);
    assert_int_equal(f->cal.slices[2].month_workdays, 20);
    assert_int_equal(f->cal.wd[90], 64);
    assert_false(slp_cal_is_workday(&f->cal, day("2024-09-02")));
    assert_true(slp_cal_is_workday(&f->cal, day("2024-09-03")));
    assert_false(slp_cal_is_workday(&f->cal, day("2024-09-07"))); /* Saturday */
    free(f);

    /* weekend-only workers: Sat+Sun. Jul 15-31 2024 has Sat/Sun 20,21,27,28 = 4 */
    f = make("2024-07-15", 17, SALESPLAN_SAT | SALESPLAN_SUN, NULL, 0);
    assert_int_equal(f->cal.wd[17], 4);
    /* prefix sums: the first weekend day is index 5 (Sat 20 July) */
    assert_int_equal(f->cal.wd[5], 0);
    assert_int_equal(f->cal.wd[6], 1);
    assert_int_equal(slp_cal_workdays(&f->cal, 5, 7), 2);
    assert_int_equal(slp_cal_workdays(&f->cal, -3, 100), 4); /* clipped */
    assert_int_equal(slp_cal_workdays(&f->cal, 7, 7), 0);
    free(f);
}

static void test_workdays_between_matches_day_walk(void **state)
{
    (void)state;
    const char *hol[] = {"2023-01-02", "2023-12-25", "2024-02-29", "2024-07-04", "2025-01-01"};
    unsigned masks[] = {MONFRI, 0x7Fu, SALESPLAN_SUN, SALESPLAN_MON | SALESPLAN_THU | SALESPLAN_SAT};
    for (size_t m = 0; m < 4; m++) {
        cal_fixture *f = make("2023-01-01", 800, masks[m], hol, 5);
        slp_day base = day("2022-11-20");
        for (long a = 0; a < 900; a += 37)
            for (long len = 0; len < 400; len += 13) {
                long want = brute_workdays(masks[m], f->hol, f->cal.holiday_count, base + a,
                                           base + a + len);
                assert_int_equal(slp_cal_workdays_between(&f->cal, base + a, base + a + len), want);
            }
        /* the prefix sums agree with the day walk too */
        for (int t = 0; t <= 800; t += 7)
            assert_int_equal(f->cal.wd[t], brute_workdays(masks[m], f->hol, f->cal.holiday_count,
                                                          f->cal.start, f->cal.start + t));
        free(f);
    }
}

static void test_one_day_and_ten_year_periods(void **state)
{
    (void)state;
    /* a 1-day period on a Wednesday: one slice, one workday */
    cal_fixture *f = make("2024-07-17", 1, MONFRI, NULL, 0);
    assert_int_equal(f->cal.slice_count, 1);
    assert_int_equal(f->cal.slices[0].first, 0);
    assert_int_equal(f->cal.slices[0].end, 1);
    assert_int_equal(f->cal.slices[0].workdays, 1);
    assert_int_equal(f->cal.slices[0].month_workdays, 23);
    free(f);
    /* 3660 days from 2020-01-01: 2020..2029 hold 3653 days (leap years 2020,
     * 2024, 2028), so the period ends on 2030-01-07: 120 whole months + 7 days */
    assert_int_equal(slp_cal_slice_count(day("2020-01-01"), 3660), 121);
    f = make("2020-01-01", 3660, MONFRI, NULL, 0);
    assert_int_equal(f->cal.slice_count, 121);
    assert_int_equal(f->cal.slices[120].start_day, day("2030-01-01"));
    assert_int_equal(f->cal.slices[120].end - f->cal.slices[120].first, 7);
    /* 3660 days = 522 weeks + 6 days; from Wed 2020-01-01 the 6 extra days
     * (Wed..Mon) hold 4 weekdays: 522*5 + 4 = 2614 */
    assert_int_equal(f->cal.wd[3660], 2614);
    free(f);
}

static void test_window_last(void **state)
{
    (void)state;
    /* floor(H - 1 - L), -1 when L > H - 1 */
    assert_int_equal(slp_cal_window_last(90, 0.0), 89);
    assert_int_equal(slp_cal_window_last(90, 10.0), 79);
    assert_int_equal(slp_cal_window_last(90, 0.5), 88);
    assert_int_equal(slp_cal_window_last(90, 89.0), 0);
    assert_int_equal(slp_cal_window_last(90, 89.5), -1);
    assert_int_equal(slp_cal_window_last(1, 0.0), 0);
    assert_int_equal(slp_cal_window_last(1, 0.25), -1);
}

static void test_sort_unique(void **state)
{
    (void)state;
    slp_day v[] = {5, 3, 9, 3, 1, 9, 9};
    size_t n = slp_cal_sort_unique(v, 7);
    assert_int_equal(n, 4);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[1], 3);
    assert_int_equal(v[2], 5);
    assert_int_equal(v[3], 9);
    assert_int_equal(slp_cal_sort_unique(v, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month_slices_from_15_july),
        cmocka_unit_test(test_holidays_and_mask),
        cmocka_unit_test(test_workdays_between_matches_day_walk),
        cmocka_unit_test(test_one_day_and_ten_year_periods),
        cmocka_unit_test(test_window_last),
        cmocka_unit_test(test_sort_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
