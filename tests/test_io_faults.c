#define _POSIX_C_SOURCE 200809L
/* I/O faults: every file input of the library goes through one reader
 * (lib/common/io.h, slp_reader). Here that reader hands out 1..7 bytes per call,
 * fails with EINTR every other call, fails with EIO at byte k, or ends early
 * in the middle of a record. Plan loading and the CSV estimate must then give
 * exactly the result of a clean read, or SALESPLAN_EIO, or (truncation) a
 * syntax error / a reported malformed last row: never a crash, a leak or a
 * silently different answer.
 *
 * There is no public entry point taking a reader, so the CSV estimate is run
 * here through the internal functions salesplan_estimate_file() uses
 * (slp_csv_open + slp_est_*), with small tokenizer chunks so that records and
 * the BOM straddle refills. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "estimate/csv.h"
#include "estimate/estimate_internal.h"
#include "common/io.h"
#include "json/json_pos.h"
#include "salesplan.h"

/* ---- the faulty reader ------------------------------------------------------------- */

typedef struct fault {
    const char *data;
    size_t len;     /* bytes available (a truncation point when < the whole text) */
    size_t pos;
    size_t maxchunk; /* bytes per call at most (0 = as many as asked) */
    int eintr;       /* non-zero: every other call fails with EINTR */
    size_t eio_at;   /* the read that would pass this byte fails with EIO (SIZE_MAX: never) */
    long calls;
    long eintr_seen;
} fault;

static ssize_t fault_read(void *ctx, void *buf, size_t n)
{
    fault *f = ctx;
    f->calls++;
    if (f->eintr && f->calls % 2 == 0) {
        f->eintr_seen++;
        errno = EINTR;
        return -1;
    }
    size_t k = f->len - f->pos;
    if (f->maxchunk && k > f->maxchunk)
        k = f->maxchunk;
    if (k > n)
        k = n;
    if (f->eio_at != SIZE_MAX && f->pos + k > f->eio_at) {
        if (f->pos == f->eio_at) {
            errno = EIO;
            return -1;
        }
        k = f->eio_at - f->pos; /* hand out what comes before the bad byte */
    }
    memcpy(buf, f->data + f->pos, k);
    f->pos += k;
    return (ssize_t)k;
}

static void fault_init(fault *f, slp_reader *r, const char *data, size_t len, size_t maxchunk,
                       int eintr)
{
    memset(f, 0, sizeof *f);
    f->data = data;
    f->len = len;
    f->maxchunk = maxchunk;
    f->eintr = eintr;
    f->eio_at = SIZE_MAX;
    r->read_fn = fault_read;
    r->ctx = f;
    r->fd = -1;
    r->name = "faulty";
}

/* ---- plan load --------------------------------------------------------------------- */

/* What salesplan_plan_load_file() does, with the reader swapped. */
static int load_via(slp_reader *r, salesplan_plan **p, salesplan_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    *p = NULL;
    int rc = slp_reader_slurp(r, SLP_JSON_MAX_BYTES, &buf, &len, err);
    if (rc != SALESPLAN_OK) {
        if (buf != NULL)
            return -1;
        return rc;
    }
    rc = salesplan_plan_load_buffer(p, buf, len, err);
    slp_free(buf);
    return rc;
}

static char *plan_json(const salesplan_plan *p)
{
    char *out = NULL;
    assert_int_equal(salesplan_plan_to_json(&out, NULL, p, NULL), SALESPLAN_OK);
    return out;
}

static void test_plan_short_reads_and_eintr(void **state)
{
    (void)state;
    const char *text = salesplan_example_json();
    size_t len = strlen(text);
    salesplan_plan *clean = NULL;
    assert_int_equal(salesplan_plan_load_buffer(&clean, text, len, NULL), SALESPLAN_OK);
    char *want = plan_json(clean);
    for (size_t chunk = 1; chunk <= 7; chunk++) {
        for (int eintr = 0; eintr <= 1; eintr++) {
            fault f;
            slp_reader r;
            fault_init(&f, &r, text, len, chunk, eintr);
            salesplan_plan *p = NULL;
            salesplan_error err;
            assert_int_equal(load_via(&r, &p, &err), SALESPLAN_OK);
            /* every byte came in pieces of at most `chunk` */
            assert_true(f.calls >= (long)((len + chunk - 1) / chunk));
            if (eintr)
                assert_true(f.eintr_seen >= f.calls / 2 - 1);
            char *got = plan_json(p);
            assert_string_equal(got, want);
            salesplan_free(got);
            salesplan_plan_free(p);
        }
    }
    salesplan_free(want);
    salesplan_plan_free(clean);
}

static void test_plan_eio(void **state)
{
    (void)state;
    const char *text = salesplan_example_json();
    size_t len = strlen(text);
    const size_t at[] = {0, 1, 2, 100, len / 2, len - 1};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        for (size_t chunk = 0; chunk <= 5; chunk += 5) {
            fault f;
            slp_reader r;
            fault_init(&f, &r, text, len, chunk, 1);
            f.eio_at = at[i];
            salesplan_plan *p = NULL;
            salesplan_error err;
            assert_int_equal(load_via(&r, &p, &err), SALESPLAN_EIO);
            assert_null(p);
            assert_int_equal(err.code, SALESPLAN_EIO);
            assert_non_null(strstr(err.message, "faulty: read error"));
            assert_non_null(strstr(err.message, strerror(EIO)));
            assert_int_equal(f.pos, at[i]); /* stopped at the bad byte, read nothing past it */
        }
    }
}

/* A plan file cut anywhere is never a valid plan: the closing brace is missing. */
static void test_plan_truncated(void **state)
{
    (void)state;
    const char *text = salesplan_example_json();
    size_t len = strlen(text);
    long cuts = 0;
    for (size_t cut = 0; cut < len - 2; cut += 37) {
        fault f;
        slp_reader r;
        fault_init(&f, &r, text, cut, 3, 1);
        salesplan_plan *p = NULL;
        salesplan_error err;
        int rc = load_via(&r, &p, &err);
        assert_int_equal(rc, SALESPLAN_ESYNTAX);
        assert_null(p);
        /* the error points at the end of the text that was there */
        if (cut > 0)
            assert_true(err.line >= 1);
        cuts++;
    }
    assert_true(cuts > 100);
}

/* ---- CSV estimate ------------------------------------------------------------------ */

/* What salesplan_estimate_file() does for one thread, with the reader swapped and a
 * small tokenizer chunk. */
static int estimate_via(slp_reader *r, size_t chunk, const salesplan_estimate_options *o,
                        salesplan_estimate **out, salesplan_error *err)
{
    *out = NULL;
    int rc = slp_est_check_options(o, err);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_est_ctx x;
    rc = slp_est_ctx_init(&x, o, err);
    slp_csv *csv = NULL;
    if (rc == SALESPLAN_OK)
        rc = slp_csv_open(&csv, r, o->delimiter ? o->delimiter : ',', chunk, 0, 0, err);
    uint64_t line = 0;
    if (rc == SALESPLAN_OK)
        rc = slp_est_read_header(&x, csv);
    if (rc == SALESPLAN_OK)
        rc = slp_est_read_body(&x, csv, 0, &line);
    if (rc == SALESPLAN_OK)
        rc = slp_est_finish(&x);
    slp_csv_free(csv);
    slp_est_ctx_free(&x);
    if (rc != SALESPLAN_OK) {
        salesplan_estimate_free(x.e);
        return rc;
    }
    *out = x.e;
    return SALESPLAN_OK;
}

static char *estimate_json(const salesplan_estimate *e)
{
    char *out = NULL;
    assert_int_equal(salesplan_estimate_render(&out, NULL, e, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    return out;
}

/* BOM, CRLF, a quoted field with a doubled quote and a line end inside, an
 * empty value, a malformed row (line 6), a last record without a line end. */
static const char snapshot_csv[] =
    "\xEF\xBB\xBF" "id,stage,created,closed,amount,region\r\n"
    "1,Won,2024-01-01,2024-01-11,100,East\r\n"
    "2,Closed Won,1/5/2024,1/25/2024,300,\"West \"\"coast\"\"\r\nand more\"\r\n"
    "3,Lost,2024-01-02,2024-01-05,0,East\r\n"
    "4,won,2024-02-01,2024-03-02,200,East\r\n"
    "5,Won,2024-02-30,2024-03-02,200,East\r\n"
    "6,Negotiation,2024-02-03,,,North\r\n"
    "7,Won,2024-03-02,2024-04-02,1250,North";

static const char transitions_csv[] = "deal;stage;date;amount;team\n"
                                      "d1;A;2024-01-01;;X\n"
                                      "d1;B;2024-01-05;;X\n"
                                      "d1;Won;2024-01-20;1000;X\n"
                                      "d2;A;2024-01-02;;Y\n"
                                      "d2;Lost;2024-01-09;;Y\n"
                                      "d3;A;2024-01-03;;X\n"
                                      "d3;B;2024-01-04;;X\n"
                                      "d4;A;2024-01-05;;Y\n"
                                      "d4;B;2024-01-06;;Y\n"
                                      "d4;Won;2024-01-30;700;Y\n";

static void options_for(int transitions, salesplan_estimate_options *o)
{
    static const char *const sgroups[] = {"region"};
    static const char *const tgroups[] = {"team"};
    static const char *const stages[] = {"A", "B"};
    salesplan_estimate_options d = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    *o = d;
    o->allow_skips = 1; /* a cut can leave one malformed row of two */
    if (transitions) {
        o->shape = SALESPLAN_SHAPE_TRANSITIONS;
        o->stages = stages;
        o->stage_count = 2;
        o->group_columns = tgroups;
        o->delimiter = ';';
    } else {
        o->group_columns = sgroups;
    }
    o->group_count = 1;
}

static void test_csv_short_reads_and_eintr(void **state)
{
    (void)state;
    for (int t = 0; t <= 1; t++) {
        const char *text = t ? transitions_csv : snapshot_csv;
        size_t len = t ? sizeof transitions_csv - 1 : sizeof snapshot_csv - 1;
        salesplan_estimate_options o;
        options_for(t, &o);
        salesplan_estimate *clean = NULL;
        assert_int_equal(salesplan_estimate_buffer(&clean, text, len, &o, NULL), SALESPLAN_OK);
        char *want = estimate_json(clean);
        if (t == 0) {
            /* the clean answer itself: 6 usable rows, row 5 (line 7) skipped */
            const salesplan_estimate_figures *fig = salesplan_estimate_overall(clean);
            assert_int_equal(fig->won, 4);
            assert_int_equal(fig->lost, 1);
            assert_int_equal(fig->open, 1);
            assert_int_equal(salesplan_estimate_problem_count(clean), 1);
            assert_int_equal(salesplan_estimate_problem_get(clean, 0)->line, 7);
            assert_int_equal(salesplan_estimate_info_get(clean)->bytes, len);
        }
        const size_t chunks[] = {16, 17, 31, 64, 0};
        for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
            for (size_t maxchunk = 1; maxchunk <= 7; maxchunk++) {
                fault f;
                slp_reader r;
                fault_init(&f, &r, text, len, maxchunk, (int)(maxchunk % 2));
                salesplan_estimate *e = NULL;
                salesplan_error err;
                assert_int_equal(estimate_via(&r, chunks[c], &o, &e, &err), SALESPLAN_OK);
                char *got = estimate_json(e);
                assert_string_equal(got, want);
                salesplan_free(got);
                salesplan_estimate_free(e);
            }
        }
        salesplan_free(want);
        salesplan_estimate_free(clean);
    }
}

static void test_csv_eio(void **state)
{
    (void)state;
    size_t len = sizeof snapshot_csv - 1;
    salesplan_estimate_options o;
    options_for(0, &o);
    for (size_t at = 0; at < len; at += 11) {
        fault f;
        slp_reader r;
        fault_init(&f, &r, snapshot_csv, len, at % 5 + 1, 1);
        f.eio_at = at;
        salesplan_estimate *e = NULL;
        salesplan_error err;
        assert_int_equal(estimate_via(&r, 16, &o, &e, &err), SALESPLAN_EIO);
        assert_null(e);
        assert_int_equal(err.code, SALESPLAN_EIO);
        assert_non_null(strstr(err.message, "faulty: read error"));
    }
}

/* Line of the record that starts at or before `off`, and the count of complete
 * records before it, in a CSV without quotes and with LF line ends. */
static void record_at(const char *text, size_t off, size_t *start, long *line)
{
    *line = 1;
    *start = 0;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') {
            (*line)++;
            *start = i + 1;
        }
}

/* Cut the export anywhere inside the body: the records before the cut are
 * counted, and the cut record is either a well-formed row (cut inside its last
 * field) or reported as malformed on its own line (fewer fields than the
 * header). */
static void test_csv_truncated_mid_record(void **state)
{
    (void)state;
    static const char text[] = "id,stage,created,closed,amount,region\n"
                               "1,Won,2024-01-01,2024-01-11,100,East\n"
                               "2,Lost,2024-01-02,2024-01-05,0,East\n"
                               "3,Won,2024-02-01,2024-03-02,200,West\n"
                               "4,Negotiation,2024-02-03,,,North\n"
                               "5,Won,2024-03-02,2024-04-02,1250,North\n";
    size_t header = strlen("id,stage,created,closed,amount,region\n");
    size_t len = sizeof text - 1;
    salesplan_estimate_options o;
    options_for(0, &o);
    long malformed_cuts = 0, clean_cuts = 0;
    for (size_t cut = header; cut < len; cut++) {
        size_t start;
        long line;
        record_at(text, cut, &start, &line);
        long complete = line - 2; /* data records wholly before the cut */
        size_t commas = 0;
        for (size_t i = start; i < cut; i++)
            commas += text[i] == ',';
        fault f;
        slp_reader r;
        fault_init(&f, &r, text, cut, 3, 1);
        salesplan_estimate *e = NULL;
        salesplan_error err;
        assert_int_equal(estimate_via(&r, 16, &o, &e, &err), SALESPLAN_OK);
        const salesplan_estimate_info *info = salesplan_estimate_info_get(e);
        assert_int_equal(info->bytes, cut);
        if (cut == start) { /* at a record boundary: nothing partial */
            assert_int_equal(info->rows, complete);
            assert_int_equal(info->skipped, 0);
            clean_cuts++;
        } else if (commas < 5) { /* fewer fields than the header's 6 */
            assert_int_equal(info->rows, complete + 1);
            assert_int_equal(info->skipped, 1);
            assert_int_equal(salesplan_estimate_problem_count(e), 1);
            assert_int_equal(salesplan_estimate_problem_get(e, 0)->line, line);
            assert_non_null(strstr(salesplan_estimate_problem_get(e, 0)->message, "field"));
            malformed_cuts++;
        } else { /* cut inside the last field: a complete row with a shorter region */
            assert_int_equal(info->rows, complete + 1);
            assert_int_equal(info->skipped, 0);
        }
        salesplan_estimate_free(e);
    }
    assert_int_equal(clean_cuts, 5);
    assert_true(malformed_cuts > 100);
}

/* Cut inside a quoted field: a syntax error naming the line the record starts on. */
static void test_csv_truncated_in_quotes(void **state)
{
    (void)state;
    const char *q = strstr(snapshot_csv, "\"West");
    assert_non_null(q);
    size_t open = (size_t)(q - snapshot_csv);
    salesplan_estimate_options o;
    options_for(0, &o);
    int inside = 0;
    for (size_t cut = open + 1; cut < open + 20; cut++) {
        fault f;
        slp_reader r;
        fault_init(&f, &r, snapshot_csv, cut, 2, 1);
        salesplan_estimate *e = NULL;
        salesplan_error err;
        size_t quotes = 0;
        for (size_t i = open; i < cut; i++)
            quotes += snapshot_csv[i] == '"';
        int rc = estimate_via(&r, 16, &o, &e, &err);
        if (quotes % 2 == 0) {
            /* cut just after a closing quote: a whole field, a whole last row */
            assert_int_equal(rc, SALESPLAN_OK);
            assert_int_equal(salesplan_estimate_info_get(e)->rows, 2);
            assert_int_equal(salesplan_estimate_info_get(e)->skipped, 0);
            salesplan_estimate_free(e);
            continue;
        }
        assert_int_equal(rc, SALESPLAN_ESYNTAX);
        assert_null(e);
        assert_int_equal(err.line, 3);
        assert_non_null(strstr(err.message, "never closed"));
        inside++;
    }
    assert_int_equal(inside, 17);
}

/* The public fd entry point (a temporary file) agrees with the buffer one. */
static void test_csv_fd(void **state)
{
    (void)state;
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    assert_int_equal(fwrite(transitions_csv, 1, sizeof transitions_csv - 1, tmp),
                     sizeof transitions_csv - 1);
    assert_int_equal(fflush(tmp), 0);
    rewind(tmp);
    salesplan_estimate_options o;
    options_for(1, &o);
    salesplan_estimate *a = NULL, *b = NULL;
    assert_int_equal(salesplan_estimate_fd(&a, fileno(tmp), "tmp", &o, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_buffer(&b, transitions_csv, sizeof transitions_csv - 1,
                                               &o, NULL),
                     SALESPLAN_OK);
    char *ja = estimate_json(a), *jb = estimate_json(b);
    assert_string_equal(ja, jb);
    /* d1 and d4 won, d2 lost, d3 open */
    assert_int_equal(salesplan_estimate_overall(a)->won, 2);
    assert_int_equal(salesplan_estimate_overall(a)->lost, 1);
    salesplan_free(ja);
    salesplan_free(jb);
    salesplan_estimate_free(a);
    salesplan_estimate_free(b);
    fclose(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_short_reads_and_eintr),
        cmocka_unit_test(test_plan_eio),
        cmocka_unit_test(test_plan_truncated),
        cmocka_unit_test(test_csv_short_reads_and_eintr),
        cmocka_unit_test(test_csv_eio),
        cmocka_unit_test(test_csv_truncated_mid_record),
        cmocka_unit_test(test_csv_truncated_in_quotes),
        cmocka_unit_test(test_csv_fd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
