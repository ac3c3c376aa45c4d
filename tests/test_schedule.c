/* The per-rep schedule (SPEC §11, engine/schedule.c): hand-worked shares for
 * a rep who starts mid-period, a ramping rep, a role of one rep, a sourcing
 * window that ends inside a month and one that has no workday; every month's
 * rep targets add up to the team's; the accessors; the size limit; and
 * allocation failure over compute and every render format.
 *
 * The hand plans run 1 Jan - 28 Feb 2026 (59 days). January 2026 has 22
 * workdays (Mon-Fri), February 20. 100,000 at 5,000 a deal is 20 deals; at
 * a 20% lead conversion, 100 leads; 5 calls a lead, 500 calls. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "salesplan.h"
#include "test_alloc.h"

#define OK(call) assert_int_equal((call), SALESPLAN_OK)

/* Relative agreement to 1e-13: the engine divides in another order. */
static void assert_close(double got, double want)
{
    if (!(fabs(got - want) <= 1e-13 * fabs(want)) && !(got == want))
        fail_msg("got %.17g, want %.17g", got, want);
}

/* A plan of one funnel stage `Lead` (20%, `lead_days` to close), the 59-day
 * period, role `AE` with `ramp` (n factors) and activity Calls (5 per lead,
 * role AE). Reps are added by the caller. */
static salesplan_plan *hand_plan(double lead_days, const double *ramp, size_t n)
{
    salesplan_plan *p = NULL;
    OK(salesplan_plan_create(&p, "schedule", NULL));
    OK(salesplan_plan_set_period(p, "2026-01-01", 59, NULL));
    OK(salesplan_plan_set_target_revenue(p, 100000.0, NULL));
    OK(salesplan_plan_set_deal_size(p, 5000.0, NULL));
    OK(salesplan_plan_add_stage(p, "Lead", 0.2, lead_days, NULL));
    OK(salesplan_plan_add_stage(p, "Won", NAN, 0.0, NULL));
    OK(salesplan_plan_add_role(p, "AE", NULL));
    if (n)
        OK(salesplan_plan_set_role_ramp(p, 0, ramp, n, NULL));
    OK(salesplan_plan_add_activity(p, "Calls", "Lead", 5.0, NULL));
    OK(salesplan_plan_set_activity_role(p, 0, "AE", NULL));
    return p;
}

static salesplan_result *compute(salesplan_plan *p)
{
    salesplan_result *r = NULL;
    salesplan_error err;
    int rc = salesplan_compute(&r, p, NULL, &err);
    if (rc != SALESPLAN_OK)
        fail_msg("compute: %s (%s)", err.message, err.path);
    salesplan_plan_free(p);
    return r;
}

/* per_workday of rep `rep`, month `m`, activity `k`; checks the name. */
static double target(const salesplan_result *r, size_t rep, size_t m, size_t k, const char *name)
{
    const salesplan_rep_target *t = salesplan_result_rep_target(r, rep, m, k);
    assert_non_null(t);
    assert_string_equal(t->name, name);
    return t->per_workday;
}

/* Every month: the targets of each activity with a role, over the reps of
 * that role, add up to the team's per_workday (or are all null). */
static void assert_adds_up(const salesplan_result *r)
{
    size_t nrep = salesplan_result_rep_schedule_count(r);
    size_t ns = salesplan_result_slice_count(r);
    for (size_t a = 0; a < salesplan_result_activity_count(r); a++) {
        const salesplan_activity_result *act = salesplan_result_activity(r, a);
        if (act->role == NULL)
            continue;
        for (size_t m = 0; m < ns; m++) {
            double sum = 0.0;
            size_t seen = 0, nulls = 0;
            for (size_t j = 0; j < nrep; j++) {
                const salesplan_rep_schedule *rs = salesplan_result_rep_schedule(r, j);
                if (strcmp(rs->role, act->role) != 0)
                    continue;
                const salesplan_rep_month *mo = salesplan_result_rep_month(r, j, m);
                for (size_t k = 0; k < mo->activity_count; k++)
                    if (strcmp(mo->activities[k].name, act->name) == 0) {
                        seen++;
                        if (isnan(mo->activities[k].per_workday))
                            nulls++;
                        else
                            sum += mo->activities[k].per_workday;
                    }
            }
            if (seen == 0)
                continue;
            assert_true(nulls == 0 || nulls == seen);
            if (nulls == 0) {
                assert_true(!isnan(act->per_workday));
                if (fabs(sum - act->per_workday) > 1e-12 * act->per_workday)
                    fail_msg("activity %s month %zu: reps add up to %.17g, team %.17g",
                             act->name, m, sum, act->per_workday);
            }
        }
    }
}

/* ---- hand-worked examples -------------------------------------------------------- */

static void test_one_rep_takes_the_team_figure(void **state)
{
    (void)state;
    salesplan_plan *p = hand_plan(0.0, NULL, 0);
    OK(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12, NULL));
    salesplan_result *r = compute(p);
    assert_int_equal(salesplan_result_rep_schedule_count(r), 1);
    const salesplan_rep_schedule *rs = salesplan_result_rep_schedule(r, 0);
    assert_string_equal(rs->name, "Ann");
    assert_string_equal(rs->role, "AE");
    assert_int_equal(rs->month_count, 2);
    assert_string_equal(rs->months[0].start, "2026-01-01");
    assert_string_equal(rs->months[0].end, "2026-01-31");
    assert_string_equal(rs->months[1].start, "2026-02-01");
    assert_string_equal(rs->months[1].end, "2026-02-28");
    /* 500 calls over the 42 workdays of the window (the whole period) */
    assert_close(target(r, 0, 0, 0, "Calls"), 500.0 / 42.0);
    assert_close(target(r, 0, 1, 0, "Calls"), 500.0 / 42.0);
    assert_adds_up(r);
    salesplan_result_free(r);
}

static void test_rep_starting_mid_period(void **state)
{
    (void)state;
    /* No ramp: Bob works at full speed from 1 February. January is Ann's
     * alone; in February they share equally. */
    salesplan_plan *p = hand_plan(0.0, NULL, 0);
    OK(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12, NULL));
    OK(salesplan_plan_add_rep(p, "Bob", "AE", "2026-02-01", NULL));
    salesplan_result *r = compute(p);
    assert_close(target(r, 0, 0, 0, "Calls"), 500.0 / 42.0);
    assert_true(target(r, 1, 0, 0, "Calls") == 0.0); /* 0 before the start, not null */
    assert_close(target(r, 0, 1, 0, "Calls"), 250.0 / 42.0);
    assert_close(target(r, 1, 1, 0, "Calls"), 250.0 / 42.0);
    assert_adds_up(r);
    salesplan_result_free(r);
}

static void test_ramping_rep(void **state)
{
    (void)state;
    /* Ramp 0.5 in the first tenure month. Bob starts Friday 16 January: month
     * 0 runs to 15 February. January: 11 of 22 workdays at 0.5, f = 0.25.
     * February: 2-13 Feb (10 workdays) at 0.5, 16-27 Feb (10) at 1, f = 0.75.
     * Ann (tenure 12) has f = 1. Shares: Jan 1/1.25 and 0.25/1.25,
     * Feb 1/1.75 and 0.75/1.75. */
    double ramp[] = {0.5};
    salesplan_plan *p = hand_plan(0.0, ramp, 1);
    OK(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12, NULL));
    OK(salesplan_plan_add_rep(p, "Bob", "AE", "2026-01-16", NULL));
    salesplan_result *r = compute(p);
    double team = 500.0 / 42.0;
    assert_close(salesplan_result_activity(r, 0)->per_workday, team);
    assert_close(target(r, 0, 0, 0, "Calls"), team * 0.8);
    assert_close(target(r, 1, 0, 0, "Calls"), team * 0.2);
    assert_close(target(r, 0, 1, 0, "Calls"), team * 4.0 / 7.0);
    assert_close(target(r, 1, 1, 0, "Calls"), team * 3.0 / 7.0);
    assert_adds_up(r);
    salesplan_result_free(r);
}

static void test_window_ending_inside_a_month(void **state)
{
    (void)state;
    /* Lead takes 40 days to close: its window is days 0..18 (1-19 January),
     * 13 workdays, so 500/13 calls a day. Bob (ramp 0.5, from 16 January)
     * works 2 of those 13 days at 0.5: f = 1/13 over the window's part of
     * January, not over all of January. February is outside the window: null
     * for both. */
    double ramp[] = {0.5};
    salesplan_plan *p = hand_plan(40.0, ramp, 1);
    OK(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12, NULL));
    OK(salesplan_plan_add_rep(p, "Bob", "AE", "2026-01-16", NULL));
    salesplan_result *r = compute(p);
    double team = 500.0 / 13.0;
    assert_close(salesplan_result_activity(r, 0)->per_workday, team);
    assert_close(target(r, 0, 0, 0, "Calls"), team * 13.0 / 14.0);
    assert_close(target(r, 1, 0, 0, "Calls"), team * 1.0 / 14.0);
    assert_true(isnan(target(r, 0, 1, 0, "Calls")));
    assert_true(isnan(target(r, 1, 1, 0, "Calls")));
    assert_adds_up(r);
    salesplan_result_free(r);
}

static void test_empty_window_and_no_working_rep_give_null(void **state)
{
    (void)state;
    /* Lead takes 60 days: not in time in a 59-day period. Every target is null. */
    salesplan_plan *p = hand_plan(60.0, NULL, 0);
    OK(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12, NULL));
    salesplan_result *r = compute(p);
    assert_true(isnan(target(r, 0, 0, 0, "Calls")));
    assert_true(isnan(target(r, 0, 1, 0, "Calls")));
    salesplan_result_free(r);

    /* The role's only rep starts in February: in January nobody of the role
     * works, the sum is 0 and the target is null (not 0); in February the
     * rep has all of it. */
    p = hand_plan(0.0, NULL, 0);
    OK(salesplan_plan_add_rep(p, "Bob", "AE", "2026-02-01", NULL));
    r = compute(p);
    assert_true(isnan(target(r, 0, 0, 0, "Calls")));
    assert_close(target(r, 0, 1, 0, "Calls"), 500.0 / 42.0);
    salesplan_result_free(r);
}

static void test_reps_without_activities_and_activities_without_role(void **state)
{
    (void)state;
    /* Every rep is listed; a rep whose role has no activity has months with
     * no targets; an activity without a role is in nobody's list. */
    salesplan_plan *p = hand_plan(0.0, NULL, 0);
    OK(salesplan_plan_add_role(p, "CSM", NULL));
    OK(salesplan_plan_add_activity(p, "Webinars", "Lead", 0.1, NULL));
    OK(salesplan_plan_add_activity(p, "Emails", "Lead", 2.0, NULL));
    OK(salesplan_plan_set_activity_role(p, 2, "AE", NULL));
    OK(salesplan_plan_add_rep(p, "Cas", "CSM", "2025-06-01", NULL));
    OK(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 3, NULL));
    salesplan_result *r = compute(p);
    assert_int_equal(salesplan_result_rep_schedule_count(r), 2);
    const salesplan_rep_schedule *cas = salesplan_result_rep_schedule(r, 0);
    assert_string_equal(cas->name, "Cas");
    assert_int_equal(cas->month_count, 2);
    assert_int_equal(cas->months[0].activity_count, 0);
    assert_null(salesplan_result_rep_target(r, 0, 0, 0));
    const salesplan_rep_month *m = salesplan_result_rep_month(r, 1, 1);
    assert_int_equal(m->activity_count, 2); /* Calls, Emails: plan order, no Webinars */
    assert_string_equal(m->activities[0].name, "Calls");
    assert_string_equal(m->activities[1].name, "Emails");
    assert_close(m->activities[1].per_workday, 200.0 / 42.0);
    assert_adds_up(r);
    salesplan_result_free(r);
}

static void test_accessors_out_of_range(void **state)
{
    (void)state;
    salesplan_plan *p = hand_plan(0.0, NULL, 0);
    OK(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12, NULL));
    salesplan_result *r = compute(p);
    assert_int_equal(salesplan_result_rep_schedule_count(NULL), 0);
    assert_null(salesplan_result_rep_schedule(NULL, 0));
    assert_null(salesplan_result_rep_schedule(r, 1));
    assert_null(salesplan_result_rep_month(r, 0, 2));
    assert_null(salesplan_result_rep_month(r, 1, 0));
    assert_null(salesplan_result_rep_month(NULL, 0, 0));
    assert_null(salesplan_result_rep_target(r, 0, 0, 1));
    assert_null(salesplan_result_rep_target(r, 0, 2, 0));
    assert_null(salesplan_result_rep_target(NULL, 0, 0, 0));
    assert_non_null(salesplan_result_rep_target(r, 0, 1, 0));
    salesplan_result_free(r);
}

static void test_example_adds_up(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    OK(salesplan_example_plan(&p));
    salesplan_result *r = compute(p);
    assert_int_equal(salesplan_result_rep_schedule_count(r), 6);
    assert_adds_up(r);
    salesplan_result_free(r);
}

static void test_size_limit(void **state)
{
    (void)state;
    /* 2,100 reps x 1 month x 2,000 activities = 4.2 million targets, past the
     * limit of 4,194,304: a clean SALESPLAN_ELIMIT naming team.reps. */
    salesplan_plan *p = NULL;
    char name[32];
    OK(salesplan_plan_create(&p, "big", NULL));
    OK(salesplan_plan_set_period(p, "2026-01-01", 31, NULL));
    OK(salesplan_plan_set_target_revenue(p, 100000.0, NULL));
    OK(salesplan_plan_set_deal_size(p, 5000.0, NULL));
    OK(salesplan_plan_add_stage(p, "Lead", 0.2, 0.0, NULL));
    OK(salesplan_plan_add_stage(p, "Won", NAN, 0.0, NULL));
    OK(salesplan_plan_add_role(p, "AE", NULL));
    for (size_t i = 0; i < 2000; i++) {
        snprintf(name, sizeof name, "a%zu", i);
        OK(salesplan_plan_add_activity(p, name, "Lead", 1.0, NULL));
        OK(salesplan_plan_set_activity_role(p, i, "AE", NULL));
    }
    for (size_t i = 0; i < 2100; i++) {
        snprintf(name, sizeof name, "r%zu", i);
        OK(salesplan_plan_add_rep_tenure(p, name, "AE", 1, NULL));
    }
    salesplan_result *r = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_compute(&r, p, NULL, &err), SALESPLAN_ELIMIT);
    assert_null(r);
    assert_string_equal(err.path, "team.reps");
    assert_non_null(strstr(err.message, "4194304"));
    salesplan_plan_free(p);
}

/* ---- allocation failure ------------------------------------------------------------ */

static int op_compute_render_all(void *ctx)
{
    (void)ctx;
    long saved = tst_alloc_pause();
    double ramp[] = {0.5};
    salesplan_plan *p = hand_plan(40.0, ramp, 1);
    OK(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12, NULL));
    OK(salesplan_plan_add_rep(p, "Bob", "AE", "2026-01-16", NULL));
    tst_alloc_resume(saved);
    salesplan_result *r = NULL;
    int rc = salesplan_compute(&r, p, NULL, NULL);
    salesplan_plan_free(p);
    if (rc != SALESPLAN_OK) {
        if (r != NULL)
            return -100;
        return rc;
    }
    static const salesplan_format formats[] = {SALESPLAN_FORMAT_JSON, SALESPLAN_FORMAT_MARKDOWN,
                                               SALESPLAN_FORMAT_CSV};
    for (size_t i = 0; i < 3 && rc == SALESPLAN_OK; i++) {
        char *text = NULL;
        rc = salesplan_result_render(&text, NULL, r, formats[i], NULL);
        rc = tst_alloc_check_text(rc, text);
    }
    salesplan_result_free(r);
    return rc;
}

static void test_alloc_failure(void **state)
{
    (void)state;
    long failed = tst_alloc_until_success(op_compute_render_all, NULL, 100000);
    assert_true(failed > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_rep_takes_the_team_figure),
        cmocka_unit_test(test_rep_starting_mid_period),
        cmocka_unit_test(test_ramping_rep),
        cmocka_unit_test(test_window_ending_inside_a_month),
        cmocka_unit_test(test_empty_window_and_no_working_rep_give_null),
        cmocka_unit_test(test_reps_without_activities_and_activities_without_role),
        cmocka_unit_test(test_accessors_out_of_range),
        cmocka_unit_test(test_example_adds_up),
        cmocka_unit_test(test_size_limit),
        TST_ALLOC_TEST(test_alloc_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
