/* A counting, failing allocator for the allocator hook (salesplan_set_allocator),
 * shared by the cmocka tests: it counts allocation calls, live blocks and frees,
 * fails the Nth call (or every call from the Nth on), and drives an operation
 * through "fail allocation 1, 2, 3, ... until it succeeds".
 *
 * Test code only: the counts live in one static struct in test_alloc.c, so a
 * test binary has one such allocator. Not thread-safe (the counters are plain
 * longs); install it while no salesplan object is alive, as
 * salesplan_set_allocator asks. */
#ifndef SALESPLAN_TESTS_SUPPORT_TEST_ALLOC_H
#define SALESPLAN_TESTS_SUPPORT_TEST_ALLOC_H

#include "salesplan.h"

/** What the allocator has seen, and when it fails. */
typedef struct tst_alloc_counts {
    long calls;    /**< allocation calls seen (malloc + realloc) since the last reset */
    long live;     /**< blocks currently allocated through the hook */
    long frees;    /**< free calls with a non-NULL pointer */
    long fail_at;  /**< 1-based call number to fail, 0 = never */
    int fail_rest; /**< nonzero: every call after fail_at fails too */
} tst_alloc_counts;

/** The counts (one per test binary), to read or to adjust. Never NULL. */
tst_alloc_counts *tst_alloc_state(void);

/** The counting allocator itself (ctx points at the counts), e.g. to break it on purpose. */
salesplan_allocator tst_alloc_allocator(void);

/** Zero every count (no failure set) and install the counting allocator.
 * @return salesplan_set_allocator's status. */
int tst_alloc_install(void);

/** Go back to the C library's allocator. @return salesplan_set_allocator's status. */
int tst_alloc_restore(void);

/** cmocka setup/teardown wrappers of tst_alloc_install / tst_alloc_restore (0 or -1). */
int tst_alloc_setup(void **state);
int tst_alloc_teardown(void **state);

/** A cmocka test run between tst_alloc_setup and tst_alloc_teardown. */
#define TST_ALLOC_TEST(f) cmocka_unit_test_setup_teardown(f, tst_alloc_setup, tst_alloc_teardown)

/** Restart the call count and fail call `n` only (n = 0: never). */
void tst_alloc_fail_at(long n);

/** Restart the call count and fail call `n` and every later one (n >= 1). */
void tst_alloc_fail_from(long n);

/** Fail nothing from now on (the call count goes on). */
void tst_alloc_never_fail(void);

/** Nonzero if a failure is set and the call count has reached it, i.e. at
 * least one allocation has failed since the last tst_alloc_fail_at/_from. */
int tst_alloc_failed(void);

/** Suspend the failure point for set-up work that is not under test; returns
 * what tst_alloc_resume needs. */
long tst_alloc_pause(void);

/** Resume after tst_alloc_pause: the failure point counts from the end of the
 * set-up work, as if that work had made no allocation. */
void tst_alloc_resume(long saved);

/** salesplan_example_plan with failures paused: set-up work of an operation
 * under test. @return its status. */
int tst_alloc_example_plan(salesplan_plan **plan);

/** Check what a call that hands back text gave under the failing allocator:
 * on SALESPLAN_OK the text is set (and freed here with salesplan_free),
 * otherwise rc is SALESPLAN_ENOMEM and the text NULL (cmocka asserts).
 * Returns rc. */
int tst_alloc_check_text(int rc, char *text);

/** An operation for tst_alloc_until_success: returns a salesplan_status. */
typedef int (*tst_alloc_op)(void *ctx);

/**
 * Run `op(ctx)` failing allocation n = 1, 2, 3, ... (one at a time, n < limit)
 * until it returns SALESPLAN_OK. After every run no block may be live, and a
 * run that did not succeed must have returned SALESPLAN_ENOMEM; anything else,
 * or no success before `limit`, fails the test (cmocka fail_msg).
 * The allocator must be installed. Returns the number of failed runs.
 */
long tst_alloc_until_success(tst_alloc_op op, void *ctx, long limit);

#endif
