/* The presentation helpers of lib/render/render.c at their edges: buffers too small,
 * decimals out of range, signs that round away, slices across months and
 * years, dates that do not parse, table cells with line breaks, text that is
 * not well-formed UTF-8 (and running out of memory while cleaning it), and
 * salesplan_result_render()'s argument checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "salesplan.h"
#include "common/strbuf.h"

static void test_fixed_edges(void **state)
{
    (void)state;
    char buf[SLP_FMT_SIZE];
    strcpy(buf, "kept");
    slp_fmt_fixed(buf, 0, 1.0, 0, 0, 0); /* no room: untouched */
    assert_string_equal(buf, "kept");
    slp_fmt_fixed(buf, sizeof buf, 1234.5678, 7, 1, 0); /* decimals capped at 3 */
    assert_string_equal(buf, "1,234.568");
    slp_fmt_fixed(buf, sizeof buf, 1234.5, -2, 1, 0); /* raised to 0, half away from 0 */
    assert_string_equal(buf, "1,235");
    slp_fmt_fixed(buf, sizeof buf, -0.0004, 3, 0, 0); /* rounds to zero: no "-" */
    assert_string_equal(buf, "0.000");
    slp_fmt_fixed(buf, sizeof buf, 2.5, 3, 0, 1); /* trimmed */
    assert_string_equal(buf, "2.5");
    slp_fmt_fixed(buf, sizeof buf, 2.0, 2, 0, 1); /* all zeros trimmed: no bare '.' */
    assert_string_equal(buf, "2");
    /* cut to the buffer: the sign and as many digits as fit */
    slp_fmt_fixed(buf, 3, -12.5, 0, 0, 0);
    assert_string_equal(buf, "-1");
    slp_fmt_fixed(buf, 1, -5.0, 0, 0, 0);
    assert_string_equal(buf, "");
    slp_fmt_fixed(buf, 4, 1.25, 2, 0, 0);
    assert_string_equal(buf, "1.2");
    slp_fmt_fixed(buf, 2, 1.25, 2, 0, 0); /* no room for the point */
    assert_string_equal(buf, "1");
    slp_fmt_fixed(buf, 5, 1234567.0, 0, 1, 0);
    assert_string_equal(buf, "1,23");
}

static void test_money_percent(void **state)
{
    (void)state;
    char buf[SLP_FMT_SIZE];
    slp_fmt_money(buf, sizeof buf, -0.001, NULL); /* rounds to 0: no sign, USD default */
    assert_string_equal(buf, "$0");
    slp_fmt_money(buf, sizeof buf, -1234.5, "EUR");
    assert_string_equal(buf, "-1,235 EUR");
    slp_fmt_money(buf, sizeof buf, 12.5, "USD");
    assert_string_equal(buf, "$12.50");
    slp_fmt_money(buf, sizeof buf, -INFINITY, "USD");
    assert_string_equal(buf, "n/a");
    slp_fmt_percent(buf, sizeof buf, INFINITY);
    assert_string_equal(buf, "n/a");
    slp_fmt_percent(buf, sizeof buf, 0.125);
    assert_string_equal(buf, "12.5%");
    slp_fmt_percent(buf, sizeof buf, 12.3456); /* 1234.56 -> one decimal, grouped */
    assert_string_equal(buf, "1,234.6%");
    slp_fmt_count_up(buf, sizeof buf, 1000.2);
    assert_string_equal(buf, "1,001");
}

static void test_labels(void **state)
{
    (void)state;
    char buf[SLP_FMT_SIZE];
    slp_fmt_slice_label(buf, sizeof buf, NULL, "2026-01-31");
    assert_string_equal(buf, "?");
    slp_fmt_slice_label(buf, sizeof buf, "2026-01-01", NULL);
    assert_string_equal(buf, "2026-01-01");
    slp_fmt_slice_label(buf, sizeof buf, "soon", "2026-01-31");
    assert_string_equal(buf, "soon");
    slp_fmt_slice_label(buf, sizeof buf, "2026-01-01", "2026-13-01");
    assert_string_equal(buf, "2026-01-01");
    slp_fmt_slice_label(buf, sizeof buf, "2024-02-01", "2024-02-29"); /* leap February */
    assert_string_equal(buf, "Feb 2024");
    slp_fmt_slice_label(buf, sizeof buf, "2026-02-01", "2026-02-27"); /* one day short */
    assert_string_equal(buf, "1\u201327 Feb 2026");
    slp_fmt_slice_label(buf, sizeof buf, "2026-07-15", "2026-07-31");
    assert_string_equal(buf, "15\u201331 Jul 2026");
    slp_fmt_slice_label(buf, sizeof buf, "2026-01-15", "2026-02-10");
    assert_string_equal(buf, "15 Jan 2026\u201310 Feb 2026");
    slp_fmt_slice_label(buf, sizeof buf, "2025-12-01", "2026-12-31"); /* same month, not year */
    assert_string_equal(buf, "1 Dec 2025\u201331 Dec 2026");

    slp_fmt_date_long(buf, sizeof buf, NULL, 0);
    assert_string_equal(buf, "?");
    slp_fmt_date_long(buf, sizeof buf, "2026-02-30", 0);
    assert_string_equal(buf, "2026-02-30");
    slp_fmt_date_long(buf, sizeof buf, "2026-01-30", 2);
    assert_string_equal(buf, "1 Feb 2026");
    slp_fmt_date_long(buf, sizeof buf, "2024-03-01", -1);
    assert_string_equal(buf, "29 Feb 2024");
}

static char *finish(slp_strbuf *sb)
{
    char *out = NULL;
    assert_int_equal(slp_sb_finish(sb, &out, NULL), SALESPLAN_OK);
    return out;
}

static void test_md_cell(void **state)
{
    (void)state;
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_md_cell(&sb, NULL); /* nothing */
    slp_md_cell(&sb, "a|b\r\nc\rd\ne");
    slp_sb_putc(&sb, '/');
    slp_md_cell(&sb, "\nx|");
    char *out = finish(&sb);
    assert_string_equal(out, "a\\|b c d e/ x\\|");
    salesplan_free(out);
}

static void test_json_text(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {NULL, "\"\""},
        {"plain", "\"plain\""},
        /* well-formed at the edges of each lead byte's range */
        {"\xED\x9F\xBF|\xF0\x90\x80\x80|\xF4\x8F\xBF\xBF",
         "\"\xED\x9F\xBF|\xF0\x90\x80\x80|\xF4\x8F\xBF\xBF\""},
        /* overlong E0, surrogate ED: each bad byte becomes U+FFFD */
        {"\xE0\x80\x80|\xED\xA0\x80",
         "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},
        /* overlong F0, above U+10FFFF via F4, F5 never valid */
        {"\xF0\x8F\xBF\xBF" "a\xF4\x90\x80\x80" "b\xF5",
         "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
         "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
         "b\xEF\xBF\xBD\""},
        /* a character cut short, then a quote that is still escaped */
        {"\xE4\xB8\"\xC3\xA9", "\"\xEF\xBF\xBD\xEF\xBF\xBD\\\"\xC3\xA9\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        slp_strbuf sb = SLP_STRBUF_INIT;
        slp_sb_json_text(&sb, cases[i].in);
        char *out = finish(&sb);
        assert_string_equal(out, cases[i].out);
        salesplan_free(out);
    }
}

/* ---- a failing allocator of this file's own ---------------------------- */

static void *no_malloc(void *ctx, size_t size)
{
    (void)ctx;
    (void)size;
    return NULL;
}

static void *no_realloc(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)p;
    (void)size;
    return NULL;
}

static void std_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static void test_json_text_out_of_memory(void **state)
{
    (void)state;
    const salesplan_allocator none = {no_malloc, no_realloc, std_free, NULL};
    assert_int_equal(salesplan_set_allocator(&none), SALESPLAN_OK);
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_sb_json_text(&sb, "bad \xFF byte"); /* the cleaning copy cannot grow */
    int failed = sb.failed;
    slp_sb_release(&sb);
    assert_int_equal(salesplan_set_allocator(NULL), SALESPLAN_OK);
    assert_true(failed);
}

static void test_render_arguments(void **state)
{
    (void)state;
    salesplan_plan *plan = NULL;
    salesplan_result *res = NULL;
    salesplan_error err;
    const char *ex = salesplan_example_json();
    assert_int_equal(salesplan_plan_load_buffer(&plan, ex, strlen(ex), &err), SALESPLAN_OK);
    assert_int_equal(salesplan_compute(&res, plan, NULL, &err), SALESPLAN_OK);
    size_t len = 99;
    assert_int_equal(salesplan_result_render(res, SALESPLAN_FORMAT_JSON, NULL, &len, &err),
                     SALESPLAN_EINVAL);
    assert_int_equal(len, 0);
    assert_non_null(strstr(err.message, "out is NULL"));
    char sentinel[] = "sentinel";
    char *text = sentinel;
    assert_int_equal(salesplan_result_render(NULL, SALESPLAN_FORMAT_JSON, &text, NULL, &err),
                     SALESPLAN_EINVAL);
    assert_null(text);
    assert_non_null(strstr(err.message, "no result to render"));
    assert_int_equal(salesplan_result_render(res, (salesplan_format)42, &text, &len, &err),
                     SALESPLAN_EINVAL);
    assert_string_equal(err.message, "unknown output format 42 (json, markdown, csv or svg)");
    assert_null(text);
    /* without a length pointer */
    assert_int_equal(salesplan_result_render(res, SALESPLAN_FORMAT_CSV, &text, NULL, &err),
                     SALESPLAN_OK);
    assert_int_equal(strncmp(text, "rep,role,", 9), 0);
    salesplan_free(text);
    salesplan_result_free(res);
    salesplan_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_edges),     cmocka_unit_test(test_money_percent),
        cmocka_unit_test(test_labels),          cmocka_unit_test(test_md_cell),
        cmocka_unit_test(test_json_text),       cmocka_unit_test(test_json_text_out_of_memory),
        cmocka_unit_test(test_render_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
