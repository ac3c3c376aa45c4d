/* Estimates that fit the plan (issue 13 item 3): a snapshot estimate applied to
 * the built-in example keeps its stages, gives an opportunity-to-won
 * probability equal to the estimated win rate and a cycle equal to the mean
 * cycle, and the plan still validates; transitions map stages by name or by a
 * map; refusals leave the plan as it was. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "salesplan.h"
#include "test_alloc.h"

/* 3 won (cycles 10, 20, 30 days), 1 lost, 1 open: win rate 3/4, cycle 20. */
static const char snapshot[] = "id,stage,created,closed\n"
                               "1,Won,2024-01-01,2024-01-11\n"
                               "2,Won,2024-01-01,2024-01-21\n"
                               "3,Won,2024-01-01,2024-01-31\n"
                               "4,Lost,2024-01-01,2024-01-05\n"
                               "5,Open,2024-01-01,\n";

static double conv(const salesplan_plan *p, size_t i)
{
    double c = NAN;
    assert_int_equal(salesplan_plan_stage_conversion(&c, p, i), SALESPLAN_OK);
    return c;
}

static double days(const salesplan_plan *p, size_t i)
{
    double d = NAN;
    assert_int_equal(salesplan_plan_stage_days(&d, p, i), SALESPLAN_OK);
    return d;
}

static void assert_valid(const salesplan_plan *p)
{
    salesplan_diagnostics *d = NULL;
    assert_int_equal(salesplan_plan_check(&d, p), SALESPLAN_OK);
    assert_int_equal(salesplan_diagnostics_count(d), 0);
    salesplan_diagnostics_free(d);
}

static void test_snapshot_on_example(void **state)
{
    (void)state;
    salesplan_plan *p = NULL, *before = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    assert_int_equal(salesplan_example_plan(&before), SALESPLAN_OK);
    salesplan_estimate *e = NULL;
    assert_int_equal(salesplan_estimate_buffer(&e, snapshot, strlen(snapshot), NULL, &err),
                     SALESPLAN_OK);
    assert_true(salesplan_estimate_overall(e)->win_rate == 0.75);
    assert_int_equal(salesplan_plan_apply_estimate(p, e, &err), SALESPLAN_OK);
    size_t n = salesplan_plan_stage_count(p);
    assert_int_equal(n, salesplan_plan_stage_count(before));
    long o = salesplan_plan_opportunity_stage(p);
    assert_true(o >= 0);
    double prob = 1.0, total = 0.0, plan_total = 0.0;
    for (size_t i = (size_t)o; i + 1 < n; i++)
        plan_total += days(before, i);
    assert_true(plan_total == 7.0 + 10.0 + 14.0);
    for (size_t i = (size_t)o; i + 1 < n; i++) {
        prob *= conv(p, i);
        total += days(p, i);
        /* each stage keeps its share of the log probability */
        assert_true(fabs(log(conv(p, i)) / log(0.75) -
                         log(conv(before, i)) / log(0.6 * 0.55 * 0.45)) < 1e-12);
        /* ... and of the cycle */
        assert_true(fabs(days(p, i) / 20.0 - days(before, i) / plan_total) < 1e-12);
    }
    assert_true(fabs(prob - 0.75) < 1e-12);
    assert_true(fabs(total - 20.0) < 1e-12);
    for (size_t i = 0; i < (size_t)o; i++) { /* stages before the opportunity stay */
        assert_true(conv(p, i) == conv(before, i));
        assert_true(days(p, i) == days(before, i));
    }
    assert_valid(p);
    salesplan_estimate_free(e);
    salesplan_plan_free(p);
    salesplan_plan_free(before);
}

static void test_snapshot_refusals_leave_plan(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    double c0 = conv(p, 2);
    const char *none_won = "stage\nLost\nLost\n";
    salesplan_estimate *e = NULL;
    assert_int_equal(salesplan_estimate_buffer(&e, none_won, strlen(none_won), NULL, &err), 0);
    assert_int_equal(salesplan_plan_apply_estimate(p, e, &err), SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "win rate is 0"));
    salesplan_estimate_free(e);
    const char *open_only = "stage\nOpen\n";
    assert_int_equal(salesplan_estimate_buffer(&e, open_only, strlen(open_only), NULL, &err), 0);
    assert_int_equal(salesplan_plan_apply_estimate(p, e, &err), SALESPLAN_EDATA);
    assert_true(conv(p, 2) == c0);
    salesplan_estimate_free(e);
    /* a win rate of 1: every stage from the opportunity on converts fully */
    const char *all_won = "stage\nWon\n";
    assert_int_equal(salesplan_estimate_buffer(&e, all_won, strlen(all_won), NULL, &err), 0);
    assert_int_equal(salesplan_plan_apply_estimate(p, e, &err), SALESPLAN_OK);
    assert_true(conv(p, 2) == 1.0 && conv(p, 4) == 1.0);
    assert_valid(p);
    salesplan_estimate_free(e);
    salesplan_plan_free(p);
}

static void test_transitions_by_name_and_map(void **state)
{
    (void)state;
    /* Discovery: 2 advanced to demo, 1 lost; demo: 1 advanced (won), 1 open */
    const char *t = "id,stage,date\n"
                    "1,discovery,2024-01-01\n1,Demo,2024-01-05\n1,Won,2024-01-15\n"
                    "2,Discovery,2024-01-01\n2,Demo,2024-01-03\n"
                    "3,Discovery,2024-01-01\n3,Lost,2024-01-02\n";
    const char *order[] = {"Discovery", "Demo"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    o.stages = order;
    o.stage_count = 2;
    salesplan_estimate *e = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_estimate_buffer(&e, t, strlen(t), &o, &err), SALESPLAN_OK);
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_apply_estimate(p, e, &err), SALESPLAN_OK);
    assert_true(fabs(conv(p, 2) - 2.0 / 3.0) < 1e-15); /* Discovery */
    assert_true(days(p, 2) == 3.0);                    /* (4 + 2) / 2 */
    assert_true(conv(p, 3) == 1.0);                    /* Demo: 1 advanced, 0 lost */
    assert_true(conv(p, 4) == 0.45);                   /* Proposal: the plan's */
    assert_valid(p);
    salesplan_plan_free(p);
    /* mapped onto other stages */
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    const char *crm[] = {"discovery", "DEMO"};
    const char *plan[] = {"Qualified", "Proposal"};
    assert_int_equal(salesplan_plan_apply_estimate_mapped(p, e, crm, plan, 2, &err), SALESPLAN_OK);
    assert_true(fabs(conv(p, 1) - 2.0 / 3.0) < 1e-15);
    assert_true(conv(p, 4) == 1.0);
    assert_true(conv(p, 2) == 0.6);
    assert_valid(p);
    /* two onto one: refused, plan unchanged */
    const char *plan2[] = {"Qualified", "Qualified"};
    assert_int_equal(salesplan_plan_apply_estimate_mapped(p, e, crm, plan2, 2, &err),
                     SALESPLAN_EDATA);
    assert_true(conv(p, 4) == 1.0);
    salesplan_plan_free(p);
    salesplan_estimate_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snapshot_on_example),
        cmocka_unit_test(test_snapshot_refusals_leave_plan),
        cmocka_unit_test(test_transitions_by_name_and_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
