/* Plain-spoken output (issue 14): small figures print as "<0.1", the hires
 * line names the roles and adds up per role the larger of the capacity and
 * the workload hires, the Markdown shows the headcount each per-rep figure
 * divides by, and default phases reach the period's end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/render_fmt.h"
#include "salesplan.h"

static void test_below_precision(void **state)
{
    (void)state;
    char buf[64];
    slp_fmt_fixed(buf, sizeof buf, 0.04, 1, 1, 1);
    assert_string_equal(buf, "<0.1");
    slp_fmt_fixed(buf, sizeof buf, 0.004, 2, 1, 1);
    assert_string_equal(buf, "<0.01");
    slp_fmt_fixed(buf, sizeof buf, 0.05, 1, 1, 1);
    assert_string_equal(buf, "0.1");
    slp_fmt_fixed(buf, sizeof buf, 0.0, 1, 1, 1);
    assert_string_equal(buf, "0");
    /* machine-facing forms (CSV: no grouping, no trimming) keep the number */
    slp_fmt_fixed(buf, sizeof buf, 0.004, 2, 0, 0);
    assert_string_equal(buf, "0.00");
}

static char *markdown_of(salesplan_plan *p)
{
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    char *md = NULL;
    assert_int_equal(salesplan_result_render(&md, NULL, r, SALESPLAN_FORMAT_MARKDOWN, NULL),
                     SALESPLAN_OK);
    salesplan_result_free(r);
    return md;
}

/* A $400,000 target with SDRs at 100 minutes a day: the SDR workload needs
 * hires, the AE quota capacity too; the line adds them up by role. */
static void test_hires_line(void **state)
{
    (void)state;
    salesplan_plan *base = NULL, *p = NULL;
    assert_int_equal(salesplan_example_plan(&base), SALESPLAN_OK);
    const char *patch =
        "{\"target\": {\"revenue\": 400000}, \"team\": {\"roles\": ["
        "{\"name\": \"SDR\", \"ramp\": [0.5, 0.8], \"minutes_per_day\": 100},"
        "{\"name\": \"AE\", \"ramp\": [0.25, 0.5, 0.75], \"quota_monthly\": 30000,"
        " \"minutes_per_day\": 300}]}}";
    assert_int_equal(salesplan_plan_patched(&p, base, patch, strlen(patch), NULL), SALESPLAN_OK);
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    double sdr = salesplan_result_role(r, 0)->hires_needed;
    double ae_work = salesplan_result_role(r, 1)->hires_needed;
    double ae_cap = salesplan_result_capacity(r)->hires_needed;
    assert_true(sdr > 0 && ae_cap > ae_work);
    salesplan_result_free(r);
    char want[160];
    snprintf(want, sizeof want, "**Hires needed: %.0f** \xe2\x80\x94 %.0f SDR for the planned "
             "workload and %.0f AE to close the revenue gap.", sdr + ae_cap, sdr, ae_cap);
    char *md = markdown_of(p);
    assert_non_null(strstr(md, want));
    assert_non_null(strstr(md, "| Reps it divides by |"));
    salesplan_free(md);
    md = markdown_of(base);
    assert_non_null(strstr(md, "**Hires needed: 0**: the current team covers both"));
    /* Discovery meetings divide by the AEs' ramped headcount over the window */
    assert_non_null(strstr(md, "| Discovery meetings | Discovery | 0.6 | 3.15 |"));
    salesplan_free(md);
    salesplan_plan_free(p);
    salesplan_plan_free(base);
}

/* A 92-day quarter without phases: 30, 60, 90 and 92, the last at the target. */
static void test_default_phases_reach_the_end(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_phases(p, NULL, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2026-01-01", 92, NULL), SALESPLAN_OK);
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_result_phase_count(r), 4);
    assert_int_equal(salesplan_result_phase(r, 3)->day, 92);
    assert_true(fabs(salesplan_result_phase(r, 3)->cumulative_target - 250000.0) < 1e-6);
    salesplan_result_free(r);
    /* exactly 90 days: no extra phase */
    assert_int_equal(salesplan_plan_set_period(p, "2026-01-01", 90, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_result_phase_count(r), 3);
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_below_precision),
        cmocka_unit_test(test_hires_line),
        cmocka_unit_test(test_default_phases_reach_the_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
