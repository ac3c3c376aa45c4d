/* Counts keyed by (a, b, day): see activity_tab.h. */
#include <string.h>

#include "common/alloc.h"
#include "estimate/activity_tab.h"
#include "salesplan/common.h"

static size_t slot_of(uint32_t a, uint32_t b, int32_t day, size_t mask)
{
    uint64_t h = ((uint64_t)a << 32 | b) * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)(uint32_t)day * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return (size_t)h & mask;
}

/* -1, 0, 1 as (a, b, day) orders x before, with or after y. */
static int key_cmp(const slp_act_cell *x, uint32_t a, uint32_t b, int32_t day)
{
    if (x->a != a)
        return x->a < a ? -1 : 1;
    if (x->b != b)
        return x->b < b ? -1 : 1;
    return (x->day > day) - (x->day < day);
}

/* Count of (a, b, day) in the sorted part (0 when absent). */
static uint32_t run_count(const slp_act_tab *t, uint32_t a, uint32_t b, int32_t day)
{
    size_t lo = 0, hi = t->run_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(&t->run[mid], a, b, day);
        if (c == 0)
            return t->run[mid].n;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Digit d (0: least significant) of a cell's sort key, 8 bits a digit over
 * the day (sign bit flipped), then b, then a. */
static unsigned digit(const slp_act_cell *c, int d)
{
    uint32_t w = d < 4 ? (uint32_t)c->day ^ 0x80000000u : d < 8 ? c->b : c->a;
    return (w >> (8 * (d & 3))) & 0xFFu;
}

/* Sort c[0..n) by key with the help of tmp[0..n) (LSD radix, skipping the
 * digits all keys share). The result is in c. */
static void radix_sort(slp_act_cell *c, slp_act_cell *tmp, size_t n)
{
    uint32_t count[12][256]; /* n < 2^32: the hash part is smaller */
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 12; d++)
            count[d][digit(&c[i], d)]++;
    slp_act_cell *src = c, *dst = tmp;
    for (int d = 0; d < 12; d++) {
        if (count[d][digit(&c[0], d)] == n)
            continue; /* every key has this digit */
        size_t at[256], sum = 0;
        for (int v = 0; v < 256; v++) {
            at[v] = sum;
            sum += count[d][v];
        }
        for (size_t i = 0; i < n; i++)
            dst[at[digit(&src[i], d)]++] = src[i];
        slp_act_cell *s = src;
        src = dst;
        dst = s;
    }
    if (src != c)
        memcpy(c, src, n * sizeof *c);
}

/* Move the hash part into the sorted part; the hash part is left empty
 * (on ENOMEM both are left as they were). No memory but the sorted part's. */
static int spill(slp_act_tab *t)
{
    size_t k = t->count;
    if (k == 0)
        return SALESPLAN_OK;
    if (t->run_n + k > t->run_cap) {
        size_t cap = t->run_n + k + (t->run_n + k) / 8;
        slp_act_cell *r = slp_reallocarray(t->run, cap, sizeof *r);
        if (r == NULL)
            return SALESPLAN_ENOMEM;
        t->run = r;
        t->run_cap = cap;
    }
    k = 0;
    for (size_t i = 0; i <= t->mask; i++) /* gather the cells in use at the front */
        if (t->cell[i].n != 0)
            t->cell[k++] = t->cell[i];
    /* the run's room for the merge is the sort's scratch until the merge */
    radix_sort(t->cell, t->run + t->run_n, k);
    /* merge from the back: out stays above the unread part of the run */
    size_t i = t->run_n, j = k, out = t->run_n + k;
    slp_act_cell *r = t->run;
    const slp_act_cell *h = t->cell;
    while (j > 0) {
        int c = i > 0 ? key_cmp(&r[i - 1], h[j - 1].a, h[j - 1].b, h[j - 1].day) : -1;
        if (c > 0) {
            r[--out] = r[--i];
        } else if (c == 0) {
            r[--out] = r[--i];
            r[out].n += h[--j].n; /* within UINT32_MAX: see slp_act_tab_add */
        } else {
            r[--out] = h[--j];
        }
        if (r[out].n > t->run_max)
            t->run_max = r[out].n;
    }
    if (out > i) /* keys met in both parts left a gap */
        memmove(r + i, r + out, (t->run_n + k - out) * sizeof *r);
    t->run_n = i + (t->run_n + k - out);
    memset(t->cell, 0, (t->mask + 1) * sizeof *t->cell);
    t->count = 0;
    return SALESPLAN_OK;
}

static int grow(slp_act_tab *t)
{
    if (t->mask + 1 >= SLP_ACT_TAB_HASH_CELLS)
        return spill(t);
    size_t cells = t->mask ? (t->mask + 1) * 2 : 64;
    slp_act_cell *c = slp_calloc(cells, sizeof *c);
    if (c == NULL)
        return SALESPLAN_ENOMEM;
    size_t mask = cells - 1;
    if (t->mask)
        for (size_t i = 0; i <= t->mask; i++) {
            const slp_act_cell *o = &t->cell[i];
            if (o->n == 0)
                continue;
            size_t s = slot_of(o->a, o->b, o->day, mask);
            while (c[s].n != 0)
                s = (s + 1) & mask;
            c[s] = *o;
        }
    slp_free(t->cell);
    t->cell = c;
    t->mask = mask;
    return SALESPLAN_OK;
}

int slp_act_tab_add(slp_act_tab *t, uint32_t a, uint32_t b, int32_t day, uint32_t n)
{
    if ((t->count + 1) * 4 > (t->mask ? t->mask + 1 : 0) * 3) {
        int rc = grow(t);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    size_t s = slot_of(a, b, day, t->mask);
    slp_act_cell *c = &t->cell[s];
    while (c->n != 0 && (c->a != a || c->b != b || c->day != day)) {
        s = (s + 1) & t->mask;
        c = &t->cell[s];
    }
    uint32_t have = c->n; /* the hash part's count; the sorted part may hold more */
    uint64_t sum = (uint64_t)have + n;
    if (sum > UINT32_MAX ||
        (sum + t->run_max > UINT32_MAX && sum + run_count(t, a, b, day) > UINT32_MAX))
        return SALESPLAN_ELIMIT;
    if (have == 0) {
        c->a = a;
        c->b = b;
        c->day = day;
        t->count++;
    }
    c->n = (uint32_t)sum;
    return SALESPLAN_OK;
}

void slp_act_tab_prefetch(const slp_act_tab *t, uint32_t a, uint32_t b, int32_t day)
{
#if defined(__GNUC__) || defined(__clang__)
    if (t->mask)
        __builtin_prefetch(&t->cell[slot_of(a, b, day, t->mask)]);
#else
    (void)t;
    (void)a;
    (void)b;
    (void)day;
#endif
}

void slp_act_tab_free(slp_act_tab *t)
{
    slp_free(t->cell);
    slp_free(t->run);
    memset(t, 0, sizeof *t);
}
