/* Field values of CRM exports (lib/estimate/estimate_dates.c), tested directly: every
 * date spelling, amounts against the C library's strtod, the UTF-8 check, the
 * quoting of values in messages and stage-name matching. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "estimate/estimate_internal.h"

static int date(const char *s, int dmy, int32_t *day)
{
    return slp_est_parse_date(s, strlen(s), dmy, day);
}

/* 2024-01-01 is day 19723 after 1970-01-01: 54 years of 365 days plus the 13
 * leap days 1972, 1976, ..., 2020. */
#define JAN1_2024 (54 * 365 + 13)

static void test_dates(void **state)
{
    (void)state;
    int32_t d = 0;
    assert_int_equal(date("1970-01-01", 0, &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(date("2024-01-01", 0, &d), 0);
    assert_int_equal(d, JAN1_2024);
    /* the same day in every accepted spelling */
    const char *same[] = {"2024-03-05",          "2024-03-05T10:20:30Z", "2024-03-05 10:20",
                          "2024-03-05T10:20:30.123+02:00", "2024/03/05", "2024/3/5",
                          "3/5/2024",            "03/05/2024",           "3/5/2024 9:15 PM",
                          "3/5/2024 9:15 am",    "2024-03-05T08:00-05:00"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        d = -1;
        if (date(same[i], 0, &d) != 0)
            fail_msg("'%s' refused", same[i]);
        assert_int_equal(d, JAN1_2024 + 31 + 29 + 4); /* 2024 is a leap year */
    }
    /* day first */
    assert_int_equal(date("5/3/2024", 1, &d), 0);
    assert_int_equal(d, JAN1_2024 + 31 + 29 + 4);
    assert_int_equal(date("31/12/2024", 1, &d), 0);
    assert_int_equal(d, JAN1_2024 + 365);
    assert_int_equal(date("31/12/2024", 0, &d), -1); /* month 31 */
    assert_int_equal(date("2/29/2023", 0, &d), -1);  /* not a leap year */
    assert_int_equal(date("2/29/2000", 0, &d), 0);   /* 2000 is */
    const char *bad[] = {"",           "2024",        "2024-13-01", "2024-00-10", "2024-02-30",
                         "2024-01-32", "2024-01-00",  "2024-01-01X", "2024-01-01T",
                         "2024-01-01 ", "2024-01-01Tab", "2024/01",  "2024/01/",  "2024/001/01",
                         "2024/01/123", "1/2/24",     "12345/1/2024", "1/2/20245", "1//2024",
                         "/1/2024",    "1-2-2024",    "a/b/c",      "123/1/2024", "1/2/",
                         "2024-01-01T12:00 Berlin"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (date(bad[i], 0, &d) != -1)
            fail_msg("'%s' accepted", bad[i]);
}

static int amount(const char *s, double *v)
{
    return slp_est_parse_amount(s, strlen(s), v);
}

static void test_amounts(void **state)
{
    (void)state;
    double v = 0;
    /* the fast path and the slow path agree with strtod to the last bit */
    const char *good[] = {"0",    "1054", "-12.50", "+7",  "1.5e3", "1.5E-3",
                          "2e+2", ".5",   "5.",     "-0",  "0.1",   "123456789.123456789",
                          "9007199254740993", "12345678901234567890123", "1e22", "1e23",
                          "1e-22",    "1e-300",   "0.000000000000000000000000001",
                          "1234567890123456789.5", "1.7976931348623157e308", "4.9e-324"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        if (amount(good[i], &v) != 0)
            fail_msg("'%s' refused", good[i]);
        double want = strtod(good[i], NULL);
        if (memcmp(&v, &want, sizeof v) != 0)
            fail_msg("'%s': %.17g, strtod says %.17g", good[i], v, want);
    }
    const char *bad[] = {"",  "-",    "+",   ".",    "e5",  "1e",    "1e+",   "1,250", "$5",
                         "5 ", " 5", "1.2.3", "inf", "nan", "1e999", "-1e400", "0x10", "1e5x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (amount(bad[i], &v) != -1)
            fail_msg("'%s' accepted as %g", bad[i], v);
    /* a mantissa too long for the slow path's buffer */
    char longnum[600];
    memset(longnum, '1', sizeof longnum - 1);
    longnum[sizeof longnum - 1] = '\0';
    assert_int_equal(amount(longnum, &v), -1);
}

/* Plain amounts (digits and at most one point, the common case read by a
 * shortcut) equal the C library's correctly rounded strtod, bit for bit. */
static void test_plain_amounts_match_strtod(void **state)
{
    (void)state;
    uint64_t r = 12345;
    char buf[32];
    for (int t = 0; t < 200000; t++) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        size_t len = 1 + (size_t)((r >> 33) % 17); /* 1..17 characters */
        size_t point = (size_t)((r >> 20) % (len + 3)); /* often none */
        for (size_t i = 0; i < len; i++) {
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            buf[i] = (char)('0' + (r >> 40) % 10);
        }
        if (point < len)
            buf[point] = '.';
        buf[len] = '\0';
        double got = -1, want;
        char *end;
        want = strtod(buf, &end);
        int rc = slp_est_parse_amount(buf, len, &got);
        if (strcmp(buf, ".") == 0) {
            assert_int_equal(rc, -1);
            continue;
        }
        assert_int_equal(rc, 0);
        assert_true(end == buf + len);
        if (memcmp(&got, &want, sizeof got) != 0)
            fail_msg("%s: %.17g, strtod %.17g", buf, got, want);
    }
}

static void test_utf8(void **state)
{
    (void)state;
    const char *good[] = {"", "plain", "\xC3\xA9t\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                          "\xF4\x8F\xBF\xBF"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(slp_utf8_valid(good[i], strlen(good[i])));
    const char *bad[] = {"\x80",         "\xC3",         "\xC3(",         "\xC0\xAF",
                         "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80",
                         "\xE2\x82",     "ok\xFF"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (slp_utf8_valid(bad[i], strlen(bad[i])))
            fail_msg("bad UTF-8 %zu accepted", i);
}

static void test_show_and_names(void **state)
{
    (void)state;
    char buf[32];
    slp_est_show(buf, sizeof buf, "ab\\c\n", 5);
    assert_string_equal(buf, "'ab\\x5Cc\\x0A'");
    slp_est_show(buf, sizeof buf, "0123456789012345678901234567890123456789", 40);
    assert_string_equal(buf, "'01234567890123456789012...'");
    slp_est_show(buf, 4, "abc", 3);
    assert_string_equal(buf, "");
    slp_est_show(buf, 0, "abc", 3); /* nothing written */
    assert_true(slp_est_name_eq(" Closed Won\t", 12, "closed won", 10));
    assert_false(slp_est_name_eq("Closed Won", 10, "closed-won", 10));
    assert_false(slp_est_name_eq("Won", 3, "Wonder", 6));
    assert_true(slp_est_name_eq("", 0, "  ", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_amounts),
        cmocka_unit_test(test_plain_amounts_match_strtod),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_show_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
