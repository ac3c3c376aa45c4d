/* The tests' counting, failing allocator: see test_alloc.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "test_alloc.h"

/* The one piece of mutable state: the hook's ctx (test code only). */
static tst_alloc_counts counts;

static int should_fail(tst_alloc_counts *c)
{
    long n = ++c->calls;
    return c->fail_at > 0 && (n == c->fail_at || (c->fail_rest && n > c->fail_at));
}

static void *c_malloc(void *ctx, size_t size)
{
    tst_alloc_counts *c = ctx;
    if (should_fail(c))
        return NULL;
    void *p = malloc(size);
    if (p)
        c->live++;
    return p;
}

static void *c_realloc(void *ctx, void *ptr, size_t size)
{
    tst_alloc_counts *c = ctx;
    if (should_fail(c))
        return NULL;
    void *p = realloc(ptr, size);
    if (p && ptr == NULL)
        c->live++;
    return p;
}

static void c_free(void *ctx, void *ptr)
{
    tst_alloc_counts *c = ctx;
    if (ptr) {
        c->live--;
        c->frees++;
    }
    free(ptr);
}

tst_alloc_counts *tst_alloc_state(void)
{
    return &counts;
}

salesplan_allocator tst_alloc_allocator(void)
{
    salesplan_allocator a = {c_malloc, c_realloc, c_free, &counts};
    return a;
}

int tst_alloc_install(void)
{
    memset(&counts, 0, sizeof counts);
    salesplan_allocator a = tst_alloc_allocator();
    return salesplan_set_allocator(&a);
}

int tst_alloc_restore(void)
{
    return salesplan_set_allocator(NULL);
}

int tst_alloc_setup(void **state)
{
    (void)state;
    return tst_alloc_install() == SALESPLAN_OK ? 0 : -1;
}

int tst_alloc_teardown(void **state)
{
    (void)state;
    return tst_alloc_restore() == SALESPLAN_OK ? 0 : -1;
}

void tst_alloc_fail_at(long n)
{
    counts.calls = 0;
    counts.fail_at = n;
    counts.fail_rest = 0;
}

void tst_alloc_fail_from(long n)
{
    counts.calls = 0;
    counts.fail_at = n;
    counts.fail_rest = 1;
}

void tst_alloc_never_fail(void)
{
    counts.fail_at = 0;
    counts.fail_rest = 0;
}

int tst_alloc_failed(void)
{
    return counts.fail_at > 0 && counts.calls >= counts.fail_at;
}

long tst_alloc_pause(void)
{
    long saved = counts.fail_at;
    counts.fail_at = 0;
    return saved;
}

void tst_alloc_resume(long saved)
{
    counts.fail_at = saved ? saved + counts.calls : 0;
}

int tst_alloc_example_plan(salesplan_plan **plan)
{
    long saved = tst_alloc_pause();
    int rc = salesplan_example_plan(plan);
    tst_alloc_resume(saved);
    return rc;
}

int tst_alloc_check_text(int rc, char *text)
{
    if (rc == SALESPLAN_OK) {
        assert_non_null(text);
        salesplan_free(text);
    } else {
        assert_int_equal(rc, SALESPLAN_ENOMEM);
        assert_null(text);
    }
    return rc;
}

long tst_alloc_until_success(tst_alloc_op op, void *ctx, long limit)
{
    for (long n = 1; n < limit; n++) {
        tst_alloc_fail_at(n);
        int rc = op(ctx);
        if (counts.live != 0)
            fail_msg("allocation %ld failed: %ld blocks leaked", n, counts.live);
        if (rc == SALESPLAN_OK) {
            counts.fail_at = 0;
            return n - 1;
        }
        if (rc != SALESPLAN_ENOMEM)
            fail_msg("allocation %ld failed: status %d instead of SALESPLAN_ENOMEM", n, rc);
    }
    fail_msg("operation never succeeded");
    return -1;
}
