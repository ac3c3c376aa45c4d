/* The mergeable activity state (salesplan/activity_state.h): the merge law on
 * random splits of both inputs fed in random chunk sizes or as records,
 * through bytes and merged in random orders and tree shapes, against the
 * one-shot buffer entry point; records against CSV; corrupt and truncated
 * bytes refused; misuse refused; an allocation-failure loop over every step. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "salesplan.h"
#include "test_alloc.h"
#include "ttext.h"

/* ---- helpers ------------------------------------------------------------------ */

/* splitmix64: the test's own random numbers */
static uint64_t rnd_state = 12345;
static uint64_t rnd(void)
{
    uint64_t z = (rnd_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static int below(int n) { return (int)(rnd() % (uint64_t)n); }

static void day_text(char buf[16], int day_of_2026) /* 0 = 2026-01-01, < 90 */
{
    static const int mdays[] = {31, 28, 31};
    int m = 0;
    while (day_of_2026 >= mdays[m]) {
        day_of_2026 -= mdays[m];
        m++;
    }
    snprintf(buf, 16, "2026-%02d-%02d", (m + 1) % 100, (day_of_2026 + 1) % 100);
}

/* A snapshot export and a log: deal ids, accounts, owners (some empty), a few
 * deals without an id, log rows linked by deal id, by account or not at all. */
static void generate_snapshot(text *log, text *deals, int ndeals, int nlog)
{
    static const char *const stage[] = {"Closed Won", "Closed Lost", "Proposal", "Qualify"};
    static const char *const type[] = {"Cold email", "Call", "Meeting", "Demo", "LinkedIn"};
    add(deals, "Opportunity ID,Account Name,Owner,Stage,Created Date,Close Date\n");
    for (int d = 0; d < ndeals; d++) {
        char c[16], z[16];
        int created = below(60), st = below(4);
        day_text(c, created);
        day_text(z, created + 1 + below(29));
        if (d % 50 == 7)
            add(deals, ",Acct %d,Rep %d,%s,%s,%s\n", below(40), below(5), stage[st], c,
                st < 2 ? z : "");
        else
            add(deals, "D%d,Acct %d,%s,%s,%s,%s\n", d, below(40),
                d % 13 == 0 ? "" : (char[]){'R', 'e', 'p', ' ', (char)('0' + below(5)), 0},
                stage[st], c, st < 2 ? z : "");
    }
    add(log, "Date,Type,Assigned To,Opportunity ID,Company\n");
    for (int i = 0; i < nlog; i++) {
        char day[16];
        day_text(day, below(90));
        int link = below(3);
        add(log, "%s,%s,Rep %d,", day, type[below(5)], below(5));
        if (link == 0)
            add(log, "D%d,\n", below(ndeals + 20)); /* some ids name no deal */
        else if (link == 1)
            add(log, ",Acct %d\n", below(45));
        else
            add(log, ",\n");
    }
}

/* A transitions export (numeric deal ids, one row per stage entered) and a log. */
static void generate_transitions(text *log, text *deals, int ndeals, int nlog)
{
    static const char *const funnel[] = {"Lead", "Meeting", "Proposal"};
    add(deals, "Record ID,Deal Stage,Stage Date,Deal owner,Associated Company\n");
    for (int d = 0; d < ndeals; d++) {
        int day = below(50), steps = 1 + below(3), who = below(4), acct = below(30);
        char t[16];
        for (int k = 0; k < steps; k++, day += 1 + below(5)) {
            day_text(t, day);
            /* the owner changes on the way now and then; a tie on one day too */
            add(deals, "%d,%s,%s,Rep %d,Acct %d\n", 5000 + d, funnel[k], t,
                k == 2 && d % 5 == 0 ? who + 1 : who, acct);
            if (d % 7 == 0 && k == 0)
                add(deals, "%d,%s,%s,Rep 9,Acct %d\n", 5000 + d, funnel[k], t, acct + 1);
        }
        if (below(2)) {
            day_text(t, day);
            add(deals, "%d,%s,%s,Rep %d,Acct %d\n", 5000 + d, below(2) ? "Closed won" : "Closed lost",
                t, who, acct);
        }
    }
    add(log, "Activity date,Activity type,Activity assigned to,Associated Deal IDs,Associated Company\n");
    for (int i = 0; i < nlog; i++) {
        char day[16];
        day_text(day, below(80));
        add(log, "%s 09:%02d,%s,Rep %d,", day, below(60), below(2) ? "EMAIL" : "CALL", below(4));
        if (below(2))
            add(log, "%d,\n", 5000 + below(ndeals));
        else
            add(log, ",Acct %d\n", below(30));
    }
}

/* The rows of `t` (after its header) dealt at random into `parts`, each with the header. */
static void split_rows(const text *t, int parts, text *out)
{
    const char *body = (const char *)memchr(t->s, '\n', t->len) + 1;
    for (int p = 0; p < parts; p++)
        add(&out[p], "%.*s", (int)(body - t->s), t->s);
    for (const char *s = body; s < t->s + t->len;) {
        const char *e = memchr(s, '\n', (size_t)(t->s + t->len - s));
        size_t n = (size_t)(e - s) + 1;
        add(&out[below(parts)], "%.*s", (int)n, s);
        s += n;
    }
}

static void free_parts(text *t, int parts)
{
    while (parts-- > 0)
        free(t[parts].s);
}

static char *render(const salesplan_activities *a)
{
    char *doc = NULL;
    assert_int_equal(salesplan_activities_render(&doc, NULL, a, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    return doc;
}

static char *one_shot(const text *log, const text *deals, const salesplan_activities_options *o)
{
    salesplan_activities *a = NULL;
    salesplan_error err = {0};
    if (salesplan_activities_buffer(&a, log->s, log->len, deals->s, deals->len, o, &err) !=
        SALESPLAN_OK)
        fail_msg("one shot: %s", err.message);
    char *doc = render(a);
    salesplan_activities_free(a);
    return doc;
}

static char *finish(const salesplan_activity_state *s)
{
    salesplan_activities *a = NULL;
    salesplan_error err = {0};
    if (salesplan_activity_state_finish(&a, s, &err) != SALESPLAN_OK)
        fail_msg("finish: %s", err.message);
    char *doc = render(a);
    salesplan_activities_free(a);
    return doc;
}

/* CSV text fed in random chunk sizes (1 byte up to `max`), then ended. */
static void feed_chunks(salesplan_activity_state *s, salesplan_activity_input in, const text *t,
                        size_t max)
{
    salesplan_error err = {0};
    for (size_t at = 0; at < t->len;) {
        size_t n = 1 + (size_t)(rnd() % max);
        if (n > t->len - at)
            n = t->len - at;
        if (salesplan_activity_state_feed_csv(s, in, t->s + at, n, &err) != SALESPLAN_OK)
            fail_msg("feed: %s", err.message);
        at += n;
    }
    assert_int_equal(salesplan_activity_state_feed_csv_end(s, in, &err), SALESPLAN_OK);
}

/* YYYY-MM-DD as days since 1970-01-01 (civil-from-days inverse). */
static long long iso_day(const char *s)
{
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The same CSV (no quotes in it, ',' or ';' between fields) fed as records: the header names the
 * columns; a bare date becomes a DATE value, an all-digit field a NUMBER,
 * an empty field NULL or empty text, the rest TEXT. */
static void feed_records(salesplan_activity_state *s, salesplan_activity_input in, const text *t)
{
    char *copy = malloc(t->len + 1);
    assert_non_null(copy);
    memcpy(copy, t->s, t->len);
    copy[t->len] = '\0';
    const char *names[16];
    salesplan_value v[16];
    int header = 1;
    char delim = memchr(copy, ';', strcspn(copy, "\n")) ? ';' : ',';
    salesplan_error err = {0};
    for (char *line = copy, *next; *line; line = next) {
        char *nl = strchr(line, '\n');
        *nl = '\0';
        next = nl + 1;
        size_t n = 0;
        for (char *f = line;; n++) {
            char *c = strchr(f, delim);
            if (c)
                *c = '\0';
            size_t len = strlen(f);
            if (header) {
                names[n] = f;
            } else if (len == 0) {
                v[n] = (salesplan_value){n % 2 ? SALESPLAN_VALUE_NULL : SALESPLAN_VALUE_TEXT, "", 0,
                                         0, 0};
            } else if (len == 10 && f[4] == '-' && f[7] == '-') {
                v[n] = (salesplan_value){SALESPLAN_VALUE_DATE, NULL, 0, 0, iso_day(f)};
            } else if (strspn(f, "0123456789") == len) {
                v[n] = (salesplan_value){SALESPLAN_VALUE_NUMBER, NULL, 0, atof(f), 0};
            } else {
                v[n] = (salesplan_value){SALESPLAN_VALUE_TEXT, f, len, 0, 0};
            }
            if (!c)
                break;
            f = c + 1;
        }
        n++;
        if (header) {
            if (salesplan_activity_state_set_columns(s, in, names, n, &err) != SALESPLAN_OK)
                fail_msg("columns: %s", err.message);
            header = 0;
        } else if (salesplan_activity_state_feed_record(s, in, v, n, &err) != SALESPLAN_OK) {
            fail_msg("record: %s", err.message);
        }
    }
    free(copy);
}

static salesplan_activity_state *through_bytes(salesplan_activity_state *s)
{
    char *b = NULL;
    size_t n = 0;
    salesplan_error err = {0};
    if (salesplan_activity_state_serialize(&b, &n, s, &err) != SALESPLAN_OK)
        fail_msg("serialize: %s", err.message);
    salesplan_activity_state_free(s);
    salesplan_activity_state *back = NULL;
    if (salesplan_activity_state_deserialize(&back, b, n, &err) != SALESPLAN_OK)
        fail_msg("deserialize: %s", err.message);
    salesplan_free(b);
    return back;
}

/* The law: random splits of both inputs into 1..6 parts, every part fed as
 * CSV chunks or as records (its own choice, per input), through bytes, merged
 * in a random order into random tree shapes: the one-shot document. */
static void check_law(const text *log, const text *deals, const salesplan_activities_options *o,
                      int rounds)
{
    char *want = one_shot(log, deals, o);
    for (int round = 0; round < rounds; round++) {
        int parts = 1 + below(6);
        text lp[6] = {{0}}, dp[6] = {{0}};
        split_rows(log, parts, lp);
        split_rows(deals, parts, dp);
        salesplan_activity_state *st[6];
        for (int p = 0; p < parts; p++) {
            assert_int_equal(salesplan_activity_state_create(&st[p], o, NULL), SALESPLAN_OK);
            /* the deals first or the log first: no matter */
            for (int k = 0; k < 2; k++) {
                int deals_now = (k == 0) == (p % 2 == 0);
                salesplan_activity_input in = deals_now ? SALESPLAN_INPUT_DEALS : SALESPLAN_INPUT_LOG;
                const text *t = deals_now ? &dp[p] : &lp[p];
                if (below(3) == 0)
                    feed_records(st[p], in, t);
                else
                    feed_chunks(st[p], in, t, below(2) ? 7 : 5000);
            }
            if (below(2))
                st[p] = through_bytes(st[p]);
        }
        /* merge random pairs until one is left, each result through bytes now and then */
        for (int left = parts; left > 1; left--) {
            int a = below(left), b = below(left - 1);
            if (b >= a)
                b++;
            salesplan_error err = {0};
            if (salesplan_activity_state_merge(st[a], st[b], &err) != SALESPLAN_OK)
                fail_msg("merge: %s", err.message);
            salesplan_activity_state_free(st[b]);
            st[b] = st[left - 1];
            if (a == left - 1)
                a = b;
            if (below(2))
                st[a] = through_bytes(st[a]);
        }
        char *got = finish(st[0]);
        if (strcmp(got, want) != 0) {
            FILE *f = fopen("law_want.json", "w");
            fputs(want, f);
            fclose(f);
            f = fopen("law_got.json", "w");
            fputs(got, f);
            fclose(f);
        }
        assert_string_equal(got, want);
        salesplan_free(got);
        salesplan_activity_state_free(st[0]);
        free_parts(lp, parts);
        free_parts(dp, parts);
    }
    salesplan_free(want);
}

static void test_law_snapshot(void **state)
{
    (void)state;
    text log = {0}, deals = {0};
    generate_snapshot(&log, &deals, 300, 3000);
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    check_law(&log, &deals, &o, 25);
    o.window_days = 5;
    o.from = "2026-01-15";
    o.to = "2026-03-10";
    check_law(&log, &deals, &o, 10);
    free(log.s);
    free(deals.s);
}

static void test_law_transitions_plan(void **state)
{
    (void)state;
    text log = {0}, deals = {0};
    generate_transitions(&log, &deals, 200, 2000);
    /* a plan whose funnel the transitions' stages follow; "Proposal" is not in it */
    const char *plan_json =
        "{\"salesplan\": 1, \"name\": \"t\", \"period\": {\"start\": \"2026-04-01\", \"days\": 30},"
        " \"target\": {\"revenue\": 60000}, \"deal\": {\"average_size\": 6000},"
        " \"funnel\": {\"stages\": [{\"name\": \"Lead\", \"conversion\": 0.5},"
        " {\"name\": \"Meeting\", \"conversion\": 0.5}, {\"name\": \"Won\"}]},"
        " \"activities\": [{\"name\": \"Cold email\", \"stage\": \"Lead\", \"per_entry\": 50},"
        " {\"name\": \"Call\", \"stage\": \"Meeting\", \"per_entry\": 10}]}";
    salesplan_plan *p = NULL;
    salesplan_error err = {0};
    if (salesplan_plan_load_buffer(&p, plan_json, strlen(plan_json), &err) != SALESPLAN_OK)
        fail_msg("plan: %s", err.message);
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    const char *ty[] = {"EMAIL"}, *ac[] = {"Cold email"};
    o.plan = p;
    o.map_types = ty;
    o.map_activities = ac;
    o.map_count = 1;
    check_law(&log, &deals, &o, 25);
    salesplan_plan_free(p);
    free(log.s);
    free(deals.s);
}

/* A log longer than the 1 MiB the date order and delimiter are sniffed from:
 * the header waits for that window whatever the chunks. Semicolons, D/M dates. */
static void test_law_large_semicolon(void **state)
{
    (void)state;
    text log = {0}, deals = {0};
    add(&deals, "id;owner;stage;created;closed\n");
    for (int d = 0; d < 400; d++)
        add(&deals, "K%d;Rep %d;%s;%d/%d/2026;%d/%d/2026\n", d, d % 7,
            d % 3 == 0 ? "won" : (d % 3 == 1 ? "lost" : "open"), 1 + d % 28, 1 + d % 3,
            1 + (d * 7) % 28, 2 + d % 3);
    add(&log, "date;type;owner;deal\n");
    while (log.len < ((size_t)3 << 19))
        add(&log, "%d/%d/2026;T%d;Rep %d;K%d\n", 1 + below(28), 1 + below(4), below(9), below(7),
            below(450));
    /* records carry no sample to sniff the order from: name it */
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    o.date_order = SALESPLAN_DATE_DMY;
    check_law(&log, &deals, &o, 4);
    /* the sniffed order is D/M (days above 12 come first in the fields) */
    salesplan_activities_options sniffed = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    char *a = one_shot(&log, &deals, &sniffed), *b = one_shot(&log, &deals, &o);
    assert_string_equal(a, b);
    salesplan_free(a);
    salesplan_free(b);
    salesplan_activities *r = NULL;
    assert_int_equal(salesplan_activities_buffer(&r, log.s, log.len, deals.s, deals.len, &o, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_activities_info_get(r)->log_skipped, 0);
    assert_string_equal(salesplan_activities_info_get(r)->log_columns[3], "deal");
    salesplan_activities_free(r);
    free(log.s);
    free(deals.s);
}

/* Records and CSV of the same rows give the same document; a record with a
 * missing field is a skipped row named by its line. */
static void test_records(void **state)
{
    (void)state;
    text log = {0}, deals = {0};
    generate_snapshot(&log, &deals, 40, 300);
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    char *want = one_shot(&log, &deals, &o);
    salesplan_activity_state *s = NULL;
    assert_int_equal(salesplan_activity_state_create(&s, &o, NULL), SALESPLAN_OK);
    feed_records(s, SALESPLAN_INPUT_DEALS, &deals);
    feed_records(s, SALESPLAN_INPUT_LOG, &log);
    char *got = finish(s);
    assert_string_equal(got, want);
    salesplan_free(got);
    /* a short record: skipped, on "line" 302 (header = line 1, 300 records before) */
    salesplan_value v[2] = {{SALESPLAN_VALUE_TEXT, "2026-01-05", 10, 0, 0},
                            {SALESPLAN_VALUE_TEXT, "Call", 4, 0, 0}};
    assert_int_equal(salesplan_activity_state_feed_record(s, SALESPLAN_INPUT_LOG, v, 2, NULL),
                     SALESPLAN_OK);
    salesplan_activities *a = NULL;
    assert_int_equal(salesplan_activity_state_finish(&a, s, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_activities_info_get(a)->log_skipped, 1);
    int found = 0;
    for (size_t i = 0; i < salesplan_activities_warning_count(a); i++)
        found |= strcmp(salesplan_activities_warning(a, i),
                        "activities line 302 skipped: expected 5 fields, found 2") == 0;
    assert_true(found);
    salesplan_activities_free(a);
    salesplan_activity_state_free(s);
    salesplan_free(want);
    free(log.s);
    free(deals.s);
}

/* ---- bytes: corrupt, truncated, forged ------------------------------------------ */

static uint64_t fnv(const unsigned char *p, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static salesplan_activity_state *small_state(char **bytes, size_t *len)
{
    text log = {0}, deals = {0};
    generate_snapshot(&log, &deals, 12, 40);
    salesplan_activity_state *s = NULL;
    assert_int_equal(salesplan_activity_state_create(&s, NULL, NULL), SALESPLAN_OK);
    feed_chunks(s, SALESPLAN_INPUT_DEALS, &deals, 100);
    feed_chunks(s, SALESPLAN_INPUT_LOG, &log, 100);
    assert_int_equal(salesplan_activity_state_serialize(bytes, len, s, NULL), SALESPLAN_OK);
    free(log.s);
    free(deals.s);
    return s;
}

static void expect_refused(const char *b, size_t n, const char *words)
{
    salesplan_activity_state *s = (salesplan_activity_state *)1;
    salesplan_error err = {0};
    assert_int_equal(salesplan_activity_state_deserialize(&s, b, n, &err), SALESPLAN_EDATA);
    assert_null(s);
    if (strstr(err.message, words) == NULL)
        fail_msg("'%s' does not say '%s'", err.message, words);
}

static void test_bytes_refused(void **state)
{
    (void)state;
    char *b = NULL;
    size_t n = 0;
    salesplan_activity_state *s = small_state(&b, &n);
    /* the same state gives the same bytes; they read back into a state that
     * finishes like the original */
    char *b2 = NULL;
    size_t n2 = 0;
    salesplan_activity_state *back = NULL;
    assert_int_equal(salesplan_activity_state_deserialize(&back, b, n, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_serialize(&b2, &n2, back, NULL), SALESPLAN_OK);
    assert_int_equal(n2, n);
    assert_memory_equal(b2, b, n);
    char *d1 = finish(s), *d2 = finish(back);
    assert_string_equal(d1, d2);
    salesplan_free(d1);
    salesplan_free(d2);
    salesplan_free(b2);
    salesplan_activity_state_free(back);
    /* every truncation */
    for (size_t k = 0; k < n; k++)
        expect_refused(b, k, k < 32 ? "header" : "truncated");
    /* every flipped byte */
    char *c = malloc(n);
    assert_non_null(c);
    for (size_t k = 0; k < n; k++) {
        memcpy(c, b, n);
        c[k] ^= 0x20;
        expect_refused(c, n, k < 7 ? "not an activity state"
                             : k < 12 ? "version"
                             : k < 16 ? "byte order"
                             : k < 24 ? "truncated"
                                      : "checksum");
    }
    /* forged: a payload byte changed and the checksum made right again: each
     * refused by the check of what it broke, or read into a valid state */
    size_t refused = 0;
    for (size_t k = 32; k < n; k++) {
        memcpy(c, b, n);
        c[k] = (char)(c[k] + 1 + (int)(rnd() % 200));
        uint64_t sum = fnv((const unsigned char *)c + 32, n - 32);
        memcpy(c + 24, &sum, 8);
        salesplan_activity_state *f = NULL;
        salesplan_error err = {0};
        int rc = salesplan_activity_state_deserialize(&f, c, n, &err);
        if (rc == SALESPLAN_OK) {
            salesplan_activities *a = NULL; /* whatever it says, finishing must not crash */
            rc = salesplan_activity_state_finish(&a, f, &err);
            assert_true(rc == SALESPLAN_OK || rc == SALESPLAN_EDATA || rc == SALESPLAN_EINVAL);
            salesplan_activities_free(a);
            salesplan_activity_state_free(f);
        } else {
            assert_int_equal(rc, SALESPLAN_EDATA);
            assert_non_null(strstr(err.message, "corrupt"));
            refused++;
        }
    }
    assert_true(refused > 0);
    /* bytes after the state */
    char *longer = malloc(n + 1);
    assert_non_null(longer);
    memcpy(longer, b, n);
    longer[n] = 0;
    uint64_t plen = n + 1 - 32, sum = fnv((const unsigned char *)longer + 32, plen);
    memcpy(longer + 16, &plen, 8);
    memcpy(longer + 24, &sum, 8);
    expect_refused(longer, n + 1, "bytes after the state");
    /* an estimate state is not an activity state */
    salesplan_estimate_state *es = NULL;
    char *eb = NULL;
    size_t en = 0;
    assert_int_equal(salesplan_estimate_state_create(&es, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_state_serialize(&eb, &en, es, NULL), SALESPLAN_OK);
    expect_refused(eb, en, "not an activity state");
    salesplan_free(eb);
    salesplan_estimate_state_free(es);
    free(longer);
    free(c);
    salesplan_free(b);
    salesplan_activity_state_free(s);
}

/* ---- misuse --------------------------------------------------------------------- */

static void test_misuse(void **state)
{
    (void)state;
    salesplan_activity_state *a = NULL, *b = NULL;
    salesplan_error err = {0};
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    assert_int_equal(salesplan_activity_state_create(NULL, &o, &err), SALESPLAN_EINVAL);
    o.window_days = -1;
    assert_int_equal(salesplan_activity_state_create(&a, &o, &err), SALESPLAN_EINVAL);
    assert_null(a);
    o.window_days = 30;
    assert_int_equal(salesplan_activity_state_create(&a, &o, &err), SALESPLAN_OK);
    o.window_days = 31;
    assert_int_equal(salesplan_activity_state_create(&b, &o, &err), SALESPLAN_OK);
    /* other options */
    assert_int_equal(salesplan_activity_state_merge(a, b, &err), SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "different options"));
    assert_int_equal(salesplan_activity_state_merge(a, a, &err), SALESPLAN_EINVAL);
    salesplan_activity_state_free(b);
    o.window_days = 30;
    assert_int_equal(salesplan_activity_state_create(&b, &o, &err), SALESPLAN_OK);
    /* an unknown input, records before columns */
    assert_int_equal(salesplan_activity_state_feed_csv(a, (salesplan_activity_input)2, "x", 1, &err),
                     SALESPLAN_EINVAL);
    salesplan_value v = {SALESPLAN_VALUE_TEXT, "x", 1, 0, 0};
    assert_int_equal(salesplan_activity_state_feed_record(a, SALESPLAN_INPUT_LOG, &v, 1, &err),
                     SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "columns first"));
    /* a CSV not ended cannot be merged, serialized or finished */
    const char *lg = "date,type\n2026-01-02,Call\n";
    assert_int_equal(salesplan_activity_state_feed_csv(b, SALESPLAN_INPUT_LOG, lg, strlen(lg), &err),
                     SALESPLAN_OK);
    char *bytes = NULL;
    size_t n = 0;
    assert_int_equal(salesplan_activity_state_merge(a, b, &err), SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "not yet counted"));
    assert_int_equal(salesplan_activity_state_serialize(&bytes, &n, b, &err), SALESPLAN_EINVAL);
    salesplan_activities *r = NULL;
    assert_int_equal(salesplan_activity_state_finish(&r, b, &err), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_activity_state_feed_csv_end(b, SALESPLAN_INPUT_LOG, &err),
                     SALESPLAN_OK);
    /* no deals: the finish names the empty input */
    assert_int_equal(salesplan_activity_state_finish(&r, b, &err), SALESPLAN_EDATA);
    assert_string_equal(err.message, "the deals file is empty (no header row)");
    /* another log header than the state's */
    const char *other = "date,kind\n";
    assert_int_equal(salesplan_activity_state_feed_csv(a, SALESPLAN_INPUT_LOG, other,
                                                       strlen(other), &err),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_feed_csv_end(a, SALESPLAN_INPUT_LOG, &err),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_merge(a, b, &err), SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "different activities headers"));
    const char *names[] = {"date", "type"};
    assert_int_equal(salesplan_activity_state_set_columns(a, SALESPLAN_INPUT_LOG, names, 2, &err),
                     SALESPLAN_EINVAL);
    /* a header without a required column */
    const char *bad[] = {"when", "what"};
    salesplan_activity_state *c = NULL;
    assert_int_equal(salesplan_activity_state_create(&c, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_set_columns(c, SALESPLAN_INPUT_LOG, bad, 2, &err),
                     SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "no date column"));
    /* slash dates read in two orders cannot be merged */
    salesplan_activity_state *d1 = NULL, *d2 = NULL;
    const char *l1 = "date,type\n13/1/2026,Call\n", *l2 = "date,type\n1/13/2026,Call\n";
    assert_int_equal(salesplan_activity_state_create(&d1, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_create(&d2, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_feed_csv(d1, SALESPLAN_INPUT_LOG, l1, strlen(l1), NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_feed_csv_end(d1, SALESPLAN_INPUT_LOG, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_feed_csv(d2, SALESPLAN_INPUT_LOG, l2, strlen(l2), NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_feed_csv_end(d2, SALESPLAN_INPUT_LOG, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_merge(d1, d2, &err), SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "date_order"));
    salesplan_activity_state_free(d1);
    salesplan_activity_state_free(d2);
    salesplan_activity_state_free(c);
    salesplan_activity_state_free(a);
    salesplan_activity_state_free(b);
    salesplan_activity_state_free(NULL);
}

/* ---- allocation failures ----------------------------------------------------------- */

typedef struct alloc_ctx {
    text log, deals;
} alloc_ctx;

/* create, feed CSV and records, serialize, deserialize, merge, finish, render */
static int alloc_once(void *vc)
{
    alloc_ctx *c = vc;
    salesplan_activity_state *a = NULL, *b = NULL, *back = NULL;
    salesplan_activities *r = NULL;
    char *bytes = NULL, *doc = NULL;
    size_t n = 0;
    const char *cols[] = {"Date", "Type", "Assigned To", "Opportunity ID", "Company"};
    salesplan_value v[5] = {{SALESPLAN_VALUE_DATE, NULL, 0, 0, 20460},
                            {SALESPLAN_VALUE_TEXT, "Call", 4, 0, 0},
                            {SALESPLAN_VALUE_TEXT, "Rep 1", 5, 0, 0},
                            {SALESPLAN_VALUE_TEXT, "D3", 2, 0, 0},
                            {SALESPLAN_VALUE_NULL, NULL, 0, 0, 0}};
    int rc = salesplan_activity_state_create(&a, NULL, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_create(&b, NULL, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_feed_csv(a, SALESPLAN_INPUT_DEALS, c->deals.s, c->deals.len,
                                               NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_feed_csv_end(a, SALESPLAN_INPUT_DEALS, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_feed_csv(b, SALESPLAN_INPUT_LOG, c->log.s, c->log.len, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_feed_csv_end(b, SALESPLAN_INPUT_LOG, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_set_columns(a, SALESPLAN_INPUT_LOG, cols, 5, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_feed_record(a, SALESPLAN_INPUT_LOG, v, 5, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_serialize(&bytes, &n, b, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_deserialize(&back, bytes, n, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_merge(a, back, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activity_state_finish(&r, a, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_activities_render(&doc, NULL, r, SALESPLAN_FORMAT_JSON, NULL);
    salesplan_free(doc);
    salesplan_activities_free(r);
    salesplan_free(bytes);
    salesplan_activity_state_free(back);
    salesplan_activity_state_free(a);
    salesplan_activity_state_free(b);
    return rc;
}

static void test_alloc_failures(void **state)
{
    (void)state;
    alloc_ctx c = {{0}, {0}};
    long saved = tst_alloc_pause();
    generate_snapshot(&c.log, &c.deals, 30, 200);
    tst_alloc_resume(saved);
    assert_true(tst_alloc_until_success(alloc_once, &c, 100000) > 40);
    free(c.log.s);
    free(c.deals.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_law_snapshot),
        cmocka_unit_test(test_law_transitions_plan),
        cmocka_unit_test(test_law_large_semicolon),
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_bytes_refused),
        cmocka_unit_test(test_misuse),
        TST_ALLOC_TEST(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
