/* Tests of JSON Merge Patch (RFC 7386): every example of the RFC's appendix A
 * through the public salesplan_json_merge_patch(), then plan-level scenarios:
 * a patched plan equals the plan changed through the model, patches apply in
 * order, null removes a member, and problems name the merged plan's path with
 * the line:col of the patch that set the value. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "salesplan.h"
#include "test_alloc.h"

/* The text without whitespace outside strings (the writer's layout is not
 * what is tested here, the values and their order are). */
static void squeeze(const char *s, char *out, size_t size)
{
    size_t n = 0;
    int in = 0;
    for (; *s && n + 1 < size; s++) {
        if (in) {
            out[n++] = *s;
            if (*s == '\\' && s[1]) {
                out[n++] = *++s;
            } else if (*s == '"') {
                in = 0;
            }
        } else if (*s == '"') {
            in = 1;
            out[n++] = *s;
        } else if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r') {
            out[n++] = *s;
        }
    }
    out[n] = '\0';
}

static void merge_eq(const char *doc, const char *patch, const char *want)
{
    char *out = NULL;
    size_t len = 0;
    salesplan_error err;
    assert_int_equal(salesplan_json_merge_patch(&out, &len, doc, strlen(doc), patch,
                                                strlen(patch), &err),
                     SALESPLAN_OK);
    assert_non_null(out);
    assert_int_equal(len, strlen(out));
    char got[512];
    squeeze(out, got, sizeof got);
    assert_string_equal(got, want);
    salesplan_free(out);
}

/* RFC 7386 appendix A, every row: original, patch, result. */
static void test_rfc7386_appendix_a(void **state)
{
    (void)state;
    merge_eq("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
    merge_eq("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}");
    merge_eq("{\"a\":\"b\"}", "{\"a\":null}", "{}");
    merge_eq("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}");
    merge_eq("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
    merge_eq("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}");
    merge_eq("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}");
    merge_eq("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}");
    merge_eq("[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]");
    merge_eq("{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]");
    merge_eq("{\"a\":\"foo\"}", "null", "null");
    merge_eq("{\"a\":\"foo\"}", "\"bar\"", "\"bar\"");
    merge_eq("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}");
    merge_eq("[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}");
    merge_eq("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}");
}

/* The RFC's section 3 example, and what the writer keeps exactly: number
 * spelling, escapes, key order, an empty patch. */
static void test_merge_details(void **state)
{
    (void)state;
    merge_eq("{\"title\":\"Goodbye!\",\"author\":{\"givenName\":\"John\",\"familyName\":\"Doe\"},"
             "\"tags\":[\"example\",\"sample\"],\"content\":\"This will be unchanged\"}",
             "{\"title\":\"Hello!\",\"phoneNumber\":\"+01-123-456-7890\","
             "\"author\":{\"familyName\":null},\"tags\":[\"example\"]}",
             "{\"title\":\"Hello!\",\"author\":{\"givenName\":\"John\"},\"tags\":[\"example\"],"
             "\"content\":\"This will be unchanged\",\"phoneNumber\":\"+01-123-456-7890\"}"
             );
}

static void test_merge_keeps_spelling(void **state)
{
    (void)state;
    merge_eq("{\"n\":-0,\"x\":1.50,\"big\":1e300}", "{}", "{\"n\":-0,\"x\":1.50,\"big\":1e300}");
    merge_eq("{\"k\\u00e9\":\"a\\\"b\\n\"}", "{\"z\":true,\"f\":false}",
             "{\"k\xc3\xa9\":\"a\\\"b\\n\",\"z\":true,\"f\":false}");
    merge_eq("{\"a\":{\"b\":1}}", "{\"a\":{}}", "{\"a\":{\"b\":1}}");
}

static void test_merge_errors(void **state)
{
    (void)state;
    char *out = (char *)1;
    salesplan_error err;
    assert_int_equal(salesplan_json_merge_patch(&out, NULL, "{}", 2, "{\"a\":", 5, &err),
                     SALESPLAN_ESYNTAX);
    assert_null(out);
    assert_int_equal(strncmp(err.message, "patch: ", 7), 0);
    assert_int_equal(err.line, 1);
    assert_int_equal(salesplan_json_merge_patch(&out, NULL, "{\n x}", 5, "{}", 2, &err),
                     SALESPLAN_ESYNTAX);
    assert_int_equal(strncmp(err.message, "document: ", 10), 0);
    assert_int_equal(err.line, 2);
    assert_int_equal(salesplan_json_merge_patch(NULL, NULL, "{}", 2, "{}", 2, &err),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_json_merge_patch(&out, NULL, NULL, 3, "{}", 2, &err),
                     SALESPLAN_EINVAL);
    /* 40 nested objects scan (the reader allows 64) but the writer nests 32 */
    char deep[200];
    size_t n = 0;
    for (int i = 0; i < 40; i++)
        deep[n++] = '[';
    for (int i = 0; i < 40; i++)
        deep[n++] = ']';
    assert_int_equal(salesplan_json_merge_patch(&out, NULL, "{}", 2, deep, n, &err),
                     SALESPLAN_ELIMIT);
    assert_null(out);
}

/* ---- plans ---------------------------------------------------------------- */

static char *example_with(const char *patch, salesplan_error *err, int *rc)
{
    const char *base = salesplan_example_json();
    const char *patches[1] = {patch};
    size_t lens[1] = {strlen(patch)};
    salesplan_plan *p = NULL;
    *rc = salesplan_plan_load_patched(&p, base, strlen(base), patches, lens, 1, err);
    if (*rc != SALESPLAN_OK)
        return NULL;
    char *json = NULL;
    assert_int_equal(salesplan_plan_to_json(&json, NULL, p, NULL), SALESPLAN_OK);
    salesplan_plan_free(p);
    return json;
}

/* A patched plan is the plan changed through the model's setters. */
static void test_plan_patch_equals_setters(void **state)
{
    (void)state;
    salesplan_error err;
    int rc;
    char *got = example_with("{\"target\": {\"revenue\": 300000}, \"deal\": {\"size_cv\": null},"
                             " \"confidence\": 0.8}",
                             &err, &rc);
    assert_int_equal(rc, SALESPLAN_OK);
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 300000, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size_cv(p, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_confidence(p, 0.8, NULL), SALESPLAN_OK);
    char *want = NULL;
    assert_int_equal(salesplan_plan_to_json(&want, NULL, p, NULL), SALESPLAN_OK);
    assert_string_equal(got, want);

    /* the same through salesplan_plan_patched() on a plan object */
    salesplan_plan *base = NULL, *q = NULL;
    assert_int_equal(salesplan_example_plan(&base), SALESPLAN_OK);
    const char *patch = "{\"target\": {\"revenue\": 300000}, \"deal\": {\"size_cv\": null},"
                        " \"confidence\": 0.8}";
    assert_int_equal(salesplan_plan_patched(&q, base, patch, strlen(patch), &err), SALESPLAN_OK);
    char *again = NULL;
    assert_int_equal(salesplan_plan_to_json(&again, NULL, q, NULL), SALESPLAN_OK);
    assert_string_equal(again, want);
    salesplan_free(again);
    salesplan_plan_free(q);
    salesplan_plan_free(base);
    salesplan_free(want);
    salesplan_free(got);
    salesplan_plan_free(p);
}

/* Patches apply in order: the later one wins; null removes. */
static void test_plan_patches_in_order(void **state)
{
    (void)state;
    const char *base = salesplan_example_json();
    const char *patches[3] = {"{\"target\": {\"revenue\": 300000, \"over_assignment\": 0.2}}",
                              "{\"target\": {\"revenue\": 200000}}",
                              "{\"target\": {\"over_assignment\": null}, \"pipeline\": null}"};
    size_t lens[3] = {strlen(patches[0]), strlen(patches[1]), strlen(patches[2])};
    salesplan_plan *p = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_plan_load_patched(&p, base, strlen(base), patches, lens, 3, &err),
                     SALESPLAN_OK);
    assert_true(salesplan_plan_target_revenue(p) == 200000.0);
    assert_true(salesplan_plan_over_assignment(p) == 0.0);
    assert_int_equal(salesplan_plan_pipeline_count(p), 0);
    salesplan_plan_free(p);
    /* no patches: the plain reader */
    assert_int_equal(salesplan_plan_load_patched(&p, base, strlen(base), NULL, NULL, 0, &err),
                     SALESPLAN_OK);
    assert_true(salesplan_plan_target_revenue(p) == 250000.0);
    salesplan_plan_free(p);
}

/* A refused value is named by its merged path and found in the patch. */
static void test_plan_patch_problem_location(void **state)
{
    (void)state;
    salesplan_error err;
    int rc;
    char *got = example_with("{\n  \"team\": {\n    \"attrition_monthly\": 1.5\n  }\n}", &err, &rc);
    assert_null(got);
    assert_int_equal(rc, SALESPLAN_EPLAN);
    assert_string_equal(err.path, "team.attrition_monthly");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 26);
    assert_int_equal(strncmp(err.message, "patch 1: ", 9), 0);
    assert_non_null(strstr(err.message, "1.5"));

    /* an unknown key the patch adds */
    got = example_with("{\"deal\": {\"sise\": 3}}", &err, &rc);
    assert_int_equal(rc, SALESPLAN_EPLAN);
    assert_string_equal(err.path, "deal.sise");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 11); /* at the key, as the plain reader does */

    /* removing a required member: located at the patch's null that removed it */
    got = example_with("{\"deal\": {\"average_size\": null}}", &err, &rc);
    assert_int_equal(rc, SALESPLAN_EPLAN);
    assert_string_equal(err.path, "deal.average_size");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 27);

    /* a required member missing from an object the patch brings: its enclosing value */
    got = example_with("{\"funnel\": {\"stages\": [{\"name\": \"A\", \"conversion\": 0.5},\n"
                       "  {\"conversion\": 0.5}, {\"name\": \"W\"}]}}",
                       &err, &rc);
    assert_int_equal(rc, SALESPLAN_EPLAN);
    assert_string_equal(err.path, "funnel.stages[1].name");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);

    /* a problem the plan file has: located in the plan file, no "patch" */
    const char *patches[1] = {"{\"name\": \"B\"}"};
    size_t lens[1] = {strlen(patches[0])};
    const char *bad = "{\"salesplan\": 1, \"name\": \"A\", \"period\": {\"start\": \"2026-01-05\","
                      " \"days\": 0}}";
    salesplan_diagnostics *d = NULL;
    assert_int_not_equal(salesplan_plan_validate_patched(&d, bad, strlen(bad), patches, lens, 1),
                         SALESPLAN_OK);
    int seen = 0;
    for (size_t i = 0; i < salesplan_diagnostics_count(d); i++) {
        const salesplan_error *e = salesplan_diagnostics_get(d, i);
        if (strcmp(e->path, "period.days") == 0) {
            seen = 1;
            assert_int_equal(e->line, 1);
            assert_int_equal(e->column, 73);
            assert_null(strstr(e->message, "patch"));
        }
    }
    assert_true(seen);
    salesplan_diagnostics_free(d);

    /* a syntax error in the second patch names it */
    const char *two[2] = {"{}", "{\n\"name\": }"};
    size_t two_lens[2] = {2, strlen(two[1])};
    salesplan_plan *p = NULL;
    const char *base = salesplan_example_json();
    assert_int_equal(salesplan_plan_load_patched(&p, base, strlen(base), two, two_lens, 2, &err),
                     SALESPLAN_ESYNTAX);
    assert_int_equal(strncmp(err.message, "patch 2: ", 9), 0);
    assert_int_equal(err.line, 2);
}

static int patched_op(void *ctx)
{
    (void)ctx;
    const char *base = salesplan_example_json();
    const char *patches[2] = {"{\"target\": {\"revenue\": 300000}}", "{\"confidence\": 0.9}"};
    size_t lens[2] = {strlen(patches[0]), strlen(patches[1])};
    salesplan_plan *p = NULL;
    int rc = salesplan_plan_load_patched(&p, base, strlen(base), patches, lens, 2, NULL);
    if (rc == SALESPLAN_OK) {
        assert_true(salesplan_plan_confidence(p) == 0.9);
        salesplan_plan_free(p);
    } else {
        assert_null(p);
    }
    return rc;
}

static void test_patched_allocation_failures(void **state)
{
    (void)state;
    tst_alloc_until_success(patched_op, NULL, 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc7386_appendix_a),
        cmocka_unit_test(test_merge_details),
        cmocka_unit_test(test_merge_keeps_spelling),
        cmocka_unit_test(test_merge_errors),
        cmocka_unit_test(test_plan_patch_equals_setters),
        cmocka_unit_test(test_plan_patches_in_order),
        cmocka_unit_test(test_plan_patch_problem_location),
        TST_ALLOC_TEST(test_patched_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
