/* Activity yields (SPEC §12, salesplan/activities.h): a generated log and
 * deals export whose every yield is known in closed form, the split-and-merge
 * law of the accumulator (any split, merged, gives the same document), the
 * Salesforce, HubSpot and Odoo fixtures worked by hand (tests/data/activities),
 * the attribution rules at the window's edges, errors, and an
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
#include "ttext.h"

/* ---- helpers ------------------------------------------------------------------ */

static char *fixture(const char *name, size_t *len)
{
    const char *dir = getenv("SALESPLAN_TEST_DATA");
    assert_non_null(dir);
    char path[512];
    snprintf(path, sizeof path, "%s/activities/%s", dir, name);
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
    char *t = fixture("plan.json", &n);
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_load_buffer(&p, t, n, NULL), SALESPLAN_OK);
    free(t);
    return p;
}

static salesplan_activities *run_fixtures(const char *log, const char *deals,
                                          const salesplan_activities_options *o)
{
    size_t ln, dn;
    char *l = fixture(log, &ln), *d = fixture(deals, &dn);
    salesplan_activities *a = NULL;
    salesplan_error err = {0};
    salesplan_status rc = salesplan_activities_buffer(&a, l, ln, d, dn, o, &err);
    if (rc != SALESPLAN_OK)
        fail_msg("%s + %s: %s", log, deals, err.message);
    free(l);
    free(d);
    return a;
}

/* Activity called `name` (fails when absent). */
static const salesplan_activity_yield *act(const salesplan_activities *a, const char *name)
{
    for (size_t i = 0; i < salesplan_activities_count(a); i++)
        if (strcmp(salesplan_activities_get(a, i)->name, name) == 0)
            return salesplan_activities_get(a, i);
    fail_msg("no activity %s", name);
    return NULL;
}

static const salesplan_activity_yield *owner(const salesplan_activities *a, const char *name,
                                             const char *who)
{
    for (size_t i = 0; i < salesplan_activities_count(a); i++)
        if (strcmp(salesplan_activities_get(a, i)->name, name) == 0)
            for (size_t j = 0; j < salesplan_activities_owner_count(a, i); j++)
                if (strcmp(salesplan_activities_owner_get(a, i, j)->owner, who) == 0)
                    return salesplan_activities_owner_get(a, i, j);
    return NULL;
}

/* count, entries, won deals; the ratios must be exactly count / entries and count / won. */
static void check_yield(const salesplan_activity_yield *y, long long count, long long entries,
                        long long won)
{
    assert_non_null(y);
    assert_int_equal(y->count, count);
    assert_int_equal(y->entries, entries);
    assert_int_equal(y->won_deals, won);
    if (entries > 0)
        assert_true(y->per_entry == (double)count / (double)entries);
    else
        assert_true(isnan(y->per_entry));
    if (won > 0)
        assert_true(y->per_won_deal == (double)count / (double)won);
    else
        assert_true(isnan(y->per_won_deal));
}

/* ---- a generated log with known answers ----------------------------------------- */

#define NTYPES 3
#define NOWNERS 4
static const char *const gen_types[NTYPES] = {"Cold email", "Call", "Meeting"};

/* deals of owner o created in the range, and won in it */
static long long gen_created(int o) { return 4 + 3 * o; }
static long long gen_won(int o) { return 1 + o; }
/* activities of type t by owner o in the range */
static long long gen_count(int t, int o) { return (long long)(t + 1) * (o + 2) * 37 + o; }

/* Range 2026-01-10..2026-02-28 (given); rows before and after it too. */
static void generate(text *log, text *deals)
{
    add(deals, "deal_id,owner,stage,created,closed,amount\n");
    for (int o = 0; o < NOWNERS; o++) {
        for (long long k = 0; k < gen_created(o); k++)
            add(deals, "D%d-%lld,rep %d,%s,2026-01-%02lld,%s,1000\n", o, k, o,
                k < gen_won(o) ? "Closed Won" : (k % 2 ? "Closed Lost" : "Proposal"),
                10 + k % 20, k < gen_won(o) ? "2026-02-20" : (k % 2 ? "2026-02-21" : ""));
        /* out of the range: created before it, won after it */
        add(deals, "X%d,rep %d,Closed Won,2026-01-02,2026-03-03,500\n", o, o);
    }
    add(log, "date,type,owner\n");
    for (int t = 0; t < NTYPES; t++)
        for (int o = 0; o < NOWNERS; o++) {
            for (long long i = 0; i < gen_count(t, o); i++)
                add(log, "2026-%s,%s,rep %d\n",
                    i % 2 ? (char[]){"01-10"} : (char[]){"02-28"}, gen_types[t], o);
            add(log, "2026-01-09,%s,rep %d\n2026-03-01,%s,rep %d\n", gen_types[t], o,
                gen_types[t], o);
        }
    /* a row with no owner still counts for its type */
    add(log, "2026-02-01,Call,\n");
}

static void generated_options(salesplan_activities_options *o)
{
    *o = (salesplan_activities_options)SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    o->from = "2026-01-10";
    o->to = "2026-02-28";
}

static void test_generated(void **state)
{
    (void)state;
    text log = {0}, deals = {0};
    generate(&log, &deals);
    salesplan_activities_options o;
    generated_options(&o);
    salesplan_activities *a = NULL;
    salesplan_error err = {0};
    assert_int_equal(salesplan_activities_buffer(&a, log.s, log.len, deals.s, deals.len, &o, &err),
                     SALESPLAN_OK);
    long long entries = 0, won = 0;
    for (int w = 0; w < NOWNERS; w++) {
        entries += gen_created(w);
        won += gen_won(w);
    }
    assert_int_equal(salesplan_activities_count(a), NTYPES);
    for (int t = 0; t < NTYPES; t++) {
        long long total = t == 1 ? 1 : 0; /* the ownerless call */
        for (int w = 0; w < NOWNERS; w++) {
            total += gen_count(t, w);
            char who[16];
            snprintf(who, sizeof who, "rep %d", w);
            check_yield(owner(a, gen_types[t], who), gen_count(t, w), gen_created(w),
                        gen_won(w));
        }
        const salesplan_activity_yield *y = act(a, gen_types[t]);
        check_yield(y, total, entries, won);
        assert_string_equal(y->stage, "created");
        assert_int_equal(y->attributed, 0);
        assert_true(y->coverage == 0.0);
        size_t idx = 0;
        while (salesplan_activities_get(a, idx) != y)
            idx++;
        assert_int_equal(salesplan_activities_owner_count(a, idx), NOWNERS);
    }
    const salesplan_activities_info *in = salesplan_activities_info_get(a);
    assert_string_equal(in->from, "2026-01-10");
    assert_string_equal(in->to, "2026-02-28");
    long long rows = 1;
    for (int t = 0; t < NTYPES; t++)
        for (int w = 0; w < NOWNERS; w++)
            rows += gen_count(t, w) + 2;
    assert_int_equal(in->log_rows, rows);
    assert_int_equal(in->log_in_range, rows - 2 * NTYPES * NOWNERS);
    assert_int_equal(in->log_skipped, 0);
    assert_int_equal(in->deals, entries + NOWNERS);
    salesplan_activities_free(a);
    free(log.s);
    free(deals.s);
}

/* ---- split and merge ------------------------------------------------------------ */

/* The data rows of `t` (after its header) cut into `parts`, each with the header. */
static void split(const text *t, int parts, text *out)
{
    const char *body = (const char *)memchr(t->s, '\n', t->len) + 1;
    size_t hlen = (size_t)(body - t->s);
    for (int p = 0; p < parts; p++)
        add(&out[p], "%.*s", (int)hlen, t->s);
    int row = 0;
    for (const char *s = body; s < t->s + t->len; row++) {
        const char *e = memchr(s, '\n', (size_t)(t->s + t->len - s));
        size_t n = (size_t)(e - s) + 1;
        /* an uneven deal of rows: part (row * 7 / 3) % parts */
        add(&out[(row * 7 / 3) % parts], "%.*s", (int)n, s);
        s += n;
    }
}

/* A state fed (log, deals) texts (either may be empty: not fed). */
static salesplan_activity_state *read_into(const text *log, const text *deals,
                                           const salesplan_activities_options *o)
{
    salesplan_activity_state *s = NULL;
    salesplan_error err = {0};
    assert_int_equal(salesplan_activity_state_create(&s, o, &err), SALESPLAN_OK);
    if (deals->len) {
        assert_int_equal(salesplan_activity_state_feed_csv(s, SALESPLAN_INPUT_DEALS, deals->s,
                                                           deals->len, &err),
                         SALESPLAN_OK);
        assert_int_equal(salesplan_activity_state_feed_csv_end(s, SALESPLAN_INPUT_DEALS, &err),
                         SALESPLAN_OK);
    }
    if (log->len) {
        assert_int_equal(
            salesplan_activity_state_feed_csv(s, SALESPLAN_INPUT_LOG, log->s, log->len, &err),
            SALESPLAN_OK);
        assert_int_equal(salesplan_activity_state_feed_csv_end(s, SALESPLAN_INPUT_LOG, &err),
                         SALESPLAN_OK);
    }
    return s;
}

static char *finish_json(const salesplan_activity_state *s)
{
    salesplan_error err = {0};
    salesplan_activities *out = NULL;
    if (salesplan_activity_state_finish(&out, s, &err) != SALESPLAN_OK)
        fail_msg("finish: %s", err.message);
    char *doc = NULL;
    assert_int_equal(salesplan_activities_render(&doc, NULL, out, SALESPLAN_FORMAT_JSON, &err),
                     SALESPLAN_OK);
    salesplan_activities_free(out);
    return doc;
}

/* Any split of the rows of both files, fed to several states and merged
 * in any order, finishes into the same document as one state, and as the
 * buffer entry point. */
static void check_merge_law(const text *log, const text *deals,
                            const salesplan_activities_options *o)
{
    salesplan_activity_state *whole = read_into(log, deals, o);
    char *want = finish_json(whole);
    salesplan_activity_state_free(whole);
    salesplan_activities *a = NULL;
    char *direct = NULL;
    assert_int_equal(salesplan_activities_buffer(&a, log->s, log->len, deals->s, deals->len, o,
                                                 NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_activities_render(&direct, NULL, a, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    assert_string_equal(direct, want);
    salesplan_free(direct);
    salesplan_activities_free(a);
    for (int parts = 2; parts <= 4; parts++) {
        text lp[4] = {{0}}, dp[4] = {{0}};
        split(log, parts, lp);
        split(deals, parts, dp);
        salesplan_activity_state *st[4];
        for (int p = 0; p < parts; p++)
            st[p] = read_into(&lp[p], &dp[p], o);
        /* a tree: (3 into 2), then (2 into 0) and (1 into 0): last to first */
        for (int p = parts - 1; p >= 1; p--)
            assert_int_equal(salesplan_activity_state_merge(st[p - 1], st[p], NULL),
                             SALESPLAN_OK);
        char *got = finish_json(st[0]);
        assert_string_equal(got, want);
        salesplan_free(got);
        /* the other way round: 0 into the last */
        salesplan_activity_state *rev = NULL;
        assert_int_equal(salesplan_activity_state_create(&rev, o, NULL), SALESPLAN_OK);
        for (int p = parts - 1; p >= 0; p--) {
            salesplan_activity_state *one = read_into(&lp[p], &dp[p], o);
            assert_int_equal(salesplan_activity_state_merge(rev, one, NULL), SALESPLAN_OK);
            salesplan_activity_state_free(one);
        }
        got = finish_json(rev);
        assert_string_equal(got, want);
        salesplan_free(got);
        salesplan_activity_state_free(rev);
        for (int p = 0; p < parts; p++) {
            salesplan_activity_state_free(st[p]);
            free(lp[p].s);
            free(dp[p].s);
        }
    }
    salesplan_free(want);
}

static void test_merge_generated(void **state)
{
    (void)state;
    text log = {0}, deals = {0};
    generate(&log, &deals);
    salesplan_activities_options o;
    generated_options(&o);
    check_merge_law(&log, &deals, &o);
    free(log.s);
    free(deals.s);
}

static void test_merge_transitions(void **state)
{
    (void)state;
    text log = {0}, deals = {0};
    size_t n;
    log.s = fixture("hs_activities.csv", &n);
    log.len = n;
    deals.s = fixture("hs_deals.csv", &n);
    deals.len = n;
    salesplan_plan *p = plan_fixture();
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const char *ty[] = {"EMAIL"}, *ac[] = {"Cold email"};
    o.plan = p;
    o.map_types = ty;
    o.map_activities = ac;
    o.map_count = 1;
    check_merge_law(&log, &deals, &o);
    salesplan_plan_free(p);
    free(log.s);
    free(deals.s);
}

/* ---- the CRM fixtures, worked by hand -------------------------------------------- */

static void test_salesforce(void **state)
{
    (void)state;
    salesplan_activities *a = run_fixtures("sf_tasks.csv", "sf_opps.csv", NULL);
    const salesplan_activities_info *in = salesplan_activities_info_get(a);
    assert_string_equal(in->from, "2026-03-02"); /* the days both files cover */
    assert_string_equal(in->to, "2026-03-28");
    assert_int_equal(in->deals_shape, SALESPLAN_DEALS_SNAPSHOT);
    assert_string_equal(in->log_columns[1], "Task Type");
    assert_string_equal(in->log_columns[2], "Assigned");
    assert_string_equal(in->log_columns[3], "Opportunity ID");
    assert_string_equal(in->log_columns[4], "Company / Account");
    assert_int_equal(in->log_in_range, 7);
    assert_int_equal(in->attributed, 5);
    assert_true(in->coverage == 5.0 / 7.0);
    assert_int_equal(in->won_touched, 2);
    assert_int_equal(in->lost_touched, 1);
    check_yield(act(a, "Email"), 3, 4, 2);
    check_yield(act(a, "Call"), 3, 4, 2);
    check_yield(act(a, "Meeting"), 1, 4, 2);
    check_yield(owner(a, "Email", "Jane Doe"), 1, 2, 1);
    check_yield(owner(a, "Email", "Raj Patel"), 2, 2, 1);
    check_yield(owner(a, "Call", "Jane Doe"), 2, 2, 1);
    assert_null(owner(a, "Meeting", "Jane Doe")); /* her meeting is after the range */
    /* the Initech email is 6 days before its deal: attributed; Hooli and Stark are not */
    assert_int_equal(act(a, "Email")->attributed, 1);
    assert_true(act(a, "Email")->mean_per_won_deal == 0.5);
    assert_true(act(a, "Email")->mean_per_lost_deal == 0.0);
    assert_true(act(a, "Call")->mean_per_won_deal == 1.0);
    assert_true(act(a, "Call")->mean_per_lost_deal == 1.0);
    assert_true(act(a, "Meeting")->mean_per_won_deal == 0.5);
    salesplan_activities_free(a);
}

static void test_salesforce_plan(void **state)
{
    (void)state;
    salesplan_plan *p = plan_fixture();
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const char *ty[] = {"email"}, *ac[] = {"cold EMAIL"}; /* both matched ignoring case */
    o.plan = p;
    o.map_types = ty;
    o.map_activities = ac;
    o.map_count = 1;
    salesplan_activities *a = run_fixtures("sf_tasks.csv", "sf_opps.csv", &o);
    assert_int_equal(salesplan_activities_count(a), 3); /* the plan's, in its order */
    assert_string_equal(salesplan_activities_get(a, 0)->name, "Cold email");
    assert_string_equal(salesplan_activities_type(a, 0, 0), "Email");
    check_yield(act(a, "Cold email"), 3, 4, 2);
    assert_true(act(a, "Cold email")->planned_per_entry == 50.0);
    /* a snapshot does not know entries into Meeting */
    const salesplan_activity_yield *m = act(a, "Meeting");
    assert_int_equal(m->entries, -1);
    assert_true(isnan(m->per_entry));
    assert_string_equal(m->stage, "Meeting");
    assert_true(salesplan_activities_warning_count(a) >= 1);
    assert_non_null(strstr(salesplan_activities_warning(a, 0), "middle stages are null"));
    char *emit = NULL;
    assert_int_equal(salesplan_activities_emit(&emit, NULL, a, NULL), SALESPLAN_OK);
    assert_string_equal(emit,
                        "[\n"
                        "  {\"name\": \"Cold email\", \"stage\": \"Lead\", \"per_entry\": 0.75, "
                        "\"role\": \"SDR\", \"minutes\": 3},\n"
                        "  {\"name\": \"Call\", \"stage\": \"Lead\", \"per_entry\": 0.75},\n"
                        "  {\"name\": \"Meeting\", \"stage\": \"Meeting\", \"per_entry\": 2, "
                        "\"skills\": [\"demo\"]}\n"
                        "]\n");
    salesplan_free(emit);
    salesplan_activities_free(a);
    salesplan_plan_free(p);
}

static void test_hubspot_transitions(void **state)
{
    (void)state;
    salesplan_plan *p = plan_fixture();
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const char *ty[] = {"EMAIL"}, *ac[] = {"Cold email"};
    o.plan = p;
    o.map_types = ty;
    o.map_activities = ac;
    o.map_count = 1;
    salesplan_activities *a = run_fixtures("hs_activities.csv", "hs_deals.csv", &o);
    const salesplan_activities_info *in = salesplan_activities_info_get(a);
    assert_int_equal(in->deals_shape, SALESPLAN_DEALS_TRANSITIONS);
    assert_string_equal(in->from, "2026-04-01");
    assert_string_equal(in->to, "2026-04-20");
    check_yield(act(a, "Cold email"), 3, 4, 1);
    check_yield(act(a, "Call"), 1, 4, 1);
    check_yield(act(a, "Meeting"), 2, 2, 1);
    check_yield(owner(a, "Cold email", "Ann Lee"), 1, 2, 1);
    check_yield(owner(a, "Cold email", "Bo Chen"), 2, 2, 0);
    check_yield(owner(a, "Meeting", "Bo Chen"), 1, 1, 0);
    /* Northwind's email 2 days and Tailspin's 5 days before their deals: attributed */
    assert_int_equal(act(a, "Cold email")->attributed, 2);
    assert_int_equal(in->attributed, 5);
    assert_int_equal(in->won_touched, 1);
    assert_int_equal(in->lost_touched, 1);
    assert_true(act(a, "Call")->mean_per_lost_deal == 1.0);
    assert_true(act(a, "Meeting")->mean_per_won_deal == 1.0);
    assert_int_equal(salesplan_activities_warning_count(a), 0);
    salesplan_activities_free(a);
    salesplan_plan_free(p);
}

static void test_odoo(void **state)
{
    (void)state;
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    o.from = "2026-05-01";
    o.to = "2026-05-31";
    salesplan_activities *a = run_fixtures("odoo_activities.csv", "odoo_leads.csv", &o);
    const salesplan_activities_info *in = salesplan_activities_info_get(a);
    assert_string_equal(in->deals_columns[1], "stage_id");
    assert_string_equal(in->deals_columns[3], "date_closed");
    assert_string_equal(in->deals_columns[5], "user_id");
    assert_string_equal(in->log_columns[1], "activity_type_id");
    assert_string_equal(in->log_columns[3], "res_id");
    check_yield(act(a, "Email"), 2, 3, 1);
    check_yield(act(a, "Call"), 2, 3, 1);
    check_yield(act(a, "Meeting"), 1, 3, 1);
    check_yield(owner(a, "Call", "Marc Demo"), 1, 2, 0);
    assert_int_equal(in->attributed, 4);
    assert_true(act(a, "Call")->mean_per_won_deal == 1.0);
    assert_true(act(a, "Call")->mean_per_lost_deal == 1.0);
    salesplan_activities_free(a);
}

/* ---- attribution at the window's edges ------------------------------------------- */

static salesplan_activities *run_text(const char *log, const char *deals,
                                      const salesplan_activities_options *o, salesplan_error *err,
                                      salesplan_status want)
{
    salesplan_activities *a = NULL;
    salesplan_status rc =
        salesplan_activities_buffer(&a, log, strlen(log), deals, strlen(deals), o, err);
    if (rc != want)
        fail_msg("status %d, want %d: %s", (int)rc, (int)want, err ? err->message : "");
    if (rc != SALESPLAN_OK)
        salesplan_activities_free(a);
    return a;
}

static void test_attribution_window(void **state)
{
    (void)state;
    const char *deals = "id,account,owner,stage,created,closed\n"
                        "d1,Acme,A,won,2026-01-31,2026-02-10\n" /* 30 days after 01-01 */
                        "d2,Beta,A,lost,2026-02-01,2026-02-11\n" /* 31 days after */
                        "d3,Gamma,A,won,2025-12-31,2026-02-12\n" /* the day before */
                        "d4,Delta,A,open,2026-01-01,\n";         /* the same day */
    const char *log = "date,type,owner,account,deal\n"
                      "2026-01-01,email,A,Acme,\n"
                      "2026-01-01,email,A,Beta,\n"
                      "2026-01-01,email,A,Gamma,\n"
                      "2026-01-01,email,A,Delta,\n"
                      "2026-01-01,call,A,Beta,d2\n"  /* a deal id wins over the account */
                      "2026-01-01,call,A,,nope\n";   /* an id the deals file lacks */
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    o.from = "2026-01-01";
    o.to = "2026-02-28";
    salesplan_error err = {0};
    salesplan_activities *a = run_text(log, deals, &o, &err, SALESPLAN_OK);
    assert_int_equal(act(a, "email")->attributed, 2); /* Acme (+30) and Delta (+0) */
    assert_int_equal(act(a, "call")->attributed, 1);
    assert_true(act(a, "email")->coverage == 0.5);
    const salesplan_activities_info *in = salesplan_activities_info_get(a);
    assert_int_equal(in->won_touched, 1);  /* d1 */
    assert_int_equal(in->lost_touched, 1); /* d2 */
    assert_true(act(a, "email")->mean_per_won_deal == 1.0);
    assert_true(act(a, "call")->mean_per_lost_deal == 1.0);
    assert_non_null(strstr(salesplan_activities_warning(a, 0), "deal id"));
    salesplan_activities_free(a);

    o.window_days = 29; /* Acme drops out */
    a = run_text(log, deals, &o, &err, SALESPLAN_OK);
    assert_int_equal(act(a, "email")->attributed, 1);
    salesplan_activities_free(a);
    o.window_days = 31; /* Beta comes in */
    a = run_text(log, deals, &o, &err, SALESPLAN_OK);
    assert_int_equal(act(a, "email")->attributed, 3);
    salesplan_activities_free(a);
    o.window_days = 0; /* the same day only */
    a = run_text(log, deals, &o, &err, SALESPLAN_OK);
    assert_int_equal(act(a, "email")->attributed, 1);
    salesplan_activities_free(a);
}

/* ---- errors ------------------------------------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    salesplan_error err = {0};
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const char *deals = "id,owner,stage,created,closed\nd1,A,won,2026-01-02,2026-01-05\n";
    run_text("when,what\n2026-01-01,x\n", deals, &o, &err, SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "no date column found in the activities file"));
    assert_non_null(strstr(err.message, "option `date_column`"));
    assert_string_equal(err.path, "activities");
    run_text("date,type\n2026-01-01,x\n", "id,owner,stage\nd1,A,won\n", &o, &err,
             SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "neither created and closed dates"));
    /* the files cover no common day */
    run_text("date,type\n2025-01-01,x\n", deals, &o, &err, SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "the range is empty"));
    /* a map naming no plan activity */
    salesplan_plan *p = plan_fixture();
    const char *ty[] = {"x"}, *ac[] = {"Carrier pigeon"};
    o.plan = p;
    o.map_types = ty;
    o.map_activities = ac;
    o.map_count = 1;
    run_text("date,type\n2026-01-02,x\n", deals, &o, &err, SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "'Carrier pigeon' is not an activity of the plan"));
    salesplan_plan_free(p);
    o = (salesplan_activities_options)SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    o.window_days = -1;
    run_text("date,type\n", deals, &o, &err, SALESPLAN_EINVAL);
    o.window_days = 30;
    o.from = "2026-13-01";
    run_text("date,type\n2026-01-02,x\n", deals, &o, &err, SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "option `from`"));
    /* malformed rows are skipped and named; unmapped types with a plan are warned */
    o = (salesplan_activities_options)SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    salesplan_activities *a = run_text(
        "date,type,owner\n2026-01-02,x,A\nnot a date,x,A\n2026-01-03,x\n2026-01-04,,A\n"
        "2026-01-04,\xff\xfe,A\n2026-01-04,x,\xc3\n",
        deals, &o, &err, SALESPLAN_OK);
    assert_int_equal(salesplan_activities_info_get(a)->log_skipped, 5);
    assert_int_equal(act(a, "x")->count, 1);
    assert_non_null(strstr(salesplan_activities_warning(a, 0), "activities line 3 skipped"));
    salesplan_activities_free(a);
    assert_int_equal(salesplan_activities_options_init(NULL, 1), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_activities_options_init(&o, 99), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_activities_options_init(&o, SALESPLAN_ACTIVITIES_OPTIONS_VERSION),
                     SALESPLAN_OK);
    assert_int_equal(o.window_days, 30);
    assert_null(salesplan_activities_get(NULL, 0));
    assert_int_equal(salesplan_activities_count(NULL), 0);
    char *t = NULL;
    assert_int_equal(salesplan_activities_render(&t, NULL, NULL, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_EINVAL);
}

/* ---- json_call ------------------------------------------------------------------- */

/* The "activities" operation replies with the bytes salesplan_activities_render writes. */
static void test_json_call(void **state)
{
    (void)state;
    const char *req =
        "{\"op\": \"activities\", \"log\": \"date,type,owner,deal\\n2026-01-02,call,A,d1\\n"
        "2026-01-03,email,B,\\n\", \"deals\": \"id,owner,stage,created,closed\\n"
        "d1,A,won,2026-01-02,2026-01-05\\nd2,B,open,2026-01-03,\\n\", "
        "\"options\": {\"map\": {\"email\": \"Cold email\"}, \"window_days\": 7, "
        "\"from\": \"2026-01-01\", \"threads\": 2}, \"format\": \"json\"}";
    char *got = salesplan_json_call(req, strlen(req)); /* text: threads read on this one */
    assert_non_null(got);
    const char *log = "date,type,owner,deal\n2026-01-02,call,A,d1\n2026-01-03,email,B,\n";
    const char *deals = "id,owner,stage,created,closed\nd1,A,won,2026-01-02,2026-01-05\n"
                        "d2,B,open,2026-01-03,\n";
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const char *ty[] = {"email"}, *ac[] = {"Cold email"};
    o.map_types = ty;
    o.map_activities = ac;
    o.map_count = 1;
    o.window_days = 7;
    o.from = "2026-01-01";
    salesplan_activities *a = run_text(log, deals, &o, NULL, SALESPLAN_OK);
    char *want = NULL;
    assert_int_equal(salesplan_activities_render(&want, NULL, a, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    assert_string_equal(got, want);
    assert_non_null(strstr(got, "\"name\": \"Cold email\""));
    assert_non_null(strstr(got, "\"window_days\": 7"));
    salesplan_free(got);
    salesplan_free(want);
    salesplan_activities_free(a);
    const char *bad = "{\"op\": \"activities\", \"log\": \"date,type\\n\", "
                      "\"deals\": \"x\\n\", \"options\": {\"colour\": 1}}";
    got = salesplan_json_call(bad, strlen(bad));
    assert_non_null(strstr(got, "options.colour"));
    salesplan_free(got);
    bad = "{\"op\": \"activities\", \"log\": \"date,type\\n\", "
          "\"deals\": \"x\\n\", \"options\": {\"threads\": 65}}";
    got = salesplan_json_call(bad, strlen(bad));
    assert_non_null(strstr(got, "must be at most 64"));
    assert_non_null(strstr(got, "\"status\": \"size limit exceeded\""));
    salesplan_free(got);
    bad = "{\"op\": \"activities\", \"deals\": \"x\\n\"}";
    got = salesplan_json_call(bad, strlen(bad));
    assert_non_null(strstr(got, "activity log"));
    salesplan_free(got);
}

/* ---- allocation failures ----------------------------------------------------------- */

typedef struct alloc_ctx {
    char *log, *deals, *plan;
    size_t log_len, deals_len, plan_len;
} alloc_ctx;

static int alloc_once(void *vc)
{
    alloc_ctx *c = vc;
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const char *ty[] = {"EMAIL"}, *ac[] = {"Cold email"};
    salesplan_plan *p = NULL;
    int rc = salesplan_plan_load_buffer(&p, c->plan, c->plan_len, NULL);
    if (rc != SALESPLAN_OK)
        return rc;
    o.plan = p;
    o.map_types = ty;
    o.map_activities = ac;
    o.map_count = 1;
    salesplan_activities *a = NULL;
    salesplan_error err = {0};
    rc = salesplan_activities_buffer(&a, c->log, c->log_len, c->deals, c->deals_len, &o, &err);
    if (rc != SALESPLAN_OK && rc != SALESPLAN_ENOMEM)
        print_message("unexpected: %s\n", err.message);
    salesplan_plan_free(p);
    if (rc != SALESPLAN_OK)
        return rc;
    char *t = NULL;
    rc = salesplan_activities_render(&t, NULL, a, SALESPLAN_FORMAT_MARKDOWN, NULL);
    salesplan_free(t);
    if (rc == SALESPLAN_OK) {
        rc = salesplan_activities_emit(&t, NULL, a, NULL);
        salesplan_free(t);
    }
    salesplan_activities_free(a);
    return rc;
}

static void test_alloc_failures(void **state)
{
    (void)state;
    alloc_ctx c;
    c.log = fixture("hs_activities.csv", &c.log_len);
    c.deals = fixture("hs_deals.csv", &c.deals_len);
    c.plan = fixture("plan.json", &c.plan_len);
    assert_true(tst_alloc_until_success(alloc_once, &c, 100000) > 20);
    free(c.plan);
    free(c.log);
    free(c.deals);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_merge_generated),
        cmocka_unit_test(test_merge_transitions),
        cmocka_unit_test(test_salesforce),
        cmocka_unit_test(test_salesforce_plan),
        cmocka_unit_test(test_hubspot_transitions),
        cmocka_unit_test(test_odoo),
        cmocka_unit_test(test_attribution_window),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_json_call),
        TST_ALLOC_TEST(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
