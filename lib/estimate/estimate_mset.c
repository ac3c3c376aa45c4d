/* Exact medians and quantiles per group without keeping a value per deal when
 * values repeat: a hash of (group, value) -> count, or plain arrays when the
 * values turn out mostly distinct (then the memory is what a list would take). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/free_all.h"
#include "estimate/estimate_internal.h"

static uint64_t bits_of(double v)
{
    uint64_t b;
    if (v == 0.0)
        v = 0.0; /* -0 and +0 are one value */
    memcpy(&b, &v, sizeof b);
    return b;
}

static double value_of(uint64_t b)
{
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

static size_t slot_of(uint64_t v, uint32_t g, size_t mask)
{
    uint64_t h = (v ^ ((uint64_t)g << 32 | g)) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return (size_t)h & mask;
}

static int rehash(slp_mset *m, size_t nslots)
{
    slp_mset_entry *t = slp_calloc(nslots, sizeof *t);
    if (t == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; m->tab && i <= m->mask; i++) {
        if (m->tab[i].g == 0)
            continue;
        size_t j = slot_of(m->tab[i].v, m->tab[i].g, nslots - 1);
        while (t[j].g != 0)
            j = (j + 1) & (nslots - 1);
        t[j] = m->tab[i];
    }
    slp_free(m->tab);
    m->tab = t;
    m->mask = nslots - 1;
    return SALESPLAN_OK;
}

/* Keep n occurrences of v (group gid) in one array cell (the caller counted
 * them in m->added). The counts array appears with the first n above 1. */
static int push(slp_mset *m, uint32_t gid, double v, uint64_t n)
{
    if (m->len == m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 4096;
        if (slp_resize_pair((void **)&m->vals, sizeof *m->vals, (void **)&m->gids,
                            sizeof *m->gids, ncap) != 0)
            return SALESPLAN_ENOMEM;
        if (m->cnts != NULL) {
            uint64_t *c = slp_reallocarray(m->cnts, ncap, sizeof *c);
            if (c == NULL)
                return SALESPLAN_ENOMEM;
            m->cnts = c;
        }
        m->cap = ncap;
    }
    if (n != 1 && m->cnts == NULL) {
        m->cnts = slp_reallocarray(NULL, m->cap, sizeof *m->cnts);
        if (m->cnts == NULL)
            return SALESPLAN_ENOMEM;
        for (size_t i = 0; i < m->len; i++)
            m->cnts[i] = 1;
    }
    m->vals[m->len] = v;
    m->gids[m->len] = gid;
    if (m->cnts != NULL)
        m->cnts[m->len] = n;
    m->len++;
    return SALESPLAN_OK;
}

/* The values are mostly distinct (or a count outgrew its 32-bit cell):
 * move the table's cells into arrays, one cell per distinct value. */
static int to_arrays(slp_mset *m)
{
    size_t need = m->distinct + SLP_MSET_BATCH; /* and room for a batch */
    int counted = 0;
    for (size_t i = 0; i <= m->mask; i++)
        counted |= m->tab[i].g != 0 && m->tab[i].n != 1;
    m->vals = slp_reallocarray(NULL, need, sizeof *m->vals);
    m->gids = slp_reallocarray(NULL, need, sizeof *m->gids);
    m->cnts = counted ? slp_reallocarray(NULL, need, sizeof *m->cnts) : NULL;
    if (m->vals == NULL || m->gids == NULL || (counted && m->cnts == NULL)) {
        slp_free(m->vals);
        slp_free(m->gids);
        slp_free(m->cnts);
        m->vals = NULL;
        m->gids = NULL;
        m->cnts = NULL;
        return SALESPLAN_ENOMEM; /* nothing changed: the table is kept */
    }
    m->cap = need;
    m->len = 0;
    for (size_t i = 0; i <= m->mask; i++) {
        const slp_mset_entry *e = &m->tab[i];
        if (e->g == 0)
            continue;
        m->vals[m->len] = value_of(e->v);
        m->gids[m->len] = e->g - 1;
        if (counted)
            m->cnts[m->len] = e->n;
        m->len++;
    }
    slp_free(m->tab);
    m->tab = NULL;
    m->mask = 0;
    m->distinct = 0;
    m->arrays = 1;
    return SALESPLAN_OK;
}

/* Count one value in hash mode (the table has room; m->added counted it). */
static int insert(slp_mset *m, uint32_t gid, double v, size_t j)
{
    uint64_t b = bits_of(v);
    uint32_t g = gid + 1;
    for (;;) {
        slp_mset_entry *e = &m->tab[j];
        if (e->g == 0) {
            e->g = g;
            e->v = b;
            e->n = 1;
            m->distinct++;
            return SALESPLAN_OK;
        }
        if (e->g == g && e->v == b) {
            if (e->n == UINT32_MAX) { /* four billion equal values: a cell of its own */
                int rc = to_arrays(m);
                return rc != SALESPLAN_OK ? rc : push(m, gid, v, 1);
            }
            e->n++;
            return SALESPLAN_OK;
        }
        j = (j + 1) & m->mask;
    }
}

static int flush(slp_mset *m)
{
    size_t n = m->npend;
    m->npend = 0;
    if (n == 0)
        return SALESPLAN_OK;
    size_t need = m->distinct + n;
    if (!m->arrays && (m->mask == 0 || need * 2 > m->mask + 1)) {
        size_t slots = m->mask ? m->mask + 1 : 256;
        while (need * 2 > slots)
            slots *= 2;
        if (rehash(m, slots) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    }
    size_t slot[SLP_MSET_BATCH];
    for (size_t i = 0; !m->arrays && i < n; i++) {
        slot[i] = slot_of(bits_of(m->pend_v[i]), m->pend_g[i] + 1, m->mask);
#if defined(__GNUC__)
        __builtin_prefetch(&m->tab[slot[i]]);
#endif
    }
    for (size_t i = 0; i < n; i++) {
        int rc = m->arrays ? push(m, m->pend_g[i], m->pend_v[i], 1)
                           : insert(m, m->pend_g[i], m->pend_v[i], slot[i]);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    /* a hash entry costs about 32 bytes (half the slots are free), an array entry 12 */
    if (!m->arrays && m->distinct * 3 > m->added + 3 * 16384)
        return to_arrays(m);
    return SALESPLAN_OK;
}

/* Give the dense lane rows up to group gid (zeroed). */
static int grow_dense(slp_mset *m, uint32_t gid)
{
    size_t rows = (size_t)gid + 1, row = SLP_MSET_DENSE_VALUES;
    uint32_t *d = slp_reallocarray(m->dense, rows * row, sizeof *d);
    if (d == NULL)
        return SALESPLAN_ENOMEM;
    memset(d + (size_t)m->dense_groups * row, 0, (rows - m->dense_groups) * row * sizeof *d);
    m->dense = d;
    m->dense_groups = (uint32_t)rows;
    return SALESPLAN_OK;
}

/* Can value v of group g (0-based) have a cell in rows 0..rows-1? */
static int lane_fits(uint32_t g, double v, uint32_t rows)
{
    return g < rows && v >= 0 && v < SLP_MSET_DENSE_VALUES && (double)(uint32_t)v == v;
}

/* Open the lane: rows for every group of the table or the arrays that has a
 * lane value (and for gid), and those values moved into them, so that what
 * is read, merged or sorted later is mostly in the rows. */
static int open_lane(slp_mset *m, uint32_t gid)
{
    int rc = flush(m);
    if (rc != SALESPLAN_OK)
        return rc;
    uint32_t top = gid;
    size_t keep = 0;
    size_t n = m->arrays ? m->len : (m->tab ? m->mask + 1 : 0);
    for (size_t i = 0; i < n; i++) {
        uint32_t g = m->arrays ? m->gids[i] : m->tab[i].g - 1;
        double v = m->arrays ? m->vals[i] : value_of(m->tab[i].v);
        if (!m->arrays && m->tab[i].g == 0)
            continue;
        if (lane_fits(g, v, SLP_MSET_DENSE_GROUPS))
            top = g > top ? g : top;
        else
            keep++;
    }
    if ((rc = grow_dense(m, top)) != SALESPLAN_OK)
        return rc;
    if (m->arrays) { /* compact in place; a cell that would pass 2^32 keeps its entry */
        size_t w = 0;
        for (size_t i = 0; i < m->len; i++) {
            uint64_t c = m->cnts ? m->cnts[i] : 1;
            uint32_t *cell = lane_fits(m->gids[i], m->vals[i], m->dense_groups)
                                 ? &m->dense[(size_t)m->gids[i] << SLP_MSET_DENSE_BITS |
                                             (uint32_t)m->vals[i]]
                                 : NULL;
            if (cell != NULL && c <= UINT32_MAX - *cell) {
                *cell += (uint32_t)c;
                continue;
            }
            m->vals[w] = m->vals[i];
            m->gids[w] = m->gids[i];
            if (m->cnts)
                m->cnts[w] = c;
            w++;
        }
        m->len = w;
        return SALESPLAN_OK;
    }
    /* the table: its other values into a table their size (cells start empty,
     * and a table holds each value once, so every count fits its cell) */
    slp_mset_entry *old = m->tab;
    size_t old_mask = m->mask, old_distinct = m->distinct, slots = 256;
    while (keep * 2 > slots)
        slots *= 2;
    m->tab = NULL;
    m->mask = 0;
    m->distinct = 0;
    if ((rc = rehash(m, slots)) != SALESPLAN_OK) {
        m->tab = old; /* nothing moved: the rows stay empty */
        m->mask = old_mask;
        m->distinct = old_distinct;
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        slp_mset_entry *e = &old[i];
        if (e->g == 0)
            continue;
        double v = value_of(e->v);
        if (lane_fits(e->g - 1, v, m->dense_groups)) {
            m->dense[(size_t)(e->g - 1) << SLP_MSET_DENSE_BITS | (uint32_t)v] = e->n;
            continue;
        }
        size_t j = slot_of(e->v, e->g, m->mask);
        while (m->tab[j].g != 0)
            j = (j + 1) & m->mask;
        m->tab[j] = *e;
        m->distinct++;
    }
    slp_free(old);
    return SALESPLAN_OK;
}

int slp_mset_add_batch(slp_mset *m, uint32_t gid, double v)
{
    if (m->added >= SLP_MSET_MAX_COUNT)
        return SALESPLAN_ELIMIT;
    if (gid >= m->dense_groups && m->added >= SLP_MSET_DENSE_OPEN &&
        lane_fits(gid, v, SLP_MSET_DENSE_GROUPS)) {
        int rc = m->dense_groups == 0 ? open_lane(m, gid) : grow_dense(m, gid);
        if (rc != SALESPLAN_OK)
            return rc;
        return slp_mset_add(m, gid, v);
    }
    m->added++;
    if (m->arrays)
        return push(m, gid, v, 1);
    m->pend_v[m->npend] = v;
    m->pend_g[m->npend] = gid;
    if (++m->npend == SLP_MSET_BATCH)
        return flush(m);
    return SALESPLAN_OK;
}

int slp_mset_add_n(slp_mset *m, uint32_t gid, double v, uint64_t n)
{
    int rc = flush(m);
    if (rc != SALESPLAN_OK || n == 0)
        return rc;
    if (n > SLP_MSET_MAX_COUNT - m->added)
        return SALESPLAN_ELIMIT;
    if (!m->arrays && (m->mask == 0 || (m->distinct + 1) * 2 > m->mask + 1) &&
        rehash(m, m->mask ? (m->mask + 1) * 2 : 256) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    if (!m->arrays) {
        uint64_t b = bits_of(v);
        uint32_t g = gid + 1;
        size_t j = slot_of(b, g, m->mask);
        while (m->tab[j].g != 0 && !(m->tab[j].g == g && m->tab[j].v == b))
            j = (j + 1) & m->mask;
        slp_mset_entry *e = &m->tab[j];
        /* a new value's count must fit the 32-bit cell too */
        if ((e->g == 0 ? 0 : (uint64_t)e->n) + n <= UINT32_MAX) {
            if (e->g == 0) {
                e->g = g;
                e->v = b;
                e->n = 0;
                m->distinct++;
            }
            e->n += (uint32_t)n;
            m->added += n;
            if (m->distinct * 3 > m->added + 3 * 16384)
                return to_arrays(m);
            return SALESPLAN_OK;
        }
        if ((rc = to_arrays(m)) != SALESPLAN_OK)
            return rc;
    }
    m->added += n;
    return push(m, gid, v, n);
}

/* Add src's dense row g (as group dg) to dst: cell to cell when dst has a
 * dense row for dg, else value by value. */
static int merge_dense_row(slp_mset *dst, const uint32_t *row, uint32_t dg)
{
    int rc;
    if (dg >= dst->dense_groups && dg < SLP_MSET_DENSE_GROUPS &&
        (rc = grow_dense(dst, dg)) != SALESPLAN_OK)
        return rc;
    uint32_t *to = dg < dst->dense_groups ? dst->dense + ((size_t)dg << SLP_MSET_DENSE_BITS) : NULL;
    for (uint32_t k = 0; k < SLP_MSET_DENSE_VALUES; k++) {
        uint64_t n = row[k];
        if (n == 0)
            continue;
        if (to != NULL && n <= UINT32_MAX - to[k]) {
            if (n > SLP_MSET_MAX_COUNT - dst->added)
                return SALESPLAN_ELIMIT;
            to[k] += (uint32_t)n;
            dst->added += n;
        } else if ((rc = slp_mset_add_n(dst, dg, (double)k, n)) != SALESPLAN_OK) {
            return rc;
        }
    }
    return SALESPLAN_OK;
}

int slp_mset_merge(slp_mset *dst, slp_mset *src, const uint32_t *map)
{
    int rc = flush(src);
    if (rc != SALESPLAN_OK)
        return rc;
    for (uint32_t g = 0; g < src->dense_groups; g++)
        if ((rc = merge_dense_row(dst, src->dense + ((size_t)g << SLP_MSET_DENSE_BITS),
                                  map ? map[g] : g)) != SALESPLAN_OK)
            return rc;
    if (!src->arrays) {
        for (size_t i = 0; src->tab && i <= src->mask; i++) {
            const slp_mset_entry *e = &src->tab[i];
            if (e->g == 0)
                continue;
            uint32_t g = map ? map[e->g - 1] : e->g - 1;
            if ((rc = slp_mset_add_n(dst, g, value_of(e->v), e->n)) != SALESPLAN_OK)
                return rc;
        }
        return SALESPLAN_OK;
    }
    for (size_t i = 0; i < src->len; i++) {
        uint32_t g = map ? map[src->gids[i]] : src->gids[i];
        rc = src->cnts ? slp_mset_add_n(dst, g, src->vals[i], src->cnts[i])
                       : slp_mset_add(dst, g, src->vals[i]);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    return SALESPLAN_OK;
}

void slp_mset_free(slp_mset *m)
{
    if (m == NULL)
        return;
    SLP_FREE_ALL(m->tab, m->vals, m->gids, m->cnts, m->dense);
    memset(m, 0, sizeof *m);
}

static int run_less(const slp_mset_run *a, const slp_mset_run *b)
{
    return a->g != b->g ? a->g < b->g : a->v < b->v;
}

/* Sort r[0..n) by group, then value: insertion sort of blocks of 16, then
 * merged bottom-up through a scratch array (qsort's calls cost twice this). */
static int sort_runs(slp_mset_run *r, size_t n)
{
    const size_t block = 16;
    for (size_t b = 0; b < n; b += block) {
        size_t e = b + block < n ? b + block : n;
        for (size_t i = b + 1; i < e; i++) {
            slp_mset_run t = r[i];
            size_t j = i;
            for (; j > b && run_less(&t, &r[j - 1]); j--)
                r[j] = r[j - 1];
            r[j] = t;
        }
    }
    if (n <= block)
        return SALESPLAN_OK;
    slp_mset_run *tmp = slp_reallocarray(NULL, n, sizeof *tmp);
    if (tmp == NULL)
        return SALESPLAN_ENOMEM;
    slp_mset_run *src = r, *dst = tmp;
    for (size_t width = block; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = run_less(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        slp_mset_run *t = src;
        src = dst;
        dst = t;
    }
    if (src != r)
        memcpy(r, src, n * sizeof *r);
    slp_free(tmp);
    return SALESPLAN_OK;
}

/* k-th smallest (0-based) of the sorted runs r[0..n) with their counts. */
static double kth(const slp_mset_run *r, size_t n, uint64_t k)
{
    uint64_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        seen += r[i].n;
        if (k < seen)
            return r[i].v;
    }
    return NAN;
}

static void seg_stats_runs(const slp_mset_run *r, size_t n, double q, double *median,
                           double *quant)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += r[i].n;
    if (total == 0)
        return;
    uint64_t k = total / 2;
    *median = total % 2 ? kth(r, n, k) : slp_mid(kth(r, n, k - 1), kth(r, n, k));
    if (quant) {
        size_t lo;
        double g;
        slp_quantile_index((size_t)total, q, &lo, &g);
        double a = kth(r, n, lo);
        *quant = (uint64_t)lo + 1 < total ? slp_lerp(a, kth(r, n, (uint64_t)lo + 1), g) : a;
    }
}

int slp_mset_stats(slp_mset *m, size_t ngroups, double q, double *median, double *quant)
{
    int rc = flush(m);
    if (rc != SALESPLAN_OK)
        return rc;
    for (size_t i = 0; i < ngroups; i++) {
        median[i] = NAN;
        if (quant)
            quant[i] = NAN;
    }
    if (!m->arrays || m->cnts != NULL || m->dense_groups > 0) {
        /* counted values: walk the sorted runs (a copy: the set may take more values) */
        slp_mset_run *r;
        size_t n;
        if (slp_mset_runs(m, &r, &n) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && r[j].g == r[i].g)
                j++;
            if (r[i].g < ngroups)
                seg_stats_runs(r + i, j - i, q, &median[r[i].g], quant ? &quant[r[i].g] : NULL);
            i = j;
        }
        slp_free(r);
        return SALESPLAN_OK;
    }
    /* arrays: order by group in place (counting sort by swaps), then select */
    size_t *next = slp_calloc(ngroups + 1, sizeof *next);
    size_t *stop = slp_calloc(ngroups + 1, sizeof *stop);
    if (next == NULL || stop == NULL) {
        slp_free(next);
        slp_free(stop);
        return SALESPLAN_ENOMEM;
    }
    for (size_t i = 0; i < m->len; i++)
        if (m->gids[i] < ngroups)
            stop[m->gids[i]]++;
    size_t pos = 0;
    for (size_t g = 0; g < ngroups; g++) {
        next[g] = pos;
        pos += stop[g];
        stop[g] = pos;
    }
    for (size_t g = 0; g < ngroups; g++)
        while (next[g] < stop[g]) {
            size_t i = next[g];
            uint32_t t = m->gids[i];
            if (t == g) {
                next[g]++;
                continue;
            }
            size_t j = next[t]++;
            double v = m->vals[i];
            m->vals[i] = m->vals[j];
            m->vals[j] = v;
            m->gids[i] = m->gids[j];
            m->gids[j] = t;
        }
    size_t start = 0;
    for (size_t g = 0; g < ngroups; g++) {
        size_t n = stop[g] - start;
        if (n > 0) {
            median[g] = slp_median(m->vals + start, n);
            if (quant)
                quant[g] = slp_quantile(m->vals + start, n, q);
        }
        start = stop[g];
    }
    slp_free(next);
    slp_free(stop);
    return SALESPLAN_OK;
}

/* r[0..k) holds the sorted runs of the table or the arrays, with room for
 * the nd dense cells in use after them: merge those in (already in order, group by
 * group and value by value), from the back, in place. Returns the runs. */
static size_t merge_dense_runs(const slp_mset *m, slp_mset_run *r, size_t k, size_t nd)
{
    size_t total = k + nd, w = total, i = k;
    for (size_t c = (size_t)m->dense_groups << SLP_MSET_DENSE_BITS; c-- > 0;) {
        if (m->dense[c] == 0)
            continue;
        slp_mset_run d = {(uint32_t)(c >> SLP_MSET_DENSE_BITS),
                          (double)(c & (SLP_MSET_DENSE_VALUES - 1)), m->dense[c]};
        while (i > 0 && run_less(&d, &r[i - 1]))
            r[--w] = r[--i];
        if (i > 0 && r[i - 1].g == d.g && r[i - 1].v == d.v)
            d.n += r[--i].n; /* the same value in both */
        r[--w] = d;
    }
    /* the table's runs below every dense one stay where they are; runs that
     * met a dense one left a gap of w - i slots */
    if (w > i)
        memmove(r + i, r + w, (total - w) * sizeof *r);
    return total - (w - i);
}

int slp_mset_runs(slp_mset *m, slp_mset_run **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    int rc = flush(m);
    if (rc != SALESPLAN_OK)
        return rc;
    size_t n = m->arrays ? m->len : m->distinct, nd = 0;
    for (size_t i = 0; i < (size_t)m->dense_groups << SLP_MSET_DENSE_BITS; i++)
        nd += m->dense[i] != 0;
    /* room for the dense cells behind the table's runs, merged in at the end */
    slp_mset_run *r = slp_reallocarray(NULL, n + nd ? n + nd : 1, sizeof *r);
    if (r == NULL)
        return SALESPLAN_ENOMEM;
    size_t k = 0;
    if (m->arrays) {
        for (size_t i = 0; i < m->len; i++) {
            r[k].g = m->gids[i];
            r[k].v = m->vals[i] == 0.0 ? 0.0 : m->vals[i];
            r[k].n = m->cnts ? m->cnts[i] : 1;
            k++;
        }
    } else {
        for (size_t i = 0; m->tab && i <= m->mask; i++)
            if (m->tab[i].g != 0) {
                r[k].g = m->tab[i].g - 1;
                r[k].v = value_of(m->tab[i].v);
                r[k].n = m->tab[i].n;
                k++;
            }
    }
    if (sort_runs(r, k) != SALESPLAN_OK) {
        slp_free(r);
        return SALESPLAN_ENOMEM;
    }
    if (m->arrays) { /* one run per distinct pair */
        size_t w = 0;
        for (size_t i = 0; i < k; i++) {
            if (w > 0 && r[w - 1].g == r[i].g && r[w - 1].v == r[i].v) {
                r[w - 1].n += r[i].n;
                continue;
            }
            r[w++] = r[i];
        }
        k = w;
    }
    if (nd > 0)
        k = merge_dense_runs(m, r, k, nd);
    *out = r;
    *nout = k;
    return SALESPLAN_OK;
}
