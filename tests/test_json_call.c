#define _POSIX_C_SOURCE 200809L
/* salesplan_json_call(): every operation, every error shape, and hostile
 * requests, each of which must give a JSON reply and never a crash. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"
#include "shared_data.h"
#include "test_alloc.h"
#include "tfile.h"
#include "tjson.h"

/* Call with a NUL-terminated request; the reply must be one JSON object. */
static tj call_n(const char *req, size_t len, char **raw)
{
    char *reply = salesplan_json_call(req, len);
    assert_non_null(reply);
    tj doc = tj_load(reply);
    if (!tj_ok(doc))
        fail_msg("reply is not JSON: %.200s", reply);
    assert_true(tj_is_object(doc));
    if (raw)
        *raw = reply;
    else
        salesplan_free(reply);
    return doc;
}

static tj call(const char *req)
{
    return call_n(req, strlen(req), NULL);
}

/* The reply must be {"error": {code, status, message, path, line, column}}
 * with this code; returns the inner object (borrowed from `doc`). */
static tj assert_error(tj doc, int code)
{
    assert_int_equal(tj_size(doc), 1);
    tj e = tj_get(doc, "error");
    assert_true(tj_is_object(e));
    static const char *const keys[] = {"code", "status", "message", "path", "line", "column"};
    assert_int_equal(tj_size(e), 6);
    for (size_t i = 0; i < tj_size(e); i++)
        assert_string_equal(tj_key(e, i), keys[i]);
    if (tj_int(tj_get(e, "code")) != code)
        fail_msg("code %lld, wanted %d: %s", tj_int(tj_get(e, "code")), code,
                 tj_str(tj_get(e, "message")));
    assert_string_equal(tj_str(tj_get(e, "status")), salesplan_strerror(code));
    assert_true(tj_strlen(tj_get(e, "message")) > 0);
    assert_true(tj_is_string(tj_get(e, "path")));
    assert_true(tj_is_integer(tj_get(e, "line")));
    assert_true(tj_is_integer(tj_get(e, "column")));
    return e;
}

static void expect_error(const char *req, int code, const char *path)
{
    tj doc = call(req);
    tj e = assert_error(doc, code);
    if (path)
        assert_string_equal(tj_str(tj_get(e, "path")), path);
    tj_drop(doc);
}

/* Append s as a JSON string. */
static void put_json_string(char **at, const char *s)
{
    char *o = *at;
    *o++ = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c < 0x20) {
            o += sprintf(o, "\\u%04x", c);
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = '"';
    *o = '\0';
    *at = o;
}

/* {"op": <op>, "plan": <the example plan as an object or a string>, ...extra},
 * where `extra` is an object whose members are added. */
static char *op_request(const char *op, const char *extra, int as_string)
{
    const char *ex = salesplan_example_json();
    size_t cap = 6 * strlen(ex) + (extra ? strlen(extra) : 0) + 64;
    char *text = malloc(cap), *at = text;
    assert_non_null(text);
    at += sprintf(at, "{\"op\": \"%s\", \"plan\": ", op);
    if (as_string) {
        put_json_string(&at, ex);
    } else {
        strcpy(at, ex);
        at += strlen(ex);
    }
    if (extra) {
        const char *open = strchr(extra, '{'), *close = strrchr(extra, '}');
        assert_true(open != NULL && close != NULL && close > open);
        at += sprintf(at, ", %.*s", (int)(close - open - 1), open + 1);
    }
    strcpy(at, "}");
    return text;
}

static char *plan_request(const char *extra, int as_string)
{
    return op_request("plan", extra, as_string);
}

/* The example plan computed and rendered directly, for comparison. */
static char *direct(salesplan_format fmt, int mode, double q)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    salesplan_compute_options o = SALESPLAN_COMPUTE_OPTIONS_INIT;
    o.mode = mode;
    o.confidence = q;
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, &o, NULL), SALESPLAN_OK);
    char *text = NULL;
    assert_int_equal(salesplan_result_render(&text, NULL, r, fmt, NULL), SALESPLAN_OK);
    salesplan_result_free(r);
    salesplan_plan_free(p);
    return text;
}

/* ---- operations --------------------------------------------------------------- */

static void test_version(void **state)
{
    (void)state;
    tj doc = call("{\"op\": \"version\"}");
    assert_string_equal(tj_str(tj_get(doc, "version")), salesplan_version());
    assert_int_equal(tj_int(tj_get(doc, "version_number")),
                     salesplan_version_number());
    assert_int_equal(tj_int(tj_get(doc, "result_format")), 1);
    tj ops = tj_get(doc, "ops");
    static const char *const names[] = {"plan", "validate", "example", "version", "estimate",
                                        "simulate", "track", "sensitivity", "compare",
                                        "activities"};
    assert_int_equal(tj_size(ops), 10);
    for (size_t i = 0; i < 10; i++)
        assert_string_equal(tj_str(tj_at(ops, i)), names[i]);
    tj_drop(doc);
    /* null optional members count as absent; whitespace around is fine */
    doc = call("  \n{\"op\":\"version\"}\n ");
    assert_true(tj_ok(tj_get(doc, "version")));
    tj_drop(doc);
}

static void test_example(void **state)
{
    (void)state;
    char *raw = NULL;
    tj doc = call_n("{\"op\":\"example\"}", 16, &raw);
    assert_string_equal(raw, salesplan_example_json());
    assert_int_equal(tj_int(tj_get(doc, "salesplan")), 1);
    salesplan_free(raw);
    tj_drop(doc);
}

static void test_plan_json(void **state)
{
    (void)state;
    char *want = direct(SALESPLAN_FORMAT_JSON, SALESPLAN_MODE_PLAN, 0.0);
    for (int as_string = 0; as_string <= 1; as_string++) {
        char *req = plan_request(NULL, as_string);
        char *raw = NULL;
        tj doc = call_n(req, strlen(req), &raw);
        /* The reply is the result document itself, byte for byte. */
        assert_string_equal(raw, want);
        assert_string_equal(tj_str(tj_get(doc, "mode")), "expected");
        salesplan_free(raw);
        tj_drop(doc);
        free(req);
    }
    salesplan_free(want);
}

static void test_plan_confidence_and_mode(void **state)
{
    (void)state;
    char *want = direct(SALESPLAN_FORMAT_JSON, SALESPLAN_MODE_CONFIDENCE, 0.9);
    char *req = plan_request("{\"confidence\": 0.9}", 0);
    char *raw = NULL;
    tj doc = call_n(req, strlen(req), &raw);
    assert_string_equal(raw, want);
    assert_string_equal(tj_str(tj_get(doc, "mode")), "confidence");
    assert_true(tj_num(tj_get(doc, "confidence")) == 0.9);
    salesplan_free(raw);
    tj_drop(doc);
    free(req);
    salesplan_free(want);

    req = plan_request("{\"mode\": \"expected\", \"confidence\": null}", 0);
    doc = call(req);
    assert_string_equal(tj_str(tj_get(doc, "mode")), "expected");
    tj_drop(doc);
    free(req);

    req = plan_request("{\"mode\": \"expected\", \"confidence\": 0.9}", 0);
    expect_error(req, SALESPLAN_EINVAL, "mode");
    free(req);
    req = plan_request("{\"mode\": \"fast\"}", 0);
    expect_error(req, SALESPLAN_EINVAL, "mode");
    free(req);
    const char *bad_q[] = {"{\"confidence\": 1}", "{\"confidence\": 0}", "{\"confidence\": -0.5}",
                           "{\"confidence\": \"high\"}", "{\"confidence\": [0.9]}",
                           "{\"confidence\": true}"};
    for (size_t i = 0; i < sizeof bad_q / sizeof bad_q[0]; i++) {
        req = plan_request(bad_q[i], 0);
        expect_error(req, SALESPLAN_EINVAL, "confidence");
        free(req);
    }
}

static void test_plan_text_formats(void **state)
{
    (void)state;
    const struct {
        const char *req, *name;
        salesplan_format fmt;
    } cases[] = {{"{\"format\": \"markdown\"}", "markdown", SALESPLAN_FORMAT_MARKDOWN},
                 {"{\"format\": \"md\"}", "markdown", SALESPLAN_FORMAT_MARKDOWN},
                 {"{\"format\": \"csv\"}", "csv", SALESPLAN_FORMAT_CSV}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *want = direct(cases[i].fmt, SALESPLAN_MODE_PLAN, 0.0);
        char *req = plan_request(cases[i].req, 1);
        tj doc = call(req);
        assert_int_equal(tj_size(doc), 2);
        assert_string_equal(tj_str(tj_get(doc, "format")), cases[i].name);
        assert_string_equal(tj_str(tj_get(doc, "text")), want);
        tj_drop(doc);
        free(req);
        salesplan_free(want);
    }
    char *req = plan_request("{\"format\": \"pdf\"}", 0);
    expect_error(req, SALESPLAN_EINVAL, "format");
    free(req);
    req = plan_request("{\"format\": 3}", 0);
    expect_error(req, SALESPLAN_EINVAL, "format");
    free(req);
}

static void test_validate(void **state)
{
    (void)state;
    /* the request of test_plan, as validate */
    char *req = op_request("validate", NULL, 0);
    tj doc = call(req);
    free(req);
    assert_true(tj_is_true(tj_get(doc, "valid")));
    assert_int_equal(tj_size(tj_get(doc, "problems")), 0);
    tj_drop(doc);

    /* A plan as text keeps its line and column. */
    doc = call("{\"op\": \"validate\", \"plan\": \"{\\n  \\\"salesplan\\\": 2\\n}\"}");
    assert_true(tj_is_false(tj_get(doc, "valid")));
    tj problems = tj_get(doc, "problems");
    assert_true(tj_size(problems) >= 1);
    static const char *const keys[] = {"code", "status", "message", "path", "line", "column"};
    for (size_t i = 0; i < tj_size(problems); i++) {
        tj pr = tj_at(problems, i);
        assert_int_equal(tj_size(pr), 6);
        for (size_t k = 0; k < 6; k++)
            assert_true(tj_ok(tj_get(pr, keys[k])));
        assert_int_equal(tj_int(tj_get(pr, "code")), SALESPLAN_EPLAN);
    }
    int found = 0;
    for (size_t i = 0; i < tj_size(problems); i++) {
        tj pr = tj_at(problems, i);
        if (strcmp(tj_str(tj_get(pr, "path")), "salesplan") == 0) {
            found = 1;
            assert_int_equal(tj_int(tj_get(pr, "line")), 2);
            assert_true(tj_int(tj_get(pr, "column")) > 0);
        }
    }
    assert_true(found);
    tj_drop(doc);

    /* A plan as an object: positions are in the request's own lines and
     * columns. The plan starts on line 2; its "salesplan" member is on line 3. */
    doc = call("{\"op\": \"validate\",\n \"plan\": {\n  \"salesplan\": 2}}");
    assert_true(tj_is_false(tj_get(doc, "valid")));
    problems = tj_get(doc, "problems");
    found = 0;
    for (size_t i = 0; i < tj_size(problems); i++) {
        tj pr = tj_at(problems, i);
        if (strcmp(tj_str(tj_get(pr, "path")), "salesplan") == 0) {
            found = 1;
            assert_int_equal(tj_int(tj_get(pr, "line")), 3);
            long col = (long)tj_int(tj_get(pr, "column"));
            assert_true(col == 3 || col == 16); /* the key or the value */
        }
    }
    assert_true(found);
    tj_drop(doc);
    /* On the first line of the plan, the column is shifted too. */
    doc = call("{\"op\": \"validate\", \"plan\": {\"salesplan\": 2}}");
    problems = tj_get(doc, "problems");
    for (size_t i = 0; i < tj_size(problems); i++) {
        tj pr = tj_at(problems, i);
        if (strcmp(tj_str(tj_get(pr, "path")), "salesplan") == 0) {
            assert_int_equal(tj_int(tj_get(pr, "line")), 1);
            long col = (long)tj_int(tj_get(pr, "column"));
            assert_true(col == 29 || col == 42);
        }
    }
    tj_drop(doc);

    /* Not JSON at all, inside the string: one syntax problem. */
    doc = call("{\"op\": \"validate\", \"plan\": \"{,}\"}");
    assert_true(tj_is_false(tj_get(doc, "valid")));
    problems = tj_get(doc, "problems");
    assert_int_equal(tj_int(tj_get(tj_at(problems, 0), "code")),
                     SALESPLAN_ESYNTAX);
    assert_int_equal(tj_int(tj_get(tj_at(problems, 0), "line")), 1);
    tj_drop(doc);

    expect_error("{\"op\": \"validate\"}", SALESPLAN_EINVAL, "plan");
    expect_error("{\"op\": \"validate\", \"plan\": [1]}", SALESPLAN_EINVAL, "plan");
    expect_error("{\"op\": \"validate\", \"plan\": {}, \"format\": \"csv\"}", SALESPLAN_EINVAL,
                 "format");
}

/* ---- error shapes ---------------------------------------------------------------- */

static void test_request_errors(void **state)
{
    (void)state;
    /* NULL and empty */
    char *reply = salesplan_json_call(NULL, 0);
    assert_non_null(reply);
    tj doc = tj_load(reply);
    assert_error(doc, SALESPLAN_EINVAL);
    tj_drop(doc);
    salesplan_free(reply);
    doc = call_n("", 0, NULL);
    assert_error(doc, SALESPLAN_ESYNTAX);
    tj_drop(doc);

    /* Not JSON: a syntax error with its position. */
    doc = call("{\"op\": \"version\",\n oops}");
    tj e = assert_error(doc, SALESPLAN_ESYNTAX);
    assert_int_equal(tj_int(tj_get(e, "line")), 2);
    assert_true(tj_int(tj_get(e, "column")) > 0);
    tj_drop(doc);
    expect_error("not json", SALESPLAN_ESYNTAX, "");
    expect_error("{\"op\": \"version\"} trailing", SALESPLAN_ESYNTAX, "");
    expect_error("{\"op\": \"version\", \"op\": \"version\"}", SALESPLAN_ESYNTAX, "op");
    expect_error("{\"op\": \"plan\", \"confidence\": NaN}", SALESPLAN_ESYNTAX, "");
    expect_error("{\"op\": \"plan\", \"confidence\": 1e999}", SALESPLAN_ESYNTAX, "");
    expect_error("{\"op\": \"plan\", \"plan\": \"\\u0000\"}", SALESPLAN_ESYNTAX, "");
    expect_error("{\"op\": \"\xff\"}", SALESPLAN_ESYNTAX, "");

    /* Well-formed but wrong. */
    expect_error("[1, 2]", SALESPLAN_EINVAL, "");
    /* a valid JSON scalar is the caller's mistake, not a syntax error */
    expect_error("null", SALESPLAN_EINVAL, "");
    expect_error(" 42 ", SALESPLAN_EINVAL, "");
    expect_error("{}", SALESPLAN_EINVAL, "op");
    expect_error("{\"op\": 5}", SALESPLAN_EINVAL, "op");
    expect_error("{\"op\": null}", SALESPLAN_EINVAL, "op");
    expect_error("{\"op\": \"forecast\"}", SALESPLAN_EINVAL, "op");
    expect_error("{\"op\": \"estimate\"}", SALESPLAN_EINVAL, "csv");
    expect_error("{\"op\": \"version\", \"plan\": {}}", SALESPLAN_EINVAL, "plan");
    expect_error("{\"op\": \"plan\"}", SALESPLAN_EINVAL, "plan");
    expect_error("{\"op\": \"plan\", \"plan\": 5}", SALESPLAN_EINVAL, "plan");
    expect_error("{\"op\": \"plan\", \"plan\": true}", SALESPLAN_EINVAL, "plan");
    expect_error("{\"op\": \"plan\", \"plan\": {}, \"extra\": 1}", SALESPLAN_EINVAL, "extra");

    /* Bad plans: the plan's own error, with its path. */
    expect_error("{\"op\": \"plan\", \"plan\": \"nonsense\"}", SALESPLAN_ESYNTAX, NULL);
    doc = call("{\"op\": \"plan\", \"plan\": {}}");
    assert_error(doc, SALESPLAN_EPLAN);
    tj_drop(doc);
    doc = call("{\"op\": \"plan\", \"plan\": \"{\\n\\\"salesplan\\\": 7}\"}");
    e = assert_error(doc, SALESPLAN_EPLAN);
    assert_int_equal(tj_int(tj_get(e, "line")), 2);
    tj_drop(doc);
    doc = call("{\"op\": \"plan\",\n\n \"plan\": {\"salesplan\": 7}}");
    e = assert_error(doc, SALESPLAN_EPLAN);
    assert_int_equal(tj_int(tj_get(e, "line")), 3);
    tj_drop(doc);
}

/* A long key or value must not break the reply (messages are cut at a
 * fixed size, possibly inside a UTF-8 character). */
static void test_long_and_unicode(void **state)
{
    (void)state;
    char req[2048];
    int n = snprintf(req, sizeof req, "{\"op\": \"version\", \"");
    for (int i = 0; i < 300; i++)
        n += snprintf(req + n, sizeof req - (size_t)n, "\xC3\xA9");
    snprintf(req + n, sizeof req - (size_t)n, "\": 1}");
    tj doc = call(req);
    assert_error(doc, SALESPLAN_EINVAL);
    tj_drop(doc);

    n = snprintf(req, sizeof req, "{\"op\": \"");
    for (int i = 0; i < 300; i++)
        n += snprintf(req + n, sizeof req - (size_t)n, "\xE2\x82\xAC");
    snprintf(req + n, sizeof req - (size_t)n, "\"}");
    doc = call(req);
    assert_error(doc, SALESPLAN_EINVAL);
    tj_drop(doc);
}

static void test_hostile(void **state)
{
    (void)state;
    /* Deep nesting, at the top and inside the plan. */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 64);
    assert_non_null(deep);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    tj doc = call_n(deep, 2 * depth, NULL);
    assert_true(tj_ok(tj_get(doc, "error")));
    tj_drop(doc);
    int k = sprintf(deep, "{\"op\": \"plan\", \"plan\": {\"x-deep\": ");
    for (size_t i = 0; i < 500; i++)
        deep[k++] = '[';
    for (size_t i = 0; i < 500; i++)
        deep[k++] = ']';
    strcpy(deep + k, "}}");
    doc = call(deep);
    assert_true(tj_ok(tj_get(doc, "error")));
    tj_drop(doc);
    free(deep);

    /* Embedded NUL and a length that stops early. */
    static const char nul[] = "{\"op\": \"version\"}\0garbage";
    doc = call_n(nul, sizeof nul - 1, NULL);
    assert_error(doc, SALESPLAN_ESYNTAX);
    tj_drop(doc);
    doc = call_n("{\"op\": \"version\"}XXXX", 17, NULL);
    assert_true(tj_ok(tj_get(doc, "version")));
    tj_drop(doc);

    /* A big request: a 4 MiB string as the plan. */
    size_t big = (size_t)4 << 20;
    char *huge = malloc(big + 64);
    assert_non_null(huge);
    k = sprintf(huge, "{\"op\": \"plan\", \"plan\": \"");
    memset(huge + k, 'a', big);
    strcpy(huge + k + big, "\"}");
    doc = call(huge);
    assert_true(tj_ok(tj_get(doc, "error")));
    tj_drop(doc);
    free(huge);

    /* Over the request limit: refused before parsing (the bytes are not read). */
    static const char small[] = "{}";
    char *reply = salesplan_json_call(small, (size_t)1 << 40);
    assert_non_null(reply);
    doc = tj_load(reply);
    assert_error(doc, SALESPLAN_ELIMIT);
    tj_drop(doc);
    salesplan_free(reply);

    /* Mutations of a valid request: every reply parses. A fixed LCG keeps
     * the run reproducible. */
    char *base = plan_request("{\"confidence\": 0.8, \"format\": \"csv\"}", 0);
    size_t blen = strlen(base);
    char *m = malloc(blen + 1);
    assert_non_null(m);
    uint32_t seed = 12345u;
    static const char alphabet[] = "{}[]\",:0123456789.eE-+ntrufals\\\x01\xc3\xff";
    for (int iter = 0; iter < 300; iter++) {
        memcpy(m, base, blen + 1);
        for (int j = 0; j < 3; j++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % blen;
            seed = seed * 1103515245u + 12345u;
            m[at] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
        }
        seed = seed * 1103515245u + 12345u;
        size_t len = (iter % 5 == 0) ? (seed >> 8) % blen : blen; /* sometimes cut short */
        doc = call_n(m, len, NULL);
        tj_drop(doc);
    }
    free(m);
    free(base);
}

/* ---- allocation failures ---------------------------------------------------------- */

static char *estimate_request(const char *extra);

static void test_out_of_memory(void **state)
{
    (void)state;
    char *reqs[] = {plan_request(NULL, 0), plan_request("{\"format\": \"md\"}", 1),
                    strdup("{\"op\": \"validate\", \"plan\": {\"salesplan\": 2}}"),
                    strdup("{\"op\": \"version\"}"), strdup("not json"),
                    estimate_request("\"options\": {\"group\": [\"region\"], "
                                     "\"won\": \"won,closed won\"}"),
                    op_request("simulate", "{\"trials\": 50, \"threads\": 1}", 0)};
    for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
        assert_non_null(reqs[i]);
        char *normal = salesplan_json_call(reqs[i], strlen(reqs[i]));
        assert_non_null(normal);
        /* Fail the 1st, 2nd, ... allocation until none fails: the reply is
         * NULL, an out-of-memory error, or the normal reply; nothing leaks. */
        for (long n = 1;; n++) {
            assert_int_equal(tst_alloc_install(), SALESPLAN_OK);
            tst_alloc_fail_at(n);
            char *reply = salesplan_json_call(reqs[i], strlen(reqs[i]));
            char *copy = reply ? strdup(reply) : NULL;
            salesplan_free(reply);
            long calls = tst_alloc_state()->calls;
            assert_int_equal(tst_alloc_restore(), SALESPLAN_OK);
            assert_int_equal(tst_alloc_state()->live, 0);
            if (copy != NULL && strcmp(copy, normal) != 0) {
                /* Anything but the normal reply must be an out-of-memory
                 * error: a failed allocation never changes what was read. */
                tj doc = tj_load(copy);
                if (!tj_ok(doc))
                    fail_msg("allocation %ld failed: reply is not JSON: %.200s", n, copy);
                if (!tj_ok(tj_get(doc, "error"))) {
                    size_t at = 0;
                    while (copy[at] == normal[at])
                        at++;
                    fail_msg("allocation %ld failed: a different reply, from byte %zu: "
                             "%.120s\nnormal: %.120s",
                             n, at, copy + at, normal + at);
                }
                assert_error(doc, SALESPLAN_ENOMEM);
                tj_drop(doc);
            }
            free(copy);
            if (n > calls) /* no allocation failed: that was the normal run */
                break;
            assert_true(n < 100000);
        }
        salesplan_free(normal);
        free(reqs[i]);
    }
}

/* ---- escapes, string plans, wrong types, long numbers, confidence mode alone --------------- */

static char *raw_call(const char *req)
{
    char *reply = salesplan_json_call(req, strlen(req));
    assert_non_null(reply);
    return reply;
}

/* The reply contains `want`. */
static void expect(const char *req, const char *want)
{
    char *reply = raw_call(req);
    if (strstr(reply, want) == NULL)
        fail_msg("request %s\nreply %s\nlacks %s", req, reply, want);
    salesplan_free(reply);
}

static void test_escapes_in_op(void **state)
{
    (void)state;
    /* \u0076 is 'v': a one-byte character */
    expect("{\"op\": \"\\u0076ersion\"}", "\"ops\": [\"plan\", \"validate\", \"example\", \"version\", "
                                            "\"estimate\", \"simulate\", \"track\", \"sensitivity\", "
                                            "\"compare\", \"activities\"]");
    /* two-, three- and four-byte characters (a surrogate pair), upper-case
     * hex, and the escapes \/ \" \\, shown decoded in the message */
    expect("{\"op\": \"\\u00e9\\u4E2D\\ud83d\\ude00\\u0041\\/\\\"\\\\\"}",
           "\"message\": \"unknown operation \\\"\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"
           "A/\\\"\\\\\\\": one of plan, validate, example, version, estimate, simulate, track, "
           "sensitivity, compare, activities\", "
           "\"path\": \"op\"");
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
                          "version, estimate, simulate, track, sensitivity, compare, activities\", "
                          "\"path\": \"op\"");
    expect("[]", "\"message\": \"the request must be a JSON object such as {\\\"op\\\": "
                 "\\\"version\\\"}, found an array\"");
    expect("{\"op\": \"validate\", \"plan\": 12}",
           "\"message\": \"must be an object or a string of JSON text, found a number\", "
           "\"path\": \"plan\"");
}

static void test_long_number(void **state)
{
    (void)state;
    /* 1.000...0005 with 450 digits: valid JSON, read with the scanner's
     * correctly rounded conversion: it rounds to 1, which is refused as out
     * of (0, 1) and shown as the value it was read as */
    char req[600];
    int n = snprintf(req, sizeof req, "{\"op\": \"plan\", \"confidence\": 1.");
    for (int i = 0; i < 450; i++)
        req[n++] = i == 449 ? '5' : '0';
    snprintf(req + n, sizeof req - (size_t)n, ", \"plan\": {}}");
    expect(req, "\"message\": \"must be in (0, 1), found 1\", \"path\": \"confidence\"");
    /* 0.000...0005 is 5e-450: not 0, but too close to 0 for a double, so it
     * is refused where it stands rather than read as 0 */
    req[n - 452] = '0';
    expect(req, "\"message\": \"request is not valid JSON: number out of range: too close to 0 "
                "for a double (it would read as 0)\", \"path\": \"\", \"line\": 1, "
                "\"column\": 30}");
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
    char *reply = raw_call(req);
    assert_null(strstr(reply, "{\"error\""));
    assert_non_null(strstr(reply, "\"mode\": \"confidence\""));
    assert_non_null(strstr(reply, "\"confidence\": 0.75"));
    salesplan_free(reply);
    /* with "expected" the level is null */
    snprintf(req, n, "{\"op\": \"plan\", \"mode\": \"expected\", \"plan\": %s}", ex);
    reply = raw_call(req);
    assert_non_null(strstr(reply, "\"mode\": \"expected\""));
    assert_non_null(strstr(reply, "\"confidence\": null"));
    salesplan_free(reply);
    free(req);
}

/* ---- estimate ------------------------------------------------------------------ */

/* A small snapshot export: 3 won, 2 lost, 1 open, a bad date, two regions. */
static const char est_csv[] = "id,stage,created,closed,amount,region\n"
                              "1,Won,2024-01-01,2024-01-11,100,East\n"
                              "2,Closed Won,1/5/2024,1/25/2024,300,West\n"
                              "3,Lost,2024-01-02,2024-01-05,0,East\n"
                              "4,won,2024-02-01,2024-03-02,200,East\n"
                              "5,lost,2024-02-03,2024-02-04,,West\n"
                              "6,Negotiation,2024-03-01,,50,West\n"
                              "7,Won,2024-02-30,2024-03-02,10,East\n";

/* {"op": "estimate", "csv": <est_csv>, <extra members>} */
static char *estimate_request(const char *extra)
{
    char *text = malloc(4 * sizeof est_csv + (extra ? strlen(extra) : 0) + 64), *at = text;
    assert_non_null(text);
    at += sprintf(at, "{\"op\": \"estimate\", \"csv\": ");
    put_json_string(&at, est_csv);
    sprintf(at, "%s%s}", extra ? ", " : "", extra ? extra : "");
    return text;
}

/* salesplan_estimate_render() of est_csv with these options, for comparison. */
static char *estimate_direct(const salesplan_estimate_options *o, salesplan_format fmt)
{
    salesplan_estimate *e = NULL;
    assert_int_equal(salesplan_estimate_buffer(&e, est_csv, sizeof est_csv - 1, o, NULL),
                     SALESPLAN_OK);
    char *text = NULL;
    assert_int_equal(salesplan_estimate_render(&text, NULL, e, fmt, NULL), SALESPLAN_OK);
    salesplan_estimate_free(e);
    return text;
}

static void expect_reply(const char *req, const char *want)
{
    char *reply = raw_call(req);
    if (strcmp(reply, want) != 0)
        fail_msg("request %.200s\nreply %.300s\nwanted %.300s", req, reply, want);
    salesplan_free(reply);
}

static void test_estimate(void **state)
{
    (void)state;
    /* No options: the document salesplan_estimate_render() writes, byte for byte. */
    char *want = estimate_direct(NULL, SALESPLAN_FORMAT_JSON);
    char *req = estimate_request(NULL);
    expect_reply(req, want);
    free(req);
    req = estimate_request("\"options\": null, \"format\": \"json\"");
    expect_reply(req, want);
    free(req);
    salesplan_free(want);

    /* Options by the CLI's names; lists as a comma string or as an array. */
    const char *groups[] = {"region"}, *won[] = {"won", "closed won"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 1;
    o.won_names = won;
    o.won_count = 2;
    o.stage_column = "stage";
    o.amount_column = "amount";
    o.date_order = SALESPLAN_DATE_DMY;
    o.max_reported = 0;
    want = estimate_direct(&o, SALESPLAN_FORMAT_JSON);
    static const char *const spellings[] = {
        "\"options\": {\"group\": \"region\", \"won\": \"won, closed won\", \"stage\": \"stage\", "
        "\"amount\": \"amount\", \"date_order\": \"dmy\", \"max_reported\": 0}",
        "\"options\": {\"group\": [\"region\"], \"won\": [\"won\", \"closed won\"], "
        "\"stage\": \"stage\", \"amount\": \"amount\", \"date_order\": \"dmy\", "
        "\"max_reported\": 0, \"shape\": \"snapshot\", \"strict\": false}"};
    for (size_t i = 0; i < 2; i++) {
        req = estimate_request(spellings[i]);
        expect_reply(req, want);
        free(req);
    }
    salesplan_free(want);

    /* Markdown comes back wrapped, like the plan operation's. */
    want = estimate_direct(NULL, SALESPLAN_FORMAT_MARKDOWN);
    req = estimate_request("\"format\": \"md\"");
    tj doc = call(req);
    assert_string_equal(tj_str(tj_get(doc, "format")), "markdown");
    assert_string_equal(tj_str(tj_get(doc, "text")), want);
    tj_drop(doc);
    free(req);
    salesplan_free(want);

    /* strict: the bad date fails the call with its line. */
    req = estimate_request("\"options\": {\"strict\": true}");
    doc = call(req);
    tj e = assert_error(doc, SALESPLAN_EDATA);
    assert_int_equal(tj_int(tj_get(e, "line")), 8);
    tj_drop(doc);
    free(req);
}

static void test_estimate_bad_options(void **state)
{
    (void)state;
    static const struct {
        const char *extra, *path;
        int code;
    } cases[] = {
        {"\"options\": {\"shape\": \"wide\"}", "options.shape", SALESPLAN_EINVAL},
        {"\"options\": {\"shape\": 1}", "options.shape", SALESPLAN_EINVAL},
        {"\"options\": {\"date_order\": \"ymd\"}", "options.date_order", SALESPLAN_EINVAL},
        {"\"options\": {\"bogus\": 1}", "options.bogus", SALESPLAN_EINVAL},
        {"\"options\": {\"join\": \"teams.csv:agent\"}", "options.join", SALESPLAN_EINVAL},
        {"\"options\": {\"strict\": \"yes\"}", "options.strict", SALESPLAN_EINVAL},
        {"\"options\": {\"max_reported\": -1}", "options.max_reported", SALESPLAN_EINVAL},
        {"\"options\": {\"max_reported\": 2.5}", "options.max_reported", SALESPLAN_EINVAL},
        {"\"options\": {\"max_reported\": 1000001}", "options.max_reported", SALESPLAN_EINVAL},
        {"\"options\": {\"group\": [\"region\", 7]}", "options.group", SALESPLAN_EINVAL},
        {"\"options\": {\"won\": {}}", "options.won", SALESPLAN_EINVAL},
        {"\"options\": {\"stage\": [\"stage\"]}", "options.stage", SALESPLAN_EINVAL},
        {"\"options\": {\"delimiter\": \";;\"}", "options.delimiter", SALESPLAN_EINVAL},
        {"\"options\": {\"delimiter\": \"\\\"\"}", "options.delimiter", SALESPLAN_EINVAL},
        {"\"options\": [1]", "options", SALESPLAN_EINVAL},
        {"\"format\": \"csv\"", "format", SALESPLAN_EINVAL},
        {"\"format\": \"svg\"", "format", SALESPLAN_EINVAL},
        {"\"threads\": 2", "threads", SALESPLAN_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *req = estimate_request(cases[i].extra);
        expect_error(req, cases[i].code, cases[i].path);
        free(req);
    }
    expect_error("{\"op\": \"estimate\", \"csv\": 5}", SALESPLAN_EINVAL, "csv");
    expect_error("{\"op\": \"estimate\", \"csv\": \"\"}", SALESPLAN_EDATA, NULL);
    /* a missing column named in the options is the data's problem */
    char *req = estimate_request("\"options\": {\"stage\": \"phase\"}");
    expect_error(req, SALESPLAN_EDATA, NULL);
    free(req);
}

/* ---- estimate with joins ----------------------------------------------------- */

/* {"op": "estimate", "csv": export, "joins": [{"csv": tables[i], "key": keys[i]}...], extra} */
static char *join_request(const char *export_csv, const char *const *tables,
                          const char *const *keys, size_t n, const char *extra)
{
    size_t size = 6 * strlen(export_csv) + 64 + (extra ? strlen(extra) : 0);
    for (size_t i = 0; i < n; i++)
        size += 6 * strlen(tables[i]) + 6 * strlen(keys[i]) + 32;
    char *text = malloc(size), *at = text;
    assert_non_null(text);
    at += sprintf(at, "{\"op\": \"estimate\", \"csv\": ");
    put_json_string(&at, export_csv);
    at += sprintf(at, ", \"joins\": [");
    for (size_t i = 0; i < n; i++) {
        at += sprintf(at, "%s{\"csv\": ", i ? ", " : "");
        put_json_string(&at, tables[i]);
        at += sprintf(at, ", \"key\": ");
        put_json_string(&at, keys[i]);
        at += sprintf(at, "}");
    }
    sprintf(at, "]%s%s}", extra ? ", " : "", extra ? extra : "");
    return text;
}

/* The C API on files: the export and its lookup tables read from disk. */
static char *estimate_files(const char *export_path, const char *const *paths,
                            const char *const *keys, size_t n, const char *const *groups,
                            size_t ng)
{
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.join_paths = paths;
    o.join_keys = keys;
    o.join_count = n;
    o.group_columns = groups;
    o.group_count = ng;
    salesplan_estimate *e = NULL;
    salesplan_error err;
    if (salesplan_estimate_file(&e, export_path, &o, &err) != SALESPLAN_OK)
        fail_msg("%s: %s", export_path, err.message);
    char *text = NULL;
    assert_int_equal(salesplan_estimate_render(&text, NULL, e, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    salesplan_estimate_free(e);
    return text;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* A deal table keyed by id, and a region table with its own separator. */
static const char est_deals_csv[] = "id,owner\n1,ann\n2,bob\n3,ann\n5,cid\n6,ann\n";
static const char est_zones_csv[] = "region;zone\nEast;Z1\nWest;Z2\n";

static void test_estimate_joins(void **state)
{
    (void)state;
    /* Two tables in memory give the document the C API gives with them as files. */
    const char *exp_path = "json_call_join_export.csv", *paths[] = {"json_call_join_deals.csv",
                                                                     "json_call_join_zones.csv"};
    write_file(exp_path, est_csv);
    write_file(paths[0], est_deals_csv);
    write_file(paths[1], est_zones_csv);
    const char *tables[] = {est_deals_csv, est_zones_csv}, *keys[] = {"id", "region"};
    const char *groups[] = {"owner", "zone"};
    char *want = estimate_files(exp_path, paths, keys, 2, groups, 2);
    char *req = join_request(est_csv, tables, keys, 2, "\"options\": {\"group\": \"owner,zone\"}");
    expect_reply(req, want);
    salesplan_free(want);
    /* deal 4 has no row in the deal table (7 is skipped: a bad date); every region has a zone */
    tj doc = call(req);
    assert_int_equal(tj_int(tj_get(doc, "join_unmatched")), 1);
    tj_drop(doc);
    char *reply = raw_call(req);
    assert_non_null(strstr(reply, "\"value\": \"Z2\""));
    assert_non_null(strstr(reply, "\"value\": \"cid\""));
    salesplan_free(reply);
    free(req);

    /* The real export with its team and product tables (when the shared data is here). */
    const char *shared = shared_data_path(SHARED_EXPORT);
    if (shared != NULL) {
        char pipeline[1024]; /* shared_data_path's buffer is reused below */
        snprintf(pipeline, sizeof pipeline, "%s", shared);
        char team_path[1024], product_path[1024];
        snprintf(team_path, sizeof team_path, "%s", shared_data_path("crm-sales-opportunities/sales_teams.csv"));
        snprintf(product_path, sizeof product_path, "%s", shared_data_path("crm-sales-opportunities/products.csv"));
        char *exp = tfile_read(pipeline, NULL), *teams = tfile_read(team_path, NULL),
             *products = tfile_read(product_path, NULL);
        const char *fpaths[] = {team_path, product_path}, *fkeys[] = {"sales_agent", "product"};
        const char *fgroups[] = {"regional_office", "series", "manager"};
        want = estimate_files(pipeline, fpaths, fkeys, 2, fgroups, 3);
        const char *texts[] = {teams, products};
        req = join_request(exp, texts, fkeys, 2,
                           "\"options\": {\"group\": [\"regional_office\", \"series\", \"manager\"]}");
        expect_reply(req, want);
        doc = call(req);
        /* GTXPro is spelled "GTX Pro" in the product table: those rows are unmatched */
        assert_true(tj_int(tj_get(doc, "join_unmatched")) > 0);
        tj_drop(doc);
        free(req);
        salesplan_free(want);
        free(exp);
        free(teams);
        free(products);
    } else {
        print_message("%s\n", shared_data_missing(SHARED_EXPORT));
    }
    remove(exp_path);
    remove(paths[0]);
    remove(paths[1]);
}

static void test_estimate_bad_joins(void **state)
{
    (void)state;
    static const struct {
        const char *joins, *path, *message;
        int code;
    } cases[] = {
        {"{}", "joins", "must be an array", SALESPLAN_EINVAL},
        {"[5]", "joins[0]", "must be an object", SALESPLAN_EINVAL},
        {"[{\"csv\": \"id,x\\n1,a\\n\", \"key\": \"id\"}, {\"csv\": \"id,x\\n\"}]", "joins[1].key",
         "missing", SALESPLAN_EINVAL},
        {"[{\"key\": \"id\"}]", "joins[0].csv", "missing", SALESPLAN_EINVAL},
        {"[{\"csv\": \"id,x\\n1,a\\n\", \"key\": 3}]", "joins[0].key", "must be a string",
         SALESPLAN_EINVAL},
        {"[{\"csv\": [\"id\"], \"key\": \"id\"}]", "joins[0].csv", "must be a string",
         SALESPLAN_EINVAL},
        {"[{\"csv\": \"id,x\\n1,a\\n\", \"key\": \"\"}]", "joins[0].key", "must not be empty",
         SALESPLAN_EINVAL},
        {"[{\"csv\": \"id,x\\n1,a\\n\", \"key\": \"id\", \"path\": \"t.csv\"}]", "joins[0]",
         "unknown member \\\"path\\\"", SALESPLAN_EINVAL},
        /* the table's own problems name it joins[i] and give its line */
        {"[{\"csv\": \"id,x\\n1,a\\n1,b\\n\", \"key\": \"id\"}]", NULL,
         "joins[0]:3: join key '1' appears more than once", SALESPLAN_EDATA},
        {"[{\"csv\": \"id,x\\n1,a\\n\", \"key\": \"id\"}, {\"csv\": \"nokey,region\\n\", "
         "\"key\": \"id\"}]",
         NULL, "joins[1]: join key 'id' is not in its header", SALESPLAN_EDATA},
        {"[{\"csv\": \"\", \"key\": \"id\"}]", "joins[0].csv", "must not be empty",
         SALESPLAN_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char extra[512];
        snprintf(extra, sizeof extra, "\"joins\": %s, \"options\": {\"group\": \"region\"}",
                 cases[i].joins);
        /* est_csv has its own region: join on another group so the table is read */
        char *req = estimate_request(extra);
        if (cases[i].code == SALESPLAN_EDATA) {
            free(req);
            snprintf(extra, sizeof extra, "\"joins\": %s, \"options\": {\"group\": \"x\"}",
                     cases[i].joins);
            req = estimate_request(extra);
        }
        char *reply = raw_call(req);
        if (strstr(reply, cases[i].message) == NULL)
            fail_msg("case %zu: %s", i, reply);
        salesplan_free(reply);
        expect_error(req, cases[i].code, cases[i].path);
        free(req);
    }
    /* too many tables */
    char big[65 * 40 + 64], *at = big;
    at += sprintf(at, "\"joins\": [");
    for (int i = 0; i < 65; i++)
        at += sprintf(at, "%s{\"csv\": \"id,x\\n\", \"key\": \"id\"}", i ? ", " : "");
    sprintf(at, "]");
    char *req = estimate_request(big);
    expect_error(req, SALESPLAN_ELIMIT, "joins");
    free(req);
}

/* The options read from a table (estimate's options, sensitivity's keys)
 * word every refusal by the kind of the key, at its path. */
static void test_option_messages(void **state)
{
    (void)state;
    static const struct {
        const char *extra, *message;
    } cases[] = {
        {"\"options\": {\"delimiter\": \";;\"}",
         "\"message\": \"must be one character other than a quote or a line end, found "
         "\\\";;\\\"\", \"path\": \"options.delimiter\""},
        {"\"options\": {\"rep_q\": \"x\"}",
         "\"message\": \"must be a number in [0, 1], found a string\", "
         "\"path\": \"options.rep_q\""},
        {"\"options\": {\"strict\": 1}",
         "\"message\": \"must be true or false, found a number\", \"path\": \"options.strict\""},
        {"\"options\": {\"rep_min_n\": 1000001}",
         "\"message\": \"must be a whole number from 0 to 1000000, found 1000001\", "
         "\"path\": \"options.rep_min_n\""},
        {"\"options\": {\"shape\": \"wide\"}",
         "\"message\": \"must be \\\"snapshot\\\" or \\\"transitions\\\", found \\\"wide\\\"\""},
        {"\"options\": {\"id\": true}",
         "\"message\": \"must be a string, found a boolean\", \"path\": \"options.id\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *req = estimate_request(cases[i].extra);
        expect(req, cases[i].message);
        free(req);
    }
    /* a delimiter that is given is used: ';' splits nothing in this export,
     * so no stage column is found */
    char *req = estimate_request("\"options\": {\"delimiter\": \";\"}");
    expect_error(req, SALESPLAN_EDATA, NULL);
    free(req);
    expect("{\"op\": \"sensitivity\", \"step\": \"big\", \"plan\": {}}",
           "\"message\": \"must be a number in (0, 1), found a string\", \"path\": \"step\"");
    expect("{\"op\": \"sensitivity\", \"rank_by\": 3, \"plan\": {}}",
           "\"message\": \"must be a string, found a number\", \"path\": \"rank_by\"");
}

/* ---- simulate ------------------------------------------------------------------ */

/* salesplan_simulation_render() of the example plan, for comparison. */
static char *simulate_direct(unsigned long long trials, unsigned long long seed,
                             salesplan_format fmt)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    o.trials = trials;
    o.seed = seed;
    o.threads = 1;
    salesplan_simulation *sim = NULL;
    assert_int_equal(salesplan_simulate(&sim, p, &o, NULL), SALESPLAN_OK);
    char *text = NULL;
    assert_int_equal(salesplan_simulation_render(&text, NULL, sim, fmt, NULL), SALESPLAN_OK);
    salesplan_simulation_free(sim);
    salesplan_plan_free(p);
    return text;
}

static void test_simulate(void **state)
{
    (void)state;
    char *want = simulate_direct(3000, 7, SALESPLAN_FORMAT_JSON);
    /* as an object and as a string; the thread count never changes a bit */
    char *reqs[] = {op_request("simulate", "{\"trials\": 3000, \"seed\": 7, \"threads\": 1}", 0),
                    op_request("simulate", "{\"trials\": 3000, \"seed\": 7, \"threads\": 3}", 1)};
    for (size_t i = 0; i < 2; i++) {
        expect_reply(reqs[i], want);
        free(reqs[i]);
    }
    salesplan_free(want);

    /* A 64-bit seed is read exactly (a double would round it). */
    want = simulate_direct(500, 18446744073709551615ULL, SALESPLAN_FORMAT_JSON);
    char *req = op_request("simulate", "{\"trials\": 500, \"seed\": 18446744073709551615}", 0);
    expect_reply(req, want);
    free(req);
    salesplan_free(want);

    static const struct {
        const char *format, *name;
        salesplan_format fmt;
    } wrapped[] = {{"md", "markdown", SALESPLAN_FORMAT_MARKDOWN},
                   {"svg", "svg", SALESPLAN_FORMAT_SVG}};
    for (size_t i = 0; i < 2; i++) {
        char extra[96];
        snprintf(extra, sizeof extra, "{\"trials\": 400, \"seed\": 3, \"format\": \"%s\"}",
                 wrapped[i].format);
        want = simulate_direct(400, 3, wrapped[i].fmt);
        req = op_request("simulate", extra, 0);
        tj doc = call(req);
        assert_string_equal(tj_str(tj_get(doc, "format")), wrapped[i].name);
        assert_string_equal(tj_str(tj_get(doc, "text")), want);
        tj_drop(doc);
        free(req);
        salesplan_free(want);
    }
}

static void test_simulate_errors(void **state)
{
    (void)state;
    static const struct {
        const char *extra, *path;
        int code;
    } cases[] = {
        {"{\"trials\": 0}", "trials", SALESPLAN_EINVAL},
        {"{\"trials\": 1.5}", "trials", SALESPLAN_EINVAL},
        {"{\"trials\": -3}", "trials", SALESPLAN_EINVAL},
        {"{\"trials\": 1e3}", "trials", SALESPLAN_EINVAL},
        {"{\"trials\": \"100\"}", "trials", SALESPLAN_EINVAL},
        {"{\"trials\": 100000001}", "trials", SALESPLAN_ELIMIT},
        {"{\"seed\": 18446744073709551616}", "seed", SALESPLAN_EINVAL},
        {"{\"threads\": 65, \"trials\": 10}", "threads", SALESPLAN_ELIMIT},
        {"{\"threads\": 4294967296}", "threads", SALESPLAN_EINVAL},
        {"{\"format\": \"csv\"}", "format", SALESPLAN_EINVAL},
        {"{\"confidence\": 0.9}", "confidence", SALESPLAN_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *req = op_request("simulate", cases[i].extra, 0);
        expect_error(req, cases[i].code, cases[i].path);
        free(req);
    }
    expect_error("{\"op\": \"simulate\"}", SALESPLAN_EINVAL, "plan");
    expect_error("{\"op\": \"simulate\", \"trials\": 10, \"plan\": {}}", SALESPLAN_EPLAN, NULL);
}

/* ---- track ----------------------------------------------------------------------- */

/* tests/data/actuals/NAME, whole (free with free()). */
static char *data_file(const char *name)
{
    const char *dir = getenv("SALESPLAN_TEST_DATA");
    assert_non_null(dir);
    char path[512];
    snprintf(path, sizeof path, "%s/actuals/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 16);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return buf;
}

/* The tracking of plan.json and actuals.json, computed and rendered directly. */
static char *track_direct(const char *plan_text, const char *act_text, const char *as_of,
                          salesplan_format fmt)
{
    salesplan_plan *p = NULL;
    salesplan_actuals *a = NULL;
    salesplan_tracking *t = NULL;
    char *text = NULL;
    assert_int_equal(salesplan_plan_load_buffer(&p, plan_text, strlen(plan_text), NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_actuals_load_buffer(&a, p, act_text, strlen(act_text), NULL),
                     SALESPLAN_OK);
    if (as_of)
        assert_int_equal(salesplan_actuals_set_as_of(a, as_of, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_track(&t, p, a, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_tracking_render(&text, NULL, t, fmt, NULL), SALESPLAN_OK);
    salesplan_tracking_free(t);
    salesplan_actuals_free(a);
    salesplan_plan_free(p);
    return text;
}

static void test_track(void **state)
{
    (void)state;
    char *plan = data_file("plan.json"), *act = data_file("actuals.json");
    size_t cap = 4 * (strlen(plan) + strlen(act)) + 256;
    char *req = malloc(cap), *at;
    assert_non_null(req);
    /* objects inline: the reply is the JSON document itself */
    snprintf(req, cap, "{\"op\": \"track\", \"plan\": %s, \"actuals\": %s}", plan, act);
    char *reply = salesplan_json_call(req, strlen(req));
    char *want = track_direct(plan, act, NULL, SALESPLAN_FORMAT_JSON);
    assert_string_equal(reply, want);
    assert_non_null(strstr(reply, "\"booked\": 18000,"));
    salesplan_free(reply);
    salesplan_free(want);
    /* as strings, another as_of, Markdown: wrapped as {"format", "text"} */
    at = req + sprintf(req, "{\"op\": \"track\", \"as_of\": \"2026-06-04\", \"format\": \"md\", "
                            "\"plan\": ");
    put_json_string(&at, plan);
    at += sprintf(at, ", \"actuals\": ");
    put_json_string(&at, act);
    strcpy(at, "}");
    tj doc = call(req);
    want = track_direct(plan, act, "2026-06-04", SALESPLAN_FORMAT_MARKDOWN);
    assert_string_equal(tj_str(tj_get(doc, "format")), "markdown");
    assert_string_equal(tj_str(tj_get(doc, "text")), want);
    salesplan_free(want);
    tj_drop(doc);

    /* errors: the actuals' problems at the request's own line and column */
    snprintf(req, cap, "{\"op\": \"track\", \"plan\": %s,\n \"actuals\": {\"salesplan_actuals\": 1, "
                       "\"as_of\": \"2026-06-03\", \"bookings\": [{\"date\": \"2026-06-01\", "
                       "\"amount\": 5, \"rep\": \"Zed\"}]}}",
             plan);
    doc = call(req);
    tj e = assert_error(doc, SALESPLAN_EPLAN);
    assert_string_equal(tj_str(tj_get(e, "path")), "bookings[0].rep");
    assert_int_equal(tj_int(tj_get(e, "line")), 2);
    assert_int_equal(tj_int(tj_get(e, "column")), 117);
    tj_drop(doc);
    snprintf(req, cap, "{\"op\": \"track\", \"plan\": %s, \"actuals\": %s, \"as_of\": \"2026-07-01\"}",
             plan, act);
    expect_error(req, SALESPLAN_ERANGE, "as_of");
    snprintf(req, cap, "{\"op\": \"track\", \"plan\": %s}", plan);
    expect_error(req, SALESPLAN_EINVAL, "actuals");
    snprintf(req, cap, "{\"op\": \"track\", \"plan\": %s, \"actuals\": [1]}", plan);
    expect_error(req, SALESPLAN_EINVAL, "actuals");
    snprintf(req, cap, "{\"op\": \"track\", \"plan\": %s, \"actuals\": %s, \"trials\": 3}", plan, act);
    expect_error(req, SALESPLAN_EINVAL, "trials");
    snprintf(req, cap, "{\"op\": \"track\", \"plan\": %s, \"actuals\": %s, \"as_of\": 3}", plan, act);
    expect_error(req, SALESPLAN_EINVAL, "as_of");
    free(req);
    free(plan);
    free(act);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_example),
        cmocka_unit_test(test_plan_json),
        cmocka_unit_test(test_plan_confidence_and_mode),
        cmocka_unit_test(test_plan_text_formats),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_request_errors),
        cmocka_unit_test(test_long_and_unicode),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_escapes_in_op),
        cmocka_unit_test(test_string_plan_positions),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_long_number),
        cmocka_unit_test(test_confidence_mode_alone),
        cmocka_unit_test(test_estimate),
        cmocka_unit_test(test_estimate_bad_options),
        cmocka_unit_test(test_estimate_joins),
        cmocka_unit_test(test_estimate_bad_joins),
        cmocka_unit_test(test_option_messages),
        cmocka_unit_test(test_simulate),
        cmocka_unit_test(test_simulate_errors),
        cmocka_unit_test(test_track),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
