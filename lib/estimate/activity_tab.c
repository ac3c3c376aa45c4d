/* Counts keyed by (a, b, day): see activity_tab.h. */
#include <string.h>

#include "common/alloc.h"
#include "estimate/activity_tab.h"
#include "salesplan/common.h"

/* Bytes a packed key can take at most: a first byte, the rest of a 35-bit
 * tag and three 32-bit values, 7 bits a byte. */
#define KEY_MAX_BYTES 21

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
 * Days are written from the run's smallest day. Most keys of a log's links
 * take two bytes, their first byte saying which form:
 *   0xxxxxxx: the same a, b larger by 1 to 32 (5 bits: the step - 1), the
 *             day in 10 bits (2 here, 8 in the next byte), a count of 1;
 *   10xxxxxx: the same a and b, the day later by 1 to 16384 (14 bits: the
 *             step - 1), a count of 1;
 *   110xxxxx: any other key: a tag follows in its low 4 bits and, when bit 4
 *             is set, the rest of it in a variable-length number (7 bits a
 *             byte, low bits first). The tag's bits 0-1 say how the key
 *             differs from the one before it, bit 2 that its count is not 1
 *             (the count follows last), the rest is a difference or a value:
 *     0: the same a and b, a later day: the value is the day's step - 1;
 *     1: the same a, a larger b: the value is b's step - 1, then the day;
 *     2: the first key of a block, or another a: the value is a, then b, the day. */

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

static inline uint64_t get_num(const unsigned char **pp)
{
    const unsigned char *p = *pp;
    uint64_t v = p[0];
    if (v < 0x80u) { /* most numbers take one byte or two */
        *pp = p + 1;
        return v;
    }
    uint64_t c = p[1];
    v = (v & 0x7Fu) | (c & 0x7Fu) << 7;
    p += 2;
    for (unsigned sh = 14; c >= 0x80u; sh += 7) {
        c = *p++;
        v |= (c & 0x7Fu) << sh;
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
    const unsigned char *p = d->p;
    unsigned t = p[0];
    if (t < 0xC0u) { /* a two-byte form */
        if (t < 0x80u) {
            d->b += (t >> 2) + 1u;
            d->day = (int32_t)((uint32_t)d->day0 + ((t & 3u) << 8 | p[1]));
        } else {
            d->day = (int32_t)((uint32_t)d->day + ((t & 0x3Fu) << 8 | p[1]) + 1u);
        }
        d->p = p + 2;
        c->a = d->a;
        c->b = d->b;
        c->day = d->day;
        c->n = 1;
        return 1;
    }
    d->p = p + 1;
    uint64_t tag = t & 0xFu;
    if (t & 0x10u)
        tag |= get_num(&d->p) << 4;
    uint32_t v = (uint32_t)(tag >> 3);
    switch (tag & 3u) {
    case 0:
        d->day = (int32_t)((uint32_t)d->day + v + 1u);
        break;
    case 1:
        d->b += v + 1u;
        d->day = (int32_t)((uint32_t)d->day0 + (uint32_t)get_num(&d->p));
        break;
    default:
        d->a = v;
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

/* Writing a run of at most `keys` keys that come in order, into `bytes`
 * bytes made at the start: a spill makes room for every key at its largest,
 * so putting its keys cannot fail; a merge makes room for the bytes of the
 * runs merged and more as needed (`full` when there was no memory for it). */
typedef struct packer {
    slp_act_run r;
    size_t cap;
    int full;
    slp_act_cell last;
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

static void pack_put(packer *k, const slp_act_cell *c)
{
    slp_act_run *r = &k->r;
    const slp_act_cell *prev = &k->last;
    if (k->cap - r->len < KEY_MAX_BYTES) { /* a merge's estimate was short */
        size_t cap = k->cap + k->cap / 2 + 4096;
        unsigned char *b = cap > k->cap ? slp_realloc(r->bytes, cap) : NULL;
        if (b == NULL) {
            k->full = 1;
            return;
        }
        r->bytes = b;
        k->cap = cap;
    }
    unsigned char *p = r->bytes + r->len;
    uint64_t more = c->n != 1u ? 4u : 0u;
    uint32_t day = (uint32_t)c->day - (uint32_t)r->day0;
    uint64_t tag;
    int start = r->n % SLP_ACT_TAB_BLOCK == 0;
    if (start)
        r->blk[r->n / SLP_ACT_TAB_BLOCK] = (slp_act_blk){c->a, c->b, c->day, r->len};
    if (!start && prev->a == c->a && c->n == 1u) { /* the two-byte forms */
        uint32_t step = c->b - prev->b, dstep = (uint32_t)c->day - (uint32_t)prev->day;
        if (step >= 1u && step <= 32u && day < 0x400u) {
            *p++ = (unsigned char)((step - 1u) << 2 | day >> 8);
            *p++ = (unsigned char)(day & 0xFFu);
            goto done;
        }
        if (step == 0 && dstep <= 0x4000u) {
            *p++ = (unsigned char)(0x80u | (dstep - 1u) >> 8);
            *p++ = (unsigned char)((dstep - 1u) & 0xFFu);
            goto done;
        }
    }
    if (start || prev->a != c->a)
        tag = (uint64_t)c->a << 3 | more | 2u;
    else if (prev->b != c->b)
        tag = (uint64_t)(c->b - prev->b - 1u) << 3 | more | 1u;
    else
        tag = (uint64_t)((uint32_t)c->day - (uint32_t)prev->day - 1u) << 3 | more;
    *p++ = (unsigned char)(0xC0u | (tag & 0xFu) | (tag > 0xFu ? 0x10u : 0u));
    if (tag > 0xFu)
        p = put_num(p, tag >> 4);
    if ((tag & 3u) == 2u) {
        p = put_num(p, c->b);
        p = put_num(p, day);
    } else if ((tag & 3u) == 1u) {
        p = put_num(p, day);
    }
    if (more)
        p = put_num(p, c->n);
done:
    if (c->n > r->max)
        r->max = c->n;
    k->last = *c;
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

/* One input of a merge: a run, or sorted distinct cells. */
typedef struct source {
    slp_act_dec d;
    const slp_act_cell *cell, *end;
    slp_act_cell cur;
} source;

static int source_next(source *s)
{
    if (s->cell == NULL)
        return slp_act_dec_next(&s->d, &s->cur);
    if (s->cell == s->end)
        return 0;
    s->cur = *s->cell++;
    return 1;
}

/* Restore the heap h[0..n) of sources (smallest key first) below i. */
static void sift(const source *src, size_t *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        for (size_t j = l; j < n && j <= l + 1; j++) {
            const slp_act_cell *x = &src[h[m]].cur;
            if (key_cmp(&src[h[j]].cur, x->a, x->b, x->day) < 0)
                m = j;
        }
        if (m == i)
            return;
        size_t t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* Runs from[0..k) and the sorted distinct cells c[0..nc) as one run in *out;
 * SALESPLAN_ENOMEM leaves them as they were. */
static int merge_runs(const slp_act_run *from, size_t k, const slp_act_cell *c, size_t nc,
                      int32_t day0, slp_act_run *out)
{
    source src[SLP_ACT_TAB_RUNS + 1];
    size_t keys = nc, bytes = 0;
    if (k + 1 > sizeof src / sizeof *src)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < k; i++) {
        keys += from[i].n;
        bytes += from[i].len;
        if (from[i].day0 < day0)
            day0 = from[i].day0;
    }
    if (nc > SIZE_MAX / KEY_MAX_BYTES / 2 || keys > SIZE_MAX / KEY_MAX_BYTES / 2 ||
        bytes > SIZE_MAX / 4)
        return SALESPLAN_ENOMEM;
    packer p;
    if (pack_begin(&p, keys,
                   bytes + nc * KEY_MAX_BYTES + (keys / SLP_ACT_TAB_BLOCK + 1) * KEY_MAX_BYTES,
                   day0) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    size_t ns = 0, h[SLP_ACT_TAB_RUNS + 1]; /* h: a heap of the sources by their key */
    for (size_t i = 0; i <= k; i++) {
        source *s = &src[ns];
        memset(s, 0, sizeof *s);
        if (i < k)
            slp_act_dec_init(&s->d, &from[i]);
        else if (nc > 0)
            s->cell = c, s->end = c + nc;
        else
            break;
        if (source_next(s)) {
            h[ns] = ns;
            ns++;
        }
    }
    for (size_t i = ns / 2; i-- > 0;)
        sift(src, h, ns, i);
    while (ns > 0) {
        slp_act_cell o = src[h[0]].cur;
        int first = 1;
        while (ns > 0 && (first || key_cmp(&src[h[0]].cur, o.a, o.b, o.day) == 0)) {
            if (!first)
                o.n += src[h[0]].cur.n; /* within UINT32_MAX: see slp_act_tab_add */
            first = 0;
            if (!source_next(&src[h[0]]))
                h[0] = h[--ns];
            sift(src, h, ns, 0);
        }
        pack_put(&p, &o);
    }
    if (p.full) {
        run_free(&p.r);
        return SALESPLAN_ENOMEM;
    }
    *out = pack_end(&p);
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

/* Room in t->run for one more run. */
static int room_for_run(slp_act_tab *t)
{
    if (t->nrun < t->run_cap)
        return SALESPLAN_OK;
    size_t cap = t->run_cap ? t->run_cap * 2 : SLP_ACT_TAB_RUNS;
    slp_act_run *r = slp_reallocarray(t->run, cap, sizeof *r);
    if (r == NULL)
        return SALESPLAN_ENOMEM;
    t->run = r;
    t->run_cap = cap;
    return SALESPLAN_OK;
}

/* Move the hash part into a run of its own, or, when there are already
 * SLP_ACT_TAB_RUNS runs, into one run with all of them; the hash part is left
 * empty (on ENOMEM both parts are left as they were; a merge that finds no
 * memory is left for the next spill). */
static int spill(slp_act_tab *t)
{
    size_t k = t->count;
    if (k == 0)
        return SALESPLAN_OK;
    if (room_for_run(t) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
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
    size_t j = t->nrun >= SLP_ACT_TAB_RUNS ? t->nrun - SLP_ACT_TAB_RUNS : t->nrun;
    slp_act_run m;
    if (j < t->nrun && merge_runs(&t->run[j], t->nrun - j, t->cell, k, day0, &m) == SALESPLAN_OK) {
        for (size_t i = j; i < t->nrun; i++) {
            t->run_keys -= t->run[i].n;
            t->run_max -= t->run[i].max;
            run_free(&t->run[i]);
        }
        run_free(&p.r);
        t->nrun = j;
    } else {
        p.r.day0 = day0;
        for (size_t i = 0; i < k; i++)
            pack_put(&p, &t->cell[i]);
        m = pack_end(&p);
    }
    t->run[t->nrun++] = m;
    t->run_keys += m.n;
    t->run_max += m.max;
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

void slp_act_tab_window(slp_act_tab *t, uint32_t na, uint32_t nb, int32_t day0, uint32_t ndays)
{
    if (t->win != NULL || t->count != 0 || t->nrun != 0 || na == 0 || nb == 0 || ndays == 0 ||
        (uint64_t)na * nb * ndays > SIZE_MAX / sizeof *t->win)
        return;
    t->win = slp_calloc((size_t)na * nb * ndays, sizeof *t->win);
    if (t->win == NULL)
        return;
    t->win_a = na;
    t->win_b = nb;
    t->win_days = ndays;
    t->win_day0 = day0;
}

/* The window cell of (a, b, day), NULL when the key is outside. */
static inline uint32_t *win_cell(const slp_act_tab *t, uint32_t a, uint32_t b, int32_t day)
{
    uint32_t d = (uint32_t)day - (uint32_t)t->win_day0;
    if (t->win == NULL || a >= t->win_a || b >= t->win_b || d >= t->win_days)
        return NULL;
    return &t->win[((size_t)a * t->win_b + b) * t->win_days + d];
}

int slp_act_tab_add(slp_act_tab *t, uint32_t a, uint32_t b, int32_t day, uint32_t n)
{
    uint32_t *w = win_cell(t, a, b, day);
    if (w != NULL) {
        if ((uint64_t)*w + n > UINT32_MAX)
            return SALESPLAN_ELIMIT;
        t->win_keys += *w == 0;
        *w += n;
        t->total += n;
        return SALESPLAN_OK;
    }
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
    t->total += n;
    return SALESPLAN_OK;
}

/* A copy of run r (SALESPLAN_ENOMEM: none). */
static int run_copy(slp_act_run *out, const slp_act_run *r)
{
    size_t nblk = (r->n + SLP_ACT_TAB_BLOCK - 1) / SLP_ACT_TAB_BLOCK;
    *out = *r;
    out->bytes = slp_malloc(r->len + 1);
    out->blk = slp_calloc(nblk + 1, sizeof *out->blk);
    if (out->bytes == NULL || out->blk == NULL) {
        run_free(out);
        return SALESPLAN_ENOMEM;
    }
    memcpy(out->bytes, r->bytes, r->len);
    memcpy(out->blk, r->blk, nblk * sizeof *out->blk);
    return SALESPLAN_OK;
}

int slp_act_tab_merge(slp_act_tab *dst, const slp_act_tab *src)
{
    slp_act_iter it;
    slp_act_cell c;
    int rc = SALESPLAN_OK;
    slp_act_iter_init(&it, src);
    uint64_t total = dst->total + src->total;
    if (total <= UINT32_MAX) {
        /* no key can pass the limit: src's runs are taken as they are */
        for (size_t i = 0; i < src->nrun && rc == SALESPLAN_OK; i++) {
            if (room_for_run(dst) != SALESPLAN_OK)
                return SALESPLAN_ENOMEM;
            rc = run_copy(&dst->run[dst->nrun], &src->run[i]);
            if (rc != SALESPLAN_OK)
                return rc;
            dst->run_keys += src->run[i].n;
            dst->run_max += src->run[i].max;
            dst->nrun++;
            while (dst->nrun > 2 * SLP_ACT_TAB_RUNS) { /* the newest into one */
                size_t j = dst->nrun - SLP_ACT_TAB_RUNS;
                slp_act_run m;
                if (merge_runs(&dst->run[j], SLP_ACT_TAB_RUNS, NULL, 0, INT32_MAX, &m) !=
                    SALESPLAN_OK)
                    break; /* left for later */
                for (size_t k = j; k < dst->nrun; k++) {
                    dst->run_keys -= dst->run[k].n;
                    dst->run_max -= dst->run[k].max;
                    run_free(&dst->run[k]);
                }
                dst->run[j] = m;
                dst->nrun = j + 1;
                dst->run_keys += m.n;
                dst->run_max += m.max;
            }
        }
        it.run = src->nrun; /* the hash part's cells are added below */
    }
    while (rc == SALESPLAN_OK && slp_act_iter_next(&it, &c))
        rc = slp_act_tab_add(dst, c.a, c.b, c.day, c.n);
    if (rc == SALESPLAN_OK)
        dst->total = total;
    return rc;
}

void slp_act_tab_prefetch(const slp_act_tab *t, uint32_t a, uint32_t b, int32_t day)
{
#if defined(__GNUC__) || defined(__clang__)
    const uint32_t *w = win_cell(t, a, b, day);
    if (w != NULL)
        __builtin_prefetch(w);
    else if (t->mask)
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
    slp_free(t->win);
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
    size_t wn = t->win ? (size_t)t->win_a * t->win_b * t->win_days : 0;
    while (it->cell - cells < wn) {
        size_t i = it->cell++ - cells;
        if (t->win[i] != 0) {
            size_t ab = i / t->win_days;
            c->a = (uint32_t)(ab / t->win_b);
            c->b = (uint32_t)(ab % t->win_b);
            c->day = (int32_t)((uint32_t)t->win_day0 + (uint32_t)(i % t->win_days));
            c->n = t->win[i];
            return 1;
        }
    }
    return 0;
}
