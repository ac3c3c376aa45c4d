/* Tests of the scenario layer: sensitivity levers against closed forms and
 * finite differences, the ranking, common random numbers, the tornado SVG,
 * comparisons and their renderings, and allocation failures. (Each lever's
 * low/high against a recomputed patched plan: tests/python/test_scenario.py.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "salesplan.h"
#include "test_alloc.h"

static salesplan_plan *example_patched(const char *patch)
{
    salesplan_plan *base = NULL, *p = NULL;
    assert_int_equal(salesplan_example_plan(&base), SALESPLAN_OK);
    if (patch == NULL)
        return base;
    salesplan_error err;
    assert_int_equal(salesplan_plan_patched(&p, base, patch, strlen(patch), &err), SALESPLAN_OK);
    salesplan_plan_free(base);
    return p;
}

static const salesplan_sensitivity_lever *lever_at(const salesplan_sensitivity *s,
                                                   const char *path)
{
    for (size_t i = 0; i < salesplan_sensitivity_lever_count(s); i++)
        if (strcmp(salesplan_sensitivity_lever_get(s, i)->path, path) == 0)
            return salesplan_sensitivity_lever_get(s, i);
    fail_msg("no lever at %s", path);
    return NULL;
}

static size_t out_index(const salesplan_sensitivity *s, const char *name)
{
    for (size_t k = 0; k < salesplan_sensitivity_output_count(s); k++)
        if (strcmp(salesplan_sensitivity_output_name(s, k), name) == 0)
            return k;
    fail_msg("no output %s", name);
    return 0;
}

/* The example has no open pipeline in its first stage, so moving the Lead
 * conversion leaves D alone and N_Lead = D / (c_Lead · P_Qualified): the
 * elasticity of first-stage entries (and of cold emails per rep) is exactly -1. */
static void test_elasticity_closed_form(void **state)
{
    (void)state;
    salesplan_plan *p = example_patched(NULL);
    salesplan_scenario_options o = SALESPLAN_SCENARIO_OPTIONS_INIT;
    salesplan_sensitivity *s = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_sensitivity_run(&s, p, &o, &err), SALESPLAN_OK);
    assert_int_equal(salesplan_sensitivity_output_count(s), 5); /* no trials: no p_hit */
    const salesplan_sensitivity_lever *L = lever_at(s, "funnel.stages[0].conversion");
    assert_true(fabs(L->low - 0.27) < 1e-15 && fabs(L->high - 0.33) < 1e-15);
    const salesplan_sensitivity_output *e = &L->outputs[out_index(s, "first_stage_entries")];
    assert_true(fabs(e->elasticity + 1.0) < 1e-12);
    assert_true(fabs(e->low - 12.0 / (0.27 * 0.5 * 0.6 * 0.55 * 0.45)) < 1e-9);
    e = &L->outputs[out_index(s, "activity_per_rep_per_workday")];
    assert_true(fabs(e->elasticity + 1.0) < 1e-12);
    /* the target moves deals needed: ceil(18 - 8.982) = 10, ceil(22 - 8.982) = 14 */
    L = lever_at(s, "target.revenue");
    assert_true(L->outputs[0].low == 10.0 && L->outputs[0].high == 14.0);
    assert_true(fabs(L->outputs[0].elasticity - log(14.0 / 10.0) / log(1.1 / 0.9)) < 1e-12);
    /* headcount of the SDR role: 2 reps, one less and one more */
    L = lever_at(s, "team.roles[0]");
    assert_true(L->base == 2.0 && L->low == 1.0 && L->high == 3.0);
    salesplan_sensitivity_free(s);
    salesplan_plan_free(p);
}

/* A capacity gap: gap = T - C with C proportional to the attainment a, so
 * d ln(gap)/d ln(a) = -C/(T - C); the two-sided difference with a small step
 * agrees to O(step^2). */
static void test_elasticity_finite_difference(void **state)
{
    (void)state;
    salesplan_plan *p = example_patched("{\"target\": {\"revenue\": 400000}}");
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    double C = salesplan_result_capacity(r)->expected, T = 400000.0;
    salesplan_result_free(r);
    salesplan_scenario_options o = SALESPLAN_SCENARIO_OPTIONS_INIT;
    o.step = 0.001;
    salesplan_sensitivity *s = NULL;
    assert_int_equal(salesplan_sensitivity_run(&s, p, &o, NULL), SALESPLAN_OK);
    const salesplan_sensitivity_lever *L = lever_at(s, "team.expected_attainment");
    const salesplan_sensitivity_output *g = &L->outputs[out_index(s, "capacity_gap")];
    double want = -C / (T - C);
    assert_true(fabs(g->elasticity - want) < 1e-5 * fabs(want));
    /* and exactly linear in a: the outputs are T - C·(1 -/+ step) */
    assert_true(fabs(g->low - (T - C * 0.999)) < 1e-6);
    assert_true(fabs(g->high - (T - C * 1.001)) < 1e-6);
    salesplan_sensitivity_free(s);
    salesplan_plan_free(p);
}

/* Levers come ranked by the swing of rank_by, largest first. */
static void test_ranking(void **state)
{
    (void)state;
    salesplan_plan *p = example_patched("{\"target\": {\"revenue\": 400000}}");
    static const char *outputs[] = {"deals_needed", "first_stage_entries", "hires_needed",
                                    "capacity_gap"};
    for (size_t t = 0; t < 4; t++) {
        salesplan_scenario_options o = SALESPLAN_SCENARIO_OPTIONS_INIT;
        o.rank_by = outputs[t];
        salesplan_sensitivity *s = NULL;
        assert_int_equal(salesplan_sensitivity_run(&s, p, &o, NULL), SALESPLAN_OK);
        assert_string_equal(salesplan_sensitivity_rank_by(s), outputs[t]);
        size_t k = out_index(s, outputs[t]);
        size_t n = salesplan_sensitivity_lever_count(s);
        assert_true(n >= 16);
        for (size_t i = 1; i < n; i++) {
            double a = salesplan_sensitivity_lever_get(s, i - 1)->outputs[k].swing;
            double b = salesplan_sensitivity_lever_get(s, i)->outputs[k].swing;
            assert_true(isnan(b) || a >= b);
        }
        salesplan_sensitivity_free(s);
    }
    salesplan_scenario_options o = SALESPLAN_SCENARIO_OPTIONS_INIT;
    o.rank_by = "p_hit"; /* needs trials */
    salesplan_sensitivity *s = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_sensitivity_run(&s, p, &o, &err), SALESPLAN_EINVAL);
    assert_string_equal(err.path, "rank_by");
    o.rank_by = NULL;
    o.activity = "No such activity";
    assert_int_equal(salesplan_sensitivity_run(&s, p, &o, &err), SALESPLAN_EINVAL);
    o.activity = NULL;
    o.step = 1.0;
    assert_int_equal(salesplan_sensitivity_run(&s, p, &o, &err), SALESPLAN_EINVAL);
    assert_null(s);
    salesplan_plan_free(p);
}

/* Common random numbers: the base p_hit is the plain simulation's with the
 * same seed and trials, and a lever that does not touch the funnel
 * (attrition) gives exactly the base p_hit on both sides. */
static void test_common_random_numbers(void **state)
{
    (void)state;
    salesplan_plan *p = example_patched(NULL);
    salesplan_scenario_options o = SALESPLAN_SCENARIO_OPTIONS_INIT;
    o.trials = 5000;
    o.seed = 11;
    salesplan_sensitivity *s = NULL;
    assert_int_equal(salesplan_sensitivity_run(&s, p, &o, NULL), SALESPLAN_OK);
    size_t k = out_index(s, "p_hit");
    salesplan_simulate_options so = SALESPLAN_SIMULATE_OPTIONS_INIT;
    so.trials = 5000;
    so.seed = 11;
    salesplan_simulation *sim = NULL;
    assert_int_equal(salesplan_simulate(&sim, p, &so, NULL), SALESPLAN_OK);
    assert_true(salesplan_sensitivity_base(s, k) == salesplan_simulation_summary_get(sim)->p_hit);
    salesplan_simulation_free(sim);
    const salesplan_sensitivity_lever *L = lever_at(s, "team.attrition_monthly");
    assert_true(L->outputs[k].low == salesplan_sensitivity_base(s, k));
    assert_true(L->outputs[k].high == salesplan_sensitivity_base(s, k));
    assert_true(L->outputs[k].swing == 0.0);
    salesplan_sensitivity_free(s);
    salesplan_plan_free(p);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *at = strstr(hay, needle); at; at = strstr(at + 1, needle))
        n++;
    return n;
}

static void test_renderings(void **state)
{
    (void)state;
    salesplan_plan *p = example_patched(NULL);
    salesplan_sensitivity *s = NULL;
    assert_int_equal(salesplan_sensitivity_run(&s, p, NULL, NULL), SALESPLAN_OK);
    char *svg = NULL, *json = NULL, *md = NULL;
    size_t len = 0;
    assert_int_equal(salesplan_sensitivity_render(&svg, &len, s, SALESPLAN_FORMAT_SVG, NULL),
                     SALESPLAN_OK);
    assert_int_equal(strncmp(svg, "<?xml", 5), 0);
    assert_non_null(strstr(svg, "</svg>"));
    assert_int_equal(count(svg, "<g class=\"lever\">"), salesplan_sensitivity_lever_count(s));
    assert_non_null(strstr(svg, "average deal size"));
    assert_int_equal(salesplan_sensitivity_render(&json, NULL, s, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(json, "\"base\": {\"deals_needed\": 12,"));
    assert_non_null(strstr(json, "\"rank_by\": \"deals_needed\""));
    assert_non_null(strstr(json, "\"lever\": \"average deal size\""));
    assert_non_null(strstr(json, "\"deals_needed\": {\"low\": 14, \"high\": 10, \"swing\": 4,"));
    assert_int_equal(salesplan_sensitivity_render(&md, NULL, s, SALESPLAN_FORMAT_MARKDOWN, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(md, "| average deal size | 11,250 | 13,750 | 14 | 10 | 4 |"));
    char *bad = NULL;
    assert_int_equal(salesplan_sensitivity_render(&bad, NULL, s, SALESPLAN_FORMAT_CSV, NULL),
                     SALESPLAN_EINVAL);
    salesplan_free(svg);
    salesplan_free(json);
    salesplan_free(md);
    salesplan_sensitivity_free(s);
    salesplan_plan_free(p);
}

static const salesplan_comparison_row *row_of(const salesplan_comparison *c, const char *key)
{
    for (size_t i = 0; i < salesplan_comparison_row_count(c); i++)
        if (strcmp(salesplan_comparison_row_get(c, i)->key, key) == 0)
            return salesplan_comparison_row_get(c, i);
    fail_msg("no row %s", key);
    return NULL;
}

static void test_compare(void **state)
{
    (void)state;
    salesplan_plan *a = example_patched(NULL);
    salesplan_plan *b = example_patched("{\"target\": {\"revenue\": 300000},"
                                        " \"activities\": [{\"name\": \"Calls\", \"stage\":"
                                        " \"Lead\", \"per_entry\": 5, \"role\": \"SDR\"}]}");
    const salesplan_plan *plans[2] = {a, b};
    const char *labels[2] = {"now", "bigger"};
    salesplan_scenario_options o = SALESPLAN_SCENARIO_OPTIONS_INIT;
    o.trials = 3000;
    salesplan_comparison *c = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_compare(&c, plans, labels, 2, &o, &err), SALESPLAN_OK);
    assert_int_equal(salesplan_comparison_plan_count(c), 2);
    assert_string_equal(salesplan_comparison_label(c, 1), "bigger");
    const salesplan_comparison_row *r = row_of(c, "target.deals_needed");
    /* ceil(300000/12500 - 8.982) = 16 */
    assert_true(r->values[0] == 12.0 && r->values[1] == 16.0);
    assert_true(r->differences[0] == 0.0 && r->differences[1] == 4.0);
    /* an activity only the first plan has, and one only the second has */
    r = row_of(c, "activities.Cold emails.per_rep_per_workday");
    assert_true(isnan(r->values[1]) && isnan(r->differences[1]));
    r = row_of(c, "activities.Calls.per_rep_per_workday");
    assert_true(isnan(r->values[0]) && !isnan(r->values[1]));
    r = row_of(c, "simulation.p_hit");
    salesplan_simulate_options so = SALESPLAN_SIMULATE_OPTIONS_INIT;
    so.trials = 3000;
    salesplan_simulation *sim = NULL;
    assert_int_equal(salesplan_simulate(&sim, b, &so, NULL), SALESPLAN_OK);
    assert_true(r->values[1] == salesplan_simulation_summary_get(sim)->p_hit);
    salesplan_simulation_free(sim);
    char *csv = NULL, *md = NULL, *json = NULL;
    assert_int_equal(salesplan_comparison_render(&csv, NULL, c, SALESPLAN_FORMAT_CSV, NULL),
                     SALESPLAN_OK);
    assert_int_equal(strncmp(csv, "key,label,now,bigger,difference 2\r\n", 35), 0);
    assert_non_null(strstr(csv, "\r\ntarget.deals_needed,Deals needed,12,16,4\r\n"));
    assert_int_equal(salesplan_comparison_render(&md, NULL, c, SALESPLAN_FORMAT_MARKDOWN, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(md, "| Deals needed | 12 | 16 (+4) |"));
    assert_int_equal(salesplan_comparison_render(&json, NULL, c, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(json, "{\"key\": \"target.deals_needed\", \"label\": \"Deals needed\","
                                 " \"values\": [12, 16], \"difference\": [0, 4]}"));
    salesplan_free(csv);
    salesplan_free(md);
    salesplan_free(json);
    salesplan_comparison_free(c);
    assert_int_equal(salesplan_compare(&c, plans, NULL, 0, NULL, &err), SALESPLAN_EINVAL);
    assert_null(c);
    salesplan_plan_free(a);
    salesplan_plan_free(b);
}

static const char *SMALL =
    "{\"salesplan\": 1, \"name\": \"s\", \"period\": {\"start\": \"2026-01-05\", \"days\": 14},"
    " \"target\": {\"revenue\": 1000}, \"deal\": {\"average_size\": 100},"
    " \"funnel\": {\"stages\": [{\"name\": \"Lead\", \"conversion\": 0.5}, {\"name\": \"Won\"}]},"
    " \"activities\": [{\"name\": \"Calls\", \"stage\": \"Lead\", \"per_entry\": 10,"
    " \"role\": \"SDR\", \"minutes\": 6}],"
    " \"team\": {\"roles\": [{\"name\": \"SDR\", \"ramp\": [0.5]}, {\"name\": \"AE\","
    " \"quota_monthly\": 500}], \"reps\": [{\"name\": \"S\", \"role\": \"SDR\","
    " \"tenure_months\": 12}, {\"name\": \"A\", \"role\": \"AE\", \"tenure_months\": 12}]}}";

static int sens_op(void *ctx)
{
    (void)ctx;
    salesplan_plan *p = NULL;
    long saved = tst_alloc_pause();
    assert_int_equal(salesplan_plan_load_buffer(&p, SMALL, strlen(SMALL), NULL), SALESPLAN_OK);
    tst_alloc_resume(saved);
    salesplan_sensitivity *s = NULL;
    salesplan_scenario_options o = SALESPLAN_SCENARIO_OPTIONS_INIT;
    o.trials = 10;
    o.threads = 1;
    int rc = salesplan_sensitivity_run(&s, p, &o, NULL);
    char *text = NULL;
    if (rc == SALESPLAN_OK) {
        rc = salesplan_sensitivity_render(&text, NULL, s, SALESPLAN_FORMAT_SVG, NULL);
        salesplan_free(text);
    } else {
        assert_null(s);
    }
    salesplan_sensitivity_free(s);
    const salesplan_plan *two[2] = {p, p};
    salesplan_comparison *c = NULL;
    if (rc == SALESPLAN_OK)
        rc = salesplan_compare(&c, two, NULL, 2, &o, NULL);
    if (rc == SALESPLAN_OK) {
        rc = salesplan_comparison_render(&text, NULL, c, SALESPLAN_FORMAT_CSV, NULL);
        salesplan_free(text);
    }
    salesplan_comparison_free(c);
    salesplan_plan_free(p);
    return rc;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    tst_alloc_until_success(sens_op, NULL, 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elasticity_closed_form),
        cmocka_unit_test(test_elasticity_finite_difference),
        cmocka_unit_test(test_ranking),
        cmocka_unit_test(test_common_random_numbers),
        cmocka_unit_test(test_renderings),
        cmocka_unit_test(test_compare),
        TST_ALLOC_TEST(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
