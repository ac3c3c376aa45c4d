/* The allocator hook: every allocation (jansson's included) goes through it,
 * and failing any single allocation is reported cleanly as SALESPLAN_ENOMEM,
 * with nothing leaked and every handle still freeable. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "salesplan.h"

struct counting {
    long calls;      /* allocation calls seen (malloc + realloc) */
    long live;       /* blocks currently allocated */
    long fail_at;    /* 1-based call number to fail, 0 = never */
    long frees;
};

static void *c_malloc(void *ctx, size_t size)
{
    struct counting *c = ctx;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(size);
    if (p)
        c->live++;
    return p;
}

static void *c_realloc(void *ctx, void *ptr, size_t size)
{
    struct counting *c = ctx;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p && ptr == NULL)
        c->live++;
    return p;
}

static void c_free(void *ctx, void *ptr)
{
    struct counting *c = ctx;
    if (ptr) {
        c->live--;
        c->frees++;
    }
    free(ptr);
}

static struct counting counter;

static int install(void **state)
{
    (void)state;
    memset(&counter, 0, sizeof counter);
    salesplan_allocator a = {c_malloc, c_realloc, c_free, &counter};
    return salesplan_set_allocator(&a) == SALESPLAN_OK ? 0 : -1;
}

static int restore(void **state)
{
    (void)state;
    return salesplan_set_allocator(NULL) == SALESPLAN_OK ? 0 : -1;
}

static void test_rejects_incomplete_allocator(void **state)
{
    (void)state;
    salesplan_allocator a = {c_malloc, NULL, c_free, &counter};
    assert_int_equal(salesplan_set_allocator(&a), SALESPLAN_EINVAL);
}

static void test_counts_every_allocation(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    const char *json = salesplan_example_json();
    assert_int_equal(salesplan_plan_load_buffer(&p, json, strlen(json), NULL), SALESPLAN_OK);
    /* jansson's parse tree alone needs dozens of blocks, the model more. */
    assert_true(counter.calls > 50);
    assert_true(counter.live > 0);
    long before_free = counter.frees;
    salesplan_plan_free(p);
    assert_true(counter.frees > before_free);
    assert_int_equal(counter.live, 0);
}

/* Run `op` failing allocation 1, 2, 3, ... until it succeeds. */
typedef int (*op_fn)(void);

static int op_load(void)
{
    salesplan_plan *p = NULL;
    const char *json = salesplan_example_json();
    int rc = salesplan_plan_load_buffer(&p, json, strlen(json), NULL);
    if (rc != SALESPLAN_OK && p != NULL)
        return -100;
    salesplan_plan_free(p);
    return rc;
}

static int op_compute_render(void)
{
    salesplan_plan *p = NULL;
    long saved = counter.fail_at;
    counter.fail_at = 0; /* the load itself is tested above */
    int rc = salesplan_example_plan(&p);
    counter.fail_at = saved + counter.calls; /* count from here on */
    if (rc != SALESPLAN_OK)
        return -101;
    salesplan_result *r = NULL;
    rc = salesplan_compute(&r, p, NULL, NULL);
    if (rc == SALESPLAN_OK) {
        for (int f = SALESPLAN_FORMAT_JSON; f <= SALESPLAN_FORMAT_CSV && rc == SALESPLAN_OK; f++) {
            char *text = NULL;
            rc = salesplan_result_render(r, (salesplan_format)f, &text, NULL, NULL);
            if (rc != SALESPLAN_OK && text != NULL)
                rc = -102;
            salesplan_free(text);
        }
    } else if (r != NULL) {
        rc = -103;
    }
    salesplan_result_free(r);
    salesplan_plan_free(p);
    counter.fail_at = saved;
    return rc;
}

static void run_until_success(op_fn op, long *failures_seen)
{
    for (long n = 1; n < 100000; n++) {
        counter.calls = 0;
        counter.fail_at = n;
        int rc = op();
        assert_int_equal(counter.live, 0);
        if (rc == SALESPLAN_OK) {
            counter.fail_at = 0;
            *failures_seen = n - 1;
            return;
        }
        assert_int_equal(rc, SALESPLAN_ENOMEM);
    }
    fail_msg("operation never succeeded");
}

static void test_fail_each_allocation_of_load(void **state)
{
    (void)state;
    long n = 0;
    run_until_success(op_load, &n);
    assert_true(n > 50);
}

static void test_fail_each_allocation_of_compute_and_render(void **state)
{
    (void)state;
    long n = 0;
    run_until_success(op_compute_render, &n);
    assert_true(n > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rejects_incomplete_allocator, install, restore),
        cmocka_unit_test_setup_teardown(test_counts_every_allocation, install, restore),
        cmocka_unit_test_setup_teardown(test_fail_each_allocation_of_load, install, restore),
        cmocka_unit_test_setup_teardown(test_fail_each_allocation_of_compute_and_render, install,
                                        restore),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
