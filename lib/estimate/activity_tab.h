/* Internal: counts keyed by three 32-bit values (an id, another id, a day),
 * for the activity-log accumulator (activity_acc.h). Two parts: a hash table
 * (open addressing, linear probing, 16 bytes a cell) that takes the adds and
 * is never let grow past SLP_ACT_TAB_HASH_CELLS cells, and a sorted array of
 * distinct keys (16 bytes a key, no empty cells) that the hash table is
 * spilled into when full (radix-sorted, merged from the back, in place).
 * A table of few keys (the counts per type, owner and day) stays in the hash
 * table; one of a key per row or so (the deal and account links) costs about
 * 16 bytes a key with no doubling spike, and its adds stay in a table that
 * fits the processor's cache. Memory is bounded by the distinct keys, not by
 * the rows counted. Not installed. */
#ifndef SLP_ACTIVITY_TAB_H
#define SLP_ACTIVITY_TAB_H

#include <stddef.h>
#include <stdint.h>

/* Largest hash part (cells; a power of two): spilled at three quarters load. */
#define SLP_ACT_TAB_HASH_CELLS ((size_t)1 << 17)

typedef struct slp_act_cell {
    uint32_t a, b;
    int32_t day;
    uint32_t n; /* the count; 0 = an empty cell */
} slp_act_cell;

typedef struct slp_act_tab {
    slp_act_cell *cell; /* hash part */
    size_t mask;        /* its cells - 1, 0 when unallocated */
    size_t count;       /* its cells in use */
    slp_act_cell *run;  /* sorted part: distinct keys by (a, b, day), n > 0 */
    size_t run_n, run_cap;
    uint32_t run_max;   /* largest count of the sorted part */
} slp_act_tab;

/* Add n (>= 1) to the count of (a, b, day). SALESPLAN_OK, SALESPLAN_ENOMEM
 * or SALESPLAN_ELIMIT (a count would pass UINT32_MAX); the counts are then
 * unchanged. */
int slp_act_tab_add(slp_act_tab *t, uint32_t a, uint32_t b, int32_t day, uint32_t n);
void slp_act_tab_free(slp_act_tab *t);
/* Ask the processor to fetch the cell where (a, b, day) is looked for first
 * (a hint, no effect on the counts). */
void slp_act_tab_prefetch(const slp_act_tab *t, uint32_t a, uint32_t b, int32_t day);

/* Reading the counts: cells 0..slp_act_tab_cells(t)-1 through slp_act_tab_at;
 * those with n == 0 are empty. A key may be met twice (once in each part):
 * its count is the sum, which never passes UINT32_MAX. */
static inline size_t slp_act_tab_cells(const slp_act_tab *t)
{
    return t->run_n + (t->mask ? t->mask + 1 : 0);
}

static inline const slp_act_cell *slp_act_tab_at(const slp_act_tab *t, size_t i)
{
    return i < t->run_n ? &t->run[i] : &t->cell[i - t->run_n];
}

/* Keys held, an upper bound of the distinct keys. */
static inline size_t slp_act_tab_keys(const slp_act_tab *t)
{
    return t->run_n + t->count;
}

#endif
