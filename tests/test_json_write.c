/* Tests of json/json_write: layouts (pretty, inline, mixed, empty, wrapped),
 * escaping, numbers and integers, the UTF-8 cleaning of text, and that an
 * allocation failure is reported by the buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <string.h>

#include "common/strbuf.h"
#include "json/json_write.h"
#include "salesplan.h"
#include "test_alloc.h"

/* Finish the buffer and compare it with `want`. */
static void expect(slp_strbuf *sb, const char *want)
{
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(slp_sb_finish(sb, &out, &len), SALESPLAN_OK);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    salesplan_free(out);
}

static void test_pretty_document(void **state)
{
    (void)state;
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_jw w;
    slp_jw_init(&w, &sb);
    slp_jw_object(&w, SLP_JW_PRETTY);
    slp_jw_kint(&w, "salesplan", 1);
    slp_jw_kstring(&w, "name", "Q1");
    slp_jw_knumber(&w, "confidence", NAN);
    slp_jw_key(&w, "stages");
    slp_jw_array(&w, SLP_JW_PRETTY);
    slp_jw_object(&w, SLP_JW_PRETTY);
    slp_jw_knumber(&w, "conversion", 0.25);
    slp_jw_kbool(&w, "reachable", 1);
    slp_jw_end(&w);
    slp_jw_object(&w, SLP_JW_PRETTY); /* empty: stays on one line */
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_jw_key(&w, "slices");
    slp_jw_array(&w, SLP_JW_INLINE);
    slp_jw_number(&w, 1.5);
    slp_jw_number(&w, 1e-7);
    slp_jw_null(&w);
    slp_jw_end(&w);
    slp_jw_key(&w, "warnings");
    slp_jw_array(&w, SLP_JW_PRETTY);
    slp_jw_end(&w);
    slp_jw_key(&w, "ext");
    slp_jw_raw(&w, "{\"x\": [1]}");
    slp_jw_end(&w);
    expect(&sb, "{\n"
                "  \"salesplan\": 1,\n"
                "  \"name\": \"Q1\",\n"
                "  \"confidence\": null,\n"
                "  \"stages\": [\n"
                "    {\n"
                "      \"conversion\": 0.25,\n"
                "      \"reachable\": true\n"
                "    },\n"
                "    {}\n"
                "  ],\n"
                "  \"slices\": [1.5, 1e-07, null],\n"
                "  \"warnings\": [],\n"
                "  \"ext\": {\"x\": [1]}\n"
                "}");
}

/* Inline containers do not indent: a pretty array inside one lines up with
 * the inline object's own line; slp_jw_wrap breaks an inline object. */
static void test_inline_and_wrap(void **state)
{
    (void)state;
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_jw w;
    slp_jw_init(&w, &sb);
    slp_jw_object(&w, SLP_JW_PRETTY);
    slp_jw_key(&w, "funnel");
    slp_jw_object(&w, SLP_JW_INLINE);
    slp_jw_key(&w, "stages");
    slp_jw_array(&w, SLP_JW_PRETTY);
    slp_jw_object(&w, SLP_JW_INLINE);
    slp_jw_kstring(&w, "name", "A");
    slp_jw_kint(&w, "n", -3);
    slp_jw_wrap(&w);
    slp_jw_knumber(&w, "c", 0.8);
    slp_jw_end(&w);
    slp_jw_object(&w, SLP_JW_INLINE);
    slp_jw_wrap(&w); /* before the first member: no effect */
    slp_jw_kstring(&w, "name", "Won");
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_jw_key(&w, "empty");
    slp_jw_array(&w, SLP_JW_PRETTY);
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_jw_end(&w);
    expect(&sb, "{\n"
                "  \"funnel\": {\"stages\": [\n"
                "    {\"name\": \"A\", \"n\": -3,\n"
                "     \"c\": 0.8},\n"
                "    {\"name\": \"Won\"}\n"
                "  ], \"empty\": []}\n"
                "}");
}

static void test_values(void **state)
{
    (void)state;
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_jw w;
    slp_jw_init(&w, &sb);
    slp_jw_array(&w, SLP_JW_INLINE);
    slp_jw_string(&w, "a\"b\\c\n\x01\t\r\b\f/");
    slp_jw_number(&w, 0.1);
    slp_jw_number(&w, INFINITY);
    slp_jw_number(&w, -0.0);
    slp_jw_number(&w, 1.0 / 3.0);
    slp_jw_number(&w, 250000.0);
    slp_jw_number(&w, 5e-324);
    slp_jw_int(&w, LLONG_MIN);
    slp_jw_int(&w, 0);
    slp_jw_uint(&w, ULLONG_MAX);
    slp_jw_bool(&w, 0);
    slp_jw_string(&w, NULL);
    slp_jw_text(&w, NULL);
    slp_jw_text(&w, "ok\xC3\xA9\xFF\xE2\x82"); /* é, a stray byte, a cut sequence */
    slp_jw_text(&w, "\xED\xA0\x80\xF4\x90\x80\x80\xC0\xAF"); /* surrogate, > U+10FFFF, overlong */
    slp_jw_end(&w);
    expect(&sb, "[\"a\\\"b\\\\c\\n\\u0001\\t\\r\\b\\f/\", 0.1, null, 0, 0.3333333333333333, "
                "250000, 5e-324, -9223372036854775808, 0, 18446744073709551615, false, null, "
                "null, \"ok\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\", "
                "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"]");

    slp_strbuf plain = SLP_STRBUF_INIT;
    slp_json_string(&plain, "k");
    slp_sb_putc(&plain, ' ');
    slp_json_number(&plain, -1.25e-300);
    slp_sb_putc(&plain, ' ');
    slp_json_text(&plain, "\xFF");
    expect(&plain, "\"k\" -1.25e-300 \"\xEF\xBF\xBD\"");
}

/* Nesting deeper than SLP_JW_MAX_NEST, and a failed allocation, both leave
 * the buffer marked failed rather than writing a wrong document. */
static void test_failures(void **state)
{
    (void)state;
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_jw w;
    slp_jw_init(&w, &sb);
    for (int i = 0; i <= SLP_JW_MAX_NEST; i++)
        slp_jw_array(&w, SLP_JW_INLINE);
    assert_true(sb.failed);
    slp_sb_release(&sb);

    assert_int_equal(tst_alloc_install(), SALESPLAN_OK);
    for (long n = 1;; n++) {
        tst_alloc_state()->fail_at = n;
        slp_strbuf b = SLP_STRBUF_INIT;
        slp_jw_init(&w, &b);
        slp_jw_object(&w, SLP_JW_PRETTY);
        slp_jw_ktext(&w, "t", "bad \xFF byte");
        slp_jw_knumber(&w, "x", 0.1);
        slp_jw_end(&w);
        char *out = NULL;
        int rc = slp_sb_finish(&b, &out, NULL);
        if (rc == SALESPLAN_OK) {
            assert_string_equal(out, "{\n  \"t\": \"bad \xEF\xBF\xBD byte\",\n  \"x\": 0.1\n}");
            salesplan_free(out);
            break;
        }
        assert_int_equal(rc, SALESPLAN_ENOMEM);
        assert_null(out);
        assert_true(n < 20);
    }
    assert_int_equal(tst_alloc_state()->live, 0);
    assert_int_equal(tst_alloc_restore(), SALESPLAN_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pretty_document),
        cmocka_unit_test(test_inline_and_wrap),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
