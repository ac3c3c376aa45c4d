/* The allocator hook: every allocation of the library goes through it,
 * and failing any single allocation is reported cleanly as SALESPLAN_ENOMEM,
 * with nothing leaked and every handle still freeable. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "salesplan.h"
#include "test_alloc.h"

static void test_rejects_incomplete_allocator(void **state)
{
    (void)state;
    salesplan_allocator a = tst_alloc_allocator();
    a.realloc_fn = NULL;
    assert_int_equal(salesplan_set_allocator(&a), SALESPLAN_EINVAL);
}

static void test_counts_every_allocation(void **state)
{
    (void)state;
    const tst_alloc_counts *counter = tst_alloc_state();
    salesplan_plan *p = NULL;
    const char *json = salesplan_example_json();
    assert_int_equal(salesplan_plan_load_buffer(&p, json, strlen(json), NULL), SALESPLAN_OK);
    /* the scan needs a few blocks, the model dozens more (its names and texts). */
    assert_true(counter->calls > 50);
    assert_true(counter->live > 0);
    long before_free = counter->frees;
    salesplan_plan_free(p);
    assert_true(counter->frees > before_free);
    assert_int_equal(counter->live, 0);
}

/* Operations run by tst_alloc_until_success, failing allocation 1, 2, 3, ...
 * until they succeed. */
static int op_load(void *ctx)
{
    (void)ctx;
    salesplan_plan *p = NULL;
    const char *json = salesplan_example_json();
    int rc = salesplan_plan_load_buffer(&p, json, strlen(json), NULL);
    if (rc != SALESPLAN_OK && p != NULL)
        return -100;
    salesplan_plan_free(p);
    return rc;
}

static int op_compute_render(void *ctx)
{
    (void)ctx;
    salesplan_plan *p = NULL;
    int rc = tst_alloc_example_plan(&p); /* the load itself is tested above */
    if (rc != SALESPLAN_OK)
        return -101;
    salesplan_result *r = NULL;
    rc = salesplan_compute(&r, p, NULL, NULL);
    if (rc == SALESPLAN_OK) {
        for (int f = SALESPLAN_FORMAT_JSON; f <= SALESPLAN_FORMAT_CSV && rc == SALESPLAN_OK; f++) {
            char *text = NULL;
            rc = salesplan_result_render(&text, NULL, r, (salesplan_format)f, NULL);
            if (rc != SALESPLAN_OK && text != NULL)
                rc = -102;
            salesplan_free(text);
        }
    } else if (r != NULL) {
        rc = -103;
    }
    salesplan_result_free(r);
    salesplan_plan_free(p);
    return rc;
}

static void test_fail_each_allocation_of_load(void **state)
{
    (void)state;
    long n = tst_alloc_until_success(op_load, NULL, 100000);
    assert_true(n > 50);
}

static void test_fail_each_allocation_of_compute_and_render(void **state)
{
    (void)state;
    long n = tst_alloc_until_success(op_compute_render, NULL, 100000);
    assert_true(n > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TST_ALLOC_TEST(test_rejects_incomplete_allocator),
        TST_ALLOC_TEST(test_counts_every_allocation),
        TST_ALLOC_TEST(test_fail_each_allocation_of_load),
        TST_ALLOC_TEST(test_fail_each_allocation_of_compute_and_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
