/* Tests of lib/engine/metrics.c (SPEC §6) against published worked examples. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine/metrics.h"
#include "salesplan.h"
#include "test_near.h"

static slp_metrics_in base(void)
{
    slp_metrics_in in = {0.25, 90.0, 40.0, 25000.0, 1000000.0, 6.0, NAN, NAN, NAN, NAN};
    return in;
}

/* Sales velocity = opportunities × deal size × win rate / cycle length.
 * Worked example of Maven LB, "The sales velocity formula (and how to use it
 * to find your real bottleneck)": 40 opportunities, 25,000 deal value, 25% win
 * rate, 90-day cycle -> 40 × 25,000 × 0.25 / 90 = 2,777.78 a day. A second one
 * from The Ops Toolbox, "Sales Cycle Velocity": 80 × 0.25 × 20,000 / 60 =
 * 6,666.67 a day. */
static void test_sales_velocity(void **state)
{
    (void)state;
    slp_metrics_in in = base();
    salesplan_metrics_result m;
    slp_metrics_compute(&in, &m);
    assert_near(m.sales_velocity_per_day, 250000.0 / 90.0, 1e-9);
    assert_near(m.sales_velocity_per_day, 2777.78, 0.005);
    in.open_opportunities = 80;
    in.deal_size = 20000;
    in.cycle_days = 60;
    slp_metrics_compute(&in, &m);
    assert_near(m.sales_velocity_per_day, 6666.67, 0.005);
    /* null, never 0, without open opportunities or with a zero cycle */
    in.open_opportunities = 0;
    slp_metrics_compute(&in, &m);
    assert_true(isnan(m.sales_velocity_per_day));
    in.open_opportunities = 80;
    in.cycle_days = 0;
    slp_metrics_compute(&in, &m);
    assert_true(isnan(m.sales_velocity_per_day));
}

/* Pipeline coverage = open pipeline value / target; the usual rule of thumb
 * ("3x coverage") is the inverse of the win rate: at a 1-in-3 win rate a
 * 1,000,000 target needs 3,000,000 of pipeline (e.g. Mentor Group, "Win rate
 * to coverage model": required pipeline = quota / win rate; KPI Tree,
 * "Pipeline coverage ratio"). 60 open opportunities of
 * 50,000 give exactly that. Weighted pipeline = A·E (expected wins × size). */
static void test_pipeline_coverage(void **state)
{
    (void)state;
    slp_metrics_in in = base();
    in.win_rate = 1.0 / 3.0;
    in.open_opportunities = 60;
    in.deal_size = 50000;
    in.existing = 12.5;
    salesplan_metrics_result m;
    slp_metrics_compute(&in, &m);
    assert_near(m.required_pipeline_coverage, 3.0, 1e-15);
    assert_near(m.pipeline_value, 3000000.0, 0);
    assert_near(m.pipeline_coverage, 3.0, 0);
    assert_near(m.weighted_pipeline, 625000.0, 0);
    assert_near(m.win_rate, 1.0 / 3.0, 0);
    assert_near(m.cycle_days, 90.0, 0);
    assert_near(m.open_opportunities, 60.0, 0);
}

/* Unit economics as in David Skok, "SaaS Metrics 2.0 – A Guide to Measuring
 * and Improving What Matters" (forEntrepreneurs.com):
 *   LTV = ARPA × gross margin / monthly churn
 *   months to recover CAC = CAC / (ARPA × gross margin)
 * ARPA 500 a month, 80% margin, 2% monthly churn, CAC 6,000:
 *   LTV = 400 / 0.02 = 20,000; LTV:CAC = 3.33 (above Skok's 3x rule);
 *   payback = 6,000 / 400 = 15 months. */
static void test_unit_economics(void **state)
{
    (void)state;
    slp_metrics_in in = base();
    in.arpa_monthly = 500;
    in.gross_margin = 0.8;
    in.churn_monthly = 0.02;
    in.cac = 6000;
    salesplan_metrics_result m;
    slp_metrics_compute(&in, &m);
    assert_near(m.ltv, 20000.0, 1e-9);
    assert_near(m.ltv_to_cac, 20000.0 / 6000.0, 1e-12);
    assert_near(m.cac_payback_months, 15.0, 1e-12);
}

static void test_absent_inputs_are_null(void **state)
{
    (void)state;
    /* no economics at all: null, never 0 */
    slp_metrics_in in = base();
    salesplan_metrics_result m;
    slp_metrics_compute(&in, &m);
    assert_true(isnan(m.ltv));
    assert_true(isnan(m.ltv_to_cac));
    assert_true(isnan(m.cac_payback_months));
    /* margin and ARPA without churn: payback only (it needs no churn) */
    in.arpa_monthly = 500;
    in.gross_margin = 0.5;
    in.cac = 1000;
    slp_metrics_compute(&in, &m);
    assert_true(isnan(m.ltv));
    assert_true(isnan(m.ltv_to_cac));
    assert_near(m.cac_payback_months, 4.0, 1e-15);
    /* churn without CAC: LTV only */
    in.churn_monthly = 0.05;
    in.cac = NAN;
    slp_metrics_compute(&in, &m);
    assert_near(m.ltv, 5000.0, 1e-9);
    assert_true(isnan(m.ltv_to_cac));
    assert_true(isnan(m.cac_payback_months));
    /* no gross margin: nothing that needs it */
    in.gross_margin = NAN;
    in.cac = 100;
    slp_metrics_compute(&in, &m);
    assert_true(isnan(m.ltv));
    assert_true(isnan(m.cac_payback_months));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sales_velocity),
        cmocka_unit_test(test_pipeline_coverage),
        cmocka_unit_test(test_unit_economics),
        cmocka_unit_test(test_absent_inputs_are_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
