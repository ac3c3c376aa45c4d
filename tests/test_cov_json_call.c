/* salesplan_json_call() on the inputs the main tests leave out: \u escapes
 * of every UTF-8 length (and the other escapes) in request strings, a plan
 * given as a string whose line breaks come from escapes, members of the
 * wrong JSON type, a number too long to convert, and "mode": "confidence"
 * on its own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"

static char *call(const char *req)
{
    char *reply = salesplan_json_call(req, strlen(req));
    assert_non_null(reply);
    return reply;
}

/* The reply contains `want`. */
static void expect(const char *req, const char *want)
{
    char *reply = call(req);
    if (strstr(reply, want) == NULL)
        fail_msg("request %s\nreply %s\nlacks %s", req, reply, want);
    salesplan_free(reply);
}

static void test_escapes_in_op(void **state)
{
    (void)state;
    /* \u0076 is 'v': a one-byte character */
    expect("{\"op\": \"\\u0076ersion\"}", "\"ops\": [\"plan\", \"validate\", \"example\", \"version\"]");
    /* two-, three- and four-byte characters (a surrogate pair), upper-case
     * hex, and the escapes \/ \" \\, shown decoded in the message */
    expect("{\"op\": \"\\u00e9\\u4E2D\\ud83d\\ude00\\u0041\\/\\\"\\\\\"}",
           "\"message\": \"unknown operation \\\"\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"
           "A/\\\"\\\\\\\": one of plan, validate, example, version\", \"path\": \"op\"");
    /* \b and \f decode to control characters: not a mode */
    expect("{\"op\": \"plan\", \"mode\": \"\\b\\f\", \"plan\": {}}",
           "\"message\": \"must be \\\"expected\\\" or \\\"confidence\\\"\", \"path\": \"mode\"");
}

static void test_string_plan_positions(void **state)
{
    (void)state;
    /* The plan text decodes to "{\n\t"salesplan": 1,\r\n\t"bogus": 2}":
     * "bogus" is on line 3, column 2 of the plan itself (no shift for a string). */
    expect("{\"op\":\"validate\",\"plan\":\"{\\n\\t\\\"salesplan\\\": 1,\\r\\n\\t\\\"bogus\\\": 2}\"}",
           "unknown key \\\"bogus\\\" (allowed here: salesplan, name, currency, period, "
           "calendar, narrative, target, deal, confidence, funnel, pipeline, activities, "
           "team, economics, or any \\\"x-\\\" key)\", \"path\": \"bogus\", \"line\": 3, "
           "\"column\": 2}");
}

static void test_wrong_types(void **state)
{
    (void)state;
    expect("{\"op\": \"plan\", \"mode\": {}}",
           "\"message\": \"must be a string, found an object\", \"path\": \"mode\"");
    expect("{\"op\": \"plan\", \"mode\": [1]}",
           "\"message\": \"must be a string, found an array\", \"path\": \"mode\"");
    expect("{\"op\": \"plan\", \"format\": false}",
           "\"message\": \"must be a string, found a boolean\", \"path\": \"format\"");
    expect("{\"op\": \"plan\", \"mode\": 7}",
           "\"message\": \"must be a string, found a number\", \"path\": \"mode\"");
    expect("{\"op\": 5}", "\"message\": \"not a string: one of plan, validate, example, "
                          "version\", \"path\": \"op\"");
    expect("[]", "\"message\": \"the request must be a JSON object such as {\\\"op\\\": "
                 "\\\"version\\\"}, found an array\"");
    expect("{\"op\": \"validate\", \"plan\": 12}",
           "\"message\": \"must be an object or a string of JSON text, found a number\", "
           "\"path\": \"plan\"");
}

static void test_long_number(void **state)
{
    (void)state;
    /* 0.000...0005 with 450 digits: valid JSON, in (0, 1), but longer than
     * the converter takes: refused as a number, not misread */
    char req[600];
    int n = snprintf(req, sizeof req, "{\"op\": \"plan\", \"confidence\": 0.");
    for (int i = 0; i < 450; i++)
        req[n++] = i == 449 ? '5' : '0';
    snprintf(req + n, sizeof req - (size_t)n, ", \"plan\": {}}");
    expect(req, "\"message\": \"must be a number in (0, 1), found a number\", "
                "\"path\": \"confidence\"");
}

/* "mode": "confidence" without a level: the example plan gives none either,
 * so compute refuses (rather than picking a level of its own). */
static void test_confidence_mode_alone(void **state)
{
    (void)state;
    const char *ex = salesplan_example_json();
    size_t n = strlen(ex) + 128;
    char *req = malloc(n);
    assert_non_null(req);
    snprintf(req, n, "{\"op\": \"plan\", \"mode\": \"confidence\", \"plan\": %s}", ex);
    expect(req, "{\"error\": {\"code\": 2, \"status\": \"invalid argument\", \"message\": "
                "\"compute options: confidence mode needs a confidence q, and neither the "
                "options nor the plan give one\"");
    /* with a level it is accepted and written back */
    snprintf(req, n, "{\"op\": \"plan\", \"mode\": \"confidence\", \"confidence\": 0.75, "
                     "\"plan\": %s}", ex);
    char *reply = call(req);
    assert_null(strstr(reply, "{\"error\""));
    assert_non_null(strstr(reply, "\"mode\": \"confidence\""));
    assert_non_null(strstr(reply, "\"confidence\": 0.75"));
    salesplan_free(reply);
    /* with "expected" the level is null */
    snprintf(req, n, "{\"op\": \"plan\", \"mode\": \"expected\", \"plan\": %s}", ex);
    reply = call(req);
    assert_non_null(strstr(reply, "\"mode\": \"expected\""));
    assert_non_null(strstr(reply, "\"confidence\": null"));
    salesplan_free(reply);
    free(req);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_in_op),   cmocka_unit_test(test_string_plan_positions),
        cmocka_unit_test(test_wrong_types),     cmocka_unit_test(test_long_number),
        cmocka_unit_test(test_confidence_mode_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
