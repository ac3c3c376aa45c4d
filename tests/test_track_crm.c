/* Actuals straight from CRM exports (SPEC §11, salesplan_actuals_from_csv):
 * hand-worked figures from small exports (tests/data/track), the CSV route
 * equal to the actuals-document route for the same data, the precise errors
 * of the "Bad input" paragraph of issue 12, the skipped-row report, and an
 * allocation-failure loop. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "salesplan.h"
#include "test_alloc.h"

#define assert_double_equal(got, want, tol) near((got), (want), (tol), #got, __LINE__)
static void near(double got, double want, double tol, const char *what, int line)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("line %d: %s = %.17g, want %.17g (tol %g)", line, what, got, want, tol);
}

/* tests/data/track/NAME, whole, NUL-terminated (free with free()). */
static char *fixture(const char *name, size_t *len)
{
    const char *dir = getenv("SALESPLAN_TEST_DATA");
    assert_non_null(dir);
    char path[512];
    snprintf(path, sizeof path, "%s/track/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static salesplan_plan *plan_fixture(void)
{
    size_t n;
    char *text = fixture("plan.json", &n);
    salesplan_plan *p = NULL;
    salesplan_error e;
    if (salesplan_plan_load_buffer(&p, text, n, &e) != SALESPLAN_OK)
        fail_msg("plan: %s", e.message);
    free(text);
    return p;
}

/* Actuals from two fixtures (activities may be NULL). */
static salesplan_status from_csv(salesplan_actuals **out, const salesplan_plan *p,
                                 const char *deals, const char *acts,
                                 const salesplan_actuals_csv_options *o, salesplan_error *e)
{
    size_t dn = 0, an = 0;
    char *d = fixture(deals, &dn), *a = acts ? fixture(acts, &an) : NULL;
    salesplan_status rc = salesplan_actuals_from_csv(out, p, d, dn, a, an, o, e);
    free(d);
    free(a);
    return rc;
}

static size_t count_warnings(const salesplan_tracking *t, const char *code, const char *path)
{
    size_t n = 0;
    for (size_t i = 0; i < salesplan_tracking_warning_count(t); i++) {
        const salesplan_warning *w = salesplan_tracking_warning(t, i);
        if (strcmp(w->code, code) == 0 && (!path || strcmp(w->path, path) == 0))
            n++;
    }
    return n;
}

static const char *warning_message(const salesplan_tracking *t, const char *code,
                                   const char *path)
{
    for (size_t i = 0; i < salesplan_tracking_warning_count(t); i++) {
        const salesplan_warning *w = salesplan_tracking_warning(t, i);
        if (strcmp(w->code, code) == 0 && strcmp(w->path, path) == 0)
            return w->message;
    }
    fail_msg("no warning %s at %s", code, path);
    return NULL;
}

/* deals_messy.csv as of 2026-06-03 (see the file; plan: tests/data/track/plan.json):
 * bookings: a (Ann 6000, 06-01) and d (Zoe, not a rep: 1500, team only);
 * skipped: lines 3 (amount abc), 4 (no closed date), 6 (amount -5), 9 (5
 * fields), 10 (id a again), 15 (date 13/40/2026); f won 06-05 and l lost
 * 06-04 are after the as-of day; k won 05-31 is history; g's stage
 * Negotiation is unknown; pipeline: i (Zoe, Opp) and j (Bob, Prop). */
static void test_hand_worked(void **state)
{
    (void)state;
    salesplan_plan *p = plan_fixture();
    salesplan_actuals_csv_options o = SALESPLAN_ACTUALS_CSV_OPTIONS_INIT;
    o.as_of = "2026-06-03";
    salesplan_actuals *a = NULL;
    salesplan_error e;
    assert_int_equal(from_csv(&a, p, "deals_messy.csv", "activities_messy.csv", &o, &e),
                     SALESPLAN_OK);
    assert_string_equal(salesplan_actuals_as_of(a), "2026-06-03");
    salesplan_tracking *t = NULL;
    assert_int_equal(salesplan_track(&t, p, a, NULL, &e), SALESPLAN_OK);
    const salesplan_tracking_summary *s = salesplan_tracking_summary_get(t);
    assert_double_equal(s->booked, 7500.0, 0.0);
    /* team pipeline: 1 Opp (P = 0.4) + 1 Prop (P = 0.8): E' = 1.2 deals of 10000 */
    assert_double_equal(s->projected_from_pipeline, 7500.0 + 12000.0, 1e-9);
    const salesplan_tracking_rep *ann = salesplan_tracking_rep_get(t, 0);
    const salesplan_tracking_rep *bob = salesplan_tracking_rep_get(t, 1);
    const salesplan_tracking_rep *sid = salesplan_tracking_rep_get(t, 2);
    assert_double_equal(ann->booked, 6000.0, 0.0);
    assert_double_equal(bob->booked, 0.0, 0.0);
    /* Ann: remaining 33333.33 - 6000 = 27333.33 = 2.733 deals, no pipeline of her own: 3 */
    assert_double_equal(ann->deals_needed, 3.0, 0.0);
    /* Bob: 16666.67 = 1.667 deals, his Prop deal is worth 0.8: ceil(0.867) = 1 */
    assert_double_equal(bob->deals_needed, 1.0, 0.0);
    /* activities: Calls by Ann on 06-01 (06-04 is after as_of, 'yesterday' is
     * skipped); Posts by Zoe (team only); Emails is not a plan activity */
    assert_double_equal(salesplan_tracking_activity_get(t, 0)->done_to_date, 1.0, 0.0);
    assert_double_equal(salesplan_tracking_activity_get(t, 1)->done_to_date, 1.0, 0.0);
    assert_double_equal(ann->activities[0].done_to_date, 1.0, 0.0);
    assert_double_equal(sid->activities[0].done_to_date, 0.0, 0.0);

    static const char *const skipped[] = {"deals line 3",  "deals line 4",  "deals line 6",
                                          "deals line 9",  "deals line 10", "deals line 15",
                                          "activities line 5", "activities line 8"};
    for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++)
        assert_int_equal(count_warnings(t, "row_skipped", skipped[i]), 1);
    assert_int_equal(count_warnings(t, "row_skipped", NULL), 8);
    assert_non_null(strstr(warning_message(t, "row_skipped", "deals line 10"),
                           "deal id 'a' appears again (first on line 2)"));
    assert_non_null(strstr(warning_message(t, "unknown_stage", "deals"), "'Negotiation'"));
    assert_non_null(strstr(warning_message(t, "unknown_owner", "deals"),
                           "'Zoe' is not a rep of the plan: its 2 deal(s) (1500.00 USD booked)"));
    assert_non_null(strstr(warning_message(t, "export_after_as_of", "deals"),
                           "1 won and 1 lost deal(s) closed after it"));
    assert_non_null(strstr(warning_message(t, "unknown_activity", "activities"),
                           "'Emails' is not an activity of the plan: its 2 row(s)"));
    assert_int_equal(count_warnings(t, "unknown_owner", "activities"), 1);
    assert_int_equal(count_warnings(t, "booking_no_rep", "bookings"), 1);
    salesplan_tracking_free(t);
    salesplan_actuals_free(a);
    salesplan_plan_free(p);
}

static char *render(const salesplan_plan *p, const salesplan_actuals *a)
{
    salesplan_tracking *t = NULL;
    char *text = NULL;
    salesplan_error e;
    if (salesplan_track(&t, p, a, NULL, &e) != SALESPLAN_OK)
        fail_msg("track: %s", e.message);
    assert_int_equal(salesplan_tracking_render(&text, NULL, t, SALESPLAN_FORMAT_JSON, &e),
                     SALESPLAN_OK);
    salesplan_tracking_free(t);
    return text;
}

/* deals.csv + activities.csv hold exactly what actuals.json says: the two
 * routes give the same document, byte for byte. */
static void test_csv_equals_document(void **state)
{
    (void)state;
    salesplan_plan *p = plan_fixture();
    salesplan_actuals_csv_options o = SALESPLAN_ACTUALS_CSV_OPTIONS_INIT;
    o.as_of = "2026-06-03";
    o.stage_map = "Proposal = Prop";
    salesplan_actuals *csv = NULL, *doc = NULL;
    salesplan_error e;
    assert_int_equal(from_csv(&csv, p, "deals.csv", "activities.csv", &o, &e), SALESPLAN_OK);
    size_t n;
    char *text = fixture("actuals.json", &n);
    assert_int_equal(salesplan_actuals_load_buffer(&doc, p, text, n, &e), SALESPLAN_OK);
    free(text);
    char *a = render(p, csv), *b = render(p, doc);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "\"booked\": 20000,"));
    salesplan_free(a);
    salesplan_free(b);
    /* the as-of day of CSV actuals is fixed: the rows were chosen by it */
    assert_int_equal(salesplan_actuals_set_as_of(csv, "2026-06-03", &e), SALESPLAN_OK);
    assert_int_equal(salesplan_actuals_set_as_of(csv, "2026-06-05", &e), SALESPLAN_EINVAL);
    assert_string_equal(e.path, "as_of");
    assert_int_equal(salesplan_actuals_set_as_of(doc, "2026-06-05", &e), SALESPLAN_OK);
    salesplan_actuals_free(csv);
    salesplan_actuals_free(doc);
    salesplan_plan_free(p);
}

static void expect_error(const salesplan_plan *p, const char *deals, const char *acts,
                         const salesplan_actuals_csv_options *o, salesplan_status want,
                         const char *path, long line, const char *words)
{
    salesplan_actuals *a = (salesplan_actuals *)1;
    salesplan_error e;
    salesplan_status rc = salesplan_actuals_from_csv(&a, p, deals, deals ? strlen(deals) : 0,
                                                     acts, acts ? strlen(acts) : 0, o, &e);
    if (rc != want || strcmp(e.path, path) != 0 || e.line != line || !strstr(e.message, words))
        fail_msg("got %d %s:%ld %s; want %d %s:%ld ...%s...", rc, e.path, e.line, e.message, want,
                 path, line, words);
    assert_null(a);
}

static void test_errors(void **state)
{
    (void)state;
    salesplan_plan *p = plan_fixture();
    salesplan_actuals_csv_options o = SALESPLAN_ACTUALS_CSV_OPTIONS_INIT;
    o.as_of = "2026-06-03";
    const char *deals = "id,stage,closed,amount,owner\na,Won,2026-06-01,10,Ann\n";
    /* per-rep figures need the owner: the plan has reps */
    expect_error(p, "id,stage,closed,amount\na,Won,2026-06-01,10\n", NULL, &o, SALESPLAN_EDATA,
                 "deals", 1, "no owner column found: the plan has reps");
    expect_error(p, deals, "date,type\n2026-06-01,Calls\n", &o, SALESPLAN_EDATA, "activities", 1,
                 "no owner column found");
    expect_error(p, "id,stage,owner\na,Won,Ann\n", NULL, &o, SALESPLAN_EDATA, "deals", 1,
                 "no closed date column found");
    expect_error(p, deals, "when,type,owner\n2026-06-01,Calls,Ann\n", &o, SALESPLAN_EDATA,
                 "activities", 1, "no date column found");
    expect_error(p, "", NULL, &o, SALESPLAN_EDATA, "deals", 0, "empty");
    expect_error(p, "id,stage,closed,amount,owner\n\"a,Won\n", NULL, &o, SALESPLAN_ESYNTAX,
                 "deals", 2, "");
    salesplan_actuals_csv_options bad = o;
    bad.owner_column = "Rep";
    expect_error(p, deals, NULL, &bad, SALESPLAN_EDATA, "deals", 1,
                 "owner column 'Rep' is not in the header (id, stage, closed, amount, owner)");
    bad = o;
    bad.stage_map = "Proposal=Nope";
    expect_error(p, deals, NULL, &bad, SALESPLAN_EDATA, "stage_map", 0,
                 "the plan has no stage named \"Nope\"");
    bad.stage_map = "Proposal";
    expect_error(p, deals, NULL, &bad, SALESPLAN_EINVAL, "stage_map", 0, "CRM=PLAN");
    bad = o;
    bad.as_of = "2026-07-01";
    expect_error(p, deals, NULL, &bad, SALESPLAN_ERANGE, "as_of", 0,
                 "must be a day of the period, 2026-06-01 to 2026-06-14");
    bad.as_of = NULL;
    expect_error(p, deals, NULL, &bad, SALESPLAN_EINVAL, "as_of", 0, "required");
    bad = o;
    bad.version = 99;
    expect_error(p, deals, NULL, &bad, SALESPLAN_EINVAL, "", 0, "version");
    expect_error(p, NULL, NULL, NULL, SALESPLAN_EINVAL, "", 0, "");
    salesplan_plan_free(p);

    /* a plan without reps asks for no per-rep figure: no owner column needed */
    salesplan_plan *q = NULL;
    const char *plan = "{\"salesplan\": 1, \"name\": \"Solo\", \"period\": {\"start\": "
                       "\"2026-06-01\", \"days\": 14}, \"target\": {\"revenue\": 50000}, "
                       "\"deal\": {\"average_size\": 10000}, \"funnel\": {\"stages\": "
                       "[{\"name\": \"Opp\", \"conversion\": 0.5}, {\"name\": \"Won\"}]}}";
    assert_int_equal(salesplan_plan_load_buffer(&q, plan, strlen(plan), NULL), SALESPLAN_OK);
    salesplan_actuals *a = NULL;
    const char *d2 = "stage,closed,amount\nWon,2026-06-02,2500\nOpp,,\n";
    assert_int_equal(salesplan_actuals_from_csv(&a, q, d2, strlen(d2), NULL, 0, &o, NULL),
                     SALESPLAN_OK);
    salesplan_tracking *t = NULL;
    assert_int_equal(salesplan_track(&t, q, a, NULL, NULL), SALESPLAN_OK);
    assert_double_equal(salesplan_tracking_summary_get(t)->booked, 2500.0, 0.0);
    /* one Opp deal at P = 0.5 */
    assert_double_equal(salesplan_tracking_summary_get(t)->projected_from_pipeline, 7500.0, 1e-9);
    salesplan_tracking_free(t);
    salesplan_actuals_free(a);
    salesplan_plan_free(q);
}

/* More malformed rows than are listed: the first 20 by line, then a count. */
static void test_skip_report(void **state)
{
    (void)state;
    salesplan_plan *p = plan_fixture();
    char buf[4096] = "id,stage,closed,amount,owner\n";
    for (int i = 0; i < 25; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "x%d,Won,2026-06-02,oops,Ann\n", i);
    strcat(buf, "ok,Won,2026-06-02,100,Ann\n");
    salesplan_actuals_csv_options o = SALESPLAN_ACTUALS_CSV_OPTIONS_INIT;
    o.as_of = "2026-06-03";
    salesplan_actuals *a = NULL;
    assert_int_equal(salesplan_actuals_from_csv(&a, p, buf, strlen(buf), NULL, 0, &o, NULL),
                     SALESPLAN_OK);
    salesplan_tracking *t = NULL;
    assert_int_equal(salesplan_track(&t, p, a, NULL, NULL), SALESPLAN_OK);
    assert_double_equal(salesplan_tracking_summary_get(t)->booked, 100.0, 0.0);
    assert_int_equal(count_warnings(t, "row_skipped", NULL), 20);
    assert_int_equal(count_warnings(t, "row_skipped", "deals line 21"), 1);
    assert_int_equal(count_warnings(t, "row_skipped", "deals line 22"), 0);
    assert_non_null(strstr(warning_message(t, "rows_skipped", "deals"),
                           "25 rows of the deals export were skipped; the first 20 are listed"));
    salesplan_tracking_free(t);
    salesplan_actuals_free(a);
    salesplan_plan_free(p);
}

typedef struct alloc_ctx {
    char *plan, *deals, *acts;
    size_t plan_len, deals_len, acts_len;
} alloc_ctx;

static int csv_once(void *vctx)
{
    alloc_ctx *c = vctx;
    long saved = tst_alloc_pause();
    salesplan_plan *plan = NULL;
    salesplan_plan_load_buffer(&plan, c->plan, c->plan_len, NULL);
    tst_alloc_resume(saved);
    salesplan_actuals_csv_options o = SALESPLAN_ACTUALS_CSV_OPTIONS_INIT;
    o.as_of = "2026-06-03";
    o.stage_map = "Proposal=Prop";
    salesplan_actuals *a = NULL;
    salesplan_tracking *t = NULL;
    int rc = salesplan_actuals_from_csv(&a, plan, c->deals, c->deals_len, c->acts, c->acts_len,
                                        &o, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_track(&t, plan, a, NULL, NULL);
    salesplan_tracking_free(t);
    salesplan_actuals_free(a);
    salesplan_plan_free(plan);
    return rc;
}

static void test_alloc_failures(void **state)
{
    (void)state;
    alloc_ctx c;
    c.plan = fixture("plan.json", &c.plan_len);
    c.deals = fixture("deals_messy.csv", &c.deals_len);
    c.acts = fixture("activities_messy.csv", &c.acts_len);
    assert_true(tst_alloc_until_success(csv_once, &c, 100000) > 10);
    free(c.plan);
    free(c.deals);
    free(c.acts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_csv_equals_document),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_skip_report),
        TST_ALLOC_TEST(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
