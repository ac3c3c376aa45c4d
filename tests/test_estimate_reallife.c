/* CSVs from real life (issue 13 item 4): the delimiter sniffed from the
 * header, the date order inferred when a day above 12 decides, decimal-comma
 * amounts, warnings for won/lost names never seen, the refusal of mostly
 * malformed input, several joined tables, the date range. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "estimate/estimate_internal.h"
#include "salesplan.h"
#include "test_alloc.h"

static const char us[] = "id,stage,created,closed,amount,agent\n"
                         "1,Won,1/20/2024,2/3/2024,1054.50,ann\n"
                         "2,Lost,1/2/2024,1/5/2024,,bob\n"
                         "3,Won,2/1/2024,3/2/2024,200,ann\n"
                         "4,Open,2/10/2024,,,cid\n";
/* The same deals as a European export: semicolons, D/M/Y, decimal commas. */
static const char eu[] = "id;stage;created;closed;amount;agent\n"
                         "1;Won;20/1/2024;3/2/2024;1.054,50;ann\n"
                         "2;Lost;2/1/2024;5/1/2024;;bob\n"
                         "3;Won;1/2/2024;2/3/2024;200,00;ann\n"
                         "4;Open;10/2/2024;;;cid\n";

static salesplan_estimate *est(const char *text, const salesplan_estimate_options *o, int want,
                               salesplan_error *err)
{
    salesplan_estimate *e = NULL;
    int rc = salesplan_estimate_buffer(&e, text, strlen(text), o, err);
    if (rc != want)
        fail_msg("status %d, wanted %d: %s", rc, want, err->message);
    return e;
}

static void same_figures(const salesplan_estimate_figures *a, const salesplan_estimate_figures *b)
{
    assert_int_equal(a->deals, b->deals);
    assert_int_equal(a->won, b->won);
    assert_int_equal(a->lost, b->lost);
    assert_int_equal(a->open, b->open);
    assert_true(a->won_amount_sum == b->won_amount_sum);
    assert_true(a->won_amount_median == b->won_amount_median);
    assert_true(a->cycle_days_mean == b->cycle_days_mean);
    assert_true(a->cycle_days_p90 == b->cycle_days_p90);
}

static void test_european_equals_us(void **state)
{
    (void)state;
    salesplan_error err;
    salesplan_estimate *a = est(us, NULL, SALESPLAN_OK, &err);
    salesplan_estimate *b = est(eu, NULL, SALESPLAN_OK, &err);
    same_figures(salesplan_estimate_overall(a), salesplan_estimate_overall(b));
    const salesplan_estimate_figures *f = salesplan_estimate_overall(b);
    assert_true(f->won_amount_sum == 1254.5);
    assert_true(f->cycle_days_mean == (14.0 + 30.0) / 2.0);
    const salesplan_estimate_info *ia = salesplan_estimate_info_get(a);
    const salesplan_estimate_info *ib = salesplan_estimate_info_get(b);
    assert_int_equal(ia->delimiter, ',');
    assert_int_equal(ib->delimiter, ';');
    assert_int_equal(ia->date_order, SALESPLAN_DATE_MDY);
    assert_int_equal(ib->date_order, SALESPLAN_DATE_DMY);
    assert_string_equal(ib->date_from, "2024-01-02");
    assert_string_equal(ib->date_to, "2024-03-02");
    assert_string_equal(ia->date_from, ib->date_from);
    assert_string_equal(ia->date_to, ib->date_to);
    assert_int_equal(salesplan_estimate_warning_count(a), 0);
    assert_int_equal(salesplan_estimate_warning_count(b), 0);
    char *ja = NULL, *jb = NULL;
    assert_int_equal(salesplan_estimate_render(&jb, NULL, b, SALESPLAN_FORMAT_JSON, &err), 0);
    assert_non_null(strstr(jb, "\"date_range\": {\"from\": \"2024-01-02\", \"to\": \"2024-03-02\"}"));
    assert_non_null(strstr(jb, "\"delimiter\": \";\""));
    salesplan_free(ja);
    salesplan_free(jb);
    salesplan_estimate_free(a);
    salesplan_estimate_free(b);
}

/* The date sniffer as first written, a byte at a time: every digit that does
 * not follow a digit or a slash is tried as a date's start. */
static void sniff_dates_bytewise(const char *s, size_t n, long *mdy, long *dmy)
{
#define DIG(c) ((c) >= '0' && (c) <= '9')
    *mdy = *dmy = 0;
    for (size_t i = 0; i + 5 < n; i++) {
        if (!DIG(s[i]) || (i > 0 && (DIG(s[i - 1]) || s[i - 1] == '/')))
            continue;
        size_t j = i;
        int a = 0, b = 0, k = 0;
        while (j < n && DIG(s[j]) && k < 3)
            a = a * 10 + (s[j++] - '0'), k++;
        if (k > 2 || j >= n || s[j] != '/')
            continue;
        j++;
        k = 0;
        while (j < n && DIG(s[j]) && k < 3)
            b = b * 10 + (s[j++] - '0'), k++;
        if (k == 0 || k > 2 || j >= n || s[j] != '/')
            continue;
        j++;
        k = 0;
        while (j < n && DIG(s[j]) && k < 5)
            j++, k++;
        if (k != 4)
            continue;
        if (a > 12 && a <= 31 && b >= 1 && b <= 12)
            (*dmy)++;
        else if (b > 12 && b <= 31 && a >= 1 && a <= 12)
            (*mdy)++;
        i = j - 1;
    }
#undef DIG
}

/* The slash-to-slash sniffer counts what the byte-at-a-time one counts, on
 * random text made of date-like pieces. */
static void test_sniff_dates_random(void **state)
{
    (void)state;
    static const char *const atoms[] = {"1", "13", "2", "31", "12", "/", "/", "2024", "20245",
                                        ",", " ", "x", "0", "7/", "/1/", "113", "13/1/2024",
                                        "1/13/2024", "5/6/2024"};
    char text[256];
    uint64_t seed = 11;
    long decided = 0;
    for (int iter = 0; iter < 20000; iter++) {
        size_t w = 0;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        size_t natoms = (size_t)(seed >> 33) % 40;
        for (size_t k = 0; k < natoms; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *a = atoms[(seed >> 33) % (sizeof atoms / sizeof atoms[0])];
            size_t l = strlen(a);
            if (w + l >= sizeof text)
                break;
            memcpy(text + w, a, l);
            w += l;
        }
        long m1, d1, m2, d2;
        sniff_dates_bytewise(text, w, &m1, &d1);
        slp_est_sniff_dates(text, w, &m2, &d2);
        if (m1 != m2 || d1 != d2)
            fail_msg("%.*s: bytewise %ld/%ld, sniffer %ld/%ld", (int)w, text, m1, d1, m2, d2);
        decided += m1 + d1;
    }
    assert_true(decided > 1000); /* the pieces do make decisive dates */
}

static void test_sniffers(void **state)
{
    (void)state;
    assert_int_equal(slp_est_sniff_delimiter("a,b;c;d\n1,2", 11), ';');
    assert_int_equal(slp_est_sniff_delimiter("a\tb\tc", 5), '\t');
    assert_int_equal(slp_est_sniff_delimiter("a|b|c\n", 6), '|');
    assert_int_equal(slp_est_sniff_delimiter("\"a;b;c\",d\n", 10), ',');
    assert_int_equal(slp_est_sniff_delimiter("abc", 3), ',');
    long mdy, dmy;
    const char *t = "x,13/1/2024,1/13/2024,12/12/2024,2024/01/31,113/1/2024";
    slp_est_sniff_dates(t, strlen(t), &mdy, &dmy);
    assert_int_equal(dmy, 1);
    assert_int_equal(mdy, 1);
    double v;
    assert_int_equal(slp_est_parse_amount_comma("1.054,00", 8, &v), 0);
    assert_true(v == 1054.0);
    assert_int_equal(slp_est_parse_amount_comma("-1.054.321,5", 12, &v), 0);
    assert_true(v == -1054321.5);
    assert_int_equal(slp_est_parse_amount_comma("550", 3, &v), 0);
    assert_true(v == 550.0);
    assert_int_equal(slp_est_parse_amount_comma("1.05,0", 6, &v), -1);
    assert_int_equal(slp_est_parse_amount_comma("1054.00", 7, &v), -1);
    assert_int_equal(slp_est_parse_amount_comma("1,", 2, &v), -1);
    assert_int_equal(slp_est_parse_amount_comma(",5", 2, &v), -1);
}

static void test_ambiguous_dates_warn(void **state)
{
    (void)state;
    salesplan_error err;
    const char *t = "stage,created,closed\nWon,1/2/2024,1/5/2024\nLost,3/4/2024,5/6/2024\n";
    salesplan_estimate *e = est(t, NULL, SALESPLAN_OK, &err);
    assert_int_equal(salesplan_estimate_warning_count(e), 1);
    assert_non_null(strstr(salesplan_estimate_warning(e, 0), "option `date_order`"));
    assert_true(salesplan_estimate_overall(e)->cycle_days_mean == 3.0); /* Jan 2 -> Jan 5 */
    salesplan_estimate_free(e);
    /* given: no warning */
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.date_order = SALESPLAN_DATE_DMY;
    e = est(t, &o, SALESPLAN_OK, &err);
    assert_int_equal(salesplan_estimate_warning_count(e), 0);
    /* won 1 Feb -> 1 May 2024: 29 + 31 + 30 days (the lost deal has no cycle) */
    assert_true(salesplan_estimate_overall(e)->cycle_days_mean == 90.0);
    salesplan_estimate_free(e);
}

static void test_won_name_never_seen(void **state)
{
    (void)state;
    salesplan_error err;
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    const char *won[] = {"Closed Won"};
    o.won_names = won;
    o.won_count = 1;
    salesplan_estimate *e = est(us, &o, SALESPLAN_OK, &err);
    assert_int_equal(salesplan_estimate_overall(e)->won, 0);
    assert_int_equal(salesplan_estimate_warning_count(e), 1);
    const char *w = salesplan_estimate_warning(e, 0);
    assert_non_null(strstr(w, "'Closed Won' never occurs"));
    assert_non_null(strstr(w, "seen: Won, Lost, Open"));
    salesplan_estimate_free(e);
}

static void test_mostly_malformed_is_refused(void **state)
{
    (void)state;
    salesplan_error err;
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.date_order = SALESPLAN_DATE_MDY; /* these European dates cannot be read so */
    const char *t = "stage;created\nWon;20/1/2024\nLost;13/2/2024\nWon;1/2/2024\nLost;31/1/2024\n";
    est(t, &o, SALESPLAN_EDATA, &err);
    assert_non_null(strstr(err.message, "3 of 4 rows malformed"));
    assert_non_null(strstr(err.message, "option `date_order`"));
    o.allow_skips = 1;
    salesplan_estimate *e = est(t, &o, SALESPLAN_OK, &err);
    assert_int_equal(salesplan_estimate_info_get(e)->skipped, 3);
    salesplan_estimate_free(e);
    /* exactly half is accepted */
    o.allow_skips = 0;
    e = est("stage;created\nWon;20/1/2024\nWon;1/2/2024\n", &o, SALESPLAN_OK, &err);
    salesplan_estimate_free(e);
}

static void test_several_joins(void **state)
{
    (void)state;
    char teams[512], managers[512];
    const char *dir = getenv("SALESPLAN_TEST_DATA");
    snprintf(teams, sizeof teams, "%s/estimate/teams.csv", dir ? dir : "data");
    snprintf(managers, sizeof managers, "%s/estimate/managers_semicolon.csv", dir ? dir : "data");
    const char *groups[] = {"region", "manager"};
    const char *paths[] = {managers};
    const char *keys[] = {"agent"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 2;
    o.join_path = teams;
    o.join_key = "agent";
    o.join_paths = paths;
    o.join_keys = keys;
    o.join_count = 1;
    salesplan_error err;
    salesplan_estimate *e = est(us, &o, SALESPLAN_OK, &err);
    /* region: ann North (2 deals), bob South, cid North; manager: ann Mia, bob Noah, cid none */
    size_t n = salesplan_estimate_group_count(e);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        const salesplan_estimate_group *g = salesplan_estimate_group_get(e, i);
        if (strcmp(g->column, "manager") == 0 && strcmp(g->value, "Mia") == 0) {
            assert_int_equal(g->figures.deals, 2);
            assert_int_equal(g->figures.won, 2);
            found++;
        }
        if (strcmp(g->column, "region") == 0 && strcmp(g->value, "North") == 0) {
            assert_int_equal(g->figures.deals, 3);
            found++;
        }
    }
    assert_int_equal(found, 2);
    salesplan_estimate_free(e);
}

static int op_eu(void *ctx)
{
    (void)ctx;
    salesplan_estimate *e = NULL;
    salesplan_error err;
    int rc = salesplan_estimate_buffer(&e, eu, strlen(eu), NULL, &err);
    char *json = NULL;
    if (rc == SALESPLAN_OK)
        rc = salesplan_estimate_render(&json, NULL, e, SALESPLAN_FORMAT_JSON, &err);
    salesplan_free(json);
    salesplan_estimate_free(e);
    return rc;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    assert_true(tst_alloc_until_success(op_eu, NULL, 100000) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_european_equals_us),
        cmocka_unit_test(test_sniffers),
        cmocka_unit_test(test_sniff_dates_random),
        cmocka_unit_test(test_ambiguous_dates_warn),
        cmocka_unit_test(test_won_name_never_seen),
        cmocka_unit_test(test_mostly_malformed_is_refused),
        cmocka_unit_test(test_several_joins),
        TST_ALLOC_TEST(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
