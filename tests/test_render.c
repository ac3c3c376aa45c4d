/* Renderers: the JSON result document (SPEC §9) parsed back with jansson and
 * compared with the accessors key by key, the Markdown plan, the CSV table,
 * the presentation helpers, errors and allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
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

/* ---- a plan built with the public setters ---------------------------------- */

static salesplan_plan *build_plan(int with_economics)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "Test Co Q1"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2026-01-01", 90), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_MISSION, "Help teams sell."),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_POSITIONING, "The simple one."),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_VALUE_PROPOSITION,
                                             "Plans in minutes."),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_TARGET_MARKET, "SMB SaaS."),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_competitor(p, "Sheets", SALESPLAN_COMPETITOR_INDIRECT,
                                                   NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_competitor(p, "Acme", SALESPLAN_COMPETITOR_DIRECT,
                                                   "cheap | fast"),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_STRATEGIES, "Outbound first"),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_KPIS, "Meetings booked"),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 250000.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_over_assignment(p, 0.25), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, 5000.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.5, 5.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Opportunity", 0.4, 10.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Proposal", 0.5, 5.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NAN, 0.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_opportunity_stage(p, 1), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Opportunity", 10), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "AE"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "SDR"), SALESPLAN_OK);
    double ramp[] = {0.5};
    assert_int_equal(salesplan_plan_set_role_ramp(p, 0, ramp, 1), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 0, 30000.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Cold calls", "Lead", 10.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 0, "SDR"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, 5.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 0, "cold calling"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 0, "objection handling"),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Demos", "Opportunity", 1.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 1, "AE"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 1, "discovery"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 1, "objection handling"),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Proposals, \"custom\"", "Proposal", 1.0),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 2, "AE"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 2, "discovery"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 2, "pricing"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Webinars", "Lead", 0.1), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep(p, "Bob, Jr.", "AE", "2026-02-01"), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Sam", "SDR", 3), SALESPLAN_OK);
    if (with_economics) {
        assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_ARPA_MONTHLY, 400.0),
                         SALESPLAN_OK);
        assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_GROSS_MARGIN, 0.8),
                         SALESPLAN_OK);
        assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CHURN_MONTHLY, 0.02),
                         SALESPLAN_OK);
        assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CAC, 3000.0),
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
    assert_int_equal(salesplan_result_render(r, f, &text, &n, &err), SALESPLAN_OK);
    assert_non_null(text);
    assert_int_equal(n, strlen(text));
    if (len)
        *len = n;
    return text;
}

/* ---- JSON ------------------------------------------------------------------------ */

/* The object's keys, in document order, must be exactly `keys`. */
static void assert_keys(const json_t *obj, const char *const *keys)
{
    assert_true(json_is_object(obj));
    size_t i = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)(uintptr_t)obj, k, v) {
        (void)v;
        assert_non_null(keys[i]);
        assert_string_equal(k, keys[i]);
        i++;
    }
    assert_null(keys[i]);
}

/* A number that must be exactly `want`, or null when `want` is NaN. */
static void assert_num(const json_t *obj, const char *key, double want)
{
    const json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    if (isnan(want)) {
        assert_true(json_is_null(v));
        return;
    }
    assert_true(json_is_number(v));
    if (json_number_value(v) != want)
        fail_msg("%s: %.17g in the document, %.17g from the accessor", key,
                 json_number_value(v), want);
}

static void assert_str(const json_t *obj, const char *key, const char *want)
{
    const json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    if (want == NULL) {
        assert_true(json_is_null(v));
        return;
    }
    assert_true(json_is_string(v));
    assert_string_equal(json_string_value(v), want);
}

static const char *const top_keys[] = {"salesplan", "name",   "currency",   "mode",
                                       "confidence", "period", "target",     "stages",
                                       "activities", "roles",  "quota",      "capacity",
                                       "metrics",    "warnings", NULL};

static void check_document(const salesplan_result *r, const char *text)
{
    json_error_t jerr;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL)
        fail_msg("result document does not parse: %d:%d: %s", jerr.line, jerr.column, jerr.text);
    assert_keys(doc, top_keys);
    const salesplan_result_overview *o = salesplan_result_overview_get(r);
    assert_int_equal(json_integer_value(json_object_get(doc, "salesplan")), 1);
    assert_str(doc, "name", o->name);
    assert_str(doc, "currency", o->currency);
    assert_str(doc, "mode", o->mode == SALESPLAN_MODE_CONFIDENCE ? "confidence" : "expected");
    assert_num(doc, "confidence", o->mode == SALESPLAN_MODE_CONFIDENCE ? o->confidence : (double)NAN);

    static const char *const period_keys[] = {"start", "end", "days", "workdays", NULL};
    const json_t *period = json_object_get(doc, "period");
    assert_keys(period, period_keys);
    assert_str(period, "start", o->period_start);
    assert_str(period, "end", o->period_end);
    assert_num(period, "days", o->days);
    assert_num(period, "workdays", o->workdays);

    static const char *const target_keys[] = {"revenue", "team_quota", "deals_needed",
                                              "pipeline_expected_deals", NULL};
    const json_t *target = json_object_get(doc, "target");
    assert_keys(target, target_keys);
    assert_num(target, "revenue", o->revenue);
    assert_num(target, "team_quota", o->team_quota);
    assert_num(target, "deals_needed", o->deals_needed);
    assert_num(target, "pipeline_expected_deals", o->pipeline_expected_deals);

    static const char *const stage_keys[] = {"name",     "conversion",   "to_close",
                                             "days_to_close", "required", "required_int",
                                             "window_workdays", "reachable", NULL};
    const json_t *stages = json_object_get(doc, "stages");
    assert_int_equal(json_array_size(stages), salesplan_result_stage_count(r));
    for (size_t i = 0; i < json_array_size(stages); i++) {
        const json_t *s = json_array_get(stages, i);
        const salesplan_stage_result *w = salesplan_result_stage(r, i);
        assert_keys(s, stage_keys);
        assert_str(s, "name", w->name);
        assert_num(s, "conversion", w->conversion);
        assert_num(s, "to_close", w->to_close);
        assert_num(s, "days_to_close", w->days_to_close);
        assert_num(s, "required", w->required);
        assert_num(s, "required_int", w->required_int);
        assert_num(s, "window_workdays", w->window_workdays);
        assert_true(json_is_boolean(json_object_get(s, "reachable")));
        assert_int_equal(json_is_true(json_object_get(s, "reachable")), w->reachable != 0);
    }

    static const char *const act_keys[] = {"name",    "stage",   "role", "total",
                                           "per_workday", "per_rep_per_workday",
                                           "per_deal", "fte",    NULL};
    const json_t *acts = json_object_get(doc, "activities");
    assert_int_equal(json_array_size(acts), salesplan_result_activity_count(r));
    for (size_t i = 0; i < json_array_size(acts); i++) {
        const json_t *a = json_array_get(acts, i);
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
    const json_t *roles = json_object_get(doc, "roles");
    assert_int_equal(json_array_size(roles), salesplan_result_role_count(r));
    for (size_t i = 0; i < json_array_size(roles); i++) {
        const json_t *a = json_array_get(roles, i);
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
    const json_t *quota = json_object_get(doc, "quota");
    assert_keys(quota, quota_keys);
    const json_t *slices = json_object_get(quota, "slices");
    size_t ns = salesplan_result_slice_count(r);
    assert_int_equal(json_array_size(slices), ns);
    for (size_t i = 0; i < ns; i++) {
        const json_t *a = json_array_get(slices, i);
        const salesplan_slice_result *w = salesplan_result_slice(r, i);
        assert_keys(a, slice_keys);
        assert_str(a, "start", w->start);
        assert_str(a, "end", w->end);
        assert_num(a, "workdays", w->workdays);
        assert_num(a, "weight", w->weight);
    }
    const json_t *reps = json_object_get(quota, "reps");
    assert_int_equal(json_array_size(reps), salesplan_result_rep_quota_count(r));
    for (size_t i = 0; i < json_array_size(reps); i++) {
        const json_t *a = json_array_get(reps, i);
        const salesplan_rep_quota *w = salesplan_result_rep_quota(r, i);
        assert_keys(a, rep_keys);
        assert_str(a, "name", w->name);
        assert_str(a, "role", w->role);
        const json_t *amounts = json_object_get(a, "slices");
        assert_int_equal(json_array_size(amounts), ns);
        for (size_t s = 0; s < ns; s++)
            assert_true(json_number_value(json_array_get(amounts, s)) == w->slices[s]);
        assert_num(a, "total", w->total);
    }
    assert_num(quota, "unassigned", salesplan_result_unassigned(r));
    const json_t *phases = json_object_get(quota, "phases");
    assert_int_equal(json_array_size(phases), salesplan_result_phase_count(r));
    for (size_t i = 0; i < json_array_size(phases); i++) {
        const json_t *a = json_array_get(phases, i);
        const salesplan_phase_result *w = salesplan_result_phase(r, i);
        assert_keys(a, phase_keys);
        assert_num(a, "day", w->day);
        assert_num(a, "cumulative_target", w->cumulative_target);
    }

    static const char *const cap_keys[] = {"expected", "coverage", "gap", "new_hire_capacity",
                                           "hires_needed", NULL};
    const salesplan_capacity_result *c = salesplan_result_capacity(r);
    const json_t *cap = json_object_get(doc, "capacity");
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
    const json_t *met = json_object_get(doc, "metrics");
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
    const json_t *warns = json_object_get(doc, "warnings");
    assert_int_equal(json_array_size(warns), salesplan_result_warning_count(r));
    for (size_t i = 0; i < json_array_size(warns); i++) {
        const json_t *a = json_array_get(warns, i);
        const salesplan_warning *w = salesplan_result_warning(r, i);
        assert_keys(a, warn_keys);
        assert_str(a, "code", w->code);
        assert_str(a, "path", w->path ? w->path : "");
        assert_str(a, "message", w->message);
    }
    json_decref(doc);
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
    json_t *doc = json_loads(text, 0, NULL);
    const json_t *lead = json_array_get(json_object_get(doc, "stages"), 0);
    assert_true(json_real_value(json_object_get(lead, "to_close")) == 0.5 * 0.4 * 0.5);
    assert_true(json_is_null(json_object_get(json_array_get(json_object_get(doc, "stages"), 3),
                                             "conversion")));
    /* "Webinars" has no role: role and per-rep figure are null. */
    const json_t *web = json_array_get(json_object_get(doc, "activities"), 3);
    assert_true(json_is_null(json_object_get(web, "role")));
    assert_true(json_is_null(json_object_get(web, "per_rep_per_workday")));
    json_decref(doc);
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
    json_t *doc = json_loads(text, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(doc, "mode")), "confidence");
    assert_true(json_real_value(json_object_get(doc, "confidence")) == 0.9);
    const json_t *met = json_object_get(doc, "metrics");
    assert_true(json_is_null(json_object_get(met, "ltv")));
    assert_true(json_is_null(json_object_get(met, "ltv_to_cac")));
    assert_true(json_is_null(json_object_get(met, "cac_payback_months")));
    json_decref(doc);
    salesplan_free(text);
    salesplan_result_free(r);

    /* Expected mode: "confidence" is null. */
    p = build_plan(0);
    assert_int_equal(salesplan_plan_set_confidence(p, 0.8), SALESPLAN_OK);
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
        json_t *a = json_loads(sb.data, 0, NULL);
        assert_non_null(a);
        assert_true(json_number_value(json_array_get(a, 0)) == values[i]);
        json_decref(a);
        slp_sb_release(&sb);
    }
    /* The whole document: T = 1/3 of a million has no short decimal form. */
    salesplan_plan *p = build_plan(1);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 1e6 / 3.0), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, 1e4 / 7.0), SALESPLAN_OK);
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
    assert_int_equal(salesplan_plan_set_currency(p, "EUR"), SALESPLAN_OK);
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
    const char *header = "rep,role,daily_Cold calls,daily_Demos,"
                         "\"daily_Proposals, \"\"custom\"\"\",quota_2026-01,quota_2026-02,"
                         "quota_2026-03,quota_total\r\n";
    assert_memory_equal(csv, header, strlen(header));

    /* Rows built here from the accessors: activities 0 (SDR), 1 and 2 (AE). */
    char calls[64], demos[64], props[64], q[3][64], total[64], want[512];
    cell2(calls, sizeof calls, salesplan_result_activity(r, 0)->per_rep_per_workday);
    cell2(demos, sizeof demos, salesplan_result_activity(r, 1)->per_rep_per_workday);
    cell2(props, sizeof props, salesplan_result_activity(r, 2)->per_rep_per_workday);
    assert_int_equal(salesplan_result_rep_quota_count(r), 2);
    const char *names[2] = {"Ann", "\"Bob, Jr.\""};
    const char *rows = csv + strlen(header);
    for (size_t i = 0; i < 2; i++) {
        const salesplan_rep_quota *rq = salesplan_result_rep_quota(r, i);
        for (size_t s = 0; s < 3; s++)
            cell2(q[s], sizeof q[s], rq->slices[s]);
        cell2(total, sizeof total, rq->total);
        snprintf(want, sizeof want, "%s,AE,,%s,%s,%s,%s,%s,%s\r\n", names[i], demos, props, q[0],
                 q[1], q[2], total);
        assert_memory_equal(rows, want, strlen(want));
        rows += strlen(want);
    }
    snprintf(want, sizeof want, "Sam,SDR,%s,,,,,,\r\n", calls);
    assert_string_equal(rows, want);
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
    slp_sb_json_text(&sb, "ok\xC3\xA9\xFF\xE2\x82"); /* é, a stray byte, a cut sequence */
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
    assert_int_equal(salesplan_result_render(NULL, SALESPLAN_FORMAT_JSON, &text, &len, &err),
                     SALESPLAN_EINVAL);
    assert_null(text);
    assert_int_equal(len, 0);
    assert_int_equal(err.code, SALESPLAN_EINVAL);
    assert_int_equal(salesplan_result_render(r, SALESPLAN_FORMAT_JSON, NULL, NULL, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_result_render(r, (salesplan_format)99, &text, NULL, &err),
                     SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "99"));
    assert_int_equal(salesplan_result_render(r, (salesplan_format)-1, &text, NULL, NULL),
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
    int rc = salesplan_result_render(c->r, c->format, &text, NULL, NULL);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
