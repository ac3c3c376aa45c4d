/* Tests of the plan model: setters accept good values and refuse bad ones
 * without changing the plan, getters' absent values, deep clone, every rule
 * of salesplan_plan_check() with its path, and allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "model/plan_model.h"
#include "salesplan.h"
#include "test_alloc.h"

#define NaN ((double)NAN)
#define Inf ((double)INFINITY)

/* ---- helpers --------------------------------------------------------------- */

/* A complete valid plan, built through the public calls only. */
static salesplan_plan *valid_plan(void)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "FY25 Q3 plan", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_currency(p, "EUR", NULL), SALESPLAN_OK);
    /* 90 days from 15 July: 15-31 Jul, Aug, Sep, 1-12 Oct = 4 month slices. */
    assert_int_equal(salesplan_plan_set_period(p, "2025-07-15", 90, NULL), SALESPLAN_OK);
    const long phases[] = {30, 60, 90};
    assert_int_equal(salesplan_plan_set_phases(p, phases, 3, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_holiday(p, "2025-08-15", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_MISSION, "Sell widgets", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_competitor(p, "Acme", SALESPLAN_COMPETITOR_DIRECT,
                                                   "cheaper", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_KPIS, "win rate", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 1.2e6, NULL), SALESPLAN_OK);
    const double season[] = {0.5, 1, 1, 0.4};
    assert_int_equal(salesplan_plan_set_seasonality(p, season, 4, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, 25000, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.3, 5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Qualified", 0.5, 10, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Proposal", 0.4, 20, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NaN, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_opportunity_stage(p, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Qualified", 12, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Proposal", 5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "SDR", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "AE", NULL), SALESPLAN_OK);
    const double ramp[] = {0.25, 0.5, 0.75};
    assert_int_equal(salesplan_plan_set_role_ramp(p, 1, ramp, 3, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 1, 80000, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Cold email", "Lead", 20, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 0, "SDR", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, 3, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 0, "copywriting", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep(p, "Ann", "AE", "2024-01-10", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Bob", "AE", 2, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Cy", "SDR", 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_ARPA_MONTHLY, 2000, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_extension(p, "x-crm", "{\"id\": 7}", NULL), SALESPLAN_OK);
    return p;
}

/* Problems of a plan as "path|" joined in order (caller frees). */
static char *check_paths(const salesplan_plan *p, int *rc_out)
{
    salesplan_diagnostics *d = NULL;
    int rc = salesplan_plan_check(&d, p);
    assert_non_null(d);
    size_t n = salesplan_diagnostics_count(d);
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(salesplan_diagnostics_get(d, i)->path) + 1;
    char *s = calloc(1, len);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        const salesplan_error *e = salesplan_diagnostics_get(d, i);
        assert_int_equal(e->code, SALESPLAN_EPLAN);
        assert_int_equal(e->line, 0);
        assert_int_equal(e->column, 0);
        assert_true(e->message[0] != '\0');
        strcat(s, e->path);
        strcat(s, "|");
    }
    assert_int_equal(rc, n ? SALESPLAN_EPLAN : SALESPLAN_OK);
    salesplan_diagnostics_free(d);
    if (rc_out)
        *rc_out = rc;
    return s;
}

static void expect_paths(const salesplan_plan *p, const char *want)
{
    char *got = check_paths(p, NULL);
    assert_string_equal(got, want);
    free(got);
}

/* Message of the only problem of p (copied into buf). */
static void only_message(const salesplan_plan *p, char *buf, size_t size)
{
    salesplan_diagnostics *d = NULL;
    assert_int_equal(salesplan_plan_check(&d, p), SALESPLAN_EPLAN);
    assert_int_equal(salesplan_diagnostics_count(d), 1);
    snprintf(buf, size, "%s", salesplan_diagnostics_get(d, 0)->message);
    salesplan_diagnostics_free(d);
}

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* ---- lifetime and defaults ---------------------------------------------------- */

static void test_create_defaults(void **state)
{
    (void)state;
    salesplan_plan *p = (salesplan_plan *)1;
    assert_int_equal(salesplan_plan_create(&p, "", NULL), SALESPLAN_EINVAL);
    assert_null(p);
    assert_int_equal(salesplan_plan_create(&p, NULL, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_create(NULL, "x", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_string_equal(salesplan_plan_name(p), "P");
    assert_string_equal(salesplan_plan_currency(p), "USD");
    assert_null(salesplan_plan_period_start(p));
    assert_int_equal(salesplan_plan_period_days(p), 0);
    assert_int_equal(salesplan_plan_phase_count(p), 0);
    assert_int_equal(slp_long_at(salesplan_plan_phase, p, 0), -1);
    assert_int_equal(salesplan_plan_workdays(p), SALESPLAN_WEEKDAYS_DEFAULT);
    assert_int_equal(salesplan_plan_holiday_count(p), 0);
    assert_null(slp_text_at(salesplan_plan_holiday, p, 0));
    assert_null(salesplan_plan_text(p, SALESPLAN_TEXT_MISSION));
    assert_null(salesplan_plan_text(p, (salesplan_text_field)9));
    assert_int_equal(salesplan_plan_competitor_count(p), 0);
    assert_null(slp_text_at(salesplan_plan_competitor_name, p, 0));
    salesplan_competitor_kind ck = SALESPLAN_COMPETITOR_INDIRECT;
    assert_int_equal(salesplan_plan_competitor_kind(&ck, p, 0), SALESPLAN_ERANGE);
    assert_int_equal(ck, SALESPLAN_COMPETITOR_DIRECT); /* the absent value */
    assert_null(slp_text_at(salesplan_plan_competitor_notes, p, 0));
    assert_int_equal(salesplan_plan_list_count(p, SALESPLAN_LIST_STRATEGIES), 0);
    assert_null(slp_list_item_at(p, SALESPLAN_LIST_KPIS, 0));
    assert_true(isnan(salesplan_plan_target_revenue(p)));
    assert_int_equal(salesplan_plan_target_kind(p), SALESPLAN_TARGET_NEW_BUSINESS);
    assert_true(salesplan_plan_over_assignment(p) == 0.0);
    assert_int_equal(salesplan_plan_seasonality_count(p), 0);
    assert_true(isnan(slp_num_at(salesplan_plan_seasonality, p, 0)));
    assert_true(isnan(salesplan_plan_deal_size(p)));
    assert_true(salesplan_plan_deal_size_cv(p) == 0.0);
    assert_true(isnan(salesplan_plan_confidence(p)));
    assert_int_equal(salesplan_plan_stage_count(p), 0);
    assert_int_equal(salesplan_plan_find_stage(p, "x"), -1);
    assert_null(slp_text_at(salesplan_plan_stage_name, p, 0));
    assert_true(isnan(slp_num_at(salesplan_plan_stage_conversion, p, 0)));
    assert_true(isnan(slp_num_at(salesplan_plan_stage_days, p, 0)));
    assert_int_equal(salesplan_plan_opportunity_stage(p), -1);
    long long a = 5, l = 6;
    assert_int_equal(salesplan_plan_stage_observed(&a, &l, p, 0), SALESPLAN_ERANGE);
    assert_int_equal(a, -1); /* the absent value */
    assert_int_equal(l, -1);
    assert_int_equal(salesplan_plan_pipeline_count(p), 0);
    assert_null(slp_text_at(salesplan_plan_pipeline_stage, p, 0));
    assert_int_equal(slp_llong_at(salesplan_plan_pipeline_deals, p, 0), -1);
    assert_int_equal(salesplan_plan_activity_count(p), 0);
    assert_null(slp_text_at(salesplan_plan_activity_name, p, 0));
    assert_null(slp_text_at(salesplan_plan_activity_stage, p, 0));
    assert_true(isnan(slp_num_at(salesplan_plan_activity_per_entry, p, 0)));
    assert_true(isnan(slp_num_at(salesplan_plan_activity_share, p, 0)));
    assert_null(slp_text_at(salesplan_plan_activity_role, p, 0));
    assert_true(isnan(slp_num_at(salesplan_plan_activity_minutes, p, 0)));
    assert_int_equal(slp_size_at(salesplan_plan_activity_skill_count, p, 0), 0);
    assert_null(slp_skill_at(p, 0, 0));
    assert_int_equal(salesplan_plan_role_count(p), 0);
    assert_int_equal(salesplan_plan_find_role(p, "AE"), -1);
    assert_null(slp_text_at(salesplan_plan_role_name, p, 0));
    assert_int_equal(slp_size_at(salesplan_plan_role_ramp_count, p, 0), 0);
    assert_true(isnan(slp_ramp_at(p, 0, 0)));
    assert_true(isnan(slp_num_at(salesplan_plan_role_quota_monthly, p, 0)));
    assert_true(isnan(slp_num_at(salesplan_plan_role_minutes_per_day, p, 0)));
    assert_int_equal(salesplan_plan_rep_count(p), 0);
    assert_null(slp_text_at(salesplan_plan_rep_name, p, 0));
    assert_null(slp_text_at(salesplan_plan_rep_role, p, 0));
    assert_null(slp_text_at(salesplan_plan_rep_start, p, 0));
    assert_int_equal(slp_long_at(salesplan_plan_rep_tenure_months, p, 0), -1);
    assert_true(isnan(slp_num_at(salesplan_plan_rep_territory_weight, p, 0)));
    assert_true(salesplan_plan_attrition_monthly(p) == 0.0);
    assert_true(salesplan_plan_expected_attainment(p) == 1.0);
    for (int f = 0; f < 4; f++)
        assert_true(isnan(salesplan_plan_economics(p, (salesplan_economics_field)f)));
    assert_true(isnan(salesplan_plan_economics(p, (salesplan_economics_field)4)));
    assert_int_equal(salesplan_plan_extension_count(p), 0);
    assert_null(slp_text_at(salesplan_plan_extension_key, p, 0));
    assert_null(slp_text_at(salesplan_plan_extension_json, p, 0));
    salesplan_plan_free(p);
    salesplan_plan_free(NULL);
}

static void test_null_plan(void **state)
{
    (void)state;
    salesplan_plan *n = NULL;
    const long ph[] = {1};
    const double w[] = {1};
    assert_int_equal(salesplan_plan_set_name(n, "x", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_currency(n, "USD", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_period(n, "2025-01-01", 10, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_phases(n, ph, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_workdays(n, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_holiday(n, "2025-01-01", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_text(n, SALESPLAN_TEXT_MISSION, "m", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_competitor(n, "c", SALESPLAN_COMPETITOR_DIRECT, NULL, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_list_item(n, SALESPLAN_LIST_KPIS, "k", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_target_revenue(n, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_target_kind(n, SALESPLAN_TARGET_TOTAL, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_over_assignment(n, 0.1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_seasonality(n, w, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_deal_size(n, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_deal_size_cv(n, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_confidence(n, 0.5, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_stage(n, "s", 0.5, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_clear_stages(n), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_opportunity_stage(n, 0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_stage_observed(n, 0, 1, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_pipeline(n, "s", 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_activity(n, "a", "s", 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_share(n, 0, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_role(n, 0, "r", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_minutes(n, 0, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_activity_skill(n, 0, "k", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_role(n, "r", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_ramp(n, 0, w, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(n, 0, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_minutes_per_day(n, 0, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep(n, "r", "x", "2025-01-01", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep_tenure(n, "r", "x", 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_rep_territory_weight(n, 0, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_attrition_monthly(n, 0.1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_expected_attainment(n, 0.9, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_economics(n, SALESPLAN_ECON_CAC, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(n, "x-a", "1", NULL), SALESPLAN_EINVAL);
    /* Getters give the absent values. */
    assert_null(salesplan_plan_name(n));
    assert_null(salesplan_plan_currency(n));
    assert_null(salesplan_plan_period_start(n));
    assert_int_equal(salesplan_plan_period_days(n), 0);
    assert_int_equal(slp_long_at(salesplan_plan_phase, n, 0), -1);
    assert_true(isnan(salesplan_plan_target_revenue(n)));
    assert_true(isnan(salesplan_plan_over_assignment(n)));
    assert_true(isnan(salesplan_plan_deal_size(n)));
    assert_true(isnan(salesplan_plan_deal_size_cv(n)));
    assert_true(isnan(salesplan_plan_confidence(n)));
    assert_true(isnan(salesplan_plan_attrition_monthly(n)));
    assert_true(isnan(salesplan_plan_expected_attainment(n)));
    assert_int_equal(salesplan_plan_target_kind(n), SALESPLAN_TARGET_NEW_BUSINESS);
    assert_int_equal(salesplan_plan_stage_count(n), 0);
    assert_int_equal(salesplan_plan_opportunity_stage(n), -1);
    assert_int_equal(salesplan_plan_find_stage(n, "x"), -1);
    assert_int_equal(salesplan_plan_rep_count(n), 0);
    assert_int_equal(salesplan_plan_extension_count(n), 0);
    salesplan_plan *c = (salesplan_plan *)1;
    assert_int_equal(salesplan_plan_clone(&c, n), SALESPLAN_EINVAL);
    assert_null(c);
    salesplan_diagnostics *d = (salesplan_diagnostics *)1;
    assert_int_equal(salesplan_plan_check(&d, n), SALESPLAN_EINVAL);
    assert_null(d);
}

/* ---- identity, period, calendar ------------------------------------------------ */

static void test_identity(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "A", NULL), SALESPLAN_OK);
    char *n200 = repeat('n', 200), *n201 = repeat('n', 201);
    assert_int_equal(salesplan_plan_set_name(p, n200, NULL), SALESPLAN_OK);
    assert_string_equal(salesplan_plan_name(p), n200);
    assert_int_equal(salesplan_plan_set_name(p, n201, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_name(p, "", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_name(p, NULL, NULL), SALESPLAN_EINVAL);
    /* Text must be well-formed UTF-8, or it could not be saved as JSON. */
    assert_int_equal(salesplan_plan_set_name(p, "\xff", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_name(p, "\xed\xa0\x80", NULL), SALESPLAN_EINVAL); /* surrogate */
    assert_int_equal(salesplan_plan_set_name(p, "\xc0\xaf", NULL), SALESPLAN_EINVAL);     /* overlong */
    assert_int_equal(salesplan_plan_set_name(p, "\xf4\x90\x80\x80", NULL), SALESPLAN_EINVAL); /* > U+10FFFF */
    assert_int_equal(salesplan_plan_set_name(p, "Caf\xc3", NULL), SALESPLAN_EINVAL);        /* truncated */
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_MISSION, "ok \xe2\x82", NULL),
                     SALESPLAN_EINVAL);
    assert_string_equal(salesplan_plan_name(p), n200);
    /* 200 two-byte characters (400 bytes) is still 200 characters. */
    char u[401];
    for (int i = 0; i < 200; i++) {
        u[2 * i] = (char)0xC3;
        u[2 * i + 1] = (char)0xA9; /* é */
    }
    u[400] = '\0';
    assert_int_equal(salesplan_plan_set_name(p, u, NULL), SALESPLAN_OK);
    assert_string_equal(salesplan_plan_name(p), u);
    free(n200);
    free(n201);

    /* A name passed in is copied. */
    char buf[8] = "Mine";
    assert_int_equal(salesplan_plan_set_name(p, buf, NULL), SALESPLAN_OK);
    buf[0] = 'X';
    assert_string_equal(salesplan_plan_name(p), "Mine");

    assert_int_equal(salesplan_plan_set_currency(p, "GBP", NULL), SALESPLAN_OK);
    const char *bad[] = {"gbp", "GB", "GBPX", "G1P", "", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(salesplan_plan_set_currency(p, bad[i], NULL), SALESPLAN_EINVAL);
    assert_string_equal(salesplan_plan_currency(p), "GBP");
    salesplan_plan_free(p);
}

static void test_period(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2024-02-29", 3660, NULL), SALESPLAN_OK);
    assert_string_equal(salesplan_plan_period_start(p), "2024-02-29");
    assert_int_equal(salesplan_plan_period_days(p), 3660);
    const char *bad_dates[] = {"2025-02-30", "2025-13-01", "2025-1-01", "2025-01-01T",
                               "0000-01-01", "abcd-ef-gh", "", NULL, "2023-02-29"};
    for (size_t i = 0; i < sizeof bad_dates / sizeof *bad_dates; i++)
        assert_int_equal(salesplan_plan_set_period(p, bad_dates[i], 10, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_period(p, "2025-01-01", 0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_period(p, "2025-01-01", -5, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_period(p, "2025-01-01", 3661, NULL), SALESPLAN_EINVAL);
    /* Last day must stay within year 9999. */
    assert_int_equal(salesplan_plan_set_period(p, "9999-12-31", 2, NULL), SALESPLAN_EINVAL);
    assert_string_equal(salesplan_plan_period_start(p), "2024-02-29");
    assert_int_equal(salesplan_plan_period_days(p), 3660);
    assert_int_equal(salesplan_plan_set_period(p, "9999-12-31", 1, NULL), SALESPLAN_OK);

    /* Phases: strictly ascending, each >= 1; n = 0 restores the default. */
    const long ok[] = {10, 20, 45};
    assert_int_equal(salesplan_plan_set_phases(p, ok, 3, NULL), SALESPLAN_OK);
    const long desc[] = {10, 10}, zero[] = {0, 5}, neg[] = {-1};
    assert_int_equal(salesplan_plan_set_phases(p, desc, 2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_phases(p, zero, 2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_phases(p, neg, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_phases(p, NULL, 2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_phase_count(p), 3);
    assert_int_equal(slp_long_at(salesplan_plan_phase, p, 2), 45);
    assert_int_equal(slp_long_at(salesplan_plan_phase, p, 3), -1);
    assert_int_equal(salesplan_plan_set_phases(p, NULL, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_phase_count(p), 0);

    /* Workdays mask. */
    assert_int_equal(salesplan_plan_set_workdays(p, SALESPLAN_SAT | SALESPLAN_SUN, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_workdays(p, 0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_workdays(p, 128, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_workdays(p), 0x60u);
    assert_int_equal(salesplan_plan_set_workdays(p, 127, NULL), SALESPLAN_OK);

    /* Holidays: real dates, no duplicates, order kept. */
    assert_int_equal(salesplan_plan_add_holiday(p, "2025-12-25", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_holiday(p, "2025-01-01", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_holiday(p, "2025-12-25", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_holiday(p, "2025-02-30", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_holiday(p, NULL, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_holiday_count(p), 2);
    assert_string_equal(slp_text_at(salesplan_plan_holiday, p, 0), "2025-12-25");
    assert_string_equal(slp_text_at(salesplan_plan_holiday, p, 1), "2025-01-01");
    assert_null(slp_text_at(salesplan_plan_holiday, p, 2));
    salesplan_plan_free(p);
}

static void test_default_phases_and_slices(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    int out[3] = {0, 0, 0};
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_int_equal(slp_plan_default_phases(p, out), 0);
    assert_int_equal(slp_plan_month_slice_count(p), 0);
    assert_int_equal(salesplan_plan_set_period(p, "2025-07-15", 90, NULL), SALESPLAN_OK);
    assert_int_equal(slp_plan_default_phases(p, out), 3);
    assert_int_equal(out[0], 30);
    assert_int_equal(out[2], 90);
    assert_int_equal(slp_plan_month_slice_count(p), 4); /* SPEC §5's example */
    assert_int_equal(salesplan_plan_set_period(p, "2025-01-01", 59, NULL), SALESPLAN_OK);
    assert_int_equal(slp_plan_default_phases(p, out), 1);
    assert_int_equal(slp_plan_month_slice_count(p), 2); /* Jan + 28 days of Feb */
    assert_int_equal(salesplan_plan_set_period(p, "2025-01-01", 60, NULL), SALESPLAN_OK);
    assert_int_equal(slp_plan_default_phases(p, out), 2);
    assert_int_equal(slp_plan_month_slice_count(p), 3); /* Jan, Feb, 1 Mar */
    assert_int_equal(salesplan_plan_set_period(p, "2024-12-31", 1, NULL), SALESPLAN_OK);
    assert_int_equal(slp_plan_month_slice_count(p), 1);
    assert_int_equal(salesplan_plan_set_period(p, "2024-12-31", 2, NULL), SALESPLAN_OK);
    assert_int_equal(slp_plan_month_slice_count(p), 2); /* across a year end */
    assert_int_equal(salesplan_plan_set_period(p, "2025-01-01", 365, NULL), SALESPLAN_OK);
    assert_int_equal(slp_plan_month_slice_count(p), 12);
    int ph[8];
    assert_int_equal(slp_plan_phases(p, ph, 8), 3);
    const long mine[] = {7, 400};
    assert_int_equal(salesplan_plan_set_phases(p, mine, 2, NULL), SALESPLAN_OK);
    assert_int_equal(slp_plan_phases(p, ph, 8), 2);
    assert_int_equal(ph[1], 400);

    /* Workdays: Jan 2025 has 23 Mon-Fri days; 1 Jan (Wed) as a holiday leaves 22,
     * a Saturday holiday changes nothing. */
    slp_day jan1 = slp_days_from_civil(2025, 1, 1);
    assert_int_equal(slp_plan_workdays_between(p, jan1, jan1 + 31), 23);
    assert_int_equal(salesplan_plan_add_holiday(p, "2025-01-01", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_holiday(p, "2025-01-04", NULL), SALESPLAN_OK);
    assert_int_equal(slp_plan_workdays_between(p, jan1, jan1 + 31), 22);
    assert_int_equal(slp_plan_workdays_between(p, jan1, jan1 + 1), 0);
    assert_int_equal(slp_plan_workdays_between(p, jan1 + 1, jan1 + 2), 1);
    assert_int_equal(slp_plan_workdays_between(p, jan1 + 3, jan1 + 4), 0); /* Saturday */

    /* Rep start from tenure: 2025-01-01 minus 2 months. */
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "T", "AE", 2, NULL), SALESPLAN_OK);
    slp_day d;
    assert_int_equal(slp_plan_rep_start_day(p, 0, &d), 0);
    assert_int_equal(d, slp_days_from_civil(2024, 11, 1));
    assert_int_equal(slp_plan_rep_start_day(p, 1, &d), -1);
    salesplan_plan_free(p);
}

/* ---- narrative, target, deal -------------------------------------------------------- */

static void test_narrative(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    char *t10k = repeat('t', 10000), *t10k1 = repeat('t', 10001);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_POSITIONING, t10k, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_POSITIONING, t10k1, NULL),
                     SALESPLAN_EINVAL);
    assert_string_equal(salesplan_plan_text(p, SALESPLAN_TEXT_POSITIONING), t10k);
    assert_int_equal(salesplan_plan_set_text(p, (salesplan_text_field)4, "x", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_POSITIONING, NULL, NULL), SALESPLAN_OK);
    assert_null(salesplan_plan_text(p, SALESPLAN_TEXT_POSITIONING));
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_TARGET_MARKET, "SMB", NULL),
                     SALESPLAN_OK);
    assert_string_equal(salesplan_plan_text(p, SALESPLAN_TEXT_TARGET_MARKET), "SMB");

    assert_int_equal(salesplan_plan_add_competitor(p, "Acme", SALESPLAN_COMPETITOR_DIRECT, NULL, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_competitor(p, "Globex", SALESPLAN_COMPETITOR_INDIRECT,
                                                   "spreadsheets", NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_competitor(p, "Acme", SALESPLAN_COMPETITOR_INDIRECT, NULL, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_competitor(p, "", SALESPLAN_COMPETITOR_DIRECT, NULL, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_competitor(p, "Z", (salesplan_competitor_kind)2, NULL, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_competitor(p, "Z", SALESPLAN_COMPETITOR_DIRECT, t10k1, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_competitor_count(p), 2);
    assert_string_equal(slp_text_at(salesplan_plan_competitor_name, p, 1), "Globex");
    assert_int_equal(slp_competitor_kind_at(p, 1), SALESPLAN_COMPETITOR_INDIRECT);
    assert_string_equal(slp_text_at(salesplan_plan_competitor_notes, p, 1), "spreadsheets");
    assert_null(slp_text_at(salesplan_plan_competitor_notes, p, 0));

    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_STRATEGIES, "a", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_STRATEGIES, "a", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_STRATEGIES, "", NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_STRATEGIES, t10k1, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_list_item(p, (salesplan_list)2, "x", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_list_count(p, SALESPLAN_LIST_STRATEGIES), 2);
    assert_int_equal(salesplan_plan_list_count(p, SALESPLAN_LIST_KPIS), 0);
    assert_int_equal(salesplan_plan_list_count(p, (salesplan_list)2), 0);
    assert_string_equal(slp_list_item_at(p, SALESPLAN_LIST_STRATEGIES, 1), "a");
    free(t10k);
    free(t10k1);
    salesplan_plan_free(p);
}

static void test_target_deal_confidence(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    const double bad_pos[] = {0.0, -0.0, -1.0, NaN, Inf, -Inf};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(salesplan_plan_set_target_revenue(p, bad_pos[i], NULL), SALESPLAN_EINVAL);
        assert_int_equal(salesplan_plan_set_deal_size(p, bad_pos[i], NULL), SALESPLAN_EINVAL);
    }
    assert_true(isnan(salesplan_plan_target_revenue(p)));
    assert_int_equal(salesplan_plan_set_target_revenue(p, 1e-300, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 5e5, NULL), SALESPLAN_OK);
    assert_true(salesplan_plan_target_revenue(p) == 5e5);
    assert_int_equal(salesplan_plan_set_deal_size(p, 1234.5, NULL), SALESPLAN_OK);
    assert_true(salesplan_plan_deal_size(p) == 1234.5);

    assert_int_equal(salesplan_plan_set_target_kind(p, SALESPLAN_TARGET_RENEWAL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_kind(p, (salesplan_target_kind)4, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_target_kind(p, (salesplan_target_kind)-1, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_target_kind(p), SALESPLAN_TARGET_RENEWAL);

    /* over-assignment in [0, 1) */
    assert_int_equal(salesplan_plan_set_over_assignment(p, 0.25, NULL), SALESPLAN_OK);
    const double bad_o[] = {1.0, -0.01, NaN, Inf, 1.5};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(salesplan_plan_set_over_assignment(p, bad_o[i], NULL), SALESPLAN_EINVAL);
    assert_true(salesplan_plan_over_assignment(p) == 0.25);
    assert_int_equal(salesplan_plan_set_over_assignment(p, -0.0, NULL), SALESPLAN_OK);
    assert_false(signbit(salesplan_plan_over_assignment(p))); /* stored as +0 */

    /* cv >= 0 */
    assert_int_equal(salesplan_plan_set_deal_size_cv(p, 0.4, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size_cv(p, -0.1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_deal_size_cv(p, Inf, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_deal_size_cv(p, NaN, NULL), SALESPLAN_EINVAL);
    assert_true(salesplan_plan_deal_size_cv(p) == 0.4);

    /* confidence in (0, 1); NaN clears */
    assert_int_equal(salesplan_plan_set_confidence(p, 0.9, NULL), SALESPLAN_OK);
    const double bad_q[] = {0.0, 1.0, -0.5, Inf};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(salesplan_plan_set_confidence(p, bad_q[i], NULL), SALESPLAN_EINVAL);
    assert_true(salesplan_plan_confidence(p) == 0.9);
    assert_int_equal(salesplan_plan_set_confidence(p, NaN, NULL), SALESPLAN_OK);
    assert_true(isnan(salesplan_plan_confidence(p)));

    /* seasonality: >= 0, finite, sum > 0; n = 0 clears */
    const double w[] = {1, 0, 2.5};
    assert_int_equal(salesplan_plan_set_seasonality(p, w, 3, NULL), SALESPLAN_OK);
    const double zeros[] = {0, 0}, neg[] = {1, -1}, nan_w[] = {1, NaN}, inf_w[] = {Inf};
    const double huge[] = {1.5e308, 1.5e308};
    assert_int_equal(salesplan_plan_set_seasonality(p, zeros, 2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_seasonality(p, neg, 2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_seasonality(p, nan_w, 2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_seasonality(p, inf_w, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_seasonality(p, huge, 2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_seasonality(p, NULL, 2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_seasonality_count(p), 3);
    assert_true(slp_num_at(salesplan_plan_seasonality, p, 2) == 2.5);
    assert_true(isnan(slp_num_at(salesplan_plan_seasonality, p, 3)));
    double *many = calloc(SLP_MAX_ITEMS + 1, sizeof *many);
    assert_non_null(many);
    many[0] = 1;
    assert_int_equal(salesplan_plan_set_seasonality(p, many, SLP_MAX_ITEMS + 1, NULL), SALESPLAN_ELIMIT);
    free(many);
    assert_int_equal(salesplan_plan_set_seasonality(p, NULL, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_seasonality_count(p), 0);
    salesplan_plan_free(p);
}

/* ---- funnel, pipeline, activities ---------------------------------------------- */

static void test_stages(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.2, 3.5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Demo", 1.0, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NaN, 0, NULL), SALESPLAN_OK);
    /* refused: duplicate, empty, conversion out of (0, 1], bad days */
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.5, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_stage(p, "", 0.5, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_stage(p, NULL, 0.5, 1, NULL), SALESPLAN_EINVAL);
    const double bad_c[] = {0.0, 1.0000001, -0.5, Inf, -Inf};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(salesplan_plan_add_stage(p, "X", bad_c[i], 1, NULL), SALESPLAN_EINVAL);
    const double bad_d[] = {-1.0, NaN, Inf};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(salesplan_plan_add_stage(p, "X", 0.5, bad_d[i], NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_stage_count(p), 3);
    assert_int_equal(salesplan_plan_find_stage(p, "Demo"), 1);
    assert_int_equal(salesplan_plan_find_stage(p, "X"), -1);
    assert_int_equal(salesplan_plan_find_stage(p, NULL), -1);
    assert_string_equal(slp_text_at(salesplan_plan_stage_name, p, 2), "Won");
    assert_true(slp_num_at(salesplan_plan_stage_conversion, p, 0) == 0.2);
    assert_true(isnan(slp_num_at(salesplan_plan_stage_conversion, p, 2)));
    assert_true(slp_num_at(salesplan_plan_stage_days, p, 0) == 3.5);
    assert_true(isnan(slp_num_at(salesplan_plan_stage_days, p, 3)));

    assert_int_equal(salesplan_plan_set_opportunity_stage(p, 3, NULL), SALESPLAN_ERANGE);
    assert_int_equal(salesplan_plan_opportunity_stage(p), -1);
    assert_int_equal(salesplan_plan_set_opportunity_stage(p, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_opportunity_stage(p, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_opportunity_stage(p), 1);

    long long a = -9, l = -9;
    assert_int_equal(salesplan_plan_stage_observed(&a, &l, p, 0), SALESPLAN_OK); /* absent */
    assert_int_equal(a, -1);
    assert_int_equal(l, -1);
    assert_int_equal(salesplan_plan_set_stage_observed(p, 0, 40, 160, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_stage_observed(&a, &l, p, 0), SALESPLAN_OK);
    assert_int_equal(a, 40);
    assert_int_equal(l, 160);
    assert_int_equal(salesplan_plan_set_stage_observed(p, 0, 0, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_stage_observed(&a, &l, p, 0), SALESPLAN_OK);
    assert_int_equal(a + l, 0);
    assert_int_equal(salesplan_plan_set_stage_observed(p, 3, 1, 1, NULL), SALESPLAN_ERANGE);
    assert_int_equal(salesplan_plan_set_stage_observed(p, 0, -1, 5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_stage_observed(&a, &l, p, 0), SALESPLAN_OK);
    assert_int_equal(a, -1); /* cleared */
    assert_int_equal(salesplan_plan_stage_observed(&a, &l, p, 7), SALESPLAN_ERANGE);

    assert_int_equal(salesplan_plan_clear_stages(p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_stage_count(p), 0);
    assert_int_equal(salesplan_plan_opportunity_stage(p), -1);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.5, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_stage_observed(&a, &l, p, 0), SALESPLAN_OK);
    assert_int_equal(a, -1);

    /* at most SLP_MAX_STAGES stages */
    char name[32];
    for (unsigned i = 1; i < SLP_MAX_STAGES; i++) {
        snprintf(name, sizeof name, "s%u", i);
        assert_int_equal(salesplan_plan_add_stage(p, name, 0.5, 0, NULL), SALESPLAN_OK);
    }
    assert_int_equal(salesplan_plan_add_stage(p, "one more", 0.5, 0, NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_stage_count(p), SLP_MAX_STAGES);
    salesplan_plan_free(p);
}

static void test_pipeline(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Demo", 7, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Lead", 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Demo", 9, NULL), SALESPLAN_OK); /* replaces */
    assert_int_equal(salesplan_plan_set_pipeline(p, "Lead", -1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_pipeline(p, "", 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_pipeline(p, NULL, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_pipeline_count(p), 2);
    assert_string_equal(slp_text_at(salesplan_plan_pipeline_stage, p, 0), "Demo");
    assert_int_equal(slp_llong_at(salesplan_plan_pipeline_deals, p, 0), 9);
    assert_string_equal(slp_text_at(salesplan_plan_pipeline_stage, p, 1), "Lead");
    assert_int_equal(slp_llong_at(salesplan_plan_pipeline_deals, p, 1), 0);
    assert_int_equal(slp_llong_at(salesplan_plan_pipeline_deals, p, 2), -1);
    /* clearing stages keeps the pipeline */
    assert_int_equal(salesplan_plan_clear_stages(p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_pipeline_count(p), 2);
    salesplan_plan_free(p);
}

static void test_activities(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Call", "Lead", 3, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Email", "Lead", 0.5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Call", "Demo", 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_activity(p, "", "Demo", 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_activity(p, "X", "", 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_activity(p, "X", NULL, 1, NULL), SALESPLAN_EINVAL);
    const double bad[] = {0.0, -1.0, NaN, Inf};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(salesplan_plan_add_activity(p, "X", "Lead", bad[i], NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_activity_count(p), 2);
    assert_string_equal(slp_text_at(salesplan_plan_activity_name, p, 1), "Email");
    assert_string_equal(slp_text_at(salesplan_plan_activity_stage, p, 1), "Lead");
    assert_true(slp_num_at(salesplan_plan_activity_per_entry, p, 1) == 0.5);
    assert_true(slp_num_at(salesplan_plan_activity_share, p, 1) == 1.0);
    assert_null(slp_text_at(salesplan_plan_activity_role, p, 1));
    assert_true(isnan(slp_num_at(salesplan_plan_activity_minutes, p, 1)));

    /* share in (0, 1] */
    assert_int_equal(salesplan_plan_set_activity_share(p, 1, 0.25, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_share(p, 1, 0.0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_share(p, 1, 1.5, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_share(p, 1, NaN, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_share(p, 2, 0.5, NULL), SALESPLAN_ERANGE);
    assert_true(slp_num_at(salesplan_plan_activity_share, p, 1) == 0.25);

    /* role: name or NULL */
    assert_int_equal(salesplan_plan_set_activity_role(p, 1, "SDR", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 1, "", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_role(p, 5, "SDR", NULL), SALESPLAN_ERANGE);
    assert_string_equal(slp_text_at(salesplan_plan_activity_role, p, 1), "SDR");
    assert_int_equal(salesplan_plan_set_activity_role(p, 1, NULL, NULL), SALESPLAN_OK);
    assert_null(slp_text_at(salesplan_plan_activity_role, p, 1));

    /* minutes > 0; NaN clears */
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, 4.5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, 0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, -2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, Inf, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 2, 1, NULL), SALESPLAN_ERANGE);
    assert_true(slp_num_at(salesplan_plan_activity_minutes, p, 0) == 4.5);
    assert_int_equal(salesplan_plan_set_activity_minutes(p, 0, NaN, NULL), SALESPLAN_OK);
    assert_true(isnan(slp_num_at(salesplan_plan_activity_minutes, p, 0)));

    /* skills */
    assert_int_equal(salesplan_plan_add_activity_skill(p, 0, "phone", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 0, "CRM", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 0, "", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 0, NULL, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_activity_skill(p, 9, "x", NULL), SALESPLAN_ERANGE);
    assert_int_equal(slp_size_at(salesplan_plan_activity_skill_count, p, 0), 2);
    assert_int_equal(slp_size_at(salesplan_plan_activity_skill_count, p, 1), 0);
    assert_string_equal(slp_skill_at(p, 0, 1), "CRM");
    assert_null(slp_skill_at(p, 0, 2));
    salesplan_plan_free(p);
}

/* ---- team, economics, extensions ----------------------------------------------- */

static void test_roles(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "AE", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "SDR", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_role(p, "AE", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_role(p, "", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_role_count(p), 2);
    assert_int_equal(salesplan_plan_find_role(p, "SDR"), 1);
    assert_true(slp_num_at(salesplan_plan_role_minutes_per_day, p, 0) == 360.0);
    assert_true(slp_num_at(salesplan_plan_role_quota_monthly, p, 0) == 0.0);
    assert_int_equal(slp_size_at(salesplan_plan_role_ramp_count, p, 0), 0);
    assert_true(slp_ramp_at(p, 0, 0) == 1.0);

    const double ramp[] = {0, 0.5, 1};
    assert_int_equal(salesplan_plan_set_role_ramp(p, 0, ramp, 3, NULL), SALESPLAN_OK);
    const double bad1[] = {0.5, 1.01}, bad2[] = {-0.1}, bad3[] = {NaN};
    assert_int_equal(salesplan_plan_set_role_ramp(p, 0, bad1, 2, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_ramp(p, 0, bad2, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_ramp(p, 0, bad3, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_ramp(p, 0, NULL, 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_ramp(p, 2, ramp, 3, NULL), SALESPLAN_ERANGE);
    assert_int_equal(slp_size_at(salesplan_plan_role_ramp_count, p, 0), 3);
    assert_true(slp_ramp_at(p, 0, 0) == 0.0);
    assert_true(slp_ramp_at(p, 0, 1) == 0.5);
    assert_true(slp_ramp_at(p, 0, 7) == 1.0); /* past the list */
    assert_true(isnan(slp_ramp_at(p, 2, 0)));
    assert_int_equal(salesplan_plan_set_role_ramp(p, 0, NULL, 0, NULL), SALESPLAN_OK);
    assert_int_equal(slp_size_at(salesplan_plan_role_ramp_count, p, 0), 0);

    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 0, 50000, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 0, -1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 0, Inf, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 0, NaN, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 3, 1, NULL), SALESPLAN_ERANGE);
    assert_true(slp_num_at(salesplan_plan_role_quota_monthly, p, 0) == 50000);
    assert_int_equal(salesplan_plan_set_role_quota_monthly(p, 0, 0, NULL), SALESPLAN_OK);

    assert_int_equal(salesplan_plan_set_role_minutes_per_day(p, 1, 1440, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_role_minutes_per_day(p, 1, 1440.5, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_minutes_per_day(p, 1, 0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_minutes_per_day(p, 1, NaN, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_role_minutes_per_day(p, 2, 100, NULL), SALESPLAN_ERANGE);
    assert_true(slp_num_at(salesplan_plan_role_minutes_per_day, p, 1) == 1440);
    salesplan_plan_free(p);
}

static void test_reps_team(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep(p, "Ann", "AE", "2024-02-29", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Bob", "AE", 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep(p, "Ann", "SDR", "2024-01-01", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Ann", "SDR", 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep(p, "Cy", "AE", "2025-02-29", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep(p, "Cy", "AE", NULL, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep(p, "Cy", "", "2025-01-01", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep(p, "", "AE", "2025-01-01", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Cy", "AE", -1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Cy", "AE", SLP_MAX_TENURE_MONTHS + 1, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_rep_count(p), 2);
    assert_string_equal(slp_text_at(salesplan_plan_rep_name, p, 0), "Ann");
    assert_string_equal(slp_text_at(salesplan_plan_rep_role, p, 0), "AE");
    assert_string_equal(slp_text_at(salesplan_plan_rep_start, p, 0), "2024-02-29");
    assert_int_equal(slp_long_at(salesplan_plan_rep_tenure_months, p, 0), -1);
    assert_null(slp_text_at(salesplan_plan_rep_start, p, 1));
    assert_int_equal(slp_long_at(salesplan_plan_rep_tenure_months, p, 1), 0);
    assert_true(slp_num_at(salesplan_plan_rep_territory_weight, p, 1) == 1.0);

    assert_int_equal(salesplan_plan_set_rep_territory_weight(p, 1, 2.5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_rep_territory_weight(p, 1, 0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_rep_territory_weight(p, 1, -1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_rep_territory_weight(p, 1, Inf, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_rep_territory_weight(p, 1, NaN, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_rep_territory_weight(p, 2, 1, NULL), SALESPLAN_ERANGE);
    assert_true(slp_num_at(salesplan_plan_rep_territory_weight, p, 1) == 2.5);

    assert_int_equal(salesplan_plan_set_attrition_monthly(p, 0.02, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_attrition_monthly(p, 1.0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_attrition_monthly(p, -0.1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_attrition_monthly(p, NaN, NULL), SALESPLAN_EINVAL);
    assert_true(salesplan_plan_attrition_monthly(p) == 0.02);
    assert_int_equal(salesplan_plan_set_expected_attainment(p, 1.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_expected_attainment(p, 0.8, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_expected_attainment(p, 0.0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_expected_attainment(p, 1.1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_expected_attainment(p, NaN, NULL), SALESPLAN_EINVAL);
    assert_true(salesplan_plan_expected_attainment(p) == 0.8);
    salesplan_plan_free(p);
}

static void test_economics_extensions(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_ARPA_MONTHLY, 99, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_GROSS_MARGIN, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CHURN_MONTHLY, 0.02, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CAC, 5000, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_ARPA_MONTHLY, 0, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_GROSS_MARGIN, 1.2, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_GROSS_MARGIN, 0, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CHURN_MONTHLY, 1.5, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CAC, Inf, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CAC, -3, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_economics(p, (salesplan_economics_field)4, 1, NULL),
                     SALESPLAN_EINVAL);
    assert_true(salesplan_plan_economics(p, SALESPLAN_ECON_ARPA_MONTHLY) == 99);
    assert_true(salesplan_plan_economics(p, SALESPLAN_ECON_GROSS_MARGIN) == 1);
    assert_true(salesplan_plan_economics(p, SALESPLAN_ECON_CHURN_MONTHLY) == 0.02);
    assert_true(salesplan_plan_economics(p, SALESPLAN_ECON_CAC) == 5000);
    assert_int_equal(salesplan_plan_set_economics(p, SALESPLAN_ECON_CAC, NaN, NULL), SALESPLAN_OK);
    assert_true(isnan(salesplan_plan_economics(p, SALESPLAN_ECON_CAC)));

    assert_int_equal(salesplan_plan_set_extension(p, "x-a", "1", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_extension(p, "x-b", "[1, 2]", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_extension(p, "x-a", "{\"k\": null}", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_extension(p, "y-a", "1", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(p, "X-a", "1", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(p, "x", "1", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(p, "x-c", "", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(p, "x-c", " \n", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(p, "x-c", NULL, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(p, NULL, "1", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_extension_count(p), 2);
    assert_string_equal(slp_text_at(salesplan_plan_extension_key, p, 0), "x-a");
    assert_string_equal(slp_text_at(salesplan_plan_extension_json, p, 0), "{\"k\": null}");
    assert_string_equal(slp_text_at(salesplan_plan_extension_key, p, 1), "x-b");
    assert_string_equal(slp_text_at(salesplan_plan_extension_json, p, 1), "[1, 2]");
    salesplan_plan_free(p);
}

static void test_item_limits(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    char name[32];
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    for (unsigned i = 0; i < SLP_MAX_ITEMS; i++) {
        snprintf(name, sizeof name, "r%u", i);
        assert_int_equal(salesplan_plan_add_role(p, name, NULL), SALESPLAN_OK);
        assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_KPIS, "k", NULL), SALESPLAN_OK);
    }
    assert_int_equal(salesplan_plan_add_role(p, "extra", NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_add_list_item(p, SALESPLAN_LIST_KPIS, "k", NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_role_count(p), SLP_MAX_ITEMS);
    assert_int_equal(salesplan_plan_list_count(p, SALESPLAN_LIST_KPIS), SLP_MAX_ITEMS);
    salesplan_plan_free(p);
}

/* ---- clone ---------------------------------------------------------------------------- */

static void test_clone_is_deep(void **state)
{
    (void)state;
    salesplan_plan *p = valid_plan();
    salesplan_plan *c = NULL;
    assert_int_equal(salesplan_plan_clone(&c, p), SALESPLAN_OK);
    assert_non_null(c);
    expect_paths(c, "");
    /* Same content, different storage. */
    assert_string_equal(salesplan_plan_name(c), salesplan_plan_name(p));
    assert_ptr_not_equal(salesplan_plan_name(c), salesplan_plan_name(p));
    assert_string_equal(salesplan_plan_currency(c), "EUR");
    assert_string_equal(salesplan_plan_period_start(c), "2025-07-15");
    assert_int_equal(slp_long_at(salesplan_plan_phase, c, 1), 60);
    assert_string_equal(slp_text_at(salesplan_plan_holiday, c, 0), "2025-08-15");
    assert_string_equal(slp_text_at(salesplan_plan_competitor_notes, c, 0), "cheaper");
    assert_string_equal(slp_list_item_at(c, SALESPLAN_LIST_KPIS, 0), "win rate");
    assert_true(slp_num_at(salesplan_plan_seasonality, c, 3) == 0.4);
    assert_int_equal(salesplan_plan_opportunity_stage(c), 1);
    assert_int_equal(slp_llong_at(salesplan_plan_pipeline_deals, c, 1), 5);
    assert_string_equal(slp_skill_at(c, 0, 0), "copywriting");
    assert_true(slp_ramp_at(c, 1, 2) == 0.75);
    assert_int_equal(slp_long_at(salesplan_plan_rep_tenure_months, c, 1), 2);
    assert_string_equal(slp_text_at(salesplan_plan_extension_json, c, 0), "{\"id\": 7}");
    assert_true(salesplan_plan_economics(c, SALESPLAN_ECON_ARPA_MONTHLY) == 2000);

    /* Mutate the clone everywhere; the original keeps its values. */
    assert_int_equal(salesplan_plan_set_name(c, "other", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(c, "2026-01-01", 30, NULL), SALESPLAN_OK);
    const long ph[] = {5};
    assert_int_equal(salesplan_plan_set_phases(c, ph, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_holiday(c, "2026-01-01", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(c, SALESPLAN_TEXT_MISSION, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_competitor(c, "New", SALESPLAN_COMPETITOR_DIRECT, NULL, NULL),
                     SALESPLAN_OK);
    const double w[] = {1};
    assert_int_equal(salesplan_plan_set_seasonality(c, w, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_clear_stages(c), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(c, "Qualified", 99, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity_skill(c, 0, "more", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(c, 0, NULL, NULL), SALESPLAN_OK);
    const double r[] = {1};
    assert_int_equal(salesplan_plan_set_role_ramp(c, 1, r, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(c, "Dee", "AE", 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_extension(c, "x-crm", "0", NULL), SALESPLAN_OK);

    assert_string_equal(salesplan_plan_name(p), "FY25 Q3 plan");
    assert_string_equal(salesplan_plan_period_start(p), "2025-07-15");
    assert_int_equal(salesplan_plan_period_days(p), 90);
    assert_int_equal(salesplan_plan_phase_count(p), 3);
    assert_int_equal(salesplan_plan_holiday_count(p), 1);
    assert_string_equal(salesplan_plan_text(p, SALESPLAN_TEXT_MISSION), "Sell widgets");
    assert_int_equal(salesplan_plan_competitor_count(p), 1);
    assert_int_equal(salesplan_plan_seasonality_count(p), 4);
    assert_int_equal(salesplan_plan_stage_count(p), 4);
    assert_int_equal(salesplan_plan_opportunity_stage(p), 1);
    assert_int_equal(slp_llong_at(salesplan_plan_pipeline_deals, p, 0), 12);
    assert_int_equal(slp_size_at(salesplan_plan_activity_skill_count, p, 0), 1);
    assert_string_equal(slp_text_at(salesplan_plan_activity_role, p, 0), "SDR");
    assert_int_equal(slp_size_at(salesplan_plan_role_ramp_count, p, 1), 3);
    assert_int_equal(salesplan_plan_rep_count(p), 3);
    assert_string_equal(slp_text_at(salesplan_plan_extension_json, p, 0), "{\"id\": 7}");
    expect_paths(p, "");
    salesplan_plan_free(c);

    /* An empty plan clones too. */
    salesplan_plan *e = NULL;
    assert_int_equal(salesplan_plan_create(&e, "E", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_clone(&c, e), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_stage_count(c), 0);
    assert_null(salesplan_plan_period_start(c));
    salesplan_plan_free(c);
    salesplan_plan_free(e);
    assert_int_equal(salesplan_plan_clone(NULL, p), SALESPLAN_EINVAL);
    salesplan_plan_free(p);
}

/* ---- check rules ------------------------------------------------------------------------ */

static void test_check_valid_and_empty(void **state)
{
    (void)state;
    salesplan_plan *p = valid_plan();
    expect_paths(p, "");
    salesplan_plan_free(p);

    /* An empty plan lacks every required part, reported in plan order. */
    assert_int_equal(salesplan_plan_create(&p, "E", NULL), SALESPLAN_OK);
    int rc;
    char *got = check_paths(p, &rc);
    assert_int_equal(rc, SALESPLAN_EPLAN);
    assert_string_equal(got, "period|target.revenue|deal.average_size|funnel.stages|");
    free(got);
    char msg[SALESPLAN_ERROR_MESSAGE_SIZE];
    assert_int_equal(salesplan_plan_set_period(p, "2025-01-06", 7, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Only", NaN, 0, NULL), SALESPLAN_OK);
    only_message(p, msg, sizeof msg);
    assert_non_null(strstr(msg, "found 1"));
    salesplan_plan_free(p);

    p = valid_plan();
    assert_int_equal(salesplan_plan_check(NULL, p), SALESPLAN_EINVAL);
    assert_int_equal(slp_plan_check_into(p, NULL), SALESPLAN_EINVAL);
    /* check_into appends to an existing list. */
    salesplan_diagnostics *d = NULL;
    assert_int_equal(salesplan_plan_set_pipeline(p, "Nope", 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_check(&d, p), SALESPLAN_EPLAN);
    assert_int_equal(slp_plan_check_into(NULL, d), SALESPLAN_EINVAL);
    assert_int_equal(slp_plan_check_into(p, d), SALESPLAN_OK);
    assert_int_equal(salesplan_diagnostics_count(d), 2);
    assert_string_equal(salesplan_diagnostics_get(d, 1)->path, "pipeline.Nope");
    salesplan_diagnostics_free(d);
    salesplan_plan_free(p);
}

static void test_check_period_rules(void **state)
{
    (void)state;
    salesplan_plan *p = valid_plan();
    char msg[SALESPLAN_ERROR_MESSAGE_SIZE];
    /* phases past the period's days: 90-day period, phase 120 */
    const long ph[] = {30, 90, 120};
    assert_int_equal(salesplan_plan_set_phases(p, ph, 3, NULL), SALESPLAN_OK);
    expect_paths(p, "period.phases[2]|");
    only_message(p, msg, sizeof msg);
    assert_non_null(strstr(msg, "120"));
    assert_non_null(strstr(msg, "90"));
    assert_int_equal(salesplan_plan_set_phases(p, NULL, 0, NULL), SALESPLAN_OK);
    expect_paths(p, "");

    /* No workday: a weekend with Mon-Fri workdays. */
    const double w1[] = {1};
    assert_int_equal(salesplan_plan_set_seasonality(p, w1, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2025-01-04", 2, NULL), SALESPLAN_OK); /* Sat+Sun */
    expect_paths(p, "period|");
    /* Only a holiday on the one workday. */
    assert_int_equal(salesplan_plan_set_period(p, "2025-08-15", 1, NULL), SALESPLAN_OK); /* Fri holiday */
    expect_paths(p, "period|");
    only_message(p, msg, sizeof msg);
    assert_non_null(strstr(msg, "workday"));
    assert_int_equal(salesplan_plan_set_workdays(p, SALESPLAN_SAT | SALESPLAN_SUN, NULL), SALESPLAN_OK);
    expect_paths(p, "period|");
    assert_int_equal(salesplan_plan_set_period(p, "2025-08-16", 1, NULL), SALESPLAN_OK); /* Saturday */
    expect_paths(p, "");

    /* Seasonality count must match the month slices: 2025-08-16 + 1 day = 1 slice. */
    const double w2[] = {1, 2};
    assert_int_equal(salesplan_plan_set_seasonality(p, w2, 2, NULL), SALESPLAN_OK);
    expect_paths(p, "target.seasonality|");
    only_message(p, msg, sizeof msg);
    assert_non_null(strstr(msg, "(1)"));
    assert_non_null(strstr(msg, "found 2"));
    assert_int_equal(salesplan_plan_set_period(p, "2025-08-16", 17, NULL), SALESPLAN_OK); /* to 1 Sep */
    expect_paths(p, "");
    salesplan_plan_free(p);
}

static void test_check_funnel_rules(void **state)
{
    (void)state;
    salesplan_plan *p = valid_plan();
    char msg[SALESPLAN_ERROR_MESSAGE_SIZE];
    /* Rebuild the funnel: the middle stage lacks a conversion, the last has one. */
    assert_int_equal(salesplan_plan_clear_stages(p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.3, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Qualified", NaN, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Proposal", 0.5, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", 0.5, 0, NULL), SALESPLAN_OK);
    expect_paths(p, "funnel.stages[1].conversion|funnel.stages[3].conversion|");
    assert_int_equal(salesplan_plan_clear_stages(p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.3, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Qualified", 0.5, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Proposal", 0.5, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", 0.5, 0, NULL), SALESPLAN_OK);
    only_message(p, msg, sizeof msg);
    assert_non_null(strstr(msg, "found 0.5"));
    assert_int_equal(salesplan_plan_clear_stages(p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.3, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Qualified", 0.5, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Proposal", 0.5, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NaN, 0, NULL), SALESPLAN_OK);
    expect_paths(p, "");

    /* The won stage cannot be the opportunity stage. */
    assert_int_equal(salesplan_plan_set_opportunity_stage(p, 3, NULL), SALESPLAN_OK);
    expect_paths(p, "funnel.stages[3].opportunity|");
    assert_int_equal(salesplan_plan_set_opportunity_stage(p, 0, NULL), SALESPLAN_OK);
    expect_paths(p, "");

    /* Duplicate stage names slipped in behind the adder are still caught.
     * Code that writes the model's arrays directly must rebuild the name
     * index, which borrows the names (the old one was just freed). */
    slp_free(p->stages[2].name);
    p->stages[2].name = slp_strdup("Lead");
    assert_non_null(p->stages[2].name);
    assert_int_equal(slp_plan_names_rebuild(p), SALESPLAN_OK);
    expect_paths(p, "funnel.stages[2].name|pipeline.Proposal|");
    salesplan_plan_free(p);
}

static void test_check_reference_rules2(void **state)
{
    (void)state;
    salesplan_plan *p = valid_plan();
    char msg[SALESPLAN_ERROR_MESSAGE_SIZE];
    assert_int_equal(salesplan_plan_set_pipeline(p, "Demo", 3, NULL), SALESPLAN_OK);
    only_message(p, msg, sizeof msg);
    assert_non_null(strstr(msg, "\"Demo\""));
    assert_int_equal(salesplan_plan_set_pipeline(p, "Won", 1, NULL), SALESPLAN_OK);
    expect_paths(p, "pipeline.Demo|pipeline.Won|");
    salesplan_plan_free(p);

    /* Activities: unknown stage, won stage, unknown role. */
    p = valid_plan();
    assert_int_equal(salesplan_plan_add_activity(p, "Demo call", "Demo", 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Gift", "Won", 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_activity(p, "Visit", "Proposal", 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_activity_role(p, 3, "Closer", NULL), SALESPLAN_OK);
    expect_paths(p, "activities[1].stage|activities[2].stage|activities[3].role|");

    /* Reps: unknown role; a start after the period's last day (2025-10-12) is allowed. */
    assert_int_equal(salesplan_plan_add_rep(p, "Eve", "Manager", "2025-10-12", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep(p, "Fay", "AE", "2025-10-13", NULL), SALESPLAN_OK);
    expect_paths(p, "activities[1].stage|activities[2].stage|activities[3].role|"
                    "team.reps[3].role|");
    salesplan_plan_free(p);

    /* Tenure reaching before year 1. */
    p = valid_plan();
    assert_int_equal(salesplan_plan_set_period(p, "0002-03-01", 90, NULL), SALESPLAN_OK);
    const double w[] = {1, 1, 1};
    assert_int_equal(salesplan_plan_set_seasonality(p, w, 3, NULL), SALESPLAN_OK);
    /* 0002-03-01 minus 14 months is 0001-01-01 (fine), minus 15 is before year 1. */
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Old", "AE", 15, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "Ok", "AE", 14, NULL), SALESPLAN_OK);
    expect_paths(p, "team.reps[3].tenure_months|"); /* reps[0] starts after: allowed */
    salesplan_plan_free(p);
}

static void test_check_duplicates_behind_adders(void **state)
{
    (void)state;
    salesplan_plan *p = valid_plan();
    /* Force duplicates into the arrays directly: the check re-verifies them. */
    assert_int_equal(salesplan_plan_add_competitor(p, "B", SALESPLAN_COMPETITOR_DIRECT, NULL, NULL),
                     SALESPLAN_OK);
    slp_free(p->competitors[1].name);
    p->competitors[1].name = slp_strdup("Acme");
    assert_int_equal(salesplan_plan_add_role(p, "X", NULL), SALESPLAN_OK);
    slp_free(p->roles[2].name);
    p->roles[2].name = slp_strdup("AE");
    slp_free(p->reps[2].name);
    p->reps[2].name = slp_strdup("Ann");
    assert_int_equal(salesplan_plan_add_activity(p, "Y", "Lead", 1, NULL), SALESPLAN_OK);
    slp_free(p->activities[1].name);
    p->activities[1].name = slp_strdup("Cold email");
    assert_int_equal(salesplan_plan_add_holiday(p, "2025-08-18", NULL), SALESPLAN_OK);
    memcpy(p->holidays.items[1], "2025-08-15", 11);
    expect_paths(p, "calendar.holidays[1]|narrative.competitors[1].name|activities[1].name|"
                    "team.roles[2].name|team.reps[2].name|");
    salesplan_plan_free(p);
}

/* ---- allocation failures ------------------------------------------------------------------- */

static void test_enomem(void **state)
{
    (void)state;
    /* tst_alloc_fail_from(n + 1): n allocations succeed, every later one fails. */
    assert_int_equal(tst_alloc_install(), SALESPLAN_OK);
    salesplan_plan *p = valid_plan();

    /* clone: every failure point gives ENOMEM and no leak (ASan checks). */
    int done = 0;
    for (long n = 0; n < 1000 && !done; n++) {
        salesplan_plan *c = (salesplan_plan *)1;
        tst_alloc_fail_from(n + 1);
        int rc = salesplan_plan_clone(&c, p);
        tst_alloc_never_fail();
        if (rc == SALESPLAN_OK) {
            done = 1;
            expect_paths(c, "");
            salesplan_plan_free(c);
        } else {
            assert_int_equal(rc, SALESPLAN_ENOMEM);
            assert_null(c);
        }
    }
    assert_true(done);

    /* check: ENOMEM and no list */
    tst_alloc_fail_from(1);
    salesplan_diagnostics *d = (salesplan_diagnostics *)1;
    assert_int_equal(salesplan_plan_check(&d, p), SALESPLAN_ENOMEM);
    tst_alloc_never_fail();
    assert_null(d);

    /* Adders that allocate leave the plan unchanged on failure. */
    tst_alloc_fail_from(1);
    assert_int_equal(salesplan_plan_add_stage(p, "New", 0.5, 0, NULL), SALESPLAN_ENOMEM);
    assert_int_equal(salesplan_plan_add_activity(p, "New", "Lead", 1, NULL), SALESPLAN_ENOMEM);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "New", "AE", 1, NULL), SALESPLAN_ENOMEM);
    assert_int_equal(salesplan_plan_set_name(p, "New", NULL), SALESPLAN_ENOMEM);
    assert_int_equal(salesplan_plan_set_period(p, "2030-01-01", 5, NULL), SALESPLAN_ENOMEM);
    assert_int_equal(salesplan_plan_set_extension(p, "x-crm", "2", NULL), SALESPLAN_ENOMEM);
    assert_int_equal(salesplan_plan_set_activity_role(p, 0, "AE", NULL), SALESPLAN_ENOMEM);
    const double r[] = {0.5};
    assert_int_equal(salesplan_plan_set_role_ramp(p, 0, r, 1, NULL), SALESPLAN_ENOMEM);
    tst_alloc_never_fail();
    /* One allocation allowed: the array may grow, then the copy fails. */
    for (long n = 1; n <= 3; n++) {
        tst_alloc_fail_from(n + 1);
        int rc1 = salesplan_plan_add_rep(p, "Zed", "AE", "2025-01-01", NULL);
        tst_alloc_never_fail();
        if (rc1 == SALESPLAN_OK)
            break;
        assert_int_equal(rc1, SALESPLAN_ENOMEM);
        assert_int_equal(salesplan_plan_rep_count(p), 3);
    }
    assert_int_equal(salesplan_plan_stage_count(p), 4);
    assert_int_equal(salesplan_plan_activity_count(p), 1);
    assert_string_equal(salesplan_plan_name(p), "FY25 Q3 plan");
    assert_string_equal(salesplan_plan_period_start(p), "2025-07-15");
    assert_string_equal(slp_text_at(salesplan_plan_extension_json, p, 0), "{\"id\": 7}");
    assert_string_equal(slp_text_at(salesplan_plan_activity_role, p, 0), "SDR");
    assert_int_equal(slp_size_at(salesplan_plan_role_ramp_count, p, 0), 0);
    expect_paths(p, "");

    /* create: failure at each allocation */
    for (long n = 0; n < 2; n++) {
        salesplan_plan *q = (salesplan_plan *)1;
        tst_alloc_fail_from(n + 1);
        assert_int_equal(salesplan_plan_create(&q, "Q", NULL), SALESPLAN_ENOMEM);
        tst_alloc_never_fail();
        assert_null(q);
    }
    salesplan_plan_free(p);
    assert_int_equal(tst_alloc_restore(), SALESPLAN_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_defaults),
        cmocka_unit_test(test_null_plan),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_period),
        cmocka_unit_test(test_default_phases_and_slices),
        cmocka_unit_test(test_narrative),
        cmocka_unit_test(test_target_deal_confidence),
        cmocka_unit_test(test_stages),
        cmocka_unit_test(test_pipeline),
        cmocka_unit_test(test_activities),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_reps_team),
        cmocka_unit_test(test_economics_extensions),
        cmocka_unit_test(test_item_limits),
        cmocka_unit_test(test_clone_is_deep),
        cmocka_unit_test(test_check_valid_and_empty),
        cmocka_unit_test(test_check_period_rules),
        cmocka_unit_test(test_check_funnel_rules),
        cmocka_unit_test(test_check_reference_rules2),
        cmocka_unit_test(test_check_duplicates_behind_adders),
        cmocka_unit_test(test_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
