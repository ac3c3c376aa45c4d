#define _POSIX_C_SOURCE 200809L
/* Plans read and results written the same whatever locale the host chose:
 * under de_DE.UTF-8 (a decimal comma, LC_NUMERIC "," and "." grouping) the
 * example and the fixture plans load, compute and render byte for byte as
 * under "C". The library never changes the locale itself; the test switches
 * it, as a host application (PHP, Python, a desktop program) would. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"
#include "model/plan_model.h"

#define DECIMAL_COMMA_LOCALE "de_DE.UTF-8"

static const salesplan_format formats[] = {SALESPLAN_FORMAT_JSON, SALESPLAN_FORMAT_MARKDOWN,
                                           SALESPLAN_FORMAT_CSV, SALESPLAN_FORMAT_SVG};
static const char *const format_names[] = {"JSON", "Markdown", "CSV", "SVG"};
#define NFORMATS (sizeof formats / sizeof formats[0])

static const char *data_dir(void)
{
    const char *d = getenv("SALESPLAN_TEST_DATA");
    return d ? d : "tests/data";
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Everything the library makes of one plan text. */
typedef struct outputs {
    int load_rc;
    char *plan_json;         /* salesplan_plan_to_json of the loaded plan */
    char *text[NFORMATS];    /* the rendered result, one per format (NULL: refused) */
    int render_rc[NFORMATS];
} outputs;

static void make_outputs(const char *text, size_t len, outputs *o)
{
    memset(o, 0, sizeof *o);
    salesplan_plan *p = NULL;
    salesplan_error err;
    o->load_rc = salesplan_plan_load_buffer(&p, text, len, &err);
    if (o->load_rc != SALESPLAN_OK)
        fail_msg("load: %s at %s %ld:%ld", err.message, err.path, err.line, err.column);
    assert_int_equal(salesplan_plan_to_json(&o->plan_json, NULL, p, NULL), SALESPLAN_OK);
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    for (size_t f = 0; f < NFORMATS; f++)
        o->render_rc[f] = salesplan_result_render(&o->text[f], NULL, r, formats[f], NULL);
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

static void free_outputs(outputs *o)
{
    salesplan_free(o->plan_json);
    for (size_t f = 0; f < NFORMATS; f++)
        salesplan_free(o->text[f]);
}

/* 1 when the decimal-comma locale can be had (skip the test otherwise). */
static int have_locale(void)
{
    const char *old = setlocale(LC_ALL, NULL);
    char saved[128];
    snprintf(saved, sizeof saved, "%s", old ? old : "C");
    int ok = setlocale(LC_ALL, DECIMAL_COMMA_LOCALE) != NULL;
    setlocale(LC_ALL, saved);
    return ok;
}

static void compare_under_locale(const char *what, const char *text, size_t len)
{
    outputs c, de;
    assert_non_null(setlocale(LC_ALL, "C"));
    make_outputs(text, len, &c);
    assert_non_null(setlocale(LC_ALL, DECIMAL_COMMA_LOCALE));
    /* the locale really reads and writes a decimal comma */
    assert_string_equal(localeconv()->decimal_point, ",");
    make_outputs(text, len, &de);
    assert_non_null(setlocale(LC_ALL, "C"));

    assert_int_equal(de.load_rc, c.load_rc);
    if (strcmp(de.plan_json, c.plan_json) != 0)
        fail_msg("%s: the plan's JSON differs under %s", what, DECIMAL_COMMA_LOCALE);
    for (size_t f = 0; f < NFORMATS; f++) {
        assert_int_equal(de.render_rc[f], c.render_rc[f]);
        if (c.text[f] == NULL)
            continue;
        if (strcmp(de.text[f], c.text[f]) != 0) {
            size_t at = 0;
            while (de.text[f][at] == c.text[f][at])
                at++;
            fail_msg("%s: the %s rendering differs under %s from byte %zu: %.60s\nC: %.60s",
                     what, format_names[f], DECIMAL_COMMA_LOCALE, at, de.text[f] + at,
                     c.text[f] + at);
        }
    }
    free_outputs(&c);
    free_outputs(&de);
}

static void test_example(void **state)
{
    (void)state;
    if (!have_locale())
        skip(); /* scripts/setup.sh generates it; see the message in main */
    const char *ex = salesplan_example_json();
    compare_under_locale("example", ex, strlen(ex));
}

static void test_fixtures(void **state)
{
    (void)state;
    if (!have_locale())
        skip();
    static const char *const names[] = {"example.json", "full.json", "minimal.json"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[1024];
        size_t len;
        snprintf(path, sizeof path, "%s/plans/valid/%s", data_dir(), names[i]);
        char *text = read_all(path, &len);
        compare_under_locale(names[i], text, len);
        free(text);
    }
}

/* Numbers with a fraction, an exponent and many digits read the same: the
 * reader ignores LC_NUMERIC (a strtod in de_DE would stop at the '.'). */
static void test_numbers(void **state)
{
    (void)state;
    if (!have_locale())
        skip();
    const char *ex = salesplan_example_json();
    salesplan_plan *p = NULL;
    assert_non_null(setlocale(LC_ALL, DECIMAL_COMMA_LOCALE));
    int rc = salesplan_plan_load_buffer(&p, ex, strlen(ex), NULL);
    assert_int_equal(rc, SALESPLAN_OK);
    assert_non_null(setlocale(LC_ALL, "C"));
    salesplan_plan *q = NULL;
    assert_int_equal(salesplan_plan_load_buffer(&q, ex, strlen(ex), NULL), SALESPLAN_OK);
    assert_true(salesplan_plan_stage_count(p) == salesplan_plan_stage_count(q));
    for (size_t i = 0; i + 1 < salesplan_plan_stage_count(p); i++)
        assert_true(slp_num_at(salesplan_plan_stage_conversion, p, i) == slp_num_at(salesplan_plan_stage_conversion, q, i));
    assert_true(salesplan_plan_deal_size(p) == salesplan_plan_deal_size(q));
    salesplan_plan_free(p);
    salesplan_plan_free(q);
}

int main(void)
{
    if (!have_locale())
        printf("note: locale %s is not installed: the tests are skipped (scripts/setup.sh "
               "generates it)\n", DECIMAL_COMMA_LOCALE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example),
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
