/* The value rules of the plan model (lib/model/plan_rules.c) as a host sees
 * them: every setter family refuses with the code, the plan path of the
 * refused value and "<rule>; found <value>"; the plan reader reports the
 * very same message for the same value in a file; indexed getters tell an
 * index out of range (ERANGE) from an absent value (OK and NaN/NULL/-1);
 * a refused add_* adds nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "salesplan.h"

static salesplan_plan *new_plan(void)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "rules", NULL), SALESPLAN_OK);
    return p;
}

/* err holds exactly this refusal. */
static void refused(const salesplan_error *err, int code, const char *path, const char *message)
{
    assert_int_equal(err->code, code);
    assert_string_equal(err->path, path);
    assert_string_equal(err->message, message);
}

static void test_number_setters(void **state)
{
    (void)state;
    salesplan_plan *p = new_plan();
    salesplan_error e;
    assert_int_equal(salesplan_plan_set_target_revenue(p, -5.0, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "target.revenue", "must be a number > 0; found -5");
    assert_true(isnan(salesplan_plan_target_revenue(p))); /* unchanged: still absent */
    assert_int_equal(salesplan_plan_set_over_assignment(p, 1.0, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "target.over_assignment",
            "must be in [0, 1), e.g. 0.1 for 110%; found 1");
    assert_int_equal(salesplan_plan_set_confidence(p, (double)INFINITY, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "confidence",
            "must be a probability in (0, 1), e.g. 0.9; found inf");
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_GROSS_MARGIN, 1.25, &e),
                     SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "economics.gross_margin", "must be in (0, 1]; found 1.25");
    /* an accepted value clears err */
    assert_int_equal(salesplan_plan_set_deal_size(p, 12000.0, &e), SALESPLAN_OK);
    assert_int_equal(e.code, SALESPLAN_OK);
    assert_string_equal(e.message, "");
    salesplan_plan_free(p);
}

static void test_text_and_date_setters(void **state)
{
    (void)state;
    salesplan_plan *p = new_plan();
    salesplan_error e;
    assert_int_equal(salesplan_plan_set_name(p, "", &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "name", "must be 1 to 200 characters; found \"\"");
    assert_string_equal(salesplan_plan_name(p), "rules");
    char longname[260];
    memset(longname, 'y', 250);
    longname[250] = '\0';
    assert_int_equal(salesplan_plan_set_name(p, longname, &e), SALESPLAN_EINVAL);
    assert_non_null(strstr(e.message, "...\" (250 characters)"));
    assert_int_equal(salesplan_plan_set_name(p, "bad \xff", &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "name",
            "must be 1 to 200 characters; found a text that is not valid UTF-8");
    assert_int_equal(salesplan_plan_set_currency(p, "usd", &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "currency",
            "must be an ISO 4217 code of 3 upper-case letters such as \"USD\"; found \"usd\"");
    assert_int_equal(salesplan_plan_set_period(p, "2026-02-30", 30, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "period.start",
            "must be a real calendar date written YYYY-MM-DD; found \"2026-02-30\"");
    assert_int_equal(salesplan_plan_set_period(p, "2026-02-01", 3661, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "period.days", "must be an integer from 1 to 3660; found 3661");
    assert_int_equal(salesplan_plan_set_period(p, "9999-12-01", 90, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "period.days",
            "must end by 9999-12-31; found 90 days from 9999-12-01");
    assert_null(salesplan_plan_period_start(p));
    assert_int_equal(salesplan_plan_add_holiday(p, "2026-01-19", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_holiday(p, "2026-01-19", &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "calendar.holidays[1]",
            "must be a date not listed before; found \"2026-01-19\"");
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_KPIS, "", &e),
                     SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "narrative.kpis[0]",
            "must be a non-empty text of at most 10000 characters; found \"\"");
    assert_int_equal(salesplan_plan_set_workdays(p, 0, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "calendar.workdays", "must list at least one weekday; found none");
    salesplan_plan_free(p);
}

static void test_list_setters_name_the_item(void **state)
{
    (void)state;
    salesplan_plan *p = new_plan();
    salesplan_error e;
    const long phases[] = {30, 60, 45};
    assert_int_equal(salesplan_plan_set_phases(p, phases, 3, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "period.phases[2]",
            "must be strictly ascending day counts from 1 to 3660; found 45");
    assert_int_equal(salesplan_plan_phase_count(p), 0);
    const double w[] = {1.0, -0.5, 1.0};
    assert_int_equal(salesplan_plan_set_seasonality(p, w, 3, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "target.seasonality[1]",
            "weights must be >= 0 with a sum > 0; found -0.5");
    const double zeros[] = {0.0, 0.0};
    assert_int_equal(salesplan_plan_set_seasonality(p, zeros, 2, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "target.seasonality",
            "weights must be >= 0 with a sum > 0; found a sum of 0");
    assert_int_equal(salesplan_plan_add_role(p, "AE", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "SE", NULL), SALESPLAN_OK);
    const double ramp[] = {0.25, 0.5, 0.75, 1.5};
    assert_int_equal(salesplan_plan_set_role_ramp(p, 1, ramp, 4, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "team.roles[1].ramp[3]",
            "factors must be in [0, 1], one per tenure month; found 1.5");
    size_t n = 9;
    assert_int_equal(salesplan_plan_role_ramp_count(&n, p, 1), SALESPLAN_OK);
    assert_int_equal(n, 0);
    assert_int_equal(salesplan_plan_set_role_ramp(p, 2, ramp, 3, &e), SALESPLAN_ERANGE);
    refused(&e, SALESPLAN_ERANGE, "team.roles[2]",
            "must be the index of an existing element; found 2 of a list of 2");
    salesplan_plan_free(p);
}

static void test_add_is_all_or_nothing(void **state)
{
    (void)state;
    salesplan_plan *p = new_plan();
    salesplan_error e;
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.5, 3.0, NULL), SALESPLAN_OK);
    /* a bad value after a good name: no stage, and the name stays free */
    assert_int_equal(salesplan_plan_add_stage(p, "Demo", 0.5, -1.0, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "funnel.stages[1].days",
            "must be >= 0 (mean days until the stage advances); found -1");
    assert_int_equal(salesplan_plan_stage_count(p), 1);
    assert_int_equal(salesplan_plan_find_stage(p, "Demo"), -1);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.5, 1.0, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "funnel.stages[1].name",
            "must not repeat an earlier stage's name; found \"Lead\"");
    assert_int_equal(salesplan_plan_add_activity(p, "Calls", "Lead", 0.0, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "activities[0].per_entry",
            "must be > 0 (units of the activity per entry into the stage); found 0");
    assert_int_equal(salesplan_plan_activity_count(p), 0);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Ann", "AE", 12001, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "team.reps[0].tenure_months",
            "must be an integer from 0 to 12000; found 12001");
    assert_int_equal(salesplan_plan_add_rep(p, "Ann", "AE", "2026-1-5", &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "team.reps[0].start",
            "must be a real calendar date written YYYY-MM-DD; found \"2026-1-5\"");
    assert_int_equal(salesplan_plan_rep_count(p), 0);
    assert_int_equal(salesplan_plan_add_competitor(p, "Rival", SALESPLAN_COMPETITOR_DIRECT, "",
                                                   NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_competitor(p, "Rival", SALESPLAN_COMPETITOR_DIRECT, NULL,
                                                   &e),
                     SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "narrative.competitors[1].name",
            "must not repeat an earlier competitor's name; found \"Rival\"");
    assert_int_equal(salesplan_plan_competitor_count(p), 1);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Lead", -2, &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "pipeline.Lead", "must be a count of open deals >= 0; found -2");
    assert_int_equal(salesplan_plan_pipeline_count(p), 0);
    assert_int_equal(salesplan_plan_set_extension(p, "x-a", "{", &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "x-a", "must be one complete JSON value; found \"{\"");
    assert_int_equal(salesplan_plan_set_extension(p, "a", "1", &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "",
            "must start with \"x-\" and be 1 to 200 characters; found \"a\"");
    assert_int_equal(salesplan_plan_extension_count(p), 0);
    assert_int_equal(salesplan_plan_set_name(NULL, "x", &e), SALESPLAN_EINVAL);
    refused(&e, SALESPLAN_EINVAL, "", "needs a plan; found NULL");
    salesplan_plan_free(p);
}

static void test_indexed_getters(void **state)
{
    (void)state;
    salesplan_plan *p = new_plan();
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.25, 2.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", (double)NAN, 0.0, NULL), SALESPLAN_OK);
    double d = 0.0;
    /* in range: the value; the won stage's conversion is absent (OK + NaN) */
    assert_int_equal(salesplan_plan_stage_conversion(&d, p, 0), SALESPLAN_OK);
    assert_true(d == 0.25);
    assert_int_equal(salesplan_plan_stage_conversion(&d, p, 1), SALESPLAN_OK);
    assert_true(isnan(d));
    /* out of range: an error, with the absent value written */
    d = 7.0;
    assert_int_equal(salesplan_plan_stage_days(&d, p, 2), SALESPLAN_ERANGE);
    assert_true(isnan(d));
    const char *s = "x";
    assert_int_equal(salesplan_plan_stage_name(&s, p, 2), SALESPLAN_ERANGE);
    assert_null(s);
    assert_int_equal(salesplan_plan_stage_name(&s, p, 1), SALESPLAN_OK);
    assert_string_equal(s, "Won");
    assert_int_equal(salesplan_plan_stage_name(NULL, p, 0), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_stage_name(&s, NULL, 0), SALESPLAN_EINVAL);
    /* absent text, absent whole number */
    assert_int_equal(salesplan_plan_add_activity(p, "Calls", "Lead", 4.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_activity_role(&s, p, 0), SALESPLAN_OK);
    assert_null(s);
    assert_int_equal(salesplan_plan_activity_minutes(&d, p, 0), SALESPLAN_OK);
    assert_true(isnan(d));
    assert_int_equal(salesplan_plan_add_rep(p, "Ann", "AE", "2026-01-05", NULL), SALESPLAN_OK);
    long tenure = 0;
    assert_int_equal(salesplan_plan_rep_tenure_months(&tenure, p, 0), SALESPLAN_OK);
    assert_int_equal(tenure, -1);
    assert_int_equal(salesplan_plan_rep_tenure_months(&tenure, p, 1), SALESPLAN_ERANGE);
    /* a ramp factor past the list is 1 (a ramped-up rep), not an error */
    assert_int_equal(salesplan_plan_add_role(p, "AE", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_role_ramp(&d, p, 0, 5), SALESPLAN_OK);
    assert_true(d == 1.0);
    assert_int_equal(salesplan_plan_role_ramp(&d, p, 1, 0), SALESPLAN_ERANGE);
    assert_true(isnan(d));
    salesplan_plan_free(p);
}

/* A file holding `value` at `key` of the target gives, through the reader,
 * the message the setter gives for the same value. */
static void test_reader_forwards_the_model_message(void **state)
{
    (void)state;
    static const char *const bad[] = {"-5", "0", "0e-400", "-0.0001"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char text[600];
        snprintf(text, sizeof text,
                 "{\"salesplan\": 1, \"name\": \"r\", \"period\": {\"start\": \"2026-01-05\", "
                 "\"days\": 90}, \"target\": {\"revenue\": %s}, \"deal\": {\"average_size\": "
                 "1000}, \"funnel\": {\"stages\": [{\"name\": \"a\", \"conversion\": 0.5}, "
                 "{\"name\": \"b\"}]}}",
                 bad[k]);
        salesplan_diagnostics *d = NULL;
        assert_int_equal(salesplan_plan_validate_buffer(&d, text, strlen(text)), SALESPLAN_EPLAN);
        const salesplan_error *first = salesplan_diagnostics_get(d, 0);
        assert_non_null(first);
        assert_string_equal(first->path, "target.revenue");
        double v = 0.0;
        assert_int_equal(sscanf(bad[k], "%lf", &v), 1);
        salesplan_plan *p = new_plan();
        salesplan_error e;
        assert_int_equal(salesplan_plan_set_target_revenue(p, v, &e), SALESPLAN_EINVAL);
        assert_string_equal(first->message, e.message);
        salesplan_plan_free(p);
        salesplan_diagnostics_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_setters),
        cmocka_unit_test(test_text_and_date_setters),
        cmocka_unit_test(test_list_setters_name_the_item),
        cmocka_unit_test(test_add_is_all_or_nothing),
        cmocka_unit_test(test_indexed_getters),
        cmocka_unit_test(test_reader_forwards_the_model_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
