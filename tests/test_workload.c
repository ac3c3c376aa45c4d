/* Tests of what the team can really do (SPEC §13): the capacity of timed
 * activities against a hand-worked plan, the workload_exceeds_capacity and
 * quota_above_role_quota warnings, and P(hit) at capacity: exact against a
 * binomial tail when the cap binds, equal to the plan's when capacity is
 * ample, and far lower for the built-in example with a single SDR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "salesplan.h"

/* One SDR (fully ramped), a two-stage funnel Lead (50%) -> Won over ten
 * workdays (2026-01-05 is a Monday; 14 days), D = 1000/100 = 10 deals, so
 * N_Lead = 20. Calls: 10 per lead, 6 minutes; emails: 30 per lead, 1 minute.
 * Planned minutes: calls 200·6 = 1200, emails 600·1 = 600, 1800 in all. */
static const char *small_plan(double minutes_per_day, char *buf, size_t size)
{
    snprintf(buf, size,
             "{\"salesplan\": 1, \"name\": \"cap\", \"period\": {\"start\": \"2026-01-05\", "
             "\"days\": 14}, \"target\": {\"revenue\": 1000}, \"deal\": {\"average_size\": 100},"
             " \"funnel\": {\"stages\": [{\"name\": \"Lead\", \"conversion\": 0.5},"
             " {\"name\": \"Won\"}]},"
             " \"activities\": [{\"name\": \"Calls\", \"stage\": \"Lead\", \"per_entry\": 10,"
             " \"role\": \"SDR\", \"minutes\": 6}, {\"name\": \"Emails\", \"stage\": \"Lead\","
             " \"per_entry\": 30, \"role\": \"SDR\", \"minutes\": 1}],"
             " \"team\": {\"roles\": [{\"name\": \"SDR\", \"minutes_per_day\": %.17g}],"
             " \"reps\": [{\"name\": \"S\", \"role\": \"SDR\", \"tenure_months\": 12}]}}",
             minutes_per_day);
    return buf;
}

static salesplan_result *compute_text(const char *text)
{
    salesplan_plan *p = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_plan_load_buffer(&p, text, strlen(text), &err), SALESPLAN_OK);
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, &err), SALESPLAN_OK);
    salesplan_plan_free(p);
    return r;
}

static const salesplan_warning *find_warning(const salesplan_result *r, const char *code)
{
    for (size_t i = 0; i < salesplan_result_warning_count(r); i++)
        if (strcmp(salesplan_result_warning(r, i)->code, code) == 0)
            return salesplan_result_warning(r, i);
    return NULL;
}

static void test_capacity_hand_worked(void **state)
{
    (void)state;
    char buf[2048];
    /* 360 minutes a day: 3600 available over 10 workdays, 1800 planned.
     * M_calls = 1·360·10/6 = 600, its share 1200/1800 -> 400, /10 per lead = 40;
     * M_emails = 3600, share 600/1800 -> 1200, /30 per lead = 40. */
    salesplan_result *r = compute_text(small_plan(360, buf, sizeof buf));
    const salesplan_stage_result *lead = salesplan_result_stage(r, 0);
    assert_true(lead->required == 20.0);
    assert_true(fabs(lead->entries_capacity - 40.0) < 1e-9);
    assert_true(fabs(salesplan_result_activity(r, 0)->capacity - 400.0) < 1e-9);
    assert_true(fabs(salesplan_result_activity(r, 1)->capacity - 1200.0) < 1e-9);
    assert_true(isnan(salesplan_result_stage(r, 1)->entries_capacity)); /* won: no activity */
    const salesplan_role_result *sdr = salesplan_result_role(r, 0);
    assert_true(fabs(sdr->fte_required - 0.5) < 1e-12); /* 1800 / (10 · 360) */
    assert_true(sdr->fte_short == 0.0);
    assert_null(find_warning(r, "workload_exceeds_capacity"));
    salesplan_result_free(r);

    /* 120 minutes a day: 1200 available, cap 20·1200/1800 = 13.33 entries;
     * 1.5 FTE needed, 0.5 short. */
    r = compute_text(small_plan(120, buf, sizeof buf));
    lead = salesplan_result_stage(r, 0);
    assert_true(fabs(lead->entries_capacity - 40.0 / 3.0) < 1e-9);
    sdr = salesplan_result_role(r, 0);
    assert_true(fabs(sdr->fte_short - 0.5) < 1e-12);
    const salesplan_warning *w = find_warning(r, "workload_exceeds_capacity");
    assert_non_null(w);
    assert_string_equal(w->path, "team.roles[0]");
    assert_non_null(strstr(w->message, "\"SDR\""));
    assert_non_null(strstr(w->message, "0.50 FTE short"));
    assert_non_null(strstr(w->message, "67%"));
    salesplan_result_free(r);
}

static const salesplan_simulation_summary *simulate_text(const char *text,
                                                         unsigned long long trials,
                                                         salesplan_simulation **sim)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_load_buffer(&p, text, strlen(text), NULL), SALESPLAN_OK);
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    o.trials = trials;
    o.seed = 7;
    o.capacity = 1;
    salesplan_error err;
    assert_int_equal(salesplan_simulate(sim, p, &o, &err), SALESPLAN_OK);
    salesplan_plan_free(p);
    return salesplan_simulation_summary_get(*sim);
}

/* At 120 minutes a day 13 of the 20 leads can be worked: P(hit) at capacity
 * is P[Binomial(13, 1/2) >= 10] = (286 + 78 + 13 + 1)/8192; the plan's is
 * P[Binomial(20, 1/2) >= 10] = 616666/1048576. */
static void test_p_hit_at_capacity_binomial(void **state)
{
    (void)state;
    char buf[2048];
    salesplan_simulation *sim = NULL;
    const salesplan_simulation_summary *s = simulate_text(small_plan(120, buf, sizeof buf),
                                                          200000, &sim);
    double want_cap = 378.0 / 8192.0, want_plan = 616666.0 / 1048576.0;
    assert_int_equal(s->capacity, 1);
    assert_true(fabs(s->p_hit_capacity - want_cap) < 5.0 * sqrt(want_cap * (1 - want_cap) / 2e5));
    assert_true(fabs(s->p_hit - want_plan) < 5.0 * sqrt(want_plan * (1 - want_plan) / 2e5));
    assert_true(s->deals_capacity.max <= 13.0);
    salesplan_simulation_free(sim);

    /* ample (40 >= 20 entries): the run at capacity is the plan's, exactly */
    s = simulate_text(small_plan(360, buf, sizeof buf), 50000, &sim);
    assert_true(s->p_hit_capacity == s->p_hit);
    assert_true(s->revenue_capacity.mean == s->revenue.mean);
    salesplan_simulation_free(sim);
}

/* The built-in example with a single SDR: the SDR role is short, and P(hit)
 * at capacity falls well below the full team's. */
static void test_example_single_sdr(void **state)
{
    (void)state;
    salesplan_plan *full = NULL, *one = NULL;
    assert_int_equal(salesplan_example_plan(&full), SALESPLAN_OK);
    char *json = NULL;
    assert_int_equal(salesplan_plan_to_json(&json, NULL, full, NULL), SALESPLAN_OK);
    /* the example's reps with the second SDR (Ava Kowalski) left out */
    const char *patch =
        "{\"team\": {\"reps\": ["
        "{\"name\": \"Maya Chen\", \"role\": \"AE\", \"tenure_months\": 26},"
        "{\"name\": \"Jordan Alvarez\", \"role\": \"AE\", \"tenure_months\": 14},"
        "{\"name\": \"Priya Nair\", \"role\": \"AE\", \"tenure_months\": 7},"
        "{\"name\": \"Sam Okafor\", \"role\": \"AE\", \"start\": \"2026-02-02\"},"
        "{\"name\": \"Leo Martins\", \"role\": \"SDR\", \"tenure_months\": 9}]}}";
    salesplan_error err;
    assert_int_equal(salesplan_plan_patched(&one, full, patch, strlen(patch), &err),
                     SALESPLAN_OK);
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, one, NULL, &err), SALESPLAN_OK);
    const salesplan_warning *w = find_warning(r, "workload_exceeds_capacity");
    assert_non_null(w);
    assert_string_equal(w->path, "team.roles[0]");
    assert_non_null(strstr(w->message, "\"SDR\""));
    salesplan_result_free(r);
    assert_int_equal(salesplan_compute(&r, full, NULL, &err), SALESPLAN_OK);
    assert_null(find_warning(r, "workload_exceeds_capacity"));
    salesplan_result_free(r);

    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    o.trials = 20000;
    o.capacity = 1;
    salesplan_simulation *a = NULL, *b = NULL;
    assert_int_equal(salesplan_simulate(&a, full, &o, &err), SALESPLAN_OK);
    assert_int_equal(salesplan_simulate(&b, one, &o, &err), SALESPLAN_OK);
    const salesplan_simulation_summary *sa = salesplan_simulation_summary_get(a);
    const salesplan_simulation_summary *sb = salesplan_simulation_summary_get(b);
    /* the plan's own chance ignores the team; at capacity it falls */
    assert_true(fabs(sa->p_hit - sb->p_hit) < 1e-12);
    assert_true(sb->p_hit_capacity < sa->p_hit_capacity - 0.2);
    salesplan_simulation_free(a);
    salesplan_simulation_free(b);
    salesplan_free(json);
    salesplan_plan_free(one);
    salesplan_plan_free(full);
}

/* Quota of a rep above the role's quota_monthly prorated to the slice. */
static void test_quota_above_role_quota(void **state)
{
    (void)state;
    char text[1024];
    for (int big = 0; big <= 1; big++) {
        /* January 2026 has 22 weekdays; 10 days from Jan 1 hold 7 of them:
         * prorated quota 1000·7/22 = 318.18 */
        snprintf(text, sizeof text,
                 "{\"salesplan\": 1, \"name\": \"q\", \"period\": {\"start\": \"2026-01-01\","
                 " \"days\": 10}, \"target\": {\"revenue\": %d}, \"deal\": {\"average_size\": 10},"
                 " \"funnel\": {\"stages\": [{\"name\": \"L\", \"conversion\": 0.5},"
                 " {\"name\": \"W\"}]}, \"team\": {\"roles\": [{\"name\": \"AE\","
                 " \"quota_monthly\": 1000}], \"reps\": [{\"name\": \"A\", \"role\": \"AE\","
                 " \"tenure_months\": 5}]}}",
                 big ? 320 : 318);
        salesplan_result *r = compute_text(text);
        const salesplan_warning *w = find_warning(r, "quota_above_role_quota");
        if (big) {
            assert_non_null(w);
            assert_string_equal(w->path, "team.reps[0]");
            assert_non_null(strstr(w->message, "318.18"));
        } else {
            assert_null(w);
        }
        salesplan_result_free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity_hand_worked),
        cmocka_unit_test(test_p_hit_at_capacity_binomial),
        cmocka_unit_test(test_example_single_sdr),
        cmocka_unit_test(test_quota_above_role_quota),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
