/* Internal: counts keyed by three 32-bit values (an id, another id, a day),
 * for the activity-log accumulator (activity_acc.h). Open addressing, linear
 * probing, grown at half load; memory is bounded by the distinct keys, not by
 * the rows counted. Not installed. */
#ifndef SLP_ACTIVITY_TAB_H
#define SLP_ACTIVITY_TAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct slp_act_cell {
    uint32_t a, b;
    int32_t day;
    uint32_t used; /* 1 when the cell holds a key */
    uint64_t n;
} slp_act_cell;

typedef struct slp_act_tab {
    slp_act_cell *cell;
    size_t mask; /* cells - 1, 0 when unallocated */
    size_t count;
} slp_act_tab;

/* Add n to the count of (a, b, day). SALESPLAN_OK or SALESPLAN_ENOMEM (the
 * table is then unchanged). */
int slp_act_tab_add(slp_act_tab *t, uint32_t a, uint32_t b, int32_t day, uint64_t n);
/* Cells in use are those with used = 1 among cell[0..mask]. */
void slp_act_tab_free(slp_act_tab *t);

#endif
