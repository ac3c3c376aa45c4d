/* The merge law of SPEC §14 on random splits: rows dealt to k parts, each fed
 * as CSV in random chunk sizes or as records, serialized and read back, then
 * merged in random orders and tree shapes, finish into exactly the estimate
 * of one state fed everything (the JSON renders compared byte for byte; the
 * `bytes` read are compared when every part was CSV). Also: corrupt bytes,
 * incompatible states, and allocation failures over every call. */
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

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return b;
}

static const char *data_path(const char *name)
{
    static char buf[1024];
    const char *dir = getenv("SALESPLAN_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/estimate/%s", dir ? dir : "data", name);
    return buf;
}

/* xorshift: the same splits on every machine */
static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static size_t below(size_t n) { return n ? (size_t)(next() % n) : 0; }

/* Lines of a CSV without quoted line ends: [start, end) of each, line end included. */
typedef struct lines {
    const char **p;
    size_t *n;
    size_t count;
} lines;

static lines split_lines(const char *b, size_t len)
{
    lines l = {calloc(len + 1, sizeof(char *)), calloc(len + 1, sizeof(size_t)), 0};
    size_t s = 0;
    for (size_t i = 0; i < len; i++)
        if (b[i] == '\n' || i + 1 == len) {
            l.p[l.count] = b + s;
            l.n[l.count] = i + 1 - s;
            l.count++;
            s = i + 1;
        }
    return l;
}

/* Fields of one line (quotes honoured, no line ends inside). */
static size_t fields_of(const char *s, size_t n, char delim, char **out, size_t max)
{
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    size_t k = 0, i = 0;
    for (;;) {
        char *f = malloc(n + 1);
        size_t w = 0;
        if (i < n && s[i] == '"') {
            i++;
            while (i < n) {
                if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
                    f[w++] = '"';
                    i += 2;
                } else if (s[i] == '"') {
                    i++;
                    break;
                } else {
                    f[w++] = s[i++];
                }
            }
        }
        while (i < n && s[i] != delim)
            f[w++] = s[i++];
        f[w] = '\0';
        if (k < max)
            out[k++] = f;
        else
            free(f);
        if (i >= n)
            break;
        i++;
    }
    return k;
}

static char *render(const salesplan_estimate *e)
{
    char *j = NULL;
    size_t n;
    assert_int_equal(salesplan_estimate_render(&j, &n, e, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    return j;
}

/* The JSON without the value of "bytes" (records have no bytes). */
static void drop_bytes(char *j)
{
    char *p = strstr(j, "\"bytes\": ");
    if (p == NULL)
        return;
    char *q = p + 9;
    while (*q >= '0' && *q <= '9')
        q++;
    memmove(p + 9, q, strlen(q) + 1);
}

static salesplan_estimate_state *roundtrip(salesplan_estimate_state *s)
{
    char *b = NULL;
    size_t n = 0;
    assert_int_equal(salesplan_estimate_state_serialize(&b, &n, s, NULL), SALESPLAN_OK);
    salesplan_estimate_state *t = NULL;
    salesplan_error err;
    int rc = salesplan_estimate_state_deserialize(&t, b, n, &err);
    if (rc != SALESPLAN_OK)
        fail_msg("deserialize: %s", err.message);
    /* the same state gives the same bytes */
    char *b2 = NULL;
    size_t n2 = 0;
    assert_int_equal(salesplan_estimate_state_serialize(&b2, &n2, t, NULL), SALESPLAN_OK);
    assert_int_equal(n, n2);
    assert_memory_equal(b, b2, n);
    salesplan_free(b);
    salesplan_free(b2);
    salesplan_estimate_state_free(s);
    return t;
}

/* One trial of the law on the CSV text; returns nothing, asserts equality. */
static void law_trial(const char *text, size_t len, const salesplan_estimate_options *o,
                      const char *want, const char *want_nobytes, size_t k, int records_ok)
{
    lines l = split_lines(text, len);
    assert_true(l.count >= 1);
    size_t *part = calloc(l.count, sizeof *part);
    for (size_t i = 1; i < l.count; i++)
        part[i] = below(k);
    salesplan_estimate_state **st = calloc(k, sizeof *st);
    int any_records = 0;
    char *names[64];
    size_t nnames = fields_of(l.p[0], l.n[0], o->delimiter ? o->delimiter : ',', names, 64);
    for (size_t p = 0; p < k; p++) {
        assert_int_equal(salesplan_estimate_state_create(&st[p], o, NULL), SALESPLAN_OK);
        int as_records = records_ok && below(3) == 0;
        any_records |= as_records;
        if (as_records) {
            assert_int_equal(salesplan_estimate_state_set_columns(
                                 st[p], (const char *const *)names, nnames, NULL),
                             SALESPLAN_OK);
            for (size_t i = 1; i < l.count; i++) {
                if (part[i] != p || l.n[i] <= 1)
                    continue;
                char *f[64];
                size_t nf = fields_of(l.p[i], l.n[i], o->delimiter ? o->delimiter : ',', f, 64);
                salesplan_value v[64];
                for (size_t j = 0; j < nf; j++) {
                    v[j].type = f[j][0] ? SALESPLAN_VALUE_TEXT : SALESPLAN_VALUE_NULL;
                    v[j].text = f[j];
                    v[j].len = strlen(f[j]);
                }
                salesplan_error err;
                int rc = salesplan_estimate_state_feed_record(st[p], v, nf, &err);
                if (rc != SALESPLAN_OK)
                    fail_msg("record: %s", err.message);
                for (size_t j = 0; j < nf; j++)
                    free(f[j]);
            }
        } else {
            /* the part's CSV: the header and its rows, fed in random chunk sizes */
            size_t cap = len + 1, used = 0;
            char *csv = malloc(cap);
            memcpy(csv, l.p[0], l.n[0]);
            used = l.n[0];
            for (size_t i = 1; i < l.count; i++)
                if (part[i] == p) {
                    memcpy(csv + used, l.p[i], l.n[i]);
                    used += l.n[i];
                }
            for (size_t at = 0; at < used;) {
                size_t c = 1 + below(below(2) ? 7 : 4096);
                if (c > used - at)
                    c = used - at;
                salesplan_error err;
                int rc = salesplan_estimate_state_feed_csv(st[p], csv + at, c, &err);
                if (rc != SALESPLAN_OK)
                    fail_msg("feed: %s", err.message);
                at += c;
            }
            assert_int_equal(salesplan_estimate_state_feed_csv_end(st[p], NULL), SALESPLAN_OK);
            free(csv);
        }
        if (below(2))
            st[p] = roundtrip(st[p]);
    }
    /* merge in a random tree: two random states, one into the other, until one */
    size_t alive = k;
    while (alive > 1) {
        size_t a = below(alive), b = below(alive - 1);
        if (b >= a)
            b++;
        salesplan_error err;
        int rc = salesplan_estimate_state_merge(st[a], st[b], &err);
        if (rc != SALESPLAN_OK)
            fail_msg("merge: %s", err.message);
        salesplan_estimate_state_free(st[b]);
        st[b] = st[alive - 1];
        alive--;
        if (a == alive)
            a = b;
        if (below(3) == 0)
            st[a] = roundtrip(st[a]);
    }
    salesplan_estimate *e = NULL;
    salesplan_error err;
    int rc = salesplan_estimate_state_finish(&e, st[0], &err);
    if (rc != SALESPLAN_OK)
        fail_msg("finish: %s", err.message);
    char *got = render(e);
    if (any_records) {
        drop_bytes(got);
        assert_string_equal(got, want_nobytes);
    } else {
        assert_string_equal(got, want);
    }
    salesplan_free(got);
    salesplan_estimate_free(e);
    salesplan_estimate_state_free(st[0]);
    for (size_t j = 0; j < nnames; j++)
        free(names[j]);
    free(st);
    free(part);
    free(l.p);
    free(l.n);
}

static void law_on(const char *path, const salesplan_estimate_options *o, int trials)
{
    size_t len;
    char *text = slurp(path, &len);
    if (text == NULL) {
        print_message("skipped: %s is not here\n", path);
        return;
    }
    salesplan_estimate *one = NULL;
    salesplan_error err;
    int rc = salesplan_estimate_file(&one, path, o, &err);
    if (rc != SALESPLAN_OK)
        fail_msg("%s: %s", path, err.message);
    char *want = render(one);
    char *want_nobytes = render(one);
    drop_bytes(want_nobytes);
    /* the problems' lines are those of each part: the law is checked on clean files */
    assert_int_equal(salesplan_estimate_info_get(one)->skipped, 0);
    for (int t = 0; t < trials; t++)
        law_trial(text, len, o, want, want_nobytes, 1 + below(t % 3 == 0 ? 2 : 9), 1);
    salesplan_free(want);
    salesplan_free(want_nobytes);
    salesplan_estimate_free(one);
    free(text);
}

static void test_law_snapshot_fixture(void **state)
{
    (void)state;
    const char *groups[] = {"region"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 1;
    law_on(data_path("snapshot.csv"), &o, 30);
    const char *agents[] = {"agent"};
    o.group_columns = agents;
    law_on(data_path("by_agent.csv"), &o, 30);
}

static void test_law_transitions_fixture(void **state)
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
    law_on(data_path("transitions.csv"), &o, 60);
}

static void test_law_shared_export(void **state)
{
    (void)state;
    const char *groups[] = {"sales_agent", "product"};
    const char *path;
    SHARED_DATA_OR_SKIP(path, SHARED_EXPORT);
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 2;
    law_on(path, &o, 12);
}

/* Typed values: numbers and days give what their text gives. */
static void test_typed_records(void **state)
{
    (void)state;
    const char *csv = "id,stage,created,closed,amount\n1,Won,2024-01-01,2024-01-11,100.5\n"
                      "2,Lost,2024-01-02,2024-01-05,\n3,Won,2024-01-03,2024-02-03,0.1\n";
    salesplan_estimate *a = NULL;
    assert_int_equal(salesplan_estimate_buffer(&a, csv, strlen(csv), NULL, NULL), SALESPLAN_OK);
    salesplan_estimate_state *s = NULL;
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.decimal_comma = SALESPLAN_DECIMAL_COMMA; /* typed numbers are never read with a comma */
    assert_int_equal(salesplan_estimate_state_create(&s, &o, NULL), SALESPLAN_OK);
    const char *cols[] = {"id", "stage", "created", "closed", "amount"};
    assert_int_equal(salesplan_estimate_state_set_columns(s, cols, 5, NULL), SALESPLAN_OK);
    const long long created[] = {19723, 19724, 19725}, closed[] = {19733, 19727, 19756};
    const double amount[] = {100.5, 0.0 / 0.0, 0.1};
    const char *stage[] = {"Won", "Lost", "Won"};
    for (int i = 0; i < 3; i++) {
        char id[8];
        snprintf(id, sizeof id, "%d", i + 1);
        salesplan_value v[5] = {
            {SALESPLAN_VALUE_TEXT, id, strlen(id), 0, 0},
            {SALESPLAN_VALUE_TEXT, stage[i], strlen(stage[i]), 0, 0},
            {SALESPLAN_VALUE_DATE, NULL, 0, 0, created[i]},
            {SALESPLAN_VALUE_DATE, NULL, 0, 0, closed[i]},
            {SALESPLAN_VALUE_NUMBER, NULL, 0, amount[i], 0},
        };
        assert_int_equal(salesplan_estimate_state_feed_record(s, v, 5, NULL), SALESPLAN_OK);
    }
    salesplan_estimate *b = NULL;
    assert_int_equal(salesplan_estimate_state_finish(&b, s, NULL), SALESPLAN_OK);
    const salesplan_estimate_figures *fa = salesplan_estimate_overall(a),
                                     *fb = salesplan_estimate_overall(b);
    assert_int_equal(fb->won, 2);
    assert_true(fa->won_amount_sum == fb->won_amount_sum);
    assert_true(fb->won_amount_sum == 100.6); /* exact sum 100.6000000000000000055..., rounded */
    assert_true(fa->cycle_days_mean == fb->cycle_days_mean);
    assert_true(fb->cycle_days_mean == 20.5);
    salesplan_estimate_free(a);
    salesplan_estimate_free(b);
    salesplan_estimate_state_free(s);
}

/* The sum is exact whatever the order: 1e16 + 1 - 1e16 pieces in any split. */
static void test_exact_sum(void **state)
{
    (void)state;
    const char *rows[] = {"1,Won,,,1e16\n", "2,Won,,,1\n", "3,Won,,,-1e16\n", "4,Won,,,1\n"};
    const char *head = "id,stage,created,closed,amount\n";
    for (int perm = 0; perm < 24; perm++) {
        int idx[4] = {0, 1, 2, 3};
        int p = perm;
        for (int i = 3; i > 0; i--) { /* the perm-th permutation */
            int j = p % (i + 1);
            p /= i + 1;
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        salesplan_estimate_state *s = NULL, *u = NULL;
        assert_int_equal(salesplan_estimate_state_create(&s, NULL, NULL), SALESPLAN_OK);
        assert_int_equal(salesplan_estimate_state_create(&u, NULL, NULL), SALESPLAN_OK);
        salesplan_estimate_state_feed_csv(s, head, strlen(head), NULL);
        salesplan_estimate_state_feed_csv(u, head, strlen(head), NULL);
        for (int i = 0; i < 4; i++) {
            salesplan_estimate_state *t = i < 2 ? s : u;
            assert_int_equal(salesplan_estimate_state_feed_csv(t, rows[idx[i]],
                                                               strlen(rows[idx[i]]), NULL),
                             SALESPLAN_OK);
        }
        salesplan_estimate_state_feed_csv_end(s, NULL);
        salesplan_estimate_state_feed_csv_end(u, NULL);
        assert_int_equal(salesplan_estimate_state_merge(s, u, NULL), SALESPLAN_OK);
        salesplan_estimate *e = NULL;
        assert_int_equal(salesplan_estimate_state_finish(&e, s, NULL), SALESPLAN_OK);
        assert_true(salesplan_estimate_overall(e)->won_amount_sum == 2.0);
        salesplan_estimate_free(e);
        salesplan_estimate_state_free(s);
        salesplan_estimate_state_free(u);
    }
}

static salesplan_estimate_state *small_state(void)
{
    const char *csv = "id,stage,created,closed,amount,region\n1,Won,2024-01-01,2024-01-11,100,"
                      "East\n2,Lost,2024-01-02,2024-01-05,,West\n";
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    static const char *groups[] = {"region"};
    o.group_columns = groups;
    o.group_count = 1;
    salesplan_estimate_state *s = NULL;
    assert_int_equal(salesplan_estimate_state_create(&s, &o, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_state_feed_csv(s, csv, strlen(csv), NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_state_feed_csv_end(s, NULL), SALESPLAN_OK);
    return s;
}

static void test_corrupt_bytes(void **state)
{
    (void)state;
    salesplan_estimate_state *s = small_state();
    char *b = NULL;
    size_t n = 0;
    assert_int_equal(salesplan_estimate_state_serialize(&b, &n, s, NULL), SALESPLAN_OK);
    salesplan_estimate_state *t = NULL;
    salesplan_error err;
    /* every truncation is refused */
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(salesplan_estimate_state_deserialize(&t, b, k, &err), SALESPLAN_EDATA);
        assert_null(t);
    }
    /* every flipped bit is refused (the checksum, or the header's own checks) */
    for (size_t k = 0; k < n * 8; k += 3) {
        b[k / 8] ^= (char)(1u << (k % 8));
        assert_int_equal(salesplan_estimate_state_deserialize(&t, b, n, &err), SALESPLAN_EDATA);
        assert_null(t);
        b[k / 8] ^= (char)(1u << (k % 8));
    }
    assert_int_equal(salesplan_estimate_state_deserialize(&t, b, n, &err), SALESPLAN_OK);
    salesplan_estimate_state_free(t);
    /* messages say what is wrong */
    assert_int_equal(salesplan_estimate_state_deserialize(&t, "hello", 5, &err), SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "shorter than its 32-byte header"));
    b[12] ^= 1; /* byte-order mark */
    assert_int_equal(salesplan_estimate_state_deserialize(&t, b, n, &err), SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "byte order"));
    b[12] ^= 1;
    b[n - 1] ^= 0x40;
    assert_int_equal(salesplan_estimate_state_deserialize(&t, b, n, &err), SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "checksum"));
    salesplan_free(b);
    salesplan_estimate_state_free(s);
}

static void test_incompatible(void **state)
{
    (void)state;
    salesplan_estimate_state *a = small_state(), *b = NULL;
    assert_int_equal(salesplan_estimate_state_create(&b, NULL, NULL), SALESPLAN_OK);
    salesplan_error err;
    assert_int_equal(salesplan_estimate_state_merge(a, b, &err), SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "different options"));
    assert_int_equal(salesplan_estimate_state_merge(a, a, &err), SALESPLAN_EINVAL);
    /* a part with other columns */
    salesplan_estimate_state *c = small_state();
    const char *cols[] = {"id", "stage", "created", "closed", "amount", "region", "x"};
    assert_int_equal(salesplan_estimate_state_set_columns(c, cols, 7, &err), SALESPLAN_EINVAL);
    /* bytes not ended cannot be merged or serialized */
    salesplan_estimate_state *d = NULL;
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    const char *groups[] = {"region"};
    o.group_columns = groups;
    o.group_count = 1;
    assert_int_equal(salesplan_estimate_state_create(&d, &o, NULL), SALESPLAN_OK);
    const char *part = "id,stage,created,closed,amount,region\n3,Won,,,5,East";
    assert_int_equal(salesplan_estimate_state_feed_csv(d, part, strlen(part), NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_state_merge(a, d, &err), SALESPLAN_EINVAL);
    /* ... but finished as they are: the last row counts */
    salesplan_estimate *e = NULL;
    assert_int_equal(salesplan_estimate_state_finish(&e, d, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_overall(e)->won, 1);
    salesplan_estimate_free(e);
    salesplan_estimate_state_free(a);
    salesplan_estimate_state_free(b);
    salesplan_estimate_state_free(c);
    salesplan_estimate_state_free(d);
}

/* Every allocation of create, feed, merge, serialize, deserialize and finish
 * may fail: a status, never a crash or a leak (the counting allocator checks). */
static void test_alloc_failures(void **state)
{
    (void)state;
    const char *csv = "id,stage,created,closed,amount,region\n1,Won,2024-01-01,2024-01-11,100,"
                      "East\n2,Lost,2024-01-02,2024-01-05,,West\n3,won,2024-01-01,2024-03-01,7,"
                      "East\n";
    const char *groups[] = {"region"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 1;
    int completed = 0;
    for (long n = 1; n < 2000 && !completed; n++) {
        tst_alloc_fail_at(n);
        salesplan_estimate_state *a = NULL, *b = NULL, *c = NULL;
        salesplan_estimate *e = NULL;
        char *bytes = NULL;
        size_t len = 0;
        int rc = salesplan_estimate_state_create(&a, &o, NULL);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_create(&b, &o, NULL);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_feed_csv(a, csv, strlen(csv), NULL);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_feed_csv_end(a, NULL);
        const char *cols[] = {"id", "stage", "created", "closed", "amount", "region"};
        salesplan_value v[6] = {{SALESPLAN_VALUE_TEXT, "9", 1, 0, 0},
                                {SALESPLAN_VALUE_TEXT, "Won", 3, 0, 0},
                                {SALESPLAN_VALUE_DATE, NULL, 0, 0, 19000},
                                {SALESPLAN_VALUE_DATE, NULL, 0, 0, 19010},
                                {SALESPLAN_VALUE_NUMBER, NULL, 0, 12.5, 0},
                                {SALESPLAN_VALUE_TEXT, "North", 5, 0, 0}};
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_set_columns(b, cols, 6, NULL);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_feed_record(b, v, 6, NULL);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_merge(a, b, NULL);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_serialize(&bytes, &len, a, NULL);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_deserialize(&c, bytes, len, NULL);
        if (rc == SALESPLAN_OK)
            rc = salesplan_estimate_state_finish(&e, c, NULL);
        if (rc == SALESPLAN_OK) {
            assert_false(tst_alloc_failed());
            assert_int_equal(salesplan_estimate_overall(e)->won, 3);
            completed = 1;
        } else {
            assert_int_equal(rc, SALESPLAN_ENOMEM);
            assert_true(tst_alloc_failed());
        }
        tst_alloc_never_fail();
        salesplan_estimate_free(e);
        salesplan_free(bytes);
        salesplan_estimate_state_free(a);
        salesplan_estimate_state_free(b);
        salesplan_estimate_state_free(c);
        assert_int_equal(tst_alloc_state()->live, 0);
    }
    assert_true(completed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_law_snapshot_fixture),
        cmocka_unit_test(test_law_transitions_fixture),
        cmocka_unit_test(test_law_shared_export),
        cmocka_unit_test(test_typed_records),
        cmocka_unit_test(test_exact_sum),
        cmocka_unit_test(test_corrupt_bytes),
        cmocka_unit_test(test_incompatible),
        TST_ALLOC_TEST(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
