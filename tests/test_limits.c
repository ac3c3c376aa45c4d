#define _POSIX_C_SOURCE 200809L
/* Every documented size limit (docs/limits.md), tested at its edge (accepted)
 * and just past it (refused with the documented status and a message that
 * names the limit): plan file size, nesting depth, JSON values, name and text
 * lengths, counts of stages, reps and activities (in a file and through the
 * API), CSV record size (which bounds a field) and fields per record, and the
 * simulation's trials and threads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "estimate/csv.h"
#include "json/json_pos.h"
#include "model/plan_model.h"
#include "salesplan.h"
#include "common/strbuf.h"
#include "json/json_write.h"

/* A small valid plan. Its JSON values, counted by hand: the document, salesplan,
 * name, period, start, days, target, revenue, deal, average_size, funnel,
 * stages, two stage objects with 2 + 1 values: 17. */
#define MIN_HEAD                                                                               \
    "{\"salesplan\": 1, \"period\": {\"start\": \"2026-01-05\", \"days\": 90},"              \
    " \"target\": {\"revenue\": 1000}, \"deal\": {\"average_size\": 100}"
#define MIN_FUNNEL                                                                             \
    ", \"funnel\": {\"stages\": [{\"name\": \"A\", \"conversion\": 0.5}, {\"name\": \"Won\"}]}"
#define MIN_PLAN MIN_HEAD ", \"name\": \"M\"" MIN_FUNNEL "}"
#define MIN_PLAN_VALUES 17u

static char *finish(slp_strbuf *sb, size_t *len)
{
    char *out = NULL;
    assert_int_equal(slp_sb_finish(sb, &out, len), SALESPLAN_OK);
    return out;
}

/* Load `text` and return the status; on success check the plan is usable. */
static int load(const char *text, size_t len, salesplan_error *err)
{
    salesplan_plan *p = NULL;
    int rc = salesplan_plan_load_buffer(&p, text, len, err);
    if (rc == SALESPLAN_OK)
        assert_non_null(p);
    else
        assert_null(p);
    salesplan_plan_free(p);
    return rc;
}

/* ---- plan file size: 16 MiB ---------------------------------------------------------- */

static char *padded_plan(size_t total)
{
    size_t n = strlen(MIN_PLAN);
    char *buf = malloc(total + 1);
    assert_non_null(buf);
    memcpy(buf, MIN_PLAN, n);
    memset(buf + n, ' ', total - n); /* white space after the document is allowed */
    buf[total] = '\0';
    return buf;
}

static void test_plan_file_size(void **state)
{
    (void)state;
    const size_t max = (size_t)16 * 1024 * 1024;
    assert_int_equal(SLP_JSON_MAX_BYTES, max);
    char *at = padded_plan(max), *past = padded_plan(max + 1);
    salesplan_error err;
    assert_int_equal(load(at, max, &err), SALESPLAN_OK);
    assert_int_equal(load(past, max + 1, &err), SALESPLAN_ELIMIT);
    assert_non_null(strstr(err.message, "16777217 bytes is larger than the limit of 16777216"));

    /* The same through a file (the reader stops at the limit). */
    char path[] = "/tmp/salesplan-limits-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(at, 1, max, f), max);
    assert_int_equal(fflush(f), 0);
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_load_file(&p, path, &err), SALESPLAN_OK);
    salesplan_plan_free(p);
    assert_int_equal(fputc(' ', f), ' ');
    assert_int_equal(fclose(f), 0);
    p = NULL;
    assert_int_equal(salesplan_plan_load_file(&p, path, &err), SALESPLAN_ELIMIT);
    assert_null(p);
    assert_non_null(strstr(err.message, "larger than the limit of 16777216 bytes"));
    assert_int_equal(unlink(path), 0);
    free(at);
    free(past);
}

/* ---- nesting: 64 levels ---------------------------------------------------------------- */

/* MIN_PLAN with `"x-deep": [[...]]`, `arrays` deep: the document is at depth
 * `arrays + 1`. */
static char *nested_plan(int arrays, size_t *len, size_t *col_of_last)
{
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_sb_puts(&sb, MIN_HEAD ", \"name\": \"M\"" MIN_FUNNEL ", \"x-deep\": ");
    *col_of_last = sb.len + (size_t)arrays; /* 1-based column of the last '[' */
    for (int i = 0; i < arrays; i++)
        slp_sb_putc(&sb, '[');
    for (int i = 0; i < arrays; i++)
        slp_sb_putc(&sb, ']');
    slp_sb_putc(&sb, '}');
    return finish(&sb, len);
}

static void test_plan_nesting(void **state)
{
    (void)state;
    assert_int_equal(SLP_JSON_MAX_DEPTH, 64);
    size_t len, col;
    char *at = nested_plan(63, &len, &col);
    salesplan_error err;
    assert_int_equal(load(at, len, &err), SALESPLAN_OK);
    salesplan_free(at);

    char *past = nested_plan(64, &len, &col);
    assert_int_equal(load(past, len, &err), SALESPLAN_ELIMIT);
    assert_string_equal(err.message, "objects and arrays nested more than 64 deep");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, (long)col); /* at the bracket that goes deeper */
    salesplan_free(past);
}

/* ---- JSON values: 1,000,000 ------------------------------------------------------------ */

static char *many_values_plan(unsigned values, size_t *len)
{
    /* MIN_PLAN_VALUES + the x-v array itself + its items */
    unsigned items = values - MIN_PLAN_VALUES - 1u;
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_sb_puts(&sb, MIN_HEAD ", \"name\": \"M\"" MIN_FUNNEL ", \"x-v\": [0");
    for (unsigned i = 1; i < items; i++)
        slp_sb_append(&sb, ",0", 2);
    slp_sb_puts(&sb, "]}");
    return finish(&sb, len);
}

static void test_plan_values(void **state)
{
    (void)state;
    assert_int_equal(SLP_JSON_MAX_VALUES, 1000000u);
    size_t len;
    salesplan_error err;
    char *at = many_values_plan(1000000u, &len);
    assert_int_equal(load(at, len, &err), SALESPLAN_OK);
    salesplan_free(at);
    char *past = many_values_plan(1000001u, &len);
    assert_int_equal(load(past, len, &err), SALESPLAN_ELIMIT);
    assert_string_equal(err.message, "more than 1000000 JSON values in one document");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, (long)len - 2); /* the last 0 */
    salesplan_free(past);
}

/* ---- string lengths: names 200, texts 10000 characters ---------------------------------- */

/* `n` copies of `ch` (one UTF-8 character). */
static char *repeat(const char *ch, size_t n)
{
    size_t k = strlen(ch);
    char *s = malloc(n * k + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * k, ch, k);
    s[n * k] = '\0';
    return s;
}

static int load_named(const char *name, const char *mission, salesplan_error *err)
{
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_sb_puts(&sb, MIN_HEAD MIN_FUNNEL ", \"name\": ");
    slp_json_string(&sb, name);
    if (mission) {
        slp_sb_puts(&sb, ", \"narrative\": {\"mission\": ");
        slp_json_string(&sb, mission);
        slp_sb_putc(&sb, '}');
    }
    slp_sb_putc(&sb, '}');
    size_t len;
    char *text = finish(&sb, &len);
    int rc = load(text, len, err);
    salesplan_free(text);
    return rc;
}

static void test_name_length(void **state)
{
    (void)state;
    assert_int_equal(SLP_NAME_MAX, 200);
    salesplan_error err;
    /* characters, not bytes: 'é' is two bytes, '€' three */
    const char *chars[] = {"a", "\xC3\xA9", "\xE2\x82\xAC"};
    for (size_t c = 0; c < 3; c++) {
        char *at = repeat(chars[c], 200), *past = repeat(chars[c], 201);
        assert_int_equal(load_named(at, NULL, &err), SALESPLAN_OK);
        assert_int_equal(load_named(past, NULL, &err), SALESPLAN_EPLAN);
        assert_string_equal(err.path, "name");
        assert_non_null(strstr(err.message, "must be 1 to 200 characters"));

        salesplan_plan *p = NULL;
        assert_int_equal(salesplan_plan_create(&p, at, NULL), SALESPLAN_OK);
        assert_string_equal(salesplan_plan_name(p), at);
        assert_int_equal(salesplan_plan_set_name(p, past, NULL), SALESPLAN_EINVAL);
        assert_string_equal(salesplan_plan_name(p), at); /* unchanged */
        assert_int_equal(salesplan_plan_add_stage(p, at, 0.5, 1.0, NULL), SALESPLAN_OK);
        assert_int_equal(salesplan_plan_add_stage(p, past, 0.5, 1.0, NULL), SALESPLAN_EINVAL);
        salesplan_plan_free(p);
        free(at);
        free(past);
    }
}

static void test_text_length(void **state)
{
    (void)state;
    assert_int_equal(SLP_TEXT_MAX, 10000);
    salesplan_error err;
    char *at = repeat("\xC3\xA9", 10000), *past = repeat("\xC3\xA9", 10001);
    assert_int_equal(load_named("M", at, &err), SALESPLAN_OK);
    assert_int_equal(load_named("M", past, &err), SALESPLAN_EPLAN);
    assert_string_equal(err.path, "narrative.mission");
    assert_non_null(strstr(err.message, "at most 10000 characters"));

    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "M", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_MISSION, at, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_text(p, SALESPLAN_TEXT_MISSION, past, NULL), SALESPLAN_EINVAL);
    assert_string_equal(salesplan_plan_text(p, SALESPLAN_TEXT_MISSION), at);
    salesplan_plan_free(p);
    free(at);
    free(past);
}

/* ---- counts: stages 1000, reps and activities 10000 ------------------------------------- */

static char *plan_with_stages(size_t stages, size_t *len)
{
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_sb_puts(&sb, MIN_HEAD ", \"name\": \"M\", \"funnel\": {\"stages\": [");
    for (size_t i = 0; i + 1 < stages; i++)
        slp_sb_printf(&sb, "{\"name\": \"S%zu\", \"conversion\": 1}, ", i);
    slp_sb_puts(&sb, "{\"name\": \"Won\"}]}}");
    return finish(&sb, len);
}

/* MIN_PLAN with `reps` reps of one role, or `activities` activities on stage A. */
static char *plan_with_items(size_t reps, size_t activities, size_t *len)
{
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_sb_puts(&sb, MIN_HEAD ", \"name\": \"M\"" MIN_FUNNEL);
    if (reps) {
        slp_sb_puts(&sb, ", \"team\": {\"roles\": [{\"name\": \"AE\"}], \"reps\": [");
        for (size_t i = 0; i < reps; i++)
            slp_sb_printf(&sb, "%s{\"name\": \"R%zu\", \"role\": \"AE\", \"tenure_months\": 1}",
                          i ? ", " : "", i);
        slp_sb_puts(&sb, "]}");
    }
    if (activities) {
        slp_sb_puts(&sb, ", \"activities\": [");
        for (size_t i = 0; i < activities; i++)
            slp_sb_printf(&sb, "%s{\"name\": \"a%zu\", \"stage\": \"A\", \"per_entry\": 1}",
                          i ? ", " : "", i);
        slp_sb_putc(&sb, ']');
    }
    slp_sb_putc(&sb, '}');
    return finish(&sb, len);
}

static void expect_too_many(char *text, size_t len, const char *path)
{
    salesplan_error err;
    assert_int_equal(load(text, len, &err), SALESPLAN_EPLAN);
    assert_string_equal(err.path, path);
    assert_non_null(strstr(err.message, "must stay within the size limits of the plan format"));
    salesplan_free(text);
}

static void test_stage_count(void **state)
{
    (void)state;
    assert_int_equal(SLP_MAX_STAGES, 1000);
    size_t len;
    char *at = plan_with_stages(1000, &len);
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_load_buffer(&p, at, len, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_stage_count(p), 1000);
    salesplan_free(at);
    /* through the API: the 1001st stage is refused and nothing changes */
    assert_int_equal(salesplan_plan_add_stage(p, "one more", 0.5, 0.0, NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_stage_count(p), 1000);
    salesplan_plan_free(p);
    char *past = plan_with_stages(1001, &len);
    expect_too_many(past, len, "funnel.stages[1000]");
}

static void test_rep_count(void **state)
{
    (void)state;
    assert_int_equal(SLP_MAX_ITEMS, 10000);
    size_t len;
    char *at = plan_with_items(10000, 0, &len);
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_load_buffer(&p, at, len, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_rep_count(p), 10000);
    salesplan_free(at);
    assert_int_equal(salesplan_plan_add_rep(p, "one more", "AE", "2026-01-05", NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_rep_count(p), 10000);
    salesplan_plan_free(p);
    char *past = plan_with_items(10001, 0, &len);
    expect_too_many(past, len, "team.reps[10000]");
}

static void test_activity_count(void **state)
{
    (void)state;
    size_t len;
    char *at = plan_with_items(0, 10000, &len);
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_load_buffer(&p, at, len, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_activity_count(p), 10000);
    salesplan_free(at);
    assert_int_equal(salesplan_plan_add_activity(p, "one more", "A", 1.0, NULL), SALESPLAN_ELIMIT);
    assert_int_equal(salesplan_plan_activity_count(p), 10000);
    salesplan_plan_free(p);
    char *past = plan_with_items(0, 10001, &len);
    expect_too_many(past, len, "activities[10000]");
}

/* ---- CSV: a record (and so a field) of 64 MiB, 2^20 fields per record ------------------ */

/* "id,stage\n" then one record of exactly `record` bytes counting its "\n":
 * "1," and a stage name filling the rest. */
static char *csv_with_record(size_t record, size_t *len)
{
    static const char head[] = "id,stage\n";
    size_t h = sizeof head - 1;
    char *buf = malloc(h + record + 1);
    assert_non_null(buf);
    memcpy(buf, head, h);
    memcpy(buf + h, "1,", 2);
    memset(buf + h + 2, 'W', record - 3);
    buf[h + record - 1] = '\n';
    buf[h + record] = '\0';
    *len = h + record;
    return buf;
}

static void test_csv_record_size(void **state)
{
    (void)state;
    const size_t max = (size_t)64 << 20;
    assert_int_equal(SLP_CSV_MAX_RECORD, max);
    size_t len;
    salesplan_error err;
    salesplan_estimate *e = NULL;
    char *at = csv_with_record(max, &len);
    assert_int_equal(salesplan_estimate_buffer(&e, at, len, NULL, &err), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_info_get(e)->rows, 1);
    assert_int_equal(salesplan_estimate_overall(e)->open, 1); /* an unknown stage: open */
    salesplan_estimate_free(e);
    free(at);
    char *past = csv_with_record(max + 1, &len);
    e = NULL;
    assert_int_equal(salesplan_estimate_buffer(&e, past, len, NULL, &err), SALESPLAN_ELIMIT);
    assert_null(e);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "a record longer than 67108864 bytes"));
    free(past);
}

/* A header of `n` fields "c0,c1,...". */
static char *csv_with_fields(size_t n, size_t *len)
{
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_sb_puts(&sb, "stage");
    for (size_t i = 1; i < n; i++)
        slp_sb_printf(&sb, ",c%zu", i);
    slp_sb_putc(&sb, '\n');
    return finish(&sb, len);
}

static void test_csv_field_count(void **state)
{
    (void)state;
    const size_t max = (size_t)1 << 20;
    assert_int_equal(SLP_CSV_MAX_FIELDS, max);
    size_t len;
    salesplan_error err;
    char *at = csv_with_fields(max, &len);
    slp_csv *c = NULL;
    assert_int_equal(slp_csv_open_buffer(&c, at, len, ',', 0, 0, 0, &err), SALESPLAN_OK);
    slp_csv_row row;
    assert_int_equal(slp_csv_next(c, &row, &err), SALESPLAN_OK);
    assert_int_equal(row.count, max);
    assert_int_equal(row.fields[max - 1].len, strlen("c1048575"));
    assert_memory_equal(row.fields[max - 1].ptr, "c1048575", 8);
    assert_int_equal(slp_csv_next(c, &row, &err), SLP_CSV_END);
    slp_csv_free(c);
    salesplan_free(at);

    char *past = csv_with_fields(max + 1, &len);
    salesplan_estimate *e = NULL;
    assert_int_equal(salesplan_estimate_buffer(&e, past, len, NULL, &err), SALESPLAN_ELIMIT);
    assert_null(e);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.message, "more than 1048576 fields in a record"));
    salesplan_free(past);
}

/* ---- simulation: trials and threads ---------------------------------------------------- */

static void test_simulation_limits(void **state)
{
    (void)state;
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_example_plan(&p), SALESPLAN_OK);
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    salesplan_simulation *sim = NULL;
    salesplan_error err;
    /* 10^8 trials would take minutes; one past it is refused before any work. */
    o.trials = SALESPLAN_SIMULATE_MAX_TRIALS + 1;
    assert_int_equal(salesplan_simulate(&sim, p, &o, &err), SALESPLAN_ELIMIT);
    assert_null(sim);
    assert_string_equal(err.message, "trials must be at most 100000000, found 100000001");
    o.trials = 1000;
    o.threads = SALESPLAN_SIMULATE_MAX_THREADS;
    assert_int_equal(salesplan_simulate(&sim, p, &o, &err), SALESPLAN_OK);
    assert_int_equal(salesplan_simulation_summary_get(sim)->trials, 1000);
    salesplan_simulation_free(sim);
    sim = NULL;
    o.threads = SALESPLAN_SIMULATE_MAX_THREADS + 1;
    assert_int_equal(salesplan_simulate(&sim, p, &o, &err), SALESPLAN_ELIMIT);
    assert_null(sim);
    assert_non_null(strstr(err.message, "threads must be at most 64"));
    salesplan_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_file_size),  cmocka_unit_test(test_plan_nesting),
        cmocka_unit_test(test_plan_values),     cmocka_unit_test(test_name_length),
        cmocka_unit_test(test_text_length),     cmocka_unit_test(test_stage_count),
        cmocka_unit_test(test_rep_count),       cmocka_unit_test(test_activity_count),
        cmocka_unit_test(test_csv_record_size), cmocka_unit_test(test_csv_field_count),
        cmocka_unit_test(test_simulation_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
