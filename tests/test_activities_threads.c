/* The `threads` option of salesplan_activities_file(): a generated activity
 * log of about 26 MiB (large enough for three parts of 8 MiB after the first
 * chunk) read on 1, 2 and 3 threads gives byte-identical JSON, with the
 * skipped rows named by their line in the whole file (rows placed so that
 * every part has some, at lines the generator records). Also: D/M slash dates
 * decided by the first chunk and read the same way by every part, a quoted
 * field with line ends before one cut and across another, the options
 * version 1 struct, the limit, the buffer call (which ignores the option),
 * and an error, the same on one thread and three. Types, owners, deal ids and
 * accounts (some longer than 16 bytes) first met in the second half of the
 * log, so that parts read values their seed does not have. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "salesplan.h"
#include "ttext.h"

#define LOG_BYTES ((size_t)26 << 20)
#define MAX_BAD 64

static const char *const types[] = {"Cold email", "Call", "Meeting", "Demo"};

/* Deals: a snapshot with owners and accounts, created through 2026. */
static void make_deals(text *d)
{
    add(d, "deal_id,owner,stage,created,closed,account\n");
    for (int i = 0; i < 3000; i++) {
        const char *stage = i % 3 == 0 ? "Closed Won" : i % 3 == 1 ? "Closed Lost" : "Proposal";
        add(d, "D%d,rep %d,%s,2026-%02d-%02d,%s,Acc %d\n", i, i % 17, stage, 1 + i % 12,
            1 + i % 28, i % 3 == 2 ? "" : "2026-12-20", i % 700);
    }
}

typedef struct log_shape {
    int dmy;    /* slash dates, D/M decided in the first rows only */
    int quoted; /* a quoted note with line ends across the middle third */
} log_shape;

/* The date of row i, in the shape's style. */
static void row_date(char *out, size_t n, unsigned long i, const log_shape *sh)
{
    unsigned mon = 1 + (unsigned)(i % 12), day = 1 + (unsigned)(i * 7 % 28);
    if (!sh->dmy)
        snprintf(out, n, "2026-%02u-%02u", mon, day);
    else if (i < 50) /* days above 12 come first: D/M is decided here */
        snprintf(out, n, "%u/%u/2026", 13 + (unsigned)(i % 15), mon);
    else /* later on, every date could be read either way */
        snprintf(out, n, "%u/%u/2026", 1 + (unsigned)(i % 12), mon);
}

/* The log; bad[] receives the lines of the rows to be skipped. */
static char *make_log(size_t *len, const log_shape *sh, long long *bad, size_t *nbad)
{
    char *t = malloc(LOG_BYTES + (4u << 20));
    assert_non_null(t);
    size_t w = (size_t)sprintf(t, "date,type,owner,deal_id,account,note\n");
    long long line = 2;
    *nbad = 0;
    int placed = 0;
    for (unsigned long i = 0; w < LOG_BYTES; i++, line++) {
        if (sh->quoted && !placed && w >= LOG_BYTES / 3 - (1u << 20)) {
            /* 3 MiB of one quoted note: across the first cut of three threads (read
             * again on one), before the cut of two (its line ends count in the
             * lines of the second part) */
            placed = 1;
            w += (size_t)sprintf(t + w, "2026-03-03,Call,rep 1,,,\"");
            for (int k = 0; k < (3 << 19); k++) {
                t[w++] = 'n';
                t[w++] = '\n';
            }
            w += (size_t)sprintf(t + w, "\"\n");
            line += 3 << 19;
            continue;
        }
        if (i % 60013 == 1000 && *nbad < MAX_BAD) {
            bad[(*nbad)++] = line;
            w += (size_t)sprintf(t + w, "%s,Call,rep 2,,,\n", i % 2 ? "not a date" : "2026-02-30");
            continue;
        }
        char date[32];
        row_date(date, sizeof date, i, sh);
        unsigned long k = i * 2654435761u;
        if (w > LOG_BYTES / 2 && i % 997 == 0) { /* values first met by a later part */
            const char *type = i % 3 ? "Webinar" : "A late kind of call";
            if (i % 2)
                w += (size_t)sprintf(t + w, "%s,%s,rep %lu,X%lu,,\n", date, type, k % 23,
                                     k % 500);
            else
                w += (size_t)sprintf(t + w, "%s,%s,rep %lu,,A late account no. %lu,\n", date,
                                     type, k % 23, k % 300);
            continue;
        }
        if (k % 5 == 0)
            w += (size_t)sprintf(t + w, "%s,%s,rep %lu,D%lu,,\n", date, types[k % 4], k % 17,
                                 k / 7 % 3000);
        else if (k % 5 == 1)
            w += (size_t)sprintf(t + w, "%s,%s,rep %lu,,Acc %lu,\n", date, types[k % 4], k % 17,
                                 k / 11 % 700);
        else
            w += (size_t)sprintf(t + w, "%s,%s,rep %lu,,,x\n", date, types[i % 4], k % 19);
    }
    *len = w;
    return t;
}

static void write_file(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static char *json_of(const char *log, const char *deals, const salesplan_activities_options *o)
{
    salesplan_activities *a = NULL;
    salesplan_error err = {0};
    salesplan_status rc = salesplan_activities_file(&a, log, deals, o, &err);
    if (rc != SALESPLAN_OK)
        fail_msg("threads %u: %s", o->threads, err.message);
    char *json = NULL;
    assert_int_equal(salesplan_activities_render(&json, NULL, a, SALESPLAN_FORMAT_JSON, &err),
                     SALESPLAN_OK);
    salesplan_activities_free(a);
    return json;
}

/* 1, 2 and 3 threads (and the buffer call, which ignores the option) give
 * the same bytes; the skipped rows are named at their lines in the file. */
static void check_shape(const log_shape *sh)
{
    const char *lp = "act_threads_log.csv", *dp = "act_threads_deals.csv";
    text deals = {0};
    make_deals(&deals);
    long long bad[MAX_BAD];
    size_t nbad, len;
    char *log = make_log(&len, sh, bad, &nbad);
    assert_true(len >= ((size_t)24 << 20));
    assert_true(nbad >= 8); /* some in every part */
    write_file(lp, log, len);
    write_file(dp, deals.s, deals.len);

    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    o.max_reported = 1000;
    o.from = "2026-01-01";
    o.to = "2026-12-31";
    char *one = json_of(lp, dp, &o);
    for (size_t i = 0; i < nbad; i++) {
        char want[64];
        snprintf(want, sizeof want, "activities line %lld skipped", bad[i]);
        if (strstr(one, want) == NULL)
            fail_msg("no warning '%s'", want);
    }
    assert_non_null(strstr(one, "\"activities\""));
    for (unsigned th = 2; th <= 3; th++) {
        o.threads = th;
        char *many = json_of(lp, dp, &o);
        assert_string_equal(many, one);
        salesplan_free(many);
    }
    o.threads = 3; /* ignored here */
    salesplan_activities *a = NULL;
    salesplan_error err = {0};
    assert_int_equal(salesplan_activities_buffer(&a, log, len, deals.s, deals.len, &o, &err),
                     SALESPLAN_OK);
    char *buf = NULL;
    assert_int_equal(salesplan_activities_render(&buf, NULL, a, SALESPLAN_FORMAT_JSON, &err),
                     SALESPLAN_OK);
    assert_string_equal(buf, one);
    assert_int_equal(salesplan_activities_info_get(a)->log_skipped, (long long)nbad);
    salesplan_free(buf);
    salesplan_activities_free(a);
    salesplan_free(one);
    free(log);
    free(deals.s);
    remove(lp);
    remove(dp);
}

static void test_iso_dates(void **state)
{
    (void)state;
    log_shape sh = {0, 0};
    check_shape(&sh);
}

static void test_dmy_decided_in_first_chunk(void **state)
{
    (void)state;
    log_shape sh = {1, 0};
    check_shape(&sh);
}

static void test_quote_across_cut(void **state)
{
    (void)state;
    log_shape sh = {0, 1};
    check_shape(&sh);
}

/* The options version: a version 1 struct ends before `threads` (init writes
 * no byte of it, the library reads none); the limit; an error on threads is
 * the one-thread error. */
static void test_option(void **state)
{
    (void)state;
    struct {
        salesplan_activities_options o;
        unsigned char guard[16];
    } v1;
    memset(&v1, 0xAB, sizeof v1);
    assert_int_equal(salesplan_activities_options_init(&v1.o, 1), SALESPLAN_OK);
    assert_int_equal(v1.o.version, 1);
    assert_int_equal(v1.o.window_days, 30);
    assert_int_equal(v1.o.max_reported, 20);
    assert_int_equal(v1.o.threads, 0xABABABABu);
    const char *log = "date,type,owner\n2026-01-08,Call,rep 1\n";
    const char *deals = "deal_id,owner,stage,created,closed\nD1,rep 1,Closed Won,2026-01-06,"
                        "2026-01-20\n";
    salesplan_activities *a = NULL;
    salesplan_error err = {0};
    assert_int_equal(salesplan_activities_buffer(&a, log, strlen(log), deals, strlen(deals),
                                                 &v1.o, &err),
                     SALESPLAN_OK); /* the 0xAB.. threads is never read */
    assert_int_equal(salesplan_activities_get(a, 0)->count, 1);
    salesplan_activities_free(a);

    salesplan_activities_options o;
    memset(&o, 0xAB, sizeof o);
    assert_int_equal(salesplan_activities_options_init(&o, SALESPLAN_ACTIVITIES_OPTIONS_VERSION),
                     SALESPLAN_OK);
    assert_int_equal(o.threads, 0);
    assert_int_equal(salesplan_activities_options_init(&o, 3), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_activities_options_init(&o, 0), SALESPLAN_EINVAL);
    const salesplan_activities_options init = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    assert_int_equal(init.version, 2);
    assert_int_equal(init.threads, 0);

    o = init;
    o.threads = SALESPLAN_ACTIVITIES_MAX_THREADS;
    assert_int_equal(salesplan_activities_buffer(&a, log, strlen(log), deals, strlen(deals), &o,
                                                 &err),
                     SALESPLAN_OK);
    salesplan_activities_free(a);
    o.threads = SALESPLAN_ACTIVITIES_MAX_THREADS + 1;
    assert_int_equal(salesplan_activities_buffer(&a, log, strlen(log), deals, strlen(deals), &o,
                                                 &err),
                     SALESPLAN_ELIMIT);
    assert_null(a);
    assert_string_equal(err.message, "option `threads` must be at most 64 (0 or 1 = the calling "
                                     "thread only); found 65");
    o.version = 1; /* version 1 never reads the field */
    assert_int_equal(salesplan_activities_buffer(&a, log, strlen(log), deals, strlen(deals), &o,
                                                 &err),
                     SALESPLAN_OK);
    salesplan_activities_free(a);
    o.version = 3;
    assert_int_equal(salesplan_activities_buffer(&a, log, strlen(log), deals, strlen(deals), &o,
                                                 &err),
                     SALESPLAN_EINVAL);
}

/* A large log ending inside a quote: the error of one thread, at its line. */
static void test_error_same_as_one_thread(void **state)
{
    (void)state;
    const char *lp = "act_threads_bad.csv", *dp = "act_threads_bad_deals.csv";
    log_shape sh = {0, 0};
    long long bad[MAX_BAD];
    size_t nbad, len;
    char *log = make_log(&len, &sh, bad, &nbad);
    memcpy(log + len, "2026-01-01,Call,\"rep\n", 21);
    write_file(lp, log, len + 21);
    text deals = {0};
    make_deals(&deals);
    write_file(dp, deals.s, deals.len);
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    salesplan_error e1 = {0}, e3 = {0};
    salesplan_activities *a = NULL;
    salesplan_status r1 = salesplan_activities_file(&a, lp, dp, &o, &e1);
    o.threads = 3;
    salesplan_status r3 = salesplan_activities_file(&a, lp, dp, &o, &e3);
    assert_int_equal(r1, SALESPLAN_ESYNTAX);
    assert_int_equal(r3, r1);
    assert_null(a);
    assert_true(e1.line > 1000);
    assert_int_equal(e3.line, e1.line);
    assert_string_equal(e3.path, e1.path);
    assert_string_equal(e3.message, e1.message);
    free(log);
    free(deals.s);
    remove(lp);
    remove(dp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso_dates),
        cmocka_unit_test(test_dmy_decided_in_first_chunk),
        cmocka_unit_test(test_quote_across_cut),
        cmocka_unit_test(test_option),
        cmocka_unit_test(test_error_same_as_one_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
