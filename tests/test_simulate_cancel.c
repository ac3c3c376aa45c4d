/* Tests of the simulation's progress callback (options version 2) and of
 * SALESPLAN_ECANCELED: the calls it gets (who, how often, which counts), a
 * callback that never cancels changes nothing, a cancel frees everything and
 * leaves no output, and a version-1 options struct is read without the new
 * fields. A host such as the PostgreSQL extension checks its interrupt flag
 * in this callback. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "salesplan.h"
#include "simulate/simulate_internal.h"
#include "test_alloc.h"

/* Same funnel as test_simulate.c: Lead 0.3 -> Qualified 0.5 -> Proposal 0.4 -> Won. */
static salesplan_plan *make_plan(void)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "Cancelled quarter", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2026-01-05", 90, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 250000, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, 5000, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size_cv(p, 0.5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.3, 5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Qualified", 0.5, 10, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Proposal", 0.4, 10, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NAN, 0, NULL), SALESPLAN_OK);
    return p;
}

/* What the callback saw; it answers `stop_at` (1-based call) with nonzero. */
typedef struct seen {
    long calls;
    long stop_at; /* 0: never stop */
    unsigned long long last_done, total;
    int increasing; /* every `done` larger than the one before */
} seen;

static int progress(void *ctx, unsigned long long done, unsigned long long total)
{
    seen *s = ctx;
    s->calls++;
    if (done <= s->last_done)
        s->increasing = 0;
    s->last_done = done;
    s->total = total;
    return s->stop_at != 0 && s->calls >= s->stop_at;
}

static salesplan_status run(const salesplan_plan *p, unsigned long long trials, unsigned threads,
                            seen *s, salesplan_simulation **out, salesplan_error *err)
{
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    o.trials = trials;
    o.seed = 7;
    o.threads = threads;
    if (s) {
        s->increasing = 1;
        o.progress = progress;
        o.progress_ctx = s;
    }
    return salesplan_simulate(out, p, &o, err);
}

static void test_status_and_defaults(void **state)
{
    (void)state;
    /* Appended at the end: the earlier codes keep their numbers. */
    assert_int_equal(SALESPLAN_ECANCELED, 11);
    assert_int_equal(SALESPLAN_EINTERNAL, 10);
    assert_string_equal(salesplan_strerror(SALESPLAN_ECANCELED), "cancelled");
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT, d;
    assert_int_equal(o.version, 3);
    assert_null(o.progress);
    assert_null(o.progress_ctx);
    memset(&d, 0xff, sizeof d);
    assert_int_equal(salesplan_simulate_options_init(&d, SALESPLAN_SIMULATE_OPTIONS_VERSION),
                     SALESPLAN_OK);
    assert_null(d.progress);
    assert_null(d.progress_ctx);
    assert_true(d.trials == 100000 && d.seed == 1 && d.threads == 0);
}

/* A callback that never cancels: called once per block by the calling
 * thread (1 thread: every block), counts rise to `trials`, same output. */
static void test_progress_counts_and_same_output(void **state)
{
    (void)state;
    salesplan_plan *p = make_plan();
    const unsigned long long trials = 10 * SLP_SIM_BLOCK + 5; /* 11 blocks, the last of 5 */
    seen s = {0, 0, 0, 0, 1};
    salesplan_simulation *a = NULL, *b = NULL;
    salesplan_error err;
    assert_int_equal(run(p, trials, 1, &s, &a, &err), SALESPLAN_OK);
    assert_int_equal(s.calls, 11);
    assert_true(s.increasing);
    assert_true(s.last_done == trials);
    assert_true(s.total == trials);
    assert_int_equal(run(p, trials, 1, NULL, &b, &err), SALESPLAN_OK);
    assert_memory_equal(salesplan_simulation_summary_get(a), salesplan_simulation_summary_get(b),
                        sizeof(salesplan_simulation_summary));
    salesplan_simulation_free(a);
    salesplan_simulation_free(b);

    /* Several threads: the calling thread reports only its own blocks. */
    seen m = {0, 0, 0, 0, 1};
    assert_int_equal(run(p, trials, 4, &m, &a, &err), SALESPLAN_OK);
    assert_true(m.calls >= 1 && m.calls <= 11);
    assert_true(m.increasing);
    assert_true(m.last_done <= trials);
    salesplan_simulation_free(a);
    salesplan_plan_free(p);
}

/* Cancel at the third call: SALESPLAN_ECANCELED, no output, no call after
 * the answer, nothing left allocated. */
static void test_cancel_frees_everything(void **state)
{
    (void)state;
    salesplan_plan *p = make_plan();
    long live = tst_alloc_state()->live;
    seen s = {0, 3, 0, 0, 1};
    salesplan_simulation *sim = (salesplan_simulation *)&s; /* must become NULL */
    salesplan_error err;
    assert_int_equal(run(p, 50 * SLP_SIM_BLOCK, 1, &s, &sim, &err), SALESPLAN_ECANCELED);
    assert_null(sim);
    assert_int_equal(s.calls, 3);
    assert_true(s.last_done == 3 * SLP_SIM_BLOCK);
    assert_int_equal(err.code, SALESPLAN_ECANCELED);
    assert_non_null(strstr(err.message, "cancelled"));
    assert_non_null(strstr(err.message, "12288 of 204800"));
    assert_int_equal(tst_alloc_state()->live, live);

    /* With threads: one call at most (stop at the first), all threads stop. */
    for (unsigned threads = 2; threads <= 8; threads *= 2) {
        seen t = {0, 1, 0, 0, 1};
        assert_int_equal(run(p, 200 * SLP_SIM_BLOCK, threads, &t, &sim, &err),
                         SALESPLAN_ECANCELED);
        assert_null(sim);
        assert_int_equal(t.calls, 1);
        assert_int_equal(tst_alloc_state()->live, live);
    }
    salesplan_plan_free(p);
}

/* A version-1 struct has no callback fields: init writes only its fields,
 * and simulate never reads past them. */
static void test_version_1_struct(void **state)
{
    (void)state;
    salesplan_plan *p = make_plan();
    seen s = {0, 1, 0, 0, 1};
    salesplan_simulate_options o;
    o.progress = progress; /* must survive init(…, 1) and be ignored by simulate */
    o.progress_ctx = &s;
    assert_int_equal(salesplan_simulate_options_init(&o, 1), SALESPLAN_OK);
    assert_int_equal(o.version, 1);
    assert_true(o.progress == progress && o.progress_ctx == &s);
    o.trials = 3 * SLP_SIM_BLOCK;
    o.threads = 1;
    salesplan_simulation *sim = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_simulate(&sim, p, &o, &err), SALESPLAN_OK);
    assert_int_equal(s.calls, 0);
    assert_true(salesplan_simulation_summary_get(sim)->trials == 3 * SLP_SIM_BLOCK);
    salesplan_simulation_free(sim);
    assert_int_equal(salesplan_simulate_options_init(&o, 0), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_simulate_options_init(&o, 4), SALESPLAN_EINVAL);
    salesplan_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_and_defaults),
        TST_ALLOC_TEST(test_progress_counts_and_same_output),
        TST_ALLOC_TEST(test_cancel_frees_everything),
        TST_ALLOC_TEST(test_version_1_struct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
