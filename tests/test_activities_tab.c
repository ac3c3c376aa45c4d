/* The activity-log accumulator's inner pieces (lib/estimate/activity_tab.c,
 * activity_ids.c) and what they must keep true of the state: counts spilled
 * from the hash part into the sorted part against an independent count (a
 * sorted list of the keys added) and packed into runs read back in order,
 * keys at the ends of their ranges, a window part, the UINT32_MAX limit across
 * the parts, the short-value id table against a linear search, and states whose link table
 * spills several times giving the same bytes and figures whatever the order
 * and the chunking of the rows (values longer than 16 bytes, not UTF-8, among
 * short ones). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "estimate/activity_ids.h"
#include "estimate/activity_tab.h"
#include "salesplan.h"
#include "ttext.h"

static uint64_t rnd_state = 77;
static uint64_t rnd(void)
{
    uint64_t z = (rnd_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

typedef struct key4 {
    uint32_t a, b;
    int32_t day;
    uint32_t n;
} key4;

static int cmp_key4(const void *pa, const void *pb)
{
    const key4 *x = pa, *y = pb;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    return (x->day > y->day) - (x->day < y->day);
}

/* Sort c[0..k) and sum the counts of equal keys: the distinct keys left. */
static size_t sum_equal(key4 *c, size_t k)
{
    qsort(c, k, sizeof *c, cmp_key4);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (m > 0 && cmp_key4(&c[m - 1], &c[i]) == 0)
            c[m - 1].n += c[i].n;
        else
            c[m++] = c[i];
    return m;
}

/* The table's cells (a key may be in several parts), summed per key and sorted. */
static key4 *table_counts(const slp_act_tab *t, size_t *n)
{
    key4 *c = calloc(slp_act_tab_keys(t) + 1, sizeof *c);
    assert_non_null(c);
    size_t k = 0;
    slp_act_iter it;
    slp_act_cell x;
    slp_act_iter_init(&it, t);
    while (slp_act_iter_next(&it, &x)) {
        assert_true(k < slp_act_tab_keys(t));
        assert_true(x.n != 0);
        c[k++] = (key4){x.a, x.b, x.day, x.n};
    }
    assert_int_equal(k, slp_act_tab_keys(t));
    *n = sum_equal(c, k);
    return c;
}

/* Every run read back: keys strictly increasing, counts > 0, the index
 * naming every SLP_ACT_TAB_BLOCK-th key, at most SLP_ACT_TAB_RUNS runs; the
 * keys of the runs add up to t->run_keys. */
static void check_runs(const slp_act_tab *t)
{
    size_t keys = 0;
    assert_true(t->nrun <= SLP_ACT_TAB_RUNS);
    for (size_t r = 0; r < t->nrun; r++) {
        const slp_act_run *run = &t->run[r];
        assert_true(run->n > 0);
        slp_act_dec d;
        slp_act_cell c, prev = {0, 0, 0, 0};
        size_t i = 0;
        slp_act_dec_init(&d, run);
        while (slp_act_dec_next(&d, &c)) {
            assert_true(c.n > 0);
            if (i > 0)
                assert_true(cmp_key4(&(key4){prev.a, prev.b, prev.day, 0},
                                     &(key4){c.a, c.b, c.day, 0}) < 0);
            if (i % SLP_ACT_TAB_BLOCK == 0) {
                const slp_act_blk *k = &run->blk[i / SLP_ACT_TAB_BLOCK];
                assert_true(k->a == c.a && k->b == c.b && k->day == c.day);
            }
            prev = c;
            i++;
        }
        assert_int_equal(i, run->n);
        keys += i;
    }
    assert_int_equal(keys, t->run_keys);
}

/* The table's runs well formed and its counts those of the adds in
 * added[0..k) (sorted and summed here). */
static void check_against(const slp_act_tab *t, key4 *added, size_t k)
{
    check_runs(t);
    size_t m = sum_equal(added, k), n;
    key4 *got = table_counts(t, &n);
    assert_int_equal(n, m);
    for (size_t i = 0; i < m; i++) {
        assert_int_equal(cmp_key4(&got[i], &added[i]), 0);
        assert_int_equal(got[i].n, added[i].n);
    }
    free(got);
}

/* Room for n adds. */
static key4 *new_adds(size_t n)
{
    key4 *a = calloc(n, sizeof *a);
    assert_non_null(a);
    return a;
}

/* 700000 adds over about 450000 keys (days of both signs, repeats far apart):
 * the hash part spills several times; every count is the number of adds. */
static void test_spills_against_sorted_list(void **state)
{
    (void)state;
    enum { ADDS = 700000 };
    key4 *added = new_adds(ADDS);
    slp_act_tab t = {0};
    for (size_t i = 0; i < ADDS; i++) {
        uint64_t r = rnd();
        key4 k = {(uint32_t)(r % 7), (uint32_t)((r >> 8) % 30000) * 2u + (uint32_t)((r >> 40) & 1),
                  (int32_t)((r >> 24) % 600) - 300, (uint32_t)(1 + (r >> 50) % 3)};
        if (i > ADDS / 2 && (r >> 60) == 0) /* now and then a key of long ago */
            k = added[(r >> 20) % (ADDS / 4)];
        added[i] = k;
        assert_int_equal(slp_act_tab_add(&t, k.a, k.b, k.day, k.n), SALESPLAN_OK);
    }
    assert_true(t.run_keys > SLP_ACT_TAB_HASH_CELLS); /* spilled, more than once */
    assert_true(t.mask + 1 <= SLP_ACT_TAB_HASH_CELLS);
    check_against(&t, added, ADDS);
    free(added);
    slp_act_tab_free(&t);
}

/* A count in the sorted part plus one in the hash part may not pass UINT32_MAX. */
static void test_limit_across_parts(void **state)
{
    (void)state;
    slp_act_tab t = {0};
    assert_int_equal(slp_act_tab_add(&t, 1, 2, 3, UINT32_MAX - 10), SALESPLAN_OK);
    for (uint32_t i = 0; t.nrun == 0; i++) /* until the first spill */
        assert_int_equal(slp_act_tab_add(&t, 2, i, 0, 1), SALESPLAN_OK);
    assert_int_equal(slp_act_tab_add(&t, 1, 2, 3, 6), SALESPLAN_OK);  /* into the hash part */
    assert_int_equal(slp_act_tab_add(&t, 1, 2, 3, 5), SALESPLAN_ELIMIT);
    assert_int_equal(slp_act_tab_add(&t, 1, 2, 3, 4), SALESPLAN_OK);  /* exactly UINT32_MAX */
    assert_int_equal(slp_act_tab_add(&t, 1, 2, 3, 1), SALESPLAN_ELIMIT);
    assert_int_equal(slp_act_tab_add(&t, 1, 2, 4, UINT32_MAX), SALESPLAN_OK); /* another key */
    size_t n;
    key4 *got = table_counts(&t, &n);
    key4 want = {1, 2, 3, 0};
    key4 *k = bsearch(&want, got, n, sizeof *got, cmp_key4);
    assert_non_null(k);
    assert_int_equal(k->n, UINT32_MAX);
    free(got);
    slp_act_tab_free(&t);
}

/* Keys at the ends of their ranges (a and b 0 and UINT32_MAX, days from
 * INT32_MIN to INT32_MAX, counts up to UINT32_MAX, steps of every size)
 * packed into runs, merged, and read back against the sorted list; a key's
 * count spread over several runs and the hash part still stops at
 * UINT32_MAX. */
static void test_extreme_keys(void **state)
{
    (void)state;
    enum { ADDS = 400000 };
    static const uint32_t ends[] = {0, 1, 2, 127, 128, 16383, 16384, 0x7FFFFFFFu, 0x80000000u,
                                    UINT32_MAX - 1, UINT32_MAX};
    enum { NE = sizeof ends / sizeof *ends };
    key4 *added = new_adds(ADDS);
    slp_act_tab t = {0};
    for (size_t i = 0; i < ADDS; i++) {
        uint64_t r = rnd();
        key4 k = {ends[r % NE], (uint32_t)(r >> 8), (int32_t)(uint32_t)(r >> 32),
                  (r >> 4) % 5 == 0 ? (uint32_t)(r >> 40) % 70000u + 1u : 1u};
        if ((r >> 6) % 3 == 0)
            k.b = ends[(r >> 12) % NE];
        if ((r >> 7) % 3 == 0)
            k.day = (int32_t)ends[(r >> 16) % NE];
        added[i] = k;
        assert_int_equal(slp_act_tab_add(&t, k.a, k.b, k.day, k.n), SALESPLAN_OK);
    }
    assert_true(t.nrun >= 1);
    check_against(&t, added, ADDS);
    slp_act_tab_free(&t);
    /* one key's count in three runs and the hash part */
    uint32_t part = UINT32_MAX / 4, spent = 0;
    for (int round = 0; round < 3; round++) {
        assert_int_equal(slp_act_tab_add(&t, 5, UINT32_MAX, INT32_MIN, part), SALESPLAN_OK);
        spent += part;
        size_t runs = t.nrun;
        for (uint32_t i = 0; t.nrun == runs; i++) /* until the next spill */
            assert_int_equal(slp_act_tab_add(&t, 9, i, round, 1), SALESPLAN_OK);
    }
    assert_true(t.nrun >= 2 || t.run_max >= 2 * part);
    uint32_t room = UINT32_MAX - spent;
    assert_int_equal(slp_act_tab_add(&t, 5, UINT32_MAX, INT32_MIN, room + 1), SALESPLAN_ELIMIT);
    assert_int_equal(slp_act_tab_add(&t, 5, UINT32_MAX, INT32_MIN, room), SALESPLAN_OK);
    assert_int_equal(slp_act_tab_add(&t, 5, UINT32_MAX, INT32_MIN, 1), SALESPLAN_ELIMIT);
    assert_int_equal(slp_act_tab_add(&t, 5, UINT32_MAX, INT32_MAX, UINT32_MAX), SALESPLAN_OK);
    size_t n;
    key4 *got = table_counts(&t, &n);
    key4 want = {5, UINT32_MAX, INT32_MIN, 0};
    key4 *k = bsearch(&want, got, n, sizeof *got, cmp_key4);
    assert_non_null(k);
    assert_int_equal(k->n, UINT32_MAX);
    free(got);
    free(added);
    slp_act_tab_free(&t);
}

/* A table with a window part: keys inside it (its corners too) and outside
 * it (each coordinate just past an edge, days before and after) counted
 * against the sorted list; the window is never given to a table holding
 * keys; the UINT32_MAX limit holds in the window too. */
static void test_window(void **state)
{
    (void)state;
    enum { ADDS = 300000 };
    slp_act_tab t = {0};
    slp_act_tab_window(&t, 4, 10, -50, 100);
    assert_non_null(t.win);
    key4 *added = new_adds(ADDS);
    for (size_t i = 0; i < ADDS; i++) {
        uint64_t r = rnd();
        key4 k = {(uint32_t)(r % 6), (uint32_t)((r >> 8) % 13), (int32_t)((r >> 16) % 130) - 65,
                  1u + (uint32_t)((r >> 32) % 4)};
        if ((r >> 40) % 50 == 0) /* now and then a key of a wide range */
            k.b = (uint32_t)(r >> 44);
        added[i] = k;
        assert_int_equal(slp_act_tab_add(&t, k.a, k.b, k.day, k.n), SALESPLAN_OK);
    }
    assert_true(t.win_keys > 0 && t.win_keys <= 4 * 10 * 100);
    assert_true(t.count + t.run_keys > 0); /* keys outside the window went elsewhere */
    check_against(&t, added, ADDS);
    /* the limit in the window */
    assert_int_equal(slp_act_tab_add(&t, 3, 9, 49, UINT32_MAX), SALESPLAN_ELIMIT);
    slp_act_tab_free(&t);
    slp_act_tab_window(&t, 1, 1, 0, 1);
    assert_int_equal(slp_act_tab_add(&t, 0, 0, 0, UINT32_MAX - 1), SALESPLAN_OK);
    assert_int_equal(slp_act_tab_add(&t, 0, 0, 0, 2), SALESPLAN_ELIMIT);
    assert_int_equal(slp_act_tab_add(&t, 0, 0, 0, 1), SALESPLAN_OK);
    assert_int_equal(slp_act_tab_add(&t, 0, 0, 1, 5), SALESPLAN_OK); /* outside */
    assert_int_equal(slp_act_tab_keys(&t), 2);
    slp_act_tab_free(&t);
    /* no window for a table that holds keys */
    assert_int_equal(slp_act_tab_add(&t, 1, 1, 1, 1), SALESPLAN_OK);
    slp_act_tab_window(&t, 4, 4, 0, 4);
    assert_null(t.win);
    slp_act_tab_free(&t);
    free(added);
}

/* Ids of short values: every length 1..16, texts that differ in a last zero
 * byte only, against a linear search of what was put. */
static void test_short_value_ids(void **state)
{
    (void)state;
    enum { KEYS = 20000 };
    static char value[KEYS][32]; /* 16 bytes of room after each: the loads may read them */
    static size_t len[KEYS];
    slp_act_ids t = {0};
    for (size_t i = 0; i < KEYS; i++) {
        len[i] = 1 + i % 16;
        for (size_t j = 0; j < len[i]; j++)
            value[i][j] = (char)(i % 3 == 0 ? 'a' + (rnd() % 2) : (int)(rnd() % 256));
        if (i % 97 == 0 && len[i] > 1)
            value[i][len[i] - 1] = '\0';
        uint32_t id;
        slp_act_idkey k;
        slp_act_ids_key(&k, value[i], len[i]);
        size_t first = i; /* the first equal text put */
        for (size_t j = 0; j < i; j++)
            if (len[j] == len[i] && memcmp(value[j], value[i], len[i]) == 0) {
                first = j;
                break;
            }
        int found = slp_act_ids_find(&t, &k, &id);
        assert_int_equal(found, first != i);
        if (found)
            assert_int_equal(id, (uint32_t)first);
        else
            slp_act_ids_put(&t, &k, (uint32_t)i);
        char back[17];
        slp_act_ids_text(&k, back);
        assert_memory_equal(back, value[i], len[i]);
        assert_int_equal(back[len[i]], 0);
    }
    /* the same values added at once into room made first: the first id of
     * each text stays, the same texts are held */
    slp_act_ids u = {0};
    slp_act_ids_reserve(&u, KEYS);
    size_t cells = u.mask + 1;
    for (size_t i = 0; i < KEYS; i++) {
        slp_act_idkey k;
        slp_act_ids_key(&k, value[i], len[i]);
        slp_act_ids_add(&u, &k, (uint32_t)i);
    }
    assert_int_equal(u.mask + 1, cells); /* no growing on the way */
    assert_int_equal(u.count, t.count);
    for (size_t i = 0; i < KEYS; i++) {
        slp_act_idkey k;
        uint32_t a, b;
        slp_act_ids_key(&k, value[i], len[i]);
        assert_true(slp_act_ids_find(&t, &k, &a) && slp_act_ids_find(&u, &k, &b));
        assert_int_equal(a, b);
    }
    slp_act_ids_free(&u);
    slp_act_ids_free(&t);
}

/* ---- whole states ------------------------------------------------------------- */

/* A deals snapshot and a log whose links pass the hash part's size: short
 * deal ids and accounts, some longer than 16 bytes, some not UTF-8, some rows
 * repeated far apart. */
static void big_inputs(text *log, text *deals)
{
    add(deals, "Deal ID,Account,Owner,Stage,Created,Closed\n");
    for (int d = 0; d < 3000; d++)
        add(deals, "%s%d,Acct %d,Rep %d,%s,2026-01-%02d,%s\n",
            d % 10 == 3 ? "a-rather-long-deal-id-" : "D", d, d % 400, d % 7,
            d % 3 == 0 ? "Closed Won" : d % 3 == 1 ? "Closed Lost" : "Proposal", 1 + d % 28,
            d % 3 < 2 ? "2026-03-01" : "");
    add(log, "Date,Type,Owner,Deal ID,Account\n");
    static const char *const type[] = {"Call", "Cold email", "Meeting", "A demonstration call"};
    for (int i = 0; i < 400000; i++) {
        uint64_t r = rnd();
        int day = (int)(r % 300), d = (int)((r >> 12) % 3000);
        add(log, "2026-%02d-%02d,%s,Rep %d,", 1 + day / 28 % 12, 1 + day % 28,
            type[(r >> 24) % 4], (int)((r >> 28) % 7));
        int link = (int)((r >> 32) % 8);
        if (link < 6)
            add(log, "%s%d,\n", d % 10 == 3 ? "a-rather-long-deal-id-" : "D", d);
        else if (link == 6)
            add(log, ",Acct %d\n", (int)((r >> 40) % 400));
        else if ((r >> 48) % 50 == 0)
            add(log, ",Acct \xff%d\n", (int)((r >> 40) % 400)); /* not UTF-8: skipped */
        else
            add(log, ",\n");
    }
}

/* The body lines of t in reverse order, after its header. */
static void reversed(const text *t, text *out)
{
    const char *body = (const char *)memchr(t->s, '\n', t->len) + 1;
    add(out, "%.*s", (int)(body - t->s), t->s);
    const char *end = t->s + t->len;
    while (end > body) {
        const char *start = end - 1;
        while (start > body && start[-1] != '\n')
            start--;
        add(out, "%.*s", (int)(end - start), start);
        end = start;
    }
}

static void bytes_of(const salesplan_activity_state *s, char **bytes, size_t *n)
{
    assert_int_equal(salesplan_activity_state_serialize(bytes, n, s, NULL), SALESPLAN_OK);
}

/* A state fed the deals, then the log in pieces of `chunk` bytes: its bytes
 * and its rendered JSON. */
static void state_of(const text *log, const text *deals, size_t chunk, char **bytes,
                     size_t *nbytes, char **json)
{
    salesplan_activity_state *s;
    assert_int_equal(salesplan_activity_state_create(&s, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_feed_csv(s, SALESPLAN_INPUT_DEALS, deals->s,
                                                       deals->len, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_feed_csv_end(s, SALESPLAN_INPUT_DEALS, NULL),
                     SALESPLAN_OK);
    for (size_t at = 0; at < log->len; at += chunk) {
        size_t n = log->len - at < chunk ? log->len - at : chunk;
        assert_int_equal(salesplan_activity_state_feed_csv(s, SALESPLAN_INPUT_LOG, log->s + at, n,
                                                           NULL),
                         SALESPLAN_OK);
    }
    assert_int_equal(salesplan_activity_state_feed_csv_end(s, SALESPLAN_INPUT_LOG, NULL),
                     SALESPLAN_OK);
    bytes_of(s, bytes, nbytes);
    salesplan_activities *r;
    assert_int_equal(salesplan_activity_state_finish(&r, s, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_activities_render(json, NULL, r, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    salesplan_activities_free(r);
    salesplan_activity_state_free(s);
}

static void test_states_spilled_same_bytes(void **state)
{
    (void)state;
    text log = {0}, deals = {0}, rev = {0};
    big_inputs(&log, &deals);
    reversed(&log, &rev);
    char *b1, *b2, *b3, *j1, *j2, *j3;
    size_t n1, n2, n3;
    state_of(&log, &deals, (size_t)1 << 24, &b1, &n1, &j1); /* whole */
    state_of(&log, &deals, 4093, &b2, &n2, &j2);            /* small pieces */
    state_of(&rev, &deals, 65537, &b3, &n3, &j3);           /* the rows reversed */
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
    assert_string_equal(j1, j2);
    /* the reversed log: other ids and lines, the same figures */
    const char *a1 = strstr(j1, "\"activities\""), *a3 = strstr(j3, "\"activities\"");
    const char *w1 = strstr(j1, "\"warnings\""), *w3 = strstr(j3, "\"warnings\"");
    assert_true(a1 && a3 && w1 > a1 && w3 > a3);
    assert_int_equal(w1 - a1, w3 - a3);
    assert_memory_equal(a1, a3, (size_t)(w1 - a1));
    assert_non_null(strstr(j1, "not valid UTF-8"));
    /* the bytes read back and merged with an empty state give the same bytes */
    salesplan_activity_state *s, *e;
    assert_int_equal(salesplan_activity_state_deserialize(&s, b1, n1, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_create(&e, NULL, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_activity_state_merge(e, s, NULL), SALESPLAN_OK);
    char *b4;
    size_t n4;
    bytes_of(e, &b4, &n4);
    assert_int_equal(n4, n1);
    assert_memory_equal(b4, b1, n1);
    salesplan_activity_state_free(s);
    salesplan_activity_state_free(e);
    salesplan_free(b1);
    salesplan_free(b2);
    salesplan_free(b3);
    salesplan_free(b4);
    salesplan_free(j1);
    salesplan_free(j2);
    salesplan_free(j3);
    free(log.s);
    free(deals.s);
    free(rev.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spills_against_sorted_list),
        cmocka_unit_test(test_limit_across_parts),
        cmocka_unit_test(test_extreme_keys),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_short_value_ids),
        cmocka_unit_test(test_states_spilled_same_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
