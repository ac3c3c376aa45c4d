/* End-to-end tests of salesplan_compute() and the result accessors, on plans
 * built with the public setters (SPEC §4-§6, §9). The reference plan:
 *
 *   period 2024-07-01, 92 days (Jul, Aug, Sep 2024), Mon-Fri:
 *     workdays 23 (Jul) + 22 (Aug) + 21 (Sep) = 66
 *   T = 100,000, A = 10,000 (T/A = 10), over-assignment 0.25 -> Q = 125,000
 *   stages Lead 0.5/10d, Demo 0.4/20d (opportunity), Proposal 0.25/30d, Won
 *     P = [0.05, 0.1, 0.25, 1], L = [60, 50, 30, 0]
 *     window last = floor(91 - L) = [31, 41, 61, 91]
 *     W = [23 + 1 (Thu 1 Aug), 23 + 7 (1-11 Aug), 23 + 22, 66] = [24, 30, 45, 66]
 *   roles SDR (no quota), AE (20,000 a month, ramp [0.5])
 *   reps  Sam, Sue: SDR, veterans; Ann: AE, 12 months; Bob: AE from 1 Aug,
 *         territory 2 (ramp 0.5 in Aug, 1 in Sep)
 *   activity Emails: Lead, 10 per entry, SDR, 3 minutes
 *   attainment 0.8, attrition 0
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/result_internal.h"
#include "salesplan.h"
#include "test_alloc.h"
#include "test_near.h"

static salesplan_plan *base_plan(int with_pipeline)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "Reference plan", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2024-07-01", 92, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 100000.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_over_assignment(p, 0.25, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, 10000.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.5, 10, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Demo", 0.4, 20, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Proposal", 0.25, 30, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NAN, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_opportunity_stage(p, 1, NULL), SALESPLAN_OK);
    if (with_pipeline) {
        assert_int_equal(salesplan_plan_set_pipeline(p, "Lead", 10, NULL), SALESPLAN_OK);
        assert_int_equal(salesplan_plan_set_pipeline(p, "Demo", 4, NULL), SALESPLAN_OK);
        assert_int_equal(salesplan_plan_set_pipeline(p, "Proposal", 2, NULL), SALESPLAN_OK);
    }
    assert_int_equal(salesplan_plan_add_role(p, "SDR", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "AE", NULL), SALESPLAN_OK);
    const double ramp[] = {0.5};
    assert_int_equal(salesplan_plan_set_role_ramp(p, 1, ramp, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 1, 20000.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Sam", "SDR", 24, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Sue", "SDR", 36, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep(p, "Bob", "AE", "2024-08-01", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_rep_territory_weight(p, 3, 2.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Emails", "Lead", 10.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 0, "SDR", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, 3.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_expected_attainment(p, 0.8, NULL), SALESPLAN_OK);
    return p;
}

static salesplan_result *compute_ok(const salesplan_plan *p)
{
    salesplan_result *r = NULL;
    salesplan_error err;
    int rc = salesplan_compute(&r, p, NULL, &err);
    if (rc != SALESPLAN_OK)
        print_error("compute: %d %s: %s\n", rc, err.path, err.message);
    assert_int_equal(rc, SALESPLAN_OK);
    assert_non_null(r);
    assert_int_equal(err.code, SALESPLAN_OK); /* cleared on success */
    assert_string_equal(err.path, "");
    return r;
}

/* 1 when a warning with this code (and path, unless NULL) is present. */
static int has_warning(const salesplan_result *r, const char *code, const char *path)
{
    for (size_t i = 0; i < salesplan_result_warning_count(r); i++) {
        const salesplan_warning *w = salesplan_result_warning(r, i);
        if (strcmp(w->code, code) == 0 && (!path || strcmp(w->path, path) == 0))
            return 1;
    }
    return 0;
}

static void test_reference_plan(void **state)
{
    (void)state;
    salesplan_plan *p = base_plan(0);
    salesplan_result *r = compute_ok(p);
    salesplan_plan_free(p); /* the result keeps its own copy */

    const salesplan_result_overview *ov = salesplan_result_overview_get(r);
    assert_string_equal(ov->name, "Reference plan");
    assert_string_equal(ov->currency, "USD");
    assert_int_equal(ov->mode, SALESPLAN_MODE_EXPECTED);
    assert_true(isnan(ov->confidence));
    assert_string_equal(ov->period_start, "2024-07-01");
    assert_string_equal(ov->period_end, "2024-09-30");
    assert_int_equal(ov->days, 92);
    assert_int_equal(ov->workdays, 66);
    assert_near(ov->revenue, 100000.0, 0);
    assert_near(ov->team_quota, 125000.0, 1e-9);
    assert_near(ov->deals_needed, 10.0, 0);
    assert_near(ov->pipeline_expected_deals, 0.0, 0);
    assert_string_equal(salesplan_plan_name(salesplan_result_plan(r)), "Reference plan");

    /* stages: N = D / P = [200, 100, 40, 10] */
    assert_int_equal(salesplan_result_stage_count(r), 4);
    const double N[] = {200, 100, 40, 10}, W[] = {24, 30, 45, 66};
    const double P[] = {0.05, 0.1, 0.25, 1}, L[] = {60, 50, 30, 0};
    for (size_t k = 0; k < 4; k++) {
        const salesplan_stage_result *s = salesplan_result_stage(r, k);
        assert_near(s->required, N[k], 1e-9);
        assert_near(s->required_int, N[k], 0);
        assert_near(s->window_workdays, W[k], 0);
        assert_near(s->to_close, P[k], 1e-15);
        assert_near(s->days_to_close, L[k], 0);
        assert_true(s->reachable);
    }
    assert_true(isnan(salesplan_result_stage(r, 3)->conversion));
    assert_near(salesplan_result_stage(r, 0)->conversion, 0.5, 0);
    assert_null(salesplan_result_stage(r, 4));

    /* Emails: 10 × 200 = 2000 in 24 workdays = 83.33/day, 2 SDRs -> 41.67
     * each; per deal 10 / 0.05 = 200; fte = 83.33 × 3 / 360 = 0.6944 */
    const salesplan_activity_result *a = salesplan_result_activity(r, 0);
    assert_string_equal(a->name, "Emails");
    assert_string_equal(a->stage, "Lead");
    assert_string_equal(a->role, "SDR");
    assert_near(a->total, 2000.0, 1e-9);
    assert_near(a->per_workday, 2000.0 / 24.0, 1e-9);
    assert_near(a->per_rep_per_workday, 1000.0 / 24.0, 1e-9);
    assert_near(a->per_deal, 200.0, 1e-9);
    assert_near(a->fte, 2000.0 / 24.0 * 3.0 / 360.0, 1e-12);

    /* roles: SDR 2 heads, needs 0.69 FTE -> 0 hires; AE: Ann 1 + Bob
     * (22 workdays at 0.5 + 21 at 1) / 66 = 32/66; no timed activity */
    const salesplan_role_result *sdr = salesplan_result_role(r, 0);
    assert_near(sdr->headcount, 2.0, 1e-12);
    assert_near(sdr->fte_required, a->fte, 1e-15);
    assert_near(sdr->hires_needed, 0.0, 0);
    const salesplan_role_result *ae = salesplan_result_role(r, 1);
    assert_near(ae->headcount, 1.0 + 32.0 / 66.0, 1e-12);
    assert_true(isnan(ae->fte_required));
    assert_true(isnan(ae->hires_needed));

    /* slices and quota: weights 23/66, 22/66, 21/66 of Q = 125,000
     *   Jul: Ann only (Bob not started)     -> Ann 125000·23/66
     *   Aug: Ann 1, Bob 2·0.5 = 1           -> half each of 125000·22/66
     *   Sep: Ann 1, Bob 2                   -> 1/3 and 2/3 of 125000·21/66 */
    assert_int_equal(salesplan_result_slice_count(r), 3);
    const salesplan_slice_result *s1 = salesplan_result_slice(r, 1);
    assert_string_equal(s1->start, "2024-08-01");
    assert_string_equal(s1->end, "2024-08-31");
    assert_int_equal(s1->workdays, 22);
    assert_near(s1->weight, 22.0 / 66.0, 1e-15);
    assert_int_equal(salesplan_result_rep_quota_count(r), 2);
    const salesplan_rep_quota *ann = salesplan_result_rep_quota(r, 0);
    const salesplan_rep_quota *bob = salesplan_result_rep_quota(r, 1);
    assert_string_equal(ann->name, "Ann");
    assert_string_equal(ann->role, "AE");
    assert_string_equal(bob->name, "Bob");
    const double q = 125000.0 / 66.0;
    assert_near(ann->slices[0], q * 23.0, 1e-7);
    assert_near(ann->slices[1], q * 11.0, 1e-7);
    assert_near(ann->slices[2], q * 7.0, 1e-7);
    assert_near(bob->slices[0], 0.0, 0);
    assert_near(bob->slices[1], q * 11.0, 1e-7);
    assert_near(bob->slices[2], q * 14.0, 1e-7);
    assert_near(ann->total + bob->total, 125000.0, 1e-7);
    assert_near(salesplan_result_unassigned(r), 0.0, 0);

    /* phases 30/60/90 and the period's end (92 days): workdays before day b
     * are 22, 23 + 21, 23 + 22 + 20, all 66 */
    assert_int_equal(salesplan_result_phase_count(r), 4);
    assert_int_equal(salesplan_result_phase(r, 3)->day, 92);
    assert_near(salesplan_result_phase(r, 3)->cumulative_target, 100000.0, 1e-7);
    assert_int_equal(salesplan_result_phase(r, 0)->day, 30);
    assert_near(salesplan_result_phase(r, 0)->cumulative_target, 100000.0 * 22 / 66, 1e-7);
    assert_near(salesplan_result_phase(r, 1)->cumulative_target, 100000.0 * 44 / 66, 1e-7);
    assert_near(salesplan_result_phase(r, 2)->cumulative_target, 100000.0 * 65 / 66, 1e-7);

    /* capacity: whole months, attainment 0.8:
     *   Ann 20000·0.8·3 = 48,000; Bob 20000·0.8·(0 + 0.5 + 1) = 24,000
     *   C = 72,000, coverage 0.72, gap 28,000
     *   new hire from 1 Jul: 20000·0.8·(0.5 + 1 + 1) = 40,000 -> 1 hire */
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    assert_near(c->expected, 72000.0, 1e-8);
    assert_near(c->coverage, 0.72, 1e-12);
    assert_near(c->gap, 28000.0, 1e-8);
    assert_near(c->new_hire_capacity, 40000.0, 1e-8);
    assert_near(c->hires_needed, 1.0, 0);

    /* metrics: win rate P_1 = 0.1, cycle 50 days; no pipeline, no economics */
    const salesplan_metrics_result *m = salesplan_result_metrics(r);
    assert_near(m->win_rate, 0.1, 1e-15);
    assert_near(m->cycle_days, 50.0, 0);
    assert_near(m->required_pipeline_coverage, 10.0, 1e-12);
    assert_near(m->open_opportunities, 0.0, 0);
    assert_near(m->pipeline_value, 0.0, 0);
    assert_true(isnan(m->sales_velocity_per_day));
    assert_true(isnan(m->ltv));
    assert_true(isnan(m->ltv_to_cac));
    assert_true(isnan(m->cac_payback_months));

    /* Ann carries all of July (43,560 > 20,000) and Bob 2/3 of September
     * (26,515 > 20,000): each is asked for more than the AE quota_monthly */
    assert_int_equal(salesplan_result_warning_count(r), 2);
    assert_true(has_warning(r, "quota_above_role_quota", "team.reps[2]"));
    assert_true(has_warning(r, "quota_above_role_quota", "team.reps[3]"));
    salesplan_result_free(r);
}

static void test_pipeline_and_economics(void **state)
{
    (void)state;
    /* pipeline Lead 10, Demo 4, Proposal 2, all in time (L <= 91):
     *   E = 0.5 + 0.4 + 0.5 = 1.4, D = ceil(8.6) = 9, N_0 = 180
     *   open opportunities (Demo onwards) = 6, value 60,000, coverage 0.6
     *   weighted = 14,000; velocity = 6 · 10,000 · 0.1 / 50 = 120 a day
     * economics (Skok, "SaaS Metrics 2.0"): ARPA 500, margin 0.8, churn 0.02,
     *   CAC 6,000 -> LTV 20,000, LTV:CAC 3.33, payback 15 months */
    salesplan_plan *p = base_plan(1);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_ARPA_MONTHLY, 500, NULL), 0);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_GROSS_MARGIN, 0.8, NULL), 0);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CHURN_MONTHLY, 0.02, NULL), 0);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CAC, 6000, NULL), 0);
    salesplan_result *r = compute_ok(p);
    assert_near(salesplan_result_overview_get(r)->pipeline_expected_deals, 1.4, 1e-12);
    assert_near(salesplan_result_overview_get(r)->deals_needed, 9.0, 0);
    assert_near(salesplan_result_stage(r, 0)->required, 180.0, 1e-9);
    const salesplan_metrics_result *m = salesplan_result_metrics(r);
    assert_near(m->open_opportunities, 6.0, 0);
    assert_near(m->pipeline_value, 60000.0, 0);
    assert_near(m->pipeline_coverage, 0.6, 1e-15);
    assert_near(m->weighted_pipeline, 14000.0, 1e-9);
    assert_near(m->sales_velocity_per_day, 120.0, 1e-12);
    assert_near(m->ltv, 20000.0, 1e-9);
    assert_near(m->ltv_to_cac, 20000.0 / 6000.0, 1e-12);
    assert_near(m->cac_payback_months, 15.0, 1e-12);
    salesplan_result_free(r);

    /* 30 minutes an email: 10 × 180 = 1800 emails in 24 workdays = 75 a day,
     * × 30 / 360 = 6.25 FTE against 2 SDRs -> ceil(4.25) = 5 hires */
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, 30.0, NULL), SALESPLAN_OK);
    r = compute_ok(p);
    assert_near(salesplan_result_role(r, 0)->fte_required, 6.25, 1e-12);
    assert_near(salesplan_result_role(r, 0)->hires_needed, 5.0, 0);
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

static void test_unreachable_stages(void **state)
{
    (void)state;
    /* 40 days: Lead (60 days out) and Demo (50) cannot close in time */
    salesplan_plan *p = base_plan(1);
    assert_int_equal(salesplan_plan_set_period(p, "2024-07-01", 40, NULL), SALESPLAN_OK);
    salesplan_result *r = compute_ok(p);
    for (size_t k = 0; k < 2; k++) {
        assert_false(salesplan_result_stage(r, k)->reachable);
        assert_true(isnan(salesplan_result_stage(r, k)->window_workdays));
    }
    assert_true(salesplan_result_stage(r, 2)->reachable);
    /* only Proposal's pipeline counts: E = 2 · 0.25 = 0.5, D = ceil(9.5) = 10 */
    assert_near(salesplan_result_overview_get(r)->pipeline_expected_deals, 0.5, 0);
    assert_near(salesplan_result_overview_get(r)->deals_needed, 10.0, 0);
    assert_near(salesplan_result_stage(r, 0)->required, 200.0, 1e-9); /* still reported */
    assert_true(has_warning(r, "stage_unreachable", "funnel.stages[0]"));
    assert_true(has_warning(r, "stage_unreachable", "funnel.stages[1]"));
    assert_false(has_warning(r, "stage_unreachable", "funnel.stages[2]"));
    assert_true(has_warning(r, "pipeline_out_of_time", "pipeline.Lead"));
    const salesplan_activity_result *a = salesplan_result_activity(r, 0);
    assert_near(a->total, 2000.0, 1e-9);
    assert_true(isnan(a->per_workday));
    assert_true(isnan(a->per_rep_per_workday));
    assert_true(isnan(a->fte));
    /* the SDR's only timed activity cannot be worked: it needs 0 FTE */
    assert_near(salesplan_result_role(r, 0)->fte_required, 0.0, 0);
    assert_near(salesplan_result_role(r, 0)->hires_needed, 0.0, 0);
    salesplan_result_free(r);

    /* in time but no workday in the window: from Sat 6 Jul 2024, 32 days,
     * Proposal's window is days 0..floor(31 - 30) = Sat and Sun */
    assert_int_equal(salesplan_plan_set_period(p, "2024-07-06", 32, NULL), SALESPLAN_OK);
    r = compute_ok(p);
    assert_false(salesplan_result_stage(r, 2)->reachable);
    assert_true(has_warning(r, "stage_unreachable", "funnel.stages[2]"));
    assert_true(salesplan_result_stage(r, 3)->reachable);
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

static void test_unassigned_quota(void **state)
{
    (void)state;
    /* The only quota carrier starts on 1 August: July has no active carrier -> 125,000 · 23/66 unassigned, with a warning. */
    /* a plan whose only AE starts in August */
    salesplan_plan *q = NULL;
    assert_int_equal(salesplan_plan_create(&q, "Late AE", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(q, "2024-07-01", 92, NULL), 0);
    assert_int_equal(salesplan_plan_set_target_revenue(q, 100000.0, NULL), 0);
    assert_int_equal(salesplan_plan_set_over_assignment(q, 0.25, NULL), 0);
    assert_int_equal(salesplan_plan_set_deal_size(q, 10000.0, NULL), 0);
    assert_int_equal(salesplan_plan_add_stage(q, "Open", 0.5, 0, NULL), 0);
    assert_int_equal(salesplan_plan_add_stage(q, "Won", NAN, 0, NULL), 0);
    assert_int_equal(salesplan_plan_add_role(q, "AE", NULL), 0);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(q, 0, 20000.0, NULL), 0);
    assert_int_equal(salesplan_plan_add_rep(q, "Bob", "AE", "2024-08-01", NULL), 0);
    salesplan_result *r = compute_ok(q);
    assert_near(salesplan_result_unassigned(r), 125000.0 * 23.0 / 66.0, 1e-7);
    assert_near(salesplan_result_rep_quota(r, 0)->total, 125000.0 * 43.0 / 66.0, 1e-7);
    assert_true(has_warning(r, "quota_unassigned", "team.reps"));
    salesplan_result_free(r);
    salesplan_plan_free(q);
}

static void test_hire_cannot_ramp(void **state)
{
    (void)state;
    /* AE ramp of four zero months: a hire on day 0 sells nothing in 92 days */
    salesplan_plan *p = base_plan(0);
    const double zero[] = {0, 0, 0, 0};
    assert_int_equal(salesplan_plan_set_role_ramp(p, 1, zero, 4, NULL), SALESPLAN_OK);
    salesplan_result *r = compute_ok(p);
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    /* Ann (12 months in) is past the ramp: 48,000; Bob is at 0 */
    assert_near(c->expected, 48000.0, 1e-8);
    assert_near(c->gap, 52000.0, 1e-8);
    assert_near(c->new_hire_capacity, 0.0, 0);
    assert_true(isnan(c->hires_needed));
    assert_true(has_warning(r, "hire_cannot_ramp", "team.roles[1].ramp"));
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

static void test_no_reps_no_roles(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "Bare", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2024-07-01", 92, NULL), 0);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 100000.0, NULL), 0);
    assert_int_equal(salesplan_plan_set_deal_size(p, 10000.0, NULL), 0);
    assert_int_equal(salesplan_plan_add_stage(p, "Open", 1.0, 0, NULL), 0); /* conversion of 1 */
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NAN, 0, NULL), 0);
    assert_int_equal(salesplan_plan_add_activity(p, "Calls", "Open", 4.0, NULL), 0);
    salesplan_result *r = compute_ok(p);
    /* conversions of exactly 1: every stage needs exactly D = 10 */
    assert_near(salesplan_result_stage(r, 0)->required, 10.0, 0);
    assert_near(salesplan_result_stage(r, 0)->required_int, 10.0, 0);
    assert_near(salesplan_result_activity(r, 0)->per_deal, 4.0, 0);
    assert_true(isnan(salesplan_result_activity(r, 0)->per_rep_per_workday));
    assert_int_equal(salesplan_result_role_count(r), 0);
    assert_int_equal(salesplan_result_rep_quota_count(r), 0);
    assert_near(salesplan_result_unassigned(r), 100000.0, 1e-9);
    assert_true(has_warning(r, "quota_unassigned", NULL));
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    assert_near(c->expected, 0.0, 0);
    assert_near(c->gap, 100000.0, 0);
    assert_true(isnan(c->new_hire_capacity));
    assert_true(isnan(c->hires_needed));
    assert_true(has_warning(r, "no_quota_role", "team.roles"));
    /* metrics without economics are null, never 0 */
    assert_true(isnan(salesplan_result_metrics(r)->ltv));
    assert_true(isnan(salesplan_result_metrics(r)->cac_payback_months));
    assert_true(isnan(salesplan_result_metrics(r)->sales_velocity_per_day));
    salesplan_result_free(r);

    /* a quota role without reps: a ramp-free hire sells 20,000 a month
     * -> c_new = 60,000 over the three months, hires = ceil(100,000/60,000) = 2 */
    assert_int_equal(salesplan_plan_add_role(p, "AE", NULL), 0);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 0, 20000.0, NULL), 0);
    assert_int_equal(salesplan_plan_set_activity_role(p, 0, "AE", NULL), 0);
    r = compute_ok(p);
    assert_near(salesplan_result_capacity(r)->new_hire_capacity, 60000.0, 1e-9);
    assert_near(salesplan_result_capacity(r)->hires_needed, 2.0, 0);
    assert_near(salesplan_result_role(r, 0)->headcount, 0.0, 0);
    assert_true(has_warning(r, "activity_no_headcount", "activities[0].role"));
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

static void test_one_day_and_ten_years(void **state)
{
    (void)state;
    salesplan_plan *p = base_plan(1);
    /* one day (Wednesday): only the won stage (L = 0) is reachable; no
     * default phase of 30/60/90 fits, so the one phase is the period's end;
     * one slice */
    assert_int_equal(salesplan_plan_set_period(p, "2024-08-07", 1, NULL), SALESPLAN_OK);
    salesplan_result *r = compute_ok(p);
    assert_int_equal(salesplan_result_overview_get(r)->workdays, 1);
    assert_int_equal(salesplan_result_slice_count(r), 1);
    assert_int_equal(salesplan_result_phase_count(r), 1);
    assert_int_equal(salesplan_result_phase(r, 0)->day, 1);
    assert_near(salesplan_result_phase(r, 0)->cumulative_target, 100000.0, 1e-7);
    assert_true(salesplan_result_stage(r, 3)->reachable);
    assert_false(salesplan_result_stage(r, 2)->reachable);
    assert_string_equal(salesplan_result_overview_get(r)->period_end, "2024-08-07");
    /* Bob in his first month: 2 · 0.5 against Ann's 1 -> half the quota each */
    assert_near(salesplan_result_rep_quota(r, 0)->total, 62500.0, 1e-9);
    assert_near(salesplan_result_rep_quota(r, 1)->total, 62500.0, 1e-9);
    salesplan_result_free(r);

    /* ten years (3660 days from 2020-01-01, 121 slices), with attrition */
    assert_int_equal(salesplan_plan_set_period(p, "2020-01-01", 3660, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_attrition_monthly(p, 0.02, NULL), SALESPLAN_OK);
    r = compute_ok(p);
    assert_int_equal(salesplan_result_slice_count(r), 121);
    assert_int_equal(salesplan_result_overview_get(r)->workdays, 2614);
    assert_string_equal(salesplan_result_overview_get(r)->period_end, "2030-01-07");
    double assigned = salesplan_result_unassigned(r);
    for (size_t i = 0; i < salesplan_result_rep_quota_count(r); i++)
        assigned += salesplan_result_rep_quota(r, i)->total;
    assert_near(assigned, 125000.0, 1e-6);
    /* Bob starts 2024-08-01: nothing assigned to him before (slice 55 = Aug 2024) */
    assert_near(salesplan_result_rep_quota(r, 1)->slices[54], 0.0, 0);
    assert_true(salesplan_result_rep_quota(r, 1)->slices[55] > 0.0);
    /* capacity decays by (1 - a)^s. Every slice is a whole month except the
     * last (1-7 Jan 2030: 5 of January's 23 workdays). Ann is ramped
     * throughout; Bob (slice 55 = Aug 2024) is at 0.5 in his first month and 1
     * after. Per full-ramp slice a carrier sells 20,000 · 0.8 = 16,000. */
    double want = 0.0, keep = 1.0;
    for (size_t s = 0; s < 121; s++) {
        double share = s < 120 ? 1.0 : 5.0 / 23.0;
        double bob = s < 55 ? 0.0 : (s == 55 ? 0.5 : 1.0);
        want += 16000.0 * share * (1.0 + bob) * keep;
        keep *= 0.98;
    }
    assert_near(salesplan_result_capacity(r)->expected, want, 1e-6);
    assert_true(salesplan_result_phase_count(r) == 4); /* 30, 60, 90 and 3660 */
    assert_int_equal(salesplan_result_phase(r, 3)->day, 3660);
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

static void test_confidence_mode(void **state)
{
    (void)state;
    /* no pipeline, T/A = 10, P = [0.05, 0.1, 0.25, 1], q = 0.9: the smallest N
     * with Pr[Bin(N, P) >= 10] >= 0.9 is [282, 140, 55, 10] (scipy.stats
     * binom.sf; checked by direct summation in test_funnel.c) */
    salesplan_plan *p = base_plan(0);
    salesplan_compute_options o;
    assert_int_equal(salesplan_compute_options_init(&o, SALESPLAN_COMPUTE_OPTIONS_VERSION), 0);
    o.mode = SALESPLAN_MODE_CONFIDENCE;
    o.confidence = 0.9;
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, &o, NULL), SALESPLAN_OK);
    const double want[] = {282, 140, 55, 10};
    for (size_t k = 0; k < 4; k++) {
        assert_near(salesplan_result_stage(r, k)->required, want[k], 0);
        assert_near(salesplan_result_stage(r, k)->required_int, want[k], 0);
    }
    assert_int_equal(salesplan_result_overview_get(r)->mode, SALESPLAN_MODE_CONFIDENCE);
    assert_near(salesplan_result_overview_get(r)->confidence, 0.9, 0);
    assert_near(salesplan_result_overview_get(r)->deals_needed, 10.0, 0);
    salesplan_result_free(r);

    /* the plan's own q in PLAN mode; EXPECTED overrides it */
    assert_int_equal(salesplan_plan_set_confidence(p, 0.9, NULL), SALESPLAN_OK);
    r = compute_ok(p);
    assert_near(salesplan_result_stage(r, 0)->required, 282.0, 0);
    salesplan_result_free(r);
    o.mode = SALESPLAN_MODE_EXPECTED;
    assert_int_equal(salesplan_compute(&r, p, &o, NULL), SALESPLAN_OK);
    assert_near(salesplan_result_stage(r, 0)->required, 200.0, 1e-9);
    assert_int_equal(salesplan_result_overview_get(r)->mode, SALESPLAN_MODE_EXPECTED);
    salesplan_result_free(r);

    /* out of reach of the exact computation: 10^14 deals need > 10^12 entries */
    assert_int_equal(salesplan_plan_set_target_revenue(p, 1e18, NULL), SALESPLAN_OK);
    salesplan_error err;
    assert_int_equal(salesplan_compute(&r, p, NULL, &err), SALESPLAN_ELIMIT);
    assert_null(r);
    assert_int_equal(err.code, SALESPLAN_ELIMIT);
    assert_string_equal(err.path, "confidence");
    /* the same plan in expected mode is fine: N_0 = 10^14 / 0.05 */
    assert_int_equal(salesplan_compute(&r, p, &o, NULL), SALESPLAN_OK);
    assert_near(salesplan_result_stage(r, 0)->required, 2e15, 1.0);
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

static void test_errors(void **state)
{
    (void)state;
    salesplan_result *r = (salesplan_result *)&r; /* must be reset to NULL */
    salesplan_error err;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "Incomplete", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_compute(&r, p, NULL, &err), SALESPLAN_EPLAN);
    assert_null(r);
    assert_int_equal(err.code, SALESPLAN_EPLAN);
    assert_true(strlen(err.message) > 0);
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_EPLAN);
    salesplan_plan_free(p);

    p = base_plan(0);
    assert_int_equal(salesplan_compute(NULL, p, NULL, &err), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_compute(&r, NULL, NULL, &err), SALESPLAN_EINVAL);
    salesplan_compute_options o = SALESPLAN_COMPUTE_OPTIONS_INIT;
    o.mode = SALESPLAN_MODE_CONFIDENCE; /* no q anywhere */
    assert_int_equal(salesplan_compute(&r, p, &o, &err), SALESPLAN_EINVAL);
    assert_null(r);
    o.confidence = 1.5;
    assert_int_equal(salesplan_compute(&r, p, &o, &err), SALESPLAN_EINVAL);
    o.confidence = 0.0;
    o.mode = 17;
    assert_int_equal(salesplan_compute(&r, p, &o, &err), SALESPLAN_EINVAL);
    o.mode = SALESPLAN_MODE_PLAN;
    o.version = 99;
    assert_int_equal(salesplan_compute(&r, p, &o, &err), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_compute_options_init(NULL, 1), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_compute_options_init(&o, 2), SALESPLAN_EINVAL);
    salesplan_plan_free(p);

    /* NULL results */
    salesplan_result_free(NULL);
    assert_null(salesplan_result_overview_get(NULL));
    assert_int_equal(salesplan_result_stage_count(NULL), 0);
    assert_null(salesplan_result_stage(NULL, 0));
    assert_null(salesplan_result_capacity(NULL));
    assert_null(salesplan_result_metrics(NULL));
    assert_null(salesplan_result_plan(NULL));
    assert_true(isnan(salesplan_result_unassigned(NULL)));
    assert_null(salesplan_result_warning(NULL, 0));
}

static void test_example_plan(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    salesplan_result *r = compute_ok(p);
    const salesplan_result_overview *ov = salesplan_result_overview_get(r);
    assert_near(ov->revenue, 250000.0, 0);
    /* invariants: quotas add up to Q; the last phase is at most T; required
     * entries shrink down the funnel */
    double assigned = salesplan_result_unassigned(r);
    for (size_t i = 0; i < salesplan_result_rep_quota_count(r); i++)
        assigned += salesplan_result_rep_quota(r, i)->total;
    assert_near(assigned, ov->team_quota, 1e-6);
    size_t np = salesplan_result_phase_count(r);
    assert_true(np > 0);
    assert_true(salesplan_result_phase(r, np - 1)->cumulative_target <= ov->revenue + 1e-6);
    for (size_t k = 1; k < salesplan_result_stage_count(r); k++)
        assert_true(salesplan_result_stage(r, k)->required <=
                    salesplan_result_stage(r, k - 1)->required);
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

/* ---- failing allocations ---------------------------------------------------- */

static void test_allocation_failures(void **state)
{
    (void)state;
    salesplan_plan *p = base_plan(1);
    assert_int_equal(salesplan_plan_set_period(p, "2024-07-01", 40, NULL), 0); /* warnings too */
    assert_int_equal(salesplan_plan_set_confidence(p, 0.8, NULL), 0);
    assert_int_equal(tst_alloc_install(), SALESPLAN_OK);
    int ok = 0;
    for (long n = 0; n < 400 && !ok; n++) {
        tst_alloc_fail_from(n + 1); /* n allocations succeed, every later one fails */
        salesplan_result *r = NULL;
        int rc = salesplan_compute(&r, p, NULL, NULL);
        if (rc == SALESPLAN_OK) {
            ok = 1;
            assert_non_null(r);
            assert_true(salesplan_result_warning_count(r) > 0);
        } else {
            assert_int_equal(rc, SALESPLAN_ENOMEM);
            assert_null(r);
        }
        salesplan_result_free(r);
    }
    tst_alloc_never_fail();
    assert_int_equal(tst_alloc_restore(), SALESPLAN_OK);
    assert_true(ok);
    salesplan_plan_free(p);
}

/* The result arena: aligned, zeroed blocks; growth past the first chunk;
 * warnings beyond the first array. */
static void test_result_arena(void **state)
{
    (void)state;
    salesplan_result *r = slp_result_new(0);
    assert_non_null(r);
    unsigned char *blocks[300];
    for (size_t i = 0; i < 300; i++) {
        size_t n = 1 + (i * 37) % 500;
        blocks[i] = slp_result_alloc(r, n);
        assert_non_null(blocks[i]);
        assert_int_equal((uintptr_t)blocks[i] % _Alignof(max_align_t), 0);
        for (size_t j = 0; j < n; j++)
            assert_int_equal(blocks[i][j], 0);
        blocks[i][0] = (unsigned char)i;
        blocks[i][n - 1] = (unsigned char)i;
    }
    for (size_t i = 0; i < 300; i++)
        assert_int_equal(blocks[i][0], (unsigned char)i);
    assert_non_null(slp_result_alloc(r, 100000)); /* larger than any chunk so far */
    assert_null(slp_result_array(r, SIZE_MAX / 2, 4));
    for (int i = 0; i < 40; i++)
        assert_int_equal(slp_result_warn(r, "code", i % 2 ? "path" : NULL, "warning %d", i), 0);
    assert_int_equal(salesplan_result_warning_count(r), 40);
    assert_string_equal(salesplan_result_warning(r, 39)->message, "warning 39");
    assert_string_equal(salesplan_result_warning(r, 38)->path, "");
    assert_string_equal(salesplan_result_warning(r, 0)->code, "code");
    salesplan_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_plan),
        cmocka_unit_test(test_pipeline_and_economics),
        cmocka_unit_test(test_unreachable_stages),
        cmocka_unit_test(test_unassigned_quota),
        cmocka_unit_test(test_hire_cannot_ramp),
        cmocka_unit_test(test_no_reps_no_roles),
        cmocka_unit_test(test_one_day_and_ten_years),
        cmocka_unit_test(test_confidence_mode),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_example_plan),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_result_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
