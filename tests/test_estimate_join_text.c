/* Lookup tables given as CSV text in memory (salesplan_estimate_options
 * version 4: join_texts, join_text_lens): the same estimate as the same table
 * read from a file (JSON renders compared byte for byte), text without a NUL,
 * mixed file and text tables, option checks, messages naming the table, the
 * mergeable state carrying the text (split, serialize, read back, feed more,
 * merge; different tables refuse to merge), an older options struct, and
 * allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "salesplan.h"
#include "shared_data.h"
#include "test_alloc.h"
#include "tfile.h"

static const char *data_path(const char *name)
{
    static char buf[1024];
    const char *dir = getenv("SALESPLAN_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/estimate/%s", dir ? dir : "data", name);
    return buf;
}

/* Options grouping by `groups` with `n` extra lookup tables keyed by `keys`
 * (the caller sets their paths or texts). */
static salesplan_estimate_options join_options(const char *const *groups, size_t ngroups,
                                               const char *const *keys, size_t n)
{
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = ngroups;
    o.join_keys = keys;
    o.join_count = n;
    return o;
}

/* The JSON document of `e` (its length checked against the text). */
static char *render(const salesplan_estimate *e)
{
    char *text = NULL;
    size_t len = 0;
    salesplan_status rc = salesplan_estimate_render(&text, &len, e, SALESPLAN_FORMAT_JSON, NULL);
    assert_int_equal(rc, SALESPLAN_OK);
    assert_int_equal(strlen(text), len);
    return text;
}

/* The export file estimated with these options, rendered (fails the test on an error). */
static char *estimate_render(const char *export_path, const salesplan_estimate_options *o)
{
    salesplan_estimate *e = NULL;
    salesplan_error err;
    if (salesplan_estimate_file(&e, export_path, o, &err) != SALESPLAN_OK)
        fail_msg("%s: %s", export_path, err.message);
    char *text = render(e);
    salesplan_estimate_free(e);
    return text;
}

static void assert_same(const char *a, const char *b)
{
    if (strcmp(a, b) != 0)
        fail_msg("renders differ:\n%.400s\n---\n%.400s", a, b);
}

/* by_agent.csv joined to teams.csv (agent -> region): the fixture of
 * test_estimate.c's test_join_groups, as a file and as text. */
static void test_text_equals_file(void **state)
{
    (void)state;
    char teams_path[1024], export_path[1024];
    snprintf(teams_path, sizeof teams_path, "%s", data_path("teams.csv"));
    snprintf(export_path, sizeof export_path, "%s", data_path("by_agent.csv"));
    size_t teams_len;
    char *teams = tfile_read(teams_path, &teams_len);
    const char *groups[] = {"region", "agent"}, *keys[] = {"agent"};

    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 2;
    const char *paths[] = {teams_path};
    o.join_paths = paths;
    o.join_keys = keys;
    o.join_count = 1;
    char *want = estimate_render(export_path, &o);
    /* the figures of test_join_groups: North = ann + cid, zed unmatched */
    assert_non_null(strstr(want, "\"join_unmatched\": 1"));
    assert_non_null(strstr(want, "\"value\": \"North\""));

    /* the text, NUL-terminated, no name */
    const char *texts[] = {teams};
    o.join_paths = NULL;
    o.join_texts = texts;
    char *got = estimate_render(export_path, &o);
    assert_same(want, got);
    free(got);

    /* the text inside a larger buffer, with its length (no NUL after it) */
    char *padded = malloc(teams_len + 32);
    assert_non_null(padded);
    memcpy(padded, teams, teams_len);
    memset(padded + teams_len, 'x', 32);
    const char *ptexts[] = {padded};
    size_t lens[] = {teams_len};
    o.join_texts = ptexts;
    o.join_text_lens = lens;
    got = estimate_render(export_path, &o);
    assert_same(want, got);
    free(got);

    /* the same through salesplan_estimate_buffer (the export in memory too) */
    size_t exp_len;
    char *exp = tfile_read(export_path, &exp_len);
    salesplan_estimate *e = NULL;
    assert_int_equal(salesplan_estimate_buffer(&e, exp, exp_len, &o, NULL), SALESPLAN_OK);
    got = render(e);
    assert_same(want, got);
    salesplan_estimate_free(e);
    free(got);
    free(exp);
    free(padded);
    free(teams);
    salesplan_free(want);
}

/* A file table and a text table in one run: order decides which table a
 * group column comes from, whatever each one is. */
static void test_mixed_tables(void **state)
{
    (void)state;
    char teams_path[1024], export_path[1024];
    snprintf(teams_path, sizeof teams_path, "%s", data_path("teams.csv"));
    snprintf(export_path, sizeof export_path, "%s", data_path("by_agent.csv"));
    /* a second table that also has `region`: the first table wins */
    static const char other[] = "agent,region,coach\nann,West,Kim\nzed,East,Lou\n";
    const char *groups[] = {"region", "coach"}, *keys[] = {"agent", "agent"};
    const char *paths[] = {teams_path, "coaches"}, *texts[] = {NULL, other};
    salesplan_estimate_options o = join_options(groups, 2, keys, 2);
    o.join_paths = paths;
    o.join_texts = texts;
    salesplan_estimate *e = NULL;
    assert_int_equal(salesplan_estimate_file(&e, export_path, &o, NULL), SALESPLAN_OK);
    int north = 0, coach_lou = 0;
    for (size_t i = 0; i < salesplan_estimate_group_count(e); i++) {
        const salesplan_estimate_group *g = salesplan_estimate_group_get(e, i);
        assert_string_not_equal(g->value, "West"); /* region comes from teams.csv */
        if (strcmp(g->column, "region") == 0 && strcmp(g->value, "North") == 0)
            north = (int)g->figures.won; /* ann and cid */
        if (strcmp(g->column, "coach") == 0 && strcmp(g->value, "Lou") == 0)
            coach_lou = (int)g->figures.won; /* zed */
    }
    assert_int_equal(north, 2);
    assert_int_equal(coach_lou, 1);
    salesplan_estimate_free(e);

    /* both as text, in the same order: the same estimate as file + text */
    char *teams = tfile_read(teams_path, NULL);
    const char *texts2[] = {teams, other};
    char *want = estimate_render(export_path, &o);
    o.join_texts = texts2;
    char *got = estimate_render(export_path, &o);
    assert_same(want, got);
    salesplan_free(want);
    free(got);
    free(teams);
}

static void expect_fail(const salesplan_estimate_options *o, int code, const char *message)
{
    salesplan_estimate *e = NULL;
    salesplan_error err;
    int rc = salesplan_estimate_file(&e, data_path("by_agent.csv"), o, &err);
    assert_null(e);
    if (rc != code || strstr(err.message, message) == NULL)
        fail_msg("status %d (wanted %d): %s (wanted '%s')", rc, code, err.message, message);
}

static void test_bad_tables(void **state)
{
    (void)state;
    const char *groups[] = {"region"}, *keys[] = {"agent"};
    salesplan_estimate_options o = join_options(groups, 1, keys, 1);
    /* neither a file nor a text */
    const char *none[] = {NULL};
    o.join_texts = none;
    expect_fail(&o, SALESPLAN_EINVAL, "join 2 needs a file or a text, and a key column");
    /* lengths without texts */
    size_t lens[] = {3};
    const char *paths[] = {"teams.csv"};
    o.join_paths = paths;
    o.join_texts = NULL;
    o.join_text_lens = lens;
    expect_fail(&o, SALESPLAN_EINVAL, "text lengths given without the texts");
    o.join_text_lens = NULL;
    o.join_paths = NULL;
    /* the table's problems name it (join[i] without a name) with its line */
    static const struct {
        const char *text, *name, *message;
    } cases[] = {
        {"agent,region\nann,North\nann,South\n", NULL,
         "join[0]:3: join key 'ann' appears more than once"},
        {"agent,region\nann,North\nann,South\n", "team table",
         "team table:3: join key 'ann' appears more than once"},
        {"who,region\nann,North\n", "team table",
         "team table: join key 'agent' is not in its header"},
        {"", "team table", "team table: the join table is empty"},
        {"agent,region\nann,North,extra\n", "team table",
         "team table:2: expected 2 fields, found 3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *text[] = {cases[i].text}, *name[] = {cases[i].name};
        o.join_texts = text;
        o.join_paths = name;
        expect_fail(&o, SALESPLAN_EDATA, cases[i].message);
    }
    const char *quote[] = {"agent,region\nann,\"North\n"};
    o.join_texts = quote;
    o.join_paths = NULL; /* the loop's names are gone with it */
    salesplan_estimate *e = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_estimate_file(&e, data_path("by_agent.csv"), &o, &err),
                     SALESPLAN_ESYNTAX);
    assert_null(e);
}

/* An older struct (version 3) has no join_texts: whatever lies past it is not read. */
static void test_version3_struct(void **state)
{
    (void)state;
    char teams_path[1024];
    snprintf(teams_path, sizeof teams_path, "%s", data_path("teams.csv"));
    const char *groups[] = {"region"}, *keys[] = {"agent"}, *paths[] = {teams_path};
    salesplan_estimate_options full;
    memset(&full, 0xAB, sizeof full); /* garbage where version 4's fields are */
    assert_int_equal(salesplan_estimate_options_init(&full, 3), SALESPLAN_OK);
    full.group_columns = groups;
    full.group_count = 1;
    full.join_paths = paths;
    full.join_keys = keys;
    full.join_count = 1;
    salesplan_estimate *e = NULL;
    salesplan_error err;
    if (salesplan_estimate_file(&e, data_path("by_agent.csv"), &full, &err) != SALESPLAN_OK)
        fail_msg("%s", err.message);
    assert_int_equal(salesplan_estimate_info_get(e)->join_unmatched, 1);
    salesplan_estimate_free(e);
}

/* ---- the mergeable state ----------------------------------------------------- */

static salesplan_estimate_state *state_of(const salesplan_estimate_options *o, const char *csv,
                                          size_t len)
{
    salesplan_estimate_state *s = NULL;
    salesplan_error err;
    if (salesplan_estimate_state_create(&s, o, &err) != SALESPLAN_OK ||
        salesplan_estimate_state_feed_csv(s, csv, len, &err) != SALESPLAN_OK ||
        salesplan_estimate_state_feed_csv_end(s, &err) != SALESPLAN_OK)
        fail_msg("state: %s", err.message);
    return s;
}

/* `s` through its bytes: a new state read back from them. */
static salesplan_estimate_state *round_trip(const salesplan_estimate_state *s)
{
    char *bytes = NULL;
    size_t len = 0;
    salesplan_estimate_state *r = NULL;
    salesplan_error err;
    assert_int_equal(salesplan_estimate_state_serialize(&bytes, &len, s, NULL), SALESPLAN_OK);
    salesplan_status rc = salesplan_estimate_state_deserialize(&r, bytes, len, &err);
    salesplan_free(bytes);
    if (rc != SALESPLAN_OK)
        fail_msg("deserialize: %s", err.message);
    return r;
}

static char *finish_render(const salesplan_estimate_state *s)
{
    salesplan_estimate *e = NULL;
    assert_int_equal(salesplan_estimate_state_finish(&e, s, NULL), SALESPLAN_OK);
    char *t = render(e);
    salesplan_estimate_free(e);
    return t;
}

/* The shared export with its team and product tables as text: split in two
 * states, one moved through bytes (the tables go with it) and fed more rows
 * after it was read back, merged: the estimate of the whole file with the
 * tables as files (`bytes` aside, every figure equal). Different tables, or
 * a table as a file against the same table as text, refuse to merge. */
static void test_state_carries_tables(void **state)
{
    (void)state;
    const char *shared;
    SHARED_DATA_OR_SKIP(shared, SHARED_EXPORT);
    char export_path[1024], team_path[1024], product_path[1024];
    snprintf(export_path, sizeof export_path, "%s", shared);
    snprintf(team_path, sizeof team_path, "%s",
             shared_data_path("crm-sales-opportunities/sales_teams.csv"));
    snprintf(product_path, sizeof product_path, "%s",
             shared_data_path("crm-sales-opportunities/products.csv"));
    size_t n;
    char *exp = tfile_read(export_path, &n), *teams = tfile_read(team_path, NULL),
         *products = tfile_read(product_path, NULL);
    const char *groups[] = {"regional_office", "series"}, *keys[] = {"sales_agent", "product"};
    const char *fpaths[] = {team_path, product_path}, *texts[] = {teams, products};
    salesplan_estimate_options o = join_options(groups, 2, keys, 2);
    o.join_paths = fpaths;
    char *want = estimate_render(export_path, &o);

    o.join_paths = NULL;
    o.join_texts = texts;
    /* cut at line ends: the header and a third of the rows, then two more parts
     * with the header repeated (each part is a CSV document) */
    const char *nl1 = strchr(exp, '\n');
    size_t head = (size_t)(nl1 + 1 - exp);
    size_t cut1 = n / 3, cut2 = 2 * n / 3;
    while (exp[cut1 - 1] != '\n')
        cut1++;
    while (exp[cut2 - 1] != '\n')
        cut2++;
    salesplan_estimate_state *a = state_of(&o, exp, cut1);
    salesplan_estimate_state *b = round_trip(a);
    salesplan_estimate_state_free(a);
    /* fed after being read back: the joins come from the bytes' copy of the tables */
    char *doc2 = malloc(head + (cut2 - cut1));
    assert_non_null(doc2);
    memcpy(doc2, exp, head);
    memcpy(doc2 + head, exp + cut1, cut2 - cut1);
    salesplan_error err;
    assert_int_equal(salesplan_estimate_state_feed_csv(b, doc2, head + cut2 - cut1, &err),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_state_feed_csv_end(b, &err), SALESPLAN_OK);
    char *doc3 = malloc(head + (n - cut2));
    assert_non_null(doc3);
    memcpy(doc3, exp, head);
    memcpy(doc3 + head, exp + cut2, n - cut2);
    salesplan_estimate_state *c = state_of(&o, doc3, head + n - cut2);
    salesplan_estimate_state *c2 = round_trip(c);
    assert_int_equal(salesplan_estimate_state_merge(b, c2, &err), SALESPLAN_OK);
    char *got = finish_render(b);
    /* the parts read the header three times: compare all but the byte count */
    const char *wb = strstr(want, "\"bytes\""), *gb = strstr(got, "\"bytes\"");
    assert_non_null(wb);
    assert_non_null(gb);
    assert_memory_equal(want, got, (size_t)(wb - want));
    assert_string_equal(strchr(wb, '\n'), strchr(gb, '\n'));
    assert_non_null(strstr(got, "\"value\": \"GTX\""));

    /* another product table: the states do not merge */
    char *products2 = malloc(strlen(products) + 32);
    assert_non_null(products2);
    snprintf(products2, strlen(products) + 32, "%sZZZ,QQ,1\n", products);
    const char *texts2[] = {teams, products2};
    o.join_texts = texts2;
    salesplan_estimate_state *d = state_of(&o, doc3, head + n - cut2);
    assert_int_equal(salesplan_estimate_state_merge(b, d, &err), SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "different options"));
    salesplan_estimate_state *d2 = round_trip(d);
    assert_int_equal(salesplan_estimate_state_merge(d2, c2, &err), SALESPLAN_EINVAL);
    /* the same table as a file: not the same options either (a path is compared by name) */
    o.join_texts = NULL;
    o.join_paths = fpaths;
    salesplan_estimate_state *f = state_of(&o, doc3, head + n - cut2);
    assert_int_equal(salesplan_estimate_state_merge(f, c, &err), SALESPLAN_EINVAL);

    salesplan_estimate_state_free(b);
    salesplan_estimate_state_free(c);
    salesplan_estimate_state_free(c2);
    salesplan_estimate_state_free(d);
    salesplan_estimate_state_free(d2);
    salesplan_estimate_state_free(f);
    salesplan_free(want);
    free(got);
    free(doc2);
    free(doc3);
    free(exp);
    free(teams);
    free(products);
    free(products2);
}

/* The state's text survives the caller's buffer: it is copied at creation. */
static void test_state_copies_text(void **state)
{
    (void)state;
    const char *groups[] = {"region"}, *keys[] = {"agent"};
    static const char text[] = "agent,region\nann,North\nbob,South\ncid,North\n";
    char *table = malloc(sizeof text);
    assert_non_null(table);
    memcpy(table, text, sizeof text);
    const char *texts[] = {table};
    salesplan_estimate_options o = join_options(groups, 1, keys, 1);
    o.join_texts = texts;
    salesplan_estimate_state *s = NULL;
    assert_int_equal(salesplan_estimate_state_create(&s, &o, NULL), SALESPLAN_OK);
    memset(table, 'x', strlen(table)); /* the caller reuses its buffer */
    free(table);
    size_t n;
    char *exp = tfile_read(data_path("by_agent.csv"), &n);
    assert_int_equal(salesplan_estimate_state_feed_csv(s, exp, n, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_state_feed_csv_end(s, NULL), SALESPLAN_OK);
    salesplan_estimate *e = NULL;
    assert_int_equal(salesplan_estimate_state_finish(&e, s, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_info_get(e)->join_unmatched, 1);
    int north = -1;
    for (size_t i = 0; i < salesplan_estimate_group_count(e); i++) {
        const salesplan_estimate_group *g = salesplan_estimate_group_get(e, i);
        if (strcmp(g->value, "North") == 0)
            north = (int)g->figures.won;
    }
    assert_int_equal(north, 2);
    salesplan_estimate_free(e);
    salesplan_estimate_state_free(s);
    free(exp);
}

/* Create, feed, serialize, read back, merge and finish with a text table:
 * the status, and the won deals in *won on success; everything freed. */
static int alloc_run(const salesplan_estimate_options *o, const char *csv, long long *won)
{
    salesplan_estimate_state *st[3] = {NULL, NULL, NULL}; /* fed, fed, read back */
    salesplan_estimate *e = NULL;
    char *bytes = NULL;
    size_t len = 0, n = strlen(csv);
    salesplan_status rc = SALESPLAN_OK;
    for (int i = 0; i < 2; i++) {
        rc = rc ? rc : salesplan_estimate_state_create(&st[i], o, NULL);
        rc = rc ? rc : salesplan_estimate_state_feed_csv(st[i], csv, n, NULL);
        rc = rc ? rc : salesplan_estimate_state_feed_csv_end(st[i], NULL);
    }
    rc = rc ? rc : salesplan_estimate_state_serialize(&bytes, &len, st[0], NULL);
    rc = rc ? rc : salesplan_estimate_state_deserialize(&st[2], bytes, len, NULL);
    rc = rc ? rc : salesplan_estimate_state_merge(st[2], st[1], NULL);
    rc = rc ? rc : salesplan_estimate_state_finish(&e, st[2], NULL);
    *won = rc == SALESPLAN_OK ? salesplan_estimate_overall(e)->won : -1;
    for (int i = 0; i < 3; i++)
        salesplan_estimate_state_free(st[i]);
    salesplan_estimate_free(e);
    salesplan_free(bytes);
    return rc;
}

/* Every allocation of alloc_run fails cleanly (ENOMEM, nothing leaked), once each. */
static void test_allocation_failures(void **state)
{
    (void)state;
    const char *groups[] = {"region"}, *keys[] = {"agent"};
    const char *texts[] = {"agent,region\nann,North\nbob,South\ncid,North\n"};
    static const char csv[] = "agent,stage,created,closed,amount\n"
                              "ann,Won,2024-01-01,2024-01-11,100\n"
                              "bob,Lost,2024-01-01,2024-01-02,0\n"
                              "cid,Won,2024-01-01,2024-01-05,300\n";
    salesplan_estimate_options o = join_options(groups, 1, keys, 1);
    o.join_texts = texts;
    long long won = -1;
    long k = 1;
    for (; k < 3000; k++) {
        tst_alloc_fail_at(k);
        int rc = alloc_run(&o, csv, &won);
        int failed = tst_alloc_failed();
        tst_alloc_never_fail();
        assert_int_equal(tst_alloc_state()->live, 0);
        if (rc == SALESPLAN_OK) {
            assert_false(failed);
            break;
        }
        assert_int_equal(rc, SALESPLAN_ENOMEM);
        assert_true(failed);
    }
    assert_true(k < 3000);
    assert_int_equal(won, 4); /* 2 won in each of the two merged states */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_equals_file),
        cmocka_unit_test(test_mixed_tables),
        cmocka_unit_test(test_bad_tables),
        cmocka_unit_test(test_version3_struct),
        cmocka_unit_test(test_state_carries_tables),
        cmocka_unit_test(test_state_copies_text),
        TST_ALLOC_TEST(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
