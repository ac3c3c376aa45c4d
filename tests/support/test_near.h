/* The one near-equality check of the C tests.
 *
 * A number is near its expected value when
 *     |got - want| <= abs_tol + rel_tol * |want|
 * (equal values, infinities included, always are; NaN never is). On failure the
 * message shows both values to 17 digits and the tolerance, at the caller's line.
 *
 *   assert_near(got, want, tol)            absolute tolerance
 *   assert_rel(got, want, tol)             relative tolerance (to |want|)
 *   assert_near_rel(got, want, abs, rel)   both
 *   assert_within(what, got, want, tol)    absolute, with a label instead of the expression
 *
 * Include after <cmocka.h>. */
#ifndef SALESPLAN_TEST_NEAR_H
#define SALESPLAN_TEST_NEAR_H

#include <math.h>

static inline int tst_near(double got, double want, double abs_tol, double rel_tol)
{
    if (got == want)
        return 1;
    return fabs(got - want) <= abs_tol + rel_tol * fabs(want);
}

static inline void tst_assert_near(double got, double want, double abs_tol, double rel_tol,
                                   const char *what, const char *file, int line)
{
    if (tst_near(got, want, abs_tol, rel_tol))
        return;
    print_error("%s = %.17g, expected %.17g (difference %.3g > %.3g absolute + %.3g relative)\n",
                what, got, want, fabs(got - want), abs_tol, rel_tol);
    _fail(file, line);
}

#define assert_near(got, want, tol)                                                                \
    tst_assert_near((got), (want), (tol), 0.0, #got, __FILE__, __LINE__)
#define assert_rel(got, want, tol)                                                                 \
    tst_assert_near((got), (want), 0.0, (tol), #got, __FILE__, __LINE__)
#define assert_near_rel(got, want, abs_tol, rel_tol)                                               \
    tst_assert_near((got), (want), (abs_tol), (rel_tol), #got, __FILE__, __LINE__)
#define assert_within(what, got, want, tol)                                                        \
    tst_assert_near((got), (want), (tol), 0.0, (what), __FILE__, __LINE__)

#endif
