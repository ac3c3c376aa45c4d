#define _POSIX_C_SOURCE 200809L /* mkstemp, ssize_t */
/* Plan files: loading, validating (with paths and line:col), saving, the
 * built-in example, hostile inputs and the position scanner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json/json_pos.h"
#include "salesplan.h"
#include "test_alloc.h"
#include "model/plan_model.h"

/* ---- helpers ---------------------------------------------------------------- */

static const char *data_dir(void)
{
    const char *d = getenv("SALESPLAN_TEST_DATA");
    return d ? d : "tests/data";
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
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

static int status_of(const char *name)
{
    if (strcmp(name, "EPLAN") == 0)
        return SALESPLAN_EPLAN;
    if (strcmp(name, "ESYNTAX") == 0)
        return SALESPLAN_ESYNTAX;
    if (strcmp(name, "ELIMIT") == 0)
        return SALESPLAN_ELIMIT;
    fail_msg("unknown status %s", name);
    return -1;
}

/* Load text, expect failure `code` at line:col; returns the message's copy check. */
static void expect_load_fails(const char *text, size_t len, int code, long line, long col)
{
    salesplan_plan *p = (salesplan_plan *)1;
    salesplan_error err;
    int rc = salesplan_plan_load_buffer(&p, text, len, &err);
    assert_int_equal(rc, code);
    assert_null(p);
    assert_int_equal(err.code, code);
    assert_true(strlen(err.message) > 5);
    if (line >= 0) {
        assert_int_equal(err.line, line);
        assert_int_equal(err.column, col);
    }
    salesplan_diagnostics *d = NULL;
    assert_int_equal(salesplan_plan_validate_buffer(&d, text, len), code);
    assert_true(salesplan_diagnostics_count(d) >= 1);
    salesplan_diagnostics_free(d);
}

static char *to_json(const salesplan_plan *p)
{
    char *text = NULL;
    size_t len = 0;
    salesplan_error err;
    assert_int_equal(salesplan_plan_to_json(&text, &len, p, &err), SALESPLAN_OK);
    assert_int_equal(strlen(text), len);
    return text;
}

/* ---- fixtures ------------------------------------------------------------------ */

static void test_invalid_fixtures(void **state)
{
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/plans/invalid", data_dir());
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    struct dirent *de;
    int seen = 0;
    while ((de = readdir(dh)) != NULL) {
        size_t nl = strlen(de->d_name);
        if (nl < 6 || strcmp(de->d_name + nl - 5, ".json") != 0)
            continue;
        char path[2048], expect[2048];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        snprintf(expect, sizeof expect, "%s/%.*s.expect", dir, (int)(nl - 5), de->d_name);
        size_t elen, len;
        char *exp = read_all(expect, &elen);
        char want_path[200], want_status[20];
        long line, col;
        int msg_at = 0;
        if (sscanf(exp, "%199s %ld:%ld %19s %n", want_path, &line, &col, want_status, &msg_at) !=
                4 ||
            msg_at == 0)
            fail_msg("bad expect file %s", expect);
        /* the rest of the line: the message, pinned word for word */
        char *want_msg = exp + msg_at;
        want_msg[strcspn(want_msg, "\n")] = '\0';
        if (strlen(want_msg) < 10)
            fail_msg("%s: no message", expect);
        if (strcmp(want_path, "-") == 0)
            want_path[0] = '\0';
        char *text = read_all(path, &len);

        salesplan_diagnostics *d = NULL;
        int rc = salesplan_plan_validate_buffer(&d, text, len);
        const salesplan_error *first = salesplan_diagnostics_get(d, 0);
        if (rc != status_of(want_status) || first == NULL || strcmp(first->path, want_path) != 0 ||
            first->line != line || first->column != col)
            fail_msg("%s: want %s %ld:%ld %s, got rc %d: %s %ld:%ld %s", de->d_name, want_path,
                     line, col, want_status, rc, first ? first->path : "(none)",
                     first ? first->line : 0, first ? first->column : 0,
                     first ? first->message : "");
        if (strcmp(first->message, want_msg) != 0)
            fail_msg("%s: message\n  want: %s\n  got:  %s", de->d_name, want_msg, first->message);

        /* the loader reports the same first problem */
        salesplan_plan *p = NULL;
        salesplan_error err;
        assert_int_equal(salesplan_plan_load_buffer(&p, text, len, &err), rc);
        assert_null(p);
        assert_string_equal(err.path, want_path);
        assert_int_equal(err.line, line);
        assert_int_equal(err.column, col);
        /* the same message, perhaps followed by " (and N more problems)" */
        size_t wl = strlen(want_msg);
        assert_int_equal(strncmp(err.message, want_msg, wl), 0);
        assert_true(err.message[wl] == '\0' || strncmp(err.message + wl, " (and ", 6) == 0);
        salesplan_diagnostics_free(d);
        free(text);
        free(exp);
        seen++;
    }
    closedir(dh);
    assert_int_equal(seen, 91);
}

static void roundtrip_text(const char *text, size_t len)
{
    salesplan_plan *a = NULL, *b = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_plan_load_buffer(&a, text, len, &err), SALESPLAN_OK);
    char *t1 = to_json(a);
    assert_int_equal(salesplan_plan_load_buffer(&b, t1, strlen(t1), &err), SALESPLAN_OK);
    char *t2 = to_json(b);
    assert_string_equal(t1, t2);
    salesplan_free(t1);
    salesplan_free(t2);
    salesplan_plan_free(a);
    salesplan_plan_free(b);
}

static void test_valid_fixtures(void **state)
{
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/plans/valid", data_dir());
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    struct dirent *de;
    int seen = 0;
    while ((de = readdir(dh)) != NULL) {
        size_t nl = strlen(de->d_name);
        if (nl < 6 || strcmp(de->d_name + nl - 5, ".json") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *text = read_all(path, &len);
        salesplan_diagnostics *d = NULL;
        int rc = salesplan_plan_validate_buffer(&d, text, len);
        if (rc != SALESPLAN_OK)
            fail_msg("%s: %s %ld:%ld %s", de->d_name, salesplan_diagnostics_get(d, 0)->path,
                     salesplan_diagnostics_get(d, 0)->line,
                     salesplan_diagnostics_get(d, 0)->column,
                     salesplan_diagnostics_get(d, 0)->message);
        assert_int_equal(salesplan_diagnostics_count(d), 0);
        salesplan_diagnostics_free(d);
        roundtrip_text(text, len);
        free(text);
        seen++;
    }
    closedir(dh);
    assert_int_equal(seen, 3);
}

/* ---- the example ---------------------------------------------------------------- */

static void test_example(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    /* the example text is exactly what the writer produces */
    char *text = to_json(p);
    assert_string_equal(text, salesplan_example_json());
    salesplan_free(text);

    assert_true(salesplan_plan_target_revenue(p) == 250000.0);
    assert_true(salesplan_plan_deal_size(p) == 12500.0);
    /* 250000 / 12500 = 20 deals */
    assert_int_equal((int)(salesplan_plan_target_revenue(p) / salesplan_plan_deal_size(p)), 20);
    assert_string_equal(salesplan_plan_period_start(p), "2026-01-05");
    assert_int_equal(salesplan_plan_period_days(p), 90);
    assert_int_equal(salesplan_plan_phase_count(p), 3);
    assert_int_equal(slp_long_at(salesplan_plan_phase, p, 2), 90);
    assert_int_equal(salesplan_plan_holiday_count(p), 2);
    assert_int_equal(salesplan_plan_competitor_count(p), 4);
    assert_int_equal(slp_competitor_kind_at(p, 2), SALESPLAN_COMPETITOR_INDIRECT);
    assert_int_equal(salesplan_plan_stage_count(p), 6);
    assert_string_equal(slp_text_at(salesplan_plan_stage_name, p, 5), "Won");
    assert_true(isnan(slp_num_at(salesplan_plan_stage_conversion, p, 5)));
    assert_true(slp_num_at(salesplan_plan_stage_conversion, p, 3) == 0.55);
    assert_int_equal(salesplan_plan_opportunity_stage(p), 2);
    long long adv, lost;
    assert_int_equal(salesplan_plan_stage_observed(&adv, &lost, p, 0), SALESPLAN_OK);
    assert_int_equal(adv, 540);
    assert_int_equal(lost, 1260);
    /* observed history agrees with the stated rate: 540 / (540 + 1260) = 0.3 */
    assert_true(fabs((double)adv / (double)(adv + lost) - slp_num_at(salesplan_plan_stage_conversion, p, 0)) <
                1e-12);
    assert_int_equal(salesplan_plan_pipeline_count(p), 4);
    assert_int_equal(salesplan_plan_activity_count(p), 6);
    assert_string_equal(slp_text_at(salesplan_plan_activity_role, p, 0), "SDR");
    assert_true(slp_num_at(salesplan_plan_activity_minutes, p, 0) == 1.5);
    assert_int_equal(slp_size_at(salesplan_plan_activity_skill_count, p, 0), 3);
    assert_int_equal(salesplan_plan_role_count(p), 2);
    assert_true(slp_num_at(salesplan_plan_role_quota_monthly, p, 1) == 30000.0);
    assert_true(slp_ramp_at(p, 1, 0) == 0.25);
    assert_true(slp_ramp_at(p, 1, 7) == 1.0);
    assert_int_equal(salesplan_plan_rep_count(p), 6);
    assert_int_equal(slp_long_at(salesplan_plan_rep_tenure_months, p, 0), 26);
    assert_string_equal(slp_text_at(salesplan_plan_rep_start, p, 3), "2026-02-02");
    assert_true(salesplan_plan_economics(p, SALESPLAN_ECON_CAC) == 9500.0);
    assert_true(salesplan_plan_over_assignment(p) == 0.1);
    assert_int_equal(salesplan_plan_workdays(p), SALESPLAN_WEEKDAYS_DEFAULT);
    salesplan_plan_free(p);
    assert_int_equal(salesplan_example_plan(NULL), SALESPLAN_EINVAL);
}

static void test_save_and_load_file(void **state)
{
    (void)state;
    char path[] = "/tmp/salesplan_test_plan_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    salesplan_plan *p = NULL, *q = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_save_file(p, path, &err), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_load_file(&q, path, &err), SALESPLAN_OK);
    char *a = to_json(p), *b = to_json(q);
    assert_string_equal(a, b);
    salesplan_free(a);
    salesplan_free(b);
    /* a failed save leaves nothing behind and reports EIO */
    assert_int_equal(salesplan_plan_save_file(p, "/nonexistent-dir/plan.json", &err),
                     SALESPLAN_EIO);
    assert_int_equal(salesplan_plan_save_file(p, NULL, &err), SALESPLAN_EINVAL);
    unlink(path);
    salesplan_plan_free(p);
    salesplan_plan_free(q);
    assert_int_equal(salesplan_plan_load_file(&q, "/nonexistent-dir/plan.json", &err),
                     SALESPLAN_ENOENT);
    assert_null(q);
}

static const char MINI[] =
    "{\"salesplan\": 1, \"name\": \"m\", \"period\": {\"start\": \"2026-03-02\", \"days\": 30},\n"
    " \"target\": {\"revenue\": 1000}, \"deal\": {\"average_size\": 100},\n"
    " \"funnel\": {\"stages\": [{\"name\": \"A\", \"conversion\": 0.5}, {\"name\": \"W\"}]}%s}";

static char *mini(const char *extra)
{
    size_t n = sizeof MINI + strlen(extra);
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, MINI, extra);
    return s;
}

static void test_extensions(void **state)
{
    (void)state;
    char *text = mini(",\n \"x-crm\": {\"id\": 42,  \"tags\": [\"a b\", 1.50]},"
                      " \"period2\": 0");
    /* unknown key is an error at its own position */
    salesplan_plan *p = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_plan_load_buffer(&p, text, strlen(text), &err), SALESPLAN_EPLAN);
    assert_string_equal(err.path, "period2");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 47);
    free(text);

    text = mini(",\n \"x-crm\": {\"id\": 42,  \"tags\": [\"a b\", 1.50]},"
                " \"x-empty\": [ ], \"calendar\": {\"x-note\": \"ignored\"}");
    assert_int_equal(salesplan_plan_load_buffer(&p, text, strlen(text), &err), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_extension_count(p), 2);
    assert_string_equal(slp_text_at(salesplan_plan_extension_key, p, 0), "x-crm");
    /* kept as written, white space outside strings removed */
    assert_string_equal(slp_text_at(salesplan_plan_extension_json, p, 0), "{\"id\":42,\"tags\":[\"a b\",1.50]}");
    assert_string_equal(slp_text_at(salesplan_plan_extension_json, p, 1), "[]");
    char *out = to_json(p);
    assert_non_null(strstr(out, "  \"x-crm\": {\"id\":42,\"tags\":[\"a b\",1.50]}"));
    assert_null(strstr(out, "x-note"));
    roundtrip_text(out, strlen(out));
    salesplan_free(out);
    /* an extension set in code must be one JSON value: the setter refuses others */
    assert_int_equal(salesplan_plan_set_extension(p, "x-bad", "{nope", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(p, "x-bad", "1, 2", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(p, "x-bad", "  ", NULL), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_set_extension(p, "x-num", " 42 ", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_extension_count(p), 3);
    salesplan_plan_free(p);
    free(text);
}

static void test_all_problems(void **state)
{
    (void)state;
    char *text = mini(", \"team\": {\"attrition_monthly\": 2, \"reps\": [{\"name\": \"R\", "
                      "\"role\": \"X\", \"tenure_months\": 1.5}]}, \"confidence\": 0,"
                      " \"pipeline\": {\"Q\": 1}");
    salesplan_diagnostics *d = NULL;
    assert_int_equal(salesplan_plan_validate_buffer(&d, text, strlen(text)), SALESPLAN_EPLAN);
    /* reader problems in file order, then the model's (rep role X, pipeline stage Q) */
    static const char *const paths[] = {"team.reps[0].tenure_months", "team.attrition_monthly",
                                        "confidence", "pipeline.Q", "team.reps[0].role"};
    assert_int_equal(salesplan_diagnostics_count(d), 5);
    for (size_t i = 0; i < 5; i++) {
        const salesplan_error *e = salesplan_diagnostics_get(d, i);
        assert_string_equal(e->path, paths[i]);
        assert_int_equal(e->code, SALESPLAN_EPLAN);
        assert_int_equal(e->line, 3);
        assert_true(e->column > 1);
    }
    salesplan_diagnostics_free(d);
    salesplan_plan *p = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_plan_load_buffer(&p, text, strlen(text), &err), SALESPLAN_EPLAN);
    assert_non_null(strstr(err.message, "(and 4 more problems)"));
    assert_string_equal(err.path, "team.reps[0].tenure_months");
    free(text);
}

static void test_too_many_problems(void **state)
{
    (void)state;
    char *hol = malloc(2000 * 16 + 64);
    assert_non_null(hol);
    strcpy(hol, ", \"calendar\": {\"holidays\": [");
    for (int i = 0; i < 2000; i++)
        strcat(hol, i ? ", \"bad\"" : "\"bad\"");
    strcat(hol, "]}");
    char *text = mini(hol);
    salesplan_diagnostics *d = NULL;
    assert_int_equal(salesplan_plan_validate_buffer(&d, text, strlen(text)), SALESPLAN_EPLAN);
    assert_int_equal(salesplan_diagnostics_count(d), 1001);
    assert_string_equal(salesplan_diagnostics_get(d, 999)->path, "calendar.holidays[999]");
    assert_non_null(strstr(salesplan_diagnostics_get(d, 1000)->message, "too many problems"));
    salesplan_diagnostics_free(d);
    free(text);
    free(hol);
}

/* ---- hostile inputs ------------------------------------------------------------- */

static void test_hostile(void **state)
{
    (void)state;
    expect_load_fails("{\"a\": NaN}", 10, SALESPLAN_ESYNTAX, 1, 7);
    expect_load_fails("{\"a\": Infinity}", 15, SALESPLAN_ESYNTAX, 1, 7);
    expect_load_fails("{\"a\": -Infinity}", 16, SALESPLAN_ESYNTAX, 1, 7);
    expect_load_fails("{\"a\": 1e999}", 12, SALESPLAN_ESYNTAX, 1, 7);
    expect_load_fails("{\"a\": -1e999}", 13, SALESPLAN_ESYNTAX, 1, 7);
    expect_load_fails("{\"a\": 1e-400}", 13, SALESPLAN_ESYNTAX, 1, 7);
    expect_load_fails("{\"a\": 1,\n \"a\": 2}", 17, SALESPLAN_ESYNTAX, 2, 2);
    expect_load_fails("{\"a\": \"\xff\"}", 10, SALESPLAN_ESYNTAX, 1, 8);
    expect_load_fails("{\"a\": \"\xc3\"}", 10, SALESPLAN_ESYNTAX, 1, 8);
    expect_load_fails("{\"a\": \"\xed\xa0\x80\"}", 12, SALESPLAN_ESYNTAX, 1, 8); /* CESU */
    expect_load_fails("{\"a\": \"\\ud800\"}", 15, SALESPLAN_ESYNTAX, 1, 8);
    expect_load_fails("{\"a\": \"\\udc00\\ud800\"}", 21, SALESPLAN_ESYNTAX, 1, 8);
    expect_load_fails("{\"a\": \"x\\u0000\"}", 16, SALESPLAN_ESYNTAX, 1, 9);
    expect_load_fails("{\"a\": \"tab\there\"}", 17, SALESPLAN_ESYNTAX, 1, 11);
    expect_load_fails("", 0, SALESPLAN_ESYNTAX, 1, 1);
    expect_load_fails("   \n  ", 6, SALESPLAN_ESYNTAX, 2, 3);
    expect_load_fails("\x01\x02\x00\xff garbage", 12, SALESPLAN_ESYNTAX, 1, 1);
    expect_load_fails("{\"a\": 1}\0", 9, SALESPLAN_ESYNTAX, 1, 9);
    expect_load_fails("\xef\xbb\xbf{}", 5, SALESPLAN_ESYNTAX, 1, 1);
    expect_load_fails("{\"a\": 01}", 9, SALESPLAN_ESYNTAX, 1, 7);
    expect_load_fails("{\"a\": [1,]}", 11, SALESPLAN_ESYNTAX, 1, 10);
    expect_load_fails("{\"a\" 1}", 7, SALESPLAN_ESYNTAX, 1, 6);
    expect_load_fails("{\"a\": tru}", 10, SALESPLAN_ESYNTAX, 1, 7);
    expect_load_fails("{\"a\": \"open", 11, SALESPLAN_ESYNTAX, 1, 7);
    /* a valid but huge integer is a number, not a syntax error: here a bad count */
    {
        char *text = mini(", \"pipeline\": {\"A\": 123456789012345678901234567890}");
        expect_load_fails(text, strlen(text), SALESPLAN_EPLAN, 3, 93);
        free(text);
    }
    /* nesting: 64 is fine for the scanner, 65 and 100 are not */
    char deep[256];
    for (int depth = 64; depth <= 100; depth += 36) {
        int k = 0;
        for (int i = 0; i < depth; i++)
            deep[k++] = '[';
        for (int i = 0; i < depth; i++)
            deep[k++] = ']';
        expect_load_fails(deep, (size_t)k, depth == 64 ? SALESPLAN_EPLAN : SALESPLAN_ELIMIT,
                          1, depth == 64 ? 1 : 65);
    }
    /* 17 MiB: over the size limit before anything is parsed */
    size_t big = (size_t)17 * 1024 * 1024;
    char *buf = malloc(big);
    assert_non_null(buf);
    memset(buf, ' ', big);
    buf[0] = '{';
    buf[big - 1] = '}';
    expect_load_fails(buf, big, SALESPLAN_ELIMIT, -1, 0);
    char path[] = "/tmp/salesplan_big_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, big), (ssize_t)big);
    close(fd);
    salesplan_plan *p = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_plan_load_file(&p, path, &err), SALESPLAN_ELIMIT);
    assert_null(p);
    unlink(path);
    /* too many values (a 2,000,001-item array fits in 16 MiB) */
    size_t n = 2 + 2 * 2000001;
    memset(buf, ' ', n);
    buf[0] = '[';
    for (size_t i = 0; i < 2000001; i++)
        buf[1 + 2 * i] = '0', buf[2 + 2 * i] = ',';
    buf[n - 2] = '0';
    buf[n - 1] = ']';
    /* item 999999 (the millionth value with the root) starts at byte 1 + 2 * 999999 */
    expect_load_fails(buf, n, SALESPLAN_ELIMIT, 1, 1 + 2 * 999999 + 1);
    free(buf);
    /* NULL arguments */
    assert_int_equal(salesplan_plan_load_buffer(NULL, "{}", 2, &err), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_load_buffer(&p, NULL, 2, &err), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_plan_validate_buffer(NULL, "{}", 2), SALESPLAN_EINVAL);
}

/* ---- the position scanner ----------------------------------------------------- */

static void test_positions(void **state)
{
    (void)state;
    const char *text = "{\r\n \"a.b\": {\"c\": [10, {\"d\\u00e9\": -0}]},\n"
                       "  \"a\": {\"b\": \"\xc3\xa9t\xc3\xa9\", \"z\": 1e3}}";
    slp_jpos *j = NULL;
    salesplan_error err;
    assert_int_equal(slp_jpos_scan(&j, text, strlen(text), &err), SALESPLAN_OK);
    long line, col;
    int exact;
    /* the longest matching key wins: "a.b" the member, not a -> b */
    size_t n = slp_jpos_find(j, "a.b.c[1].d\xc3\xa9", &exact);
    assert_int_equal(exact, 1);
    slp_jpos_where(j, n, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 32);
    size_t len;
    const char *raw = slp_jpos_raw(j, n, &len);
    assert_int_equal(len, 2);
    assert_memory_equal(raw, "-0", 2);
    slp_jpos_key_where(j, n, &line, &col);
    assert_int_equal(col, 21);
    /* column counts bytes: "\xc3\xa9t\xc3\xa9" is 5 bytes, 3 characters */
    n = slp_jpos_find(j, "a.z", &exact);
    assert_int_equal(exact, 1);
    slp_jpos_where(j, n, &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 28);
    raw = slp_jpos_raw(j, n, &len);
    assert_memory_equal(raw, "1e3", 3);
    /* deepest existing prefix */
    n = slp_jpos_find(j, "a.b.c[7]", &exact);
    assert_int_equal(exact, 0);
    slp_jpos_where(j, n, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 15);
    n = slp_jpos_find(j, "nothing", &exact);
    assert_int_equal(exact, 0);
    assert_int_equal(n, 0);
    char path[64];
    slp_jpos_path(j, slp_jpos_find(j, "a.b.c[1]", NULL), path, sizeof path);
    assert_string_equal(path, "a.b.c[1]");
    assert_int_equal(slp_jpos_nkids(j, 0), 2);
    slp_jpos_free(j);
}

/* ---- allocation failures -------------------------------------------------------- */

/* Fail allocation k (once, or from k on) for k = 0, 1, 2... (0-based, so the
 * allocator's call k + 1): every run gives SALESPLAN_OK with the right plan or
 * SALESPLAN_ENOMEM, and frees everything. */
static void fail_allocation(long k, int once)
{
    if (once)
        tst_alloc_fail_at(k + 1);
    else
        tst_alloc_fail_from(k + 1);
}

static void alloc_failures(int once)
{
    assert_int_equal(tst_alloc_install(), SALESPLAN_OK);
    const char *text = salesplan_example_json();
    int ok = 0;
    for (long k = 0; k < 100000 && !ok; k++) {
        fail_allocation(k, once);
        salesplan_plan *p = NULL;
        salesplan_diagnostics *d = NULL;
        int rc = salesplan_plan_load_buffer(&p, text, strlen(text), NULL);
        assert_true(rc == SALESPLAN_OK || rc == SALESPLAN_ENOMEM);
        if (rc == SALESPLAN_OK) {
            char *out = NULL;
            int rc2 = salesplan_plan_to_json(&out, NULL, p, NULL);
            assert_true(rc2 == SALESPLAN_OK || rc2 == SALESPLAN_ENOMEM);
            /* never a wrong plan: what loads is exactly the example */
            if (rc2 == SALESPLAN_OK)
                assert_string_equal(out, text);
            salesplan_free(out);
            ok = rc2 == SALESPLAN_OK && !tst_alloc_failed();
        }
        salesplan_plan_free(p);
        fail_allocation(k, once);
        rc = salesplan_plan_validate_buffer(&d, text, strlen(text));
        assert_true(rc == SALESPLAN_OK || rc == SALESPLAN_ENOMEM);
        assert_true(rc == SALESPLAN_ENOMEM ? d == NULL : salesplan_diagnostics_count(d) == 0);
        salesplan_diagnostics_free(d);
        assert_int_equal(tst_alloc_state()->live, 0); /* nothing leaked */
    }
    assert_int_equal(tst_alloc_restore(), SALESPLAN_OK);
    assert_true(ok);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    alloc_failures(0);
    alloc_failures(1);
}

/* ---- the reader: strings, numbers, duplicate keys, file descriptors ---------------- */

static slp_jpos *scan_ok(const char *text)
{
    slp_jpos *j = NULL;
    salesplan_error err;
    int rc = slp_jpos_scan(&j, text, strlen(text), &err);
    if (rc != SALESPLAN_OK)
        fail_msg("%s: %s", text, err.message);
    return j;
}

static void test_reader_strings(void **state)
{
    (void)state;
    /* é (2 bytes), U+1F600 as a surrogate pair (4), escapes, raw UTF-8 (3) */
    slp_jpos *j = scan_ok("{\"k\\u00e9\": \"a\\u00e9\\ud83d\\ude00\\n\\t\\\"\\/\\\\\xE2\x82\xAC\", "
                          "\"plain\": \"\", \"t\": true, \"f\": false}");
    size_t len = 99;
    const char *s = slp_jpos_string(j, 1, &len);
    static const char want[] = "a\xC3\xA9\xF0\x9F\x98\x80\n\t\"/\\\xE2\x82\xAC";
    assert_int_equal(len, sizeof want - 1);
    assert_memory_equal(s, want, len);
    assert_int_equal(s[len], '\0');
    const char *k = slp_jpos_key(j, 1, &len);
    assert_int_equal(len, 3);
    assert_string_equal(k, "k\xC3\xA9");
    s = slp_jpos_string(j, 2, &len);
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    assert_null(slp_jpos_string(j, 0, &len));
    assert_int_equal(len, 0);
    int b = -1;
    assert_int_equal(slp_jpos_bool(j, 3, &b), 0);
    assert_int_equal(b, 1);
    assert_int_equal(slp_jpos_bool(j, 4, &b), 0);
    assert_int_equal(b, 0);
    assert_int_equal(slp_jpos_bool(j, 2, &b), -1);
    double x;
    assert_int_equal(slp_jpos_number(j, 2, &x), -1);
    slp_jpos_free(j);
}

/* The value of one number token, read by the scanner. */
static double scanned_number(const char *token)
{
    char doc[128];
    snprintf(doc, sizeof doc, "[%s]", token);
    slp_jpos *j = scan_ok(doc);
    double v = NAN;
    assert_int_equal(slp_jpos_number(j, 1, &v), 0);
    slp_jpos_free(j);
    return v;
}

static void assert_same_bits(const char *token, double got)
{
    double want = strtod(token, NULL); /* the test runs in the C locale */
    if (memcmp(&got, &want, sizeof got) != 0)
        fail_msg("%s: read %.17g, strtod gives %.17g", token, got, want);
}

static void test_reader_numbers(void **state)
{
    (void)state;
    /* the exact fast path, its edges, and the strtod path beyond them */
    static const char *const tokens[] = {
        "0", "-0", "1", "0.1", "0.25", "250000", "-17.5", "1e22", "1e23", "1E-22", "1e-23",
        "9007199254740992", "9007199254740993", "123456789012345678901234567890",
        "0.30000000000000004", "2.2250738585072014e-308", "1.7976931348623157e308", "5e-324",
        "1234.5678e-3", "0.000001", "100000000000000000000000", "4.35", "1e+5", "12e0",
        "0.0000000000000000000000000001"};
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
        assert_same_bits(tokens[i], scanned_number(tokens[i]));
    assert_true(signbit(scanned_number("-0")));

    /* Random tokens (a fixed LCG): up to 20 digits, a point, an exponent. */
    uint32_t seed = 2024u;
    for (int iter = 0; iter < 20000; iter++) {
        char tok[64];
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        if (seed & 0x100u)
            tok[n++] = '-';
        seed = seed * 1103515245u + 12345u;
        size_t digits = 1 + (seed >> 8) % 20, point = (seed >> 16) % (digits + 1);
        for (size_t d = 0; d < digits; d++) {
            seed = seed * 1103515245u + 12345u;
            char c = (char)('0' + (seed >> 8) % 10);
            if (d == 0 && digits > 1 && point != 1 && c == '0')
                c = '7'; /* no leading zeros */
            if (d == point && d > 0)
                tok[n++] = '.';
            tok[n++] = c;
        }
        seed = seed * 1103515245u + 12345u;
        if (seed & 0x200u)
            n += (size_t)snprintf(tok + n, sizeof tok - n, "e%d", (int)((seed >> 12) % 61) - 30);
        tok[n] = '\0';
        assert_same_bits(tok, scanned_number(tok));
    }

    /* too large for a double: refused where the number starts */
    slp_jpos *j = NULL;
    salesplan_error err;
    assert_int_equal(slp_jpos_scan(&j, "[1, 1e400]", 10, &err), SALESPLAN_ESYNTAX);
    assert_int_equal(err.column, 5);
    assert_non_null(strstr(err.message, "overflows a double"));
}

static void test_reader_duplicates(void **state)
{
    (void)state;
    static const char text[] = "{\"a\": [{\"k\": 1, \"b\": {\"k\": 2},\n  \"k\": 3}]}";
    slp_jpos *j = NULL;
    salesplan_error err;
    assert_int_equal(slp_jpos_scan(&j, text, strlen(text), &err), SALESPLAN_ESYNTAX);
    assert_null(j);
    assert_string_equal(err.path, "a[0].k");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);
    assert_string_equal(err.message,
                        "duplicate key \"k\": a key may appear only once in an object");

    /* a key written with an escape is the same key */
    static const char esc[] = "{\"ab\": 1, \"a\\u0062\": 2}";
    assert_int_equal(slp_jpos_scan(&j, esc, strlen(esc), &err), SALESPLAN_ESYNTAX);
    assert_string_equal(err.path, "ab");
    assert_int_equal(err.column, 11);

    /* 20,000 distinct keys pass; the same keys with one repeated at the end
     * are refused at the repeat */
    size_t cap = 20000 * 24 + 64, n = 0;
    char *big = malloc(cap);
    assert_non_null(big);
    big[n++] = '{';
    for (int i = 0; i < 20000; i++)
        n += (size_t)snprintf(big + n, cap - n, "%s\"key %d\": %d", i ? "," : "", i, i);
    size_t open_end = n;
    strcpy(big + n, "}");
    j = scan_ok(big);
    assert_int_equal(slp_jpos_nkids(j, 0), 20000);
    slp_jpos_free(j);
    n = open_end + (size_t)snprintf(big + open_end, cap - open_end, ",\"key 12345\": 0}");
    assert_int_equal(slp_jpos_scan(&j, big, n, &err), SALESPLAN_ESYNTAX);
    assert_string_equal(err.path, "key 12345");
    assert_int_equal(err.column, (long)open_end + 2);
    free(big);

    /* a plan with a duplicate key: the loader reports it with its path */
    salesplan_plan *p = NULL;
    static const char plan[] = "{\"salesplan\": 1,\n \"deal\": {\"average_size\": 1, "
                               "\"average_size\": 2}}";
    assert_int_equal(salesplan_plan_load_buffer(&p, plan, strlen(plan), &err), SALESPLAN_ESYNTAX);
    assert_string_equal(err.path, "deal.average_size");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 30);
}

static void test_reader_any_value(void **state)
{
    (void)state;
    slp_jpos *j = NULL;
    salesplan_error err;
    assert_int_equal(slp_jpos_scan(&j, " 42 ", 4, &err), SALESPLAN_ESYNTAX);
    assert_int_equal(slp_jpos_scan_value(&j, " 42 ", 4, &err), SALESPLAN_OK);
    double v = 0;
    assert_int_equal(slp_jpos_number(j, 0, &v), 0);
    assert_true(v == 42.0);
    slp_jpos_free(j);
    assert_int_equal(slp_jpos_scan_value(&j, "\"x\" 1", 5, &err), SALESPLAN_ESYNTAX);
    assert_int_equal(slp_jpos_scan_value(&j, "", 0, &err), SALESPLAN_ESYNTAX);
}

static void test_load_fd(void **state)
{
    (void)state;
    const char *ex = salesplan_example_json();
    size_t len = strlen(ex);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_true(len < 60000); /* fits the pipe's buffer: no second thread needed */
    assert_int_equal(write(fds[1], ex, len), (ssize_t)len);
    close(fds[1]);
    salesplan_plan *p = NULL, *q = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_plan_load_fd(&p, fds[0], "pipe", &err), SALESPLAN_OK);
    close(fds[0]);
    assert_int_equal(salesplan_plan_load_buffer(&q, ex, len, NULL), SALESPLAN_OK);
    char *a = NULL, *b = NULL;
    assert_int_equal(salesplan_plan_to_json(&a, NULL, p, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_to_json(&b, NULL, q, NULL), SALESPLAN_OK);
    assert_string_equal(a, b);
    salesplan_free(a);
    salesplan_free(b);
    salesplan_plan_free(p);
    salesplan_plan_free(q);

    /* a problem in piped text keeps its line and column */
    static const char bad[] = "{\"salesplan\": 1,\n  \"name\": 5}";
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], bad, sizeof bad - 1), (ssize_t)(sizeof bad - 1));
    close(fds[1]);
    assert_int_equal(salesplan_plan_load_fd(&p, fds[0], NULL, &err), SALESPLAN_EPLAN);
    close(fds[0]);
    assert_null(p);
    assert_string_equal(err.path, "name");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 11);

    /* no descriptor, no output pointer */
    assert_int_equal(salesplan_plan_load_fd(&p, -1, "x", &err), SALESPLAN_EINVAL);
    assert_null(p);
    assert_int_equal(salesplan_plan_load_fd(NULL, 0, "x", &err), SALESPLAN_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_fixtures), cmocka_unit_test(test_valid_fixtures),
        cmocka_unit_test(test_example),          cmocka_unit_test(test_save_and_load_file),
        cmocka_unit_test(test_extensions),       cmocka_unit_test(test_all_problems),
        cmocka_unit_test(test_too_many_problems), cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_positions),        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_reader_strings),   cmocka_unit_test(test_reader_numbers),
        cmocka_unit_test(test_reader_duplicates), cmocka_unit_test(test_reader_any_value),
        cmocka_unit_test(test_load_fd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
