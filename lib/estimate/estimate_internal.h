/* Internal pieces of the CRM-export estimator (salesplan/estimate.h). */
#ifndef SLP_ESTIMATE_INTERNAL_H
#define SLP_ESTIMATE_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/hash.h"
#include "common/utf8.h"
#include "estimate/csv.h"
#include "estimate/csv_fields.h"
#include "estimate/dict.h"
#include "math/exactsum.h"
#include "salesplan/estimate.h"

/* ---- string interning: estimate/dict.h ---- */

/* ---- short-string cache ----------------------------------------------------- */

/* Direct-mapped cache of strings of at most 16 bytes -> an int (a parsed date, a
 * stage class, a group id), so the few hundred distinct values of a column are
 * parsed or looked up once. Keys are read with two 8-byte loads: the string
 * must lie in the tokenizer's buffer (SLP_CSV_PAD bytes may follow it). */
#define SLP_SCACHE_BITS 12

typedef struct slp_scache_entry {
    uint64_t a, b;
    uint32_t n1; /* length + 1, 0 = empty slot */
    int32_t v;
} slp_scache_entry;

typedef struct slp_scache {
    slp_scache_entry e[1u << SLP_SCACHE_BITS];
} slp_scache;

static inline uint64_t slp_load_prefix(const char *s, size_t k)
{
    uint64_t w;
    memcpy(&w, s, 8);
    if (k >= 8)
        return w;
    if (k == 0)
        return 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return w & ~(~0ull >> (8 * k));
#else
    return w & (~0ull >> (64 - 8 * k));
#endif
}

/* Slot of [s, s+n) and its key; NULL when n > 16. */
static inline slp_scache_entry *slp_scache_slot(slp_scache *c, const char *s, size_t n,
                                                uint64_t *a, uint64_t *b)
{
    if (n > 16)
        return NULL;
    *a = slp_load_prefix(s, n);
    *b = n > 8 ? slp_load_prefix(s + 8, n - 8) : 0;
    /* one multiply carries every key bit into the top bits that pick the slot */
    uint64_t h = (*a ^ (*b * 0xC2B2AE3D27D4EB4Full) ^ n) * 0x9E3779B97F4A7C15ull;
    return &c->e[h >> (64 - SLP_SCACHE_BITS)];
}

static inline int slp_scache_hit(const slp_scache_entry *e, uint64_t a, uint64_t b, size_t n)
{
    return e->n1 == n + 1 && e->a == a && e->b == b;
}

static inline void slp_scache_put(slp_scache_entry *e, uint64_t a, uint64_t b, size_t n, int32_t v)
{
    e->a = a;
    e->b = b;
    e->n1 = (uint32_t)n + 1;
    e->v = v;
}

/* The cache as sets of 4 slots, for columns with hundreds of values, where a
 * few of them would share a slot and take turns evicting each other: a value is
 * looked for at its own slot, then in the rest of its set. Returns the entry
 * holding it, or NULL; *put is where a value not found goes (its own slot, or
 * a free one of the set when its own is taken; NULL when longer than 16 bytes). */
static inline slp_scache_entry *slp_scache_find4(slp_scache *c, const char *s, size_t n,
                                                 uint64_t *a, uint64_t *b,
                                                 slp_scache_entry **put)
{
    slp_scache_entry *e = slp_scache_slot(c, s, n, a, b);
    *put = e;
    if (e == NULL || slp_scache_hit(e, *a, *b, n))
        return e;
    slp_scache_entry *set = c->e + ((size_t)(e - c->e) & ~(size_t)3);
    for (int k = 0; k < 4; k++)
        if (set + k != e && slp_scache_hit(set + k, *a, *b, n))
            return set + k;
    for (int k = 0; k < 4 && e->n1 != 0; k++)
        if (set[k].n1 == 0) {
            *put = set + k;
            break;
        }
    return NULL;
}

/* ---- values (estimate_dates.c) -------------------------------------------- */

/* 1e0 .. 1e22: the powers of ten a double holds exactly. */
extern const double slp_est_pow10[23];

/* The common case of slp_est_parse_amount in one pass: 1 to 15 digits with at
 * most one '.', exact as a double, then one correctly rounded division.
 * Returns 1 with *out and *point (a '.' was seen), or 0 when s is anything
 * else (signs, exponents, grouping, more digits): then nothing is set. */
static inline int slp_est_amount_plain(const char *s, size_t n, double *out, int *point)
{
    if (n == 0 || n > 16)
        return 0;
    uint64_t mant = 0;
    size_t at = n, nd = 0, i = 0;
    for (; i < n; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d < 10) {
            mant = mant * 10 + d;
            nd++;
        } else if (s[i] == '.' && at == n) {
            at = i;
        } else {
            return 0;
        }
    }
    if (nd == 0 || nd > 15)
        return 0;
    size_t frac = at == n ? 0 : n - at - 1;
    *out = frac ? (double)mant / slp_est_pow10[frac] : (double)mant;
    *point = at != n;
    return 1;
}


/* slp_est_trim, slp_est_parse_date, slp_est_parse_amount, slp_est_show,
 * slp_est_name_eq: estimate/csv_fields.h (shared with lib/track/). */

/* ---- statistics (estimate_stats.c) ---------------------------------------- */

/* Neumaier compensated sum. */
typedef struct slp_ksum {
    double s, c;
} slp_ksum;
void slp_ksum_add(slp_ksum *k, double x);
double slp_ksum_value(const slp_ksum *k);

/* Wilson score interval for x successes in n trials (z = 1.959964); NaN when n = 0. */
void slp_wilson(long long x, long long n, double *low, double *high);
/* Quantile q in [0,1] of v[0..n), numpy's default (linear); reorders v. NaN when n = 0. */
double slp_quantile(double *v, size_t n, double q);
/* Median as numpy computes it (mean of the two middle values); reorders v. */
double slp_median(double *v, size_t n);
/* The pieces: order statistic lo and fraction g of quantile q over n values;
 * numpy's interpolation between order statistics a and b; (a + b) / 2. */
void slp_quantile_index(size_t n, double q, size_t *lo, double *g);
double slp_lerp(double a, double b, double g);
double slp_mid(double a, double b);

/* ---- multisets of values per group (estimate_mset.c) ------------------------- */

/* The won amounts (or cycle days) of every group of one column, for exact
 * medians and quantiles: a hash of (group, value) -> count while values repeat
 * (CRM amounts do: list prices), switching to plain arrays when they do not.
 * The arrays keep a count beside each value once one value comes with a
 * count above 1 (a merged or deserialized state, a hash cell that overflowed),
 * so a repeated value is never spread out one cell per occurrence. */
typedef struct slp_mset_entry {
    uint64_t v; /* bits of the value */
    uint32_t g; /* group id + 1, 0 = empty slot */
    uint32_t n; /* count (the set turns into arrays before it overflows) */
} slp_mset_entry;

#define SLP_MSET_BATCH 64
/* At most this many values counted in one set (2^53, where counts stop being
 * exact doubles): past it an add, a merge or a deserialized state fails with
 * SALESPLAN_ELIMIT (docs/limits.md). Memory is bounded by the distinct
 * values and the values added one by one, never by a count. */
#define SLP_MSET_MAX_COUNT ((uint64_t)1 << 53)
#define SLP_MSET_MAX_ARRAY SLP_MSET_MAX_COUNT /* the former name of the limit */

/* The dense lane: whole values 0 <= v < SLP_MSET_DENSE_VALUES of the first
 * SLP_MSET_DENSE_GROUPS groups (amounts and cycle days, mostly) are counted
 * in a plain array, one 32-bit cell a value, without hashing, once the set
 * has counted SLP_MSET_DENSE_OPEN values (a small set, a database group's
 * say, never pays for it). 128 KiB a group, 4 MiB a set at most. */
#define SLP_MSET_DENSE_BITS 15
#define SLP_MSET_DENSE_VALUES ((uint32_t)1 << SLP_MSET_DENSE_BITS)
#define SLP_MSET_DENSE_OPEN ((uint64_t)1 << 16)
#define SLP_MSET_DENSE_GROUPS 32u

typedef struct slp_mset {
    uint32_t *dense;       /* dense_groups rows of SLP_MSET_DENSE_VALUES counts */
    uint32_t dense_groups; /* rows allocated (groups 0..dense_groups-1) */
    /* values waiting to be counted: hashed and prefetched together, so the
     * table's cache misses overlap */
    double pend_v[SLP_MSET_BATCH];
    uint32_t pend_g[SLP_MSET_BATCH];
    size_t npend;
    slp_mset_entry *tab;
    size_t mask, distinct;
    uint64_t added; /* values counted, pending ones included */
    int arrays;     /* switched to arrays */
    double *vals;
    uint32_t *gids;
    uint64_t *cnts; /* arrays: the count of each kept value; NULL while all are 1 */
    size_t len, cap;
} slp_mset;

/* Count value v of group gid (the hash path is a store into the batch). */
int slp_mset_add_batch(slp_mset *m, uint32_t gid, double v);
static inline int slp_mset_add(slp_mset *m, uint32_t gid, double v)
{
    if (gid < m->dense_groups && v >= 0 && v < SLP_MSET_DENSE_VALUES &&
        m->added < SLP_MSET_MAX_COUNT) {
        uint32_t k = (uint32_t)v;
        uint32_t *cell = &m->dense[(size_t)gid << SLP_MSET_DENSE_BITS | k];
        if ((double)k == v && *cell < UINT32_MAX) {
            ++*cell;
            m->added++;
            return SALESPLAN_OK;
        }
    }
    if (!m->arrays && m->npend + 1 < SLP_MSET_BATCH && m->added < SLP_MSET_MAX_COUNT) {
        m->pend_v[m->npend] = v;
        m->pend_g[m->npend++] = gid;
        m->added++;
        return SALESPLAN_OK;
    }
    return slp_mset_add_batch(m, gid, v);
}
/* Median (and the q-quantile when quant != NULL) of each group 0..ngroups-1
 * into the arrays; NaN for a group without values. Reorders the set. */
int slp_mset_stats(slp_mset *m, size_t ngroups, double q, double *median, double *quant);
void slp_mset_free(slp_mset *m);

/* Running counts and sums for the whole export or one group. */
typedef struct slp_est_acc {
    long long deals, won, lost, open;
    long long amount_n;
    slp_xsum amount; /* exact: the sum does not depend on the order of rows or merges */
    long long cycle_n;
    long long cycle_sum; /* whole days: exact */
} slp_est_acc;

/* ---- the run (estimate_accum.c, estimate_pass.c) ------------------------------------------------- */

enum { SLP_CLASS_OPEN = -1, SLP_CLASS_WON = -2, SLP_CLASS_LOST = -3, SLP_CLASS_UNKNOWN = -4 };

typedef struct slp_est_ctx slp_est_ctx;

struct salesplan_estimate {
    salesplan_estimate_info info;
    salesplan_estimate_figures overall;
    char *cols[6]; /* id, stage, created, closed, amount, date (owned) */
    char **group_columns;
    size_t group_column_count;
    salesplan_estimate_group *groups;
    size_t group_count;
    salesplan_estimate_stage *stages;
    size_t stage_count;
    salesplan_estimate_funnel_stage *funnel;
    size_t funnel_count;
    char *won_name; /* funnel's last stage name (owned) */
    salesplan_estimate_problem *problems;
    size_t problem_count;
    char **warnings;
    size_t warning_count;
    char date_text[2][16];
    /* rep diagnostics (rep_diag.c) */
    char *rep_column;
    salesplan_estimate_rep *reps;              /* names owned */
    size_t rep_count;
    salesplan_estimate_rep_stage *rep_stages;  /* rep_count x stages; names borrowed */
    long long rep_min_n;                       /* the options used, for the Markdown */
    double rep_q;
};

struct slp_est_ctx {
    const salesplan_estimate_options *o;
    salesplan_estimate *e;
    salesplan_error *err;
    size_t ncols;
    size_t col_id, col_stage, col_created, col_closed, col_amount, col_date;
    size_t ngroups;
    size_t *group_col;      /* header index, or SIZE_MAX when joined */
    uint32_t **join_gid;    /* per group: join row -> group id (joined groups only) */
    size_t *join_tab;       /* per group: its joined table (joined groups only) */
    slp_dict *join_keys;    /* per joined table: key -> row */
    size_t *join_col;       /* per joined table: header index of its key in the export */
    size_t njoins;
    slp_dict stage_values;  /* distinct stage strings seen */
    int *stage_class;       /* per stage string: class or ordered index */
    size_t stage_class_cap;
    const char **order;     /* ordered open stages (borrowed from options) */
    size_t norder;
    const char *won_in_order; /* the won stage named last in the order, or NULL */
    slp_dict *gdict;        /* per group column: value -> group id */
    slp_est_acc **gacc;     /* per group column: group id -> accumulator */
    size_t *gacc_cap;
    slp_est_acc overall;
    /* won deals' amounts and cycle days, for medians: overall and per group column */
    slp_mset amount_all, cycle_all;
    slp_mset *amount_by; /* ngroups */
    slp_mset *cycle_by;  /* ngroups */
    /* per-row scratch */
    uint32_t *row_gid;
    /* caches: dates of created, closed, date; stage classes; group ids per column */
    slp_scache *dcache; /* 3 */
    slp_scache *stage_cache;
    slp_scache *gcache; /* ngroups */
    size_t problem_cap;
    char first_won_spelling[128];
    void *shape_state; /* transitions state */
    /* sniffed or given (estimate_sniff.c) */
    char delim;
    int dmy;
    long long amount_comma, amount_point; /* amounts read with a decimal comma / a point */
    int32_t day_min, day_max;             /* range of the dates read (SLP_NO_DAY: none) */
    int date_undecided;                   /* auto order, nothing in the first chunk decided */
    int date_decided;                     /* auto order, a day or month above 12 decided */
    long long slash_dates;                /* slash dates read (distinct strings) */
    size_t warning_cap;
    /* rep diagnostics (rep_diag.c): the rep column rides as one more group
     * column, appended to a copy of the options when it is not one already */
    size_t rep_group;                /* its group index, SIZE_MAX: no rep column */
    int rep_hidden;                  /* appended: not shown among the groups */
    salesplan_estimate_options rep_opts;
    const char **rep_groups;         /* the copy's group columns */
    long long *rep_counts;           /* transitions: [rep][stage][advanced, lost] */
};

/* Sniff the delimiter and the date order from the buffered start of the input
 * when the options leave them open; sets x->delim and x->dmy. */
int slp_est_sniff(slp_est_ctx *x, slp_csv *csv);
/* Delimiter of a header line: the most frequent of , ; tab | outside quotes
 * (',' on a tie or when none occurs). */
char slp_est_sniff_delimiter(const char *s, size_t n);
/* Evidence for the date order in text: counts of slash dates A/B/YYYY with
 * A > 12 >= B (*dmy) and B > 12 >= A (*mdy). */
void slp_est_sniff_dates(const char *s, size_t n, long *mdy, long *dmy);
/* Add a warning to the estimate (ENOMEM or OK). */
int slp_est_warn(slp_est_ctx *x, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Add item s (n bytes) to the list "A, B, C" being written in buf (size
 * bytes, *w written so far; `first` for the first item). Returns 1, or 0
 * when the item does not fit: then the list ends with "..." and is done. */
int slp_est_list_add(char *buf, size_t size, size_t *w, const char *s, size_t n, int first);
/* End-of-run checks: won/lost names never seen, mixed decimal marks, too many
 * skipped rows; fills the date range. */
int slp_est_final_checks(slp_est_ctx *x);

/* Report a malformed row: counted, kept by line when under max_reported,
 * fatal (SALESPLAN_EDATA) in strict mode. */
int slp_est_skip(slp_est_ctx *x, uint64_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A cached date that did not parse. */
#define SLP_BAD_DATE (INT32_MIN + 2)
/* slp_est_date on a cache miss: parse, fill slot e (NULL: none), widen the date range. */
int slp_est_date_miss(slp_est_ctx *x, slp_scache_entry *e, uint64_t ka, uint64_t kb,
                      const char *s, size_t n, int32_t *day);
/* Parse a date field through a 4-way cache per column (which = 0 created, 1 closed, 2 date);
 * 0, or -1 when it is not a date. A hit leaves the date range alone: the date
 * widened it when it was parsed. */
static inline int slp_est_date(slp_est_ctx *x, int which, const char *s, size_t n, int32_t *day)
{
    uint64_t ka = 0, kb = 0;
    slp_scache_entry *put, *e = slp_scache_find4(&x->dcache[which], s, n, &ka, &kb, &put);
    if (e) {
        *day = e->v;
        return e->v == SLP_BAD_DATE ? -1 : 0;
    }
    return slp_est_date_miss(x, put, ka, kb, s, n, day);
}
/* slp_est_row_groups the long way: joined columns, values not cached yet. */
int slp_est_row_groups_slow(slp_est_ctx *x, const slp_csv_row *row, int *skipped);
/* Resolve the group ids of a row into x->row_gid; SALESPLAN_OK, or the status of
 * slp_est_skip when a value is not UTF-8. *skipped = 1 then. Inline while every
 * value is empty or in its column's cache. */
static inline int slp_est_row_groups(slp_est_ctx *x, const slp_csv_row *row, int *skipped)
{
    for (size_t g = 0; g < x->ngroups; g++) {
        if (x->group_col[g] == SIZE_MAX)
            return slp_est_row_groups_slow(x, row, skipped);
        const slp_csv_field *f = &row->fields[x->group_col[g]];
        if (f->len == 0) {
            x->row_gid[g] = SLP_NO_ID;
            continue;
        }
        uint64_t ka, kb;
        slp_scache_entry *ce = slp_scache_slot(&x->gcache[g], f->ptr, f->len, &ka, &kb);
        if (ce == NULL || !slp_scache_hit(ce, ka, kb, f->len))
            return slp_est_row_groups_slow(x, row, skipped);
        x->row_gid[g] = (uint32_t)ce->v;
    }
    *skipped = 0;
    return SALESPLAN_OK;
}
/* Intern a value of group column g (ESYNTAX when not UTF-8), growing its accumulators. */
int slp_est_group_intern(slp_est_ctx *x, size_t g, const char *s, size_t n, uint32_t *gid);
/* Count a deal in one accumulator. */
static inline void slp_est_acc_add(slp_est_acc *a, int cls, double amount, int32_t cycle)
{
    a->deals++;
    if (cls == SLP_CLASS_WON) {
        a->won++;
        if (!isnan(amount)) {
            a->amount_n++;
            slp_xsum_add(&a->amount, amount);
        }
        if (cycle != SLP_NO_DAY) {
            a->cycle_n++;
            a->cycle_sum += cycle;
        }
    } else if (cls == SLP_CLASS_LOST) {
        a->lost++;
    } else {
        a->open++;
    }
}
/* The error of a failed multiset add: its own status and what it means. */
#if defined(__GNUC__)
__attribute__((cold))
#endif
int slp_est_mset_failed(slp_est_ctx *x, int rc);
/* Count a deal (class won/lost/open) in the overall and group accumulators,
 * and a won deal's amount and cycle (NaN / SLP_NO_DAY: none) in the multisets. */
static inline int slp_est_count(slp_est_ctx *x, const uint32_t *gid, int cls, double amount,
                                int32_t cycle)
{
    slp_est_acc_add(&x->overall, cls, amount, cycle);
    if (cls != SLP_CLASS_WON) {
        for (size_t g = 0; g < x->ngroups; g++)
            if (gid[g] != SLP_NO_ID)
                slp_est_acc_add(&x->gacc[g][gid[g]], cls, amount, cycle);
        return SALESPLAN_OK;
    }
    /* a won deal: each set gets its values in row order, as before */
    int rc, has_amount = !isnan(amount), has_cycle = cycle != SLP_NO_DAY;
    if (has_amount && (rc = slp_mset_add(&x->amount_all, 0, amount)) != SALESPLAN_OK)
        return slp_est_mset_failed(x, rc);
    if (has_cycle && (rc = slp_mset_add(&x->cycle_all, 0, (double)cycle)) != SALESPLAN_OK)
        return slp_est_mset_failed(x, rc);
    for (size_t g = 0; g < x->ngroups; g++) {
        if (gid[g] == SLP_NO_ID)
            continue;
        slp_est_acc_add(&x->gacc[g][gid[g]], cls, amount, cycle);
        if (has_amount && (rc = slp_mset_add(&x->amount_by[g], gid[g], amount)) != SALESPLAN_OK)
            return slp_est_mset_failed(x, rc);
        if (has_cycle &&
            (rc = slp_mset_add(&x->cycle_by[g], gid[g], (double)cycle)) != SALESPLAN_OK)
            return slp_est_mset_failed(x, rc);
    }
    return SALESPLAN_OK;
}
/* 1 when s names a won / lost stage (the options' names, else the defaults). */
int slp_est_is_won(const salesplan_estimate_options *o, const char *s, size_t n);
int slp_est_is_lost(const salesplan_estimate_options *o, const char *s, size_t n);
/* Class of a stage string (cached). */
int slp_est_stage_class(slp_est_ctx *x, const char *s, size_t n, int *cls);
/* Compute figures and groups into x->e from the accumulators and won arrays. */
int slp_est_finish_figures(slp_est_ctx *x);

/* ---- the run, in pieces (estimate_pass.c), and on two threads (estimate_parallel.c) ---- */

int slp_est_check_options(const salesplan_estimate_options *o, salesplan_error *err);
/* Bytes of a version-1 options struct (every field before `threads`). */
#define SLP_EST_OPTIONS_V1_SIZE offsetof(salesplan_estimate_options, threads)
/* ... and of a version-2 struct (every field before `decimal_comma`). */
#define SLP_EST_OPTIONS_V2_SIZE offsetof(salesplan_estimate_options, decimal_comma)
/* A full current-version copy of the caller's options (NULL: defaults): the
 * fields an older struct lacks take their defaults, and an older struct's
 * delimiter 0 keeps meaning ','. An unknown version is copied as version 1
 * with its number kept, for slp_est_check_options to refuse. */
void slp_est_options_normalise(salesplan_estimate_options *dst,
                               const salesplan_estimate_options *src);
/* The thread count asked for: 0 for a version-1 struct, which has none. */
static inline unsigned slp_est_threads(const salesplan_estimate_options *o)
{
    return o->version >= 2 ? o->threads : 0u;
}
int slp_est_ctx_init(slp_est_ctx *x, const salesplan_estimate_options *o, salesplan_error *err);
void slp_est_ctx_free(slp_est_ctx *x); /* x->e is left to the caller */
/* End of a run: free the context, then hand x->e to *out (clearing err) when
 * rc is SALESPLAN_OK, or free it. Returns rc. */
int slp_est_ctx_deliver(slp_est_ctx *x, int rc, salesplan_estimate **out, salesplan_error *err);
/* Header, column mapping, join table. */
int slp_est_read_header(slp_est_ctx *x, slp_csv *csv);
/* Rows to the end, or up to the record starting at byte `stop` (0: none); then
 * *stop_line is that record's line (0 when no record starts exactly there). */
int slp_est_read_body(slp_est_ctx *x, slp_csv *csv, uint64_t stop, uint64_t *stop_line);
/* Figures, groups and funnel from what was read. */
int slp_est_finish(slp_est_ctx *x);
/* One CSV record of the data: an empty one is passed over, any other is
 * counted in info.rows and read by the shape's row reader. */
int slp_est_read_row(slp_est_ctx *x, const slp_csv_row *row, int transitions);
/* Estimate a large regular file on two threads (opts->threads >= 2, snapshot shape, not strict).
 * *done = 0 when the file does not qualify: then nothing happened. */
int slp_est_parallel(salesplan_estimate **out, const char *path,
                     const salesplan_estimate_options *opts, salesplan_error *err, int *done);
/* Fold the counts of `src` into `dst`: gid i of src is map[i] of dst (NULL: same). */
int slp_mset_merge(slp_mset *dst, slp_mset *src, const uint32_t *map);
/* Count value v of group gid n times. */
int slp_mset_add_n(slp_mset *m, uint32_t gid, double v, uint64_t n);
/* The set in canonical form: (group, value, count) runs sorted by group then
 * value, one per distinct pair (*out allocated; free with slp_free). */
typedef struct slp_mset_run {
    uint32_t g;
    double v;
    uint64_t n;
} slp_mset_run;
int slp_mset_runs(slp_mset *m, slp_mset_run **out, size_t *n);

/* ---- shapes ---------------------------------------------------------------- */

int slp_est_snapshot_row(slp_est_ctx *x, const slp_csv_row *row);
/* Checks of a row shared by both shapes (estimate_accum.c); each returns 1
 * when the row was skipped (*rc set). The field count and CSV flags: */
int slp_est_row_shape_bad_slow(slp_est_ctx *x, const slp_csv_row *row, int *rc);
static inline int slp_est_row_shape_bad(slp_est_ctx *x, const slp_csv_row *row, int *rc)
{
    if (row->count == x->ncols && !(row->flags & (SLP_CSV_NUL | SLP_CSV_BADQUOTE)))
        return 0;
    return slp_est_row_shape_bad_slow(x, row, rc);
}
/* The optional amount column (NaN when absent or empty): */
int slp_est_row_amount_slow(slp_est_ctx *x, const slp_csv_row *row, double *amount, int *rc);
static inline int slp_est_row_amount(slp_est_ctx *x, const slp_csv_row *row, double *amount,
                                     int *rc)
{
    /* inline: no column, an empty field, plain digits (no ',' among them, so an
     * automatic decimal mark is a point; no spaces, so nothing to trim) */
    *amount = NAN;
    if (x->col_amount == SIZE_MAX)
        return 0;
    const char *s = row->fields[x->col_amount].ptr;
    size_t n = row->fields[x->col_amount].len;
    if (n == 0)
        return 0;
    int point;
    if (((row->flags & SLP_CSV_TYPED) || x->o->decimal_comma != SALESPLAN_DECIMAL_COMMA) &&
        slp_est_amount_plain(s, n, amount, &point)) {
        x->amount_point += point;
        return 0;
    }
    return slp_est_row_amount_slow(x, row, amount, rc);
}
/* The stage column, trimmed and not empty, and its class: */
int slp_est_row_stage_slow(slp_est_ctx *x, const slp_csv_row *row, const char **s, size_t *n,
                           int *cls, int *rc);
/* 1 and *cls when stage field s (as read, not empty) is in the stage cache. */
static inline int slp_est_stage_cached(slp_est_ctx *x, const char *s, size_t n, int *cls)
{
    uint64_t ka, kb;
    slp_scache_entry *ce = n ? slp_scache_slot(x->stage_cache, s, n, &ka, &kb) : NULL;
    if (ce == NULL || !slp_scache_hit(ce, ka, kb, n))
        return 0;
    *cls = ce->v;
    return 1;
}
static inline int slp_est_row_stage(slp_est_ctx *x, const slp_csv_row *row, const char **s,
                                    size_t *n, int *cls, int *rc)
{
    /* inline while the stage, as read, is in the cache (padded stages are cached
     * as read too, beside their trimmed form); a caller that ignores s and n
     * leaves the trimming to the optimiser to drop */
    *s = row->fields[x->col_stage].ptr;
    *n = row->fields[x->col_stage].len;
    if (slp_est_stage_cached(x, *s, *n, cls)) {
        slp_est_trim(s, n);
        return 0;
    }
    return slp_est_row_stage_slow(x, row, s, n, cls, rc);
}
/* Name of the funnel's won stage. */
const char *slp_est_won_name(const slp_est_ctx *x);
/* Per-deal records of the transitions shape (estimate_transitions.c). */
typedef struct slp_trans_state {
    slp_dict deals;
    size_t nst;          /* ordered stages + the won stage */
    int32_t *entry;      /* deals x nst: first entry day, SLP_NO_DAY, SLP_ENTERED_NODATE */
    int32_t *term_day;   /* day of the terminal event */
    unsigned char *term; /* 0 none, 1 won, 2 lost */
    double *amount;      /* amount of the latest dated row with one (NaN: none) */
    int32_t *amount_day; /* its day */
    uint32_t *gid;       /* deals x ngroups: group of the earliest row with a value */
    int32_t *gday;       /* deals x ngroups: its day */
    size_t cap;
    /* the deal of the last row read: exports list a deal's rows together */
    char last_id[48];
    size_t last_n; /* 0: none */
    uint32_t last_d;
} slp_trans_state;
#define SLP_ENTERED_NODATE (INT32_MIN + 1)
/* One stage-entry row of deal `d` (every rule is order-independent, so rows,
 * and whole deals merged from other states, may come in any order). */
int slp_est_trans_fold(slp_est_ctx *x, slp_trans_state *t, uint32_t d, int k, int cls,
                       int32_t day, double amount, int32_t amount_day, const uint32_t *gid,
                       const int32_t *gday);
/* The deal `id` (new deals start empty); ENOMEM/ELIMIT. */
int slp_est_trans_deal(slp_est_ctx *x, slp_trans_state *t, const char *id, size_t n,
                       uint32_t *d);
int slp_est_transitions_begin(slp_est_ctx *x);
int slp_est_transitions_row(slp_est_ctx *x, const slp_csv_row *row);
int slp_est_transitions_finish(slp_est_ctx *x);
void slp_est_transitions_free(slp_est_ctx *x);

/* ---- rep diagnostics (rep_diag.c, rep_render.c) ----------------------------- */

/* At context set-up: when options name a rep column, point x->o at a copy
 * whose group columns end with it (unless it is one of them). */
int slp_est_reps_setup(slp_est_ctx *x);
void slp_est_reps_ctx_free(slp_est_ctx *x);
/* Transitions: make room for the per-rep stage counts, then count one deal's
 * outcome at stage k (advanced non-zero: it advanced, else it was lost). */
int slp_est_reps_begin(slp_est_ctx *x);
static inline void slp_est_reps_tally(slp_est_ctx *x, const uint32_t *gid, size_t k,
                                      int advanced)
{
    if (x->rep_counts != NULL && gid[x->rep_group] != SLP_NO_ID)
        x->rep_counts[((size_t)gid[x->rep_group] * x->norder + k) * 2 + (advanced ? 0 : 1)]++;
}
/* After the figures: the reps, their tests, q-values, flags and shrunk rates. */
int slp_est_reps_finish(slp_est_ctx *x);
void slp_est_reps_free(salesplan_estimate *e);

/* ---- columns and join (estimate_columns.c) --------------------------------- */

/* Map the header to column roles; fills x->col_* and x->e->cols. */
int slp_est_map_columns(slp_est_ctx *x, const slp_csv_row *header);
/* Load the joined tables when the options ask for them (estimate_join.c). */
int slp_est_load_join(slp_est_ctx *x, const slp_csv_row *header);


#endif
