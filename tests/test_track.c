/* Tracking and re-planning from actuals (SPEC §11): hand-worked examples,
 * the re-plan against a hand-built plan of the remaining days, the exact
 * pipeline probability against a direct convolution, hostile actuals files
 * (tests/data/actuals/invalid), and an allocation-failure loop. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "salesplan.h"
#include "test_alloc.h"

/* Two weeks from Monday 2026-06-01: 10 workdays, one month slice. Funnel
 * Opp (0.5) -> Prop (0.8) -> Won, so P_Opp = 0.4, P_Prop = 0.8, no delays.
 * Ann has worked for years; Bob starts on Monday 2026-06-08 (half the
 * workdays: ramp weight 0.5). Quota 50000 = 33333.33 (Ann) + 16666.67 (Bob). */
static const char PLAN[] =
    "{\"salesplan\": 1, \"name\": \"Two weeks\", \"period\": {\"start\": \"2026-06-01\", "
    "\"days\": 14},"
    " \"target\": {\"revenue\": 50000}, \"deal\": {\"average_size\": 10000},"
    " \"funnel\": {\"stages\": [{\"name\": \"Opp\", \"conversion\": 0.5},"
    "   {\"name\": \"Prop\", \"conversion\": 0.8}, {\"name\": \"Won\"}]},"
    " \"activities\": [{\"name\": \"Calls\", \"stage\": \"Opp\", \"per_entry\": 4, \"role\": "
    "\"AE\"},"
    "   {\"name\": \"Posts\", \"stage\": \"Opp\", \"per_entry\": 1, \"role\": \"SDR\"}],"
    " \"team\": {\"roles\": [{\"name\": \"AE\", \"quota_monthly\": 50000},"
    "   {\"name\": \"SDR\"}],"
    "   \"reps\": [{\"name\": \"Ann\", \"role\": \"AE\", \"start\": \"2020-01-01\"},"
    "     {\"name\": \"Bob\", \"role\": \"AE\", \"start\": \"2026-06-08\"},"
    "     {\"name\": \"Sid\", \"role\": \"SDR\", \"tenure_months\": 3}]}}";

/* As of Wednesday 2026-06-03 (a = 2, 3 workdays done): Ann booked 6000 on
 * Monday and 12000 on the as-of day; 5000 on Thursday is after as_of. */
static const char ACTUALS[] =
    "{\"salesplan_actuals\": 1, \"as_of\": \"2026-06-03\","
    " \"bookings\": [{\"date\": \"2026-06-01\", \"amount\": 6000, \"rep\": \"Ann\", \"id\": "
    "\"a\"},"
    "   {\"date\": \"2026-06-03\", \"amount\": 12000, \"rep\": \"Ann\", \"id\": \"b\"},"
    "   {\"date\": \"2026-06-04\", \"amount\": 5000, \"rep\": \"Bob\", \"id\": \"c\"}],"
    " \"pipeline\": [{\"rep\": \"Ann\", \"stage\": \"Opp\", \"count\": 3},"
    "   {\"rep\": \"Bob\", \"stage\": \"Prop\", \"count\": 2}],"
    " \"activities\": [{\"activity\": \"Calls\", \"rep\": \"Ann\", \"count\": 30},"
    "   {\"activity\": \"Calls\", \"count\": 5}]}";

/* |got - want| <= tol, with a message naming both. */
#define assert_double_equal(got, want, tol) near((got), (want), (tol), #got, __LINE__)
static void near(double got, double want, double tol, const char *what, int line)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("line %d: %s = %.17g, want %.17g (tol %g)", line, what, got, want, tol);
}

static salesplan_plan *load_plan(const char *text)
{
    salesplan_plan *p = NULL;
    salesplan_error e;
    int rc = salesplan_plan_load_buffer(&p, text, strlen(text), &e);
    if (rc != SALESPLAN_OK)
        fail_msg("plan: %s: %s", e.path, e.message);
    return p;
}

static salesplan_tracking *track_text(const salesplan_plan *p, const char *actuals)
{
    salesplan_actuals *a = NULL;
    salesplan_tracking *t = NULL;
    salesplan_error e;
    if (salesplan_actuals_load_buffer(&a, p, actuals, strlen(actuals), &e) != SALESPLAN_OK)
        fail_msg("actuals: %s: %s", e.path, e.message);
    if (salesplan_track(&t, p, a, NULL, &e) != SALESPLAN_OK)
        fail_msg("track: %s", e.message);
    salesplan_actuals_free(a);
    return t;
}

static int has_warning(const salesplan_tracking *t, const char *code, const char *path)
{
    for (size_t i = 0; i < salesplan_tracking_warning_count(t); i++) {
        const salesplan_warning *w = salesplan_tracking_warning(t, i);
        if (strcmp(w->code, code) == 0 && (!path || strcmp(w->path, path) == 0))
            return 1;
    }
    return 0;
}

static void test_hand_worked(void **state)
{
    (void)state;
    salesplan_plan *p = load_plan(PLAN);
    salesplan_tracking *t = track_text(p, ACTUALS);
    const salesplan_tracking_summary *s = salesplan_tracking_summary_get(t);
    assert_string_equal(s->as_of, "2026-06-03");
    assert_int_equal(s->as_of_day, 2);
    assert_double_equal(s->booked, 18000.0, 1e-9); /* the as-of day counts, Thursday not */
    assert_double_equal(s->attainment, 0.36, 1e-12);
    assert_double_equal(s->expected_to_date, 15000.0, 1e-9); /* 3 of 10 workdays */
    assert_double_equal(s->pace, 1.2, 1e-12);
    assert_int_equal(s->status, SALESPLAN_TRACK_AHEAD);
    assert_string_equal(salesplan_track_status_name(s->status), "ahead");
    assert_double_equal(s->gap, 32000.0, 1e-9);
    assert_double_equal(s->projected_on_pace, 60000.0, 1e-9);
    /* E' = 3·0.4 + 2·0.8 = 2.8 */
    assert_double_equal(s->projected_from_pipeline, 18000.0 + 28000.0, 1e-9);
    assert_true(has_warning(t, "booking_ignored", "bookings[2]"));

    assert_int_equal(salesplan_tracking_rep_count(t), 3);
    const salesplan_tracking_rep *ann = salesplan_tracking_rep_get(t, 0);
    const salesplan_tracking_rep *bob = salesplan_tracking_rep_get(t, 1);
    const salesplan_tracking_rep *sid = salesplan_tracking_rep_get(t, 2);
    assert_null(salesplan_tracking_rep_get(t, 3));
    assert_double_equal(ann->quota, 50000.0 / 1.5, 1e-9);
    assert_double_equal(bob->quota, 25000.0 / 1.5, 1e-9); /* mid-period start: weight 0.5 */
    assert_double_equal(ann->quota_to_date, 0.3 * 50000.0 / 1.5, 1e-9);
    assert_double_equal(bob->quota_to_date, 0.3 * 25000.0 / 1.5, 1e-9);
    assert_double_equal(ann->booked, 18000.0, 1e-9);
    assert_double_equal(ann->pace, 1.8, 1e-12);
    assert_int_equal(ann->status, SALESPLAN_TRACK_AHEAD);
    assert_double_equal(bob->pace, 0.0, 0.0);
    assert_int_equal(bob->status, SALESPLAN_TRACK_AT_RISK);
    assert_double_equal(ann->remaining, 50000.0 / 1.5 - 18000.0, 1e-9);
    /* D_Ann = ceil(1.5333 - 3·0.4) = 1, D_Bob = ceil(1.6667 - 2·0.8) = 1 */
    assert_double_equal(ann->deals_needed, 1.0, 0.0);
    assert_double_equal(bob->deals_needed, 1.0, 0.0);
    /* Ann's calls: 4 · (1/0.4) entries over the 7 remaining workdays */
    assert_int_equal(ann->activity_count, 1);
    assert_string_equal(ann->activities[0].name, "Calls");
    assert_double_equal(ann->activities[0].per_workday, 4.0 * 2.5 / 7.0, 1e-12);
    assert_double_equal(ann->activities[0].done_to_date, 30.0, 0.0);
    assert_true(isnan(sid->quota));
    assert_int_equal(sid->status, SALESPLAN_TRACK_NONE);
    /* Sid alone in the SDR role takes all of the re-plan's posts */
    const salesplan_result *rp = salesplan_tracking_replan(t);
    assert_non_null(rp);
    assert_double_equal(sid->activities[0].per_workday,
                        salesplan_result_activity(rp, 1)->per_workday, 1e-12);
    /* team activity pacing: done 35 of per_workday · 3 */
    const salesplan_tracking_activity *calls = salesplan_tracking_activity_get(t, 0);
    salesplan_result *base = NULL;
    assert_int_equal(salesplan_compute(&base, p, NULL, NULL), SALESPLAN_OK);
    double planned = salesplan_result_activity(base, 0)->per_workday * 3.0;
    assert_double_equal(calls->planned_to_date, planned, 1e-9);
    assert_double_equal(calls->ratio, 35.0 / planned, 1e-12);
    salesplan_result_free(base);
    salesplan_tracking_free(t);
    salesplan_plan_free(p);
}

/* Pr[Bin(3, 0.4) + Bin(2, 0.8) >= 4] by a direct convolution. */
static void test_pipeline_probability(void **state)
{
    (void)state;
    double x[4], y[3], z[6] = {0};
    for (int k = 0; k <= 3; k++) {
        double c = k == 0 || k == 3 ? 1 : 3;
        x[k] = c * pow(0.4, k) * pow(0.6, 3 - k);
    }
    y[0] = 0.04;
    y[1] = 0.32;
    y[2] = 0.64;
    for (int i = 0; i <= 3; i++)
        for (int j = 0; j <= 2; j++)
            z[i + j] += x[i] * y[j];
    double want = z[4] + z[5];
    salesplan_plan *p = load_plan(PLAN);
    salesplan_tracking *t = track_text(p, ACTUALS);
    assert_double_equal(salesplan_tracking_summary_get(t)->p_hit_from_pipeline, want, 1e-14);
    salesplan_tracking_free(t);
    salesplan_plan_free(p);
}

/* The re-plan equals the plan of days 3..13 written by hand. */
static void test_replan_equals_hand_built(void **state)
{
    (void)state;
    static const char REST[] =
        "{\"salesplan\": 1, \"name\": \"Two weeks\", \"period\": {\"start\": \"2026-06-04\", "
        "\"days\": 11},"
        " \"target\": {\"revenue\": 32000}, \"deal\": {\"average_size\": 10000},"
        " \"funnel\": {\"stages\": [{\"name\": \"Opp\", \"conversion\": 0.5},"
        "   {\"name\": \"Prop\", \"conversion\": 0.8}, {\"name\": \"Won\"}]},"
        " \"pipeline\": {\"Opp\": 3, \"Prop\": 2},"
        " \"activities\": [{\"name\": \"Calls\", \"stage\": \"Opp\", \"per_entry\": 4, \"role\": "
        "\"AE\"},"
        "   {\"name\": \"Posts\", \"stage\": \"Opp\", \"per_entry\": 1, \"role\": \"SDR\"}],"
        " \"team\": {\"roles\": [{\"name\": \"AE\", \"quota_monthly\": 50000},"
        "   {\"name\": \"SDR\"}],"
        "   \"reps\": [{\"name\": \"Ann\", \"role\": \"AE\", \"start\": \"2020-01-01\"},"
        "     {\"name\": \"Bob\", \"role\": \"AE\", \"start\": \"2026-06-08\"},"
        "     {\"name\": \"Sid\", \"role\": \"SDR\", \"start\": \"2026-03-01\"}]}}";
    salesplan_plan *p = load_plan(PLAN);
    salesplan_plan *rest = load_plan(REST);
    salesplan_tracking *t = track_text(p, ACTUALS);
    salesplan_result *want = NULL;
    assert_int_equal(salesplan_compute(&want, rest, NULL, NULL), SALESPLAN_OK);
    const salesplan_result *got = salesplan_tracking_replan(t);
    const salesplan_result_overview *go = salesplan_result_overview_get(got);
    const salesplan_result_overview *wo = salesplan_result_overview_get(want);
    assert_string_equal(go->period_start, wo->period_start);
    assert_int_equal(go->workdays, wo->workdays);
    assert_double_equal(go->deals_needed, wo->deals_needed, 0.0);
    assert_double_equal(go->pipeline_expected_deals, wo->pipeline_expected_deals, 0.0);
    for (size_t k = 0; k < 3; k++)
        assert_double_equal(salesplan_result_stage(got, k)->required,
                            salesplan_result_stage(want, k)->required, 0.0);
    for (size_t i = 0; i < 2; i++) {
        assert_double_equal(salesplan_result_activity(got, i)->per_workday,
                            salesplan_result_activity(want, i)->per_workday, 0.0);
        assert_double_equal(salesplan_result_activity(got, i)->per_rep_per_workday,
                            salesplan_result_activity(want, i)->per_rep_per_workday, 0.0);
    }
    for (size_t c = 0; c < 2; c++)
        assert_double_equal(salesplan_result_rep_quota(got, c)->total,
                            salesplan_result_rep_quota(want, c)->total, 0.0);
    assert_double_equal(salesplan_result_capacity(got)->expected,
                        salesplan_result_capacity(want)->expected, 0.0);
    salesplan_result_free(want);
    salesplan_tracking_free(t);
    salesplan_plan_free(rest);
    salesplan_plan_free(p);
}

/* 2026-06-22 (Mon) for 20 days: June has 7 workdays, July 1-11 has 8. As of
 * Thursday July 2 (a = 10): linear 9/15 of T; seasonal [1, 3]: 1/4 + 3/4·2/8. */
static void test_seasonal_expected(void **state)
{
    (void)state;
    static const char *const plans[2] = {
        "{\"salesplan\": 1, \"name\": \"S\", \"period\": {\"start\": \"2026-06-22\", \"days\": "
        "20}, \"target\": {\"revenue\": 1000}, \"deal\": {\"average_size\": 100},"
        " \"funnel\": {\"stages\": [{\"name\": \"Opp\", \"conversion\": 0.5}, {\"name\": "
        "\"Won\"}]}}",
        "{\"salesplan\": 1, \"name\": \"S\", \"period\": {\"start\": \"2026-06-22\", \"days\": "
        "20}, \"target\": {\"revenue\": 1000, \"seasonality\": [1, 3]}, \"deal\": "
        "{\"average_size\": 100},"
        " \"funnel\": {\"stages\": [{\"name\": \"Opp\", \"conversion\": 0.5}, {\"name\": "
        "\"Won\"}]}}"};
    static const char act[] = "{\"salesplan_actuals\": 1, \"as_of\": \"2026-07-02\", "
                              "\"pipeline\": {}}";
    const double want[2] = {1000.0 * 9.0 / 15.0, 1000.0 * (0.25 + 0.75 * 2.0 / 8.0)};
    for (int i = 0; i < 2; i++) {
        salesplan_plan *p = load_plan(plans[i]);
        salesplan_tracking *t = track_text(p, act);
        const salesplan_tracking_summary *s = salesplan_tracking_summary_get(t);
        assert_double_equal(s->expected_to_date, want[i], 1e-9);
        assert_double_equal(s->pace, 0.0, 0.0);
        assert_int_equal(s->status, SALESPLAN_TRACK_AT_RISK);
        const salesplan_result *rp = salesplan_tracking_replan(t);
        /* the re-plan's July slice is the only one left */
        assert_int_equal(salesplan_result_slice_count(rp), 1);
        assert_double_equal(salesplan_result_slice(rp, 0)->weight, 1.0, 1e-15);
        salesplan_tracking_free(t);
        salesplan_plan_free(p);
    }
}

static void test_met_target_and_last_day(void **state)
{
    (void)state;
    salesplan_plan *p = load_plan(PLAN);
    static const char met[] =
        "{\"salesplan_actuals\": 1, \"as_of\": \"2026-06-05\", \"pipeline\": {\"Opp\": 2},"
        " \"bookings\": [{\"date\": \"2026-06-05\", \"amount\": 60000, \"rep\": \"Bob\"}]}";
    salesplan_tracking *t = track_text(p, met);
    const salesplan_tracking_summary *s = salesplan_tracking_summary_get(t);
    assert_double_equal(s->gap, 0.0, 0.0);
    assert_double_equal(s->p_hit_from_pipeline, 1.0, 0.0);
    const salesplan_result *rp = salesplan_tracking_replan(t);
    assert_non_null(rp);
    assert_double_equal(salesplan_result_overview_get(rp)->deals_needed, 0.0, 0.0);
    assert_double_equal(salesplan_result_stage(rp, 0)->required, 0.0, 0.0);
    assert_double_equal(salesplan_result_activity(rp, 0)->per_workday, 0.0, 0.0);
    assert_true(isnan(salesplan_result_capacity(rp)->coverage));
    assert_true(has_warning(t, "target_met", NULL));
    const salesplan_tracking_rep *bob = salesplan_tracking_rep_get(t, 1);
    assert_double_equal(bob->remaining, 0.0, 0.0);
    assert_double_equal(bob->deals_needed, 0.0, 0.0);
    char *text = NULL;
    assert_int_equal(salesplan_tracking_render(&text, NULL, t, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(text, "\"coverage\": null"));
    salesplan_free(text);
    salesplan_tracking_free(t);

    static const char last[] = "{\"salesplan_actuals\": 1, \"as_of\": \"2026-06-14\"}";
    t = track_text(p, last);
    assert_null(salesplan_tracking_replan(t));
    assert_true(has_warning(t, "no_remaining_days", "as_of"));
    assert_true(has_warning(t, "no_pipeline", "pipeline"));
    assert_double_equal(salesplan_tracking_summary_get(t)->expected_to_date, 50000.0, 1e-9);
    assert_true(isnan(salesplan_tracking_rep_get(t, 0)->activities[0].per_workday));
    assert_int_equal(salesplan_tracking_render(&text, NULL, t, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(text, "\"replan\": null"));
    salesplan_free(text);
    salesplan_tracking_free(t);
    salesplan_plan_free(p);
}

/* tests/data/actuals/invalid/NAME.json with NAME.expected: "PATH LINE:COL". */
static void test_invalid_fixtures(void **state)
{
    (void)state;
    static const char *const names[] = {"as_of_outside", "unknown_rep", "unknown_stage",
                                        "unknown_activity", "duplicate_id", "fractional_count",
                                        "negative_amount", "won_stage", "unknown_key",
                                        "nan_amount", "negative_activity"};
    const char *dir = getenv("SALESPLAN_TEST_DATA");
    assert_non_null(dir);
    salesplan_plan *p = load_plan(PLAN);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[512], buf[4096], want[256];
        snprintf(path, sizeof path, "%s/actuals/invalid/%s.json", dir, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        snprintf(path, sizeof path, "%s/actuals/invalid/%s.expected", dir, names[i]);
        f = fopen(path, "rb");
        assert_non_null(f);
        assert_non_null(fgets(want, sizeof want, f));
        fclose(f);
        want[strcspn(want, "\n")] = '\0';
        salesplan_diagnostics *d = NULL;
        salesplan_status rc = salesplan_actuals_validate_buffer(&d, p, buf, n);
        assert_int_not_equal(rc, SALESPLAN_OK);
        assert_true(salesplan_diagnostics_count(d) >= 1);
        const salesplan_error *e = salesplan_diagnostics_get(d, 0);
        char got[SALESPLAN_ERROR_PATH_SIZE + 64];
        snprintf(got, sizeof got, "%s %ld:%ld", e->path, e->line, e->column);
        if (strcmp(got, want) != 0)
            fail_msg("%s: got \"%s\" (%s), want \"%s\"", names[i], got, e->message, want);
        salesplan_actuals *a = NULL;
        salesplan_error err;
        assert_int_equal(salesplan_actuals_load_buffer(&a, p, buf, n, &err), rc);
        assert_null(a);
        assert_string_equal(err.path, e->path);
        salesplan_diagnostics_free(d);
    }
    salesplan_plan_free(p);
}

static void test_as_of_override_and_mismatch(void **state)
{
    (void)state;
    salesplan_plan *p = load_plan(PLAN);
    salesplan_actuals *a = NULL;
    salesplan_error e;
    assert_int_equal(salesplan_actuals_load_buffer(&a, p, ACTUALS, strlen(ACTUALS), &e),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_actuals_set_as_of(a, "2026-06-15", &e), SALESPLAN_ERANGE);
    assert_string_equal(e.path, "as_of");
    assert_int_equal(salesplan_actuals_set_as_of(a, "2026-06-04", &e), SALESPLAN_OK);
    assert_string_equal(salesplan_actuals_as_of(a), "2026-06-04");
    salesplan_tracking *t = NULL;
    assert_int_equal(salesplan_track(&t, p, a, NULL, &e), SALESPLAN_OK);
    assert_double_equal(salesplan_tracking_summary_get(t)->booked, 23000.0, 1e-9);
    salesplan_tracking_free(t);
    salesplan_track_options o = SALESPLAN_TRACK_OPTIONS_INIT;
    o.behind = 2.0;
    assert_int_equal(salesplan_track(&t, p, a, &o, &e), SALESPLAN_EINVAL);
    assert_null(t);
    salesplan_plan *other = NULL;
    assert_int_equal(salesplan_example_plan(&other), SALESPLAN_OK);
    assert_int_equal(salesplan_track(&t, other, a, NULL, &e), SALESPLAN_EINVAL);
    salesplan_plan_free(other);
    salesplan_actuals_free(a);
    salesplan_plan_free(p);
}

typedef struct alloc_ctx {
    const char *plan;
    const char *actuals;
} alloc_ctx;

static int track_once(void *vctx)
{
    alloc_ctx *c = vctx;
    long saved = tst_alloc_pause();
    salesplan_plan *plan = load_plan(c->plan);
    tst_alloc_resume(saved);
    salesplan_actuals *a = NULL;
    salesplan_tracking *t = NULL;
    char *text = NULL;
    int rc = salesplan_actuals_load_buffer(&a, plan, c->actuals, strlen(c->actuals), NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_track(&t, plan, a, NULL, NULL);
    for (int f = 0; rc == SALESPLAN_OK && f < 4; f++) {
        rc = salesplan_tracking_render(&text, NULL, t, (salesplan_format)f, NULL);
        salesplan_free(text);
        text = NULL;
    }
    salesplan_tracking_free(t);
    salesplan_actuals_free(a);
    salesplan_plan_free(plan);
    return rc;
}

static void test_alloc_failures(void **state)
{
    (void)state;
    alloc_ctx c = {PLAN, ACTUALS};
    assert_true(tst_alloc_until_success(track_once, &c, 100000) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_pipeline_probability),
        cmocka_unit_test(test_replan_equals_hand_built),
        cmocka_unit_test(test_seasonal_expected),
        cmocka_unit_test(test_met_target_and_last_day),
        cmocka_unit_test(test_invalid_fixtures),
        cmocka_unit_test(test_as_of_override_and_mismatch),
        TST_ALLOC_TEST(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
