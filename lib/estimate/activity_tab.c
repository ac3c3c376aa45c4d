/* Counts keyed by (a, b, day): see activity_tab.h. */
#include <string.h>

#include "common/alloc.h"
#include "estimate/activity_tab.h"
#include "salesplan/common.h"

/* Bytes a packed key can take at most: a tag of 35 bits and three 32-bit
 * values, 7 bits a byte. */
#define KEY_MAX_BYTES 20

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

/* ---- packed runs ------------------------------------------------------------
 * A key is a tag, a variable-length number (7 bits a byte, low bits first):
 * bits 0-1 say how it differs from the key before it, bit 2 that its count
 * is not 1, the rest is a difference or a value:
 *   0: the same a and b, a later day: the tag's value is the day's step - 1;
 *   1: the same a, a larger b: the value is b's step - 1, then the day;
 *   2: the first key of a block, or another a: the value is a, then b, the day.
 * Days are written from the run's smallest day; a count that is not 1 follows. */

static void run_free(slp_act_run *r)
{
    slp_free(r->bytes);
    slp_free(r->blk);
    memset(r, 0, sizeof *r);
}

static unsigned char *put_num(unsigned char *p, uint64_t v)
{
    while (v >= 0x80u) {
        *p++ = (unsigned char)(v | 0x80u);
        v >>= 7;
    }
    *p++ = (unsigned char)v;
    return p;
}

static uint64_t get_num(const unsigned char **pp)
{
    const unsigned char *p = *pp;
    uint64_t v = *p++;
    if (v >= 0x80u) {
        v &= 0x7Fu;
        for (unsigned sh = 7;; sh += 7) {
            uint64_t c = *p++;
            v |= (c & 0x7Fu) << sh;
            if (c < 0x80u)
                break;
        }
    }
    *pp = p;
    return v;
}

void slp_act_dec_init(slp_act_dec *d, const slp_act_run *r)
{
    d->p = r->bytes;
    d->left = r->n;
    d->a = d->b = 0;
    d->day = d->day0 = r->day0;
}

int slp_act_dec_next(slp_act_dec *d, slp_act_cell *c)
{
    if (d->left == 0)
        return 0;
    d->left--;
    uint64_t tag = get_num(&d->p);
    uint64_t v = tag >> 3;
    switch (tag & 3u) {
    case 0:
        d->day = (int32_t)((uint32_t)d->day + (uint32_t)v + 1u);
        break;
    case 1:
        d->b += (uint32_t)v + 1u;
        d->day = (int32_t)((uint32_t)d->day0 + (uint32_t)get_num(&d->p));
        break;
    default:
        d->a = (uint32_t)v;
        d->b = (uint32_t)get_num(&d->p);
        d->day = (int32_t)((uint32_t)d->day0 + (uint32_t)get_num(&d->p));
        break;
    }
    c->a = d->a;
    c->b = d->b;
    c->day = d->day;
    c->n = (tag & 4u) ? (uint32_t)get_num(&d->p) : 1u;
    return 1;
}

/* Writing a run of at most `keys` keys that come in order into `bytes`
 * bytes made at the start (a spill makes room for every key at its largest;
 * a merge for the two runs' bytes and a largest key a block: a key never
 * takes more bytes after the key before it than in its own run, where the
 * key before it was no closer). Putting a key cannot fail; `full` is only a
 * guard. */
typedef struct packer {
    slp_act_run r;
    size_t cap;
    int full;
} packer;

static int pack_begin(packer *k, size_t keys, size_t bytes, int32_t day0)
{
    memset(k, 0, sizeof *k);
    k->cap = bytes;
    k->r.day0 = day0;
    k->r.bytes = slp_malloc(bytes);
    k->r.blk = slp_calloc(keys / SLP_ACT_TAB_BLOCK + 1, sizeof *k->r.blk);
    if (k->r.bytes == NULL || k->r.blk == NULL) {
        slp_free(k->r.bytes);
        slp_free(k->r.blk);
        return SALESPLAN_ENOMEM;
    }
    return SALESPLAN_OK;
}

static void pack_put(packer *k, const slp_act_cell *c, const slp_act_cell *prev)
{
    slp_act_run *r = &k->r;
    if (k->cap - r->len < KEY_MAX_BYTES) {
        k->full = 1;
        return;
    }
    unsigned char *p = r->bytes + r->len;
    uint64_t more = c->n != 1u ? 4u : 0u;
    if (r->n % SLP_ACT_TAB_BLOCK == 0) {
        r->blk[r->n / SLP_ACT_TAB_BLOCK] = (slp_act_blk){c->a, c->b, c->day, r->len};
        prev = NULL;
    }
    uint32_t day = (uint32_t)c->day - (uint32_t)r->day0;
    if (prev == NULL || prev->a != c->a) {
        p = put_num(p, (uint64_t)c->a << 3 | more | 2u);
        p = put_num(p, c->b);
        p = put_num(p, day);
    } else if (prev->b != c->b) {
        p = put_num(p, (uint64_t)(c->b - prev->b - 1u) << 3 | more | 1u);
        p = put_num(p, day);
    } else {
        p = put_num(p, (uint64_t)((uint32_t)c->day - (uint32_t)prev->day - 1u) << 3 | more);
    }
    if (more)
        p = put_num(p, c->n);
    if (c->n > r->max)
        r->max = c->n;
    r->len = (size_t)(p - r->bytes);
    r->n++;
}

/* The run written, its bytes cut to their size. */
static slp_act_run pack_end(packer *k)
{
    unsigned char *b = slp_realloc(k->r.bytes, k->r.len + 1);
    if (b != NULL)
        k->r.bytes = b;
    return k->r;
}

/* Count of (a, b, day) in run r (0 when absent): the last block starting at
 * or before the key, read from its start. */
static uint32_t run_count(const slp_act_run *r, uint32_t a, uint32_t b, int32_t day)
{
    size_t lo = 0, hi = (r->n + SLP_ACT_TAB_BLOCK - 1) / SLP_ACT_TAB_BLOCK;
    while (lo < hi) { /* blocks [0, lo) start at or before the key */
        size_t mid = lo + (hi - lo) / 2;
        const slp_act_blk *k = &r->blk[mid];
        if (key_cmp(&(slp_act_cell){k->a, k->b, k->day, 0}, a, b, day) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    slp_act_dec d;
    slp_act_dec_init(&d, r);
    d.p = r->bytes + r->blk[lo - 1].off;
    d.left = r->n - (lo - 1) * SLP_ACT_TAB_BLOCK;
    if (d.left > SLP_ACT_TAB_BLOCK)
        d.left = SLP_ACT_TAB_BLOCK;
    slp_act_cell c;
    while (slp_act_dec_next(&d, &c)) {
        int o = key_cmp(&c, a, b, day);
        if (o == 0)
            return c.n;
        if (o > 0)
            break;
    }
    return 0;
}

/* Runs x and y (x older) as one run; SALESPLAN_ENOMEM leaves them as they were. */
static int merge_runs(const slp_act_run *x, const slp_act_run *y, slp_act_run *out)
{
    packer k;
    size_t keys = x->n + y->n, bytes = x->len + y->len;
    if (keys > SIZE_MAX / KEY_MAX_BYTES - bytes - 1 ||
        pack_begin(&k, keys, bytes + (keys / SLP_ACT_TAB_BLOCK + 1) * KEY_MAX_BYTES,
                   x->day0 < y->day0 ? x->day0 : y->day0) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    slp_act_dec dx, dy;
    slp_act_dec_init(&dx, x);
    slp_act_dec_init(&dy, y);
    slp_act_cell cx, cy, last = {0, 0, 0, 0};
    int hx = slp_act_dec_next(&dx, &cx), hy = slp_act_dec_next(&dy, &cy);
    while (hx || hy) {
        int o = !hx ? 1 : !hy ? -1 : key_cmp(&cx, cy.a, cy.b, cy.day);
        slp_act_cell c = o <= 0 ? cx : cy;
        if (o == 0)
            c.n += cy.n; /* within UINT32_MAX: see slp_act_tab_add */
        pack_put(&k, &c, k.r.n ? &last : NULL);
        last = c;
        if (o <= 0)
            hx = slp_act_dec_next(&dx, &cx);
        if (o >= 0)
            hy = slp_act_dec_next(&dy, &cy);
    }
    if (k.full) {
        run_free(&k.r);
        return SALESPLAN_ENOMEM;
    }
    *out = pack_end(&k);
    return SALESPLAN_OK;
}

/* ---- the hash part ---------------------------------------------------------- */

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

/* Merge the two newest runs while the newer is at least half the older:
 * sizes then at least halve from run to run, so the runs hold at most twice
 * the keys of the largest. A merge that finds no memory is left for later
 * (the runs are right as they are). */
static void settle(slp_act_tab *t)
{
    while (t->nrun >= 2 && t->run[t->nrun - 1].n * 2 >= t->run[t->nrun - 2].n) {
        slp_act_run *x = &t->run[t->nrun - 2], *y = &t->run[t->nrun - 1], m;
        if (merge_runs(x, y, &m) != SALESPLAN_OK)
            return;
        t->run_keys -= x->n + y->n - m.n;
        t->run_max -= (uint64_t)x->max + y->max - m.max; /* m.max <= x->max + y->max */
        run_free(x);
        run_free(y);
        *x = m;
        t->nrun--;
    }
}

/* Move the hash part into a new run; the hash part is left empty (on ENOMEM
 * both parts are left as they were). */
static int spill(slp_act_tab *t)
{
    size_t k = t->count;
    if (k == 0)
        return SALESPLAN_OK;
    if (t->nrun == t->run_cap) {
        size_t cap = t->run_cap ? t->run_cap * 2 : 8;
        slp_act_run *r = slp_reallocarray(t->run, cap, sizeof *r);
        if (r == NULL)
            return SALESPLAN_ENOMEM;
        t->run = r;
        t->run_cap = cap;
    }
    slp_act_cell *tmp = slp_malloc(k * sizeof *tmp);
    packer p;
    if (tmp == NULL || pack_begin(&p, k, k * KEY_MAX_BYTES, 0) != SALESPLAN_OK) {
        slp_free(tmp);
        return SALESPLAN_ENOMEM;
    }
    k = 0;
    int32_t day0 = INT32_MAX;
    for (size_t i = 0; i <= t->mask; i++) /* gather the cells in use at the front */
        if (t->cell[i].n != 0) {
            if (t->cell[i].day < day0)
                day0 = t->cell[i].day;
            t->cell[k++] = t->cell[i];
        }
    radix_sort(t->cell, tmp, k);
    slp_free(tmp);
    p.r.day0 = day0;
    for (size_t i = 0; i < k; i++)
        pack_put(&p, &t->cell[i], i ? &t->cell[i - 1] : NULL);
    t->run[t->nrun++] = pack_end(&p);
    t->run_max += p.r.max;
    t->run_keys += k;
    memset(t->cell, 0, (t->mask + 1) * sizeof *t->cell);
    t->count = 0;
    settle(t);
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

/* Whether adding to a count `sum` in the hash part passes UINT32_MAX with
 * the key's counts in the runs (looked up only when it may). */
static int passes_limit(const slp_act_tab *t, uint64_t sum, uint32_t a, uint32_t b, int32_t day)
{
    if (sum > UINT32_MAX)
        return 1;
    if (t->nrun == 0 || sum + t->run_max <= UINT32_MAX)
        return 0;
    for (size_t i = 0; i < t->nrun && sum <= UINT32_MAX; i++)
        sum += run_count(&t->run[i], a, b, day);
    return sum > UINT32_MAX;
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
    uint32_t have = c->n; /* the hash part's count; the runs may hold more */
    uint64_t sum = (uint64_t)have + n;
    if (passes_limit(t, sum, a, b, day))
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
    for (size_t i = 0; i < t->nrun; i++)
        run_free(&t->run[i]);
    slp_free(t->run);
    memset(t, 0, sizeof *t);
}

/* ---- reading ---------------------------------------------------------------- */

void slp_act_iter_init(slp_act_iter *it, const slp_act_tab *t)
{
    memset(it, 0, sizeof *it);
    it->t = t;
    if (t->nrun > 0)
        slp_act_dec_init(&it->d, &t->run[0]);
}

int slp_act_iter_next(slp_act_iter *it, slp_act_cell *c)
{
    const slp_act_tab *t = it->t;
    while (it->run < t->nrun) {
        if (slp_act_dec_next(&it->d, c))
            return 1;
        if (++it->run < t->nrun)
            slp_act_dec_init(&it->d, &t->run[it->run]);
    }
    size_t cells = t->mask ? t->mask + 1 : 0;
    while (it->cell < cells) {
        const slp_act_cell *x = &t->cell[it->cell++];
        if (x->n != 0) {
            *c = *x;
            return 1;
        }
    }
    return 0;
}
