#define _POSIX_C_SOURCE 200809L
/* Tests of the shared infrastructure: status strings, version, errors,
 * diagnostics, the text buffer, civil dates, the reader, the atomic writer and the
 * allocator's overflow checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/date.h"
#include "common/error.h"
#include "common/io.h"
#include "salesplan.h"
#include "common/strbuf.h"
#include "test_alloc.h"

static void test_strerror_and_version(void **state)
{
    (void)state;
    assert_string_equal(salesplan_strerror(SALESPLAN_OK), "success");
    assert_string_equal(salesplan_strerror(SALESPLAN_ENOMEM), "out of memory");
    assert_string_equal(salesplan_strerror(SALESPLAN_EPLAN), "invalid plan");
    assert_string_equal(salesplan_strerror(999), "unknown status");
    assert_string_equal(salesplan_strerror(-1), "unknown status");
    assert_string_equal(salesplan_version(), SALESPLAN_VERSION);
    assert_int_equal(salesplan_version_number(),
                     SALESPLAN_VERSION_MAJOR * 10000 + SALESPLAN_VERSION_MINOR * 100 +
                         SALESPLAN_VERSION_PATCH);
    assert_true(SALESPLAN_VERSION_CHECK(0, 0, 1));
    assert_false(SALESPLAN_VERSION_CHECK(SALESPLAN_VERSION_MAJOR + 1, 0, 0));
}

static void test_error_and_diagnostics(void **state)
{
    (void)state;
    salesplan_error e;
    assert_int_equal(slp_error_set(&e, SALESPLAN_EPLAN, "funnel.stages[2].conversion", 12, 7,
                                   "must be in (0, 1], found %g", 1.5),
                     SALESPLAN_EPLAN);
    assert_int_equal(e.code, SALESPLAN_EPLAN);
    assert_int_equal(e.line, 12);
    assert_int_equal(e.column, 7);
    assert_string_equal(e.path, "funnel.stages[2].conversion");
    assert_string_equal(e.message, "must be in (0, 1], found 1.5");
    assert_int_equal(slp_error_set(NULL, SALESPLAN_EIO, NULL, 0, 0, "x"), SALESPLAN_EIO);

    /* The longest path of a legal plan fits whole: `pipeline.` and a stage
     * name of 200 four-byte characters (809 bytes). */
    char longpath[2 * SALESPLAN_ERROR_PATH_SIZE];
    strcpy(longpath, "pipeline.");
    for (int i = 0; i < 200; i++)
        strcat(longpath, "\xF0\x9F\x98\x80");
    slp_error_set(&e, SALESPLAN_EPLAN, longpath, 0, 0, "m");
    assert_int_equal(strlen(e.path), 809);
    assert_string_equal(e.path, longpath);

    /* An over-long path is truncated, never overflowed. */
    memset(longpath, 'a', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = '\0';
    slp_error_set(&e, SALESPLAN_EPLAN, longpath, 0, 0, "m");
    assert_int_equal(strlen(e.path), SALESPLAN_ERROR_PATH_SIZE - 1);
    /* ... at a character boundary: 'a' then two-byte characters, so byte
     * 1023 would split one; the cut drops it whole (1022 bytes are kept). */
    longpath[0] = 'a';
    for (size_t i = 1; i + 2 < sizeof longpath; i += 2) {
        longpath[i] = (char)0xC3;
        longpath[i + 1] = (char)0xA9;
    }
    longpath[sizeof longpath - 1] = '\0';
    slp_error_set(&e, SALESPLAN_EPLAN, longpath, 0, 0, "m");
    assert_int_equal(strlen(e.path), SALESPLAN_ERROR_PATH_SIZE - 1);
    /* "bb" then two-byte characters: byte 1022 starts one, which is dropped */
    longpath[0] = 'b';
    longpath[1] = 'b';
    for (size_t i = 2; i + 2 < sizeof longpath; i += 2) {
        longpath[i] = (char)0xC3;
        longpath[i + 1] = (char)0xA9;
    }
    slp_error_set(&e, SALESPLAN_EPLAN, longpath, 0, 0, "m");
    assert_int_equal(strlen(e.path), SALESPLAN_ERROR_PATH_SIZE - 2);
    assert_true(((unsigned char)e.path[strlen(e.path) - 1] & 0xC0u) == 0x80u);

    salesplan_diagnostics *d = NULL;
    assert_int_equal(slp_diag_new(&d), SALESPLAN_OK);
    for (int i = 0; i < 20; i++)
        assert_int_equal(slp_diag_add(d, SALESPLAN_EPLAN, "p", i + 1, 1, "problem %d", i),
                         SALESPLAN_OK);
    assert_int_equal(salesplan_diagnostics_count(d), 20);
    assert_string_equal(salesplan_diagnostics_get(d, 19)->message, "problem 19");
    assert_int_equal(salesplan_diagnostics_get(d, 7)->line, 8);
    assert_null(salesplan_diagnostics_get(d, 20));
    assert_null(salesplan_diagnostics_get(NULL, 0));
    assert_int_equal(salesplan_diagnostics_count(NULL), 0);
    salesplan_diagnostics_free(d);
    salesplan_diagnostics_free(NULL);
}

/* The text buffer; JSON strings and numbers are tested in test_json_write.c. */
static void test_strbuf(void **state)
{
    (void)state;
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_sb_puts(&sb, "ab");
    slp_sb_putc(&sb, 'c');
    slp_sb_append(&sb, "def", 2);
    slp_sb_printf(&sb, "%d-%s", 42, "x");
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(slp_sb_finish(&sb, &out, &len), SALESPLAN_OK);
    assert_string_equal(out, "abcde42-x");
    assert_int_equal(len, 9);
    salesplan_free(out);

    /* A long printf goes through the slow path. */
    slp_strbuf big = SLP_STRBUF_INIT;
    char chunk[600];
    memset(chunk, 'x', sizeof chunk - 1);
    chunk[sizeof chunk - 1] = '\0';
    slp_sb_printf(&big, "[%s]", chunk);
    assert_int_equal(big.len, 601);
    slp_sb_release(&big);
}

static void test_dates(void **state)
{
    (void)state;
    slp_day d;
    assert_int_equal(slp_parse_iso_date_str("1970-01-01", &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(slp_parse_iso_date_str("2000-03-01", &d), 0);
    assert_int_equal(d, 11017); /* 30 years incl. 7 leap days + Jan, Feb(29) */
    assert_int_equal(slp_weekday(d), 2); /* 2000-03-01 was a Wednesday */
    assert_int_equal(slp_parse_iso_date_str("2024-02-29", &d), 0);
    assert_int_equal(slp_parse_iso_date_str("2025-02-29", &d), -1);
    assert_int_equal(slp_parse_iso_date_str("2025-13-01", &d), -1);
    assert_int_equal(slp_parse_iso_date_str("2025-1-01", &d), -1);
    assert_int_equal(slp_parse_iso_date_str("2025-01-01x", &d), -1);
    assert_int_equal(slp_parse_iso_date_str("0000-01-01", &d), -1);
    assert_int_equal(slp_parse_iso_date_str(NULL, &d), -1);

    char buf[11];
    for (slp_day z = -800000; z < 2900000; z += 997) {
        long y;
        unsigned m, dd;
        slp_civil_from_days(z, &y, &m, &dd);
        assert_int_equal(slp_days_from_civil(y, m, dd), z);
    }
    slp_parse_iso_date_str("2026-07-15", &d);
    slp_format_date(d, buf);
    assert_string_equal(buf, "2026-07-15");
    assert_int_equal(slp_weekday(d), 2); /* a Wednesday */

    /* Month arithmetic with end-of-month clamping. */
    slp_day jan31, feb28;
    slp_parse_iso_date_str("2026-01-31", &jan31);
    slp_format_date(slp_add_months(jan31, 1), buf);
    assert_string_equal(buf, "2026-02-28");
    slp_format_date(slp_add_months(jan31, -2), buf);
    assert_string_equal(buf, "2025-11-30");
    slp_parse_iso_date_str("2026-02-28", &feb28);
    /* A day-of-month smaller than the start's does not complete a month. */
    assert_int_equal(slp_months_between(jan31, feb28), 0);
    slp_day mar31;
    slp_parse_iso_date_str("2026-03-31", &mar31);
    assert_int_equal(slp_months_between(jan31, mar31), 2);
    slp_day d1, d2;
    slp_parse_iso_date_str("2025-11-15", &d1);
    slp_parse_iso_date_str("2026-01-14", &d2);
    assert_int_equal(slp_months_between(d1, d2), 1);
    slp_parse_iso_date_str("2026-01-15", &d2);
    assert_int_equal(slp_months_between(d1, d2), 2);
    assert_int_equal(slp_days_in_month(2100, 2), 28);
    assert_int_equal(slp_days_in_month(2000, 2), 29);
}

/* A reader that hands out at most 3 bytes per call and fails with EINTR every
 * other call: the slurp must still return the whole input. */
struct chunky {
    const char *data;
    size_t len, pos;
    int calls;
    int fail_eio_at;
};

static ssize_t chunky_read(void *ctx, void *buf, size_t n)
{
    struct chunky *c = ctx;
    c->calls++;
    if (c->fail_eio_at && c->calls == c->fail_eio_at) {
        errno = EIO;
        return -1;
    }
    if (c->calls % 2 == 0) {
        errno = EINTR;
        return -1;
    }
    size_t k = c->len - c->pos;
    if (k > 3)
        k = 3;
    if (k > n)
        k = n;
    memcpy(buf, c->data + c->pos, k);
    c->pos += k;
    return (ssize_t)k;
}

static void test_reader_faults(void **state)
{
    (void)state;
    const char *text = "{\"salesplan\": 1, \"name\": \"short reads\"}";
    struct chunky c = {text, strlen(text), 0, 0, 0};
    slp_reader r = {chunky_read, &c, -1, "chunky"};
    char *out = NULL;
    size_t len = 0;
    salesplan_error err;
    assert_int_equal(slp_reader_slurp(&r, 1 << 20, &out, &len, &err), SALESPLAN_OK);
    assert_int_equal(len, strlen(text));
    assert_string_equal(out, text);
    salesplan_free(out);

    struct chunky bad = {text, strlen(text), 0, 0, 5};
    slp_reader rb = {chunky_read, &bad, -1, "chunky"};
    assert_int_equal(slp_reader_slurp(&rb, 1 << 20, &out, &len, &err), SALESPLAN_EIO);
    assert_null(out);
    assert_non_null(strstr(err.message, "read error"));

    struct chunky big = {text, strlen(text), 0, 0, 0};
    slp_reader rl = {chunky_read, &big, -1, "chunky"};
    assert_int_equal(slp_reader_slurp(&rl, 10, &out, &len, &err), SALESPLAN_ELIMIT);

    assert_int_equal(slp_read_file("/nonexistent/dir/plan.json", 100, &out, &len, &err),
                     SALESPLAN_ENOENT);
    assert_non_null(strstr(err.message, "/nonexistent/dir/plan.json"));
}

static void test_atomic_write(void **state)
{
    (void)state;
    char dir[] = "/tmp/salesplan-io-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.json", dir);
    salesplan_error err;
    assert_int_equal(slp_write_atomic(path, "first", 5, &err), SALESPLAN_OK);
    assert_int_equal(slp_write_atomic(path, "second!", 7, &err), SALESPLAN_OK);
    char *back = NULL;
    size_t len = 0;
    assert_int_equal(slp_read_file(path, 100, &back, &len, &err), SALESPLAN_OK);
    assert_string_equal(back, "second!");
    salesplan_free(back);
    /* A directory that does not exist: an error, and nothing left behind. */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing/out.json", dir);
    assert_int_equal(slp_write_atomic(bad, "x", 1, &err), SALESPLAN_EIO);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0); /* fails if a temporary file was left */
}

/* ---- alloc.c and error.c at their edges ----------------------------------------------- */

static void test_alloc_edges(void **state)
{
    (void)state;
    assert_null(slp_calloc(SIZE_MAX / 2, 4));
    assert_null(slp_reallocarray(NULL, SIZE_MAX / 8 + 1, 8));
    unsigned char *z = slp_calloc(0, 8); /* a valid, freeable block */
    assert_non_null(z);
    slp_free(z);
    z = slp_calloc(4, 4);
    for (int i = 0; i < 16; i++)
        assert_int_equal(z[i], 0);
    z = slp_realloc(z, 0); /* shrinks to a one-byte block, never frees */
    assert_non_null(z);
    slp_free(z);
    assert_null(slp_strdup(NULL));
    assert_null(slp_strndup(NULL, 3));
    char *s = slp_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    slp_free(s);
    slp_free(NULL);

    void *items = NULL;
    size_t cap = 0;
    assert_int_equal(slp_grow(&items, &cap, 3, 4), 0);
    assert_int_equal(cap, 8); /* starts at 8 */
    assert_int_equal(slp_grow(&items, &cap, 8, 4), 0);
    assert_int_equal(cap, 8); /* enough already */
    assert_int_equal(slp_grow(&items, &cap, 9, 4), 0);
    assert_int_equal(cap, 16);
    assert_int_equal(slp_grow(&items, &cap, SIZE_MAX, 4), -1); /* overflow: unchanged */
    assert_int_equal(cap, 16);
    assert_int_equal(slp_grow(&items, &cap, SIZE_MAX / 2, 4), -1);
    slp_free(items);
}

static void test_error_edges(void **state)
{
    (void)state;
    const int codes[] = {SALESPLAN_OK,    SALESPLAN_ENOMEM, SALESPLAN_EINVAL, SALESPLAN_ESYNTAX,
                         SALESPLAN_EPLAN, SALESPLAN_EDATA,  SALESPLAN_EIO,    SALESPLAN_ENOENT,
                         SALESPLAN_ERANGE, SALESPLAN_ELIMIT, SALESPLAN_EINTERNAL,
                         SALESPLAN_ECANCELED};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *s = salesplan_strerror(codes[i]);
        assert_string_not_equal(s, "unknown status");
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(s, salesplan_strerror(codes[j]));
    }
    salesplan_error e;
    /* no format: the status text */
    assert_int_equal(slp_error_set(&e, SALESPLAN_ELIMIT, NULL, 3, 4, NULL), SALESPLAN_ELIMIT);
    assert_string_equal(e.message, "size limit exceeded");
    assert_string_equal(e.path, "");
    slp_error_clear(&e);
    assert_int_equal(e.code, SALESPLAN_OK);
    assert_string_equal(e.message, "");
    slp_error_clear(NULL);
    /* a message longer than the buffer is cut, NUL-terminated */
    char big[600];
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    slp_error_set(&e, SALESPLAN_EPLAN, "p", 0, 0, "%s", big);
    assert_int_equal(strlen(e.message), SALESPLAN_ERROR_MESSAGE_SIZE - 1);
    assert_null(slp_diag_at(NULL, 0));
}

/* The list helpers of common/alloc.h: slp_alloc_items, slp_resize_pair,
 * slp_free_strings and slp_push_string, with a failing allocator for the
 * partial cases. */
static void test_alloc_lists(void **state)
{
    (void)state;
    int *items = NULL;
    size_t cap = 7;
    assert_int_equal(slp_alloc_items((void **)&items, &cap, 0, sizeof *items), 0);
    assert_null(items); /* nothing for an empty list */
    assert_int_equal(cap, 7);
    assert_int_equal(slp_alloc_items((void **)&items, &cap, 5, sizeof *items), 0);
    assert_int_equal(cap, 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(items[i], 0);
    slp_free(items);
    items = NULL;
    cap = 0;
    assert_int_equal(slp_alloc_items((void **)&items, &cap, SIZE_MAX / 2, 4), -1);
    assert_null(items);
    assert_int_equal(cap, 0);

    double *a = NULL;
    unsigned *b = NULL;
    assert_int_equal(slp_resize_pair((void **)&a, sizeof *a, (void **)&b, sizeof *b, 3), 0);
    for (unsigned i = 0; i < 3; i++) {
        a[i] = 0.5 * i;
        b[i] = 10 * i;
    }
    assert_int_equal(slp_resize_pair((void **)&a, sizeof *a, (void **)&b, sizeof *b, 6), 0);
    assert_true(a[2] == 1.0); /* items kept */
    assert_int_equal(b[2], 20);
    assert_int_equal(slp_resize_pair((void **)&a, sizeof *a, (void **)&b, sizeof *b, SIZE_MAX / 4),
                     -1);
    assert_true(a[1] == 0.5); /* a failure leaves the old arrays usable */
    assert_int_equal(b[1], 10);
    slp_free(a);
    slp_free(b);

    tst_alloc_install();
    char **v = slp_calloc(3, sizeof *v);
    v[0] = slp_strdup("a");
    v[2] = slp_strdup("c"); /* v[1] stays NULL */
    assert_int_equal(tst_alloc_state()->live, 3);
    slp_free_strings(v, 3);
    assert_int_equal(tst_alloc_state()->live, 0);
    slp_free_strings(NULL, 4); /* nothing to free */
    a = NULL;
    b = NULL;
    tst_alloc_fail_at(2); /* the second array cannot grow */
    assert_int_equal(slp_resize_pair((void **)&a, sizeof *a, (void **)&b, sizeof *b, 4), -1);
    assert_non_null(a);
    assert_null(b);
    tst_alloc_never_fail();
    slp_free(a);
    assert_int_equal(tst_alloc_state()->live, 0);

    /* slp_push_string: copies, grows, and changes nothing when either the
     * copy or the growth fails */
    char **s = NULL;
    size_t n = 0, scap = 0;
    char word[] = "first";
    assert_int_equal(slp_push_string(&s, &n, &scap, word), 0);
    word[0] = 'F'; /* the array holds a copy */
    assert_int_equal(slp_push_string(&s, &n, &scap, "second"), 0);
    assert_int_equal(n, 2);
    assert_string_equal(s[0], "first");
    assert_string_equal(s[1], "second");
    for (int fail = 1; fail <= 2; fail++) { /* 1: the copy, 2: the growth */
        size_t full = scap;
        while (n < full)
            assert_int_equal(slp_push_string(&s, &n, &scap, "pad"), 0);
        long live = tst_alloc_state()->live;
        tst_alloc_fail_at(fail);
        assert_int_equal(slp_push_string(&s, &n, &scap, "lost"), -1);
        tst_alloc_never_fail();
        assert_int_equal(n, full);
        assert_int_equal(scap, full);
        assert_int_equal(tst_alloc_state()->live, live); /* no copy left behind */
    }
    slp_free_strings(s, n);
    assert_int_equal(tst_alloc_state()->live, 0);
    tst_alloc_restore();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror_and_version), cmocka_unit_test(test_error_and_diagnostics),
        cmocka_unit_test(test_strbuf),          cmocka_unit_test(test_dates),
        cmocka_unit_test(test_reader_faults),        cmocka_unit_test(test_atomic_write),
        cmocka_unit_test(test_alloc_edges), cmocka_unit_test(test_error_edges),
        cmocka_unit_test(test_alloc_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
