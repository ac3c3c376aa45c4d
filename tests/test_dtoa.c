/* Tests of json/dtoa: every output reads back to the same double, no string
 * one digit shorter does, the digits are the closest of their length, the
 * layout is printf's %g; plus a census against the former formatter (the
 * first of %.15g, %.16g, %.17g that read back). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clocale.h"
#include "json/dtoa.h"

/* The portable 64x64 -> 128 product path, compiled a second time under other
 * names and compared with the library's (which uses __int128 where the
 * compiler has it). */
size_t slp_dtoa_portable(double v, char *buf);
void slp_dtoa_shortest_portable(double v, uint64_t *digits, int *exp10);
#define SLP_DTOA_NO_INT128 1
#define slp_dtoa slp_dtoa_portable
#define slp_dtoa_shortest slp_dtoa_shortest_portable
#include "json/dtoa.c"
#undef slp_dtoa
#undef slp_dtoa_shortest

/* Values per random family in ctest; SLP_DTOA_TEST_COUNT overrides. */
#define DEFAULT_COUNT 600000

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t next_u64(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static long count_from_env(void)
{
    const char *s = getenv("SLP_DTOA_TEST_COUNT");
    long n = s ? strtol(s, NULL, 10) : 0;
    return n > 0 ? n : DEFAULT_COUNT;
}

/* Significant digits of a slp_dtoa text and its decimal exponent. */
static int sig_digits(const char *s, char *digits, int *exp10)
{
    int n = 0, point = -1, seen = 0, lead = 0;
    const char *p = s;
    if (*p == '-')
        p++;
    for (; *p && *p != 'e'; p++) {
        if (*p == '.') {
            point = seen;
            continue;
        }
        if (n == 0 && *p == '0') {
            lead++;
            seen++;
            continue;
        }
        digits[n++] = *p;
        seen++;
    }
    if (point < 0)
        point = seen;
    int e = *p == 'e' ? atoi(p + 1) : 0;
    while (n > 1 && digits[n - 1] == '0') /* whole numbers: 1200 */
        n--;
    digits[n] = '\0';
    *exp10 = e + point - lead - 1;
    return n;
}

/* Checks one value; returns 0 or fails the test with the value shown. */
static void check_value(double v)
{
    char buf[SLP_DTOA_SIZE + 8];
    memset(buf, 'x', sizeof buf);
    size_t len = slp_dtoa(v, buf);
    assert_int_equal(len, strlen(buf));
    assert_true(len < SLP_DTOA_SIZE);
    if (!isfinite(v))
        return;
    double back = slp_strtod_c(buf, NULL);
    if (!(back == v && (v != 0.0 || !signbit(back) || !signbit(v)))) {
        print_error("%.17g gave \"%s\" which reads back as %.17g\n", v, buf, back);
        fail();
    }
    if (v == 0.0) {
        assert_string_equal(buf, "0");
        return;
    }
    char digits[24];
    int x;
    int n = sig_digits(buf, digits, &x);
    char alt[64];
    /* Shortest: the correctly rounded (n-1)-digit string does not read back. */
    if (n > 1) {
        snprintf(alt, sizeof alt, "%.*e", n - 2, v);
        if (slp_strtod_c(alt, NULL) == v) {
            print_error("%.17g gave \"%s\" but \"%s\" is shorter\n", v, buf, alt);
            fail();
        }
    }
    /* Closest: when the correctly rounded n-digit string reads back, it is ours. */
    snprintf(alt, sizeof alt, "%.*e", n - 1, v);
    if (slp_strtod_c(alt, NULL) == v) {
        char d2[24];
        int x2;
        sig_digits(alt, d2, &x2);
        if (strcmp(d2, digits) != 0 || x2 != x) {
            print_error("%.17g gave \"%s\", the closest is \"%s\"\n", v, buf, alt);
            fail();
        }
    }
    /* Same layout as printf's %g at precision max(15, n). */
    snprintf(alt, sizeof alt, "%.*g", n > 15 ? n : 15, v);
    if (!(fabs(v) < 1e15 && v == floor(v)) && strcmp(alt, buf) != 0 &&
        slp_strtod_c(alt, NULL) == v) {
        char d2[24];
        int x2;
        sig_digits(alt, d2, &x2);
        if (strcmp(d2, digits) == 0) { /* same digits must mean same text */
            print_error("%.17g gave \"%s\", %%g lays it out as \"%s\"\n", v, buf, alt);
            fail();
        }
    }
    /* The portable product gives the same text. */
    char port[SLP_DTOA_SIZE];
    slp_dtoa_portable(v, port);
    assert_string_equal(port, buf);
}

static void test_fixed_texts(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {0.0, "0"},
        {-0.0, "0"},
        {1.0, "1"},
        {-42.0, "-42"},
        {250000.0, "250000"},
        {0.1, "0.1"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3.0, "0.3333333333333333"},
        {2.0 / 3.0, "0.6666666666666666"},
        {5e-324, "5e-324"},
        {1e-323, "1e-323"},
        {DBL_MIN, "2.2250738585072014e-308"},
        {DBL_MAX, "1.7976931348623157e+308"},
        {DBL_EPSILON, "2.220446049250313e-16"},
        {1e15, "1e+15"},
        {1e16, "1e+16"},
        {1e21, "1e+21"},
        {1e23, "1e+23"},
        {1e-5, "1e-05"},
        {1.5e-4, "0.00015"},
        {0.0001, "0.0001"},
        {123456.789, "123456.789"},
        {999999999999999.9, "999999999999999.9"},
        {1234567890123456.5, "1234567890123456.5"},
        {9007199254740993.0, "9007199254740992"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {-1.5e300, "-1.5e+300"},
        {4.35, "4.35"},
        {0.011169998880931009, "0.011169998880931009"},
        {2.2250738585072009e-308, "2.225073858507201e-308"},
        {NAN, "nan"},
        {INFINITY, "inf"},
        {-INFINITY, "-inf"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[SLP_DTOA_SIZE];
        slp_dtoa(cases[i].v, buf);
        assert_string_equal(buf, cases[i].text);
        check_value(cases[i].v);
    }
    uint64_t d;
    int e;
    slp_dtoa_shortest(0.3, &d, &e);
    assert_true(d == 3 && e == -1);
    slp_dtoa_shortest(1200.0, &d, &e);
    assert_true(d == 12 && e == 2);
}

static void test_powers_and_subnormals(void **state)
{
    (void)state;
    for (int p = -1074; p <= 1023; p++) { /* every power of two, both signs */
        check_value(ldexp(1.0, p));
        check_value(-ldexp(1.0, p));
        check_value(nextafter(ldexp(1.0, p), 0.0));
        check_value(nextafter(ldexp(1.0, p), INFINITY));
    }
    for (int p = -323; p <= 308; p++) { /* powers of ten as strtod reads them */
        char t[16];
        snprintf(t, sizeof t, "1e%d", p);
        double v = slp_strtod_c(t, NULL);
        check_value(v);
        char buf[SLP_DTOA_SIZE];
        slp_dtoa(v, buf);
        if (p < -4 || p >= 15)
            assert_string_equal(buf, p < 0 ? (snprintf(t, sizeof t, "1e-%02d", -p), t)
                                           : (snprintf(t, sizeof t, "1e+%02d", p), t));
    }
    for (uint64_t t = 1; t < 5000; t++) /* the smallest subnormals */
        check_value(from_bits(t));
    for (uint64_t t = 0; t < 5000; t++) /* around the subnormal / normal border */
        check_value(from_bits(((uint64_t)1 << 52) - 2500 + t));
    check_value(from_bits(0x7FEFFFFFFFFFFFFFu));
}

static void test_random_bits(void **state)
{
    (void)state;
    long n = count_from_env();
    for (long i = 0; i < n; i++) {
        double v = from_bits(next_u64());
        if (isfinite(v))
            check_value(v);
    }
}

static void test_random_decimals(void **state)
{
    (void)state;
    static const double div[] = {10.0, 100.0, 1000.0, 1e4, 1e6, 1e9, 3.0, 7.0};
    long n = count_from_env();
    for (long i = 0; i < n; i++) {
        uint64_t r = next_u64();
        double k = (double)(r >> 20) / (double)(1u << (r % 20)); /* various magnitudes */
        check_value(floor(k) / div[r % 8]);
        check_value((double)(int64_t)(r % 2000001) / div[(r >> 8) % 3] - 1000.0);
    }
}

/* The former formatter: the first of %.15g, %.16g, %.17g that reads back,
 * whole numbers below 1e15 as integers. */
static void old_format(char *buf, size_t size, double v)
{
    if (v == 0.0) {
        snprintf(buf, size, "0");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, size, "%.0f", v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (slp_strtod_c(buf, NULL) == v)
            break;
    }
}

/* Census: where the two formatters differ, the new text must be shorter,
 * and it is so only for subnormals (where %.15g reads back although it is
 * not the shortest form). */
static void test_against_former(void **state)
{
    (void)state;
    long n = count_from_env() / 2, differ = 0, subnormal = 0;
    for (long i = 0; i < 2 * n; i++) {
        uint64_t r = next_u64();
        double v = i < n ? from_bits(r) : (double)(r % 100000000) / 1000.0;
        if (!isfinite(v))
            continue;
        char now[SLP_DTOA_SIZE], before[64];
        slp_dtoa(v, now);
        old_format(before, sizeof before, v);
        if (strcmp(now, before) == 0)
            continue;
        differ++;
        if (fabs(v) < DBL_MIN)
            subnormal++;
        char d1[24], d2[24];
        int x1, x2;
        if (!(sig_digits(now, d1, &x1) < sig_digits(before, d2, &x2))) {
            print_error("%.17g: \"%s\" now, \"%s\" before\n", v, now, before);
            fail();
        }
    }
    print_message("dtoa vs former formatter: %ld of %ld values differ, %ld of them subnormal\n",
                  differ, 2 * n, subnormal);
    assert_int_equal(differ, subnormal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_texts),
        cmocka_unit_test(test_powers_and_subnormals),
        cmocka_unit_test(test_random_bits),
        cmocka_unit_test(test_random_decimals),
        cmocka_unit_test(test_against_former),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
