/* Internal: counts keyed by three 32-bit values (an id, another id, a day),
 * for the activity-log accumulator (activity_acc.h). Open addressing, linear
 * probing, grown at three quarters load, 16 bytes a cell; memory is bounded by the distinct keys, not by
 * the rows counted. Not installed. */
#ifndef SLP_ACTIVITY_TAB_H
#define SLP_ACTIVITY_TAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct slp_act_cell {
    uint32_t a, b;
    int32_t day;
    uint32_t n; /* the count; 0 = an empty cell */
} slp_act_cell;

typedef struct slp_act_tab {
    slp_act_cell *cell;
    size_t mask; /* cells - 1, 0 when unallocated */
    size_t count;
} slp_act_tab;

/* Add n (>= 1) to the count of (a, b, day). SALESPLAN_OK, SALESPLAN_ENOMEM
 * or SALESPLAN_ELIMIT (a count would pass UINT32_MAX); the table is then
 * unchanged. */
int slp_act_tab_add(slp_act_tab *t, uint32_t a, uint32_t b, int32_t day, uint32_t n);
/* Cells in use are those with n > 0 among cell[0..mask]. */
void slp_act_tab_free(slp_act_tab *t);

#endif
