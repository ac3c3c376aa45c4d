/* common/utf8: every scalar value encoded by hand decodes back to itself
 * with its length; overlong forms, surrogates, values past U+10FFFF,
 * truncated sequences and stray bytes are refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "common/utf8.h"

/* RFC 3629 encoding of cp into b; returns the length. */
static size_t encode(unsigned long cp, unsigned char b[4])
{
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static void test_every_scalar_value_round_trips(void **state)
{
    (void)state;
    for (unsigned long cp = 0; cp <= 0x10FFFF; cp++) {
        unsigned char b[4];
        size_t n = encode(cp, b);
        unsigned long got = 0;
        int surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        assert_int_equal(slp_utf8_decode(b, n, &got), surrogate ? 0 : n);
        if (!surrogate) {
            assert_int_equal(got, cp);
            /* one byte short is a truncated sequence */
            if (n > 1)
                assert_int_equal(slp_utf8_decode(b, n - 1, NULL), 0);
        }
    }
}

static void test_ill_formed_bytes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xF0\x80\x80\x80",
        "\xF0\x8F\xBF\xBF", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
        "\xFF", "\x80", "\xBF", "\xE2\x82", "\xE2\x82\x41", "a\xC3",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(slp_utf8_valid(bad[i], strlen(bad[i])));
        assert_int_equal(slp_utf8_count(bad[i], 100), (size_t)-1);
    }
    assert_true(slp_utf8_valid("a\0b", 3)); /* embedded NUL in a counted text */
    assert_true(slp_utf8_valid("", 0));
}

static void test_count_stops_past_the_limit(void **state)
{
    (void)state;
    assert_int_equal(slp_utf8_count("", 5), 0);
    assert_int_equal(slp_utf8_count("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 10), 4);
    assert_int_equal(slp_utf8_count("abcdefgh", 3), 4); /* stop + 1 */
    /* past the stop the rest is not read, so it may be ill-formed */
    assert_int_equal(slp_utf8_count("abcd\xFF", 2), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_scalar_value_round_trips),
        cmocka_unit_test(test_ill_formed_bytes),
        cmocka_unit_test(test_count_stops_past_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
