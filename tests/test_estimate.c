/* Estimating rates from CRM exports (SPEC §7): every figure against values
 * worked out by hand from the fixtures in tests/data/estimate/, censoring,
 * groups, joins, date forms, malformed rows, strict mode, the JSON document,
 * applying the funnel to a plan, and allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "estimate/estimate_internal.h"
#include "math/exactsum.h"
#include "salesplan.h"
#include "test_alloc.h"
#include "test_near.h"
#include "tjson.h"
#include "model/plan_model.h"

#define TOL 1e-12

static const char *data_path(const char *name)
{
    static char buf[1024];
    const char *dir = getenv("SALESPLAN_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/estimate/%s", dir ? dir : "data", name);
    return buf;
}

/* Wilson interval written as (x + z²/2)/(n + z²) ± z·√n/(n + z²)·√(p(1-p) + z²/(4n)). */
static void wilson_ref(double x, double n, double *lo, double *hi)
{
    const double z = 1.959964;
    double p = x / n;
    double c = (x + z * z / 2) / (n + z * z);
    double h = z * sqrt(n) / (n + z * z) * sqrt(p * (1 - p) + z * z / (4 * n));
    *lo = fmax(0.0, c - h);
    *hi = fmin(1.0, c + h);
}

static salesplan_estimate *run_file(const char *name, const salesplan_estimate_options *o)
{
    salesplan_estimate *e = NULL;
    salesplan_error err;
    int rc = salesplan_estimate_file(&e, data_path(name), o, &err);
    if (rc != SALESPLAN_OK)
        fail_msg("%s: status %d: %s", name, rc, err.message);
    return e;
}

static salesplan_estimate *run_text(const char *text, const salesplan_estimate_options *o,
                                    int want_rc, salesplan_error *err)
{
    salesplan_estimate *e = NULL;
    int rc = salesplan_estimate_buffer(&e, text, strlen(text), o, err);
    if (rc != want_rc)
        fail_msg("status %d, wanted %d: %s", rc, want_rc, err->message);
    if (rc != SALESPLAN_OK)
        assert_null(e);
    return e;
}

static const salesplan_estimate_group *group(const salesplan_estimate *e, const char *col,
                                             const char *value)
{
    for (size_t i = 0; i < salesplan_estimate_group_count(e); i++) {
        const salesplan_estimate_group *g = salesplan_estimate_group_get(e, i);
        if (strcmp(g->column, col) == 0 && strcmp(g->value, value) == 0)
            return g;
    }
    fail_msg("no group %s=%s", col, value);
    return NULL;
}

/* Default options, grouped by the column "region". */
static salesplan_estimate_options by_region(void)
{
    static const char *const groups[] = {"region"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 1;
    return o;
}

/* ---- snapshot --------------------------------------------------------------- */

static void test_snapshot_figures(void **state)
{
    (void)state;
    const char *groups[] = {"region"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 1;
    salesplan_estimate *e = run_file("snapshot.csv", &o);
    const salesplan_estimate_figures *f = salesplan_estimate_overall(e);
    /* deals 1,2,4,7 won (Won, Closed Won, won), 3,6 lost, 5 open */
    assert_int_equal(f->deals, 7);
    assert_int_equal(f->won, 4);
    assert_int_equal(f->lost, 2);
    assert_int_equal(f->open, 1);
    assert_near(f->win_rate, 4.0 / 6.0, TOL);
    double lo, hi;
    wilson_ref(4, 6, &lo, &hi);
    assert_near(f->win_rate_low, lo, TOL);
    assert_near(f->win_rate_high, hi, TOL);
    /* amounts 100, 300, 200, 50 */
    assert_int_equal(f->won_amount_count, 4);
    assert_near(f->won_amount_sum, 650, TOL);
    assert_near(f->won_amount_mean, 162.5, TOL);
    assert_near(f->won_amount_median, 150, TOL);
    /* cycles 10 (ISO), 20 (M/D/YYYY), 30 (Feb 2024 has 29 days); deal 7 has no close date */
    assert_int_equal(f->cycle_count, 3);
    assert_near(f->cycle_days_mean, 20, TOL);
    assert_near(f->cycle_days_median, 20, TOL);
    assert_near(f->cycle_days_p90, 28, TOL); /* 20 + 0.8 * (30 - 20) */
    /* groups: row 6 has no region and is in none */
    assert_int_equal(salesplan_estimate_group_count(e), 2);
    const salesplan_estimate_group *east = group(e, "region", "East");
    assert_ptr_equal(east, salesplan_estimate_group_get(e, 0)); /* sorted by value */
    assert_int_equal(east->figures.deals, 3);
    assert_int_equal(east->figures.won, 2);
    assert_int_equal(east->figures.lost, 1);
    assert_near(east->figures.won_amount_median, 150, TOL);
    assert_near(east->figures.cycle_days_p90, 28, TOL); /* 10 + 0.9 * 20 */
    const salesplan_estimate_group *west = group(e, "region", "West");
    assert_int_equal(west->figures.open, 1);
    assert_near(west->figures.win_rate, 1.0, TOL);
    wilson_ref(2, 2, &lo, &hi);
    assert_near(west->figures.win_rate_low, lo, TOL);
    assert_near(west->figures.win_rate_high, 1.0, TOL);
    assert_near(west->figures.won_amount_median, 175, TOL);
    assert_near(west->figures.cycle_days_median, 20, TOL);
    /* funnel fragment: one stage at the win rate, then the won stage as first spelled */
    assert_int_equal(salesplan_estimate_funnel_count(e), 2);
    const salesplan_estimate_funnel_stage *s0 = salesplan_estimate_funnel_get(e, 0);
    assert_string_equal(s0->name, "Opportunity");
    assert_near(s0->conversion, 4.0 / 6.0, TOL);
    assert_near(s0->days, 20, TOL);
    assert_int_equal(s0->advanced, 4);
    assert_int_equal(s0->lost, 2);
    assert_string_equal(salesplan_estimate_funnel_get(e, 1)->name, "Won");
    assert_null(salesplan_estimate_funnel_get(e, 2));
    const salesplan_estimate_info *in = salesplan_estimate_info_get(e);
    assert_string_equal(in->stage_column, "stage");
    assert_string_equal(in->amount_column, "amount");
    assert_int_equal(in->rows, 7);
    assert_int_equal(in->skipped, 0);
    salesplan_estimate_free(e);
}

static void test_no_data_is_nan(void **state)
{
    (void)state;
    salesplan_error err;
    salesplan_estimate *e = run_text("stage,amount\nProspecting,5\n", NULL, SALESPLAN_OK, &err);
    const salesplan_estimate_figures *f = salesplan_estimate_overall(e);
    assert_int_equal(f->open, 1);
    assert_true(isnan(f->win_rate) && isnan(f->win_rate_low) && isnan(f->won_amount_sum));
    assert_true(isnan(f->won_amount_median) && isnan(f->cycle_days_p90));
    assert_null(salesplan_estimate_info_get(e)->created_column);
    char *json = NULL;
    assert_int_equal(salesplan_estimate_render(&json, NULL, e, SALESPLAN_FORMAT_JSON, &err), 0);
    assert_non_null(strstr(json, "\"win_rate\": null"));
    assert_non_null(strstr(json, "\"win_rate_ci95\": null"));
    salesplan_free(json);
    salesplan_estimate_free(e);
    /* a header alone is no data, not an error */
    e = run_text("stage\n", NULL, SALESPLAN_OK, &err);
    assert_int_equal(salesplan_estimate_overall(e)->deals, 0);
    salesplan_estimate_free(e);
}

static void test_date_forms(void **state)
{
    (void)state;
    salesplan_error err;
    const char *csv = "stage,created,closed\n"
                      "won,2024-01-01T09:30:00Z,2024-01-03 17:00\n" /* 2 */
                      "won,1/5/2024 10:22 AM,2024/01/15\n"          /* 10 */
                      "won,2023-12-31,3/1/2024\n";                 /* 61 */
    salesplan_estimate *e = run_text(csv, NULL, SALESPLAN_OK, &err);
    assert_int_equal(salesplan_estimate_overall(e)->cycle_count, 3);
    assert_near(salesplan_estimate_overall(e)->cycle_days_mean, 73.0 / 3.0, TOL);
    salesplan_estimate_free(e);
    /* D/M/YYYY on request: 5/1/2024 is the 5th of January, 1/3/2024 the 1st of March */
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.date_order = SALESPLAN_DATE_DMY;
    e = run_text("stage,created,closed\nwon,5/1/2024,1/3/2024\n", &o, SALESPLAN_OK, &err);
    assert_near(salesplan_estimate_overall(e)->cycle_days_mean, 56, TOL);
    salesplan_estimate_free(e);
    int32_t d;
    assert_int_equal(slp_est_parse_date("2024-02-29", 10, 0, &d), 0);
    assert_int_equal(d, 19782);
    assert_int_equal(slp_est_parse_date("2023-02-29", 10, 0, &d), -1);
    assert_int_equal(slp_est_parse_date("2/30/2024", 9, 0, &d), -1);
    assert_int_equal(slp_est_parse_date("13/1/2024", 9, 0, &d), -1);
    assert_int_equal(slp_est_parse_date("13/1/2024", 9, 1, &d), 0);
    assert_int_equal(slp_est_parse_date("1/1/24", 6, 0, &d), -1);
    assert_int_equal(slp_est_parse_date("2024-01-01x", 11, 0, &d), -1);
    assert_int_equal(slp_est_parse_date("0000-01-01", 10, 0, &d), -1);
}

static void test_amounts(void **state)
{
    (void)state;
    double v;
    assert_int_equal(slp_est_parse_amount("1054", 4, &v), 0);
    assert_near(v, 1054, 0);
    assert_int_equal(slp_est_parse_amount("-12.50", 6, &v), 0);
    assert_near(v, -12.5, 0);
    assert_int_equal(slp_est_parse_amount("0.1", 3, &v), 0);
    assert_true(v == 0.1);
    assert_int_equal(slp_est_parse_amount("1.5e3", 5, &v), 0);
    assert_near(v, 1500, 0);
    assert_int_equal(slp_est_parse_amount("123456789012345678901234", 24, &v), 0);
    assert_true(v == 123456789012345678901234.0);
    assert_int_equal(slp_est_parse_amount("1e999", 5, &v), -1);
    assert_int_equal(slp_est_parse_amount("inf", 3, &v), -1);
    assert_int_equal(slp_est_parse_amount("NaN", 3, &v), -1);
    assert_int_equal(slp_est_parse_amount("1,000", 5, &v), -1);
    assert_int_equal(slp_est_parse_amount("$5", 2, &v), -1);
    assert_int_equal(slp_est_parse_amount(".", 1, &v), -1);
    assert_int_equal(slp_est_parse_amount("1e", 2, &v), -1);
}

/* ---- malformed rows ----------------------------------------------------------- */

static const char malformed[] = "stage,created,closed,amount\n"
                                "won,2024-01-01,2024-01-02,10\n"   /* 2: ok */
                                "won,2024-02-30,2024-03-02,10\n"   /* 3: impossible date */
                                "won,2024-01-01,2024-01-02,abc\n"  /* 4: amount */
                                "won,2024-01-01,2024-01-02,inf\n"  /* 5: non-finite */
                                "won,2024-01-01\n"                 /* 6: field count */
                                "\n"                               /* 7: blank, ignored */
                                "lost,2024-01-05,2024-01-01,0\n"   /* 8: closed before created */
                                ",2024-01-01,,\n"                  /* 9: no stage */
                                "\"lost\"x,,,\n"                   /* 10: text after a quote */
                                "lost,,,\n";                       /* 11: ok */

static void test_malformed_rows_are_counted_and_reported(void **state)
{
    (void)state;
    salesplan_error err;
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.max_reported = 5;
    /* 7 of 9 rows malformed: refused unless asked to accept skips */
    run_text(malformed, &o, SALESPLAN_EDATA, &err);
    assert_non_null(strstr(err.message, "7 of 9 rows malformed"));
    assert_non_null(strstr(err.message, "option `allow_skips`"));
    assert_null(strstr(err.message, "--"));
    o.allow_skips = 1;
    salesplan_estimate *e = run_text(malformed, &o, SALESPLAN_OK, &err);
    const salesplan_estimate_info *in = salesplan_estimate_info_get(e);
    assert_int_equal(in->rows, 9);
    assert_int_equal(in->skipped, 7);
    assert_int_equal(salesplan_estimate_overall(e)->deals, 2);
    assert_int_equal(salesplan_estimate_problem_count(e), 5);
    long long lines[] = {3, 4, 5, 6, 8};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(salesplan_estimate_problem_get(e, i)->line, lines[i]);
    assert_non_null(strstr(salesplan_estimate_problem_get(e, 0)->message, "2024-02-30"));
    assert_non_null(strstr(salesplan_estimate_problem_get(e, 1)->message, "'abc'"));
    assert_non_null(strstr(salesplan_estimate_problem_get(e, 3)->message, "expected 4 fields"));
    char *json = NULL;
    assert_int_equal(salesplan_estimate_render(&json, NULL, e, SALESPLAN_FORMAT_JSON, &err), 0);
    tj doc = tj_load(json);
    assert_true(tj_ok(doc));
    tj sk = tj_get(doc, "skipped");
    assert_int_equal(tj_int(tj_get(sk, "count")), 7);
    assert_int_equal(tj_size(tj_get(sk, "lines")), 5);
    assert_int_equal(tj_int(tj_at(tj_get(sk, "lines"), 4)), 8);
    tj_drop(doc);
    salesplan_free(json);
    salesplan_estimate_free(e);
    /* strict: the first malformed row fails the call, with its line */
    o.strict = 1;
    run_text(malformed, &o, SALESPLAN_EDATA, &err);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "line 3"));
}

static void test_bad_input_fails_cleanly(void **state)
{
    (void)state;
    salesplan_error err;
    run_text("", NULL, SALESPLAN_EDATA, &err);
    assert_non_null(strstr(err.message, "empty"));
    run_text("\n\n", NULL, SALESPLAN_EDATA, &err);
    run_text("id,amount\n1,2\n", NULL, SALESPLAN_EDATA, &err); /* no stage column */
    assert_non_null(strstr(err.message, "option `stage_column`"));
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.amount_column = "revenue";
    run_text("stage,amount\nwon,1\n", &o, SALESPLAN_EDATA, &err);
    assert_non_null(strstr(err.message, "'revenue'"));
    run_text("stage,x\nwon,\"unbalanced\nlost,1\n", NULL, SALESPLAN_ESYNTAX, &err);
    assert_int_equal(err.line, 2);
    run_text("st\xff" "age\nwon\n", NULL, SALESPLAN_ESYNTAX, &err); /* header not UTF-8 */
    const char *groups[] = {"region"};
    o = (salesplan_estimate_options)SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 1;
    salesplan_estimate *e =
        run_text("stage,region\nwon,caf\xc3\xa9\nwon,bad\xc3\n", &o, SALESPLAN_OK, &err);
    assert_int_equal(salesplan_estimate_info_get(e)->skipped, 1); /* invalid UTF-8 value */
    assert_string_equal(salesplan_estimate_group_get(e, 0)->value, "caf\xc3\xa9");
    salesplan_estimate_free(e);
    /* options */
    o = (salesplan_estimate_options)SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    run_text("deal,stage,date\n", &o, SALESPLAN_EINVAL, &err); /* no stage order */
    o.version = 99;
    run_text("stage\n", &o, SALESPLAN_EINVAL, &err);
    assert_int_equal(salesplan_estimate_buffer(NULL, "a", 1, NULL, &err), SALESPLAN_EINVAL);
    salesplan_estimate *out = (salesplan_estimate *)&err;
    assert_int_equal(salesplan_estimate_file(&out, data_path("missing.csv"), NULL, &err),
                     SALESPLAN_ENOENT);
    assert_null(out);
    assert_int_equal(salesplan_estimate_options_init(NULL, 1), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_estimate_options_init(&o, 1), SALESPLAN_OK);
    assert_int_equal(o.max_reported, 20);
    salesplan_estimate_free(NULL);
    assert_null(salesplan_estimate_overall(NULL));
    assert_int_equal(salesplan_estimate_group_count(NULL), 0);
}

static void test_custom_names_and_delimiter(void **state)
{
    (void)state;
    salesplan_error err;
    const char *won[] = {"Signed"};
    const char *lost[] = {"Dead", "No deal"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.won_names = won;
    o.won_count = 1;
    o.lost_names = lost;
    o.lost_count = 2;
    o.delimiter = ';';
    o.stage_column = "Deal Stage"; /* matched ignoring case, spaces and '_' */
    salesplan_estimate *e = run_text("deal_stage;Value\n signed ;1\nno deal;2\nwon;3\ndead;4\n",
                                     &o, SALESPLAN_OK, &err);
    const salesplan_estimate_figures *f = salesplan_estimate_overall(e);
    assert_int_equal(f->won, 1);
    assert_int_equal(f->lost, 2);
    assert_int_equal(f->open, 1); /* "won" is not a won name here */
    assert_near(f->won_amount_sum, 1, TOL);
    assert_string_equal(salesplan_estimate_funnel_get(e, 1)->name, "signed");
    salesplan_estimate_free(e);
}

static void test_join_groups(void **state)
{
    (void)state;
    const char *groups[] = {"region", "agent"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 2;
    char join[1024];
    snprintf(join, sizeof join, "%s", data_path("teams.csv"));
    o.join_path = join;
    o.join_key = "agent";
    salesplan_estimate *e = run_file("by_agent.csv", &o);
    /* ann, cid -> North; bob -> South; zed has no team row */
    assert_int_equal(salesplan_estimate_info_get(e)->join_unmatched, 1);
    const salesplan_estimate_group *north = group(e, "region", "North");
    assert_int_equal(north->figures.won, 2);
    assert_near(north->figures.won_amount_mean, 200, TOL);
    assert_near(north->figures.cycle_days_mean, 7, TOL); /* 10 and 4 */
    assert_int_equal(group(e, "region", "South")->figures.lost, 1);
    assert_int_equal(group(e, "agent", "zed")->figures.won, 1);
    assert_int_equal(salesplan_estimate_group_count(e), 6);
    salesplan_estimate_free(e);
    o.join_key = "manager";
    salesplan_error err;
    assert_int_equal(salesplan_estimate_file(&e, data_path("by_agent.csv"), &o, &err),
                     SALESPLAN_EDATA);
}

/* Padded stages, dates and amounts read exactly like their trimmed forms, on
 * every row: the caches keep values as read, so a padded value seen again
 * must come back the same, a bad one must be reported again, and the date
 * range must cover it. The same export without the padding is the reference. */
static char *padded_export(int pad)
{
    static const char *const stages[] = {"Won", "Lost", "Open", "closed won"};
    static const char *const pads[][2] = {{"", ""}, {" ", ""}, {"", "  "}, {"\t", " "}};
    size_t cap = 1 << 16, w = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    w += (size_t)snprintf(t, cap, "id,stage,created,closed,amount,region\n");
    for (int i = 0; i < 600; i++) {
        const char *const *p = pads[pad ? (i / 4) % 4 : 0];
        const char *const *q = pads[pad ? (i / 3) % 4 : 0];
        char created[32], closed[32], amount[32];
        if (i % 50 == 7) /* not a date, padded like the rest */
            snprintf(created, sizeof created, "%s2021-02-30%s", q[0], q[1]);
        else if (i % 2)
            snprintf(created, sizeof created, "%s2021-03-%02d%s", q[0], 1 + i % 14, q[1]);
        else
            snprintf(created, sizeof created, "%s3/%d/2021%s", q[0], 1 + i % 14, q[1]);
        snprintf(closed, sizeof closed, "%s2021-04-%02d%s", p[0], 1 + i % 17, p[1]);
        snprintf(amount, sizeof amount, i % 3 ? "%s%d%s" : "%s%d.5%s", q[0], 100 + i % 23, q[1]);
        w += (size_t)snprintf(t + w, cap - w, "d%d,%s%s%s,%s,%s,%s,%s\n", i, p[0],
                              stages[i % 4], p[1], created, closed, amount,
                              i % 5 ? "North" : "South");
        assert_true(w < cap);
    }
    return t;
}

static void test_padded_values_read_like_trimmed(void **state)
{
    (void)state;
    salesplan_estimate_options o = by_region();
    salesplan_error err;
    char *plain = padded_export(0), *padded = padded_export(1);
    salesplan_estimate *a = run_text(plain, &o, SALESPLAN_OK, &err);
    salesplan_estimate *b = run_text(padded, &o, SALESPLAN_OK, &err);
    const salesplan_estimate_info *ia = salesplan_estimate_info_get(a);
    const salesplan_estimate_info *ib = salesplan_estimate_info_get(b);
    assert_int_equal(ia->rows, 600);
    assert_int_equal(ia->skipped, 12); /* rows 7, 57, ..., 557 */
    assert_int_equal(ib->skipped, ia->skipped);
    assert_string_equal(ia->date_from, "2021-03-01");
    assert_string_equal(ia->date_to, "2021-04-17");
    assert_string_equal(ib->date_from, ia->date_from);
    assert_string_equal(ib->date_to, ia->date_to);
    /* 588 deals: a quarter each of won, lost, open, closed won */
    const salesplan_estimate_figures *fa = salesplan_estimate_overall(a);
    assert_int_equal(fa->deals, 588);
    assert_int_equal(fa->won + fa->lost + fa->open, 588);
    assert_true(fa->won > 0 && fa->lost > 0 && fa->open > 0 && fa->cycle_count > 0);
    assert_memory_equal(salesplan_estimate_overall(b), fa, sizeof *fa);
    assert_int_equal(salesplan_estimate_group_count(b), salesplan_estimate_group_count(a));
    for (size_t i = 0; i < salesplan_estimate_group_count(a); i++) {
        const salesplan_estimate_group *ga = salesplan_estimate_group_get(a, i);
        const salesplan_estimate_group *gb = salesplan_estimate_group_get(b, i);
        assert_string_equal(ga->value, gb->value);
        assert_memory_equal(&ga->figures, &gb->figures, sizeof ga->figures);
    }
    assert_int_equal(salesplan_estimate_problem_count(b), 12);
    for (size_t i = 0; i < 12; i++) {
        const salesplan_estimate_problem *pa = salesplan_estimate_problem_get(a, i);
        const salesplan_estimate_problem *pb = salesplan_estimate_problem_get(b, i);
        assert_int_equal(pa->line, 2 + 7 + 50 * (long long)i);
        assert_int_equal(pb->line, pa->line);
        assert_string_equal(pb->message, pa->message);
    }
    salesplan_estimate_free(a);
    salesplan_estimate_free(b);
    free(plain);
    free(padded);
}

/* ---- transitions --------------------------------------------------------------- */

static void test_transitions_figures(void **state)
{
    (void)state;
    const char *order[] = {"A", "B", "C"};
    const char *groups[] = {"team"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    o.stages = order;
    o.stage_count = 3;
    o.group_columns = groups;
    o.group_count = 1;
    salesplan_estimate *e = run_file("transitions.csv", &o);
    const salesplan_estimate_figures *f = salesplan_estimate_overall(e);
    assert_int_equal(f->deals, 5);
    assert_int_equal(f->won, 1);  /* d1 */
    assert_int_equal(f->lost, 2); /* d2, d5 */
    assert_int_equal(f->open, 2); /* d3, d4: censored */
    assert_near(f->win_rate, 1.0 / 3.0, TOL);
    assert_near(f->won_amount_sum, 1000, TOL);
    assert_near(f->cycle_days_mean, 19, TOL); /* Jan 1 to Jan 20 */
    assert_int_equal(salesplan_estimate_stage_count(e), 3);
    const salesplan_estimate_stage *a = salesplan_estimate_stage_get(e, 0);
    /* A: d1..d5 entered; d1-d4 advanced (d4's rows are out of order); d5 lost */
    assert_string_equal(a->name, "A");
    assert_int_equal(a->entered, 5);
    assert_int_equal(a->advanced, 4);
    assert_int_equal(a->lost, 1);
    assert_int_equal(a->open, 0);
    assert_near(a->conversion, 0.8, TOL);
    assert_near(a->days_mean, 4, TOL);     /* 4, 2, 5, 5 */
    assert_near(a->days_median, 4.5, TOL);
    double lo, hi;
    wilson_ref(4, 5, &lo, &hi);
    assert_near(a->conversion_low, lo, TOL);
    assert_near(a->conversion_high, hi, TOL);
    const salesplan_estimate_stage *b = salesplan_estimate_stage_get(e, 1);
    assert_int_equal(b->entered, 3);
    assert_int_equal(b->advanced, 1);
    assert_int_equal(b->lost, 1);
    assert_int_equal(b->open, 1);
    assert_near(b->conversion, 0.5, TOL);
    assert_near(b->days_median, 10, TOL);
    const salesplan_estimate_stage *c = salesplan_estimate_stage_get(e, 2);
    assert_int_equal(c->entered, 2); /* d1, and d4 which skipped B */
    assert_int_equal(c->advanced, 1);
    assert_int_equal(c->open, 1);
    assert_near(c->days_mean, 5, TOL);
    /* groups: Y has no won deal, so its amounts and cycles are NaN */
    const salesplan_estimate_group *y = group(e, "team", "Y");
    assert_int_equal(y->figures.deals, 2);
    assert_int_equal(y->figures.lost, 1);
    assert_true(isnan(y->figures.won_amount_mean) && isnan(y->figures.cycle_days_median));
    assert_int_equal(group(e, "team", "X")->figures.won, 1);
    /* the funnel: A, B, C and the won stage */
    assert_int_equal(salesplan_estimate_funnel_count(e), 4);
    assert_near(salesplan_estimate_funnel_get(e, 2)->conversion, 1.0, TOL);
    assert_near(salesplan_estimate_funnel_get(e, 1)->days, 10, TOL);
    assert_string_equal(salesplan_estimate_funnel_get(e, 3)->name, "Won");
    salesplan_estimate_free(e);
}

static void test_transitions_unknown_stage_and_won_in_order(void **state)
{
    (void)state;
    const char *order[] = {"Lead", "Demo", "Closed Won"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    o.stages = order;
    o.stage_count = 3;
    salesplan_error err;
    salesplan_estimate *e = run_text("id,stage,date\n1,Lead,2024-01-01\n1,Demo,\n"
                                     "1,closed won,2024-01-09\n2,Lead,2024-01-02\n"
                                     "2,Pitch,2024-01-03\n,Lead,2024-01-01\n",
                                     &o, SALESPLAN_OK, &err);
    assert_int_equal(salesplan_estimate_info_get(e)->skipped, 2); /* Pitch, empty id */
    assert_int_equal(salesplan_estimate_stage_count(e), 2);
    const salesplan_estimate_stage *demo = salesplan_estimate_stage_get(e, 1);
    assert_int_equal(demo->advanced, 1);
    assert_true(isnan(demo->days_mean)); /* Demo has no date */
    assert_near(salesplan_estimate_stage_get(e, 0)->days_mean, 8, TOL);
    assert_string_equal(salesplan_estimate_funnel_get(e, 2)->name, "Closed Won");
    salesplan_estimate_free(e);
    const char *bad[] = {"Lead", "Lost", "Demo"};
    o.stages = bad;
    run_text("id,stage,date\n", &o, SALESPLAN_EINVAL, &err);
}

/* ---- the funnel in a plan ------------------------------------------------------- */

static void test_apply_to_plan(void **state)
{
    (void)state;
    const char *order[] = {"A", "B", "C"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    o.stages = order;
    o.stage_count = 3;
    salesplan_estimate *e = run_file("transitions.csv", &o);
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "From history", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Old", 0.5, 1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Done", NAN, 0, NULL), SALESPLAN_OK);
    salesplan_error err;
    /* the export's stages are not the plan's: refused, naming the option */
    assert_int_equal(salesplan_plan_apply_estimate(p, e, &err), SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "option `map_stage`"));
    assert_int_equal(salesplan_plan_stage_count(p), 2);
    /* a plan without stages takes the fragment as it is */
    assert_int_equal(salesplan_plan_clear_stages(p), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_apply_estimate(p, e, &err), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_stage_count(p), 4);
    assert_string_equal(slp_text_at(salesplan_plan_stage_name, p, 0), "A");
    assert_near(slp_num_at(salesplan_plan_stage_conversion, p, 0), 0.8, TOL);
    assert_near(slp_num_at(salesplan_plan_stage_days, p, 1), 10, TOL);
    assert_string_equal(slp_text_at(salesplan_plan_stage_name, p, 3), "Won");
    long long adv = 0, lost = 0;
    assert_int_equal(salesplan_plan_stage_observed(&adv, &lost, p, 0), SALESPLAN_OK);
    assert_int_equal(adv, 4);
    assert_int_equal(lost, 1);
    char *frag = NULL;
    assert_int_equal(salesplan_estimate_funnel_json(&frag, NULL, e, &err), SALESPLAN_OK);
    tj doc = tj_load(frag);
    assert_true(tj_ok(doc));
    tj st = tj_get(doc, "stages");
    assert_int_equal(tj_size(st), 4);
    assert_near(tj_num(tj_get(tj_at(st, 0), "conversion")),
                        0.8, TOL);
    assert_false(tj_ok(tj_get(tj_at(st, 3), "conversion")));
    tj_drop(doc);
    salesplan_free(frag);
    salesplan_estimate_free(e);
    /* a stage without closed history cannot go into a plan: the plan is untouched */
    salesplan_error err2;
    e = run_text("stage\nProspecting\n", NULL, SALESPLAN_OK, &err2);
    assert_int_equal(salesplan_plan_apply_estimate(p, e, &err), SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "no closed deal"));
    assert_int_equal(salesplan_plan_stage_count(p), 4);
    assert_int_equal(salesplan_plan_apply_estimate(NULL, e, &err), SALESPLAN_EINVAL);
    salesplan_estimate_free(e);
    salesplan_plan_free(p);
}

static void test_markdown(void **state)
{
    (void)state;
    salesplan_estimate *e = run_file("snapshot.csv", NULL);
    char *md = NULL;
    size_t len = 0;
    salesplan_error err;
    assert_int_equal(salesplan_estimate_render(&md, &len, e, SALESPLAN_FORMAT_MARKDOWN, &err), 0);
    assert_int_equal(strlen(md), len);
    assert_non_null(strstr(md, "| All deals | 7 | 4 | 2 | 1 | 66.7% |"));
    salesplan_free(md);
    assert_int_equal(salesplan_estimate_render(&md, &len, e, SALESPLAN_FORMAT_SVG, &err),
                     SALESPLAN_EINVAL);
    assert_null(md);
    salesplan_estimate_free(e);
}

/* ---- statistics ----------------------------------------------------------------- */

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_quantiles_match_sorting(void **state)
{
    (void)state;
    static double v[5000], w[5000];
    uint64_t s = 7;
    for (size_t n = 1; n < 5000; n = n * 3 + 1) {
        for (size_t i = 0; i < n; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            v[i] = (double)((s >> 40) % 50); /* many ties */
        }
        memcpy(w, v, n * sizeof *v);
        qsort(w, n, sizeof *w, cmp);
        double med = n % 2 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
        double h = 0.9 * (double)(n - 1);
        size_t lo = (size_t)h;
        double p90 = lo + 1 < n ? w[lo] + (h - (double)lo) * (w[lo + 1] - w[lo]) : w[lo];
        memcpy(w, v, n * sizeof *v);
        assert_near(slp_median(w, n), med, 1e-12);
        memcpy(w, v, n * sizeof *v);
        assert_near(slp_quantile(w, n, 0.9), p90, 1e-9);
        /* the same through a value set: whole values in the dense lane (mode
         * 0: it opens after SLP_MSET_DENSE_OPEN values, so group 3, which is
         * not asked for, takes that many first, and the table's values move
         * into it), that lane opened beside arrays, which give it their whole
         * values (1), and the hash table alone (2: values below 0, out of it) */
        for (int mode = 0; mode < 3; mode++) {
            double off = mode == 2 ? -100.0 : 0.0;
            slp_mset m;
            memset(&m, 0, sizeof m);
            for (uint64_t i = 0; mode == 0 && i < SLP_MSET_DENSE_OPEN; i++)
                assert_int_equal(slp_mset_add(&m, 3, 7.0), 0);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(slp_mset_add(&m, (uint32_t)(i % 2), v[i] + off), 0);
            for (int k = 0; mode == 1 && k < 80000; k++) /* distinct values force arrays */
                assert_int_equal(slp_mset_add(&m, 2, 1000.5 + k), 0);
            for (uint64_t i = 0; mode == 1 && i < SLP_MSET_DENSE_OPEN; i++)
                assert_int_equal(slp_mset_add(&m, 3, 7.0), 0);
            if (mode == 1) /* only the values that are not whole are left there */
                assert_int_equal(m.len, 80000);
            if (mode != 0 || n > SLP_MSET_BATCH) /* (a first batch is counted when full) */
                assert_int_equal(m.dense_groups > 0, mode != 2);
            if (mode == 0 && n > SLP_MSET_BATCH)
                assert_int_equal(m.distinct, 0);
            double mm[3], qq[3];
            assert_int_equal(slp_mset_stats(&m, 3, 0.9, mm, qq), 0);
            assert_int_equal(m.arrays, mode == 1);
            size_t ne = 0;
            for (size_t i = 0; i < n; i += 2)
                w[ne++] = v[i];
            qsort(w, ne, sizeof *w, cmp);
            double me = ne % 2 ? w[ne / 2] : (w[ne / 2 - 1] + w[ne / 2]) / 2;
            assert_near(mm[0], me + off, 1e-12);
            if (mode == 1)
                assert_near(mm[2], 1000.5 + 39999.5, 1e-9);
            if (n == 1)
                assert_true(isnan(mm[1]));
            slp_mset_free(&m);
        }
    }
}

/* Median and p90 of the values v[i] counted c[i] times, by sorting the pairs
 * and walking them (numpy's linear interpolation), independently of the set. */
static void weighted_stats(const double *v, const uint64_t *c, size_t n, double *med, double *p90)
{
    double *w = malloc(n * sizeof *w);
    uint64_t *cc = malloc(n * sizeof *cc);
    size_t *idx = malloc(n * sizeof *idx);
    assert_true(w && cc && idx);
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = 1; i < n; i++) /* insertion sort by value: n is small */
        for (size_t j = i; j > 0 && v[idx[j - 1]] > v[idx[j]]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        w[i] = v[idx[i]];
        cc[i] = c[idx[i]];
        total += cc[i];
    }
#define AT(k_, out_)                                                                     \
    do {                                                                                 \
        uint64_t seen_ = 0;                                                              \
        for (size_t i_ = 0; i_ < n; i_++) {                                              \
            seen_ += cc[i_];                                                             \
            if ((k_) < seen_) {                                                          \
                out_ = w[i_];                                                            \
                break;                                                                   \
            }                                                                            \
        }                                                                                \
    } while (0)
    double a = 0, b = 0;
    AT(total / 2, b);
    if (total % 2 == 0) {
        AT(total / 2 - 1, a);
        *med = (a + b) / 2;
    } else {
        *med = b;
    }
    double h = 0.9 * (double)(total - 1);
    uint64_t lo = (uint64_t)h;
    AT(lo, a);
    b = a;
    if (lo + 1 < total)
        AT(lo + 1, b);
    *p90 = a + (h - (double)lo) * (b - a);
#undef AT
    free(w);
    free(cc);
    free(idx);
}

/* Values with huge counts (a merged or deserialized state) are kept as one
 * cell each, whether the set is a hash or arrays: no limit below 2^53 values,
 * the same medians either way, and the canonical runs merge equal values. */
/* The dense lane of whole values: a full cell spills into the table, the
 * same value in both is one run, -0 is 0, and a merge moves lane rows to
 * other groups (in the lane or out of it) with every count kept. */
static void test_mset_dense_lane(void **state)
{
    (void)state;
    slp_mset a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    uint64_t want[2][4] = {{0}}; /* [group][value 0..3] */
    for (uint64_t i = 0; i < SLP_MSET_DENSE_OPEN; i++) /* group 5 opens the lane */
        assert_int_equal(slp_mset_add(&a, 5, 1.5), 0);
    for (int i = 0; i < 200; i++) {
        assert_int_equal(slp_mset_add(&a, (uint32_t)(i % 2), (double)(i / 2 % 4)), 0);
        want[i % 2][i / 2 % 4]++;
    }
    assert_int_equal(a.dense_groups, 2);
    /* the cell of value 3 of group 1 almost full: the next two spill */
    uint32_t *cell = &a.dense[((size_t)1 << SLP_MSET_DENSE_BITS) + 3];
    a.added += UINT32_MAX - 1 - *cell;
    want[1][3] += UINT32_MAX - 1 - *cell;
    *cell = UINT32_MAX - 1;
    for (int i = 0; i < 3; i++)
        assert_int_equal(slp_mset_add(&a, 1, 3.0), 0);
    want[1][3] += 3;
    assert_int_equal(slp_mset_add(&a, 0, -0.0), 0);
    want[0][0]++;
    assert_int_equal(slp_mset_add(&a, 0, 0.5), 0);        /* not whole: the table */
    assert_int_equal(slp_mset_add(&a, 0, 40000.0), 0);    /* past the lane */
    slp_mset_run *r;
    size_t n;
    assert_int_equal(slp_mset_runs(&a, &r, &n), 0);
    /* values 0..3 of two groups, 0.5 and 40000 of group 0, and group 5's 1.5 */
    assert_int_equal(n, 11);
    size_t k = 0;
    for (uint32_t g = 0; g < 2; g++)
        for (int v = 0; v < 4; v++, k++) {
            if (g == 0 && v == 1)
                k += 1; /* 0.5 sorts between 0 and 1 */
            assert_int_equal(r[k].g, g);
            assert_true(r[k].v == v);
            assert_true(r[k].n == want[g][v]);
            if (g == 0 && v == 3)
                k += 1; /* then 40000 */
        }
    assert_true(r[1].v == 0.5 && r[4 + 1].v == 40000.0);
    assert_true(r[10].g == 5 && r[10].v == 1.5 && r[10].n == SLP_MSET_DENSE_OPEN);
    slp_free(r);
    /* b opens its lane too; its groups 0 and 1 become a's 9 (a new row) and 0 */
    for (uint64_t i = 0; i < SLP_MSET_DENSE_OPEN; i++)
        assert_int_equal(slp_mset_add(&b, 1, 2.5), 0);
    for (int i = 0; i < 100; i++)
        assert_int_equal(slp_mset_add(&b, (uint32_t)(i % 2), 2.0), 0);
    assert_int_equal(b.dense_groups, 2);
    uint32_t map[2] = {9, 0};
    assert_int_equal(slp_mset_merge(&a, &b, map), 0);
    assert_int_equal(a.dense_groups, 10);
    assert_int_equal(slp_mset_runs(&a, &r, &n), 0);
    assert_int_equal(n, 13); /* and group 0's 2.5, group 9's 2 */
    assert_true(r[3].g == 0 && r[3].v == 2.0 && r[3].n == want[0][2] + 50);
    assert_true(r[4].g == 0 && r[4].v == 2.5 && r[4].n == SLP_MSET_DENSE_OPEN);
    assert_true(r[11].g == 5 && r[12].g == 9);
    assert_true(r[12].v == 2.0 && r[12].n == 50);
    slp_free(r);
    slp_mset_free(&a);
    slp_mset_free(&b);
}

/* Opening the lane moves the table's whole values into it: every allocation
 * on the way may fail (ENOMEM, nothing leaked; a state that meets it fails
 * for good), and a run without a failure keeps every count. */
static void test_mset_lane_opens_under_failures(void **state)
{
    (void)state;
    assert_int_equal(tst_alloc_install(), 0);
    tst_alloc_counts *ac = tst_alloc_state();
    long failed = 0;
    for (long k = 1; k < 100; k++) {
        ac->calls = 0;
        ac->fail_at = k;
        ac->fail_rest = 0;
        slp_mset m;
        memset(&m, 0, sizeof m);
        uint64_t want[3][51] = {{0}};
        int rc = SALESPLAN_OK;
        for (uint64_t i = 0; rc == SALESPLAN_OK && i < SLP_MSET_DENSE_OPEN + 2000; i++) {
            uint32_t g = (uint32_t)(i % 3);
            double v = i % 97 == 0 ? 0.5 : (double)(i * 7 % 50);
            rc = slp_mset_add(&m, g, v);
            want[g][v == 0.5 ? 50 : (size_t)v]++;
        }
        ac->fail_at = 0;
        if (rc != SALESPLAN_OK) {
            assert_int_equal(rc, SALESPLAN_ENOMEM);
            failed++;
            slp_mset_free(&m);
            assert_int_equal(ac->live, 0);
            continue;
        }
        assert_true(m.dense_groups == 3);
        slp_mset_run *r;
        size_t n;
        assert_int_equal(slp_mset_runs(&m, &r, &n), 0);
        size_t seen = 0;
        for (size_t i = 0; i < n; i++) {
            size_t col = r[i].v == 0.5 ? 50 : (size_t)r[i].v;
            assert_true(r[i].g < 3 && r[i].n == want[r[i].g][col]);
            seen++;
        }
        assert_int_equal(seen, 3 * 51);
        slp_free(r);
        slp_mset_free(&m);
        assert_int_equal(ac->live, 0);
        if (ac->calls < k)
            break; /* a run without a failure: every allocation was tried */
    }
    assert_true(failed >= 3); /* table, its growths, the rows, the lane's table */
    assert_int_equal(tst_alloc_restore(), 0);
}

/* The inline sum of whole numbers adds the same bits as the general one:
 * random values (whole, fractional, negative, near 2^53), from accumulators
 * whose upper limbs are about to carry. */
static void test_xsum_whole_numbers_inline(void **state)
{
    (void)state;
    uint64_t seed = 5;
    for (int trial = 0; trial < 200; trial++) {
        slp_xsum a, b;
        memset(&a, 0, sizeof a);
        if (trial % 3 == 1) /* a carry runs through limbs 17.. */
            for (size_t j = SLP_XSUM_UNIT_LIMB; j < SLP_XSUM_UNIT_LIMB + 4; j++)
                a.limb[j] = UINT64_MAX;
        if (trial % 3 == 2) /* a negative sum (two's complement) */
            slp_xsum_add_any(&a, -1e18);
        b = a;
        for (int i = 0; i < 500; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            uint64_t r = seed >> 11;
            double v = i % 5 == 4   ? (double)(r % 100000) + 0.25
                       : i % 7 == 0 ? -(double)(r % 1000)
                       : i % 11 == 0 ? 9007199254740991.0 - (double)(r % 3)
                                     : (double)(r % ((uint64_t)1 << (i % 40 + 1)));
            slp_xsum_add(&a, v);
            slp_xsum_add_any(&b, v);
        }
        assert_memory_equal(a.limb, b.limb, sizeof a.limb);
    }
}

/* A dictionary frozen into a base keeps its ids and takes new keys beside
 * it; another sits over the same base without a copy and numbers its own
 * new keys after the base, independently; keys read back through either. */
static void test_dict_overlay(void **state)
{
    (void)state;
    slp_dict a, b;
    memset(&a, 0, sizeof a);
    char key[32];
    uint32_t id;
    int added;
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "deal-%d", i);
        assert_int_equal(slp_dict_intern(&a, key, (size_t)n, slp_hash_bytes(key, (size_t)n), &id,
                                         &added),
                         SALESPLAN_OK);
        assert_int_equal(id, i);
    }
    const char *k500 = slp_dict_key(&a, 500, NULL);
    assert_int_equal(slp_dict_freeze(&a), SALESPLAN_OK);
    assert_ptr_equal(slp_dict_key(&a, 500, NULL), k500); /* the keys did not move */
    slp_dict_overlay(&b, &a);
    assert_int_equal(a.count, 1000);
    assert_int_equal(b.count, 1000);
    /* new keys in each: both number theirs from 1000 */
    for (int i = 0; i < 300; i++) {
        int n = snprintf(key, sizeof key, "new-a-%d", i);
        assert_int_equal(slp_dict_intern(&a, key, (size_t)n, slp_hash_bytes(key, (size_t)n), &id,
                                         &added),
                         SALESPLAN_OK);
        assert_true(added && id == 1000u + (uint32_t)i);
        n = snprintf(key, sizeof key, "new-b-%d", i);
        assert_int_equal(slp_dict_intern(&b, key, (size_t)n, slp_hash_bytes(key, (size_t)n), &id,
                                         &added),
                         SALESPLAN_OK);
        assert_true(added && id == 1000u + (uint32_t)i);
    }
    /* the base's keys keep their ids in both; a key of one is not in the other */
    for (int i = 0; i < 1000; i += 37) {
        int n = snprintf(key, sizeof key, "deal-%d", i);
        uint64_t h = slp_hash_bytes(key, (size_t)n);
        assert_int_equal(slp_dict_find(&a, key, (size_t)n, h), i);
        assert_int_equal(slp_dict_intern(&b, key, (size_t)n, h, &id, &added), SALESPLAN_OK);
        assert_true(!added && id == (uint32_t)i);
    }
    assert_int_equal(slp_dict_find(&b, "new-a-5", 7, slp_hash_bytes("new-a-5", 7)), SLP_NO_ID);
    size_t len;
    assert_string_equal(slp_dict_key(&a, 1005, &len), "new-a-5");
    assert_int_equal(len, 7);
    assert_string_equal(slp_dict_key(&b, 1299, NULL), "new-b-299");
    assert_string_equal(slp_dict_key(&b, 999, NULL), "deal-999");
    assert_null(slp_dict_key(&b, 1300, NULL));
    slp_dict_free(&b); /* borrowed: a's base stays */
    assert_string_equal(slp_dict_key(&a, 7, NULL), "deal-7");
    slp_dict_free(&a);
}

static void test_mset_counts_are_not_spread(void **state)
{
    (void)state;
    static const double v[] = {5.0, 1.0, 9.5, 1.0, 3.25, 7.0};
    static const uint64_t big[] = {(uint64_t)1 << 40, 3, (uint64_t)1 << 39, 5, 1, 123456789};
    static const uint64_t small[] = {(uint64_t)1 << 20, 3, (uint64_t)1 << 19, 5, 1, 123456};
    const size_t n = sizeof v / sizeof *v;
    /* mode 0: a hash whose counts outgrow 32 bits; 1: arrays from the start; 2: a hash */
    for (int mode = 0; mode < 3; mode++) {
        const uint64_t *c = mode == 2 ? small : big;
        double wm, wq;
        weighted_stats(v, c, n, &wm, &wq);
        slp_mset m;
        memset(&m, 0, sizeof m);
        /* arrays: 40000 distinct values of group 1 first */
        for (int k = 0; mode == 1 && k < 40000; k++)
            assert_int_equal(slp_mset_add(&m, 1, 1000.0 + k), SALESPLAN_OK);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(slp_mset_add_n(&m, 0, v[i], c[i]), SALESPLAN_OK);
        double mm[2], qq[2];
        assert_int_equal(slp_mset_stats(&m, 2, 0.9, mm, qq), SALESPLAN_OK);
        assert_int_equal(m.arrays, mode != 2);
        assert_true(m.arrays == 0 || m.len < 40000 + 64); /* one cell per added pair */
        assert_near(mm[0], wm, 0);
        assert_near(qq[0], wq, 1e-9 * fabs(wq));
        assert_near(mm[0], 5.0, 0); /* the fives hold the middle */
        slp_mset_run *r;
        size_t nr;
        assert_int_equal(slp_mset_runs(&m, &r, &nr), SALESPLAN_OK);
        assert_int_equal(nr, 5 + (mode == 1 ? 40000 : 0)); /* the two 1.0 cells are one run */
        assert_int_equal(r[0].g, 0);
        assert_near(r[0].v, 1.0, 0);
        assert_int_equal(r[0].n, 8);
        assert_near(r[4].v, 9.5, 0);
        assert_int_equal(r[4].n, c[2]);
        slp_free(r);
        /* 2^53 values in one set is the limit */
        assert_int_equal(slp_mset_add_n(&m, 0, 2.0, SLP_MSET_MAX_COUNT), SALESPLAN_ELIMIT);
        slp_mset_free(&m);
    }
}

/* A won deal that would push a multiset past 2^53 values fails with
 * SALESPLAN_ELIMIT and says so; only a failed allocation reads "out of memory". */
static void test_count_reports_the_mset_limit(void **state)
{
    (void)state;
    salesplan_estimate_options o = by_region();
    /* which set sits at the limit: overall amounts, per-group amounts,
     * overall cycle days, per-group cycle days */
    for (int which = 0; which < 4; which++) {
        salesplan_error err;
        slp_est_ctx x;
        assert_int_equal(slp_est_ctx_init(&x, &o, &err), SALESPLAN_OK);
        uint32_t gid[1];
        assert_int_equal(slp_est_group_intern(&x, 0, "North", 5, &gid[0]), SALESPLAN_OK);
        slp_mset *full = which == 0   ? &x.amount_all
                         : which == 1 ? &x.amount_by[0]
                         : which == 2 ? &x.cycle_all
                                      : &x.cycle_by[0];
        full->added = SLP_MSET_MAX_COUNT;
        /* open and lost deals add no values: still fine */
        assert_int_equal(slp_est_count(&x, gid, SLP_CLASS_OPEN, NAN, SLP_NO_DAY), SALESPLAN_OK);
        assert_int_equal(slp_est_count(&x, gid, SLP_CLASS_LOST, 10.0, 4), SALESPLAN_OK);
        memset(&err, 0, sizeof err);
        int rc = slp_est_count(&x, gid, SLP_CLASS_WON, 250.0, 7);
        assert_int_equal(rc, SALESPLAN_ELIMIT);
        assert_int_equal(err.code, SALESPLAN_ELIMIT);
        assert_non_null(strstr(err.message, "9007199254740992"));
        assert_null(strstr(err.message, "out of memory"));
        assert_int_equal(full->added, SLP_MSET_MAX_COUNT); /* nothing counted past it */
        slp_est_ctx_free(&x);
        salesplan_estimate_free(x.e);
    }
}

/* ---- two threads on a large file ---------------------------------------------------- */

/* ~17 MB of snapshot rows, with a bad row now and then; when `quoted_middle`,
 * a 2 MB quoted note full of line ends sits across the middle of the file. */
static char *big_export(size_t *len, int quoted_middle)
{
    size_t cap = (size_t)20 << 20, w = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    w += (size_t)sprintf(t, "id,stage,created,closed,amount,region,note\n");
    static const char *const stages[] = {"Won", "Lost", "Open", "closed won"};
    static const char *const regions[] = {"North", "South", "", "East"};
    int placed = 0;
    for (unsigned long i = 0; w < ((size_t)17 << 20); i++) {
        /* The 2 MiB quoted note runs from 7.5 MiB to 9.5 MiB, across the middle of
         * the ~17 MiB file where the two-thread split first looks for a boundary. */
        if (quoted_middle && !placed && w >= ((size_t)15 << 19)) {
            placed = 1;
            w += (size_t)sprintf(t + w, "q,Won,2024-01-01,2024-01-02,1,North,\"");
            for (int k = 0; k < (1 << 20); k++) {
                t[w++] = 'x';
                t[w++] = '\n';
            }
            w += (size_t)sprintf(t + w, "\"\n");
        }
        if (i % 50000 == 7) {
            w += (size_t)sprintf(t + w, "%lu,Won,2024-02-30,,1,North,\n", i);
            continue;
        }
        w += (size_t)sprintf(t + w, "%lu,%s,2024-%02lu-%02lu,2024-12-%02lu,%lu.%02lu,%s,n\n", i,
                             stages[i % 4], 1 + i % 11, 1 + i % 28, 1 + i % 30, i % 9973,
                             i % 100, regions[(i / 4) % 4]);
    }
    *len = w;
    return t;
}

static void same_figures(const salesplan_estimate_figures *a, const salesplan_estimate_figures *b)
{
    assert_int_equal(a->deals, b->deals);
    assert_int_equal(a->won, b->won);
    assert_int_equal(a->lost, b->lost);
    assert_int_equal(a->won_amount_count, b->won_amount_count);
    assert_int_equal(a->cycle_count, b->cycle_count);
    assert_near(a->won_amount_sum, b->won_amount_sum, 1e-9 * fabs(b->won_amount_sum));
    assert_near(a->won_amount_median, b->won_amount_median, 0);
    assert_near(a->cycle_days_mean, b->cycle_days_mean, 1e-12);
    assert_near(a->cycle_days_p90, b->cycle_days_p90, 0);
    assert_near(a->win_rate, b->win_rate, 0);
}

/* States big enough to open the value sets' dense lane (SLP_MSET_DENSE_OPEN
 * won deals in each), amounts partly past it and more groups than it has
 * rows: cut into parts, fed in chunks, one through bytes, merged in another
 * order, they finish into the one-run figures, and the won median is that
 * of the sorted amounts. */
static void test_lane_states_merge(void **state)
{
    (void)state;
    const size_t rows = 450000;
    size_t cap = rows * 64, w = 0, nwon = 0;
    char *text = malloc(cap);
    double *won = malloc(rows * sizeof *won);
    assert_non_null(text);
    assert_non_null(won);
    w += (size_t)sprintf(text, "id,stage,created,closed,amount,region\n");
    size_t cut[2] = {0, 0};
    for (size_t i = 0; i < rows; i++) {
        if (i == rows / 3 || i == 2 * rows / 3)
            cut[i == rows / 3 ? 0 : 1] = w;
        const char *stage = i % 10 < 6 ? "Won" : i % 10 < 9 ? "Lost" : "Open";
        unsigned long amount = (unsigned long)(i * 7919 % 40000), day = 1 + i % 28;
        w += (size_t)sprintf(text + w, "%zu,%s,2024-03-%02lu,2024-05-%02lu,%lu,R%02zu\n", i, stage,
                             day, 1 + (i * 7) % 28, amount, i / 10 % 40);
        if (i % 10 < 6)
            won[nwon++] = (double)amount;
    }
    const char *groups[] = {"region"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 1;
    salesplan_estimate *one = NULL, *merged = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_estimate_buffer(&one, text, w, &o, &err), SALESPLAN_OK);
    size_t head = strlen("id,stage,created,closed,amount,region\n");
    size_t from[3] = {head, cut[0], cut[1]}, to[3] = {cut[0], cut[1], w};
    salesplan_estimate_state *st[3];
    uint64_t seed = 3;
    for (int p = 0; p < 3; p++) {
        assert_int_equal(salesplan_estimate_state_create(&st[p], &o, &err), SALESPLAN_OK);
        assert_int_equal(salesplan_estimate_state_feed_csv(st[p], text, head, &err), SALESPLAN_OK);
        for (size_t at = from[p]; at < to[p];) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t n = 1 + (size_t)(seed >> 33) % 65536;
            if (n > to[p] - at)
                n = to[p] - at;
            assert_int_equal(salesplan_estimate_state_feed_csv(st[p], text + at, n, &err),
                             SALESPLAN_OK);
            at += n;
        }
        assert_int_equal(salesplan_estimate_state_feed_csv_end(st[p], &err), SALESPLAN_OK);
    }
    char *bytes = NULL;
    size_t len = 0;
    assert_int_equal(salesplan_estimate_state_serialize(&bytes, &len, st[1], &err), SALESPLAN_OK);
    salesplan_estimate_state_free(st[1]);
    assert_int_equal(salesplan_estimate_state_deserialize(&st[1], bytes, len, &err), SALESPLAN_OK);
    salesplan_free(bytes);
    assert_int_equal(salesplan_estimate_state_merge(st[2], st[0], &err), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_state_merge(st[1], st[2], &err), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_state_finish(&merged, st[1], &err), SALESPLAN_OK);
    same_figures(salesplan_estimate_overall(one), salesplan_estimate_overall(merged));
    assert_int_equal(salesplan_estimate_group_count(one), 40);
    assert_int_equal(salesplan_estimate_group_count(merged), 40);
    for (size_t i = 0; i < 40; i++) {
        assert_string_equal(salesplan_estimate_group_get(one, i)->value,
                            salesplan_estimate_group_get(merged, i)->value);
        same_figures(&salesplan_estimate_group_get(one, i)->figures,
                     &salesplan_estimate_group_get(merged, i)->figures);
    }
    qsort(won, nwon, sizeof *won, cmp);
    double median = nwon % 2 ? won[nwon / 2] : (won[nwon / 2 - 1] + won[nwon / 2]) / 2;
    assert_true(salesplan_estimate_overall(merged)->won_amount_median == median);
    for (int p = 0; p < 3; p++)
        salesplan_estimate_state_free(st[p]);
    salesplan_estimate_free(one);
    salesplan_estimate_free(merged);
    free(won);
    free(text);
}

static void test_two_threads_match_one(void **state)
{
    (void)state;
    const char *groups[] = {"region"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 1;
    o.max_reported = 100;
    for (int quoted = 0; quoted < 2; quoted++) {
        size_t len;
        char *text = big_export(&len, quoted);
        const char *path = "estimate_two_threads.csv";
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(text, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
        salesplan_estimate *one = NULL, *two = NULL;
        salesplan_error err;
        assert_int_equal(salesplan_estimate_buffer(&one, text, len, &o, &err), SALESPLAN_OK);
        o.threads = 2; /* threads only when asked for */
        assert_int_equal(salesplan_estimate_file(&two, path, &o, &err), SALESPLAN_OK);
        o.threads = 0;
        same_figures(salesplan_estimate_overall(one), salesplan_estimate_overall(two));
        assert_int_equal(salesplan_estimate_group_count(one), salesplan_estimate_group_count(two));
        for (size_t i = 0; i < salesplan_estimate_group_count(one); i++) {
            assert_string_equal(salesplan_estimate_group_get(one, i)->value,
                                salesplan_estimate_group_get(two, i)->value);
            same_figures(&salesplan_estimate_group_get(one, i)->figures,
                         &salesplan_estimate_group_get(two, i)->figures);
        }
        const salesplan_estimate_info *i1 = salesplan_estimate_info_get(one);
        const salesplan_estimate_info *i2 = salesplan_estimate_info_get(two);
        assert_int_equal(i1->rows, i2->rows);
        assert_int_equal(i1->skipped, i2->skipped);
        assert_true(i1->skipped > 4);
        assert_int_equal(i1->bytes, len);
        assert_int_equal(i2->bytes, len);
        assert_int_equal(salesplan_estimate_problem_count(one),
                         salesplan_estimate_problem_count(two));
        for (size_t i = 0; i < salesplan_estimate_problem_count(one); i++)
            assert_int_equal(salesplan_estimate_problem_get(one, i)->line,
                             salesplan_estimate_problem_get(two, i)->line);
        salesplan_estimate_free(one);
        salesplan_estimate_free(two);
        remove(path);
        free(text);
    }
}

/* ~26 MB of transitions rows written stage by stage (every Prospecting row,
 * then every Qualified row, ...), so each deal's rows are far apart and fall
 * into different parts of a split file; a bad date now and then. */
static char *big_transitions(size_t *len)
{
    size_t cap = (size_t)40 << 20, w = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    w += (size_t)sprintf(t, "deal,stage,entered,amount,region\n");
    static const char *const stages[] = {"Prospecting", "Qualified", "Proposal", "Won", "Lost"};
    static const char *const regions[] = {"North", "South", "", "East"};
    const unsigned long deals = 260000;
    for (int k = 0; k < 4; k++)
        for (unsigned long i = 0; i < deals; i++) {
            int reach = (int)(i % 5); /* 0..4: the last stage row the deal has */
            int st = k;
            if (k == 3) /* the end: won, lost, or still open */
                st = i % 3 == 0 ? 3 : i % 3 == 1 ? 4 : -1;
            else if (k > reach)
                st = -1;
            if (st < 0)
                continue;
            if (i % 40009 == 11 && k == 1) {
                w += (size_t)sprintf(t + w, "D%lu,%s,2024-02-30,,North\n", i, stages[st]);
                continue;
            }
            unsigned long day = 1 + (i * 7 + (unsigned long)k * 11) % 27;
            w += (size_t)sprintf(t + w, "D%lu,%s,2024-%02d-%02lu,%s%lu%s,%s\n", i, stages[st],
                                 3 + k * 2, day, k == 0 || k == 3 ? "" : "x", i % 977,
                                 k == 0 || k == 3 ? ".5" : "", regions[(i / 3) % 4]);
            if (w > cap - 256)
                fail_msg("transitions export larger than planned");
        }
    /* the "x" amounts above are not numbers: those rows are skipped; blank them */
    for (size_t i = 0; i < w; i++)
        if (t[i] == 'x' && t[i - 1] == ',') {
            size_t j = i;
            while (t[j] != ',')
                t[j++] = ' ';
        }
    *len = w;
    return t;
}

static char *render_json(const salesplan_estimate *e)
{
    char *json = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_estimate_render(&json, NULL, e, SALESPLAN_FORMAT_JSON, &err),
                     SALESPLAN_OK);
    return json;
}

/* Every shape splits: the transitions estimate of a file read on 2 and 3
 * threads is the one-thread estimate, byte for byte, though deals have rows
 * in every part. */
static void test_transitions_threads_match_one(void **state)
{
    (void)state;
    const char *groups[] = {"region"};
    const char *order[] = {"Prospecting", "Qualified", "Proposal"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    o.id_column = "deal";
    o.date_column = "entered";
    o.stages = order;
    o.stage_count = 3;
    o.group_columns = groups;
    o.group_count = 1;
    o.max_reported = 1000;
    size_t len;
    char *text = big_transitions(&len);
    assert_true(len > ((size_t)24 << 20)); /* three parts of at least 8 MiB */
    const char *path = "estimate_transitions_threads.csv";
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    salesplan_estimate *one = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_estimate_buffer(&one, text, len, &o, &err), SALESPLAN_OK);
    char *want = render_json(one);
    const salesplan_estimate_info *info = salesplan_estimate_info_get(one);
    assert_int_equal(salesplan_estimate_overall(one)->deals, 260000);
    assert_true(info->skipped >= 5);
    assert_true(salesplan_estimate_problem_count(one) >= 5);
    for (unsigned threads = 2; threads <= 3; threads++) {
        salesplan_estimate *many = NULL;
        o.threads = threads;
        assert_int_equal(salesplan_estimate_file(&many, path, &o, &err), SALESPLAN_OK);
        char *got = render_json(many);
        assert_string_equal(got, want);
        salesplan_free(got);
        salesplan_estimate_free(many);
    }
    salesplan_free(want);
    salesplan_estimate_free(one);
    remove(path);
    free(text);
}

/* ---- the threads option and the options version ---------------------------------- */

static void test_threads_option(void **state)
{
    (void)state;
    salesplan_estimate_options o;
    /* Version 1 (a caller built against the SOVERSION 1 header) ends before
     * `threads`: init writes no byte past it, and the library reads none. */
    memset(&o, 0xAB, sizeof o);
    assert_int_equal(salesplan_estimate_options_init(&o, 1), SALESPLAN_OK);
    assert_int_equal(o.version, 1);
    assert_int_equal(o.max_reported, 20);
    assert_int_equal(o.threads, 0xABABABABu);
    salesplan_estimate *e = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_estimate_file(&e, data_path("snapshot.csv"), &o, &err),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_overall(e)->won, 4); /* Won, Closed Won, won, Won */
    salesplan_estimate_free(e);

    /* Version 2: threads defaults to 0 (this thread only). */
    memset(&o, 0xAB, sizeof o);
    assert_int_equal(salesplan_estimate_options_init(&o, SALESPLAN_ESTIMATE_OPTIONS_VERSION),
                     SALESPLAN_OK);
    assert_int_equal(o.version, SALESPLAN_ESTIMATE_OPTIONS_VERSION);
    assert_int_equal(o.threads, 0);
    const salesplan_estimate_options init = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    assert_int_equal(init.threads, 0);
    assert_int_equal(salesplan_estimate_options_init(&o, SALESPLAN_ESTIMATE_OPTIONS_VERSION + 1),
                     SALESPLAN_EINVAL);
    /* Version 3: nothing of version 4 (the in-memory join tables) written. */
    memset(&o, 0xAB, sizeof o);
    assert_int_equal(salesplan_estimate_options_init(&o, 3), SALESPLAN_OK);
    assert_int_equal(o.version, 3);
    assert_null(o.rep_column);
    assert_true(o.join_texts != NULL); /* still the 0xAB filler: past a version-3 struct */
    /* Version 2: the defaults it documented (',' and M/D/Y), nothing of version 3 written. */
    memset(&o, 0xAB, sizeof o);
    assert_int_equal(salesplan_estimate_options_init(&o, 2), SALESPLAN_OK);
    assert_int_equal(o.delimiter, ',');
    assert_int_equal(o.date_order, SALESPLAN_DATE_MDY);
    assert_int_equal(o.allow_skips, (int)0xABABABAB);
    assert_int_equal(salesplan_estimate_options_init(&o, 0), SALESPLAN_EINVAL);

    /* Up to the maximum; one more is refused, at the option's name. */
    o = init;
    o.threads = SALESPLAN_ESTIMATE_MAX_THREADS;
    assert_int_equal(salesplan_estimate_file(&e, data_path("snapshot.csv"), &o, &err),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_overall(e)->won, 4); /* Won, Closed Won, won, Won */
    salesplan_estimate_free(e);
    o.threads = SALESPLAN_ESTIMATE_MAX_THREADS + 1;
    assert_int_equal(salesplan_estimate_file(&e, data_path("snapshot.csv"), &o, &err),
                     SALESPLAN_ELIMIT);
    assert_null(e);
    assert_string_equal(err.path, "threads");
    assert_string_equal(err.message,
                        "threads must be at most 64 (0 or 1 = the calling thread only), found 65");
    assert_int_equal(salesplan_estimate_buffer(&e, "a\n", 2, &o, &err), SALESPLAN_ELIMIT);
    /* version 1 never reads the field, whatever it holds */
    o.version = 1;
    assert_int_equal(salesplan_estimate_file(&e, data_path("snapshot.csv"), &o, &err),
                     SALESPLAN_OK);
    salesplan_estimate_free(e);
}

/* ---- allocation failures --------------------------------------------------------- */

static void test_every_allocation_failure_is_clean(void **state)
{
    (void)state;
    const char *order[] = {"A", "B", "C"};
    const char *groups[] = {"team"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    o.stages = order;
    o.stage_count = 3;
    o.group_columns = groups;
    o.group_count = 1;
    const tst_alloc_counts *c = tst_alloc_state();
    assert_int_equal(tst_alloc_install(), 0);
    long total = -1;
    for (long n = 1; total < 0 || n <= total; n++) {
        tst_alloc_fail_at(n);
        salesplan_estimate *e = NULL;
        salesplan_error err;
        int rc = salesplan_estimate_file(&e, data_path("transitions.csv"), &o, &err);
        char *json = NULL;
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_render(&json, NULL, e, SALESPLAN_FORMAT_JSON, &err);
        salesplan_free(json);
        salesplan_estimate_free(e);
        if (c->calls < n) { /* nothing failed: every allocation was counted */
            assert_int_equal(rc, SALESPLAN_OK);
            total = c->calls;
        } else {
            assert_int_equal(rc, SALESPLAN_ENOMEM);
        }
        assert_int_equal(c->live, 0);
    }
    assert_int_equal(tst_alloc_restore(), 0);
    assert_true(total > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snapshot_figures),
        cmocka_unit_test(test_no_data_is_nan),
        cmocka_unit_test(test_date_forms),
        cmocka_unit_test(test_amounts),
        cmocka_unit_test(test_malformed_rows_are_counted_and_reported),
        cmocka_unit_test(test_bad_input_fails_cleanly),
        cmocka_unit_test(test_custom_names_and_delimiter),
        cmocka_unit_test(test_join_groups),
        cmocka_unit_test(test_transitions_figures),
        cmocka_unit_test(test_transitions_unknown_stage_and_won_in_order),
        cmocka_unit_test(test_apply_to_plan),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_quantiles_match_sorting),
        cmocka_unit_test(test_mset_dense_lane),
        cmocka_unit_test(test_mset_lane_opens_under_failures),
        cmocka_unit_test(test_xsum_whole_numbers_inline),
        cmocka_unit_test(test_dict_overlay),
        cmocka_unit_test(test_mset_counts_are_not_spread),
        cmocka_unit_test(test_count_reports_the_mset_limit),
        cmocka_unit_test(test_padded_values_read_like_trimmed),
        cmocka_unit_test(test_lane_states_merge),
        cmocka_unit_test(test_two_threads_match_one),
        cmocka_unit_test(test_transitions_threads_match_one),
        cmocka_unit_test(test_threads_option),
        cmocka_unit_test(test_every_allocation_failure_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
