/* Renderers: the JSON result document (SPEC §9) parsed back with the library's
 * own reader (tests/support/tjson.h) and
 * compared with the accessors key by key, the Markdown plan, the CSV table,
 * the presentation helpers, errors and allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "salesplan.h"
#include "common/strbuf.h"
#include "json/json_write.h"
#include "test_alloc.h"
#include "tjson.h"

/* ---- a plan built with the public setters ---------------------------------- */

static salesplan_plan *build_plan(int with_economics)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "Test Co Q1", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2026-01-01", 90, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_MISSION, "Help teams sell.", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_POSITIONING, "The simple one.", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_VALUE_PROPOSITION,
                                             "Plans in minutes.", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_TARGET_MARKET, "SMB SaaS.", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_competitor(p, "Sheets", SALESPLAN_COMPETITOR_INDIRECT,
                                                   NULL, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_competitor(p, "Acme", SALESPLAN_COMPETITOR_DIRECT,
                                                   "cheap | fast", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_STRATEGIES, "Outbound first", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_KPIS, "Meetings booked", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 250000.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_over_assignment(p, 0.25, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, 5000.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.5, 5.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Opportunity", 0.4, 10.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Proposal", 0.5, 5.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NAN, 0.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_opportunity_stage(p, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Opportunity", 10, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "AE", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "SDR", NULL), SALESPLAN_OK);
    double ramp[] = {0.5};
    assert_int_equal(salesplan_plan_set_role_ramp(p, 0, ramp, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 0, 30000.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Cold calls", "Lead", 10.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 0, "SDR", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, 5.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 0, "cold calling", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 0, "objection handling", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Demos", "Opportunity", 1.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 1, "AE", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 1, "discovery", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 1, "objection handling", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Proposals, \"custom\"", "Proposal", 1.0, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 2, "AE", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 2, "discovery", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 2, "pricing", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Webinars", "Lead", 0.1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep(p, "Bob, Jr.", "AE", "2026-02-01", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Sam", "SDR", 3, NULL), SALESPLAN_OK);
    if (with_economics) {
        assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_ARPA_MONTHLY, 400.0, NULL),
                         SALESPLAN_OK);
        assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_GROSS_MARGIN, 0.8, NULL),
                         SALESPLAN_OK);
        assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CHURN_MONTHLY, 0.02, NULL),
                         SALESPLAN_OK);
        assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CAC, 3000.0, NULL),
                         SALESPLAN_OK);
    }
    return p;
}

static salesplan_result *compute(const salesplan_plan *p, int mode, double q)
{
    salesplan_compute_options o = SALESPLAN_COMPUTE_OPTIONS_INIT;
    o.mode = mode;
    o.confidence = q;
    salesplan_result *r = NULL;
    salesplan_error err;
    int rc = salesplan_compute(&r, p, &o, &err);
    if (rc != SALESPLAN_OK)
        print_error("compute: %s: %s\n", err.path, err.message);
    assert_int_equal(rc, SALESPLAN_OK);
    return r;
}

static char *render(const salesplan_result *r, salesplan_format f, size_t *len)
{
    char *text = NULL;
    size_t n = 12345;
    salesplan_error err;
    assert_int_equal(salesplan_result_render(&text, &n, r, f, &err), SALESPLAN_OK);
    assert_non_null(text);
    assert_int_equal(n, strlen(text));
    if (len)
        *len = n;
    return text;
}

/* ---- JSON ------------------------------------------------------------------------ */

/* The object's keys, in document order, must be exactly `keys`. */
static void assert_keys(tj obj, const char *const *keys)
{
    assert_true(tj_is_object(obj));
    size_t i = 0;
    for (; i < tj_size(obj); i++) {
        assert_non_null(keys[i]);
        assert_string_equal(tj_key(obj, i), keys[i]);
    }
    assert_null(keys[i]);
}

/* A number that must be exactly `want`, or null when `want` is NaN. */
static void assert_num(tj obj, const char *key, double want)
{
    tj v = tj_get(obj, key);
    assert_true(tj_ok(v));
    if (isnan(want)) {
        assert_true(tj_is_null(v));
        return;
    }
    assert_true(tj_is_number(v));
    if (tj_num(v) != want)
        fail_msg("%s: %.17g in the document, %.17g from the accessor", key,
                 tj_num(v), want);
}

static void assert_str(tj obj, const char *key, const char *want)
{
    tj v = tj_get(obj, key);
    assert_true(tj_ok(v));
    if (want == NULL) {
        assert_true(tj_is_null(v));
        return;
    }
    assert_true(tj_is_string(v));
    assert_string_equal(tj_str(v), want);
}

static const char *const top_keys[] = {"salesplan", "name",   "currency",   "mode",
                                       "confidence", "period", "target",     "stages",
                                       "activities", "roles",  "quota",      "capacity",
                                       "metrics",    "warnings", "reps",     NULL};

static void check_document(const salesplan_result *r, const char *text)
{
    char why[256];
    tj_doc *parsed = tj_parse(text, strlen(text), why);
    if (parsed == NULL)
        fail_msg("result document does not parse: %s", why);
    tj doc = tj_root(parsed);
    assert_keys(doc, top_keys);
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    assert_int_equal(tj_int(tj_get(doc, "salesplan")), 1);
    assert_str(doc, "name", o->name);
    assert_str(doc, "currency", o->currency);
    assert_str(doc, "mode", o->mode == SALESPLAN_MODE_CONFIDENCE ? "confidence" : "expected");
    assert_num(doc, "confidence", o->mode == SALESPLAN_MODE_CONFIDENCE ? o->confidence : (double)NAN);

    static const char *const period_keys[] = {"start", "end", "days", "workdays", NULL};
    tj period = tj_get(doc, "period");
    assert_keys(period, period_keys);
    assert_str(period, "start", o->period_start);
    assert_str(period, "end", o->period_end);
    assert_num(period, "days", o->days);
    assert_num(period, "workdays", o->workdays);

    static const char *const target_keys[] = {"revenue", "team_quota", "deals_needed",
                                              "pipeline_expected_deals", NULL};
    tj target = tj_get(doc, "target");
    assert_keys(target, target_keys);
    assert_num(target, "revenue", o->revenue);
    assert_num(target, "team_quota", o->team_quota);
    assert_num(target, "deals_needed", o->deals_needed);
    assert_num(target, "pipeline_expected_deals", o->pipeline_expected_deals);

    static const char *const stage_keys[] = {"name",     "conversion",   "to_close",
                                             "days_to_close", "required", "required_int",
                                             "window_workdays", "reachable", NULL};
    tj stages = tj_get(doc, "stages");
    assert_int_equal(tj_size(stages), salesplan_result_stage_count(r));
    for (size_t i = 0; i < tj_size(stages); i++) {
        tj s = tj_at(stages, i);
        const salesplan_stage_result *w = salesplan_result_stage(r, i);
        assert_keys(s, stage_keys);
        assert_str(s, "name", w->name);
        assert_num(s, "conversion", w->conversion);
        assert_num(s, "to_close", w->to_close);
        assert_num(s, "days_to_close", w->days_to_close);
        assert_num(s, "required", w->required);
        assert_num(s, "required_int", w->required_int);
        assert_num(s, "window_workdays", w->window_workdays);
        assert_true(tj_is_bool(tj_get(s, "reachable")));
        assert_int_equal(tj_is_true(tj_get(s, "reachable")), w->reachable != 0);
    }

    static const char *const act_keys[] = {"name",    "stage",   "role", "total",
                                           "per_workday", "per_rep_per_workday",
                                           "per_deal", "fte",    NULL};
    tj acts = tj_get(doc, "activities");
    assert_int_equal(tj_size(acts), salesplan_result_activity_count(r));
    for (size_t i = 0; i < tj_size(acts); i++) {
        tj a = tj_at(acts, i);
        const salesplan_activity_result *w = salesplan_result_activity(r, i);
        assert_keys(a, act_keys);
        assert_str(a, "name", w->name);
        assert_str(a, "stage", w->stage);
        assert_str(a, "role", w->role);
        assert_num(a, "total", w->total);
        assert_num(a, "per_workday", w->per_workday);
        assert_num(a, "per_rep_per_workday", w->per_rep_per_workday);
        assert_num(a, "per_deal", w->per_deal);
        assert_num(a, "fte", w->fte);
    }

    static const char *const role_keys[] = {"name", "headcount", "fte_required", "hires_needed",
                                            NULL};
    tj roles = tj_get(doc, "roles");
    assert_int_equal(tj_size(roles), salesplan_result_role_count(r));
    for (size_t i = 0; i < tj_size(roles); i++) {
        tj a = tj_at(roles, i);
        const salesplan_role_result *w = salesplan_result_role(r, i);
        assert_keys(a, role_keys);
        assert_str(a, "name", w->name);
        assert_num(a, "headcount", w->headcount);
        assert_num(a, "fte_required", w->fte_required);
        assert_num(a, "hires_needed", w->hires_needed);
    }

    static const char *const quota_keys[] = {"slices", "reps", "unassigned", "phases", NULL};
    static const char *const slice_keys[] = {"start", "end", "workdays", "weight", NULL};
    static const char *const rep_keys[] = {"name", "role", "slices", "total", NULL};
    static const char *const phase_keys[] = {"day", "cumulative_target", NULL};
    tj quota = tj_get(doc, "quota");
    assert_keys(quota, quota_keys);
    tj slices = tj_get(quota, "slices");
    size_t ns = salesplan_result_slice_count(r);
    assert_int_equal(tj_size(slices), ns);
    for (size_t i = 0; i < ns; i++) {
        tj a = tj_at(slices, i);
        const salesplan_slice_result *w = salesplan_result_slice(r, i);
        assert_keys(a, slice_keys);
        assert_str(a, "start", w->start);
        assert_str(a, "end", w->end);
        assert_num(a, "workdays", w->workdays);
        assert_num(a, "weight", w->weight);
    }
    tj reps = tj_get(quota, "reps");
    assert_int_equal(tj_size(reps), salesplan_result_rep_quota_count(r));
    for (size_t i = 0; i < tj_size(reps); i++) {
        tj a = tj_at(reps, i);
        const salesplan_rep_quota *w = salesplan_result_rep_quota(r, i);
        assert_keys(a, rep_keys);
        assert_str(a, "name", w->name);
        assert_str(a, "role", w->role);
        tj amounts = tj_get(a, "slices");
        assert_int_equal(tj_size(amounts), ns);
        for (size_t s = 0; s < ns; s++)
            assert_true(tj_num(tj_at(amounts, s)) == w->slices[s]);
        assert_num(a, "total", w->total);
    }
    assert_num(quota, "unassigned", salesplan_result_unassigned(r));
    tj phases = tj_get(quota, "phases");
    assert_int_equal(tj_size(phases), salesplan_result_phase_count(r));
    for (size_t i = 0; i < tj_size(phases); i++) {
        tj a = tj_at(phases, i);
        const salesplan_phase_result *w = salesplan_result_phase(r, i);
        assert_keys(a, phase_keys);
        assert_num(a, "day", w->day);
        assert_num(a, "cumulative_target", w->cumulative_target);
    }

    static const char *const cap_keys[] = {"expected", "coverage", "gap", "new_hire_capacity",
                                           "hires_needed", NULL};
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    tj cap = tj_get(doc, "capacity");
    assert_keys(cap, cap_keys);
    assert_num(cap, "expected", c->expected);
    assert_num(cap, "coverage", c->coverage);
    assert_num(cap, "gap", c->gap);
    assert_num(cap, "new_hire_capacity", c->new_hire_capacity);
    assert_num(cap, "hires_needed", c->hires_needed);

    static const char *const met_keys[] = {"win_rate", "cycle_days", "required_pipeline_coverage",
                                           "open_opportunities", "pipeline_value",
                                           "pipeline_coverage", "weighted_pipeline",
                                           "sales_velocity_per_day", "ltv", "ltv_to_cac",
                                           "cac_payback_months", NULL};
    const salesplan_metrics_result *m = salesplan_result_metrics(r);
    tj met = tj_get(doc, "metrics");
    assert_keys(met, met_keys);
    assert_num(met, "win_rate", m->win_rate);
    assert_num(met, "cycle_days", m->cycle_days);
    assert_num(met, "required_pipeline_coverage", m->required_pipeline_coverage);
    assert_num(met, "open_opportunities", m->open_opportunities);
    assert_num(met, "pipeline_value", m->pipeline_value);
    assert_num(met, "pipeline_coverage", m->pipeline_coverage);
    assert_num(met, "weighted_pipeline", m->weighted_pipeline);
    assert_num(met, "sales_velocity_per_day", m->sales_velocity_per_day);
    assert_num(met, "ltv", m->ltv);
    assert_num(met, "ltv_to_cac", m->ltv_to_cac);
    assert_num(met, "cac_payback_months", m->cac_payback_months);

    static const char *const warn_keys[] = {"code", "path", "message", NULL};
    tj warns = tj_get(doc, "warnings");
    assert_int_equal(tj_size(warns), salesplan_result_warning_count(r));
    for (size_t i = 0; i < tj_size(warns); i++) {
        tj a = tj_at(warns, i);
        const salesplan_warning *w = salesplan_result_warning(r, i);
        assert_keys(a, warn_keys);
        assert_str(a, "code", w->code);
        assert_str(a, "path", w->path ? w->path : "");
        assert_str(a, "message", w->message);
    }

    /* reps: the per-rep schedule, every figure equal to its accessor */
    static const char *const sched_keys[] = {"name", "role", "months", NULL};
    static const char *const month_keys[] = {"start", "end", "activities", NULL};
    static const char *const target_keys2[] = {"name", "per_workday", NULL};
    tj sched = tj_get(doc, "reps");
    assert_int_equal(tj_size(sched), salesplan_result_rep_schedule_count(r));
    for (size_t i = 0; i < tj_size(sched); i++) {
        tj a = tj_at(sched, i);
        const salesplan_rep_schedule *w = salesplan_result_rep_schedule(r, i);
        assert_keys(a, sched_keys);
        assert_str(a, "name", w->name);
        assert_str(a, "role", w->role);
        tj mos = tj_get(a, "months");
        assert_int_equal(tj_size(mos), w->month_count);
        assert_int_equal(w->month_count, ns);
        for (size_t mi = 0; mi < w->month_count; mi++) {
            tj mo = tj_at(mos, mi);
            assert_keys(mo, month_keys);
            assert_str(mo, "start", w->months[mi].start);
            assert_str(mo, "end", w->months[mi].end);
            tj ts = tj_get(mo, "activities");
            assert_int_equal(tj_size(ts), w->months[mi].activity_count);
            for (size_t k = 0; k < tj_size(ts); k++) {
                tj t = tj_at(ts, k);
                assert_keys(t, target_keys2);
                assert_str(t, "name", w->months[mi].activities[k].name);
                assert_num(t, "per_workday", w->months[mi].activities[k].per_workday);
            }
        }
    }
    tj_free(parsed);
}

static void test_json_document(void **state)
{
    (void)state;
    salesplan_plan *p = build_plan(1);
    salesplan_result *r = compute(p, SALESPLAN_MODE_PLAN, 0.0);
    salesplan_plan_free(p);
    char *text = render(r, SALESPLAN_FORMAT_JSON, NULL);
    check_document(r, text);
    /* Hand-worked figures the document must carry: T = 250000, o = 0.25,
     * P(Lead) = 0.5 * 0.4 * 0.5 = 0.1, 90 days from 1 Jan 2026 end on 31 Mar. */
    assert_non_null(strstr(text, "\"team_quota\": 312500,"));
    assert_non_null(strstr(text, "\"end\": \"2026-03-31\""));
    tj doc = tj_load(text);
    tj lead = tj_at(tj_get(doc, "stages"), 0);
    assert_true(tj_num(tj_get(lead, "to_close")) == 0.5 * 0.4 * 0.5);
    assert_true(tj_is_null(tj_get(tj_at(tj_get(doc, "stages"), 3),
                                             "conversion")));
    /* "Webinars" has no role: role and per-rep figure are null. */
    tj web = tj_at(tj_get(doc, "activities"), 3);
    assert_true(tj_is_null(tj_get(web, "role")));
    assert_true(tj_is_null(tj_get(web, "per_rep_per_workday")));
    tj_drop(doc);
    salesplan_free(text);
    salesplan_result_free(r);
}

static void test_json_nulls_and_confidence(void **state)
{
    (void)state;
    salesplan_plan *p = build_plan(0);
    salesplan_result *r = compute(p, SALESPLAN_MODE_CONFIDENCE, 0.9);
    salesplan_plan_free(p);
    char *text = render(r, SALESPLAN_FORMAT_JSON, NULL);
    check_document(r, text);
    tj doc = tj_load(text);
    assert_string_equal(tj_str(tj_get(doc, "mode")), "confidence");
    assert_true(tj_num(tj_get(doc, "confidence")) == 0.9);
    tj met = tj_get(doc, "metrics");
    assert_true(tj_is_null(tj_get(met, "ltv")));
    assert_true(tj_is_null(tj_get(met, "ltv_to_cac")));
    assert_true(tj_is_null(tj_get(met, "cac_payback_months")));
    tj_drop(doc);
    salesplan_free(text);
    salesplan_result_free(r);

    /* Expected mode: "confidence" is null. */
    p = build_plan(0);
    assert_int_equal(salesplan_plan_set_confidence(p, 0.8, NULL), SALESPLAN_OK);
    r = compute(p, SALESPLAN_MODE_EXPECTED, 0.0);
    salesplan_plan_free(p);
    text = render(r, SALESPLAN_FORMAT_JSON, NULL);
    assert_non_null(strstr(text, "\"mode\": \"expected\",\n  \"confidence\": null,"));
    salesplan_free(text);
    salesplan_result_free(r);
}

/* Doubles whose shortest text needs 17 digits survive the document. */
static void test_json_numbers_round_trip(void **state)
{
    (void)state;
    const double values[] = {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e-300, 123456789.123456789,
                             0.30000000000000004, 5e-324, 1.7976931348623157e308, -0.0, 250000.0};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        slp_strbuf sb = SLP_STRBUF_INIT;
        slp_sb_puts(&sb, "[");
        slp_json_number(&sb, values[i]);
        slp_sb_puts(&sb, "]");
        tj a = tj_load(sb.data);
        assert_true(tj_ok(a));
        assert_true(tj_num(tj_at(a, 0)) == values[i]);
        tj_drop(a);
        slp_sb_release(&sb);
    }
    /* The whole document: T = 1/3 of a million has no short decimal form. */
    salesplan_plan *p = build_plan(1);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 1e6 / 3.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, 1e4 / 7.0, NULL), SALESPLAN_OK);
    salesplan_result *r = compute(p, SALESPLAN_MODE_PLAN, 0.0);
    salesplan_plan_free(p);
    char *text = render(r, SALESPLAN_FORMAT_JSON, NULL);
    check_document(r, text);
    assert_non_null(strstr(text, "\"revenue\": 333333.3333333333,"));
    salesplan_free(text);
    salesplan_result_free(r);
}

/* ---- Markdown -------------------------------------------------------------------- */

static void assert_contains(const char *text, const char *needle)
{
    if (strstr(text, needle) == NULL)
        fail_msg("missing from the output: \"%s\"", needle);
}

static void test_markdown(void **state)
{
    (void)state;
    salesplan_plan *p = build_plan(1);
    salesplan_result *r = compute(p, SALESPLAN_MODE_PLAN, 0.0);
    salesplan_plan_free(p);
    char *md = render(r, SALESPLAN_FORMAT_MARKDOWN, NULL);
    const char *sections[] = {"# Sales plan: Test Co Q1\n",
                              "## Mission and positioning\n",
                              "### Mission\n\nHelp teams sell.\n",
                              "### Positioning\n\nThe simple one.\n",
                              "### Competitors\n",
                              "### Value proposition\n\nPlans in minutes.\n",
                              "## Target market\n\nSMB SaaS.\n",
                              "## Strategies\n\n1. Outbound first\n",
                              "## KPIs\n\n- Meetings booked\n",
                              "## The target and what it takes\n",
                              "## The funnel\n",
                              "## Daily activities\n",
                              "### AE (",
                              "### SDR (",
                              "### Not assigned to a role\n",
                              "## Quota by rep and month\n",
                              "## 30/60/90-day phases\n",
                              "## Capacity and hiring\n",
                              "## Metrics\n",
                              "## Warnings\n"};
    const char *prev = md;
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        const char *at = strstr(md, sections[i]);
        if (at == NULL)
            fail_msg("section missing: \"%s\"", sections[i]);
        if (at < prev)
            fail_msg("section out of order: \"%s\"", sections[i]);
        prev = at;
    }
    /* Direct competitors first; a '|' in a cell is escaped. */
    assert_contains(md, "| Acme | direct | cheap \\| fast |\n| Sheets | indirect |  |\n");
    /* Money with separators; the over-assignment as a percentage. */
    assert_contains(md, "The goal is **$250,000** of new-business revenue between 1 Jan 2026 "
                        "and 31 Mar 2026.");
    assert_contains(md, "**Team quota:** $312,500, the target with 25% over-assignment");
    assert_contains(md, "average deal size of $5,000");
    /* Skills of the AE activities, each once, in order of appearance. */
    assert_contains(md, "**Skills needed:** discovery, objection handling, pricing\n");
    assert_contains(md, "**Skills needed:** cold calling, objection handling\n");
    /* Month columns, the phases table. */
    assert_contains(md, "| Rep | Role | Jan 2026 | Feb 2026 | Mar 2026 | Total |");
    assert_contains(md, "| Days 1\u201330 | 30 Jan 2026 |");
    assert_contains(md, "| Days 61\u201390 | 31 Mar 2026 |");

    /* Figures: each stage row carries the accessor's values, formatted here
     * independently of the renderer. */
    for (size_t i = 0; i < salesplan_result_stage_count(r); i++) {
        const salesplan_stage_result *s = salesplan_result_stage(r, i);
        char row[256];
        assert_true(s->required_int < 1000); /* no separators needed below */
        snprintf(row, sizeof row, "| %s | ", s->name);
        const char *at = strstr(md, row);
        assert_non_null(at);
        char cell[64];
        snprintf(cell, sizeof cell, " | %.0f | ", s->required_int);
        const char *eol = strchr(at, '\n');
        const char *hit = strstr(at, cell);
        assert_true(hit != NULL && hit < eol);
    }
    const salesplan_phase_result *ph = salesplan_result_phase(r, 2);
    char money[64], want[128];
    long whole = lround(ph->cumulative_target);
    snprintf(money, sizeof money, "$%ld,%03ld", whole / 1000, whole % 1000);
    snprintf(want, sizeof want, "| 31 Mar 2026 | %s |", money);
    assert_contains(md, want);
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    snprintf(want, sizeof want, "New deals to close:** %.0f at", o->deals_needed);
    assert_contains(md, want);
    /* LTV = 400 * 0.8 / 0.02 = 16000; LTV:CAC = 16000 / 3000 = 5.3; payback 3000/320 = 9.4. */
    assert_contains(md, "| Customer lifetime value (LTV) | $16,000 |");
    assert_contains(md, "| LTV to CAC | 5.3 : 1 |");
    assert_contains(md, "| CAC payback | 9.4 months |");
    /* Every warning appears in plain words. */
    for (size_t i = 0; i < salesplan_result_warning_count(r); i++)
        assert_contains(md, salesplan_result_warning(r, i)->message);
    salesplan_free(md);
    salesplan_result_free(r);
}

static void test_markdown_other_currency_and_mode(void **state)
{
    (void)state;
    salesplan_plan *p = build_plan(0);
    assert_int_equal(salesplan_plan_set_currency(p, "EUR", NULL), SALESPLAN_OK);
    salesplan_result *r = compute(p, SALESPLAN_MODE_CONFIDENCE, 0.95);
    salesplan_plan_free(p);
    char *md = render(r, SALESPLAN_FORMAT_MARKDOWN, NULL);
    assert_contains(md, "**250,000 EUR**");
    assert_contains(md, "sized with 95% confidence");
    assert_contains(md, "| Customer lifetime value (LTV) | n/a |");
    assert_null(strstr(md, "$"));
    salesplan_free(md);
    salesplan_result_free(r);
}

/* ---- CSV --------------------------------------------------------------------------- */

static void cell2(char *buf, size_t size, double v)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.2f", v);
}

static void test_csv(void **state)
{
    (void)state;
    salesplan_plan *p = build_plan(1);
    salesplan_result *r = compute(p, SALESPLAN_MODE_PLAN, 0.0);
    salesplan_plan_free(p);
    char *csv = render(r, SALESPLAN_FORMAT_CSV, NULL);
    const char *header = "rep,role,month,start,end,daily_Cold calls,daily_Demos,"
                         "\"daily_Proposals, \"\"custom\"\"\",quota\r\n";
    assert_memory_equal(csv, header, strlen(header));

    /* One row per rep and month, built here from the schedule and quota
     * accessors: activities 0 (SDR), 1 and 2 (AE); Ann and Bob carry quota. */
    static const char *const months[3][3] = {{"2026-01", "2026-01-01", "2026-01-31"},
                                             {"2026-02", "2026-02-01", "2026-02-28"},
                                             {"2026-03", "2026-03-01", "2026-03-31"}};
    const char *names[3] = {"Ann", "\"Bob, Jr.\"", "Sam"};
    assert_int_equal(salesplan_result_rep_schedule_count(r), 3);
    assert_int_equal(salesplan_result_rep_quota_count(r), 2);
    const char *rows = csv + strlen(header);
    char a[64], b[64], q[64], want[512];
    for (size_t i = 0; i < 3; i++)
        for (size_t m = 0; m < 3; m++) {
            const salesplan_rep_month *mo = salesplan_result_rep_month(r, i, m);
            assert_non_null(mo);
            if (i < 2) {
                assert_int_equal(mo->activity_count, 2);
                cell2(a, sizeof a, mo->activities[0].per_workday);
                cell2(b, sizeof b, mo->activities[1].per_workday);
                cell2(q, sizeof q, salesplan_result_rep_quota(r, i)->slices[m]);
                snprintf(want, sizeof want, "%s,AE,%s,%s,%s,,%s,%s,%s\r\n", names[i],
                         months[m][0], months[m][1], months[m][2], a, b, q);
            } else {
                assert_int_equal(mo->activity_count, 1);
                cell2(a, sizeof a, mo->activities[0].per_workday);
                snprintf(want, sizeof want, "Sam,SDR,%s,%s,%s,%s,,,\r\n", months[m][0],
                         months[m][1], months[m][2], a);
            }
            assert_memory_equal(rows, want, strlen(want));
            rows += strlen(want);
        }
    assert_string_equal(rows, "");
    /* Bob starts on 1 February: nothing to do in January, a share after. */
    assert_memory_equal(strstr(csv, "\"Bob, Jr.\",AE,2026-01,"),
                        "\"Bob, Jr.\",AE,2026-01,2026-01-01,2026-01-31,,0.00,0.00,0.00\r\n",
                        strlen("\"Bob, Jr.\",AE,2026-01,2026-01-01,2026-01-31,,0.00,0.00,0.00\r\n"));
    salesplan_free(csv);
    salesplan_result_free(r);
}

/* ---- helpers and errors --------------------------------------------------------- */

static void test_formatters(void **state)
{
    (void)state;
    char b[SLP_FMT_SIZE];
    slp_fmt_money(b, sizeof b, 250000.0, "USD");
    assert_string_equal(b, "$250,000");
    slp_fmt_money(b, sizeof b, 1234567.5, "EUR");
    assert_string_equal(b, "1,234,568 EUR");
    slp_fmt_money(b, sizeof b, 99.5, "USD");
    assert_string_equal(b, "$99.50");
    slp_fmt_money(b, sizeof b, -1500.0, "USD");
    assert_string_equal(b, "-$1,500");
    slp_fmt_money(b, sizeof b, NAN, "USD");
    assert_string_equal(b, "n/a");
    slp_fmt_percent(b, sizeof b, 0.25);
    assert_string_equal(b, "25%");
    slp_fmt_percent(b, sizeof b, 0.125);
    assert_string_equal(b, "12.5%");
    slp_fmt_percent(b, sizeof b, 1.0 / 3.0);
    assert_string_equal(b, "33.3%");
    slp_fmt_fixed(b, sizeof b, 1234.5678, 2, 1, 0);
    assert_string_equal(b, "1,234.57");
    slp_fmt_fixed(b, sizeof b, 1234.5, 2, 0, 1);
    assert_string_equal(b, "1234.5");
    slp_fmt_fixed(b, sizeof b, -0.001, 1, 0, 1);
    assert_string_equal(b, "0");
    slp_fmt_fixed(b, sizeof b, 1e20, 2, 1, 0);
    assert_string_equal(b, "100,000,000,000,000,000,000");
    slp_fmt_fixed(b, sizeof b, 999.96, 1, 1, 1);
    assert_string_equal(b, "1,000");
    slp_fmt_count_up(b, sizeof b, 2.0000000001);
    assert_string_equal(b, "2");
    slp_fmt_count_up(b, sizeof b, 2.1);
    assert_string_equal(b, "3");
    slp_fmt_slice_label(b, sizeof b, "2026-01-01", "2026-01-31");
    assert_string_equal(b, "Jan 2026");
    slp_fmt_slice_label(b, sizeof b, "2026-07-15", "2026-07-31");
    assert_string_equal(b, "15\u201331 Jul 2026");
    slp_fmt_slice_label(b, sizeof b, "2024-02-01", "2024-02-28");
    assert_string_equal(b, "1\u201328 Feb 2024"); /* a leap year: not the whole month */
    slp_fmt_date_long(b, sizeof b, "2026-01-01", 29);
    assert_string_equal(b, "30 Jan 2026");
    /* A small buffer is cut, never overrun. */
    char small[5];
    slp_fmt_money(small, sizeof small, 250000.0, "USD");
    assert_string_equal(small, "$250");

    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_md_cell(&sb, "a|b\r\nc\nd");
    slp_sb_putc(&sb, ' ');
    slp_json_text(&sb, "ok\xC3\xA9\xFF\xE2\x82"); /* é, a stray byte, a cut sequence */
    assert_string_equal(sb.data, "a\\|b c d \"ok\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    slp_sb_release(&sb);
}

static void test_render_errors(void **state)
{
    (void)state;
    salesplan_plan *p = build_plan(0);
    salesplan_result *r = compute(p, SALESPLAN_MODE_PLAN, 0.0);
    salesplan_plan_free(p);
    static char untouched[] = "untouched";
    char *text = untouched;
    size_t len = 7;
    salesplan_error err;
    assert_int_equal(salesplan_result_render(&text, &len, NULL, SALESPLAN_FORMAT_JSON, &err),
                     SALESPLAN_EINVAL);
    assert_null(text);
    assert_int_equal(len, 0);
    assert_int_equal(err.code, SALESPLAN_EINVAL);
    assert_int_equal(salesplan_result_render(NULL, NULL, r, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_result_render(&text, NULL, r, (salesplan_format)99, &err),
                     SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "99"));
    assert_int_equal(salesplan_result_render(&text, NULL, r, (salesplan_format)-1, NULL),
                     SALESPLAN_EINVAL);
    assert_null(text);
    salesplan_result_free(r);
}

/* ---- allocation failures ---------------------------------------------------------- */

/* Render one format of a result made with malloc; a failed render leaves no text. */
struct render_case {
    const salesplan_result *r;
    salesplan_format format;
};

static int op_render(void *ctx)
{
    const struct render_case *c = ctx;
    char *text = NULL;
    int rc = salesplan_result_render(&text, NULL, c->r, c->format, NULL);
    return tst_alloc_check_text(rc, text);
}

static void test_render_out_of_memory(void **state)
{
    (void)state;
    salesplan_plan *p = build_plan(1);
    salesplan_result *r = compute(p, SALESPLAN_MODE_PLAN, 0.0);
    salesplan_plan_free(p);
    const salesplan_format formats[] = {SALESPLAN_FORMAT_JSON, SALESPLAN_FORMAT_MARKDOWN,
                                        SALESPLAN_FORMAT_CSV};
    for (size_t f = 0; f < 3; f++) {
        /* The result was made with malloc: render through the counting allocator
         * that fails the 1st, 2nd, ... allocation until rendering succeeds (no
         * leak each time; a failure at allocation 10000 fails the test). */
        struct render_case c = {r, formats[f]};
        assert_int_equal(tst_alloc_install(), SALESPLAN_OK);
        tst_alloc_until_success(op_render, &c, 10001);
        assert_int_equal(tst_alloc_restore(), SALESPLAN_OK);
    }
    salesplan_result_free(r);
}

/* ---- presentation helpers at their edges, salesplan_result_render() arguments -------------- */

static void test_fixed_edges(void **state)
{
    (void)state;
    char buf[SLP_FMT_SIZE];
    strcpy(buf, "kept");
    slp_fmt_fixed(buf, 0, 1.0, 0, 0, 0); /* no room: untouched */
    assert_string_equal(buf, "kept");
    slp_fmt_fixed(buf, sizeof buf, 1234.5678, 7, 1, 0); /* decimals capped at 3 */
    assert_string_equal(buf, "1,234.568");
    slp_fmt_fixed(buf, sizeof buf, 1234.5, -2, 1, 0); /* raised to 0, half away from 0 */
    assert_string_equal(buf, "1,235");
    slp_fmt_fixed(buf, sizeof buf, -0.0004, 3, 0, 0); /* rounds to zero: no "-" */
    assert_string_equal(buf, "0.000");
    slp_fmt_fixed(buf, sizeof buf, 2.5, 3, 0, 1); /* trimmed */
    assert_string_equal(buf, "2.5");
    slp_fmt_fixed(buf, sizeof buf, 2.0, 2, 0, 1); /* all zeros trimmed: no bare '.' */
    assert_string_equal(buf, "2");
    /* cut to the buffer: the sign and as many digits as fit */
    slp_fmt_fixed(buf, 3, -12.5, 0, 0, 0);
    assert_string_equal(buf, "-1");
    slp_fmt_fixed(buf, 1, -5.0, 0, 0, 0);
    assert_string_equal(buf, "");
    slp_fmt_fixed(buf, 4, 1.25, 2, 0, 0);
    assert_string_equal(buf, "1.2");
    slp_fmt_fixed(buf, 2, 1.25, 2, 0, 0); /* no room for the point */
    assert_string_equal(buf, "1");
    slp_fmt_fixed(buf, 5, 1234567.0, 0, 1, 0);
    assert_string_equal(buf, "1,23");
}

static void test_money_percent(void **state)
{
    (void)state;
    char buf[SLP_FMT_SIZE];
    slp_fmt_money(buf, sizeof buf, -0.001, NULL); /* rounds to 0: no sign, USD default */
    assert_string_equal(buf, "$0");
    slp_fmt_money(buf, sizeof buf, -1234.5, "EUR");
    assert_string_equal(buf, "-1,235 EUR");
    slp_fmt_money(buf, sizeof buf, 12.5, "USD");
    assert_string_equal(buf, "$12.50");
    slp_fmt_money(buf, sizeof buf, -INFINITY, "USD");
    assert_string_equal(buf, "n/a");
    slp_fmt_percent(buf, sizeof buf, INFINITY);
    assert_string_equal(buf, "n/a");
    slp_fmt_percent(buf, sizeof buf, 0.125);
    assert_string_equal(buf, "12.5%");
    slp_fmt_percent(buf, sizeof buf, 12.3456); /* 1234.56 -> one decimal, grouped */
    assert_string_equal(buf, "1,234.6%");
    slp_fmt_count_up(buf, sizeof buf, 1000.2);
    assert_string_equal(buf, "1,001");
}

static void test_labels(void **state)
{
    (void)state;
    char buf[SLP_FMT_SIZE];
    slp_fmt_slice_label(buf, sizeof buf, NULL, "2026-01-31");
    assert_string_equal(buf, "?");
    slp_fmt_slice_label(buf, sizeof buf, "2026-01-01", NULL);
    assert_string_equal(buf, "2026-01-01");
    slp_fmt_slice_label(buf, sizeof buf, "soon", "2026-01-31");
    assert_string_equal(buf, "soon");
    slp_fmt_slice_label(buf, sizeof buf, "2026-01-01", "2026-13-01");
    assert_string_equal(buf, "2026-01-01");
    slp_fmt_slice_label(buf, sizeof buf, "2024-02-01", "2024-02-29"); /* leap February */
    assert_string_equal(buf, "Feb 2024");
    slp_fmt_slice_label(buf, sizeof buf, "2026-02-01", "2026-02-27"); /* one day short */
    assert_string_equal(buf, "1\u201327 Feb 2026");
    slp_fmt_slice_label(buf, sizeof buf, "2026-07-15", "2026-07-31");
    assert_string_equal(buf, "15\u201331 Jul 2026");
    slp_fmt_slice_label(buf, sizeof buf, "2026-01-15", "2026-02-10");
    assert_string_equal(buf, "15 Jan 2026\u201310 Feb 2026");
    slp_fmt_slice_label(buf, sizeof buf, "2025-12-01", "2026-12-31"); /* same month, not year */
    assert_string_equal(buf, "1 Dec 2025\u201331 Dec 2026");

    slp_fmt_date_long(buf, sizeof buf, NULL, 0);
    assert_string_equal(buf, "?");
    slp_fmt_date_long(buf, sizeof buf, "2026-02-30", 0);
    assert_string_equal(buf, "2026-02-30");
    slp_fmt_date_long(buf, sizeof buf, "2026-01-30", 2);
    assert_string_equal(buf, "1 Feb 2026");
    slp_fmt_date_long(buf, sizeof buf, "2024-03-01", -1);
    assert_string_equal(buf, "29 Feb 2024");
}

static char *finish(slp_strbuf *sb)
{
    char *out = NULL;
    assert_int_equal(slp_sb_finish(sb, &out, NULL), SALESPLAN_OK);
    return out;
}

static void test_md_cell(void **state)
{
    (void)state;
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_md_cell(&sb, NULL); /* nothing */
    slp_md_cell(&sb, "a|b\r\nc\rd\ne");
    slp_sb_putc(&sb, '/');
    slp_md_cell(&sb, "\nx|");
    char *out = finish(&sb);
    assert_string_equal(out, "a\\|b c d e/ x\\|");
    salesplan_free(out);
}

static void test_json_text(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {NULL, "\"\""},
        {"plain", "\"plain\""},
        /* well-formed at the edges of each lead byte's range */
        {"\xED\x9F\xBF|\xF0\x90\x80\x80|\xF4\x8F\xBF\xBF",
         "\"\xED\x9F\xBF|\xF0\x90\x80\x80|\xF4\x8F\xBF\xBF\""},
        /* overlong E0, surrogate ED: each bad byte becomes U+FFFD */
        {"\xE0\x80\x80|\xED\xA0\x80",
         "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},
        /* overlong F0, above U+10FFFF via F4, F5 never valid */
        {"\xF0\x8F\xBF\xBF" "a\xF4\x90\x80\x80" "b\xF5",
         "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
         "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
         "b\xEF\xBF\xBD\""},
        /* a character cut short, then a quote that is still escaped */
        {"\xE4\xB8\"\xC3\xA9", "\"\xEF\xBF\xBD\xEF\xBF\xBD\\\"\xC3\xA9\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        slp_strbuf sb = SLP_STRBUF_INIT;
        slp_json_text(&sb, cases[i].in);
        char *out = finish(&sb);
        assert_string_equal(out, cases[i].out);
        salesplan_free(out);
    }
}

/* ---- a failing allocator of this file's own ---------------------------- */

static void *no_malloc(void *ctx, size_t size)
{
    (void)ctx;
    (void)size;
    return NULL;
}

static void *no_realloc(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)p;
    (void)size;
    return NULL;
}

static void std_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static void test_json_text_out_of_memory(void **state)
{
    (void)state;
    const salesplan_allocator none = {no_malloc, no_realloc, std_free, NULL};
    assert_int_equal(salesplan_set_allocator(&none), SALESPLAN_OK);
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_json_text(&sb, "bad \xFF byte"); /* the cleaning copy cannot grow */
    int failed = sb.failed;
    slp_sb_release(&sb);
    assert_int_equal(salesplan_set_allocator(NULL), SALESPLAN_OK);
    assert_true(failed);
}

static void test_render_arguments(void **state)
{
    (void)state;
    salesplan_plan *plan = NULL;
    salesplan_result *res = NULL;
    salesplan_error err;
    const char *ex = salesplan_example_json();
    assert_int_equal(salesplan_plan_load_buffer(&plan, ex, strlen(ex), &err), SALESPLAN_OK);
    assert_int_equal(salesplan_compute(&res, plan, NULL, &err), SALESPLAN_OK);
    size_t len = 99;
    assert_int_equal(salesplan_result_render(NULL, &len, res, SALESPLAN_FORMAT_JSON, &err),
                     SALESPLAN_EINVAL);
    assert_int_equal(len, 0);
    assert_non_null(strstr(err.message, "out is NULL"));
    char sentinel[] = "sentinel";
    char *text = sentinel;
    assert_int_equal(salesplan_result_render(&text, NULL, NULL, SALESPLAN_FORMAT_JSON, &err),
                     SALESPLAN_EINVAL);
    assert_null(text);
    assert_non_null(strstr(err.message, "no result to render"));
    assert_int_equal(salesplan_result_render(&text, &len, res, (salesplan_format)42, &err),
                     SALESPLAN_EINVAL);
    assert_string_equal(err.message, "unknown output format 42 (json, markdown, csv or svg)");
    assert_null(text);
    /* without a length pointer */
    assert_int_equal(salesplan_result_render(&text, NULL, res, SALESPLAN_FORMAT_CSV, &err),
                     SALESPLAN_OK);
    assert_int_equal(strncmp(text, "rep,role,", 9), 0);
    salesplan_free(text);
    salesplan_result_free(res);
    salesplan_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_document),
        cmocka_unit_test(test_json_nulls_and_confidence),
        cmocka_unit_test(test_json_numbers_round_trip),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_markdown_other_currency_and_mode),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_formatters),
        cmocka_unit_test(test_render_errors),
        cmocka_unit_test(test_render_out_of_memory),
        cmocka_unit_test(test_fixed_edges),
        cmocka_unit_test(test_money_percent),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_md_cell),
        cmocka_unit_test(test_json_text),
        cmocka_unit_test(test_json_text_out_of_memory),
        cmocka_unit_test(test_render_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
