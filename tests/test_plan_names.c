/* The plan's name sets (lib/model/name_set.c, plan_names.c): a plan at the
 * documented count limits built through the public setters keeps every
 * name findable at its index, still refuses duplicates and the item past
 * each limit, and keeps doing so after a clone and after clearing stages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "model/name_set.h"
#include "model/plan_model.h"
#include "plan_at_limits.h"
#include "salesplan.h"

static salesplan_plan *limits_plan;

static int setup(void **state)
{
    (void)state;
    return build_plan_at_limits(&limits_plan) == SALESPLAN_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    salesplan_plan_free(limits_plan);
    return 0;
}

static void test_counts_at_the_limits(void **state)
{
    (void)state;
    const salesplan_plan *p = limits_plan;
    assert_int_equal(salesplan_plan_stage_count(p), LIMIT_STAGES);
    assert_int_equal(salesplan_plan_pipeline_count(p), LIMIT_STAGES - 1);
    assert_int_equal(salesplan_plan_role_count(p), LIMIT_ITEMS);
    assert_int_equal(salesplan_plan_rep_count(p), LIMIT_ITEMS);
    assert_int_equal(salesplan_plan_activity_count(p), LIMIT_ITEMS);
    assert_int_equal(salesplan_plan_competitor_count(p), LIMIT_ITEMS);
    assert_int_equal(salesplan_plan_holiday_count(p), LIMIT_ITEMS);
    assert_int_equal(salesplan_plan_extension_count(p), LIMIT_ITEMS);
    salesplan_diagnostics *d = NULL;
    assert_int_equal(salesplan_plan_check(&d, p), SALESPLAN_OK);
    assert_int_equal(salesplan_diagnostics_count(d), 0);
    salesplan_diagnostics_free(d);
}

/* Every name leads back to its own index. */
static void assert_lookups(const salesplan_plan *p)
{
    char a[64];
    for (size_t i = 0; i < LIMIT_STAGES; i++) {
        limits_name(a, sizeof a, "stage", i);
        assert_int_equal(salesplan_plan_find_stage(p, a), (long)i);
    }
    for (size_t i = 0; i < LIMIT_ITEMS; i += 7) {
        limits_name(a, sizeof a, "role", i);
        assert_int_equal(salesplan_plan_find_role(p, a), (long)i);
        limits_name(a, sizeof a, "rep", i);
        assert_int_equal(slp_plan_name_index(p, SLP_NAMES_REPS, a), (long)i);
        limits_name(a, sizeof a, "activity", i);
        assert_int_equal(slp_plan_name_index(p, SLP_NAMES_ACTIVITIES, a), (long)i);
        limits_holiday(a, sizeof a, i);
        assert_string_equal(slp_text_at(salesplan_plan_holiday, p, i), a);
        assert_int_equal(slp_plan_name_index(p, SLP_NAMES_HOLIDAYS, a), (long)i);
    }
    assert_int_equal(salesplan_plan_find_role(p, "role 10000"), -1);
    assert_int_equal(salesplan_plan_find_stage(p, "stage"), -1);
}

/* Each list refuses a name it holds (EINVAL) and then one more (ELIMIT). */
static void assert_refusals(salesplan_plan *p)
{
    assert_int_equal(salesplan_plan_add_stage(p, "stage 999", 0.5, 1.0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_role(p, "role 4321", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "rep 0", "role 0", 1, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_activity(p, "activity 9999", "stage 0", 1.0, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_competitor(p, "competitor 17", SALESPLAN_COMPETITOR_DIRECT,
                                                   NULL, NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_holiday(p, "1990-01-01", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_add_stage(p, "one more", 0.5, 1.0, NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_add_role(p, "one more", NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_add_rep_tenure(p, "one more", "role 0", 1, NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_add_activity(p, "one more", "stage 0", 1.0, NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_add_competitor(p, "one more", SALESPLAN_COMPETITOR_DIRECT, NULL, NULL),
                     SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_add_holiday(p, "2030-01-01", NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_set_extension(p, "x-one-more", "1", NULL), SALESPLAN_ELIMIT);
    /* An existing key or pipeline stage is replaced, not added. */
    assert_int_equal(salesplan_plan_set_extension(p, "x-ext 5", "[2]", NULL), SALESPLAN_OK);
    assert_string_equal(slp_text_at(salesplan_plan_extension_json, p, 5), "[2]");
    assert_int_equal(salesplan_plan_extension_count(p), LIMIT_ITEMS);
    assert_int_equal(salesplan_plan_set_pipeline(p, "stage 3", 42, NULL), SALESPLAN_OK);
    assert_int_equal(slp_llong_at(salesplan_plan_pipeline_deals, p, 3), 42);
    assert_int_equal(salesplan_plan_pipeline_count(p), LIMIT_STAGES - 1);
}

static void test_lookups_and_refusals(void **state)
{
    (void)state;
    assert_lookups(limits_plan);
    assert_refusals(limits_plan);
}

static void test_clone_keeps_its_own_names(void **state)
{
    (void)state;
    salesplan_plan *c = NULL;
    assert_int_equal(salesplan_plan_clone(&c, limits_plan), SALESPLAN_OK);
    assert_lookups(c);
    assert_refusals(c);
    salesplan_plan_free(c);
}

static void test_clear_stages_forgets_their_names(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "P", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.5, 1.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", (double)NAN, 0.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.5, 1.0, NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_clear_stages(p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_find_stage(p, "Lead"), -1);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", (double)NAN, 0.0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_find_stage(p, "Won"), 0);
    salesplan_plan_free(p);
}

/* The set itself: growth past several doublings, equal hashes never
 * confused, clear keeps nothing. */
static void test_name_set(void **state)
{
    (void)state;
    enum { N = 5000 };
    static char names[N][16];
    slp_name_set s = {NULL, 0, 0};
    assert_int_equal(slp_name_set_find(&s, "a"), -1);
    for (size_t i = 0; i < N; i++) {
        limits_name(names[i], sizeof names[i], "n", i);
        assert_int_equal(slp_name_set_find(&s, names[i]), -1);
        assert_int_equal(slp_name_set_add(&s, names[i], i), SALESPLAN_OK);
    }
    assert_int_equal(s.count, N);
    assert_true(s.cap >= 2 * s.count);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(slp_name_set_find(&s, names[i]), (long)i);
    assert_int_equal(slp_name_set_find(&s, "n 5000"), -1);
    assert_int_equal(slp_name_set_find(&s, ""), -1);
    slp_name_set_clear(&s);
    assert_int_equal(slp_name_set_find(&s, names[0]), -1);
    assert_int_equal(s.count, 0);
    slp_name_set_free(&s);
    assert_null(s.slots);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_at_the_limits),
        cmocka_unit_test(test_lookups_and_refusals),
        cmocka_unit_test(test_clone_keeps_its_own_names),
        cmocka_unit_test(test_clear_stages_forgets_their_names),
        cmocka_unit_test(test_name_set),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
