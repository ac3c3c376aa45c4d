/* Internal: counts keyed by three 32-bit values (an id, another id, a day),
 * for the activity-log accumulator (activity_acc.h). Two parts: a hash table
 * (open addressing, linear probing, 16 bytes a cell) that takes the adds and
 * is never let grow past SLP_ACT_TAB_HASH_CELLS cells, and sorted runs of
 * distinct keys that the hash table is spilled into when full. A run is kept
 * packed: its keys in (a, b, day) order, each written as the difference from
 * the key before it in variable-length bytes (about 3 bytes a key for the
 * links of a log, against 16 in a cell), with every SLP_ACT_TAB_BLOCK-th key
 * also in a small index, so that one key can be found without reading the
 * run from its start. A spill makes a new run until there are
 * SLP_ACT_TAB_RUNS; the next merges them all with it into one, so the runs
 * hold at most SLP_ACT_TAB_RUNS times the distinct keys (no more than they
 * when keys do not come back) and a key is re-packed once every
 * SLP_ACT_TAB_RUNS spills, not at each.
 * A table of few keys (the counts per type, owner and day) stays in the hash
 * table; one of a key per row or so (the deal and account links) costs a few
 * bytes a key, and its adds stay in a table that fits the processor's cache.
 * Memory is bounded by the distinct keys, not by the rows counted. Not
 * installed. */
#ifndef SLP_ACTIVITY_TAB_H
#define SLP_ACTIVITY_TAB_H

#include <stddef.h>
#include <stdint.h>

/* Largest hash part (cells; a power of two): spilled at three quarters load. */
#define SLP_ACT_TAB_HASH_CELLS ((size_t)1 << 16)
/* Runs at most (then merged into one). */
#define SLP_ACT_TAB_RUNS 16
/* Keys of a run between two entries of its index. */
#define SLP_ACT_TAB_BLOCK 128

typedef struct slp_act_cell {
    uint32_t a, b;
    int32_t day;
    uint32_t n; /* the count; 0 = an empty cell */
} slp_act_cell;

/* The first key of a block of a run and where its bytes start. */
typedef struct slp_act_blk {
    uint32_t a, b;
    int32_t day;
    size_t off;
} slp_act_blk;

/* A sorted run: n distinct keys, n > 0 each, packed into bytes[0..len). */
typedef struct slp_act_run {
    unsigned char *bytes;
    size_t len;
    size_t n;
    slp_act_blk *blk; /* (n + SLP_ACT_TAB_BLOCK - 1) / SLP_ACT_TAB_BLOCK entries */
    int32_t day0;     /* the smallest day: days are written from it */
    uint32_t max;     /* the largest count */
} slp_act_run;

typedef struct slp_act_tab {
    slp_act_cell *cell; /* hash part */
    size_t mask;        /* its cells - 1, 0 when unallocated */
    size_t count;       /* its cells in use */
    slp_act_run *run;   /* sorted part: runs, the oldest first */
    size_t nrun, run_cap;
    size_t run_keys;    /* keys in the runs */
    uint64_t run_max;   /* the runs' largest counts summed: no key has more in the runs */
    uint64_t total;     /* every count added, summed: no key has more */
    /* window part: the counts of every key with a < win_a, b < win_b and
     * win_day0 <= day < win_day0 + win_days, by position (0 = none); such
     * keys are never in the other parts. NULL when there is none. */
    uint32_t *win;
    uint32_t win_a, win_b, win_days;
    int32_t win_day0;
    size_t win_keys; /* its counts > 0 */
} slp_act_tab;

/* Add n (>= 1) to the count of (a, b, day). SALESPLAN_OK, SALESPLAN_ENOMEM
 * or SALESPLAN_ELIMIT (a count would pass UINT32_MAX); the counts are then
 * unchanged. */
int slp_act_tab_add(slp_act_tab *t, uint32_t a, uint32_t b, int32_t day, uint32_t n);
void slp_act_tab_free(slp_act_tab *t);
/* Give an empty table a window part for na x nb x ndays keys from day0 (a
 * table of counts per type, owner and day: an add in the window is an
 * increment at a computed place). Nothing is done when the table already
 * holds keys or the window would not fit in memory: the window is a speed-up
 * only. */
void slp_act_tab_window(slp_act_tab *t, uint32_t na, uint32_t nb, int32_t day0, uint32_t ndays);
/* Add every count of src to dst, keys as they are (src is left as it was):
 * src's runs are copied rather than read and added key by key. Tables of
 * many parts may then hold up to 2 * SLP_ACT_TAB_RUNS runs. SALESPLAN_OK,
 * ENOMEM or ELIMIT (dst may then hold part of src). */
int slp_act_tab_merge(slp_act_tab *dst, const slp_act_tab *src);
/* Ask the processor to fetch the cell where (a, b, day) is looked for first
 * (a hint, no effect on the counts). */
void slp_act_tab_prefetch(const slp_act_tab *t, uint32_t a, uint32_t b, int32_t day);

/* Reading one run in key order. */
typedef struct slp_act_dec {
    const unsigned char *p;
    size_t left; /* keys not yet read */
    uint32_t a, b;
    int32_t day, day0;
} slp_act_dec;
void slp_act_dec_init(slp_act_dec *d, const slp_act_run *r);
/* 1 with the next key and its count in *c, 0 at the run's end. */
int slp_act_dec_next(slp_act_dec *d, slp_act_cell *c);

/* Reading the counts: every key held, each run's in key order, then the hash
 * part's in no order, then the window's. A key may be met more than once (in several runs and
 * the hash part): its count is the sum, which never passes UINT32_MAX. */
typedef struct slp_act_iter {
    const slp_act_tab *t;
    size_t run;  /* the run being read; nrun: the hash part */
    size_t cell; /* next hash cell, then next window cell from the hash part's end */
    slp_act_dec d;
} slp_act_iter;
void slp_act_iter_init(slp_act_iter *it, const slp_act_tab *t);
/* 1 with a key and its count (n > 0) in *c, 0 when all were read. */
int slp_act_iter_next(slp_act_iter *it, slp_act_cell *c);

/* Keys held, an upper bound of the distinct keys. */
static inline size_t slp_act_tab_keys(const slp_act_tab *t)
{
    return t->run_keys + t->count + t->win_keys;
}

#endif
