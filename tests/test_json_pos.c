/* The queries of lib/json/json_pos_query.c at their edges: nodes out of range, a
 * NULL table, keys of array items, paths cut short by a small buffer, path
 * lookups that stop early, and string comparison through every escape. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "json/json_pos.h"

/* Nodes, in document order:
 * 0 root, 1 "a", 2 "b.c" (array), 3 10, 4 {"x"}, 5 true, 6 "b", 7 "s", 8 "kéy". */
static const char doc[] =
    "{\"a\": {\"b.c\": [10, {\"x\": true}], \"b\": 1},\n"
    " \"s\": \"\\u00e9\\u4E2D\\ud83d\\ude00\\u0041\\b\\f\\n\\r\\t\\/\\\"\\\\z\",\n"
    " \"k\\u00e9y\": null}";

/* What "s" decodes to: é (2 bytes), 中 (3), U+1F600 (4), then ASCII. */
static const char s_decoded[] = "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"
                                "A\b\f\n\r\t/\"\\z";

static slp_jpos *scan(void)
{
    slp_jpos *j = NULL;
    salesplan_error err;
    assert_int_equal(slp_jpos_scan(&j, doc, strlen(doc), &err), SALESPLAN_OK);
    assert_non_null(j);
    return j;
}

static void test_out_of_range(void **state)
{
    (void)state;
    slp_jpos *j = scan();
    assert_int_equal(slp_jpos_count(NULL), 0);
    assert_int_equal(slp_jpos_count(j), 9);
    assert_int_equal(slp_jpos_type(j, 1), SLP_JT_OBJECT);
    assert_int_equal(slp_jpos_type(j, 2), SLP_JT_ARRAY);
    assert_int_equal(slp_jpos_type(j, 5), SLP_JT_TRUE);
    assert_int_equal(slp_jpos_type(j, 99), SLP_JT_NULL);
    assert_int_equal(slp_jpos_nkids(j, 2), 2);
    assert_int_equal(slp_jpos_nkids(j, 99), 0);
    assert_int_equal(slp_jpos_kid(j, 2, 1), 4);
    assert_int_equal(slp_jpos_kid(j, 2, 2), SLP_JPOS_NONE);
    assert_int_equal(slp_jpos_kid(j, 99, 0), SLP_JPOS_NONE);

    long line = -1, col = -1;
    slp_jpos_where(NULL, 0, &line, &col);
    assert_true(line == 0 && col == 0);
    line = col = -1;
    slp_jpos_where(j, 99, &line, &col);
    assert_true(line == 0 && col == 0);
    slp_jpos_where(j, 7, &line, &col); /* the value of "s", line 2 */
    assert_int_equal(line, 2);
    assert_int_equal(col, 7);
    line = col = -1;
    slp_jpos_key_where(NULL, 0, &line, &col);
    assert_true(line == 0 && col == 0);
    line = col = -1;
    slp_jpos_key_where(j, 99, &line, &col);
    assert_true(line == 0 && col == 0);
    slp_jpos_key_where(j, 8, &line, &col); /* "k\u00e9y" on line 3 */
    assert_int_equal(line, 3);
    assert_int_equal(col, 2);

    size_t len = 7;
    const char *raw = slp_jpos_raw(j, 99, &len);
    assert_string_equal(raw, "");
    assert_int_equal(len, 0);
    raw = slp_jpos_raw(j, 3, &len);
    assert_int_equal(len, 2);
    assert_memory_equal(raw, "10", 2);
    slp_jpos_free(j);
}

/* A number that is not 0 but too close to 0 for a double is refused at its
 * line and column, as an overflowing one is; the smallest subnormal and a
 * zero with a huge negative exponent are read as they are. */
static void test_number_range(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long line, column;
        const char *message;
    } bad[] = {
        {"[1e-400]", 1, 2,
         "number out of range: too close to 0 for a double (it would read as 0)"},
        {"{\"a\":\n  -0.0001e-330}", 2, 3, "number out of range: too close to 0 for a double"},
        {"[1, 2.5E-999999]", 1, 5, "number out of range"},
        {"[1e400]", 1, 2, "number too large: it overflows a double"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        slp_jpos *j = NULL;
        salesplan_error err;
        assert_int_equal(slp_jpos_scan(&j, bad[i].text, strlen(bad[i].text), &err),
                         SALESPLAN_ESYNTAX);
        assert_null(j);
        assert_int_equal(err.line, bad[i].line);
        assert_int_equal(err.column, bad[i].column);
        assert_non_null(strstr(err.message, bad[i].message));
    }
    static const char ok[] =
        "[5e-324, -4.9406564584124654e-324, 0e-999, -0.000e-400, 2.2250738585072014e-308]";
    slp_jpos *j = NULL;
    salesplan_error err;
    assert_int_equal(slp_jpos_scan(&j, ok, strlen(ok), &err), SALESPLAN_OK);
    double v = -1.0;
    assert_int_equal(slp_jpos_number(j, slp_jpos_kid(j, 0, 0), &v), 0);
    assert_true(v > 0.0 && v == 4.9406564584124654e-324); /* the smallest subnormal */
    assert_int_equal(slp_jpos_number(j, slp_jpos_kid(j, 0, 1), &v), 0);
    assert_true(v < 0.0 && v == -4.9406564584124654e-324);
    assert_int_equal(slp_jpos_number(j, slp_jpos_kid(j, 0, 2), &v), 0);
    assert_true(v == 0.0);
    assert_int_equal(slp_jpos_number(j, slp_jpos_kid(j, 0, 3), &v), 0);
    assert_true(v == 0.0);
    assert_int_equal(slp_jpos_number(j, slp_jpos_kid(j, 0, 4), &v), 0);
    assert_true(v == 2.2250738585072014e-308); /* the smallest normal */
    slp_jpos_free(j);
}

static void test_members_and_keys(void **state)
{
    (void)state;
    slp_jpos *j = scan();
    assert_int_equal(slp_jpos_member(j, 0, "s", 1), 7);
    assert_int_equal(slp_jpos_member(j, 0, "k\xC3\xA9y", 4), 8); /* decoded key */
    assert_int_equal(slp_jpos_member(j, 0, "ky", 2), SLP_JPOS_NONE);
    assert_int_equal(slp_jpos_member(j, 2, "x", 1), SLP_JPOS_NONE); /* an array */
    assert_int_equal(slp_jpos_member(j, 99, "x", 1), SLP_JPOS_NONE);

    size_t len = 5;
    assert_null(slp_jpos_key(j, 0, &len)); /* the root has no key */
    assert_int_equal(len, 0);
    len = 5;
    assert_null(slp_jpos_key(j, 99, &len));
    assert_int_equal(len, 0);
    len = 5;
    assert_null(slp_jpos_key(j, 3, &len)); /* an array item */
    assert_int_equal(len, 0);
    const char *k = slp_jpos_key(j, 8, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(k, "k\xC3\xA9y", 4);

    /* the key "s" opens at line 2, column 2 */
    assert_int_equal(slp_jpos_key_at(j, 2, 2), 7);
    assert_int_equal(slp_jpos_key_at(j, 1, 2), 1);
    assert_int_equal(slp_jpos_key_at(j, 2, 3), SLP_JPOS_NONE);
    /* array items carry no key position: never found, even at 0:0 */
    assert_int_equal(slp_jpos_key_at(j, 0, 0), SLP_JPOS_NONE);
    slp_jpos_free(j);
}

static void test_paths(void **state)
{
    (void)state;
    slp_jpos *j = scan();
    char buf[64];
    slp_jpos_path(j, 5, buf, sizeof buf);
    assert_string_equal(buf, "a.b.c[1].x");
    slp_jpos_path(j, 0, buf, sizeof buf);
    assert_string_equal(buf, "");
    strcpy(buf, "untouched");
    slp_jpos_path(j, 5, buf, 0); /* no room at all: nothing written */
    assert_string_equal(buf, "untouched");
    slp_jpos_path(j, 99, buf, sizeof buf);
    assert_string_equal(buf, "");
    /* cut short: 3 characters and the terminator */
    slp_jpos_path(j, 5, buf, 4);
    assert_string_equal(buf, "a.b");
    slp_jpos_path(j, 5, buf, 2);
    assert_string_equal(buf, "a");
    slp_jpos_path(j, 8, buf, sizeof buf);
    assert_string_equal(buf, "k\xC3\xA9y");
    slp_jpos_free(j);
}

static void test_find(void **state)
{
    (void)state;
    slp_jpos *j = scan();
    int exact = -1;
    assert_int_equal(slp_jpos_find(NULL, "a", &exact), SLP_JPOS_NONE);
    assert_int_equal(exact, 0);
    assert_int_equal(slp_jpos_find(j, NULL, &exact), 0);
    assert_int_equal(exact, 1);
    assert_int_equal(slp_jpos_find(j, "a.b.c[1].x", &exact), 5);
    assert_int_equal(exact, 1);
    assert_int_equal(slp_jpos_find(j, "a.b.c[1].x", NULL), 5);
    /* the longest key wins: "b.c" rather than "b" then ".c" */
    assert_int_equal(slp_jpos_find(j, "a.b.c", &exact), 2);
    assert_int_equal(exact, 1);
    assert_int_equal(slp_jpos_find(j, "a.b", &exact), 6);
    assert_int_equal(exact, 1);
    /* each way of stopping early gives the deepest node reached, not exact */
    static const struct {
        const char *path;
        size_t node;
    } stops[] = {
        {"a[0]", 1},                          /* index into an object */
        {"a.b.c[x]", 2},                      /* no digits */
        {"a.b.c[1", 2},                       /* no closing bracket */
        {"a.b.c[99999999999999999999999]", 2}, /* overflow */
        {"a.b.c[2]", 2},                      /* past the end */
        {"a.b.c[0]x", 3},                     /* no '.' after an index */
        {"a.b.c[0].y", 3},                    /* member of a number */
        {"s.t", 7},                           /* member of a string */
        {"zz", 0},                            /* no such key */
        {"a.q", 1},
    };
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        exact = -1;
        assert_int_equal(slp_jpos_find(j, stops[i].path, &exact), stops[i].node);
        assert_int_equal(exact, 0);
    }
    slp_jpos_free(j);
}

static void test_offset_where(void **state)
{
    (void)state;
    long line, col;
    slp_jpos_offset_where("ab\ncd", 5, 99, &line, &col); /* clamped to the end */
    assert_int_equal(line, 2);
    assert_int_equal(col, 3);
    slp_jpos_offset_where("ab\ncd", 5, 3, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
    slp_jpos_offset_where("ab\ncd", 5, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
}

static void test_string_eq(void **state)
{
    (void)state;
    slp_jpos *j = scan();
    size_t n = sizeof s_decoded - 1;
    assert_int_equal(slp_jpos_string_eq(j, 7, s_decoded, n), 1);
    assert_int_equal(slp_jpos_string_eq(j, 7, s_decoded, n - 1), 0); /* too short */
    char longer[64];
    memcpy(longer, s_decoded, n);
    longer[n] = 'z';
    assert_int_equal(slp_jpos_string_eq(j, 7, longer, n + 1), 0); /* too long */
    char other[64];
    memcpy(other, s_decoded, n);
    other[2] = 'X'; /* differs inside the 3-byte character */
    assert_int_equal(slp_jpos_string_eq(j, 7, other, n), 0);
    assert_int_equal(slp_jpos_string_eq(j, 3, "10", 2), 0);  /* a number */
    assert_int_equal(slp_jpos_string_eq(j, 99, "10", 2), 0); /* no such node */
    slp_jpos_free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_out_of_range),  cmocka_unit_test(test_number_range),
        cmocka_unit_test(test_members_and_keys),
        cmocka_unit_test(test_paths),         cmocka_unit_test(test_find),
        cmocka_unit_test(test_offset_where),  cmocka_unit_test(test_string_eq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
